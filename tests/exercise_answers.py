"""The numbers the exercises' solutions state, each computed twice: mpmath and the package.

Every ``[number]{.answer key="..."}`` of exercises.qmd names one entry of :data:`ANSWERS`.
``reference`` computes the number from its definition with mpmath at 40 digits (closed forms,
``findroot``, ``quad``), never with the package; ``package`` computes it with the
``activations`` package (its functions, derivatives and constants; NumPy's ``finfo`` for the
facts about float formats, SciPy only to minimise or integrate the package's functions). A page
number must agree with both, so a change of the page or of the package fails a test.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
from scipy import integrate, optimize

import activations as act
from activations import mlp

__all__ = ["ANSWERS", "Answer"]

#: mpmath at 40 digits in a context of its own: the precision of ``mpmath.mp`` is left alone.
MP = mpmath.MPContext()
MP.dps = 40


@dataclass(frozen=True)
class Answer:
    """One stated number: its mpmath reference and the package's value.

    ``package_rtol`` overrides the tolerance of an exact answer for the package side (finite
    differences and quadrature are not exact to the last ulp).
    """

    reference: Callable[[], MP.mpf]
    package: Callable[[], float]
    package_rtol: float = 1e-12


#: The PReLU exercise's inputs (rows are examples, columns channels) and upstream gradient.
_PRELU_X = np.array([[-1.0, 2.0], [-3.0, -0.5]])
_PRELU_G = np.array([[1.0, 1.0], [2.0, -4.0]])


# --------------------------------------------------------------------------- mpmath side


def _sig(x: MP.mpf) -> MP.mpf:
    return 1 / (1 + MP.exp(-x))


def _softplus(x: MP.mpf) -> MP.mpf:
    return MP.log1p(MP.exp(x))


def _mish(x: MP.mpf) -> MP.mpf:
    return x * MP.tanh(_softplus(x))


def _gelu(x: MP.mpf) -> MP.mpf:
    return x * MP.ncdf(x)


_GELU_TANH_CUBIC = MP.mpf("0.044715")


def _gelu_tanh(x: MP.mpf, a: MP.mpf = _GELU_TANH_CUBIC) -> MP.mpf:
    return x / 2 * (1 + MP.tanh(MP.sqrt(2 / MP.pi) * (x + a * x**3)))


def _normal_mean(f: Callable[[MP.mpf], MP.mpf], scale: float = 1) -> MP.mpf:
    """E[f(scale * Z)] for Z ~ N(0, 1), split at 0 where the rectifiers have their kink."""
    return MP.quad(lambda z: f(scale * z) * MP.npdf(z), [-MP.inf, 0, MP.inf])


def _extremum(f: Callable[[MP.mpf], MP.mpf], guess: float) -> tuple[MP.mpf, MP.mpf]:
    """(x, f(x)) where f' = 0 near ``guess``."""
    x = MP.findroot(lambda t: MP.diff(f, t), MP.mpf(guess))
    return x, f(x)


@functools.cache
def _selu_constants() -> tuple[MP.mpf, MP.mpf]:
    """(lambda, alpha) of the fixed point E[SELU(Z)] = 0, E[SELU(Z)^2] = 1, solved numerically."""

    def moments(lam: MP.mpf, alpha: MP.mpf) -> tuple[MP.mpf, MP.mpf]:
        def f(x):
            return lam * (x if x > 0 else alpha * MP.expm1(x))

        return _normal_mean(f), _normal_mean(lambda x: f(x) ** 2) - 1

    lam, alpha = MP.findroot(moments, (MP.mpf("1.05"), MP.mpf("1.67")))
    return lam, alpha


def _selu(x: MP.mpf) -> MP.mpf:
    lam, alpha = _selu_constants()
    return lam * (x if x > 0 else alpha * MP.expm1(x))


def _selu_next_variance(variance: MP.mpf) -> MP.mpf:
    """2 Var(SELU(sqrt(variance) Z)): the next pre-activation variance with sum w = 0, sum w^2 = 2."""
    lam, alpha = _selu_constants()

    def f(x):
        return lam * (x if x > 0 else alpha * MP.expm1(x))

    scale = MP.sqrt(variance)
    mean = _normal_mean(f, scale)
    return 2 * (_normal_mean(lambda x: f(x) ** 2, scale) - mean**2)


@functools.cache
def _selu_he() -> tuple[MP.mpf, MP.mpf]:
    """Mean of SELU(sqrt 2 Z) and the next pre-activation variance 2 Var(SELU(sqrt 2 Z))."""
    lam, alpha = _selu_constants()

    def f(x):
        return lam * (x if x > 0 else alpha * MP.expm1(x))

    root2 = MP.sqrt(2)
    mean = _normal_mean(f, root2)
    return mean, 2 * (_normal_mean(lambda x: f(x) ** 2, root2) - mean**2)


def _overflow(fraction_bits: int, max_exponent: int) -> MP.mpf:
    """log of the largest finite number of a binary format: (2 - 2^-p) 2^emax."""
    return MP.log((2 - MP.mpf(2) ** -fraction_bits) * MP.mpf(2) ** max_exponent)


def _layers_below(bound: MP.mpf, limit: MP.mpf) -> MP.mpf:
    n = 1
    while bound**n >= limit:
        n += 1
    return MP.mpf(n)


def _lambert() -> MP.mpf:
    return MP.lambertw(1 / MP.e).real


def _silu_max_slope() -> tuple[MP.mpf, MP.mpf]:
    x = MP.findroot(lambda t: t * MP.tanh(t / 2) - 2, MP.mpf(2))
    return x, _sig(x) * (1 + x * (1 - _sig(x)))


def _softmax(values: tuple[int, ...], index: int) -> MP.mpf:
    exps = [MP.exp(MP.mpf(v)) for v in values]
    return exps[index] / MP.fsum(exps)


def _softmax_at(z3: MP.mpf) -> MP.mpf:
    """Softmax of the logits (1, 2, z3), third entry."""
    exps = [MP.exp(MP.mpf(1)), MP.exp(MP.mpf(2)), MP.exp(z3)]
    return exps[2] / MP.fsum(exps)


# --------------------------------------------------------------------------- package side


def _pkg_normal_mean(f: Callable, scale: float = 1.0) -> float:
    def integrand(z: float) -> float:
        return float(f(scale * z)) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    left = integrate.quad(integrand, -np.inf, 0, epsabs=1e-14, epsrel=1e-13)[0]
    right = integrate.quad(integrand, 0, np.inf, epsabs=1e-14, epsrel=1e-13)[0]
    return left + right


def _pkg_minimum(f: Callable, low: float, high: float) -> tuple[float, float]:
    """(x, f(x)) of the package function's minimum on [low, high]."""
    found = optimize.minimize_scalar(
        lambda x: float(f(x)), bounds=(low, high), method="bounded", options={"xatol": 1e-10}
    )
    return float(found.x), float(found.fun)


def _pkg_root(f: Callable, low: float, high: float) -> float:
    return float(optimize.brentq(lambda x: float(f(x)), low, high, xtol=1e-14, rtol=1e-15))


def _pkg_quick_gelu_error(x: float) -> float:
    return float(x * act.sigmoid(1.702 * x) - act.gelu(x))


def _pkg_gelu_tanh_error(x: float) -> float:
    return float(act.gelu_tanh(x) - act.gelu(x))


def _pkg_taylor_tanh_error(x: float) -> float:
    a = 2 / (3 * math.pi) - 1 / 6
    approx = x / 2 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + a * x**3)))
    return approx - float(act.gelu(x))


def _pkg_taylor_constant() -> float:
    """a in artanh(2 GELU(x)/x - 1) / sqrt(2/pi) = x + a x^3 + O(x^5), from the package's GELU
    at small x, with one Richardson step to remove the x^5 term."""

    def estimate(x: float) -> float:
        u = math.atanh(2 * float(act.gelu(x)) / x - 1) / math.sqrt(2 / math.pi)
        return (u - x) / x**3

    return (4 * estimate(0.01) - estimate(0.02)) / 3


def _pkg_sigmoid_grad_max() -> float:
    return float(np.max(act.sigmoid_grad(np.linspace(-5.0, 5.0, 100_001))))


def _pkg_layers_below_float32_eps() -> float:
    bound, eps, n = _pkg_sigmoid_grad_max(), float(np.finfo(np.float32).eps), 1
    while bound**n >= eps:
        n += 1
    return float(n)


@functools.cache
def _pkg_selu_he() -> tuple[float, float]:
    root2 = math.sqrt(2)
    mean = _pkg_normal_mean(act.selu, root2)
    second = _pkg_normal_mean(lambda x: act.selu(x) ** 2, root2)
    return mean, 2 * (second - mean**2)


def _pkg_selu_next_variance(variance: float) -> float:
    scale = math.sqrt(variance)
    mean = _pkg_normal_mean(act.selu, scale)
    return 2 * (_pkg_normal_mean(lambda x: act.selu(x) ** 2, scale) - mean**2)


def _pkg_silu_max_slope() -> tuple[float, float]:
    x, negative = _pkg_minimum(lambda t: -act.silu_grad(t), 1.0, 4.0)
    return x, -negative


def _pkg_finite_difference(f: Callable, x: float, h: float) -> float:
    return (float(f(x + h)) - float(f(x))) / h


def _pkg_relu6_capped_fraction(scale: float) -> float:
    """P(ReLU6(scale Z) = 6): the cap is found from the package, the tail from erfc."""
    cap = _pkg_root(lambda x: act.relu6(x) - (6.0 - 1e-12), 0.0, 10.0)
    return 0.5 * math.erfc(cap / scale / math.sqrt(2))


def _pkg_gate_slope(gated: Callable, b: float, h: float = 1e-6) -> float:
    """d/db of gated([1, b]) by a central difference of the package's gated unit."""
    up, down = gated(np.array([1.0, b + h])), gated(np.array([1.0, b - h]))
    return float((up[0] - down[0]) / (2 * h))


def _pkg_rest() -> float:
    """The package's log-probability of the largest of the logits (745.2, 709.8), negated."""
    return float(-act.log_softmax(np.array([745.2, 709.8]))[0])


_TANH_AT_0_99 = float(np.arctanh(0.99))


# --------------------------------------------------------------------------- a dead ReLU unit
# The update rules, written out from their papers (no framework is needed):
# SGD with an L2 term (1/2) lam |theta|^2: theta <- theta - lr (g + lam theta).
# Adam, Kingma and Ba (ICLR 2015), Algorithm 1, with the L2 term added to the gradient before the
#   moment averages, as torch.optim.Adam(weight_decay=lam) does: g <- g + lam theta.
# AdamW, Loshchilov and Hutter (ICLR 2019), Algorithm 2, in torch.optim.AdamW's parametrisation:
#   theta <- theta (1 - lr lam), then Adam's step on the data gradient g alone.
# g is the data gradient of a unit relu(w.x + bias) under a loss whose derivative with respect to
# the unit's output is 1: relu'(w.x + bias) x. The bias is a constant (exempt from decay).

_BETAS, _ADAM_EPS = (0.9, 0.999), 1e-8
#: The revival example: weights (-0.05, 0.14), no bias, the input (3, 1) in every example.
_REVIVAL = ((-0.05, 0.14), (3.0, 1.0), 0.0)
#: A unit that stays dead: one weight 0.05 on the input 1, a bias of -1.
_STAYS_DEAD = ((0.05,), (1.0,), -1.0)


def _mp_optimiser(rule: str, unit: tuple, lam: float, lr: float):
    """Yield (t, w, z) after each step, in mpmath at 40 digits; relu'(z) = 1 for z > 0, else 0."""
    w0, x0, bias = unit
    w = [MP.mpf(v) for v in w0]
    x = [MP.mpf(v) for v in x0]
    lam, lr, bias = MP.mpf(lam), MP.mpf(lr), MP.mpf(bias)
    beta1, beta2 = (MP.mpf(b) for b in ("0.9", "0.999"))
    eps = MP.mpf("1e-8")
    m, v = [MP.mpf(0)] * len(w), [MP.mpf(0)] * len(w)
    t = 0
    while True:
        t += 1
        z = MP.fsum(wi * xi for wi, xi in zip(w, x, strict=True)) + bias
        g = [xi if z > 0 else MP.mpf(0) for xi in x]
        if rule == "sgd":
            w = [wi - lr * (gi + lam * wi) for wi, gi in zip(w, g, strict=True)]
        else:
            if rule == "adam-l2":
                g = [gi + lam * wi for wi, gi in zip(w, g, strict=True)]
            else:  # adamw
                w = [wi * (1 - lr * lam) for wi in w]
            m = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True)]
            v = [beta2 * vi + (1 - beta2) * gi**2 for vi, gi in zip(v, g, strict=True)]
            step = [
                lr * (mi / (1 - beta1**t)) / (MP.sqrt(vi / (1 - beta2**t)) + eps)
                for mi, vi in zip(m, v, strict=True)
            ]
            w = [wi - si for wi, si in zip(w, step, strict=True)]
        z = MP.fsum(wi * xi for wi, xi in zip(w, x, strict=True)) + bias
        yield t, w, z


def _pkg_optimiser(rule: str, unit: tuple, lam: float, lr: float):
    """The same in float64, the data gradient from the package's relu_grad (Python floats: the
    halving count takes 70 000 steps, and NumPy's per-call cost on two-element arrays dominates)."""
    w, x, bias = list(unit[0]), list(unit[1]), unit[2]
    m, v = [0.0] * len(w), [0.0] * len(w)
    (beta1, beta2), t = _BETAS, 0
    while True:
        t += 1
        slope = float(act.relu_grad(math.fsum(wi * xi for wi, xi in zip(w, x, strict=True)) + bias))
        g = [slope * xi for xi in x]
        if rule == "sgd":
            w = [wi - lr * (gi + lam * wi) for wi, gi in zip(w, g, strict=True)]
        else:
            if rule == "adam-l2":
                g = [gi + lam * wi for wi, gi in zip(w, g, strict=True)]
            else:  # adamw
                w = [wi * (1 - lr * lam) for wi in w]
            m = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True)]
            v = [beta2 * vi + (1 - beta2) * gi * gi for vi, gi in zip(v, g, strict=True)]
            c1, c2 = 1 - beta1**t, 1 - beta2**t
            w = [
                wi - lr * (mi / c1) / (math.sqrt(vi / c2) + _ADAM_EPS)
                for wi, mi, vi in zip(w, m, v, strict=True)
            ]
        yield t, w, math.fsum(wi * xi for wi, xi in zip(w, x, strict=True)) + bias


def _first_step(steps, condition: Callable, limit: int = 200_000) -> float:
    """The first t at which ``condition(w, z)`` holds (inf if none within ``limit`` steps)."""
    for t, w, z in steps:
        if condition(w, z):
            return float(t)
        if t >= limit:
            return math.inf
    return math.inf


def _crossing(optimiser: Callable, lam: float) -> float:
    """Steps until the weight 0.05 of the unit that stays dead reaches 0 under Adam + L2."""

    def crossed(w, z) -> bool:
        if z > 0:
            raise AssertionError("the unit came back to life")
        return w[0] <= 0

    return _first_step(optimiser("adam-l2", _STAYS_DEAD, lam, 1e-3), crossed)


def _revival(optimiser: Callable, rule: str, lam: float, lr: float = 1e-3, limit: int = 10_000):
    return _first_step(optimiser(rule, _REVIVAL, lam, lr), lambda w, z: z > 0, limit)


def _halving(optimiser: Callable, rule: str, lam: float, lr: float) -> float:
    """Steps until the weights of the revival example's unit have halved (it stays dead)."""
    w0 = np.abs(np.array(_REVIVAL[0], dtype=float))

    def halved(w, z) -> bool:
        if z > 0:
            raise AssertionError("the unit came back to life")
        return bool(np.all(np.abs(np.array(w, dtype=float)) <= w0 / 2))

    return _first_step(optimiser(rule, _REVIVAL, lam, lr), halved)


def _same_count(first: float, second: float) -> float:
    return first if first == second else math.nan


@functools.cache
def _pkg_decay_halving() -> float:
    """SGD (lr 0.1, lam 1e-4) and AdamW (PyTorch's defaults) must agree; their common count."""
    sgd = _halving(_pkg_optimiser, "sgd", 1e-4, 0.1)
    adamw = _halving(_pkg_optimiser, "adamw", 1e-2, 1e-3)
    return sgd if sgd == adamw else math.nan


def _pkg_adam_memory_factor() -> float:
    """Ratio of two successive Adam steps once the gradient is 0 (late, bias corrections ~ 1)."""
    (beta1, beta2), t = _BETAS, 10**6
    m, v, steps = 1.0, 1.0, []
    for t in range(10**6, 10**6 + 3):
        m, v = beta1 * m, beta2 * v
        steps.append((m / (1 - beta1**t)) / (math.sqrt(v / (1 - beta2**t)) + _ADAM_EPS))
    return steps[2] / steps[1]


# --------------------------------------------------------------------------- best fits at worst


def _equioscillation(error: Callable, guess: tuple[str, float, float]) -> tuple[MP.mpf, ...]:
    """(p, x1, x2, e(x1)) for the parameter p whose two extremes of e(p, .) are equal and
    opposite, e(p, x1) = -e(p, x2): the best fit at worst when e has two extremes."""

    def slope(p, x):
        return MP.diff(lambda s: error(p, s), x)

    p, x1, x2 = MP.findroot(
        lambda p, u, w: (slope(p, u), slope(p, w), error(p, u) + error(p, w)),
        (MP.mpf(guess[0]), MP.mpf(guess[1]), MP.mpf(guess[2])),
    )
    return p, x1, x2, error(p, x1)


def _phi_tanh_error(a, x):
    return (1 + MP.tanh(MP.sqrt(2 / MP.pi) * (x + a * x**3))) / 2 - MP.ncdf(x)


@functools.cache
def _phi_tanh_minimax() -> tuple[MP.mpf, ...]:
    return _equioscillation(_phi_tanh_error, ("0.0447", 1.25, 2.59))


@functools.cache
def _gelu_tanh_minimax() -> tuple[MP.mpf, ...]:
    return _equioscillation(lambda a, x: x * _phi_tanh_error(a, x), ("0.0444", 1.45, 2.8))


def _sigmoid_probit_error(c, x):
    return _sig(c * x) - MP.ncdf(x)


@functools.cache
def _sigmoid_probit_minimax() -> tuple[MP.mpf, ...]:
    return _equioscillation(_sigmoid_probit_error, ("1.70", 0.57, 2.04))


def _largest_gap(error: Callable[[MP.mpf], MP.mpf], top: float = 8.0) -> MP.mpf:
    """max |e(x)| over x > 0: every extreme found from a grid of starting points."""
    grid = [MP.mpf(k) / 20 for k in range(1, int(20 * top))]
    values = [error(x) for x in grid]
    extremes = [0]
    for k in range(1, len(grid) - 1):
        if (values[k] - values[k - 1]) * (values[k + 1] - values[k]) <= 0:
            x = MP.findroot(lambda s: MP.diff(error, s), grid[k])
            extremes.append(abs(error(x)))
    return max(extremes)


def _pkg_phi(x: float) -> float:
    """Phi(x) for x > 0 from the package's GELU."""
    return float(act.gelu(x)) / x


def _pkg_best_at_worst(error: Callable, inner: tuple, outer: tuple, bracket: tuple) -> tuple:
    """(p, x1, x2, e(x1)) with SciPy: the p in ``bracket`` for which the minimum of e(p, .) on
    ``inner`` and the maximum on ``outer`` are equal and opposite."""

    def extremes(p: float) -> tuple[float, float, float, float]:
        low = _pkg_minimum(lambda x: error(p, x), *inner)
        high = _pkg_minimum(lambda x: -error(p, x), *outer)
        return low[0], high[0], low[1], -high[1]

    p = float(optimize.brentq(lambda q: sum(extremes(q)[2:]), *bracket, xtol=1e-15, rtol=1e-14))
    return (p, *extremes(p)[:3])


def _pkg_largest_gap(error: Callable[[float], float], top: float = 8.0) -> float:
    """max |e(x)| over x > 0: the largest on a grid, refined by a bounded search around it."""
    grid = np.linspace(top / 1000, top, 1000)
    k = int(np.argmax([abs(error(float(x))) for x in grid]))
    low, high = float(grid[max(k - 1, 0)]), float(grid[min(k + 1, len(grid) - 1)])
    return -_pkg_minimum(lambda x: -abs(error(x)), low, high)[1]


def _pkg_phi_tanh_error(a: float, x: float) -> float:
    return 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + a * x**3))) - _pkg_phi(x)


@functools.cache
def _pkg_phi_tanh_minimax() -> tuple:
    return _pkg_best_at_worst(_pkg_phi_tanh_error, (0.8, 1.8), (2.0, 3.2), (0.044, 0.046))


@functools.cache
def _pkg_gelu_tanh_minimax() -> tuple:
    return _pkg_best_at_worst(
        lambda a, x: x * _pkg_phi_tanh_error(a, x), (0.9, 2.0), (2.2, 3.4), (0.043, 0.046)
    )


def _pkg_sigmoid_probit_error(c: float, x: float) -> float:
    return float(act.sigmoid(c * x)) - _pkg_phi(x)


@functools.cache
def _pkg_sigmoid_probit_minimax() -> tuple:
    # sigma(cx) - Phi(x) is positive near x = 0.57 and negative near 2.04: negate it so that the
    # inner extreme is the minimum.
    return _pkg_best_at_worst(
        lambda c, x: -_pkg_sigmoid_probit_error(c, x), (0.2, 1.2), (1.4, 3.0), (1.6, 1.8)
    )


def _pkg_logistic_variance() -> float:
    """Var(L) for the density sigma', from the package's sigmoid_grad."""
    return (
        2
        * integrate.quad(
            lambda t: t * t * float(act.sigmoid_grad(t)), 0, np.inf, epsabs=1e-14, epsrel=1e-13
        )[0]
    )


# --------------------------------------------------------------------------- tanh through depth


def _tanh_next_variance(q: MP.mpf) -> MP.mpf:
    scale = MP.sqrt(q)
    return MP.quad(lambda z: MP.tanh(scale * z) ** 2 * MP.npdf(z), [-MP.inf, MP.inf])


@functools.cache
def _tanh_depth() -> tuple[list, list]:
    """Variances q_1..q_51 (q_1 = 1, q_{l+1} = E[tanh(sqrt(q_l) Z)^2]) and the average slopes
    E[tanh'(sqrt(q_l) Z)] = 1 - q_{l+1} of layers 1..50. 25 digits: 50 integrals at 40 digits
    take ten seconds, and the page states four."""
    with MP.workdps(25):
        variances = [MP.mpf(1)]
        for _ in range(50):
            variances.append(_tanh_next_variance(variances[-1]))
    return variances, [1 - q for q in variances[1:]]


@functools.cache
def _pkg_tanh_depth() -> tuple[list, list]:
    q, variances, slopes = 1.0, [], []
    for _ in range(50):
        variances.append(q)
        slopes.append(_pkg_normal_mean(act.tanh_grad, math.sqrt(q)))
        q = _pkg_normal_mean(lambda x: act.tanh(x) ** 2, math.sqrt(q))
    return variances, slopes


# --------------------------------------------------------------------------- networks


def _tanh_gain_fixed_point(gain: MP.mpf) -> MP.mpf:
    """q* = gain^2 E[tanh(sqrt(q*) Z)^2], the variance that square tanh layers with weights of
    variance gain^2 / n settle at."""
    return MP.findroot(
        lambda q: gain**2 * _normal_mean(lambda x: MP.tanh(x) ** 2, MP.sqrt(q)) - q, 1.2
    )


def _pkg_tanh_gain_fixed_point(gain: float) -> float:
    return optimize.brentq(
        lambda q: gain**2 * _pkg_normal_mean(lambda x: act.tanh(x) ** 2, math.sqrt(q)) - q,
        0.5,
        2.0,
        xtol=1e-14,
    )


class _TopOfRange:
    """A stand-in random generator whose uniform draws all return the upper limit."""

    @staticmethod
    def uniform(low: float, high: float, size: tuple[int, int]) -> np.ndarray:
        return np.full(size, high)


def _pkg_glorot_limit(fan_in: int, fan_out: int) -> float:
    """The bound a of the package's Glorot initialisation, U(-a, a)."""
    return float(mlp.initial_weights(fan_in, fan_out, "glorot", _TopOfRange()).max())


def _mp_maxout_pieces(units: int, pieces: int) -> MP.mpf:
    """The exercise's construction reaches the bound units * (pieces - 1) + 1."""
    return MP.mpf(units * (pieces - 1) + 1)


def _pkg_maxout_pieces(units: int, pieces: int) -> float:
    """Pieces of x -> sum_j max_s (s x - s^2 / 2 - j s / 4) on [-1, 4], on a dyadic grid (exact)."""
    x = np.arange(-64, 257) / 64.0
    s = np.arange(pieces, dtype=float)
    z = np.concatenate(
        [x[:, None] * s - s**2 / 2 - j * s / 4 for j in range(units)], axis=1
    )  # units' pieces side by side: unit j holds columns j k ... j k + k - 1
    y = act.maxout(z, pieces, axis=-1).sum(axis=-1)
    return float(act.piecewise.count_pieces(x, y))


def _pkg_forward_difference_error(h: float) -> float:
    return abs((act.sigmoid(1.0 + h) - act.sigmoid(1.0)) / h - act.sigmoid_grad(1.0))


def _mp_swiglu_ffn(w: MP.mpf, v: MP.mpf, w2: MP.mpf, x: MP.mpf = 1) -> MP.mpf:
    """y = W2 (SiLU(W x) V x) for scalars."""
    return w2 * (w * x) * _sig(w * x) * (v * x)


# --------------------------------------------------------------------------- the table

ANSWERS: dict[str, Answer] = {
    # Sigmoid and tanh
    "sigmoid-grad-max": Answer(
        lambda: _sig(MP.mpf(0)) * (1 - _sig(MP.mpf(0))), _pkg_sigmoid_grad_max
    ),
    "sigmoid-slope-one-percent": Answer(
        lambda: MP.findroot(lambda x: _sig(x) * (1 - _sig(x)) - MP.mpf("0.01"), 4.5),
        lambda: _pkg_root(lambda x: act.sigmoid_grad(x) - 0.01, 0.0, 10.0),
    ),
    "tanh-grad-0": Answer(lambda: MP.diff(MP.tanh, 0), lambda: float(act.tanh_grad(0.0))),
    "tanh-mean-slope": Answer(
        lambda: _normal_mean(lambda x: 1 - MP.tanh(x) ** 2),
        lambda: _pkg_normal_mean(act.tanh_grad),
    ),
    "sigmoid-mean-slope": Answer(
        lambda: _normal_mean(lambda x: _sig(x) * (1 - _sig(x))),
        lambda: _pkg_normal_mean(act.sigmoid_grad),
    ),
    "tanh-mean-slope-10-layers": Answer(
        lambda: _normal_mean(lambda x: 1 - MP.tanh(x) ** 2) ** 10,
        lambda: _pkg_normal_mean(act.tanh_grad) ** 10,
    ),
    # Softsign and arctan
    "softsign-reaches-0.99": Answer(
        lambda: MP.findroot(lambda x: x / (1 + abs(x)) - MP.mpf("0.99"), 90),
        lambda: _pkg_root(lambda x: act.softsign(x) - 0.99, 1.0, 1000.0),
    ),
    "tanh-reaches-0.99": Answer(
        lambda: MP.atanh(MP.mpf("0.99")),
        lambda: _pkg_root(lambda x: act.tanh(x) - 0.99, 0.0, 5.0),
    ),
    "softsign-grad-at-99": Answer(
        lambda: MP.diff(lambda x: x / (1 + abs(x)), 99), lambda: float(act.softsign_grad(99.0))
    ),
    "tanh-grad-at-0.99": Answer(
        lambda: MP.diff(MP.tanh, MP.atanh(MP.mpf("0.99"))),
        lambda: float(act.tanh_grad(_TANH_AT_0_99)),
    ),
    "softsign-over-tanh-grad-at-5": Answer(
        lambda: MP.diff(lambda x: x / (1 + abs(x)), 5) / MP.diff(MP.tanh, 5),
        lambda: float(act.softsign_grad(5.0) / act.tanh_grad(5.0)),
    ),
    # The pieces of softsign on each side of 0, differentiated twice at 0.
    "softsign-curvature-right": Answer(
        lambda: MP.diff(lambda x: x / (1 + x), 0, 2),
        lambda: _pkg_finite_difference(act.softsign_grad, 0.0, 1e-7),
        package_rtol=1e-6,
    ),
    "softsign-curvature-left": Answer(
        lambda: MP.diff(lambda x: x / (1 - x), 0, 2),
        lambda: _pkg_finite_difference(act.softsign_grad, 0.0, -1e-7),
        package_rtol=1e-6,
    ),
    "arctan-scaled-slope": Answer(
        lambda: 2 / MP.pi * MP.diff(MP.atan, 0), lambda: 2 / math.pi * float(act.arctan_grad(0.0))
    ),
    "arctan-grad-at-5": Answer(lambda: MP.diff(MP.atan, 5), lambda: float(act.arctan_grad(5.0))),
    "tanh-grad-at-5": Answer(lambda: MP.diff(MP.tanh, 5), lambda: float(act.tanh_grad(5.0))),
    "arctan-over-tanh-grad-at-5": Answer(
        lambda: MP.diff(MP.atan, 5) / MP.diff(MP.tanh, 5),
        lambda: float(act.arctan_grad(5.0) / act.tanh_grad(5.0)),
    ),
    # Rectifiers
    "relu-second-moment": Answer(
        lambda: _normal_mean(lambda x: max(x, 0) ** 2),
        lambda: _pkg_normal_mean(lambda x: act.relu(x) ** 2),
        package_rtol=1e-10,
    ),
    "relu-mean": Answer(
        lambda: _normal_mean(lambda x: max(x, 0)), lambda: _pkg_normal_mean(act.relu)
    ),
    "leaky-relu-gain": Answer(
        lambda: 1 / MP.sqrt(_normal_mean(lambda x: (x if x > 0 else MP.mpf("0.01") * x) ** 2)),
        lambda: 1 / math.sqrt(_pkg_normal_mean(lambda x: act.leaky_relu(x) ** 2)),
    ),
    # PyTorch's documented default negative_slope, 0.01.
    "leaky-relu-left-slope": Answer(
        lambda: MP.mpf("0.01"), lambda: float(act.leaky_relu_grad(-1.0))
    ),
    # g min(0, x) summed over each channel of x = [[-1, 2], [-3, -0.5]], g = [[1, 1], [2, -4]]
    "prelu-alpha-grad-1": Answer(
        lambda: MP.mpf(1) * -1 + MP.mpf(2) * -3,
        lambda: float(act.prelu_alpha_grad(_PRELU_X, _PRELU_G, axis=1)[0]),
    ),
    "prelu-alpha-grad-2": Answer(
        lambda: MP.mpf(-4) * MP.mpf("-0.5"),
        lambda: float(act.prelu_alpha_grad(_PRELU_X, _PRELU_G, axis=1)[1]),
    ),
    "prelu-alpha-grad-shared": Answer(
        lambda: MP.mpf(1) * -1 + MP.mpf(2) * -3 + MP.mpf(-4) * MP.mpf("-0.5"),
        lambda: float(act.prelu_alpha_grad(_PRELU_X, _PRELU_G)),
    ),
    "elu-grad-0": Answer(lambda: MP.diff(MP.expm1, 0), lambda: float(act.elu_grad(0.0))),
    "elu-mean": Answer(
        lambda: _normal_mean(lambda x: x if x > 0 else MP.expm1(x)),
        lambda: _pkg_normal_mean(act.elu),
    ),
    # The doubles just below 1 are epsneg = 2^-53 apart; rounding there costs up to half of it.
    "spacing-below-one": Answer(
        lambda: MP.mpf(2) ** -53, lambda: float(np.finfo(np.float64).epsneg)
    ),
    "expm1-relative-bound": Answer(
        lambda: MP.mpf(2) ** -54 / MP.mpf("1e-10"),
        lambda: float(np.finfo(np.float64).epsneg) / 2 / 1e-10,
    ),
    "selu-alpha": Answer(lambda: _selu_constants()[1], lambda: act.SELU_ALPHA),
    "selu-lambda": Answer(lambda: _selu_constants()[0], lambda: act.SELU_LAMBDA),
    "selu-he-mean": Answer(lambda: _selu_he()[0], lambda: _pkg_selu_he()[0]),
    "selu-he-variance-2": Answer(lambda: _selu_he()[1], lambda: _pkg_selu_he()[1]),
    # Where the He-normal variance map nu -> 2 Var(SELU(sqrt(nu) Z)) levels off: its fixed point.
    "selu-he-variance-limit": Answer(
        lambda: MP.findroot(lambda nu: _selu_next_variance(nu) - nu, MP.mpf(37)),
        lambda: _pkg_root(lambda nu: _pkg_selu_next_variance(nu) - nu, 10.0, 100.0),
    ),
    # Smooth rectifiers
    "softplus-gap": Answer(
        lambda: _softplus(MP.mpf(0)), lambda: float(act.softplus(0.0) - act.relu(0.0))
    ),
    "swish-argmin": Answer(
        lambda: _extremum(lambda x: x * _sig(x), -1.3)[0],
        lambda: _pkg_minimum(act.swish, -3.0, 0.0)[0],
    ),
    "swish-min": Answer(
        lambda: _extremum(lambda x: x * _sig(x), -1.3)[1],
        lambda: _pkg_minimum(act.swish, -3.0, 0.0)[1],
    ),
    "swish-argmin-beta-2": Answer(
        lambda: (-1 - _lambert()) / 2,
        lambda: _pkg_minimum(lambda x: act.swish(x, beta=2.0), -3.0, 0.0)[0],
    ),
    "swish-min-beta-2": Answer(
        lambda: -_lambert() / 2,
        lambda: _pkg_minimum(lambda x: act.swish(x, beta=2.0), -3.0, 0.0)[1],
    ),
    # "whatever beta": the package's slope at 0 with a beta other than the default.
    "swish-grad-0": Answer(
        lambda: MP.diff(lambda x: x * _sig(3 * x), 0),
        lambda: float(act.swish_grad(0.0, beta=3.0)),
    ),
    "silu-argmax-slope": Answer(lambda: _silu_max_slope()[0], lambda: _pkg_silu_max_slope()[0]),
    "silu-max-slope": Answer(lambda: _silu_max_slope()[1], lambda: _pkg_silu_max_slope()[1]),
    "mish-grad-0": Answer(lambda: MP.diff(_mish, 0), lambda: float(act.mish_grad(0.0))),
    "mish-argmin": Answer(
        lambda: _extremum(_mish, -1.2)[0], lambda: _pkg_minimum(act.mish, -3.0, 0.0)[0]
    ),
    "mish-min": Answer(
        lambda: _extremum(_mish, -1.2)[1], lambda: _pkg_minimum(act.mish, -3.0, 0.0)[1]
    ),
    "gelu-grad-0": Answer(lambda: MP.diff(_gelu, 0), lambda: float(act.gelu_grad(0.0))),
    "gelu-argmin": Answer(
        lambda: _extremum(_gelu, -0.75)[0], lambda: _pkg_minimum(act.gelu, -3.0, 0.0)[0]
    ),
    "gelu-min": Answer(
        lambda: _extremum(_gelu, -0.75)[1], lambda: _pkg_minimum(act.gelu, -3.0, 0.0)[1]
    ),
    "quick-gelu-max-error": Answer(
        lambda: -_extremum(lambda x: x * _sig(MP.mpf("1.702") * x) - _gelu(x), 2.3)[1],
        lambda: -_pkg_minimum(_pkg_quick_gelu_error, 1.5, 3.5)[1],
    ),
    "quick-gelu-argmax-error": Answer(
        lambda: _extremum(lambda x: x * _sig(MP.mpf("1.702") * x) - _gelu(x), 2.3)[0],
        lambda: _pkg_minimum(_pkg_quick_gelu_error, 1.5, 3.5)[0],
    ),
    "quick-over-tanh-error": Answer(
        lambda: (
            -_extremum(lambda x: x * _sig(MP.mpf("1.702") * x) - _gelu(x), 2.3)[1]
            / _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[1]
        ),
        lambda: (
            _pkg_minimum(_pkg_quick_gelu_error, 1.5, 3.5)[1]
            / _pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[1]
        ),
    ),
    "gelu-tanh-max-error": Answer(
        lambda: _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[1],
        lambda: -_pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[1],
    ),
    "gelu-tanh-argmax-error": Answer(
        lambda: _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[0],
        lambda: _pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[0],
    ),
    "gelu-tanh-inner-error": Answer(
        lambda: _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 1.4)[1],
        lambda: _pkg_minimum(_pkg_gelu_tanh_error, 0.5, 2.0)[1],
    ),
    "gelu-tanh-inner-argerror": Answer(
        lambda: _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 1.4)[0],
        lambda: _pkg_minimum(_pkg_gelu_tanh_error, 0.5, 2.0)[0],
    ),
    "gelu-at-argmax-error": Answer(
        lambda: _gelu(-_extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[0]),
        lambda: float(act.gelu(-_pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[0])),
    ),
    "gelu-tanh-relative-error-percent": Answer(
        lambda: (
            100
            * _extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[1]
            / abs(_gelu(-_extremum(lambda x: _gelu_tanh(x) - _gelu(x), 2.7)[0]))
        ),
        lambda: (
            100
            * -_pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[1]
            / abs(float(act.gelu(-_pkg_minimum(lambda x: -_pkg_gelu_tanh_error(x), 2.0, 3.5)[0])))
        ),
    ),
    # Match the x^3 terms of the Taylor series of Phi(x) and of the tanh form, by series.
    "gelu-tanh-taylor-constant": Answer(
        lambda: (MP.taylor(lambda x: MP.atanh(2 * MP.ncdf(x) - 1), 0, 3)[3]) / MP.sqrt(2 / MP.pi),
        _pkg_taylor_constant,
    ),
    "gelu-tanh-taylor-max-error": Answer(
        lambda: _extremum(lambda x: _gelu_tanh(x, 2 / (3 * MP.pi) - MP.mpf(1) / 6) - _gelu(x), 2.5)[
            1
        ],
        lambda: -_pkg_minimum(lambda x: -_pkg_taylor_tanh_error(x), 1.5, 3.5)[1],
    ),
    # Where 0.044715 comes from: the best a at worst for Phi (and, for comparison, for GELU).
    "gelu-tanh-phi-minimax-constant": Answer(
        lambda: _phi_tanh_minimax()[0], lambda: _pkg_phi_tanh_minimax()[0]
    ),
    "gelu-tanh-phi-minimax-inner-x": Answer(
        lambda: _phi_tanh_minimax()[1], lambda: _pkg_phi_tanh_minimax()[1]
    ),
    "gelu-tanh-phi-minimax-outer-x": Answer(
        lambda: _phi_tanh_minimax()[2], lambda: _pkg_phi_tanh_minimax()[2]
    ),
    "gelu-tanh-phi-minimax-error": Answer(
        lambda: abs(_phi_tanh_minimax()[3]), lambda: abs(_pkg_phi_tanh_minimax()[3])
    ),
    "gelu-tanh-gelu-minimax-constant": Answer(
        lambda: _gelu_tanh_minimax()[0], lambda: _pkg_gelu_tanh_minimax()[0]
    ),
    "gelu-tanh-gelu-minimax-error": Answer(
        lambda: abs(_gelu_tanh_minimax()[3]), lambda: abs(_pkg_gelu_tanh_minimax()[3])
    ),
    # SiLU as x P(L <= x), L logistic; the sigmoid closest to Phi at worst.
    "logistic-unit-variance-scale": Answer(
        lambda: MP.sqrt(MP.quad(lambda t: t**2 * _sig(t) * (1 - _sig(t)), [-MP.inf, 0, MP.inf])),
        lambda: math.sqrt(_pkg_logistic_variance()),
    ),
    "logistic-variance": Answer(
        lambda: MP.quad(lambda t: t**2 * _sig(t) * (1 - _sig(t)), [-MP.inf, 0, MP.inf]),
        _pkg_logistic_variance,
    ),
    "sigmoid-probit-minimax-scale": Answer(
        lambda: _sigmoid_probit_minimax()[0], lambda: _pkg_sigmoid_probit_minimax()[0]
    ),
    "sigmoid-probit-minimax-gap": Answer(
        lambda: _largest_gap(lambda x: _sigmoid_probit_error(_sigmoid_probit_minimax()[0], x)),
        lambda: abs(_pkg_sigmoid_probit_minimax()[3]),
    ),
    "sigmoid-probit-variance-match-gap": Answer(
        lambda: _largest_gap(lambda x: _sigmoid_probit_error(MP.pi / MP.sqrt(3), x)),
        lambda: _pkg_largest_gap(
            lambda x: _pkg_sigmoid_probit_error(math.sqrt(_pkg_logistic_variance()), x)
        ),
    ),
    # Hard sigmoid, ReLU6, hard swish, CELU, squareplus
    "hard-sigmoid-slope": Answer(lambda: MP.mpf(1) / 6, lambda: float(act.hard_sigmoid_grad(0.0))),
    "hard-sigmoid-argmax-error": Answer(
        lambda: _extremum(lambda x: x / 6 + MP.mpf(1) / 2 - _sig(x), 1.3)[0],
        lambda: _pkg_minimum(lambda x: act.hard_sigmoid(x) - act.sigmoid(x), 0.0, 3.0)[0],
    ),
    "hard-sigmoid-max-error": Answer(
        lambda: -_extremum(lambda x: x / 6 + MP.mpf(1) / 2 - _sig(x), 1.3)[1],
        lambda: -_pkg_minimum(lambda x: act.hard_sigmoid(x) - act.sigmoid(x), 0.0, 3.0)[1],
    ),
    "hard-sigmoid-error-at-3": Answer(
        lambda: 1 - _sig(MP.mpf(3)), lambda: float(act.hard_sigmoid(3.0) - act.sigmoid(3.0))
    ),
    "relu6-capped-fraction": Answer(
        lambda: 1 - MP.ncdf(MP.mpf(6) / 3), lambda: _pkg_relu6_capped_fraction(3.0)
    ),
    "relu6-capped-one-in": Answer(
        lambda: 1 / (1 - MP.ncdf(MP.mpf(6) / 3)), lambda: 1 / _pkg_relu6_capped_fraction(3.0)
    ),
    "hard-swish-min": Answer(
        lambda: _extremum(lambda x: x * (x + 3) / 6, -1.5)[1],
        lambda: _pkg_minimum(act.hard_swish, -3.0, 0.0)[1],
    ),
    "hard-swish-slope-right-of-minus-3": Answer(
        lambda: MP.diff(lambda x: x * (x + 3) / 6, -3),
        lambda: float(act.hard_swish_grad(-3.0 + 1e-9)),
        package_rtol=1e-8,
    ),
    "hard-swish-slope-left-of-3": Answer(
        lambda: MP.diff(lambda x: x * (x + 3) / 6, 3),
        lambda: float(act.hard_swish_grad(3.0 - 1e-9)),
        package_rtol=1e-8,
    ),
    # The jumps of hard swish's derivative (right limit minus left limit) and its value at the kinks.
    "hard-swish-jump-at-minus-3": Answer(
        lambda: MP.diff(lambda x: x * (x + 3) / 6, -3) - 0,
        lambda: float(act.hard_swish_grad(-3.0 + 1e-9) - act.hard_swish_grad(-3.0 - 1e-9)),
        package_rtol=1e-8,
    ),
    "hard-swish-jump-at-3": Answer(
        lambda: 1 - MP.diff(lambda x: x * (x + 3) / 6, 3),
        lambda: float(act.hard_swish_grad(3.0 + 1e-9) - act.hard_swish_grad(3.0 - 1e-9)),
        package_rtol=1e-8,
    ),
    # At exactly -3 and 3 the stated values are the outer pieces' slopes, 0 and 1.
    "hard-swish-grad-at-minus-3": Answer(
        lambda: MP.diff(lambda x: 0 * x, -3), lambda: float(act.hard_swish_grad(-3.0))
    ),
    "hard-swish-grad-at-3": Answer(
        lambda: MP.diff(lambda x: x, 3), lambda: float(act.hard_swish_grad(3.0))
    ),
    "celu-grad-0-alpha-2": Answer(
        lambda: MP.diff(lambda x: 2 * MP.expm1(x / 2), 0),
        lambda: float(act.celu_grad(0.0, alpha=2.0)),
    ),
    "elu-alpha-2-at-minus-1": Answer(
        lambda: 2 * MP.expm1(-1), lambda: float(act.elu(-1.0, alpha=2.0))
    ),
    "celu-alpha-2-at-minus-1": Answer(
        lambda: 2 * MP.expm1(MP.mpf(-1) / 2), lambda: float(act.celu(-1.0, alpha=2.0))
    ),
    "squareplus-at-0": Answer(lambda: MP.sqrt(4) / 2, lambda: float(act.squareplus(0.0))),
    "squareplus-grad-0": Answer(
        lambda: MP.diff(lambda x: (x + MP.sqrt(x**2 + 4)) / 2, 0),
        lambda: float(act.squareplus_grad(0.0)),
    ),
    "float64-sqrt-max": Answer(
        lambda: MP.sqrt((2 - MP.mpf(2) ** -52) * MP.mpf(2) ** 1023),
        lambda: math.sqrt(float(np.finfo(np.float64).max)),
    ),
    "squareplus-at-minus-1e10": Answer(
        lambda: (MP.mpf(-1e10) + MP.sqrt(MP.mpf(1e20) + 4)) / 2,
        lambda: float(act.squareplus(-1e10)),
    ),
    # Squareplus against softplus: the corner and the left tail.
    "squareplus-b-softplus-at-0": Answer(
        lambda: MP.findroot(lambda b: MP.sqrt(b) / 2 - _softplus(MP.mpf(0)), 2),
        lambda: _pkg_root(lambda b: act.squareplus(0.0, b=b) - act.softplus(0.0), 0.5, 4.0),
    ),
    "squareplus-at-minus-10": Answer(
        lambda: (-10 + MP.sqrt(104)) / 2, lambda: float(act.squareplus(-10.0))
    ),
    "softplus-at-minus-10": Answer(
        lambda: _softplus(MP.mpf(-10)), lambda: float(act.softplus(-10.0))
    ),
    "squareplus-grad-at-minus-10": Answer(
        lambda: MP.diff(lambda x: (x + MP.sqrt(x**2 + 4)) / 2, -10),
        lambda: float(act.squareplus_grad(-10.0)),
    ),
    "sigmoid-at-minus-10": Answer(
        lambda: _sig(MP.mpf(-10)), lambda: float(act.softplus_grad(-10.0))
    ),
    "squareplus-over-softplus-grad-at-minus-10": Answer(
        lambda: MP.diff(lambda x: (x + MP.sqrt(x**2 + 4)) / 2, -10) / MP.diff(_softplus, -10),
        lambda: float(act.squareplus_grad(-10.0) / act.softplus_grad(-10.0)),
    ),
    # Gated units: d/db of a g(b) at a = 1, b = -2, from the package's gated functions.
    "geglu-gate-grad-at-minus-2": Answer(
        lambda: MP.diff(_gelu, -2), lambda: _pkg_gate_slope(act.geglu, -2.0)
    ),
    "swiglu-gate-grad-at-minus-2": Answer(
        lambda: MP.diff(lambda b: b * _sig(b), -2), lambda: _pkg_gate_slope(act.swiglu, -2.0)
    ),
    # Softmax and the output
    "log-softmax-rest": Answer(
        lambda: MP.exp(MP.mpf("709.8") - MP.mpf("745.2")),
        lambda: float(-act.log_softmax(np.array([745.2, 709.8]))[0]),
    ),
    "two-spacings-above-one": Answer(
        lambda: MP.mpf(2) ** -51, lambda: float(2 * np.spacing(np.float64(1)))
    ),
    "log-one-plus-rest-error-percent": Answer(
        lambda: 100 * (MP.mpf(2) ** -51 / MP.exp(MP.mpf("709.8") - MP.mpf("745.2")) - 1),
        lambda: 100 * (math.log(1 + _pkg_rest()) / _pkg_rest() - 1),
    ),
    # The row (1e308, -1e308): the most negative double, and the log-probability beyond it.
    "float64-most-negative": Answer(
        lambda: -(2 - MP.mpf(2) ** -52) * MP.mpf(2) ** 1023,
        lambda: float(-np.finfo(np.float64).max),
    ),
    # float() of the exact value, -2e308 - log(1 + e^-2e308), is the IEEE rounding: -inf.
    "log-softmax-wide-row": Answer(
        lambda: MP.mpf(-1e308) - MP.mpf(1e308) - MP.log1p(MP.exp(MP.mpf(-1e308) - MP.mpf(1e308))),
        lambda: float(act.log_softmax(np.array([1e308, -1e308]))[1]),
    ),
    "cross-entropy-123-third": Answer(
        lambda: MP.diff(lambda z: -MP.log(_softmax_at(z)), 3),
        lambda: float(-act.log_softmax_grad(np.array([1.0, 2.0, 3.0]))[2, 2]),
    ),
    "softmax-123-first": Answer(
        lambda: _softmax((1, 2, 3), 0), lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]))[0])
    ),
    "softmax-123-second": Answer(
        lambda: _softmax((1, 2, 3), 1), lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]))[1])
    ),
    "softmax-123-third": Answer(
        lambda: _softmax((1, 2, 3), 2), lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]))[2])
    ),
    "softmax-246-third": Answer(
        lambda: _softmax((2, 4, 6), 2),
        lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]) / 0.5)[2]),
    ),
    "cross-entropy-grad": Answer(
        lambda: MP.diff(lambda z: -MP.log(_sig(z)), -10), lambda: float(act.sigmoid(-10.0) - 1)
    ),
    "squared-error-grad": Answer(
        lambda: MP.diff(lambda z: (_sig(z) - 1) ** 2 / 2, -10),
        lambda: float((act.sigmoid(-10.0) - 1) * act.sigmoid_grad(-10.0)),
    ),
    "cross-entropy-over-squared-error": Answer(
        lambda: 1 / MP.diff(_sig, -10), lambda: float(1 / act.sigmoid_grad(-10.0))
    ),
    # Gated units: d(a sigma(b))/da at b = 0.
    "glu-grad-value-at-0": Answer(
        lambda: MP.diff(lambda a: a * _sig(MP.mpf(0)), 1), lambda: float(act.sigmoid(0.0))
    ),
    # A dead ReLU unit under SGD, Adam with an L2 term, and AdamW (the update rules above).
    "adam-memory-factor": Answer(
        lambda: MP.mpf("0.9") / MP.sqrt(MP.mpf("0.999")), _pkg_adam_memory_factor
    ),
    # (1 - 1e-5)^t <= 1/2: SGD (lr 0.1, lam 1e-4) and AdamW (lr 1e-3, lam 1e-2) both scale by it.
    "decay-halving-steps": Answer(
        lambda: MP.ceil(MP.log(MP.mpf(1) / 2) / MP.log(1 - MP.mpf("1e-5"))), _pkg_decay_halving
    ),
    "adam-l2-crossing-steps": Answer(
        lambda: _crossing(_mp_optimiser, 1e-2), lambda: _crossing(_pkg_optimiser, 1e-2)
    ),
    "adam-l2-crossing-steps-small-decay": Answer(
        lambda: _crossing(_mp_optimiser, 1e-4), lambda: _crossing(_pkg_optimiser, 1e-4)
    ),
    # The same count for lam = 1e-2 and 1e-4 ("Adam with either lambda"): NaN if they differ.
    "adam-l2-revival-steps": Answer(
        lambda: _same_count(
            _revival(_mp_optimiser, "adam-l2", 1e-2), _revival(_mp_optimiser, "adam-l2", 1e-4)
        ),
        lambda: _same_count(
            _revival(_pkg_optimiser, "adam-l2", 1e-2), _revival(_pkg_optimiser, "adam-l2", 1e-4)
        ),
    ),
    # tanh layers with Glorot's weights: the pre-activations' variance and the average slope.
    "tanh-depth-q2": Answer(lambda: _tanh_depth()[0][1], lambda: _pkg_tanh_depth()[0][1]),
    "tanh-depth-q10": Answer(lambda: _tanh_depth()[0][9], lambda: _pkg_tanh_depth()[0][9]),
    "tanh-depth-q50": Answer(lambda: _tanh_depth()[0][49], lambda: _pkg_tanh_depth()[0][49]),
    "tanh-depth-slope-10": Answer(lambda: _tanh_depth()[1][9], lambda: _pkg_tanh_depth()[1][9]),
    "tanh-depth-slope-product-10": Answer(
        lambda: MP.fprod(_tanh_depth()[1][:10]), lambda: math.prod(_pkg_tanh_depth()[1][:10])
    ),
    # Gradients through depth
    "sigmoid-bound-10-layers": Answer(
        lambda: (_sig(MP.mpf(0)) * (1 - _sig(MP.mpf(0)))) ** 10,
        lambda: _pkg_sigmoid_grad_max() ** 10,
    ),
    "sigmoid-layers-below-float32-eps": Answer(
        lambda: _layers_below(MP.mpf(1) / 4, MP.mpf(2) ** -23), _pkg_layers_below_float32_eps
    ),
    # Numerics: NumPy's finfo is the library that defines the formats' limits.
    "exp-overflow-float64": Answer(
        lambda: _overflow(52, 1023), lambda: math.log(float(np.finfo(np.float64).max))
    ),
    "exp-overflow-float32": Answer(
        lambda: _overflow(23, 127), lambda: math.log(float(np.finfo(np.float32).max))
    ),
    "exp-overflow-float16": Answer(
        lambda: _overflow(10, 15), lambda: math.log(float(np.finfo(np.float16).max))
    ),
    "gelu-at-minus-10": Answer(lambda: _gelu(MP.mpf(-10)), lambda: float(act.gelu(-10.0))),
    # GELU(x) = x erfc(-x / sqrt 2) / 2, read backwards at x = -10.
    "erfc-at-10-over-root-2": Answer(
        lambda: MP.erfc(10 / MP.sqrt(2)), lambda: float(2 * act.gelu(-10.0) / -10.0)
    ),
    # Networks: dead ReLU units, Glorot's bound, tanh's gain, maxout's pieces.
    # Phi(x) = GELU(x) / x, read from the package.
    "relu-active-fraction-bias-minus-3": Answer(
        lambda: MP.ncdf(-3), lambda: float(act.gelu(-3.0) / -3.0)
    ),
    "relu-active-fraction-bias-minus-5": Answer(
        lambda: MP.ncdf(-5), lambda: float(act.gelu(-5.0) / -5.0)
    ),
    "relu-silent-batch-256": Answer(
        lambda: (1 - MP.ncdf(-3)) ** 256, lambda: float((1 - act.gelu(-3.0) / -3.0) ** 256)
    ),
    "glorot-limit-784-256": Answer(
        lambda: MP.sqrt(MP.mpf(6) / 1040), lambda: _pkg_glorot_limit(784, 256)
    ),
    "tanh-forward-gain": Answer(
        lambda: 1 / MP.sqrt(_normal_mean(lambda x: MP.tanh(x) ** 2)),
        lambda: 1 / math.sqrt(_pkg_normal_mean(lambda x: act.tanh(x) ** 2)),
    ),
    "tanh-backward-gain": Answer(
        lambda: 1 / MP.sqrt(_normal_mean(lambda x: (1 - MP.tanh(x) ** 2) ** 2)),
        lambda: 1 / math.sqrt(_pkg_normal_mean(lambda x: act.tanh_grad(x) ** 2)),
    ),
    "tanh-gain-5-3-fixed-point": Answer(
        lambda: _tanh_gain_fixed_point(MP.mpf(5) / 3),
        lambda: _pkg_tanh_gain_fixed_point(5 / 3),
    ),
    "tanh-gain-5-3-output-rms": Answer(
        lambda: MP.sqrt(_tanh_gain_fixed_point(MP.mpf(5) / 3)) * 3 / 5,
        lambda: math.sqrt(_pkg_tanh_gain_fixed_point(5 / 3)) * 3 / 5,
    ),
    "tanh-gain-5-3-chi": Answer(
        lambda: (
            (MP.mpf(5) / 3) ** 2
            * _normal_mean(
                lambda x: (1 - MP.tanh(x) ** 2) ** 2, MP.sqrt(_tanh_gain_fixed_point(MP.mpf(5) / 3))
            )
        ),
        lambda: (
            (5 / 3) ** 2
            * _pkg_normal_mean(
                lambda x: act.tanh_grad(x) ** 2, math.sqrt(_pkg_tanh_gain_fixed_point(5 / 3))
            )
        ),
    ),
    # Saturation: the slope below a tenth of the steepest, tanh' < 1/10 and sigma' < 1/40.
    "tanh-saturation-threshold": Answer(
        lambda: MP.atanh(MP.sqrt(MP.mpf("0.9"))),
        lambda: _pkg_root(lambda x: act.tanh_grad(x) - 0.1, 0.0, 5.0),
    ),
    "sigmoid-saturation-threshold": Answer(
        lambda: 2 * MP.atanh(MP.sqrt(MP.mpf("0.9"))),
        lambda: _pkg_root(lambda x: act.sigmoid_grad(x) - 0.025, 0.0, 10.0),
    ),
    "maxout-pieces-3-units-4-pieces": Answer(
        lambda: _mp_maxout_pieces(3, 4), lambda: _pkg_maxout_pieces(3, 4)
    ),
    # Softmax's temperature and a softmax before the cross-entropy.
    "softmax-123-t10-third": Answer(
        lambda: _softmax((MP.mpf("0.1"), MP.mpf("0.2"), MP.mpf("0.3")), 2),
        lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]) / 10)[2]),
    ),
    "softmax-123-t01-first": Answer(
        lambda: _softmax((10, 20, 30), 0),
        lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]) / 0.1)[0]),
    ),
    "softmax-123-t01-third": Answer(
        lambda: _softmax((10, 20, 30), 2),
        lambda: float(act.softmax(np.array([1.0, 2.0, 3.0]) / 0.1)[2]),
    ),
    "softmax-then-cross-entropy-floor-10": Answer(
        lambda: MP.log(1 + 9 / MP.e),
        lambda: float(-act.log_softmax(np.array([1.0] + [0.0] * 9))[0]),
    ),
    # A SwiGLU block at x = 1, W = 1, V = 2, W2 = 1, upstream gradient 1.
    "silu-grad-1": Answer(
        lambda: MP.diff(lambda x: x * _sig(x), 1), lambda: float(act.silu_grad(1.0))
    ),
    "swiglu-ffn-grad-w2": Answer(
        lambda: MP.diff(lambda w2: _mp_swiglu_ffn(1, 2, w2), 1),
        lambda: float(act.silu(1.0) * 2),
    ),
    "swiglu-ffn-grad-w": Answer(
        lambda: MP.diff(lambda w: _mp_swiglu_ffn(w, 2, 1), 1),
        lambda: float(2 * act.silu_grad(1.0)),
    ),
    "swiglu-ffn-grad-x": Answer(
        lambda: MP.diff(lambda x: _mp_swiglu_ffn(1, 2, 1, x), 1),
        lambda: float(act.silu_grad(1.0) * 2 + 2 * act.silu(1.0)),
    ),
    "swiglu-ffn-grad-v": Answer(
        lambda: MP.diff(lambda v: _mp_swiglu_ffn(1, v, 1), 2), lambda: float(act.silu(1.0))
    ),
    # A finite-difference gradient check in float64 (NumPy's finfo defines eps).
    "float64-eps-square-root": Answer(
        lambda: MP.sqrt(MP.mpf(2) ** -52), lambda: math.sqrt(float(np.finfo(np.float64).eps))
    ),
    "float64-eps-cube-root": Answer(
        lambda: MP.cbrt(MP.mpf(2) ** -52), lambda: float(np.finfo(np.float64).eps) ** (1 / 3)
    ),
    "float64-eps-two-thirds": Answer(
        lambda: (MP.mpf(2) ** -52) ** (MP.mpf(2) / 3),
        lambda: float(np.finfo(np.float64).eps) ** (2 / 3),
    ),
    # (h / 2) |sigma''(1)| at h = 1e-4, against the package's measured forward-difference error.
    "sigmoid-forward-truncation-1e-4": Answer(
        lambda: MP.mpf("1e-4") / 2 * abs(MP.diff(_sig, 1, 2)),
        lambda: _pkg_forward_difference_error(1e-4),
    ),
}
