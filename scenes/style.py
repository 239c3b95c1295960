"""The one look of every scene: palette, typography, typesetting, captions.

Math is typeset through :func:`math` and numbers through :func:`number`; both
use Typst by default (pip package ``typst``, no TeX install) and LaTeX when
:func:`set_typesetter` is given ``"latex"``. Scenes pass both spellings of a
formula, because the two languages differ (``mat(1, 2; 3, 4)`` against
``\\begin{bmatrix}...``); the helpers below build the common ones.

Numbers in math take the active language's decimal sign (Babel's, as the words
do: ``-1,5`` in German, ``-1.5`` in English), never its digit grouping; where the
sign is a comma, coordinates are separated by a semicolon, ``(1,5; 2)``
(:func:`math_decimal_sign`, :func:`math_digits`, :func:`list_separator`).
"""

from __future__ import annotations

import math as pymath  # `math` is the formula helper below
import shutil
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    BackgroundRectangle,
    DecimalNumber,
    ManimColor,
    MathTex,
    MathTypst,
    Mobject,
    Text,
    VGroup,
    config,
)

from intuition import fonts, words
from intuition.errors import MissingSystemPiece
from intuition.linebreaks import may_break_at_space, may_break_between

# --- palette ---------------------------------------------------------------
BACKGROUND = "#0f1117"
TEXT = "#ECEFF4"
MUTED = "#8A93A6"
GRID = "#3B6EA8"
GRID_FAINT = "#2A3142"
I_HAT = "#6CC04A"  # green: first basis vector / first column
J_HAT = "#E5534B"  # red: second basis vector / second column
VECTOR = "#F2C94C"  # yellow: the vector the viewer follows
ACCENT = "#F2994A"  # orange: the one thing to look at now
POSITIVE = "#56CCF2"  # area / orientation kept
NEGATIVE = "#EB5757"  # orientation flipped, error, divergence
HIGHLIGHT = "#BB6BD9"  # eigen-lines, principal axes, the answer
SERIES = ("#56CCF2", "#F2C94C", "#EB5757", "#6CC04A", "#BB6BD9")  # side-by-side runs
# the values above are the dark theme's (intuition/themes/dark.toml); use_theme sets them all
# for the clip being built, so storyboards read style.TEXT etc. when they draw, never earlier


class Roles(tuple):
    """Colours named by role, read when used: ``Roles("HIGHLIGHT", "ACCENT")[0]`` is the
    current theme's highlight, so a module may keep one at import time."""

    def __new__(cls, *names: str):
        return super().__new__(cls, names)

    def __getitem__(self, i):
        name = super().__getitem__(i)
        if isinstance(i, slice):
            return [globals()[n] for n in name]
        return globals()[name]

    def __iter__(self):
        return (globals()[n] for n in super().__iter__())


class RoleMap(dict):
    """Like :class:`Roles`, keyed: ``RoleMap(minimum="POSITIVE")["minimum"]`` is the current positive."""

    def __getitem__(self, key):
        return globals()[super().__getitem__(key)]

    def get(self, key, default=None):
        return self[key] if key in self else default


def use_theme(theme: str = "dark", palette: str = "default", overrides=None) -> dict:
    """Make a theme's colours the palette above (a scene does this when it is built)."""
    from intuition import themes

    chosen = themes.colours(theme, palette, dict(overrides or {}))
    module = globals()
    for role in themes.ROLES:
        module[role.upper()] = chosen[role]
    module["SERIES"] = tuple(chosen["series"])
    return chosen

# --- typography --------------------------------------------------------------
FONT = fonts.FONT  # per language: intuition.fonts.LANGUAGE_FONTS
_font = FONT
TITLE_SIZE = 34
CAPTION_SIZE = 24
LABEL_SIZE = 26
SMALL_SIZE = 20
MATH_SIZE = 30
# a title or caption too long for one line goes on two, this much smaller, so both stay in their band
TWO_LINE_TITLE = 25
TWO_LINE_CAPTION = 20
EDGE = 0.3  # margin kept clear at the frame edge

LATEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm"

_typesetter = "typst"


def set_typesetter(name: str) -> None:
    """Choose ``"typst"`` (default, no TeX needed) or ``"latex"`` for all math."""
    global _typesetter
    if name not in ("typst", "latex"):
        raise ValueError("typesetter must be 'typst' or 'latex'")
    if name == "latex":
        check_latex()
    _typesetter = name


def typesetter() -> str:
    return _typesetter


def check_latex() -> None:
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        raise MissingSystemPiece(
            f"--tex latex needs {' and '.join(missing)} on PATH: "
            f"apt-get install {LATEX_PACKAGES} (or keep the default --tex typst)"
        )


def _math_class():
    return MathTex if _typesetter == "latex" else MathTypst


# Typst's math glyphs come out about a quarter smaller than Pango text of the
# same font_size; scaling them up keeps numbers as readable as the words beside them.
TYPST_SCALE = 1.3


def math(typst: str, latex: str | None = None, *, size: float = MATH_SIZE, color=None) -> Mobject:
    """A formula in the current typesetter. Give the LaTeX spelling when it differs."""
    color = TEXT if color is None else color
    if _typesetter == "latex":
        return MathTex(latex if latex is not None else typst, font_size=size, color=color)
    return MathTypst(typst, font_size=size * TYPST_SCALE, color=color)


class Number(DecimalNumber):
    """A :class:`DecimalNumber` that never prints a row of digits off the frame.

    Past :data:`BIG_NUMBER` it shows ``1.23 × 10^7`` (one formula, not digit by
    digit), an infinity ∞, anything else not a number "undefined", as
    :func:`fmt` writes them. Small numbers keep their fixed decimals: a readout
    sliding through 0 must not flash ``1 × 10^-5`` on the way.

    The digits carry the decimal sign of the language active when the number was
    made (``-1,50`` in German), kept through every ``set_value``.
    """

    def __init__(self, number: float = 0, *args, **kwargs) -> None:
        self._decimal_sign = words.decimal_sign()  # before DecimalNumber draws the first digits
        super().__init__(number, *args, **kwargs)

    def _get_num_string(self, number) -> str:
        """DecimalNumber's characters (``-1.50``, ``1,234.50``), in a comma language ``-1,50``, ``1234,50``.

        DecimalNumber typesets them one by one, so a lone ``,`` is a glyph, not math punctuation
        (no space after it), and it lowers a comma to sit as one; there is no digit grouping,
        as in :func:`fmt`.
        """
        s = super()._get_num_string(number)
        if self._decimal_sign == ".":
            return s
        return s.replace(",", "").replace(".", self._decimal_sign)

    def _set_submobjects_from_number(self, number) -> None:
        x = complex(number)
        value = x.real if x.imag == 0 else abs(x)
        if np.isfinite(value) and abs(value) < BIG_NUMBER:
            super()._set_submobjects_from_number(number)
            return
        self.number = number
        self.submobjects = []
        typesetter = "latex" if issubclass(self.mob_class, MathTex) else "typst"
        self.add(self._string_to_mob(fmt(value, self.num_decimal_places, typesetter=typesetter)))
        self.move_to(np.zeros(3))
        self.initial_height = self.height
        if self.include_background_rectangle:
            self.add_background_rectangle()


def number(value: float, decimals: int = 2, *, size: float = MATH_SIZE, color=None, **kwargs) -> DecimalNumber:
    """A number that can change on screen (``set_value``), typeset like the math (see :class:`Number`)."""
    color = TEXT if color is None else color
    return Number(
        value,
        num_decimal_places=decimals,
        mob_class=_math_class(),
        font_size=size * (TYPST_SCALE if _typesetter == "typst" else 1.0),
        color=color,
        **kwargs,
    )


def label_constructor():
    """What axes use for their tick numbers (``add_numbers(label_constructor=...)``); then :func:`localise_ticks`."""
    return _math_class()


def localise_ticks(axes) -> None:
    """Rewrite the tick numbers of ``axes`` (an Axes or a NumberLine) with the language's decimal sign.

    manim's NumberLine writes them as plain :class:`DecimalNumber` (``0.5``, ``1,000``); each one
    with decimals or a thousands comma becomes a :class:`Number` (``0,5``, ``1000``) of the same
    configuration, its first glyph where the old one's was (a comma hangs lower than a point:
    centring the whole would lift the digits); a narrower whole number keeps the side facing its axis.
    """
    if words.decimal_sign() == ".":
        return
    for axis in axes.get_axes() if hasattr(axes, "get_axes") else [axes]:
        numbers = getattr(axis, "numbers", None)
        for i, old in enumerate(numbers.submobjects if numbers is not None else []):
            if not isinstance(old, DecimalNumber) or isinstance(old, Number):
                continue
            if old.num_decimal_places == 0 and abs(old.number) < 1000:
                continue  # no decimal sign, no English grouping comma (1,000 reads as 1 in German)
            new = Number(old.number, mob_class=old.mob_class, **old.initial_config)
            new.set_color(old.get_color())
            if old.num_decimal_places:
                new.shift(old[0].get_center() - new[0].get_center())
            else:  # 1,000 -> 1000 is narrower: keep the side facing the axis (a y axis'), or the centre
                side = axis.label_direction if axis.label_direction[1] == 0 else np.zeros(3)
                new.shift(RIGHT * (old.get_critical_point(-side)[0] - new.get_critical_point(-side)[0])
                          + UP * (old[0].get_center()[1] - new[0].get_center()[1]))
            numbers.submobjects[i] = new


def use_language(lang: str) -> str:
    """Choose the font for the words of ``lang`` (a scene does this when it is built)."""
    global _font
    _font = fonts.font_for(lang)
    return _font


def font() -> str:
    return _font


def text(content: str, *, size: float = LABEL_SIZE, color=None, weight: str = "NORMAL") -> Text:
    """Plain words (no math): Pango text, never TeX."""
    color = TEXT if color is None else color
    return Text(content, font=_font, font_size=size, color=color, weight=weight)


def two_lines(content: str) -> tuple[str, str] | None:
    """``content`` broken once, at the space (or between CJK characters, never before "。")
    nearest its middle."""
    middle = len(content) / 2
    breaks = [i for i, ch in enumerate(content) if ch == " " and 0 < i < len(content) - 1
              and may_break_at_space(content[i - 1], content[i + 1])]
    wide = [i for i in range(1, len(content)) if may_break_between(content[i - 1], content[i])]
    if not breaks and not wide:
        return None
    best = min(breaks + wide, key=lambda i: abs(i - middle))
    if best in breaks:
        return content[:best], content[best + 1 :]
    return content[:best], content[best:]


def three_lines(content: str) -> tuple[str, str, str] | None:
    """``content`` broken twice, at the breaks nearest its thirds (for a narrow frame)."""
    first = two_lines(content[: max(1, 2 * len(content) // 3)])
    if first is None:
        return None
    head = first[0]
    rest = two_lines(content[len(head):].lstrip())
    if rest is None or not head.strip():
        return None
    return head, rest[0], rest[1]


def wrapped(content: str, width: float, *, size: float, two_line_size: float, weight: str = "NORMAL") -> Mobject:
    """Words that fit ``width``: on one line, else on two centred lines (a little smaller), in a tall or
    square frame on three if two are still too wide, else shrunk."""
    t = text(content, size=size, weight=weight)
    t.lines = 1
    if t.width <= width:
        return t
    halves = two_lines(content)
    if halves is None:
        return fit_width(t, width)
    pair = VGroup(*(text(h, size=two_line_size, weight=weight) for h in halves)).arrange(DOWN, buff=0.05)
    pair.lines = 2
    pair.text = content
    thirds = three_lines(content) if pair.width > width and _stacked() else None
    if thirds is not None:
        trio = VGroup(*(text(h, size=two_line_size, weight=weight) for h in thirds)).arrange(DOWN, buff=0.05)
        if trio.width < pair.width:
            trio.lines = 3
            trio.text = content
            return fit_width(trio, width)
    return fit_width(pair, width)


# numbers in formulas: past these a number is written a × 10^k (below ROUND_OFF it is 0)
BIG_NUMBER = 1e6
TINY_NUMBER = 1e-4
ROUND_OFF = 1e-12


def math_decimal_sign(typesetter: str | None = None) -> str:
    """The active language's decimal sign as the current typesetter's math writes it (``typesetter`` to choose).

    ``.`` in English. A comma is part of the number: ``{,}`` in LaTeX (a bare comma is punctuation,
    with a space after it) and ``class("normal", ",")`` in Typst (the same, and inside ``vec(...)``
    or ``mat(...)`` a bare comma would split the entry in two).
    """
    sign = words.decimal_sign()
    if sign == ".":
        return sign
    if (typesetter or _typesetter) == "latex":
        return "{" + sign + "}"
    return f'class("normal", "{sign}")'


def math_digits(digits: str, typesetter: str | None = None) -> str:
    """Python's digits (``-1.5``) in math with the language's decimal sign (:func:`math_decimal_sign`)."""
    sign = math_decimal_sign(typesetter)
    return digits if sign == "." else digits.replace(".", sign)


def list_separator(typesetter: str | None = None) -> str:
    """What separates numbers in a list in math, the coordinates of a point ``(1.5, 2)``: a comma, or where
    the comma is the decimal sign a semicolon, ``(1,5; 2)``, as German and French textbooks write it (escaped
    in Typst, where a bare ``;`` inside a function call's parentheses starts a new row of arguments).
    Matrices and ``vec(...)`` columns need none: their entries stand apart."""
    if words.decimal_sign() != ",":
        return ","
    return ";" if (typesetter or _typesetter) == "latex" else "\\;"


def power_of_ten(mantissa: str, exponent: int, typesetter: str | None = None) -> str:
    """``mantissa × 10^exponent`` in the current typesetter's math (``typesetter`` to choose one).

    ``mantissa`` is Python's digits (``"1.23"``, :func:`mantissa_exponent`); it gets the language's
    decimal sign."""
    mantissa = math_digits(mantissa, typesetter)
    if (typesetter or _typesetter) == "latex":
        return rf"{mantissa} \times 10^{{{exponent}}}"
    return f"{mantissa} times 10^({exponent})"


def mantissa_exponent(x: float, digits: int = 2) -> tuple[str, int]:
    """``x`` as (mantissa, exponent), the mantissa in [1, 10) to ``digits`` decimals: (\"1.23\", 7)."""
    exponent = pymath.floor(pymath.log10(abs(x)))
    mantissa = round(x / 10.0**exponent, digits)
    if abs(mantissa) >= 10:  # 9.999 rounds up to 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    s = f"{mantissa:.{digits}f}".rstrip("0").rstrip(".")
    return s, exponent


def fmt(x: float, decimals: int = 2, *, typesetter: str | None = None) -> str:
    """A number as a formula writes it: 2, -0.5, 1.33 (no trailing zeros, no -0), with the active
    language's decimal sign (``-0{,}5`` in German LaTeX, :func:`math_decimal_sign`) and no digit grouping.

    In the current typesetter's math (pass ``typesetter`` to choose): a number
    past a million, or a nonzero one under 10⁻⁴, is ``1.23 × 10^7`` (never a row
    of digits running off the frame); one that would round to 0 at ``decimals``
    places shows two significant digits (0.0031); under 10⁻¹² it is round-off
    and reads 0. Infinities are ∞, anything else not a number the word
    "undefined". Words in a sentence use ``intuition.words.num`` instead.
    """
    x = float(x)
    latex = (typesetter or _typesetter) == "latex"
    if pymath.isnan(x):
        from intuition.words import num

        word = num(x)
        return rf"\text{{{word}}}" if latex else f'"{word}"'
    if pymath.isinf(x):
        sign = "-" if x < 0 else ""
        return sign + (r"\infty" if latex else "infinity")
    if abs(x) >= BIG_NUMBER or ROUND_OFF <= abs(x) < TINY_NUMBER:
        return power_of_ten(*mantissa_exponent(x), typesetter=typesetter)
    if ROUND_OFF <= abs(x) < 0.5 * 10.0**-decimals:
        decimals = 1 - pymath.floor(pymath.log10(abs(x)))  # two significant digits
    s = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else math_digits(s, typesetter)


def fmt_typst(x: float, decimals: int = 2) -> str:
    """:func:`fmt` in Typst's spelling, whichever typesetter is current."""
    return fmt(x, decimals, typesetter="typst")


def digits(x: float, decimals: int = 2) -> str:
    """Plain digits for words (no math markup): 2, -0.5, 1.33, no -0; ``intuition.words.num`` is localised."""
    if not np.isfinite(x):
        from intuition.words import num

        return num(float(x))
    s = f"{float(x):.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def matrix_math(
    rows: Sequence[Sequence[float]], name: str | None = "A", *, size: float = MATH_SIZE, decimals: int = 2
) -> Mobject:
    """``A = [[a, b], [c, d]]`` in either typesetter."""
    typst_rows = "; ".join(", ".join(fmt(v, decimals, typesetter="typst") for v in row) for row in rows)
    latex_rows = r" \\ ".join(" & ".join(fmt(v, decimals, typesetter="latex") for v in row) for row in rows)
    prefix_t = f"{name} = " if name else ""
    prefix_l = f"{name} = " if name else ""
    return math(
        f"{prefix_t}mat({typst_rows})",
        rf"{prefix_l}\begin{{bmatrix}} {latex_rows} \end{{bmatrix}}",
        size=size,
    )


def vector_math(
    values: Sequence[float], name: str | None = None, *, size: float = MATH_SIZE, decimals: int = 2
) -> Mobject:
    typst = "vec(" + ", ".join(fmt(v, decimals, typesetter="typst") for v in values) + ")"
    latex = r"\begin{bmatrix} " + r" \\ ".join(fmt(v, decimals, typesetter="latex") for v in values) + r" \end{bmatrix}"
    if name:
        typst, latex = f"{name} = {typst}", f"{name} = {latex}"
    return math(typst, latex, size=size)


def frame_size() -> tuple[float, float]:
    return float(config.frame_width), float(config.frame_height)


def title(content: str) -> VGroup:
    """The title at the top edge, on a dark band like the caption's, so grid lines
    that sweep across the frame pass behind it instead of through it."""
    t = wrapped(content, frame_size()[0] - 2 * EDGE, size=TITLE_SIZE, two_line_size=TWO_LINE_TITLE, weight="BOLD")
    t.to_edge(UP, buff=EDGE if t.lines == 1 else EDGE / 2)
    band = BackgroundRectangle(t, color=BACKGROUND, fill_opacity=0.85, buff=0.1)
    return VGroup(band, t)


def caption(content: str) -> VGroup:
    """A caption at the bottom edge, on a dark band so it reads over any picture."""
    t = wrapped(content, frame_size()[0] - 2 * EDGE - 0.4, size=CAPTION_SIZE, two_line_size=TWO_LINE_CAPTION)
    t.to_edge(DOWN, buff=EDGE + 0.05 if t.lines == 1 else EDGE / 2)
    band = BackgroundRectangle(t, color=BACKGROUND, fill_opacity=0.85, buff=0.12)
    return VGroup(band, t)


def fit_width(mob: Mobject, width: float) -> Mobject:
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def fit_into(mob: Mobject, width: float, height: float) -> Mobject:
    """Shrink (never grow) ``mob`` to fit a ``width`` x ``height`` box."""
    factor = min(1.0, width / max(mob.width, 1e-9), height / max(mob.height, 1e-9))
    if factor < 1.0:
        mob.scale(factor)
    return mob


def color(name_or_hex: str) -> ManimColor:
    """A validated parameter colour (manim name like GREEN, or #hex) as a ManimColor."""
    if name_or_hex.startswith("#"):
        return ManimColor(name_or_hex)
    import manim.utils.color.manim_colors as named

    return ManimColor(getattr(named, name_or_hex.upper()))


# Captions reserve this much of the frame's bottom; titles the top.
TITLE_BAND = 0.9
CAPTION_BAND = 0.75
# ... in a tall or square frame, where a title or caption takes two or three lines
STACKED_TITLE_BAND = 1.4
STACKED_CAPTION_BAND = 1.5


def _stacked() -> bool:
    from scenes.frame import stacked

    return stacked()


def title_band(title: Mobject | None = None) -> float:
    """The height the title keeps at the top: as deep as two or three lines need when ``title``
    (:func:`title`'s band and words) takes more than one (a long title in a 4:3 frame too), one line's
    when it takes one; before it is known, a tall or square frame keeps the deeper band."""
    if title is None:
        return STACKED_TITLE_BAND if _stacked() else TITLE_BAND
    return TITLE_BAND if getattr(title[-1], "lines", 2) == 1 else STACKED_TITLE_BAND


def caption_band() -> float:
    return STACKED_CAPTION_BAND if _stacked() else CAPTION_BAND
