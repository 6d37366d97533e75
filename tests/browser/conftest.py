"""Real-browser tests: build the sample site once, index it, serve it under a subpath, drive Debian's Chromium.

Install what they need with `bash tests/browser/install.sh`; deselect them with `pytest -m "not browser"`.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from generator.build.pipeline import build
from generator.render.print.pdf import PdfOptions
from generator.write.search import index_site

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
AGGREGATE = ROOT / "tests" / "fixtures" / "aggregate"
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries the network on start.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
PREFIX = "/portal/sub/"  # the site is served here, not at the server root: it must work under any subpath
REFRESH = re.compile(r"<meta\s[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.IGNORECASE)
REFRESH_URL = re.compile(r"url\s*=\s*[\"']?([^\"'>]+)", re.IGNORECASE)
# the language chooser's script, which sends the browser on to its language's portal (like a refresh does)
CHOOSER_SCRIPT = re.compile(r"<script\s[^>]*src=\"[^\"]*static/language\.js\"[^>]*>\s*</script>", re.IGNORECASE)
INSTALL = "run `bash tests/browser/install.sh` (Chromium, Playwright, Pagefind, axe-core)"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: real-browser tests of the built site (tests/browser/)")


# ---- the pages of the sample site, known at collection time from content/ ----

@dataclass(frozen=True)
class Report:
    organ: str
    year: str
    format: str


def _languages() -> list[str]:
    doc = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    return [str(lang) for lang in doc.get("languages", ["zh", "en"])]


def _reports() -> list[Report]:
    found = []
    for path in sorted(CONTENT.glob("*/*/report.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append(Report(path.parent.parent.name, path.parent.name, str(doc.get("format"))))
    return found


LANGUAGES = _languages()
REPORTS = _reports()
ORGANS = sorted({r.organ for r in REPORTS} | {p.parent.name for p in CONTENT.glob("*/organ.yaml")})


def all_pages() -> list[str]:
    """Every page type: chooser, portal, organ, review, report, timeliness and search pages, in every language."""
    pages = ["index.html"]
    for lang in LANGUAGES:
        pages.append(f"{lang}/index.html")
        pages += [f"{lang}/{organ}/index.html" for organ in ORGANS]
        pages += [f"{lang}/{r.organ}/{r.year}/index.html" for r in REPORTS]
        pages.append(f"{lang}/pingtan/review/index.html")
        pages.append(f"{lang}/timeliness/index.html")
        years = sorted({r.year for r in REPORTS}, key=int)  # every year in range, with or without a report
        pages += [f"{lang}/timeliness/{year}/index.html" for year in range(int(years[0]), int(years[-1]) + 1)]
        pages.append(f"{lang}/search/index.html")
    return pages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", all_pages(), ids=lambda p: p.removesuffix("/index.html") or "/")
    for name, reports in (("report_page", REPORTS), ("statutory_page", [r for r in REPORTS if r.format != "legacy"])):
        if name in metafunc.fixturenames:
            params = [(lang, r) for lang in LANGUAGES for r in reports]
            metafunc.parametrize(name, params, ids=[f"{lang}/{r.organ}/{r.year}" for lang, r in params])


# ---- the built, indexed and served site ----

@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once for the session and indexed by Pagefind (unless the build already did)."""
    out = tmp_path_factory.mktemp("browser") / "site"
    validation, written = build(str(CONTENT), str(out), pdf=PdfOptions())
    errors = [d for d in validation.diagnostics if d.severity == "error"]
    assert written, f"the sample site did not build: {errors}"
    if not (out / "pagefind" / "pagefind-entry.json").is_file():
        index_site(out)
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at PREFIX only; everything outside it is a 404."""

    def send_head(self) -> Any:
        if self.path == "/favicon.ico":
            # the portal's own icon, which Chromium asks for when a page declares none: not the site's business
            self.send_response(204)
            self.end_headers()
            return None
        if not self.path.startswith(PREFIX):
            self.send_error(404, f"outside {PREFIX}")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/portal/sub/ serving `folder`, from a threaded server, until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"server-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site folder served under the subpath /portal/sub/."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def aggregate_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of tests/fixtures/aggregate (a county whose report of 2022 is computed from its members', the
    sample has none), built once without search or PDFs and served like the sample."""
    out = tmp_path_factory.mktemp("browser-aggregate") / "site"
    validation, written = build(str(AGGREGATE), str(out), search=False)
    assert written, [d for d in validation.diagnostics if d.severity == "error"]
    with serving(out) as url:
        yield url


# ---- one Chromium for the session, one reused page per purpose ----

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (sync API); Playwright never downloads a browser here."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright is not installed: {INSTALL}")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL}")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


@dataclass
class Visit:
    """What one navigation produced: console errors, uncaught exceptions, failed or refused requests."""

    status: int | None = None
    redirected_to: str | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.failed_requests


class Tab:
    """A page reused across tests; `visit(path)` navigates and records what went wrong."""

    def __init__(self, page: Any, base: str, follow_refresh: bool) -> None:
        self.page = page
        self.base = base
        self.follow_refresh = follow_refresh
        self.current = Visit()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: m.type == "error" and self.current.console_errors.append(
            f"console.error: {m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: self.current.console_errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.current.failed_requests.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.current.failed_requests.append(
            f"HTTP {r.status}: {r.url}"))

    def visit(self, path: str, wait: str = "load") -> Visit:
        """Open base + path; a page that redirects (<meta http-equiv=refresh>, the chooser's script) is followed."""
        self.current = Visit()
        response = self.page.goto(self.base + path, wait_until=wait)
        self.current.status = response.status if response else None
        # the body again, from the server: the browser may already have left the page and dropped it
        ok = response is not None and response.ok and self.follow_refresh
        body = self.page.request.get(self.base + path).text() if ok else ""
        refresh = REFRESH.search(body)
        if refresh:
            target = REFRESH_URL.search(refresh.group(0))
            if target:
                url = urljoin(self.base + path, html.unescape(target.group(1)))
                self.page.wait_for_url(url, wait_until="load")
                self.current.redirected_to = self.page.url
        elif CHOOSER_SCRIPT.search(body):  # the chooser sends the browser on by script: wait until it has arrived
            here = self.base + path
            self.page.wait_for_url(lambda url: url != here, wait_until="load")
            self.current.redirected_to = self.page.url
        return self.current

    def start(self) -> Visit:
        """Start recording without navigating (e.g. before clicking a link)."""
        self.current = Visit()
        return self.current


def _new_tab(browser: Any, base: str, *, keep_refresh: bool = True, **options: Any) -> Iterator[Tab]:
    context = browser.new_context(locale="zh-CN", **options)
    origin = base[: base.index("/", len("http://"))]

    def only_local(route: Any) -> None:
        # the site must not load anything from elsewhere: refuse it at once (no network here anyway)
        if not route.request.url.startswith((origin + "/", "data:", "blob:")):
            route.abort("blockedbyclient")
        elif keep_refresh or route.request.resource_type != "document":
            route.continue_()
        else:
            response = route.fetch()
            route.fulfill(response=response, body=CHOOSER_SCRIPT.sub("", REFRESH.sub("", response.text())))

    context.route("**/*", only_local)
    try:
        yield Tab(context.new_page(), base, follow_refresh=keep_refresh)
    finally:
        context.close()


@pytest.fixture(scope="session")
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    """The page the tests share (pages are reused: one navigation per check)."""
    yield from _new_tab(browser, base_url)


@pytest.fixture(scope="session")
def axe_tab(browser: Any, base_url: str) -> Iterator[Tab]:
    """A separate page for axe-core, whose script is injected (CSP bypassed for that); a redirecting page (the
    language chooser's script, or a <meta http-equiv=refresh>) is served without it, so axe checks its own markup."""
    yield from _new_tab(browser, base_url, keep_refresh=False, bypass_csp=True)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script, read once."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: {INSTALL}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def skip_unbuilt_search(site_dir: Path) -> Any:
    """`skip_unbuilt_search(path)` skips a search page that the build does not write (yet); other pages must exist."""

    def check(path: str) -> None:
        if path.endswith("search/index.html") and not (site_dir / path).is_file():
            pytest.skip(f"{path} is not rendered by the build (yet)")

    return check
