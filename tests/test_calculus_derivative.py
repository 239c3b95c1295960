"""derivative and gradient: models against closed forms and finite differences, edge cases, scenes, CLI."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import calculus, catalog
from intuition.expressions import parse

coef = st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda v: round(v, 2))


# --- derivative model -----------------------------------------------------------------------


def test_inspect_cubic_matches_issue_and_closed_form():
    out = catalog.get("derivative").inspect({"f": "x**3 - 2*x", "x0": 1})
    assert out["derivative"] == pytest.approx(1.0, abs=1e-12)
    assert out["differentiable"] is True and out["kind"] == "smooth"
    assert out["f_latex"] == "x^{3} - 2 x" and out["derivative_latex"] == "3 x^{2} - 2"
    secants = out["secant_slopes"]
    assert len(secants) == out["params"]["h_steps"]
    hs = [s["h"] for s in secants]
    assert all(b == pytest.approx(a / 2) for a, b in zip(hs, hs[1:]))  # h halves each step
    for s in secants:  # (f(1+h) - f(1)) / h = 1 + 3h + h^2 for this cubic
        h = s["h"]
        assert s["slope"] == pytest.approx(1 + 3 * h + h * h, rel=1e-9)
    # the quotients approach the derivative as h shrinks
    gaps = [abs(s["slope"] - 1.0) for s in secants]
    assert gaps == sorted(gaps, reverse=True)


def test_abs_at_zero_is_a_kink():
    out = catalog.get("derivative").inspect({"f": "abs(x)", "x0": 0})
    assert out["left_slope"] == pytest.approx(-1) and out["right_slope"] == pytest.approx(1)
    assert out["differentiable"] is False and out["kind"] == "kink" and out["derivative"] is None
    assert all(s["h"] < 0 and s["slope"] == pytest.approx(-1) for s in out["left_secant_slopes"])
    assert all(s["h"] > 0 and s["slope"] == pytest.approx(1) for s in out["secant_slopes"])


@settings(max_examples=40, deadline=None)
@given(coef, coef, coef, coef, st.floats(min_value=-2.4, max_value=2.3))
def test_polynomial_derivative_matches_closed_form_and_finite_differences(a, b, c, d, x0):
    f = f"{a}*x**3 + {b}*x**2 + {c}*x + {d}"
    m = calculus.derivative(f, x0, (-2.5, 2.5))
    exact = 3 * a * x0**2 + 2 * b * x0 + c
    assert m.differentiable and m.derivative == pytest.approx(exact, abs=1e-9)
    fn = parse(f)
    eps = 1e-5
    central = (fn.value(x0 + eps) - fn.value(x0 - eps)) / (2 * eps)
    assert m.derivative == pytest.approx(central, abs=1e-5)
    assert m.y0 == pytest.approx(fn.value(x0))
    for s in m.secant_slopes:
        assert s.slope == pytest.approx((fn.value(x0 + s.h) - fn.value(x0)) / s.h, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("f", "x0"),
    [("sin(x)*x**2", 0.7), ("exp(-x**2/2)", -1.2), ("log(x)", 1.5), ("sigmoid(3*x)", 0.2), ("tanh(x) - relu(x)", -0.5)],
)
def test_symbolic_derivative_matches_finite_differences(f, x0):
    m = calculus.derivative(f, x0, (-2.5, 2.5))
    fn = parse(f)
    eps = 1e-6
    assert m.derivative == pytest.approx((fn.value(x0 + eps) - fn.value(x0 - eps)) / (2 * eps), rel=1e-5, abs=1e-6)
    assert m.left_slope == pytest.approx(m.derivative, rel=1e-5, abs=1e-6)
    assert m.right_slope == pytest.approx(m.derivative, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize(
    ("f", "x0", "kind"),
    [
        ("log(x)", -1.0, "undefined"),
        ("1/x", 0.0, "undefined"),
        ("sqrt(x)", 0.0, "vertical"),
        ("abs(x - 1)", 1.0, "kink"),
    ],
)
def test_edge_kinds(f, x0, kind):
    m = calculus.derivative(f, x0, (-2.5, 2.5))
    assert m.kind == kind and not m.differentiable and m.derivative is None


@pytest.mark.parametrize("f", ["log(x)", "1/x", "tan(x)", "sqrt(1 - x**2)", "exp(10*x)", "100*x**5"])
def test_graph_pieces_stay_in_view_and_skip_undefined_points(f):
    m = calculus.derivative(f, 0.5, (-2.5, 2.5))
    fn = parse(f)
    lo, hi = m.y_range
    assert m.pieces, "something is drawn"
    for piece in m.pieces:
        assert np.all(np.isfinite(piece))
        assert np.all(piece[:, 1] >= lo - 1e-9) and np.all(piece[:, 1] <= hi + 1e-9)
        # a piece never bridges a point where f is undefined (0 for log and 1/x)
        xs = np.linspace(piece[0, 0], piece[-1, 0], 200)
        assert np.all(np.isfinite(fn(xs)))


def test_one_over_x_is_drawn_in_two_pieces_around_the_pole():
    m = calculus.derivative("1/x", 1.0, (-2.5, 2.5))
    sides = {bool(p[0, 0] > 0) for p in m.pieces}
    assert sides == {True, False} and all((p[:, 0] > 0).all() or (p[:, 0] < 0).all() for p in m.pieces)


@pytest.mark.parametrize(("f", "x0"), [("exp(10*x)", 0.0), ("x**3 - 3*x", 1.6), ("tan(x)", 1.2), ("100*x**5", 1.0)])
def test_steep_functions_keep_point_and_secants_in_view(f, x0):
    m = calculus.derivative(f, x0, (-2.5, 2.5))
    lo, hi = m.y_range
    assert lo <= m.y0 <= hi
    for s in m.secant_slopes:
        assert s.y1 is not None and lo <= s.y1 <= hi
    if f == "exp(10*x)":  # zoomed in: the tangent (slope 10) is drawn at a readable angle, not flat
        assert hi - lo < 3 * abs(m.derivative) * (m.x_range[1] - m.x_range[0])


# --- gradient model --------------------------------------------------------------------------


def test_gradient_at_point_matches_closed_form_and_finite_differences():
    m = calculus.gradient_field("x**2 + 2*y**2", point=(1.5, 1.0))
    assert m.gradient == pytest.approx((3.0, 4.0)) and m.gradient_norm == pytest.approx(5.0)
    assert m.direction == pytest.approx((0.6, 0.8)) and m.point_kind == "slope"
    fn = parse("sin(x)*cos(y) + x*y", ("x", "y"))
    g = calculus.gradient_field("sin(x)*cos(y) + x*y", point=(0.4, -1.1))
    eps = 1e-6
    fd = (
        (fn.value(0.4 + eps, -1.1) - fn.value(0.4 - eps, -1.1)) / (2 * eps),
        (fn.value(0.4, -1.1 + eps) - fn.value(0.4, -1.1 - eps)) / (2 * eps),
    )
    assert g.gradient == pytest.approx(fd, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(coef, coef, coef)
def test_arrows_are_gradients_and_contours_are_level(a, b, c):
    f = f"{a}*x**2 + {b}*x*y + {c}*y**2 + x"
    m = calculus.gradient_field(f, point=(0.5, 0.5), arrows=6)
    pos = m.arrow_positions
    expected = np.column_stack([2 * a * pos[:, 0] + b * pos[:, 1] + 1, b * pos[:, 0] + 2 * c * pos[:, 1]])
    np.testing.assert_allclose(m.arrow_gradients, expected, atol=1e-9)
    fn = parse(f, ("x", "y"))
    xs, ys, _ = m.grid
    cell = max(xs[1] - xs[0], ys[1] - ys[0])
    span = max(1.0, float(np.nanmax(np.abs(m.grid[2]))))
    for level, segs in zip(m.levels, m.contours.segments):
        if len(segs):
            ends = segs.reshape(-1, 2)
            # on a grid edge the bilinear surface is exact for quadratics up to O(cell^2)
            assert (
                np.max(np.abs(fn(ends[:, 0], ends[:, 1]) - level))
                < 5 * cell**2 * (abs(a) + abs(b) + abs(c) + 1e-9) * 1.01 + 1e-9 * span
            )


def test_contours_are_perpendicular_to_the_gradient():
    m = calculus.gradient_field("x**2 + 2*y**2", point=(1.5, 1.0))
    fn = parse("x**2 + 2*y**2", ("x", "y"))
    gx, gy = fn.gradient()
    segs = m.point_contour
    assert len(segs) > 20
    mid = segs.mean(axis=1)
    along = segs[:, 1] - segs[:, 0]
    along /= np.linalg.norm(along, axis=1, keepdims=True)
    grad = np.column_stack([gx(mid[:, 0], mid[:, 1]), gy(mid[:, 0], mid[:, 1])])
    grad /= np.linalg.norm(grad, axis=1, keepdims=True)
    assert np.max(np.abs(np.sum(along * grad, axis=1))) < 0.05  # cos of the angle: nearly 90 degrees
    # and the contour through the point is the level f(1.5, 1) = 4.25
    ends = segs.reshape(-1, 2)
    assert np.max(np.abs(fn(ends[:, 0], ends[:, 1]) - 4.25)) < 0.02


def test_marching_squares_circle():
    xs = ys = np.linspace(-2, 2, 41)
    gx, gy = np.meshgrid(xs, ys)
    segs = calculus.marching_squares(xs, ys, gx**2 + gy**2, 1.0)
    r = np.linalg.norm(segs.reshape(-1, 2), axis=1)
    assert len(segs) > 30 and np.max(np.abs(r - 1)) < 0.01


@pytest.mark.parametrize(
    ("f", "point", "kind"),
    [
        ("x**2 + y**2", (0, 0), "minimum"),
        ("-(x**2) - y**2", (0, 0), "maximum"),
        ("x**2 - y**2", (0, 0), "saddle"),
        ("1", (0.5, 0.5), "flat"),
        ("log(x) + y", (-1, 1), "undefined"),
        ("x*y", (1, 1), "slope"),
        ("relu(x) + 0*y", (-1, 1), "flat"),
    ],
)
def test_gradient_point_kinds(f, point, kind):
    m = calculus.gradient_field(f, point=point)
    assert m.point_kind == kind
    if kind == "undefined":
        assert m.gradient is None and m.value is None


def test_no_arrows_where_f_is_undefined_and_poles_do_not_shrink_the_rest():
    m = calculus.gradient_field("log(x) + y", point=(1, 1))
    left = m.arrow_positions[:, 0] < 0
    assert np.all(np.isnan(m.arrow_gradients[left])) and np.all(np.isfinite(m.arrow_gradients[~left]))
    pole = calculus.gradient_field("1/(x**2 + y**2)", point=(1, 1))
    norms = np.linalg.norm(pole.arrow_gradients, axis=1)
    assert pole.max_arrow_norm < np.nanmax(norms) and np.mean(norms >= pole.max_arrow_norm) < 0.2


# --- CLI: bad input is one line, exit 2 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "sets", "key", "says"),
    [
        ("derivative", ["f=x**"], "f", "allowed"),
        ("derivative", ["f=import os"], "f", "allowed"),
        ("derivative", ["f=y"], "f", "allowed"),
        ("derivative", ["x0=5"], "x0", "x_range"),
        ("gradient", ["f=__import__('os')"], "f", "allowed"),
        ("gradient", ["point=[9, 0]"], "point", "x_range"),
    ],
)
def test_bad_input_exits_2_with_one_line(scene, sets, key, says):
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", scene] + [a for s in sets for a in ("--set", s)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and key in lines[0] and says in lines[0], result.output


# --- scenes, built without video -----------------------------------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


def captions(scene) -> str:
    return " ".join(c.text for c in scene.captions)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "f'(1.6) = 4.68"),
        ({"f": "abs(x)", "x0": 0}, "no single tangent"),
        ({"f": "log(x)", "x0": -1}, "not defined at x = \u22121"),  # a real minus, as on screen
        ({"f": "1/x", "x0": 0, "trace_derivative": False}, "not defined at x = 0"),
        ({"f": "exp(10*x)", "x0": 0, "trace_derivative": False}, "f'(0) = 10"),
        ({"f": "sqrt(x)", "x0": 0, "trace_derivative": False}, "vertical"),
        ({"f": "tan(x)", "x0": 1, "x_range": [-4, 4], "trace_derivative": False}, "f'(1) = 3.43"),
    ],
)
def test_derivative_scene_fits_and_narrates(params, says):
    scene = build_scene("derivative", **params)
    assert_scene_ok(scene)
    assert says in captions(scene)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "gradient is (3, 4)"),
        ({"f": "x**2 - y**2", "point": [0, 0]}, "saddle"),
        ({"f": "1", "point": [1, 1]}, "same height everywhere"),
        ({"f": "1/(x**2 + y**2)", "point": [-1, 2], "x_range": [-2, 2], "y_range": [-3, 3]}, "points straight uphill"),
    ],
)
def test_gradient_scene_fits_and_narrates(params, says):
    scene = build_scene("gradient", **params)
    assert_scene_ok(scene)
    assert says in captions(scene)


def test_derivative_trace_only_where_f_is_defined():
    m = calculus.derivative("log(x)", 1.0, (-2.5, 2.5))
    assert m.derivative_pieces and all((p[:, 0] > 0).all() for p in m.derivative_pieces)


@pytest.mark.parametrize("aspect", ["16:9", pytest.param("1:1", marks=pytest.mark.render)])
def test_the_derivative_curve_does_not_run_through_its_name(aspect):
    """f'(x) = 3x² - 3 rises into both top corners of its box: the name goes between them, not
    on the curve's end (it sat in the top-left corner, the curve through its f)."""
    from scene_checks import build_scene
    from scenes.layout import box_of

    scene = build_scene("derivative", aspect=aspect)
    x0, x1, y0, y1 = box_of(scene.derivative_name)
    for curve in scene.derivative_curves:
        pts = curve.points
        dense = np.concatenate([pts[:-1] + t * (pts[1:] - pts[:-1]) for t in np.linspace(0, 1, 8)])
        inside = (dense[:, 0] > x0) & (dense[:, 0] < x1) & (dense[:, 1] > y0) & (dense[:, 1] < y1)
        assert not inside.any()


def test_a_square_frame_puts_the_panel_beside_two_plots_of_a_useful_height():
    """Stacked over the panel, each plot of a 1:1 frame was about a unit high (its tick numbers
    touching); beside a narrow panel they get the frame's height."""
    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("derivative", aspect="1:1")
    assert_scene_ok(scene)
    for box in (scene.box, scene.dbox):
        left, right, bottom, top = box.region
        assert top - bottom > 1.5 and right < scene.panel_left


def test_a_y_number_that_would_land_on_an_x_number_is_left_out():
    """In a square frame's narrower box, |x|'s derivative put "-0.5" on the x axis's "-1"."""
    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("derivative", aspect="1:1", f="abs(x)")
    assert_scene_ok(scene)  # no two labels overlap
