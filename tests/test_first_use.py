"""The floating-point terms are explained before a reader needs them.

The reference page has a short primer, ``{#sec-floating-point}``, on overflow, underflow and
subnormal numbers, cancellation, ulps, the condition number and expm1/log1p. On every page a
reader may open first (the home page, the start page, the reference with its includes, the
experiments and the frameworks pages), the FIRST use of each of these terms must either sit
inside a link to the primer or come after the primer's heading on the same page. Pages are read
with pandoc, as Quarto reads them (``quarto_site.load_page`` expands the includes); code blocks
are skipped, inline code and prose are read in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs

#: The pages a reader may start from.
PAGES = ("index.qmd", "start.qmd", qs.REFERENCE, "experiments.qmd", "frameworks.qmd")
PRIMER = "sec-floating-point"

#: Each primer term and the pattern of its uses (word starts, case-insensitive).
TERMS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "overflow": r"\boverflow",
        "underflow": r"\bunderflow",
        "subnormal": r"\bsubnormal",
        "cancellation": r"\bcancel",
        "ulp": r"\bulps?\b",
        "condition number": r"\bcondition\s+numbers?\b",
        "expm1": r"expm1",
        "log1p": r"log1p",
    }.items()
}

#: Markers in the flattened text: inside a link to the primer, and the primer's heading.
_OPEN, _CLOSE, _HERE = "\x01", "\x02", "\x03"


def _flatten(node: object, parts: list[str]) -> None:
    """Prose and inline code in document order; code blocks and raw blocks skipped."""
    if isinstance(node, list):
        for item in node:
            _flatten(item, parts)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        parts.append(content)
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        parts.append(" ")
    elif kind == "Code":
        parts.append(content[1])
    elif kind in ("CodeBlock", "RawBlock", "RawInline", "Math"):
        return
    elif kind == "Link":
        target = content[2][0]
        primer = target.split("#")[-1] == PRIMER and "#" in target
        parts.append(_OPEN if primer else "")
        _flatten(content[1], parts)
        parts.append(_CLOSE if primer else "")
    elif kind == "Header":
        if content[1][0] == PRIMER:
            parts.append(_HERE)
        _flatten(content[2], parts)
        parts.append("\n")
    else:
        _flatten(content, parts)
        if kind in ("Para", "Plain"):
            parts.append("\n")


def flattened(root: Path, page: str) -> str:
    """The page's text (includes expanded) with the markers for the primer."""
    parts: list[str] = []
    _flatten(qs.load_page(root / page).ast["blocks"], parts)
    return "".join(parts)


def first_use_problems(root: Path) -> list[str]:
    """Each term whose first use on a page neither links to the primer nor follows it."""
    problems = []
    for page in PAGES:
        if not (root / page).exists():
            problems.append(f"{page}: missing")
            continue
        text = flattened(root, page)
        primer_at = text.find(_HERE)
        for name, pattern in TERMS.items():
            match = pattern.search(text)
            if match is None:
                continue
            before = text[: match.start()]
            linked = before.rfind(_OPEN) > before.rfind(_CLOSE)
            after_primer = 0 <= primer_at < match.start()
            if not (linked or after_primer):
                context = text[max(0, match.start() - 60) : match.end() + 20]
                context = re.sub(r"[\x01-\x03\s]+", " ", context)
                problems.append(f"{page}: first use of {name!r} is not linked: ...{context}...")
    return problems


def primer_problems(root: Path) -> list[str]:
    """The reference page has the primer, and the primer names every term."""
    text = flattened(root, qs.REFERENCE)
    at = text.find(_HERE)
    if at < 0:
        return [f"{qs.REFERENCE}: no heading {{#{PRIMER}}}"]
    primer = text[at:].split("\n", 1)[1]
    # The primer runs to the next heading of its level or higher; its own text is enough here.
    return [
        f"#{PRIMER}: does not mention {name!r}"
        for name, pattern in TERMS.items()
        if not pattern.search(primer)
    ]


def test_the_primer_explains_every_term() -> None:
    assert primer_problems(qs.ROOT) == []


def test_first_use_of_each_term_links_to_the_primer() -> None:
    assert first_use_problems(qs.ROOT) == []


def _unlink_first(page: str, term: str) -> Callable[[Path], None]:
    """Remove the primer link from the first use of ``term`` on ``page``."""

    def breaking(root: Path) -> None:
        sources = qs.load_page(root / page).sources
        link = re.compile(r"\[([^\]]*" + re.escape(term) + r"[^\]]*)\]\([^)]*#" + PRIMER + r"\)")
        for source in sources:
            text = source.read_text(encoding="utf-8")
            if link.search(text):
                source.write_text(link.sub(r"\1", text, count=1), encoding="utf-8")
                return
        raise AssertionError(f"no link to the primer around {term!r} in {page}")

    return breaking


def _move_primer_to_the_end(root: Path) -> None:
    """Drop the primer's include from the reference, so its uses precede nothing."""
    qs.replace_once(root / qs.REFERENCE, "{{< include _reference/floating-point.qmd >}}", "")


#: breakage, and the phrase its check must report
_BREAKAGES: dict[str, tuple[Callable[[Path], None], Callable[[Path], list[str]], str]] = {
    "frameworks-overflow": (
        _unlink_first("frameworks.qmd", "overflow"),
        first_use_problems,
        "frameworks.qmd: first use of 'overflow'",
    ),
    "reference-condition-number": (
        _unlink_first(qs.REFERENCE, "condition number"),
        first_use_problems,
        "activations.qmd: first use of 'condition number'",
    ),
    "reference-subnormal": (
        _unlink_first(qs.REFERENCE, "subnormal"),
        first_use_problems,
        "activations.qmd: first use of 'subnormal'",
    ),
    "frameworks-cancellation": (
        _unlink_first("frameworks.qmd", "cancel"),
        first_use_problems,
        "frameworks.qmd: first use of 'cancellation'",
    ),
    "no-primer": (_move_primer_to_the_end, primer_problems, "no heading"),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_checks_fire_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    """Each check reports a deliberately broken copy of the site."""
    root = qs.copy_project(tmp_path / "site")
    breaking, check, phrase = _BREAKAGES[breakage]
    breaking(root)
    problems = check(root)
    assert any(phrase in problem for problem in problems), problems
