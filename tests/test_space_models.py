"""matrix-transform-3d and gradient-descent-3d: the models against numpy.linalg, the
triple product, convex hulls, closed forms, finite differences and the 2-D
descent model they reuse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition.catalog.space import surface_descent
from intuition.linalg3d import CUBE_FACES, interpolate, matrix_transform_3d
from intuition.optimisation import gradient_descent

entries = st.floats(min_value=-5, max_value=5, allow_nan=False)
# small integers hit the singular cases (rank 2, 1, 0) often
small = st.integers(min_value=-2, max_value=2).map(float)
matrices = st.lists(st.lists(entries | small, min_size=3, max_size=3), min_size=3, max_size=3).map(np.array)


def triple(a, b, c) -> float:
    return float(np.dot(a, np.cross(b, c)))


def numpy_rank(a) -> int:
    return int(np.linalg.matrix_rank(a, tol=1e-9))


# --- matrix-transform-3d -----------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_transform_matches_numpy_and_the_triple_product(a):
    m = matrix_transform_3d(a)
    r = numpy_rank(a)
    assert m.rank == r
    if r == 3:
        assert m.determinant == pytest.approx(np.linalg.det(a), rel=1e-9, abs=1e-12)
    else:
        assert m.determinant == 0.0
        assert abs(np.linalg.det(a)) <= 1e-8 * max(1.0, np.abs(a).max()) ** 3
    # the image of the cube, read off its corners: edges from the image of the origin
    img = m.cube_image_corners
    np.testing.assert_allclose(img, np.array(m.cube_corners) @ a.T, atol=1e-12)
    edges = [img[1] - img[0], img[2] - img[0], img[4] - img[0]]  # corners (1,0,0), (0,1,0), (0,0,1)
    np.testing.assert_allclose(edges, a.T, atol=1e-12)  # the columns: where i, j, k land
    np.testing.assert_allclose(m.columns, a.T, atol=1e-12)
    vol = abs(triple(*edges))
    assert m.volume_after == pytest.approx(vol, rel=1e-9, abs=1e-9 * max(1.0, np.abs(a).max()) ** 3)
    expected = {0: "point", 1: "line", 2: "plane"}.get(r, "flips" if np.linalg.det(a) < 0 else "keeps-orientation")
    assert m.orientation == expected


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_volume_is_the_convex_hull_of_the_image(a):
    spatial = pytest.importorskip("scipy.spatial")
    m = matrix_transform_3d(a)
    if m.rank < 3 or m.volume_after < 1e-3:
        return  # a flat hull has no volume to measure (qhull refuses it)
    hull = spatial.ConvexHull(m.cube_image_corners)
    assert hull.volume == pytest.approx(m.volume_after, rel=1e-7)


@settings(max_examples=100, deadline=None)
@given(matrices)
def test_flattened_space_lies_on_the_plane_or_line_named(a):
    m = matrix_transform_3d(a)
    pts = np.vstack([m.cube_image_corners, m.grid_lines.reshape(-1, 3) @ a.T])
    scale = max(1.0, np.abs(a).max())
    if m.rank == 2:
        n = np.array(m.flattened_onto)
        assert np.linalg.norm(n) == pytest.approx(1)
        np.testing.assert_allclose(pts @ n, 0, atol=1e-8 * scale)
        d = np.array(m.crushed_direction)
        np.testing.assert_allclose(a @ d, 0, atol=1e-8 * scale)  # the one direction sent to 0
        assert m.cube_image in ("hexagon", "parallelogram")
    elif m.rank == 1:
        d = np.array(m.flattened_onto)
        np.testing.assert_allclose(np.cross(pts, d), 0, atol=1e-8 * scale)
        assert m.crushed_direction is None and m.cube_image == "segment"
    else:
        assert m.flattened_onto is None and m.crushed_direction is None


@settings(max_examples=80, deadline=None)
@given(matrices, st.floats(0, 1))
def test_every_moment_of_the_move_lies_inside_the_bounds(a, t):
    m = matrix_transform_3d(a)
    mt = interpolate(a, t)
    np.testing.assert_allclose(mt, (1 - t) * np.eye(3) + t * a)
    pts = np.vstack([np.array(m.cube_corners) @ mt.T, m.grid_lines.reshape(-1, 3) @ mt.T, mt.T])
    xmin, xmax, ymin, ymax, zmin, zmax = m.bounds
    lo, hi = np.array([xmin, ymin, zmin]), np.array([xmax, ymax, zmax])
    assert np.all(pts >= lo - 1e-9) and np.all(pts <= hi + 1e-9)


@pytest.mark.parametrize(
    ("matrix", "det", "rank", "orientation", "shape"),
    [
        ([[1, 0.5, 0], [0, 1, 0.3], [0.2, 0, 1.2]], 1.23, 3, "keeps-orientation", "parallelepiped"),
        ([[1, 0, 0], [0, 0, 1], [0, 1, 0]], -1, 3, "flips", "parallelepiped"),  # swaps y and z: a mirror
        ([[1, 0, 1], [0, 1, 1], [0, 0, 0]], 0, 2, "plane", "hexagon"),  # three columns in the floor
        ([[1, 0, 2], [0, 1, 0], [0, 0, 0]], 0, 2, "plane", "parallelogram"),  # k lands on 2 i: two directions
        ([[1, 2, 0.5], [2, 4, 1], [-1, -2, -0.5]], 0, 1, "line", "segment"),
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], 0, 0, "point", "point"),
    ],
)
def test_known_transforms_through_inspect(matrix, det, rank, orientation, shape):
    out = catalog.get("matrix-transform-3d").inspect({"matrix": matrix})
    assert out["determinant"] == pytest.approx(det, abs=1e-12)
    assert out["volume_after"] == pytest.approx(abs(det), abs=1e-12)
    assert out["rank"] == rank and out["orientation"] == orientation and out["cube_image"] == shape
    # every number the panel shows is in the JSON: the matrix, the columns, det, volume
    np.testing.assert_allclose(out["columns"], np.array(matrix, float).T)
    assert {"matrix", "columns", "determinant", "volume_before", "volume_after", "bounds"} <= set(out)
    assert "grid_lines" not in out and "view_points" not in out  # layout, not numbers


def test_cube_faces_cover_each_corner_three_times():
    counts = np.bincount(np.array(CUBE_FACES).ravel(), minlength=8)
    assert list(counts) == [3] * 8


# --- gradient-descent-3d -------------------------------------------------------------------

H = np.array([[2.0, 0.5], [0.5, 4.0]])  # the Hessian of the default x**2 + 2*y**2 + 0.5*x*y
DEFAULT = "x**2 + 2*y**2 + 0.5*x*y"


def default_f(x, y):
    return x**2 + 2 * y**2 + 0.5 * x * y


def fd_gradient(f, p, h=1e-6):
    x, y = p
    return np.array([(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)])


@settings(max_examples=60, deadline=None)
@given(st.floats(-2.9, 2.9), st.floats(-2.9, 2.9), st.floats(0.01, 0.45), st.integers(1, 40))
def test_descent_on_the_default_bowl_is_the_closed_form(x0, y0, lr, steps):
    """On a quadratic bowl each step is p <- (I - lr H) p, so p_k = (I - lr H)^k p_0."""
    m = surface_descent(DEFAULT, (x0, y0), lr, steps)
    step = np.eye(2) - lr * H
    expect = [np.array([x0, y0])]
    for _ in range(steps):
        expect.append(step @ expect[-1])
    assert not m.diverged  # every eigenvalue of I - lr H is inside (-1, 1): no run leaves the view
    np.testing.assert_allclose(m.points, expect, atol=1e-10)
    np.testing.assert_allclose(m.values, [default_f(*p) for p in expect], atol=1e-10)
    np.testing.assert_allclose(m.gradients, [H @ p for p in expect], atol=1e-10)
    np.testing.assert_allclose(m.gradient_norms, [np.linalg.norm(H @ p) for p in expect], atol=1e-10)


@pytest.mark.parametrize(
    ("f", "py", "start", "lr"),
    [
        (DEFAULT, default_f, (-2.5, 2.2), 0.15),
        (
            "sin(x)*cos(y) + 0.1*(x**2 + y**2)",
            lambda x, y: np.sin(x) * np.cos(y) + 0.1 * (x**2 + y**2),
            (0.5, 2.5),
            0.3,
        ),
        ("exp(-(x**2 + y**2)) * -2 + 0.2*x", lambda x, y: -2 * np.exp(-(x**2 + y**2)) + 0.2 * x, (1.2, -0.8), 0.2),
    ],
)
def test_each_step_is_the_finite_difference_gradient_step_and_matches_the_2d_model(f, py, start, lr):
    m = surface_descent(f, start, lr, 20)
    for k in range(1, len(m.points)):
        p = m.points[k - 1]
        np.testing.assert_allclose(m.points[k], p - lr * fd_gradient(py, p), atol=1e-6)
        assert m.values[k] == pytest.approx(py(*m.points[k]), abs=1e-12)
    np.testing.assert_allclose(m.gradients, [fd_gradient(py, p) for p in m.points], atol=1e-6)
    # the 2-D gradient-descent model, run on the same formula, takes the very same steps
    run = gradient_descent(f, start, [lr], 20).runs[0]
    np.testing.assert_allclose(m.points, run.points, atol=0)
    np.testing.assert_allclose(m.values, run.values, atol=0)
    assert (m.outcome, m.diverged, m.diverged_at) == (run.outcome, run.diverged, run.diverged_at)


def test_too_large_a_rate_diverges_where_the_closed_form_leaves_the_view():
    lr = 0.6  # I - lr H has an eigenvalue 1 - 0.6 * 4.12 = -1.47: each step overshoots by more
    m = surface_descent(DEFAULT, (-2.5, 2.2), lr, 15)
    p, k = np.array([-2.5, 2.2]), 0
    while np.all(np.abs(p) <= 3):
        p, k = (np.eye(2) - lr * H) @ p, k + 1
    assert m.diverged and m.outcome == "diverged" and m.diverged_at == k
    assert len(m.points) == k  # the start and every step still inside
    np.testing.assert_allclose(m.escape_point, p, atol=1e-12)
    assert m.escape_value == pytest.approx(default_f(*p)) and m.stop_reason == "left-view"
    # the ball rolls from the last point inside to the edge of the view, and stops there
    edge = m.escape_path[-1, :2]
    assert np.isclose(np.abs(edge).max(), 3.0)
    u, v = edge - m.points[-1], p - m.points[-1]
    assert u[0] * v[1] - u[1] * v[0] == pytest.approx(0, abs=1e-9)  # on the way to where the step went


def test_a_formula_in_x_alone_is_a_trough():
    m = surface_descent("x**2", (2.0, 1.0), 0.1, 10)
    np.testing.assert_allclose(m.points[:, 0], 2.0 * 0.8 ** np.arange(11), atol=1e-12)
    np.testing.assert_allclose(m.points[:, 1], 1.0)
    assert m.surface[2].shape == (19, 19)


def test_paths_lie_on_the_surface_and_heights_in_the_view():
    m = surface_descent(DEFAULT, (-2.5, 2.2), 0.15, 15)
    lo, hi = m.z_range
    assert lo <= m.values.min() and m.values.max() <= hi
    for k, path in enumerate(m.step_paths, start=1):
        np.testing.assert_allclose(path[0, :2], m.points[k - 1])
        np.testing.assert_allclose(path[-1, :2], m.points[k])
        np.testing.assert_allclose(path[:, 2], np.clip(default_f(path[:, 0], path[:, 1]), lo, hi))
    xs, ys, heights = m.surface
    np.testing.assert_allclose(heights, default_f(*np.meshgrid(xs, ys)))


def test_undefined_ground_stops_the_run_without_raising():
    m = surface_descent("log(x) + y**2", (0.5, 1.0), 1.0, 10)
    # 0.5 - 1 * (1 / 0.5) = -1.5, where log is undefined
    assert m.diverged and m.diverged_at == 1 and m.escape_value is None
    assert m.stop_reason == "undefined" and m.escape_path is None  # the ball stops where it is
    assert np.isfinite(m.z_range).all()


def test_inspect_prints_every_readout():
    out = catalog.get("gradient-descent-3d").inspect({})
    assert out["outcome"] == "converged" and not out["diverged"]
    n = len(out["points"])
    assert n == 16 and len(out["values"]) == n and len(out["gradient_norms"]) == n
    for key in ("f", "learning_rate", "start", "final_point", "final_value", "z_range"):
        assert key in out
    assert "surface" not in out and "step_paths" not in out
