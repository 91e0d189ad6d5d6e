"""ActivationFunctions.ipynb: runs clean in a fresh kernel, is committed current, and is complete.

The notebook is executed twice per test session, each time from a temporary copy in a fresh
kernel whose warnings filter is set to "error" before the first cell: run A is compared with
the committed file (a stale notebook fails), run B with run A (the outputs are deterministic).
A tiny notebook that only imports numpy and matplotlib, run just before A, gives the floor the
faster of the two runs is timed against.
"""

from __future__ import annotations

import ast
import logging
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from notebook_runner import execute, output_problems

from activations import ACTIVATIONS, gelu, gelu_tanh

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "ActivationFunctions.ipynb"
HANDOUT = ROOT / "activations-handout.pdf"
FIGURE_LABELS = ("fig-overview", *(a.figure_label for a in ACTIVATIONS.values()))
#: Every page figure has a slide version, drawn for the slideshow's columns.
SLIDE_FIGURE_LABELS = tuple(f"{label}-slide" for label in FIGURE_LABELS)
TABLE_LABELS = ("tbl-properties",)
#: The properties table on the slides, split over tables numbered from 1.
SLIDE_TABLE = re.compile(r"tbl-properties-slide-(\d+)")
MAX_BYTES = 3 * 1024 * 1024
#: Run time allowed relative to the floor. The target is 2x; the margin absorbs a loaded machine.
MAX_SLOWDOWN = 3.0
IMAGE_MIMES = ("image/svg+xml", "image/png")
TABLE_MIMES = ("text/markdown", "text/html")
log = logging.getLogger(__name__)


def _run_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[dict, float, Path]:
    """Run a copy in its own folder; return the run notebook, its seconds and the folder."""
    workdir = tmp_path_factory.mktemp(name)
    copy = workdir / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    notebook = nbformat.read(copy, as_version=4)
    seconds = execute(notebook, workdir)
    return notebook, seconds, workdir


@pytest.fixture(scope="session")
def committed() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="session")
def floor_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Fresh-kernel time of a notebook that only imports numpy and matplotlib."""
    floor = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nimport numpy as np")]
    )
    seconds = execute(floor, tmp_path_factory.mktemp("floor"))
    log.info("floor notebook (kernel + numpy + matplotlib): %.2f s", seconds)
    return seconds


@pytest.fixture(scope="session")
def fresh_run(tmp_path_factory: pytest.TempPathFactory, floor_seconds: float) -> tuple[dict, float]:
    """Run A, right after the floor, so that the two are timed on the same warm machine."""
    notebook, seconds, workdir = _run_copy(tmp_path_factory, "run-a")
    log.info("ActivationFunctions.ipynb: %.2f s, %.2fx the floor", seconds, seconds / floor_seconds)
    return notebook, seconds, workdir


@pytest.fixture(scope="session")
def second_run(tmp_path_factory: pytest.TempPathFactory, fresh_run: tuple) -> tuple[dict, float]:
    notebook, seconds, workdir = _run_copy(tmp_path_factory, "run-b")
    log.info("ActivationFunctions.ipynb, second run: %.2f s", seconds)
    return notebook, seconds, workdir


def _code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _options(cell: dict) -> dict:
    """The ``#|`` options that lead a code cell, parsed as YAML the way Quarto reads them."""
    lines = []
    for line in cell["source"].splitlines():
        if not line.startswith("#|"):
            break
        lines.append(line[2:].removeprefix(" "))
    if not lines:
        return {}
    return yaml.safe_load("\n".join(lines)) or {}


def _outputs_by_cell(notebook: dict) -> list[tuple[str, int | None, list]]:
    """(label or cell number, execution count, outputs) of each code cell, as plain data."""
    rows = []
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            name = _options(cell).get("label", f"cell {number}")
            outputs = [nbformat.from_dict(o) for o in cell["outputs"]]
            rows.append((name, cell["execution_count"], outputs))
    return rows


def _differences(expected: dict, actual: dict) -> list[str]:
    pairs = zip(_outputs_by_cell(expected), _outputs_by_cell(actual), strict=True)
    return [name for (name, *want), (_, *got) in pairs if want != got]


# --------------------------------------------------------------------------- running it


def test_runs_without_errors_warnings_or_stderr(fresh_run: tuple) -> None:
    problems = output_problems(fresh_run[0])
    assert not problems, "\n".join(problems)


def test_committed_outputs_match_a_fresh_run(committed: dict, fresh_run: tuple) -> None:
    stale = _differences(committed, fresh_run[0])
    assert not stale, f"the committed notebook is stale in {stale}; re-run it in place (see README)"


def test_the_notebook_writes_the_committed_handout(fresh_run: tuple) -> None:
    """Issue 8: the notebook writes activations-handout.pdf, and the committed file is current."""
    written = fresh_run[2] / HANDOUT.name
    assert written.is_file(), "the notebook did not write activations-handout.pdf"
    assert written.read_bytes() == HANDOUT.read_bytes(), (
        "activations-handout.pdf is stale: re-run the notebook with the README's command"
    )


def test_two_runs_give_identical_outputs(fresh_run: tuple, second_run: tuple) -> None:
    differing = _differences(fresh_run[0], second_run[0])
    assert not differing, f"outputs differ between two fresh runs in {differing}"


def test_run_time_is_close_to_the_floor(
    fresh_run: tuple, second_run: tuple, floor_seconds: float
) -> None:
    # The faster of the two runs: a busy machine slows a long run more than the short floor.
    seconds = min(fresh_run[1], second_run[1])
    assert seconds <= MAX_SLOWDOWN * floor_seconds, (
        f"{seconds:.2f} s is {seconds / floor_seconds:.1f}x the floor ({floor_seconds:.2f} s)"
    )


# --------------------------------------------------------------------------- what it holds


def test_front_matter_kernel_and_size(committed: dict) -> None:
    first = committed.cells[0]
    assert first.cell_type == "raw"
    front = first.source.strip()
    assert front.startswith("---") and front.endswith("---")
    assert yaml.safe_load(front.strip("-"))["title"]
    assert committed.metadata.kernelspec.name == "python3"
    assert committed.metadata.kernelspec.language == "python"
    assert NOTEBOOK.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("label", FIGURE_LABELS + SLIDE_FIGURE_LABELS + TABLE_LABELS)
def test_each_label_once_with_caption_alt_text_and_its_output(committed: dict, label: str) -> None:
    cells = [c for c in _code_cells(committed) if _options(c).get("label") == label]
    assert len(cells) == 1, f"{label} is on {len(cells)} cells"
    (cell,) = cells
    options = _options(cell)
    mimes = {mime for output in cell.outputs for mime in output.get("data", {})}
    if label.startswith("fig-"):
        assert str(options.get("fig-cap", "")).strip(), "no fig-cap"
        assert str(options.get("fig-alt", "")).strip(), "no fig-alt"
        assert len(cell.outputs) == 1 and mimes & set(IMAGE_MIMES), f"outputs: {mimes}"
    else:
        assert str(options.get("tbl-cap", "")).strip(), "no tbl-cap"
        assert len(cell.outputs) == 1 and mimes & set(TABLE_MIMES), f"outputs: {mimes}"
        assert "|" in cell.outputs[0]["data"]["text/markdown"]


def _slide_tables(notebook: dict) -> list[dict]:
    """The slide tables' cells, in notebook order."""
    return [c for c in _code_cells(notebook) if SLIDE_TABLE.fullmatch(_options(c).get("label", ""))]


def test_labels_are_exactly_the_expected_ones(committed: dict) -> None:
    labels = [_options(c).get("label") for c in _code_cells(committed)]
    cross_referenced = [label for label in labels if label and label[:4] in ("fig-", "tbl-")]
    slide_tables = tuple(
        f"tbl-properties-slide-{n}" for n in range(1, 1 + len(_slide_tables(committed)))
    )
    expected = FIGURE_LABELS + SLIDE_FIGURE_LABELS + TABLE_LABELS + slide_tables
    assert sorted(cross_referenced) == sorted(expected)


def test_each_slide_figure_follows_its_page_figure_and_shows_the_same(committed: dict) -> None:
    cells = _code_cells(committed)
    labels = [_options(c).get("label") for c in cells]
    for page_label, slide_label in zip(FIGURE_LABELS, SLIDE_FIGURE_LABELS, strict=True):
        page = labels.index(page_label)
        assert labels[page + 1] == slide_label, f"{slide_label} does not follow {page_label}"
        page_options, slide_options = _options(cells[page]), _options(cells[page + 1])
        assert slide_options["fig-alt"] == page_options["fig-alt"], slide_label
        assert len(slide_options["fig-cap"]) < len(page_options["fig-cap"]), slide_label


def test_slide_tables_hold_every_registry_row_once_in_order(committed: dict) -> None:
    tables = _slide_tables(committed)
    assert tables, "no tbl-properties-slide-N cell"
    names = []
    for number, cell in enumerate(tables, start=1):
        options = _options(cell)
        assert options["label"] == f"tbl-properties-slide-{number}"
        assert f"({number} of {len(tables)})" in options["tbl-cap"]
        (output,) = cell.outputs
        header, separator, *rows = output["data"]["text/markdown"].splitlines()
        assert header.startswith("| Activation |") and set(separator) <= set("|:-")
        names += [row.split("|")[1].strip() for row in rows]
    assert names == [a.display_name for a in ACTIVATIONS.values()]


def test_sections_follow_the_registry(committed: dict) -> None:
    headings = [
        line.removeprefix("## ").strip()
        for cell in committed.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    names = [a.display_name for a in ACTIVATIONS.values()]
    assert [h for h in headings if h in names] == names
    figures = [_options(c).get("label") for c in _code_cells(committed)]
    per_activation = [label for label in figures if label in FIGURE_LABELS[1:]]
    assert per_activation == list(FIGURE_LABELS[1:])


def test_imports_the_package_and_defines_no_activation(committed: dict) -> None:
    sources = "\n".join(c.source for c in _code_cells(committed))
    tree = ast.parse(sources)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "activations" in imported
    defined = {
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    activation_names = {n for a in ACTIVATIONS for n in (a, f"{a}_grad")}
    assert not defined & activation_names
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Lambda)]


def test_figures_are_svg_without_dates(committed: dict) -> None:
    for cell in _code_cells(committed):
        for output in cell.outputs:
            data = output.get("data", {})
            assert "image/png" not in data
            if "image/svg+xml" in data:
                assert "<dc:date>" not in data["image/svg+xml"]


def test_gelu_tanh_caption_bound_holds(committed: dict) -> None:
    (cell,) = [c for c in _code_cells(committed) if _options(c).get("label") == "fig-gelu-tanh"]
    assert "below 5 \N{MULTIPLICATION SIGN} 10⁻⁴" in _options(cell)["fig-cap"]
    # Beyond |x| = 60 both are relu(x) up to terms below 1e-300.
    x = np.linspace(-60.0, 60.0, 1_200_001)
    assert np.max(np.abs(gelu_tanh(x) - gelu(x))) < 5e-4
