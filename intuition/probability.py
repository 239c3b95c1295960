"""Probability models: distributions, sampling and the CLT, variance and covariance.

Pure numpy. Every number the probability scenes draw is a field of one of these
frozen dataclasses; arrays only the picture needs (curves, keyframes) are
``repr=False`` so ``inspect`` prints what a teacher reads on screen. All
randomness comes from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from intuition.tables import read_number_columns, require_spread, unlike_units

EPS = 1e-12
CURVE_POINTS = 401
POPULATION_MAX_ROWS = 5000  # values a CSV may give the sampling scene to draw from
CLOUD_MAX_ROWS = 200  # points a CSV may give the covariance scene (the generator's limit)


# --- distributions -------------------------------------------------------------


def normal_pdf(x, mu: float, sigma: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


def uniform_pdf(x, low: float, high: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.where((x >= low) & (x <= high), 1.0 / (high - low), 0.0)


def binomial_pmf(n: int, p: float) -> np.ndarray:
    """P(K = k) for k = 0..n, built from exact integer binomial coefficients."""
    k = np.arange(n + 1)
    coeffs = np.array([math.comb(n, int(j)) for j in k], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # 0 ** 0 = 1 keeps the degenerate p = 0 and p = 1 cases exact
        probs = coeffs * np.power(p, k) * np.power(1.0 - p, n - k)
    return probs


@dataclass(frozen=True)
class DistributionState:
    """One distribution: its numbers, and the curve or bars that draw it."""

    family: str  # 'normal' | 'binomial' | 'uniform'
    parameters: dict  # e.g. {"mu": 0, "sigma": 1}
    mean: float
    variance: float
    std: float
    total_probability: float  # the area under the pdf / the sum of the bars
    degenerate: bool  # zero variance: all probability on one value
    xs: np.ndarray = field(repr=False)  # curve x (continuous) or k = 0..n (binomial)
    ys: np.ndarray = field(repr=False)  # pdf(x) or pmf(k)


def normal_state(mu: float, sigma: float) -> DistributionState:
    xs = np.linspace(mu - 8 * sigma, mu + 8 * sigma, 4001)
    ys = normal_pdf(xs, mu, sigma)
    # the tails beyond 8 sigma hold < 1e-15; the trapezoid rule is spectrally accurate here
    total = float(np.trapezoid(ys, xs))
    return DistributionState("normal", {"mu": mu, "sigma": sigma}, mu, sigma**2, sigma, total, False, xs, ys)


def uniform_state(low: float, high: float) -> DistributionState:
    xs = np.array([low, low, high, high])
    ys = np.array([0.0, 1.0 / (high - low), 1.0 / (high - low), 0.0])
    total = (high - low) * (1.0 / (high - low))
    var = (high - low) ** 2 / 12
    return DistributionState(
        "uniform", {"low": low, "high": high}, (low + high) / 2, var, math.sqrt(var), total, False, xs, ys
    )


def binomial_state(n: int, p: float) -> DistributionState:
    pmf = binomial_pmf(n, p)
    k = np.arange(n + 1, dtype=float)
    mean = float(np.sum(k * pmf))
    var = float(np.sum((k - mean) ** 2 * pmf))
    var = max(var, 0.0)
    return DistributionState(
        "binomial", {"n": n, "p": p}, mean, var, math.sqrt(var), float(pmf.sum()), var < EPS, k, pmf
    )


@dataclass(frozen=True)
class DistributionMorph:
    """A distribution whose parameters slide from a start to a target."""

    family: str
    mean: float  # of the start distribution
    variance: float
    std: float
    total_probability: float
    target: DistributionState
    x_range: tuple[float, float]  # what the axes must show over the whole morph
    y_max: float
    start: DistributionState = field(repr=False)
    path: list = field(repr=False)  # states along the morph, t = 0 .. 1


def distribution_state(family: str, values: dict) -> DistributionState:
    if family == "normal":
        return normal_state(values["mu"], values["sigma"])
    if family == "uniform":
        return uniform_state(values["low"], values["high"])
    return binomial_state(int(values["n"]), values["p"])


def morph_values(family: str, start: dict, target: dict, t: float) -> dict:
    """Parameters a fraction t of the way; the binomial n moves in whole steps."""
    out = {k: (1 - t) * start[k] + t * target[k] for k in start}
    if family == "binomial":
        out["n"] = int(round(out["n"]))
    return out


def distribution_morph(family: str, start: dict, target: dict, keyframes: int = 25) -> DistributionMorph:
    s, g = distribution_state(family, start), distribution_state(family, target)
    path = [distribution_state(family, morph_values(family, start, target, t)) for t in np.linspace(0, 1, keyframes)]
    if family == "normal":
        lo = min(st.mean - 3.5 * st.std for st in path)
        hi = max(st.mean + 3.5 * st.std for st in path)
    elif family == "uniform":
        lo = min(st.parameters["low"] for st in path)
        hi = max(st.parameters["high"] for st in path)
        pad = 0.25 * (hi - lo)
        lo, hi = lo - pad, hi + pad
    else:
        lo, hi = -0.5, max(st.parameters["n"] for st in path) + 0.5
    y_max = max(float(np.max(st.ys)) for st in path)
    return DistributionMorph(family, s.mean, s.variance, s.std, s.total_probability, g, (lo, hi), y_max, s, path)


# --- sampling and the central limit theorem ---------------------------------------------

SOURCES = ("normal", "uniform", "exponential")


def source_draws(rng: np.random.Generator, source: str, size) -> np.ndarray:
    if source == "normal":
        return rng.normal(0.0, 1.0, size)
    if source == "uniform":
        return rng.uniform(0.0, 1.0, size)
    return rng.exponential(1.0, size)


def source_moments(source: str) -> tuple[float, float]:
    """Mean and standard deviation of the source distribution, closed form."""
    return {"normal": (0.0, 1.0), "uniform": (0.5, math.sqrt(1 / 12)), "exponential": (1.0, 1.0)}[source]


def source_pdf(source: str, x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if source == "normal":
        return normal_pdf(x, 0.0, 1.0)
    if source == "uniform":
        return uniform_pdf(x, 0.0, 1.0)
    return np.where(x >= 0, np.exp(-np.clip(x, 0, None)), 0.0)


def source_range(source: str) -> tuple[float, float]:
    return {"normal": (-4.0, 4.0), "uniform": (-0.25, 1.25), "exponential": (0.0, 6.0)}[source]


@dataclass(frozen=True)
class Histogram:
    edges: np.ndarray
    counts: np.ndarray  # how many values fell in each bin
    density: np.ndarray  # counts / (total * bin width): area 1, comparable with the pdf


def histogram(values, edges) -> Histogram:
    values = np.asarray(values, dtype=float)
    edges = np.asarray(edges, dtype=float)
    # values off the drawn range are clipped into the end bins so none vanish
    clipped = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    width = np.diff(edges)
    total = max(len(values), 1)
    return Histogram(edges, counts.astype(int), counts / (total * width))


def growth_schedule(total: int, first: int) -> list[int]:
    """How many samples the histogram has shown at each keyframe: one by one, then doubling."""
    out = list(range(1, min(first, total) + 1))
    n = out[-1] if out else 0
    while n < total:
        n = min(total, max(n * 2, n + 1))
        out.append(n)
    return out


@dataclass(frozen=True)
class Sampling:
    source: str  # 'normal' | 'uniform' | 'exponential', or 'data': draws from the values of a CSV
    seed: int
    samples: np.ndarray  # the draws, in the order they drop
    histogram: Histogram  # of all the samples
    source_mean: float  # of the source distribution (data: of all the CSV's values)
    source_std: float  # (data: their population standard deviation, divide by n)
    sample_mean: float
    sample_size: int  # draws averaged for each CLT mean
    sample_means: np.ndarray
    means_histogram: Histogram
    means_mean: float
    means_std: float
    clt_std: float  # sigma / sqrt(sample_size), the CLT's prediction
    schedule: list[int]  # samples shown at each keyframe
    means_schedule: list[int]
    x_range: tuple[float, float] = field(repr=False)
    means_range: tuple[float, float] = field(repr=False)
    frames: list = field(repr=False)  # Histogram after schedule[i] samples
    means_frames: list = field(repr=False)
    first_sample: np.ndarray = field(repr=False)  # the draws behind the first mean
    file: str | None = None  # data: the CSV path
    population_size: int | None = None  # data: how many values the draws come from
    population: Histogram | None = field(repr=False, default=None)  # data: all the values, on the same bins

    def density_curve(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The shape the histogram tends to: the source's pdf at ``n`` points, or the outline of the
        data's own histogram (what draws with replacement from the values converge to)."""
        if self.population is None:
            xs = np.linspace(*self.x_range, n)
            return xs, source_pdf(self.source, xs)
        h = self.population
        return np.repeat(h.edges, 2), np.concatenate([[0.0], np.repeat(h.density, 2), [0.0]])


def sampling(
    source: str,
    samples: int,
    bins: int,
    sample_size: int,
    means: int,
    seed: int,
    one_by_one: int = 6,
    population=None,
    file: str | None = None,
) -> Sampling:
    """Draws from ``source``, or with ``population`` (the values of ``file``) draws with replacement from them."""
    rng = np.random.default_rng(seed)
    if population is None:
        draws = source_draws(rng, source, samples)
        groups = source_draws(rng, source, (means, sample_size))
        mu, sd = source_moments(source)
        lo, hi = source_range(source)
        floor = 0.0 if source == "exponential" else -math.inf
    else:
        values = np.asarray(population, dtype=float)
        source = "data"
        draws = rng.choice(values, samples)
        groups = rng.choice(values, (means, sample_size))
        mu, sd = float(values.mean()), float(values.std())
        pad = 0.05 * float(values.max() - values.min())
        lo, hi = float(values.min()) - pad, float(values.max()) + pad
        floor = lo
    sample_means = groups.mean(axis=1)
    edges = np.linspace(lo, hi, bins + 1)
    clt_sd = sd / math.sqrt(sample_size)
    # the means never leave the source's range: [0, ...) for the exponential, the values' span for data
    m_lo, m_hi = max(mu - 4 * clt_sd, floor), min(mu + 4 * clt_sd, hi if population is not None else math.inf)
    m_edges = np.linspace(m_lo, m_hi, bins + 1)
    sched = growth_schedule(samples, one_by_one)
    m_sched = growth_schedule(means, 1)
    return Sampling(
        source=source,
        seed=seed,
        samples=draws,
        histogram=histogram(draws, edges),
        source_mean=mu,
        source_std=sd,
        sample_mean=float(draws.mean()),
        sample_size=sample_size,
        sample_means=sample_means,
        means_histogram=histogram(sample_means, m_edges),
        means_mean=float(sample_means.mean()),
        means_std=float(sample_means.std()),
        clt_std=clt_sd,
        schedule=sched,
        means_schedule=m_sched,
        x_range=(lo, hi),
        means_range=(m_lo, m_hi),
        frames=[histogram(draws[:k], edges) for k in sched],
        means_frames=[histogram(sample_means[:k], m_edges) for k in m_sched],
        first_sample=groups[0],
        file=file,
        population_size=None if population is None else len(population),
        population=None if population is None else histogram(population, edges),
    )


def read_population_csv(path, column: str | int = ""):
    """One column of a CSV file (2 to 5000 values, not all the same) to draw samples from, and its name."""
    values, names = read_number_columns(path, (column,), needs="sampling", least=2, most=POPULATION_MAX_ROWS)
    require_spread(values[:, 0], path, names[0], "a histogram of the values")
    return values[:, 0], names[0]


# --- variance and covariance --------------------------------------------------------------


def correlated_cloud(z: np.ndarray, correlation: float, spread: tuple[float, float]) -> np.ndarray:
    """Points whose sample correlation is exactly ``correlation`` (z: whitened 2 x n)."""
    r = float(np.clip(correlation, -1.0, 1.0))
    x = z[0]
    y = r * z[0] + math.sqrt(max(0.0, 1 - r * r)) * z[1]
    return np.column_stack([spread[0] * x, spread[1] * y])


def whitened(rng: np.random.Generator, n: int) -> np.ndarray:
    """2 x n standard scores: mean 0, variance 1 and zero sample correlation, exactly."""
    z = rng.normal(size=(2, n))
    z -= z.mean(axis=1, keepdims=True)
    # Gram-Schmidt so the second row carries no correlation with the first
    z[0] /= np.sqrt(np.mean(z[0] ** 2))
    z[1] -= np.mean(z[0] * z[1]) * z[0]
    z[1] /= np.sqrt(np.mean(z[1] ** 2))
    return z


def covariance_matrix(points) -> np.ndarray:
    """Average product of deviations from the mean (population form: divide by n)."""
    pts = np.asarray(points, dtype=float)
    d = pts - pts.mean(axis=0)
    return d.T @ d / len(pts)


@dataclass(frozen=True)
class CloudStats:
    correlation_target: float
    covariance_matrix: np.ndarray
    covariance: float
    correlation: float | None  # None when a variance is 0: correlation is undefined
    mean: np.ndarray
    ellipse_axes: np.ndarray  # half-lengths (2 standard deviations) of the covariance ellipse
    ellipse_angle: float  # radians, direction of the long axis
    points: np.ndarray = field(repr=False)


def cloud_stats(points, correlation_target: float) -> CloudStats:
    pts = np.asarray(points, dtype=float)
    cov = covariance_matrix(pts)
    sx, sy = math.sqrt(max(cov[0, 0], 0.0)), math.sqrt(max(cov[1, 1], 0.0))
    corr = float(cov[0, 1] / (sx * sy)) if sx > 1e-9 and sy > 1e-9 else None
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1]
    vals, vecs = np.clip(vals[order], 0.0, None), vecs[:, order]
    angle = float(math.atan2(vecs[1, 0], vecs[0, 0]))
    return CloudStats(correlation_target, cov, float(cov[0, 1]), corr, pts.mean(axis=0), 2 * np.sqrt(vals), angle, pts)


@dataclass(frozen=True)
class Covariance:
    source: str  # 'generated' or the CSV path of the points
    column_names: tuple[str, str]  # what x and y are: ("x", "y"), or the CSV's columns
    values: np.ndarray  # the 1D data whose variance is drawn as squares
    mean: float
    deviations: np.ndarray
    squared_deviations: np.ndarray
    variance: float  # average squared deviation
    covariance_matrix: np.ndarray  # of the start cloud
    correlation: float | None  # of the start cloud (None: a variance is 0)
    covariance_sign: str  # 'positive' | 'negative' | 'zero'
    zero_variance: bool
    start: CloudStats
    target: CloudStats
    bounds: tuple[float, float, float, float] = field(repr=False)  # xmin, xmax, ymin, ymax over the morph
    path: list = field(repr=False)  # CloudStats along the morph
    # one unit as long across as up (the ellipse's tilt is true); False for a teacher's columns in
    # units too different to share one (square feet against dollars): each axis spans its own data
    equal_units: bool = True


def covariance_sign(cov: float, scale: float) -> str:
    if abs(cov) <= 1e-9 * max(scale, 1.0):
        return "zero"
    return "positive" if cov > 0 else "negative"


def covariance(
    points: int,
    correlation: float,
    correlation_target: float,
    spread_x: float,
    spread_y: float,
    seed: int,
    keyframes: int = 13,
) -> Covariance:
    rng = np.random.default_rng(seed)
    z = whitened(rng, points)
    spread = (spread_x, spread_y)
    path = [
        cloud_stats(correlated_cloud(z, r, spread), r) for r in np.linspace(correlation, correlation_target, keyframes)
    ]
    return _covariance_along(path, "generated", ("x", "y"))


def covariance_of_points(points, source: str, column_names: tuple[str, str] = ("x", "y")) -> Covariance:
    """A teacher's points: their own covariance, nothing morphs (the target is the start)."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    start = cloud_stats(pts, 0.0)
    start = cloud_stats(pts, start.correlation if start.correlation is not None else 0.0)
    reach = float(np.max(np.ptp(pts, axis=0)))
    # the view's smallest side is the data's own scale, so points in thousandths are not lost in a unit box
    cov = _covariance_along([start], source, tuple(column_names), reach if reach > 0 else 1.0)
    if unlike_units(pts.std(axis=0)):
        # each axis its own data and the ellipse's extent on it (2 standard deviations either side)
        half = 2 * np.sqrt(np.maximum(np.diag(start.covariance_matrix), 0.0))
        lo, hi = np.minimum(pts.min(axis=0), start.mean - half), np.maximum(pts.max(axis=0), start.mean + half)
        cov = replace(cov, equal_units=False, bounds=(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])))
    return cov


def read_cloud_csv(path, x_column: str | int = "", y_column: str | int = ""):
    """Two columns of a CSV file (3 to 200 points) and the columns' names."""
    return read_number_columns(path, (x_column, y_column), needs="covariance", least=3, most=CLOUD_MAX_ROWS)


def _covariance_along(path: list, source: str, column_names: tuple[str, str], min_span: float = 1.0) -> Covariance:
    """The variance of the first cloud's x, its covariance, and the view that holds every cloud of ``path``."""
    start, target = path[0], path[-1]
    values = start.points[:, 0]
    mean = float(values.mean())
    dev = values - mean
    allpts = np.vstack(
        [c.points for c in path] + [c.mean[None, :] + c.ellipse_axes[0] * np.array([[1, 1], [-1, -1]]) for c in path]
    )
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    span = max(float(np.max(hi - lo)), min_span)
    # keep the view square-ish and never zero-sized (zero variance collapses a side)
    for k in range(2):
        if hi[k] - lo[k] < 0.3 * span:
            mid = (hi[k] + lo[k]) / 2
            lo[k], hi[k] = mid - 0.15 * span, mid + 0.15 * span
    scale = float(start.covariance_matrix[0, 0] + start.covariance_matrix[1, 1])
    return Covariance(
        source=source,
        column_names=column_names,
        values=values,
        mean=mean,
        deviations=dev,
        squared_deviations=dev**2,
        variance=float(np.mean(dev**2)),
        covariance_matrix=start.covariance_matrix,
        correlation=start.correlation,
        covariance_sign=covariance_sign(start.covariance, scale),
        zero_variance=bool(start.covariance_matrix[0, 0] < 1e-12 or start.covariance_matrix[1, 1] < 1e-12),
        start=start,
        target=target,
        bounds=(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])),
        path=path,
    )
