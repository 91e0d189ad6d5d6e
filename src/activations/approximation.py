"""One hidden layer fitted to a function: what "universal approximation" looks like in 1-D.

A network with one hidden layer of ``n`` units and a linear output computes

.. math:: f(x) = c_0 + \\sum_{i=1}^{n} c_i\\,\\varphi\\bigl(s\\,(x - t_i)\\bigr).

Here the hidden units are placed by hand: unit ``i`` is centred at ``t_i``, the middle of the
``i``-th of ``n`` equal cells of the interval, with the slope ``s = n / (b - a)`` (one unit of
``s (x - t_i)`` per cell), and only the output weights ``c`` are fitted, by least squares on an
even grid. So the error is an upper bound on what ``n`` units can do (training would also move
the hidden weights). A polynomial activation is the exception: with ``φ(z) = z²`` every network
is a quadratic polynomial whatever its weights and size, and two hand-placed units already give
every quadratic, so the fitted error is the smallest any such network achieves on the grid.

>>> import numpy as np
>>> from activations import relu
>>> fit = fit_one_hidden_layer(lambda x: np.cos(2 * np.pi * x), relu, 16)
>>> round(fit.rms_error, 3)
0.017
>>> round(fit_one_hidden_layer(lambda x: np.cos(2 * np.pi * x), np.square, 16).rms_error, 3)
0.686
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["OneHiddenLayerFit", "fit_one_hidden_layer", "hidden_layer_features"]

#: Points of the even grid on which the output weights are fitted and the error is measured.
GRID_POINTS = 2001


@dataclass(frozen=True)
class OneHiddenLayerFit:
    """A fitted one-hidden-layer network on a grid.

    ``x``: the grid; ``target`` and ``fitted``: the target function and the network on it;
    ``centres`` and ``slope``: the hidden units' placement; ``weights``: the output bias, then
    one output weight per hidden unit; ``rms_error``: the root-mean-square error on the grid.
    """

    x: np.ndarray
    target: np.ndarray
    fitted: np.ndarray
    centres: np.ndarray
    slope: float
    weights: np.ndarray
    rms_error: float


def _check(name: str, n_units: object, interval: object, n_points: object) -> tuple:
    if isinstance(n_units, bool) or not isinstance(n_units, numbers.Integral) or n_units < 1:
        raise ValueError(f"{name}: n_units must be a positive integer, got {n_units!r}")
    try:
        a, b = (float(v) for v in interval)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(f"{name}: interval must be two numbers (a, b), got {interval!r}") from None
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise ValueError(f"{name}: interval must be finite with a < b, got {interval!r}")
    if isinstance(n_points, bool) or not isinstance(n_points, numbers.Integral) or n_points < 2:
        raise ValueError(f"{name}: n_points must be an integer >= 2, got {n_points!r}")
    return int(n_units), a, b, int(n_points)


def hidden_layer_features(
    x: np.ndarray,
    activation: Callable[[np.ndarray], np.ndarray],
    n_units: int,
    interval: tuple[float, float] = (-1.0, 1.0),
) -> tuple[np.ndarray, np.ndarray, float]:
    """The design matrix ``[1, φ(s (x - t_1)), ..., φ(s (x - t_n))]`` with its centres and slope."""
    n, a, b, _ = _check("hidden_layer_features", n_units, interval, 2)
    width = (b - a) / n
    centres = a + (np.arange(n) + 0.5) * width
    slope = 1.0 / width
    x = np.asarray(x, dtype=np.float64)
    hidden = np.asarray(activation(slope * (x[:, None] - centres[None, :])), dtype=np.float64)
    if hidden.shape != (x.size, n) or not np.all(np.isfinite(hidden)):
        raise ValueError(
            "hidden_layer_features: the activation must map an array to finite values of the "
            "same shape"
        )
    return np.column_stack([np.ones_like(x), hidden]), centres, slope


def fit_one_hidden_layer(
    target: Callable[[np.ndarray], np.ndarray],
    activation: Callable[[np.ndarray], np.ndarray],
    n_units: int,
    *,
    interval: tuple[float, float] = (-1.0, 1.0),
    n_points: int = GRID_POINTS,
) -> OneHiddenLayerFit:
    """Fit the output weights of ``n_units`` hand-placed hidden units to ``target`` on a grid.

    Parameters
    ----------
    target : callable
        The function to approximate, evaluated on the grid.
    activation : callable
        The hidden units' activation φ, applied elementwise (e.g. ``activations.relu``,
        ``numpy.square``, or ``lambda z: z`` for none).
    n_units : int
        Number of hidden units, n >= 1.
    interval : (a, b)
        The interval, a < b; the grid has ``n_points`` evenly spaced points, ends included.

    Returns
    -------
    OneHiddenLayerFit
        The fit; ``rms_error`` is the root-mean-square of ``fitted - target`` on the grid.
    """
    n, a, b, m = _check("fit_one_hidden_layer", n_units, interval, n_points)
    x = np.linspace(a, b, m)
    y = np.asarray(target(x), dtype=np.float64)
    if y.shape != x.shape or not np.all(np.isfinite(y)):
        raise ValueError("fit_one_hidden_layer: the target must map the grid to finite values")
    features, centres, slope = hidden_layer_features(x, activation, n, (a, b))
    weights, *_ = np.linalg.lstsq(features, y, rcond=None)
    fitted = features @ weights
    rms = float(np.sqrt(np.mean((fitted - y) ** 2)))
    return OneHiddenLayerFit(x, y, fitted, centres, slope, weights, rms)
