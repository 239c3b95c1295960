"""matrix-transform-3d: a 3x3 matrix moves space; the unit cube's volume becomes |det|.

Every number drawn comes from ``self.model`` (``intuition/linalg3d.py``). The
picture is derived from one tracker, ``t``: space is at (1 - t) I + t A, and
the grid, the arrows, the cube and the volume readout are all read from that
matrix each frame, so they agree frame by frame. The camera turns slowly from
the cube's entrance to the end so that depth reads.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    BackgroundRectangle,
    FadeIn,
    Mobject,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
)

from intuition.linalg3d import CUBE_FACES, interpolate
from intuition.words import T, num
from scenes import style
from scenes.base import quick_fade
from scenes.plane import panel_group
from scenes.space.stage import FLOOR, SOLID, Arrow3DLite, SpaceScene, segment, set_layer

THETA0 = -118 * DEGREES  # where the camera starts: x to the lower left, y to the right, z up
DOWN = np.array([0.0, -1.0, 0.0])
LIGHT = np.array([-0.45, -0.55, 0.7]) / np.linalg.norm([-0.45, -0.55, 0.7])  # towards the light
RIGHT = np.array([1.0, 0.0, 0.0])


def shown(x: float) -> float:
    """A number as a sentence shows it, to 2 decimals: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶."""
    return round(float(x), 2)


def volume_caption(model) -> str:
    """The plain-English reading of a 3x3 determinant, for every kind of matrix."""
    det = shown(model.determinant)
    if model.orientation == "point":
        return T("matrix-transform-3d.to_point", "Every point lands on the origin (rank 0), so every volume becomes 0.")
    if model.orientation == "line":
        return T(
            "matrix-transform-3d.to_line",
            "Determinant 0: all of space is squashed onto a line (rank 1), so every volume becomes 0.",
        )
    if model.orientation == "plane":
        return T(
            "matrix-transform-3d.to_plane",
            "Determinant 0: all of space is flattened onto a plane (rank 2), so every volume becomes 0.",
        )
    same = abs(model.volume_after - 1) < 1e-9
    if model.orientation == "flips":
        if same:
            return T(
                "matrix-transform-3d.flips_same",
                "Determinant {det}: volumes stay the same, and space is turned inside out, like a mirror image.",
                det=det,
            )
        return T(
            "matrix-transform-3d.flips",
            "Determinant {det}: volumes scale by {scale}, and space is turned inside out, like a mirror image.",
            det=det,
            scale=shown(model.volume_after),
        )
    if same:
        return T(
            "matrix-transform-3d.same",
            "The determinant is how much the transform scales volume: here 1, so every volume stays the same.",
        )
    return T(
        "matrix-transform-3d.scales", "The determinant is how much the transform scales volume: here x{det}.", det=det
    )


def shape_caption(model, cube: bool = True) -> str:
    """What became of the cube (or, with no cube drawn, of space's directions)."""
    kind = model.cube_image
    if kind == "point":
        if cube:
            return T("matrix-transform-3d.cube_point", "Nothing can undo this: the cube becomes a single point.")
        return T("matrix-transform-3d.point", "Nothing can undo this: every direction is crushed to nothing.")
    if kind == "segment":
        if cube:
            return T(
                "matrix-transform-3d.cube_segment",
                "The cube becomes a segment: two of the three directions are crushed to nothing.",
            )
        return T("matrix-transform-3d.segment", "Two of the three directions are crushed to nothing.")
    if kind in ("hexagon", "parallelogram"):
        if not cube:
            return T("matrix-transform-3d.flat", "One direction is crushed to nothing.")
        if kind == "hexagon":
            return T(
                "matrix-transform-3d.cube_hexagon",
                "The cube is squashed into a flat hexagon: one direction is crushed to nothing.",
            )
        return T(
            "matrix-transform-3d.cube_parallelogram",
            "The cube is squashed into a flat parallelogram: one direction is crushed to nothing.",
        )
    return T(
        "matrix-transform-3d.cube_box",
        "The cube becomes a slanted box built on the three columns; its volume is |det A| = {volume}.",
        volume=shown(model.volume_after),
    )


def orientation_text(model) -> tuple[str, str]:
    """The panel's last row and its colour."""
    if model.orientation == "keeps-orientation":
        return T("matrix-transform-3d.kept", "orientation kept"), style.POSITIVE
    if model.orientation == "flips":
        return T("matrix-transform-3d.flipped", "orientation flipped"), style.NEGATIVE
    if model.orientation == "plane":
        return T("matrix-transform-3d.rank_2", "flattened onto a plane: rank 2"), style.NEGATIVE
    if model.orientation == "line":
        return T("matrix-transform-3d.rank_1", "squashed onto a line: rank 1"), style.NEGATIVE
    return T("matrix-transform-3d.rank_0", "squashed to a point: rank 0"), style.NEGATIVE


def column_text(k: int, col) -> str:
    """Where the k-th basis arrow lands, in words."""
    x, y, z = (shown(v) for v in col)
    if k == 0:
        return T("matrix-transform-3d.i_lands", "î lands on ({x}, {y}, {z})", x=x, y=y, z=z)
    if k == 1:
        return T("matrix-transform-3d.j_lands", "ĵ lands on ({x}, {y}, {z})", x=x, y=y, z=z)
    return T("matrix-transform-3d.k_lands", "k̂ lands on ({x}, {y}, {z})", x=x, y=y, z=z)


class MatrixTransform3D(SpaceScene):
    """The lattice, i-hat, j-hat, k-hat and the unit cube move under a 3x3 matrix.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 3x3 list, entries in [-5, 5]
    show_cube : bool
    camera_turn : degrees the camera turns over the video
    i_color, j_color, k_color : manim colour name or hex

    Examples
    --------
    >>> class Flatten(MatrixTransform3D):
    ...     matrix = [[1, 0, 1], [0, 1, 1], [0, 0, 0]]
    """

    def construct(self) -> None:
        self.build_stage()
        self.show_basis()
        self.show_panel()
        if self.params.show_cube:
            self.draw_cube()
        self.start_turning(self.turn_seconds())
        self.apply_matrix()
        self.read_result()

    def turn_seconds(self) -> float:
        # from here to the end: the move, and the two captions after it
        return 4.0 + (6.2 if self.params.show_cube else 4.4)

    # --- storyboard steps ----------------------------------------------------------------

    def build_stage(self) -> None:
        m, p = self.model, self.params
        self.show_title()
        self.set_view(m.view_points)
        self.fit_camera(THETA0, p.camera_turn * DEGREES)
        self.t = ValueTracker(0.0)  # how far space is from I towards A
        self.i_col, self.j_col, self.k_col = (style.color(c) for c in (p.i_color, p.j_color, p.k_color))
        # the lattice where it starts, faint, stays put to compare against
        self.ghost = VGroup(
            *(segment(self.to_scene(a), self.to_scene(b), style.GRID_FAINT, 1.5) for a, b in m.grid_lines)
        )
        set_layer(self.ghost, FLOOR)
        self.grid = VGroup()
        for k, (a, b) in enumerate(m.grid_lines):
            through_origin = np.linalg.norm(np.cross(a, b - a)) < 1e-9
            colour, width = (style.MUTED, 2.5) if through_origin else (style.GRID, 1.6)
            self.grid.add(segment(self.to_scene(a), self.to_scene(b), colour, width, 0.9))
            self.grid[k].ends = (a, b)
        self.play(quick_fade(self.ghost, fade_in=True, run_time=0.6), quick_fade(self.grid, fade_in=True, run_time=0.6))

    def current(self) -> np.ndarray:
        return interpolate(self.model.matrix, self.t.get_value())

    def show_basis(self) -> None:
        self.arrows = [Arrow3DLite(c) for c in (self.i_col, self.j_col, self.k_col)]
        self.basis = np.eye(3)
        origin = self.to_scene(np.zeros(3))
        self.labels = [
            style.math("hat(i)", r"\hat{\imath}", color=self.i_col),
            style.math("hat(j)", r"\hat{\jmath}", color=self.j_col),
            style.math("hat(k)", r"\hat{k}", color=self.k_col),
        ]

        def grow(_mob, alpha: float) -> None:
            for arrow, e in zip(self.arrows, self.basis):
                arrow.put(origin, self.to_scene(alpha * e + (1 - alpha) * 0.02 * e))

        self.caption(
            T("matrix-transform-3d.recipe", "A 3x3 matrix is a recipe too: its columns say where î, ĵ and k̂ land.")
        )
        self.add(*self.arrows)
        self.play(UpdateFromAlphaFunc(Mobject(), grow), run_time=1.0)
        self.ride(
            self.labels,
            anchors=lambda: [self.to_scene(self.current() @ e) for e in self.basis],
            directions=lambda: [self.current() @ e if np.linalg.norm(self.current() @ e) > 1e-6 else e
                                for e in self.basis],
            obstacles=lambda: [o for o in (self._title_mob, self._caption_mob, getattr(self, "panel_bg", None)) if o],
        )
        self.play(*(FadeIn(label) for label in self.labels), run_time=0.5)

    def show_panel(self) -> None:
        m = self.model
        a = m.columns
        self.matrix_row = style.matrix_math(m.matrix, "A")
        self.column_rows = [
            style.text(column_text(k, col), size=style.SMALL_SIZE, color=c)
            for k, (col, c) in enumerate(zip(a, (self.i_col, self.j_col, self.k_col)))
        ]
        self.volume_value = style.number(1.0, 2, size=style.LABEL_SIZE, color=style.POSITIVE)
        volume_word = style.text(T("matrix-transform-3d.volume", "volume:"), size=style.LABEL_SIZE)
        self.volume_row = VGroup(volume_word, self.volume_value).arrange(RIGHT, buff=0.15)
        det_colour = style.NEGATIVE if m.determinant < 0 else style.POSITIVE
        self.det_row = style.text(f"det A = {num(shown(m.determinant))}", color=det_colour)
        words, colour = orientation_text(m)
        self.orientation_row = style.text(words, size=style.SMALL_SIZE, color=colour)
        rows = [self.matrix_row, *self.column_rows]
        if self.params.show_cube:
            rows.append(self.volume_row)
        rows += [self.det_row, self.orientation_row]
        self.panel = panel_group(*rows, top=self.content_top)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)
        self.pin(self.panel_bg, self.panel)
        self.play(quick_fade(self.panel_bg, fade_in=True), quick_fade(self.matrix_row, fade_in=True), run_time=0.8)
        self.play(*(FadeIn(r, shift=0.2 * DOWN) for r in self.column_rows), run_time=0.7)

    def cube_faces(self) -> VGroup:
        faces = VGroup(*(VMobject(stroke_width=1.5) for _ in CUBE_FACES))
        set_layer(faces, SOLID)
        self.shape_cube(faces)
        return faces

    def shape_cube(self, faces: VGroup) -> None:
        corners = self.to_scene(self.model.cube_corners @ self.current().T)
        colour = style.color(style.NEGATIVE if np.linalg.det(self.current()) < -1e-9 else style.POSITIVE)
        dark = style.color(style.BACKGROUND)
        for face, idx in zip(faces, CUBE_FACES):
            c = corners[list(idx)]
            face.set_points_as_corners([*c, c[0]])
            # lit from a light fixed in space, so the faces read as a solid
            normal = np.cross(c[2] - c[0], c[3] - c[1])
            n = float(np.linalg.norm(normal))
            light = 0.55 + 0.45 * abs(float(np.dot(normal / n, LIGHT))) if n > 1e-9 else 1.0
            face.set_fill(interpolate_color(dark, colour, light), opacity=face.get_fill_opacity(), family=False)
            face.set_stroke(colour, family=False)

    def draw_cube(self) -> None:
        self.cube = self.cube_faces()
        self.cube.set_fill(opacity=0.22).set_stroke(opacity=0.9)
        self.pin(self.volume_row)
        self.caption(T("matrix-transform-3d.cube", "The unit cube, built on î, ĵ and k̂, has volume 1."))
        self.play(quick_fade(self.cube, fade_in=True), quick_fade(self.volume_row, fade_in=True), run_time=0.8)
        self.wait(0.5)

    def follow(self, _mob) -> None:
        """Every frame: put the lattice, the arrows and the cube where the current matrix sends them."""
        mt = self.current()
        for line in self.grid:
            a, b = line.ends
            line.set_points_as_corners([self.to_scene(mt @ a), self.to_scene(mt @ b)])
        origin = self.to_scene(np.zeros(3))
        for arrow, e in zip(self.arrows, self.basis):
            arrow.put(origin, self.to_scene(mt @ e))
        if self.params.show_cube:
            self.shape_cube(self.cube)
            self.volume_value.set_value(abs(np.linalg.det(mt)))
            self.pin(self.volume_value)  # set_value makes new glyphs: pin them too

    def apply_matrix(self) -> None:
        self.caption(
            T(
                "matrix-transform-3d.watch",
                "Watch î, ĵ and k̂ land on the columns; grid lines stay straight, parallel and evenly spaced.",
            )
        )
        driver = Mobject()
        driver.add_updater(self.follow)
        self.add(driver)
        self.play(self.t.animate.set_value(1.0), run_time=4.0)
        driver.clear_updaters()
        self.remove(driver)
        self.follow(driver)
        if self.params.show_cube:
            self.volume_value.set_value(self.model.volume_after)
            self.pin(self.volume_value)

    def read_result(self) -> None:
        m = self.model
        self.pin(self.det_row, self.orientation_row)
        self.caption(volume_caption(m))
        anims = [quick_fade(self.det_row, fade_in=True), quick_fade(self.orientation_row, fade_in=True)]
        if self.params.show_cube:
            anims.append(self.cube.animate.set_fill(opacity=0.45))
        self.play(*anims, run_time=0.8)
        self.wait(1.6)
        if self.params.show_cube or m.rank < 3:
            self.caption(shape_caption(m, self.params.show_cube))
            self.wait(2.6)
        self.wait(0.6)
