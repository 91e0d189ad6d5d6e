"""Render the site with Quarto, when Quarto is installed, and check the built pages.

Check 7 of issue 4: every embedded figure is in the HTML, no local link is broken, and the
slideshow loads no script or stylesheet from the network (it must work offline). Quarto
cannot be installed everywhere, so the render test skips when ``quarto`` is not on PATH;
the HTML checks themselves are exercised on small hand-written pages in any case, so they
are known to fire before the day they meet a real build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
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


# --------------------------------------------------------------------------- the real render


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if QUARTO is None:
        pytest.skip(reason="Quarto is not on PATH: the site cannot be rendered here")
    root = qs.copy_project(tmp_path_factory.mktemp("render") / "site")
    done = subprocess.run(
        [QUARTO, "render", str(root)],
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


def test_css_web_font_import_is_caught(fake_site: Path) -> None:
    _write(fake_site / "site_libs" / "style.css", "@import url('https://fonts.googleapis.com/a');")
    problems = network_loads(fake_site / "page.html")
    assert any("style.css loads https://fonts.googleapis.com/a" in p for p in problems), problems
