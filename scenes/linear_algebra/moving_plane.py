"""The stage the linear-algebra scenes share: a grid that moves as a whole,
labels that follow it, and a numbers panel on the right."""

from __future__ import annotations

import numpy as np
from manim import BackgroundRectangle, Create, Mobject, VGroup

from scenes import style
from scenes.base import IntuitionScene
from scenes.plane import GRID_LINES, PlaneMotion, PlaneStage, dim, panel_group, segment_boxes

# the plane counts as squashed onto a line when its short half-axis is below this share of its long one:
# the grid lines then crowd into one band, which no label may sit on
SQUASHED = 0.1


class MovingPlaneScene(IntuitionScene):
    """Subclasses call :meth:`build_plane` with the matrices the plane will visit
    (so the grid still covers the frame there), then lay out their panel."""

    panel_bg: Mobject | None = None

    def build_plane(self, matrices, *, grid_opacity: float = 1.0, run_time: float = 1.0) -> None:
        self.show_title()
        self.stage = PlaneStage(self.model.bounds, top=self.content_top, bottom=self.content_bottom)
        self.motion = PlaneMotion(self.stage, obstacles=self.label_obstacles)
        self.grid = self.stage.moving_plane(matrices)
        if grid_opacity < 1.0:  # fainter lines; the axes stay stronger than them
            dim(self.grid, GRID_LINES[1] * grid_opacity)
        self.add(self.stage.background_plane())
        # above the still background plane: manim redraws every mobject from the first one that
        # moves (this updater's) on, so the plane is drawn once per play
        self.add(self.motion.label_layout)
        self.play(Create(self.grid, run_time=run_time, lag_ratio=0.05))
        self.motion.ride(self.grid)

    def label_obstacles(self) -> list:
        return [self._title_mob, self.panel_bg, self._caption_mob, *self.squashed_line()]

    def squashed_line(self) -> list:
        """The line the plane is (nearly) squashed onto, across the view, as boxes (none while it is not)."""
        u, s, _ = np.linalg.svd(self.motion.current())
        if s[0] < 1e-9 or s[1] > SQUASHED * s[0]:
            return []
        reach = self.stage.extent * 1.5  # past the view's corners: the grid covers the view
        a, b = self.stage.point(-reach * u[:, 0]), self.stage.point(reach * u[:, 0])
        return segment_boxes(a, b, pad=0.03, piece=0.25)

    def layout_panel(self, *rows: Mobject) -> VGroup:
        """Lay out every row now, so the panel's background fits what comes later."""
        self.panel = panel_group(*rows, top=self.content_top, box=self.stage.panel_box)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)
        return self.panel
