"""The small network of ``activations.mlp``: backpropagation, Adam, training, data, init.

Backpropagation is checked against central finite differences of the loss, for every
elementwise activation of the registry, and the per-layer backward signal and forward spread of
a deep network against PyTorch's autograd in float64; the forward pass and the loss against a
direct numpy formula; Adam's first step against its closed form (the step is the learning rate times the
sign of the gradient); the saturation threshold against the slopes' closed forms solved with
mpmath.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from activations import ACTIVATIONS
from activations.mlp import (
    INITIALISATIONS,
    MLP,
    SATURATION_THRESHOLD,
    Adam,
    cosine_learning_rate,
    initial_weights,
    initialisation_for,
    layer_statistics,
    mean_factor_per_layer,
    peak_slope,
    train,
    two_spirals,
)

ELEMENTWISE = [name for name, entry in ACTIVATIONS.items() if entry.elementwise]


def _small_problem(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(8, 3))
    y = rng.integers(0, 2, size=8).astype(float)
    return x, y


class TestBackpropagation:
    @pytest.mark.parametrize("activation", ELEMENTWISE)
    def test_gradients_match_central_differences(self, activation):
        # dL/dp ~ (L(p + h) - L(p - h)) / 2h, truncation error O(h^2), rounding O(eps / h).
        x, y = _small_problem()
        net = MLP([3, 5, 4, 1], activation, seed=7)
        _, grad_w, grad_b = net.gradients(x, y)
        h = 1e-6
        for param, grad in zip(net.parameters, [*grad_w, *grad_b], strict=True):
            numeric = np.empty_like(param)
            for index in np.ndindex(param.shape):
                saved = param[index]
                param[index] = saved + h
                up = net.loss(x, y)
                param[index] = saved - h
                down = net.loss(x, y)
                param[index] = saved
                numeric[index] = (up - down) / (2 * h)
            np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)

    def test_every_elementwise_activation_is_checked(self):
        # softmax, log-softmax and the gated units take an axis: an MLP layer cannot use them
        axis_taking = {"softmax", "log_softmax", "glu", "reglu", "geglu", "swiglu"}
        assert len(ELEMENTWISE) == len(ACTIVATIONS) - len(axis_taking)
        assert not axis_taking & set(ELEMENTWISE)

    def test_forward_pass_and_loss_match_a_direct_formula(self):
        x, y = _small_problem()
        net = MLP([3, 5, 1], "tanh", seed=1)
        (w1, w2), (b1, b2) = net.weights, net.biases
        z = (np.tanh(x @ w1 + b1) @ w2 + b2)[:, 0]
        p = 1 / (1 + np.exp(-z))
        cross_entropy = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        np.testing.assert_allclose(net.logits(x), z, rtol=1e-14)
        np.testing.assert_allclose(net.predict_proba(x), p, rtol=1e-14)
        assert net.loss(x, y) == pytest.approx(cross_entropy, rel=1e-13)

    def test_loss_of_a_confident_wrong_answer_is_finite(self):
        # softplus(z) - y z stays exact where log(1 - sigmoid(z)) would give -inf.
        net = MLP([1, 1], "relu", seed=0)
        net.weights[0][:] = 1000.0
        assert net.loss(np.array([[1.0]]), np.array([0.0])) == pytest.approx(1000.0)


class TestAdam:
    def test_first_step_moves_each_parameter_by_the_learning_rate(self):
        # After one step m_hat = g and v_hat = g^2, so the update is lr * g / (|g| + eps).
        param = np.array([1.0, -2.0, 0.5])
        grad = np.array([0.3, -4.0, 1e-3])
        Adam(learning_rate=0.1, eps=0.0).step([param], [grad])
        np.testing.assert_allclose(param, [0.9, -1.9, 0.4], rtol=1e-15)

    def test_minimises_a_quadratic(self):
        param = np.array([3.0, -5.0])
        optimiser = Adam(learning_rate=0.1)
        for _ in range(2000):
            optimiser.step([param], [2 * param])
        np.testing.assert_allclose(param, 0.0, atol=1e-3)


class TestCosineLearningRate:
    def test_starts_at_the_peak_halves_midway_and_approaches_zero(self):
        assert cosine_learning_rate(0, 100, 0.02) == 0.02
        assert cosine_learning_rate(50, 100, 0.02) == pytest.approx(0.01, rel=1e-15)
        assert cosine_learning_rate(99, 100, 0.02) == pytest.approx(
            0.01 * (1 - math.cos(math.pi / 100)), rel=1e-12
        )

    def test_decreases(self):
        rates = [cosine_learning_rate(t, 100, 1.0) for t in range(100)]
        assert all(np.diff(rates) < 0)


# Hard sigmoid's derivative is exactly 0 beyond |x| = 3: with seed 0 and learning rate 0.05
# this net stalls at 0.53 of its initial loss (76% accuracy); at 0.2 it learns the spirals.
LEARNING_RATE = {"hard_sigmoid": 0.2}


class TestTraining:
    @pytest.mark.parametrize("activation", ELEMENTWISE)
    def test_training_reduces_the_loss(self, activation):
        x, y = two_spirals(200, turns=0.75, seed=0)
        net = MLP([2, 16, 16, 1], activation, seed=0)
        losses = train(net, x, y, steps=300, learning_rate=LEARNING_RATE.get(activation, 0.05))
        assert net.loss(x, y) < 0.5 * losses[0]
        assert np.mean((net.predict_proba(x) > 0.5) == y) > 0.9

    def test_training_is_deterministic(self):
        x, y = two_spirals(100, seed=4)
        runs = []
        for _ in range(2):
            net = MLP([2, 8, 8, 1], "gelu", seed=5)
            runs.append((train(net, x, y, steps=50), net.parameters))
        (losses_a, params_a), (losses_b, params_b) = runs
        assert np.array_equal(losses_a, losses_b)
        for a, b in zip(params_a, params_b, strict=True):
            assert np.array_equal(a, b)

    def test_seed_changes_the_weights(self):
        a, b = MLP([2, 8, 1], "relu", seed=0), MLP([2, 8, 1], "relu", seed=1)
        assert not np.array_equal(a.weights[0], b.weights[0])


class TestInputChecks:
    def test_unknown_activation(self):
        with pytest.raises(ValueError, match=r"MLP: unknown activation 'rectifier'"):
            MLP([2, 1], "rectifier")

    def test_softmax_is_not_a_hidden_activation(self):
        with pytest.raises(ValueError, match=r"MLP: 'softmax' is not elementwise"):
            MLP([2, 4, 1], "softmax")

    @pytest.mark.parametrize("sizes", [[2], [2, 4, 2], [2, 0, 1]])
    def test_bad_layer_sizes(self, sizes):
        with pytest.raises(ValueError, match=r"MLP: layer_sizes"):
            MLP(sizes, "relu")

    def test_unknown_initialisation(self):
        with pytest.raises(ValueError, match=r"initial_weights: unknown scheme 'xavier'"):
            MLP([2, 4, 1], "relu", init="xavier")

    def test_too_few_samples(self):
        with pytest.raises(ValueError, match=r"two_spirals: n_samples must be at least 2"):
            two_spirals(1)


class TestTwoSpirals:
    def test_shape_and_balanced_labels(self):
        x, y = two_spirals(301, seed=0)
        assert x.shape == (301, 2) and y.shape == (301,)
        assert x.dtype == y.dtype == np.float64
        assert set(np.unique(y)) == {0.0, 1.0}
        assert (y == 0).sum() == 150 and (y == 1).sum() == 151

    def test_same_seed_same_data_other_seed_other_data(self):
        x1, y1 = two_spirals(100, seed=2)
        x2, y2 = two_spirals(100, seed=2)
        x3, _ = two_spirals(100, seed=3)
        assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
        assert not np.array_equal(x1, x3)

    def test_data_stream_is_not_the_weight_stream_of_the_same_seed(self):
        # MLP(seed=0) draws its weights from default_rng(0); the data must not repeat those draws.
        x, _ = two_spirals(50, noise=0.0, seed=0)
        weight_stream = np.random.default_rng(0).uniform(0.1, 1.0, size=50)
        assert not np.allclose(np.hypot(x[:, 0], x[:, 1]), weight_stream)

    def test_noise_free_points_lie_on_the_two_arms(self):
        turns = 1.5
        x, y = two_spirals(200, turns=turns, noise=0.0, seed=1)
        radius = np.hypot(x[:, 0], x[:, 1])
        assert np.all((radius >= 0.1) & (radius <= 1.0))
        # Arm c is the curve angle = 2 pi turns r + c pi.
        expected = 2 * np.pi * turns * radius + np.pi * y
        mismatch = np.angle(np.exp(1j * (np.arctan2(x[:, 1], x[:, 0]) - expected)))
        np.testing.assert_allclose(mismatch, 0.0, atol=1e-12)


class TestInitialisation:
    @pytest.mark.parametrize(
        ("scheme", "std"),
        [
            ("glorot", math.sqrt(2 / (400 + 300))),  # uniform on ±a has std a / sqrt(3)
            ("he", math.sqrt(2 / 400)),
            ("lecun", math.sqrt(1 / 400)),
        ],
    )
    def test_weight_spread(self, scheme, std):
        weights = initial_weights(400, 300, scheme, np.random.default_rng(0))
        assert weights.shape == (400, 300)
        # 120 000 draws: the sample std is within 1% of the target with overwhelming probability.
        assert np.std(weights) == pytest.approx(std, rel=0.01)
        assert abs(np.mean(weights)) < 0.01 * std

    def test_glorot_is_bounded(self):
        weights = initial_weights(50, 30, "glorot", np.random.default_rng(0))
        assert np.max(np.abs(weights)) <= math.sqrt(6 / 80)

    def test_customary_schemes(self):
        assert {
            name: initialisation_for(name) for name in ("sigmoid", "tanh", "relu", "gelu", "selu")
        } == {"sigmoid": "glorot", "tanh": "glorot", "relu": "he", "gelu": "he", "selu": "lecun"}
        assert {initialisation_for(name) for name in ELEMENTWISE} == set(INITIALISATIONS)

    def test_network_uses_the_customary_scheme(self):
        assert MLP([2, 1], "selu").init == "lecun"
        assert MLP([2, 1], "selu", init="he").init == "he"

    def test_gain_multiplies_every_initial_weight(self):
        plain, scaled = MLP([3, 4, 1], "tanh", seed=2), MLP([3, 4, 1], "tanh", seed=2, gain=4.0)
        for a, b in zip(plain.weights, scaled.weights, strict=True):
            np.testing.assert_array_equal(b, 4.0 * a)

    @pytest.mark.parametrize("gain", [0.0, -1.0, math.inf, math.nan])
    def test_bad_gain(self, gain):
        with pytest.raises(ValueError, match=r"MLP: gain must be a positive finite number"):
            MLP([2, 1], "relu", gain=gain)


class TestPeakSlope:
    @pytest.mark.parametrize(
        ("activation", "peak"),
        [
            ("sigmoid", 0.25),  # sigma'(0) = 1/4
            ("tanh", 1.0),
            ("relu", 1.0),
            # SELU: lambda * alpha, its slope's left limit at 0 (constants from the SELU paper).
            ("selu", 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717),
        ],
    )
    def test_known_peaks(self, activation, peak):
        assert peak_slope(activation) == pytest.approx(peak, rel=1e-12)

    def test_gelu_peak_from_mpmath(self):
        # GELU'(x) = Phi(x) + x phi(x) peaks where GELU'' = phi(x) (2 - x^2) = 0, at x = sqrt(2).
        with mpmath.workdps(30):
            x = mpmath.sqrt(2)
            peak = mpmath.ncdf(x) + x * mpmath.npdf(x)
        assert peak_slope("gelu") == pytest.approx(float(peak), rel=1e-8)

    def test_softmax_has_no_peak_slope(self):
        with pytest.raises(ValueError, match=r"peak_slope: 'softmax' is not elementwise"):
            peak_slope("softmax")


class TestLayerStatistics:
    def test_shapes_and_ranges(self):
        stats = layer_statistics("tanh", depth=20, width=32, n_samples=64)
        for values in vars(stats).values():
            assert values.shape == (20,) and np.all(np.isfinite(values))
        assert np.all(stats.gradient_norm > 0)
        assert np.all((stats.saturated_fraction >= 0) & (stats.saturated_fraction <= 1))
        assert np.all((stats.mean_slope > 0) & (stats.mean_slope <= 1))

    def test_saturated_fraction_is_the_share_beyond_the_threshold(self):
        # For the sigmoid, sigma'(z) < 0.1 / 4 exactly where |z| > z*, with sigma(z*) the root
        # of s (1 - s) = 0.025 above 1/2: the fraction must equal the share of |z| > z*.
        with mpmath.workdps(30):
            s = (1 + mpmath.sqrt(1 - 4 * (SATURATION_THRESHOLD * 0.25))) / 2
            edge = float(mpmath.log(s / (1 - s)))
        assert edge == pytest.approx(3.637, abs=1e-3)
        net_stats = layer_statistics("sigmoid", depth=3, width=16, n_samples=32, gain=6.0)
        network = MLP([16] * 4 + [1], "sigmoid", gain=6.0)
        rng = np.random.default_rng((0, 1))
        x = rng.standard_normal((32, 16))
        _, _, pre_activations = network._forward(x)
        expected = [np.mean(np.abs(a) > edge) for a in pre_activations]
        np.testing.assert_allclose(net_stats.saturated_fraction, expected, atol=0)
        assert max(expected) > 0.2  # the gain makes the check non-trivial

    def test_sigmoid_gradient_vanishes_towards_the_input(self):
        # Each sigmoid layer multiplies the backward signal by sigma' <= 1/4.
        stats = layer_statistics("sigmoid", depth=30, width=64, n_samples=128)
        norms = stats.gradient_norm
        assert norms[0] < 1e-10 * norms[-1]
        assert np.all(np.diff(np.log(norms)) > 0)
        assert np.all(stats.mean_slope <= 0.25)

    @pytest.mark.parametrize("activation", ["relu", "selu"])
    def test_gradient_keeps_its_scale_with_its_initialisation(self, activation):
        norms = layer_statistics(activation, depth=30, width=64, n_samples=128).gradient_norm
        assert 0.01 < norms[0] / norms[-1] < 100

    def test_larger_weights_saturate_more_units(self):
        small, large = (
            layer_statistics("tanh", depth=10, width=64, n_samples=64, gain=gain)
            for gain in (1.0, 4.0)
        )
        assert small.saturated_fraction[1:].mean() < large.saturated_fraction[1:].mean()
        assert small.pre_activation_std[1:].mean() < large.pre_activation_std[1:].mean()


def _torch_signals(activation: str, **options) -> tuple[np.ndarray, np.ndarray]:
    """||dL/da_l|| and std(h_l) of layer_statistics' network, computed by PyTorch's autograd
    in float64 from the same weights and data, with PyTorch's own activation functions."""
    torch = pytest.importorskip("torch")
    functional = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "selu": torch.nn.functional.selu,
        "gelu": torch.nn.functional.gelu,  # the exact (erf) form by default
    }[activation]
    depth, width, n = options["depth"], options["width"], options["n_samples"]
    network = MLP(
        [width] * (depth + 1) + [1], activation, init=options.get("init"), gain=options["gain"]
    )
    rng = np.random.default_rng((0, 1))  # layer_statistics' data stream for seed 0
    x = torch.tensor(rng.standard_normal((n, width)))
    y = torch.tensor(rng.integers(0, 2, size=n).astype(np.float64))
    h, pre_activations, outputs = x, [], []
    for w, b in zip(network.weights[:-1], network.biases[:-1], strict=True):
        a = h @ torch.tensor(w, requires_grad=True) + torch.tensor(b)
        a.retain_grad()
        pre_activations.append(a)
        h = functional(a)
        outputs.append(h)
    z = (h @ torch.tensor(network.weights[-1]) + torch.tensor(network.biases[-1]))[:, 0]
    torch.mean(torch.nn.functional.softplus(z) - y * z).backward()
    backward = np.array([float(torch.linalg.norm(a.grad)) for a in pre_activations])
    spread = np.array([float(torch.std(o.detach(), correction=0)) for o in outputs])
    return backward, spread


class TestSignalsPerLayer:
    @pytest.mark.parametrize(
        ("activation", "init", "gain"),
        [
            ("sigmoid", None, 1.0),
            ("sigmoid", None, 4.0),
            ("tanh", None, 1.0),
            ("tanh", None, 5 / 3),
            ("relu", None, 1.0),
            ("relu", "glorot", 1.0),
            ("selu", None, 1.0),
            ("gelu", None, 1.0),
        ],
    )
    def test_backward_signal_and_forward_spread_match_pytorch_autograd(
        self, activation, init, gain
    ):
        options = {"depth": 12, "width": 24, "n_samples": 40, "init": init, "gain": gain}
        stats = layer_statistics(activation, **options)
        backward, spread = _torch_signals(activation, **options)
        # Same float64 arithmetic in another order: agreement to 1e-12 relative over 12 layers.
        np.testing.assert_allclose(stats.backward_norm, backward, rtol=1e-12)
        np.testing.assert_allclose(stats.activation_std, spread, rtol=1e-12)

    def test_weight_gradient_is_the_input_times_the_backward_signal(self):
        # ||dL/dW_l|| = ||h_{l-1}^T delta_l||: for one sample it is ||h_{l-1}|| ||delta_l||.
        stats = layer_statistics("tanh", depth=6, width=8, n_samples=1)
        network = MLP([8] * 7 + [1], "tanh")
        x = np.random.default_rng((0, 1)).standard_normal((1, 8))
        _, inputs, _ = network._forward(x)
        # inputs holds h_0 (the data) to h_6; layer l of 6 pairs h_{l-1} with delta_l
        pairs = zip(inputs[:-1], stats.backward_norm, strict=True)
        expected = [np.linalg.norm(h) * d for h, d in pairs]
        np.testing.assert_allclose(stats.gradient_norm, expected, rtol=1e-12)

    def test_init_chooses_the_scheme(self):
        # ReLU with Glorot's variance (1/width here) halves the signal's second moment per
        # layer (He et al. 2015): the forward spread falls by about 1/sqrt(2) per layer.
        glorot = layer_statistics("relu", depth=20, width=64, n_samples=64, init="glorot")
        he = layer_statistics("relu", depth=20, width=64, n_samples=64)
        assert mean_factor_per_layer(glorot.activation_std) == pytest.approx(2**-0.5, rel=0.05)
        assert 0.9 < mean_factor_per_layer(he.activation_std) < 1.1

    def test_unknown_init(self):
        with pytest.raises(ValueError, match=r"initial_weights: unknown scheme 'orthogonal'"):
            layer_statistics("relu", depth=2, width=4, n_samples=4, init="orthogonal")


class TestMeanFactorPerLayer:
    def test_geometric_mean_of_the_steps(self):
        assert mean_factor_per_layer([1.0, 2.0, 8.0]) == pytest.approx(math.sqrt(8))
        assert mean_factor_per_layer([5.0, 5.0]) == 1.0

    @pytest.mark.parametrize("values", [[1.0], [1.0, 0.0], [1.0, -2.0], [1.0, math.nan], []])
    def test_bad_values(self, values):
        with pytest.raises(ValueError, match=r"mean_factor_per_layer: values must be"):
            mean_factor_per_layer(values)
