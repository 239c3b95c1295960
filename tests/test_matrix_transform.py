"""matrix-transform: the model against numpy, and the scene built for every kind of matrix."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition.linalg import matrix_transform

entries = st.floats(min_value=-10, max_value=10, allow_nan=False)
matrices = st.lists(st.lists(entries, min_size=2, max_size=2), min_size=2, max_size=2)
vectors = st.lists(entries, min_size=2, max_size=2)


@settings(max_examples=200, deadline=None)
@given(matrices, vectors)
def test_model_matches_numpy(m, v):
    model = matrix_transform(m, v)
    a = np.array(m)
    det = np.linalg.det(a)
    assert model.determinant == pytest.approx(det if abs(det) >= 1e-9 else 0.0, abs=1e-9)
    assert model.area_after == pytest.approx(abs(model.determinant))
    np.testing.assert_allclose(model.columns[0], a[:, 0])
    np.testing.assert_allclose(model.columns[1], a[:, 1])
    np.testing.assert_allclose(model.transformed_vector, a @ np.array(v), atol=1e-12)
    assert model.rank == np.linalg.matrix_rank(a, tol=1e-9)
    # everything the scene draws lies inside the bounds it fits to
    xmin, xmax, ymin, ymax = model.bounds
    for p in [a @ c for c in np.array([[0, 0], [1, 0], [1, 1], [0, 1]])] + [np.array(v), a @ np.array(v)]:
        assert xmin - 1e-9 <= p[0] <= xmax + 1e-9 and ymin - 1e-9 <= p[1] <= ymax + 1e-9


@pytest.mark.parametrize(
    ("matrix", "orientation"),
    [
        ([[2, 1], [1, 2]], "keeps-orientation"),
        ([[1, 2], [3, 4]], "flips"),
        ([[1, 2], [2, 4]], "line"),
        ([[0, 0], [0, 0]], "point"),
    ],
)
def test_orientation_kinds(matrix, orientation):
    assert matrix_transform(matrix).orientation == orientation


def test_inspect_reports_determinant_of_minus_two():
    out = catalog.get("matrix-transform").inspect({"matrix": [[1, 2], [3, 4]]})
    assert out["determinant"] == pytest.approx(-2, abs=1e-9)
    assert out["columns"] == [[1.0, 3.0], [2.0, 4.0]]
    assert out["transformed_vector"] == [5.0, 11.0]


# --- the scene, built without writing video --------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


@pytest.mark.render
@pytest.mark.parametrize(
    ("matrix", "vector"),
    [
        ([[2, 1], [1, 2]], [1, 2]),  # det > 0 (default)
        ([[1, 2], [3, 4]], [1, 2]),  # det < 0
        ([[1, 1], [1, 1]], [1, 2]),  # det = 0, both columns the same: labels must not collide
        ([[0, 0], [0, 0]], [1, 2]),  # rank 0
        ([[10, -10], [10, 10]], [10, -10]),  # largest entries
        ([[-10, 10], [-10, -10]], [-10, 10]),
    ],
)
def test_scene_fits_frame_and_labels_do_not_overlap(matrix, vector):
    scene = build_scene("matrix-transform", matrix=matrix, vector=vector)
    assert_scene_ok(scene)
    # the on-screen captions tell the truth about the kind of matrix
    texts = " ".join(c.text for c in scene.captions)
    kind = scene.model.orientation
    assert {"flips": "flipped", "line": "line", "point": "origin", "keeps-orientation": "scales area"}[kind] in texts


def test_teacher_subclass_overrides_parameters():
    from scenes.linear_algebra.matrix_transform import MatrixTransform

    class Shear(MatrixTransform):
        matrix = [[1, 1], [0, 1]]
        show_vector = False

    scene = Shear()
    assert scene.params.matrix == ((1.0, 1.0), (0.0, 1.0))
    assert scene.model.determinant == pytest.approx(1.0)
    assert MatrixTransform.matrix == ((2.0, 1.0), (1.0, 2.0))  # class defaults come from the params model
    assert MatrixTransform(matrix=[[0, -1], [1, 0]]).model.determinant == pytest.approx(1.0)
