"""Optimisation models: gradient-descent runs and landscapes of critical points.

A descent run stops (``diverged=True``) when it leaves the view or its values
stop being finite, so the scene can say so instead of raising. Critical points
are found numerically (sign changes of f' in 1-D, Newton's method on the
gradient in 2-D) and classified by the Hessian's signs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from intuition.calculus import (
    SAMPLES,
    Contours,
    classify_critical,
    contour_levels,
    function_of,
    graph_pieces,
    grid_values,
    hessian_fn,
    hessians_at,
    marching_squares,
    view_range,
)


@dataclass(frozen=True)
class DescentRun:
    learning_rate: float
    start: tuple[float, ...]
    points: np.ndarray  # (k + 1, dims): the start, then each step, while inside the view
    values: np.ndarray  # f at each point
    gradient_norms: np.ndarray
    diverged: bool
    diverged_at: int | None  # the step that left the view or stopped being finite
    escape_point: tuple[float, ...] | None  # where that step went (None when not finite)
    escape_value: float | None  # f there (None when not finite)
    outcome: str  # 'converged' | 'oscillating' | 'still-descending' | 'diverged'
    final_point: tuple[float, ...]
    final_value: float


def descend(fn, grads, start, learning_rate: float, steps: int, box, value_range=None) -> DescentRun:
    """``steps`` updates x <- x - lr * grad f(x), stopping where the run leaves ``box``.

    ``value_range`` (1-D curves): a step whose f value leaves it has left the
    picture too (near a pole), so it also stops the run.
    """
    p = np.asarray(start, dtype=float).reshape(-1)
    vlo, vhi = value_range if value_range is not None else (-np.inf, np.inf)
    lo, hi = [float(b[0]) for b in box], [float(b[1]) for b in box]
    # one point at a time, as before, with less overhead per step: f and f' as plain-number
    # functions (the same numpy operations), checks on floats, |g| as numpy's norm computes it
    f_at, g_at = fn.scalar(), [gk.scalar() for gk in grads]
    pts, vals, gnorms = [p.copy()], [float(fn(*p))], []
    diverged_at, escape, escape_value = None, None, None
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            g = np.array([gk(*p) for gk in g_at])
            gnorms.append(math.sqrt(g.dot(g)))  # np.linalg.norm of a vector: sqrt(g . g)
            nxt = p - learning_rate * g
            c = nxt.tolist()
            finite = all(math.isfinite(ci) for ci in c)
            v = f_at(*nxt) if finite else math.nan
            outside = any(ci < a for ci, a in zip(c, lo)) or any(ci > b for ci, b in zip(c, hi)) or not vlo <= v <= vhi
            if not (finite and math.isfinite(v)) or outside:
                diverged_at = k
                escape = tuple(c) if finite else None
                escape_value = v if escape is not None and math.isfinite(v) else None
                break
            p = nxt
            pts.append(p.copy())
            vals.append(v)
    last_g = np.array([float(gk(*p)) for gk in grads])
    gnorms.append(float(np.linalg.norm(last_g)) if np.all(np.isfinite(last_g)) else float("nan"))
    points = np.array(pts)
    outcome = "diverged" if diverged_at is not None else _outcome(points, np.array(gnorms), box)
    return DescentRun(
        learning_rate=float(learning_rate),
        start=tuple(float(c) for c in np.asarray(start, float).reshape(-1)),
        points=points,
        values=np.array(vals),
        gradient_norms=np.array(gnorms),
        diverged=diverged_at is not None,
        diverged_at=diverged_at,
        escape_point=escape,
        escape_value=escape_value,
        outcome=outcome,
        final_point=tuple(float(c) for c in points[-1]),
        final_value=float(vals[-1]),
    )


def _outcome(points: np.ndarray, gnorms: np.ndarray, box) -> str:
    scale = max(b[1] - b[0] for b in box)
    moves = np.diff(points, axis=0)
    last = np.linalg.norm(moves[-1]) if len(moves) else 0.0
    if gnorms[-1] < 1e-2 * (1 + gnorms[0]) or last < 1e-4 * scale:
        return "converged"
    if len(moves) >= 3:
        dots = np.einsum("ij,ij->i", moves[1:], moves[:-1])
        if np.mean(dots < 0) > 0.5:  # most steps reverse the one before: bouncing across the valley
            return "oscillating"
    return "still-descending"


@dataclass(frozen=True)
class Descent:
    f: str
    f_latex: str
    f_typst: str
    dims: int  # 1: a curve, 2: a contour map
    start: tuple[float, ...]
    steps: int
    runs: list[DescentRun]
    x_range: tuple[float, float]
    y_range: tuple[float, float]  # 1-D: the value axis; 2-D: the y axis
    pieces: list[np.ndarray] = field(repr=False)  # 1-D: the curve
    contours: Contours | None = field(repr=False)  # 2-D: the map
    grid: tuple | None = field(repr=False)


def _setup(f: str, x_range, y_range):
    fn, dims = function_of(f)
    grads = fn.gradient()
    if dims == 1:
        xs = np.linspace(*x_range, SAMPLES)
        box = [tuple(x_range)]
        return fn, grads, dims, box, xs, fn(xs)
    return fn, grads, dims, [tuple(x_range), tuple(y_range)], None, None


def _map(fn, x_range, y_range):
    xs, ys, values = grid_values(fn, x_range, y_range)
    levels = contour_levels(values, 12)
    return Contours(levels, [marching_squares(xs, ys, values, c) for c in levels]), (xs, ys, values)


def gradient_descent(f: str, start, learning_rates, steps: int, x_range=(-3.0, 3.0), y_range=(-3.0, 3.0)) -> Descent:
    fn, grads, dims, box, xs, ys = _setup(f, x_range, y_range)
    start_t = tuple(float(c) for c in np.asarray(start, float).reshape(-1))
    yr = view_range(ys, [float(fn(start_t[0]))]) if dims == 1 else None
    runs = [descend(fn, grads, start, lr, steps, box, yr) for lr in learning_rates]
    if dims == 1:
        pieces, contours, grid = graph_pieces(xs, ys, yr), None, None
    else:
        yr = tuple(float(v) for v in y_range)
        pieces = []
        contours, grid = _map(fn, x_range, y_range)
    return Descent(
        f=fn.text,
        f_latex=fn.latex,
        f_typst=fn.typst,
        dims=dims,
        start=start_t,
        steps=steps,
        runs=runs,
        x_range=tuple(float(v) for v in x_range),
        y_range=yr,
        pieces=pieces,
        contours=contours,
        grid=grid,
    )


# --- critical points ---------------------------------------------------------------


@dataclass(frozen=True)
class CriticalPoint:
    point: tuple[float, ...]
    value: float
    kind: str  # 'minimum' | 'maximum' | 'saddle' | 'inflection' (1-D) | 'flat'
    hessian_eigenvalues: tuple[float, ...]  # the curvatures along the principal directions, ascending
    curvature_directions: tuple[tuple[float, ...], ...]  # unit eigenvector of each eigenvalue, same order
    is_global: bool  # the lowest minimum in the view


def critical_points_1d(fn, x_range, limit: int = 12) -> list[tuple[float]]:
    d = fn.derivative()
    xs = np.linspace(*x_range, 4001)
    ds = d(xs)
    found: list[float] = []
    big = float(np.nanmax(np.abs(ds))) if np.any(np.isfinite(ds)) else 1.0
    for k in range(len(xs) - 1):
        a, b, da, db = xs[k], xs[k + 1], ds[k], ds[k + 1]
        if not (np.isfinite(da) and np.isfinite(db)):
            continue
        if da == 0:
            found.append(a)
        elif da * db < 0:
            found.append(_bisect(d, a, b, da))
        elif 0 < k and np.isfinite(ds[k - 1]) and abs(da) < abs(ds[k - 1]) and abs(da) <= abs(db):
            # |f'| dips without changing sign (x**3 at 0): refine the dip and keep it if it touches 0
            x = _golden_min(lambda t: abs(float(d(t))), xs[k - 1], b)
            if abs(float(d(x))) < 1e-7 * (1 + big):
                found.append(x)
    if np.isfinite(ds[-1]) and ds[-1] == 0:
        found.append(xs[-1])
    return [(x,) for x in _dedupe_1d(found, 1e-6 * (x_range[1] - x_range[0]))][:limit]


def _bisect(d, a: float, b: float, da: float) -> float:
    for _ in range(80):
        m = 0.5 * (a + b)
        dm = float(d(m))
        if not np.isfinite(dm):
            return m
        if (dm < 0) == (da < 0):
            a, da = m, dm
        else:
            b = m
    return 0.5 * (a + b)


def _golden_min(g, a: float, b: float) -> float:
    r = (np.sqrt(5) - 1) / 2
    for _ in range(80):
        c, e = b - r * (b - a), a + r * (b - a)
        if g(c) < g(e):
            b = e
        else:
            a = c
    return 0.5 * (a + b)


def _dedupe_1d(xs, tol):
    out: list[float] = []
    for x in sorted(xs):
        if not out or abs(x - out[-1]) > tol:
            out.append(float(x))
    return out


def critical_points_2d(fn, x_range, y_range, limit: int = 12) -> list[tuple[float, float]]:
    """Newton's method on grad f = 0 from a grid of starts; the zeros inside the view.

    All the starts iterate together (the gradient and Hessian of every start still
    moving in one numpy call per step); each start's steps are its own, as if run alone.
    """
    grads = fn.gradient()
    scale = max(x_range[1] - x_range[0], y_range[1] - y_range[0])
    sx, sy = np.meshgrid(np.linspace(*x_range, 9), np.linspace(*y_range, 9), indexing="ij")
    pts = np.column_stack([sx.ravel(), sy.ravel()])  # x outer, y inner: the order the starts are kept in
    moving = np.ones(len(pts), dtype=bool)
    for _ in range(60):
        idx = np.flatnonzero(moving)
        if not idx.size:
            break
        px, py = pts[idx, 0], pts[idx, 1]
        g = np.column_stack([gk(px, py) for gk in grads])
        h = hessians_at(fn, px, py)
        ok = np.isfinite(g).all(axis=1) & np.isfinite(h).all(axis=(1, 2))
        moving[idx[~ok]] = False  # undefined here: the start stops where it is
        for i, gi, hi in zip(idx[ok], g[ok], h[ok]):
            step = np.linalg.lstsq(hi, gi, rcond=None)[0]
            pts[i] = pts[i] - step
            if np.linalg.norm(step) < 1e-12 * scale:
                moving[i] = False
    g_end = np.column_stack([gk(pts[:, 0], pts[:, 1]) for gk in grads])
    found: list[np.ndarray] = []
    for p, g in zip(pts, g_end):
        inside = x_range[0] <= p[0] <= x_range[1] and y_range[0] <= p[1] <= y_range[1]
        if inside and np.all(np.isfinite(g)) and np.linalg.norm(g) < 1e-7 * (1 + scale):
            if all(np.linalg.norm(p - q) > 1e-4 * scale for q in found):
                found.append(p)
    found.sort(key=lambda q: (round(q[0], 6), round(q[1], 6)))
    return [(float(q[0]), float(q[1])) for q in found[:limit]]


def critical_points(fn, dims: int, x_range, y_range) -> list[CriticalPoint]:
    pts = critical_points_1d(fn, x_range) if dims == 1 else critical_points_2d(fn, x_range, y_range)
    hess = hessian_fn(fn)
    scale = max(x_range[1] - x_range[0], y_range[1] - y_range[0]) if dims == 2 else x_range[1] - x_range[0]
    out = []
    for p in pts:
        h = hess(*p)
        kind = classify_critical(fn, p, h, scale)
        evals, evecs = np.linalg.eigh(h)
        out.append(
            (
                p,
                float(fn(*p)),
                kind,
                tuple(float(e) for e in evals),
                tuple(tuple(float(c) for c in evecs[:, i]) for i in range(len(evals))),
            )
        )
    minima = [v for _, v, k, _, _ in out if k == "minimum"]
    lowest = min(minima) if minima else None
    tol = 1e-9 * (1 + abs(lowest)) if lowest is not None else 0
    return [
        CriticalPoint(
            point=tuple(float(c) for c in p),
            value=v,
            kind=k,
            hessian_eigenvalues=e,
            curvature_directions=d,
            is_global=k == "minimum" and v <= lowest + tol,
        )
        for p, v, k, e, d in out
    ]


def is_convex(fn, dims: int, x_range, y_range) -> bool:
    """Convex on the view: the Hessian has no negative eigenvalue at any sample."""
    if dims == 1:
        d2 = fn.derivative().derivative()
        vals = d2(np.linspace(*x_range, 401))
        vals = vals[np.isfinite(vals)]
        return bool(vals.size and vals.min() >= -1e-9 * (1 + np.abs(vals).max()))
    xs, ys = np.meshgrid(np.linspace(*x_range, 25), np.linspace(*y_range, 25), indexing="ij")
    h = hessians_at(fn, xs.ravel(), ys.ravel())
    h = h[np.isfinite(h).all(axis=(1, 2))]
    lows = np.linalg.eigvalsh(h)[:, 0] if len(h) else np.zeros(0)
    return bool(lows.size and lows.min() >= -1e-9 * (1 + np.abs(lows).max()))


@dataclass(frozen=True)
class LandscapeRun:
    run: DescentRun
    ends_at: int | None  # index into critical_points of where the run settled, if it did


@dataclass(frozen=True)
class Landscape:
    f: str
    f_latex: str
    f_typst: str
    dims: int
    convex: bool
    critical_points: list[CriticalPoint]
    runs: list[LandscapeRun]
    distinct_ends: int  # how many different critical points the runs reached
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    pieces: list[np.ndarray] = field(repr=False)
    contours: Contours | None = field(repr=False)
    grid: tuple | None = field(repr=False)


def default_starts(dims: int, x_range, y_range, count: int = 5) -> list[tuple[float, ...]]:
    """Starts spread over the view: evenly along x in 1-D, on a ring in 2-D."""
    (x0, x1), (y0, y1) = x_range, y_range
    if dims == 1:
        return [(float(x),) for x in np.linspace(x0, x1, count + 2)[1:-1]]
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, 0.8 * (x1 - x0) / 2, 0.8 * (y1 - y0) / 2
    ang = np.linspace(0, 2 * np.pi, count + 1)[:-1] + 0.3
    return [(float(cx + rx * np.cos(a)), float(cy + ry * np.sin(a))) for a in ang]


def _terrain(fn, dims: int, x_range, y_range):
    """What a landscape's view shows of f alone: its critical points, convexity, and (2-D) contour map.

    Pure in f and the view, and most of a landscape's cost: kept for the last few
    (the studio asks again whenever the starts, rate, steps or title change).
    Every call gets its own copies of the arrays.
    """
    cps, convex, contours, grid = _terrain_cached(
        fn, dims, tuple(float(v) for v in x_range), tuple(float(v) for v in y_range)
    )
    if contours is not None:
        contours = Contours(list(contours.levels), [seg.copy() for seg in contours.segments])
        grid = tuple(a.copy() for a in grid)
    return list(cps), convex, contours, grid


@lru_cache(maxsize=16)
def _terrain_cached(fn, dims: int, x_range: tuple[float, float], y_range: tuple[float, float]):
    cps = tuple(critical_points(fn, dims, x_range, y_range))
    convex = is_convex(fn, dims, x_range, y_range)
    contours, grid = _map(fn, x_range, y_range) if dims == 2 else (None, None)
    return cps, convex, contours, grid


def landscape(
    f: str, starts=(), learning_rate: float = 0.05, steps: int = 80, x_range=(-3.0, 3.0), y_range=(-3.0, 3.0)
) -> Landscape:
    fn, grads, dims, box, xs, ys = _setup(f, x_range, y_range)
    cps, convex, contours, grid = _terrain(fn, dims, x_range, y_range)
    if not starts:  # spread over the view, leaving out any that land where f is undefined (1/x at 0)
        starts = [s for s in default_starts(dims, x_range, y_range) if np.isfinite(fn(*s))]
    starts = list(starts)
    scale = max(b[1] - b[0] for b in box)
    yr = None
    if dims == 1:
        yr = view_range(ys, [c.value for c in cps] + [float(fn(s[0])) for s in starts])
    runs = []
    for s in starts:
        r = descend(fn, grads, s, learning_rate, steps, box, yr)
        end = np.array(r.final_point)
        near = [i for i, c in enumerate(cps) if np.linalg.norm(np.array(c.point) - end) < 2e-2 * scale]
        settled = r.outcome == "converged" and near
        runs.append(
            LandscapeRun(r, min(near, key=lambda i: np.linalg.norm(np.array(cps[i].point) - end)) if settled else None)
        )
    if dims == 1:
        pieces = graph_pieces(xs, ys, yr)
    else:
        yr = tuple(float(v) for v in y_range)
        pieces = []
    return Landscape(
        f=fn.text,
        f_latex=fn.latex,
        f_typst=fn.typst,
        dims=dims,
        convex=convex,
        critical_points=cps,
        runs=runs,
        distinct_ends=len({r.ends_at for r in runs if r.ends_at is not None}),
        x_range=tuple(float(v) for v in x_range),
        y_range=yr,
        pieces=pieces,
        contours=contours,
        grid=grid,
    )
