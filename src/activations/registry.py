"""The ordered registry of activations: what the notebook, the pages and the tests iterate over."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import derivatives as d
from . import functions as f
from .softmax import softmax, softmax_grad

__all__ = ["ACTIVATIONS", "Activation", "Paper"]


@dataclass(frozen=True)
class Paper:
    """A publication that introduced or defined an activation."""

    authors: str
    year: int
    title: str
    url: str


@dataclass(frozen=True)
class Activation:
    """One activation: the function, its derivative and what the site says about it.

    ``bounds`` holds the infimum and supremum of the output (with default parameters);
    ``smoothness`` is "C0" (derivative jumps), "C1" (second derivative jumps) or "Cinf";
    ``family`` lists values of the first parameter to plot as a small family.
    """

    name: str
    display_name: str
    function: Callable
    derivative: Callable
    formula: str
    derivative_formula: str
    bounds: tuple[float, float]
    range_latex: str
    smoothness: str
    papers: tuple[Paper, ...]
    params: Mapping[str, float] = field(default_factory=dict)
    family: tuple[float, ...] = ()
    elementwise: bool = True

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


_INF = math.inf

_RUMELHART_1986 = Paper(
    "David E. Rumelhart, Geoffrey E. Hinton and Ronald J. Williams",
    1986,
    "Learning representations by back-propagating errors",
    "https://doi.org/10.1038/323533a0",
)
_LECUN_1998 = Paper(
    "Yann LeCun, Léon Bottou, Genevieve B. Orr and Klaus-Robert Müller",
    1998,
    "Efficient BackProp",
    "https://doi.org/10.1007/3-540-49430-8_2",
)
_NAIR_2010 = Paper(
    "Vinod Nair and Geoffrey E. Hinton",
    2010,
    "Rectified Linear Units Improve Restricted Boltzmann Machines",
    "https://icml.cc/Conferences/2010/papers/432.pdf",
)
_GLOROT_2011 = Paper(
    "Xavier Glorot, Antoine Bordes and Yoshua Bengio",
    2011,
    "Deep Sparse Rectifier Neural Networks",
    "https://proceedings.mlr.press/v15/glorot11a.html",
)
_MAAS_2013 = Paper(
    "Andrew L. Maas, Awni Y. Hannun and Andrew Y. Ng",
    2013,
    "Rectifier Nonlinearities Improve Neural Network Acoustic Models",
    "https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
)
_CLEVERT_2015 = Paper(
    "Djork-Arné Clevert, Thomas Unterthiner and Sepp Hochreiter",
    2015,
    "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
    "https://arxiv.org/abs/1511.07289",
)
_KLAMBAUER_2017 = Paper(
    "Günter Klambauer, Thomas Unterthiner, Andreas Mayr and Sepp Hochreiter",
    2017,
    "Self-Normalizing Neural Networks",
    "https://arxiv.org/abs/1706.02515",
)
_RAMACHANDRAN_2017 = Paper(
    "Prajit Ramachandran, Barret Zoph and Quoc V. Le",
    2017,
    "Searching for Activation Functions",
    "https://arxiv.org/abs/1710.05941",
)
_HENDRYCKS_2016 = Paper(
    "Dan Hendrycks and Kevin Gimpel",
    2016,
    "Gaussian Error Linear Units (GELUs)",
    "https://arxiv.org/abs/1606.08415",
)
_ELFWING_2017 = Paper(
    "Stefan Elfwing, Eiji Uchibe and Kenji Doya",
    2017,
    "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
    "Reinforcement Learning",
    "https://arxiv.org/abs/1702.03118",
)
_MISRA_2019 = Paper(
    "Diganta Misra",
    2019,
    "Mish: A Self Regularized Non-Monotonic Activation Function",
    "https://arxiv.org/abs/1908.08681",
)
_DUGAS_2001 = Paper(
    "Charles Dugas, Yoshua Bengio, François Bélisle, Claude Nadeau and René Garcia",
    2001,
    "Incorporating Second-Order Functional Knowledge for Better Option Pricing",
    "https://proceedings.neurips.cc/paper/2000/hash/44968aece94f667e4095002d140b5896-Abstract.html",
)
_ELLIOTT_1993 = Paper(
    "David L. Elliott",
    1993,
    "A Better Activation Function for Artificial Neural Networks",
    "https://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.46.7204",
)
_GLOROT_2010 = Paper(
    "Xavier Glorot and Yoshua Bengio",
    2010,
    "Understanding the difficulty of training deep feedforward neural networks",
    "https://proceedings.mlr.press/v9/glorot10a.html",
)
_BRIDLE_1990 = Paper(
    "John S. Bridle",
    1990,
    "Probabilistic Interpretation of Feedforward Classification Network Outputs, with "
    "Relationships to Statistical Pattern Recognition",
    "https://doi.org/10.1007/978-3-642-76153-9_28",
)

# Minima of the non-monotonic activations, for ``bounds``, found at 40 digits with
# mpmath.findroot(lambda x: mpmath.diff(f, x), -1); the tests recompute them independently.
_SWISH_MIN = -0.2784645427610738  # at x = -1.27846454276107...
_MISH_MIN = -0.30884341301725043  # at x = -1.19243121451549...
_GELU_MIN = -0.16997120747990366  # at x = -0.75179152469356...
_GELU_TANH_MIN = -0.17004075057125406  # at x = -0.75246142207101...

_ENTRIES = (
    Activation(
        name="sigmoid",
        display_name="Sigmoid",
        function=f.sigmoid,
        derivative=d.sigmoid_grad,
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        bounds=(0.0, 1.0),
        range_latex="(0, 1)",
        smoothness="Cinf",
        papers=(_RUMELHART_1986,),
    ),
    Activation(
        name="tanh",
        display_name="Tanh",
        function=f.tanh,
        derivative=d.tanh_grad,
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^2(x)",
        bounds=(-1.0, 1.0),
        range_latex="(-1, 1)",
        smoothness="Cinf",
        papers=(_LECUN_1998,),
    ),
    Activation(
        name="relu",
        display_name="ReLU",
        function=f.relu,
        derivative=d.relu_grad,
        formula=r"\operatorname{ReLU}(x) = \max(0, x)",
        derivative_formula=r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        bounds=(0.0, _INF),
        range_latex=r"[0, \infty)",
        smoothness="C0",
        papers=(_NAIR_2010, _GLOROT_2011),
    ),
    Activation(
        name="leaky_relu",
        display_name="Leaky ReLU",
        function=f.leaky_relu,
        derivative=d.leaky_relu_grad,
        formula=r"\operatorname{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="C0",
        papers=(_MAAS_2013,),
        params={"alpha": 0.01},
        family=(0.01, 0.1, 0.3),
    ),
    Activation(
        name="elu",
        display_name="ELU",
        function=f.elu,
        derivative=d.elu_grad,
        formula=r"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        bounds=(-1.0, _INF),
        range_latex=r"(-\alpha, \infty)",
        smoothness="C1",
        papers=(_CLEVERT_2015,),
        params={"alpha": 1.0},
        family=(0.5, 1.0, 2.0),
    ),
    Activation(
        name="selu",
        display_name="SELU",
        function=f.selu,
        derivative=d.selu_grad,
        formula=r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        bounds=(-f.SELU_LAMBDA * f.SELU_ALPHA, _INF),
        range_latex=r"(-\lambda\alpha, \infty) \approx (-1.7581, \infty)",
        smoothness="C0",
        papers=(_KLAMBAUER_2017,),
    ),
    Activation(
        name="swish",
        display_name="Swish",
        function=f.swish,
        derivative=d.swish_grad,
        formula=r"\operatorname{Swish}_\beta(x) = x\,\sigma(\beta x)",
        derivative_formula=r"\operatorname{Swish}_\beta'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)",
        bounds=(_SWISH_MIN, _INF),
        range_latex=r"[\approx -0.2785, \infty)",
        smoothness="Cinf",
        papers=(_RAMACHANDRAN_2017,),
        params={"beta": 1.0},
        family=(0.5, 1.0, 2.0),
    ),
    Activation(
        name="silu",
        display_name="SiLU",
        function=f.silu,
        derivative=d.silu_grad,
        formula=r"\operatorname{SiLU}(x) = x\,\sigma(x)",
        derivative_formula=r"\operatorname{SiLU}'(x) = \sigma(x)\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        bounds=(_SWISH_MIN, _INF),
        range_latex=r"[\approx -0.2785, \infty)",
        smoothness="Cinf",
        papers=(_HENDRYCKS_2016, _ELFWING_2017),
    ),
    Activation(
        name="mish",
        display_name="Mish",
        function=f.mish,
        derivative=d.mish_grad,
        formula=r"\operatorname{Mish}(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative_formula=r"\operatorname{Mish}'(x) = \tanh(s) + x\,\sigma(x)\operatorname{sech}^2(s),\quad s = \operatorname{softplus}(x)",
        bounds=(_MISH_MIN, _INF),
        range_latex=r"[\approx -0.3088, \infty)",
        smoothness="Cinf",
        papers=(_MISRA_2019,),
    ),
    Activation(
        name="softplus",
        display_name="Softplus",
        function=f.softplus,
        derivative=d.softplus_grad,
        formula=r"\operatorname{softplus}(x) = \log\bigl(1 + e^{x}\bigr)",
        derivative_formula=r"\operatorname{softplus}'(x) = \sigma(x)",
        bounds=(0.0, _INF),
        range_latex=r"(0, \infty)",
        smoothness="Cinf",
        papers=(_DUGAS_2001,),
    ),
    Activation(
        name="softsign",
        display_name="Softsign",
        function=f.softsign,
        derivative=d.softsign_grad,
        formula=r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"\operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
        bounds=(-1.0, 1.0),
        range_latex="(-1, 1)",
        smoothness="C1",
        papers=(_ELLIOTT_1993, _GLOROT_2010),
    ),
    Activation(
        name="arctan",
        display_name="ArcTan",
        function=f.arctan,
        derivative=d.arctan_grad,
        formula=r"\arctan(x) = \int_0^x \frac{\mathrm{d}t}{1 + t^2}",
        derivative_formula=r"\arctan'(x) = \frac{1}{1 + x^2}",
        bounds=(-math.pi / 2, math.pi / 2),
        range_latex=r"\left(-\tfrac{\pi}{2}, \tfrac{\pi}{2}\right)",
        smoothness="Cinf",
        papers=(),
    ),
    Activation(
        name="gelu",
        display_name="GELU",
        function=f.gelu,
        derivative=d.gelu_grad,
        formula=r"\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\bigl(x/\sqrt{2}\bigr)\Bigr)",
        derivative_formula=r"\operatorname{GELU}'(x) = \Phi(x) + x\,\varphi(x),\quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}",
        bounds=(_GELU_MIN, _INF),
        range_latex=r"[\approx -0.1700, \infty)",
        smoothness="Cinf",
        papers=(_HENDRYCKS_2016,),
    ),
    Activation(
        name="gelu_tanh",
        display_name="GELU (tanh approximation)",
        function=f.gelu_tanh,
        derivative=d.gelu_tanh_grad,
        formula=r"\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)\Bigr)",
        derivative_formula=r"\operatorname{GELU}_{\tanh}'(x) = \sigma(v) + x\,v'\,\sigma(v)\bigl(1 - \sigma(v)\bigr),\quad v = 2\sqrt{2/\pi}\,(x + 0.044715\,x^3)",
        bounds=(_GELU_TANH_MIN, _INF),
        range_latex=r"[\approx -0.1700, \infty)",
        smoothness="Cinf",
        papers=(_HENDRYCKS_2016,),
    ),
    Activation(
        name="softmax",
        display_name="Softmax",
        function=softmax,
        derivative=softmax_grad,
        formula=r"\operatorname{softmax}(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^{K} e^{x_k}}",
        derivative_formula=r"\frac{\partial\,\operatorname{softmax}(\mathbf{x})_i}{\partial x_j} = s_i\,(\delta_{ij} - s_j)",
        bounds=(0.0, 1.0),
        range_latex="(0, 1)",
        smoothness="Cinf",
        papers=(_BRIDLE_1990,),
        elementwise=False,
    ),
)

#: Every activation, in the order the site presents them: name -> :class:`Activation`.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})
