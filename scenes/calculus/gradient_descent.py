"""gradient-descent: a dot steps downhill; side-by-side runs show the learning rate.

Every position, value and verdict drawn comes from ``intuition.optimisation``
(``self.model``): the dot visits the model's trajectory point by point, one
step per beat, so equal beats show the steps shrinking as the slope flattens.
A run the model marks ``diverged`` flies to the edge of its panel, turns red
and stops, with its verdict underneath. Numbers change once per step (a text
swap), never every frame.
"""

from __future__ import annotations

import numpy as np
from manim import (
    UP,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    VGroup,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import GraphBox, contour_group
from scenes.probability import charts

PANEL_GAP = 0.4
ROW = 0.42  # height of one text row (panel header, readout, verdict)


def math_point(model, p) -> tuple[float, float]:
    """Where a model point sits in its picture: (x, f(x)) on a curve, (x, y) on a map."""
    return (float(p[0]), float(p[1])) if model.dims == 2 else (float(p[0]), float("nan"))


def clip_towards(box: GraphBox, a, b) -> tuple[float, float]:
    """The last point of the segment a -> b that is still inside ``box`` (a is inside)."""
    (x0, x1), (y0, y1) = box.x_range, box.y_range
    t = 1.0
    for i, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
        d = b[i] - a[i]
        if d > 1e-15:
            t = min(t, (hi - a[i]) / d)
        elif d < -1e-15:
            t = min(t, (lo - a[i]) / d)
    t = max(0.0, t)
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def rate(x: float) -> str:
    """A learning rate, to 3 decimals, as the language writes it."""
    return num(x, 3)


def verdict_text(run, steps: int) -> str:
    if run.outcome == "diverged":
        if run.escape_point is None:
            return T(
                "gradient-descent.verdict_undefined",
                "diverged at step {step}: f is undefined there",
                step=run.diverged_at,
            )
        return T("gradient-descent.verdict_left", "diverged at step {step}: left the view", step=run.diverged_at)
    if run.outcome == "converged":
        return T("gradient-descent.verdict_settled", "settled: f = {value}", value=run.final_value)
    if run.outcome == "oscillating":
        return T("gradient-descent.verdict_bouncing", "bouncing from side to side")
    if steps == 1:
        return T("gradient-descent.verdict_going_one", "still going downhill after 1 step")
    return T("gradient-descent.verdict_going", "still going downhill after {steps} steps", steps=steps)


def overshoots(run) -> bool:
    """Did the run's last steps jump back and forth across the bottom (rather than run off one way)?"""
    pts = [np.asarray(p, float) for p in run.points]
    if run.escape_point is not None:
        pts.append(np.asarray(run.escape_point, float))
    if len(pts) < 3:
        return False
    a, b = pts[-2] - pts[-3], pts[-1] - pts[-2]
    return float(np.dot(a, b)) < 0


def divergence_caption(run) -> str:
    lr = rate(run.learning_rate)
    if run.escape_point is None:
        return T(
            "gradient-descent.diverged_undefined",
            "Learning rate {lr}: the run reached a place where f is undefined, so it stops there.",
            lr=lr,
        )
    if overshoots(run):
        return T(
            "gradient-descent.diverged_overshoots",
            "Learning rate {lr} is too large: each step overshoots more, until the run leaves the view.",
            lr=lr,
        )
    return T(
        "gradient-descent.diverged_jumps",
        "Learning rate {lr} is too large: its steps jump so far that the run leaves the picture.",
        lr=lr,
    )


def run_sentence(run) -> str:
    """What one of several side-by-side runs did, as a whole sentence."""
    lr = rate(run.learning_rate)
    if run.diverged:
        if overshoots(run):
            return T("gradient-descent.run_overshot", "Learning rate {lr} overshot and diverged.", lr=lr)
        return T("gradient-descent.run_diverged", "Learning rate {lr} diverged.", lr=lr)
    if run.outcome == "converged":
        return T("gradient-descent.run_settled", "Learning rate {lr} settled in a valley.", lr=lr)
    if run.outcome == "oscillating":
        return T("gradient-descent.run_bounces", "Learning rate {lr} bounces across the valley.", lr=lr)
    return T("gradient-descent.run_crawling", "Learning rate {lr} is still crawling downhill.", lr=lr)


def join_sentences(sentences: list[str]) -> str:
    """Sentences one after another: a space between them, none after a full-width stop (Chinese)."""
    out = ""
    for s in sentences:
        out += s if not out or out.endswith(("。", "！", "？")) else " " + s
    return out


def summary_caption(runs) -> str:
    """Plain English on what each learning rate did: one sentence per run."""
    if len(runs) == 1:
        r = runs[0]
        if r.diverged:
            return divergence_caption(r)
        if r.outcome == "converged":
            return T(
                "gradient-descent.lead_settled",
                "The steps shrink as the slope flattens, and the dot settles where the slope is 0.",
            )
        if r.outcome == "still-descending":
            return T(
                "gradient-descent.lead_crawling",
                "Every step went downhill, but the steps are small: it has not reached the bottom yet.",
            )
        return T(
            "gradient-descent.lead_bouncing",
            "The steps are big enough to jump over the bottom: the dot bounces from side to side.",
        )
    return join_sentences([run_sentence(r) for r in runs])


class GradientDescent(IntuitionScene):
    """Gradient descent on f(x) (a curve) or f(x, y) (a contour map), one panel per learning rate.

    Parameters: f, start, learning_rate or learning_rates (1 to 3 side by side),
    steps, x_range, y_range, title.

    >>> class Bowl(GradientDescent):
    ...     f = "x**2 + 3*y**2"
    ...     start = (-2.5, 2.0)
    ...     learning_rates = (0.05, 0.15, 0.34)
    """

    def construct(self) -> None:
        self.build_panels()
        self.first_step()
        self.take_steps()
        self.read_outcomes()
        self.wait(1.5)

    # --- storyboard steps ---------------------------------------------------------------

    def build_panels(self) -> None:
        m = self.model
        self.show_title()
        top, bottom = self.content_top, self.content_bottom
        fw = config.frame_width
        if m.dims == 1:
            formula_t, formula_l = f"f(x) = {m.f_typst}", f"f(x) = {m.f_latex}"
            rule_t, rule_l = "x_(k+1) = x_k - eta f'(x_k)", r"x_{k+1} = x_k - \eta\, f'(x_k)"
        else:
            formula_t, formula_l = f"f(x, y) = {m.f_typst}", f"f(x, y) = {m.f_latex}"
            rule_t, rule_l = "p_(k+1) = p_k - eta nabla f(p_k)", r"p_{k+1} = p_k - \eta\, \nabla f(p_k)"
        formula = style.math(formula_t, formula_l, size=style.LABEL_SIZE)
        rule = style.math(rule_t, rule_l, size=style.LABEL_SIZE, color=style.MUTED)
        self.header = VGroup(formula, rule).arrange(np.array([1, 0, 0]), buff=0.8)
        style.fit_into(self.header, fw - 2 * style.EDGE, 0.5)
        self.header.move_to(np.array([0, top - 0.27, 0]))
        n = len(m.runs)
        # a tall frame (9:16) stacks the panels one under another at full width, each with its words
        # right above and below it; wider frames keep them side by side
        in_rows = frame.stacked() and config.frame_height > 1.3 * fw
        if in_rows:
            width = fw - 2 * style.EDGE
            cell = (top - 0.75 - bottom - (n - 1) * PANEL_GAP) / n
        else:
            width = (fw - 2 * style.EDGE - (n - 1) * PANEL_GAP) / n
            g_top, g_bottom = top - 0.6 - ROW - 0.05, bottom + 2 * ROW + 0.1
        self.panels = []
        for i, run in enumerate(m.runs):
            if in_rows:
                left = -fw / 2 + style.EDGE
                cell_top = top - 0.75 - i * (cell + PANEL_GAP)
                g_top, g_bottom = cell_top - ROW - 0.05, cell_top - cell + 2 * ROW + 0.1
            else:
                left = -fw / 2 + style.EDGE + i * (width + PANEL_GAP)
            right = left + width
            colour = style.SERIES[i % len(style.SERIES)]
            region = (left + 0.55, right - 0.1, g_bottom + 0.35, g_top)
            if m.dims == 1:
                box = GraphBox(m.x_range, m.y_range, region)
                picture = VGroup(box.axes(x_ticks=4, y_ticks=4), box.curves(m.pieces, style.TEXT, 3))
            else:
                box = GraphBox.equal_aspect(m.x_range, m.y_range, region)
                picture = VGroup(
                    contour_group(box, m.contours.levels, m.contours.segments, 2), box.axes(x_ticks=4, y_ticks=4)
                )
            centre = (region[0] + region[1]) / 2
            head = style.text(
                T("gradient-descent.head", "learning rate {lr}", lr=rate(run.learning_rate)),
                size=style.LABEL_SIZE,
                color=colour,
            )
            style.fit_width(head, width)
            head.move_to(np.array([centre, g_top + ROW / 2 + 0.05, 0]))
            panel = {
                "run": run,
                "box": box,
                "colour": colour,
                "picture": picture,
                "head": head,
                "centre": centre,
                "width": width,
                "bottom": g_bottom,
                "trail": VGroup(),
                "readout": None,
                "active": True,
            }
            panel["dot"] = Dot(self.frame_point(panel, 0), radius=0.085, color=colour)
            self.panels.append(panel)
        self.add(*(p["picture"] for p in self.panels))
        self.caption(
            T(
                "gradient-descent.intro",
                "Gradient descent: each step goes a little downhill; the learning rate is the step size.",
            )
        )
        self.play(FadeIn(self.header), run_time=0.8)
        self.play(
            *(FadeIn(p["head"]) for p in self.panels), *(FadeIn(p["dot"], scale=0.5) for p in self.panels), run_time=0.8
        )
        for p in self.panels:
            self.set_readout(p, 0)

    def frame_point(self, panel, k: int) -> np.ndarray:
        run = panel["run"]
        p = run.points[k]
        if self.model.dims == 1:
            return panel["box"].point(float(p[0]), float(run.values[k]))
        return panel["box"].point(float(p[0]), float(p[1]))

    def math_xy(self, panel, k: int) -> tuple[float, float]:
        run = panel["run"]
        p = run.points[k]
        return (float(p[0]), float(run.values[k])) if self.model.dims == 1 else (float(p[0]), float(p[1]))

    def set_readout(self, panel, k: int) -> None:
        run = panel["run"]
        text = T("gradient-descent.readout", "step {k}:  f = {value}", k=k, value=num(float(run.values[k]), 3))
        new = style.text(text, size=style.SMALL_SIZE, color=style.TEXT)
        style.fit_width(new, panel["width"])
        new.move_to(np.array([panel["centre"], panel["bottom"] - 0.02, 0]))
        if panel["readout"] is not None:
            self.remove(panel["readout"])
        panel["readout"] = new
        self.add(new)

    def step_animations(self, panel, k: int, run_time: float) -> list:
        """Move the panel's dot from step k - 1 to step k (or off the edge, if the run diverges there)."""
        run, box = panel["run"], panel["box"]
        if k < len(run.points):
            a, b = self.frame_point(panel, k - 1), self.frame_point(panel, k)
            seg = Line(a, b, color=panel["colour"], stroke_width=2.5, stroke_opacity=0.75)
            panel["trail"].add(seg)
            return [Create(seg), panel["dot"].animate.move_to(b)]
        # the model stopped this run here: it diverged
        panel["active"] = False
        a_xy = self.math_xy(panel, k - 1)
        if run.escape_point is None:
            return [panel["dot"].animate.set_color(style.NEGATIVE).scale(1.6)]
        esc = run.escape_point
        if self.model.dims == 2:
            target = (esc[0], esc[1])
        elif run.escape_value is not None:
            target = (esc[0], run.escape_value)
        else:
            target = (esc[0], a_xy[1])
        end = box.point(*clip_towards(box, a_xy, target))
        start = box.point(*a_xy)
        seg = DashedLine(start, end, color=style.NEGATIVE, stroke_width=2.5, dash_length=0.1)
        panel["trail"].add(seg)
        return [Create(seg), panel["dot"].animate.move_to(end).set_color(style.NEGATIVE)]

    def first_step(self) -> None:
        """Step 1, slowly: the arrow is the step, learning rate times the slope."""
        arrows = []
        for p in self.panels:
            run, box = p["run"], p["box"]
            if len(run.points) < 2:
                continue
            a = self.frame_point(p, 0)
            if self.model.dims == 1:
                b = box.point(float(run.points[1][0]), float(run.values[0]))
            else:
                b = self.frame_point(p, 1)
            if np.linalg.norm(b - a) > 0.12:
                arrows.append(
                    Arrow(a, b, buff=0, color=p["colour"], stroke_width=4, max_tip_length_to_length_ratio=0.25)
                )
        if self.model.dims == 1:
            self.caption(
                T(
                    "gradient-descent.step_1d",
                    "Each step moves against the slope, by the learning rate times the slope.",
                )
            )
        else:
            self.caption(
                T(
                    "gradient-descent.step_2d",
                    "Each step goes straight downhill, against the gradient, by the learning rate times it.",
                )
            )
        if arrows:
            self.play(*(FadeIn(a) for a in arrows), run_time=0.8)
        anims = []
        for p in self.panels:
            if 1 <= self.model.steps:
                anims += self.step_animations(p, 1, 1.0)
        self.play(*anims, *(FadeOut(a) for a in arrows), run_time=1.0)
        self.after_step(1)

    def after_step(self, k: int) -> None:
        for p in self.panels:
            run = p["run"]
            if k < len(run.points):
                self.set_readout(p, k)
            elif run.diverged and k == run.diverged_at:
                self.show_verdict(p)
                if not getattr(self, "_said_diverged", False):
                    self._said_diverged = True
                    self.caption(divergence_caption(run), animate=False)

    def take_steps(self) -> None:
        m = self.model
        if m.steps < 2 or not any(p["active"] for p in self.panels):
            return
        if getattr(self, "_said_diverged", False):
            pass  # let the divergence be read
        elif len(self.panels) > 1:
            self.caption(T("gradient-descent.same_start", "Same start, same rule: only the step size differs."))
        else:
            self.caption(
                T("gradient-descent.gentler", "Step after step the slope gets gentler, so the steps get shorter.")
            )
        beat = float(np.clip(6.0 / m.steps, 0.15, 0.5))
        for k in range(2, m.steps + 1):
            anims = []
            for p in self.panels:
                if p["active"]:
                    anims += self.step_animations(p, k, beat)
            if not anims:
                break
            self.play(*anims, run_time=beat)
            self.after_step(k)

    def show_verdict(self, panel) -> None:
        run = panel["run"]
        colour = style.NEGATIVE if run.diverged else panel["colour"]
        words = verdict_text(run, self.model.steps)
        one_line = style.fit_width(style.text(words, size=style.SMALL_SIZE, color=colour), panel["width"])
        one_line.move_to(np.array([panel["centre"], panel["bottom"] - 0.02 - ROW, 0]))
        # a verdict much wider than its panel takes two lines, hanging from where one would sit, rather
        # than shrinking to half the size of its neighbours' ("settled: f = 0" beside a long one)
        v = charts.panel_words(words, size=style.SMALL_SIZE, color=colour, width=panel["width"] + charts.ROOM_MARGIN)
        v.move_to(one_line).align_to(one_line, UP)
        # a second line only where it stays clear of a caption on two lines (a 4:3 frame's often wraps)
        if v.get_bottom()[1] < -config.frame_height / 2 + style.STACKED_CAPTION_BAND + 0.05:
            v = one_line
        panel["verdict"] = v
        self.add(v)

    def read_outcomes(self) -> None:
        for p in self.panels:
            if "verdict" not in p:
                self.show_verdict(p)
        self.caption(summary_caption(self.model.runs))
        self.wait(1.0)
