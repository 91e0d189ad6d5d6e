"""Infinities, NaN, signed zeros, kinks, and the absence of RuntimeWarnings.

The limits at +-inf are written down from the mathematics (each with its one-line reason)
and cross-checked against the mpmath references far out, never taken from the package.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from reference import (
    MP,
    REFERENCES,
    SELU_ALPHA_LITERAL,
    SELU_LAMBDA_LITERAL,
    ElementwiseReference,
    float_points,
    round_to,
    ulps,
)

import activations
from activations import ACTIVATIONS

INF = math.inf
LAMBDA = MP.mpf(SELU_LAMBDA_LITERAL)
ALPHA = MP.mpf(SELU_ALPHA_LITERAL)

# The parameter sets exercised: the defaults (None) and the non-default variants.
PARAMETER_SETS = [
    (name, params)
    for name, ref in REFERENCES.items()
    if isinstance(ref, ElementwiseReference)
    for params in (None, *ref.variants)
]


def _id(name, params):
    return name if params is None else f"{name}-" + ",".join(f"{k}={v}" for k, v in params.items())


def _call(name: str, kind: str, x, params):
    entry = ACTIVATIONS[name]
    func = entry.function if kind == "function" else entry.derivative
    return func(x) if params is None else func(x, **params)


def _param(name, params, key):
    return (params or REFERENCES[name].defaults)[key]


def limits(name: str, params) -> dict[str, object]:
    """Exact limits (as mpf or +-inf) of f and f' at -inf and +inf.

    Keys: "f(-inf)", "f(+inf)", "f'(-inf)", "f'(+inf)". Reasons in the comments.
    """
    zero, one = MP.zero, MP.one
    if name == "sigmoid":  # 1/(1+e^-x): e^-x -> inf, 0; f' = s(1-s) -> 0
        return {"f(-inf)": zero, "f(+inf)": one, "f'(-inf)": zero, "f'(+inf)": zero}
    if name == "tanh":  # odd, -> +-1; f' = sech^2 -> 0
        return {"f(-inf)": -one, "f(+inf)": one, "f'(-inf)": zero, "f'(+inf)": zero}
    if name == "relu":
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "leaky_relu":  # alpha x -> -inf for alpha > 0; slope alpha on the left
        a = MP.mpf(_param(name, params, "alpha"))
        return {"f(-inf)": -INF, "f(+inf)": INF, "f'(-inf)": a, "f'(+inf)": one}
    if name == "prelu":  # alpha x -> -inf sign(alpha), 0 for alpha = 0; slope alpha on the left
        a = MP.mpf(_param(name, params, "alpha"))
        left = zero if a == 0 else -INF if a > 0 else INF
        return {"f(-inf)": left, "f(+inf)": INF, "f'(-inf)": a, "f'(+inf)": one}
    if name == "elu":  # alpha (e^x - 1) -> -alpha; alpha e^x -> 0
        a = MP.mpf(_param(name, params, "alpha"))
        return {"f(-inf)": -a, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "selu":  # lambda elu_alpha
        return {"f(-inf)": -LAMBDA * ALPHA, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": LAMBDA}
    if name in ("swish", "silu"):
        # x s(bx) ~ x e^(bx) -> 0 (b > 0); f' = s(bx)(1 + bx s(-bx)) -> 0 and -> 1
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "mish":  # x tanh(log1p(e^x)) ~ x e^x -> 0; f' -> 0 and tanh(inf) = 1
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "softplus":  # log1p(e^x) -> 0, ~ x -> inf; f' = sigmoid
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "softsign":  # x/(1+|x|) -> +-1; 1/(1+|x|)^2 -> 0
        return {"f(-inf)": -one, "f(+inf)": one, "f'(-inf)": zero, "f'(+inf)": zero}
    if name == "arctan":  # -> +-pi/2; 1/(1+x^2) -> 0
        return {"f(-inf)": -MP.pi / 2, "f(+inf)": MP.pi / 2, "f'(-inf)": zero, "f'(+inf)": zero}
    if name in ("gelu", "gelu_tanh"):
        # x Phi(x) ~ -phi(x) -> 0; Phi + x phi -> 0 and -> 1 (the same for the tanh form,
        # x s(2u) with u ~ 0.0357 x^3)
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "relu6":  # clipped to [0, 6]; flat beyond both ends
        return {"f(-inf)": zero, "f(+inf)": MP.mpf(6), "f'(-inf)": zero, "f'(+inf)": zero}
    if name == "hard_sigmoid":  # 0 below -3, 1 above 3
        return {"f(-inf)": zero, "f(+inf)": one, "f'(-inf)": zero, "f'(+inf)": zero}
    if name == "hard_swish":  # 0 below -3, x above 3
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "celu":  # alpha (e^(x/alpha) - 1) -> -alpha; e^(x/alpha) -> 0
        a = MP.mpf(_param(name, params, "alpha"))
        return {"f(-inf)": -a, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "squareplus":  # b / (2 (r - x)) ~ b / (4|x|) -> 0, ~ x; (1 + x/r)/2 -> 0, 1
        return {"f(-inf)": zero, "f(+inf)": INF, "f'(-inf)": zero, "f'(+inf)": one}
    if name == "log_sigmoid":  # -softplus(-x) ~ x -> -inf, -e^-x -> 0; sigma(-x) -> 1, 0
        return {"f(-inf)": -INF, "f(+inf)": zero, "f'(-inf)": one, "f'(+inf)": zero}
    raise KeyError(f"no limits written down for {name!r}")


@pytest.mark.parametrize(("name", "params"), [pytest.param(*c, id=_id(*c)) for c in PARAMETER_SETS])
class TestInfinities:
    def test_limits_agree_with_the_mpmath_reference_far_out(self, name, params):
        """The table above versus the reference functions at x = +-1e30 (a check of the table)."""
        ref = REFERENCES[name]
        kwargs = {k: MP.mpf(v) for k, v in (params or ref.defaults).items()}
        for key, value in limits(name, params).items():
            func = ref.function if key.startswith("f(") else ref.derivative
            x = MP.mpf("-1e30") if "-inf" in key else MP.mpf("1e30")
            far = func(x, **kwargs)
            if value in (INF, -INF):
                assert far * math.copysign(1, value) > MP.mpf("1e20"), key  # grows like x
            else:
                assert abs(far - value) <= MP.mpf("1e-25") * max(1, abs(value)), key

    @pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
    @pytest.mark.parametrize("kind", ["function", "derivative"])
    def test_limits(self, name, params, kind, dtype):
        table = limits(name, params)
        prefix = "f" if kind == "function" else "f'"
        x = np.array([-INF, INF], dtype=dtype)
        got = _call(name, kind, x, params)
        expected = np.array(
            [round_to(table[f"{prefix}(-inf)"], dtype), round_to(table[f"{prefix}(+inf)"], dtype)],
            dtype=dtype,
        )
        # exact for 0, +-1, +-inf and alpha; one ulp for the rounded pi/2 and lambda*alpha
        assert got.dtype == dtype
        assert np.all(ulps(got, expected) <= 1), (got, expected)
        exact = [v in (0, 1, -1, INF, -INF) for v in expected]
        assert np.array_equal(got[exact], expected[exact]), (got, expected)

    @pytest.mark.parametrize("kind", ["function", "derivative"])
    def test_nan_gives_nan(self, name, params, kind):
        for dtype in (np.float64, np.float32, np.float16):
            x = np.array([np.nan, 0.5, -np.nan, -2.0], dtype=dtype)
            got = _call(name, kind, x, params)
            assert np.isnan(got[[0, 2]]).all(), got
            assert np.array_equal(got[[1, 3]], _call(name, kind, x[[1, 3]], params)), got
        assert np.isnan(_call(name, kind, math.nan, params))


# f(-0.0) = -0.0 where f is odd or passes through the origin with positive slope
ORIGIN_PRESERVING = (
    "tanh",
    "softsign",
    "arctan",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "swish",
    "silu",
    "mish",
    "gelu_tanh",
    "hard_swish",
    "celu",
)


class TestSignedZeros:
    @pytest.mark.parametrize(
        ("name", "params"),
        [pytest.param(*c, id=_id(*c)) for c in PARAMETER_SETS if c[0] in ORIGIN_PRESERVING],
    )
    @pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
    def test_zero_keeps_its_sign(self, name, params, dtype):
        got = _call(name, "function", np.array([-0.0, 0.0], dtype=dtype), params)
        assert got.dtype == dtype
        assert got[0] == 0 and np.signbit(got[0]), f"{name}(-0.0) = {got[0]!r}"
        assert got[1] == 0 and not np.signbit(got[1]), f"{name}(+0.0) = {got[1]!r}"

    @pytest.mark.parametrize("alpha", [0.25, 0.0, -0.5, 1.0, 3.0, -0.0])
    @pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
    def test_prelu_zeros_are_alpha_times_x(self, alpha, dtype):
        # x <= 0 takes alpha x, +-0 included, as PyTorch's prelu does: prelu(+0.0) is -0.0
        # for a negative alpha. alpha = -0.0 is the slope 0, taken as +0.0.
        zeros = np.array([-0.0, 0.0], dtype=dtype)
        got = activations.prelu(zeros, alpha)
        slope = alpha + 0.0
        expected = np.array([slope * -0.0, slope * 0.0], dtype=dtype)
        assert got.dtype == dtype and np.array_equal(got, [0.0, 0.0])
        assert np.array_equal(np.signbit(got), np.signbit(expected)), (alpha, got)

    @pytest.mark.parametrize("name", ["relu", "relu6"])
    def test_relu_of_negative_zero_is_positive_zero(self, name):
        # the range is [0, inf) ([0, 6]): max(x, 0) at x = -0 is the +0 of that range
        func = getattr(activations, name)
        got = func(np.array([-0.0, 0.0]))
        assert np.array_equal(got, [0.0, 0.0]) and not np.signbit(got).any(), got
        assert not np.signbit(func(-0.0))

    def test_values_at_zero(self):
        # sigma(0) = 1/2, softplus(0) = log 2, derivatives at 0 from their formulas
        cases = {
            ("sigmoid", "function"): MP.mpf(1) / 2,
            ("softplus", "function"): MP.log(2),
            ("sigmoid", "derivative"): MP.mpf(1) / 4,
            ("tanh", "derivative"): MP.one,
            ("swish", "derivative"): MP.mpf(1) / 2,
            ("silu", "derivative"): MP.mpf(1) / 2,
            ("mish", "derivative"): MP.tanh(MP.log(2)),  # tanh(softplus(0)) = 3/5
            ("softplus", "derivative"): MP.mpf(1) / 2,
            ("softsign", "derivative"): MP.one,
            ("arctan", "derivative"): MP.one,
            ("gelu", "derivative"): MP.mpf(1) / 2,
            ("gelu_tanh", "derivative"): MP.mpf(1) / 2,
            ("hard_sigmoid", "function"): MP.mpf(1) / 2,  # relu6(3) / 6
            ("hard_sigmoid", "derivative"): MP.mpf(1) / 6,
            ("hard_swish", "derivative"): MP.mpf(1) / 2,  # (2*0 + 3) / 6
            ("celu", "derivative"): MP.one,  # both pieces give 1: CELU is C1
            ("squareplus", "function"): MP.one,  # sqrt(b) / 2 with b = 4
            ("squareplus", "derivative"): MP.mpf(1) / 2,
            ("log_sigmoid", "function"): -MP.log(2),
            ("log_sigmoid", "derivative"): MP.mpf(1) / 2,
        }
        for (name, kind), value in cases.items():
            got = _call(name, kind, np.array([-0.0, 0.0]), None)
            expected = round_to(value, np.float64)
            assert np.all(ulps(got, np.array([expected] * 2)) <= 1), (name, kind, got, expected)


class TestKinks:
    """PyTorch's convention: at x = 0 the derivative takes the left branch."""

    @pytest.mark.parametrize("zero", [0.0, -0.0])
    def test_relu_grad_at_zero_is_zero(self, zero):
        assert activations.relu_grad(np.array([zero]))[0] == 0
        assert activations.relu_grad(zero) == 0
        assert activations.relu_grad(np.array([5e-324]))[0] == 1

    @pytest.mark.parametrize("alpha", [None, 0.2, 3.0])
    @pytest.mark.parametrize("zero", [0.0, -0.0])
    def test_leaky_relu_grad_at_zero_is_alpha(self, alpha, zero):
        kwargs = {} if alpha is None else {"alpha": alpha}
        expected = 0.01 if alpha is None else alpha
        assert activations.leaky_relu_grad(np.array([zero]), **kwargs)[0] == expected
        assert activations.leaky_relu_grad(np.array([5e-324]), **kwargs)[0] == 1

    @pytest.mark.parametrize("alpha", [None, 0.0, -0.5, 3.0])
    @pytest.mark.parametrize("zero", [0.0, -0.0])
    def test_prelu_grad_at_zero_is_alpha(self, alpha, zero):
        # PyTorch's prelu backward: the gradient is alpha wherever x > 0 is false
        kwargs = {} if alpha is None else {"alpha": alpha}
        expected = 0.25 if alpha is None else alpha
        assert activations.prelu_grad(np.array([zero]), **kwargs)[0] == expected
        assert activations.prelu_grad(np.array([5e-324]), **kwargs)[0] == 1

    @pytest.mark.parametrize("alpha", [None, 0.3, 2.5])
    @pytest.mark.parametrize("zero", [0.0, -0.0])
    def test_elu_grad_at_zero_is_alpha(self, alpha, zero):
        # alpha e^0 = alpha, the left branch
        kwargs = {} if alpha is None else {"alpha": alpha}
        expected = 1.0 if alpha is None else alpha
        assert activations.elu_grad(np.array([zero]), **kwargs)[0] == expected
        assert activations.elu_grad(np.array([5e-324]), **kwargs)[0] == 1

    @pytest.mark.parametrize("zero", [0.0, -0.0])
    def test_selu_grad_at_zero_is_lambda_alpha(self, zero):
        # selu = lambda elu_alpha, so the same convention gives lambda alpha (PyTorch agrees)
        got = activations.selu_grad(np.array([zero, 5e-324]))
        expected = np.array([round_to(LAMBDA * ALPHA, np.float64), round_to(LAMBDA, np.float64)])
        assert np.all(ulps(got, expected) <= 1), (got, expected)


class TestHardUnitKinks:
    """PyTorch's values at the kinks of the piecewise-linear units (see hardware.py).

    ATen's hardtanh_backward (ReLU6) and hardsigmoid_backward pass the gradient only strictly
    inside the linear band; hardswish_backward (since pytorch/pytorch#148049) is 0 for
    x <= -3 and 1 for x >= 3. Next to each kink the neighbouring float takes its own piece.
    """

    @staticmethod
    def _around(kink: float) -> np.ndarray:
        return np.array([np.nextafter(kink, -INF), kink, np.nextafter(kink, INF)])

    @pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
    def test_relu6_grad(self, dtype):
        for kink, expected in ((0.0, [0, 0, 1]), (6.0, [1, 0, 0])):
            x = self._around(dtype(kink))
            assert np.array_equal(activations.relu6_grad(x), expected), (kink, x)
        assert activations.relu6_grad(-0.0) == 0

    @pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
    def test_hard_sigmoid_grad(self, dtype):
        sixth = dtype(1 / 6)
        for kink, expected in ((-3.0, [0, 0, sixth]), (3.0, [sixth, 0, 0])):
            got = activations.hard_sigmoid_grad(self._around(dtype(kink)))
            assert np.array_equal(got, np.array(expected, dtype=dtype)), (kink, got)

    def test_hard_swish_grad(self):
        below, at, above = activations.hard_swish_grad(self._around(-3.0))
        assert below == 0 and at == 0
        assert above == pytest.approx(-0.5, rel=1e-15)  # (2x + 3)/6 just right of -3
        below, at, above = activations.hard_swish_grad(self._around(3.0))
        assert below == pytest.approx(1.5, rel=1e-15) and at == 1 and above == 1

    def test_hard_swish_grad_is_zero_at_its_minimum(self):
        # (2x + 3)/6 = 0 at x = -3/2, exactly, where x/3 + 1/2 also is
        assert activations.hard_swish_grad(-1.5) == 0
        assert activations.hard_swish(-1.5) == -0.375

    @pytest.mark.parametrize("alpha", [None, 0.3, 2.5])
    def test_celu_grad_is_continuous_at_zero(self, alpha):
        kwargs = {} if alpha is None else {"alpha": alpha}
        got = activations.celu_grad(np.array([-5e-324, -0.0, 0.0, 5e-324]), **kwargs)
        assert np.array_equal(got, [1.0, 1.0, 1.0, 1.0]), got


# numpy's default: warn on overflow, division by zero and invalid operations; underflow
# is ignored (a result that underflows to a subnormal or zero is not an error).
NUMPY_DEFAULT_ERRSTATE = {"over": "warn", "divide": "warn", "invalid": "warn", "under": "ignore"}


def _all_inputs(dtype) -> np.ndarray:
    specials = np.array([-INF, INF, np.nan, -np.nan], dtype=dtype)
    return np.concatenate([float_points(dtype), specials])


@pytest.mark.parametrize(("name", "params"), [pytest.param(*c, id=_id(*c)) for c in PARAMETER_SETS])
@pytest.mark.parametrize("kind", ["function", "derivative"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_no_runtime_warning_for_any_input(name, params, kind, dtype):
    x = _all_inputs(dtype)
    with np.errstate(**NUMPY_DEFAULT_ERRSTATE), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _call(name, kind, x, params)
        for value in x[::37]:
            _call(name, kind, value, params)  # the scalar path too
    assert not caught, [str(w.message) for w in caught]


@pytest.mark.parametrize(
    "func",
    [
        activations.softmax,
        activations.softmax_grad,
        activations.log_softmax,
        activations.log_softmax_grad,
    ],
)
def test_softmax_no_runtime_warning(func):
    rows = np.array(
        [
            [0.0, 1.0, 2.0],
            [-1e308, 1e308, 0.0],
            [-np.finfo(np.float64).max, np.finfo(np.float64).max, 0.0],
            [-INF, 0.0, 1.0],
            [np.nan, 0.0, 1.0],
            [5e-324, -5e-324, 0.0],
        ]
    )
    with np.errstate(**NUMPY_DEFAULT_ERRSTATE), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        func(rows)
        func(np.array([[-3e38, 3e38, 0.0], [-INF, 0.0, 1.0], [np.nan, 0.0, 1.0]], np.float32))
        func(rows.T, axis=0)
    assert not caught, [str(w.message) for w in caught]
