"""The site's citations, its bibliography, and the claims that stand beside the citations.

The pages and slides cite with Quarto's citation mechanism: ``[@key]`` or ``@key`` against the
one BibTeX file ``references.bib`` that ``_quarto.yml`` names, rendered in Quarto's default
style (Chicago author-date), with the reference list at the end of each citing page and on the
slideshow's References slide. The convention, also in the file's header: each entry names the
venue of the publication it cites (``booktitle`` for proceedings and book chapters, ``journal``
for journals, ``journal = {arXiv preprint arXiv:NNNN.NNNNN}`` for a paper only on arXiv,
``institution`` for a report, ``publisher`` for a book, ``note`` for an unpublished
manuscript) and the year of that
publication, with a ``url`` or ``doi``; its key is the first author's surname in lower case,
that year and a short word. No page writes a citation by hand ("Clevert et al. (2015)").

The claims checked here are those next to the citations: LeCun et al.'s scaled tanh (numbers
against mpmath at 50 digits), the non-monotonic smooth rectifiers, ReLU′(0) and Bertoin et al.,
the advice to compare activations on one's own task and Narang et al., the per-layer factor of
back-propagation before saturation on the home page, and which squashing functions were the
hidden units of the 1980s and 1990s.

Each check is a function of a project folder that returns its problems; the last test breaks a
copy of the project in one place per check and shows that the check fires.
"""

# The pages write true minus signs, primes and Greek letters; so must the patterns.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import mpmath
import pypandoc
import pytest
import quarto_site as qs

from activations.site.pages import PAGES

BIB = "references.bib"
#: mpmath at 50 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 50

#: The field that names the venue, by BibTeX entry type.
VENUE_FIELD = {
    "article": "journal",
    "book": "publisher",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "techreport": "institution",
    "unpublished": "note",
}
_ARXIV_JOURNAL = re.compile(r"^arXiv preprint arXiv:(\d{4}\.\d{4,5})$")
#: A year a citation could give: 1950 to 2029 (not a width such as 2048).
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-2]\d)\b")
_SENTENCE_END = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s|$)")


# --------------------------------------------------------------------------- reading


def entries(root: Path) -> dict[str, qs.BibEntry]:
    return qs.bibliography_entries(root / BIB)


def _plain_name(latex: str) -> str:
    """A BibTeX name with its accents and braces resolved: ``M{\\"u}ller`` -> ``Müller``."""
    accents = {"'": "\u0301", '"': "\u0308", "`": "\u0300", "^": "\u0302", "c": "\u0327"}
    text = re.sub(
        r"\{\\([`'\"^c])\{?(\w)\}?\}",
        lambda m: unicodedata.normalize("NFC", m[2] + accents[m[1]]),
        latex,
    )
    text = text.replace("{\\L}", "Ł")
    return re.sub(r"[{}]", "", text).strip()


def first_surname(entry: qs.BibEntry) -> str:
    first = entry.fields.get("author", "").split(" and ")[0]
    return _plain_name(first.split(",")[0] if "," in first else first)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_name.lower())


def _pages(root: Path) -> list[Path]:
    return qs.rendered_pages(root)


def _notebook_markdown(root: Path) -> dict[str, str]:
    """Each notebook's markdown cells and figure and table captions, as one markdown text."""
    found = {}
    for path in sorted(root.glob("*.ipynb")):
        parts = []
        for cell in qs.notebook_cells(qs.load_notebook(path)):
            if cell.cell_type == "markdown":
                parts.append(cell.source)
            for option in ("fig-cap", "tbl-cap", "fig-alt"):
                if isinstance(cell.options.get(option), str):
                    parts.append(cell.options[option])
        found[path.name] = "\n\n".join(parts)
    return found


def cited_keys(root: Path) -> dict[str, list[str]]:
    """Key -> the pages (and notebooks) that cite it."""
    found: dict[str, list[str]] = {}
    for path in _pages(root):
        for key in qs.citations(qs.load_page(path)):
            found.setdefault(key, []).append(path.name)
    for name, text in _notebook_markdown(root).items():
        ast, _ = qs.pandoc_json(text)
        for element in qs.walk(ast["blocks"]):
            if element["t"] == "Cite":
                for citation in element["c"][0]:
                    key = citation["citationId"]
                    # a cross-reference such as a table caption's @fig-x, as qs.citations
                    if key.split("-", 1)[0].lower() not in qs.CROSSREF_PREFIXES:
                        found.setdefault(key, []).append(name)
    return found


def _text(node: object) -> str:
    """Plain text of blocks or inlines, citations left out (see ``quarto_site.stringify``)."""

    def drop(item: object) -> object:
        if isinstance(item, list):
            return [drop(i) for i in item if not (isinstance(i, dict) and i.get("t") == "Cite")]
        if isinstance(item, dict) and "c" in item:
            return {**item, "c": drop(item["c"])}
        return item

    return qs.stringify(drop(node))


def _cites(node: object) -> set[str]:
    return {c["citationId"] for e in qs.walk(node) if e["t"] == "Cite" for c in e["c"][0]}


def _labelled(blocks: list, label: str) -> list[dict]:
    """Paragraphs that open with ``**label**``, e.g. ``**Strengths:**``."""
    found = []
    for block in blocks:
        if block["t"] != "Para" or not block["c"] or block["c"][0]["t"] != "Strong":
            continue
        if qs.stringify(block["c"][0]).startswith(label):
            found.append(block)
    return found


def _section(root: Path, ident: str, page: str = qs.REFERENCE) -> list:
    blocks = qs.section_blocks(qs.load_page(root / page).blocks, ident)
    assert blocks is not None, f"{page}: no section #{ident}"
    return blocks


def _sentences(text: str) -> list[str]:
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    starts = [0, *cuts]
    return [text[a:b].strip() for a, b in zip(starts, [*cuts, len(text)], strict=True)]


def _agrees(stated: str, value: object) -> bool:
    decimals = len(stated.partition(".")[2])
    return f"{float(value):.{decimals}f}" == stated


# --------------------------------------------------------------------------- the bibliography


def unknown_citation_problems(root: Path) -> list[str]:
    """Citations on the rendered pages (includes and speaker notes too) and in the notebooks'
    markdown and captions whose key is not an entry of references.bib.

    The render does not catch these: Quarto prints "WARNING: Citeproc: citation KEY not found",
    exits with status 0 and writes "(**KEY?**)" with a dead link into the page, so a misspelt
    key reaches the built site. This check reads the sources with pandoc, fast, before any
    render.
    """
    known = entries(root)
    return [
        f"@{key} ({', '.join(sorted(set(where)))}) is not in {BIB}"
        for key, where in sorted(cited_keys(root).items())
        if key not in known
    ]


def entry_problems(root: Path) -> list[str]:
    """Entries that break the convention: no venue field for their type, no four-digit year,
    no url or doi, an arXiv journal not written 'arXiv preprint arXiv:ID' or not linking that
    ID, or a key that is not surname + year + word with the entry's own year."""
    problems = []
    for key, entry in entries(root).items():
        fields = entry.fields
        venue = VENUE_FIELD.get(entry.kind)
        if venue is None:
            problems.append(f"{key}: entry type @{entry.kind} has no venue rule")
        elif not fields.get(venue):
            problems.append(f"{key}: no {venue} (the venue of an @{entry.kind})")
        year = fields.get("year", "")
        if not re.fullmatch(r"(?:1[89]|20)\d\d", year):
            problems.append(f"{key}: year {year!r} is not a year")
        if not (fields.get("url") or fields.get("doi")):
            problems.append(f"{key}: no url or doi")
        arxiv = _ARXIV_JOURNAL.match(fields.get("journal", ""))
        if "arxiv" in fields.get("journal", "").lower():
            if not arxiv:
                problems.append(f"{key}: journal {fields['journal']!r} is not 'arXiv preprint ...'")
            elif fields.get("url") != f"https://arxiv.org/abs/{arxiv[1]}":
                problems.append(f"{key}: url {fields.get('url')!r} is not arXiv:{arxiv[1]}")
        match = re.fullmatch(r"([a-z]+)(\d{4})([a-z0-9]+)", key)
        surname = _slug(first_surname(entry))
        if not match:
            problems.append(f"{key}: not surname + year + word")
        else:
            if match[1] != surname:
                problems.append(f"{key}: starts with {match[1]!r}, the first author is {surname!r}")
            if match[2] != year:
                problems.append(f"{key}: year {year} but the key says {match[2]}")
    return problems


def uncited_problems(root: Path) -> list[str]:
    """Entries no page, slide or notebook cites: the file holds what the site cites."""
    cited = cited_keys(root)
    return [f"{key} is cited nowhere" for key in entries(root) if key not in cited]


def handwritten_citation_problems(root: Path) -> list[str]:
    """Citations written by hand: the surname of an entry's first author followed, in the same
    sentence and within 60 characters, by a year ("Clevert et al. (2015)", "Barron 2021",
    "introduced by Maas in 2013"), outside a ``[@key]``. Link text counts; code does not."""
    surnames = sorted({first_surname(e) for e in entries(root).values()}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w@])(" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    problems = []
    for path in _pages(root):
        text = _text(qs.load_page(path).blocks)
        for match in pattern.finditer(text):
            window = text[match.start() : match.end() + 60]
            sentence = window[: next((m.start() for m in _SENTENCE_END.finditer(window)), None)]
            year = _YEAR.search(sentence)
            if year:
                problems.append(f"{path.name}: hand-written citation {sentence[: year.end()]!r}")
    return problems


def original_paper_problems(root: Path) -> list[str]:
    """Every "**Original paper:**" line of the reference page cites with ``@key`` or says
    "None" (a classical function, or one with no paper of its own)."""
    page = qs.load_page(root / qs.REFERENCE)
    problems = []
    for entry in PAGES.values():
        blocks = qs.section_blocks(page.blocks, entry.section_id) or []
        lines = _labelled(blocks, "Original paper:")
        if len(lines) != 1:
            problems.append(f"#{entry.section_id}: {len(lines)} 'Original paper:' lines, not 1")
            continue
        rest = qs.stringify(lines[0]).removeprefix("Original paper:").strip()
        if not _cites(lines[0]) and not rest.startswith("None"):
            problems.append(f"#{entry.section_id}: 'Original paper:' cites no @key: {rest[:60]}")
    return problems


def paper_years(root: Path) -> dict[str, int]:
    """Registry name -> the year of the first work its "Original paper:" line cites (0: none)."""
    page = qs.load_page(root / qs.REFERENCE)
    known = entries(root)
    years = {}
    for entry in PAGES.values():
        lines = _labelled(qs.section_blocks(page.blocks, entry.section_id) or [], "Original paper:")
        keys = [
            c["citationId"]
            for line in lines
            for e in qs.walk(line)
            if e["t"] == "Cite"
            for c in e["c"][0]
        ]
        starts_none = bool(lines) and qs.stringify(lines[0]).startswith("Original paper: None")
        years[entry.name] = 0 if starts_none or not keys else int(known[keys[0]].fields["year"])
    return years


# --------------------------------------------------------------------------- claims beside them


def scaled_tanh_problems(root: Path) -> list[str]:
    """The tanh section gives LeCun et al.'s f(x) = 1.7159 tanh(2x/3), cites Efficient BackProp,
    and every number it states about f agrees with mpmath: f(1), the output's variance for a
    standard normal input (and tanh's), f′(0), and where |f″| is largest."""
    blocks = _section(root, "sec-tanh")
    paragraphs = [b for b in blocks if b["t"] == "Para" and "1.7159" in qs.stringify(b)]
    if not paragraphs:
        return ["#sec-tanh: no paragraph gives the scaled tanh 1.7159 tanh(2x/3)"]
    para = paragraphs[0]
    text = _text(para)
    problems = []
    if "lecun1998efficient" not in _cites(para):
        problems.append("#sec-tanh: the scaled tanh does not cite @lecun1998efficient")
    if "f(x) = 1.7159 tanh(2x/3)" not in text:
        problems.append("#sec-tanh: the formula f(x) = 1.7159 tanh(2x/3) is not given")
    a, b = MP.mpf("1.7159"), MP.mpf(2) / 3

    def f(x: MP.mpf) -> MP.mpf:
        return a * MP.tanh(b * x)

    def normal_mean(g: Callable) -> MP.mpf:
        return MP.quad(lambda z: g(z) * MP.npdf(z), [-MP.inf, 0, MP.inf])

    peak = MP.findroot(lambda x: MP.diff(f, x, 3), 1)  # |f''| is largest where f''' = 0
    expected = {
        r"1\.7159 tanh\(2/3\) = (\d\.\d+)": [f(1)],
        r"variance much closer to 1: (\d\.\d+) for a standard normal input, against "
        r"(\d\.\d+) for tanh": [
            normal_mean(lambda z: f(z) ** 2),
            normal_mean(lambda z: MP.tanh(z) ** 2),
        ],
        r"f′\(0\) = (\d\.\d+)": [a * b],
        r"\(at ±(\d\.\d+)\)": [peak],
    }
    for pattern, values in expected.items():
        match = re.search(pattern, text)
        if not match:
            problems.append(f"#sec-tanh: the scaled tanh does not say {pattern!r}")
            continue
        for stated, value in zip(match.groups(), values, strict=True):
            if not _agrees(stated, value):
                problems.append(f"#sec-tanh: {stated} is not {MP.nstr(value, 8)}")
    return problems


NON_MONOTONIC = ("swish", "silu", "mish", "gelu", "gelu_tanh")
DIP_PAPERS = ("ramachandran2018swish", "misra2020mish", "hendrycks2016gelu")


def monotonicity_problems(root: Path) -> list[str]:
    """The smooth rectifiers that dip below 0 list non-monotonicity neither as a strength nor as
    a weakness; the family's introduction says what the dip does once, cites the three papers
    that claim it helps, and says the benefit is claimed, not established."""
    problems = []
    for name in NON_MONOTONIC:
        ident = PAGES[name].section_id
        for label in ("Strengths:", "Weaknesses:"):
            for para in _labelled(_section(root, ident), label):
                if "monoton" in qs.stringify(para).lower():
                    problems.append(f"#{ident}: '{label}' lists (non-)monotonicity")
    family = _section(root, "sec-smooth-rectifiers")
    first = next((i for i, b in enumerate(family) if b["t"] == "Header"), len(family))
    intro = family[:first]
    missing = sorted(set(DIP_PAPERS) - _cites(intro))
    if missing:
        problems.append(f"#sec-smooth-rectifiers: the introduction does not cite {missing}")
    if "claimed, not established" not in _text(intro):
        problems.append(
            "#sec-smooth-rectifiers: the introduction does not say the benefit of the "
            "dip is claimed, not established"
        )
    return problems


def relu_subgradient_problems(root: Path) -> list[str]:
    """Where the reference and the ReLU slide give ReLU′(0), they cite Bertoin et al., who found
    the choice matters in float32 and float16, and neither calls the kink harmless."""
    problems = []
    section = _section(root, "sec-relu")
    for para in [b for b in section if "ReLU′(0)" in qs.stringify(b)]:
        if "bertoin2021numerical" not in _cites(para):
            problems.append("#sec-relu: ReLU′(0) without @bertoin2021numerical")
    if not any("ReLU′(0)" in qs.stringify(b) for b in section):
        problems.append("#sec-relu: ReLU′(0) is not given")
    slides = {s.ident: s for s in qs.slides(qs.load_page(root / qs.SLIDESHOW))}
    slide = slides.get("slide-relu")
    if slide is None:
        return [*problems, f"{qs.SLIDESHOW}: no #slide-relu"]
    notes = qs.divs_with_class(slide.blocks, "notes")
    if "bertoin2021numerical" not in _cites(notes):
        problems.append("#slide-relu: the notes do not cite @bertoin2021numerical")
    for where, blocks in ((qs.REFERENCE, section), ("#slide-relu", slide.blocks)):
        if "harmless" in qs.stringify(blocks):
            problems.append(f"{where}: calls ReLU's kink harmless")
    return problems


def _how_to_choose(root: Path) -> list[list]:
    """The items of the home page's list under "How to choose one"."""
    section = qs.section_blocks(qs.load_page(root / qs.INDEX).blocks, "how-to-choose-one") or []
    lists = [b for b in section if b["t"] in ("OrderedList", "BulletList")]
    if not lists:
        return []
    return lists[0]["c"][1] if lists[0]["t"] == "OrderedList" else lists[0]["c"]


def compare_on_your_task_problems(root: Path) -> list[str]:
    """Wherever the site advises comparing activations on one's own task, it cites Narang et
    al.'s finding that most Transformer changes did not carry over to one shared codebase: the
    home page's "Then measure", the experiments page and the slides' advice."""
    problems = []
    items = [i for i in _how_to_choose(root) if "Then measure" in qs.stringify(i)]
    if not items or "narang2021transformer" not in _cites(items[0]):
        problems.append(f"{qs.INDEX}: 'Then measure' does not cite Narang et al.")
    if "narang2021transformer" not in _cites(_section(root, "sec-training", "experiments.qmd")):
        problems.append("experiments.qmd #sec-training: does not cite Narang et al.")
    slides = {s.ident: s for s in qs.slides(qs.load_page(root / qs.SLIDESHOW))}
    notes = qs.divs_with_class(slides["how-to-choose"].blocks, "notes")
    if "narang2021transformer" not in _cites(notes):
        problems.append("#how-to-choose: the notes do not cite Narang et al.")
    return problems


def gradient_flow_problems(root: Path) -> list[str]:
    """The reference's vanishing-gradient section leads with what back-propagation multiplies
    by at each layer, Wᵀ diag(φ′), the weights' scale times the slopes, and only then with
    saturation, as experiments.qmd finds: the sigmoid's gradient vanishes with no unit
    saturated past the first layer."""
    section = qs.section_blocks(qs.load_page(root / qs.REFERENCE).blocks, "sec-vanishing-gradient")
    if not section:
        return [f"{qs.REFERENCE}: no section #sec-vanishing-gradient"]
    marks = ("Core", "Good to know", "Specialist")  # a level mark does not open the section
    paragraphs = [qs.stringify(b) for b in section if b["t"] == "Para"]
    paragraphs = [text for text in paragraphs if text not in marks]
    problems = []
    first = paragraphs[0] if paragraphs else ""
    if "saturat" in first.lower():
        problems.append(f"{qs.REFERENCE}: the vanishing gradient leads with saturation")
    if "Wᵀ diag(φ′(z))" not in first or "weight" not in first:
        problems.append(f"{qs.REFERENCE}: the vanishing gradient does not open with Wᵀ diag(φ′)")
    if "past the first layer none of its units is saturated" not in " ".join(paragraphs):
        problems.append(
            f"{qs.REFERENCE}: the vanishing gradient does not say the sigmoid vanishes unsaturated"
        )
    return problems


_ERA = re.compile(r"19[89]0s")


def era_problems(root: Path) -> list[str]:
    """A sentence that places activations in the 1980s or 1990s names them (no "These were...")
    and names none whose original paper (the reference page's) is from after 1999."""
    years = paper_years(root)
    names = sorted(
        ((e.display_name, e.name) for e in PAGES.values()),
        key=lambda pair: -len(pair[0]),
    )
    problems = []
    for path in _pages(root):
        for sentence in _sentences(_text(qs.load_page(path).blocks)):
            if not _ERA.search(sentence):
                continue
            if re.match(r"(?:These|They|Those)\b", sentence):
                problems.append(f"{path.name}: {sentence[:70]!r} does not name the activations")
            rest = sentence
            for display, name in names:
                pattern = re.compile(rf"(?<![\w-]){re.escape(display)}(?![\w-])", re.IGNORECASE)
                if pattern.search(rest):
                    rest = pattern.sub(" ", rest)
                    if years[name] > 1999:
                        problems.append(
                            f"{path.name}: {display} ({years[name]}) is placed in the 1980s and "
                            f"1990s: {sentence[:70]!r}"
                        )
    return problems


# --------------------------------------------------------------------------- tests


def test_every_citation_is_an_entry_of_the_bibliography() -> None:
    problems = unknown_citation_problems(qs.ROOT)
    assert not problems, "\n".join(problems)


def test_pandoc_reads_the_bibliography_as_this_parser_does() -> None:
    # What citeproc sees: pandoc's own BibTeX reader, writing CSL JSON, finds the same keys and
    # years as the small parser the checks use.
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "bibtex", "-t", "csljson", str(qs.ROOT / BIB)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    read = {item["id"]: item for item in json.loads(done.stdout)}
    assert set(read) == set(entries(qs.ROOT))
    for key, entry in entries(qs.ROOT).items():
        assert str(read[key]["issued"]["date-parts"][0][0]) == entry.fields["year"], key


def test_every_entry_names_its_venue_year_and_link() -> None:
    problems = entry_problems(qs.ROOT)
    assert not problems, "\n".join(problems)


def test_every_entry_is_cited() -> None:
    problems = uncited_problems(qs.ROOT)
    assert not problems, "\n".join(problems)


def test_no_page_writes_a_citation_by_hand() -> None:
    problems = handwritten_citation_problems(qs.ROOT)
    assert not problems, "\n".join(problems)


def test_every_original_paper_line_cites() -> None:
    problems = original_paper_problems(qs.ROOT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "check",
    [
        scaled_tanh_problems,
        monotonicity_problems,
        relu_subgradient_problems,
        compare_on_your_task_problems,
        gradient_flow_problems,
        era_problems,
    ],
    ids=lambda f: f.__name__.removesuffix("_problems"),
)
def test_the_claims_beside_the_citations_hold(check: Callable[[Path], list[str]]) -> None:
    problems = check(qs.ROOT)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- broken copies


def _bib(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: qs.replace_once(root / BIB, old, new)


def _page(name: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: qs.replace_once(root / name, old, new)


_ELU_OLD = """**Original paper:** [Clevert, Unterthiner and Hochreiter (2015), *Fast and Accurate Deep Network
Learning by Exponential Linear Units (ELUs)*](https://arxiv.org/abs/1511.07289)."""
_RECTIFIERS = "_reference/rectifiers.qmd"
_SMOOTH = "_reference/smooth-rectifiers.qmd"
_CLASSIC = "_reference/classic.qmd"

#: check, how to break a copy of the project, and a phrase the check must then report.
_BREAKAGES: dict[str, tuple[Callable[[Path], list[str]], Callable[[Path], None], str]] = {
    "unknown-key": (
        unknown_citation_problems,
        _page(qs.INDEX, "[@leshno1993multilayer]", "[@leshno1993multi]"),
        "@leshno1993multi (index.qmd) is not in references.bib",
    ),
    "unknown-key-in-a-notebook": (
        unknown_citation_problems,
        _page(qs.NOTEBOOK, "(Shazeer 2020, [arXiv", "([@shazeer2020gated], [arXiv"),
        "@shazeer2020gated (ActivationFunctions.ipynb)",
    ),
    "no-venue": (
        entry_problems,
        _bib(
            "  booktitle = {4th International Conference on Learning Representations (ICLR)},\n", ""
        ),
        "clevert2016elu: no booktitle",
    ),
    "arxiv-year": (
        entry_problems,
        _bib(
            "  year      = {2016},\n  url       = {https://arxiv.org/abs/1511.07289}",
            "  year      = {2015},\n  url       = {https://arxiv.org/abs/1511.07289}",
        ),
        "clevert2016elu: year 2015 but the key says 2016",
    ),
    "no-link": (
        entry_problems,
        _bib("  url       = {https://arxiv.org/abs/1908.08681}\n", ""),
        "misra2020mish: no url or doi",
    ),
    "arxiv-journal": (
        entry_problems,
        _bib("journal = {arXiv preprint arXiv:2002.05202}", "journal = {arXiv}"),
        "shazeer2020glu: journal 'arXiv' is not 'arXiv preprint",
    ),
    "uncited": (
        uncited_problems,
        lambda root: (root / BIB).write_text(
            (root / BIB).read_text(encoding="utf-8")
            + "\n@article{nobody2020none,\n  author = {Nobody, A.},\n  title = {None},\n"
            "  journal = {arXiv preprint arXiv:2001.00001},\n  year = {2020},\n"
            "  url = {https://arxiv.org/abs/2001.00001}\n}\n",
            encoding="utf-8",
        ),
        "nobody2020none is cited nowhere",
    ),
    "hand-written": (
        handwritten_citation_problems,
        _page(_RECTIFIERS, "**Original paper:** @clevert2016elu.", _ELU_OLD),
        "hand-written citation 'Clevert, Unterthiner and Hochreiter (2015",
    ),
    "hand-written-in-notes": (
        handwritten_citation_problems,
        _page(
            qs.SLIDESHOW, "@maas2013rectifier introduced it;", "Maas and colleagues did, in 2013;"
        ),
        "hand-written citation 'Maas and colleagues did, in 2013",
    ),
    "original-paper-link": (
        original_paper_problems,
        _page(_RECTIFIERS, "**Original paper:** @clevert2016elu.", _ELU_OLD),
        "#sec-elu: 'Original paper:' cites no @key",
    ),
    "scaled-tanh-gone": (
        scaled_tanh_problems,
        _page(_CLASSIC, "f(x) = 1.7159 tanh(2x/3)", "a scaled tanh"),
        "the formula f(x) = 1.7159 tanh(2x/3) is not given",
    ),
    "scaled-tanh-variance": (
        scaled_tanh_problems,
        _page(_CLASSIC, "closer to 1: 0.75 for", "closer to 1: 0.85 for"),
        "0.85 is not 0.7504",
    ),
    "scaled-tanh-curvature": (
        scaled_tanh_problems,
        _page(_CLASSIC, "(at ±0.988)", "(at ±1.000)"),
        "1.000 is not 0.98771842",
    ),
    "monotonic-strength": (
        monotonicity_problems,
        _page(
            _SMOOTH,
            "**Strengths:** It is smooth, unbounded above and bounded below. @ram",
            "**Strengths:** It is smooth and non-monotonic, unbounded above and bounded below. @ram",
        ),
        "#sec-swish: 'Strengths:' lists (non-)monotonicity",
    ),
    "monotonic-claimed": (
        monotonicity_problems,
        _page(_SMOOTH, "claimed, not established", "well established"),
        "claimed, not established",
    ),
    "relu-harmless": (
        relu_subgradient_problems,
        _page(qs.SLIDESHOW, "- ReLU′(0) is a choice: 0 here", "- The kink at 0 is harmless"),
        "#slide-relu: calls ReLU's kink harmless",
    ),
    "relu-uncited": (
        relu_subgradient_problems,
        _page(_RECTIFIERS, "@bertoin2021numerical found", "Bertoin et al. found"),
        "#sec-relu: ReLU′(0) without @bertoin2021numerical",
    ),
    "narang-gone": (
        compare_on_your_task_problems,
        _page(qs.INDEX, "@narang2021transformer re-implemented", "A study re-implemented"),
        "'Then measure' does not cite Narang et al.",
    ),
    "saturation-first": (
        gradient_flow_problems,
        _page(
            _CLASSIC,
            "the weights' scale and the units' slopes",
            "the weights' scale and the units' slopes, which saturation lowers",
        ),
        "the vanishing gradient leads with saturation",
    ),
    "era": (
        era_problems,
        _page(
            qs.SLIDESHOW,
            "The sigmoid and tanh were the usual hidden units",
            "These were the hidden units",
        ),
        "does not name the activations",
    ),
    "era-hard-sigmoid": (
        era_problems,
        _page(
            qs.SLIDESHOW,
            "The sigmoid and tanh were the usual hidden units",
            "The sigmoid, tanh and the hard sigmoid were the usual hidden units",
        ),
        "Hard sigmoid (2019) is placed in the 1980s and 1990s",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    check, breaker, expected = _BREAKAGES[breakage]
    root = qs.copy_project(tmp_path / "site")
    assert not check(root), f"{check.__name__} fails on the unbroken copy"
    breaker(root)
    problems = check(root)
    assert any(expected in p for p in problems), problems
