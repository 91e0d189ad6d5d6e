"""The hardware-friendly functions and their derivatives: ReLU6, hard sigmoid and hard swish.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar. Each
function is followed by its derivative, ``<name>_grad``, with the same parameters.

At a kink the derivative takes PyTorch's convention. For the piecewise-linear hardware-friendly
units it is the value of the outer piece at every kink, as ATen's backward kernels
(aten/src/ATen/native/cpu/Activation.cpp) compute it: relu6_grad is 0 at 0 and at 6
(hardtanh_backward passes the gradient only for min < x < max), hard_sigmoid_grad is 0 at -3 and 3
(hardsigmoid_backward, fixed for the boundary in pytorch/pytorch#51454), and hard_swish_grad is 0
at -3 and 1 at 3 (hardswish_backward since pytorch/pytorch#148049, 2025; before it, -1/2 and 3/2).
"""

from __future__ import annotations

import numpy as np

from ._inputs import ArrayLike, FloatArray, elementwise
from ._kernels import hard_gate, leaves_nan, times_decaying

__all__ = [
    "hard_sigmoid",
    "hard_sigmoid_grad",
    "hard_swish",
    "hard_swish_grad",
    "relu6",
    "relu6_grad",
]

# The hard units' kinks: relu6 at 0 and 6, hard_sigmoid and hard_swish at -3 and 3.
_RELU6_TOP = 6.0
_HARD_EDGE = 3.0


@elementwise
def relu6(x: ArrayLike) -> FloatArray:
    r"""ReLU capped at 6, :math:`\mathrm{relu6}(x) = \min(\max(0, x), 6)`.

    Range [0, 6]. Derivative 1 for 0 < x < 6 and 0 elsewhere (:func:`relu6_grad`; 0 at both kinks,
    as PyTorch).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Relu6(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    .. [1] Krizhevsky, "Convolutional deep belief networks on CIFAR-10", unpublished
        manuscript, University of Toronto, 2010.
    .. [2] Sandler, Howard, Zhu, Zhmoginov and Chen, "MobileNetV2: inverted residuals and
        linear bottlenecks", CVPR, 2018.

    Examples
    --------
    >>> relu6([-2.0, 3.0, 8.0]).tolist()
    [0.0, 3.0, 6.0]
    """
    out = np.maximum(x, 0.0)
    return np.minimum(out, 6.0, out=out)


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
def hard_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Hard sigmoid, :math:`\mathrm{relu6}(x + 3) / 6`: 0 below -3, 1 above 3, linear between.

    The definition PyTorch, JAX and Keras 3 share (Keras 2 used 0.2 x + 0.5). Derivative 1/6 for -3
    < x < 3 and 0 elsewhere (:func:`hard_sigmoid_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The hard sigmoid of x, elementwise, in x's shape and float dtype: float16, float32 and
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
    .. [1] Howard et al., "Searching for MobileNetV3", ICCV, 2019.

    Examples
    --------
    >>> hard_sigmoid([-4.0, 0.0, 1.5]).tolist()
    [0.0, 0.5, 0.75]
    """
    return hard_gate(x)


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
def hard_swish(x: ArrayLike) -> FloatArray:
    r"""Hard swish, :math:`x\,\mathrm{relu6}(x + 3) / 6`.

    Minimum -3/8 at x = -3/2. Derivative 0 for x <= -3, (2x + 3)/6 for -3 < x < 3, 1 for x >= 3
    (:func:`hard_swish_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The hard swish of x, elementwise, in x's shape and float dtype: float16, float32 and float64
        stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input
        gives a numpy scalar. Computed in float64 and rounded once to the dtype.

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
    >>> hard_swish([-4.0, -1.5, 4.0]).tolist()
    [-0.0, -0.375, 4.0]
    """
    return times_decaying(x, hard_gate(x))


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
