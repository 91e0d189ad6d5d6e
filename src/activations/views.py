"""Every activation as a function of one real input: what the tables and figures evaluate.

An elementwise activation is its own view. Softmax and log-softmax (:attr:`Kind.AXIS`) are
viewed as the output of class 1 when its logit is x and the other logits stay at
:data:`ONE_LOGIT_OTHERS`: p(x) = e^x / (e^x + 2), with derivative p (1 - p), the Jacobian's
diagonal entry (log p(x) and 1 - p for log-softmax). A temperature T divides the logits, and
the derivative in x gains a factor 1/T. A gated unit a * g(b) (:attr:`Kind.GATED`) is viewed
as its gate: the output at a = 1 as b = x varies, g(x), with derivative g'(x).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from .spec import Activation, Kind, Parameter

__all__ = ["ONE_LOGIT_OTHERS", "TEMPERATURE", "one_input", "one_input_defaults", "one_logit_rows"]

#: The fixed logits of the other classes in the one-logit view.
ONE_LOGIT_OTHERS = (0.0, 0.0)
#: Softmax's temperature T in its one-logit view: softmax((x, 0, 0) / T). The explorer's
#: slider runs from 0.1 to 5 in steps of 0.1.
TEMPERATURE = Parameter("temperature", "T", 1.0, positive=True, grid=(range(1, 51), 10))

ScalarFunction = Callable[[np.ndarray], np.ndarray]


def one_logit_rows(x: np.ndarray, others: tuple[float, ...] = ONE_LOGIT_OTHERS) -> np.ndarray:
    """Rows of logits ``(x, *others)``, one per input, along a new last axis."""
    x = np.asarray(x, dtype=float)
    fixed = np.broadcast_to(others, (*x.shape, len(others)))
    return np.concatenate([x[..., None], fixed], axis=-1)


def one_input_defaults(entry: Activation) -> dict[str, float]:
    """The parameters of ``entry``'s one-input view with their defaults."""
    view = {}
    if entry.view_parameter is not None:
        view = {entry.view_parameter.name: entry.view_parameter.default}
    return {**entry.params, **view}


def one_input(entry: Activation, **params: float) -> tuple[ScalarFunction, ScalarFunction]:
    """The activation and its derivative as functions of one real input.

    Parameters
    ----------
    entry : Activation
        A registry entry.
    **params : float
        Parameters of the function (elementwise entries), or the view's ``temperature``.

    Returns
    -------
    tuple of callable
        ``(f, df)``, each mapping an array of inputs to an array of the same shape.
    """
    if entry.kind is Kind.ELEMENTWISE:
        if not params:
            return entry.function, entry.derivative
        return (
            functools.partial(entry.function, **params),
            functools.partial(entry.derivative, **params),
        )
    if entry.kind is Kind.GATED:
        return _gate_view(entry)
    return _one_logit_view(entry, **params)


def _one_logit_view(entry: Activation, **params: float) -> tuple[ScalarFunction, ScalarFunction]:
    """Class 1's output as its logit x varies, the others at :data:`ONE_LOGIT_OTHERS`."""
    if not params:

        def probability(x: np.ndarray) -> np.ndarray:
            return entry.function(one_logit_rows(x))[..., 0]

        def probability_slope(x: np.ndarray) -> np.ndarray:
            return entry.derivative(one_logit_rows(x))[..., 0, 0]

        return probability, probability_slope

    (name, value), *rest = params.items()
    if rest or entry.view_parameter is None or name != entry.view_parameter.name:
        raise TypeError(f"one_input: {entry.name}'s view takes no parameter {sorted(params)}")
    temperature = entry.view_parameter.check(entry.name, value)

    def tempered(x: np.ndarray) -> np.ndarray:
        return entry.function(one_logit_rows(x) / temperature)[..., 0]

    def tempered_slope(x: np.ndarray) -> np.ndarray:
        return entry.derivative(one_logit_rows(x) / temperature)[..., 0, 0] / temperature

    return tempered, tempered_slope


def _gate_view(entry: Activation) -> tuple[ScalarFunction, ScalarFunction]:
    """A gated unit at value a = 1 as a function of its gate input: g and g'."""

    def inputs(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return np.stack([np.ones_like(x), x], axis=-1)

    def gate(x: np.ndarray) -> np.ndarray:
        return entry.function(inputs(x))[..., 0]

    def gate_slope(x: np.ndarray) -> np.ndarray:
        return entry.derivative(inputs(x))[..., 1]  # d/db at a = 1

    return gate, gate_slope
