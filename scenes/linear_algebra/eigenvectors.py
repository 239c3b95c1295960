"""Eigenvectors: a fan of arrows rides the moving plane; the ones on an eigen-line stay on it.

Storyboard: the grid; a fan of arrows, each with the faint line it starts on;
the matrix; the plane moves and every arrow goes to A v; the lines that kept
their arrows light up, each arrow on them stretched by its eigenvalue; the
ending says which kind of matrix this was (two lines, one line, every line,
or none: a turn).
"""

from __future__ import annotations

import numpy as np
from manim import (
    Create,
    FadeIn,
    GrowArrow,
    Line,
    ManimColor,
    Transform,
    VGroup,
    Write,
    interpolate_color,
)

from intuition.words import T, num
from scenes import style
from scenes.layout import box_of, place_labels
from scenes.linear_algebra.moving_plane import MovingPlaneScene
from scenes.plane import segment_boxes, segment_hits_box

DOWN = np.array([0.0, -1.0, 0.0])
LINE_COLOURS = style.Roles("HIGHLIGHT", "ACCENT")  # first and second eigen-line
FAN_COLOURS = style.Roles("POSITIVE", "VECTOR", "I_HAT", "J_HAT", "POSITIVE")


def shown(x: float) -> float:
    """A number as a sentence shows it, to 2 decimals: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶."""
    return round(float(x), 2)


def effect_kind(lam: float, effect: str) -> str:
    """The model's effect, with a flip told apart by what else it does (×-1, stretched, shrunk)."""
    if effect == "flip":
        if abs(lam + 1) < 1e-9:
            return "flip"
        return "flip-stretch" if lam < -1 else "flip-shrink"
    return effect


def first_line_sentence(lam: float, effect: str) -> str:
    """What the eigenvalue of the first eigen-line does to the arrows on it, as a sentence."""
    kind, values = effect_kind(lam, effect), {"lam": shown(lam), "factor": shown(abs(lam))}
    if kind == "collapse":
        return T("eigenvectors.first_collapse", "On the first line arrows are crushed to the origin (×0).")
    if kind == "keep":
        return T("eigenvectors.first_keep", "On the first line arrows are left exactly where they are (×1).")
    if kind == "flip":
        return T("eigenvectors.first_flip", "On the first line arrows are flipped to point the other way (×-1).")
    if kind == "flip-stretch":
        return T(
            "eigenvectors.first_flip_stretch",
            "On the first line arrows are flipped to point the other way and stretched ×{factor} (λ = {lam}).",
            **values,
        )
    if kind == "flip-shrink":
        return T(
            "eigenvectors.first_flip_shrink",
            "On the first line arrows are flipped to point the other way and shrunk ×{factor} (λ = {lam}).",
            **values,
        )
    if kind == "shrink":
        return T("eigenvectors.first_shrink", "On the first line arrows are shrunk ×{lam}.", **values)
    return T("eigenvectors.first_stretch", "On the first line arrows are stretched ×{lam}.", **values)


def second_line_sentence(lam: float, effect: str) -> str:
    """What the eigenvalue of the second eigen-line does to the arrows on it, as a sentence."""
    kind, values = effect_kind(lam, effect), {"lam": shown(lam), "factor": shown(abs(lam))}
    if kind == "collapse":
        return T("eigenvectors.second_collapse", "On the second line they are crushed to the origin (×0).")
    if kind == "keep":
        return T("eigenvectors.second_keep", "On the second line they are left exactly where they are (×1).")
    if kind == "flip":
        return T("eigenvectors.second_flip", "On the second line they are flipped to point the other way (×-1).")
    if kind == "flip-stretch":
        return T(
            "eigenvectors.second_flip_stretch",
            "On the second line they are flipped to point the other way and stretched ×{factor} (λ = {lam}).",
            **values,
        )
    if kind == "flip-shrink":
        return T(
            "eigenvectors.second_flip_shrink",
            "On the second line they are flipped to point the other way and shrunk ×{factor} (λ = {lam}).",
            **values,
        )
    if kind == "shrink":
        return T("eigenvectors.second_shrink", "On the second line they are shrunk ×{lam}.", **values)
    return T("eigenvectors.second_stretch", "On the second line they are stretched ×{lam}.", **values)


def only_line_sentence(lam: float, effect: str) -> str:
    """What a repeated eigenvalue does to the arrows on its one eigen-line, as a sentence."""
    kind, values = effect_kind(lam, effect), {"lam": shown(lam), "factor": shown(abs(lam))}
    if kind == "collapse":
        return T(
            "eigenvectors.only_collapse",
            "Arrows on that line are crushed to the origin (×0); every other arrow tips over.",
        )
    if kind == "keep":
        return T(
            "eigenvectors.only_keep",
            "Arrows on that line are left exactly where they are (×1); every other arrow tips over.",
        )
    if kind == "flip":
        return T(
            "eigenvectors.only_flip",
            "Arrows on that line are flipped to point the other way (×-1); every other arrow tips over.",
        )
    if kind == "flip-stretch":
        return T(
            "eigenvectors.only_flip_stretch",
            "Arrows on that line are flipped to point the other way and stretched ×{factor} (λ = {lam}); "
            "every other arrow tips over.",
            **values,
        )
    if kind == "flip-shrink":
        return T(
            "eigenvectors.only_flip_shrink",
            "Arrows on that line are flipped to point the other way and shrunk ×{factor} (λ = {lam}); "
            "every other arrow tips over.",
            **values,
        )
    if kind == "shrink":
        return T(
            "eigenvectors.only_shrink", "Arrows on that line are shrunk ×{lam}; every other arrow tips over.", **values
        )
    return T(
        "eigenvectors.only_stretch", "Arrows on that line are stretched ×{lam}; every other arrow tips over.", **values
    )


def complex_text(value: complex) -> tuple[str, str]:
    """``a ± bi`` for the eigenvalue pair, in Typst and LaTeX."""
    a, b = style.fmt(value.real), style.fmt(abs(value.imag))
    if a == "0":
        return f"lambda = plus.minus {b} i", rf"\lambda = \pm {b} i"
    return f"lambda = {a} plus.minus {b} i", rf"\lambda = {a} \pm {b} i"


def result_captions(model) -> list[str]:
    """The plain-English reading of what the matrix did, true for every kind."""
    kind, lams, effects = model.kind, model.eigenvalues, model.effects
    if kind == "complex":
        z = lams[0]
        return [
            T("eigenvectors.complex_none", "No real direction stays put: every arrow is knocked off its line."),
            T(
                "eigenvectors.complex_turn",
                "The eigenvalues {re} ± {im}i are complex: at heart a turn by {angle}° with a scale of {scale}.",
                re=shown(z.real),
                im=shown(abs(z.imag)),
                angle=num(model.rotation_degrees, 1),
                scale=shown(model.rotation_scale),
            ),
        ]
    if kind == "every-line":
        lam = lams[0]
        if effects[0] == "collapse":
            return [
                T(
                    "eigenvectors.every_collapse",
                    "Every arrow is crushed to the origin: every line is an eigen-line, with λ = 0.",
                )
            ]
        if effects[0] == "keep":
            return [T("eigenvectors.every_keep", "Nothing moves: every line is an eigen-line, with λ = 1.")]
        return [
            T(
                "eigenvectors.every_scale",
                "Every line stays put: A just scales everything by {lam}, so every arrow is an eigenvector.",
                lam=shown(lam),
            )
        ]
    if kind == "repeated-one-line":
        lam = lams[0]
        return [
            T(
                "eigenvectors.one_line",
                "Only one line stays put: λ = {lam} comes twice but has just one eigen-line, like a shear.",
                lam=shown(lam),
            ),
            only_line_sentence(lam, effects[0]),
        ]
    return [
        T(
            "eigenvectors.two_lines",
            "Two lines stay put: the arrows on them are only stretched, never turned off their line.",
        ),
        T(
            "eigenvectors.two_readings",
            "{first} {second}",
            first=first_line_sentence(lams[0], effects[0]),
            second=second_line_sentence(lams[1], effects[1]),
        ),
    ]


class Eigenvectors(MovingPlaneScene):
    """A fan of arrows moves under ``matrix``; eigen-lines keep their arrows and light up.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 2x2 list, entries in [-10, 10]

    Examples
    --------
    >>> class Shear(Eigenvectors):
    ...     matrix = [[1, 1], [0, 1]]
    """

    def construct(self) -> None:
        self.build_stage()
        self.show_fan()
        self.show_matrix()
        self.move_plane()
        self.highlight_eigenlines()
        self.state_reading()

    # --- storyboard steps ---------------------------------------------------------

    def build_stage(self) -> None:
        self.build_plane([self.model.matrix], grid_opacity=0.45)
        self.bring_to_front(self._title_mob)

    def span_line(self, direction, colour, width: float = 2.0, opacity: float = 0.45) -> Line:
        """The line through the origin along ``direction``, cut to the box the picture fits."""
        d = np.asarray(direction, dtype=float)
        d = d / np.linalg.norm(d)
        xmin, xmax, ymin, ymax = self.model.bounds
        reach = min(
            (max(abs(xmin), abs(xmax)) / abs(d[0])) if abs(d[0]) > 1e-9 else np.inf,
            (max(abs(ymin), abs(ymax)) / abs(d[1])) if abs(d[1]) > 1e-9 else np.inf,
        )
        reach *= 1.08  # a little past the farthest arrow tip, inside the stage's margin
        line = Line(self.stage.point(-reach * d), self.stage.point(reach * d), color=colour, stroke_width=width)
        line.set_stroke(opacity=opacity)
        return line

    def show_fan(self) -> None:
        m = self.model
        fan = m.fan
        half = len(fan) // 2
        # one colour per arrow, once round the colour wheel: v and -v differ, so a flip is seen
        self.fan_colours = []
        for k in range(len(fan)):
            t = k / len(fan) * (len(FAN_COLOURS) - 1)
            i = min(int(t), len(FAN_COLOURS) - 2)
            self.fan_colours.append(
                interpolate_color(ManimColor(FAN_COLOURS[i]), ManimColor(FAN_COLOURS[i + 1]), t - i)
            )
        self.spans = VGroup(*[self.span_line(fan[k], style.MUTED, opacity=0.5) for k in range(half)])
        self.arrows = VGroup(*[self.stage.arrow(v, c, stroke_width=4) for v, c in zip(fan, self.fan_colours)])
        self.caption(T("eigenvectors.fan", "Each arrow starts on its own line through the origin."))
        self.play(Create(self.spans, lag_ratio=0.1), run_time=1.0)
        self.play(*[GrowArrow(a) for a in self.arrows], run_time=1.0)

    def show_matrix(self) -> None:
        m = self.model
        self.matrix_row = style.matrix_math(m.matrix, "A")
        self.rows = self.eigen_rows()
        self.layout_panel(self.matrix_row, *self.rows)
        self.play(FadeIn(self.panel_bg), Write(self.matrix_row), run_time=1.0)

    def eigen_rows(self) -> list:
        """The panel's rows naming the eigenvalues (shown once the plane has moved)."""
        m = self.model
        if m.kind == "complex":
            typst, latex = complex_text(m.eigenvalues[0])
            return [
                style.math(typst, latex, size=style.LABEL_SIZE, color=style.ACCENT),
                style.text(T("eigenvectors.no_real", "no real eigenvector"), size=style.SMALL_SIZE, color=style.MUTED),
                style.text(
                    T(
                        "eigenvectors.turn_scale",
                        "turn {angle}°, scale {scale}",
                        angle=num(m.rotation_degrees, 1),
                        scale=shown(m.rotation_scale),
                    ),
                    size=style.SMALL_SIZE,
                ),
            ]
        if m.kind == "every-line":
            lam = style.fmt(m.eigenvalues[0])
            return [
                style.math(f"lambda = {lam}", rf"\lambda = {lam}", size=style.LABEL_SIZE, color=LINE_COLOURS[0]),
                style.text(
                    T("eigenvectors.every_vector", "every vector is an eigenvector"),
                    size=style.SMALL_SIZE,
                    color=style.MUTED,
                ),
            ]
        rows = []
        many = len(m.eigenvalues) > 1
        for k, (lam, vec) in enumerate(zip(m.eigenvalues, m.eigenvectors)):
            sub = f"_{k + 1}" if many else ""
            lam_s, x, y = style.fmt(lam), style.fmt(vec[0]), style.fmt(vec[1])
            sep = style.list_separator()  # λ = 1,5; v = ... where the comma is the decimal sign
            rows.append(
                style.math(
                    f"lambda{sub} = {lam_s}{sep} quad v{sub} = vec({x}, {y})",
                    rf"\lambda{sub} = {lam_s}{sep} \quad v{sub} = \begin{{bmatrix}}{x}\\{y}\end{{bmatrix}}",
                    size=style.LABEL_SIZE,
                    color=LINE_COLOURS[k],
                )
            )
        if m.kind == "repeated-one-line":
            repeated = T("eigenvectors.repeated", "repeated: only one eigen-line")
            rows.append(style.text(repeated, size=style.SMALL_SIZE, color=style.MUTED))
        return rows

    def move_plane(self) -> None:
        m = self.model
        targets = [self.stage.arrow(m.matrix @ v, c, stroke_width=4) for v, c in zip(m.fan, self.fan_colours)]
        self.caption(T("eigenvectors.apply", "Now apply A: watch which arrows leave their line."))
        # Transform moves each point in a straight line, as the plane does: every tip stays at (current A) v
        self.play(
            self.motion.to(m.matrix, run_time=3.0),
            *[Transform(a, t, run_time=3.0) for a, t in zip(self.arrows, targets)],
        )
        self.wait(0.5)

    def on_line(self, v, line) -> bool:
        return abs(v[0] * line[1] - v[1] * line[0]) < 1e-7

    def highlight_eigenlines(self) -> None:
        m = self.model
        captions = result_captions(m)
        self.caption(captions[0])
        anims = []
        self.eigen_lines: list[Line] = []
        if m.kind == "complex":
            anims.append(self.spans.animate.set_stroke(opacity=0.8))
        elif m.kind == "every-line":
            anims.append(self.spans.animate.set_stroke(color=LINE_COLOURS[0], width=3, opacity=0.9))
        else:
            keep = []
            for k, vec in enumerate(m.eigenvectors):
                line = self.span_line(vec, LINE_COLOURS[k], width=5, opacity=0.9)
                self.eigen_lines.append(line)
                anims.append(Create(line))
                mine = [i for i, v in enumerate(m.fan) if self.on_line(v, vec)]
                anims += [self.arrows[i].animate.set_color(LINE_COLOURS[k]) for i in mine]
                keep += mine
            for i, arrow in enumerate(self.arrows):
                if i not in keep:
                    anims.append(arrow.animate.set_opacity(0.25))
            self.eigen_arrows = [self.arrows[i] for i in keep]
        self.play(*anims, run_time=1.2)
        if self.rows:
            self.play(*[FadeIn(r, shift=0.2 * DOWN) for r in self.rows], run_time=0.8)
        if m.kind in ("real-distinct", "repeated-one-line"):
            self.bring_to_front(*self.eigen_arrows)
            self.label_eigen_arrows()
        self.wait(1.0)
        for text in captions[1:]:
            self.caption(text)
            self.wait(2.0)

    def label_eigen_arrows(self) -> None:
        """``λ = value`` beside the tip of each eigenvector's image A v = λ v, clear of every line.

        Past the tip, along its own eigen-line, the line would run through the
        label; so each label sits to the side of its line (the side away from the
        other eigen-line), off both eigen-lines, the arrows and, where there is
        room, the faint lines of the fan.
        """
        m = self.model
        many = len(m.eigenvalues) > 1
        self.eigen_labels = []
        for k, lam in enumerate(m.eigenvalues):
            sub = f"_{k + 1}" if many else ""
            lab = style.math(
                f"lambda{sub} = {style.fmt(lam)}",
                rf"\lambda{sub} = {style.fmt(lam)}",
                size=style.LABEL_SIZE,
                color=LINE_COLOURS[k],
            )
            lab.add_background_rectangle(color=style.BACKGROUND, opacity=0.7, buff=0.05)
            self.eigen_labels.append(lab)
        self.place_eigen_labels()
        self.play(*[FadeIn(lab) for lab in self.eigen_labels], run_time=0.6)

    def place_eigen_labels(self) -> None:
        m = self.model
        lines = [(ln.get_start(), ln.get_end()) for ln in self.eigen_lines]
        arrows = [(a.get_start(), a.get_end()) for a in self.arrows if isinstance(a, Line)]
        spans = [(ln.get_start(), ln.get_end()) for ln in self.spans]
        fixed = [ob for ob in self.label_obstacles() if ob is not None]
        placed: list = []
        for k, (lab, vec) in enumerate(zip(self.eigen_labels, m.eigenvectors)):
            tip = np.asarray(m.matrix, dtype=float) @ np.asarray(vec, dtype=float)
            if np.linalg.norm(tip) < 1e-9:  # λ = 0: the arrow is crushed, label beside where it was
                tip = np.asarray(vec, dtype=float)
            d = np.asarray(vec, dtype=float) / np.linalg.norm(vec)
            side = np.array([-d[1], d[0]])
            others = [np.asarray(v, dtype=float) for j, v in enumerate(m.eigenvectors) if j != k]
            if others:  # the side farther from the other eigen-line
                e = others[0] / np.linalg.norm(others[0])
                near, far = tip + side, tip - side
                if abs(e[0] * far[1] - e[1] * far[0]) > abs(e[0] * near[1] - e[1] * near[0]):
                    side = -side
            anchor = self.stage.point(tip)
            pref = np.array([side[0], side[1], 0.0])
            # first clear of every line drawn; then of the eigen-lines and arrows only
            for segments in (lines + arrows + spans, lines + arrows, lines):
                boxes = [b for a, z in segments for b in segment_boxes(a, z)]
                place_labels([lab], [anchor], [pref], obstacles=fixed + placed + boxes, buff=0.12)
                box = box_of(lab)
                if not any(segment_hits_box(a, z, box, pad=0.02) for a, z in lines):
                    break
            placed.append(box_of(lab, 0.05))

    def state_reading(self) -> None:
        if self.model.kind != "complex":
            self.caption(
                T(
                    "eigenvectors.reading",
                    "An eigenvector is a direction the matrix only stretches; the eigenvalue is by how much.",
                )
            )
        self.wait(2.0)
