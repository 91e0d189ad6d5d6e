"""Softmax, the one vector-valued activation, and its Jacobian."""

from __future__ import annotations

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ._inputs import as_float64, restore_dtype

__all__ = ["softmax", "softmax_grad"]


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """exp(x - max) / sum(exp(x - max)) along ``axis``, float64 kernel."""
    top = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    # x - top may overflow to -inf (logits +-1e308): its exponential, 0, is then exact.
    # A row of -inf logits has no softmax: -inf - (-inf) is nan, and the row stays nan.
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = x - top
    if np.isposinf(top).any():  # the limit shares all probability among the +inf logits
        shifted = np.where(np.isposinf(top), np.where(np.isposinf(x), 0.0, -np.inf), shifted)
    weights = np.exp(shifted)
    with np.errstate(invalid="ignore"):  # 0/0 only for an all -inf row, whose answer is nan
        return weights / np.sum(weights, axis=axis, keepdims=True)


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
    # The diagonal is s_i (1 - s_i). When s_i > 1/2, 1 - s_i would cancel, so it is taken as the
    # sum of the other probabilities, which are all below 1/2 (at most one s_i exceeds 1/2).
    large = s > 0.5
    others = np.where(large, np.sum(np.where(large, 0.0, s), axis=-1, keepdims=True), 1.0 - s)
    jacobian[..., np.arange(n), np.arange(n)] = s * others
    return restore_dtype(jacobian, dtype)
