"""The output and loss activations: softmax and log-softmax, the vector-valued activations, and
their Jacobians; then log-sigmoid and its derivative, elementwise.

Log-sigmoid is here, in the site's output-and-loss family (the registry's group ``output-loss``),
rather than beside the sigmoid in ``classic.py``: log_sigmoid(x) is log_softmax of the two logits
(x, 0), at the first.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
from numpy.typing import NDArray

from ._inputs import ArrayLike, FloatArray, as_float64, elementwise, restore_dtype
from ._kernels import log_one_plus_exp, logistic

__all__ = [
    "log_sigmoid",
    "log_sigmoid_grad",
    "log_softmax",
    "log_softmax_grad",
    "softmax",
    "softmax_grad",
]


def _shifted(x: np.ndarray, axis: int) -> np.ndarray:
    """x - max along ``axis``: every entry <= 0, the largest exactly 0.

    x - top may overflow to -inf (logits +-1e308): its exponential, 0, is then exact.
    A slice of -inf logits has no softmax: -inf - (-inf) is nan, and the slice stays nan.
    Where the maximum is +inf, the limit shares all probability among the +inf logits.
    """
    top = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = x - top
    if np.isposinf(top).any():
        shifted = np.where(np.isposinf(top), np.where(np.isposinf(x), 0.0, -np.inf), shifted)
    return shifted


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """exp(x - max) / sum(exp(x - max)) along ``axis``, float64 kernel."""
    weights = _shifted(x, axis)  # a new array: exp and the division work in place
    np.exp(weights, out=weights)
    with np.errstate(invalid="ignore"):  # 0/0 only for an all -inf row, whose answer is nan
        return np.divide(weights, np.sum(weights, axis=axis, keepdims=True), out=weights)


def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """(x - max) - log1p(sum of the other exp(x_j - max)) along ``axis``, float64 kernel.

    The sum of the exponentials is 1 + rest, where rest leaves out one largest logit;
    log1p(rest) keeps the digits that log(1 + rest) loses when rest is small, that is when
    one class has almost all the probability and its log-probability is close to 0.
    """
    shifted = _shifted(x, axis)
    weights = np.exp(shifted)
    if weights.shape[axis] > 0:
        first_largest = np.argmax(np.where(np.isnan(shifted), 0.0, shifted), axis=axis)
        np.put_along_axis(weights, np.expand_dims(first_largest, axis), 0.0, axis=axis)
    rest = np.sum(weights, axis=axis, keepdims=True)
    return np.subtract(shifted, np.log1p(rest), out=shifted)


def _over_axes(kernel, arr: np.ndarray, axis: int | tuple[int, ...], func: str) -> np.ndarray:
    """Apply a one-axis kernel over ``axis``, an int or a tuple of ints (several axes at once).

    The axes of a tuple are moved last and flattened into one, as ``scipy.special.softmax``
    treats them: the probabilities then sum to 1 over all of them together.
    """
    if not isinstance(axis, tuple):
        return kernel(arr, normalize_axis_index(axis, arr.ndim, msg_prefix=func))
    axes = normalize_axis_tuple(axis, arr.ndim, argname=func, allow_duplicate=True)
    if len(set(axes)) < len(axes):
        raise ValueError(f"{func}: axis {axis!r} names an axis twice")
    if len(axes) == 1:
        return kernel(arr, axes[0])
    last = tuple(range(arr.ndim - len(axes), arr.ndim))
    moved = np.moveaxis(arr, axes, last)
    kept = moved.shape[: arr.ndim - len(axes)]
    flat = moved.reshape((*kept, math.prod(moved.shape[len(kept) :])))
    out = kernel(flat, -1 if flat.ndim else 0).reshape(moved.shape)
    return np.moveaxis(out, last, axes)


def _single_axis(axis: object, ndim: int, func: str) -> int:
    """``axis`` as a non-negative int; a tuple is refused with a TypeError naming ``func``."""
    if isinstance(axis, tuple):
        raise TypeError(
            f"{func}: axis must be one integer, got {axis!r}: the Jacobian is laid out over one "
            "axis (softmax and log_softmax take a tuple of axes)"
        )
    return normalize_axis_index(axis, ndim, msg_prefix=func)


def _complement(s: np.ndarray) -> np.ndarray:
    """1 - s_i along the last axis without cancellation.

    Where s_i > 1/2, 1 - s_i would cancel, so it is taken as the sum of the other
    probabilities, which are all below 1/2 (at most one s_i exceeds 1/2).
    """
    large = s > 0.5
    others = np.sum(np.where(large, 0.0, s), axis=-1, keepdims=True)
    return np.where(large, others, 1.0 - s)


def softmax(x: ArrayLike, axis: int | tuple[int, ...] = -1) -> NDArray[np.floating]:
    r"""Softmax along ``axis``, :math:`s_i = e^{x_i} / \sum_k e^{x_k}`.

    Logits of -inf get probability 0; a slice holding NaN is all NaN; where the largest logit is
    +inf, the +inf logits share the probability. Jacobian :math:`\partial s_i / \partial x_j =
    s_i(\delta_{ij} - s_j)` (:func:`softmax_grad`).

    Parameters
    ----------
    x : array_like
        Logits, real numbers (bools, integers, float16, float32 or float64), at least one
        dimension for an integer axis.
    axis : int or tuple of ints, optional
        The axis, or axes, over which the probabilities sum to 1. Default -1. A tuple treats the
        axes together as one, as ``scipy.special.softmax`` does.

    Returns
    -------
    numpy.ndarray
        Probabilities in x's shape and float dtype: float16, float32 and float64 stay as they are,
        bools and integers give float64 (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If a tuple ``axis`` names an axis twice; numpy's ``AxisError`` (a ValueError) for an axis
        out of range, naming the function.

    Notes
    -----
    Computed from :math:`x - \max_k x_k`, which changes nothing mathematically and keeps every
    exponential at most 1, so no logit overflows.

    References
    ----------
    .. [1] Bridle, "Probabilistic interpretation of feedforward classification network
        outputs, with relationships to statistical pattern recognition", in Neurocomputing:
        Algorithms, Architectures and Applications, Springer, 1990.

    Examples
    --------
    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    >>> softmax([1000.0, 0.0]).tolist()
    [1.0, 0.0]
    >>> softmax([[0.0, 0.0], [0.0, 0.0]], axis=(0, 1)).tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    """
    arr, dtype = as_float64(x, "softmax")
    return restore_dtype(_over_axes(_softmax, arr, axis, "softmax"), dtype)


def softmax_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""Jacobian of softmax, :math:`J_{ij} = \partial s_i / \partial x_j = s_i(\delta_{ij} - s_j)`.

    The full matrix for every slice along ``axis`` (not a vector-Jacobian product).

    Parameters
    ----------
    x : array_like
        Logits, real numbers (bools, integers, float16, float32 or float64), at least one
        dimension for an integer axis.
    axis : int, optional
        The softmax axis, one integer. Default -1.

    Returns
    -------
    numpy.ndarray
        Shape ``x.shape + (n,)`` with ``axis`` moved last, n = x.shape[axis]: ``J[..., i, j]``;
        x's float dtype (float64 for bools and integers).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        ``axis`` is a tuple (the Jacobian is laid out over one axis), naming the function.
    ValueError
        numpy's ``AxisError`` (a ValueError) for an axis out of range, naming the function.

    Notes
    -----
    The diagonal :math:`s_i(1 - s_i)` takes :math:`1 - s_i` as the sum of the other probabilities
    where :math:`s_i > 1/2`, where :math:`1 - s_i` would cancel.

    References
    ----------
    .. [1] Bridle, "Probabilistic interpretation of feedforward classification network
        outputs, with relationships to statistical pattern recognition", in Neurocomputing:
        Algorithms, Architectures and Applications, Springer, 1990.

    Examples
    --------
    >>> softmax_grad([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    arr, dtype = as_float64(x, "softmax_grad")
    axis = _single_axis(axis, arr.ndim, "softmax_grad")
    s = np.moveaxis(_softmax(arr, axis), axis, -1)
    n = s.shape[-1]
    jacobian = np.multiply(np.negative(s)[..., :, None], s[..., None, :])
    jacobian[..., np.arange(n), np.arange(n)] = s * _complement(s)
    return restore_dtype(jacobian, dtype)


def log_softmax(x: ArrayLike, axis: int | tuple[int, ...] = -1) -> NDArray[np.floating]:
    r"""Log-softmax along ``axis``, :math:`\log s_i = x_i - \log\sum_k e^{x_k}`.

    Logits of -inf give -inf; a slice holding NaN is all NaN. Jacobian :math:`\partial \log s_i /
    \partial x_j = \delta_{ij} - s_j` (:func:`log_softmax_grad`).

    Parameters
    ----------
    x : array_like
        Logits, real numbers (bools, integers, float16, float32 or float64), at least one
        dimension for an integer axis.
    axis : int or tuple of ints, optional
        The axis, or axes, over which the probabilities sum to 1. Default -1. A tuple treats the
        axes together as one, as ``scipy.special.softmax`` does.

    Returns
    -------
    numpy.ndarray
        Log-probabilities in x's shape and float dtype: float16, float32 and float64 stay as they
        are, bools and integers give float64 (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If a tuple ``axis`` names an axis twice; numpy's ``AxisError`` (a ValueError) for an axis
        out of range, naming the function.

    Notes
    -----
    Computed as :math:`(x_i - m) - \operatorname{log1p}(\sum_{k \ne k^*} e^{x_k - m})`, :math:`m =
    x_{k^*}` a largest logit: finite for logits up to +-1e308, and exact near 0, where
    ``np.log(softmax(x))`` rounds to 0; in the other tail ``np.log(softmax(x))`` gives -inf once the
    probability underflows, and this form does not.

    References
    ----------
    .. [1] Bridle, "Probabilistic interpretation of feedforward classification network
        outputs, with relationships to statistical pattern recognition", in Neurocomputing:
        Algorithms, Architectures and Applications, Springer, 1990.

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).tolist() == [-0.6931471805599453] * 2
    True
    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    """
    arr, dtype = as_float64(x, "log_softmax")
    return restore_dtype(_over_axes(_log_softmax, arr, axis, "log_softmax"), dtype)


def log_softmax_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""Jacobian of log-softmax, :math:`J_{ij} = \partial \log s_i / \partial x_j = \delta_{ij} - s_j`.

    Laid out as :func:`softmax_grad`'s.

    Parameters
    ----------
    x : array_like
        Logits, real numbers (bools, integers, float16, float32 or float64), at least one
        dimension for an integer axis.
    axis : int, optional
        The softmax axis, one integer. Default -1.

    Returns
    -------
    numpy.ndarray
        Shape ``x.shape + (n,)`` with ``axis`` moved last, n = x.shape[axis]: ``J[..., i, j]``;
        x's float dtype (float64 for bools and integers).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        ``axis`` is a tuple (the Jacobian is laid out over one axis), naming the function.
    ValueError
        numpy's ``AxisError`` (a ValueError) for an axis out of range, naming the function.

    Notes
    -----
    The diagonal :math:`1 - s_i` is the sum of the other probabilities where :math:`s_i > 1/2`,
    where :math:`1 - s_i` would cancel.

    References
    ----------
    .. [1] Bridle, "Probabilistic interpretation of feedforward classification network
        outputs, with relationships to statistical pattern recognition", in Neurocomputing:
        Algorithms, Architectures and Applications, Springer, 1990.

    Examples
    --------
    >>> log_softmax_grad([0.0, 0.0]).tolist()
    [[0.5, -0.5], [-0.5, 0.5]]
    """
    arr, dtype = as_float64(x, "log_softmax_grad")
    axis = _single_axis(axis, arr.ndim, "log_softmax_grad")
    s = np.moveaxis(_softmax(arr, axis), axis, -1)
    n = s.shape[-1]
    jacobian = np.repeat(np.negative(s)[..., None, :], n, axis=-2)
    jacobian[..., np.arange(n), np.arange(n)] = _complement(s)
    return restore_dtype(jacobian, dtype)


@elementwise
def log_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Log of the sigmoid, :math:`\log\sigma(x) = -\mathrm{softplus}(-x)`.

    Range (-inf, 0). Derivative :math:`\sigma(-x)` (:func:`log_sigmoid_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Log sigma(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    Computed as :math:`\min(x, 0) - \operatorname{log1p}(e^{-|x|})`: exact for large negative x,
    where it is x, and for large positive x, where it is :math:`-e^{-x}`; ``np.log(sigmoid(x))``
    gives -inf below -745 and 0 above 37.

    Examples
    --------
    >>> f"{float(log_sigmoid(0.0)):.12f}"
    '-0.693147180560'
    >>> log_sigmoid([-1000.0]).tolist()
    [-1000.0]
    """
    out = log_one_plus_exp(x, negated=True)
    return np.negative(out, out=out)


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
