"""Every slide of the slideshow fits its screen, judged from the sources without a browser.

The estimates (tests/slide_layout.py) read the slideshow's front matter, its formulas and the
notebook outputs it embeds: figures against the room left below the title for them and a
one-line caption, captions of one line, tables of the rows that fit, formulas no wider than their
column. Each guard is shown to fire on a copy of the project broken the way a later edit could
break it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import quarto_site as qs
import slide_layout as sl

from activations import ACTIVATIONS

NOTEBOOK = "ActivationFunctions.ipynb"
PROBLEMS = sl.layout_problems()


@pytest.mark.parametrize("slide", sorted(PROBLEMS))
def test_slide_fits_its_screen(slide: str) -> None:
    assert not PROBLEMS[slide], f"{qs.SLIDESHOW} #{slide}:\n" + "\n".join(PROBLEMS[slide])


def test_every_slide_is_checked() -> None:
    page = qs.load_page(qs.ROOT / qs.SLIDESHOW)
    titled = [s.ident for s in qs.slides(page) if s.ident]
    assert titled and set(titled) <= set(PROBLEMS)
    for entry in ACTIVATIONS.values():
        assert f"slide-{entry.slug}" in PROBLEMS, f"no slide for {entry.name}"


def test_budgets_come_from_the_front_matter() -> None:
    meta = qs.load_page(qs.ROOT / qs.SLIDESHOW).meta
    options = qs.format_options(meta, "revealjs")
    budget = sl.budget_of(meta, [])
    assert (budget.width, budget.height) == (options["width"], options["height"])
    smaller = sl.budget_of({"format": {"revealjs": {"width": 1000, "height": 600}}}, ["smaller"])
    assert (smaller.width, smaller.height, smaller.font_px) == (1000, 600, 28)
    assert smaller.bottom == 600 - sl.SPARE_PX


def test_svg_points_are_css_pixels_at_96_per_72() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="460.8pt" height="403.2pt"></svg>'
    size = sl.image_size_px({"data": {"image/svg+xml": svg}})
    assert size == pytest.approx((614.4, 537.6))  # 6.4 x 5.6 in at 96 px per inch


def test_formula_estimate_grows_with_the_formula() -> None:
    short = sl.formula_width_px(r"\sigma(x)")
    longer = sl.formula_width_px(r"\sigma(x) = \frac{1}{1 + e^{-x}} + \sigma(x)")
    assert 0 < short < longer
    # a fraction is as wide as its wider part, not the sum of both
    assert sl.formula_width_px(r"\frac{a+b+c}{d}") < sl.formula_width_px(r"a+b+c+d")


# --------------------------------------------------------------------------- broken copies


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return qs.copy_project(tmp_path / "site")


def _edit_cell(root: Path, label: str, edit) -> None:
    """Apply ``edit(cell, notebook)`` to the copied notebook's cell with this label."""
    path = root / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    (cell,) = [c for c in notebook.cells if c.source.startswith(f"#| label: {label}\n")]
    edit(cell, notebook)
    nbformat.write(notebook, path)


def test_fires_on_a_slide_figure_made_too_tall(project: Path) -> None:
    def taller(cell, _notebook) -> None:
        svg = cell.outputs[0]["data"]["image/svg+xml"]
        cell.outputs[0]["data"]["image/svg+xml"] = re.sub(
            r'(<svg[^>]*\sheight=")[0-9.]+pt"', r'\g<1>420pt"', svg, count=1
        )

    _edit_cell(project, "fig-sigmoid-slide", taller)
    problems = sl.layout_problems(project)["slide-sigmoid"]
    assert any("fig-sigmoid-slide: figure 560 px tall" in p for p in problems), problems


def test_fires_on_the_page_figure_put_on_a_slide(project: Path) -> None:
    qs.replace_once(project / qs.SLIDESHOW, "#fig-tanh-slide >}}", "#fig-tanh >}}")
    problems = "\n".join(sl.layout_problems(project)["slide-tanh"])
    assert "figure 614 px wide" in problems and "caption about" in problems, problems


def test_fires_on_a_slide_caption_made_too_long(project: Path) -> None:
    def longer(cell, _notebook) -> None:
        lines = cell.source.splitlines()
        (index,) = [i for i, line in enumerate(lines) if line.startswith("#| fig-cap: ")]
        lines[index] = lines[index].removesuffix('"') + ', so its gradient never shrinks"'
        cell.source = "\n".join(lines)

    _edit_cell(project, "fig-relu-slide", longer)
    problems = sl.layout_problems(project)["slide-relu"]
    assert any("caption about" in p and "more than one line" in p for p in problems), problems


def test_fires_on_a_table_caption_made_too_long(project: Path) -> None:
    def longer(cell, _notebook) -> None:
        lines = cell.source.splitlines()
        (index,) = [i for i, line in enumerate(lines) if line.startswith("#| tbl-cap: ")]
        lines[index] = lines[index].removesuffix('"') + (
            ", each computed by activations.properties from the functions themselves, except"
            " smoothness, which the registry declares and the tests check numerically; the"
            ' mean output is for a standard normal input"'
        )
        cell.source = "\n".join(lines)

    _edit_cell(project, "tbl-properties-slide-1", longer)
    problems = [p for ps in sl.layout_problems(project).values() for p in ps]
    assert any("table caption about" in p for p in problems), problems


def test_fires_on_a_table_with_too_many_rows(project: Path) -> None:
    counts = []

    def more_rows(cell, _notebook) -> None:
        table = cell.outputs[0]["data"]["text/markdown"]
        rows = table.splitlines()[2:]
        counts.append(len(rows) + 4)
        cell.outputs[0]["data"]["text/markdown"] = "\n".join([table, *rows[:4]])

    _edit_cell(project, "tbl-properties-slide-1", more_rows)
    problems = sl.layout_problems(project)["comparison"]
    assert any(f"table of {counts[0]} rows" in p for p in problems), problems


def test_fires_on_the_whole_table_on_one_slide(project: Path) -> None:
    slides = project / qs.SLIDESHOW
    qs.replace_once(slides, "#tbl-properties-slide-1 >}}", "#tbl-properties >}}")
    problems = sl.layout_problems(project)["comparison"]
    assert any(f"table of {len(ACTIVATIONS)} rows" in p for p in problems), problems


def test_fires_on_a_formula_too_wide_for_its_column(project: Path) -> None:
    qs.replace_once(
        project / qs.SLIDESHOW,
        r"(x) = s + \beta x\,s\,(1 - s)",
        r"(x) = s + \beta x\,s\,(1 - s),\quad s = \sigma(\beta x)",
    )
    problems = sl.layout_problems(project)["slide-swish"]
    assert any("column 1: formula about" in p for p in problems), problems


def test_fires_on_a_scrollable_slide(project: Path) -> None:
    qs.replace_once(
        project / qs.SLIDESHOW, "{#comparison .smaller}", "{#comparison .smaller .scrollable}"
    )
    assert "is scrollable" in "\n".join(sl.layout_problems(project)["comparison"])


def test_only_the_reference_list_may_scroll(project: Path) -> None:
    # The References slide scrolls because its only content is the #refs div citeproc fills;
    # a bullet added beside the list makes it an ordinary slide again.
    assert "is scrollable" not in "\n".join(PROBLEMS["references"])
    qs.replace_once(project / qs.SLIDESHOW, "::: {#refs}\n:::\n", "::: {#refs}\n:::\n\n- More\n")
    assert "is scrollable" in "\n".join(sl.layout_problems(project)["references"])
