"""The numerical core's docstrings and type hints: numpydoc sections, every parameter described
and annotated, doctests pass.

Each public function of the core modules (functions, derivatives, softmax, gated, parametric,
piecewise) has a summary, Parameters naming every argument of its signature, Returns, Raises and
Examples; all but those of no one paper also have References. Every example in those modules
and in the package docstring runs here as a doctest, so an example that stops being true fails.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
import types
from pathlib import Path

import pytest

import activations

#: The package and its numerical modules, imported by name.
CORE_MODULES = (
    activations,
    *(
        importlib.import_module(f"activations.{name}")
        for name in (
            "classic",
            "rectifiers",
            "smooth",
            "hardware",
            "outputs",
            "gated",
            "parametric",
            "piecewise",
        )
    ),
)
#: Functions with no original paper to cite: the inverse tangent and the log of the sigmoid.
NO_PAPER = {"arctan", "arctan_grad", "log_sigmoid", "log_sigmoid_grad"}
REQUIRED = ("Parameters", "Returns", "Raises", "Examples")
_SECTION = re.compile(r"^(\w+)\n-{3,}$", re.MULTILINE)
_PARAMETER = re.compile(r"^(\w+(?:, \w+)*) :", re.MULTILINE)


def public_functions() -> list[types.FunctionType]:
    found = []
    for module in CORE_MODULES[1:]:
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found.append(value)
    return found


def sections(doc: str) -> dict[str, str]:
    """Section title -> its text, for a numpydoc docstring (as ``inspect.getdoc`` gives it)."""
    marks = list(_SECTION.finditer(doc))
    return {
        m[1]: doc[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(doc)]
        for i, m in enumerate(marks)
    }


def docstring_problems(func: types.FunctionType) -> list[str]:
    doc = inspect.getdoc(func) or ""
    name = func.__name__
    if not doc.strip():
        return [f"{name}: no docstring"]
    found = sections(doc)
    required = REQUIRED if name in NO_PAPER else (*REQUIRED, "References")
    problems = [f"{name}: no {title} section" for title in required if title not in found]
    described = {
        word.strip()
        for line in _PARAMETER.findall(found.get("Parameters", ""))
        for word in line.split(",")
    }
    problems += [
        f"{name}: parameter {parameter!r} is not described"
        for parameter in inspect.signature(func).parameters
        if parameter not in described
    ]
    if ">>> " not in found.get("Examples", ""):
        problems.append(f"{name}: its Examples section holds no example")
    return problems


def annotation_problems(func: types.FunctionType) -> list[str]:
    """Parameters or a return without a type hint (``from __future__ import annotations``
    keeps them as text, so they are read, not evaluated)."""
    signature = inspect.signature(func)
    problems = [
        f"{func.__name__}: parameter {name!r} has no type hint"
        for name, parameter in signature.parameters.items()
        if parameter.annotation is inspect.Parameter.empty
    ]
    if signature.return_annotation is inspect.Signature.empty:
        problems.append(f"{func.__name__}: no return type hint")
    return problems


def run_doctests(tests: list[doctest.DocTest]) -> list[str]:
    """The examples that fail, each reported with what it printed."""
    failures: list[str] = []
    runner = doctest.DocTestRunner(verbose=False)
    for test in tests:
        runner.run(test, out=failures.append)
    return failures


def doctest_failures(module: types.ModuleType) -> list[str]:
    return run_doctests(doctest.DocTestFinder().find(module, module.__name__))


@pytest.mark.parametrize("func", public_functions(), ids=lambda f: f.__name__)
def test_public_function_has_the_numpydoc_sections(func: types.FunctionType) -> None:
    assert docstring_problems(func) == []


@pytest.mark.parametrize("func", public_functions(), ids=lambda f: f.__name__)
def test_public_function_has_type_hints(func: types.FunctionType) -> None:
    assert annotation_problems(func) == []


def test_the_package_is_marked_as_typed() -> None:
    assert (Path(activations.__file__).parent / "py.typed").is_file()


@pytest.mark.parametrize("module", CORE_MODULES, ids=lambda m: m.__name__)
def test_examples_run_as_doctests(module: types.ModuleType) -> None:
    failures = doctest_failures(module)
    assert not failures, "".join(failures)


def test_every_core_module_has_examples() -> None:
    counts = {
        m.__name__: sum(len(t.examples) for t in doctest.DocTestFinder().find(m))
        for m in CORE_MODULES
    }
    assert all(counts.values()), counts


# --------------------------------------------------------------------------- broken copies


def test_section_check_fires_on_a_missing_section_and_an_undescribed_parameter() -> None:
    def broken(x, beta=1.0):
        """Something, with no Raises and no parameter beta.

        Parameters
        ----------
        x : array_like
            Numbers.

        Returns
        -------
        numpy.ndarray
            Numbers.

        Examples
        --------
        >>> 1
        1
        """

    assert docstring_problems(broken) == [
        "broken: no Raises section",
        "broken: no References section",
        "broken: parameter 'beta' is not described",
    ]


def test_type_hint_check_fires_on_a_missing_hint() -> None:
    def broken(x: float, axis=-1):
        return x

    assert annotation_problems(broken) == [
        "broken: parameter 'axis' has no type hint",
        "broken: no return type hint",
    ]


def test_doctest_check_fires_on_a_wrong_output() -> None:
    text = ">>> round(2 / 3, 3)\n0.667\n>>> 1 + 1\n3\n"
    failures = run_doctests([doctest.DocTestParser().get_doctest(text, {}, "broken", None, 0)])
    assert len(failures) == 1 and "Expected:\n    3\nGot:\n    2" in failures[0]
