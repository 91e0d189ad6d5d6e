"""exercises.qmd: enough exercises for every activation, each with a collapsed worked solution,
every number in a solution checked against mpmath and the package, every code solution run.

The page is read with pandoc (``quarto_site``). An exercise is a div
``::: {#ex-... .exercise activation="name ..." kind="derive|compute|code|judge"}`` whose
``activation`` names registry entries; its solution is the one ``.callout-tip`` inside it,
``collapse="true"``, titled "Solution". A stated number is a span
``[0.6]{.answer key="mish-grad-0" exact="true"}``: ``exercise_answers.ANSWERS[key]`` computes
it with mpmath and with the package, and the page's digits must be the value rounded (or, with
``exact="true"``, the value itself). Every fenced ``python`` block of a solution must define a
function that ``CODE_CHECKS`` knows, and that function must agree with the package, or with an
independent reference (NumPy, SciPy, mpmath) where the package has no such function yet, at
extreme float64 and float32 inputs, without a warning.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import exercise_answers as answers
import mpmath
import numpy as np
import pytest
import quarto_site as qs
import scipy.special
from exercise_answers import ANSWERS

import activations
from activations.site.pages import GROUPS, PAGES

PAGE = "exercises.qmd"
KINDS = ("derive", "compute", "code", "judge")
MIN_EXERCISES = 70
#: Difficulty marks: an exercise's ``level`` attribute and the stars shown before its kind.
LEVELS = {"1": "★", "2": "★★", "3": "★★★"}
#: Judge exercises on the page before the planning work, and how many it had to add.
JUDGES_BEFORE, MORE_JUDGES = 8, 6
MIN_CORE = 10
MIN_PER_ENTRY = 2
#: The page record of every registry entry, in the registry's order.
REGISTRY = tuple(PAGES.values())
#: The exercises the page must hold, by id -> kind.
REQUIRED = {
    "ex-sigmoid-derivative": "derive",
    "ex-tanh-from-sigmoid": "derive",
    "ex-softplus-derivative": "derive",
    "ex-mish-grad-0": "derive",
    "ex-selu-fixed-point": "derive",
    "ex-swish-minimum": "compute",
    "ex-gelu-tanh-error": "compute",
    "ex-gradients-sigmoid-bound": "compute",
    "ex-numerics-exp-overflow": "compute",
    "ex-softplus-code": "code",
    "ex-softmax-log-softmax": "code",
    "ex-gated-glu-code": "code",
    "ex-output-multi-label": "judge",
    "ex-selu-lecun": "judge",
    "ex-relu-dead-unit": "judge",
}


#: mpmath at 40 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 40


# --------------------------------------------------------------------------- reading the page


@dataclass(frozen=True)
class Exercise:
    """One exercise div: its id, kind, the registry entries it names, its blocks."""

    ident: str
    kind: str
    names: tuple[str, ...]
    blocks: list

    @property
    def callouts(self) -> list[dict]:
        return [
            e
            for e in qs.walk(self.blocks)
            if e["t"] == "Div" and any(c.startswith("callout") for c in e["c"][0][1])
        ]

    @property
    def solutions(self) -> list[dict]:
        return [c for c in self.callouts if "callout-tip" in c["c"][0][1]]


def load(root: Path) -> qs.Page:
    return qs.load_page(root / PAGE)


def exercises(page: qs.Page) -> list[Exercise]:
    found = []
    for element in qs.walk(page.blocks):
        if element["t"] != "Div":
            continue
        ident, classes, attrs = qs.attr_of(element)
        if "exercise" in classes:
            names = tuple(attrs.get("activation", "").split())
            found.append(Exercise(ident, attrs.get("kind", ""), names, element["c"][1]))
    return found


def answer_spans(node: object) -> list[tuple[str, str, bool]]:
    """(key, text, exact) of every ``.answer`` span inside ``node``."""
    spans = []
    for element in qs.walk(node):
        if element["t"] == "Span":
            _, classes, attrs = qs.attr_of(element)
            if "answer" in classes:
                exact = attrs.get("exact") == "true"
                spans.append((attrs.get("key", ""), qs.stringify(element["c"][1]), exact))
    return spans


MINUS, TIMES, INFINITY = "\u2212", "\u00d7", "\u221e"
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = re.compile(r"(?P<digits>-?\d+(?:\.\d+)?)(?:" + TIMES + r"10(?P<power>[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?")


def parse_decimal(text: str) -> tuple[Decimal, Decimal]:
    """The value a page's number states and half a unit of its last digit, as decimals (so
    that ``"1.8 \N{MULTIPLICATION SIGN} 10³⁰⁸"``, above the largest double, still reads as what it says).

    ``"\N{MINUS SIGN}4.73 \N{MULTIPLICATION SIGN} 10⁻⁴"`` (minus sign, times sign, superscripts) reads as (-4.73e-4, 5e-7);
    ``"\N{MINUS SIGN}\N{INFINITY}"`` as (-Infinity, 0).
    """
    compact = re.sub(r"\s", "", text.replace(MINUS, "-"))
    if compact in (INFINITY, "-" + INFINITY):
        return Decimal(compact.replace(INFINITY, "Infinity")), Decimal(0)
    match = _NUMBER.fullmatch(compact)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    digits = Decimal(match["digits"])
    power = int(match["power"].translate(_SUPERSCRIPT)) if match["power"] else 0
    half = Decimal(5).scaleb(digits.as_tuple().exponent - 1 + power)
    return digits.scaleb(power), half


def parse_number(text: str) -> tuple[float, float]:
    """:func:`parse_decimal` as floats."""
    value, half = parse_decimal(text)
    return float(value), float(half)


# --------------------------------------------------------------------------- 1. structure


def _first_strong(blocks: list) -> str:
    for element in qs.walk(blocks):
        if element["t"] == "Strong":
            return qs.stringify(element["c"])
    return ""


def _solution_problems(exercise: Exercise) -> list[str]:
    where = f"{PAGE}#{exercise.ident}"
    solutions = exercise.solutions
    if len(solutions) != 1 or len(exercise.callouts) != 1:
        return [f"{where}: {len(solutions)} solution callouts, {len(exercise.callouts)} callouts"]
    _, _, attrs = qs.attr_of(solutions[0])
    inner = solutions[0]["c"][1]
    problems = []
    if attrs.get("collapse") != "true":
        problems.append(f'{where}: the solution is not collapsed (collapse="true")')
    if not inner or inner[0]["t"] != "Header" or qs.stringify(inner[0]["c"][2]) != "Solution":
        problems.append(f"{where}: the solution callout's title is not 'Solution'")
    if exercise.kind == "compute" and not answer_spans(inner):
        problems.append(f"{where}: a compute exercise whose solution states no checked number")
    if exercise.kind == "code" and not qs.code_blocks(inner):
        problems.append(f"{where}: a code exercise whose solution has no python block")
    if len(answer_spans(exercise.blocks)) != len(answer_spans(inner)):
        problems.append(f"{where}: a checked answer stands outside the solution")
    return problems


def exercise_problems(root: Path) -> list[str]:
    """Each exercise well formed, named entries in the registry, one collapsed solution."""
    found = exercises(load(root))
    problems = []
    if len(found) < MIN_EXERCISES:
        problems.append(f"{PAGE}: {len(found)} exercises, fewer than {MIN_EXERCISES}")
    for exercise in found:
        where = f"{PAGE}#{exercise.ident}"
        if not exercise.ident.startswith("ex-"):
            problems.append(f"{where}: an exercise needs an id 'ex-...'")
        if exercise.kind not in KINDS:
            problems.append(f"{where}: kind {exercise.kind!r} is not one of {KINDS}")
        elif _first_strong(exercise.blocks) != exercise.kind.capitalize() + ".":
            problems.append(f"{where}: does not open with **{exercise.kind.capitalize()}.**")
        if not exercise.names:
            problems.append(f'{where}: names no registry entry (activation="...")')
        for name in exercise.names:
            if name not in activations.ACTIVATIONS:
                problems.append(f"{where}: names {name!r}, which is not in the registry")
        problems += _solution_problems(exercise)
    by_id = {e.ident: e.kind for e in found}
    for ident, kind in REQUIRED.items():
        if by_id.get(ident) != kind:
            problems.append(f"{PAGE}: no {kind} exercise #{ident}")
    return problems


def coverage_problems(root: Path) -> list[str]:
    """Every registry entry: two exercises, an anchor #ex-<slug>, and, wherever the reference page
    has the entry's section, a link to it and a link back from it ("See also")."""
    page = load(root)
    found = exercises(page)
    ids = qs.element_ids(page.blocks)
    reference = load_reference(root)
    reference_ids = qs.element_ids(reference.blocks)
    links = {e["c"][2][0] for e in qs.walk(page.blocks) if e["t"] == "Link"}
    problems = []
    for entry in REGISTRY:
        count = sum(entry.name in e.names for e in found)
        if count < MIN_PER_ENTRY:
            problems.append(f"{PAGE}: {count} exercises name {entry.name!r}, not {MIN_PER_ENTRY}")
        if f"ex-{entry.slug}" not in ids:
            problems.append(f"{PAGE}: no anchor {{#ex-{entry.slug}}} for {entry.name!r}")
        target = f"{qs.REFERENCE}#{entry.section_id}"
        if entry.section_id in reference_ids and target not in links:
            problems.append(f"{PAGE}: no link to {target}")
        section = qs.section_blocks(reference.blocks, entry.section_id) or []
        back = f"{PAGE}#ex-{entry.slug}"
        if section and not any(e["t"] == "Link" and e["c"][2][0] == back for e in qs.walk(section)):
            problems.append(f"{qs.REFERENCE}#{entry.section_id}: no link to {back}")
    return problems


def load_reference(root: Path) -> qs.Page:
    return qs.load_page(root / qs.REFERENCE)


def test_the_page_is_rendered_and_in_the_navbar() -> None:
    config = qs.quarto_config()
    assert PAGE in config["project"]["render"], f"{PAGE} is not in project.render"
    assert PAGE in qs.navbar_targets(config), f"{PAGE} is not in the navbar"


def test_exercises_are_well_formed_with_one_collapsed_solution_each() -> None:
    assert exercise_problems(qs.ROOT) == []


def test_every_registry_entry_has_two_exercises_and_a_heading() -> None:
    assert coverage_problems(qs.ROOT) == []


def test_parse_number_reads_the_page_formats() -> None:
    assert parse_number("0.6") == (0.6, 0.05)
    assert parse_number(MINUS + "0.2785") == (-0.2785, 5e-05)
    assert parse_number(f"2.2 {TIMES} 10⁴") == (22000.0, 500.0)
    assert parse_number("12") == (12.0, 0.5)
    value, half = parse_number(f"7.46 {TIMES} 10⁻⁴")
    assert value == pytest.approx(7.46e-4) and half == pytest.approx(5e-7)
    assert parse_number(MINUS + INFINITY) == (-math.inf, 0.0)
    assert parse_number("69\u202f315") == (69315.0, 0.5)
    infinity, zero = parse_decimal(MINUS + INFINITY)
    assert _agrees(infinity, zero, True, -math.inf, 1e-25)
    assert not _agrees(infinity, zero, True, -1.7e308, 1e-25)
    beyond, half = parse_decimal(f"{MINUS}1.8 {TIMES} 10³⁰⁸")
    assert _agrees(beyond, half, False, -1.7976931348623157e308, 1e-25)
    assert not _agrees(beyond, half, False, -math.inf, 1e-25)


# --------------------------------------------------------------------------- 1b. planning


def _level_marks(blocks: list) -> list[tuple[str, str]]:
    """(text, aria-label) of every ``.level`` span in ``blocks``."""
    marks = []
    for element in qs.walk(blocks):
        if element["t"] == "Span":
            _, classes, attrs = qs.attr_of(element)
            if "level" in classes:
                marks.append((qs.stringify(element["c"][1]), attrs.get("aria-label", "")))
    return marks


def _div(page: qs.Page, ident: str) -> dict | None:
    for element in qs.walk(page.blocks):
        if element["t"] == "Div" and qs.attr_of(element)[0] == ident:
            return element
    return None


def planning_problems(root: Path) -> list[str]:
    """A level mark on every exercise, enough judge exercises, a core set listed near the top
    whose links all resolve to core exercises, and a legend that explains the marks."""
    page = load(root)
    problems = []
    attrs_of = {}
    for element in qs.walk(page.blocks):
        if element["t"] == "Div":
            ident, classes, attrs = qs.attr_of(element)
            if "exercise" in classes:
                attrs_of[ident] = (attrs, element["c"][1])
    for ident, (attrs, blocks) in attrs_of.items():
        where = f"{PAGE}#{ident}"
        level = attrs.get("level")
        if level not in LEVELS:
            problems.append(f"{where}: level {level!r} is not one of {sorted(LEVELS)}")
            continue
        shown = [m for m in _level_marks(blocks)]
        label = f"Level {level} of 3"
        if shown != [(LEVELS[level], shown[0][1] if shown else "")] or not shown[0][1].startswith(
            label
        ):
            problems.append(f"{where}: shows {shown}, not one mark {LEVELS[level]} '{label}, ...'")
    judges = sum(e.kind == "judge" for e in exercises(page))
    if judges < JUDGES_BEFORE + MORE_JUDGES:
        problems.append(
            f"{PAGE}: {judges} judge exercises, fewer than {JUDGES_BEFORE + MORE_JUDGES}"
        )
    core = {ident for ident, (attrs, _) in attrs_of.items() if attrs.get("core") == "true"}
    if len(core) < MIN_CORE:
        problems.append(f"{PAGE}: {len(core)} core exercises, fewer than {MIN_CORE}")
    listing = _div(page, "ex-core")
    if listing is None:
        problems.append(f"{PAGE}: no list of the core exercises (#ex-core)")
    else:
        linked = [e["c"][2][0] for e in qs.walk(listing) if e["t"] == "Link"]
        for target in linked:
            if not target.startswith("#") or target[1:] not in core:
                problems.append(f"{PAGE}#ex-core: links {target}, not a core exercise")
        for ident in sorted(core - {target[1:] for target in linked}):
            problems.append(f"{PAGE}#ex-core: does not link the core exercise #{ident}")
    legend = _div(page, "ex-levels")
    if legend is None:
        problems.append(f"{PAGE}: no legend of the difficulty marks (#ex-levels)")
    else:
        marks = _level_marks(legend)
        for level, stars in LEVELS.items():
            if not any(m == stars and a.startswith(f"Level {level} of 3") for m, a in marks):
                problems.append(f"{PAGE}#ex-levels: does not explain {stars}")
        if "Tools you need" not in qs.stringify(legend):
            problems.append(f"{PAGE}#ex-levels: does not explain the 'Tools you need' notes")
    return problems


def test_every_exercise_has_a_level_and_the_core_set_is_listed() -> None:
    assert planning_problems(qs.ROOT) == []


# --------------------------------------------------------------------------- 2. the numbers


def _agrees(stated: Decimal, half: Decimal, exact: bool, value: float, rtol: float) -> bool:
    """``value`` rounds to ``stated`` (or equals it, to ``rtol``, when ``exact``)."""
    if stated.is_infinite():
        return value == float(stated)
    if not math.isfinite(value):
        return False
    if exact:
        return abs(float(stated) - value) <= rtol * max(abs(float(stated)), 1e-300)
    return abs(Decimal(value) - stated) <= half * Decimal("1.000000001")


def answer_problems(root: Path, keys: set[str] | None = None) -> list[str]:
    """Every stated number against mpmath and against the package."""
    problems = []
    for key, text, exact in answer_spans(load(root).blocks):
        if keys is not None and key not in keys:
            continue
        answer = ANSWERS.get(key)
        if answer is None:
            problems.append(f"{PAGE}: [{text}] has key {key!r}, which exercise_answers lacks")
            continue
        try:
            stated, half = parse_decimal(text)
        except ValueError as exc:
            problems.append(f"{PAGE} [{key}]: {exc}")
            continue
        reference = float(answer.reference())
        package = float(answer.package())
        if not _agrees(stated, half, exact, reference, 1e-25):
            problems.append(f"{PAGE} [{key}]: states {text}, mpmath gives {reference:.10g}")
        if not _agrees(stated, half, exact, package, answer.package_rtol):
            problems.append(f"{PAGE} [{key}]: states {text}, the package gives {package:.10g}")
    return problems


def _keys_on_page() -> list[str]:
    return sorted({key for key, _, _ in answer_spans(load(qs.ROOT).blocks)})


@pytest.mark.parametrize("key", _keys_on_page())
def test_stated_number_agrees_with_mpmath_and_the_package(key: str) -> None:
    assert answer_problems(qs.ROOT, {key}) == []


def test_every_answer_key_is_used_on_the_page() -> None:
    unused = sorted(set(ANSWERS) - set(_keys_on_page()))
    assert not unused, f"exercise_answers.ANSWERS has keys no page uses: {unused}"


# --------------------------------------------------------------------------- 3. code solutions

_MAGNITUDES = (5e-324, 1e-300, 1.0, 30.0, 88.72, 88.73, 709.78, 709.79, 745.2, 1000.0, 1e10, 1e308)
X64 = np.array([-0.0, 0.0, *(-m for m in _MAGNITUDES), *_MAGNITUDES, -np.inf, np.inf, np.nan])
_F32_MAX = float(np.finfo(np.float32).max)
_MAGNITUDES32 = (1e-45, 1e-38, 1.0, 16.6, 88.72, 88.73, 103.9, 104.0, 1e20, _F32_MAX)
X32 = np.array(
    [-0.0, 0.0, *(-m for m in _MAGNITUDES32), *_MAGNITUDES32, -np.inf, np.inf, np.nan],
    dtype=np.float32,
)
#: Rows of logits (softmax axis last): huge, -inf, NaN, ties, deep underflow, signed zeros.
LOGITS64 = np.array(
    [
        [1e308, 0.0, -1.0, 5.0],
        [-1e308, 0.0, 1.0, 2.0],
        [1e308, -1e308, 0.0, 1.0],
        [1e308, -7e307, 0.0, 1.0],
        [-np.inf, 0.0, 1.0, -np.inf],
        [np.nan, 0.0, 1.0, 2.0],
        [1000.0, 1000.0, -1000.0, 0.0],
        [-800.0, -800.0, -799.0, -1e10],
        [-0.0, 0.0, 5e-324, -5e-324],
        [745.2, -745.2, 709.8, 88.72],
    ]
)
LOGITS32 = np.array(
    [
        [_F32_MAX, 0.0, -1.0, 5.0],
        [-_F32_MAX, 0.0, 1.0, 2.0],
        [-np.inf, 0.0, 1.0, -np.inf],
        [np.nan, 0.0, 1.0, 2.0],
        [88.73, -103.9, 0.0, 1.0],
    ],
    dtype=np.float32,
)
#: Value halves a (no infinity: inf * a closed gate is NaN) and gate halves b (every extreme).
GLU_VALUES = X64[np.isfinite(X64) | np.isnan(X64)]
ULPS = 8


def _same(
    got: object,
    want: object,
    what: str,
    signed_zeros: bool = True,
    condition: object = 1.0,
    amplification: object = 1.0,
) -> list[str]:
    """Same shape and dtype, NaN where ``want`` is NaN, zeros' signs, and within ULPS ulps times
    ``condition`` (the condition number), plus ULPS subnormal steps times ``amplification``
    (what multiplies an intermediate that the format can only hold to a subnormal step)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return [f"{what}: {got.dtype}{got.shape}, expected {want.dtype}{want.shape}"]
    info = np.finfo(want.dtype)
    bad = np.isnan(got) != np.isnan(want)
    both = ~np.isnan(want) & ~np.isnan(got)
    with np.errstate(invalid="ignore", over="ignore"):
        equal = got == want
        relative = info.eps * np.abs(want) * condition
        close = np.abs(got - want) <= ULPS * (relative + info.smallest_subnormal * amplification)
    bad |= both & ~(equal | close)
    if signed_zeros:
        bad |= both & (want == 0) & (np.signbit(got) != np.signbit(want))
    if bad.any():
        index = np.argwhere(bad)[0]
        return [
            f"{what}: at {tuple(index)} got {got[tuple(index)]!r}, expected {want[tuple(index)]!r}"
        ]
    return []


def _call(function: Callable, *args, **kwargs) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


def _quiet(function: Callable, *args, **kwargs) -> object:
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _optional(name: str) -> Callable | None:
    """A package function that a later merge adds (log_sigmoid, log_softmax, glu), if present."""
    return getattr(activations, name, None)


def check_softplus(softplus: Callable) -> list[str]:
    problems = []
    for x in (X64, X32):
        got = _call(softplus, x)
        problems += _same(got, activations.softplus(x), f"softplus({x.dtype}) vs package")
        reference = _quiet(np.logaddexp, x.dtype.type(0), x)
        problems += _same(got, reference, f"softplus({x.dtype}) vs logaddexp")
    return problems


def check_log_sigmoid(log_sigmoid: Callable) -> list[str]:
    problems = []
    for x in (X64, X32):
        got = _call(log_sigmoid, x)
        reference = _quiet(scipy.special.log_expit, x)
        problems += _same(got, reference, f"log_sigmoid({x.dtype}) vs log_expit")
        mirrored = -activations.softplus(-x)
        problems += _same(got, mirrored, f"log_sigmoid({x.dtype}) vs -softplus(-x)")
        package = _optional("log_sigmoid")
        if package is not None:
            problems += _same(got, package(x), f"log_sigmoid({x.dtype}) vs package")
    return problems


def _mp_elu(x: float, alpha: float) -> float:
    if np.isnan(x):
        return np.nan
    return x if x > 0 else float(alpha * MP.expm1(MP.mpf(x)))


def _mp_squareplus(x: float, b: float) -> float:
    """(x + sqrt(x^2 + b)) / 2, for x < 0 as b / (2 (sqrt(x^2 + b) - x)): mpmath cancels too."""
    if np.isnan(x):
        return np.nan
    root = MP.sqrt(MP.mpf(x) ** 2 + b)
    return float((x + root) / 2 if x >= 0 else b / (2 * (root - x)))


def check_squareplus(squareplus: Callable) -> list[str]:
    problems = []
    for b in activations.ACTIVATIONS["squareplus"].family:
        for x in (X64, X32):
            got = _call(squareplus, x, b=b)
            want = activations.squareplus(x, b=b)
            problems += _same(got, want, f"squareplus({x.dtype}, b={b}) vs package")
        finite = X64[np.isfinite(X64)]
        want = np.array([_mp_squareplus(v, b) for v in finite])
        problems += _same(_call(squareplus, finite, b=b), want, f"squareplus vs mpmath, b={b}")
    return problems


def check_elu(elu: Callable) -> list[str]:
    problems = []
    for alpha in (0.5, 1.0, 2.0):
        for x in (X64, X32):
            got = _call(elu, x, alpha=alpha)
            problems += _same(got, activations.elu(x, alpha=alpha), f"elu({x.dtype}, {alpha})")
        finite = X64[np.isfinite(X64)]
        want = np.array([_mp_elu(v, alpha) for v in finite])
        problems += _same(
            _call(elu, finite, alpha=alpha), want, f"elu vs mpmath, alpha={alpha}", False
        )
    return problems


def _mp_log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-softmax of each row with mpmath: x - log sum exp(x), -inf entries left out of the sum,
    a row with a NaN all NaN. (SciPy's log_softmax loses the digits of log(1 + tiny).)"""
    rows = []
    for row in logits.astype(float):
        if np.isnan(row).any():
            rows.append([np.nan] * len(row))
            continue
        # x - log sum exp = (x - m) - log1p(sum of the others' e^(x - m)): no cancellation
        top = int(np.argmax(row))
        m = MP.mpf(row[top])
        rest = MP.fsum(MP.exp(MP.mpf(v) - m) for k, v in enumerate(row) if k != top)
        tail = MP.log1p(rest)
        rows.append([-np.inf if v == -np.inf else float((MP.mpf(v) - m) - tail) for v in row])
    return np.array(rows).astype(logits.dtype)


def check_log_softmax(log_softmax: Callable) -> list[str]:
    problems = []
    package = _optional("log_softmax")
    for logits in (LOGITS64, LOGITS32):
        want = _mp_log_softmax(logits)
        got = _call(log_softmax, logits)
        problems += _same(got, want, f"log_softmax({logits.dtype}) vs mpmath", False)
        got_columns = _call(log_softmax, logits.T, axis=0)
        problems += _same(got_columns, want.T, f"log_softmax({logits.dtype}.T, axis=0)", False)
        if package is not None:
            problems += _same(got, package(logits), f"log_softmax({logits.dtype}) vs package")
    one_row = _call(log_softmax, np.array([1.0, 2.0, 3.0]))
    problems += _same(one_row, scipy.special.log_softmax([1.0, 2.0, 3.0]), "log_softmax(1-d)")
    # Outside the task, as the solution says: without a warning, a +inf logit comes out NaN (the
    # whole row with two of them), and so does a row of -inf logits.
    edges = np.array([[np.inf, 0.0, 1.0, -np.inf], [-np.inf] * 4, [np.inf, np.inf, 0.0, 1.0]])
    nan, inf = np.nan, np.inf
    stated = np.array([[nan, -inf, -inf, -inf], [nan] * 4, [nan] * 4])
    for dtype in (np.float64, np.float32):
        got = _call(log_softmax, edges.astype(dtype))
        problems += _same(got, stated.astype(dtype), f"log_softmax({dtype.__name__}, +-inf rows)")
    return problems


def _glu_halves() -> tuple[np.ndarray, np.ndarray]:
    a, b = np.meshgrid(GLU_VALUES, X64, indexing="ij")
    return a.ravel(), b.ravel()


def _mp_glu(a: float, b: float) -> float:
    """a sigma(b) with mpmath; at infinite b or NaN, the limits NumPy gives."""
    if not np.isfinite(b) or np.isnan(a):
        return float(_quiet(lambda: a * scipy.special.expit(b)))
    return float(MP.mpf(a) / (1 + MP.exp(-MP.mpf(b))))


def check_glu(gated_linear_unit: Callable) -> list[str]:
    problems = []
    a, b = _glu_halves()
    want = np.array([_mp_glu(u, v) for u, v in zip(a, b, strict=True)])
    package = _optional("glu")
    # a sigma(b): condition number 1 + |b| (1 - sigma(b)) <= 1 + |b|; a subnormal gate is held
    # to a subnormal step, which a multiplies.
    tolerance = {"condition": 1 + np.abs(np.nan_to_num(b)), "amplification": 1 + np.abs(a)}
    for axis, x in ((-1, np.stack([a, b], axis=-1)), (0, np.stack([a, b], axis=0))):
        got = np.squeeze(np.asarray(_call(gated_linear_unit, x, axis=axis)), axis=axis)
        what = f"gated_linear_unit(axis={axis})"
        problems += _same(got, want, f"{what} vs mpmath", False, **tolerance)
        if package is not None:
            expected = np.squeeze(package(x, axis=axis), axis=axis)
            problems += _same(got, expected, f"{what} vs package glu", True, **tolerance)
    problems += _clear_error(gated_linear_unit, "an odd length", "odd", np.ones((2, 3)))
    problems += _clear_error(gated_linear_unit, "a 0-d input", "0-d", np.float64(2.0))
    problems += _clear_error(gated_linear_unit, "axis 2 of a 1-d input", "axis", np.ones(4), axis=2)
    return problems


def _clear_error(function: Callable, what: str, says: str, *args, **kwargs) -> list[str]:
    """A ValueError whose message names the function and contains ``says``."""
    name = function.__name__
    try:
        _call(function, *args, **kwargs)
    except ValueError as exc:
        if name not in str(exc) or says not in str(exc):
            return [f"{name}'s error for {what} does not name {name!r} and say {says!r}: {exc}"]
        return []
    except Exception as exc:  # noqa: BLE001 the problem reported is the bare error
        return [f"{name} raises a bare {type(exc).__name__} for {what}: {exc}"]
    return [f"{name} accepts {what}"]


#: Function name a solution defines -> the check it must pass.
CODE_CHECKS: dict[str, Callable[[Callable], list[str]]] = {
    "softplus": check_softplus,
    "log_sigmoid": check_log_sigmoid,
    "elu": check_elu,
    "squareplus": check_squareplus,
    "log_softmax": check_log_softmax,
    "gated_linear_unit": check_glu,
}


def solution_code(root: Path) -> list[tuple[str, str]]:
    """(exercise id, source) of every python block inside a solution."""
    return [
        (exercise.ident, code)
        for exercise in exercises(load(root))
        for solution in exercise.solutions
        for code in qs.code_blocks(solution)
    ]


def code_problems(root: Path) -> list[str]:
    """Every solution's code runs without a warning and passes the check of what it defines."""
    problems = []
    for ident, code in solution_code(root):
        namespace: dict = {"__name__": "solution"}
        try:
            _call(exec, compile(code, f"{PAGE}#{ident}", "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 reported as a problem of the page
            problems.append(f"{PAGE}#{ident}: the code raised {exc!r}")
            continue
        checked = sorted(set(namespace) & set(CODE_CHECKS))
        if not checked:
            problems.append(
                f"{PAGE}#{ident}: defines nothing CODE_CHECKS knows: {sorted(namespace)}"
            )
        for name in checked:
            try:
                problems += [f"{PAGE}#{ident}: {p}" for p in CODE_CHECKS[name](namespace[name])]
            except Exception as exc:  # noqa: BLE001 a warning or crash at an extreme input
                problems.append(f"{PAGE}#{ident}: {name} raised {exc!r}")
    return problems


def test_every_code_solution_runs_and_holds_at_extreme_inputs() -> None:
    assert code_problems(qs.ROOT) == []


def test_code_solutions_cover_the_three_required_functions() -> None:
    defined = {
        name
        for _, code in solution_code(qs.ROOT)
        for name in re.findall(r"^def (\w+)", code, re.MULTILINE)
    }
    assert {"softplus", "log_softmax", "gated_linear_unit"} <= defined


# --------------------------------------------------------------------------- 4. claims in prose


def test_sgd_and_adamw_only_fade_a_dead_unit_where_adam_with_l2_revives_it() -> None:
    """The dead-unit exercise: SGD with an L2 term and AdamW multiply the pre-activation by
    1 - lr lam a step (it keeps its sign); Adam with the L2 term in its gradient revives it."""
    z0 = -0.01
    for rule, lam, lr in (("sgd", 1e-4, 0.1), ("adamw", 1e-2, 1e-3)):
        for t, _, z in answers._pkg_optimiser(rule, answers._REVIVAL, lam, lr):
            assert z == pytest.approx(z0 * (1 - lr * lam) ** t, rel=1e-12), (rule, t)
            if t == 5000:
                break
    assert answers._revival(answers._pkg_optimiser, "adam-l2", 1e-2) == 6


def test_a_dead_unit_with_an_exempt_positive_bias_comes_back_under_sgd() -> None:
    """With the bias exempt from decay, a dead unit comes back if b > 0, and only then: weight
    -0.1 on the input 1 and bias 0.02 revive after ceil(log 0.2 / log(1 - 1e-3)) steps."""
    unit, lam, lr = ((-0.1,), (1.0,), 0.02), 1e-2, 0.1
    back = answers._first_step(answers._pkg_optimiser("sgd", unit, lam, lr), lambda w, z: z > 0)
    assert back == math.ceil(math.log(0.2) / math.log(1 - lr * lam))
    dead = ((-0.1,), (1.0,), 0.0)  # b = 0: the pre-activation tends to 0 from below
    never = answers._first_step(
        answers._pkg_optimiser("sgd", dead, lam, lr), lambda w, z: z > 0, 5000
    )
    assert never == math.inf


def test_log_softmax_is_minus_infinity_only_beyond_the_float_range() -> None:
    """The row (1e308, -1e308): the exact -2e308 is beyond the most negative double, and the
    package gives -inf without a warning; its softmax (1, 0) is exact. A spread within the
    range stays finite."""
    wide = _call(activations.log_softmax, np.array([1e308, -1e308]))
    assert wide[0] == 0 and wide[1] == -np.inf
    assert _call(activations.softmax, np.array([1e308, -1e308])).tolist() == [1.0, 0.0]
    within = _call(activations.log_softmax, np.array([1e308, -7e307]))
    assert within[1] == -1.7e308


def test_the_gradient_check_grid_behaves_as_the_exercise_says() -> None:
    """Sigmoid at 1, h = 10^-1 ... 10^-12: forward error smallest at 1e-7 or 1e-8 (within 10x of
    sqrt eps), central smallest at 1e-5 or 1e-6 (within 10x of cbrt eps) and below 1e-10; both
    above 1e-6 at h = 1e-12."""
    exact = float(activations.sigmoid_grad(1.0))
    steps = [10.0**-k for k in range(1, 13)]
    forward = [
        abs((activations.sigmoid(1 + h) - activations.sigmoid(1.0)) / h - exact) for h in steps
    ]
    central = [
        abs((activations.sigmoid(1 + h) - activations.sigmoid(1 - h)) / (2 * h) - exact)
        for h in steps
    ]
    assert steps[int(np.argmin(forward))] in (1e-7, 1e-8)
    assert steps[int(np.argmin(central))] in (1e-5, 1e-6)
    assert min(central) < 1e-10
    assert forward[-1] > 1e-6 and central[-1] > 1e-6


def test_a_softmax_before_torch_cross_entropy_cannot_go_below_log_1_plus_9_over_e() -> None:
    """The judge exercise's floor, with the real library: CrossEntropyLoss on softmax outputs."""
    torch = pytest.importorskip("torch")
    logits = torch.tensor([[50.0] + [0.0] * 9], dtype=torch.float64)
    loss = torch.nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), torch.tensor([0]))
    assert float(loss) == pytest.approx(math.log(1 + 9 / math.e), rel=1e-12)


def test_the_experiment_exercise_quotes_the_stored_saturation_run() -> None:
    """The numbers the experiment exercise quotes are in Experiments.ipynb's stored output."""
    import json

    notebook = json.loads((qs.ROOT / "Experiments.ipynb").read_text())
    text = "".join(
        "".join(output.get("text", ""))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
    )
    rows = {
        # The 50-layer table first (its rows come first), then the gains.
        "Sigmoid ": ("2.8e-32", "1.1e-01", "0.237"),
        "Tanh ": ("1.019",),
        "ReLU ": ("0.967",),
        f"Sigmoid {TIMES}1": ("0.235", "0.237"),
        f"Sigmoid {TIMES}4": ("2.41", "0.133", "13.3%", "0.633", "0.626"),
        f"Tanh {TIMES}1": ("0.968", "1.019"),
        f"Tanh {TIMES}4": ("3.54", "60.8%"),
    }
    for row, values in rows.items():
        line = next(line for line in text.splitlines() if line.startswith(row))
        for value in values:
            assert value in line.split(), (row, value, line)
    stated = qs.stringify(
        next(
            e
            for e in qs.walk(load(qs.ROOT).blocks)
            if e["t"] == "Div" and qs.attr_of(e)[0] == "ex-networks-experiment-gain"
        )
    )
    for value in ("60.8", "13.3", "3.54", "2.41", "0.633", "0.626", "0.237", "0.235", "0.133"):
        assert value in stated, value
    deep = qs.stringify(
        next(
            e
            for e in qs.walk(load(qs.ROOT).blocks)
            if e["t"] == "Div" and qs.attr_of(e)[0] == "ex-networks-deep-sigmoid"
        )
    )
    for value in ("0.237", "0.967", "0.968", "0.11", "2.8"):
        assert value in deep, value


# --------------------------------------------------------------------------- 5. broken copies


def _drop_see_also_link(root: Path, anchor: str) -> None:
    """Remove the reference's link to ``exercises.qmd#anchor`` from whichever file holds it."""
    link = f", [Exercises]({PAGE}#{anchor})"
    holders = [p for p in [root / qs.REFERENCE, *root.glob("_*/*.qmd")] if link in p.read_text()]
    assert holders, f"no file links {PAGE}#{anchor} the way the breakage expects"
    qs.replace_once(holders[0], link, "")


def _textbook_softplus(root: Path) -> None:
    qs.replace_once(
        root / PAGE,
        "    tail = np.log1p(np.exp(-np.abs(x)))\n    return np.maximum(x, 0) + tail",
        "    return np.log(1 + np.exp(x))",
    )


_BREAKAGES: dict[str, tuple[Callable[[Path], None], Callable[[Path], list[str]], str]] = {
    "too-few-exercises": (
        lambda root: [
            qs.replace_once(root / PAGE, f"{{#{ident} .exercise", f"{{#{ident} .exercize")
            for ident in ("ex-networks-pinn", "ex-networks-int8", "ex-networks-tanh-gain")
        ],
        exercise_problems,
        f"69 exercises, fewer than {MIN_EXERCISES}",
    ),
    "level-unknown": (
        lambda root: qs.replace_once(
            root / PAGE, 'kind="judge" level="2"}', 'kind="judge" level="4"}'
        ),
        planning_problems,
        "level '4' is not one of",
    ),
    "level-unmarked": (
        lambda root: qs.replace_once(
            root / PAGE,
            'level="3"}\n[★★★]{.level role="img" aria-label="Level 3 of 3, challenge"} ',
            'level="3"}\n',
        ),
        planning_problems,
        "shows [], not one mark ★★★",
    ),
    "level-mark-wrong": (
        lambda root: qs.replace_once(
            root / PAGE,
            'level="3"}\n[★★★]{.level role="img" aria-label="Level 3',
            'level="3"}\n[★★]{.level role="img" aria-label="Level 3',
        ),
        planning_problems,
        "not one mark ★★★",
    ),
    "judge-turned-derive": (
        lambda root: qs.replace_once(
            root / PAGE,
            'kind="judge" level="2"}\n[★★]{.level role="img" aria-label="Level 2 of 3, standard"} **Judge.**',
            'kind="derive" level="2"}\n[★★]{.level role="img" aria-label="Level 2 of 3, standard"} **Derive.**',
        ),
        planning_problems,
        "13 judge exercises, fewer than 14",
    ),
    "core-link-broken": (
        lambda root: qs.replace_once(
            root / PAGE, "(#ex-networks-glorot) and [He", "(#ex-networks-glorots) and [He"
        ),
        planning_problems,
        "links #ex-networks-glorots, not a core exercise",
    ),
    "core-unlisted": (
        lambda root: qs.replace_once(
            root / PAGE, "[GLU's gradient](#ex-gated-glu-gradient)", "GLU's gradient"
        ),
        planning_problems,
        "does not link the core exercise #ex-gated-glu-gradient",
    ),
    "core-list-missing": (
        lambda root: qs.replace_once(root / PAGE, "::: {#ex-core}", "::: {#ex-first}"),
        planning_problems,
        "no list of the core exercises",
    ),
    "marks-unexplained": (
        lambda root: qs.replace_once(root / PAGE, "::: {#ex-levels}", "::: {#ex-marks}"),
        planning_problems,
        "no legend of the difficulty marks",
    ),
    "legend-without-a-mark": (
        lambda root: qs.replace_once(
            root / PAGE,
            '- [★★★]{.level role="img" aria-label="Level 3 of 3, challenge"} **challenge**',
            "- **challenge**",
        ),
        planning_problems,
        "#ex-levels: does not explain ★★★",
    ),
    "wrong-number": (
        lambda root: qs.replace_once(root / PAGE, "[0.6]{", "[0.5]{"),
        answer_problems,
        "[mish-grad-0]: states 0.5, mpmath gives 0.6",
    ),
    "rounded-wrongly": (
        lambda root: qs.replace_once(root / PAGE, "0.2785]{.answer", "0.2784]{.answer"),
        answer_problems,
        f"[swish-min]: states {MINUS}0.2784",
    ),
    # The old claims, restored one at a time: each new check fires on it.
    "adam-l2-shrinks-like-sgd": (
        lambda root: qs.replace_once(
            root / PAGE,
            '[87]{.answer key="adam-l2-crossing-steps"}',
            '[69\u202f315]{.answer key="adam-l2-crossing-steps"}',
        ),
        lambda root, key="adam-l2-crossing-steps": answer_problems(root, {key}),
        "[adam-l2-crossing-steps]: states 69",
    ),
    "log-softmax-always-finite": (
        lambda root: qs.replace_once(
            root / PAGE,
            f'[{MINUS}{INFINITY}]{{.answer key="log-softmax-wide-row"',
            f'[{MINUS}1.8 {TIMES} 10³⁰⁸]{{.answer key="log-softmax-wide-row"',
        ),
        lambda root, key="log-softmax-wide-row": answer_problems(root, {key}),
        "[log-softmax-wide-row]: states",
    ),
    "hard-swish-jump-upwards": (
        lambda root: qs.replace_once(
            root / PAGE,
            f'[{MINUS}0.5]{{.answer key="hard-swish-jump-at-3"',
            '[0.5]{.answer key="hard-swish-jump-at-3"',
        ),
        lambda root, key="hard-swish-jump-at-3": answer_problems(root, {key}),
        "[hard-swish-jump-at-3]: states 0.5",
    ),
    "gelu-tanh-constant-from-taylor": (
        lambda root: qs.replace_once(
            root / PAGE,
            '[0.0447149]{.answer key="gelu-tanh-phi-minimax-constant"}',
            '[0.04554]{.answer key="gelu-tanh-phi-minimax-constant"}',
        ),
        lambda root, key="gelu-tanh-phi-minimax-constant": answer_problems(root, {key}),
        "[gelu-tanh-phi-minimax-constant]: states 0.04554",
    ),
    "log-softmax-warns-on-inf-minus-inf": (
        lambda root: qs.replace_once(
            root / PAGE,
            'with np.errstate(over="ignore", invalid="ignore"):',
            'with np.errstate(over="ignore"):',
        ),
        code_problems,
        "log_softmax raised RuntimeWarning('invalid value encountered in subtract')",
    ),
    "glu-bare-index-error": (
        lambda root: qs.replace_once(
            root / PAGE,
            "    x = np.asarray(x)\n    if x.ndim == 0:\n",
            "    x = np.asarray(x)\n    n = x.shape[axis]\n    if x.ndim == 0:\n",
        ),
        code_problems,
        "gated_linear_unit raises a bare IndexError for a 0-d input",
    ),
    "unknown-key": (
        lambda root: qs.replace_once(root / PAGE, 'key="mish-min"', 'key="mish-minimum"'),
        answer_problems,
        "'mish-minimum', which exercise_answers lacks",
    ),
    "overflowing-code": (_textbook_softplus, code_problems, "softplus raised RuntimeWarning"),
    "unchecked-code": (
        lambda root: qs.replace_once(root / PAGE, "def log_sigmoid(x):", "def log_sig(x):"),
        code_problems,
        "defines nothing CODE_CHECKS knows",
    ),
    "missing-entry": (
        lambda root: qs.replace_once(
            root / PAGE, 'activation="mish softplus"', 'activation="mishy"'
        ),
        exercise_problems,
        "names 'mishy', which is not in the registry",
    ),
    "missing-heading": (
        lambda root: qs.replace_once(root / PAGE, "{#ex-arctan}", "{#ex-atan}"),
        coverage_problems,
        "no anchor {#ex-arctan}",
    ),
    "no-see-also-link": (
        lambda root: _drop_see_also_link(root, "ex-mish"),
        coverage_problems,
        "activations.qmd#sec-mish: no link to exercises.qmd#ex-mish",
    ),
    "too-few-for-an-entry": (
        lambda root: qs.replace_once(
            root / PAGE, 'activation="arctan softsign tanh"', 'activation="softsign tanh"'
        ),
        coverage_problems,
        "1 exercises name 'arctan'",
    ),
    "solution-open": (
        lambda root: qs.replace_once(
            root / PAGE, '{.callout-tip collapse="true"}', "{.callout-tip}"
        ),
        exercise_problems,
        "the solution is not collapsed",
    ),
    "no-solution": (
        lambda root: qs.replace_once(
            root / PAGE, '{.callout-tip collapse="true"}', '{.callout-note collapse="true"}'
        ),
        exercise_problems,
        "0 solution callouts",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_exercise_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert exercise_problems(root) == coverage_problems(root) == planning_problems(root) == []
    breaker, check, expected = _BREAKAGES[breakage]
    breaker(root)
    problems = check(root)
    assert any(expected in p for p in problems), problems


def test_a_changed_package_fails_the_answers_that_depend_on_it(monkeypatch) -> None:
    assert answer_problems(qs.ROOT, {"mish-grad-0", "selu-alpha"}) == []
    monkeypatch.setattr(activations, "mish_grad", lambda x: 0.5 + 0 * np.asarray(x))
    monkeypatch.setattr(activations, "SELU_ALPHA", 1.6733 * 1.001)
    problems = answer_problems(qs.ROOT, {"mish-grad-0", "selu-alpha"})
    assert any("[mish-grad-0]: states 0.6, the package gives 0.5" in p for p in problems), problems
    assert any("[selu-alpha]" in p and "the package" in p for p in problems), problems


# --------------------------------------------------------------------------- 6. the slides


def slide_problems(root: Path) -> list[str]:
    """A "Check yourself" slide #check-<group> after each family's last activation slide, with
    two or three answers revealed as fragments; the last slide before the References links the
    exercises."""
    deck = qs.slides(qs.load_page(root / qs.SLIDESHOW))
    position = {slide.ident: i for i, slide in enumerate(deck)}
    problems = []
    for group in GROUPS:
        ident = f"check-{group}"
        if ident not in position:
            problems.append(f"{qs.SLIDESHOW}: no slide #{ident}")
            continue
        members = [e for e in REGISTRY if e.group == group]
        last = max(position.get(f"slide-{e.slug}", -1) for e in members)
        if position[ident] < last:
            problems.append(f"{qs.SLIDESHOW}: #{ident} comes before the family's last slide")
        fragments = qs.divs_with_class(deck[position[ident]].blocks, "fragment")
        if not 2 <= len(fragments) <= 3:
            problems.append(
                f"{qs.SLIDESHOW}#{ident}: {len(fragments)} answers as fragments, not 2-3"
            )
    last = qs.closing_slide(qs.load_page(root / qs.SLIDESHOW))
    links = [e["c"][2][0] for e in qs.walk(last.blocks) if e["t"] == "Link"]
    if not any(url.split("#")[0] == PAGE for url in links):
        problems.append(f"{qs.SLIDESHOW}: the last slide, {last.title!r}, does not link {PAGE}")
    return problems


def test_each_family_ends_with_a_check_yourself_slide() -> None:
    assert slide_problems(qs.ROOT) == []


_SLIDE_BREAKAGES = {
    "renamed": ([("{#check-gated}", "{#check-gates}")], "no slide #check-gated"),
    "answers-shown": (
        [("::: {.fragment}\n→ ¼", "::: {}\n→ ¼")],
        "#check-classic: 1 answers",
    ),
    "unlinked": ([("[Exercises](exercises.qmd)", "Exercises")], "does not link exercises.qmd"),
}


@pytest.mark.parametrize("breakage", sorted(_SLIDE_BREAKAGES))
def test_slide_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert slide_problems(root) == []
    edits, expected = _SLIDE_BREAKAGES[breakage]
    for old, new in edits:
        qs.replace_once(root / qs.SLIDESHOW, old, new)
    problems = slide_problems(root)
    assert any(expected in p for p in problems), problems
