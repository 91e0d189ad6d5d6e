"""The gains tables of the initialisation section (reference page) and slide, cell by cell.

Each computed gain on the page is the package's ``activations.gains`` value (tested against
mpmath at 40 digits in test_gains.py) rounded as printed, and the Linear row the closed form
E[Z^2] = 1 (mpmath). Each "calculate_gain" entry is what PyTorch's
``torch.nn.init.calculate_gain`` returns where torch installs, else the value its documentation
lists (PyTorch 2.13.0, https://docs.pytorch.org/docs/stable/nn.init.html). The origin column
says "derived" exactly where PyTorch's value is the computed forward gain. The prose of the
section is checked number by number in test_experiments_notebook.py, with the runs it quotes.
Each check is a function of a project folder that returns its problems; the last test breaks a
copy of the project in one place per check and shows that the check fires.
"""

# The tables write true minus signs, primes, Greek letters and root signs; so must the tests.
# ruff: noqa: RUF001

from __future__ import annotations

import math
import re
from pathlib import Path

import mpmath
import pytest
import quarto_site as qs

from activations import gains

#: PyTorch's calculate_gain as its documentation lists it; the real function where torch
#: installs (tests/test_gains.py checks the two agree).
DOCUMENTED = {
    "linear": 1.0,
    "sigmoid": 1.0,
    "tanh": 5 / 3,
    "relu": math.sqrt(2),
    "leaky_relu": math.sqrt(2 / (1 + 0.01**2)),
    "selu": 3 / 4,
}
#: Row label -> (registry name, PyTorch's name); the Linear row is the identity.
ROWS = {
    "Linear": (None, "linear"),
    "Sigmoid": ("sigmoid", "sigmoid"),
    "Tanh": ("tanh", "tanh"),
    "ReLU": ("relu", "relu"),
    "Leaky ReLU, α = 0.01": ("leaky_relu", "leaky_relu"),
    "SELU": ("selu", "selu"),
}
_ORIGINS = {"derived", "not documented", "found empirically"}


def pytorch_gain(name: str) -> float:
    try:
        import torch
    except ImportError:
        return DOCUMENTED[name]
    return float(torch.nn.init.calculate_gain(name))


def computed(name: str | None) -> tuple[float, float, float | None]:
    """Forward, backward and linearisation gain (None at a kink); the identity's in closed
    form from mpmath: E[Z^2] = 1 and a slope of 1 everywhere."""
    if name is None:
        second = mpmath.quad(lambda z: z**2 * mpmath.npdf(z), [-mpmath.inf, mpmath.inf])
        return 1 / math.sqrt(float(second)), 1.0, 1.0
    try:
        linear: float | None = gains.linearisation_gain(name)
    except ValueError:
        linear = None
    return gains.forward_gain(name), gains.backward_gain(name), linear


def value(cell: str) -> float | None:
    """A cell as a number: '1.8462', '5/3 ≈ 1.6667' (the exact form), '√2', '—' (None)."""
    text = cell.split("≈")[0].strip()
    if text.startswith("—"):
        return None
    if text == "√2":
        return math.sqrt(2)
    if text == "√(2/(1 + α²))":
        return math.sqrt(2 / (1 + 0.01**2))
    if re.fullmatch(r"\d+/\d+", text):
        numerator, denominator = text.split("/")
        return int(numerator) / int(denominator)
    return float(text)


def agrees(cell: str, expected: float | None) -> bool:
    """The cell is ``expected``: to its printed decimals, and its exact form (after '≈' the
    decimals too) where it gives one; '—' for None."""
    if expected is None:
        return cell.strip().startswith("—")
    shown = value(cell)
    if shown is None:
        return False
    parts = [part.strip() for part in cell.split("≈")]
    for part in parts[1:] + ([parts[0]] if re.fullmatch(r"\d+(\.\d+)?", parts[0]) else []):
        decimals = len(part.partition(".")[2])
        if f"{expected:.{decimals}f}" != part:
            return False
    return bool(math.isclose(shown, expected, rel_tol=1e-12) or re.fullmatch(r"[\d.]+", parts[0]))


def _rows(table: dict) -> list[list[str]]:
    header = [[qs.stringify(cell[4]) for cell in row[1]] for row in table["c"][3][1]]
    body = [
        [qs.stringify(cell[4]) for cell in row[1]]
        for section in table["c"][4]
        for row in section[3]
    ]
    return header + body


def _tables(blocks: list) -> list[dict]:
    return [e for e in qs.walk(blocks) if e["t"] == "Table"]


def reference_table_problems(root: Path) -> list[str]:
    """@tbl-gains: every row of ROWS, each cell the computed or PyTorch's value."""
    page = qs.load_page(root / qs.REFERENCE)
    tables = [t for t in _tables(page.blocks) if t["c"][0][0] == "tbl-gains"]
    if len(tables) != 1:
        return [f"{qs.REFERENCE}: {len(tables)} tables #tbl-gains"]
    header, *body = _rows(tables[0])
    problems = []
    if [cell.strip() for cell in header[1:5]] != [
        "calculate_gain",
        "Forward gain",
        "Backward gain",
        "1/φ′(0)",
    ]:
        problems.append(f"tbl-gains: columns {header}")
    if [row[0] for row in body] != list(ROWS):
        problems.append(f"tbl-gains: rows {[row[0] for row in body]}, not {list(ROWS)}")
    for row in body:
        if row[0] not in ROWS:
            continue
        name, torch_name = ROWS[row[0]]
        forward, backward, linear = computed(name)
        torch_value = pytorch_gain(torch_name)
        for column, cell, expected in (
            ("calculate_gain", row[1], torch_value),
            ("forward", row[2], forward),
            ("backward", row[3], backward),
            ("1/φ′(0)", row[4], linear),
        ):
            if not agrees(cell, expected):
                problems.append(f"tbl-gains {row[0]}: {column} is {cell!r}, computed {expected}")
        derived = math.isclose(torch_value, forward, rel_tol=1e-9)
        origin = row[5].strip()
        if origin not in _ORIGINS or (origin == "derived") != derived:
            problems.append(
                f"tbl-gains {row[0]}: origin {origin!r}, but PyTorch's {torch_value:.6g} "
                f"{'is' if derived else 'is not'} the forward gain {forward:.6g}"
            )
    return problems


def slide_table_problems(root: Path) -> list[str]:
    """The #initialisation slide's table: the same values, rounded as it prints them."""
    slides = {s.ident: s for s in qs.slides(qs.load_page(root / qs.SLIDESHOW))}
    if "initialisation" not in slides:
        return ["no slide #initialisation"]
    tables = _tables(slides["initialisation"].blocks)
    if len(tables) != 1:
        return [f"#initialisation: {len(tables)} tables"]
    _, *body = _rows(tables[0])
    problems = []
    for row in body:
        if row[0] not in ROWS:
            problems.append(f"#initialisation: unknown row {row[0]!r}")
            continue
        name, torch_name = ROWS[row[0]]
        forward, backward, linear = computed(name)
        for column, cell, expected in (
            ("PyTorch", row[1], pytorch_gain(torch_name)),
            ("forward", row[2], forward),
            ("backward", row[3], backward),
            ("1/φ′(0)", row[4], linear),
        ):
            if not agrees(cell, expected):
                problems.append(f"#initialisation {row[0]}: {column} {cell!r}, computed {expected}")
    return problems


def test_the_reference_gains_table_is_computed_and_pytorchs() -> None:
    assert reference_table_problems(qs.ROOT) == []


def test_the_slide_gains_table_is_computed_and_pytorchs() -> None:
    assert slide_table_problems(qs.ROOT) == []


def test_cells_are_read_as_written() -> None:
    assert value("5/3 ≈ 1.6667") == 5 / 3 and value("—") is None and value("√2") == math.sqrt(2)
    assert agrees("5/3 ≈ 1.6667", 5 / 3) and not agrees("5/3 ≈ 1.6668", 5 / 3)
    assert agrees("1.8462", 1.846228545) and not agrees("1.8463", 1.846228545)
    assert agrees("4", 4.0) and not agrees("4", None) and agrees("— (kink)", None)


_BREAKAGES = {
    "computed-gain": (
        reference_table_problems,
        "_reference/initialisation.qmd",
        "| 1.5925 | 1.4674 |",
        "| 1.5935 | 1.4674 |",
        "tbl-gains Tanh: forward is '1.5935'",
    ),
    "pytorch-gain": (
        reference_table_problems,
        "_reference/initialisation.qmd",
        "| Tanh | 5/3 ≈ 1.6667 |",
        "| Tanh | 3/2 ≈ 1.5000 |",
        "tbl-gains Tanh: calculate_gain is '3/2 ≈ 1.5000'",
    ),
    "origin": (
        reference_table_problems,
        "_reference/initialisation.qmd",
        "| 1 | not documented |\n| ReLU",
        "| 1 | derived |\n| ReLU",
        "tbl-gains Tanh: origin 'derived'",
    ),
    "slide": (
        slide_table_problems,
        qs.SLIDESHOW,
        "| SELU | 3/4 | 1 | 0.97 | — |",
        "| SELU | 3/4 | 1 | 0.96 | — |",
        "#initialisation SELU: backward '0.96'",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_table_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    check, target, old, new, expected = _BREAKAGES[breakage]
    root = qs.copy_project(tmp_path / "site")
    assert check(root) == [], "the unbroken copy must pass"
    qs.replace_once(root / target, old, new)
    problems = check(root)
    assert any(expected in p for p in problems), problems
