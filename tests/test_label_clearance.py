"""Labels clear of what they label (issue 14, item 5): the eigen-lines never run through their
λ labels, backprop's highlight sits behind the number it marks and weight labels keep apart, and
regression's slope numbers and axis names stay off residuals, points and tick numbers.
Geometric checks on the built scenes' last frames."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from manim import Line, MathTypst, Text, VMobject

from intuition.words import num
from scene_checks import build_scene
from scenes.probability import charts

Box = tuple[float, float, float, float]


def box(mob, pad: float = 0.0) -> Box:
    pts = mob.get_all_points()
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad


def overlap(a: Box, b: Box, tol: float = 0.005) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[2], b[2]) > tol


def crosses(start, end, b: Box, samples: int = 600) -> bool:
    """Whether the straight segment start-end passes through box ``b`` (points along it, every ~1/600)."""
    t = np.linspace(0.0, 1.0, samples)[:, None]
    pts = np.asarray(start)[:2] + t * (np.asarray(end)[:2] - np.asarray(start)[:2])
    inside = (pts[:, 0] > b[0]) & (pts[:, 0] < b[1]) & (pts[:, 1] > b[2]) & (pts[:, 1] < b[3])
    return bool(inside.any())


# --- eigenvectors: no eigen-line through a λ label ---------------------------------------------


def eigen_labels_and_lines(scene):
    """The λ labels by the arrows (not the panel's rows, which also name v) and the lit eigen-lines."""
    labels = [
        mob
        for mob in scene.get_mobject_family_members()
        if isinstance(mob, MathTypst) and "lambda" in mob.typst_code and " v" not in mob.typst_code
    ]
    lines = [mob for mob in scene.get_mobject_family_members() if type(mob) is Line and mob.get_stroke_width() >= 5]
    return labels, lines


def assert_eigen_labels_clear(scene) -> None:
    labels, lines = eigen_labels_and_lines(scene)
    assert labels and lines
    assert len(labels) == len(lines) == len(scene.model.eigenvectors)
    for lab in labels:
        b = box(lab)
        for line in lines:
            assert not crosses(line.get_start(), line.get_end(), b), f"an eigen-line runs through {lab.typst_code}"
    for a, c in itertools.combinations(labels, 2):
        assert not overlap(box(a), box(c))


def test_eigen_labels_clear_of_the_eigen_lines_at_the_default():
    assert_eigen_labels_clear(build_scene("eigenvectors"))


@pytest.mark.render
@pytest.mark.parametrize(
    "matrix",
    [
        [[2, 1], [1, 2]],  # lines at ±45°
        [[1, 1], [0, 1]],  # a shear: one eigen-line
        [[-2, 0], [0, 3]],  # a flip on one line
        [[1, 2], [2, 1]],
        [[0.5, 1], [0.2, 1.5]],
        [[10, -10], [-3, 4]],
    ],
)
def test_eigen_labels_clear_of_the_eigen_lines(matrix):
    assert_eigen_labels_clear(build_scene("eigenvectors", matrix=matrix))


# --- backprop: the highlight behind its label; weight labels apart -----------------------------


@pytest.mark.render
def test_backprop_3_4_4_2_labels_keep_apart_and_the_highlight_is_behind_its_number():
    scene = build_scene("backprop", layers=[3, 4, 4, 2])
    keys = scene.labelled
    assert keys, "no weight labels at all"
    for labels in (scene.w_labels, scene.g_labels, scene.new_w_labels):
        for a, c in itertools.combinations(keys, 2):
            assert not overlap(box(labels[a]), box(labels[c])), f"weight labels {a} and {c} overlap"
    # a label sits on its own edge and no other edge runs through the middle of its number (else it
    # reads as that edge's); only the most-blamed weight, whose number the scene points at, may have to
    for key in keys:
        x0, x1, y0, y1 = box(scene.w_labels[key][1])
        middle = (x0 + 0.2 * (x1 - x0), x1 - 0.2 * (x1 - x0), y0, y1)
        start, end = scene.edge_lines[scene.edge_keys.index(key)].get_start_and_end()
        assert crosses(start, end, middle), f"{key}'s label is off its edge"
        if key == scene.model.largest_gradient:
            continue
        for other, line in zip(scene.edge_keys, scene.edge_lines):
            if other != key:
                assert not crosses(line.get_start(), line.get_end(), middle), f"edge {other} crosses {key}'s label"
    # the most-blamed weight's highlight: drawn behind the number, never over it
    hl = scene.highlight
    assert hl is not None
    key = scene.model.largest_gradient
    for label in (scene.g_labels[key], scene.new_w_labels[key]):
        number = label[1]
        assert hl.z_index < number.z_index
        assert overlap(box(hl), box(number))  # it marks that number
        assert all(part.z_index > hl.z_index for part in number.family_members_with_points())
    # and it does not hide the number: its fill is see-through or behind an opaque band below the digits
    band = scene.g_labels[key][0]
    assert band.z_index < hl.z_index or hl.get_fill_opacity() < 0.5


# --- regression: slope numbers off residuals and points, axis names off tick numbers -------------


def assert_regression_labels_clear(scene) -> None:
    ax = scene.axes
    ticks = [*ax.x_axis.numbers, *ax.y_axis.numbers]
    tick_marks = [*ax.x_axis.ticks, *ax.y_axis.ticks]
    for name in (scene.x_name, scene.y_name):
        for t in ticks:
            assert not overlap(box(name, 0.04), box(t)), "an axis name sits on a tick number"
        for t in tick_marks:  # a tick is a line: give it its stroke's thickness
            assert not overlap(box(name, 0.04), box(t, 0.02)), "an axis name sits on a tick"
    residuals = [seg for seg in scene.residuals if isinstance(seg, VMobject) and seg.has_points()]
    # the slope triangle's numbers: words on the chart (left of the panel) spelling its run and rise
    run = charts.tick_step(ax.x_range[0], ax.x_range[1], 5)
    spelled = {num(run), num(run * scene.model.slope)}
    chart_right = ax.get_right()[0]
    found = [
        mob
        for mob in scene.get_mobject_family_members()
        if isinstance(mob, Text) and mob.text in spelled and mob.get_center()[0] < chart_right
    ]
    assert len(found) == 2, [mob.text for mob in found]
    for lab in found:
        b = box(lab, 0.03)
        for seg in residuals:
            assert not crosses(seg.get_start(), seg.get_end(), b), "a slope label sits over a residual"
        for dot in scene.dots:
            assert not overlap(b, box(dot)), "a slope label sits over a data point"
        assert not crosses(scene.line.get_start(), scene.line.get_end(), b), "the fitted line runs through it"


def test_regression_labels_clear_at_the_default():
    assert_regression_labels_clear(build_scene("regression"))


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {"slope": -1.5, "intercept": 9, "noise": 1.0, "seed": 3},
        {"slope": 0.2, "intercept": 1, "noise": 0.3, "points": 40},
        {"slope": 2.5, "intercept": -3, "noise": 3, "seed": 11},
    ],
)
def test_regression_labels_clear(params):
    assert_regression_labels_clear(build_scene("regression", **params))


# --- a plane squashed onto a line: no label on the line ------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "params", "names"),
    [
        ("svd", {"matrix": [[1, 2], [2, 4]]}, ("sigma_",)),
        ("svd", {"matrix": [[3, 0], [0, 0.2]]}, ("sigma_",)),  # nearly squashed: the grid crowds into a band
        ("eigenvectors", {"matrix": [[1, 2], [2, 4]]}, ("lambda",)),
    ],
)
def test_labels_keep_off_the_line_a_squashed_plane_lies_on(scene, params, names):
    """Every grid line of a plane squashed onto a line lies on it, across the view: a label
    there would have lines through it (svd's σ₁ sat right on it)."""
    built = build_scene(scene, **params)
    u, s, _ = np.linalg.svd(np.asarray(params["matrix"], dtype=float))
    reach = built.stage.extent
    start, end = built.stage.point(-reach * u[:, 0]), built.stage.point(reach * u[:, 0])
    in_panel = set(built.panel.get_family())
    labels = [
        mob
        for mob in built.get_mobject_family_members()
        if isinstance(mob, MathTypst) and any(n in mob.typst_code for n in names) and mob not in in_panel
    ]
    assert labels
    for lab in labels:
        assert not crosses(start, end, box(lab)), f"the squashed plane's line runs through {lab.typst_code}"
