"""The rectifiers and their derivatives: ReLU, Leaky ReLU, ELU, SELU and CELU.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar. Each
function is followed by its derivative, ``<name>_grad``, with the same parameters.

At a kink the derivative takes PyTorch's convention. For ReLU, Leaky ReLU and ELU that is
the value of the left piece: relu_grad(0) = 0, leaky_relu_grad(0) = the negative slope,
elu_grad(0) = alpha.

PReLU, the rectifier with a learned slope, is in ``parametric.py``.
"""

from __future__ import annotations

import numpy as np

from ._inputs import DEFAULT_SLOPE, ArrayLike, FloatArray, check_slope, elementwise
from ._kernels import leaves_nan, linear_with_slope_below_zero
from .spec import Parameter

__all__ = [
    "CELU_ALPHA",
    "ELU_ALPHA",
    "LEAKY_SLOPE",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "celu",
    "celu_grad",
    "elu",
    "elu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "relu",
    "relu_grad",
    "selu",
    "selu_grad",
]

# Klambauer et al. (2017), "Self-Normalizing Neural Networks", eq. 14: the fixed point of the
# activations' mean 0 and variance 1 under LeCun-normal weights.
SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

# The parameters, each declared once: its name, symbol, default and allowed range, the
# explorer's slider (numerators, denominator) and the values the notebook's figure draws.
#: Leaky ReLU's negative slope, under its alias ``alpha``: 0.01 to 0.5 in steps of 0.01.
LEAKY_SLOPE = Parameter(
    "alpha",
    "\N{GREEK SMALL LETTER ALPHA}",
    float(DEFAULT_SLOPE),
    grid=(range(1, 51), 100),
    figure_values=(0.01, 0.1, 0.3),
)
#: ELU's alpha, > 0: 0.1 to 3 in steps of 0.05.
ELU_ALPHA = Parameter(
    "alpha",
    "\N{GREEK SMALL LETTER ALPHA}",
    1.0,
    positive=True,
    grid=(range(2, 61), 20),
    figure_values=(0.5, 1.0, 2.0),
)
#: CELU's alpha, > 0: 0.1 to 3 in steps of 0.05.
CELU_ALPHA = Parameter(
    "alpha",
    "\N{GREEK SMALL LETTER ALPHA}",
    1.0,
    positive=True,
    grid=(range(2, 61), 20),
    figure_values=(0.5, 1.0, 2.0),
)


@elementwise
def relu(x: ArrayLike) -> FloatArray:
    r"""Rectified linear unit, :math:`\mathrm{relu}(x) = \max(0, x)`.

    Range [0, inf). Derivative 1 for x > 0 and 0 for x <= 0 (:func:`relu_grad`; 0 at the kink, as
    PyTorch).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Max(0, x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    relu(-0.0) is +0.0, as in PyTorch and JAX.

    References
    ----------
    .. [1] Nair and Hinton, "Rectified linear units improve restricted Boltzmann machines",
        ICML, 2010.
    .. [2] Glorot, Bordes and Bengio, "Deep sparse rectifier neural networks", AISTATS, 2011.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    >>> relu(np.float32(-1.5)).dtype
    dtype('float32')
    """
    return np.maximum(x, 0.0)


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
def leaky_relu(
    x: ArrayLike, negative_slope: float = DEFAULT_SLOPE, *, alpha: float | None = None
) -> FloatArray:
    r"""Leaky ReLU, :math:`x` for x > 0 and :math:`\alpha x` for x <= 0, with :math:`\alpha` the negative slope.

    Derivative 1 for x > 0 and :math:`\alpha` for x <= 0 (:func:`leaky_relu_grad`). Range (-inf,
    inf) for :math:`\alpha > 0`.
    Computed as max(x, alpha x) for alpha <= 1 and min(x, alpha x) above, written into the one
    array alpha x: no second array and no branch on the sign, two passes over memory where ReLU
    makes one.

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
        Leaky ReLU of x, elementwise, in x's shape and float dtype: float16, float32 and float64
        stay as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input
        gives a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats; if the slope
        is not a real number; or if both ``negative_slope`` and ``alpha`` are given.
    ValueError
        If x cannot be made into an array (a ragged list), or if the slope is NaN or infinite.

    Notes
    -----
    Computed as :math:`\max(x, \alpha x)` for :math:`\alpha \le 1` and :math:`\min(x, \alpha x)` for
    :math:`\alpha > 1`, written into the one array :math:`\alpha x`: no mask and no branch on the
    sign, and a float64 result is :math:`\alpha x` correctly rounded. With :math:`\alpha = 0` the
    result at -inf is 0, the limit, where PyTorch 2.13 and JAX 0.10 return 0 * -inf = nan.

    References
    ----------
    .. [1] Maas, Hannun and Ng, "Rectifier nonlinearities improve neural network acoustic
        models", ICML Workshop on Deep Learning for Audio, Speech and Language Processing, 2013.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0]).tolist()
    [-0.02, 3.0]
    >>> leaky_relu([-2.0, 3.0], 0.2).tolist()
    [-0.4, 3.0]
    >>> leaky_relu([-2.0, 3.0], alpha=0.2).tolist()
    [-0.4, 3.0]
    >>> leaky_relu([-2.0, 3.0], negative_slope=-0.5).tolist()
    [1.0, 3.0]
    """
    slope = check_slope("leaky_relu", negative_slope, alpha)
    return linear_with_slope_below_zero(x, slope)


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


def _elu(x, alpha):
    """alpha (e^x - 1) for x <= 0 and x for x > 0, float64 kernel."""
    # min(0, x), not min(x, 0): numpy returns the second operand of a tie, so -0.0 stays -0.0
    # (and e^{-0} - 1 = -0.0); taking the exponential of non-positive numbers only, none overflows.
    out = np.minimum(0.0, x)
    np.expm1(out, out=out)
    out *= alpha
    if alpha <= 1:
        # alpha (e^x - 1) >= x for x <= 0 when alpha <= 1, and out = 0 for x > 0: the maximum
        # is the ELU, with no mask and no branch on the sign.
        return np.maximum(out, x, out=out)
    # For alpha > 1 (SELU's) neither max nor min picks the right piece. The masked copy branches
    # on the sign, which random signs mispredict; adding max(x, -0.0) instead would not, but
    # needs a second array, which cost about as much in the site's benchmark.
    np.copyto(out, x, where=x > 0)
    return out


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
def elu(x: ArrayLike, alpha: float = ELU_ALPHA.default) -> FloatArray:
    r"""Exponential linear unit, :math:`x` for x > 0 and :math:`\alpha (e^x - 1)` for x <= 0.

    Range (-alpha, inf). Derivative 1 for x > 0 and :math:`\alpha e^x` for x <= 0
    (:func:`elu_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    alpha : float, optional
        The value approached as x -> -inf is -alpha. Default 1.0; must be finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        ELU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        alpha is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if alpha is not finite or is <= 0.

    Notes
    -----
    Computed with ``np.expm1`` of :math:`\min(0, x)`: no exponential overflows, and :math:`e^x - 1`
    keeps its digits for small |x|. elu(-0.0) is -0.0.

    References
    ----------
    .. [1] Clevert, Unterthiner and Hochreiter, "Fast and accurate deep network learning by
        exponential linear units (ELUs)", ICLR, 2016.

    Examples
    --------
    >>> float(elu(0.0))
    0.0
    >>> f"{float(elu(-1.0)):.6f}"
    '-0.632121'
    >>> float(elu(-1000.0, alpha=2.0))
    -2.0
    """
    alpha = ELU_ALPHA.check("elu", alpha)
    return _elu(x, alpha)


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
def selu(x: ArrayLike) -> FloatArray:
    r"""Scaled ELU, :math:`\mathrm{selu}(x) = \lambda\,\mathrm{elu}(x, \alpha)` with fixed :math:`\lambda` and :math:`\alpha`.

    :math:`\lambda` = 1.0507009873554805 and :math:`\alpha` = 1.6732632423543772 (``SELU_LAMBDA``,
    ``SELU_ALPHA``) make mean 0 and variance 1 a fixed point of a layer with LeCun-normal weights.
    Range (-lambda alpha, inf). Derivative :func:`selu_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        SELU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    .. [1] Klambauer, Unterthiner, Mayr and Hochreiter, "Self-normalizing neural networks",
        NIPS, 2017.

    Examples
    --------
    >>> float(selu(1.0))
    1.0507009873554805
    >>> f"{float(selu(-1000.0)):.6f}"
    '-1.758099'
    """
    out = _elu(x, SELU_ALPHA)
    with np.errstate(over="ignore"):  # lambda * x beyond the largest float is inf, as it should be
        out *= SELU_LAMBDA
    return out


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


@elementwise
def celu(x: ArrayLike, alpha: float = CELU_ALPHA.default) -> FloatArray:
    r"""Continuously differentiable ELU, :math:`x` for x > 0 and :math:`\alpha (e^{x/\alpha} - 1)` for x <= 0.

    Range (-alpha, inf). Derivative 1 for x > 0 and :math:`e^{x/\alpha}` for x <= 0
    (:func:`celu_grad`), continuous at 0 for every alpha (ELU's only for alpha = 1).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    alpha : float, optional
        The value approached as x -> -inf is -alpha. Default 1.0; must be finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        CELU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        alpha is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if alpha is not finite or is <= 0.

    Notes
    -----
    Computed with ``np.expm1`` of :math:`\min(0, x)/\alpha` and then :math:`\max(\alpha(e^{x/\alpha}
    - 1), x)`, which is the CELU for every x because :math:`e^u - 1 \ge u`: no mask, no branch, no
    overflow.

    References
    ----------
    .. [1] Barron, "Continuously differentiable exponential linear units",
        arXiv:1704.07483, 2017.

    Examples
    --------
    >>> float(celu(0.0))
    0.0
    >>> f"{float(celu(-1.0, alpha=2.0)):.6f}"
    '-0.786939'
    """
    alpha = CELU_ALPHA.check("celu", alpha)
    out = np.minimum(0.0, x)  # non-positive only: no exponential overflows; -0.0 stays -0.0
    with np.errstate(over="ignore"):  # x / alpha may round to -inf, and e^{-inf} - 1 = -1 exactly
        out /= alpha
    np.expm1(out, out=out)
    out *= alpha
    # alpha (e^{x/alpha} - 1) >= x for every x <= 0 (e^u - 1 >= u), and out = 0 for x > 0: the
    # maximum is the CELU, with no mask and no branch on the sign.
    return np.maximum(out, x, out=out)


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
