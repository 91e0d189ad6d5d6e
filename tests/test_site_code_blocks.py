"""The Python snippets on the pages run and compute what the package computes.

Check 4 of issue 4: the code students copy is never wrong. Every ``python`` code block of
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
warning.
"""

from __future__ import annotations

import ast
import functools
import inspect
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import quarto_site as qs
import yaml

import activations

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
        except (qs.PandocError, yaml.YAMLError, TypeError, OSError, UnicodeDecodeError):
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


def _inputs(name: str) -> list[tuple[tuple, dict]]:
    entry = BY_FUNCTION.get(name)
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


@pytest.mark.parametrize("snippet", CALLOUT_SNIPPETS, ids=lambda s: s.label)
def test_callout_snippet_holds_at_extreme_inputs(snippet: Snippet) -> None:
    namespace = _namespace(snippet)
    for name in sorted(defined_names(snippet.code) & PACKAGE.keys()):
        entry = BY_FUNCTION.get(name)
        grid = EXTREME_LOGITS if entry is not None and not entry.elementwise else EXTREMES
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
    section = qs.section_blocks(page.blocks, entry.section_id)
    assert section is not None, f"no section #{entry.section_id}"
    codes = qs.code_blocks(section)
    found = [s for s in SNIPPETS if s.page == page.path and s.code in codes]
    defining = [s for s in found if entry.name in defined_names(s.code)]
    assert defining, (
        f"#{entry.section_id}: no snippet defines {entry.name}() (they define "
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
