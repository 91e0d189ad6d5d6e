"""WCAG 2.1 AA on the built site: axe-core's rules on every page, light and dark, and the keyboard.

axe-core (``tests/vendor/axe-core/axe.min.js``, version 4.11.4 from the npm registry, MPL-2.0,
the engine behind Lighthouse's accessibility audit) runs its rules tagged ``wcag2a``,
``wcag2aa``, ``wcag21a`` and ``wcag21aa`` on every page of the build (the notebook views and the
slideshow included) in Chromium at 1280 px with the network blocked, once in the light theme
and once in the dark one (Quarto keeps the reader's choice in ``localStorage``, key
``quarto-color-scheme``). A violation names the rule, the page, the theme and the element.

What the rules cannot see is checked too: pressing Tab reaches every control of a page that a
mouse can reach, each with a visible focus mark; every formula carries MathML for screen
readers; every figure has its alt text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from browser_checks import Tab, report
from site_build import SiteServer

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
AXE_VERSION = "4.11.4"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
THEMES = ("light", "dark")
WIDTH = 1280
#: Most presses of Tab a page gets to show every control (the longest page has about 400).
MAX_TABS = 800

_RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.flatMap((v) => v.nodes.map((n) =>
        `${v.id}: ${n.target.join(' ')}: ${n.failureSummary.split('\\n').slice(1, 2).join('').trim()}`));
}"""


def built_pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]


def axe_problems(tab: Tab, url: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page at ``url``, one per element."""
    page = tab.open(url)
    page.add_script_tag(path=str(AXE))
    return [f"{tab.where()}: {problem}" for problem in page.evaluate(_RUN_AXE, WCAG_21_AA)]


def dark_tab(browser, width: int) -> Tab:
    tab = Tab(browser, width)
    tab.page.context.add_init_script("localStorage.setItem('quarto-color-scheme', 'alternate')")
    return tab


@pytest.fixture(scope="module")
def audit(built_site: Path, site_server: SiteServer, browser) -> dict:
    """theme -> axe's violations on every built page."""
    found: dict = defaultdict(list)
    for theme in THEMES:
        tab = dark_tab(browser, WIDTH) if theme == "dark" else Tab(browser, WIDTH)
        for name in built_pages(built_site):
            found[theme] += [
                p.replace(" at 1280 px", f" ({theme})")
                for p in axe_problems(tab, site_server.url + name)
            ]
        tab.close()
    return found


def test_axe_is_the_pinned_version() -> None:
    assert f"axe v{AXE_VERSION}" in AXE.read_text(encoding="utf-8")[:40]


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_meets_wcag_21_aa(audit: dict, theme: str) -> None:
    assert not audit[theme], report(audit[theme], 10)


# --------------------------------------------------------------------------- the keyboard

_MARK_CONTROLS = """() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    const controls = [...document.querySelectorAll(selector)].filter((el) =>
        el.tabIndex >= 0 && !el.disabled && !el.closest('[inert], [aria-hidden="true"]')
        && el.checkVisibility({visibilityProperty: true, opacityProperty: true})
        && el.getClientRects().length > 0);
    controls.forEach((el, i) => el.setAttribute('data-keyboard-check', i));
    return controls.length;
}"""
_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || !el.hasAttribute('data-keyboard-check')) return [null, true, ''];
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none';
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + ' "' + (el.getAttribute('aria-label') || el.textContent).trim().slice(0, 40) + '"';
    return [Number(el.getAttribute('data-keyboard-check')), outline || ring, name];
}"""
# Tab stops once in a group of radio buttons (the arrow keys move within it), so a radio counts
# as reached when a radio of its group was.
_UNREACHED = """(reached) => {
    const all = [...document.querySelectorAll('[data-keyboard-check]')];
    const hit = (el) => reached.includes(Number(el.getAttribute('data-keyboard-check')));
    const groups = new Set(all.filter((el) => el.type === 'radio' && hit(el)).map((el) => el.name));
    return all.filter((el) => !hit(el) && !(el.type === 'radio' && groups.has(el.name)))
        .slice(0, 5).map((el) => el.outerHTML.slice(0, 120));
}"""


def keyboard_problems(tab: Tab, url: str) -> list[str]:
    """Controls that Tab never reaches on the page at ``url``, and those it reaches unmarked."""
    page = tab.open(url)
    page.wait_for_load_state("load")
    total = page.evaluate(_MARK_CONTROLS)
    reached, unmarked = set(), []
    for _ in range(min(MAX_TABS, 2 * total + 10)):
        page.keyboard.press("Tab")
        index, visible, name = page.evaluate(_FOCUSED)
        if index is None:
            continue
        if index in reached and len(reached) == total:
            break
        reached.add(index)
        if not visible:
            unmarked.append(name)
    problems = [
        f"{tab.where()}: Tab never reaches {html}"
        for html in page.evaluate(_UNREACHED, sorted(reached))
    ]
    problems += [f"{tab.where()}: {name} takes focus without a visible mark" for name in unmarked]
    return problems


@pytest.fixture(scope="module")
def keyboard(built_site: Path, site_server: SiteServer, browser) -> list[str]:
    tab = Tab(browser, WIDTH)
    problems = []
    for name in built_pages(built_site):
        problems += keyboard_problems(tab, site_server.url + name)
    tab.close()
    return problems


def test_the_keyboard_reaches_every_control_with_a_visible_focus(keyboard: list[str]) -> None:
    assert not keyboard, report(keyboard, 10)


def test_the_slides_go_forward_and_back_from_the_keyboard(site_server: SiteServer, browser) -> None:
    tab = Tab(browser, WIDTH)
    page = tab.open(site_server.url + "activations_slideshow.html")
    # Each press shows the next fragment, or else the next slide.
    steps = page.evaluate("Reveal.getTotalSlides() + document.querySelectorAll('.fragment').length")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.isLastSlide()"), "ArrowRight does not reach the last slide"
    page.keyboard.press("Home")
    assert page.evaluate("Reveal.isFirstSlide()"), "Home does not go back to the first slide"
    tab.close()


# --------------------------------------------------------------------------- screen readers

_FORMULAS_WITHOUT_MATHML = """() => [...document.querySelectorAll('span.math')]
    .filter((s) => !s.querySelector('math annotation'))
    .slice(0, 3).map((s) => s.textContent.slice(0, 60))"""
_FIGURES_WITHOUT_ALT = """() => [...document.querySelectorAll('main img, .reveal img')]
    .filter((img) => (img.getAttribute('alt') || '').trim().length < 10)
    .map((img) => img.getAttribute('src').slice(0, 80))"""


def test_every_formula_and_figure_has_a_text_for_screen_readers(
    built_site: Path, site_server: SiteServer, browser
) -> None:
    tab = Tab(browser, WIDTH)
    problems = []
    for name in built_pages(built_site):
        page = tab.open(site_server.url + name)
        problems += [
            f"{tab.where()}: no MathML in {t!r}" for t in page.evaluate(_FORMULAS_WITHOUT_MATHML)
        ]
        problems += [
            f"{tab.where()}: no alt text on {s}" for s in page.evaluate(_FIGURES_WITHOUT_ALT)
        ]
    tab.close()
    assert not problems, report(problems)


# --------------------------------------------------------------------------- Quarto's markup


def test_the_markup_patches_still_apply_to_what_quarto_writes(built_site: Path) -> None:
    """tools/accessible_markup.py patches markup by pattern: a Quarto that writes it otherwise
    must fail here, not leave the patch silently unapplied."""
    exercises = (built_site / "exercises.html").read_text(encoding="utf-8")
    headers = re.findall(
        r'<div class="callout-header[^>]*data-bs-toggle="collapse"[^>]*>', exercises
    )
    assert headers, "exercises.html has no collapsible callout header Quarto's way"
    assert all('role="button"' in h and 'tabindex="0"' in h for h in headers), headers[0]
    slides = (built_site / "activations_slideshow.html").read_text(encoding="utf-8")
    assert re.search(
        r'<meta name="viewport" content="width=device-width, initial-scale=1\.0">', slides
    )
    speaker = built_site / "site_libs" / "revealjs" / "plugin" / "notes" / "speaker-view.html"
    assert 'class="speaker-layout-dropdown" aria-label="Layout"' in speaker.read_text(
        encoding="utf-8"
    )
    assert "theme/accessibility.html" not in exercises and "Search the site" in exercises


# --------------------------------------------------------------------------- broken copies

_BROKEN = {
    "no-alt": ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', "image-alt"),
    "faint-text": ('<p style="color:#aaa;background:#fff">faint</p>', "color-contrast"),
    "unnamed-button": ("<button><span></span></button>", "button-name"),
}


@pytest.mark.parametrize("breakage", sorted(_BROKEN))
def test_axe_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser, breakage: str
) -> None:
    html, rule = _BROKEN[breakage]
    page = (built_site / "index.html").read_text(encoding="utf-8")
    url = site_server.add(f"broken-{breakage}.html", page.replace("</main>", html + "</main>", 1))
    tab = Tab(browser, WIDTH)
    problems = axe_problems(tab, url)
    tab.close()
    assert any(f": {rule}: " in p for p in problems), problems


_TRAP = '<input id="trap" aria-label="trap" onkeydown="if (event.key === \'Tab\') event.preventDefault()">'
_NO_RING = "<style>#plain:focus { outline: none !important; box-shadow: none !important; }</style>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (_TRAP + '<a id="after" href="#x">after</a>', "Tab never reaches"),
        (_NO_RING + '<a id="plain" href="#x">plain</a>', 'a#plain "plain" takes focus without'),
    ],
    ids=["trap", "no-focus-mark"],
)
def test_keyboard_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser, html: str, expected: str
) -> None:
    page = (built_site / "explore.html").read_text(encoding="utf-8")
    name = f"broken-keyboard-{len(html)}.html"
    url = site_server.add(name, page.replace("<main", html + "<main", 1))
    tab = Tab(browser, WIDTH)
    problems = keyboard_problems(tab, url)
    tab.close()
    assert any(expected in p for p in problems), problems
