"""Activation functions and their derivatives, exact for every float input.

The one shared implementation behind the Activation Functions teaching site: its notebook,
its figures and its tests all import it.

>>> from activations import sigmoid, ACTIVATIONS
>>> float(sigmoid(0.0)), ACTIVATIONS["leaky_relu"].figure_label
(0.5, 'fig-leaky-relu')
"""

from __future__ import annotations

from .derivatives import (
    arctan_grad,
    elu_grad,
    gelu_grad,
    gelu_tanh_grad,
    leaky_relu_grad,
    mish_grad,
    relu_grad,
    selu_grad,
    sigmoid_grad,
    silu_grad,
    softplus_grad,
    softsign_grad,
    swish_grad,
    tanh_grad,
)
from .functions import (
    SELU_ALPHA,
    SELU_LAMBDA,
    arctan,
    elu,
    gelu,
    gelu_tanh,
    leaky_relu,
    mish,
    relu,
    selu,
    sigmoid,
    silu,
    softplus,
    softsign,
    swish,
    tanh,
)
from .registry import ACTIVATIONS, Activation, Paper
from .softmax import softmax, softmax_grad

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "Activation",
    "Paper",
    "arctan",
    "arctan_grad",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "gelu_tanh_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "mish",
    "mish_grad",
    "relu",
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
    "swish",
    "swish_grad",
    "tanh",
    "tanh_grad",
]
