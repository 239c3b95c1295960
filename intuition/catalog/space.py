"""Scenes in space (3-D, the camera turning): a 3x3 matrix moving space, and
gradient descent rolling a ball down a surface z = f(x, y).

One topic module holds both; each entry's ``family`` says where it belongs
("linear algebra", "calculus"). The matrix model lives in
``intuition/linalg3d.py``. The descent model below adds to the run that
``intuition.optimisation.descend`` computes (called, not copied) what a 3-D
picture needs: the surface's heights on a grid, the robust height range, and
each step's path lifted onto the surface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
from pydantic import model_validator

from intuition import linalg3d, optimisation
from intuition.calculus import view_range
from intuition.catalog import SceneSpec
from intuition.expressions import parse
from intuition.params import (
    Caption,
    Color,
    Flag,
    SceneParams,
    expression_rule,
    integer_rule,
    matrix_rule,
    number_rule,
    param,
    vector_rule,
)
from intuition.words import N_

FAMILY = "linear algebra"
TITLE_HELP = "title override; empty uses the scene's own"
TURN_HELP = "how far the camera turns around the vertical axis over the video, in degrees"

Matrix3 = Annotated[tuple[tuple[float, float, float], ...], matrix_rule(3, 3, bound=5)]
Formula2 = Annotated[str, expression_rule(("x", "y"))]
Range = Annotated[tuple[float, float], vector_rule(2, bound=100)]
Point2 = Annotated[tuple[float, float], vector_rule(2, bound=100)]
Turn = Annotated[float, number_rule(0, 180)]
RANGE_ALLOWED = "two numbers [lo, hi], lo < hi, within -100..100"


# --- matrix-transform-3d -----------------------------------------------------------


class MatrixTransform3DParams(SceneParams):
    matrix: Matrix3 = param(
        ((1.0, 0.5, 0.0), (0.0, 1.0, 0.3), (0.2, 0.0, 1.2)),
        "3x3 matrix written as rows, e.g. [[1,0.5,0],[0,1,0.3],[0.2,0,1.2]]",
        allowed="3x3, entries -5..5",
        kind="matrix",
    )
    show_cube: Flag = param(True, "draw the unit cube and its volume readout (the determinant)")
    camera_turn: Turn = param(70.0, TURN_HELP, allowed="0..180")
    i_color: Color = param("#6cc04a", "colour of i-hat and the first column", allowed="manim name or #hex")
    j_color: Color = param("#e5534b", "colour of j-hat and the second column", allowed="manim name or #hex")
    k_color: Color = param("#4f8ef7", "colour of k-hat and the third column", allowed="manim name or #hex")
    title: Caption = param("", TITLE_HELP)


def _transform_model(p: MatrixTransform3DParams) -> linalg3d.Transform3D:
    return linalg3d.matrix_transform_3d(p.matrix)


# --- gradient-descent-3d -----------------------------------------------------------

SURFACE_RESOLUTION = 18  # patches per side of the drawn surface
PATH_SAMPLES = 12  # points per step of the path lifted onto the surface


@dataclass(frozen=True)
class SurfaceDescent:
    """Gradient descent on z = f(x, y), with what a 3-D picture of it needs."""

    f: str
    f_latex: str
    f_typst: str
    learning_rate: float
    steps: int
    start: tuple[float, float]
    points: np.ndarray  # (k + 1, 2): the start, then each step, while inside the view
    values: np.ndarray  # f at each point
    gradients: np.ndarray  # (k + 1, 2): grad f at each point
    gradient_norms: np.ndarray  # |grad f| at each point
    diverged: bool
    diverged_at: int | None  # the step that left the view or stopped being finite
    escape_point: tuple[float, float] | None  # where that step would have gone
    escape_value: float | None  # f there (None when undefined)
    stop_reason: str | None  # diverged: 'left-view' (the step left the box) or 'undefined' (f is not defined there)
    outcome: str  # 'converged' | 'oscillating' | 'still-descending' | 'diverged'
    final_point: tuple[float, float]
    final_value: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]  # the heights drawn (a pole's spike is cut off)
    surface: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)  # xs, ys, heights[iy, ix]
    step_paths: list[np.ndarray] = field(repr=False)  # per step: (PATH_SAMPLES, 3) lifted onto the surface
    escape_path: np.ndarray | None = field(repr=False)  # diverged: from the last point to the view's edge


def clip_to_box(a, b, x_range, y_range) -> np.ndarray:
    """The last point of the segment a -> b still inside the box (a is inside)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    t = 1.0
    for i, (lo, hi) in enumerate((x_range, y_range)):
        d = b[i] - a[i]
        if d > 1e-15:
            t = min(t, (hi - a[i]) / d)
        elif d < -1e-15:
            t = min(t, (lo - a[i]) / d)
    return a + max(0.0, t) * (b - a)


def _lift(fn, a, b, z_range) -> np.ndarray:
    """The straight step a -> b in the floor, lifted onto the surface (heights kept inside z_range)."""
    s = np.linspace(0.0, 1.0, PATH_SAMPLES)[:, None]
    xy = (1 - s) * np.asarray(a, float) + s * np.asarray(b, float)
    z = fn(xy[:, 0], xy[:, 1])
    if not np.all(np.isfinite(z)):  # undefined between the two points: join the defined ones
        ok = np.isfinite(z)
        z = np.interp(s[:, 0], s[ok, 0], z[ok]) if ok.any() else np.full(len(z), z_range[0])
    return np.column_stack([xy, np.clip(z, *z_range)])


def surface_descent(
    f: str, start, learning_rate: float, steps: int, x_range=(-3.0, 3.0), y_range=(-3.0, 3.0)
) -> SurfaceDescent:
    fn = parse(f, ("x", "y"))  # f(x) alone is still a surface: a trough along y
    grads = fn.gradient()
    run = optimisation.descend(fn, grads, start, learning_rate, steps, [tuple(x_range), tuple(y_range)])
    pts = run.points
    with np.errstate(all="ignore"):
        gradients = np.array([[float(g(*p)) for g in grads] for p in pts])
    xs = np.linspace(*x_range, SURFACE_RESOLUTION + 1)
    ys = np.linspace(*y_range, SURFACE_RESOLUTION + 1)
    gx, gy = np.meshgrid(xs, ys)
    heights = fn(gx, gy)
    fine = fn(*np.meshgrid(np.linspace(*x_range, 81), np.linspace(*y_range, 81)))
    z_range = view_range(fine, list(run.values), pad=0.0)
    paths = [_lift(fn, pts[k - 1], pts[k], z_range) for k in range(1, len(pts))]
    escape_path, stop_reason = None, None
    if run.diverged:
        out = run.escape_point is not None and not (
            x_range[0] <= run.escape_point[0] <= x_range[1] and y_range[0] <= run.escape_point[1] <= y_range[1]
        )
        stop_reason = "left-view" if out and run.escape_value is not None else "undefined"
    if stop_reason == "left-view":
        edge = clip_to_box(pts[-1], run.escape_point, x_range, y_range)
        escape_path = _lift(fn, pts[-1], edge, z_range)
    return SurfaceDescent(
        f=fn.text,
        f_latex=fn.latex,
        f_typst=fn.typst,
        learning_rate=float(learning_rate),
        steps=int(steps),
        start=(float(start[0]), float(start[1])),
        points=pts,
        values=run.values,
        gradients=gradients,
        gradient_norms=np.linalg.norm(gradients, axis=1),
        diverged=run.diverged,
        diverged_at=run.diverged_at,
        escape_point=run.escape_point,
        escape_value=run.escape_value,
        stop_reason=stop_reason,
        outcome=run.outcome,
        final_point=run.final_point,
        final_value=run.final_value,
        x_range=(float(x_range[0]), float(x_range[1])),
        y_range=(float(y_range[0]), float(y_range[1])),
        z_range=(float(z_range[0]), float(z_range[1])),
        surface=(xs, ys, heights),
        step_paths=paths,
        escape_path=escape_path,
    )


class GradientDescent3DParams(SceneParams):
    f: Formula2 = param(
        "x**2 + 2*y**2 + 0.5*x*y",
        "the height z = f(x, y) of the surface to walk down, like x**2 - y**2 or sin(x)*cos(y)",
        allowed="formula in x, y",
    )
    start: Point2 = param((-2.5, 2.2), "where the ball starts, [x, y]", allowed="inside the ranges", kind="vector")
    learning_rate: Annotated[float, number_rule(0, 10, lo_open=True)] = param(
        0.15, "the step size: each step moves learning_rate times the gradient", allowed="> 0 and <= 10"
    )
    steps: Annotated[int, integer_rule(1, 40)] = param(
        15, "how many steps the ball takes", allowed="whole number 1..40"
    )
    x_range: Range = param(
        (-3.0, 3.0), "the x interval drawn; a run that leaves it has diverged", allowed=RANGE_ALLOWED, kind="vector"
    )
    y_range: Range = param(
        (-3.0, 3.0), "the y interval drawn; a run that leaves it has diverged", allowed=RANGE_ALLOWED, kind="vector"
    )
    camera_turn: Turn = param(60.0, TURN_HELP, allowed="0..180")
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def start_inside(self) -> GradientDescent3DParams:
        for name, (lo, hi) in (("x_range", self.x_range), ("y_range", self.y_range)):
            if not lo < hi:
                raise ValueError(f"parameter '{name}': must be [lo, hi] with lo < hi (got [{lo:g}, {hi:g}])")
        for v, (lo, hi), axis in zip(self.start, (self.x_range, self.y_range), "xy"):
            if not lo <= v <= hi:
                raise ValueError(
                    f"parameter 'start': must lie inside {axis}_range [{lo:g}, {hi:g}] (got {list(self.start)})"
                )
        fn = parse(self.f, ("x", "y"))
        values = [fn(*self.start)] + [g(*self.start) for g in fn.gradient()]
        if not all(np.isfinite(float(v)) for v in values):
            raise ValueError(
                f"parameter 'start': f or its slope is undefined at {list(self.start)}; start where f is defined"
            )
        return self


def _descent_model(p: GradientDescent3DParams) -> SurfaceDescent:
    return surface_descent(p.f, p.start, p.learning_rate, p.steps, p.x_range, p.y_range)


SCENES: list[SceneSpec] = [
    SceneSpec(
        name="matrix-transform-3d",
        title=N_("matrix-transform-3d.title", "A 3x3 matrix moves space"),
        concept="3x3 transforms: i, j, k land on the columns; the unit cube's volume becomes |det|",
        family=FAMILY,
        params=MatrixTransform3DParams,
        model=_transform_model,
        scene="scenes.space.matrix_transform_3d:MatrixTransform3D",
    ),
    SceneSpec(
        name="gradient-descent-3d",
        title=N_("gradient-descent-3d.title", "Gradient descent on a surface"),
        concept="descent on a surface: a ball steps downhill on z = f(x, y) while the camera turns",
        family="calculus",
        params=GradientDescent3DParams,
        model=_descent_model,
        scene="scenes.space.gradient_descent_3d:GradientDescent3D",
    ),
]
