"""Accuracy of every activation and derivative against mpmath at 60 digits.

The criterion (issue 2): at every test point x,
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
    float_points,
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


def check_softmax(kind: str) -> None:
    """softmax and its Jacobian against mpmath on seeded random logit vectors."""
    assert not REFERENCES["softmax"].elementwise
    rng = np.random.default_rng(20240602)
    for n in (1, 2, 3, 7, 16):
        for scale in (1.0, 10.0):
            x = rng.normal(scale=scale, size=n)
            s = softmax_reference(x)
            cond = softmax_conditions(x)
            if kind == "function":
                got = activations.softmax(x)
                expected = np.array([round_to(v, np.float64) for v in s])
                error = ulps(got, expected)
                assert np.all(error <= FUNCTION_ULPS * np.maximum(1, cond)), (x, got, expected)
            else:
                got = activations.softmax_grad(x)
                jac = softmax_jacobian_reference(x)
                expected = np.array([[round_to(v, np.float64) for v in row] for row in jac])
                allowed = DERIVATIVE_ULPS * np.maximum(1, softmax_jacobian_conditions(x))
                assert got.shape == (n, n)
                assert np.all(ulps(got, expected) <= allowed), (x, got, expected)


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
def test_registry_defaults_match_the_issue(name):
    # The defaults of the issue: leaky_relu alpha=0.01, elu alpha=1.0, swish beta=1.0.
    assert dict(ACTIVATIONS[name].params) == dict(REFERENCES[name].defaults)


@pytest.mark.parametrize(("name", "params", "kind"), ACCURACY_CASES)
def test_float64_accuracy(name, params, kind):
    if not ACTIVATIONS[name].elementwise:
        check_softmax(kind)
        return
    check_elementwise(name, params, kind, np.float64)


# softmax in float32/float16 is covered by test_softmax.py
ELEMENTWISE_CASES = [case for case in ACCURACY_CASES if ACTIVATIONS[case.values[0]].elementwise]


@pytest.mark.parametrize(("name", "params", "kind"), ELEMENTWISE_CASES)
def test_float32_accuracy(name, params, kind):
    check_elementwise(name, params, kind, np.float32)


@pytest.mark.parametrize(("name", "params", "kind"), ELEMENTWISE_CASES)
def test_float16_accuracy(name, params, kind):
    check_elementwise(name, params, kind, np.float16)


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
