"""The linear-algebra grids: a line every 1, 2 or 5 units, far enough apart on screen to read as a
grid (not hatching) also after the matrix has squeezed the plane, and axes stronger than the lines
(issue 14, item 5.1). Spacing is measured on the built scene's lines, in pixels at 480p."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from scenes.plane import nice_step, squeeze

MIN_GAP_PX = 24
# two families turned nearly parallel interleave their lines; a little closer still reads as a grid,
# and the step that would keep them 24 px apart leaves hardly a line in view before the plane moves
MIN_INTERLEAVED_GAP_PX = 20


def line_families(plane) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """The plane's straight lines (grid lines and axes) as (point, unit direction), grouped by direction."""
    lines = [*plane.background_lines, *plane.faded_lines, plane.x_axis, plane.y_axis]
    families: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for line in lines:
        pts = line.get_all_points()[:, :2]
        a, b = pts[0], pts[-1]
        d = b - a
        n = np.linalg.norm(d)
        if n < 1e-9:
            continue  # squashed to a point
        d = d / n
        if d[0] < -1e-9 or (abs(d[0]) <= 1e-9 and d[1] < 0):
            d = -d
        for fam in families:
            if abs(fam[0][1][0] * d[1] - fam[0][1][1] * d[0]) < 1e-6:
                fam.append((a, d))
                break
        else:
            families.append([(a, d)])
    return families


def smallest_gap_px(plane, frame_width: float) -> float:
    """The least on-screen distance between two neighbouring parallel lines, in pixels at 480p."""
    gaps = []
    for fam in line_families(plane):
        d = fam[0][1]
        normal = np.array([-d[1], d[0]])
        offsets = np.unique(np.round([float(a @ normal) for a, _ in fam], 9))
        if len(offsets) > 1:
            gaps.append(float(np.min(np.diff(offsets))))
    assert gaps, "no grid lines"
    return min(gaps) * 854 / frame_width


def interleaved_gap_px(plane, centre, frame_width: float, reach: float = 2.0) -> float:
    """Two families less than 15° apart read as one hatching: the mean distance between the lines,
    of both, where they cross a stretch of their common normal 2 * ``reach`` long at ``centre``."""
    worst = np.inf
    for f1, f2 in itertools.combinations(line_families(plane), 2):
        d1, d2 = f1[0][1], f2[0][1]
        if abs(d1 @ d2) < math.cos(math.radians(15)):
            continue
        n = np.array([-d1[1], d1[0]])
        at = []
        for p, d in f1 + f2:
            s = ((p[0] - centre[0]) * d[1] - (p[1] - centre[1]) * d[0]) / (n[0] * d[1] - n[1] * d[0])
            if abs(s) <= reach:
                at.append(round(float(s), 6))
        at = sorted(set(at))
        if len(at) > 2:
            worst = min(worst, (at[-1] - at[0]) / (len(at) - 1))
    return worst * 854 / frame_width


def stroke_strength(mob) -> float:
    return min(m.get_stroke_width() * m.get_stroke_opacity() for m in mob.family_members_with_points())


def assert_grid_reads(scene) -> None:
    frame_width = scene.checked_frame[0]
    grid = scene.grid
    gap = smallest_gap_px(grid, frame_width)
    assert gap >= MIN_GAP_PX, f"grid lines {gap:.1f} px apart at 480p"
    hatch = interleaved_gap_px(grid, scene.stage.origin[:2], frame_width)
    assert hatch >= MIN_INTERLEAVED_GAP_PX, f"nearly parallel grid lines {hatch:.1f} px apart at 480p"
    step = grid.grid_step
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert round(mantissa, 9) in (1, 2, 5), step
    assert stroke_strength(grid.axes) > max(stroke_strength(grid.background_lines), 1e-9) * 1.5
    lines_at = grid.submobjects.index(grid.background_lines)
    assert lines_at < grid.submobjects.index(grid.x_axis)  # lines drawn first, the axes over them


# --- the rule itself, no scene ---------------------------------------------------------------


def test_squeeze_is_the_tightest_spacing_of_the_transformed_lines():
    assert squeeze(np.eye(2)) == pytest.approx(1)
    assert squeeze([[2, 0], [0, 2]]) == pytest.approx(2)
    assert squeeze([[1, 0], [0, 0.25]]) == pytest.approx(0.25)
    assert squeeze([[1, 2], [0, 1.5]]) == pytest.approx(1.5 / math.hypot(2, 1.5))  # svd's default
    assert squeeze([[1, 2], [2, 4]]) == 0
    # turned nearly parallel (5° apart), the two families interleave: about half the spacing of either
    g1, g2, cos = 10 / math.hypot(10, 4), 10 / math.hypot(10, 3), 112 / (math.hypot(10, 3) * math.hypot(10, 4))
    assert squeeze([[10, -10], [-3, 4]]) == pytest.approx(min(1 / (1 / g1 + cos / g2), 1 / (1 / g2 + cos / g1)))


def test_nice_steps():
    assert [nice_step(v) for v in (0.3, 1, 1.5, 2.01, 7, 12)] == [0.5, 1, 2, 5, 10, 20]


# --- built scenes: the defaults (fast), squeezing matrices (the slower tier) --------------------

from scene_checks import build_scene  # noqa: E402


@pytest.mark.parametrize("name", ["matrix-transform", "svd"])
def test_default_grid_is_a_grid_not_hatching(name):
    assert_grid_reads(build_scene(name))


@pytest.mark.render
@pytest.mark.parametrize(
    ("name", "matrix"),
    [
        ("matrix-transform", [[1, 0], [0, 0.25]]),  # squashes y to a quarter
        ("matrix-transform", [[1, 3], [0, 1]]),  # a strong shear crowds the slanted lines
        ("matrix-transform", [[3, 2], [1, 1]]),
        ("matrix-transform", [[10, -10], [10, 10]]),  # the largest entries: a coarse grid
        ("determinant", [[1, 2], [0, 1.5]]),
        ("eigenvectors", [[1, 3], [0, 1]]),
        ("eigenvectors", [[3, 1], [0, 2]]),
        ("eigenvectors", [[10, -10], [-3, 4]]),  # both families turned nearly parallel
        ("svd", [[2, 1], [0, 0.5]]),
        ("inverse", [[2, 1], [1, 1]]),
    ],
)
def test_squeezing_matrices_keep_lines_apart(name, matrix):
    assert_grid_reads(build_scene(name, matrix=matrix))
