"""Render the site with the real Quarto and serve what it wrote, for the tests of the build.

``render`` runs ``quarto render`` in a copy of the project and fails with Quarto's own message
when the render fails; ``SiteServer`` serves the built ``_site`` on 127.0.0.1, with a folder of
extra pages beside it (a test's broken copy of a built page, which finds the site's own
scripts, styles and figures by the same relative links). ``tests/conftest.py`` makes one of
each per test session.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import quarto_site as qs

QUARTO = shutil.which("quarto")
#: Debian's chromium (what .ci/run installs); GitHub's Ubuntu runners have Google Chrome.
CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
)
RENDER_TIMEOUT_S = 900
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROGRESS = re.compile(r"^\[\s*\d+/\d+\]\s+(\S+)")


def require(tool: str | None, reason: str) -> None:
    """Skip when ``tool`` is missing, but fail under CI, where a skip would hide a broken set-up."""
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@dataclass(frozen=True)
class Render:
    """A finished render: the output folder and what Quarto wrote to stderr (colours removed)."""

    site: Path
    log: str

    def warnings(self) -> list[str]:
        """Quarto's warnings, each after the page it was rendering (``[2/7] page.qmd``)."""
        page, found = "", []
        for line in self.log.splitlines():
            progress = _PROGRESS.match(line.strip())
            page = progress.group(1) if progress else page
            if line.startswith("WARN"):
                found.append(f"{page}: {line}" if page else line)
        return found


def render(root: Path) -> Render:
    """``quarto render`` of the project in ``root``, from that folder, as the workflow runs it.

    Quarto computes the notebook view's Back link against the working directory. Quarto's
    stack-trace lines are left out of the failure message; its error and progress are kept.
    """
    done = subprocess.run(
        [QUARTO or "quarto", "render", str(root)],
        cwd=root,
        env={**os.environ, "QUARTO_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=RENDER_TIMEOUT_S,
        check=False,
    )
    log = _ANSI.sub("", done.stderr).replace("\r", "")
    if done.returncode != 0:
        message = "\n".join(line for line in log.splitlines() if not line.startswith("    at "))
        pytest.fail(f"quarto render failed:\n{message[-6000:]}", pytrace=False)
    output = (qs.quarto_config(root).get("project") or {}).get("output-dir", "_site")
    return Render(root / output, log)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``extra`` over ``directory``: a file in ``extra`` hides the site's of that name."""

    def __init__(self, *args: object, extra: Path, **kwargs: object) -> None:
        self.extra = extra
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        served = Path(super().translate_path(path))
        candidate = self.extra / served.relative_to(self.directory)
        return str(candidate if candidate.exists() else served)

    def log_message(self, *args: object) -> None:
        pass


class SiteServer:
    """The built site on ``http://127.0.0.1:<port>/``, and extra pages added beside it."""

    def __init__(self, site: Path, extra: Path) -> None:
        self.site, self.extra = site.resolve(), extra
        handler = functools.partial(_Handler, directory=str(self.site), extra=extra)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def add(self, name: str, text: str) -> str:
        """Serve ``text`` as ``name`` beside the site's pages; return its address."""
        (self.extra / name).write_text(text, encoding="utf-8")
        return self.url + name

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
