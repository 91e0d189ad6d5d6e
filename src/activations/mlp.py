"""A small fully connected network in plain numpy, for the experiments page.

Forward pass, backpropagation through the package's derivatives (looked up in the
``ACTIVATIONS`` registry), the Adam optimiser with a cosine learning-rate decay, a toy
two-dimensional data set, and what one backward pass through a deep network at initialisation
shows layer by layer (the weight gradients, the backward signal and the forward signal that they
multiply, slopes, saturated units). Everything is seeded, so a run
repeats bit for bit on the same machine.

>>> x, y = two_spirals(200, seed=0)
>>> net = MLP([2, 16, 16, 1], "tanh", seed=0)
>>> losses = train(net, x, y, steps=200)
>>> bool(losses[-1] < losses[0])
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .classic import sigmoid
from .registry import ACTIVATIONS, Activation
from .smooth import softplus

__all__ = [
    "INITIALISATIONS",
    "MLP",
    "SATURATION_THRESHOLD",
    "Adam",
    "LayerStatistics",
    "cosine_learning_rate",
    "dead_unit_fractions",
    "initial_weights",
    "initialisation_for",
    "layer_statistics",
    "mean_factor_per_layer",
    "peak_slope",
    "train",
    "two_spirals",
]

#: Weight initialisation schemes, name -> description (the std or range of the weights).
INITIALISATIONS = {
    "glorot": "uniform on ±sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio 2010)",
    "he": "normal with std sqrt(2 / fan_in) (He et al. 2015)",
    "lecun": "normal with std sqrt(1 / fan_in) (LeCun et al. 1998; Klambauer et al. 2017)",
}

#: A unit is saturated on an input when its slope is below this fraction of the activation's
#: steepest slope: :math:`|\varphi'(z)| < 0.1 \max_t |\varphi'(t)|` (for the sigmoid, |z| > 3.64).
SATURATION_THRESHOLD = 0.1

# Glorot for the bounded squashing functions, LeCun-normal for SELU (its self-normalising fixed
# point assumes it), He for ReLU and the ReLU-like rest.
_GLOROT_ACTIVATIONS = frozenset({"sigmoid", "tanh", "softsign", "arctan"})
_LECUN_ACTIVATIONS = frozenset({"selu"})


def _data_rng(seed: int) -> np.random.Generator:
    """A generator for data, independent of the weights' ``default_rng(seed)`` of the same seed."""
    return np.random.default_rng((seed, 1))


def initialisation_for(activation: str) -> str:
    """Return the customary initialisation scheme for ``activation``: a key of INITIALISATIONS.

    Glorot for sigmoid, tanh, softsign and arctan; LeCun-normal for SELU; He for the others.
    """
    _elementwise_activation(activation, "initialisation_for")
    if activation in _GLOROT_ACTIVATIONS:
        return "glorot"
    if activation in _LECUN_ACTIVATIONS:
        return "lecun"
    return "he"


def initial_weights(fan_in: int, fan_out: int, scheme: str, rng: np.random.Generator) -> np.ndarray:
    r"""Draw a ``(fan_in, fan_out)`` weight matrix with the named scheme.

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    scheme : {"glorot", "he", "lecun"}
        Glorot: :math:`U(-a, a)`, :math:`a = \sqrt{6/(n_{in} + n_{out})}`;
        He: :math:`N(0, 2/n_{in})`; LeCun: :math:`N(0, 1/n_{in})`.
    rng : numpy.random.Generator
        Source of the random numbers.
    """
    if scheme == "glorot":
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    if scheme == "he":
        return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
    if scheme == "lecun":
        return rng.normal(0.0, math.sqrt(1.0 / fan_in), size=(fan_in, fan_out))
    raise ValueError(
        f"initial_weights: unknown scheme {scheme!r}; expected one of {sorted(INITIALISATIONS)}"
    )


def _elementwise_activation(name: str, caller: str) -> Activation:
    """The registry entry called ``name``, which must be an elementwise activation."""
    if name not in ACTIVATIONS:
        raise ValueError(
            f"{caller}: unknown activation {name!r}; expected one of {list(ACTIVATIONS)}"
        )
    entry = ACTIVATIONS[name]
    if not entry.elementwise:
        raise ValueError(f"{caller}: {name!r} is not elementwise and cannot be a hidden activation")
    return entry


class MLP:
    r"""A fully connected binary classifier: hidden layers with one activation, a logistic output.

    Layer ``l`` computes :math:`a_l = h_{l-1} W_l + b_l`, :math:`h_l = f(a_l)`; the last layer
    gives the logit :math:`z`, the probability is :math:`\sigma(z)` and the loss the mean binary
    cross-entropy, :math:`\operatorname{softplus}(z) - y z` per sample.

    Parameters
    ----------
    layer_sizes : sequence of int
        Input size, hidden sizes, then 1 for the logit.
    activation : str
        Name of an elementwise activation in ``ACTIVATIONS``, used with its default parameters.
    init : str, optional
        Initialisation scheme; by default :func:`initialisation_for` the activation.
    seed : int
        Seed of the weights; biases start at zero.
    gain : float
        Factor applied to every initial weight (1 keeps the scheme's scale).
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str,
        *,
        init: str | None = None,
        seed: int = 0,
        gain: float = 1.0,
    ) -> None:
        sizes = [int(n) for n in layer_sizes]
        if len(sizes) < 2 or sizes[-1] != 1 or min(sizes) < 1:
            raise ValueError(
                f"MLP: layer_sizes must be at least [inputs, 1], all positive, ending in 1; "
                f"got {list(layer_sizes)}"
            )
        if not (math.isfinite(gain) and gain > 0):
            raise ValueError(f"MLP: gain must be a positive finite number, got {gain!r}")
        entry = _elementwise_activation(activation, "MLP")
        self.activation = activation
        self.init = initialisation_for(activation) if init is None else init
        self._f = entry.function
        self._df = entry.derivative
        self._params = dict(entry.params)
        rng = np.random.default_rng(seed)
        self.weights = [
            gain * initial_weights(n_in, n_out, self.init, rng)
            for n_in, n_out in itertools.pairwise(sizes)
        ]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]

    @property
    def parameters(self) -> list[np.ndarray]:
        """Weights then biases, the arrays the optimiser updates in place."""
        return [*self.weights, *self.biases]

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Logits, the inputs of every layer and the hidden pre-activations."""
        inputs, pre_activations = [np.asarray(x, dtype=np.float64)], []
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            a = inputs[-1] @ w + b
            pre_activations.append(a)
            inputs.append(self._f(a, **self._params))
        logits = (inputs[-1] @ self.weights[-1] + self.biases[-1])[:, 0]
        return logits, inputs, pre_activations

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The output before the logistic, one per row of ``x``."""
        return self._forward(x)[0]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        r"""The probability of class 1, :math:`\sigma(z)`, one per row of ``x``."""
        return sigmoid(self.logits(x))

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        r"""Mean binary cross-entropy: the mean of :math:`\operatorname{softplus}(z) - y z`."""
        z = self.logits(x)
        return float(np.mean(softplus(z) - y * z))

    def gradients(
        self, x: np.ndarray, y: np.ndarray
    ) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
        r"""The loss and its gradients with respect to the weights and the biases.

        Backpropagation: :math:`\partial L/\partial z = (\sigma(z) - y)/n`, then for each layer
        :math:`\partial L/\partial W_l = h_{l-1}^T \delta_l` and
        :math:`\delta_{l-1} = (\delta_l W_l^T) \odot f'(a_{l-1})`.
        """
        backward = self._backpropagate(x, y)
        return backward.loss, backward.grad_w, backward.grad_b

    def _backpropagate(self, x: np.ndarray, y: np.ndarray) -> _Backward:
        """One forward and one backward pass: everything of :class:`_Backward`."""
        y = np.asarray(y, dtype=np.float64)
        logits, inputs, pre_activations = self._forward(x)
        loss = float(np.mean(softplus(logits) - y * logits))
        delta = ((sigmoid(logits) - y) / len(y))[:, None]
        grad_w, grad_b, slopes, deltas = [], [], [], []
        for layer in range(len(self.weights) - 1, -1, -1):
            grad_w.append(inputs[layer].T @ delta)
            grad_b.append(delta.sum(axis=0))
            if layer > 0:
                slopes.append(self._df(pre_activations[layer - 1], **self._params))
                delta = (delta @ self.weights[layer].T) * slopes[-1]
                deltas.append(delta)
        return _Backward(
            loss=loss,
            grad_w=grad_w[::-1],
            grad_b=grad_b[::-1],
            inputs=inputs,
            pre_activations=pre_activations,
            slopes=slopes[::-1],
            deltas=deltas[::-1],
        )


@dataclass(frozen=True)
class _Backward:
    r"""What one backward pass computes, every list first layer (next to the input) first.

    ``inputs``: the input :math:`x = h_0`, then the hidden outputs :math:`h_1, \dots, h_L`;
    ``pre_activations``: :math:`a_1, \dots, a_L`; ``slopes``: :math:`f'(a_l)`;
    ``deltas``: the backward signal :math:`\delta_l = \partial L / \partial a_l` of each hidden
    layer, each of shape (samples, units).
    """

    loss: float
    grad_w: list[np.ndarray]
    grad_b: list[np.ndarray]
    inputs: list[np.ndarray]
    pre_activations: list[np.ndarray]
    slopes: list[np.ndarray]
    deltas: list[np.ndarray]


class Adam:
    r"""The Adam optimiser (Kingma and Ba 2015, https://arxiv.org/abs/1412.6980).

    :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
    :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
    :math:`\theta \leftarrow \theta - \eta\,\hat m / (\sqrt{\hat v} + \epsilon)`, with the
    bias corrections :math:`\hat m = m/(1-\beta_1^t)` and :math:`\hat v = v/(1-\beta_2^t)`.
    """

    def __init__(
        self,
        learning_rate: float = 0.01,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        self.learning_rate, self.beta1, self.beta2, self.eps = learning_rate, beta1, beta2, eps
        self._m: list[np.ndarray] = []
        self._v: list[np.ndarray] = []
        self._t = 0

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every array of ``params`` in place from its gradient in ``grads``."""
        if not self._m:
            self._m = [np.zeros_like(p) for p in params]
            self._v = [np.zeros_like(p) for p in params]
        self._t += 1
        correction1 = 1.0 - self.beta1**self._t
        correction2 = 1.0 - self.beta2**self._t
        for p, g, m, v in zip(params, grads, self._m, self._v, strict=True):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.learning_rate * (m / correction1) / (np.sqrt(v / correction2) + self.eps)


def cosine_learning_rate(step: int, steps: int, peak: float) -> float:
    r"""The learning rate of step ``step`` (from 0) of ``steps``: a half cosine from ``peak`` to 0.

    :math:`\eta_t = \tfrac{\eta}{2}\,(1 + \cos(\pi t / T))` (Loshchilov and Hutter 2017,
    "SGDR: Stochastic Gradient Descent with Warm Restarts", https://arxiv.org/abs/1608.03983,
    without restarts).
    """
    return 0.5 * peak * (1.0 + math.cos(math.pi * step / steps))


def train(
    network: MLP,
    x: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    learning_rate: float = 0.01,
) -> np.ndarray:
    """Train ``network`` full-batch with :class:`Adam` for ``steps`` steps.

    The learning rate decays from ``learning_rate`` to 0 along :func:`cosine_learning_rate`.
    With a constant rate, Adam's steps keep their size near a minimum and the weights wander
    chaotically, so the last bits of the arithmetic (which differ between CPUs) grow into
    visible differences; the decay lets every run settle.

    Returns
    -------
    ndarray, shape (steps,)
        The loss before each step.
    """
    optimiser = Adam(learning_rate)
    losses = np.empty(steps)
    for step in range(steps):
        optimiser.learning_rate = cosine_learning_rate(step, steps, learning_rate)
        losses[step], grad_w, grad_b = network.gradients(x, y)
        optimiser.step(network.parameters, [*grad_w, *grad_b])
    return losses


def two_spirals(
    n_samples: int, *, turns: float = 1.5, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaved spiral arms in the plane, one per class.

    Point ``i`` of class ``c`` lies at radius :math:`r = t` and angle :math:`2\pi \cdot
    \text{turns} \cdot t + c\pi` for :math:`t` uniform in [0.1, 1), plus Gaussian noise of
    standard deviation ``noise`` (times the radius 1 of the outermost point).

    Returns
    -------
    x : ndarray, shape (n_samples, 2)
        The points, inside roughly [-1, 1]^2.
    y : ndarray, shape (n_samples,)
        Labels 0.0 and 1.0, half each (class 1 gets the extra point when n_samples is odd).
    """
    if n_samples < 2:
        raise ValueError(f"two_spirals: n_samples must be at least 2, got {n_samples}")
    rng = _data_rng(seed)
    y = (np.arange(n_samples) >= n_samples // 2).astype(np.float64)
    t = rng.uniform(0.1, 1.0, size=n_samples)
    angle = 2.0 * np.pi * turns * t + np.pi * y
    x = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    x += rng.normal(0.0, noise, size=x.shape)
    return x, y


def dead_unit_fractions(network: MLP, x: np.ndarray) -> list[float]:
    """The fraction of each hidden layer's units that are never active on the inputs ``x``.

    A unit is never active when its pre-activation is at most 0 for every row of ``x``. For a
    ReLU network such a unit outputs 0 and has slope 0 on all of ``x`` (ReLU'(0) = 0), so no
    gradient reaches its incoming weights and bias from these inputs: it is "dead" on them
    (CS231n's definition: never active across the entire training set).

    Parameters
    ----------
    network : MLP
        The network.
    x : numpy.ndarray
        The inputs, one per row: the training set, or a batch (a batch only bounds the fraction
        on the whole set from above).

    Returns
    -------
    list of float
        One fraction per hidden layer, first layer first.
    """
    _, _, pre_activations = network._forward(x)
    return [float(np.mean(np.all(a <= 0.0, axis=0))) for a in pre_activations]


def peak_slope(activation: str) -> float:
    r"""The steepest slope of an elementwise activation, :math:`\max_t |\varphi'(t)|`.

    Taken over a grid of step 1e-4 on [-20, 20], which holds 0 (where SELU's derivative peaks) and
    where every other entry's derivative peaks or levels off; a threshold needs no more accuracy.
    """
    entry = _elementwise_activation(activation, "peak_slope")
    grid = np.linspace(-20.0, 20.0, 400_001)
    return float(np.max(np.abs(entry.derivative(grid, **entry.params))))


def mean_factor_per_layer(values: Sequence[float]) -> float:
    r"""The geometric mean of the factors from one entry of ``values`` to the next.

    :math:`(v_{\text{last}} / v_{\text{first}})^{1/(n-1)}`: the constant factor per step that
    would take the first value to the last. Pass a backward quantity reversed (``norms[::-1]``)
    to get its factor per layer from the output towards the input.

    >>> mean_factor_per_layer([8.0, 4.0, 2.0, 1.0])
    0.5
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) < 2 or not np.all(np.isfinite(values) & (values > 0)):
        raise ValueError(
            "mean_factor_per_layer: values must be at least two positive finite numbers, got "
            f"{values!r}"
        )
    return float((values[-1] / values[0]) ** (1.0 / (len(values) - 1)))


@dataclass(frozen=True)
class LayerStatistics:
    r"""What one backward pass shows in each hidden layer, first layer (next to the input) first.

    ``gradient_norm``: :math:`\lVert \partial L / \partial W_l \rVert_F
    = \lVert h_{l-1}^T \delta_l \rVert_F`, which mixes the two signals below;
    ``backward_norm``: :math:`\lVert \delta_l \rVert_F`, the backward signal,
    :math:`\delta_l = \partial L / \partial a_l` over the units and samples of the batch;
    ``activation_std``: the standard deviation of the layer's output :math:`h_l = \varphi(a_l)`
    over units and samples, the forward signal;
    ``pre_activation_std``: the standard deviation of :math:`a_l` over units and samples;
    ``mean_slope``: the mean of :math:`\varphi'(a_l)`;
    ``saturated_fraction``: the fraction of (unit, sample) pairs with
    :math:`|\varphi'(a_l)| <` :data:`SATURATION_THRESHOLD` times :func:`peak_slope`.
    """

    gradient_norm: np.ndarray
    backward_norm: np.ndarray
    activation_std: np.ndarray
    pre_activation_std: np.ndarray
    mean_slope: np.ndarray
    saturated_fraction: np.ndarray


def layer_statistics(
    activation: str,
    *,
    depth: int = 50,
    width: int = 128,
    n_samples: int = 256,
    seed: int = 0,
    init: str | None = None,
    gain: float = 1.0,
) -> LayerStatistics:
    r"""Per-layer signals, slopes and saturation of a deep network at initialisation.

    A network of ``depth`` hidden layers of ``width`` units, initialised with the scheme
    ``init`` (by default :func:`initialisation_for` the activation) and every weight multiplied
    by ``gain``, reads standard-normal inputs of size ``width`` with random 0/1 labels; one
    backward pass gives the arrays of :class:`LayerStatistics`, each of shape ``(depth,)``.
    """
    network = MLP([width] * (depth + 1) + [1], activation, init=init, seed=seed, gain=gain)
    rng = _data_rng(seed)
    x = rng.standard_normal((n_samples, width))
    y = rng.integers(0, 2, size=n_samples).astype(np.float64)
    backward = network._backpropagate(x, y)
    threshold = SATURATION_THRESHOLD * peak_slope(activation)
    return LayerStatistics(
        gradient_norm=np.array([np.linalg.norm(g) for g in backward.grad_w[:-1]]),
        backward_norm=np.array([np.linalg.norm(d) for d in backward.deltas]),
        activation_std=np.array([np.std(h) for h in backward.inputs[1:]]),
        pre_activation_std=np.array([np.std(a) for a in backward.pre_activations]),
        mean_slope=np.array([np.mean(s) for s in backward.slopes]),
        saturated_fraction=np.array([np.mean(np.abs(s) < threshold) for s in backward.slopes]),
    )
