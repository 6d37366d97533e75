"""`govreport import`: every cell of the six real reports, round trip to the site, bad input, --force, scripts and
encodings, ambiguous splits."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build.pipeline import build
from generator.cli.main import main
from generator.errors import format_text
from generator.formats import get
from generator.importer import decode
from generator.importer.extract import extract
from generator.importer.rows import RowRun
from generator.importer.split import Cell

ROOT = Path(__file__).parent.parent
EXPECTED = Path(__file__).parent / "fixtures" / "expected"
# (source, expected JSON, organ, year, rows the text cannot decide: part 二 has no arithmetic)
CASES = [
    ("seeds/reports/01-pingtan-2019.txt", "01-pingtan-2019", "pingtan", 2019,
     ["t2_art20_1.normative_docs", "t2_art20_5.licensing", "t2_art20_5.other_admin_services", "t2_art20_6.penalty",
      "t2_art20_6.coercion", "t2_art20_8.fees", "t2_art20_9.central_procurement"]),
    ("seeds/reports/02-pingtan-2020.txt", "02-pingtan-2020", "pingtan", 2020,
     ["t2_art20_1.normative_docs", "t2_art20_5.licensing", "t2_art20_5.other_admin_services", "t2_art20_6.penalty",
      "t2_art20_6.coercion", "t2_art20_9.central_procurement"]),
    ("seeds/reports/03-pingtan-2021.txt", "03-pingtan-2021", "pingtan", 2021, ["t2_art20_1.normative_docs"]),
    ("seeds/reports/04-pingtan-2022.txt", "04-pingtan-2022", "pingtan", 2022, ["t2_art20_1.normative_docs"]),
    ("seeds/reports/05-pingtan-2025.html", "05-pingtan-2025", "pingtan", 2025, []),
    ("seeds/002_c44ede4c9c57f811.txt", "guangzhou-office-2020", "guangzhou-office", 2020, []),
]


def expected_cells(name: str) -> dict[str, object]:
    return dict(json.loads((EXPECTED / f"{name}.expected.json").read_text(encoding="utf-8"))["cells"])


def splits_for(name: str, rows: list[str]) -> list[str]:
    """--split arguments for the rows the text cannot decide, read from the expected JSON (checked against the HTML
    of the same page by the seed's authors): what a person would type after reading the original table."""
    cells = expected_cells(name)
    out = []
    for row in rows:
        out += ["--split", row + "=" + ",".join(str(v) for k, v in cells.items() if k.startswith(row + "."))]
    return out


def empty_content(tmp: Path) -> Path:
    content = tmp / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    for organ in ("pingtan", "guangzhou-office", "guangzhou"):
        (content / organ).mkdir()
        shutil.copy(ROOT / "content" / organ / "organ.yaml", content / organ / "organ.yaml")
    return content


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["import", *argv])
    return code, capsys.readouterr().err


def table_cells(report_yaml: Path) -> dict[str, object]:
    doc = yaml.safe_load(report_yaml.read_text(encoding="utf-8"))
    return {f"{t}.{r}.{c}": v for t, rows in doc["tables"].items() for r, cols in rows.items() for c, v in cols.items()}


def accuracy(got: dict[str, object], want: dict[str, object]) -> tuple[int, list[str]]:
    wrong = [k for k, v in want.items() if str(got.get(k)) != str(v)]
    return len(want) - len(wrong), wrong


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, str, int, str]]]:
    """Import the six reports once: first without --split (to see what is reported), then with it."""
    import contextlib
    import io

    content = empty_content(tmp_path_factory.mktemp("import"))
    out: dict[str, tuple[int, str, int, str]] = {}
    for source, name, organ, year, rows in CASES:
        args = [str(ROOT / source), "--organ", organ, "--year", str(year), "--content", str(content)]
        results: list[tuple[int, str]] = []
        for extra in ([], splits_for(name, rows)):
            if results and results[0][0] == 0:  # written at the first try: nothing was ambiguous
                results.append(results[0])
                continue
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["import", *args, *extra])
            results.append((code, err.getvalue()))
        out[name] = (*results[0], *results[1])
    return content, out


@pytest.mark.parametrize(("source", "name", "organ", "year", "rows"), CASES, ids=[c[1] for c in CASES])
def test_every_cell_matches_the_expected_json(imported: tuple[Path, dict[str, tuple[int, str, int, str]]],
                                              source: str, name: str, organ: str, year: int,
                                              rows: list[str]) -> None:
    content, results = imported
    first_code, first_err, code, err = results[name]
    reported = re.findall(r"error\[IMPORT_AMBIGUOUS_SPLIT\]: the digits `[^`]*` of (\S+)", first_err)
    assert reported == rows  # exactly the rows without arithmetic are reported, never guessed
    assert first_code == (1 if rows else 0)
    assert code == 0, err
    got = table_cells(content / organ / str(year) / "report.yaml")
    want = expected_cells(name)
    correct, wrong = accuracy(got, want)
    assert (correct, wrong) == (len(want), [])
    assert len(got) == len(want)
    assert got == table_cells(ROOT / "content" / organ / str(year) / "report.yaml")  # the sample content, made earlier
    print(f"{name}: {correct}/{len(want)} cells, {len(rows)} rows by --split")


def test_first_import_of_a_text_says_which_rows_it_cannot_split(
        imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    _content, results = imported
    err = results["01-pingtan-2019"][1]
    assert ("seeds/reports/01-pingtan-2019.txt:10:4491: error[IMPORT_AMBIGUOUS_SPLIT]: the digits `350` of "
            "t2_art20_8.fees split into its 2 cells in 2 ways that the form's arithmetic allows: 3,50; 35,0\n"
            "  hint: read the row in the original table and pass --split t2_art20_8.fees=N,N with its values") in err
    assert "import stopped: nothing was written to" in err


def test_column_sums_decide_the_2021_rows(imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    err = imported[1]["03-pingtan-2021"][3]
    assert "t3.granted by column sums, t3.unable_not_held by column sums" in err


def test_the_2020_results_sum_discrepancy_is_reported(
        imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    content, results = imported
    code, err = results["02-pingtan-2020"][2:]
    assert code == 0  # written: published numbers are never altered
    assert ("report.yaml:46:37: error[T3_RESULTS_SUM]: t3.results_total.natural_person = 20, but sum of "
            "t3.{r}.natural_person over t3_result_leaves = 26 (difference -6)") in err
    assert ("acknowledged:\n  - rule: T3_RESULTS_SUM\n    cells: [t3.results_total.natural_person, "
            "t3.results_total.total]\n") in err
    assert table_cells(content / "pingtan" / "2020" / "report.yaml")["t3.results_total.total"] == 21


def test_narrative_has_canonical_headings_and_no_tables(
        imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    content = imported[0]
    md = (content / "pingtan" / "2022" / "zh.md").read_text(encoding="utf-8")
    assert re.findall(r"^## .*$", md, re.MULTILINE) == ["## 一、总体情况", "## 五、存在的主要问题及改进情况",
                                                       "## 六、其他需要报告的事项"]
    assert "行政法复议" not in md and "0000000" not in md and "713000074" not in md
    assert md.count("2023年，我区将采取以下措施加以改进") == 1  # the page repeats part 五 after 六: dropped
    md05 = (content / "pingtan" / "2025" / "zh.md").read_text(encoding="utf-8")
    assert md05.startswith("本报告根据《中华人民共和国政府信息公开条例》") and "附件" not in md05[-40:]
    assert "共收到政府信息公开申请154件" in md05  # inline spans of the HTML joined
    gz = (content / "guangzhou-office" / "2020" / "zh.md").read_text(encoding="utf-8")
    assert "## 五、存在的主要问题及改进情况" in gz and "政府信息" in gz and "資" not in gz
    assert gz.endswith("## 六、其他需要报告的事项\n\n无。\n")  # the page's footer links are not part 六


def test_publication_date_and_source(imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    content = imported[0]
    y19 = yaml.safe_load((content / "pingtan" / "2019" / "report.yaml").read_text(encoding="utf-8"))
    assert str(y19["published"]) == "2020-01-20"
    assert y19["source"]["note"] == "imported by govreport import"
    assert y19["source"]["url"].endswith("t20200120_80576.htm")
    y25 = yaml.safe_load((content / "pingtan" / "2025" / "report.yaml").read_text(encoding="utf-8"))
    assert str(y25["published"]) == "2026-03-10"
    gz = yaml.safe_load((content / "guangzhou-office" / "2020" / "report.yaml").read_text(encoding="utf-8"))
    assert "published" not in gz


def test_round_trip_import_build_shows_the_source_numbers(
        imported: tuple[Path, dict[str, tuple[int, str, int, str]]], tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(imported[0], content)
    ack = imported[1]["02-pingtan-2020"][3].split("add to report.yaml:\n", 1)[1].split("\nvalidation:", 1)[0]
    with (content / "pingtan" / "2020" / "report.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + ack + "\n")
    result, written = build(str(content), str(tmp_path / "site"), search=False)
    assert written, [format_text(d) for d in result.diagnostics if d.severity == "error"]
    for _source, name, organ, year, _rows in CASES:
        page = BeautifulSoup((tmp_path / "site" / "zh" / organ / str(year) / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        for cid, value in expected_cells(name).items():
            td = page.select_one(f"table.statutory td#c-{cid.replace('.', '-')}")
            assert td is not None, cid
            shown = "".join(td.find_all(string=True, recursive=False)).strip()
            assert shown.replace(",", "") == str(value), (name, cid, shown, value)  # 10,690: separators


def test_exists_and_force(imported: tuple[Path, dict[str, tuple[int, str, int, str]]], tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(imported[0], content)
    target = content / "pingtan" / "2025" / "report.yaml"
    target.write_text("edited by hand\n", encoding="utf-8")
    args = [str(ROOT / "seeds/reports/05-pingtan-2025.html"), "--organ", "pingtan", "--year", "2025",
            "--content", str(content)]
    code, err = run(capsys, *args)
    assert code == 1
    assert err.splitlines()[0] == (f"{target}:1:1: error[IMPORT_EXISTS]: {target} exists; nothing was written")
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    (content / "pingtan" / "2025" / "en.md").write_text("## I. Overview\n\nKept.\n", encoding="utf-8")
    code, err = run(capsys, *args, "--force")
    assert code == 0, err
    assert table_cells(target)["t3.new_received.total"] == 154
    assert (content / "pingtan" / "2025" / "en.md").read_text(encoding="utf-8") == "## I. Overview\n\nKept.\n"
    assert not [p for p in (content / "pingtan" / "2025").iterdir() if p.name.startswith(".")]


def _nothing_written(content: Path) -> bool:
    return not any((content / "pingtan").glob("20*"))


def test_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    page = tmp_path / "news.txt"
    page.write_text("平潭综合实验区召开政务公开工作会议\n会议强调，要做好政府信息公开工作。\n", encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2020", "--content", str(content))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{page}:1:1: error[IMPORT_NOT_A_REPORT]: not an annual report on government information disclosure: no "
        "table label of the 2019 or 2021 format (本年新制作数量, 本年制发件数, …) was found",
        "  hint: import the page of the report itself (its HTML or its text), not an index or news page"]
    assert _nothing_written(content)


def test_truncated_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    text = (ROOT / "seeds/reports/01-pingtan-2019.txt").read_text(encoding="utf-8")
    page = tmp_path / "cut.txt"
    page.write_text(text[:text.index("四、政府信息公开行政复议")], encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2019", "--content", str(content))
    assert code == 1
    line = err.splitlines()[0]
    assert re.fullmatch(re.escape(str(page)) + r":10:\d+: error\[IMPORT_TRUNCATED\]: the source ends in part "
                        "三、收到和处理政府信息公开申请情况: 四、政府信息公开行政复议、行政诉讼情况、"
                        "五、存在的主要问题及改进情况、六、其他需要报告的事项 are missing", line)
    assert _nothing_written(content)


def test_unknown_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    page = tmp_path / "binary.txt"
    page.write_bytes(b"report\n\x80\xff\xfe\x00\x81")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2020", "--content", str(content))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{page}:2:1: error[IMPORT_ENCODING]: cannot read the source as UTF-8, GB18030/GBK or Big5 (byte 0x80 at "
        "offset 7)", "  hint: save the page as UTF-8 or GB18030 and import it again"]
    assert _nothing_written(content)


def test_unknown_organ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    code, err = run(capsys, str(ROOT / "seeds/reports/05-pingtan-2025.html"), "--organ", "pingtang", "--year",
                    "2025", "--content", str(content))
    assert code == 1
    assert err.splitlines()[0] == (f"{content}/pingtang/organ.yaml:1:1: error[UNKNOWN_ORGAN]: no organ `pingtang` in "
                                   f"{content} (did you mean `pingtan`?)")
    assert not (content / "pingtang").exists()


def test_a_split_that_does_not_read_as_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    code, err = run(capsys, str(ROOT / "seeds/reports/04-pingtan-2022.txt"), "--organ", "pingtan", "--year",
                    "2022", "--content", str(content), "--split", "t2_art20_1.normative_docs=88,55,699")
    assert code == 1
    assert ("error[IMPORT_SPLIT_MISMATCH]: --split t2_art20_1.normative_docs=88,55,699 does not split the printed "
            "`8855698` into 3 cells") in err
    assert _nothing_written(content)


@pytest.mark.parametrize(("config", "encoding"), [("s2twp", "gb18030"), ("s2tw", "gbk"), ("s2twp", "utf-8")])
def test_traditional_mirrors_in_other_encodings(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
                                                encoding: str) -> None:
    content = empty_content(tmp_path)
    text = (ROOT / "seeds/reports/03-pingtan-2021.txt").read_text(encoding="utf-8")
    mirror = decode.convert(text, config)
    assert "規範性" in mirror and "資訊" in mirror if config == "s2twp" else "規範性文件" in mirror
    page = tmp_path / "mirror.txt"
    page.write_bytes(mirror.encode(encoding, errors="strict"))
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2021", "--content", str(content),
                    *splits_for("03-pingtan-2021", ["t2_art20_1.normative_docs"]))
    assert code == 0, err
    got = table_cells(content / "pingtan" / "2021" / "report.yaml")
    assert accuracy(got, expected_cells("03-pingtan-2021")) == (200, [])
    md = (content / "pingtan" / "2021" / "zh.md").read_text(encoding="utf-8")
    assert "本年度全区共收到70件申请" in md and "資" not in md


def test_traditional_html_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    html = (ROOT / "seeds/reports/05-pingtan-2025.html").read_text(encoding="utf-8")
    page = tmp_path / "mirror.html"
    page.write_bytes(decode.convert(html, "s2twp").encode("gb18030"))
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2025", "--content", str(content))
    assert code == 0, err
    got = table_cells(content / "pingtan" / "2025" / "report.yaml")
    assert accuracy(got, expected_cells("05-pingtan-2025")) == (200, [])


def test_two_valid_splits_are_reported_not_guessed() -> None:
    fmt = get("2021")
    run_ = RowRun("t3", "granted", "270020130", 3, 7)
    result = extract([run_], fmt, "page.txt", {})
    assert not result.cells
    assert [format_text(d) for d in result.diagnostics] == [
        "page.txt:3:7: error[IMPORT_AMBIGUOUS_SPLIT]: the digits `270020130` of t3.granted split into its 7 cells in "
        "2 ways that the form's arithmetic allows: 2,7,0,0,20,1,30; 27,0,0,2,0,1,30\n"
        "  hint: read the row in the original table and pass --split t3.granted=N,N,N,N,N,N,N with its values"]
    chosen = extract([run_], fmt, "page.txt", {"t3.granted": "27,0,0,2,0,1,30"})
    assert chosen.diagnostics == [] and chosen.cells["t3.granted.natural_person"].value == 27


def test_separated_cells_keep_blanks_notes_and_units() -> None:
    fmt = get("2019")
    runs = [RowRun("t2_art20_1", "normative_docs", "22（其中修订16件）\n/\n891", 1, 1),
            RowRun("t2_art20_9", "central_procurement", "17\n1237.40万元", 5, 1)]
    result = extract(runs, fmt, "page.txt", {})
    assert result.diagnostics == []
    cells = result.cells
    assert (cells["t2_art20_1.normative_docs.new_made"].value, cells["t2_art20_1.normative_docs.new_made"].note) == (
        22, "其中修订16件")
    assert cells["t2_art20_1.normative_docs.new_published"].value is None
    assert cells["t2_art20_9.central_procurement.total_amount"].value == "1237.40万元"


def test_an_annotation_inside_run_together_digits_becomes_a_note() -> None:
    result = extract([RowRun("t3", "unable_not_held", "4（其中1件经补正）000004", 1, 1)], get("2021"), "page.txt", {})
    assert result.diagnostics == []
    assert result.cells["t3.unable_not_held.natural_person"] == Cell(4, "其中1件经补正")
    assert result.cells["t3.unable_not_held.total"] == Cell(4, "")


def test_html_cells_with_a_note_and_a_blank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    html = (ROOT / "seeds/reports/05-pingtan-2025.html").read_text(encoding="utf-8")
    cell = '<p style="text-indent: 0em;">{}</p>'
    assert html.count(cell.format("58")) == 1 and cell.format("45") in html
    html = html.replace(cell.format("58"), cell.format("58<br/>（其中修订<span>3</span>件）"))
    html = html.replace(cell.format("45"), cell.format("&nbsp;"), 1)
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2025", "--content", str(content))
    assert code == 0, err
    report = (content / "pingtan" / "2025" / "report.yaml").read_text(encoding="utf-8")
    assert "    normative_docs: {made: 58, repealed: null, valid: 546}\n" in report
    assert 'notes:\n  t2_art20_1.normative_docs.made: {zh: "其中修订3件", en: "其中修订3件 (as printed)"}\n' in report
    assert "warning[BLANK_CELL]" in err


def test_the_year_printed_in_the_title_must_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    code, err = run(capsys, str(ROOT / "seeds/reports/05-pingtan-2025.html"), "--organ", "pingtan", "--year", "2024",
                    "--content", str(content))
    assert code == 1
    assert err.splitlines()[:2] == [
        "seeds/reports/05-pingtan-2025.html:1:1: error[IMPORT_YEAR_MISMATCH]: the source is the report on 2025 "
        "(平潭综合实验区2025年度政府信息公开工作年度报告), not on 2024", "  hint: pass --year 2025"]
    assert _nothing_written(content)


def test_last_years_report_is_named_in_the_hint_but_decides_nothing(
        imported: tuple[Path, dict[str, tuple[int, str, int, str]]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(imported[0], content)
    shutil.rmtree(content / "pingtan" / "2022")
    code, err = run(capsys, str(ROOT / "seeds/reports/04-pingtan-2022.txt"), "--organ", "pingtan", "--year", "2022",
                    "--content", str(content))
    assert code == 1 and not (content / "pingtan" / "2022").exists()
    assert ("  hint: read the row in the original table and pass --split t2_art20_1.normative_docs=N,N,N with its "
            "values; only 88,55,698 agrees with last year's report (X_T2_VALID_CHAIN)") in err.splitlines()
    first = imported[1]["04-pingtan-2022"][1]  # the fixture imports 2021 before 2022: the same hint, nothing written
    assert "only 88,55,698 agrees with last year's report (X_T2_VALID_CHAIN)" in first


def test_the_items_chain_narrows_2019_rows(imported: tuple[Path, dict[str, tuple[int, str, int, str]]]) -> None:
    err = imported[1]["02-pingtan-2020"][1]
    assert ("pass --split t2_art20_5.other_admin_services=N,N,N with its values; 2 agree with last year's report "
            "(X_T2_ITEMS_CHAIN): 10,7,105; 10,710,5") in err
    assert "last year's report" not in imported[1]["01-pingtan-2019"][1]  # no 2018 report to compare with


def test_a_report_cut_before_its_tables_is_truncated_and_a_policy_text_is_not_a_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    text = (ROOT / "seeds/reports/03-pingtan-2021.txt").read_text(encoding="utf-8")
    page = tmp_path / "cut.txt"
    page.write_text(text[:text.index("二、主动公开政府信息情况 第二十条")], encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2021", "--content", str(content))
    assert code == 1
    assert "error[IMPORT_TRUNCATED]: the source ends in part 一、总体情况: 二、主动公开政府信息情况、" in err
    # an evaluation of disclosure work that quotes 总体情况 and 行政规范性文件 is no report
    code, err = run(capsys, str(ROOT / "seeds/003_3105a65bf8ba9bd2.txt"), "--organ", "pingtan", "--year", "2019",
                    "--content", str(content))
    assert code == 1 and "error[IMPORT_NOT_A_REPORT]" in err
    assert _nothing_written(content)


@pytest.mark.parametrize(("old", "new"), [
    ("三、收到和处理政府信息公开申请情况", "三、收到和處理政府資訊公開申請情況"),  # one heading in Traditional characters
    ("五、存在的主要问题及改进情况", "五、存在的主要問題及改進情況"),
    ("、", "，"),  # every 一、 typed 一，
    ("、", ","),
], ids=["traditional-part-3", "traditional-part-5", "full-width-comma", "comma"])
def test_headings_printed_otherwise_are_whole_and_their_parts_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    old: str, new: str) -> None:
    content = empty_content(tmp_path)
    text = (ROOT / "seeds/reports/03-pingtan-2021.txt").read_text(encoding="utf-8")
    if old == "、":
        text = re.sub("(?<=[一二三四五六])、(?=[总主收政其存])", new, text)
    else:
        assert old in text
        text = text.replace(old, new)
    page = tmp_path / "report.txt"
    page.write_text(text, encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2021", "--content", str(content),
                    *splits_for("03-pingtan-2021", ["t2_art20_1.normative_docs"]))
    assert code == 0, err
    assert accuracy(table_cells(content / "pingtan" / "2021" / "report.yaml"), expected_cells("03-pingtan-2021")) \
        == (200, [])
    md = (content / "pingtan" / "2021" / "zh.md").read_text(encoding="utf-8")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## 一、总体情况", "## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项"]
    assert "\n\n（一）存在的主要问题" in md and "況" not in md


def test_fewer_numbers_than_cells_in_a_row_without_a_sum_are_never_split() -> None:
    """Part 二's rows have no sum: `13 5` for three cells may be 1, 3, 5 or 13, a blank and 5. The import does not
    guess; the whole row run together (`135`, a flattened page) is still split, one digit a cell."""
    fmt = get("2021")
    ext = extract([RowRun("t2_art20_1", "regulations", "13 5", 3, 7)], fmt, "x.txt", {})
    assert ext.cells == {}
    assert [format_text(d) for d in ext.diagnostics] == [
        "x.txt:3:7: error[IMPORT_BAD_ROW]: cannot read the 3 values of t2_art20_1.regulations: found `13 5` "
        "(2 numbers for 3 cells)\n  hint: blank cells printed as nothing cannot be placed in their columns: import "
        "the HTML page, the PDF or the DOCX, whose table keeps them, or type the row into report.yaml; if a printed "
        "number holds several cells run together, give them: `--split t2_art20_1.regulations=V1,V2,…`"]
    ext = extract([RowRun("t2_art20_1", "regulations", "13 5", 3, 7)], fmt, "x.txt",
                  {"t2_art20_1.regulations": "13,,5"})
    assert not ext.diagnostics and [c.value for c in ext.cells.values()] == [13, None, 5]  # as the person read it
    ext = extract([RowRun("t2_art20_1", "regulations", "135", 3, 7)], fmt, "x.txt", {})
    assert [c.value for c in ext.cells.values()] == [1, 3, 5] and not ext.diagnostics


TABS = Path(__file__).parent / "fixtures" / "import" / "pingtan-2025-tabs-thousands.txt"


@pytest.mark.parametrize(("old", "new", "error"), [
    ("本年收费金额（单位：万元）", "本年收费金额（单位：元）",
     "118:6: error[IMPORT_UNIT]: t2_art20_8: the report prints this amount in 元; the form states it in 万元"),
    ("行政事业性收费\t4166.241619", "行政事业性收费\t4166241.619千元",
     "119:1: error[IMPORT_UNIT]: t2_art20_8: the report prints this amount in 千元; the form states it in 万元"),
    ("行政事业性收费\t4166.241619", "行政事业性收费\t41662416.19 元",
     "119:1: error[IMPORT_UNIT]: t2_art20_8: the report prints this amount in 元; the form states it in 万元"),
    ("行政许可\t2,418", "行政许可\t2'418",
     "112:6: error[IMPORT_BAD_ROW]: cannot read the 1 values of t2_art20_5.licensing: found `2'418`"),
    ("行政许可\t2,418", "行政许可\t2、418",
     "112:6: error[IMPORT_BAD_ROW]: cannot read the 1 values of t2_art20_5.licensing: found `2、418`"),
    ("行政事业性收费\t4166.241619", "行政事业性收费\t4166,241619",
     "119:9: error[IMPORT_BAD_ROW]: cannot read the 1 values of t2_art20_8.fees: found `4166，241619`"),
    ("规章\t0\t0\t0", "规章\t〇\t〇\t〇",
     "108:4: error[IMPORT_BAD_ROW]: cannot read the 3 values of t2_art20_1.regulations: found `〇 〇 〇`"),
], ids=["unit-in-head", "thousand-yuan", "yuan-apart", "apostrophe", "enumeration-comma", "decimal-comma",
        "zero-in-words"])
def test_a_figure_in_another_unit_or_with_odd_separators_is_an_error_not_a_wrong_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, error: str) -> None:
    content = empty_content(tmp_path)
    text = TABS.read_text(encoding="utf-8")
    assert old in text
    page = tmp_path / "report.txt"
    page.write_text(text.replace(old, new), encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2025", "--content", str(content))
    assert code == 1 and f"report.txt:{error}" in err, err
    assert not (content / "pingtan" / "2025").exists()


def test_footnote_marks_and_hidden_text_of_a_pages_cells_are_no_part_of_the_figure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path)
    html = (ROOT / "seeds/reports/05-pingtan-2025.html").read_text(encoding="utf-8")
    for old, new in (('<p style="text-indent: 0em;">644</p>', '<p style="text-indent: 0em;">644<sup>1</sup></p>'),
                     ('<p style="text-indent: 0em;">2418</p>',
                      '<p style="text-indent: 0em;"><span style="display: none">1</span>2418</p>')):
        assert html.count(old) == 1
        html = html.replace(old, new)
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    code, err = run(capsys, str(page), "--organ", "pingtan", "--year", "2025", "--content", str(content))
    assert code == 0, err
    assert accuracy(table_cells(content / "pingtan" / "2025" / "report.yaml"), expected_cells("05-pingtan-2025")) \
        == (200, [])
