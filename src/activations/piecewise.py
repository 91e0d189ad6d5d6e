r"""Maxout units and the linear pieces of piecewise-linear networks on a one-dimensional input.

A maxout unit (Goodfellow et al. 2013, "Maxout Networks", ICML) computes k affine maps of its
input and outputs the largest, :math:`h(\mathbf{x}) = \max_{j \le k} (\mathbf{w}_j^\top
\mathbf{x} + b_j)`: a convex, piecewise-linear function of x with at most k pieces. It is not an
elementwise activation (it maps k numbers to one), so it is not in the registry; ReLU is the
maxout of the two pieces 0 and x, and Leaky ReLU (alpha <= 1) the maxout of x and alpha x.

:func:`maxout` and :func:`maxout_grad` take the pre-activations z = xW + b of a layer, k
consecutive entries along ``axis`` per unit. The other functions count linear pieces: a network
of ReLUs and affine maps computes a piecewise-linear function, and on a 1-D input its pieces are
intervals. :func:`linear_pieces` finds them exactly, layer by layer; :func:`count_pieces` counts
them from samples on a grid, by where the slope changes, as one would from a plot.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence

import numpy as np
from numpy.lib.array_utils import normalize_axis_index
from numpy.typing import NDArray

from ._inputs import ArrayLike, as_float64, restore_dtype

__all__ = [
    "Layer",
    "count_pieces",
    "linear_pieces",
    "maxout",
    "maxout_grad",
    "relu_network",
    "tent_map_layers",
]

#: One affine layer ``(W, b)``: W of shape (inputs, outputs), b of shape (outputs,).
Layer = tuple[np.ndarray, np.ndarray]


def _groups(z: object, k: object, axis: object, func: str) -> tuple[np.ndarray, int, np.dtype]:
    """z as float64 with ``axis`` split into (units, k) at the end: shape (..., units, k)."""
    arr, dtype = as_float64(z, func)
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"{func}: k must be a positive integer, got {k!r}")
    if k < 1:
        raise ValueError(f"{func}: k must be a positive integer, got {k}")
    if arr.ndim == 0:
        raise ValueError(f"{func}: expected an array with an axis of pieces, got a scalar")
    try:
        axis = normalize_axis_index(operator.index(axis), arr.ndim, msg_prefix=func)
    except TypeError:
        raise TypeError(f"{func}: axis must be an integer, got {axis!r}") from None
    length = arr.shape[axis]
    if length % k:
        raise ValueError(
            f"{func}: the length {length} along axis {axis} is not a multiple of k = {k}"
        )
    moved = np.moveaxis(arr, axis, -1)
    return moved.reshape(*moved.shape[:-1], length // k, int(k)), axis, dtype


def maxout(z: ArrayLike, k: int, axis: int = -1) -> NDArray[np.floating]:
    r"""Maxout: the largest of each group of k consecutive pre-activations along ``axis``.

    For a layer with pre-activations :math:`z_{ij} = \mathbf{w}_{ij}^\top \mathbf{x} + b_{ij}`
    laid out as units i = 0, 1, ... each holding its k pieces j next to each other, the output of
    unit i is :math:`\max_j z_{ij}`. Exact (a maximum rounds nothing); a group holding nan gives
    nan. Goodfellow, Warde-Farley, Mirza, Courville and Bengio (2013).

    Parameters
    ----------
    z : array_like
        Pre-activations, real numbers; the length along ``axis`` is a multiple of k.
    k : int
        Pieces per unit, at least 1 (k = 1 is the identity).
    axis : int
        The axis of the pieces.

    Returns
    -------
    numpy.ndarray
        z's shape and float dtype, with the length along ``axis`` divided by k (float16,
        float32 and float64 stay as they are, bools and integers give float64).

    Raises
    ------
    TypeError
        If z holds complex numbers, strings, objects or extended-precision floats, or k is
        not an integer, naming the function.
    ValueError
        If k < 1, z is a scalar, or its length along ``axis`` is not a multiple of k, naming
        the function; numpy's ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] Goodfellow, Warde-Farley, Mirza, Courville and Bengio, "Maxout networks", ICML,
        2013.

    Examples
    --------
    >>> maxout([0.0, -2.0, 3.0, 1.0, -1.0, 0.5], k=3).tolist()
    [3.0, 1.0]
    """
    groups, axis, dtype = _groups(z, k, axis, "maxout")
    out = np.max(groups, axis=-1)
    return restore_dtype(np.moveaxis(out, -1, axis), dtype)


def maxout_grad(z: ArrayLike, k: int, axis: int = -1) -> NDArray[np.floating]:
    r"""The derivative of each maxout output in each of its pieces: 1 for the largest, 0 else.

    :math:`\partial h_i / \partial z_{ij}` is 1 for the piece j that attains the maximum and 0
    for the others, so in every group exactly one piece receives the gradient (on a tie, the
    first of the tied pieces, a valid subgradient; a group holding nan is all nan). The result
    has z's shape; multiplied by the upstream gradient of each unit, repeated k times, it is the
    gradient in z.

    Parameters
    ----------
    z : array_like
        Pre-activations, real numbers; the length along ``axis`` is a multiple of k.
    k : int
        Pieces per unit, at least 1.
    axis : int
        The axis of the pieces.

    Returns
    -------
    numpy.ndarray
        1.0 or 0.0 (NaN for a group holding NaN), in z's shape and float dtype (float64 for
        bools and integers).

    Raises
    ------
    TypeError
        If z holds complex numbers, strings, objects or extended-precision floats, or k is
        not an integer, naming the function.
    ValueError
        If k < 1, z is a scalar, or its length along ``axis`` is not a multiple of k, naming
        the function; numpy's ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] Goodfellow, Warde-Farley, Mirza, Courville and Bengio, "Maxout networks", ICML,
        2013.

    Examples
    --------
    >>> maxout_grad([0.0, -2.0, 3.0, 1.0, -1.0, 0.5], k=3).tolist()
    [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    """
    groups, axis, dtype = _groups(z, k, axis, "maxout_grad")
    winner = np.argmax(groups, axis=-1)  # the first maximum, or the first nan
    out = (np.arange(groups.shape[-1]) == winner[..., None]).astype(np.float64)
    has_nan = np.isnan(groups).any(axis=-1)
    out[has_nan] = np.nan
    out = out.reshape(*out.shape[:-2], -1)
    return restore_dtype(np.moveaxis(out, -1, axis), dtype)


# --------------------------------------------------------------------------- linear pieces


def _check_layers(layers: Sequence[Layer], func: str) -> list[tuple[np.ndarray, np.ndarray]]:
    checked, width = [], 1
    for number, (weights, bias) in enumerate(layers):
        weights = np.asarray(weights, dtype=np.float64)
        bias = np.asarray(bias, dtype=np.float64)
        if weights.ndim != 2 or weights.shape[0] != width or bias.shape != (weights.shape[1],):
            raise ValueError(
                f"{func}: layer {number} has W of shape {weights.shape} and b of shape "
                f"{bias.shape}; expected W of shape ({width}, n) and b of shape (n,)"
            )
        if not (np.isfinite(weights).all() and np.isfinite(bias).all()):
            raise ValueError(f"{func}: layer {number} holds a weight or bias that is not finite")
        checked.append((weights, bias))
        width = weights.shape[1]
    if not checked or width != 1:
        raise ValueError(f"{func}: expected at least one layer and one output, got {width}")
    return checked


def relu_network(x: ArrayLike, layers: Sequence[Layer]) -> NDArray[np.float64]:
    """The output of a fully connected network on scalar inputs: ReLU after every layer but
    the last, which is linear.

    Parameters
    ----------
    x : array_like
        Inputs, real numbers, any shape.
    layers : sequence of (W, b)
        W of shape (inputs, outputs), b of shape (outputs,); the first layer has one input,
        the last one output.

    Returns
    -------
    numpy.ndarray
        The outputs, in x's shape, float64.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats.
    ValueError
        If a layer's shapes do not chain from one input to one output, or a weight or bias is
        not finite, naming the function.

    References
    ----------
    .. [1] Montúfar, Pascanu, Cho and Bengio, "On the number of linear regions of deep neural
        networks", NIPS, 2014.

    Examples
    --------
    >>> relu_network([0.0, 0.125, 0.25, 0.5], tent_map_layers(2)).tolist()
    [0.0, 0.5, 1.0, 0.0]
    """
    layers = _check_layers(layers, "relu_network")
    arr, _ = as_float64(x, "relu_network")
    h = arr.reshape(-1, 1)
    for number, (weights, bias) in enumerate(layers):
        h = h @ weights + bias
        if number < len(layers) - 1:
            h = np.maximum(h, 0.0)
    return h.reshape(arr.shape)


def linear_pieces(layers: Sequence[Layer], low: float, high: float) -> NDArray[np.float64]:
    """The exact pieces of :func:`relu_network` on [low, high]: the points where its slope changes.

    The network is followed layer by layer on intervals where it is affine, h(x) = x A + c. A
    unit's pre-activation x a + c changes sign once, at x = -c/a, which splits its interval
    there; on each piece the units that are on keep their affine maps and the others become 0.
    At the end, neighbouring pieces on which the output has the same slope and value are merged
    (a kink that the next layers cancel is not a kink).

    Parameters
    ----------
    layers : sequence of (W, b)
        As in :func:`relu_network`.
    low, high : float
        The interval, low < high.

    Returns
    -------
    numpy.ndarray
        The inner breakpoints, sorted, float64: the function has ``len(result) + 1`` linear
        pieces on [low, high].

    Raises
    ------
    ValueError
        If low >= high, or the layers are not a network from one input to one output with
        finite weights, naming the function.

    Notes
    -----
    Two neighbouring pieces count as one where their slopes differ by at most 1e-9 times the
    larger slope (or 1e-9 near 0), so that rounding in the composed affine maps does not make
    a kink.

    References
    ----------
    .. [1] Montúfar, Pascanu, Cho and Bengio, "On the number of linear regions of deep neural
        networks", NIPS, 2014.

    Examples
    --------
    >>> linear_pieces(tent_map_layers(2), 0.0, 1.0).tolist()
    [0.25, 0.5, 0.75]
    """
    layers = _check_layers(layers, "linear_pieces")
    low, high = float(low), float(high)
    if not low < high:
        raise ValueError(f"linear_pieces: expected low < high, got [{low}, {high}]")
    # Each piece: (left end, right end, A, c), h(x) = x A + c on it.
    pieces = [(low, high, np.ones(1), np.zeros(1))]
    for number, (weights, bias) in enumerate(layers):
        hidden = number < len(layers) - 1
        split = []
        for left, right, slope, offset in pieces:
            a, c = slope @ weights, offset @ weights + bias
            if not hidden:
                split.append((left, right, a, c))
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                roots = -c / a
            inside = np.unique(roots[(a != 0) & (roots > left) & (roots < right)])
            ends = [left, *inside.tolist(), right]
            for start, stop in itertools.pairwise(ends):
                middle = 0.5 * (start + stop)
                on = middle * a + c > 0
                split.append((start, stop, np.where(on, a, 0.0), np.where(on, c, 0.0)))
        pieces = split
    breaks = []
    for (_, right, a, _), (_, _, a_next, _) in itertools.pairwise(pieces):
        slope, next_slope = a[0], a_next[0]
        scale = max(1.0, abs(slope), abs(next_slope))
        if abs(slope - next_slope) > 1e-9 * scale:
            breaks.append(right)
    return np.array(breaks)


def count_pieces(x: ArrayLike, y: ArrayLike, rtol: float = 1e-6) -> int:
    """The number of linear pieces of a function sampled on a grid, from its slopes.

    The slope between neighbouring samples is constant on each piece. A kink inside a grid cell
    makes that one cell's slope a blend of its two neighbours'; such a cell, different from the
    cells on both sides, is counted as a change of slope, not as a piece of its own. So a piece
    at least two cells wide is always counted, and a narrower one may not be; the result is
    :func:`linear_pieces`'s count when the grid is fine enough.

    Parameters
    ----------
    x, y : array_like
        The samples, x increasing.
    rtol : float
        Slopes that differ by at most ``rtol`` times the larger magnitude (or ``rtol`` near 0)
        are equal.

    Returns
    -------
    int
        The number of pieces, at least 1.

    Raises
    ------
    ValueError
        If x and y are not 1-D arrays of one length of at least 2, or x is not increasing.

    References
    ----------
    .. [1] Montúfar, Pascanu, Cho and Bengio, "On the number of linear regions of deep neural
        networks", NIPS, 2014.

    Examples
    --------
    >>> x = np.linspace(0.0, 1.0, 1025)
    >>> count_pieces(x, relu_network(x, tent_map_layers(2)))
    4
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2 or not np.all(np.diff(x) > 0):
        raise ValueError("count_pieces: expected 1-D x and y of one length >= 2, x increasing")
    slopes = np.diff(y) / np.diff(x)
    same = np.abs(np.diff(slopes)) <= rtol * np.maximum(1.0, np.abs(slopes[:-1]))
    # Runs of equal slopes: where each starts and how many cells it holds.
    starts = np.flatnonzero(np.concatenate([[True], ~same]))
    lengths = np.diff(np.append(starts, slopes.size))
    kept = slopes[starts[lengths >= 2]]  # a run of one cell is a kink inside that cell
    if kept.size == 0:
        return 1
    changes = np.abs(np.diff(kept)) > rtol * np.maximum(1.0, np.abs(kept[:-1]))
    return 1 + int(np.count_nonzero(changes))


def tent_map_layers(depth: int) -> list[Layer]:
    """A ReLU network of ``depth`` hidden layers of two units that composes the tent map.

    The tent map t(x) = 2 ReLU(x) - 4 ReLU(x - 1/2) rises from 0 to 1 on [0, 1/2] and falls back
    on [1/2, 1]. Each hidden layer computes ReLU(u) and ReLU(u - 1/2) of the previous output
    u, and the next layer adds them with weights 2 and -4: ``depth`` layers compose t with
    itself ``depth`` times, a sawtooth with 2**depth pieces on [0, 1] from 2 * depth ReLUs
    (Montufar et al. 2014). All weights are small powers of 2, so every
    computed value on a dyadic grid is exact.

    Parameters
    ----------
    depth : int
        The number of hidden layers, at least 1.

    Returns
    -------
    list of (W, b)
        ``depth + 1`` layers for :func:`relu_network`, float64.

    Raises
    ------
    ValueError
        If depth is not a positive integer, naming the function.

    References
    ----------
    .. [1] Montúfar, Pascanu, Cho and Bengio, "On the number of linear regions of deep neural
        networks", NIPS, 2014.
    .. [2] Telgarsky, "Benefits of depth in neural networks", COLT, 2016.

    Examples
    --------
    >>> len(tent_map_layers(3))
    4
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"tent_map_layers: depth must be a positive integer, got {depth!r}")
    split = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    fold = np.array([[2.0], [-4.0]])
    layers = [split]
    for _ in range(depth - 1):
        layers.append((fold @ split[0], split[1].copy()))
    layers.append((fold, np.zeros(1)))
    return layers
