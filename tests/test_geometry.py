"""Liang-Barsky clipping against a brute-force walk along the segment."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition.geometry import clip_range

coord = st.floats(-5, 5, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(coord, coord, coord, coord)
def test_a_segment_clipped_to_the_unit_box_is_where_its_points_are_inside(ax, ay, bx, by):
    box = (-1.0, 1.0, -1.0, 1.0)
    kept = clip_range(((-(bx - ax), ax - box[0]), (bx - ax, box[1] - ax), (-(by - ay), ay - box[2]),
                       (by - ay, box[3] - ay)))
    t = np.linspace(0, 1, 2001)
    x, y = ax + t * (bx - ax), ay + t * (by - ay)
    inside = t[(np.abs(x) <= 1) & (np.abs(y) <= 1)]
    if kept is None:
        assert len(inside) == 0
    elif len(inside):
        assert kept[0] <= inside.min() + 1e-9 and inside.max() <= kept[1] + 1e-9
        assert inside.min() - kept[0] <= 1e-3 + 1e-9 and kept[1] - inside.max() <= 1e-3 + 1e-9
