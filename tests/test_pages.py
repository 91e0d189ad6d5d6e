"""The site's page records (activations.site.pages) against the registry.

One :class:`~activations.site.pages.Page` per registry entry, under the entry's name, in the
registry's order; every family of ``GROUPS`` one run of that order, in ``GROUPS`` order; no fact
declared both in the core's ``Activation`` and in the site's ``Page``. Each check returns its
problems, so the tests at the bottom show it firing on a broken copy.
"""

from __future__ import annotations

import dataclasses
import doctest
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from activations import ACTIVATIONS, Activation
from activations.site import pages, tables
from activations.site.pages import GROUPS, PAGES, Page, family

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "activations"


def record_problems(records: Mapping[str, Page], names: Sequence[str]) -> list[str]:
    """Registry names without a page record, records without a registry entry, records filed
    under another name, and records in another order than the registry's."""
    problems = [f"{n}: a registry entry without a page record" for n in names if n not in records]
    problems += [f"{n}: a page record without a registry entry" for n in records if n not in names]
    problems += [
        f"{key}: holds the record of {p.name}" for key, p in records.items() if p.name != key
    ]
    shared = [n for n in records if n in names]
    if shared != [n for n in names if n in records]:
        problems.append(f"the records' order {shared} is not the registry's")
    return problems


def family_problems(records: Mapping[str, Page], groups: Sequence[str]) -> list[str]:
    """Records whose family is not in ``groups``, and families that are not one run each, in
    the order of ``groups`` (the notebook and the reference page show them so)."""
    problems = [
        f"{p.name}: family {p.group!r} is not in GROUPS"
        for p in records.values()
        if p.group not in groups
    ]
    order = [page.group for page in records.values()]
    runs = [g for i, g in enumerate(order) if i == 0 or g != order[i - 1]]
    if runs != list(groups):
        problems.append(f"the families run {runs}, not once each in GROUPS order {list(groups)}")
    return problems


def shared_field_problems(core: type, site: type) -> list[str]:
    """Facts declared twice: fields of the site's record that the core's entry also has (the
    name, the key that joins them, excepted)."""
    core_fields = {f.name for f in dataclasses.fields(core)}
    site_fields = {f.name for f in dataclasses.fields(site)}
    return [f"{name}: declared in both" for name in sorted((core_fields & site_fields) - {"name"})]


def test_every_registry_entry_has_one_page_record_in_order() -> None:
    assert record_problems(PAGES, list(ACTIVATIONS)) == []


def test_families_are_known_and_each_one_run_in_groups_order() -> None:
    assert family_problems(PAGES, list(GROUPS)) == []
    assert [a.name for a in family("gated")] == ["glu", "reglu", "geglu", "swiglu"]


def test_no_fact_is_declared_in_both_the_core_and_the_site() -> None:
    assert shared_field_problems(Activation, Page) == []


def test_examples_run_as_doctests() -> None:
    for module in (pages, tables):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__


# --------------------------------------------------------------------------- broken copies


def _without(name: str) -> dict[str, Page]:
    return {n: p for n, p in PAGES.items() if n != name}


def test_record_check_fires_on_a_missing_an_extra_a_misfiled_and_a_moved_record() -> None:
    missing = record_problems(_without("squareplus"), list(ACTIVATIONS))
    assert missing == ["squareplus: a registry entry without a page record"]
    extra = {**PAGES, "swishy": dataclasses.replace(PAGES["swish"], name="swishy")}
    assert record_problems(extra, list(ACTIVATIONS)) == [
        "swishy: a page record without a registry entry"
    ]
    misfiled = {**PAGES, "relu": PAGES["relu6"]}
    assert record_problems(misfiled, list(ACTIVATIONS)) == ["relu: holds the record of relu6"]
    moved = {"tanh": PAGES["tanh"], **_without("tanh")}
    assert any("is not the registry's" in p for p in record_problems(moved, list(ACTIVATIONS)))


def test_family_check_fires_on_an_unknown_and_a_split_family() -> None:
    unknown = {**PAGES, "relu": dataclasses.replace(PAGES["relu"], group="rectifier")}
    assert "relu: family 'rectifier' is not in GROUPS" in family_problems(unknown, list(GROUPS))
    split = {"log_sigmoid": PAGES["log_sigmoid"], **_without("log_sigmoid")}  # output-loss first
    assert any("not once each" in p for p in family_problems(split, list(GROUPS)))


def test_shared_field_check_fires_on_a_core_entry_with_page_text() -> None:
    broken = dataclasses.make_dataclass(
        "Activation", [("display_name", str, "")], bases=(Activation,), frozen=True
    )
    assert shared_field_problems(broken, Page) == ["display_name: declared in both"]


def test_record_check_fires_on_a_copy_of_the_package_without_a_record(tmp_path: Path) -> None:
    # A contributor adds an entry to the registry but no Page: delete squareplus's record from a
    # copy of the package's source and run the check there.
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "activations", ignore=shutil.ignore_patterns("__pycache__"))
    source = src / "activations" / "site" / "pages.py"
    text = source.read_text(encoding="utf-8")
    start = text.index('    Page(\n        name="squareplus"')
    end = text.index("    ),\n", start) + len("    ),\n")
    source.write_text(text[:start] + text[end:], encoding="utf-8")
    code = (
        "from activations import ACTIVATIONS\n"
        "from activations.site.pages import PAGES\n"
        "from test_pages import record_problems\n"
        "print(record_problems(PAGES, list(ACTIVATIONS)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(ROOT / "tests")])}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "['squareplus: a registry entry without a page record']"
