"""The elementwise activation functions.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar.
"""

from __future__ import annotations

import numpy as np

from ._inputs import check_parameter, elementwise
from ._kernels import (
    SATURATED,
    hard_gate,
    largest,
    linear_with_slope_below_zero,
    log_one_plus_exp,
    logistic,
    normal_cdf,
    smallest,
    square_root_sum,
    times_decaying,
)

__all__ = [
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "arctan",
    "celu",
    "elu",
    "gelu",
    "gelu_tanh",
    "hard_sigmoid",
    "hard_swish",
    "leaky_relu",
    "log_sigmoid",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softplus",
    "softsign",
    "squareplus",
    "swish",
    "tanh",
]

# Klambauer et al. (2017), "Self-Normalizing Neural Networks", eq. 14: the fixed point of the
# activations' mean 0 and variance 1 under LeCun-normal weights.
SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

# sqrt(2/pi) and the cubic coefficient of the GELU tanh approximation (Hendrycks and Gimpel 2016).
GELU_TANH_SCALE = 0.7978845608028654
GELU_TANH_CUBIC = 0.044715


@elementwise
def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`, with range (0, 1).

    Derivative :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`, at most 1/4 (at x = 0).
    Rumelhart, Hinton and Williams (1986).

    >>> float(sigmoid(0.0))
    0.5
    """
    return logistic(x)


@elementwise
def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x}) = 2\sigma(2x) - 1`.

    Derivative :math:`1 - \tanh^2(x)`. LeCun et al. (1998), "Efficient BackProp".

    >>> float(tanh(0.0))
    0.0
    """
    return np.tanh(x)


@elementwise
def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`; relu(-0.0) is +0.0.

    Derivative 1 for x > 0 and 0 for x <= 0 (PyTorch's convention at the kink).
    Nair and Hinton (2010); Glorot, Bordes and Bengio (2011).

    >>> relu([-2.0, 3.0]).tolist()
    [0.0, 3.0]
    """
    return np.maximum(x, 0.0)


@elementwise
def leaky_relu(x, alpha=0.01):
    r"""Leaky ReLU, :math:`x` for x > 0 and :math:`\alpha x` otherwise (alpha > 0).

    Derivative 1 for x > 0 and alpha for x <= 0. Maas, Hannun and Ng (2013).
    Computed as max(x, alpha x) for alpha <= 1 and min(x, alpha x) above, written into the one
    array alpha x: no second array and no branch on the sign, two passes over memory where ReLU
    makes one.

    >>> leaky_relu([-2.0, 3.0]).tolist()
    [-0.02, 3.0]
    """
    alpha = check_parameter("leaky_relu", "alpha", alpha, positive=True)
    return linear_with_slope_below_zero(x, alpha)


def _elu(x, alpha):
    """alpha (e^x - 1) for x <= 0 and x for x > 0, float64 kernel."""
    # min(0, x), not min(x, 0): numpy returns the second operand of a tie, so -0.0 stays -0.0
    # (and e^{-0} - 1 = -0.0); taking the exponential of non-positive numbers only, none overflows.
    out = np.minimum(0.0, x)
    np.expm1(out, out=out)
    out *= alpha
    if alpha <= 1:
        # alpha (e^x - 1) >= x for x <= 0 when alpha <= 1, and out = 0 for x > 0: the maximum
        # is the ELU, with no mask and no branch on the sign.
        return np.maximum(out, x, out=out)
    # For alpha > 1 (SELU's) neither max nor min picks the right piece. The masked copy branches
    # on the sign, which random signs mispredict; adding max(x, -0.0) instead would not, but
    # needs a second array, which cost about as much in the site's benchmark.
    np.copyto(out, x, where=x > 0)
    return out


@elementwise
def elu(x, alpha=1.0):
    r"""Exponential linear unit, :math:`x` for x > 0 and :math:`\alpha (e^x - 1)` otherwise.

    Derivative 1 for x > 0 and :math:`\alpha e^x` for x <= 0; range (-alpha, inf).
    Clevert, Unterthiner and Hochreiter (2016).

    >>> float(elu(0.0))
    0.0
    """
    alpha = check_parameter("elu", "alpha", alpha, positive=True)
    return _elu(x, alpha)


@elementwise
def selu(x):
    r"""Scaled ELU, :math:`\lambda\,\mathrm{elu}(x, \alpha)` with fixed lambda and alpha.

    lambda = 1.0507009873554805 and alpha = 1.6732632423543772 (Klambauer et al. 2017) make
    zero mean and unit variance a fixed point of the layer-to-layer map.

    >>> float(selu(1.0))
    1.0507009873554805
    """
    out = _elu(x, SELU_ALPHA)
    with np.errstate(over="ignore"):  # lambda * x beyond the largest float is inf, as it should be
        out *= SELU_LAMBDA
    return out


def _swish(x, beta):
    """x sigma(beta x), float64 kernel."""
    if beta == 0:
        return 0.5 * x  # sigma(0) = 1/2, and beta * inf would be nan
    if beta == 1:
        return times_decaying(x, logistic(x))
    with np.errstate(over="ignore"):  # beta * x may round to +-inf, where sigma is exact
        z = beta * x
    return times_decaying(x, logistic(z))


@elementwise
def swish(x, beta=1.0):
    r"""Swish, :math:`x\,\sigma(\beta x)` with beta >= 0, fixed or learned.

    With beta = 1 it is exactly SiLU. Derivative
    :math:`\sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))`.
    Ramachandran, Zoph and Le (2018).

    >>> float(swish(0.0))
    0.0
    """
    beta = check_parameter("swish", "beta", beta)
    if beta < 0:
        raise ValueError(f"swish: beta must be >= 0, got {beta}")
    return _swish(x, beta)


@elementwise
def silu(x):
    r"""Sigmoid-weighted linear unit, :math:`x\,\sigma(x)`: Swish with beta = 1.

    Hendrycks and Gimpel (2016); Elfwing, Uchibe and Doya (2018).

    >>> float(silu(0.0))
    0.0
    """
    return _swish(x, 1.0)


@elementwise
def softplus(x):
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU with range (0, inf).

    Derivative :math:`\sigma(x)`. Computed as max(x, 0) + log1p(e^{-|x|}):
    ``np.log1p(np.exp(x))`` overflows for x > 709.78. Dugas et al. (2000).

    >>> round(float(softplus(0.0)), 12)
    0.693147180560
    """
    return log_one_plus_exp(x)


@elementwise
def mish(x):
    r"""Mish, :math:`x \tanh(\mathrm{softplus}(x))`, minimum about -0.3088 at x = -1.1924.

    Misra (2020).

    >>> float(mish(0.0))
    0.0
    """
    gate = log_one_plus_exp(x)
    return times_decaying(x, np.tanh(gate, out=gate))


@elementwise
def softsign(x):
    r"""Softsign, :math:`x / (1 + |x|)`, with range (-1, 1).

    Derivative :math:`1 / (1 + |x|)^2`. Glorot and Bengio (2010) compare it with tanh.

    >>> float(softsign(1.0))
    0.5
    """
    out = np.abs(x)
    out += 1.0
    with np.errstate(invalid="ignore"):  # inf / inf at x = +-inf, replaced below
        np.divide(x, out, out=out)
    if np.isinf(smallest(x)) or np.isinf(largest(x)):  # reductions: no mask unless needed
        infinite = np.isinf(x)
        out[infinite] = np.sign(x[infinite])  # the limits, +-1
    return out


@elementwise
def arctan(x):
    r"""Inverse tangent, :math:`\arctan(x)`, with range (-pi/2, pi/2).

    Derivative :math:`1 / (1 + x^2)`.

    >>> float(arctan(0.0))
    0.0
    """
    return np.arctan(x)


@elementwise
def gelu(x):
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)`, with :math:`\Phi` the normal CDF.

    Derivative :math:`\Phi(x) + x\,\varphi(x)`; minimum about -0.1700 near x = -0.7518.
    Hendrycks and Gimpel (2016).

    >>> float(gelu(0.0))
    0.0
    """
    return times_decaying(x, normal_cdf(x))


def gelu_tanh_gate_argument(x):
    """v = 2 sqrt(2/pi) (x + 0.044715 x^3), so that gelu_tanh(x) = x sigma(v).

    Computed as (2 sqrt(2/pi) x) (1 + 0.044715 x^2), in two arrays.
    """
    bounded = np.clip(x, -SATURATED, SATURATED)  # sigma(v) is exactly 0 or 1 beyond |x| = 25
    v = np.square(bounded)
    v *= GELU_TANH_CUBIC
    v += 1.0
    bounded *= 2.0 * GELU_TANH_SCALE
    v *= bounded
    return v


@elementwise
def gelu_tanh(x):
    r"""Tanh approximation of GELU, :math:`\tfrac12 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3)))`.

    Computed as the equal :math:`x\,\sigma(2u)`, since :math:`1 + \tanh(u)` cancels for x < 0.
    Hendrycks and Gimpel (2016).

    >>> float(gelu_tanh(0.0))
    0.0
    """
    return times_decaying(x, logistic(gelu_tanh_gate_argument(x)))


@elementwise
def relu6(x):
    r"""ReLU capped at 6, :math:`\min(\max(0, x), 6)`; relu6(-0.0) is +0.0.

    Derivative 1 for 0 < x < 6 and 0 elsewhere (PyTorch's convention at both kinks).
    Krizhevsky (2010); Sandler et al. (2018), MobileNetV2.

    >>> relu6([-2.0, 3.0, 8.0]).tolist()
    [0.0, 3.0, 6.0]
    """
    out = np.maximum(x, 0.0)
    return np.minimum(out, 6.0, out=out)


@elementwise
def hard_sigmoid(x):
    r"""Hard sigmoid, :math:`\mathrm{relu6}(x + 3) / 6`: 0 below -3, 1 above 3, linear between.

    The definition PyTorch, JAX and Keras 3 share (Keras 2 used 0.2 x + 0.5). Derivative 1/6
    for -3 < x < 3 and 0 elsewhere. Howard et al. (2019), "Searching for MobileNetV3".

    >>> hard_sigmoid([-4.0, 0.0, 1.5]).tolist()
    [0.0, 0.5, 0.75]
    """
    return hard_gate(x)


@elementwise
def hard_swish(x):
    r"""Hard swish, :math:`x\,\mathrm{relu6}(x + 3) / 6`, minimum -3/8 at x = -3/2.

    Derivative 0 for x <= -3, (2x + 3)/6 for -3 < x < 3, 1 for x >= 3.
    Howard et al. (2019), "Searching for MobileNetV3".

    >>> hard_swish([-4.0, -1.5, 4.0]).tolist()
    [-0.0, -0.375, 4.0]
    """
    return times_decaying(x, hard_gate(x))


@elementwise
def celu(x, alpha=1.0):
    r"""Continuously differentiable ELU, :math:`x` for x > 0, :math:`\alpha (e^{x/\alpha} - 1)` otherwise.

    Derivative 1 for x > 0 and :math:`e^{x/\alpha}` for x <= 0, continuous at 0 for every
    alpha > 0 (ELU's is only for alpha = 1); range (-alpha, inf). Barron (2017).

    >>> float(celu(0.0))
    0.0
    """
    alpha = check_parameter("celu", "alpha", alpha, positive=True)
    out = np.minimum(0.0, x)  # non-positive only: no exponential overflows; -0.0 stays -0.0
    with np.errstate(over="ignore"):  # x / alpha may round to -inf, and e^{-inf} - 1 = -1 exactly
        out /= alpha
    np.expm1(out, out=out)
    out *= alpha
    # alpha (e^{x/alpha} - 1) >= x for every x <= 0 (e^u - 1 >= u), and out = 0 for x > 0: the
    # maximum is the CELU, with no mask and no branch on the sign.
    return np.maximum(out, x, out=out)


@elementwise
def squareplus(x, b=4.0):
    r"""Squareplus, :math:`(x + \sqrt{x^2 + b}) / 2` with b > 0, an algebraic softplus.

    Computed as the equal :math:`\max(x, 0) + (b/4) / ((r + |x|)/2)`, r = sqrt(x^2 + b): two
    positive terms, where x + r would cancel for x < 0, and no branch. Derivative
    :math:`(1 + x / \sqrt{x^2 + b}) / 2`; range (0, inf). Barron (2021).

    >>> float(squareplus(0.0))
    1.0
    """
    b = check_parameter("squareplus", "b", b, positive=True)
    out = square_root_sum(x, b)
    out *= 0.5
    term = np.abs(x)
    term *= 0.5
    out += term
    np.divide(0.25 * b, out, out=out)
    out += np.maximum(x, 0.0, out=term)
    return out


@elementwise
def log_sigmoid(x):
    r"""Log of the sigmoid, :math:`\log\sigma(x) = -\mathrm{softplus}(-x)`, with range (-inf, 0).

    Computed as min(x, 0) - log1p(e^{-|x|}): exact for large negative x, where it is x, and
    for large positive x, where it is -e^{-x}; ``np.log(sigmoid(x))`` gives -inf below -745
    and 0 above 37. Derivative :math:`\sigma(-x)`.

    >>> round(float(log_sigmoid(0.0)), 12)
    -0.69314718056
    """
    out = log_one_plus_exp(x, negated=True)
    return np.negative(out, out=out)
