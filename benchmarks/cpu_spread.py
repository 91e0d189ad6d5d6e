"""How far the notebooks' numbers move with the CPU's floating-point kernels.

Run from the repository root (20 runs of the three notebooks: about half an hour on 2 cores):

    python3 benchmarks/cpu_spread.py

NumPy picks its kernels for exp, expm1, log1p, log and tanh at run time from the CPU's
features (AVX-512, AVX2, or the SSE baseline), and OpenBLAS picks its matrix-product kernels
from the CPU's model; each kernel rounds differently in the last bit. On one machine,
``NPY_DISABLE_CPU_FEATURES`` hides features from NumPy's dispatcher and ``OPENBLAS_CORETYPE``
makes OpenBLAS use an older core's kernels, so the machine computes what those CPUs would. The
script runs Experiments.ipynb and ActivationFunctions.ipynb in a fresh kernel under each
configuration of CONFIGS, compares every quantity with the run that uses all of this machine's
features ("native"), and writes the largest difference of each to ``benchmarks/cpu_spread.csv``.
"""

from __future__ import annotations

import argparse
import base64
import csv
import ctypes
import dataclasses
import math
import pickle
import platform
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import numpy as np
from notebook_kernel import ROOT, cpu_model, machine, run

OUT = Path(__file__).with_name("cpu_spread.csv")
HERE = Path(__file__).resolve().parent

#: NumPy 2.2's float64 exp has kernels for AVX512_SKX, AVX512F, AVX2 and the SSE3 baseline;
#: tanh for AVX512_SKX, AVX2 and the baseline; expm1 and log1p for AVX512_SKX and the baseline
#: (``numpy.lib.introspect.opt_func_info``). Each level hides the features above it; AVX512_SKX
#: is only left when AVX512CD goes too, and each run records the kernels it got.
_SKX = "AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
_AVX512 = f"AVX512F {_SKX}"
NUMPY_LEVELS = {
    "AVX512_SKX": "",
    "AVX512F": _SKX,
    "AVX2": _AVX512,
    "baseline": f"SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2 {_AVX512}",
}
#: The distinct x86_64 kernel sets of the OpenBLAS in NumPy's wheel (0.3.29, DYNAMIC_ARCH):
#: every other core type runs one of these (Zen: Haswell; Cooperlake, Sapphire Rapids:
#: SkylakeX; Bulldozer to Excavator: Sandybridge; Atom, Barcelona: Nehalem; Core2 and older:
#: Prescott, which OpenBLAS reports as Katmai).
OPENBLAS_CORES = ("SkylakeX", "Haswell", "Sandybridge", "Nehalem", "Prescott")
#: name -> (NPY_DISABLE_CPU_FEATURES, OPENBLAS_CORETYPE): every pairing, so every combination
#: of kernels these two libraries can pick on an x86_64 CPU. The first is this machine's own.
CONFIGS = {
    f"{level}+{core}": (disabled, core)
    for level, disabled in NUMPY_LEVELS.items()
    for core in OPENBLAS_CORES
}
#: The ufuncs the package's activations and derivatives call that NumPy dispatches per CPU.
UFUNCS = ("exp", "expm1", "log1p", "log", "tanh")
#: Matrix products of the training network (400 points, 32 units) and of the deep networks.
PRODUCTS = {
    "matmul 400x32 @ 32x32 (hidden layer)": ((400, 32), (32, 32), False),
    "matmul 32x400 @ 400x32 (weight gradient)": ((400, 32), (400, 32), True),
    "matmul 400x32 @ 32x1 (logit)": ((400, 32), (32, 1), False),
    "matmul 256x128 @ 128x128 (deep network)": ((256, 128), (128, 128), False),
}
# A printed number; its sign is not part of it, so "78-96" is two numbers.
_PRINTED = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?:e([-+]?\d+))?")
# A number in an SVG, as the notebook tests read them, and matplotlib's hashed ids.
_SVG_NUMBER = re.compile(r"(?<![\w#.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
_HASHED_ID = re.compile(r"\b([pm])[0-9a-f]{10}\b")
# A stored curve of the explorer: base64 of float64s.
_BASE64 = re.compile(r'"([A-Za-z0-9+/=]{40,})"')


# --------------------------------------------------------------------------- inside a kernel


def _openblas_core() -> str:
    """The core type whose kernels the loaded OpenBLAS uses."""
    maps = Path("/proc/self/maps")
    paths = {line.split()[-1] for line in maps.read_text().splitlines() if "openblas" in line}
    for path in sorted(paths):
        library = ctypes.CDLL(path)
        for symbol in ("scipy_openblas_get_corename64_", "openblas_get_corename"):
            if hasattr(library, symbol):
                getter = getattr(library, symbol)
                getter.restype = ctypes.c_char_p
                return getter().decode()
    return "unknown"


def environment() -> dict[str, str]:
    """The kernels this process's NumPy uses for exp, tanh and log1p, and OpenBLAS's core type."""
    from numpy.lib.introspect import opt_func_info

    np.ones((2, 2)) @ np.ones((2, 2))  # make sure OpenBLAS is loaded
    kernels = []
    for name in ("exp", "tanh", "log1p"):
        (found,) = opt_func_info(func_name=f"^{name}$", signature="float64")[name].values()
        kernels.append(f"{name} {found['current'].split('(')[0]}")
    return {"numpy_kernels": ", ".join(kernels), "openblas_core": _openblas_core()}


def probe() -> dict[str, np.ndarray]:
    """The dispatched ufuncs, matrix products and a sum, on fixed random inputs."""
    rng = np.random.default_rng(0)
    x = rng.normal(scale=4.0, size=10**6)
    found = {name: getattr(np, name)(x) for name in UFUNCS if name != "log"}
    found["log"] = np.log(np.abs(x))
    for name, (a_shape, b_shape, transpose) in PRODUCTS.items():
        a, b = rng.normal(size=a_shape), rng.normal(size=b_shape)
        found[name] = a.T @ b if transpose else a @ b
    found["np.sum of 10^6 values"] = np.array([x.sum()])
    return found


def dump_experiments(namespace: dict, path: str) -> None:
    """Pickle the run's raw results from the notebook's ``namespace``, and the kernel probe."""
    raw = {
        name: namespace[name]
        for name in ("final_loss", "test_accuracy", "losses", "best_rate", "LEARNING_RATES")
    }
    for name in ("deep", "scaled"):
        raw[name] = {key: dataclasses.asdict(stats) for key, stats in namespace[name].items()}
    raw["n_test"] = len(namespace["y_test"])
    raw["environment"] = environment()
    raw["probe"] = probe()
    with open(path, "wb") as handle:
        pickle.dump(raw, handle)


# --------------------------------------------------------------------------- running


def _dump_cell(call: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(
        f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport cpu_spread\n{call}"
    )


def run_config(env: dict[str, str], workdir: Path) -> dict:
    """The three notebooks run under ``env``: outputs, the handout, Experiments' raw data."""
    experiments = nbformat.read(ROOT / "Experiments.ipynb", as_version=4)
    raw_path = workdir / "raw.pickle"
    experiments.cells.append(
        _dump_cell(f"cpu_spread.dump_experiments(globals(), {str(raw_path)!r})")
    )
    run(experiments, ROOT, env)
    experiments.cells.pop()
    functions = nbformat.read(ROOT / "ActivationFunctions.ipynb", as_version=4)
    run(functions, workdir, env)
    explorer = nbformat.read(ROOT / "Explorer.ipynb", as_version=4)
    run(explorer, ROOT, env)
    with raw_path.open("rb") as handle:
        raw = pickle.load(handle)
    return {
        "Experiments": experiments,
        "ActivationFunctions": functions,
        "Explorer": explorer,
        "handout": (workdir / "activations-handout.pdf").read_bytes(),
        "raw": raw,
    }


# --------------------------------------------------------------------------- comparing


def _cells(notebook: dict) -> dict[str, list]:
    """Outputs of each code cell, keyed by its nbformat id."""
    return {c["id"]: c["outputs"] for c in notebook["cells"] if c["cell_type"] == "code"}


def _label(notebook: dict, cell_id: str) -> str:
    (cell,) = [c for c in notebook["cells"] if c.get("id") == cell_id]
    found = re.search(r"^#\|\s*label:\s*(\S+)", cell["source"], flags=re.MULTILINE)
    return found[1] if found else cell_id


def _stdout(outputs: list) -> str:
    return "".join(o["text"] for o in outputs if o.get("name") == "stdout")


def _data(outputs: list, mime: str) -> str:
    return "".join(o.get("data", {}).get(mime, "") for o in outputs)


def printed_change(want: str, got: str) -> tuple[float, int]:
    """Largest change of a printed number, in units of its last printed digit, and how many
    printed numbers changed; (inf, -1) if the texts differ other than in their numbers."""
    if _PRINTED.sub("#", want) != _PRINTED.sub("#", got):
        return math.inf, -1
    largest, changed = 0, 0
    for a, b in zip(_PRINTED.finditer(want), _PRINTED.finditer(got), strict=True):
        if a[0] != b[0]:
            unit = 10.0 ** (int(a[3] or 0) - len(a[2] or ""))
            largest = max(largest, round(abs(float(a[0]) - float(b[0])) / unit))
            changed += 1
    return largest, changed


def _canonical_ids(svg: str) -> str:
    """The SVG with matplotlib's hashed ids (clip paths, markers) numbered by first use.

    A clip path's id hashes its rectangle, so a change in the last digit of an axes' position
    changes the id without changing the picture.
    """
    ids: dict[str, str] = {}
    return _HASHED_ID.sub(lambda m: ids.setdefault(m[0], f"{m[1]}{len(ids)}"), svg)


def svg_change(want: str, got: str) -> float:
    """Largest difference of a number between two SVGs, in points (inf: other structure)."""
    want, got = _canonical_ids(want), _canonical_ids(got)
    if _SVG_NUMBER.split(want) != _SVG_NUMBER.split(got):
        return math.inf
    pairs = zip(_SVG_NUMBER.findall(want), _SVG_NUMBER.findall(got), strict=True)
    return max((abs(float(a) - float(b)) for a, b in pairs if a != b), default=0.0)


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max |a|."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(a)))


def _ulps(a: np.ndarray, b: np.ndarray) -> int:
    """Largest distance in units in the last place between finite elements of equal sign."""
    ok = np.isfinite(a) & np.isfinite(b) & (np.signbit(a) == np.signbit(b))
    return int(np.max(np.abs(a[ok].view(np.int64) - b[ok].view(np.int64)), initial=0))


Row = tuple[str, float, str]


def compare_training(want: dict, got: dict) -> list[Row]:
    """The training grid and the deep networks of one run against native's."""
    rows = []
    names = list(dict.fromkeys(name for name, _, _ in want["final_loss"]))
    for rate in want["LEARNING_RATES"]:
        # per activation, then over all of them
        for name in [*names, None]:
            runs = [r for r in want["final_loss"] if r[1] == rate and name in (None, r[0])]
            loss = max(abs(want["final_loss"][r] - got["final_loss"][r]) for r in runs)
            flips = max(
                round(abs(want["test_accuracy"][r] - got["test_accuracy"][r]) * want["n_test"])
                for r in runs
            )
            run = f"a {name} run" if name else "a run"
            rows += [
                (f"final training loss of {run}, peak rate {rate}", loss, "absolute"),
                (f"held-out accuracy of {run}, peak rate {rate}", flips, "points of 400"),
            ]
        curve = max(_relative(want["losses"][r], got["losses"][r]) for r in runs)
        rows.append((f"training-loss curve, peak rate {rate}", curve, "relative"))
    changed = sum(want["best_rate"][n] != got["best_rate"][n] for n in want["best_rate"])
    rows.append(("best peak rate", changed, "activations changed"))
    for table in ("deep", "scaled"):
        for field in ("gradient_norm", "pre_activation_std", "mean_slope", "saturated_fraction"):
            value = max(
                _relative(want[table][key][field], got[table][key][field]) for key in want[table]
            )
            rows.append((f"{table} networks: {field}", value, "relative"))
    return rows


def compare_kernels(want: dict, got: dict) -> list[Row]:
    """The dispatched ufuncs and the matrix products on fixed inputs, against native's."""
    rows = []
    for name, value in want.items():
        if name in UFUNCS:
            rows.append((f"np.{name}, 10^6 values", int(np.sum(value != got[name])), "elements"))
            rows.append((f"np.{name}, 10^6 values", _ulps(value, got[name]), "ulps at most"))
        else:
            rows.append((name, _relative(value, got[name]), "relative"))
    return rows


def compare_notebooks(want: dict, got: dict) -> list[Row]:
    """Printed numbers and figures of the notebooks, the handout and the explorer's curves."""
    rows = []
    notebook, new = want["Experiments"], _cells(got["Experiments"])
    for cell_id, outputs in _cells(notebook).items():
        label = _label(notebook, cell_id)
        if _stdout(outputs):
            change, count = printed_change(_stdout(outputs), _stdout(new[cell_id]))
            rows.append((f"printed by {label}", change, "last printed digit"))
            rows.append((f"printed by {label}", count, "numbers changed"))
        svg = _data(outputs, "image/svg+xml")
        if svg:
            change = svg_change(svg, _data(new[cell_id], "image/svg+xml"))
            rows.append((f"figure {label}", change, "pt"))
    notebook, new = want["ActivationFunctions"], _cells(got["ActivationFunctions"])
    differing = [i for i, outputs in _cells(notebook).items() if outputs != new[i]]
    rows.append(("ActivationFunctions.ipynb: cells whose outputs differ", len(differing), "cells"))
    for cell_id in differing:
        old = _cells(notebook)[cell_id]
        change = svg_change(_data(old, "image/svg+xml"), _data(new[cell_id], "image/svg+xml"))
        rows.append((f"ActivationFunctions.ipynb {_label(notebook, cell_id)}", change, "pt"))
    rows.append(("activations-handout.pdf", int(want["handout"] != got["handout"]), "differs"))
    curves = [
        [np.frombuffer(base64.b64decode(b), dtype=np.float64) for b in _BASE64.findall(text)]
        for text in (
            _data(_cells(nb)[cell_id], "text/markdown")
            for nb in (want["Explorer"], got["Explorer"])
            for cell_id in _cells(nb)
        )
        if text
    ]
    pairs = list(zip(*curves, strict=True))
    rows.append(
        (
            "Explorer.ipynb stored curves",
            sum(not np.array_equal(a, b, equal_nan=True) for a, b in pairs),
            f"of {len(pairs)} differ",
        )
    )
    rows.append(
        ("Explorer.ipynb stored curves", max(_ulps(a, b) for a, b in pairs), "ulps at most")
    )
    return rows


# --------------------------------------------------------------------------- main


def main(keep: Path | None = None) -> None:
    """Run every configuration, write the CSV, print a summary; ``keep``: save the notebooks."""
    import scipy

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (disabled, core) in CONFIGS.items():
            env = {"NPY_DISABLE_CPU_FEATURES": disabled, "OPENBLAS_CORETYPE": core}
            workdir = Path(tmp) / name
            workdir.mkdir()
            results[name] = run_config(env, workdir)
            print(f"{name}: {results[name]['raw']['environment']}", file=sys.stderr)
            if keep:
                (keep / name).mkdir(parents=True, exist_ok=True)
                for notebook in ("Experiments", "ActivationFunctions", "Explorer"):
                    nbformat.write(results[name][notebook], keep / name / f"{notebook}.ipynb")
            shutil.rmtree(workdir)
    metadata = {
        "machine": machine(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }
    native = results[next(iter(CONFIGS))]
    rows = []
    for name, result in results.items():
        disabled, core = CONFIGS[name]
        config = {
            "config": name,
            "npy_disable_cpu_features": disabled,
            "openblas_coretype": core,
            **result["raw"]["environment"],
        }
        for quantity, value, unit in [
            *compare_training(native["raw"], result["raw"]),
            *compare_kernels(native["raw"]["probe"], result["raw"]["probe"]),
            *compare_notebooks(native, result),
        ]:
            rows.append(
                {**config, "quantity": quantity, "max_difference": value, "unit": unit, **metadata}
            )
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print_summary(rows)
    print(f"{metadata} -> {OUT}", file=sys.stderr)


def print_summary(rows: list[dict]) -> None:
    """Each quantity's largest difference over the configurations, and where it occurred."""
    largest: dict[tuple[str, str], tuple[float, str]] = {}
    for row in rows:
        key, value = (row["quantity"], row["unit"]), float(row["max_difference"])
        if value > largest.get(key, (-1.0, ""))[0]:
            largest[key] = (value, row["config"])
    print(f"{'quantity':58} {'unit':20} {'largest':>9}  in")
    for (quantity, unit), (value, config) in largest.items():
        print(f"{quantity[:58]:58} {unit[:20]:20} {value:9.3g}  {config if value else ''}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="folder to save every run's notebooks in")
    main(parser.parse_args().keep)
