"""The decision aid (activations.site.decision): its rows agree with the registry and the site.

Each row names the registry entries it recommends and the reference page's sections that back
its reason. Checked: every name is a registry entry shown in the row's default or alternative;
every section exists on the reference page (includes expanded); the properties a row's reason
relies on hold for its entries (ranges from the registry's bounds, which tests/test_bounds.py
checks against mpmath, and smoothness, which the tests check numerically); the notebook's
tbl-decision shows :func:`activations.site.decision.markdown_table` as it is now. Each check
returns its problems, so the tests at the bottom show it firing on a broken copy.
"""

from __future__ import annotations

import dataclasses
import math
import re

import nbformat
import pytest
import quarto_site as qs

from activations import ACTIVATIONS
from activations.site import decision
from activations.site.decision import DECISIONS, Decision
from activations.site.pages import PAGES


def _rows(where: str, rows: tuple[Decision, ...]) -> Decision:
    (row,) = [r for r in rows if r.where == where]
    return row


def name_problems(rows: tuple[Decision, ...]) -> list[str]:
    """Names that are not registry entries, or that the row's text does not show."""
    problems = []
    for row in rows:
        shown = f"{row.default} {row.alternative}".lower()
        for name in row.names:
            entry = PAGES.get(name)
            if entry is None:
                problems.append(f"{row.where}: {name!r} is not a registry entry")
            elif not re.search(
                rf"(?<![\w-]){re.escape(entry.display_name.lower())}(?![\w-])", shown
            ):
                problems.append(
                    f"{row.where}: {entry.display_name} is not in its default or alternative"
                )
        if not row.sections:
            problems.append(f"{row.where}: no section backs its reason")
    return problems


def section_problems(rows: tuple[Decision, ...], root=qs.ROOT) -> list[str]:
    """Sections a row cites that the reference page does not have."""
    ids = qs.element_ids(qs.load_page(root / decision.REFERENCE_PAGE).blocks)
    return [
        f"{row.where}: #{section} is not on {decision.REFERENCE_PAGE}"
        for row in rows
        for section in row.sections
        if section not in ids
    ]


def property_problems(rows: tuple[Decision, ...]) -> list[str]:
    """The registry's properties behind the reasons of particular rows."""
    problems = []

    def bounds(name: str) -> tuple[float, float]:
        return ACTIVATIONS[name].bounds

    pinn = _rows("Physics-informed network (smooth second derivatives)", rows)
    problems += [
        f"physics-informed: {n} is {ACTIVATIONS[n].smoothness}, not C∞"
        for n in pinn.names
        if ACTIVATIONS[n].smoothness != "Cinf"
    ]
    if ACTIVATIONS["relu"].smoothness == "Cinf":
        problems.append("physics-informed: the reason says ReLU is not smooth")
    positive = _rows("Output: regression, positive", rows)
    problems += [
        f"positive regression: {n}'s range is {bounds(n)}, not (0, inf)"
        for n in positive.names
        if bounds(n) != (0.0, math.inf)
    ]
    bounded = _rows("Output: regression, bounded", rows)
    expected = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
    problems += [
        f"bounded regression: {n}'s range is {bounds(n)}"
        for n in bounded.names
        if bounds(n) != expected.get(n)
    ]
    phone = _rows("An int8 model on a phone", rows)
    if bounds(phone.names[0]) != (0.0, 6.0) or "[0, 6]" not in phone.why:
        problems.append(f"int8: {phone.names[0]}'s range is {bounds(phone.names[0])}, not [0, 6]")
    gates = _rows("Gates of an RNN (LSTM, GRU)", rows)
    for name, stated in (
        ("sigmoid", (0.0, 1.0)),
        ("tanh", (-1.0, 1.0)),
        ("hard_sigmoid", (0.0, 1.0)),
    ):
        if name not in gates.names or bounds(name) != stated:
            problems.append(f"gates: {name}'s range is not {stated}")
    for where in ("Output: binary", "Output: multi-label"):
        row = _rows(where, rows)
        if row.names[0] != "sigmoid" or bounds("sigmoid") != (0.0, 1.0):
            problems.append(f"{where}: the default is not the sigmoid with range (0, 1)")
    return problems


def test_names_are_registry_entries_the_rows_show() -> None:
    assert not name_problems(DECISIONS)


def test_sections_exist_on_the_reference_page() -> None:
    assert not section_problems(DECISIONS)


def test_properties_behind_the_reasons_hold() -> None:
    assert not property_problems(DECISIONS)


def test_rows_cover_every_place_the_site_promises() -> None:
    places = [row.where for row in DECISIONS]
    assert len(set(places)) == len(places)
    for word in (
        "CNN",
        "Transformer",
        "RNN",
        "int8",
        "Physics-informed",
        "binary",
        "multi-class",
        "multi-label",
        "positive",
        "bounded",
        "unbounded",
    ):
        assert any(word in place for place in places), word


def test_markdown_table_has_a_row_per_decision_with_links() -> None:
    header, separator, *lines = decision.markdown_table().splitlines()
    assert header.count("|") == separator.count("|") == 5
    assert len(lines) == len(DECISIONS)
    for line, row in zip(lines, DECISIONS, strict=True):
        assert line.startswith(f"| {row.where} | {row.default} |")
        for section in row.sections:
            assert f"]({decision.REFERENCE_PAGE}#{section})" in line


def title_problems(rows: tuple[Decision, ...], root=qs.ROOT) -> list[str]:
    """Link texts that are not the heading of the section they lead to."""
    page = qs.load_page(root / decision.REFERENCE_PAGE)
    headings = {
        b["c"][1][0]: qs.stringify(b["c"][2]) for b in qs.walk(page.blocks) if b["t"] == "Header"
    }
    return [
        f"{row.where}: #{section} is titled {headings.get(section)!r}, not "
        f"{decision.section_title(section)!r}"
        for row in rows
        for section in row.sections
        if headings.get(section) != decision.section_title(section)
    ]


def test_links_name_the_sections_they_lead_to() -> None:
    assert not title_problems(DECISIONS)


def test_title_check_fires_on_a_renamed_section(tmp_path) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(
        root / "_reference/rectifiers.qmd",
        "### Dead ReLU units {#sec-dead-relu}",
        "### Dying units {#sec-dead-relu}",
    )
    assert title_problems(DECISIONS, root)


def test_notebook_table_is_the_current_one() -> None:
    notebook = nbformat.read(qs.ROOT / qs.NOTEBOOK, as_version=4)
    cells = [c for c in qs.notebook_cells(notebook) if c.options.get("label") == "tbl-decision"]
    assert len(cells) == 1
    (output,) = cells[0].outputs
    text = output["data"]["text/markdown"]
    assert ("".join(text) if isinstance(text, list) else text) == decision.markdown_table()


# --------------------------------------------------------------------------- broken copies

_BROKEN = {
    "unknown name": (
        lambda rows: (dataclasses.replace(rows[0], names=("rectifier",)), *rows[1:]),
        name_problems,
    ),
    "name not shown": (
        lambda rows: (dataclasses.replace(rows[0], names=("relu", "elu")), *rows[1:]),
        name_problems,
    ),
    "missing section": (
        lambda rows: (dataclasses.replace(rows[0], sections=("sec-rectifier",)), *rows[1:]),
        section_problems,
    ),
    "ReLU for physics-informed": (
        lambda rows: tuple(
            dataclasses.replace(r, names=("tanh", "relu")) if r.where.startswith("Physics") else r
            for r in rows
        ),
        property_problems,
    ),
    "softsign for bounded": (
        lambda rows: tuple(
            dataclasses.replace(r, names=("sigmoid", "softsign"))
            if r.where == "Output: regression, bounded"
            else r
            for r in rows
        ),
        property_problems,
    ),
    "ELU for positive": (
        lambda rows: tuple(
            dataclasses.replace(r, names=("softplus", "elu")) if r.where.endswith("positive") else r
            for r in rows
        ),
        property_problems,
    ),
}


@pytest.mark.parametrize("breakage", list(_BROKEN))
def test_decision_checks_fire_on_a_broken_copy(breakage: str) -> None:
    breaker, check = _BROKEN[breakage]
    assert check(breaker(DECISIONS))
