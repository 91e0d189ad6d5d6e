"""Every activation section of the reference says how much it matters, and the start page
takes exactly the Core ones.

An activation section is a level-3 section of the reference page (includes expanded) that holds
the two-column ``.grid`` of formula and figure. Right under its heading, alone in a paragraph,
it carries one of three spans: ``[Core]{.level-mark .core}``, ``[Good to know]{.level-mark
.good}`` or ``[Specialist]{.level-mark .specialist}`` (styled in theme/site.scss). The start page
(start.qmd) links every section marked Core; the exercises it suggests are a subset of the
exercises page's core set (``core="true"``), none of level 3; and its links to the families'
*Key points* land on a tip callout of the reference page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs

START = "start.qmd"
EXERCISES = "exercises.qmd"
LEVELS = {"core": "Core", "good": "Good to know", "specialist": "Specialist"}


def _level(block: dict) -> tuple[str, str] | None:
    """(class, text) of a paragraph that is one level-mark span and nothing else."""
    if block["t"] != "Para" or len(block["c"]) != 1 or block["c"][0]["t"] != "Span":
        return None
    attr, inlines = block["c"][0]["c"]
    if "level-mark" not in attr[1]:
        return None
    kinds = [c for c in attr[1] if c in LEVELS]
    return (kinds[0] if len(kinds) == 1 else ",".join(kinds)), qs.stringify(inlines)


def levels(root: Path) -> tuple[dict[str, str], list[str]]:
    """Each activation section's level, and what is wrong with the marks."""
    blocks = qs.load_page(root / qs.REFERENCE).ast["blocks"]
    found: dict[str, str] = {}
    problems = []
    for block in blocks:
        if block["t"] != "Header" or block["c"][0] != 3:
            continue
        ident = block["c"][1][0]
        section = qs.section_blocks(blocks, ident) or []
        if not any(qs.divs_with_class(b, qs.GRID) for b in section):
            continue
        mark = _level(section[0]) if section else None
        if mark is None:
            problems.append(f"#{ident}: no level mark right under the heading")
            continue
        kind, text = mark
        if kind not in LEVELS:
            problems.append(f"#{ident}: level mark with classes {kind!r}")
        elif text != LEVELS[kind]:
            problems.append(f"#{ident}: mark .{kind} reads {text!r}, not {LEVELS[kind]!r}")
        else:
            found[ident] = kind
    return found, problems


def level_problems(root: Path) -> list[str]:
    """The marks' problems, and every Core section the start page does not link."""
    found, problems = levels(root)
    links = {
        element["c"][2][0]
        for element in qs.walk(qs.load_page(root / START).ast["blocks"])
        if element["t"] == "Link"
    }
    for ident, kind in found.items():
        if kind == "core" and f"{qs.REFERENCE}#{ident}" not in links:
            problems.append(f"#{ident} is Core but {START} does not link it")
    return problems


def _links(root: Path, page: str) -> list[str]:
    return [
        element["c"][2][0]
        for element in qs.walk(qs.load_page(root / page).ast["blocks"])
        if element["t"] == "Link"
    ]


def path_problems(root: Path) -> list[str]:
    """The start page's suggested exercises are core exercises below level 3, and its links to
    ``#key-...`` land on a tip callout (Key points) of the reference page."""
    exercises = {}
    for element in qs.walk(qs.load_page(root / EXERCISES).ast["blocks"]):
        if element["t"] == "Div":
            ident, classes, attrs = qs.attr_of(element)
            if "exercise" in classes:
                exercises[ident] = attrs
    tips = {
        qs.attr_of(div)[0]
        for div in qs.divs_with_class(
            qs.load_page(root / qs.REFERENCE).ast["blocks"], "callout-tip"
        )
    }
    problems = []
    for target in _links(root, START):
        page, _, ident = target.partition("#")
        if page == EXERCISES:
            attrs = exercises.get(ident)
            if ident == "ex-core":
                continue
            if attrs is None:
                problems.append(f"{START} links {target}, which is not an exercise")
            elif attrs.get("core") != "true":
                problems.append(f"{START} suggests {target}, not a core exercise")
            elif attrs.get("level") == "3":
                problems.append(f"{START} suggests {target}, of level 3")
        elif page == qs.REFERENCE and ident.startswith("key-") and ident not in tips:
            problems.append(f"{START} links {target}, which is not a Key points callout")
    return problems


def test_the_start_page_suggests_core_exercises_and_links_key_points() -> None:
    assert path_problems(qs.ROOT) == []


def test_every_activation_section_has_a_level() -> None:
    assert level_problems(qs.ROOT) == []


def test_the_core_is_small() -> None:
    found, _ = levels(qs.ROOT)
    core = sorted(ident for ident, kind in found.items() if kind == "core")
    assert 4 <= len(core) <= 10, core


def _unmark(root: Path) -> None:
    qs.replace_once(
        root / qs.REFERENCE,
        "### Tanh {#sec-tanh}\n\n[Core]{.level-mark .core}",
        "### Tanh {#sec-tanh}",
    )


#: breakage, and the phrase the check must report
_BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "unmarked": (_unmark, "#sec-tanh: no level mark"),
    "wrong-text": (
        lambda root: qs.replace_once(
            root / qs.REFERENCE,
            "### Sigmoid {#sec-sigmoid}\n\n[Core]{.level-mark .core}",
            "### Sigmoid {#sec-sigmoid}\n\n[Good to know]{.level-mark .core}",
        ),
        "#sec-sigmoid: mark .core reads 'Good to know'",
    ),
    "core-not-on-start": (
        lambda root: qs.replace_once(root / START, "[Tanh](activations.qmd#sec-tanh)", "Tanh"),
        "#sec-tanh is Core but start.qmd does not link it",
    ),
}


#: breakage of start.qmd or the reference, and the phrase path_problems must report
_PATH_BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "not-core": (
        lambda root: qs.replace_once(
            root / START,
            "exercises.qmd#ex-sigmoid-derivative",
            "exercises.qmd#ex-sigmoid-saturation",
        ),
        "suggests exercises.qmd#ex-sigmoid-saturation, not a core exercise",
    ),
    "level-3": (
        lambda root: qs.replace_once(
            root / EXERCISES,
            '{#ex-sigmoid-derivative .exercise activation="sigmoid" kind="derive" level="1"',
            '{#ex-sigmoid-derivative .exercise activation="sigmoid" kind="derive" level="3"',
        ),
        "suggests exercises.qmd#ex-sigmoid-derivative, of level 3",
    ),
    "key-points-id": (
        lambda root: qs.replace_once(
            root / "_reference" / "classic.qmd",
            "::: {#key-classic .callout-tip}",
            "::: {#key-classic}",
        ),
        "links activations.qmd#key-classic, which is not a Key points callout",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_PATH_BREAKAGES))
def test_path_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert path_problems(root) == [], "the unbroken copy must pass"
    breaking, phrase = _PATH_BREAKAGES[breakage]
    breaking(root)
    problems = path_problems(root)
    assert any(phrase in problem for problem in problems), problems


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert level_problems(root) == [], "the unbroken copy must pass"
    breaking, phrase = _BREAKAGES[breakage]
    breaking(root)
    problems = level_problems(root)
    assert any(phrase in problem for problem in problems), problems
