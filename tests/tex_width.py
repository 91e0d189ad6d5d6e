"""How wide a display formula will be drawn, estimated from its TeX, without a browser.

The estimate adds up glyph advances from the metrics of MathJax's TeX fonts (the fonts of
Knuth's Computer Modern, the same tables TeX uses) and TeX's spacing between atoms
(TeXbook chapter 18: thin 3mu, medium 4mu, thick 5mu, with 18mu = 1em), with styles
display / text / script / scriptscript at scale 1, 1, 0.707, 0.5 (MathJax's
``scriptminsize`` ratios). Fractions take the wider of numerator and denominator, scripts
the wider of superscript and subscript, ``cases`` a brace and two columns a quad apart,
``aligned`` the widest cell of each column. The result is in em of the formula's font;
``row_widths_em`` gives one width per line of an ``aligned``, ``gathered`` or ``cases``
display, so a test can hold every drawn line to a budget.

It is an estimate, not a typesetter: it ignores kerning and italic corrections and treats
unknown commands as one average glyph. Tests calibrate it against widths measured in a
browser and keep a margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["row_widths_em", "tag_width_em", "width_em"]

# --------------------------------------------------------------------------- font metrics
# Advance widths in em, from MathJax 3's TeX font tables (MathJax-src ts/output/common/fonts/
# tex/*.ts: normal, italic, bold, size1/size2 for the large operators and delimiters).
# fmt: off
_ITALIC = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (0.529, 0.429, 0.433, 0.52, 0.466, 0.49, 0.477, 0.576, 0.345, 0.412, 0.521, 0.298,
         0.878, 0.6, 0.485, 0.503, 0.446, 0.451, 0.469, 0.361, 0.572, 0.485, 0.716, 0.572,
         0.49, 0.465),
        strict=True,
    )
)
_ITALIC.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (0.75, 0.759, 0.715, 0.828, 0.738, 0.643, 0.786, 0.831, 0.44, 0.555, 0.849, 0.681,
         0.97, 0.803, 0.763, 0.642, 0.791, 0.759, 0.613, 0.584, 0.683, 0.583, 0.944, 0.828,
         0.581, 0.683),
        strict=True,
    )
)
_UPRIGHT = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (0.5, 0.556, 0.444, 0.556, 0.444, 0.306, 0.5, 0.556, 0.278, 0.306, 0.528, 0.278,
         0.833, 0.556, 0.5, 0.556, 0.528, 0.392, 0.394, 0.389, 0.556, 0.528, 0.722, 0.528,
         0.528, 0.444),
        strict=True,
    )
)
_UPRIGHT.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (0.75, 0.708, 0.722, 0.764, 0.681, 0.653, 0.785, 0.75, 0.361, 0.514, 0.778, 0.625,
         0.917, 0.75, 0.778, 0.681, 0.778, 0.736, 0.556, 0.722, 0.75, 0.75, 1.028, 0.75,
         0.75, 0.611),
        strict=True,
    )
)
_UPRIGHT.update({d: 0.5 for d in "0123456789"})
_BOLD_FACTOR = 1.15  # bold upright letters are about 15 % wider than roman ones
_AVERAGE = 0.55

# TeX atom classes.
ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT, INNER = range(8)
_THIN, _MED, _THICK = 3 / 18, 4 / 18, 5 / 18
# TeXbook p. 170: space between a left atom (row) and a right atom (column), in display and
# text style; 0 in script styles except for the thin spaces marked there in parentheses,
# which this estimate keeps only in non-script styles too.
_SPACING = {
    (ORD, OP): _THIN, (ORD, BIN): _MED, (ORD, REL): _THICK, (ORD, INNER): _THIN,
    (OP, ORD): _THIN, (OP, OP): _THIN, (OP, REL): _THICK, (OP, INNER): _THIN,
    (BIN, ORD): _MED, (BIN, OP): _MED, (BIN, OPEN): _MED, (BIN, INNER): _MED,
    (REL, ORD): _THICK, (REL, OP): _THICK, (REL, OPEN): _THICK, (REL, INNER): _THICK,
    (CLOSE, OP): _THIN, (CLOSE, BIN): _MED, (CLOSE, REL): _THICK, (CLOSE, INNER): _THIN,
    (PUNCT, ORD): _THIN, (PUNCT, OP): _THIN, (PUNCT, REL): _THIN, (PUNCT, OPEN): _THIN,
    (PUNCT, CLOSE): _THIN, (PUNCT, PUNCT): _THIN, (PUNCT, INNER): _THIN,
    (INNER, ORD): _THIN, (INNER, OP): _THIN, (INNER, BIN): _MED, (INNER, REL): _THICK,
    (INNER, OPEN): _THIN, (INNER, PUNCT): _THIN, (INNER, INNER): _THIN,
}

# Symbols: (width, class).
_SYMBOLS: dict[str, tuple[float, int]] = {
    "+": (0.778, BIN), "-": (0.778, BIN), "*": (0.5, BIN), "=": (0.778, REL),
    "<": (0.778, REL), ">": (0.778, REL), "(": (0.389, OPEN), ")": (0.389, CLOSE),
    "[": (0.278, OPEN), "]": (0.278, CLOSE), "|": (0.278, ORD), ",": (0.278, PUNCT),
    ";": (0.278, PUNCT), ":": (0.278, REL), ".": (0.278, ORD), "/": (0.5, ORD),
    "!": (0.278, CLOSE), "'": (0.275, ORD),
}
_COMMANDS: dict[str, tuple[float, int]] = {
    # Greek (italic lowercase, upright capitals)
    "alpha": (0.64, ORD), "beta": (0.566, ORD), "gamma": (0.518, ORD), "delta": (0.444, ORD),
    "epsilon": (0.466, ORD), "varepsilon": (0.466, ORD), "zeta": (0.438, ORD),
    "eta": (0.497, ORD), "theta": (0.469, ORD), "kappa": (0.576, ORD), "lambda": (0.583, ORD),
    "mu": (0.603, ORD), "nu": (0.494, ORD), "xi": (0.438, ORD), "pi": (0.57, ORD),
    "rho": (0.517, ORD), "sigma": (0.571, ORD), "tau": (0.437, ORD), "phi": (0.596, ORD),
    "varphi": (0.654, ORD), "chi": (0.626, ORD), "psi": (0.651, ORD), "omega": (0.622, ORD),
    "Gamma": (0.625, ORD), "Delta": (0.833, ORD), "Theta": (0.778, ORD),
    "Lambda": (0.694, ORD), "Pi": (0.75, ORD), "Sigma": (0.722, ORD), "Phi": (0.722, ORD),
    "Psi": (0.778, ORD), "Omega": (0.722, ORD),
    # symbols
    "partial": (0.566, ORD), "infty": (1.0, ORD), "ell": (0.417, ORD), "prime": (0.275, ORD),
    "cdot": (0.278, BIN), "times": (0.778, BIN), "pm": (0.778, BIN), "mp": (0.778, BIN),
    "le": (0.778, REL), "leq": (0.778, REL), "ge": (0.778, REL), "geq": (0.778, REL),
    "ne": (0.778, REL), "neq": (0.778, REL), "approx": (0.778, REL), "sim": (0.778, REL),
    "equiv": (0.778, REL), "to": (1.0, REL), "rightarrow": (1.0, REL), "in": (0.667, REL),
    "mid": (0.278, REL), "ldots": (1.172, INNER), "cdots": (1.172, INNER),
    "dots": (1.172, INNER), "lvert": (0.278, OPEN), "rvert": (0.278, CLOSE),
    "langle": (0.389, OPEN), "rangle": (0.389, CLOSE), "{": (0.5, OPEN), "}": (0.5, CLOSE),
    "|": (0.5, ORD), "%": (0.833, ORD), "#": (0.833, ORD),
}
_SPACES = {",": _THIN, ":": _MED, ">": _MED, ";": _THICK, "!": -_THIN, " ": 0.25,
           "quad": 1.0, "qquad": 2.0, "enspace": 0.5, "thinspace": _THIN}
_FUNCTIONS = {"sin", "cos", "tan", "tanh", "sinh", "cosh", "coth", "arctan", "arcsin",
              "arccos", "log", "ln", "exp", "max", "min", "sup", "inf", "lim", "det", "arg"}
_LIMIT_FUNCTIONS = {"max", "min", "sup", "inf", "lim"}
# Large operators in display style (size2 font) and text style (size1 font).
_LARGE_OPS = {"sum": (1.444, 1.056), "prod": (1.278, 0.944), "int": (0.944, 0.556),
              "oint": (0.944, 0.556)}
_LIMIT_OPS = {"sum", "prod"}
# Delimiter widths by size: normal, \big, \Big, \bigg, \Bigg.
_DELIMS = {"(": (0.389, 0.458, 0.597, 0.736, 0.792), ")": (0.389, 0.458, 0.597, 0.736, 0.792),
           "[": (0.278, 0.417, 0.472, 0.528, 0.583), "]": (0.278, 0.417, 0.472, 0.528, 0.583),
           "|": (0.278, 0.333, 0.333, 0.333, 0.333), ".": (0.0,) * 5,
           "\\{": (0.5, 0.583, 0.667, 0.667, 0.75), "\\}": (0.5, 0.583, 0.667, 0.667, 0.75)}
_BIG = {"big": 1, "Big": 2, "bigg": 3, "Bigg": 4}
_NULL_DELIMITER = 0.12  # \nulldelimiterspace, around every fraction
_RADICAL = 0.853
_TEXT_SPACE = 0.333  # an interword space of cmr10
_SCRIPT_SPACE = 0.05
_SCALE = (1.0, 1.0, 0.707, 0.5)  # display, text, script, scriptscript
# fmt: on
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.DOTALL)


@dataclass
class _Atom:
    width: float
    kind: int
    tall: bool = False  # holds a fraction or a large operator (for \left and \right)
    limits: bool = False  # takes its scripts above and below (display-style sum, max)


def _tokens(tex: str) -> list[str]:
    """TeX tokens; a run of white space becomes one ``" "``, which only ``\\text`` draws."""
    return [" " if t.isspace() else t for t in _TOKEN.findall(tex)]


def _group(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The argument starting at ``tokens[i]``: a braced group or a single token."""
    while i < len(tokens) and tokens[i] == " ":
        i += 1  # TeX skips spaces before an argument
    if i >= len(tokens):
        return [], i
    if tokens[i] != "{":
        return [tokens[i]], i + 1
    depth, j = 0, i
    while j < len(tokens):
        if tokens[j] == "{":
            depth += 1
        elif tokens[j] == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 : j], j + 1
        j += 1
    return tokens[i + 1 :], len(tokens)


def _environment(tokens: list[str], i: int) -> tuple[str, list[str], int]:
    """``\\begin{name} ... \\end{name}`` from ``tokens[i]`` = ``\\begin``: name, body, end."""
    name_tokens, j = _group(tokens, i + 1)
    name = "".join(name_tokens)
    depth, k = 1, j
    while k < len(tokens):
        if tokens[k] in ("\\begin", "\\end"):
            inner, _ = _group(tokens, k + 1)
            if "".join(inner) == name:
                depth += 1 if tokens[k] == "\\begin" else -1
                if depth == 0:
                    end, _ = _group(tokens, k + 1)
                    return name, tokens[j:k], k + 1 + len(end) + 2
        k += 1
    return name, tokens[j:], len(tokens)


def _split(tokens: list[str], separator: str) -> list[list[str]]:
    """Split at ``separator`` outside braces and nested environments."""
    parts: list[list[str]] = [[]]
    depth = 0
    for token in tokens:
        depth += token in ("{", "\\begin")
        depth -= token in ("}", "\\end")
        if token == separator and depth == 0:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _text_width(tokens: list[str], upright: bool = True, bold: bool = False) -> float:
    text = "".join(t[1:] if t.startswith("\\") and len(t) == 2 else t for t in tokens)
    table = _UPRIGHT if upright else _ITALIC
    width = sum(
        _TEXT_SPACE if c == " " else table.get(c, _SYMBOLS.get(c, (_AVERAGE, ORD))[0]) for c in text
    )
    return width * (_BOLD_FACTOR if bold else 1.0)


def _cells(body: list[str], style: int) -> list[list[float]]:
    rows = [r for r in _split(body, "\\\\") if r]
    return [[_list_width(cell, style) for cell in _split(row, "&")] for row in rows]


class _Layout:
    """Atoms of one math list at one style, with TeX's spacing between them."""

    def __init__(self, style: int) -> None:
        self.style = style
        self.scale = _SCALE[style]
        self.atoms: list[_Atom] = []
        self.spaces = 0.0

    def add(self, width: float, kind: int, tall: bool = False) -> None:
        self.atoms.append(_Atom(width * self.scale, kind, tall))

    def script(self, width_em: float) -> None:
        """Widen the last atom by a script already measured in em."""
        if not self.atoms:
            self.atoms.append(_Atom(0.0, ORD))
        self.atoms[-1].width += width_em + _SCRIPT_SPACE * self.scale

    def width(self) -> float:
        kinds = [a.kind for a in self.atoms]
        for n, kind in enumerate(kinds):
            before = kinds[n - 1] if n else None
            after = kinds[n + 1] if n + 1 < len(kinds) else None
            # TeXbook rules 5 and 6: a binary operator with nothing to combine is ordinary.
            if kind == BIN and (
                before in (None, BIN, OP, REL, OPEN, PUNCT) or after in (None, REL, CLOSE, PUNCT)
            ):
                kinds[n] = ORD
        total = self.spaces + sum(a.width for a in self.atoms)
        if self.style < 2:
            total += sum(_SPACING.get(pair, 0.0) for pair in pairwise(kinds))
        return total

    def tall(self) -> bool:
        return any(a.tall for a in self.atoms)


def _script_style(style: int) -> int:
    return 2 if style < 2 else 3


def _fraction_style(style: int) -> int:
    return style + 1 if style < 3 else 3


def _list_width(tokens: list[str], style: int) -> float:
    return _layout(tokens, style).width()


def _layout(tokens: list[str], style: int) -> _Layout:
    out = _Layout(style)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        name = token[1:] if token.startswith("\\") else None
        if token == " ":
            continue  # math ignores white space
        if token in ("^", "_"):
            scripts = {token: None}
            arg, i = _group(tokens, i)
            widths = [_list_width(arg, _script_style(style))]
            if i < len(tokens) and tokens[i] in ("^", "_") and tokens[i] not in scripts:
                arg, i = _group(tokens, i + 1)
                widths.append(_list_width(arg, _script_style(style)))
            last = out.atoms[-1] if out.atoms else None
            if last is not None and last.limits:
                last.width = max(last.width, *widths)
            else:
                out.script(max(widths))
        elif token == "'":
            out.script(_SYMBOLS["'"][0] * _SCALE[_script_style(style)])
        elif token in ("{",):
            arg, i = _group(tokens, i - 1)
            inner = _layout(arg, style)
            out.atoms.append(_Atom(inner.width(), ORD, inner.tall()))
        elif token in _SYMBOLS:
            out.add(*_SYMBOLS[token])
        elif name is None:
            out.add(_ITALIC.get(token, _UPRIGHT.get(token, _AVERAGE)), ORD)
        elif name in _SPACES:
            out.spaces += _SPACES[name] * out.scale
        elif name in ("frac", "dfrac", "tfrac"):
            num, i = _group(tokens, i)
            den, i = _group(tokens, i)
            inner = {"frac": _fraction_style(style), "dfrac": 1, "tfrac": 2}[name]
            width = max(_list_width(num, inner), _list_width(den, inner))
            out.atoms.append(_Atom(width + 2 * _NULL_DELIMITER * out.scale, INNER, True))
        elif name == "sqrt":
            if i < len(tokens) and tokens[i] == "[":
                i = tokens.index("]", i) + 1
            arg, i = _group(tokens, i)
            inner = _layout(arg, style)
            out.atoms.append(_Atom(_RADICAL * out.scale + inner.width(), ORD, inner.tall()))
        elif name in ("operatorname", "mathrm", "text", "mathbf", "textbf", "mathit"):
            arg, i = _group(tokens, i)
            upright = name != "mathit"
            bold = name in ("mathbf", "textbf")
            kind = OP if name == "operatorname" else ORD
            text = arg if name in ("text", "textbf") else [t for t in arg if t != " "]
            out.add(_text_width(text, upright, bold), kind)
        elif name in _FUNCTIONS:
            out.add(_text_width(list(name)), OP)
            if name in _LIMIT_FUNCTIONS and style == 0:
                out.atoms[-1].limits = True
        elif name in _LARGE_OPS:
            display, text = _LARGE_OPS[name]
            out.add(display if style == 0 else text, OP, tall=True)
            if name in _LIMIT_OPS and style == 0:
                out.atoms[-1].limits = True
        elif name in ("left", "right") or name.rstrip("lrm") in _BIG:
            delim, i = _group(tokens, i)
            key = "".join(delim)
            if name in ("left", "right"):
                size = 3 if out.tall() or _tall_ahead(tokens, i) else 1
            else:
                size = _BIG[name.rstrip("lrm")]
            widths = _DELIMS.get(key, (0.389, 0.458, 0.597, 0.736, 0.792))
            kind = OPEN if name in ("left",) or name.endswith("l") else CLOSE
            if name.endswith("m"):
                kind = REL
            out.add(widths[size], kind)
        elif name == "begin":
            env, body, i = _environment(tokens, i - 1)
            rows = _cells(body, 1 if env in ("cases", "matrix") else style)
            columns = max((len(r) for r in rows), default=0)
            column_widths = [
                max((r[c] for r in rows if c < len(r)), default=0.0) for c in range(columns)
            ]
            width = sum(column_widths)
            if env == "cases":
                width += _DELIMS["\\{"][3] + _NULL_DELIMITER + (columns - 1) * 1.0
            elif env in ("aligned", "alignedat", "split"):
                width += _aligned_relation_space(body, style)
            out.atoms.append(_Atom(width * out.scale, INNER, True))
        elif name in ("label", "nonumber", "notag", "displaystyle", "textstyle"):
            if name == "label":
                _, i = _group(tokens, i)
        elif name in _COMMANDS:
            out.add(*_COMMANDS[name])
        else:
            out.add(_AVERAGE, ORD)
    return out


def _tall_ahead(tokens: list[str], i: int) -> bool:
    """Whether the material up to the matching ``\\right`` holds a fraction or big operator."""
    depth = 1
    for token in tokens[i:]:
        if token == "\\left":
            depth += 1
        elif token == "\\right":
            depth -= 1
            if depth == 0:
                return False
        elif token in ("\\frac", "\\dfrac", "\\sum", "\\int", "\\prod"):
            return True
    return False


def _aligned_relation_space(body: list[str], style: int) -> float:
    """``aligned`` puts ``{}`` before each right-hand cell: a relation there gets its left
    thick space, which the cell measured alone did not."""
    for row in _split(body, "\\\\"):
        cells = _split(row, "&")
        if len(cells) > 1 and cells[1]:
            first = _layout([t for t in cells[1] if t != " "][:1], style).atoms
            if first and first[0].kind == REL:
                return _THICK
    return 0.0


def width_em(tex: str) -> float:
    """Estimated width of display-style ``tex`` in em of its font."""
    return _list_width(_tokens(tex), 0)


def row_widths_em(tex: str) -> list[float]:
    """Estimated width of every drawn line of display-style ``tex``.

    A display with a top-level ``aligned``, ``gathered`` or ``split`` draws one line per
    ``\\\\``; its lines share the alignment columns, so each line is charged the width of
    the columns it spans plus whatever stands beside the environment. Any other display is one
    line.
    """
    tokens = _tokens(tex)
    for i, token in enumerate(tokens):
        if token != "\\begin":
            continue
        env, body, end = _environment(tokens, i)
        if env not in ("aligned", "gathered", "split"):
            continue
        outside = _list_width(tokens[:i] + tokens[end:], 0)
        rows = _cells(body, 0)
        columns = max(len(r) for r in rows)
        column_widths = [
            max((r[c] for r in rows if c < len(r)), default=0.0) for c in range(columns)
        ]
        extra = _aligned_relation_space(body, 0) if env != "gathered" else 0.0
        if env == "gathered":
            return [outside + sum(r) for r in rows]
        # Cells before a line's last one are padded to their column's width.
        return [outside + sum(column_widths[: len(r) - 1]) + r[-1] + extra for r in rows]
    return [width_em(tex)]


def tag_width_em(label: str) -> float:
    """Width of an equation number ``(label)`` in the text font (em)."""
    return 2 * 0.389 + sum(_UPRIGHT.get(c, _AVERAGE) for c in label)
