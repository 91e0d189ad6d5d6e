"""Every activation section of the reference says how much it matters, and the start page
takes exactly the Core ones.

An activation section is a level-3 section of the reference page (includes expanded) that holds
the two-column ``.grid`` of formula and figure. Right under its heading, alone in a paragraph,
it carries one of three spans: ``[Core]{.level-mark .core}``, ``[Good to know]{.level-mark
.good}`` or ``[Specialist]{.level-mark .specialist}`` (styled in theme/site.scss). The start page
(start.qmd) links every section marked Core.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs

START = "start.qmd"
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


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert level_problems(root) == [], "the unbroken copy must pass"
    breaking, phrase = _BREAKAGES[breakage]
    breaking(root)
    problems = level_problems(root)
    assert any(phrase in problem for problem in problems), problems
