"""Cells of a format in words: the table, row and column labels of a cell id, for public pages and messages
that readers see (a cell id such as `t3.results_total.total` is for authors and machines).

May import: the other modules of generator.formats.
"""

from __future__ import annotations

from generator.formats.model import Axis, Format, Label

_SEP = {"zh": ("：", "，", " › "), "en": (": ", ", ", " › ")}


def _path(axis: Axis, lang: str) -> str:
    """A row or column with the group cells above it: `三、本年度办理结果（一）予以公开`."""
    joiner = _SEP["en" if lang == "en" else "zh"][2]
    return joiner.join([*(g.label.get(lang) for g in axis.groups), axis.label.get(lang)])


_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _labels(fmt: Format, lang: str) -> dict[str, str]:
    found = _CACHE.get((fmt.version, lang))
    if found is not None:
        return found
    colon, comma, _ = _SEP["en" if lang == "en" else "zh"]
    out = {}
    for table in fmt.tables.values():
        for row in table.rows:
            for col, cid in table.row_cells[row.id]:
                row_text = _path(row, lang)
                col_text = _path(col, lang)
                where = f"{row_text}{comma}{col_text}" if len(table.columns) > 1 or table.wide else row_text
                out[cid] = f"{table.label.get(lang)}{colon}{where}"
    _CACHE[(fmt.version, lang)] = out
    return out


def cell_label(fmt: Format, cell_id: str, lang: str) -> str:
    """The cell in words in `lang`: `收到和处理政府信息公开申请情况：三、本年度办理结果（七）总计，自然人`; an id the
    format does not have is returned as it is."""
    return _labels(fmt, lang).get(cell_id, cell_id)


def cell_labels(fmt: Format, cell_id: str) -> Label:
    """The cell in words in both languages."""
    return Label(cell_label(fmt, cell_id, "zh"), cell_label(fmt, cell_id, "en"))
