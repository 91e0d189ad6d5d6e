"""Initialisation gains of ``activations.gains``: against mpmath, closed forms and PyTorch.

The reference moments are integrals computed by mpmath at 40 digits (tanh-sinh quadrature, split
at 0) of activations written here in mpmath, independent of the package's numpy code: the SELU
constants are the paper's, to 32 digits. Where a moment has a closed form (ReLU and Leaky ReLU:
(1 + alpha^2)/2) the test states it. PyTorch's ``torch.nn.init.calculate_gain`` (torch is an
optional dependency, in requirements-torch.txt) gives the values the frameworks use, which the
reference page sets beside these: the tests show where they agree (ReLU, Leaky ReLU) and where
they do not (tanh's 5/3, the sigmoid's 1, SELU's 3/4).
"""

from __future__ import annotations

import doctest
import functools
import math

import mpmath
import pytest

from activations import gains

#: mpmath at 40 digits in a context of its own: the precision of ``MPC.mp`` is left alone.
MPC = mpmath.MPContext()
MPC.dps = 40
SELU_ALPHA = MPC.mpf("1.6732632423543772848170429916717")
SELU_LAMBDA = MPC.mpf("1.0507009873554804934193349852946")


def _sigmoid(x):
    return 1 / (1 + MPC.exp(-x))


#: name -> (phi, phi') in mpmath, each defined piecewise where the activation has a kink at 0
MP = {
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    "tanh": (MPC.tanh, lambda x: 1 / MPC.cosh(x) ** 2),
    "relu": (lambda x: max(x, 0), lambda x: 1 if x > 0 else 0),
    "leaky_relu": (
        lambda x: x if x > 0 else MPC.mpf("0.01") * x,
        lambda x: 1 if x > 0 else MPC.mpf("0.01"),
    ),
    "elu": (lambda x: x if x > 0 else MPC.expm1(x), lambda x: 1 if x > 0 else MPC.exp(x)),
    "selu": (
        lambda x: SELU_LAMBDA * (x if x > 0 else SELU_ALPHA * MPC.expm1(x)),
        lambda x: SELU_LAMBDA * (1 if x > 0 else SELU_ALPHA * MPC.exp(x)),
    ),
    "gelu": (lambda x: x * MPC.ncdf(x), lambda x: MPC.ncdf(x) + x * MPC.npdf(x)),
    "silu": (
        lambda x: x * _sigmoid(x),
        lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x))),
    ),
}


@functools.cache
def mp_moment(name: str, which: int, q: str = "1") -> MPC.mpf:
    """E[phi(sqrt(q) Z)^2] (which = 0) or E[phi'(sqrt(q) Z)^2] (which = 1), Z ~ N(0, 1)."""
    f, s = MP[name][which], MPC.sqrt(MPC.mpf(q))
    return MPC.quad(lambda z: f(s * z) ** 2 * MPC.npdf(z), [-MPC.inf, 0, MPC.inf])


def mp_fixed_point(name: str, gain: MPC.mpf, guess: float) -> MPC.mpf:
    """The q > 0 with q = gain^2 E[phi(sqrt(q) Z)^2], by mpmath's secant root finder from
    ``guess`` (the fixed points here attract the variance map, so they are what it settles to)."""
    f = MP[name][0]

    def excess(q):
        s = MPC.sqrt(q)
        moment = MPC.quad(lambda z: f(s * z) ** 2 * MPC.npdf(z), [-MPC.inf, 0, MPC.inf])
        return gain**2 * moment - q

    return MPC.findroot(excess, MPC.mpf(guess))


# quad is asked for 1e-13 relative; 1e-11 leaves room for the integrand's rounding.
REL = 1e-11


class TestMoments:
    @pytest.mark.parametrize("name", sorted(MP))
    def test_second_moment_matches_mpmath(self, name):
        assert gains.second_moment(name) == pytest.approx(float(mp_moment(name, 0)), rel=REL)

    @pytest.mark.parametrize("name", sorted(MP))
    def test_slope_second_moment_matches_mpmath(self, name):
        assert gains.slope_second_moment(name) == pytest.approx(float(mp_moment(name, 1)), rel=REL)

    @pytest.mark.parametrize("q", ["0.01", "2.5", "30"])
    def test_other_variances(self, q):
        assert gains.second_moment("tanh", float(q)) == pytest.approx(
            float(mp_moment("tanh", 0, q)), rel=REL
        )
        assert gains.slope_second_moment("sigmoid", float(q)) == pytest.approx(
            float(mp_moment("sigmoid", 1, q)), rel=REL
        )

    @pytest.mark.parametrize("alpha", [0.01, 0.2, 0.3])
    def test_leaky_relu_closed_form(self, alpha):
        # half the inputs are positive (second moment 1/2), half negative (alpha^2 / 2)
        assert gains.second_moment("leaky_relu", alpha=alpha) == pytest.approx(
            (1 + alpha**2) / 2, rel=1e-13
        )
        assert gains.slope_second_moment("leaky_relu", alpha=alpha) == pytest.approx(
            (1 + alpha**2) / 2, rel=1e-13
        )

    def test_selu_keeps_the_second_moment_at_one(self):
        # Klambauer et al. chose lambda and alpha so that mean 0, variance 1 is a fixed point.
        assert abs(mp_moment("selu", 0) - 1) < MPC.mpf(10) ** -25
        assert gains.second_moment("selu") == pytest.approx(1.0, rel=1e-12)


class TestGains:
    def test_relu_forward_and_backward_gains_are_root_two(self):
        assert gains.forward_gain("relu") == pytest.approx(math.sqrt(2), rel=1e-13)
        assert gains.backward_gain("relu") == pytest.approx(math.sqrt(2), rel=1e-13)

    @pytest.mark.parametrize("name", ["sigmoid", "tanh", "selu", "gelu"])
    def test_gains_from_mpmath(self, name):
        assert gains.forward_gain(name) == pytest.approx(
            float(1 / MPC.sqrt(mp_moment(name, 0))), rel=REL
        )
        assert gains.backward_gain(name) == pytest.approx(
            float(1 / MPC.sqrt(mp_moment(name, 1))), rel=REL
        )

    def test_tanh_values_of_the_reference_page(self):
        # The numbers the page prints, to its four decimals.
        assert round(gains.forward_gain("tanh"), 4) == 1.5925
        assert round(gains.backward_gain("tanh"), 4) == 1.4674

    @pytest.mark.parametrize(
        ("name", "expected"), [("sigmoid", 4.0), ("tanh", 1.0), ("elu", 1.0), ("gelu", 2.0)]
    )
    def test_linearisation_gain_is_one_over_the_slope_at_zero(self, name, expected):
        # sigma'(0) = 1/4, tanh'(0) = 1, ELU'(0) = 1 on both sides, GELU'(0) = Phi(0) = 1/2
        assert gains.linearisation_gain(name) == expected

    @pytest.mark.parametrize("name", ["relu", "leaky_relu", "selu"])
    def test_no_linearisation_gain_at_a_kink(self, name):
        with pytest.raises(ValueError, match=rf"linearisation_gain: '{name}' has a kink at 0"):
            gains.linearisation_gain(name)


class TestVarianceMap:
    def test_tanh_fixed_point_at_five_thirds_matches_mpmath(self):
        gain = MPC.mpf(5) / 3
        q_star = mp_fixed_point("tanh", gain, 1.2)
        assert gains.fixed_point("tanh", 5 / 3) == pytest.approx(float(q_star), rel=1e-10)
        # the rms of tanh's output there, and the backward factor chi
        s = MPC.sqrt(q_star)
        out = MPC.quad(lambda z: MPC.tanh(s * z) ** 2 * MPC.npdf(z), [-MPC.inf, 0, MPC.inf])
        chi = gain**2 * MPC.quad(
            lambda z: MPC.sech(s * z) ** 4 * MPC.npdf(z), [-MPC.inf, 0, MPC.inf]
        )
        q = gains.fixed_point("tanh", 5 / 3)
        assert math.sqrt(gains.second_moment("tanh", q)) == pytest.approx(
            float(MPC.sqrt(out)), rel=1e-10
        )
        assert gains.gradient_factor("tanh", 5 / 3, q) == pytest.approx(float(chi), rel=1e-10)

    def test_tanh_forward_gain_keeps_q_at_one(self):
        g = gains.forward_gain("tanh")
        assert gains.variance_map("tanh", 1.0, g) == pytest.approx(1.0, rel=1e-13)
        assert gains.fixed_point("tanh", g) == pytest.approx(1.0, rel=1e-10)

    def test_sigmoid_fixed_points_match_mpmath(self):
        for gain in (1, 4):
            assert gains.fixed_point("sigmoid", float(gain)) == pytest.approx(
                float(mp_fixed_point("sigmoid", MPC.mpf(gain), gain**2 / 3)), rel=1e-10
            )

    def test_sigmoid_pre_activations_stay_at_least_half_the_gain(self):
        # E[sigma(a)] = 1/2 for a symmetric about 0, so q = g^2 E[sigma^2] >= g^2 / 4.
        for gain in (1.0, 2.0, 4.0):
            assert math.sqrt(gains.fixed_point("sigmoid", gain)) >= gain / 2

    def test_selu_at_lecun_is_its_own_fixed_point(self):
        assert gains.fixed_point("selu", 1.0) == pytest.approx(1.0, rel=1e-12)

    def test_layer_by_layer_matches_mpmath(self):
        # q_1 = g^2 (inputs of second moment 1), then the variance map; chi at each q.
        gain = MPC.mpf(5) / 3
        q, chi = gains.mean_field_layers("tanh", 5 / 3, 4)
        expected_q, expected_chi = [gain**2], []
        for _ in range(3):
            expected_chi.append(gain**2 * mp_moment("tanh", 1, MPC.nstr(expected_q[-1], 30)))
            expected_q.append(gain**2 * mp_moment("tanh", 0, MPC.nstr(expected_q[-1], 30)))
        assert q == pytest.approx([float(v) for v in expected_q], rel=1e-10)
        assert chi == pytest.approx([float(v) for v in expected_chi], rel=1e-10)

    def test_relu_with_glorot_variance_halves_both_signals(self):
        # E[relu(a)^2] = q / 2 and E[relu'(a)^2] = 1 / 2: with g = 1 both halve per layer.
        q, chi = gains.mean_field_layers("relu", 1.0, 6)
        assert q == pytest.approx([2.0**-k for k in range(6)], rel=1e-12)
        assert chi == pytest.approx([0.5] * 5, rel=1e-12)

    @pytest.mark.parametrize("layers", [0, -3, 2.5, True])
    def test_bad_layer_count(self, layers):
        with pytest.raises(ValueError, match=r"mean_field_layers: layers must be a positive"):
            gains.mean_field_layers("tanh", 1.0, layers)

    def test_dying_signal_does_not_settle(self):
        with pytest.raises(ValueError, match=r"fixed_point: the variance map of 'tanh' with gain"):
            gains.fixed_point("tanh", 1.0, max_layers=50)


class TestBadInput:
    @pytest.mark.parametrize(
        "call",
        [
            lambda: gains.second_moment("swish2"),
            lambda: gains.forward_gain("softmax"),
            lambda: gains.backward_gain("glu"),
        ],
    )
    def test_unknown_or_not_elementwise(self, call):
        with pytest.raises(ValueError, match=r"unknown activation|is not elementwise"):
            call()

    @pytest.mark.parametrize("q", [0.0, -1.0, math.inf, math.nan])
    def test_bad_variance(self, q):
        with pytest.raises(ValueError, match=r"second_moment: q must be positive and finite"):
            gains.second_moment("tanh", q)

    def test_variance_that_is_not_a_number(self):
        with pytest.raises(TypeError, match=r"slope_second_moment: q must be a real number"):
            gains.slope_second_moment("tanh", "one")

    @pytest.mark.parametrize("gain", [0.0, -2.0, math.nan])
    def test_bad_gain(self, gain):
        with pytest.raises(ValueError, match=r"variance_map: gain must be positive and finite"):
            gains.variance_map("tanh", 1.0, gain)


class TestPyTorch:
    """What ``torch.nn.init.calculate_gain`` returns, beside the computed gains."""

    @pytest.fixture(scope="class")
    def calculate_gain(self):
        torch = pytest.importorskip("torch")
        return torch.nn.init.calculate_gain

    def test_relu_is_the_forward_gain(self, calculate_gain):
        assert calculate_gain("relu") == pytest.approx(gains.forward_gain("relu"), rel=1e-13)

    @pytest.mark.parametrize("alpha", [0.01, 0.2])
    def test_leaky_relu_is_the_forward_gain(self, calculate_gain, alpha):
        assert calculate_gain("leaky_relu", alpha) == pytest.approx(
            gains.forward_gain("leaky_relu", alpha=alpha), rel=1e-12
        )
        # and with no parameter PyTorch takes the slope 0.01, the package's default
        assert calculate_gain("leaky_relu") == pytest.approx(
            gains.forward_gain("leaky_relu"), rel=1e-12
        )

    def test_tanh_five_thirds_is_none_of_the_computed_gains(self, calculate_gain):
        assert calculate_gain("tanh") == 5 / 3
        computed = (gains.forward_gain("tanh"), gains.backward_gain("tanh"))
        assert all(abs(5 / 3 - g) > 0.07 for g in computed)
        assert gains.linearisation_gain("tanh") == 1

    def test_sigmoid_one_is_none_of_the_computed_gains(self, calculate_gain):
        assert calculate_gain("sigmoid") == 1
        computed = (
            gains.forward_gain("sigmoid"),
            gains.backward_gain("sigmoid"),
            gains.linearisation_gain("sigmoid"),
        )
        assert min(computed) > 1.8

    def test_selu_three_quarters_is_below_the_computed_gains(self, calculate_gain):
        assert calculate_gain("selu") == 3 / 4
        assert calculate_gain("linear") == 1 == pytest.approx(gains.forward_gain("selu"))
        assert gains.backward_gain("selu") > 0.96


def test_the_module_examples_run() -> None:
    failures, tried = doctest.testmod(gains)
    assert tried >= 11 and failures == 0
