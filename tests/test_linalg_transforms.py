"""determinant, inverse, composition: models against numpy.linalg, scenes built
for every edge case (no video), and bad input through the CLI."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition.linalg import composition, determinant, inverse, shoelace_area

entries = st.floats(min_value=-10, max_value=10, allow_nan=False)
# small integers hit the exact edge cases (det = 0, rank 0, commuting pairs) often
small = st.integers(min_value=-3, max_value=3).map(float)
matrices = st.lists(st.lists(entries | small, min_size=2, max_size=2), min_size=2, max_size=2).map(np.array)
vectors = st.lists(entries, min_size=2, max_size=2).map(np.array)


def numpy_rank(a) -> int:
    return int(np.linalg.matrix_rank(a, tol=1e-9))


def inside(bounds, pts) -> bool:
    xmin, xmax, ymin, ymax = bounds
    pts = np.asarray(pts).reshape(-1, 2)
    return bool(
        np.all(
            (pts[:, 0] >= xmin - 1e-9)
            & (pts[:, 0] <= xmax + 1e-9)
            & (pts[:, 1] >= ymin - 1e-9)
            & (pts[:, 1] <= ymax + 1e-9)
        )
    )


# --- determinant ---------------------------------------------------------------------

TRIANGLE = ((0.0, 0.0), (2.0, 0.0), (1.0, 1.5))


@settings(max_examples=100, deadline=None)
@given(matrices, st.sampled_from([((0, 0), (1, 0), (1, 1), (0, 1)), TRIANGLE, ((0, 0), (0, 1), (1, 0))]))
def test_determinant_matches_numpy(a, shape):
    model = determinant(a, shape)
    det = np.linalg.det(a)
    r = numpy_rank(a)
    assert model.rank == r
    if r < 2:
        assert model.determinant == 0.0
        # numpy's determinant of a squashing matrix is zero up to round-off
        assert abs(det) <= 1e-9 * max(1.0, np.abs(a).max())
    else:
        assert model.determinant == pytest.approx(det, rel=1e-9, abs=1e-12)
    pts = np.array(shape, dtype=float)
    np.testing.assert_allclose(model.shape_image, pts @ a.T, atol=1e-12)
    # the area after is the shoelace area of the image, computed independently; a squashed shape's
    # image has the area of numpy's round-off determinant, zero to the tolerance the rank is taken at
    squash = 1e-9 * max(1.0, np.abs(a).max()) * model.area_before if r < 2 else 1e-9
    assert model.area_after == pytest.approx(abs(shoelace_area(pts @ a.T)), rel=1e-9, abs=squash)
    assert model.area_after == pytest.approx(abs(model.determinant) * model.area_before)
    expected = {0: "point", 1: "line"}.get(r, "flips" if det < 0 else "keeps-orientation")
    assert model.orientation == expected
    if r == 1:
        # every image point lies on the collapse line, up to what the rank's tolerance squashes: a
        # singular value under 1e-9 moves a point x off the line by at most 1e-9 * |x|
        d = model.collapse_line
        for x, p in zip(pts, pts @ a.T):
            assert abs(d[0] * p[1] - d[1] * p[0]) <= 1e-9 * max(1.0, np.linalg.norm(x), np.linalg.norm(p))
    else:
        assert model.collapse_line is None
    assert inside(model.bounds, np.vstack([pts, pts @ a.T, np.eye(2), a.T]))


@pytest.mark.parametrize(
    ("matrix", "det", "orientation"),
    [
        ([[1.5, 1], [0.5, 2]], 2.5, "keeps-orientation"),
        ([[1, 2], [3, 4]], -2, "flips"),
        ([[1, 2], [2, 4]], 0, "line"),
        ([[0, 0], [0, 0]], 0, "point"),
    ],
)
def test_determinant_inspect(matrix, det, orientation):
    out = catalog.get("determinant").inspect({"matrix": matrix})
    assert out["determinant"] == pytest.approx(det, abs=1e-12)
    assert out["area_after"] == pytest.approx(abs(det))
    assert out["orientation"] == orientation


def test_determinant_of_a_polygon_scales_its_area():
    out = catalog.get("determinant").inspect({"matrix": [[0, 1], [1, 0]], "shape": [list(p) for p in TRIANGLE]})
    assert out["area_before"] == pytest.approx(1.5)
    assert out["area_after"] == pytest.approx(1.5)
    assert out["signed_area_after"] == pytest.approx(-1.5)  # a reflection reverses the outline's turn


# --- inverse ---------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(matrices, vectors)
def test_inverse_undoes_the_matrix(a, v):
    model = inverse(a, v)
    r = numpy_rank(a)
    assert model.rank == r
    assert model.singular == (r < 2)
    np.testing.assert_allclose(model.transformed_vector, a @ v, atol=1e-12)
    if model.singular:
        assert model.inverse is None and model.recovered_vector is None and model.determinant == 0.0
        p, q = model.collision
        assert np.linalg.norm(p - q) > 1.0  # visibly different points ...
        scale = 1e-9 * max(1.0, np.abs(a).max() * max(np.abs(model.collision).max(), 1.0))
        np.testing.assert_allclose(a @ p, a @ q, atol=scale)  # ... with one image
        np.testing.assert_allclose(model.collision_image, model.collision @ a.T, atol=1e-12)
        assert np.linalg.norm(a @ model.lost_direction) <= scale
        assert inside(model.bounds, model.collision)
    else:
        # A A^-1 = I, to the accuracy the matrix's condition number allows
        tol = 1e-12 * np.linalg.cond(a) * max(1.0, np.abs(a).max())
        np.testing.assert_allclose(a @ model.inverse, np.eye(2), atol=max(tol, 1e-12))
        np.testing.assert_allclose(
            model.inverse, np.linalg.inv(a), rtol=1e-9, atol=1e-9 * np.abs(np.linalg.inv(a)).max()
        )
        np.testing.assert_allclose(model.recovered_vector, v, atol=max(tol * max(1.0, np.abs(v).max()), 1e-9))
        assert model.determinant == pytest.approx(np.linalg.det(a), rel=1e-9)
    assert inside(model.bounds, [v, a @ v])


@pytest.mark.parametrize(("matrix", "rank"), [([[1, 2], [2, 4]], 1), ([[0, 0], [0, 0]], 0), ([[1, -1], [1, -1]], 1)])
def test_inverse_inspect_singular(matrix, rank):
    out = catalog.get("inverse").inspect({"matrix": matrix, "vector": [1, 1]})
    assert out["singular"] is True and out["inverse"] is None and out["rank"] == rank
    p, q = np.array(out["collision"])
    np.testing.assert_allclose(np.array(matrix) @ p, np.array(matrix) @ q, atol=1e-12)


def test_inverse_inspect_invertible():
    out = catalog.get("inverse").inspect({"matrix": [[2, 1], [1, 1]]})
    assert out["singular"] is False
    np.testing.assert_allclose(out["inverse"], np.linalg.inv([[2, 1], [1, 1]]), atol=1e-12)


# --- composition -----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(matrices, matrices, vectors)
def test_composition_matches_numpy(a, b, v):
    model = composition(a, b, v)
    np.testing.assert_allclose(model.product_ab, a @ b, atol=1e-12)
    np.testing.assert_allclose(model.product_ba, b @ a, atol=1e-12)
    # B then A, one move at a time, lands where AB does in one move
    np.testing.assert_allclose(a @ (b @ v), model.after_ab, atol=1e-9 * max(1.0, np.abs(model.after_ab).max()))
    np.testing.assert_allclose(model.after_ba, b @ (a @ v), atol=1e-9 * max(1.0, np.abs(model.after_ba).max()))
    scale = max(1.0, np.abs(a @ b).max(), np.abs(b @ a).max())
    assert model.commute == bool(np.abs(a @ b - b @ a).max() <= 1e-9 * scale)
    sq = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    assert inside(
        model.bounds, np.vstack([sq, sq @ b.T, sq @ (a @ b).T, sq @ (b @ a).T, v, b @ v, a @ b @ v, b @ a @ v])
    )


def test_composition_inspect_default_does_not_commute():
    out = catalog.get("composition").inspect({})
    a, b = np.array(out["matrix_a"]), np.array(out["matrix_b"])
    assert out["product_ab"] == (a @ b).tolist() and out["product_ba"] == (b @ a).tolist()
    assert out["commute"] is False


def test_composition_scalar_commutes():
    out = catalog.get("composition").inspect({"matrix_a": [[2, 0], [0, 2]], "matrix_b": [[1, 1], [0, 1]]})
    assert out["commute"] is True


# --- bad input through the CLI ---------------------------------------------------------

BAD = [
    ("determinant", "matrix=[[1,2,3],[4,5,6],[7,8,9]]", "matrix"),
    ("determinant", "matrix=[[nan,1],[1,1]]", "matrix"),
    ("determinant", 'matrix=[["x",1],[1,1]]', "matrix"),
    ("determinant", "matrix=[[11,0],[0,1]]", "matrix"),
    ("determinant", "shape=[[0,0],[1,1]]", "shape"),
    ("determinant", "shape=[[0,0],[1,1],[2,2]]", "shape"),
    ("inverse", "matrix=[[1,2,3],[4,5,6],[7,8,9]]", "matrix"),
    ("inverse", "matrix=[[1,inf],[1,1]]", "matrix"),
    ("inverse", "vector=[1,nan]", "vector"),
    ("composition", "matrix_a=[[1,2],[3,4],[5,6]]", "matrix_a"),
    ("composition", "matrix_b=[[1,two],[3,4]]", "matrix_b"),
    ("composition", "show_ba=maybe", "show_ba"),
]


@pytest.mark.parametrize(("scene", "assignment", "key"), BAD)
def test_bad_input_exits_2_naming_the_parameter(scene, assignment, key):
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", scene, "--set", assignment], catch_exceptions=False)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert f"'{key}'" in lines[0]


# --- the scenes, built without writing video --------------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


def caption_text(scene) -> str:
    return " ".join(c.text for c in scene.captions)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "multiplied by 2.5"),
        ({"matrix": [[1, 2], [3, 4]]}, "flipped over"),  # reflection, det < 0
        ({"matrix": [[1, 2], [2, 4]]}, "onto a line"),  # rank 1
        ({"matrix": [[0, 0], [0, 0]]}, "lands on the origin"),  # rank 0
        ({"matrix": [[10, -10], [10, 10]], "shape": [[0, 0], [2, 0], [1, 1.5]]}, "multiplied by 200"),
    ],
)
def test_determinant_scene(params, says):
    scene = build_scene("determinant", **params)
    assert_scene_ok(scene)
    assert says in caption_text(scene)
    assert scene.area_value.get_value() == pytest.approx(scene.model.determinant * scene.model.area_before)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "exactly where they started"),
        ({"matrix": [[1, 2], [2, 4]]}, "no inverse"),  # rank 1
        ({"matrix": [[0, 0], [0, 0]]}, "every point to the origin"),  # rank 0
        ({"matrix": [[-10, 10], [-10, -10]], "vector": [10, -10]}, "exactly where they started"),
    ],
)
def test_inverse_scene(params, says):
    scene = build_scene("inverse", **params)
    assert_scene_ok(scene)
    assert says in caption_text(scene)
    # the plane ends where the story says: back at I, or squashed by A
    expected = scene.model.matrix if scene.model.singular else np.eye(2)
    np.testing.assert_allclose(scene.motion.current(), expected, atol=1e-9)


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "order of the moves matters"),
        (
            {"matrix_a": [[10, 0], [0, -10]], "matrix_b": [[0, 0], [1, 2]], "vector": [-10, 10]},
            "order of the moves matters",
        ),
        ({"matrix_a": [[2, 0], [0, 2]], "matrix_b": [[1, 1], [0, 1]], "show_ba": False}, "same place"),
    ],
)
def test_composition_scene(params, says):
    scene = build_scene("composition", **params)
    assert_scene_ok(scene)
    assert says in caption_text(scene)
