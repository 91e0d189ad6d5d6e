"""The interactive explorer's data and markup (``Explorer.ipynb``, embedded by ``explore.qmd``).

Every number the explorer draws is computed here, by the package, on a fixed x-grid and, for
each activation with a parameter, on a grid of that parameter; the browser script
(``explorer.js``) only chooses which of the stored curves to show and computes nothing.
Curves travel as base64 float64 arrays, so the browser draws exactly the package's values.

The figure is drawn with Plotly's JavaScript library, which the page loads once from a file
in the site (no CDN). The markup works without JavaScript: a static figure stands in a
``<noscript>``, and the controls stay hidden unless the script runs and finds Plotly. On a
phone or a tablet (narrower than 992 px, :data:`NARROW`) the plot comes first and sticks to the
top of the window while the controls scroll under it, so a reader sees a curve change as they
move its slider; on a desktop the controls stay above the plot.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import matplotlib.pyplot as plt
import numpy as np
import plotly.graph_objects as go

from ..registry import ACTIVATIONS
from ..spec import Activation, Kind
from ..views import ONE_LOGIT_OTHERS, one_input, one_input_defaults
from . import plotting
from .pages import PAGES

__all__ = [
    "DEFAULT_SELECTION",
    "EXPLORER_ID",
    "NARROW",
    "PARAMETER_GRIDS",
    "SOFTMAX_LOGITS",
    "X_GRID",
    "ParameterGrid",
    "curves",
    "explorer_data",
    "explorer_markdown",
    "static_figure",
]

_PRIME = "\N{PRIME}"
#: The x-grid of every curve: -5 to 5 in steps of 0.05 (201 points, 0 among them).
X_GRID = np.arange(-100, 101) / 20.0
#: Id of the explorer's root element; the plot is ``<EXPLORER_ID>-plot``.
EXPLORER_ID = "activation-explorer"
#: Activations ticked when the page opens.
DEFAULT_SELECTION = ("relu", "leaky_relu", "gelu")
#: Softmax is shown as the probability of the first of three classes with logits (x, 0, 0).
SOFTMAX_LOGITS = ONE_LOGIT_OTHERS


@dataclass(frozen=True)
class ParameterGrid:
    """The values a slider steps through: ``numerators / denominator`` (exact decimals).

    ``name`` is the keyword the function takes (``"temperature"`` for softmax, whose logits
    are divided by it), ``symbol`` what the page shows.
    """

    name: str
    symbol: str
    numerators: range
    denominator: int

    @property
    def values(self) -> np.ndarray:
        return np.array(self.numerators, dtype=np.float64) / self.denominator


#: One slider per parameter with a grid, in registry order, from the parameters the registry
#: declares (:class:`activations.Parameter`): the function's own, or its view's (softmax's
#: temperature T, :data:`activations.views.TEMPERATURE`). Each grid holds the default.
PARAMETER_GRIDS = {
    entry.name: ParameterGrid(parameter.name, parameter.symbol, *parameter.grid)
    for entry in ACTIVATIONS.values()
    for parameter in (*entry.parameters, entry.view_parameter)
    if parameter is not None and parameter.grid is not None
}


def curves(name: str, value: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Function and derivative of registry entry ``name`` on :data:`X_GRID`.

    Parameters
    ----------
    name : str
        A key of ``ACTIVATIONS``: an elementwise activation, or one with a view parameter.
    value : float, optional
        The parameter of :data:`PARAMETER_GRIDS` (the registry default if omitted).

    Returns
    -------
    tuple of numpy.ndarray
        ``(f(x), f'(x))`` in float64.
    """
    grid = PARAMETER_GRIDS.get(name)
    kwargs = {} if grid is None or value is None else {grid.name: value}
    f, df = one_input(ACTIVATIONS[name], **kwargs)
    return f(X_GRID), df(X_GRID)


def _explorable() -> list[Activation]:
    """Every elementwise registry entry and each with a view parameter (softmax), in order."""
    return [
        a
        for a in ACTIVATIONS.values()
        if a.kind is Kind.ELEMENTWISE or a.view_parameter is not None
    ]


def _b64(values: np.ndarray) -> str:
    """Little-endian float64 bytes, base64: what ``Float64Array`` reads back exactly."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def _extent(arrays) -> list[float]:
    """[min, max] over every parameter value: the y-range that keeps a slider's curve in view."""
    stacked = np.concatenate(list(arrays))
    return [float(stacked.min()), float(stacked.max())]


def line_styles() -> list[dict[str, str]]:
    """(colour, dash) of the first, second, ... activation ticked, told apart by both.

    The four Okabe-Ito colours that keep 3:1 contrast on white and on the dark theme (see
    :mod:`activations.site.plotting`), each with its own dash pattern, then the colours again with
    the patterns shifted: twelve distinct lines.
    """
    colours = [plotting.OKABE_ITO[k] for k in ("vermillion", "blue", "bluish_green")]
    colours.append(plotting.OKABE_ITO["reddish_purple"])
    dashes = ("solid", "dash", "dot", "dashdot")
    return [{"color": colours[i % 4], "dash": dashes[(i + i // 4) % 4]} for i in range(12)]


def _trace_style(entry: Activation) -> dict:
    name = PAGES[entry.name].display_name
    trace = go.Scatter(
        name=name,
        mode="lines",
        line={"width": 3.5},
        hovertemplate=f"{html.escape(name)}<br>x = %{{x}}<br>y = %{{y:.12g}}<extra></extra>",
    )
    return trace.to_plotly_json()


def _axis(title: str, **extra: object) -> dict:
    grey = plotting.TEXT_COLOUR
    return {
        "title": {"text": title},
        "gridcolor": "rgba(128, 128, 128, 0.3)",
        "zerolinecolor": grey,
        "linecolor": grey,
        "tickfont": {"size": 15},
        **extra,
    }


def _layouts() -> dict[str, dict]:
    """Plotly layouts for the three views: the function, the derivative, or both stacked.

    They give no height: Plotly fills the plot's box, whose height the page's style sets (less
    on a phone, see ``_STYLE``), and follows it when the window changes size.
    """
    base = {
        "font": {"size": 17, "color": plotting.TEXT_COLOUR},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 70, "r": 20, "t": 20, "b": 60},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    x_axis = _axis("x", range=[-5, 5], dtick=1)
    single = {
        "function": {**base, "xaxis": x_axis, "yaxis": _axis("f(x)")},
        "derivative": {**base, "xaxis": x_axis, "yaxis": _axis(f"f{_PRIME}(x)")},
        "both": {
            **base,
            "xaxis": {**x_axis, "anchor": "y", "title": {"text": ""}, "matches": "x2"},
            "yaxis": _axis("f(x)", domain=[0.54, 1.0]),
            "xaxis2": {**x_axis, "anchor": "y2"},
            "yaxis2": _axis(f"f{_PRIME}(x)", domain=[0.0, 0.46]),
        },
    }
    return {view: go.Layout(layout).to_plotly_json() for view, layout in single.items()}


def explorer_data() -> dict:
    """Everything the browser draws: x, each activation's curves and style, the layouts, and
    the media query of a narrow screen (:data:`NARROW`)."""
    activations = []
    for entry in _explorable():
        grid = PARAMETER_GRIDS.get(entry.name)
        values = [None] if grid is None else list(grid.values)
        pairs = [curves(entry.name, v) for v in values]
        parameter = None
        if grid is not None:
            default = one_input_defaults(entry)[grid.name]
            parameter = {
                "name": grid.name,
                "symbol": grid.symbol,
                "values": [float(v) for v in grid.values],
                "default_index": int(np.flatnonzero(grid.values == default)[0]),
            }
        activations.append(
            {
                "name": entry.name,
                "label": PAGES[entry.name].display_name,
                "selected": entry.name in DEFAULT_SELECTION,
                "parameter": parameter,
                "trace": _trace_style(entry),
                "extent": {
                    "f": _extent(f for f, _ in pairs),
                    "df": _extent(df for _, df in pairs),
                },
                "f": [_b64(f) for f, _ in pairs],
                "df": [_b64(df) for _, df in pairs],
            }
        )
    return {
        "x": _b64(X_GRID),
        "activations": activations,
        "layouts": _layouts(),
        "styles": line_styles(),
        "config": {"responsive": True, "displaylogo": False},
        "narrow": NARROW,
    }


def static_figure(names: Sequence[str] = DEFAULT_SELECTION) -> str:
    """An SVG of the default view (function above derivative), for readers without JavaScript."""
    plotting.use_style()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8.0, 6.4), sharex=True)
    chosen = [entry for entry in _explorable() if entry.name in names]
    for entry, line in zip(chosen, line_styles(), strict=False):
        colour = line["color"]
        style = {"solid": "-", "dash": "--", "dot": ":", "dashdot": "-."}[line["dash"]]
        f, df = curves(entry.name)
        top.plot(X_GRID, f, color=colour, linestyle=style, label=PAGES[entry.name].display_name)
        bottom.plot(X_GRID, df, color=colour, linestyle=style)
    top.set_ylabel("f(x)")
    bottom.set_ylabel(f"f{_PRIME}(x)")
    bottom.set_xlabel("x")
    top.legend(loc="upper left")
    fig.subplots_adjust(left=0.12, right=0.98, top=0.97, bottom=0.11, hspace=0.12)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


#: Below this width (Bootstrap's ``lg`` breakpoint, where the site's navbar folds into a menu:
#: phones and tablets) the plot sits above the controls and sticks to the top of the window
#: while they scroll under it; wider, the controls stay above the plot.
NARROW = "(max-width: 991.98px)"
#: The plot's height on a narrow screen: under half the window, so the controls keep the rest.
_NARROW_PLOT_HEIGHT = "clamp(15rem, 45vh, 30rem)"
#: The navbar's height: the room the site leaves above an element it scrolls to.
_NAVBAR = "4.5rem"
#: Room between the controls, and the plot's size and place; the page's theme gives the rest of
#: their look. The plot is sized only once the script has shown the controls: without
#: JavaScript its box stays empty and the static figure stands in.
_DRAWN_PLOT = ".activation-explorer .explorer-controls:not([hidden])~.explorer-plot"
_STYLE = (
    ".activation-explorer fieldset{margin-bottom:.6rem}"
    ".activation-explorer fieldset label{margin-right:1.1em;white-space:nowrap}"
    ".activation-explorer .explorer-slider{display:flex;flex-wrap:wrap;gap:.3em 1em;"
    "align-items:center}"
    ".activation-explorer .explorer-slider label{min-width:11em}"
    ".activation-explorer input[type=range]{width:14em;max-width:60vw}"
    f"{_DRAWN_PLOT}{{height:560px}}"
    # On a phone the plot comes first and stays in view (below the navbar, which the site hides
    # while the reader scrolls down: explorer.js keeps --explorer-top at its bottom edge) while
    # the reader works the controls; the controls keep their place in the page's reading and
    # Tab order. A control that takes the focus is scrolled clear of the plot.
    f"@media {NARROW}{{"
    # Quarto lets a cell's output scroll sideways in its own box, which would hold the sticky
    # plot; the explorer fits a phone's width without it.
    ".cell-output-display:has(>.activation-explorer){overflow:visible}"
    ".activation-explorer{display:flex;flex-direction:column}"
    f"{_DRAWN_PLOT}{{order:-1;position:sticky;top:var(--explorer-top,0);z-index:2;"
    f"height:{_NARROW_PLOT_HEIGHT};margin-bottom:.6rem;background:var(--bs-body-bg,#fff);"
    "border-bottom:1px solid rgba(128,128,128,.5);transition:top .2s linear}"
    # A slider's label, slider and value wrap onto two lines here: a gap tells the sliders apart.
    ".activation-explorer .explorer-slider{margin-bottom:.5rem}"
    ".activation-explorer .explorer-controls input{"
    f"scroll-margin-top:calc({_NARROW_PLOT_HEIGHT} + {_NAVBAR} + .5rem)}}"
    "}"
)


def _controls(data: dict) -> str:
    """The form: a checkbox per activation, the view, a labelled slider per parameter."""
    boxes, sliders = [], []
    for entry in data["activations"]:
        name = entry["name"]
        checked = " checked" if entry["selected"] else ""
        boxes.append(
            f'<label><input type="checkbox" name="show" value="{name}"{checked}> '
            f"{html.escape(entry['label'])}</label>"
        )
        parameter = entry["parameter"]
        if parameter is None:
            continue
        control = f"{EXPLORER_ID}-{name}-{parameter['name']}"
        default = parameter["default_index"]
        value = parameter["values"][default]
        sliders.append(
            f'<div class="explorer-slider"><label for="{control}">'
            f"{parameter['symbol']} of {html.escape(entry['label'])}</label> "
            f'<input type="range" id="{control}" name="{name}" min="0" '
            f'max="{len(parameter["values"]) - 1}" step="1" value="{default}" '
            f'aria-valuetext="{parameter["symbol"]} = {value:g}"> '
            f'<output for="{control}">{parameter["symbol"]} = {value:g}</output></div>'
        )
    views = []
    for view, text in (("function", "Function"), ("derivative", "Derivative"), ("both", "Both")):
        checked = " checked" if view == "both" else ""
        views.append(
            f'<label><input type="radio" name="view" value="{view}"{checked}> {text}</label>'
        )
    return (
        '<form class="explorer-controls" hidden>'
        "<fieldset><legend>Activations to compare</legend>"
        f"{''.join(boxes)}</fieldset>"
        f"<fieldset><legend>Show</legend>{''.join(views)}</fieldset>"
        f"<fieldset><legend>Parameters</legend>{''.join(sliders)}</fieldset>"
        "</form>"
    )


def explorer_markdown(alt: str) -> str:
    """The explorer as a raw HTML block in Markdown, the form Quarto passes through untouched.

    A ``text/markdown`` output (not ``text/html``) keeps Quarto from adding require.js and
    jQuery from a CDN, which it does for any notebook with an HTML or JavaScript output.

    Parameters
    ----------
    alt : str
        What the figure shows, for screen readers and as the static figure's alt text.
    """
    data = explorer_data()
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    script = resources.files(__package__).joinpath("explorer.js").read_text(encoding="utf-8")
    svg = base64.b64encode(static_figure().encode("utf-8")).decode("ascii")
    alt_text = html.escape(alt, quote=True)
    body = (
        f"<style>{_STYLE}</style>"
        f'<div id="{EXPLORER_ID}" class="activation-explorer">'
        f"{_controls(data)}"
        f'<div id="{EXPLORER_ID}-plot" class="explorer-plot" role="figure" '
        f'aria-label="{alt_text}"></div>'
        f'<noscript><img src="data:image/svg+xml;base64,{svg}" alt="{alt_text}" '
        'style="max-width:100%"><p>Without JavaScript this is a static figure: ReLU, '
        "Leaky ReLU and GELU with their default parameters.</p></noscript>"
        f'<script type="application/json" class="explorer-data">{payload}</script>'
        f"<script>{script}</script>"
        "</div>"
    )
    return f"```{{=html}}\n{body}\n```\n"
