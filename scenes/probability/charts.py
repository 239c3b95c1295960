"""Axes, bars and readout panels the probability scenes share.

Histograms are drawn as a fixed set of rectangles whose heights are
transformed between precomputed states, never one mobject per sample. Shapes
that change every frame (a curve whose parameters slide, bars that grow) are
updated in place with the ``set_*`` helpers: rebuilding a Polygon or an arrow
each frame costs 10-50 ms, rewriting its points well under 1 ms.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Axes,
    BackgroundRectangle,
    Mobject,
    VGroup,
    VMobject,
    config,
)

from scenes import frame, style
from scenes.layout import frame_region
from scenes.plane import nice_step

PANEL_WIDTH = 4.1  # frame units on the right kept for readouts
ROOM_MARGIN = 0.35  # a panel row's words keep this much of the panel's width free
# Typst digits come out smaller than Pango text of the same font size; axis tick
# numbers are made by manim (not style.number), so they are scaled here
NUMBER_SCALE = 1.4
READOUT_SCALE = 1.2


def tick_step(lo: float, hi: float, ticks: int = 6) -> float:
    return nice_step((hi - lo) / ticks)


def nice_range(lo: float, hi: float, ticks: int = 5) -> tuple[float, float]:
    """``lo``..``hi`` widened to whole tick steps, so the axis starts and ends on a round number."""
    step = tick_step(lo, hi, ticks)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def decimals_for(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


class EdgeAxes(Axes):
    """Axes that cross at the lower-left corner of their ranges (a chart, not a plane).

    The y axis stands at the left end of the x range instead of at x = 0, so it
    never cuts through the middle of a bell curve; ``c2p`` stays consistent.
    """

    @staticmethod
    def _origin_shift(axis_range) -> float:
        return axis_range[0]


def axis_exponent(lo: float, hi: float) -> int:
    """The power of ten an axis over ``lo``..``hi`` counts in: 0 for everyday numbers; for a teacher's
    data in the tens of thousands and up (or all below 0.01) a multiple of 3 that leaves 1 to 999,
    so a tick reads ``200`` under ``× 10^3``, not ``200,000`` (which runs off the frame's edge)."""
    biggest = max(abs(lo), abs(hi))
    if biggest == 0 or 0.01 <= biggest < 1e4:
        return 0
    return 3 * math.floor(math.log10(biggest) / 3 + 1e-9)


def chart_axes(
    x_range,
    y_range,
    *,
    width: float,
    height: float,
    x_ticks: int = 6,
    y_ticks: int = 4,
    y_numbers: bool = True,
    edge_axes: bool = True,
) -> Axes:
    """Axes with Typst tick numbers at a tidy step (1, 2, 5 x 10^k).

    ``edge_axes`` (default) puts the axes at the bottom-left of the ranges;
    False gives manim's usual axes crossing at 0. An axis of very large or very
    small numbers counts in a power of ten (:func:`axis_exponent`), shown as
    ``× 10^k`` past its last tick number (``axes.factor_labels``, inside ``width`` x ``height``).
    """
    (x0, x1), (y0, y1) = x_range, y_range
    xs, ys = tick_step(x0, x1, x_ticks), tick_step(y0, y1, y_ticks)
    x_exp, y_exp = axis_exponent(x0, x1), axis_exponent(y0, y1) if y_numbers else 0
    sizes = {"x": 20 * NUMBER_SCALE, "y": 18 * NUMBER_SCALE}
    factors = {k: _factor_label(e, sizes[k]) for k, e in (("x", x_exp), ("y", y_exp)) if e}
    if "x" in factors:
        width -= factors["x"].width + FACTOR_BUFF
    if "y" in factors:
        height -= factors["y"].height + FACTOR_BUFF
    label = style.label_constructor()
    cls = EdgeAxes if edge_axes else Axes
    axes = cls(
        x_range=(x0, x1, xs),
        y_range=(y0, y1, ys),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"stroke_color": style.MUTED, "stroke_width": 2, "include_ticks": True},
        x_axis_config={
            "include_numbers": True,
            "label_constructor": label,
            "font_size": sizes["x"],
            "decimal_number_config": {"num_decimal_places": decimals_for(xs / 10.0**x_exp)},
            # numbers only on ticks inside the range, so none hang off the ends
            "numbers_to_include": [round(v, 10) for v in np.arange(math.ceil(x0 / xs - 1e-9) * xs, x1 + 1e-9, xs)],
            "numbers_to_exclude": [] if edge_axes else [0],
        },
        y_axis_config={
            "include_numbers": y_numbers,
            "label_constructor": label,
            "font_size": sizes["y"],
            "decimal_number_config": {"num_decimal_places": decimals_for(ys / 10.0**y_exp)},
            "numbers_to_exclude": [0] if y0 == 0 else [],
        },
    )
    for axis in (axes.x_axis, axes.y_axis):
        _drop_ticks_past_the_ends(axis)
    _count_in(axes.x_axis, x_exp)
    _count_in(axes.y_axis, y_exp)
    style.localise_ticks(axes)  # 0,5 in German
    for axis in (axes.x_axis, axes.y_axis):  # manim draws them white: unseen on the light theme
        if getattr(axis, "numbers", None) is not None:
            axis.numbers.set_color(style.TEXT)
    axes.exponents = (x_exp, y_exp)
    axes.factor_labels = VGroup(*factors.values())
    if "x" in factors:  # right of the last tick number, on its row
        last = max(axes.x_axis.numbers, key=lambda m: m.get_right()[0])
        factors["x"].next_to(last, RIGHT, buff=FACTOR_BUFF).align_to(last, DOWN)
    if "y" in factors:  # above the column of tick numbers, flush right, or left when wider than it
        column = axes.y_axis.numbers
        above = max(column.get_top()[1], axes.y_axis.get_end()[1])
        left = max(column.get_left()[0], column.get_right()[0] - factors["y"].width)
        factors["y"].move_to([left + factors["y"].width / 2, above + FACTOR_BUFF + factors["y"].height / 2, 0.0])
    axes.add(axes.factor_labels)
    return axes


FACTOR_BUFF = 0.12


def _factor_label(exponent: int, font_size: float) -> Mobject:
    """``× 10^exponent`` at the size of an axis' tick numbers."""
    return style.math(f"times 10^({exponent})", rf"\times 10^{{{exponent}}}",
                      size=font_size / style.TYPST_SCALE, color=style.MUTED)


def _drop_ticks_past_the_ends(axis) -> None:
    """manim pads an axis' end by 1e-6 when it places ticks: an axis of millionths (the density of
    house prices) gets a tick a whole step past its end, which the chart's layout does not know of."""
    lo, hi, step = axis.x_range[:3]
    keep = [t for t in axis.ticks if lo - 1e-3 * step <= axis.point_to_number(t.get_center()) <= hi + 1e-3 * step]
    axis.ticks.submobjects = keep


def _count_in(axis, exponent: int) -> None:
    """Rewrite ``axis``' tick numbers as multiples of 10^exponent, each where manim put its own."""
    if not exponent or getattr(axis, "numbers", None) is None:
        return
    for i, old in enumerate(axis.numbers.submobjects):
        # a style.Number has the language's decimal sign already: localise_ticks leaves it as it is
        new = style.Number(old.number / 10.0**exponent, font_size=axis.font_size, mob_class=old.mob_class,
                           **axis.decimal_number_config)
        new.next_to(axis.number_to_point(old.number), direction=axis.label_direction, buff=axis.line_to_number_buff)
        if old.number < 0 and axis.label_direction[0] == 0:
            new.shift(new[0].width * LEFT / 2)  # as manim: centred on the digits, not the minus sign
        axis.numbers.submobjects[i] = new


def points(axes: Axes, xs, ys, *, clip: bool = True) -> np.ndarray:
    """Frame points of (xs, ys) as an (n, 3) array, y clipped to the axes' range unless ``clip=False``."""
    y0, y1 = axes.y_range[0], axes.y_range[1]
    xs = np.asarray(xs, dtype=float).reshape(-1)
    ys = np.asarray(ys, dtype=float).reshape(-1)
    if clip:
        ys = np.clip(ys, y0, y1)
    # the axes are linear: three c2p calls give the map (c2p on long arrays costs ~10 ms)
    x0 = axes.x_range[0]
    corner, right, up = np.asarray(axes.c2p([x0, x0 + 1.0, x0], [y0, y0, y0 + 1.0]), dtype=float).T
    return corner + np.outer(xs - x0, right - corner) + np.outer(ys - y0, up - corner)


def _bar_corners(axes: Axes, edges, heights, gap: float) -> np.ndarray:
    """(bins, 5, 3): each bar's outline, closed, from its bottom-left corner."""
    edges = np.asarray(edges, dtype=float)
    heights = np.clip(np.asarray(heights, dtype=float), 0.0, axes.y_range[1])
    w = np.diff(edges) * gap
    a, b = edges[:-1] + w, edges[1:] - w
    base_a, base_b = points(axes, a, np.zeros_like(a)), points(axes, b, np.zeros_like(b))
    # a zero bar keeps a hair of height so it can grow by transform
    lift = np.maximum(points(axes, a, heights)[:, 1] - base_a[:, 1], 0.004)
    up = np.zeros_like(base_a)
    up[:, 1] = lift
    return np.stack([base_a, base_b, base_b + up, base_a + up, base_a], axis=1)


def bars(axes: Axes, edges, heights, color, *, opacity: float = 0.65, gap: float = 0.06) -> VGroup:
    """One rectangle per bin (``len(edges) - 1`` of them); heights change with :func:`set_bars`."""
    out = VGroup()
    for corners in _bar_corners(axes, edges, heights, gap):
        rect = VMobject(stroke_width=1, stroke_color=color, fill_color=color, fill_opacity=opacity)
        rect.set_points_as_corners(corners)
        out.add(rect)
    out.gap = gap
    return out


def set_bars(group: VGroup, axes: Axes, edges, heights) -> VGroup:
    """Give the bars of :func:`bars` new heights in place (same number of bins)."""
    for rect, corners in zip(group.submobjects, _bar_corners(axes, edges, heights, getattr(group, "gap", 0.06))):
        rect.set_points_as_corners(corners)
    return group


def curve(axes: Axes, xs, ys, color, *, stroke_width: float = 4) -> VMobject:
    """A polyline through (xs, ys), clipped to the axes' y range."""
    line = VMobject(stroke_color=color, stroke_width=stroke_width)
    return set_curve(line, axes, xs, ys)


def set_curve(line: VMobject, axes: Axes, xs, ys) -> VMobject:
    line.set_points_as_corners(points(axes, xs, ys))
    return line


def area_under(axes: Axes, xs, ys, color, *, opacity: float = 0.35) -> VMobject:
    """The region between the curve and the x axis, filled."""
    area = VMobject(stroke_width=0, fill_color=color, fill_opacity=opacity)
    return set_area(area, axes, xs, ys)


def set_area(area: VMobject, axes: Axes, xs, ys) -> VMobject:
    xs = np.asarray(xs, dtype=float)
    ys = np.clip(np.asarray(ys, dtype=float), 0.0, None)
    xx = np.concatenate([[xs[0]], xs, [xs[-1], xs[0]]])
    yy = np.concatenate([[0.0], ys, [0.0, 0.0]])
    area.set_points_as_corners(points(axes, xx, yy))
    return area


def span_marker(color, *, stroke_width: float = 4) -> VMobject:
    """A horizontal span with end ticks, |---|, placed with :func:`set_span`."""
    return VMobject(stroke_color=color, stroke_width=stroke_width)


def set_span(mark: VMobject, left: np.ndarray, right: np.ndarray, tick: float = 0.12) -> VMobject:
    up = np.array([0.0, tick, 0.0])
    mark.set_points_as_corners(np.array([left + up, left - up]))
    mark.start_new_path(left)
    mark.add_line_to(right)
    mark.start_new_path(right + up)
    mark.add_line_to(right - up)
    return mark


def panel(
    *rows: Mobject,
    top: float,
    width: float = PANEL_WIDTH,
    buff: float = 0.3,
    fit_rows: bool = False,
    share: float | None = None,
    beside: bool | None = None,
) -> VGroup:
    """Readout rows stacked at the right edge, left-aligned, shrunk to fit the panel.

    ``fit_rows``: a row too wide for the panel shrinks alone first, so one long
    row (a longer language's words) does not shrink every other row with it.
    ``share``: the panel's part of the height when it sits below the picture (see
    :func:`scenes.frame.split`; give :func:`chart_box` the same).
    ``beside``: at the right edge even in a tall or square frame (default: only in a wide one).
    """
    if fit_rows:
        for r in rows:
            style.fit_width(r, width - ROOM_MARGIN)
    if not (not frame.stacked() if beside is None else beside):  # below the picture, the frame's full width
        return frame.fill_panel(rows, frame.split(top, frame.content_bottom(), width, share=share)[1], buff=buff)
    group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=buff)
    style.fit_into(group, width - 0.3, top + config.frame_height / 2 - style.caption_band() - 0.3)
    right = config.frame_width / 2 - style.EDGE
    group.next_to(np.array([right - width + 0.15, top - 0.1, 0.0]), DOWN + RIGHT, buff=0)
    return group


def panel_words(content: str, *, size: float, color=None, weight: str = "NORMAL", width: float = PANEL_WIDTH):
    """Words for a panel row: one line if they fit (or nearly: up to a fifth smaller), else two lines
    broken nearest the middle (style.two_lines: at a space, or between CJK characters), so a longer
    language's heading stays readable."""
    color = style.TEXT if color is None else color
    room = width - ROOM_MARGIN
    t = style.text(content, size=size, color=color, weight=weight)
    halves = None if t.width <= room / 0.8 or "\n" in content else style.two_lines(content)
    if halves is not None:
        t = style.text("\n".join(halves), size=size, color=color, weight=weight)
    return style.fit_width(t, room)


def panel_backing(group: Mobject) -> BackgroundRectangle:
    return BackgroundRectangle(group, color=style.BACKGROUND, fill_opacity=0.9, buff=0.15)


def chart_box(
    scene, *, panel_width: float = PANEL_WIDTH, share: float | None = None
) -> tuple[float, float, float, float]:
    """Left, right, bottom, top of the chart area (room kept for tick numbers).

    ``share``: the panel's part of the height when it sits below the chart (as for :func:`panel`).
    """
    if frame.stacked():  # the picture on top, the frame's full width; the panel below it
        split = frame.split(scene.content_top - 0.1, scene.content_bottom, panel_width, share=share)
        left, right, bottom, top = split[0]
        return left + 0.55, right, bottom + 0.45, top
    left = -config.frame_width / 2 + style.EDGE + 0.55
    right = config.frame_width / 2 - style.EDGE - panel_width - 0.2
    return left, right, scene.content_bottom + 0.45, scene.content_top - 0.1


def place_axes(axes: Axes, box) -> Axes:
    """Centre ``axes`` in ``box``; tick numbers that would hang off the frame's side (the last one
    of a chart as wide as a tall frame: ``4,000``) move, or at worst shrink, the chart inside it."""
    left, right, bottom, top = box
    axes.move_to(np.array([(left + right) / 2, (bottom + top) / 2, 0.0]))
    lo, hi = frame_region()[:2]
    if axes.width > hi - lo:
        axes.scale((hi - lo) / axes.width)
    axes.shift(RIGHT * (max(0.0, lo - axes.get_left()[0]) - max(0.0, axes.get_right()[0] - hi)))
    return axes


def row(*parts: Mobject, buff: float = 0.15) -> VGroup:
    return VGroup(*parts).arrange(RIGHT, buff=buff)


def labelled(words: str, value_mob: Mobject) -> VGroup:
    """A readout row: ``words`` (label size), then the number beside them ("variance = 1.00")."""
    return row(style.text(words, size=style.LABEL_SIZE), value_mob)


def readouts_share(scene, rows, buff: float = 0.3) -> float | None:
    """The share of the height the readout ``rows`` (stacked ``buff`` apart, in one column or two) need
    below the picture of a tall or square frame, the picture taking the rest
    (:func:`scenes.frame.rows_share`); None in a wide frame. Give it to :func:`chart_box` and
    :func:`panel` both."""
    if not frame.stacked():
        return None
    return frame.rows_share(rows, scene.content_top - 0.1, scene.content_bottom, buff=buff)


def value(v: float, decimals: int = 2, color=None, size: float = style.LABEL_SIZE):
    """A readout number sized to sit beside label text (on top of ``style.number``'s own Typst scaling,
    serif digits need a little more to match the sans-serif words)."""
    color = style.TEXT if color is None else color
    return style.number(v, decimals, size=size * READOUT_SCALE, color=color)
