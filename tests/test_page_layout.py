"""The web pages fit a desktop, a tablet and a phone (issue 9), checked from the sources.

No browser: each check holds what the sources fix to a budget derived from Quarto's CSS, for
every HTML page the site renders and every section on it, so a section added later in the same
form is checked without a change here.

1. Two columns only where there is room. Quarto's ``.columns`` keep their columns side by side
   at every width (``div.column { display: inline-block }``, quarto-cli
   ``_quarto-rules.scss``), 170 px each on a phone; the pages use Bootstrap's CSS grid instead
   (``quarto_site.GRID``), two cells of ``g-col-12 g-col-xl-6``: one column below 1200 px, two
   from 1200 px up, where the body column has its full 800 px.
2. Code fits its box without scrolling at 1280 and 768 px (on a phone a snippet may scroll
   inside its own box, never the page).
3. Display formulas fit a 390-px phone, the narrowest box they get, equation number included:
   a formula wider than its box is not clipped but runs past the page edge.
4. Figures are drawn at 60 % of their width or more at 1280 px.

Budgets come from Quarto's Bootstrap variables (quarto-cli src/resources/formats/html/
bootstrap/: ``$font-size-root: 17px`` in ``_bootstrap-customize.scss``; ``$grid-body-width:
800px``, ``$code-font-size: $small-font-size`` (0.875em), ``$code-block-bg-padding: 0.4em``
in ``_bootstrap-variables.scss``; Bootstrap's ``$grid-gutter-width: 1.5rem`` as the grid's
gap). Constants marked "calibrated" were measured with page-preview, an approximate render of
these pages with Quarto's compiled CSS and MathJax 3 in headless Chromium that is not part of
this repository; each comment says what it measured.
"""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import quarto_site as qs
import tex_width

ROOT_FONT_PX = 17.0
BODY_PX = 800.0
GRID_GAP_PX = 1.5 * ROOT_FONT_PX
#: One of two grid cells from 1200 px up: (800 - 25.5) / 2 = 387.25 px.
HALF_PX = (BODY_PX - GRID_GAP_PX) / 2
#: Calibrated: the body column at 768 px, with the TOC in the margin (measured 511 px).
TABLET_BODY_PX = 511.0
#: Calibrated: the body column of a 390-px phone, 25.5 px of page gutter each side (339 px).
PHONE_BODY_PX = 339.0
#: Calibrated: a callout's border and padding take 22 px of its width (a code block is 509 px
#: wide in the body and 487 px in a callout at 768 px).
CALLOUT_INSET_PX = 22.0

CODE_FONT_PX = 0.875 * ROOT_FONT_PX
#: Monospace advance: 0.6 em in Liberation Mono (Courier New's metrics, what Bootstrap's
#: monospace stack finds on Linux), about the same in macOS's SF Mono and Menlo, 0.55 em in
#: Windows' Consolas. Calibrated: in a half cell at 1280 px (385 px inside its 1 px borders)
#: a 41-character line fits and a 43-character line scrolls by 9 px.
CODE_CHAR_PX = 0.6 * CODE_FONT_PX
CODE_CHROME_PX = 2 * 1.0 + 2 * 0.4 * CODE_FONT_PX  # 1 px border and 0.4em padding each side
#: Characters kept free on every line, for fonts a little wider than the one measured.
CODE_SPARE_CHARS = 1

#: Calibrated: MathJax 3 (CHTML, Quarto's default) scales its TeX fonts to the x-height of the
#: text around it, once, when it typesets: 18.7 px per em beside 17 px Source Sans Pro, 20.33 px
#: when it typesets before the web font has arrived and measures a fallback font's larger
#: x-height (seen in the same render). The budget takes the larger.
MATH_EM_PX = 20.33
#: Calibrated: tex_width's estimate was between 2.5 % under and 3.3 % over the drawn width (in
#: em) for the 46 formulas measured (those of activations.qmd, on one line and split, and a few
#: others, MEASURED_EM below); 3 % more is charged.
MATH_ESTIMATE_MARGIN = 1.03
#: Calibrated: a numbered formula needs its own width, its number's and 2.3 em more before the
#: number stops fitting beside it (three formulas measured in boxes 10 px apart).
TAG_GAP_EM = 2.3
#: Drawn widths in em measured in the render (ink of MathJax's glyphs, rules and radicals).
MEASURED_EM = (
    (r"\sigma(x) = \frac{1}{1 + e^{-x}}", 6.79),
    (r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", 10.16),
    (
        (
            r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ "
            r"\alpha\,(e^{x} - 1) & x \le 0 \end{cases}"
        ),
        14.45,
    ),
    (
        (
            r"\operatorname{Mish}'(x) = \tanh(s) + x\,\sigma(x)\operatorname{sech}^2(s),"
            r"\quad s = \operatorname{softplus}(x)"
        ),
        23.94,
    ),
    (r"\arctan(x) = \int_0^x \frac{\mathrm{d}t}{1 + t^2}", 9.96),
    (
        (
            r"\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\Bigl(1 + "
            r"\tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)\Bigr)"
        ),
        24.13,
    ),
    (r"\operatorname{softmax}(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^{K} e^{x_k}}", 10.72),
    (
        (
            "\\begin{aligned}\n\\operatorname{GELU}_{\\tanh}'(x) &= \\sigma(v)\\\\\n"
            "&\\quad + x\\,v'\\,\\sigma(v)\\bigl(1 - \\sigma(v)\\bigr),\\\\\nv &= 2u\n"
            "\\end{aligned}"
        ),
        15.71,
    ),
    (r"x = \sum_{i=1}^{n} w_i x_i + b", 7.10),
    (r"\max_{x \in [0, 1]} f(x) = \left(\frac{a}{b}\right)^2 \approx 0.25 \cdot \pi", 12.56),
)

#: A figure is drawn at 60 % of its natural width or more at 1280 px.
MIN_FIGURE_SCALE = 0.6
#: Calibrated: Quarto's ``column-page-left`` gives a lone figure 894 px at 1280 px, ending at the
#: body column's right edge (measured after Quarto's column post-processing, ported from
#: format-html-bootstrap.ts: the column class moves onto the image and its parents join the
#: page grid).
WIDE_COLUMN_PX = {"column-page-left": 894.0}
#: CSS: 1pt = 1/72 in and 1 in = 96 px.
PX_PER_PT = 96 / 72

_G_COL = re.compile(r"^g-col(-[a-z]+)?-\d+$")


def html_pages(root: Path = qs.ROOT) -> list[Path]:
    """The pages the site renders as HTML (the slideshow is revealjs)."""
    return [
        p
        for p in qs.rendered_pages(root)
        if p.is_file() and any(f.split("+")[0] == "html" for f in qs.page_formats(p, root))
    ]


# --------------------------------------------------------------------------- where things sit


@dataclass(frozen=True)
class Placed:
    """A pandoc element, the section it is in and the classes of every Div around it."""

    element: dict
    section: str
    around: frozenset[str]

    @property
    def in_half_cell(self) -> bool:
        return any(c.startswith("g-col") for c in self.around)

    @property
    def in_callout(self) -> bool:
        return any(c.startswith("callout") for c in self.around)


def _inside(node: object, section: str, around: frozenset[str]) -> Iterator[Placed]:
    if isinstance(node, list):
        for item in node:
            yield from _inside(item, section, around)
    elif isinstance(node, dict) and "t" in node:
        yield Placed(node, section, around)
        if node["t"] == "Div":
            yield from _inside(node["c"][1], section, around | set(node["c"][0][1]))
        elif "c" in node:
            yield from _inside(node["c"], section, around)


def placed(page: qs.Page) -> Iterator[Placed]:
    """Every element of the page with the id of the ``##`` or ``###`` section it is in ("top"
    before the first)."""
    section = "top"
    for block in page.blocks:
        if block["t"] == "Header" and block["c"][0] <= 3:
            section = block["c"][1][0] or qs.stringify(block["c"][2])
        yield from _inside(block, section, frozenset())


# --------------------------------------------------------------------------- 1. responsive grid


def grid_problems(page: qs.Page) -> list[str]:
    """Two-column layouts that do not stack on a phone, or grids not in the page's pattern."""
    problems = []
    for item in placed(page):
        element = item.element
        if element["t"] != "Div":
            continue
        classes = element["c"][0][1]
        where = f"{page.name} #{item.section}"
        if "columns" in classes or "column" in classes:
            problems.append(
                f"{where}: '.columns' stay side by side on a phone; use "
                f"'::: {{.{qs.GRID}}}' with cells '{{.{' .'.join(qs.HALF_COLUMN)}}}'"
            )
        if qs.GRID not in classes:
            continue
        cells = qs.grid_cells(element)
        if len(cells) != 2:
            problems.append(f"{where}: the grid has {len(cells)} cells, not 2")
        for number, cell in enumerate(cells, 1):
            responsive = {c for c in cell["c"][0][1] if _G_COL.match(c)}
            if responsive != set(qs.HALF_COLUMN):
                problems.append(
                    f"{where}: grid cell {number} has {sorted(responsive)}, not "
                    f"{list(qs.HALF_COLUMN)} (one column below 1200 px, two from there)"
                )
    return problems


# --------------------------------------------------------------------------- 2. code


def code_box_px(item: Placed) -> float:
    """The narrowest box a code block gets at 1280 or 768 px (its font does not change)."""
    box = HALF_PX if item.in_half_cell else TABLET_BODY_PX
    return box - (CALLOUT_INSET_PX if item.in_callout else 0.0)


def code_budget_chars(box_px: float) -> int:
    """Characters a line may have in a code block ``box_px`` wide, the spare kept."""
    return int((box_px - CODE_CHROME_PX) // CODE_CHAR_PX) - CODE_SPARE_CHARS


def code_problems(page: qs.Page) -> list[str]:
    problems = []
    for item in placed(page):
        if item.element["t"] != "CodeBlock":
            continue
        budget = code_budget_chars(code_box_px(item))
        for line in item.element["c"][1].splitlines():
            if len(line) > budget:
                problems.append(
                    f"{page.name} #{item.section}: code line of {len(line)} characters, over "
                    f"the {budget} that fit its box without scrolling: {line.strip()!r}"
                )
    return problems


# --------------------------------------------------------------------------- 3. formulas


def _display_maths(item: Placed) -> Iterator[str]:
    element = item.element
    if element["t"] == "Math" and element["c"][0]["t"] == "DisplayMath":
        yield element["c"][1]


def formula_problems(page: qs.Page) -> list[str]:
    """Display formulas whose estimated lines are wider than the phone's body column."""
    labelled = set(qs.equation_labels(page.blocks).values())
    # Quarto numbers the page's equations 1, 2, ...; charge every one the widest number.
    number = str(max(len(labelled), 1))
    tag_px = (tex_width.tag_width_em(number) + TAG_GAP_EM) * MATH_EM_PX
    problems = []
    for item in placed(page):
        for tex in _display_maths(item):
            box = PHONE_BODY_PX - (CALLOUT_INSET_PX if item.in_callout else 0.0)
            extra = tag_px if tex in labelled else 0.0
            for row, em in enumerate(tex_width.row_widths_em(tex), 1):
                width = em * MATH_EM_PX * MATH_ESTIMATE_MARGIN + extra
                if width > box:
                    first = " ".join(tex.split())[:60]
                    problems.append(
                        f"{page.name} #{item.section}: line {row} of ${first}...$ is about "
                        f"{width:.0f} px wide{' with its number' if extra else ''}, over the "
                        f"{box:.0f} px of a phone; split it with an aligned environment"
                    )
    return problems


# --------------------------------------------------------------------------- 4. figures


def natural_width_px(output: dict) -> float | None:
    """The width a notebook's image output is drawn at when nothing scales it: the ``width``
    its metadata gives, else an SVG's ``width`` attribute, else a PNG's pixel width."""
    data, metadata = output.get("data", {}), output.get("metadata", {})
    for mime in ("image/svg+xml", "image/png"):
        given = (metadata.get(mime) or {}).get("width")
        if mime in data and given:
            return float(given)
    if "image/svg+xml" in data:
        svg = "".join(data["image/svg+xml"])
        match = re.search(r"<svg[^>]*?\swidth=\"([\d.]+)(pt|px)?\"", svg)
        if match:
            return float(match.group(1)) * (PX_PER_PT if match.group(2) == "pt" else 1.0)
    if "image/png" in data:
        png = base64.b64decode("".join(data["image/png"]))
        return float(struct.unpack(">I", png[16:20])[0])
    return None


def figure_box_px(item: Placed) -> float:
    wide = [WIDE_COLUMN_PX[c] for c in item.around if c in WIDE_COLUMN_PX]
    if wide:
        return max(wide)
    return HALF_PX if item.in_half_cell else BODY_PX


def figure_problems(page_path: Path, root: Path = qs.ROOT) -> list[str]:
    page = qs.load_page(page_path)
    cells = {ident: cell for _, ident, cell in qs.resolved_embeds(page_path, root) if cell}
    problems = []
    for item in placed(page):
        if item.element["t"] != "Para":
            continue
        for embed in qs.embeds_in(qs.stringify(item.element)):
            for ident in embed.ids:
                cell = cells.get(ident)
                for output in cell.outputs if cell else ():
                    natural = natural_width_px(output)
                    if natural is None:
                        continue
                    scale = min(1.0, figure_box_px(item) / natural)
                    if scale < MIN_FIGURE_SCALE:
                        problems.append(
                            f"{page.name} #{item.section}: {ident} is {natural:.0f} px wide and "
                            f"drawn at {scale:.1%} in its {figure_box_px(item):.0f}-px box at "
                            f"1280 px, under {MIN_FIGURE_SCALE:.0%}"
                        )
    return problems


# --------------------------------------------------------------------------- the tests

PAGES = html_pages()


def _ids(path: Path) -> str:
    return path.name


def test_the_site_has_html_pages_with_grids() -> None:
    names = {p.name for p in PAGES}
    assert {qs.INDEX, qs.REFERENCE} <= names, names
    grids = [i for i in placed(qs.load_page(qs.ROOT / qs.REFERENCE)) if i.element["t"] == "Div"]
    assert sum(qs.GRID in i.element["c"][0][1] for i in grids) >= 15


def test_budgets_follow_from_quartos_css() -> None:
    # 40 characters in a half cell at 1280 px, 52 in a callout and 54 in the body at 768 px.
    assert code_budget_chars(HALF_PX) == 40
    assert code_budget_chars(TABLET_BODY_PX - CALLOUT_INSET_PX) == 52
    assert code_budget_chars(TABLET_BODY_PX) == 54
    # A per-activation figure (614 px) keeps 63 % in a half cell.
    assert HALF_PX / (460.8 * PX_PER_PT) > MIN_FIGURE_SCALE


@pytest.mark.parametrize(("tex", "measured"), MEASURED_EM, ids=lambda v: str(v)[:24])
def test_width_estimate_agrees_with_widths_measured_in_a_browser(tex: str, measured: float) -> None:
    estimate = max(tex_width.row_widths_em(tex))
    assert abs(estimate / measured - 1) < MATH_ESTIMATE_MARGIN - 1 + 0.005, (estimate, measured)


@pytest.mark.parametrize("path", PAGES, ids=_ids)
def test_two_column_sections_use_the_responsive_grid(path: Path) -> None:
    problems = grid_problems(qs.load_page(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=_ids)
def test_code_lines_fit_their_box_at_desktop_and_tablet_widths(path: Path) -> None:
    problems = code_problems(qs.load_page(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=_ids)
def test_display_formulas_fit_a_phone_with_their_number(path: Path) -> None:
    problems = formula_problems(qs.load_page(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=_ids)
def test_figures_keep_sixty_percent_of_their_width_on_desktop(path: Path) -> None:
    problems = figure_problems(path)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- broken copies

_GRID_CELL = "::: {.g-col-12 .g-col-xl-6}"
_BREAKAGES = {
    # Quarto's columns again in one section.
    "columns": (
        f"::: {{.grid}}\n{_GRID_CELL}",
        '::: {.columns}\n::: {.column width="50%"}',
        grid_problems,
        "'.columns' stay side by side on a phone",
    ),
    # A cell that splits at 768 px, where the body is 511 px.
    "md-breakpoint": (_GRID_CELL, "::: {.g-col-12 .g-col-md-6}", grid_problems, "grid cell 1"),
    # The softmax snippet on one line again (55 characters in a half cell).
    "long-code": (
        "    top = np.max(x, axis, keepdims=True)\n    e = np.exp(x - top)\n",
        "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n",
        code_problems,
        "code line of 55 characters, over the 40",
    ),
    # GELU-tanh's formula on one line again.
    "long-formula": (
        "&\\operatorname{GELU}_{\\tanh}(x)\\\\\n&\\quad = ",
        "&\\operatorname{GELU}_{\\tanh}(x) = ",
        formula_problems,
        "over the 339 px of a phone",
    ),
    # The overview back in the body column (59 % of its 1344 px).
    "narrow-figure": (
        "::: {.column-page-left}\n{{< embed ActivationFunctions.ipynb#fig-overview >}}\n:::",
        "{{< embed ActivationFunctions.ipynb#fig-overview >}}",
        None,
        "fig-overview is 1344 px wide and drawn at 59.5%",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_layout_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    old, new, check, expected = _BREAKAGES[breakage]
    path = root / qs.REFERENCE
    qs.replace_once(path, old, new)
    problems = check(qs.load_page(path)) if check else figure_problems(path, root)
    assert any(expected in p for p in problems), problems
    assert not (
        check(qs.load_page(qs.ROOT / qs.REFERENCE))
        if check
        else figure_problems(qs.ROOT / qs.REFERENCE)
    )
