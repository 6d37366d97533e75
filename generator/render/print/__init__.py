"""The print version: a report's PDF from its print HTML.

May import: what render may import, and render's own modules.
"""
