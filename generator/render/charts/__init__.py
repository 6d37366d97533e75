"""Charts: the figures of a report or organ as Vega-Lite specs (Altair), converted to inline SVG (vl-convert).

May import: what render may import, and render's own modules.
"""
