"""Numbers as the active language writes them, for the shapes ``num`` does not cover.

``intuition.words.num`` trims trailing zeros; these keep a fixed number of
digits (``0.012``, ``84.4%``), group the digits of a count (``6,912``, ``6.912``
in German) or write a power of ten, each with the language's decimal sign.
The digits are rounded as Python rounds them (``f"{x:.1f}"``), so the English
text is what it always was.
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal

from intuition.words import active, babel_locale, decimal_sign, with_minus

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _locale() -> str:
    return babel_locale(active().lang)


def localise(digits: str) -> str:
    """Python's ``1234.5`` / ``-0.5`` written with the active language's decimal sign and minus."""
    return with_minus(digits, active().lang).replace(".", decimal_sign())


def fixed(x: float, decimals: int) -> str:
    """``x`` with exactly ``decimals`` digits after the point (no -0): 0.012, 3.0 (en), 3,0 (de)."""
    s = f"{float(x):.{decimals}f}"
    if s.lstrip("-").strip("0.") == "":
        s = s.lstrip("-")
    return localise(s)


def count(n: int) -> str:
    """A whole number with the language's digit grouping: 6,912 (en), 6.912 (de), 6 912 (fr)."""
    return format_decimal(int(n), locale=_locale())


def percent(x: float, decimals: int) -> str:
    """The share ``x`` as a percent with ``decimals`` digits: 84.4% (en), 84,4 % (de)."""
    pattern = Locale.parse(_locale()).percent_formats[None].pattern
    first = min(i for i, ch in enumerate(pattern) if ch in "#0")
    last = pattern.rindex("0")
    return pattern[:first] + fixed(100 * x, decimals) + pattern[last + 1 :]


def power_of_ten(mantissa: str, exponent: int) -> str:
    """``1.2 × 10⁻⁷`` from the mantissa's digits (already written for the language) and the exponent."""
    return f"{mantissa} × 10{str(exponent).translate(SUPERSCRIPT)}"
