"""gradient-descent and landscape: the models against closed forms and numpy, the scenes built for their edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition.calculus import function_of
from intuition.optimisation import critical_points, gradient_descent, landscape

# --- gradient descent against the closed form ------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.floats(-2.9, 2.9), st.floats(0.001, 0.99), st.integers(1, 40))
def test_descent_on_x_squared_is_the_closed_form(x0, lr, steps):
    """On f = x**2 the update is x <- (1 - 2 lr) x, so x_k = x0 (1 - 2 lr)^k."""
    run = gradient_descent("x**2", [x0], [lr], steps).runs[0]
    k = np.arange(steps + 1)
    expect = x0 * (1 - 2 * lr) ** k
    assert not run.diverged
    np.testing.assert_allclose(run.points[:, 0], expect, atol=1e-12)
    np.testing.assert_allclose(run.values, expect**2, atol=1e-12)
    np.testing.assert_allclose(run.gradient_norms, np.abs(2 * expect), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.5, 2.9), st.floats(1.01, 3.0))
def test_too_large_a_rate_diverges_where_the_closed_form_leaves_the_view(x0, lr):
    model = gradient_descent("x**2", [x0], [lr], 60)
    run = model.runs[0]
    xs = x0 * (1 - 2 * lr) ** np.arange(61)
    if not np.any(np.abs(xs) > 3.0):  # grows too slowly to leave the view in 60 steps
        assert not run.diverged and run.outcome == "oscillating"
        return
    first_out = int(np.argmax(np.abs(xs) > 3.0))  # the view is x in [-3, 3]
    assert run.diverged and run.outcome == "diverged"
    assert run.diverged_at == first_out
    assert len(run.points) == first_out  # the start and every step still inside
    assert run.escape_point[0] == pytest.approx(xs[first_out])
    assert run.escape_value == pytest.approx(xs[first_out] ** 2)


def test_two_dimensional_run_matches_the_closed_form():
    """f = x**2 + 3 y**2: x shrinks by (1 - 2 lr), y by (1 - 6 lr) each step."""
    run = gradient_descent("x**2 + 3*y**2", [-2.5, 2.0], [0.1], 15).runs[0]
    k = np.arange(16)
    np.testing.assert_allclose(run.points[:, 0], -2.5 * 0.8**k, atol=1e-12)
    np.testing.assert_allclose(run.points[:, 1], 2.0 * 0.4**k, atol=1e-12)


def test_undefined_values_stop_the_run_without_raising():
    run = gradient_descent("log(x)", [0.5], [1.0], 10, x_range=(-3, 3)).runs[0]
    # 0.5 - 1 * (1 / 0.5) = -1.5, where log is undefined
    assert run.diverged and run.diverged_at == 1
    assert run.escape_point == pytest.approx((-1.5,)) and run.escape_value is None


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.1, 1.0])
def test_near_a_pole_every_drawn_point_stays_in_the_picture(lr):
    model = gradient_descent("-1/x**2", [1.0], [lr], 60, x_range=(-3, 3))
    run = model.runs[0]
    # downhill runs into the pole at 0: a step whose value falls below the picture stops the run
    assert np.all(model.y_range[0] <= run.values) and np.all(run.values <= model.y_range[1])
    if run.diverged and run.escape_value is not None:
        assert not model.y_range[0] <= run.escape_value <= model.y_range[1] or abs(run.escape_point[0]) > 3


def test_inspect_gradient_descent_prints_one_run_per_learning_rate():
    out = catalog.get("gradient-descent").inspect({})
    assert [r["learning_rate"] for r in out["runs"]] == [0.1, 0.3, 1.02]
    for r in out["runs"]:
        assert {"learning_rate", "points", "values", "diverged"} <= set(r)
        assert len(r["points"]) == len(r["values"])
    assert [r["diverged"] for r in out["runs"]] == [False, False, True]
    assert [r["outcome"] for r in out["runs"]] == ["still-descending", "converged", "diverged"]
    single = catalog.get("gradient-descent").inspect({"learning_rate": 0.2})
    assert [r["learning_rate"] for r in single["runs"]] == [0.2]


# --- critical points, classified by the Hessian -----------------------------------------


def _cps(f, x_range=(-2.0, 2.0), y_range=(-2.0, 2.0)):
    fn, dims = function_of(f)
    return critical_points(fn, dims, x_range, y_range)


def test_quartic_critical_points_match_numpy_roots_of_the_derivative():
    cps = _cps("x**4 - 3*x**2 + x")
    roots = np.sort(np.roots([4, 0, -6, 1]).real)  # f' = 4x^3 - 6x + 1, three real roots
    np.testing.assert_allclose([c.point[0] for c in cps], roots, atol=1e-8)
    kinds = ["minimum" if 12 * r**2 - 6 > 0 else "maximum" for r in roots]  # sign of f''
    assert [c.kind for c in cps] == kinds == ["minimum", "maximum", "minimum"]
    values = roots**4 - 3 * roots**2 + roots
    assert [c.is_global for c in cps] == [bool(v == values[[0, 2]].min()) for v in values]
    for c, r in zip(cps, roots):
        assert c.hessian_eigenvalues[0] == pytest.approx(12 * r**2 - 6)


@pytest.mark.parametrize(
    ("f", "points", "kinds"),
    [
        ("x**2 + y**2", [(0, 0)], ["minimum"]),
        ("x**2 - y**2", [(0, 0)], ["saddle"]),
        ("-(x**2) - 2*y**2", [(0, 0)], ["maximum"]),
        ("x**3 - 3*x + y**2", [(-1, 0), (1, 0)], ["saddle", "minimum"]),
        ("x**3", [(0,)], ["inflection"]),
        ("x**4", [(0,)], ["minimum"]),  # f'' = 0: the look-around decides
    ],
)
def test_known_critical_points(f, points, kinds):
    cps = _cps(f)
    assert [c.kind for c in cps] == kinds
    for c, p in zip(cps, points):
        np.testing.assert_allclose(c.point, p, atol=1e-6)


def test_default_landscape_has_two_minima_and_a_saddle_between():
    # (x^2 - 1)^2 + y^2 + 0.3 x: critical points at y = 0 where 4x^3 - 4x + 0.3 = 0
    cps = _cps("(x**2 - 1)**2 + y**2 + 0.3*x")
    roots = np.sort(np.roots([4, 0, -4, 0.3]).real)
    np.testing.assert_allclose([c.point[0] for c in cps], roots, atol=1e-8)
    np.testing.assert_allclose([c.point[1] for c in cps], 0, atol=1e-8)
    assert [c.kind for c in cps] == ["minimum", "saddle", "minimum"]
    assert [c.is_global for c in cps] == [True, False, False]  # the tilt 0.3 x lowers the left valley
    saddle = cps[1]
    h = np.array([[12 * roots[1] ** 2 - 4, 0], [0, 2]])
    np.testing.assert_allclose(saddle.hessian_eigenvalues, np.linalg.eigvalsh(h), atol=1e-8)
    for ev, d in zip(saddle.hessian_eigenvalues, saddle.curvature_directions):
        np.testing.assert_allclose(h @ np.array(d), ev * np.array(d), atol=1e-8)


@settings(max_examples=50, deadline=None)
@given(st.integers(-4, 4), st.integers(-4, 4), st.integers(-4, 4))
def test_quadratic_forms_are_classified_by_their_hessian(a, b, c):
    h = np.array([[2 * a, b], [b, 2 * c]], dtype=float)
    eig = np.linalg.eigvalsh(h)
    if np.any(np.abs(eig) < 1e-9):
        return  # degenerate: a whole line of critical points
    cps = _cps(f"{a}*x**2 + {b}*x*y + {c}*y**2")
    expect = "minimum" if eig.min() > 0 else "maximum" if eig.max() < 0 else "saddle"
    assert len(cps) == 1 and cps[0].kind == expect
    np.testing.assert_allclose(cps[0].point, (0, 0), atol=1e-9)
    np.testing.assert_allclose(cps[0].hessian_eigenvalues, eig, atol=1e-9)


def test_convex_bowl_every_start_reaches_the_same_bottom():
    m = landscape("x**2 + y**2")
    assert m.convex and m.distinct_ends == 1
    assert all(r.ends_at == 0 and not r.run.diverged for r in m.runs)


def test_non_convex_starts_end_in_different_minima():
    m = landscape("(x**2 - 1)**2 + y**2 + 0.3*x")
    assert not m.convex and m.distinct_ends == 2
    ends = {m.critical_points[r.ends_at].kind for r in m.runs if r.ends_at is not None}
    assert ends == {"minimum"}
    inspected = catalog.get("landscape").inspect({"f": "x**2 - y**2"})
    assert [(c["point"], c["kind"]) for c in inspected["critical_points"]] == [([0.0, 0.0], "saddle")]


def test_default_starts_skip_where_f_is_undefined():
    m = landscape("1/x")
    assert all(np.isfinite(r.run.values[0]) for r in m.runs) and m.critical_points == []


# --- bad input through the CLI ------------------------------------------------------------

from render import cli  # noqa: E402


@pytest.mark.parametrize(
    ("scene", "sets", "param", "fragment"),
    [
        ("gradient-descent", ["f=x**"], "f", "allowed"),
        ("gradient-descent", ["f=import os"], "f", "allowed"),
        ("landscape", ["f=x**"], "f", "allowed"),
        ("landscape", ["f=import os"], "f", "allowed"),
        ("derivative", ["f=y"], "f", "allowed"),  # a 1-D scene: y is not one of its variables
        ("gradient-descent", ["f=y", "start=1"], "start", "two numbers"),  # f(x, y) needs [x, y]
        ("landscape", ["f=x**2", "starts=[[1, 1]]"], "starts", "one number"),
        ("gradient-descent", ["learning_rates=[0.1, 0]"], "learning_rates", "> 0"),
        ("gradient-descent", ["f=log(x)", "start=-1"], "start", "undefined"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_parameter(scene, sets, param, fragment):
    args = ["inspect", scene]
    for s in sets:
        args += ["--set", s]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert f"parameter '{param}'" in lines[0] and fragment in lines[0]


# --- the scenes, built without writing video -----------------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


def _captions(scene) -> str:
    return " ".join(c.text for c in scene.captions)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({}, ["still crawling", "settled", "overshoots more"]),  # 1-D, three rates, one diverges
        ({"f": "x**2 + 3*y**2", "start": [-2.5, 2], "learning_rates": [0.05, 0.15, 0.34]}, ["diverged"]),  # 2-D
        ({"f": "exp(x)", "start": 2, "learning_rate": 10, "steps": 3}, ["jump so far"]),  # diverges at step 1
    ],
)
def test_gradient_descent_scene(params, expect):
    scene = build_scene("gradient-descent", **params)
    assert_scene_ok(scene)
    for fragment in expect:
        assert fragment in _captions(scene)


@pytest.mark.render
@pytest.mark.parametrize(
    ("f", "expect"),
    [
        (
            "(x**2 - 1)**2 + y**2 + 0.3*x",
            ["2 different places", "own valley", "saddle"],
        ),  # default: minima and a saddle
        ("x**2 + y**2", ["convex"]),  # convex bowl
        ("x**2 - y**2", ["saddle", "No valley"]),  # only a saddle: every ball rolls off
        ("x**4 - 3*x**2 + x", ["2 different places", "hilltop"]),  # 1-D
    ],
)
def test_landscape_scene(f, expect):
    scene = build_scene("landscape", f=f)
    assert_scene_ok(scene)
    for fragment in expect:
        assert fragment in _captions(scene)


# --- the fast paths give the numbers of the point-by-point ones ----------------------------

from intuition.calculus import hessian_fn, hessians_at  # noqa: E402
from intuition.expressions import parse  # noqa: E402

FAST_PATH_FORMULAS = [
    "(x**2 - 1)**2 + y**2 + 0.3*x",
    "sin(x)*cos(y)",
    "log(x**2 + y**2)",
    "1/(x**2 + y**2 - 1)",
    "sqrt(x) + y**2",
    "relu(x) + abs(y)",  # relu's second derivative is a DiracDelta numpy cannot evaluate: nan, point by point
    "(1 - x)**2 + 100*(y - x**2)**2",
    "x**4 - 3*x**2 + x",
    "tanh(3*x)",
]


@pytest.mark.parametrize("f", FAST_PATH_FORMULAS)
def test_hessians_at_many_points_are_the_pointwise_hessians_exactly(f):
    fn, dims = function_of(f)
    pts = np.random.default_rng(7).uniform(-2.5, 2.5, (200, dims))
    pointwise = np.array([hessian_fn(fn)(*p) for p in pts])
    # nan where nan; elsewhere equal to the last few bits: numpy's SIMD loops (AVX-512 on some machines)
    # may round a division differently from its scalar loop, by one unit in the last place
    np.testing.assert_allclose(hessians_at(fn, *pts.T), pointwise, rtol=1e-12, atol=0)


@pytest.mark.parametrize("f", FAST_PATH_FORMULAS)
def test_scalar_evaluation_is_the_full_evaluation_exactly(f):
    fn, dims = function_of(f)
    at = fn.scalar()
    for p in np.random.default_rng(3).uniform(-2.5, 2.5, (100, dims)):
        full = float(fn(*p))
        with np.errstate(all="ignore"):
            fast = at(*p)
        assert type(fast) is float and (fast == full or (np.isnan(fast) and np.isnan(full)))
    with np.errstate(all="ignore"):
        assert np.isnan(parse("log(x)").scalar()(-1.0)) and np.isnan(parse("1/x").scalar()(0.0))


def test_a_landscape_asked_for_again_is_the_same_and_shares_no_arrays():
    first = landscape("(x**2 - 1)**2 + y**2 + 0.3*x", learning_rate=0.07)
    again = landscape("(x**2 - 1)**2 + y**2 + 0.3*x", learning_rate=0.07)  # its terrain comes from the cache
    assert first.critical_points == again.critical_points and first.convex == again.convex
    for a, b in zip(first.grid, again.grid):
        np.testing.assert_array_equal(a, b)
        assert not np.shares_memory(a, b)
    for a, b in zip(first.contours.segments, again.contours.segments):
        np.testing.assert_array_equal(a, b)
        assert not np.shares_memory(a, b)
    first.grid[2][:] = 0.0  # a caller changing its arrays does not change the next landscape's
    np.testing.assert_array_equal(landscape("(x**2 - 1)**2 + y**2 + 0.3*x").grid[2], again.grid[2])


@pytest.mark.parametrize("lang", ["en", pytest.param("de", marks=pytest.mark.render)])
def test_the_three_verdicts_of_a_square_frame_are_about_one_size(lang):
    """A verdict too long for its narrow panel takes two lines instead of shrinking alone: in 1:1,
    "still going downhill after 12 steps" was half the size of "settled: f = 0" beside it."""
    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("gradient-descent", aspect="1:1", lang=lang)
    assert_scene_ok(scene)
    sizes = [p["verdict"].font_size for p in scene.panels]
    assert min(sizes) >= 0.75 * max(sizes), sizes
    for p in scene.panels:
        assert p["verdict"].width <= p["width"] + 1e-6


@pytest.mark.parametrize("aspect", ["9:16", pytest.param("16:9", marks=pytest.mark.render),
                                    pytest.param("1:1", marks=pytest.mark.render)])
def test_no_name_of_a_flat_point_sits_on_the_saddles_arrows(aspect):
    """The saddle's arrows appear after the names: every name they would cross moves off them (in
    9:16 the saddle's down arrow ran through "local minimum"); a tick number under a marker goes."""
    from scene_checks import assert_scene_ok, build_scene
    from scenes.layout import box_of, boxes_overlap

    scene = build_scene("landscape", aspect=aspect)
    assert_scene_ok(scene)
    assert scene.saddle_arrows
    crossed = [lb.original_text for lb in scene.cp_labels
               if any(boxes_overlap(box_of(lb), box_of(a)) for a in scene.saddle_arrows)]
    assert not crossed
    # nor does a marker hide half a tick number (the minimum at x = -1 sat on "-1")
    shown = [n for n in scene.tick_numbers if n.get_fill_opacity() > 0]
    assert len(shown) < len(scene.tick_numbers)
    assert not [n for n in shown if any(boxes_overlap(box_of(n), box_of(mk)) for mk in scene.markers)]


@pytest.mark.parametrize("aspect", ["4:3", pytest.param("1:1", marks=pytest.mark.render)])
def test_a_two_line_verdict_stays_clear_of_a_two_line_caption(aspect):
    """A 4:3 frame's caption often takes two lines: a verdict goes on two lines only where the
    second stays above them (in 4:3 "after 12 steps" sat on the caption)."""
    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("gradient-descent", aspect=aspect)
    assert_scene_ok(scene)
    caption = scene._caption_mob
    assert all(p["verdict"].get_bottom()[1] > caption.get_top()[1] + 0.05 for p in scene.panels)
