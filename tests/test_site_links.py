"""Every internal link, cross-reference and navbar target of the site resolves.

Check 3 of issue 4. A Quarto website resolves ``@sec-``/``@fig-``/``@eq-``/``@tbl-`` within
the page only (cross-page references are a book feature:
https://quarto.org/docs/books/book-crossrefs.html), so each reference must find its target
on its own page: a heading id, a ``$$ ... $$ {#eq-...}`` equation, or a figure/table, either
written on the page or embedded from the notebook with that label. Unresolved references
render as "?@label" (quarto-cli src/resources/filters/crossref/refs.lua). A citation, ``[@key]``
or ``@key``, must name an entry of the project's ``references.bib`` (tests/test_citations.py
checks the entries).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs
import yaml

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


def _drop_the_bibliography(root: Path) -> None:
    qs.replace_once(root / qs.QUARTO_CONFIG, "bibliography: references.bib\n", "")


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
    "citation-unknown": (
        qs.INDEX,
        _append(qs.INDEX, "As @goodfellow2016 says."),
        "@goodfellow2016 is not in references.bib",
    ),
    "citation-without-bibliography": (qs.INDEX, _drop_the_bibliography, "no bibliography"),
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


# --------------------------------------------------------------------------- notebook views
#
# Quarto writes ``<stem>-preview.html`` only for a notebook that a Bootstrap HTML page embeds
# from while its notebook-links is not false (see ``quarto_site`` above ``page_formats`` for
# the quarto-cli code this follows). The cases below are read from that code, not from the
# model: each builds a one-page project and asks which views a render would write.

_VIEW = "nb-preview.html"
_OTHER_VIEW = "other-preview.html"


def _mini_project(
    root: Path,
    page: dict,
    *,
    project_html: dict | None = None,
    project_top: dict | None = None,
    project_type: str = "website",
    directory: dict | None = None,
) -> Path:
    """A project with one page in sub/ that embeds sub/nb.ipynb, with the given options."""
    notebook = (
        '{"cells": [], "metadata": {"kernelspec": {"language": "python", "name": "python3"}},'
        ' "nbformat": 4, "nbformat_minor": 5}'
    )
    (root / "sub").mkdir(parents=True)
    for name in ("nb.ipynb", "other.ipynb"):
        (root / "sub" / name).write_text(notebook, encoding="utf-8")
    config = {
        "project": {"type": project_type, "render": ["sub/page.qmd"]},
        "format": {"html": {"theme": "cosmo", **(project_html or {})}},
        **(project_top or {}),
    }
    (root / qs.QUARTO_CONFIG).write_text(yaml.safe_dump(config), encoding="utf-8")
    if directory is not None:
        (root / "sub" / "_metadata.yml").write_text(yaml.safe_dump(directory), encoding="utf-8")
    front = yaml.safe_dump({"title": "Page", **page})
    body = "{{< embed nb.ipynb#fig-a >}}\n"
    (root / "sub" / "page.qmd").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return root


_VIEW_CASES: dict[str, tuple[dict, dict, set[str]]] = {
    "html-default": ({}, {}, {_VIEW}),
    "notebook-links-false": ({"notebook-links": False}, {}, set()),
    "notebook-links-inline": ({"notebook-links": "inline"}, {}, {_VIEW}),
    "notebook-links-global": ({"notebook-links": "global"}, {}, {_VIEW}),
    "notebook-view-false": ({"notebook-view": False}, {}, set()),
    "notebook-view-style-notebook": ({"notebook-view-style": "notebook"}, {}, set()),
    "revealjs": ({"format": "revealjs"}, {}, set()),
    "revealjs-options": ({"format": {"revealjs": {"notebook-links": True}}}, {}, set()),
    "html-and-revealjs": ({"format": {"html": "default", "revealjs": "default"}}, {}, {_VIEW}),
    "page-format-false": ({"format": {"html": {"notebook-links": False}}}, {}, set()),
    "theme-none": ({"theme": "none"}, {}, set()),
    "theme-pandoc": ({"format": {"html": {"theme": "pandoc"}}}, {}, set()),
    "project-false": ({}, {"project_html": {"notebook-links": False}}, set()),
    "page-top-over-project-format": (
        {"notebook-links": True},
        {"project_html": {"notebook-links": False}},
        {_VIEW},
    ),
    "page-top-false-over-project-format-true": (
        {"notebook-links": False},
        {"project_html": {"notebook-links": True}},
        set(),
    ),
    "project-format-over-project-top": (
        {},
        {"project_top": {"notebook-links": True}, "project_html": {"notebook-links": False}},
        set(),
    ),
    "directory-false": ({}, {"directory": {"notebook-links": False}}, set()),
    "page-over-directory": (
        {"notebook-links": True},
        {"directory": {"notebook-links": False}},
        {_VIEW},
    ),
    "book": ({}, {"project_type": "book"}, set()),
    "notebook-view-entry": (
        {"notebook-view": [{"notebook": "other.ipynb", "title": "Other"}]},
        {},
        {_VIEW, _OTHER_VIEW},
    ),
    "notebook-view-entry-with-url": (
        {"notebook-view": [{"notebook": "other.ipynb", "url": "https://example.org/o"}]},
        {},
        {_VIEW},
    ),
}


@pytest.mark.parametrize("case", sorted(_VIEW_CASES))
def test_notebook_views_follow_quartos_rule(tmp_path: Path, case: str) -> None:
    page, project, expected = _VIEW_CASES[case]
    root = _mini_project(tmp_path / "site", page, **project)
    views = qs.notebook_previews(root)
    assert {p.name for p in views} == expected
    assert all(p.parent == (root / "sub").resolve() for p in views), views


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("html-default", []),
        ("notebook-links-false", ["page.qmd (html)"]),
        ("revealjs", ["page.qmd (revealjs)"]),
        ("html-and-revealjs", ["page.qmd (revealjs)"]),
    ],
)
def test_pages_that_keep_the_notebook_path(tmp_path: Path, case: str, expected: list) -> None:
    page, project, _ = _VIEW_CASES[case]
    root = _mini_project(tmp_path / "site", page, **project)
    assert qs.embed_path_leaks(root) == expected


def test_a_link_to_a_page_outside_the_render_list_fails(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    (root / "draft.qmd").write_text("---\ntitle: Draft\n---\n", encoding="utf-8")
    _append(qs.INDEX, "[draft](draft.qmd) and [again](draft.html)")(root)
    problems = qs.link_problems(root / qs.INDEX, root)
    assert any("draft.qmd points at a missing file" in p for p in problems), problems
    assert any("draft.html points at a missing file" in p for p in problems), problems


def _view_links() -> list[str]:
    """Every ``-preview.html`` the navbar, the footer and the pages link to."""
    config = qs.quarto_config()
    urls = qs.navbar_targets(config) + qs.footer_links(config)
    for path in qs.page_paths():
        page = qs.load_page(path)
        urls += [e["c"][2][0] for e in qs.walk(page.blocks) if e["t"] in ("Link", "Image")]
    return sorted({u.split("#")[0] for u in urls if u.split("#")[0].endswith("-preview.html")})


def test_every_linked_notebook_view_is_written() -> None:
    written = {p.name for p in qs.notebook_previews()}
    missing = [u for u in _view_links() if u.lstrip("/") not in written]
    assert not missing, (
        f"linked notebook views Quarto does not write: {missing} (it writes {written})"
    )


def _writers_of(root: Path, view: str) -> list[Path]:
    return [
        page
        for page in qs.rendered_pages(root)
        if any(v.name == view for v in qs.page_notebook_views(page, root))
    ]


def _drop_embeds(root: Path, page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\{\{<\s*embed\s[^>]*>\}\}", "", text), encoding="utf-8")


def _without_notebook_links(page: Path) -> None:
    """Drop the page's own ``notebook-links:`` line, so the project's value applies."""
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^notebook-links:.*\n", "", text, count=1), encoding="utf-8")


def _links_off(root: Path, page: Path) -> None:
    _without_notebook_links(page)
    qs.replace_once(page, "---\n", "---\nnotebook-links: false\n")


def _view_off(root: Path, page: Path) -> None:
    qs.replace_once(page, "---\n", "---\nnotebook-view: false\n")


def _project_links_off(root: Path, page: Path) -> None:
    qs.replace_once(
        root / qs.QUARTO_CONFIG, "    toc: true\n", "    toc: true\n    notebook-links: false\n"
    )
    _without_notebook_links(page)


_VIEW_BREAKAGES: dict[str, Callable[[Path, Path], None]] = {
    "page-drops-its-embeds": _drop_embeds,
    "page-sets-notebook-links-false": _links_off,
    "page-sets-notebook-view-false": _view_off,
    "project-sets-notebook-links-false": _project_links_off,
}


@pytest.mark.parametrize("breakage", sorted(_VIEW_BREAKAGES))
def test_view_link_check_fires_when_no_page_writes_the_view(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    view = qs.NOTEBOOK.replace(".ipynb", "-preview.html")
    writers = _writers_of(root, view)
    assert writers, f"no page writes {view}"
    for page in writers:
        _VIEW_BREAKAGES[breakage](root, page)
    assert not _writers_of(root, view)
    problems = qs.navbar_problems(root)
    assert any(f"{view} does not exist" in p for p in problems), problems
    linking = [p for p in qs.page_paths(root) if view in p.read_text(encoding="utf-8")]
    page_problems = [p for page in linking for p in qs.link_problems(page, root)]
    assert any(f"{view} points at a missing file" in p for p in page_problems), page_problems


def test_notebook_views_go_back_to_the_site() -> None:
    problems = qs.notebook_view_back_problems()
    assert not problems, "\n".join(problems)


def test_back_check_fires(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(root / qs.QUARTO_CONFIG, "      back: true", "      back: false")
    problems = qs.notebook_view_back_problems(root)
    assert any("falls back to '/'" in p for p in problems), problems
