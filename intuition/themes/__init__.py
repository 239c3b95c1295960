"""Themes: the colours of a scene as data (background, words, grid and the semantic colours).

A theme is a small TOML file: the three shipped here (``dark``, the default;
``light``; ``high-contrast``) or a teacher's own, which names a ``base`` theme and
changes what it wants::

    base = "light"
    background = "#FDF6E3"
    positive = "#005F87"

``--palette okabe-ito`` swaps the semantic colours for Okabe and Ito's
colour-blind-safe hues (each theme gives shades that read on its background),
and ``--set colors.positive=#0072B2`` overrides one colour in any scene. The
names are the same in every scene (:data:`ROLES`, listed by ``describe``).

The shipped themes keep every colour a word is drawn in at WCAG AA contrast
(4.5:1) against the background (:func:`contrast`, tests/test_themes.py). A
teacher's own file or colour is taken as given.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import tomllib

from intuition.errors import ParameterError

THEME_DIR = Path(__file__).resolve().parent
THEMES = ("dark", "light", "high-contrast")
PALETTES = ("default", "okabe-ito")
ROLES = {
    "background": "the page behind everything",
    "text": "words and numbers",
    "muted": "secondary words, faint marks",
    "grid": "the moving grid",
    "grid_faint": "the fixed grid behind it",
    "i_hat": "first basis vector, first column",
    "j_hat": "second basis vector, second column",
    "vector": "the vector the viewer follows",
    "accent": "the one thing to look at now",
    "positive": "kept orientation, area, the first series",
    "negative": "a flip, an error, divergence",
    "highlight": "eigen-lines, principal axes, the answer",
}
# the roles words are drawn in: each must read on the background
TEXT_ROLES = tuple(r for r in ROLES if r not in ("background", "grid", "grid_faint"))
PALETTE_ROLES = ("i_hat", "j_hat", "vector", "accent", "positive", "negative", "highlight")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_theme_file(value: str) -> bool:
    return isinstance(value, str) and value.endswith(".toml")


def check_theme(value: Any) -> str:
    """A shipped theme's name or a readable theme file (its path), else a one-line reason."""
    if isinstance(value, str) and value in THEMES:
        return value
    if is_theme_file(value):
        load(value)  # a bad file is refused now, naming what is wrong
        return value
    raise ValueError(f"must be one of {', '.join(THEMES)} or a theme file ending in .toml (got {value!r})")


def check_color(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise ValueError(f"{where} must be a colour like #1B1F27 (got {value!r})")
    return value.upper()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"theme file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"theme file {path} cannot be read ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"theme file {path} is not valid TOML: {err}") from None
    except RecursionError:
        raise ValueError(f"theme file {path} is not a theme: its lists or tables are nested thousands deep") from None


@cache
def _load_file(path: str, _stamp: tuple[int, int]) -> dict[str, Any]:
    data = _read(Path(path))
    base_name = data.pop("base", "dark")
    if base_name not in THEMES:
        raise ValueError(f"theme file {path}: base must be one of {', '.join(THEMES)} (got {base_name!r})")
    out = dict(builtin(base_name))
    data.pop("name", None)
    out.update(_checked(data, f"theme file {Path(path).name}"))
    out["name"] = Path(path).stem
    return out


def _checked(data: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "okabe-ito":
            if not isinstance(value, dict):
                raise ValueError(f"{where}: [okabe-ito] must be a table of colours")
            out[key] = _checked(value, f"{where} [okabe-ito]")
        elif key == "series":
            if not isinstance(value, list) or not value:
                raise ValueError(f"{where}: series must be a list of colours")
            out[key] = [check_color(v, f"{where}: series") for v in value]
        elif key in ROLES:
            out[key] = check_color(value, f"{where}: {key}")
        else:
            raise ValueError(f"{where}: unknown key {key!r}; allowed: base, {', '.join(ROLES)}, series, [okabe-ito]")
    return out


@cache
def builtin(name: str) -> dict[str, Any]:
    data = _read(THEME_DIR / f"{name}.toml")
    data.pop("name", None)
    return {"name": name, **_checked(data, f"theme {name}")}


def load(value: str) -> dict[str, Any]:
    if value in THEMES:
        return builtin(value)
    try:
        path = Path(value).expanduser().resolve()
        st = path.stat()
    except (OSError, ValueError):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ValueError(f"theme file {shown} does not exist") from None
    return _load_file(str(path), (st.st_mtime_ns, st.st_size))


def colours(theme: str = "dark", palette: str = "default", overrides: dict[str, str] | None = None) -> dict[str, Any]:
    """Every role's colour (and ``series``) for a theme, a palette and the teacher's overrides."""
    data = load(theme)
    out = {k: v for k, v in data.items() if k != "okabe-ito"}
    if palette == "okabe-ito":
        out.update(data.get("okabe-ito", {}))
    out.update(overrides or {})
    return out


def check_overrides(value: Any) -> tuple[tuple[str, str], ...]:
    """``colors.positive=#0072B2``: role names from :data:`ROLES`, hex colours; kept as sorted pairs."""
    from intuition.params import _as_table

    value = _as_table(value)
    if not isinstance(value, dict):
        raise ValueError("must be a table of role = colour, like colors.positive=#0072B2")
    out = []
    for role, colour in value.items():
        if role not in ROLES:
            raise ValueError(f"unknown colour {role!r}; the colours are: {', '.join(ROLES)}")
        out.append((role, check_color(colour, f"colors.{role}")))
    return tuple(sorted(out))


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def reject(param: str, err: ValueError) -> ParameterError:
    return ParameterError(param, str(err))
