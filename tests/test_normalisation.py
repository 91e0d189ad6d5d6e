"""``activations.normalisation``: batch-normalised forward passes and SELU's variance map.

References independent of the code under test: PyTorch's ``batch_norm`` (where torch installs)
for the normalisation, ``activations.mlp.layer_statistics`` for the networks without it, and
mpmath at 40 digits for the Gaussian integrals (SELU's moments, the share of a standard normal
beyond the saturation edge).
"""

from __future__ import annotations

import doctest
import importlib.util

import mpmath
import numpy as np
import pytest

from activations import SELU_ALPHA, SELU_LAMBDA, mlp, normalisation
from activations.normalisation import (
    BATCH_NORM_EPS,
    forward_statistics,
    normalise_over_batch,
    selu_moments,
    selu_variance_map,
)

#: mpmath at 40 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 40


def _batch(seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(2.0, 5.0, size=(64, 7)) * rng.uniform(0.01, 100.0, size=7)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_normalisation_is_pytorchs_batch_norm_in_training_mode() -> None:
    import torch

    a = _batch()
    expected = torch.nn.functional.batch_norm(
        torch.from_numpy(a), None, None, training=True, eps=BATCH_NORM_EPS
    ).numpy()
    np.testing.assert_allclose(normalise_over_batch(a), expected, rtol=1e-12, atol=1e-12)
    assert BATCH_NORM_EPS == torch.nn.BatchNorm1d(3).eps


def test_each_unit_gets_batch_mean_zero_and_variance_one() -> None:
    a = _batch()
    out = normalise_over_batch(a, eps=0.0)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-13)
    np.testing.assert_allclose(out.var(axis=0), 1.0, rtol=1e-13)


def test_the_weights_scale_drops_out() -> None:
    # BN(Wu) = BN((aW)u) for a > 0, up to epsilon (Ioffe and Szegedy, section 3.3).
    a = _batch()
    for scale in (1e-3, 4.0, 1e3):
        np.testing.assert_allclose(
            normalise_over_batch(scale * a, eps=0.0), normalise_over_batch(a, eps=0.0), rtol=1e-12
        )


@pytest.mark.parametrize("bad", [np.ones(5), np.ones((1, 3)), np.ones((2, 2, 2))])
def test_normalise_over_batch_wants_a_batch_of_units(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="normalise_over_batch: expected a 2-d array"):
        normalise_over_batch(bad)


@pytest.mark.parametrize("eps", [-1.0, np.nan, "0.1"])
def test_normalise_over_batch_checks_eps(eps: object) -> None:
    with pytest.raises(ValueError, match="normalise_over_batch: eps"):
        normalise_over_batch(np.ones((3, 2)), eps=eps)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "gain"), [("tanh", 1.0), ("sigmoid", 4.0), ("relu", 2.0)])
def test_without_normalisation_it_is_the_experiment_of_the_experiments_page(
    name: str, gain: float
) -> None:
    stats = forward_statistics(name, gain=gain, depth=12)
    expected = mlp.layer_statistics(name, gain=gain, depth=12)
    np.testing.assert_array_equal(stats.saturated_fraction, expected.saturated_fraction)
    np.testing.assert_array_equal(stats.mean_slope, expected.mean_slope)
    np.testing.assert_array_equal(stats.input_std, expected.pre_activation_std)


def _tail_beyond_saturation_edge(name: str) -> float:
    """P(|Z| > t) for Z ~ N(0, 1), t where |φ'(t)| = SATURATION_THRESHOLD * max |φ'|."""
    slope = {
        "tanh": lambda z: 1 - MP.tanh(z) ** 2,
        "sigmoid": lambda z: 1 / (2 + 2 * MP.cosh(z)),
    }[name]
    peak = slope(MP.mpf(0))
    edge = MP.findroot(lambda z: slope(z) - mlp.SATURATION_THRESHOLD * peak, 2.0)
    return float(MP.erfc(edge / MP.sqrt(2)))


def test_normalised_inputs_have_unit_spread_and_the_same_saturation_at_every_gain() -> None:
    runs = {g: forward_statistics("tanh", gain=g, normalise=True) for g in (1.0, 2.0, 4.0)}
    for stats in runs.values():
        np.testing.assert_allclose(stats.input_std, 1.0, atol=1e-4)
    shares = [float(s.saturated_fraction[1:].mean()) for s in runs.values()]
    assert max(shares) - min(shares) < 1e-5, shares  # only epsilon differs
    # Normalised, a unit's input is roughly standard normal: its share beyond the edge.
    assert shares[0] == pytest.approx(_tail_beyond_saturation_edge("tanh"), abs=0.005)


def test_without_normalisation_the_share_grows_with_the_gain() -> None:
    shares = [
        float(forward_statistics("tanh", gain=g).saturated_fraction[1:].mean())
        for g in (1.0, 2.0, 4.0)
    ]
    assert shares == sorted(shares) and shares[-1] > 0.5


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"activation": "softmax"}, ValueError), ({"activation": "nope"}, ValueError)],
)
def test_forward_statistics_wants_an_elementwise_registry_entry(kwargs: dict, error) -> None:
    with pytest.raises(error, match="forward_statistics"):
        forward_statistics(**kwargs)


def _selu(z: MP.mpf) -> MP.mpf:
    lam, alpha = MP.mpf(SELU_LAMBDA), MP.mpf(SELU_ALPHA)
    return lam * (z if z > 0 else alpha * MP.expm1(z))


def _mp_moments(variance: float) -> tuple[MP.mpf, MP.mpf]:
    s = MP.sqrt(MP.mpf(variance))

    def moment(k: int) -> MP.mpf:
        return MP.quad(lambda z: _selu(s * z) ** k * MP.npdf(z), [-MP.inf, 0, MP.inf])

    return moment(1), moment(2)


@pytest.mark.parametrize(
    "variance", [0.0, 1e-12, 1e-6, 0.25, 0.99, 1.0, 1.01, 2.0, 4.0, 100.0, 1e4]
)
def test_selu_moments_are_the_gaussian_integrals(variance: float) -> None:
    mean, second = selu_moments(variance)
    mp_mean, mp_second = _mp_moments(variance)
    assert mean == pytest.approx(float(mp_mean), rel=1e-13, abs=1e-15)
    assert second == pytest.approx(float(mp_second), rel=1e-13, abs=1e-15)


def test_selu_variance_map_iterates_the_moments() -> None:
    expected, v = [], MP.mpf(4)
    for _ in range(10):
        mean, second = _mp_moments(float(v))
        v = second - mean**2
        expected.append((float(mean), float(v)))
    got = selu_variance_map(4.0, 10)
    np.testing.assert_allclose(np.array(got), np.array(expected), rtol=1e-12)
    # and (0, 1) stays where it is
    np.testing.assert_allclose(np.array(selu_variance_map(1.0, 5)), [[0.0, 1.0]] * 5, atol=1e-14)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: selu_moments(-1.0), ValueError, "selu_moments: variance must be finite"),
        (lambda: selu_moments(np.inf), ValueError, "selu_moments: variance must be finite"),
        (lambda: selu_moments("1"), TypeError, "selu_moments: variance must be a real"),
        (lambda: selu_variance_map(1.0, -1), ValueError, "selu_variance_map: layers"),
        (lambda: selu_variance_map(1.0, 2.5), ValueError, "selu_variance_map: layers"),
        (lambda: selu_variance_map(True, 2), TypeError, "selu_variance_map: variance"),
    ],
)
def test_selu_functions_reject_bad_input(call, error, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(normalisation)
    assert tried > 0 and failures == 0
