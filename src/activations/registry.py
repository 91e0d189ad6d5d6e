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

from . import classic, gated, hardware, outputs, parametric, rectifiers, smooth
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
        function=classic.sigmoid,
        derivative=classic.sigmoid_grad,
        bounds=(0.0, 1.0),
        smoothness="Cinf",
    ),
    Activation(
        name="tanh",
        function=classic.tanh,
        derivative=classic.tanh_grad,
        bounds=(-1.0, 1.0),
        smoothness="Cinf",
    ),
    Activation(
        name="softsign",
        function=classic.softsign,
        derivative=classic.softsign_grad,
        bounds=(-1.0, 1.0),
        smoothness="C1",
    ),
    Activation(
        name="arctan",
        function=classic.arctan,
        derivative=classic.arctan_grad,
        bounds=(-math.pi / 2, math.pi / 2),
        smoothness="Cinf",
    ),
    Activation(
        name="relu",
        function=rectifiers.relu,
        derivative=rectifiers.relu_grad,
        bounds=(0.0, _INF),
        attained=(True, False),
        smoothness="C0",
    ),
    Activation(
        name="leaky_relu",
        function=rectifiers.leaky_relu,
        derivative=rectifiers.leaky_relu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        parameters=(rectifiers.LEAKY_SLOPE,),
    ),
    Activation(
        name="prelu",
        function=parametric.prelu,
        derivative=parametric.prelu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        parameters=(parametric.PRELU_ALPHA,),
    ),
    Activation(
        name="elu",
        function=rectifiers.elu,
        derivative=rectifiers.elu_grad,
        bounds=(-1.0, _INF),
        smoothness="C1",
        parameters=(rectifiers.ELU_ALPHA,),
    ),
    Activation(
        name="selu",
        function=rectifiers.selu,
        derivative=rectifiers.selu_grad,
        bounds=(-rectifiers.SELU_LAMBDA * rectifiers.SELU_ALPHA, _INF),
        smoothness="C0",
    ),
    Activation(
        name="celu",
        function=rectifiers.celu,
        derivative=rectifiers.celu_grad,
        bounds=(-1.0, _INF),
        smoothness="C1",
        parameters=(rectifiers.CELU_ALPHA,),
    ),
    Activation(
        name="softplus",
        function=smooth.softplus,
        derivative=smooth.softplus_grad,
        bounds=(0.0, _INF),
        smoothness="Cinf",
    ),
    Activation(
        name="squareplus",
        function=smooth.squareplus,
        derivative=smooth.squareplus_grad,
        bounds=(0.0, _INF),
        smoothness="Cinf",
        parameters=(smooth.SQUAREPLUS_B,),
    ),
    Activation(
        name="swish",
        function=smooth.swish,
        derivative=smooth.swish_grad,
        bounds=(_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
        parameters=(smooth.SWISH_BETA,),
    ),
    Activation(
        name="silu",
        function=smooth.silu,
        derivative=smooth.silu_grad,
        bounds=(_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="mish",
        function=smooth.mish,
        derivative=smooth.mish_grad,
        bounds=(_MISH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="gelu",
        function=smooth.gelu,
        derivative=smooth.gelu_grad,
        bounds=(_GELU_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="gelu_tanh",
        function=smooth.gelu_tanh,
        derivative=smooth.gelu_tanh_grad,
        bounds=(_GELU_TANH_MIN, _INF),
        attained=(True, False),
        smoothness="Cinf",
    ),
    Activation(
        name="relu6",
        function=hardware.relu6,
        derivative=hardware.relu6_grad,
        bounds=(0.0, 6.0),
        attained=(True, True),
        smoothness="C0",
    ),
    Activation(
        name="hard_sigmoid",
        function=hardware.hard_sigmoid,
        derivative=hardware.hard_sigmoid_grad,
        bounds=(0.0, 1.0),
        attained=(True, True),
        smoothness="C0",
    ),
    Activation(
        name="hard_swish",
        function=hardware.hard_swish,
        derivative=hardware.hard_swish_grad,
        bounds=(_HARD_SWISH_MIN, _INF),
        attained=(True, False),
        smoothness="C0",
    ),
    Activation(
        name="glu",
        function=gated.glu,
        derivative=gated.glu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="sigmoid",
    ),
    Activation(
        name="reglu",
        function=gated.reglu,
        derivative=gated.reglu_grad,
        bounds=(-_INF, _INF),
        smoothness="C0",
        kind=Kind.GATED,
        gate="relu",
    ),
    Activation(
        name="geglu",
        function=gated.geglu,
        derivative=gated.geglu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="gelu",
    ),
    Activation(
        name="swiglu",
        function=gated.swiglu,
        derivative=gated.swiglu_grad,
        bounds=(-_INF, _INF),
        smoothness="Cinf",
        kind=Kind.GATED,
        gate="silu",
    ),
    Activation(
        name="softmax",
        function=outputs.softmax,
        derivative=outputs.softmax_grad,
        bounds=(0.0, 1.0),
        smoothness="Cinf",
        kind=Kind.AXIS,
        view_parameter=TEMPERATURE,
    ),
    Activation(
        name="log_softmax",
        function=outputs.log_softmax,
        derivative=outputs.log_softmax_grad,
        bounds=(-_INF, 0.0),
        smoothness="Cinf",
        kind=Kind.AXIS,
    ),
    Activation(
        name="log_sigmoid",
        function=outputs.log_sigmoid,
        derivative=outputs.log_sigmoid_grad,
        bounds=(-_INF, 0.0),
        smoothness="Cinf",
    ),
)

#: Every activation, in the site's order (family by family): name -> :class:`Activation`.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})
