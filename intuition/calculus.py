"""Calculus and optimisation models: slopes, gradients, descent runs, critical points.

Every number the calculus scenes draw is a field of one of these frozen
dataclasses (``inspect`` prints them). Functions are user formulas parsed by
:mod:`intuition.expressions`; undefined points come back as nan, and the
models turn them into narratable fields (``kind="undefined"``,
``diverged=True``) rather than exceptions. Pure numpy: no manim here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from intuition.expressions import Expression, parse
from intuition.geometry import clip_range

SAMPLES = 801  # graph samples across the view: fine enough that pieces look smooth
JUMP_FRACTION = 0.3  # a step this big a fraction of the view height is a break, not a slope


# --- graphs in pieces -----------------------------------------------------------------


def function_of(text: str, variables: tuple[str, ...] = ("x", "y")) -> tuple[Expression, int]:
    """Parse ``text`` over x (and y if it uses y): the expression and its dimension."""
    full = parse(text, ("x", "y"))
    if any(s.name == "y" for s in full.sym.free_symbols):
        return full, 2
    return parse(text, ("x",)), 1


def view_range(values, include=(), pad: float = 0.08) -> tuple[float, float]:
    """A y-range that shows the curve without letting poles (1/x) flatten it.

    The full range is used unless a few samples run far beyond the bulk (a
    pole); then the range is the bulk plus a margin. Points in ``include``
    (the marked point, the secant's far end) are always inside.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    extra = [float(p) for p in include if p is not None and np.isfinite(p)]
    if v.size == 0:
        v = np.array(extra or [0.0])
    mn, mx = float(v.min()), float(v.max())
    q5, q95 = (float(q) for q in np.percentile(v, [5, 95]))
    r = q95 - q5
    if r > 0 and mx - mn > 3 * r:  # a pole: keep the bulk
        mn, mx = max(mn, q5 - 0.25 * r), min(mx, q95 + 0.25 * r)
    for p in extra:
        mn, mx = min(mn, p), max(mx, p)
    span = mx - mn
    if span < 1e-9:
        mn, mx, span = mn - 1.0, mx + 1.0, 2.0
    return (mn - pad * span, mx + pad * span)


def graph_pieces(xs, ys, y_range) -> list[np.ndarray]:
    """The sampled curve cut where it is undefined, jumps, or leaves ``y_range``.

    Each piece is a (k, 2) array of points inside the y band; a segment that
    crosses the band's edge is cut at the edge, so the curve runs up to the
    frame and stops there.
    """
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    lo, hi = y_range
    jump = JUMP_FRACTION * (hi - lo)
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []

    def close() -> None:
        nonlocal current
        if len(current) >= 2:
            pieces.append(current)
        current = []

    for k in range(len(xs) - 1):
        x0, y0, x1, y1 = xs[k], ys[k], xs[k + 1], ys[k + 1]
        if not (np.isfinite(y0) and np.isfinite(y1)) or (abs(y1 - y0) > jump and not _both_outside(y0, y1, lo, hi)):
            close()
            continue
        seg = _clip_segment(x0, y0, x1, y1, lo, hi)
        if seg is None:
            close()
            continue
        (a, b), cut_end = seg[:2], seg[2]
        if current and np.hypot(current[-1][0] - a[0], current[-1][1] - a[1]) > 1e-12:
            close()
        if not current:
            current.append(a)
        current.append(b)
        if cut_end:
            close()
    close()
    return [np.array(p) for p in pieces]


def _both_outside(y0, y1, lo, hi) -> bool:
    # a steep run that stays beyond the band on one side is not a break; it is just clipped
    return (y0 > hi and y1 > hi) or (y0 < lo and y1 < lo)


def _clip_segment(x0, y0, x1, y1, lo, hi):
    """The part of a segment inside lo <= y <= hi, and whether its end was cut."""
    dy = y1 - y0
    # inside means sign * (y - bound) >= 0
    kept = clip_range((-sign * dy, sign * (y0 - bound)) for bound, sign in ((lo, 1), (hi, -1)))
    if kept is None:
        return None
    t0, t1 = kept
    a = (x0 + t0 * (x1 - x0), y0 + t0 * dy)
    b = (x0 + t1 * (x1 - x0), y0 + t1 * dy)
    return a, b, t1 < 1.0


# --- derivative -------------------------------------------------------------------------


@dataclass(frozen=True)
class Secant:
    h: float
    x1: float  # the second point, x0 + h
    y1: float | None
    slope: float | None  # (f(x0 + h) - f(x0)) / h; None where f(x0 + h) is undefined


@dataclass(frozen=True)
class Derivative:
    f: str
    f_latex: str
    f_typst: str
    derivative_latex: str
    derivative_typst: str
    x0: float
    y0: float | None  # None: f is undefined at x0
    kind: str  # 'smooth' | 'kink' | 'vertical' | 'jump' | 'undefined'
    differentiable: bool
    derivative: float | None  # f'(x0) from the symbolic derivative, when it exists
    left_slope: float | None  # limit of the difference quotient from the left
    right_slope: float | None
    secant_slopes: list[Secant]  # h > 0, shrinking
    left_secant_slopes: list[Secant]  # h < 0, the same sizes: the scene shows them at a kink
    tangent_intercept: float | None  # tangent y = derivative * (x - x0) + y0, as y at x = 0
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    derivative_range: tuple[float, float]  # y range of the f'(x) trace
    pieces: list[np.ndarray] = field(repr=False)
    derivative_pieces: list[np.ndarray] = field(repr=False)


def one_sided_slope(fn: Expression, x0: float, side: int, h: float) -> float | None:
    """Second-order one-sided difference quotient; None where f is undefined nearby."""
    s = side * h
    f0, f1, f2 = (float(fn(x0 + k * s)) for k in (0, 1, 2))
    if not all(np.isfinite(v) for v in (f0, f1, f2)):
        return None
    return (-3 * f0 + 4 * f1 - f2) / (2 * s)


def _side_kind(fn: Expression, x0: float, side: int, h: float) -> str:
    """'ok', 'vertical' (slope grows as h shrinks), 'jump' or 'undefined' on one side."""
    f0 = float(fn(x0))
    near, nearer = float(fn(x0 + side * h)), float(fn(x0 + side * h / 100))
    if not (np.isfinite(near) and np.isfinite(nearer)):
        return "undefined"
    gap, gap_small = abs(near - f0), abs(nearer - f0)
    if gap_small > 1e-6 * (1 + abs(f0)) and gap_small > 0.5 * gap:
        return "jump"
    s, s_small = one_sided_slope(fn, x0, side, h), one_sided_slope(fn, x0, side, h / 100)
    if s is None or s_small is None:
        return "undefined"
    if abs(s_small) > 100 and abs(s_small) > 3 * abs(s):
        return "vertical"
    return "ok"


def _secants(fn: Expression, x0: float, y0: float | None, hs) -> list[Secant]:
    out = []
    for h in hs:
        y1 = float(fn(x0 + h))
        ok = y0 is not None and np.isfinite(y1)
        out.append(
            Secant(
                h=float(h), x1=float(x0 + h), y1=y1 if np.isfinite(y1) else None, slope=(y1 - y0) / h if ok else None
            )
        )
    return out


STEEP = 30.0  # the whole curve spans this many times more height than the part near x0: zoom in


def derivative_view(xs, ys, x0: float, y0: float | None, slope: float | None = None) -> tuple[float, float]:
    """The y range of the derivative scene's graph.

    Normally the whole curve (poles trimmed by :func:`view_range`). A very steep
    curve (exp(10*x), 100*x**5) would be squashed flat near x0, so then the
    view is the curve's height over the stretch near x0 instead, and the rest
    runs off the top or bottom of the box (it is drawn up to the edge).
    """
    full = view_range(ys, [y0])
    width = xs[-1] - xs[0]
    near = np.abs(xs - x0) <= 0.15 * width
    if not np.any(np.isfinite(ys[near])):
        return full
    local = view_range(ys[near], [y0])
    if (full[1] - full[0]) <= STEEP * (local[1] - local[0]):
        return full
    # steep: narrow the stretch until the curve's rise there is about what the tangent
    # would rise across the box (so the tangent is drawn at a readable angle)
    tangent_rise = abs(slope) * width if slope is not None and np.isfinite(slope) else 0.0
    for frac in (0.1, 0.06, 0.03):
        if local[1] - local[0] <= 1.5 * tangent_rise:
            break
        near = np.abs(xs - x0) <= frac * width
        if np.sum(np.isfinite(ys[near])) < 2:
            break
        local = view_range(ys[near], [y0])
    return local


def fit_gap(fn: Expression, x0: float, h: float, y_range, tries: int = 12) -> float:
    """``h`` halved until f(x0 + h) is defined and inside ``y_range`` (or ``h`` when that never happens)."""
    lo, hi = y_range
    g = h
    for _ in range(tries):
        y = float(fn(x0 + g))
        if np.isfinite(y) and lo <= y <= hi:
            return g
        g /= 2
    return h


def derivative(
    f: str, x0: float, x_range=(-3.0, 3.0), h: float = 1.5, steps: int = 6, shrink: float = 0.5
) -> Derivative:
    fn = parse(f, ("x",))
    d = fn.derivative()
    xmin, xmax = (float(v) for v in x_range)
    y0v = float(fn(x0))
    y0 = y0v if np.isfinite(y0v) else None
    tiny = 1e-5 * max(1.0, abs(x0))
    if y0 is None:
        kind, left, right = "undefined", None, None
    else:
        sides = {s: _side_kind(fn, x0, s, tiny) for s in (-1, 1)}
        left = one_sided_slope(fn, x0, -1, tiny) if sides[-1] == "ok" else None
        right = one_sided_slope(fn, x0, 1, tiny) if sides[1] == "ok" else None
        if "jump" in sides.values():
            kind = "jump"
        elif "vertical" in sides.values():
            kind = "vertical"
        elif left is not None and right is not None and abs(left - right) > 1e-4 * (1 + abs(left) + abs(right)):
            kind = "kink"
        elif left is None and right is None:
            kind = "undefined"
        else:
            kind = "smooth"  # one side may be outside the domain (sqrt at 0 is 'vertical' instead)
    differentiable = kind == "smooth" and left is not None and right is not None
    slope = None
    if differentiable:
        sym_value = float(d(x0))
        slope = sym_value if np.isfinite(sym_value) else (left + right) / 2
    # the secant's far point must stay in view: shrink the first h to fit the range
    h0 = min(h, 0.9 * (xmax - x0)) if x0 < xmax else h
    hs = [h0 * shrink**k for k in range(steps)]
    right_secants = _secants(fn, x0, y0, hs)
    left_secants = _secants(fn, x0, y0, [-min(v, 0.9 * (x0 - xmin)) if x0 > xmin else -v for v in hs])
    xs = np.linspace(xmin, xmax, SAMPLES)
    ys = fn(xs)
    y_range = derivative_view(xs, ys, x0, y0, slope)
    # the secant's far point must be on screen too: halve h until f(x0 + h) is in view
    shrink_right = fit_gap(fn, x0, h0, y_range) / h0
    hs = [v * shrink_right for v in hs]
    right_secants = _secants(fn, x0, y0, hs)
    if kind == "kink":
        l0 = left_secants[0].h  # negative
        shrink_left = fit_gap(fn, x0, l0, y_range) / l0
        left_secants = _secants(fn, x0, y0, [s.h * shrink_left for s in left_secants])
    dys = np.where(np.isfinite(ys), d(xs), np.nan)  # no slope where f itself is undefined (1/x for log(x), x < 0)
    d_range = view_range(dys, [slope, left, right])
    return Derivative(
        f=fn.text,
        f_latex=fn.latex,
        f_typst=fn.typst,
        derivative_latex=d.latex,
        derivative_typst=d.typst,
        x0=float(x0),
        y0=y0,
        kind=kind,
        differentiable=differentiable,
        derivative=slope,
        left_slope=left,
        right_slope=right,
        secant_slopes=right_secants,
        left_secant_slopes=left_secants,
        tangent_intercept=(y0 - slope * x0) if slope is not None else None,
        x_range=(xmin, xmax),
        y_range=y_range,
        derivative_range=d_range,
        pieces=graph_pieces(xs, ys, y_range),
        derivative_pieces=graph_pieces(xs, dys, d_range),
    )


# --- gradient field ---------------------------------------------------------------------


@dataclass(frozen=True)
class Contours:
    levels: list[float]
    segments: list[np.ndarray] = field(repr=False)  # per level, (k, 2, 2): k segments of 2 points


@dataclass(frozen=True)
class GradientField:
    f: str
    f_latex: str
    f_typst: str
    gradient_latex: tuple[str, str]
    gradient_typst: tuple[str, str]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    levels: list[float]
    point: tuple[float, float]
    value: float | None
    gradient: tuple[float, float] | None
    gradient_norm: float | None
    direction: tuple[float, float] | None  # unit uphill direction; None where the gradient is 0
    point_kind: str  # 'slope' | 'minimum' | 'maximum' | 'saddle' | 'flat' | 'undefined'
    max_arrow_norm: float  # the gradient length drawn as the longest arrow
    arrow_positions: np.ndarray = field(repr=False)
    arrow_gradients: np.ndarray = field(repr=False)
    contours: Contours = field(repr=False)
    point_contour: np.ndarray = field(repr=False)  # (k, 2, 2): the level line through the point
    grid: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)  # xs, ys, values[iy, ix]


def grid_values(fn: Expression, x_range, y_range, n: int = 81):
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, fn(gx, gy)


def contour_levels(values, count: int = 10) -> list[float]:
    """Evenly spaced heights over the bulk of the values: close lines mean steep ground."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return []
    lo, hi = (float(q) for q in np.percentile(v, [1, 97]))
    if hi - lo < 1e-9:
        return []
    step = (hi - lo) / count
    return [lo + step * (k + 0.5) for k in range(count)]


def marching_squares(xs, ys, values, level: float) -> np.ndarray:
    """Line segments (k, 2, 2) where the bilinear surface through the grid equals ``level``.

    Vectorised over the cells; a saddle cell (four crossings) joins its crossings
    by the sign of the cell's centre.
    """
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    v = np.asarray(values, float) - level
    c = [v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]]  # corners counter-clockwise
    x0, y0 = np.meshgrid(xs[:-1], ys[:-1])
    x1, y1 = np.meshgrid(xs[1:], ys[1:])
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    finite = np.isfinite(c[0]) & np.isfinite(c[1]) & np.isfinite(c[2]) & np.isfinite(c[3])
    pos = [ci > 0 for ci in c]
    cross, has = [], []
    with np.errstate(all="ignore"):
        for e in range(4):  # edges bottom, right, top, left
            a, b = e, (e + 1) % 4
            t = c[a] / (c[a] - c[b])
            px = corners[a][0] + t * (corners[b][0] - corners[a][0])
            py = corners[a][1] + t * (corners[b][1] - corners[a][1])
            cross.append(np.stack([px, py], axis=-1))
            has.append((pos[a] != pos[b]) & finite)
    cross_a, has_a = np.stack(cross), np.stack(has)  # (4, ny-1, nx-1, 2), (4, ny-1, nx-1)
    count = has_a.sum(axis=0)
    segs = []
    two = np.argwhere(count == 2)
    if len(two):
        j, i = two[:, 0], two[:, 1]
        flags = has_a[:, j, i]  # (4, k)
        first = np.argmax(flags, axis=0)
        second = 3 - np.argmax(flags[::-1], axis=0)
        segs.append(np.stack([cross_a[first, j, i], cross_a[second, j, i]], axis=1))
    four = np.argwhere(count == 4)
    if len(four):
        j, i = four[:, 0], four[:, 1]
        centre_pos = (c[0][j, i] + c[1][j, i] + c[2][j, i] + c[3][j, i]) / 4 > 0
        same = centre_pos == pos[0][j, i]
        pairs = np.where(same[:, None], np.array([[0, 3, 1, 2]]), np.array([[0, 1, 2, 3]]))  # (k, 4)
        pts = cross_a[pairs.T, j, i]  # (4, k, 2)
        segs.append(np.stack([pts[0], pts[1]], axis=1))
        segs.append(np.stack([pts[2], pts[3]], axis=1))
    if not segs:
        return np.zeros((0, 2, 2))
    return np.concatenate(segs).reshape(-1, 2, 2)


def classify_critical(fn: Expression, point, hessian: np.ndarray, scale: float) -> str:
    """'minimum', 'maximum' or 'saddle' from the Hessian's signs, or by looking around when it is 0."""
    h = np.atleast_2d(np.asarray(hessian, dtype=float))
    eig = np.linalg.eigvalsh(h) if np.all(np.isfinite(h)) else np.zeros(h.shape[0])  # unknown: look around
    tol = 1e-6 * (1 + float(np.max(np.abs(eig))))
    if np.all(eig > tol):
        return "minimum"
    if np.all(eig < -tol):
        return "maximum"
    if np.any(eig > tol) and np.any(eig < -tol):
        return "saddle"
    # degenerate (x**4, x**3): compare f on a small ring around the point
    p = np.asarray(point, float)
    r = 1e-2 * scale
    if p.size == 1:
        around = np.array([fn(p[0] - r), fn(p[0] + r)], dtype=float)
        f0 = float(fn(p[0]))
    else:
        ang = np.linspace(0, 2 * np.pi, 24, endpoint=False)
        around = fn(p[0] + r * np.cos(ang), p[1] + r * np.sin(ang))
        f0 = float(fn(p[0], p[1]))
    diff = around - f0
    eps = 1e-12 * (1 + abs(f0))
    if np.all(diff > eps):
        return "minimum"
    if np.all(diff < -eps):
        return "maximum"
    if np.all(np.abs(diff) <= eps):
        return "flat"
    return "saddle" if p.size == 2 else "inflection"


def _second_derivatives(fn: Expression) -> list[list[Expression]]:
    return [[g.derivative(v) for v in fn.variables] for g in fn.gradient()]


def _hessian_entry(s: Expression, p) -> float:
    try:
        return float(s(*p))
    except (NameError, TypeError, ValueError, ZeroDivisionError):
        # sympy functions numpy cannot evaluate (DiracDelta from relu's kink): unknown here
        return float("nan")


def hessian_fn(fn: Expression):
    """(point) -> Hessian matrix (1x1 in 1-D), from the symbolic second derivatives."""
    second = _second_derivatives(fn)

    def at(*p):
        return np.array([[_hessian_entry(s, p) for s in row] for row in second])

    return at


def hessians_at(fn: Expression, *coords) -> np.ndarray:
    """The Hessians at many points at once: ``coords`` are 1-D arrays (one per variable, same length).

    (n, dims, dims), each matrix what :func:`hessian_fn` gives at that point, with each second
    derivative evaluated over all the points in one numpy call.
    """
    second = _second_derivatives(fn)
    cs = [np.asarray(c, dtype=float).reshape(-1) for c in coords]
    n, d = cs[0].size, len(second)
    out = np.empty((n, d, d))
    for i, row in enumerate(second):
        for j, s in enumerate(row):
            try:
                out[:, i, j] = s(*cs)
            except (NameError, TypeError, ValueError, ZeroDivisionError):
                out[:, i, j] = [_hessian_entry(s, p) for p in zip(*cs)]  # point by point, as hessian_fn
    return out


def gradient_field(
    f: str, x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), point=(1.5, 1.0), arrows: int = 9
) -> GradientField:
    fn = parse(f, ("x", "y"))
    gx, gy = fn.gradient()
    xs, ys, values = grid_values(fn, x_range, y_range)
    levels = contour_levels(values)
    contours = Contours(levels, [marching_squares(xs, ys, values, c) for c in levels])
    # arrows on an inner grid, half a cell in from the edges
    ax = np.linspace(*x_range, arrows + 1)
    ay = np.linspace(*y_range, arrows + 1)
    px, py = np.meshgrid((ax[:-1] + ax[1:]) / 2, (ay[:-1] + ay[1:]) / 2)
    pos = np.column_stack([px.ravel(), py.ravel()])
    grads = np.column_stack([gx(pos[:, 0], pos[:, 1]), gy(pos[:, 0], pos[:, 1])])
    grads[~np.isfinite(fn(pos[:, 0], pos[:, 1]))] = np.nan  # no arrow where f itself is undefined
    norms = np.linalg.norm(grads, axis=1)
    finite = norms[np.isfinite(norms)]
    # a few huge arrows (near a pole) must not shrink all others to dots: longer ones are drawn capped
    max_norm = float(min(np.percentile(finite, 95), 6 * np.percentile(finite, 50))) if finite.size else 0.0
    if finite.size and max_norm <= 1e-12:
        max_norm = float(finite.max())
    x0, y0 = (float(v) for v in point)
    val = float(fn(x0, y0))
    g = np.array([float(gx(x0, y0)), float(gy(x0, y0))])
    scale = max(x_range[1] - x_range[0], y_range[1] - y_range[0])
    if not (np.isfinite(val) and np.all(np.isfinite(g))):
        kind, grad, norm, direction = "undefined", None, None, None
    else:
        norm = float(np.linalg.norm(g))
        grad = (float(g[0]), float(g[1]))
        if norm > 1e-9 * (1 + max_norm):
            kind, direction = "slope", (float(g[0] / norm), float(g[1] / norm))
        else:
            kind = classify_critical(fn, (x0, y0), hessian_fn(fn)(x0, y0), scale)
            direction = None
    point_contour = marching_squares(xs, ys, values, val) if np.isfinite(val) else np.zeros((0, 2, 2))
    return GradientField(
        f=fn.text,
        f_latex=fn.latex,
        f_typst=fn.typst,
        gradient_latex=(gx.latex, gy.latex),
        gradient_typst=(gx.typst, gy.typst),
        x_range=tuple(float(v) for v in x_range),
        y_range=tuple(float(v) for v in y_range),
        levels=levels,
        point=(x0, y0),
        value=val if np.isfinite(val) else None,
        gradient=grad,
        gradient_norm=norm,
        direction=direction,
        point_kind=kind,
        max_arrow_norm=max_norm,
        arrow_positions=pos,
        arrow_gradients=grads,
        contours=contours,
        point_contour=point_contour,
        grid=(xs, ys, values),
    )
