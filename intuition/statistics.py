"""Statistics models: Bayes' theorem, maximum likelihood, least-squares regression.

Pure numpy, frozen dataclasses; arrays only the picture needs are ``repr=False``.
All randomness comes from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from intuition.tables import read_number_columns, require_spread

EPS = 1e-12
MLE_MAX_ROWS = 100  # data points a CSV may give the normal fit (each is drawn with its likelihood)

# --- Bayes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bayes:
    """A yes/no condition and a test for it, as four areas of a unit square."""

    prior: float  # P(condition)
    true_positive_rate: float  # P(positive | condition)
    false_positive_rate: float  # P(positive | no condition)
    condition_and_positive: float
    condition_and_negative: float
    no_condition_and_positive: float
    no_condition_and_negative: float
    evidence: float  # P(positive), the highlighted area
    posterior: float | None  # P(condition | positive); None when nobody tests positive
    per_1000: dict  # expected counts out of 1000 people / emails


def bayes(prior: float, true_positive_rate: float, false_positive_rate: float) -> Bayes:
    cp = prior * true_positive_rate
    cn = prior * (1 - true_positive_rate)
    hp = (1 - prior) * false_positive_rate
    hn = (1 - prior) * (1 - false_positive_rate)
    evidence = cp + hp
    posterior = cp / evidence if evidence > EPS else None
    counts = {
        "condition": 1000 * prior,
        "condition_and_positive": 1000 * cp,
        "no_condition_and_positive": 1000 * hp,
        "positive": 1000 * evidence,
    }
    return Bayes(prior, true_positive_rate, false_positive_rate, cp, cn, hp, hn, evidence, posterior, counts)


# --- maximum likelihood ----------------------------------------------------------------


def normal_pdf(x, mu: float, sigma: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


def heads_pmf(flips: int, p: float) -> np.ndarray:
    """P(k heads in ``flips`` flips) for k = 0..flips, with 0 ** 0 = 1 at p = 0 or 1."""
    k = np.arange(flips + 1)
    coeffs = np.array([math.comb(flips, int(j)) for j in k], dtype=float)
    return coeffs * np.power(float(p), k) * np.power(1.0 - float(p), flips - k)


def normal_log_likelihood(data, mu, sigma: float) -> np.ndarray:
    """Sum over the data of log N(x | mu, sigma), for each mu given."""
    x = np.asarray(data, dtype=float)[None, :]
    m = np.atleast_1d(np.asarray(mu, dtype=float))[:, None]
    ll = -0.5 * np.sum(((x - m) / sigma) ** 2, axis=1) - x.shape[1] * math.log(sigma * math.sqrt(2 * math.pi))
    return ll if np.ndim(mu) else ll[0]


def coin_log_likelihood(heads: int, flips: int, p) -> np.ndarray:
    """heads log p + tails log(1 - p), with 0 log 0 = 0 (p at 0 or 1 is allowed)."""
    p = np.asarray(p, dtype=float)
    tails = flips - heads
    with np.errstate(divide="ignore"):
        a = np.where(heads > 0, heads * np.log(np.where(p > 0, p, 1.0)), 0.0)
        a = np.where((heads > 0) & (p <= 0), -np.inf, a)
        b = np.where(tails > 0, tails * np.log(np.where(p < 1, 1 - p, 1.0)), 0.0)
        b = np.where((tails > 0) & (p >= 1), -np.inf, b)
    return a + b


@dataclass(frozen=True)
class MaximumLikelihood:
    family: str  # 'normal' (unknown mean, known sigma) | 'coin' (unknown p)
    data: np.ndarray  # the observations (coin: 1 = heads, 0 = tails)
    estimate: float  # the MLE
    closed_form: float  # sample mean or heads / flips
    log_likelihood: float  # at the estimate
    sigma: float | None  # the known spread of the normal model
    heads: int | None
    flips: int | None
    candidates: list[float]  # the parameter values the candidate curve visits, ending at the estimate
    candidate_log_likelihoods: list[float]
    param_range: tuple[float, float] = field(repr=False)
    grid: np.ndarray = field(repr=False)  # parameter values of the drawn log-likelihood curve
    curve: np.ndarray = field(repr=False)  # log-likelihood on the grid (clipped at y_floor)
    y_floor: float = field(repr=False)
    top_ymax: float = field(repr=False, default=1.0)  # tallest the candidate pdf / pmf gets while it slides
    source: str = "generated"  # 'generated' or the CSV path of the data
    sigma_fitted: bool = False  # normal from a CSV: sigma is the data's own spread (its MLE), not given

    def candidate_shape(self, value: float) -> tuple[np.ndarray, np.ndarray]:
        """What the top panel draws for a candidate: the normal pdf over the data range, or the heads pmf."""
        if self.family == "coin":
            return np.arange(self.flips + 1, dtype=float), heads_pmf(self.flips, value)
        lo, hi = self.param_range
        xs = np.linspace(lo, hi, 121)
        return xs, normal_pdf(xs, value, self.sigma)


def mle_normal(points: int, true_mu: float, sigma: float, seed: int) -> MaximumLikelihood:
    rng = np.random.default_rng(seed)
    return _mle_normal_of(rng.normal(true_mu, sigma, points), sigma)


def mle_normal_fit(data, source: str) -> MaximumLikelihood:
    """A teacher's data: sigma is their maximum-likelihood spread (divide by n), the mean is estimated."""
    data = np.asarray(data, dtype=float)
    sigma = float(np.sqrt(np.mean((data - data.mean()) ** 2)))
    return _mle_normal_of(data, sigma, source=source, sigma_fitted=True)


def _mle_normal_of(data: np.ndarray, sigma: float, **extra) -> MaximumLikelihood:
    est = float(data.mean())
    lo, hi = float(data.min()) - 1.5 * sigma, float(data.max()) + 1.5 * sigma
    grid = np.linspace(lo, hi, 301)
    curve = normal_log_likelihood(data, grid, sigma)
    peak = float(normal_log_likelihood(data, est, sigma))
    # the candidate starts out on the far side of the data and slides past the peak before settling
    cands = [lo + 0.2 * (hi - lo), est + 0.55 * (hi - est), est]
    return _mle(
        "normal",
        data,
        est,
        est,
        peak,
        sigma,
        None,
        None,
        cands,
        (lo, hi),
        grid,
        curve,
        lambda c: float(normal_log_likelihood(data, c, sigma)),
        1.0 / (sigma * math.sqrt(2 * math.pi)),
        **extra,
    )


def mle_coin(flips: int, heads: int, seed: int) -> MaximumLikelihood:
    rng = np.random.default_rng(seed)
    data = rng.permutation(np.array([1] * heads + [0] * (flips - heads)))
    est = heads / flips
    grid = np.linspace(0.0, 1.0, 401)
    curve = coin_log_likelihood(heads, flips, grid)
    peak = float(coin_log_likelihood(heads, flips, est))
    far = 0.1 if est >= 0.5 else 0.9
    # start far away, overshoot the peak a little, then settle on it
    overshoot = float(np.clip(est + 0.15 * np.sign(est - far), 0.02, 0.98))
    cands = [far, overshoot, est]
    # the pmf's tallest bar anywhere along the slide (p between the candidates' extremes)
    path = np.linspace(min(cands), max(cands), 101)
    top = max(float(heads_pmf(flips, q).max()) for q in path)
    return _mle(
        "coin",
        data,
        est,
        est,
        peak,
        None,
        heads,
        flips,
        [float(c) for c in cands],
        (0.0, 1.0),
        grid,
        curve,
        lambda c: float(coin_log_likelihood(heads, flips, c)),
        top,
    )


def _mle(
    family, data, est, closed, peak, sigma, heads, flips, cands, prange, grid, curve, ll, top_ymax: float, **extra
) -> MaximumLikelihood:
    # show the part of the curve the candidates visit: from a little below the lowest of them up to the peak
    lowest = min(ll(c) for c in cands)
    floor = lowest - 0.12 * max(peak - lowest, 1.0)
    return MaximumLikelihood(
        family=family,
        data=data,
        estimate=float(est),
        closed_form=float(closed),
        log_likelihood=peak,
        sigma=sigma,
        heads=heads,
        flips=flips,
        candidates=[float(c) for c in cands],
        candidate_log_likelihoods=[ll(c) for c in cands],
        param_range=prange,
        grid=grid,
        curve=np.maximum(np.where(np.isfinite(curve), curve, floor), floor),
        y_floor=floor,
        top_ymax=float(top_ymax),
        **extra,
    )


# --- regression ---------------------------------------------------------------------


def least_squares_line(x, y) -> tuple[float, float]:
    """Slope and intercept from the closed form (cov / var), as the scene reads them."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx = x - x.mean()
    slope = float(np.sum(dx * (y - y.mean())) / np.sum(dx * dx))
    return slope, float(y.mean() - slope * x.mean())


def mean_squared_error(x, y, slope: float, intercept: float) -> float:
    """The average squared residual of the line y = slope x + intercept."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((y - (slope * x + intercept)) ** 2))


@dataclass(frozen=True)
class Refit:
    coefficients: tuple[float, float]  # weights of feature 1 and feature 2
    intercept: float
    coefficient_sum: float  # w1 + w2: what the data pins down well
    x1: np.ndarray | None = field(repr=False, default=None)  # this refit's fresh data
    x2: np.ndarray | None = field(repr=False, default=None)
    y: np.ndarray | None = field(repr=False, default=None)


@dataclass(frozen=True)
class Regression:
    mode: str  # 'simple' | 'collinear'
    source: str  # 'generated' or the CSV path
    x: np.ndarray
    y: np.ndarray
    slope: float  # least-squares m
    intercept: float  # least-squares b
    r_squared: float | None  # None when every y is the same (nothing to explain)
    residuals: np.ndarray
    mean_squared_error: float
    start_slope: float  # the line starts flat, at the mean of y
    start_intercept: float
    start_mean_squared_error: float
    feature_correlation: float | None = None  # collinear mode: corr(x1, x2)
    design_rank: int | None = None  # collinear mode: 2 features + intercept, rank 3 unless perfectly collinear
    refits: list = field(default_factory=list)  # collinear mode: one Refit per fresh data set
    column_names: tuple[str, str] = ("x", "y")  # the CSV's columns (header text or "column k")
    bounds: tuple[float, float, float, float] = field(repr=False, default=(0.0, 10.0, 0.0, 1.0))  # the view
    x2: np.ndarray | None = field(repr=False, default=None)

    @property
    def shows_x_zero(self) -> bool:
        """Whether the chart reaches x = 0, where the line crosses the y axis at b."""
        return self.bounds[0] <= 0.0 <= self.bounds[1]


def _simple_fit(x, y) -> dict:
    """The least-squares line of (x, y), its residuals and R², and the flat start line at the mean of y."""
    m, b = least_squares_line(x, y)
    res = y - (m * x + b)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = None if ss_tot < EPS * max(1.0, float(np.sum(y**2))) else 1.0 - float(np.sum(res**2)) / ss_tot
    start_b = float(y.mean())
    return {
        "slope": m,
        "intercept": b,
        "r_squared": r2,
        "residuals": res,
        "mean_squared_error": float(np.mean(res**2)),
        "start_slope": 0.0,
        "start_intercept": start_b,
        "start_mean_squared_error": float(np.mean((y - start_b) ** 2)),
    }


def regression(
    mode: str,
    points: int,
    slope: float,
    intercept: float,
    noise: float,
    seed: int,
    feature_noise: float = 0.05,
    refits: int = 4,
) -> Regression:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, points)
    y = slope * x + intercept + noise * rng.normal(size=points)
    fits: list[Refit] = []
    corr = rank = None
    x2 = None
    if mode == "collinear":
        for k in range(refits):
            # each refit sees a fresh sample of the same process: x2 copies x1 up to feature_noise
            rk = np.random.default_rng([seed, k])
            x1 = rk.uniform(0.0, 10.0, points)
            x2k = x1 + feature_noise * rk.normal(size=points)
            yk = slope * x1 + intercept + noise * rk.normal(size=points)
            design = np.column_stack([x1, x2k, np.ones(points)])
            coef, *_ = np.linalg.lstsq(design, yk, rcond=None)
            fits.append(Refit((float(coef[0]), float(coef[1])), float(coef[2]), float(coef[0] + coef[1]), x1, x2k, yk))
            if k == 0:
                x, y, x2 = x1, yk, x2k
                rank = int(np.linalg.matrix_rank(design))
                corr = float(np.corrcoef(x1, x2k)[0, 1]) if feature_noise > 0 else 1.0
    fit = _simple_fit(x, y)
    m, b = fit["slope"], fit["intercept"]
    ys = np.concatenate(
        [y, m * np.array([0.0, 10.0]) + b, [fit["start_intercept"]]]
        + [np.concatenate([f.y, f.coefficient_sum * np.array([0.0, 10.0]) + f.intercept]) for f in fits]
    )
    return Regression(
        mode=mode,
        source="generated",
        x=x,
        y=y,
        **fit,
        feature_correlation=corr,
        design_rank=rank,
        refits=fits,
        bounds=(0.0, 10.0, float(min(ys.min(), 0.0)), float(max(ys.max(), 0.0))),
        x2=x2,
    )


def data_view(lo: float, hi: float, pad: float = 0.0) -> tuple[float, float]:
    """The span a chart of data from ``lo`` to ``hi`` shows: it reaches 0 when 0 is near the data
    (no farther than half the data's span), and ``pad`` of the span more on each side."""
    span = hi - lo if hi > lo else max(abs(lo), 1.0)
    if 0.0 < lo <= span / 2:
        lo = 0.0
    elif -span / 2 <= hi < 0.0:
        hi = 0.0
    return lo - (pad * span if lo != 0.0 else 0.0), hi + (pad * span if hi != 0.0 else 0.0)


def regression_of_points(x, y, source: str, column_names: tuple[str, str] = ("x", "y")) -> Regression:
    """The least-squares line through a teacher's points (``source`` names their file)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    fit = _simple_fit(x, y)
    x0, x1 = data_view(float(x.min()), float(x.max()), pad=0.04)
    line = fit["slope"] * np.array([x0, x1]) + fit["intercept"]
    ys = np.concatenate([y, line, [fit["start_intercept"]]])
    y0, y1 = data_view(float(ys.min()), float(ys.max()))
    return Regression(
        mode="simple",
        source=source,
        x=x,
        y=y,
        **fit,
        column_names=tuple(column_names),
        bounds=(x0, x1, y0, y1),
    )


def read_regression_csv(path, x_column: str | int = "", y_column: str | int = ""):
    """x and y columns of a CSV file (3 to 200 rows, two x values at least), and the columns' names."""
    xy, names = read_number_columns(path, (x_column, y_column), needs="regression", least=3, most=200)
    require_spread(xy[:, 0], path, names[0], "a line through the points")
    return xy[:, 0], xy[:, 1], names


def read_samples_csv(path, column: str | int = ""):
    """One column of a CSV file (2 to 100 values, not all the same) and its name, for a normal fit."""
    values, names = read_number_columns(path, (column,), needs="the normal fit", least=2, most=MLE_MAX_ROWS)
    require_spread(values[:, 0], path, names[0], "fitting a normal")
    return values[:, 0], names[0]
