"""The command line: parses arguments, runs a command, prints diagnostics and turns them into exit codes.

May import: anything in generator/ (it is the top of the pipeline).
"""
