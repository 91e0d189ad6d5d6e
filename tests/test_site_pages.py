"""The pages parse with the real pandoc and have the structure the site needs.

Parsing, fenced divs, reference sections, the registry against sections and slides, and
the slideshow's front matter; none needs Quarto.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import quarto_site as qs

from activations.site.pages import GROUPS, PAGES, Page

#: The page record of every registry entry, in the registry's order.
REGISTRY = tuple(PAGES.values())
SLUGS = {entry.slug for entry in REGISTRY}
#: Figures of the notebook that are not one activation's (the shared figures' labels).
SHARED_FIGURES = {
    "fig-overview",
    "fig-derivatives-overview",
    "fig-vanishing-gradient",
    "fig-saturation",
    "fig-training-accuracy",
    "fig-training-curves",
    "fig-decision-boundaries",
    "fig-cost",
    # The rectifiers' topics: a maxout unit and the linear pieces of ReLU networks.
    "fig-maxout",
    "fig-linear-pieces",
    # Why a nonlinearity: one hidden layer fitted to a wave.
    "fig-universal-approximation",
    "fig-signal-propagation",
    # The overview of each family on the slide that opens it (fig-overview-<group>-slide).
    *(f"fig-overview-{group}" for group in GROUPS),
}


def _page(name: str) -> qs.Page:
    path = qs.ROOT / name
    assert path.is_file(), f"{name} is missing from the project root"
    return qs.load_page(path)


# --------------------------------------------------------------------------- 1. parsing


@pytest.mark.parametrize("name", qs.PAGES)
def test_required_page_parses_with_pandoc_and_yaml(name: str) -> None:
    page = _page(name)
    assert page.meta.get("title"), f"{name}: the YAML front matter has no title"
    assert page.ast["meta"].get("title"), f"{name}: pandoc did not read the front matter"
    assert page.blocks, f"{name}: pandoc found no content"
    assert not page.warnings, f"{name}: pandoc warned:\n" + "\n".join(page.warnings)


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_every_qmd_parses_and_its_fenced_divs_balance(path: Path) -> None:
    page = qs.load_page(path)
    # Line numbers of the expanded page, told as the file and line they come from.
    problems = [
        re.sub(r"line (\d+)", lambda m: page.where(int(m.group(1))), p)
        for p in qs.fence_problems(page.text)
    ]
    problems += [w for w in page.warnings if "Div" in w or "unclosed" in w]
    problems += [
        f"stray fence read as text: {qs.stringify(e)!r}"
        for e in qs.walk(page.blocks)
        if e["t"] in ("Para", "Plain") and qs.stringify(e).startswith(":::")
    ]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_explicit_ids_are_unique_on_each_page(path: Path) -> None:
    page = qs.load_page(path)
    seen: dict[str, int] = {}
    for element in qs.walk(page.blocks):
        attr = qs.attr_of(element)
        if attr and attr[0]:
            seen[attr[0]] = seen.get(attr[0], 0) + 1
    labels = [m.group(1) for m in re.finditer(r"\{#(eq-[^\s}]+)", page.text)]
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    duplicated = sorted(ident for ident, count in seen.items() if count > 1)
    assert not duplicated, f"{path.name}: ids used more than once: {duplicated}"


def test_reference_front_matter_matches_the_original() -> None:
    meta = _page(qs.REFERENCE).meta
    assert meta.get("title") == "Activation functions"
    assert meta.get("notebook-links") is False
    assert meta.get("number-sections") is False
    assert (meta.get("crossref") or {}).get("lof-title") == "List of Figures"


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda a: a.name)
def test_reference_section_has_columns_math_code_and_figure(
    entry: Page,
) -> None:
    problems = qs.reference_section_problems(
        _page(qs.REFERENCE), entry.section_id, entry.equation_id, entry.figure_label
    )
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- 5. registry


def _figure_embeds(page: qs.Page) -> set[str]:
    """Embedded figure labels; a slide version (``fig-x-slide``) stands for its figure."""
    return {
        ident.removesuffix("-slide")
        for e in qs.embeds_in(page.text)
        for ident in e.ids
        if ident.startswith("fig-")
    }


@pytest.mark.parametrize("name", [qs.REFERENCE, qs.SLIDESHOW])
def test_no_figure_embed_without_a_registry_entry(name: str) -> None:
    page = _page(name)
    known = {entry.figure_label for entry in REGISTRY} | SHARED_FIGURES
    strays = sorted(_figure_embeds(page) - known)
    assert not strays, f"{name} embeds figures of no registry entry: {strays}"


def test_no_reference_section_without_a_registry_entry() -> None:
    page = _page(qs.REFERENCE)
    expected = {entry.section_id for entry in REGISTRY}
    families = {f"sec-{key}" for key in GROUPS}
    strays = []
    for element in qs.walk(page.blocks):
        if element["t"] != "Header":
            continue
        ident = element["c"][1][0]
        section = qs.section_blocks(page.blocks, ident) or []
        per_activation = qs.divs_with_class(section, qs.GRID) and any(
            ident2.startswith("fig-") and ident2 not in SHARED_FIGURES
            for e in qs.embeds_in(qs.stringify(section))
            for ident2 in e.ids
        )
        if per_activation and ident not in expected | families and element["c"][0] <= 3:
            strays.append(ident or qs.stringify(element["c"][2]))
    assert not strays, f"{qs.REFERENCE}: activation sections with no registry entry: {strays}"


def _slides_for(entry: Page, slides: list[qs.Slide]) -> list[qs.Slide]:
    ids = {entry.slug, entry.section_id, f"slide-{entry.slug}"}
    embed = qs.embed_pattern(entry.figure_label)
    return [s for s in slides if s.ident in ids or embed.search(qs.stringify(s.blocks))]


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda a: a.name)
def test_every_registry_entry_has_a_slide(entry: Page) -> None:
    slides = qs.slides(_page(qs.SLIDESHOW))
    assert _slides_for(entry, slides), (
        f"{qs.SLIDESHOW}: no slide embeds {entry.figure_label} or has id "
        f"{entry.slug}/{entry.section_id}/slide-{entry.slug}"
    )


def test_every_activation_slide_has_a_registry_entry() -> None:
    slides = qs.slides(_page(qs.SLIDESHOW))
    claimed = {id(s) for entry in REGISTRY for s in _slides_for(entry, slides)}
    strays = []
    for slide in slides:
        figures = {
            i.removesuffix("-slide")
            for e in qs.embeds_in(qs.stringify(slide.blocks))
            for i in e.ids
            if i.startswith("fig-")
        }
        if figures - SHARED_FIGURES and id(slide) not in claimed:
            strays.append(slide.title or slide.ident)
    assert not strays, f"{qs.SLIDESHOW}: activation slides with no registry entry: {strays}"


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda a: a.name)
def test_activation_slide_shows_formula_figure_and_notes(entry: Page) -> None:
    slides = _slides_for(entry, qs.slides(_page(qs.SLIDESHOW)))
    assert slides, f"no slide for {entry.name}"
    slide = slides[0].blocks
    assert any(e["t"] == "Math" and e["c"][0]["t"] == "DisplayMath" for e in qs.walk(slide)), (
        f"the {entry.name} slide has no display math"
    )
    assert qs.divs_with_class(slide, "notes"), (
        f"the {entry.name} slide has no '::: {{.notes}}' speaker notes"
    )


def slide_order_problems(page: qs.Page) -> list[str]:
    """The activation slides follow the registry family by family, each family opened by a
    slide ``#family-<group>`` that shows the family's overview (``fig-overview-<group>-slide``).
    Other slides (questions, summaries) may sit anywhere in between."""
    slides = qs.slides(page)
    position = {slide.ident: index for index, slide in enumerate(slides) if slide.ident}
    expected = []
    for group in GROUPS:
        expected.append(f"family-{group}")
        expected += [f"slide-{entry.slug}" for entry in REGISTRY if entry.group == group]
    problems = [f"no slide #{ident}" for ident in expected if ident not in position]
    present = [ident for ident in expected if ident in position]
    shown = sorted(present, key=position.__getitem__)
    if shown != present:
        wrong = next(i for i, (a, b) in enumerate(zip(shown, present, strict=True)) if a != b)
        problems.append(
            f"slides out of registry order: #{shown[wrong]} where #{present[wrong]} belongs"
        )
    for group in GROUPS:
        ident = f"family-{group}"
        overview = qs.embed_pattern(f"fig-overview-{group}-slide")
        if ident in position and not overview.search(qs.stringify(slides[position[ident]].blocks)):
            problems.append(f"#{ident} does not show fig-overview-{group}-slide")
    return problems


def test_slides_follow_the_registry_family_by_family() -> None:
    problems = slide_order_problems(_page(qs.SLIDESHOW))
    assert not problems, f"{qs.SLIDESHOW}:\n" + "\n".join(problems)


def _swap_slides(path: Path, first: str, second: str) -> None:
    """Exchange two slides (heading to next heading) in a copied slideshow."""
    text = path.read_text(encoding="utf-8")
    spans = []
    for ident in (first, second):
        start = re.search(
            rf"^#{{1,2}} [^\n]*\{{#{re.escape(ident)}[ }}]", text, re.MULTILINE
        ).start()
        end = re.compile(r"^#{1,2} ", re.MULTILINE).search(text, start + 1).start()
        spans.append((start, end))
    (a, b), (c, d) = sorted(spans)
    path.write_text(text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:], encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda p: _swap_slides(p, "slide-relu", "slide-tanh"), "out of registry order"),
        (
            lambda p: qs.replace_once(p, "#fig-overview-gated-slide >}}", "#fig-swiglu-slide >}}"),
            "#family-gated does not show",
        ),
        (
            lambda p: qs.replace_once(p, "{#family-rectifiers}", "{#rectifiers}"),
            "no slide #family-",
        ),
    ],
    ids=["swapped", "no-overview", "no-family-slide"],
)
def test_slide_order_check_fires_on_a_broken_copy(tmp_path: Path, breakage, expected) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert slide_order_problems(qs.load_page(root / qs.SLIDESHOW)) == []
    breakage(root / qs.SLIDESHOW)
    problems = slide_order_problems(qs.load_page(root / qs.SLIDESHOW))
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- 6. slideshow


def _slideshow_options() -> dict:
    page = _page(qs.SLIDESHOW)
    project: dict = {}
    if (qs.ROOT / qs.QUARTO_CONFIG).is_file():
        project = qs.format_options(qs.quarto_config(qs.ROOT), "revealjs")
        project = {k: v for k, v in project.items() if k not in ("project", "website")}
    return project | qs.format_options(page.meta, "revealjs")


def test_slideshow_selects_revealjs() -> None:
    formats = qs.declared_formats(_page(qs.SLIDESHOW).meta)
    assert formats and formats[0] == "revealjs", f"format is {formats}, not revealjs"


def test_slideshow_numbers_its_slides() -> None:
    number = _slideshow_options().get("slide-number")
    assert number not in (None, False), f"slide-number is {number!r}"
    assert number is True or number in ("h.v", "h/v", "c", "c/t"), f"bad slide-number {number!r}"


# --------------------------------------------------------------------------- _quarto.yml


def test_quarto_config_is_a_website_with_search_themes_toc_and_licences() -> None:
    config = qs.quarto_config()
    project, website = config.get("project") or {}, config.get("website") or {}
    assert project.get("type") == "website"
    assert project.get("output-dir") == "_site"
    assert website.get("search") is not False, "site search is switched off"
    html = qs.format_options(config, "html")
    theme = html.get("theme")
    assert isinstance(theme, dict) and theme.get("light") and theme.get("dark"), (
        f"theme should have a light and a dark variant, not {theme!r}"
    )
    assert html.get("toc") is True and html.get("code-copy") is not False
    footer = str(website.get("page-footer"))
    assert "MIT" in footer and "CC BY 4.0" in footer, f"footer names no licences: {footer}"


# --------------------------------------------------------------------------- broken copies

_BREAKAGES = {
    "stray-fence": ("\n\n:::\n", None, "closing ':::' with no open div"),
    "unclosed-div": ("\n\n::: {.callout-note}\nNever closed.\n", None, "never closed"),
    "equation-label": ("{#eq-sigmoid}", "{#eq-sigmoid-old}", "no display math labelled"),
    "section-id": ("{#sec-relu}", "{#sec-rectifier}", "no heading with {#sec-relu}"),
    "figure-gone": (
        f"{{{{< embed {qs.NOTEBOOK}#fig-elu >}}}}",
        "",
        "no '::: {.grid}' div with a cell that embeds",
    ),
}
_SECTION_OF = {"equation-label": "sigmoid", "section-id": "relu", "figure-gone": "elu"}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_page_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    path = root / qs.REFERENCE
    old, new, expected = _BREAKAGES[breakage]
    if new is None:
        path.write_text(path.read_text(encoding="utf-8") + old, encoding="utf-8")
    else:
        qs.replace_once(path, old, new)
    page = qs.load_page(path)
    if breakage in _SECTION_OF:
        entry = PAGES[_SECTION_OF[breakage]]
        problems = qs.reference_section_problems(
            page, entry.section_id, entry.equation_id, entry.figure_label
        )
    else:
        problems = qs.fence_problems(page.text)
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- includes


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_includes_are_expanded_as_quarto_expands_them(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "pages/page.qmd": (
                "---\ntitle: T\n---\n\nSee [B](#sec-b).\n\n{{< include _parts/a.qmd >}}\n"
                "{{< include /_shared/c.qmd >}}\nInline {{< include _parts/a.qmd >}} stays.\n"
            ),
            # Relative to the page being rendered, also inside an included file.
            "pages/_parts/a.qmd": "## A {#sec-a}\n\n{{< include _parts/b.qmd >}}",
            "pages/_parts/b.qmd": "## B {#sec-b}\n\nText of b.\n",
            "_shared/c.qmd": "## C {#sec-c}\n",
        },
    )
    page = qs.load_page(root / "pages" / "page.qmd")
    headers = [e["c"][1][0] for e in qs.walk(page.blocks) if e["t"] == "Header"]
    assert headers == ["sec-a", "sec-b", "sec-c"]
    assert "Inline {{< include _parts/a.qmd >}} stays." in page.text
    line = page.text.splitlines().index("Text of b.") + 1
    assert page.where(line) == "_parts/b.qmd:3"
    assert [p.name for p in page.sources] == ["page.qmd", "a.qmd", "b.qmd", "c.qmd"]
    assert [p.name for p in qs.page_paths(root)] == ["page.qmd"], "an _ file is not a page"


def test_a_missing_or_circular_include_fails(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "missing.qmd": "---\ntitle: T\n---\n\n{{< include _gone.qmd >}}\n",
            "circular.qmd": "---\ntitle: T\n---\n\n{{< include _loop.qmd >}}\n",
            "_loop.qmd": "Loop.\n\n{{< include _loop.qmd >}}\n",
        },
    )
    assert any("could not find file" in p for p in qs.include_problems(root / "missing.qmd"))
    assert any("circular include" in p for p in qs.include_problems(root / "circular.qmd"))
    with pytest.raises(qs.IncludeError):
        qs.load_page(root / "missing.qmd")


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_every_include_of_every_page_resolves(path: Path) -> None:
    assert qs.include_problems(path) == []


def test_a_removed_include_file_fails_the_page_tests(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    included = qs.load_page(root / qs.REFERENCE).sources[1:]
    assert included, f"{qs.REFERENCE} includes no file"
    included[0].unlink()
    assert any("could not find file" in p for p in qs.include_problems(root / qs.REFERENCE))
    with pytest.raises(qs.IncludeError):
        qs.load_page(root / qs.REFERENCE)


# --------------------------------------------------------------------------- families

#: The reference's sections that are not one activation's, each a ``##`` of its own.
TOPIC_SECTIONS = (
    "sec-why-nonlinearity",
    "sec-gated-transformers",
    "sec-loss-side",
    "sec-initialisation",
    "sec-normalisation",
    "sec-low-precision",
)


def family_problems(page: qs.Page) -> list[str]:
    """The reference shows the registry's families: a ``##`` per group (its GROUPS title, id
    ``sec-<group>``, in GROUPS order, from ``_reference/<group>.qmd``) with, under it, a ``###``
    section for each of the group's entries in registry order and for no other entry."""
    problems = []
    families: list[str] = []
    under: dict[str, list[str]] = {}
    level_of: dict[str, int] = {}
    current = ""
    for block in page.blocks:
        if block["t"] != "Header":
            continue
        level, ident = block["c"][0], block["c"][1][0]
        level_of[ident] = level
        if level <= 2:
            current = ident
            families.append(ident)
            under.setdefault(ident, [])
            if ident.removeprefix("sec-") in GROUPS:
                title = qs.stringify(block["c"][2])
                if title != GROUPS[ident.removeprefix("sec-")]:
                    problems.append(f"#{ident} is titled {title!r}, not {GROUPS[ident[4:]]!r}")
        elif level == 3 and current:
            under[current].append(ident)
    expected_families = [f"sec-{key}" for key in GROUPS]
    present = [f for f in families if f in expected_families]
    if present != expected_families:
        problems.append(f"family headings {present}, not {expected_families} in that order")
    ids = {entry.section_id for entry in REGISTRY}
    for key in GROUPS:
        expected = [e.section_id for e in REGISTRY if e.group == key]
        shown = [i for i in under.get(f"sec-{key}", []) if i in ids]
        if shown != expected:
            problems.append(f"#sec-{key} holds {shown}, not the group's {expected} in order")
        source = qs.ROOT / "_reference" / f"{key}.qmd"
        heading = f"## {GROUPS[key]} {{#sec-{key}}}"
        lines = page.text.splitlines()
        if heading not in lines:
            problems.append(f"no line {heading!r}")
        else:
            origin = page.origins[lines.index(heading)][0]
            if (origin.parent.name, origin.name) != (source.parent.name, source.name):
                problems.append(f"{heading!r} comes from {origin.name}, not _reference/{key}.qmd")
    for ident in TOPIC_SECTIONS:
        if level_of.get(ident) != 2:
            problems.append(f"no '## ... {{#{ident}}}' section")
    return problems


def test_reference_shows_the_families_in_registry_order() -> None:
    assert family_problems(_page(qs.REFERENCE)) == []


_FAMILY_BREAKAGES = {
    "entry-as-family": ("### ELU {#sec-elu}", "## ELU {#sec-elu}", "#sec-rectifiers holds"),
    "entry-order": ("", "", None),  # Tanh moved above Sigmoid, below
    "family-order": (
        "{{< include _reference/rectifiers.qmd >}}\n\n{{< include _reference/smooth-rectifiers.qmd >}}",
        "{{< include _reference/smooth-rectifiers.qmd >}}\n\n{{< include _reference/rectifiers.qmd >}}",
        "family headings",
    ),
    "family-title": (
        "## Rectifiers {#sec-rectifiers}",
        "## Rectified units {#sec-rectifiers}",
        "titled",
    ),
    "topic-gone": ("{#sec-loss-side}", "{#sec-loss}", "#sec-loss-side"),
}


@pytest.mark.parametrize("breakage", sorted(_FAMILY_BREAKAGES))
def test_family_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    old, new, expected = _FAMILY_BREAKAGES[breakage]
    if expected is None:
        # Two sections swapped: Tanh's heading and body moved above Sigmoid's.
        path = root / "_reference" / "classic.qmd"
        text = path.read_text(encoding="utf-8")
        sigmoid, tanh = text.index("### Sigmoid {#sec-sigmoid}"), text.index("### Tanh {#sec-tanh}")
        end = text.index("### Softsign {#sec-softsign}")
        path.write_text(text[:sigmoid] + text[tanh:end] + text[sigmoid:tanh] + text[end:])
        expected = "#sec-classic holds ['sec-tanh', 'sec-sigmoid'"
    else:
        qs.replace_once(root / qs.REFERENCE, old, new)
    problems = family_problems(qs.load_page(root / qs.REFERENCE))
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- long descriptions

#: Where the overview's long description is: the properties table, linked from the overview's
#: page when the table is on it, else a collapsed callout right under the figure that links it.
PROPERTIES_LINK = f"{qs.INDEX}#tbl-properties"


def _crossrefs(block: dict) -> set[str]:
    return {
        citation["citationId"]
        for element in qs.walk(block)
        if element["t"] == "Cite"
        for citation in element["c"][0]
    }


def overview_description_problems(root: Path) -> list[str]:
    """Each page that embeds fig-overview gives it a long description a reader can reach: a
    paragraph naming @tbl-properties as the figure's long description where the page embeds
    the table; otherwise, right under the figure, a collapsed callout that links the table."""
    problems = []
    for name in (qs.INDEX, qs.REFERENCE):
        page = qs.load_page(root / name)
        figure = qs.embed_pattern("fig-overview")
        at = [i for i, b in enumerate(page.blocks) if figure.search(qs.stringify(b))]
        if not at:
            continue
        if qs.embed_pattern("tbl-properties").search(page.text):
            if not any(
                b["t"] == "Para"
                and {"fig-overview", "tbl-properties"} <= _crossrefs(b)
                and "long description" in qs.stringify(b)
                for b in page.blocks
            ):
                problems.append(
                    f"{name}: no paragraph names @tbl-properties as the long description"
                )
            continue
        after = page.blocks[at[0] + 1] if at[0] + 1 < len(page.blocks) else {"t": None}
        collapsed = (
            after["t"] == "Div"
            and "callout-note" in after["c"][0][1]
            and ["collapse", "true"] in after["c"][0][2]
        )
        links = {e["c"][2][0] for e in qs.walk(after) if e["t"] == "Link"} if collapsed else set()
        if PROPERTIES_LINK not in links:
            problems.append(
                f"{name}: no collapsed callout under fig-overview that links {PROPERTIES_LINK}"
            )
    return problems


def test_the_overview_has_a_long_description() -> None:
    assert overview_description_problems(qs.ROOT) == []


_DESCRIPTION_BREAKAGES = {
    "index-sentence": (qs.INDEX, "is also the figure's long description", "is also a summary"),
    "reference-not-collapsed": (
        qs.REFERENCE,
        '::: {.callout-note collapse="true"}\n## The overview in words',
        "::: {.callout-note}\n## The overview in words",
    ),
    "reference-link": (
        qs.REFERENCE,
        "[properties table](index.qmd#tbl-properties)",
        "properties table",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_DESCRIPTION_BREAKAGES))
def test_long_description_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert overview_description_problems(root) == [], "the unbroken copy must pass"
    target, old, new = _DESCRIPTION_BREAKAGES[breakage]
    qs.replace_once(root / target, old, new)
    problems = overview_description_problems(root)
    assert any(p.startswith(target) for p in problems), problems
