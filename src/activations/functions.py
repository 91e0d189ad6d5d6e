"""The elementwise activation functions.

Each public function accepts an array-like of real numbers, computes in float64 and returns the
input's float dtype (float64 for bools and integers); a 0-d input gives a numpy scalar.
"""

from __future__ import annotations

import numpy as np

from ._inputs import DEFAULT_SLOPE, ArrayLike, FloatArray, check_slope, elementwise
from ._kernels import (
    SATURATED,
    hard_gate,
    largest,
    linear_with_slope_below_zero,
    log_one_plus_exp,
    logistic,
    normal_cdf,
    smallest,
    square_root_sum,
    times_decaying,
)
from .spec import Parameter

__all__ = [
    "CELU_ALPHA",
    "ELU_ALPHA",
    "LEAKY_SLOPE",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "SQUAREPLUS_B",
    "SWISH_BETA",
    "arctan",
    "celu",
    "elu",
    "gelu",
    "gelu_tanh",
    "hard_sigmoid",
    "hard_swish",
    "leaky_relu",
    "log_sigmoid",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softplus",
    "softsign",
    "squareplus",
    "swish",
    "tanh",
]

# Klambauer et al. (2017), "Self-Normalizing Neural Networks", eq. 14: the fixed point of the
# activations' mean 0 and variance 1 under LeCun-normal weights.
SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

# sqrt(2/pi) and the cubic coefficient of the GELU tanh approximation (Hendrycks and Gimpel 2016).
GELU_TANH_SCALE = 0.7978845608028654
GELU_TANH_CUBIC = 0.044715

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
#: Squareplus' b, > 0: 0.2 to 10 in steps of 0.2.
SQUAREPLUS_B = Parameter(
    "b", "b", 4.0, positive=True, grid=(range(1, 51), 5), figure_values=(1.0, 4.0, 16.0)
)
#: Swish's beta, any finite real: 0 to 5 in steps of 0.1.
SWISH_BETA = Parameter(
    "beta",
    "\N{GREEK SMALL LETTER BETA}",
    1.0,
    grid=(range(51), 10),
    figure_values=(0.5, 1.0, 2.0),
)


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


def _swish(x, beta):
    """x sigma(beta x), float64 kernel."""
    if beta == 0:
        return 0.5 * x  # sigma(0) = 1/2, and beta * inf would be nan
    if beta == 1:
        return times_decaying(x, logistic(x))
    with np.errstate(over="ignore"):  # beta * x may round to +-inf, where sigma is exact
        z = beta * x
    return times_decaying(x, logistic(z))


@elementwise
def swish(x: ArrayLike, beta: float = SWISH_BETA.default) -> FloatArray:
    r"""Swish, :math:`x\,\sigma(\beta x)`.

    With :math:`\beta = 1` it is SiLU, with :math:`\beta = 0` it is x/2. Derivative
    :math:`\sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))` (:func:`swish_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    beta : float, optional
        The gate's scale, fixed or learned. Default 1.0; must be finite and >= 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Swish of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if beta is
        not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), or if beta is not finite or is < 0.

    Notes
    -----
    Computed as x times :math:`\sigma(\beta x)`; at x = -inf the result is the limit, 0, where -inf
    * 0 would be NaN.

    References
    ----------
    .. [1] Ramachandran, Zoph and Le, "Searching for activation functions", ICLR Workshop
        Track, 2018.

    Examples
    --------
    >>> float(swish(0.0))
    0.0
    >>> f"{float(swish(1.0, beta=2.0)):.6f}"
    '0.880797'
    >>> swish([-1000.0, 1000.0]).tolist()
    [-0.0, 1000.0]
    """
    beta = SWISH_BETA.check("swish", beta)
    if beta < 0:
        raise ValueError(f"swish: beta must be >= 0, got {beta}")
    return _swish(x, beta)


@elementwise
def silu(x: ArrayLike) -> FloatArray:
    r"""Sigmoid-weighted linear unit, :math:`\mathrm{silu}(x) = x\,\sigma(x)`: Swish with :math:`\beta = 1`.

    Minimum about -0.2785 at x = -1.2785. Derivative :math:`\sigma(x)(1 + x(1 - \sigma(x)))`
    (:func:`silu_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        SiLU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.
    .. [2] Elfwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network
        function approximation in reinforcement learning", Neural Networks, 2018.

    Examples
    --------
    >>> float(silu(0.0))
    0.0
    >>> f"{float(silu(1.0)):.6f}"
    '0.731059'
    """
    return _swish(x, 1.0)


@elementwise
def softplus(x: ArrayLike) -> FloatArray:
    r"""Softplus, :math:`\mathrm{softplus}(x) = \log(1 + e^x)`, a smooth ReLU.

    Range (0, inf). Derivative :math:`\sigma(x)` (:func:`softplus_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Softplus(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    Computed as :math:`\max(x, 0) + \operatorname{log1p}(e^{-|x|})`: ``np.log1p(np.exp(x))``
    overflows for x > 709.78, and this form does not.

    References
    ----------
    .. [1] Dugas, Bengio, Bélisle, Nadeau and Garcia, "Incorporating second-order functional
        knowledge for better option pricing", NIPS, 2000.

    Examples
    --------
    >>> f"{float(softplus(0.0)):.12f}"
    '0.693147180560'
    >>> softplus([1000.0]).tolist()
    [1000.0]
    """
    return log_one_plus_exp(x)


@elementwise
def mish(x: ArrayLike) -> FloatArray:
    r"""Mish, :math:`\mathrm{mish}(x) = x \tanh(\mathrm{softplus}(x))`.

    Minimum about -0.3088 at x = -1.1924. Derivative :func:`mish_grad`.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Mish of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    The softplus inside is computed without overflow (see :func:`softplus`); at x = -inf the result
    is the limit, 0, where -inf * 0 would be NaN.

    References
    ----------
    .. [1] Misra, "Mish: a self regularized non-monotonic activation function", BMVC, 2020.

    Examples
    --------
    >>> float(mish(0.0))
    0.0
    >>> f"{float(mish(1.0)):.6f}"
    '0.865098'
    """
    gate = log_one_plus_exp(x)
    return times_decaying(x, np.tanh(gate, out=gate))


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
def gelu(x: ArrayLike) -> FloatArray:
    r"""Gaussian error linear unit, :math:`\mathrm{gelu}(x) = x\,\Phi(x)`, :math:`\Phi` the standard normal CDF.

    Minimum about -0.1700 near x = -0.7518. Derivative :math:`\Phi(x) + x\,\varphi(x)`
    (:func:`gelu_grad`). The exact form, not the tanh approximation (:func:`gelu_tanh`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        GELU of x, elementwise, in x's shape and float dtype: float16, float32 and float64 stay
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
    :math:`\Phi` is ``scipy.special.ndtr``, accurate in both tails, where :math:`(1 +
    \operatorname{erf}(x/\sqrt2))/2` cancels.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu(0.0))
    0.0
    >>> f"{float(gelu(1.0)):.6f}"
    '0.841345'
    """
    return times_decaying(x, normal_cdf(x))


def gelu_tanh_gate_argument(x: np.ndarray) -> np.ndarray:
    """v = 2 sqrt(2/pi) (x + 0.044715 x^3), so that gelu_tanh(x) = x sigma(v).

    Computed as (2 sqrt(2/pi) x) (1 + 0.044715 x^2), in two arrays.
    """
    bounded = np.clip(x, -SATURATED, SATURATED)  # sigma(v) is exactly 0 or 1 beyond |x| = 25
    v = np.square(bounded)
    v *= GELU_TANH_CUBIC
    v += 1.0
    bounded *= 2.0 * GELU_TANH_SCALE
    v *= bounded
    return v


@elementwise
def gelu_tanh(x: ArrayLike) -> FloatArray:
    r"""Tanh approximation of GELU, :math:`\tfrac12 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3)))`.

    Within 5e-4 of :func:`gelu` everywhere. Derivative :func:`gelu_tanh_grad`. PyTorch's
    ``approximate='tanh'``.

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The approximation of GELU at x, elementwise, in x's shape and float dtype: float16, float32
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
    Computed as the equal :math:`x\,\sigma(2u)`, u the tanh's argument, since :math:`1 + \tanh(u)`
    cancels for x < 0.

    References
    ----------
    .. [1] Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415,
        2016.

    Examples
    --------
    >>> float(gelu_tanh(0.0))
    0.0
    >>> f"{float(gelu_tanh(1.0)):.6f}"
    '0.841192'
    """
    return times_decaying(x, logistic(gelu_tanh_gate_argument(x)))


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
def squareplus(x: ArrayLike, b: float = SQUAREPLUS_B.default) -> FloatArray:
    r"""Squareplus, :math:`(x + \sqrt{x^2 + b}) / 2`, an algebraic softplus.

    Range (0, inf). Derivative :math:`(1 + x / \sqrt{x^2 + b}) / 2` (:func:`squareplus_grad`).

    Parameters
    ----------
    x : array_like
        Real numbers (bools, integers, float16, float32 or float64), any shape.
    b : float, optional
        How far the curve stays above ReLU: squareplus(0) is sqrt(b)/2. Default 4.0; must be
        finite and > 0.

    Returns
    -------
    numpy.ndarray or numpy.floating
        Squareplus(x), elementwise, in x's shape and float dtype: float16, float32 and float64 stay
        as they are, bools and integers give float64 (``_inputs.as_float64``); a 0-d input gives
        a numpy scalar. Computed in float64 and rounded once to the dtype.

    Raises
    ------
    TypeError
        If x holds complex numbers, strings, objects or extended-precision floats, or if
        b is not a real number, naming the function.
    ValueError
        If x cannot be made into an array (a ragged list), naming the function.
        Also if b is not finite or is <= 0.

    Notes
    -----
    Computed as the equal :math:`\max(x, 0) + (b/4) / ((r + |x|)/2)`, :math:`r = \sqrt{x^2 + b}`:
    two positive terms, where x + r would cancel for x < 0.

    References
    ----------
    .. [1] Barron, "Squareplus: a softplus-like algebraic rectifier", arXiv:2112.11687, 2021.

    Examples
    --------
    >>> float(squareplus(0.0))
    1.0
    >>> float(squareplus(0.0, b=16.0))
    2.0
    """
    b = SQUAREPLUS_B.check("squareplus", b)
    out = square_root_sum(x, b)
    out *= 0.5
    term = np.abs(x)
    term *= 0.5
    out += term
    np.divide(0.25 * b, out, out=out)
    out += np.maximum(x, 0.0, out=term)
    return out


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
