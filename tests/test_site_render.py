"""The site as Quarto builds it: what the render says, and what the built HTML holds.

One render per test session (``tests/conftest.py``); a page that fails to render fails these
tests with Quarto's own message, and the render must not warn (an unresolved cross-reference
is a warning). In the built HTML: every embedded figure is there, no local link or anchor is
broken (so every notebook view that is linked was written), no ``@reference`` is left
unresolved, every page that cites ends with its reference list (the slideshow on its References
slide), no file holds the build machine's path (Quarto leaves the notebook's absolute path
in ``data-notebook`` wherever it writes no notebook view; ``tools/strip_notebook_paths.py``
removes it after the render), and every notebook view's Back button falls back to a page of
the site, not to ``/``. The HTML checks are shown to fire on small hand-written pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import quarto_site as qs
from site_build import QUARTO, Render, render, require

_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
}
#: What Quarto writes for an ``@label`` that resolves to nothing: ``?@label`` for a
#: cross-reference, the key itself for a citation with no bibliography entry.
_UNRESOLVED = re.compile(r"\?@([\w:.-]+)|data-cites=\"[^\"]+\">@([\w:.-]+)")
#: The post-render step that removes ``data-notebook="<absolute path>"`` (see its docstring).
STRIP_SCRIPT = "tools/strip_notebook_paths.py"
#: The notebook view's Back fallback (quarto-cli src/resources/formats/html/embed/template.html).
_BACK_FALLBACK = re.compile(r"window\.location\.href = (['\"])(.*?)\1")


@dataclass
class HtmlPage:
    """What the checks need from one built HTML file."""

    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)
    # id -> tags found inside the element with that id
    contents: dict[str, set[str]] = field(default_factory=dict)


class _Collector(HTMLParser):
    _VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    )

    def __init__(self, page: HtmlPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[tuple[str, str]] = []  # (tag, id) of the elements we are inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for _, ident in self.open:
            if ident:
                self.page.contents.setdefault(ident, set()).add(tag)
        if values.get("id"):
            self.page.ids.add(values["id"])
            self.page.contents.setdefault(values["id"], set())
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.page.links.append((tag, values[attribute]))
        if tag not in self._VOID:
            self.open.append((tag, values.get("id", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self._VOID and self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break


def parse_html(path: Path) -> HtmlPage:
    """Ids, links and the tags inside each id'd element of an HTML file."""
    page = HtmlPage(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return page


def _local(page: HtmlPage, url: str) -> tuple[Path, str] | None:
    if not url or _REMOTE.match(url) or url.startswith("#"):
        return None
    parts = urlsplit(url)
    target = (page.path.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Local href/src targets of every built HTML file that do not exist, and dead anchors
    (``#/id``, revealjs' form of a link to a slide, counts as ``#id``)."""
    pages = {p.resolve(): parse_html(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        where = path.relative_to(site.resolve())
        for tag, url in page.links:
            anchor = url[1:].lstrip("/")
            if url.startswith("#") and anchor and anchor not in page.ids:
                problems.append(f"{where}: <{tag}> {url} has no target")
            local = _local(page, url)
            if local is None:
                continue
            target, fragment = local
            if not target.exists():
                problems.append(f"{where}: <{tag}> {url} -> missing {target.name}")
            elif fragment and target in pages and fragment.lstrip("/") not in pages[target].ids:
                problems.append(f"{where}: <{tag}> {url}: no #{fragment} in {target.name}")
    return problems


def unresolved_references(site: Path) -> list[str]:
    """Every ``@label`` of every built page that Quarto could not resolve."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _UNRESOLVED.finditer(text):
            label = match.group(1) or match.group(2)
            problems.append(f"{path.relative_to(site)}: @{label} resolves to nothing")
    return problems


def missing_figures(html: Path, labels: list[str]) -> list[str]:
    """Labels whose element is absent, or holds no <img>/<svg> (figures) or <table> (tables)."""
    page = parse_html(html)
    problems = []
    for label in labels:
        if label not in page.ids:
            problems.append(f"{html.name}: no element with id {label}")
            continue
        wanted = {"table"} if label.startswith("tbl-") else {"img", "svg"}
        if not page.contents.get(label, set()) & wanted:
            problems.append(f"{html.name}: #{label} holds no {'/'.join(sorted(wanted))}")
    return problems


#: Pandoc's mark for a citation whose key it could not find: the key and "?", in bold.
_UNRESOLVED_CITATION = re.compile(r"<strong>([A-Za-z0-9_][\w:.#$%&+~/-]*)\?</strong>")
#: A citation citeproc never processed, left in the page as text.
_RAW_CITATION = re.compile(r"\[-?@[A-Za-z0-9_]")


def reference_list_problems(site: Path, cited: dict[str, set[str]]) -> list[str]:
    """What the built pages show of their citations. ``cited`` maps a built page's name to the
    keys its source cites; each such page needs a reference list (the ``#refs`` element Quarto
    fills) with an entry ``#ref-<key>`` for every key, on the slideshow inside the References
    slide (``section#references``), and no page may show an unresolved citation ("**key?**")
    or an unprocessed ``[@key``."""
    problems = []
    for name, keys in sorted(cited.items()):
        path = site / name
        if not path.is_file():
            problems.append(f"{name}: not built")
            continue
        page = parse_html(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        if keys and "refs" not in page.ids:
            problems.append(f"{name}: cites {len(keys)} works but has no reference list (#refs)")
        problems += [
            f"{name}: no entry #ref-{k} in its reference list"
            for k in sorted(keys)
            if f"ref-{k}" not in page.ids
        ]
        if keys and "reveal.js" in text and "refs" in page.ids:
            slide = re.search(r'<section id="references"[^>]*>(.*?)</section>', text, re.DOTALL)
            if not slide or 'id="refs"' not in slide.group(1):
                problems.append(f"{name}: the reference list is not on the References slide")
        problems += [
            f"{name}: unresolved citation {m[1]}?" for m in _UNRESOLVED_CITATION.finditer(text)
        ]
        problems += [f"{name}: raw citation {m[0]}..." for m in _RAW_CITATION.finditer(text)]
    return problems


def published_paths(site: Path, folders: list[Path]) -> list[str]:
    """Built files that contain one of ``folders`` (absolute paths) or a ``data-notebook``."""
    problems = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        where = path.relative_to(site)
        problems += [f"{where} contains {folder}" for folder in folders if str(folder) in text]
        if path.suffix == ".html" and re.search(r"\sdata-notebook=", text):
            problems.append(f"{where} keeps a data-notebook attribute")
    return problems


def back_fallback_problems(site: Path) -> list[str]:
    """Notebook views whose Back button falls back to '/' or to a file not in the site."""
    problems = []
    for view in sorted(site.rglob("*-preview.html")):
        text = view.read_text(encoding="utf-8", errors="replace")
        start = text.find("quartoBackToArticle")
        back = text[start : text.find("}, 100)", start)] if start >= 0 else ""
        targets = [m.group(2) for m in _BACK_FALLBACK.finditer(back)]
        if not targets:
            problems.append(f"{view.name}: no Back fallback found")
        for target in targets:
            if target.startswith("/") or not (view.parent / target).is_file():
                problems.append(f"{view.name}: Back falls back to {target!r}")
    return problems


# --------------------------------------------------------------------------- the real render


def test_the_render_warns_of_nothing(site_render: Render) -> None:
    warnings = site_render.warnings()
    assert not warnings, "\n".join(warnings)


def test_no_built_file_holds_the_build_path(built_site: Path) -> None:
    problems = published_paths(built_site, [built_site.parent.resolve(), qs.ROOT])
    assert not problems, "\n".join(problems)


def test_the_built_notebook_views_go_back_to_the_site(built_site: Path) -> None:
    assert list(built_site.rglob("*-preview.html")), "Quarto wrote no notebook view"
    problems = back_fallback_problems(built_site)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", qs.PAGES)
def test_every_embedded_figure_is_in_the_built_page(built_site: Path, name: str) -> None:
    page = qs.load_page(qs.ROOT / name)
    labels = [
        ident
        for embed in qs.embeds_in(page.text)
        for ident in embed.ids
        if ident.startswith(("fig-", "tbl-"))
    ]
    html = built_site / Path(name).with_suffix(".html")
    assert html.is_file(), f"Quarto did not write {html.name}"
    problems = missing_figures(html, labels)
    assert not problems, "\n".join(problems)


def test_no_broken_local_link_in_the_built_site(built_site: Path) -> None:
    problems = broken_links(built_site)
    assert not problems, "\n".join(problems)


def test_every_citing_page_ends_with_its_reference_list(built_site: Path) -> None:
    root = built_site.parent
    cited = {
        path.with_suffix(".html").name: set(qs.citations(qs.load_page(path)))
        for path in qs.rendered_pages(root)
    }
    assert any(cited.values()), "no page cites anything"
    problems = reference_list_problems(built_site, cited)
    assert not problems, "\n".join(problems)


def test_every_reference_in_the_built_site_resolves(built_site: Path) -> None:
    problems = unresolved_references(built_site)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the checks fire


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


_GOOD = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="site_libs/style.css"><script src="site_libs/app.js"></script>
</head><body>
<div id="fig-a" class="quarto-float"><figure><img src="figs/a.png"></figure></div>
<div id="tbl-b"><table><tr><td>1</td></tr></table></div>
<h2 id="sec-c">C</h2><a href="#sec-c">C</a> <a href="other.html#sec-d">D</a>
<a href="https://quarto.org">Quarto</a> <a href="#">top</a> <a href="#/sec-c">slide</a>
<p>See <a href="#fig-a" class="quarto-xref">Figure 1</a> and
<span class="citation" data-cites="goodfellow2016">(Goodfellow 2016)</span>.</p>
</body></html>"""


@pytest.fixture
def fake_site(tmp_path: Path) -> Path:
    _write(tmp_path / "page.html", _GOOD)
    _write(tmp_path / "other.html", '<html><body><h2 id="sec-d">D</h2></body></html>')
    _write(tmp_path / "site_libs" / "style.css", "body { color: black; }")
    _write(tmp_path / "site_libs" / "app.js", "")
    _write(tmp_path / "figs" / "a.png", "png")
    return tmp_path


def test_html_checks_pass_a_good_page(fake_site: Path) -> None:
    assert broken_links(fake_site) == []
    assert missing_figures(fake_site / "page.html", ["fig-a", "tbl-b"]) == []
    assert unresolved_references(fake_site) == []


@pytest.mark.parametrize(
    ("old", "new", "check", "expected"),
    [
        ('src="figs/a.png"', 'src="figs/gone.png"', "links", "missing gone.png"),
        ('href="#sec-c"', 'href="#sec-gone"', "links", "#sec-gone has no target"),
        ('href="#/sec-c"', 'href="#/gone"', "links", "#/gone has no target"),
        ("other.html#sec-d", "other.html#sec-gone", "links", "no #sec-gone in other.html"),
        ("other.html#sec-d", "missing.html", "links", "missing missing.html"),
        ('<img src="figs/a.png">', "<p>no figure</p>", "figures", "#fig-a holds no img/svg"),
        ('id="fig-a"', 'id="fig-z"', "figures", "no element with id fig-a"),
        ("<table>", "<div>", "figures", "#tbl-b holds no table"),
        (
            '<a href="#fig-a" class="quarto-xref">Figure 1</a>',
            "<strong>?@fig-gone</strong>",
            "references",
            "page.html: @fig-gone resolves to nothing",
        ),
        (
            "(Goodfellow 2016)",
            "@goodfellow2016",
            "references",
            "page.html: @goodfellow2016 resolves to nothing",
        ),
    ],
    ids=[
        "missing-image",
        "dead-anchor",
        "dead-slide-anchor",
        "dead-anchor-elsewhere",
        "missing-page",
        "figure-without-image",
        "figure-id-gone",
        "table-gone",
        "unresolved-crossref",
        "citation-without-bibliography",
    ],
)
def test_html_check_fires(fake_site: Path, old: str, new: str, check: str, expected: str) -> None:
    qs.replace_once(fake_site / "page.html", old, new)
    problems = {
        "links": lambda: broken_links(fake_site),
        "figures": lambda: missing_figures(fake_site / "page.html", ["fig-a", "tbl-b"]),
        "references": lambda: unresolved_references(fake_site),
    }[check]()
    assert any(expected in p for p in problems), problems


_CITING = """<!DOCTYPE html><html><body>
<p><span class="citation" data-cites="knuth1984"><a href="#ref-knuth1984">Knuth (1984)</a></span>
</p><div id="refs" class="references csl-bib-body"><div id="ref-knuth1984" class="csl-entry">
Knuth, Donald E. 1984. Literate Programming.</div></div></body></html>"""
_CITING_SLIDES = """<!DOCTYPE html><html><head><script src="reveal.js"></script></head><body>
<section id="one"><aside class="notes"><a href="#/references">Knuth (1984)</a></aside></section>
<section id="references" class="slide level2 smaller scrollable"><h2>References</h2>
<div id="refs" class="references"><div id="ref-knuth1984" class="csl-entry">Knuth.</div></div>
</section></body></html>"""


@pytest.mark.parametrize(
    ("page", "old", "new", "expected"),
    [
        ("page.html", 'id="refs"', 'id="list"', "has no reference list (#refs)"),
        ("page.html", 'id="ref-knuth1984"', 'id="ref-other"', "no entry #ref-knuth1984"),
        ("page.html", "Knuth (1984)", "(<strong>knuth1984?</strong>)", "unresolved citation"),
        ("page.html", "Knuth (1984)", "[@knuth1984]", "raw citation [@k"),
        ("slides.html", '<section id="references"', '<section id="refs-slide"', "not on the"),
    ],
    ids=["no-list", "no-entry", "unresolved", "raw", "slides-list-elsewhere"],
)
def test_reference_list_check_fires(
    tmp_path: Path, page: str, old: str, new: str, expected: str
) -> None:
    _write(tmp_path / "page.html", _CITING)
    _write(tmp_path / "slides.html", _CITING_SLIDES)
    cited = {"page.html": {"knuth1984"}, "slides.html": {"knuth1984"}}
    assert reference_list_problems(tmp_path, cited) == []
    qs.replace_once(tmp_path / page, old, new)
    problems = reference_list_problems(tmp_path, cited)
    assert any(expected in p for p in problems), problems


def test_render_warnings_name_the_page() -> None:
    warning = "WARNING (filters) Unable to resolve crossref @eq-x"
    log = f"[1/2] index.qmd\n[2/2] activations.qmd\n{warning}\n"
    assert Render(Path("_site"), log).warnings() == [f"activations.qmd: {warning}"]


def test_a_failed_render_fails_with_quartos_message_and_the_page(tmp_path: Path) -> None:
    require(QUARTO, "Quarto is not on PATH: the site cannot be rendered here")
    cell = {
        "cell_type": "code",
        "id": "a1",
        "metadata": {},
        "execution_count": 1,
        "source": "#| label: fig-a\n1",
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}],
    }
    notebook = {
        "cells": [cell],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    _write(tmp_path / "_quarto.yml", "project:\n  type: website\n  render: [index.qmd, page.qmd]\n")
    _write(tmp_path / "nb.ipynb", json.dumps(notebook))
    _write(tmp_path / "index.qmd", "---\ntitle: Home\n---\n\nHello.\n")
    _write(tmp_path / "page.qmd", "---\ntitle: Page\n---\n\n{{< embed nb.ipynb#fig-gone >}}\n")
    with pytest.raises(pytest.fail.Exception) as failed:
        render(tmp_path)
    message = str(failed.value)
    assert "page.qmd" in message and "The cell fig-gone does not exist in notebook" in message


# --------------------------------------------------------------------------- the build path

_EMBED_DIV = (
    '<div class="quarto-embed-nb-cell" data-notebook="{root}/ActivationFunctions.ipynb" '
    'data-notebook-title="Activation functions" data-notebook-cellId="cell-fig-relu">'
    '<div id="fig-relu" class="quarto-float"><img src="figs/a.png"></div></div>'
)
_VIEW_PAGE = """<html><head><script>
window.quartoBackToArticle = () => {{ setTimeout(() => {{
                window.location.href = {fallback};
}}, 100); }}
</script></head><body></body></html>"""


def test_the_strip_script_removes_the_path_as_quarto_runs_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "tools").mkdir(parents=True)
    shutil.copy(qs.ROOT / STRIP_SCRIPT, root / STRIP_SCRIPT)
    site = root / "_site"
    page = _write(
        site / "slides.html", "<html><body>" + _EMBED_DIV.format(root=root) + "</body></html>"
    )
    assert published_paths(site, [root]), "the check does not see the path it should"
    done = subprocess.run(
        [sys.executable, STRIP_SCRIPT],
        cwd=root,
        env={**os.environ, "QUARTO_PROJECT_OUTPUT_DIR": str(site)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert published_paths(site, [root]) == []
    expected = (
        '<html><body><div class="quarto-embed-nb-cell"><div id="fig-relu" class="quarto-float">'
        '<img src="figs/a.png"></div></div></body></html>'
    )
    assert page.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("fallback", "fires"),
    [('"page.html"', False), ("'/'", True), ('"missing.html"', True)],
)
def test_back_fallback_check(fake_site: Path, fallback: str, fires: bool) -> None:
    _write(fake_site / "nb-preview.html", _VIEW_PAGE.format(fallback=fallback))
    problems = back_fallback_problems(fake_site)
    assert bool(problems) == fires, problems
