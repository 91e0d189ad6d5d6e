"""The smooth rectifiers and their derivatives: softplus, squareplus, Swish, SiLU, Mish, GELU
and GELU's tanh approximation.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar. Each
function is followed by its derivative, ``<name>_grad``, with the same parameters.
"""

from __future__ import annotations

import math

import numpy as np

from ._inputs import ArrayLike, FloatArray, elementwise
from ._kernels import (
    SATURATED,
    log_one_plus_exp,
    logistic,
    logistic_slope,
    normal_cdf,
    square_root_sum,
    tanh_slope,
    times_decaying,
    without_infinities,
)
from .spec import Parameter

__all__ = [
    "SQUAREPLUS_B",
    "SWISH_BETA",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "gelu_tanh_grad",
    "mish",
    "mish_grad",
    "silu",
    "silu_grad",
    "softplus",
    "softplus_grad",
    "squareplus",
    "squareplus_grad",
    "swish",
    "swish_grad",
]

# sqrt(2/pi) and the cubic coefficient of the GELU tanh approximation (Hendrycks and Gimpel 2016).
GELU_TANH_SCALE = 0.7978845608028654
GELU_TANH_CUBIC = 0.044715

# The parameters, each declared once: its name, symbol, default and allowed range, the
# explorer's slider (numerators, denominator) and the values the notebook's figure draws.
#: Squareplus' b, > 0: 0.2 to 10 in steps of 0.2.
SQUAREPLUS_B = Parameter(
    "b", "b", 4.0, positive=True, grid=(range(1, 51), 5), figure_values=(1.0, 4.0, 16.0)
)
#: Swish's beta, any finite real: 0 to 5 in steps of 0.1.
SWISH_BETA = Parameter(
    "beta",
    "\N{GREEK SMALL LETTER BETA}",
    1.0,
    grid=(range(51), 10),
    figure_values=(0.5, 1.0, 2.0),
)

# |x| beyond which the normal density exp(-x^2/2)/sqrt(2 pi) underflows to 0 (from 38.6).
_NORMAL_PDF_ZERO = 40.0
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@elementwise
def softplus(x: ArrayLike) -> FloatArray:
    r"""Softplus, :math:`\mathrm{softplus}(x) = \log(1 + e^x)`, a smooth ReLU.

    Range (0, inf). Derivative :math:`\sigma(x)` (:func:`softplus_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Softplus(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Notes
    -----
    Computed as :math:`\max(x, 0) + \operatorname{log1p}(e^{-|x|})`: ``np.log1p(np.exp(x))``
    overflows for x > 709.78, and this form does not.

    References
    ----------
    .. [1] Dugas, Bengio, Bélisle, Nadeau and Garcia, "Incorporating second-order functional
        knowledge for better option pricing", NIPS, 2000.

    Examples
    --------
    >>> f"{float(softplus(0.0)):.12f}"
    '0.693147180560'
    >>> softplus([1000.0]).tolist()
    [1000.0]
    """
    return log_one_plus_exp(x)


@elementwise
def softplus_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of softplus, :math:`\sigma(x)`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of softplus at x, elementwise, in x's shape and float dtype: float16, float32
        and float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a
        0-d input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Dugas, Bengio, Bélisle, Nadeau and Garcia, "Incorporating second-order functional
        knowledge for better option pricing", NIPS, 2000.

    Examples
    --------
    >>> float(softplus_grad(0.0))
    0.5
    """
    return logistic(x)


@elementwise
def squareplus(x: ArrayLike, b: float = SQUAREPLUS_B.default) -> FloatArray:
    r"""Squareplus, :math:`(x + \sqrt{x^2 + b}) / 2`, an algebraic softplus.

    Range (0, inf). Derivative :math:`(1 + x / \sqrt{x^2 + b}) / 2` (:func:`squareplus_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    b : float, optional
        How far the curve stays above ReLU: squareplus(0) is sqrt(b)/2. Default 4.0; must be
        finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Squareplus(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        b is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if b is not finite or is <= 0.

    Notes
    -----
    Computed as the equal :math:`\max(x, 0) + (b/4) / ((r + |x|)/2)`, :math:`r = \sqrt{x^2 + b}`:
    two positive terms, where x + r would cancel for x < 0.

    References
    ----------
    .. [1] Barron, "Squareplus: a softplus-like algebraic rectifier", arXiv:2112.11687, 2021.

    Examples
    --------
    >>> float(squareplus(0.0))
    1.0
    >>> float(squareplus(0.0, b=16.0))
    2.0
    """
    b = SQUAREPLUS_B.check("squareplus", b)
    out = square_root_sum(x, b)
    out *= 0.5
    term = np.abs(x)
    term *= 0.5
    out += term
    np.divide(0.25 * b, out, out=out)
    out += np.maximum(x, 0.0, out=term)
    return out


@elementwise
def squareplus_grad(x: ArrayLike, b: float = SQUAREPLUS_B.default) -> FloatArray:
    r"""Derivative of squareplus, :math:`(1 + x / \sqrt{x^2 + b}) / 2`.

    1/2 at x = 0.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    b : float, optional
        How far the curve stays above ReLU: squareplus(0) is sqrt(b)/2. Default 4.0; must be
        finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of squareplus at x, elementwise, in x's shape and float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``); a 0-d input gives a numpy scalar. Computed in float64 and rounded
        once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        b is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if b is not finite or is <= 0.

    Notes
    -----
    With :math:`d = (b/4r) / ((r + |x|)/2)`, :math:`r = \sqrt{x^2 + b}`, it is d for x < 0 and 1 - d
    for x >= 0: :math:`1 + x/r` would cancel for x < 0.

    References
    ----------
    .. [1] Barron, "Squareplus: a softplus-like algebraic rectifier", arXiv:2112.11687, 2021.

    Examples
    --------
    >>> float(squareplus_grad(0.0))
    0.5
    """
    b = SQUAREPLUS_B.check("squareplus_grad", b)
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


def _swish(x, beta):
    """x sigma(beta x), float64 kernel."""
    if beta == 0:
        return 0.5 * x  # sigma(0) = 1/2, and beta * inf would be nan
    if beta == 1:
        return times_decaying(x, logistic(x))
    with np.errstate(over="ignore"):  # beta * x may round to +-inf, where sigma is exact
        z = beta * x
    return times_decaying(x, logistic(z))


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
def swish(x: ArrayLike, beta: float = SWISH_BETA.default) -> FloatArray:
    r"""Swish, :math:`x\,\sigma(\beta x)`.

    With :math:`\beta = 1` it is SiLU, with :math:`\beta = 0` it is x/2. Derivative
    :math:`\sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))` (:func:`swish_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    beta : float, optional
        The gate's scale, fixed or learned. Default 1.0; must be finite and >= 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Swish of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if beta is
        not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), or if beta is not finite or is < 0.

    Notes
    -----
    Computed as x times :math:`\sigma(\beta x)`; at x = -inf the result is the limit, 0, where -inf
    * 0 would be NaN.

    References
    ----------
    .. [1] Ramachandran, Zoph and Le, "Searching for activation functions", ICLR Workshop
        Track, 2018.

    Examples
    --------
    >>> float(swish(0.0))
    0.0
    >>> f"{float(swish(1.0, beta=2.0)):.6f}"
    '0.880797'
    >>> swish([-1000.0, 1000.0]).tolist()
    [-0.0, 1000.0]
    """
    beta = SWISH_BETA.check("swish", beta)
    if beta < 0:
        raise ValueError(f"swish: beta must be >= 0, got {beta}")
    return _swish(x, beta)


@elementwise
def swish_grad(x: ArrayLike, beta: float = SWISH_BETA.default) -> FloatArray:
    r"""Derivative of Swish, :math:`\sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))`.

    1/2 at x = 0 for every beta.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    beta : float, optional
        The gate's scale, fixed or learned. Default 1.0; must be finite and >= 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of swish at x, elementwise, in x's shape and float dtype: float16, float32
        and float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a
        0-d input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if beta is
        not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), or if beta is not finite or is < 0.

    References
    ----------
    .. [1] Ramachandran, Zoph and Le, "Searching for activation functions", ICLR Workshop
        Track, 2018.

    Examples
    --------
    >>> float(swish_grad(0.0))
    0.5
    >>> f"{float(swish_grad(1.0, beta=2.0)):.6f}"
    '1.090784'
    """
    beta = SWISH_BETA.check("swish_grad", beta)
    if beta < 0:
        raise ValueError(f"swish_grad: beta must be >= 0, got {beta}")
    return _swish_grad(x, beta)


@elementwise
def silu(x: ArrayLike) -> FloatArray:
    r"""Sigmoid-weighted linear unit, :math:`\mathrm{silu}(x) = x\,\sigma(x)`: Swish with :math:`\beta = 1`.

    Minimum about -0.2785 at x = -1.2785. Derivative :math:`\sigma(x)(1 + x(1 - \sigma(x)))`
    (:func:`silu_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        SiLU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.
    .. [2] Elfwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network
        function approximation in reinforcement learning", Neural Networks, 2018.

    Examples
    --------
    >>> float(silu(0.0))
    0.0
    >>> f"{float(silu(1.0)):.6f}"
    '0.731059'
    """
    return _swish(x, 1.0)


@elementwise
def silu_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of SiLU, :math:`\sigma(x)(1 + x(1 - \sigma(x)))`.

    About 1.0998 at its peak, x = 2.3994.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of silu at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.
    .. [2] Elfwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network
        function approximation in reinforcement learning", Neural Networks, 2018.

    Examples
    --------
    >>> float(silu_grad(0.0))
    0.5
    """
    return _swish_grad(x, 1.0)


@elementwise
def mish(x: ArrayLike) -> FloatArray:
    r"""Mish, :math:`\mathrm{mish}(x) = x \tanh(\mathrm{softplus}(x))`.

    Minimum about -0.3088 at x = -1.1924. Derivative :func:`mish_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Mish of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Notes
    -----
    The softplus inside is computed without overflow (see :func:`softplus`); at x = -inf the result
    is the limit, 0, where -inf * 0 would be NaN.

    References
    ----------
    .. [1] Misra, "Mish: a self regularized non-monotonic activation function", BMVC, 2020.

    Examples
    --------
    >>> float(mish(0.0))
    0.0
    >>> f"{float(mish(1.0)):.6f}"
    '0.865098'
    """
    gate = log_one_plus_exp(x)
    return times_decaying(x, np.tanh(gate, out=gate))


@elementwise
def mish_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of Mish, :math:`\tanh(s) + x\,\sigma(x)\,\operatorname{sech}^2(s)`, s = softplus(x).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of mish at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Misra, "Mish: a self regularized non-monotonic activation function", BMVC, 2020.

    Examples
    --------
    >>> f"{float(mish_grad(0.0)):.6f}"
    '0.600000'
    """
    s = log_one_plus_exp(x)
    bounded = without_infinities(x)  # sigma(x) sech^2(s) is 0 at +-inf, and inf * 0 would be nan
    out = logistic(bounded)
    out *= tanh_slope(s)
    out *= bounded
    out += np.tanh(s, out=s)
    return out


@elementwise
def gelu(x: ArrayLike) -> FloatArray:
    r"""Gaussian error linear unit, :math:`\mathrm{gelu}(x) = x\,\Phi(x)`, :math:`\Phi` the standard normal CDF.

    Minimum about -0.1700 near x = -0.7518. Derivative :math:`\Phi(x) + x\,\varphi(x)`
    (:func:`gelu_grad`). The exact form, not the tanh approximation (:func:`gelu_tanh`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        GELU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Notes
    -----
    :math:`\Phi` is ``scipy.special.ndtr``, accurate in both tails, where :math:`(1 +
    \operatorname{erf}(x/\sqrt2))/2` cancels.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu(0.0))
    0.0
    >>> f"{float(gelu(1.0)):.6f}"
    '0.841345'
    """
    return times_decaying(x, normal_cdf(x))


@elementwise
def gelu_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of GELU, :math:`\Phi(x) + x\,\varphi(x)`, :math:`\varphi` the standard normal density.

    About 1.1289 at its peak, x = sqrt(2).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of gelu at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu_grad(0.0))
    0.5
    """
    bounded = np.clip(x, -_NORMAL_PDF_ZERO, _NORMAL_PDF_ZERO)  # keeps x^2 finite
    term = np.square(bounded)  # x phi(x), in place
    term *= -0.5
    np.exp(term, out=term)
    term *= _INV_SQRT_2PI
    term *= bounded
    out = normal_cdf(x)
    out += term
    return out


def gelu_tanh_gate_argument(x: np.ndarray) -> np.ndarray:
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
def gelu_tanh(x: ArrayLike) -> FloatArray:
    r"""Tanh approximation of GELU, :math:`\tfrac12 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3)))`.

    Within 5e-4 of :func:`gelu` everywhere. Derivative :func:`gelu_tanh_grad`. PyTorch's
    ``approximate='tanh'``.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The approximation of GELU at x, elementwise, in x's shape and float dtype: float16, float32
        and float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a
        0-d input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Notes
    -----
    Computed as the equal :math:`x\,\sigma(2u)`, u the tanh's argument, since :math:`1 + \tanh(u)`
    cancels for x < 0.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu_tanh(0.0))
    0.0
    >>> f"{float(gelu_tanh(1.0)):.6f}"
    '0.841192'
    """
    return times_decaying(x, logistic(gelu_tanh_gate_argument(x)))


@elementwise
def gelu_tanh_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of the tanh approximation of GELU, :math:`\sigma(v) + x\,v'\,\sigma'(v)`, :math:`v = 2\sqrt{2/\pi}(x + 0.044715x^3)`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of gelu_tanh at x, elementwise, in x's shape and float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``); a 0-d input gives a numpy scalar. Computed in float64 and rounded
        once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu_tanh_grad(0.0))
    0.5
    """
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
