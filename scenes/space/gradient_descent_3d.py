"""gradient-descent-3d: a ball steps downhill on the surface z = f(x, y).

Every position, height and gradient drawn comes from ``self.model`` (the run
``intuition.optimisation.descend`` computes, lifted onto the surface by
``intuition.catalog.space.surface_descent``). Each step the ball rolls along
the step's path on the surface, its shadow moves on the floor below, and the
readouts are swapped once (never updated every frame). A run that leaves the
view rolls to the edge, turns red and stops. The camera turns slowly from the
ball's entrance to the end.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    BackgroundRectangle,
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Mobject,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    interpolate_color,
)

from intuition.words import T, num
from scenes import style
from scenes.base import quick_fade
from scenes.calculus.gradient_descent import overshoots as zigzags
from scenes.plane import PANEL_WIDTH, panel_group
from scenes.space.stage import FLOOR, LINES, MARKS, SURFACE, Arrow3DLite, SpaceScene, segment, set_layer

THETA0 = -120 * DEGREES
HEIGHT_SHARE = 0.55  # the surface's heights are drawn this tall, as a share of the floor's width
FLOOR_GAP = 0.18  # the floor sits this share of the height range below the lowest point
GROUND = style.Roles("GRID", "POSITIVE")  # the surface's colour from low ground to high (the theme's)
RIGHT = np.array([1.0, 0.0, 0.0])
BALL = 0.12  # the ball's radius on screen
LIGHT = np.array([-0.45, -0.55, 0.7]) / np.linalg.norm([-0.45, -0.55, 0.7])  # towards the light, fixed in space


def fmt_value(v: float) -> str:
    """A value as a person writes it, with enough decimals to show a small one: 0.00039, not 0."""
    if v == 0 or not np.isfinite(v):
        return num(v)
    decimals = int(np.clip(-np.floor(np.log10(abs(v))) + 1, 3, 6))
    return num(v, decimals)


def overshoots(model) -> bool:
    """Did the step that left the view jump uphill, past the bottom (rather than run off downhill)?"""
    if model.stop_reason == "undefined":
        return bool(zigzags(model))
    return model.escape_value > float(model.values[-1]) or zigzags(model)


def steps_shrink(model) -> bool:
    moves = np.linalg.norm(np.diff(model.points, axis=0), axis=1)
    return len(moves) < 2 or moves[-1] <= moves[-2]


def verdict(model) -> tuple[str, str]:
    """The panel's last row: what the run did, and its colour."""
    if model.diverged:
        if model.stop_reason == "undefined":
            return T(
                "gradient-descent-3d.stopped", "stopped at step {step}: f undefined", step=model.diverged_at
            ), style.NEGATIVE
        return T(
            "gradient-descent-3d.diverged", "diverged at step {step}: left the view", step=model.diverged_at
        ), style.NEGATIVE
    if model.outcome == "converged":
        return T("gradient-descent-3d.settled", "settled: the gradient is almost 0"), style.POSITIVE
    if model.outcome == "oscillating":
        return T("gradient-descent-3d.bouncing", "bouncing across the valley"), style.ACCENT
    return T(
        "gradient-descent-3d.still_going", "still going downhill after {steps} steps", steps=model.steps
    ), style.ACCENT


def outcome_caption(model) -> str:
    """One plain-English sentence on how the run ended."""
    lr = num(model.learning_rate, 3)
    if model.diverged:
        if model.stop_reason == "undefined":
            return T(
                "gradient-descent-3d.undefined",
                "Step {step} would land where f is undefined, so the run stops there.",
                step=model.diverged_at,
            )
        if overshoots(model):
            if model.diverged_at == 1:
                return T(
                    "gradient-descent-3d.first_jump",
                    "Learning rate {rate} is too large: the first step jumps past the bottom, out of the view.",
                    rate=lr,
                )
            return T(
                "gradient-descent-3d.overshoot",
                "Learning rate {rate} is too large: each step overshoots the bottom by more, so the run is stopped.",
                rate=lr,
            )
        return T(
            "gradient-descent-3d.runs_away",
            "The ground keeps falling away: the ball runs downhill out of the view, so the run is stopped.",
        )
    x, y = model.final_point
    if model.outcome == "converged":
        if model.gradient_norms[0] == 0:
            return T(
                "gradient-descent-3d.flat_start",
                "The ground is flat right where the ball starts: the gradient is 0, so no step moves it.",
            )
        return T(
            "gradient-descent-3d.settles",
            "The ball settles where the ground is flat, the gradient almost 0: f = {value} at ({x}, {y}).",
            value=fmt_value(model.final_value),
            x=round(float(x), 2),  # 1e-16 reads 0
            y=round(float(y), 2),
        )
    if model.outcome == "oscillating":
        return T(
            "gradient-descent-3d.oscillates",
            "Learning rate {rate} is large: the ball keeps jumping across the valley instead of settling.",
            rate=lr,
        )
    return T(
        "gradient-descent-3d.slow",
        "After {steps} steps the ball is still going downhill: small steps take a long time to arrive.",
        steps=model.steps,
    )


class GradientDescent3D(SpaceScene):
    """Gradient descent on the surface z = f(x, y), the ball's shadow on the floor.

    Parameters: f, start, learning_rate, steps, x_range, y_range, camera_turn, title.

    >>> class Saddle(GradientDescent3D):
    ...     f = "x**2 - y**2"
    ...     start = (-2.5, 0.2)
    """

    def construct(self) -> None:
        self.build_stage()
        self.place_ball()
        self.start_turning(self.turn_seconds())
        if self.model.gradient_norms[0] > 0:
            self.first_step()
            self.take_steps()
        self.read_outcome()

    def beat(self) -> float:
        return float(np.clip(7.0 / max(self.model.steps, 1), 0.25, 0.6))

    def turn_seconds(self) -> float:
        m = self.model
        if m.gradient_norms[0] == 0:
            return 3.8
        moves = len(m.points) - 1 + (1 if m.escape_path is not None else 0)
        # the first step (arrow, step, fade), the rest one beat each, then the outcome
        return 2.4 + max(moves - 1, 0) * self.beat() + (0.3 if m.diverged else 0) + 4.1

    # --- the picture's coordinates --------------------------------------------------------

    def lift(self, x, y, z) -> np.ndarray:
        """A math point (x, y, height) in scene units."""
        return self.to_scene(np.array([x, y, z], dtype=float))

    def floor_point(self, x, y) -> np.ndarray:
        return self.lift(x, y, self.floor_z)

    def ball_point(self, x, y, z) -> np.ndarray:
        return self.lift(x, y, z) + np.array([0, 0, 0.6 * BALL])

    # --- storyboard steps -----------------------------------------------------------------

    def build_stage(self) -> None:
        m, p = self.model, self.params
        self.show_title()
        (x0, x1), (y0, y1), (z0, z1) = m.x_range, m.y_range, m.z_range
        span = max(z1 - z0, 1e-9)
        self.floor_z = z0 - FLOOR_GAP * span
        weight = HEIGHT_SHARE * max(x1 - x0, y1 - y0) / span
        corners = np.array([[x, y, z] for x in (x0, x1) for y in (y0, y1) for z in (self.floor_z, z1)])
        self.set_view(corners, weights=(1.0, 1.0, weight))
        self.fit_camera(THETA0, p.camera_turn * DEGREES)
        self.floor = self.make_floor()
        self.surface = self.make_surface()
        self.build_panel()
        self.caption(
            T(
                "gradient-descent-3d.height",
                "The height of this surface is f(x, y): the lower the ground, the smaller f.",
            )
        )
        self.play(
            quick_fade(self.floor, fade_in=True, run_time=0.8),
            quick_fade(self.surface, fade_in=True, run_time=0.8),
            quick_fade(self.panel_bg, fade_in=True, run_time=0.8),
            quick_fade(self.head, fade_in=True, run_time=0.8),
        )
        self.wait(1.2)

    def make_floor(self) -> VGroup:
        m = self.model
        (x0, x1), (y0, y1) = m.x_range, m.y_range
        lines = VGroup()
        for x in np.linspace(x0, x1, 7):
            lines.add(segment(self.floor_point(x, y0), self.floor_point(x, y1), style.GRID_FAINT, 1.2))
        for y in np.linspace(y0, y1, 7):
            lines.add(segment(self.floor_point(x0, y), self.floor_point(x1, y), style.GRID_FAINT, 1.2))
        return set_layer(lines, FLOOR)

    def make_surface(self) -> VGroup:
        """Patches filled (no strokes: Cairo's cost is per patch and per stroke), in a checkerboard
        of two tones so the grid still reads, lit once from a fixed light (the light does not turn)."""
        m = self.model
        xs, ys, h = m.surface
        z0, z1 = m.z_range
        low, high = style.color(GROUND[0]), style.color(GROUND[1])
        patches = VGroup()
        for iy in range(len(ys) - 1):
            for ix in range(len(xs) - 1):
                quad = [(ix, iy), (ix + 1, iy), (ix + 1, iy + 1), (ix, iy + 1)]
                zs = np.array([h[j, i] for i, j in quad])
                if not np.all(np.isfinite(zs)) or np.all(zs > z1):
                    continue  # undefined there, or a spike cut off above the view
                zs = np.clip(zs, z0, z1)
                pts = [self.lift(xs[i], ys[j], z) for (i, j), z in zip(quad, zs)]
                share = float((zs.mean() - z0) / max(z1 - z0, 1e-9))
                colour = interpolate_color(low, high, share**0.7)
                normal = np.cross(pts[2] - pts[0], pts[3] - pts[1])
                normal = normal / max(float(np.linalg.norm(normal)), 1e-12) * (1 if normal[2] >= 0 else -1)
                light = 0.62 + 0.38 * max(0.0, float(np.dot(normal, LIGHT)))
                tone = 1.0 if (ix + iy) % 2 else 0.88
                colour = interpolate_color(style.color(style.BACKGROUND), colour, light * tone)
                patch = VMobject(fill_color=colour, fill_opacity=0.85, stroke_width=0)
                patch.set_points_as_corners([*pts, pts[0]])
                patch.space_centre = np.mean(pts, axis=0)  # for the depth sort: the surface never moves
                patches.add(patch)
        return set_layer(patches, SURFACE)

    def build_panel(self) -> None:
        m = self.model
        width = PANEL_WIDTH - 0.3
        formula = style.math(f"f(x, y) = {m.f_typst}", f"f(x, y) = {m.f_latex}", size=style.LABEL_SIZE)
        rule = style.math(
            "p_(k+1) = p_k - eta nabla f(p_k)", r"p_{k+1} = p_k - \eta\, \nabla f(p_k)",
            size=style.LABEL_SIZE, color=style.MUTED,
        )
        rate = style.text(
            T("gradient-descent-3d.rate", "learning rate η = {rate}", rate=num(m.learning_rate, 3)),
            size=style.SMALL_SIZE,
        )
        for row in (formula, rule, rate):
            style.fit_width(row, width)
        text, colour = verdict(m)
        self.verdict_row = style.fit_width(style.text(text, size=style.SMALL_SIZE, color=colour), width)
        self.readouts = self.readout_rows()
        self.panel = panel_group(formula, rule, rate, *self.readouts, self.verdict_row, top=self.content_top)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)
        self.head = VGroup(formula, rule, rate)
        self.pin(self.panel_bg, self.panel)

    def readout_rows(self) -> list[VGroup]:
        """step, x and y, f, |grad f|: words that stay, numbers that change once a step."""
        m = self.model
        x, y = m.points[0]
        size = style.LABEL_SIZE

        def readout(v: float, decimals: int, colour) -> Mobject:
            return style.number(v, decimals, size=size, color=colour)

        self.numbers = {
            "step": readout(0, 0, style.TEXT),
            "x": readout(x, 2, style.VECTOR),
            "y": readout(y, 2, style.VECTOR),
            "f": readout(float(m.values[0]), 3, style.TEXT),
            "grad": readout(float(m.gradient_norms[0]), 3, style.ACCENT),
        }
        n = self.numbers

        def row(*parts) -> VGroup:
            return VGroup(*parts).arrange(RIGHT, buff=0.15)

        return [
            row(style.text(T("gradient-descent-3d.step", "step"), size=size), n["step"]),
            VGroup(row(style.text("x =", size=size), n["x"]), row(style.text("y =", size=size), n["y"])).arrange(
                RIGHT, buff=0.45
            ),
            row(style.text("f =", size=size), n["f"]),
            row(style.text("|∇f| =", size=size, color=style.ACCENT), n["grad"]),
        ]

    def set_readouts(self, k: int) -> None:
        m = self.model
        x, y = m.points[k]
        values = {"step": k, "x": x, "y": y, "f": float(m.values[k]), "grad": float(m.gradient_norms[k])}
        for key, v in values.items():
            self.numbers[key].set_value(v)
            self.pin(self.numbers[key])  # set_value makes new glyphs: pin them too

    def place_ball(self) -> None:
        m = self.model
        x, y = m.points[0]
        z = float(m.values[0])
        self.ball = VGroup(
            Dot(radius=BALL, color=style.VECTOR),
            Dot(radius=0.35 * BALL, color=style.TEXT, fill_opacity=0.8).shift(np.array([-0.35, 0.35, 0]) * BALL),
        )
        self.ball.move_to(self.ball_point(x, y, z))
        set_layer(self.ball, MARKS)
        self.camera.add_fixed_orientation_mobjects(self.ball)
        self.shadow = Circle(radius=0.7 * BALL, color=style.MUTED, fill_opacity=0.55, stroke_width=0)
        self.shadow.move_to(self.floor_point(x, y))
        self.drop = segment(self.lift(x, y, z), self.floor_point(x, y), style.MUTED, 1.2, 0.6)
        set_layer(self.shadow, LINES)
        self.trail, self.shadow_trail = VGroup(), VGroup()
        self.add(self.trail, self.shadow_trail)
        self.caption(
            T(
                "gradient-descent-3d.ball",
                "A ball starts at ({x}, {y}); its shadow on the floor marks where it is in x and y.",
                x=round(float(x), 2),
                y=round(float(y), 2),
            )
        )
        self.pin(*self.readouts)
        self.play(FadeIn(self.ball, scale=0.5), FadeIn(self.shadow), Create(self.drop),
                  *(quick_fade(r, fade_in=True) for r in self.readouts), run_time=0.8)
        self.wait(0.8)

    def roll(self, path: np.ndarray, *, colour=None) -> list:
        colour = style.VECTOR if colour is None else colour
        """Animations that roll the ball along ``path`` (math points on the surface), tracing it."""
        scene_path = np.array([self.lift(*p) for p in path])
        trace = VMobject(stroke_color=colour, stroke_width=3.5)
        trace.set_points_as_corners(scene_path)
        shadow = VMobject(stroke_color=colour, stroke_width=2.0, stroke_opacity=0.45)
        shadow.set_points_as_corners([self.floor_point(p[0], p[1]) for p in path])
        set_layer(trace, MARKS - 1)
        set_layer(shadow, LINES)
        self.trail.add(trace)
        self.shadow_trail.add(shadow)
        n = len(path) - 1

        def move(_mob, alpha: float) -> None:
            s = alpha * n
            i = min(int(s), n - 1)
            p = path[i] + (s - i) * (path[i + 1] - path[i])
            self.ball.move_to(self.ball_point(*p))
            self.shadow.move_to(self.floor_point(p[0], p[1]))
            self.drop.put_start_and_end_on(self.lift(*p), self.floor_point(p[0], p[1]))

        return [Create(trace), Create(shadow), UpdateFromAlphaFunc(Mobject(), move)]

    def step(self, k: int, run_time: float) -> None:
        """Step k: roll along its path and swap the readouts, or roll off the edge when the run diverges there."""
        m = self.model
        if k < len(m.points):
            self.play(*self.roll(m.step_paths[k - 1]), run_time=run_time)
            self.set_readouts(k)
            return
        if m.escape_path is not None:
            self.play(*self.roll(m.escape_path, colour=style.NEGATIVE), run_time=run_time)
        self.play(self.ball[0].animate.set_color(style.NEGATIVE), run_time=0.3)

    def first_step(self) -> None:
        """Step 1, slowly: the arrow on the floor is the step, the learning rate times the gradient, downhill."""
        m = self.model
        self.caption(
            T(
                "gradient-descent-3d.rule",
                "Each step goes straight downhill: new point = old point minus learning rate times gradient.",
            )
        )
        p0 = m.points[0]
        target = m.points[1] if len(m.points) > 1 else m.escape_path[-1, :2] if m.escape_path is not None else p0
        a, b = self.floor_point(*p0), self.floor_point(*target)
        if np.linalg.norm(b - a) < 0.15:  # too short to draw as an arrow
            self.wait(0.8)
            self.step(1, 1.0)
            return
        arrow = Arrow3DLite(style.ACCENT, width=4)
        arrow.put(a, a + 1e-3 * (b - a))
        label = style.math("-eta nabla f", r"-\eta \nabla f", size=style.LABEL_SIZE, color=style.ACCENT)
        side = np.cross(b - a, np.array([0, 0, 1.0]))
        keeper = self.ride(
            [label],
            anchors=lambda: [(a + b) / 2],
            directions=lambda: [side],
            obstacles=lambda: [o for o in (self._title_mob, self._caption_mob, self.panel_bg) if o],
        )
        self.add(arrow)
        self.play(
            UpdateFromAlphaFunc(Mobject(), lambda _m, t: arrow.put(a, a + max(t, 1e-3) * (b - a))),
            FadeIn(label),
            run_time=0.8,
        )
        self.step(1, 1.0)
        self.play(FadeOut(arrow), FadeOut(label), run_time=0.3)
        self.unride(keeper)

    def take_steps(self) -> None:
        m = self.model
        last = m.diverged_at if m.diverged else len(m.points) - 1
        if last < 2:
            return
        if m.diverged and overshoots(m):
            self.caption(
                T(
                    "gradient-descent-3d.too_large",
                    "The learning rate is too large: the steps jump right across the valley, past the bottom.",
                )
            )
        elif m.outcome == "oscillating":
            self.caption(
                T(
                    "gradient-descent-3d.zigzag",
                    "The steps are so big that the ball jumps across the valley, from side to side.",
                )
            )
        elif m.diverged:
            self.caption(
                T(
                    "gradient-descent-3d.dropping",
                    "The ground keeps dropping away in this direction, so the gradient and the steps grow.",
                )
            )
        elif steps_shrink(m):
            self.caption(
                T(
                    "gradient-descent-3d.shorter",
                    "Where the ground is flatter the gradient is shorter, so the steps get shorter too.",
                )
            )
        else:
            self.caption(
                T(
                    "gradient-descent-3d.steeper",
                    "Here the ground gets steeper as the ball goes, so the gradient and the steps grow.",
                )
            )
        for k in range(2, last + 1):
            self.step(k, self.beat())

    def read_outcome(self) -> None:
        self.pin(self.verdict_row)
        self.caption(outcome_caption(self.model))
        self.play(quick_fade(self.verdict_row, fade_in=True), run_time=0.5)
        self.wait(3.0)
