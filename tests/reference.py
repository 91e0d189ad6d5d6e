"""Independent mpmath references for the activation tests.

Nothing here imports :mod:`activations`: every formula is written out again from its
mathematical definition and evaluated with mpmath at 60 significant digits in a private
context (so other users of ``mpmath.mp`` are unaffected). The tests round these values to
the float format under test and compare.

Formulas are arranged so that no step cancels catastrophically at 60 digits, for example
``softplus(x) = log1p(exp(x))`` for x <= 0 and ``1 - sigmoid(x) = sigmoid(-x)``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import mpmath
import numpy as np

__all__ = [
    "CONDITION_CAP",
    "GELU_TANH_CUBIC",
    "MP",
    "REFERENCES",
    "SELU_ALPHA_LITERAL",
    "SELU_LAMBDA_LITERAL",
    "ElementwiseReference",
    "GatedReference",
    "LogSoftmaxReference",
    "SoftmaxReference",
    "condition_number",
    "float_points",
    "gated_reference",
    "log_softmax_conditions",
    "log_softmax_jacobian_conditions",
    "log_softmax_jacobian_reference",
    "log_softmax_reference",
    "reference_value",
    "round_to",
    "selu_constants_from_fixed_point",
    "softmax_conditions",
    "softmax_jacobian_conditions",
    "softmax_jacobian_reference",
    "softmax_reference",
    "ulps",
]

MP = mpmath.MPContext()
MP.dps = 60

# Klambauer et al. (2017), "Self-Normalizing Neural Networks", eq. (14) and the text after it.
SELU_LAMBDA_LITERAL = "1.0507009873554804934193349852946"
SELU_ALPHA_LITERAL = "1.6732632423543772848170429916717"
# Hendrycks & Gimpel (2016), "Gaussian Error Linear Units": 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))).
GELU_TANH_CUBIC = "0.044715"

# Beyond this relative condition number a one-ulp change of x changes f(x) by more than
# f(x) itself, the linear error model behind "ulps * cond" says nothing, and the tolerance
# would be vacuous; every such point in our sets has a reference that rounds to 0 or to the
# function's asymptote, which an implementation must then hit within a few ulps * 2**53.
CONDITION_CAP = 2.0**53

_MILLS_SERIES_THRESHOLD = 1000  # below -1000, mpmath's ncdf loses digits; use the series


def _sigmoid(x):
    """sigma(x) = 1 / (1 + exp(-x))."""
    return 1 / (1 + MP.exp(-x))


def _sech_squared(x):
    """sech(x)^2 = 4 exp(-2|x|) / (1 + exp(-2|x|))^2, no huge intermediate."""
    e = MP.exp(-2 * abs(x))
    return 4 * e / (1 + e) ** 2


def _softplus(x):
    """log(1 + exp(x)), as x + log1p(exp(-x)) for x > 0 and log1p(exp(x)) otherwise."""
    if x > 0:
        return x + MP.log1p(MP.exp(-x))
    return MP.log1p(MP.exp(x))


def _npdf(x):
    """phi(x) = exp(-x^2/2) / sqrt(2 pi)."""
    return MP.exp(-x * x / 2) / MP.sqrt(2 * MP.pi)


def _ncdf(x):
    """Phi(x) = (1 + erf(x / sqrt 2)) / 2.

    For x < -1000 mpmath's ncdf loses accuracy (its exponent goes wrong near 1e100), so
    there we use the asymptotic Mills-ratio series
    Phi(x) = phi(x)/t * sum_k (-1)^k (2k-1)!! / t^(2k), t = -x, truncated after 30 terms
    (the next term is below 1e-100 relative). For x > 0, Phi(x) = 1 - Phi(-x).
    """
    if x > 0:
        return 1 - _ncdf(-x)
    if x >= -_MILLS_SERIES_THRESHOLD:
        return MP.ncdf(x)
    t = -x
    t2 = t * t
    term = total = MP.one
    for k in range(1, 30):
        term = -term * (2 * k - 1) / t2
        total += term
    return _npdf(x) / t * total


def _relu(x):
    return x if x > 0 else MP.zero


def _relu_grad(x):
    # PyTorch's convention: the left branch at the kink, relu'(0) = 0.
    return MP.one if x > 0 else MP.zero


def _leaky_relu(x, alpha):
    return x if x > 0 else alpha * x


def _leaky_relu_grad(x, alpha):
    return MP.one if x > 0 else alpha


def _prelu(x, alpha):
    # He et al. (2015): max(0, x) + alpha min(0, x); any real alpha
    return x if x > 0 else alpha * x


def _prelu_grad(x, alpha):
    return MP.one if x > 0 else alpha


def _elu(x, alpha):
    # alpha (exp(x) - 1) with expm1, so tiny negative x keeps its digits.
    return x if x > 0 else alpha * MP.expm1(x)


def _elu_grad(x, alpha):
    return MP.one if x > 0 else alpha * MP.exp(x)


_SELU_LAMBDA = MP.mpf(SELU_LAMBDA_LITERAL)
_SELU_ALPHA = MP.mpf(SELU_ALPHA_LITERAL)


def _selu(x):
    return _SELU_LAMBDA * _elu(x, _SELU_ALPHA)


def _selu_grad(x):
    return _SELU_LAMBDA * _elu_grad(x, _SELU_ALPHA)


def _swish(x, beta):
    return x * _sigmoid(beta * x)


def _swish_grad(x, beta):
    # d/dx x s(bx) = s(bx) + b x s(bx) s(-bx)
    return _sigmoid(beta * x) * (1 + beta * x * _sigmoid(-beta * x))


def _silu(x):
    return _swish(x, MP.one)


def _silu_grad(x):
    return _swish_grad(x, MP.one)


def _mish(x):
    return x * MP.tanh(_softplus(x))


def _mish_grad(x):
    # d/dx x tanh(sp(x)) = tanh(sp) + x sech(sp)^2 sigma(x)
    sp = _softplus(x)
    return MP.tanh(sp) + x * _sech_squared(sp) * _sigmoid(x)


def _softsign(x):
    return x / (1 + abs(x))


def _softsign_grad(x):
    return 1 / (1 + abs(x)) ** 2


def _arctan(x):
    return MP.atan(x)


def _arctan_grad(x):
    return 1 / (1 + x * x)


def _gelu(x):
    return x * _ncdf(x)


def _gelu_grad(x):
    return _ncdf(x) + x * _npdf(x)


_GELU_TANH_C = MP.mpf(GELU_TANH_CUBIC)


def _gelu_tanh_u(x):
    return MP.sqrt(2 / MP.pi) * (x + _GELU_TANH_C * x**3)


def _gelu_tanh(x):
    # x/2 (1 + tanh u) = x sigma(2u): no cancellation when tanh u is near -1.
    return x * _sigmoid(2 * _gelu_tanh_u(x))


def _gelu_tanh_grad(x):
    u = _gelu_tanh_u(x)
    du = MP.sqrt(2 / MP.pi) * (1 + 3 * _GELU_TANH_C * x * x)
    return _sigmoid(2 * u) + 2 * x * _sigmoid(2 * u) * _sigmoid(-2 * u) * du


def _relu6(x):
    return min(max(x, MP.zero), MP.mpf(6))


def _relu6_grad(x):
    # PyTorch (hardtanh_backward): the gradient passes only strictly inside (0, 6).
    return MP.one if 0 < x < 6 else MP.zero


def _hard_sigmoid(x):
    # 0 up to -3, the line x/6 + 1/2 between, 1 from 3 on.
    if x <= -3:
        return MP.zero
    if x >= 3:
        return MP.one
    return x / 6 + MP.mpf(1) / 2


def _hard_sigmoid_grad(x):
    # PyTorch (hardsigmoid_backward): 1/6 strictly inside (-3, 3), 0 at the kinks.
    return MP.one / 6 if -3 < x < 3 else MP.zero


def _hard_swish(x):
    if x <= -3:
        return MP.zero
    if x >= 3:
        return x
    return x * (x + 3) / 6


def _hard_swish_grad(x):
    # PyTorch (hardswish_backward since pytorch/pytorch#148049): 0 at -3, 1 at 3.
    if x <= -3:
        return MP.zero
    if x >= 3:
        return MP.one
    return (2 * x + 3) / 6


def _celu(x, alpha):
    # Barron (2017), eq. 2: max(0, x) + min(0, alpha (exp(x/alpha) - 1)), with expm1.
    return x if x > 0 else alpha * MP.expm1(x / alpha)


def _celu_grad(x, alpha):
    return MP.one if x > 0 else MP.exp(x / alpha)


def _squareplus(x, b):
    # Barron (2021): (x + sqrt(x^2 + b)) / 2; for x < 0 the equal b / (2 (sqrt(x^2 + b) - x)).
    r = MP.sqrt(x * x + b)
    return (x + r) / 2 if x >= 0 else b / (2 * (r - x))


def _squareplus_grad(x, b):
    # (1 + x/r) / 2; for x < 0 the equal b / (2 r (r - x)).
    r = MP.sqrt(x * x + b)
    return (1 + x / r) / 2 if x >= 0 else b / (2 * r * (r - x))


def _log_sigmoid(x):
    # log(1 / (1 + e^-x)) = -softplus(-x)
    return -_softplus(-x)


def _log_sigmoid_grad(x):
    return _sigmoid(-x)


@dataclass(frozen=True)
class ElementwiseReference:
    """An mpmath function, its derivative, defaults and extra parameter values to test.

    ``function(x, **params)`` and ``derivative(x, **params)`` take an mpf ``x`` and mpf
    parameters. ``variants`` are non-default parameter sets also checked for accuracy.
    """

    function: Callable[..., object]
    derivative: Callable[..., object]
    defaults: Mapping[str, float] = field(default_factory=dict)
    variants: tuple[Mapping[str, float], ...] = ()
    elementwise: bool = True


@dataclass(frozen=True)
class SoftmaxReference:
    """Marker entry: softmax is checked on vectors by :func:`softmax_reference`."""

    elementwise: bool = False


@dataclass(frozen=True)
class LogSoftmaxReference:
    """Marker entry: log-softmax is checked on vectors by :func:`log_softmax_reference`."""

    elementwise: bool = False


@dataclass(frozen=True)
class GatedReference:
    """A gated unit a * g(b): ``gate`` names the elementwise reference of g."""

    gate: str
    elementwise: bool = False


REFERENCES: Mapping[str, ElementwiseReference | SoftmaxReference] = MappingProxyType(
    {
        "sigmoid": ElementwiseReference(
            lambda x: _sigmoid(x), lambda x: _sigmoid(x) * _sigmoid(-x)
        ),
        "tanh": ElementwiseReference(lambda x: MP.tanh(x), _sech_squared),
        "relu": ElementwiseReference(_relu, _relu_grad),
        "leaky_relu": ElementwiseReference(
            _leaky_relu, _leaky_relu_grad, {"alpha": 0.01}, ({"alpha": 0.2}, {"alpha": 3.0})
        ),
        # 0.25: He et al.'s and PyTorch's initial slope; 0 is ReLU, 1 the identity, a negative
        # slope (which training may reach) is not monotonic, and one above 1 swaps max for min.
        "prelu": ElementwiseReference(
            _prelu,
            _prelu_grad,
            {"alpha": 0.25},
            ({"alpha": 0.0}, {"alpha": -0.5}, {"alpha": 1.0}, {"alpha": 3.0}),
        ),
        "elu": ElementwiseReference(
            _elu, _elu_grad, {"alpha": 1.0}, ({"alpha": 0.3}, {"alpha": 2.5})
        ),
        "selu": ElementwiseReference(_selu, _selu_grad),
        "swish": ElementwiseReference(
            _swish, _swish_grad, {"beta": 1.0}, ({"beta": 0.5}, {"beta": 1.702}, {"beta": 10.0})
        ),
        "silu": ElementwiseReference(_silu, _silu_grad),
        "mish": ElementwiseReference(_mish, _mish_grad),
        "softplus": ElementwiseReference(_softplus, lambda x: _sigmoid(x)),
        "softsign": ElementwiseReference(_softsign, _softsign_grad),
        "arctan": ElementwiseReference(_arctan, _arctan_grad),
        "gelu": ElementwiseReference(_gelu, _gelu_grad),
        "gelu_tanh": ElementwiseReference(_gelu_tanh, _gelu_tanh_grad),
        "softmax": SoftmaxReference(),
        "relu6": ElementwiseReference(_relu6, _relu6_grad),
        "hard_sigmoid": ElementwiseReference(_hard_sigmoid, _hard_sigmoid_grad),
        "hard_swish": ElementwiseReference(_hard_swish, _hard_swish_grad),
        "celu": ElementwiseReference(
            _celu, _celu_grad, {"alpha": 1.0}, ({"alpha": 0.3}, {"alpha": 2.5})
        ),
        "squareplus": ElementwiseReference(
            _squareplus, _squareplus_grad, {"b": 4.0}, ({"b": 0.1}, {"b": 1.0}, {"b": 100.0})
        ),
        "log_sigmoid": ElementwiseReference(_log_sigmoid, _log_sigmoid_grad),
        "log_softmax": LogSoftmaxReference(),
        "glu": GatedReference("sigmoid"),
        "reglu": GatedReference("relu"),
        "geglu": GatedReference("gelu"),
        "swiglu": GatedReference("silu"),
    }
)


def _mp_params(params: tuple[tuple[str, float], ...]) -> dict[str, object]:
    return {key: MP.mpf(value) for key, value in params}


def _x_times_slope(g: Callable[[object], object], x) -> object:
    """x g'(x) by a central difference with relative step 2**-70, at 60 digits.

    The relative step keeps the difference meaningful for x from 1e-300 to 1e308; about
    130 of the context's 200 bits survive the subtraction, far more than a tolerance needs.
    """
    h = MP.ldexp(1, -70)
    return (g(x * (1 + h)) - g(x * (1 - h))) / (2 * h)


def condition_number(value, x_slope, x) -> float:
    """|x f'(x) / f(x)| as a float, capped at CONDITION_CAP.

    Where f(x) = 0 the limit is used: 1 at x = 0 (a simple zero through the origin, and
    the right-hand limit of relu), 0 where f vanishes identically near x (relu for x < 0).
    """
    if value == 0:
        if x == 0:
            return 1.0
        return 0.0 if x_slope == 0 else CONDITION_CAP
    cond = abs(x_slope / value)
    return float(min(cond, MP.mpf(CONDITION_CAP)))


@functools.cache
def reference_value(name: str, kind: str, x: float, params: tuple[tuple[str, float], ...] = ()):
    """(exact value as mpf, condition number as float) of ``name`` or its derivative at x.

    ``kind`` is "function" or "derivative"; ``params`` a sorted tuple of (name, value)
    pairs, taken as the exact binary values the caller passes. Cached, so the float64,
    float32 and float16 tests share the work.
    """
    ref = REFERENCES[name]
    assert isinstance(ref, ElementwiseReference)
    kwargs = _mp_params(params)
    xm = MP.mpf(x)
    if kind == "function":
        value = ref.function(xm, **kwargs)
        x_slope = xm * ref.derivative(xm, **kwargs)  # analytic derivative
    elif kind == "derivative":
        value = ref.derivative(xm, **kwargs)
        x_slope = _x_times_slope(lambda t: ref.derivative(t, **kwargs), xm) if xm != 0 else 0
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return value, condition_number(value, x_slope, xm)


_FORMATS = {
    # dtype: (precision in bits including the implicit one, minimum normal exponent, maximum exponent)
    np.dtype(np.float64): (53, -1022, 1023),
    np.dtype(np.float32): (24, -126, 127),
    np.dtype(np.float16): (11, -14, 15),
}


def round_to(value, dtype) -> float:
    """Round an mpf correctly (to nearest, ties to even) into ``dtype``, subnormals included.

    Returned as a Python float holding the exact value of the rounded number. Done on the
    integer mantissa, so there is no double rounding through float64 and no reliance on
    mpmath's own float conversion in the subnormal range.
    """
    precision, emin, emax = _FORMATS[np.dtype(dtype)]
    value = MP.mpf(value)
    if MP.isnan(value):
        return math.nan
    if MP.isinf(value):
        return math.inf if value > 0 else -math.inf
    if value == 0:
        return 0.0
    sign, man, exp, bc = value._mpf_
    top = exp + bc - 1  # 2**top <= |value| < 2**(top + 1)
    if top > emax:
        return -math.inf if sign else math.inf
    quantum = max(top, emin) - (precision - 1)
    shift = quantum - exp
    if shift <= 0:
        n = man << -shift
    elif shift > bc + 1:
        n = 0  # below half the smallest quantum
    else:
        n = man >> shift
        rest = man - (n << shift)
        half = 1 << (shift - 1)
        if rest > half or (rest == half and n & 1):
            n += 1
    if n.bit_length() - 1 + quantum > emax:  # rounded up past the largest finite value
        return -math.inf if sign else math.inf
    result = math.ldexp(n, quantum)
    return -result if sign else result


def ulps(computed: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """|computed - reference| in units of np.spacing(|reference|) of the reference's dtype.

    Both arrays have the tested dtype; the arithmetic is done in float64 (exact enough for
    counting ulps). Matching infinities give 0; any NaN or a mismatched infinity gives inf.
    """
    computed64 = np.asarray(computed, dtype=np.float64)
    reference64 = np.asarray(reference, dtype=np.float64)
    magnitude = np.abs(np.asarray(reference))
    largest = np.finfo(magnitude.dtype).max
    # the gap just below the largest float stands for the largest float's ulp (and an
    # infinite reference's: only an equal infinity is then within tolerance)
    magnitude = np.where(np.isnan(magnitude) | (magnitude >= largest), largest, magnitude)
    below_largest = np.nextafter(largest, magnitude.dtype.type(0))
    magnitude = np.where(magnitude == largest, below_largest, magnitude)
    spacing = np.spacing(magnitude).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        error = np.abs(computed64 - reference64) / spacing
    same = computed64 == reference64
    error = np.where(same, 0.0, error)
    return np.where(np.isnan(error), np.inf, error)


def softmax_reference(logits: Sequence[float]) -> list:
    """exp(x_i - m) / sum_j exp(x_j - m) in mpmath, m = max finite logit; -inf gives 0."""
    xs = [MP.mpf(v) for v in logits]
    top = max(xs)
    weights = [MP.exp(v - top) for v in xs]
    total = MP.fsum(weights)
    return [w / total for w in weights]


def softmax_jacobian_reference(logits: Sequence[float]) -> list[list]:
    """J[i][j] = s_i (delta_ij - s_j) in mpmath; the diagonal as s_i sum_{j != i} s_j.

    (1 - s_i would cancel to 0 at 60 digits once s_i is within 1e-60 of 1.)
    """
    s = softmax_reference(logits)
    n = len(s)

    def entry(i: int, j: int):
        if i == j:
            return s[i] * MP.fsum(s[k] for k in range(n) if k != i)
        return -s[i] * s[j]

    return [[entry(i, j) for j in range(n)] for i in range(n)]


def softmax_conditions(logits: Sequence[float]) -> np.ndarray:
    """cond_i = sum_j |x_j| |delta_ij - s_j|, the relative condition number of s_i (capped)."""
    xs = [MP.mpf(float(v)) for v in logits]
    s = softmax_reference(logits)
    n = len(s)
    totals = [MP.fsum(abs(xs[j] * ((i == j) - s[j])) for j in range(n)) for i in range(n)]
    return np.array([float(min(t, MP.mpf(CONDITION_CAP))) for t in totals])


def softmax_jacobian_conditions(logits: Sequence[float]) -> np.ndarray:
    """Relative condition numbers of J_ij = s_i (delta_ij - s_j) w.r.t. the logits.

    cond_ij = sum_k |x_k| |d log|J_ij| / d x_k| with d log s_i / d x_k = delta_ik - s_k:
    for i != j the derivative is (delta_ik - s_k) + (delta_jk - s_k); on the diagonal,
    J_ii = s_i (1 - s_i) gives (delta_ik - s_k) (1 - 2 s_i) / (1 - s_i), where 1 - s_i is
    taken as sum_{j != i} s_j so that it keeps its digits. Entries that are exactly 0
    (a single logit) get condition 0, as they must come out exactly 0.
    """
    xs = [MP.mpf(float(v)) for v in logits]
    s = softmax_reference(logits)
    n = len(s)
    cond = np.zeros((n, n))
    for i in range(n):
        rest = MP.fsum(s[j] for j in range(n) if j != i)
        for j in range(n):
            if i == j:
                if rest == 0:
                    continue
                slopes = [((i == k) - s[k]) * (1 - 2 * s[i]) / rest for k in range(n)]
            else:
                slopes = [((i == k) - s[k]) + ((j == k) - s[k]) for k in range(n)]
            total = MP.fsum(abs(xs[k] * slopes[k]) for k in range(n))
            cond[i, j] = float(min(total, MP.mpf(CONDITION_CAP)))
    return cond


def log_softmax_reference(logits: Sequence[float]) -> list:
    """(x_i - m) - log1p(sum_{j != k} exp(x_j - m)) in mpmath, m = x_k the first largest logit.

    log1p, because log(1 + rest) at 60 digits would round to 0 for rest below 1e-60.
    """
    xs = [MP.mpf(v) for v in logits]
    k = max(range(len(xs)), key=lambda i: xs[i])
    top = xs[k]
    rest = MP.fsum(MP.exp(v - top) for i, v in enumerate(xs) if i != k)
    return [v - top - MP.log1p(rest) for v in xs]


def log_softmax_conditions(logits: Sequence[float]) -> np.ndarray:
    """cond_i = sum_j |x_j| |delta_ij - s_j| / |log s_i| (0 where log s_i = 0), capped."""
    xs = [MP.mpf(float(v)) for v in logits]
    s = softmax_reference(logits)
    logs = log_softmax_reference(logits)
    n = len(s)
    cond = np.zeros(n)
    for i in range(n):
        if logs[i] == 0:
            continue
        total = MP.fsum(abs(xs[j] * ((i == j) - s[j])) for j in range(n)) / abs(logs[i])
        cond[i] = float(min(total, MP.mpf(CONDITION_CAP)))
    return cond


def log_softmax_jacobian_reference(logits: Sequence[float]) -> list[list]:
    """J[i][j] = delta_ij - s_j in mpmath; the diagonal as sum_{k != i} s_k."""
    s = softmax_reference(logits)
    n = len(s)

    def entry(i: int, j: int):
        if i == j:
            return MP.fsum(s[k] for k in range(n) if k != i)
        return -s[j]

    return [[entry(i, j) for j in range(n)] for i in range(n)]


def log_softmax_jacobian_conditions(logits: Sequence[float]) -> np.ndarray:
    """Relative condition numbers of J_ij = delta_ij - s_j w.r.t. the logits.

    Off the diagonal, that of s_j (:func:`softmax_conditions`). On it, 1 - s_i = rest has
    d rest / d x_k = -s_i (delta_ik - s_k), so cond_ii = sum_k |x_k| s_i |delta_ik - s_k| / rest
    (0 for a single logit, whose Jacobian is exactly 0).
    """
    xs = [MP.mpf(float(v)) for v in logits]
    s = softmax_reference(logits)
    n = len(s)
    off = softmax_conditions(logits)
    cond = np.tile(off, (n, 1))
    for i in range(n):
        rest = MP.fsum(s[j] for j in range(n) if j != i)
        if rest == 0:
            cond[i, i] = 0.0
            continue
        total = MP.fsum(abs(xs[k] * s[i] * ((i == k) - s[k])) for k in range(n)) / rest
        cond[i, i] = float(min(total, MP.mpf(CONDITION_CAP)))
    return cond


def gated_reference(name: str, kind: str, a: float, b: float) -> tuple[object, float]:
    """(exact value, condition number) of a gated unit or one of its partials at (a, b).

    kind "function": a g(b); "d/da": g(b); "d/db": a g'(b), with g the elementwise reference
    named by the unit's :class:`GatedReference`. The componentwise condition number of a
    product is the sum of its factors': 1 for a (when a != 0) plus g's or g''s at b.
    """
    gate = REFERENCES[name].gate
    am = MP.mpf(a)
    if kind == "d/da":
        return reference_value(gate, "function", b)
    value, cond = reference_value(gate, "function" if kind == "function" else "derivative", b)
    if am == 0:
        return MP.zero, 0.0
    return am * value, float(min(1.0 + cond, CONDITION_CAP))


def selu_constants_from_fixed_point() -> tuple[object, object]:
    """(lambda, alpha) solved from the SELU fixed-point conditions, by quadrature.

    Klambauer et al. (2017) choose alpha and lambda so that for Z ~ N(0, 1) the output
    of selu(Z) = lambda elu_alpha(Z) has mean 0 and variance 1:
    E[elu_alpha(Z)] = 0 fixes alpha (the equation is linear in alpha), then
    lambda^2 E[elu_alpha(Z)^2] = 1 fixes lambda.
    """
    with MP.workdps(40):
        pos_mean = MP.quad(lambda z: z * _npdf(z), [0, MP.inf])
        neg_mean = MP.quad(lambda z: MP.expm1(z) * _npdf(z), [-MP.inf, 0])
        alpha = -pos_mean / neg_mean
        pos_square = MP.quad(lambda z: z * z * _npdf(z), [0, MP.inf])
        neg_square = MP.quad(lambda z: MP.expm1(z) ** 2 * _npdf(z), [-MP.inf, 0])
        lam = 1 / MP.sqrt(pos_square + alpha**2 * neg_square)
    return lam, alpha


def _stationary_points() -> list[float]:
    """Minima of swish (several beta), silu, mish, gelu and gelu_tanh: roots of f'."""
    roots = []
    starts = {"silu": -1.3, "mish": -1.2, "gelu": -0.75, "gelu_tanh": -0.75}
    for name, start in starts.items():
        ref = REFERENCES[name]
        roots.append(MP.findroot(ref.derivative, MP.mpf(start)))
    # swish(x, beta) = swish_1(beta x) / beta, so its minimum is at x_silu / beta.
    for beta in (0.5, 1.702, 10.0):
        roots.append(roots[0] / MP.mpf(beta))
    return [float(r) for r in roots]


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(word) for word in text.split())


_SPEC_MAGNITUDES = (
    *_floats("0 5e-324 1e-310 1e-300 0.5 20 36 40 88 89 709 710 745 1000 1e10 1e300"),
    float(np.finfo(np.float64).max),
)
# Extra places where implementations switch formula, lose digits or overflow inside
# (gelu_tanh's x**3 overflows near 1.6e103, x*x near 1.3e154).
_EXTRA_MAGNITUDES = _floats(
    """2.2250738585072014e-308 1e-200 1e-20 1e-8 1e-4 1e-2 0.1 0.25 1 1.5 2 3 5 8 10 15 17
    18 19 25 30 33 37 60 100 500 700 708 709.78 740 744 746 1e5 1e8 1e15 1e20 1e50 1e102
    1e103 2e103 1e154 1e155 1e200"""
)
_FLOAT32_MAGNITUDES = (
    float(np.float32(2.0**-149)),
    float(np.finfo(np.float32).tiny),
    float(np.finfo(np.float32).max),
    *_floats("1e-40 1e-30 9 87.3 88.72 89.5 103 104 1e13 2e13 1e19 1e38"),
)
_FLOAT16_MAGNITUDES = (
    float(np.float16(2.0**-24)),
    float(np.finfo(np.float16).tiny),
    float(np.finfo(np.float16).max),
    *_floats("1e-3 4 6 11 11.1 12 16 17 200 1e4"),
)


# Kinks of the piecewise units (relu6 at 0 and 6, hard_sigmoid and hard_swish at -3 and 3)
# and hard_swish's minimum at -3/2: tested with their neighbours, like the minima.
_KINKS = (-3.0, -1.5, 3.0, 6.0)


@functools.cache
def float_points(dtype) -> np.ndarray:
    """Sorted distinct test points of ``dtype``: a fixed list of edge points, a dense grid, extras.

    The grid of 2001 points on [-50, 50] is rounded to float16/float32 so the narrower
    formats reuse the float64 references. Points near each minimum (root of the
    derivative) and the kinks of the piecewise units are included with their neighbours. Only values that fit ``dtype`` are
    kept (filtered in float64 first, so casting raises no overflow warning).
    """
    dtype = np.dtype(dtype)
    info = np.finfo(dtype)
    grid = np.linspace(-50.0, 50.0, 2001)
    magnitudes = [*_SPEC_MAGNITUDES, *_EXTRA_MAGNITUDES, *_FLOAT32_MAGNITUDES]
    if dtype == np.float16:
        magnitudes += _FLOAT16_MAGNITUDES
    candidates = np.concatenate([np.array(magnitudes), -np.array(magnitudes), [-0.0]])
    special = np.array([*_stationary_points(), *_KINKS], dtype=np.float64)
    fitting = np.concatenate([grid, candidates, special])
    fitting = fitting[np.abs(fitting) <= float(info.max)].astype(dtype)
    special_points = special[np.abs(special) <= float(info.max)].astype(dtype)
    near = [np.nextafter(special_points, np.array(np.inf, dtype))]
    near.append(np.nextafter(special_points, np.array(-np.inf, dtype)))
    points = np.concatenate([fitting, *near])
    # np.unique would merge -0.0 and 0.0, so the zeros are put back explicitly
    ordered = np.concatenate([np.unique(points[points != 0]), np.array([-0.0, 0.0], dtype=dtype)])
    ordered.setflags(write=False)
    return ordered
