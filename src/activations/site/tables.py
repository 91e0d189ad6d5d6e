"""The properties table (:mod:`activations.properties`) as a Markdown pipe table."""

from __future__ import annotations

from collections.abc import Iterable

from ..properties import Properties
from .latex import SMOOTHNESS_LATEX, range_latex

__all__ = ["markdown_table"]


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
            f"| {row.display_name} | {range_latex(row)} | {row.bounded} "
            f"| {'yes' if row.monotonic else 'no'} | {SMOOTHNESS_LATEX[row.smoothness]} "
            f"| {centred} | {row.saturation} | {row.derivative_max:.3f} |"
        )
    return "\n".join(lines)
