"""Drawing less in each frame draws the same frames: a mobject whose points have not changed is
drawn from its kept cairo path (scenes.kept_paths), and the still members of a moving group are
left in a play's still background (scenes.redrawn).

Fast: one camera with kept paths against one without, frame by frame, as mobjects move, change
in place and go. Marked ``render``: scenes drawn both ways hand their writer the same pixels.
"""

from __future__ import annotations

import gc
import hashlib

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Camera,
    Circle,
    FadeIn,
    Line,
    Scene,
    Square,
    Text,
    VGroup,
    tempconfig,
)

from scenes import kept_paths, redrawn

SMALL = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}


def _drawn(camera: Camera, mobjects) -> np.ndarray:
    camera.reset()
    camera.capture_mobjects(mobjects)
    return camera.pixel_array.copy()


def test_a_camera_keeping_paths_draws_what_manims_draws_as_mobjects_move_change_and_go():
    with tempconfig(SMALL):
        kept_camera, plain = Camera(), Camera()
        kept = kept_paths.install(kept_camera)
        square, ring = Square(1.5).shift(LEFT), Circle(0.8).shift(RIGHT).set_fill("#ff8800", 0.6)
        line = Line(LEFT * 3, RIGHT * 3)
        shown = [square, ring, line, Text("kept", font_size=30).shift(DOWN * 1.5)]

        def step(k: int) -> None:
            ring.shift(0.2 * RIGHT)  # moved: new points
            line.points[:, 1] += 0.1  # changed in place, as a mobject riding the plane is
            if k == 2:
                shown.pop()  # gone: its kept paths go with it
            if k == 3:
                shown.append(Text("new", font_size=30))

        for k in range(5):
            assert np.array_equal(_drawn(kept_camera, shown), _drawn(plain, shown)), f"frame {k}"
            step(k)
        gc.collect()
    assert kept.hits > 0 and kept.misses > 0
    # only mobjects still alive keep a path: the square, the ring, the line and the new word's letters
    assert set(kept.paths) == {square, ring, line, *shown[-1].family_members_with_points()}


def test_the_still_members_of_a_moving_group_are_left_in_the_background():
    with tempconfig({**SMALL, "dry_run": True}):
        scene = Scene()
        still, moving, above = Square(), Circle(), Text("above")
        group = VGroup(still, moving)
        scene.add(group, above)
        fade = FadeIn(moving)
        manims = Scene.get_moving_mobjects(scene, fade)
        ours = redrawn.from_first_mover(manims, [fade], scene.foreground_mobjects)
    assert manims[:2] == [group, still]  # manim redraws the group from its first member on
    assert ours[0] is moving and still not in ours and above.family_members_with_points()[0] in ours
    # an updater on the group moves all of it: nothing is left out
    group.add_updater(lambda m: None)
    assert redrawn.from_first_mover(manims, [], []) == manims


def test_every_scene_draws_with_kept_paths():
    from scenes.linear_algebra.dot_product import DotProduct

    with tempconfig({"dry_run": True}):
        camera = DotProduct().renderer.camera
    assert isinstance(camera.set_cairo_context_path.__self__, kept_paths.KeptPaths)


def _frame_hashes(name: str, folder, monkeypatch, *, plain: bool) -> list[tuple[str, int]]:
    """What the scene hands its writer, tiny: a hash of each frame, with its repeats."""
    from production import plan
    from production.rendering import manim_config, scene_context
    from production.request import RenderRequest
    from production.sources import load_source
    from scenes.base import IntuitionScene

    job = plan(RenderRequest(scenes=(name,), quality="l", resolution=(256, 144), fps=5, out_dir=folder)).jobs[0]
    with monkeypatch.context() as patch:
        if plain:  # manim's own: every path built again, every moving group redrawn whole
            patch.setattr(kept_paths, "install", lambda camera: None)
            patch.delattr(IntuitionScene, "get_moving_mobjects")  # manim's, or ThreeDScene's
        media = folder / ("plain" if plain else "ours")
        with scene_context(job, media), tempconfig(manim_config(job, media)):
            scene = (job.scene_class or load_source(job.source))(params=job.params)
            writer = scene.renderer.file_writer
            write, hashes = writer.write_frame, []

            def keep(pixels, *, repeat=1):
                hashes.append((hashlib.sha1(pixels.tobytes()).hexdigest(), repeat))
                write(pixels, repeat=repeat)

            writer.write_frame = keep
            scene.render()
    return hashes


@pytest.mark.render
@pytest.mark.parametrize("name", ["backprop", "matrix-transform-3d", "composition"])
def test_a_scene_drawing_less_hands_its_writer_the_same_frames(name, monkeypatch, tmp_path):
    ours = _frame_hashes(name, tmp_path, monkeypatch, plain=False)
    manims = _frame_hashes(name, tmp_path, monkeypatch, plain=True)
    assert len(ours) > 20 and ours == manims
