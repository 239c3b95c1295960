"""The dot product, read two ways, its sign as the angle crosses 90 degrees, and a neuron.

Storyboard: two arrows; multiply matching coordinates and add; the same number
as the length of a times the shadow b casts on a's line; b turns once around
and the product follows |a||b| cos(angle), zero at 90 degrees, negative past it;
a neuron's weighted sum w . x + bias is the same computation.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Circle,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Mobject,
    ValueTracker,
    VGroup,
    config,
)

from intuition.words import T, num
from scenes import style
from scenes.base import IntuitionScene
from scenes.layout import place_labels
from scenes.plane import PlaneStage, panel_group


def factor(x: float) -> str:
    """A number as a factor in a product: negative ones in brackets, 3 . (-2)."""
    return f"({style.fmt(x)})" if x < 0 else style.fmt(x)


def shown(x: float) -> float:
    """A number as a sentence shows it, to 2 decimals: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶."""
    return round(float(x), 2)


def factor_text(x: float) -> str:
    """:func:`factor` for a sentence: the number in the language's digits, a negative one in brackets."""
    return f"({num(shown(x))})" if shown(x) < 0 else num(shown(x))


def rotate(v, degrees: float) -> np.ndarray:
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return np.array([[c, -s], [s, c]]) @ np.asarray(v, dtype=float)


class DotProduct(IntuitionScene):
    """a . b: multiply matching coordinates and add, or the length of a times b's shadow on a.

    Parameters: a, b (2 numbers each), bias, sweep, show_neuron, title.

    Examples
    --------
    >>> class Perpendicular(DotProduct):
    ...     b = [-1, 3]
    """

    def construct(self) -> None:
        self.draw_vectors()
        self.multiply_coordinates()
        self.cast_shadow()
        if self.params.sweep and self.model.sweep_start_degrees is not None:
            self.turn_b_around()
        else:
            self.read_sign()
        if self.params.neuron:
            self.show_neuron()
        self.wait(1.5)

    # --- storyboard steps ---------------------------------------------------------------

    def draw_vectors(self) -> None:
        m = self.model
        self.show_title()
        self.stage = stage = PlaneStage(m.bounds, top=self.content_top, bottom=self.content_bottom)
        self.plane = stage.background_plane()
        self.add(self.plane)
        self.turn = ValueTracker(0.0)  # how far b has turned in the sweep, degrees
        self.arrow_a = stage.arrow(m.a, style.I_HAT)
        self.arrow_b = stage.arrow(m.b, style.VECTOR)
        self.label_a = style.math("a", size=style.MATH_SIZE, color=style.I_HAT)
        self.label_b = style.math("b", size=style.MATH_SIZE, color=style.VECTOR)
        self.place_vector_labels()
        self.caption(
            T("dot-product.two_arrows", "Two arrows. How much do they point the same way?")
            if m.length_b > 0
            else T("dot-product.zero_b", "An arrow a, and b = (0, 0): the zero vector, which points nowhere.")
        )
        self.play(GrowArrow(self.arrow_a), *([GrowArrow(self.arrow_b)] if m.length_b > 0 else []), run_time=1.2)
        self.play(FadeIn(self.label_a), FadeIn(self.label_b), run_time=0.5)

    def b_now(self) -> np.ndarray:
        return rotate(self.model.b, self.turn.get_value())

    def place_vector_labels(self) -> None:
        a, b = np.array(self.model.a), self.b_now()
        place_labels(
            [self.label_a, self.label_b],
            self.stage.points([a, b]),
            [np.array([*a, 0.0]), np.array([*b, 0.0])],
            obstacles=[m for m in (self._title_mob, getattr(self, "panel", None)) if m is not None],
        )

    def multiply_coordinates(self) -> None:
        m, f = self.model, factor
        (ax, ay), (bx, by) = m.a, m.b
        total = style.fmt(m.dot)
        self.sum_row = style.math(
            f"a dot b = {f(ax)} dot {f(bx)} + {f(ay)} dot {f(by)} = {total}",
            rf"a \cdot b = {f(ax)} \cdot {f(bx)} + {f(ay)} \cdot {f(by)} = {total}",
        )
        self.panel = panel_group(self.sum_row, top=self.content_top, box=self.stage.panel_box)
        self.caption(
            T(
                "dot-product.multiply",
                "Multiply matching coordinates and add them up: a · b = {total}.",
                total=shown(m.dot),
            )
        )
        self.play(FadeIn(self.sum_row), run_time=0.8)
        self.wait(1.0)

    def shadow_end(self) -> np.ndarray:
        a = np.array(self.model.a)
        return a / self.model.length_a * float(a @ self.b_now()) / self.model.length_a

    def shadow_lines(self) -> tuple[Mobject, Mobject]:
        """The dashed drop from b's tip to a's line, and the shadow beside a's line (off a's arrow)."""
        stage, m = self.stage, self.model
        end, b = self.shadow_end(), self.b_now()
        unit = np.array(m.a) / m.length_a
        normal = np.array([-unit[1], unit[0]])
        side = -1.0 if normal @ b > 0 else 1.0
        offset = np.array([*(side * 0.14 * normal), 0.0])
        drop = DashedLine(stage.point(b), stage.point(end), color=style.TEXT, stroke_opacity=0.7)
        if np.linalg.norm(end) < 1e-6:
            shadow = Line(stage.point((0, 0)), stage.point((0, 0)) + 1e-3 * RIGHT, stroke_width=0)
        else:
            behind = float(np.array(m.a) @ end) < 0
            shadow = Line(stage.point((0, 0)) + offset, stage.point(end) + offset,
                          color=style.NEGATIVE if behind else style.HIGHLIGHT, stroke_width=7)
        return drop, shadow

    def line_along_a(self) -> Line:
        """a's whole line, as far as the picture's bounds reach on either side of the origin."""
        m = self.model
        d = np.array(m.a) / m.length_a
        xmin, xmax, ymin, ymax = m.bounds

        def reach(sign: float) -> float:
            limits = [(xmax if sign * d[0] > 0 else xmin) / d[0] if abs(d[0]) > 1e-12 else np.inf,
                      (ymax if sign * d[1] > 0 else ymin) / d[1] if abs(d[1]) > 1e-12 else np.inf]
            return min(abs(v) for v in limits)

        return Line(self.stage.point(-reach(-1.0) * d), self.stage.point(reach(1.0) * d), color=style.GRID_FAINT,
                    stroke_width=2)

    def cast_shadow(self) -> None:
        m, f = self.model, factor
        self.along = self.line_along_a()
        self.drop, self.shadow = self.shadow_lines()
        size = style.MATH_SIZE * 0.9
        self.length_rows = VGroup(
            style.math(f"|a| = {style.fmt(m.length_a)}", rf"|a| = {style.fmt(m.length_a)}", size=size),
            style.text(
                T("dot-product.shadow", "shadow of b on a: {shadow}", shadow=shown(m.shadow)),
                size=style.SMALL_SIZE,
                color=style.HIGHLIGHT,
            ),
            style.math(f"{f(m.length_a)} times {f(m.shadow)} = {style.fmt(m.dot)}",
                       rf"{f(m.length_a)} \times {f(m.shadow)} = {style.fmt(m.dot)}", size=size),
        )
        self.panel = panel_group(self.sum_row, *self.length_rows, top=self.content_top, box=self.stage.panel_box)
        self.caption(
            T("dot-product.same_number", "The same number: the length of a times the shadow b casts on a's line.")
        )
        self.play(Create(self.along), run_time=0.6)
        self.play(Create(self.drop), Create(self.shadow), run_time=1.0)
        self.bring_to_front(self.arrow_a, self.arrow_b, self.label_a, self.label_b)
        self.play(FadeIn(self.length_rows), run_time=0.8)
        self.wait(1.5)

    def sign_words(self) -> str:
        m = self.model
        if m.angle_degrees is None:
            return {
                "positive": T("dot-product.positive", "Positive: they point roughly the same way."),
                "zero": T("dot-product.zero", "Zero: they are perpendicular; b casts no shadow on a."),
                "negative": T(
                    "dot-product.negative", "Negative: they point roughly opposite ways; the shadow falls behind."
                ),
            }[m.sign]
        angle = num(m.angle_degrees, 0)
        if m.sign == "positive":
            return T(
                "dot-product.positive_angle",
                "Positive: they point roughly the same way (they are {angle}° apart).",
                angle=angle,
            )
        if m.sign == "zero":
            return T(
                "dot-product.zero_angle",
                "Zero: they are perpendicular (they are {angle}° apart); b casts no shadow on a.",
                angle=angle,
            )
        return T(
            "dot-product.negative_angle",
            "Negative: they point roughly opposite ways (they are {angle}° apart); the shadow falls behind.",
            angle=angle,
        )

    def read_sign(self) -> None:
        if self.model.length_b == 0:
            self.caption(
                T("dot-product.zero_vector", "b is the zero vector: it casts no shadow, so a · b = 0 whatever a is.")
            )
        else:
            self.caption(self.sign_words())
        self.wait(2.0)

    def turn_b_around(self) -> None:
        m = self.model
        self.caption(self.sign_words())
        self.wait(1.5)
        # the fixed readouts were for b where it was: the sweep shows the live product instead
        cos_row = style.math("a dot b = |a| |b| cos theta", r"a \cdot b = |a|\,|b| \cos\theta")
        live = style.number(m.dot, 2, size=style.MATH_SIZE, color=style.NEGATIVE if m.dot < -1e-9 else style.HIGHLIGHT)
        now = style.text(T("dot-product.now", "a · b now:"), size=style.LABEL_SIZE)
        live_row = VGroup(now, live).arrange(RIGHT, buff=0.2)
        self.play(FadeOut(self.sum_row), FadeOut(self.length_rows), run_time=0.5)
        self.panel = panel_group(cos_row, live_row, top=self.content_top, box=self.stage.panel_box)
        self.play(FadeIn(cos_row), FadeIn(live_row), run_time=0.6)

        def follow(_mob: Mobject) -> None:
            b = self.b_now()
            self.stage.move_arrow(self.arrow_b, b, style.VECTOR)
            drop, shadow = self.shadow_lines()
            self.drop.become(drop)
            self.shadow.become(shadow)
            self.place_vector_labels()
            value = m.dot_after_turn(self.turn.get_value())
            live.set_value(value)
            live.set_color(style.NEGATIVE if value < -1e-9 else style.HIGHLIGHT)

        # on a's line, not on a helper added now: manim redraws every frame only the mobjects from
        # the first one with an updater onwards, and a's line lies under the shadow, arrows and labels
        self.along.add_updater(follow)
        # b's turns in order: perpendicular, opposite, perpendicular again, home (the first may be
        # "opposite" when b starts behind a)
        # a b that starts perpendicular (or opposite) is already at that stop: the turn goes on to the next
        stops = sorted(s for s in [*m.sweep_zero_crossings, m.sweep_opposite_turn] if s > 1e-6)
        perpendicular_seen = False
        lowest = shown(-m.length_a * m.length_b)
        previous = 0.0
        for stop in stops:
            if stop == m.sweep_opposite_turn:
                self.caption(
                    T(
                        "dot-product.opposite",
                        "Pointing opposite ways, the shadow falls behind: the product is at its lowest, {lowest}.",
                        lowest=lowest,
                    )
                )
            elif not perpendicular_seen:
                perpendicular_seen = True
                self.caption(
                    T(
                        "dot-product.perpendicular",
                        "Turn b around: where they are perpendicular (90°), the shadow and the product are zero.",
                    )
                )
            elif m.dot_after_turn(stop + 1) > 0:  # past it: positive again (b started ahead of a)...
                self.caption(
                    T(
                        "dot-product.perpendicular_again",
                        "Perpendicular again: zero, and past it the product is positive once more.",
                    )
                )
            else:  # ... or negative again (b started behind a)
                self.caption(
                    T(
                        "dot-product.perpendicular_again_negative",
                        "Perpendicular again: zero, and past it the product is negative again.",
                    )
                )
            self.play(self.turn.animate.set_value(stop), run_time=max(0.8, (stop - previous) / 60))
            self.wait(0.6)
            previous = stop
        # said as the last stretch begins, as every stop of the turn is: what this stretch does
        self.caption(T("dot-product.home", "The turn ends where b started: the same arrows, the same product."))
        self.play(self.turn.animate.set_value(360.0), run_time=max(0.8, (360.0 - previous) / 60))
        self.along.clear_updaters()
        self.wait(0.5)

    def show_neuron(self) -> None:
        m, f = self.model, factor
        self.caption(
            T(
                "dot-product.neuron",
                "A neuron does the same: weights w = a times inputs x = b, added up, plus a bias: "
                "{dot} + {bias} = {output}.",
                dot=shown(m.dot),
                bias=factor_text(m.neuron_bias),
                output=shown(m.neuron_output),
            )
        )
        picture = [mob for mob in self.mobjects if mob not in (self._title_mob, self._caption_mob)]
        self.play(*[FadeOut(mob) for mob in picture], run_time=0.6)
        diagram = self.neuron_diagram()
        bias = T("dot-product.bias", "bias")  # the one word in the formula
        formula = style.math(
            f"w dot x + \"{bias}\" = {f(m.a[0])} dot {f(m.b[0])} + {f(m.a[1])} dot {f(m.b[1])} + {f(m.neuron_bias)}"
            f" = {style.fmt(m.neuron_output)}",
            rf"w \cdot x + \text{{{bias}}} = {f(m.a[0])} \cdot {f(m.b[0])} + {f(m.a[1])} \cdot {f(m.b[1])}"
            rf" + {f(m.neuron_bias)} = {style.fmt(m.neuron_output)}",
        )
        style.fit_width(formula, config.frame_width - 2 * style.EDGE - 0.4)
        formula.next_to(diagram, DOWN, buff=0.45)
        group = VGroup(diagram, formula)
        style.fit_into(group, config.frame_width - 2 * style.EDGE, self.content_top - self.content_bottom - 0.3)
        group.move_to(np.array([0.0, (self.content_top + self.content_bottom) / 2, 0.0]))
        self.play(FadeIn(diagram), run_time=1.0)
        self.play(FadeIn(formula), run_time=0.8)
        self.wait(2.0)

    def neuron_diagram(self) -> VGroup:
        m = self.model
        r = 0.42
        inputs = VGroup(*[Circle(radius=r, color=style.VECTOR, stroke_width=3) for _ in range(2)])
        inputs.arrange(DOWN, buff=1.1).shift(2.6 * LEFT)
        neuron = Circle(radius=0.6, color=style.HIGHLIGHT, stroke_width=4).shift(1.4 * RIGHT)
        parts = VGroup(inputs, neuron)
        for k, node in enumerate(inputs):
            value = style.math(f"x_{k + 1} = {style.fmt(m.b[k])}", rf"x_{k + 1} = {style.fmt(m.b[k])}",
                               size=style.MATH_SIZE * 0.8, color=style.VECTOR)
            value.next_to(node, LEFT, buff=0.2)
            edge = Line(node.get_right(), neuron.get_left(), color=style.I_HAT, stroke_width=3)
            weight = style.math(f"w_{k + 1} = {style.fmt(m.a[k])}", rf"w_{k + 1} = {style.fmt(m.a[k])}",
                                size=style.MATH_SIZE * 0.8, color=style.I_HAT)
            weight.move_to(edge.point_from_proportion(0.45))
            weight.shift((0.38 if k == 0 else -0.38) * np.array([0.0, 1.0, 0.0]))
            parts.add(value, edge, weight)
        total = style.math("sum", r"\Sigma", size=style.MATH_SIZE, color=style.HIGHLIGHT).move_to(neuron)
        out = Line(neuron.get_right(), neuron.get_right() + 1.2 * RIGHT, color=style.HIGHLIGHT, stroke_width=3)
        result = style.number(m.neuron_output, 2, size=style.MATH_SIZE * 0.9, color=style.HIGHLIGHT)
        result.next_to(out, RIGHT, buff=0.15)
        parts.add(total, out, result)
        return parts
