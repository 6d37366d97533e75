"""Read a content folder: YAML documents with positions, narrative files as text. No checks beyond syntax."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic
from generator.load.yamlsource import YamlDoc, parse_yaml

_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class RawReport:
    """One report folder: `report.yaml` and the narrative files, unchecked."""

    organ: str
    year: int
    dir: str
    doc: YamlDoc | None
    narratives: tuple[tuple[str, str, str], ...]  # (lang, display path, text)


@dataclass(frozen=True)
class RawOrgan:
    """One organ folder: `organ.yaml` (None if absent or unreadable) and its report folders."""

    id: str
    dir: str
    doc: YamlDoc | None
    has_file: bool
    reports: tuple[RawReport, ...]


@dataclass(frozen=True)
class RawContent:
    """The whole content folder as read from disk."""

    root: str
    site: YamlDoc | None
    organs: tuple[RawOrgan, ...]


def display_path(root: str, *parts: str) -> str:
    """The path shown in diagnostics: as the user gave the root, with `/` separators."""
    return "/".join([root.rstrip("/\\").replace(os.sep, "/"), *parts]) if root not in ("", ".") else "/".join(parts)


def _read(path: Path, shown: str, diags: list[Diagnostic]) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        diags.append(Diagnostic("error", "ENCODING", f"the file is not UTF-8 (byte {exc.start})", shown, 1, 1,
                                "save the file as UTF-8 (most editors: File > Save with encoding > UTF-8)"))
    except OSError as exc:
        diags.append(Diagnostic("error", "UNREADABLE", f"cannot read the file: {exc.strerror}", shown, 1, 1,
                                "check the file's permissions"))
    return None


def _yaml(path: Path, shown: str, diags: list[Diagnostic]) -> YamlDoc | None:
    text = _read(path, shown, diags)
    if text is None:
        return None
    doc, problems = parse_yaml(shown, text)
    diags.extend(problems)
    return doc


def _report(root: str, organ: str, year_dir: Path, diags: list[Diagnostic]) -> RawReport | None:
    shown_dir = display_path(root, organ, year_dir.name)
    if not _YEAR.fullmatch(year_dir.name):
        diags.append(Diagnostic("error", "BAD_YEAR", f"report folder `{year_dir.name}` is not a four-digit year",
                                f"{shown_dir}/report.yaml", 1, 1,
                                "name each report folder after the year it reports on, e.g. `2024`"))
        return None
    report_file = year_dir / "report.yaml"
    doc = None
    if report_file.is_file():
        doc = _yaml(report_file, f"{shown_dir}/report.yaml", diags)
    else:
        diags.append(Diagnostic("error", "MISSING_FILE", "report folder has no report.yaml",
                                f"{shown_dir}/report.yaml", 1, 1,
                                "create report.yaml with at least `format:` and `published:`"))
    narratives = []
    for md in sorted(year_dir.glob("*.md")):
        shown = f"{shown_dir}/{md.name}"
        text = _read(md, shown, diags)
        if text is not None:
            narratives.append((md.stem, shown, text))
    return RawReport(organ, int(year_dir.name), shown_dir, doc, tuple(narratives))


def _subdirs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_site(root: str) -> tuple[YamlDoc | None, list[str], list[Diagnostic]]:
    """Read `site.yaml` and list the organ folders (those with organ.yaml or report folders)."""
    diags: list[Diagnostic] = []
    base = Path(root)
    site_file = base / "site.yaml"
    site = None
    if site_file.is_file():
        site = _yaml(site_file, display_path(root, "site.yaml"), diags)
    else:
        diags.append(Diagnostic("error", "MISSING_FILE", f"no site.yaml in `{root}`", display_path(root, "site.yaml"),
                                1, 1, "is this the content folder? it must hold site.yaml and one folder per organ"))
    organs = [d.name for d in (_subdirs(base) if base.is_dir() else ())
              if (d / "organ.yaml").is_file() or _subdirs(d)]  # other folders (e.g. shared images) are not organs
    return site, organs, diags


def load_organ(root: str, organ: str) -> tuple[RawOrgan, list[Diagnostic]]:
    """Read one organ folder: organ.yaml and every report folder; collect syntax problems, never stop early."""
    diags: list[Diagnostic] = []
    organ_dir = Path(root) / organ
    organ_file = organ_dir / "organ.yaml"
    has_file = organ_file.is_file()
    doc = _yaml(organ_file, display_path(root, organ, "organ.yaml"), diags) if has_file else None
    reports = [r for y in _subdirs(organ_dir) if (r := _report(root, organ, y, diags)) is not None]
    return RawOrgan(organ, display_path(root, organ), doc, has_file, tuple(reports)), diags


def load(root: str) -> tuple[RawContent, list[Diagnostic]]:
    """Read the whole content folder (site.yaml, organ folders, report folders) in this process."""
    site, names, diags = load_site(root)
    organs = []
    for name in names:
        organ, problems = load_organ(root, name)
        organs.append(organ)
        diags.extend(problems)
    return RawContent(root, site, tuple(organs)), diags
