"""What a report.yaml says beside its tables: highlights (KPI cards), notes printed beside cells, and
acknowledged discrepancies of the published original."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.check.keys import ACK_KEYS, HIGHLIGHT_KEYS
from generator.check.rules import Acknowledgement
from generator.check.schema import DocReader
from generator.errors import did_you_mean
from generator.formats import Format, Label
from generator.model import Highlight

_ID = re.compile(r"[a-z0-9_]+")


def read_highlights(r: DocReader, value: Any, languages: Sequence[str]) -> tuple[Highlight, ...]:
    if not isinstance(value, list):
        r.error("WRONG_TYPE", f"`highlights` must be a list, found a {type(value).__name__}", ("highlights",),
                "start each highlight with `- id: …`")
        return ()
    out, seen = [], set()
    for i, item in enumerate(value):
        path = ("highlights", i)
        m = r.mapping(item, path, required=HIGHLIGHT_KEYS[:3], optional=HIGHLIGHT_KEYS[3:],
                      what=f"highlight {i + 1}")
        hid = m.get("id")
        if hid is not None and (not isinstance(hid, str) or not _ID.fullmatch(hid)):
            r.error("BAD_VALUE", f"highlight id must use a-z, 0-9 and _, found {hid!r}", path + ("id",),
                    "e.g. `id: new_media_accounts`")
            hid = None
        elif hid in seen:
            r.error("BAD_VALUE", f"highlight id `{hid}` is used twice", path + ("id",),
                    "give each highlight its own id")
            hid = None
        seen.add(hid)
        label = r.label(m["label"], path + ("label",), languages) if "label" in m else None
        number = None
        if "value" in m and m["value"] is None:  # not known yet (e.g. made by `govreport new`): kept out
            r.warning("BLANK_HIGHLIGHT", f"highlight `{hid}` has no value yet: it is not shown", path + ("value",),
                      "write this year's figure, or remove the highlight")
        elif "value" in m:
            number = r.number(m["value"], path + ("value",), integer=False, signed=True, what="`value`")
        unit = r.label(m["unit"], path + ("unit",), languages) if "unit" in m else None
        previous = r.number(m["previous"], path + ("previous",), integer=False, signed=True, what="`previous`") \
            if m.get("previous") is not None else None
        approximate = m.get("approximate", False)
        if not isinstance(approximate, bool):
            r.error("WRONG_TYPE", "`approximate` must be true or false", path + ("approximate",), "")
            approximate = False
        if hid and label and number is not None:
            out.append(Highlight(hid, label, number, unit, previous, approximate))
    return tuple(out)


def read_acknowledgements(r: DocReader, value: Any, fmt: Format, languages: Sequence[str]) -> list[Acknowledgement]:
    if not isinstance(value, list):
        r.error("WRONG_TYPE", "`acknowledged` must be a list", ("acknowledged",), "start each entry with `- rule: …`")
        return []
    rule_ids = [rule.id for rule in fmt.rules if rule.kind == "equation"] + [c.id for c in fmt.narrative_checks]
    out = []
    for i, item in enumerate(value):
        path = ("acknowledged", i)
        m = r.mapping(item, path, required=ACK_KEYS[:2], optional=ACK_KEYS[2:], what=f"acknowledgement {i + 1}")
        rule = m.get("rule")
        if rule is not None and rule not in rule_ids:
            r.error("UNKNOWN_RULE", f"no rule `{rule}` in the {fmt.version} format{did_you_mean(str(rule), rule_ids)}",
                    path + ("rule",), f"rules: {', '.join(rule_ids)}")
            rule = None
        cells = m.get("cells") or []
        if not isinstance(cells, list) or any(not isinstance(c, str) or c not in fmt.cell_types for c in cells):
            bad = cells if not isinstance(cells, list) else next(c for c in cells
                                                                if not isinstance(c, str) or c not in fmt.cell_types)
            r.error("UNKNOWN_CELL", f"`cells` must list cell ids of the form, found {bad!r}"
                    f"{did_you_mean(str(bad), fmt.cell_types)}", path + ("cells",),
                    f"e.g. `[{fmt.roles.requests.cell(fmt.roles.requests.results_total)}]`")
            cells = []
        reason = r.label(m["reason"], path + ("reason",), languages) if "reason" in m else None
        if rule and reason:
            out.append(Acknowledgement(rule, frozenset(cells), reason, i))
    return out


def read_notes(r: DocReader, value: Any, fmt: Format, languages: Sequence[str]) -> dict[str, Label]:
    m = r.mapping(value, ("notes",), optional=list(fmt.cell_types), what="`notes`")
    return {cid: label for cid, v in m.items() if cid in fmt.cell_types
            and (label := r.label(v, ("notes", cid), languages)) is not None}
