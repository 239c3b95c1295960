"""Chart axes of a teacher's large or tiny numbers count in a power of ten: ``200`` under ``× 10^3``."""

from __future__ import annotations

import pytest

from scenes.probability import charts


@pytest.mark.parametrize(("lo", "hi", "exponent"), [
    (0, 4000, 0), (0, 9999, 0), (-200_000, 600_000, 3), (0, 2.5e9, 9), (0, 1e6, 6), (0, 0.05, 0),
    (0, 0.0008, -6), (0, 0, 0), (-1.5, 1.5, 0),
])
def test_an_axis_counts_in_a_power_of_ten_only_past_everyday_numbers(lo, hi, exponent):
    assert charts.axis_exponent(lo, hi) == exponent


def test_an_axis_in_thousands_reads_its_ticks_in_thousands_with_the_factor_past_them():
    axes = charts.chart_axes((0, 600_000), (0, 0.0006), width=6, height=4)
    assert axes.exponents == (3, -6)
    assert [n.number for n in axes.x_axis.numbers][:3] == [0, 100, 200]
    assert axes.c2p(300_000, 0)[0] == pytest.approx(axes.x_axis.n2p(300_000)[0])  # the data keeps its units
    x_factor, y_factor = axes.factor_labels
    assert x_factor.get_left()[0] > max(n.get_right()[0] for n in axes.x_axis.numbers)
    assert y_factor.get_bottom()[1] > max(n.get_top()[1] for n in axes.y_axis.numbers)
    # the factor takes the room of axis length: the chart is no larger than one of everyday numbers
    everyday = charts.chart_axes((0, 600), (0, 600), width=6, height=4)
    assert axes.width <= everyday.width + 0.01 and axes.height <= everyday.height + 0.01


@pytest.mark.parametrize("top", [3.3, 3.3e-3, 3.3e-6])
def test_no_tick_stands_past_the_end_of_an_axis_of_millionths(top):
    """manim pads an axis' end by an absolute 1e-6 when it places ticks (a density of house prices)."""
    axes = charts.chart_axes((0, 6), (0, top), width=6, height=2.5, y_numbers=False)
    assert len(axes.y_axis.ticks) == 3 and axes.y_axis.height == pytest.approx(2.5)


def test_a_chart_as_wide_as_a_tall_frame_keeps_its_last_tick_number_inside_the_frame():
    """In 9:16 a chart spans the frame's width: manim's last x number, centred on the axis' end,
    hung half out of the frame (4,000 at the right edge); place_axes moves the chart in."""
    from manim import config, tempconfig

    from scenes import style

    with tempconfig({"frame_width": 8.0, "frame_height": 8.0 * 16 / 9, "pixel_width": 450, "pixel_height": 800}):
        axes = charts.chart_axes((0, 4000), (0, 10), width=7.6, height=4)
        charts.place_axes(axes, (-3.7, 3.7, -2, 2))
        room = config.frame_width / 2 - style.EDGE / 2
        assert axes.get_left()[0] >= -room - 1e-9 and axes.get_right()[0] <= room + 1e-9
        assert max(n.get_right()[0] for n in axes.x_axis.numbers) <= room + 1e-9
