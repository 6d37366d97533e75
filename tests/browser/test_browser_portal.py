"""The public face in a real browser: site/index.html opens the browser's language (and is a list without
JavaScript), the timeliness pages list every year, English dates stay on one line on a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "lang"), [("en-US", "en"), ("en-GB", "en"), ("zh-CN", "zh"), ("zh-TW", "zh"),
                                              ("fr-FR", "zh")])  # a language the site lacks: the default
def test_chooser_opens_the_browser_language(browser: Any, base_url: str, locale: str, lang: str) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(base_url + "index.html")
        page.wait_for_url(f"{base_url}{lang}/index.html", wait_until="load")
        assert page.evaluate("document.documentElement.lang").startswith(lang)
    finally:
        context.close()


def test_chooser_without_javascript_lists_the_languages(browser: Any, base_url: str) -> None:
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "index.html", wait_until="load")
        page.wait_for_timeout(500)
        assert page.url == base_url + "index.html"  # no refresh: the reader chooses
        links = page.locator(".language-list a")
        assert links.count() == 2
        assert links.nth(1).is_visible() and links.nth(1).get_attribute("hreflang") == "en"
        links.nth(1).click()
        page.wait_for_url(f"{base_url}en/index.html")
    finally:
        context.close()


def test_english_timeliness_dates_stay_on_one_line(browser: Any, base_url: str) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(base_url + "en/timeliness/2022/index.html", wait_until="load")
        heights = page.eval_on_selector_all("table.timeliness time", "ts => ts.map(t => t.getClientRects().length)")
        assert heights and all(n == 1 for n in heights), heights
    finally:
        context.close()
