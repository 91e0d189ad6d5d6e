"""log_softmax and its Jacobian: extremes, -inf, NaN, axes, float32, against mpmath.

Reference: log s_i = (x_i - m) - log1p(sum_{j != k} exp(x_j - m)) at 60 digits
(``reference.log_softmax_reference``); J_ij = delta_ij - s_j. The condition number of log s_i
is sum_j |x_j| |delta_ij - s_j| / |log s_i|.
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import (
    log_softmax_conditions,
    log_softmax_jacobian_conditions,
    log_softmax_jacobian_reference,
    log_softmax_reference,
    round_to,
    ulps,
)

from activations import log_softmax, log_softmax_grad, softmax

LARGEST = np.finfo(np.float64).max
RNG_SEED = 11


def _assert_matches(got, logits, dtype=np.float64, tolerance_ulps=4):
    expected = np.array([round_to(v, dtype) for v in log_softmax_reference(logits)], dtype=dtype)
    allowed = tolerance_ulps * np.maximum(1.0, log_softmax_conditions(logits))
    error = ulps(np.asarray(got), expected)
    assert np.all(error <= allowed), f"logits {list(logits)}: got {got}, expected {expected}"


def _random_vectors():
    rng = np.random.default_rng(RNG_SEED)
    for n in (1, 2, 3, 5, 16):
        for scale in (0.01, 1.0, 30.0, 1e3, 1e6):
            yield rng.normal(scale=scale, size=n)


def test_matches_mpmath():
    for x in _random_vectors():
        _assert_matches(log_softmax(x), x)


def test_float32_matches_mpmath_rounded_to_float32():
    for x in _random_vectors():
        x32 = x.astype(np.float32)
        got = log_softmax(x32)
        assert got.dtype == np.float32
        _assert_matches(got, x32.astype(np.float64), dtype=np.float32)


def test_jacobian_matches_mpmath():
    for x in _random_vectors():
        n = x.size
        jac = log_softmax_jacobian_reference(x)
        expected = np.array([[round_to(v, np.float64) for v in row] for row in jac])
        allowed = 8 * np.maximum(1.0, log_softmax_jacobian_conditions(x))
        got = log_softmax_grad(x)
        assert got.shape == (n, n)
        assert np.all(ulps(got, expected) <= allowed), x


@pytest.mark.parametrize(
    "logits",
    [
        [1e308, 1e307, -1e307],
        [-1e308, 1e308, 0.0],
        [LARGEST, 0.0, -1.0],
        [-LARGEST, -LARGEST],
        [745.0, 0.0, -745.0],
        [40.0, 0.0],  # log s_0 = -4.2e-18: log(1 + e^-40) rounds to 0, log1p keeps it
        [1000.0, 0.0],  # log s_1 = -1000, while s_1 underflows
    ],
)
def test_extreme_logits(logits):
    got = log_softmax(np.array(logits))
    expected = np.array([round_to(v, np.float64) for v in log_softmax_reference(logits)])
    # finite wherever the exact value is a float; exact to 4 ulps (the logits are exact)
    assert np.array_equal(np.isfinite(got), np.isfinite(expected)), (got, expected)
    assert np.all(ulps(got, expected) <= 4), (got, expected)
    assert np.all(np.isfinite(log_softmax_grad(np.array(logits))))


def test_the_naive_formula_fails_where_this_one_does_not():
    # the reason log_softmax exists: log(softmax) loses both tails
    x = np.array([1000.0, 0.0])
    with np.errstate(divide="ignore"):
        naive = np.log(softmax(x))
    assert naive[1] == -np.inf and log_softmax(x)[1] == -1000.0
    assert np.log(softmax(np.array([40.0, 0.0])))[0] == 0.0
    assert log_softmax(np.array([40.0, 0.0]))[0] < 0


def test_negative_infinity_gives_negative_infinity():
    got = log_softmax(np.array([0.0, -np.inf, 1.0]))
    assert got[1] == -np.inf
    _assert_matches(got[[0, 2]], [0.0, 1.0])
    # a row of -inf has no distribution: nan, as for softmax
    assert np.isnan(log_softmax(np.array([-np.inf, -np.inf]))).all()


def test_positive_infinities_share_the_probability():
    # lim log softmax([t, t, 0]) = [-log 2, -log 2, -inf]
    got = log_softmax(np.array([np.inf, np.inf, 0.0]))
    np.testing.assert_array_equal(got, [-np.log(2.0), -np.log(2.0), -np.inf])


def test_row_holding_nan_is_all_nan_other_rows_unaffected():
    x = np.array([[0.0, 1.0, 2.0], [1.0, np.nan, 0.0]])
    got = log_softmax(x)
    assert np.isnan(got[1]).all()
    np.testing.assert_array_equal(got[0], log_softmax(x[0]))
    grad = log_softmax_grad(x)
    assert np.isnan(grad[1]).all() and not np.isnan(grad[0]).any()


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_axes_and_exp_sums_to_one(axis):
    x = np.random.default_rng(RNG_SEED).normal(scale=4.0, size=(4, 6))
    got = log_softmax(x, axis=axis)
    for row_x, row_got in zip(np.moveaxis(x, axis, -1), np.moveaxis(got, axis, -1), strict=True):
        _assert_matches(row_got, row_x)
    assert np.all(np.abs(np.sum(np.exp(got), axis=axis) - 1) <= 1e-15)
    moved = np.moveaxis(x, axis, -1).shape
    assert log_softmax_grad(x, axis=axis).shape == (*moved, x.shape[axis])


def test_jacobian_rows_sum_to_zero_and_off_diagonal_is_minus_softmax():
    # sum_j (delta_ij - s_j) = 0; off the diagonal J_ij = -s_j exactly (the diagonal, 1 - s_i,
    # is checked against mpmath above: computed as 1 - s_i it would cancel when s_i ~ 1)
    for x in _random_vectors():
        grad = log_softmax_grad(x)
        s = softmax(x)
        assert np.all(np.abs(grad.sum(axis=1)) <= 4 * np.finfo(float).eps * x.size)
        off = ~np.eye(x.size, dtype=bool)
        np.testing.assert_array_equal(grad[off], np.broadcast_to(-s, grad.shape)[off])


def test_shift_invariance():
    rng = np.random.default_rng(RNG_SEED)
    x = np.round(rng.uniform(-20, 20, size=(5, 9)) * 8) / 8
    for shift in (1000.0, -(2.0**40), 1e15):
        # log s is unchanged; the result is exact to a few ulps of the larger |log s|
        diff = np.abs(log_softmax(x + shift) - log_softmax(x))
        assert np.all(diff <= 4 * np.spacing(np.abs(log_softmax(x)) + 1)), shift
