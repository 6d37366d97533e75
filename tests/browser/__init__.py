"""Real-browser tests of the built site (a package, so that its conftest does not shadow tests/conftest.py)."""
