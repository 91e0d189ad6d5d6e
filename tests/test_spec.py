"""The registry as the numerical specification: each entry's kind and parameters agree with
its functions.

Each check returns its problems as text, so that a test can show it fires on a broken entry.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from activations import ACTIVATIONS, Activation, Kind
from activations.properties import compute_properties

X = np.linspace(-6.0, 6.0, 97)


def parameter_problems(entry: Activation) -> list[str]:
    """A declared default that is not the functions' default, or a grid without it."""
    problems = []
    for p in entry.parameters:
        for func in (entry.function, entry.derivative):
            if not np.array_equal(func(X, **{p.name: p.default}), func(X), equal_nan=True):
                problems.append(
                    f"{entry.name}: {p.name} = {p.default} is not {func.__name__}'s default"
                )
        if p.grid is not None and not np.any(p.values == p.default):
            problems.append(f"{entry.name}: the explorer's grid of {p.name} lacks {p.default}")
        if p.figure_values and p.default not in p.figure_values:
            problems.append(f"{entry.name}: the figure's values of {p.name} lack {p.default}")
    return problems


def kind_problems(entry: Activation) -> list[str]:
    """A gated entry without a gate (or a gate on another kind), an axis entry without an axis,
    an elementwise entry whose outputs depend on other entries."""
    problems = []
    if (entry.kind is Kind.GATED) != bool(entry.gate):
        problems.append(f"{entry.name}: kind {entry.kind.name} with gate {entry.gate!r}")
    if entry.kind is not Kind.ELEMENTWISE:
        rows = np.array([[0.5, -1.0], [2.0, 0.0]])
        expected = (1, 2) if entry.kind is Kind.GATED else rows.shape  # a gated unit halves it
        try:
            shape = entry.function(rows, axis=0).shape
        except TypeError:
            problems.append(f"{entry.name}: kind {entry.kind.name} but takes no axis")
        else:
            if shape != expected:
                problems.append(
                    f"{entry.name}: kind {entry.kind.name} but maps {rows.shape} to {shape}"
                )
    elif not np.array_equal(entry.function(X), entry.function(X[:, None])[:, 0]):
        problems.append(f"{entry.name}: kind ELEMENTWISE but an entry's output depends on others")
    return problems


def attained_problems(entry: Activation) -> list[str]:
    """Declared ``attained`` and ``bounds`` that are not what the properties table computes.

    A gated unit's row describes its gate (a = 1), whose infimum may be attained (ReGLU's gate
    is ReLU); the unit itself, with a free, takes every real value: its bounds are infinite and
    so neither is attained.
    """
    if entry.kind is Kind.GATED:
        if entry.bounds != (-np.inf, np.inf) or entry.attained != (False, False):
            return [f"{entry.name}: a gated unit's range is (-inf, inf), open"]
        return []
    row = compute_properties(entry)
    computed = (row.infimum_attained, row.supremum_attained)
    if entry.attained != computed:
        return [f"{entry.name}: declared attained {entry.attained}, computed {computed}"]
    return []


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_declared_attained_is_computed(name: str) -> None:
    assert attained_problems(ACTIVATIONS[name]) == []


def test_attained_check_fires_on_broken_entries() -> None:
    relu = dataclasses.replace(ACTIVATIONS["relu"], attained=(False, False))
    assert any("computed (True, False)" in p for p in attained_problems(relu))
    glu = dataclasses.replace(ACTIVATIONS["glu"], attained=(True, False))
    assert any("open" in p for p in attained_problems(glu))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_declared_parameters_are_the_functions_defaults(name: str) -> None:
    assert parameter_problems(ACTIVATIONS[name]) == []


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_kind_matches_the_function(name: str) -> None:
    assert kind_problems(ACTIVATIONS[name]) == []


def test_checks_fire_on_broken_entries() -> None:
    elu = ACTIVATIONS["elu"]
    (alpha,) = elu.parameters
    broken = dataclasses.replace(elu, parameters=(dataclasses.replace(alpha, default=2.0),))
    assert any("is not elu's default" in p for p in parameter_problems(broken))
    off_grid = dataclasses.replace(alpha, grid=(range(1, 4), 7))
    broken = dataclasses.replace(elu, parameters=(off_grid,))
    assert any("grid of alpha lacks" in p for p in parameter_problems(broken))
    assert any("gate ''" in p for p in kind_problems(dataclasses.replace(elu, kind=Kind.GATED)))
    assert kind_problems(dataclasses.replace(ACTIVATIONS["glu"], gate=""))
    assert any(
        "takes no axis" in p for p in kind_problems(dataclasses.replace(elu, kind=Kind.AXIS))
    )
    glu_as_axis = dataclasses.replace(ACTIVATIONS["glu"], kind=Kind.AXIS, gate="")
    assert any("maps (2, 2) to (1, 2)" in p for p in kind_problems(glu_as_axis))
    softmax_as_elementwise = dataclasses.replace(ACTIVATIONS["softmax"], kind=Kind.ELEMENTWISE)
    assert any("depends on others" in p for p in kind_problems(softmax_as_elementwise))
