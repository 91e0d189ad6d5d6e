r"""Initialisation gains of the activations, computed from their definitions.

A fully connected layer computes :math:`a_i = \sum_j w_{ij} h_j` over its ``fan_in`` inputs
:math:`h_j = \varphi(a'_j)`, the outputs of the layer before. With weights drawn independently
of everything else, with mean 0 and variance :math:`\operatorname{Var}(w) = g^2/\text{fan\_in}`,
and pre-activations :math:`a' \sim N(0, q)`, the terms of the sum are uncorrelated, so

.. math::

    E[a_i^2] = \text{fan\_in}\,\operatorname{Var}(w)\,E[\varphi(a')^2]
             = g^2\,E[\varphi(\sqrt{q} Z)^2], \qquad Z \sim N(0, 1)

(He et al. 2015, https://doi.org/10.1109/ICCV.2015.123, use this with the second moment, not
the variance, of :math:`\varphi`). Backwards, :math:`\delta'_j = \varphi'(a'_j) \sum_i w_{ij}
\delta_i` sums over ``fan_out`` terms, and for a layer with ``fan_out = fan_in`` the second
moment of the backward signal is multiplied by :math:`g^2\,E[\varphi'(\sqrt{q} Z)^2]`.

So each activation has three natural gains, computed here by quadrature:

* :func:`forward_gain`, :math:`1/\sqrt{E[\varphi(Z)^2]}`: keeps :math:`q = 1` from layer to
  layer (for ReLU :math:`\sqrt 2`, He et al.'s);
* :func:`backward_gain`, :math:`1/\sqrt{E[\varphi'(Z)^2]}`: keeps the backward signal's second
  moment at :math:`q = 1`;
* :func:`linearisation_gain`, :math:`1/\varphi'(0)`: makes the layer's slope 1 for small
  inputs, where :math:`\varphi(a) \approx \varphi(0) + \varphi'(0)\,a` (1 for tanh, 4 for the
  sigmoid).

:func:`variance_map` iterates the first equation, :func:`fixed_point` finds where it settles,
:func:`gradient_factor` gives the backward factor there, and :func:`mean_field_layers` follows
both through a given number of layers. This "mean-field" recursion treats the layers as
infinitely wide; Schoenholz et al. (2017, https://arxiv.org/abs/1611.01232) develop it for
back-propagation and show that a backward factor below 1 at the fixed point means vanishing
gradients in deep random networks, above 1 exploding ones.

>>> round(forward_gain("relu"), 12) == round(2**0.5, 12)
True
>>> round(forward_gain("tanh"), 4)
1.5925
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import integrate

from .registry import ACTIVATIONS, Activation

__all__ = [
    "backward_gain",
    "fixed_point",
    "forward_gain",
    "gradient_factor",
    "linearisation_gain",
    "mean_field_layers",
    "second_moment",
    "slope_second_moment",
    "variance_map",
]

#: The standard normal density underflows to 0 in float64 beyond |z| = 38.6: integrating
#: over [-40, 40] loses nothing.
_EDGE = 40.0
_ROOT_2PI = math.sqrt(2.0 * math.pi)
#: A one-sided slope at 0 differs from the other by more than this (relative) at a kink.
_KINK = 1e-6


def _entry(activation: str, caller: str) -> Activation:
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(
            f"{caller}: unknown activation {activation!r}; expected one of {list(ACTIVATIONS)}"
        )
    entry = ACTIVATIONS[activation]
    if not entry.elementwise:
        raise ValueError(f"{caller}: {activation!r} is not elementwise; a layer cannot use it")
    return entry


def _check_positive(value: float, name: str, caller: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {name} must be a real number, got {value!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{caller}: {name} must be positive and finite, got {value!r}")
    return value


def _gaussian_mean(f: Callable[[float], float], q: float) -> float:
    r""":math:`E[f(\sqrt{q} Z)]` for :math:`Z \sim N(0, 1)`, by adaptive Gauss-Kronrod
    quadrature on each side of 0 (where ReLU and its relatives have their kink)."""
    scale = math.sqrt(q)

    def integrand(z: float) -> float:
        return f(scale * z) * math.exp(-0.5 * z * z) / _ROOT_2PI

    total = 0.0
    for low, high in ((-_EDGE, 0.0), (0.0, _EDGE)):
        value, _ = integrate.quad(integrand, low, high, epsabs=0.0, epsrel=1e-13, limit=200)
        total += value
    return total


def _scalar(function: Callable, params: dict) -> Callable[[float], float]:
    return lambda x: float(function(np.float64(x), **params))


def second_moment(activation: str, q: float = 1.0, **params: float) -> float:
    r"""The second moment of the activation's output for a normal input:
    :math:`E[\varphi(\sqrt{q} Z)^2]`, :math:`Z \sim N(0, 1)`.

    Parameters
    ----------
    activation : str
        An elementwise activation of ``ACTIVATIONS``.
    q : float
        The variance of the pre-activation (1 by default).
    **params
        The activation's parameters, overriding its defaults (``alpha`` of Leaky ReLU, ...).

    >>> second_moment("relu")
    0.5
    """
    entry = _entry(activation, "second_moment")
    q = _check_positive(q, "q", "second_moment")
    f = _scalar(entry.function, {**entry.params, **params})
    return _gaussian_mean(lambda x: f(x) ** 2, q)


def slope_second_moment(activation: str, q: float = 1.0, **params: float) -> float:
    r"""The second moment of the activation's slope for a normal input:
    :math:`E[\varphi'(\sqrt{q} Z)^2]`, :math:`Z \sim N(0, 1)`. Parameters as
    :func:`second_moment`.

    >>> slope_second_moment("relu")
    0.5
    """
    entry = _entry(activation, "slope_second_moment")
    q = _check_positive(q, "q", "slope_second_moment")
    df = _scalar(entry.derivative, {**entry.params, **params})
    return _gaussian_mean(lambda x: df(x) ** 2, q)


def forward_gain(activation: str, **params: float) -> float:
    r"""The gain that keeps the pre-activations' second moment at 1 from layer to layer:
    :math:`1/\sqrt{E[\varphi(Z)^2]}` (He et al. 2015's condition, for any activation).

    >>> round(forward_gain("leaky_relu", alpha=0.2)**2, 12) == round(2 / 1.04, 12)
    True
    """
    _entry(activation, "forward_gain")
    return 1.0 / math.sqrt(second_moment(activation, 1.0, **params))


def backward_gain(activation: str, **params: float) -> float:
    r"""The gain that keeps the backward signal's second moment from layer to layer when the
    pre-activations are standard normal and ``fan_out = fan_in``:
    :math:`1/\sqrt{E[\varphi'(Z)^2]}`.

    >>> round(backward_gain("relu")**2, 12)
    2.0
    """
    _entry(activation, "backward_gain")
    return 1.0 / math.sqrt(slope_second_moment(activation, 1.0, **params))


def linearisation_gain(activation: str, **params: float) -> float:
    r"""The gain that makes a layer's slope 1 near 0: :math:`1/\varphi'(0)`.

    Raises ``ValueError`` where :math:`\varphi` has a kink at 0 (ReLU, Leaky ReLU, SELU, ...):
    its two one-sided slopes differ and there is no single slope to undo.

    >>> linearisation_gain("sigmoid"), linearisation_gain("tanh")
    (4.0, 1.0)
    """
    entry = _entry(activation, "linearisation_gain")
    df = _scalar(entry.derivative, {**entry.params, **params})
    left, right, at_zero = df(-1e-12), df(1e-12), df(0.0)
    if abs(left - right) > _KINK * max(abs(left), abs(right)):
        raise ValueError(
            f"linearisation_gain: {activation!r} has a kink at 0 (slope {left:.6g} on the left, "
            f"{right:.6g} on the right), so no single slope to undo"
        )
    if at_zero == 0:
        raise ValueError(f"linearisation_gain: {activation!r} has slope 0 at 0")
    return 1.0 / at_zero


def variance_map(activation: str, q: float, gain: float, **params: float) -> float:
    r"""The next layer's pre-activation second moment, :math:`g^2 E[\varphi(\sqrt{q} Z)^2]`,
    for weights of variance :math:`g^2/\text{fan\_in}` and pre-activations of variance ``q``."""
    _entry(activation, "variance_map")
    gain = _check_positive(gain, "gain", "variance_map")
    return gain**2 * second_moment(activation, q, **params)


def fixed_point(
    activation: str, gain: float, *, q0: float = 1.0, max_layers: int = 10_000, **params: float
) -> float:
    r"""Where :func:`variance_map` settles: iterate :math:`q_{l+1} = g^2 E[\varphi(\sqrt{q_l}
    Z)^2]` from ``q0`` until :math:`q` changes by less than 1e-14 relative.

    Raises ``ValueError`` when it does not settle within ``max_layers`` layers: the signal dies
    (:math:`q \to 0`, tanh with gain 1 does so slowly) or grows without bound.

    >>> round(fixed_point("tanh", 5 / 3), 6)
    1.17848
    """
    _entry(activation, "fixed_point")
    gain = _check_positive(gain, "gain", "fixed_point")
    q = _check_positive(q0, "q0", "fixed_point")
    for _ in range(max_layers):
        following = variance_map(activation, q, gain, **params)
        if not (math.isfinite(following) and following > 1e-300):
            break
        if abs(following - q) <= 1e-14 * q:
            return following
        q = following
    raise ValueError(
        f"fixed_point: the variance map of {activation!r} with gain {gain!r} from q = {q0!r} "
        f"does not settle within {max_layers} layers (last q = {q:.6g})"
    )


def gradient_factor(activation: str, gain: float, q: float, **params: float) -> float:
    r"""The factor by which one layer multiplies the backward signal's second moment, for
    pre-activations of variance ``q`` and ``fan_out = fan_in``: :math:`g^2
    E[\varphi'(\sqrt{q} Z)^2]`. Its square root is the factor of the signal's size.

    >>> round(gradient_factor("relu", 2**0.5, 1.0), 12)
    1.0
    """
    _entry(activation, "gradient_factor")
    gain = _check_positive(gain, "gain", "gradient_factor")
    return gain**2 * slope_second_moment(activation, q, **params)


def mean_field_layers(
    activation: str, gain: float, layers: int, *, q0: float | None = None, **params: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""The pre-activations' second moment and the backward factor, layer by layer.

    For a network of ``layers`` hidden layers of equal width, weights of variance
    :math:`g^2/\text{width}` and inputs of second moment 1, the first layer's pre-activations
    have :math:`q_1 = g^2` (or ``q0``) and :math:`q_{l+1} =` :func:`variance_map` of
    :math:`q_l`. Back-propagation multiplies the backward signal's second moment by
    :func:`gradient_factor` :math:`\chi(q_l)` on its way from layer :math:`l+1` to layer
    :math:`l`.

    Returns
    -------
    q : ndarray, shape (layers,)
        :math:`q_1, \dots, q_L`.
    chi : ndarray, shape (layers - 1,)
        :math:`\chi(q_1), \dots, \chi(q_{L-1})`: the backward signal's size at layer 1 over its
        size at layer :math:`L` is :math:`\prod_l \sqrt{\chi(q_l)}`.

    >>> q, chi = mean_field_layers("relu", 2**0.5, 3)
    >>> [round(float(v), 12) for v in q], [round(float(v), 12) for v in chi]
    ([2.0, 2.0, 2.0], [1.0, 1.0])
    """
    _entry(activation, "mean_field_layers")
    gain = _check_positive(gain, "gain", "mean_field_layers")
    if isinstance(layers, bool) or not isinstance(layers, int) or layers < 1:
        raise ValueError(f"mean_field_layers: layers must be a positive integer, got {layers!r}")
    q = np.empty(layers)
    q[0] = gain**2 if q0 is None else _check_positive(q0, "q0", "mean_field_layers")
    for layer in range(1, layers):
        q[layer] = variance_map(activation, q[layer - 1], gain, **params)
    chi = np.array([gradient_factor(activation, gain, value, **params) for value in q[:-1]])
    return q, chi
