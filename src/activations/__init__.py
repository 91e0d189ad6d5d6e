"""Activation functions and their derivatives, exact for every float input.

The one shared implementation behind the Activation Functions teaching site: its notebook,
its figures and its tests all import it.

Each activation and its derivative are in one module, by family: ``classic``, ``rectifiers``,
``smooth``, ``hardware``, ``gated`` and ``outputs`` (softmax, log-softmax and log-sigmoid); PReLU
is in ``parametric`` and maxout in ``piecewise``.

Every function takes an array-like of real numbers, computes in float64 and returns the input's
float dtype (float64 for bools and integers). The name ``<name>_grad`` means one of three things,
by the kind of function (the names stay as they are, because the notebooks, the pages, the
exercises and the tests call them; this table says what each returns):

==========================================  =============================================
``<name>_grad`` of                           returns
==========================================  =============================================
an elementwise activation, e.g. ``gelu``     the derivative f'(x), elementwise, x's shape
``softmax``, ``log_softmax``                 the full Jacobian J[..., i, j] = d y_i / d x_j
                                             for each slice along ``axis``, shape
                                             ``x.shape + (n,)`` with ``axis`` moved last
a gated unit, e.g. ``swiglu``                the two partial derivatives of each output,
                                             [g(b), a g'(b)], concatenated along ``axis``:
                                             x's shape (not a matrix)
``prelu`` (and ``prelu_alpha_grad``)         the derivative in x, elementwise (and the
                                             gradient of a loss in the slope alpha)
``maxout``                                   1 for the piece that attains each maximum,
                                             0 for the others: z's shape
==========================================  =============================================

>>> from activations import sigmoid, ACTIVATIONS
>>> float(sigmoid(0.0)), dict(ACTIVATIONS["leaky_relu"].params)
(0.5, {'alpha': 0.01})
"""

from __future__ import annotations

from .classic import (
    arctan,
    arctan_grad,
    sigmoid,
    sigmoid_grad,
    softsign,
    softsign_grad,
    tanh,
    tanh_grad,
)
from .gated import (
    geglu,
    geglu_grad,
    glu,
    glu_grad,
    reglu,
    reglu_grad,
    swiglu,
    swiglu_grad,
)
from .hardware import (
    hard_sigmoid,
    hard_sigmoid_grad,
    hard_swish,
    hard_swish_grad,
    relu6,
    relu6_grad,
)
from .outputs import (
    log_sigmoid,
    log_sigmoid_grad,
    log_softmax,
    log_softmax_grad,
    softmax,
    softmax_grad,
)
from .parametric import PRELU_INIT, prelu, prelu_alpha_grad, prelu_grad
from .piecewise import maxout, maxout_grad
from .rectifiers import (
    SELU_ALPHA,
    SELU_LAMBDA,
    celu,
    celu_grad,
    elu,
    elu_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    selu,
    selu_grad,
)
from .registry import ACTIVATIONS
from .smooth import (
    gelu,
    gelu_grad,
    gelu_tanh,
    gelu_tanh_grad,
    mish,
    mish_grad,
    silu,
    silu_grad,
    softplus,
    softplus_grad,
    squareplus,
    squareplus_grad,
    swish,
    swish_grad,
)
from .spec import Activation, Kind, Parameter

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "PRELU_INIT",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "Activation",
    "Kind",
    "Parameter",
    "arctan",
    "arctan_grad",
    "celu",
    "celu_grad",
    "elu",
    "elu_grad",
    "geglu",
    "geglu_grad",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "gelu_tanh_grad",
    "glu",
    "glu_grad",
    "hard_sigmoid",
    "hard_sigmoid_grad",
    "hard_swish",
    "hard_swish_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "log_sigmoid",
    "log_sigmoid_grad",
    "log_softmax",
    "log_softmax_grad",
    "maxout",
    "maxout_grad",
    "mish",
    "mish_grad",
    "prelu",
    "prelu_alpha_grad",
    "prelu_grad",
    "reglu",
    "reglu_grad",
    "relu",
    "relu6",
    "relu6_grad",
    "relu_grad",
    "selu",
    "selu_grad",
    "sigmoid",
    "sigmoid_grad",
    "silu",
    "silu_grad",
    "softmax",
    "softmax_grad",
    "softplus",
    "softplus_grad",
    "softsign",
    "softsign_grad",
    "squareplus",
    "squareplus_grad",
    "swiglu",
    "swiglu_grad",
    "swish",
    "swish_grad",
    "tanh",
    "tanh_grad",
]
