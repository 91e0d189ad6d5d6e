"""The plot helper: one grid and size, readable type, safe colours, honest curves, same bytes."""

from __future__ import annotations

import io
import math
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.text import Text
from reference import MP, REFERENCES

from activations import ACTIVATIONS
from activations.properties import scalar_function
from activations.site import plotting
from activations.site.pages import GROUPS, PAGES
from activations.site.plotting import (
    FIGSIZE,
    OKABE_ITO,
    SLIDE_FIGSIZE,
    SLIDE_OVERVIEW_SIZE,
    TEXT_COLOUR,
    X_GRID,
    Mark,
    maximum_mark,
    minimum_mark,
    plot_activation,
    plot_approximation,
    plot_gated,
    plot_group_overview,
    plot_log_softmax,
    plot_overview,
    plot_softmax,
    y_limits,
)

ELEMENTWISE = [name for name, a in ACTIVATIONS.items() if a.elementwise]
GATED = [name for name, a in ACTIVATIONS.items() if a.gate]
FAMILIES = {g: [ACTIVATIONS[n] for n, p in PAGES.items() if p.group == g] for g in GROUPS}
MINUS = "\N{MINUS SIGN}"
# Projector-readable: no text under 14 pt, data lines at least 3 pt wide.
MIN_FONT_PT = 14
MIN_LINE_PT = 3
# Every figure is shown on white: the light theme's page, the white panel the dark theme gives
# figure images (theme/dark.scss), the lightbox (theme/site.scss) and the slides.
WHITE = "#ffffff"
# WCAG 2.1's contrast ratios: 4.5:1 for text, 3:1 for graphics.
TEXT_CONTRAST, GRAPHICS_CONTRAST = 4.5, 3.0


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(a: str, b: str) -> float:
    low, high = sorted((_relative_luminance(a), _relative_luminance(b)))
    return (high + 0.05) / (low + 0.05)


def _data_lines(ax) -> list:
    """Curves drawn from data (not the dotted bounds, whose x-data has two points)."""
    return [line for line in ax.get_lines() if len(line.get_xdata()) > 2]


def _svg(fig) -> bytes:
    buffer = io.BytesIO()
    with mpl.rc_context(plotting.STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


# --------------------------------------------------------------------------- shared look


def test_grid_is_symmetric_and_holds_zero() -> None:
    assert len(X_GRID) % 2 == 1
    assert X_GRID[len(X_GRID) // 2] == 0.0
    np.testing.assert_array_equal(X_GRID, -X_GRID[::-1])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_function_figure_has_the_same_size_grid_and_two_stacked_panels(name: str) -> None:
    fig = plot_activation(ACTIVATIONS[name])
    assert tuple(fig.get_size_inches()) == FIGSIZE
    assert len(fig.axes) == 2
    top, bottom = (ax.get_position() for ax in fig.axes)
    assert top.y0 > bottom.y1  # function above derivative
    assert (top.x0, top.x1) == (bottom.x0, bottom.x1)
    assert fig.axes[0].get_shared_x_axes().joined(*fig.axes)
    for ax in fig.axes:
        assert ax.get_xlim() == (X_GRID[0], X_GRID[-1])
        for line in _data_lines(ax):
            x = line.get_xdata()
            np.testing.assert_array_equal(x[~np.isnan(x)], X_GRID)


def _inches(fig, ax) -> tuple[float, float, float, float]:
    """Distance in inches from ``ax`` to the figure's left, right, bottom and top edges."""
    box = ax.get_position()
    width, height = fig.get_size_inches()
    return box.x0 * width, (1 - box.x1) * width, box.y0 * height, (1 - box.y1) * height


@pytest.mark.parametrize(
    "build",
    [
        lambda size: plot_activation(ACTIVATIONS["selu"], figsize=size),
        lambda size: plot_softmax(figsize=size),
    ],
    ids=["function", "softmax"],
)
def test_slide_figures_are_smaller_with_the_same_room_for_text(build) -> None:
    # The slide versions (tests/test_built_slides.py checks that they fit) shrink the panels
    # only: margins and the gap between the panels, which hold the tick labels and titles, keep
    # their inches.
    page, slide = build(FIGSIZE), build(SLIDE_FIGSIZE)
    assert SLIDE_FIGSIZE[0] < FIGSIZE[0] and SLIDE_FIGSIZE[1] < FIGSIZE[1]
    (page_upper, page_lower), (slide_upper, slide_lower) = page.axes, slide.axes
    # left, right, bottom of the lower panel, top of the upper one
    for page_ax, slide_ax, sides in (
        (page_upper, slide_upper, [0, 1, 3]),
        (page_lower, slide_lower, [0, 1, 2]),
    ):
        assert [_inches(slide, slide_ax)[i] for i in sides] == pytest.approx(
            [_inches(page, page_ax)[i] for i in sides], abs=1e-9
        )

    def gap(fig) -> float:
        upper, lower = (ax.get_position() for ax in fig.axes)
        return (upper.y0 - lower.y1) * fig.get_size_inches()[1]

    assert gap(slide) == pytest.approx(gap(page), abs=1e-9)


def _outside(inner, outer, tolerance: float = 0.5) -> bool:
    return (
        inner.x0 < outer.x0 - tolerance
        or inner.x1 > outer.x1 + tolerance
        or inner.y0 < outer.y0 - tolerance
        or inner.y1 > outer.y1 + tolerance
    )


def _smallest_slide_overview_panel_px(entries: list) -> tuple[float, float]:
    """Height and width in CSS px of the smallest panel of a slide's overview of ``entries``."""
    fig = plot_group_overview(entries, figsize=SLIDE_OVERVIEW_SIZE)
    width, height = fig.get_size_inches()
    boxes = [ax.get_position() for ax in fig.axes if ax.get_visible()]
    return min(b.height for b in boxes) * height * 96, min(b.width for b in boxes) * width * 96


@pytest.mark.parametrize("group", list(GROUPS))
def test_slide_overview_panels_stay_large_enough_to_read(group: str) -> None:
    # Each family gets a slide of its own, whose figure size is fixed by the slide (it must fit,
    # tests/test_built_slides.py): more entries mean smaller panels. Below about 90 x 150 px a
    # curve's shape no longer reads from the back of a room: split the family, before that.
    height, width = _smallest_slide_overview_panel_px(FAMILIES[group])
    assert height >= 90 and width >= 150, (height, width)


def test_slide_overview_check_fires_on_too_many_panels() -> None:
    # the whole registry on one slide, as before the families were split
    height, width = _smallest_slide_overview_panel_px(list(ACTIVATIONS.values()))
    assert height < 90 or width < 150


OVERVIEWS = {
    "page": lambda: plot_overview(ACTIVATIONS.values()),
    "page-derivatives": lambda: plot_overview(ACTIVATIONS.values(), derivative=True),
    **{f"slide-{g}": (lambda g=g: plot_group_overview(FAMILIES[g])) for g in GROUPS},
}


@pytest.mark.parametrize("name", list(OVERVIEWS))
def test_overview_text_stays_inside_the_figure_and_clear_of_other_panels(name: str) -> None:
    fig = OVERVIEWS[name]()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    texts = [ax.title for ax in visible] + list(fig.texts)  # panel titles, family headings
    for text in texts:
        box = text.get_window_extent(renderer)
        assert not _outside(box, fig.bbox), text.get_text()
        for other in visible:
            if text is not other.title:
                assert not box.overlaps(other.get_tightbbox(renderer)), text.get_text()


def test_overview_check_fires_on_a_title_too_long() -> None:
    fig = plot_overview(ACTIVATIONS.values())
    fig.axes[0].set_title("Softmax (one logit), with the other two logits 0", fontsize=17)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.axes[0].title.get_window_extent(renderer)
    assert box.overlaps(fig.axes[1].get_tightbbox(renderer))


@pytest.mark.parametrize(
    "build",
    [
        lambda: plot_activation(ACTIVATIONS["leaky_relu"]),
        lambda: plot_activation(ACTIVATIONS["selu"]),
        lambda: plot_approximation(ACTIVATIONS["gelu"], ACTIVATIONS["gelu_tanh"]),
        lambda: plot_softmax(),
        lambda: plot_activation(ACTIVATIONS["leaky_relu"], figsize=SLIDE_FIGSIZE),
        lambda: plot_activation(ACTIVATIONS["selu"], figsize=SLIDE_FIGSIZE),
        lambda: plot_approximation(
            ACTIVATIONS["gelu"], ACTIVATIONS["gelu_tanh"], figsize=SLIDE_FIGSIZE
        ),
        lambda: plot_softmax(figsize=SLIDE_FIGSIZE),
        lambda: plot_gated(ACTIVATIONS["swiglu"]),
        lambda: plot_gated(ACTIVATIONS["glu"], figsize=SLIDE_FIGSIZE),
        lambda: plot_log_softmax(),
        lambda: plot_log_softmax(figsize=SLIDE_FIGSIZE),
    ],
    ids=[
        "family",
        "wide-ticks",
        "approximation",
        "softmax",
        "slide-family",
        "slide-wide-ticks",
        "slide-approximation",
        "slide-softmax",
        "gated",
        "slide-gated",
        "log-softmax",
        "slide-log-softmax",
    ],
)
def test_fixed_margins_keep_all_text_inside_the_figure_and_apart(build) -> None:
    fig = build()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    figure_box = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in texts]
    for text, box in boxes:
        assert not _outside(box, figure_box), text
    # The lower panel's title clears the upper panel's tick labels and x label.
    upper, lower = fig.axes
    title_box = lower.title.get_window_extent(renderer)
    assert title_box.y1 < upper.get_tightbbox(renderer).y0 + 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: plot_activation(
            ACTIVATIONS["swish"], [minimum_mark(ACTIVATIONS["swish"].function)]
        ),
        lambda: plot_overview(ACTIVATIONS.values()),
        lambda: plot_approximation(ACTIVATIONS["gelu"], ACTIVATIONS["gelu_tanh"]),
        lambda: plot_softmax(),
        lambda: plot_activation(ACTIVATIONS["swish"], figsize=SLIDE_FIGSIZE),
        lambda: plot_group_overview(FAMILIES["rectifiers"]),
        lambda: plot_gated(ACTIVATIONS["geglu"]),
        lambda: plot_log_softmax(),
    ],
    ids=[
        "function",
        "overview",
        "approximation",
        "softmax",
        "slide",
        "slide-overview",
        "gated",
        "log-softmax",
    ],
)
def test_projector_type_and_lines(build) -> None:
    fig = build()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < MIN_FONT_PT]
    assert not small
    for ax in fig.axes:
        for line in _data_lines(ax):
            assert line.get_linewidth() >= MIN_LINE_PT


@pytest.mark.parametrize(
    "build",
    [
        lambda: plot_activation(ACTIVATIONS["sigmoid"]),
        lambda: plot_activation(ACTIVATIONS["elu"]),
        lambda: plot_approximation(ACTIVATIONS["gelu"], ACTIVATIONS["gelu_tanh"]),
        lambda: plot_softmax(),
        lambda: plot_overview(ACTIVATIONS.values()),
        lambda: plot_overview(ACTIVATIONS.values(), derivative=True),
        lambda: plot_group_overview(FAMILIES["gated"]),
        lambda: plot_gated(ACTIVATIONS["reglu"]),
        lambda: plot_log_softmax(),
    ],
    ids=[
        "single",
        "family",
        "approximation",
        "softmax",
        "overview",
        "derivatives-overview",
        "slide-overview",
        "gated",
        "log-softmax",
    ],
)
def test_colours_are_okabe_ito_and_read_on_white(build) -> None:
    fig = build()
    palette = {to_hex(c) for c in OKABE_ITO.values()}
    for ax in fig.axes:
        for line in _data_lines(ax):
            colour = to_hex(line.get_color())
            assert colour in palette
            assert _contrast(colour, WHITE) >= GRAPHICS_CONTRAST, colour
    assert fig.get_facecolor()[3] == 0  # transparent: the white panel shows through
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for text in texts:
        colour = to_hex(text.get_color())
        assert _contrast(colour, WHITE) >= TEXT_CONTRAST, (text.get_text(), colour)
    assert _contrast(TEXT_COLOUR, WHITE) >= TEXT_CONTRAST


# --------------------------------------------------------------------------- honest curves


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if not ACTIVATIONS[n].family])
def test_panels_plot_the_function_and_its_derivative(name: str) -> None:
    activation = ACTIVATIONS[name]
    ax_f, ax_d = plot_activation(activation).axes
    for ax, expected in ((ax_f, activation.function), (ax_d, activation.derivative)):
        (line,) = _data_lines(ax)
        x, y = line.get_xdata(), line.get_ydata()
        np.testing.assert_array_equal(y[~np.isnan(x)], expected(X_GRID))
        bottom, top = ax.get_ylim()
        assert bottom < np.nanmin(y) and np.nanmax(y) < top


def test_y_limits_fit_each_function() -> None:
    sigmoid_axes, _ = plot_activation(ACTIVATIONS["sigmoid"]).axes
    bottom, top = sigmoid_axes.get_ylim()
    assert -0.2 < bottom < 0 and 1 < top < 1.2  # not a shared range that flattens it
    relu_axes, _ = plot_activation(ACTIVATIONS["relu"]).axes
    assert relu_axes.get_ylim()[1] > 5


def test_y_limits_pad_the_span() -> None:
    assert y_limits(np.array([0.0, 1.0, np.nan])) == pytest.approx((-0.08, 1.08))
    assert y_limits(np.array([2.0, 2.0]), pad=0.5) == pytest.approx((1.5, 2.5))


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "selu"])
def test_a_derivative_jump_is_a_gap_not_a_vertical_line(name: str) -> None:
    _, ax_d = plot_activation(ACTIVATIONS[name]).axes
    for line in _data_lines(ax_d):
        x = line.get_xdata()
        gaps = np.flatnonzero(np.isnan(x))
        assert len(gaps) == 1
        assert x[gaps[0] - 1] <= 0 < x[gaps[0] + 1]


@pytest.mark.parametrize("name", ["sigmoid", "swish", "gelu"])
def test_smooth_derivatives_have_no_gap(name: str) -> None:
    _, ax_d = plot_activation(ACTIVATIONS[name]).axes
    for line in _data_lines(ax_d):
        assert not np.isnan(line.get_xdata()).any()


ALPHA, BETA = "\N{GREEK SMALL LETTER ALPHA}", "\N{GREEK SMALL LETTER BETA}"


@pytest.mark.parametrize(
    ("name", "symbol"), [("leaky_relu", ALPHA), ("elu", ALPHA), ("swish", BETA)]
)
def test_parametric_activations_show_their_family(name: str, symbol: str) -> None:
    activation = ACTIVATIONS[name]
    ax_f, ax_d = plot_activation(activation).axes
    assert len(_data_lines(ax_f)) == len(_data_lines(ax_d)) == len(activation.family) >= 3
    (parameter,) = activation.params
    labels = [t.get_text() for t in ax_f.get_legend().get_texts()]
    assert labels == [f"{symbol} = {v:g}".replace("-", MINUS) for v in activation.family]
    for line, value in zip(_data_lines(ax_f), activation.family, strict=True):
        expected = activation.function(X_GRID, **{parameter: value})
        np.testing.assert_array_equal(line.get_ydata()[~np.isnan(line.get_xdata())], expected)
    styles = {(line.get_color(), line.get_linestyle()) for line in _data_lines(ax_f)}
    assert len({s[0] for s in styles}) == len({s[1] for s in styles}) == len(activation.family)


def test_plot_activation_refuses_softmax() -> None:
    with pytest.raises(ValueError, match="plot_activation: softmax is not elementwise"):
        plot_activation(ACTIVATIONS["softmax"])


# --------------------------------------------------------------------------- marks


def _mp_minimum(name: str, start: float) -> tuple[float, float]:
    f = REFERENCES[name].function
    params = {k: MP.mpf(v) for k, v in REFERENCES[name].defaults.items()}
    x = MP.findroot(lambda t: MP.diff(lambda s: f(s, **params), t), start)
    return float(x), float(f(x, **params))


@pytest.mark.parametrize(("name", "start"), [("swish", -1.3), ("mish", -1.2), ("gelu", -0.75)])
def test_minimum_marks_sit_at_the_minimum(name: str, start: float) -> None:
    mark = minimum_mark(ACTIVATIONS[name].function)
    x, y = _mp_minimum(name, start)
    assert mark.x == pytest.approx(x, abs=1e-6)
    assert mark.y == pytest.approx(y, rel=1e-12)
    assert f"minimum {y:.3f}".rstrip("0").replace("-", MINUS) in mark.label
    assert mark.panel == "function"


def test_sigmoid_derivative_peak_mark_reads_0_25() -> None:
    mark = maximum_mark(ACTIVATIONS["sigmoid"].derivative, "peak")
    assert (mark.x, mark.y) == pytest.approx((0.0, 0.25), abs=1e-9)
    assert mark.label == "peak 0.25\nat x = 0"
    assert mark.panel == "derivative"


def test_marks_are_drawn_on_their_panel() -> None:
    marks = [Mark(-1.0, 0.5, "left mark"), Mark(2.0, 0.1, "right mark", panel="derivative")]
    ax_f, ax_d = plot_activation(ACTIVATIONS["sigmoid"], marks).axes
    assert [t.get_text() for t in ax_f.texts] == ["left mark"]
    assert [t.get_text() for t in ax_d.texts] == ["right mark"]
    dots = [line for line in ax_d.get_lines() if line.get_marker() == "o"]
    assert [(d.get_xdata()[0], d.get_ydata()[0]) for d in dots] == [(2.0, 0.1)]


def _notebook_figure_cells() -> dict[str, str]:
    """label -> code of the notebook's per-activation figure cells, without options and show.

    The figures of topics that are not one activation's are checked where their topic is.

    A slide version's code comes after its page figure's, which defines the marks it reuses.
    """
    notebook = nbformat.read(Path(__file__).resolve().parents[1] / "ActivationFunctions.ipynb", 4)
    entries = {page.figure_label for page in PAGES.values()}
    cells = {}
    for cell in notebook.cells:
        lines = cell.source.splitlines() if cell.cell_type == "code" else []
        if lines and lines[0].startswith("#| label: fig-") and "fig-overview" not in lines[0]:
            code = [line for line in lines if not line.startswith("#|") and line != "plt.show()"]
            label = lines[0].removeprefix("#| label: ")
            if label.removesuffix("-slide") not in entries:
                continue  # the maxout and linear-pieces figures: tests/test_rectifier_topics.py
            page_code = cells.get(label.removesuffix("-slide"), "") + "\nplt.close('all')\n"
            cells[label] = (page_code if label.endswith("-slide") else "") + "\n".join(code)
    return cells


NOTEBOOK_FIGURES = _notebook_figure_cells()


def draw_notebook_figure(code: str):
    """Run a notebook figure cell's code (names as the notebook imports them); its figure."""
    namespace = {"A": ACTIVATIONS, "np": np, "plotting": plotting, "plt": plt}
    exec(code, namespace)  # noqa: S102
    return plt.gcf()


def _curve_points(ax) -> np.ndarray:
    """Display coordinates of every data curve of ``ax``, 20 points per grid step."""
    points = []
    for line in _data_lines(ax):
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        keep = ~(np.isnan(x) | np.isnan(y))
        x, y = x[keep], y[keep]
        fine = np.linspace(0, len(x) - 1, 20 * len(x))
        xy = np.column_stack([np.interp(fine, np.arange(len(x)), c) for c in (x, y)])
        points.append(ax.transData.transform(xy))
    return np.concatenate(points)


def test_notebook_figures_are_the_ones_checked_below() -> None:
    expected = {
        label for p in PAGES.values() for label in (p.figure_label, f"{p.figure_label}-slide")
    }
    assert set(NOTEBOOK_FIGURES) == expected


@pytest.mark.parametrize("label", sorted(NOTEBOOK_FIGURES))
def test_notebook_mark_labels_stay_inside_their_panel_clear_of_curves_and_legend(
    label: str,
) -> None:
    # The notebook's own figure code, so that the marks checked are the ones published.
    fig = draw_notebook_figure(NOTEBOOK_FIGURES[label])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        curves = _curve_points(ax)
        panel = ax.get_window_extent(renderer)
        legend = ax.get_legend()
        for mark in ax.texts:
            box = Text.get_window_extent(mark, renderer)  # the words, not the leader line
            assert not _outside(box, panel), f"{mark.get_text()!r} leaves its panel"
            clear = box.padded(3.0)
            on_curve = (
                (curves[:, 0] >= clear.x0)
                & (curves[:, 0] <= clear.x1)
                & (curves[:, 1] >= clear.y0)
                & (curves[:, 1] <= clear.y1)
            )
            assert not on_curve.any(), f"{mark.get_text()!r} lies on a curve"
            if legend is not None:
                # a clear gap of one em: a label next to the legend would read as one phrase
                # with its last entry ("beta = 0.5 minimum -0.278")
                em = mark.get_fontsize() * fig.dpi / 72
                legend_box = legend.get_window_extent(renderer).padded(em)
                assert not legend_box.overlaps(box), f"{mark.get_text()!r} touches the legend"


# --------------------------------------------------------------------------- special figures


def _check_panels(fig, entries: list, derivative: bool = False) -> None:
    """One visible panel per entry, in order, each its one-input view (or, with
    ``derivative``, that view's derivative, titled with a prime) on its own y-scale."""
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(entries)
    for ax, activation in zip(visible, entries, strict=True):
        name = activation.name
        expected = "GELU (tanh)" if name == "gelu_tanh" else PAGES[name].display_name
        assert ax.get_title() == expected + ("\N{PRIME}" if derivative else "")
        (line,) = _data_lines(ax)
        f, df = scalar_function(activation)
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        np.testing.assert_array_equal(y[~np.isnan(x)], (df if derivative else f)(X_GRID))
        bottom, top = ax.get_ylim()
        assert bottom < np.nanmin(y) and np.nanmax(y) < top


def test_overview_has_one_panel_per_activation_in_order_under_its_family() -> None:
    fig = plot_overview(ACTIVATIONS.values())
    assert fig.get_size_inches()[0] == plotting.OVERVIEW_WIDTH
    _check_panels(fig, list(ACTIVATIONS.values()))
    # one heading per family, in order, each above its family's first panel and below the
    # previous family's panels
    headings = [t for t in fig.texts if t.get_text()]
    assert [t.get_text().split(":")[0] for t in headings] == list(GROUPS.values())
    panels = iter(ax for ax in fig.axes if ax.get_visible())
    for heading, members in zip(headings, FAMILIES.values(), strict=True):
        first = next(panels)
        for _ in members[1:]:
            next(panels)
        assert heading.get_position()[1] > first.get_position().y1
    gated = next(t.get_text() for t in headings if t.get_text().startswith(GROUPS["gated"]))
    assert "a = 1" in gated


def test_derivatives_overview_has_each_derivative_in_the_overview_layout() -> None:
    functions = plot_overview(ACTIVATIONS.values())
    fig = plot_overview(ACTIVATIONS.values(), derivative=True)
    _check_panels(fig, list(ACTIVATIONS.values()), derivative=True)
    # the same layout as fig-overview: size, panel boxes and family headings
    assert tuple(fig.get_size_inches()) == tuple(functions.get_size_inches())
    boxes = [tuple(ax.get_position().bounds) for ax in fig.axes]
    assert boxes == [tuple(ax.get_position().bounds) for ax in functions.axes]
    assert [t.get_text() for t in fig.texts] == [t.get_text() for t in functions.texts]


def test_derivatives_overview_check_fires_on_the_functions() -> None:
    # the function's overview in place of the derivatives' fails the panel check
    with pytest.raises(AssertionError):
        _check_panels(plot_overview(ACTIVATIONS.values()), list(ACTIVATIONS.values()), True)


@pytest.mark.parametrize("group", list(GROUPS))
def test_family_overview_has_the_family_in_order(group: str) -> None:
    fig = plot_group_overview(FAMILIES[group])
    assert tuple(fig.get_size_inches()) == SLIDE_OVERVIEW_SIZE
    _check_panels(fig, FAMILIES[group])


@pytest.mark.parametrize("name", GATED)
def test_gated_figure_shows_value_times_gate_and_its_derivative_in_b(name: str) -> None:
    activation = ACTIVATIONS[name]
    gate = ACTIVATIONS[activation.gate]  # the elementwise entry g, computed independently
    ax_f, ax_d = plot_gated(activation).axes
    lines_f, lines_d = _data_lines(ax_f), _data_lines(ax_d)
    assert len(lines_f) == len(lines_d) == len(plotting.GATE_VALUES)
    labels = [t.get_text() for t in ax_f.get_legend().get_texts()]
    assert labels == [f"a = {a:g}".replace("-", MINUS) for a in plotting.GATE_VALUES]
    for a, line_f, line_d in zip(plotting.GATE_VALUES, lines_f, lines_d, strict=True):
        for line, expected in (
            (line_f, a * gate.function(X_GRID)),
            (line_d, a * gate.derivative(X_GRID)),
        ):
            x, y = line.get_xdata(), line.get_ydata()
            np.testing.assert_allclose(y[~np.isnan(x)], expected, rtol=4e-16, atol=0)
    assert ax_d.get_xlabel() == "gate input b"
    styles = {(line.get_color(), line.get_linestyle()) for line in lines_f}
    assert len({c for c, _ in styles}) == len({s for _, s in styles}) == len(lines_f)


def test_plot_gated_refuses_an_ungated_entry() -> None:
    with pytest.raises(ValueError, match="plot_gated: relu is not a gated unit"):
        plot_gated(ACTIVATIONS["relu"])


def test_log_softmax_figure_is_log_probabilities_and_their_slopes() -> None:
    ax_f, ax_d = plot_log_softmax().axes
    own, other = _data_lines(ax_f)
    # logits (x, 0, 0): log p1 = x - log(e^x + 2), log p2 = log p3 = -log(e^x + 2)
    normaliser = np.logaddexp(X_GRID, np.log(2.0))
    np.testing.assert_allclose(own.get_ydata(), X_GRID - normaliser, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(other.get_ydata(), -normaliser, rtol=1e-15, atol=1e-15)
    slope_own, slope_other = _data_lines(ax_d)
    p1 = np.exp(X_GRID - normaliser)
    complement = np.exp(np.log(2.0) - normaliser)  # 1 - p1 = 2 / (e^x + 2), no cancellation
    np.testing.assert_allclose(slope_own.get_ydata(), complement, rtol=1e-14, atol=0)
    np.testing.assert_allclose(slope_other.get_ydata(), -p1, rtol=1e-14, atol=0)
    # far below the others, log p1 has slope 1: its gradient does not vanish
    assert slope_own.get_ydata()[0] > 0.99


def test_approximation_error_panel() -> None:
    gelu, gelu_tanh = ACTIVATIONS["gelu"], ACTIVATIONS["gelu_tanh"]
    _, ax_e = plot_approximation(gelu, gelu_tanh).axes
    error = gelu_tanh.function(X_GRID) - gelu.function(X_GRID)
    assert ax_e.get_title() == "error, in units of 10⁻⁴"
    (line,) = _data_lines(ax_e)
    np.testing.assert_allclose(line.get_ydata() * 1e-4, error, rtol=1e-12, atol=0)
    (mark,) = ax_e.texts
    assert f"{np.max(np.abs(error)) * 1e4:.3f}" in mark.get_text()


def test_softmax_figure_probabilities_sum_to_one_and_flatten_with_temperature() -> None:
    ax_x, ax_t = plot_softmax(other_logits=(1.0, -1.0), logits=(2.0, 1.0, -1.0)).axes
    curves = np.array([line.get_ydata() for line in _data_lines(ax_x)])
    assert curves.shape == (3, len(X_GRID))
    np.testing.assert_allclose(curves.sum(axis=0), 1.0, rtol=0, atol=4e-16)
    assert curves[0, 0] < 0.01 and curves[0, -1] > 0.97  # p1 rises with its logit
    crossing = X_GRID[np.argmin(np.abs(curves[0] - curves[1]))]
    assert crossing == pytest.approx(1.0, abs=X_GRID[1] - X_GRID[0])  # p1 = p2 where z1 = z2
    tempered = np.array([line.get_ydata() for line in _data_lines(ax_t)])
    temperatures = _data_lines(ax_t)[0].get_xdata()
    assert temperatures[0] == pytest.approx(0.1) and temperatures[-1] == pytest.approx(10.0)
    assert tempered[0, 0] == pytest.approx(1.0, abs=1e-4)  # cold: the largest logit wins
    np.testing.assert_allclose(tempered[:, -1], 1 / 3, atol=0.06)  # hot: nearly uniform
    # exact: softmax(z / 10) for z = (2, 1, -1)
    weights = np.exp(np.array([2.0, 1.0, -1.0]) / 10)
    np.testing.assert_allclose(tempered[:, -1], weights / weights.sum(), rtol=1e-14)


# --------------------------------------------------------------------------- reproducible


def test_svg_is_byte_for_byte_reproducible_and_undated() -> None:
    def render() -> bytes:
        fig = plot_activation(ACTIVATIONS["mish"], [minimum_mark(ACTIVATIONS["mish"].function)])
        data = _svg(fig)
        plt.close(fig)
        return data

    first, second = render(), render()
    assert first == second
    assert b"<dc:date>" not in first
    assert b"<text" not in first  # glyphs are paths: no font needed to view it


def test_number_formatting_uses_a_true_minus_and_no_negative_zero() -> None:
    assert plotting._decimal(-0.27846) == f"{MINUS}0.278"
    assert plotting._decimal(-1e-9) == "0"
    assert plotting._decimal(0.25) == "0.25"
    assert plotting._decimal(2.0) == "2"
    assert not math.isnan(float(plotting._decimal(1.5)))


def derivative_jumps_outside(label: str, figure_code: str) -> list[float]:
    """Where the entry's derivative jumps on [-50, 50] but the figure's x-range does not reach."""
    low, high = draw_notebook_figure(figure_code).axes[-1].get_xlim()
    plt.close("all")
    (name,) = [n for n, p in PAGES.items() if p.figure_label == label.removesuffix("-slide")]
    entry = ACTIVATIONS[name]
    x = np.arange(-4000, 4001) / 80.0
    slopes = entry.derivative(x) if entry.elementwise else None
    if slopes is None:
        return []
    span = float(np.ptp(slopes)) or 1.0
    jumps = x[1:][np.abs(np.diff(slopes)) > 0.1 * span]
    return [float(j) for j in jumps if not low < j < high]


@pytest.mark.parametrize("label", sorted(NOTEBOOK_FIGURES))
def test_figure_shows_every_jump_of_the_derivative(label: str) -> None:
    # ReLU6's cap at 6 lies beyond the shared -5 to 5: its figure is drawn wider, and this fails
    # on a copy drawn on the shared range (see the test below).
    assert derivative_jumps_outside(label, NOTEBOOK_FIGURES[label]) == []


def test_jump_check_fires_on_relu6_drawn_on_the_shared_range() -> None:
    code = NOTEBOOK_FIGURES["fig-relu6"].replace(", x=RELU6_X", "")
    assert derivative_jumps_outside("fig-relu6", code) == [6.0]


def test_universal_approximation_draws_the_fits_errors() -> None:
    from activations import relu
    from activations.approximation import fit_one_hidden_layer

    fig = plotting.plot_universal_approximation(units=(8,), counts=(2, 8))
    _, right = fig.axes
    drawn = {line.get_label(): line.get_ydata() for line in right.get_lines()}

    def wave(x):
        return np.cos(2 * np.pi * x)

    want = [fit_one_hidden_layer(wave, relu, n).rms_error for n in (2, 8)]
    assert list(drawn) == ["ReLU", "tanh", "sigmoid", "z²", "none"]
    np.testing.assert_array_equal(drawn["ReLU"], want)
    assert drawn["z²"][0] == pytest.approx(drawn["z²"][1]) and drawn["ReLU"][1] < drawn["ReLU"][0]
    plt.close(fig)
