r"""PReLU, the rectifier whose negative slope is learned, and its derivatives in x and in alpha.

:math:`\operatorname{PReLU}(x) = x` for x > 0 and :math:`\alpha x` for x <= 0 (He et al. 2015,
"Delving Deep into Rectifiers"). The slope alpha is a parameter of the network, trained with the
weights: either one alpha shared by every input of the layer (a scalar), or one per channel (a
1-D array whose length is the size of x along the channel ``axis``). PyTorch's ``nn.PReLU()``
starts from alpha = 0.25, the value He et al. use, and takes dimension 1 of its input as the
channel axis; here the axis is always given explicitly.

Unlike Leaky ReLU's, alpha may be any finite number: 0 makes PReLU a ReLU, 1 the identity, and
a negative alpha (which training can reach) a function that is not monotonic.

Three functions:

* :func:`prelu` — the activation;
* :func:`prelu_grad` — :math:`\partial f / \partial x`, elementwise: 1 for x > 0, alpha for x <= 0
  (PyTorch's value at the kink, as :func:`activations.leaky_relu_grad`);
* :func:`prelu_alpha_grad` — :math:`\partial L / \partial \alpha`, given the upstream gradient
  :math:`g = \partial L / \partial f`. Every output that shares a slope contributes
  :math:`g \cdot \partial f/\partial \alpha = g \min(0, x)`:
  :math:`\partial L/\partial \alpha = \sum g \min(0, x)` over all of x for a shared alpha, and
  over every position of channel c for alpha_c.
"""

from __future__ import annotations

import math
import numbers
import operator

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ._inputs import ArrayLike, FloatArray, as_float64, restore_dtype
from ._kernels import leaves_nan, linear_with_slope_below_zero
from .spec import Parameter

__all__ = ["PRELU_ALPHA", "PRELU_INIT", "prelu", "prelu_alpha_grad", "prelu_grad"]

#: The initial slope of He et al. (2015) ("We use a_i = 0.25 as the initialization throughout
#: this paper") and PyTorch's default ``nn.PReLU(num_parameters=1, init=0.25)``.
PRELU_INIT = 0.25
#: PReLU's slope as the explorer and the figures show it: -0.5 to 1.5 in steps of 0.05 (0 is
#: ReLU, 1 the identity). An array of slopes is checked by :func:`prelu` itself.
PRELU_ALPHA = Parameter(
    "alpha",
    "\N{GREEK SMALL LETTER ALPHA}",
    PRELU_INIT,
    grid=(range(-10, 31), 20),
    figure_values=(0.0, PRELU_INIT, 0.5),
)


def _axis(func: str, axis: object, ndim: int) -> int | None:
    """``axis`` as an index into x's dimensions, or None."""
    if axis is None:
        return None
    if isinstance(axis, bool):
        raise TypeError(f"{func}: axis must be an integer or None, got {axis!r}")
    try:
        index = operator.index(axis)
    except TypeError:
        raise TypeError(f"{func}: axis must be an integer or None, got {axis!r}") from None
    return normalize_axis_index(index, ndim, msg_prefix=func)


def _slopes(func: str, alpha: object, shape: tuple[int, ...], axis: object) -> float | np.ndarray:
    """alpha as a float (shared), or as an array shaped to broadcast along the channel axis.

    Raises TypeError for an alpha that is not real numbers, ValueError for a non-finite one, for
    one of more than one dimension, for a 1-D alpha without an axis or whose length is not the
    number of channels, and numpy's AxisError (a ValueError) for an axis out of range.
    """
    axis = _axis(func, axis, len(shape))
    if isinstance(alpha, numbers.Real) and not isinstance(alpha, bool | np.bool_):
        value = float(alpha)
        if not math.isfinite(value):
            raise ValueError(f"{func}: alpha must be finite, got {value}")
        return value + 0.0  # -0.0 is the slope 0
    try:
        slopes = np.asarray(alpha)
    except ValueError as err:  # a ragged list
        raise ValueError(f"{func}: cannot make an array of alpha: {err}") from None
    if slopes.dtype.kind not in "iuf" or slopes.dtype.itemsize > 8:
        what = repr(alpha) if slopes.ndim == 0 else f"an array of dtype {slopes.dtype}"
        raise TypeError(
            f"{func}: alpha must be a real number or a 1-D array of real numbers, got {what}"
        )
    slopes = slopes.astype(np.float64)
    if slopes.ndim == 0:
        return _slopes(func, float(slopes), shape, axis)
    if slopes.ndim > 1:
        raise ValueError(
            f"{func}: alpha must be a scalar (one slope shared by every input) or a 1-D array "
            f"(one slope per channel), got an array of shape {slopes.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(slopes))
    if bad.size:
        raise ValueError(f"{func}: alpha must be finite, got alpha[{bad[0]}] = {slopes[bad[0]]}")
    if axis is None:
        raise ValueError(
            f"{func}: a 1-D alpha (one slope per channel) needs the channel axis of x: pass "
            "axis, e.g. axis=1 for PyTorch's layout (batch, channels, ...)"
        )
    if slopes.size != shape[axis]:
        raise ValueError(
            f"{func}: alpha has {slopes.size} slopes but x has {shape[axis]} channels along "
            f"axis {axis}"
        )
    slopes = slopes + 0.0  # -0.0 is the slope 0
    return slopes.reshape([-1 if d == axis else 1 for d in range(len(shape))])


def _prelu(x: np.ndarray, slopes: float | np.ndarray) -> np.ndarray:
    """x for x > 0, alpha x for x <= 0, float64 kernel (x has at least one dimension)."""
    if isinstance(slopes, float):
        return linear_with_slope_below_zero(x, slopes)
    # One slope per channel: Leaky ReLU's kernel, with the max or min chosen channel by channel.
    with np.errstate(over="ignore", invalid="ignore"):  # alpha x overflows to inf; 0 * inf below
        scaled = slopes * x
    zero = slopes == 0
    if zero.any():
        np.copysign(0.0, x, out=scaled, where=zero)  # 0 * x, and its limit at +-inf
    np.maximum(x, scaled, out=scaled, where=slopes <= 1)
    np.minimum(x, scaled, out=scaled, where=slopes > 1)
    return scaled


def prelu(
    x: ArrayLike, alpha: float | ArrayLike = PRELU_INIT, axis: int | None = None
) -> FloatArray:
    r"""Parametric ReLU, :math:`x` for x > 0 and :math:`\alpha x` for x <= 0.

    Derivative 1 for x > 0 and alpha for x <= 0 (:func:`prelu_grad`); the derivative in alpha is
    :math:`\min(0, x)` (:func:`prelu_alpha_grad`). He, Zhang, Ren and Sun (2015).

    Computed as Leaky ReLU is, max(x, alpha x) for alpha <= 1 and min(x, alpha x) above, so a
    float64 result is alpha x correctly rounded (float32 and float16 results are rounded twice,
    through float64, and stay within one ulp). The zeros follow alpha x: prelu(+0.0) is +0.0 for
    alpha >= 0 and -0.0 for alpha < 0, as in PyTorch. At -inf the result is -inf times the sign
    of alpha, and 0 for alpha = 0, the limit (PyTorch computes 0 * -inf and returns nan).

    Parameters
    ----------
    x : array_like
        Real numbers.
    alpha : float or array_like, optional
        The slope for x <= 0: a scalar shared by every input (default 0.25, He et al.'s and
        PyTorch's initial value), or a 1-D array with one slope per channel. Any finite value.
    axis : int, optional
        The channel axis of x, required for a 1-D ``alpha``: its length must be
        ``x.shape[axis]`` (PyTorch's layout (batch, channels, ...) has ``axis=1``).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The same shape and float dtype as ``x`` (float16, float32 and float64 stay as they
        are, bools and integers give float64).

    Raises
    ------
    TypeError
        If x or alpha holds something other than real numbers, or axis is not an integer,
        naming the function.
    ValueError
        If x cannot be made into an array; if alpha is not finite, has more than one
        dimension, is 1-D without an axis, or has a length other than ``x.shape[axis]``,
        naming the function; numpy's ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] He, Zhang, Ren and Sun, "Delving deep into rectifiers: surpassing human-level
        performance on ImageNet classification", ICCV, 2015.

    Examples
    --------
    >>> prelu([-2.0, 3.0]).tolist()
    [-0.5, 3.0]
    >>> prelu([[-1.0, -1.0], [2.0, -4.0]], alpha=[0.1, 0.5], axis=1).tolist()
    [[-0.1, -0.5], [2.0, -2.0]]
    """
    arr, dtype = as_float64(x, "prelu")
    slopes = _slopes("prelu", alpha, arr.shape, axis)
    out = _prelu(np.atleast_1d(arr), slopes)
    return restore_dtype(out.reshape(arr.shape), dtype)


def prelu_grad(
    x: ArrayLike, alpha: float | ArrayLike = PRELU_INIT, axis: int | None = None
) -> FloatArray:
    r"""PReLU's derivative in x: 1 for x > 0, alpha for x <= 0, elementwise.

    The value at the kink x = 0 is alpha, the left piece's, as PyTorch's backward computes it.

    Parameters
    ----------
    x : array_like
        Real numbers.
    alpha : float or array_like, optional
        As in :func:`prelu`: a shared slope (default 0.25) or one per channel, any finite value.
    axis : int, optional
        The channel axis of x, required for a 1-D ``alpha``.

    Returns
    -------
    numpy.ndarray or numpy scalar
        1 or alpha (NaN where x is NaN), in x's shape and float dtype (float64 for bools and
        integers).

    Raises
    ------
    TypeError
        If x or alpha holds something other than real numbers, or axis is not an integer,
        naming the function.
    ValueError
        If x cannot be made into an array; if alpha is not finite, has more than one
        dimension, is 1-D without an axis, or has a length other than ``x.shape[axis]``,
        naming the function; numpy's ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] He, Zhang, Ren and Sun, "Delving deep into rectifiers: surpassing human-level
        performance on ImageNet classification", ICCV, 2015.

    Examples
    --------
    >>> prelu_grad([[-1.0, 2.0]], alpha=[0.1, 0.5], axis=1).tolist()
    [[0.1, 1.0]]
    >>> prelu_grad([-2.0, 0.0, 3.0]).tolist()
    [0.25, 0.25, 1.0]
    """
    arr, dtype = as_float64(x, "prelu_grad")
    slopes = _slopes("prelu_grad", alpha, arr.shape, axis)
    x1 = np.atleast_1d(arr)
    # Arithmetic on 0/1 masks, not np.where: no branch on the sign (as leaky_relu_grad).
    out = np.multiply(x1 <= 0, slopes, dtype=np.float64)
    np.add(out, x1 > 0, out=out)
    return restore_dtype(leaves_nan(x1, out).reshape(arr.shape), dtype)


def prelu_alpha_grad(
    x: ArrayLike, upstream: ArrayLike | None = None, axis: int | None = None
) -> FloatArray:
    r"""The gradient of a loss L in PReLU's slope: :math:`\sum g \min(0, x)` over the positions
    that share the slope.

    Each output f = PReLU(x) depends on alpha through :math:`\partial f / \partial \alpha =
    \min(0, x)` (0 for x > 0, x for x <= 0; it does not depend on alpha). By the chain rule,
    with the upstream gradient :math:`g = \partial L / \partial f` of every output,

    .. math:: \frac{\partial L}{\partial \alpha} = \sum_{\text{positions sharing } \alpha}
              g \, \min(0, x),

    summed over all of x for a shared alpha (``axis=None``), and for alpha_c of a per-channel
    alpha over every position of channel c along ``axis`` (He et al. 2015, Sec. 2.1).

    Parameters
    ----------
    x : array_like
        PReLU's inputs, real numbers.
    upstream : array_like, optional
        :math:`\partial L / \partial f`, broadcastable to x's shape; ones by default, which gives
        the gradient of the sum of the outputs.
    axis : int, optional
        None for a shared alpha (the result is a scalar); the channel axis for one alpha per
        channel (the result is 1-D, of length ``x.shape[axis]``).

    Returns
    -------
    numpy scalar or numpy.ndarray
        In the wider float dtype of x and upstream (float64 for bools and integers). Each
        product g x is computed in float64, exactly for float16 and float32 inputs, and the
        products are added by numpy's pairwise summation. Where x > 0 a term is 0 whatever g is;
        IEEE arithmetic gives the rest: nan for a nan term, nan for inf - inf.

    Raises
    ------
    TypeError
        If x or upstream holds something other than real numbers, or axis is not an integer,
        naming the function.
    ValueError
        If upstream does not broadcast to x's shape, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] He, Zhang, Ren and Sun, "Delving deep into rectifiers: surpassing human-level
        performance on ImageNet classification", ICCV, 2015.

    Examples
    --------
    >>> float(prelu_alpha_grad([-2.0, 3.0, -0.5]))
    -2.5
    >>> prelu_alpha_grad([[-1.0, 2.0], [-3.0, -4.0]], axis=1).tolist()
    [-4.0, -4.0]
    """
    arr, dtype = as_float64(x, "prelu_alpha_grad")
    axis = _axis("prelu_alpha_grad", axis, arr.ndim)
    if upstream is None:
        grad = np.ones(())
    else:
        grad, grad_dtype = as_float64(upstream, "prelu_alpha_grad")
        dtype = np.result_type(dtype, grad_dtype)
        try:
            grad = np.broadcast_to(grad, arr.shape)
        except ValueError:
            raise ValueError(
                f"prelu_alpha_grad: upstream of shape {grad.shape} does not broadcast to "
                f"x's shape {arr.shape}"
            ) from None
    with np.errstate(over="ignore", invalid="ignore"):  # g x overflows to inf; inf * 0 is nan
        terms = np.where(arr > 0, 0.0, grad * arr)
        if axis is None:
            total = np.sum(terms)
        else:
            per_channel = np.moveaxis(terms, axis, 0).reshape(arr.shape[axis], -1)
            total = np.sum(per_channel, axis=1)
    return restore_dtype(np.asarray(total), dtype)
