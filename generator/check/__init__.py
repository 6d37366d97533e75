"""Stage 2, check: raw documents → the typed, frozen model (Site, Organ, Report) and every Diagnostic: schema,
the form's arithmetic (勾稽), narratives, cross-year checks.

May import: the shared vocabulary, load and cache.
"""
