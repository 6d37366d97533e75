"""Stage 1, load: read content/ into raw documents that keep their source positions (YAML marks, Markdown
line offsets). Nothing is judged here.

May import: the shared vocabulary (generator, errors, codes, model, formats) only.
"""
