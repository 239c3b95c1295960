"""bayes, mle, regression: the models against closed forms and numpy, the scenes built, bad input rejected."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition import statistics as stats

probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# --- bayes ----------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(probs, probs, probs)
def test_posterior_is_bayes_formula(prior, tpr, fpr):
    m = stats.bayes(prior, tpr, fpr)
    # the four areas tile the unit square
    parts = [m.condition_and_positive, m.condition_and_negative, m.no_condition_and_positive,
             m.no_condition_and_negative]
    assert min(parts) >= 0 and sum(parts) == pytest.approx(1.0, abs=1e-12)
    evidence = tpr * prior + fpr * (1 - prior)  # law of total probability
    assert m.evidence == pytest.approx(evidence, abs=1e-12)
    if evidence > 1e-12:
        assert m.posterior == pytest.approx(tpr * prior / evidence, abs=1e-9)
        assert 0.0 <= m.posterior <= 1.0
    else:
        assert m.posterior is None  # nobody tests positive: nothing to update on


def test_bayes_defaults_give_one_half():
    out = catalog.get("bayes").inspect({})
    assert out["posterior"] == pytest.approx(0.09 / 0.18, abs=1e-9)
    assert out["per_1000"]["positive"] == pytest.approx(180)


# --- maximum likelihood ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 50), st.floats(-5, 5), st.floats(0.1, 5), st.integers(0, 2**31 - 1))
def test_normal_mle_is_the_sample_mean(points, mu, sigma, seed):
    m = stats.mle_normal(points, mu, sigma, seed)
    assert m.estimate == pytest.approx(float(np.mean(m.data)), abs=1e-9)
    # the log-likelihood written out term by term, at the estimate and a nudge either side
    def ll(c):
        return sum(-0.5 * ((x - c) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi)) for x in m.data)

    assert m.log_likelihood == pytest.approx(ll(m.estimate), rel=1e-9, abs=1e-9)
    h = 1e-3 * sigma
    assert ll(m.estimate) >= ll(m.estimate + h) and ll(m.estimate) >= ll(m.estimate - h)
    # the drawn curve peaks at the estimate (to the grid's resolution)
    step = m.grid[1] - m.grid[0]
    assert abs(m.grid[int(np.argmax(m.curve))] - m.estimate) <= step
    assert m.candidates[-1] == m.estimate
    for c, v in zip(m.candidates, m.candidate_log_likelihoods):
        assert v == pytest.approx(ll(c), rel=1e-9, abs=1e-9)
    # the tallest candidate curve fits the top panel
    xs, ys = m.candidate_shape(m.estimate)
    assert ys.max() <= m.top_ymax + 1e-12


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))), st.integers(0, 2**31 - 1))
def test_coin_mle_is_heads_over_flips(nh, seed):
    flips, heads = nh
    m = stats.mle_coin(flips, heads, seed)
    assert m.estimate == pytest.approx(heads / flips, abs=1e-12)
    assert int(np.sum(m.data)) == heads and len(m.data) == flips
    grid = np.linspace(0, 1, 2001)
    with np.errstate(divide="ignore"):
        ll = np.where(grid > 0, heads * np.log(np.where(grid > 0, grid, 1)), 0 if heads == 0 else -np.inf) + np.where(
            grid < 1, (flips - heads) * np.log(np.where(grid < 1, 1 - grid, 1)), 0 if heads == flips else -np.inf)
    assert abs(grid[int(np.argmax(ll))] - heads / flips) <= 1e-3
    tails = flips - heads
    closed = (heads * math.log(heads / flips) if heads else 0.0) + (tails * math.log(tails / flips) if tails else 0.0)
    assert m.log_likelihood == pytest.approx(closed, abs=1e-9)
    assert m.log_likelihood >= float(ll.max()) - 1e-12
    # the pmf the top panel draws is a probability distribution, and never taller than its panel
    for c in m.candidates:
        xs, pmf = m.candidate_shape(c)
        assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
        assert pmf.max() <= m.top_ymax + 1e-12


def test_heads_pmf_matches_comb_formula():
    pmf = stats.heads_pmf(5, 0.3)
    expected = [math.comb(5, k) * 0.3**k * 0.7 ** (5 - k) for k in range(6)]
    np.testing.assert_allclose(pmf, expected, atol=1e-15)


# --- regression ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 100), st.floats(-5, 5), st.floats(-10, 10), st.floats(0, 10), st.integers(0, 2**31 - 1))
def test_regression_is_least_squares(points, slope, intercept, noise, seed):
    m = stats.regression("simple", points, slope, intercept, noise, seed)
    design = np.column_stack([m.x, np.ones(points)])
    (mm, bb), *_ = np.linalg.lstsq(design, m.y, rcond=None)
    scale = 1 + abs(mm) + abs(bb)
    assert m.slope == pytest.approx(mm, abs=1e-9 * scale)
    assert m.intercept == pytest.approx(bb, abs=1e-9 * scale)
    res = m.y - (mm * m.x + bb)
    np.testing.assert_allclose(m.residuals, res, atol=1e-9 * scale)
    ss_tot = np.sum((m.y - m.y.mean()) ** 2)
    if m.r_squared is not None:
        assert m.r_squared == pytest.approx(1 - np.sum(res**2) / ss_tot, abs=1e-9)
        # for one feature, R^2 is the squared correlation of x and y
        assert m.r_squared == pytest.approx(np.corrcoef(m.x, m.y)[0, 1] ** 2, abs=1e-9)
    # the least-squares line never does worse than the flat start line
    assert m.mean_squared_error <= m.start_mean_squared_error + 1e-12
    x0, x1, y0, y1 = m.bounds
    assert y0 <= m.y.min() and m.y.max() <= y1


def test_regression_without_noise_recovers_the_line_exactly():
    m = stats.regression("simple", 10, 2.0, -3.0, 0.0, 1)
    assert m.slope == pytest.approx(2.0, abs=1e-9) and m.intercept == pytest.approx(-3.0, abs=1e-9)
    assert m.r_squared == pytest.approx(1.0, abs=1e-12)
    flat = stats.regression("simple", 10, 0.0, 4.0, 0.0, 1)
    assert flat.r_squared is None  # every y the same: nothing for x to explain


def test_collinear_refits_swing_but_their_sum_holds():
    m = stats.regression("collinear", 20, 0.8, 1.0, 1.5, 5, feature_noise=0.05, refits=4)
    assert m.feature_correlation > 0.99 and m.design_rank == 3
    w1 = np.array([f.coefficients[0] for f in m.refits])
    w2 = np.array([f.coefficients[1] for f in m.refits])
    # each refit is the least-squares solution of its own design (normal equations, solved independently)
    for k, f in enumerate(m.refits):
        rk = np.random.default_rng([5, k])
        x1 = rk.uniform(0.0, 10.0, 20)
        x2 = x1 + 0.05 * rk.normal(size=20)
        y = 0.8 * x1 + 1.0 + 1.5 * rk.normal(size=20)
        a = np.column_stack([x1, x2, np.ones(20)])
        coef = np.linalg.solve(a.T @ a, a.T @ y)
        np.testing.assert_allclose([*f.coefficients, f.intercept], coef, atol=1e-6)
        assert f.coefficient_sum == pytest.approx(coef[0] + coef[1], abs=1e-6)
    # the individual weights swing far more than their sum does
    assert np.ptp(w1) > 5 * np.ptp(w1 + w2)
    exact = stats.regression("collinear", 20, 0.8, 1.0, 1.5, 5, feature_noise=0.0)
    assert exact.design_rank == 2 and exact.feature_correlation == 1.0
    for f in exact.refits:  # minimum-norm answer splits the weight evenly
        assert f.coefficients[0] == pytest.approx(f.coefficients[1], abs=1e-9)


# --- seeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scene", "extra"), [("mle", {}), ("mle", {"family": "coin"}), ("regression", {}),
                                               ("regression", {"mode": "collinear"})])
def test_same_seed_same_inspect_different_seed_different_data(scene, extra):
    spec = catalog.get(scene)
    a = spec.inspect({**extra, "seed": 1})
    assert a == spec.inspect({**extra, "seed": 1})
    b = spec.inspect({**extra, "seed": 2})
    key = "data" if scene == "mle" else "x"
    assert a[key] != b[key]


# --- bad input through the CLI -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "setting", "name"),
    [
        ("bayes", "prior=-0.1", "prior"),
        ("bayes", "true_positive_rate=1.5", "true_positive_rate"),
        ("bayes", "false_positive_rate=abc", "false_positive_rate"),
        ("bayes", "story=email", "story"),
        ("mle", "sigma=0", "sigma"),
        ("mle", "heads=11", "heads"),
        ("mle", "points=2.5", "points"),
        ("regression", "points=2", "points"),
        ("regression", "mode=ridge", "mode"),
    ],
)
def test_bad_input_exits_2_naming_the_parameter(scene, setting, name):
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", scene, "--set", setting])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and f"'{name}'" in lines[0], result.output


# --- the scenes, built without writing video ---------------------------------------------------


from scene_checks import assert_scene_ok, build_scene  # noqa: E402


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},  # defaults: posterior one half
        {"story": "spam", "prior": 0.001, "true_positive_rate": 0.99, "false_positive_rate": 0.05},  # a sliver
        {"true_positive_rate": 0.0, "false_positive_rate": 0.0},  # nobody tests positive: posterior undefined
        {"prior": 1.0, "true_positive_rate": 1.0, "false_positive_rate": 1.0},  # one column only
    ],
)
def test_bayes_scene_fits_and_tells_the_truth(params):
    scene = build_scene("bayes", **params)
    assert_scene_ok(scene)
    texts = " ".join(c.text for c in scene.captions)
    post = scene.model.posterior
    if post is None:
        assert "no evidence" in texts
    else:
        from scenes.probability.bayes import pct

        assert pct(post) in texts


@pytest.mark.parametrize("aspect", ["16:9", pytest.param("9:16", marks=pytest.mark.render),
                                    pytest.param("1:1", marks=pytest.mark.render)])
def test_the_posterior_bar_forms_in_the_square_and_crosses_no_words(aspect):
    """The bright areas line up into one bar inside the square, clear of the panel's words; beside
    the panel it then slides sideways into its slot through a band no row reaches (in a stacked
    frame it fades across instead). Before, both pieces flew straight over the rows."""
    from manim import Rectangle

    from scenes.layout import box_of, boxes_overlap

    scene = build_scene("bayes", aspect=aspect)
    staged, square = scene.staged_bar, scene.square
    assert square.get_left()[0] - 1e-6 <= staged.get_left()[0] and staged.get_right()[0] <= square.get_right()[0] + 1e-6
    assert square.get_bottom()[1] - 1e-6 <= staged.get_bottom()[1] and staged.get_top()[1] <= square.get_top()[1] + 1e-6
    words = [*scene.rows[:6], *(c for c in scene.counts if scene._inside_positive(c))]
    assert not [w for w in words if boxes_overlap(box_of(staged), box_of(w))]
    if aspect == "16:9":
        slot = scene.bar_slot
        assert staged.get_y() == pytest.approx(slot.get_y())
        band = Rectangle(width=slot.get_left()[0] - staged.get_right()[0], height=staged.height)
        band.move_to([(staged.get_right()[0] + slot.get_left()[0]) / 2, staged.get_y(), 0])
        assert band.width > 0 and not [w for w in scene.rows[:6] if boxes_overlap(box_of(band), box_of(w))]


@pytest.mark.parametrize("aspect", ["4:3", pytest.param("16:9", marks=pytest.mark.render),
                                    pytest.param("1:1", marks=pytest.mark.render)])
def test_the_posterior_share_is_readable_beside_or_below_its_bar(aspect):
    """In 4:3 the bar reached the frame's edge and "50% sick" shrank to a dot beside it: it goes below
    the bar when there is no room beside; the square leaves the panel 4.6 units (it left 3.8)."""
    scene = build_scene("bayes", aspect=aspect)
    assert_scene_ok(scene)
    assert scene.share_label.font_size > 10
    if aspect == "4:3":
        assert scene.share_label.get_top()[1] < scene.bar_slot.get_bottom()[1]
        assert scene.panel_width() >= 4.6 - 1e-6


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},  # normal, 8 points
        {"points": 1, "sigma": 5.0},  # one point, wide curve
        {"family": "coin"},  # 7 heads in 10
        {"family": "coin", "flips": 40, "heads": 0},  # estimate on the edge, many bars
    ],
)
def test_mle_scene_fits_and_lands_on_the_estimate(params):
    scene = build_scene("mle", **params)
    assert_scene_ok(scene)
    m = scene.model
    assert scene.value_num.get_value() == pytest.approx(m.estimate)
    assert scene.ll_num.get_value() == pytest.approx(m.log_likelihood)
    assert style_fmt(m.closed_form, 3) in " ".join(c.text for c in scene.captions)


def style_fmt(x, d):
    from scenes import style

    return style.fmt(x, d)


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},  # simple defaults
        {"slope": -5.0, "intercept": 10.0, "noise": 10.0, "points": 100},  # steep, noisy, crowded
        {"slope": 0.0, "noise": 0.0},  # every y the same: R^2 undefined
        {"mode": "collinear"},
    ],
)
def test_regression_scene_fits_and_reads_the_fit(params):
    scene = build_scene("regression", **params)
    assert_scene_ok(scene)
    m = scene.model
    texts = " ".join(c.text for c in scene.captions)
    if m.mode == "simple":
        assert scene.m_num.get_value() == pytest.approx(m.slope)
        assert scene.b_num.get_value() == pytest.approx(m.intercept)
        assert ("undefined" in texts) == (m.r_squared is None)
    else:
        assert "multicollinearity" in texts
        assert scene.w1_num.get_value() == pytest.approx(m.refits[-1].coefficients[0])


def test_captions_stay_true_at_the_edges():
    from scenes.probability.bayes import STORIES, posterior_caption
    from scenes.probability.regression import swing_caption

    exact = stats.regression("collinear", 20, 0.8, 1.0, 1.5, 5, feature_noise=0.0)
    assert "equally well" in swing_caption(exact) and "swings" not in swing_caption(exact)
    near = stats.regression("collinear", 20, 0.8, 1.0, 1.5, 5, feature_noise=0.05)
    assert "swings" in swing_caption(near)
    story = STORIES["test"]
    assert "no evidence" in posterior_caption(stats.bayes(0.3, 0.0, 0.0), story)
    assert "only" not in posterior_caption(stats.bayes(1.0, 1.0, 1.0), story)
    assert "only 50%" not in posterior_caption(stats.bayes(0.1, 0.9, 0.1), story)
    assert "only 1.9%" in posterior_caption(stats.bayes(0.001, 0.99, 0.05), story)
