"""Charts: the figures of a report, organ or portal drawn as inline SVG (laid out here, with the font's metrics).

May import: what render may import, and render's own modules.
"""
