"""The one plot helper behind every figure: same x-grid, size, fonts and palette.

Figures are drawn for a projector and for the site, where every figure is shown on white: the
pages' figures on white in both themes (the dark theme gives figure images a white panel, and so
does the lightbox) and the slides are white. Large type, thick lines, Okabe-Ito colours (Okabe
and Ito 2008, "Color Universal Design") on a transparent background (the white panel shows
through), text and axes in a dark grey (#404040, 10.4:1 on white, above WCAG 2.1's 4.5:1 for
text) and gridlines in a light one. Every line colour used here keeps a contrast ratio of at
least 3:1 on white (WCAG 2.1's threshold for graphics). Legends sit on a white frame, so that
gridlines and curves do not cross their labels.

Call :func:`use_style` once (the notebook does) so that saved figures are transparent and SVG
output is reproducible: a fixed ``svg.hashsalt``, and pass ``metadata={"Date": None}`` when
saving.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import classic, rectifiers
from ..approximation import fit_one_hidden_layer
from ..outputs import log_softmax, log_softmax_grad, softmax
from ..piecewise import Layer, linear_pieces, maxout, maxout_grad, relu_network
from ..properties import global_maximum, global_minimum
from ..registry import Activation
from ..views import ONE_LOGIT_OTHERS, one_input, one_logit_rows
from .pages import GROUPS, PAGES

__all__ = [
    "DERIVATIVE_COLOUR",
    "FAMILY_STYLES",
    "FIGSIZE",
    "FUNCTION_COLOUR",
    "GATE_VALUES",
    "GRID_COLOUR",
    "OKABE_ITO",
    "OVERVIEW_WIDTH",
    "SLIDE_FIGSIZE",
    "SLIDE_OVERVIEW_SIZE",
    "STYLE",
    "TEXT_COLOUR",
    "X_GRID",
    "Mark",
    "maximum_mark",
    "minimum_mark",
    "plot_activation",
    "plot_approximation",
    "plot_gated",
    "plot_group_overview",
    "plot_linear_pieces",
    "plot_log_softmax",
    "plot_maxout",
    "plot_overview",
    "plot_softmax",
    "use_style",
    "y_limits",
]

#: The Okabe-Ito colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Text, axes and marks: a dark grey, 10.4:1 on white (the background every figure is shown on).
TEXT_COLOUR = "#404040"
#: Gridlines: a light grey, drawn at :data:`STYLE`'s ``grid.alpha``.
GRID_COLOUR = "#808080"
FUNCTION_COLOUR = OKABE_ITO["vermillion"]
DERIVATIVE_COLOUR = OKABE_ITO["bluish_green"]
#: (colour, line style) of the members of a family, told apart by both.
FAMILY_STYLES = (
    (OKABE_ITO["vermillion"], "-"),
    (OKABE_ITO["blue"], "--"),
    (OKABE_ITO["reddish_purple"], ":"),
)

#: The x-grid of every figure, -5 to 5 in steps of 1/80: exactly symmetric, with 0 (where the
#: kinks are) a grid point.
X_GRID = np.arange(-400, 401) / 80.0
_X_TICKS = (-4.0, -2.0, 0.0, 2.0, 4.0)
#: Size in inches of every function-and-derivative figure: two panels stacked, for a half-width
#: column. Saved as SVG it is 614 x 538 CSS px (96 px per inch), so in a slide's 640 px column
#: (half of 1280) it shows at its own size, type at its nominal size, and on the page's
#: half-width column (about 400 px) the 17 pt text still reads at about 15 px.
FIGSIZE = (6.4, 5.6)
#: Margins of the stacked figures, as fractions of the figure: room for the y tick labels on the
#: left, a title above each panel and the x tick labels and x label below the lower one.
_STACKED_MARGINS = {"left": 0.13, "right": 0.97, "bottom": 0.125, "top": 0.925, "hspace": 0.3}
#: Size of the slide versions of the stacked figures: 595 x 499 CSS px. In a slide's 50% column
#: an image may be at most 95% of the column's 632 px content box wide (600 px) before the
#: browser shrinks it, and below a slide title this height leaves room for a one-line caption
#: and 24 px to spare above the bottom of the 720 px slide. Margins keep their size in inches,
#: so the type is as large as on the page's figures.
SLIDE_FIGSIZE = (6.2, 5.2)
#: The style's default size, kept for other figures drawn with :func:`use_style`.
_DEFAULT_SIZE = (10.0, 4.2)
#: Width in inches of the page's overview: 787 CSS px, so that the page's 800 px text column
#: shows it at its own size and a phone's 340 px at 43% (seven panels a row, at 1344 px, showed
#: there at 25%, its tick labels 5 px high).
OVERVIEW_WIDTH = 8.2
#: Layout of the overviews in inches: room left of a panel for its y tick labels, above it for
#: its title, below it for its x tick labels, and above a family's row for its heading.
_OVERVIEW_LEFT, _OVERVIEW_RIGHT, _OVERVIEW_GAP = 0.62, 0.12, 0.62
_TITLE_BAND, _TICK_BAND, _HEADING_BAND = 0.42, 0.36, 0.42
_OVERVIEW_PANEL_HEIGHT = 1.45
#: Panels per row of the page's overview: a larger family wraps.
_OVERVIEW_COLUMNS = 4
#: Size of a family's overview on its slide: 1210 x 499 CSS px, within the 95% of the 1280 px
#: slide width an image may take, and as tall as a one-line caption below the title allows.
SLIDE_OVERVIEW_SIZE = (12.6, 5.2)
#: Values of the value half a drawn in the figures of the gated units.
GATE_VALUES = (1.0, 0.5, -1.0)

STYLE = {
    "figure.figsize": _DEFAULT_SIZE,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.transparent": True,
    # A fixed layout (no constrained layout, no tight bounding box): drawing a figure once is
    # enough, which halves the run time. The stacked figures set their own margins.
    "figure.subplot.left": 0.075,
    "figure.subplot.right": 0.985,
    "figure.subplot.bottom": 0.16,
    "figure.subplot.top": 0.9,
    "figure.subplot.wspace": 0.22,
    "font.size": 17,
    "axes.titlesize": 19,
    # A fixed title height: matplotlib otherwise searches for room above the tick labels.
    "axes.titley": 1.0,
    "axes.titlepad": 8.0,
    "axes.labelsize": 17,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "legend.fontsize": 16,
    # A white frame without an edge: gridlines and curves do not run through the labels.
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "legend.facecolor": "white",
    "legend.edgecolor": "none",
    "legend.fancybox": False,
    "lines.linewidth": 3.5,
    "lines.markersize": 11,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.linewidth": 1.5,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": GRID_COLOUR,
    "grid.alpha": 0.35,
    "grid.linewidth": 1.0,
    "axes.prop_cycle": mpl.cycler(color=[colour for colour, _ in FAMILY_STYLES]),
    # Reproducible SVG: fixed ids, and glyphs as paths so no font is needed to view it.
    "svg.hashsalt": "activations",
    "svg.fonttype": "path",
}

# Labels are plain Unicode text, not mathtext: parsing mathtext was a tenth of the run time.
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
MINUS = "\N{MINUS SIGN}"


def use_style() -> None:
    """Apply :data:`STYLE` to matplotlib's global settings (what saving a figure reads)."""
    mpl.rcParams.update(STYLE)


def y_limits(values: np.ndarray, pad: float = 0.08) -> tuple[float, float]:
    """Y-limits fitted to one function: the data's span plus ``pad`` of it on each side.

    Parameters
    ----------
    values : numpy.ndarray
        The plotted values (nan ignored).
    pad : float
        Margin as a fraction of the span.

    Returns
    -------
    tuple of float
        ``(bottom, top)``; a constant gets a span of 1 around it.
    """
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    span = high - low if high > low else 1.0
    return low - pad * span, high + pad * span


@dataclass(frozen=True)
class Mark:
    """A point worth remembering, drawn as a dot with a short label.

    ``panel`` is "function" or "derivative"; ``offset`` places the label, in points from the dot.
    """

    x: float
    y: float
    label: str
    panel: str = "function"
    offset: tuple[float, float] = (85.0, -50.0)


def _decimal(value: float) -> str:
    """``value`` to three decimals without trailing zeros, with a true minus sign (U+2212)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", MINUS)


def _number(value: float) -> str:
    """``value`` as ``:g`` formats it, with a true minus sign (U+2212)."""
    return f"{value:g}".replace("-", MINUS)


def minimum_mark(
    f, label: str = "minimum", panel: str = "function", offset: tuple[float, float] = (85, -50)
) -> Mark:
    """A :class:`Mark` at the minimum of ``f`` on [-10, 10], found numerically.

    Parameters
    ----------
    f : callable
        The function to minimise (vectorised), e.g. ``ACTIVATIONS["swish"].function``.
    label : str
        Words before the value: the mark reads "minimum -0.278 at x = -1.278".
    panel : str
        "function" or "derivative".
    offset : tuple of float
        Label position in points from the dot.

    Returns
    -------
    Mark
        The mark, its position from :func:`activations.properties.global_minimum`.
    """
    x, y = global_minimum(f)
    return Mark(x, y, f"{label} {_decimal(y)}\nat x = {_decimal(x)}", panel, offset)


def maximum_mark(
    f, label: str = "maximum", panel: str = "derivative", offset: tuple[float, float] = (85, -50)
) -> Mark:
    """A :class:`Mark` at the maximum of ``f`` on [-10, 10]; see :func:`minimum_mark`."""
    x, y = global_maximum(f)
    return Mark(x, y, f"{label} {_decimal(y)}\nat x = {_decimal(x)}", panel, offset)


def _margins_at(
    figsize: tuple[float, float], reference: tuple[float, float], margins: dict[str, float]
) -> dict[str, float]:
    """Gridspec ``margins`` of a ``reference``-sized figure of two stacked panels, as fractions
    of ``figsize``.

    Margins and the gap between the panels keep their size in inches, so tick labels and titles
    have the same room in a smaller figure; only the panels shrink. At the reference size the
    fractions are returned unchanged.
    """
    if tuple(figsize) == tuple(reference):
        return dict(margins)
    (width, height), (width0, height0) = figsize, reference
    scaled = dict(margins)
    scaled["left"] = margins["left"] * width0 / width
    scaled["right"] = 1 - (1 - margins["right"]) * width0 / width
    scaled["bottom"] = margins["bottom"] * height0 / height
    scaled["top"] = 1 - (1 - margins["top"]) * height0 / height
    # hspace is the gap as a fraction of a panel's height: keep the gap's inches
    span0 = height0 * (margins["top"] - margins["bottom"])
    gap = margins["hspace"] * span0 / (2 + margins["hspace"])
    panel = (height * (scaled["top"] - scaled["bottom"]) - gap) / 2
    scaled["hspace"] = gap / panel
    return scaled


def _grid_with_breaks(y: np.ndarray, x: np.ndarray = X_GRID) -> tuple[np.ndarray, np.ndarray]:
    """``x`` (:data:`X_GRID`) and ``y``, both with nan inserted where ``y`` jumps."""
    y = np.asarray(y, dtype=float)
    span = float(np.ptp(y)) or 1.0
    jumps = np.flatnonzero(np.abs(np.diff(y)) > 0.1 * span) + 1
    return np.insert(x, jumps, np.nan), np.insert(y, jumps, np.nan)


def _stacked_axes(
    figsize: tuple[float, float] = FIGSIZE, sharex: bool = True, **margins: float
) -> tuple[Figure, Axes, Axes]:
    """A ``figsize`` figure with two panels one above the other, at fixed margins.

    ``margins`` override :data:`_STACKED_MARGINS` (fractions of a :data:`FIGSIZE` figure, kept in
    inches at other sizes); with ``sharex`` the upper panel shows no x tick labels.
    """
    gridspec = _margins_at(figsize, FIGSIZE, _STACKED_MARGINS | margins)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=figsize, sharex=sharex, gridspec_kw=gridspec)
    return fig, top, bottom


def _grid_axes(ax: Axes, xlabel: str | None = "$x$", x: np.ndarray = X_GRID) -> None:
    """The x-range of ``x``, ticks 2 apart, and the x-axis label (none if ``xlabel`` is None).

    On the shared :data:`X_GRID` the ticks are :data:`_X_TICKS`.
    """
    ax.set_xlim(x[0], x[-1])
    if x is X_GRID:
        ax.set_xticks(_X_TICKS)
    else:
        ax.set_xticks(np.arange(2 * np.ceil(x[0] / 2 + 0.25), x[-1] - 0.5, 2.0))
    if xlabel is not None:
        ax.set_xlabel(xlabel)


def _draw_mark(ax: Axes, mark: Mark) -> None:
    """The dot and its label, on a white panel so that gridlines and curves do not cross it.

    The leader line starts at the edge of the label that faces the dot (its top edge for a
    label below the dot, its bottom edge otherwise), so that it never runs through the text.
    """
    ax.plot(mark.x, mark.y, "o", color=TEXT_COLOUR, zorder=5)
    below = mark.offset[1] < 0
    ax.annotate(
        mark.label,
        (mark.x, mark.y),
        xytext=mark.offset,
        textcoords="offset points",
        fontsize=16,
        bbox={
            "boxstyle": "square,pad=0.15",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.9,
        },
        arrowprops={
            "arrowstyle": "-",
            "color": TEXT_COLOUR,
            "linewidth": 1.5,
            "relpos": (0.5, 1.0) if below else (0.5, 0.0),
            "shrinkA": 0,
        },
        zorder=6,
    )


def _draw_bounds(ax: Axes, bounds: Iterable[float]) -> None:
    """Dotted grey lines at the given bounds of the output."""
    for bound in bounds:
        ax.axhline(bound, color=TEXT_COLOUR, linestyle=":", linewidth=2.0)


def plot_activation(
    activation: Activation,
    marks: Sequence[Mark] = (),
    figsize: tuple[float, float] = FIGSIZE,
    x: np.ndarray = X_GRID,
) -> Figure:
    """The function (upper panel) above its derivative (lower panel) on :data:`X_GRID`.

    A parametric activation (non-empty ``family``) is drawn once per family value, with a legend;
    the others in :data:`FUNCTION_COLOUR` and :data:`DERIVATIVE_COLOUR`. Dotted lines show the
    output's finite bounds, a derivative's jump is left as a gap, and each :class:`Mark` is drawn
    on its panel.

    Parameters
    ----------
    activation : Activation
        An elementwise registry entry.
    marks : sequence of Mark
        Points to label.
    figsize : tuple of float
        Width and height in inches: :data:`FIGSIZE` for the pages, :data:`SLIDE_FIGSIZE` for
        the slides.
    x : numpy.ndarray
        The inputs, :data:`X_GRID` unless what matters lies outside it (ReLU6's cap at 6).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot (shown by ``plt.show()``).
    """
    if not activation.elementwise:
        raise ValueError(f"plot_activation: {activation.name} is not elementwise; use plot_softmax")
    with mpl.rc_context(STYLE):
        fig, ax_f, ax_d = _stacked_axes(figsize)
        if activation.family:
            (declared,) = activation.parameters
            parameter, symbol = declared.name, declared.symbol
            curves = [
                ({parameter: value}, f"{symbol} = {_number(value)}", colour, style)
                for value, (colour, style) in zip(activation.family, FAMILY_STYLES, strict=False)
            ]
        else:
            curves = [({}, None, None, "-")]
        all_f, all_d = [], []
        for kwargs, label, colour, style in curves:
            f_values = activation.function(x, **kwargs)
            d_values = activation.derivative(x, **kwargs)
            ax_f.plot(
                *_grid_with_breaks(f_values, x), style, color=colour or FUNCTION_COLOUR, label=label
            )
            ax_d.plot(
                *_grid_with_breaks(d_values, x),
                style,
                color=colour or DERIVATIVE_COLOUR,
                label=label,
            )
            all_f.append(f_values)
            all_d.append(d_values)
        if not activation.family:
            finite_bounds = [b for b in activation.bounds if np.isfinite(b)]
            _draw_bounds(ax_f, finite_bounds)
            all_f.append(finite_bounds)
        ax_f.set_ylim(y_limits(np.concatenate(all_f)))
        ax_d.set_ylim(y_limits(np.concatenate([*all_d, [0.0]])))
        name = PAGES[activation.name].display_name
        ax_f.set_title(name)
        ax_d.set_title(f"{name}: derivative")
        _grid_axes(ax_f, None, x)
        _grid_axes(ax_d, x=x)
        if activation.family:
            ax_f.legend(loc="upper left")
        panels = {"function": ax_f, "derivative": ax_d}
        for mark in marks:
            _draw_mark(panels[mark.panel], mark)
    return fig


def _overview_title(activation: Activation) -> str:
    """A panel's title: the page's short name where it has one, else the display name."""
    return PAGES[activation.name].title


def _overview_panel(ax: Axes, activation: Activation, derivative: bool = False) -> None:
    """One activation alone in ``ax``: its one-input view, its own y-limits, three x ticks.

    With ``derivative`` the panel shows the derivative instead, broken where it jumps, in the
    derivative's colour and titled with a prime.
    """
    f, df = one_input(activation)
    if derivative:
        values = df(X_GRID)
        ax.plot(*_grid_with_breaks(values), color=DERIVATIVE_COLOUR)
        title = _overview_title(activation) + "\N{PRIME}"
    else:
        values = f(X_GRID)
        ax.plot(X_GRID, values, color=FUNCTION_COLOUR)
        title = _overview_title(activation)
    ax.set_ylim(y_limits(values))
    ax.set_xlim(X_GRID[0], X_GRID[-1])
    ax.set_title(title, fontsize=17)
    ax.set_xticks([-4, 0, 4])
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(3))


def _panel_rows(
    fig: Figure, rows: Sequence[int], ncols: int, panel: tuple[float, float], heading: float
) -> list[list[Axes]]:
    """Axes in rows of ``rows[i]`` panels, placed in inches from the top-left corner.

    Each row has ``heading`` inches above it for a heading, then a title band, the panels
    (``panel`` = width, height) and a tick band; columns are :data:`_OVERVIEW_GAP` apart.
    """
    width, height = fig.get_size_inches()
    axes, top = [], 0.0
    for count in rows:
        top += heading + _TITLE_BAND
        row = []
        for column in range(count):
            left = _OVERVIEW_LEFT + column * (panel[0] + _OVERVIEW_GAP)
            box = (left / width, 1 - (top + panel[1]) / height, panel[0] / width, panel[1] / height)
            row.append(fig.add_axes(box))
        axes.append(row)
        top += panel[1] + _TICK_BAND
    return axes


def _overview_height(rows: int, panel_height: float, heading: float) -> float:
    return rows * (heading + _TITLE_BAND + panel_height + _TICK_BAND)


def plot_overview(
    activations: Iterable[Activation], ncols: int = _OVERVIEW_COLUMNS, derivative: bool = False
) -> Figure:
    """Small multiples by family: each activation alone in its panel, its own y-limits.

    Every family of :data:`activations.site.pages.GROUPS` starts a row under its heading (a
    family of more than ``ncols`` entries wraps). Softmax and log-softmax appear in their
    one-logit view, a gated unit as its gate at a = 1
    (:func:`activations.views.one_input`); the headings say so.

    Parameters
    ----------
    activations : iterable of Activation
        The panels, in order; entries of one family must be adjacent.
    ncols : int
        Panels per row at most.
    derivative : bool
        Draw each activation's derivative (of the same one-input view) instead of the
        function, in the same layout: the derivatives' overview.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, :data:`OVERVIEW_WIDTH` inches wide, managed by pyplot.
    """
    families: dict[str, list[Activation]] = {}
    for activation in activations:
        families.setdefault(PAGES[activation.name].group, []).append(activation)
    rows, headings = [], []
    for group, members in families.items():
        for start in range(0, len(members), ncols):
            rows.append(members[start : start + ncols])
            headings.append(_family_heading(group) if start == 0 else "")
    panel_width = (
        OVERVIEW_WIDTH - _OVERVIEW_LEFT - _OVERVIEW_RIGHT - (ncols - 1) * _OVERVIEW_GAP
    ) / ncols
    height = _overview_height(len(rows), _OVERVIEW_PANEL_HEIGHT, _HEADING_BAND)
    with mpl.rc_context(STYLE):
        fig = plt.figure(figsize=(OVERVIEW_WIDTH, height))
        grid = _panel_rows(
            fig, [len(r) for r in rows], ncols, (panel_width, _OVERVIEW_PANEL_HEIGHT), _HEADING_BAND
        )
        top = 0.0
        for members, axes, heading in zip(rows, grid, headings, strict=True):
            if heading:
                fig.text(
                    0.12 / OVERVIEW_WIDTH,
                    1 - (top + 0.3) / height,
                    heading,
                    fontsize=19,
                    fontweight="bold",
                    ha="left",
                    va="baseline",
                )
            for ax, activation in zip(axes, members, strict=True):
                _overview_panel(ax, activation, derivative)
            top += _overview_height(1, _OVERVIEW_PANEL_HEIGHT, _HEADING_BAND)
    return fig


def _family_heading(group: str) -> str:
    """A family's heading, with the view its panels show where they have more than one input."""
    view = {
        "gated": ": gate at a = 1, against b",
        "output-loss": ": (log-)softmax of (x, 0, 0)",
    }
    return GROUPS[group] + view.get(group, "")


def plot_group_overview(
    activations: Iterable[Activation], figsize: tuple[float, float] = SLIDE_OVERVIEW_SIZE
) -> Figure:
    """One family's panels for a slide: one row of up to three, else two rows.

    Parameters
    ----------
    activations : iterable of Activation
        The panels, in order (a family of the registry, for instance).
    figsize : tuple of float
        Width and height in inches: :data:`SLIDE_OVERVIEW_SIZE`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    activations = list(activations)
    nrows = 1 if len(activations) <= 3 else 2
    ncols = -(-len(activations) // nrows)
    width, height = figsize
    panel = (
        (width - _OVERVIEW_LEFT - _OVERVIEW_RIGHT - (ncols - 1) * _OVERVIEW_GAP) / ncols,
        height / nrows - _TITLE_BAND - _TICK_BAND,
    )
    with mpl.rc_context(STYLE):
        fig = plt.figure(figsize=figsize)
        rows = [min(ncols, len(activations) - r * ncols) for r in range(nrows)]
        axes = [ax for row in _panel_rows(fig, rows, ncols, panel, 0.0) for ax in row]
        for ax, activation in zip(axes, activations, strict=True):
            _overview_panel(ax, activation)
    return fig


def plot_approximation(
    exact: Activation, approximation: Activation, figsize: tuple[float, float] = FIGSIZE
) -> Figure:
    """An approximation over the exact function (upper panel) above its error (lower panel).

    Both panels share :data:`X_GRID`.

    The largest absolute error on the grid is marked.

    Parameters
    ----------
    exact, approximation : Activation
        Elementwise registry entries, e.g. GELU and its tanh approximation.
    figsize : tuple of float
        Width and height in inches, as for :func:`plot_activation`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    exact_values = exact.function(X_GRID)
    approx_values = approximation.function(X_GRID)
    error = approx_values - exact_values
    worst = int(np.argmax(np.abs(error)))
    exponent = int(np.floor(np.log10(abs(error[worst]))))
    scaled = error / 10.0**exponent
    unit = "10" + str(exponent).translate(_SUPERSCRIPTS)
    with mpl.rc_context(STYLE):
        fig, ax_f, ax_e = _stacked_axes(figsize)
        name = PAGES[exact.name].display_name
        ax_f.plot(X_GRID, exact_values, color=FUNCTION_COLOUR, label=name)
        ax_f.plot(X_GRID, approx_values, "--", color=OKABE_ITO["blue"], label="tanh approximation")
        ax_f.set_ylim(y_limits(exact_values))
        ax_f.legend(loc="upper left")
        ax_f.set_title(f"{name} and its approximation")
        ax_e.plot(X_GRID, scaled, color=DERIVATIVE_COLOUR)
        bottom, top = y_limits(scaled)
        ax_e.set_ylim(bottom, top + 0.6 * (top - bottom))  # room for the label above the curve
        ax_e.set_title(f"error, in units of {unit}")
        x_worst = float(X_GRID[worst])
        label = f"largest {_decimal(abs(scaled[worst]))} \N{MULTIPLICATION SIGN} {unit}\nat x = {_decimal(x_worst)}"
        _draw_mark(ax_e, Mark(x_worst, float(scaled[worst]), label, offset=(25.0, 10.0)))
        _grid_axes(ax_f, None)
        _grid_axes(ax_e)
    return fig


def plot_softmax(
    other_logits: Sequence[float] = (1.0, -1.0),
    logits: Sequence[float] = (2.0, 1.0, -1.0),
    temperatures: np.ndarray | None = None,
    figsize: tuple[float, float] = FIGSIZE,
) -> Figure:
    """Softmax's class probabilities as one logit varies (upper panel) and against temperature.

    Upper panel: p_i(x) for the logits ``(x, *other_logits)``, x on :data:`X_GRID`. Lower panel:
    softmax of ``logits / T`` for temperatures T on a log scale from 0.1 to 10.

    Parameters
    ----------
    other_logits : sequence of float
        The fixed logits of classes 2, 3, ...
    logits : sequence of float
        The logits whose temperature-scaled softmax is drawn in the lower panel.
    temperatures : numpy.ndarray, optional
        Temperatures to draw; default 401 points from 0.1 to 10.
    figsize : tuple of float
        Width and height in inches, as for :func:`plot_activation`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    if temperatures is None:
        temperatures = np.geomspace(0.1, 10.0, 401)
    grid_logits = np.column_stack(
        [X_GRID, np.broadcast_to(other_logits, (len(X_GRID), len(other_logits)))]
    )
    varying = softmax(grid_logits)
    tempered = softmax(np.asarray(logits, dtype=float)[None, :] / temperatures[:, None])
    with mpl.rc_context(STYLE):
        # Two x-axes of their own: the upper panel needs its x label, hence the wider gap.
        fig, ax_x, ax_t = _stacked_axes(figsize, sharex=False, left=0.16, hspace=0.75)
        for i, (colour, style) in enumerate(FAMILY_STYLES[: varying.shape[1]]):
            ax_x.plot(X_GRID, varying[:, i], style, color=colour, label=f"p{_SUBSCRIPTS[i + 1]}")
        for i, (colour, style) in enumerate(FAMILY_STYLES[: tempered.shape[1]]):
            ax_t.plot(
                temperatures,
                tempered[:, i],
                style,
                color=colour,
                label=f"z{_SUBSCRIPTS[i + 1]} = {_number(logits[i])}",
            )
        fixed = ", ".join(
            f"z{_SUBSCRIPTS[i + 2]} = {_number(z)}" for i, z in enumerate(other_logits)
        )
        ax_x.set_title(f"varying z₁ ({fixed})", fontsize=17)
        _grid_axes(ax_x, "logit z₁")
        ax_t.set_xscale("log")
        ax_t.xaxis.set_minor_locator(mpl.ticker.NullLocator())
        ax_t.set_title("temperature T: softmax(z / T)", fontsize=17)
        ax_t.set_xlabel("temperature T")
        ax_t.axhline(1 / len(logits), color=TEXT_COLOUR, linestyle=":", linewidth=2.0)
        ax_t.set_xticks([0.1, 1.0, 10.0], ["0.1", "1", "10"])
        for ax, curves in ((ax_x, varying.shape[1]), (ax_t, tempered.shape[1])):
            # The curves fill the panel's width, so the legend is one row above them.
            ax.legend(loc="upper center", ncols=curves, handlelength=1.5, columnspacing=1.2)
            ax.set_ylim(-0.05, 1.55)
            ax.set_yticks([0.0, 0.5, 1.0])
            ax.set_ylabel("probability")
    return fig


#: How the figures write a gate g: the sigmoid as sigma, the others by their display name.
_GATE_SYMBOLS = {"sigmoid": "\N{GREEK SMALL LETTER SIGMA}"}


def plot_gated(
    activation: Activation,
    values: Sequence[float] = GATE_VALUES,
    figsize: tuple[float, float] = FIGSIZE,
) -> Figure:
    """A gated unit a * g(b) against its gate input b (upper panel) and its derivative in b.

    One curve per value ``a`` of the value half, with a legend; the lower panel is the partial
    derivative a * g'(b) from the entry's gradient. Both on :data:`X_GRID`, a jump left as a gap.

    Parameters
    ----------
    activation : Activation
        A gated registry entry (``gate`` names its g).
    values : sequence of float
        Values of a, at most three.
    figsize : tuple of float
        Width and height in inches, as for :func:`plot_activation`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    if not activation.gate:
        raise ValueError(f"plot_gated: {activation.name} is not a gated unit")
    gate = _GATE_SYMBOLS.get(activation.gate, PAGES[activation.gate].display_name)
    with mpl.rc_context(STYLE):
        fig, ax_f, ax_d = _stacked_axes(figsize)
        all_f, all_d = [], []
        for a, (colour, style) in zip(values, FAMILY_STYLES, strict=False):
            halves = np.stack([np.full_like(X_GRID, a), X_GRID], axis=-1)
            f_values = activation.function(halves)[..., 0]
            d_values = activation.derivative(halves)[..., 1]  # d/db
            label = f"a = {_number(a)}"
            ax_f.plot(*_grid_with_breaks(f_values), style, color=colour, label=label)
            ax_d.plot(*_grid_with_breaks(d_values), style, color=colour, label=label)
            all_f.append(f_values)
            all_d.append(d_values)
        bottom, top = y_limits(np.concatenate(all_f))
        # The curves fill the panel's width: the legend is one row above them.
        ax_f.set_ylim(bottom, top + 0.35 * (top - bottom))
        ax_f.legend(loc="upper center", ncols=len(all_f), handlelength=1.5, columnspacing=1.0)
        ax_d.set_ylim(y_limits(np.concatenate([*all_d, [0.0]])))
        ax_f.set_title(f"{PAGES[activation.name].display_name}: a\N{MIDDLE DOT}{gate}(b)")
        ax_d.set_title(f"derivative in b: a\N{MIDDLE DOT}{gate}\N{PRIME}(b)")
        _grid_axes(ax_f, None)
        _grid_axes(ax_d, "gate input b")
    return fig


def plot_log_softmax(figsize: tuple[float, float] = FIGSIZE) -> Figure:
    """Log-softmax of three classes as logit 1 varies (upper) and the slopes in that logit.

    The other logits are :data:`activations.views.ONE_LOGIT_OTHERS` (0 and 0), the
    one-logit view of the properties table, so classes 2 and 3 share one curve. Upper panel:
    log p_i(x) for the logits ``(x, 0, 0)``, x on :data:`X_GRID`. Lower panel: the Jacobian's
    column d log p_i / d x, 1 - p_1 for class 1 and -p_1 for the others.

    Parameters
    ----------
    figsize : tuple of float
        Width and height in inches, as for :func:`plot_activation`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    logits = one_logit_rows(X_GRID, ONE_LOGIT_OTHERS)
    log_p = log_softmax(logits)
    column = log_softmax_grad(logits)[..., :, 0]  # d log p_i / d z_1
    with mpl.rc_context(STYLE):
        fig, ax_f, ax_d = _stacked_axes(figsize)
        for ax, values in ((ax_f, log_p), (ax_d, column)):
            ax.plot(X_GRID, values[:, 0], color=FAMILY_STYLES[0][0], label="class 1")
            ax.plot(
                X_GRID,
                values[:, 1],
                FAMILY_STYLES[1][1],
                color=FAMILY_STYLES[1][0],
                label="classes 2, 3",
            )
            bottom, top = y_limits(values[:, :2])
            # The curves fill the panel's width: the legend is one row above them, with no
            # tick in its room (a log-probability is at most 0).
            ax.set_ylim(bottom, top)
            ticks = ax.get_yticks()
            ax.set_yticks(ticks[(ticks >= bottom) & (ticks <= top)])
            ax.set_ylim(bottom, top + 0.35 * (top - bottom))
            ax.legend(loc="upper center", ncols=2, handlelength=1.5, columnspacing=1.2)
        ax_f.set_title("log pᵢ for logits (z₁, 0, 0)", fontsize=17)
        ax_d.set_title(
            "slope \N{PARTIAL DIFFERENTIAL} log pᵢ / \N{PARTIAL DIFFERENTIAL}z₁", fontsize=17
        )
        _grid_axes(ax_f, None)
        _grid_axes(ax_d, "logit z₁")
    return fig


#: Line styles of a maxout unit's pieces, after the colour of the maximum (vermillion).
_PIECE_STYLES = (
    (OKABE_ITO["blue"], "--"),
    (OKABE_ITO["bluish_green"], ":"),
    (OKABE_ITO["reddish_purple"], "-."),
)


def plot_maxout(
    weights: Sequence[float], biases: Sequence[float], figsize: tuple[float, float] = FIGSIZE
) -> Figure:
    """A maxout unit on a 1-D input: its pieces w_j x + b_j and their maximum (upper panel),
    and the maximum's derivative, the slope of the piece that wins (lower panel).

    Computed by :func:`activations.maxout` and :func:`activations.maxout_grad` on :data:`X_GRID`.

    Parameters
    ----------
    weights, biases : sequence of float
        The pieces' slopes w_j and offsets b_j, at most three.
    figsize : tuple of float
        Width and height in inches, as for :func:`plot_activation`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    w, b = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float)
    k = w.size
    pieces = X_GRID[:, None] * w + b  # (x, piece)
    h = maxout(pieces, k)[:, 0]
    slope = np.sum(maxout_grad(pieces, k) * w, axis=-1)
    with mpl.rc_context(STYLE):
        fig, ax_f, ax_d = _stacked_axes(figsize)
        for j, (colour, style) in enumerate(_PIECE_STYLES[:k]):
            sign = MINUS if b[j] < 0 else "+"
            factor = {1.0: "", -1.0: MINUS}.get(float(w[j]), _number(w[j]))
            label = f"{factor}x {sign} {_number(abs(b[j]))}" if b[j] else f"{factor}x"
            ax_f.plot(X_GRID, pieces[:, j], style, color=colour, linewidth=2.5, label=label)
        ax_f.plot(X_GRID, h, color=FUNCTION_COLOUR, linewidth=5.0, label="maximum", zorder=3)
        bottom, top = y_limits(np.concatenate([h, pieces.ravel()]))
        ax_f.set_ylim(bottom, top)
        ticks = ax_f.get_yticks()
        ax_f.set_yticks(ticks[(ticks >= bottom) & (ticks <= top)])  # none in the legend's room
        ax_f.set_ylim(bottom, top + 0.45 * (top - bottom))  # the legend above the curves
        ax_f.legend(loc="upper center", ncols=2, handlelength=1.8, columnspacing=1.0)
        ax_d.plot(*_grid_with_breaks(slope), color=DERIVATIVE_COLOUR)
        ax_d.set_ylim(y_limits(np.concatenate([slope, [0.0]])))
        ax_f.set_title(f"Maxout, k = {k}: the largest piece")
        ax_d.set_title("derivative: the slope of the largest piece")
        _grid_axes(ax_f, None)
        _grid_axes(ax_d)
    return fig


def plot_linear_pieces(
    one_layer: Sequence[Layer],
    deep: Sequence[Sequence[Layer]],
    interval: tuple[float, float] = (-5.0, 5.0),
    figsize: tuple[float, float] = (OVERVIEW_WIDTH, 4.0),
) -> Figure:
    """The linear pieces of ReLU networks on a 1-D input, counted by
    :func:`activations.piecewise.linear_pieces`.

    Left: a network with one hidden layer on ``interval``, its kinks marked. Right: deeper
    networks (the tent map composed, say) on [0, 1], one curve each; every legend entry gives
    the network's ReLUs and pieces.

    Parameters
    ----------
    one_layer : sequence of (W, b)
        A network of one hidden layer (two layers of weights).
    deep : sequence of networks
        Networks on [0, 1], at most three, drawn in :data:`FAMILY_STYLES`.
    interval : tuple of float
        The left panel's x-range.
    figsize : tuple of float
        Width and height in inches; the default is the page's full text width.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """
    x = np.linspace(*interval, 2001)
    unit = np.linspace(0.0, 1.0, 2**12 + 1)
    with mpl.rc_context(STYLE):
        fig, (left, right) = plt.subplots(
            1,
            2,
            figsize=figsize,
            gridspec_kw={"left": 0.08, "right": 0.97, "bottom": 0.17, "top": 0.86, "wspace": 0.25},
        )
        kinks = linear_pieces(one_layer, *interval)
        units = sum(w.shape[1] for w, _ in one_layer[:-1])
        left.plot(x, relu_network(x, one_layer), color=FUNCTION_COLOUR)
        left.plot(kinks, relu_network(kinks, one_layer), "o", color=TEXT_COLOUR, zorder=4)
        left.set_title(f"one layer of {units} ReLUs: {len(kinks) + 1} pieces", fontsize=17)
        left.set_xlim(*interval)
        left.set_xlabel("$x$")
        values = []
        for layers, (colour, style) in zip(deep, FAMILY_STYLES, strict=False):
            count = len(linear_pieces(layers, 0.0, 1.0)) + 1
            units = sum(w.shape[1] for w, _ in layers[:-1])
            y = relu_network(unit, layers)
            values.append(y)
            label = f"L = {len(layers) - 1}: {units} ReLUs, {count} pieces"
            right.plot(unit, y, style, color=colour, linewidth=2.5, label=label)
        bottom, top = y_limits(np.concatenate(values))
        right.set_ylim(bottom, top + 0.9 * (top - bottom))  # the legend above the curves
        right.legend(loc="upper center", handlelength=1.5, fontsize=15, labelspacing=0.3)
        right.set_title("L layers of 2 ReLUs: tent map", fontsize=17)
        right.set_yticks([0.0, 0.5, 1.0])
        right.set_xlim(0.0, 1.0)
        right.set_xlabel("$x$")
    return fig


def plot_universal_approximation(
    units: Sequence[int] = (4, 8, 16),
    counts: Sequence[int] = (1, 2, 4, 8, 16, 32, 64, 128),
    figsize: tuple[float, float] = (OVERVIEW_WIDTH, 4.0),
) -> Figure:
    """One hidden layer fitted to cos(2πx) on [-1, 1] by
    :func:`activations.approximation.fit_one_hidden_layer`.

    Left: the target and the fits of ``units`` ReLU units, and the best any network of z²
    units does. Right: the RMS error against the number of units for ReLU, tanh and the
    sigmoid (falling) and for z² and no activation (flat), on log axes.

    Parameters
    ----------
    units : sequence of int
        Numbers of ReLU units of the fits drawn on the left, at most three.
    counts : sequence of int
        Numbers of units on the right.
    figsize : tuple of float
        Width and height in inches; the default is the page's full text width.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, managed by pyplot.
    """

    def target(x):
        return np.cos(2 * np.pi * x)

    phis = {
        "ReLU": rectifiers.relu,
        "tanh": classic.tanh,
        "sigmoid": classic.sigmoid,
        "z²": np.square,
        "none": lambda z: z,
    }
    with mpl.rc_context(STYLE):
        fig, (left, right) = plt.subplots(
            1,
            2,
            figsize=figsize,
            gridspec_kw={"left": 0.09, "right": 0.97, "bottom": 0.17, "top": 0.86, "wspace": 0.3},
        )
        x = fit_one_hidden_layer(target, rectifiers.relu, 1).x
        left.plot(x, target(x), color=TEXT_COLOUR, linewidth=5, alpha=0.5, label="cos 2πx")
        for n, (colour, style) in zip(units, FAMILY_STYLES, strict=False):
            fit = fit_one_hidden_layer(target, rectifiers.relu, n)
            left.plot(fit.x, fit.fitted, style, color=colour, linewidth=2.5, label=f"{n} ReLUs")
        square = fit_one_hidden_layer(target, np.square, 16)
        left.plot(
            square.x,
            square.fitted,
            "-.",
            color=OKABE_ITO["orange"],
            linewidth=2.5,
            label="z² units",
        )
        left.set_ylim(-1.3, 4.1)  # the legend above the curves, clear of the y-axis
        left.legend(
            loc="upper right",
            ncols=2,
            handlelength=1.5,
            fontsize=15,
            columnspacing=0.8,
            borderaxespad=0.2,
        )
        left.set_title("fits of one hidden layer", fontsize=17)
        left.set_xlabel("$x$")
        markers = ("o", "s", "^", "v", "")
        styles = ("-", "-", "-", "-.", ":")
        colours = (*(c for c, _ in FAMILY_STYLES), OKABE_ITO["orange"], TEXT_COLOUR)
        for (name, phi), marker, style, colour in zip(
            phis.items(), markers, styles, colours, strict=True
        ):
            errors = [fit_one_hidden_layer(target, phi, n).rms_error for n in counts]
            right.plot(
                counts, errors, style, marker=marker, color=colour, linewidth=2.5, label=name
            )
        right.set_xscale("log", base=2)
        right.set_xticks(counts[::2], [str(n) for n in counts[::2]])
        right.set_yscale("log")
        right.set_xlabel("hidden units")
        right.set_title("RMS error", fontsize=17)
        # room for the legend below the curves, and ticks only where they are
        right.set_ylim(1e-10, 3.0)
        right.set_yticks([1.0, 1e-2, 1e-4])
        right.set_yticks([], minor=True)
        right.legend(loc="lower left", handlelength=1.5, fontsize=15, ncols=2, columnspacing=0.8)
    return fig
