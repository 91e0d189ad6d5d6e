"""The slideshow is a 50-minute lecture with its extras off the main path.

The main path is the row of level-1 slides (``# Title``), which reveal.js shows one after the
other when the lecturer presses the right arrow; every level-2 slide (``## Title``) sits under
the level-1 slide before it as a vertical slide, reached with the down arrow, and is marked
``visibility="uncounted"`` so that the slide number counts the main path only. Quarto's
user guide, Presentations: level-1 headings make the horizontal sections, level-2 headings
the slides under them (https://quarto.org/docs/presentations/revealjs/); reveal.js,
Slide Visibility: ``data-visibility="uncounted"`` leaves a slide out of the slide number and
the progress bar (https://revealjs.com/slide-visibility/).

The time of the main path is estimated from its speaker notes and its check questions; the
notes of each main slide open with a one-sentence key message followed by three or four
talking points, and no note depends on the order of the slides.
"""

# The slides write true minus signs, primes and Greek letters; the tests quote them.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import mpmath
import pytest
import quarto_site as qs

#: A lecturer speaks about 130 words a minute: the notes of the main path are read at that rate.
WORDS_PER_MINUTE = 130
#: A check question takes about a minute for the class to think and answer, and half a minute
#: to reveal and discuss the answer.
MINUTES_PER_QUESTION = 1.5
#: The lecture's length.
LECTURE_MINUTES = 50
#: Words that make a note depend on the order of the slides, which the extras change.
ORDER_WORDS = re.compile(
    r"\b(?:next|previous|preceding|earlier)\b|\bas before\b|\bas (?:we|you) saw\b"
    r"|\bsame (?:curve|function|figure|plot) as\b|\b(?:last|following) slide",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(@])")


@dataclass
class DeckSlide:
    """A slide with its heading level and whether reveal.js counts it."""

    ident: str
    level: int
    uncounted: bool
    blocks: list

    @property
    def notes(self) -> list[dict]:
        return qs.divs_with_class(self.blocks, "notes")

    @property
    def notes_text(self) -> str:
        return " ".join(qs.stringify(div) for div in self.notes)


def deck(page: qs.Page) -> list[DeckSlide]:
    """The slides of a revealjs page with slide-level 2, each with its heading's level."""
    found: list[DeckSlide] = []
    for block in page.blocks:
        if block["t"] == "Header" and block["c"][0] <= 2:
            ident, _, attributes = block["c"][1]
            uncounted = ["visibility", "uncounted"] in attributes
            found.append(DeckSlide(ident, block["c"][0], uncounted, []))
        elif found:
            found[-1].blocks.append(block)
    return found


def main_path(slides: list[DeckSlide]) -> list[DeckSlide]:
    return [s for s in slides if s.level == 1]


def questions(slide: DeckSlide) -> int:
    """A check slide's questions: one answer revealed as a fragment per question."""
    return (
        len(qs.divs_with_class(slide.blocks, "fragment")) if slide.ident.startswith("check-") else 0
    )


def main_path_minutes(slides: list[DeckSlide]) -> float:
    path = main_path(slides)
    words = sum(len(s.notes_text.split()) for s in path)
    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_QUESTION * sum(questions(s) for s in path)
    return minutes


def notes_format_problems(slide: DeckSlide) -> list[str]:
    """One paragraph of one sentence, the key message, then a list of 3-4 talking points."""
    if not slide.notes:
        return [f"#{slide.ident}: no speaker notes"]
    blocks = slide.notes[0]["c"][1]
    kinds = [b["t"] for b in blocks]
    if kinds != ["Para", "BulletList"]:
        return [f"#{slide.ident}: notes are {kinds}, not a key message and a bullet list"]
    problems = []
    key = qs.stringify(blocks[0])
    if len(_SENTENCE_END.split(key)) != 1:
        problems.append(f"#{slide.ident}: the key message is not one sentence: {key[:80]!r}")
    if not 3 <= len(blocks[1]["c"]) <= 4:
        problems.append(f"#{slide.ident}: {len(blocks[1]['c'])} talking points, not 3-4")
    return problems


def lecture_problems(root: Path) -> list[str]:
    page = qs.load_page(root / qs.SLIDESHOW)
    slides = deck(page)
    problems = []
    for slide in slides:
        if slide.level == 1 and slide.uncounted:
            problems.append(f"#{slide.ident}: a main-path slide marked uncounted")
        if slide.level == 2 and not slide.uncounted:
            problems.append(f"#{slide.ident}: an extra (level 2) not marked uncounted")
        for match in ORDER_WORDS.finditer(slide.notes_text):
            problems.append(f"#{slide.ident}: the notes say {match.group(0)!r}")
    for slide in main_path(slides):
        if not slide.notes_text.strip():
            problems.append(f"#{slide.ident}: a main-path slide with no speaker notes")
        else:
            problems += notes_format_problems(slide)
    minutes = main_path_minutes(slides)
    if minutes > LECTURE_MINUTES:
        problems.append(f"the main path takes {minutes:.1f} min, more than {LECTURE_MINUTES}")
    return problems


def _deck() -> list[DeckSlide]:
    return deck(qs.load_page(qs.ROOT / qs.SLIDESHOW))


# --------------------------------------------------------------------------- tests


def test_the_main_path_fits_the_lecture_and_its_notes_are_in_shape() -> None:
    assert lecture_problems(qs.ROOT) == []


def test_the_main_path_runs_from_the_problem_to_the_fix() -> None:
    """Motivation, the classic functions, the vanishing gradient, then the fixes in order, and
    the choice at the end; each family's members off the path are extras under a slide."""
    path = [s.ident for s in main_path(_deck())]
    order = [
        "what",
        "slide-sigmoid",
        "slide-tanh",
        "vanishing-gradient",
        "slide-relu",
        "slide-leaky-relu",
        "slide-elu",
        "slide-silu",
        "slide-gelu",
        "gated-transformers",
        "slide-softmax",
        "loss-side",
        "how-to-choose",
    ]
    assert [i for i in path if i in order] == order, path
    for extra in ("slide-softsign", "slide-selu", "slide-mish", "comparison", "pitfalls", "cost"):
        assert extra not in path, f"#{extra} is on the main path"


def test_the_deck_says_how_it_is_organised() -> None:
    """The title slide tells the lecturer where the main path goes and where the extras are."""
    subtitle = str(qs.load_page(qs.ROOT / qs.SLIDESHOW).meta.get("subtitle", ""))
    assert f"{LECTURE_MINUTES} min" in subtitle and "→" in subtitle and "↓" in subtitle, subtitle


def title_notes_problems(root: Path) -> list[str]:
    """The title slide, which Quarto builds from the front matter, carries notes on how to use
    the deck in its ``data-notes`` attribute, which reveal.js reads as the slide's speaker notes
    (https://revealjs.com/speaker-view/)."""
    revealjs = qs.load_page(root / qs.SLIDESHOW).meta.get("format", {}).get("revealjs", {})
    notes = str(revealjs.get("title-slide-attributes", {}).get("data-notes", ""))
    if not all(word in notes for word in ("→", "↓", f"{LECTURE_MINUTES}-minute")):
        return [f"the title slide's notes do not say how to use the deck: {notes!r}"]
    return []


def test_the_title_slide_has_notes_on_using_the_deck() -> None:
    assert title_notes_problems(qs.ROOT) == []


def test_title_notes_check_fires_on_a_broken_copy(tmp_path: Path) -> None:
    root = qs.copy_project(tmp_path / "site")
    qs.replace_once(root / qs.SLIDESHOW, "      data-notes:", "      data-note:")
    assert title_notes_problems(root) != []


def test_every_main_slide_has_notes_and_the_time_is_reported() -> None:
    slides = _deck()
    path = main_path(slides)
    assert len(path) >= 20 and len(slides) - len(path) >= 25, (len(path), len(slides))
    minutes = main_path_minutes(slides)
    assert 20 < minutes <= LECTURE_MINUTES, minutes


# The numbers the check answers and their notes give, from mpmath at 30 digits.
def _silu(x: float) -> mpmath.mpf:
    return x / (1 + mpmath.exp(-x))


@pytest.mark.parametrize(
    ("stated", "written", "value"),
    [
        ("≈ −0.27 and ≈ −0.0005", ("-0.27", "-0.0005"), lambda: (_silu(-1), _silu(-10))),
        ("SiLU(−1) = −σ(−1) ≈ −0.269", ("-0.269",), lambda: (_silu(-1),)),
        ("SiLU(−10) ≈ −4.54 × 10⁻⁴", ("-4.54e-4",), lambda: (_silu(-10),)),
        # Softmax before CrossEntropyLoss: probabilities used as logits give the true class at
        # most e/(e + K − 1), with its own probability 1 and the others 0.
        (
            "never gets more than e/(e + 9) ≈ 0.232",
            ("0.232",),
            lambda: (mpmath.e / (mpmath.e + 9),),
        ),
        ("about 0.232 for K = 10", ("0.232",), lambda: (mpmath.e / (mpmath.e + 9),)),
        # Hard swish's vertex: x · ReLU6(x + 3)/6 at x = −1.5.
        (
            "HardSwish(−1.5) = −1.5 · 1.5/6 = −0.375",
            ("-0.375",),
            lambda: (mpmath.mpf(-1.5) * min(max(mpmath.mpf(-1.5) + 3, 0), 6) / 6,),
        ),
    ],
)
def test_the_numbers_of_the_check_slides(stated: str, written: tuple, value) -> None:
    text = " ".join(qs.stringify(s.blocks) for s in _deck() if s.ident.startswith("check-"))
    assert stated in text, f"no {stated!r} on the check slides"
    for number, exact in zip(written, value(), strict=True):
        mantissa, _, power = number.partition("e")
        decimals = len(mantissa.partition(".")[2])
        scaled = float(exact) / 10.0 ** int(power or 0)
        assert f"{scaled:.{decimals}f}" == mantissa, (stated, float(exact))


def test_the_other_figures_of_the_check_notes() -> None:
    text = " ".join(s.notes_text for s in _deck())
    assert "tanh′(3) is already below 0.01" in text and 1 - mpmath.tanh(3) ** 2 < 0.01
    assert "⌊⅔ · 4d⌋ = 10922" in text and math.floor(2 * 4 * 4096 / 3) == 10922
    assert "rounds up to 11008" in text and 11008 % 256 == 0 and 11008 - 10922 < 256
    assert "less than one millionth" in text and 0.25**10 < 1e-6


# --------------------------------------------------------------------------- broken copies

_KEY_ELU = "ELU replaces ReLU's flat left half with a smooth curve that levels off at −α."
_BREAKAGES = {
    "too-long": (
        "- It costs an exponential for every negative input.",
        "- It costs an exponential for every negative input." + " word" * 4000,
        "the main path takes",
    ),
    "no-notes": (
        "::: {.notes}\nSoftmax turns K logits",
        "::: {.aside}\nSoftmax turns K logits",
        "#slide-softmax: a main-path slide with no speaker notes",
    ),
    "two-sentences": (_KEY_ELU, _KEY_ELU + " It was proposed in 2016.", "not one sentence"),
    "five-points": (
        "- It costs an exponential for every negative input.",
        "- It costs an exponential for every negative input.\n- One more.\n",
        "#slide-elu: 5 talking points",
    ),
    "prose-notes": (
        "\n\n- Negative outputs pull the mean",
        " Negative outputs pull the mean",
        "#slide-elu: notes are ['Para'], not",
    ),
    "order-main": (
        "SiLU multiplies its input",
        "Same curve as the previous slide: SiLU multiplies its input",
        "#slide-silu: the notes say 'Same curve as'",
    ),
    "order-extra": (
        "With β = 1 it is exactly SiLU;",
        "With β = 1 it is exactly SiLU, the next slide;",
        "#slide-swish: the notes say 'next'",
    ),
    "extra-counted": (
        '{#slide-softsign visibility="uncounted"}',
        "{#slide-softsign}",
        "#slide-softsign: an extra (level 2) not marked uncounted",
    ),
    "main-uncounted": (
        "{#slide-relu}",
        '{#slide-relu visibility="uncounted"}',
        "#slide-relu: a main-path slide marked uncounted",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_lecture_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    assert lecture_problems(root) == []
    old, new, expected = _BREAKAGES[breakage]
    qs.replace_once(root / qs.SLIDESHOW, old, new)
    problems = lecture_problems(root)
    assert any(expected in p for p in problems), problems
