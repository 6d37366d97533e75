"""Stage 4, render: the model → bytes: HTML pages (Jinja2), narrative HTML, open data, charts (charts/) and the
print version (print/). Writes nothing.

May import: the shared vocabulary, load, cache, check and compute.
"""
