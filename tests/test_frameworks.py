"""frameworks.qmd's tables hold for the installed JAX and Keras.

The page is the data: its pipe tables, parsed by the real pandoc (``quarto_site``), are what
a reader sees and what these tests check, so the two cannot drift apart. In the frameworks
table (``#tbl-frameworks``) each row names a function of the package; each JAX or Keras cell is

* ``—`` (no such function), or
* a code span ``name(x, kw=default, ...)``, the framework's function with the defaults the page
  claims it declares (a bare name lives in the column's module, ``jax.nn`` or
  ``keras.activations``; a dotted one is imported as written), optionally followed by
  "pass ``kw=value``": what to pass so that it computes the package's function.

Every stated default is checked with ``inspect.signature``, and every mapped function, called
with its real defaults plus the passed arguments, is compared with the package's function on a
grid with tails. Keras runs on the JAX backend (``KERAS_BACKEND=jax``, set before Keras is
imported) with JAX's 64-bit mode on, so the comparison is in float64 wherever Keras keeps float64
(it does not for two functions, which the page says and a test checks). PyTorch is not
installed (its wheels are too large for a test dependency): its column must cite PyTorch's
documentation on every row.

Every row maps a registry entry, and the package's own function is the reference.

The third table (``#tbl-frameworks-more``) lists PyTorch activations the package lacks. Its
reference is PyTorch's documented definition written in NumPy here (``MORE_DEFINITIONS``); its
JAX and Keras cells are checked as above, and its PyTorch cells, which cite the documentation,
are also run where PyTorch is installed (requirements-torch.txt).
"""

from __future__ import annotations

import os

os.environ["KERAS_BACKEND"] = "jax"

import ast
import importlib
import inspect
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import quarto_site as qs

import activations
from activations.site.pages import PAGES

# The tables are checked against the real JAX and Keras; where they are not installed the module
# skips (the e2e suite), instead of failing every other suite's collection.
jax = pytest.importorskip("jax")
jax.config.update("jax_enable_x64", True)
keras = pytest.importorskip("keras")

PAGE = qs.ROOT / "frameworks.qmd"
MODELS_TABLE = "tbl-models"
FRAMEWORKS_TABLE = "tbl-frameworks"
#: The models the first table must cover.
MODELS = (
    "BERT",
    "GPT-2",
    "T5",
    "T5 v1.1",
    "PaLM",
    "LLaMA",
    "Mistral 7B",
    "Gemma",
    "Qwen",
    "ViT",
    "ConvNeXt",
    "ResNet",
    "MobileNetV2",
    "MobileNetV3",
    "EfficientNet",
)
PYTORCH_DOCS = "https://docs.pytorch.org/docs/stable/"


#: Elementwise grid: the core, where a wrong default or the other GELU form differs by far more
#: than the tolerance, and tails through exp's float64 overflow (709.78) and underflow (745.13).
_TAILS = np.array([15.0, 20.0, 30.0, 50.0, 100.0, 300.0, 700.0, 709.8, 710.0, 745.2, 800.0, 1e4])
GRID = np.concatenate([np.linspace(-12.0, 12.0, 4801), _TAILS, -_TAILS, [0.0, -0.0, 1e-300]])
#: Rows of logits (even length, for the gated units), including large and spread-out ones.
LOGITS = np.stack(
    [
        np.linspace(-12.0, 12.0, 8),
        np.linspace(-800.0, 800.0, 8),
        np.full(8, 3.0),
        np.array([1e4, -1e4, 0.5, -0.5, 700.0, -700.0, 30.0, -30.0]),
    ]
)
#: Tolerance, in units of the result dtype's eps: |got - ref| <= K eps (|ref| + max(1, |x|)).
#: The check tells functions apart; it does not grade the frameworks' accuracy (the accuracy
#: suite does that for the package). A wrong default or the other GELU form is off by far more
#: than 1e-4 somewhere in [-12, 12], where the bound is below 2e-13 in float64. The frameworks'
#: own rounding stays well inside it (measured: at most 6e-15 absolute in float64), and so does
#: their cancellation in the tails: a formula that adds numbers of size |x| may lose eps |x|,
#: as JAX's squareplus (x + sqrt(x^2 + b)) / 2 does for large negative x.
K_EPS = 64
#: Functions Keras 3.15.1 computes in float32 for a float64 input (frameworks.qmd says so).
KERAS_FLOAT32 = {"tanh", "arctan"}


# --------------------------------------------------------------------------- reading the page


@dataclass(frozen=True)
class Cell:
    """One JAX or Keras cell that maps a package function to a framework function."""

    row: str
    framework: str
    path: str
    declared: dict = field(default_factory=dict)
    passed: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.row}-{self.framework.split()[0]}"


def _table(path: Path, ident: str) -> dict:
    tables = [
        e for e in qs.walk(qs.load_page(path).blocks) if e["t"] == "Table" and e["c"][0][0] == ident
    ]
    assert len(tables) == 1, f"{path.name}: {len(tables)} tables labelled #{ident}"
    return tables[0]


def _rows(table: dict) -> tuple[list, list[list]]:
    """Header cells and body rows of a pandoc Table, each cell a list of blocks."""
    head = [cell[4] for cell in table["c"][3][1][0][1]]
    body = [[cell[4] for cell in row[1]] for body in table["c"][4] for row in body[3]]
    return head, body


def _codes(blocks: list) -> list[tuple[str, bool]]:
    """The code spans of a cell, each with whether the word 'pass' came just before it."""
    found, after_pass = [], False
    for element in qs.walk(blocks):
        if element["t"] == "Code":
            found.append((element["c"][1], after_pass))
            after_pass = False
        elif element["t"] == "Str" and element["c"] in ("pass", "pass:"):
            after_pass = True
    return found


def _keywords(source: str) -> dict:
    call = ast.parse(f"f({source})", mode="eval").body
    assert isinstance(call, ast.Call) and not call.args, f"not keyword arguments: {source!r}"
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords}


def _parse_cell(row: str, framework: str, module: str, blocks: list) -> Cell | None:
    text = qs.stringify(blocks).strip()
    if text.startswith("—"):
        return None
    codes = _codes(blocks)
    assert codes, f"{framework} cell of {row!r} is neither '—' nor a code span: {text!r}"
    call = ast.parse(codes[0][0], mode="eval").body
    assert isinstance(call, ast.Call), f"{row}/{framework}: {codes[0][0]!r} is not a call"
    name = ast.unparse(call.func)
    positional = [ast.unparse(a) for a in call.args]
    assert positional == ["x"], f"{row}/{framework}: {codes[0][0]!r} should take x first"
    declared = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    passed = {}
    for source, after_pass in codes[1:]:
        if after_pass:
            passed.update(_keywords(source))
    path = name if "." in name else f"{module}.{name}"
    return Cell(row, framework, path, declared, passed)


def framework_table(path: Path = PAGE) -> tuple[list[str], dict[str, list], list[Cell]]:
    """Row names in order, the PyTorch cell of each row, and every mapped JAX/Keras cell."""
    head, body = _rows(_table(path, FRAMEWORKS_TABLE))
    titles = [qs.stringify(h).strip() for h in head]
    modules = {}
    for index, title in enumerate(titles):
        if title.startswith(("JAX", "Keras")):
            codes = _codes(head[index])
            assert codes, f"header {title!r} names no module in a code span"
            modules[index] = (title.split(" (")[0], codes[0][0])
    assert {m[0] for m in modules.values()} == {"JAX", "Keras 3"}, titles
    torch_column = next(i for i, t in enumerate(titles) if t.startswith("PyTorch"))
    names, torch_cells, cells = [], {}, []
    for row in body:
        name = qs.stringify(row[0]).strip()
        names.append(name)
        torch_cells[name] = row[torch_column]
        for index, (framework, module) in modules.items():
            cell = _parse_cell(name, framework, module, row[index])
            if cell is not None:
                cells.append(cell)
    return names, torch_cells, cells


def resolve(path: str) -> Callable:
    module, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def reference(name: str) -> tuple[Callable, bool]:
    """The package's function and whether it is elementwise."""
    entry = activations.ACTIVATIONS[name]
    return entry.function, entry.elementwise


# --------------------------------------------------------------------------- checks


def coverage_problems(path: Path = PAGE) -> list[str]:
    names, _, _ = framework_table(path)
    problems = [
        f"{n!r} has more than one row" for n in sorted({n for n in names if names.count(n) > 1})
    ]
    problems += [
        f"registry entry {n!r} has no row in the frameworks table"
        for n in activations.ACTIVATIONS
        if n not in names
    ]
    problems += [
        f"the frameworks table maps {n!r}, which is not in the package's registry"
        for n in names
        if n not in activations.ACTIVATIONS
    ]
    return problems


def signature_problems(cell: Cell) -> list[str]:
    try:
        function = resolve(cell.path)
    except (ImportError, AttributeError):
        return [f"{cell.label}: {cell.path} does not exist"]
    if not cell.declared and not cell.passed:
        return []
    parameters = inspect.signature(function).parameters
    problems = [
        f"{cell.label}: {cell.path} has no parameter {keyword!r}"
        for keyword in {**cell.declared, **cell.passed}
        if keyword not in parameters
    ]
    for keyword, value in cell.declared.items():
        if keyword not in parameters:
            continue
        actual = parameters[keyword].default
        if actual != value or isinstance(actual, bool) != isinstance(value, bool):
            problems.append(
                f"{cell.label}: the page says {cell.path} defaults to {keyword}={value!r}, "
                f"it declares {keyword}={actual!r}"
            )
    return problems


def value_problems(cell: Cell) -> list[str]:
    ours, elementwise = reference(cell.row)
    grid = GRID if elementwise else LOGITS
    theirs = resolve(cell.path)
    got = np.asarray(theirs(grid, **cell.passed))
    expected = np.asarray(ours(grid), dtype=float)
    float32 = cell.framework.startswith("Keras") and cell.row in KERAS_FLOAT32
    dtype = np.float32 if float32 else np.float64
    if got.dtype != dtype:
        return [
            f"{cell.label}: {cell.path} returned {got.dtype} for float64 input, not {dtype.__name__}"
        ]
    if got.shape != expected.shape:
        return [f"{cell.label}: shape {got.shape}, the package's is {expected.shape}"]
    size = np.abs(grid) if elementwise else np.abs(grid).max(axis=-1, keepdims=True)
    scale = np.abs(expected) + np.maximum(1.0, size)
    error = np.abs(got.astype(float) - expected)
    bad = ~(error <= K_EPS * np.finfo(dtype).eps * scale)
    if not bad.any():
        return []
    i = np.flatnonzero(bad.ravel())[0]
    call = f"{cell.path}(x{''.join(f', {k}={v!r}' for k, v in cell.passed.items())})"
    where = f"x = {grid.ravel()[i]!r}: " if elementwise else ""
    message = (
        f"{cell.label}: {call} differs from activations.{cell.row} at {bad.sum()} of {bad.size} "
        f"points, e.g. {where}{got.ravel()[i]!r} != {expected.ravel()[i]!r}"
    )
    return [message]


def torch_citation_problems(path: Path = PAGE) -> list[str]:
    _, torch_cells, _ = framework_table(path)
    problems = []
    for name, blocks in torch_cells.items():
        links = [e["c"][2][0] for e in qs.walk(blocks) if e["t"] == "Link"]
        if not any(url.startswith(PYTORCH_DOCS) for url in links):
            problems.append(f"the PyTorch cell of {name!r} cites no page under {PYTORCH_DOCS}")
    return problems


def model_problems(path: Path = PAGE) -> list[str]:
    """Every model has a row; its Paper cell cites the model's paper with a ``@key`` of
    references.bib (or says "none", for a release without a paper of its own); its Source cell is
    exactly one https link to the code or files that show the activation, or "the paper" when
    the cited paper shows it; its Biases cell says yes or no and cites one https source."""
    head, body = _rows(_table(path, MODELS_TABLE))
    columns = [qs.stringify(cell) for cell in head]
    model, paper, source, biases = (
        columns.index(c) for c in ("Model", "Paper", "Source", "Biases")
    )
    problems, seen = [], set()
    for row in body:
        name = qs.stringify(row[model])
        seen.add(name)
        cited = [
            c["citationId"] for e in qs.walk(row[paper]) if e["t"] == "Cite" for c in e["c"][0]
        ]
        if len(cited) != 1 and not qs.stringify(row[paper]).startswith("none"):
            problems.append(f"{name}: the Paper cell cites {cited}, not one paper or 'none'")
        links = [e["c"][2][0] for e in qs.walk(row[source]) if e["t"] == "Link"]
        by_paper = qs.stringify(row[source]) == "the paper" and len(cited) == 1
        if not by_paper and (len(links) != 1 or not links[0].startswith("https://")):
            problems.append(f"{name}: cites {links}, not exactly one https source")
        links = [e["c"][2][0] for e in qs.walk(row[biases]) if e["t"] == "Link"]
        if len(links) != 1 or not links[0].startswith("https://"):
            problems.append(f"{name}: its Biases cell cites {links}, not one https source")
        if qs.stringify(row[biases]).split()[0].strip(",;") not in ("yes", "no"):
            problems.append(f"{name}: its Biases cell does not start with yes or no")
    return problems + [f"no row for {m} in the models table" for m in MODELS if m not in seen]


# --------------------------------------------------------------------------- tests

NAMES, _, CELLS = framework_table()


def test_keras_runs_on_jax_with_64_bit_floats() -> None:
    assert keras.backend.backend() == "jax"
    assert np.asarray(jax.numpy.ones(1)).dtype == np.float64


def test_every_registry_entry_has_one_row_and_every_row_a_function() -> None:
    problems = coverage_problems()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: c.label)
def test_stated_defaults_are_the_frameworks(cell: Cell) -> None:
    problems = signature_problems(cell)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: c.label)
def test_mapped_function_computes_the_packages(cell: Cell) -> None:
    problems = value_problems(cell)
    assert not problems, "\n".join(problems)


def test_every_pytorch_cell_cites_pytorchs_documentation() -> None:
    problems = torch_citation_problems()
    assert not problems, "\n".join(problems)


def test_models_table_has_every_model_with_one_source() -> None:
    problems = model_problems()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the pitfalls


def _default(function: Callable, parameter: str):
    return inspect.signature(function).parameters[parameter].default


def test_pitfall_defaults_the_page_names() -> None:
    assert _default(jax.nn.gelu, "approximate") is True
    assert _default(keras.activations.gelu, "approximate") is False
    assert _default(keras.ops.gelu, "approximate") is True
    assert _default(jax.nn.leaky_relu, "negative_slope") == 0.01
    assert _default(keras.activations.leaky_relu, "negative_slope") == 0.2
    assert _default(keras.ops.leaky_relu, "negative_slope") == 0.2
    assert _default(keras.layers.LeakyReLU, "negative_slope") == 0.3


def test_pitfall_keras_hard_sigmoid_is_the_new_one_and_its_ops_docstring_the_old() -> None:
    x = np.array([-3.0, -2.5, -1.0, 0.0, 1.0, 2.5, 3.0])
    keras3 = np.clip(x + 3.0, 0.0, 6.0) / 6.0
    for function in (keras.activations.hard_sigmoid, keras.ops.hard_sigmoid):
        np.testing.assert_allclose(np.asarray(function(x)), keras3, rtol=1e-15, atol=0)
    assert float(keras.ops.hard_sigmoid(-1.0)) == pytest.approx(1 / 3, rel=1e-6)
    assert "0.2 * x" in keras.ops.hard_sigmoid.__doc__, "the docstring was fixed: update the page"


def test_pitfall_swish_has_no_beta_and_is_silu() -> None:
    for swish, silu in (
        (jax.nn.swish, jax.nn.silu),
        (keras.activations.swish, keras.activations.silu),
    ):
        assert list(inspect.signature(swish).parameters) == ["x"]
        np.testing.assert_array_equal(np.asarray(swish(GRID)), np.asarray(silu(GRID)))


def test_pitfall_keras_selu_is_jax_selu() -> None:
    np.testing.assert_array_equal(np.asarray(keras.activations.selu(GRID)), jax.nn.selu(GRID))


def test_pitfall_keras_computes_tanh_and_arctan_in_float32() -> None:
    x = np.linspace(-2.0, 2.0, 5)
    assert keras.activations.tanh(x).dtype == np.float32
    assert keras.ops.arctan(x).dtype == np.float32
    assert keras.activations.sigmoid(x).dtype == np.float64


def test_pitfall_squareplus_overflows_in_jax_and_keras() -> None:
    x = np.array([1e200, -1e200])
    edge = np.sqrt(np.finfo(np.float64).max)  # about 1.34e154, where x**2 overflows
    for squareplus in (jax.nn.squareplus, keras.activations.squareplus):
        assert np.all(np.isinf(np.asarray(squareplus(x))))
        assert np.isfinite(np.asarray(squareplus(0.99 * edge)))
        assert np.isinf(np.asarray(squareplus(1.01 * edge)))
    assert f"{edge:.2g}" == "1.3e+154", "the page says 'about 1.3·10¹⁵⁴'"
    np.testing.assert_allclose(activations.squareplus(x), [1e200, 1e-200], rtol=1e-15)


# --------------------------------------------------------------------------- broken copies

_BREAKAGES = {
    "wrong-default": (
        "`leaky_relu(x, negative_slope=0.2)`",
        "`leaky_relu(x, negative_slope=0.3)`",
        signature_problems,
        "declares negative_slope=0.2",
    ),
    "missing-pass": (
        "`gelu(x, approximate=True)`, pass `approximate=False`",
        "`gelu(x, approximate=True)`",
        value_problems,
        "differs from activations.gelu",
    ),
    "wrong-function": ("`soft_sign(x)`", "`softplus(x)`", value_problems, "differs from"),
    "no-such-function": ("`soft_sign(x)`", "`softsign(x)`", signature_problems, "does not exist"),
    "row-missing": ("| `mish` |", "| `mish_v2` |", None, "'mish' has no row"),
    "torch-uncited": (
        "[`nn.Mish()`](https://docs.pytorch.org/docs/stable/generated/torch.nn.Mish.html)",
        "`nn.Mish()`",
        None,
        "PyTorch cell of 'mish' cites no page",
    ),
    "model-missing": ("| ConvNeXt |", "| ConvNet |", None, "no row for ConvNeXt"),
    "model-uncited": (
        "| @tan2019efficientnet |",
        "| Tan and Le |",
        None,
        "EfficientNet: the Paper cell cites []",
    ),
    "model-source-gone": (
        "[`transformer_layers.py`](https://github.com/mistralai/mistral-inference/blob/main/src/mistral_inference/transformer_layers.py)",
        "`transformer_layers.py`",
        None,
        "Mistral 7B: cites []",
    ),
    "biases-uncited": (
        (
            "yes ([code](https://github.com/facebookresearch/ConvNeXt/blob/"
            "dc7823d8a2ecc554fcd57ff6cdb7748011bcdedd/models/convnext.py#L28-L32))"
        ),
        "yes",
        None,
        "ConvNeXt: its Biases cell cites []",
    ),
    "biases-unsaid": (
        "| yes ([code](https://github.com/facebookresearch",
        "| probably ([code](https://github.com/facebookresearch",
        None,
        "ConvNeXt: its Biases cell does not start with yes or no",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    old, new, check, expected = _BREAKAGES[breakage]
    broken = tmp_path / PAGE.name
    shutil.copyfile(PAGE, broken)
    qs.replace_once(broken, old, new)
    if check is None:
        problems = coverage_problems(broken) + torch_citation_problems(broken)
        problems += model_problems(broken)
    else:
        problems = [p for cell in framework_table(broken)[2] for p in check(cell)]
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- other activations

MORE_TABLE = "tbl-frameworks-more"
#: The activations of PyTorch the package lacks that the page must list.
MORE_ROWS = ("RReLU", "Hardtanh", "Softshrink", "Hardshrink", "Tanhshrink", "Threshold", "Softmin")


def _softmin(x: np.ndarray, dim: int = -1) -> np.ndarray:
    return activations.softmax(-np.asarray(x), axis=dim)


#: PyTorch's definitions, written from its documentation in NumPy, with PyTorch's parameter
#: names and defaults; RReLU in evaluation, where its slope is the mean of the bounds.
MORE_DEFINITIONS: dict[str, Callable] = {
    "RReLU": lambda x, lower=1 / 8, upper=1 / 3, training=False: (
        np.where(x >= 0, x, (lower + upper) / 2 * x) if not training else None
    ),
    "Hardtanh": lambda x, min_val=-1.0, max_val=1.0: np.clip(x, min_val, max_val),
    "Softshrink": lambda x, lambd=0.5: np.where(
        x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0)
    ),
    "Hardshrink": lambda x, lambd=0.5: np.where(np.abs(x) > lambd, x, 0.0),
    "Tanhshrink": lambda x: x - np.tanh(x),
    "Threshold": lambda x, threshold, value: np.where(x > threshold, x, value),
    "Softmin": _softmin,
}
#: Values for the parameters that have no default (Threshold's), in PyTorch's names.
REQUIRED_VALUES = {"threshold": 0.5, "value": -2.0}
#: Keras' names for PyTorch's parameters, row by row.
KERAS_NAMES = {
    "Softshrink": {"threshold": "lambd"},
    "Hardshrink": {"threshold": "lambd"},
    "Threshold": {"default_value": "value"},
}


@dataclass(frozen=True)
class MoreCell:
    """A cell of the other-activations table: the framework's call as the page writes it."""

    row: str
    framework: str
    path: str
    declared: dict
    required: tuple[str, ...]
    passed: dict

    @property
    def label(self) -> str:
        return f"{self.row}-{self.framework}"


def _parse_call(source: str) -> tuple[str, list[str], dict]:
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call), f"{source!r} is not a call"
    positional = [ast.unparse(a) for a in call.args]
    declared = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    return ast.unparse(call.func), positional, declared


def more_table(path: Path = PAGE) -> tuple[list[str], dict[str, list], list[MoreCell]]:
    """Row names, the PyTorch cell of each row, and every JAX, Keras and PyTorch call."""
    head, body = _rows(_table(path, MORE_TABLE))
    titles = [qs.stringify(h).strip() for h in head]
    columns = {"PyTorch": titles.index("PyTorch")}
    modules = {"PyTorch": "torch.nn"}
    for index, title in enumerate(titles):
        if title.startswith(("JAX", "Keras")):
            framework = title.split(" (")[0]
            columns[framework] = index
            modules[framework] = _codes(head[index])[0][0]
    names, torch_cells, cells = [], {}, []
    for row in body:
        name = qs.stringify(row[0]).strip()
        names.append(name)
        torch_cells[name] = row[columns["PyTorch"]]
        for framework, index in columns.items():
            blocks = row[index]
            if qs.stringify(blocks).strip().startswith("—"):
                continue
            codes = _codes(blocks)
            passed = {}
            for source, after_pass in codes[1:]:
                if after_pass:
                    passed.update(_keywords(source))
            for source, _ in codes[:1] if framework != "PyTorch" else codes:
                if framework == "PyTorch" and not source.startswith(("nn.", "F.")):
                    continue
                func, positional, declared = (
                    _parse_call(source) if "(" in source else (source, ["x"], {})
                )
                if framework == "PyTorch":
                    module = "torch.nn.functional" if func.startswith("F.") else "torch.nn"
                    full = f"{module}.{func.split('.', 1)[1]}"
                    required = tuple(positional[1:] if func.startswith("F.") else positional)
                else:
                    full = func if "." in func else f"{modules[framework]}.{func}"
                    assert positional[:1] == ["x"], f"{name}/{framework}: {source!r} takes x first"
                    required = tuple(positional[1:])
                cells.append(MoreCell(name, framework, full, declared, required, passed))
    return names, torch_cells, cells


def _reference_kwargs(cell: MoreCell, keywords: dict) -> dict:
    """The framework's keyword arguments in the PyTorch names of MORE_DEFINITIONS."""
    names = KERAS_NAMES.get(cell.row, {}) if cell.framework == "Keras 3" else {}
    return {names.get(k, k): v for k, v in keywords.items()}


def _required_values(cell: MoreCell) -> dict:
    names = KERAS_NAMES.get(cell.row, {}) if cell.framework == "Keras 3" else {}
    return {name: REQUIRED_VALUES[names.get(name, name)] for name in cell.required}


def more_coverage_problems(path: Path = PAGE) -> list[str]:
    names, torch_cells, _ = more_table(path)
    problems = [f"no row for {n} in #{MORE_TABLE}" for n in MORE_ROWS if n not in names]
    problems += [
        f"#{MORE_TABLE}: {n} has no definition in the tests"
        for n in names
        if n not in MORE_DEFINITIONS
    ]
    for name, blocks in torch_cells.items():
        links = [e["c"][2][0] for e in qs.walk(blocks) if e["t"] == "Link"]
        if not any(url.startswith(PYTORCH_DOCS) for url in links):
            problems.append(
                f"#{MORE_TABLE}: the PyTorch cell of {name!r} cites no page under {PYTORCH_DOCS}"
            )
    return problems


def more_signature_problems(cell: MoreCell) -> list[str]:
    try:
        function = resolve(cell.path)
    except (ImportError, AttributeError):
        return [f"{cell.label}: {cell.path} does not exist"]
    if not cell.declared and not cell.required:
        return []  # the name exists; PyTorch's builtins have no signature to read
    parameters = inspect.signature(function).parameters
    problems = []
    for keyword, value in cell.declared.items():
        if keyword not in parameters:
            problems.append(f"{cell.label}: {cell.path} has no parameter {keyword!r}")
        elif parameters[keyword].default != value:
            problems.append(
                f"{cell.label}: the page says {cell.path} defaults to {keyword}={value!r}, "
                f"it declares {keyword}={parameters[keyword].default!r}"
            )
    for name in cell.required:
        if name not in parameters or parameters[name].default is not inspect.Parameter.empty:
            problems.append(f"{cell.label}: {cell.path} has no required parameter {name!r}")
    return problems


def more_value_problems(cell: MoreCell) -> list[str]:
    """The framework's function with its own defaults against the definition with the page's."""
    definition = MORE_DEFINITIONS[cell.row]
    required = _required_values(cell)
    grid = LOGITS if cell.row == "Softmin" else GRID
    keywords = {**cell.declared, **required, **cell.passed}
    expected = definition(grid, **_reference_kwargs(cell, keywords))
    if cell.framework == "PyTorch":
        torch = pytest.importorskip("torch")
        function = resolve(cell.path)
        tensor = torch.tensor(grid)
        if cell.path.startswith("torch.nn.functional."):
            got = function(tensor, *required.values(), **cell.passed)
        else:
            module = function(*required.values(), **cell.passed)
            module.eval()
            got = module(tensor)
        got = got.numpy()
    else:
        got = np.asarray(resolve(cell.path)(grid, *required.values(), **cell.passed))
    error = np.abs(got.astype(float) - expected)
    scale = np.abs(expected) + np.maximum(1.0, np.abs(grid))
    bad = ~(error <= K_EPS * np.finfo(np.float64).eps * scale)
    if bad.any():
        i = np.flatnonzero(bad.ravel())[0]
        message = (
            f"{cell.label}: {cell.path} differs from PyTorch's definition at {bad.sum()} points, "
            f"e.g. {got.ravel()[i]!r} != {expected.ravel()[i]!r}"
        )
        return [message]
    return []


MORE_NAMES, _, MORE_CELLS = more_table()


def test_other_activations_table_has_the_rows_and_cites_pytorch() -> None:
    assert more_coverage_problems() == []
    assert not set(MORE_NAMES) & {page.display_name for page in PAGES.values()}


@pytest.mark.parametrize("cell", MORE_CELLS, ids=lambda c: f"{c.label}-{c.path.rsplit('.', 1)[1]}")
def test_other_activations_defaults_are_the_frameworks(cell: MoreCell) -> None:
    if cell.framework == "PyTorch":
        pytest.importorskip("torch")
    assert more_signature_problems(cell) == []


@pytest.mark.parametrize("cell", MORE_CELLS, ids=lambda c: f"{c.label}-{c.path.rsplit('.', 1)[1]}")
def test_other_activations_compute_pytorchs_definitions(cell: MoreCell) -> None:
    assert more_value_problems(cell) == []


def test_rrelu_draws_its_slopes_in_training_and_uses_their_mean_in_evaluation() -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = -torch.ones(10_000, dtype=torch.float64)
    module = torch.nn.RReLU()
    slopes = (module(x) / x).numpy()  # training mode: one slope per entry
    assert 1 / 8 <= slopes.min() < 0.13 and 0.33 < slopes.max() <= 1 / 3
    module.eval()
    assert np.all((module(x) / x).numpy() == (1 / 8 + 1 / 3) / 2)
    assert (1 / 8 + 1 / 3) / 2 == pytest.approx(11 / 48) and f"{11 / 48:.3f}" == "0.229"
    # the functional form is deterministic unless training=True is passed
    assert np.all((torch.nn.functional.rrelu(x) / x).numpy() == 11 / 48)


def test_hardtanh_from_0_to_6_is_relu6_and_softshrink_is_the_proximal_operator() -> None:
    torch = pytest.importorskip("torch")
    x = torch.tensor(GRID)
    np.testing.assert_array_equal(
        torch.nn.functional.hardtanh(x, min_val=0.0, max_val=6.0).numpy(), activations.relu6(GRID)
    )
    # soft thresholding minimises (u - x)^2 / 2 + lambda |u| over u
    lambd, u = 0.5, np.linspace(-13.0, 13.0, 260_001)
    for value in (-3.0, -0.5, -0.2, 0.0, 0.3, 0.7, 2.0):
        best = u[np.argmin((u - value) ** 2 / 2 + lambd * np.abs(u))]
        shrunk = torch.nn.functional.softshrink(torch.tensor([value]), lambd).item()
        assert best == pytest.approx(shrunk, abs=1e-4)


def test_prelu_layers_start_where_the_pages_say() -> None:
    layer = keras.layers.PReLU()
    assert inspect.signature(keras.layers.PReLU).parameters["alpha_initializer"].default == "Zeros"
    layer.build((None, 8, 8, 3))
    assert tuple(layer.alpha.shape) == (8, 8, 3)  # one slope per entry beyond the batch axis
    assert np.all(np.asarray(layer.alpha.value) == 0.0)
    shared = keras.layers.PReLU(shared_axes=[1, 2])
    shared.build((None, 8, 8, 3))
    assert tuple(shared.alpha.shape) == (1, 1, 3)
    np.testing.assert_array_equal(np.asarray(layer(-np.ones((1, 8, 8, 3)))), 0.0)


def test_no_framework_has_a_maxout_layer() -> None:
    modules = [jax.nn, keras.layers, keras.activations, keras.ops]
    torch = pytest.importorskip("torch")
    modules += [torch.nn, torch.nn.functional]
    found = [f"{m.__name__}.{n}" for m in modules for n in dir(m) if "maxout" in n.lower()]
    assert found == [], "activations.qmd says no framework has a maxout layer"


_MORE_BREAKAGES = {
    "wrong-default": (
        "`soft_shrink(x, threshold=0.5)`",
        "`soft_shrink(x, threshold=0.4)`",
        "declares threshold=0.5",
    ),
    "wrong-function": ("`tanh_shrink(x)`", "`hard_shrink(x)`", "differs from PyTorch's definition"),
    "no-such-function": (
        "| `hard_tanh(x)` | `hard_tanh(x)` |",
        "| `hardtanh(x)` | `hard_tanh(x)` |",
        "does not exist",
    ),
    "row-missing": ("| Tanhshrink |", "| Tanh shrink |", "no row for Tanhshrink"),
    "torch-uncited": (
        "[`nn.Softmin(dim=None)`](https://docs.pytorch.org/docs/stable/generated/torch.nn.Softmin.html)",
        "`nn.Softmin(dim=None)`",
        "PyTorch cell of 'Softmin' cites no page",
    ),
    "torch-default": (
        "`nn.Hardshrink(lambd=0.5)`",
        "`nn.Hardshrink(lambd=0.25)`",
        "declares lambd=0.5",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_MORE_BREAKAGES))
def test_other_activation_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    old, new, expected = _MORE_BREAKAGES[breakage]
    if breakage == "torch-default":
        pytest.importorskip("torch")
    broken = tmp_path / PAGE.name
    shutil.copyfile(PAGE, broken)
    qs.replace_once(broken, old, new)
    problems = more_coverage_problems(broken)
    for cell in more_table(broken)[2]:
        if cell.row not in MORE_DEFINITIONS:
            continue  # reported by more_coverage_problems
        problems += more_signature_problems(cell)
        if not any("does not exist" in p for p in problems):
            problems += more_value_problems(cell)
    assert any(expected in p for p in problems), problems
