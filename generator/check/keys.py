"""Every key of the content format, by the file (or the list entry) it is written in.

The handbook documents each key; a test checks that every key the checks accept is declared here.
"""

from __future__ import annotations

SITE_KEYS = ("title", "languages", "default_language", "publisher", "similarity_threshold", "licence", "footer")
# the portal's identification in every page footer (what a Chinese government site must show)
FOOTER_KEYS = ("sponsor", "operator", "site_code", "icp", "police", "contact")
FOOTER_LABELS = ("sponsor", "operator", "contact")  # written {zh: …, en: …}; the others are numbers as issued
ORGAN_KEYS = ("name", "kind", "parent", "members", "since")
REPORT_KEYS = ("format", "published", "scope", "title", "source", "tables", "notes", "highlights", "acknowledged")
HIGHLIGHT_KEYS = ("id", "label", "value", "unit", "previous", "approximate")
ACK_KEYS = ("rule", "reason", "cells")
SOURCE_KEYS = ("document", "url", "note")
# Every key of the content format, by where it is written (the handbook documents each; a test checks it).
CONTENT_KEYS = {"site.yaml": SITE_KEYS, "organ.yaml": ORGAN_KEYS, "report.yaml": REPORT_KEYS,
                "footer": FOOTER_KEYS, "highlights": HIGHLIGHT_KEYS, "acknowledged": ACK_KEYS, "source": SOURCE_KEYS}
ORGAN_KINDS = ("government", "department")
SCOPES = ("own", "aggregate")
