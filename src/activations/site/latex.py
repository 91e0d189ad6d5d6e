"""Numbers, ranges and smoothness classes written as LaTeX for the pages' tables."""

from __future__ import annotations

import math

from ..properties import Properties
from ..registry import ACTIVATIONS
from .pages import Page

__all__ = ["SMOOTHNESS_LATEX", "entry_range_latex", "interval_latex", "number_latex", "range_latex"]

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


def interval_latex(bounds: tuple[float, float], attained: tuple[bool, bool]) -> str:
    """An interval, closed on a finite side whose bound is attained: ``[0, \\infty)``.

    >>> interval_latex((0.0, 6.0), (True, True)), interval_latex((-1.0, 1.0), (False, False))
    ('[0, 6]', '(-1, 1)')
    """
    (low, high), (low_attained, high_attained) = bounds, attained
    left = "[" if low_attained and math.isfinite(low) else "("
    right = "]" if high_attained and math.isfinite(high) else ")"
    return f"{left}{number_latex(low)}, {number_latex(high)}{right}"


def range_latex(row: Properties) -> str:
    """A table row's range, closed where the extreme is attained: ``$[0, \\infty)$``."""
    interval = interval_latex(
        (row.infimum, row.supremum), (row.infimum_attained, row.supremum_attained)
    )
    return f"${interval}$"


def entry_range_latex(page: Page) -> str:
    """An entry's range as its page writes it: the page's symbolic ``range_latex`` where it
    has one (ELU's ``(-\\alpha, \\infty)``), else the interval of the registry entry's
    ``bounds`` and ``attained``."""
    entry = ACTIVATIONS[page.name]
    return page.range_latex or interval_latex(entry.bounds, entry.attained)
