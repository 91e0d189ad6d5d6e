"""Time every activation and derivative against its textbook numpy formula and an array copy.

Run from the repository root:

    python3 benchmarks/bench_activations.py

It prints a table and writes ``benchmarks/results.csv``, which ``Experiments.ipynb`` plots.
Times are the best of several repeats on 10**6 float64 elements (softmax and log-softmax:
10**5 rows of 10 logits), in nanoseconds per element; a plain copy of the array is the
memory-traffic floor. The gated units split the 10**6 inputs into two halves of 5 * 10**5 and
are timed per input element. The textbook formulas run on inputs where they do not overflow
(|x| < 30).
"""

from __future__ import annotations

import csv
import math
import os
import platform
import sys
import timeit
from pathlib import Path

import numpy as np
import scipy
from scipy import special

import activations as act

N = 10**6
REPEATS = 7
OUT = Path(__file__).with_name("results.csv")

LAM, ALPHA = act.SELU_LAMBDA, act.SELU_ALPHA
C, K = math.sqrt(2 / math.pi), 0.044715


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


def seconds_per_element(func, x, elements):
    """Best time of REPEATS calls of func(x), divided by the number of elements computed."""
    number = 3
    return min(timeit.repeat(lambda: func(x), number=number, repeat=REPEATS)) / number / elements


def main():
    rng = np.random.default_rng(0)
    x = rng.normal(scale=4.0, size=N)
    logits = rng.normal(scale=4.0, size=(N // 10, 10))
    metadata = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }
    rows = [
        {
            "function": "copy",
            "kind": "copy",
            "implementation": "copy",
            "seconds_per_element": seconds_per_element(np.copy, x, N),
        }
    ]
    for record in act.ACTIVATIONS.values():
        data = x if record.elementwise or record.group == "gated" else logits
        for kind, func in (("function", record.function), ("derivative", record.derivative)):
            name = func.__name__
            # The Jacobian has n entries per logit: count them, so both lines compare.
            jacobian = name in ("softmax_grad", "log_softmax_grad")
            elements = data.size * (data.shape[-1] if jacobian else 1)
            for implementation, impl in (("package", func), ("textbook", TEXTBOOK[name])):
                rows.append(
                    {
                        "function": name,
                        "kind": kind,
                        "implementation": implementation,
                        "seconds_per_element": seconds_per_element(impl, data, elements),
                    }
                )
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], *metadata])
        writer.writeheader()
        writer.writerows({**row, **metadata} for row in rows)

    by_key = {(r["function"], r["implementation"]): r["seconds_per_element"] for r in rows}
    copy_ns = by_key["copy", "copy"] * 1e9
    print(f"{'function':16} {'package ns':>11} {'textbook ns':>12} {'ratio':>6} {'x copy':>7}")
    for record in act.ACTIVATIONS.values():
        for func in (record.function, record.derivative):
            package = by_key[func.__name__, "package"] * 1e9
            textbook = by_key[func.__name__, "textbook"] * 1e9
            print(
                f"{func.__name__:16} {package:11.2f} {textbook:12.2f} "
                f"{package / textbook:6.2f} {package / copy_ns:7.1f}"
            )
    print(f"copy (floor)     {copy_ns:11.2f}")
    print(f"{metadata} -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
