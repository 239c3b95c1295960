"""Linear algebra models: what the matrix scenes show, computed with numpy.

Every number a linear-algebra scene puts on screen is a field of one of these
frozen dataclasses, so it can be printed by ``inspect`` and checked in tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Below this a determinant or singular value counts as zero: entries are at most
# 10 in size and typed by hand, so round-off is the only thing this absorbs.
EPS = 1e-9


def as_matrix(matrix) -> np.ndarray:
    m = np.asarray(matrix, dtype=float)
    if m.shape != (2, 2):
        raise ValueError(f"expected a 2x2 matrix, got shape {m.shape}")
    return m


def rank(matrix) -> int:
    return int(np.linalg.matrix_rank(as_matrix(matrix), tol=EPS))


def collapse_kind(matrix) -> str:
    """What the transform does to area: 'keeps-orientation', 'flips', 'line', 'point'."""
    m = as_matrix(matrix)
    r = rank(m)
    if r == 0:
        return "point"
    if r == 1:
        return "line"
    return "flips" if np.linalg.det(m) < 0 else "keeps-orientation"


@dataclass(frozen=True)
class MatrixTransform:
    """A 2x2 matrix acting on the plane, and on one chosen vector."""

    matrix: np.ndarray
    columns: np.ndarray  # columns[0] is where i-hat lands, columns[1] where j-hat lands
    determinant: float
    area_after: float  # area of the transformed unit square, |det|
    orientation: str  # 'keeps-orientation' | 'flips' | 'line' | 'point'
    rank: int
    vector: np.ndarray
    transformed_vector: np.ndarray
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax the picture must show


def matrix_transform(matrix, vector=(1.0, 2.0)) -> MatrixTransform:
    m = as_matrix(matrix)
    v = np.asarray(vector, dtype=float)
    det = float(np.linalg.det(m))
    if abs(det) < EPS:
        det = 0.0
    mv = m @ v
    corners = m @ np.array([[0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    # the head-to-tail reading of Av passes through x * (first column)
    bounds = view_bounds(np.column_stack([corners, v, mv, v[0] * m[:, 0]]).T)
    return MatrixTransform(
        matrix=m,
        columns=m.T.copy(),
        determinant=det,
        area_after=abs(det),
        orientation=collapse_kind(m),
        rank=rank(m),
        vector=v,
        transformed_vector=mv,
        bounds=bounds,
    )


def view_bounds(points, minimum: float = 1.0) -> tuple[float, float, float, float]:
    """The box (xmin, xmax, ymin, ymax) holding the origin and ``points``.

    Each side spans at least ``minimum`` so a collapsed picture (everything on
    the origin) still gets a readable unit.
    """
    pts = np.vstack([np.zeros((1, 2)), np.asarray(points, dtype=float).reshape(-1, 2)])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    for k in range(2):
        if hi[k] - lo[k] < minimum:
            mid = (hi[k] + lo[k]) / 2
            lo[k], hi[k] = mid - minimum / 2, mid + minimum / 2
    return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
