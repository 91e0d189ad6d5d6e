"""Gated linear units: the value half times a gate of the other half.

Each function splits ``x`` into halves ``a, b`` along ``axis`` (the first half is the value,
the second goes through the gate, the convention of ``torch.nn.functional.glu`` and
``jax.nn.glu``) and returns ``a * g(b)``, with g = sigmoid (GLU), relu (ReGLU), the exact
GELU (GEGLU) or SiLU (SwiGLU). In a Transformer's feed-forward block ``x`` is the
concatenation of two projections of the same input, xW and xV.

Each ``<name>_grad`` returns the two partial derivatives of the output, concatenated along
``axis`` so that the result has ``x``'s shape: ``d out / d a = g(b)`` in the first half and
``d out / d b = a g'(b)`` in the second. Output i depends only on a_i and b_i, so these
are all the non-zero entries of the Jacobian; they are also the gradient of the sum of the
outputs (an upstream gradient of ones).

Limits: an infinite value with a finite gate input gives the limit with b held fixed,
+-inf times the sign of g(b), or 0 where g(b) = 0 exactly (ReGLU's closed gate); an
infinite gate input gives the limit in b, times a (0 for a = 0). Where both are infinite
and the product is inf * 0, it has no limit, and the answer is nan, unless the gate is
closed (ReGLU with b = -inf: 0 for every a).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.lib.array_utils import normalize_axis_index
from numpy.typing import NDArray
from scipy import special

from . import classic, rectifiers, smooth
from ._inputs import ArrayLike, as_float64, restore_dtype
from ._kernels import log_one_plus_exp, logistic, normal_cdf, smallest

__all__ = [
    "geglu",
    "geglu_grad",
    "glu",
    "glu_grad",
    "reglu",
    "reglu_grad",
    "swiglu",
    "swiglu_grad",
]


@dataclass(frozen=True)
class _Factor:
    """g or g' of a gate: its values, log|.| for where they underflow, and the signs there.

    ``log_abs`` is None where the values never underflow (ReLU's are 0, b or 1 exactly);
    ``tails`` are the signs of the exact values where the computed ones underflow to 0,
    for b < 0 and b > 0; ``ratio`` is g(b)/b for a g that is b times a gate, used where b
    itself is tiny.
    """

    values: Callable[[np.ndarray], np.ndarray]
    log_abs: Callable[[np.ndarray], np.ndarray] | None
    tails: tuple[float, float]
    ratio: Callable[[np.ndarray], np.ndarray] | None = None


@dataclass(frozen=True)
class _Gate:
    """A gate g and its derivative g'."""

    function: _Factor
    derivative: _Factor


_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _log_sigmoid(b: np.ndarray) -> np.ndarray:
    """log sigma(b) = -softplus(-b)."""
    out = log_one_plus_exp(b, negated=True)
    return np.negative(out, out=out)


def _log_abs(b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):  # log 0 = -inf, exact
        return np.log(np.abs(b))


def _log_normal_pdf(b: np.ndarray) -> np.ndarray:
    """log phi(b) = -b^2/2 - log sqrt(2 pi)."""
    with np.errstate(over="ignore"):  # b^2 = inf for |b| > 1.3e154: log phi = -inf, exact enough
        return -0.5 * np.square(b) - _LOG_SQRT_2PI


def _log_abs_gelu_slope(b: np.ndarray) -> np.ndarray:
    """log|Phi(b) + b phi(b)| for b << 0 as log phi(b) + log(|b| - Phi(b)/phi(b)).

    The Mills ratio Phi(b)/phi(b) is about 1/|b| there, so nothing cancels.
    """
    log_pdf = _log_normal_pdf(b)
    with np.errstate(invalid="ignore"):  # -inf - (-inf) for |b| > 1.3e154, replaced below
        mills = np.exp(special.log_ndtr(b) - log_pdf)
    mills = np.where(np.isnan(mills) & ~np.isnan(b), 0.0, mills)
    return log_pdf + np.log(np.abs(b) - mills)


_SIGMOID = _Gate(
    _Factor(classic.sigmoid, _log_sigmoid, (1.0, 1.0)),
    _Factor(classic.sigmoid_grad, lambda b: _log_sigmoid(b) + _log_sigmoid(-b), (1.0, 1.0)),
)
# relu(b) and relu'(b) are exactly 0 for b <= 0 (PyTorch's relu'(0) = 0), never underflowing.
_RELU = _Gate(
    _Factor(rectifiers.relu, None, (0.0, 1.0)), _Factor(rectifiers.relu_grad, None, (0.0, 1.0))
)
# b Phi(b), b sigma(b) and their derivatives are negative in the far left tail.
_GELU = _Gate(
    _Factor(smooth.gelu, lambda b: _log_abs(b) + special.log_ndtr(b), (-1.0, 1.0), normal_cdf),
    _Factor(smooth.gelu_grad, _log_abs_gelu_slope, (-1.0, 1.0)),
)
_SILU = _Gate(
    _Factor(smooth.silu, lambda b: _log_abs(b) + _log_sigmoid(b), (-1.0, 1.0), logistic),
    _Factor(
        smooth.silu_grad,
        lambda b: _log_sigmoid(b) + _log_abs(1.0 + b * classic.sigmoid(-b)),
        (-1.0, 1.0),
    ),
)
_SMALLEST_NORMAL = np.finfo(np.float64).tiny


def _halves(x: object, func: str, axis: int) -> tuple[np.ndarray, np.ndarray, int, np.dtype]:
    """(a, b, axis, dtype): x split in two along ``axis``, as float64."""
    arr, dtype = as_float64(x, func)
    if arr.ndim == 0:
        raise ValueError(f"{func}: expected an array with an axis to split, got a scalar")
    axis = normalize_axis_index(axis, arr.ndim, msg_prefix=func)
    length = arr.shape[axis]
    if length % 2:
        raise ValueError(
            f"{func}: the length along axis {axis} must be even to split x into value and "
            f"gate halves, got {length}"
        )
    a, b = np.split(arr, 2, axis=axis)
    return a, b, axis, dtype


def _times_gate(a: np.ndarray, b: np.ndarray, factor: _Factor) -> np.ndarray:
    """a * factor(b), with the limits described in the module docstring where a or b is infinite.

    Where factor(b) is subnormal or underflows to 0 while |a| > 1, the product can still be a
    normal float: there it is (a b) (g(b)/b) for tiny b, and sign * exp(log|a| + log|g(b)|)
    in the tails.
    """
    gate = factor.values(b)
    tails = factor.tails
    with np.errstate(over="ignore", invalid="ignore"):  # a product beyond max is inf; inf*0 below
        out = a * gate
    # Reductions, which allocate nothing, skip the fix-up passes that no entry needs.
    if factor.log_abs is not None and np.fmin.reduce(np.abs(gate), axis=None, initial=np.inf) < (
        _SMALLEST_NORMAL
    ):
        tiny = (np.abs(gate) < _SMALLEST_NORMAL) & (np.abs(a) > 1) & np.isfinite(a) & (b != 0)
        tiny &= np.isfinite(b)
        if tiny.any():
            a_t, b_t = a[tiny], b[tiny]
            sign = np.where(b_t < 0, tails[0], tails[1]) * np.sign(a_t)
            rescued = sign * np.exp(np.log(np.abs(a_t)) + factor.log_abs(b_t))
            if factor.ratio is not None:
                near_zero = np.abs(b_t) < 1
                b_near = b_t[near_zero]
                rescued[near_zero] = a_t[near_zero] * b_near * factor.ratio(b_near)
            out[tiny] = rescued
    if _holds_infinity(a):
        # The gate is closed where g is exactly 0 on a whole side (ReLU's for b <= 0): there the
        # output is 0 for every a, so its limit as a -> +-inf is 0 too, whatever b.
        closed = (gate == 0) & (np.where(b < 0, tails[0], tails[1]) == 0)
        infinite_a = np.isinf(a) & (np.isfinite(b) | closed)
        sign = np.sign(gate)
        underflowed = (gate == 0) & (b != 0)
        sign = np.where(underflowed | closed, np.where(b < 0, tails[0], tails[1]), sign)
        with np.errstate(invalid="ignore"):
            limit = np.where(sign == 0, np.copysign(0.0, a), a * sign)
        out = np.where(infinite_a, limit, out)
    if _holds_infinity(gate):
        zero_a = (a == 0) & np.isinf(gate) & np.isinf(b)
        out = np.where(zero_a, a, out)  # a = 0 makes the output 0 for every b
    return out


def _holds_infinity(x: np.ndarray) -> bool:
    """Whether x has an infinite entry (two reductions, no temporary array)."""
    return bool(np.isinf(smallest(x)) or np.isinf(np.fmax.reduce(x, axis=None, initial=-np.inf)))


def _gated(x, axis, func: str, gate: _Gate):
    a, b, _, dtype = _halves(x, func, axis)
    return restore_dtype(_times_gate(a, b, gate.function), dtype)


def _gated_grad(x, axis, func: str, gate: _Gate):
    a, b, axis, dtype = _halves(x, func, axis)
    slope = _times_gate(a, b, gate.derivative)
    return restore_dtype(np.concatenate([gate.function.values(b), slope], axis=axis), dtype)


def glu(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""GLU, :math:`a \otimes \sigma(b)`, with x = [a, b] split in halves along ``axis``.

    The gate is the sigmoid; output i is a_i g(b_i). Its partial derivatives: :func:`glu_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        a g(b), in x's shape with the length along ``axis`` halved, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Dauphin, Fan, Auli and Grangier, "Language modeling with gated convolutional
        networks", ICML, 2017.

    Examples
    --------
    >>> glu([2.0, 0.0]).tolist()
    [1.0]
    >>> glu([[1.0, 2.0, 0.0, 1000.0]]).tolist()
    [[0.5, 2.0]]
    """
    return _gated(x, axis, "glu", _SIGMOID)


def glu_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""GLU's partial derivatives, :math:`[\sigma(b),\ a\,\sigma'(b)]`, concatenated along ``axis``.

    Not a Jacobian matrix: output i depends only on a_i and b_i, so its two partials :math:`\partial
    y_i/\partial a_i = g(b_i)` (first half) and :math:`\partial y_i/\partial b_i = a_i g'(b_i)`
    (second half) are all the non-zero entries of the Jacobian. Multiplied by the upstream gradient
    repeated in both halves, they give the gradient in x.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        The two partial derivatives of every output, in x's shape, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Dauphin, Fan, Auli and Grangier, "Language modeling with gated convolutional
        networks", ICML, 2017.

    Examples
    --------
    >>> glu_grad([2.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    return _gated_grad(x, axis, "glu_grad", _SIGMOID)


def reglu(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""ReGLU, :math:`a \otimes \max(0, b)`, with x = [a, b] split in halves along ``axis``.

    The gate is ReLU; output i is a_i g(b_i). Its partial derivatives: :func:`reglu_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        a g(b), in x's shape with the length along ``axis`` halved, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> reglu([2.0, 3.0]).tolist()
    [6.0]
    >>> reglu([2.0, -3.0]).tolist()
    [0.0]
    """
    return _gated(x, axis, "reglu", _RELU)


def reglu_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""ReGLU's partial derivatives, :math:`[\max(0, b),\ a\,[b > 0]]`, concatenated along ``axis``.

    Not a Jacobian matrix: output i depends only on a_i and b_i, so its two partials :math:`\partial
    y_i/\partial a_i = g(b_i)` (first half) and :math:`\partial y_i/\partial b_i = a_i g'(b_i)`
    (second half) are all the non-zero entries of the Jacobian. Multiplied by the upstream gradient
    repeated in both halves, they give the gradient in x.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        The two partial derivatives of every output, in x's shape, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    At b = 0 the derivative of the gate is 0, PyTorch's relu'(0).

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> reglu_grad([2.0, 3.0]).tolist()
    [3.0, 2.0]
    >>> reglu_grad([2.0, 0.0]).tolist()
    [0.0, 0.0]
    """
    return _gated_grad(x, axis, "reglu_grad", _RELU)


def geglu(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""GEGLU, :math:`a \otimes \mathrm{GELU}(b)`, with x = [a, b] split in halves along ``axis``.

    The gate is the exact GELU; output i is a_i g(b_i). Its partial derivatives: :func:`geglu_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        a g(b), in x's shape with the length along ``axis`` halved, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> geglu([2.0, 0.0]).tolist()
    [0.0]
    >>> f"{float(geglu([2.0, 1.0])[0]):.6f}"
    '1.682689'
    """
    return _gated(x, axis, "geglu", _GELU)


def geglu_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""GEGLU's partial derivatives, :math:`[\mathrm{GELU}(b),\ a\,\mathrm{GELU}'(b)]`, concatenated along ``axis``.

    Not a Jacobian matrix: output i depends only on a_i and b_i, so its two partials :math:`\partial
    y_i/\partial a_i = g(b_i)` (first half) and :math:`\partial y_i/\partial b_i = a_i g'(b_i)`
    (second half) are all the non-zero entries of the Jacobian. Multiplied by the upstream gradient
    repeated in both halves, they give the gradient in x.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        The two partial derivatives of every output, in x's shape, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> geglu_grad([2.0, 0.0]).tolist()
    [0.0, 1.0]
    """
    return _gated_grad(x, axis, "geglu_grad", _GELU)


def swiglu(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""SwiGLU, :math:`a \otimes \mathrm{SiLU}(b)`, with x = [a, b] split in halves along ``axis``.

    The gate is SiLU (Swish with beta = 1, as in PaLM and LLaMA); output i is a_i g(b_i). Its
    partial derivatives: :func:`swiglu_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        a g(b), in x's shape with the length along ``axis`` halved, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> swiglu([2.0, 0.0]).tolist()
    [0.0]
    >>> f"{float(swiglu([2.0, 1.0])[0]):.6f}"
    '1.462117'
    """
    return _gated(x, axis, "swiglu", _SILU)


def swiglu_grad(x: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    r"""SwiGLU's partial derivatives, :math:`[\mathrm{SiLU}(b),\ a\,\mathrm{SiLU}'(b)]`, concatenated along ``axis``.

    Not a Jacobian matrix: output i depends only on a_i and b_i, so its two partials :math:`\partial
    y_i/\partial a_i = g(b_i)` (first half) and :math:`\partial y_i/\partial b_i = a_i g'(b_i)`
    (second half) are all the non-zero entries of the Jacobian. Multiplied by the upstream gradient
    repeated in both halves, they give the gradient in x.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64) of at least one dimension,
        with an even length along ``axis``: the value half a, then the gate half b.
    axis : int, optional
        The axis split into halves. Default -1, as ``torch.nn.functional.glu`` and ``jax.nn.glu``.

    Returns
    -------
    numpy.ndarray
        The two partial derivatives of every output, in x's shape, and x's float dtype: float16,
        float32 and float64 stay as they are, bools and integers give float64
        (``_inputs.as_float64``).

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, naming the
        function.
    ValueError
        If x is a scalar, or its length along ``axis`` is odd, naming the function; numpy's
        ``AxisError`` (a ValueError) for an axis out of range.

    Notes
    -----
    Where the gate underflows to 0 or to a subnormal float while |a| > 1, the product is taken from
    logarithms (or as (a b)(g(b)/b) near b = 0), so it stays a normal float where the exact product
    is one; the limits at infinite a or b are those the module docstring lists.

    References
    ----------
    .. [1] Shazeer, "GLU variants improve Transformer", arXiv:2002.05202, 2020.

    Examples
    --------
    >>> swiglu_grad([2.0, 0.0]).tolist()
    [0.0, 1.0]
    """
    return _gated_grad(x, axis, "swiglu_grad", _SILU)
