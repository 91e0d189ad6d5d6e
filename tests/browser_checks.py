"""Open built pages in Chromium as a classroom without network gets them, and run the checks.

``Tab`` is one page in a browser context of a given width that blocks, and records, every
request leaving 127.0.0.1, and that adds ``browser_checks.js`` to each page. ``Tab.open``
loads a page and waits for its math typesetter: until no ``span.math`` is left as TeX while a
typesetter (MathJax, KaTeX) is loaded, or at once when none is (its script was blocked, or the
page has none), so a page whose typesetter cannot load shows its raw TeX to the checks.
``check`` runs one check of the script and names the page and width in each problem.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Without Playwright a module that imports this one skips (the e2e suite needs it; the others
# must collect without it).
sync_api = pytest.importorskip("playwright.sync_api")
Browser, Page, PlaywrightTimeout = sync_api.Browser, sync_api.Page, sync_api.TimeoutError

CHECKS_JS = Path(__file__).with_name("browser_checks.js")
TIMEOUT_MS = 15_000
#: The slideshow's size (its front matter), and the height of every window.
HEIGHT = 720
_TYPESET = "() => siteChecks.untypeset() === 0 || !siteChecks.typesetterLoaded()"


class Tab:
    """One page of a fresh context ``width`` px wide; ``blocked`` lists what left 127.0.0.1."""

    def __init__(self, browser: Browser, width: int) -> None:
        self.width = width
        self.blocked: list[str] = []
        context = browser.new_context(viewport={"width": width, "height": HEIGHT})
        context.add_init_script(path=str(CHECKS_JS))
        context.route("**/*", self._route)
        self.page: Page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)

    def _route(self, route: object) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Page:
        """Load ``url`` (forgetting what earlier pages requested) and let its math typeset."""
        self.blocked.clear()
        self.page.goto(url)
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        try:
            self.page.wait_for_function(_TYPESET)
        except PlaywrightTimeout:
            pass  # the formulas left as TeX are what rawTex reports
        return self.page

    def check(self, name: str, *args: object) -> list[str]:
        """Run ``siteChecks.<name>`` on the open page; each problem names page and width."""
        found = self.page.evaluate(f"(args) => siteChecks.{name}(...args)", list(args))
        return [f"{self.where()}: {problem}" for problem in found]

    def offsite(self) -> list[str]:
        """The requests of the open page that would have left 127.0.0.1, and what made them."""
        return [
            f"{self.where()}: requests {url}{self.page.evaluate(_REFERRER, url)}"
            for url in dict.fromkeys(self.blocked)
        ]

    def where(self) -> str:
        return f"{urlsplit(self.page.url).path.lstrip('/')} at {self.width} px"

    def close(self) -> None:
        self.page.context.close()


_REFERRER = """url => {
    const e = [...document.querySelectorAll('[src], [href]')]
        .find(e => e.src === url || e.href === url);
    return e ? ` (<${e.tagName.toLowerCase()}> in <${e.parentElement.tagName.toLowerCase()}>)` : '';
}"""


def report(problems: list[str], per_page: int = 5) -> str:
    """Problems one a line, at most ``per_page`` for each page and width."""
    shown: dict[str, list[str]] = {}
    for problem in problems:
        shown.setdefault(problem.split(": ", 1)[0], []).append(problem)
    lines = []
    for where, found in shown.items():
        more = len(found) - per_page
        lines += found[:per_page] + ([f"{where}: ... and {more} more"] if more > 0 else [])
    return "\n".join(lines)
