"""A 3x3 matrix moving space: the model behind the matrix-transform-3d scene.

Everything the scene shows is a field here: the columns (where i, j and k
land), the determinant and the volume of the unit cube's image, the rank and
what space is flattened onto when the determinant is 0, the cube's corners
before and after, and the points whose hull holds every frame of the picture.
Pure numpy; ``inspect`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Below this a determinant, a singular value or a column counts as zero: entries
# are at most 5 in size and typed by hand, so round-off is all this absorbs.
EPS = 1e-9

# the unit cube's corners in binary order: corner b = (b & 1, b >> 1 & 1, b >> 2 & 1)
CUBE_CORNERS = np.array([[b & 1, (b >> 1) & 1, (b >> 2) & 1] for b in range(8)], dtype=float)
# each face as four corner indices, going round it
CUBE_FACES = ((0, 1, 3, 2), (4, 5, 7, 6), (0, 1, 5, 4), (2, 3, 7, 6), (0, 2, 6, 4), (1, 3, 7, 5))
# the lattice drawn: lines of the floor z = 0 for x, y in -GRID..GRID, and the z axis
GRID = 2


def as_matrix3(matrix) -> np.ndarray:
    m = np.asarray(matrix, dtype=float)
    if m.shape != (3, 3):
        raise ValueError(f"expected a 3x3 matrix, got shape {m.shape}")
    return m


def rank3(matrix) -> int:
    return int(np.linalg.matrix_rank(as_matrix3(matrix), tol=EPS))


def lattice_lines(extent: int = GRID) -> np.ndarray:
    """(n, 2, 3): the floor's grid lines (y fixed, then x fixed), then the z axis."""
    ends = []
    for c in range(-extent, extent + 1):
        ends.append(((-extent, c, 0), (extent, c, 0)))
    for c in range(-extent, extent + 1):
        ends.append(((c, -extent, 0), (c, extent, 0)))
    ends.append(((0, 0, -extent), (0, 0, extent)))
    return np.array(ends, dtype=float)


def _directions(columns: np.ndarray) -> int:
    """How many different directions (up to sign) the non-zero columns point in."""
    found: list[np.ndarray] = []
    for c in columns:
        n = np.linalg.norm(c)
        if n < EPS:
            continue
        u = c / n
        if all(np.linalg.norm(np.cross(u, v)) > 1e-9 for v in found):
            found.append(u)
    return len(found)


def _unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1, its first clearly non-zero coordinate made positive."""
    u = v / np.linalg.norm(v)
    lead = u[np.argmax(np.abs(u) > 1e-9)]
    return (u if lead > 0 else -u) + 0.0


@dataclass(frozen=True)
class Transform3D:
    """A 3x3 matrix acting on space, on its basis arrows and on the unit cube."""

    matrix: np.ndarray
    columns: np.ndarray  # columns[0], [1], [2]: where i, j and k land
    determinant: float  # exactly 0 when space is flattened
    volume_before: float  # the unit cube: 1
    volume_after: float  # the volume of the cube's image, |det|
    rank: int
    orientation: str  # 'keeps-orientation' | 'flips' | 'plane' | 'line' | 'point'
    cube_image: str  # 'parallelepiped' | 'hexagon' | 'parallelogram' | 'segment' | 'point'
    flattened_onto: np.ndarray | None  # rank 2: unit normal of the plane; rank 1: unit direction of the line
    crushed_direction: np.ndarray | None  # rank 2: the one direction sent to 0 (unit); else None
    cube_corners: np.ndarray  # (8, 3) in binary order: corner b = (b & 1, b >> 1 & 1, b >> 2 & 1)
    cube_image_corners: np.ndarray  # (8, 3) where the matrix sends each corner
    bounds: tuple[float, float, float, float, float, float]  # xmin, xmax, ymin, ymax, zmin, zmax
    grid_lines: np.ndarray = field(repr=False)  # (n, 2, 3) lattice lines drawn, before the move
    view_points: np.ndarray = field(repr=False)  # every frame lies in the hull of these


def matrix_transform_3d(matrix) -> Transform3D:
    m = as_matrix3(matrix)
    r = rank3(m)
    det = float(np.linalg.det(m)) if r == 3 else 0.0
    if r == 3:
        orientation = "flips" if det < 0 else "keeps-orientation"
    else:
        orientation = {2: "plane", 1: "line", 0: "point"}[r]
    cols = m.T.copy()
    dirs = _directions(cols)
    cube_image = {3: "parallelepiped", 1: "segment", 0: "point"}.get(r) or (
        "hexagon" if dirs == 3 else "parallelogram"
    )
    flattened, crushed = None, None
    u, _, vt = np.linalg.svd(m)
    if r == 2:
        flattened = _unit(u[:, 2])  # the column space's normal: the left singular vector of the zero value
        crushed = _unit(vt[2])  # the null space
    elif r == 1:
        flattened = _unit(u[:, 0])
    image = CUBE_CORNERS @ m.T
    grid = lattice_lines()
    ends = grid.reshape(-1, 3)
    # every point moves in a straight line to its image, so the picture at any moment
    # lies in the hull of the points before and after
    pts = np.vstack([np.zeros((1, 3)), CUBE_CORNERS, image, ends, ends @ m.T, np.eye(3), cols])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return Transform3D(
        matrix=m,
        columns=cols,
        determinant=det,
        volume_before=1.0,
        volume_after=abs(det),
        rank=r,
        orientation=orientation,
        cube_image=cube_image,
        flattened_onto=flattened,
        crushed_direction=crushed,
        cube_corners=CUBE_CORNERS.copy(),
        cube_image_corners=image,
        bounds=tuple(float(v) for pair in zip(lo, hi) for v in pair),
        grid_lines=grid,
        view_points=pts,
    )


def interpolate(matrix, t: float) -> np.ndarray:
    """Where space is a fraction ``t`` of the way from I to ``matrix``: every point
    moves in a straight line to its image, so this is exactly (1 - t) I + t M."""
    return (1 - t) * np.eye(3) + t * as_matrix3(matrix)

