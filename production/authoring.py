"""What a front end needs to author clips: a form per scene, and the texts a teacher copies.

- :func:`scene_form`: one control per parameter (matrix, vector, colour,
  formula, bounded number, choice, flag, text), read from the parameter model:
  the field types and rules of ``intuition.params`` carry their bounds, and
  ``param(kind=...)`` says what a value is.
- :func:`toml_value` and :func:`assignments`: parameter values as the
  ``--set KEY=VALUE`` texts the CLI reads (TOML values), so a front end can
  hand the production layer exactly the request the command line would.
- :func:`render_command`, :func:`lesson_entry`, :func:`lesson_text`: the
  equivalent command, a lesson's ``[[clip]]`` entry and a whole lesson file,
  which ``render.py render --config`` renders to the same clips (same keys).
- :func:`read_lesson_text`: a lesson file's clips, as a builder shows them.

No manim import.
"""

from __future__ import annotations

import math
import re
import shlex
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

from intuition.errors import LessonError, ParameterError

# a bounded number gets a slider when its range is this wide or narrower
SLIDER_SPAN = 1000
BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# --- the form -------------------------------------------------------------------------


def _closure(func: Any) -> dict[str, Any]:
    """The variables a rule's check function closes over (number_rule's lo and hi, ...)."""
    cells = getattr(func, "__closure__", None) or ()
    names = getattr(getattr(func, "__code__", None), "co_freevars", ())
    out = {}
    for n, c in zip(names, cells):
        try:
            out[n] = c.cell_contents
        except ValueError:
            continue
    return out


def _rule(field: Any) -> tuple[str, dict[str, Any]]:
    """(name of the check function, its closure) of the field's validating rule."""
    for meta in field.metadata:
        func = getattr(meta, "func", None)
        if func is not None:
            return func.__qualname__.split(".")[0], _closure(func)
    return "", {}


def _finite(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _fixed_numbers(annotation: Any) -> int | None:
    """n for tuple[float, float, ...] written out n times, else None."""
    if typing.get_origin(annotation) is not tuple:
        return None
    args = typing.get_args(annotation)
    if not args or Ellipsis in args or any(a not in (float, int) for a in args):
        return None
    return len(args)


def _optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _control(name: str, field: Any) -> dict[str, Any]:
    from intuition.jsonable import to_jsonable

    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    kind = extra.get("kind", "")
    rule, env = _rule(field)
    default = to_jsonable(field.get_default(call_default_factory=True))
    out: dict[str, Any] = {"name": name, "default": default, "help": field.description or "",
                           "allowed": extra.get("allowed", ""), "optional": _optional(field.annotation)}
    if rule == "matrix_rule" or (kind == "matrix" and isinstance(default, list)):
        rows = env.get("rows") or len(default)
        cols = env.get("cols") or (len(default[0]) if default else 2)
        bound = env.get("bound")
        return {**out, "control": "matrix", "rows": rows, "cols": cols, "min": -bound if bound else None,
                "max": bound}
    fixed = _fixed_numbers(field.annotation)
    if rule == "vector_rule" or (kind == "vector" and fixed):
        length = env.get("length") or fixed or len(default)
        bound = env.get("bound")
        return {**out, "control": "vector", "length": length, "min": -bound if bound else None, "max": bound}
    if rule == "_check_color":
        return {**out, "control": "color"}
    if rule == "_check_lang":
        from intuition.words import LANGUAGES

        return {**out, "control": "choice", "choices": list(LANGUAGES)}
    if rule == "_check_aspect":
        from intuition.aspects import ASPECTS

        return {**out, "control": "choice", "choices": list(ASPECTS)}
    if rule in ("_check_theme", "_check_palette"):
        from intuition.themes import PALETTES, THEMES

        return {**out, "control": "choice", "choices": list(THEMES if rule == "_check_theme" else PALETTES)}
    if rule == "_check_bool":
        return {**out, "control": "flag"}
    if rule == "one_of":
        return {**out, "control": "choice", "choices": list(env.get("choices", ()))}
    if rule == "expression_rule":
        return {**out, "control": "formula", "variables": list(env.get("variables", ()))}
    if rule in ("number_rule", "integer_rule"):
        lo, hi = _finite(env.get("lo")), _finite(env.get("hi"))
        control = {**out, "control": "integer" if rule == "integer_rule" else "number", "min": lo, "max": hi,
                   "min_open": bool(env.get("lo_open")), "max_open": bool(env.get("hi_open"))}
        control["slider"] = lo is not None and hi is not None and 0 < hi - lo <= SLIDER_SPAN
        if control["slider"]:
            control["step"] = 1 if rule == "integer_rule" else _step(lo, hi)
        return control
    if kind == "file":
        return {**out, "control": "file"}
    if rule == "_check_text" or field.annotation is str:
        return {**out, "control": "text"}
    if kind == "number":
        return {**out, "control": "number", "min": None, "max": None, "slider": False}
    return {**out, "control": "value", "kind": kind or "value"}  # lists and the rest: typed as TOML/JSON


def _step(lo: float, hi: float) -> float:
    span = hi - lo
    return 0.01 if span <= 2 else 0.05 if span <= 10 else 0.1 if span <= 100 else 1


def scene_form(name: str) -> list[dict[str, Any]]:
    """One control per parameter of catalog scene ``name``: what to draw and its bounds."""
    from intuition import catalog
    from intuition.params import field_names

    spec = catalog.get(name)
    controls = []
    for field_name in field_names(spec.params):
        control = _control(field_name, spec.params.model_fields[field_name])
        for key in ("min", "max"):  # JSON has no infinity: no bound is None
            if isinstance(control.get(key), float) and not math.isfinite(control[key]):
                control[key] = None
        controls.append(control)
    return controls


# --- TOML texts -----------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """A JSON-like value as a TOML value: what a lesson file and ``--set`` read back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise ParameterError("?", f"cannot write {type(value).__name__} as a TOML value")


def _toml_key(key: Any) -> str:
    key = str(key)
    return key if BARE_KEY.match(key) else _toml_string(key)


def assignments(values: dict[str, Any]) -> tuple[str, ...]:
    """``{"matrix": [[1, 2], [3, 4]]}`` -> ``("matrix=[[1, 2], [3, 4]]",)``, the CLI's ``--set`` texts.

    A value of None (JSON null: "not set") is left out: the scene's default applies.
    """
    out = []
    for key, value in values.items():
        if not BARE_KEY.match(str(key)):
            raise ParameterError(str(key)[:40], "a parameter name is letters, digits and _")
        if value is None:
            continue
        out.append(f"{key}={toml_value(value)}")
    return tuple(out)


def render_command(scene: str, values: dict[str, Any], *, quality: str | None = None, fmt: str | None = None,
                   transparent: bool = False, draft: bool = False, resolution: tuple[int, int] | None = None,
                   fps: int | None = None, typesetter: str = "typst", out_dir: str | Path | None = None) -> str:
    """The ``python render.py render ...`` command for a scene, its parameters and output options."""
    parts = ["python", "render.py", "render", scene]
    if quality:
        parts += ["-q", quality]
    if fmt:
        parts += ["-f", fmt]
    if transparent:
        parts.append("--transparent")
    if draft:
        parts.append("--draft")
    if resolution:
        parts += ["--resolution", f"{resolution[0]}x{resolution[1]}"]
    if fps:
        parts += ["--fps", str(fps)]
    if typesetter != "typst":
        parts += ["--tex", typesetter]
    if out_dir is not None and str(out_dir) != "media":
        parts += ["-o", str(out_dir)]
    for pair in assignments(values):
        parts += ["--set", pair]
    return " ".join(shlex.quote(p) for p in parts)


def lesson_entry(scene: str, values: dict[str, Any], *, title: str = "", quality: str | None = None,
                 fmt: str | None = None) -> str:
    """A lesson file's ``[[clip]]`` entry for a scene and its parameters."""
    lines = ["[[clip]]", f"scene = {_toml_string(scene)}"]
    if title:
        lines.append(f"title = {_toml_string(title)}")
    if quality:
        lines.append(f"quality = {_toml_string(quality)}")
    if fmt:
        lines.append(f"format = {_toml_string(fmt)}")
    given = {k: v for k, v in values.items() if v is not None}
    if given:
        for key in given:
            if not BARE_KEY.match(str(key)):
                raise ParameterError(str(key)[:40], "a parameter name is letters, digits and _")
        lines.append("params = " + toml_value(given))
    return "\n".join(lines) + "\n"


def lesson_text(clips: list[dict[str, Any]], *, title: str = "", quality: str | None = None,
                fmt: str | None = None) -> str:
    """A whole lesson file from clips ``{"scene", "params", "title", "quality", "format"}``.

    The text is read back with the lesson loader before it is returned, so a
    lesson that would not render (unknown scene, bad parameter) raises
    :class:`~intuition.errors.LessonError` naming the clip and key instead.
    """
    head = []
    meta = [(k, v) for k, v in (("title", title), ("quality", quality), ("format", fmt)) if v]
    if meta:
        head = ["[lesson]", *(f"{k} = {_toml_string(str(v))}" for k, v in meta), ""]
    body = [lesson_entry(c["scene"], dict(c.get("params") or {}), title=c.get("title") or "",
                         quality=c.get("quality"), fmt=c.get("format")) for c in clips]
    text = ("\n".join(head) + "\n" if head else "") + "\n".join(body)
    info = read_lesson_text(text)
    broken = [c["error"] for c in info["clips"] if c["error"]]
    if broken:
        raise LessonError(broken[0])
    return text


def read_lesson_text(text: str, name: str = "lesson.toml") -> dict[str, Any]:
    """A lesson file's text, read by the lesson loader: its title, options and clips.

    A mistake in the file raises :class:`~intuition.errors.LessonError`; a clip
    with a bad parameter comes back with its one-line ``error``. File
    parameters given as relative paths are read beside a file that is not
    there, so give a lesson with data files to the CLI instead.
    """
    from intuition import lessons
    from intuition.jsonable import to_jsonable

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", Path(name).name)[:80] or "lesson.toml"
    with tempfile.TemporaryDirectory(prefix="intuition-lesson-") as tmp:
        path = Path(tmp) / safe
        path.write_text(text, encoding="utf-8")
        loaded = lessons.load(path)
    clips = [{"scene": c.scene, "title": c.title, "quality": c.quality, "format": c.fmt,
              "params": to_jsonable(c.given), "error": c.error.replace(str(Path(tmp)) + "/", "")}
             for c in loaded.clips]
    return {"title": loaded.title, "quality": loaded.quality, "format": loaded.fmt, "clips": clips,
            "scenes": {k: to_jsonable(v) for k, v in loaded.scene_values.items()}}


# --- snippets for a finished clip -----------------------------------------------------


def clip_snippets(manifest: dict[str, Any], folder: str | Path) -> dict[str, str]:
    """The gallery's snippets for a finished clip (paths relative to the output folder):
    ``HTML`` (a <video> with its captions track, or an <img>), ``Markdown`` and ``Command``."""
    from production import gallery

    m = {**manifest, "_folder": str(folder)}
    files = gallery._files(m)
    return gallery._snippets(m, files, m.get("label") or m["scene"])
