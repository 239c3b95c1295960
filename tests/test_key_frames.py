"""Which frame of the clip a storyboard panel shows for each caption step (production.media.key_times)."""

from __future__ import annotations

from production.media import HALF_FRAME, key_times


def test_a_step_followed_by_a_cross_fade_shows_the_fades_first_frame():
    # captions cross-fade in for 0.3 s: the fade's first frame is the step's finished picture
    steps = [{"start": 0.0, "end": 1.0}, {"start": 1.3, "end": 4.0}, {"start": 4.3, "end": 6.0}]
    first, second, last = key_times(steps)
    assert first == 1.0 + HALF_FRAME and second == 4.0 + HALF_FRAME
    assert last > 6.0  # the last step: the clip's last frame


def test_a_step_followed_at_once_by_the_next_caption_shows_its_own_last_frame():
    # the next caption appears without a fade: the frame at the step's end already shows it
    steps = [{"start": 0.0, "end": 2.0}, {"start": 2.0, "end": None}]
    assert key_times(steps) == [2.0 - HALF_FRAME, 1e9]
    # a step of no length shows the frame at its start
    assert key_times([{"start": 1.0, "end": 1.0}, {"start": 1.0, "end": 2.0}])[0] == 1.0


def test_half_a_frame_is_under_any_frame_rate_written_and_over_the_millisecond_rounding():
    assert 0.0005 < HALF_FRAME < 1 / 120
