"""matrix-transform written as one plain ManimCE Scene: the same grid, basis
arrows that follow the moving plane, unit square with a live area number,
vector, side panel, captions and timings, with none of the toolkit's layers
(no parameters, models, layout helpers, caption records or pipeline).

    manim -ql --disable_caching bench/plain_matrix_transform.py PlainMatrixTransform
"""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    ApplyMatrix,
    Arrow,
    BackgroundRectangle,
    Create,
    DashedLine,
    DecimalNumber,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTypst,
    NumberPlane,
    Polygon,
    Scene,
    Text,
    ValueTracker,
    VGroup,
    Write,
)

A = np.array([[2.0, 1.0], [1.0, 2.0]])
V = np.array([1.0, 2.0])
GREEN, RED, YELLOW, BLUE = "#6cc04a", "#e5534b", "#f2c94c", "#4fb3d9"


def text(s, size=26, color="#e6e8ee"):
    return Text(s, font="DejaVu Sans", font_size=size, color=color)


class PlainMatrixTransform(Scene):
    def caption(self, s):
        t = text(s, 24).to_edge(DOWN, buff=0.3)
        group = VGroup(BackgroundRectangle(t, fill_opacity=0.85, buff=0.12), t)
        old = getattr(self, "_cap", None)
        self.play(*([FadeOut(old)] if old else []), FadeIn(group), run_time=0.5)
        self._cap = group

    def construct(self):
        self.camera.background_color = "#0f1117"
        t = ValueTracker(0.0)
        scale, origin = 0.75, np.array([-3.0, -2.0, 0.0])

        def current():
            return np.eye(2) + t.get_value() * (A - np.eye(2))

        def point(v):
            return origin + scale * np.array([v[0], v[1], 0.0])

        def arrow(v, color):
            return Arrow(point((0, 0)), point(v), buff=0, color=color, stroke_width=6)

        def follower(v, color):
            a = arrow(v, color)
            a.add_updater(lambda m: m.become(arrow(current() @ v, color)))
            return a

        title = text("A matrix moves the whole plane", 34).to_edge(UP)
        background = NumberPlane(x_range=(-8, 16), y_range=(-6, 12), background_line_style={"stroke_opacity": 0.15})
        grid = NumberPlane(x_range=(-8, 16), y_range=(-6, 12))
        for plane in (background, grid):
            plane.scale(scale).shift(origin - plane.c2p(0, 0))
        self.add(background, title)
        self.play(Create(grid, run_time=1.2, lag_ratio=0.05))

        i_hat, j_hat = follower(np.array([1.0, 0]), GREEN), follower(np.array([0, 1.0]), RED)
        i_lab, j_lab = MathTypst("hat(i)", color=GREEN), MathTypst("hat(j)", color=RED)
        i_lab.add_updater(lambda m: m.next_to(i_hat.get_end(), RIGHT, buff=0.1))
        j_lab.add_updater(lambda m: m.next_to(j_hat.get_end(), UP, buff=0.1))
        self.caption("A matrix is a recipe: its columns say where each basis arrow goes.")
        self.play(GrowArrow(i_hat), GrowArrow(j_hat))
        self.play(FadeIn(i_lab), FadeIn(j_lab), run_time=0.5)

        area = DecimalNumber(1.0, num_decimal_places=2, mob_class=MathTypst, font_size=34)
        rows = (
            VGroup(
                MathTypst("A = mat(2, 1; 1, 2)", font_size=39),
                text("î lands on (2, 1)", color=GREEN),
                text("ĵ lands on (1, 2)", color=RED),
                VGroup(text("area:"), area).arrange(RIGHT, buff=0.15),
                text("det A = 3", color=BLUE),
                MathTypst("A v = 1 dot vec(2, 1) + 2 dot vec(1, 2) = vec(4, 5)", font_size=34, color=YELLOW),
            )
            .arrange(DOWN, aligned_edge=LEFT)
            .to_corner(UP + RIGHT)
            .shift(DOWN * 0.8)
        )
        panel = BackgroundRectangle(rows, fill_opacity=0.9, buff=0.2)
        self.play(FadeIn(panel), Write(rows[0]))
        self.play(FadeIn(rows[1], shift=0.2 * DOWN), FadeIn(rows[2], shift=0.2 * DOWN))

        def square():
            corners = [point(current() @ np.array(c, dtype=float)) for c in ((0, 0), (1, 0), (1, 1), (0, 1))]
            return Polygon(*corners, color=BLUE, fill_opacity=0.3, stroke_width=2)

        sq = square()
        sq.add_updater(lambda m: m.become(square()))
        area.add_updater(lambda m: m.set_value(abs(np.linalg.det(current()))))
        self.add_foreground_mobjects(i_hat, j_hat)
        self.play(FadeIn(sq), FadeIn(rows[3]))
        self.wait(0.5)

        vec = follower(V, YELLOW)
        v_lab = MathTypst("v", color=YELLOW)
        v_lab.add_updater(lambda m: m.next_to(vec.get_end(), UP + RIGHT, buff=0.1))
        self.play(GrowArrow(vec), FadeIn(v_lab))
        self.caption("Watch î land on the first column and ĵ on the second; the grid lines stay straight.")
        M = np.eye(3)
        M[:2, :2] = A
        self.play(ApplyMatrix(M, grid, about_point=point((0, 0))), t.animate.set_value(1.0), run_time=3)
        area.clear_updaters().set_value(3.0)
        sq.clear_updaters()
        self.caption("The determinant is how much the transform scales area: here x3.")
        self.play(FadeIn(rows[4]), sq.animate.set_fill(opacity=0.55), run_time=0.8)
        self.wait(1.0)

        self.caption("Av is x copies of the first column plus y copies of the second.")
        part1 = Arrow(point((0, 0)), point(A[:, 0] * V[0]), buff=0, color=GREEN, stroke_width=4)
        part2 = Arrow(point(A[:, 0] * V[0]), point(A @ V), buff=0, color=RED, stroke_width=4)
        self.play(Create(part1), run_time=0.8)
        self.play(Create(part2), run_time=0.8)
        guide = DashedLine(point((0, 0)), point(A @ V), color=YELLOW)
        self.play(Create(guide), FadeIn(rows[5]), run_time=0.8)
        self.wait(1.5)
