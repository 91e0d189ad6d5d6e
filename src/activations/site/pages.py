"""What the site shows for each registry entry: its name, formulas, family and labels.

The numerical core (:mod:`activations.registry`) declares what each activation computes; this
module holds how the site presents it, one :class:`Page` per registry entry, keyed by the
entry's name. The plot helper, the handout, the explorer, the tables, the notebook and the
pages' tests read these records; the core never imports them. ``tests/test_pages.py`` checks
that :data:`PAGES` and :data:`activations.ACTIVATIONS` hold the same names in the same order,
and that every family of :data:`GROUPS` is one run of that order.

>>> from activations.site.pages import PAGES, GROUPS
>>> page = PAGES["leaky_relu"]
>>> page.display_name, page.figure_label, GROUPS[page.group]
('Leaky ReLU', 'fig-leaky-relu', 'Rectifiers')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..registry import ACTIVATIONS
from ..spec import Activation

__all__ = ["GROUPS", "PAGES", "Page", "family"]

#: The families the site groups the activations into, in the order it shows them: key -> heading.
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "classic": "Classic squashing functions",
        "rectifiers": "Rectifiers",
        "smooth-rectifiers": "Smooth rectifiers",
        "hardware": "Hardware-friendly functions",
        "gated": "Gated units",
        "output-loss": "Output and loss",
    }
)


@dataclass(frozen=True)
class Page:
    """How the site shows one registry entry.

    ``name`` is the registry entry's name; ``display_name`` its heading on the pages and its
    title in the figures; ``group`` a key of :data:`GROUPS`, the family the site shows it in;
    ``formula`` and ``derivative_formula`` LaTeX for the pages (the handout draws them with
    matplotlib's mathtext). ``range_latex`` is the range written symbolically where it has a
    symbol or a rounded value in it (ELU's (-alpha, infinity)), and empty where the range is the
    interval of the entry's ``bounds`` and ``attained``
    (:func:`activations.site.latex.entry_range_latex`). ``short_name`` is a shorter title for
    small panels and legends, empty where the display name is short enough (:attr:`title`).
    """

    name: str
    display_name: str
    group: str
    formula: str
    derivative_formula: str
    range_latex: str = ""
    short_name: str = ""

    @property
    def title(self) -> str:
        """The title of a small panel or a legend: ``short_name``, else ``display_name``."""
        return self.short_name or self.display_name

    @property
    def slug(self) -> str:
        """The name with hyphens, as Quarto labels want: ``leaky-relu``."""
        return self.name.replace("_", "-")

    @property
    def figure_label(self) -> str:
        """Label of the notebook figure: ``fig-leaky-relu``."""
        return f"fig-{self.slug}"

    @property
    def section_id(self) -> str:
        """Id of the reference page's section: ``sec-leaky-relu``."""
        return f"sec-{self.slug}"

    @property
    def equation_id(self) -> str:
        """Id of the formula's display math: ``eq-leaky-relu``."""
        return f"eq-{self.slug}"


_PAGES = (
    Page(
        name="sigmoid",
        display_name="Sigmoid",
        group="classic",
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    ),
    Page(
        name="tanh",
        display_name="Tanh",
        group="classic",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^2(x)",
    ),
    Page(
        name="softsign",
        display_name="Softsign",
        group="classic",
        formula=r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"\operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
    ),
    Page(
        name="arctan",
        display_name="ArcTan",
        group="classic",
        formula=r"\arctan(x) = \int_0^x \frac{\mathrm{d}t}{1 + t^2}",
        derivative_formula=r"\arctan'(x) = \frac{1}{1 + x^2}",
        range_latex=r"\left(-\tfrac{\pi}{2}, \tfrac{\pi}{2}\right)",
    ),
    Page(
        name="relu",
        display_name="ReLU",
        group="rectifiers",
        formula=r"\operatorname{ReLU}(x) = \max(0, x)",
        derivative_formula=r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
    ),
    Page(
        name="leaky_relu",
        display_name="Leaky ReLU",
        group="rectifiers",
        formula=r"\operatorname{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
    ),
    Page(
        name="prelu",
        display_name="PReLU",
        group="rectifiers",
        formula=r"\operatorname{PReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{PReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
    ),
    Page(
        name="elu",
        display_name="ELU",
        group="rectifiers",
        formula=r"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        range_latex=r"(-\alpha, \infty)",
    ),
    Page(
        name="selu",
        display_name="SELU",
        group="rectifiers",
        formula=r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        range_latex=r"(-\lambda\alpha, \infty) \approx (-1.7581, \infty)",
    ),
    Page(
        name="celu",
        display_name="CELU",
        group="rectifiers",
        formula=r"\operatorname{CELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        range_latex=r"(-\alpha, \infty)",
    ),
    Page(
        name="softplus",
        display_name="Softplus",
        group="smooth-rectifiers",
        formula=r"\operatorname{softplus}(x) = \log\bigl(1 + e^{x}\bigr)",
        derivative_formula=r"\operatorname{softplus}'(x) = \sigma(x)",
    ),
    Page(
        name="squareplus",
        display_name="Squareplus",
        group="smooth-rectifiers",
        formula=r"\operatorname{squareplus}_b(x) = \frac{x + \sqrt{x^2 + b}}{2}",
        derivative_formula=r"\operatorname{squareplus}_b'(x) = \frac{1}{2}\Bigl(1 + \frac{x}{\sqrt{x^2 + b}}\Bigr)",
    ),
    Page(
        name="swish",
        display_name="Swish",
        group="smooth-rectifiers",
        formula=r"\operatorname{Swish}_\beta(x) = x\,\sigma(\beta x)",
        derivative_formula=r"\operatorname{Swish}_\beta'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)",
        range_latex=r"[\approx -0.2785/\beta, \infty)",
    ),
    Page(
        name="silu",
        display_name="SiLU",
        group="smooth-rectifiers",
        formula=r"\operatorname{SiLU}(x) = x\,\sigma(x)",
        derivative_formula=r"\operatorname{SiLU}'(x) = \sigma(x)\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        range_latex=r"[\approx -0.2785, \infty)",
    ),
    Page(
        name="mish",
        display_name="Mish",
        group="smooth-rectifiers",
        formula=r"\operatorname{Mish}(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative_formula=r"\operatorname{Mish}'(x) = \tanh(s) + x\,\sigma(x)\operatorname{sech}^2(s),\quad s = \operatorname{softplus}(x)",
        range_latex=r"[\approx -0.3088, \infty)",
    ),
    Page(
        name="gelu",
        display_name="GELU",
        group="smooth-rectifiers",
        formula=r"\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\bigl(x/\sqrt{2}\bigr)\Bigr)",
        derivative_formula=r"\operatorname{GELU}'(x) = \Phi(x) + x\,p(x),\quad p(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}",
        range_latex=r"[\approx -0.1700, \infty)",
    ),
    Page(
        name="gelu_tanh",
        display_name="GELU (tanh approximation)",
        group="smooth-rectifiers",
        formula=r"\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)\Bigr)",
        derivative_formula=r"\operatorname{GELU}_{\tanh}'(x) = \sigma(v) + x\,v'\,\sigma(v)\bigl(1 - \sigma(v)\bigr),\quad v = 2\sqrt{2/\pi}\,(x + 0.044715\,x^3)",
        range_latex=r"[\approx -0.1700, \infty)",
        short_name="GELU (tanh)",
    ),
    Page(
        name="relu6",
        display_name="ReLU6",
        group="hardware",
        formula=r"\operatorname{ReLU6}(x) = \min\bigl(\max(0, x), 6\bigr)",
        derivative_formula=r"\operatorname{ReLU6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
    ),
    Page(
        name="hard_sigmoid",
        display_name="Hard sigmoid",
        group="hardware",
        formula=r"\operatorname{HardSigmoid}(x) = \frac{\operatorname{ReLU6}(x + 3)}{6} = \begin{cases} 0 & x \le -3 \\ \frac{x}{6} + \frac{1}{2} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        derivative_formula=r"\operatorname{HardSigmoid}'(x) = \begin{cases} \frac{1}{6} & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
    ),
    Page(
        name="hard_swish",
        display_name="Hard swish",
        group="hardware",
        formula=r"\operatorname{HardSwish}(x) = x\,\frac{\operatorname{ReLU6}(x + 3)}{6} = \begin{cases} 0 & x \le -3 \\ \frac{x\,(x + 3)}{6} & -3 < x < 3 \\ x & x \ge 3 \end{cases}",
        derivative_formula=r"\operatorname{HardSwish}'(x) = \begin{cases} 0 & x \le -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        range_latex=r"[-\tfrac{3}{8}, \infty)",
    ),
    Page(
        name="glu",
        display_name="GLU",
        group="gated",
        formula=r"\operatorname{GLU}(\mathbf{x}) = \mathbf{a} \otimes \sigma(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{GLU}_i}{\partial a_i} = \sigma(b_i),\quad \frac{\partial\,\operatorname{GLU}_i}{\partial b_i} = a_i\,\sigma'(b_i)",
    ),
    Page(
        name="reglu",
        display_name="ReGLU",
        group="gated",
        formula=r"\operatorname{ReGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{ReLU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{ReGLU}_i}{\partial a_i} = \operatorname{ReLU}(b_i),\quad \frac{\partial\,\operatorname{ReGLU}_i}{\partial b_i} = a_i\,\operatorname{ReLU}'(b_i)",
    ),
    Page(
        name="geglu",
        display_name="GEGLU",
        group="gated",
        formula=r"\operatorname{GEGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{GELU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{GEGLU}_i}{\partial a_i} = \operatorname{GELU}(b_i),\quad \frac{\partial\,\operatorname{GEGLU}_i}{\partial b_i} = a_i\,\operatorname{GELU}'(b_i)",
    ),
    Page(
        name="swiglu",
        display_name="SwiGLU",
        group="gated",
        formula=r"\operatorname{SwiGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{SiLU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{SwiGLU}_i}{\partial a_i} = \operatorname{SiLU}(b_i),\quad \frac{\partial\,\operatorname{SwiGLU}_i}{\partial b_i} = a_i\,\operatorname{SiLU}'(b_i)",
    ),
    Page(
        name="softmax",
        display_name="Softmax",
        group="output-loss",
        formula=r"\operatorname{softmax}(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^{K} e^{x_k}}",
        derivative_formula=r"\frac{\partial\,\operatorname{softmax}(\mathbf{x})_i}{\partial x_j} = s_i\,(\delta_{ij} - s_j)",
    ),
    Page(
        name="log_softmax",
        display_name="Log-softmax",
        group="output-loss",
        formula=r"\log\operatorname{softmax}(\mathbf{x})_i = x_i - \log\sum_{k=1}^{K} e^{x_k}",
        derivative_formula=r"\frac{\partial \log\operatorname{softmax}(\mathbf{x})_i}{\partial x_j} = \delta_{ij} - s_j",
    ),
    Page(
        name="log_sigmoid",
        display_name="Log-sigmoid",
        group="output-loss",
        formula=r"\log\sigma(x) = -\operatorname{softplus}(-x) = -\log\bigl(1 + e^{-x}\bigr)",
        derivative_formula=r"(\log\sigma)'(x) = \sigma(-x) = 1 - \sigma(x)",
    ),
)

#: One record per registry entry, in the registry's order: name -> :class:`Page`.
PAGES: Mapping[str, Page] = MappingProxyType({page.name: page for page in _PAGES})


def family(group: str) -> list[Activation]:
    """The registry entries of one family, in the registry's order.

    >>> [entry.name for entry in family("gated")]
    ['glu', 'reglu', 'geglu', 'swiglu']
    """
    if group not in GROUPS:
        raise ValueError(f"family: {group!r} is not a family of GROUPS")
    return [ACTIVATIONS[name] for name, page in PAGES.items() if page.group == group]
