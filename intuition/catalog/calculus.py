"""Scenes of the calculus family: derivative, gradient, gradient descent, landscape.

Formulas are checked by ``expression_rule`` (``f=y`` in a 1-D scene, ``f=import
os`` and ``f=x**`` are one-line errors); cross-field rules (x0 inside x_range,
a start with as many numbers as f has variables) are model validators that
name the parameter they check.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from intuition import calculus, optimisation
from intuition.catalog import SceneSpec
from intuition.params import Caption, Flag, SceneParams, expression_rule, integer_rule, number_rule, param, vector_rule
from intuition.words import N_

Formula1 = Annotated[str, expression_rule(("x",))]
Formula2 = Annotated[str, expression_rule(("x", "y"))]
Range = Annotated[tuple[float, float], vector_rule(2, bound=100)]
Rate = Annotated[float, number_rule(0, 10, lo_open=True)]
RANGE_ALLOWED = "two numbers [lo, hi], lo < hi, within -100..100"
TITLE_HELP = "title override; empty uses the scene's own"


def _range_ok(name: str, r) -> None:
    if not r[0] < r[1]:
        raise ValueError(f"parameter '{name}': must be [lo, hi] with lo < hi (got [{r[0]:g}, {r[1]:g}])")


def _point_rule(max_points: int = 1):
    """One point: a number (for f(x)) or [x, y] (for f(x, y))."""

    def one(value: Any) -> tuple[float, ...]:
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value]
        if (
            not isinstance(value, (list, tuple))
            or len(value) not in (1, 2)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) <= 100 for v in value)
        ):
            raise ValueError(
                f"must be a number (for f(x)) or [x, y] (for f(x, y)), each within -100..100 (got {value!r})"
            )
        return tuple(float(v) for v in value)

    return one


def _check_point(value: Any) -> tuple[float, ...]:
    return _point_rule()(value)


def _check_points(value: Any) -> tuple[tuple[float, ...], ...]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or len(value) > 8:
        raise ValueError("must be a list of up to 8 starts, like [-2, 0.5, 2] or [[1, 1], [-1, 2]]; [] picks them")
    return tuple(_point_rule()(v) for v in value)


def _check_rates(value: Any) -> tuple[float, ...]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]
    ok = (
        isinstance(value, (list, tuple))
        and 1 <= len(value) <= 3
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 10 for v in value)
    )
    if not ok:
        raise ValueError(f"must be 1 to 3 learning rates, each > 0 and <= 10, like [0.1, 0.3, 1.02] (got {value!r})")
    return tuple(float(v) for v in value)


def _check_optional_rate(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 10:
        raise ValueError(f"must be a number > 0 and <= 10 (got {value!r})")
    return float(value)


OptionalRate = Annotated[float | None, BeforeValidator(_check_optional_rate)]
Point = Annotated[tuple[float, ...], BeforeValidator(_check_point)]
Points = Annotated[tuple[tuple[float, ...], ...], BeforeValidator(_check_points)]
Rates = Annotated[tuple[float, ...], BeforeValidator(_check_rates)]


def _dims(f: str) -> int:
    return calculus.function_of(f)[1]


def _check_point_dims(name: str, point, dims: int, box) -> None:
    if len(point) != dims:
        need = "one number, like 1.5" if dims == 1 else "two numbers [x, y], like [1, -1]"
        uses = "f(x)" if dims == 1 else "f uses x and y"
        raise ValueError(f"parameter '{name}': {uses}, so it needs {need} (got {list(point)})")
    for v, (lo, hi), axis in zip(point, box, "xy"):
        if not lo <= v <= hi:
            raise ValueError(f"parameter '{name}': must lie inside {axis}_range [{lo:g}, {hi:g}] (got {list(point)})")


def _check_defined(name: str, f: str, point) -> None:
    """A descent cannot start where f (or its slope) is undefined, like log(x) at x <= 0."""
    fn = calculus.function_of(f)[0]
    values = [fn(*point)] + [g(*point) for g in fn.gradient()]
    if not all(float(v) == float(v) for v in values):  # nan: undefined there
        raise ValueError(f"parameter '{name}': f or its slope is undefined at {list(point)}; start where f is defined")


# --- derivative ------------------------------------------------------------------------


class DerivativeParams(SceneParams):
    f: Formula1 = param("x**3 - 3*x", "the function of x, like x**2, sin(x), abs(x), log(x)", allowed="formula in x")
    x0: Annotated[float, number_rule(-100, 100)] = param(
        1.6, "where to take the slope", allowed="inside x_range, left of its end"
    )
    x_range: Range = param((-2.5, 2.5), "the x interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    h: Annotated[float, number_rule(0, 50, lo_open=True)] = param(
        1.5,
        "the first gap of the secant, x0 to x0 + h (shrunk to keep the second point in view)",
        allowed="> 0 and <= 50",
    )
    h_steps: Annotated[int, integer_rule(2, 10)] = param(
        6, "how many secants are drawn, h halving each time", allowed="whole number 2..10"
    )
    trace_derivative: Flag = param(True, "sweep x0 across the range and trace f'(x) beneath")
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def x0_inside_range(self) -> DerivativeParams:
        _range_ok("x_range", self.x_range)
        lo, hi = self.x_range
        if not lo <= self.x0 < hi:
            raise ValueError(
                f"parameter 'x0': must lie inside x_range [{lo:g}, {hi:g}), left of its end (got {self.x0:g})"
            )
        return self


def _derivative_model(p: DerivativeParams) -> calculus.Derivative:
    return calculus.derivative(p.f, p.x0, p.x_range, p.h, p.h_steps)


# --- gradient --------------------------------------------------------------------------


class GradientParams(SceneParams):
    f: Formula2 = param(
        "x**2 + 2*y**2", "the height f(x, y), like x**2 - y**2 or sin(x)*cos(y)", allowed="formula in x, y"
    )
    x_range: Range = param((-3.0, 3.0), "the x interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    y_range: Range = param((-3.0, 3.0), "the y interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    point: Point = param(
        (1.5, 1.0), "the point whose gradient is read out", allowed="[x, y] inside the ranges", kind="vector"
    )
    arrow_count: Annotated[int, integer_rule(4, 15)] = param(
        9, "gradient arrows per side of the grid", allowed="whole number 4..15"
    )
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def point_inside(self) -> GradientParams:
        _range_ok("x_range", self.x_range)
        _range_ok("y_range", self.y_range)
        _check_point_dims("point", self.point, 2, (self.x_range, self.y_range))
        return self


def _gradient_model(p: GradientParams) -> calculus.GradientField:
    return calculus.gradient_field(p.f, p.x_range, p.y_range, p.point, p.arrow_count)


# --- gradient descent -------------------------------------------------------------------


class GradientDescentParams(SceneParams):
    f: Formula2 = param(
        "x**2", "the function to minimise: f(x) draws a curve, f(x, y) a contour map", allowed="formula in x or x, y"
    )
    start: Point = param(
        (-2.5,),
        "where descent starts: a number for f(x), [x, y] for f(x, y)",
        allowed="inside the ranges",
        kind="vector",
    )
    learning_rate: OptionalRate = param(
        None,
        "step size of a single run; when given, replaces learning_rates",
        allowed="> 0 and <= 10, or empty",
        kind="number",
    )
    learning_rates: Rates = param(
        (0.1, 0.3, 1.02),
        "1 to 3 step sizes run side by side (too small, good, too large)",
        allowed="1..3 numbers, each > 0 and <= 10",
        kind="list",
    )
    steps: Annotated[int, integer_rule(1, 60)] = param(
        12, "how many steps each run takes", allowed="whole number 1..60"
    )
    x_range: Range = param(
        (-3.0, 3.0), "the x interval drawn; a run that leaves it has diverged", allowed=RANGE_ALLOWED, kind="vector"
    )
    y_range: Range = param((-3.0, 3.0), "f(x, y) only: the y interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def start_fits_f(self) -> GradientDescentParams:
        _range_ok("x_range", self.x_range)
        _range_ok("y_range", self.y_range)
        default_rates = type(self).model_fields["learning_rates"].default
        if self.learning_rate is not None and tuple(self.learning_rates) != tuple(default_rates):
            raise ValueError(
                "parameter 'learning_rates': give learning_rate (one run) or learning_rates (side by side), not both"
            )
        _check_point_dims("start", self.start, _dims(self.f), (self.x_range, self.y_range))
        _check_defined("start", self.f, self.start)
        return self

    def rates(self) -> tuple[float, ...]:
        if self.learning_rate is not None:
            return (self.learning_rate,)
        return self.learning_rates


def _descent_model(p: GradientDescentParams) -> optimisation.Descent:
    return optimisation.gradient_descent(p.f, p.start, p.rates(), p.steps, p.x_range, p.y_range)


# --- landscape --------------------------------------------------------------------------


class LandscapeParams(SceneParams):
    f: Formula2 = param(
        "(x**2 - 1)**2 + y**2 + 0.3*x", "the landscape: f(x) or f(x, y)", allowed="formula in x or x, y"
    )
    starts: Points = param(
        (),
        "where the descents start; [] spreads five over the view",
        allowed="up to 8 numbers (f(x)) or [x, y] pairs (f(x, y))",
        kind="list",
    )
    learning_rate: Rate = param(0.05, "step size of every descent", allowed="> 0 and <= 10")
    steps: Annotated[int, integer_rule(1, 200)] = param(80, "steps each descent takes", allowed="whole number 1..200")
    x_range: Range = param((-2.0, 2.0), "the x interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    y_range: Range = param((-2.0, 2.0), "f(x, y) only: the y interval drawn", allowed=RANGE_ALLOWED, kind="vector")
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def starts_fit_f(self) -> LandscapeParams:
        _range_ok("x_range", self.x_range)
        _range_ok("y_range", self.y_range)
        dims = _dims(self.f)
        for s in self.starts:
            _check_point_dims("starts", s, dims, (self.x_range, self.y_range))
            _check_defined("starts", self.f, s)
        return self


def _landscape_model(p: LandscapeParams) -> optimisation.Landscape:
    return optimisation.landscape(p.f, p.starts, p.learning_rate, p.steps, p.x_range, p.y_range)


SCENES: list[SceneSpec] = [
    SceneSpec(
        name="derivative",
        title=N_("derivative.title", "The derivative: the slope when you zoom in"),
        concept="derivative: the secant through x0 and x0 + h becomes the tangent as h shrinks",
        family="calculus",
        params=DerivativeParams,
        model=_derivative_model,
        scene="scenes.calculus.derivative:Derivative",
    ),
    SceneSpec(
        name="gradient",
        title=N_("gradient.title", "The gradient points uphill"),
        concept="gradient: arrows perpendicular to the contours, longest where the ground is steepest",
        family="calculus",
        params=GradientParams,
        model=_gradient_model,
        scene="scenes.calculus.gradient:Gradient",
    ),
    SceneSpec(
        name="gradient-descent",
        title=N_("gradient-descent.title", "Gradient descent and the learning rate"),
        concept="gradient descent: steps downhill; too small crawls, too large overshoots or diverges",
        family="calculus",
        params=GradientDescentParams,
        model=_descent_model,
        scene="scenes.calculus.gradient_descent:GradientDescent",
    ),
    SceneSpec(
        name="landscape",
        title=N_("landscape.title", "Minima, saddles and convexity"),
        concept="local vs global minima and saddle points; a convex bowl has one bottom",
        family="calculus",
        params=LandscapeParams,
        model=_landscape_model,
        scene="scenes.calculus.landscape:Landscape",
    ),
]
