"""Experiments.ipynb: runs clean in a fresh kernel, is committed current, says true things.

The notebook runs once per test session, from a temporary copy, in a fresh kernel whose
warnings filter is "error", with the repository root as working directory (it reads
``benchmarks/results.csv``); its outputs must match the committed ones within what another
CPU's floating-point kernels can change (``cpu_tolerance``, measured by
``benchmarks/cpu_spread.py``). The claims tests then read the committed run's printed tables:
every number that the page ``experiments.qmd``, the captions of the figures it and the
experiment slides embed, the alt text of the figures that plot the chaotic runs, and those
slides' speaker notes state is checked there, or against the benchmarks' CSVs, mpmath or the
sources, so a change that makes a sentence false, or adds an unchecked number, fails here; and
a statement that depends on the chaotic runs must hold for any result within their spread.
No test times the notebook: ``benchmarks/bench_notebooks.py`` records its run time.
"""

# The pages write true primes, Greek letters and multiplication signs; so must the claims.
# ruff: noqa: RUF001

from __future__ import annotations

import ast
import copy
import csv
import dataclasses
import datetime
import functools
import importlib.util
import inspect
import json
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cost_benchmark as cb
import cpu_tolerance as cpu
import mpmath
import nbformat
import numpy as np
import pytest
import quarto_site as qs
import yaml
from notebook_runner import execute, output_problems

from activations import ACTIVATIONS, _kernels, gains, hardware, mlp, rectifiers
from activations.site.pages import PAGES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "Experiments.ipynb"
BENCHMARK_CSV = ROOT / "benchmarks" / "results.csv"
BENCHMARK_SCRIPT = ROOT / "benchmarks" / "bench_activations.py"
FIGURE_LABELS = (
    "fig-vanishing-gradient",
    "fig-vanishing-gradient-slide",
    "fig-saturation",
    "fig-training-accuracy",
    "fig-training-curves",
    "fig-decision-boundaries",
    "fig-training-accuracy-slide",
    "fig-cost",
    "fig-cost-slide",
    "fig-signal-propagation",
    "fig-signal-propagation-slide",
)
#: The tables that give a screen reader the data a figure plots, each embedded under its figure.
TABLE_LABELS = (
    "tbl-vanishing-gradient-data",
    "tbl-saturation-data",
    "tbl-training-accuracy-data",
    "tbl-signal-propagation-data",
)
#: Training steps the grid may take (activations x rates x seeds x steps). With the run's
#: 8 x 4 x 3 x 400 = 38 400 steps the whole notebook runs in under a minute on the 2-core x86_64
#: machine of benchmarks/notebook_times.csv (benchmarks/bench_notebooks.py times it).
MAX_TRAINING_STEPS = 40_000
NOTEBOOK_TIMES = ROOT / "benchmarks" / "notebook_times.csv"
#: Display name (as the tables print it) -> registry name (as benchmarks/cpu_spread.csv has it).
_REGISTRY_NAMES = {page.display_name: name for name, page in PAGES.items()}


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook run from a temporary copy in a fresh kernel."""
    copy = tmp_path_factory.mktemp("experiments") / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    notebook = nbformat.read(copy, as_version=4)
    execute(notebook, ROOT)
    return notebook


def _code_cells(notebook: dict) -> list[qs.NotebookCell]:
    return [cell for cell in qs.notebook_cells(notebook) if cell.cell_type == "code"]


def _stdout(notebook: dict, cell_id: str) -> str:
    """Everything the code cell with nbformat id ``cell_id`` printed."""
    (cell,) = [c for c in notebook["cells"] if c.get("id") == cell_id]
    return "".join(o["text"] for o in cell["outputs"] if o.get("name") == "stdout")


def _table(text: str, columns: int) -> dict[str, list[str]]:
    """Rows of a printed table, name -> the last ``columns`` fields (the name may have spaces)."""
    rows = {}
    for line in text.splitlines()[1:]:
        fields = line.split()
        rows[" ".join(fields[:-columns])] = fields[-columns:]
    return rows


# --------------------------------------------------------------------------- running it


@pytest.mark.e2e
def test_runs_without_errors_warnings_or_stderr(fresh_run: nbformat.NotebookNode) -> None:
    problems = output_problems(fresh_run)
    assert not problems, "\n".join(problems)


def training_allowances(text: str, spread: cpu.Spread) -> list[float]:
    """For each number the training cell printed, how far beyond its last digit it may move on
    another CPU: the measured spread of its activation's runs if they are at a chaotic rate,
    else nothing.

    The first table prints each rate's mean final loss, then the best rate; the second each
    rate's mean, lowest and highest accuracy; the third only runs at the best rates, which
    test_no_cpu_can_change_a_best_rate keeps away from the chaotic rates.
    """
    chaotic, allowances = spread.chaotic_rates(), []
    for table, block in enumerate(text.split("\n\n")):
        lines = block.splitlines()
        rates = [float(r) for r in lines[1].split()[1:] if r != "best"] if table < 2 else []
        for number, line in enumerate(lines):
            found = list(cpu.PRINTED.finditer(line))
            name = _REGISTRY_NAMES.get(line[: found[0].start()].strip()) if found else None
            if table == 0 and number >= 2:
                loss = spread.loss(name)
                allowances += [loss if r in chaotic else 0.0 for r in rates] + [0.0]
            elif table == 1 and number >= 2:
                accuracy = spread.accuracy(name)
                allowances += [accuracy if r in chaotic else 0.0 for r in rates for _ in "lmh"]
            else:
                allowances += [0.0] * len(found)
    return allowances


def accuracy_table_allowances(text: str, spread: cpu.Spread) -> list[float]:
    """For each number of tbl-training-accuracy-data (a Markdown table: a row per activation,
    a column per rate, each cell the mean accuracy and each seed's), how far beyond its last
    digit it may move on another CPU: its activation's measured spread at a chaotic rate."""
    chaotic, allowances = spread.chaotic_rates(), []
    lines = text.splitlines()
    rates = [float(r) for r in re.findall(r"rate (\S+?) \|", lines[0])]
    allowances += [0.0] * len(cpu.PRINTED.findall(lines[0]))
    for line in lines[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        name = _REGISTRY_NAMES.get(cells[0])
        for rate, cell in zip(rates, cells[1:], strict=False):
            allowance = spread.accuracy(name) if name and rate in chaotic else 0.0
            allowances += [allowance] * len(cpu.PRINTED.findall(cell))
    return allowances


def _same_output(want: dict, got: dict, label: str, spread: cpu.Spread) -> bool:
    """Equal outputs, except for the changes another CPU may make: printed numbers (also in a
    Markdown table) within their allowances, numbers in an SVG within the figure's measured
    spread."""
    want, got = dict(want), dict(got)
    if want.get("name") == "stdout" and got.get("name") == "stdout":
        text, new = want.pop("text"), got.pop("text")
        allowances = training_allowances(text, spread) if label == "training-compute" else None
        if len(allowances or []) not in (0, len(cpu.PRINTED.findall(text))):
            return False
        if not cpu.printed_within(text, new, allowances):
            return False
    want_data, got_data = dict(want.pop("data", {})), dict(got.pop("data", {}))
    want_svg, got_svg = want_data.pop("image/svg+xml", ""), got_data.pop("image/svg+xml", "")
    # A table's numbers are rounded to three digits, far coarser than the deep networks'
    # measured spread (2.2e-14 relative for the weight gradients, of which the backward signal
    # is a factor; 1.9e-5 for the gain-4 networks); each may still sit at a rounding boundary,
    # so it may move by one unit in its last digit, as a printed number may. The accuracies of
    # the runs at the chaotic rate may move by their measured spread.
    want_table, got_table = want_data.pop("text/markdown", ""), got_data.pop("text/markdown", "")
    allowances = (
        accuracy_table_allowances(want_table, spread)
        if label == "tbl-training-accuracy-data"
        else None
    )
    if len(allowances or []) not in (0, len(cpu.PRINTED.findall(want_table))):
        return False
    return (
        want == got
        and want_data == got_data
        and cpu.printed_within(want_table, got_table, allowances)
        and cpu.svg_within(want_svg, got_svg, spread.figure(label))
    )


def stale_cells(committed: dict, fresh: dict, spread: cpu.Spread) -> list[str]:
    """Code cells (by label, or nbformat id) whose outputs differ by more than another CPU
    can explain."""
    labels = [cell.label or cell.id for cell in _code_cells(committed)]
    stale = []
    for label, want, got in zip(
        labels, _raw_code_cells(committed), _raw_code_cells(fresh), strict=True
    ):
        if (
            want["execution_count"] != got["execution_count"]
            or len(want["outputs"]) != len(got["outputs"])
            or not all(
                _same_output(a, b, label, spread)
                for a, b in zip(want["outputs"], got["outputs"], strict=True)
            )
        ):
            stale.append(label)
    return stale


def _raw_code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.e2e
def test_committed_outputs_match_a_fresh_run(
    committed: dict, fresh_run: nbformat.NotebookNode
) -> None:
    """The committed notebook is what this code computes, on this CPU or any other x86_64 one.

    Measured by benchmarks/cpu_spread.py (benchmarks/cpu_spread.csv): under every pairing of
    NumPy's and OpenBLAS's kernels, the tanh runs at the peak rate of 0.3 are chaotic (a run's
    final loss moved by up to 0.0225 and 8 of the 400 held-out points changed class; the GELU
    and SELU runs at 0.3 by up to 0.0022 and 1 point), and with them the numbers printed for
    that rate and the dots the two accuracy figures draw for it (by up to 5.5 pt and 8.7 pt);
    everything else moves by less than a thousandth of its last printed digit and less than
    1e-4 pt in a figure. So every printed number may differ by one unit in
    its last digit (a value that lies within its spread of a rounding boundary), a number from
    the chaotic runs by twice the spread measured for its activation's runs more, and a number
    in a figure by twice its measured spread (at least a thousandth of a point).
    """
    stale = stale_cells(committed, fresh_run, cpu.measured())
    assert not stale, (
        f"Experiments.ipynb is stale in cells {stale}: re-run it in place with the README's "
        "command and commit it"
    )


# --------------------------------------------------------------------------- what it holds


def test_front_matter_and_kernel(committed: dict) -> None:
    first = committed.cells[0]
    assert first.cell_type == "raw"
    front = first.source.strip()
    assert front.startswith("---") and front.endswith("---")
    assert yaml.safe_load(front.strip("-"))["title"]
    assert committed.metadata.kernelspec.name == "python3"
    assert not qs.notebook_problems(committed)


@pytest.mark.parametrize("label", FIGURE_LABELS)
def test_each_figure_once_with_caption_alt_text_and_an_svg(committed: dict, label: str) -> None:
    cells = [c for c in _code_cells(committed) if c.label == label]
    assert len(cells) == 1, f"{label} is on {len(cells)} cells"
    (cell,) = cells
    assert not qs.cell_output_problems(cell, label)
    (output,) = cell.outputs
    assert set(output["data"]) == {"image/svg+xml", "text/plain"}
    assert "<dc:date>" not in output["data"]["image/svg+xml"]


@pytest.mark.parametrize("label", TABLE_LABELS)
def test_each_data_table_once_with_caption_and_a_markdown_table(
    committed: dict, label: str
) -> None:
    cells = [c for c in _code_cells(committed) if c.label == label]
    assert len(cells) == 1, f"{label} is on {len(cells)} cells"
    (cell,) = cells
    assert not qs.cell_output_problems(cell, label)
    (output,) = cell.outputs
    table = output["data"]["text/markdown"]
    assert table.splitlines()[1].startswith("|:--|"), "no Markdown table"
    # the caption names the figure whose data it gives, and that figure exists
    (figure,) = re.findall(r"@(fig-[\w-]+)", str(cell.options["tbl-cap"]))
    assert figure in FIGURE_LABELS


def test_imports_the_package_and_defines_no_activation(committed: dict) -> None:
    sources = "\n".join(line for c in _code_cells(committed) for line in c.source.splitlines())
    tree = ast.parse(sources)
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "activations" in imported
    defined = {
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    assigned = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    activation_names = {n for a in ACTIVATIONS for n in (a, f"{a}_grad")}
    assert not (defined | assigned) & activation_names
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Lambda)]


# --------------------------------------------------------------------------- what it claims
#
# The page experiments.qmd, the captions of the figures it embeds, and the speaker notes and
# captions of the three experiment slides state numbers. Every claim below pairs words they say
# with a check on the stored run (the committed notebook, which the tests above show a fresh
# run reproduces) or on the benchmark CSV. A guard then makes sure every number in those texts
# lies inside a checked claim, so a new or changed number cannot go unchecked.

#: The start page, whose path through the core functions quotes the depth experiment.
START = "start.qmd"
EXERCISES = "exercises.qmd"
SLIDES = ("vanishing-gradient", "initialisation", "signal-propagation", "training", "cost")
#: Figures whose alt text is checked too: the two that plot the runs at the chaotic rate, whose
#: alt text must state nothing that another CPU's run could make false, and the cost figures,
#: whose alt text must agree with the benchmark's CSV.
ALT_TEXT_LABELS = (
    "fig-training-accuracy",
    "fig-training-accuracy-slide",
    "fig-cost",
    "fig-cost-slide",
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: A citation as pandoc keeps its text, ``[@kingma2015adam]`` or ``@kingma2015adam``: the year in
#: the key is the paper's, checked against references.bib by tests/test_citations.py.
_CITATION = re.compile(r"@[A-Za-z0-9_][\w:.#$%&+?<>~/-]*")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _rows(text: str, fields: int) -> dict[str, list[str]]:
    """Rows of a printed table after its header: name -> its last ``fields`` fields."""
    return _table(text, fields)


def _range(text: str) -> tuple[float, float]:
    low, high = text.split("-")
    return float(low), float(high)


@dataclass
class Facts:
    """What the stored run printed, and the constants its source sets."""

    deep: dict
    scaled: dict
    signal: dict
    loss: dict
    best: dict
    accuracy: dict
    at_best: dict
    cost: cb.Benchmark
    constants: dict
    benchmark: dict
    source: str
    spread: cpu.Spread

    @property
    def others(self) -> list[str]:
        """The hidden activations of the training run other than the sigmoid."""
        return [name for name in self.best if name != "Sigmoid"]


def _constants(notebook: dict) -> dict:
    """Top-level NAME = literal assignments of the code cells (tuples unpacked)."""
    found = {}
    for cell in _code_cells(notebook):
        source = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        for node in ast.parse(source).body:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(target, ast.Name):
                found[target.id] = value
            elif isinstance(target, ast.Tuple):
                names = [element.id for element in target.elts]
                found.update(zip(names, value, strict=True))
    return found


def facts_of(
    notebook: dict, benchmark_rows: list[dict[str, str]], spread: cpu.Spread | None = None
) -> Facts:
    """The stored run's printed numbers, the benchmarks' and the measured CPU spread."""
    spread = spread or cpu.measured()
    # three tables: the weight gradient, the two signals, spread and slopes over layers 2 to 50
    gradient, signals, slopes = _stdout(notebook, "vanishing-gradient-compute").split("\n\n")
    tables = (
        (gradient, 1, ("init", "layer1", "layer50", "spread", "per_layer")),
        (
            signals,
            2,
            ("delta_per_layer", "delta_ratio", "h1", "h50", "h_ratio", "h_per_layer"),
        ),
        (slopes, 1, ("std", "slope", "sat", "most")),
    )
    deep: dict[str, dict] = {}
    for text, titles, keys in tables:
        rows = _rows("\n".join(text.splitlines()[titles:]), len(keys))
        for name, fields in rows.items():
            values = [f if f.isalpha() else float(f.rstrip("%")) for f in fields]
            deep.setdefault(name, {}).update(zip(keys, values, strict=True))
    scaled = {}
    keys = ("std", "slope", "sat", "delta_per_layer", "delta_ratio", "per_layer")
    for label, fields in _rows(_stdout(notebook, "saturation-compute"), len(keys)).items():
        name, gain = label.rsplit(" ×", 1)
        values = [float(f.rstrip("%")) for f in fields]
        scaled[name, int(gain)] = dict(zip(keys, values, strict=True))
    keys = (
        "g2", "a1", "a10", "a50", "delta_per_layer", "delta_ratio", "predicted_a50",
        "predicted_ratio",
    )  # fmt: skip
    signal = {
        label: dict(zip(keys, map(float, fields), strict=True))
        for label, fields in _rows(_stdout(notebook, "signal-propagation-compute"), 8).items()
    }
    losses_table, accuracy_table, best_table = _stdout(notebook, "training-compute").split("\n\n")
    rates = [float(r) for r in losses_table.splitlines()[1].split()[1:-1]]
    loss, best = {}, {}
    for name, fields in _rows("\n".join(losses_table.splitlines()[1:]), len(rates) + 1).items():
        loss[name] = dict(zip(rates, map(float, fields[:-1]), strict=True))
        best[name] = float(fields[-1])
    accuracy = {}
    for name, fields in _rows("\n".join(accuracy_table.splitlines()[1:]), 2 * len(rates)).items():
        accuracy[name] = {
            rate: (float(fields[2 * i]), *_range(fields[2 * i + 1])) for i, rate in enumerate(rates)
        }
    at_best = {}
    for name, fields in _rows("\n".join(best_table.splitlines()[2:]), 5).items():
        at_best[name] = {
            "rate": float(fields[0]),
            "step100": float(fields[1]),
            "loss": _range(fields[2]),
            "accuracy": _range(fields[3]),
            "seed0": float(fields[4]),
        }
    cost = cb.from_rows(benchmark_rows)
    benchmark = {
        "machine": cost.setting["machine"],
        "versions": tuple(cost.setting[k] for k in ("machine", "python", "numpy", "scipy", "jax")),
    }
    with NOTEBOOK_TIMES.open(newline="") as handle:
        benchmark["notebook_seconds"] = [
            float(r["seconds"]) for r in csv.DictReader(handle) if r["notebook"] == NOTEBOOK.name
        ]
    source = "\n".join(cell.source for cell in _code_cells(notebook))
    constants = _constants(notebook)
    return Facts(
        deep,
        scaled,
        signal,
        loss,
        best,
        accuracy,
        at_best,
        cost,
        constants,
        benchmark,
        source,
        spread,
    )


def _sigmoid_saturation_edge() -> float:
    """|z| beyond which sigma'(z) < 0.1 * 1/4: sigma(z) (1 - sigma(z)) = 0.025, with mpmath."""
    with mpmath.workdps(30):
        s = mpmath.findroot(lambda s: s * (1 - s) - mpmath.mpf("0.025"), 0.97)
        return float(mpmath.log(s / (1 - s)))


def _tanh_saturation_edge() -> float:
    """|z| beyond which tanh'(z) = 1 - tanh(z)^2 < 0.1, with mpmath."""
    with mpmath.workdps(30):
        return float(mpmath.atanh(mpmath.sqrt(mpmath.mpf("0.9"))))


#: What PyTorch's calculate_gain returns, as its documentation lists it (PyTorch 2.13.0,
#: https://docs.pytorch.org/docs/stable/nn.init.html); the real function where torch installs.
PYTORCH_GAINS = {"sigmoid": 1.0, "tanh": 5 / 3, "selu": 3 / 4, "relu": math.sqrt(2)}


def _pytorch_gain(name: str) -> float:
    try:
        import torch
    except ImportError:
        return PYTORCH_GAINS[name]
    return torch.nn.init.calculate_gain(name)


def _pytorch_is(version: str) -> bool:
    """requirements-torch.txt pins ``version``, and the installed torch, if any, is it."""
    pinned = f"\ntorch=={version}\n" in (ROOT / "requirements-torch.txt").read_text()
    try:
        import torch
    except ImportError:
        return pinned
    return pinned and torch.__version__.split("+")[0] == version


# The claims below are checked on every call of claim_problems (once per breakage test), and
# each of tanh's fixed points takes about a second of Gaussian integrals; so each is computed
# once per session, keyed on the package functions too, so that a test that swaps one of them
# for a broken one (monkeypatch) gets the broken function's value.
@functools.cache
def _tanh_fixed_point(fixed_point: Callable, gain: float) -> float:
    return fixed_point("tanh", gain)


@functools.cache
def _tanh_settles_in_300_layers(fixed_point: Callable) -> bool:
    try:
        fixed_point("tanh", 1.0, max_layers=300)
        return True
    except ValueError:
        return False


@functools.cache
def _tanh_chi(gradient_factor: Callable, fixed_point: Callable, gain: float) -> float:
    return gradient_factor("tanh", gain, _tanh_fixed_point(fixed_point, gain))


def _tanh_rms_at_fixed_point(gain: float) -> float:
    return math.sqrt(gains.second_moment("tanh", _tanh_fixed_point(gains.fixed_point, gain)))


def _tanh_chi_at_fixed_point(gain: float) -> float:
    return _tanh_chi(gains.gradient_factor, gains.fixed_point, gain)


def _tanh_chi_above_one(tried: tuple[float, ...]) -> bool:
    """At every gain tried above 1, tanh's variance map settles where the backward factor
    exceeds 1; at gain 1 it does not settle within 300 layers (the signal fades)."""
    if _tanh_settles_in_300_layers(gains.fixed_point):
        return False
    return all(_tanh_chi_at_fixed_point(g) > 1 for g in tried)


@functools.cache
def _sigmoid_balanced_gain() -> tuple[float, float]:
    """The gain g at which the sigmoid's variance map settles where the backward factor is 1,
    and the fixed point q* there (mpmath's root finder over the package's recursion; an
    independent mpmath quadrature gave g* = 10.14926, q* = 45.6243)."""

    def excess(g: float) -> float:
        q = gains.fixed_point("sigmoid", float(g))
        return gains.gradient_factor("sigmoid", float(g), q) - 1

    g = float(mpmath.findroot(excess, (8, 12), solver="anderson"))
    return g, gains.fixed_point("sigmoid", g)


def _sigmoid_saturated_share(q: float) -> float:
    """The share of N(0, q) pre-activations where the sigmoid's slope is below a tenth of its
    slope at 0, 1/4, with the threshold solved in mpmath: 1/(4 cosh(z/2)^2) = 1/40."""
    with mpmath.workdps(30):
        z = mpmath.findroot(lambda t: mpmath.mpf(1) / (4 * mpmath.cosh(t / 2) ** 2) - 0.025, 3.6)
        return float(mpmath.erfc(z / mpmath.sqrt(2 * q)))


def _cores_are_logical_cpus() -> bool:
    """The benchmark's "N cores" is os.cpu_count(), which counts logical CPUs."""
    return "{os.cpu_count()} cores" in (ROOT / "benchmarks" / "bench_activations.py").read_text()


def _tanh_gains_tried(f: Facts) -> bool:
    """The run's tanh gains: the forward gain (1.59) and PyTorch's 5/3."""
    return (
        round(gains.forward_gain("tanh"), 2) == 1.59
        and 'TANH_FORWARD_GAIN = gains.forward_gain("tanh")' in f.source
        and _pytorch_gain("tanh") == 5 / 3
        and {"Tanh, Glorot × 1.59", "Tanh, Glorot × 5/3"} <= set(f.signal)
    )


def _keeps_both(row: dict) -> bool:
    """The forward signal within a factor of 3 of 1 at layers 1, 10 and 50, and the backward
    signal within a factor of 3 of layer 50's at layer 1."""
    inside = [1 / 3 < row[key] < 3 for key in ("a1", "a10", "a50", "delta_ratio")]
    return all(inside)


def _only_relu_he_keeps_both(f: Facts) -> bool:
    """Of the pairs on the slide (tanh, ReLU, sigmoid), only ReLU with He's variance."""
    shown = {k: v for k, v in f.signal.items() if k.split(",")[0] in ("Tanh", "ReLU", "Sigmoid")}
    return [k for k, v in shown.items() if _keeps_both(v)] == ["ReLU, He"]


def _tanh_shrinks() -> bool:
    """|tanh(z)| < |z| and tanh'(z) < 1 for z != 0, on a grid and with mpmath near 0."""
    z = [x for x in (-20, -3, -1, -1e-3, 1e-3, 1, 3, 20)]
    tanh, slope = ACTIVATIONS["tanh"].function, ACTIVATIONS["tanh"].derivative
    with mpmath.workdps(30):
        tiny = mpmath.mpf("1e-8")
        return (
            all(abs(float(tanh(x))) < abs(x) and float(slope(x)) < 1 for x in z)
            and abs(mpmath.tanh(tiny)) < tiny
            and mpmath.sech(tiny) ** 2 < 1
        )


def _squared_error_slope_is(z: float, y: float) -> bool:
    """d/dz (sigma(z) - y)^2 / 2 = (s - y) s (1 - s), against a central difference."""
    h, s = 1e-6, float(ACTIVATIONS["sigmoid"].function(z))

    def half_square(t: float) -> float:
        return (float(ACTIVATIONS["sigmoid"].function(t)) - y) ** 2 / 2

    numeric = (half_square(z + h) - half_square(z - h)) / (2 * h)
    return math.isclose(numeric, (s - y) * s * (1 - s), rel_tol=1e-8)


def _slack(f: Facts, name: str, rate: float) -> float:
    """How far the printed mean accuracy (%) of activation ``name`` at ``rate`` may be from a
    run on any CPU: half its printed unit, plus its measured spread if the rate is chaotic."""
    chaotic = rate in f.spread.chaotic_rates()
    return 0.5 + (f.spread.accuracy(_REGISTRY_NAMES[name]) if chaotic else 0.0)


def _surely_below(f: Facts, low: tuple[str, float], high: tuple[str, float]) -> bool:
    """The mean accuracy of (activation, rate) ``low`` is below ``high``'s on any CPU."""
    (a, a_rate), (b, b_rate) = low, high
    below = f.accuracy[a][a_rate][0] + _slack(f, a, a_rate)
    return below < f.accuracy[b][b_rate][0] - _slack(f, b, b_rate)


def _worse_at(f: Facts, rate: float) -> int:
    """How many of the non-sigmoid activations have a lower mean accuracy at ``rate`` than at
    their best rate, on any CPU."""
    return sum(_surely_below(f, (n, rate), (n, f.best[n])) for n in f.others)


def _moved(
    f: Facts,
    name: str,
    rate: float,
    quantity: str = "final training loss",
    unit: str = "absolute",
) -> float:
    """The largest change measured of ``quantity`` of a run of ``name`` (registry name) at
    peak ``rate``, over the configurations of benchmarks/cpu_spread.py."""
    return f.spread.largest[f"{quantity} of a {name} run, peak rate {rate}", unit]


def _steady(f: Facts, name: str) -> bool:
    """No run of ``name`` (display name) changed a held-out prediction on any configuration."""
    registry = _REGISTRY_NAMES[name]
    return all(
        _moved(f, registry, r, "held-out accuracy", "points of 400") == 0
        for r in f.constants["LEARNING_RATES"]
    )


def _mostly_between(f: Facts, runs: list[tuple[str, float]], low: float, high: float) -> bool:
    """More than half of the mean accuracies of (activation, rate) ``runs`` lie between ``low``
    and ``high`` on any CPU (rounded as printed)."""
    inside = sum(
        low - 0.5 <= f.accuracy[n][r][0] - _slack(f, n, r)
        and f.accuracy[n][r][0] + _slack(f, n, r) <= high + 0.5
        for n, r in runs
    )
    return inside > len(runs) / 2


def _best_accuracy(f: Facts, names: list[str]) -> tuple[float, float]:
    """Lowest and highest accuracy of any seed of ``names`` at their best rates."""
    lows, highs = zip(*(f.at_best[n]["accuracy"] for n in names), strict=True)
    return min(lows), max(highs)


@functools.cache
def _bench():
    """benchmarks/bench_activations.py as a module: its textbook formulas (it imports JAX only
    when it measures)."""
    spec = importlib.util.spec_from_file_location("bench_activations", cb.SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bench_source() -> str:
    return cb.SCRIPT.read_text()


def _numpy_calls(function: Callable) -> set[str]:
    """The names of the ``np.`` functions that ``function``'s code calls."""
    tree = ast.parse(inspect.getsource(function))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "np"
    }


def _float64_on_one_core() -> bool:
    """The script computes JAX's versions in float64 and pins each measuring process to one CPU."""
    source = _bench_source()
    return (
        'jax.config.update("jax_enable_x64", True)' in source
        and "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})" in source
    )


def _band_share() -> float:
    """The share of the benchmark's inputs in the band where normal_cdf calls the C library."""
    values = np.random.default_rng(0).normal(scale=4.0, size=10**6)
    low, high = _kernels._NDTR_WEAK_BAND
    return float(np.mean((values > low) & (values < high)))


def _piecewise_linear() -> list[str]:
    return [n + s for n in cb.PIECEWISE_LINEAR for s in ("", "_grad")]


def _most_expensive(f: Facts, implementation: str) -> str:
    """The function (not derivative) that took longest, on random signs."""
    return max(f.cost.functions("function"), key=lambda n: f.cost.time(n, implementation))


def _jax_fastest_mostly(f: Facts) -> bool:
    """In more than half of the figure's rows (both panels), jax.jit's mark is the leftmost."""
    names = f.cost.functions()
    fastest = sum(
        f.cost.time(n, "jax")
        < min(f.cost.time(n, i, o) for i in ("package", "textbook") for o in ("random", "sorted"))
        for n in names
    )
    return fastest > len(names) / 2


def _textbook_with_where() -> list[str]:
    """The textbook formulas that choose with np.where."""
    return [
        n
        for n, formula in _bench().TEXTBOOK.items()
        if inspect.isfunction(formula) and "np.where" in inspect.getsource(formula)
    ]


def _gelu_furthest_right(f: Facts, names: list[str]) -> bool:
    """In each panel of ``names``, GELU's package and textbook marks lie right of every other
    activation's marks."""
    for suffix in ("", "_grad"):
        gelu = min(f.cost.time("gelu" + suffix, i) for i in ("package", "textbook"))
        others = [
            f.cost.time(n + suffix, i, o)
            for n in names
            if n != "gelu"
            for i in ("package", "textbook", "jax")
            for o in ("random", "sorted")
        ]
        if gelu <= max(others):
            return False
    return True


#: (words the page, a caption or the notes say, whitespace-normalised; check on the run)
CLAIMS: list[tuple[str, Callable[[Facts], bool]]] = [
    # set-up of the deep networks
    (
        "50 hidden layers, each 128 units wide",
        lambda f: (f.constants["DEPTH"], f.constants["WIDTH"]) == (50, 128),
    ),
    (
        "Fifty hidden layers, 128 units",
        lambda f: (f.constants["DEPTH"], f.constants["WIDTH"]) == (50, 128),
    ),
    ("network of 50 hidden layers", lambda f: f.constants["DEPTH"] == 50),
    # the start page's summary
    (
        "tanh layers by only 0.968 per layer, about 5 times in all",
        lambda f: (
            f.deep["Tanh"]["delta_per_layer"] == 0.968
            and round(1 / f.deep["Tanh"]["delta_ratio"]) == 5
        ),
    ),
    (
        "slope exactly 1 for positive inputs. max(0, x)",
        lambda f: (
            float(ACTIVATIONS["relu"].derivative(3.0)) == 1
            and float(ACTIVATIONS["relu"].function(-3.0)) == 0
        ),
    ),
    (
        "the 50-layer ReLU network keeps its gradient's size within a factor of 10",
        lambda f: f.constants["DEPTH"] == 50 and f.deep["ReLU"]["spread"] < 10,
    ),
    (
        "a batch of 256 random input vectors",
        lambda f: inspect.signature(mlp.layer_statistics).parameters["n_samples"].default == 256,
    ),
    ("|φ′(z)| < 0.1 max |φ′|", lambda f: mlp.SATURATION_THRESHOLD == 0.1),
    ("for the sigmoid that is |z| > 3.64", lambda f: round(_sigmoid_saturation_edge(), 2) == 3.64),
    ("for tanh |z| > 1.82", lambda f: round(_tanh_saturation_edge(), 2) == 1.82),
    # vanishing gradient: the weight gradient, and the two signals it multiplies
    (
        "more than 30 orders of magnitude",
        lambda f: f.deep["Sigmoid"]["delta_ratio"] < 1e-30 and f.deep["Sigmoid"]["spread"] > 1e30,
    ),
    (
        "about 0.24 per layer",
        lambda f: (
            round(f.deep["Sigmoid"]["delta_per_layer"], 2) == 0.24
            and round(f.deep["Sigmoid"]["per_layer"], 2) == 0.24
        ),
    ),
    (
        "falls from 0.208 in the first layer to 0.126 in the last",
        lambda f: (f.deep["Sigmoid"]["h1"], f.deep["Sigmoid"]["h50"]) == (0.208, 0.126),
    ),
    ("past the first layer no sigmoid unit is saturated", lambda f: f.deep["Sigmoid"]["most"] == 0),
    (
        "none of its units is saturated past the first layer",
        lambda f: f.deep["Sigmoid"]["most"] == 0,
    ),
    ("standard deviation of about 0.5", lambda f: round(f.deep["Sigmoid"]["std"], 1) == 0.5),
    ("mean slope σ′ is 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),
    ("mean slope is 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),
    ("mean slope stays near 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),
    ("never more than 1/4", lambda f: mlp.peak_slope("sigmoid") == 0.25),
    ("slope at 0 is 1, such as tanh", lambda f: float(ACTIVATIONS["tanh"].derivative(0.0)) == 1.0),
    ("a slope of 1 at 0, as tanh has", lambda f: float(ACTIVATIONS["tanh"].derivative(0.0)) == 1.0),
    (
        (
            "it changes by a factor of about 1.02 per layer, and by less than a factor of 3 across all "
            "50 layers"
        ),
        lambda f: (
            round(f.deep["Tanh"]["per_layer"], 2) == 1.02
            and f.deep["Tanh"]["spread"] < 3
            and f.constants["DEPTH"] == 50
        ),
    ),
    # the tanh-depth exercise's statement
    ("Yet in the 50-layer tanh network", lambda f: f.constants["DEPTH"] == 50),
    (
        "shrinks only about 5 times over the 49 steps",
        lambda f: round(1 / f.deep["Tanh"]["delta_ratio"]) == 5 and f.constants["DEPTH"] - 1 == 49,
    ),
    (
        "changes by less than a factor of 3 across all 50 layers",
        lambda f: f.deep["Tanh"]["spread"] < 3 and f.constants["DEPTH"] == 50,
    ),
    (
        "shrinks by a factor of 0.968 per layer towards the input, about 5 times over the 49 steps",
        lambda f: (
            f.deep["Tanh"]["delta_per_layer"] == 0.968
            and round(1 / f.deep["Tanh"]["delta_ratio"]) == 5
            and f.constants["DEPTH"] - 1 == 49
        ),
    ),
    (
        "falls from 0.627 in the first layer to 0.109 in the last, 5.74 times smaller",
        lambda f: (
            (f.deep["Tanh"]["h1"], f.deep["Tanh"]["h50"], f.deep["Tanh"]["h_ratio"])
            == (0.627, 0.109, 5.74)
        ),
    ),
    ("|tanh(z)| < |z| and tanh′(z) < 1 for every z ≠ 0", lambda f: _tanh_shrinks()),
    (
        "with a standard deviation of 0.19 on average over layers 2 to 50",
        lambda f: f.deep["Tanh"]["std"] == 0.19 and "[1:].mean()" in f.source,
    ),
    (
        (
            "its mean slope is 0.96, and at most 0.3% of its units are saturated in any layer past the "
            "first"
        ),
        lambda f: round(f.deep["Tanh"]["slope"], 2) == 0.96 and f.deep["Tanh"]["most"] == 0.3,
    ),
    (
        (
            "its backward signal shrinks by a factor of 0.980 per layer towards the input and the "
            "standard deviation of its output falls 7.57 times from the first layer to the last, while "
            "its weight gradient changes by a factor of 1.007 per layer"
        ),
        lambda f: (
            (
                f.deep["GELU"]["delta_per_layer"],
                f.deep["GELU"]["h_ratio"],
                f.deep["GELU"]["per_layer"],
            )
            == (0.980, 7.57, 1.007)
        ),
    ),
    (
        "ReLU's backward signal keeps its size, changing by a factor of 1.005 per layer",
        lambda f: f.deep["ReLU"]["delta_per_layer"] == 1.005,
    ),
    (
        "by a factor of 1.041 per layer, 7.03 times over the 49 steps",
        lambda f: (
            (f.deep["SELU"]["delta_per_layer"], f.deep["SELU"]["delta_ratio"]) == (1.041, 7.03)
        ),
    ),
    (
        "stays near 1: 0.998 in the first layer, 0.963 in the last",
        lambda f: (f.deep["SELU"]["h1"], f.deep["SELU"]["h50"]) == (0.998, 0.963),
    ),
    ("multiplies the backward signal by slopes below 1", lambda f: _tanh_shrinks()),
    (
        "by 0.968 and 0.980 per layer",
        lambda f: (
            (f.deep["Tanh"]["delta_per_layer"], f.deep["GELU"]["delta_per_layer"]) == (0.968, 0.980)
        ),
    ),
    (
        "5.74 and 7.57 times larger at layer 1 than at layer 50",
        lambda f: (
            (f.deep["Tanh"]["h_ratio"], f.deep["GELU"]["h_ratio"]) == (5.74, 7.57)
            and f.constants["DEPTH"] == 50
        ),
    ),
    ("by layer 50's", lambda f: f.constants["DEPTH"] == 50),
    (
        "its backward signal shrinks by 0.968 per layer towards the input",
        lambda f: f.deep["Tanh"]["delta_per_layer"] == 0.968,
    ),
    (
        "its forward signal shrinks from layer 1 to layer 50, 5.74 times",
        lambda f: f.deep["Tanh"]["h_ratio"] == 5.74 and f.constants["DEPTH"] == 50,
    ),
    ("at six of the 50 layers", lambda f: len(f.constants["SHOWN_LAYERS"]) == 6),
    # the slides' summary of the run
    (
        "backward signal shrinking by about 0.24 per layer, because σ′ never exceeds 1/4",
        lambda f: (
            round(f.deep["Sigmoid"]["delta_per_layer"], 2) == 0.24
            and mlp.peak_slope("sigmoid") == 0.25
        ),
    ),
    ("About half of the ReLU units have slope 0", lambda f: 45 <= f.deep["ReLU"]["sat"] <= 55),
    ("Half of the ReLU units have slope 0", lambda f: 45 <= f.deep["ReLU"]["sat"] <= 55),
    ("(s − y)·s(1 − s)", lambda f: _squared_error_slope_is(0.3, 1.0)),
    # what makes units saturate: the backward signal at gains 1, 2 and 4
    ("a gain of 1, 2 or 4", lambda f: tuple(f.constants["GAINS"]) == (1, 2, 4)),
    (
        "a gain of 4, 13% of the sigmoid units and 61% of the tanh units",
        lambda f: (
            (round(f.scaled["Sigmoid", 4]["sat"]), round(f.scaled["Tanh", 4]["sat"])) == (13, 61)
        ),
    ),
    (
        "at gain 4, 13% of the sigmoid units and 61% of the tanh units",
        lambda f: (
            (round(f.scaled["Sigmoid", 4]["sat"]), round(f.scaled["Tanh", 4]["sat"])) == (13, 61)
        ),
    ),
    (
        "from 0.235 to 0.133 for the sigmoid and from 0.96 to 0.22 for tanh",
        lambda f: (
            (
                f.scaled["Sigmoid", 1]["slope"],
                f.scaled["Sigmoid", 4]["slope"],
                round(f.scaled["Tanh", 1]["slope"], 2),
                round(f.scaled["Tanh", 4]["slope"], 2),
            )
            == (0.235, 0.133, 0.96, 0.22)
        ),
    ),
    (
        "0.63 per layer instead of 0.24",
        lambda f: (
            (
                round(f.scaled["Sigmoid", 4]["delta_per_layer"], 2),
                round(f.scaled["Sigmoid", 1]["delta_per_layer"], 2),
            )
            == (0.63, 0.24)
        ),
    ),
    (
        "a factor of 0.63 per layer at gain 4 instead of 0.24",
        lambda f: (
            (
                round(f.scaled["Sigmoid", 4]["delta_per_layer"], 2),
                round(f.scaled["Sigmoid", 1]["delta_per_layer"], 2),
            )
            == (0.63, 0.24)
        ),
    ),
    ("1.55 per layer", lambda f: round(f.scaled["Tanh", 4]["delta_per_layer"], 2) == 1.55),
    (
        "more than 9 orders of magnitude over the 50 layers",
        lambda f: f.scaled["Tanh", 4]["delta_ratio"] > 1e9,
    ),
    # initialisation: the gains (activations.gains, checked against mpmath in test_gains.py),
    # PyTorch's, and the signal-propagation run
    (
        "at 0.9 per layer, 49 layers leave 0.9⁴⁹ ≈ 0.0057 of the signal",
        lambda f: round(0.9**49, 4) == 0.0057,
    ),
    ("(torch.nn.init, PyTorch 2.13.0)", lambda f: _pytorch_is("2.13.0")),
    (
        "checked against mpmath to 11 digits",
        lambda f: "\nREL = 1e-11\n" in (ROOT / "tests" / "test_gains.py").read_text(),
    ),
    ("PyTorch's source calls 3/4 found empirically", lambda f: _pytorch_gain("selu") == 3 / 4),
    (
        "the gain of 4 that undoes σ′(0) = 1/4",
        lambda f: (
            gains.linearisation_gain("sigmoid") == 4
            and float(ACTIVATIONS["sigmoid"].derivative(0.0)) == 0.25
        ),
    ),
    # a citation: lisa-lab/DeepLearningTutorials, code/mlp.py, `W_values *= 4` for the sigmoid
    ("with Glorot's bound multiplied by 4", lambda f: True),
    ("Tanh's 5/3.", lambda f: _pytorch_gain("tanh") == 5 / 3),
    (
        # citations with their dates: PyTorch's pull request 1172 and nninit's commit f57b811
        (
            "opened on 2 April 2017, nine days after its author had added the same line to his Torch7 "
            "package nninit (commit Add tanh gain lookup, 24 March 2017)"
        ),
        lambda f: (datetime.date(2017, 4, 2) - datetime.date(2017, 3, 24)).days == 9,
    ),
    (
        "5/3 is not the forward gain, 1.5925, nor the backward gain, 1.4674",
        lambda f: (
            _pytorch_gain("tanh") == 5 / 3
            and (round(gains.forward_gain("tanh"), 4), round(gains.backward_gain("tanh"), 4))
            == (1.5925, 1.4674)
        ),
    ),
    (
        "a fixed point, 1.1785,",
        lambda f: round(_tanh_fixed_point(gains.fixed_point, 5 / 3), 4) == 1.1785,
    ),
    (
        # the forum's measurement, a citation: "in: 0.9998, out: 0.6518"
        "a root mean square of 0.651 (the forum's experiment measured 0.65)",
        lambda f: round(_tanh_rms_at_fixed_point(5 / 3), 3) == 0.651,
    ),
    (
        "With the forward gain 1.5925 it settles at",
        lambda f: (
            round(gains.forward_gain("tanh"), 4) == 1.5925
            and math.isclose(
                _tanh_fixed_point(gains.fixed_point, gains.forward_gain("tanh")), 1, rel_tol=1e-9
            )
        ),
    ),
    (
        "1.2098 per layer, so the backward signal grows by 1.0999 per layer",
        lambda f: (
            round(_tanh_chi_at_fixed_point(5 / 3), 4) == 1.2098
            and round(math.sqrt(_tanh_chi_at_fixed_point(5 / 3)), 4) == 1.0999
        ),
    ),
    (
        (
            "a pre-activation second moment of 1.18, and there the backward signal grows by 1.10 per "
            "layer"
        ),
        lambda f: (
            round(_tanh_fixed_point(gains.fixed_point, 5 / 3), 2) == 1.18
            and round(math.sqrt(_tanh_chi_at_fixed_point(5 / 3)), 2) == 1.10
        ),
    ),
    # a citation: the abstract of Schoenholz et al. (2017)
    (
        (
            "a backward factor below 1 at the fixed point means vanishing gradients in deep random "
            "networks, and above 1 exploding ones"
        ),
        lambda f: True,
    ),
    ("his Torch7 package", lambda f: True),  # a name
    ("Its 5/3 for tanh", lambda f: _pytorch_gain("tanh") == 5 / 3),
    ("What 5/3 does", lambda f: _pytorch_gain("tanh") == 5 / 3),
    ("PyTorch calls its 3/4 empirical", lambda f: _pytorch_gain("selu") == 3 / 4),
    (
        "(50 layers of 128 units,",
        lambda f: (f.constants["DEPTH"], f.constants["WIDTH"]) == (50, 128),
    ),
    ("50-layer network", lambda f: f.constants["DEPTH"] == 50),
    (
        "stays level in both rows keeps both signals",
        lambda f: "backward_norm[-1]" in f.source,
    ),
    (
        "stays level in both rows keeps both signals (the top row's level is set at layer 1)",
        lambda f: "ax.axhline(1.0" in f.source and "backward_norm[-1]" in f.source,
    ),
    ("divided by its value at layer 50", lambda f: "backward_norm[-1]" in f.source),
    ("relative to its size at layer 50", lambda f: "backward_norm[-1]" in f.source),
    ("relative to layer 50", lambda f: "backward_norm[-1]" in f.source),
    (
        "goes from 1.41 at layer 1 to 2.01 at layer 50",
        lambda f: (
            (round(f.signal["ReLU, He"]["a1"], 2), f.signal["ReLU, He"]["a50"]) == (1.41, 2.01)
        ),
    ),
    (
        "1.005 per layer",
        lambda f: (
            f.signal["ReLU, He"]["delta_per_layer"] == f.deep["ReLU"]["delta_per_layer"] == 1.005
        ),
    ),
    (
        "the backward signal shrinks by 0.699 per layer",
        lambda f: f.signal["ReLU, Glorot"]["delta_per_layer"] == 0.699,
    ),
    (
        "0.7 per layer",
        lambda f: (
            round(f.signal["ReLU, Glorot"]["delta_per_layer"], 1) == 0.7
            and round(
                (f.signal["ReLU, Glorot"]["a50"] / f.signal["ReLU, Glorot"]["a1"]) ** (1 / 49), 1
            )
            == 0.7
        ),
    ),
    (
        "to about 2 × 10⁻⁸",
        lambda f: (
            round(f.signal["ReLU, Glorot"]["a50"] * 1e8)
            == round(f.signal["ReLU, Glorot"]["delta_ratio"] * 1e8)
            == 2
        ),
    ),
    ("Tanh with gain 1", lambda f: f.signal["Tanh, Glorot"]["g2"] == 1.0),
    ("0.111 at layer 50", lambda f: f.signal["Tanh, Glorot"]["a50"] == 0.111),
    (
        "the backward signal shrinks by 0.968 per layer",
        lambda f: f.signal["Tanh, Glorot"]["delta_per_layer"] == 0.968,
    ),
    ("gain 1.59 or 5/3", lambda f: _tanh_gains_tried(f)),
    ("forward gain 1.59 or PyTorch's 5/3", lambda f: _tanh_gains_tried(f)),
    ("forward gain 1.59 and PyTorch's 5/3", lambda f: _tanh_gains_tried(f)),
    (
        "0.977 and 1.07 at layer 50",
        lambda f: (
            (f.signal["Tanh, Glorot × 1.59"]["a50"], f.signal["Tanh, Glorot × 5/3"]["a50"])
            == (0.977, 1.07)
        ),
    ),
    (
        "39.9 and 80.5 times",
        lambda f: (
            (
                f.signal["Tanh, Glorot × 1.59"]["delta_ratio"],
                f.signal["Tanh, Glorot × 5/3"]["delta_ratio"],
            )
            == (39.9, 80.5)
        ),
    ),
    ("over the 49 layers", lambda f: f.constants["DEPTH"] - 1 == 49),
    (
        "the recursion above predicts 40.1 and 79.7",
        lambda f: (
            (
                f.signal["Tanh, Glorot × 1.59"]["predicted_ratio"],
                f.signal["Tanh, Glorot × 5/3"]["predicted_ratio"],
            )
            == (40.1, 79.7)
        ),
    ),
    (
        "At gain 4 they have 2.58 at layer 50, where σ′ is far below its peak of 1/4",
        lambda f: (
            f.signal["Sigmoid, Glorot × 4"]["a50"] == 2.58 and mlp.peak_slope("sigmoid") == 0.25
        ),
    ),
    (
        "0.633 per layer instead of 0.237",
        lambda f: (
            (
                f.signal["Sigmoid, Glorot × 4"]["delta_per_layer"],
                f.signal["Sigmoid, Glorot"]["delta_per_layer"],
            )
            == (0.633, 0.237)
        ),
    ),
    (
        "from 0.237 to 0.633 per layer, still far below 1",
        lambda f: (
            (
                f.signal["Sigmoid, Glorot"]["delta_per_layer"],
                f.signal["Sigmoid, Glorot × 4"]["delta_per_layer"],
            )
            == (0.237, 0.633)
        ),
    ),
    ("gain 4 lifts the backward factor", lambda f: f.signal["Sigmoid, Glorot × 4"]["g2"] == 16),
    ("The sigmoid's gain of 4", lambda f: f.signal["Sigmoid, Glorot × 4"]["g2"] == 16),
    (
        "stays near 1 (0.954 at layer 50)",
        lambda f: f.signal["SELU, LeCun"]["a50"] == 0.954 and f.signal["SELU, LeCun"]["a10"] > 0.95,
    ),
    ("(0.954 at layer 50)", lambda f: f.signal["SELU, LeCun"]["a50"] == 0.954),
    (
        "forward signal near 1 while its backward signal grows 7.03 times",
        lambda f: (
            abs(f.signal["SELU, LeCun"]["a50"] - 1) < 0.05
            and f.signal["SELU, LeCun"]["delta_ratio"] == 7.03
        ),
    ),
    ("grows 7.03 times", lambda f: f.signal["SELU, LeCun"]["delta_ratio"] == 7.03),
    ("the recursion predicts 5.44", lambda f: f.signal["SELU, LeCun"]["predicted_ratio"] == 5.44),
    (
        "PyTorch's 3/4 the forward signal falls to 0.141",
        lambda f: _pytorch_gain("selu") == 3 / 4 and f.signal["SELU, LeCun × 3/4"]["a50"] == 0.141,
    ),
    (
        "PyTorch's gain of 3/4 the forward signal falls to 0.141",
        lambda f: _pytorch_gain("selu") == 3 / 4 and f.signal["SELU, LeCun × 3/4"]["a50"] == 0.141,
    ),
    ("from 1.02 to 10", lambda f: _tanh_chi_above_one((1.02, 1.1, 1.5, 2, 3, 5, 10))),
    (
        "one gain, far out at g ≈ 10.1, also gives a backward factor of exactly 1 there",
        lambda f: round(_sigmoid_balanced_gain()[0], 1) == 10.1,
    ),
    (
        "settle at a standard deviation of about 6.75, and 59% of its units are saturated (slope below a tenth of σ′(0))",
        lambda f: (
            round(math.sqrt(_sigmoid_balanced_gain()[1]), 2) == 6.75
            and round(100 * _sigmoid_saturated_share(_sigmoid_balanced_gain()[1])) == 59
        ),
    ),
    ("of these, only ReLU with He's variance keeps both", lambda f: _only_relu_he_keeps_both(f)),
    # training set-up
    ("Two interleaved spirals of 200 points each", lambda f: "two_spirals(400," in f.source),
    ("A second draw of 400 points", lambda f: "x_test, y_test = mlp.two_spirals(400," in f.source),
    (
        "(2 inputs, two hidden layers of 32 units, one logistic output)",
        lambda f: f.constants["HIDDEN"] == [32, 32] and "[2, *HIDDEN, 1]" in f.source,
    ),
    ("two hidden layers of 32 units", lambda f: f.constants["HIDDEN"] == [32, 32]),
    (
        "eight hidden activations: sigmoid, tanh, ReLU, Leaky ReLU, ELU, SELU, SiLU and GELU",
        lambda f: (
            f.constants["HIDDEN_ACTIVATIONS"]
            == ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "silu", "gelu"]
        ),
    ),
    ("with β = 1 it is SiLU", lambda f: dict(ACTIVATIONS["swish"].params) == {"beta": 1.0}),
    ("400 full-batch steps", lambda f: f.constants["STEPS"] == 400),
    ("400 full-batch Adam steps", lambda f: f.constants["STEPS"] == 400),
    ("within 400 steps", lambda f: f.constants["STEPS"] == 400),
    (
        "four peak rates, 0.01, 0.03, 0.1 and 0.3, from three weight seeds each, 96 runs in all",
        lambda f: (
            tuple(f.constants["LEARNING_RATES"]) == (0.01, 0.03, 0.1, 0.3)
            and len(f.constants["SEEDS"]) == 3
            and len(f.constants["HIDDEN_ACTIVATIONS"]) * 12 == 96
        ),
    ),
    (
        "four peak learning rates, 0.01, 0.03, 0.1 and 0.3, from three seeds each",
        lambda f: (
            tuple(f.constants["LEARNING_RATES"]) == (0.01, 0.03, 0.1, 0.3)
            and len(f.constants["SEEDS"]) == 3
        ),
    ),
    # training results
    (
        "94% to 97% of the held-out points right on every seed",
        lambda f: _best_accuracy(f, f.others) == (94, 97),
    ),
    (
        "94% to 97% of the held-out points correctly, on every seed",
        lambda f: _best_accuracy(f, f.others) == (94, 97),
    ),
    (
        "SiLU's three seeds alone span 94% to 97%",
        lambda f: f.at_best["SiLU"]["accuracy"] == (94, 97),
    ),
    (
        "loss stays on a plateau near 0.67",
        lambda f: all(round(f.loss["Sigmoid"][r], 2) == 0.67 for r in (0.01, 0.03)),
    ),
    ("At 0.01 and 0.03", lambda f: all(f.best["Sigmoid"] != r for r in (0.01, 0.03))),
    (
        "held-out points correctly; at its best rate, 0.1, its three seeds reach 78% to 96%",
        lambda f: f.best["Sigmoid"] == 0.1 and f.at_best["Sigmoid"]["accuracy"] == (78, 96),
    ),
    (
        "classifies 60% to 61%",
        lambda f: (
            (
                min(f.accuracy["Sigmoid"][r][1] for r in (0.01, 0.03)),
                max(f.accuracy["Sigmoid"][r][2] for r in (0.01, 0.03)),
            )
            == (60, 61)
        ),
    ),
    (
        "gets 60% to 61% right",
        lambda f: (
            (
                min(f.accuracy["Sigmoid"][r][1] for r in (0.01, 0.03)),
                max(f.accuracy["Sigmoid"][r][2] for r in (0.01, 0.03)),
            )
            == (60, 61)
        ),
    ),
    (
        "at 0.01 or 0.03 it stays on its plateau",
        lambda f: all(f.loss["Sigmoid"][r] > 0.6 for r in (0.01, 0.03)),
    ),
    (
        "The sigmoid needs the rate of 0.1, and even there its seeds get 78% to 96%",
        lambda f: f.best["Sigmoid"] == 0.1 and f.at_best["Sigmoid"]["accuracy"] == (78, 96),
    ),
    (
        "the sigmoid gets 78% to 96%, and 60% or 61% at the rates of 0.01 and 0.03",
        lambda f: (
            f.at_best["Sigmoid"]["accuracy"] == (78, 96)
            and all(
                f.accuracy["Sigmoid"][r][1:] in ((60, 60), (60, 61), (61, 61)) for r in (0.01, 0.03)
            )
        ),
    ),
    (
        "a single rate of 0.01 for every activation, this comparison would have shown the sigmoid stuck at 60% and every other activation at 92% or more",
        lambda f: (
            f.accuracy["Sigmoid"][0.01][0] == 60
            and min(f.accuracy[n][0.01][1] for n in f.others) >= 92
        ),
    ),
    (
        "With one rate of 0.01 for all, we would have shown the sigmoid failing and the rest at 92% or more",
        lambda f: (
            f.accuracy["Sigmoid"][0.01][0] == 60
            and min(f.accuracy[n][0.01][1] for n in f.others) >= 92
        ),
    ),
    (
        "at 0.3, the largest tried, most of them do worse than at their best rate",
        lambda f: _worse_at(f, 0.3) > len(f.others) / 2,
    ),
    (
        "At 0.3 most networks do worse than at their best rate",
        lambda f: _worse_at(f, 0.3) > len(f.others) / 2,
    ),
    (
        "below 0.07 with GELU, ReLU, Leaky ReLU and SiLU, between 0.17 and 0.32 with ELU, tanh and SELU, and still 0.66 with the sigmoid",
        lambda f: (
            all(f.at_best[n]["step100"] < 0.07 for n in ("GELU", "ReLU", "Leaky ReLU", "SiLU"))
            and (
                round(min(f.at_best[n]["step100"] for n in ("ELU", "Tanh", "SELU")), 2),
                round(max(f.at_best[n]["step100"] for n in ("ELU", "Tanh", "SELU")), 2),
            )
            == (0.17, 0.32)
            and round(f.at_best["Sigmoid"]["step100"], 2) == 0.66
            and f.at_best["Sigmoid"]["step100"] == max(v["step100"] for v in f.at_best.values())
        ),
    ),
    ("After 100 steps", lambda f: "[100]" in f.source),
    (
        "between 0.14 and 0.39 across the seeds, is the highest",
        lambda f: (
            tuple(round(v, 2) for v in f.at_best["Sigmoid"]["loss"]) == (0.14, 0.39)
            and all(f.at_best[n]["loss"][1] < f.at_best["Sigmoid"]["loss"][0] for n in f.others)
        ),
    ),
    (
        "a final loss between 0.14 and 0.39; the others end between 0.014 and 0.067",
        lambda f: (
            tuple(round(v, 2) for v in f.at_best["Sigmoid"]["loss"]) == (0.14, 0.39)
            and (
                min(f.at_best[n]["loss"][0] for n in f.others),
                max(f.at_best[n]["loss"][1] for n in f.others),
            )
            == (0.014, 0.067)
        ),
    ),
    ("under 160 of the held-out points", lambda f: "permutation(len(y_test))[:160]" in f.source),
    ("all 400 held-out points", lambda f: "x_test, y_test = mlp.two_spirals(400," in f.source),
    ("(seed 0, at its best peak learning rate)", lambda f: f.constants["SEEDS"][0] == 0),
    (
        "every network gets 95% to 97% right",
        lambda f: (
            (
                min(v["seed0"] for v in f.at_best.values()),
                max(v["seed0"] for v in f.at_best.values()),
            )
            == (95, 97)
        ),
    ),
    # cost: what the benchmark measured, read from benchmarks/results.csv
    ("a million float64 numbers", lambda f: "\nN = 10**6\n" in _bench_source()),
    ("10⁵ rows of 10 logits", lambda f: "reshape(N // 10, 10)" in _bench_source()),
    ("All three compute in float64 on one core of the CPU", lambda f: _float64_on_one_core()),
    ("all in float64 on one CPU core", lambda f: _float64_on_one_core()),
    ("The script writes the best of 20 calls of each", lambda f: f.cost.setting["repeats"] == "20"),
    ("The best of 20 calls", lambda f: f.cost.setting["repeats"] == "20"),
    ("the tests hold them to within 20% of the file", lambda f: cb.ABOUT == 0.2),
    (
        "on x86_64 with 2 logical CPUs, Python 3.11.7, numpy 2.2.6, scipy 1.15.3 and jax 0.10.2",
        lambda f: (
            f.benchmark["versions"] == ("x86_64, 2 cores", "3.11.7", "2.2.6", "1.15.3", "0.10.2")
            and _cores_are_logical_cpus()
        ),
    ),
    (
        "one of the 2 logical CPUs of an x86_64 machine",
        lambda f: f.benchmark["machine"] == "x86_64, 2 cores" and _cores_are_logical_cpus(),
    ),
    (
        "under a minute on the site's 2-CPU test machine",
        lambda f: (
            max(f.benchmark["notebook_seconds"]) < 60
            and f.benchmark["machine"] == "x86_64, 2 cores"
            and _cores_are_logical_cpus()
        ),
    ),
    (
        "the eight activations of the training experiment",
        lambda f: len(f.constants["HIDDEN_ACTIVATIONS"]) == 8,
    ),
    # passes over memory
    (
        "ReLU is one np.maximum call",
        lambda f: "return np.maximum(x, 0.0)" in inspect.getsource(rectifiers.relu),
    ),
    (
        "writes max(x, αx) into the array of αx, two calls and no other array, and took less than twice as long as ReLU",
        lambda f: (
            f.cost.ratio("leaky_relu") < 2
            and "pick(x, scaled, out=scaled)"
            in inspect.getsource(_kernels.linear_with_slope_below_zero)
        ),
    ),
    # temporary arrays
    ("two arrays of 8 MB", lambda f: "\nN = 10**6\n" in _bench_source()),
    (
        "max(x, 0) + log1p(e−|x|)",
        lambda f: "rectified = np.maximum(x, 0.0)" in inspect.getsource(_kernels.log_one_plus_exp),
    ),
    (
        "The textbook ReLU6, np.minimum(np.maximum(0, x), 6), made hundreds of page faults per call and took about 7 times as long as ReLU",
        lambda f: (
            "np.minimum(np.maximum(0, x), 6)" in inspect.getsource(_bench().TEXTBOOK["relu6"])
            and f.cost.faults["relu6", "textbook", "random"] >= 100
            and cb.about(f.cost.ratio("relu6", "textbook"), 7)
        ),
    ),
    (
        "the package's ReLU6 computes the same into one array and took about twice as long as ReLU",
        lambda f: (
            cb.about(f.cost.ratio("relu6"), 2) and f.cost.faults["relu6", "package", "random"] == 0
        ),
    ),
    # branches
    (
        "with arithmetic on a 0/1 mask, which do not branch",
        lambda f: all(
            not {"where", "copyto", "putmask"} & _numpy_calls(g)
            for g in (
                rectifiers.leaky_relu_grad,
                hardware.hard_sigmoid_grad,
                hardware.hard_swish_grad,
                rectifiers._elu_grad,
            )
        ),
    ),
    (
        "the textbook Leaky ReLU, np.where(x > 0, x, 0.01 * x), took about 1.7 times as long on random signs as on the same values sorted",
        lambda f: (
            "np.where(x > 0, x, 0.01 * x)" in inspect.getsource(_bench().TEXTBOOK["leaky_relu"])
            and cb.about(f.cost.branch_ratio("leaky_relu", "textbook"), 1.7)
        ),
    ),
    (
        "that function took about 2.5 times as long on random signs as on sorted ones",
        lambda f: (
            cb.about(f.cost.branch_ratio("selu"), 2.5)
            and "np.copyto(out, x, where=x > 0)" in inspect.getsource(rectifiers._elu)
        ),
    ),
    (
        "the package's and the textbook GELU each took about 1.5 times as long on random signs as on sorted ones",
        lambda f: all(
            cb.about(f.cost.branch_ratio("gelu", i), 1.5) for i in ("package", "textbook")
        ),
    ),
    # transcendental functions
    (
        "NumPy's own exp, expm1, tanh and arctan are fast: the package's sigmoid, tanh, ELU and SiLU took between 3 and 6 times as long as ReLU",
        lambda f: all(3 <= f.cost.ratio(n) <= 6 for n in ("sigmoid", "tanh", "elu", "silu")),
    ),
    (
        "GELU, which needs it, is the most expensive function of the package, about 50 times ReLU's time",
        lambda f: _most_expensive(f, "package") == "gelu" and cb.about(f.cost.ratio("gelu"), 50),
    ),
    (
        "for the 5% of these inputs where SciPy's normal CDF loses digits",
        lambda f: round(100 * _band_share()) == 5,
    ),
    # fusion
    (
        "every piecewise-linear function and derivative took less than twice as long as XLA's own copy of the array, and no more than 10% longer on random signs than on the same values sorted",
        lambda f: all(
            f.cost.time(n, "jax") < 2 * f.cost.time("copy", "jax")
            and f.cost.branch_ratio(n, "jax") <= 1.1
            for n in _piecewise_linear()
        ),
    ),
    (
        "The exact GELU took about 10 times as long as that copy, and the package's GELU about 6 times as long as the compiled one",
        lambda f: (
            cb.about(f.cost.time("gelu", "jax") / f.cost.time("copy", "jax"), 10)
            and cb.about(f.cost.time("gelu") / f.cost.time("gelu", "jax"), 6)
        ),
    ),
    (
        "XLA's arctan took about 7 times as long as NumPy's",
        lambda f: cb.about(f.cost.time("arctan", "jax") / f.cost.time("arctan"), 7),
    ),
    (
        "its softplus, which needs a logarithm, longer than the package's",
        lambda f: f.cost.time("softplus", "jax") > f.cost.time("softplus"),
    ),
    (
        "which computes x³ as x**3, took about 9 times as long as the package's",
        lambda f: (
            "x**3" in inspect.getsource(_bench().TEXTBOOK["gelu_tanh"])
            and cb.about(f.cost.time("gelu_tanh", "textbook") / f.cost.time("gelu_tanh"), 9)
        ),
    ),
    # the cost slide's notes
    (
        "the textbook Leaky ReLU, np.where(x > 0, x, 0.01 * x), took about 15 times as long as ReLU",
        lambda f: cb.about(f.cost.ratio("leaky_relu", "textbook"), 15),
    ),
    (
        "on random signs the textbook formula took about 1.7 times as long as on the same values sorted",
        lambda f: cb.about(f.cost.branch_ratio("leaky_relu", "textbook"), 1.7),
    ),
    (
        # the time the sorted run saves, as a share of the time on random signs
        "so mispredicted branches cost about two fifths of its time",
        lambda f: cb.about(1 - 1 / f.cost.branch_ratio("leaky_relu", "textbook"), 2 / 5),
    ),
    (
        "is the most expensive, about 50 times ReLU's time in the package",
        lambda f: _most_expensive(f, "package") == "gelu" and cb.about(f.cost.ratio("gelu"), 50),
    ),
    (
        "ReLU and Leaky ReLU took less than twice as long as a copy of the array, and the exact GELU about 10 times as long as a copy",
        lambda f: (
            all(
                f.cost.time(n, "jax") < 2 * f.cost.time("copy", "jax")
                for n in ("relu", "leaky_relu")
            )
            and cb.about(f.cost.time("gelu", "jax") / f.cost.time("copy", "jax"), 10)
        ),
    ),
    # the cost figures' alt text
    (
        "logarithmic x-axis from 0.2 to 100",
        lambda f: (
            (f.constants["COST_TICKS"][0], f.constants["COST_TICKS"][-1]) == (0.2, 100)
            and 'ax.set_xscale("log")' in f.source
        ),
    ),
    (
        "In most rows the green triangle lies left of the other marks",
        lambda f: _jax_fastest_mostly(f),
    ),
    (
        "GELU's filled vermillion circle lies furthest right among the package's functions",
        lambda f: _most_expensive(f, "package") == "gelu",
    ),
    (
        "the open marks stand clearly left of the filled ones for the textbook formulas built on np.where, for SELU's function in the package, and for GELU in both versions",
        lambda f: (
            all(
                f.cost.time(n, "textbook") > 1.3 * f.cost.time(n, "textbook", "sorted")
                for n in _textbook_with_where()
                if (n, "textbook", "sorted") in f.cost.ns  # rows the file has
            )
            and f.cost.time("selu") > 1.3 * f.cost.time("selu", "package", "sorted")
            and all(
                f.cost.branch_ratio(n, i) > 1.3
                for n in ("gelu", "gelu_grad")
                for i in ("package", "textbook")
            )
        ),
    ),
    (
        "The green triangles of ReLU and Leaky ReLU lie next to the dotted line",
        lambda f: all(
            f.cost.time(n + s, "jax") < 2.5 * f.cost.time("copy", "numpy")
            for n in ("relu", "leaky_relu")
            for s in ("", "_grad")
        ),
    ),
    (
        "GELU's vermillion and blue marks lie furthest right in both panels",
        lambda f: _gelu_furthest_right(f, f.constants["HIDDEN_ACTIVATIONS"]),
    ),
    ("Gradients through 50 layers", lambda f: f.constants["DEPTH"] == 50),
    ("@nvidia2023memory, chapter 2]", lambda f: True),  # a citation
    ("by a factor of more than 1.25", lambda f: "SORTED_CHANGE = 1.25" in f.source),
    # the run time, as benchmarks/bench_notebooks.py recorded it
    ("under a minute", lambda f: max(f.benchmark["notebook_seconds"]) < 60),
    # the alt text of the two figures that plot the runs at the chaotic rate
    (
        "peak learning rate 0.01, 0.03, 0.1 and 0.3 on a logarithmic x-axis",
        lambda f: (
            tuple(f.constants["LEARNING_RATES"]) == (0.01, 0.03, 0.1, 0.3)
            and 'ax.set_xscale("log")' in f.source
        ),
    ),
    (
        "accuracy from 35 to 100 percent on the y-axis",
        lambda f: "ax.set_ylim(35, 100)" in f.source,
    ),
    (
        "accuracy from 35 to 100 percent on the x-axis",
        lambda f: "ax.set_xlim(35, 100)" in f.source,
    ),
    (
        "Sigmoid: about 60 percent at 0.01 and 0.03, 78 to 96 percent at its best rate 0.1, and 42 to 57 percent at 0.3",
        lambda f: (
            all(round(f.accuracy["Sigmoid"][r][0]) == 60 for r in (0.01, 0.03))
            and f.best["Sigmoid"] == 0.1
            and f.at_best["Sigmoid"]["accuracy"] == (78, 96)
            and f.accuracy["Sigmoid"][0.3][1:] == (42, 57)
            and _steady(f, "Sigmoid")
        ),
    ),
    (
        "Every other activation reaches about 95 percent at its best rate",
        lambda f: all(abs(f.accuracy[n][f.best[n]][0] - 95) <= 2 for n in f.others),
    ),
    (
        "0.03 for ReLU, 0.1 for the others",
        lambda f: f.best == {n: 0.03 if n == "ReLU" else 0.1 for n in f.best},
    ),
    (
        "Tanh dips at 0.03",
        lambda f: all(_surely_below(f, ("Tanh", 0.03), ("Tanh", r)) for r in (0.01, 0.1)),
    ),
    (
        "Tanh, ReLU, ELU and SELU drop at 0.3",
        lambda f: all(
            _surely_below(f, (n, 0.3), (n, f.best[n])) for n in ("Tanh", "ReLU", "ELU", "SELU")
        ),
    ),
    (
        "lie between 94 and 97 percent for every activation but the sigmoid, whose dots are at 78, 96 and 96 percent",
        lambda f: (
            _best_accuracy(f, f.others) == (94, 97)
            and f.at_best["Sigmoid"]["accuracy"] == (78, 96)
            # the third seed: three times the mean, less the other two, to the mean's rounding
            and abs(3 * f.accuracy["Sigmoid"][f.best["Sigmoid"]][0] - 78 - 96 - 96) <= 1.5
        ),
    ),
    (
        "the sigmoid's at about 49, 60 and 60 percent",
        lambda f: (
            [round(f.accuracy["Sigmoid"][r][0]) for r in (0.3, 0.01, 0.03)] == [49, 60, 60]
            and f.best["Sigmoid"] == 0.1
            and _steady(f, "Sigmoid")
        ),
    ),
    (
        "the others' mostly between 82 and 97 percent",
        lambda f: _mostly_between(
            f,
            [(n, r) for n in f.others for r in f.constants["LEARNING_RATES"] if r != f.best[n]],
            82,
            97,
        ),
    ),
    # what another processor changes, as benchmarks/cpu_spread.py measured it
    (
        "AVX-512, AVX2 or older instruction sets",
        lambda f: (
            {kernels.split(",")[0] for kernels, _ in f.spread.configurations}
            == {"exp AVX512_SKX", "exp AVX512F", "exp AVX2", "exp baseline"}
        ),
    ),
    (
        "with every combination of them",
        lambda f: len(f.spread.configurations) == 4 * 5,
    ),
    (
        "Training tanh networks at the peak rate of 0.3 is chaotic",
        lambda f: (
            f.spread.chaotic_rates() == {0.3}
            and max(f.constants["HIDDEN_ACTIVATIONS"], key=lambda n: _moved(f, n, 0.3)) == "tanh"
        ),
    ),
    (
        "a run's final loss moves by up to 0.02 and up to 8 of the 400 held-out points change class",
        lambda f: (
            round(_moved(f, "tanh", 0.3), 2) == 0.02
            and _moved(f, "tanh", 0.3, "held-out accuracy", "points of 400") == 8
            and "x_test, y_test = mlp.two_spirals(400," in f.source
        ),
    ),
    ("tanh's dots at 0.3 in", lambda f: 0.3 in f.spread.chaotic_rates()),
    (
        "the accuracies of the tanh and GELU runs at the peak rate of 0.3 can move, tanh's by up to 2 percentage points",
        lambda f: (
            f.spread.chaotic_rates() == {0.3}
            and _moved(f, "tanh", 0.3, "held-out accuracy", "points of 400") * 100 / 400 == 2
            and _moved(f, "gelu", 0.3, "held-out accuracy", "points of 400") > 0
            and all(
                _moved(f, n, r, "held-out accuracy", "points of 400") == 0
                for n in f.constants["HIDDEN_ACTIVATIONS"]
                for r in f.constants["LEARNING_RATES"]
                if (n, r) not in {("tanh", 0.3), ("gelu", 0.3)}
            )
        ),
    ),
    (
        "NumPy's tanh kernels differ by up to 3 ulps on 10⁶ values",
        lambda f: f.spread.largest["np.tanh, 10^6 values", "ulps at most"] == 3,
    ),
    (
        "The GELU and SELU runs at 0.3 moved less, by under 0.003 in loss and at most 1 held-out point",
        lambda f: all(
            _moved(f, n, 0.3) < 0.003
            and _moved(f, n, 0.3, "held-out accuracy", "points of 400") <= 1
            for n in ("gelu", "selu")
        ),
    ),
    (
        "the final loss of every other run by less than a millionth",
        lambda f: all(
            _moved(f, n, r) < 1e-6
            for n in f.constants["HIDDEN_ACTIVATIONS"]
            for r in f.constants["LEARNING_RATES"]
            if (n, r) not in {("tanh", 0.3), ("gelu", 0.3), ("selu", 0.3)}
        ),
    ),
    (
        "What this page says about the runs at 0.3 holds for any result within twice the measured spread",
        lambda f: f.spread.chaotic_rates() == {0.3} and cpu.MARGIN == 2,
    ),
]


def _plain(text: str) -> str:
    """Whitespace collapsed and pandoc's typographic apostrophes made plain."""
    return " ".join(text.replace("\u2019", "'").split())


def _without_math_and_tables(node: object) -> object:
    """``node`` without its formulas and tables: the derivations' symbols are not measurements,
    and tests/test_initialisation.py checks the tables cell by cell."""
    if isinstance(node, list):
        return [
            _without_math_and_tables(item)
            for item in node
            if not (isinstance(item, dict) and item.get("t") in ("Math", "Table"))
        ]
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": _without_math_and_tables(node["c"])}
    return node


def texts(root: Path, notebook: dict) -> dict[str, str]:
    """What readers see: the page's prose, the reference page's section on initialisation
    (which reads the same runs), the captions of the figures and tables they and the experiment
    slides embed, the alt text of ALT_TEXT_LABELS, and those slides' speaker notes, each
    whitespace-normalised."""
    page_path = root / "experiments.qmd"
    page = qs.load_page(page_path)
    found = {"experiments.qmd": _plain(qs.stringify(_without_math_and_tables(page.blocks)))}
    labels = re.findall(r"Experiments\.ipynb#([\w-]+)", page_path.read_text())
    reference = qs.load_page(root / qs.REFERENCE)
    section = qs.section_blocks(reference.blocks, "sec-initialisation") or []
    found["activations.qmd #sec-initialisation"] = _plain(
        qs.stringify(_without_math_and_tables(section))
    )
    labels += re.findall(r"Experiments\.ipynb#([\w-]+)", json.dumps(section))
    show = qs.load_page(root / qs.SLIDESHOW)
    for slide in qs.slides(show):
        if slide.ident not in SLIDES:
            continue
        notes = [d for d in qs.divs_with_class(slide.blocks, "notes")]
        found[f"notes #{slide.ident}"] = _plain(" ".join(qs.stringify(d) for d in notes))
        labels += re.findall(r"Experiments\.ipynb#([\w-]+)", json.dumps(slide.blocks))
    for cell in _code_cells(notebook):
        if cell.label in labels:
            option = "tbl-cap" if cell.label.startswith("tbl-") else "fig-cap"
            found[f"caption {cell.label}"] = _plain(str(cell.options[option]))
        if cell.label in ALT_TEXT_LABELS:
            found[f"alt {cell.label}"] = _plain(str(cell.options["fig-alt"]))
    # The start page's path through the core functions, and the slides' summary, quote this
    # run: the sentences that cite it.
    start = _plain(qs.stringify(qs.load_page(root / START).blocks))
    quoted = [s for s in re.split(r"(?<=\.) (?=[A-Z])", start) if "50-layer" in s]
    found[START] = " ".join(quoted)
    (advice,) = [slide for slide in qs.slides(show) if slide.ident == "how-to-choose"]
    notes = _plain(" ".join(qs.stringify(d) for d in qs.divs_with_class(advice.blocks, "notes")))
    quoted = [s for s in re.split(r"(?<=\.) (?=[A-Z])", notes) if "experiment showed" in s]
    found["notes #how-to-choose"] = " ".join(quoted)
    # The tanh-depth exercise's statement quotes the run: its sentence about the experiments page.
    (exercise,) = [
        e
        for e in qs.walk(qs.load_page(root / EXERCISES).blocks)
        if e["t"] == "Div" and qs.attr_of(e)[0] == "ex-gradients-tanh-depth"
    ]
    statement = _plain(qs.stringify(exercise["c"][1][0]))
    quoted = [s for s in re.split(r"(?<=\.) (?=[A-Z])", statement) if "experiments page" in s]
    found[f"{EXERCISES} #ex-gradients-tanh-depth"] = " ".join(quoted)
    return found


def claim_problems(facts: Facts, shown: dict[str, str]) -> list[str]:
    """Claims that no text states any more, claims the run does not support, and numbers in
    the texts that no claim covers."""
    problems, covered = [], {where: [] for where in shown}
    for words, holds in CLAIMS:
        spans = [
            (where, match.span())
            for where, text in shown.items()
            for match in re.finditer(re.escape(words), text)
        ]
        if not spans:
            problems.append(f"no page, caption or note says {words!r} any more")
        elif not holds(facts):
            problems.append(f"the run does not support {words!r}")
        for where, span in spans:
            covered[where].append(span)
    for where, text in shown.items():
        masked = _CITATION.sub(lambda m: " " * len(m[0]), text)
        for match in _DIGITS.finditer(_YEAR.sub(lambda m: " " * len(m[0]), masked)):
            if not any(a <= match.start() and match.end() <= b for a, b in covered[where]):
                context = text[max(0, match.start() - 40) : match.end() + 40]
                problems.append(f"{where}: {match[0]!r} is not checked: ...{context}...")
    return problems


@pytest.fixture(scope="module")
def benchmark_rows() -> list[dict[str, str]]:
    with BENCHMARK_CSV.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_number_on_the_page_and_in_the_notes_is_true_of_the_stored_run(
    committed: dict, benchmark_rows: list
) -> None:
    problems = claim_problems(facts_of(committed, benchmark_rows), texts(ROOT, committed))
    assert not problems, "\n".join(problems)


def test_hidden_activations_are_an_explicit_list_the_training_iterates_over(
    committed: dict,
) -> None:
    problems = training_list_problems(committed)
    assert not problems, "\n".join(problems)


def training_list_problems(notebook: dict) -> list[str]:
    """The training grid runs over HIDDEN_ACTIVATIONS, a literal list of elementwise registry
    names, so a new registry entry cannot lengthen the run; and the grid stays in budget."""
    constants = _constants(notebook)
    hidden = constants.get("HIDDEN_ACTIVATIONS")
    problems = []
    if not isinstance(hidden, list) or not hidden:
        return ["HIDDEN_ACTIVATIONS is not a literal list of names"]
    unknown = [n for n in hidden if n not in ACTIVATIONS or not ACTIVATIONS[n].elementwise]
    if unknown:
        problems.append(f"not elementwise registry entries: {unknown}")
    (training,) = [c for c in _code_cells(notebook) if c.source.startswith("STEPS,")]
    loops = [
        ast.unparse(node.iter)
        for node in ast.walk(ast.parse(training.source))
        if isinstance(node, ast.For)
    ]
    if loops[:1] != ["HIDDEN_ACTIVATIONS"]:
        problems.append(f"the training grid's outer loop runs over {loops[:1]}")
    steps = (
        len(hidden)
        * len(constants["LEARNING_RATES"])
        * len(constants["SEEDS"])
        * constants["STEPS"]
    )
    if steps > MAX_TRAINING_STEPS:
        problems.append(f"the grid trains {steps} steps, more than {MAX_TRAINING_STEPS}")
    rows = _rows(
        "\n".join(_stdout(notebook, "training-compute").split("\n\n")[0].splitlines()[1:]), 5
    )
    if list(rows) != [PAGES[n].display_name for n in hidden]:
        problems.append(f"the training table's rows {list(rows)} are not HIDDEN_ACTIVATIONS")
    return problems


def plotted_cost_problems(notebook: dict, benchmark_rows: list) -> list[str]:
    """fig-cost has a row for every registry entry the benchmark measured, in the registry's
    order (the rows of the table the notebook printed), and its axis holds every mark."""
    facts = facts_of(notebook, benchmark_rows)
    measured = [n for n in ACTIVATIONS if (n, "package", "random") in facts.cost.ns]
    printed = list(_table(_stdout(notebook, "cost-read").split("\n", 3)[3], 10))
    problems = []
    if printed != [_short_name(n) for n in measured]:
        problems.append(f"the cost table's rows {printed} are not the entries measured")
    low, high = facts.constants["COST_LIMITS"]
    outside = [key for key, value in facts.cost.ns.items() if not low < value < high]
    if outside:
        problems.append(f"outside the axis from {low} to {high}: {outside}")
    return problems


def _short_name(name: str) -> str:
    return "GELU (tanh)" if name == "gelu_tanh" else PAGES[name].display_name


def test_every_registry_entry_measured_is_plotted_on_the_axis(
    committed: dict, benchmark_rows: list
) -> None:
    assert plotted_cost_problems(committed, benchmark_rows) == []


def test_the_plot_check_fires_on_a_mark_off_the_axis(committed: dict, benchmark_rows: list) -> None:
    rows = copy.deepcopy(benchmark_rows)
    (row,) = [
        r
        for r in rows
        if (r["function"], r["implementation"], r["order"])
        == ("gelu_tanh_grad", "textbook", "random")
    ]
    row["ns_per_element"] = "200.000"
    assert any("outside the axis" in p for p in plotted_cost_problems(committed, rows))
    rows = [r for r in benchmark_rows if not r["function"].startswith("celu")]
    assert any("cost table's rows" in p for p in plotted_cost_problems(committed, rows))


def best_rate_problems(f: Facts) -> list[str]:
    """Ways in which another CPU could change an activation's best rate: a best rate that is
    chaotic; a chaotic rate whose mean final loss, less the measured spread and half a printed
    unit, is not above the best rate's; a best rate that changed in the measurement itself."""
    problems, chaotic, half = [], f.spread.chaotic_rates(), 0.0005
    for name, best in f.best.items():
        if best in chaotic:
            problems.append(f"{name}: its best rate, {best}, is chaotic")
        spread = f.spread.loss(_REGISTRY_NAMES[name])
        for rate in sorted(chaotic - {best}):
            if f.loss[name][rate] - half - spread <= f.loss[name][best] + half:
                problems.append(f"{name}: its mean final loss at {rate} is within the spread")
    if f.spread.largest["best peak rate", "activations changed"]:
        problems.append("a best rate changed in benchmarks/cpu_spread.py's measurement")
    return problems


def test_no_cpu_can_change_a_best_rate(committed: dict, benchmark_rows: list) -> None:
    # The third table and most claims describe the runs at the best rates, which are steady:
    # a best rate must stay what it is whatever the chaotic runs do.
    problems = best_rate_problems(facts_of(committed, benchmark_rows))
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- broken copies


def _with_output(notebook: dict, cell_id: str, old: str, new: str) -> dict:
    """A copy of ``notebook`` whose cell ``cell_id`` printed ``new`` where it printed ``old``."""
    broken = copy.deepcopy(notebook)
    (cell,) = [c for c in broken["cells"] if c.get("id") == cell_id]
    (output,) = [o for o in cell["outputs"] if o.get("name") == "stdout"]
    assert old in output["text"]
    output["text"] = output["text"].replace(old, new, 1)
    return broken


def test_claims_fire_on_a_run_that_no_longer_supports_them(
    committed: dict, benchmark_rows: list
) -> None:
    broken = _with_output(committed, "vanishing-gradient-compute", "    0.237", "    0.300")
    problems = claim_problems(facts_of(broken, benchmark_rows), texts(ROOT, committed))
    assert "the run does not support 'about 0.24 per layer'" in problems, problems
    broken = _with_output(committed, "training-compute", "0.138-0.387  78-96", "0.138-0.387  80-96")
    problems = claim_problems(facts_of(broken, benchmark_rows), texts(ROOT, committed))
    assert any("78% to 96%" in p and "does not support" in p for p in problems), problems


def test_claims_fire_on_a_changed_or_new_number(
    tmp_path: Path, committed: dict, benchmark_rows: list
) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(
        root / "experiments.qmd",
        "classifies 94% to 97% of the held-out",
        "classifies 90% to 97% of the held-out",
    )
    qs.replace_once(
        root / "experiments.qmd", "## Re-running the experiments", "It took 12 s.\n\n## Re-running"
    )
    qs.replace_once(root / qs.SLIDESHOW, "  0.235, while Glorot's", "  0.335, while Glorot's")
    problems = claim_problems(facts_of(committed, benchmark_rows), texts(root, committed))
    assert any(p.startswith("experiments.qmd: '90' is not checked") for p in problems), problems
    assert any(p.startswith("experiments.qmd: '12' is not checked") for p in problems), problems
    assert any(p.startswith("notes #vanishing-gradient: '0.335' is not checked") for p in problems)


def test_claims_fire_on_the_start_pages_summary_of_the_run(
    tmp_path: Path, committed: dict, benchmark_rows: list
) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(
        root / START, "tanh layers by only 0.968 per layer", "tanh layers by only 0.958 per layer"
    )
    problems = claim_problems(facts_of(committed, benchmark_rows), texts(root, committed))
    assert any(p.startswith("start.qmd: '0.958' is not checked") for p in problems), problems


def test_claims_fire_on_the_two_signals_and_the_initialisation_run(
    tmp_path: Path, committed: dict, benchmark_rows: list
) -> None:
    # the run: tanh's backward factor, and the backward ratio of tanh at gain 5/3
    broken = _with_output(committed, "vanishing-gradient-compute", "0.968", "0.978")
    problems = claim_problems(facts_of(broken, benchmark_rows), texts(ROOT, committed))
    assert "the run does not support 'by 0.968 and 0.980 per layer'" in problems, problems
    broken = _with_output(committed, "signal-propagation-compute", "80.5", "90.5")
    problems = claim_problems(facts_of(broken, benchmark_rows), texts(ROOT, committed))
    assert "the run does not support '39.9 and 80.5 times'" in problems, problems
    # the pages: a changed number in the reference section and in the initialisation slide's
    # notes, a new number, and a changed run number in the home page's summary
    root = qs.copy_project(tmp_path / "site")
    section = root / "_reference" / "initialisation.qmd"
    qs.replace_once(section, "point, $q^* =$ 1.1785,", "point, $q^* =$ 1.1795,")
    qs.replace_once(section, "**In a real network.**", "It took 3 s. **In a real network.**")
    qs.replace_once(root / qs.SLIDESHOW, "second moment of 1.18,", "second moment of 1.28,")
    qs.replace_once(root / START, "about 5 times in all", "about 6 times in all")
    qs.replace_once(root / EXERCISES, "shrinks only about\n5 times", "shrinks only about\n50 times")
    problems = claim_problems(facts_of(committed, benchmark_rows), texts(root, committed))
    for expected in (
        "activations.qmd #sec-initialisation: '1.1795' is not checked",
        "activations.qmd #sec-initialisation: '3' is not checked",
        "notes #initialisation: '1.28' is not checked",
        "start.qmd: '6' is not checked",
        "exercises.qmd #ex-gradients-tanh-depth: '50' is not checked",
    ):
        assert any(p.startswith(expected) for p in problems), (expected, problems)


def test_claims_on_the_computed_gains_fire_on_a_broken_gain(
    monkeypatch: pytest.MonkeyPatch, committed: dict, benchmark_rows: list
) -> None:
    facts, shown = facts_of(committed, benchmark_rows), texts(ROOT, committed)
    assert not [p for p in claim_problems(facts, shown) if "gain" in p]
    monkeypatch.setattr(gains, "forward_gain", lambda name, **params: 1.6)
    problems = claim_problems(facts, shown)
    assert any(
        "does not support" in p and "forward gain 1.59 or PyTorch's 5/3" in p for p in problems
    ), problems
    assert any("1.5925, nor the backward gain" in p for p in problems), problems


def test_training_list_guard_fires_on_the_registry_and_on_a_larger_grid(committed: dict) -> None:
    broken = copy.deepcopy(committed)
    (setup,) = [c for c in broken["cells"] if c.get("id") == "setup"]
    start = setup["source"].index("HIDDEN_ACTIVATIONS = [")
    end = setup["source"].index("]", start) + 1
    setup["source"] = (
        setup["source"][:start]
        + "HIDDEN_ACTIVATIONS = [n for n, e in act.ACTIVATIONS.items() if e.elementwise]"
        + setup["source"][end:]
    )
    assert training_list_problems(broken) == ["HIDDEN_ACTIVATIONS is not a literal list of names"]
    broken = copy.deepcopy(committed)
    (training,) = [c for c in broken["cells"] if c.get("id") == "training-compute"]
    training["source"] = training["source"].replace("SEEDS = (0, 1, 2)", "SEEDS = (0, 1, 2, 3, 4)")
    assert any("more than" in p for p in training_list_problems(broken))


def test_best_rate_check_fires_when_a_chaotic_rate_comes_close(
    committed: dict, benchmark_rows: list
) -> None:
    facts = facts_of(committed, benchmark_rows)
    best = facts.best["GELU"]
    facts.loss["GELU"][0.3] = facts.loss["GELU"][best] + facts.spread.loss("gelu") / 2
    assert best_rate_problems(facts) == ["GELU: its mean final loss at 0.3 is within the spread"]


def _shift_printed(notebook: dict, row: str, table: int, index: int, by: float) -> dict:
    """A copy whose training cell printed the ``index``-th number of the row of activation
    ``row`` in table ``table`` (from 0) larger by ``by``, in the same format."""
    broken = copy.deepcopy(notebook)
    (cell,) = [c for c in broken["cells"] if c.get("id") == "training-compute"]
    (output,) = [o for o in cell["outputs"] if o.get("name") == "stdout"]
    lines = output["text"].split("\n")
    number = [n for n, line in enumerate(lines) if line.startswith(f"{row} ")][table]
    match = list(cpu.PRINTED.finditer(lines[number]))[index]
    decimals = len(match[2] or "")
    shifted = f"{float(match[0]) + by:.{decimals}f}"
    lines[number] = lines[number][: match.start()] + shifted + lines[number][match.end() :]
    output["text"] = "\n".join(lines)
    return broken


def _shift_svg(notebook: dict, label: str, by: float) -> dict:
    """A copy whose figure ``label`` has its first path's first coordinate moved by ``by``."""
    broken = copy.deepcopy(notebook)
    (cell,) = [c for c in _raw_code_cells(broken) if f"#| label: {label}\n" in c["source"]]
    data = cell["outputs"][0]["data"]
    svg = data["image/svg+xml"]
    start = svg.index('<path d="M ') + len('<path d="M ')
    match = cpu.SVG_NUMBER.match(svg, start)
    data["image/svg+xml"] = f"{svg[:start]}{float(match[0]) + by:.6f}{svg[match.end() :]}"
    return broken


def test_staleness_check_allows_the_measured_spread_and_no_more(committed: dict) -> None:
    spread = cpu.measured()
    assert spread.chaotic_rates() == {0.3}
    assert stale_cells(committed, committed, spread) == []
    # Tanh's mean final loss at 0.3 (the fourth number of its row), then at 0.1 (the third)
    within = _shift_printed(committed, "Tanh", 0, 3, 0.9 * spread.loss("tanh"))
    assert stale_cells(committed, within, spread) == []
    beyond = _shift_printed(committed, "Tanh", 0, 3, spread.loss("tanh") + 0.002)
    assert stale_cells(committed, beyond, spread) == ["training-compute"]
    rounding = _shift_printed(committed, "Tanh", 0, 2, 0.001)
    assert stale_cells(committed, rounding, spread) == []
    steady = _shift_printed(committed, "Tanh", 0, 2, 0.002)
    assert stale_cells(committed, steady, spread) == ["training-compute"]
    # SELU's mean accuracy at 0.3 (the tenth number of its row of the second table)
    within = _shift_printed(committed, "SELU", 1, 9, spread.accuracy("selu"))
    assert stale_cells(committed, within, spread) == []
    beyond = _shift_printed(committed, "SELU", 1, 9, spread.accuracy("selu") + 2)
    assert stale_cells(committed, beyond, spread) == ["training-compute"]
    # a figure of the chaotic runs, and one of the deep networks
    tolerance = spread.figure("fig-training-accuracy")
    within = _shift_svg(committed, "fig-training-accuracy", 0.9 * tolerance)
    assert stale_cells(committed, within, spread) == []
    beyond = _shift_svg(committed, "fig-training-accuracy", 1.5 * tolerance)
    assert stale_cells(committed, beyond, spread) == ["fig-training-accuracy"]
    beyond = _shift_svg(committed, "fig-vanishing-gradient", 2 * cpu.SVG_FLOOR)
    assert stale_cells(committed, beyond, spread) == ["fig-vanishing-gradient"]


def _shift_table(notebook: dict, label: str, old: str, new: str) -> dict:
    """A copy whose Markdown table ``label`` shows ``new`` where it showed ``old``."""
    broken = copy.deepcopy(notebook)
    (cell,) = [c for c in _raw_code_cells(broken) if f"#| label: {label}\n" in c["source"]]
    data = cell["outputs"][0]["data"]
    assert old in data["text/markdown"]
    data["text/markdown"] = data["text/markdown"].replace(old, new, 1)
    return broken


def test_staleness_check_allows_a_tables_spread_and_no_more(committed: dict) -> None:
    # A number of the deep networks may move by one unit in its last digit, no more.
    spread = cpu.measured()
    label = "tbl-vanishing-gradient-data"
    within = _shift_table(committed, label, "| Tanh: std h | 0.627 |", "| Tanh: std h | 0.628 |")
    assert stale_cells(committed, within, spread) == []
    beyond = _shift_table(committed, label, "| Tanh: std h | 0.627 |", "| Tanh: std h | 0.629 |")
    assert stale_cells(committed, beyond, spread) == [label]
    # tanh's accuracies at the chaotic rate 0.3 may move by their measured spread (twice 8 of
    # 400 points: 4 points), a steady run's by one unit
    label = "tbl-training-accuracy-data"
    assert spread.accuracy("tanh") == 4
    row = "| 83 (62, 94, 93) |"
    within = _shift_table(committed, label, row, "| 87 (62, 94, 93) |")
    assert stale_cells(committed, within, spread) == []
    beyond = _shift_table(committed, label, row, "| 89 (62, 94, 93) |")
    assert stale_cells(committed, beyond, spread) == [label]
    steady = _shift_table(
        committed, label, "| Leaky ReLU | 96 (96, 96, 96)", "| Leaky ReLU | 98 (96, 96, 96)"
    )
    assert stale_cells(committed, steady, spread) == [label]


def _moved_further(spread: cpu.Spread, quantity: str, unit: str, value: float) -> cpu.Spread:
    """A copy of ``spread`` in which ``quantity`` moved by ``value`` on some configuration."""
    return dataclasses.replace(spread, largest={**spread.largest, (quantity, unit): value})


def test_claims_on_the_chaotic_runs_and_the_benchmarks_fire_on_broken_facts(
    committed: dict, benchmark_rows: list
) -> None:
    shown, spread = texts(ROOT, committed), cpu.measured()

    def unsupported(change: Callable[[Facts], None], spread: cpu.Spread = spread) -> list[str]:
        facts = facts_of(committed, benchmark_rows, spread)
        change(facts)
        return [p for p in claim_problems(facts, shown) if "does not support" in p]

    assert unsupported(lambda f: None) == []
    # a recorded run of a minute and a quarter
    assert unsupported(lambda f: f.benchmark.update(notebook_seconds=[40.0, 75.0])) == [
        'the run does not support "under a minute on the site\'s 2-CPU test machine"',
        "the run does not support 'under a minute'",
    ]

    # the sigmoid's range at 0.3 in the alt text, and its runs there turned chaotic
    def sigmoid(f: Facts) -> None:
        f.accuracy["Sigmoid"][0.3] = (49.0, 42.0, 58.0)

    assert any("42 to 57 percent at 0.3" in p for p in unsupported(sigmoid))
    flipping = _moved_further(
        spread, "held-out accuracy of a sigmoid run, peak rate 0.3", "points of 400", 3
    )
    assert any("42 to 57 percent at 0.3" in p for p in unsupported(lambda f: None, flipping))

    # tanh at 0.3 within its spread of its best rate's accuracy: no longer surely a drop
    def tanh(f: Facts) -> None:
        f.accuracy["Tanh"][0.3] = (93.0, 90.0, 95.0)

    assert any("drop at 0.3" in p for p in unsupported(tanh))

    # the others at their other rates: most of them below 82%
    def others(f: Facts) -> None:
        for name in f.others[:5]:
            f.accuracy[name] = {r: (80.0, 78.0, 82.0) for r in f.accuracy[name]}

    assert any("mostly between 82 and 97 percent" in p for p in unsupported(others))
    # the measurement: tanh's runs moved by 12 points, or a steady activation's by 1e-5
    more = _moved_further(
        spread, "held-out accuracy of a tanh run, peak rate 0.3", "points of 400", 12
    )
    assert any("up to 8 of the 400" in p for p in unsupported(lambda f: None, more))
    steady = _moved_further(
        spread, "final training loss of a relu run, peak rate 0.01", "absolute", 1e-5
    )
    assert any("less than a millionth" in p for p in unsupported(lambda f: None, steady))
    # a SELU run's held-out accuracy at 0.3 moved too, or tanh's by 4 points only
    selu = _moved_further(
        spread, "held-out accuracy of a selu run, peak rate 0.3", "points of 400", 1
    )
    assert any("tanh and GELU runs at the peak" in p for p in unsupported(lambda f: None, selu))
    fewer = _moved_further(
        spread, "held-out accuracy of a tanh run, peak rate 0.3", "points of 400", 4
    )
    assert any("tanh and GELU runs at the peak" in p for p in unsupported(lambda f: None, fewer))
    # NumPy's tanh kernels 2 ulps apart
    closer = _moved_further(spread, "np.tanh, 10^6 values", "ulps at most", 2)
    assert any("up to 3 ulps on 10⁶ values" in p for p in unsupported(lambda f: None, closer))


def test_claims_on_the_sigmoids_balanced_gain_fire_on_a_broken_recursion(
    monkeypatch: pytest.MonkeyPatch, committed: dict, benchmark_rows: list
) -> None:
    facts, shown = facts_of(committed, benchmark_rows), texts(ROOT, committed)
    # a sigmoid whose slope second moment is 2% larger: the balanced gain moves
    slope_moment = gains.slope_second_moment
    monkeypatch.setattr(
        gains,
        "slope_second_moment",
        lambda name, q=1.0, **p: slope_moment(name, q, **p) * (1.02 if name == "sigmoid" else 1),
    )
    _sigmoid_balanced_gain.cache_clear()
    try:
        problems = [p for p in claim_problems(facts, shown) if "does not support" in p]
    finally:
        _sigmoid_balanced_gain.cache_clear()
    assert any("far out at g ≈ 10.1," in p for p in problems), problems
    assert any("standard deviation of about 6.75" in p for p in problems), problems


def _set(key: tuple[str, str, str], value: float) -> Callable[[cb.Benchmark], None]:
    def change(benchmark: cb.Benchmark) -> None:
        benchmark.ns[key] = value

    return change


def _scale(implementation: str, factor: float) -> Callable[[cb.Benchmark], None]:
    def change(benchmark: cb.Benchmark) -> None:
        for key in benchmark.ns:
            if key[1] == implementation and key[0] != "copy":
                benchmark.ns[key] *= factor

    return change


def _unsorted(function: str, implementation: str) -> Callable[[cb.Benchmark], None]:
    """Sorted inputs as slow as random ones: no branch penalty."""

    def change(benchmark: cb.Benchmark) -> None:
        key = function, implementation
        benchmark.ns[(*key, "sorted")] = benchmark.ns[(*key, "random")]

    return change


#: A change to the benchmark's CSV, and a claim it must make unsupported.
_COST_BREAKAGES = [
    (_set(("leaky_relu", "package", "random"), 5.0), "took less than twice as long as ReLU"),
    (_unsorted("leaky_relu", "textbook"), "about 1.7 times as long on random signs as on the same"),
    (_unsorted("leaky_relu", "textbook"), "textbook formula took about 1.7 times as long as on"),
    (_unsorted("selu", "package"), "about 2.5 times as long on random signs as on sorted"),
    (_unsorted("gelu", "package"), "textbook GELU each took about 1.5 times as long"),
    (_unsorted("gelu", "textbook"), "textbook GELU each took about 1.5 times as long"),
    (_unsorted("gelu_grad", "textbook"), "and for GELU in both versions"),
    (_unsorted("elu", "textbook"), "the open marks stand clearly left"),
    (_set(("relu6", "textbook", "random"), 1.0), "made hundreds of page faults per call"),
    (_set(("relu6", "package", "random"), 3.0), "ReLU6 computes the same into one array"),
    (_set(("sigmoid", "package", "random"), 10.0), "between 3 and 6 times as long as ReLU"),
    (_set(("log_softmax", "package", "random"), 100.0), "the most expensive function of the"),
    (_set(("log_softmax", "package", "random"), 100.0), "filled vermillion circle lies furthest"),
    (_set(("selu", "textbook", "sorted"), 100.0), "GELU's vermillion and blue marks"),
    (_set(("hard_swish_grad", "jax", "random"), 5.0), "every piecewise-linear function"),
    (_set(("relu", "jax", "sorted"), 0.3), "no more than 10% longer on random signs"),
    (_set(("gelu", "jax", "random"), 26.0), "The exact GELU took about 10 times as long as that"),
    (_set(("arctan", "jax", "random"), 1.3), "XLA's arctan took about 7 times"),
    (_set(("softplus", "jax", "random"), 1.0), "its softplus, which needs a logarithm"),
    (_set(("gelu_tanh", "textbook", "random"), 7.0), "which computes x³ as x**3"),
    (_set(("leaky_relu", "textbook", "random"), 1.0), "took about 15 times as long as ReLU"),
    (_set(("leaky_relu", "jax", "random"), 5.0), "ReLU and Leaky ReLU took less than twice"),
    (_set(("relu_grad", "jax", "random"), 5.0), "green triangles of ReLU and Leaky ReLU"),
    (_scale("jax", 10.0), "In most rows the green triangle"),
]


@pytest.mark.parametrize("index", range(len(_COST_BREAKAGES)))
def test_cost_claims_fire_on_a_broken_benchmark(
    committed: dict, benchmark_rows: list, index: int
) -> None:
    change, words = _COST_BREAKAGES[index]
    facts = facts_of(committed, benchmark_rows)
    change(facts.cost)
    problems = [p for p in claim_problems(facts, texts(ROOT, committed)) if "does not support" in p]
    assert any(words in p for p in problems), problems


def test_cost_setting_claims_fire(committed: dict, benchmark_rows: list) -> None:
    shown = texts(ROOT, committed)
    facts = facts_of(committed, benchmark_rows)
    facts.cost.setting["repeats"] = "30"
    facts.benchmark["versions"] = (*facts.benchmark["versions"][:4], "0.9.0")
    problems = claim_problems(facts, shown)
    assert any("best of 20 calls" in p and "does not support" in p for p in problems)
    assert any("jax 0.10.2" in p and "does not support" in p for p in problems)
    # The branch check reads the code: a kernel that calls np.where or np.copyto fails it.
    assert _numpy_calls(rectifiers._elu) >= {"copyto"}
    assert {"leaky_relu", "elu", "selu_grad", "hard_swish_grad"} <= set(_textbook_with_where())
