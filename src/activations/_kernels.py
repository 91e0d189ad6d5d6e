"""Float64 building blocks shared by the activations and their derivatives.

Inputs here are already float64 arrays; the public functions check and convert.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

__all__ = [
    "SATURATED",
    "leaves_nan",
    "logistic",
    "logistic_slope",
    "normal_cdf",
    "tanh_slope",
    "times_decaying",
]

# Beyond |z| = SATURATED, exp(-|z|) underflows to 0 in float64 (it does so from |z| > 745.2),
# so clipping an argument to this bound changes no result and keeps products finite.
SATURATED = 1.0e4


# Below this z, e^{-z} is near overflow and sigma(z) = e^z / (1 + e^z) rounds to e^z exactly.
_LOGISTIC_TAIL = -708.0


def logistic(z: np.ndarray) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^{-z}), with e^z itself where e^{-z} overflows (z < -708).

    The textbook formula is accurate to a few ulps until e^{-z} overflows at z = -709.78 and
    gives 0, while sigma(z) is still a subnormal float down to z = -745.1. ``scipy.special.expit``
    evaluates the same formula and has the same gap, so the tail is recomputed here.
    """
    with np.errstate(over="ignore"):  # e^{-z} = inf gives 0, replaced just below
        out = 1.0 / (1.0 + np.exp(-z))
    tail = z < _LOGISTIC_TAIL
    if tail.any():
        out[tail] = np.exp(z[tail])
    return out


# scipy.special.ndtr evaluates 1 - erf(|x|/sqrt 2) for x in (-sqrt 2, -1] and is up to 9 ulps
# off there (measured against mpmath); the C library's erfc, as math.erfc, stays within 2.
_NDTR_WEAK_BAND = (-1.5, -0.95)
# Below this x, ndtr returns 0 (its erfc stops at e^{-709.78}) while Phi(x) is still a
# subnormal float down to x = -38.47.
_NDTR_TAIL = -37.0
_libm_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Phi(x) = erfc(-x/sqrt 2) / 2, the standard normal CDF, to 3 ulps.

    ``scipy.special.ndtr``, except in two ranges where it loses accuracy: a band where the
    C library's erfc serves, and the far left tail, where e^{log Phi(x)} from the accurate
    ``scipy.special.log_ndtr`` rounds to the subnormal value that ndtr flushes to 0.
    """
    out = special.ndtr(x)
    low, high = _NDTR_WEAK_BAND
    band = (x > low) & (x < high)
    if band.any():
        out[band] = 0.5 * _libm_erfc(-x[band] / math.sqrt(2.0)).astype(np.float64)
    tail = x < _NDTR_TAIL
    if tail.any():
        out[tail] = np.exp(special.log_ndtr(x[tail]))
    return out


def logistic_slope(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z) sigma(-z) = t / (1 + t)^2 with t = e^{-|z|} (no cancellation)."""
    t = np.exp(-np.abs(z))
    # Rounding can lift the peak one ulp above 1/4 next to z = 0; the true value never is.
    return np.minimum(t / np.square(1.0 + t), 0.25)


def tanh_slope(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2 = 4t / (1 + t)^2 with t = e^{-2|z|}.

    ``1 - tanh(z)**2`` cancels to 0 once tanh(z) rounds to 1 (from |z| > 19); this form keeps
    full relative precision until the result underflows.
    """
    with np.errstate(over="ignore"):  # -2|z| may round to -inf, and e^{-inf} = 0 is exact
        t = np.exp(-2.0 * np.abs(z))
    # Rounding can lift the peak one ulp above 1 next to z = 0; the true value never is.
    return np.minimum(4.0 * t / np.square(1.0 + t), 1.0)


def times_decaying(x: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """x * gate(x) for a gate that is exactly 0 at x = -inf (swish, mish, GELU).

    The gate decays faster than x grows, so the product's limit at -inf is 0, but
    -inf * 0 is nan: -inf is replaced by the most negative float, which times 0 gives -0.0.
    """
    return np.maximum(x, -np.finfo(np.float64).max) * gate


def leaves_nan(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Copy x's nan entries into ``out`` (for derivatives built from comparisons, which drop nan)."""
    np.copyto(out, x, where=np.isnan(x))
    return out
