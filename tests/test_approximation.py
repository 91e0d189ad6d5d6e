"""``activations.approximation``: one hidden layer fitted by least squares, against MP.

The reference solves the same least-squares problem independently: the grid, the hidden units
and the target evaluated in mpmath at 40 digits, the normal equations solved with ``lu_solve``.
"""

from __future__ import annotations

import doctest
import itertools

import mpmath
import numpy as np
import pytest

import activations
from activations import approximation
from activations.approximation import GRID_POINTS, fit_one_hidden_layer, hidden_layer_features

#: mpmath at 40 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 40


def target(x: np.ndarray) -> np.ndarray:
    return np.cos(2.0 * np.pi * x)


def _mp_relu(z: MP.mpf) -> MP.mpf:
    return z if z > 0 else MP.mpf(0)


MP_ACTIVATIONS = {
    "relu": (activations.relu, _mp_relu),
    "tanh": (activations.tanh, MP.tanh),
    "square": (np.square, lambda z: z * z),
    "identity": (lambda z: z, lambda z: z),
}


def reference_rms(n_units: int, mp_phi, n_points: int = GRID_POINTS) -> MP.mpf:
    """RMS error of the least-squares fit of cos(2πx) on [-1, 1], all in MP."""
    xs = [MP.mpf(-1) + MP.mpf(2) * k / (n_points - 1) for k in range(n_points)]
    width = MP.mpf(2) / n_units
    centres = [-1 + (i + MP.mpf(1) / 2) * width for i in range(n_units)]
    columns = [[MP.mpf(1)] * n_points] + [[mp_phi((x - t) / width) for x in xs] for t in centres]
    y = [MP.cos(2 * MP.pi * x) for x in xs]
    m = len(columns)
    gram, rhs = MP.matrix(m, m), MP.matrix(m, 1)
    for i in range(m):
        rhs[i] = MP.fdot(columns[i], y)
        for j in range(i, m):
            gram[i, j] = gram[j, i] = MP.fdot(columns[i], columns[j])
    coef = MP.lu_solve(gram, rhs)
    residuals = [MP.fsum(coef[i] * columns[i][k] for i in range(m)) - y[k] for k in range(n_points)]
    return MP.sqrt(MP.fsum(r * r for r in residuals) / n_points)


@pytest.mark.parametrize(
    ("name", "n_units"),
    [("relu", 16), ("relu", 32), ("tanh", 8), ("square", 3), ("identity", 2)],
)
def test_rms_error_is_the_least_squares_optimum(name: str, n_units: int) -> None:
    np_phi, mp_phi = MP_ACTIVATIONS[name]
    fit = fit_one_hidden_layer(target, np_phi, n_units)
    expected = float(reference_rms(n_units, mp_phi))
    assert fit.rms_error == pytest.approx(expected, rel=1e-9)


def test_polynomial_activations_hit_a_floor_that_more_units_do_not_lower() -> None:
    # Every network with φ(z) = z² is a quadratic and with φ(z) = z a straight line, so from 2
    # units (1 for the line) the fitted error is the best quadratic's (line's), whatever n.
    best = {}
    for name, degree in (("square", 2), ("identity", 1)):
        xs = np.linspace(-1.0, 1.0, GRID_POINTS)
        coefs = np.polynomial.polynomial.polyfit(xs, target(xs), degree)
        residual = np.polynomial.polynomial.polyval(xs, coefs) - target(xs)
        best[name] = float(np.sqrt(np.mean(residual**2)))
        for n_units in (2, 16, 64, 256):
            fit = fit_one_hidden_layer(target, MP_ACTIVATIONS[name][0], n_units)
            assert fit.rms_error == pytest.approx(best[name], rel=1e-9), (name, n_units)
    assert best["square"] < best["identity"]


def test_relu_error_falls_with_the_square_of_the_kink_spacing() -> None:
    errors = [fit_one_hidden_layer(target, activations.relu, n).rms_error for n in (8, 16, 32, 64)]
    ratios = [a / b for a, b in itertools.pairwise(errors)]
    assert all(3.5 < r < 5.0 for r in ratios), ratios


def test_a_relu_network_is_a_straight_line_beyond_its_last_kink() -> None:
    fit = fit_one_hidden_layer(target, activations.relu, 16)
    assert fit.centres[-1] == 0.9375
    x = np.linspace(fit.centres[-1], 5.0, 101)
    features, _, _ = hidden_layer_features(x, activations.relu, 16)
    y = features @ fit.weights
    assert np.max(np.abs(np.diff(y, 2))) < 1e-9 * np.max(np.abs(y))


def test_hidden_units_tile_the_interval() -> None:
    fit = fit_one_hidden_layer(target, activations.relu, 4, interval=(0.0, 2.0))
    np.testing.assert_allclose(fit.centres, [0.25, 0.75, 1.25, 1.75])
    assert fit.slope == 2.0
    assert fit.x[0] == 0.0 and fit.x[-1] == 2.0 and fit.x.size == GRID_POINTS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_units": 0}, "n_units must be a positive integer"),
        ({"n_units": True}, "n_units must be a positive integer"),
        ({"n_units": 2.0}, "n_units must be a positive integer"),
        ({"interval": (1.0, -1.0)}, "a < b"),
        ({"interval": (0.0, np.inf)}, "finite"),
        ({"interval": "ab"}, "two numbers"),
        ({"n_points": 1}, "n_points must be an integer >= 2"),
        ({"activation": lambda z: z[:, :1]}, "same shape"),
        ({"activation": lambda z: np.log(z)}, "finite values"),
        ({"target": lambda x: np.full_like(x, np.nan)}, "the target must map"),
    ],
)
def test_bad_input_names_the_function(kwargs: dict, message: str) -> None:
    args = {"target": target, "activation": activations.relu, "n_units": 4} | kwargs
    with (
        np.errstate(all="ignore"),
        pytest.raises(ValueError, match=message) as info,
    ):
        fit_one_hidden_layer(**args)
    assert "fit_one_hidden_layer" in str(info.value) or "hidden_layer_features" in str(info.value)


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(approximation)
    assert tried > 0 and failures == 0
