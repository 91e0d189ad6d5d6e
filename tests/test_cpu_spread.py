"""benchmarks/cpu_spread.csv, the measured spread the notebook tests allow: complete, current,
and read the way ``cpu_tolerance`` says."""

from __future__ import annotations

import csv
from pathlib import Path

import cpu_tolerance as cpu
import numpy as np
import pytest


def test_the_measurement_pairs_every_kernel_numpy_and_openblas_pick_on_x86_64() -> None:
    # NumPy 2.2's float64 exp: AVX512_SKX, AVX512F, AVX2, baseline; the OpenBLAS of its wheel:
    # SkylakeX, Haswell, Sandybridge, Nehalem and Prescott kernels (reported as Katmai).
    configurations = cpu.measured().configurations
    assert len({kernels for kernels, _ in configurations}) == 4
    assert {core for _, core in configurations} == {
        "SkylakeX",
        "Haswell",
        "Sandybridge",
        "Nehalem",
        "Katmai",
    }
    assert len(configurations) == 20


def test_the_measurement_is_of_the_installed_numpy() -> None:
    assert cpu.measured().numpy == np.__version__


def _write(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["numpy_kernels", "openblas_core", "quantity", "unit", "max_difference", "numpy"]
        )
        for config in ("a", "b"):
            for quantity, unit, value in rows:
                writer.writerow(
                    [config, "core", quantity, unit, value if config == "b" else 0, "2"]
                )
    return path


def test_tolerances_are_twice_the_largest_change_at_the_chaotic_rates(tmp_path: Path) -> None:
    spread = cpu.measured.__wrapped__(
        _write(
            tmp_path / "spread.csv",
            [
                ("final training loss of a run, peak rate 0.1", "absolute", 3e-8),
                ("final training loss of a run, peak rate 0.3", "absolute", 0.02),
                ("final training loss of a gelu run, peak rate 0.3", "absolute", 0.005),
                ("held-out accuracy of a run, peak rate 0.1", "points of 400", 0),
                ("held-out accuracy of a run, peak rate 0.3", "points of 400", 6),
                ("held-out accuracy of a gelu run, peak rate 0.3", "points of 400", 2),
                ("figure fig-a", "pt", 3.0),
                ("figure fig-b", "pt", 1e-5),
            ],
        )
    )
    assert spread.chaotic_rates() == {0.3}
    assert spread.loss() == pytest.approx(0.04)
    assert spread.accuracy() == pytest.approx(3.0)  # 2 x 6 of 400 points, in percent
    assert spread.loss("gelu") == pytest.approx(0.01)
    assert spread.accuracy("gelu") == pytest.approx(1.0)
    assert spread.figure("fig-a") == 6.0
    assert spread.figure("fig-b") == cpu.SVG_FLOOR
    assert spread.figure("fig-not-measured") == cpu.SVG_FLOOR


def test_svg_comparison_ignores_hashed_ids_and_fires_on_a_moved_number() -> None:
    want = '<path d="M 1.5 2" clip-path="url(#p8dff19d9a5)"/><use xlink:href="#m60de3da2b8"/>'
    got = '<path d="M 1.5005 2" clip-path="url(#p6d5482f268)"/><use xlink:href="#m1111111111"/>'
    assert cpu.svg_within(want, got, 1e-3)
    assert not cpu.svg_within(want, got.replace("1.5005", "1.502"), 1e-3)
    assert not cpu.svg_within(want, got.replace("M 1.5005", "L 1.5005"), 1e-3)


def test_printed_comparison_allows_one_last_digit_plus_the_allowance() -> None:
    want = "Tanh   0.029  0.282\nSELU   84  68-97"
    assert cpu.printed_within(want, want.replace("0.029", "0.030"))
    assert not cpu.printed_within(want, want.replace("0.029", "0.031"))
    allowances = [0.0, 0.04, 4.0, 4.0, 4.0]
    assert cpu.printed_within(want, want.replace("0.282", "0.323"), allowances)
    assert not cpu.printed_within(want, want.replace("0.282", "0.324"), allowances)
    assert cpu.printed_within(want, want.replace("68-97", "63-97"), allowances)
    assert not cpu.printed_within(want, want.replace("68-97", "62-97"), allowances)
    assert not cpu.printed_within(want, want.replace("SELU", "ELU "))
