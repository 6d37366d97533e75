"""Stage 5, write: the only code that writes the site: files into a new folder swapped in atomically, and the search
index of that folder.

May import: the shared vocabulary and every earlier stage (load, cache, check, compute, render).
"""
