"""Time a fresh run of each notebook, and of a floor notebook that only imports the libraries.

Run from the repository root:

    python3 benchmarks/bench_notebooks.py

Each notebook runs REPEATS times in a new python3 kernel, as the tests and the README's nbconvert
command run it: Experiments.ipynb and Explorer.ipynb from the repository root (Experiments reads
``benchmarks/results.csv``), ActivationFunctions.ipynb from a temporary folder (it writes the
handout). The floor notebook imports numpy and matplotlib and nothing else: kernel start-up and
imports, the part of every run that no cell can speed up. The script prints the best and the
median of each and writes every run to ``benchmarks/notebook_times.csv``, with the machine, the
library versions and the load average when the run started (other work on the machine slows a
run, which is why these times are recorded here and no test asserts one).
"""

from __future__ import annotations

import csv
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
from notebook_kernel import ROOT, cpu_model, machine, run

REPEATS = 3
OUT = Path(__file__).with_name("notebook_times.csv")
#: notebook -> whether it runs from the repository root (else from a temporary folder).
NOTEBOOKS = {
    "floor": True,
    "ActivationFunctions.ipynb": False,
    "Experiments.ipynb": True,
    "Explorer.ipynb": True,
}


def floor_notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nimport numpy as np")]
    )


def time_once(name: str, from_root: bool) -> float:
    """Seconds of one fresh run of the notebook ``name`` (or of the floor)."""
    notebook = floor_notebook() if name == "floor" else nbformat.read(ROOT / name, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        return run(notebook, ROOT if from_root else Path(tmp))


def main() -> None:
    metadata = {
        "machine": machine(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
    }
    rows = []
    # Round-robin, so that a burst of other work slows one run of each rather than every
    # run of one notebook.
    for repeat in range(REPEATS):
        for name, from_root in NOTEBOOKS.items():
            load = os.getloadavg()[0]
            seconds = time_once(name, from_root)
            rows.append({"notebook": name, "run": repeat + 1, "seconds": seconds, "load": load})
            print(
                f"{name:26} run {repeat + 1}: {seconds:6.2f} s (load {load:.2f})", file=sys.stderr
            )
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], *metadata])
        writer.writeheader()
        writer.writerows({**row, **metadata} for row in rows)
    floor = min(r["seconds"] for r in rows if r["notebook"] == "floor")
    print(f"{'notebook':26} {'best s':>7} {'median s':>8} {'best / floor':>12}")
    for name in NOTEBOOKS:
        times = [r["seconds"] for r in rows if r["notebook"] == name]
        print(
            f"{name:26} {min(times):7.2f} {statistics.median(times):8.2f} {min(times) / floor:12.1f}"
        )
    print(f"{metadata} -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
