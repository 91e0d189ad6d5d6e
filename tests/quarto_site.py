"""Read the Quarto site's sources the way Quarto reads them, for the tests that need no render.

What Quarto writes is checked on the build itself (test_site_render, test_built_pages,
test_built_slides). This module reads the sources for the checks of their content (claims,
code, structure) and for the few checks a render cannot make as well (``embed_problems``,
``label_problems``, ``fence_problems`` say why). Pages are parsed by the real pandoc of
``pypandoc-binary`` (the reader Quarto runs), front matter by PyYAML, notebooks as nbformat
JSON. Every check is a plain function of a project folder that returns a list of problems, so
a test can point it at a deliberately broken copy in a temporary folder and see it fire.

How ``{{< embed nb.ipynb#ident >}}`` finds its cell mirrors quarto-cli (read, not copied):

* ``src/core/jupyter/jupyter-embed.ts``: ``parseNotebookAddress`` splits ``path#id1,id2`` or
  ``path[1,2-3]``; ``resolveNbPath`` reads a leading ``/`` as the project root, anything else
  relative to the page; ``cellForId`` walks the cells in notebook order and returns the first
  cell whose id equals ``ident``, else whose ``label`` option does, else that carries the tag,
  else whose markdown has a line ending in ``{#ident ...}``; ``notebookMarkdown`` fails with
  "does not exist in notebook" or "doesn't contain output to embed" when the cell renders empty.
* ``src/core/jupyter/jupyter.ts``: ``jupyterCellWithOptions`` reads options from the leading
  ``#|`` YAML lines over those of the cell metadata, over those implied by tags (``tags.ts``:
  ``remove-cell`` -> ``include: false``, ``hide-output`` -> ``output: false``); the cell's id
  becomes ``cell-<label>`` when it has a label, otherwise its nbformat id, otherwise
  ``cell-<index>``. ``labels.ts``: duplicate labels are an error. The notebook's
  ``metadata.kernelspec.language`` is read unconditionally.
* ``src/core/lib/partition-cell-options.ts``: an option line matches ``^#\\s*\\| ?``.

``{{< include file.qmd >}}`` is expanded before anything else reads a page, as quarto-cli does
(read, not copied): ``src/core/handlers/base.ts`` ``expandIncludes`` / ``processMarkdownIncludes``
replace every line that is a block shortcode (``src/core/lib/parse-shortcode.ts``
``isBlockShortcode``: the line holds ``{{< name args >}}`` and nothing else) named ``include``
by the file's text, before pandoc parses the page; ``include-standalone.ts`` expands includes
inside the included text the same way, fails on a file that cannot be read ("Include directive
failed ... could not find file") and on a circular include, and appends one newline to a file
that ends with one, two to one that does not. The path is resolved by the handler context's
``resolvePath``: a leading ``/`` from the project folder, anything else from the folder of the
page being rendered (for an include inside an included file too). So the links, embeds and
cross-references of an included file are read as the page's own, which is what the user guide
says (https://quarto.org/docs/authoring/includes.html). Files and folders whose name starts with
``_`` are not rendered as pages (``src/project/project-context.ts``: ``**/_*``, ``**/_*/**``).

User documentation: https://quarto.org/docs/authoring/notebook-embed.html (Specifying Cells)
and https://quarto.org/docs/authoring/cross-references.html (reserved prefixes, no ``_``).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import yaml

__all__ = [
    "CROSSREF_PREFIXES",
    "GRID",
    "INDEX",
    "NOTEBOOK",
    "PAGES",
    "QUARTO_CONFIG",
    "REFERENCE",
    "ROOT",
    "SLIDESHOW",
    "BibEntry",
    "Embed",
    "IncludeError",
    "NotebookCell",
    "Page",
    "PandocError",
    "Slide",
    "attr_of",
    "bibliography_entries",
    "bibliography_paths",
    "cell_output_problems",
    "cells_of",
    "citations",
    "closing_slide",
    "code_blocks",
    "copy_project",
    "declared_formats",
    "divs_with_class",
    "element_ids",
    "embed_pattern",
    "embed_problems",
    "embed_target",
    "embeds_in",
    "equation_labels",
    "expand_includes",
    "fence_problems",
    "footer_links",
    "format_options",
    "front_matter",
    "grid_cells",
    "include_problems",
    "label_problems",
    "load_notebook",
    "load_page",
    "navbar_targets",
    "notebook_cells",
    "notebook_problems",
    "page_paths",
    "pandoc_json",
    "project_root",
    "quarto_config",
    "reference_section_problems",
    "rendered_pages",
    "replace_once",
    "resolve_cell",
    "section_blocks",
    "slides",
    "stringify",
    "walk",
]

ROOT = Path(__file__).resolve().parents[1]
INDEX = "index.qmd"
REFERENCE = "activations.qmd"
SLIDESHOW = "activations_slideshow.qmd"
NOTEBOOK = "ActivationFunctions.ipynb"
QUARTO_CONFIG = "_quarto.yml"
PAGES = (INDEX, REFERENCE, SLIDESHOW)

#: The two-column layout of the reference's sections: Bootstrap's CSS grid
#: (https://quarto.org/docs/output-formats/page-layout.html "CSS Grid"); test_built_pages checks
#: that its cells stack below 1200 px.
GRID = "grid"

#: Quarto's reserved cross-reference prefixes (cross-references.html, "reserved prefixes").
CROSSREF_PREFIXES = frozenset(
    {"fig", "tbl", "lst", "tip", "nte", "wrn", "imp", "cau", "thm", "lem"}
    | {"cor", "prp", "cnj", "def", "exm", "exr", "sol", "rem", "eq", "sec"}
)

_SKIPPED_DIRS = {"site_libs", "node_modules"}
#: quarto-cli parse-shortcode.ts ``isBlockShortcode``: a line that is one shortcode and nothing
#: else (one space inside each delimiter; ``{{</* ... */>}}`` is an escaped shortcode).
_BLOCK_SHORTCODE = re.compile(r"^\s*\{\{< (?!/\*)(.+?)(?<!\*/) >\}\}\s*$")
_OPTION_LINE = re.compile(r"^#\s*\| ?")
_EMBED = re.compile(r"(?<!\{)\{\{<\s*embed\s+(?P<args>.*?)\s*>\}\}(?!\})", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_IMAGE_MIMES = ("image/png", "image/svg+xml", "image/jpeg", "image/gif", "application/pdf")
_TABLE_MIMES = ("text/html", "text/markdown", "text/latex")
# The cell options these checks read that Quarto also takes from the cell metadata (a subset
# of jupyter.ts kJupyterCellOptionKeys).
_METADATA_OPTION_KEYS = frozenset({"label", "fig-cap", "fig-alt", "tbl-cap", "include", "output"})
# Tags Quarto maps to options (tags.ts / jupyter.ts tagMapping).
_TAG_OPTIONS = {
    "hide-cell": {"include": False},
    "remove-cell": {"include": False},
    "hide-code": {"echo": False},
    "hide-output": {"output": False},
    "hide-warnings": {"warning": False},
    "show-code": {"echo": True},
    "show-output": {"output": True},
    "show-warnings": {"warning": True},
}
# Where the Attr sits in the "c" of each pandoc element that has one.
_ATTR_INDEX = {
    "Header": 1,
    "Div": 0,
    "Span": 0,
    "CodeBlock": 0,
    "Code": 0,
    "Image": 0,
    "Link": 0,
    "Figure": 0,
    "Table": 0,
}


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PandocError(RuntimeError):
    """Pandoc rejected a page."""


class IncludeError(RuntimeError):
    """An include shortcode Quarto could not expand (missing file, circular include)."""


# --------------------------------------------------------------------------- pages


@functools.lru_cache(maxsize=128)
def pandoc_json(text: str) -> tuple[dict, tuple[str, ...]]:
    """Parse markdown with pandoc; return the JSON AST and pandoc's warnings (do not mutate)."""
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise PandocError(done.stderr.strip() or f"pandoc exited with {done.returncode}")
    warnings = tuple(line for line in done.stderr.splitlines() if line.strip())
    return json.loads(done.stdout), warnings


def front_matter(text: str) -> dict:
    """The page's YAML front matter parsed by PyYAML ({} when there is none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    data = yaml.safe_load(match.group(1))
    if not isinstance(data, dict):
        raise TypeError(f"front matter is a {type(data).__name__}, not a mapping")
    return data


@dataclass(frozen=True)
class Page:
    """One .qmd: its text with includes expanded, front matter (PyYAML), pandoc AST, pandoc's
    warnings, and for each line of ``text`` the file and line it came from."""

    path: Path
    text: str
    meta: dict
    ast: dict
    warnings: tuple[str, ...]
    origins: tuple[tuple[Path, int], ...] = ()

    @property
    def sources(self) -> tuple[Path, ...]:
        """The page's file and every file it includes, in order of first use."""
        return tuple(dict.fromkeys([self.path, *(path for path, _ in self.origins)]))

    def where(self, line: int) -> str:
        """``file:line`` of line ``line`` (1-based) of ``text``."""
        if 1 <= line <= len(self.origins):
            path, number = self.origins[line - 1]
            name = path.name if path == self.path else f"{path.parent.name}/{path.name}"
            return f"{name}:{number}"
        return f"{self.path.name}:{line}"

    @property
    def blocks(self) -> list:
        return self.ast["blocks"]

    @property
    def name(self) -> str:
        return self.path.name


@functools.lru_cache(maxsize=64)
def _page(path: str, text: str, origins: tuple[tuple[Path, int], ...]) -> Page:
    ast, warnings = pandoc_json(text)
    return Page(Path(path), text, front_matter(text), ast, warnings, origins)


def project_root(page_path: Path) -> Path:
    """The folder of the nearest ``_quarto.yml`` above the page, else the page's own folder."""
    for folder in page_path.resolve().parents:
        if (folder / QUARTO_CONFIG).is_file():
            return folder
    return page_path.resolve().parent


def _include_target(argument: str, page_path: Path, root: Path) -> Path:
    """Where Quarto's ``resolvePath`` finds an include: ``/`` is the project folder, anything
    else is relative to the folder of the page being rendered."""
    argument = argument.strip()
    if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "\"'":
        argument = argument[1:-1]
    if argument.startswith("/"):
        return root / argument.lstrip("/")
    return page_path.parent / argument


def expand_includes(
    page_path: Path, text: str | None = None, root: Path | None = None
) -> tuple[str, tuple[tuple[Path, int], ...]]:
    """The page's text with every include shortcode replaced as Quarto replaces it, and for
    each line of the result the (file, line) it came from. Raises IncludeError."""
    root = project_root(page_path) if root is None else root
    lines_out: list[str] = []
    origins: list[tuple[Path, int]] = []

    def expand(source: Path, content: str, chain: tuple[Path, ...]) -> None:
        for number, line in enumerate(content.splitlines(keepends=True), 1):
            match = _BLOCK_SHORTCODE.match(line.rstrip("\r\n"))
            name, _, argument = match.group(1).partition(" ") if match else ("", "", "")
            if name.lower() != "include":
                lines_out.append(line)
                origins.append((source, number))
                continue
            if not argument.strip():
                raise IncludeError(f"{source.name}:{number}: include needs a file name")
            target = _include_target(argument, page_path, root)
            if target.resolve() in chain:
                raise IncludeError(f"{source.name}:{number}: circular include of {argument}")
            try:
                included = target.read_text(encoding="utf-8")
            except OSError as exc:
                raise IncludeError(
                    f"{source.name}:{number}: {line.strip()}: could not find file {target} "
                    f"(Quarto: 'Include directive failed'): {exc.strerror}"
                ) from exc
            # The file's text, then one newline if it ends with one, two if not.
            before = len(lines_out)
            expand(target, included, (*chain, target.resolve()))
            if len(lines_out) == before:
                lines_out.append("\n")
                origins.append((target, 1))
            elif not lines_out[-1].endswith("\n"):
                lines_out[-1] += "\n"
            lines_out.append("\n")
            origins.append((target, included.count("\n") + 1))

    raw = page_path.read_text(encoding="utf-8") if text is None else text
    expand(page_path, raw, (page_path.resolve(),))
    return "".join(lines_out), tuple(origins)


def load_page(path: Path) -> Page:
    """Parse a page, its includes expanded (cached on its path and expanded text, so an edited
    copy is parsed afresh). Raises IncludeError where Quarto could not expand an include."""
    text, origins = expand_includes(path)
    return _page(str(path), text, origins)


def include_problems(page_path: Path, root: Path | None = None) -> list[str]:
    """Why Quarto could not expand the page's include shortcodes (empty when it can)."""
    try:
        expand_includes(page_path, root=root)
    except IncludeError as exc:
        return [f"{page_path.name}: {exc}"]
    return []


def page_paths(root: Path = ROOT) -> list[Path]:
    """Every .qmd Quarto treats as a page: none whose name or folder starts with ``.`` or ``_``
    (an ``_`` file is only ever included), none in output folders."""
    found = []
    for path in sorted(root.rglob("*.qmd")):
        parts = path.relative_to(root).parts
        if any(p.startswith((".", "_")) or p in _SKIPPED_DIRS for p in parts):
            continue
        found.append(path)
    return found


# --------------------------------------------------------------------------- AST helpers


def walk(node: object) -> Iterator[dict]:
    """Every pandoc element (a dict with "t") inside ``node``, depth first, in order."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def attr_of(element: dict) -> tuple[str, list[str], dict[str, str]] | None:
    """(id, classes, attributes) of an element that has an Attr, else None."""
    index = _ATTR_INDEX.get(element.get("t", ""))
    if index is None:
        return None
    ident, classes, pairs = element["c"][index]
    return ident, classes, dict(pairs)


def stringify(node: object) -> str:
    """Plain text of inlines/blocks (code blocks excluded), spaces normalised."""
    parts: list[str] = []

    def visit(item: object) -> None:
        if isinstance(item, list):
            for sub in item:
                visit(sub)
            return
        if not isinstance(item, dict) or "t" not in item:
            return
        kind = item["t"]
        if kind == "Str":
            parts.append(item["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            parts.append(item["c"][1])
        elif kind == "CodeBlock":
            return
        elif "c" in item:
            if kind in ("Para", "Plain", "Header", "Div"):
                parts.append(" ")
            visit(item["c"])
            if kind in ("Para", "Plain", "Header", "Div"):
                parts.append(" ")

    visit(node)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _lists(node: object) -> Iterator[list]:
    if isinstance(node, list):
        yield node
        for item in node:
            yield from _lists(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _lists(value)


def _is_display_math(element: object) -> bool:
    return (
        isinstance(element, dict)
        and element.get("t") == "Math"
        and element["c"][0].get("t") == "DisplayMath"
    )


def equation_labels(node: object) -> dict[str, str]:
    """Label -> TeX of every labelled display equation inside ``node``.

    Quarto writes ``$$ ... $$ {#eq-x}``; pandoc reads that as a DisplayMath inline followed
    (after a Space) by the Str ``{#eq-x}``, which Quarto's crossref filter then binds. A Span
    ``[$$ ... $$]{#eq-x}`` is accepted too.
    """
    found: dict[str, str] = {}
    for inlines in _lists(node):
        for i, element in enumerate(inlines):
            if not _is_display_math(element):
                continue
            text = ""
            for following in inlines[i + 1 :]:
                kind = following.get("t") if isinstance(following, dict) else None
                if kind in ("Space", "SoftBreak") and not text:
                    continue
                if kind == "Str":
                    text += following["c"]
                    if "}" in following["c"]:
                        break
                elif kind == "Space" and text:
                    text += " "
                else:
                    break
            match = re.match(r"\{#(eq-[^\s}]+)", text)
            if match:
                found[match.group(1)] = element["c"][1]
    for element in walk(node):
        if element["t"] == "Span":
            ident = element["c"][0][0]
            maths = [m for m in element["c"][1] if _is_display_math(m)]
            if ident.startswith("eq-") and maths:
                found[ident] = maths[0]["c"][1]
    return found


def section_blocks(blocks: list, ident: str) -> list | None:
    """Blocks after the Header with id ``ident`` up to the next header of its level or above."""
    for i, block in enumerate(blocks):
        if block["t"] == "Header" and block["c"][1][0] == ident:
            level = block["c"][0]
            end = next(
                (
                    j
                    for j in range(i + 1, len(blocks))
                    if blocks[j]["t"] == "Header" and blocks[j]["c"][0] <= level
                ),
                len(blocks),
            )
            return blocks[i + 1 : end]
        if block["t"] == "Div":
            inner = section_blocks(block["c"][1], ident)
            if inner is not None:
                return inner
    return None


def code_blocks(node: object, language: str = "python") -> list[str]:
    """Source of every fenced code block of ``language`` inside ``node``, in order."""
    return [
        element["c"][1]
        for element in walk(node)
        if element["t"] == "CodeBlock" and language in element["c"][0][1]
    ]


def element_ids(node: object) -> dict[str, str]:
    """Id -> element type of every element with an explicit or automatic id."""
    ids: dict[str, str] = {}
    for element in walk(node):
        attr = attr_of(element)
        if attr and attr[0]:
            ids.setdefault(attr[0], element["t"])
    return ids


@dataclass(frozen=True)
class Slide:
    """One revealjs slide: its heading (if any) and its blocks."""

    title: str
    ident: str
    blocks: list


def slides(page: Page) -> list[Slide]:
    """Split a revealjs page into slides as Quarto does (headers up to slide-level, ``---``)."""
    options = format_options(page.meta, "revealjs")
    slide_level = int(options.get("slide-level", 2))
    found: list[Slide] = []
    current: Slide | None = None
    for block in page.blocks:
        starts = block["t"] == "HorizontalRule" or (
            block["t"] == "Header" and block["c"][0] <= slide_level
        )
        if starts:
            if block["t"] == "Header":
                current = Slide(stringify(block["c"][2]), block["c"][1][0], [])
            else:
                current = Slide("", "", [])
            found.append(current)
        elif current is None:
            current = Slide("", "", [block])
            found.append(current)
        else:
            current.blocks.append(block)
    return found


def closing_slide(page: Page) -> Slide:
    """The last slide of the talk: the last slide, or the one before it when the last holds the
    reference list (a ``#refs`` div, which citeproc fills with the works the slides cite)."""
    deck = slides(page)
    refs = [b for b in deck[-1].blocks if b["t"] == "Div" and b["c"][0][0] == "refs"]
    return deck[-2] if refs and len(deck) > 1 else deck[-1]


def format_options(meta: dict, fmt: str) -> dict:
    """Options for ``fmt``: top-level front matter overridden by ``format: {fmt: {...}}``."""
    merged = {k: v for k, v in meta.items() if k != "format"}
    declared = meta.get("format")
    if isinstance(declared, dict) and isinstance(declared.get(fmt), dict):
        merged.update(declared[fmt])
    return merged


def declared_formats(meta: dict) -> list[str]:
    """Format names the front matter selects."""
    declared = meta.get("format")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, dict):
        return list(declared)
    if isinstance(declared, list):
        return [str(f) for f in declared]
    return []


def embed_pattern(label: str, notebook: str = NOTEBOOK) -> re.Pattern[str]:
    """The embed shortcode of ``notebook#label`` (options after the address allowed)."""
    return re.compile(
        r"\{\{<\s*embed\s+" + re.escape(notebook) + "#" + re.escape(label) + r"(\s[^>]*)?>\}\}"
    )


def divs_with_class(node: object, cls: str) -> list[dict]:
    """Every Div inside ``node`` that has class ``cls``."""
    return [e for e in walk(node) if e["t"] == "Div" and cls in e["c"][0][1]]


def grid_cells(grid: dict) -> list[dict]:
    """The Divs directly inside a ``.grid`` Div: the cells of Bootstrap's CSS grid."""
    return [b for b in grid["c"][1] if b["t"] == "Div"]


def reference_section_problems(
    page: Page, section_id: str, equation_id: str, figure: str
) -> list[str]:
    """What a reference section lacks: a two-cell grid, formula and code first, figure second."""
    section = section_blocks(page.blocks, section_id)
    if section is None:
        return [f"{page.name}: no heading with {{#{section_id}}}"]
    embed = embed_pattern(figure)
    holders = [
        div
        for div in divs_with_class(section, GRID)
        if any(embed.search(stringify(cell)) for cell in grid_cells(div))
    ]
    if not holders:
        shortcode = f"{{{{< embed {NOTEBOOK}#{figure} >}}}}"
        return [f"#{section_id}: no '::: {{.grid}}' div with a cell that embeds {shortcode}"]
    cells = grid_cells(holders[0])
    if len(cells) != 2:
        return [f"#{section_id}: {len(cells)} cells in '::: {{.grid}}', not 2"]
    left, right = cells
    problems = []
    equations = equation_labels(left)
    if equation_id not in equations:
        problems.append(
            f"#{section_id}: the left column has no display math labelled {{#{equation_id}}} "
            f"(it has {sorted(equations)})"
        )
    if not code_blocks(left, "python"):
        problems.append(f"#{section_id}: the left column has no python code block")
    if not embed.search(stringify(right)):
        problems.append(f"#{section_id}: the figure {figure} is not in the right column")
    return problems


# --------------------------------------------------------------------------- fenced divs


def fence_problems(text: str) -> list[str]:
    """Unbalanced ``:::`` fences, scanning lines as pandoc does (code fences skipped).

    Kept before the render: pandoc reads a stray fence as text and renders it without a word;
    this names the line.
    """
    problems = []
    lines = text.splitlines()
    start = 0
    match = _FRONT_MATTER.match(text)
    if match:
        start = match.group(0).count("\n")
    opened: list[int] = []
    code_fence: str | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if code_fence is not None:
            if re.fullmatch(re.escape(code_fence[0]) + f"{{{len(code_fence)},}}", stripped):
                code_fence = None
            continue
        fence = re.match(r"^(`{3,}|~{3,})", stripped)
        if fence:
            code_fence = fence.group(1)
            continue
        if re.fullmatch(r":{3,}", stripped):
            if opened:
                opened.pop()
            else:
                problems.append(f"line {number}: closing ':::' with no open div")
        elif re.match(r"^:{3,}\s*\S", stripped):
            opened.append(number)
    problems += [f"line {n}: div opened here is never closed" for n in opened]
    if code_fence is not None:
        problems.append(f"code fence {code_fence!r} is never closed")
    return problems


# --------------------------------------------------------------------------- notebooks


@functools.lru_cache(maxsize=16)
def _notebook(path: str, mtime_ns: int, size: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_notebook(path: Path) -> dict:
    """A notebook as nbformat JSON (cached until the file changes; do not mutate)."""
    stat = path.stat()
    return _notebook(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _cells(path: str, mtime_ns: int, size: int) -> tuple[NotebookCell, ...]:
    return tuple(notebook_cells(_notebook(path, mtime_ns, size)))


def cells_of(path: Path) -> list[NotebookCell]:
    """The cells of a notebook file as Quarto sees them (cached until the file changes)."""
    stat = path.stat()
    return list(_cells(str(path), stat.st_mtime_ns, stat.st_size))


def _source(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


@dataclass(frozen=True)
class NotebookCell:
    """A notebook cell as Quarto sees it: its Quarto id, options, tags and outputs."""

    index: int
    cell_type: str
    id: str
    options: dict
    tags: tuple[str, ...]
    source: str
    outputs: tuple[dict, ...]

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return label if isinstance(label, str) else None

    def markdown_text(self) -> str:
        """What Quarto's ``{#ident}`` search can see: markdown source and markdown outputs."""
        if self.cell_type != "code":
            return self.source
        texts = [_source(out.get("data", {}).get("text/markdown", "")) for out in self.outputs]
        return "\n".join(texts)


def _cell_options(source: str, metadata: dict, tags: list[str]) -> dict:
    yaml_lines = []
    for line in source.splitlines():
        match = _OPTION_LINE.match(line)
        if not match:
            break
        yaml_lines.append(line[match.end() :])
    parsed = yaml.load("\n".join(yaml_lines), Loader=_YAML_LOADER) if yaml_lines else None
    options: dict = {}
    for tag in tags:
        options.update(_TAG_OPTIONS.get(tag, {}))
    options.update({k: v for k, v in metadata.items() if k in _METADATA_OPTION_KEYS})
    if isinstance(parsed, dict):
        options.update(parsed)
    return options


def notebook_cells(notebook: dict) -> list[NotebookCell]:
    """The cells with the ids, options and tags Quarto gives them."""
    cells = []
    for index, cell in enumerate(notebook.get("cells", [])):
        metadata = cell.get("metadata", {}) or {}
        tags = [str(t) for t in metadata.get("tags", []) or []]
        source = _source(cell.get("source", ""))
        options = _cell_options(source, metadata, tags)
        label = options.get("label")
        if isinstance(label, str) and label:
            quarto_id = f"cell-{label}"
        elif cell.get("id"):
            quarto_id = str(cell["id"])
        else:
            quarto_id = f"cell-{index}"
        cells.append(
            NotebookCell(
                index=index,
                cell_type=cell.get("cell_type", ""),
                id=quarto_id,
                options=options,
                tags=tuple(tags),
                source=source,
                outputs=tuple(cell.get("outputs", []) or []),
            )
        )
    return cells


def resolve_cell(cells: list[NotebookCell], ident: str) -> tuple[NotebookCell, str] | None:
    """The cell ``#ident`` embeds and how it matched, in Quarto's order, or None."""
    attribute = re.compile(r".*\{#" + re.escape(ident) + r"(\s+[^}]*)*\}$", re.MULTILINE)
    for cell in cells:
        if cell.id == ident:
            return cell, "cell id"
        if cell.label == ident:
            return cell, "label"
        if ident in cell.tags:
            return cell, "tag"
        if ident in cell.markdown_text() and attribute.search(cell.markdown_text()):
            return cell, "markdown attribute"
    return None


def _has_mime(cell: NotebookCell, mimes: tuple[str, ...]) -> bool:
    return any(
        out.get("output_type") in ("display_data", "execute_result")
        and any(m in out.get("data", {}) for m in mimes)
        for out in cell.outputs
    )


def cell_output_problems(cell: NotebookCell, ident: str) -> list[str]:
    """Why the embedded cell would show nothing, or not what its label promises."""
    where = f"cell {cell.index} (matched '{ident}')"
    if cell.cell_type != "code":
        return [] if cell.source.strip() else [f"{where} is an empty {cell.cell_type} cell"]
    problems = []
    if cell.options.get("include") is False:
        problems.append(f"{where} has include: false, so Quarto embeds nothing")
    if cell.options.get("output") is False:
        problems.append(f"{where} has output: false, so Quarto embeds nothing")
    if not cell.outputs:
        problems.append(f"{where} has no stored output: the notebook was not executed")
    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
    if errors:
        problems.append(f"{where} stores an error output: {errors[0].get('ename')}")
    if ident.startswith("fig-"):
        if cell.outputs and not _has_mime(cell, _IMAGE_MIMES):
            problems.append(f"{where} has no image output ({', '.join(_IMAGE_MIMES)})")
        for option in ("fig-cap", "fig-alt"):
            if not str(cell.options.get(option) or "").strip():
                problems.append(f"{where} has no '#| {option}:'")
    if ident.startswith("tbl-"):
        if cell.outputs and not _has_mime(cell, _TABLE_MIMES):
            problems.append(f"{where} has no table output ({', '.join(_TABLE_MIMES)})")
        if not str(cell.options.get("tbl-cap") or "").strip():
            problems.append(f"{where} has no '#| tbl-cap:'")
    return problems


# --------------------------------------------------------------------------- embeds


@dataclass(frozen=True)
class Embed:
    """One ``{{< embed address options >}}`` shortcode."""

    raw: str
    line: int
    path: str
    ids: tuple[str, ...]
    indexes: tuple[int, ...]


def _range(spec: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            first, last = (int(x) for x in part.split("-"))
            step = -1 if first > last else 1
            numbers.extend(range(first, last + step, step))
        elif part:
            numbers.append(int(part))
    return tuple(numbers)


def embeds_in(text: str) -> list[Embed]:
    """Every embed shortcode of a page (as Quarto sees it, code blocks included)."""
    found = []
    for match in _EMBED.finditer(text):
        args = match.group("args").split()
        address = args[0].strip("\"'") if args else ""
        line = text.count("\n", 0, match.start()) + 1
        hashed = re.fullmatch(r"(.*?)#(.*)", address)
        indexed = re.fullmatch(r"(.*)\[([0-9,-]*)\]", address)
        if hashed:
            ids = tuple(hashed.group(2).split(",")) if hashed.group(2) else ()
            found.append(Embed(match.group(0), line, hashed.group(1), ids, ()))
        elif indexed:
            indexes = _range(indexed.group(2))
            found.append(Embed(match.group(0), line, indexed.group(1), (), indexes))
        else:
            found.append(Embed(match.group(0), line, address, (), ()))
    return found


def embed_target(page_path: Path, embed: Embed, root: Path) -> Path:
    """The file an embed reads: a leading / is the project root, else relative to the page."""
    if embed.path.startswith(("/", "\\")):
        return root / embed.path.lstrip("/\\")
    return page_path.parent / embed.path


def notebook_problems(notebook: dict, cells: list[NotebookCell] | None = None) -> list[str]:
    """Notebook-level conditions Quarto needs before it can embed anything."""
    problems = []
    language = (notebook.get("metadata", {}).get("kernelspec") or {}).get("language")
    if not language:
        problems.append("metadata.kernelspec.language is missing (Quarto reads it)")
    labels: dict[str, int] = {}
    for cell in notebook_cells(notebook) if cells is None else cells:
        if cell.label is None:
            continue
        if cell.label in labels:
            problems.append(
                f"label '{cell.label}' is on cells {labels[cell.label]} and {cell.index}: "
                "Quarto stops with 'Cell label names must be unique'"
            )
        labels.setdefault(cell.label, cell.index)
    return problems


def embed_problems(page_path: Path, root: Path = ROOT) -> list[str]:
    """Every reason an embed of this page would fail or show nothing when Quarto renders it.

    Kept before the render because Quarto's message is poor: it stops at the first broken embed
    with "The cell <label> does not exist in notebook", naming neither page nor notebook, and it
    renders a figure without caption or alt text without a word. This names page, line, label.
    """
    page = load_page(page_path)
    problems = []
    checked: set[Path] = set()
    for embed in embeds_in(page.text):
        where = f"{page.where(embed.line)} {embed.raw}"
        target = embed_target(page_path, embed, root)
        if target.suffix != ".ipynb":
            problems.append(f"{where}: only .ipynb embeds can be checked without Quarto")
            continue
        if not target.is_file():
            problems.append(f"{where}: {embed.path} does not exist")
            continue
        cells = cells_of(target)
        if target not in checked:
            checked.add(target)
            problems += [
                f"{embed.path}: {p}" for p in notebook_problems(load_notebook(target), cells)
            ]
        if not embed.ids and not embed.indexes:
            problems.append(f"{where}: embeds the whole notebook; give a cell label")
        for ident in embed.ids:
            match = resolve_cell(cells, ident)
            if match is None:
                problems.append(
                    f"{where}: no cell has id, label, tag or {{#{ident}}} '{ident}' "
                    "(Quarto: 'The cell ... does not exist in notebook')"
                )
                continue
            cell, how = match
            labelled = [c.index for c in cells if c.label == ident]
            if labelled and labelled[0] != cell.index:
                problems.append(
                    f"{where}: '{ident}' resolves by {how} to cell {cell.index} before cell "
                    f"{labelled[0]}, which carries the label"
                )
            problems += [f"{where}: {p}" for p in cell_output_problems(cell, ident)]
        for index in embed.indexes:
            if not 1 <= index <= len(cells):
                problems.append(f"{where}: cell index {index} is outside 1..{len(cells)}")
            else:
                problems += [
                    f"{where}: {p}" for p in cell_output_problems(cells[index - 1], str(index))
                ]
    return problems


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry: its type (``article``, ``inproceedings``...), key and fields, the
    field names in lower case and each value with its outer braces or quotes removed."""

    kind: str
    key: str
    fields: dict[str, str]


_BIB_START = re.compile(r"@(\w+)\s*\{\s*([^,\s{}]+)\s*,")
_BIB_FIELD = re.compile(r"\s*,?\s*(\w[\w-]*)\s*=\s*")
_BIB_NOT_ENTRIES = frozenset({"comment", "string", "preamble"})


def _bib_value(text: str, start: int) -> tuple[str, int]:
    """The field value at ``text[start:]`` (braced, quoted or bare) and the offset after it."""
    if text[start] in '{"':
        closing, depth, i = ("}" if text[start] == "{" else '"'), 0, start
        while i < len(text):
            char = text[i]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            if (closing == "}" and depth == 0) or (
                closing == '"' and char == '"' and i > start and depth == 0
            ):
                return text[start + 1 : i], i + 1
            i += 1
        raise ValueError(f"unbalanced value at offset {start}")
    end = start
    while end < len(text) and text[end] not in ",}":
        end += 1
    return text[start:end].strip(), end


def bibliography_entries(path: Path) -> dict[str, BibEntry]:
    """The entries of a BibTeX file, by key (``@comment``, ``@string``, text between entries
    skipped). A key that occurs twice raises ``ValueError``."""
    text = path.read_text(encoding="utf-8")
    entries: dict[str, BibEntry] = {}
    for match in _BIB_START.finditer(text):
        kind, key = match.group(1).lower(), match.group(2)
        if kind in _BIB_NOT_ENTRIES:
            continue
        fields, at = {}, match.end()
        while True:
            field = _BIB_FIELD.match(text, at)
            if not field:
                break
            value, at = _bib_value(text, field.end())
            fields[field.group(1).lower()] = re.sub(r"\s+", " ", value).strip()
        if key in entries:
            raise ValueError(f"{path.name}: the key {key} occurs twice")
        entries[key] = BibEntry(kind, key, fields)
    return entries


def bibliography_paths(page_path: Path, root: Path = ROOT) -> list[Path]:
    """The BibTeX files a page cites from: the page's own ``bibliography`` (relative to its
    folder), else the project's in _quarto.yml (relative to the project folder)."""
    value = load_page(page_path).meta.get("bibliography")
    base = page_path.parent
    if value is None:
        value, base = quarto_config(root).get("bibliography"), root
    return [base / str(name) for name in ([value] if isinstance(value, str) else value or [])]


def citations(page: Page) -> list[str]:
    """The keys of the page's citations, ``[@key]`` and ``@key``, in order (cross-references
    such as ``@fig-x`` left out)."""
    keys = []
    for element in walk(page.blocks):
        if element["t"] == "Cite":
            for citation in element["c"][0]:
                label = citation["citationId"]
                if label[:1].lower() + label[1:].split("-", 1)[0] not in CROSSREF_PREFIXES:
                    keys.append(label)
    return keys


# --------------------------------------------------------------------------- labels and navbar


def label_problems(page_path: Path, root: Path = ROOT) -> list[str]:
    """Crossref labels with underscores (Quarto: avoid ``_`` in labels and ids).

    Kept before the render: an HTML render resolves such labels without a word.
    """
    page = load_page(page_path)
    labels = set(element_ids(page.blocks)) | set(equation_labels(page.blocks))
    labels |= {c["citationId"] for e in walk(page.blocks) if e["t"] == "Cite" for c in e["c"][0]}
    labels |= {ident for embed in embeds_in(page.text) for ident in embed.ids}
    return [
        f"{page.name}: label '{label}' uses '_' (write '{label.replace('_', '-')}')"
        for label in sorted(labels)
        if "_" in label and re.split(r"[-_]", label, maxsplit=1)[0] in CROSSREF_PREFIXES
    ]


def _nav_targets(items: object) -> Iterator[str]:
    if isinstance(items, str):
        yield items
    elif isinstance(items, list):
        for item in items:
            yield from _nav_targets(item)
    elif isinstance(items, dict):
        for key in ("href", "file"):
            if isinstance(items.get(key), str):
                yield items[key]
        for key in ("menu", "contents", "left", "right"):
            if key in items:
                yield from _nav_targets(items[key])


def quarto_config(root: Path = ROOT) -> dict:
    """``_quarto.yml`` parsed by PyYAML."""
    data = yaml.safe_load((root / QUARTO_CONFIG).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{QUARTO_CONFIG} is not a mapping")
    return data


def rendered_pages(root: Path = ROOT) -> list[Path]:
    """The pages ``project.render`` of _quarto.yml lists, which Quarto renders."""
    return [root / str(name) for name in quarto_config(root)["project"]["render"]]


def navbar_targets(config: dict) -> list[str]:
    """Every href/file of the website's navbar (left, right, menus)."""
    navbar = (config.get("website") or {}).get("navbar") or {}
    return list(_nav_targets({k: navbar.get(k) for k in ("left", "right") if k in navbar}))


def footer_links(config: dict) -> list[str]:
    """Link targets in the page footer (its markdown parsed by pandoc)."""
    footer = (config.get("website") or {}).get("page-footer")
    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(footer)
    urls = []
    for text in texts:
        ast, _ = pandoc_json(text)
        urls += [e["c"][2][0] for e in walk(ast["blocks"]) if e["t"] in ("Link", "Image")]
    urls += list(_nav_targets(footer)) if isinstance(footer, dict) else []
    return urls


# --------------------------------------------------------------------------- broken copies


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the site's sources (no .git, no build output, no package) to ``dest``."""
    shutil.copytree(
        root,
        dest,
        ignore=shutil.ignore_patterns(
            ".git", "_site", ".quarto", "__pycache__", ".pytest_cache", "*.egg-info", "src"
        ),
    )
    return dest


def replace_once(path: Path, old: str, new: str) -> None:
    """Break a copied file: replace the first ``old`` (which must be there) by ``new``.

    For a page, ``old`` may also sit in a file the page includes: the first of the page's
    sources that holds it is edited, so a check reads the change where Quarto would.
    """
    sources = [path]
    if path.suffix == ".qmd":
        try:
            _, origins = expand_includes(path)
            sources = list(dict.fromkeys([path, *(source for source, _ in origins)]))
        except IncludeError:
            pass
    for source in sources:
        text = source.read_text(encoding="utf-8")
        if old in text:
            source.write_text(text.replace(old, new, 1), encoding="utf-8")
            return
    raise AssertionError(f"cannot break {path.name}: {old!r} is not in it any more")
