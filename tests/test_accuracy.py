"""Accuracy of every activation and derivative against mpmath at 60 digits.

The criterion: at every test point x,
    |computed - round(f(x))| <= k ulps * max(1, cond),  cond = |x f'(x) / f(x)|,
with k = 4 for functions and k = 8 for derivatives, ulp = np.spacing(|round(f(x))|) in the
tested dtype (2**-1074 for a zero or subnormal float64 reference), and cond computed in
mpmath (see ``reference.reference_value``) and capped at 2**53, where a one-ulp change of
x already changes f(x) by more than f(x) and the bound would say nothing (at such points
the reference rounds to 0 or to an asymptote). The cases are generated from
``activations.ACTIVATIONS``, so a registry entry without an mpmath reference fails here.
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import (
    MP,
    REFERENCES,
    ElementwiseReference,
    GatedReference,
    LogSoftmaxReference,
    SoftmaxReference,
    float_points,
    gated_reference,
    log_softmax_conditions,
    log_softmax_jacobian_conditions,
    log_softmax_jacobian_reference,
    log_softmax_reference,
    reference_value,
    round_to,
    softmax_conditions,
    softmax_jacobian_conditions,
    softmax_jacobian_reference,
    softmax_reference,
    ulps,
)

import activations
from activations import ACTIVATIONS

FUNCTION_ULPS = 4
DERIVATIVE_ULPS = 8
TOLERANCE = {"function": FUNCTION_ULPS, "derivative": DERIVATIVE_ULPS}


def _accuracy_cases():
    """(name, params or None for the defaults, kind) for every registry entry.

    Entries with no reference still get a case, which then fails on the lookup.
    """
    cases = []
    for name in ACTIVATIONS:
        ref = REFERENCES.get(name)
        variants = ref.variants if isinstance(ref, ElementwiseReference) else ()
        for params in (None, *variants):
            for kind in ("function", "derivative"):
                label = (
                    "default" if params is None else ",".join(f"{k}={v}" for k, v in params.items())
                )
                cases.append(pytest.param(name, params, kind, id=f"{name}-{label}-{kind}"))
    return cases


ACCURACY_CASES = _accuracy_cases()


def _callable(name: str, kind: str):
    entry = ACTIVATIONS[name]
    return entry.function if kind == "function" else entry.derivative


def _params_key(name: str, params) -> tuple[tuple[str, float], ...]:
    ref = REFERENCES[name]
    return tuple(sorted((ref.defaults if params is None else params).items()))


def _describe_failures(x, got, expected, error, allowed, cond, limit=8) -> str:
    order = np.argsort(-(error / allowed))
    lines = []
    for i in order[:limit]:
        if error[i] <= allowed[i]:
            break
        lines.append(
            f"x={x[i]!r}: got {got[i]!r}, expected {expected[i]!r} "
            f"({error[i]:.3g} ulps, cond {cond[i]:.3g}, allowed {allowed[i]:.3g})"
        )
    return "\n".join(lines)


def check_elementwise(name: str, params, kind: str, dtype) -> None:
    """Compare the package with the rounded mpmath reference at every point of ``dtype``."""
    ref = REFERENCES[name]  # KeyError: the registry has an entry with no reference
    assert isinstance(ref, ElementwiseReference), f"{name} has no elementwise reference"
    dtype = np.dtype(dtype)
    x = float_points(dtype)
    func = _callable(name, kind)
    got = func(x) if params is None else func(x, **params)
    assert isinstance(got, np.ndarray) and got.dtype == dtype and got.shape == x.shape
    key = _params_key(name, params)
    values = [reference_value(name, kind, float(v), key) for v in x]
    expected = np.array([round_to(value, dtype) for value, _ in values], dtype=dtype)
    cond = np.array([c for _, c in values])
    error = ulps(got, expected)
    allowed = TOLERANCE[kind] * np.maximum(1.0, cond)
    bad = ~(error <= allowed)
    assert not bad.any(), (
        f"{func.__name__}{'' if params is None else params} [{dtype}]: "
        f"{bad.sum()} of {x.size} points off:\n"
        + _describe_failures(x, got, expected, error, allowed, cond)
    )


# (value, conditions, Jacobian, Jacobian conditions) references of the vector-valued entries
_VECTOR_REFERENCES = {
    "softmax": (
        softmax_reference,
        softmax_conditions,
        softmax_jacobian_reference,
        softmax_jacobian_conditions,
    ),
    "log_softmax": (
        log_softmax_reference,
        log_softmax_conditions,
        log_softmax_jacobian_reference,
        log_softmax_jacobian_conditions,
    ),
}


def check_vector(name: str, kind: str) -> None:
    """softmax or log_softmax and its Jacobian against mpmath on seeded random logit vectors.

    The scale 1e3 makes some probabilities underflow while their logarithms stay finite.
    """
    assert isinstance(REFERENCES[name], SoftmaxReference | LogSoftmaxReference)
    values, conditions, jacobian, jacobian_conditions = _VECTOR_REFERENCES[name]
    entry = ACTIVATIONS[name]
    rng = np.random.default_rng(20240602)
    for n in (1, 2, 3, 7, 16):
        for scale in (1.0, 10.0, 1e3):
            x = rng.normal(scale=scale, size=n)
            if kind == "function":
                got = entry.function(x)
                expected = np.array([round_to(v, np.float64) for v in values(x)])
                allowed = FUNCTION_ULPS * np.maximum(1, conditions(x))
            else:
                got = entry.derivative(x)
                jac = jacobian(x)
                expected = np.array([[round_to(v, np.float64) for v in row] for row in jac])
                allowed = DERIVATIVE_ULPS * np.maximum(1, jacobian_conditions(x))
                assert got.shape == (n, n)
            error = ulps(got, expected)
            assert np.all(error <= allowed), (name, kind, x, got, expected, error)


# Values of the first (value) half of a gated unit's input, crossed with every test point
# as the gate input: signs, zeros, subnormals, and magnitudes where the product overflows.
_GATED_VALUES = (
    *(-v for v in (1.7976931348623157e308, 1e300, 3.5, 1.0, 5e-324)),
    -0.0,
    *(0.0, 5e-324, 1e-300, 0.5, 1.0, 7.0, 1e10, 1e300, 1.7976931348623157e308),
)


_LARGEST_ULP = {
    np.dtype(t): float(np.spacing(np.nextafter(np.finfo(t).max, 0, dtype=t)))
    for t in (np.float64, np.float32, np.float16)
}


def check_gated(name: str, kind: str, dtype) -> None:
    """A gated unit (kind "function") or its two partials ("derivative") against mpmath.

    Every a of ``_GATED_VALUES`` that fits the dtype is paired with every gate input b of
    ``float_points``; the references are a g(b), g(b) and a g'(b) from the gate's mpmath
    reference, rounded to the dtype, with the tolerance of the elementwise checks.
    """
    assert isinstance(REFERENCES[name], GatedReference)
    dtype = np.dtype(dtype)
    b = float_points(dtype)
    a = np.array(_GATED_VALUES)
    a = a[np.abs(a) <= float(np.finfo(dtype).max)].astype(dtype)
    value_half = np.repeat(a[:, None], b.size, axis=1)
    gate_half = np.repeat(b[None, :], a.size, axis=0)
    x = np.concatenate([value_half, gate_half], axis=-1)
    entry = ACTIVATIONS[name]
    if kind == "function":
        got = entry.function(x)
        parts = ["function"]
    else:
        got = entry.derivative(x)
        parts = ["d/da", "d/db"]
    assert isinstance(got, np.ndarray) and got.dtype == dtype
    assert got.shape == (a.size, b.size * len(parts))
    for k, part in enumerate(parts):
        piece = got[:, k * b.size : (k + 1) * b.size]
        refs = [[gated_reference(name, part, float(ai), float(bi)) for bi in b] for ai in a]
        expected = np.array([[round_to(v, dtype) for v, _ in row] for row in refs], dtype=dtype)
        cond = np.array([[c for _, c in row] for row in refs])
        error = ulps(piece, expected)
        # A finite product within a few ulps of the largest float may round either way: where
        # the exact value rounds to +-inf, the error is measured from the exact value in units
        # of the largest float's ulp.
        overflowed = np.isinf(expected) & np.isfinite(piece)
        for i, j in zip(*np.nonzero(overflowed), strict=True):
            exact = refs[i][j][0]
            error[i, j] = float(abs(MP.mpf(float(piece[i, j])) - exact) / _LARGEST_ULP[dtype])
        allowed = TOLERANCE[kind] * np.maximum(1.0, cond)
        bad = ~(error <= allowed)
        assert not bad.any(), f"{name} {part} [{dtype}]: {bad.sum()} points off:\n" + "\n".join(
            f"a={a[i]!r}, b={b[j]!r}: got {piece[i, j]!r}, expected {expected[i, j]!r} "
            f"({error[i, j]:.3g} ulps, allowed {allowed[i, j]:.3g})"
            for i, j in list(zip(*np.nonzero(bad), strict=True))[:8]
        )


def check_not_elementwise(name: str, kind: str, dtype) -> None:
    """The check of a registry entry that takes an axis: vector-valued or gated."""
    if isinstance(REFERENCES[name], GatedReference):
        check_gated(name, kind, dtype)
    else:
        assert dtype == np.float64  # narrower formats: test_softmax.py, test_log_softmax.py
        check_vector(name, kind)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_registry_entry_has_a_reference(name):
    assert name in REFERENCES, f"no mpmath reference for registry entry {name!r}"
    assert REFERENCES[name].elementwise == ACTIVATIONS[name].elementwise


def test_no_reference_without_registry_entry():
    assert set(REFERENCES) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_registry_points_at_the_public_functions(name):
    entry = ACTIVATIONS[name]
    assert entry.function is getattr(activations, name)
    assert entry.derivative is getattr(activations, f"{name}_grad")


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.elementwise])
def test_registry_defaults_match_the_mpmath_references(name):
    # The defaults the references are written for: leaky_relu 0.01, elu alpha=1.0, swish beta=1.0.
    assert dict(ACTIVATIONS[name].params) == dict(REFERENCES[name].defaults)


@pytest.mark.parametrize(("name", "params", "kind"), ACCURACY_CASES)
def test_float64_accuracy(name, params, kind):
    if not ACTIVATIONS[name].elementwise:
        check_not_elementwise(name, kind, np.float64)
        return
    check_elementwise(name, params, kind, np.float64)


# softmax and log_softmax in float32/float16 are covered by test_softmax.py and
# test_log_softmax.py; the gated units are checked here in every format.
NARROW_CASES = [
    case
    for case in ACCURACY_CASES
    if ACTIVATIONS[case.values[0]].elementwise
    or isinstance(REFERENCES.get(case.values[0]), GatedReference)
]


def _check_narrow(name, params, kind, dtype):
    if ACTIVATIONS[name].elementwise:
        check_elementwise(name, params, kind, dtype)
    else:
        check_gated(name, kind, dtype)


@pytest.mark.parametrize(("name", "params", "kind"), NARROW_CASES)
def test_float32_accuracy(name, params, kind):
    _check_narrow(name, params, kind, np.float32)


@pytest.mark.parametrize(("name", "params", "kind"), NARROW_CASES)
def test_float16_accuracy(name, params, kind):
    _check_narrow(name, params, kind, np.float16)


# Generic points away from 0 (the kinks) where the function is smooth.
GENERIC_POINTS = (-33.3, -12.5, -7.3, -3.1, -1.7, -0.9, -0.3, 0.2, 0.7, 1.3, 2.9, 6.1, 12.5, 33.3)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        pytest.param(name, params, id=f"{name}-{params}")
        for name, ref in REFERENCES.items()
        if isinstance(ref, ElementwiseReference)
        for params in (None, *ref.variants)
    ],
)
class TestDerivativeIsTheDerivativeOfTheFunction:
    """The package's derivative against mpmath.diff of the mpmath *function*.

    This catches a derivative that is right for a wrong function, and checks that the
    analytic derivatives in reference.py are themselves right.
    """

    def test_reference_derivative_is_mpmath_diff(self, name, params):
        ref = REFERENCES[name]
        kwargs = {k: MP.mpf(v) for k, v in (ref.defaults if params is None else params).items()}
        for x in GENERIC_POINTS:
            xm = MP.mpf(x)
            numeric = MP.diff(lambda t: ref.function(t, **kwargs), xm)
            analytic = ref.derivative(xm, **kwargs)
            assert abs(numeric - analytic) <= MP.mpf(10) ** -40 * max(1, abs(analytic)), x

    def test_package_derivative_matches_mpmath_diff(self, name, params):
        ref = REFERENCES[name]
        kwargs = {k: MP.mpf(v) for k, v in (ref.defaults if params is None else params).items()}
        key = _params_key(name, params)
        x = np.array(GENERIC_POINTS)
        derivative = ACTIVATIONS[name].derivative
        got = derivative(x) if params is None else derivative(x, **params)
        expected = np.array(
            [
                round_to(MP.diff(lambda t: ref.function(t, **kwargs), MP.mpf(v)), np.float64)
                for v in x
            ]
        )
        cond = np.array([reference_value(name, "derivative", float(v), key)[1] for v in x])
        error = ulps(got, expected)
        allowed = DERIVATIVE_ULPS * np.maximum(1, cond)
        assert np.all(error <= allowed), _describe_failures(x, got, expected, error, allowed, cond)


def test_registry_gated_entries_are_the_four_gated_units():
    # the families' order is the site's (tests/test_pages.py); here only the kind
    gated = {name for name, entry in ACTIVATIONS.items() if entry.kind is activations.Kind.GATED}
    assert gated == {"glu", "reglu", "geglu", "swiglu"}
    assert all(not ACTIVATIONS[name].elementwise and ACTIVATIONS[name].gate for name in gated)
