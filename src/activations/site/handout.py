"""A class handout: every registry entry on at most two A4 pages, then the decision aid on a
third, for print in greyscale.

One row per entry of :data:`activations.ACTIVATIONS`, in the registry's order: the display name
and the range of the output, the formula and the derivative in LaTeX from the entry's page
record (:data:`activations.site.pages.PAGES`), and a small plot of the function (solid black)
and the derivative (dashed vermillion) on the site's x-grid, -5 to 5. The rows' heights follow
their content and the two pages are balanced, so the layout adapts to the number of entries;
:func:`handout_bytes` raises ValueError when they no longer fit. A last page holds the decision
aid of :mod:`activations.site.decision` (which activation where: default, alternative, why), one
row per place in a network, its text wrapped in four columns; it raises ValueError too if the
rows do not fit one page.

Legible in print: no type under 8 pt (formulas at 11.5 pt, so their sub- and superscripts,
at 0.7 of that, are 8 pt; only a script inside a script is smaller), black text, and the two
curves told apart by line style as well as by colour.

Reproducible: the same entries give the same bytes, with no creation date in the PDF
(``metadata={"CreationDate": None, "Producer": None}``), and global matplotlib settings (the
notebook's :func:`activations.site.plotting.use_style`) have no effect on the output.

The pages' formulas are LaTeX for the web pages; matplotlib's mathtext, which draws them
here, lacks some commands, so :func:`to_mathtext` rewrites those (:data:`MATHTEXT_REWRITES`)
and the handout sets ``cases`` environments itself. LaTeX that still does not parse raises a
ValueError naming the entry and the field.

>>> from activations.site import handout
>>> handout.write_handout("activations-handout.pdf")  # doctest: +SKIP
PosixPath('activations-handout.pdf')
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.textpath import TextPath, text_to_path
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Transform

from ..registry import ACTIVATIONS
from ..spec import Activation, Kind
from ..views import ONE_LOGIT_OTHERS, one_input
from .decision import DECISIONS, Decision
from .latex import entry_range_latex
from .pages import PAGES, Page
from .plotting import MINUS, OKABE_ITO, X_GRID, _grid_with_breaks, y_limits

__all__ = [
    "FILENAME",
    "MATHTEXT_REWRITES",
    "MAX_PAGES",
    "PAGE_SIZE",
    "handout_bytes",
    "handout_pages",
    "to_mathtext",
    "write_handout",
]

#: The file the notebook writes and the site links.
FILENAME = "activations-handout.pdf"
#: A4, 210 x 297 mm, in points (1/72 inch).
PAGE_SIZE = (595.276, 841.89)
#: Pages for the registry's rows; the decision aid takes one more.
MAX_PAGES = 2
#: The decision aid's page: its title and its columns' headings and widths in points.
DECISION_TITLE = "Which activation where"
DECISION_COLUMNS = (
    ("Where it sits", 112.0),
    ("Default", 104.0),
    ("Alternative", 104.0),
    ("Why", 179.0),
)

#: LaTeX commands mathtext lacks or spaces unlike LaTeX -> what it draws instead (regular
#: expression, replacement). ``\frac`` becomes ``\dfrac`` so numerators and denominators keep
#: the full 11.5 pt.
MATHTEXT_REWRITES = (
    (r"\\[bB]igl(?![A-Za-z])", r"\\left"),
    (r"\\[bB]igr(?![A-Za-z])", r"\\right"),
    (r"\\[td]?frac(?![A-Za-z])", r"\\dfrac"),
    (r"\\le(?![A-Za-z])", r"\\leq"),
    (r"\\ge(?![A-Za-z])", r"\\geq"),
    # A minus after a relation is a sign: mathtext spaces it as a binary minus unless braced.
    (r"(\\(?:leq|geq|approx))\s*-", r"\1 {-}"),
    # A thin space between a factor and an operator name, as LaTeX sets x \tanh y.
    (r"(?<=[A-Za-z0-9)}])\s*\\(tanh|log|exp)(?![A-Za-z])", r"\\,\\\1"),
)

_METADATA = {
    "Title": "Activation functions: formulas, derivatives, ranges",
    "Subject": "Every entry of the activations package's registry",
    # The module's name before it moved to activations.site: kept, so the PDF's bytes stay.
    "Creator": "activations.handout",
    "Producer": None,
    "CreationDate": None,
}

# Sizes in points.
_MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM = 36.0, 28.0, 28.0
_NAME_WIDTH, _PLOT_WIDTH, _COLUMN_GAP = 108.0, 104.0, 10.0
_FORMULA_X = _MARGIN_X + _NAME_WIDTH + _COLUMN_GAP
_PLOT_X = PAGE_SIZE[0] - _MARGIN_X - _PLOT_WIDTH
_FORMULA_WIDTH = _PLOT_X - _COLUMN_GAP - _FORMULA_X
_MATH_SIZE = 11.5
_NAME_SIZE = 11.0
_NOTE_SIZE = 8.5
_SMALL_SIZE = 8.0
_TITLE_SIZE = 15.0
_INDENT = 16.0  # continuation lines of a long formula
_LINE_GAP = 3.0
_NAME_GAP = 3.0
_ROW_PAD = 2.0  # above and below each row's content, before the rows are spread out
_MAX_EXTRA_PAD = 16.0
#: Smallest plot heights to try, largest first: the first with which every row fits is used.
_MIN_PLOT_HEIGHTS = (46.0, 40.0, 34.0)
_MAX_PLOT_HEIGHT = 78.0
# Room inside the plot box for the tick labels.
_AXES_LEFT, _AXES_BOTTOM, _AXES_TOP = 24.0, 11.0, 2.0
_X_TICKS = (-4.0, 0.0, 4.0)

_TEXT = "#000000"
_SECONDARY = "#333333"
_RULE = "#8c8c8c"
_GRID = "#c8c8c8"
#: Function solid black, derivative dashed vermillion: apart in greyscale by style and by shade.
_FUNCTION_STYLE = {"color": OKABE_ITO["black"], "linestyle": "-", "linewidth": 1.3}
_DERIVATIVE_STYLE = {
    "color": OKABE_ITO["vermillion"],
    "linestyle": (0, (3.0, 1.6)),
    "linewidth": 1.5,
}

_RC = {
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "axes.unicode_minus": True,
    # Type 3 (matplotlib's default): embedding Type 42 goes through fontTools, which logs a
    # warning about DejaVu's timestamps to stderr, where a notebook would show it.
    "pdf.fonttype": 3,
    "pdf.compression": 9,
    "text.color": _TEXT,
    "xtick.labelsize": _SMALL_SIZE,
    "ytick.labelsize": _SMALL_SIZE,
    "xtick.color": _SECONDARY,
    "ytick.color": _SECONDARY,
    "xtick.major.size": 2.0,
    "ytick.major.size": 2.0,
    "xtick.major.pad": 1.5,
    "ytick.major.pad": 1.5,
    "axes.edgecolor": _SECONDARY,
    "axes.linewidth": 0.6,
}


def to_mathtext(latex: str) -> str:
    """The pages' LaTeX rewritten with :data:`MATHTEXT_REWRITES` for matplotlib's mathtext.

    >>> to_mathtext(r"\\sigma(x)\\bigl(1 - \\sigma(x)\\bigr)")
    '\\\\sigma(x)\\\\left(1 - \\\\sigma(x)\\\\right)'
    """
    for pattern, replacement in MATHTEXT_REWRITES:
        latex = re.sub(pattern, replacement, latex)
    return latex


# --------------------------------------------------------------------------- measured pieces


def _font(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    return FontProperties(
        family="DejaVu Sans", size=size, weight=weight, style=style, math_fontfamily="dejavusans"
    )


def _extent(text: str, prop: FontProperties, ismath: bool) -> tuple[float, float, float]:
    """(width, height above the baseline, depth below it) of ``text`` in points."""
    width, height, depth = text_to_path.get_text_width_height_descent(text, prop, ismath)
    return width, height - depth, depth


@dataclass(frozen=True)
class _Piece:
    """One line of text or math, placed by its baseline."""

    text: str
    prop: FontProperties
    ismath: bool
    colour: str = _TEXT

    @property
    def extent(self) -> tuple[float, float, float]:
        return _extent(self.text, self.prop, self.ismath)

    def draw(self, fig: Figure, at: Transform, x: float, baseline: float) -> None:
        fig.text(
            x,
            baseline,
            self.text,
            fontproperties=self.prop,
            color=self.colour,
            ha="left",
            va="baseline",
            transform=at,
        )


@dataclass(frozen=True)
class _Block:
    """Something laid out in a column: its width, ascent, descent and how to draw it."""

    width: float
    ascent: float
    descent: float
    draw: Callable[[Figure, Transform, float, float], None]

    @property
    def height(self) -> float:
        return self.ascent + self.descent


def _line_block(piece: _Piece) -> _Block:
    width, ascent, descent = piece.extent
    return _Block(width, ascent, descent, piece.draw)


def _math(latex: str, what: str) -> _Piece:
    """A math piece that mathtext parses, or ValueError naming ``what``."""
    piece = _Piece(f"${latex}$", _font(_MATH_SIZE), True)
    try:
        piece.extent  # noqa: B018 (parsing is the check)
    except ValueError as error:
        detail = str(error).strip().splitlines()[-1]
        raise ValueError(
            f"handout: {what} does not render in matplotlib's mathtext ({detail}); "
            "change the LaTeX or add a rewrite to activations.site.handout.MATHTEXT_REWRITES"
        ) from None
    return piece


_CASES = re.compile(r"\\begin\{cases\}(?P<body>.*?)\\end\{cases\}", re.DOTALL)


def _brace(fig: Figure, at: Transform, x: float, bottom: float, height: float) -> None:
    """A left brace ``height`` points tall: DejaVu Sans' glyph stretched vertically."""
    glyph = TextPath((0, 0), "{", size=1, prop=_font(1))
    box = glyph.get_extents()
    stretch = (
        Affine2D()
        .translate(-box.x0, -box.y0)
        .scale(0.55 * _MATH_SIZE, height / box.height)
        .translate(x, bottom)
    )
    fig.add_artist(
        PathPatch(stretch.transform_path(glyph), facecolor=_TEXT, edgecolor="none", transform=at)
    )


def _cases_block(prefix: str, body: str, what: str) -> _Block:
    """``prefix`` then a brace over rows of (value, condition), columns aligned."""
    rows = [[cell.strip() for cell in row.split("&")] for row in body.split(r"\\")]
    if any(len(row) != 2 for row in rows):
        raise ValueError(
            f"handout: {what}: each row of a cases environment needs 'value & condition'"
        )
    head = _math(prefix, what) if prefix.strip() else None
    cells = [[_math(cell, what) for cell in row] for row in rows]
    extents = [[cell.extent for cell in row] for row in cells]
    value_width = max(e[0][0] for e in extents)
    row_ascent = [max(e[0][1], e[1][1]) for e in extents]
    row_descent = [max(e[0][2], e[1][2]) for e in extents]
    rows_height = sum(row_ascent) + sum(row_descent) + 1.5 * (len(rows) - 1)
    head_width = head.extent[0] + 3.0 if head else 0.0
    brace_width = 0.55 * _MATH_SIZE * 0.42 + 3.0
    axis = 0.3 * _MATH_SIZE  # the math axis above the baseline, where the brace is centred
    ascent, descent = rows_height / 2 + axis, rows_height / 2 - axis

    def draw(fig: Figure, at: Transform, x: float, baseline: float) -> None:
        if head:
            head.draw(fig, at, x, baseline)
        top = baseline + ascent
        _brace(fig, at, x + head_width, top - rows_height, rows_height)
        y = top
        for row, up, down in zip(cells, row_ascent, row_descent, strict=True):
            y -= up
            row[0].draw(fig, at, x + head_width + brace_width, y)
            row[1].draw(fig, at, x + head_width + brace_width + value_width + 1.2 * _MATH_SIZE, y)
            y -= down + 1.5

    return _Block(
        head_width + brace_width + value_width + 1.2 * _MATH_SIZE + max(e[1][0] for e in extents),
        ascent,
        descent,
        draw,
    )


def _break_points(latex: str) -> list[int]:
    """Where a long formula may break: after ``,\\quad``, before ``\\approx`` or before the
    second ``=`` of a clause, outside braces and ``\\left ... \\right``."""
    points, depth, equals = [], 0, 0
    for match in re.finditer(r"\\left|\\right|[{}]|,\\quad|\\approx|=", latex):
        token = match.group()
        if token in ("{", r"\left"):
            depth += 1
        elif token in ("}", r"\right"):
            depth -= 1
        elif depth == 0:
            if token == ",\\quad":
                points.append(match.start() + 1)
                equals = 0
            elif token == "=":
                equals += 1
                if equals > 1:
                    points.append(match.start())
            else:
                points.append(match.start())
    return points


def _clause(latex: str, start: int, end: int) -> str:
    """``latex[start:end]`` as a line of its own: no spaces or ``\\quad`` at its ends."""
    return latex[start:end].strip().removeprefix(r"\quad").strip()


def _math_lines(latex: str, width: float, what: str) -> list[_Block]:
    """``latex`` as lines no wider than ``width``, broken where a break point allows (a cases
    environment too wide after ``A = B =`` starts its own line at the last ``=``); ValueError
    if a line is still wider."""
    blocks = _lines(latex, width, what)
    if max(block.width for block in blocks) > width:
        raise ValueError(
            f"handout: {what} is wider than its column of {width:.0f} pt; break it or shorten it"
        )
    return blocks


def _lines(latex: str, width: float, what: str) -> list[_Block]:
    match = _CASES.search(latex)
    if match:
        if latex[match.end() :].strip():
            raise ValueError(f"handout: {what}: nothing may follow a cases environment")
        prefix, body = to_mathtext(latex[: match.start()]), to_mathtext(match["body"])
        block = _cases_block(prefix, body, what)
        cuts = _break_points(prefix)
        if block.width <= width or not cuts:
            return [block]
        head = _line_block(_math(_clause(prefix, 0, cuts[-1]), what))
        return [head, _indented(_cases_block(prefix[cuts[-1] :], body, what), _INDENT)]
    latex = to_mathtext(latex)
    cuts = [0, *_break_points(latex), len(latex)]
    spans: list[tuple[int, int]] = []  # each line's slice of ``latex``
    for start, end in pairwise(cuts):
        indent = _INDENT if len(spans) > 1 else 0.0
        if spans and _math(_clause(latex, spans[-1][0], end), what).extent[0] + indent <= width:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    lines = [_clause(latex, start, end) for start, end in spans]
    blocks = [_line_block(_math(line, what)) for line in lines]
    return [blocks[0], *(_indented(b, _INDENT) for b in blocks[1:])]


def _indented(block: _Block, by: float) -> _Block:
    def draw(fig: Figure, at: Transform, x: float, baseline: float) -> None:
        block.draw(fig, at, x + by, baseline)

    return _Block(block.width + by, block.ascent, block.descent, draw)


def _wrapped(text: str, prop: FontProperties, width: float, colour: str = _TEXT) -> list[_Block]:
    """Plain ``text`` wrapped at spaces to ``width`` points."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _extent(joined, prop, False)[0] <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return [_line_block(_Piece(line, prop, False, colour)) for line in lines]


def _stack_height(blocks: Sequence[_Block], gap: float = 0.0) -> float:
    return sum(b.height for b in blocks) + gap * max(len(blocks) - 1, 0)


def _draw_stack(
    fig: Figure, at: Transform, blocks: Sequence[_Block], x: float, top: float, gap: float = 0.0
) -> None:
    y = top
    for block in blocks:
        block.draw(fig, at, x, y - block.ascent)
        y -= block.height + gap


# --------------------------------------------------------------------------- one row per entry


def _curves(entry: Activation) -> tuple[np.ndarray, np.ndarray]:
    """Function and derivative on :data:`X_GRID`; a non-elementwise entry in its one-input view
    (:func:`activations.views.one_input`): softmax and log-softmax for one logit, a
    gated unit as its gate at a = 1."""
    f, df = one_input(entry)
    values, slopes = np.asarray(f(X_GRID), float), np.asarray(df(X_GRID), float)
    if values.shape != X_GRID.shape or slopes.shape != X_GRID.shape:
        raise ValueError(f"handout: {entry.name} has no one-input view on the x-grid")
    return values, slopes


def _plot_note(entry: Activation) -> str | None:
    """What the plot of a non-elementwise entry shows."""
    if entry.kind is Kind.ELEMENTWISE:
        return None
    if entry.kind is Kind.GATED:
        return "Plot: the gate, a = 1, against b."
    others = ", ".join(f"{v:g}" for v in ONE_LOGIT_OTHERS)
    return f"Plot: class 1 against its logit, the other logits {others}."


def _parameter_note(entry: Activation) -> str | None:
    if not entry.parameters:
        return None
    values = ", ".join(f"{p.symbol} = {p.default:g}" for p in entry.parameters)
    return f"Plot: {values}"


@dataclass(frozen=True)
class _Row:
    page: Page
    name_column: list[_Block]
    formulas: list[_Block]
    curves: tuple[np.ndarray, np.ndarray]

    def height(self, min_plot: float) -> float:
        """The row's height with its padding, its plot at least ``min_plot`` tall."""
        return 2 * _ROW_PAD + max(
            _stack_height(self.name_column, _NAME_GAP),
            _stack_height(self.formulas, _LINE_GAP),
            min_plot,
        )


def _row(page: Page) -> _Row:
    """The row of ``page``'s entry: its page's name, range and formulas, its registry entry's
    curves and notes."""
    entry = ACTIVATIONS[page.name]
    curves = _curves(entry)
    name = _wrapped(page.display_name, _font(_NAME_SIZE, "bold"), _NAME_WIDTH)
    rng = _math_lines(entry_range_latex(page), _NAME_WIDTH, f"{page.name}'s range_latex")
    notes = [n for n in (_parameter_note(entry), _plot_note(entry)) if n]
    note_blocks = [
        b for n in notes for b in _wrapped(n, _font(_NOTE_SIZE), _NAME_WIDTH, _SECONDARY)
    ]
    formulas = [
        *_math_lines(page.formula, _FORMULA_WIDTH, f"{page.name}'s formula"),
        *_math_lines(page.derivative_formula, _FORMULA_WIDTH, f"{page.name}'s derivative_formula"),
    ]
    return _Row(page, [*name, *rng, *note_blocks], formulas, curves)


def _draw_plot(
    fig: Figure, curves: tuple[np.ndarray, np.ndarray], left: float, bottom: float, height: float
) -> None:
    width_in, height_in = fig.get_size_inches() * 72
    box = [
        (left + _AXES_LEFT) / width_in,
        (bottom + _AXES_BOTTOM) / height_in,
        (_PLOT_WIDTH - _AXES_LEFT - 2.0) / width_in,
        (height - _AXES_BOTTOM - _AXES_TOP) / height_in,
    ]
    ax = fig.add_axes(box)
    values, slopes = curves
    ax.axhline(0.0, color=_GRID, linewidth=0.6, zorder=1)
    ax.axvline(0.0, color=_GRID, linewidth=0.6, zorder=1)
    # The dashed derivative over the solid function: where both are 0 (ReLU for x < 0) the dashes
    # still show.
    ax.plot(*_grid_with_breaks(values), **_FUNCTION_STYLE, zorder=2)
    ax.plot(*_grid_with_breaks(slopes), **_DERIVATIVE_STYLE, zorder=3)
    ax.set_xlim(X_GRID[0], X_GRID[-1])
    ax.set_ylim(y_limits(np.concatenate([values, slopes, [0.0]]), pad=0.1))
    ax.set_xticks(_X_TICKS)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=2, steps=[1, 2, 2.5, 5, 10]))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# --------------------------------------------------------------------------- pages


def _points(fig: Figure) -> Transform:
    """Figure coordinates in points from the bottom-left corner."""
    return Affine2D().scale(1 / 72) + fig.dpi_scale_trans


def _key(fig: Figure, at: Transform, right: float, baseline: float) -> None:
    """The line-style key, right-aligned at ``right``."""
    prop = _font(_NOTE_SIZE)
    x = right
    for label, style in (("derivative", _DERIVATIVE_STYLE), ("function", _FUNCTION_STYLE)):
        x -= _extent(label, prop, False)[0]
        _Piece(label, prop, False).draw(fig, at, x, baseline)
        x -= 26.0
        fig.add_artist(Line2D([x, x + 22.0], [baseline + 3.0] * 2, transform=at, **style))
        x -= 12.0


def _header(fig: Figure, at: Transform, page: int, count: int, version: str) -> float:
    """Draw the page's title, column headings and line-style key; return where rows start."""
    width, height = PAGE_SIZE
    size = _TITLE_SIZE if page == 1 else _NAME_SIZE
    title = "Activation functions: formulas, derivatives, ranges"
    title += "" if page == 1 else " (continued)"
    y = height - _MARGIN_TOP - size
    _Piece(title, _font(size, "bold"), False).draw(fig, at, _MARGIN_X, y)
    y -= 6.0
    if page == 1:
        intro = (
            f"The {count} entries of the activations package's registry (version {version}), "
            f"in the order of the site. Plots: x from {MINUS}5 to 5, default parameters."
        )
        blocks = _wrapped(intro, _font(_NOTE_SIZE), width - 2 * _MARGIN_X, _SECONDARY)
        _draw_stack(fig, at, blocks, _MARGIN_X, y, 1.0)
        y -= _stack_height(blocks, 1.0)
    y -= 8.0 + _SMALL_SIZE
    heading = _font(_SMALL_SIZE, "bold")
    for x, text in ((_MARGIN_X, "Activation, range"), (_FORMULA_X, "Function and derivative")):
        _Piece(text, heading, False, _SECONDARY).draw(fig, at, x, y)
    _key(fig, at, width - _MARGIN_X, y)
    y -= 4.0
    fig.add_artist(
        Line2D([_MARGIN_X, width - _MARGIN_X], [y, y], color=_TEXT, linewidth=0.8, transform=at)
    )
    return y


def _footer(fig: Figure, at: Transform, page: int, pages: int) -> None:
    text = (
        "Activation Functions teaching site. Code: MIT licence; text and figures: CC BY 4.0. "
        f"Page {page} of {pages}."
    )
    _Piece(text, _font(_SMALL_SIZE), False, _SECONDARY).draw(
        fig, at, _MARGIN_X, _MARGIN_BOTTOM - 11
    )


def _rows_top(page: int) -> float:
    """Where the rows start on ``page`` (measured on a scratch figure)."""
    fig = Figure(figsize=(PAGE_SIZE[0] / 72, PAGE_SIZE[1] / 72))
    return _header(fig, _points(fig), page, 0, "")


def _split(heights: Sequence[float], room: Sequence[float]) -> list[int]:
    """Rows per page: one page if they fit, else the split of two that balances the pages;
    ``[]`` if two pages are not enough."""
    total = sum(heights)
    if total <= room[0]:
        return [len(heights)]
    options = []
    for k in range(1, len(heights)):
        first = sum(heights[:k])
        if first <= room[0] and total - first <= room[1]:
            options.append((max(first / room[0], (total - first) / room[1]), k))
    if not options:
        return []
    k = min(options)[1]
    return [k, len(heights) - k]


def _page(
    fig: Figure,
    rows: Sequence[_Row],
    natural: Sequence[float],
    page: int,
    pages: int,
    count: int,
    version: str,
) -> None:
    """Draw ``rows`` of heights ``natural``, spread out over the page's room."""
    at = _points(fig)
    top = _header(fig, at, page, count, version)
    room = top - _MARGIN_BOTTOM
    extra = min(_MAX_EXTRA_PAD, (room - sum(natural)) / (2 * len(rows)))
    y = top
    for row, height in zip(rows, natural, strict=True):
        pad = _ROW_PAD + extra
        row_height = height + 2 * extra
        _draw_stack(fig, at, row.name_column, _MARGIN_X, y - pad, _NAME_GAP)
        _draw_stack(fig, at, row.formulas, _FORMULA_X, y - pad, _LINE_GAP)
        plot_height = min(_MAX_PLOT_HEIGHT, row_height - 2 * _ROW_PAD)
        _draw_plot(fig, row.curves, _PLOT_X, y - (row_height + plot_height) / 2, plot_height)
        y -= row_height
        fig.add_artist(
            Line2D(
                [_MARGIN_X, PAGE_SIZE[0] - _MARGIN_X],
                [y, y],
                color=_RULE,
                linewidth=0.4,
                transform=at,
            )
        )
    _footer(fig, at, page, pages)


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`_RC`, whatever the global settings, restored after."""
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(_RC)
        yield


_DECISION_GAP = 8.0  # between columns


def _decision_cells(row: Decision) -> list[list[_Block]]:
    texts = (row.where, row.default, row.alternative, row.why)
    props = (_font(_NOTE_SIZE, "bold"), _font(_NOTE_SIZE), _font(_NOTE_SIZE), _font(_NOTE_SIZE))
    return [
        _wrapped(text, prop, width - _DECISION_GAP)
        for text, prop, (_, width) in zip(texts, props, DECISION_COLUMNS, strict=True)
    ]


def _decision_page(fig: Figure, decisions: Sequence[Decision], page: int, pages: int) -> None:
    """Draw the decision aid: a title, the column headings, one ruled row per decision."""
    at = _points(fig)
    width, height = PAGE_SIZE
    y = height - _MARGIN_TOP - _TITLE_SIZE
    _Piece(DECISION_TITLE, _font(_TITLE_SIZE, "bold"), False).draw(fig, at, _MARGIN_X, y)
    y -= 6.0
    intro = (
        "Where an activation sits in a network, the usual default, an alternative and why. "
        "The reference page of the site backs every reason."
    )
    blocks = _wrapped(intro, _font(_NOTE_SIZE), width - 2 * _MARGIN_X, _SECONDARY)
    _draw_stack(fig, at, blocks, _MARGIN_X, y, 1.0)
    y -= _stack_height(blocks, 1.0) + 8.0 + _SMALL_SIZE
    x = _MARGIN_X
    for heading, column in DECISION_COLUMNS:
        _Piece(heading, _font(_SMALL_SIZE, "bold"), False, _SECONDARY).draw(fig, at, x, y)
        x += column
    y -= 4.0
    rule = {"color": _TEXT, "linewidth": 0.8, "transform": at}
    fig.add_artist(Line2D([_MARGIN_X, width - _MARGIN_X], [y, y], **rule))
    cells = [_decision_cells(row) for row in decisions]
    natural = [2 * _ROW_PAD + max(_stack_height(c, 1.0) for c in row) for row in cells]
    room = y - _MARGIN_BOTTOM
    if sum(natural) > room:
        raise ValueError(
            f"handout_pages: {len(decisions)} decisions need {sum(natural):.0f} pt, more than "
            f"the {room:.0f} pt of one A4 page"
        )
    extra = min(_MAX_EXTRA_PAD, (room - sum(natural)) / (2 * len(decisions)))
    for row, row_height in zip(cells, natural, strict=True):
        x = _MARGIN_X
        for blocks, (_, column) in zip(row, DECISION_COLUMNS, strict=True):
            _draw_stack(fig, at, blocks, x, y - _ROW_PAD - extra, 1.0)
            x += column
        y -= row_height + 2 * extra
        line = {"color": _RULE, "linewidth": 0.4, "transform": at}
        fig.add_artist(Line2D([_MARGIN_X, width - _MARGIN_X], [y, y], **line))
    _footer(fig, at, page, pages)


def handout_pages(
    entries: Iterable[Page] | None = None, decisions: Sequence[Decision] | None = None
) -> list[Figure]:
    """The handout's pages as A4 figures: one row per entry, at most :data:`MAX_PAGES` pages,
    then a page for the decision aid.

    Parameters
    ----------
    entries : iterable of Page, optional
        The rows, in order: the page records of registry entries (each row draws the curves of
        the entry of the same name); by default every record of
        :data:`activations.site.pages.PAGES`, in the registry's order.
    decisions : sequence of Decision, optional
        The decision aid's rows, on a page of their own after the entries (none: no such page).
        By default :data:`activations.site.decision.DECISIONS` for the whole registry, and none when
        ``entries`` is given.

    Returns
    -------
    list of matplotlib.figure.Figure
        One figure per page (not managed by pyplot, so a notebook does not show them).

    Raises
    ------
    ValueError
        If there are no entries, an entry's LaTeX does not render in mathtext, the rows
        need more than two pages, or the decisions more than one.
    """
    from .. import __version__

    if decisions is None:
        decisions = DECISIONS if entries is None else ()
    entries = list(PAGES.values() if entries is None else entries)
    if not entries:
        raise ValueError("handout_pages: no entries to write")
    with _style():
        rows = [_row(entry) for entry in entries]
        room = [_rows_top(p) - _MARGIN_BOTTOM for p in range(1, MAX_PAGES + 1)]
        for min_plot in _MIN_PLOT_HEIGHTS:
            heights = [row.height(min_plot) for row in rows]
            counts = _split(heights, room)
            if counts:
                break
        else:
            raise ValueError(
                f"handout_pages: {len(entries)} entries need {sum(heights):.0f} pt of rows, more "
                f"than the {sum(room):.0f} pt of {MAX_PAGES} A4 pages"
            )
        figures, start = [], 0
        pages = len(counts) + bool(decisions)
        for page, count in enumerate(counts, start=1):
            fig = Figure(figsize=(PAGE_SIZE[0] / 72, PAGE_SIZE[1] / 72))
            part = slice(start, start + count)
            _page(fig, rows[part], heights[part], page, pages, len(entries), __version__)
            figures.append(fig)
            start += count
        if decisions:
            fig = Figure(figsize=(PAGE_SIZE[0] / 72, PAGE_SIZE[1] / 72))
            _decision_page(fig, decisions, pages, pages)
            figures.append(fig)
    return figures


def handout_bytes(
    entries: Iterable[Page] | None = None, decisions: Sequence[Decision] | None = None
) -> bytes:
    """The handout as PDF bytes, identical for identical entries (no creation date).

    Parameters
    ----------
    entries : iterable of Page, optional
        The rows; by default every registry entry's page. See :func:`handout_pages`.
    decisions : sequence of Decision, optional
        The decision aid's rows; see :func:`handout_pages`.

    Returns
    -------
    bytes
        The PDF.
    """
    figures = handout_pages(entries, decisions)
    buffer = io.BytesIO()
    with _style(), PdfPages(buffer, metadata=_METADATA) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    return buffer.getvalue()


def write_handout(path: str | Path = FILENAME, entries: Iterable[Page] | None = None) -> Path:
    """Write :func:`handout_bytes` to ``path`` (default ``activations-handout.pdf``).

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write the PDF.
    entries : iterable of Page, optional
        The rows; by default every registry entry's page.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    path.write_bytes(handout_bytes(entries))
    return path
