"""The reference page defines every function before a later section uses it.

activations.qmd includes one file per family the site shows; after the includes are expanded,
the page is cut into its sections at every top-level heading (a ``##`` or ``###``; headings
inside callouts belong to the callout). From the first family's heading on, a section *uses*
a registry entry when its prose or formulas name it: the display name ("Hard swish") or the
operator name its formula starts with (``\\operatorname{ReLU6}``), as whole words, any case.
Not counted: code (snippets and inline code name the package's functions, not the
concepts), links' targets, embed shortcodes and the "See also" lines, which are pointers, not
uses. A family's introduction may name its own members, which it announces.

Every other use of an entry defined in a later section fails, unless it is in
:data:`FORWARD_POINTERS`: an explicit list of mentions that point ahead on purpose, each with
its reason, each in a sentence that says so ("below", "next section"). The page's opening
sections on why a network needs a nonlinearity come before every family and are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import quarto_site as qs

from activations.site.pages import GROUPS, PAGES

#: (section id, registry name) -> why that section names an entry of a later section.
FORWARD_POINTERS: dict[tuple[str, str], str] = {
    ("sec-vanishing-gradient", "relu"): "the rectifiers' answer to the vanishing gradient, below",
    ("sec-relu", "leaky_relu"): "ReLU's cost compared with its two cheap siblings below",
    ("sec-relu", "prelu"): "ReLU's cost compared with its two cheap siblings below",
    ("sec-dead-relu", "leaky_relu"): "remedies for dead units, defined in the sections below",
    ("sec-dead-relu", "prelu"): "remedies for dead units, defined in the sections below",
    ("sec-dead-relu", "elu"): "remedies for dead units, defined in the sections below",
    ("sec-leaky-relu", "prelu"): "PReLU learns Leaky ReLU's slope: the next section",
    ("sec-elu", "selu"): "SELU is ELU scaled: the next section",
    ("sec-softplus", "mish"): "where softplus is used: inside Mish, below",
    ("sec-swish", "silu"): "Swish with beta = 1 is SiLU, the next section",
    ("sec-glu", "reglu"): "how GLU's siblings below differ from it",
    ("sec-glu", "geglu"): "how GLU's siblings below differ from it",
    ("sec-glu", "swiglu"): "how GLU's siblings below differ from it",
    ("sec-reglu", "geglu"): "ReGLU's use compared with its siblings below",
    ("sec-reglu", "swiglu"): "ReGLU's use compared with its siblings below",
    ("sec-geglu", "swiglu"): "GEGLU's result shared with SwiGLU, the next section",
    ("sec-softmax", "log_softmax"): "the remedy for log(0): log-softmax, the next section",
}
#: Words of a sentence that points ahead.
_POINTER = re.compile(r"\b(?:below|next section|sections? that follow)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z\[(])")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}")


def _names_pattern(entry) -> re.Pattern[str]:
    names = {entry.display_name}
    operator = re.match(r"\\operatorname\{(\w+)\}(?!_)", entry.formula)
    if operator:
        names.add(operator.group(1))
    alternatives = "|".join(
        re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


PATTERNS = {name: _names_pattern(entry) for name, entry in PAGES.items()}


def _without_code(node: object) -> object:
    """The AST without inline code (snippets are CodeBlocks, which stringify skips)."""
    if isinstance(node, list):
        return [
            _without_code(item)
            for item in node
            if not (isinstance(item, dict) and item.get("t") == "Code")
        ]
    if isinstance(node, dict):
        return {key: _without_code(value) for key, value in node.items()}
    return node


def _is_see_also(block: dict) -> bool:
    content = block.get("c")
    return (
        block.get("t") == "Para"
        and bool(content)
        and content[0].get("t") == "Strong"
        and qs.stringify(content[0]).startswith("See also")
    )


def reference_sections(page_path: Path) -> list[tuple[str, str]]:
    """(id, plain text) of each top-level section of the page, in order, includes expanded."""
    sections: list[tuple[str, list]] = []
    for block in qs.load_page(page_path).blocks:
        if block["t"] == "Header":
            sections.append((block["c"][1][0], []))
        elif sections and not _is_see_also(block):
            sections[-1][1].append(block)
    return [
        (ident, _SHORTCODE.sub("", qs.stringify(_without_code(blocks))))
        for ident, blocks in sections
    ]


def forward_uses(sections: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(section id, entry name, sentence) of every use of an entry defined in a later section."""
    position = {ident: index for index, (ident, _) in enumerate(sections)}
    missing = [e.section_id for e in PAGES.values() if e.section_id not in position]
    assert not missing, f"no section for {missing}"
    first_family = min(position[f"sec-{group}"] for group in GROUPS)
    families = {f"sec-{group}": group for group in GROUPS}
    found = []
    for index, (ident, text) in enumerate(sections):
        if index < first_family:
            continue
        sentences = _SENTENCE_END.split(text)
        for name, entry in PAGES.items():
            if position[entry.section_id] <= index or families.get(ident) == entry.group:
                continue
            found += [(ident, name, s) for s in sentences if PATTERNS[name].search(s)]
    return found


def order_problems(page_path: Path) -> list[str]:
    """Uses of a later section's function that are not declared, pointing-ahead mentions."""
    problems, pointers_seen = [], set()
    for ident, name, sentence in forward_uses(reference_sections(page_path)):
        if (ident, name) not in FORWARD_POINTERS:
            problems.append(f"#{ident} uses {name}, defined later: {sentence!r}")
        elif not _POINTER.search(sentence):
            problems.append(f"#{ident} names {name} ahead without saying so: {sentence!r}")
        pointers_seen.add((ident, name))
    problems += [
        f"FORWARD_POINTERS lists {key}, which the page no longer has"
        for key in FORWARD_POINTERS
        if key not in pointers_seen
    ]
    return problems


def test_reference_page_defines_before_it_uses() -> None:
    assert not order_problems(qs.ROOT / qs.REFERENCE)


def test_every_forward_pointer_has_a_reason() -> None:
    for key, reason in FORWARD_POINTERS.items():
        assert key[1] in PAGES and reason.strip(), key


def _include_hardware_before_rectifiers(root: Path) -> None:
    page = root / qs.REFERENCE
    text = page.read_text(encoding="utf-8")
    hardware = "{{< include _reference/hardware.qmd >}}\n\n"
    rectifiers = "{{< include _reference/rectifiers.qmd >}}"
    assert hardware in text and rectifiers in text
    text = text.replace(hardware, "").replace(rectifiers, hardware + rectifiers)
    page.write_text(text, encoding="utf-8")


_BREAKAGES = {
    # The old order: the hardware-friendly functions before the rectifiers and Swish.
    "hardware family before the rectifiers": _include_hardware_before_rectifiers,
    # A use of a later family's function in an earlier section.
    "ReLU names SiLU": lambda root: qs.replace_once(
        root / "_reference/rectifiers.qmd",
        "such as tanh [@raissi2019physics] for",
        "such as tanh [@raissi2019physics] or SiLU for",
    ),
    # A declared pointer whose sentence no longer says it points ahead.
    "pointer without 'next section'": lambda root: qs.replace_once(
        root / "_reference/rectifiers.qmd",
        "[SELU](#sec-selu), the next section, is",
        "[SELU](#sec-selu) is",
    ),
    # A declared pointer the page no longer has.
    "stale pointer": lambda root: qs.replace_once(
        root / "_reference/smooth-rectifiers.qmd", "[Mish](#sec-mish) (below).", "Mish-like units."
    ),
}


@pytest.mark.parametrize("breakage", list(_BREAKAGES))
def test_order_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    _BREAKAGES[breakage](root)
    assert order_problems(root / qs.REFERENCE)
