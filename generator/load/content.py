"""Read a content folder: YAML documents with positions, narrative files as text. No checks beyond syntax."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic
from generator.load.paths import ORGAN_ID_TEXT, UnsafePath, inside, read_bytes, real, valid_organ_id
from generator.load.yamlsource import YamlDoc, parse_yaml

_YEAR = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # reports on open government information began in 2008; 9999 has no deadline


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


def _unsafe(shown: str, why: str, diags: list[Diagnostic]) -> None:
    diags.append(Diagnostic("error", "UNSAFE_PATH", f"not read: {why}", shown, 1, 1,
                            "keep the files and folders of the content inside the content folder (copy them in "
                            "instead of linking to them), and use only regular files"))


def _read(base: str, path: Path, shown: str, diags: list[Diagnostic], found_inside: bool = False) -> str | None:
    """The text of a file of the content folder whose real path is `base` (`found_inside`: see read_bytes)."""
    try:
        return read_bytes(path, base, found_inside=found_inside).decode("utf-8-sig")
    except UnsafePath as exc:
        _unsafe(shown, str(exc), diags)
    except UnicodeDecodeError as exc:
        diags.append(Diagnostic("error", "ENCODING", f"the file is not UTF-8 (byte {exc.start})", shown, 1, 1,
                                "save the file as UTF-8 (most editors: File > Save with encoding > UTF-8)"))
    except OSError as exc:
        diags.append(Diagnostic("error", "UNREADABLE", f"cannot read the file: {exc.strerror}", shown, 1, 1,
                                "check the file's permissions"))
    return None


def _present(path: Path) -> bool:
    """A file is there: anything but a folder (a link, a FIFO… is reported when read), dangling links included."""
    return os.path.lexists(path) and not path.is_dir()


def _yaml(base: str, path: Path, shown: str, diags: list[Diagnostic], found_inside: bool = False) -> YamlDoc | None:
    text = _read(base, path, shown, diags, found_inside)
    if text is None:
        return None
    doc, problems = parse_yaml(shown, text)
    diags.extend(problems)
    return doc


def _report(base: str, root: str, organ: str, year_dir: Path, diags: list[Diagnostic]) -> RawReport | None:
    shown_dir = display_path(root, organ, year_dir.name)
    if not _YEAR.fullmatch(year_dir.name) or not FIRST_YEAR <= int(year_dir.name) <= LAST_YEAR:
        diags.append(Diagnostic("error", "BAD_YEAR", f"report folder `{year_dir.name}` is not a reporting year "
                                f"(four digits, {FIRST_YEAR}–{LAST_YEAR})",
                                f"{shown_dir}/report.yaml", 1, 1,
                                "name each report folder after the year it reports on, e.g. `2024`"))
        return None
    report_file = year_dir / "report.yaml"
    doc = None
    if _present(report_file):
        doc = _yaml(base, report_file, f"{shown_dir}/report.yaml", diags, found_inside=True)  # year_dir is inside
    else:
        diags.append(Diagnostic("error", "MISSING_FILE", "report folder has no report.yaml",
                                f"{shown_dir}/report.yaml", 1, 1,
                                "create report.yaml with at least `format:` and `published:`"))
    narratives = []
    for md in sorted(year_dir.glob("*.md")):
        shown = f"{shown_dir}/{md.name}"
        text = _read(base, md, shown, diags, found_inside=True)
        if text is not None:
            narratives.append((md.stem, shown, text))
    return RawReport(organ, int(year_dir.name), shown_dir, doc, tuple(narratives))


def _subdirs(base: str, folder: Path, shown: str = "", diags: list[Diagnostic] | None = None,
             known_inside: bool = False) -> list[Path]:
    """The folders in `folder` (not hidden); a linked one that leaves the content folder is reported and skipped.
    `known_inside`: `folder` is inside the content folder, so only its links need resolving."""
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith((".", "_")) or not entry.is_dir():
            continue
        p = folder / entry.name
        if (entry.is_symlink() or not known_inside) and not inside(base, p):
            if diags is not None:
                _unsafe(f"{shown}/{p.name}", "the folder is a symbolic link to a place outside the content folder",
                        diags)
            continue
        found.append(p)
    return found


def load_site(root: str) -> tuple[YamlDoc | None, list[str], list[Diagnostic]]:
    """Read `site.yaml` and list the organ folders (those with organ.yaml or report folders)."""
    diags: list[Diagnostic] = []
    base, shown_root = real(root), display_path(root) or "."
    site_file = Path(root) / "site.yaml"
    site = None
    if _present(site_file):
        site = _yaml(base, site_file, display_path(root, "site.yaml"), diags)
    else:
        diags.append(Diagnostic("error", "MISSING_FILE", f"no site.yaml in `{root}`", display_path(root, "site.yaml"),
                                1, 1, "is this the content folder? it must hold site.yaml and one folder per organ"))
    folders = _subdirs(base, Path(root), shown_root, diags, known_inside=True) if Path(root).is_dir() else []
    organs = []
    for d in folders:  # other folders (e.g. shared images) are not organs
        if not (_present(d / "organ.yaml") or _subdirs(base, d, known_inside=True)):
            continue
        if valid_organ_id(d.name):
            organs.append(d.name)
        else:
            diags.append(Diagnostic("error", "BAD_ORGAN_ID", f"organ folder `{d.name[:80]}` is not an organ id; "
                                    "it was not read", display_path(root, d.name), 1, 1,
                                    f"rename the folder: an organ id is made of {ORGAN_ID_TEXT}"))
    return site, organs, diags


def load_organ(root: str, organ: str) -> tuple[RawOrgan, list[Diagnostic]]:
    """Read one organ folder: organ.yaml and every report folder; collect syntax problems, never stop early."""
    diags: list[Diagnostic] = []
    base = real(root)
    organ_dir = Path(root) / organ
    organ_file = organ_dir / "organ.yaml"
    known = inside(base, organ_dir)  # listed by load_site, but maybe in another process: resolved once here
    has_file = _present(organ_file)
    doc = _yaml(base, organ_file, display_path(root, organ, "organ.yaml"), diags, known) if has_file else None
    reports = [r for y in _subdirs(base, organ_dir, display_path(root, organ), diags, known_inside=known)
               if (r := _report(base, root, organ, y, diags)) is not None]
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
