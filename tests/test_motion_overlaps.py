"""tools/motion_overlaps.py: a shape that crosses a still word on its way is reported, one that
starts or ends on it, passes it by, or moves with it is not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Scene, Square, Text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from motion_overlaps import watch_scene  # noqa: E402


def findings(move) -> list[str]:
    class Moving(Scene):
        def construct(self):
            word = Text("still words", font_size=30)
            box = Square(0.5, fill_opacity=1, stroke_width=0).shift(4 * LEFT)
            self.add(word, box)
            move(self, word, box)

    return watch_scene(Moving, 854, 480)


def test_a_shape_crossing_a_word_on_its_way_is_reported():
    found = findings(lambda s, word, box: s.play(box.animate.shift(8 * RIGHT), run_time=1))
    assert len(found) == 1 and "Square crosses 'still words'" in found[0]


@pytest.mark.parametrize("move", [
    lambda s, word, box: s.play(box.animate.shift(8 * RIGHT + 2 * UP), run_time=1),  # passes above
    lambda s, word, box: s.play(box.animate.move_to(word), run_time=1),  # ends on it: the scene checks' case
    lambda s, word, box: s.play(box.animate.shift(8 * RIGHT), word.animate.shift(2 * DOWN), run_time=1),
    lambda s, word, box: s.play(FadeIn(Square(0.3).shift(3 * UP)), run_time=1),  # nothing crosses
])
def test_what_does_not_cross_on_its_way_is_not(move):
    assert findings(move) == []


def test_a_shape_that_leaves_the_frame_only_on_its_way_is_reported():
    found = findings(lambda s, word, box: s.play(box.animate(path_arc=3.5).shift(8 * RIGHT), run_time=1))
    assert any("leaves the frame" in f for f in found)


@pytest.mark.render
@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
@pytest.mark.parametrize("scene", ["bayes", "composition"])
def test_what_moved_across_words_before_crosses_none_now(scene, aspect):
    """bayes' posterior bar flew straight over the panel's rows (five findings in 16:9), composition's
    orange frame slid across the row between two matrices (three)."""
    from motion_overlaps import watch

    assert watch(scene, aspect) == []
