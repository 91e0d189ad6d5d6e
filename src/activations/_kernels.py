"""Float64 building blocks shared by the activations and their derivatives.

Inputs here are already float64 arrays of at least one dimension; the public functions check
and convert. The kernels work in place on the arrays they allocate: every NumPy call is a pass
over memory, and a temporary array beside the result is one more; when two arrays of 10**6
elements are freed together, glibc's allocator gives their memory back to the operating system,
and the next call faults it in again, page by page, which costs more than an exponential
(``benchmarks/bench_activations.py`` counts the page faults). Where a choice depends on the sign,
they compute it with maximum, minimum or arithmetic on a 0/1 mask rather than ``np.where`` or a
masked copy, which branch on every element and mispredict random signs.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

__all__ = [
    "SATURATED",
    "hard_gate",
    "largest",
    "leaves_nan",
    "linear_with_slope_below_zero",
    "log_one_plus_exp",
    "logistic",
    "logistic_slope",
    "normal_cdf",
    "smallest",
    "square_root_sum",
    "tanh_slope",
    "times_decaying",
    "without_infinities",
]

# Beyond |z| = SATURATED, exp(-|z|) underflows to 0 in float64 (it does so from |z| > 745.2),
# so clipping an argument to this bound changes no result and keeps products finite.
SATURATED = 1.0e4


# Below this z, e^{-z} is near overflow and sigma(z) = e^z / (1 + e^z) rounds to e^z exactly.
_LOGISTIC_TAIL = -708.0


def logistic(z: np.ndarray, *, negated: bool = False) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^{-z}), or sigma(-z) if ``negated``, in one new array.

    The textbook formula is accurate to a few ulps until e^{-z} overflows at z = -709.78 and
    gives 0, while sigma(z) is still a subnormal float down to z = -745.1. ``scipy.special.expit``
    evaluates the same formula and has the same gap, so the tail (z < -708, where sigma(z) rounds
    to e^z) is recomputed here. ``negated`` spares the caller an array for -z.
    """
    out = np.copy(z) if negated else np.negative(z)  # the exponent
    with np.errstate(over="ignore"):  # e^{-z} = inf gives 0, replaced just below
        np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    if negated and largest(z) > -_LOGISTIC_TAIL:
        tail = z > -_LOGISTIC_TAIL
        out[tail] = np.exp(np.negative(z[tail]))
    elif not negated and smallest(z) < _LOGISTIC_TAIL:
        tail = z < _LOGISTIC_TAIL
        out[tail] = np.exp(z[tail])
    return out


# scipy.special.ndtr (SciPy 1.15) evaluates 1 - erf(|x|/sqrt 2) for x in (-sqrt 2, -1] and is
# up to 10 ulps off there (measured against mpmath); the C library's erfc, as math.erfc, stays within 2.
_NDTR_WEAK_BAND = (-1.5, -0.95)
# Below this x, ndtr returns 0 (its erfc stops at e^{-709.78}) while Phi(x) is still a
# subnormal float down to x = -38.47.
_NDTR_TAIL = -37.0
_libm_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Phi(x) = erfc(-x/sqrt 2) / 2, the standard normal CDF.

    Accurate to a few ulps times its condition number |x phi(x) / Phi(x)| (about x^2 in the
    left tail), as the tests check against mpmath.

    ``scipy.special.ndtr``, except in two ranges where it loses accuracy: a band where the
    C library's erfc serves, and the far left tail, where e^{log Phi(x)} from the accurate
    ``scipy.special.log_ndtr`` rounds to the subnormal value that ndtr flushes to 0.
    """
    out = special.ndtr(x)
    low, high = _NDTR_WEAK_BAND
    band = (x > low) & (x < high)
    if band.any():
        out[band] = 0.5 * _libm_erfc(-x[band] / math.sqrt(2.0)).astype(np.float64)
    if smallest(x) < _NDTR_TAIL:  # a reduction: no mask unless some entry needs it
        tail = x < _NDTR_TAIL
        out[tail] = np.exp(special.log_ndtr(x[tail]))
    return out


def _bell(z: np.ndarray, scale: float, peak: float) -> np.ndarray:
    """peak * 4t / (1 + t)^2 with t = e^{-scale |z|}: the shape of sigma' and tanh'."""
    t = np.abs(z)
    with np.errstate(over="ignore"):  # -scale |z| may round to -inf, and e^{-inf} = 0 is exact
        t *= -scale
    np.exp(t, out=t)
    denominator = t + 1.0
    np.square(denominator, out=denominator)
    t *= 4.0 * peak
    t /= denominator
    # Rounding can lift the value one ulp above the peak next to z = 0; the true value never is.
    return np.minimum(t, peak, out=t)


def logistic_slope(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z) sigma(-z) = t / (1 + t)^2 with t = e^{-|z|} (no cancellation)."""
    return _bell(z, 1.0, 0.25)


def tanh_slope(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2 = 4t / (1 + t)^2 with t = e^{-2|z|}.

    ``1 - tanh(z)**2`` cancels to 0 once tanh(z) rounds to 1 (from |z| > 19); this form keeps
    full relative precision until the result underflows.
    """
    return _bell(z, 2.0, 1.0)


def log_one_plus_exp(x: np.ndarray, *, negated: bool = False) -> np.ndarray:
    """softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}), or softplus(-x) if ``negated``.

    The exponential is at most 1, so nothing overflows, and log1p keeps the small values.
    Two arrays: the result and max(+-x, 0), which cannot be computed into the result.
    ``np.logaddexp(0, x)`` computes the same in one array but warns "invalid value" for a nan
    input and, a scalar loop with a branch on the sign, took three times as long;
    ``-scipy.special.log_expit(-x)`` is three times slower too.
    """
    out = np.abs(x)  # |-x| = |x|
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    if negated:
        rectified = np.negative(x)
        np.maximum(rectified, 0.0, out=rectified)
    else:
        rectified = np.maximum(x, 0.0)
    out += rectified
    return out


def times_decaying(x: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """x * gate(x), in place in ``gate``, for a gate that is exactly 0 at x = -inf.

    The gate of swish, mish and GELU decays faster than x grows, so the product's limit at
    -inf is 0, but -inf * 0 is nan: -inf is replaced by the most negative float, which times
    0 gives -0.0.
    """
    if smallest(x) == -np.inf:
        x = np.maximum(x, -np.finfo(np.float64).max)
    return np.multiply(x, gate, out=gate)


def linear_with_slope_below_zero(x: np.ndarray, alpha: float) -> np.ndarray:
    """x for x > 0 and alpha x for x <= 0, for any finite alpha: Leaky ReLU's and PReLU's kernel.

    Computed as max(x, alpha x) for alpha <= 1 and min(x, alpha x) above, written into the one
    array alpha x: no second array and no branch on the sign, two passes over memory where ReLU
    makes one. On a tie (x = +-0) numpy returns the second operand, alpha x, so a zero comes out
    as alpha x says: +-0 times the sign of alpha. alpha = -0.0 is the same slope as +0.0 and is taken as
    +0.0. With alpha = 0, alpha x is 0 * (+-inf) = nan at the infinities; there it is replaced
    by the limit of 0 * x, a zero with the sign of x (so the output at -inf is 0, at +inf inf).
    """
    alpha += 0.0  # -0.0 -> +0.0
    with np.errstate(over="ignore", invalid="ignore"):  # alpha x beyond the largest float is inf
        scaled = alpha * x
    if alpha == 0:
        np.copysign(0.0, x, out=scaled)  # 0 * x for every finite x, and its limit at +-inf
    pick = np.maximum if alpha <= 1 else np.minimum
    return pick(x, scaled, out=scaled)


def leaves_nan(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Copy x's nan entries into ``out`` (for derivatives built from comparisons, which drop nan)."""
    if np.isnan(np.min(x, initial=np.inf)):  # a reduction, cheaper than a mask, finds any nan
        np.copyto(out, x, where=np.isnan(x))
    return out


def without_infinities(x: np.ndarray) -> np.ndarray:
    """x, with +-inf clipped to +-SATURATED (a copy only when x holds an infinity).

    For a product x * g(x) whose factor g vanishes at +-inf: clipping keeps the product at
    0 instead of inf * 0 = nan, and changes nothing else, since g(+-SATURATED) is 0 too.
    """
    if np.isinf(smallest(x)) or np.isinf(largest(x)):
        return np.clip(x, -SATURATED, SATURATED)
    return x


def smallest(x: np.ndarray) -> float:
    """The smallest entry of x ignoring nan (inf for an empty or all-nan array).

    A reduction allocates nothing, so kernels use it to skip a fix-up pass that no entry needs.
    """
    return np.fmin.reduce(x, axis=None, initial=np.inf)


def largest(x: np.ndarray) -> float:
    """The largest entry of x ignoring nan (-inf for an empty or all-nan array)."""
    return np.fmax.reduce(x, axis=None, initial=-np.inf)


def hard_gate(x: np.ndarray) -> np.ndarray:
    """relu6(x + 3) / 6, the hard sigmoid.

    x + 3 is exact near -3 (Sterbenz), where the result is small; ``x / 6 + 0.5`` would cancel.
    """
    out = x + 3.0
    np.clip(out, 0.0, 6.0, out=out)
    out /= 6.0
    return out


def square_root_sum(x: np.ndarray, b: float) -> np.ndarray:
    """sqrt(x^2 + b), within about an ulp, with hypot(x, sqrt b) where x^2 + b overflows.

    np.hypot never overflows but costs several times sqrt(x * x + b), so it serves only there.
    """
    with np.errstate(over="ignore"):  # x^2 + b = inf beyond |x| = 1.3e154: recomputed below
        out = np.square(x)
        out += b
    np.sqrt(out, out=out)
    if np.isinf(np.fmax.reduce(out, axis=None, initial=0.0)):
        overflowed = np.isinf(out) & np.isfinite(x)
        out[overflowed] = np.hypot(x[overflowed], math.sqrt(b))
    return out
