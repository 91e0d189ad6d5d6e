"""The gated units GLU, ReGLU, GEGLU and SwiGLU: split convention, shapes, limits, NaN, zeros.

Accuracy against mpmath is in test_accuracy.py (``check_gated``); here the structure. The split
convention is that of ``torch.nn.functional.glu`` and ``jax.nn.glu``: the first half of x
along ``axis`` is the value a, the second the gate input b, and the output is a * g(b).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from reference import MP, REFERENCES

import activations as act

INF = math.inf
GATES = {"glu": act.sigmoid, "reglu": act.relu, "geglu": act.gelu, "swiglu": act.silu}
GATE_GRADS = {
    "glu": act.sigmoid_grad,
    "reglu": act.relu_grad,
    "geglu": act.gelu_grad,
    "swiglu": act.silu_grad,
}
NAMES = list(GATES)


def test_registry_names_the_gates():
    for name, gate in GATES.items():
        entry = act.ACTIVATIONS[name]
        assert entry.kind is act.Kind.GATED and not entry.elementwise
        assert act.ACTIVATIONS[entry.gate].function is gate
        assert REFERENCES[name].gate == entry.gate


@pytest.mark.parametrize("name", NAMES)
class TestSplit:
    def test_first_half_is_the_value_second_the_gate(self, name):
        a = np.array([1.5, -2.0, 0.25])
        b = np.array([0.7, 1.3, 3.0])
        got = getattr(act, name)(np.concatenate([a, b]))
        np.testing.assert_array_equal(got, a * GATES[name](b))
        swapped = getattr(act, name)(np.concatenate([b, a]))
        assert not np.array_equal(swapped, got)

    @pytest.mark.parametrize(("shape", "axis"), [((4, 6), -1), ((4, 6), 0), ((2, 4, 3), 1)])
    def test_axis(self, name, shape, axis):
        x = np.linspace(-3.0, 3.0, math.prod(shape)).reshape(shape)
        a, b = np.split(x, 2, axis=axis)
        got = getattr(act, name)(x, axis=axis)
        np.testing.assert_array_equal(got, a * GATES[name](b))
        grad = getattr(act, f"{name}_grad")(x, axis=axis)
        assert grad.shape == x.shape
        da, db = np.split(grad, 2, axis=axis)
        np.testing.assert_array_equal(da, GATES[name](b))
        np.testing.assert_array_equal(db, a * GATE_GRADS[name](b))

    @pytest.mark.parametrize("public", ["{}", "{}_grad"])
    @pytest.mark.parametrize(("shape", "axis", "length"), [((5,), -1, 5), ((2, 3), 1, 3)])
    def test_odd_length_raises_naming_axis_and_length(self, name, public, shape, axis, length):
        func_name = public.format(name)
        pattern = rf"{func_name}: the length along axis {axis % len(shape)} .* got {length}"
        with pytest.raises(ValueError, match=pattern):
            getattr(act, func_name)(np.zeros(shape), axis=axis)

    def test_scalar_and_bad_axis_raise(self, name):
        func = getattr(act, name)
        with pytest.raises(ValueError, match=rf"{name}: .*scalar"):
            func(1.0)
        with pytest.raises(np.exceptions.AxisError):
            func(np.zeros((2, 4)), axis=2)

    @pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
    def test_dtype_kept(self, name, dtype):
        x = np.linspace(-2, 2, 8, dtype=dtype)
        assert getattr(act, name)(x).dtype == dtype
        assert getattr(act, f"{name}_grad")(x).dtype == dtype

    def test_integers_lists_and_empty(self, name):
        func = getattr(act, name)
        np.testing.assert_array_equal(func([1, 2, 3, -1]), func(np.array([1.0, 2.0, 3.0, -1.0])))
        assert func(np.array([1, 0], dtype=np.int64)).dtype == np.float64
        assert func(np.empty((3, 0))).shape == (3, 0)
        assert getattr(act, f"{name}_grad")(np.empty((0, 4))).shape == (0, 4)

    def test_input_not_modified(self, name):
        x = np.linspace(-2, 2, 8)
        x.setflags(write=False)
        getattr(act, name)(x)
        getattr(act, f"{name}_grad")(x)
        np.testing.assert_array_equal(x, np.linspace(-2, 2, 8))

    def test_gradient_is_the_derivative_of_the_sum(self, name):
        # d/dx sum(out) by mpmath's numerical differentiation of the reference a g(b)
        ref = REFERENCES[REFERENCES[name].gate]
        a, b = np.array([0.8, -1.7]), np.array([-0.4, 1.9])
        grad = getattr(act, f"{name}_grad")(np.concatenate([a, b]))
        for i in range(2):
            am, bm = MP.mpf(a[i]), MP.mpf(b[i])
            d_a = MP.diff(lambda t, bm=bm: t * ref.function(bm), am)
            d_b = MP.diff(lambda t, am=am: am * ref.function(t), bm)
            assert grad[i] == pytest.approx(float(d_a), rel=1e-14)
            assert grad[2 + i] == pytest.approx(float(d_b), rel=1e-14)


# (a, b) -> output, written down from the limits (module docstring of activations.gated):
# an infinite a takes the sign of g(b) (0 where g(b) = 0 exactly); an infinite b gives g's
# limit times a (0 for a = 0); inf * 0 with both infinite has no limit: nan.
LIMITS = {
    "glu": {
        (INF, 1.0): INF,
        (-INF, -800.0): -INF,  # sigma(-800) underflows, but is positive
        (3.0, INF): 3.0,
        (3.0, -INF): 0.0,
        (0.0, INF): 0.0,
        (INF, INF): INF,
        (INF, -INF): math.nan,
    },
    "reglu": {
        (INF, 1.0): INF,
        (INF, -1.0): 0.0,  # the gate is closed: a * 0 = 0 for every a
        (INF, 0.0): 0.0,
        (3.0, INF): INF,
        (-3.0, INF): -INF,
        (0.0, INF): 0.0,
        (INF, -INF): 0.0,
    },
    "geglu": {
        (INF, -50.0): -INF,  # gelu(-50) underflows, but is negative
        (INF, 0.0): 0.0,
        (-INF, 2.0): -INF,
        (3.0, INF): INF,
        (3.0, -INF): 0.0,
        (0.0, INF): 0.0,
        (INF, -INF): math.nan,
    },
    "swiglu": {
        (INF, -800.0): -INF,
        (INF, 0.0): 0.0,
        (-INF, -1.0): INF,
        (3.0, INF): INF,
        (3.0, -INF): 0.0,
        (0.0, INF): 0.0,
        (INF, -INF): math.nan,
    },
}


@pytest.mark.parametrize("name", NAMES)
def test_limits(name):
    pairs = list(LIMITS[name])
    x = np.array([[a for a, _ in pairs], [b for _, b in pairs]]).ravel()
    got = getattr(act, name)(x)
    expected = np.array(list(LIMITS[name].values()))
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_limits(name):
    # d/da = g(b) and d/db = 2 g'(b) at b = +-inf: g'(-inf) = 0, g'(inf) = 1 (sigma'(inf) = 0)
    grad = getattr(act, f"{name}_grad")(np.array([2.0, 2.0, -INF, INF]))
    np.testing.assert_array_equal(grad[:2], GATES[name](np.array([-INF, INF])))
    np.testing.assert_array_equal(grad[2:], [0.0, 0.0 if name == "glu" else 2.0])
    # an infinite a takes the sign of g'(b): sigma'(-800) > 0 underflows; relu'(-800) = 0
    grad = getattr(act, f"{name}_grad")(np.array([INF, -INF, 1.0, -800.0]))
    expected = {"glu": [INF, -INF], "reglu": [INF, 0.0], "geglu": [INF, INF], "swiglu": [INF, INF]}
    np.testing.assert_array_equal(grad[2:], expected[name])


@pytest.mark.parametrize("name", NAMES)
def test_nan_in_either_half_gives_nan_there_only(name):
    x = np.array([np.nan, 1.0, 2.0, 0.5, np.nan, -1.0])
    got = getattr(act, name)(x)
    assert np.isnan(got[:2]).all() and not np.isnan(got[2])
    grad = getattr(act, f"{name}_grad")(x)
    assert np.isnan(grad[[1, 3, 4]]).all()  # d/da = g(nan); d/db = nan * g' and a * g'(nan)


@pytest.mark.parametrize("name", NAMES)
def test_signed_zero_value_gives_signed_zero(name):
    # a = -0.0 times a positive gate is -0.0, as in IEEE arithmetic
    got = getattr(act, name)(np.array([-0.0, 0.0, 2.0, 2.0]))
    assert got[0] == 0 and np.signbit(got[0]) and got[1] == 0 and not np.signbit(got[1])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["", "_grad"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_no_runtime_warning(name, kind, dtype):
    special = np.array([-INF, INF, np.nan, 0.0, -0.0], dtype=dtype)
    big = np.array([np.finfo(dtype).max, -np.finfo(dtype).max], dtype=dtype)
    values = np.concatenate([special, big, np.array([-800, 5e-324, 1e-300, 3.0])]).astype(dtype)
    a = np.repeat(values, values.size)
    b = np.tile(values, values.size)
    errstate = np.errstate(over="warn", divide="warn", invalid="warn", under="ignore")
    with errstate, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(act, f"{name}{kind}")(np.concatenate([a, b]))
    assert not caught, [str(w.message) for w in caught]


def test_swiglu_with_equal_halves_is_x_times_silu():
    # with a = b = x, SwiGLU is x silu(x) and GLU is silu(x)
    x = np.linspace(-8, 8, 161)
    np.testing.assert_array_equal(act.glu(np.concatenate([x, x])), x * act.sigmoid(x))
    np.testing.assert_array_equal(act.swiglu(np.concatenate([x, x])), x * act.silu(x))
