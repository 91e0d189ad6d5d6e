"""The properties table: what each activation's output and derivative do, computed from the code.

Every column but smoothness is computed by evaluating the package's own functions:

- range: the infimum and supremum of f, from a dense probe of [-10, 10] refined with
  :func:`scipy.optimize.minimize_scalar`, and the limits f(-inf), f(+inf). An extreme is attained
  (closed bracket) when a finite input in the probe reaches it, and only approached (open
  bracket) when it is a limit at infinity that no probed input reaches;
- bounded: whether the infimum and supremum are finite;
- monotonic: whether f never decreases (or never increases) on a probe from -1e6 to 1e6;
- zero-centred: whether the mean output for a standard normal input, E[f(Z)] with Z ~ N(0, 1),
  is zero (to 1e-9), computed by Gauss-Legendre quadrature;
- saturation: a side saturates when the derivative tends to 0 there, f'(-inf) = 0 or
  f'(+inf) = 0 (Gulcehre et al. 2016, "Noisy Activation Functions"); the saturation is hard when
  the derivative is exactly 0 at every probed input beyond 7 on that side (hard sigmoid and
  hard swish are flat from 3, ReLU6 from 6; a smooth saturating derivative is still far from 0
  there: the sigmoid's is 9e-4 at 7);
- derivative maximum: the supremum of f' over the probe (refined) and its limits at +-inf.

Smoothness (C0, C1 or C-infinity) cannot be decided by sampling, so it comes from the registry's
declared ``smoothness``; the tests check each declared value numerically.

Softmax is vector-valued. Its row describes the probability of one class as that class's
logit x varies while the other logits stay fixed at 0 (:data:`SOFTMAX_OTHER_LOGITS`):
p(x) = e^x / (e^x + 2), whose derivative is p (1 - p). Log-softmax's row is log p(x) in the
same view, whose derivative is 1 - p.

A gated unit a * g(b) has two inputs. Its row describes the gate: the output at a = 1 as the
gate input b = x varies, g(x), with derivative g'(x); the row's name says so. (With a free,
the output itself takes every real value.)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from .registry import ACTIVATIONS
from .spec import Activation, Kind
from .views import ONE_LOGIT_OTHERS, one_input

__all__ = [
    "GATE_VIEW_NAME",
    "SOFTMAX_OTHER_LOGITS",
    "Properties",
    "compute_properties",
    "global_maximum",
    "global_minimum",
    "properties_table",
    "scalar_function",
]

#: The fixed logits of the other classes in softmax's one-logit view.
SOFTMAX_OTHER_LOGITS = ONE_LOGIT_OTHERS

#: Finite inputs probed for extremes and for whether an extreme is attained. Beyond |x| = 10 the
#: saturating functions round to their limits in float64 (tanh(20) == 1.0), which would make a
#: limit look attained.
_CORE = np.linspace(-10.0, 10.0, 20_001)
#: A saturation is hard when the derivative is exactly 0 at every probed |x| >= this.
_HARD_FROM = 7.0
#: Wide probe for monotonicity: far tails, then the core.
_TAIL = np.geomspace(10.0, 1e6, 401)[1:]
_WIDE = np.concatenate([-_TAIL[::-1], _CORE, _TAIL])
#: Tolerance of "E[f(Z)] = 0": the quadrature error is far below it, any non-zero mean here far above.
_ZERO_MEAN_TOLERANCE = 1e-9
_LEGENDRE = np.polynomial.legendre.leggauss(32)

ScalarFunction = Callable[[np.ndarray], np.ndarray]

#: The activation and its derivative as functions of one real input (see :mod:`activations.views`).
scalar_function = one_input


#: How a gated unit's row is named: the properties are those of its gate at a = 1.
GATE_VIEW_NAME = "{} (gate, a\N{NO-BREAK SPACE}=\N{NO-BREAK SPACE}1)"


def global_minimum(f: ScalarFunction, probe: np.ndarray = _CORE) -> tuple[float, float]:
    """Smallest value of ``f`` on ``probe``, refined between the neighbouring probe points.

    Parameters
    ----------
    f : callable
        A function of one real input, vectorised.
    probe : numpy.ndarray
        Sorted inputs to search.

    Returns
    -------
    tuple of float
        ``(x, f(x))`` at the minimum found.
    """
    values = np.asarray(f(probe), dtype=float)
    best = int(np.argmin(values))
    x_best, y_best = float(probe[best]), float(values[best])
    lo, hi = probe[max(best - 1, 0)], probe[min(best + 1, len(probe) - 1)]
    refined = minimize_scalar(
        lambda t: float(f(np.float64(t))),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-12},
    )
    if refined.fun < y_best:
        x_best, y_best = float(refined.x), float(refined.fun)
    return x_best, y_best


def global_maximum(f: ScalarFunction, probe: np.ndarray = _CORE) -> tuple[float, float]:
    """Largest value of ``f`` on ``probe``, refined; see :func:`global_minimum`.

    Returns
    -------
    tuple of float
        ``(x, f(x))`` at the maximum found.
    """
    x_best, neg_y = global_minimum(lambda t: -np.asarray(f(t)), probe)
    return x_best, -neg_y


@dataclass(frozen=True)
class Properties:
    """One row of the properties table, for an activation with its default parameters.

    ``infimum``/``supremum`` bound the output; ``*_attained`` says whether a finite input reaches
    them. ``mean_output`` is E[f(Z)] for Z ~ N(0, 1). ``saturates_left``/``saturates_right``
    say whether f' tends to 0 at -inf/+inf, ``hard_left``/``hard_right`` whether it is exactly
    0 beyond a finite point. ``smoothness`` is the registry's declared "C0", "C1" or "Cinf".
    """

    name: str
    display_name: str
    infimum: float
    infimum_attained: bool
    supremum: float
    supremum_attained: bool
    monotonic: bool
    smoothness: str
    mean_output: float
    saturates_left: bool
    hard_left: bool
    saturates_right: bool
    hard_right: bool
    derivative_max: float

    @property
    def bounded(self) -> str:
        """ "yes", "below", "above" or "no": which sides of the output are bounded."""
        below, above = math.isfinite(self.infimum), math.isfinite(self.supremum)
        return {(True, True): "yes", (True, False): "below", (False, True): "above"}.get(
            (below, above), "no"
        )

    @property
    def zero_centred(self) -> bool:
        """Whether the mean output for a standard normal input is zero."""
        return abs(self.mean_output) <= _ZERO_MEAN_TOLERANCE

    @property
    def saturation(self) -> str:
        """ "both", "left", "right" or "neither"; "(hard)" where the derivative is exactly 0."""
        sides = (("left", self.saturates_left, self.hard_left),)
        sides += (("right", self.saturates_right, self.hard_right),)
        saturating = [side for side, saturates, _ in sides if saturates]
        hard = [side for side, saturates, is_hard in sides if saturates and is_hard]
        if not saturating:
            return "neither"
        text = "both" if len(saturating) == 2 else saturating[0]
        if hard == saturating:
            return f"{text} (hard)"
        return f"{text} (hard on the {hard[0]})" if hard else text


def _is_monotonic(values: np.ndarray) -> bool:
    """Whether ``values`` never decrease, or never increase, up to 4 ulps of rounding."""
    steps = np.diff(values)
    slack = 4 * np.finfo(float).eps * np.maximum(np.abs(values[1:]), np.abs(values[:-1]))
    return bool(np.all(steps >= -slack) or np.all(steps <= slack))


def _normal_mean(f: ScalarFunction) -> float:
    """E[f(Z)] for Z ~ N(0, 1), by Gauss-Legendre quadrature on each half-line.

    Kinks sit at 0, so each half [0, 12] is smooth; beyond 12 the density is below 1e-31.
    Each half is split into 48 panels of 32 nodes, far more than the 1e-9 tolerance needs.
    """
    nodes, weights = _LEGENDRE
    edges = np.linspace(0.0, 12.0, 49)
    half_width = np.diff(edges)[:, None] / 2
    points = (edges[:-1, None] + half_width * (nodes + 1)).ravel()
    panel_weights = (half_width * weights).ravel()
    density = np.exp(-points * points / 2) / math.sqrt(2 * math.pi)
    total = 0.0
    for side in (points, -points):
        values = np.asarray(f(side), dtype=float)
        total += float(np.sum(panel_weights * density * values))
    return total


def compute_properties(activation: Activation) -> Properties:
    """Compute the table row of one activation from its function and derivative.

    Parameters
    ----------
    activation : Activation
        A registry entry; softmax is taken in its one-logit view (:func:`scalar_function`).

    Returns
    -------
    Properties
        The computed row.
    """
    f, df = scalar_function(activation)
    limits = np.asarray(f(np.array([-np.inf, np.inf])), dtype=float)
    slope_limits = np.asarray(df(np.array([-np.inf, np.inf])), dtype=float)

    _, probe_min = global_minimum(f)
    _, probe_max = global_maximum(f)
    infimum = min(probe_min, *limits)
    supremum = max(probe_max, *limits)

    _, slope_max = global_maximum(df)
    core_slopes = np.asarray(df(_CORE), dtype=float)
    return Properties(
        name=activation.name,
        display_name=(
            GATE_VIEW_NAME.format(activation.display_name)
            if activation.kind is Kind.GATED
            else activation.display_name
        ),
        infimum=float(infimum),
        infimum_attained=bool(probe_min <= infimum),
        supremum=float(supremum),
        supremum_attained=bool(probe_max >= supremum),
        monotonic=_is_monotonic(np.asarray(f(_WIDE), dtype=float)),
        smoothness=activation.smoothness,
        mean_output=_normal_mean(f),
        saturates_left=bool(slope_limits[0] == 0),
        hard_left=bool(np.all(core_slopes[_CORE <= -_HARD_FROM] == 0)),
        saturates_right=bool(slope_limits[1] == 0),
        hard_right=bool(np.all(core_slopes[_CORE >= _HARD_FROM] == 0)),
        derivative_max=float(max(slope_max, *slope_limits)),
    )


def properties_table() -> list[Properties]:
    """One :class:`Properties` row per registry entry, in registry order."""
    return [compute_properties(activation) for activation in ACTIVATIONS.values()]
