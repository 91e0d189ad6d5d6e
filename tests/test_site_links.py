"""Labels, the navbar and the footer, checked on the sources.

Whether every link, anchor and cross-reference resolves is checked on the built site
(test_site_render: Quarto's warnings, ``?@label`` and dead links in the HTML). What stays here
is what a render does not report: labels with ``_`` (an HTML render resolves them without a
word) and the navbar and footer linking what the site must link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import quarto_site as qs

#: Navbar entry -> the targets that show it (the notebook as itself or as Quarto's notebook
#: view, ``<stem>-preview.html``, which the built site must hold: test_site_render).
NAVBAR = {
    "Home": {qs.INDEX},
    "Reference": {qs.REFERENCE},
    "Slides": {qs.SLIDESHOW},
    "Notebook": {qs.NOTEBOOK, qs.NOTEBOOK.replace(".ipynb", "-preview.html")},
}


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_labels_use_hyphens(path: Path) -> None:
    problems = qs.label_problems(path)
    assert not problems, "\n".join(problems)


def test_notebook_labels_use_hyphens() -> None:
    notebook = qs.load_notebook(qs.ROOT / qs.NOTEBOOK)
    bad = [c.label for c in qs.notebook_cells(notebook) if c.label and "_" in c.label]
    assert not bad, f"{qs.NOTEBOOK} labels with '_': {bad}"


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


def test_underscore_label_check_fires(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    path = root / qs.REFERENCE
    added = "\n\n## Leaky {#sec-leaky_relu}\n\nSee @fig-leaky_relu.\n"
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    problems = qs.label_problems(path, root)
    assert any("'sec-leaky_relu'" in p for p in problems), problems
    assert any("'fig-leaky_relu'" in p for p in problems), problems
