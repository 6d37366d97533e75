"""Public pages speak the page's language only: no diagnostic code, cell id or repository path in the text of any
built page (zh and en) or PDF, and no text in the other language outside a short, explicit allow-list. Both the
sample site and the site of tests/fixtures/aggregate (a report computed from its member organs') are scanned.

Attributes (`title`, `data-rule`) may carry codes for evaluators: only the text a reader sees is scanned.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import formats
from generator.build.pipeline import build
from generator.codes import CODES
from generator.render.print.pdf import PdfOptions

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
AGGREGATE = ROOT / "tests" / "fixtures" / "aggregate"  # a computed aggregate report: the sample has none

CODE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True)) + r")\b")
CELL_IDS = {cid for version in formats.available() for cid in formats.get(version).cell_types}
_PART = r"(?:[a-z_]+|\{[a-z]\})"
CELL = re.compile(rf"\bt[0-9][0-9a-z_]*\.{_PART}\.{_PART}")
PATH = re.compile(r"(?:\bseeds/|\bcontent/|[\w-]\.ya?ml\b|[\w-]\.md\b)")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z]{2,}")
# The allow-list, kept short. On English pages: the organs' Chinese names (their official names, quoted) and
# the format's document numbers (国办公开办函〔2019〕60号, a citation). On Chinese pages: the brand, file
# kinds, and words that Chinese official texts write in Latin letters.
EN_ALLOWED_HAN = ("国办公开办函", "号")
ZH_ALLOWED_WORDS = {"govreport", "http", "https", "PDF", "JSON", "CSV", "Schema", "KB", "JavaScript", "Frictionless", "LED", "APP",
                    "App", "app", "PC", "CASS", "WeChat", "OA", "WORD", "AI"}


@pytest.fixture(scope="module", params=[CONTENT, AGGREGATE], ids=["sample", "aggregate"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(content folder, site built from it with its PDFs)."""
    out = tmp_path_factory.mktemp("public-text") / "site"
    validation, written = build(str(request.param), str(out), search=False, pdf=PdfOptions())
    assert written is not None, validation.diagnostics
    return request.param, out


def page_text(path: Path) -> str:
    """What a reader of the page sees (and hears): the text of the body, without another language's marked
    parts (the language switch) and without the original report's URL."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    lang = soup.html.get("lang", "") if soup.html else ""
    for tag in soup.select("script, style, a.url"):
        tag.decompose()
    for tag in soup.select("[lang]"):
        if tag.name != "html" and tag.get("lang") != lang:
            tag.decompose()
    body = soup.body
    if body is None:
        return ""
    # what a tooltip shows and a screen reader says: titles, labels, alternative texts, placeholders
    said = [str(tag.get(a)) for a in ("title", "aria-label", "alt", "placeholder") for tag in body.select(f"[{a}]")]
    return " ".join([body.get_text(" ", strip=True), *said])


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def internal(text: str) -> list[str]:
    """Diagnostic codes, cell ids and repository paths in a text."""
    found = [m.group(0) for m in CODE.finditer(text)]
    found += [m.group(0) for m in CELL.finditer(text) if m.group(0) in CELL_IDS or "{" in m.group(0)]
    found += [m.group(0) for m in PATH.finditer(text)]
    return found


def _licence(content: Path) -> str:
    return str(yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8")).get("licence") or "")


def other_language(text: str, lang: str, organ_names: list[str], licence: str = _licence(CONTENT)) -> list[str]:
    if lang == "en":
        for allowed in (*organ_names, *EN_ALLOWED_HAN):
            text = text.replace(allowed, " ")
        return sorted({text[max(0, m.start() - 12): m.end() + 12] for m in HAN.finditer(text)})
    if licence:
        text = text.replace(licence, " ")  # the licence's identifier, as site.yaml names it
    return sorted({w for w in WORD.findall(text) if w not in ZH_ALLOWED_WORDS})


def _organ_names(content: Path = CONTENT) -> list[str]:
    names = []
    for path in content.glob("*/organ.yaml"):
        name = yaml.safe_load(path.read_text(encoding="utf-8")).get("name")
        names.append(name.get("zh", "") if isinstance(name, dict) else str(name))
    return sorted(filter(None, names), key=len, reverse=True)


def test_pages_show_no_internal_text_and_only_their_language(built: tuple[Path, Path]) -> None:
    content, site = built
    problems = []
    names, licence = _organ_names(content), _licence(content)
    pages = sorted(site.glob("zh/**/*.html")) + sorted(site.glob("en/**/*.html"))
    assert len(pages) >= 40
    for path in pages:
        lang = path.relative_to(site).parts[0]
        text = page_text(path)
        rel = path.relative_to(site)
        if found := internal(text):
            problems.append(f"{rel}: internal text {found[:5]}")
        if found := other_language(text, lang, names, licence):
            problems.append(f"{rel}: other language {found[:8]}")
    assert not problems, "\n".join(problems)


def test_pdfs_show_no_internal_text(built: tuple[Path, Path]) -> None:
    _, site = built
    pdfs = sorted(site.glob("*/**/*.pdf"))
    assert pdfs
    problems = [f"{p.relative_to(site)}: {found[:5]}" for p in pdfs if (found := internal(pdf_text(p)))]
    assert not problems, "\n".join(problems)


URL = re.compile(r"https?://\S+|www\.\S+")
BROKEN = re.compile(r"(?<=[\u3400-\u9fff（〔])\n(?=[\u3400-\u9fff〔〕）0-9])")  # a line broken inside Chinese


def test_pdfs_speak_their_language(built: tuple[Path, Path]) -> None:
    content, site = built
    names, licence = _organ_names(content), _licence(content)
    problems = []
    for path in sorted(site.glob("*/**/*.pdf")):
        lang = path.relative_to(site).parts[0]
        text = BROKEN.sub("", URL.sub(" ", pdf_text(path)))  # an address is no language; PDF lines break anywhere
        if found := other_language(text, lang, names, licence):
            problems.append(f"{path.relative_to(site)}: {found[:5]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("text", "bad"), [
    ("(T3_RESULTS_SUM · t3.results_total.natural_person = 20)", True), ("X_T3_CARRY_CHAIN", True),
    ("t2_art20_1.regulations.valid", True), ("sum of t3.{r}.natural_person", True),
    ("seeds/002_c44ede4c9c57f811.txt", True), ("content/pingtan/2020/report.yaml", True),
    ("www.pingtan.gov.cn 2.5 t3", False), ("第二十条第（一）项：规章，本年新制作数量", False)])
def test_the_scanner_finds_internal_text(text: str, bad: bool) -> None:
    assert bool(internal(text)) is bad
