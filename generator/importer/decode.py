"""Read a published report's bytes: find the encoding, and normalise Traditional script and vocabulary to Simplified."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic

# Words that show a text is about government information disclosure, in either script.
_KEYWORDS = ("政府信息公开", "政府信息公開", "政府資訊公開", "政府资讯公开", "年度报告", "年度報告")
# tw2sp maps Taiwan vocabulary to mainland words (規範性檔案 → 规范性文件, 資訊 → 信息); a few of its phrase
# conversions go too far for mirrors of mainland reports. These are put back after it (documented in README).
_AFTER_TW2SP = {"文件馆": "档案馆", "文件局": "档案局", "文件室": "档案室", "规范性文档": "规范性文件",
                "查找事项": "查询事项", "专案数量": "项目数量"}
# Taiwan vocabulary (s2twp mirrors): such a text needs tw2sp's phrase conversion, a plain s2t mirror only t2s.
_TAIWAN_WORDS = ("資訊", "檔案", "軟體", "網路", "視窗", "數位")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a source in Simplified script, with how it was read."""

    path: str
    text: str
    encoding: str
    traditional: bool


@functools.cache
def _converter(config: str) -> object:
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Convert `text` with the OpenCC configuration `config` (e.g. "tw2sp", "s2twp")."""
    return str(_converter(config).convert(text))  # type: ignore[attr-defined]


def is_traditional(text: str) -> bool:
    """True when converting to Simplified changes a noticeable share of the Chinese characters."""
    sample = "".join(ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")
    if not sample:
        return False
    changed = sum(1 for a, b in zip(sample, convert(sample, "t2s"), strict=False) if a != b)
    return changed / len(sample) > 0.02


def to_simplified(text: str) -> str:
    """Traditional script (and Taiwan vocabulary, when used) to Simplified mainland wording; lines are kept."""
    taiwan = any(w in text for w in _TAIWAN_WORDS)
    out = []
    for line in text.split("\n"):
        if taiwan:
            line = convert(line, "tw2sp")
            for wrong, right in _AFTER_TW2SP.items():
                line = line.replace(wrong, right)
        else:
            line = convert(line, "t2s")
        out.append(line)
    return "\n".join(out)


def _score(text: str) -> int:
    return sum(text.count(k) for k in _KEYWORDS)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def decode(data: bytes, path: str) -> tuple[Decoded | None, list[Diagnostic]]:
    """Decode UTF-8 (with or without BOM), GB18030/GBK or Big5; an IMPORT_ENCODING diagnostic when none fits."""
    declared = _CHARSET.search(data[:4096])
    order = ["utf-8", "gb18030", "big5"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        alias = {"gbk": "gb18030", "gb2312": "gb18030", "utf8": "utf-8", "big5": "big5"}.get(name, name)
        if alias in order:
            order.remove(alias)
            order.insert(0, alias)
    found: list[tuple[int, int, str, str]] = []
    first_error: UnicodeDecodeError | None = None
    for i, enc in enumerate(order):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        found.append((_score(text), -i, enc, text))
    if not found:
        offset = first_error.start if first_error else 0
        line, col = _position(data, offset)
        return None, [Diagnostic(
            "error", "IMPORT_ENCODING",
            f"cannot read the source as UTF-8, GB18030/GBK or Big5 (byte 0x{data[offset]:02x} at offset {offset})",
            path, line, col, "save the page as UTF-8 or GB18030 and import it again")]
    enc, text = max(found)[2:]  # the most report words; on a tie, the first encoding tried
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text)
    return Decoded(path, text, enc, traditional), []


def read(path: Path, shown: str) -> tuple[Decoded | None, list[Diagnostic]]:
    """Read and decode the file at `path` (shown in diagnostics as `shown`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic("error", "IMPORT_NOT_A_REPORT", f"cannot read the source: {exc.strerror}", shown,
                                 hint="check the path of the report page")]
    return decode(data, shown)
