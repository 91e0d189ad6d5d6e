"""What a fresh run on another x86_64 CPU may change in a notebook's outputs.

NumPy picks its kernels for exp, tanh, expm1, log1p and log, and OpenBLAS its matrix-product
kernels, by processor; the kernels round differently in the last bit. ``benchmarks/cpu_spread.py``
re-runs the notebooks on one machine under every pairing of the kernels this NumPy wheel and
its OpenBLAS can pick on x86_64 (NPY_DISABLE_CPU_FEATURES, OPENBLAS_CORETYPE) and records the
largest change of each quantity in ``benchmarks/cpu_spread.csv``. The notebook tests allow a
committed notebook to differ from a fresh run by MARGIN times that measured spread.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SPREAD_CSV = ROOT / "benchmarks" / "cpu_spread.csv"
#: Tolerances are twice the largest change measured. The measurement pairs every kernel the two
#: libraries can pick, but on the SSE baseline NumPy calls the C library's expm1 and log1p, whose
#: last bits may change with the glibc version; and where training is chaotic, any change in the
#: last bit gives a new draw of the outcome, of which the measurement saw 19.
MARGIN = 2.0
#: A number in a figure may always move by a thousandth of a point (matplotlib writes six
#: decimals; the changes measured outside the chaotic runs are below 1e-4 pt).
SVG_FLOOR = 1e-3
#: A peak learning rate is chaotic when a run's final loss moved by more than this on some
#: configuration: a tenth of the 0.001 to which the notebook prints losses. (At the other rates
#: the largest change measured is below 1e-7.)
CHAOTIC = 1e-4
# A number, not a piece of an identifier or colour such as "m9e0453ab" or "#0072b2".
SVG_NUMBER = re.compile(r"(?<![\w#.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
# matplotlib's hashed ids of clip paths and markers: a clip path's id hashes its rectangle, so
# a change in the last digit of an axes' position changes the id, not the picture.
_HASHED_ID = re.compile(r"\b([pm])[0-9a-f]{10}\b")
# A printed number; its sign is not part of it, so "78-96" is two numbers.
PRINTED = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?:e([-+]?\d+))?")
_RATE = re.compile(r"peak rate (\S+)$")


@dataclass(frozen=True)
class Spread:
    """The largest change of each quantity over the configurations of the measurement."""

    largest: dict[tuple[str, str], float]
    configurations: frozenset[tuple[str, str]]
    numpy: str

    def chaotic_rates(self) -> set[float]:
        """Peak learning rates at which a run's final loss moved by more than CHAOTIC."""
        return {
            float(_RATE.search(quantity)[1])
            for (quantity, _), value in self.largest.items()
            if quantity.startswith("final training loss of a run") and value > CHAOTIC
        }

    def _at_chaotic_rates(self, quantity: str, unit: str, activation: str | None) -> float:
        """The largest change of ``quantity`` at any chaotic rate, of ``activation``'s runs
        (a registry name) or, if None, of any run."""
        run = f"a {activation} run" if activation else "a run"
        return max(
            (
                self.largest[f"{quantity} of {run}, peak rate {rate}", unit]
                for rate in self.chaotic_rates()
            ),
            default=0.0,
        )

    def loss(self, activation: str | None = None) -> float:
        """How far a run's final loss at a chaotic rate may move: MARGIN times the largest
        change measured, of ``activation``'s runs or of any run."""
        return MARGIN * self._at_chaotic_rates("final training loss", "absolute", activation)

    def accuracy(self, activation: str | None = None) -> float:
        """How far a run's held-out accuracy (%) at a chaotic rate may move, likewise."""
        points = self._at_chaotic_rates("held-out accuracy", "points of 400", activation)
        return MARGIN * points * 100 / 400

    def explorer_ulps(self) -> float:
        """How many units in the last place a stored curve of the explorer may move."""
        return MARGIN * self.largest.get(("Explorer.ipynb stored curves", "ulps at most"), 0.0)

    def figure(self, label: str, notebook: str = "Experiments.ipynb") -> float:
        """How far, in points, any number in the SVG of figure ``label`` may move."""
        name = f"figure {label}" if notebook == "Experiments.ipynb" else f"{notebook} {label}"
        return max(SVG_FLOOR, MARGIN * self.largest.get((name, "pt"), 0.0))


@functools.cache
def measured(path: Path = SPREAD_CSV) -> Spread:
    """The spread recorded in ``path``."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    largest: dict[tuple[str, str], float] = {}
    for row in rows:
        key = row["quantity"], row["unit"]
        largest[key] = max(largest.get(key, 0.0), float(row["max_difference"]))
    configurations = frozenset((r["numpy_kernels"], r["openblas_core"]) for r in rows)
    return Spread(largest, configurations, rows[0]["numpy"])


def within_ulps(got: np.ndarray, want: np.ndarray, ulps: float) -> bool:
    """Equal arrays (NaN where NaN, infinities and signs alike), each finite value within ``ulps``
    units in the last place of the other's."""
    if got.shape != want.shape or not np.array_equal(np.isnan(got), np.isnan(want)):
        return False
    finite = np.isfinite(want)
    if not np.array_equal(got[~finite & ~np.isnan(want)], want[~finite & ~np.isnan(want)]):
        return False
    gap = np.abs(got[finite] - want[finite])
    return bool(np.all(gap <= ulps * np.spacing(np.abs(want[finite]))))


def canonical_ids(svg: str) -> str:
    """The SVG with matplotlib's hashed ids numbered in order of first use."""
    ids: dict[str, str] = {}
    return _HASHED_ID.sub(lambda m: ids.setdefault(m[0], f"{m[1]}{len(ids)}"), svg)


def svg_within(want: str, got: str, tolerance: float) -> bool:
    """The same SVG, except that numbers may differ by up to ``tolerance`` (points)."""
    want, got = canonical_ids(want), canonical_ids(got)
    if SVG_NUMBER.split(want) != SVG_NUMBER.split(got):
        return False
    pairs = zip(SVG_NUMBER.findall(want), SVG_NUMBER.findall(got), strict=True)
    return all(a == b or abs(float(a) - float(b)) <= tolerance for a, b in pairs)


def last_digit(number: re.Match) -> float:
    """The value of one unit in the last printed digit of a PRINTED match."""
    return 10.0 ** (int(number[3] or 0) - len(number[2] or ""))


def printed_within(want: str, got: str, allowances: list[float] | None = None) -> bool:
    """The same printed text, except that each number may differ by one unit in its last digit
    (a value within its spread of a rounding boundary) plus its allowance (default 0)."""
    if PRINTED.sub("#", want) != PRINTED.sub("#", got):
        return False
    numbers = list(zip(PRINTED.finditer(want), PRINTED.finditer(got), strict=True))
    allowances = allowances or [0.0] * len(numbers)
    return all(
        a[0] == b[0] or abs(float(a[0]) - float(b[0])) <= (last_digit(a) + extra) * (1 + 1e-9)
        for (a, b), extra in zip(numbers, allowances, strict=True)
    )
