"""govreport: statutory annual reports on government information disclosure, from YAML and Markdown."""

__version__ = "0.1.0"
