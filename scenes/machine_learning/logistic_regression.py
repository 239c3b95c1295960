"""Logistic regression: two classes of points, a probability surface p = sigmoid(w . x + b)
shown as shaded bands, and the decision boundary (p = 1/2) moving while gradient
descent lowers the log-loss, whose curve falls in the side panel.

Storyboard: the points; the score and the sigmoid (formula, shading at the
starting weights); the boundary read as p = 1/2; the log-loss; the descent;
its outcome (the lowest loss reached, or, when a line splits the classes, the
weights that would grow without bound and the descent stopped); the link to
maximum likelihood. Every number comes from ``intuition.classifiers`` (``self.model``).
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Line,
    Mobject,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import GraphBox, tick_text, tick_values
from scenes.machine_learning.numbers import fixed, power_of_ten
from scenes.probability import charts

CLASS_COLOURS = style.Roles("ACCENT", "POSITIVE")  # class 0 orange, class 1 blue
PANEL_LEFT = 1.25  # frame x where the side panel starts (in a 16:9 frame; narrower ones scale it with their width)
WIDE_WIDTH = 8 * 16 / 9  # the 16:9 frame's width
DESCENT_TIME = 5.5
ROW = 0.36  # height of one readout row
# A readout row whose pieces side by side would shrink below this (the narrow column of a 1:1, 4:3 or 9:16 frame) puts
# them one under another instead, in rows this high: the chart above gives up that height
SHRINK_LIMIT = 0.8
NARROW_ROW = 0.33
STEP_NUMBER_ROOM = 0.7  # frame units of the loss chart's step axis per tick number (a square frame's is narrow)


# --- words -----------------------------------------------------------------------------------


def class_label(name: str, k: int) -> str:
    """How a class is called on screen: its CSV label, or "class 0" / "class 1"."""
    return T("logistic-regression.class_name", "class {name}", name=name) if name in ("0", "1") else name


def tiny(x: float) -> str:
    """A probability that may be astronomically small, as a person writes it: 0.012, 3.6 × 10⁻⁶."""
    if x == 0:
        return "0"
    if x >= 1e-3:
        return num(x, 3)
    exp = math.floor(math.log10(x))
    mant = x / 10**exp
    if round(mant, 1) >= 10:
        mant, exp = mant / 10, exp + 1
    return power_of_ten(fixed(mant, 1), exp)


def outcome_captions(m) -> list[str]:
    """What the descent ended with (one or more captions), true for every case the model reports."""
    n, wrong = m.n_points, m.final.wrong
    loss, steps = num(m.final.loss, 3), m.steps_run
    if m.separable and m.separated_at is not None:
        if m.separated_at == 0:
            first = T("logistic-regression.split_at_start", "The starting line already puts every point on its side.")
        else:
            first = T("logistic-regression.split_at_step",
                      "At step {step} the line puts every one of the {n} points on its side.",
                      step=m.separated_at, n=n)
        return [first,
                T("logistic-regression.doubling", "Doubling the weights keeps the line and lowers the loss, "
                  "again and again."),
                T("logistic-regression.no_best_fit", "The weights would grow without bound: there is no best fit, "
                  "so the descent stops here.")]
    if m.separable:
        return [T("logistic-regression.line_splits", "A straight line can split these classes: bigger weights "
                  "always lower the loss."),
                T("logistic-regression.grow_forever", "The weights would grow forever. After {steps} steps, "
                  "{wrong} of {n} are still on the wrong side.", steps=steps, wrong=wrong, n=n)]
    if m.best_loss is None:
        return [T("logistic-regression.creeps_lower", "After {steps} steps the loss is {loss}, and it can creep "
                  "lower without end.", steps=steps, loss=loss)]
    best = num(m.best_loss, 3)
    if m.loss_rose:
        return [T("logistic-regression.rate_too_large", "Learning rate {rate} is too large: some steps overshot, "
                  "the loss went up.", rate=num(m.learning_rate, 3)),
                T("logistic-regression.ends_at", "It ends at {loss}; the lowest possible is {best}.",
                  loss=loss, best=best)]
    if m.converged or loss == best:
        return [T("logistic-regression.as_low_as_it_goes", "After {steps} steps the loss is {loss}, as low as it "
                  "goes: no line does better.", steps=steps, loss=loss),
                T("logistic-regression.classes_overlap", "{wrong} of {n} points stay on the wrong side: "
                  "the classes overlap.", wrong=wrong, n=n)]
    return [T("logistic-regression.still_falling", "After {steps} steps the loss is {loss} and still falling: "
              "the lowest possible is {best}.", steps=steps, loss=loss, best=best)]


def likelihood_row_text(m) -> str:
    """The likelihood at the weights on screen last (the grown ones, when a line splits the classes)."""
    loss, value = (m.growth[-1].loss, m.growth[-1].likelihood) if m.growth else (m.final.loss, m.likelihood)
    return T("logistic-regression.likelihood_row", "likelihood = e^(−{n} × {loss}) = {value}",
             n=m.n_points, loss=num(loss, 3), value=tiny(value))


# --- geometry --------------------------------------------------------------------------------


def clip_half_plane(poly: list[np.ndarray], a: np.ndarray, c: float) -> list[np.ndarray]:
    """The part of convex polygon ``poly`` where a . x + c >= 0 (Sutherland-Hodgman, one edge)."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = float(a @ p + c), float(a @ q + c)
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            out.append(p + fp / (fp - fq) * (q - p))
    return out


def band_polygon(rect: list[np.ndarray], w: np.ndarray, b: float, lo: float, hi: float) -> list[np.ndarray]:
    """The part of the rectangle where the score w . x + b lies between ``lo`` and ``hi``."""
    poly = rect
    if math.isfinite(lo):
        poly = clip_half_plane(poly, w, b - lo)
    if len(poly) >= 3 and math.isfinite(hi):
        poly = clip_half_plane(poly, -w, hi - b)
    return poly if len(poly) >= 3 else []


# --- the scene -------------------------------------------------------------------------------------


class LogisticRegressionScene(IntuitionScene):
    """Two classes, the sigmoid's probability bands, the boundary moving under gradient descent, the loss falling.

    Examples
    --------
    >>> class Separable(LogisticRegressionScene):
    ...     separation = 6.0
    """

    def construct(self) -> None:
        self.build_stage()
        self.show_points()
        self.show_score_and_sigmoid()
        self.read_boundary()
        self.show_log_loss()
        self.descend()
        self.read_outcome()
        self.link_to_likelihood()

    # --- layout ---------------------------------------------------------------------------------

    def build_stage(self) -> None:
        m = self.model
        self.show_title()
        fw = config.frame_width
        x0, x1, y0, y1 = m.bounds
        self.tall = frame.stacked() and config.frame_height > config.frame_width
        self.panel_left = PANEL_LEFT * fw / WIDE_WIDTH
        region = (-fw / 2 + style.EDGE + 0.55, self.panel_left - 0.35, self.content_bottom + 0.5,
                  self.content_top - 0.1)
        if self.tall:  # the picture on top at the frame's full width, the panel below it (see build_panel)
            picture, self.panel_box = frame.split(self.content_top - 0.1, self.content_bottom, 0.0)
            region = (picture[0] + 0.55, picture[1], picture[2] + 0.5, picture[3])
        # the same unit on both axes keeps the boundary's angle true, unless the data's units differ wildly
        box = GraphBox.equal_aspect((x0, x1), (y0, y1), region)
        if min(box.width / (region[1] - region[0]), box.height / (region[3] - region[2])) < 0.6:
            box = GraphBox((x0, x1), (y0, y1), region)
        self.box = box
        left, right, bottom, top = box.region
        self.rect_math = [np.array(p, dtype=float) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        self.frame_rect = Rectangle(width=right - left, height=top - bottom, stroke_color=style.MUTED,
                                    stroke_width=2).move_to(np.array([(left + right) / 2, (bottom + top) / 2, 0]))
        self.ticks = self.edge_ticks()
        self.build_panel()

    def edge_ticks(self) -> VGroup:
        """Tick numbers along the bottom and left edges of the picture (a map frame)."""
        box = self.box
        (x0, x1), (y0, y1) = box.x_range, box.y_range
        out = VGroup()
        for v in tick_values((x0, x1), 5):
            p = box.point(v, y0)
            out.add(Line(p, p + 0.08 * UP, color=style.MUTED, stroke_width=2))
            out.add(style.math(*tick_text(v), size=style.SMALL_SIZE, color=style.MUTED).next_to(p, DOWN, buff=0.1))
        for v in tick_values((y0, y1), 4):
            p = box.point(x0, v)
            out.add(Line(p, p + 0.08 * RIGHT, color=style.MUTED, stroke_width=2))
            out.add(style.math(*tick_text(v), size=style.SMALL_SIZE, color=style.MUTED).next_to(p, LEFT, buff=0.1))
        return out

    def build_panel(self) -> None:
        """The formulas, the loss chart and the readout rows: down the right-hand column in a wide or square
        frame; in a tall one below the picture, the formulas and readouts on the left, the chart on the right."""
        m = self.model
        right = config.frame_width / 2 - style.EDGE
        left = self.panel_left
        top = self.content_top - 0.05
        if self.tall:
            p_left, p_right, p_bottom, p_top = self.panel_box
            mid = (p_left + p_right) / 2
            left, right, top = p_left, mid - 0.2, p_top - 0.05
        width = right - left
        self.formula = style.math("p = sigma(w_1 x_1 + w_2 x_2 + b)", r"p = \sigma(w_1 x_1 + w_2 x_2 + b)",
                                  size=style.LABEL_SIZE)
        self.sig = style.math("sigma(s) = 1 \\/ (1 + e^(-s))", r"\sigma(s) = 1 / (1 + e^{-s})",
                              size=style.LABEL_SIZE, color=style.MUTED)
        names = [class_label(n, k) for k, n in enumerate(m.class_names)]
        self.legend = VGroup(*(
            charts.row(Dot(radius=0.08, color=CLASS_COLOURS[k]).set_stroke(style.BACKGROUND, 1.5),
                       style.text(f"{names[k]} ({num(m.class_counts[k])})", size=style.SMALL_SIZE,
                                  color=CLASS_COLOURS[k]),
                       buff=0.1)
            for k in (1, 0))).arrange(RIGHT, buff=0.4)
        head = VGroup(self.legend, self.formula, self.sig).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        style.fit_width(head, width - 0.1)
        head.next_to(np.array([left, top, 0]), DOWN + RIGHT, buff=0)
        # readouts from the bottom up (3 rows and the likelihood's), the loss chart in the space between
        self.readout_left, self.readout_width = left, width
        self.stack_pieces = False  # measured side by side first
        self.stack_pieces = self.pieces_too_wide()
        self.row_height = NARROW_ROW if self.stack_pieces else ROW
        # the weights, the loss and the likelihood take two lines each
        lines = 3 + 2 * self.stack_pieces + len(self.likelihood_pieces())
        self.readout_top = self.content_bottom + 0.12 + lines * self.row_height
        self.rows: list[Mobject] = []
        y_hi = max(float(m.losses.max()), 0.1) * 1.08
        axis_top = head.get_bottom()[1] - 0.55
        axis_bottom = self.readout_top + 0.55
        if self.tall:  # the readouts under the formulas, the chart beside them
            self.readout_top = head.get_bottom()[1] - 0.15
            left, right = mid + 0.2, p_right
            width = right - left
            axis_top, axis_bottom = p_top - 0.45, p_bottom + 0.45
        self.step_name = style.text(T("logistic-regression.step_axis", "step"), size=style.SMALL_SIZE,
                                    color=style.MUTED)
        # the axis leaves room at its right end for its name, however long the word is in the language
        axis_width = min(width - 1.4, width - 0.6 - 0.12 - self.step_name.width - 0.05)
        self.loss_axes = charts.chart_axes((0, max(m.steps_run, 1)), (0, y_hi), width=axis_width,
                                           height=max(axis_top - axis_bottom, 1.0),
                                           x_ticks=self.step_ticks(axis_width), y_ticks=3)
        ax = self.loss_axes
        ax.shift(np.array([left + 0.6 - ax.x_axis.get_left()[0], axis_top - ax.y_axis.get_top()[1], 0]))
        self.loss_name = style.text(
            T("logistic-regression.loss_axis", "log-loss"), size=style.SMALL_SIZE, color=style.VECTOR
        )
        self.loss_name.next_to(ax.y_axis.get_top(), UP, buff=0.12).align_to(ax.y_axis, LEFT)
        self.step_name.next_to(ax.x_axis.get_right(), RIGHT, buff=0.12)
        self.loss_curve = VMobject(stroke_color=style.VECTOR, stroke_width=3.5)
        self.loss_dot = Dot(ax.c2p(0, m.losses[0]), radius=0.06, color=style.VECTOR)

    def pieces_too_wide(self) -> bool:
        """Whether a readout row's pieces side by side, at the start or the end, would shrink past
        SHRINK_LIMIT to fit the column (asked while ``stack_pieces`` is False: the pieces side by side)."""
        m = self.model
        ends = [(m.start.weights, m.start.bias, m.start.loss, m.start.wrong),
                (m.final.weights, m.final.bias, m.final.loss, m.final.wrong)]
        rows = [row for w, b, loss, wrong in ends for row in self.readout_pieces("step", w, b, loss, wrong)[1:]]
        rows.append(self.likelihood_pieces())
        widest = max(charts.row(*pieces, buff=0.45).width for pieces in rows)
        return widest * SHRINK_LIMIT > self.readout_width - 0.1

    def place_row(self, row: Mobject, k: int) -> Mobject:
        """Row ``k`` of the readout slot (0 at the top): fixed places, so swaps never move the others."""
        style.fit_width(row, self.readout_width - 0.1)
        row.move_to(np.array([0, self.readout_top - (k + 0.5) * self.row_height, 0]))
        row.align_to(np.array([self.readout_left, 0, 0]), LEFT)
        return row

    def place_rows(self, rows: list[list[Mobject]], first: int = 0) -> list[Mobject]:
        """Each row's pieces side by side in one line of the slot, or one line each (``stack_pieces``),
        from line ``first`` down."""
        lines = [piece for pieces in rows for piece in pieces] if self.stack_pieces else [
            charts.row(*pieces, buff=0.45) if len(pieces) > 1 else pieces[0] for pieces in rows]
        return [self.place_row(line, first + k) for k, line in enumerate(lines)]

    def readout_pieces(self, heading: str, weights, bias: float, loss: float, wrong: int) -> list[list[Mobject]]:
        """The readout rows, in pieces: the heading (the step, or the weights' factor), the weights and the
        bias, the log-loss and the points on the wrong side."""
        w1, w2 = weights
        if self.stack_pieces:
            weight_pieces = [style.text(f"w₁ = {num(w1)}   w₂ = {num(w2)}", size=style.SMALL_SIZE),
                             style.text(f"b = {num(bias)}", size=style.SMALL_SIZE)]
        else:  # one text: its spaces are the font's
            weight_pieces = [style.text(f"w₁ = {num(w1)}   w₂ = {num(w2)}   b = {num(bias)}", size=style.SMALL_SIZE)]
        return [
            [style.text(heading, size=style.SMALL_SIZE, color=style.MUTED)],
            weight_pieces,
            [style.text(T("logistic-regression.loss_row", "log-loss = {loss}", loss=num(loss, 3)),
                        size=style.SMALL_SIZE, color=style.VECTOR),
             style.text(T("logistic-regression.wrong_row", "wrong side: {wrong} of {n}", wrong=wrong,
                          n=self.model.n_points), size=style.SMALL_SIZE)],
        ]

    def likelihood_pieces(self) -> list[Mobject]:
        """The likelihood row; with ``stack_pieces`` on two lines, cut before its value (the last '= '). Its
        first line may still shrink (to 0.6 for French in a square frame): a third line would leave
        the loss chart too short."""
        words = likelihood_row_text(self.model)
        head, sep, value = words.rpartition(" = ")
        parts = [head, f"= {value}"] if sep and self.stack_pieces else [words]
        return [style.text(part, size=style.SMALL_SIZE, color=style.HIGHLIGHT) for part in parts]

    def readout_rows(self, cp) -> list[Mobject]:
        m = self.model
        step = T("logistic-regression.step_of", "step {step} of {steps}", step=cp.step, steps=m.steps_run)
        return self.place_rows(self.readout_pieces(step, cp.weights, cp.bias, cp.loss, cp.wrong))

    def set_readouts(self, cp) -> None:
        new = self.readout_rows(cp)
        if self.rows:
            self.remove(*self.rows)
        self.add(*new)
        self.rows = new

    # --- the picture at given weights --------------------------------------------------------------

    def weights_at(self, step: float) -> tuple[np.ndarray, float]:
        """Weights a fraction of the way between two steps (the descent drawn smoothly)."""
        m = self.model
        step = min(max(step, 0.0), float(m.steps_run))
        k = min(int(math.floor(step)), max(m.steps_run - 1, 0))
        t = step - k if m.steps_run else 0.0
        j = min(k + 1, m.steps_run)
        return (1 - t) * m.weights[k] + t * m.weights[j], float((1 - t) * m.biases[k] + t * m.biases[j])

    def make_bands(self) -> VGroup:
        levels = self.model.levels
        cuts = [-math.inf] + [math.log(p / (1 - p)) for p in levels] + [math.inf]
        mids = [levels[0] / 2] + [(a + b) / 2 for a, b in zip(levels, levels[1:])] + [(1 + levels[-1]) / 2]
        self.band_cuts = list(zip(cuts, cuts[1:]))
        bands = VGroup()
        for p in mids:
            colour = CLASS_COLOURS[1] if p > 0.5 else CLASS_COLOURS[0]
            bands.add(VMobject(stroke_width=0, fill_color=colour, fill_opacity=0.5 * abs(2 * p - 1) ** 1.1))
        return bands

    def set_bands(self, w: np.ndarray, b: float) -> None:
        corner = self.box.point(*self.rect_math[0])
        for band, (lo, hi) in zip(self.bands, self.band_cuts):
            poly = band_polygon(self.rect_math, w, b, lo, hi)
            if poly:
                pts = self.box.points(np.array(poly))
                band.set_points_as_corners(np.vstack([pts, pts[:1]]))
            else:
                band.set_points_as_corners(np.array([corner, corner, corner]))

    def set_boundary(self, w: np.ndarray, b: float) -> None:
        """The line w . x + b = 0 across the picture (hidden when p is 1/2 everywhere or nowhere)."""
        pts = []
        r = self.rect_math
        for i in range(4):
            p, q = r[i], r[(i + 1) % 4]
            fp, fq = float(w @ p + b), float(w @ q + b)
            if (fp >= 0) != (fq >= 0):
                pts.append(p + fp / (fp - fq) * (q - p))
        if len(pts) >= 2 and np.linalg.norm(w) > 1e-9:
            a, c = self.box.point(*pts[0]), self.box.point(*pts[1])
            if np.linalg.norm(c - a) > 1e-6:
                self.boundary.put_start_and_end_on(a, c)
            self.boundary.set_stroke(opacity=1)
        else:
            self.boundary.set_stroke(opacity=0)

    def set_loss_curve(self, step: float) -> None:
        m = self.model
        ax = self.loss_axes
        k = int(math.floor(step))
        idx = np.unique(np.linspace(0, k, min(k + 1, 300)).round().astype(int))
        xs = np.append(idx.astype(float), step)
        ys = np.append(m.losses[idx], np.interp(step, np.arange(m.steps_run + 1), m.losses))
        if len(xs) < 2:
            xs, ys = np.array([0.0, 0.0]), np.array([m.losses[0], m.losses[0]])
        charts.set_curve(self.loss_curve, ax, xs, ys)
        self.loss_dot.move_to(charts.points(ax, [xs[-1]], [ys[-1]])[0])

    def draw_at(self, step: float) -> None:
        w, b = self.weights_at(step)
        self.set_bands(w, b)
        self.set_boundary(w, b)
        self.set_loss_curve(step)

    # --- storyboard ------------------------------------------------------------------------------------

    def show_points(self) -> None:
        m = self.model
        radius = 0.075 if m.n_points <= 80 else 0.055
        self.dots = VGroup(*(Dot(self.box.point(*p), radius=radius, color=CLASS_COLOURS[int(c)])
                             .set_stroke(style.BACKGROUND, 2.5) for p, c in zip(m.x, m.y)))
        names = [class_label(n, k) for k, n in enumerate(m.class_names)]
        self.caption(T("logistic-regression.points", "{n} points of two classes: {blue} in blue, {orange} in orange.",
                       n=m.n_points, blue=names[1], orange=names[0]))
        self.play(Create(self.frame_rect), FadeIn(self.ticks), FadeIn(self.legend), run_time=0.8)
        self.play(FadeIn(self.dots, lag_ratio=min(0.05, 2.0 / m.n_points)), run_time=1.2)
        self.add_foreground_mobjects(self.dots)

    def show_score_and_sigmoid(self) -> None:
        m = self.model
        self.bands = self.make_bands()
        self.boundary = Line(LEFT, RIGHT, color=style.TEXT, stroke_width=4)
        self.draw_at(0)
        self.caption(T("logistic-regression.score", "Score each spot w₁x₁ + w₂x₂ + b; the sigmoid σ turns the score "
                       "into a probability p."))
        self.play(Write(self.formula), FadeIn(self.sig), run_time=1.0)
        self.play(FadeIn(self.bands), run_time=0.8)
        self.set_readouts(m.start)
        self.wait(1.0)

    def read_boundary(self) -> None:
        name = class_label(self.model.class_names[1], 1)
        self.caption(T("logistic-regression.boundary", "The shading is p, the chance of {name}. The white line, "
                       "p = 1/2, is the decision boundary.", name=name))
        if self.boundary.get_stroke_opacity() > 0:
            self.play(Create(self.boundary), run_time=0.8)
        else:
            self.add(self.boundary)
        self.wait(1.7)

    def show_log_loss(self) -> None:
        self.caption(T("logistic-regression.log_loss", "The log-loss averages −log(p of each point's own label): "
                       "sure mistakes cost the most."))
        self.set_loss_curve(0)
        self.play(Create(self.loss_axes), FadeIn(self.loss_name), FadeIn(self.step_name), FadeIn(self.loss_dot),
                  run_time=0.8)
        self.add(self.loss_curve)
        self.wait(1.7)

    def descend(self) -> None:
        m = self.model
        if m.steps_run == 0:
            return
        self.caption(T("logistic-regression.descent", "Gradient descent: each step moves w and b downhill on the "
                       "log-loss, learning rate {rate}.", rate=num(m.learning_rate, 3)))
        clock = ValueTracker(0.0)  # u in [0, 1]; the step drawn is steps_run * u^2: early steps get more time
        driver = Mobject()
        driver.add_updater(lambda _m: self.draw_at(m.steps_run * clock.get_value() ** 2))
        self.add(driver)
        cps = m.checkpoints[1:]
        total = DESCENT_TIME * min(1.0, 0.4 + m.steps_run / 20)
        last_u = 0.0
        for cp in cps:
            u = math.sqrt(cp.step / m.steps_run)
            self.play(clock.animate.set_value(u), run_time=max(total * (u - last_u), 1 / config.frame_rate),
                      rate_func=linear)
            last_u = u
            self.set_readouts(cp)
        driver.clear_updaters()
        self.remove(driver)
        self.draw_at(m.steps_run)
        self.wait(0.4)

    def step_ticks(self, axis_width: float) -> int:
        """How many steps apart the step axis' numbers go: up to 4, fewer on a narrow chart, never
        fewer than 2 (its start and its end)."""
        return max(1, min(4, self.model.steps_run, max(2, int(axis_width / STEP_NUMBER_ROOM))))

    def read_outcome(self) -> None:
        m = self.model
        anims = []
        if m.best_loss is not None:
            ax = self.loss_axes
            x_end = ax.x_range[1]
            self.best_line = DashedLine(ax.c2p(0, m.best_loss), ax.c2p(x_end, m.best_loss), color=style.I_HAT,
                                        stroke_width=2, dash_length=0.08)
            best_words = T("logistic-regression.lowest_possible", "lowest possible {best}", best=num(m.best_loss, 3))
            # inside the chart, clear of the loss curve's first steep drop: two lines in a square frame's narrow one
            room = 0.8 * (ax.c2p(x_end, 0)[0] - ax.c2p(0, 0)[0])
            self.best_name = charts.panel_words(best_words, size=style.SMALL_SIZE - 2, color=style.I_HAT,
                                                width=room + 0.35)
            line_y, axis_y = ax.c2p(x_end, m.best_loss)[1], ax.c2p(x_end, 0)[1]
            # under the line, clear of the curve that comes down onto it, when there is room
            if line_y - axis_y >= self.best_name.height + 0.14:
                self.best_name.next_to(np.array([ax.c2p(x_end, 0)[0], line_y - 0.07, 0]), DOWN + LEFT, buff=0)
            else:
                self.best_name.next_to(np.array([ax.c2p(x_end, 0)[0], line_y + 0.08, 0]), UP + LEFT, buff=0)
            anims += [Create(self.best_line), FadeIn(self.best_name)]
        wrong = [d for d, ok in zip(self.dots, self.right_side()) if not ok]
        self.rings = VGroup(*(Circle(radius=d.width * 1.1, color=style.NEGATIVE, stroke_width=2.5).move_to(d)
                              for d in wrong))
        if len(self.rings):
            anims.append(Create(self.rings))
        says = outcome_captions(m)
        self.caption(says[0])
        if anims:
            self.play(*anims, run_time=0.8)
        self.wait(1.9)
        if m.growth:
            self.caption(says[1])
            self.grow_weights()
            says = says[1:]
        for text in says[1:]:
            self.caption(text)
            self.wait(2.0)

    def grow_weights(self) -> None:
        """The separating weights times 2, 4, 8: the same line, the shading sharper, the loss lower."""
        m = self.model
        w0, b0 = m.weights[-1], float(m.biases[-1])
        factor = ValueTracker(1.0)
        driver = Mobject()
        driver.add_updater(lambda _m: self.set_bands(factor.get_value() * w0, factor.get_value() * b0))
        self.add(driver)
        for g in m.growth:
            self.play(factor.animate.set_value(g.factor), run_time=0.9)
            factor_words = T("logistic-regression.weights_times", "weights × {factor}", factor=g.factor)
            self.remove(*self.rows)
            self.rows = self.place_rows(self.readout_pieces(factor_words, g.weights, g.bias, g.loss, 0))
            self.add(*self.rows)
        driver.clear_updaters()
        self.remove(driver)
        self.wait(0.6)

    def right_side(self) -> list[bool]:
        m = self.model
        s = m.x @ m.weights[-1] + m.biases[-1]
        return list((2 * m.y - 1) * s > 0)

    def link_to_likelihood(self) -> None:
        self.likelihood_row = VGroup(*self.place_rows([self.likelihood_pieces()], first=len(self.rows)))
        self.caption(T("logistic-regression.likelihood", "Minimising log-loss is maximising the likelihood: "
                       "every label's p, multiplied."))
        self.play(FadeIn(self.likelihood_row, shift=0.2 * UP), run_time=0.8)
        self.wait(2.0)
        self.caption(T("logistic-regression.summary", "Logistic regression turns a score into a probability, and "
                       "learns by making the data likely."))
        self.wait(2.2)
