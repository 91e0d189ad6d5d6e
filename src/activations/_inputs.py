"""Input checking shared by every activation: array coercion, dtype round trip, parameters."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_SLOPE",
    "ArrayLike",
    "FloatArray",
    "as_float64",
    "check_parameter",
    "check_slope",
    "elementwise",
    "restore_dtype",
]

#: What every public function returns: an array of the input's float dtype (float64 for bools
#: and integers), or a numpy float scalar of that dtype for a 0-d input.
FloatArray: TypeAlias = NDArray[np.floating] | np.floating

# Float dtypes the package returns as they came; everything is computed in float64.
_KEPT_FLOATS = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def as_float64(x: object, func: str) -> tuple[np.ndarray, np.dtype]:
    """Return ``x`` as a float64 array and the dtype to give the result.

    Bools and integers compute in float64; float16, float32 and float64 keep their dtype.
    Complex, string, object and extended-precision input raise ``TypeError`` naming ``func``.
    """
    try:
        arr = np.asarray(x)
    except ValueError as err:  # a ragged list, for instance
        raise ValueError(f"{func}: cannot make an array of the input: {err}") from None
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64), np.dtype(np.float64)
    if arr.dtype in _KEPT_FLOATS:
        return arr.astype(np.float64, copy=False), arr.dtype
    raise TypeError(
        f"{func}: expected real numbers (bool, int, float16, float32 or float64), "
        f"got an array of dtype {arr.dtype}"
    )


def restore_dtype(out: np.ndarray, dtype: np.dtype) -> np.ndarray | np.generic:
    """Cast a float64 result back to ``dtype``; a 0-d result becomes a numpy scalar.

    A value beyond the target's range rounds to infinity, as IEEE arithmetic prescribes, so the
    cast's overflow flag is not a warning here.
    """
    with np.errstate(over="ignore"):
        out = out.astype(dtype, copy=False)
    return out[()] if out.ndim == 0 else out


def check_parameter(func: str, name: str, value: object, *, positive: bool = False) -> float:
    """Return ``value`` as a float after checking it is a finite real (and > 0 if ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{func}: {name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{func}: {name} must be > 0, got {value}")
    return value


class _DefaultSlope(float):
    """Leaky ReLU's default slope, 0.01, told apart from a slope the caller passes."""

    __slots__ = ()


#: Leaky ReLU's default negative slope, PyTorch's and JAX's: 0.01.
DEFAULT_SLOPE = _DefaultSlope(0.01)


def check_slope(func: str, negative_slope: object, alpha: object) -> float:
    """Leaky ReLU's slope from ``negative_slope`` or its alias ``alpha``: any finite real.

    Passing both is a ``TypeError``, as a repeated argument is in Python; a slope that is not a
    real number is a ``TypeError`` and a NaN or infinite one a ``ValueError``, each naming
    ``func`` and the argument.
    """
    if alpha is None:
        return check_parameter(func, "negative_slope", negative_slope)
    if negative_slope is not DEFAULT_SLOPE:
        raise TypeError(
            f"{func}: got both negative_slope={negative_slope!r} and alpha={alpha!r}; "
            "alpha is another name for negative_slope: pass one of them"
        )
    return check_parameter(func, "alpha", alpha)


def elementwise(kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray | np.generic]:
    """Wrap a float64 kernel ``kernel(x, *params)`` into a public elementwise function.

    The wrapper checks and converts the input, calls the kernel on an array of at least one
    dimension (so kernels may index their results) and restores the input's shape and dtype.
    """

    @functools.wraps(kernel)
    def public(x, *args, **kwargs):
        arr, dtype = as_float64(x, kernel.__name__)
        out = kernel(np.atleast_1d(arr), *args, **kwargs)
        return restore_dtype(out.reshape(arr.shape), dtype)

    return public
