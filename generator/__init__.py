"""govreport: statutory annual reports on government information disclosure, from YAML and Markdown."""

__version__ = "0.1.0"

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # the generator/ folder (its code is part of every cache key)
TEMPLATES = PACKAGE.parent / "templates"  # the built-in templates, strings and static files
