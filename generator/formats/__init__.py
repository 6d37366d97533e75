"""The statutory report formats, loaded from the data files beside this module (one file per revision).

Part of the vocabulary every stage shares. May import: generator.errors only (and its own modules: `model`, the
typed objects; `roles`, what charts, YoY and the narrative check read; `load`, reading a data file).
The objects are importable from here: every stage names them `generator.formats.Format`, `Label`, ….
"""

from __future__ import annotations

import copyreg
import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

from generator.formats.load import parse_format
from generator.formats.model import (
    Axis,
    Format,
    FormatError,
    Group,
    Label,
    NarrativeCheck,
    Rule,
    RuleInstance,
    Section,
    TableDef,
    Term,
)
from generator.formats.roles import AppealRoles, RequestRoles, Roles

__all__ = ["FORMATS_DIR", "LEGACY", "AppealRoles", "Axis", "Format", "FormatError", "Group", "Label",
           "NarrativeCheck", "RequestRoles", "Roles", "Rule", "RuleInstance", "Section", "TableDef", "Term",
           "available", "for_year", "get", "latest"]

# Where the revisions are read from: every *.yaml here is one (tests point it at a folder of their own).
FORMATS_DIR = Path(__file__).parent
LEGACY = "legacy"


@functools.cache
def available() -> Mapping[str, Format]:
    """Every format revision found in this folder, keyed by version ("2019", "2021", …)."""
    found: dict[str, Format] = {}
    for path in sorted(FORMATS_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        fmt = parse_format(data, path.name)
        found[fmt.version] = fmt
    return MappingProxyType(found)


def get(version: str) -> Format:
    """The format revision `version`; KeyError if there is none."""
    return available()[version]


def for_year(year: int) -> Format:
    """The revision that applies to reports on `year` (the latest for years after every revision's start)."""
    fitting = [f for f in available().values()
               if f.first_report_year <= year <= (f.last_report_year or year)]
    return max(fitting, key=lambda f: f.first_report_year) if fitting else latest()


def latest() -> Format:
    """The newest revision (used for legacy reports' part titles)."""
    return available()[max(available())]


# A Format is sent between processes by its version: the receiver has the same data files loaded.
copyreg.pickle(Format, lambda fmt: (get, (fmt.version,)))
