"""The rectifiers' topics that are not one activation's: dead ReLU units, maxout, linear pieces.

Every number the reference page's #sec-dead-relu and #sec-maxout state, and the captions of
the notebook's tbl-dead-relu, fig-maxout and fig-linear-pieces, is recomputed here without the
code that made it: the dead-unit table with JAX's gradients and a NumPy forward pass, the maxout
unit's kinks in exact rational arithmetic, the pieces of the networks from their switching
points. Each check returns its problems, and each is shown to fire on a broken copy.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
import quarto_site as qs
import yaml

import activations
from activations import mlp
from activations.site import plotting

ROOT = qs.ROOT
MINUS = "\N{MINUS SIGN}"


def _cell(notebook: dict, label: str) -> nbformat.NotebookNode:
    (cell,) = [
        c
        for c in notebook.cells
        if c.cell_type == "code" and c.source.startswith(f"#| label: {label}\n")
    ]
    return cell


def _options(cell) -> dict:
    lines = [line[3:] for line in cell.source.splitlines() if line.startswith("#| ")]
    return yaml.safe_load("\n".join(lines))


def _notebook(root: Path = ROOT) -> nbformat.NotebookNode:
    return nbformat.read(root / qs.NOTEBOOK, as_version=4)


def _plain(text: str) -> str:
    text = text.replace(MINUS, "-").replace("\N{NO-BREAK SPACE}", " ")
    return text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")


# --------------------------------------------------------------------------- dead ReLU units

#: The table's rows: (learning rate of the one gradient step, first-layer bias) -> row name.
DEAD_ROWS = {
    (0.0, 0.0): "at initialisation",
    (1.0, 0.0): "after one step, η = 1",
    (10.0, 0.0): "after one step, η = 10",
    (100.0, 0.0): "after one step, η = 100",
    (0.0, -1.0): f"at initialisation, first-layer biases {MINUS}1",
}


def _he_weights(seed: int, sizes=(2, 64, 64, 1)) -> list[np.ndarray]:
    """He-normal weights drawn layer by layer from one generator, as the table says."""
    rng = np.random.default_rng(seed)
    return [
        rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
        for n_in, n_out in itertools.pairwise(sizes)
    ]


def dead_table_reference() -> dict[str, tuple[float, float]]:
    """Row name -> the dead percentages of both layers, from JAX's gradient and NumPy."""
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    x, y = mlp.two_spirals(400, seed=0)

    def loss(params):
        (w1, w2, w3), (b1, b2, b3) = params
        h = jnp.maximum(x @ w1 + b1, 0.0)
        h = jnp.maximum(h @ w2 + b2, 0.0)
        z = (h @ w3 + b3)[:, 0]
        return jnp.mean(jnp.logaddexp(0.0, z) - y * z)  # softplus(z) - y z

    grad = jax.grad(loss)
    table = {}
    for (rate, bias), name in DEAD_ROWS.items():
        fractions = []
        for seed in range(5):
            weights = _he_weights(seed)
            biases = [np.full(64, bias), np.zeros(64), np.zeros(1)]
            grads = grad((weights, biases))
            weights = [w - rate * np.asarray(g) for w, g in zip(weights, grads[0], strict=True)]
            biases = [b - rate * np.asarray(g) for b, g in zip(biases, grads[1], strict=True)]
            z1 = x @ weights[0] + biases[0]
            z2 = np.maximum(z1, 0.0) @ weights[1] + biases[1]
            fractions.append([np.mean(np.all(z <= 0, axis=0)) for z in (z1, z2)])
        first, second = 100 * np.mean(fractions, axis=0)
        table[name] = (float(first), float(second))
    return table


def _dead_table(notebook: dict) -> dict[str, tuple[str, str]]:
    (output,) = _cell(notebook, "tbl-dead-relu").outputs
    _, _, *rows = output["data"]["text/markdown"].splitlines()
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    return {name: (first, second) for name, first, second in cells}


def dead_table_problems(notebook: dict, reference: dict) -> list[str]:
    table = _dead_table(notebook)
    problems = []
    if list(table) != list(reference):
        problems.append(f"tbl-dead-relu rows {list(table)}, expected {list(reference)}")
    for name, values in reference.items():
        stated = table.get(name)
        expected = tuple(f"{v:.1f} %" for v in values)
        if stated != expected:
            problems.append(f"tbl-dead-relu, {name}: {stated}, recomputed {expected}")
    return problems


def dead_text_problems(root: Path, table: dict[str, tuple[str, str]]) -> list[str]:
    """The numbers #sec-dead-relu states are the committed table's."""
    page = qs.load_page(root / qs.REFERENCE)
    text = _plain(qs.stringify(qs.section_blocks(page.blocks, "sec-dead-relu") or []))
    at_init = table["at initialisation"][1]
    step_100 = table["after one step, η = 100"]
    biased = table[f"at initialisation, first-layer biases {MINUS}1"][0]
    expected = [
        f"{at_init} of the second layer's units are dead at initialisation",
        (
            f"one with η = 100 leaves {step_100[0]} of the first layer's units and "
            f"{step_100[1]} of the second's dead"
        ),
        f"biases of -1 in the first layer kill {biased} of its units",
    ]
    problems = [f"#sec-dead-relu does not say {e!r}" for e in expected if e not in text]
    # "changes little": the step with eta = 1 is within one point of initialisation
    small = table["after one step, η = 1"]
    if "η = 1 changes little" in text and abs(float(small[1][:-2]) - float(at_init[:-2])) > 1:
        problems.append("#sec-dead-relu: the step with η = 1 changes more than a point")
    return problems


@pytest.fixture(scope="module")
def dead_reference() -> dict[str, tuple[float, float]]:
    return dead_table_reference()


@pytest.mark.e2e
def test_dead_unit_table_is_recomputed_by_jax_and_numpy(dead_reference) -> None:
    assert dead_table_problems(_notebook(), dead_reference) == []


@pytest.mark.e2e
def test_dead_unit_table_weights_are_the_mlps(dead_reference) -> None:
    # the table's networks are the package's MLP with He-normal weights: the same draws
    for seed in range(5):
        network = mlp.MLP([2, 64, 64, 1], "relu", seed=seed)
        for ours, theirs in zip(_he_weights(seed), network.weights, strict=True):
            np.testing.assert_array_equal(ours, theirs)


def test_dead_unit_section_states_the_tables_numbers() -> None:
    assert dead_text_problems(ROOT, _dead_table(_notebook())) == []


def test_dead_unit_fractions_counts_units_never_positive() -> None:
    network = mlp.MLP([2, 4, 1], "relu", seed=0)
    network.weights[0][:] = np.eye(2, 4)  # pre-activations (x1, x2, 0, 0)
    x = np.array([[-1.0, 2.0], [-0.5, -1.0], [-2.0, 0.5]])
    # unit 1 is never positive, unit 2 is once; units 3 and 4 are exactly 0 on every input,
    # where ReLU'(0) = 0 gives them no gradient: 3 of 4 dead
    assert mlp.dead_unit_fractions(network, x) == [0.75]


# --------------------------------------------------------------------------- maxout


def _maxout_constants(notebook: dict) -> tuple[tuple[float, ...], tuple[float, ...]]:
    source = _cell(notebook, "fig-maxout").source
    match = re.search(r"MAXOUT_WEIGHTS, MAXOUT_BIASES = (\([^)]*\)), (\([^)]*\))", source)
    return ast.literal_eval(match.group(1)), ast.literal_eval(match.group(2))


def envelope_kinks(weights, biases) -> list[Fraction]:
    """Where the largest of the lines w x + b changes, in exact arithmetic."""
    lines = [(Fraction(w), Fraction(b)) for w, b in zip(weights, biases, strict=True)]
    crossings = sorted(
        {
            (b2 - b1) / (w1 - w2)
            for i, (w1, b1) in enumerate(lines)
            for w2, b2 in lines[i + 1 :]
            if w1 != w2
        }
    )

    def top(x: Fraction) -> int:
        values = [w * x + b for w, b in lines]
        return values.index(max(values))

    kinks = []
    for x in crossings:
        if top(x - Fraction(1, 10**9)) != top(x + Fraction(1, 10**9)):
            kinks.append(x)
    return kinks


def maxout_caption_problems(notebook: dict) -> list[str]:
    weights, biases = _maxout_constants(notebook)
    kinks = envelope_kinks(weights, biases)
    stated = " and ".join(f"x = {float(k):g}".replace("-", MINUS) for k in kinks)
    problems = []
    for label in ("fig-maxout",):
        caption = _options(_cell(notebook, label))["fig-cap"]
        if f"k = {len(weights)} pieces" not in caption or f"at {stated}" not in caption:
            problems.append(f"{label}: the caption does not say k = {len(weights)}, at {stated}")
    for label in ("fig-maxout", "fig-maxout-slide"):
        alt = _plain(_options(_cell(notebook, label))["fig-alt"])
        for k in kinks:
            if f"x = {float(k):g}" not in alt:
                problems.append(f"{label}: the alt text does not give the kink x = {float(k):g}")
    # the package's gradient changes pieces exactly there
    x = np.array([float(k) + d for k in kinks for d in (-1e-9, 1e-9)])
    pieces = x[:, None] * np.array(weights) + np.array(biases)
    winners = np.argmax(activations.maxout_grad(pieces, len(weights)), axis=-1)
    if any(winners[0::2] == winners[1::2]):
        problems.append("the package's maxout_grad does not change pieces at the kinks")
    return problems


def test_maxout_caption_gives_the_exact_kinks() -> None:
    assert maxout_caption_problems(_notebook()) == []


def test_maxout_figure_draws_the_largest_piece_and_its_slope() -> None:
    weights, biases = _maxout_constants(_notebook())
    fig = plotting.plot_maxout(weights, biases)
    ax_f, ax_d = fig.axes
    x = plotting.X_GRID
    lines = np.array(weights) * x[:, None] + np.array(biases)
    *piece_lines, maximum = [line for line in ax_f.get_lines() if len(line.get_xdata()) > 2]
    np.testing.assert_array_equal(maximum.get_ydata(), lines.max(axis=1))
    for line, column in zip(piece_lines, lines.T, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), column)
    (slope,) = [line for line in ax_d.get_lines() if len(line.get_xdata()) > 2]
    y = np.asarray(slope.get_ydata())
    expected = np.array(weights)[np.argmax(lines, axis=1)]
    np.testing.assert_array_equal(y[~np.isnan(y)], expected)
    labels = [t.get_text() for t in ax_f.get_legend().get_texts()]
    assert labels == [f"{MINUS}x {MINUS} 1", "0.25x", f"1.5x {MINUS} 1.5", "maximum"]


# --------------------------------------------------------------------------- linear pieces


def _pieces_constants(notebook: dict) -> list:
    source = _cell(notebook, "fig-linear-pieces").source
    start = source.index("ONE_LAYER = [")
    end = source.index("]\n", source.index("np.array([-1.0])")) + 1
    namespace = {"np": np}
    exec(source[start:end], namespace)  # noqa: S102 the notebook's literal weights
    return namespace["ONE_LAYER"]


def one_layer_pieces(layers) -> tuple[int, int]:
    """(units, pieces) of a one-hidden-layer network from its switching points -b/w."""
    (w, b), (v, _) = layers
    kinks = {
        Fraction(-bi) / Fraction(wi) for wi, bi, vi in zip(w[0], b, v[:, 0], strict=True) if wi * vi
    }
    return w.shape[1], len(kinks) + 1


def pieces_caption_problems(notebook: dict, root: Path = ROOT) -> list[str]:
    units, pieces = one_layer_pieces(_pieces_constants(notebook))
    depth = 3
    caption = _options(_cell(notebook, "fig-linear-pieces"))["fig-cap"]
    alt = _options(_cell(notebook, "fig-linear-pieces"))["fig-alt"]
    expected = [
        f"one hidden layer of {units} ReLUs",
        f"at the {units} dots: {pieces} pieces, the most {units} units in one layer can make",
        f"{2**depth} pieces from {2 * depth} ReLUs at L = {depth}",
        f"one layer of {2 * depth} ReLUs makes at most {2 * depth + 1}",
    ]
    problems = [f"fig-linear-pieces caption: no {e!r}" for e in expected if e not in caption]
    if f"{pieces} straight pieces" not in alt or f"its {pieces - 1} kinks" not in alt:
        problems.append("fig-linear-pieces alt text: the pieces and kinks are not the network's")
    page = qs.load_page(root / qs.REFERENCE)
    text = qs.stringify(qs.section_blocks(page.blocks, "sec-linear-pieces") or [])
    right = (
        f"(right panel: {2**depth} pieces from {2 * depth} ReLUs, where one layer of "
        f"{2 * depth} ReLUs makes at most {2 * depth + 1})"
    )
    for phrase in (f"(left panel: {units} units, {pieces} pieces)", right):
        if phrase not in text:
            problems.append(f"#sec-linear-pieces does not say {phrase!r}")
    return problems


def test_linear_pieces_caption_and_text_count_the_pieces() -> None:
    assert pieces_caption_problems(_notebook()) == []


def test_linear_pieces_figure_titles_count_what_is_drawn() -> None:
    layers = _pieces_constants(_notebook())
    units, pieces = one_layer_pieces(layers)
    tents = [activations.piecewise.tent_map_layers(depth) for depth in (1, 2, 3)]
    fig = plotting.plot_linear_pieces(layers, tents)
    left, right = fig.axes
    assert left.get_title() == f"one layer of {units} ReLUs: {pieces} pieces"
    labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert labels == [f"L = {d}: {2 * d} ReLUs, {2**d} pieces" for d in (1, 2, 3)]
    dots = [line for line in left.get_lines() if line.get_marker() == "o"]
    assert len(dots[0].get_xdata()) == pieces - 1


# --------------------------------------------------------------------------- broken copies


def _broken_notebook(old: str, new: str) -> nbformat.NotebookNode:
    notebook = _notebook()
    for cell in notebook.cells:
        if old in cell.source:
            cell.source = cell.source.replace(old, new, 1)
            return notebook
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            if old in text:
                output["data"]["text/markdown"] = text.replace(old, new, 1)
                return notebook
    raise AssertionError(f"{old!r} is not in the notebook")


@pytest.mark.e2e
def test_checks_fire_on_broken_copies(tmp_path: Path, dead_reference) -> None:
    table = _dead_table(_notebook())
    broken = _broken_notebook("| 30.6 % |", "| 31.6 % |")
    assert any("η = 100" in p for p in dead_table_problems(broken, dead_reference))
    broken = _broken_notebook("and x = 1.2. Its", "and x = 1.3. Its")
    assert any("the caption does not say" in p for p in maxout_caption_problems(broken))
    broken = _broken_notebook("8 pieces from 6 ReLUs", "8 pieces from 5 ReLUs")
    assert any("8 pieces from 6 ReLUs" in p for p in pieces_caption_problems(broken))
    broken = _broken_notebook("np.array([3.0, 1.0, 1.0, -2.5])", "np.array([3.0, 1.0, 1.0, -1.0])")
    assert any("alt text" in p for p in pieces_caption_problems(broken))  # 1 = -b/w twice
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(
        root / "_reference" / "rectifiers.qmd",
        "one with η = 100 leaves 16.9 %",
        "one with η = 100 leaves 19.6 %",
    )
    assert any("η = 100" in p for p in dead_text_problems(root, table))
    qs.replace_once(
        root / "_reference" / "rectifiers.qmd", "(left panel: 4 units,", "(left panel: 3 units,"
    )
    assert any("left panel" in p for p in pieces_caption_problems(_notebook(), root))
