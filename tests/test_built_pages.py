"""Every built page in Chromium at a desktop, a tablet and a phone width, with no network.

Each page of ``_site`` (the notebook views and the slideshow included) is loaded once at each
width, every request leaving 127.0.0.1 blocked and recorded, and checked (browser_checks.js):
it does not scroll sideways, requests no other host, and shows no TeX its typesetter left
undone; formulas stay in their column and off the figures. The pages the site's authors lay
out (not the slideshow, which has its own tests, nor Quarto's notebook views, which show the
notebook's code and figures as they are) also keep code lines inside their box at 1280 and
768 px, draw figures at 60 % of their width or more at 1280 px, and stack two-column sections
below 1200 px. Each check is shown to fire on a copy of a built page broken the way an edit
could break it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import quarto_site as qs
from browser_checks import Tab, report
from site_build import SiteServer

WIDTHS = DESKTOP, TABLET, PHONE = (1280, 768, 390)
MIN_FIGURE_SCALE = 0.6
SLIDESHOW = Path(qs.SLIDESHOW).with_suffix(".html").name


def built_pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]


@pytest.fixture(scope="module")
def survey(built_site: Path, site_server: SiteServer, browser) -> dict:
    """(check, width) -> the problems found on every page, each page loaded once per width."""
    found: dict = defaultdict(list)
    for width in WIDTHS:
        tab = Tab(browser, width)
        for name in built_pages(built_site):
            tab.open(site_server.url + name)
            found["loaded", width].append(name)
            found["offsite", width] += tab.offsite()
            found["sideways", width] += tab.check("sidewaysScroll")
            found["tex", width] += tab.check("rawTex") if width == DESKTOP else []
            if name == SLIDESHOW:
                continue
            found["formulas", width] += tab.check("formulas")
            if name.endswith("-preview.html"):
                continue
            found["code", width] += tab.check("codeLines") if width != PHONE else []
            found["figures", width] += (
                tab.check("figures", MIN_FIGURE_SCALE) if width == DESKTOP else []
            )
            found["columns", width] += tab.check("sideBySide") if width != DESKTOP else []
        tab.close()
    return found


def test_the_site_publishes_no_file_of_the_repository_it_was_not_asked_to(built_site: Path) -> None:
    """Quarto's resource globs match at any depth unless they start with "/": "LICENSE" also
    copied the test suite's vendored axe-core licence into ``_site/tests``."""
    assert not (built_site / "tests").exists(), sorted(
        p.relative_to(built_site).as_posix() for p in (built_site / "tests").rglob("*")
    )
    assert (built_site / "LICENSE").is_file() and (built_site / "LICENSE-CONTENT").is_file()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_loaded(survey: dict, width: int) -> None:
    expected = {"index.html", "activations.html", SLIDESHOW, "ActivationFunctions-preview.html"}
    assert expected <= set(survey["loaded", width]), survey["loaded", width]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(survey: dict, width: int) -> None:
    assert not survey["sideways", width], report(survey["sideways", width])


def test_no_page_requests_another_host(survey: dict) -> None:
    problems = [p for width in WIDTHS for p in survey["offsite", width]]
    assert not problems, report(sorted(set(problems)))


def test_every_formula_is_typeset_without_the_network(survey: dict) -> None:
    assert not survey["tex", DESKTOP], report(survey["tex", DESKTOP])


@pytest.mark.parametrize("width", WIDTHS)
def test_formulas_stay_in_their_column(survey: dict, width: int) -> None:
    assert not survey["formulas", width], report(survey["formulas", width])


@pytest.mark.parametrize("width", [DESKTOP, TABLET])
def test_code_lines_fit_their_box(survey: dict, width: int) -> None:
    assert not survey["code", width], report(survey["code", width])


def test_figures_keep_sixty_percent_of_their_width_on_a_desktop(survey: dict) -> None:
    assert not survey["figures", DESKTOP], report(survey["figures", DESKTOP])


@pytest.mark.parametrize("width", [TABLET, PHONE])
def test_two_column_sections_stack_below_desktop_width(survey: dict, width: int) -> None:
    assert not survey["columns", width], report(survey["columns", width])


# --------------------------------------------------------------------------- broken copies

_WIDE_FORMULA = (
    '<p id="long"><math display="block"><mrow>'
    + "<mi>x</mi><mo>+</mo>" * 40
    + "<mn>1</mn></mrow></math></p></main>"
)
_SMALL_FIGURE = (
    '<img id="small" style="width: 300px" src="data:image/svg+xml,'
    "%3Csvg xmlns='http://www.w3.org/2000/svg' width='2000' height='100'/%3E\"></main>"
)
_COLUMNS = (
    '<div id="two" class="columns"><div class="column" style="width:50%">a</div>'
    '<div class="column" style="width:50%">b</div></div></main>'
)
#: name -> (built page, what to add before </main> or </head>, width, check, expected)
_BREAKAGES = {
    "too-wide": (
        "index.html",
        '<div id="too-wide" style="width: 2000px">wide</div></main>',
        PHONE,
        "sidewaysScroll",
        "div#too-wide",
    ),
    "offsite-script": (
        "frameworks.html",
        '<script src="https://cdn.example.org/lib.js"></script></head>',
        DESKTOP,
        "offsite",
        "requests https://cdn.example.org/lib.js (<script> in <head>)",
    ),
    "raw-tex": (
        "frameworks.html",
        r'<p id="raw">One half is \(\frac{1}{2}\).</p></main>',
        DESKTOP,
        "rawTex",
        r'raw TeX in p#raw: "One half is \\(\\frac{1}{2}\\)."',
    ),
    "raw-subscript": (
        "activations.html",
        '<p id="sub">every entry s_i(δ_ij - s_j) of the Jacobian</p></main>',
        DESKTOP,
        "rawTex",
        'raw TeX in p#sub: "every entry s_i(δ_ij - s_j) of the Jacobian"',
    ),
    "typesetting-error": (
        "frameworks.html",
        '<span id="bad" class="katex-error" title="ParseError: Expected group">x</span></main>',
        DESKTOP,
        "rawTex",
        'typesetting error span#bad.katex-error: "ParseError: Expected group"',
    ),
    "wide-formula": (
        "index.html",
        _WIDE_FORMULA,
        PHONE,
        "formulas",
        'formula "x+x+x+x',
    ),
    "long-code": (
        "activations.html",
        '<pre id="long-code">' + "x = 1  # " + "a long comment " * 8 + "</pre></main>",
        TABLET,
        "codeLines",
        "pre#long-code: a line",
    ),
    "small-figure": (
        "index.html",
        _SMALL_FIGURE,
        DESKTOP,
        "figures",
        "img#small is drawn at 15% of its 2000 px",
    ),
    "side-by-side": (
        "activations.html",
        _COLUMNS,
        PHONE,
        "sideBySide",
        "the cells of div#two.columns sit side by side",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_page_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser, breakage: str
) -> None:
    page, added, width, check, expected = _BREAKAGES[breakage]
    closing = added[added.rindex("</") :]
    text = (built_site / page).read_text(encoding="utf-8")
    assert closing in text, f"{page} has no {closing}"
    name = f"broken-{breakage}.html"
    url = site_server.add(name, text.replace(closing, added, 1))
    tab = Tab(browser, width)
    tab.open(url)
    args = (MIN_FIGURE_SCALE,) if check == "figures" else ()
    problems = tab.offsite() if check == "offsite" else tab.check(check, *args)
    tab.close()
    where = f"{name} at {width} px: "
    assert any(p.startswith(where) and expected in p for p in problems), report(problems)
    if check == "formulas":
        assert any("px past its p#long" in p for p in problems), report(problems)
