"""What the 3-D scenes share: a camera that layers and shifts the picture, a scene
base with the title, captions and panels fixed in the frame, and the fit of the
picture to the screen for every angle the camera will turn through.

Cairo draws a 3-D scene by projecting every point each frame. Three things are
added to manim's ``ThreeDScene`` here:

- **Text stays flat on the screen.** The title, every caption and the readout
  panel are registered with ``add_fixed_in_frame_mobjects`` (``pin``); a
  caption is pinned as it is made (``caption`` below), a readout that changes
  is swapped for a new pinned mobject (``swap``), never mutated.
- **Layers.** ``SpaceCamera`` draws by layer (``set_layer``: floor, surface,
  lines, marks, then text) and sorts only the surface's patches by depth, so
  the order of the picture does not depend on the order things were added.
- **Fit.** The picture is drawn in scene units (``SpaceScene.to_scene``: math
  coordinates scaled about their centre), and ``fit_camera`` chooses the zoom
  and a screen shift so that the projection of the model's view points stays
  inside the picture region (left of the panel, between title and caption)
  for every camera angle of the planned turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import DEGREES, Line, Mobject, ThreeDScene, VGroup, VMobject, config
from manim.camera.three_d_camera import ThreeDCamera

from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.layout import place_labels
from scenes.plane import PANEL_WIDTH

# draw order, back to front; anything not marked is text and goes on top
FLOOR, SURFACE, LINES, SOLID, MARKS = 0, 1, 2, 3, 4
TEXT_LAYER = 10
DEPTH_SORTED = (SURFACE,)

PHI = 64 * DEGREES  # the camera's tilt from straight above
SCENE_RADIUS = 3.0  # the picture's view points lie within this many scene units of the origin


def set_layer(mob: Mobject, layer: int) -> Mobject:
    for m in mob.get_family():
        m.space_layer = layer
    return mob


class SpaceCamera(ThreeDCamera):
    """A ThreeDCamera that draws by layer and can shift the projected picture on screen."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.screen_shift = np.zeros(3)

    def project_points(self, points):
        out = super().project_points(points)
        out[:, 0] += self.screen_shift[0]
        out[:, 1] += self.screen_shift[1]
        return out

    def get_mobjects_to_display(self, *args, **kwargs) -> list[Mobject]:
        mobjects = super(ThreeDCamera, self).get_mobjects_to_display(*args, **kwargs)
        rot = self.get_rotation_matrix()

        def key(mob: Mobject) -> tuple[int, float]:
            layer = getattr(mob, "space_layer", TEXT_LAYER)
            if layer in DEPTH_SORTED:
                # a patch that never moves carries its centre (get_center costs as much as drawing it)
                centre = getattr(mob, "space_centre", None)
                return layer, float(np.dot(mob.get_center() if centre is None else centre, rot[2]))
            return layer, 0.0

        return sorted(mobjects, key=key)

    def screen_points(self, points, *, zoom: float = 1.0, theta: float | None = None) -> np.ndarray:
        """Where ``points`` would land on screen at ``theta`` and ``zoom`` (the camera is left as it was)."""
        saved = (self.theta_tracker.get_value(), self.zoom_tracker.get_value(), self.screen_shift.copy())
        try:
            if theta is not None:
                self.theta_tracker.set_value(theta)
            self.zoom_tracker.set_value(zoom)
            self.screen_shift = np.zeros(3)
            self.reset_rotation_matrix()  # the camera caches it between frames
            return self.project_points(np.asarray(points, dtype=float))
        finally:
            self.theta_tracker.set_value(saved[0])
            self.zoom_tracker.set_value(saved[1])
            self.screen_shift = saved[2]
            self.reset_rotation_matrix()


class SpaceScene(IntuitionScene, ThreeDScene):
    """IntuitionScene in 3-D: title and captions fixed in the frame, a fitted turning camera."""

    # the camera turns by an updater's dt: skipping advances it by exact run times, rendering
    # by whole frames, so a chunk steps through the earlier frames to reach the angle there
    skippable = False

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("camera_class", SpaceCamera)
        self._pinning = False
        self._keepers: list[Mobject] = []
        self.turn_range = (0.0, 0.0)
        super().__init__(*args, **kwargs)

    # --- text fixed in the frame ---------------------------------------------------

    def pin(self, *mobjects: Mobject) -> None:
        """Draw ``mobjects`` flat on the screen, where they are, whatever the camera does."""
        self.camera.add_fixed_in_frame_mobjects(*mobjects)

    def add(self, *mobjects: Mobject):
        if self._pinning:
            self.pin(*mobjects)
        return super().add(*mobjects)

    def show_title(self, text: str | None = None) -> Mobject:
        title = super().show_title(text)
        self.pin(title)
        return title

    def caption(self, text: str, *, animate: bool = True) -> Mobject:
        # everything the base adds while it shows the caption is the caption itself
        self._pinning = True
        try:
            return super().caption(text, animate=animate)
        finally:
            self._pinning = False

    def swap(self, old: Mobject | None, new: Mobject) -> Mobject:
        """Replace a readout by a new one, pinned to the frame (no per-frame updates)."""
        if old is not None:
            self.remove(old)
        self.pin(new)
        self.add(new)
        return new

    # --- the picture's region and the camera ----------------------------------------

    @property
    def picture_region(self) -> tuple[float, float, float, float]:
        """x0, x1, y0, y1 of the screen the 3-D picture may use: left of the panel (above it in a tall or
        square frame, where ``panel_group`` puts it below the picture)."""
        if frame.stacked():
            left, right, bottom, top = frame.split(self.content_top, self.content_bottom, PANEL_WIDTH)[0]
            return left, right, bottom + 0.1, top - 0.1
        fw = config.frame_width
        return (
            -fw / 2 + style.EDGE,
            fw / 2 - style.EDGE - PANEL_WIDTH - 0.15,
            self.content_bottom + 0.1,
            self.content_top - 0.1,
        )

    def set_view(self, view_points, weights=(1.0, 1.0, 1.0)) -> None:
        """Map math coordinates to scene units: the view points' box centred, radius SCENE_RADIUS.

        ``weights`` stretch the axes first (a surface's heights are drawn to a scale of their own).
        """
        pts = np.asarray(view_points, dtype=float).reshape(-1, 3) * np.asarray(weights, dtype=float)
        self._weights = np.asarray(weights, dtype=float)
        self._centre = (pts.min(axis=0) + pts.max(axis=0)) / 2
        radius = float(np.max(np.linalg.norm(pts - self._centre, axis=1)))
        self._scale = SCENE_RADIUS / max(radius, 1e-9)
        self._view_points = self.to_scene(view_points)

    def to_scene(self, points) -> np.ndarray:
        p = np.asarray(points, dtype=float)
        return (p * self._weights - self._centre) * self._scale

    def fit_camera(self, theta0: float, turn: float, *, phi: float = PHI, margin: float = 0.94) -> None:
        """Zoom and shift so every view point is inside ``picture_region`` at each angle of the turn."""
        self.set_camera_orientation(phi=phi, theta=theta0)
        cam: SpaceCamera = self.camera
        thetas = np.linspace(theta0, theta0 + turn, max(2, int(abs(turn) / (5 * DEGREES)) + 2))
        proj = np.vstack([cam.screen_points(self._view_points, theta=t) for t in thetas])
        lo, hi = proj[:, :2].min(axis=0), proj[:, :2].max(axis=0)
        x0, x1, y0, y1 = self.picture_region
        zoom = margin * min((x1 - x0) / max(hi[0] - lo[0], 1e-9), (y1 - y0) / max(hi[1] - lo[1], 1e-9))
        mid = (lo + hi) / 2
        self.set_camera_orientation(zoom=zoom)
        cam.screen_shift = np.array([(x0 + x1) / 2 - zoom * mid[0], (y0 + y1) / 2 - zoom * mid[1], 0.0])
        self.turn_range = (theta0, theta0 + turn)

    def start_turning(self, seconds: float) -> None:
        """Turn the camera through the rest of the planned turn over ``seconds``, then stop there."""
        tracker = self.camera.theta_tracker
        start, end = tracker.get_value(), self.turn_range[1]
        if abs(end - start) < 1e-9:
            return
        rate = (end - start) / max(seconds, 1e-6)

        def turn(mob, dt: float) -> None:
            v = mob.get_value() + rate * dt
            mob.set_value(min(v, end) if rate > 0 else max(v, end))

        tracker.add_updater(turn)
        self.add(tracker)
        # labels riding the picture are laid out after the camera has turned for the frame
        self.remove(*self._keepers)
        self.add(*self._keepers)

    # --- labels that ride the picture -------------------------------------------------

    def screen_of(self, point) -> np.ndarray:
        self.camera.reset_rotation_matrix()  # it is cached from the last frame drawn
        return self.camera.project_points(np.asarray(point, dtype=float).reshape(1, 3))[0]

    def ride(self, labels: Sequence[Mobject], anchors: Callable[[], Sequence[np.ndarray]],
             directions: Callable[[], Sequence[np.ndarray]], obstacles: Callable[[], Sequence]) -> Mobject:
        """Keep each label beside its moving 3-D anchor, flat on the screen and off the others.

        Each frame the labels are laid out on the screen (``place_labels``, the 2-D
        scenes' rule), then put back into 3-D so that the camera draws them there.
        """
        spots: dict[int, np.ndarray] = {}
        for label in labels:
            spots[id(label)] = label.get_center()
            self.camera.add_fixed_orientation_mobjects(label, center_func=lambda lab=label: spots[id(lab)])
        region = self.picture_region

        def layout(_mob) -> None:
            anchors_3d = [np.asarray(a, dtype=float) for a in anchors()]
            screen = [self.screen_of(a) for a in anchors_3d]
            dirs = []
            for a, d in zip(anchors_3d, directions()):
                s = self.screen_of(a + 0.3 * np.asarray(d, dtype=float)) - self.screen_of(a)
                dirs.append(np.array([s[0], s[1], 0.0]))
            for label, s in zip(labels, screen):
                label.move_to(np.array([s[0], s[1], 0.0]))
            place_labels(labels, [np.array([s[0], s[1], 0.0]) for s in screen], dirs,
                         obstacles=list(obstacles()), region=region)
            for label, a, s in zip(labels, anchors_3d, screen):
                # drawn at its points + project(anchor) - anchor: put its points at anchor + (spot - project)
                offset = label.get_center() - np.array([s[0], s[1], 0.0])
                spots[id(label)] = a
                label.move_to(a + offset)

        keeper = Mobject()
        keeper.add_updater(layout)
        keeper.riders = list(labels)
        layout(keeper)
        self.add(keeper)
        self._keepers.append(keeper)
        return keeper

    def unride(self, keeper: Mobject) -> None:
        """Stop laying out the labels ``ride`` gave ``keeper`` (remove them from the scene first)."""
        keeper.clear_updaters()
        self.remove(keeper)
        self._keepers.remove(keeper)
        self.camera.remove_fixed_orientation_mobjects(*keeper.riders)


def segment(a, b, color, width: float = 2.0, opacity: float = 1.0, layer: int = LINES) -> Line:
    line = Line(np.asarray(a, float), np.asarray(b, float), color=color, stroke_width=width, stroke_opacity=opacity)
    line.shade_in_3d = False
    return set_layer(line, layer)


class Arrow3DLite(VGroup):
    """An arrow in space that is cheap to move: a stroke for the shaft, a flat-shaded
    cone (a fan of triangles) for the head. ``put(start, end)`` moves it in place."""

    SIDES = 8

    def __init__(self, color, *, width: float = 5.0, head: float = 0.28, radius: float = 0.09) -> None:
        super().__init__()
        self.head_length, self.head_radius = head, radius
        self.shaft = Line(np.zeros(3), np.array([1.0, 0, 0]), color=color, stroke_width=width)
        self.faces = VGroup(*(
            VMobject(fill_color=color, fill_opacity=1.0, stroke_color=color, stroke_width=0.5)
            for _ in range(self.SIDES)
        ))
        self.add(self.shaft, self.faces)
        set_layer(self, MARKS)
        self.put(np.zeros(3), np.array([1.0, 0, 0]))

    def put(self, start, end) -> Arrow3DLite:
        start, end = np.asarray(start, float), np.asarray(end, float)
        d = end - start
        n = float(np.linalg.norm(d))
        if n < 1e-6:  # a column of zeros: nothing to draw
            self.shaft.set_points_as_corners([start, start])
            self.shaft.set_stroke(opacity=0)
            self.faces.set_fill(opacity=0).set_stroke(opacity=0)
            return self
        self.shaft.set_stroke(opacity=1)
        self.faces.set_fill(opacity=1).set_stroke(opacity=1)
        u = d / n
        head = min(self.head_length, 0.5 * n)
        base = end - head * u
        self.shaft.set_points_as_corners([start, base + 0.02 * head * u])
        helper = np.array([0, 0, 1.0]) if abs(u[2]) < 0.9 else np.array([1.0, 0, 0])
        e1 = np.cross(u, helper)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(u, e1)
        r = self.head_radius * head / self.head_length
        ring = [base + r * (np.cos(a) * e1 + np.sin(a) * e2) for a in np.linspace(0, 2 * np.pi, self.SIDES + 1)]
        for k, face in enumerate(self.faces):
            face.set_points_as_corners([ring[k], ring[k + 1], end, ring[k]])
        return self
