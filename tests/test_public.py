"""The public face of the site: timeliness that tells the truth (every year in range; not published only where an
organ declares it publishes here, else not on this site), the portal's footer from site.yaml, no demo text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, diagnostics_of

from generator.build.pipeline import build, check
from generator.compute.timeliness import counts, dashboard, years
from generator.model import Site

ROOT = Path(__file__).resolve().parent.parent
FOOTER = """footer:
  sponsor: {zh: 示例县人民政府办公室, en: Demo County Government Office}
  operator: {zh: 示例县大数据中心, en: Demo County Big Data Center}
  site_code: 3501990001
  icp: 闽ICP备00000000号
  police: 闽公网安备 35019902000000号
  contact: {zh: 电话 0591-00000000, en: "Phone +86 591 0000 0000"}
"""


def _site(root: Path) -> Site:
    site = check(str(root)).site
    assert site is not None
    return site


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The aggregate fixture with a 2024 report of the county office (2023: a year without any report) and the
    footer."""
    root = tmp_path_factory.mktemp("public") / "content"
    shutil.copytree(FIXTURES / "aggregate", root)
    shutil.copytree(root / "county-office" / "2021", root / "county-office" / "2024")
    report = root / "county-office" / "2024" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("published: 2022-01-20", "published: 2025-01-20"),
                      encoding="utf-8")
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + FOOTER, encoding="utf-8")
    out = root.parent / "site"
    result, written = build(str(root), str(out), search=False)
    assert written, result.diagnostics
    return out


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


# ---- timeliness ----


def test_the_sample_lists_every_year_and_claims_no_missing_report() -> None:
    site = _site(ROOT / "content")
    assert years(site) == list(range(2025, 2017, -1))  # 2023 and 2024 have no report at all: listed all the same
    for year in years(site):
        entries = dashboard(site, year)
        assert {e.organ.id for e in entries} == {o.id for o in site.organs}
        assert counts(entries)["missing"] == 0  # no organ of the sample declares that it publishes here
    assert counts(dashboard(site, 2023)) == {"on_time": 0, "late": 0, "missing": 0, "unknown": 0, "absent": 4}
    assert [e.status for e in dashboard(site, 2020) if e.organ.id == "guangzhou"] == ["absent"]


def test_since_makes_a_gap_not_published(county: Path) -> None:
    organ = county / "county-office" / "organ.yaml"
    organ.write_text(organ.read_text(encoding="utf-8") + "since: 2019\n", encoding="utf-8")
    site = _site(county)
    assert years(site) == [2022, 2021, 2020, 2019]  # from the first declared year on
    states = {y: {e.organ.id: e.status for e in dashboard(site, y)} for y in years(site)}
    assert states[2019] == {"county-office": "missing", "county": "absent", "county-education": "absent",
                            "county-finance": "absent"}
    assert states[2022]["county-education"] == "missing" and states[2022]["county"] == "absent"


@pytest.mark.parametrize(("value", "message"), [
    ("1989", "`since` must be a year from 1990 to 2100, found the number 1989"),
    ("'2019'", "`since` must be a year from 1990 to 2100, found text"),
])
def test_since_must_be_a_year(county: Path, value: str, message: str) -> None:
    organ = county / "county-office" / "organ.yaml"
    organ.write_text(organ.read_text(encoding="utf-8") + f"since: {value}\n", encoding="utf-8")
    found = [d for d in diagnostics_of(county) if "since" in d]
    assert len(found) == 1 and "county-office/organ.yaml" in found[0] and message in found[0], found


def test_timeliness_pages_show_the_gap_and_both_states(built: Path) -> None:
    index = _page(built, "zh/timeliness/index.html")
    assert [a.get_text() for a in index.select("table tbody th a")] == ["2024", "2023", "2022", "2021"]
    assert (built / "en/timeliness/2023/index.html").is_file()  # a year without any report has its page
    zh = _page(built, "zh/timeliness/2022/index.html")
    rows = {tr.select_one("th a").get_text(): tr for tr in zh.select("table.timeliness tbody tr")}
    assert "status-missing" in rows["示例县教育局"]["class"] and "未发布" in rows["示例县教育局"].get_text()
    assert "status-absent" in rows["示例县人民政府"]["class"] and "本站未收录" in rows["示例县人民政府"].get_text()
    en = _page(built, "en/timeliness/2023/index.html")  # county-education (since 2021) is the one not published
    states = [td.get_text() for td in en.select("table.timeliness tbody tr td:nth-of-type(1)")]
    assert states == ["Not published", "Not on this site", "Not on this site", "Not on this site"]
    assert [li.get_text(" ", strip=True) for li in en.select("ul.status-counts li")][2:] == [
        "Not published: 1", "Date not stated: 0", "Not on this site: 3"]


# ---- footer ----


def test_the_footer_shows_what_site_yaml_gives(built: Path) -> None:
    for path, colon in (("zh/index.html", "："), ("en/county/2021/index.html", ": "), ("zh/timeliness/index.html", "：")):
        footer = _page(built, path).select_one("footer.site-footer")
        assert footer is not None
        lang = path[:2]
        texts = {cls: footer.select_one(f".footer-{cls}").get_text() for cls in
                 ("sponsor", "operator", "site-code", "icp", "police", "contact")}
        assert texts["sponsor"] == ("主办单位" if lang == "zh" else "Sponsor") + colon + (
            "示例县人民政府办公室" if lang == "zh" else "Demo County Government Office")
        assert texts["site-code"].endswith(colon + "3501990001")
        assert texts["icp"] == "闽ICP备00000000号" and texts["police"] == "闽公网安备 35019902000000号"
        assert footer.select_one("a.footer-icp")["href"] == "https://beian.miit.gov.cn/"
        assert "Phone" in texts["contact"] if lang == "en" else "电话" in texts["contact"]
        assert footer.select_one(".handbook-link") is None


def test_without_footer_keys_the_footer_has_only_the_data_links(tmp_path: Path) -> None:
    _, written = build(str(ROOT / "content"), str(tmp_path / "site"), search=False)
    assert written
    for path in ("zh/index.html", "en/index.html", "zh/pingtan/2022/index.html"):
        html = (tmp_path / "site" / path).read_text(encoding="utf-8")
        footer = BeautifulSoup(html, "html.parser").select_one("footer.site-footer")
        assert footer is not None and footer.select(".footer-ident") == []
        assert [a["href"].rsplit("/", 1)[-1] for a in footer.select("a")] == [
            "all.csv", "highlights.csv", "datapackage.json", "schema.json"]
        text = BeautifulSoup(html, "html.parser").get_text()
        assert "govreport" not in text and "示例内容" not in text and "sample content" not in text


@pytest.mark.parametrize(("licence", "zh", "en"), [
    ("CC-BY-4.0", "许可：知识共享署名 4.0 国际许可协议", "Licence: Creative Commons Attribution 4.0 International"),
    ("ODbL-1.0", "许可：开放数据库许可协议 1.0", "Licence: Open Data Commons Open Database License 1.0"),
    ("示例市公共数据开放许可", "许可：示例市公共数据开放许可", "Licence: 示例市公共数据开放许可"),  # not a known id: as written
])
def test_the_footer_names_the_licence_in_words(county: Path, licence: str, zh: str, en: str) -> None:
    site_yaml = county / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"licence: {licence}\n", encoding="utf-8")
    out = county.parent / "site"
    _, written = build(str(county), str(out), search=False)
    assert written
    for path, expected in (("zh/index.html", zh), ("en/county/2021/index.html", en)):
        footer = _page(out, path).select_one("footer .footer-data")
        assert footer is not None and footer.get_text().endswith(" · " + expected), footer


@pytest.mark.parametrize(("yaml", "message"), [
    ("footer: {icp: [1, 2]}\n", "`footer.icp` must be written as issued"),
    ("footer: {sponsor: 办公室}\n", "`sponsor` needs a text per language"),
    ("footer: {sponser: {zh: a, en: b}}\n", "sponser"),
])
def test_footer_keys_are_checked(county: Path, yaml: str, message: str) -> None:
    site_yaml = county / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + yaml, encoding="utf-8")
    found = diagnostics_of(county)
    assert any(message in d and "site.yaml" in d for d in found), found


def test_the_chooser_has_no_refresh_and_a_script(tmp_path: Path) -> None:
    _, written = build(str(ROOT / "content"), str(tmp_path / "site"), search=False)
    assert written
    soup = _page(tmp_path / "site", "index.html")
    assert soup.select('meta[http-equiv="refresh"]') == []
    assert [a["hreflang"] for a in soup.select(".language-list a")] == ["zh-CN", "en"]
    assert soup.select_one('script[src="static/language.js"]') is not None
