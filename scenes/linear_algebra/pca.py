"""PCA: a data cloud, centred; its covariance ellipse and principal axes; the points dropped onto PC1.

Storyboard: the cloud; centring (the mean moves to the origin and every point
with it); the covariance matrix and its ellipse (two standard deviations each
way); the principal axes as arrows along the ellipse's axes; the points
projected onto the first axis, and the share of the variance that keeps.
Degenerate clouds are narrated as what they are: no spread at all, all on one
line, or round (no preferred direction).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import (
    Arrow,
    BackgroundRectangle,
    Create,
    Dot,
    Ellipse,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
    Write,
    smooth,
)

from intuition.linalg import spread_ratio
from intuition.tables import unlike_units
from intuition.words import T, num
from scenes import style
from scenes.base import IntuitionScene
from scenes.layout import box_of, place_labels
from scenes.plane import PlaneStage, dim, panel_group

DOWN = np.array([0.0, -1.0, 0.0])
RIGHT = np.array([1.0, 0.0, 0.0])
PC_COLOURS = style.Roles("HIGHLIGHT", "ACCENT")
SPREAD = 2.0  # the ellipse and the arrows reach this many standard deviations
BAR_WIDTH = 3.2


def pct(x: float) -> str:
    """A share for a ``{share}%`` placeholder: a percentage with one decimal, in the language's digits."""
    return num(100 * x, 1)


def reading_captions(model) -> dict[str, str]:
    """Plain-English captions, true for every kind of cloud."""
    n = model.n_points
    # to 2 decimals first: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶
    mx, my = (round(float(v), 2) for v in model.mean)
    v1, v2 = (round(float(v), 2) for v in model.variances)
    r1 = pct(model.explained_variance_ratio[0])
    if model.source == "generated":
        cloud = T("pca.cloud", "{n} data points. PCA finds the direction the data spreads out most.", n=n)
    else:
        cloud = T(
            "pca.cloud_file",
            "{n} data points from {file}. PCA finds the direction the data spreads out most.",
            n=n,
            file=Path(model.source).name,
        )
    if model.variances[1] < 0.5 * model.variances[0]:
        axes = T("pca.axes_only", "The principal axes: PC1 carries variance {v1}, PC2 only {v2}.", v1=v1, v2=v2)
    else:
        axes = T("pca.axes", "The principal axes: PC1 carries variance {v1}, PC2 {v2}.", v1=v1, v2=v2)
    out = {
        "cloud": cloud,
        "centre": T(
            "pca.centre",
            "First centre the cloud: subtract the mean (x = {mx}, y = {my}) so it sits on the origin.",
            mx=mx,
            my=my,
        ),
        "cov": T(
            "pca.cov", "The covariance matrix says how far x and y spread, and whether they rise together."
        ),
        "ellipse": T(
            "pca.ellipse", "Its ellipse outlines the cloud: two standard deviations along each principal axis."
        ),
        "axes": axes,
        "project": T(
            "pca.project", "Drop every point onto PC1: one number per point keeps {share}% of the variance.", share=r1
        ),
        "reading": T("pca.reading", "PCA finds the direction the data spreads out most."),
    }
    if model.standardised:
        sx, sy = (num(float(v)) for v in model.column_spreads)
        out["standardised"] = T(
            "pca.standardised",
            "Each column is divided by its own spread first (x by {sx}, y by {sy}): now both count alike.",
            sx=sx,
            sy=sy,
        )
    elif unlike_units(model.column_spreads):
        big, small = ("x", "y") if model.column_spreads[0] > model.column_spreads[1] else ("y", "x")
        out["reading"] = T(
            "pca.reading_unlike",
            "{big} spreads {ratio} times as far as {small}, so PC1 is mostly {big}."
            " standardise=true compares them by their own spreads.",
            big=big,
            small=small,
            ratio=num(spread_ratio(model), 0),
        )
    if model.kind == "no-spread":
        out["cov"] = T("pca.cov_zero", "Every point is the same: the covariance matrix is all zeros.")
        out["reading"] = T(
            "pca.reading_none", "With no spread at all there is no direction to find: PCA has nothing to say."
        )
    elif model.kind == "one-direction":
        out["axes"] = T(
            "pca.axes_line", "All points lie on one line: PC1 carries all the variance ({v1}), PC2 none.", v1=v1
        )
        out["project"] = T(
            "pca.project_line", "Dropping the points onto PC1 moves none of them: it keeps 100% of the variance."
        )
    elif model.kind == "isotropic":
        out["axes"] = T(
            "pca.axes_round",
            "The spread is about the same every way (variances {v1} and {v2}): no direction is preferred.",
            v1=v1,
            v2=v2,
        )
        out["project"] = T(
            "pca.project_round",
            "Dropping the points onto PC1 keeps only {share}% of the variance: PC1 is nearly arbitrary here.",
            share=r1,
        )
        out["reading"] = T(
            "pca.reading_round", "PCA finds the direction the data spreads out most; a round cloud has none."
        )
    return out


class PCA(IntuitionScene):
    """A 2D cloud, centred; covariance ellipse, principal axes, projection onto PC1, variance explained.

    Parameters (class attributes, or keyword arguments)
    ----------
    n_points : 3..400, correlation : -1..1, x_spread, y_spread : 0..5, seed
    csv : a CSV file of points (then x_column, y_column choose the columns)

    Examples
    --------
    >>> class Round(PCA):
    ...     correlation = 0.0
    ...     y_spread = 2.0
    """

    def construct(self) -> None:
        self.say = reading_captions(self.model)
        self.build_stage()
        self.show_cloud()
        self.centre_cloud()
        self.show_covariance()
        if self.model.kind != "no-spread":
            self.show_axes()
            self.project_onto_pc1()
        self.caption(self.say["reading"])
        self.wait(2.0)

    # --- storyboard steps ---------------------------------------------------------

    def build_stage(self) -> None:
        m = self.model
        self.show_title()
        self.stage = PlaneStage(m.bounds, top=self.content_top, bottom=self.content_bottom)
        self.add(self.stage.background_plane())
        self.grid = grid = self.stage.moving_plane()
        dim(grid, 0.35)  # faint lines, the axes stronger
        self.add(grid)
        self.bring_to_front(self._title_mob)
        self.build_panel()

    def build_panel(self) -> None:
        m = self.model
        mx, my = (style.fmt(v) for v in m.mean)
        self.mean_row = style.math(
            f"mu = vec({mx}, {my})",
            rf"\mu = \begin{{bmatrix}}{mx}\\{my}\end{{bmatrix}}",
            size=style.LABEL_SIZE,
            color=style.VECTOR,
        )
        self.cov_row = style.matrix_math(m.covariance, "C", size=style.LABEL_SIZE)
        self.pc_rows = []
        for k in range(2):
            x, y = (style.fmt(v) for v in m.components[k])
            var = style.fmt(m.variances[k])
            self.pc_rows.append(
                style.math(
                    f'"PC{k + 1}" = vec({x}, {y}), quad "var" = {var}',
                    rf"\mathrm{{PC{k + 1}}} = \begin{{bmatrix}}{x}\\{y}\end{{bmatrix}}, \quad \mathrm{{var}} = {var}",
                    size=style.LABEL_SIZE,
                    color=PC_COLOURS[k],
                )
            )
        self.bar = self.variance_bar()
        rows = [self.mean_row, self.cov_row]
        if m.kind != "no-spread":
            rows += [*self.pc_rows, self.bar]
        self.panel = panel_group(*rows, top=self.content_top, buff=0.25, box=self.stage.panel_box)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)

    def variance_bar(self) -> VGroup:
        """One bar split in the shares of the variance PC1 and PC2 explain."""
        r1, r2 = (float(v) for v in self.model.explained_variance_ratio)
        h = 0.28
        parts = VGroup()
        left = 0.0
        for share, colour in zip((r1, r2), PC_COLOURS):
            if share * BAR_WIDTH > 1e-3:
                seg = Rectangle(width=share * BAR_WIDTH, height=h, stroke_width=0, fill_color=colour, fill_opacity=0.85)
                seg.move_to(np.array([left + share * BAR_WIDTH / 2, 0, 0]))
                parts.add(seg)
            left += share * BAR_WIDTH
        outline = Rectangle(width=BAR_WIDTH, height=h, stroke_color=style.MUTED, stroke_width=1.5)
        outline.move_to(np.array([BAR_WIDTH / 2, 0, 0]))
        words = style.text(
            T("pca.explains", "PC1 explains {share1}%, PC2 {share2}%", share1=pct(r1), share2=pct(r2)),
            size=style.SMALL_SIZE,
        )
        return VGroup(words, VGroup(parts, outline)).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.12)

    def label_obstacles(self) -> list:
        return [m for m in (self._title_mob, self.panel_bg, self._caption_mob) if m is not None]

    def show_cloud(self) -> None:
        m = self.model
        radius = 0.05 if m.n_points <= 150 else 0.035
        self.dots = VGroup(*[Dot(self.stage.point(p), radius=radius, color=style.POSITIVE) for p in m.points])
        self.dots.set_fill(opacity=0.85)
        self.caption(self.say["cloud"])
        self.play(FadeIn(self.dots, lag_ratio=min(0.05, 2.0 / m.n_points)), run_time=1.5)
        self.wait(0.5)
        if "standardised" in self.say:
            self.caption(self.say["standardised"])
            self.wait(1.5)

    def move_dots(self, start, end, run_time: float):
        """One animation moving every dot in a straight line from ``start[i]`` to ``end[i]`` (math units)."""
        a = np.array(self.stage.points(start))
        b = np.array(self.stage.points(end))
        dots = list(self.dots)

        def update(_mob, alpha: float) -> None:
            t = smooth(alpha)
            for dot, p in zip(dots, (1 - t) * a + t * b):
                dot.move_to(p)

        return UpdateFromAlphaFunc(self.dots, update, run_time=run_time)

    def centre_cloud(self) -> None:
        m = self.model
        marker = Dot(self.stage.point(m.mean), radius=0.09, color=style.VECTOR)
        ring = marker.copy().scale(1.9).set_fill(opacity=0).set_stroke(style.VECTOR, width=3)
        self.mean_mark = VGroup(marker, ring)
        self.caption(self.say["centre"])
        self.play(
            FadeIn(self.mean_mark, scale=0.5),
            FadeIn(self.panel_bg),
            FadeIn(self.mean_row, shift=0.2 * DOWN),
            run_time=0.8,
        )
        self.play(
            self.move_dots(m.points, m.centred, run_time=2.0),
            self.mean_mark.animate(run_time=2.0).move_to(self.stage.origin),
        )
        self.play(FadeOut(self.mean_mark), run_time=0.4)

    def show_covariance(self) -> None:
        m = self.model
        self.caption(self.say["cov"])
        self.play(Write(self.cov_row), run_time=1.0)
        self.wait(0.8)
        if m.kind == "no-spread":
            return
        self.caption(self.say["ellipse"])
        self.ellipse = self.spread_outline()
        self.play(Create(self.ellipse), run_time=1.2)
        self.wait(0.5)

    def spread_outline(self):
        """The 2-standard-deviation ellipse (a segment when the cloud is flat)."""
        m = self.model
        unit = self.stage.unit
        a, b = SPREAD * np.sqrt(m.variances)
        pc1 = m.components[0]
        if b * unit < 0.02:
            return Line(self.stage.point(-a * pc1), self.stage.point(a * pc1), color=style.MUTED, stroke_width=3)
        e = Ellipse(width=2 * a * unit, height=2 * b * unit, color=style.MUTED, stroke_width=3)
        e.set_fill(style.MUTED, opacity=0.08)
        e.rotate(float(np.arctan2(pc1[1], pc1[0])))
        e.move_to(self.stage.origin)
        return e

    def show_axes(self) -> None:
        m = self.model
        self.pc_arrows, names = [], []
        for k in range(2):
            length = SPREAD * np.sqrt(m.variances[k])
            self.pc_arrows.append(self.stage.arrow(length * m.components[k], PC_COLOURS[k], stroke_width=6))
            name = style.text(f"PC{k + 1}", size=style.LABEL_SIZE, color=PC_COLOURS[k], weight="BOLD")
            name.add_background_rectangle(color=style.BACKGROUND, opacity=0.7, buff=0.05)
            names.append(name)
        tips = [self.stage.point(SPREAD * np.sqrt(m.variances[k]) * m.components[k]) for k in range(2)]
        dirs = [np.append(m.components[k], 0.0) for k in range(2)]
        place_labels(names, tips, dirs, obstacles=self.label_obstacles())
        self.pc_names = names
        self.caption(self.say["axes"])
        # a direction with no spread has no arrow, only a dot
        self.play(*[GrowArrow(a) if isinstance(a, Arrow) else FadeIn(a) for a in self.pc_arrows], run_time=1.0)
        self.play(*[FadeIn(n) for n in names], *[FadeIn(r, shift=0.2 * DOWN) for r in self.pc_rows], run_time=0.8)
        self.wait(1.5)

    def short_of_names(self, direction, reach: float) -> float:
        """How far along ``direction`` (math units) the PC1 line may run before it meets a PC name
        (the name sits past the arrow's tip, where the line would run through it); the half nearest the
        centre is always drawn."""
        boxes = [box_of(n, 0.08) for n in self.pc_names]
        for t in np.linspace(reach / 2, reach, 121):
            x, y = self.stage.point(t * np.asarray(direction))[:2]
            if any(b[0] < x < b[1] and b[2] < y < b[3] for b in boxes):
                return max(t - reach / 240, reach / 2)
        return reach

    def project_onto_pc1(self) -> None:
        m = self.model
        pc1 = m.components[0]
        # a little past the farthest projected point and the ellipse's end: inside the fitted box
        reach = 1.08 * max(float(np.abs(m.scores).max()), SPREAD * np.sqrt(m.variances[0]))
        ends = [self.short_of_names(sign * pc1, reach) for sign in (-1, 1)]
        axis_line = Line(
            self.stage.point(-ends[0] * pc1), self.stage.point(ends[1] * pc1), color=PC_COLOURS[0], stroke_width=2
        )
        axis_line.set_stroke(opacity=0.7)
        self.pc1_line = axis_line
        drops = VGroup(
            *[
                Line(self.stage.point(p), self.stage.point(q), color=style.MUTED, stroke_width=1)
                for p, q in zip(m.centred, m.projected)
            ]
        )
        drops.set_stroke(opacity=0.6)
        self.caption(self.say["project"])
        self.play(Create(axis_line), Create(drops), run_time=1.0)
        self.bring_to_front(self.dots, *self.pc_arrows, *self.pc_names)
        self.play(self.move_dots(m.centred, m.projected, run_time=2.0), FadeOut(drops, run_time=2.0))
        self.play(FadeIn(self.bar, shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.5)
