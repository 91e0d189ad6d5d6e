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
    "leaky_relu": "negative_slope",  # any finite slope, as PyTorch and JAX take it
    "prelu": "alpha",  # any finite slope: 0 is ReLU, a negative one is allowed (He et al. 2015)
    "elu": "alpha",
    "swish": "beta",
    "celu": "alpha",  # Barron (2017) divides by alpha: alpha > 0
    "squareplus": "b",  # b = 0 is ReLU, with a kink; the package asks for b > 0
}
#: Parameters that must be > 0; Leaky ReLU's and PReLU's slopes may be 0 or negative.
POSITIVE = {"elu", "celu", "squareplus"}
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


# --------------------------------------------------------------------------- Leaky ReLU's slope

LEAKY = [activations.leaky_relu, activations.leaky_relu_grad]
SLOPES = [0.0, -0.0, -0.5, -3.0, 0.01, 0.5, 1.0, 3.0]
_POINTS = np.array([-1e308, -7.5, -1.0, -5e-324, -0.0, 0.0, 5e-324, 1.0, 7.5, 1e308])


@pytest.mark.parametrize("slope", SLOPES)
def test_leaky_relu_takes_any_finite_slope_as_pytorch_and_jax_do(slope):
    # The definition, x for x > 0 and slope * x otherwise, written with np.where.
    with np.errstate(over="ignore"):  # slope * -1e308 is -inf for |slope| > 1.8, as it should be
        expected = np.where(_POINTS > 0, _POINTS, slope * _POINTS)
    np.testing.assert_array_equal(activations.leaky_relu(_POINTS, slope), expected)
    np.testing.assert_array_equal(
        activations.leaky_relu_grad(_POINTS, slope), np.where(_POINTS > 0, 1.0, slope)
    )


@pytest.mark.parametrize("slope", [0.0, -0.5])
def test_leaky_relu_at_minus_infinity_is_the_limit_of_slope_times_x(slope):
    # 0 for slope 0 (0 * -inf would be nan), +inf for a negative slope
    assert activations.leaky_relu(-np.inf, slope) == (0.0 if slope == 0 else np.inf)
    assert activations.leaky_relu_grad(-np.inf, slope) == slope


@pytest.mark.parametrize("func", LEAKY, ids=lambda f: f.__name__)
def test_alpha_is_a_keyword_alias_of_negative_slope(func):
    by_position, by_name = func(_POINTS, -0.25), func(_POINTS, negative_slope=-0.25)
    np.testing.assert_array_equal(func(_POINTS, alpha=-0.25), by_position)
    np.testing.assert_array_equal(by_name, by_position)
    np.testing.assert_array_equal(func(_POINTS), func(_POINTS, 0.01))


@pytest.mark.parametrize("func", LEAKY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("slope", [0.01, 0.2])
def test_both_slope_names_raise_a_type_error_naming_the_function(func, slope):
    message = rf"^{func.__name__}: got both negative_slope=.* and alpha=.*pass one of them$"
    with pytest.raises(TypeError, match=message):
        func(_POINTS, slope, alpha=0.2)
    with pytest.raises(TypeError, match=message):
        func(_POINTS, negative_slope=slope, alpha=0.2)


@pytest.mark.parametrize("func", LEAKY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("slope", [math.nan, math.inf, -math.inf])
def test_a_non_finite_alpha_names_alpha_and_the_function(func, slope):
    with pytest.raises(ValueError, match=rf"^{func.__name__}: alpha must be finite"):
        func(_POINTS, alpha=slope)


# --------------------------------------------------------------------------- softmax's axes


@pytest.mark.parametrize("func", [activations.softmax, activations.log_softmax])
@pytest.mark.parametrize("axis", [(0, 0), (1, -2)])
def test_a_repeated_axis_raises_a_value_error_naming_the_function(func, axis):
    with pytest.raises(ValueError, match=rf"^{func.__name__}: axis .* names an axis twice$"):
        func(np.zeros((2, 3, 4)), axis=axis)


@pytest.mark.parametrize("func", [activations.softmax, activations.log_softmax])
def test_a_tuple_axis_out_of_range_raises_axis_error(func):
    with pytest.raises(np.exceptions.AxisError, match=rf"^{func.__name__}: axis 3 is out"):
        func(np.zeros((2, 3, 4)), axis=(0, 3))


@pytest.mark.parametrize("func", [activations.softmax_grad, activations.log_softmax_grad])
def test_a_jacobian_over_a_tuple_of_axes_raises_a_type_error_naming_the_function(func):
    with pytest.raises(TypeError, match=rf"^{func.__name__}: axis must be one integer"):
        func(np.zeros((2, 3)), axis=(0, 1))
