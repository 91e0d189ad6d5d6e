"""The classic squashing functions and their derivatives: sigmoid, tanh, softsign and arctan.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar. Each
function is followed by its derivative, ``<name>_grad``, with the same parameters.
"""

from __future__ import annotations

import numpy as np

from ._inputs import ArrayLike, FloatArray, elementwise
from ._kernels import largest, logistic, logistic_slope, smallest, tanh_slope

__all__ = [
    "arctan",
    "arctan_grad",
    "sigmoid",
    "sigmoid_grad",
    "softsign",
    "softsign_grad",
    "tanh",
    "tanh_grad",
]

# |x| below which x^2 is finite; beyond, 1 + x^2 rounds to x^2.
_SQUARE_SAFE = 1.0e150


@elementwise
def sigmoid(x: ArrayLike) -> FloatArray:
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Range (0, 1). Derivative :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`, at most 1/4, at x = 0
    (:func:`sigmoid_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Sigma(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    Computed as :math:`1 / (1 + e^{-x})`, where an overflowing :math:`e^{-x}` gives 0 with no
    warning, and as :math:`e^x` itself below x = -708, where the formula gives 0 while
    :math:`\sigma(x)` is still a subnormal float down to x = -745.1.

    References
    ----------
    .. [1] Rumelhart, Hinton and Williams, "Learning representations by back-propagating
        errors", Nature, 1986.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-800.0, 800.0]).tolist()
    [0.0, 1.0]
    """
    return logistic(x)


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
def tanh(x: ArrayLike) -> FloatArray:
    r"""Hyperbolic tangent, :math:`\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x}) = 2\sigma(2x) - 1`.

    Range (-1, 1), odd. Derivative :math:`1 - \tanh^2(x)`, at most 1, at x = 0 (:func:`tanh_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Tanh(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    .. [1] LeCun, Bottou, Orr and Müller, "Efficient BackProp", in Neural Networks: Tricks of
        the Trade, Springer, 1998.

    Examples
    --------
    >>> float(tanh(0.0))
    0.0
    >>> tanh([-1000.0, 1000.0]).tolist()
    [-1.0, 1.0]
    """
    return np.tanh(x)


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
def softsign(x: ArrayLike) -> FloatArray:
    r"""Softsign, :math:`\mathrm{softsign}(x) = x / (1 + |x|)`.

    Range (-1, 1). Derivative :math:`1 / (1 + |x|)^2` (:func:`softsign_grad`). Also known as the
    Elliott function.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Softsign(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    At :math:`\pm\infty` the result is :math:`\pm 1`, the limit (inf / inf would be NaN).

    References
    ----------
    .. [1] Elliott, "A better activation function for artificial neural networks", technical
        report ISR TR 93-8, Institute for Systems Research, University of Maryland, 1993.
    .. [2] Glorot and Bengio, "Understanding the difficulty of training deep feedforward
        neural networks", AISTATS, 2010.

    Examples
    --------
    >>> float(softsign(1.0))
    0.5
    >>> softsign([-np.inf, np.inf]).tolist()
    [-1.0, 1.0]
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
def arctan(x: ArrayLike) -> FloatArray:
    r"""Inverse tangent, :math:`\arctan(x)`.

    Range (-pi/2, pi/2). Derivative :math:`1 / (1 + x^2)` (:func:`arctan_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Arctan(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.

    Examples
    --------
    >>> float(arctan(0.0))
    0.0
    >>> f"{float(arctan(1.0)):.6f}"
    '0.785398'
    """
    return np.arctan(x)


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
