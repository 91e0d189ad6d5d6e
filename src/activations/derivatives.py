"""Derivatives of the elementwise activations, ``<name>_grad`` with the same parameters.

At a kink the derivative takes PyTorch's convention. For ReLU, Leaky ReLU and ELU that is
the value of the left piece: relu_grad(0) = 0, leaky_relu_grad(0) = the negative slope,
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

from ._inputs import DEFAULT_SLOPE, ArrayLike, FloatArray, check_slope, elementwise
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
    CELU_ALPHA,
    ELU_ALPHA,
    GELU_TANH_CUBIC,
    GELU_TANH_SCALE,
    SELU_ALPHA,
    SELU_LAMBDA,
    SQUAREPLUS_B,
    SWISH_BETA,
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
def sigmoid_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of the sigmoid, :math:`\sigma'(x) = \sigma(x)\,\sigma(-x) = \sigma(x)(1 - \sigma(x))`.

    At most 1/4, at x = 0; 0 at +-inf.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of sigmoid at x, elementwise, in x's shape and float dtype: float16, float32
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
    Computed as :math:`t / (1 + t)^2` with :math:`t = e^{-|x|}`: no cancellation, where :math:`1 -
    \sigma(x)` cancels for large x.

    References
    ----------
    .. [1] Rumelhart, Hinton and Williams, "Learning representations by back-propagating
        errors", Nature, 1986.

    Examples
    --------
    >>> float(sigmoid_grad(0.0))
    0.25
    """
    return logistic_slope(x)


@elementwise
def tanh_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of tanh, :math:`\tanh'(x) = 1 - \tanh^2(x) = \operatorname{sech}^2(x)`.

    At most 1, at x = 0.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of tanh at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Notes
    -----
    Computed as :math:`4t / (1 + t)^2` with :math:`t = e^{-2|x|}`: ``1 - np.tanh(x)**2`` cancels to
    0 from about |x| = 19 on.

    References
    ----------
    .. [1] LeCun, Bottou, Orr and Müller, "Efficient BackProp", in Neural Networks: Tricks of
        the Trade, Springer, 1998.

    Examples
    --------
    >>> float(tanh_grad(0.0))
    1.0
    >>> f"{float(tanh_grad(20.0)):.3e}"
    '1.699e-17'
    """
    return tanh_slope(x)


@elementwise
def relu_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of ReLU: 1 for x > 0, 0 for x <= 0.

    At the kink x = 0 it is 0, the left piece's value, as in PyTorch.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of relu at x, elementwise, in x's shape and float dtype: float16, float32 and
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
    .. [1] Nair and Hinton, "Rectified linear units improve restricted Boltzmann machines",
        ICML, 2010.
    .. [2] Glorot, Bordes and Bengio, "Deep sparse rectifier neural networks", AISTATS, 2011.

    Examples
    --------
    >>> relu_grad([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    return leaves_nan(x, (x > 0).astype(np.float64))


@elementwise
def leaky_relu_grad(
    x: ArrayLike, negative_slope: float = DEFAULT_SLOPE, *, alpha: float | None = None
) -> FloatArray:
    r"""Derivative of Leaky ReLU: 1 for x > 0, :math:`\alpha` (the negative slope) for x <= 0.

    At the kink x = 0 it is the slope, the left piece's value, as in PyTorch.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    negative_slope : float, optional
        The slope :math:`\alpha` for x <= 0, PyTorch's and JAX's name and default, 0.01. Any
        finite number, as there: 0 gives ReLU, 1 the identity, a negative slope a function that is
        not monotonic.
    alpha : float, optional
        Another name for ``negative_slope`` (keyword only), kept for older code and for the
        registry's parameter name. Pass one of the two, not both.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of leaky_relu at x, elementwise, in x's shape and float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``); a 0-d input gives a numpy scalar. Computed in float64 and rounded
        once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats; if the slope
        is not a real number; or if both ``negative_slope`` and ``alpha`` are given.
    ValueError
        If x cannot be made into an array (a ragged list), or if the slope is NaN or infinite.

    References
    ----------
    .. [1] Maas, Hannun and Ng, "Rectifier nonlinearities improve neural network acoustic
        models", ICML Workshop on Deep Learning for Audio, Speech and Language Processing, 2013.

    Examples
    --------
    >>> leaky_relu_grad([-1.0, 0.0, 2.0]).tolist()
    [0.01, 0.01, 1.0]
    >>> leaky_relu_grad([-1.0, 2.0], negative_slope=-0.5).tolist()
    [-0.5, 1.0]
    """
    slope = check_slope("leaky_relu_grad", negative_slope, alpha) + 0.0  # -0.0 is the slope +0.0
    # Arithmetic on 0/1 masks, not np.where: no branch on the sign.
    out = (x <= 0).astype(np.float64)
    out *= slope
    np.add(out, x > 0, out=out)
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
def elu_grad(x: ArrayLike, alpha: float = ELU_ALPHA.default) -> FloatArray:
    r"""Derivative of ELU: 1 for x > 0, :math:`\alpha e^x` for x <= 0.

    At the kink x = 0 it is alpha, the left piece's value, as in PyTorch.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    alpha : float, optional
        The value approached as x -> -inf is -alpha. Default 1.0; must be finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of elu at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        alpha is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if alpha is not finite or is <= 0.

    References
    ----------
    .. [1] Clevert, Unterthiner and Hochreiter, "Fast and accurate deep network learning by
        exponential linear units (ELUs)", ICLR, 2016.

    Examples
    --------
    >>> elu_grad([-1000.0, 0.0, 2.0]).tolist()
    [0.0, 1.0, 1.0]
    """
    alpha = ELU_ALPHA.check("elu_grad", alpha)
    return _elu_grad(x, alpha)


@elementwise
def selu_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of SELU: :math:`\lambda` for x > 0, :math:`\lambda\alpha e^x` for x <= 0.

    With the constants of :func:`selu`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of selu at x, elementwise, in x's shape and float dtype: float16, float32 and
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
    .. [1] Klambauer, Unterthiner, Mayr and Hochreiter, "Self-normalizing neural networks",
        NIPS, 2017.

    Examples
    --------
    >>> float(selu_grad(1.0))
    1.0507009873554805
    """
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
def softsign_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of softsign, :math:`1 / (1 + |x|)^2`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of softsign at x, elementwise, in x's shape and float dtype: float16, float32
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
    Computed as :math:`(1 / (1 + |x|))^2`: :math:`(1 + |x|)^2` would overflow for |x| > 1.3e154.

    References
    ----------
    .. [1] Elliott, "A better activation function for artificial neural networks", technical
        report ISR TR 93-8, Institute for Systems Research, University of Maryland, 1993.
    .. [2] Glorot and Bengio, "Understanding the difficulty of training deep feedforward
        neural networks", AISTATS, 2010.

    Examples
    --------
    >>> float(softsign_grad(1.0))
    0.25
    """
    out = np.abs(x)
    out += 1.0
    np.divide(1.0, out, out=out)
    return np.square(out, out=out)  # (1 + |x|)^2 would overflow for |x| > 1.3e154


@elementwise
def arctan_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of arctan, :math:`1 / (1 + x^2)`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of arctan at x, elementwise, in x's shape and float dtype: float16, float32
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
    Beyond |x| = 1e150, where :math:`x^2` overflows, computed as :math:`(1/x)^2`.

    Examples
    --------
    >>> float(arctan_grad(1.0))
    0.5
    >>> float(arctan_grad(1e200))
    0.0
    """
    with np.errstate(over="ignore"):  # x^2 overflows for |x| > 1.3e154: recomputed below
        out = np.square(x)
    out += 1.0
    np.divide(1.0, out, out=out)
    if smallest(x) < -_SQUARE_SAFE or largest(x) > _SQUARE_SAFE:  # reductions, not a mask
        tail = np.abs(x) > _SQUARE_SAFE
        out[tail] = np.square(1.0 / x[tail])  # 1 + x^2 rounds to x^2 there
    return out


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


# The hard units' kinks: relu6 at 0 and 6, hard_sigmoid and hard_swish at -3 and 3.
_RELU6_TOP = 6.0
_HARD_EDGE = 3.0


@elementwise
def relu6_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of ReLU6: 1 for 0 < x < 6, 0 elsewhere.

    0 at both kinks, 0 and 6, as PyTorch's backward computes it.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of relu6 at x, elementwise, in x's shape and float dtype: float16, float32
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
    .. [1] Krizhevsky, "Convolutional deep belief networks on CIFAR-10", unpublished
        manuscript, University of Toronto, 2010.
    .. [2] Sandler, Howard, Zhu, Zhmoginov and Chen, "MobileNetV2: inverted residuals and
        linear bottlenecks", CVPR, 2018.

    Examples
    --------
    >>> relu6_grad([0.0, 3.0, 6.0]).tolist()
    [0.0, 1.0, 0.0]
    """
    return leaves_nan(x, ((x > 0) & (x < _RELU6_TOP)).astype(np.float64))


@elementwise
def hard_sigmoid_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of the hard sigmoid: 1/6 for -3 < x < 3, 0 elsewhere.

    0 at both kinks, -3 and 3, as PyTorch's backward computes it.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of hard_sigmoid at x, elementwise, in x's shape and float dtype: float16,
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
    .. [1] Howard et al., "Searching for MobileNetV3", ICCV, 2019.

    Examples
    --------
    >>> hard_sigmoid_grad([-3.0, 0.0, 3.0]).tolist() == [0.0, 1 / 6, 0.0]
    True
    """
    out = ((x > -_HARD_EDGE) & (x < _HARD_EDGE)).astype(np.float64)
    out *= 1.0 / 6.0  # a 0/1 mask times 1/6, not np.where: no branch
    return leaves_nan(x, out)


@elementwise
def hard_swish_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of hard swish: 0 for x <= -3, (2x + 3)/6 for -3 < x < 3, 1 for x >= 3.

    0 at -3 and 1 at 3, as PyTorch's backward computes it since 2025 (before, -1/2 and 3/2).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of hard_swish at x, elementwise, in x's shape and float dtype: float16,
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

    Notes
    -----
    (2x + 3)/6 is exact to one rounding where it crosses 0 at x = -3/2; PyTorch's x/3 + 1/2 cancels
    there.

    References
    ----------
    .. [1] Howard et al., "Searching for MobileNetV3", ICCV, 2019.

    Examples
    --------
    >>> hard_swish_grad([-3.0, -1.5, 0.0, 3.0]).tolist()
    [0.0, 0.0, 0.5, 1.0]
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
def celu_grad(x: ArrayLike, alpha: float = CELU_ALPHA.default) -> FloatArray:
    r"""Derivative of CELU: 1 for x > 0, :math:`e^{x/\alpha}` for x <= 0.

    Both pieces are 1 at x = 0.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    alpha : float, optional
        The value approached as x -> -inf is -alpha. Default 1.0; must be finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of celu at x, elementwise, in x's shape and float dtype: float16, float32 and
        float64 stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d
        input gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        alpha is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if alpha is not finite or is <= 0.

    References
    ----------
    .. [1] Barron, "Continuously differentiable exponential linear units",
        arXiv:1704.07483, 2017.

    Examples
    --------
    >>> celu_grad([-1000.0, 0.0, 2.0]).tolist()
    [0.0, 1.0, 1.0]
    """
    alpha = CELU_ALPHA.check("celu_grad", alpha)
    out = np.minimum(0.0, x)  # e^x of non-positive numbers only: none overflows
    with np.errstate(over="ignore"):  # x / alpha may round to -inf, and e^{-inf} = 0 exactly
        out /= alpha
    return np.exp(out, out=out)  # 1 for x > 0, where min(0, x) = 0: no mask, no branch


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


@elementwise
def log_sigmoid_grad(x: ArrayLike) -> FloatArray:
    r"""Derivative of log-sigmoid, :math:`\sigma(-x) = 1 - \sigma(x)`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The derivative of log_sigmoid at x, elementwise, in x's shape and float dtype: float16,
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

    Examples
    --------
    >>> float(log_sigmoid_grad(0.0))
    0.5
    """
    return logistic(x, negated=True)
