"""Identities between activations, evaluated with the package on many points.

Each identity is exact in real arithmetic; the tolerances say how many roundings separate
the two floating-point sides.
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import (
    MP,
    SELU_ALPHA_LITERAL,
    SELU_LAMBDA_LITERAL,
    float_points,
    reference_value,
    round_to,
    selu_constants_from_fixed_point,
    ulps,
)

import activations as act

EPS = np.finfo(np.float64).eps
FLOATS = [np.float64, np.float32]


def _points(dtype, limit=None) -> np.ndarray:
    x = np.concatenate([float_points(dtype), np.array([np.inf, -np.inf], dtype=dtype)])
    return x if limit is None else x[np.abs(x) <= limit]


def _assert_identical(a, b) -> None:
    """Bitwise the same numbers: equal values, NaN in the same places, same zero signs."""
    assert a.dtype == b.dtype
    np.testing.assert_array_equal(a, b)
    assert np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("dtype", FLOATS)
def test_tanh_is_a_rescaled_sigmoid(dtype):
    # tanh(x) = 2 sigma(2x) - 1: both sides are O(1), so the right side's evaluation
    # error is a few eps absolute; 2x stays finite for |x| <= 1e300 (float64).
    x = _points(dtype, limit=float(np.finfo(dtype).max) / 4)
    eps = np.finfo(dtype).eps
    rhs = 2 * act.sigmoid(2 * x) - 1
    assert np.all(np.abs(act.tanh(x) - rhs) <= 4 * eps)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_silu_is_swish_with_beta_one(dtype):
    x = np.concatenate([_points(dtype), np.array([np.nan], dtype=dtype)])
    _assert_identical(act.silu(x), act.swish(x, beta=1.0))
    _assert_identical(act.silu(x), act.swish(x))
    _assert_identical(act.silu_grad(x), act.swish_grad(x, beta=1.0))
    _assert_identical(act.silu_grad(x), act.swish_grad(x))


@pytest.mark.parametrize("dtype", FLOATS)
def test_softplus_grad_is_sigmoid(dtype):
    x = float_points(dtype)
    cond = np.array([reference_value("sigmoid", "function", float(v))[1] for v in x])
    error = ulps(act.softplus_grad(x), act.sigmoid(x))
    assert np.all(error <= 4 * np.maximum(1.0, cond)), x[np.argmax(error)]
    np.testing.assert_array_equal(act.softplus_grad(np.array([-np.inf, np.inf])), [0.0, 1.0])


def test_selu_constants_are_the_papers():
    # Klambauer et al. (2017), eq. (14): lambda_01 and alpha_01 to 31 decimals.
    assert act.SELU_LAMBDA == float(SELU_LAMBDA_LITERAL) == 1.0507009873554805
    assert act.SELU_ALPHA == float(SELU_ALPHA_LITERAL) == 1.6732632423543772


def test_selu_constants_solve_the_fixed_point_equations():
    # mean 0 and variance 1 of selu(Z), Z ~ N(0, 1), solved by quadrature in mpmath
    lam, alpha = selu_constants_from_fixed_point()
    assert abs(lam - MP.mpf(SELU_LAMBDA_LITERAL)) < MP.mpf("1e-30")
    assert abs(alpha - MP.mpf(SELU_ALPHA_LITERAL)) < MP.mpf("1e-30")
    assert round_to(lam, np.float64) == act.SELU_LAMBDA
    assert round_to(alpha, np.float64) == act.SELU_ALPHA


@pytest.mark.parametrize("dtype", FLOATS)
def test_selu_is_scaled_elu(dtype):
    # selu(x) = lambda elu(x, alpha): the same function, a couple of roundings apart
    x = _points(dtype)
    lam, alpha = dtype(act.SELU_LAMBDA), float(dtype(act.SELU_ALPHA))
    with np.errstate(over="ignore"):  # lambda * max overflows on the right-hand side
        scaled = lam * act.elu(x, alpha=alpha)
        scaled_grad = lam * act.elu_grad(x, alpha=alpha)
    if dtype is np.float64:
        assert np.all(ulps(act.selu(x), scaled) <= 4)
        assert np.all(ulps(act.selu_grad(x), scaled_grad) <= 4)
    else:
        # float32 constants differ from the float64 ones the package may use: 1 ulp each
        assert np.all(ulps(act.selu(x), scaled) <= 6)
        assert np.all(ulps(act.selu_grad(x), scaled_grad) <= 6)


@pytest.mark.parametrize(
    "name", ["sigmoid", "softplus", "silu", "gelu", "gelu_tanh", "swish", "relu", "mish"]
)
def test_difference_of_mirror_images(name):
    """f(x) - f(-x) = x for silu, gelu, gelu_tanh, softplus, relu; sigma(x) + sigma(-x) = 1.

    Because sigma(x) + sigma(-x) = 1 and Phi(x) + Phi(-x) = 1 (for gelu_tanh the same
    with sigma(2u), u odd); mish has no such identity and is checked for contrast to be
    off by a visible amount, so the tolerance is not vacuous.
    """
    x = np.linspace(-30.0, 30.0, 1201)
    f = getattr(act, name)
    if name == "sigmoid":
        assert np.all(np.abs(f(x) + f(-x) - 1) <= 2 * EPS)
        return
    error = np.abs(f(x) - f(-x) - x)
    allowed = 4 * EPS * (np.abs(f(x)) + np.abs(f(-x)))
    if name == "mish":
        nonzero = x != 0
        assert np.max(error[nonzero] / allowed[nonzero]) > 1e6  # mish(x) - mish(-x) != x
    else:
        assert np.all(error <= allowed), x[np.argmax(error - allowed)]


@pytest.mark.parametrize("name", ["tanh", "softsign", "arctan"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_odd_functions_are_exactly_odd(name, dtype):
    # f(-x) = -f(x), and round-to-nearest is symmetric, so both sides are the same float
    x = _points(dtype)
    f = getattr(act, name)
    _assert_identical(f(-x), -f(x))
    grad = getattr(act, f"{name}_grad")
    _assert_identical(grad(-x), grad(x))  # the derivative of an odd function is even


def gelu_tanh_gap() -> tuple[float, float]:
    """(max |gelu_tanh(x) - gelu(x)|, the x where it is attained), package against mpmath.

    A fine grid on [-6, 6] (step 1/512) plus the accuracy points out to +-max float.
    """
    fine = np.arange(-6 * 512, 6 * 512 + 1) / 512.0
    x = np.unique(np.concatenate([fine, float_points(np.float64)]))
    exact = np.array([reference_value("gelu", "function", float(v))[0] for v in x])
    got = act.gelu_tanh(x)
    gap = np.array([float(abs(MP.mpf(float(g)) - e)) for g, e in zip(got, exact, strict=True)])
    i = int(np.argmax(gap))
    return float(gap[i]), float(x[i])


def test_gelu_tanh_stays_within_5e_4_of_gelu():
    gap, where = gelu_tanh_gap()
    assert gap < 5e-4, (gap, where)
    assert abs(where) < 5, where
    # and the approximation is not the exact GELU in disguise
    assert gap > 1e-4, gap


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_celu_with_alpha_one_is_elu(dtype):
    # alpha (e^(x/alpha) - 1) with alpha = 1 is ELU's alpha (e^x - 1): bit for bit
    x = np.concatenate([_points(dtype), np.array([np.nan], dtype=dtype)])
    _assert_identical(act.celu(x, alpha=1.0), act.elu(x, alpha=1.0))
    _assert_identical(act.celu_grad(x), act.elu_grad(x))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_hard_units_are_relu6_shifted(dtype):
    # hard_sigmoid(x) = relu6(x + 3) / 6 and hard_swish(x) = x hard_sigmoid(x), for x where
    # x + 3 is exact (a 1/64 grid), so the two sides are one or two roundings apart
    x = (np.arange(-640, 641) / 64).astype(dtype)
    with np.errstate(over="ignore"):
        sixth = act.relu6(x + dtype(3)) / dtype(6)
    assert np.all(ulps(act.hard_sigmoid(x), sixth) <= 1)
    assert np.all(ulps(act.hard_swish(x), x * act.hard_sigmoid(x)) <= 2)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_log_sigmoid_is_minus_softplus_of_minus_x(dtype):
    x = np.concatenate([_points(dtype), np.array([np.nan], dtype=dtype)])
    _assert_identical(act.log_sigmoid(x), -act.softplus(-x))
    _assert_identical(act.log_sigmoid_grad(x), act.sigmoid(-x))


def test_log_sigmoid_is_the_two_class_log_softmax():
    # log_softmax([x, 0])[0] = log sigma(x), each to 4 ulps times its condition number
    x = float_points(np.float64)
    x = x[np.abs(x) < 1e300]
    got = act.log_softmax(np.stack([x, np.zeros_like(x)], axis=-1))[:, 0]
    cond = np.array([reference_value("log_sigmoid", "function", float(v))[1] for v in x])
    assert np.all(ulps(got, act.log_sigmoid(x)) <= 8 * np.maximum(1.0, cond))


@pytest.mark.parametrize(
    ("gated", "gate"),
    [("glu", act.sigmoid), ("reglu", act.relu), ("geglu", act.gelu), ("swiglu", act.silu)],
)
def test_gated_unit_with_unit_value_is_its_gate(gated, gate):
    # a = 1: the output is g(b) itself, bit for bit, for every finite b and nan
    b = np.concatenate([float_points(np.float64), [np.nan]])
    x = np.concatenate([np.ones_like(b), b])
    _assert_identical(getattr(act, gated)(x), gate(b))


def test_squareplus_mirror_identity():
    # squareplus(x) - squareplus(-x) = x, since (x + r)/2 - (-x + r)/2 = x
    x = np.linspace(-30.0, 30.0, 1201)
    for b in (0.1, 4.0, 100.0):
        error = np.abs(act.squareplus(x, b) - act.squareplus(-x, b) - x)
        allowed = 4 * EPS * (act.squareplus(x, b) + act.squareplus(-x, b))
        assert np.all(error <= allowed), b
