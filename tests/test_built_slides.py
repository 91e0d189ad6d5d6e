"""Every slide of the built slideshow in Chromium at its own size, 1280 x 720, with no network.

Each slide is shown with all its fragments (browser_checks.js ``slides``): nothing may lie past
the slide's edges (a figure or table too tall, a caption too long, a scrollable slide), no
formula may run past its column or over a figure, and every slide but the title slide has
speaker notes. Sizes in the messages are slide pixels. Each check is shown to fire on a copy of
the built slideshow broken the way an edit could break it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import quarto_site as qs
import test_lecture
from browser_checks import Tab, report
from site_build import SiteServer

import activations

SLIDESHOW = Path(qs.SLIDESHOW).with_suffix(".html").name
WIDTH = 1280


_COUNT_EVERY_SLIDE = """() => document.querySelectorAll('section[data-visibility="uncounted"]')
    .forEach((s) => s.removeAttribute('data-visibility'))"""


def slide_problems(tab: Tab, url: str, only: str = "") -> dict[str, list[str]]:
    """kind (edges, formulas, notes) -> ``<page> at 1280 px: slide N "title": problem``, for
    every slide, or only the one with id ``only``."""
    tab.open(url)
    # reveal.js leaves the uncounted slides (the extras under a main slide) out of getSlides():
    # count them here so that every slide is checked.
    tab.page.evaluate(_COUNT_EVERY_SLIDE)
    seen = tab.page.evaluate("only => siteChecks.slides(only)", only)
    assert seen["total"] > len(activations.ACTIVATIONS), seen["total"]
    assert seen["checked"] == (1 if only else seen["total"]), f"{seen['checked']} slides checked"
    found: dict[str, list[str]] = {"edges": [], "formulas": [], "notes": []}
    for item in seen["found"]:
        found[item["kind"]].append(f"{tab.where()}: {item['slide']}: {item['problem']}")
    return found


@pytest.fixture(scope="module")
def slides(site_server: SiteServer, browser) -> dict[str, list[str]]:
    tab = Tab(browser, WIDTH)
    found = slide_problems(tab, site_server.url + SLIDESHOW)
    tab.close()
    return found


def test_nothing_lies_past_a_slides_edges(slides: dict) -> None:
    assert not slides["edges"], report(slides["edges"], 50)


def test_no_formula_runs_past_its_column_or_over_a_figure(slides: dict) -> None:
    assert not slides["formulas"], report(slides["formulas"], 50)


def test_every_slide_but_the_title_has_speaker_notes(slides: dict) -> None:
    assert not slides["notes"], report(slides["notes"], 50)


# --------------------------------------------------------------------------- broken copies

#: A formula too wide for a half column, as MathML, which Chromium draws whatever the typesetter.
_WIDE = (
    '<p id="wide"><math display="block"><mrow>'
    + "<mi>x</mi><mo>+</mo>" * 25
    + "<mn>1</mn></mrow></math></p>"
)
#: name -> (text in the sigmoid slide, its replacement, kind, what its problems must say)
_BREAKAGES = {
    "formula-too-wide": (
        '<div class="column" style="width:50%;">',
        '<div class="column" style="width:50%;">' + _WIDE,
        "formulas",
        (r"runs \d+ px past its div\.column in section#slide-sigmoid", r"covers \d+ px of img"),
    ),
    "figure-too-tall": (
        "<img ",
        '<img style="height: 900px; max-height: none" ',
        "edges",
        (r"img in div#fig-sigmoid-slide\S* runs past the slide's bottom edge",),
    ),
    "notes-removed": (
        '<aside class="notes">',
        '<aside class="removed">',
        "notes",
        ("has no speaker notes",),
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_slide_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser, breakage: str
) -> None:
    old, new, kind, expected = _BREAKAGES[breakage]
    text = (built_site / SLIDESHOW).read_text(encoding="utf-8")
    start = text.index('<section id="slide-sigmoid"')
    assert old in text[start:], f"cannot break the sigmoid slide: no {old!r}"
    broken = text[:start] + text[start:].replace(old, new, 1)
    name = f"broken-{breakage}.html"
    tab = Tab(browser, WIDTH)
    problems = slide_problems(tab, site_server.add(name, broken), "slide-sigmoid")[kind]
    tab.close()
    hits = [p for p in problems if re.match(rf'{name} at {WIDTH} px: slide \d+ "Sigmoid": ', p)]
    for pattern in expected:
        assert any(re.search(pattern, p) for p in hits), report(problems, 50)


# --------------------------------------------------------------------------- the lecture's path


def path_problems(tab: Tab, url: str) -> list[str]:
    """The right arrow steps from the title slide along the level-1 slides of the source, and
    only those (reveal.js navigation mode "default", Quarto's ``navigation-mode: vertical``);
    the slide number counts them only; the down arrow opens the extras under #slide-tanh."""
    expected = ["title-slide", *(s.ident for s in test_lecture.main_path(test_lecture._deck()))]
    page = tab.open(url)
    problems = []
    total = page.evaluate("() => Reveal.getTotalSlides()")
    if total != len(expected):
        problems.append(f"{tab.where()}: the slide number counts {total}, not {len(expected)}")
    page.evaluate("() => Reveal.slide(0, 0)")
    page.locator("body").focus()
    shown = [page.evaluate("() => Reveal.getCurrentSlide().id")]
    for _ in expected[1:]:
        # Fragments (the check answers) take one press each before the slide changes.
        for _press in range(5):
            page.keyboard.press("ArrowRight")
            current = page.evaluate("() => Reveal.getCurrentSlide().id")
            if current != shown[-1]:
                break
        shown.append(current)
    if shown != expected:
        wrong = next(i for i, (a, b) in enumerate(zip(shown, expected, strict=True)) if a != b)
        problems.append(f"{tab.where()}: → shows #{shown[wrong]} where #{expected[wrong]} belongs")
    page.evaluate(
        "() => Reveal.slide(...Object.values(Reveal.getIndices("
        "document.getElementById('slide-tanh'))))"
    )
    page.keyboard.press("ArrowDown")
    below = page.evaluate("() => Reveal.getCurrentSlide().id")
    if below != "slide-softsign":
        problems.append(f"{tab.where()}: ↓ from #slide-tanh shows #{below}, not #slide-softsign")
    return problems


def test_the_right_arrow_follows_the_lecture(site_server: SiteServer, browser) -> None:
    tab = Tab(browser, WIDTH)
    problems = path_problems(tab, site_server.url + SLIDESHOW)
    tab.close()
    assert not problems, report(problems, 20)


def test_path_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser
) -> None:
    """With reveal.js's linear navigation mode (Quarto's default) → walks into the extras."""
    text = (built_site / SLIDESHOW).read_text(encoding="utf-8")
    broken, count = re.subn(r"navigationMode: '\w+'", "navigationMode: 'linear'", text)
    assert count == 1, "no navigationMode in the built slideshow"
    tab = Tab(browser, WIDTH)
    problems = path_problems(tab, site_server.add("broken-linear.html", broken))
    tab.close()
    assert any("→ shows #overview where #family-classic belongs" in p for p in problems), report(
        problems, 20
    )
