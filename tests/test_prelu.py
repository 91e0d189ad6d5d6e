"""PReLU beyond what the registry-wide tests cover: one slope per channel, the derivative in
alpha, and the input checks that only PReLU has.

The registry entry (a shared alpha, default 0.25) is checked for accuracy, special values,
dtypes and bad input by the registry-wide suites. Here the references are independent of the
package: mpmath sums of exact products, central differences, ``jax.grad`` of a PReLU written
in ``jax.numpy``, and PyTorch's ``torch.nn.functional.prelu`` and its autograd (where PyTorch is
installed). Each comparison is a function returning its problems, and a broken implementation
is shown to produce them.
"""

from __future__ import annotations

import inspect
import math
import re
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from reference import MP, round_to, ulps

import activations
from activations import ACTIVATIONS, prelu, prelu_alpha_grad, prelu_grad

FLOATS = (np.float64, np.float32, np.float16)
#: Slopes of four channels: He et al.'s initial 0.25, ReLU's 0, a negative and a steep one.
ALPHAS = np.array([0.25, 0.0, -0.5, 3.0])
SPECIALS = np.array([-np.inf, -1e308, -2.5, -5e-324, -0.0, 0.0, 5e-324, 1.5, 1e308, np.inf, np.nan])


def _batch(seed: int = 0, shape: tuple[int, ...] = (3, 4, 5)) -> np.ndarray:
    """Inputs in PyTorch's layout (batch, channels, length), zeros and both signs among them."""
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=3.0, size=shape)
    x.flat[::7] = 0.0
    x.flat[3::11] = -0.0
    return x


# --------------------------------------------------------------------------- one slope per channel


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("axis", [1, -2])
def test_per_channel_values_are_the_shared_slope_channel_by_channel(dtype, axis) -> None:
    x = _batch().astype(dtype)
    got = prelu(x, ALPHAS, axis=axis)
    slopes = prelu_grad(x, ALPHAS, axis=axis)
    assert got.dtype == dtype and got.shape == x.shape
    for c, alpha in enumerate(ALPHAS):
        np.testing.assert_array_equal(got[:, c], prelu(x[:, c], float(alpha)), strict=True)
        np.testing.assert_array_equal(slopes[:, c], prelu_grad(x[:, c], float(alpha)), strict=True)
        assert np.array_equal(np.signbit(got[:, c]), np.signbit(prelu(x[:, c], float(alpha))))


@pytest.mark.parametrize("dtype", FLOATS)
def test_per_channel_values_against_mpmath(dtype) -> None:
    # alpha x is rounded once in float64 and once more into the narrower format: correctly
    # rounded in float64, within one ulp in float32 and float16.
    x = _batch(1, (6, 4)).astype(dtype)
    got = prelu(x, ALPHAS, axis=-1)
    expected = np.array(
        [
            [
                round_to(v if v > 0 else MP.mpf(a) * MP.mpf(v), dtype)
                for v, a in zip(row, ALPHAS, strict=True)
            ]
            for row in x.astype(float)
        ],
        dtype=dtype,
    )
    allowed = 0 if dtype is np.float64 else 1
    assert np.all(ulps(got, expected) <= allowed), (got, expected)


def test_per_channel_special_values() -> None:
    # Every special input in every channel: the same as the shared-slope path, which the
    # registry-wide tests check against the limits (0 at -inf for alpha = 0, as for ReLU).
    x = np.tile(SPECIALS[:, None], (1, ALPHAS.size))
    got = prelu(x, ALPHAS, axis=1)
    for c, alpha in enumerate(ALPHAS):
        expected = prelu(SPECIALS, float(alpha))
        np.testing.assert_array_equal(got[:, c], expected)
        assert np.array_equal(np.signbit(got[:, c]), np.signbit(expected)), alpha
    assert got[0, 1] == 0 and got[-2, 1] == np.inf  # alpha = 0 at -inf and +inf


def test_zero_slope_and_negative_zero_slope_are_the_same() -> None:
    x = SPECIALS
    np.testing.assert_array_equal(prelu(x, -0.0), prelu(x, 0.0))
    assert np.array_equal(np.signbit(prelu(x, -0.0)), np.signbit(prelu(x, 0.0)))
    per_channel = prelu(np.stack([x, x], axis=1), np.array([-0.0, 0.0]), axis=1)
    assert np.array_equal(np.signbit(per_channel[:, 0]), np.signbit(per_channel[:, 1]))


def test_shared_alpha_gives_leaky_relu_relu_and_identity() -> None:
    x = np.concatenate([SPECIALS[~np.isnan(SPECIALS)], np.linspace(-5.0, 5.0, 41)])
    for alpha in (0.01, 0.25, 3.0):
        np.testing.assert_array_equal(prelu(x, alpha), activations.leaky_relu(x, alpha))
    np.testing.assert_array_equal(prelu(x, 0.0), activations.relu(x))  # up to signed zeros
    np.testing.assert_array_equal(prelu(x, 1.0), x)


@pytest.mark.parametrize(
    ("x", "alpha", "axis"),
    [
        (np.zeros(4), 0.25, None),
        (np.zeros(4), np.array([0.1, 0.2, 0.3, 0.4]), 0),
        (np.zeros((2, 3)), np.array([0.1, 0.2, 0.3]), 1),
        (np.zeros((2, 3)), np.float32(0.5), 1),  # a scalar alpha with an axis: shared
        (np.zeros((2, 3)), np.array(0.5), None),  # a 0-d array is a scalar
        (np.zeros((2, 3)), [1, 2], 0),  # integers are slopes too
    ],
)
def test_accepted_slopes(x, alpha, axis) -> None:
    for func in (prelu, prelu_grad):
        assert func(x, alpha, axis=axis).shape == x.shape


def test_no_runtime_warning_per_channel_or_in_the_alpha_gradient() -> None:
    x = np.tile(SPECIALS[:, None], (1, ALPHAS.size))
    g = np.full_like(x, 1e308)
    with np.errstate(over="warn", divide="warn", invalid="warn"), warnings.catch_warnings():
        warnings.simplefilter("error")
        prelu(x, ALPHAS, axis=1)
        prelu_grad(x, ALPHAS, axis=1)
        prelu_alpha_grad(x, g, axis=1)  # 1e308 * -1e308 overflows, -inf + inf is nan
        prelu_alpha_grad(x, g)


# --------------------------------------------------------------------------- the gradient in alpha


def _exact_alpha_gradient(x: np.ndarray, g: np.ndarray, axis: int | None):
    """sum of g min(0, x) over the positions sharing a slope, as mpf, from the exact inputs."""
    g = np.broadcast_to(g, x.shape)
    if axis is None:
        x, g, axis = x.reshape(1, -1), g.reshape(1, -1), 0
        shared = True
    else:
        shared = False
    x, g = np.moveaxis(x, axis, 0), np.moveaxis(g, axis, 0)
    sums = []
    for xc, gc in zip(x, g, strict=True):
        terms = [
            MP.mpf(float(gi)) * MP.mpf(float(xi))
            for xi, gi in zip(xc.ravel(), gc.ravel(), strict=True)
            if xi <= 0
        ]
        sums.append((MP.fsum(terms), MP.fsum(abs(t) for t in terms), len(terms)))
    return sums[0] if shared else sums


def alpha_gradient_problems(func: Callable, dtype=np.float64) -> list[str]:
    """``func(x, upstream, axis=...)`` against the exact sum of g min(0, x).

    The package adds float64 products pairwise: the error is at most (n eps) times the sum of
    |terms| in float64, where n is the number of terms, plus the final rounding into ``dtype``
    (one ulp allowed).
    """
    x = _batch(2, (8, 4, 6)).astype(dtype)
    g = np.random.default_rng(3).normal(size=x.shape).astype(dtype)
    problems = []
    for axis in (None, 1, -1, 0):
        got = np.atleast_1d(func(x, g, axis=axis))
        exact = _exact_alpha_gradient(x.astype(float), g.astype(float), axis)
        exact = [exact] if axis is None else exact
        if got.dtype != dtype or got.shape != (len(exact),):
            problems.append(f"axis={axis}: {got.dtype} {got.shape}, not {dtype} ({len(exact)},)")
            continue
        for c, (value, magnitude, n) in enumerate(exact):
            rounded = np.array([round_to(value, dtype)], dtype=dtype)
            bound = float(n * np.finfo(np.float64).eps * magnitude)
            error = abs(float(got[c]) - float(value))
            if not (error <= bound or ulps(got[c : c + 1], rounded)[0] <= 1):
                problems.append(f"axis={axis}, slope {c}: {got[c]!r}, exact {MP.nstr(value, 20)}")
    return problems


@pytest.mark.parametrize("dtype", FLOATS)
def test_alpha_gradient_is_the_sum_of_upstream_times_min_zero_x(dtype) -> None:
    assert alpha_gradient_problems(prelu_alpha_grad, dtype) == []


def test_alpha_gradient_check_fires_on_wrong_gradients() -> None:
    # max(0, x) in place of min(0, x), and the sum taken over the channel axis instead of
    # over the positions of each channel.
    def max_instead_of_min(x, g, axis=None):
        return prelu_alpha_grad(-x, -g, axis=axis)

    def wrong_axis(x, g, axis=None):
        if axis is None:
            return prelu_alpha_grad(x, g)
        per_position = np.where(x > 0, 0.0, g * x).sum(axis=axis)
        return per_position.ravel()[: x.shape[axis]].astype(x.dtype)

    assert any("exact" in p for p in alpha_gradient_problems(max_instead_of_min))
    assert alpha_gradient_problems(wrong_axis)


def test_alpha_gradient_by_central_differences() -> None:
    # L(alpha) = sum g prelu(x, alpha) is linear in each slope: the central difference is exact
    # but for rounding.
    x, g = _batch(4), np.random.default_rng(5).normal(size=(3, 4, 5))
    got = prelu_alpha_grad(x, g, axis=1)
    h = 1e-3
    for c in range(ALPHAS.size):
        up, down = ALPHAS.copy(), ALPHAS.copy()
        up[c] += h
        down[c] -= h
        difference = (np.sum(g * prelu(x, up, axis=1)) - np.sum(g * prelu(x, down, axis=1))) / (
            2 * h
        )
        assert difference == pytest.approx(got[c], rel=1e-9, abs=1e-12)


@pytest.mark.e2e
def test_alpha_gradient_equals_jax_grad() -> None:
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    x, g = _batch(6), np.random.default_rng(7).normal(size=(3, 4, 5))

    def loss(alpha, shape):
        slopes = jnp.reshape(alpha, shape)
        return jnp.sum(g * jnp.where(x > 0, x, slopes * x))

    per_channel = np.asarray(jax.grad(loss)(jnp.asarray(ALPHAS), (1, -1, 1)))
    shared = float(jax.grad(loss)(jnp.asarray(0.25), ()))
    np.testing.assert_allclose(prelu_alpha_grad(x, g, axis=1), per_channel, rtol=1e-13)
    assert float(prelu_alpha_grad(x, g)) == pytest.approx(shared, rel=1e-13)
    inputs = np.asarray(jax.grad(lambda t: jnp.sum(g * jnp.where(t > 0, t, 0.25 * t)))(x))
    np.testing.assert_array_equal(g * prelu_grad(x), inputs)


def test_alpha_gradient_results_and_dtypes() -> None:
    x = np.array([[-1.0, 2.0, -3.0], [0.5, -0.5, -0.0]], dtype=np.float32)
    assert prelu_alpha_grad(x) == np.float32(-4.5)  # upstream ones: d(sum of outputs)/d alpha
    assert np.ndim(prelu_alpha_grad(x)) == 0 and prelu_alpha_grad(x).dtype == np.float32
    per_channel = prelu_alpha_grad(x, axis=1)
    assert per_channel.dtype == np.float32 and per_channel.tolist() == [-1.0, -0.5, -3.0]
    assert prelu_alpha_grad(x, np.float16(2.0)).dtype == np.float32
    assert prelu_alpha_grad(x, np.ones(3)).dtype == np.float64  # the wider of the two
    assert prelu_alpha_grad(x.astype(np.float16), np.ones(3, np.float16)).dtype == np.float16
    assert prelu_alpha_grad([[1, -2]], axis=0).dtype == np.float64
    # a term is 0 where x > 0 whatever the upstream gradient, as in PyTorch's backward
    assert prelu_alpha_grad([2.0, -1.0], [np.inf, 3.0]) == -3.0
    assert np.isnan(prelu_alpha_grad([np.nan, -1.0]))
    assert prelu_alpha_grad(np.zeros((0, 3)), axis=1).tolist() == [0.0, 0.0, 0.0]


# --------------------------------------------------------------------------- against PyTorch


def _torch():
    return pytest.importorskip("torch")


@pytest.mark.e2e
@pytest.mark.parametrize("shared", [True, False])
def test_values_and_gradients_agree_with_pytorch(shared: bool) -> None:
    torch = _torch()
    x_np = _batch(8)
    g_np = np.random.default_rng(9).normal(size=x_np.shape)
    alpha_np = np.array([0.25]) if shared else ALPHAS
    x = torch.tensor(x_np, requires_grad=True)
    weight = torch.tensor(alpha_np, requires_grad=True)
    out = torch.nn.functional.prelu(x, weight)
    out.backward(torch.tensor(g_np))
    kwargs = {"alpha": 0.25} if shared else {"alpha": ALPHAS, "axis": 1}
    # PyTorch's channel axis is dimension 1, the package's is named
    np.testing.assert_array_equal(out.detach().numpy(), prelu(x_np, **kwargs))
    signs = np.signbit(out.detach().numpy()) == np.signbit(prelu(x_np, **kwargs))
    assert signs.all()
    np.testing.assert_array_equal(x.grad.numpy(), g_np * prelu_grad(x_np, **kwargs))
    expected = prelu_alpha_grad(x_np, g_np, axis=None if shared else 1)
    np.testing.assert_allclose(weight.grad.numpy(), np.atleast_1d(expected), rtol=1e-13)


@pytest.mark.e2e
def test_pytorch_defaults_are_the_registry_entry() -> None:
    torch = _torch()
    parameters = inspect.signature(torch.nn.PReLU).parameters
    assert parameters["num_parameters"].default == 1
    assert parameters["init"].default == ACTIVATIONS["prelu"].params["alpha"] == 0.25
    assert float(torch.nn.PReLU().weight.detach()) == 0.25
    assert torch.nn.PReLU().weight.shape == (1,)
    assert torch.nn.PReLU(4).weight.shape == (4,)
    # its documentation advises against weight decay on the slope, as He et al. do
    assert "weight decay should not be used" in torch.nn.PReLU.__doc__


@pytest.mark.e2e
def test_pytorch_differs_only_where_alpha_is_zero_at_minus_infinity() -> None:
    # PyTorch computes 0 * -inf = nan there; the package returns the limit, 0.
    torch = _torch()
    x = torch.tensor(SPECIALS)
    for alpha in (0.25, -0.5, 3.0, 0.0):
        theirs = torch.nn.functional.prelu(x, torch.tensor([alpha], dtype=torch.float64)).numpy()
        ours = prelu(SPECIALS, alpha)
        differ = ~((theirs == ours) | (np.isnan(theirs) & np.isnan(ours)))
        assert SPECIALS[differ].tolist() == ([-math.inf] if alpha == 0 else []), alpha


# --------------------------------------------------------------------------- bad input

_X = np.zeros((2, 3))
BAD = [
    (
        {"alpha": [0.1, 0.2], "axis": 1},
        ValueError,
        "alpha has 2 slopes but x has 3 channels along axis 1",
    ),
    (
        {"alpha": [0.1, 0.2, 0.3]},
        ValueError,
        "a 1-D alpha (one slope per channel) needs the channel axis",
    ),
    ({"alpha": [[0.1, 0.2, 0.3]], "axis": 1}, ValueError, "got an array of shape (1, 3)"),
    (
        {"alpha": [0.1, np.nan, 0.3], "axis": 1},
        ValueError,
        "alpha must be finite, got alpha[1] = nan",
    ),
    ({"alpha": np.inf}, ValueError, "alpha must be finite, got inf"),
    (
        {"alpha": 0.25, "axis": 2},
        np.exceptions.AxisError,
        "axis 2 is out of bounds for array of dimension 2",
    ),
    ({"alpha": [0.1, 0.2, 0.3], "axis": -3}, np.exceptions.AxisError, "axis -3 is out of bounds"),
    ({"alpha": 0.25, "axis": 1.0}, TypeError, "axis must be an integer or None, got 1.0"),
    ({"alpha": 0.25, "axis": True}, TypeError, "axis must be an integer or None, got True"),
    ({"alpha": "0.25"}, TypeError, "alpha must be a real number or a 1-D array of real numbers"),
    ({"alpha": [0.1j, 0.2, 0.3], "axis": 1}, TypeError, "got an array of dtype complex128"),
    ({"alpha": np.array([True, False, True]), "axis": 1}, TypeError, "got an array of dtype bool"),
    ({"alpha": [[0.1], [0.2, 0.3]], "axis": 1}, ValueError, "cannot make an array of alpha"),
]


@pytest.mark.parametrize("func", [prelu, prelu_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD, ids=lambda v: str(v)[:40])
def test_bad_slope_or_axis_raises_naming_the_function(func, kwargs, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)) as excinfo:
        func(_X, **kwargs)
    assert str(excinfo.value).startswith(f"{func.__name__}: "), str(excinfo.value)


def test_a_scalar_x_has_no_channel_axis() -> None:
    with pytest.raises(np.exceptions.AxisError, match=r"^prelu: axis 0 is out of bounds"):
        prelu(-1.0, [0.2], axis=0)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            (np.zeros((2, 3)), np.ones(2)),
            {},
            ValueError,
            "upstream of shape (2,) does not broadcast to x's shape (2, 3)",
        ),
        (
            (np.zeros(3), np.ones((2, 3))),
            {},
            ValueError,
            "upstream of shape (2, 3) does not broadcast",
        ),
        ((np.zeros((2, 3)),), {"axis": 2}, np.exceptions.AxisError, "axis 2 is out of bounds"),
        ((np.zeros((2, 3)),), {"axis": "1"}, TypeError, "axis must be an integer or None"),
        ((np.zeros(3), np.array([1j, 1, 1])), {}, TypeError, "expected real numbers"),
        ((np.array(["a"]),), {}, TypeError, "expected real numbers"),
        (([[1.0], [2.0, 3.0]],), {}, ValueError, "cannot make an array of the input"),
    ],
)
def test_alpha_gradient_bad_input(args, kwargs, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)) as excinfo:
        prelu_alpha_grad(*args, **kwargs)
    assert str(excinfo.value).startswith("prelu_alpha_grad: "), str(excinfo.value)


def test_registry_entry_sits_after_leaky_relu() -> None:
    names = list(ACTIVATIONS)
    assert names[names.index("leaky_relu") + 1] == "prelu"
    entry = ACTIVATIONS["prelu"]
    assert entry.elementwise
    assert entry.function is prelu and entry.derivative is prelu_grad
    assert dict(entry.params) == {"alpha": activations.PRELU_INIT} == {"alpha": 0.25}
