"""Every internal link, cross-reference and navbar target of the site resolves.

Check 3 of issue 4. A Quarto website resolves ``@sec-``/``@fig-``/``@eq-``/``@tbl-`` within
the page only (cross-page references are a book feature:
https://quarto.org/docs/books/book-crossrefs.html), so each reference must find its target
on its own page: a heading id, a ``$$ ... $$ {#eq-...}`` equation, or a figure/table, either
written on the page or embedded from the notebook with that label. Unresolved references
render as "?@label" (quarto-cli src/resources/filters/crossref/refs.lua).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs

#: Navbar entry -> the targets that show it (the notebook as itself or as Quarto's notebook
#: view, ``<stem>-preview.html``, see ``quarto_site.notebook_previews``).
NAVBAR = {
    "Home": {qs.INDEX},
    "Reference": {qs.REFERENCE},
    "Slides": {qs.SLIDESHOW},
    "Notebook": {qs.NOTEBOOK, qs.NOTEBOOK.replace(".ipynb", "-preview.html")},
}


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_every_link_and_cross_reference_resolves(path: Path) -> None:
    problems = qs.link_problems(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_labels_use_hyphens(path: Path) -> None:
    problems = qs.label_problems(path)
    assert not problems, "\n".join(problems)


def test_notebook_labels_use_hyphens() -> None:
    notebook = qs.load_notebook(qs.ROOT / qs.NOTEBOOK)
    bad = [c.label for c in qs.notebook_cells(notebook) if c.label and "_" in c.label]
    assert not bad, f"{qs.NOTEBOOK} labels with '_': {bad}"


def test_every_navbar_and_footer_target_exists() -> None:
    problems = qs.navbar_problems()
    assert not problems, "\n".join(problems)


def test_navbar_links_the_four_pages() -> None:
    targets = {t.lstrip("/") for t in qs.navbar_targets(qs.quarto_config())}
    missing = {text: sorted(names) for text, names in NAVBAR.items() if not names & targets}
    assert not missing, f"{qs.QUARTO_CONFIG} navbar lacks {missing}"


def test_footer_links_the_licence_files() -> None:
    links = [u.lstrip("./") for u in qs.footer_links(qs.quarto_config())]
    licences = [u for u in links if "LICENSE" in u.upper()]
    assert len(licences) >= 2, f"the footer should link the code and prose licences: {links}"


def test_reference_page_links_the_slideshow() -> None:
    page = qs.load_page(qs.ROOT / qs.REFERENCE)
    urls = [e["c"][2][0] for e in qs.walk(page.blocks) if e["t"] == "Link"]
    assert any(u.split("#")[0] in (qs.SLIDESHOW, "activations_slideshow.html") for u in urls), (
        f"{qs.REFERENCE} has no link to {qs.SLIDESHOW}"
    )


# --------------------------------------------------------------------------- broken copies


def _append(name: str, text: str) -> Callable[[Path], None]:
    def breaker(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")

    return breaker


def _rename_first_referenced_section(root: Path) -> None:
    page = qs.load_page(root / qs.REFERENCE)
    cited = [c["citationId"] for e in qs.walk(page.blocks) if e["t"] == "Cite" for c in e["c"][0]]
    linked = [e["c"][2][0][1:] for e in qs.walk(page.blocks) if e["t"] == "Link"]
    referenced = [label for label in cited + linked if label.startswith("sec-")]
    assert referenced, f"cannot break {qs.REFERENCE}: nothing refers to a section"
    qs.replace_once(root / qs.REFERENCE, "{#" + referenced[0] + "}", "{#renamed}")


def _cite_a_figure_of_the_reference(root: Path) -> None:
    def figures(name: str) -> set[str]:
        page = qs.load_page(root / name)
        return {i for e in qs.embeds_in(page.text) for i in e.ids if i.startswith("fig-")}

    elsewhere = sorted(figures(qs.REFERENCE) - figures(qs.INDEX))
    assert elsewhere, "cannot break: every figure of the reference is also on the home page"
    _append(qs.INDEX, f"See @{elsewhere[0]}.")(root)


_BREAKAGES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "renamed-section": (qs.REFERENCE, _rename_first_referenced_section, "on this page"),
    "anchor": (qs.INDEX, _append(qs.INDEX, "[x](#sec-nowhere)"), "#sec-nowhere has no target"),
    "file": (qs.INDEX, _append(qs.INDEX, "[x](missing.qmd)"), "missing.qmd points at a missing"),
    "other-page-anchor": (
        qs.INDEX,
        _append(qs.INDEX, f"[x]({qs.REFERENCE}#sec-nowhere)"),
        "no #sec-nowhere in activations.qmd",
    ),
    "equation": (qs.REFERENCE, _append(qs.REFERENCE, "See @eq-nowhere."), "@eq-nowhere"),
    "figure": (qs.REFERENCE, _append(qs.REFERENCE, "See @fig-nowhere."), "@fig-nowhere"),
    "figure-of-another-page": (qs.INDEX, _cite_a_figure_of_the_reference, "resolves to nothing"),
    "figure-label-on-a-heading": (
        qs.REFERENCE,
        _append(qs.REFERENCE, "## Odd {#fig-odd}\n\nSee @fig-odd."),
        "@fig-odd",
    ),
    "citation": (qs.INDEX, _append(qs.INDEX, "As @goodfellow2016 says."), "no bibliography"),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_link_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    name, breaker, expected = _BREAKAGES[breakage]
    before = set(qs.link_problems(root / name, root))
    breaker(root)
    new = set(qs.link_problems(root / name, root)) - before
    assert any(expected in p for p in new), f"expected {expected!r} among {sorted(new)}"


def test_underscore_label_check_fires(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    _append(qs.REFERENCE, "## Leaky {#sec-leaky_relu}\n\nSee @fig-leaky_relu.")(root)
    problems = qs.label_problems(root / qs.REFERENCE, root)
    assert any("'sec-leaky_relu'" in p for p in problems), problems
    assert any("'fig-leaky_relu'" in p for p in problems), problems


def test_navbar_check_fires(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(root / qs.QUARTO_CONFIG, f"href: {qs.SLIDESHOW}", "href: slides-gone.qmd")
    problems = qs.navbar_problems(root)
    assert any("slides-gone.qmd does not exist" in p for p in problems), problems
