"""Read and check narrative files: part headings, required parts, figure references, required mentions."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from generator.errors import Diagnostic, did_you_mean
from generator.formats import Format, NarrativeCheck, Section
from generator.load.parts import match_section, references, split_parts
from generator.model import Narrative, Part

_LANG_NAMES = {"zh": "Chinese", "en": "English"}


def _slug(heading: str, index: int) -> str:
    text = re.sub(r"[^0-9a-z]+", "-", heading.casefold()).strip("-")
    return f"part-{index}" if not text else text[:40]


def read_narrative(lang: str, file: str, text: str, sections: Sequence[Section], *, legacy: bool,
                   diags: list[Diagnostic]) -> Narrative:
    """Split a narrative file into parts, checking headings (free headings are allowed in legacy reports)."""
    parts: list[Part] = []
    seen: dict[str, int] = {}
    numbers = {s.id: s.number for s in sections}
    last_number = 0
    for index, raw in enumerate(split_parts(text)):
        if not raw.heading:
            parts.append(Part("lead", "", raw.body, raw.line))
            continue
        section_id = match_section(raw.heading, sections)
        if section_id is None:
            if not legacy:
                names = [s.label.get(lang) for s in sections]
                diags.append(Diagnostic("error", "NARRATIVE_HEADING",
                                        f"`## {raw.heading}` does not name a part of the report"
                                        f"{did_you_mean(raw.heading, names)}", file, raw.line, 1,
                                        "start each part with its title or number, e.g. `## 一、总体情况` or "
                                        "`## I. Overview`; use `###` for headings inside a part"))
                continue
            section_id = _slug(raw.heading, index)
        elif section_id in seen:
            diags.append(Diagnostic("error", "NARRATIVE_DUPLICATE_PART", f"part `{raw.heading}` appears twice "
                                    f"(first at line {seen[section_id]})", file, raw.line, 1,
                                    "merge the two parts into one"))
            continue
        else:
            number = numbers[section_id]
            if number < last_number:
                diags.append(Diagnostic("error", "NARRATIVE_ORDER", f"part `{raw.heading}` comes after a later "
                                        "part", file, raw.line, 1,
                                        "the six parts are fixed by the format: keep them in the order 一 to 六"))
            last_number = max(last_number, number)
        seen[section_id] = raw.line
        parts.append(Part(section_id, raw.heading, raw.body, raw.line))
    return Narrative(lang, file, tuple(parts))


def check_required(narrative: Narrative, fmt: Format, diags: list[Diagnostic]) -> None:
    """Parts 一、五、六 must be present and non-empty (an explicit 无 is fine)."""
    for section_id in fmt.required_narrative:
        section = fmt.section(section_id)
        part = narrative.part(section_id)
        title = section.label.get(narrative.lang)
        if part is None:
            diags.append(Diagnostic("warning", "NARRATIVE_PART_MISSING",
                                    f"{_LANG_NAMES.get(narrative.lang, narrative.lang)} narrative has no part "
                                    f"`{title}`", narrative.file, 1, 1,
                                    f"add `## {title}` with its text; write `无。`/`None.` if there is nothing "
                                    "to report"))
        elif not part.markdown.strip():
            diags.append(Diagnostic("warning", "NARRATIVE_PART_MISSING", f"part `{part.heading}` is empty",
                                    narrative.file, part.line, 1,
                                    "write its text, or `无。`/`None.` if there is nothing to report"))
        elif all(not line.strip() or line.lstrip().startswith("#") for line in part.markdown.splitlines()):
            diags.append(Diagnostic("warning", "NARRATIVE_PART_MISSING", f"part `{part.heading}` has headings but "
                                    "no text", narrative.file, part.line, 1,
                                    "write the text under each heading (`govreport new` leaves them empty)"))


def check_references(narrative: Narrative, text: str, known: Collection[str], example: str,
                     diags: list[Diagnostic]) -> None:
    """Every `{{ name }}` must name a cell id or `highlights.<id>` of this report (`example`: a cell id to show)."""
    for name, line, col in references(text, skip=known):
        diags.append(Diagnostic("error", "UNKNOWN_REFERENCE", f"`{{{{ {name} }}}}` names no figure of this "
                                f"report{did_you_mean(name, known)}", narrative.file, line, col,
                                f"quote a cell id such as `{example}`, or `highlights.<id>`"))


def check_mentions(narratives: dict[str, Narrative], checks: Sequence[NarrativeCheck],
                   diags: list[Diagnostic]) -> None:
    """Mentions the format requires (e.g. 信息处理费 in part 六 of the Chinese text)."""
    for check in checks:
        narrative = narratives.get(check.language)
        part = narrative.part(check.section) if narrative else None
        if narrative is None or part is None:
            continue  # reported as a missing file or part
        if check.must_mention not in part.markdown:
            diags.append(Diagnostic(check.severity, check.id, check.says or f"part {check.section} does not "
                                    f"mention {check.must_mention}", narrative.file, part.line, 1, check.hint))
