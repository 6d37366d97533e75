"""The PDF print version (render/print/: Typst): fonts, text, page numbers, metadata, reproducibility, font errors,
cache, and author text that Typst must print as typed, never run."""
# Checked with poppler-utils (pdffonts, pdftotext, pdfinfo, pdfimages): `apt-get install poppler-utils`.

from __future__ import annotations

import contextlib
import dataclasses
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from generator.build.pipeline import build, check
from generator.cache.store import Store
from generator.cli.main import main
from generator.model import Organ, Report
from generator.render.layout import layouts
from generator.render.paths import pdf_path
from generator.render.print import pdf
from generator.render.print.printlayout import column_widths
from generator.render.print.typcode import Narrative, Texts, lit
from generator.render.print.typdoc import footer_function
from generator.render.site import SiteRenderer
from generator.render.templates import Templates
from generator.render.view import charts_by_section

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SAMPLE = [("pingtan", 2021), ("pingtan", 2020), ("shenzhen", 2018)]  # 2021 format, 2019 + discrepancy, legacy
LANGS = ("zh", "en")
PRINT_STRINGS = yaml.safe_load((ROOT / "templates" / "print_strings.yaml").read_text(encoding="utf-8"))

slow = pytest.mark.slow  # each PDF takes about a second


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    """Text without whitespace or hyphens: pdftotext breaks lines where the page does, and joins `zone-` `wide`."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@pytest.fixture(scope="module")
def renderer() -> SiteRenderer:
    site = check(str(ROOT / "content")).site
    assert site is not None
    return SiteRenderer(site, Templates())


def _find(renderer: SiteRenderer, organ_id: str, year: int) -> tuple[Organ, Report]:
    organ = next(o for o in renderer.site.organs if o.id == organ_id)
    return organ, next(r for r in organ.reports if r.year == year)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built as `make site` does: every PDF made by the build, in forked processes."""
    out = tmp_path_factory.mktemp("pdf") / "site"
    validation, written = build(str(ROOT / "content"), str(out), search=False, pdf=pdf.PdfOptions())
    assert written is not None, validation.diagnostics
    return out


@pytest.fixture(scope="module")
def pdf_files(built: Path) -> dict[tuple[str, int, str], Path]:
    """The six sample PDFs of the built site."""
    return {(o, y, lang): built / pdf_path(o, y, lang) for o, y in SAMPLE for lang in LANGS}


def _cases() -> Iterator[Any]:
    for organ, year in SAMPLE:
        for lang in LANGS:
            yield pytest.param(organ, year, lang, id=f"{organ}-{year}-{lang}")


def _info(path: Path) -> dict[str, str]:
    lines = _poppler("pdfinfo", "-isodates", str(path)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def _inflated(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to find catalog entries kept in object streams."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompressobj().decompress(data[m.end():]))
    return b"".join(out)


@slow
@pytest.mark.parametrize(("organ_id", "year", "lang"), list(_cases()))
def test_fonts_embedded_text_and_pages(pdf_files: dict[tuple[str, int, str], Path], renderer: SiteRenderer,
                                       organ_id: str, year: int, lang: str) -> None:
    path = pdf_files[(organ_id, year, lang)]
    fonts = _poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts, "no font in the PDF"
    for line in fonts:
        assert "Type 3" not in line, line
        cols = line.split()
        assert cols[-5] == "yes", f"font not embedded: {line}"  # emb
        assert cols[-4] == "yes", f"font not subset: {line}"  # sub
    pages = int(_info(path)["Pages"])
    assert 3 <= pages <= 30 if organ_id == "shenzhen" else 5 <= pages <= 30
    text = _flat(_poppler("pdftotext", str(path), "-"))
    strings = {**PRINT_STRINGS[lang], **renderer.strings[lang]}
    organ, report = _find(renderer, organ_id, year)
    assert _flat(report.title.get(lang)) in text
    assert _flat(strings["contents"]) in text
    footer = strings["page_footer"].format(page=2, pages=pages)
    assert _flat(footer) in text, footer
    assert _flat(strings["page_footer"].format(page=pages, pages=pages)) in text
    if report.format is None:
        assert _flat(strings["legacy_notice"]) in text
        assert _flat(strings["highlights"]) in text
        for part in report.narratives[lang].parts[1:]:
            assert _flat(part.heading) in text
        return
    for section in report.format.sections:  # canonical titles, 一、总体情况 … 六、其他需要报告的事项
        assert _flat(section.label.get(lang)) in text, section.label.get(lang)
    for tables in layouts(report.format).values():
        for layout in tables:
            assert _flat(layout.caption.get(lang)) in text, layout.caption.get(lang)
            for row in layout.body:
                if row.section:  # the 第二十条 sub-tables of part 二
                    assert _flat(row.section.get(lang)) in text
    published = report.published.isoformat() if report.published else strings["published_unknown"]
    first_page = _flat(_poppler("pdftotext", "-f", "1", "-l", "1", str(path), "-"))
    assert _flat(published) in first_page and _flat(organ.name.get(lang)) in first_page


@slow
def test_contents_has_page_numbers_and_header_repeats(pdf_files: dict[tuple[str, int, str], Path]) -> None:
    path = pdf_files[("pingtan", 2020, "en")]
    contents = _poppler("pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-")
    assert re.search(r"I\. Overview\s*\.{5,}\s*\d+", contents), contents
    pages = int(_info(path)["Pages"])
    with_head = [p for p in range(3, pages + 1)
                 if "Applicants" in _poppler("pdftotext", "-f", str(p), "-l", str(p), str(path), "-")]
    assert len(with_head) >= 2, "table III spans two pages: its header rows must be repeated"


@slow
def test_discrepancy_and_highlights_as_on_the_web_page(pdf_files: dict[tuple[str, int, str], Path],
                                                        renderer: SiteRenderer) -> None:
    _, report = _find(renderer, "pingtan", 2020)
    for lang in LANGS:
        text = _flat(_poppler("pdftotext", str(pdf_files[("pingtan", 2020, lang)]), "-"))
        assert _flat(renderer.strings[lang]["discrepancies"]) in text
        assert _flat(renderer.strings[lang]["discrepancy_intro"]) in text
        assert _flat(report.discrepancies[0].reason.get(lang))[:40] in text
        assert "T3_RESULTS_SUM" not in text  # the rule's code is for evaluators, not printed
        for h in report.highlights:
            assert _flat(h.label.get(lang)) in text


@slow
@pytest.mark.parametrize(("organ_id", "year", "lang"), list(_cases()))
def test_metadata_from_the_content(pdf_files: dict[tuple[str, int, str], Path], renderer: SiteRenderer,
                                   organ_id: str, year: int, lang: str) -> None:
    organ, report = _find(renderer, organ_id, year)
    path = pdf_files[(organ_id, year, lang)]
    info = _info(path)
    assert info["Title"] == report.title.get(lang)
    assert info["Author"] == organ.name.get(lang)
    assert str(year) in info["Subject"] and info["Creator"] == "govreport"
    assert report.published is not None
    assert info["CreationDate"].startswith(report.published.isoformat())
    assert info["ModDate"].startswith(report.published.isoformat())
    assert info["Page size"].endswith("(A4)")
    tag = {"zh": b"zh-CN", "en": b"en"}[lang]
    assert re.search(rb"/Lang ?\(" + tag + rb"\)", _inflated(path.read_bytes()))


def test_date_without_publication_is_1_january_of_the_next_year(renderer: SiteRenderer) -> None:
    organ, report = _find(renderer, "guangzhou-office", 2020)
    assert report.published is None
    source = pdf.print_source(renderer, organ, report, "zh")
    assert "date: datetime(year: 2021, month: 1, day: 1)" in source.code
    assert renderer.strings["zh"]["published_unknown"] in source.texts


@slow
def test_two_renders_are_byte_identical(pdf_files: dict[tuple[str, int, str], Path], renderer: SiteRenderer) -> None:
    organ, report = _find(renderer, "pingtan", 2020)
    # made again in this process, without cache; the build's came from a worker (or the cache)
    again = pdf.report_pdf(renderer, organ, report, "zh", charts=charts_by_section(report, "zh"))
    assert again == pdf_files[("pingtan", 2020, "zh")].read_bytes()


def _with_text(report: Report, lang: str, extra: str) -> Report:
    narrative = report.narratives[lang]
    parts = list(narrative.parts)
    parts[-1] = dataclasses.replace(parts[-1], markdown=parts[-1].markdown + f"\n\n{extra}\n")
    return dataclasses.replace(report, narratives={**report.narratives,
                                                   lang: dataclasses.replace(narrative, parts=tuple(parts))})


@slow
@pytest.mark.parametrize("char", ["\ue800", "\U00030000"], ids=["private-use", "cjk-ext-g"])
def test_missing_glyph_is_an_error(renderer: SiteRenderer, char: str) -> None:
    organ, report = _find(renderer, "shenzhen", 2018)
    with pytest.raises(pdf.PdfFontError) as err:
        pdf.report_pdf(renderer, organ, _with_text(report, "zh", f"生僻字{char}。"), "zh")
    assert err.value.char == char
    assert f"U+{ord(char):04X}" in str(err.value) and "Noto Sans CJK SC" in str(err.value)


@slow
def test_official_style_without_its_fonts_is_an_error(renderer: SiteRenderer) -> None:
    organ, report = _find(renderer, "shenzhen", 2018)
    with pytest.raises(pdf.PdfFontError, match="仿宋_GB2312"):
        pdf.report_pdf(renderer, organ, report, "zh", official=True)


def _make_font(path: Path, family: str, chars: str, ps_name: str) -> None:
    """A tiny TrueType font of square glyphs, standing in for a licensed official font (Typst needs its PostScript
    name, as every real font has)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    glyph = pen.glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    fb.setupGlyf({n: glyph for n in names})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


@slow
def test_official_style_embeds_the_fonts_of_the_font_folder(renderer: SiteRenderer, tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    _make_font(fonts / "fangsong.ttf", "仿宋_GB2312", " 0123456789年度报告", "FangSong_GB2312")
    _make_font(fonts / "xbs.ttf", "方正小标宋简体", " 年度报告", "FZXiaoBiaoSong-B05S")
    organ, report = _find(renderer, "shenzhen", 2018)
    out = tmp_path / "official.pdf"
    out.write_bytes(pdf.report_pdf(renderer, organ, report, "zh", official=True, fonts_dir=fonts))
    listing = _poppler("pdffonts", str(out))
    assert "+FangSong_GB2312" in listing and "+FZXiaoBiaoSong-B05S" in listing  # subsets, by PostScript name
    assert all(line.split()[-5] == "yes" for line in listing.splitlines()[2:])


@slow
def test_pdfa_variant_is_tagged_with_xmp_metadata(renderer: SiteRenderer, tmp_path: Path) -> None:
    organ, report = _find(renderer, "shenzhen", 2018)
    out = tmp_path / "a.pdf"
    out.write_bytes(pdf.report_pdf(renderer, organ, report, "en", pdfa=True))
    info = _info(out)
    assert info["Tagged"] == "yes" and info["Metadata Stream"] == "yes"
    meta = _poppler("pdfinfo", "-meta", str(out))
    assert re.search(r'pdfaid:part(="|>)3', meta) and "<xmp:CreateDate>2019-03-20" in meta
    assert "<xmp:CreatorTool>govreport</xmp:CreatorTool>" in meta


@slow
def test_cache_avoids_rendering_again(renderer: SiteRenderer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = pdf._typst

    def counting(source: str, *args: Any) -> bytes:
        calls.append(source)
        return real(source, *args)

    monkeypatch.setattr(pdf, "_typst", counting)
    cache = pdf.PdfCache(Store(tmp_path / "cache"))
    organ, report = _find(renderer, "shenzhen", 2018)
    first = pdf.report_pdf(renderer, organ, report, "en", cache=cache)
    second = pdf.report_pdf(renderer, organ, report, "en", cache=cache)
    assert first == second and len(calls) == 1
    assert len(list((tmp_path / "cache" / "pdf").glob("*/*"))) == 1
    edited = _with_text(report, "en", "One more sentence.")
    pdf.report_pdf(renderer, organ, edited, "en", cache=cache)  # other content: rendered
    pdf.report_pdf(renderer, organ, report, "en", cache=pdf.PdfCache(Store(tmp_path / "cache")))  # a new cache object
    assert len(calls) == 2


@slow
def test_charts_are_vector_svg(renderer: SiteRenderer, tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
           '<rect x="10" y="20" width="80" height="70" fill="#9b1c1c"/>'
           '<text x="10" y="15" font-family="Noto Sans CJK SC" font-size="12">申请数量图表</text></svg>')
    titled = SimpleNamespace(svg=svg.replace("申请数量图表", "主要数据图表"), title="图表标题", summary="一句话说明。")
    organ, report = _find(renderer, "pingtan", 2021)
    out = tmp_path / "chart.pdf"
    out.write_bytes(pdf.report_pdf(renderer, organ, report, "zh", charts={"s3_requests": [svg], "highlights": [titled]}))
    text = _poppler("pdftotext", str(out), "-")
    assert "申请数量图表" in text and "主要数据图表" in text and "图表标题" in text
    assert len(_poppler("pdfimages", "-list", str(out)).splitlines()) == 2  # header lines only: no raster image


def test_column_widths_fill_the_table(renderer: SiteRenderer) -> None:
    for fmt in {r.format.version: r.format for r in renderer.site.reports() if r.format}.values():
        for tables in layouts(fmt).values():
            for layout in tables:
                for lang in LANGS:
                    widths = column_widths(layout, lang)
                    assert len(widths) == layout.columns
                    assert abs(sum(widths) - 100) < 0.1 and min(widths) > 3


def test_footer_text_becomes_a_typst_function_of_the_page_numbers() -> None:
    assert footer_function("第 {page} 页 共 {pages} 页", lit) == '(page, pages) => {"第 "; page; " 页 共 "; pages; " 页"}'
    assert footer_function('Page {page} of {pages} "]#x', lit) == \
        '(page, pages) => {"Page "; page; " of "; pages; " \\"]#x"}'


# --- the build: a PDF per report and language, linked with its size; --no-pdf; a missing glyph stops it -------------


@slow
def test_every_report_has_its_pdf_in_every_language(built: Path, renderer: SiteRenderer) -> None:
    site = renderer.site
    made = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.pdf"))
    assert made == sorted(pdf_path(o.id, r.year, lang) for o in site.organs for r in o.reports
                          for lang in site.languages)
    for rel in made:
        assert (built / rel).read_bytes().startswith(b"%PDF-1.")


def test_no_pdf_option_builds_without_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["build", str(MINIMAL), "-o", str(out), "--no-pdf", "--no-search"]) == 0
    assert not list(out.rglob("*.pdf"))
    assert "pdf" not in (out / "zh" / "demo" / "2021" / "index.html").read_text(encoding="utf-8").lower()


@slow
def test_missing_glyph_stops_the_build_at_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    zh = root / "demo" / "2021" / "zh.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("本年度未收取", "本年度\U00030000未收取"), encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / ".govreport-site").write_text("", encoding="utf-8")  # a site govreport built
    (out / "old.html").write_text("the previous site", encoding="utf-8")
    assert main(["build", str(root), "-o", str(out), "--no-search"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{zh}:10:4: error[PDF_FONT]: PDF of demo 2021 (zh): character '\U00030000' (U+30000) has no "
                      "glyph in font 'Noto Sans CJK SC' nor in any installed font: add a font that has it to the font "
                      "folder, or change the text")
    assert err[1] == "  hint: add a font that has it to a folder and pass `--fonts DIR`, or change the text"
    assert err[2] == f"build stopped: {out}/ was left as it was"
    assert sorted(p.name for p in out.iterdir()) == [".govreport-site", "old.html"]


def test_a_character_is_located_in_the_narrative_or_in_report_yaml(tmp_path: Path) -> None:
    from generator.render.site import locate_char

    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    yaml_path = root / "demo" / "2021" / "report.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "# 备注\ue800\n", encoding="utf-8")
    site = check(str(root)).site
    assert site is not None
    report = site.organs[0].reports[-1]
    lines = yaml_path.read_text(encoding="utf-8").splitlines()
    assert locate_char(report, "zh", "\ue800") == f"{yaml_path}:{len(lines)}:5"
    assert locate_char(report, "zh", "政") == f"{root / 'demo' / '2021' / 'zh.md'}:1:14"
    assert locate_char(report, "zh", "\U00030000") == ""


# --- author text goes into the Typst source as string literals: printed as typed, never run ------------------------

HOSTILE = ['#import "@preview/cetz:0.2.2": *', '#read("/etc/passwd")', "$x^2$ ] [ } {", "// not a comment",
           "@ref <label> ~ \\u{41} \\\\ \"quoted\"", "#{panic()}"]


def test_narrative_html_becomes_string_literals_only() -> None:
    texts = Texts()
    html = ("<p>" + " ".join(h.replace("<", "&lt;").replace(">", "&gt;") for h in HOSTILE) + "</p>"
            "<ul><li>one <strong>bold</strong></li><li><p>two</p></li></ul><h3>Sub</h3><p><code>#x</code></p>")
    code = Narrative(texts).convert(html)
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)  # the code with every literal emptied
    assert not re.search(r"[#$@<>~/\\]", outside), outside
    assert "".join(texts.all).count("#import") == 1 and '"quoted\\"' not in outside
    assert outside.startswith("{par(") and "list(" in outside and "heading(level: 2" in outside


def test_images_only_from_the_site_static_files(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    for src in ("static/logo.svg", "../../../static/logo.svg", "/static/logo.svg"):
        assert pdf.site_image(tmp_path, src) is not None, src
    for src in ("/etc/passwd", "../../etc/passwd", "file:///etc/passwd", "https://example.org/a.png",
                "static/../../etc/passwd", "C:\\x.png"):
        assert pdf.site_image(tmp_path, src) is None, src
    code = Narrative(lit, lambda src: None).convert('<p><img src="/etc/passwd" alt="the alt text"></p>')
    assert code == '{par({emph("the alt text")})}'


@slow
def test_hostile_narrative_prints_as_typed(renderer: SiteRenderer, tmp_path: Path) -> None:
    organ, report = _find(renderer, "shenzhen", 2018)
    markdown = "\n\n".join(h.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[").replace("]", "\\]")
                           .replace("<", "\\<").replace("_", "\\_") for h in HOSTILE)
    out = tmp_path / "hostile.pdf"
    out.write_bytes(pdf.report_pdf(renderer, organ, _with_text(report, "en", markdown), "en"))
    text = _flat(_poppler("pdftotext", str(out), "-"))
    for line in HOSTILE:
        assert _flat(line) in text, line
    assert "root:" not in text


@pytest.mark.parametrize("how", ["pipe closed", "terminated"])
def test_typst_helper_leaves_no_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    from generator.render.print import typstproc

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    helper = typstproc.Helper()
    helper.ask({"op": "families", "font_paths": []})  # the helper has started and made its folder
    assert [p.name[:15] for p in tmp_path.iterdir()] == ["govreport-typst"]
    assert helper.process.stdin is not None
    if how == "pipe closed":
        helper.process.stdin.close()
    else:
        helper.process.terminate()
    helper.process.wait(timeout=30)
    assert list(tmp_path.iterdir()) == []
