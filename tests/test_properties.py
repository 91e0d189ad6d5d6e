"""The properties table against the mathematics, and the registry's declared smoothness.

References come from ``reference.py`` (mpmath at 60 digits, written without the package) or
from closed forms: E[ReLU(Z)] = 1/sqrt(2 pi), the SELU constants of Klambauer et al. (2017),
GELU's derivative peak at x = sqrt(2), and so on.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference import MP, REFERENCES, SELU_ALPHA_LITERAL, SELU_LAMBDA_LITERAL, GatedReference

from activations import ACTIVATIONS, softmax
from activations.properties import (
    SOFTMAX_OTHER_LOGITS,
    Properties,
    compute_properties,
    global_maximum,
    global_minimum,
    properties_table,
    scalar_function,
)
from activations.site.pages import PAGES
from activations.site.tables import markdown_table, row_name

NAMES = list(ACTIVATIONS)
ELEMENTWISE = [name for name in NAMES if ACTIVATIONS[name].elementwise]
# geglu and swiglu: their rows describe the gates GELU and SiLU (a = 1)
NON_MONOTONIC = {"swish", "silu", "mish", "gelu", "gelu_tanh", "hard_swish", "geglu", "swiglu"}
ZERO_CENTRED = {"tanh", "selu", "softsign", "arctan"}  # odd functions, and SELU by design
SATURATION = {
    "sigmoid": "both",
    "tanh": "both",
    "relu": "left (hard)",
    "leaky_relu": "neither",
    "prelu": "neither",  # slope 0.25 on the left
    "elu": "left",
    "selu": "left",
    "swish": "left",
    "silu": "left",
    "mish": "left",
    "softplus": "left",
    "softsign": "both",
    "arctan": "both",
    "gelu": "left",
    "gelu_tanh": "left",
    "softmax": "both",
    "hard_sigmoid": "both (hard)",  # flat beyond -3 and 3
    "relu6": "both (hard)",  # flat below 0 and above 6
    "hard_swish": "left (hard)",  # flat below -3
    "celu": "left",
    "squareplus": "left",
    "glu": "both",
    "reglu": "left (hard)",
    "geglu": "left",
    "swiglu": "left",
    "log_softmax": "right",  # 1 - p -> 1 at -inf, 0 at +inf
    "log_sigmoid": "right",  # sigma(-x) -> 1 at -inf, 0 at +inf
}


@pytest.fixture(scope="module")
def table() -> dict[str, Properties]:
    return {row.name: row for row in properties_table()}


def _mp_function(name: str):
    """The activation as an mpmath function of one input.

    Softmax and log-softmax in their one-logit view, a gated unit as its gate (a = 1).
    """
    if name in ("softmax", "log_softmax"):
        others = [MP.mpf(z) for z in SOFTMAX_OTHER_LOGITS]
        p = lambda x: MP.exp(x) / (MP.exp(x) + MP.fsum(MP.exp(z) for z in others))
        return p if name == "softmax" else lambda x: MP.log(p(x))
    if isinstance(REFERENCES[name], GatedReference):
        return _mp_function(REFERENCES[name].gate)
    reference = REFERENCES[name]
    return lambda x: reference.function(x, **{k: MP.mpf(v) for k, v in reference.defaults.items()})


def _mp_derivative(name: str):
    if name in ("softmax", "log_softmax"):
        p = _mp_function("softmax")
        return (lambda x: p(x) * (1 - p(x))) if name == "softmax" else (lambda x: 1 - p(x))
    if isinstance(REFERENCES[name], GatedReference):
        return _mp_derivative(REFERENCES[name].gate)
    reference = REFERENCES[name]
    return lambda x: reference.derivative(
        x, **{k: MP.mpf(v) for k, v in reference.defaults.items()}
    )


def _mp_stationary_value(f, start: float) -> float:
    """f at the root of f' nearest ``start`` (f' by mpmath's numerical differentiation)."""
    x = MP.findroot(lambda t: MP.diff(f, t), start)
    return float(f(x))


# --------------------------------------------------------------------------- the table rows


def test_one_row_per_activation_in_registry_order(table: dict[str, Properties]) -> None:
    assert list(table) == NAMES


@pytest.mark.parametrize(
    ("name", "lower", "upper"),
    [
        ("sigmoid", "(0", "1)"),
        ("tanh", "(-1", "1)"),
        ("relu", "[0", "inf)"),
        ("leaky_relu", "(-inf", "inf)"),
        ("prelu", "(-inf", "inf)"),
        ("elu", "(-1", "inf)"),
        ("softplus", "(0", "inf)"),
        ("softsign", "(-1", "1)"),
        ("arctan", "(-pi/2", "pi/2)"),
        ("softmax", "(0", "1)"),
        ("relu6", "[0", "6]"),
        ("hard_sigmoid", "[0", "1]"),
        ("celu", "(-1", "inf)"),
        ("squareplus", "(0", "inf)"),
        ("log_sigmoid", "(-inf", "0)"),
        ("log_softmax", "(-inf", "0)"),
        ("glu", "(0", "1)"),
        ("reglu", "[0", "inf)"),
    ],
)
def test_ranges_with_known_ends(
    table: dict[str, Properties], name: str, lower: str, upper: str
) -> None:
    ends = {"0": 0.0, "1": 1.0, "-1": -1.0, "6": 6.0, "inf": math.inf, "-inf": -math.inf}
    ends |= {"pi/2": math.pi / 2, "-pi/2": -math.pi / 2}
    row = table[name]
    assert row.infimum == ends[lower[1:]]
    assert row.infimum_attained == (lower[0] == "[")
    assert row.supremum == ends[upper[:-1]]
    assert row.supremum_attained == (upper[-1] == "]")


def test_selu_lower_bound_is_minus_lambda_alpha(table: dict[str, Properties]) -> None:
    bound = -MP.mpf(SELU_LAMBDA_LITERAL) * MP.mpf(SELU_ALPHA_LITERAL)
    row = table["selu"]
    assert row.infimum == pytest.approx(float(bound), rel=4 * np.finfo(float).eps)
    assert not row.infimum_attained
    assert row.supremum == math.inf


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("swish", -1.3),
        ("silu", -1.3),
        ("mish", -1.2),
        ("gelu", -0.75),
        ("gelu_tanh", -0.75),
        ("geglu", -0.75),
        ("swiglu", -1.3),
    ],
)
def test_minimum_of_non_monotonic_activations(
    table: dict[str, Properties], name: str, start: float
) -> None:
    expected = _mp_stationary_value(_mp_function(name), start)
    row = table[name]
    assert row.infimum == pytest.approx(expected, rel=1e-12)
    assert row.infimum_attained
    assert row.supremum == math.inf


@pytest.mark.parametrize("name", NAMES)
def test_bounds_agree_with_the_registry(table: dict[str, Properties], name: str) -> None:
    entry = ACTIVATIONS[name]
    # a gated unit's row is its gate's; its own output a g(b) takes every real value
    declared = ACTIVATIONS[entry.gate].bounds if entry.gate else entry.bounds
    if entry.gate:
        assert entry.bounds == (-math.inf, math.inf)
    row = table[name]
    assert (row.infimum, row.supremum) == pytest.approx(declared, rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_bounded_follows_from_the_range(table: dict[str, Properties], name: str) -> None:
    row = table[name]
    expected = {
        (True, True): "yes",
        (True, False): "below",
        (False, True): "above",
        (False, False): "no",
    }[(math.isfinite(row.infimum), math.isfinite(row.supremum))]
    assert row.bounded == expected


@pytest.mark.parametrize("name", NAMES)
def test_monotonic(table: dict[str, Properties], name: str) -> None:
    assert table[name].monotonic == (name not in NON_MONOTONIC)


@pytest.mark.parametrize("name", NAMES)
def test_mean_output_for_standard_normal_input(table: dict[str, Properties], name: str) -> None:
    f = _mp_function(name)

    def weighted(t):
        return f(t) * MP.npdf(t)

    # split at every kink of the registry (0, +-3, 6), where quadrature loses its accuracy
    expected = MP.quad(weighted, [-MP.inf, -3, 0, 3, 6, MP.inf])
    row = table[name]
    assert row.mean_output == pytest.approx(float(expected), abs=1e-12)
    assert row.zero_centred == (name in ZERO_CENTRED)


def test_closed_form_means(table: dict[str, Properties]) -> None:
    assert table["relu"].mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-12)
    assert table["sigmoid"].mean_output == pytest.approx(0.5, rel=1e-12)
    # E[Z Phi(Z)] = E[phi(Z)] = 1 / (2 sqrt(pi))
    assert table["gelu"].mean_output == pytest.approx(1 / (2 * math.sqrt(math.pi)), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_saturation(table: dict[str, Properties], name: str) -> None:
    assert table[name].saturation == SATURATION[name]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sigmoid", 0.25),
        ("tanh", 1.0),
        ("relu", 1.0),
        ("leaky_relu", 1.0),
        ("prelu", 1.0),
        ("elu", 1.0),
        ("softplus", 1.0),  # approached as x -> inf, never attained
        ("softsign", 1.0),
        ("arctan", 1.0),
        ("softmax", 0.25),
        ("relu6", 1.0),
        ("hard_sigmoid", 1 / 6),
        ("celu", 1.0),
        ("squareplus", 1.0),  # approached as x -> inf
        ("log_sigmoid", 1.0),  # approached as x -> -inf
        ("log_softmax", 1.0),
        ("glu", 0.25),  # the sigmoid's
        ("reglu", 1.0),
    ],
)
def test_derivative_maximum_known_values(
    table: dict[str, Properties], name: str, expected: float
) -> None:
    assert table[name].derivative_max == pytest.approx(expected, rel=4 * np.finfo(float).eps)


def test_selu_derivative_maximum_is_lambda_alpha(table: dict[str, Properties]) -> None:
    expected = MP.mpf(SELU_LAMBDA_LITERAL) * MP.mpf(SELU_ALPHA_LITERAL)
    assert table["selu"].derivative_max == pytest.approx(float(expected), rel=1e-12)


@pytest.mark.parametrize(
    ("name", "start"),
    [("swish", 2.4), ("silu", 2.4), ("mish", 1.5), ("gelu", 1.4), ("gelu_tanh", 1.4)],
)
def test_derivative_peak_above_one(table: dict[str, Properties], name: str, start: float) -> None:
    expected = _mp_stationary_value(_mp_derivative(name), start)
    assert expected > 1
    assert table[name].derivative_max == pytest.approx(expected, rel=1e-10)


def test_hard_swish_minimum_and_derivative_supremum(table: dict[str, Properties]) -> None:
    # x (x + 3) / 6 has its vertex at x = -3/2, value -3/8; its slope (2x + 3)/6 tends to 3/2
    # as x -> 3 from below, and is 1 at 3 itself
    row = table["hard_swish"]
    assert row.infimum == -0.375 and row.infimum_attained
    # approached, not attained: the bounded refinement stops a few 1e-8 short of x = 3
    assert row.derivative_max == pytest.approx(1.5, rel=1e-7)
    assert row.derivative_max < 1.5


@pytest.mark.parametrize(("name", "gate"), [("glu", "sigmoid"), ("reglu", "relu")])
def test_gated_row_is_its_gates_row(table: dict[str, Properties], name: str, gate: str) -> None:
    row, gate_row = table[name], table[gate]
    # no-break spaces: "a = 1" never wraps across lines in a table cell
    assert row_name(row) == f"{PAGES[name].display_name} (gate, a\u00a0=\u00a01)"
    assert row_name(gate_row) == PAGES[gate].display_name
    fields = ("infimum", "supremum", "monotonic", "mean_output", "saturation", "derivative_max")
    assert [getattr(row, f) for f in fields] == [getattr(gate_row, f) for f in fields]


def test_gelu_derivative_peaks_at_sqrt_two() -> None:
    x, _ = global_maximum(ACTIVATIONS["gelu"].derivative)
    assert x == pytest.approx(math.sqrt(2), rel=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_smoothness_is_the_registry_declaration(table: dict[str, Properties], name: str) -> None:
    assert table[name].smoothness == ACTIVATIONS[name].smoothness


# --------------------------------------------------------------------------- smoothness


def _derivative_jumps(f, points: np.ndarray, h: float = 1e-4) -> tuple[float, float]:
    """Largest jump of the one-sided first and second differences of f across ``points``.

    For a C2 function both shrink with h (about |f''| h and 2 |f'''| h); across a kink the first
    jumps by the change of slope, and across a C1 joint the second by the change of curvature.
    """
    f0, fp1, fp2, fm1, fm2 = (f(points + k * h) for k in (0, 1, 2, -1, -2))
    first = np.abs((fp1 - f0) / h - (f0 - fm1) / h)
    second = np.abs((fp2 - 2 * fp1 + f0) / h**2 - (f0 - 2 * fm1 + fm2) / h**2)
    return float(first.max()), float(second.max())


# 0, where every kink and joint of the registry sits, is on the grid.
_SMOOTHNESS_GRID = np.linspace(-3.0, 3.0, 601)
_JUMP = 0.05  # far above the smooth bound (< 1e-3 here), far below the jumps (> 0.5)


@pytest.mark.parametrize("name", NAMES)
def test_declared_smoothness_holds_numerically(name: str) -> None:
    f, _ = scalar_function(ACTIVATIONS[name])
    first, second = _derivative_jumps(f, _SMOOTHNESS_GRID)
    measured = "C0" if first > _JUMP else "C1" if second > _JUMP else "Cinf"
    # A grid of finite differences sees up to C2; the C-infinity claims rest on the formulas.
    assert measured == ACTIVATIONS[name].smoothness, (first, second)


def test_smoothness_check_tells_the_classes_apart() -> None:
    assert _derivative_jumps(np.abs, np.array([0.0]))[0] > _JUMP  # C0
    c1 = _derivative_jumps(lambda x: x * np.abs(x), np.array([0.0]))
    assert c1[0] < _JUMP < c1[1]  # C1, not C2
    assert max(_derivative_jumps(np.sin, _SMOOTHNESS_GRID)) < _JUMP  # smooth


def test_elu_is_c1_only_for_alpha_one() -> None:
    elu = ACTIVATIONS["elu"].function
    for alpha in (0.5, 2.0):
        first, _ = _derivative_jumps(lambda x, a=alpha: elu(x, alpha=a), np.array([0.0]))
        assert first > _JUMP


# --------------------------------------------------------------------------- helpers


def test_softmax_view_is_one_class_against_fixed_logits() -> None:
    f, df = scalar_function(ACTIVATIONS["softmax"])
    x = np.array([-3.0, 0.0, 2.5])
    logits = np.column_stack([x, np.broadcast_to(SOFTMAX_OTHER_LOGITS, (3, 2))])
    np.testing.assert_array_equal(f(x), softmax(logits)[:, 0])
    p = _mp_function("softmax")
    for xi, value, slope in zip(x, f(x), df(x), strict=True):
        assert value == pytest.approx(float(p(MP.mpf(xi))), rel=1e-15)
        assert slope == pytest.approx(float(p(MP.mpf(xi)) * (1 - p(MP.mpf(xi)))), rel=1e-14)


def test_global_minimum_and_maximum_of_a_parabola() -> None:
    x, y = global_minimum(lambda t: (t - 1.2345) ** 2 - 2.0)
    assert (x, y) == pytest.approx((1.2345, -2.0), abs=1e-6)
    x, y = global_maximum(lambda t: 3.0 - (t + 7.5) ** 2)
    assert (x, y) == pytest.approx((-7.5, 3.0), abs=1e-6)


def test_computed_row_follows_parameters_through_the_registry() -> None:
    row = compute_properties(ACTIVATIONS["leaky_relu"])
    assert row.derivative_max == 1.0
    assert not row.saturates_left  # the slope stays at alpha = 0.01


def test_markdown_table_shape(table: dict[str, Properties]) -> None:
    lines = markdown_table(table.values()).splitlines()
    assert len(lines) == 2 + len(NAMES)
    widths = {line.count("|") for line in lines}
    assert widths == {9}, "every row has the 8 columns of the header"
    body = dict(zip(NAMES, lines[2:], strict=True))
    assert r"$(-\pi/2, \pi/2)$" in body["arctan"]
    assert r"$[0, \infty)$" in body["relu"]
    assert "| Tanh |" in body["tanh"] and "| yes |" in body["tanh"]
    assert "no (0.500)" in body["sigmoid"]
    # a negative mean with a true minus sign (U+2212), not a hyphen
    assert f"no (\u2212{-table['log_sigmoid'].mean_output:.3f})" in body["log_sigmoid"]
    assert "-" not in body["log_sigmoid"].split("|")[6]
    assert "| 0.250 |" in body["sigmoid"]
    assert "$C^0$" in body["relu"] and "$C^1$" in body["elu"] and r"$C^\infty$" in body["gelu"]
