"""One render of the site per test session, its server on 127.0.0.1, and one Chromium.

Every test of the build shares them. Without ``quarto`` (or ``chromium``) on PATH those tests
skip and say why, except under CI, where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import quarto_site as qs
from site_build import CHROMIUM, QUARTO, Render, SiteServer, render, require


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
