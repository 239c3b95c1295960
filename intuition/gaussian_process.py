"""Gaussian processes and Bayesian optimisation in one dimension, with numpy only.

A Gaussian process with the RBF kernel k(a, b) = s^2 exp(-(a - b)^2 / (2 l^2))
is a guess about a function: near a point we have seen, the function is
probably close to what we saw there; far from every point, anything within a
band of about two prior standard deviations is possible. Given observations
(x_i, y_i) with noise variance e on each, at a new x

    mean(x)     = m + k(x, X) (K + e I)^-1 (y - m)
    variance(x) = k(x, x) - k(x, X) (K + e I)^-1 k(X, x)

Bayesian optimisation fits that guess to what it has seen, scores every x by
its *expected improvement* over the best value so far,

    EI(x) = (mu - best - xi) Phi(z) + sd phi(z),   z = (mu - best - xi) / sd

(the average amount by which f(x) beats ``best + xi`` if f(x) is normal with
that mean and sd; 0 where the guess is certain and no better; the optimiser
counts xi in standard deviations of the values seen), evaluates the
objective where EI peaks, and repeats. Every number the scene shows is a field
of :class:`BayesOpt`; the curves are kept out of ``inspect``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

GRID_POINTS = 301  # where the guess, its band and EI are computed (and where EI's peak is searched)
JITTER = 1e-9  # added to the kernel's diagonal in the optimiser: exact evaluations still factorise
SQRT2 = math.sqrt(2.0)

_erf = np.vectorize(math.erf, otypes=[float])


def rbf_kernel(a, b, length_scale: float, variance: float = 1.0) -> np.ndarray:
    """k(a_i, b_j) = variance * exp(-(a_i - b_j)^2 / (2 length_scale^2)), as an (len(a), len(b)) array."""
    a = np.asarray(a, dtype=float).reshape(-1, 1)
    b = np.asarray(b, dtype=float).reshape(1, -1)
    return variance * np.exp(-0.5 * ((a - b) / length_scale) ** 2)


def gp_posterior(x_train, y_train, x_query, length_scale: float, noise: float, *, variance: float = 1.0,
                 prior_mean: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The posterior mean and variance at ``x_query`` of a GP (RBF kernel) given noisy observations.

    ``noise`` is the variance added to the kernel's diagonal (exactly: no jitter here).
    Solved by Cholesky; the variance is clipped at 0 against round-off.
    """
    x = np.asarray(x_train, dtype=float).reshape(-1)
    y = np.asarray(y_train, dtype=float).reshape(-1)
    q = np.asarray(x_query, dtype=float).reshape(-1)
    if x.size == 0:
        return np.full(q.shape, float(prior_mean)), np.full(q.shape, float(variance))
    k_xx = rbf_kernel(x, x, length_scale, variance) + noise * np.eye(x.size)
    k_xq = rbf_kernel(x, q, length_scale, variance)
    chol = np.linalg.cholesky(k_xx)
    alpha = np.linalg.solve(chol.T, np.linalg.solve(chol, y - prior_mean))
    w = np.linalg.solve(chol, k_xq)  # L^-1 k(X, q)
    mean = prior_mean + k_xq.T @ alpha
    var = variance - np.sum(w * w, axis=0)
    return mean, np.maximum(var, 0.0)


def normal_cdf(z) -> np.ndarray:
    return 0.5 * (1.0 + _erf(np.asarray(z, dtype=float) / SQRT2))


def normal_pdf(z) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def expected_improvement(mean, sd, best: float, xi: float = 0.0) -> np.ndarray:
    """E[max(f - best - xi, 0)] for f ~ N(mean, sd^2), elementwise (for maximising)."""
    mean = np.asarray(mean, dtype=float)
    sd = np.asarray(sd, dtype=float)
    gain = mean - best - xi
    out = np.maximum(gain, 0.0)  # a certain guess: the gain itself, or nothing
    ok = sd > 1e-12
    z = np.where(ok, gain / np.where(ok, sd, 1.0), 0.0)
    ei = gain * normal_cdf(z) + sd * normal_pdf(z)
    return np.where(ok, np.maximum(ei, 0.0), out)


# --- Bayesian optimisation --------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """The guess after ``evaluations`` evaluations, and where it would look next."""

    evaluations: int
    best_x: float  # the best point seen so far
    best_y: float
    next_x: float  # where expected improvement peaks
    next_ei: float  # its value there (in the objective's units)
    margin: float  # xi in the objective's units: xi times the spread (sd) of the values seen
    mean: np.ndarray = field(repr=False)  # on the grid, in the objective's units
    sd: np.ndarray = field(repr=False)
    ei: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class BayesOpt:
    """A few rounds of Bayesian optimisation on a 1-D objective, and random search for comparison."""

    objective: str
    goal: str  # 'maximise' | 'minimise'
    x_range: tuple[float, float]
    length_scale: float
    noise: float
    xi: float
    initial: int  # how many seeded random points start it
    rounds: int
    xs: list  # every evaluation in order: the initial points, then one per round
    ys: list
    fits: list  # rounds + 1 Fits: before each round, and after the last evaluation
    best_x: float  # Bayesian optimisation's best point
    best_y: float
    random_xs: list  # random search: the same initial points, then `rounds` more uniform ones (seeded)
    random_ys: list
    random_best_x: float
    random_best_y: float
    true_best_x: float  # the objective's best on the grid (the optimiser never sees this)
    true_best_y: float
    flat: bool  # the objective is constant: nothing to improve
    y_view: tuple[float, float]  # the y interval that holds the objective, the guesses and their bands
    grid: np.ndarray = field(repr=False)
    truth: np.ndarray = field(repr=False)  # the objective on the grid

    @property
    def sign(self) -> float:
        return 1.0 if self.goal == "maximise" else -1.0


def _fit(grid, xs, ys, length_scale: float, noise: float, xi: float, sign: float) -> Fit:
    """Fit the GP to (xs, ys) (standardised: mean 0, sd 1 of the values seen) and score the grid by EI.

    The guess and EI come back in the objective's units; EI's margin is ``xi`` standard deviations
    of the values seen (``Fit.margin``), as the noise is a share of their variance.
    """
    g = sign * np.asarray(ys, dtype=float)  # maximise g
    centre = float(g.mean())
    spread = float(g.std())
    scale = spread if spread > 1e-12 * max(1.0, abs(centre)) else 1.0
    mean_n, var_n = gp_posterior(xs, (g - centre) / scale, grid, length_scale, noise + JITTER)
    mean_g = centre + scale * mean_n
    sd = scale * np.sqrt(var_n)
    k_best = int(np.argmax(g))
    margin = xi * scale  # xi counts in spreads of the values seen, so it means the same at any scale of f
    ei = expected_improvement(mean_g, sd, float(g[k_best]), margin)
    k_next = int(np.argmax(ei))
    return Fit(
        evaluations=len(xs),
        best_x=float(xs[k_best]),
        best_y=float(ys[k_best]),
        next_x=float(grid[k_next]),
        next_ei=float(ei[k_next]),
        margin=float(margin),
        mean=sign * mean_g,
        sd=sd,
        ei=ei,
    )


def bayes_opt(f, x_range, *, length_scale: float, noise: float, xi: float, initial: int, rounds: int, seed: int,
              goal: str = "maximise", objective: str = "") -> BayesOpt:
    """Run ``rounds`` of Bayesian optimisation of ``f`` (a numpy function of x) from ``initial`` seeded points."""
    lo, hi = float(x_range[0]), float(x_range[1])
    sign = 1.0 if goal == "maximise" else -1.0
    grid = np.linspace(lo, hi, GRID_POINTS)
    truth = np.asarray(f(grid), dtype=float) * np.ones_like(grid)
    rng = np.random.default_rng(seed)
    # the initial points: seeded, spread over equal slices of the range so two never start side by side
    edges = np.linspace(lo, hi, initial + 1)
    xs = [float(a + (b - a) * rng.uniform(0.15, 0.85)) for a, b in zip(edges[:-1], edges[1:])]
    ys = [float(f(np.array([x]))[0]) for x in xs]
    fits = []
    for r in range(rounds + 1):
        fit = _fit(grid, xs, ys, length_scale, noise, xi, sign)
        fits.append(fit)
        if r < rounds:
            xs.append(fit.next_x)
            ys.append(float(f(np.array([fit.next_x]))[0]))
    # random search: the same start, then as many uniform draws as the rounds (its own seeded stream)
    rand = np.random.default_rng([seed, 1])
    random_xs = xs[:initial] + [float(v) for v in rand.uniform(lo, hi, rounds)]
    random_ys = ys[:initial] + [float(f(np.array([x]))[0]) for x in random_xs[initial:]]
    kb = int(np.argmax(sign * np.asarray(ys)))
    kr = int(np.argmax(sign * np.asarray(random_ys)))
    kt = int(np.argmax(sign * truth))
    span = float(np.ptp(truth))
    flat = span <= 1e-12 * max(1.0, float(np.abs(truth).max()))
    # the view: the objective, every guess and its +-2 sd band, with a margin
    bands = [truth] + [fit.mean + 2 * fit.sd for fit in fits] + [fit.mean - 2 * fit.sd for fit in fits]
    y0 = float(min(b.min() for b in bands))
    y1 = float(max(b.max() for b in bands))
    # a band far wider than the objective would squash it: keep the view within 3 objective spans of it
    reach = 3.0 * span if not flat else 1.0
    y0 = max(y0, float(truth.min()) - reach)
    y1 = min(y1, float(truth.max()) + reach)
    pad = 0.05 * (y1 - y0)
    return BayesOpt(
        objective=objective,
        goal=goal,
        x_range=(lo, hi),
        length_scale=float(length_scale),
        noise=float(noise),
        xi=float(xi),
        initial=int(initial),
        rounds=int(rounds),
        xs=xs,
        ys=ys,
        fits=fits,
        best_x=float(xs[kb]),
        best_y=float(ys[kb]),
        random_xs=random_xs,
        random_ys=random_ys,
        random_best_x=float(random_xs[kr]),
        random_best_y=float(random_ys[kr]),
        true_best_x=float(grid[kt]),
        true_best_y=float(truth[kt]),
        flat=bool(flat),
        y_view=(y0 - pad, y1 + pad),
        grid=grid,
        truth=truth,
    )

