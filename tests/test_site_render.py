"""Render the site with Quarto, when Quarto is installed, and check the built pages.

Check 7 of issue 4: every embedded figure is in the HTML, no local link is broken, and the
slideshow loads no script or stylesheet from the network (it must work offline). Every page that
cites ends with its reference list, the slideshow on its References slide, with an entry for
each work its source cites and no citation left unresolved. Issue 8: no
built file holds the build machine's path (Quarto leaves the notebook's absolute path in
``data-notebook`` wherever it writes no notebook view; ``tools/strip_notebook_paths.py``
removes it after the render), and every notebook view's Back button falls back to a page of
the site, not to ``/``. Quarto
cannot be installed everywhere, so the render test skips when ``quarto`` is not on PATH;
the HTML checks themselves are exercised on small hand-written pages in any case, so they
are known to fire before the day they meet a real build.
"""

from __future__ import annotations

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

QUARTO = shutil.which("quarto")
RENDER_TIMEOUT_S = 900
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_CSS_REMOTE = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?((?:https?:)?//[^'\")\s;]+)")
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
#: <link rel=...> values that make the browser fetch the target while showing the page.
_LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon"}
_OUR_FRAGMENT = re.compile(r"^(?:sec|fig|tbl|eq)-")
#: The post-render step that removes ``data-notebook="<absolute path>"`` (see its docstring).
STRIP_SCRIPT = "tools/strip_notebook_paths.py"
#: The notebook view's Back fallback (quarto-cli src/resources/formats/html/embed/template.html).
_BACK_FALLBACK = re.compile(r"window\.location\.href = (['\"])(.*?)\1")


@dataclass
class HtmlPage:
    """What the checks need from one built HTML file."""

    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
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
        self.in_style = False

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
            self.page.links.append((tag, values[attribute], values))
        self.in_style = tag == "style"
        if tag not in self._VOID:
            self.open.append((tag, values.get("id", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self._VOID and self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.page.styles.append(data)


def parse_html(path: Path) -> HtmlPage:
    """Ids, links, inline styles and the tags inside each id'd element of an HTML file."""
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
    """Local href/src targets of every built HTML file that do not exist, and dead anchors."""
    pages = {p.resolve(): parse_html(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        where = path.relative_to(site.resolve())
        for tag, url, _ in page.links:
            if url.startswith("#") and _OUR_FRAGMENT.match(url[1:]) and url[1:] not in page.ids:
                problems.append(f"{where}: <{tag}> {url} has no target")
            local = _local(page, url)
            if local is None:
                continue
            target, fragment = local
            if not target.exists():
                problems.append(f"{where}: <{tag}> {url} -> missing {target.name}")
            elif (
                fragment
                and _OUR_FRAGMENT.match(fragment)
                and target in pages
                and fragment not in pages[target].ids
            ):
                problems.append(f"{where}: <{tag}> {url}: no #{fragment} in {target.name}")
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


def network_loads(html: Path) -> list[str]:
    """Scripts, stylesheets, images and frames the page (or its CSS) fetches from the network."""
    page = parse_html(html)
    problems = []
    for tag, url, attrs in page.links:
        rel = set(attrs.get("rel", "").lower().split())
        stylesheet = tag == "link" and "stylesheet" in rel
        loads = tag not in ("a", "link") or bool(rel & _LOADING_RELS)
        if loads and _REMOTE.match(url) and not url.startswith("data:"):
            problems.append(f"{html.name}: <{tag}> loads {url}")
        local = _local(page, url) if stylesheet else None
        if local and local[0].is_file():
            css = local[0].read_text(encoding="utf-8", errors="replace")
            problems += [f"{local[0].name} loads {m.group(1)}" for m in _CSS_REMOTE.finditer(css)]
    for style in page.styles:
        problems += [f"{html.name} <style> loads {m.group(1)}" for m in _CSS_REMOTE.finditer(style)]
    return problems


#: Pandoc's mark for a citation whose key it could not find: the key and "?", in bold.
_UNRESOLVED = re.compile(r"<strong>([A-Za-z0-9_][\w:.#$%&+~/-]*)\?</strong>")
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
        problems += [f"{name}: unresolved citation {m[1]}?" for m in _UNRESOLVED.finditer(text)]
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


def unstripped_pages(root: Path) -> list[str]:
    """Pages Quarto leaves with the notebook's absolute path when nothing strips it."""
    scripts = (qs.quarto_config(root).get("project") or {}).get("post-render") or []
    scripts = [scripts] if isinstance(scripts, str) else scripts
    if STRIP_SCRIPT in scripts and (root / STRIP_SCRIPT).is_file():
        return []
    return [
        f"{leak}: the built HTML keeps data-notebook=<absolute path>, and {qs.QUARTO_CONFIG} "
        f"has no post-render: {STRIP_SCRIPT}"
        for leak in qs.embed_path_leaks(root)
    ]


# --------------------------------------------------------------------------- the real render


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if QUARTO is None:
        pytest.skip(reason="Quarto is not on PATH: the site cannot be rendered here")
    root = qs.copy_project(tmp_path_factory.mktemp("render") / "site")
    # From the project folder, as the workflow does: Quarto computes the notebook view's Back
    # link against the working directory (quarto_site.notebook_view_back_problems).
    done = subprocess.run(
        [QUARTO, "render", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=RENDER_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"quarto render failed:\n{done.stderr[-4000:]}"
    unresolved = [line for line in done.stderr.splitlines() if "Unable to resolve crossref" in line]
    assert not unresolved, "\n".join(unresolved)
    output = (qs.quarto_config(root).get("project") or {}).get("output-dir", "_site")
    return root / output


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


def test_the_built_slideshow_loads_nothing_from_the_network(built_site: Path) -> None:
    problems = network_loads(built_site / Path(qs.SLIDESHOW).with_suffix(".html"))
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
<a href="https://quarto.org">Quarto</a> <a href="#quarto-content">skip</a>
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
    assert network_loads(fake_site / "page.html") == []


@pytest.mark.parametrize(
    ("old", "new", "check", "expected"),
    [
        ('src="figs/a.png"', 'src="figs/gone.png"', "links", "missing gone.png"),
        ('href="#sec-c"', 'href="#sec-gone"', "links", "#sec-gone has no target"),
        ("other.html#sec-d", "other.html#sec-gone", "links", "no #sec-gone in other.html"),
        ("other.html#sec-d", "missing.html", "links", "missing missing.html"),
        ('<img src="figs/a.png">', "<p>no figure</p>", "figures", "#fig-a holds no img/svg"),
        ('id="fig-a"', 'id="fig-z"', "figures", "no element with id fig-a"),
        ("<table>", "<div>", "figures", "#tbl-b holds no table"),
        (
            'src="site_libs/app.js"',
            'src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"',
            "network",
            "<script> loads https://cdn.jsdelivr.net",
        ),
        (
            'href="site_libs/style.css"',
            'href="//fonts.googleapis.com/css?family=Lato"',
            "network",
            "<link> loads //fonts.googleapis.com",
        ),
        (
            "</head>",
            "<style>@import url(https://fonts.googleapis.com/x);</style></head>",
            "network",
            "<style> loads https://fonts.googleapis.com/x",
        ),
        ('src="figs/a.png"', 'src="https://example.org/a.png"', "network", "<img> loads https://"),
    ],
    ids=[
        "missing-image",
        "dead-anchor",
        "dead-anchor-elsewhere",
        "missing-page",
        "figure-without-image",
        "figure-id-gone",
        "table-gone",
        "cdn-script",
        "web-font-stylesheet",
        "web-font-import",
        "remote-image",
    ],
)
def test_html_check_fires(fake_site: Path, old: str, new: str, check: str, expected: str) -> None:
    qs.replace_once(fake_site / "page.html", old, new)
    problems = {
        "links": lambda: broken_links(fake_site),
        "figures": lambda: missing_figures(fake_site / "page.html", ["fig-a", "tbl-b"]),
        "network": lambda: network_loads(fake_site / "page.html"),
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


def test_css_web_font_import_is_caught(fake_site: Path) -> None:
    _write(fake_site / "site_libs" / "style.css", "@import url('https://fonts.googleapis.com/a');")
    problems = network_loads(fake_site / "page.html")
    assert any("style.css loads https://fonts.googleapis.com/a" in p for p in problems), problems


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


def test_the_project_strips_what_quarto_leaves() -> None:
    problems = unstripped_pages(qs.ROOT)
    assert not problems, "\n".join(problems)


def test_strip_check_fires(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(root / qs.QUARTO_CONFIG, f"  post-render: {STRIP_SCRIPT}\n", "")
    problems = unstripped_pages(root)
    assert any(f"{qs.SLIDESHOW} (revealjs)" in p for p in problems), problems


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
