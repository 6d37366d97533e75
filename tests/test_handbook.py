"""The authors' handbook (docs/) builds in MkDocs' strict mode, works offline, and stays true to the code:
every content key, diagnostic code and CLI option of the generator is in it, and every diagnostic example
really triggers its code."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.build.incremental import Builder
from generator.build.pipeline import build, check
from generator.check.keys import CONTENT_KEYS
from generator.cli import main as cli
from generator.codes import CODES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = ("zh", "en")
# Codes whose example cannot be made with files (the handbook describes it instead); keep this list short.
# codes that no change of the example content shows (a link out of it, a full disk, an unusable -o, a scanned PDF, a broken --templates file…)
MANUAL_EXAMPLES = {"UNREADABLE", "PDF_LIBRARY", "UNSAFE_PATH", "BAD_ORGAN_ID", "YAML_LIMIT", "UNSAFE_OUTPUT", "WRITE",
                   "IMPORT_NEEDS_OCR", "IMPORT_TOO_LARGE", "TEMPLATE"}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"handbook_{name}", DOCS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _module("hooks")


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built as `make docs` builds it, in strict mode: any MkDocs warning fails the build."""
    out = tmp_path_factory.mktemp("handbook") / "handbook"
    _module("build_handbook").build(out, strict=True)
    return out


def page(handbook: Path, lang: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((handbook / lang / name).read_text(encoding="utf-8"), "html.parser")


def section(soup: BeautifulSoup, anchor: str) -> list[Tag]:
    """The elements after the heading with id `anchor`, up to the next heading of the same or a higher level."""
    heading = soup.find(id=anchor)
    assert isinstance(heading, Tag) and re.fullmatch(r"h[1-6]", heading.name), f"no heading #{anchor}"
    level = int(heading.name[1])
    out = []
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name) and int(sibling.name[1]) <= level:
            break
        out.append(sibling)
    return out


# ---- it builds, offline ---------------------------------------------------------------------------------------


def test_both_languages_are_built_with_a_link_between_them(handbook: Path) -> None:
    index = (handbook / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/index.html"' in index and 'href="en/index.html"' in index
    for lang, other in (("zh", "en"), ("en", "zh")):
        soup = page(handbook, lang, "writing.html")
        assert soup.html is not None and soup.html.get("lang") == lang
        link = soup.find("a", hreflang=other)
        assert isinstance(link, Tag), f"no link from the {lang} handbook to the {other} one"
        assert (handbook / lang / str(link["href"])).resolve().is_file()


def _urls(handbook: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(handbook.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attr in ("src", "href", "action", "poster", "data", "srcset"):
                value = tag.get(attr)
                if isinstance(value, str):
                    yield path, value.split()[0] if attr == "srcset" and value else value
    for path in sorted(handbook.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
            yield path, url
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", path.read_text(encoding="utf-8")):
            yield path, url


def test_no_external_url(handbook: Path) -> None:
    found = list(_urls(handbook))
    assert len(found) > 200  # the crawl sees the pages' links, scripts and styles
    external = sorted({f"{path.relative_to(handbook)}: {url}" for path, url in found
                       if urlsplit(url).scheme not in ("", "data") or url.startswith("//")})
    assert external == []


def test_every_local_link_resolves(handbook: Path) -> None:
    broken = []
    for path, url in _urls(handbook):
        parts = urlsplit(url)
        if parts.scheme or not parts.path or path.suffix != ".html":
            continue
        if not (path.parent / parts.path).resolve().exists():
            broken.append(f"{path.relative_to(handbook)}: {url}")
    assert broken == []


def test_chinese_search_finds_chinese_words(handbook: Path) -> None:
    """jieba cuts the Chinese text into words at build time; a word from mid-sentence is a token of its page."""
    index = json.loads((handbook / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    separator = re.compile(index["config"]["separator"])

    def pages_with(word: str) -> set[str]:
        return {doc["location"].split("#")[0] for doc in index["docs"] if word in separator.split(doc["text"])}

    # “……写 `null`：空白不是零” and “……逐格照录数字”: words inside sentences, not headings
    assert "writing.html" in pages_with("空白")
    assert "history.html" in pages_with("照录")
    assert "diagnostics.html" in pages_with("引号")
    # the sentence itself is not one token: a search for a word inside it must match
    assert not pages_with("原报告留空的格子写")


# ---- content keys ---------------------------------------------------------------------------------------------


def _documented_keys(handbook: Path, lang: str, anchor: str) -> set[str]:
    """The keys in the first column of the key tables of a section of “Writing a report”."""
    keys = set()
    for element in section(page(handbook, lang, "writing.html"), anchor):
        for row in element.select("table tbody tr") if element.name != "table" else element.select("tbody tr"):
            first = row.find("td")
            code = first.find("code") if isinstance(first, Tag) else None
            if isinstance(code, Tag):
                keys.add(code.get_text())
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("where", sorted(CONTENT_KEYS))
def test_every_content_key_is_in_the_handbook(handbook: Path, lang: str, where: str) -> None:
    anchor = "keys-" + where.removesuffix(".yaml")
    documented = _documented_keys(handbook, lang, anchor)
    missing = [key for key in CONTENT_KEYS[where] if key not in documented]
    assert missing == [], f"document these keys of {where} in docs/{lang}/writing.md, section #{anchor}"


def test_the_keys_the_validator_accepts_are_declared() -> None:
    """Literal key lists given to DocReader.mapping in the check stage must be declared in CONTENT_KEYS (or be labels)."""
    declared = {key for keys in CONTENT_KEYS.values() for key in keys} | {"zh", "en"}
    literal = set()
    nodes = [n for p in sorted((ROOT / "generator" / "check").glob("*.py"))
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))]
    assert any(isinstance(n, ast.Attribute) and n.attr == "mapping" for n in nodes)
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mapping":
            for kw in node.keywords:
                if isinstance(kw.value, (ast.List, ast.Tuple)):
                    literal |= {e.value for e in kw.value.elts if isinstance(e, ast.Constant)}
    assert literal <= declared, f"declare these keys in CONTENT_KEYS: {sorted(literal - declared)}"


# ---- diagnostic codes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_has_meaning_example_output_and_fix(handbook: Path, lang: str) -> None:
    soup = page(handbook, lang, "diagnostics.html")
    incomplete = {}
    for code in CODES:
        if soup.find(id=code) is None:
            incomplete[code] = "no section"
            continue
        parts = section(soup, code)
        classes = {c for el in parts for c in (el.get("class") or []) if el.get_text(strip=True)}
        need = {"gr-meaning", "gr-example", "gr-fix"} | (set() if code in MANUAL_EXAMPLES else {"gr-output"})
        if need - classes:
            incomplete[code] = f"missing {sorted(need - classes)}"
            continue
        output = "".join(el.get_text() for el in parts if "gr-output" in (el.get("class") or []))
        if code not in MANUAL_EXAMPLES and f"[{code}]:" not in output:
            incomplete[code] = "the output shown does not report the code"
    assert incomplete == {}, "see docs/diagnostics.yaml"


def test_the_example_base_content_is_clean() -> None:
    """Each example changes one thing in a base that has no problem at all, so the code shown is the example's."""
    with hooks.example_content({}) as root:
        assert check(str(root)).diagnostics == ()


DESCRIBED = hooks.load_descriptions()["codes"]


def test_every_described_code_is_registered() -> None:
    assert sorted(set(DESCRIBED) - set(CODES)) == []
    assert {c for c, e in DESCRIBED.items() if e["example"].get("manual")} == MANUAL_EXAMPLES


@pytest.mark.parametrize("code", sorted(set(DESCRIBED) - MANUAL_EXAMPLES))
def test_the_example_triggers_its_code(code: str) -> None:
    output = hooks.run_example(DESCRIBED[code]["example"])
    lines = hooks.example_lines(output, code)
    assert lines, f"the example of {code} in docs/diagnostics.yaml does not trigger it:\n{output}"
    example = DESCRIBED[code]["example"]
    source = (str(example["source"]["name"]),) if example.get("command") == "import" else ()  # where import points
    assert lines[0].startswith(("content/", f"{CODES[code].severity}[", *source)), lines
    assert f"{CODES[code].severity}[{code}]" in lines[0]


# ---- the CLI reference ----------------------------------------------------------------------------------------


def _cli_strings() -> dict[str, list[str]]:
    """Subcommand ('' for the top level) → its option strings and positional names."""
    parser = cli.parser()
    found: dict[str, list[str]] = {"": []}
    for action in parser._actions:
        found[""] += list(action.option_strings)
        if action.choices and not action.option_strings:  # the subcommands
            for name, sub in action.choices.items():
                found[name] = [s for a in sub._actions for s in (a.option_strings or [a.dest])]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_cli_option_is_in_the_reference(handbook: Path, lang: str) -> None:
    soup = page(handbook, lang, "cli.html")
    codes = {c.get_text() for c in soup.find_all("code")}
    missing = []
    for command, options in _cli_strings().items():
        if command and soup.find(id=command) is None:
            missing.append(f"govreport {command}")
            continue
        where = section(soup, command) if command else list(soup.find_all("table")[:1])
        texts = {c.get_text() for el in where for c in el.find_all("code")}
        missing += [f"{command} {opt}".strip() for opt in options if opt not in texts]
    assert len(codes) > 10 and missing == []


def test_every_cli_option_has_its_chinese_text() -> None:
    """The zh reference must not fall back to English: docs/cli.zh.yaml has a text for every command and option."""
    texts = hooks.yaml.safe_load((DOCS / "cli.zh.yaml").read_text(encoding="utf-8"))
    parser = cli.parser()
    missing = []
    for command in _cli_strings():
        if command and command not in texts:
            missing.append(command)
        sub = parser if not command else next(a.choices[command] for a in parser._actions if a.choices
                                               and not a.option_strings)
        for action in sub._actions:
            if action.choices and not action.option_strings:
                continue
            name = action.option_strings[-1] if action.option_strings else action.dest
            if f"{command} {name}".strip() not in texts and name not in texts:
                missing.append(f"{command} {name}".strip())
    assert missing == [], "add these to docs/cli.zh.yaml"


# ---- the portal links the handbook ----------------------------------------------------------------------------


def test_the_preview_footer_links_the_handbook_and_the_public_one_does_not(handbook: Path, tmp_path: Path) -> None:
    """`build --handbook` copies the handbook without linking it from the public footer; serve's preview (Builder)
    links it from the footer of every page, in the page's language."""
    with hooks.example_content({}) as content:
        result, written = build(str(content), str(tmp_path / "public"), search=False, handbook=handbook)
        assert written, result.diagnostics
        assert (tmp_path / "public" / "handbook" / "zh" / "diagnostics.html").is_file()
        public = (tmp_path / "public" / "zh" / "index.html").read_text(encoding="utf-8")
        assert "handbook-link" not in public and "handbook/" not in public
        _, written = Builder(str(content), str(tmp_path / "site"), None, handbook=handbook).rebuild()
        assert written
    site = tmp_path / "site"
    assert (site / "handbook" / "zh" / "diagnostics.html").is_file()
    checked = 0
    for path in sorted(site.glob("*/**/index.html")):
        if "handbook" in path.relative_to(site).parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("footer a.handbook-link")
        assert isinstance(link, Tag), f"no handbook link in the footer of {path.relative_to(site)}"
        lang = path.relative_to(site).parts[0]
        target = (path.parent / str(link["href"])).resolve()
        assert target == (site / "handbook" / lang / "index.html").resolve() and target.is_file()
        checked += 1
    assert checked >= 8  # portal, search, organ and report pages in both languages


def test_the_preview_server_includes_the_handbook(handbook: Path, tmp_path: Path) -> None:
    """`serve --handbook` builds through Builder: its first build copies the handbook, its rebuilds keep it."""
    with hooks.example_content({}) as content:
        builder = Builder(str(content), str(tmp_path / "site"), None, handbook=handbook)
        _, written = builder.rebuild()
        assert written
        report = content / "pingtan" / "2021" / "zh.md"
        report.write_text(report.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
        _, rewritten = builder.rebuild()
    assert 0 < rewritten < written
    assert (tmp_path / "site" / "handbook" / "en" / "cli.html").is_file()
    page = (tmp_path / "site" / "zh" / "pingtan" / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'class="handbook-link" href="../../../handbook/zh/index.html"' in page


def test_without_a_handbook_there_is_no_link(tmp_path: Path) -> None:
    with hooks.example_content({}) as content:
        _, written = build(str(content), str(tmp_path / "site"), search=False)
    assert written
    portal = (tmp_path / "site" / "zh" / "index.html").read_text(encoding="utf-8")
    assert "handbook-link" not in portal and not (tmp_path / "site" / "handbook").exists()


def test_handbook_option_needs_a_built_handbook(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "content", "-o", str(tmp_path / "site"),
                           "--handbook", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert f"argument --handbook: {tmp_path} is not a built handbook (no index.html); run `make docs` first" \
        in proc.stderr
    assert not (tmp_path / "site").exists()
