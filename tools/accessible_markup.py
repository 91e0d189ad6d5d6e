"""Quarto post-render step: the accessibility fixes that the built HTML itself needs.

WCAG 2.1 AA, as axe-core checks it on the built site (tests/test_built_accessibility.py), fails
two pieces of markup Quarto 1.7 writes:

* a collapsible callout's header (``div.callout-header`` with ``data-bs-toggle="collapse"``,
  src/resources/filters/customnodes/callout.lua) carries ``aria-expanded`` on a plain ``div``,
  which no keyboard reaches: it gets ``role="button"`` and ``tabindex="0"`` (the page's script,
  theme/accessibility.html, opens it on Enter and Space), and loses its ``aria-label="Toggle
  callout"``, so that a screen reader announces its title ("Solution") instead;
* the revealjs template's viewport (src/resources/formats/revealjs/pandoc/template.html)
  forbids zooming (``maximum-scale=1.0, user-scalable=no``): it becomes
  ``width=device-width, initial-scale=1.0``;
* reveal.js's speaker view (``site_libs/revealjs/plugin/notes/speaker-view.html``, which a
  lecturer opens with S) has a layout menu, ``select.speaker-layout-dropdown``, without a
  label: it gets ``aria-label="Layout"``.

Each pattern must find what it patches: a built callout header or viewport that no longer
matches (after a Quarto upgrade, say) is left unpatched, and the built-site test fails on it.
``python tools/accessible_markup.py DIR`` works by hand.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

__all__ = ["patch_page", "patch_site"]

_CALLOUT_HEADER = re.compile(r'<div class="callout-header[^"]*" data-bs-toggle="collapse"[^>]*>')
_FIXED_VIEWPORT = re.compile(
    r'<meta name="viewport" content="width=device-width, initial-scale=1\.0, '
    r'maximum-scale=1\.0, user-scalable=no(?:, minimal-ui)?">'
)
_UNLABELLED_SELECT = '<select class="speaker-layout-dropdown">'
_ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'


def _button(match: re.Match[str]) -> str:
    tag = match.group(0).replace(' aria-label="Toggle callout"', "")
    return tag if "role=" in tag else tag[:-1] + ' role="button" tabindex="0">'


def patch_page(html: str) -> str:
    """``html`` with its callout headers made buttons, its viewport zoomable, its menu named."""
    html = _CALLOUT_HEADER.sub(_button, html)
    html = html.replace(_UNLABELLED_SELECT, _UNLABELLED_SELECT[:-1] + ' aria-label="Layout">')
    return _FIXED_VIEWPORT.sub(_ZOOMABLE_VIEWPORT, html)


def patch_site(site: Path) -> list[Path]:
    """Patch every .html under ``site``; return the files changed."""
    changed = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        patched = patch_page(html)
        if patched != html:
            page.write_text(patched, encoding="utf-8")
            changed.append(page)
    return changed


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    patch_site(Path(folder or "_site"))
