"""Time every activation and derivative three ways: the package, the textbook formula, jax.jit.

Run from the repository root (ten minutes or so on a busy 2-core machine):

    python3 benchmarks/bench_activations.py               # every function, writes results.csv
    python3 benchmarks/bench_activations.py --repeats 50  # firmer minima
    python3 benchmarks/bench_activations.py --only leaky_relu gelu  # prints, writes nothing

then re-run ``Experiments.ipynb`` (README) so that its figure shows the new file. It prints a
table and writes ``benchmarks/results.csv``, which the notebook plots and the tests read: every
cost the pages state is checked against this file, so a re-run either keeps the pages'
sentences true or fails a test that names them.

What it measures, on 10**6 float64 numbers (softmax and log-softmax: 10**5 rows of 10 logits,
their Jacobians counted per entry; the gated units split the 10**6 inputs into two halves and
are counted per input element), in nanoseconds per element:

- ``package``: the package's function, NumPy on the CPU;
- ``textbook``: the one-line NumPy formula a textbook writes (``TEXTBOOK`` below), on the same
  inputs, where none of them overflows (|x| < 30);
- ``jax``: ``jax.jit`` of JAX's own function (``jax.nn``'s where it has one, a ``jnp`` formula
  otherwise), compiled by XLA for the CPU, in float64 (``jax_enable_x64``); a derivative is the
  ``jax.jvp`` of the function with a tangent of ones (the gated units: the gradient of the sum
  of the outputs, the layout of the package's ``<name>_grad``; softmax: ``jax.vmap`` of
  ``jax.jacfwd`` over the rows). Compilation is excluded (every function runs before it is
  timed), and each call waits for its result (``block_until_ready``);
- ``copy``: a copy of the array by NumPy (``np.copy``) and by XLA (``jax.jit(jnp.copy)``): the
  floor that memory traffic sets, 8 bytes read and 8 written per element.

Each is timed on the random inputs (x ~ N(0, 4^2), signs in random order) and on the same values
sorted (``order``), so that code which branches on the sign, and mispredicts random signs, shows
it. Before timing, the script checks that the three implementations agree. The CSV also records
the minor page faults per call (``page_faults_per_call``): memory the operating system maps in
again because the allocator gave it back when a large temporary array was freed.

Times are CPU times (of all the process's threads), the best of ``--repeats`` calls (default
20). Each registry entry is timed in a fresh process of its own, pinned to one CPU, so that XLA,
like NumPy, computes on one core, and what the memory allocator does with an entry's temporary
arrays depends on that entry alone. Each round calls every implementation in turn, twice, and
times the second call: the state a loop over batches reaches. The committed ``results.csv`` comes from a
possibly busy 2-core machine, other jobs running beside it: best-of-N and CPU time remove most
of their effect, but they share the memory and its caches, so the times are good to about 20%.
Re-run it on a quiet machine for firmer numbers. The format of the output does not depend on
the timings: the same rows in the same order, times with three decimals.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy
from scipy import special

import activations as act

N = 10**6
REPEATS = 20
OUT = Path(__file__).with_name("results.csv")
IMPLEMENTATIONS = ("package", "textbook", "jax")
ORDERS = ("random", "sorted")

LAM, ALPHA = act.SELU_LAMBDA, act.SELU_ALPHA
C, K = math.sqrt(2 / math.pi), 0.044715


# --------------------------------------------------------------------------- textbook NumPy


def _logistic(x):
    return 1 / (1 + np.exp(-x))


def _gelu_tanh_grad(x):
    t = np.tanh(C * (x + K * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * C * (1 + 3 * K * x**2)


def _mish_grad(x):
    t = np.tanh(np.log1p(np.exp(x)))
    return t + x * (1 - t**2) * _logistic(x)


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_jacobian(x):
    s = _softmax(x)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def _halves(gate):
    """a * gate(b) on the two halves of x: the textbook gated unit."""

    def unit(x):
        a, b = np.split(x, 2, axis=-1)
        return a * gate(b)

    return unit


def _halves_grad(gate, slope):
    """[gate(b), a * slope(b)]: the textbook partials of a gated unit."""

    def partials(x):
        a, b = np.split(x, 2, axis=-1)
        return np.concatenate([gate(b), a * slope(b)], axis=-1)

    return partials


def _gelu(x):
    return 0.5 * x * (1 + special.erf(x / math.sqrt(2)))


def _gelu_grad(x):
    return 0.5 * (1 + special.erf(x / math.sqrt(2))) + x * np.exp(-(x**2) / 2) / math.sqrt(
        2 * math.pi
    )


def _silu_grad(x):
    return _logistic(x) * (1 + x * (1 - _logistic(x)))


def _log_softmax_jacobian(x):
    return np.eye(x.shape[-1]) - _softmax(x)[..., None, :]


# The one-line formulas a textbook (or the original page) would write, keyed by package name.
TEXTBOOK = {
    "sigmoid": _logistic,
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(0, x),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.01 * x),
    "prelu": lambda x: np.where(x > 0, x, 0.25 * x),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: LAM * np.where(x > 0, x, ALPHA * (np.exp(x) - 1)),
    "swish": lambda x: x * _logistic(x),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "arctan": np.arctan,
    "gelu": _gelu,
    "gelu_tanh": lambda x: 0.5 * x * (1 + np.tanh(C * (x + K * x**3))),
    "softmax": _softmax,
    "sigmoid_grad": lambda x: _logistic(x) * (1 - _logistic(x)),
    "tanh_grad": lambda x: 1 - np.tanh(x) ** 2,
    "relu_grad": lambda x: (x > 0).astype(float),
    "leaky_relu_grad": lambda x: np.where(x > 0, 1.0, 0.01),
    "prelu_grad": lambda x: np.where(x > 0, 1.0, 0.25),
    "elu_grad": lambda x: np.where(x > 0, 1.0, np.exp(x)),
    "selu_grad": lambda x: LAM * np.where(x > 0, 1.0, ALPHA * np.exp(x)),
    "swish_grad": lambda x: _logistic(x) + x * _logistic(x) * (1 - _logistic(x)),
    "silu_grad": lambda x: _logistic(x) * (1 + x * (1 - _logistic(x))),
    "mish_grad": _mish_grad,
    "softplus_grad": _logistic,
    "softsign_grad": lambda x: 1 / (1 + np.abs(x)) ** 2,
    "arctan_grad": lambda x: 1 / (1 + x**2),
    "gelu_grad": _gelu_grad,
    "gelu_tanh_grad": _gelu_tanh_grad,
    "softmax_grad": _softmax_jacobian,
    "relu6": lambda x: np.minimum(np.maximum(0, x), 6),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "celu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
    "log_sigmoid": lambda x: np.log(_logistic(x)),
    "log_softmax": lambda x: np.log(_softmax(x)),
    "glu": _halves(_logistic),
    "reglu": _halves(lambda b: np.maximum(0, b)),
    "geglu": _halves(_gelu),
    "swiglu": _halves(lambda b: b * _logistic(b)),
    "relu6_grad": lambda x: ((x > 0) & (x < 6)).astype(float),
    "hard_sigmoid_grad": lambda x: np.where(np.abs(x) < 3, 1 / 6, 0.0),
    "hard_swish_grad": lambda x: np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, x / 3 + 0.5)),
    "celu_grad": lambda x: np.where(x > 0, 1.0, np.exp(x)),
    "squareplus_grad": lambda x: 0.5 * (1 + x / np.sqrt(x**2 + 4)),
    "log_sigmoid_grad": lambda x: 1 - _logistic(x),
    "log_softmax_grad": _log_softmax_jacobian,
    "glu_grad": _halves_grad(_logistic, lambda b: _logistic(b) * (1 - _logistic(b))),
    "reglu_grad": _halves_grad(lambda b: np.maximum(0, b), lambda b: (b > 0).astype(float)),
    "geglu_grad": _halves_grad(_gelu, _gelu_grad),
    "swiglu_grad": _halves_grad(lambda b: b * _logistic(b), _silu_grad),
}


# --------------------------------------------------------------------------- jax.jit


def jax_functions() -> dict[str, Callable]:
    """name -> jitted JAX version of every registry function and derivative, and of a copy."""
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    nn = jax.nn

    def gated(gate):
        def unit(x):
            a, b = jnp.split(x, 2, axis=-1)
            return a * gate(b)

        return unit

    functions = {
        "sigmoid": nn.sigmoid,
        "tanh": jnp.tanh,
        "softsign": nn.soft_sign,
        "arctan": jnp.arctan,
        "hard_sigmoid": nn.hard_sigmoid,
        "relu": nn.relu,
        "leaky_relu": nn.leaky_relu,  # negative_slope=0.01, the package's default alpha
        "relu6": nn.relu6,
        "hard_swish": nn.hard_swish,
        "elu": nn.elu,
        "selu": nn.selu,
        "celu": nn.celu,
        "softplus": nn.softplus,
        "squareplus": nn.squareplus,  # b=4, the package's default
        "swish": nn.swish,  # x sigma(x): the package's default beta = 1
        "silu": nn.silu,
        "mish": nn.mish,
        "gelu": lambda x: nn.gelu(x, approximate=False),
        "gelu_tanh": lambda x: nn.gelu(x, approximate=True),
        "glu": nn.glu,
        "reglu": gated(nn.relu),
        "geglu": gated(lambda b: nn.gelu(b, approximate=False)),
        "swiglu": gated(nn.silu),
        "softmax": nn.softmax,
        "log_softmax": nn.log_softmax,
        "log_sigmoid": nn.log_sigmoid,
        "prelu": lambda x: nn.leaky_relu(x, negative_slope=0.25),  # PReLU's initial alpha
    }
    compiled = {"copy": jax.jit(jnp.copy)}
    for name, func in functions.items():
        if name not in act.ACTIVATIONS:  # an entry this version of the package does not have
            continue
        record = act.ACTIVATIONS[name]
        if record.kind is act.Kind.GATED:
            grad = jax.grad(lambda x, func=func: jnp.sum(func(x)))
        elif record.kind is act.Kind.AXIS:
            grad = jax.vmap(jax.jacfwd(func))  # one Jacobian per row of logits
        else:

            def grad(x, func=func):
                return jax.jvp(func, (x,), (jnp.ones_like(x),))[1]

        compiled[name] = jax.jit(func)
        compiled[f"{name}_grad"] = jax.jit(grad)
    return compiled


# --------------------------------------------------------------------------- timing


def _page_faults() -> int:
    """Minor page faults of the process so far: memory the kernel had to map in on first use."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def best_times(calls: dict[tuple[str, str], Callable[[], object]], repeats: int) -> dict:
    """(best CPU time of a call, page faults per call) of each, over ``repeats`` rounds.

    Each round calls every implementation in turn (from a different one each round), each one
    twice in a row and times the second call: the state a loop over batches reaches, where a
    call finds what the previous call of the same function left to the memory allocator.
    CPU time (of every thread of the process: XLA's too), not wall-clock time: on a busy
    machine a call that waits for the CPU does not count the wait. On a quiet one they agree.
    """
    for call in calls.values():  # warm up: compile, and let the allocator settle
        call()
    best = dict.fromkeys(calls, math.inf)
    faults = dict.fromkeys(calls, 0)
    keys = list(calls)
    for round_ in range(repeats):
        shift = round_ % len(keys)
        for key in keys[shift:] + keys[:shift]:
            calls[key]()
            before, start = _page_faults(), time.process_time()
            calls[key]()
            best[key] = min(best[key], time.process_time() - start)
            faults[key] += _page_faults() - before
    return {key: (best[key], faults[key] / repeats) for key in keys}


def _agree(name: str, implementation: str, value, reference) -> None:
    """The implementations compute the same thing (rounding apart), or the timing means nothing."""
    value = np.asarray(value)
    if value.shape != reference.shape or not np.allclose(value, reference, rtol=1e-6, atol=1e-9):
        raise AssertionError(f"{name}: the {implementation} version disagrees with the package")


def _machine() -> dict[str, str]:
    import jax

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "jax": jax.__version__,
    }


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def print_table(rows: list[dict]) -> None:
    by_key = {(r["function"], r["implementation"], r["order"]): r for r in rows}
    columns = [(i, o) for i in IMPLEMENTATIONS for o in ORDERS]
    functions = list(dict.fromkeys(r["function"] for r in rows if r["function"] != "copy"))
    for field, title in (("ns_per_element", "ns per element"), ("page_faults_per_call", "faults")):
        header = "".join(f"{i[:7] + ' ' + o[:4]:>13}" for i, o in columns)
        print(f"{title:18}{header}")
        for function in functions:
            cells = "".join(f"{by_key[function, i, o][field]:>13}" for i, o in columns)
            print(f"{function:18}{cells}")
        for implementation in ("numpy", "jax"):
            cells = "".join(f"{by_key['copy', implementation, o][field]:>13}" for o in ORDERS)
            print(f"{'copy (' + implementation + ')':18}{cells}")
        print()


def measure(entry: str, repeats: int) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    """(seconds per element, page faults per call) of ``entry``'s function and derivative, or
    of the copies for ``entry = "copy"``, keyed by (function, kind, implementation, order)."""
    import jax

    rng = np.random.default_rng(0)
    values = rng.normal(scale=4.0, size=N)
    vectors = {"random": values, "sorted": np.sort(values)}
    compiled = jax_functions()
    times = {}
    if entry == "copy":
        device = {order: jax.device_put(v) for order, v in vectors.items()}
        copies = {}
        for order in ORDERS:
            copies["numpy", order] = lambda v=vectors[order]: np.copy(v)
            copies["jax", order] = lambda v=device[order]: compiled["copy"](v).block_until_ready()
        for (implementation, order), (seconds, faults) in best_times(copies, repeats).items():
            times["copy", "copy", implementation, order] = seconds / N, faults
        return times
    record = act.ACTIVATIONS[entry]
    if record.kind is act.Kind.AXIS:  # softmax: rows of 10 logits
        vectors = {order: v.reshape(N // 10, 10) for order, v in vectors.items()}
    device = {order: jax.device_put(v) for order, v in vectors.items()}
    for kind, func in (("function", record.function), ("derivative", record.derivative)):
        key = func.__name__
        reference = func(vectors["random"])
        _agree(key, "textbook", TEXTBOOK[key](vectors["random"]), reference)
        _agree(key, "jax", compiled[key](device["random"]), reference)
        calls = {}
        for order in ORDERS:
            calls["package", order] = lambda f=func, v=vectors[order]: f(v)
            calls["textbook", order] = lambda f=TEXTBOOK[key], v=vectors[order]: f(v)
            calls["jax", order] = lambda f=compiled[key], v=device[order]: f(v).block_until_ready()
        # The Jacobians of softmax and log-softmax have n = 10 entries per logit.
        elements = N * (10 if key in ("softmax_grad", "log_softmax_grad") else 1)
        for (implementation, order), (seconds, faults) in best_times(calls, repeats).items():
            times[key, kind, implementation, order] = seconds / elements, faults
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS, help="best of how many calls")
    parser.add_argument("--only", nargs="+", help="registry names to time; prints, writes no CSV")
    parser.add_argument("--entry", help=argparse.SUPPRESS)  # one process's share of the work
    args = parser.parse_args()
    if args.entry:
        if hasattr(os, "sched_setaffinity"):  # one core, for NumPy and XLA alike
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        times = measure(args.entry, args.repeats)
        print(json.dumps([[*key, *value] for key, value in times.items()]))
        return

    # Each registry entry is timed in a process of its own, which imports the libraries and
    # allocates the same arrays in the same order every time: what the memory allocator does
    # with a function's temporary arrays then depends on that function alone.
    entries = ["copy", *(n for n in act.ACTIVATIONS if not args.only or n in args.only)]
    times = {}
    for entry in entries:
        command = [sys.executable, __file__, "--entry", entry, "--repeats", str(args.repeats)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        for *key, seconds, faults in json.loads(result.stdout):
            times[tuple(key)] = seconds, faults
        print(f"timed {entry}", file=sys.stderr)
    metadata = {**_machine(), "repeats": str(args.repeats)}

    # The same rows in the same order on every run: the copies, then the registry's order,
    # function before derivative; within each, package, textbook, jax, each random then sorted.
    rows = []
    for function, kind in dict.fromkeys((f, k) for f, k, _, _ in times):
        for implementation in ("numpy", "jax") if kind == "copy" else IMPLEMENTATIONS:
            for order in ORDERS:
                seconds, faults = times[function, kind, implementation, order]
                rows.append(
                    {
                        "function": function,
                        "kind": kind,
                        "implementation": implementation,
                        "order": order,
                        "ns_per_element": f"{seconds * 1e9:.3f}",
                        "page_faults_per_call": f"{faults:.0f}",
                        **metadata,
                    }
                )
    print_table(rows)
    print(", ".join(f"{k} {v}" for k, v in metadata.items()))
    if not args.only:
        write_csv(rows, OUT)
        print(f"-> {OUT}")


if __name__ == "__main__":
    main()
