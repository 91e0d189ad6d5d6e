"""softmax and its Jacobian: normalisation, shift invariance, extremes, NaN, axes, mpmath.

Reference: s_i = exp(x_i - m) / sum_j exp(x_j - m) at 60 digits (``reference.softmax_reference``),
J_ij = s_i (delta_ij - s_j). The componentwise relative condition number of s_i with
respect to the logits is cond_i = sum_j |x_j| |delta_ij - s_j|.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
from reference import (
    MP,
    reference_value,
    round_to,
    softmax_conditions,
    softmax_jacobian_conditions,
    softmax_jacobian_reference,
    softmax_reference,
    ulps,
)

from activations import ACTIVATIONS, log_softmax, sigmoid, sigmoid_grad, softmax, softmax_grad
from activations.views import one_input

EPS = np.finfo(np.float64).eps
RNG_SEED = 7


def _assert_matches_reference(got, logits, dtype=np.float64, tolerance_ulps=4) -> None:
    expected = np.array([round_to(v, dtype) for v in softmax_reference(logits)], dtype=dtype)
    allowed = tolerance_ulps * np.maximum(1.0, softmax_conditions(logits))
    error = ulps(np.asarray(got), expected)
    assert np.all(error <= allowed), f"logits {logits}: got {got}, expected {expected}"


def _random_vectors():
    rng = np.random.default_rng(RNG_SEED)
    for n in (1, 2, 3, 5, 8, 13, 16):
        for scale in (0.1, 1.0, 10.0, 100.0):
            yield rng.normal(scale=scale, size=n)


class TestNormalisation:
    def test_sums_to_one_within_1e_15(self):
        for x in _random_vectors():
            s = softmax(x)
            assert abs(np.sum(s) - 1.0) <= 1e-15, (x, np.sum(s) - 1.0)
            assert np.all(s >= 0)

    @pytest.mark.parametrize("axis", [0, 1, -1])
    def test_sums_to_one_along_the_axis(self, axis):
        x = np.random.default_rng(RNG_SEED).normal(scale=5.0, size=(9, 16))
        sums = np.sum(softmax(x, axis=axis), axis=axis)
        assert np.all(np.abs(sums - 1.0) <= 1e-15), sums - 1.0

    def test_matches_mpmath(self):
        for x in _random_vectors():
            _assert_matches_reference(softmax(x), x)

    def test_float32_matches_mpmath_rounded_to_float32(self):
        for x in _random_vectors():
            x32 = x.astype(np.float32)
            got = softmax(x32)
            assert got.dtype == np.float32
            _assert_matches_reference(got, x32.astype(np.float64), dtype=np.float32)


class TestShiftInvariance:
    # Logits on a 1/8 grid shifted by these constants stay exact in float64, so the
    # mathematical softmax is unchanged and any difference is the implementation's.
    @pytest.mark.parametrize("shift", [1000.0, -1000.0, 2.0**30, -(2.0**40), 1e15, -1e15])
    def test_adding_a_constant_changes_nothing(self, shift):
        rng = np.random.default_rng(RNG_SEED)
        x = np.round(rng.uniform(-20, 20, size=(6, 11)) * 8) / 8
        shifted = x + shift
        assert np.array_equal(shifted - shift, x)  # the shift itself is exact
        base = softmax(x)
        error = ulps(softmax(shifted), base)
        assert np.all(error <= 2), error.max()


class TestExtremeLogits:
    @pytest.mark.parametrize(
        "logits",
        [
            [1e308, -1e308],
            [-1e308, 1e308],
            [1e308, 1e308],
            [-1e308, -1e308, 0.0],
            [1e308, 1e307, -1e308],
            [np.finfo(np.float64).max, -np.finfo(np.float64).max, 0.0],
            [-np.finfo(np.float64).max, -np.finfo(np.float64).max],
            [5e-324, -5e-324, 0.0],
            [745.0, 0.0, -745.0],
        ],
    )
    def test_finite_and_exact(self, logits):
        # The condition number is astronomical here, but the logits are exact and the
        # answer is a few ulps from the rounded reference for any max-shifted formula.
        got = softmax(np.array(logits))
        assert np.all(np.isfinite(got)), got
        expected = np.array([round_to(v, np.float64) for v in softmax_reference(logits)])
        assert np.all(ulps(got, expected) <= 4), (got, expected)
        grad = softmax_grad(np.array(logits))
        assert np.all(np.isfinite(grad)), grad

    def test_negative_infinity_gets_probability_exactly_zero(self):
        x = np.array([0.0, -np.inf, 1.0, -np.inf, -3.0])
        got = softmax(x)
        assert got[1] == 0 and got[3] == 0
        _assert_matches_reference(got[[0, 2, 4]], [0.0, 1.0, -3.0])
        rows = np.array([[-np.inf, 2.0], [0.5, -np.inf], [1.0, 1.0]])
        np.testing.assert_array_equal(softmax(rows), [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])

    def test_single_positive_infinity_takes_all_the_probability(self):
        # lim_{t -> inf} softmax([t, 0, -2]) = [1, 0, 0]
        np.testing.assert_array_equal(softmax(np.array([np.inf, 0.0, -2.0])), [1.0, 0.0, 0.0])


class TestNaN:
    def test_row_holding_nan_is_all_nan_other_rows_unaffected(self):
        x = np.array([[0.0, 1.0, 2.0], [1.0, np.nan, 0.0], [-1.0, 3.0, 0.5]])
        got = softmax(x, axis=1)
        assert np.isnan(got[1]).all()
        np.testing.assert_array_equal(got[[0, 2]], softmax(x[[0, 2]], axis=1))
        grad = softmax_grad(x, axis=1)
        assert np.isnan(grad[1]).all()
        np.testing.assert_array_equal(grad[[0, 2]], softmax_grad(x[[0, 2]], axis=1))

    def test_column_holding_nan_along_axis_0(self):
        x = np.array([[0.0, np.nan], [1.0, 2.0], [2.0, -1.0]])
        got = softmax(x, axis=0)
        assert np.isnan(got[:, 1]).all()
        assert not np.isnan(got[:, 0]).any()
        _assert_matches_reference(got[:, 0], [0.0, 1.0, 2.0])


class TestAxes:
    @pytest.mark.parametrize("axis", [0, 1, -1, -2])
    def test_each_slice_matches_mpmath(self, axis):
        x = np.random.default_rng(RNG_SEED).normal(scale=4.0, size=(4, 6))
        got = softmax(x, axis=axis)
        moved_x = np.moveaxis(x, axis, -1)
        moved_got = np.moveaxis(got, axis, -1)
        for row_x, row_got in zip(moved_x, moved_got, strict=True):
            _assert_matches_reference(row_got, row_x)

    def test_three_dimensional_middle_axis(self):
        x = np.random.default_rng(RNG_SEED).normal(scale=3.0, size=(2, 5, 3))
        got = softmax(x, axis=1)
        for i in range(2):
            for k in range(3):
                _assert_matches_reference(got[i, :, k], x[i, :, k])


def _assert_jacobian_matches(got, logits) -> None:
    """Each J_ij to 8 ulps times its relative condition number (as for the derivatives)."""
    n = len(logits)
    jac = softmax_jacobian_reference(logits)
    expected = np.array([[round_to(v, np.float64) for v in row] for row in jac])
    allowed = 8 * np.maximum(1.0, softmax_jacobian_conditions(logits))
    assert got.shape == (n, n)
    error = ulps(got, expected)
    assert np.all(error <= allowed), f"logits {list(logits)}: ulps {error}, allowed {allowed}"


class TestJacobian:
    def test_vectors_match_mpmath(self):
        for x in _random_vectors():
            _assert_jacobian_matches(softmax_grad(x), x)

    @pytest.mark.parametrize("axis", [0, 1])
    def test_batched_jacobian_has_the_softmax_axis_last(self, axis):
        x = np.random.default_rng(RNG_SEED).normal(scale=2.0, size=(3, 5))
        grad = softmax_grad(x, axis=axis)
        slices = np.moveaxis(x, axis, -1)
        assert grad.shape == (*slices.shape, slices.shape[-1])
        for k, row in enumerate(slices):
            _assert_jacobian_matches(grad[k], row)

    def test_rows_sum_to_zero(self):
        # sum_j s_i (delta_ij - s_j) = s_i (1 - sum_j s_j) = 0
        for x in _random_vectors():
            grad = softmax_grad(x)
            assert np.all(np.abs(grad.sum(axis=1)) <= 8 * EPS * softmax(x)), grad.sum(axis=1)


class TestTwoClassLink:
    """softmax([x, 0]) = [sigmoid(x), sigmoid(-x)]: the two-class logistic link."""

    POINTS = np.concatenate([np.linspace(-40, 40, 161), [-745.0, -740.0, -700.0, 700.0, 1e5]])

    def test_equals_sigmoid(self):
        for x in self.POINTS:
            got = softmax(np.array([x, 0.0]))
            expected = sigmoid(np.array([x, -x]))
            conds = np.array([reference_value("sigmoid", "function", float(v))[1] for v in (x, -x)])
            assert np.all(ulps(got, expected) <= 4 * np.maximum(1.0, conds)), (x, got, expected)

    def test_jacobian_is_sigmoid_grad(self):
        # J = [[g, -g], [-g, g]] with g = sigmoid'(x) = s(x) s(-x)
        for x in self.POINTS:
            jac = softmax_grad(np.array([x, 0.0]))
            g = sigmoid_grad(np.array([x]))
            expected = np.array([[g[0], -g[0]], [-g[0], g[0]]])
            cond = reference_value("sigmoid", "derivative", float(x))[1]
            error = ulps(jac, expected)
            assert np.all(error <= 8 * max(1.0, cond)), (x, jac, expected)
            _assert_jacobian_matches(jac, [x, 0.0])


# --------------------------------------------------------------------------- several axes at once

TUPLE_AXES = [(0, 1), (1, 2), (0, 2), (2, 0), (-1, 0), (0, 1, 2), (1,), ()]


def _over_flattened_axes(func, x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """func over ``axes`` taken as one: those axes moved last and flattened, then put back."""
    axes = tuple(a % x.ndim for a in axes)
    last = tuple(range(x.ndim - len(axes), x.ndim))
    moved = np.moveaxis(x, axes, last)
    kept = moved.shape[: x.ndim - len(axes)]
    flat = moved.reshape((*kept, -1)) if axes else moved[..., None]
    return np.moveaxis(func(flat, axis=-1).reshape(moved.shape), last, axes)


@pytest.mark.parametrize("axis", TUPLE_AXES, ids=str)
@pytest.mark.parametrize("func", [softmax, log_softmax])
def test_tuple_axes_treat_the_axes_as_one_as_scipy_does(func, axis):
    x = np.random.default_rng(RNG_SEED).normal(0.0, 20.0, size=(3, 4, 5))
    got = func(x, axis=axis)
    # bit for bit the one-axis function on the flattened axes
    np.testing.assert_array_equal(got, _over_flattened_axes(func, x, axis))
    # and scipy.special's own implementation, to rounding
    expected = getattr(scipy.special, func.__name__)(x, axis=axis)
    np.testing.assert_allclose(got, expected, rtol=64 * EPS, atol=64 * EPS * np.abs(x).max())
    if func is softmax:
        np.testing.assert_allclose(np.sum(got, axis=axis), 1.0, rtol=8 * EPS)


@pytest.mark.parametrize("func", [softmax, log_softmax])
def test_tuple_axes_keep_the_dtype(func):
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert func(x, axis=(0, 1)).dtype == np.float32
    assert func(x.astype(np.float16), axis=(1, 0)).dtype == np.float16


class TestTemperatureView:
    """softmax((x, 0, 0) / T)[0] and its slope in x, (1/T) p (1 - p), against mpmath.

    Reference: p = e^(x/T) / (e^(x/T) + 2) at 60 digits. T and x are exact binary fractions
    apart from T = 0.1, so x / T rounds once: the tolerance is 8 ulps times (1 + |x / T|).
    """

    @pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 2.0, 5.0])
    def test_probability_and_slope(self, temperature: float) -> None:
        x = np.linspace(-5.0, 5.0, 41)
        f, df = one_input(ACTIVATIONS["softmax"], temperature=temperature)
        for xi, got_p, got_slope in zip(x, f(x), df(x), strict=True):
            z = MP.mpf(float(xi)) / MP.mpf(temperature)
            p = MP.exp(z) / (MP.exp(z) + 2)
            slope = p * (1 - p) / MP.mpf(temperature)
            allowed = 8 * (1 + abs(float(z)))
            assert ulps(np.float64(got_p), np.float64(float(p))) <= allowed, (xi, temperature)
            assert ulps(np.float64(got_slope), np.float64(float(slope))) <= allowed, (
                xi,
                temperature,
            )

    def test_bad_temperature_names_the_function(self) -> None:
        with pytest.raises(ValueError, match="softmax: temperature must be > 0"):
            one_input(ACTIVATIONS["softmax"], temperature=0.0)

    def test_an_entry_without_the_view_parameter_refuses_it(self) -> None:
        with pytest.raises(TypeError, match="log_softmax's view takes no parameter"):
            one_input(ACTIVATIONS["log_softmax"], temperature=2.0)
