"""The built site's HTML, checked with CSS selectors: document structure, the statutory tables, links.

The sample `content/` is built once for the module; a second build (a copy with one en.md removed) checks
the missing-narrative case.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.pipeline import build
from generator.model import Report, Site
from generator.render.narrative import amount_text
from generator.render.paths import relative as _relative
from generator.render.print.pdf import PdfOptions

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
STRINGS = yaml.safe_load((ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))

LANGS = {"zh": "zh-CN", "en": "en"}
OTHER = {"zh": "en", "en": "zh"}
REPORTS = [("guangzhou", 2019), ("guangzhou-office", 2020), ("pingtan", 2019), ("pingtan", 2020),
           ("pingtan", 2021), ("pingtan", 2022), ("pingtan", 2025), ("shenzhen", 2018)]
LEGACY = [("guangzhou", 2019), ("shenzhen", 2018)]
STATUTORY = [r for r in REPORTS if r not in LEGACY]
PAGES = [(lang, organ, year) for organ, year in REPORTS for lang in LANGS]
STATUTORY_PAGES = [(lang, organ, year) for organ, year in STATUTORY for lang in LANGS]

# td.num per table, by format
NUM_CELLS = {"2021": {"t2": 10, "t3": 175, "t4": 15}, "2019": {"t2": 22, "t3": 161, "t4": 15}}
# the Pagefind bundle (generator.write.search): its links are checked when the build wrote it
SEARCH_BUNDLE = "pagefind/"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def page_id(p: tuple[str, str, int]) -> str:
    return f"{p[0]}-{p[1]}-{p[2]}"


def report_path(lang: str, organ: str, year: int) -> str:
    return f"{lang}/{organ}/{year}/index.html"


class Pages:
    """Every HTML page of the site by site path, each parsed when first read."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.paths = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
        self.paths = [p for p in self.paths if not p.startswith(SEARCH_BUNDLE)]
        self._parsed: dict[str, BeautifulSoup] = {}

    def __getitem__(self, path: str) -> BeautifulSoup:
        if path not in self._parsed:
            if path not in self.paths:
                raise KeyError(path)
            self._parsed[path] = BeautifulSoup((self.out / path).read_text(encoding="utf-8"), "html.parser")
        return self._parsed[path]

    def items(self) -> Iterator[tuple[str, BeautifulSoup]]:
        return ((path, self[path]) for path in self.paths)


class Built:
    """A built site: its folder, the validated model, and every HTML page parsed once."""

    def __init__(self, out: Path, site: Site) -> None:
        self.out = out
        self.site = site
        self.reports: dict[tuple[str, int], Report] = {(r.organ, r.year): r for r in site.reports()}
        self.pages = Pages(out)

    def page(self, lang: str, organ: str, year: int) -> BeautifulSoup:
        return self.pages[report_path(lang, organ, year)]

    def data(self, organ: str, year: int) -> dict[str, object]:
        doc: dict[str, object] = json.loads((self.out / "data" / f"{organ}-{year}.json").read_text(encoding="utf-8"),
                                            parse_float=Decimal)
        return doc


def build_site(content: Path, out: Path) -> Built:
    validation, written = build(str(content), str(out), pdf=PdfOptions())  # as `make site`: PDFs cached
    assert written is not None, [d for d in validation.diagnostics if d.severity == "error"]
    assert validation.site is not None
    return Built(out, validation.site)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(CONTENT, tmp_path_factory.mktemp("html") / "site")


def resolve(here: str, href: str) -> tuple[str, str]:
    """A relative URL of the page at site path `here` as (site path, fragment); "" path = the page itself."""
    parts = urlsplit(href)
    if not parts.path:
        return here, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
    if parts.path.endswith("/"):
        target += "/"
    return target, parts.fragment


def num_cells(table: Tag) -> list[Tag]:
    return table.select("td.num")


def shown_number(text: str) -> Decimal:
    """A figure as a page shows it (10,690; 1500万; 10.573 million) as a number."""
    text = text.replace(",", "")
    if text.endswith(" million"):
        return Decimal(text.removesuffix(" million")) * 1_000_000
    return Decimal(text[:-1]) * 10000 if text.endswith("万") else Decimal(text)


def own_text(tag: Tag) -> str:
    """The text of the tag itself, without its child elements (cell notes, computed marks, hidden text)."""
    return "".join(s for s in tag.find_all(string=True, recursive=False)).strip()


def header_rows(table: Tag) -> list[list[tuple[str, int, int]]]:
    """The thead as rows of (text, rowspan, colspan)."""
    return [[(th.get_text(strip=True), int(th.get("rowspan", 1)), int(th.get("colspan", 1)))
             for th in tr.find_all("th", recursive=False)] for tr in table.select("thead > tr")]


def grid_width(rows: list[Tag]) -> int:
    """Lay out rows of a row group as the browser does; every row must be exactly as wide as the first."""
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["th", "td"], recursive=False):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            assert r + rowspan <= len(rows), f"rowspan runs past the row group: {cell}"
            for i in range(rowspan):
                for j in range(colspan):
                    assert (r + i, c + j) not in taken, f"overlapping cells at {cell}"
                    taken.add((r + i, c + j))
            c += colspan
    widths = {r: sorted(c for rr, c in taken if rr == r) for r in range(len(rows))}
    first = len(widths[0])
    for r, cols in widths.items():
        assert cols == list(range(first)), f"row {r} covers columns {cols}, expected 0..{first - 1}"
    return first


def links(soup: BeautifulSoup) -> Iterator[tuple[Tag, str, str]]:
    for tag in soup.find_all(True):
        for attr in ("href", "src"):
            if tag.has_attr(attr):
                yield tag, attr, tag[attr]


# --- every page -----------------------------------------------------------------------------------------------


def test_the_site_has_every_page(built: Built) -> None:
    expected = {"index.html"} | {f"{lang}/index.html" for lang in LANGS} | {
        f"{lang}/search/index.html" for lang in LANGS} | {
        f"{lang}/{organ}/index.html" for lang in LANGS for organ in {o for o, _ in REPORTS}} | {
        report_path(*p) for p in PAGES} | {
        f"{lang}/{organ}/review/index.html" for lang in LANGS for organ in {o for o, _ in REPORTS}} | {
        f"{lang}/timeliness/index.html" for lang in LANGS} | {
        f"{lang}/timeliness/{year}/index.html" for lang in LANGS  # every year in range, with a report or not
        for year in range(min(int(y) for _, y in REPORTS), max(int(y) for _, y in REPORTS) + 1)}
    assert set(built.pages.paths) == expected


def test_headings_never_skip_a_level(built: Built) -> None:
    for path, soup in built.pages.items():
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, f"{path}: the first heading is not h1: {levels}"
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{path}: h{before} is followed by h{after}"


def test_every_page_has_one_h1(built: Built) -> None:
    for path, soup in built.pages.items():
        assert len(soup.select("h1")) == 1, path


def test_every_th_has_a_scope(built: Built) -> None:
    for path, soup in built.pages.items():
        for th in soup.select("th"):
            assert th.get("scope") in ("row", "col", "rowgroup", "colgroup"), f"{path}: {th}"


def test_no_external_resources(built: Built) -> None:
    for path, soup in built.pages.items():
        for tag in soup.select("link[href], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            assert not re.match(r"(?i)(https?:|//)", url), f"{path}: {tag}"


def test_every_relative_link_resolves(built: Built) -> None:
    """A link checker: every href/src of every page names a file of the site (and an id on it, for #…)."""
    checked = 0
    for here, soup in built.pages.items():
        for tag, attr, url in links(soup):
            parts = urlsplit(url)
            if tag.name == "a" and "external" in (tag.get("rel") or []) and parts.scheme == "https":
                continue  # the original report on the organ's own site: the one link out, marked as such
            if tag.name == "link" and "icon" in (tag.get("rel") or []) and parts.scheme == "data":
                continue  # the site's icon, in the page itself: no request at all
            assert not parts.scheme and not parts.netloc, f"{here}: absolute URL in {tag}"
            target, fragment = resolve(here, url)
            if target.startswith(SEARCH_BUNDLE) and not (built.out / SEARCH_BUNDLE).is_dir():
                continue
            assert not target.startswith("../"), f"{here}: {attr}={url!r} leaves the site"
            assert (built.out / target).is_file(), f"{here}: {attr}={url!r} → {target} does not exist"
            if fragment:
                assert target.endswith(".html"), f"{here}: fragment on a non-page {url!r}"
                assert built.pages[target].find(id=fragment) is not None, f"{here}: {url!r}: no id {fragment!r}"
            checked += 1
    assert checked > 500


# --- report pages: document structure -------------------------------------------------------------------------


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_report_page_language_and_alternates(built: Built, p: tuple[str, str, int]) -> None:
    lang, organ, year = p
    here = report_path(*p)
    soup = built.pages[here]
    assert soup.html is not None and soup.html["lang"] == LANGS[lang]
    alternates = {link["hreflang"]: resolve(here, link["href"])[0]
                  for link in soup.select("head link[rel=alternate][hreflang]")}
    assert alternates == {LANGS[other]: report_path(other, organ, year) for other in LANGS}


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_language_switch_goes_to_the_same_report(built: Built, p: tuple[str, str, int]) -> None:
    lang, organ, year = p
    here = report_path(*p)
    switches = built.pages[here].select("a[data-lang-switch]")
    assert len(switches) == 1
    switch = switches[0]
    other = OTHER[lang]
    target, _ = resolve(here, switch["href"])
    assert target == report_path(other, organ, year)
    assert (built.out / target).is_file()
    assert switch["hreflang"] == switch["lang"] == LANGS[other]
    assert switch.get_text(strip=True) == STRINGS[other]["language_name"]


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_skip_link_is_first_and_reaches_main(built: Built, p: tuple[str, str, int]) -> None:
    soup = built.page(*p)
    assert soup.body is not None
    first = soup.body.find("a")
    assert first is not None and first["href"] == "#main"
    assert first.get_text(strip=True) == STRINGS[p[0]]["skip"]
    main = soup.select("#main")
    assert len(main) == 1 and main[0].name == "main"
    assert len(soup.select("main h1")) == 1


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_statutory_tables_only_on_statutory_reports(built: Built, p: tuple[str, str, int]) -> None:
    lang, organ, year = p
    soup = built.page(*p)
    tables = [t["data-table"] for t in soup.select("table.statutory[data-table]")]
    notices = [n.get_text(strip=True) for n in soup.select("main .notice")]
    if (organ, year) in LEGACY:
        assert tables == []
        assert soup.select("td.num") == []
        assert notices == [STRINGS[lang]["legacy_notice"]]
        assert STRINGS[lang]["format_legacy"] in soup.select_one("dl.report-meta").get_text()
    else:
        assert tables == ["t2", "t3", "t4"]
        assert notices == []
        for section, table in (("s2_proactive", "t2"), ("s3_requests", "t3"), ("s4_review_litigation", "t4")):
            assert soup.select_one(f"section#{section} table.statutory[data-table={table}]") is not None


@pytest.mark.parametrize("p", STATUTORY_PAGES, ids=page_id)
def test_tables_are_rectangular(built: Built, p: tuple[str, str, int]) -> None:
    """Rowspans and colspans tile every table: each row group is one width, no cell overlaps another."""
    for table in built.page(*p).select("table.statutory"):
        widths = {grid_width(group.find_all("tr", recursive=False)) for group in table.select("thead, tbody")}
        assert len(widths) == 1, f"{table['data-table']}: head and body widths differ: {widths}"


# --- the statutory tables -------------------------------------------------------------------------------------

T3_HEAD_ZH = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
]
T3_GROUPS_ZH = {
    "2021": [("三、本年度办理结果", 22), ("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5),
             ("（六）其他处理", 3)],
    "2019": [("三、本年度办理结果", 20), ("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5)],
}
OUTCOMES_ZH = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_HEAD_ZH = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [*((o, 2, 1) for o in OUTCOMES_ZH), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
    [(o, 1, 1) for o in OUTCOMES_ZH * 2],
]


@pytest.mark.parametrize("key", [("pingtan", 2021), ("pingtan", 2019)], ids=lambda k: f"{k[0]}-{k[1]}")
def test_t3_header_is_the_form(built: Built, key: tuple[str, int]) -> None:
    fmt = built.reports[key].format
    assert fmt is not None
    table = built.page("zh", *key).select_one("table[data-table=t3]")
    assert header_rows(table) == T3_HEAD_ZH
    groups = [(th.get_text(strip=True), int(th.get("rowspan", 1))) for th in table.select("tbody th[scope=rowgroup]")]
    assert groups == T3_GROUPS_ZH[fmt.version]
    # the note cell and the grouping spans as on the form
    assert table.select_one("thead th.note") is not None
    assert [int(th["colspan"]) for th in table.select("thead th[scope=colgroup]")] == [7, 5]


@pytest.mark.parametrize("key", [("pingtan", 2021), ("pingtan", 2019)], ids=lambda k: f"{k[0]}-{k[1]}")
def test_t4_header_is_the_form(built: Built, key: tuple[str, int]) -> None:
    table = built.page("zh", *key).select_one("table[data-table=t4]")
    assert header_rows(table) == T4_HEAD_ZH
    assert len(table.select("tbody tr")) == 1


@pytest.mark.parametrize("p", STATUTORY_PAGES, ids=page_id)
def test_number_of_value_cells(built: Built, p: tuple[str, str, int]) -> None:
    fmt = built.reports[p[1:]].format
    assert fmt is not None
    soup = built.page(*p)
    counts = {t["data-table"]: len(num_cells(t)) for t in soup.select("table.statutory")}
    assert counts == NUM_CELLS[fmt.version]
    assert len(soup.select("td.num")) == sum(counts.values())


@pytest.mark.parametrize("p", STATUTORY_PAGES, ids=page_id)
def test_every_value_cell_equals_the_open_data(built: Built, p: tuple[str, str, int]) -> None:
    cells = built.data(*p[1:])["cells"]
    assert isinstance(cells, dict)
    seen = set()
    for td in built.page(*p).select("td.num"):
        match = re.fullmatch(r"c-([a-z0-9_]+)-([a-z0-9_]+)-([a-z0-9_]+)", td["id"])
        assert match, td["id"]
        cid = ".".join(match.groups())
        assert cid not in seen, f"{cid} twice"
        seen.add(cid)
        expected, shown = cells[cid], own_text(td)
        if expected is None:
            assert shown == "" and "blank" in td["class"], cid
        elif isinstance(expected, str):  # an amount as printed, its unit in the page's language
            assert shown == amount_text(expected, p[0]), cid
        else:
            assert Decimal(shown.replace(",", "")) == Decimal(expected), f"{cid}: page {shown!r}, data {expected!r}"
    assert seen == set(cells)


@pytest.mark.parametrize("p", STATUTORY_PAGES, ids=page_id)
def test_row_labels_are_the_forms_in_the_page_language(built: Built, p: tuple[str, str, int]) -> None:
    lang = p[0]
    fmt = built.reports[p[1:]].format
    assert fmt is not None
    soup = built.page(*p)
    t3 = soup.select_one("table[data-table=t3]")
    rows = [own_text(th) for th in t3.select("tbody th[scope=row]")]
    assert rows == [r.label.get(lang) for r in fmt.tables["t3"].rows]
    # outside Chinese a group's first row repeats the group's label, for phones, hidden from screen readers
    groups = [th.get_text(strip=True) for th in t3.select("tbody th[scope=rowgroup]")]
    repeated = [s.get_text(strip=True) for s in t3.select("tbody th[scope=row] .group-inline[aria-hidden=true]")]
    assert repeated == ([] if lang == "zh" else groups)
    t2_rows = [th.get_text(strip=True) for th in soup.select("table[data-table=t2] tbody th[scope=row]")]
    t2_tables = [t for s in fmt.sections if len(s.tables) > 1 for t in s.tables]
    assert t2_rows == [r.label.get(lang) for t in t2_tables for r in fmt.tables[t].rows]
    labels = [x.get_text(strip=True) for x in soup.select("table.statutory th, table.statutory caption")]
    if lang == "en":
        assert "Natural persons" in [th.get_text(strip=True) for th in t3.select("thead th")]
        assert [x for x in labels if CJK.search(x)] == []
    else:
        assert "自然人" in [th.get_text(strip=True) for th in t3.select("thead th")]
        assert all(CJK.search(x) for x in labels)


# --- report pages: other content ------------------------------------------------------------------------------


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_discrepancies_only_where_acknowledged(built: Built, p: tuple[str, str, int]) -> None:
    sections = built.page(*p).select("section.discrepancies")
    if p[1:] == ("pingtan", 2020):
        assert len(sections) == 1
        text = sections[0].get_text(" ", strip=True)
        assert "T3_RESULTS_SUM" not in text  # the code is for evaluators: in an attribute, not in the text
        assert sections[0].select_one('li[data-rule="T3_RESULTS_SUM"]') is not None
        assert built.page(*p).select("td.acknowledged")  # and the cells it is about are marked in the table
        assert sections[0].select_one("h2").get_text(strip=True) == STRINGS[p[0]]["discrepancies"]
        reason = built.reports[p[1:]].discrepancies[0].reason.get(p[0])
        assert " ".join(reason.split()) in text
    else:
        assert sections == []


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_highlight_cards(built: Built, p: tuple[str, str, int]) -> None:
    report = built.reports[p[1:]]
    soup = built.page(*p)
    cards = soup.select("#highlights li.card[id^=h-]")
    assert [c["id"] for c in cards] == [f"h-{h.id}" for h in report.highlights]
    for h, card in zip(report.highlights, cards, strict=True):
        value = shown_number(own_text(card.select_one(".card-value")))
        if h.approximate:  # 约1.6万: rounded to the shown digits
            assert abs(value - Decimal(h.value)) <= max(Decimal(h.value) / 100, Decimal(1)), h.id
        else:
            assert value == Decimal(h.value), h.id
        assert card.select_one(".card-label").get_text(strip=True) == h.label.get(p[0])
    if report.highlights:
        assert soup.select_one('nav.toc a[href="#highlights"]') is not None


def _size(size: int, lang: str) -> str:
    if size < 1024:
        return f"{size} B" if lang == "en" else f"{size} 字节"
    return f"{size / 1024:.1f} KB"


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_downloads_resolve_and_show_the_real_size(built: Built, p: tuple[str, str, int]) -> None:
    lang, organ, year = p
    here = report_path(*p)
    items = built.pages[here].select("#downloads ul.downloads > li")
    assert len(items) == 3
    expected = [(f"{lang}/{organ}/{year}/{organ}-{year}-{lang}.pdf", "pdf", "download_pdf"),
                (f"data/{organ}-{year}.json", "json", "download_json"),
                (f"data/{organ}-{year}.csv", "csv", "download_csv")]
    for item, (path, ext, key) in zip(items, expected, strict=True):
        link = item.select_one("a[href]")
        target, _ = resolve(here, link["href"])
        assert target == path
        assert link.has_attr("download") == (ext != "pdf")  # the PDF opens in the browser's viewer
        assert link.get_text(strip=True) == STRINGS[lang][key]
        size = (built.out / target).stat().st_size
        assert item.select_one(".meta").get_text(strip=True) == f"{ext.upper()}, {_size(size, lang)}"
    assert (built.out / expected[0][0]).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("p", PAGES, ids=page_id)
def test_figure_references_link_to_their_cell(built: Built, p: tuple[str, str, int]) -> None:
    soup = built.page(*p)
    for a in soup.select("a.figure"):
        target = soup.find(id=a["href"][1:])
        assert target is not None, a
        if target.name == "td":  # the narrative may write a large count in 万 (1500万) where the table does not
            try:
                assert shown_number(own_text(a)) == shown_number(own_text(target)), a
            except InvalidOperation:  # an amount written as text (73802895.90元): as given
                assert own_text(a) == own_text(target), a
    if p[1:] == ("pingtan", 2021):
        assert soup.select_one('a.figure[href="#c-t3-new_received-total"]').get_text() == "70"


# --- a report without its English narrative -------------------------------------------------------------------


@pytest.fixture(scope="module")
def without_english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[tuple[str, str, str]]]:
    base = tmp_path_factory.mktemp("no-en")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    (content / "pingtan" / "2021" / "en.md").unlink()
    (content / "guangzhou" / "2019" / "en.md").unlink()  # a legacy report too
    validation, written = build(str(content), str(base / "site"))
    diags = [(d.severity, d.code, Path(d.file).relative_to(content).as_posix()) for d in validation.diagnostics]
    assert written is not None, diags
    assert validation.site is not None
    return Built(base / "site", validation.site), diags


def test_missing_english_is_a_warning(without_english: tuple[Built, list[tuple[str, str, str]]]) -> None:
    _, diags = without_english
    assert [d for d in diags if d[0] == "error"] == []
    assert [d for d in diags if d[1] == "NARRATIVE_MISSING"] == [
        ("warning", "NARRATIVE_MISSING", "guangzhou/2019/en.md"),
        ("warning", "NARRATIVE_MISSING", "pingtan/2021/en.md"),
    ]


def test_missing_english_page_has_tables_and_notice(without_english: tuple[Built, list[tuple[str, str, str]]]) -> None:
    built, _ = without_english
    en, zh = built.page("en", "pingtan", 2021), built.page("zh", "pingtan", 2021)
    assert [n.get_text(strip=True) for n in en.select("main .notice")] == [STRINGS["en"]["missing_narrative"]]
    assert zh.select("main .notice") == []
    assert [t["data-table"] for t in en.select("table.statutory")] == ["t2", "t3", "t4"]
    assert len(en.select("td.num")) == 200
    assert "Natural persons" in [th.get_text(strip=True) for th in en.select("table[data-table=t3] thead th")]
    assert [x for x in en.select("table.statutory th") if CJK.search(x.get_text())] == []
    assert en.select("a.figure") == [] and zh.select("a.figure")
    # the narrative sections are there, with their canonical titles and no text
    assert en.select_one("section#s1_overview h2").get_text(strip=True) == "I. Overview"
    assert en.select("section#s1_overview p") == []


def test_missing_english_legacy_page(without_english: tuple[Built, list[tuple[str, str, str]]]) -> None:
    built, _ = without_english
    en = built.page("en", "guangzhou", 2019)
    notices = [n.get_text(strip=True) for n in en.select("main .notice")]
    assert notices == [STRINGS["en"]["missing_narrative_legacy"], STRINGS["en"]["legacy_notice"]]
    assert len(en.select("#highlights li.card")) == len(built.reports[("guangzhou", 2019)].highlights)
    assert len(en.select("h1")) == 1


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["zh", "en", "demo", "2021", "index.html", ".", ""]), max_size=5),
       st.lists(st.sampled_from(["zh", "en", "demo", "2021", "."]), max_size=4))
def test_relative_links_are_posix_relpath(target: list[str], base: list[str]) -> None:
    target_path, base_path = "/".join(target) or "index.html", "/".join(base) or "."
    assert _relative(target_path, base_path) == posixpath.relpath(target_path, base_path)
