"""Numbers, ranges and smoothness classes written as LaTeX for the pages' tables."""

from __future__ import annotations

import math

from ..properties import Properties

__all__ = ["SMOOTHNESS_LATEX", "number_latex", "range_latex"]

#: The registry's smoothness classes as LaTeX.
SMOOTHNESS_LATEX = {"C0": "$C^0$", "C1": "$C^1$", "Cinf": r"$C^\infty$"}


def number_latex(value: float) -> str:
    """A bound as LaTeX: +-infinity, an integer, +-pi/2, or three decimals.

    >>> number_latex(float("-inf")), number_latex(6.0), number_latex(-0.27846)
    ('-\\\\infty', '6', '-0.278')
    """
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    if value == round(value):
        return str(round(value))
    if math.isclose(abs(value), math.pi / 2, rel_tol=1e-12):
        return r"\pi/2" if value > 0 else r"-\pi/2"
    return f"{value:.3f}"


def range_latex(row: Properties) -> str:
    """The range as an interval, closed where the extreme is attained: ``$[0, \\infty)$``."""
    left = "[" if row.infimum_attained and math.isfinite(row.infimum) else "("
    right = "]" if row.supremum_attained and math.isfinite(row.supremum) else ")"
    return f"${left}{number_latex(row.infimum)}, {number_latex(row.supremum)}{right}$"
