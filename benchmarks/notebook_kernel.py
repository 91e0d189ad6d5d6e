"""Run a notebook in a fresh python3 kernel, for the benchmark scripts beside this file."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(notebook: nbformat.NotebookNode, cwd: Path, env: dict[str, str] | None = None) -> float:
    """Execute ``notebook`` in place in a new kernel started in ``cwd``; return wall seconds.

    ``env`` is added to this process's environment for the kernel only, so switches such as
    ``NPY_DISABLE_CPU_FEATURES`` take effect before the kernel imports numpy.
    """
    client = NotebookClient(
        notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    start = time.perf_counter()
    client.execute(env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def machine() -> str:
    """The machine as bench_activations.py names it: architecture and core count."""
    return f"{platform.machine()}, {os.cpu_count()} cores"


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo, or the platform's name for it."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"
