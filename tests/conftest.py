"""The test suites, the committed notebooks, and one render of the site per test session.

Every test belongs to one of three suites, given by its module in ``SUITES`` (a test may move
to ``e2e`` with its own ``@pytest.mark.e2e``):

- ``core``: the package's numerics (accuracy against mpmath, dtypes, bad input, docstrings). It
  needs only the packages of requirements.txt: no Quarto, Chromium, PyTorch or JAX.
- ``site``: the site's sources, the notebooks' stored outputs and the pages read as text.
- ``e2e``: the Quarto render, Chromium, fresh runs of the notebooks, and the framework libraries
  (PyTorch, JAX, Keras, ONNX).

``python3 -m pytest -m core`` runs one suite; a bare ``python3 -m pytest`` runs all three. A test
module missing from ``SUITES`` stops the collection with an error.

The site's render, its server on 127.0.0.1 and one Chromium are shared by every test of the
build. Without ``quarto`` (or ``chromium``) on PATH those tests skip and say why, except under
CI, where they fail.

The README's command runs the tests on every core with pytest-xdist (``-n auto``;
``pyproject.toml`` sets ``--dist loadgroup``). Each worker is a session of its own, so the tests
that share an expensive fixture are put in one group, which one worker runs whole: every test
of the build (``build``: one render, one server, one Chromium) and, per module, the tests of a
fresh notebook run (``SHARED_RUNS``), so each notebook still runs once. The other tests go one
by one to whichever worker is free.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import quarto_site as qs
from site_build import CHROMIUM, QUARTO, Render, SiteServer, render, require

#: Test module -> suite.
SUITES = {
    "test_accuracy": "core",
    "test_bad_input": "core",
    "test_bounds": "core",
    "test_docstrings": "core",
    "test_dtypes": "core",
    "test_gains": "core",
    "test_gated": "core",
    "test_identities": "core",
    "test_layers": "core",
    "test_log_softmax": "core",
    "test_piecewise": "core",
    "test_prelu": "core",
    "test_softmax": "core",
    "test_special_values": "core",
    "test_spec": "core",
    "test_approximation": "site",
    "test_citations": "site",
    "test_claims": "site",
    "test_concepts": "site",
    "test_cpu_spread": "site",
    "test_decision": "site",
    "test_exercises": "site",
    "test_experiments_notebook": "site",
    "test_explorer": "site",
    "test_first_use": "site",
    "test_handout": "site",
    "test_initialisation": "site",
    "test_lecture": "site",
    "test_levels": "site",
    "test_mlp": "site",
    "test_normalisation": "site",
    "test_notebook": "site",
    "test_pages": "site",
    "test_plotting": "site",
    "test_properties": "site",
    "test_readme": "site",
    "test_reference_order": "site",
    "test_rectifier_topics": "site",
    "test_site_code_blocks": "site",
    "test_site_embeds": "site",
    "test_site_links": "site",
    "test_site_pages": "site",
    "test_built_accessibility": "e2e",
    "test_built_pages": "e2e",
    "test_built_slides": "e2e",
    "test_frameworks": "e2e",
    "test_site_render": "e2e",
}
SUITE_NAMES = ("core", "site", "e2e")
#: Fixtures that render the site or start Chromium: a test that uses one must be in ``e2e``.
E2E_FIXTURES = {"site_render", "built_site", "site_server", "browser"}
#: Fixtures that run a notebook (or write the handout) afresh once per module or session: under
#: pytest-xdist the tests that use one run on one worker, in a group named after their module.
SHARED_RUNS = {"fresh_run", "second_run", "fresh"}
#: The notebooks committed with their outputs, which the pages embed.
NOTEBOOKS = ("ActivationFunctions.ipynb", "Experiments.ipynb", "Explorer.ipynb")


def suite_problems(items: list[pytest.Item]) -> list[str]:
    """Give each item its suite's marker; return what is wrong (unlisted modules, ...)."""
    problems = []
    for item in items:
        module = Path(str(item.path)).stem
        own = [m.name for m in item.iter_markers() if m.name in SUITE_NAMES]
        if module not in SUITES:
            problems.append(f"{item.nodeid}: module {module!r} is in no suite (tests/conftest.py)")
            continue
        if len(set(own)) > 1:
            problems.append(f"{item.nodeid}: marked for several suites {sorted(set(own))}")
            continue
        suite = own[0] if own else SUITES[module]
        if not own:
            item.add_marker(getattr(pytest.mark, suite))
        heavy = E2E_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if heavy and suite != "e2e":
            problems.append(f"{item.nodeid}: uses {sorted(heavy)} but is in the {suite} suite")
    return problems


def could_select(expression: str, module: str) -> bool:
    """Whether ``-m expression`` can select a test of ``module``, whose tests are in its suite
    or in ``e2e``; True for an expression that names anything but the suites."""
    words = set(re.findall(r"[A-Za-z_]\w*", expression))
    if not words <= {*SUITE_NAMES, "and", "or", "not"}:
        return True
    code = compile(expression, "<-m>", "eval")
    return any(
        eval(code, {"__builtins__": {}}, {name: name == suite for name in SUITE_NAMES})
        for suite in {SUITES[module], "e2e"}
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip importing a module none of whose tests ``-m`` can select (``-m core`` imports no
    site or e2e module, so neither JAX nor Keras)."""
    expression = config.getoption("markexpr")
    module = collection_path.stem
    if expression and collection_path.suffix == ".py" and module in SUITES:
        return None if could_select(expression, module) else True
    return None


def xdist_group(item: pytest.Item) -> str | None:
    """The pytest-xdist group of a test that shares an expensive fixture; None for the others."""
    used = set(getattr(item, "fixturenames", ()))
    if E2E_FIXTURES & used:
        return "build"
    if SHARED_RUNS & used:
        return Path(str(item.path)).stem
    return None


# First, so that pytest-xdist sees the groups when it names each test by its group.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problems = suite_problems(items)
    if problems:
        raise pytest.UsageError("tests/conftest.py SUITES:\n" + "\n".join(problems))
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            group = xdist_group(item)
            if group:
                item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def committed_notebooks() -> dict[str, nbformat.NotebookNode]:
    """The committed notebooks as nbformat reads them, read once per session: name -> notebook."""
    return {name: nbformat.read(qs.ROOT / name, as_version=4) for name in NOTEBOOKS}


@pytest.fixture
def committed(
    request: pytest.FixtureRequest, committed_notebooks: dict[str, nbformat.NotebookNode]
) -> nbformat.NotebookNode:
    """The committed notebook the test's module names as ``NOTEBOOK``; a copy the test may edit."""
    return copy.deepcopy(committed_notebooks[Path(request.module.NOTEBOOK).name])


@pytest.fixture(scope="session")
def site_render(tmp_path_factory: pytest.TempPathFactory) -> Render:
    """The project rendered by Quarto in a temporary copy (a failed render fails every user)."""
    require(QUARTO, "Quarto is not on PATH: the site cannot be rendered here")
    return render(qs.copy_project(tmp_path_factory.mktemp("render") / "site"))


@pytest.fixture(scope="session")
def built_site(site_render: Render) -> Path:
    return site_render.site


@pytest.fixture(scope="session")
def site_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    server = SiteServer(built_site, tmp_path_factory.mktemp("extra-pages"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require(CHROMIUM, "Chromium is not installed (Debian package chromium): no browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()
