"""Rounding never takes a value outside its mathematical bounds, even next to 0 or far out."""

from __future__ import annotations

import numpy as np
import pytest

import activations as act

# Dense around 0, where the bell-shaped derivatives peak, and out to the largest floats.
_NEAR_ZERO = np.linspace(-1e-3, 1e-3, 20001)
_TINY = np.geomspace(5e-324, 1e-3, 2000)
_WIDE = np.geomspace(1e-3, 1e308, 2000)
_LARGEST = np.finfo(np.float64).max
POINTS = np.concatenate(
    [_NEAR_ZERO, _TINY, -_TINY, _WIDE, -_WIDE, [_LARGEST, -_LARGEST, np.inf, -np.inf]]
)

# Suprema of derivatives, from their closed forms: sigma' = 1/4 and tanh' = softsign' =
# arctan' = 1 at x = 0.
DERIVATIVE_SUPREMA = {
    "sigmoid": 0.25,
    "tanh": 1.0,
    "softsign": 1.0,
    "arctan": 1.0,
    "softplus": 1.0,
    # relu6' and hard_sigmoid' are 1 and 1/6 at most; (2x + 3)/6 < 3/2 on (-3, 3); celu' =
    # e^(x/alpha) <= 1; squareplus' = (1 + x/r)/2 < 1; log_sigmoid' = sigma(-x) < 1
    "relu6": 1.0,
    "prelu": 1.0,  # 1 for x > 0, alpha = 0.25 for x <= 0
    "hard_sigmoid": 1 / 6,
    "hard_swish": 1.5,
    "celu": 1.0,
    "squareplus": 1.0,
    "log_sigmoid": 1.0,
}


@pytest.mark.parametrize(
    "activation", [a for a in act.ACTIVATIONS.values() if a.elementwise], ids=lambda a: a.name
)
def test_values_stay_within_the_registry_bounds(activation):
    low, high = activation.bounds
    values = activation.function(POINTS)
    assert np.all((values >= low) & (values <= high)), activation.name


@pytest.mark.parametrize("name", DERIVATIVE_SUPREMA)
def test_derivatives_never_exceed_their_supremum(name):
    slopes = act.ACTIVATIONS[name].derivative(POINTS)
    assert slopes.max() <= DERIVATIVE_SUPREMA[name], (name, slopes.max())


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_log_softmax_stays_non_positive(name):
    rows = np.stack([POINTS[::7][:40], -POINTS[::7][:40], POINTS[::11][:40]])
    values = act.ACTIVATIONS[name].function(rows)
    high = 0.0 if name == "log_softmax" else 1.0
    assert np.all(values[np.isfinite(values)] <= high)
