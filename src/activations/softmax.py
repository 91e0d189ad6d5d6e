"""Softmax and log-softmax, the vector-valued activations, and their Jacobians."""

from __future__ import annotations

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ._inputs import as_float64, restore_dtype

__all__ = ["log_softmax", "log_softmax_grad", "softmax", "softmax_grad"]


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


def _complement(s: np.ndarray) -> np.ndarray:
    """1 - s_i along the last axis without cancellation.

    Where s_i > 1/2, 1 - s_i would cancel, so it is taken as the sum of the other
    probabilities, which are all below 1/2 (at most one s_i exceeds 1/2).
    """
    large = s > 0.5
    others = np.sum(np.where(large, 0.0, s), axis=-1, keepdims=True)
    return np.where(large, others, 1.0 - s)


def softmax(x, axis=-1):
    r"""Softmax along ``axis``, :math:`s_i = e^{x_i} / \sum_k e^{x_k}`.

    Computed from :math:`x - \max_k x_k`, which changes nothing mathematically and keeps every
    exponential at most 1. Logits of -inf get probability 0; a slice holding nan is all nan.
    Jacobian :math:`\partial s_i / \partial x_j = s_i(\delta_{ij} - s_j)`. Bridle (1990).

    Parameters
    ----------
    x : array_like
        Logits (real numbers).
    axis : int
        The axis along which the probabilities sum to 1.

    Returns
    -------
    numpy.ndarray
        Probabilities of the same shape and float dtype as ``x``.

    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    arr, dtype = as_float64(x, "softmax")
    axis = normalize_axis_index(axis, arr.ndim, msg_prefix="softmax")
    return restore_dtype(_softmax(arr, axis), dtype)


def softmax_grad(x, axis=-1):
    r"""Jacobian of softmax, :math:`J_{ij} = s_i(\delta_{ij} - s_j)`.

    Parameters
    ----------
    x : array_like
        Logits (real numbers).
    axis : int
        The softmax axis.

    Returns
    -------
    numpy.ndarray
        Shape ``x.shape + (n,)`` with ``axis`` moved last: ``J[..., i, j]``, n = x.shape[axis].
    """
    arr, dtype = as_float64(x, "softmax_grad")
    axis = normalize_axis_index(axis, arr.ndim, msg_prefix="softmax_grad")
    s = np.moveaxis(_softmax(arr, axis), axis, -1)
    n = s.shape[-1]
    jacobian = np.multiply(np.negative(s)[..., :, None], s[..., None, :])
    jacobian[..., np.arange(n), np.arange(n)] = s * _complement(s)
    return restore_dtype(jacobian, dtype)


def log_softmax(x, axis=-1):
    r"""Log-softmax along ``axis``, :math:`\log s_i = x_i - \log\sum_k e^{x_k}`.

    Computed as :math:`(x_i - m) - \operatorname{log1p}(\sum_{k \ne k^*} e^{x_k - m})`,
    m = x_{k*} a largest logit: finite for logits up to +-1e308 (an entry whose exact value
    is below the most negative float rounds to -inf, as IEEE arithmetic prescribes),
    and exact near 0, where ``np.log(softmax(x))`` rounds to 0 and, in the other tail, gives
    -inf once the probability underflows. Logits of -inf give -inf; a slice holding nan
    is all nan. Jacobian :math:`\partial \log s_i / \partial x_j = \delta_{ij} - s_j`.

    Parameters
    ----------
    x : array_like
        Logits (real numbers).
    axis : int
        The axis along which the probabilities sum to 1.

    Returns
    -------
    numpy.ndarray
        Log-probabilities of the same shape and float dtype as ``x``.

    >>> log_softmax([0.0, 0.0]).tolist() == [-0.6931471805599453] * 2
    True
    """
    arr, dtype = as_float64(x, "log_softmax")
    axis = normalize_axis_index(axis, arr.ndim, msg_prefix="log_softmax")
    return restore_dtype(_log_softmax(arr, axis), dtype)


def log_softmax_grad(x, axis=-1):
    r"""Jacobian of log-softmax, :math:`J_{ij} = \delta_{ij} - s_j`.

    Laid out as :func:`softmax_grad`'s; the diagonal :math:`1 - s_i` is computed without
    cancellation.

    Parameters
    ----------
    x : array_like
        Logits (real numbers).
    axis : int
        The log-softmax axis.

    Returns
    -------
    numpy.ndarray
        Shape ``x.shape + (n,)`` with ``axis`` moved last: ``J[..., i, j]``, n = x.shape[axis].
    """
    arr, dtype = as_float64(x, "log_softmax_grad")
    axis = normalize_axis_index(axis, arr.ndim, msg_prefix="log_softmax_grad")
    s = np.moveaxis(_softmax(arr, axis), axis, -1)
    n = s.shape[-1]
    jacobian = np.repeat(np.negative(s)[..., None, :], n, axis=-2)
    jacobian[..., np.arange(n), np.arange(n)] = _complement(s)
    return restore_dtype(jacobian, dtype)
