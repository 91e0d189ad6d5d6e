"""The numbers the pages state, read from the pages and computed independently.

Every check reads its figures from the prose of the home page, the reference page and the slides
(speaker notes included, code excluded), so a change to a number on a page, or to what it
describes (the package, the benchmark's CSV), fails a test. The references are independent of
the code under test: ``numpy.finfo`` for the overflow thresholds, mpmath at 50 digits for the
QuickGELU error, the cross-entropy gradients and SELU's fixed point, the benchmark's own CSV for
the cost ratios, and Keras' signatures for Leaky ReLU's defaults there (PyTorch's and
TensorFlow's are cited from their documentation on the page).

Each check is a function of a project folder that returns its problems; the last test breaks a
copy of the project in one place per check and shows that the check fires.
"""

# The pages write true minus signs, multiplication signs and Greek letters; so must the patterns.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import functools
import inspect
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cost_benchmark as cb
import mpmath
import numpy as np
import pytest
import quarto_site as qs

import activations
from activations.site.pages import PAGES

PROSE_PAGES = (qs.INDEX, "start.qmd", qs.REFERENCE, qs.SLIDESHOW)
BENCHMARK = cb.CSV
#: The page record of every registry entry (its name and display name), in the registry's order.
REGISTRY = tuple(PAGES.values())
#: "About N times as long" is true within this relative distance of the measured ratio.
ABOUT = cb.ABOUT
#: mpmath at 50 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 50

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = r"[−-]?\d+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


# --------------------------------------------------------------------------- reading pages


@dataclass(frozen=True)
class Unit:
    """One paragraph, list item, callout or speaker-notes div, under its section heading."""

    page: str
    heading: str
    text: str


def _units_in(blocks: list, page: str, heading: str) -> Iterator[Unit]:
    for block in blocks:
        kind = block["t"]
        if kind == "Div":
            classes = block["c"][0][1]
            if "notes" in classes or any(c.startswith("callout") for c in classes):
                yield Unit(page, heading, qs.stringify(block))
            else:
                yield from _units_in(block["c"][1], page, heading)
        elif kind in ("Para", "Plain"):
            yield Unit(page, heading, qs.stringify(block))
        elif kind in ("BulletList", "OrderedList"):
            items = block["c"] if kind == "BulletList" else block["c"][1]
            for item in items:
                yield from _units_in(item, page, heading)
        elif kind == "BlockQuote":
            yield from _units_in(block["c"], page, heading)


def prose_units(root: Path, page: str) -> list[Unit]:
    """The page's prose, unit by unit, each with the text of the ``##`` or ``###`` heading it
    sits under (on the reference page, an activation's section inside its family)."""
    units: list[Unit] = []
    heading = ""
    for block in qs.load_page(root / page).blocks:
        if block["t"] == "Header" and block["c"][0] <= 3:
            heading = qs.stringify(block["c"][2])
            continue
        units += _units_in([block], page, heading)
    return units


def sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def number(text: str) -> float:
    """A number as the pages write it: a Unicode minus, '4.54 × 10⁻⁵'."""
    text = text.replace("−", "-")
    mantissa, _, power = text.partition(" × 10")
    return float(mantissa) * 10.0 ** int(power.translate(_SUPERSCRIPT) or "0")


def agrees(stated: str, value: float) -> bool:
    """``value`` rounded as ``stated`` is written (its decimals, and power of ten) gives it."""
    text = stated.replace("−", "-")
    mantissa, _, power = text.partition(" × 10")
    scale = 10.0 ** int(power.translate(_SUPERSCRIPT) or "0")
    decimals = len(mantissa.partition(".")[2])
    return f"{value / scale:.{decimals}f}" == mantissa


def _where(unit: Unit) -> str:
    return f"{unit.page} [{unit.heading}]"


# --------------------------------------------------------------------------- the registry's names


def _names() -> list[tuple[str, str]]:
    """(text as written, registry name), longest first: `leaky_relu`, 'Leaky ReLU', 'sigmoid'..."""
    pairs = set()
    for entry in REGISTRY:
        pairs |= {(entry.name, entry.name), (entry.display_name, entry.name)}
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_MENTION = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(text)}(?![\w-])" for text, _ in _names()), re.IGNORECASE
)
_BY_TEXT = {text.lower(): name for text, name in _names()}


def mentions(text: str) -> list[tuple[int, str]]:
    """(end offset, registry name) of every activation the text names, in order."""
    return [(m.end(), _BY_TEXT[m.group(0).lower()]) for m in _MENTION.finditer(text)]


def heading_activation(heading: str) -> str | None:
    for entry in REGISTRY:
        if heading.strip().lower() == entry.display_name.lower():
            return entry.name
    return None


# --------------------------------------------------------------------------- 1. overflow thresholds


def overflow_thresholds() -> dict[str, float]:
    """log of the largest finite number: where exp overflows, per dtype."""
    return {name: float(np.log(np.finfo(name).max)) for name in ("float16", "float32", "float64")}


_TWO_DECIMALS = re.compile(r"(?<![\d.])\d{1,3}\.\d{2}(?![\d])")
_LARGEST_FLOAT32 = re.compile(r"largest number is about (\d+\.\d+ × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def overflow_problems(root: Path) -> list[str]:
    """Every figure within 1 of an overflow threshold is that threshold to its last digit, and its
    paragraph names the dtype; a page that gives the float64 one gives the float32 one too."""
    thresholds = overflow_thresholds()
    problems = []
    for page in PROSE_PAGES:
        stated: set[str] = set()
        for unit in prose_units(root, page):
            for token in _TWO_DECIMALS.findall(unit.text):
                for dtype, value in thresholds.items():
                    if abs(float(token) - value) >= 1:
                        continue
                    stated.add(dtype)
                    if token != f"{value:.2f}":
                        problems.append(
                            f"{_where(unit)}: {token} is not {dtype}'s threshold {value:.2f}"
                        )
                    if dtype not in unit.text:
                        problems.append(f"{_where(unit)}: {token} without saying {dtype}")
            for token in _LARGEST_FLOAT32.findall(unit.text):
                if not agrees(token, float(np.finfo(np.float32).max)):
                    problems.append(f"{_where(unit)}: float32's largest number is not {token}")
        if "float64" in stated and "float32" not in stated:
            problems.append(f"{page}: gives float64's 709.78 but nowhere float32's threshold")
    return problems


_UNDERFLOW = re.compile(
    r"more than about (?P<float64>\d+) below the largest one in float64 "
    r"\(about (?P<float32>\d+) in float32\)"
)


def underflow_problems(root: Path) -> list[str]:
    """Softmax's 'a logit more than about N below the largest one' has probability 0: e^−N
    rounds to 0 beyond log(smallest subnormal / 2), per dtype."""
    text = " ".join(u.text for u in prose_units(root, qs.REFERENCE) if u.heading == "Softmax")
    match = _UNDERFLOW.search(text)
    if match is None:
        return [f"{qs.REFERENCE} [Softmax]: no 'more than about N below the largest one' per dtype"]
    problems = []
    for dtype in ("float64", "float32"):
        edge = np.log(2) - np.log(float(np.finfo(dtype).smallest_subnormal))
        if int(match.group(dtype)) != round(edge):
            problems.append(f"{dtype}: e^-x rounds to 0 beyond x = {edge:.2f}, not {match[dtype]}")
    return problems


def test_softmax_underflow_edges_per_dtype() -> None:
    assert underflow_problems(qs.ROOT) == []


def test_overflow_thresholds_name_their_dtype() -> None:
    assert overflow_problems(qs.ROOT) == []


def test_the_float32_textbook_sigmoid_overflows_beyond_the_stated_threshold() -> None:
    # activations.qmd: in float32 "the textbook sigmoid overflows below x = −88.72".
    threshold = overflow_thresholds()["float32"]
    inside = np.float32(-np.floor(threshold * 100) / 100)  # -88.72
    outside = np.float32(-np.ceil(threshold * 100) / 100)  # -88.73
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 1 / (1 + np.exp(-inside)) > 0
        with pytest.raises(RuntimeWarning, match="overflow"):
            _ = 1 / (1 + np.exp(-outside))


# --------------------------------------------------------------------------- 2. cost ratios


def relative_cost(root: Path, implementation: str = "package") -> dict[str, float]:
    """Each function's time per element, on inputs with random signs, over the package's ReLU's
    (and the copies': ``copy`` for NumPy's, ``copy_jax`` for XLA's), from the benchmark's CSV."""
    benchmark = cb.load(root)
    cost = {f: benchmark.ratio(f, implementation) for f in benchmark.functions("function")}
    cost["copy"] = benchmark.ratio("copy", "numpy")
    cost["copy_jax"] = benchmark.ratio("copy", "jax")
    return cost


_QUANTITY = r"(?P<n>\d+(?:\.\d+)?) times|(?P<twice>twice)"
_RATIO = re.compile(
    rf"(?P<bound>about|less than|more than) (?:(?:{_QUANTITY}) )?as long as "
    r"(?P<reference>(?:`?relu`?|ReLU)\b|a copy)"
    r"|≈ (?P<m>\d+(?:\.\d+)?)× ReLU"
)
#: Words that say which implementation a cost claim is about; the package's by default.
_IMPLEMENTATIONS = {"textbook": "textbook", "jax.jit": "jax", "XLA": "jax", "package": "package"}


def cost_problems(root: Path) -> list[str]:
    """Every cost claim of the home page, the reference page and the slides holds, read from
    the benchmark's CSV (inputs with random signs):

    - 'about N times as long as ReLU' (or '≈ N× ReLU', 'about twice', 'about as long as'):
      within ``ABOUT`` of the measured ratio; 'less than' and 'more than' N times: bounds.
      The ratio is to the package's ReLU, or for 'as long as a copy' to a copy of the array
      (XLA's for a claim about jax.jit, else NumPy's). It is
      said of every activation the sentence names between the previous claim (or the start of
      its clause: the text since the last ';' or ':') and the claim, else of the section's;
      of the textbook formula, the jax.jit version or the package's code as the last of the
      words 'textbook', 'jax.jit', 'XLA' or 'package' in its clause before it says, else of the
      package's code;
    - what a claim's activation takes 'longer than' costs less, what it is 'faster than'
      costs more;
    - the activations a clause calls 'the cheapest' cost less than every other one.
    """
    costs = {impl: relative_cost(root, impl) for impl in ("package", "textbook", "jax")}
    problems = []
    for page in PROSE_PAGES:
        for unit in prose_units(root, page):
            for sentence in sentences(unit.text):
                problems += _sentence_cost_problems(unit, sentence, costs)
    return problems


def _clause_start(sentence: str, end: int) -> int:
    return max(sentence.rfind(";", 0, end), sentence.rfind(":", 0, end)) + 1


def _implementation(text: str) -> str:
    """The implementation the last of the words in ``text`` that name one names."""
    found = {text.rfind(word): impl for word, impl in _IMPLEMENTATIONS.items() if word in text}
    return found[max(found)] if found else "package"


def _stated(match: re.Match) -> tuple[str, float]:
    """(bound, N) of a ratio claim: 'about', 'less than' or 'more than', and the N stated."""
    if match.group("m"):
        return "about", float(match.group("m"))
    if match.group("twice"):
        return match.group("bound"), 2.0
    return match.group("bound"), float(match.group("n") or 1)


def _sentence_cost_problems(unit: Unit, sentence: str, costs: dict) -> list[str]:
    problems = []
    claims: list[tuple[int, str, str]] = []  # (end, activation, implementation)
    previous = 0
    for match in _RATIO.finditer(sentence):
        start = max(previous, _clause_start(sentence, match.start()))
        previous = match.end()
        implementation = _implementation(
            sentence[_clause_start(sentence, match.start()) : match.start()]
        )
        named = [name for _, name in mentions(sentence[start : match.start()])]
        if not named and heading_activation(unit.heading) is not None:
            named = [heading_activation(unit.heading)]
        if not named:
            problems.append(f"{_where(unit)}: cannot tell whose cost {match.group(0)!r} is")
            continue
        bound, stated = _stated(match)
        reference = match.group("reference") or "ReLU"
        for name in dict.fromkeys(named):
            claims.append((match.end(), name, implementation))
            ratio = costs[implementation][name]
            if reference == "a copy":  # NumPy's copy, or XLA's for a claim about jax.jit
                ratio /= costs[implementation]["copy_jax" if implementation == "jax" else "copy"]
            holds = {
                "about": abs(ratio / stated - 1) <= ABOUT,
                "less than": ratio < stated,
                "more than": ratio > stated,
            }[bound]
            if not holds:
                whose = "" if implementation == "package" else f" ({implementation})"
                problems.append(
                    f"{_where(unit)}: {name}{whose} said to take {match.group(0)!r}, measured "
                    f"{ratio:.1f} times {'a copy' if reference == 'a copy' else 'ReLU'}'s time"
                )
    for found in re.finditer(r"longer than|faster than", sentence):
        before = [claim for claim in claims if claim[0] <= found.start()]
        if not before:
            continue
        _, subject, implementation = before[-1]
        cost = costs[implementation]
        tail = re.split(r"[;:]", sentence[found.end() :])[0]
        for _, other in mentions(tail):
            longer = found.group(0) == "longer than"
            if (cost[subject] <= cost[other]) if longer else (cost[subject] >= cost[other]):
                verb = "take longer than" if longer else "be faster than"
                problems.append(
                    f"{_where(unit)}: {subject} ({implementation}: {cost[subject]:.1f}) is said "
                    f"to {verb} {other} ({cost[other]:.1f})"
                )
    if "the cheapest" in sentence:
        end = sentence.index("the cheapest")
        named = {name for _, name in mentions(sentence[_clause_start(sentence, end) : end])}
        if not named and heading_activation(unit.heading) is not None:
            named = {heading_activation(unit.heading)}
        cost = {n: c for n, c in costs["package"].items() if not n.startswith("copy")}
        others = {n: c for n, c in cost.items() if n not in named}
        if named and max(cost[n] for n in named) >= min(others.values()):
            cheapest = sorted(cost, key=cost.get)[: len(named)]
            problems.append(
                f"{_where(unit)}: {', '.join(sorted(named))} called the cheapest, "
                f"{', '.join(cheapest)} are"
            )
    return problems


def test_cost_claims_agree_with_the_benchmark() -> None:
    assert cost_problems(qs.ROOT) == []


def test_the_pages_state_cost_ratios() -> None:
    # Each page that discusses cost says what Leaky ReLU costs beside ReLU, in a sentence the
    # cost check reads. The home page leaves cost to the reference and the decision table.
    for page in (qs.REFERENCE, qs.SLIDESHOW):
        texts = [u.text for u in prose_units(qs.ROOT, page)]
        assert any(_RATIO.search(t) and ("Leaky ReLU" in t or "leaky_relu" in t) for t in texts), (
            page
        )


# --------------------------------------------------------------------------- 3. QuickGELU


def _quick_gelu_error(x: MP.mpf) -> MP.mpf:
    """x σ(1.702 x) − x Φ(x) (even in x)."""
    return x / (1 + MP.exp(-MP.mpf("1.702") * x)) - x * MP.ncdf(x)


@functools.cache
def quick_gelu_worst() -> tuple[float, float]:
    """Largest |x σ(1.702x) − GELU(x)| and where (x > 0): a grid, then the derivative's root."""
    grid = [MP.mpf(k) / 100 for k in range(1, 1001)]
    start = max(grid, key=lambda x: abs(_quick_gelu_error(x)))
    where = MP.findroot(lambda x: MP.diff(_quick_gelu_error, x), start)
    return float(abs(_quick_gelu_error(where))), float(where)


_QUICK_GELU = re.compile(
    r"1\.702 ?x\)[^.]*?up to (?P<error>\d+\.\d+), (?:at|near) x [≈=] ±(?P<x>\d+\.\d+)"
)


def quick_gelu_problems(root: Path) -> list[str]:
    error, where = quick_gelu_worst()
    problems = []
    for page in (qs.REFERENCE, qs.SLIDESHOW):
        found = [(u, m) for u in prose_units(root, page) for m in _QUICK_GELU.finditer(u.text)]
        if not found:
            problems.append(f"{page}: no 'x·σ(1.702x) ... up to E, at x ≈ ±X' sentence")
        for unit, match in found:
            if not agrees(match.group("error"), error):
                problems.append(f"{_where(unit)}: QuickGELU's error is {error:.6f}, not {match[1]}")
            if not agrees(match.group("x"), where):
                problems.append(
                    f"{_where(unit)}: QuickGELU's worst x is ±{where:.4f}, not {match[2]}"
                )
    return problems


def test_quick_gelu_error_is_the_computed_one() -> None:
    assert quick_gelu_problems(qs.ROOT) == []


# --------------------------------------------------------------------------- 4. cross-entropy


def _sigma(z: MP.mpf) -> MP.mpf:
    return 1 / (1 + MP.exp(-z))


_CROSS_ENTROPY = re.compile(
    rf"\((?P<ce>{_NUMBER}) at z = (?P<z>{_NUMBER}) for the label y = (?P<y>[01])\)"
    rf".*?\((?P<se>{_NUMBER}) at the same point\)"
)


def cross_entropy_problems(root: Path) -> list[str]:
    """The sigmoid section's gradients of the cross-entropy and of ½(σ − y)² at a saturated
    logit, against mpmath's numerical derivatives of the losses themselves."""
    found = [
        (unit, match)
        for unit in prose_units(root, qs.REFERENCE)
        for match in _CROSS_ENTROPY.finditer(unit.text)
    ]
    if not found:
        return [f"{qs.REFERENCE}: no '(g at z = Z for the label y = Y) ... (g at the same point)'"]
    problems = []
    for unit, match in found:
        z, y = MP.mpf(number(match.group("z"))), int(match.group("y"))

        def cross_entropy(t: MP.mpf, y: int = y) -> MP.mpf:
            return -(y * MP.log(_sigma(t)) + (1 - y) * MP.log(1 - _sigma(t)))

        def squared_error(t: MP.mpf, y: int = y) -> MP.mpf:
            return (_sigma(t) - y) ** 2 / 2

        for key, loss in (("ce", cross_entropy), ("se", squared_error)):
            gradient = float(MP.diff(loss, z))
            if not agrees(match.group(key), gradient):
                problems.append(f"{_where(unit)}: gradient {match.group(key)} is {gradient:.6g}")
    return problems


def test_cross_entropy_gradients_are_the_computed_ones() -> None:
    assert cross_entropy_problems(qs.ROOT) == []


# --------------------------------------------------------------------------- 5. Leaky ReLU's defaults


_DEFAULT_IN = {
    "PyTorch": r"(\d+\.\d+) in (?:the package and in )?PyTorch",
    "keras.activations.leaky_relu": r"(\d+\.\d+) in (?:Keras['’] function )?keras\.activations\.leaky_relu",
    "keras.layers.LeakyReLU": r"(\d+\.\d+) in (?:Keras['’] layer )?keras\.layers\.LeakyReLU",
}


def leaky_relu_default_problems(root: Path, expected: dict[str, float]) -> list[str]:
    """The reference page and the slides give each framework's default slope as ``expected``."""
    problems = []
    for page in (qs.REFERENCE, qs.SLIDESHOW):
        text = " ".join(u.text for u in prose_units(root, page))
        for api, value in expected.items():
            stated = re.findall(_DEFAULT_IN[api], text)
            if not stated:
                problems.append(f"{page}: does not give {api}'s default slope")
            problems += [
                f"{page}: {api}'s default slope is {value}, not {s}"
                for s in stated
                if float(s) != value
            ]
    return problems


def _package_default() -> dict[str, float]:
    # PyTorch's default, 0.01 (https://docs.pytorch.org/docs/stable/generated/
    # torch.nn.LeakyReLU.html), is the package's: the page says so in one sentence.
    return {"PyTorch": activations.ACTIVATIONS["leaky_relu"].params["alpha"]}


def _keras_defaults() -> dict[str, float]:
    # The backend test_frameworks.py uses: Keras fixes its backend at its first import.
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    function = inspect.signature(keras.activations.leaky_relu).parameters["negative_slope"]
    layer = inspect.signature(keras.layers.LeakyReLU.__init__).parameters["negative_slope"]
    return {
        "keras.activations.leaky_relu": function.default,
        "keras.layers.LeakyReLU": layer.default,
    }


def test_leaky_relu_default_of_pytorch_is_the_package_default() -> None:
    assert leaky_relu_default_problems(qs.ROOT, _package_default()) == []


@pytest.mark.e2e
def test_leaky_relu_defaults_of_keras_are_its_signatures() -> None:
    assert leaky_relu_default_problems(qs.ROOT, _keras_defaults()) == []


_SLOPE_NAMES = re.compile(
    r"the package calls it (\w+) too, and accepts (\w+), the α of the formulas"
)


def slope_name_problems(text: str) -> list[str]:
    """The names frameworks.qmd gives the package's slope parameter against its signature."""
    match = _SLOPE_NAMES.search(text)
    if match is None:
        return [f"{FRAMEWORKS}: does not name the package's slope parameter"]
    parameters = inspect.signature(activations.leaky_relu).parameters
    primary, alias = list(parameters)[1], match[2]
    problems = [] if match[1] == primary else [f"the slope is {primary}, not {match[1]}"]
    if (
        parameters.get(alias) is None
        or parameters[alias].kind is not inspect.Parameter.KEYWORD_ONLY
    ):
        problems.append(f"leaky_relu has no keyword {alias}")
    return problems


def test_the_package_slope_names_are_its_signatures() -> None:
    text = " ".join(u.text for u in prose_units(qs.ROOT, FRAMEWORKS))
    assert slope_name_problems(text) == []
    broken = text.replace("calls it negative_slope too", "calls it alpha too")
    assert slope_name_problems(broken) == ["the slope is negative_slope, not alpha"]
    broken = text.replace("accepts alpha, the", "accepts slope, the")
    assert slope_name_problems(broken) == ["leaky_relu has no keyword slope"]


# --------------------------------------------------------------------------- 6. SELU and ReLU


_SELU_EXPECTATIONS = re.compile(r"E\[ω\] = (?P<omega>\d+) and E\[τ\] = (?P<tau>\d+)")


def selu_problems(root: Path) -> list[str]:
    """E[Σw] and E[Σw²] for LeCun-normal weights, as the SELU section states them, against a
    draw of 20 000 units' weights for two fan-ins; and Σw's spread, 'a standard normal'."""
    text = " ".join(u.text for u in prose_units(root, qs.REFERENCE) if u.heading == "SELU")
    match = _SELU_EXPECTATIONS.search(text)
    if match is None:
        return [f"{qs.REFERENCE} [SELU]: no 'E[ω] = .. and E[τ] = ..'"]
    problems = []
    rng = np.random.default_rng(20170608)
    for fan_in in (16, 1024):
        weights = rng.normal(0.0, np.sqrt(1 / fan_in), size=(2_000, fan_in))
        omega, tau = weights.sum(axis=1), (weights**2).sum(axis=1)
        stated = (float(match.group("omega")), float(match.group("tau")))
        if abs(omega.mean() - stated[0]) > 0.1 or abs(tau.mean() - stated[1]) > 0.05:
            problems.append(f"fan-in {fan_in}: E[ω] ≈ {omega.mean():.3f}, E[τ] ≈ {tau.mean():.3f}")
        if abs(omega.std() - 1) > 0.05:
            problems.append(f"fan-in {fan_in}: ω's standard deviation is {omega.std():.3f}, not 1")
    return problems


def test_selu_condition_holds_only_in_expectation_for_lecun_normal_weights() -> None:
    assert selu_problems(qs.ROOT) == []


def test_selu_keeps_mean_zero_and_variance_one() -> None:
    # For z ~ N(0, 1) (weights with Σw = 0, Σw² = 1 on standardised inputs), SELU's output has
    # mean 0 and second moment 1: the fixed point Klambauer et al. derive the constants from.
    lam, alpha = MP.mpf(activations.SELU_LAMBDA), MP.mpf(activations.SELU_ALPHA)

    def selu(z: MP.mpf) -> MP.mpf:
        return lam * (z if z > 0 else alpha * MP.expm1(z))

    def moment(k: int) -> MP.mpf:
        return MP.quad(lambda z: selu(z) ** k * MP.npdf(z), [-MP.inf, 0, MP.inf])

    assert abs(moment(1)) < 1e-15
    assert abs(moment(2) - 1) < 1e-15


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_rectifiers_have_zero_second_derivative_wherever_it_exists(name: str) -> None:
    # index.qmd and activations.qmd: "ReLU's second derivative is 0 wherever it exists"; tanh
    # and SiLU, the activations the pages recommend where curvature is needed, have none zero.
    x = np.concatenate([-np.logspace(-6, 3, 200)[::-1], np.logspace(-6, 3, 200)])
    slopes = {n: getattr(activations, f"{n}_grad") for n in ("relu", "leaky_relu", "tanh", "silu")}
    for side in (x[x < 0], x[x > 0]):
        assert np.ptp(slopes[name](side)) == 0
    for smooth in ("tanh", "silu"):
        assert np.ptp(slopes[smooth](x[np.abs(x) < 3])) > 0.1


# --------------------------------------------------------------------------- 7. new sections


def _section_text(root: Path, heading: str) -> str:
    return " ".join(u.text for u in prose_units(root, qs.REFERENCE) if u.heading == heading)


def _float16_exp_overflows(x: float) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bool(np.isinf(np.exp(np.float16(x))))


def _bits(dtype: str) -> int:
    import ml_dtypes

    info = ml_dtypes.finfo(ml_dtypes.bfloat16) if dtype == "bfloat16" else np.finfo(dtype)
    return int(info.nmant) + 1


def _bfloat16_threshold() -> float:
    import ml_dtypes

    return float(np.log(float(ml_dtypes.finfo(ml_dtypes.bfloat16).max)))


def _bfloat16() -> type:
    import ml_dtypes

    return ml_dtypes.bfloat16


def _bfloat16_smallest_normal() -> float:
    import ml_dtypes

    return float(ml_dtypes.finfo(ml_dtypes.bfloat16).smallest_normal)


def _keras_losses(logit: float) -> dict[str, float]:
    """Keras 3's losses on the JAX backend: a probability 0 for the true class, and the logit
    -``logit`` for the label 1."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    one = np.array([[1.0]])
    return {
        "epsilon": float(keras.config.epsilon()),
        "probability": float(
            np.asarray(keras.losses.binary_crossentropy(one, np.array([[0.0]])))[0]
        ),
        "categorical": float(
            np.asarray(
                keras.losses.categorical_crossentropy(
                    np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])
                )
            )[0]
        ),
        "logit": float(
            np.asarray(
                keras.losses.binary_crossentropy(one, np.array([[-logit]]), from_logits=True)
            )[0]
        ),
    }


def _softmax_gradients(z: tuple[float, ...], y: tuple[int, ...]) -> tuple[list, list]:
    """Cross-entropy's and squared error's gradients in the logits, with MP."""
    exps = [MP.exp(MP.mpf(v)) for v in z]
    s = [e / MP.fsum(exps) for e in exps]
    ce = [s[i] - y[i] for i in range(len(z))]
    jac = [[s[i] * ((i == j) - s[j]) for j in range(len(z))] for i in range(len(z))]
    se = [MP.fsum(jac[i][j] * ce[i] for i in range(len(z))) for j in range(len(z))]
    return ce, se


_PAIR = r"\((" + _NUMBER + r"), (" + _NUMBER + r")\)"
#: (heading, pattern, check of the match -> problems). Each pattern must match the section's
#: prose; each check computes the stated numbers independently.
NEW_SECTION_CLAIMS: tuple[tuple[str, str, Callable[[re.Match], list[str]]], ...] = (
    (
        "On the loss side",
        r"logits z = \((\d+), (\d+)\) and the label y = \((\d), (\d)\) the gradient is " + _PAIR,
        lambda m: [
            f"cross-entropy gradient {m[5]}, {m[6]} is not {ce}"
            for ce, _ in [_softmax_gradients((float(m[1]), float(m[2])), (int(m[3]), int(m[4])))]
            if not (agrees(m[5], float(ce[0])) and agrees(m[6], float(ce[1])))
        ],
    ),
    (
        "On the loss side",
        r"at the same point its gradient is " + _PAIR,
        lambda m: [
            f"squared-error gradient {m[1]}, {m[2]} is not {se}"
            for _, se in [_softmax_gradients((20.0, 0.0), (0, 1))]
            if not (agrees(m[1], float(se[0])) and agrees(m[2], float(se[1])))
        ],
    ),
    (
        "On the loss side",
        (
            r"clips them to \[10⁻⁷, 1 − 10⁻⁷\].*?costs (\d+\.\d+) = −log 10⁻⁷.*?"
            r"binary_crossentropy\(1, 0\.0\) is (\d+\.\d+), while the logit −(\d+) with "
            r"from_logits=True gives the true loss, (\d+)"
        ),
        lambda m: [
            f"Keras: {k}"
            for k, ok in [
                ("epsilon is not 1e-7", _keras_losses(1.0)["epsilon"] == 1e-7),
                (f"-log 1e-7 is not {m[1]}", agrees(m[1], -np.log(1e-7))),
                (f"bce(1, 0) is not {m[2]}", agrees(m[2], _keras_losses(1.0)["probability"])),
                (
                    "categorical loss of p = 0 differs",
                    agrees(m[2], _keras_losses(1.0)["categorical"]),
                ),
                (
                    f"bce from logit -{m[3]} is not {m[4]}",
                    agrees(m[4], _keras_losses(float(m[3]))["logit"]),
                ),
            ]
            if not ok
        ],
    ),
    (
        "Gated units in Transformers",
        r"width is d = (\d+), ⅔ · 4d = (\d+\.\d) becomes (\d+)",
        lambda m: [
            f"LLaMA's hidden width from d = {m[1]}: {p}"
            for p, ok in [
                (f"2/3 * 4d is not {m[2]}", agrees(m[2], 2 / 3 * 4 * int(m[1]))),
                (  # Meta's model.py: int(2 * 4d / 3) rounded up to a multiple of 256
                    f"rounded up it is not {m[3]}",
                    -(-int(2 * 4 * int(m[1]) / 3) // 256) * 256 == int(m[3]),
                ),
            ]
            if not ok
        ],
    ),
    (
        "Log-sigmoid",
        (
            r"below x ≈ −(\d+), σ\(x\) underflows.*?above x ≈ (\d+), σ\(x\) rounds to 1.*?"
            r"nonzero double up to x ≈ (\d+)"
        ),
        lambda m: [
            f"log-sigmoid edges: {p}"
            for p, ok in [
                (  # sigma(x) ~ e^x is 0 below log(smallest subnormal / 2)
                    f"sigma underflows below {-745.13:.2f}, not -{m[1]}",
                    int(m[1]) == round(np.log(2) - np.log(np.finfo(float).smallest_subnormal))
                    and activations.sigmoid(-float(m[1]) + 0.1) > 0,
                ),
                (  # 1/(1 + e^-x) rounds to 1 once e^-x < eps/2
                    f"sigma rounds to 1 from x = {np.log(2 / np.finfo(float).eps):.2f}",
                    int(m[2]) == round(float(np.log(2 / np.finfo(float).eps)))
                    and activations.sigmoid(float(m[2])) == 1.0,
                ),
                ("e^-x is not a nonzero double there", np.exp(-float(m[3])) > 0),
            ]
            if not ok
        ],
    ),
    (
        "Log-softmax",
        (
            r"more than about (\d+) below the largest one has probability 0 in float64.*?"
            r"log-softmax\(0, −(\d+)\) = \(0, −(\d+)\)"
        ),
        lambda m: [
            f"log-softmax: {p}"
            for p, ok in [
                (
                    f"e^-{m[1]} is not where probabilities underflow",
                    int(m[1]) == round(np.log(2) - np.log(np.finfo(float).smallest_subnormal)),
                ),
                (
                    "the example is not the package's value",
                    list(activations.log_softmax(np.array([0.0, -float(m[2])])))
                    == [0.0, -float(m[3])],
                ),
                (
                    "softmax does not underflow in the example",
                    activations.softmax(np.array([0.0, -float(m[2])]))[1] == 0.0,
                ),
            ]
            if not ok
        ],
    ),
    (
        "Hard swish",
        r"minimum −3/8 at x = −3/2",
        lambda m: [
            "hard swish's minimum is not -3/8 at -3/2"
            for x in [np.linspace(-3.0, 0.0, 300001)]
            if not (
                activations.hard_swish(np.array([-1.5]))[0] == -0.375
                and activations.hard_swish(x).min() >= -0.375
                and activations.hard_swish_grad(np.array([-1.5]))[0] == 0.0
            )
        ],
    ),
    (
        "Hard swish",
        (
            r"PyTorch 2\.6 on CUDA returned the middle piece.s \(2x \+ 3\)/6 at both, "
            r"(?P<left>−?[\d.]+) at "
            r"x = −3 and (?P<right>−?[\d.]+) at x = 3.*?PyTorch \d+\.\d+\.\d+ returns "
            r"(?P<now_left>\d) and (?P<now_right>\d) there \(measured\), as the package does"
        ),
        lambda m: [
            f"hard swish at the kinks: {p}"
            for p, ok in [
                (
                    "the middle piece (2x + 3)/6 at -3 and 3 is -0.5 and 1.5",
                    (number(m["left"]), number(m["right"])) == ((2 * -3 + 3) / 6, (2 * 3 + 3) / 6),
                ),
                (
                    "the package's derivative at -3 and 3 is not the stated one",
                    list(activations.hard_swish_grad(np.array([-3.0, 3.0])))
                    == [float(m["now_left"]), float(m["now_right"])],
                ),
            ]
            if not ok
        ],
    ),
    (
        "CELU",
        r"clips x at −(\d+)α first: below that, ex/α is under 10⁻([⁰¹²³⁴⁵⁶⁷⁸⁹]+)",
        lambda m: (
            [
                f"e^-{m[1]} is not under 1e-{m[2]}"
                for _ in [0]
                if not np.exp(-float(m[1])) < 10.0 ** -int(m[2].translate(_SUPERSCRIPT))
            ]
            + [
                f"CELU is not -alpha below -{m[1]} alpha"
                for alpha in (0.5, 1.0, 2.0)
                if activations.celu(-float(m[1]) * alpha, alpha=alpha) != -alpha
            ]
        ),
    ),
    (
        "In low precision",
        (
            r"bfloat16 keeps float32.s 8 exponent bits, so its exponential overflows near the same place, "
            r"above (\d+\.\d+), but it has only (\d+) significant bits, float16 has (\d+), float32 (\d+)\. "
            r"With 11 bits, float16 rounds (\d+) \+ 1 to (\d+)\."
        ),
        lambda m: [
            f"low precision: {p}"
            for p, ok in [
                (
                    f"bfloat16 overflows above {_bfloat16_threshold():.2f}",
                    agrees(m[1], _bfloat16_threshold()),
                ),
                (
                    "significant bits",
                    [int(m[i]) for i in (2, 3, 4)]
                    == [_bits("bfloat16"), _bits("float16"), _bits("float32")],
                ),
                (
                    f"float16 {m[5]} + 1 is not {m[6]}",
                    float(np.float16(float(m[5])) + np.float16(1.0)) == float(m[6]),
                ),
            ]
            if not ok
        ],
    ),
    (
        "In low precision",
        r"In float16 a single logit of (\d+) makes e(\d+) overflow",
        lambda m: [
            f"e^{m[2]} does not overflow in float16, or e^{int(m[2]) - 1} does"
            for _ in [0]
            if not (
                _float16_exp_overflows(float(m[2])) and not _float16_exp_overflows(float(m[2]) - 1)
            )
        ],
    ),
    (
        "In low precision",
        (
            r"smallest positive number is the subnormal 2⁻²⁴ ≈ (?P<sub>{N}), and below its smallest "
            r"normal number, 2⁻¹⁴ ≈ (?P<normal>{N}),.*?A gradient entry of 10⁻(?P<g>[⁰¹²³⁴⁵⁶⁷⁸⁹]+) rounds to 0 "
            r"in float16.*?With S = 2¹⁶ = (?P<S>\d+), the gradient 10⁻(?P=g) becomes (?P<scaled>{N}), "
            r"a normal float16 number\. S must not make the largest gradient overflow float16.s "
            r"largest number, (?P<max>\d+),.*?same smallest normal number, (?P<bf16>{N}),"
        ).replace("{N}", _NUMBER),
        lambda m: [
            f"loss scaling: {p}"
            for half in [np.finfo(np.float16)]
            for gradient, scale in [(10.0 ** -int(m["g"].translate(_SUPERSCRIPT)), float(m["S"]))]
            for p, ok in [
                (  # numpy's float16 is IEEE binary16: 2^-24 and 2^-14 are its smallest numbers
                    f"float16's smallest subnormal is {float(half.smallest_subnormal):.3g}",
                    agrees(m["sub"], float(half.smallest_subnormal))
                    and float(half.smallest_subnormal) == 2.0**-24,
                ),
                (
                    f"float16's smallest normal is {float(half.smallest_normal):.3g}",
                    agrees(m["normal"], float(half.smallest_normal))
                    and float(half.smallest_normal) == 2.0**-14,
                ),
                (f"{gradient:g} does not round to 0", float(np.float16(gradient)) == 0.0),
                ("S is not 2^16", scale == 2.0**16),
                (
                    f"S times the gradient is {gradient * scale:.3g}, or not normal in float16",
                    agrees(m["scaled"], gradient * scale)
                    and np.float16(gradient * scale) >= half.smallest_normal,
                ),
                (f"float16's largest number is {float(half.max):g}", float(m["max"]) == half.max),
                (
                    "bfloat16's smallest normal is not float32's",
                    agrees(m["bf16"], _bfloat16_smallest_normal())
                    and _bfloat16_smallest_normal() == float(np.finfo(np.float32).smallest_normal)
                    and np.float32(np.asarray(gradient, dtype=_bfloat16())) > 0,
                ),
            ]
            if not ok
        ],
    ),
)


def new_section_problems(root: Path) -> list[str]:
    problems = []
    for heading, pattern, check in NEW_SECTION_CLAIMS:
        match = re.search(pattern, _section_text(root, heading))
        if match is None:
            problems.append(f"{qs.REFERENCE} [{heading}]: no text matching {pattern[:60]!r}")
        else:
            problems += [f"{qs.REFERENCE} [{heading}]: {p}" for p in check(match)]
    return problems


def test_numbers_of_the_new_sections_are_the_computed_ones() -> None:
    assert new_section_problems(qs.ROOT) == []


def _models_table(root: Path) -> dict[str, str]:
    """frameworks.qmd's tbl-models: model -> activation, lower case, by the columns' headers."""
    page = qs.load_page(root / "frameworks.qmd")
    table = next(
        e for e in qs.walk(page.blocks) if e["t"] == "Table" and e["c"][0][0] == "tbl-models"
    )
    header = [qs.stringify(cell[4]) for row in table["c"][3][1] for cell in row[1]]
    model, activation = header.index("Model"), header.index("Activation")
    rows = {}
    for body in table["c"][4]:
        for row in body[3]:
            cells = [qs.stringify(cell[4]) for cell in row[1]]
            rows[cells[model].lower()] = cells[activation].lower()
    return rows


def transformer_model_problems(root: Path) -> list[str]:
    """Every 'Variant: model [@citation], model (link) ...' item of the Transformers section
    agrees with the models table of frameworks.qmd."""
    rows = _models_table(root)
    page = qs.load_page(root / qs.REFERENCE)
    section = qs.section_blocks(page.blocks, "sec-gated-transformers") or []
    items = [
        qs.stringify(item)
        for block in section
        if block["t"] == "BulletList"
        for item in block["c"]
        if re.match(r"^\w+: ", qs.stringify(item))
    ]
    problems = [] if items else ["no 'Variant: models' list in #sec-gated-transformers"]
    for item in items:
        variant, _, models = item.partition(": ")
        named = re.findall(r"(?:^|, | and )([A-Z][\w. -]*?) [(\[]", models)
        for model in named:
            activation = rows.get(model.lower())
            if activation is None:
                problems.append(f"{model} is not in the models table")
            elif activation != variant.lower():
                problems.append(f"{model}: {variant} here, {activation} in the models table")
    return problems


def test_transformer_models_agree_with_the_models_table() -> None:
    assert transformer_model_problems(qs.ROOT) == []


# --------------------------------------------------------------------------- 8. the models


FRAMEWORKS = "frameworks.qmd"


def _table(root: Path, page: str, ident: str) -> dict | None:
    tables = [
        e
        for e in qs.walk(qs.load_page(root / page).blocks)
        if e["t"] == "Table" and e["c"][0][0] == ident
    ]
    return tables[0] if len(tables) == 1 else None


def _table_rows(root: Path, page: str, ident: str) -> list[list[str]]:
    """The body rows of the pipe table labelled ``ident``, as plain text cell by cell."""
    table = _table(root, page, ident)
    if table is None:
        return []
    return [[qs.stringify(cell[4]) for cell in row[1]] for body in table["c"][4] for row in body[3]]


def _table_column(root: Path, page: str, ident: str, header: str) -> int:
    """The index of the column headed ``header`` in the table labelled ``ident`` (-1 if none)."""
    table = _table(root, page, ident)
    heads = [qs.stringify(cell[4]) for row in table["c"][3][1] for cell in row[1]] if table else []
    return heads.index(header) if header in heads else -1


def _models_biases(root: Path) -> dict[str, str]:
    """The models table's Biases column: model (year dropped) -> 'yes' or 'no'."""
    return {
        re.sub(r"\s*\(\d{4}\)$", "", cells[0]): cells[-1].split()[0].strip(",;").lower()
        for cells in _table_rows(root, FRAMEWORKS, "tbl-models")
    }


def _named_models(text: str, models: dict[str, str]) -> list[str]:
    """The table's models that ``text`` names, longest names first (T5 v1.1 before T5)."""
    found, rest = [], text
    for model in sorted(models, key=len, reverse=True):
        pattern = rf"(?<![\w-]){re.escape(model)}(?![\w.-]|\s+v\d)"
        if re.search(pattern, rest):
            found.append(model)
            rest = re.sub(pattern, " ", rest)
    return found


#: Where the pages say which models keep the feed-forward biases and which drop them: page,
#: pattern, and whether the models its group names have biases.
_BIAS_CLAIMS = (
    (FRAMEWORKS, r"the reference code keeps the biases in (?P<models>.+?), with φ", "yes"),
    (FRAMEWORKS, r"(?P<models>T5)['’]s code drops them", "no"),
    (qs.REFERENCE, r"(?P<models>[^.]+?) keep the biases and put GELU", "yes"),
    (qs.REFERENCE, r"(?P<models>T5)['’]s code drops the biases", "no"),
    (qs.SLIDESHOW, r"The Transformer, (?P<models>.+?) add a bias vector after each matrix", "yes"),
    (qs.SLIDESHOW, r"(?P<models>T5)['’]s code has no biases", "no"),
)

#: A feed-forward block written without biases (the pages write the biased one with b₁, b₂).
_BIAS_FREE_BLOCK = re.compile(r"W₂ ?φ\(W₁x\)|ReLU\(W₁x\)|\(xW₁\) ?W₂|max\(0, xW₁\)W₂")


def bias_problems(root: Path) -> list[str]:
    """What the pages say about the feed-forward biases agrees with the models table's Biases
    column, whose every cell links the reference code that shows it: each model a claim names
    has the biases the claim says, every gated model has none, and no sentence writes a model's
    block without biases when it has them."""
    biases = _models_biases(root)
    rows = _table_rows(root, FRAMEWORKS, "tbl-models")
    if not rows:
        return [f"{FRAMEWORKS}: no table #tbl-models"]
    problems = [
        f"{FRAMEWORKS}: {model}'s Biases cell does not start with yes or no"
        for model, value in biases.items()
        if value not in ("yes", "no")
    ]
    activation = _table_column(root, FRAMEWORKS, "tbl-models", "Activation")
    problems += [
        f"{FRAMEWORKS}: {cells[0]} is a gated model with biases"
        for cells in rows
        if cells[activation].lower().endswith("glu") and not cells[-1].lower().startswith("no")
    ]
    texts = {page: [u.text for u in prose_units(root, page)] for page in (*qs.PAGES, FRAMEWORKS)}
    for page, pattern, expected in _BIAS_CLAIMS:
        found = [m for text in texts[page] for m in re.finditer(pattern, text)]
        if not found:
            problems.append(f"{page}: no text matching {pattern!r}")
        for match in found:
            named = _named_models(match.group("models"), biases)
            if not named:
                problems.append(f"{page}: {match.group(0)!r} names no model of the table")
            problems += [
                f"{page}: {model} said to have biases '{expected}', the models table says "
                f"{biases[model]}"
                for model in named
                if biases[model] != expected
            ]
    for page, units in texts.items():
        for text in units:
            for sentence in sentences(text):
                if _BIAS_FREE_BLOCK.search(sentence):
                    problems += [
                        f"{page}: {model} has biases, but {sentence[:80]!r} writes its block "
                        "without them"
                        for model in _named_models(sentence, biases)
                        if biases[model] == "yes"
                    ]
    return problems


def test_feed_forward_biases_agree_with_the_models_table() -> None:
    assert bias_problems(qs.ROOT) == []


#: Which GELU each model's reference code computes, read from the code (checked by hand, see the
#: URLs): BERT's first release, fe354751 (2018-10-31), computes 0.5 (1 + erf(x / sqrt 2)),
#: https://github.com/google-research/bert/blob/fe354751d7de010f60d362ae8d9343849ec39456/modeling.py#L264-L278,
#: until bee6030 replaced it by the tanh form,
#: https://github.com/google-research/bert/commit/bee6030e31e42a9394ac567da170a89a98d2062f;
#: Mesh TensorFlow's gelu, which T5 v1.1's gin configuration names, is the tanh form since it was
#: written, d44bff35 (2019-10-24),
#: https://github.com/tensorflow/mesh/commit/d44bff35b0c633ebf37a66d4596cb6daa9c12cc6;
#: jax.nn.gelu got its approximate flag, default True, in 9b3bbe8 (2020-10-02),
#: https://github.com/jax-ml/jax/commit/9b3bbe8359491c2eb282c75c172fc0affebe97f5.
BERT_TANH_SINCE = ("bee6030", "February 2019")
MESH_TF_GELU_SINCE = "October 2019"
JAX_GELU_FLAG_SINCE = "October 2020"


def gelu_form_problems(root: Path) -> list[str]:
    """Every sentence that names a model and the tanh GELU says which code and when: BERT's tanh
    form is its code since February 2019 (the first release computed the exact erf form), and
    T5 v1.1's tanh GELU is Google's Mesh TensorFlow code, not only Hugging Face's port."""
    problems = []
    bert = next(
        (c for c in _table_rows(root, FRAMEWORKS, "tbl-models") if c[0].startswith("BERT")), None
    )
    how = _table_column(root, FRAMEWORKS, "tbl-models", "How the source uses it")
    if bert is None or how < 0:
        problems.append(f"{FRAMEWORKS}: no BERT row or no 'How the source uses it' in #tbl-models")
    elif not (
        "exact erf" in bert[how]
        and "first release" in bert[how]
        and BERT_TANH_SINCE[1] in bert[how]
    ):
        problems.append(
            f"{FRAMEWORKS}: the BERT row does not give the first release's exact erf form and the "
            f"tanh form since {BERT_TANH_SINCE[1]}: {bert[how]!r}"
        )
    for page in (*qs.PAGES, FRAMEWORKS):
        for unit in prose_units(root, page):
            for sentence in sentences(unit.text):
                if "tanh" not in sentence:
                    continue
                if re.search(r"\bBERT\b", sentence) and not re.search(
                    r"20(19|18)|later|switched|initial release|first release", sentence
                ):
                    problems.append(
                        f"{_where(unit)}: BERT's GELU called tanh without saying since when: "
                        f"{sentence[:90]!r}"
                    )
                if (
                    "T5 v1.1" in sentence
                    and "Hugging Face" in sentence
                    and not re.search(r"Mesh TensorFlow|Google", sentence)
                ):
                    problems.append(
                        f"{_where(unit)}: T5 v1.1's tanh GELU put down to Hugging Face's port "
                        f"alone: {sentence[:90]!r}"
                    )
    text = " ".join(u.text for u in prose_units(root, FRAMEWORKS))
    for needed in (*BERT_TANH_SINCE, MESH_TF_GELU_SINCE, JAX_GELU_FLAG_SINCE):
        if needed not in text:
            problems.append(f"{FRAMEWORKS}: the GELU paragraph does not say {needed!r}")
    return problems


def test_every_models_gelu_is_the_one_its_code_computed() -> None:
    assert gelu_form_problems(qs.ROOT) == []


#: The model width d and the gated block's hidden width h, from each model's sources:
#: LLaMA 7B: d = 4096 (Touvron et al. 2023, Table 2, https://arxiv.org/abs/2302.13971),
#:   multiple_of = 256 (ModelArgs in
#:   https://github.com/meta-llama/llama/blob/1076b9c51c77ad06e9d7ba8a4c6df775741732bd/llama/model.py);
#: LLaMA 2 70B: dim 8192, ffn_dim_multiplier 1.3, multiple_of 4096 (Meta's parameters,
#:   https://github.com/meta-llama/llama-models/blob/09b4305ac41e641dd714ea6e07c78fa982ef9342/models/sku_list.py#L124-L142);
#: Mistral 7B: hidden_size 4096, intermediate_size 14336 (defaults "similar to Mistral-7B-v0.1",
#:   https://github.com/huggingface/transformers/blob/0b07a74c673bdf8fbd472a1c7df139b357495414/src/transformers/models/mistral/configuration_mistral.py);
#: Gemma 7B: embed_dim 3072, hidden_dim 24576 (TransformerConfig.gemma_7b,
#:   https://github.com/google-deepmind/gemma/blob/b0feeade845d279754f544d5e28ff463e17f0257/gemma/transformer.py#L116-L131).
LLAMA_PARAMS = {
    "LLaMA 7B": {"dim": 4096, "multiple_of": 256, "ffn_dim_multiplier": None},
    "LLaMA 2 70B": {"dim": 8192, "multiple_of": 4096, "ffn_dim_multiplier": 1.3},
}
SET_WIDTHS = {"Mistral 7B": (4096, 14336), "Gemma 7B": (3072, 24576)}


def llama_hidden_width(dim: int, multiple_of: int, ffn_dim_multiplier: float | None) -> int:
    """FeedForward's hidden width in Meta's code (llama/model.py of LLaMA 2, lines 195-199,
    https://github.com/meta-llama/llama/blob/6d4c0c290aeec1fa4399694fefb864be5a153bb6/llama/model.py#L195-L199),
    called with hidden_dim = 4 * dim."""
    hidden_dim = int(2 * (4 * dim) / 3)
    if ffn_dim_multiplier is not None:
        hidden_dim = int(ffn_dim_multiplier * hidden_dim)
    return multiple_of * ((hidden_dim + multiple_of - 1) // multiple_of)


def _cited_widths() -> dict[str, tuple[int, int]]:
    llama = {name: (p["dim"], llama_hidden_width(**p)) for name, p in LLAMA_PARAMS.items()}
    return llama | SET_WIDTHS


_WIDTH_RULE = re.compile(
    r"⅔ · 4d(?: times (?P<factor>\d+(?:\.\d+)?))?, rounded up to a multiple of (?P<multiple>\d+)"
)
#: Sentences elsewhere that give a model's h / d: page, pattern, {group: models}.
_WIDTH_CLAIMS = (
    (
        qs.REFERENCE,
        r"and (?P<models>[^:]+?) make h (?P<low>[\d.]+) to (?P<high>[\d.]+) times d",
        None,
    ),
    (
        qs.SLIDESHOW,
        r"LLaMA 2 70B and Mistral 7B use (?P<a>[\d.]+)d, Gemma 7B (?P<b>[\d.]+)d",
        {"a": ("LLaMA 2 70B", "Mistral 7B"), "b": ("Gemma 7B",)},
    ),
)


def ffn_width_problems(root: Path) -> list[str]:
    """The reference's table of hidden widths (#tbl-ffn-widths) holds each model's cited d and h,
    its h / d as written, and for LLaMA the h that Meta's rounding gives from the factor and the
    multiple the row states; and every h / d the pages give elsewhere is the table's."""
    cited = _cited_widths()
    rows = {c[0]: c for c in _table_rows(root, qs.REFERENCE, "tbl-ffn-widths")}
    if not rows:
        return [f"{qs.REFERENCE}: no table #tbl-ffn-widths"]
    problems = [
        f"{qs.REFERENCE}: no row for {m} in #tbl-ffn-widths" for m in cited if m not in rows
    ]
    ratio = {}
    for model, cells in rows.items():
        d, h, stated = int(cells[1]), int(cells[2]), cells[3]
        ratio[model] = h / d
        if model in cited and (d, h) != cited[model]:
            problems.append(f"{model}: (d, h) = {(d, h)}, its sources give {cited[model]}")
        if not agrees(stated, h / d):
            problems.append(f"{model}: h / d = {h / d:.4f}, not {stated}")
        rule = _WIDTH_RULE.search(cells[4])
        if model in LLAMA_PARAMS:
            params = LLAMA_PARAMS[model]
            if rule is None:
                problems.append(f"{model}: the row does not give Meta's rounding")
                continue
            factor = float(rule["factor"]) if rule["factor"] else None
            if (factor, int(rule["multiple"])) != (
                params["ffn_dim_multiplier"],
                params["multiple_of"],
            ):
                problems.append(f"{model}: factor and multiple are not Meta's, {params}")
            if llama_hidden_width(d, int(rule["multiple"]), factor) != h:
                problems.append(
                    f"{model}: Meta's rounding from the row's numbers does not give {h}"
                )
    for page, pattern, groups in _WIDTH_CLAIMS:
        text = " ".join(u.text for u in prose_units(root, page))
        match = re.search(pattern, text)
        if match is None:
            problems.append(f"{page}: no text matching {pattern!r}")
            continue
        if groups is None:  # 'A, B and C make h LOW to HIGH times d'
            named = _named_models(match["models"], rows)
            values = [ratio[m] for m in named]
            if not named or (float(match["low"]), float(match["high"])) != (
                min(values),
                max(values),
            ):
                problems.append(f"{page}: {match.group(0)!r}: the table gives {values}")
            continue
        for group, models in groups.items():
            problems += [
                f"{page}: {model}'s h is {ratio[model]:g} d, not {match[group]}d"
                for model in models
                if model not in ratio or not agrees(match[group], ratio[model])
            ]
    return problems


def test_hidden_widths_are_the_models_and_llamas_rounding() -> None:
    assert ffn_width_problems(qs.ROOT) == []


# --------------------------------------------------------------------------- 9. PyTorch, measured
#
# The pages state what PyTorch computes at the kinks, which axis softmax takes without a dim,
# GradScaler's defaults and what the ONNX exporter writes, each for the PyTorch version they name.
# PyTorch is not a test dependency (its wheels are too large): these checks run where it is
# installed, in that version or a later one, and skip elsewhere.


def _pytorch_version_stated(root: Path) -> tuple[int, ...]:
    text = " ".join(u.text for page in (*qs.PAGES, FRAMEWORKS) for u in prose_units(root, page))
    versions = set(re.findall(r"PyTorch (\d+\.\d+\.\d+)", text))
    assert len(versions) == 1, f"the pages name several measured PyTorch versions: {versions}"
    return tuple(int(part) for part in versions.pop().split("."))


def _torch():
    torch = pytest.importorskip("torch")
    stated = _pytorch_version_stated(qs.ROOT)
    installed = tuple(int(p) for p in re.findall(r"\d+", torch.__version__)[:3])
    if installed < stated:
        pytest.skip(f"the pages describe PyTorch {stated}, {torch.__version__} is installed")
    return torch


def _torch_gradient(torch, name: str, points: list[float]) -> list[float]:
    x = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    getattr(torch.nn.functional, name)(x).sum().backward()
    return x.grad.tolist()


def _softmax_axis(torch, ndim: int) -> int | None:
    """The axis F.softmax normalises over when called without dim, and whether it warned."""
    x = torch.arange(1.0, 1.0 + 2**ndim, dtype=torch.float64).reshape((2,) * ndim)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        y = torch.nn.functional.softmax(x)
    if ndim == 0:
        return 0 if float(y) == 1.0 else None
    return next((d for d in range(ndim) if torch.allclose(y.sum(d), torch.ones(()).double())), None)


_PYTORCH_CLAIMS = (
    (
        qs.REFERENCE,
        r"like PyTorch \(\d+\.\d+\.\d+, measured\), the package takes ReLU′\(0\) = (?P<v>\d)",
        lambda torch, m: [
            f"ReLU'(0) is {g}, not {m['v']}"
            for g in _torch_gradient(torch, "relu", [0.0])
            if g != float(m["v"])
        ],
    ),
    (
        qs.REFERENCE,
        r"PyTorch \d+\.\d+\.\d+ returns (?P<a>\d) and (?P<b>\d) there \(measured\)",
        lambda torch, m: [
            f"hardswish' at -3, 3 is {g}"
            for g in [_torch_gradient(torch, "hardswish", [-3.0, 3.0])]
            if g != [float(m["a"]), float(m["b"])]
        ],
    ),
    (
        "exercises.qmd",
        r"at the two\s+kinks\s+the package takes (?P<v>\d), like PyTorch \d+\.\d+\.\d+ on the CPU",
        lambda torch, m: [
            f"hardsigmoid' at -3, 3 is {g}"
            for g in [_torch_gradient(torch, "hardsigmoid", [-3.0, 3.0])]
            if g != [float(m["v"])] * 2
        ],
    ),
    (
        "exercises.qmd",
        r"the package uses (?P<v>\d) there, like PyTorch \d+\.\d+\.\d+ on the CPU",
        lambda torch, m: [
            f"relu6' at 0, 6 is {g}"
            for g in [_torch_gradient(torch, "relu6", [0.0, 6.0])]
            if g != [float(m["v"])] * 2
        ],
    ),
    (
        FRAMEWORKS,
        (
            r"dimension (?P<first>\d) for an input with (?P<ranks>[\d, or]+) dimensions, dimension "
            r"(?P<other>\d) otherwise"
        ),
        lambda torch, m: [
            f"softmax without dim normalises a {n}-D input over {axis}"
            for n in range(6)
            for axis in [_softmax_axis(torch, n)]
            if axis
            != (int(m["first"]) if str(n) in re.findall(r"\d", m["ranks"]) else int(m["other"]))
        ],
    ),
    (
        qs.REFERENCE,
        (
            r"its defaults init_scale=2\.0\*\*(?P<e>\d+), backoff_factor=(?P<back>[\d.]+), "
            r"growth_factor=(?P<grow>[\d.]+) and growth_interval=(?P<every>\d+) in PyTorch"
        ),
        lambda torch, m: [
            f"GradScaler's {name} defaults to {value}, not {stated}"
            for name, stated in [
                ("init_scale", 2.0 ** int(m["e"])),
                ("backoff_factor", float(m["back"])),
                ("growth_factor", float(m["grow"])),
                ("growth_interval", int(m["every"])),
            ]
            for value in [inspect.signature(torch.amp.GradScaler).parameters[name].default]
            if value != stated
        ],
    ),
)


def pytorch_problems(root: Path, torch) -> list[str]:
    problems = []
    for page, pattern, check in _PYTORCH_CLAIMS:
        text = " ".join(u.text for u in prose_units(root, page))
        found = list(re.finditer(pattern, text))
        if not found:
            problems.append(f"{page}: no text matching {pattern!r}")
        problems += [f"{page}: {p}" for m in found for p in check(torch, m)]
    return problems


@pytest.mark.e2e
def test_what_the_pages_say_pytorch_computes_is_what_it_computes() -> None:
    assert pytorch_problems(qs.ROOT, _torch()) == []


def _onnx_hard_sigmoid(torch, dynamo: bool) -> dict[str, float]:
    """The attributes of the HardSigmoid node PyTorch's ONNX exporter writes for F.hardsigmoid."""
    import io

    import onnx
    from onnx import helper

    class HardSigmoid(torch.nn.Module):
        def forward(self, x):
            return torch.nn.functional.hardsigmoid(x)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dynamo:
            model = torch.onnx.export(HardSigmoid(), (torch.zeros(4),), dynamo=True).model_proto
        else:
            buffer = io.BytesIO()
            torch.onnx.export(HardSigmoid(), (torch.zeros(4),), buffer, dynamo=False)
            model = onnx.load_from_string(buffer.getvalue())
    (node,) = [n for n in model.graph.node if n.op_type == "HardSigmoid"]
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


_ONNX = re.compile(r"with the defaults α = (?P<alpha>[\d.]+) and β = (?P<beta>[\d.]+)")


@pytest.mark.e2e
def test_onnx_hard_sigmoid_defaults_and_pytorchs_exported_slope() -> None:
    torch = _torch()
    onnx = pytest.importorskip("onnx")
    text = " ".join(u.text for u in prose_units(qs.ROOT, FRAMEWORKS))
    stated = _ONNX.search(text)
    assert stated is not None, "frameworks.qmd: no 'with the defaults α = .. and β = ..'"
    schema = onnx.defs.get_schema("HardSigmoid")
    defaults = {
        name: onnx.helper.get_attribute_value(attribute.default_value)
        for name, attribute in schema.attributes.items()
    }
    assert defaults["alpha"] == pytest.approx(float(stated["alpha"]), rel=1e-7)
    assert defaults["beta"] == pytest.approx(float(stated["beta"]), rel=1e-7)
    # "A model exported from PyTorch keeps PyTorch's function only because the exporter writes
    # α = 1/6 into the node: both exporters do."
    exporters = [False] + ([True] if _has("onnxscript") else [])
    for dynamo in exporters:
        assert _onnx_hard_sigmoid(torch, dynamo)["alpha"] == pytest.approx(1 / 6, rel=1e-7)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


_PYTORCH_BREAKAGES = {
    "hardswish": (
        qs.REFERENCE,
        "PyTorch 2.13.0 returns 0 and 1 there",
        "PyTorch 2.13.0 returns 1 and 1 there",
        "hardswish' at -3, 3 is [0.0, 1.0]",
    ),
    "relu": (
        qs.REFERENCE,
        "the package takes ReLU′(0) = 0",
        "the package takes ReLU′(0) = 1",
        "ReLU'(0) is 0.0, not 1",
    ),
    "softmax": (
        FRAMEWORKS,
        "dimension 0 for an input with 0, 1 or 3 dimensions",
        "dimension 0 for an input with 0 or 1 dimensions",
        "softmax without dim normalises a 3-D input over 0",
    ),
    "grad-scaler": (
        qs.REFERENCE,
        "`growth_interval=2000`",
        "`growth_interval=1000`",
        "GradScaler's growth_interval defaults to 2000, not 1000",
    ),
}


@pytest.mark.e2e
@pytest.mark.parametrize("breakage", sorted(_PYTORCH_BREAKAGES))
def test_pytorch_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    torch = _torch()
    target, old, new, expected = _PYTORCH_BREAKAGES[breakage]
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(root / target, old, new)
    problems = pytorch_problems(root, torch)
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- broken copies


def _replace_all(old: str, new: str) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"cannot break {path.name}: {old!r} is not in it"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return apply


def _slow_leaky_relu_in_csv(path: Path) -> None:
    # The package's leaky_relu measured 10 times as slow as relu: "less than twice" must fail.
    root = path.parents[1]
    benchmark = cb.load(root)
    for order in ("random", "sorted"):
        benchmark.ns["leaky_relu", "package", order] = 10 * benchmark.time("relu")
    cb.write(root, benchmark)


_KERAS = {"keras.activations.leaky_relu": 0.2, "keras.layers.LeakyReLU": 0.3}

#: check, file to break, how, and a phrase the check must report.
_BREAKAGES: dict[str, tuple[Callable[[Path], list[str]], str, Callable[[Path], None], str]] = {
    "threshold-digits": (
        overflow_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "709.78 in float64", "709.87 in float64"),
        "is not float64's threshold",
    ),
    "dtype-unnamed": (
        overflow_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p, "overflow above x = 709.78 (float64)", "overflow above x = 709.78"
        ),
        "without saying float64",
    ),
    "no-float32": (
        overflow_problems,
        qs.SLIDESHOW,
        _replace_all("88.72", "88"),
        "nowhere float32's threshold",
    ),
    "underflow": (
        underflow_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "(about 104 in float32)", "(about 88 in float32)"),
        "float32: e^-x rounds to 0 beyond x = 103.97, not 88",
    ),
    "cost-ratio": (
        cost_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p,
            "took about 15 times as long as `relu`, longer",
            "took about 3 times as long as `relu`, longer",
        ),
        "leaky_relu (textbook) said to take 'about 3 times as long as relu'",
    ),
    "cost-bound": (
        cost_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(
            p, "no exponential, less than twice as long", "no exponential, more than twice as long"
        ),
        "leaky_relu said to take 'more than twice as long as ReLU'",
    ),
    "cost-measured": (
        cost_problems,
        str(BENCHMARK),
        _slow_leaky_relu_in_csv,
        "leaky_relu said to take 'less than twice as long as relu', measured 10.0 times",
    ),
    "cost-copy": (
        cost_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(
            p, "Leaky ReLU took less than twice", "Leaky ReLU took about 5 times"
        ),
        "leaky_relu (jax) said to take 'about 5 times as long as a copy', measured",
    ),
    "cost-implementation": (
        cost_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p,
            "The textbook\n`np.where(x > 0, x, 0.01 * x)`",
            "The package's\n`np.where(x > 0, x, 0.01 * x)`",
        ),
        "leaky_relu said to take 'about 15 times as long as relu'",
    ),
    "cost-comparison": (
        cost_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p, "`sigmoid` or `swish`, which need", "`sigmoid` or `gelu`, which need"
        ),
        "is said to take longer than gelu",
    ),
    "cost-faster": (
        cost_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(p, "faster than softplus", "faster than ReLU"),
        "squareplus (jax",
    ),
    "cheapest": (
        cost_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p,
            "ReLU, Leaky ReLU and PReLU are the cheapest",
            "ReLU, Swish and PReLU are the cheapest",
        ),
        "prelu, relu, swish called the cheapest",
    ),
    "quick-gelu": (
        quick_gelu_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "up to 0.0203", "up to 0.0230"),
        "QuickGELU's error is",
    ),
    "cross-entropy": (
        cross_entropy_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "−0.99995 at z", "−0.99959 at z"),
        "gradient −0.99959",
    ),
    "leaky-default": (
        lambda root: leaky_relu_default_problems(root, _package_default() | _KERAS),
        qs.SLIDESHOW,
        lambda p: qs.replace_once(
            p, "0.3 in keras.layers.LeakyReLU", "0.03 in keras.layers.LeakyReLU"
        ),
        "default slope is 0.3, not 0.03",
    ),
    "selu": (
        selu_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "E[τ] = 1", "E[τ] = 2"),
        "E[τ] ≈",
    ),
    "ce-gradient": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "(0.999999998, −0.999999998)", "(0.99999998, −0.99999998)"),
        "cross-entropy gradient",
    ),
    "se-gradient": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "(4.12 × 10⁻⁹, −4.12 × 10⁻⁹)", "(4.21 × 10⁻⁹, −4.21 × 10⁻⁹)"),
        "squared-error gradient",
    ),
    "keras-clip": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p, "`binary_crossentropy(1, 0.0)` is 16.12", "`binary_crossentropy(1, 0.0)` is 16.81"
        ),
        "bce(1, 0) is not 16.81",
    ),
    "llama-width": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "becomes 11008", "becomes 10922"),
        "rounded up it is not 10922",
    ),
    "log-sigmoid-edge": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "above\nx ≈ 37,", "above\nx ≈ 36,"),
        "sigma rounds to 1",
    ),
    "bfloat16": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "float16 has 11, float32 24", "float16 has 10, float32 24"),
        "significant bits",
    ),
    "float16-exp": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p, "a single logit of 12 makes e^12^", "a single logit of 11 makes e^11^"
        ),
        "does not overflow in float16",
    ),
    "loss-scaling": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "2⁻²⁴ ≈ 5.96 × 10⁻⁸", "2⁻²⁴ ≈ 6.10 × 10⁻⁸"),
        "float16's smallest subnormal",
    ),
    "loss-scaled-gradient": (
        new_section_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "becomes 6.55 × 10⁻⁴", "becomes 6.55 × 10⁻⁵"),
        "S times the gradient",
    ),
    "biases-old-sentence": (
        bias_problems,
        FRAMEWORKS,
        lambda p: qs.replace_once(
            p,
            "T5's code drops them,\nFFN(x) = ReLU(xW₁)W₂, and so does every gated model in the table (PaLM, which has no public code,\n"
            "says so in its paper).",
            "In BERT, GPT-2 and T5 that block is W₂ φ(W₁x).",
        ),
        "BERT has biases, but",
    ),
    "biases-slide": (
        bias_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(
            p, "The Transformer, BERT and GPT-2 add", "The Transformer, BERT, GPT-2 and T5 add"
        ),
        "T5 said to have biases 'yes', the models table says no",
    ),
    "biases-gated": (
        bias_problems,
        FRAMEWORKS,
        lambda p: qs.replace_once(
            p,
            "| no ([code](https://github.com/mistralai",
            "| yes ([code](https://github.com/mistralai",
        ),
        "Mistral 7B is a gated model with biases",
    ),
    "bert-gelu-row": (
        gelu_form_problems,
        FRAMEWORKS,
        lambda p: qs.replace_once(
            p,
            "exact erf form in `gelu()` of the first release; the tanh approximation since "
            "February 2019",
            "tanh approximation in `gelu()` of the reference code",
        ),
        "the BERT row does not give",
    ),
    "bert-gelu-prose": (
        gelu_form_problems,
        FRAMEWORKS,
        lambda p: qs.replace_once(
            p, "The GELU of the GPT-2 and ViT\n", "The GELU of the BERT, GPT-2 and ViT\n"
        ),
        "BERT's GELU called tanh without saying since when",
    ),
    "t5-gelu": (
        gelu_form_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(
            p,
            "while\nGemma's code and T5 v1.1's, Google's Mesh TensorFlow code as well as Hugging "
            "Face's port, use",
            "while\nGemma's code, and Hugging Face's port of T5 v1.1, use",
        ),
        "T5 v1.1's tanh GELU put down to Hugging Face's port alone",
    ),
    "width-cited": (
        ffn_width_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p, "| LLaMA 2 70B | 8192 | 28672 |", "| LLaMA 2 70B | 8192 | 28416 |"
        ),
        "LLaMA 2 70B: (d, h) = (8192, 28416), its sources give (8192, 28672)",
    ),
    "width-rounding": (
        ffn_width_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(
            p,
            "times 1.3, rounded up to a multiple of 4096",
            "times 1.3, rounded up to a multiple of 256",
        ),
        "LLaMA 2 70B: factor and multiple are not Meta's",
    ),
    "width-ratio": (
        ffn_width_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "| 14336 | 3.5 |", "| 14336 | 2.67 |"),
        "Mistral 7B: h / d = 3.5000, not 2.67",
    ),
    "width-slide": (
        ffn_width_problems,
        qs.SLIDESHOW,
        lambda p: qs.replace_once(p, "Mistral 7B use\n3.5d", "Mistral 7B use\n2.67d"),
        "h is 3.5 d, not 2.67d",
    ),
    "models": (
        transformer_model_problems,
        qs.REFERENCE,
        lambda p: qs.replace_once(p, "- GeGLU: T5 v1.1", "- SwiGLU: T5 v1.1"),
        "T5 v1.1: SwiGLU here, geglu in the models table",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_claim_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    check, target, breaker, expected = _BREAKAGES[breakage]
    root = qs.copy_project(tmp_path / "site")
    assert check(root) == [], "the unbroken copy must pass"
    breaker(root / target)
    problems = check(root)
    assert any(expected in p for p in problems), problems
