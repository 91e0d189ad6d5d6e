"""The Python snippets on the pages run and compute what the package computes.

The code students copy is never wrong. Every ``python`` code block of
every page is executed, warnings as errors, in a fresh namespace that holds ``numpy`` as
``np`` and what the page's earlier snippets defined (the swish snippet may call the
sigmoid snippet, as a reader running the page top to bottom would; a function may also call
one a later snippet defines). Every function a snippet
defines under a name of the package is then compared with the package's function on
``np.linspace(-8, 8, 161)``, with default parameters and with the registry's family values.

Tolerance: ``rtol = 1e-12`` plus ``atol = 1e-12 * max|f|`` over the range, so a wrong
formula, a rounded constant (SELU's lambda to 4 digits) or a wrong default fails, while the
textbook formulas' cancellation in tails far below the curve's scale (``1 + erf(x/sqrt 2)``
near x = -8, about 1e-15) does not; the pages' callouts discuss that loss.

A snippet inside a callout is the page's answer to a textbook formula that overflows or loses
precision, so it must also agree with the package at the extremes (``EXTREMES``), without a
warning; so must the reference sections' snippets that the page presents as numerically careful
(``CAREFUL``). The gated units get inputs of even length along both axes, and their extremes pair
finite values with every gate input. The loss-side snippets, which define no package function,
are checked against mpmath at 50 digits, at extreme logits (``LOSS_CHECKS``).
"""

from __future__ import annotations

import ast
import functools
import inspect
import warnings
from dataclasses import dataclass
from pathlib import Path

import mpmath
import numpy as np
import pytest
import quarto_site as qs
import yaml

import activations
from activations.site.pages import PAGES

X = np.linspace(-8.0, 8.0, 161)
RTOL = 1e-12
#: Finite extremes for the callouts' "does not overflow" versions: around the overflow of exp
#: (709.78) and the end of its subnormal range (745.13), huge and tiny magnitudes, signed zeros,
#: the infinities and NaN; with default parameters and the registry's family values.
_MAGNITUDES = (1e-300, 1.0, 30.0, 100.0, 709.8, 720.0, 745.2, 1000.0, 1e10, 1e308)
EXTREMES = np.array([-0.0, 0.0, *(-m for m in _MAGNITUDES), *_MAGNITUDES, -np.inf, np.inf, np.nan])
EXTREME_LOGITS = np.array(
    [[-1e308, 0.0, 1e308], [1000.0, 1000.0, -1000.0], [-800.0, -800.0, -799.0]]
)
#: Below the normal range only a few significant bits remain: allow the subnormal rounding.
SUBNORMAL_ATOL = 1e-320
PACKAGE = {name: getattr(activations, name) for name in activations.__all__}
BY_FUNCTION = {
    **{a.name: a for a in activations.ACTIVATIONS.values()},
    **{f"{a.name}_grad": a for a in activations.ACTIVATIONS.values()},
}


@dataclass(frozen=True)
class Snippet:
    """One python code block: where it is and its source."""

    page: Path
    number: int
    code: str

    @property
    def label(self) -> str:
        names = sorted(defined_names(self.code)) or ["no-def"]
        return f"{self.page.name}#{self.number}:{'+'.join(names)}"


def defined_names(code: str) -> set[str]:
    """Names of the functions a snippet defines at top level."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _parsed_pages() -> list[qs.Page]:
    """Pages that parse; a page that does not is reported by test_site_pages, and must not
    stop the collection of every other test."""
    pages = []
    for path in qs.page_paths():
        try:
            pages.append(qs.load_page(path))
        except (
            qs.PandocError,
            qs.IncludeError,
            yaml.YAMLError,
            TypeError,
            OSError,
            UnicodeDecodeError,
        ):
            continue
    return pages


def _snippets() -> list[Snippet]:
    found = []
    for page in _parsed_pages():
        for number, code in enumerate(qs.code_blocks(page.blocks), start=1):
            found.append(Snippet(page.path, number, code))
    return found


SNIPPETS = _snippets()
COMPARABLE = [s for s in SNIPPETS if defined_names(s.code) & PACKAGE.keys()]


def _in_callouts() -> list[Snippet]:
    found = []
    for path in {s.page for s in COMPARABLE}:
        page = qs.load_page(path)
        callouts = [
            e
            for e in qs.walk(page.blocks)
            if e["t"] == "Div" and any(c.startswith("callout") for c in e["c"][0][1])
        ]
        codes = {code for div in callouts for code in qs.code_blocks(div)}
        found += [s for s in COMPARABLE if s.page == path and s.code in codes]
    return sorted(found, key=lambda s: (s.page.name, s.number))


#: The callouts' alternatives to a textbook formula that overflows or loses precision.
CALLOUT_SNIPPETS = _in_callouts()


@functools.cache
def _run_page(page: Path) -> dict[int, dict | BaseException]:
    """Execute a page's snippets: number -> namespace, or the exception raised.

    Each runs in a fresh namespace with ``np`` and what earlier snippets defined; afterwards
    a name a function needs from a later snippet (Mish's ``softplus``) is filled in, as for
    a reader who copies both.
    """
    carried: dict = {}
    results: dict[int, dict | BaseException] = {}
    for snippet in (s for s in SNIPPETS if s.page == page):
        namespace = {"np": np, "__name__": "snippet", **carried}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                exec(compile(snippet.code, snippet.label, "exec"), namespace)  # noqa: S102 the test's purpose
        except Exception as exc:  # noqa: BLE001 reported by the test of this snippet
            results[snippet.number] = exc
            continue
        results[snippet.number] = namespace
        carried.update({k: v for k, v in namespace.items() if not k.startswith("__")})
    for namespace in results.values():
        if isinstance(namespace, dict):
            for name, value in carried.items():
                namespace.setdefault(name, value)
    return results


def _namespace(snippet: Snippet) -> dict:
    result = _run_page(snippet.page)[snippet.number]
    if isinstance(result, BaseException):
        pytest.fail(f"{snippet.label} raised {result!r}")
    return result


def _compare(
    snippet: Snippet, name: str, mine, theirs, args: tuple, kwargs: dict, atol: float | None = None
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = np.asarray(mine(*args, **kwargs), dtype=float)
    expected = np.asarray(theirs(*args, **kwargs), dtype=float)
    assert got.shape == expected.shape, f"{name}{kwargs}: shape {got.shape} != {expected.shape}"
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    np.testing.assert_allclose(
        got,
        expected,
        rtol=RTOL,
        atol=RTOL * scale if atol is None else atol,
        err_msg=f"{snippet.label}: {name}(x, {kwargs}) differs from activations.{name}",
    )


#: A gated unit splits its input in halves along ``axis``: a grid of even length along both axes.
GATED_GRID = np.linspace(-8.0, 8.0, 14 * 46).reshape(14, 46)


def _is_gated(name: str) -> bool:
    entry = BY_FUNCTION.get(name)
    return entry is not None and bool(entry.gate)


def _inputs(name: str) -> list[tuple[tuple, dict]]:
    entry = BY_FUNCTION.get(name)
    if _is_gated(name):
        return [((GATED_GRID,), {}), ((GATED_GRID,), {"axis": 0})]
    if entry is not None and not entry.elementwise:
        grid = X.reshape(7, 23)
        return [((grid,), {}), ((grid,), {"axis": 0})]
    calls: list[tuple[tuple, dict]] = [((X,), {})]
    if entry is not None and entry.params and entry.family:
        parameter = next(iter(entry.params))
        calls += [((X,), {parameter: value}) for value in entry.family]
    return calls


def test_the_pages_have_snippets() -> None:
    pages = {s.page.name for s in SNIPPETS}
    assert qs.REFERENCE in pages, f"no python code block in {qs.REFERENCE}"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: s.label)
def test_snippet_runs_without_warnings(snippet: Snippet) -> None:
    _namespace(snippet)


@pytest.mark.parametrize("snippet", COMPARABLE, ids=lambda s: s.label)
def test_snippet_agrees_with_the_package(snippet: Snippet) -> None:
    namespace = _namespace(snippet)
    for name in sorted(defined_names(snippet.code) & PACKAGE.keys()):
        mine = namespace[name]
        parameters = inspect.signature(mine).parameters
        for args, kwargs in _inputs(name):
            if set(kwargs) <= set(parameters):
                _compare(snippet, name, mine, PACKAGE[name], args, kwargs)


#: The reference sections' snippets the page presents as computing with care: they must hold at
#: the extremes, as the callouts' snippets do.
CAREFUL = frozenset(
    {"relu6", "hard_sigmoid", "hard_swish", "celu", "squareplus", "log_sigmoid", "log_softmax"}
    | {"glu", "reglu", "geglu", "swiglu"}
)
#: Values paired with every extreme gate input. Not paired: a value of +-inf (times a closed gate
#: it has no limit), a huge value with a huge gate input (the product overflows, in the package
#: too), and a zero value with an infinite gate input, which the snippets compute as 0 * inf = NaN
#: (the page says so) and the package as the limit 0.
_GATE_VALUES = (-1.0, -0.5, -1e-300, 1e-300, 0.5, 1.0)
_PAIRS = [(a, b) for a in _GATE_VALUES for b in EXTREMES]
_PAIRS += [(a, b) for a in (-0.0, 0.0) for b in EXTREMES if np.isfinite(b) or np.isnan(b)]
GATED_EXTREMES = np.concatenate([[a for a, _ in _PAIRS], [b for _, b in _PAIRS]])
#: Logits far apart but finite, where the log-softmax snippet neither overflows nor takes log 0.
EXTREME_LOG_LOGITS = np.array(
    [[1000.0, 1000.0, -1000.0], [-800.0, -800.0, -799.0], [0.0, 1e300, -1e300]]
)


def _extreme_grid(name: str) -> np.ndarray:
    entry = BY_FUNCTION.get(name)
    if _is_gated(name):
        return GATED_EXTREMES
    if name == "log_softmax":
        return EXTREME_LOG_LOGITS
    return EXTREME_LOGITS if entry is not None and not entry.elementwise else EXTREMES


def _extreme_problems(snippet: Snippet, namespace: dict) -> list[str]:
    problems = []
    for name in sorted(defined_names(snippet.code) & PACKAGE.keys()):
        grid = _extreme_grid(name)
        calls = [((grid,), kwargs) for _, kwargs in _inputs(name) if "axis" not in kwargs]
        parameters = inspect.signature(namespace[name]).parameters
        for args, kwargs in calls:
            if set(kwargs) <= set(parameters):
                try:
                    _compare(
                        snippet, name, namespace[name], PACKAGE[name], args, kwargs, SUBNORMAL_ATOL
                    )
                except (AssertionError, RuntimeWarning) as exc:
                    problems.append(f"{name}{kwargs}: {str(exc).strip().splitlines()[0]}")
    return problems


def _careful_snippets() -> list[Snippet]:
    page = qs.ROOT / qs.REFERENCE
    return [
        s
        for s in COMPARABLE
        if s.page == page and defined_names(s.code) & CAREFUL and s not in CALLOUT_SNIPPETS
    ]


CAREFUL_SNIPPETS = _careful_snippets()


def test_every_careful_function_has_a_snippet() -> None:
    defined = set().union(*(defined_names(s.code) for s in CAREFUL_SNIPPETS))
    assert defined >= CAREFUL, f"no reference snippet defines {sorted(CAREFUL - defined)}"


@pytest.mark.parametrize("snippet", CAREFUL_SNIPPETS, ids=lambda s: s.label)
def test_careful_reference_snippet_holds_at_extreme_inputs(snippet: Snippet) -> None:
    assert _extreme_problems(snippet, _namespace(snippet)) == []


#: Textbook versions the extreme check must reject: each overflows, warns or loses a tail.
_CARELESS = {
    "hard_swish": "def hard_swish(x):\n    return x * np.clip(x + 3, 0, 6) / 6\n",
    "squareplus": "def squareplus(x, b=4.0):\n    return (x + np.sqrt(x * x + b)) / 2\n",
    "log_sigmoid": "def log_sigmoid(x):\n    return -np.log1p(np.exp(-x))\n",
    "swiglu": (
        "def swiglu(x, axis=-1):\n    a, b = np.split(x, 2, axis)\n"
        "    return a * b / (1 + np.exp(-b))\n"
    ),
}


@pytest.mark.parametrize("name", sorted(_CARELESS))
def test_extreme_check_rejects_a_textbook_snippet(name: str) -> None:
    code = _CARELESS[name]
    namespace = {"np": np, "__name__": "snippet"}
    exec(code, namespace)  # noqa: S102 the snippet under test
    problems = _extreme_problems(Snippet(qs.ROOT / qs.REFERENCE, 0, code), namespace)
    assert problems, f"the careless {name} passed the extreme check"


@pytest.mark.parametrize("snippet", CALLOUT_SNIPPETS, ids=lambda s: s.label)
def test_callout_snippet_holds_at_extreme_inputs(snippet: Snippet) -> None:
    namespace = _namespace(snippet)
    for name in sorted(defined_names(snippet.code) & PACKAGE.keys()):
        grid = _extreme_grid(name)
        calls = [((grid,), kwargs) for _, kwargs in _inputs(name) if "axis" not in kwargs]
        parameters = inspect.signature(namespace[name]).parameters
        for args, kwargs in calls:
            if set(kwargs) <= set(parameters):
                _compare(
                    snippet, name, namespace[name], PACKAGE[name], args, kwargs, SUBNORMAL_ATOL
                )


#: Swish's beta across the positive doubles, beyond the registry's family: the callout's claim
#: is that its snippet gives the package's values at the extremes for every beta > 0.
SWISH_BETAS = (1e-300, 1e-10, 2.0, 1e8, 1e10, 1e300)
#: The callout's earlier version, which clipped x to +-1e300 "to keep beta x finite": it warns
#: for beta > 1.8e8 and is wrong for tiny beta at |x| > 1e300 (the check must reject it).
CLIPPED_SWISH = """
import numpy as np

def swish(x, beta=1.0):
    z = beta * np.clip(x, -1e300, 1e300)
    t = np.exp(-np.abs(z))
    gate = np.where(z >= 0, 1, t) / (1 + t)
    return np.maximum(x, -np.finfo(np.float64).max) * gate
"""


def _swish_problems(snippet: Snippet, swish) -> list[str]:
    problems = []
    for beta in SWISH_BETAS:
        try:
            args, kwargs = (EXTREMES,), {"beta": beta}
            _compare(snippet, "swish", swish, PACKAGE["swish"], args, kwargs, SUBNORMAL_ATOL)
        except (AssertionError, RuntimeWarning) as exc:
            problems.append(f"beta={beta:g}: {str(exc).strip().splitlines()[0]}")
    return problems


def test_callout_swish_holds_for_every_positive_beta() -> None:
    found = [s for s in CALLOUT_SNIPPETS if "swish" in defined_names(s.code)]
    assert found, "no callout snippet defines swish"
    for snippet in found:
        assert _swish_problems(snippet, _namespace(snippet)["swish"]) == []


def test_swish_beta_check_rejects_the_clipped_snippet() -> None:
    namespace = {"__name__": "snippet"}
    exec(CLIPPED_SWISH, namespace)  # noqa: S102 the snippet under test
    snippet = Snippet(qs.ROOT / qs.REFERENCE, 0, CLIPPED_SWISH)
    problems = _swish_problems(snippet, namespace["swish"])
    assert any(p.startswith("beta=1e-300") for p in problems), problems
    assert any(p.startswith("beta=1e+10") for p in problems), problems


@pytest.mark.parametrize("entry", activations.ACTIVATIONS.values(), ids=lambda a: a.name)
def test_reference_snippet_defines_the_activation_with_its_defaults(
    entry: activations.Activation,
) -> None:
    page = qs.load_page(qs.ROOT / qs.REFERENCE)
    section_id = PAGES[entry.name].section_id
    section = qs.section_blocks(page.blocks, section_id)
    assert section is not None, f"no section #{section_id}"
    codes = qs.code_blocks(section)
    found = [s for s in SNIPPETS if s.page == page.path and s.code in codes]
    defining = [s for s in found if entry.name in defined_names(s.code)]
    assert defining, (
        f"#{section_id}: no snippet defines {entry.name}() (they define "
        f"{sorted(set().union(*(defined_names(s.code) for s in found)))}), so nothing checks "
        "its code against the package"
    )
    parameters = inspect.signature(_namespace(defining[0])[entry.name]).parameters
    expected = dict(entry.params) | ({} if entry.elementwise else {"axis": -1})
    for parameter, default in expected.items():
        assert parameter in parameters, f"{entry.name} snippet has no parameter {parameter!r}"
        assert parameters[parameter].default == default, (
            f"{entry.name} snippet: {parameter}={parameters[parameter].default!r}, "
            f"the package's default is {default!r}"
        )


# --------------------------------------------------------------------------- loss-side snippets

MP = mpmath.mp.clone()
MP.dps = 50
EPS = float(np.finfo(np.float64).eps)
#: Finite logits from the largest double down, through the overflow edges of exp.
LOSS_LOGITS = (-1e308, -1000.0, -745.2, -720.0, -40.0, -1.0, -1e-300, -0.0)
LOSS_LOGITS = (*LOSS_LOGITS, *(-z for z in reversed(LOSS_LOGITS)))
#: Rows of logits: far apart, nearly equal and large, one confidently wrong pair.
LOSS_ROWS = (
    (1000.0, -1000.0, 0.0),
    (-800.0, -800.0, -799.0),
    (1e300, 0.0, -1e300),
    (20.0, 0.0),
    (0.0, 0.0, 0.0, 0.0),
)


def _mp_log_sigmoid(z: float):
    return -MP.log1p(MP.exp(-MP.mpf(z)))


def _mp_logsumexp(row) -> object:
    return MP.log(MP.fsum(MP.exp(MP.mpf(v)) for v in row))


def _bce_problems(f) -> list[str]:
    problems = []
    for z in LOSS_LOGITS:
        for y in (0.0, 1.0):
            exact = -y * _mp_log_sigmoid(z) - (1 - y) * _mp_log_sigmoid(-z)
            got = float(f(np.float64(z), y))
            if not abs(got - float(exact)) <= 4 * EPS * abs(float(exact)) + SUBNORMAL_ATOL:
                problems.append(f"bce_with_logits({z}, {y}) = {got!r}, not {float(exact)!r}")
    return problems


def _cross_entropy_problems(f) -> list[str]:
    # A difference lse - z_c: within a few ulps of the larger of the two terms.
    problems = []
    for row in LOSS_ROWS:
        for c in range(len(row)):
            exact = _mp_logsumexp(row) - MP.mpf(row[c])
            got = float(f(np.array(row), c))
            scale = max(1.0, max(abs(v) for v in row))
            if not abs(got - float(exact)) <= 8 * EPS * scale:
                problems.append(f"cross_entropy({row}, {c}) = {got!r}, not {float(exact)!r}")
    return problems


def _cross_entropy_grad_problems(f) -> list[str]:
    problems = []
    for row in LOSS_ROWS:
        for c in range(len(row)):
            lse = _mp_logsumexp(row)
            exact = [MP.exp(MP.mpf(v) - lse) - (1 if k == c else 0) for k, v in enumerate(row)]
            got = np.asarray(f(np.array(row), c), dtype=float)
            if not np.max(np.abs(got - np.array([float(e) for e in exact]))) <= 4 * EPS:
                problems.append(f"cross_entropy_grad({row}, {c}) = {got}")
    return problems


def _online_logsumexp_problems(f) -> list[str]:
    problems = []
    for row in (*LOSS_ROWS, tuple(np.linspace(-50.0, 50.0, 101)), (3.0,)):
        exact = float(_mp_logsumexp(row))
        got = float(f(np.array(row)))
        if not abs(got - exact) <= 8 * EPS * max(1.0, abs(exact)):
            problems.append(f"online_logsumexp({row[:3]}...) = {got!r}, not {exact!r}")
    # Infinite inputs as scipy's logsumexp treats them: +inf wins, -inf adds nothing.
    for row, exact in (((1.0, np.inf, -np.inf), np.inf), ((-np.inf, 0.0), 0.0)):
        got = float(f(np.array(row)))
        if got != exact:
            problems.append(f"online_logsumexp({row}) = {got!r}, not {exact!r}")
    return problems


def _ffn_swiglu_problems(f) -> list[str]:
    # Shazeer's FFN_SwiGLU(x) = (Swish_1(xW) * xV) W2, written out with the package's silu.
    rng = np.random.default_rng(0)
    x, w, v, w2 = (rng.standard_normal(shape) for shape in ((4, 6), (6, 5), (6, 5), (5, 6)))
    expected = (activations.silu(x @ w) * (x @ v)) @ w2
    got = f(x, w, v, w2)
    if not np.allclose(got, expected, rtol=1e-12, atol=1e-12):
        return [f"ffn_swiglu differs from (silu(xW) * xV) W2 by {np.max(np.abs(got - expected))}"]
    return []


#: Snippets that define no package function, each with its independent check.
LOSS_CHECKS = {
    "bce_with_logits": _bce_problems,
    "cross_entropy": _cross_entropy_problems,
    "cross_entropy_grad": _cross_entropy_grad_problems,
    "online_logsumexp": _online_logsumexp_problems,
    "ffn_swiglu": _ffn_swiglu_problems,
}


def _defining(name: str) -> Snippet:
    found = [s for s in SNIPPETS if s.page.name == qs.REFERENCE and name in defined_names(s.code)]
    assert found, f"no snippet of {qs.REFERENCE} defines {name}()"
    return found[0]


@pytest.mark.parametrize("name", sorted(LOSS_CHECKS))
def test_loss_side_snippet_is_exact_at_extreme_logits(name: str) -> None:
    function = _namespace(_defining(name))[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert LOSS_CHECKS[name](function) == []


#: Versions the loss checks must reject: the textbook formulas, and the wrong gate.
_WRONG_LOSS = {
    "bce_with_logits": "def f(z, y):\n    s = 1 / (1 + np.exp(-z))\n"
    "    return -y * np.log(s) - (1 - y) * np.log(1 - s)\n",
    "cross_entropy": "def f(z, c):\n    return -np.log(np.exp(z[c]) / np.sum(np.exp(z)))\n",
    "cross_entropy_grad": "def f(z, c):\n    s = np.exp(z) / np.sum(np.exp(z))\n"
    "    s[c] -= 1\n    return s\n",
    "online_logsumexp": "def f(xs):\n    return np.log(np.sum(np.exp(xs)))\n",
    "ffn_swiglu": "def f(x, W, V, W2):\n    h = np.concatenate([x @ W, x @ V], axis=-1)\n"
    "    return activations.swiglu(h) @ W2\n",
}


@pytest.mark.parametrize("name", sorted(_WRONG_LOSS))
def test_loss_checks_reject_the_textbook_versions(name: str) -> None:
    namespace = {"np": np, "activations": activations}
    exec(_WRONG_LOSS[name], namespace)  # noqa: S102 the version under test
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            problems = LOSS_CHECKS[name](namespace["f"])
        except (ValueError, OverflowError, FloatingPointError) as exc:
            problems = [repr(exc)]
    assert problems, f"the textbook {name} passed its check"
