"""Every word on screen, in the teacher's language: message catalogs, numbers, overrides.

A storyboard never writes a sentence directly. It asks for a message by its id
and gives the English text and the numbers that go in it::

    T("determinant.area_before", "area before: {area}", area=m.area_before)

The id is stable (``<scene>.<what>``, or a shared prefix such as ``plane.`` for
words used by several scenes). ``pybabel extract -k T:1c,2 -k N_:1c,2`` reads the
calls (id as gettext context, English as the message), so the catalogs under
``intuition/locale/<lang>/LC_MESSAGES/<domain>.po`` are ordinary gettext files,
kept with Babel (see CONTRIBUTING.md, "Adding a language"). Numbers are filled in
for the locale (``2,5`` in German) by Babel; formulas are typeset elsewhere
(``scenes/style.py``) and keep math notation, with the language's decimal sign
(:func:`decimal_sign`).

The words in use are a :class:`Words`: a language and the teacher's own
captions by id (``--set 'captions.watch=...'``, a lesson's ``[clip.captions]``),
which win over the catalog. A scene makes its :class:`Words` active while it is
built, so plain functions that compose a caption call :func:`T` as well.

This module imports neither manim nor the scenes: ``describe`` lists a scene's
messages by reading its source files with ``ast`` (:func:`messages_in`).
"""

from __future__ import annotations

import ast
import math
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from intuition.errors import ParameterError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANG = "en"
# the shipped languages, each with every message translated (tests/test_words_catalogs.py)
LANGUAGES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "zh_Hans": "简体中文",
}
# the language tag a browser's <track srclang> wants (BCP 47)
BCP47 = {"zh_Hans": "zh-Hans"}
# the gettext keywords (id first, English second), as pybabel is told: -k T:1c,2 -k N_:1c,2
KEYWORDS = ("T", "N_")


def check_lang(lang: Any, param: str = "lang") -> str:
    """A shipped language code, or a one-line error naming the ones available."""
    if isinstance(lang, str):
        # people type zh-Hans, zh_hans or ES: all mean one of ours
        for code in LANGUAGES:
            if lang.replace("-", "_").lower() == code.lower():
                return code
    available = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
    raise ParameterError(param, f"unknown language {lang!r}; available: {available}")


def bcp47(lang: str) -> str:
    return BCP47.get(lang, lang)


# --- numbers -----------------------------------------------------------------


def format_number(x: float, lang: str = DEFAULT_LANG, decimals: int = 2) -> str:
    """A number as a person of ``lang`` writes it: 2, −0.5, 1.33, 35,745.77 (en), 2,5 (de), no −0.

    A large number gets a power of ten (``1.2 × 10⁷``) instead of a long row of
    digits; a tiny one rounds to 0 like any other, at ``decimals`` places. The
    minus is the language's (:func:`minus_sign`).
    """
    from babel.numbers import format_decimal

    if not math.isfinite(x):
        return T("common.undefined", "undefined")
    locale = babel_locale(lang)
    if abs(x) >= 1e6:
        exponent = math.floor(math.log10(abs(x)))
        mantissa = round(x / 10**exponent, 2)
        if abs(mantissa) >= 10:  # 9.999 rounds up to 10.0
            mantissa, exponent = mantissa / 10, exponent + 1
        digits = format_decimal(mantissa, format="0.##", locale=locale)
        return f"{with_minus(digits, lang)} × 10{str(exponent).translate(SUPERSCRIPT)}"
    rounded = round(float(x), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    # digits grouped as the language groups them (35,745.77; 35.745,77 in German), as the readouts
    pattern = "#,##0." + "#" * decimals if decimals > 0 else "#,##0"
    return with_minus(format_decimal(rounded, format=pattern, locale=locale), lang)


MINUS = "\u2212"


def minus_sign(lang: str) -> str:
    """The minus sign ``lang`` prints: Babel's, except that a hyphen (CLDR's sign for en, de,
    es, zh...) is the real minus, −, as a printed page and the formulas beside the words have it."""
    from babel.numbers import get_minus_sign_symbol

    return get_minus_sign_symbol(babel_locale(lang)).replace("-", MINUS)


def with_minus(text: str, lang: str) -> str:
    """``text`` (digits Babel or Python wrote, hyphen for minus) with ``lang``'s minus sign."""
    return text.replace("-", minus_sign(lang))


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def babel_locale(lang: str) -> str:
    """The Babel locale that formats numbers for one of our language codes."""
    return {"zh_Hans": "zh_Hans_CN"}.get(lang, lang)


def decimal_sign(lang: str | None = None) -> str:
    """The decimal sign of ``lang`` (default: the active language) as Babel has it: ``.`` (en), ``,`` (de)."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(babel_locale(_active.lang if lang is None else lang))


# --- catalogs -------------------------------------------------------------------


@cache
def translations(lang: str) -> dict[tuple[str, str], str]:
    """(id, English) -> the translation, from every domain's .po file of ``lang``."""
    if lang == DEFAULT_LANG:
        return {}
    from babel.messages.pofile import read_po

    out: dict[tuple[str, str], str] = {}
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=babel_locale(lang))
        for message in catalog:
            if message.id and message.context and message.string and not message.fuzzy:
                out[(message.context, message.id)] = message.string
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (``{{`` is a literal brace)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced brace>"}


# --- the words in use ----------------------------------------------------------


@dataclass
class Words:
    """A language and the teacher's captions by id: what :func:`T` answers."""

    lang: str = DEFAULT_LANG
    overrides: Mapping[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)  # id -> the text last shown

    def template(self, msg_id: str, english: str) -> str:
        if msg_id in self.overrides:
            return self.overrides[msg_id]
        return translations(self.lang).get((msg_id, english), english)

    def __call__(self, msg_id: str, english: str, **values: Any) -> str:
        text = self.template(msg_id, english)
        filled = {k: self.value(v) for k, v in values.items()}
        try:
            out = text.format(**filled) if (values or "{" in text) else text
        except (KeyError, IndexError, ValueError) as exc:
            allowed = ", ".join("{" + k + "}" for k in sorted(values)) or "none"
            raise ParameterError(
                f"captions.{msg_id}", f"bad placeholder {exc} in {text!r}; this caption has: {allowed}"
            ) from None
        self.used.pop(msg_id, None)  # most recent last: id_of finds the newest first
        self.used[msg_id] = out
        return out

    def id_of(self, text: str) -> str:
        """The id of the message most recently shown as ``text`` ("" if none was)."""
        for msg_id, shown in reversed(self.used.items()):
            if shown == text:
                return msg_id
        return ""

    def value(self, v: Any) -> str:
        if isinstance(v, bool) or v is None:
            return str(v)
        if isinstance(v, (int, float)) or hasattr(v, "dtype"):
            return format_number(float(v), self.lang)
        return str(v)

    def number(self, x: float, decimals: int = 2) -> str:
        return format_number(x, self.lang, decimals)


_active = Words()


def use(words: Words) -> Words:
    """Make ``words`` the ones :func:`T` answers with (a scene does this while it is built)."""
    global _active
    _active = words
    return words


def active() -> Words:
    return _active


def T(msg_id: str, english: str, **values: Any) -> str:  # noqa: N802 (the gettext keyword)
    """The message ``msg_id`` in the active language, with ``values`` filled in."""
    return _active(msg_id, english, **values)


def N_(msg_id: str, english: str) -> str:  # noqa: N802
    """Marks a message for extraction where it is declared (a title); looked up later by id."""
    return english


# the word a voice says for a minus sign before a number (the id and its English)
SPOKEN_MINUS = ("common.minus_spoken", N_("common.minus_spoken", "minus"))
_SIGN_OF_A_NUMBER = re.compile(r"(?<![\w)\]])[-\u2212](?=\d)")


def spoken_numbers(text: str, lang: str) -> str:
    """``text`` as a voice is to read it: a minus sign before a number becomes ``lang``'s word.

    eSpeak NG (and Piper, which speaks through it) reads −63,4 with the English "minus" in
    Spanish, French and Chinese, and a hyphen before digits not at all: the number's sign
    would be lost. A hyphen between words or numbers (1-2, x-axis) is left as it is.
    """
    word = translations(lang).get(SPOKEN_MINUS, SPOKEN_MINUS[1])
    return _SIGN_OF_A_NUMBER.sub(word + " ", text)


def num(x: float, decimals: int = 2) -> str:
    """A number in the active language (for a label that is only a number)."""
    return _active.number(x, decimals)


# --- what a scene says: read from its source, nothing imported ------------------


@cache
def _messages_in_file(path: Path, _stamp: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ()
    found = []
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):  # in reading order, as describe lists them
        if len(node.args) < 2:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in KEYWORDS:
            continue
        msg_id, english = node.args[0], node.args[1]
        if isinstance(msg_id, ast.Constant) and isinstance(english, ast.Constant):
            if isinstance(msg_id.value, str) and isinstance(english.value, str):
                found.append((msg_id.value, english.value))
    return tuple(found)


def messages_in(paths: Iterable[Path | str]) -> dict[str, str]:
    """id -> English of every ``T(...)`` / ``N_(...)`` in the files, in order of appearance."""
    out: dict[str, str] = {}
    for p in paths:
        path = Path(p)
        try:
            st = path.stat()
        except OSError:
            continue
        for msg_id, english in _messages_in_file(path.resolve(), (st.st_mtime_ns, st.st_size)):
            out.setdefault(msg_id, english)
    return out


def scoped(messages: Mapping[str, str], scene: str, scene_names: Iterable[str]) -> dict[str, str]:
    """The messages scene ``scene`` shows: its own ids and the shared ones.

    An id belongs to a scene when its prefix (before the first dot) is that
    scene's name; any other prefix (``plane.``, ``common.``) is shared by every
    scene whose code contains it. So inverse, which uses the determinant's
    module, does not list the determinant's captions as its own.
    """
    names = set(scene_names)
    return {k: v for k, v in messages.items() if k.split(".", 1)[0] == scene or k.split(".", 1)[0] not in names}


def resolve_overrides(overrides: Mapping[str, Any], messages: Mapping[str, str], scene: str) -> dict[str, str]:
    """The teacher's captions with full ids, checked: known id, text, known placeholders.

    ``watch`` is short for ``<scene>.watch``; any id ``describe`` lists is accepted
    whole. Errors are one line naming the caption and what is allowed.
    """
    out: dict[str, str] = {}
    for key, text in overrides.items():
        msg_id = key if key in messages else f"{scene}.{key}"
        if msg_id not in messages:
            import difflib

            short = [k.removeprefix(f"{scene}.") for k in messages]
            near = difflib.get_close_matches(str(key), short, n=3, cutoff=0.5)
            listed = near or short[:8]
            more = f" ({len(short)} in all: `describe {scene}` lists them)" if len(listed) < len(short) else ""
            lead = "did you mean" if near else f"{scene} has"
            raise ParameterError(f"captions.{key}", f"no such caption; {lead}: {', '.join(listed)}{more}", scene)
        if not isinstance(text, str) or not text.strip():
            raise ParameterError(f"captions.{key}", "must be non-empty text", scene)
        if len(text) > 300:
            raise ParameterError(f"captions.{key}", "must be at most 300 characters", scene)
        extra = placeholders(text) - placeholders(messages[msg_id])
        if extra:
            allowed = ", ".join("{" + p + "}" for p in sorted(placeholders(messages[msg_id]))) or "none"
            bad = ", ".join("{" + p + "}" for p in sorted(extra))
            raise ParameterError(f"captions.{key}", f"unknown placeholder {bad}; this caption has: {allowed}", scene)
        out[msg_id] = text
    return out
