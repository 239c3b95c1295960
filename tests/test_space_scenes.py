"""matrix-transform-3d and gradient-descent-3d built without video, for their edge
cases, and bad input through the CLI.

``scene_checks.assert_fits_frame`` reads mobjects' own coordinates, which in a
3-D scene are points in space, not on the screen. The checks here look at
what the camera draws instead (``camera.transform_points_pre_display``, the
very call Cairo uses): text pinned to the frame must lie inside the frame and
not overlap; everything else (lattice, arrows, cube, surface, ball, labels
riding the picture) must lie inside the picture region, left of the panel and
between the title and the caption, at the last frame and, for the 3-D
content, at every angle the camera turns through.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from click.testing import CliRunner

from render import cli
from scene_checks import build_scene, labels, visible_parts

TOL = 0.03


def _pinned(scene, mob) -> bool:
    return mob in scene.camera.fixed_in_frame_mobjects


def _riding(scene, mob) -> bool:
    return mob in scene.camera.fixed_orientation_mobjects


def _drawn(scene, mob) -> np.ndarray:
    pts = mob.get_all_points()  # a label's glyphs too
    return np.asarray(scene.camera.transform_points_pre_display(mob, np.asarray(pts, dtype=float)))


def _inside(pts, box, tol=TOL) -> bool:
    x0, x1, y0, y1 = box
    return bool(
        np.all(pts[:, 0] >= x0 - tol) and np.all(pts[:, 0] <= x1 + tol)
        and np.all(pts[:, 1] >= y0 - tol) and np.all(pts[:, 1] <= y1 + tol)
    )


def _box(pts) -> tuple[float, float, float, float]:
    return pts[:, 0].min(), pts[:, 0].max(), pts[:, 1].min(), pts[:, 1].max()


def _overlap(a, b, tol=0.01) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[2], b[2]) > tol


def assert_drawn_inside(scene) -> None:
    w, h = scene.checked_frame
    frame = (-w / 2, w / 2, -h / 2, h / 2)
    region = scene.picture_region
    bad = []
    parts = visible_parts(scene)
    assert parts, "nothing visible"
    for mob in parts:
        pts = _drawn(scene, mob)
        box = frame if _pinned(scene, mob) else region
        if pts.size and not _inside(pts, box):
            bad.append(f"{type(mob).__name__} drawn over x {pts[:, 0].min():.2f}..{pts[:, 0].max():.2f}, "
                       f"y {pts[:, 1].min():.2f}..{pts[:, 1].max():.2f} (allowed {np.round(box, 2)})")
    assert not bad, "outside:\n" + "\n".join(bad[:10])


def assert_inside_while_turning(scene, samples: int = 7) -> None:
    """The 3-D content stays in the picture region at every angle of the camera's turn."""
    cam = scene.camera
    saved = cam.theta_tracker.get_value()
    parts = [m for m in visible_parts(scene) if not _pinned(scene, m) and not _riding(scene, m)]
    try:
        for theta in np.linspace(*scene.turn_range, samples):
            cam.theta_tracker.set_value(theta)
            cam.reset_rotation_matrix()
            for mob in parts:
                pts = _drawn(scene, mob)
                assert _inside(pts, scene.picture_region), f"{type(mob).__name__} leaves at theta {theta:.2f}"
    finally:
        cam.theta_tracker.set_value(saved)
        cam.reset_rotation_matrix()


def assert_labels_apart(scene) -> None:
    """Text on the screen (pinned, or riding the picture) does not overlap."""
    found = [m for m in labels(scene) if _pinned(scene, m) or _riding(scene, m)]
    boxes = [(m, _box(_drawn(scene, m))) for m in found]
    pairs = [
        (type(a).__name__, type(b).__name__)
        for (a, ba), (b, bb) in itertools.combinations(boxes, 2)
        if _overlap(ba, bb)
    ]
    assert not pairs, f"labels overlap: {pairs}"


def assert_scene_ok(scene) -> None:
    assert_drawn_inside(scene)
    assert_inside_while_turning(scene)
    assert_labels_apart(scene)


def _captions(scene) -> str:
    return " ".join(c.text for c in scene.captions)


# --- matrix-transform-3d -------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({}, ["columns say where", "scales volume: here x1.23", "slanted box", "1.23"]),
        ({"matrix": [[1, 0, 0], [0, 0, 1], [0, 1, 0]]}, ["inside out", "volumes stay the same"]),  # det -1
        ({"matrix": [[2, -1, 0], [1, 3, 0.5], [0, -1, -2]]}, ["inside out", "scale by"]),
        ({"matrix": [[1, 0, 1], [0, 1, 1], [0, 0, 0]]}, ["onto a plane (rank 2)", "flat hexagon"]),
        ({"matrix": [[1, 0, 2], [0, 1, 0], [0, 0, 0]]}, ["onto a plane (rank 2)", "flat parallelogram"]),
        ({"matrix": [[1, 2, 0.5], [0.5, 1, 0.25], [-1, -2, -0.5]]}, ["onto a line (rank 1)", "segment"]),
        ({"matrix": [[0, 0, 0], [0, 0, 0], [0, 0, 0]]}, ["origin (rank 0)", "single point"]),
        ({"matrix": [[5, -5, 5], [-5, 5, 5], [5, 5, -5]]}, ["inside out"]),  # the largest entries allowed
        (
            {"show_cube": False, "matrix": [[1, 2, 0.5], [0.5, 1, 0.25], [-1, -2, -0.5]]},
            ["Two of the three directions"],
        ),
        ({"camera_turn": 0}, ["scales volume"]),
    ],
)
def test_matrix_transform_3d_scene(params, expect):
    scene = build_scene("matrix-transform-3d", **params)
    assert_scene_ok(scene)
    text = _captions(scene)
    for fragment in expect:
        assert fragment in text
    if not scene.params.show_cube:
        assert "cube" not in text.split("recipe")[-1]  # no cube drawn, none talked about after the intro
    assert 14 <= scene.time <= 25  # seconds of video (without the caption cross-fades, skipped here)


@pytest.mark.render
def test_camera_turns_by_the_parameter():
    scene = build_scene("matrix-transform-3d", camera_turn=90)
    lo, hi = scene.turn_range
    assert np.degrees(hi - lo) == pytest.approx(90)
    assert scene.camera.get_theta() == pytest.approx(hi)  # the turn is finished by the end


# --- gradient-descent-3d -------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({}, ["height of this surface", "minus learning rate times gradient", "steps get shorter", "settles"]),
        ({"learning_rate": 0.6}, ["past the bottom", "overshoots the bottom by more", "stopped"]),  # diverges
        ({"learning_rate": 3}, ["first step jumps past the bottom"]),  # leaves the view at step 1
        ({"learning_rate": 0.47}, ["jumps across the valley"]),  # oscillates
        ({"f": "x**2 - y**2", "start": [-2.5, 0.3]}, ["dropping away", "runs downhill out of the view"]),  # saddle
        ({"f": "log(x) + y**2", "start": [0.5, 1.0], "learning_rate": 1.0}, ["f is undefined"]),
        ({"start": [0, 0]}, ["gradient is 0, so no step moves it"]),  # starts at the bottom
        ({"learning_rate": 0.02}, ["still going downhill"]),
        ({"f": "sin(x)*cos(y) + 0.1*(x**2 + y**2)", "start": [0.5, 2.5], "learning_rate": 0.3}, ["settles"]),
        ({"f": "1/(x**2 + y**2 + 0.05)", "start": [1.5, 1.0], "steps": 5}, []),  # a spike cut off at the top
        ({"x_range": [-10, 10], "y_range": [-1, 1], "start": [8, 0.5], "f": "x**2/20 + y**2"}, []),
    ],
)
def test_gradient_descent_3d_scene(params, expect):
    scene = build_scene("gradient-descent-3d", **params)
    assert_scene_ok(scene)
    text = _captions(scene)
    for fragment in expect:
        assert fragment in text
    if scene.model.diverged:
        assert scene.ball[0].get_color().to_hex().lower() == "#eb5757"  # stopped, in red
    assert scene.time <= 25


# --- bad input through the CLI ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "sets", "param", "fragment"),
    [
        ("matrix-transform-3d", ["matrix=[[1,2],[3,4]]"], "matrix", "3x3"),
        ("matrix-transform-3d", ["matrix=[[1,2,3],[4,5,6]]"], "matrix", "3x3"),
        ("matrix-transform-3d", ["matrix=[[1,0,0],[0,1,0],[0,0,6]]"], "matrix", "between -5 and 5"),
        ("matrix-transform-3d", ["matrix=[[1,0,0],[0,1,0],[0,0,true]]"], "matrix", "numbers"),
        ("matrix-transform-3d", ["camera_turn=200"], "camera_turn", "<= 180"),
        ("matrix-transform-3d", ["k_color=blurple"], "k_color", "colour"),
        ("gradient-descent-3d", ["f=import os"], "f", "allowed"),
        ("gradient-descent-3d", ["f=x**"], "f", "allowed"),
        ("gradient-descent-3d", ["f=x*z"], "f", "allowed"),
        ("gradient-descent-3d", ["start=[5, 0]"], "start", "inside x_range"),
        ("gradient-descent-3d", ["start=1"], "start", "2 numbers"),
        ("gradient-descent-3d", ["learning_rate=0"], "learning_rate", "> 0"),
        ("gradient-descent-3d", ["steps=0"], "steps", "1 to 40"),
        ("gradient-descent-3d", ["x_range=[3, -3]"], "x_range", "lo < hi"),
        ("gradient-descent-3d", ["f=log(x)", "start=[-1, 0]"], "start", "undefined"),
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
    assert f"parameter '{param}'" in lines[0] and fragment in lines[0], lines[0]
