"""Float64 building blocks shared by the activations and their derivatives.

Inputs here are already float64 arrays; the public functions check and convert.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SATURATED",
    "logistic",
    "logistic_slope",
    "tanh_slope",
    "times_decaying",
]

# Beyond |z| = SATURATED, exp(-|z|) underflows to 0 in float64 (it does so from |z| > 745.2),
# so clipping an argument to this bound changes no result and keeps products finite.
SATURATED = 1.0e4


def logistic(z: np.ndarray) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^{-z}), computed as where(z >= 0, 1, t) / (1 + t) with t = e^{-|z|}.

    t never overflows, and for z < 0 the result t / (1 + t) keeps the subnormal values that
    ``scipy.special.expit`` rounds to 0 (it evaluates 1 / (1 + e^{-z}), whose e^{-z} overflows
    for z < -709.78 while sigma(z) is still representable down to z = -745.1).
    """
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, t) / (1.0 + t)


def logistic_slope(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z) sigma(-z) = t / (1 + t)^2 with t = e^{-|z|} (no cancellation)."""
    t = np.exp(-np.abs(z))
    return t / np.square(1.0 + t)


def tanh_slope(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2 = 4t / (1 + t)^2 with t = e^{-2|z|}.

    ``1 - tanh(z)**2`` cancels to 0 once tanh(z) rounds to 1 (from |z| > 19); this form keeps
    full relative precision until the result underflows.
    """
    t = np.exp(-2.0 * np.minimum(np.abs(z), SATURATED))
    return 4.0 * t / np.square(1.0 + t)


def times_decaying(x: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """x * gate, where a zero gate gives a signed zero even when x is infinite.

    For swish, mish and GELU the gate decays faster than x grows, so the product's limit at
    x = -inf is 0; plain multiplication would give inf * 0 = nan.
    """
    out = np.zeros_like(x)
    np.copysign(out, x, out=out)
    return np.multiply(x, gate, out=out, where=gate != 0)
