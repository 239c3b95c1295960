"""svd-compression and bayesian-optimisation: the models against independent computations.

SVD compression against numpy's own SVD and the Frobenius norm (Eckart-Young);
the Gaussian process against closed forms on one observation and a direct
np.linalg.solve of the full posterior formula; expected improvement against
scipy.stats.norm; the optimiser's loop, seeds and random search by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from intuition import catalog
from intuition import gaussian_process as gp
from intuition.compression import (
    compress,
    generated_picture,
    numerical_rank,
    read_picture,
)
from intuition.errors import ParameterError
from intuition.expressions import parse

# --- svd compression ------------------------------------------------------------------


def rebuild_by_numpy(a: np.ndarray, k: int) -> np.ndarray:
    u, s, vt = np.linalg.svd(a)
    return u[:, :k] @ np.diag(s[:k]) @ vt[:k]


@pytest.mark.parametrize("side", [8, 33, 96, 128])
def test_generated_picture_has_the_recipe_shape_and_range(side):
    a = generated_picture(side)
    assert a.shape == (round(0.75 * side), side)
    assert a.min() >= 0.0 and a.max() <= 1.0
    assert np.ptp(a) > 0.5  # something to see: bright shapes on a darker ground


def test_generated_picture_is_fixed():
    np.testing.assert_array_equal(generated_picture(96), generated_picture(96))


def test_compression_matches_numpy_svd_and_the_frobenius_norm():
    a = generated_picture(96)
    model = compress(a, [1, 2, 5, 20])
    s = np.linalg.svd(a, compute_uv=False)
    rank = np.linalg.matrix_rank(a)
    assert model.rank == rank
    np.testing.assert_allclose(model.singular_values[:rank], s[:rank], atol=1e-9)
    assert np.all(model.singular_values[rank:] == 0)
    assert model.total_energy == pytest.approx(np.sum(a**2), abs=1e-9)
    m, n = a.shape
    for r in model.rebuilds:
        approx = rebuild_by_numpy(a, r.k)
        # energy kept: ||A_k||^2 / ||A||^2, computed from the rebuilt matrix, not from sigma
        assert r.energy_kept == pytest.approx(np.linalg.norm(approx) ** 2 / np.linalg.norm(a) ** 2, abs=1e-9)
        # what is lost is exactly the rest (Eckart-Young)
        assert r.relative_error == pytest.approx(np.linalg.norm(a - approx) / np.linalg.norm(a), abs=1e-9)
        assert r.numbers_stored == r.k * (m + n + 1)
        assert r.numbers_full == m * n
        assert r.saving == pytest.approx(1 - r.k * (m + n + 1) / (m * n), abs=1e-12)
        expected = np.round(np.clip(approx, 0, 1) * 255).astype(np.uint8)
        assert np.abs(r.pixels.astype(int) - expected.astype(int)).max() <= 1  # round-off at .5 may differ by one
        assert not r.past_rank


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12), st.integers(0, 10_000), st.integers(1, 3))
def test_compression_of_random_low_rank_pictures(m, n, seed, true_rank):
    rng = np.random.default_rng(seed)
    r = min(true_rank, m, n)
    a = rng.uniform(0, 1, (m, r)) @ rng.uniform(0, 1, (r, n)) / r  # brightness within 0..1
    model = compress(a, range(1, min(m, n) + 1))
    assert model.rank == np.linalg.matrix_rank(a)
    kept = [rb.energy_kept for rb in model.rebuilds]
    assert all(x <= y + 1e-12 for x, y in zip(kept, kept[1:]))  # more layers never keep less
    assert kept[-1] == pytest.approx(1.0, abs=1e-9)
    for rb in model.rebuilds:
        assert rb.past_rank == (rb.k > model.rank)
        if rb.k >= model.rank:
            assert rb.relative_error == pytest.approx(0.0, abs=1e-6)


def test_constant_and_black_pictures():
    flat = compress(np.full((6, 8), 0.5), [1, 3])
    assert (flat.kind, flat.rank) == ("constant", 1)
    assert flat.singular_values[0] == pytest.approx(0.5 * math.sqrt(48), abs=1e-12)
    assert flat.rebuilds[0].energy_kept == pytest.approx(1.0)
    assert flat.rebuilds[1].past_rank
    black = compress(np.zeros((6, 8)), [1])
    assert (black.kind, black.rank, black.total_energy) == ("black", 0, 0.0)
    assert black.rebuilds[0].energy_kept == 0.0 and black.rebuilds[0].past_rank
    assert np.all(black.rebuilds[0].pixels == 0)


def test_storage_can_cost_more_than_the_pixels():
    # 10 x 10: k = 9 stores 9 * 21 = 189 numbers, more than the 100 pixels
    a = np.random.default_rng(0).uniform(0, 1, (10, 10))
    r = compress(a, [9]).rebuilds[0]
    assert r.numbers_stored == 189 and r.saving < 0


def test_numerical_rank_is_numpys_rule():
    a = np.outer([1.0, 2, 3], [1.0, 1, 1]) + 1e-14
    s = np.linalg.svd(a, compute_uv=False)
    assert numerical_rank(s, a.shape) == np.linalg.matrix_rank(a)


@pytest.fixture
def picture_file(tmp_path):
    from PIL import Image

    rgb = np.zeros((300, 200, 3), dtype=np.uint8)
    rgb[:, :, 0] = np.linspace(0, 255, 200)[None, :].astype(np.uint8)  # red ramp across
    rgb[100:200, 50:150] = 255
    path = tmp_path / "photo.png"
    Image.fromarray(rgb).save(path)
    return path


def test_a_picture_file_is_made_grayscale_and_shrunk(picture_file):
    a = read_picture(picture_file, 96)
    assert a.shape == (96, 64)  # aspect kept, longest side 96
    assert a.min() >= 0 and a.max() == pytest.approx(1.0)
    out = catalog.get("svd-compression").inspect({"image": str(picture_file)})
    assert (out["height"], out["width"], out["source"]) == (96, 64, str(picture_file))


def test_a_small_picture_file_is_not_enlarged(tmp_path):
    from PIL import Image

    path = tmp_path / "tiny.png"
    Image.fromarray(np.arange(48, dtype=np.uint8).reshape(6, 8) * 5).save(path)
    assert read_picture(path, 96).shape == (6, 8)


def test_transparent_parts_become_black(tmp_path):
    from PIL import Image

    rgba = np.full((4, 4, 4), 255, dtype=np.uint8)
    rgba[:2, :, 3] = 0
    path = tmp_path / "logo.png"
    Image.fromarray(rgba, "RGBA").save(path)
    a = read_picture(path, 96)
    np.testing.assert_allclose(a[:2], 0.0)
    np.testing.assert_allclose(a[2:], 1.0)


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"ks": [1, 200]}, "'ks'"),
        ({"ks": [0]}, "'ks'"),
        ({"ks": [1, 2, 3, 4, 5, 6, 7]}, "'ks'"),
        ({"ks": "five"}, "'ks'"),
        ({"size": 8}, "'ks'"),  # a 6 x 8 picture has 6 singular values: k = 20 is too many
        ({"size": 4}, "'size'"),
        ({"image": "/no/such/file.png"}, "'image'"),
    ],
)
def test_bad_compression_parameters_name_the_parameter(values, fragment):
    with pytest.raises(ParameterError) as err:
        catalog.get("svd-compression").build(values)
    assert fragment in str(err.value)


def test_k_past_the_size_names_the_size_and_the_rank():
    with pytest.raises(ParameterError) as err:
        catalog.get("svd-compression").build({"ks": [1, 80]})
    text = str(err.value)
    assert "'ks'" in text and "72 x 96" in text and "rank is 63" in text


def test_ks_are_sorted_without_repeats():
    params = catalog.get("svd-compression").build({"ks": [20, 1, 5, 5]})
    assert params.ks == (1, 5, 20)


def test_a_file_that_is_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("these are words, not pixels\n")
    with pytest.raises(ParameterError) as err:
        catalog.get("svd-compression").build({"image": str(path)})
    assert "'image'" in str(err.value) and "not an image" in str(err.value)


# --- gaussian process ----------------------------------------------------------------------


def k_rbf(a: float, b: float, ell: float, var: float = 1.0) -> float:
    return var * math.exp(-((a - b) ** 2) / (2 * ell * ell))


@pytest.mark.parametrize(
    ("x1", "y1", "ell", "noise"), [(0.3, 1.7, 0.2, 0.0), (-1.0, -0.4, 1.5, 0.1), (2.0, 3.0, 0.5, 1.0)]
)
def test_one_observation_posterior_is_the_closed_form(x1, y1, ell, noise):
    xs = np.linspace(-3, 3, 13)
    mean, var = gp.gp_posterior([x1], [y1], xs, ell, noise)
    for x, m, v in zip(xs, mean, var):
        kx = k_rbf(x, x1, ell)
        denom = k_rbf(x1, x1, ell) + noise
        assert m == pytest.approx(kx / denom * y1, abs=1e-9)
        assert v == pytest.approx(k_rbf(x, x, ell) - kx * kx / denom, abs=1e-9)


def test_one_observation_with_signal_variance_and_prior_mean():
    x1, y1, ell, noise, s2, mu0 = 0.5, 2.0, 0.3, 0.05, 2.5, 1.0
    mean, var = gp.gp_posterior([x1], [y1], [0.5, 0.7], ell, noise, variance=s2, prior_mean=mu0)
    for x, m, v in zip([0.5, 0.7], mean, var):
        kx = k_rbf(x, x1, ell, s2)
        assert m == pytest.approx(mu0 + kx / (s2 + noise) * (y1 - mu0), abs=1e-9)
        assert v == pytest.approx(s2 - kx * kx / (s2 + noise), abs=1e-9)


def test_no_observation_is_the_prior():
    mean, var = gp.gp_posterior([], [], [0.0, 1.0], 0.3, 0.0, variance=2.0, prior_mean=0.5)
    np.testing.assert_allclose(mean, 0.5)
    np.testing.assert_allclose(var, 2.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-3, 3), min_size=1, max_size=6, unique=True),
    st.integers(0, 10_000),
    st.floats(0.3, 3.0),
    st.floats(0.01, 1.0),
)
def test_posterior_matches_a_direct_solve_of_the_full_formula(xs, seed, ell, noise):
    xs = np.array(xs)
    y = np.random.default_rng(seed).normal(size=xs.size)
    q = np.linspace(-4, 4, 17)
    k = np.array([[k_rbf(a, b, ell) for b in xs] for a in xs]) + noise * np.eye(xs.size)
    kq = np.array([[k_rbf(a, b, ell) for b in q] for a in xs])  # (n, q)
    kqq = np.array([[k_rbf(a, b, ell) for b in q] for a in q])
    mean_direct = kq.T @ np.linalg.solve(k, y)
    cov_direct = kqq - kq.T @ np.linalg.solve(k, kq)
    mean, var = gp.gp_posterior(xs, y, q, ell, noise)
    np.testing.assert_allclose(mean, mean_direct, atol=1e-9)
    np.testing.assert_allclose(var, np.clip(np.diag(cov_direct), 0, None), atol=1e-9)


def test_exact_observations_are_interpolated():
    xs, ys = np.array([0.1, 0.5, 0.9]), np.array([1.0, -2.0, 0.5])
    mean, var = gp.gp_posterior(xs, ys, xs, 0.2, 1e-12)
    np.testing.assert_allclose(mean, ys, atol=1e-6)
    np.testing.assert_allclose(var, 0.0, atol=1e-6)


@pytest.mark.parametrize("xi", [0.0, 0.01, 0.3])
def test_expected_improvement_is_the_closed_form(xi):
    mu = np.array([-1.0, 0.0, 0.2, 0.5, 1.3, 2.0, 0.7])
    sd = np.array([0.5, 1.0, 0.01, 0.3, 2.0, 0.0, 0.0])
    best = 0.4
    ei = gp.expected_improvement(mu, sd, best, xi)
    for m, s, e in zip(mu, sd, ei):
        gain = m - best - xi
        expected = max(gain, 0.0) if s == 0 else gain * norm.cdf(gain / s) + s * norm.pdf(gain / s)
        assert e == pytest.approx(expected, abs=1e-9)
        assert e >= 0


def test_expected_improvement_is_the_mean_gain_by_integration():
    # E[max(f - best - xi, 0)] for f ~ N(mu, sd^2), by quadrature
    mu, sd, best, xi = 0.3, 0.8, 0.5, 0.05
    f = np.linspace(mu - 12 * sd, mu + 12 * sd, 200_001)
    integrand = np.maximum(f - best - xi, 0) * norm.pdf(f, mu, sd)
    assert gp.expected_improvement(mu, sd, best, xi) == pytest.approx(np.trapezoid(integrand, f), abs=1e-9)


def test_normal_cdf_and_pdf_against_scipy():
    z = np.linspace(-8, 8, 97)
    np.testing.assert_allclose(gp.normal_cdf(z), norm.cdf(z), atol=1e-12)
    np.testing.assert_allclose(gp.normal_pdf(z), norm.pdf(z), atol=1e-12)


# --- bayesian optimisation -------------------------------------------------------------------


def run(objective="0.6*exp(-(x - 0.2)**2/0.01) + exp(-(x - 0.7)**2/0.01)", **kw):
    x_range = kw.pop("x_range", (0.0, 1.0))
    args = {"length_scale": 0.1, "noise": 1e-4, "xi": 0.01, "initial": 2, "rounds": 5, "seed": 1} | kw
    return gp.bayes_opt(parse(objective), x_range, objective=objective, **args)


def test_each_round_evaluates_where_expected_improvement_peaks():
    f = parse("0.6*exp(-(x - 0.2)**2/0.01) + exp(-(x - 0.7)**2/0.01)")
    model = run()
    assert len(model.xs) == len(model.ys) == model.initial + model.rounds
    assert len(model.fits) == model.rounds + 1
    np.testing.assert_allclose(model.ys, f(np.array(model.xs)), atol=1e-12)
    for r, fit in enumerate(model.fits):
        n = model.initial + r
        assert fit.evaluations == n
        # refit by hand from the points seen so far: standardise, solve, un-standardise
        xs, ys = np.array(model.xs[:n]), np.array(model.ys[:n])
        centre, scale = ys.mean(), ys.std()
        k = np.array([[k_rbf(a, b, 0.1) for b in xs] for a in xs]) + (1e-4 + gp.JITTER) * np.eye(n)
        kq = np.array([[k_rbf(a, b, 0.1) for b in model.grid] for a in xs])
        mean = centre + scale * (kq.T @ np.linalg.solve(k, (ys - centre) / scale))
        sd = scale * np.sqrt(np.clip(1 - np.sum(kq * np.linalg.solve(k, kq), axis=0), 0, None))
        np.testing.assert_allclose(fit.mean, mean, atol=1e-6)
        np.testing.assert_allclose(fit.sd, sd, atol=1e-6)
        best = ys.max()
        assert fit.best_y == best and fit.best_x == xs[np.argmax(ys)]
        gain = mean - best - 0.01 * scale  # xi = 0.01 standard deviations of the values seen
        assert fit.margin == pytest.approx(0.01 * scale, abs=1e-15)
        z = gain / np.where(sd > 0, sd, 1)
        ei = np.where(sd > 1e-12, gain * norm.cdf(z) + sd * norm.pdf(z), np.maximum(gain, 0))
        np.testing.assert_allclose(fit.ei, ei, atol=1e-6)
        assert fit.next_x == model.grid[np.argmax(fit.ei)]
        if r < model.rounds:
            assert model.xs[n] == fit.next_x


def test_the_default_run_finds_the_higher_bump_and_beats_random_search():
    model = run()
    assert model.true_best_x == pytest.approx(0.7, abs=1e-9)
    assert model.best_y > 0.99 * model.true_best_y
    assert model.random_best_y < model.best_y
    assert not any(abs(x - 0.7) < 0.1 for x in model.xs[:2])  # it did not start there


def test_random_search_starts_from_the_same_points_with_the_same_budget():
    f = parse("sin(3*x)")
    model = gp.bayes_opt(f, (-3, 3), length_scale=0.8, noise=0.0, xi=0.0, initial=3, rounds=4, seed=11)
    assert len(model.random_xs) == len(model.xs) == 7
    assert model.random_xs[:3] == model.xs[:3]
    rng = np.random.default_rng([11, 1])
    np.testing.assert_allclose(model.random_xs[3:], rng.uniform(-3, 3, 4))
    assert model.random_best_y == max(model.random_ys)
    np.testing.assert_allclose(model.random_ys, np.sin(3 * np.array(model.random_xs)), atol=1e-12)
    # seeded: the same seed, the same run
    again = gp.bayes_opt(f, (-3, 3), length_scale=0.8, noise=0.0, xi=0.0, initial=3, rounds=4, seed=11)
    assert again.xs == model.xs and again.random_xs == model.random_xs


def test_initial_points_are_seeded_one_per_slice():
    model = run(initial=4, seed=123)
    for k, x in enumerate(model.xs[:4]):
        assert k / 4 < x < (k + 1) / 4


def test_the_search_is_the_same_at_any_scale_of_f():
    # xi and noise count in spreads of the values seen: a million times smaller f, the same tries
    big = run(objective="0.6*exp(-(x - 0.2)**2/0.01) + exp(-(x - 0.7)**2/0.01)")
    small = run(objective="1e-6*(0.6*exp(-(x - 0.2)**2/0.01) + exp(-(x - 0.7)**2/0.01))")
    np.testing.assert_allclose(small.xs, big.xs, atol=1e-12)


def test_best_so_far_never_gets_worse():
    model = run(seed=3)
    best = [fit.best_y for fit in model.fits]
    assert all(b2 >= b1 for b1, b2 in zip(best, best[1:]))


def test_minimising_finds_the_lowest_point():
    model = run(objective="(x - 0.3)**2", goal="minimise", rounds=4)
    assert model.true_best_x == pytest.approx(0.3, abs=1e-9)
    assert model.best_y == min(model.ys)
    assert model.best_y < 0.01
    assert model.random_best_y == min(model.random_ys)
    # the guess is drawn in the objective's own units: it passes through what was seen
    last = model.fits[-1]
    np.testing.assert_allclose(np.interp(model.xs, model.grid, last.mean), model.ys, atol=0.02)


def test_a_flat_objective_is_flagged():
    model = run(objective="0.5")
    assert model.flat
    assert model.best_y == model.random_best_y == 0.5
    assert all(np.isfinite(fit.ei).all() for fit in model.fits)
    assert model.y_view[0] < 0.5 < model.y_view[1]


def test_the_view_holds_the_objective():
    model = run()
    assert model.y_view[0] < model.truth.min() and model.truth.max() < model.y_view[1]


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"objective": "log(x)", "x_range": [-1, 1]}, "'objective'"),
        ({"objective": "import os"}, "'objective'"),
        ({"objective": "y"}, "'objective'"),
        ({"x_range": [1, 0]}, "'x_range'"),
        ({"length_scale": 0}, "'length_scale'"),
        ({"length_scale": 50}, "'length_scale'"),
        ({"rounds": 0}, "'rounds'"),
        ({"rounds": 9}, "'rounds'"),
        ({"noise": -1}, "'noise'"),
        ({"xi": -0.1}, "'xi'"),
        ({"goal": "up"}, "'goal'"),
        ({"initial_points": 0}, "'initial_points'"),
    ],
)
def test_bad_optimisation_parameters_name_the_parameter(values, fragment):
    with pytest.raises(ParameterError) as err:
        catalog.get("bayesian-optimisation").build(values)
    assert fragment in str(err.value)


def test_inspect_has_every_number_and_no_curves():
    out = catalog.get("bayesian-optimisation").inspect()
    for key in ("xs", "ys", "best_y", "random_best_y", "true_best_y", "fits"):
        assert key in out
    assert "grid" not in out and "truth" not in out
    assert set(out["fits"][0]) == {"evaluations", "best_x", "best_y", "next_x", "next_ei", "margin"}
    comp = catalog.get("svd-compression").inspect()
    assert "original" not in comp and "pixels" not in comp["rebuilds"][0]


def test_compression_asked_for_again_is_the_same_and_shares_no_arrays():
    # the SVD of a picture seen before comes from a cache, and the generated picture is drawn once per size
    a, b = compress(generated_picture(64), [1, 3]), compress(generated_picture(64), [1, 3])
    np.testing.assert_array_equal(a.singular_values, b.singular_values)
    assert not np.shares_memory(a.singular_values, b.singular_values)
    for ra, rb in zip(a.rebuilds, b.rebuilds):
        np.testing.assert_array_equal(ra.pixels, rb.pixels)
    picture = generated_picture(64)
    picture[:] = 0.0  # a caller's copy: the next one is the recipe again
    assert generated_picture(64).max() > 0.5
    assert compress(picture, [1]).kind == "black"
