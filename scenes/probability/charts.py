"""Axes, bars and readout panels the probability scenes share.

Histograms are drawn as a fixed set of rectangles whose heights are
transformed between precomputed states, never one mobject per sample.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    BackgroundRectangle,
    Mobject,
    Polygon,
    VGroup,
    VMobject,
    config,
)

from scenes import style
from scenes.plane import nice_step

PANEL_WIDTH = 4.1  # frame units on the right kept for readouts
# Typst digits come out about 1.4x smaller than Pango text of the same font size
NUMBER_SCALE = 1.4


def tick_step(lo: float, hi: float, ticks: int = 6) -> float:
    return nice_step((hi - lo) / ticks)


def decimals_for(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


def chart_axes(x_range, y_range, *, width: float, height: float, x_ticks: int = 6, y_ticks: int = 4,
               y_numbers: bool = True) -> Axes:
    """Axes with Typst tick numbers at a tidy step (1, 2, 5 x 10^k)."""
    (x0, x1), (y0, y1) = x_range, y_range
    xs, ys = tick_step(x0, x1, x_ticks), tick_step(y0, y1, y_ticks)
    label = style.label_constructor()
    axes = Axes(
        x_range=(x0, x1, xs),
        y_range=(y0, y1, ys),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"stroke_color": style.MUTED, "stroke_width": 2, "include_ticks": True},
        x_axis_config={"include_numbers": True, "label_constructor": label, "font_size": 20 * NUMBER_SCALE,
                       "decimal_number_config": {"num_decimal_places": decimals_for(xs)},
                       # numbers only on ticks inside the range, so none hang off the ends
                       "numbers_to_include": list(np.arange(math.ceil(x0 / xs) * xs, x1 + 1e-9, xs))},
        y_axis_config={"include_numbers": y_numbers, "label_constructor": label, "font_size": 18 * NUMBER_SCALE,
                       "decimal_number_config": {"num_decimal_places": decimals_for(ys)},
                       "numbers_to_exclude": [0] if y0 == 0 else []},
    )
    return axes


def bars(axes: Axes, edges, heights, color, *, opacity: float = 0.65, gap: float = 0.06) -> VGroup:
    """One rectangle per bin; a zero bar keeps a hair of height so it can grow by transform."""
    edges = np.asarray(edges, dtype=float)
    out = VGroup()
    y_top = axes.y_range[1]
    for a, b, h in zip(edges[:-1], edges[1:], heights):
        h = float(min(max(h, 0.0), y_top))
        w = (b - a) * gap
        p0, p1 = axes.c2p(a + w, 0), axes.c2p(b - w, 0)
        height = max(axes.c2p(0, h)[1] - axes.c2p(0, 0)[1], 0.004)
        rect = Polygon(p0, p1, p1 + UP * height, p0 + UP * height, stroke_width=1, stroke_color=color,
                       fill_color=color, fill_opacity=opacity)
        out.add(rect)
    return out


def curve(axes: Axes, xs, ys, color, *, stroke_width: float = 4) -> VMobject:
    """A polyline through (xs, ys), clipped to the axes' y range."""
    top = axes.y_range[1]
    pts = [axes.c2p(float(x), float(min(max(y, axes.y_range[0]), top))) for x, y in zip(xs, ys)]
    line = VMobject(stroke_color=color, stroke_width=stroke_width)
    line.set_points_as_corners(pts)
    return line


def area_under(axes: Axes, xs, ys, color, *, opacity: float = 0.35) -> Polygon:
    top = axes.y_range[1]
    pts = [axes.c2p(float(xs[0]), 0)]
    pts += [axes.c2p(float(x), float(min(max(y, 0.0), top))) for x, y in zip(xs, ys)]
    pts.append(axes.c2p(float(xs[-1]), 0))
    return Polygon(*pts, stroke_width=0, fill_color=color, fill_opacity=opacity)


def panel(*rows: Mobject, top: float, width: float = PANEL_WIDTH, buff: float = 0.3) -> VGroup:
    """Readout rows stacked at the right edge, left-aligned, shrunk to fit the panel."""
    group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=buff)
    style.fit_into(group, width - 0.3, top + config.frame_height / 2 - style.CAPTION_BAND - 0.3)
    right = config.frame_width / 2 - style.EDGE
    group.next_to(np.array([right - width + 0.15, top - 0.1, 0.0]), DOWN + RIGHT, buff=0)
    return group


def panel_backing(group: Mobject) -> BackgroundRectangle:
    return BackgroundRectangle(group, color=style.BACKGROUND, fill_opacity=0.9, buff=0.15)


def chart_box(scene, *, panel_width: float = PANEL_WIDTH) -> tuple[float, float, float, float]:
    """Left, right, bottom, top of the chart area (room kept for tick numbers)."""
    left = -config.frame_width / 2 + style.EDGE + 0.55
    right = config.frame_width / 2 - style.EDGE - panel_width - 0.2
    return left, right, scene.content_bottom + 0.45, scene.content_top - 0.1


def place_axes(axes: Axes, box) -> Axes:
    left, right, bottom, top = box
    axes.move_to(np.array([(left + right) / 2, (bottom + top) / 2, 0.0]))
    return axes


def row(*parts: Mobject, buff: float = 0.15) -> VGroup:
    return VGroup(*parts).arrange(RIGHT, buff=buff)


def value(v: float, decimals: int = 2, color=style.TEXT, size: float = style.LABEL_SIZE):
    """A readout number sized to sit beside label text."""
    return style.number(v, decimals, size=size * NUMBER_SCALE, color=color)
