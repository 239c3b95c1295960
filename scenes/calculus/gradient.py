"""gradient: contour lines of f(x, y), gradient arrows across them, one point read out.

Storyboard: the contour map (equal units on both axes, so right angles look
right), the field of gradient arrows (perpendicular to the contours, longest
where they crowd), then one point: its contour, its gradient arrow at right
angles to it, and the plain-English reading. A zero gradient is narrated by
the kind the model finds (bottom, top, saddle, flat); so is an undefined point.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    BackgroundRectangle,
    Create,
    Dot,
    FadeIn,
    GrowArrow,
    Rectangle,
    VGroup,
    VMobject,
    config,
)

from intuition.words import T
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import GraphBox, contour_group, level_colors
from scenes.layout import place_labels

PANEL = 4.3
Y_LABEL_ROOM = 0.7  # left of the map, for the y tick numbers
X_LABEL_ROOM = 0.35  # below it, for the x tick numbers


def point_text(p) -> str:
    """A pair of numbers as the language writes it: (1.5, 2), or (1,5; 2) where the comma is the decimal mark."""
    return T("gradient.pair", "({x}, {y})", x=float(p[0]), y=float(p[1]))


def reading(model) -> list[str]:
    """The plain-English captions for the chosen point, for every kind the model reports."""
    at = point_text(model.point)
    kind = model.point_kind
    if kind == "slope":
        return [
            T(
                "gradient.uphill",
                "At {point} the gradient is {gradient}: it points straight uphill, across the contour.",
                point=at,
                gradient=point_text(model.gradient),
            ),
            T(
                "gradient.length",
                "Its length, {length}, is the steepness: one step that way raises f by about that much.",
                length=model.gradient_norm,
            ),
        ]
    if kind == "undefined":
        return [
            T(
                "gradient.undefined",
                "f is not defined at {point}, so there is no height and no gradient there.",
                point=at,
            )
        ]
    if kind == "minimum":
        text = T(
            "gradient.zero_minimum",
            "At {point} the gradient is zero: the ground is flat here, at the bottom of a valley.",
            point=at,
        )
    elif kind == "maximum":
        text = T(
            "gradient.zero_maximum",
            "At {point} the gradient is zero: the ground is flat here, at the top of a hill.",
            point=at,
        )
    elif kind == "saddle":
        text = T(
            "gradient.zero_saddle",
            "At {point} the gradient is zero: yet it is a saddle: uphill one way, downhill the other.",
            point=at,
        )
    elif kind == "flat":
        text = T("gradient.zero_flat", "At {point} the gradient is zero: the ground is flat all around.", point=at)
    else:
        text = T("gradient.zero", "At {point} the gradient is zero: the ground is flat here.", point=at)
    return [text]


class Gradient(IntuitionScene):
    """Contours, gradient arrows, and one point's gradient with its reading.

    Parameters: f (formula in x, y), x_range, y_range, point, arrow_count, title.
    """

    def construct(self) -> None:
        self.build_stage()
        self.draw_contours()
        self.draw_arrows()
        self.read_point()
        self.wait(1.5)

    def build_stage(self) -> None:
        m = self.model
        self.show_title()
        fw = config.frame_width
        top, bottom = self.content_top - 0.1, self.content_bottom + 0.35
        self.build_panel()
        if frame.stacked():
            # the contour map at the frame's full width on top, the numbers panel below it
            bottom = self.content_bottom
            width = fw - 2 * style.EDGE
            span = (m.y_range[1] - m.y_range[0]) / max(m.x_range[1] - m.x_range[0], 1e-9)
            ratio = ((width - Y_LABEL_ROOM) * span + X_LABEL_ROOM) / width
            share = frame.fitted_share(ratio, top, bottom)
            rows = [self.f_row, self.legend, self.grad_row, self.info]
            column = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
            across = None
            if column.height > share * (top - bottom) - frame.GAP / 2:
                # no room for one column under the map (a square frame): the rows side by side in a
                # panel just as high as they are, which leaves the map the rest
                head = VGroup(self.f_row, self.legend).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
                across = VGroup(head, self.grad_row, self.info).arrange(RIGHT, aligned_edge=UP, buff=0.5)
                style.fit_width(across, width)
                share = min(share, (across.height + frame.GAP / 2 + 0.05) / (top - bottom))
            (left, right, pic_bottom, pic_top), self.panel_box = frame.split(top, bottom, PANEL + 0.3, share=share)
            region = (left + Y_LABEL_ROOM, right, pic_bottom + X_LABEL_ROOM, pic_top)
            self.panel_left = self.panel_box[0]
            self.panel_width = self.panel_box[1] - self.panel_box[0]
            if across is None:
                frame.fill_panel(rows, self.panel_box, buff=0.3)
            else:
                p_left, _, p_bottom, p_top = self.panel_box
                style.fit_into(across, self.panel_width, p_top - p_bottom)
                across.move_to(np.array([p_left + across.width / 2, p_top - across.height / 2, 0.0]))
        else:
            left = -fw / 2 + style.EDGE + Y_LABEL_ROOM
            right = fw / 2 - style.EDGE - PANEL - 0.3
            region = (left, right, bottom, top)
            self.panel_box = None
            self.panel_left = right + 0.45
            self.panel_width = fw / 2 - style.EDGE - self.panel_left
            self.panel_row(self.f_row)
            self.panel_row(self.legend, self.f_row, buff=0.25)
            self.panel_row(self.grad_row, self.legend, buff=0.35)
            self.panel_row(self.info, self.grad_row, buff=0.4)
        self.box = GraphBox.equal_aspect(m.x_range, m.y_range, region)
        self.cell = min(self.box.width, self.box.height) / self.params.arrow_count

    def build_panel(self) -> None:
        """Every row of the numbers panel, made once (placed by :meth:`build_stage`): f(x, y), the
        legend, the gradient formula, the point's readout."""
        m = self.model
        self.f_row = style.math(f"f(x, y) = {m.f_typst}", f"f(x, y) = {m.f_latex}")
        # a legend: low ground blue, high ground orange
        cols = level_colors(max(2, len(m.levels)))
        low = style.text(T("gradient.low", "low"), size=style.SMALL_SIZE, color=cols[0])
        high = style.text(T("gradient.high", "high"), size=style.SMALL_SIZE, color=cols[-1])
        bar = VGroup(*(VMobject().set_points_as_corners([[0, 0, 0], [0.25, 0, 0]]).set_stroke(c, 6) for c in cols))
        bar.arrange(buff=0)
        self.legend = VGroup(low, bar, high).arrange(buff=0.15)
        self.grad_row = style.math(
            f"nabla f = vec({m.gradient_typst[0]}, {m.gradient_typst[1]})",
            rf"\nabla f = \begin{{pmatrix}} {m.gradient_latex[0]} \\ {m.gradient_latex[1]} \end{{pmatrix}}",
            color=style.ACCENT,
        )
        at = T("gradient.at_point", "at {point}:", point=point_text(m.point))
        rows = [style.text(at, size=style.SMALL_SIZE, color=style.VECTOR)]
        if m.gradient is not None:
            gx, gy, sep = style.fmt(m.gradient[0]), style.fmt(m.gradient[1]), style.list_separator()
            rows.append(
                style.math(
                    f"nabla f = ({gx}{sep} {gy})",
                    rf"\nabla f = ({gx}{sep}\ {gy})",
                    size=style.LABEL_SIZE,
                    color=style.VECTOR,
                )
            )
            steep = T("gradient.steepness", "steepness |∇f| = {length}", length=m.gradient_norm)
            rows.append(style.text(steep, size=style.SMALL_SIZE, color=style.VECTOR))
        else:
            none = T("gradient.undefined_here", "f is undefined here")
            rows.append(style.text(none, size=style.SMALL_SIZE, color=style.NEGATIVE))
        self.info = VGroup(*rows).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.15)

    def panel_row(self, mob, below=None, buff: float = 0.3):
        style.fit_width(mob, self.panel_width)
        top = self.content_top - 0.2 if below is None else below.get_bottom()[1] - buff
        mob.move_to(np.array([self.panel_left + mob.width / 2, top - mob.height / 2, 0]))
        return mob

    # --- storyboard steps ---------------------------------------------------------------

    def draw_contours(self) -> None:
        m = self.model
        left, r, b, t = self.box.region
        self.frame_rect = Rectangle(width=r - left, height=t - b, color=style.GRID_FAINT, stroke_width=2)
        self.frame_rect.move_to(np.array([(left + r) / 2, (b + t) / 2, 0]))
        self.axes = self.box.axes(x_ticks=4, y_ticks=4, at_edge=True)
        # the axes themselves, faint, through the origin when it is in view
        self.axes.add(self.box.axes(numbers=False, x_ticks=1, y_ticks=1, color=style.GRID_FAINT)[:2])
        self.contours = contour_group(self.box, m.levels, m.contours.segments)
        self.add(self.frame_rect)
        if m.levels:
            self.caption(
                T(
                    "gradient.contours",
                    "Each line joins points of equal height f(x, y); where the lines crowd, the ground is steep.",
                ),
                animate=False,
            )
        else:
            self.caption(
                T("gradient.no_contours", "f has the same height everywhere: there are no contour lines to draw."),
                animate=False,
            )
        self.play(FadeIn(self.axes), FadeIn(self.f_row), run_time=0.8)
        if len(self.contours):
            self.play(Create(self.contours, lag_ratio=0.1), run_time=2.0)
        if m.levels:
            self.play(FadeIn(self.legend), run_time=0.4)

    def arrow_vector(self, g, scale: float = 1.0) -> np.ndarray | None:
        """The drawn arrow (frame units) for gradient ``g``: capped at 0.9 cell, None when it is nothing."""
        m = self.model
        g = np.asarray(g, dtype=float)
        n = float(np.linalg.norm(g))
        if not np.isfinite(n) or m.max_arrow_norm <= 0 or n < 1e-9:
            return None
        length = 0.9 * self.cell * scale * min(n / m.max_arrow_norm, 1.0)
        if scale > 1:  # the one arrow the viewer reads: long enough to see its direction
            length = max(length, 0.9)
        if length < 0.06:
            return None
        return np.array([g[0], g[1], 0.0]) / n * length

    def draw_arrows(self) -> None:
        m = self.model
        arrows = VGroup()
        cols = level_colors(11, style.MUTED, style.ACCENT)
        for pos, g in zip(m.arrow_positions, m.arrow_gradients):
            v = self.arrow_vector(g)
            if v is None:
                continue
            frac = min(float(np.linalg.norm(g)) / m.max_arrow_norm, 1.0)
            centre = self.box.point(*pos)
            arrows.add(
                Arrow(
                    centre - v / 2,
                    centre + v / 2,
                    buff=0,
                    color=cols[round(10 * frac)],
                    stroke_width=3,
                    max_tip_length_to_length_ratio=0.35,
                    max_stroke_width_to_length_ratio=10,
                )
            )
        self.arrows = arrows
        self.caption(T("gradient.arrows", "The gradient points uphill, and its length says how steep."))
        if len(arrows):
            self.play(FadeIn(self.grad_row), *(GrowArrow(a) for a in arrows), run_time=1.5)
        else:
            self.play(FadeIn(self.grad_row), run_time=0.6)
        self.wait(0.8)

    def read_point(self) -> None:
        m = self.model
        p = self.box.point(*m.point)
        level = self.box.contour(m.point_contour, style.VECTOR, stroke_width=5)
        dot = Dot(p, radius=0.08, color=style.VECTOR)
        info = self.info
        captions = reading(m)
        self.caption(captions[0])
        self.arrows.set_opacity(0.35)
        anims = [FadeIn(dot, scale=0.5), FadeIn(info)]
        if len(level.points):
            anims.append(Create(level))
        self.play(*anims, run_time=1.0)
        v = self.arrow_vector(m.gradient, scale=2.2) if m.gradient is not None and m.point_kind == "slope" else None
        if v is not None:
            arrow = Arrow(
                p,
                p + v,
                buff=0,
                color=style.VECTOR,
                stroke_width=6,
                max_tip_length_to_length_ratio=0.3,
                max_stroke_width_to_length_ratio=10,
            )
            d = v / np.linalg.norm(v)
            t = np.array([-d[1], d[0], 0.0])
            s = 0.18
            corner = VMobject(color=style.TEXT, stroke_width=2).set_points_as_corners(
                [p + s * t, p + s * t + s * d, p + s * d]
            )
            label = style.math("nabla f", r"\nabla f", size=style.LABEL_SIZE, color=style.VECTOR)
            place_labels([label], [p + v], [v], obstacles=self.obstacles() + [dot, arrow])
            # a dark patch behind it: the label is the colour of the contour it may sit on
            patch = BackgroundRectangle(label, color=style.BACKGROUND, fill_opacity=0.85, buff=0.06)
            self.play(GrowArrow(arrow), Create(corner), FadeIn(patch), FadeIn(label), run_time=1.0)
        self.bring_to_front(dot)
        for text in captions[1:]:
            self.wait(1.2)
            self.caption(text)
        self.wait(1.0)

    def obstacles(self) -> list:
        if self.panel_box is not None:
            left, right, bottom, top = self.panel_box
            panel = (left - 0.1, right + 0.1, bottom - 0.1, top + 0.1)
        else:
            panel = (self.panel_left - 0.1, config.frame_width / 2, self.content_bottom, config.frame_height / 2)
        return [m for m in (self._title_mob, self._caption_mob) if m is not None] + [panel]
