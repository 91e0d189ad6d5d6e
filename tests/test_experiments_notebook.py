"""Experiments.ipynb: runs clean in a fresh kernel, is committed current, says true things.

The notebook runs once per test session, from a temporary copy, in a fresh kernel whose
warnings filter is "error", with the repository root as working directory (it reads
``benchmarks/results.csv``); its outputs must match the committed ones. The claims tests then
read the committed run's printed tables: every number that the page ``experiments.qmd``, the
captions of the figures it and the experiment slides embed, and those slides' speaker notes
state is checked there, or against the benchmark CSV, mpmath or the sources, so a change that
makes a sentence false, or adds an unchecked number, fails here. No test times the notebook:
``benchmarks/bench_notebooks.py`` records its run time.
"""

from __future__ import annotations

import ast
import copy
import csv
import inspect
import json
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mpmath
import nbformat
import pytest
import quarto_site as qs
import yaml
from notebook_runner import execute, output_problems

from activations import ACTIVATIONS, functions, mlp

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
)
#: Training steps the grid may take (activations x rates x seeds x steps). With the run's
#: 8 x 4 x 3 x 400 = 38 400 steps the whole notebook runs in under a minute on the 2-core x86_64
#: machine of benchmarks/notebook_times.csv (benchmarks/bench_notebooks.py times it).
MAX_TRAINING_STEPS = 40_000
NOTEBOOK_TIMES = ROOT / "benchmarks" / "notebook_times.csv"
#: How far (in points) a number in a committed SVG may be from a fresh run's. On the machine
#: that ran the notebook the two are identical byte for byte; on another CPU numpy's SIMD kernels
#: and BLAS differ in the last bits, which training carries up to about 1e-8 relative (measured
#: with NPY_DISABLE_CPU_FEATURES=AVX512... and OPENBLAS_CORETYPE=Haswell), far below a pixel.
SVG_TOLERANCE = 1e-3
# A number, not a piece of an identifier or colour such as "m9e0453ab" or "#0072b2".
_NUMBER = re.compile(r"(?<![\w#.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


@pytest.fixture(scope="module")
def committed() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


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


def test_runs_without_errors_warnings_or_stderr(fresh_run: nbformat.NotebookNode) -> None:
    problems = output_problems(fresh_run)
    assert not problems, "\n".join(problems)


def _same_output(want: dict, got: dict) -> bool:
    """Equal outputs, except that numbers in an SVG may differ by up to SVG_TOLERANCE."""
    want, got = dict(want), dict(got)
    want_svg = want.pop("data", {}).copy()
    got_svg = got.pop("data", {}).copy()
    want_image, got_image = want_svg.pop("image/svg+xml", ""), got_svg.pop("image/svg+xml", "")
    if want != got or want_svg != got_svg:
        return False
    if _NUMBER.split(want_image) != _NUMBER.split(got_image):
        return False
    numbers = zip(_NUMBER.findall(want_image), _NUMBER.findall(got_image), strict=True)
    return all(a == b or abs(float(a) - float(b)) <= SVG_TOLERANCE for a, b in numbers)


def test_committed_outputs_match_a_fresh_run(
    committed: dict, fresh_run: nbformat.NotebookNode
) -> None:
    def outputs(notebook: dict) -> list[tuple]:
        return [
            (cell.get("id"), cell["execution_count"], cell["outputs"])
            for cell in notebook["cells"]
            if cell["cell_type"] == "code"
        ]

    stale = [
        cell_id
        for (cell_id, count, want), (_, fresh_count, got) in zip(
            outputs(committed), outputs(fresh_run), strict=True
        )
        if count != fresh_count
        or len(want) != len(got)
        or not all(_same_output(a, b) for a, b in zip(want, got, strict=True))
    ]
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

SLIDES = ("vanishing-gradient", "training", "cost")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
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
    loss: dict
    best: dict
    accuracy: dict
    at_best: dict
    cost: dict
    constants: dict
    benchmark: dict
    source: str

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


def facts_of(notebook: dict, benchmark_rows: list[dict[str, str]]) -> Facts:
    deep = {
        name: dict(
            zip(
                ("init", "layer1", "layer50", "spread", "per_layer", "std", "slope", "sat", "most"),
                [fields[0], *(float(f.rstrip("%")) for f in fields[1:])],
                strict=True,
            )
        )
        for name, fields in _rows(_stdout(notebook, "vanishing-gradient-compute"), 9).items()
    }
    scaled = {}
    for label, fields in _rows(_stdout(notebook, "saturation-compute"), 5).items():
        name, gain = label.rsplit(" ×", 1)  # noqa: RUF001
        values = [float(f.rstrip("%")) for f in fields]
        scaled[name, int(gain)] = dict(
            zip(("std", "slope", "sat", "per_layer", "spread"), values, strict=True)
        )
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
    cost_text = _stdout(notebook, "cost-read").split("\n", 2)[2]
    cost = {name: tuple(map(float, fields)) for name, fields in _table(cost_text, 2).items()}
    time = {
        (r["function"], r["implementation"]): float(r["seconds_per_element"])
        for r in benchmark_rows
    }
    benchmark = {
        "copy_ns": time["copy", "copy"] * 1e9,
        "relu_ns": time["relu", "package"] * 1e9,
        "textbook_gelu_tanh": time["gelu_tanh", "textbook"] / time["gelu_tanh", "package"],
        "machine": benchmark_rows[0]["machine"],
        "versions": tuple(benchmark_rows[0][k] for k in ("machine", "python", "numpy", "scipy")),
    }
    with NOTEBOOK_TIMES.open(newline="") as handle:
        benchmark["notebook_seconds"] = [
            float(r["seconds"]) for r in csv.DictReader(handle) if r["notebook"] == NOTEBOOK.name
        ]
    source = "\n".join(cell.source for cell in _code_cells(notebook))
    return Facts(
        deep, scaled, loss, best, accuracy, at_best, cost, _constants(notebook), benchmark, source
    )


def _sigmoid_saturation_edge() -> float:
    """|z| beyond which sigma'(z) < 0.1 * 1/4: sigma(z) (1 - sigma(z)) = 0.025, with mpmath."""
    mpmath.mp.dps = 30
    s = mpmath.findroot(lambda s: s * (1 - s) - mpmath.mpf("0.025"), 0.97)
    return float(mpmath.log(s / (1 - s)))


def _tanh_saturation_edge() -> float:
    """|z| beyond which tanh'(z) = 1 - tanh(z)^2 < 0.1, with mpmath."""
    mpmath.mp.dps = 30
    return float(mpmath.atanh(mpmath.sqrt(mpmath.mpf("0.9"))))


def _squared_error_slope_is(z: float, y: float) -> bool:
    """d/dz (sigma(z) - y)^2 / 2 = (s - y) s (1 - s), against a central difference."""
    h, s = 1e-6, float(ACTIVATIONS["sigmoid"].function(z))

    def half_square(t: float) -> float:
        return (float(ACTIVATIONS["sigmoid"].function(t)) - y) ** 2 / 2

    numeric = (half_square(z + h) - half_square(z - h)) / (2 * h)
    return math.isclose(numeric, (s - y) * s * (1 - s), rel_tol=1e-8)


def _worse_at(f: Facts, rate: float) -> int:
    """How many of the non-sigmoid activations have a lower mean accuracy at ``rate`` than at
    their best rate."""
    return sum(f.accuracy[n][rate][0] < f.accuracy[n][f.best[n]][0] for n in f.others)


def _best_accuracy(f: Facts, names: list[str]) -> tuple[float, float]:
    """Lowest and highest accuracy of any seed of ``names`` at their best rates."""
    lows, highs = zip(*(f.at_best[n]["accuracy"] for n in names), strict=True)
    return min(lows), max(highs)


def _cost_rank(f: Facts, column: int) -> list[str]:
    return sorted(f.cost, key=lambda n: f.cost[n][column])


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
    (
        "a batch of 256 random input vectors",
        lambda f: inspect.signature(mlp.layer_statistics).parameters["n_samples"].default == 256,
    ),
    ("|φ′(z)| < 0.1 max |φ′|", lambda f: mlp.SATURATION_THRESHOLD == 0.1),  # noqa: RUF001
    ("for the sigmoid that is |z| > 3.64", lambda f: round(_sigmoid_saturation_edge(), 2) == 3.64),
    ("for tanh |z| > 1.82", lambda f: round(_tanh_saturation_edge(), 2) == 1.82),
    # vanishing gradient
    ("more than 30 orders of magnitude", lambda f: f.deep["Sigmoid"]["spread"] > 1e30),
    ("about 0.24 per layer", lambda f: round(f.deep["Sigmoid"]["per_layer"], 2) == 0.24),
    (
        "multiplies the gradient by about 0.24",
        lambda f: round(f.deep["Sigmoid"]["per_layer"], 2) == 0.24,
    ),
    ("past the first layer no sigmoid unit is saturated", lambda f: f.deep["Sigmoid"]["most"] == 0),
    ("Past the first layer no sigmoid unit is saturated", lambda f: f.deep["Sigmoid"]["most"] == 0),
    (
        "none of their units is saturated past the first layer",
        lambda f: f.deep["Sigmoid"]["most"] == 0,
    ),
    ("standard deviation of about 0.5", lambda f: round(f.deep["Sigmoid"]["std"], 1) == 0.5),
    ("mean slope σ′ is 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),  # noqa: RUF001
    ("mean slope is 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),
    ("mean slope stays near 0.235", lambda f: f.deep["Sigmoid"]["slope"] == 0.235),
    ("never more than 1/4", lambda f: mlp.peak_slope("sigmoid") == 0.25),
    ("slope at 0 is 1, such as tanh", lambda f: float(ACTIVATIONS["tanh"].derivative(0.0)) == 1.0),
    ("a slope of 1 at 0, as tanh has", lambda f: float(ACTIVATIONS["tanh"].derivative(0.0)) == 1.0),
    ("about 1.02 per layer", lambda f: round(f.deep["Tanh"]["per_layer"], 2) == 1.02),
    ("a mean slope of 0.96", lambda f: round(f.deep["Tanh"]["slope"], 2) == 0.96),
    ("at most 0.4% of its units saturated", lambda f: f.deep["Tanh"]["most"] <= 0.4),
    (
        "less than a factor of 10 across all 50 layers",
        lambda f: all(f.deep[n]["spread"] < 10 for n in ("ReLU", "GELU", "SELU")),
    ),
    ("About half of the ReLU units have slope 0", lambda f: 45 <= f.deep["ReLU"]["sat"] <= 55),
    ("Half of the ReLU units have slope 0", lambda f: 45 <= f.deep["ReLU"]["sat"] <= 55),
    ("(s − y)·s(1 − s)", lambda f: _squared_error_slope_is(0.3, 1.0)),  # noqa: RUF001
    # what makes units saturate
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
        "4 times larger, 13% of the sigmoid units and 61% of the tanh units",
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
                round(f.scaled["Sigmoid", 4]["per_layer"], 2),
                round(f.scaled["Sigmoid", 1]["per_layer"], 2),
            )
            == (0.63, 0.24)
        ),
    ),
    (
        "a factor of 0.63 per layer at gain 4 instead of 0.24",
        lambda f: (
            (
                round(f.scaled["Sigmoid", 4]["per_layer"], 2),
                round(f.scaled["Sigmoid", 1]["per_layer"], 2),
            )
            == (0.63, 0.24)
        ),
    ),
    (
        "shrinks less, 0.63 per layer",
        lambda f: round(f.scaled["Sigmoid", 4]["per_layer"], 2) == 0.63,
    ),
    ("1.55 per layer", lambda f: round(f.scaled["Tanh", 4]["per_layer"], 2) == 1.55),
    (
        "more than 9 orders of magnitude over the 50 layers",
        lambda f: f.scaled["Tanh", 4]["spread"] > 1e9,
    ),
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
    # cost
    (
        "a plain copy of the array takes 0.16 ns per element, ReLU's function, a single np.maximum call, 0.44 ns",
        lambda f: (
            (round(f.benchmark["copy_ns"], 2), round(f.benchmark["relu_ns"], 2)) == (0.16, 0.44)
            and "np.maximum(x, 0.0)" in inspect.getsource(functions.relu)
        ),
    ),
    (
        "its function costs 14 times as much as ReLU's",
        lambda f: round(f.cost["Leaky ReLU"][0]) == 14,
    ),
    ("function costs 14 times as much as ReLU's", lambda f: round(f.cost["Leaky ReLU"][0]) == 14),
    (
        "np.where from a mask and the product αx, three NumPy calls and two temporary arrays where ReLU makes one call",  # noqa: RUF001
        lambda f: "np.where(x > 0, x, alpha * x)" in inspect.getsource(functions.leaky_relu),
    ),
    (
        "three calls where ReLU makes one",
        lambda f: "np.where(x > 0, x, alpha * x)" in inspect.getsource(functions.leaky_relu),
    ),
    (
        "cost less than twice as much as ReLU (their derivatives about 11 to 12 times as much)",
        lambda f: (
            all(f.cost[n][0] < 2 for n in ("Tanh", "ArcTan"))
            and all(11 <= round(f.cost[n][1]) <= 12 for n in ("Tanh", "ArcTan"))
        ),
    ),
    (
        "most of the other functions and derivatives take 10 times as long as ReLU's or longer",
        lambda f: (
            sum(v >= 10 for n, c in f.cost.items() if n != "ReLU" for v in c) > (len(f.cost) - 1)
        ),
    ),
    (
        "most of the others cost ten times as much or more",
        lambda f: (
            sum(v >= 10 for n, c in f.cost.items() if n != "ReLU" for v in c) > (len(f.cost) - 1)
        ),
    ),
    (
        "47.5 times ReLU's function and 77.6 times its derivative",
        lambda f: (
            f.cost["GELU"] == (47.5, 77.6)
            and _cost_rank(f, 0)[-1] == _cost_rank(f, 1)[-1] == "GELU"
        ),
    ),
    (
        "47.5 times for the function and 77.6 times for the derivative",
        lambda f: f.cost["GELU"] == (47.5, 77.6),
    ),
    (
        "The tanh function costs 1.7 times ReLU's, the sigmoid's 3.4 and SiLU's 4.0 times",
        lambda f: (f.cost["Tanh"][0], f.cost["Sigmoid"][0], f.cost["SiLU"][0]) == (1.7, 3.4, 4.0),
    ),
    (
        "about 8 times as long as the package's",
        lambda f: round(f.benchmark["textbook_gelu_tanh"]) == 8,
    ),
    (
        "the eight activations of the training experiment",
        lambda f: len(f.constants["HIDDEN_ACTIVATIONS"]) == 8,
    ),
    ("NumPy on a 2-core x86_64 CPU", lambda f: f.benchmark["machine"] == "x86_64, 2 cores"),
    # what the benchmark script does, and a citation
    ("a million float64 numbers", lambda f: "\nN = 10**6\n" in BENCHMARK_SCRIPT.read_text()),
    ("10⁵ rows of 10 logits", lambda f: "size=(N // 10, 10)" in BENCHMARK_SCRIPT.read_text()),
    (
        "on x86_64 with 2 cores, Python 3.11.7, numpy 2.2.6 and scipy 1.15.3",
        lambda f: f.benchmark["versions"] == ("x86_64, 2 cores", "3.11.7", "2.2.6", "1.15.3"),
    ),
    ("Gradients through 50 layers", lambda f: f.constants["DEPTH"] == 50),
    ("2023, chapter 4", lambda f: True),  # a citation
    # the run time, as benchmarks/bench_notebooks.py recorded it
    ("under a minute", lambda f: max(f.benchmark["notebook_seconds"]) < 60),
]


def _plain(text: str) -> str:
    """Whitespace collapsed and pandoc's typographic apostrophes made plain."""
    return " ".join(text.replace("\u2019", "'").split())


def texts(root: Path, notebook: dict) -> dict[str, str]:
    """What readers see: the page's prose, the captions of the figures it and the experiment
    slides embed, and those slides' speaker notes, each whitespace-normalised."""
    page_path = root / "experiments.qmd"
    page = qs.load_page(page_path)
    found = {"experiments.qmd": _plain(qs.stringify(page.blocks))}
    labels = re.findall(r"Experiments\.ipynb#([\w-]+)", page_path.read_text())
    show = qs.load_page(root / qs.SLIDESHOW)
    for slide in qs.slides(show):
        if slide.ident not in SLIDES:
            continue
        notes = [d for d in qs.divs_with_class(slide.blocks, "notes")]
        found[f"notes #{slide.ident}"] = _plain(" ".join(qs.stringify(d) for d in notes))
        labels += re.findall(r"Experiments\.ipynb#([\w-]+)", json.dumps(slide.blocks))
    for cell in _code_cells(notebook):
        if cell.label in labels:
            found[f"caption {cell.label}"] = _plain(str(cell.options["fig-cap"]))
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
        for match in _DIGITS.finditer(_YEAR.sub(lambda m: " " * len(m[0]), text)):
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
    if list(rows) != [ACTIVATIONS[n].display_name for n in hidden]:
        problems.append(f"the training table's rows {list(rows)} are not HIDDEN_ACTIVATIONS")
    return problems


def test_relu_is_cheapest_and_every_registry_entry_measured_is_plotted(
    committed: dict, benchmark_rows: list
) -> None:
    # fig-cost plots every registry entry the benchmark measured, relative to ReLU, on an axis
    # from 0.8 to 120: every mark must lie on it, ReLU's the lowest.
    facts = facts_of(committed, benchmark_rows)
    measured = {r["function"] for r in benchmark_rows if r["implementation"] == "package"}
    assert len(facts.cost) == len([name for name in ACTIVATIONS if name in measured])
    assert facts.cost["ReLU"] == (1.0, 1.0)
    assert all(1 < v < 120 for n, c in facts.cost.items() if n != "ReLU" for v in c)


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
    qs.replace_once(
        root / qs.SLIDESHOW, "shrinks less, 0.63\nper layer", "shrinks less, 0.73\nper layer"
    )
    problems = claim_problems(facts_of(committed, benchmark_rows), texts(root, committed))
    assert any(p.startswith("experiments.qmd: '90' is not checked") for p in problems), problems
    assert any(p.startswith("experiments.qmd: '12' is not checked") for p in problems), problems
    assert any(p.startswith("notes #vanishing-gradient: '0.73' is not checked") for p in problems)


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
