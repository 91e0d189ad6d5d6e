"""Maxout units and the counting of linear pieces (``activations.piecewise``).

References are independent of the package: Python's ``max`` over each group, central
differences, the kinks -b/w of a one-hidden-layer network written down by hand, the tent map
composed in exact rational arithmetic (``fractions.Fraction``), and a grid count against the
exact one.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import numpy as np
import pytest

import activations
from activations.piecewise import (
    count_pieces,
    linear_pieces,
    maxout,
    maxout_grad,
    relu_network,
    tent_map_layers,
)

FLOATS = (np.float64, np.float32, np.float16)


# --------------------------------------------------------------------------- maxout


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    ("shape", "axis", "k"), [((12,), -1, 3), ((2, 6, 5), 1, 2), ((4, 8), 0, 4)]
)
def test_maxout_is_the_largest_of_each_group(dtype, shape, axis, k) -> None:
    z = np.random.default_rng(0).normal(scale=4.0, size=shape).astype(dtype)
    got = maxout(z, k, axis=axis)
    moved = np.moveaxis(z, axis, -1)
    expected = np.array(
        [
            max(row[i : i + k])
            for row in moved.reshape(-1, moved.shape[-1])
            for i in range(0, moved.shape[-1], k)
        ],
        dtype=dtype,
    ).reshape(*moved.shape[:-1], -1)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.moveaxis(expected, -1, axis))


def test_maxout_special_values_and_k_one() -> None:
    z = np.array([np.nan, 1.0, -np.inf, -1.0, np.inf, 2.0, -0.0, -0.0])
    assert np.isnan(maxout(z, 2)[0])
    np.testing.assert_array_equal(maxout(z, 2)[1:], [-1.0, np.inf, 0.0])
    assert np.signbit(maxout(z, 2)[3])
    np.testing.assert_array_equal(maxout(z[1:], 1), z[1:])


def test_relu_and_leaky_relu_are_maxout_with_two_pieces() -> None:
    # ReLU: the pieces 0 and x; Leaky ReLU with alpha <= 1: the pieces alpha x and x.
    x = np.concatenate([np.linspace(-5.0, 5.0, 101), [-1e308, 1e308, 5e-324, -5e-324]])
    pieces = np.stack([np.zeros_like(x), x], axis=-1).reshape(-1)
    np.testing.assert_array_equal(maxout(pieces, 2), activations.relu(x))
    for alpha in (0.01, 0.25, 1.0):
        pieces = np.stack([alpha * x, x], axis=-1).reshape(-1)
        np.testing.assert_array_equal(maxout(pieces, 2), activations.leaky_relu(x, alpha))


def test_the_gradient_always_reaches_exactly_one_piece() -> None:
    # Whatever the inputs, every unit passes its gradient to one of its k pieces: no unit has
    # an input region where all its pieces get 0, unlike a ReLU for x < 0.
    rng = np.random.default_rng(1)
    for k in (2, 3, 5):
        z = rng.normal(scale=10.0, size=(50, 4 * k)) - 100.0  # every piece far below 0
        grad = maxout_grad(z, k)
        np.testing.assert_array_equal(grad.reshape(50, 4, k).sum(axis=-1), 1.0)
        assert set(np.unique(grad)) == {0.0, 1.0}


def test_maxout_grad_by_central_differences() -> None:
    rng = np.random.default_rng(2)
    z = rng.normal(size=(3, 12))
    h = 1e-6
    grad = maxout_grad(z, 3)
    for i, j in itertools.product(range(3), range(12)):
        up, down = z.copy(), z.copy()
        up[i, j] += h
        down[i, j] -= h
        unit = j // 3
        difference = (maxout(up, 3)[i, unit] - maxout(down, 3)[i, unit]) / (2 * h)
        assert difference == pytest.approx(grad[i, j], abs=1e-8)


def test_maxout_grad_ties_and_nan() -> None:
    got = maxout_grad([1.0, 1.0, 0.0, np.nan, 2.0, 3.0], 3)
    np.testing.assert_array_equal(got[:3], [1.0, 0.0, 0.0])  # the first of the tied pieces
    assert np.isnan(got[3:]).all()
    assert maxout_grad(np.zeros((2, 4), np.float32), 2, axis=1).dtype == np.float32


@pytest.mark.parametrize("func", [maxout, maxout_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((np.zeros(6), 4), {}, ValueError, "the length 6 along axis 0 is not a multiple of k = 4"),
        ((np.zeros(6), 0), {}, ValueError, "k must be a positive integer, got 0"),
        ((np.zeros(6), 1.5), {}, TypeError, "k must be a positive integer, got 1.5"),
        ((np.zeros(6), True), {}, TypeError, "k must be a positive integer, got True"),
        ((np.zeros((2, 6)), 2), {"axis": 2}, np.exceptions.AxisError, "axis 2 is out of bounds"),
        ((np.zeros((2, 6)), 2), {"axis": 0.5}, TypeError, "axis must be an integer"),
        ((1.0, 1), {}, ValueError, "expected an array with an axis of pieces, got a scalar"),
        ((np.array([1j, 2.0]), 2), {}, TypeError, "expected real numbers"),
    ],
)
def test_bad_input_raises_naming_the_function(func, args, kwargs, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)) as excinfo:
        func(*args, **kwargs)
    assert str(excinfo.value).startswith(f"{func.__name__}: "), str(excinfo.value)


# --------------------------------------------------------------------------- linear pieces


def _one_hidden_layer(n: int, seed: int):
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=(1, n)), rng.normal(size=n)
    v, c = rng.normal(size=(n, 1)), rng.normal(size=1)
    return [(w, b), (v, c)]


def _grid_count(layers, low: float, high: float, points: int = 400_001) -> int:
    x = np.linspace(low, high, points)
    return count_pieces(x, relu_network(x, layers))


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 50])
def test_one_hidden_layer_of_n_relus_has_n_plus_one_pieces(n: int) -> None:
    # f(x) = sum v_i ReLU(w_i x + b_i) + c bends only at the n points -b_i/w_i; with random
    # weights they are distinct and every bend is real (v_i w_i != 0), so f has n + 1 pieces.
    layers = _one_hidden_layer(n, seed=n)
    kinks = np.sort(-layers[0][1] / layers[0][0][0])
    found = linear_pieces(layers, kinks[0] - 1.0, kinks[-1] + 1.0)
    np.testing.assert_allclose(found, kinks, rtol=1e-12)
    assert len(found) + 1 == n + 1
    assert _grid_count(layers, kinks[0] - 1.0, kinks[-1] + 1.0) == n + 1


def test_one_hidden_layer_never_exceeds_n_plus_one_pieces() -> None:
    for seed in range(200):
        n = 1 + seed % 8
        layers = _one_hidden_layer(n, seed)
        assert len(linear_pieces(layers, -1e6, 1e6)) + 1 <= n + 1


def test_kinks_that_coincide_or_cancel_are_not_extra_pieces() -> None:
    w = np.array([[1.0, 1.0, 2.0]])
    b = np.array([0.0, 0.0, -2.0])
    # two units bend at 0 and add up; the third bends at 1 and its output weight is 0
    layers = [(w, b), (np.array([[1.0], [1.0], [0.0]]), np.zeros(1))]
    assert linear_pieces(layers, -3.0, 3.0).tolist() == [0.0]
    # ReLU(x) - ReLU(x) = 0: the bend cancels
    layers = [(w[:, :2], b[:2]), (np.array([[1.0], [-1.0]]), np.zeros(1))]
    assert linear_pieces(layers, -3.0, 3.0).size == 0
    assert _grid_count(layers, -3.0, 3.0, 601) == 1


def _tent(x: Fraction) -> Fraction:
    return 2 * x if x <= Fraction(1, 2) else 2 - 2 * x


@pytest.mark.parametrize("depth", range(1, 7))
def test_tent_map_composition_has_two_to_the_depth_pieces(depth: int) -> None:
    layers = tent_map_layers(depth)
    assert sum(w.shape[1] for w, _ in layers[:-1]) == 2 * depth  # 2 ReLUs per layer
    # The sawtooth in exact arithmetic: t composed depth times at every multiple of 2^-depth
    # (then 2^-(depth + 2), to see the lines between) is what the network computes.
    grid = [Fraction(i, 2 ** (depth + 2)) for i in range(2 ** (depth + 2) + 1)]
    exact = []
    for x in grid:
        for _ in range(depth):
            x = _tent(x)
        exact.append(float(x))
    got = relu_network(np.array([float(x) for x in grid]), layers)
    np.testing.assert_array_equal(got, exact)
    breaks = linear_pieces(layers, 0.0, 1.0)
    assert breaks.tolist() == [i / 2**depth for i in range(1, 2**depth)]
    assert _grid_count(layers, 0.0, 1.0, 2**12 + 1) == 2**depth


def test_one_layer_of_the_same_relus_has_at_most_one_more_piece() -> None:
    # 2L ReLUs in one hidden layer: at most 2L + 1 pieces, against 2^L when stacked.
    assert [(2 * depth + 1, 2**depth) for depth in (1, 2, 3, 6)] == [
        (3, 2),
        (5, 4),
        (7, 8),
        (13, 64),
    ]


def test_count_pieces_sees_a_kink_inside_a_cell_once() -> None:
    x = np.linspace(-1.0, 1.0, 11)  # cells of 0.2; the kink at 0.05 lies inside one
    assert count_pieces(x, np.maximum(x - 0.05, 0.0)) == 2
    assert count_pieces(x, np.abs(x)) == 2
    assert count_pieces(x, 3 * x) == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: linear_pieces([(np.ones((2, 1)), np.zeros(1))], 0, 1),
            "layer 0 has W of shape (2, 1)",
        ),
        (lambda: linear_pieces([(np.ones((1, 2)), np.zeros(2))], 0, 1), "one output, got 2"),
        (lambda: linear_pieces([(np.full((1, 1), np.nan), np.zeros(1))], 0, 1), "not finite"),
        (lambda: linear_pieces(tent_map_layers(1), 1, 0), "expected low < high"),
        (lambda: relu_network([0.0], []), "expected at least one layer"),
        (lambda: count_pieces([0.0, 0.0], [1.0, 2.0]), "x increasing"),
        (lambda: tent_map_layers(0), "depth must be a positive integer"),
    ],
)
def test_region_helpers_reject_bad_input(call, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
