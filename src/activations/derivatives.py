"""Derivatives of the elementwise activations, ``<name>_grad`` with the same parameters.

At a kink the derivative takes PyTorch's convention. For ReLU, Leaky ReLU and ELU that is
the value of the left piece: relu_grad(0) = 0, leaky_relu_grad(0) = alpha,
elu_grad(0) = alpha. For the piecewise-linear hardware-friendly units it is the value of the
outer piece at every kink, as ATen's backward kernels (aten/src/ATen/native/cpu/Activation.cpp)
compute it: relu6_grad is 0 at 0 and at 6 (hardtanh_backward passes the gradient only for
min < x < max), hard_sigmoid_grad is 0 at -3 and 3 (hardsigmoid_backward, fixed for the
boundary in pytorch/pytorch#51454), and hard_swish_grad is 0 at -3 and 1 at 3
(hardswish_backward since pytorch/pytorch#148049, 2025; before it, -1/2 and 3/2).
"""

from __future__ import annotations

import math

import numpy as np

from ._inputs import check_parameter, elementwise
from ._kernels import (
    SATURATED,
    largest,
    leaves_nan,
    log_one_plus_exp,
    logistic,
    logistic_slope,
    normal_cdf,
    smallest,
    square_root_sum,
    tanh_slope,
    without_infinities,
)
from .functions import (
    GELU_TANH_CUBIC,
    GELU_TANH_SCALE,
    SELU_ALPHA,
    SELU_LAMBDA,
    gelu_tanh_gate_argument,
)

__all__ = [
    "arctan_grad",
    "celu_grad",
    "elu_grad",
    "gelu_grad",
    "gelu_tanh_grad",
    "hard_sigmoid_grad",
    "hard_swish_grad",
    "leaky_relu_grad",
    "log_sigmoid_grad",
    "mish_grad",
    "relu6_grad",
    "relu_grad",
    "selu_grad",
    "sigmoid_grad",
    "silu_grad",
    "softplus_grad",
    "softsign_grad",
    "squareplus_grad",
    "swish_grad",
    "tanh_grad",
]

# |x| beyond which the normal density exp(-x^2/2)/sqrt(2 pi) underflows to 0 (from 38.6).
_NORMAL_PDF_ZERO = 40.0
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
# |x| below which x^2 is finite; beyond, 1 + x^2 rounds to x^2.
_SQUARE_SAFE = 1.0e150


@elementwise
def sigmoid_grad(x):
    r""":math:`\sigma'(x) = \sigma(x)\,\sigma(-x)`, peak 1/4 at x = 0."""
    return logistic_slope(x)


@elementwise
def tanh_grad(x):
    r""":math:`\tanh'(x) = 1 - \tanh^2(x) = \operatorname{sech}^2(x)`, peak 1 at x = 0."""
    return tanh_slope(x)


@elementwise
def relu_grad(x):
    r"""ReLU's derivative: 1 for x > 0, 0 for x <= 0 (PyTorch: relu_grad(0) = 0)."""
    return leaves_nan(x, (x > 0).astype(np.float64))


@elementwise
def leaky_relu_grad(x, alpha=0.01):
    r"""Leaky ReLU's derivative: 1 for x > 0, alpha for x <= 0."""
    alpha = check_parameter("leaky_relu_grad", "alpha", alpha, positive=True)
    # Arithmetic on a 0/1 mask, not np.where: no branch on the sign.
    if alpha <= 1:
        out = (x > 0).astype(np.float64)
        np.maximum(out, alpha, out=out)  # max(1, alpha) = 1, max(0, alpha) = alpha
    else:
        out = (x <= 0).astype(np.float64)
        out *= alpha
        np.maximum(out, 1.0, out=out)  # max(alpha, 1) = alpha, max(0, 1) = 1
    return leaves_nan(x, out)


def _elu_grad(x, alpha):
    """1 for x > 0, alpha e^x for x <= 0, float64 kernel."""
    out = np.minimum(0.0, x)  # e^x of non-positive numbers only: none overflows
    np.exp(out, out=out)  # 1 for x > 0, where min(0, x) = 0
    if alpha == 1:
        return out
    out *= alpha  # alpha for x > 0, where 1 is wanted: times 0, plus 1, where a masked copy
    np.multiply(out, x <= 0, out=out)  # would branch on the sign
    np.add(out, x > 0, out=out)
    return out


@elementwise
def elu_grad(x, alpha=1.0):
    r"""ELU's derivative: 1 for x > 0, :math:`\alpha e^x` for x <= 0."""
    alpha = check_parameter("elu_grad", "alpha", alpha, positive=True)
    return _elu_grad(x, alpha)


@elementwise
def selu_grad(x):
    r"""SELU's derivative: :math:`\lambda` for x > 0, :math:`\lambda\alpha e^x` for x <= 0."""
    out = _elu_grad(x, SELU_ALPHA)
    out *= SELU_LAMBDA
    return out


def _swish_grad(x, beta):
    """sigma(beta x) + beta x sigma'(beta x), float64 kernel."""
    if beta == 0:
        return np.where(np.isnan(x), x, 0.5)
    if beta == 1:
        z = x  # 1 * x = x: no array to make
    else:
        with np.errstate(over="ignore"):  # beta * x may round to +-inf, where sigma is exact
            z = beta * x
    bounded = without_infinities(z)  # sigma'(+-inf) = 0, and inf * 0 would be nan
    out = logistic_slope(bounded)
    out *= bounded
    out += logistic(z)
    return out


@elementwise
def swish_grad(x, beta=1.0):
    r"""Swish's derivative: :math:`\sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))`."""
    beta = check_parameter("swish_grad", "beta", beta)
    if beta < 0:
        raise ValueError(f"swish_grad: beta must be >= 0, got {beta}")
    return _swish_grad(x, beta)


@elementwise
def silu_grad(x):
    r"""SiLU's derivative: :math:`\sigma(x)(1 + x(1 - \sigma(x)))`."""
    return _swish_grad(x, 1.0)


@elementwise
def mish_grad(x):
    r"""Mish's derivative: :math:`\tanh(s) + x\,\sigma(x)\,\operatorname{sech}^2(s)`, s = softplus(x)."""
    s = log_one_plus_exp(x)
    bounded = without_infinities(x)  # sigma(x) sech^2(s) is 0 at +-inf, and inf * 0 would be nan
    out = logistic(bounded)
    out *= tanh_slope(s)
    out *= bounded
    out += np.tanh(s, out=s)
    return out


@elementwise
def softplus_grad(x):
    r"""Softplus's derivative: :math:`\sigma(x)`."""
    return logistic(x)


@elementwise
def softsign_grad(x):
    r"""Softsign's derivative: :math:`1 / (1 + |x|)^2`."""
    out = np.abs(x)
    out += 1.0
    np.divide(1.0, out, out=out)
    return np.square(out, out=out)  # (1 + |x|)^2 would overflow for |x| > 1.3e154


@elementwise
def arctan_grad(x):
    r"""ArcTan's derivative: :math:`1 / (1 + x^2)`."""
    with np.errstate(over="ignore"):  # x^2 overflows for |x| > 1.3e154: recomputed below
        out = np.square(x)
    out += 1.0
    np.divide(1.0, out, out=out)
    if smallest(x) < -_SQUARE_SAFE or largest(x) > _SQUARE_SAFE:  # reductions, not a mask
        tail = np.abs(x) > _SQUARE_SAFE
        out[tail] = np.square(1.0 / x[tail])  # 1 + x^2 rounds to x^2 there
    return out


@elementwise
def gelu_grad(x):
    r"""GELU's derivative: :math:`\Phi(x) + x\,\varphi(x)`, with :math:`\varphi` the normal density."""
    bounded = np.clip(x, -_NORMAL_PDF_ZERO, _NORMAL_PDF_ZERO)  # keeps x^2 finite
    term = np.square(bounded)  # x phi(x), in place
    term *= -0.5
    np.exp(term, out=term)
    term *= _INV_SQRT_2PI
    term *= bounded
    out = normal_cdf(x)
    out += term
    return out


@elementwise
def gelu_tanh_grad(x):
    r"""Derivative of the tanh approximation :math:`x\,\sigma(v)`, v = 2u: :math:`\sigma(v) + x v' \sigma'(v)`."""
    v = gelu_tanh_gate_argument(x)
    bounded = np.clip(x, -SATURATED, SATURATED)  # sigma'(v) is 0 beyond, and x * 0 = 0
    term = np.square(bounded)  # x v', then times sigma'(v), in place
    term *= 3.0 * GELU_TANH_CUBIC
    term += 1.0
    term *= 2.0 * GELU_TANH_SCALE
    term *= bounded
    del bounded
    term *= logistic_slope(v)
    out = logistic(v)
    out += term
    return out


# The hard units' kinks: relu6 at 0 and 6, hard_sigmoid and hard_swish at -3 and 3.
_RELU6_TOP = 6.0
_HARD_EDGE = 3.0


@elementwise
def relu6_grad(x):
    r"""ReLU6's derivative: 1 for 0 < x < 6, 0 elsewhere (PyTorch: 0 at both kinks)."""
    return leaves_nan(x, ((x > 0) & (x < _RELU6_TOP)).astype(np.float64))


@elementwise
def hard_sigmoid_grad(x):
    r"""Hard sigmoid's derivative: 1/6 for -3 < x < 3, 0 elsewhere (PyTorch: 0 at -3 and 3)."""
    out = ((x > -_HARD_EDGE) & (x < _HARD_EDGE)).astype(np.float64)
    out *= 1.0 / 6.0  # a 0/1 mask times 1/6, not np.where: no branch
    return leaves_nan(x, out)


@elementwise
def hard_swish_grad(x):
    r"""Hard swish's derivative: 0 for x <= -3, (2x + 3)/6 for -3 < x < 3, 1 for x >= 3.

    (2x + 3)/6 is exact to one rounding where it crosses 0 at x = -3/2; PyTorch's x/3 + 1/2
    cancels there.
    """
    inside = np.clip(x, -_HARD_EDGE, _HARD_EDGE)
    inside *= 2.0
    inside += 3.0
    inside /= 6.0
    # 0 for x <= -3 and 1 for x >= 3: times a 0/1 mask, plus one, where masked copies would
    # branch on every element.
    np.multiply(inside, (x > -_HARD_EDGE) & (x < _HARD_EDGE), out=inside)
    np.add(inside, x >= _HARD_EDGE, out=inside)
    return inside


@elementwise
def celu_grad(x, alpha=1.0):
    r"""CELU's derivative: 1 for x > 0, :math:`e^{x/\alpha}` for x <= 0 (both 1 at 0)."""
    alpha = check_parameter("celu_grad", "alpha", alpha, positive=True)
    out = np.minimum(0.0, x)  # e^x of non-positive numbers only: none overflows
    with np.errstate(over="ignore"):  # x / alpha may round to -inf, and e^{-inf} = 0 exactly
        out /= alpha
    return np.exp(out, out=out)  # 1 for x > 0, where min(0, x) = 0: no mask, no branch


@elementwise
def squareplus_grad(x, b=4.0):
    r"""Squareplus's derivative: :math:`(1 + x / r) / 2`, r = sqrt(x^2 + b).

    With d = (b/4r) / ((r + |x|)/2), it is d for x < 0 and 1 - d for x >= 0, where d <= 1/2:
    1 + x/r would cancel for x < 0.
    """
    b = check_parameter("squareplus_grad", "b", b, positive=True)
    limit = np.finfo(np.float64).max
    finite = np.clip(x, -limit, limit)  # x / r at x = +-inf is +-1
    root = square_root_sum(finite, b)
    half_sum = np.abs(finite)
    half_sum *= 0.5
    scratch = np.multiply(root, 0.5, out=finite)  # finite is spent: its array serves again
    half_sum += scratch  # halves first: |x| + r overflows near the largest float
    out = np.divide(0.25 * b, root, out=root)
    out /= half_sum
    right = x >= 0  # arithmetic on the 0/1 mask, not a branch: d + H (1 - 2d)
    np.multiply(right, -2.0, out=scratch)
    scratch += 1.0
    out *= scratch
    out += right
    return out


@elementwise
def log_sigmoid_grad(x):
    r"""Log-sigmoid's derivative: :math:`\sigma(-x) = 1 - \sigma(x)`."""
    return logistic(x, negated=True)
