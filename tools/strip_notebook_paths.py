"""Quarto post-render step: remove the notebooks' absolute paths from the built pages.

Each embed arrives in the page as a div with ``notebook="<absolute path of the notebook>"``
(quarto-cli src/core/jupyter/jupyter-embed.ts, ``notebookMarkdown``), which pandoc writes as
``data-notebook="..."``. Only the notebook-view code removes it, together with
``data-notebook-title`` and ``data-notebook-cellId`` (src/format/html/format-html-notebook.ts,
``emplaceNotebookPreviews``), and Quarto runs that code only for Bootstrap HTML pages whose
``notebook-links`` is not false. On revealjs slides and on pages with ``notebook-links: false``
the build machine's path would be published. This removes the three attributes from every
HTML file of the output folder, as that code does.

Quarto runs post-render scripts from the project folder with ``QUARTO_PROJECT_OUTPUT_DIR`` set
(src/command/render/project.ts, ``runScripts``); ``python tools/strip_notebook_paths.py DIR``
works by hand.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

__all__ = ["strip_notebook_paths"]

_EMBED_ATTRIBUTE = re.compile(rb'\s+data-notebook(?:-title|-cellId)?="[^"]*"', re.IGNORECASE)


def strip_notebook_paths(site: Path) -> list[Path]:
    """Remove ``data-notebook*`` attributes from every .html under ``site``; return the files changed."""
    changed = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_bytes()
        stripped = _EMBED_ATTRIBUTE.sub(b"", html)
        if stripped != html:
            page.write_bytes(stripped)
            changed.append(page)
    return changed


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    strip_notebook_paths(Path(folder or "_site"))
