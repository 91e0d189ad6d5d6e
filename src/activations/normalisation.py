r"""Normalising the pre-activations, and SELU's self-normalisation, at initialisation.

Two computations for the reference page's section on normalisation:

* :func:`forward_statistics` runs the deep networks of :func:`activations.mlp.layer_statistics`
  (same weights, same inputs) forward, optionally normalising every unit's pre-activation over the
  batch to mean 0 and variance 1 before the activation, as batch normalisation does with its
  scale 1 and shift 0, the values it starts from (Ioffe and Szegedy 2015, Algorithm 1). It
  reports, layer by layer, the share of saturated units (the definition of
  :data:`activations.mlp.SATURATION_THRESHOLD`), the mean slope and the spread of the
  activation's inputs.
* :func:`selu_moments` and :func:`selu_variance_map`: the mean and variance of SELU's output for
  a normal input, in closed form, and the layer-to-layer map of the variance when the weights into
  each unit have sum 0 and sum of squares 1 (Klambauer et al. 2017).

>>> stats = forward_statistics("tanh", gain=4.0, normalise=True, depth=3)
>>> [round(float(s), 2) for s in stats.input_std]
[1.0, 1.0, 1.0]
>>> mean, second = selu_moments(1.0)
>>> abs(mean) < 1e-15, round(second, 12)
(True, 1.0)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy.special import erfcx

from .mlp import MLP, SATURATION_THRESHOLD, _data_rng, _elementwise_activation, peak_slope
from .rectifiers import SELU_ALPHA, SELU_LAMBDA

__all__ = [
    "BATCH_NORM_EPS",
    "ForwardStatistics",
    "forward_statistics",
    "normalise_over_batch",
    "selu_moments",
    "selu_variance_map",
]

#: The small constant added to the batch variance before the square root, for numerical
#: stability (Ioffe and Szegedy's epsilon). 1e-5 is PyTorch's ``BatchNorm`` default.
BATCH_NORM_EPS = 1e-5


@dataclass(frozen=True)
class ForwardStatistics:
    r"""What one forward pass shows in each hidden layer, first layer first.

    ``input_std``: the standard deviation, over units and samples, of the activation's input
    (the pre-activation, normalised or not); ``mean_slope``: the mean of :math:`\varphi'` there;
    ``saturated_fraction``: the fraction of (unit, sample) pairs whose slope is below
    :data:`~activations.mlp.SATURATION_THRESHOLD` times the activation's steepest slope.
    """

    input_std: np.ndarray
    mean_slope: np.ndarray
    saturated_fraction: np.ndarray


def normalise_over_batch(a: np.ndarray, eps: float = BATCH_NORM_EPS) -> np.ndarray:
    r"""Each column of ``a`` (one unit, rows are samples) shifted and scaled to mean 0, variance 1.

    :math:`\hat a = (a - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}` with the batch mean and the biased
    batch variance, as in batch normalisation's Algorithm 1, with scale 1 and shift 0.
    """
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 2:
        raise ValueError(
            f"normalise_over_batch: expected a 2-d array with at least 2 rows, got shape {a.shape}"
        )
    if not (isinstance(eps, numbers.Real) and math.isfinite(eps) and eps >= 0):
        raise ValueError(f"normalise_over_batch: eps must be a finite number >= 0, got {eps!r}")
    centred = a - a.mean(axis=0)
    return centred / np.sqrt(np.mean(centred**2, axis=0) + eps)


def forward_statistics(
    activation: str,
    *,
    gain: float = 1.0,
    normalise: bool = False,
    depth: int = 50,
    width: int = 128,
    n_samples: int = 256,
    seed: int = 0,
    eps: float = BATCH_NORM_EPS,
) -> ForwardStatistics:
    r"""Per-layer saturation of the network of :func:`~activations.mlp.layer_statistics`.

    The same network (``depth`` hidden layers of ``width`` units, the activation's customary
    initialisation times ``gain``, biases 0) reads the same standard-normal inputs. With
    ``normalise`` each layer computes :math:`h_l = \varphi(\hat a_l)`, :math:`\hat a_l` the
    pre-activation :math:`a_l = h_{l-1} W_l` normalised over the batch
    (:func:`normalise_over_batch`); without it, :math:`h_l = \varphi(a_l)` as in ``layer_statistics``,
    whose slopes and saturated fractions this then reproduces.
    """
    entry = _elementwise_activation(activation, "forward_statistics")
    network = MLP([width] * (depth + 1) + [1], activation, seed=seed, gain=gain)
    x = _data_rng(seed).standard_normal((n_samples, width))
    threshold = SATURATION_THRESHOLD * peak_slope(activation)
    stds, slopes, saturated = [], [], []
    h = x
    for w, b in zip(network.weights[:-1], network.biases[:-1], strict=True):
        a = h @ w + b
        if normalise:
            a = normalise_over_batch(a, eps)
        slope = entry.derivative(a, **entry.params)
        stds.append(np.std(a))
        slopes.append(np.mean(slope))
        saturated.append(np.mean(np.abs(slope) < threshold))
        h = entry.function(a, **entry.params)
    return ForwardStatistics(np.array(stds), np.array(slopes), np.array(saturated))


def _std_of(variance: object, func: str) -> float:
    if isinstance(variance, bool) or not isinstance(variance, numbers.Real):
        raise TypeError(f"{func}: variance must be a real number, got {variance!r}")
    if not (math.isfinite(variance) and variance >= 0):
        raise ValueError(f"{func}: variance must be finite and >= 0, got {variance!r}")
    return math.sqrt(variance)


def _gaussian_tail_terms(s: float) -> tuple[float, float]:
    r"""``g(s) - g(0)`` and ``g(2s) - 2g(s) + g(0)`` for :math:`g(k) = e^{k^2/2}\Phi(-k)`.

    :math:`g(k) = E[e^{kZ}; Z < 0]` for a standard normal Z, :math:`\tfrac12\operatorname{erfcx}
    (k/\sqrt2)`. Below s = 1 both differences cancel, so they are summed from g's Taylor series
    instead: :math:`g' = kg - 1/\sqrt{2\pi}` gives :math:`a_0 = 1/2`,
    :math:`a_1 = -1/\sqrt{2\pi}` and :math:`(n + 1) a_{n+1} = a_{n-1}`.
    """
    if s >= 1.0:
        g1 = 0.5 * float(erfcx(s / math.sqrt(2.0)))
        g2 = 0.5 * float(erfcx(math.sqrt(2.0) * s))
        return g1 - 0.5, g2 - 2.0 * g1 + 0.5
    coefficients = [0.5, -1.0 / math.sqrt(2.0 * math.pi)]
    for n in range(1, 60):
        coefficients.append(coefficients[n - 1] / (n + 1))
    first = math.fsum(a * s**n for n, a in enumerate(coefficients) if n >= 1)
    second = math.fsum(a * s**n * (2.0**n - 2.0) for n, a in enumerate(coefficients) if n >= 2)
    return first, second


def selu_moments(variance: float) -> tuple[float, float]:
    r"""Mean and second moment of :math:`\mathrm{selu}(z)` for :math:`z \sim N(0, v)`.

    With :math:`s = \sqrt v` and :math:`g(k) = E[e^{kZ}; Z < 0] = e^{k^2/2}\Phi(-k)
    = \tfrac12\operatorname{erfcx}(k/\sqrt2)` for a standard normal Z:

    .. math::
        E[\mathrm{selu}(z)] &= \lambda\bigl(s/\sqrt{2\pi} + \alpha\,(g(s) - g(0))\bigr),\\
        E[\mathrm{selu}(z)^2] &= \lambda^2\bigl(v/2 + \alpha^2\,(g(2s) - 2g(s) + g(0))\bigr).

    ``erfcx`` keeps both exact for large ``v``, where :math:`e^{2v}` would overflow, and a Taylor
    series of g keeps them exact for small ``v``, where the differences cancel.
    """
    s = _std_of(variance, "selu_moments")
    first, second_difference = _gaussian_tail_terms(s)
    mean = SELU_LAMBDA * (s / math.sqrt(2.0 * math.pi) + SELU_ALPHA * first)
    second = SELU_LAMBDA**2 * (s * s / 2.0 + SELU_ALPHA**2 * second_difference)
    return mean, second


def selu_variance_map(variance: float, layers: int) -> list[tuple[float, float]]:
    r"""Mean and variance of the SELU units' outputs after each of ``layers`` layers.

    A unit whose weights have :math:`\omega = \sum_i w_i = 0` and :math:`\tau = \sum_i w_i^2 = 1`
    and whose inputs are independent with variance :math:`\nu` has a pre-activation with mean 0
    and variance :math:`\nu`; taking it to be normal, its output has the mean and variance of
    :func:`selu_moments`, and the next layer starts from that variance. Klambauer et al. prove
    that (mean 0, variance 1) is a stable, attracting fixed point of this kind of map.
    """
    _std_of(variance, "selu_variance_map")
    v = float(variance)
    if isinstance(layers, bool) or not isinstance(layers, numbers.Integral) or layers < 0:
        raise ValueError(f"selu_variance_map: layers must be an integer >= 0, got {layers!r}")
    out = []
    for _ in range(int(layers)):
        mean, second = selu_moments(v)
        v = second - mean * mean
        out.append((mean, v))
    return out
