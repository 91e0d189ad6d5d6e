"""ActivationFunctions.ipynb: runs clean in a fresh kernel, is committed current, and is complete.

The notebook is executed from a temporary copy in a fresh kernel whose warnings filter is set to
"error" before the first cell. Run A is compared with the committed file (a stale notebook
fails; on another CPU a figure's numbers may move within the spread that
benchmarks/cpu_spread.py measured). Two runs on one machine must give identical outputs: where
run A is identical to the committed file, which an earlier, separate run wrote, two runs
already agree; elsewhere (another CPU) the notebook runs a second time, run B, and is compared
with run A. No test times the notebook: benchmarks/bench_notebooks.py records its run time.
"""

from __future__ import annotations

import ast
import copy
import itertools
import math
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import cpu_tolerance as cpu
import mpmath as mp
import nbformat
import numpy as np
import pytest
import yaml
from notebook_runner import execute, output_problems

from activations import ACTIVATIONS, gelu, gelu_tanh
from activations.properties import properties_table
from activations.site.pages import GROUPS, PAGES
from activations.site.tables import row_name

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "ActivationFunctions.ipynb"
HANDOUT = ROOT / "activations-handout.pdf"
ENTRY_FIGURE_LABELS = tuple(page.figure_label for page in PAGES.values())
#: Figures of the rectifiers' topics that are not one entry's: a maxout unit and the linear
#: pieces of ReLU networks (the reference's #sec-maxout), the maxout one with a slide version.
TOPIC_FIGURE_LABELS = ("fig-maxout", "fig-linear-pieces", "fig-universal-approximation")
TOPIC_SLIDE_LABELS = ("fig-maxout-slide",)
#: fig-derivatives-overview: every derivative in fig-overview's layout (the reference page).
FIGURE_LABELS = (
    "fig-overview",
    "fig-derivatives-overview",
    *ENTRY_FIGURE_LABELS,
    *TOPIC_FIGURE_LABELS,
)
#: Every entry's page figure has a slide version, drawn for the slideshow's columns, right after it.
ENTRY_SLIDE_LABELS = tuple(f"{label}-slide" for label in ENTRY_FIGURE_LABELS)
#: The page's overview has too many panels for one slide: its slide versions, right after it,
#: show one family each.
OVERVIEW_SLIDE_LABELS = tuple(f"fig-overview-{group}-slide" for group in GROUPS)
SLIDE_FIGURE_LABELS = OVERVIEW_SLIDE_LABELS + ENTRY_SLIDE_LABELS + TOPIC_SLIDE_LABELS
#: tbl-ffn-parameters: a SwiGLU feed-forward block against a ReLU one;
#: tbl-exp-overflow: where exp overflows and underflows in each float format;
#: tbl-dead-relu: dead units of a small ReLU network (the reference's #sec-dead-relu);
#: tbl-decision: which activation where, from activations.site.decision (the home page).
TABLE_LABELS = (
    "tbl-properties",
    "tbl-ffn-parameters",
    "tbl-exp-overflow",
    "tbl-dead-relu",
    "tbl-decision",
)
#: The two computed tables again for the slides, right after them: same rows, one-line captions.
TABLE_SLIDE_LABELS = ("tbl-ffn-parameters-slide", "tbl-exp-overflow-slide")
#: The properties table on the slides, split over tables numbered from 1.
SLIDE_TABLE = re.compile(r"tbl-properties-slide-(\d+)")
#: 3 MiB held 26 entries' figures; PReLU's two, the maxout and linear-pieces figures took the
#: file to 3.3 MB (the SVGs store every glyph as a path, so that no font is needed to view them).
MAX_BYTES = 4 * 1024 * 1024
IMAGE_MIMES = ("image/svg+xml", "image/png")
TABLE_MIMES = ("text/markdown", "text/html")
MINUS = "\N{MINUS SIGN}"


def _run_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[dict, Path]:
    """Run a copy in its own folder; return the run notebook and the folder."""
    workdir = tmp_path_factory.mktemp(name)
    copy = workdir / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    notebook = nbformat.read(copy, as_version=4)
    execute(notebook, workdir)
    return notebook, workdir


@pytest.fixture(scope="session")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    return _run_copy(tmp_path_factory, "run-a")


@pytest.fixture(scope="session")
def second_run(tmp_path_factory: pytest.TempPathFactory, fresh_run: tuple) -> tuple[dict, Path]:
    return _run_copy(tmp_path_factory, "run-b")


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


def _same_output(want: dict, got: dict, tolerance: float) -> bool:
    """Equal outputs, except that numbers in an SVG may differ by up to ``tolerance`` points."""
    want, got = dict(want), dict(got)
    want_data, got_data = dict(want.pop("data", {})), dict(got.pop("data", {}))
    want_svg, got_svg = want_data.pop("image/svg+xml", ""), got_data.pop("image/svg+xml", "")
    return want == got and want_data == got_data and cpu.svg_within(want_svg, got_svg, tolerance)


def stale_cells(committed: dict, fresh: dict, tolerance: float) -> list[str]:
    """Cells whose outputs differ from the fresh run's by more than another CPU explains."""
    pairs = zip(_outputs_by_cell(committed), _outputs_by_cell(fresh), strict=True)
    return [
        name
        for (name, count, want), (_, fresh_count, got) in pairs
        if count != fresh_count
        or len(want) != len(got)
        or not all(_same_output(a, b, tolerance) for a, b in zip(want, got, strict=True))
    ]


def svg_tolerance(spread: cpu.Spread) -> float:
    """How far a number in any of the notebook's figures may move on another CPU.

    Measured: where NumPy's tanh is the SSE baseline's (up to 3 ulps from the AVX2 and AVX-512
    kernels), Mish's two figures move in the sixth decimal of a point, 1e-6 pt; no other output
    changes. So twice the largest measured change, and at least a thousandth of a point.
    """
    notebook = NOTEBOOK.name
    labels = [
        q.removeprefix(f"{notebook} ")
        for q, unit in spread.largest
        if q.startswith(notebook) and unit == "pt"
    ]
    return max([cpu.SVG_FLOOR, *(spread.figure(label, notebook) for label in labels)])


# --------------------------------------------------------------------------- running it


@pytest.mark.e2e
def test_runs_without_errors_warnings_or_stderr(fresh_run: tuple) -> None:
    problems = output_problems(fresh_run[0])
    assert not problems, "\n".join(problems)


@pytest.mark.e2e
def test_committed_outputs_match_a_fresh_run(committed: dict, fresh_run: tuple) -> None:
    stale = stale_cells(committed, fresh_run[0], svg_tolerance(cpu.measured()))
    assert not stale, f"the committed notebook is stale in {stale}; re-run it in place (see README)"


def test_staleness_check_allows_another_cpu_and_fires_beyond_it(committed: dict) -> None:
    tolerance = svg_tolerance(cpu.measured())
    assert tolerance == cpu.SVG_FLOOR
    assert stale_cells(committed, committed, tolerance) == []
    for by, stale in ((0.5 * tolerance, []), (2 * tolerance, ["fig-sigmoid"])):
        broken = copy.deepcopy(committed)
        (cell,) = [c for c in _code_cells(broken) if _options(c).get("label") == "fig-sigmoid"]
        data = cell["outputs"][0]["data"]
        match = cpu.SVG_NUMBER.search(data["image/svg+xml"], data["image/svg+xml"].index("<path"))
        moved = f"{float(match[0]) + by:.6f}"
        data["image/svg+xml"] = (
            data["image/svg+xml"][: match.start()] + moved + data["image/svg+xml"][match.end() :]
        )
        assert stale_cells(committed, broken, tolerance) == stale


@pytest.mark.e2e
def test_the_notebook_writes_the_committed_handout(fresh_run: tuple) -> None:
    """The notebook writes activations-handout.pdf, and the committed file is current."""
    written = fresh_run[1] / HANDOUT.name
    assert written.is_file(), "the notebook did not write activations-handout.pdf"
    assert written.read_bytes() == HANDOUT.read_bytes(), (
        "activations-handout.pdf is stale: re-run the notebook with the README's command"
    )


def other_run(committed: dict, run_a: dict, second_run: Callable[[], dict]) -> dict:
    """A run separate from ``run_a`` to compare it with: the committed file where the two are
    identical (so two runs already agree), else ``second_run()``, a run made for the purpose."""
    return committed if not _differences(committed, run_a) else second_run()


@pytest.mark.e2e
def test_two_runs_give_identical_outputs(
    committed: dict, fresh_run: tuple, request: pytest.FixtureRequest
) -> None:
    other = other_run(committed, fresh_run[0], lambda: request.getfixturevalue("second_run")[0])
    differing = _differences(fresh_run[0], other)
    assert not differing, f"outputs differ between two fresh runs in {differing}"


def test_a_second_run_is_made_unless_the_first_is_the_committed_file(committed: dict) -> None:
    made: list[dict] = []

    def second_run() -> dict:
        made.append(copy.deepcopy(committed))
        return made[-1]

    assert other_run(committed, copy.deepcopy(committed), second_run) is committed
    assert made == []
    moved = copy.deepcopy(committed)
    (cell,) = [c for c in _code_cells(moved) if _options(c).get("label") == "tbl-exp-overflow"]
    cell["execution_count"] += 1
    assert other_run(committed, moved, second_run) is made[0]


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
    expected = FIGURE_LABELS + SLIDE_FIGURE_LABELS + TABLE_LABELS + TABLE_SLIDE_LABELS
    assert sorted(cross_referenced) == sorted(expected + slide_tables)


def slide_table_problems(page: list[list[str]], slide: list[list[str]], label: str) -> list[str]:
    """A slide table holds the page table's rows, with all its columns or some of them, in order."""
    if len(slide) != len(page):
        return [f"{label}: {len(slide)} rows, the page table has {len(page)}"]
    width = len(slide[0]) if slide else 0
    for columns in itertools.combinations(range(len(page[0])), width) if page else ():
        if all([row[i] for i in columns] == s for row, s in zip(page, slide, strict=True)):
            return []
    return [f"{label}: its cells are not a choice of the page table's columns"]


def test_slide_tables_follow_their_page_tables_with_the_same_rows(committed: dict) -> None:
    labels = [_options(c).get("label") for c in _code_cells(committed)]
    for slide_label in TABLE_SLIDE_LABELS:
        page_label = slide_label.removesuffix("-slide")
        assert labels.index(slide_label) == labels.index(page_label) + 1, slide_label
        page, slide = _table(committed, page_label), _table(committed, slide_label)
        assert not slide_table_problems(page, slide, slide_label)


def test_slide_table_check_fires_on_a_changed_cell_or_a_missing_row(committed: dict) -> None:
    page = _table(committed, "tbl-ffn-parameters")
    slide = [row.copy() for row in _table(committed, "tbl-ffn-parameters-slide")]
    assert not slide_table_problems(page, slide, "slide")
    slide[1][-1] = "+0.79 %"
    assert slide_table_problems(page, slide, "slide")
    assert slide_table_problems(page, slide[:-1], "slide")


def slide_figure_problems(notebook: dict) -> list[str]:
    """Each entry's slide figure right after its page figure, with the same alt text and a
    shorter caption; the family overviews right after the page's overview, in GROUPS order."""
    cells = _code_cells(notebook)
    labels = [_options(c).get("label") for c in cells]
    problems = []
    pages = (*ENTRY_FIGURE_LABELS, *(s.removesuffix("-slide") for s in TOPIC_SLIDE_LABELS))
    for page_label, slide_label in zip(pages, ENTRY_SLIDE_LABELS + TOPIC_SLIDE_LABELS, strict=True):
        page = labels.index(page_label)
        if labels[page + 1] != slide_label:
            problems.append(f"{slide_label} does not follow {page_label}")
            continue
        page_options, slide_options = _options(cells[page]), _options(cells[page + 1])
        if slide_options["fig-alt"] != page_options["fig-alt"]:
            problems.append(f"{slide_label}: alt text differs from {page_label}'s")
        if len(slide_options["fig-cap"]) >= len(page_options["fig-cap"]):
            problems.append(f"{slide_label}: caption not shorter than {page_label}'s")
    overview = labels.index("fig-overview")
    following = tuple(labels[overview + 1 : overview + 1 + len(OVERVIEW_SLIDE_LABELS)])
    if following != OVERVIEW_SLIDE_LABELS:
        problems.append(f"fig-overview is followed by {following}, not {OVERVIEW_SLIDE_LABELS}")
    return problems


def test_each_slide_figure_follows_its_page_figure_and_shows_the_same(committed: dict) -> None:
    assert not slide_figure_problems(committed)


def test_family_overviews_draw_each_family(committed: dict) -> None:
    for group in GROUPS:
        (cell,) = [
            c
            for c in _code_cells(committed)
            if _options(c).get("label") == f"fig-overview-{group}-slide"
        ]
        assert f'family("{group}")' in cell.source, cell.source
        count = sum(page.group == group for page in PAGES.values())
        assert _options(cell)["fig-alt"].startswith(NUMBER_WORDS[count]), group


NUMBER_WORDS = {3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}


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
    # The properties table's names: a gated unit's row is its gate's (GATE_VIEW_NAME).
    assert names == [row_name(row) for row in properties_table()]


def section_problems(notebook: dict) -> list[str]:
    """A ``##`` section per family in GROUPS order, holding a ``###`` section per entry of the
    family in registry order, and the entries' figures in registry order."""
    headings = [
        line
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith(("## ", "### "))
    ]
    families = {heading: group for group, heading in GROUPS.items()}
    problems, found, family = [], [], None
    for line in headings:
        title = line.lstrip("#").strip()
        if line.startswith("## "):
            family = families.get(title)
            if family:
                found.append((family, None))
        else:
            entry = next((p for p in PAGES.values() if p.display_name == title), None)
            if entry is None:
                continue
            if entry.group != family:
                problems.append(f"{title} is under the heading of {family}, not {entry.group}")
            found.append((family, entry.name))
    expected = []
    for group in GROUPS:
        expected += [(group, None)] + [(group, n) for n, p in PAGES.items() if p.group == group]
    if found != expected:
        problems.append(f"sections {found} are not the registry's families and entries in order")
    figures = [_options(c).get("label") for c in _code_cells(notebook)]
    per_activation = [label for label in figures if label in ENTRY_FIGURE_LABELS]
    if per_activation != list(ENTRY_FIGURE_LABELS):
        problems.append("the entries' figures are not in registry order")
    return problems


def test_sections_follow_the_registry(committed: dict) -> None:
    assert not section_problems(committed)


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


# --------------------------------------------------------------------------- computed tables


def _table(notebook: dict, label: str) -> list[list[str]]:
    """The body rows of a table cell's Markdown output, as lists of stripped cells."""
    (cell,) = [c for c in _code_cells(notebook) if _options(c).get("label") == label]
    _, _, *rows = cell.outputs[0]["data"]["text/markdown"].splitlines()
    return [[part.strip() for part in row.strip().strip("|").split("|")] for row in rows]


def _integer(text: str) -> int:
    return int(text.replace(",", ""))


#: LLaMA's model widths d (Touvron et al. 2023, arXiv:2302.13971, Table 2) and the hidden width
#: of their feed-forward blocks, `intermediate_size` in the models' published configurations.
LLAMA_HIDDEN = {4096: 11008, 5120: 13824, 6656: 17920, 8192: 22016}


def ffn_table_problems(rows: list[list[str]]) -> list[str]:
    """Every number of tbl-ffn-parameters against exact integer arithmetic (fractions) and
    LLaMA's published hidden widths."""
    problems = []
    for row in rows:
        d = _integer(row[0].split()[0])
        two_thirds = Fraction(2 * 4 * d, 3)
        h = math.floor(two_thirds)
        h_rounded = 256 * math.ceil(Fraction(h, 256))
        expected = [
            f"{2 * d * 4 * d:,}",
            f"{float(two_thirds):,.2f}",
            f"{3 * d * h:,}",
            f"{h_rounded:,}",
            f"{3 * d * h_rounded:,}",
            f"{float(Fraction(3 * h_rounded, 8 * d) - 1) * 100:+.2f} %",
        ]
        if row[1:] != expected:
            problems.append(f"d = {d}: {row[1:]} != {expected}")
        if d in LLAMA_HIDDEN and h_rounded != LLAMA_HIDDEN[d]:
            problems.append(f"d = {d}: LLaMA's hidden width is {LLAMA_HIDDEN[d]}, not {h_rounded}")
        # SwiGLU at h = floor(8d/3) costs what ReLU does, to within d * 2 weights
        if not 0 <= 8 * d * d - 3 * d * h <= 2 * d:
            problems.append(f"d = {d}: 3dh is not 8d^2 to within rounding")
    if not any(_integer(row[0].split()[0]) == 4096 for row in rows):
        problems.append("no row for LLaMA 7B's d = 4096")
    return problems


def test_ffn_parameter_table_is_exact(committed: dict) -> None:
    assert not ffn_table_problems(_table(committed, "tbl-ffn-parameters"))


def test_ffn_check_fires_on_a_changed_number(committed: dict) -> None:
    rows = _table(committed, "tbl-ffn-parameters")
    broken = [row.copy() for row in rows]
    broken[1][4] = "11,264"  # LLaMA 7B's width rounded to 512 instead
    assert any("d = 4096" in p for p in ffn_table_problems(broken))


#: IEEE 754 formats: precision p (significand bits, the hidden one included) and emax
#: (bfloat16: float32's exponent with 8 bits of precision).
IEEE_FORMATS = {
    "float64": (53, 1023),
    "float32": (24, 127),
    "float16": (11, 15),
    "bfloat16": (8, 127),
}


def _exp_limits(p: int, emax: int) -> tuple[mp.mpf, ...]:
    """Largest, smallest normal and smallest subnormal number of a binary format, and the
    logarithms where exp(x) overflows, turns subnormal and rounds to 0, at 50 digits."""
    with mp.workdps(50):
        largest = (2 - mp.mpf(2) ** (1 - p)) * mp.mpf(2) ** emax
        normal = mp.mpf(2) ** (1 - emax)
        subnormal = mp.mpf(2) ** (2 - emax - p)
        return largest, normal, subnormal, mp.log(largest), mp.log(normal), mp.log(subnormal / 2)


def exp_table_problems(rows: list[list[str]]) -> list[str]:
    """Every number of tbl-exp-overflow against the IEEE formats' limits computed with mpmath."""
    problems = []
    if [row[0] for row in rows] != list(IEEE_FORMATS):
        problems.append(f"formats {[row[0] for row in rows]}, expected {list(IEEE_FORMATS)}")
    for row in rows:
        if row[0] not in IEEE_FORMATS:
            continue
        largest, normal, subnormal, over, sub, zero = _exp_limits(*IEEE_FORMATS[row[0]])
        stated = [mp.mpf(text.replace(MINUS, "-")) for text in row[1:]]
        for value, reference, what in zip(
            stated,
            (largest, over, normal, sub, subnormal, zero),
            ("largest", "overflow", "normal", "subnormal", "smallest subnormal", "zero"),
            strict=True,
        ):
            if what in ("overflow", "subnormal", "zero"):  # logarithms, to two decimals
                ok = abs(value - reference) <= mp.mpf("0.005")
            else:  # numbers, to five significant digits
                ok = abs(value - reference) <= 5e-5 * reference
            if not ok:
                problems.append(f"{row[0]} {what}: {value} != {mp.nstr(reference, 8)}")
    return problems


def test_exp_overflow_table_matches_the_formats(committed: dict) -> None:
    rows = _table(committed, "tbl-exp-overflow")
    assert not exp_table_problems(rows)
    # exp's overflow thresholds in float64, float32, float16 and bfloat16
    assert [row[2] for row in rows] == ["709.78", "88.72", "11.09", "88.72"]


def test_exp_check_fires_on_a_changed_number(committed: dict) -> None:
    broken = [row.copy() for row in _table(committed, "tbl-exp-overflow")]
    broken[2][2] = "11.10"
    assert any("float16 overflow" in p for p in exp_table_problems(broken))


@pytest.mark.parametrize("name", list(IEEE_FORMATS))
def test_exp_really_overflows_and_underflows_there(name: str) -> None:
    # numpy's own exp in each format (bfloat16 from ml_dtypes): finite just below the stated
    # overflow threshold, inf just above; subnormal below the normal range; 0 beyond.
    import ml_dtypes

    dtype = ml_dtypes.bfloat16 if name == "bfloat16" else np.dtype(name).type
    _, normal, _, over, sub, zero = _exp_limits(*IEEE_FORMATS[name])

    def exp_at(x: mp.mpf, direction: float) -> float:
        """exp, in the format, of the format's nearest number to x on the given side."""
        value = np.array(float(x)).astype(dtype)
        if (float(value) - float(x)) * direction <= 0:
            value = np.nextafter(value, np.array(direction * np.inf, dtype=dtype))
        with np.errstate(over="ignore", under="ignore"):
            return float(np.exp(value))

    assert math.isinf(exp_at(over, +1)) and math.isfinite(exp_at(over, -1))
    assert 0 < exp_at(sub, -1) < float(normal) <= exp_at(sub, +1)
    assert exp_at(zero, -1) == 0 < exp_at(zero, +1)


# --------------------------------------------------------------------------- caption numbers


def _caption(notebook: dict, label: str) -> str:
    (cell,) = [c for c in _code_cells(notebook) if _options(c).get("label") == label]
    return str(_options(cell)["fig-cap"])


def _mp_peak(f, start: float) -> tuple[float, float]:
    """(x, f(x)) where f' = 0 near ``start``, at 30 digits."""
    with mp.workdps(30):
        x = mp.findroot(lambda t: mp.diff(f, t), start)
        return float(x), float(f(x))


def _mp_sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def test_gated_hard_swish_and_log_sigmoid_captions_state_computed_numbers(committed: dict) -> None:
    # GEGLU: GELU'(b) = Phi(b) + b phi(b) peaks at b = sqrt(2), and is 1/2 at b = 0.
    def gelu_slope(t):
        return mp.ncdf(t) + t * mp.npdf(t)

    x, y = _mp_peak(gelu_slope, 1.4)
    assert f"largest in size, {y:.3f}·|a|, at b = {x:.3f}" in _caption(committed, "fig-geglu")
    # SwiGLU: SiLU'(b) = s (1 + b (1 - s)), s = sigma(b)
    x, y = _mp_peak(lambda t: _mp_sigmoid(t) * (1 + t * (1 - _mp_sigmoid(t))), 2.4)
    assert f"largest in size, {y:.1f}·|a|, at b = {x:.3f}" in _caption(committed, "fig-swiglu")
    for label in ("fig-geglu", "fig-swiglu"):
        assert "is a/2 at b = 0" in _caption(committed, label)
    # GLU: sigma'(0) = 1/4, its maximum
    x, y = _mp_peak(lambda t: _mp_sigmoid(t) * (1 - _mp_sigmoid(t)), 0.1)
    assert (x, y) == pytest.approx((0.0, 0.25), abs=1e-15)
    assert "largest in size at b = 0, where it is a/4" in _caption(committed, "fig-glu")
    # hard swish: x (x + 3) / 6 has its vertex at x = -3/2, value -3/8
    x, y = _mp_peak(lambda t: t * (t + 3) / 6, -1.0)
    assert (x, y) == pytest.approx((-1.5, -0.375), abs=1e-15)
    caption = _caption(committed, "fig-hard-swish").replace(MINUS, "-")
    assert "minimum -0.375 at x = -1.5" in caption
    # (2x + 3) / 6 at x = -3 and x = 3, beside the constant 0 and 1 outside
    assert "from 0 to -0.5 at x = -3 and from 1.5 to 1 at x = 3" in caption
    # log-sigmoid at 0: -log 2
    caption = _caption(committed, "fig-log-sigmoid").replace(MINUS, "-")
    assert f"-log 2 ≈ -{float(mp.log(2)):.3f}" in caption


# --------------------------------------------------------------------------- broken copies


def _moved(notebook: dict, label: str, offset: int) -> dict:
    """A copy of the notebook with the cell labelled ``label`` moved ``offset`` cells on."""
    copy = nbformat.reads(nbformat.writes(notebook), as_version=4)
    cells = copy.cells
    (index,) = [i for i, c in enumerate(cells) if c.source.startswith(f"#| label: {label}\n")]
    cells.insert(index + offset, cells.pop(index))
    return copy


def test_slide_figure_check_fires_on_a_moved_slide_figure(committed: dict) -> None:
    problems = slide_figure_problems(_moved(committed, "fig-glu-slide", 3))
    assert "fig-glu-slide does not follow fig-glu" in problems, problems
    problems = slide_figure_problems(_moved(committed, "fig-overview-gated-slide", 1))
    assert any("fig-overview is followed by" in p for p in problems), problems


def test_section_check_fires_on_an_entry_in_the_wrong_family(committed: dict) -> None:
    copy = nbformat.reads(nbformat.writes(committed), as_version=4)
    (cell,) = [c for c in copy.cells if c.cell_type == "markdown" and c.source == "## Gated units"]
    cell.source = "## Output and loss"
    problems = section_problems(copy)
    assert any("GLU is under the heading of output-loss" in p for p in problems), problems
