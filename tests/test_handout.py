"""The class handout, activations-handout.pdf: committed, fresh, reproducible, linked.

Checked on the committed file with pypdf: at most three pages (the registry on two, the decision
aid on the third), each A4 (210 x 297 mm), under :data:`SIZE_BUDGET`, no creation date, every
registry entry's display name and every decision's place in its text;
the committed bytes equal a fresh generation, and two generations are identical. Each check is
a function of the PDF's bytes that returns its problems, so the tests at the bottom can show it
firing on a broken copy.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pypdf
import pytest
import quarto_site as qs
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from activations import ACTIVATIONS
from activations.site import decision, handout
from activations.site.latex import entry_range_latex, interval_latex
from activations.site.pages import PAGES, Page
from activations.site.plotting import X_GRID, use_style

HANDOUT = "activations-handout.pdf"
#: Size budget: the 27 entries and the decision aid take about 100 kB.
SIZE_BUDGET = 200_000
#: A4 in points: 210 x 297 mm at 72 points per inch.
A4 = (210 / 25.4 * 72, 297 / 25.4 * 72)
#: Legible in print: no type under 8 pt.
MIN_TYPE_PT = 8.0
#: mathtext draws first-level sub- and superscripts at 0.7 of the formula's size.
SCRIPT_SCALE = 0.7


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace runs collapsed to one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def handout_problems(data: bytes, names: list[str]) -> list[str]:
    """What is wrong with a handout: pages, page size, file size, creation date, names."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    problems = []
    if len(reader.pages) > 3:
        problems.append(f"{len(reader.pages)} pages, more than 3")
    for number, page in enumerate(reader.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if not np.allclose(size, A4, atol=0.5):
            problems.append(f"page {number} is {size[0]:.1f} x {size[1]:.1f} pt, not A4")
    if len(data) > SIZE_BUDGET:
        problems.append(f"{len(data)} bytes, over the budget of {SIZE_BUDGET}")
    metadata = reader.metadata or {}
    if b"/CreationDate" in data or "/CreationDate" in metadata or "/ModDate" in metadata:
        problems.append("it carries a creation or modification date")
    text = pdf_text(data)
    problems += [f"{name!r} is not in its text" for name in names if name not in text]
    return problems


@pytest.fixture(scope="module")
def fresh() -> bytes:
    return handout.handout_bytes()


@pytest.fixture(scope="module")
def committed_pdf() -> bytes:
    path = qs.ROOT / HANDOUT
    assert path.is_file(), f"{HANDOUT} is missing: run activations.site.handout.write_handout()"
    return path.read_bytes()


def registry_names() -> list[str]:
    """What the text must hold: every entry's display name and every decision's place."""
    rows = [row.where for row in decision.DECISIONS]
    return [entry.display_name for entry in PAGES.values()] + rows


def test_committed_handout_passes_every_check(committed_pdf: bytes) -> None:
    assert not handout_problems(committed_pdf, registry_names())


def test_committed_handout_equals_a_fresh_generation(committed_pdf: bytes, fresh: bytes) -> None:
    assert committed_pdf == fresh, (
        f"{HANDOUT} is stale: run activations.site.handout.write_handout() (or re-run "
        "ActivationFunctions.ipynb) and commit it"
    )


def test_two_generations_are_identical(fresh: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another build time and the notebook's global style must not change a byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    with mpl.rc_context():
        use_style()
        again = handout.handout_bytes()
    assert again == fresh


def test_write_handout_writes_the_bytes(tmp_path: Path, fresh: bytes) -> None:
    path = handout.write_handout(tmp_path / HANDOUT)
    assert path.read_bytes() == fresh


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_formula_renders(name: str) -> None:
    # Parses the formula, derivative and range in mathtext; raises if any does not render.
    pages = handout.handout_pages([PAGES[name]])
    assert len(pages) == 1
    assert PAGES[name].display_name in _joined(pages)


@pytest.mark.parametrize("field", ["formula", "derivative_formula", "range_latex"])
def test_latex_mathtext_cannot_draw_raises_naming_the_entry(field: str) -> None:
    broken = dataclasses.replace(PAGES["elu"], **{field: r"x \hphantom{y}"})
    with pytest.raises(ValueError, match=rf"handout: elu's {field} does not render"):
        handout.handout_pages([broken])


def range_problems(page: Page) -> list[str]:
    """A page's symbolic range whose brackets are not the registry's declared ``attained``, or
    one written where the interval of ``bounds`` and ``attained`` already says the same (one
    source per fact)."""
    entry = ACTIVATIONS[page.name]
    derived = interval_latex(entry.bounds, entry.attained)
    if not page.range_latex:
        return []
    if page.range_latex == derived:
        return [f"{page.name}: range_latex repeats the derived {derived}"]
    brackets = (page.range_latex.lstrip()[0] == "[", page.range_latex.rstrip()[-1] == "]")
    if brackets != entry.attained:
        return [f"{page.name}: range_latex's brackets {brackets}, attained {entry.attained}"]
    return []


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_range_text_is_derived_or_a_consistent_symbolic_form(name: str) -> None:
    assert range_problems(PAGES[name]) == []


def test_range_check_fires_on_broken_entries() -> None:
    relu = dataclasses.replace(PAGES["relu"], range_latex=r"[0, \infty)")
    assert any("repeats the derived" in p for p in range_problems(relu))
    swish = dataclasses.replace(PAGES["swish"], range_latex=r"(\approx -0.2785, \infty)")
    assert any("brackets" in p for p in range_problems(swish))
    assert entry_range_latex(PAGES["elu"]) == r"(-\alpha, \infty)"
    assert entry_range_latex(PAGES["relu6"]) == "[0, 6]"


def test_mathtext_rewrites() -> None:
    assert handout.to_mathtext(r"\tfrac{1}{2}\bigl(x \le 0\Bigr)") == (
        r"\dfrac{1}{2}\left(x \leq 0\right)"
    )
    assert handout.to_mathtext(r"\left(\leq\right)") == r"\left(\leq\right)"
    # a sign after a relation is braced (mathtext would space it as a binary minus), and a
    # factor before an operator name gets LaTeX's thin space
    assert handout.to_mathtext(r"x \le -3, [\approx -0.2785") == r"x \leq {-}3, [\approx {-}0.2785"
    assert handout.to_mathtext(r"x \tanh(s) - \log x") == r"x\,\tanh(s) - \log x"


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_formula_fits_its_column(name: str) -> None:
    # Wider lines would run into the plot's tick labels (Hard swish's cases once did).
    with handout._style():
        row = handout._row(PAGES[name])
    assert max(block.width for block in row.formulas) <= handout._FORMULA_WIDTH
    assert max(block.width for block in row.name_column) <= handout._NAME_WIDTH


def test_wide_cases_start_their_own_line_at_the_last_equals() -> None:
    # "HardSwish(x) = x ReLU6(x + 3)/6 = {cases}" is too wide for one line: two lines.
    with handout._style():
        row = handout._row(PAGES["hard_swish"])
    assert len(row.formulas) == 3  # the formula's two lines, the derivative's cases


@pytest.mark.parametrize("field", ["formula", "derivative_formula"])
def test_a_formula_too_wide_for_its_column_raises(field: str) -> None:
    wide = r"x" + r" + x" * 80  # no break point
    broken = dataclasses.replace(PAGES["elu"], **{field: wide})
    with pytest.raises(ValueError, match=rf"handout: elu's {field} is wider than its column"):
        handout.handout_pages([broken])


def _texts(pages: list) -> list[Text]:
    return [t for page in pages for t in page.findobj(Text) if t.get_text().strip()]


def _joined(pages: list) -> str:
    """The pages' texts in drawing order, one space between (a wrapped name reads whole)."""
    return " ".join(t.get_text() for t in _texts(pages))


def test_type_is_at_least_8_pt() -> None:
    small = [
        (t.get_text(), t.get_fontsize())
        for t in _texts(handout.handout_pages())
        if t.get_fontsize() * (SCRIPT_SCALE if t.get_text().startswith("$") else 1) < MIN_TYPE_PT
    ]
    assert not small, f"type under {MIN_TYPE_PT} pt (formulas: their scripts): {small}"


def _relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_curves_differ_in_style_and_print_dark() -> None:
    for page in handout.handout_pages():
        for ax in page.axes:
            curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
            assert len(curves) == 2, f"{len(curves)} curves in a plot, expected 2"
            styles = {line.get_linestyle() for line in curves}
            assert len(styles) == 2, f"function and derivative both drawn {styles}"
            # the dashed derivative on top: where both are 0 (ReLU for x < 0) its dashes show
            solid, dashed = sorted(curves, key=lambda line: line.get_linestyle() != "-")
            assert dashed.get_zorder() > solid.get_zorder()
            for line in curves:
                # WCAG contrast against white paper: at least 3:1, as for graphics.
                assert 1.05 / (_relative_luminance(line.get_color()) + 0.05) >= 3.0
                assert line.get_linewidth() >= 1.0


def test_every_current_entry_has_a_plot() -> None:
    pages = handout.handout_pages()
    assert sum(len(page.axes) for page in pages) == len(ACTIVATIONS)


# --------------------------------------------------------------------------- every entry plotted


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.gate])
def test_gated_units_plot_their_gate_at_a_equal_1(name: str) -> None:
    # The row's plot is g and g' of the gate's own registry entry, the view the overview and
    # the properties table show, and its note says so.
    pages = handout.handout_pages([PAGES[name]])
    (ax,) = pages[0].axes
    gate = ACTIVATIONS[ACTIVATIONS[name].gate]
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    # the function is the solid line, the derivative the dashed one
    function, derivative = (
        line.get_ydata()[~np.isnan(line.get_xdata())]
        for line in sorted(curves, key=lambda line: line.get_linestyle() != "-")
    )
    np.testing.assert_allclose(function, gate.function(X_GRID), rtol=4e-16, atol=0)
    np.testing.assert_allclose(derivative, gate.derivative(X_GRID), rtol=4e-16, atol=0)
    assert "Plot: the gate, a = 1, against b." in _joined(pages)


def test_the_registry_fits_two_pages_and_the_decision_aid_a_third() -> None:
    pages = handout.handout_pages()
    assert len(pages) == 3
    assert not pages[2].axes
    small = [t.get_text() for t in _texts(pages) if t.get_fontsize() < MIN_TYPE_PT]
    assert not small
    # the decision page holds every row's cells, wrapped, in order
    text = _joined(pages[2:])
    position = 0
    for row in decision.DECISIONS:
        for cell in (row.where, row.default, row.alternative, row.why):
            found = text.find(cell.split()[0], position)
            assert found >= 0, cell
            position = found
        assert " ".join(row.why.split()) in " ".join(text.split()), row.why


def _decision_overlaps(page) -> list[str]:
    """Texts of the decision table (its headings and cells) that run into the next column."""
    renderer = FigureCanvasAgg(page).get_renderer()
    scale = 72 / page.dpi
    edges = [handout._MARGIN_X]
    for _, width in handout.DECISION_COLUMNS:
        edges.append(edges[-1] + width)
    edges[-1] = min(edges[-1], handout.PAGE_SIZE[0] - handout._MARGIN_X)
    texts = _texts([page])
    boxes = [t.get_window_extent(renderer) for t in texts]
    heading = next(b for t, b in zip(texts, boxes, strict=True) if t.get_text() == "Alternative")
    footer = next(b for t, b in zip(texts, boxes, strict=True) if "Page " in t.get_text())
    problems = []
    for text, box in zip(texts, boxes, strict=True):
        if box.y1 > heading.y1 + 0.5 or box.y0 < footer.y1:
            continue  # the title, the introduction and the footer span the page
        left, right = box.x0 * scale, box.x1 * scale
        column = max(i for i, edge in enumerate(edges[:-1]) if edge <= left + 0.5)
        if right > edges[column + 1] + 0.5:
            problems.append(text.get_text())
    return problems


def test_decision_text_stays_in_its_columns() -> None:
    page = handout.handout_pages()[2]
    assert not _decision_overlaps(page)


def test_decision_column_check_fires_on_a_wide_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = (("Where the activation sits in the network", 112.0), *handout.DECISION_COLUMNS[1:])
    monkeypatch.setattr(handout, "DECISION_COLUMNS", columns)
    assert _decision_overlaps(handout.handout_pages()[2])


def test_too_many_decisions_raise() -> None:
    with pytest.raises(ValueError, match=r"decisions need .* one A4 page"):
        handout.handout_pages(decisions=decision.DECISIONS * 3)


def test_too_many_entries_raise() -> None:
    with pytest.raises(ValueError, match=r"more than the .* of 2 A4 pages"):
        handout.handout_pages(list(PAGES.values()) * 2)


# --------------------------------------------------------------------------- linked and published


def _links(blocks: list) -> list[str]:
    return [e["c"][2][0] for e in qs.walk(blocks) if e["t"] == "Link"]


def _section_by_title(root: Path, page: str, title: str) -> list:
    parsed = qs.load_page(root / page)
    header = next(
        (
            b
            for b in qs.walk(parsed.blocks)
            if b["t"] == "Header" and qs.stringify(b["c"][2]) == title
        ),
        None,
    )
    assert header is not None, f"{page} has no heading {title!r}"
    return qs.section_blocks(parsed.blocks, header["c"][1][0]) or []


def link_problems(root: Path = qs.ROOT) -> list[str]:
    """The handout linked from the home page's "Where to go next" and the slides' last slide
    (before the References), and listed in _quarto.yml's project resources so Quarto copies it
    into the site."""
    problems = []
    if HANDOUT not in _links(_section_by_title(root, qs.INDEX, "Where to go next")):
        problems.append(f"{qs.INDEX}: 'Where to go next' does not link {HANDOUT}")
    last = qs.closing_slide(qs.load_page(root / qs.SLIDESHOW))
    if HANDOUT not in _links(last.blocks):
        problems.append(f"{qs.SLIDESHOW}: the last slide ({last.title!r}) does not link {HANDOUT}")
    resources = (qs.quarto_config(root).get("project") or {}).get("resources") or []
    if HANDOUT not in resources:
        problems.append(f"{qs.QUARTO_CONFIG}: project resources do not list {HANDOUT}")
    return problems


def test_handout_is_linked_and_published() -> None:
    assert not link_problems()


# --------------------------------------------------------------------------- broken copies


def _with_blank_page(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.add_blank_page(*A4)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _on_letter_paper(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        page.mediabox = pypdf.generic.RectangleObject((0, 0, 612, 792))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _dated(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.add_metadata({"/CreationDate": "D:20260101000000Z"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _without_arctan(data: bytes) -> bytes:
    # ArcTan: a name no other entry's text contains (Hard swish's formula holds "Swish")
    return handout.handout_bytes(e for e in PAGES.values() if e.name != "arctan")


def _without_decisions(data: bytes) -> bytes:
    return handout.handout_bytes(PAGES.values(), decisions=())


_BREAKAGES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "decisions-missing": (_without_decisions, "'Hidden layers of a CNN or MLP' is not in"),
    "four-pages": (_with_blank_page, "4 pages, more than 3"),
    "letter": (_on_letter_paper, "612.0 x 792.0 pt, not A4"),
    "oversized": (lambda d: d + b"%" * SIZE_BUDGET, "over the budget"),
    "dated": (_dated, "creation or modification date"),
    "entry-missing": (_without_arctan, "'ArcTan' is not in its text"),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_handout_checks_fire_on_a_broken_copy(committed_pdf: bytes, breakage: str) -> None:
    breaker, expected = _BREAKAGES[breakage]
    problems = handout_problems(breaker(committed_pdf), registry_names())
    assert any(expected in p for p in problems), f"expected {expected!r} among {problems}"


def test_freshness_check_fires_on_a_stale_copy(committed_pdf: bytes, fresh: bytes) -> None:
    assert _without_arctan(committed_pdf) != fresh


def test_reproducibility_check_fires_with_a_creation_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # matplotlib's default metadata stamps the build time (here SOURCE_DATE_EPOCH).
    dated = {k: v for k, v in handout._METADATA.items() if k != "CreationDate"}
    monkeypatch.setattr(handout, "_METADATA", dated)
    entries = [PAGES["relu"]]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    first = handout.handout_bytes(entries)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    second = handout.handout_bytes(entries)
    assert first != second
    assert any("creation" in p for p in handout_problems(first, ["ReLU"]))


_LINK_BREAKAGES = {
    "home": (qs.INDEX, "Where to go next"),
    "slides": (qs.SLIDESHOW, "last slide"),
    "resources": (qs.QUARTO_CONFIG, "project resources"),
}


@pytest.mark.parametrize("breakage", sorted(_LINK_BREAKAGES))
def test_link_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    name, expected = _LINK_BREAKAGES[breakage]
    path = root / name
    text = path.read_text(encoding="utf-8")
    if name == qs.QUARTO_CONFIG:
        broken = re.sub(rf"\n\s*- {re.escape(HANDOUT)}", "", text)
    else:
        broken = text.replace(f"]({HANDOUT})", "](missing.pdf)")
    assert broken != text, f"cannot break {name}: no link to {HANDOUT}"
    path.write_text(broken, encoding="utf-8")
    problems = link_problems(root)
    assert any(expected in p for p in problems), problems
