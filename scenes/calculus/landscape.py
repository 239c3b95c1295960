"""landscape: where downhill leads. Local and global minima, saddles, convex bowls.

Several balls start around the view and follow the model's gradient-descent
trajectories (``intuition.optimisation.landscape``), one step per equal beat.
Then the critical points the model found and classified by the Hessian's signs
are marked and named; a saddle shows its two curvature directions (up one way,
down the other). Nothing here finds or classifies anything itself.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    Arrow,
    BackgroundRectangle,
    Circle,
    Dot,
    FadeIn,
    Indicate,
    Line,
    Triangle,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import GraphBox, contour_group
from scenes.layout import box_of, boxes_overlap, place_labels
from scenes.plane import PANEL_WIDTH, panel_group

KIND_COLOUR = style.RoleMap(
    {"global": "HIGHLIGHT", "minimum": "POSITIVE", "maximum": "NEGATIVE", "saddle": "ACCENT",
     "inflection": "MUTED", "flat": "MUTED"}
)


def kind_name(cp, short: bool = False) -> str:
    """The critical point's name (short: for a crowded view)."""
    if cp.kind == "minimum":
        if cp.is_global:
            return T("landscape.global_min", "global min") if short else T("landscape.global_minimum", "global minimum")
        return T("landscape.local_min", "local min") if short else T("landscape.local_minimum", "local minimum")
    if cp.kind == "maximum":
        return T("landscape.max", "max") if short else T("landscape.maximum", "maximum")
    if cp.kind == "saddle":
        return T("landscape.saddle", "saddle")
    return T("landscape.flat", "flat") if short else T("landscape.flat_point", "flat point")


PANEL_ROW = PANEL_WIDTH - 0.3  # the widest a panel row may be


def after_colon(content: str) -> str | None:
    """``content`` broken into two lines after its colon (any script's), or None if it has none."""
    for sep in (": ", "："):
        at = content.find(sep)
        if 0 < at < len(content) - len(sep):
            return content[: at + len(sep)].rstrip() + "\n" + content[at + len(sep) :]
    return None


def panel_text(content: str, *, size: float, color) -> VMobject:
    """One panel row: on one line, or broken after its colon where one line would shrink a lot; never wider
    than the panel, so a long row (a longer language) shrinks alone instead of the whole panel."""
    t = style.text(content, size=size, color=color)
    if t.width > PANEL_ROW / 0.8:
        broken = after_colon(content)
        if broken is not None:
            t = style.text(broken, size=size, color=color)
    return style.fit_width(t, PANEL_ROW)


def colour_of(cp) -> str:
    return KIND_COLOUR["global"] if cp.kind == "minimum" and cp.is_global else KIND_COLOUR[cp.kind]


def curvature_text(cp) -> str:
    """The Hessian's eigenvalues and what their signs say."""
    ev = [float(e) for e in cp.hessian_eigenvalues]
    if len(ev) == 1:
        if ev[0] > 0:
            return T("landscape.curves_up", "f'' = {value}: curves up", value=ev[0])
        if ev[0] < 0:
            return T("landscape.curves_down", "f'' = {value}: curves down", value=ev[0])
        return T("landscape.curves_flat", "f'' = {value}: flat", value=ev[0])
    a, b = ev[0], ev[1]
    if cp.kind == "minimum":
        return T("landscape.curvatures_minimum", "curvatures {a}, {b}: up both ways", a=a, b=b)
    if cp.kind == "maximum":
        return T("landscape.curvatures_maximum", "curvatures {a}, {b}: down both ways", a=a, b=b)
    if cp.kind == "saddle":
        return T("landscape.curvatures_saddle", "curvatures {a}, {b}: one down, one up", a=a, b=b)
    return T("landscape.curvatures_flat", "curvatures {a}, {b}: flat one way", a=a, b=b)


def point_text(p) -> str:
    """Where a critical point is: (1.5, 2) (or (1,5; 2) where the comma is the decimal mark), or x = 1.5."""
    if len(p) > 1:
        return T("landscape.pair", "({x}, {y})", x=float(p[0]), y=float(p[1]))
    return f"x = {num(float(p[0]))}"


def ends_caption(model) -> str:
    """What the runs show about minima and convexity, in plain English."""
    minima = [c for c in model.critical_points if c.kind == "minimum"]
    if model.convex and model.distinct_ends <= 1 and minima:
        return T(
            "landscape.convex_one",
            "A convex function has one valley, so downhill always finds the bottom: every start ends there.",
        )
    if model.convex:
        return T(
            "landscape.convex",
            "A convex function has at most one valley: downhill never gets stuck in a wrong one.",
        )
    if len(minima) > 1 and model.distinct_ends > 1:
        return T(
            "landscape.ends_apart",
            "The runs ended in {count} different places: each ball finds the bottom of its own valley.",
            count=model.distinct_ends,
        )
    if len(minima) > 1:
        return T(
            "landscape.valleys",
            "There is more than one valley: downhill finds the bottom of the valley it starts in.",
        )
    lost = sum(r.run.diverged for r in model.runs)
    if not minima and lost:
        return T("landscape.no_valley", "No valley in view: the balls roll on downhill until they leave the picture.")
    if lost:
        return T("landscape.some_lost", "Some balls find the valley; others roll away downhill and leave the picture.")
    return T(
        "landscape.depends",
        "Downhill follows the slope from wherever it starts; where it ends depends on the start.",
    )


class Landscape(IntuitionScene):
    """Starts roll downhill on f(x) or f(x, y); the critical points are named by their Hessian.

    Parameters: f, starts ([] spreads five over the view), learning_rate, steps,
    x_range, y_range, title.

    >>> class Bowl(Landscape):
    ...     f = "x**2 + y**2"
    """

    def construct(self) -> None:
        self.show_landscape()
        self.roll_downhill()
        self.name_critical_points()
        self.explain_saddle()
        self.state_convexity()
        self.wait(1.5)

    # --- storyboard steps -------------------------------------------------------------

    def show_landscape(self) -> None:
        m = self.model
        self.show_title()
        fw = config.frame_width
        self.panel_box = None
        if frame.stacked():  # the picture on top at full width, the numbers panel below it
            share = None
            if m.dims == 2:  # equal axes: the picture takes the height its view needs, the panel the rest
                ratio = (m.y_range[1] - m.y_range[0]) / max(m.x_range[1] - m.x_range[0], 1e-9)
                share = frame.fitted_share(ratio, self.content_top - 0.1, self.content_bottom)
            (left, right, bottom, top), self.panel_box = frame.split(
                self.content_top - 0.1, self.content_bottom, PANEL_WIDTH, share=share
            )
            region = (left + 0.55, right, bottom + 0.45, top)
        else:
            left, right = -fw / 2 + style.EDGE, fw / 2 - style.EDGE - PANEL_WIDTH - 0.2
            region = (left + 0.55, right, self.content_bottom + 0.45, self.content_top - 0.1)
        if m.dims == 1:
            self.box = GraphBox(m.x_range, m.y_range, region)
            self.picture = VGroup(self.box.axes(), self.box.curves(m.pieces, style.TEXT, 3.5))
        else:
            self.box = GraphBox.equal_aspect(m.x_range, m.y_range, region)
            self.picture = VGroup(
                contour_group(self.box, m.contours.levels, m.contours.segments, 2.2),
                self.box.axes(x_ticks=4, y_ticks=4),
            )
        self.tick_numbers = list(self.picture[-1].numbers if m.dims == 2 else self.picture[0].numbers)
        if m.dims == 1:
            formula = style.math(f"f(x) = {m.f_typst}", f"f(x) = {m.f_latex}", size=style.LABEL_SIZE)
        else:
            formula = style.math(f"f(x, y) = {m.f_typst}", f"f(x, y) = {m.f_latex}", size=style.LABEL_SIZE)
        style.fit_width(formula, frame.panel_width(PANEL_WIDTH) - 0.3)
        self.rows = self.panel_rows()
        self.panel = panel_group(formula, *self.rows, top=self.content_top, box=self.panel_box)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.15)
        self.formula = formula
        self.add(self.picture)
        self.caption(T("landscape.drop", "Drop a ball at several starts and let each one step downhill."))
        self.play(FadeIn(self.panel_bg), FadeIn(formula), run_time=0.8)

    def panel_rows(self) -> list:
        """Per critical point: its kind and place, then its curvatures (the Hessian's eigenvalues)."""
        m = self.model
        rows = []
        cps = m.critical_points
        shown = cps[:6]
        detail = len(shown) <= 4
        for cp in shown:
            name = T("landscape.row", "{kind} {point}", kind=kind_name(cp, not detail), point=point_text(cp.point))
            name_row = panel_text(name, size=style.LABEL_SIZE - 2, color=colour_of(cp))
            if not detail:
                rows.append(name_row)
                continue
            curvatures = panel_text(curvature_text(cp), size=style.SMALL_SIZE, color=style.MUTED)
            if frame.stacked():  # the panel below may go in two columns: a point's name and curvatures stay together
                rows.append(VGroup(name_row, curvatures).arrange(DOWN, aligned_edge=LEFT, buff=0.12))
            else:
                rows += [name_row, curvatures]
        if len(cps) > len(shown):
            more = T("landscape.more", "... and {count} more", count=len(cps) - len(shown))
            rows.append(panel_text(more, size=style.SMALL_SIZE, color=style.MUTED))
        if not cps:
            none = T("landscape.none_flat", "no point with slope 0 in view")
            rows.append(panel_text(none, size=style.SMALL_SIZE, color=style.MUTED))
        if m.convex:
            verdict = T("landscape.verdict_convex", "convex: one valley")
        else:
            verdict = T("landscape.verdict_not_convex", "not convex")
        rows.append(panel_text(verdict, size=style.LABEL_SIZE - 2, color=style.TEXT))
        return rows

    def xy(self, run, k: int) -> np.ndarray:
        p = run.points[k]
        if self.model.dims == 1:
            return self.box.point(float(p[0]), float(run.values[k]))
        return self.box.point(float(p[0]), float(p[1]))

    def roll_downhill(self) -> None:
        m = self.model
        runs = [lr.run for lr in m.runs]
        self.dots, self.trails = [], []
        for i, run in enumerate(runs):
            colour = style.SERIES[i % len(style.SERIES)]
            self.dots.append(Dot(self.xy(run, 0), radius=0.08, color=colour))
            trail = VMobject(color=colour, stroke_width=2.5, stroke_opacity=0.8)
            trail.set_points_as_corners([self.xy(run, 0), self.xy(run, 0)])
            self.trails.append(trail)
        self.play(*(FadeIn(d, scale=0.5) for d in self.dots), run_time=0.7)
        self.add(*self.trails)
        self.bring_to_front(*self.dots)
        frames = [np.array(self.points_of(run)) for run in runs]
        # time only the steps that visibly move something; after that every ball sits still
        longest = 0
        for pts in frames:
            moves = np.linalg.norm(np.diff(pts, axis=0), axis=1)
            visible = np.nonzero(moves > 0.01)[0]
            longest = max(longest, int(visible[-1]) + 1 if visible.size else 0)
        if longest == 0:
            return

        def move(i: int):
            pts = frames[i]

            def update(dot, alpha: float) -> None:
                s = min(alpha * longest, len(pts) - 1)
                k = int(np.floor(s))
                nxt = min(k + 1, len(pts) - 1)
                here = pts[k] + (s - k) * (pts[nxt] - pts[k])
                dot.move_to(here)
                self.trails[i].set_points_as_corners(np.vstack([pts[: k + 1], here]))

            return update

        self.caption(T("landscape.follow", "Each ball follows the slope down, one step at a time."))
        run_time = float(np.clip(longest * 0.15, 2.0, 5.0))
        self.play(*(UpdateFromAlphaFunc(d, move(i)) for i, d in enumerate(self.dots)), run_time=run_time)
        for i, pts in enumerate(frames):  # the last, invisible steps
            self.dots[i].move_to(pts[-1])
            self.trails[i].set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        lost = [self.dots[i] for i, r in enumerate(runs) if r.diverged]
        if lost:
            self.play(*(d.animate.set_color(style.NEGATIVE).scale(1.3) for d in lost), run_time=0.5)

    def points_of(self, run) -> list[np.ndarray]:
        return [self.xy(run, k) for k in range(len(run.points))]

    def marker(self, cp):
        p = self.box.point(*(cp.point if self.model.dims == 2 else (cp.point[0], cp.value)))
        colour = colour_of(cp)
        if cp.kind == "minimum":
            return Circle(radius=0.16, color=colour, stroke_width=4).move_to(p)
        if cp.kind == "maximum":
            return Triangle(color=colour, stroke_width=4).scale(0.14).move_to(p)
        if cp.kind == "saddle":
            s = 0.16
            return VGroup(Line(p + [-s, -s, 0], p + [s, s, 0]), Line(p + [-s, s, 0], p + [s, -s, 0])).set_stroke(
                colour, 5
            )
        return Circle(radius=0.13, color=colour, stroke_width=3).move_to(p)

    def label_region(self) -> tuple[float, float, float, float]:
        """Where the critical points' names may go: beside the panel, or above it when it is below."""
        if frame.stacked():
            half = config.frame_width / 2 - 0.15
            return (-half, half, self.panel_bg.get_top()[1] + 0.05, self.content_top)
        return (
            -config.frame_width / 2 + 0.15,
            self.panel_bg.get_left()[0] - 0.05,
            self.content_bottom,
            self.content_top,
        )

    def name_critical_points(self) -> None:
        m = self.model
        cps = m.critical_points
        if not cps:
            self.caption(
                T(
                    "landscape.no_flat",
                    "No point in view has slope 0: downhill keeps going until it leaves the picture.",
                )
            )
            self.play(FadeIn(VGroup(*self.rows[:-1])), run_time=0.5)
            self.wait(1.0)
            return
        short = len(cps) > 4
        self.markers = [self.marker(cp) for cp in cps]
        self.cp_labels = [
            style.text(kind_name(cp, short), size=style.SMALL_SIZE + 2, color=colour_of(cp)) for cp in cps
        ]
        for lb in self.cp_labels:
            lb.add_background_rectangle(color=style.BACKGROUND, opacity=0.75, buff=0.05)
        anchors = [mk.get_center() for mk in self.markers]
        prefer = [np.array([0.0, 1.0, 0.0]) if cp.kind != "maximum" else np.array([0.0, 1.0, 0.0]) for cp in cps]
        if m.dims == 1:
            prefer = [np.array([0.0, -1.0, 0.0]) if cp.kind == "minimum" else np.array([0.0, 1.0, 0.0]) for cp in cps]
        obstacles = [self._title_mob, self.panel_bg, self._caption_mob, *self.markers, *self.tick_numbers]
        place_labels(
            self.cp_labels,
            anchors,
            prefer,
            obstacles=[o for o in obstacles if o is not None],
            region=self.label_region(),
        )
        self.caption(ends_caption(m))
        # a tick number a marker lands on (a minimum at x = -1) goes: the marker would cover half of it
        covered = [n for n in self.tick_numbers if any(boxes_overlap(box_of(n), box_of(mk)) for mk in self.markers)]
        self.play(
            *(n.animate.set_opacity(0) for n in covered),
            *(FadeIn(mk, scale=0.6) for mk in self.markers),
            *(FadeIn(lb) for lb in self.cp_labels),
            FadeIn(VGroup(*self.rows[:-1]), shift=0.15 * np.array([0, -1, 0])),
            run_time=1.0,
        )
        self.wait(2.0)

    def explain_saddle(self) -> None:
        m = self.model
        cps = m.critical_points
        saddles = [i for i, c in enumerate(cps) if c.kind == "saddle"]
        others = [i for i, c in enumerate(cps) if c.kind in ("maximum", "inflection", "flat")]
        centre = np.array([np.mean(self.box.x_range), np.mean(self.box.y_range)])[: m.dims]

        def central(ix: list[int]) -> int:  # the one nearest the middle of the view, whose arrows fit
            return min(ix, key=lambda j: float(np.linalg.norm(np.array(cps[j].point) - centre)))

        if saddles:
            i = central(saddles)
            cp = cps[i]
            arrows = []
            if m.dims == 2:
                p = np.array(cp.point)
                reach = 0.16 * min(self.box.x_range[1] - self.box.x_range[0], self.box.y_range[1] - self.box.y_range[0])
                for ev, d in zip(cp.hessian_eigenvalues, cp.curvature_directions):
                    colour = style.I_HAT if ev > 0 else style.J_HAT
                    for sgn in (1, -1):
                        a = self.box.point(*p)
                        b = self.box.point(*(p + sgn * reach * np.array(d)))
                        arrows.append(
                            Arrow(a, b, buff=0.1, color=colour, stroke_width=4, max_tip_length_to_length_ratio=0.3)
                        )
            up = max(cp.hessian_eigenvalues)
            down = min(cp.hessian_eigenvalues)
            self.caption(
                T(
                    "landscape.saddle_caption",
                    "At a saddle the slope is 0 too, but it is no minimum: it curves up one way ({up}), "
                    "down the other ({down}).",
                    up=up,
                    down=down,
                )
            )
            self.saddle_arrows = arrows
            moves = self.clear_of(arrows, i) if arrows else []
            self.play(Indicate(self.markers[i], color=style.ACCENT), *(FadeIn(a) for a in arrows), *moves,
                      run_time=1.2)
            self.wait(1.5)
        elif others:
            i = central(others)
            cp = cps[i]
            if cp.kind == "maximum":
                text = T(
                    "landscape.hilltop",
                    "Here the slope is 0 too, but it is a hilltop, not a minimum: a flat spot is not always a bottom.",
                )
            else:
                text = T(
                    "landscape.flat_step",
                    "Here the slope is 0 too, but it is a flat step, not a minimum: "
                    "a flat spot is not always a bottom.",
                )
            self.caption(text)
            self.play(Indicate(self.markers[i], color=colour_of(cp)), run_time=1.0)
            self.wait(1.0)

    def clear_of(self, arrows: list, saddle: int) -> list:
        """Move the saddle's name off its arrows (beside it, up and right if it can), and any other name
        the arrows would cross (a minimum's, in a narrow frame), as the arrows appear."""
        ends = list(self.cp_labels)  # where each name will be once the arrows are in
        moves = []
        for j, label in enumerate(self.cp_labels):
            if j != saddle and not any(boxes_overlap(box_of(label), box_of(a)) for a in arrows):
                continue
            others = [e for k, e in enumerate(ends) if k != j]
            obstacles = [self._title_mob, self.panel_bg, *self.markers, *arrows, *others, *self.tick_numbers]
            ends[j] = label.copy()
            place_labels(
                [ends[j]],
                [self.markers[j].get_center()],
                [np.array([1.0, 1.0, 0.0]) if j == saddle else np.array([0.0, 1.0, 0.0])],
                obstacles=[o for o in obstacles if o is not None],
                region=self.label_region(),
            )
            moves.append(label.animate.move_to(ends[j]))
        return moves

    def state_convexity(self) -> None:
        m = self.model
        verdict = self.rows[-1]
        self.play(FadeIn(verdict), run_time=0.5)
        if not m.convex:
            minima = sum(c.kind == "minimum" for c in m.critical_points)
            if minima > 1:
                text = T(
                    "landscape.not_convex_valleys",
                    "Not convex: more than one valley, so where you start decides where you end.",
                )
            elif minima == 1:
                text = T(
                    "landscape.not_convex_one",
                    "Not convex: one valley here, but the ground also curves down, so some starts roll away.",
                )
            else:
                text = T(
                    "landscape.not_convex_none",
                    "Not convex: the ground curves down, so downhill can run off instead of settling.",
                )
            self.caption(text)
            self.wait(1.0)
