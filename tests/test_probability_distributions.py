"""distributions, sampling, covariance: models against closed forms and numpy, the CLI's
bad input, and the scenes built (no video) for defaults and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from intuition import catalog
from intuition import probability as prob

TOL = 1e-9


# --- distributions ---------------------------------------------------------------------


def bernoulli_convolution(n: int, p: float) -> np.ndarray:
    """The binomial pmf as n Bernoulli trials added one at a time (independent of math.comb)."""
    pmf = np.array([1.0])
    for _ in range(n):
        pmf = np.convolve(pmf, [1.0 - p, p])
    return pmf


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 60), st.floats(0.0, 1.0))
def test_binomial_mean_variance_and_sum_are_closed_forms(n, p):
    s = prob.binomial_state(n, p)
    assert s.mean == pytest.approx(n * p, abs=TOL)
    assert s.variance == pytest.approx(n * p * (1 - p), abs=TOL)
    assert s.std == pytest.approx(math.sqrt(n * p * (1 - p)), abs=1e-7)
    assert s.total_probability == pytest.approx(1.0, abs=TOL)
    np.testing.assert_allclose(s.ys, bernoulli_convolution(n, p), atol=1e-12)
    assert s.degenerate == (n * p * (1 - p) < 1e-12)  # no spread left to draw


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_binomial_all_probability_on_one_value_when_p_is_0_or_1(p):
    s = prob.binomial_state(12, p)
    assert s.degenerate and s.variance == 0.0
    assert s.ys[int(12 * p)] == 1.0 and s.ys.sum() == 1.0


@settings(max_examples=60, deadline=None)
@given(st.floats(-10, 10), st.floats(0.05, 10))
def test_normal_integrates_to_1_with_mean_mu_and_variance_sigma_squared(mu, sigma):
    s = prob.normal_state(mu, sigma)
    assert s.total_probability == pytest.approx(1.0, abs=TOL)
    # independent quadrature of the pdf, its mean and its variance
    area, _ = integrate.quad(lambda x: prob.normal_pdf(x, mu, sigma), mu - 12 * sigma, mu + 12 * sigma)
    mean, _ = integrate.quad(lambda x: x * prob.normal_pdf(x, mu, sigma), mu - 12 * sigma, mu + 12 * sigma)
    var, _ = integrate.quad(lambda x: (x - mu) ** 2 * prob.normal_pdf(x, mu, sigma), mu - 12 * sigma, mu + 12 * sigma)
    assert area == pytest.approx(1.0, abs=1e-8)
    assert s.mean == pytest.approx(mean, abs=1e-8) and s.variance == pytest.approx(var, rel=1e-8)
    np.testing.assert_allclose(s.ys, stats.norm.pdf(s.xs, mu, sigma), rtol=1e-12, atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(st.floats(-10, 9.9), st.floats(0.01, 10))
def test_uniform_area_mean_variance(low, width):
    high = min(low + width, 10.0)
    s = prob.uniform_state(low, high)
    u = stats.uniform(loc=low, scale=high - low)
    assert s.total_probability == pytest.approx(1.0, abs=TOL)
    assert s.mean == pytest.approx(u.mean(), abs=TOL)
    assert s.variance == pytest.approx(u.var(), abs=TOL)
    # the drawn outline encloses area 1
    assert np.trapezoid(s.ys, s.xs) == pytest.approx(1.0, abs=TOL)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"family": "binomial"},
        {"family": "binomial", "n": 1, "p": 0, "n_target": 60, "p_target": 1},
        {"family": "uniform", "low": -10, "high": -9.99, "high_target": 10},
        {"mu": -10, "sigma": 0.05, "mu_target": 10, "sigma_target": 10},
    ],
)
def test_morph_keeps_total_probability_1_and_shows_every_state(values):
    spec = catalog.get("distributions")
    m = spec.compute(spec.build(values))
    for s in m.path:
        assert s.total_probability == pytest.approx(1.0, abs=TOL)
        if s.family == "binomial":
            assert isinstance(s.parameters["n"], int)
    assert m.path[0].parameters == m.start.parameters and m.path[-1].parameters == m.target.parameters
    lo, hi = m.x_range
    for s in (m.start, m.target):
        assert lo <= s.mean <= hi
        assert m.y_max >= float(np.max(s.ys)) - TOL


def test_inspect_distributions_carries_mean_variance_total():
    out = catalog.get("distributions").inspect({"family": "binomial", "n": 20, "p": 0.3})
    assert out["mean"] == pytest.approx(6.0, abs=TOL)
    assert out["variance"] == pytest.approx(4.2, abs=TOL)
    assert out["total_probability"] == pytest.approx(1.0, abs=TOL)
    assert out["target"]["mean"] == pytest.approx(20 * 0.3, abs=TOL)  # default n_target, p_target


# --- sampling ---------------------------------------------------------------------------


def test_same_seed_same_inspect_different_seed_different_samples():
    spec = catalog.get("sampling")
    a, b = spec.inspect({"seed": 3}), spec.inspect({"seed": 3})
    assert a == b
    c = spec.inspect({"seed": 4})
    assert a["samples"] != c["samples"] and a["sample_means"] != c["sample_means"]
    assert {"samples", "histogram", "sample_means"} <= set(a)


@pytest.mark.parametrize("source", prob.SOURCES)
def test_histogram_counts_match_numpy_and_density_has_area_1(source):
    m = prob.sampling(source, samples=700, bins=17, sample_size=6, means=300, seed=1)
    lo, hi = prob.source_range(source)
    edges = np.linspace(lo, hi, 18)
    counts, _ = np.histogram(np.clip(m.samples, lo, hi), bins=edges)
    np.testing.assert_array_equal(m.histogram.counts, counts)
    assert m.histogram.counts.sum() == 700
    assert float(np.sum(m.histogram.density * np.diff(edges))) == pytest.approx(1.0, abs=TOL)
    # the keyframes grow to the final histogram, one by one and then in batches
    assert m.schedule[:6] == [1, 2, 3, 4, 5, 6] and m.schedule[-1] == 700
    assert all(b > a for a, b in zip(m.schedule, m.schedule[1:]))
    for k, frame in zip(m.schedule, m.frames):
        assert frame.counts.sum() == k
    np.testing.assert_array_equal(m.frames[-1].counts, m.histogram.counts)
    assert m.means_frames[-1].counts.sum() == 300
    # closed-form moments of the source, and the CLT's prediction
    assert m.source_mean == pytest.approx({"normal": 0, "uniform": 0.5, "exponential": 1}[source], abs=TOL)
    assert m.clt_std == pytest.approx(m.source_std / math.sqrt(6), abs=TOL)
    assert m.sample_mean == pytest.approx(float(np.mean(m.samples)), abs=TOL)
    assert m.means_mean == pytest.approx(float(np.mean(m.sample_means)), abs=TOL)
    assert m.first_sample.mean() == pytest.approx(m.sample_means[0], abs=TOL)


def test_source_pdfs_integrate_to_1():
    for source in prob.SOURCES:
        lo = {"normal": -np.inf, "uniform": 0.0, "exponential": 0.0}[source]
        hi = {"normal": np.inf, "uniform": 1.0, "exponential": np.inf}[source]
        area, _ = integrate.quad(lambda x, source=source: float(prob.source_pdf(source, x)), lo, hi)
        assert area == pytest.approx(1.0, abs=1e-8)


def test_clt_means_spread_like_sigma_over_root_n():
    m = prob.sampling("exponential", samples=10, bins=10, sample_size=25, means=5000, seed=2)
    assert m.means_std == pytest.approx(m.clt_std, rel=0.05)
    assert m.means_mean == pytest.approx(1.0, abs=0.02)


# --- covariance -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-1, 1), st.floats(-1, 1), st.integers(3, 200), st.floats(0.1, 5), st.floats(0.1, 5), st.integers(0, 1000)
)
def test_covariance_matches_numpy(r0, r1, n, sx, sy, seed):
    c = prob.covariance(n, r0, r1, sx, sy, seed)
    for s, r in ((c.start, r0), (c.target, r1)):
        np.testing.assert_allclose(s.covariance_matrix, np.cov(s.points.T, bias=True), atol=TOL)
        assert s.correlation == pytest.approx(np.corrcoef(s.points.T)[0, 1], abs=1e-7)
        assert s.correlation == pytest.approx(r, abs=1e-7)
        # the ellipse's half-axes are 2 standard deviations along the eigenvectors
        np.testing.assert_allclose(
            np.sort((s.ellipse_axes / 2) ** 2),
            np.sort(np.clip(np.linalg.eigvalsh(s.covariance_matrix), 0, None)),
            atol=1e-9,
        )
    assert c.variance == pytest.approx(np.var(c.values), abs=TOL)
    np.testing.assert_allclose(c.squared_deviations, (c.values - np.mean(c.values)) ** 2, atol=TOL)
    xmin, xmax, ymin, ymax = c.bounds
    for s in c.path:
        assert np.all(s.points[:, 0] >= xmin - TOL) and np.all(s.points[:, 0] <= xmax + TOL)
        assert np.all(s.points[:, 1] >= ymin - TOL) and np.all(s.points[:, 1] <= ymax + TOL)


def test_zero_variance_is_narrated_not_an_error():
    c = catalog.get("covariance").inspect({"spread_x": 0})
    assert c["zero_variance"] is True and c["correlation"] is None
    assert c["variance"] == 0.0 and c["covariance_sign"] == "zero"
    assert c["covariance_matrix"][0] == [0.0, 0.0]


@pytest.mark.parametrize(("r", "sign"), [(0.8, "positive"), (-0.5, "negative"), (0.0, "zero")])
def test_covariance_sign(r, sign):
    assert catalog.get("covariance").inspect({"correlation": r})["covariance_sign"] == sign


# --- bad input through the CLI ------------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "setting", "fragment"),
    [
        ("distributions", "sigma=0", "parameter 'sigma': must be a number > 0 and <= 10"),
        ("distributions", "p=1.5", "parameter 'p': must be a number >= 0 and <= 1"),
        ("distributions", "n=2.5", "parameter 'n': must be a whole number from 1 to 60"),
        ("distributions", "high=-1", "parameter 'high': must be greater than low"),
        ("sampling", "sample_size=0", "parameter 'sample_size': must be a whole number from 1 to 200"),
        ("covariance", "correlation=1.5", "parameter 'correlation': must be a number >= -1 and <= 1"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_parameter(scene, setting, fragment):
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", scene, "--set", setting], catch_exceptions=False)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


# --- the scenes, built without writing video ------------------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"family": "binomial", "n": 60, "p": 1, "n_target": 1, "p_target": 0},
        {"family": "uniform", "low": -10, "high": -9.99, "high_target": 10},
        {"mu": -10, "sigma": 0.05, "mu_target": 10, "sigma_target": 10},
    ],
)
def test_distributions_scene_fits_and_labels_apart(params):
    scene = build_scene("distributions", **params)
    assert_scene_ok(scene)
    m = scene.model
    texts = " ".join(c.text for c in scene.captions)
    assert "1" in texts and ("area" in texts or "add up" in texts)
    if m.target.degenerate:
        assert "all the probability sits on" in texts


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"source": "uniform", "sample_size": 1, "samples": 10, "means": 10, "bins": 5},
    ],
)
def test_sampling_scene_fits_and_labels_apart(params):
    scene = build_scene("sampling", **params)
    assert_scene_ok(scene)
    m = scene.model
    # the bars on screen are the model's final histograms
    heights = [b.get_top()[1] - b.get_bottom()[1] for b in scene.m_bars]
    tallest = int(np.argmax(heights))
    assert tallest == int(np.argmax(m.means_histogram.density))
    assert scene.count.get_value() == m.schedule[-1] and scene.m_count.get_value() == m.means_schedule[-1]


@pytest.mark.render
@pytest.mark.parametrize("params", [{}, {"spread_x": 0, "correlation": 0.3, "correlation_target": 0.9}])
def test_covariance_scene_fits_and_labels_apart(params):
    scene = build_scene("covariance", **params)
    assert_scene_ok(scene)
    m = scene.model
    texts = " ".join(c.text for c in scene.captions)
    if m.zero_variance:
        assert "variance is 0" in texts and "undefined" in texts
    else:
        assert scene.cov_value.get_value() == pytest.approx(m.target.covariance, abs=0.005)
        assert scene.corr_value.get_value() == pytest.approx(m.target.correlation, abs=0.005)
