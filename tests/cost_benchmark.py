"""The cost benchmark's results, as the tests read them: ``benchmarks/results.csv``.

``benchmarks/bench_activations.py`` writes one row per function (or ``copy``), implementation
(``package``, ``textbook``, ``jax``; ``numpy`` and ``jax`` for the copy) and input order
(``random`` signs or the same values ``sorted``): nanoseconds per element and page faults per
call. The pages state costs only as rounded ratios and differences, which the tests hold within
``ABOUT`` of this file, so that a re-run of the benchmark on a quiet machine either keeps them
true or fails a test that names the sentence.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSV = Path("benchmarks") / "results.csv"
SCRIPT = ROOT / "benchmarks" / "bench_activations.py"
#: "About N" is true within this relative distance of the measured value.
ABOUT = 0.2
#: The piecewise-linear activations: their functions and derivatives need no transcendental
#: function, only comparisons and arithmetic.
PIECEWISE_LINEAR = ("relu", "leaky_relu", "relu6", "hard_sigmoid", "hard_swish")


def about(value: float, stated: float) -> bool:
    """``value`` is 'about ``stated``': within ABOUT of it."""
    return abs(value / stated - 1) <= ABOUT


@dataclass(frozen=True)
class Benchmark:
    """The CSV's times (ns per element) and page faults per call, and the run's setting."""

    ns: dict[tuple[str, str, str], float]
    faults: dict[tuple[str, str, str], float]
    setting: dict[str, str]

    def time(self, function: str, implementation: str = "package", order: str = "random") -> float:
        return self.ns[function, implementation, order]

    def ratio(self, function: str, implementation: str = "package", order: str = "random") -> float:
        """The time over the package's ReLU's, both on random signs."""
        return self.time(function, implementation, order) / self.time("relu")

    def branch_ratio(self, function: str, implementation: str = "package") -> float:
        """How many times as long random signs took as the same values sorted."""
        return self.time(function, implementation) / self.time(function, implementation, "sorted")

    def functions(self, kind: str | None = None) -> list[str]:
        """The activations' functions and derivatives measured, in the file's order."""
        names = dict.fromkeys(f for f, _, _ in self.ns if f != "copy")
        if kind == "function":
            return [n for n in names if not n.endswith("_grad")]
        if kind == "derivative":
            return [n for n in names if n.endswith("_grad")]
        return list(names)


def load(root: Path = ROOT) -> Benchmark:
    with (root / CSV).open(newline="") as handle:
        return from_rows(list(csv.DictReader(handle)))


def from_rows(rows: list[dict[str, str]]) -> Benchmark:
    """The benchmark of the CSV's rows, as ``csv.DictReader`` reads them."""
    key = [(r["function"], r["implementation"], r["order"]) for r in rows]
    return Benchmark(
        dict(zip(key, (float(r["ns_per_element"]) for r in rows), strict=True)),
        dict(zip(key, (float(r["page_faults_per_call"]) for r in rows), strict=True)),
        {k: rows[0][k] for k in ("machine", "cpu", "python", "numpy", "scipy", "jax", "repeats")},
    )


def write(root: Path, benchmark: Benchmark) -> None:
    """Write ``benchmark`` as the CSV of the project at ``root`` (for the broken copies)."""
    path = root / CSV
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        key = row["function"], row["implementation"], row["order"]
        row["ns_per_element"] = f"{benchmark.ns[key]:.3f}"
        row["page_faults_per_call"] = f"{benchmark.faults[key]:.0f}"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
