"""The content-addressed cache store: digests of content files, and entries keyed by the hash of their inputs
and of the code that uses them. It knows nothing of what it stores.

May import: the shared vocabulary and load.
"""
