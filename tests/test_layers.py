"""The numerical core apart from the site layer.

Every module of ``src/activations`` outside ``site/`` imports only the standard library, numpy,
scipy and other core modules, never ``activations.site``; the core imports with matplotlib and
plotly blocked; and ``pip install .`` asks for numpy and scipy only, the rest being the
``[site]`` extra. Each check returns its problems as text, so that a test can show it fires on
a broken copy of the package.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "activations"
#: Top-level packages a core module may import, besides the standard library.
CORE_THIRD_PARTY = {"numpy", "scipy"}
#: Packages only the site layer may use.
SITE_ONLY = ("matplotlib", "plotly")


def core_modules(package: Path) -> list[Path]:
    """The core's modules: every ``.py`` file of the package that is not under ``site/``."""
    return sorted(p for p in package.rglob("*.py") if "site" not in p.relative_to(package).parts)


def import_problems(package: Path) -> list[str]:
    """Imports in core modules of anything but the stdlib, numpy, scipy and the core itself."""
    allowed = set(sys.stdlib_module_names) | CORE_THIRD_PARTY | {"__future__"}
    problems = []
    for path in core_modules(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: the core's own modules, but never .site
                    module = node.module or ""
                    names = [module] if module else [a.name for a in node.names]
                    targets = [f"activations.{n}" for n in names]
                else:
                    targets = [node.module or ""]
            else:
                continue
            for target in targets:
                top = target.split(".")[0]
                if target.startswith("activations.site") or target == "activations.site":
                    problems.append(f"{path.name}:{node.lineno} imports the site layer ({target})")
                elif top != "activations" and top not in allowed:
                    problems.append(f"{path.name}:{node.lineno} imports {target}")
    return problems


#: Run in a fresh interpreter: block the site's packages, then import every core module.
_BLOCKED_IMPORT = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {blocked!r}:
                raise ImportError(f"blocked: {{name}}")
            return None

    sys.meta_path.insert(0, Block())
    import activations
    for info in pkgutil.iter_modules(activations.__path__, "activations."):
        if info.name != "activations.site":
            importlib.import_module(info.name)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {blocked!r})
    assert not loaded, loaded
    """
)


def blocked_import_problems(src: Path) -> list[str]:
    """Whether every core module imports while matplotlib and plotly cannot be imported."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = _BLOCKED_IMPORT.format(blocked=set(SITE_ONLY))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode:
        return [f"the core does not import without {', '.join(SITE_ONLY)}: {result.stderr}"]
    return []


def dependency_problems(pyproject: Path) -> list[str]:
    """The core's dependencies are numpy and scipy; matplotlib and plotly are the [site] extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    problems = []

    def names(requirements: list[str]) -> set[str]:
        return {
            r.split(";")[0].split("[")[0].split(">")[0].split("=")[0].strip() for r in requirements
        }

    core = names(project.get("dependencies", []))
    if core != CORE_THIRD_PARTY:
        problems.append(f"the core's dependencies are {sorted(core)}, not numpy and scipy")
    site = names(project.get("optional-dependencies", {}).get("site", []))
    if not set(SITE_ONLY) <= site:
        problems.append(f"the [site] extra is {sorted(site)}: it must name {', '.join(SITE_ONLY)}")
    return problems


def test_core_modules_import_only_numpy_scipy_and_the_stdlib() -> None:
    assert len(core_modules(PACKAGE)) >= 10
    assert import_problems(PACKAGE) == []


def test_core_imports_with_matplotlib_and_plotly_blocked() -> None:
    assert blocked_import_problems(PACKAGE.parent) == []


def test_core_dependencies_are_numpy_and_scipy() -> None:
    assert dependency_problems(ROOT / "pyproject.toml") == []


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("mlp.py", "import matplotlib.pyplot as plt\n", "mlp.py:1 imports matplotlib.pyplot"),
        ("gains.py", "from .site import plotting\n", "imports the site layer"),
    ],
)
def test_import_checks_fire_on_a_broken_copy(
    tmp_path: Path, module: str, line: str, expected: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "activations", ignore=shutil.ignore_patterns("__pycache__"))
    broken = src / "activations" / module
    broken.write_text(line + broken.read_text(encoding="utf-8"), encoding="utf-8")
    assert any(expected in p for p in import_problems(src / "activations"))
    if "matplotlib" in line:
        assert any("does not import without" in p for p in blocked_import_problems(src))


def test_dependency_check_fires_on_a_broken_copy(tmp_path: Path) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    old = 'dependencies = ["numpy>=2.0", "scipy>=1.13"]'
    assert old in text
    broken = tmp_path / "pyproject.toml"
    broken.write_text(text.replace(old, old[:-1] + ', "matplotlib>=3.9"]'), encoding="utf-8")
    assert any("not numpy and scipy" in p for p in dependency_problems(broken))
