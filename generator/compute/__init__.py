"""Stage 3, compute: figures derived from the model: aggregates of member organs, timeliness, year over year.

May import: the shared vocabulary, load, cache and check.
"""
