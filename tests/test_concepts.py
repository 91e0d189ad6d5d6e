"""The numbers of the reference's sections on why a network needs a nonlinearity and on
normalisation, read from the page and computed or looked up independently.

Each check reads one section's prose (``qs.section_blocks`` by its id), finds the sentence that
states a number with a pattern, and compares the number with its source: the package's
``activations.approximation`` and ``activations.normalisation`` (themselves tested against
mpmath, PyTorch and ``activations.mlp`` in tests/test_approximation.py and
tests/test_normalisation.py), exact arithmetic for the XOR example, mpmath for the standard
normal's tail, and, for the numbers quoted from papers and benchmarks, their text as transcribed
below with its source. Each check is a function of a project folder that returns its problems;
the last test breaks a copy of the project in one place per check and shows that it fires.
"""

# The pages write true minus signs, multiplication signs and Greek letters; so must the patterns.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
import quarto_site as qs

import activations
from activations import approximation, mlp, normalisation

#: mpmath at 30 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 30

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = r"[−-]?\d+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"


def _value(text: str) -> float:
    mantissa, _, power = text.replace("−", "-").partition(" × 10")
    return float(mantissa) * 10.0 ** int(power.translate(_SUPERSCRIPT) or "0")


def agrees(stated: str, value: float) -> bool:
    """``value`` rounded as ``stated`` is written (its decimals, its power of ten) gives it."""
    mantissa, _, power = stated.replace("−", "-").partition(" × 10")
    scale = 10.0 ** int(power.translate(_SUPERSCRIPT) or "0")
    decimals = len(mantissa.partition(".")[2])
    return f"{value / scale:.{decimals}f}" == mantissa


def section_text(root: Path, ident: str) -> str:
    blocks = qs.section_blocks(qs.load_page(root / qs.REFERENCE).blocks, ident)
    return "" if blocks is None else qs.stringify(blocks)


def _claims(
    root: Path, ident: str, pattern: str, check: Callable[[re.Match], list[str]]
) -> list[str]:
    match = re.search(pattern, section_text(root, ident), re.DOTALL)
    if match is None:
        return [f"{qs.REFERENCE} #{ident}: no text matching {pattern[:70]!r}"]
    return [f"#{ident}: {problem}" for problem in check(match)]


# --------------------------------------------------------------------------- why a nonlinearity

_XOR = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}


def _best_affine_fit_to_xor() -> list[Fraction]:
    """Least squares y ≈ w₁x₁ + w₂x₂ + b on the four XOR points, solved exactly."""
    rows = [(Fraction(x1), Fraction(x2), Fraction(1)) for x1, x2 in _XOR]
    y = [Fraction(v) for v in _XOR.values()]
    gram = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    rhs = [sum(r[i] * t for r, t in zip(rows, y, strict=True)) for i in range(3)]
    for col in range(3):  # Gauss-Jordan elimination on the normal equations
        pivot = next(r for r in range(col, 3) if gram[r][col] != 0)
        gram[col], gram[pivot] = gram[pivot], gram[col]
        rhs[col], rhs[pivot] = rhs[pivot], rhs[col]
        for r in range(3):
            if r != col:
                factor = gram[r][col] / gram[col][col]
                gram[r] = [a - factor * b for a, b in zip(gram[r], gram[col], strict=True)]
                rhs[r] -= factor * rhs[col]
    coef = [rhs[i] / gram[i][i] for i in range(3)]
    return [coef[0] * x1 + coef[1] * x2 + coef[2] for x1, x2 in _XOR]


def xor_problems(root: Path) -> list[str]:
    """The best affine fit to XOR and the two-unit ReLU network that computes it."""
    problems = _claims(
        root,
        "sec-linear-collapse",
        r"best affine fit to it by least squares is the constant (?P<c>[\d.]+), the same output at "
        r"all four points",
        lambda m: [
            f"the least-squares affine fit to XOR is {fit}, not the constant {m['c']}"
            for fit in [_best_affine_fit_to_xor()]
            if fit != [Fraction(m["c"])] * 4
        ],
    )

    def network(m: re.Match) -> list[str]:
        bias, weight = -_value(m["bias"]), -_value(m["weight"])
        stated = [int(v) for v in (m["y00"], m["y01"], m["y10"], m["y11"])]
        outputs = []
        for x1, x2 in _XOR:
            h1 = activations.relu(float(x1 + x2))
            h2 = activations.relu(float(x1 + x2) + bias)
            outputs.append(float(h1 + weight * h2))
        return (
            [f"the network gives {outputs}, not the stated {stated}"] if outputs != stated else []
        ) + (
            [f"XOR is {list(_XOR.values())}, not {stated}"] if list(_XOR.values()) != stated else []
        )

    return problems + _claims(
        root,
        "sec-linear-collapse",
        r"h₁ = ReLU\(x₁ \+ x₂\) and h₂ = ReLU\(x₁ \+ x₂ − (?P<bias>[\d.]+)\), then y = h₁ "
        r"− (?P<weight>[\d.]+)h₂ gives (?P<y00>\d), (?P<y01>\d), (?P<y10>\d) and (?P<y11>\d) on "
        r"\(0, 0\), \(0, 1\), \(1, 0\) and \(1, 1\)",
        network,
    )


def _cosine(x: np.ndarray) -> np.ndarray:
    return np.cos(2.0 * np.pi * x)


@functools.cache
def _rms(activation: str, n_units: int) -> float:
    phi = {"relu": activations.relu, "square": np.square, "identity": lambda z: z}[activation]
    return approximation.fit_one_hidden_layer(_cosine, phi, n_units).rms_error


def approximation_problems(root: Path) -> list[str]:
    """The fits of cos(2πx) by one hidden layer, as `activations.approximation` computes them."""
    pattern = (
        r"f\(x\) = cos\(2πx\) on \[−1, 1\].*?least squares on (?P<points>\d+) evenly spaced points.*?"
        r"With (?P<n1>\d+) ReLU units the root-mean-square \(RMS\) error is (?P<e1>[\d.]+); with "
        r"(?P<n2>\d+) it is (?P<e2>[\d.]+), about (?P<ratio>\d+) times smaller.*?"
        r"no such network, of any size, gets the RMS error below (?P<square>[\d.]+) on those "
        r"points; with no activation, φ\(z\) = z, F is a straight line and the best one reaches "
        r"(?P<line>[\d.]+), about as good as the constant 0"
    )

    def check(m: re.Match) -> list[str]:
        n1, n2 = int(m["n1"]), int(m["n2"])
        e1, e2 = _rms("relu", n1), _rms("relu", n2)
        grid = np.linspace(-1.0, 1.0, approximation.GRID_POINTS)
        zero = float(np.sqrt(np.mean(_cosine(grid) ** 2)))
        found = [
            (f"the grid has {approximation.GRID_POINTS} points", int(m["points"]) == len(grid)),
            (f"{n1} ReLU units: RMS {e1:.4g}, not {m['e1']}", agrees(m["e1"], e1)),
            (f"{n2} ReLU units: RMS {e2:.4g}, not {m['e2']}", agrees(m["e2"], e2)),
            (
                f"the ratio is {e1 / e2:.2f}, not about {m['ratio']}",
                round(e1 / e2) == int(m["ratio"]),
            ),
            (
                f"z²: RMS {_rms('square', 16):.4g}, not {m['square']}, or it depends on n",
                agrees(m["square"], _rms("square", 16))
                and math.isclose(_rms("square", 2), _rms("square", 64), rel_tol=1e-9),
            ),
            (
                f"a line: RMS {_rms('identity', 16):.4g}, not {m['line']}, or not the constant 0's",
                agrees(m["line"], _rms("identity", 16)) and agrees(m["line"], zero),
            ),
        ]
        return [problem for problem, ok in found if not ok]

    problems = _claims(root, "sec-universal-approximation", pattern, check)

    def last_kink(m: re.Match) -> list[str]:
        centre = approximation.fit_one_hidden_layer(_cosine, activations.relu, int(m["n"])).centres
        return [] if agrees(m["x"], centre[-1]) else [f"the last kink is at {centre[-1]}"]

    return problems + _claims(
        root,
        "sec-approximation-limits",
        r"the (?P<n>\d+)-unit fit of cos\(2πx\) above is a straight line from x = (?P<x>[\d.]+) on",
        last_kink,
    )


# --------------------------------------------------------------------------- normalisation


@functools.cache
def _forward(activation: str, gain: float, normalise: bool) -> normalisation.ForwardStatistics:
    return normalisation.forward_statistics(activation, gain=gain, normalise=normalise)


def _share(activation: str, gain: float, normalise: bool) -> float:
    """Percent of saturated (unit, sample) pairs, the mean over layers 2 to 50."""
    return 100.0 * float(_forward(activation, gain, normalise).saturated_fraction[1:].mean())


def _slope(activation: str, gain: float, normalise: bool) -> float:
    return float(_forward(activation, gain, normalise).mean_slope[1:].mean())


def _tanh_edge_and_tail() -> tuple[float, float]:
    """|z| where tanh' = SATURATION_THRESHOLD (tanh' peaks at 1), and P(|Z| > |z|) in percent."""
    edge = MP.findroot(lambda z: 1 - MP.tanh(z) ** 2 - mlp.SATURATION_THRESHOLD, 1.8)
    return float(edge), 100.0 * float(MP.erfc(edge / MP.sqrt(2)))


def saturation_problems(root: Path) -> list[str]:
    """Saturated units in the 50-layer networks with and without normalised pre-activations."""

    def gains(m: re.Match) -> list[str]:
        gain = float(m["gain"])
        found = [
            (
                f"tanh at gain {gain:g}: {_share('tanh', gain, False):.2f}% saturated",
                agrees(m["raw"], _share("tanh", gain, False)),
            ),
            (
                f"tanh at gain {gain:g}: mean slope {_slope('tanh', gain, False):.3f}",
                agrees(m["raw_slope"], _slope("tanh", gain, False)),
            ),
            (
                f"sigmoid at gain {gain:g}: {_share('sigmoid', gain, False):.2f}% saturated",
                agrees(m["sig_raw"], _share("sigmoid", gain, False)),
            ),
            (
                f"sigmoid normalised: {_share('sigmoid', gain, True):.4f}% saturated",
                agrees(m["sig_norm"], _share("sigmoid", gain, True)),
            ),
        ]
        for g in (1.0, 2.0, 4.0):
            found += [
                (
                    f"tanh normalised at gain {g:g}: {_share('tanh', g, True):.3f}% saturated",
                    agrees(m["norm"], _share("tanh", g, True)),
                ),
                (
                    f"tanh normalised at gain {g:g}: mean slope {_slope('tanh', g, True):.3f}",
                    agrees(m["norm_slope"], _slope("tanh", g, True)),
                ),
            ]
        return [problem for problem, ok in found if not ok]

    problems = _claims(
        root,
        "sec-normalisation-saturation",
        r"With every weight multiplied by (?P<gain>\d+), (?P<raw>[\d.]+)% of the tanh units are "
        r"saturated and their mean slope is (?P<raw_slope>[\d.]+); with each pre-activation "
        r"normalised over the batch before tanh, (?P<norm>[\d.]+)% are, at gains 1, 2 and 4 alike, "
        r"and the mean slope is (?P<norm_slope>[\d.]+)\. For the sigmoid, normalising takes the "
        r"share at gain 4 from (?P<sig_raw>[\d.]+)% to (?P<sig_norm>[\d.]+)%",
        gains,
    )

    def gain_one(m: re.Match) -> list[str]:
        edge, tail = _tanh_edge_and_tail()
        spread = _forward("tanh", 1.0, False).input_std
        std = float(spread[1:].mean())
        found = [
            (f"tanh at gain 1: spread {std:.3f}", agrees(m["std"], std)),
            (f"tanh at gain 1: spread {spread[1]:.3f} at layer 2", agrees(m["first"], spread[1])),
            (f"tanh at gain 1: spread {spread[-1]:.3f} at layer 50", agrees(m["last"], spread[-1])),
            (
                f"tanh at gain 1: {_share('tanh', 1.0, False):.4f}% saturated",
                agrees(m["raw"], _share("tanh", 1.0, False)),
            ),
            (
                f"tanh normalised: {_share('tanh', 1.0, True):.3f}%",
                agrees(m["norm"], _share("tanh", 1.0, True)),
            ),
            (f"a standard normal beyond {edge:.3f}: {tail:.3f}%", agrees(m["tail"], tail)),
            (f"the edge is {edge:.4f}", agrees(m["edge"], edge)),
            (
                f"the threshold is {mlp.SATURATION_THRESHOLD}",
                float(m["threshold"]) == mlp.SATURATION_THRESHOLD,
            ),
        ]
        return [problem for problem, ok in found if not ok]

    problems += _claims(
        root,
        "sec-normalisation-saturation",
        r"At gain 1 the tanh network.s pre-activations are small, their standard deviation falling "
        r"from (?P<first>[\d.]+) at layer 2 to (?P<last>[\d.]+) at layer 50 \(a mean over layers 2 "
        r"to 50 of (?P<std>[\d.]+)\), and only (?P<raw>[\d.]+)% of its units are saturated; normalised, "
        r"(?P<norm>[\d.]+)% are, close to the (?P<tail>[\d.]+)% of a standard normal input that "
        r"lies beyond \|z\| = (?P<edge>[\d.]+), where tanh′ falls below (?P<threshold>[\d.]+)\.",
        gain_one,
    )

    def relu(m: re.Match) -> list[str]:
        gain = {"doubled": 2.0}[m["how"]]
        raw = _forward("relu", gain, False).input_std
        norm = _forward("relu", gain, True).input_std
        per_layer = (raw[-1] / raw[0]) ** (1 / (len(raw) - 1))
        found = [
            (f"ReLU ×{gain:g}: {raw[0]:.3g} at layer 1", agrees(m["first"], raw[0])),
            (f"ReLU ×{gain:g}: {raw[-1]:.3g} at layer {len(raw)}", agrees(m["last"], raw[-1])),
            (f"the network has {len(raw)} layers", int(m["layers"]) == len(raw)),
            (f"ReLU ×{gain:g}: a factor {per_layer:.3f} per layer", 1.8 < per_layer < 2.2),
            (
                f"normalised: spreads {norm.min():.4f} to {norm.max():.4f}",
                all(agrees(m["norm"], v) for v in norm),
            ),
        ]
        return [problem for problem, ok in found if not ok]

    return problems + _claims(
        root,
        "sec-normalisation-saturation",
        r"ReLU network with every weight (?P<how>doubled), the standard deviation of the "
        r"pre-activations about doubles at every layer, from (?P<first>[\d.]+) at layer 1 to "
        rf"(?P<last>{_NUMBER}) at layer (?P<layers>\d+); normalised before each ReLU, it is "
        r"(?P<norm>[\d.]+) at every layer",
        relu,
    )


#: Numbers quoted from their sources, transcribed with the source they come from.
#: Ioffe and Szegedy (2015), arXiv:1502.03167v3, section 4.2.2: "BN-x5-Sigmoid achieves the
#: accuracy of 69.8%. Without Batch Normalization, Inception with sigmoid never achieves better
#: than 1/1000 accuracy."
BN_SIGMOID = {"with": "69.8", "without": "1/1000"}
#: ducha-aiki/caffenet-benchmark at 2ba16e3ffd04db6d2e1d44f0d15a93e6b246333d, batchnorm.md:
#: "BN -- before or after ReLU?" (CaffeNet-128, no scale&bias layer) and "BN-arch-init"
#: (GoogLeNet-128).
MISHKIN = {
    "caffenet_after": "0.499",
    "caffenet_before": "0.474",
    "googlenet_before_scale_bias_lsuv": "0.603",
    "googlenet_after_lsuv": "0.596",
    "googlenet_no_bn": "0.619",
}


def cited_number_problems(root: Path) -> list[str]:
    """The accuracies quoted from the batch-normalisation paper and Mishkin's benchmark."""
    problems = _claims(
        root,
        "sec-normalisation-saturation",
        r"with batch normalisation it reached an accuracy of (?P<with>[\d.]+)%, while .?Without "
        r"Batch Normalization, Inception with sigmoid never achieves better than "
        r"(?P<without>\d+/\d+) accuracy",
        lambda m: [
            f"the paper says {BN_SIGMOID}, the page {m.groupdict()}"
            for _ in [0]
            if m.groupdict() != BN_SIGMOID
        ],
    )
    return problems + _claims(
        root,
        "sec-batch-layer-norm",
        r"CaffeNet reached an accuracy of (?P<caffenet_after>[\d.]+) with batch normalisation "
        r"after the ReLU and (?P<caffenet_before>[\d.]+) with it before.*?GoogLeNet, before won, "
        r"(?P<googlenet_before_scale_bias_lsuv>[\d.]+) \(with γ and β\) against "
        r"(?P<googlenet_after_lsuv>[\d.]+) after, both with LSUV initialisation, and the same "
        r"network without batch normalisation beat both, with (?P<googlenet_no_bn>[\d.]+)",
        lambda m: [
            f"{key}: the benchmark says {value}, the page {m[key]}"
            for key, value in MISHKIN.items()
            if m[key] != value
        ],
    )


def selu_problems(root: Path) -> list[str]:
    """SELU's variance map from variance 4, as `selu_variance_map` computes it."""

    def check(m: re.Match) -> list[str]:
        start, later = float(m["v0"]), {"ten": 10}[m["later"]]
        steps = normalisation.selu_variance_map(start, later)
        (mean1, var1), (mean_n, var_n) = steps[0], steps[-1]
        found = [
            (f"after one layer ({mean1:.4f}, {var1:.4f})", agrees(m["m1"], mean1)),
            (f"after one layer ({mean1:.4f}, {var1:.4f})", agrees(m["v1"], var1)),
            (f"after {later} layers ({mean_n:.4f}, {var_n:.4f})", agrees(m["mn"], mean_n)),
            (f"after {later} layers ({mean_n:.4f}, {var_n:.4f})", agrees(m["vn"], var_n)),
            (
                f"{100 * (var_n - 1):.1f}% above 1 after {later} layers",
                agrees(m["above"], 100 * (var_n - 1)),
            ),
        ]
        return [problem for problem, ok in found if not ok]

    return _claims(
        root,
        "sec-selu-self-normalising",
        r"inputs of variance (?P<v0>[\d.]+) give outputs of mean (?P<m1>[\d.]+) and variance "
        r"(?P<v1>[\d.]+) after one layer and of mean (?P<mn>[\d.]+) and variance (?P<vn>[\d.]+) "
        r"after (?P<later>ten)\. The pull is gradual, with the variance still (?P<above>\d+)% "
        r"above 1",
        check,
    )


CHECKS = (
    xor_problems,
    approximation_problems,
    saturation_problems,
    cited_number_problems,
    selu_problems,
)


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__.removesuffix("_problems"))
def test_the_numbers_are_the_computed_or_cited_ones(check: Callable[[Path], list[str]]) -> None:
    problems = check(qs.ROOT)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- broken copies

#: check, the text to replace (in activations.qmd or a file it includes), its replacement, and a
#: phrase the check must report.
_BREAKAGES: dict[str, tuple[Callable[[Path], list[str]], str, str, str]] = {
    "xor-fit": (
        xor_problems,
        "is the constant 0.5, the same output",
        "is the constant 0.25, the same output",
        "least-squares affine fit",
    ),
    "xor-network": (xor_problems, "y = h₁ − 2h₂", "y = h₁ − 3h₂", "the network gives"),
    "relu-fit": (
        approximation_problems,
        "error is 0.017; with 32",
        "error is 0.021; with 32",
        "16 ReLU units",
    ),
    "ratio": (
        approximation_problems,
        "it is 0.0041, about 4",
        "it is 0.0041, about 2",
        "the ratio is",
    ),
    "square-floor": (approximation_problems, "below 0.686 on", "below 0.666 on", "z²"),
    "line-floor": (approximation_problems, "reaches 0.707, about", "reaches 0.717, about", "line"),
    "last-kink": (approximation_problems, "from x = 0.94 on", "from x = 0.88 on", "last kink"),
    "saturation-raw": (
        saturation_problems,
        "4, 61% of the tanh units",
        "4, 16% of the tanh units",
        "tanh at gain 4",
    ),
    "saturation-normalised": (
        saturation_problems,
        "before tanh, 6.8% are",
        "before tanh, 0.8% are",
        "tanh normalised at gain",
    ),
    "sigmoid": (
        saturation_problems,
        "from 13% to 0.004%",
        "from 13% to 0.04%",
        "sigmoid normalised",
    ),
    "gain-one": (
        saturation_problems,
        "50 of 0.19)",
        "50 of 0.29)",
        "tanh at gain 1: spread",
    ),
    "gain-one-layer-2": (
        saturation_problems,
        "from 0.63 at layer 2",
        "from 0.73 at layer 2",
        "at layer 2",
    ),
    "gain-one-layer-50": (
        saturation_problems,
        "0.11 at\nlayer 50",
        "0.21 at\nlayer 50",
        "at layer 50",
    ),
    "normal-tail": (saturation_problems, "the 6.9% of", "the 5.9% of", "a standard normal"),
    "relu-spread": (
        saturation_problems,
        "2.3 × 10¹⁵ at layer 50",
        "2.3 × 10¹⁴ at layer 50",
        "at layer 50",
    ),
    "bn-sigmoid": (
        cited_number_problems,
        "an accuracy of 69.8%",
        "an accuracy of 72.2%",
        "the paper says",
    ),
    "mishkin": (
        cited_number_problems,
        "0.603 (with γ and β) against 0.596 after",
        "0.596 (with γ and β) against 0.603 after",
        "googlenet_before_scale_bias_lsuv",
    ),
    "selu-map": (
        selu_problems,
        "mean 0.014 and variance 1.12",
        "mean 0.014 and variance 1.02",
        "after 10 layers",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    check, old, new, expected = _BREAKAGES[breakage]
    root = qs.copy_project(tmp_path / "site")
    assert check(root) == [], "the unbroken copy must pass"
    qs.replace_once(root / qs.REFERENCE, old, new)
    problems = check(root)
    assert any(expected in p for p in problems), problems
