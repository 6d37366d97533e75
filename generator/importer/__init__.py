"""Import published reports (HTML, text, PDF or Word; Simplified or Traditional) into report.yaml + zh.md.

A pipeline of its own: decode → headings → extract tables → split run-together digits → write, then validate what
was written. May import: the shared vocabulary and every stage up to build (it validates through the build).
"""
