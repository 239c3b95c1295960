"""A scene of your own, complete: the dot product as "length times shadow".

Render it like any scene of the catalog (poster, subtitles, manifest, gallery card)::

    python render.py render examples/dot_product.py:DotProduct -q l
    python render.py render examples/dot_product.py:DotProduct --set 'b=[-1,2]'
    python render.py describe examples/dot_product.py:DotProduct
    manim -ql examples/dot_product.py DotProduct

The file has the three parts every scene has: the parameters (typed, with
help and bounds), the math model (plain numpy: every number on screen comes
from it), and the storyboard (one short method per step, one idea each).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import Create, DashedLine, FadeIn, GrowArrow, Line, VGroup
from pydantic import field_validator

from scenes.kit import (
    Caption,
    IntuitionScene,
    PlaneStage,
    SceneParams,
    SceneSpec,
    Vector2,
    panel_group,
    param,
    place_labels,
    style,
)

# --- parameters ------------------------------------------------------------------------


class DotProductParams(SceneParams):
    a: Vector2 = param((3.0, 1.0), "the first vector (not zero)", allowed="2 numbers, -10..10", kind="vector")
    b: Vector2 = param((1.0, 2.0), "the second vector", allowed="2 numbers, -10..10", kind="vector")
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("a")
    @classmethod
    def a_has_a_direction(cls, a: tuple[float, float]) -> tuple[float, float]:
        if np.hypot(*a) < 1e-9:
            raise ValueError("must not be the zero vector (it has no direction for b to cast a shadow on)")
        return a


# --- the math model --------------------------------------------------------------------


@dataclass(frozen=True)
class DotProductModel:
    a: tuple[float, float]
    b: tuple[float, float]
    products: tuple[float, float]  # a_x b_x and a_y b_y
    dot: float
    length_a: float
    length_b: float
    shadow: float  # signed length of b's shadow on a's line
    shadow_point: tuple[float, float]  # where b's shadow ends
    angle_degrees: float | None  # None when b is the zero vector
    sign: str  # "positive", "zero" or "negative"
    bounds: tuple[float, float, float, float]  # what the picture must show


def dot_product(p: DotProductParams) -> DotProductModel:
    a, b = np.array(p.a), np.array(p.b)
    dot = float(a @ b)
    la, lb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    shadow = dot / la
    point = a / la * shadow
    angle = None if lb < 1e-12 else float(np.degrees(np.arccos(np.clip(dot / (la * lb), -1, 1))))
    sign = "zero" if abs(dot) < 1e-9 else ("positive" if dot > 0 else "negative")
    xs, ys = [0, a[0], b[0], point[0]], [0, a[1], b[1], point[1]]
    return DotProductModel(
        a=p.a,
        b=p.b,
        products=(float(a[0] * b[0]), float(a[1] * b[1])),
        dot=dot,
        length_a=la,
        length_b=lb,
        shadow=shadow,
        shadow_point=(float(point[0]), float(point[1])),
        angle_degrees=angle,
        sign=sign,
        bounds=(min(xs) - 0.5, max(xs) + 0.5, min(ys) - 0.5, max(ys) + 0.5),
    )


# --- the storyboard ----------------------------------------------------------------------


def factor(x: float) -> str:
    """A number as a factor in a product: negative ones in brackets, 3 . (-2)."""
    return f"({style.fmt(x)})" if x < 0 else style.fmt(x)


class DotProduct(IntuitionScene):
    """a . b: multiply matching coordinates and add, or: the length of a times the shadow b casts on it."""

    spec = SceneSpec(
        name="dot-product",
        title="The dot product: length times shadow",
        concept="dot product: how much two vectors point the same way",
        family="examples",
        params=DotProductParams,
        model=dot_product,
    )

    def construct(self) -> None:
        self.draw_vectors()
        self.multiply_coordinates()
        self.cast_shadow()
        self.read_sign()
        self.wait(1.5)

    def draw_vectors(self) -> None:
        m = self.model
        self.show_title()
        self.stage = stage = PlaneStage(m.bounds, top=self.content_top, bottom=self.content_bottom)
        self.add(stage.background_plane())
        self.arrow_a = stage.arrow(m.a, style.I_HAT)
        self.arrow_b = stage.arrow(m.b, style.VECTOR)
        self.label_a = style.math("a", size=style.MATH_SIZE, color=style.I_HAT)
        self.label_b = style.math("b", size=style.MATH_SIZE, color=style.VECTOR)
        place_labels(
            [self.label_a, self.label_b],
            stage.points([m.a, m.b]),
            [np.array([*m.a, 0.0]), np.array([*m.b, 0.0])],
            obstacles=[self._title_mob],
        )
        self.caption("Two arrows. How much do they point the same way?")
        self.play(GrowArrow(self.arrow_a), GrowArrow(self.arrow_b), run_time=1.2)
        self.play(FadeIn(self.label_a), FadeIn(self.label_b), run_time=0.5)

    def multiply_coordinates(self) -> None:
        m, f = self.model, factor
        (ax, ay), (bx, by) = m.a, m.b
        self.sum_row = style.math(
            f"a dot b = {f(ax)} dot {f(bx)} + {f(ay)} dot {f(by)} = {style.fmt(m.dot)}",
            rf"a \cdot b = {f(ax)} \cdot {f(bx)} + {f(ay)} \cdot {f(by)} = {style.fmt(m.dot)}",
        )
        self.panel = panel_group(self.sum_row, top=self.content_top)
        self.caption(f"Multiply matching coordinates and add them up: a · b = {style.fmt(m.dot)}.")
        self.play(FadeIn(self.sum_row), run_time=0.8)
        self.wait(1.0)

    def cast_shadow(self) -> None:
        m, f, stage = self.model, factor, self.stage
        along = stage.line_through(m.a, style.GRID_FAINT, stroke_width=2)
        drop = DashedLine(stage.point(m.b), stage.point(m.shadow_point), color=style.TEXT, stroke_opacity=0.7)
        # the shadow runs beside a's line, on the side away from b, so a's arrow does not hide it
        unit_a = np.array(m.a) / m.length_a
        normal = np.array([-unit_a[1], unit_a[0]])
        side = -1.0 if normal @ np.array(m.b) > 0 else 1.0
        offset = np.array([*(side * 0.14 * normal), 0.0])
        shadow = Line(
            stage.point((0, 0)) + offset, stage.point(m.shadow_point) + offset, color=style.HIGHLIGHT, stroke_width=7
        )
        rows = VGroup(
            style.math(f"|a| = {f(m.length_a)}", rf"|a| = {f(m.length_a)}", size=style.MATH_SIZE * 0.9),
            style.text(f"shadow of b on a: {style.fmt(m.shadow)}", size=style.SMALL_SIZE, color=style.HIGHLIGHT),
            style.math(
                f"{f(m.length_a)} times {f(m.shadow)} = {style.fmt(m.dot)}",
                rf"{f(m.length_a)} \times {f(m.shadow)} = {style.fmt(m.dot)}",
                size=style.MATH_SIZE * 0.9,
            ),
        )
        self.panel = panel_group(self.sum_row, *rows, top=self.content_top)
        self.caption("The same number: the length of a times the shadow b casts on a's line.")
        self.play(Create(along), run_time=0.6)
        self.play(Create(drop), Create(shadow), run_time=1.0)
        self.bring_to_front(self.arrow_a, self.arrow_b)
        self.play(FadeIn(rows), run_time=0.8)
        self.wait(1.5)

    def read_sign(self) -> None:
        m = self.model
        angle = "" if m.angle_degrees is None else f" (they are {m.angle_degrees:.0f}° apart)"
        words = {
            "positive": f"Positive: they point roughly the same way{angle}.",
            "zero": f"Zero: they are perpendicular{angle}; b casts no shadow on a.",
            "negative": f"Negative: they point roughly opposite ways{angle}; the shadow falls behind.",
        }
        self.caption(words[m.sign])
        self.wait(2.0)
