"""Bad input fails loudly, with a message that names the function and what was wrong."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import activations
from activations import ACTIVATIONS

PUBLIC_FUNCTIONS = [
    pytest.param(getattr(activations, public), public, id=public)
    for name in ACTIVATIONS
    for public in (name, f"{name}_grad")
]

BAD_INPUTS = {
    "complex array": np.array([1.0 + 2.0j, 0.5]),
    "complex with zero imaginary part": np.array([1.0, 2.0], dtype=np.complex128),
    "python complex": 1j,
    "string": "1.0",
    "string array": np.array(["a", "b"]),
    "bytes array": np.array([b"1", b"2"]),
    "object array of floats": np.array([1.0, 2.0], dtype=object),
    "object array with None": np.array([1.0, None], dtype=object),
    "None": None,
}


@pytest.mark.parametrize(("func", "public_name"), PUBLIC_FUNCTIONS)
@pytest.mark.parametrize("bad", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_non_real_input_raises_type_error_naming_the_function(func, public_name, bad):
    with pytest.raises(TypeError, match=rf"\b{re.escape(public_name)}\b"):
        func(bad)


PARAMETRISED = {
    "leaky_relu": "alpha",
    "prelu": "alpha",  # any finite slope: 0 is ReLU, a negative one is allowed (He et al. 2015)
    "elu": "alpha",
    "swish": "beta",
    "celu": "alpha",  # Barron (2017) divides by alpha: alpha > 0
    "squareplus": "b",  # b = 0 is ReLU, with a kink; the package asks for b > 0
}
#: Parameters that must be > 0; PReLU's alpha may be 0 or negative.
POSITIVE = {"leaky_relu", "elu", "celu", "squareplus"}
NON_FINITE = [math.nan, math.inf, -math.inf, np.float64("nan"), np.float32("inf")]


def _parametrised_cases(values):
    return [
        pytest.param(public, parameter, value, id=f"{public}-{parameter}={value}")
        for name, parameter in PARAMETRISED.items()
        for public in (name, f"{name}_grad")
        for value in values
    ]


@pytest.mark.parametrize(
    ("public_name", "parameter", "value"),
    _parametrised_cases([*NON_FINITE, "1", None, True, 1j]),
)
def test_non_finite_parameter_raises_value_error(public_name, parameter, value):
    func = getattr(activations, public_name)
    not_real = value is None or isinstance(value, str | bool | complex)
    error = TypeError if not_real else ValueError
    with pytest.raises(error, match=rf"\b{parameter}\b") as excinfo:
        func(np.array([-1.0, 0.0, 1.0]), **{parameter: value})
    assert re.search(rf"\b{re.escape(public_name)}\b", str(excinfo.value)), str(excinfo.value)


@pytest.mark.parametrize(
    ("public_name", "parameter", "value"),
    [
        case
        for case in _parametrised_cases([0.0, -0.0, -0.1, -5.0])
        if case.values[0].removesuffix("_grad") in POSITIVE
    ],
)
def test_non_positive_alpha_raises_value_error(public_name, parameter, value):
    func = getattr(activations, public_name)
    with pytest.raises(ValueError, match=rf"\b{parameter}\b") as excinfo:
        func(np.array([-1.0, 0.0, 1.0]), **{parameter: value})
    assert re.search(rf"\b{re.escape(public_name)}\b", str(excinfo.value)), str(excinfo.value)


AXIS_TAKING = [
    pytest.param(func, id=func.__name__)
    for entry in ACTIVATIONS.values()
    if not entry.elementwise
    for func in (entry.function, entry.derivative)
]


@pytest.mark.parametrize("func", AXIS_TAKING)
@pytest.mark.parametrize(("shape", "axis"), [((4,), 1), ((4,), -2), ((2, 4), 2), ((2, 4), -3)])
def test_softmax_axis_out_of_range_raises_axis_error(func, shape, axis):
    with pytest.raises(np.exceptions.AxisError):
        func(np.zeros(shape), axis=axis)
