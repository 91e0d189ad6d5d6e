"""The properties table (:mod:`activations.properties`) as a Markdown pipe table."""

from __future__ import annotations

from collections.abc import Iterable

from ..properties import Properties
from ..registry import ACTIVATIONS
from ..spec import Kind
from .latex import SMOOTHNESS_LATEX, range_latex
from .pages import PAGES

__all__ = ["GATE_VIEW_NAME", "markdown_table", "row_name"]

#: How a gated unit's row is named: the properties are those of its gate at a = 1.
GATE_VIEW_NAME = "{} (gate, a\N{NO-BREAK SPACE}=\N{NO-BREAK SPACE}1)"


def row_name(row: Properties) -> str:
    """A row's name in the table: the entry's display name, and for a gated unit the view.

    >>> from activations.properties import compute_properties
    >>> from activations.registry import ACTIVATIONS
    >>> row_name(compute_properties(ACTIVATIONS["swiglu"])).replace("\N{NO-BREAK SPACE}", " ")
    'SwiGLU (gate, a = 1)'
    """
    name = PAGES[row.name].display_name
    return GATE_VIEW_NAME.format(name) if ACTIVATIONS[row.name].kind is Kind.GATED else name


def markdown_table(rows: Iterable[Properties]) -> str:
    """The rows as a Markdown pipe table (numbers rounded to three decimals).

    Parameters
    ----------
    rows : iterable of Properties
        Rows in display order.

    Returns
    -------
    str
        The table, with a header row; math is written as ``$...$`` LaTeX.
    """
    header = (
        "| Activation | Range | Bounded | Monotonic | Smoothness | Zero-centred (E[f(Z)]) | "
        "Saturates | max $f'$ |\n"
        "|:--|:--|:--|:--|:--|:--|:--|--:|"
    )
    lines = [header]
    for row in rows:
        # A negative mean gets a true minus sign (U+2212), as in the page's text and formulas.
        mean = f"{row.mean_output:.3f}".replace("-", "\N{MINUS SIGN}")
        centred = "yes" if row.zero_centred else f"no ({mean})"
        lines.append(
            f"| {row_name(row)} | {range_latex(row)} | {row.bounded} "
            f"| {'yes' if row.monotonic else 'no'} | {SMOOTHNESS_LATEX[row.smoothness]} "
            f"| {centred} | {row.saturation} | {row.derivative_max:.3f} |"
        )
    return "\n".join(lines)
