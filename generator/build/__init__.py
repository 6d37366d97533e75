"""The orchestrator: calls the stages in order (load → check → compute → render → write), with the caches, in
parallel where it pays; the incremental builder that serve uses.

May import: the shared vocabulary and every stage (load … write).
"""
