"""What the registry declares about each activation: its kind, its parameters, its numbers.

This is the numerical specification only; how the site shows an entry (names, formulas, labels)
is not here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._inputs import check_parameter

__all__ = ["Activation", "Kind", "Parameter"]


class Kind(enum.Enum):
    """How an activation takes its input.

    ``ELEMENTWISE``: f acts on each entry alone. ``AXIS``: f maps a vector along an ``axis`` to
    a vector (softmax, log-softmax), and its derivative is a Jacobian. ``GATED``: a unit a * g(b)
    whose ``axis`` holds the two halves a and b, with the gate g a registry entry of its own.
    """

    ELEMENTWISE = "elementwise"
    AXIS = "axis"
    GATED = "gated"


@dataclass(frozen=True)
class Parameter:
    """A parameter of an activation or of its one-input view, declared once.

    ``name`` is the keyword argument, ``symbol`` how the figures and the explorer write it,
    ``default`` its default value and ``positive`` its allowed range (finite, or finite and
    > 0). ``grid`` gives the explorer's slider values as ``(numerators, denominator)``, so that
    each value is an exact decimal; ``figure_values`` the values a figure draws as a family.
    """

    name: str
    symbol: str
    default: float
    positive: bool = False
    grid: tuple[range, int] | None = None
    figure_values: tuple[float, ...] = ()

    @property
    def values(self) -> np.ndarray:
        """The explorer's slider values, ``numerators / denominator`` in float64."""
        if self.grid is None:
            raise ValueError(f"{self.name} has no explorer grid")
        numerators, denominator = self.grid
        return np.array(numerators, dtype=np.float64) / denominator

    def check(self, func: str, value: object) -> float:
        """``value`` as a float, after checking it is in the allowed range (naming ``func``)."""
        return check_parameter(func, self.name, value, positive=self.positive)


@dataclass(frozen=True)
class Activation:
    """One activation: the function, its derivative and what they do.

    ``kind`` says how the function takes its input (:class:`Kind`); ``gate`` names the registry
    entry g of a gated unit a * g(b). ``bounds`` holds the infimum and supremum of the output
    (with default parameters); ``attained`` says whether a finite input reaches each bound
    (a closed bracket of the range); ``smoothness`` is "C0" (derivative jumps), "C1" (second
    derivative jumps) or "Cinf". ``parameters`` are the function's parameters, each declared
    once beside the function. ``view_parameter`` is a parameter of the one-input view
    (:func:`activations.views.one_input`) rather than of the function: softmax's temperature.
    How the site shows the entry (its name, formulas, family and labels) is in
    :mod:`activations.site.pages`; the papers that introduced the activations are in the
    site's ``references.bib``, cited on the reference page.
    """

    name: str
    function: Callable
    derivative: Callable
    bounds: tuple[float, float]
    smoothness: str
    parameters: tuple[Parameter, ...] = ()
    kind: Kind = Kind.ELEMENTWISE
    gate: str = ""
    view_parameter: Parameter | None = None
    attained: tuple[bool, bool] = (False, False)

    @property
    def params(self) -> Mapping[str, float]:
        """The function's parameters with their defaults: ``{"alpha": 1.0}``."""
        return MappingProxyType({p.name: p.default for p in self.parameters})

    @property
    def family(self) -> tuple[float, ...]:
        """Values of the first parameter that a figure draws as a small family."""
        return self.parameters[0].figure_values if self.parameters else ()

    @property
    def elementwise(self) -> bool:
        """Whether f acts on each entry alone (``kind is Kind.ELEMENTWISE``)."""
        return self.kind is Kind.ELEMENTWISE
