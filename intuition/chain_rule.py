"""The chain rule as a chain of boxes: rates multiply along the chain.

A chain ``["3*x", "sin(x)", "x**2"]`` means x -> 3x -> sin(3x) -> sin(3x)^2:
each expression is written in ``x`` and is fed the previous box's output. The
model records each box's input, output and local derivative at ``x0``, their
product, and the derivative of the whole composition computed symbolically by
sympy, which the product must equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from intuition.expressions import SYMBOLS, Expression, parse, to_typst

# one-sided slopes that differ by more than this (relative) mark a kink, like abs at 0
KINK_TOLERANCE = 1e-3
_H = 1e-6


@dataclass(frozen=True)
class ChainLink:
    text: str  # as the user wrote it, in x
    typst: str
    latex: str
    derivative_typst: str  # f'(x), the rule for this box's local rate
    input_value: float
    output_value: float
    local_derivative: float  # f'(input): how much this box stretches a nudge
    differentiable: bool  # False at a kink (abs at 0, relu at 0) or where undefined
    left_slope: float  # one-sided difference quotients, which disagree at a kink
    right_slope: float


@dataclass(frozen=True)
class ChainRule:
    chain: tuple[str, ...]
    x0: float
    links: list[ChainLink]
    values: list[float]  # x0, then the output of each box
    local_derivatives: list[float]
    nudges: list[float]  # a nudge of 1 at the input, as it leaves each box: running products
    product: float  # the local derivatives multiplied
    total_derivative: float  # d/dx of the whole composition at x0, from sympy
    composition_typst: str
    composition_latex: str
    derivative_typst: str  # the symbolic derivative of the composition
    derivative_latex: str
    kind: str  # "ok" | "undefined" (a box gets an input it is not defined at) | "kink" | "zero"
    broken_at: int  # index of the first undefined or kinked box, -1 if none
    composition: Expression = field(repr=False)


def _one_sided(expr: Expression, u: float) -> tuple[float, float]:
    f0 = expr.value(u)
    return (f0 - expr.value(u - _H)) / _H, (expr.value(u + _H) - f0) / _H


def chain_rule(chain, x0: float) -> ChainRule:
    exprs = [parse(text, ("x",)) for text in chain]
    x = SYMBOLS["x"]
    links: list[ChainLink] = []
    values = [float(x0)]
    kind, broken = "ok", -1
    composed = x
    for k, e in enumerate(exprs):
        u = values[-1]
        out = e.value(u) if np.isfinite(u) else float("nan")
        d = e.derivative().value(u) if np.isfinite(u) else float("nan")
        smooth = bool(np.isfinite(out) and np.isfinite(d))
        left, right = _one_sided(e, u) if np.isfinite(u) else (float("nan"), float("nan"))
        if smooth:
            if not (np.isfinite(left) and np.isfinite(right)):
                smooth = False
            elif abs(left - right) > KINK_TOLERANCE * max(1.0, abs(left), abs(right)):
                smooth = False
        if not smooth and broken < 0:
            broken = k
            kind = "undefined" if not np.isfinite(out) or not np.isfinite(d) else "kink"
        links.append(
            ChainLink(
                text=e.text,
                typst=e.typst,
                latex=e.latex,
                derivative_typst=e.derivative().typst,
                input_value=u,
                output_value=float(out),
                local_derivative=float(d),
                differentiable=smooth,
                left_slope=float(left),
                right_slope=float(right),
            )
        )
        values.append(float(out))
        composed = e.sym.subs(x, composed)
    whole = Expression(text=str(composed), variables=("x",), sym=composed)
    dwhole = whole.derivative()
    locals_ = [link.local_derivative for link in links]
    nudges = list(np.cumprod(locals_)) if locals_ else []
    product = float(np.prod(locals_))
    total = dwhole.value(x0)
    if kind == "ok" and any(d == 0 for d in locals_):
        kind = "zero"  # a flat box kills the nudge: the whole chain has rate 0 here
    return ChainRule(
        chain=tuple(chain),
        x0=float(x0),
        links=links,
        values=values,
        local_derivatives=locals_,
        nudges=[float(n) for n in nudges],
        product=product,
        total_derivative=float(total) if kind != "kink" else float("nan"),
        composition_typst=to_typst(composed),
        composition_latex=sp.latex(composed),
        derivative_typst=dwhole.typst,
        derivative_latex=dwhole.latex,
        kind=kind,
        broken_at=broken,
        composition=whole,
    )
