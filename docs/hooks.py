"""MkDocs hooks of the authors' handbook: pages generated from the code itself, so they cannot drift.

- `<!-- govreport:cli -->` becomes the CLI reference, read from `generator.cli.main.parser()`;
- `<!-- govreport:diagnostics -->` becomes one section per code of `generator.codes.CODES`, with the meaning and
  fix of docs/diagnostics.yaml and its minimal example *run through govreport*: the output shown is real.

A code without a description, or an example that does not trigger its code, is a MkDocs warning (an error in
`--strict` builds, as in `make test`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

from generator import codes  # noqa: E402
from generator.cli import main as cli  # noqa: E402

log = logging.getLogger("mkdocs.plugins.govreport")

# The example content every diagnostic example starts from: copied from the sample content, free of problems
# (notes included). Path in the example → path below content/. 平潭 2021 and 2022 are consecutive reports of the
# 2021 format, so the cross-year checks run and hold; the 2019 report (2019 format) is kept in an organ folder of
# its own (a copy of 平潭's organ.yaml), so that no chain runs across the format change with a gap.
BASE_FILES = {
    "site.yaml": "site.yaml",
    "pingtan/organ.yaml": "pingtan/organ.yaml",
    "pingtan/2021": "pingtan/2021",
    "pingtan/2022": "pingtan/2022",
    "pingtan-2019/organ.yaml": "pingtan/organ.yaml",
    "pingtan-2019/2019": "pingtan/2019",
}
WORDS = {
    "zh": {"error": "错误", "warning": "警告", "note": "提示", "or": "；也可能是",
           "meaning": "含义", "example": "最小示例", "output": "govreport 的输出",
           "fix": "改法", "option": "选项", "value": "取值", "default": "默认", "help": "说明", "usage": "用法",
           "severity": "严重程度", "missing": "（本手册尚未说明此代码）", "manual": "无法用文件演示",
           "positional": "位置参数",
           "colon": "："},
    "en": {"error": "error", "warning": "warning", "note": "note", "or": "; also",
           "meaning": "Meaning", "example": "Minimal example",
           "output": "What govreport prints", "fix": "Fix", "option": "Option", "value": "Value",
           "default": "Default", "help": "Description", "usage": "Usage", "severity": "Severity",
           "missing": "(this code is not yet described in the handbook)", "manual": "cannot be shown with files",
           "positional": "argument", "colon": ": "},
}


def _lang(config: Any) -> str:
    return str(config["theme"]["language"])


# ---- the CLI reference --------------------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _sub_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options_table(parser: argparse.ArgumentParser, key: str, lang: str, zh: Mapping[str, str]) -> list[str]:
    w = WORDS[lang]
    rows = [f"| {w['option']} | {w['value']} | {w['default']} | {w['help']} |", "|---|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        names = ", ".join(f"`{s}`" for s in action.option_strings) or f"`{action.dest}` ({w['positional']})"
        if action.choices:
            value = " \\| ".join(f"`{c}`" for c in action.choices)
        elif action.nargs == 0:
            value = ""
        else:
            value = f"`{action.metavar or action.dest.upper()}`"
        default = "" if action.default in (None, False, argparse.SUPPRESS) or action.nargs == 0 \
            else f"`{action.default}`"
        name = action.option_strings[-1] if action.option_strings else action.dest
        text = (zh.get(f"{key} {name}".strip()) or zh.get(name) if lang == "zh" else None) or action.help or ""
        rows.append(f"| {names} | {value} | {default} | {_cell(text)} |")
    return rows


def cli_markdown(lang: str) -> str:
    """The CLI reference page body, from `generator.cli.main.parser()`."""
    zh: dict[str, str] = yaml.safe_load((DOCS / "cli.zh.yaml").read_text(encoding="utf-8")) or {}
    parser = cli.parser()
    w = WORDS[lang]
    out = [f"```text\n{parser.format_usage().strip()}\n```", "", *_options_table(parser, "", lang, zh), ""]
    helps = _sub_help(parser)
    for name, sub in _subcommands(parser).items():
        text = (zh.get(name) if lang == "zh" else None) or helps.get(name, "")
        usage = sub.format_usage().strip().removeprefix("usage: ")
        out += [f"## govreport {name} {{ #{name} }}", "", text, "", f"**{w['usage']}**", "",
                f"```text\n{usage}\n```", "", *_options_table(sub, name, lang, zh), ""]
    return "\n".join(out)


# ---- diagnostic codes ---------------------------------------------------------------------------------------


def load_descriptions() -> dict[str, Any]:
    """docs/diagnostics.yaml: group titles and, per code, meaning and fix in each language and an example."""
    return dict(yaml.safe_load((DOCS / "diagnostics.yaml").read_text(encoding="utf-8")))


@contextlib.contextmanager
def example_content(example: Mapping[str, Any]) -> Iterator[Path]:
    """A temporary content folder: the base sample with the example's change applied."""
    with tempfile.TemporaryDirectory(prefix="govreport-example-") as tmp:
        root = Path(tmp) / "content"
        for rel, sample in BASE_FILES.items():
            _copy(ROOT / "content" / sample, root / rel)
        for step in example.get("steps") or [example]:
            _apply(step, root)
        yield root


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)


def _apply(example: Mapping[str, Any], root: Path) -> None:
    """One change of an example: copy (from the sample content/), replace, write, delete or rename `file`."""
    target = root / str(example.get("file", ""))
    if "copy" in example:
        _copy(ROOT / "content" / str(example["copy"]), target)
    if "replace" in example:
        old, new = example["replace"]
        text = target.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"example for {example['file']}: {old!r} must occur exactly once")
        target.write_text(text.replace(old, new), encoding="utf-8")
    if "write" in example:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(str(example["write"]).encode(example.get("encoding", "utf-8")))
    if example.get("delete"):
        target.unlink()
    if "rename" in example:
        target.rename(root / str(example["rename"]))


def import_source(example: Mapping[str, Any], folder: Path) -> Path:
    """The source file of an `import` example: a seed (`from`, below the repository) changed by `replace` or cut
    before `cut_at`, or `text` (written in `encoding`), or `hex` bytes; saved in `folder` under `name`."""
    source = example["source"]
    if "hex" in source:
        data = bytes.fromhex(str(source["hex"]))
    else:
        text = str(source["text"]) if "text" in source else (ROOT / str(source["from"])).read_text(encoding="utf-8")
        if "replace" in source:
            old, new = source["replace"]
            if text.count(old) < 1:
                raise ValueError(f"import example: {old!r} is not in {source.get('from')}")
            text = text.replace(old, new, 1)
        if "cut_at" in source:
            text = text[: text.index(str(source["cut_at"]))]
        data = text.encode(str(source.get("encoding", "utf-8")))
    path = folder / str(source["name"])
    path.write_bytes(data)
    return path


def import_argv(example: Mapping[str, Any], source: str, content: str) -> list[str]:
    """The command line of an `import` example."""
    return ["import", source, "--organ", str(example.get("organ", "pingtan")), "--year", str(example["year"]),
            "--content", content, *[str(a) for a in example.get("args", ())]]


def run_example(example: Mapping[str, Any]) -> str:
    """Apply an example to the base content and run govreport on it; what it prints, with `content/` paths."""
    with example_content(example) as root:
        out = root.parent / "site"
        argv = [str(example.get("command", "validate")), str(root)]
        if argv[0] == "build":
            argv += ["-o", str(out), "--no-search"]
        if argv[0] == "import":
            argv = import_argv(example, str(import_source(example, root.parent)), str(root))
        saved = dict(os.environ)
        # the repository's cache, whatever the working folder (mkdocs runs from docs/): never a cache inside docs/
        os.environ.setdefault("GOVREPORT_CACHE_DIR", str(ROOT / ".govreport-cache"))
        os.environ.update({k: str(v) for k, v in (example.get("env") or {}).items()})
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
                cli.main(argv)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return buffer.getvalue().replace(f"{root.parent}{os.sep}", "").replace(str(out), "site")


def example_lines(output: str, code: str) -> list[str]:
    """The lines of `output` about `code`: each diagnostic line with its hint line."""
    lines, keep = [], False
    for line in output.splitlines():
        if line.startswith("  hint:"):
            if keep:
                lines.append(line)
            continue
        keep = f"[{code}]:" in line
        if keep:
            lines.append(line)
    return lines


def _example_markdown(code: str, example: Mapping[str, Any], lang: str) -> list[str]:
    w = WORDS[lang]
    if example.get("manual"):
        return ['<div class="gr-example" markdown>', "", f"**{w['example']}** ({w['manual']}){w['colon']}"
                f"{example['manual'][lang]}", "", "</div>", ""]
    out = ['<div class="gr-example" markdown>', "", f"**{w['example']}**", ""]
    shown = example.get("show", {}).get(lang) if isinstance(example.get("show"), dict) else example.get("show")
    if shown is None:
        shown = example["replace"][1] if "replace" in example else example.get("write", "")
    if example.get("say"):
        out += [str(example["say"][lang]), ""]
    if shown:
        kind = "markdown" if str(example.get("file", "")).endswith(".md") else "yaml"
        title = f"content/{example.get('file', '')}"
        if example.get("command") == "import":
            kind, title = "text", str(example["source"]["name"])
        out += [f'```{kind} title="{title}"', str(shown).rstrip("\n"), "```", ""]
    out += ["</div>", ""]
    lines = example_lines(run_example(example), code)
    if not lines:
        log.warning(f"diagnostics: the example of {code} does not trigger {code}")
    command = "govreport " + str(example.get("command", "validate")) + " content"
    if example.get("command") == "import":
        command = "govreport " + " ".join(import_argv(example, str(example["source"]["name"]), "content"))
    if example.get("env"):
        command = " ".join(f"{k}={v}" for k, v in example["env"].items()) + " " + command
    out += ['<div class="gr-output" markdown>', "", f"**{w['output']}** (`{command}`)", "",
            "```text", *lines, "```", "", "</div>", ""]
    return out


def _block(css_class: str, markdown: str) -> list[str]:
    return [f'<div class="{css_class}" markdown>', "", markdown, "", "</div>", ""]


def diagnostics_markdown(lang: str) -> str:
    """The diagnostics page body: every registered code, grouped, with meaning, example, output and fix."""
    data = load_descriptions()
    described = data.get("codes", {})
    w = WORDS[lang]
    out: list[str] = []
    for extra in sorted(set(described) - set(codes.CODES)):
        log.warning(f"diagnostics: docs/diagnostics.yaml describes {extra}, which is not in generator/codes.py")
    for group in codes.GROUPS:
        out += [f"## {data['groups'][group][lang]} {{ #group-{group} }}", ""]
        for code, info in codes.CODES.items():
            if info.group != group:
                continue
            severity = "".join(f"{w['or']} " * bool(i) + f"`{s}`" + (f"（{w[s]}）" if lang == "zh" else "")
                               for i, s in enumerate((info.severity, *info.also)))  # zh: translate the printed word
            out += [f"### {code} {{ #{code} }}", "", f"**{w['severity']}**{w['colon']}{severity}", ""]
            entry = described.get(code)
            if entry is None:
                log.warning(f"diagnostics: {code} is not described in docs/diagnostics.yaml")
                out += [w["missing"], ""]
                continue
            meaning, fix = entry[lang]["meaning"], entry[lang]["fix"]
            out += _block("gr-meaning", f"**{w['meaning']}**{w['colon']}{meaning}")
            out += _example_markdown(code, entry["example"], lang)
            out += _block("gr-fix", f"**{w['fix']}**{w['colon']}{fix}")
    return "\n".join(out)


# ---- MkDocs events ------------------------------------------------------------------------------------------


OUTPUT_MARKER = re.compile(r"<!-- govreport:output ([A-Z0-9_]+) -->")


def _output(match: re.Match[str]) -> str:
    """What govreport prints for the example of a code (as on the diagnostics page)."""
    code = match.group(1)
    entry = load_descriptions()["codes"].get(code)
    lines = example_lines(run_example(entry["example"]), code) if entry else []
    if not lines:
        log.warning(f"{match.group(0)}: no example output for {code}")
    return "\n".join(["```text", *lines, "```"])


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the generated parts of the pages: CLI reference, diagnostics, example outputs."""
    lang = _lang(config)
    markdown = OUTPUT_MARKER.sub(_output, markdown)
    if "<!-- govreport:cli -->" in markdown:
        markdown = markdown.replace("<!-- govreport:cli -->", cli_markdown(lang))
    if "<!-- govreport:diagnostics -->" in markdown:
        markdown = markdown.replace("<!-- govreport:diagnostics -->", diagnostics_markdown(lang))
    return markdown
