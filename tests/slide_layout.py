"""Estimate, without a browser, whether each slide of a revealjs page fits its screen.

What a slide's layout depends on that the sources and the stored notebook outputs determine:
the pixel size of each embedded figure against the room it gets, the length of captions,
the rows of tables and the width of display formulas. Budgets derive from the slideshow's front
matter (``width``, ``height``; ``margin`` only scales the whole slide to the screen, so layout
is in slide pixels) and from Quarto's revealjs theme, whose rules are quoted below. Every check
returns a list of problems, so a test can point it at a deliberately broken copy of the project.

Quarto's revealjs theme (quarto-cli, ``src/resources/formats/revealjs/quarto.scss`` over
reveal.js's ``css/theme/template/settings.scss``): body text 40 px (``--r-main-font-size``) at
line height 1.3; ``h2`` 1.6em at line height 1.2 with a 12 px bottom margin
(``--r-heading-margin``); images ``max-width: 95%`` with a 12 px block margin
(``--r-block-margin``); ``figure > figcaption`` 0.7em; a ``.smaller`` slide 0.7em; table cells
padded 0.2em 0.5em with a 1 px rule; a ``.column`` child 0.5rem (8 px) from its neighbour.
Quarto's embed shortcode wraps each embedded output in ``div.quarto-embed-nb-cell``, and
revealjs' auto-stretch only shrinks a lone image whose top-level block is a paragraph, a
``.quarto-figure``, a ``.cell`` or an ``.r-stretch`` div (``applyStretch`` in
``src/format/reveal/format-reveal.ts``), so an embedded figure is drawn at its own size, only
capped at 95% of its container's width, and never stretched or shrunk to the slide's height.

The constants marked "calibrated" were checked against ``slide-preview``, an approximate render
of this slideshow with Quarto's compiled revealjs CSS and reveal.js 5.1.0 in headless Chromium
(not part of this repository); each comment says what it measured.
"""

from __future__ import annotations

import base64
import math
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import quarto_site as qs

__all__ = [
    "SPARE_PX",
    "Budget",
    "Container",
    "budget_of",
    "caption_width_px",
    "containers",
    "formula_width_px",
    "image_size_px",
    "layout_problems",
    "table_height_px",
]

#: Room to leave free at the bottom of every slide: the estimates are approximations.
SPARE_PX = 24.0
BODY_FONT_PX = 40.0
LINE_HEIGHT = 1.3
TITLE_FONT_EM, TITLE_LINE_HEIGHT, BLOCK_MARGIN_PX = 1.6, 1.2, 12.0
CAPTION_EM, SMALLER_EM = 0.7, 0.7
IMAGE_MAX_WIDTH = 0.95
COLUMN_GAP_PX = 8.0
CELL_PADDING_EM = (0.2, 0.5)
#: Calibrated: an embedded figure's caption starts 26 px below the image (the image's 12 px
#: margin and the caption's own), measured on all 16 figure slides.
CAPTION_GAP_PX = 26.0
#: Calibrated: a table's caption (0.7em of the table's font) is followed by 4 px before the table.
TABLE_CAPTION_GAP_PX = 4.0
#: Calibrated: Source Sans Pro, the theme's font, averaged 0.38 to 0.42 em per character (spaces
#: included) over the 18 one-line captions measured; 0.45 em per character is an upper bound.
TEXT_EM_PER_GLYPH = 0.45
#: CSS: 1pt = 1/72 in and 1 in = 96 px, whatever the screen.
PX_PER_PT = 96 / 72

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
#: Advance widths in em of Computer Modern (cmr10 upright, cmmi10 italic), whose shapes Latin
#: Modern Math, the font of the MathML render, follows.
# fmt: off
_UPRIGHT = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    0.5, 0.556, 0.444, 0.556, 0.444, 0.306, 0.5, 0.556, 0.278, 0.306, 0.528, 0.278, 0.833,
    0.556, 0.5, 0.556, 0.528, 0.392, 0.394, 0.389, 0.556, 0.528, 0.722, 0.528, 0.528, 0.444,
    0.75, 0.708, 0.722, 0.764, 0.681, 0.653, 0.785, 0.75, 0.361, 0.514, 0.778, 0.625, 0.917,
    0.75, 0.778, 0.681, 0.778, 0.736, 0.556, 0.722, 0.75, 0.75, 1.028, 0.75, 0.75, 0.611,
), strict=True))
_ITALIC = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    0.529, 0.429, 0.433, 0.52, 0.466, 0.49, 0.477, 0.576, 0.345, 0.412, 0.521, 0.298, 0.878,
    0.6, 0.485, 0.503, 0.446, 0.451, 0.469, 0.361, 0.572, 0.485, 0.716, 0.572, 0.49, 0.465,
), strict=True)) | {c: w + 0.03 for c, w in _UPRIGHT.items() if c.isupper()}
# fmt: on
_SYMBOLS = {
    **dict.fromkeys("αφϕ", 0.64),
    **dict.fromkeys("βγλπσ∂", 0.57),
    **dict.fromkeys("δε", 0.466),
    **dict.fromkeys("ΦΨΩ", 0.722),
    **dict.fromkeys("()", 0.389),
    **dict.fromkeys("[]|,.·", 0.278),
    **dict.fromkeys("{}/", 0.5),
    **dict.fromkeys("=+−-<>≤≥≈×", 0.778),  # noqa: RUF001
    **dict.fromkeys("′'", 0.275),  # noqa: RUF001
    "∞": 1.0,
    "→": 1.0,
    "∑": 1.444,
    "∫": 0.556,
    "√": 0.833,
    "\N{FUNCTION APPLICATION}": 0.0,
}
_RELATIONS, _BINARY = set("=<>≤≥≈→≠∈"), set("+−×·±∓")  # noqa: RUF001
#: Upright multi-letter names (ReLU, tanh, softplus) set tighter than their letters' widths.
_NAME_TIGHTENING = 0.9
_SCRIPT_SCALE = 0.71
#: Calibrated: over the 34 display formulas of this slideshow before and after its fixes (260 to
#: 808 px wide in the render), the measured width was 0.97 to 1.15 times the glyph-and-spacing
#: estimate of :func:`_em`. Times this factor the estimate is at least the measured width for 28
#: of them and within 9% of it for the other six (an integral, two \bigl( \bigr) pairs, two
#: cases, and the softmax formula with a sum in a fraction, the one at 9%); it puts the three
#: formulas that overflowed (711 to 800 px in a 632 px column) at 744 to 830 px.
FORMULA_SAFETY = 1.05


@dataclass(frozen=True)
class Budget:
    """Slide size and the geometry derived from it, in slide pixels."""

    width: float
    height: float
    smaller: bool

    @property
    def font_px(self) -> float:
        return BODY_FONT_PX * (SMALLER_EM if self.smaller else 1.0)

    @property
    def content_top(self) -> float:
        """Where a titled slide's content starts: below the title's one line and its margin.

        A ``.smaller`` slide keeps its title's size (Quarto sets it to 1.6em / 0.7).
        """
        return BODY_FONT_PX * TITLE_FONT_EM * TITLE_LINE_HEIGHT + BLOCK_MARGIN_PX

    @property
    def bottom(self) -> float:
        """The lowest any content may reach."""
        return self.height - SPARE_PX


@dataclass(frozen=True)
class Container:
    """A slide's column, or the whole slide: its width and its blocks (notes dropped)."""

    name: str
    width: float
    blocks: list


def budget_of(meta: dict, classes: list[str]) -> Budget:
    """A slide's budget from the front matter (revealjs' defaults: 1050 x 700) and its classes."""
    options = qs.format_options(meta, "revealjs")
    return Budget(
        float(options.get("width", 1050)),
        float(options.get("height", 700)),
        "smaller" in classes or bool(options.get("smaller")),
    )


def _text(value: str | list[str]) -> str:
    """A notebook field, stored as one string or a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def containers(slide: qs.Slide, budget: Budget) -> list[Container]:
    """Each column of the slide with its width (``width="50%"``), then what lies outside them."""
    found, outside = [], []
    for block in slide.blocks:
        classes = block["c"][0][1] if block["t"] == "Div" else []
        if "notes" in classes:
            continue
        if "columns" in classes:
            for number, column in enumerate(qs.child_columns(block), start=1):
                share = dict(column["c"][0][2]).get("width", "100%")
                width = budget.width * float(share.rstrip("%")) / 100 - COLUMN_GAP_PX
                found.append(Container(f"column {number}", width, column["c"][1]))
        else:
            outside.append(block)
    if outside:
        found.append(Container("slide", budget.width, outside))
    return found


# --------------------------------------------------------------------------- figures


def image_size_px(output: dict) -> tuple[float, float] | None:
    """Width and height in CSS px at which a browser draws a stored notebook output's image.

    SVG: its ``width``/``height`` attributes (pt, px or unitless px). PNG: the output's
    ``metadata`` width/height if set (as Quarto writes them), else the pixel size.
    """
    data = output.get("data", {})
    if "image/svg+xml" in data:
        svg = _text(data["image/svg+xml"])
        head = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
        size = []
        for name in ("width", "height"):
            match = re.search(rf'\s{name}="([0-9.]+)(pt|px)?"', head)
            if not match:
                return None
            size.append(float(match.group(1)) * (PX_PER_PT if match.group(2) == "pt" else 1.0))
        return size[0], size[1]
    if "image/png" in data:
        meta = output.get("metadata", {}).get("image/png", {})
        png = base64.b64decode(_text(data["image/png"]))
        width, height = struct.unpack(">II", png[16:24])
        if "width" in meta:
            return float(meta["width"]), float(meta.get("height", height * meta["width"] / width))
        return float(width), float(height)
    return None


def caption_width_px(text: str, font_px: float) -> float:
    """An upper bound on the width of one line of ``text`` in the theme's font."""
    return len(text) * TEXT_EM_PER_GLYPH * font_px


def _text_height(blocks: list, width: float, font_px: float) -> float:
    """An upper bound on the height of text blocks (paragraphs, list items) above an embed."""
    height = 0.0
    for block in blocks:
        items = block["c"] if block["t"] == "BulletList" else [[block]]
        if block["t"] == "OrderedList":
            items = block["c"][1]
        for item in items:
            text = qs.stringify(item)
            lines = max(1, math.ceil(caption_width_px(text, font_px) / width))
            height += lines * font_px * LINE_HEIGHT + BLOCK_MARGIN_PX
    return height


# --------------------------------------------------------------------------- tables


def _cell_lines(text: str, inner: float, font_px: float) -> int:
    """Lines a cell's text takes in a column ``inner`` px wide, wrapping between words."""
    lines, used = 1, 0.0
    for word in text.split():
        width = caption_width_px(word, font_px)
        space = caption_width_px(" ", font_px) if used else 0.0
        if used and used + space + width > inner:
            lines, used = lines + 1, width
        else:
            used += space + width
    return lines


def _visible(cell: str) -> str:
    """What a markdown table cell shows: LaTeX's \\infty and \\pi one glyph each, $ ^ \\ none."""
    text = cell.strip().replace("\\infty", "∞").replace("\\pi", "π")
    return text.translate(str.maketrans("", "", "$^\\{}"))


def table_height_px(markdown: str, width: float, font_px: float) -> tuple[float, int]:
    """Estimated height of a pipe table (with its rules) and its number of body rows.

    Pandoc reads the separator's dashes as relative widths when a row is longer than 72
    characters (pandoc's ``columns``); otherwise columns size to their content, and every
    column gets the share of its widest cell.
    """
    lines = [line for line in markdown.strip().splitlines() if line.strip()]
    rows = [[c for c in line.strip().strip("|").split("|")] for line in lines]
    header, separator, body = rows[0], rows[1], rows[2:]
    if max(map(len, lines)) > 72:
        shares = [len(c.strip()) for c in separator]
    else:
        shares = [
            max(len(_visible(r[j])) for r in rows if r is not separator) for j in range(len(header))
        ]
    pad_v, pad_h = (p * font_px for p in CELL_PADDING_EM)
    total = 0.0
    for row in (header, *body):
        cell_lines = [
            _cell_lines(_visible(cell), width * share / sum(shares) - 2 * pad_h, font_px)
            for cell, share in zip(row, shares, strict=True)
        ]
        total += max(cell_lines) * font_px * LINE_HEIGHT + 2 * pad_v + 1
    return total, len(body)


# --------------------------------------------------------------------------- formulas


def _mathml(latex: str) -> ET.Element:
    """The MathML pandoc writes for a display formula (``html-math-method: mathml``)."""
    html = pypandoc.convert_text(f"$${latex}$$", "html", format="markdown", extra_args=["--mathml"])
    return ET.fromstring(html[html.index("<math") : html.index("</math>") + len("</math>")])


def _em(node: ET.Element, scale: float = 1.0) -> float:
    """Width of a MathML node in em: glyph advances, TeX's operator spacing, scripts at 71%."""
    tag = node.tag.removeprefix(_MATHML)
    kids = [k for k in node if k.tag.removeprefix(_MATHML) != "annotation"]
    text = (node.text or "").strip()
    if tag in ("mi", "mn", "mo", "mtext"):
        italic = tag == "mi" and len(text) == 1 and node.get("mathvariant") in (None, "italic")
        widths = [
            _SYMBOLS.get(c, 0.5 if c.isdigit() else (_ITALIC if italic else _UPRIGHT).get(c, 0.6))
            for c in text
        ]
        width = sum(widths) * (_NAME_TIGHTENING if tag == "mi" and len(text) > 1 else 1.0)
        if tag == "mo" and node.get("form") != "prefix":
            width += 10 / 18 if text in _RELATIONS else 8 / 18 if text in _BINARY else 0.0
            width += 3 / 18 if text == "," else 0.0
        if tag == "mo" and node.get("minsize"):  # \bigl( \bigr): a taller, spaced delimiter
            width += 0.3
        elif tag == "mo" and node.get("stretchy") == "true":  # the brace of cases
            width += 0.25
        return width * scale
    if tag == "mspace":
        value = node.get("width", "0em")
        return float(value.removesuffix("em")) * scale if value.endswith("em") else 0.0
    if tag == "mfrac":
        return max(_em(k, scale) for k in kids) + 0.24 * scale
    if tag in ("msup", "msub", "msubsup"):
        return (
            _em(kids[0], scale)
            + max(_em(k, scale * _SCRIPT_SCALE) for k in kids[1:])
            + (0.05 * scale)
        )
    if tag in ("munderover", "munder", "mover"):
        return max([_em(kids[0], scale)] + [_em(k, scale * _SCRIPT_SCALE) for k in kids[1:]])
    if tag == "msqrt":
        return sum(_em(k, scale) for k in kids) + 1.0 * scale
    if tag == "mtable":  # cells padded 0.4em on each side (the MathML user-agent style)
        return max(sum(_em(c, scale) for c in row) + 0.8 * scale * len(row) for row in kids)
    return sum(_em(k, scale) for k in kids)


def formula_width_px(latex: str, font_px: float = BODY_FONT_PX) -> float:
    """Estimated width of a display formula at the slide's font size."""
    return FORMULA_SAFETY * _em(_mathml(latex.strip())) * font_px


# --------------------------------------------------------------------------- the checks


def _embed_outputs(page_path: Path, root: Path, text: str) -> list[tuple[str, qs.NotebookCell]]:
    found = []
    for embed in qs.embeds_in(text):
        target = qs.embed_target(page_path, embed, root)
        cells = qs.cells_of(target) if target.is_file() else []
        for ident in embed.ids:
            match = qs.resolve_cell(cells, ident)
            if match:
                found.append((ident, match[0]))
    return found


def _figure_numbers(page: qs.Page, page_path: Path, root: Path) -> dict[str, int]:
    """Quarto's "Figure N" of each embedded figure: in order of appearance."""
    labels = [i for i, _ in _embed_outputs(page_path, root, page.text) if i.startswith("fig-")]
    return {label: number for number, label in enumerate(dict.fromkeys(labels), start=1)}


def layout_problems(root: Path = qs.ROOT, page_name: str = qs.SLIDESHOW) -> dict[str, list[str]]:
    """Slide id -> what would not fit on that slide, for every slide of the page."""
    page_path = root / page_name
    page = qs.load_page(page_path)
    numbers = _figure_numbers(page, page_path, root)
    report: dict[str, list[str]] = {}
    for slide in qs.slides(page):
        classes = _slide_classes(page, slide)
        budget = budget_of(page.meta, classes)
        problems = report.setdefault(slide.ident or slide.title or "title", [])
        scrolls = "scrollable" in classes or qs.format_options(page.meta, "revealjs").get(
            "scrollable"
        )
        if scrolls and not _is_reference_list(slide):
            problems.append("is scrollable: part of it is hidden until scrolled")
        for container in containers(slide, budget):
            problems += _container_problems(container, budget, numbers, page_path, root)
    return report


def _is_reference_list(slide: qs.Slide) -> bool:
    """Whether the slide holds only the ``#refs`` div (and notes): the list of works cited,
    which citeproc fills with every work the slides cite, as long as the bibliography makes it
    and not to be split by hand, so that slide may scroll. Any other content on it makes the
    rule apply again."""
    shown = [b for b in slide.blocks if not (b["t"] == "Div" and "notes" in b["c"][0][1])]
    return len(shown) == 1 and shown[0]["t"] == "Div" and shown[0]["c"][0][0] == "refs"


def _slide_classes(page: qs.Page, slide: qs.Slide) -> list[str]:
    for element in qs.walk(page.blocks):
        if element["t"] == "Header" and element["c"][1][0] == slide.ident and slide.ident:
            return element["c"][1][1]
    return []


def _container_problems(
    container: Container, budget: Budget, numbers: dict[str, int], page_path: Path, root: Path
) -> list[str]:
    problems = []
    where = container.name
    above: list = []
    for block in container.blocks:
        for element in qs.walk(block):
            if element["t"] == "Math" and element["c"][0]["t"] == "DisplayMath":
                width = formula_width_px(element["c"][1], budget.font_px)
                if width > container.width:
                    problems.append(
                        f"{where}: formula about {width:.0f} px wide in {container.width:.0f} px: "
                        f"{element['c'][1].strip()[:60]}"
                    )
        outputs = _embed_outputs(page_path, root, qs.stringify(block))
        if not outputs:
            if block["t"] in ("Para", "Plain", "BulletList", "OrderedList"):
                above.append(block)
            continue
        top = budget.content_top + _text_height(above, container.width, budget.font_px)
        for ident, cell in outputs:
            problems += _output_problems(ident, cell, container, budget, top, numbers)
    return problems


def _output_problems(
    ident: str,
    cell: qs.NotebookCell,
    container: Container,
    budget: Budget,
    top: float,
    numbers: dict[str, int],
) -> list[str]:
    where = f"{container.name}: {ident}"
    problems = []
    caption_font = budget.font_px * CAPTION_EM
    if ident.startswith("fig-"):
        caption = f"Figure {numbers.get(ident, 99)}: {cell.options.get('fig-cap', '')}"
        caption_px = caption_width_px(caption, caption_font)
        if caption_px > container.width:
            problems.append(
                f"{where}: caption about {caption_px:.0f} px long, more than one line "
                f"({container.width:.0f} px): {caption!r}"
            )
        lines = max(1, math.ceil(caption_px / container.width))
        room_w = IMAGE_MAX_WIDTH * container.width
        room_h = (
            budget.bottom
            - top
            - BLOCK_MARGIN_PX
            - CAPTION_GAP_PX
            - lines * caption_font * LINE_HEIGHT
        )
        for output in cell.outputs:
            size = image_size_px(output)
            if size is None:
                continue
            width, height = size
            if width > room_w:
                problems.append(
                    f"{where}: figure {width:.0f} px wide, its column allows {room_w:.0f} px "
                    "before the browser shrinks it"
                )
            if height > room_h:
                problems.append(
                    f"{where}: figure {height:.0f} px tall, {room_h:.0f} px left for it "
                    f"(slide {budget.height:.0f} px, {SPARE_PX:.0f} px spare, title, caption)"
                )
    if ident.startswith("tbl-"):
        caption = f"Table 1: {cell.options.get('tbl-cap', '')}"
        caption_font *= CAPTION_EM  # a table caption is 0.7em of the table's own 0.7em
        caption_px = caption_width_px(caption, caption_font)
        if caption_px > container.width:
            problems.append(
                f"{where}: table caption about {caption_px:.0f} px long, more than one line "
                f"({container.width:.0f} px): {caption!r}"
            )
        caption_lines = max(1, math.ceil(caption_px / container.width))
        room = (
            budget.bottom - top - caption_lines * caption_font * LINE_HEIGHT - TABLE_CAPTION_GAP_PX
        )
        for output in cell.outputs:
            markdown = _text(output.get("data", {}).get("text/markdown", ""))
            if "|" not in markdown:
                continue
            height, rows = table_height_px(markdown, container.width, budget.font_px)
            if height > room:
                problems.append(
                    f"{where}: table of {rows} rows about {height:.0f} px tall, {room:.0f} px "
                    "left for it"
                )
    return problems
