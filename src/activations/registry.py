"""The ordered registry of activations: the numerical specification of each one.

Each entry declares what its function computes (kind, parameters, bounds, smoothness); how the
site shows it (names, formulas, family, labels) is in :mod:`activations.site.pages`, one record
per entry under the same name. The entries' order is the order the site presents them in, the
families one after another.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from . import derivatives as d
from . import functions as f
from . import gated as g
from .parametric import PRELU_ALPHA, prelu, prelu_grad
from .softmax import log_softmax, log_softmax_grad, softmax, softmax_grad
from .spec import Activation, Kind
from .views import TEMPERATURE

__all__ = ["ACTIVATIONS", "Activation", "Kind"]

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
        function=f.sigmoid,
        derivative=d.sigmoid_grad,
        bounds=(0.0, 1.0),
        smoothness="Cinf",
    ),
    Activation(
        name="tanh",
        function=f.tanh,
        derivative=d.tanh_grad,
        bounds=(-1.0, 1.0),
        smoothness="Cinf",
    ),
    Activation(
        name="softsign",
        function=f.softsign,
        derivative=d.softsign_grad,
        bounds=(-1.0, 1.0),
        smoothness="C1",
    ),
    Activation(
        name="arctan",
        function=f.arctan,
        derivative=d.arctan_grad,
        bounds=(-math.pi / 2, math.pi / 2),
        smoothness="Cinf",
    ),
    Activation(
        name="relu",
        function=f.relu,
        derivative=d.relu_grad,
        bounds=(0.0, _INF),
        attained=(True, False),
        smoothness="C0",
    ),
    Activation(
        name="leaky_relu",
        function=f.leaky_relu,
        derivative=d.leaky_relu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        parameters=(f.LEAKY_SLOPE,),
    ),
    Activation(
        name="prelu",
        function=prelu,
        derivative=prelu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        parameters=(PRELU_ALPHA,),
    ),
    Activation(
        name="elu",
        function=f.elu,
        derivative=d.elu_grad,
        bounds=(-1.0, _INF),
        smoothness="C1",
        parameters=(f.ELU_ALPHA,),
    ),
    Activation(
        name="selu",
        function=f.selu,
        derivative=d.selu_grad,
        bounds=(-f.SELU_LAMBDA * f.SELU_ALPHA, _INF),
        smoothness="C0",
    ),
    Activation(
        name="celu",
        function=f.celu,
        derivative=d.celu_grad,
        bounds=(-1.0, _INF),
        smoothness="C1",
        parameters=(f.CELU_ALPHA,),
    ),
    Activation(
        name="softplus",
        function=f.softplus,
        derivative=d.softplus_grad,
        bounds=(0.0, _INF),
        smoothness="Cinf",
    ),
    Activation(
        name="squareplus",
        function=f.squareplus,
        derivative=d.squareplus_grad,
        bounds=(0.0, _INF),
        smoothness="Cinf",
        parameters=(f.SQUAREPLUS_B,),
    ),
    Activation(
        name="swish",
        function=f.swish,
        derivative=d.swish_grad,
        bounds=(_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
        parameters=(f.SWISH_BETA,),
    ),
    Activation(
        name="silu",
        function=f.silu,
        derivative=d.silu_grad,
        bounds=(_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="mish",
        function=f.mish,
        derivative=d.mish_grad,
        bounds=(_MISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="gelu",
        function=f.gelu,
        derivative=d.gelu_grad,
        bounds=(_GELU_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="gelu_tanh",
        function=f.gelu_tanh,
        derivative=d.gelu_tanh_grad,
        bounds=(_GELU_TANH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="relu6",
        function=f.relu6,
        derivative=d.relu6_grad,
        bounds=(0.0, 6.0),
        attained=(True, True),
        smoothness="C0",
    ),
    Activation(
        name="hard_sigmoid",
        function=f.hard_sigmoid,
        derivative=d.hard_sigmoid_grad,
        bounds=(0.0, 1.0),
        attained=(True, True),
        smoothness="C0",
    ),
    Activation(
        name="hard_swish",
        function=f.hard_swish,
        derivative=d.hard_swish_grad,
        bounds=(_HARD_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="C0",
    ),
    Activation(
        name="glu",
        function=g.glu,
        derivative=g.glu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="sigmoid",
    ),
    Activation(
        name="reglu",
        function=g.reglu,
        derivative=g.reglu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        kind=Kind.GATED,
        gate="relu",
    ),
    Activation(
        name="geglu",
        function=g.geglu,
        derivative=g.geglu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="gelu",
    ),
    Activation(
        name="swiglu",
        function=g.swiglu,
        derivative=g.swiglu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="silu",
    ),
    Activation(
        name="softmax",
        function=softmax,
        derivative=softmax_grad,
        bounds=(0.0, 1.0),
        smoothness="Cinf",
        kind=Kind.AXIS,
        view_parameter=TEMPERATURE,
    ),
    Activation(
        name="log_softmax",
        function=log_softmax,
        derivative=log_softmax_grad,
        bounds=(-_INF, 0.0),
        smoothness="Cinf",
        kind=Kind.AXIS,
    ),
    Activation(
        name="log_sigmoid",
        function=f.log_sigmoid,
        derivative=d.log_sigmoid_grad,
        bounds=(-_INF, 0.0),
        smoothness="Cinf",
    ),
)

#: Every activation, in the site's order (family by family): name -> :class:`Activation`.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})
