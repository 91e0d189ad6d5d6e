"""The ordered registry of activations: what the notebook, the pages and the tests iterate over."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import derivatives as d
from . import functions as f
from . import gated as g
from .parametric import PRELU_INIT, prelu, prelu_grad
from .softmax import log_softmax, log_softmax_grad, softmax, softmax_grad

__all__ = ["ACTIVATIONS", "GROUPS", "Activation"]

#: The families the site groups the activations into, in order: key -> heading.
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
class Activation:
    """One activation: the function, its derivative and what the site says about it.

    ``bounds`` holds the infimum and supremum of the output (with default parameters);
    ``smoothness`` is "C0" (derivative jumps), "C1" (second derivative jumps) or "Cinf";
    ``group`` is a key of :data:`GROUPS`, the family the site shows the entry in;
    ``family`` lists values of the first parameter to plot as a small family;
    ``elementwise`` is False for softmax, log-softmax and the gated units, which take an
    ``axis``; ``gate`` names the registry entry g of a gated unit a * g(b). The papers that
    introduced them are in the site's ``references.bib``, cited on the reference page.
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
    group: str
    params: Mapping[str, float] = field(default_factory=dict)
    family: tuple[float, ...] = ()
    elementwise: bool = True
    gate: str = ""

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

# Minima of the non-monotonic activations, for ``bounds``, found at 40 digits with
# mpmath.findroot(lambda x: mpmath.diff(f, x), -1); the tests recompute them independently.
_SWISH_MIN = -0.2784645427610738  # at x = -1.27846454276107...
_MISH_MIN = -0.30884341301725043  # at x = -1.19243121451549...
_GELU_MIN = -0.16997120747990366  # at x = -0.75179152469356...
_GELU_TANH_MIN = -0.17004075057125406  # at x = -0.75246142207101...
_HARD_SWISH_MIN = -0.375  # -3/8 at x = -3/2, the vertex of the parabola x (x + 3) / 6

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
        group="classic",
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
        group="classic",
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
        group="classic",
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
        group="classic",
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
        group="rectifiers",
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
        group="rectifiers",
        params={"alpha": 0.01},
        family=(0.01, 0.1, 0.3),
    ),
    Activation(
        name="prelu",
        display_name="PReLU",
        function=prelu,
        derivative=prelu_grad,
        formula=r"\operatorname{PReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{PReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="C0",
        group="rectifiers",
        params={"alpha": PRELU_INIT},
        family=(0.0, PRELU_INIT, 0.5),
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
        group="rectifiers",
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
        group="rectifiers",
    ),
    Activation(
        name="celu",
        display_name="CELU",
        function=f.celu,
        derivative=d.celu_grad,
        formula=r"\operatorname{CELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}",
        derivative_formula=r"\operatorname{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        bounds=(-1.0, _INF),
        range_latex=r"(-\alpha, \infty)",
        smoothness="C1",
        group="rectifiers",
        params={"alpha": 1.0},
        family=(0.5, 1.0, 2.0),
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
        group="smooth-rectifiers",
    ),
    Activation(
        name="squareplus",
        display_name="Squareplus",
        function=f.squareplus,
        derivative=d.squareplus_grad,
        formula=r"\operatorname{squareplus}_b(x) = \frac{x + \sqrt{x^2 + b}}{2}",
        derivative_formula=r"\operatorname{squareplus}_b'(x) = \frac{1}{2}\Bigl(1 + \frac{x}{\sqrt{x^2 + b}}\Bigr)",
        bounds=(0.0, _INF),
        range_latex=r"(0, \infty)",
        smoothness="Cinf",
        group="smooth-rectifiers",
        params={"b": 4.0},
        family=(1.0, 4.0, 16.0),
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
        group="smooth-rectifiers",
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
        group="smooth-rectifiers",
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
        group="smooth-rectifiers",
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
        group="smooth-rectifiers",
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
        group="smooth-rectifiers",
    ),
    Activation(
        name="relu6",
        display_name="ReLU6",
        function=f.relu6,
        derivative=d.relu6_grad,
        formula=r"\operatorname{ReLU6}(x) = \min\bigl(\max(0, x), 6\bigr)",
        derivative_formula=r"\operatorname{ReLU6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        bounds=(0.0, 6.0),
        range_latex="[0, 6]",
        smoothness="C0",
        group="hardware",
    ),
    Activation(
        name="hard_sigmoid",
        display_name="Hard sigmoid",
        function=f.hard_sigmoid,
        derivative=d.hard_sigmoid_grad,
        formula=r"\operatorname{HardSigmoid}(x) = \frac{\operatorname{ReLU6}(x + 3)}{6} = \begin{cases} 0 & x \le -3 \\ \frac{x}{6} + \frac{1}{2} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        derivative_formula=r"\operatorname{HardSigmoid}'(x) = \begin{cases} \frac{1}{6} & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
        bounds=(0.0, 1.0),
        range_latex="[0, 1]",
        smoothness="C0",
        group="hardware",
    ),
    Activation(
        name="hard_swish",
        display_name="Hard swish",
        function=f.hard_swish,
        derivative=d.hard_swish_grad,
        formula=r"\operatorname{HardSwish}(x) = x\,\frac{\operatorname{ReLU6}(x + 3)}{6} = \begin{cases} 0 & x \le -3 \\ \frac{x\,(x + 3)}{6} & -3 < x < 3 \\ x & x \ge 3 \end{cases}",
        derivative_formula=r"\operatorname{HardSwish}'(x) = \begin{cases} 0 & x \le -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        bounds=(_HARD_SWISH_MIN, _INF),
        range_latex=r"[-\tfrac{3}{8}, \infty)",
        smoothness="C0",
        group="hardware",
    ),
    Activation(
        name="glu",
        display_name="GLU",
        function=g.glu,
        derivative=g.glu_grad,
        formula=r"\operatorname{GLU}(\mathbf{x}) = \mathbf{a} \otimes \sigma(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{GLU}_i}{\partial a_i} = \sigma(b_i),\quad \frac{\partial\,\operatorname{GLU}_i}{\partial b_i} = a_i\,\sigma'(b_i)",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="Cinf",
        group="gated",
        elementwise=False,
        gate="sigmoid",
    ),
    Activation(
        name="reglu",
        display_name="ReGLU",
        function=g.reglu,
        derivative=g.reglu_grad,
        formula=r"\operatorname{ReGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{ReLU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{ReGLU}_i}{\partial a_i} = \operatorname{ReLU}(b_i),\quad \frac{\partial\,\operatorname{ReGLU}_i}{\partial b_i} = a_i\,\operatorname{ReLU}'(b_i)",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="C0",
        group="gated",
        elementwise=False,
        gate="relu",
    ),
    Activation(
        name="geglu",
        display_name="GEGLU",
        function=g.geglu,
        derivative=g.geglu_grad,
        formula=r"\operatorname{GEGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{GELU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{GEGLU}_i}{\partial a_i} = \operatorname{GELU}(b_i),\quad \frac{\partial\,\operatorname{GEGLU}_i}{\partial b_i} = a_i\,\operatorname{GELU}'(b_i)",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="Cinf",
        group="gated",
        elementwise=False,
        gate="gelu",
    ),
    Activation(
        name="swiglu",
        display_name="SwiGLU",
        function=g.swiglu,
        derivative=g.swiglu_grad,
        formula=r"\operatorname{SwiGLU}(\mathbf{x}) = \mathbf{a} \otimes \operatorname{SiLU}(\mathbf{b}),\quad \mathbf{x} = [\mathbf{a}, \mathbf{b}]",
        derivative_formula=r"\frac{\partial\,\operatorname{SwiGLU}_i}{\partial a_i} = \operatorname{SiLU}(b_i),\quad \frac{\partial\,\operatorname{SwiGLU}_i}{\partial b_i} = a_i\,\operatorname{SiLU}'(b_i)",
        bounds=(-_INF, _INF),
        range_latex=r"(-\infty, \infty)",
        smoothness="Cinf",
        group="gated",
        elementwise=False,
        gate="silu",
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
        group="output-loss",
        elementwise=False,
    ),
    Activation(
        name="log_softmax",
        display_name="Log-softmax",
        function=log_softmax,
        derivative=log_softmax_grad,
        formula=r"\log\operatorname{softmax}(\mathbf{x})_i = x_i - \log\sum_{k=1}^{K} e^{x_k}",
        derivative_formula=r"\frac{\partial \log\operatorname{softmax}(\mathbf{x})_i}{\partial x_j} = \delta_{ij} - s_j",
        bounds=(-_INF, 0.0),
        range_latex=r"(-\infty, 0)",
        smoothness="Cinf",
        group="output-loss",
        elementwise=False,
    ),
    Activation(
        name="log_sigmoid",
        display_name="Log-sigmoid",
        function=f.log_sigmoid,
        derivative=d.log_sigmoid_grad,
        formula=r"\log\sigma(x) = -\operatorname{softplus}(-x) = -\log\bigl(1 + e^{-x}\bigr)",
        derivative_formula=r"(\log\sigma)'(x) = \sigma(-x) = 1 - \sigma(x)",
        bounds=(-_INF, 0.0),
        range_latex=r"(-\infty, 0)",
        smoothness="Cinf",
        group="output-loss",
    ),
)

#: Every activation, in the order the site presents them: name -> :class:`Activation`.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})
