"""Which activation to use where: the site's decision aid, as data.

One row per place an activation can sit in a network: the default, an alternative and why, in
words that the reference page's sections back (each row names them in ``sections``). The
notebook renders the rows as the table ``tbl-decision`` (:func:`markdown_table`), which the
home page embeds, and the handout prints them on its last page.

>>> from activations.site import decision
>>> decision.DECISIONS[0].default
'ReLU'
"""

from __future__ import annotations

from dataclasses import dataclass

from .pages import PAGES

__all__ = ["DECISIONS", "REFERENCE_PAGE", "Decision", "markdown_table", "section_title"]

#: The page whose sections back the rows, relative to the site's root.
REFERENCE_PAGE = "activations.qmd"
#: Headings of the reference page's sections that are not a registry entry's.
_TOPIC_TITLES = {
    "sec-dead-relu": "Dead ReLU units",
    "sec-loss-side": "On the loss side",
    "sec-linear-collapse": "Stacked linear layers are one layer",
}


@dataclass(frozen=True)
class Decision:
    """One row of the decision aid.

    ``where`` is the place in the network, ``default`` and ``alternative`` what to use there,
    ``why`` the reason in one or two sentences; ``names`` lists the registry entries the row
    recommends (default first), and ``sections`` the ids of the reference page's sections that
    back ``why``.
    """

    where: str
    default: str
    alternative: str
    why: str
    names: tuple[str, ...]
    sections: tuple[str, ...]


DECISIONS: tuple[Decision, ...] = (
    Decision(
        where="Hidden layers of a CNN or MLP",
        default="ReLU",
        alternative="Leaky ReLU or PReLU, if many units die",
        why=(
            "One comparison per element and slope 1 for every positive input; a leaky variant "
            "keeps a slope for negative inputs, so every unit gets some gradient."
        ),
        names=("relu", "leaky_relu", "prelu"),
        sections=("sec-relu", "sec-dead-relu"),
    ),
    Decision(
        where="Feed-forward block of a Transformer",
        default="SwiGLU",
        alternative="GELU",
        why=(
            "Most large language models since 2023 use a gated unit such as SwiGLU; GELU was "
            "the usual activation from BERT and GPT-2 to the Vision Transformer."
        ),
        names=("swiglu", "gelu"),
        sections=("sec-swiglu", "sec-gelu"),
    ),
    Decision(
        where="Gates of an RNN (LSTM, GRU)",
        default="Sigmoid for the gates, tanh for the state",
        alternative="Hard sigmoid for the gates",
        why=(
            "A gate scales by σ in (0, 1); tanh keeps the state in (−1, 1). The hard sigmoid "
            "also maps into [0, 1] and needs no exponential."
        ),
        names=("sigmoid", "tanh", "hard_sigmoid"),
        sections=("sec-sigmoid", "sec-tanh", "sec-hard-sigmoid"),
    ),
    Decision(
        where="An int8 model on a phone",
        default="ReLU6",
        alternative="Hard swish (MobileNetV3)",
        why=(
            "ReLU6's outputs lie in [0, 6], robust in low precision (MobileNetV2); hard swish "
            "has Swish's shape without an exponential, and quantised it avoids the error of "
            "approximating a sigmoid."
        ),
        names=("relu6", "hard_swish"),
        sections=("sec-relu6", "sec-hard-swish"),
    ),
    Decision(
        where="Physics-informed network (smooth second derivatives)",
        default="Tanh",
        alternative="SiLU or softplus",
        why=(
            "The loss holds derivatives of the output with respect to the input, and ReLU's "
            "second derivative is 0 wherever it exists; these three are smooth (C∞)."
        ),
        names=("tanh", "silu", "softplus"),
        sections=("sec-relu", "sec-tanh"),
    ),
    Decision(
        where="Output: binary",
        default="Sigmoid, loss from the logit",
        alternative="Softmax of two logits (the same function)",
        why=(
            "σ(z) is the probability; from the logit z the cross-entropy has no log(0), and its "
            "gradient σ(z) − y does not vanish when σ saturates."
        ),
        names=("sigmoid", "softmax"),
        sections=("sec-sigmoid", "sec-softmax", "sec-loss-side"),
    ),
    Decision(
        where="Output: multi-class",
        default="Softmax with the cross-entropy",
        alternative="Log-softmax with the negative log-likelihood",
        why=(
            "The probabilities sum to 1, and the gradient s − y does not vanish however "
            "saturated the output; log-softmax stays finite where a probability underflows to 0."
        ),
        names=("softmax", "log_softmax"),
        sections=("sec-softmax", "sec-log-softmax"),
    ),
    Decision(
        where="Output: multi-label",
        default="One sigmoid per label",
        alternative="Log-sigmoid for the log-probabilities",
        why=(
            "The labels are not mutually exclusive, so each gets its own probability; "
            "log σ(z) = −softplus(−z) stays finite where σ(z) underflows to 0."
        ),
        names=("sigmoid", "log_sigmoid"),
        sections=("sec-softmax", "sec-log-sigmoid"),
    ),
    Decision(
        where="Output: regression, positive",
        default="Softplus",
        alternative="Squareplus",
        why=(
            "Its range is (0, ∞) and it approaches x for large x; squareplus has the same range "
            "and needs no exponential or logarithm."
        ),
        names=("softplus", "squareplus"),
        sections=("sec-softplus", "sec-squareplus"),
    ),
    Decision(
        where="Output: regression, bounded",
        default="Sigmoid, scaled: a + (b − a) σ(z)",
        alternative="Tanh, scaled",
        why="The sigmoid's range is (0, 1), tanh's (−1, 1): scaled, they fill (a, b).",
        names=("sigmoid", "tanh"),
        sections=("sec-sigmoid", "sec-tanh"),
    ),
    Decision(
        where="Output: regression, unbounded",
        default="None (the identity)",
        alternative="—",
        why=(
            "The target can be any real number: the identity reaches every value with slope 1, "
            "while every activation of the registry bends its output."
        ),
        names=(),
        sections=("sec-linear-collapse",),
    ),
)


def section_title(section: str) -> str:
    """The heading of the reference page's section ``section``: an entry's display name."""
    for page in PAGES.values():
        if page.section_id == section:
            return page.display_name
    return _TOPIC_TITLES[section]


def _link(section: str) -> str:
    return f"[{section_title(section)}]({REFERENCE_PAGE}#{section})"


def markdown_table(decisions: tuple[Decision, ...] = DECISIONS, links: bool = True) -> str:
    """The rows as a pipe table: where, default, alternative, why (with links to the sections).

    Parameters
    ----------
    decisions : tuple of Decision
        The rows, :data:`DECISIONS` by default.
    links : bool
        Append to each "why" the sections that back it ("See: ReLU, Dead ReLU units"), as
        links relative to the site's root.

    Returns
    -------
    str
        The Markdown table, one line per row after the header and separator.
    """
    lines = [
        "| Where the activation sits | Default | Alternative | Why |",
        "|:--|:--|:--|:--|",
    ]
    for row in decisions:
        why = row.why
        if links:
            why += " See: " + ", ".join(_link(section) for section in row.sections) + "."
        cells = (row.where, row.default, row.alternative, why)
        lines.append("| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |")
    return "\n".join(lines)
