"""Safe user formulas: ``sin(x)*x**2``, ``exp(-x**2/2)``, ``x**2 + 3*y**2``.

The text is parsed by Python's ``ast`` (parsing never runs code) and the tree is
walked against a whitelist: numbers, the allowed variables, ``+ - * / **``,
unary minus and calls of known functions. The whitelisted tree is translated
node by node into sympy (so sympy never parses user text either), which gives
the derivative, LaTeX, and a numpy function. Typst cannot load its LaTeX
compatibility package offline, so a small printer of our own writes Typst math.

Nothing here calls ``eval``/``exec`` on user text.
"""

from __future__ import annotations

import ast
import cmath
import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np
import sympy as sp

from intuition.errors import ExpressionError

MAX_LENGTH = 300
MAX_NODES = 200
MAX_DEPTH = 40
MAX_LITERAL = 1e6
MAX_EXPONENT = 64

_x, _y = sp.symbols("x y", real=True)
SYMBOLS = {"x": _x, "y": _y, "t": sp.Symbol("t", real=True), "z": sp.Symbol("z", real=True)}


def _sigmoid(arg):
    return 1 / (1 + sp.exp(-arg))


def _relu(arg):
    return sp.Max(0, arg)


FUNCTIONS: dict[str, Callable] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "sigmoid": _sigmoid,
    "relu": _relu,
}
CONSTANTS = {"pi": sp.pi, "e": sp.E}


def _float_sigmoid(a):
    if isinstance(a, complex):
        return 1 / (1 + cmath.exp(-a))
    return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))


def _float_relu(a):
    if isinstance(a, complex):
        raise ValueError("relu needs a real number")
    return max(0.0, a)


# The same functions on plain numbers: constant parts of a formula are sized
# with these (fast, and they overflow loudly) instead of sympy's evalf, which
# can run for minutes on exp(exp(exp(100))).
_NUMERIC: dict[str, tuple[Callable, Callable | None]] = {
    "sin": (math.sin, cmath.sin),
    "cos": (math.cos, cmath.cos),
    "tan": (math.tan, cmath.tan),
    "asin": (math.asin, cmath.asin),
    "acos": (math.acos, cmath.acos),
    "atan": (math.atan, cmath.atan),
    "sinh": (math.sinh, cmath.sinh),
    "cosh": (math.cosh, cmath.cosh),
    "tanh": (math.tanh, cmath.tanh),
    "exp": (math.exp, cmath.exp),
    "log": (math.log, cmath.log),
    "ln": (math.log, cmath.log),
    "sqrt": (math.sqrt, cmath.sqrt),
    "abs": (abs, abs),
    "sigmoid": (_float_sigmoid, _float_sigmoid),
    "relu": (_float_relu, None),
}
MAX_MAGNITUDE = 1e300

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_OP_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def allowed_text(variables: tuple[str, ...]) -> str:
    return (
        f"allowed: numbers, the variable{'s' if len(variables) > 1 else ''} {', '.join(variables)}, "
        f"pi, e, + - * / ** and the functions {', '.join(sorted(FUNCTIONS))}"
    )


@dataclass(frozen=True)
class Expression:
    """A parsed formula: its text, sympy form, numpy function and display strings."""

    text: str
    variables: tuple[str, ...]
    sym: sp.Expr = field(repr=False)

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(SYMBOLS[v] for v in self.variables)

    @property
    def latex(self) -> str:
        return sp.latex(self.sym)

    @property
    def typst(self) -> str:
        return to_typst(self.sym)

    def derivative(self, variable: str | None = None) -> Expression:
        return _derivative(self.sym, self.variables, variable or self.variables[0])

    def gradient(self) -> tuple[Expression, ...]:
        return tuple(self.derivative(v) for v in self.variables)

    @property
    def numpy(self) -> Callable[..., np.ndarray]:
        return _lambdify(self.sym, self.variables)

    def __call__(self, *args):
        """Evaluate with numpy; undefined points (log(-1), 1/0) give nan, never raise."""
        with np.errstate(all="ignore"):
            arrays = [np.asarray(a, dtype=float) for a in args]
            out = self.numpy(*arrays)
            if type(out) in _FLOAT_RESULTS and out.dtype == np.float64:
                # the common case (a real result of the arguments' shape): the same numbers as below,
                # without the conversions; models call this thousands of times per request
                if not any(a.ndim for a in arrays):  # numbers in, a number out (0-d, as below)
                    if out.shape == ():
                        v = float(out)
                        return np.array(v if math.isfinite(v) else np.nan)
                    shape = ()
                else:
                    shape = arrays[0].shape if len(arrays) == 1 else np.broadcast_shapes(*(a.shape for a in arrays))
                if out.shape == shape:
                    out = np.array(out, dtype=float)
                    bad = ~np.isfinite(out)
                    if bad.any():
                        out[bad] = np.nan
                    return out
            out = np.asarray(out, dtype=complex if np.iscomplexobj(out) else float)
            if np.iscomplexobj(out):
                out = np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)
            out = np.broadcast_to(out, np.broadcast(*arrays).shape if arrays else ()).astype(float)
            return np.where(np.isfinite(out), out, np.nan)

    def value(self, *args: float) -> float:
        return float(self(*args))

    def scalar(self) -> Callable[..., float]:
        """A function of plain numbers giving ``float(self(*numbers))``, with less overhead per call.

        For loops that evaluate one point at a time (a descent's steps): the same numpy
        operations on the same 0-d arrays, so the same floats; nan where undefined, never raises
        for undefined points. The caller may hold ``np.errstate`` (numpy warns otherwise).
        """
        f = self.numpy

        def at(*args) -> float:
            out = f(*[np.asarray(a, dtype=float) for a in args])
            if type(out) in _FLOAT_RESULTS and out.dtype == np.float64 and out.shape == ():
                v = float(out)
                return v if math.isfinite(v) else math.nan
            return float(self(*args))

        return at


_FLOAT_RESULTS = (np.ndarray, np.float64)


@lru_cache(maxsize=1024)
def _derivative(sym: sp.Expr, variables: tuple[str, ...], var: str) -> Expression:
    # a model asks for the same derivatives many times (the gradient, then the Hessian from it):
    # differentiating is pure, and sympy's differentiation costs far more than the lookup
    d = sp.diff(sym, SYMBOLS[var])
    return Expression(text=str(d), variables=variables, sym=d)


@lru_cache(maxsize=256)
def _lambdify(sym: sp.Expr, variables: tuple[str, ...]):
    # integers past float64's exact range (ln(36**-36) keeps 36**36 whole) would reach numpy as
    # Python ints, which its ufuncs refuse: give them as floats
    big = {i: sp.Float(i) for i in sym.atoms(sp.Integer) if abs(int(i)) > 2**53}
    # and fractions of such integers ((14**59)**-64 is one of 4,000 digits, which the printer
    # cannot even write out): floats too (numpy reads one past float64's range as 0 or inf)
    big.update({r: r.evalf(17) for r in sym.atoms(sp.Rational)
                if not r.is_Integer and (abs(r.p) > 2**53 or r.q > 2**53)})
    if big:
        sym = sym.xreplace(big)
    return sp.lambdify([SYMBOLS[v] for v in variables], sym, modules=["numpy"])


def parse(text: str, variables: tuple[str, ...] = ("x",)) -> Expression:
    """Parse ``text`` as a formula over ``variables`` or raise ExpressionError."""
    if not isinstance(text, str):  # before the cache: a list is not even hashable
        raise ExpressionError(f"a formula must be text; {allowed_text(tuple(variables))}")
    return _parse_cached(text, tuple(variables))


@lru_cache(maxsize=512)
def _parse_cached(text: str, variables: tuple[str, ...]) -> Expression:
    if not isinstance(text, str):
        raise ExpressionError(f"a formula must be text; {allowed_text(variables)}")
    source = text.strip()
    if not source:
        raise ExpressionError(f"the formula is empty; {allowed_text(variables)}")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the formula is longer than {MAX_LENGTH} characters")
    if source.count("(") > MAX_DEPTH:
        raise ExpressionError(f"the formula nests more than {MAX_DEPTH} brackets")
    try:
        with warnings.catch_warnings():
            # "1if x else 2" warns (invalid decimal literal) on stderr before failing: stay one line
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"'{_short(source)}' is not a formula; {allowed_text(variables)}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(f"'{_short(source)}' is not a formula; {allowed_text(variables)}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExpressionError(f"the formula has more than {MAX_NODES} parts")
    try:
        sym, _ = _Translator(variables).visit(tree.body, 0)
    except RecursionError:
        raise ExpressionError("the formula is nested too deeply") from None
    if sym.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or isinstance(sym, sp.logic.boolalg.BooleanAtom):
        raise ExpressionError(f"'{_short(source)}' is undefined everywhere (it divides by zero)")
    return Expression(text=source, variables=variables, sym=sym)


def _short(text: str) -> str:
    # errors are one line: newlines, tabs and other control characters become spaces
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_size(value):
    """A constant part's value, or ExpressionError when it is out of any sane range."""
    if isinstance(value, complex):
        ok = cmath.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    else:
        ok = math.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    if not ok:
        raise ExpressionError("a number in the formula is too large")
    return value


def _numeric(name: str, arg):
    """Plain-number value of ``name(arg)`` (complex where the real one is undefined), or None."""
    real, cplx = _NUMERIC[name]
    try:
        try:
            value = None if isinstance(arg, complex) else real(arg)
        except ValueError:
            value = None
        if value is None:
            if cplx is None:
                return None
            value = cplx(arg)
    except OverflowError:
        raise ExpressionError("a number in the formula is too large") from None
    except (ValueError, ZeroDivisionError):
        return None  # undefined here (log(0)): sympy gives zoo, refused below
    return _check_size(value)


HUGE_EXACT = 10**60  # an exact number with more digits than this is kept as a float


class _Translator:
    """Whitelisted AST -> sympy. Returns (sympy expr, float value if constant)."""

    def __init__(self, variables: tuple[str, ...]):
        self.variables = variables

    def fail(self, what: str) -> ExpressionError:
        return ExpressionError(f"{what} is not allowed in a formula; {allowed_text(self.variables)}")

    def visit(self, node: ast.AST, depth: int):
        if depth > MAX_DEPTH:
            raise ExpressionError("the formula is nested too deeply")
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sym, val = self.visit(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                return -sym, (None if val is None else -val)
            return sym, val
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
            raise ExpressionError("'^' is not a power in a formula: write powers with **, like x**2")
        raise self.fail(_describe(node))

    def constant(self, node: ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail("text or other non-number constants" if isinstance(v, str) else repr(v))
        if not math.isfinite(v) or abs(v) > MAX_LITERAL:
            raise ExpressionError(f"numbers in a formula must be at most {MAX_LITERAL:g} in size")
        sym = sp.Integer(v) if isinstance(v, int) else sp.Float(v)
        if isinstance(v, float) and float(v).is_integer():
            sym = sp.Integer(int(v))
        elif isinstance(v, float):
            sym = sp.nsimplify(v, rational=True) if len(repr(v)) <= 8 else sp.Float(v)
        return sym, float(v)

    def name(self, node: ast.Name):
        if node.id in self.variables:
            return SYMBOLS[node.id], None
        if node.id in CONSTANTS:
            c = CONSTANTS[node.id]
            return c, float(c)
        if node.id in FUNCTIONS:
            raise ExpressionError(f"'{node.id}' is a function: write it with brackets, like {node.id}(x)")
        raise ExpressionError(f"unknown name '{node.id}'; {allowed_text(self.variables)}")

    def binop(self, node: ast.BinOp, depth: int):
        left, lv = self.visit(node.left, depth + 1)
        right, rv = self.visit(node.right, depth + 1)
        op = type(node.op)
        if op is ast.Pow:
            if rv is None:
                pass  # a variable exponent (2**x) is fine; its size is bounded by the range
            elif abs(rv) > MAX_EXPONENT:
                raise ExpressionError(f"exponents must be at most {MAX_EXPONENT} in size")
        value = None
        if lv is not None and rv is not None:
            try:
                value = _check_size(_BINOPS[op](lv, rv))
            except OverflowError:
                raise ExpressionError("a number in the formula is too large") from None
            except ZeroDivisionError:
                raise ExpressionError("the formula divides by zero") from None
        out = _BINOPS[op](left, right)
        if isinstance(out, sp.Rational) and (abs(out.p) > HUGE_EXACT or out.q > HUGE_EXACT):
            # (14**59)**-64 is an exact fraction of thousands of digits that no printer can write
            # out (Python refuses to turn such an int into text): keep it as the float it is
            out = out.evalf(17)
        return out, value

    def call(self, node: ast.Call, depth: int):
        if not isinstance(node.func, ast.Name):
            raise self.fail("calling anything but a named function (attributes, methods)")
        name = node.func.id
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function '{name}'; {allowed_text(self.variables)}")
        if node.keywords or len(node.args) != 1:
            raise ExpressionError(f"{name}(...) takes exactly one argument, like {name}(x)")
        arg, av = self.visit(node.args[0], depth + 1)
        value = None
        if av is not None:
            value = _numeric(name, av)
        try:
            sym = FUNCTIONS[name](arg)
        except (TypeError, ValueError):  # relu of a complex constant: sympy cannot compare it
            raise ExpressionError(f"{name}(...) is not defined for '{_short(str(arg))}'") from None
        return sym, value


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access (a.b)",
        ast.Lambda: "lambda",
        ast.ListComp: "a comprehension",
        ast.GeneratorExp: "a comprehension",
        ast.SetComp: "a comprehension",
        ast.DictComp: "a comprehension",
        ast.Subscript: "indexing (a[b])",
        ast.Compare: "a comparison",
        ast.BoolOp: "and/or",
        ast.IfExp: "if/else",
        ast.List: "a list",
        ast.Tuple: "a tuple",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.NamedExpr: "assignment (:=)",
        ast.Starred: "*",
        ast.JoinedStr: "text",
        ast.Await: "await",
    }
    for cls, text in names.items():
        if isinstance(node, cls):
            return text
    if isinstance(node, ast.BinOp):
        return f"the operator {type(node.op).__name__}"
    if isinstance(node, ast.UnaryOp):
        return f"the operator {type(node.op).__name__}"
    return type(node).__name__


# --- Typst printing ------------------------------------------------------------

_TYPST_FUNCS = {
    sp.sin: "sin",
    sp.cos: "cos",
    sp.tan: "tan",
    sp.asin: "arcsin",
    sp.acos: "arccos",
    sp.atan: "arctan",
    sp.sinh: "sinh",
    sp.cosh: "cosh",
    sp.tanh: "tanh",
    sp.log: "ln",
}


def to_typst(expr: sp.Expr) -> str:
    """Typst math for a sympy expression (what MathTypst renders)."""
    return _TypstPrinter().doprint(expr)


class _TypstPrinter:
    def doprint(self, e: sp.Expr) -> str:
        return self.p(e)

    def p(self, e: sp.Expr, parent_prec: int = 0) -> str:
        text, prec = self.node(e)
        return f"({text})" if prec < parent_prec else text

    def node(self, e: sp.Expr) -> tuple[str, int]:
        if e.is_Integer:
            return (str(e), 100) if e >= 0 else (f"-{-e}", 40)
        if e.is_Rational:
            num, den = e.p, e.q
            sign = "-" if num < 0 else ""
            return f"{sign}{abs(num)}/{den}", 40 if sign else 60
        if e.is_Float:
            v = float(e)
            s = f"{v:.6g}"
            return (s, 100) if v >= 0 else (s, 40)
        if e is sp.pi:
            return "pi", 100
        if e is sp.E:
            return "e", 100
        if e.is_Symbol:
            return e.name, 100
        if isinstance(e, sp.Add):
            ordered = list(e.as_ordered_terms())
            out = self.p(ordered[0], 30)
            for t in ordered[1:]:
                coeff, _ = t.as_coeff_Mul()
                if coeff.is_negative:
                    out += " - " + self.p(-t, 31)
                else:
                    out += " + " + self.p(t, 31)
            return out, 30
        if isinstance(e, sp.Mul):
            coeff, _ = e.as_coeff_Mul()
            if coeff.is_negative:
                inner = self.p(-e, 50)
                return f"-{inner}", 40
            num, den = sp.fraction(e)
            if den != 1:
                return f"{self.p(num, 61)}/{self.p(den, 61)}", 60
            factors = sp.Mul.make_args(e)
            parts = [self.p(f, 50) for f in factors]
            return " dot ".join(parts) if any(p[0].isdigit() for p in parts[1:]) else " ".join(parts), 50
        if isinstance(e, sp.Pow):
            base, ex = e.as_base_exp()
            if ex == sp.Rational(1, 2):
                return f"sqrt({self.p(base)})", 100
            if ex == -1:
                return f"1/{self.p(base, 61)}", 60
            if ex.is_Rational and ex.is_negative:
                return f"1/{self.p(base ** (-ex), 61)}", 60
            if base is sp.E:
                return f"e^({self.p(ex)})", 90
            return f"{self.p(base, 91)}^({self.p(ex)})" if not (
                ex.is_Integer and ex >= 0
            ) else f"{self.p(base, 91)}^{ex}", 90
        if isinstance(e, sp.exp):
            return f"e^({self.p(e.args[0])})", 90
        if isinstance(e, sp.Abs):
            return f"abs({self.p(e.args[0])})", 100
        if isinstance(e, sp.sign):
            return f'op("sign")({self.p(e.args[0])})', 100
        if isinstance(e, sp.Max):
            return "max(" + ", ".join(self.p(a) for a in e.args) + ")", 100
        if isinstance(e, sp.Heaviside):
            return f"H({self.p(e.args[0])})", 100
        if isinstance(e, sp.Piecewise):
            return "cases(" + ", ".join(f'{self.p(v)} "if" {self.p(c)}' for v, c in e.args) + ")", 100
        if isinstance(e, sp.core.relational.Relational):
            return f"{self.p(e.lhs)} {e.rel_op} {self.p(e.rhs)}", 20
        if isinstance(e, sp.Function) and e.func in _TYPST_FUNCS:
            return f"{_TYPST_FUNCS[e.func]}({self.p(e.args[0])})", 100
        if isinstance(e, sp.Function):
            return f'op("{e.func.__name__}")(' + ", ".join(self.p(a) for a in e.args) + ")", 100
        return str(e), 100
