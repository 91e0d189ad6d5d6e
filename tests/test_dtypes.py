"""Dtypes, shapes, scalars and lists: what goes in decides what comes out."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from activations import ACTIVATIONS

ELEMENTWISE = [
    pytest.param(entry.function, id=name)
    for name, entry in ACTIVATIONS.items()
    if entry.elementwise
] + [
    pytest.param(entry.derivative, id=f"{name}_grad")
    for name, entry in ACTIVATIONS.items()
    if entry.elementwise
]
# Every entry that takes an axis (softmax, log-softmax, the gated units) and its derivative.
SOFTMAX = [
    pytest.param(func, id=func.__name__)
    for entry in ACTIVATIONS.values()
    if not entry.elementwise
    for func in (entry.function, entry.derivative)
]
SAMPLE = np.array([-3.5, -1.0, -0.25, 0.0, 0.5, 2.0, 7.0, 1.5])  # even: the gated units split it


def _is_float64_scalar_result(result) -> bool:
    """A numpy float64 scalar, or a 0-d float64 array."""
    if isinstance(result, np.ndarray):
        return result.ndim == 0 and result.dtype == np.float64
    return isinstance(result, np.float64)


@pytest.mark.parametrize("func", ELEMENTWISE)
class TestElementwise:
    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_float_dtype_is_kept(self, func, dtype):
        result = func(SAMPLE.astype(dtype))
        assert isinstance(result, np.ndarray)
        assert result.dtype == dtype
        assert result.shape == SAMPLE.shape

    @pytest.mark.parametrize(
        "dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint64]
    )
    def test_integers_compute_in_float64(self, func, dtype):
        values = np.array([0, 1, 2, 5, 100], dtype=dtype)
        result = func(values)
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, func(values.astype(np.float64)))

    def test_signed_integers_keep_negative_values(self, func):
        values = np.array([-100, -3, -1, 0, 1], dtype=np.int64)
        np.testing.assert_array_equal(func(values), func(values.astype(np.float64)))

    def test_bools_compute_in_float64(self, func):
        result = func(np.array([True, False]))
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, func(np.array([1.0, 0.0])))
        assert _is_float64_scalar_result(func(True))
        assert func(True) == func(1.0)

    @pytest.mark.parametrize("value", [0.5, -2.0, 3, 0, -1])
    def test_python_scalar(self, func, value):
        result = func(value)
        assert _is_float64_scalar_result(result), type(result)
        assert result == func(np.array([float(value)]))[0]

    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_numpy_scalar_keeps_dtype(self, func, dtype):
        result = func(dtype(-0.75))
        assert np.ndim(result) == 0
        assert result.dtype == dtype
        assert result == func(np.array([-0.75], dtype=dtype))[0]

    def test_zero_dimensional_array(self, func):
        result = func(np.array(1.25))
        assert np.ndim(result) == 0
        assert result.dtype == np.float64
        assert result == func(np.array([1.25]))[0]

    def test_list_and_nested_list(self, func):
        flat = func([-1.0, 0.0, 2])
        assert isinstance(flat, np.ndarray) and flat.dtype == np.float64
        np.testing.assert_array_equal(flat, func(np.array([-1.0, 0.0, 2.0])))
        nested = func([[-1.0, 0.5, 3.0], [2.0, -0.5, 0.0]])
        assert nested.shape == (2, 3)

    @pytest.mark.parametrize("shape", [(7,), (1, 7), (7, 1), (3, 4), (2, 3, 4), (2, 1, 3, 2)])
    def test_shape_is_kept_and_values_do_not_depend_on_it(self, func, shape):
        values = np.linspace(-6.0, 6.0, int(np.prod(shape))).reshape(shape)
        result = func(values)
        assert result.shape == shape
        np.testing.assert_array_equal(result.ravel(), func(values.ravel()))

    def test_non_contiguous_input(self, func):
        values = np.linspace(-6.0, 6.0, 24).reshape(4, 6)
        np.testing.assert_array_equal(func(values.T), func(values).T)
        np.testing.assert_array_equal(func(values[:, ::2]), func(values)[:, ::2])

    @pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 2, 2)])
    @pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
    def test_empty_array(self, func, shape, dtype):
        result = func(np.empty(shape, dtype=dtype))
        assert result.shape == shape
        assert result.dtype == (np.float32 if dtype is np.float32 else np.float64)

    def test_input_is_neither_modified_nor_returned(self, func):
        values = SAMPLE.copy()
        values.setflags(write=False)  # a read-only input must work too
        result = func(values)
        np.testing.assert_array_equal(values, SAMPLE)
        assert not np.shares_memory(result, values)


@pytest.mark.parametrize("func", SOFTMAX)
class TestSoftmax:
    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_float_dtype_is_kept(self, func, dtype):
        assert func(SAMPLE.astype(dtype)).dtype == dtype

    @pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, np.bool_])
    def test_integers_and_bools_compute_in_float64(self, func, dtype):
        values = np.array([1, 0, 1, 1], dtype=dtype)  # even, for the gated units
        result = func(values)
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, func(values.astype(np.float64)))

    def test_list(self, func):
        result = func([1, 2, 3, 4])
        assert isinstance(result, np.ndarray) and result.dtype == np.float64
        np.testing.assert_array_equal(result, func(np.array([1.0, 2.0, 3.0, 4.0])))

    def test_input_is_not_modified(self, func):
        values = SAMPLE.copy()
        values.setflags(write=False)
        func(values)
        np.testing.assert_array_equal(values, SAMPLE)


@pytest.mark.parametrize(
    ("shape", "axis"),
    [
        ((5,), -1),
        ((5,), 0),
        ((3, 4), -1),
        ((3, 4), 0),
        ((3, 4), 1),
        ((2, 3, 4), 1),
        ((2, 3, 4), -3),
    ],
)
def test_softmax_shapes(shape, axis):
    values = np.linspace(-3.0, 3.0, int(np.prod(shape))).reshape(shape)
    assert activations.softmax(values, axis=axis).shape == shape
    n = shape[axis]
    moved = np.moveaxis(values, axis, -1).shape
    # the Jacobian: the softmax axis moved last, then one more axis of length n
    assert activations.softmax_grad(values, axis=axis).shape == (*moved, n)


@pytest.mark.parametrize(("shape", "axis"), [((0, 4), -1), ((4, 0), -1), ((0,), 0), ((0, 4), 0)])
def test_softmax_of_empty_arrays(shape, axis):
    values = np.empty(shape)
    assert activations.softmax(values, axis=axis).shape == shape
    n = shape[axis]
    moved = np.moveaxis(values, axis, -1).shape
    assert activations.softmax_grad(values, axis=axis).shape == (*moved, n)
