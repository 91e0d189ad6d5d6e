"""Quarto post-render step: a search entry for every activation, and no TeX in the snippets.

Quarto 1.7's website search (quarto-cli src/project/types/website/website-search.ts) writes
``search.json`` with one entry per page and one per ``section.level2``, whose text is the
section's ``textContent`` without its ``h2``. Two things follow for this site:

* an activation's section is a ``section.level3`` (inside its family's level-2 section), so it
  has no entry of its own: typing "GELU" found the family or a slide, never the GELU section;
* KaTeX typesets formulas in the browser, so the HTML, and with it the index, holds their TeX
  source: snippets showed ``\\operatorname{Swish}_\\beta(x)``.

This step rewrites each page's entries from the built HTML, by Quarto's own rule, with two
changes: on the reference page every ``section.level3`` with an id gets an entry too (its ``h3``
as the section title), and formulas (``span.math``) are left out of every entry's text. Only the
reference page: the exercises' level-3 sections bear the activations' names too, and would rank
beside or above the reference. The page's own entry keeps what
lies outside its level-2 sections. ``python tools/search_index.py DIR`` works by hand.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Node", "parse", "rewrite_search_index", "search_entries"]

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: What Quarto removes before it reads the text: scripts, styles, the title block and the TOC.
_SKIPPED = frozenset({"script", "style"})
#: The pages whose level-3 sections get entries of their own.
SECTION_PAGES = frozenset({"activations.html"})


@dataclass
class Node:
    """An element of the built page: tag, attributes, and children (nodes or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def elements(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.elements()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The page as a tree of :class:`Node`."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _is_dropped(node: Node) -> bool:
    return (
        node.tag in _SKIPPED
        or (node.tag == "span" and "math" in node.classes)
        or node.attrs.get("id") == "title-block-header"
        or node.attrs.get("role") == "doc-toc"
    )


def _text(node: Node, leave_out: set[int]) -> str:
    """``textContent`` without formulas, scripts, styles and the nodes in ``leave_out``."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif id(child) not in leave_out and not _is_dropped(child):
            parts.append(_text(child, leave_out))
    return "".join(parts)


def _encode(text: str) -> str:
    """Quarto's ``encodeHtml``: angle brackets as entities."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _first(node: Node, tag: str) -> Node | None:
    return next((e for e in node.elements() if e.tag == tag and e is not node), None)


def search_entries(html: str, href: str, template: dict, levels: frozenset[str]) -> list[dict]:
    """The search entries of one built page, as Quarto writes them, with the two changes above.

    ``template`` is Quarto's entry for the page itself: its title and crumbs are kept;
    ``levels`` names the section classes that get entries (``level2``, and ``level3`` on the
    reference page).
    """
    root = parse(html)
    main = next((e for e in root.elements() if e.tag == "main"), None)
    if main is None:
        return []
    sections = [
        e
        for e in main.elements()
        if e.tag == "section" and e.attrs.get("id") and levels & set(e.classes)
    ]
    level2 = {id(e) for e in sections if "level2" in e.classes}
    entries = []
    page_text = _text(main, level2).strip()
    if page_text:
        entries.append(
            {**template, "objectID": href, "href": href, "section": "", "text": _encode(page_text)}
        )
    for section in sections:
        heading = _first(section, "h2" if id(section) in level2 else "h3")
        title = _text(heading, set()).strip() if heading else ""
        text = _text(section, {id(heading)} if heading else set()).strip()
        if text:
            anchor = f"{href}#{section.attrs['id']}"
            entries.append(
                {
                    **template,
                    "objectID": anchor,
                    "href": anchor,
                    "section": title,
                    "text": _encode(text),
                }
            )
    return entries


def rewrite_search_index(site: Path) -> int:
    """Rewrite ``site/search.json`` page by page; return the number of entries written."""
    index_path = site / "search.json"
    entries = json.loads(index_path.read_text(encoding="utf-8"))
    pages = {e["href"]: e for e in entries if "#" not in e["href"]}
    hrefs = list(dict.fromkeys(e["href"].split("#")[0] for e in entries))
    rewritten = []
    for href in hrefs:
        template = pages.get(href) or next(e for e in entries if e["href"].startswith(href + "#"))
        template = {
            k: v for k, v in template.items() if k not in {"objectID", "href", "section", "text"}
        }
        levels = frozenset({"level2", "level3"} if href in SECTION_PAGES else {"level2"})
        html = (site / href).read_text(encoding="utf-8")
        rewritten += search_entries(html, href, template, levels)
    index_path.write_text(json.dumps(rewritten, ensure_ascii=False, indent=2), encoding="utf-8")
    return len(rewritten)


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    rewrite_search_index(Path(folder or "_site"))
