"""The interactive explorer: package values, the stored notebook, offline loading, a real browser.

The explorer page (explore.qmd) embeds the one output of ``Explorer.ipynb``, a raw
HTML block holding every curve as base64 float64, a small script that picks curves, and a
static fallback figure. These tests check:

* the stored curves are the package's values on every parameter grid, and the committed
  notebook is what a fresh kernel writes;
* Plotly is loaded once, from a file in the site, at the version the Python package targets;
* every control has a label, the figure has alt text and a no-JavaScript fallback;
* on the built page in headless Chromium (``tests/conftest.py``), moving a slider draws exactly
  the package's curve for the new parameter, with no script error and the network blocked
  (``test_built_pages`` checks that no page requests another host). Set
  ``EXPLORER_SCREENSHOTS=<folder>`` to keep screenshots of each step;
* on a phone (390 px) and a tablet (768 px), the whole plot and the focused control are on
  screen together at every stop of the keyboard's walk through the controls, so a reader sees
  the curve change as they move a slider; on a desktop (1280 px) the controls stay above the
  plot, as they were.
"""

from __future__ import annotations

import base64
import html.parser
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import numpy as np
import plotly
import pytest
import quarto_site as qs
from cpu_tolerance import measured, within_ulps
from notebook_runner import execute, output_problems
from site_build import SiteServer

import activations as act
from activations.site import explorer
from activations.site.pages import PAGES

if TYPE_CHECKING:  # Playwright, which browser_checks imports, is needed only in e2e
    from browser_checks import Tab

#: How far another x86_64 CPU's NumPy kernels move a stored value (benchmarks/cpu_spread.csv).
ULPS = measured().explorer_ulps()

ROOT = qs.ROOT
NOTEBOOK = ROOT / "Explorer.ipynb"
PAGE = ROOT / "explore.qmd"
PLOTLY_JS = "explorer/plotly-basic.min.js"
#: Budget for the page with its library: 5 MB. Quarto's own site_libs (Bootstrap
#: CSS and JS, its icons font, quarto.js, search) are given 1.5 MB of it.
PAGE_BUDGET = 5_000_000
QUARTO_LIBS_ALLOWANCE = 1_500_000
ALPHA = "\N{GREEK SMALL LETTER ALPHA}"


# --------------------------------------------------------------------------- the stored output


def _markdown_output(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook["cells"]:
        if "#| label: explorer" not in "".join(cell.get("source", "")):
            continue
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                return "".join(output["data"]["text/markdown"])
    raise AssertionError("Explorer.ipynb has no cell labelled explorer with a Markdown output")


def _payload(markdown: str) -> dict:
    match = re.search(
        r'<script type="application/json" class="explorer-data">(.*?)</script>',
        markdown,
        flags=re.DOTALL,
    )
    assert match, "the explorer output holds no data block"
    return json.loads(match.group(1).replace("<\\/", "</"))


def _decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f8")


def _expected(name: str, value: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The package's function and derivative, called directly (not through explorer.py)."""
    x = np.arange(-100, 101) / 20.0
    entry = act.ACTIVATIONS[name]
    if name == "softmax":
        logits = np.column_stack([x, np.zeros_like(x), np.zeros_like(x)]) / value
        return (
            act.softmax(logits)[:, 0],
            act.softmax_grad(logits)[:, 0, 0] / value,
        )
    grid = explorer.PARAMETER_GRIDS.get(name)
    kwargs = {} if grid is None else {grid.name: value}
    return entry.function(x, **kwargs), entry.derivative(x, **kwargs)


def stored_curve_problems(data: dict) -> list[str]:
    """Every stored curve that is not the package's value (bit for bit on the CPU that ran the
    notebook; another CPU's NumPy kernels move a value by up to the measured spread)."""
    problems = []
    x = _decode(data["x"])
    if not np.array_equal(x, np.arange(-100, 101) / 20.0):
        problems.append("x-grid is not -5 to 5 in steps of 0.05")
    for entry in data["activations"]:
        parameter = entry["parameter"]
        values = [None] if parameter is None else parameter["values"]
        for index, value in enumerate(values):
            f, df = _expected(entry["name"], value)
            for which, want in (("f", f), ("df", df)):
                got = _decode(entry[which][index])
                if not within_ulps(got, want, ULPS):
                    problems.append(f"{entry['name']} {which} at {value}: not the package's")
    return problems


def test_every_elementwise_activation_and_softmax_is_offered(
    committed: nbformat.NotebookNode,
) -> None:
    data = _payload(_markdown_output(committed))
    offered = [entry["name"] for entry in data["activations"]]
    expected = [n for n, a in act.ACTIVATIONS.items() if a.elementwise or n == "softmax"]
    assert offered == expected


def test_every_parameterised_activation_has_a_slider_holding_its_default(
    committed: nbformat.NotebookNode,
) -> None:
    data = _payload(_markdown_output(committed))
    for entry in data["activations"]:
        registry = act.ACTIVATIONS[entry["name"]]
        if registry.params or entry["name"] == "softmax":
            assert entry["parameter"], f"{entry['name']} has a parameter but no slider"
            default = registry.params.get(entry["parameter"]["name"], 1.0)
            values = entry["parameter"]["values"]
            assert values[entry["parameter"]["default_index"]] == default
            # Fine enough to look continuous: at least 40 even steps.
            assert len(values) >= 40
            assert np.allclose(np.diff(values), (values[-1] - values[0]) / (len(values) - 1))


def slider_sentence_problems(page: str) -> list[str]:
    """Every activation with a slider that the page's opening sentence on sliders leaves out."""
    text = " ".join(page.split())
    match = re.search(r"move a slider to change a parameter: (.*?)\. ", text)
    if not match:
        return ["explore.qmd has no sentence listing the sliders"]
    sentence = match.group(1)
    return [
        f"{PAGES[name].display_name} ({grid.symbol}) has a slider the page does not name"
        for name, grid in explorer.PARAMETER_GRIDS.items()
        if grid.symbol not in sentence
        or not re.search(rf"\b{re.escape(PAGES[name].display_name)}\b", sentence, re.IGNORECASE)
    ]


def test_the_page_names_every_slider() -> None:
    assert not slider_sentence_problems(PAGE.read_text(encoding="utf-8"))


def test_slider_sentence_check_fires_on_a_missing_activation() -> None:
    broken = PAGE.read_text(encoding="utf-8").replace("PReLU, ", "", 1)
    assert slider_sentence_problems(broken) == [
        f"PReLU ({ALPHA}) has a slider the page does not name"
    ]


def test_stored_curves_are_the_package_values_bit_for_bit(committed: nbformat.NotebookNode) -> None:
    problems = stored_curve_problems(_payload(_markdown_output(committed)))
    assert not problems, "\n".join(problems[:20])


def test_stored_curve_check_fires_on_a_tampered_curve(committed: nbformat.NotebookNode) -> None:
    data = _payload(_markdown_output(committed))
    leaky = next(e for e in data["activations"] if e["name"] == "leaky_relu")
    curve = _decode(leaky["f"][5]).copy()
    curve[0] *= 1 + 1e-12  # about 4500 ulps: beyond what another CPU's kernels change
    leaky["f"][5] = base64.b64encode(curve.tobytes()).decode("ascii")
    assert stored_curve_problems(data) == ["leaky_relu f at 0.06: not the package's"]


@pytest.fixture(scope="module")
def fresh() -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    execute(notebook, ROOT)
    return notebook


@pytest.mark.e2e
def test_notebook_runs_clean_in_a_fresh_kernel(fresh: nbformat.NotebookNode) -> None:
    assert not output_problems(fresh)


@pytest.mark.e2e
def test_committed_notebook_is_current(
    committed: nbformat.NotebookNode, fresh: nbformat.NotebookNode
) -> None:
    for stored, new in zip(committed["cells"], fresh["cells"], strict=True):
        if stored["cell_type"] == "code":
            assert stored["outputs"] == new["outputs"], (
                "Explorer.ipynb is stale: re-run it with the README's nbconvert command"
            )


# --------------------------------------------------------------------------- the page


def _header_scripts(text: str) -> list[str]:
    """The src of every script the page's front matter puts in its header."""
    includes = qs.front_matter(text).get("include-in-header", [])
    includes = includes if isinstance(includes, list) else [includes]
    texts = [i["text"] for i in includes if isinstance(i, dict) and "text" in i]
    return [src for t in texts for src in re.findall(r'<script src="([^"]+)"', t)]


def test_plotly_loads_once_from_a_file_in_the_site(committed: nbformat.NotebookNode) -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert _header_scripts(page) == [PLOTLY_JS]
    markdown = _markdown_output(committed)
    assert "<script src=" not in markdown, "the output loads a library of its own"
    assert "http://" not in markdown and "https://" not in markdown
    resources = qs.quarto_config()["project"]["resources"]
    assert PLOTLY_JS in resources, "_quarto.yml does not copy Plotly into the site"
    assert "explore.qmd" in qs.quarto_config()["project"]["render"]


def test_vendored_plotly_is_the_version_the_python_package_targets() -> None:
    banner = (ROOT / PLOTLY_JS).read_text(encoding="utf-8")[:200]
    version = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", banner)
    assert version, banner
    assert version.group(1) == plotly.offline.get_plotlyjs_version()


def test_page_weight_within_budget(committed: nbformat.NotebookNode) -> None:
    weight = (
        len(PAGE.read_bytes())
        + len(_markdown_output(committed).encode("utf-8"))
        + (ROOT / PLOTLY_JS).stat().st_size
    )
    assert weight + QUARTO_LIBS_ALLOWANCE <= PAGE_BUDGET, f"{weight / 1e6:.2f} MB"


class _Controls(html.parser.HTMLParser):
    """Inputs, the labels that name them, and the images with their alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.images: list[dict] = []
        self.plots: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if "for" in attributes:
                self.label_for.add(attributes["for"])
        elif tag == "input":
            self.inputs.append({**attributes, "wrapped": self.open_labels > 0})
        elif tag == "img":
            self.images.append(attributes)
        elif "explorer-plot" in attributes.get("class", ""):
            self.plots.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1


def _controls_of(markdown: str) -> _Controls:
    parser = _Controls()
    parser.feed(markdown)
    return parser


def unlabelled_controls(markdown: str) -> list[str]:
    parser = _controls_of(markdown)
    return [
        f"{i.get('type')} {i.get('name')}={i.get('value')}"
        for i in parser.inputs
        if not i["wrapped"] and i.get("id") not in parser.label_for
    ]


def test_every_control_has_a_label_and_the_figure_alt_text_and_a_fallback(
    committed: nbformat.NotebookNode,
) -> None:
    markdown = _markdown_output(committed)
    assert not unlabelled_controls(markdown)
    parser = _controls_of(markdown)
    assert len(parser.plots) == 1 and len(parser.plots[0]["aria-label"]) > 80
    # A figure, not an image: Plotly puts focusable controls inside the plot, which an image's
    # presentational children may not hold (axe: nested-interactive).
    assert parser.plots[0]["role"] == "figure"
    fallback = re.search(r"<noscript>(.*?)</noscript>", markdown, flags=re.DOTALL)
    assert fallback and 'src="data:image/svg+xml;base64,' in fallback.group(1)
    assert all(len(image.get("alt", "")) > 80 for image in parser.images)
    assert re.search(r'<form class="explorer-controls" hidden>', markdown), (
        "controls must stay hidden unless the script runs and finds Plotly"
    )


def test_label_check_fires_on_an_unlabelled_slider(committed: nbformat.NotebookNode) -> None:
    markdown = _markdown_output(committed)
    broken = markdown.replace('<label for="activation-explorer-elu-alpha">', "<span>", 1)
    assert unlabelled_controls(broken) == ["range elu=18"]


# --------------------------------------------------------------------------- a real browser


def _screenshot(page: object, name: str) -> None:
    folder = os.environ.get("EXPLORER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


_PLOTTED = """() => document.getElementById('activation-explorer-plot').data.map(
    t => ({activation: t.meta.activation, curve: t.meta.curve, y: Array.from(t.y)}))"""


def plotted_problems(page: object, choices: dict[str, float]) -> list[str]:
    """Curves on screen that differ from the package's at the parameters in ``choices``."""
    problems = []
    for trace in page.evaluate(_PLOTTED):
        name = trace["activation"]
        f, df = _expected(name, choices.get(name))
        want = f if trace["curve"] == "f" else df
        got = np.array([np.nan if v is None else v for v in trace["y"]], dtype=np.float64)
        if not within_ulps(got, want, ULPS):
            problems.append(f"{name} {trace['curve']}: drawn curve is not the package's")
    return problems


def _slider(page: object, name: str, steps: int) -> str:
    """Move a slider with the keyboard, as a reader would; return what its output shows."""
    control = page.locator(f"#activation-explorer-{name}")
    control.focus()
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    return page.locator(f'output[for="activation-explorer-{name}"]').inner_text()


def _open(tab: Tab, url: str) -> list[str]:
    """Open the explorer and wait for its plot; return the script errors it will collect."""
    errors: list[str] = []
    tab.page.on("pageerror", lambda error: errors.append(str(error)))
    tab.open(url)
    tab.page.wait_for_function("document.getElementById('activation-explorer-plot').data")
    return errors


@pytest.mark.e2e
def test_in_a_browser_sliders_draw_the_package_values_offline(
    site_server: SiteServer, browser
) -> None:
    from browser_checks import Tab

    tab = Tab(browser, 1280)
    errors = _open(tab, site_server.url + "explore.html")
    page = tab.page
    _screenshot(page, "1-opening-view")
    assert page.locator("form.explorer-controls").is_visible()
    assert {t["activation"] for t in page.evaluate(_PLOTTED)} == set(explorer.DEFAULT_SELECTION)
    assert not plotted_problems(page, {"leaky_relu": 0.01})

    # Leaky ReLU's alpha from 0.01 up 9 steps of 0.01.
    assert _slider(page, "leaky_relu-alpha", 9) == f"{ALPHA} = 0.1"
    assert not plotted_problems(page, {"leaky_relu": 0.1})
    _screenshot(page, "2-leaky-alpha-0.1")

    # Tick ELU and Softmax, show only the derivatives, move ELU's alpha and the temperature.
    page.get_by_label("ELU", exact=True).check()
    page.get_by_label("Softmax", exact=True).check()
    page.get_by_label("Derivative", exact=True).check()
    assert _slider(page, "elu-alpha", -10) == f"{ALPHA} = 0.5"
    assert _slider(page, "softmax-temperature", -5) == "T = 0.5"
    plotted = page.evaluate(_PLOTTED)
    assert {t["curve"] for t in plotted} == {"df"}
    assert {t["activation"] for t in plotted} >= {"elu", "softmax"}
    assert not plotted_problems(page, {"leaky_relu": 0.1, "elu": 0.5, "softmax": 0.5})
    _screenshot(page, "3-derivatives-elu-softmax")
    tab.close()
    assert not errors, errors


@pytest.mark.e2e
def test_browser_check_fires_when_a_slider_draws_the_wrong_curve(
    built_site: Path, site_server: SiteServer, browser
) -> None:
    built = (built_site / "explore.html").read_text(encoding="utf-8")
    data = _payload(built)
    leaky = next(e for e in data["activations"] if e["name"] == "leaky_relu")
    leaky["f"][9] = leaky["f"][8]  # alpha = 0.1 would show the curve of 0.09
    tampered = built.replace(
        json.dumps(_payload(built), separators=(",", ":"), ensure_ascii=False).replace(
            "</", "<\\/"
        ),
        json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/"),
    )
    assert tampered != built
    from browser_checks import Tab

    tab = Tab(browser, 1280)
    _open(tab, site_server.add("explore-tampered.html", tampered))
    _slider(tab.page, "leaky_relu-alpha", 9)
    assert plotted_problems(tab.page, {"leaky_relu": 0.1}) == [
        "leaky_relu f: drawn curve is not the package's"
    ]
    tab.close()


# ------------------------------------------------------------------- a phone and a tablet

PHONE, TABLET, DESKTOP = 390, 768, 1280
#: Waits for the page to come to rest after a key press: two frames for Headroom.js to hide or
#: show the navbar, then every running transition (the navbar's, the plot's following it).
_SETTLE = """async () => {
    for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
    const finite = document.getAnimations().filter(
        (a) => a.effect && a.effect.getComputedTiming().endTime < Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""
#: With a control focused: is the whole plot on screen, below the navbar, and is the focused
#: control itself on screen and not under the plot? Returns what is wrong.
_IN_VIEW = """() => {
    const plot = document.getElementById('activation-explorer-plot');
    const control = document.activeElement;
    const name = control.id || `${control.name}=${control.value}`;
    const navbar = document.querySelector('header.fixed-top');
    const top = navbar ? Math.max(0, navbar.getBoundingClientRect().bottom) : 0;
    const p = plot.getBoundingClientRect();
    const px = Math.round;
    const problems = [];
    if (p.top < top - 1 || p.bottom > innerHeight + 1) {
        problems.push(`with ${name} focused the plot spans ${px(p.top)} to ${px(p.bottom)} px, `
            + `the window shows ${px(top)} to ${innerHeight} px`);
    }
    const c = control.getBoundingClientRect();
    const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    if (hit !== control) {
        const what = hit ? (hit.closest('.explorer-plot') ? 'the plot' : hit.tagName) : 'nothing';
        problems.push(`${name} has the focus but is not on screen (${what} is there)`);
    }
    return problems;
}"""
_FOCUSED = "() => document.activeElement.id || document.activeElement.value"


def phone_problems(tab: Tab) -> list[str]:
    """Walk the explorer's controls with Tab from the first box to the last slider and back
    with Shift+Tab, as a reader with a keyboard would, and move each slider; at every stop the
    whole plot and the focused control must be on screen together."""
    page = tab.page
    boxes = page.locator('.explorer-controls input[name="show"]')
    sliders = page.locator('.explorer-controls input[type="range"]')
    first = boxes.first.get_attribute("value")
    last = sliders.last.get_attribute("id")
    problems: list[str] = []

    def look() -> None:
        page.evaluate(_SETTLE)
        problems.extend(p for p in page.evaluate(_IN_VIEW) if p not in problems)

    boxes.first.focus()
    look()
    for key, goal in (("Tab", last), ("Shift+Tab", first)):
        for _ in range(boxes.count() + sliders.count() + 2):
            if page.evaluate(_FOCUSED) == goal:
                break
            page.keyboard.press(key)
            look()
            if page.evaluate("() => document.activeElement.type") == "range":
                page.keyboard.press("ArrowRight")
                look()
        else:
            problems.append(f"{key} never reached {goal}")
    return problems


@pytest.mark.e2e
@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_on_a_phone_or_tablet_the_plot_stays_in_view_while_the_controls_are_used(
    site_server: SiteServer, browser, width: int
) -> None:
    from browser_checks import Tab

    tab = Tab(browser, width)
    errors = _open(tab, site_server.url + "explore.html")
    _screenshot(tab.page, f"4-opening-view-{width}")
    problems = phone_problems(tab)
    _screenshot(tab.page, f"5-after-the-sliders-{width}")
    tab.close()
    assert not problems, problems
    assert not errors, errors


@pytest.mark.e2e
def test_on_a_desktop_the_controls_stay_above_the_plot(site_server: SiteServer, browser) -> None:
    from browser_checks import Tab

    tab = Tab(browser, DESKTOP)
    _open(tab, site_server.url + "explore.html")
    form = tab.page.locator("form.explorer-controls").bounding_box()
    plot = tab.page.locator("#activation-explorer-plot").bounding_box()
    position = tab.page.evaluate(
        "() => getComputedStyle(document.getElementById('activation-explorer-plot')).position"
    )
    tab.close()
    assert plot["y"] >= form["y"] + form["height"] and position == "static"
    assert plot["height"] == 560


#: name -> (what the broken copy replaces, with what, a problem it must cause)
_PHONE_BREAKAGES = {
    # No phone layout: the plot stays below the controls, out of sight of the sliders.
    "no-phone-layout": (f"@media {explorer.NARROW}", "@media (max-width: 1px)", "the plot spans"),
    # The plot sticks but the controls are not scrolled clear of it: going back with
    # Shift+Tab, a focused control ends up under the plot.
    "controls-under-the-plot": ("scroll-margin-top:", "--unused:", "(the plot is there)"),
    # The plot sticks at the top of the window and not below the navbar, which covers it
    # whenever the reader scrolls up.
    "plot-under-the-navbar": ("followNavbar(root);", ";", "focused the plot spans 0 to"),
}


@pytest.mark.e2e
@pytest.mark.parametrize("breakage", sorted(_PHONE_BREAKAGES))
def test_phone_check_fires_on_a_broken_copy(
    built_site: Path, site_server: SiteServer, browser, breakage: str
) -> None:
    old, new, expected = _PHONE_BREAKAGES[breakage]
    built = (built_site / "explore.html").read_text(encoding="utf-8")
    assert built.count(old) == 1, f"explore.html holds {old!r} {built.count(old)} times"
    from browser_checks import Tab

    tab = Tab(browser, PHONE)
    _open(tab, site_server.add(f"explore-{breakage}.html", built.replace(old, new)))
    problems = phone_problems(tab)
    tab.close()
    assert any(expected in p for p in problems), problems
