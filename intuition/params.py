"""How scene parameters are declared, coerced from text or TOML, and validated.

Each scene has a pydantic model deriving from :class:`SceneParams`. The field
types below carry the rules a teacher needs to hear when a value is wrong
("a 2x2 matrix like [[2,1],[1,2]]"), and :func:`validate_params` turns
pydantic's report into one :class:`ParameterError` naming the key.
"""

from __future__ import annotations

import json
import math
import re
from typing import Annotated, Any

import tomllib
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from intuition.errors import ParameterError

# manim's named colours (manim.utils.color.manim_colors), listed here so that
# validating a colour does not import manim.
MANIM_COLOR_NAMES = frozenset(
    "BLACK BLUE BLUE_A BLUE_B BLUE_C BLUE_D BLUE_E DARKER_GRAY DARKER_GREY DARK_BLUE DARK_BROWN DARK_GRAY DARK_GREY GOLD GOLD_A GOLD_B GOLD_C GOLD_D GOLD_E GRAY GRAY_A GRAY_B GRAY_BROWN GRAY_C GRAY_D GRAY_E GREEN GREEN_A GREEN_B GREEN_C GREEN_D GREEN_E GREY GREY_A GREY_B GREY_BROWN GREY_C GREY_D GREY_E LIGHTER_GRAY LIGHTER_GREY LIGHT_BROWN LIGHT_GRAY LIGHT_GREY LIGHT_PINK LOGO_BLACK LOGO_BLUE LOGO_GREEN LOGO_RED LOGO_WHITE MAROON MAROON_A MAROON_B MAROON_C MAROON_D MAROON_E ORANGE PINK PURE_BLUE PURE_CYAN PURE_GREEN PURE_MAGENTA PURE_RED PURE_YELLOW PURPLE PURPLE_A PURPLE_B PURPLE_C PURPLE_D PURPLE_E RED RED_A RED_B RED_C RED_D RED_E TEAL TEAL_A TEAL_B TEAL_C TEAL_D TEAL_E WHITE YELLOW YELLOW_A YELLOW_B YELLOW_C YELLOW_D YELLOW_E".split()  # noqa: E501
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MAX_ENTRY = 10.0


def _check_lang(value: Any) -> str:
    from intuition.words import check_lang

    try:
        return check_lang(value)
    except ParameterError as err:
        raise ValueError(err.reason) from None


def _check_captions(value: Any) -> tuple[tuple[str, str], ...]:
    # kept as sorted (id, text) pairs: parameters are frozen and hashable
    value = _as_table(value)
    if not isinstance(value, dict):
        raise ValueError("must be a table of caption id = text, like captions.watch=\"Look at the square\"")
    value = _flat(value)
    out = []
    for key, text in value.items():
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            raise ValueError(f"caption {key!r} must be text (got {text!r})")
        out.append((str(key), str(text)))
    return tuple(sorted(out))


def _as_table(value: Any) -> Any:
    """A dict, or the (key, value) pairs a frozen parameter keeps; anything else is left for the caller to refuse."""
    if isinstance(value, (list, tuple)):
        try:
            if all(isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in value):
                return dict(value)
        except TypeError:  # an unhashable key
            pass
    return value


def _flat(table: dict, prefix: str = "") -> dict:
    # TOML reads an unquoted determinant.watch = "..." as a nested table: the id is the dotted path
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _check_theme(value: Any) -> str:
    from intuition.themes import check_theme

    return check_theme(value)


def _check_palette(value: Any) -> str:
    from intuition.themes import PALETTES

    if value not in PALETTES:
        raise ValueError(f"must be one of {', '.join(PALETTES)} (got {value!r})")
    return value


def _check_aspect(value: Any) -> str:
    from intuition.aspects import check_aspect

    return check_aspect(value)


def _check_colors(value: Any) -> tuple[tuple[str, str], ...]:
    from intuition.themes import check_overrides

    return check_overrides(value)


def _check_voice(value: Any) -> str:
    from pathlib import Path

    if value in ("none", "espeak"):
        return value
    if isinstance(value, str) and value.startswith("piper:"):
        model = Path(value.removeprefix("piper:")).expanduser()
        try:
            there = model.is_file()
        except (OSError, ValueError):
            there = False
        if model.suffix != ".onnx" or not there:
            raise ValueError(f"piper:PATH needs a piper voice model file ending in .onnx (no such file: {model})")
        if not Path(f"{model}.json").is_file():
            raise ValueError(f"piper voice {model.name} needs its config beside it: {model.name}.json")
        return f"piper:{model.resolve()}"
    raise ValueError(f"must be none, espeak or piper:MODEL.onnx (got {value!r})")


def _check_narration(value: Any) -> str:
    from pathlib import Path

    if value in ("", None):
        return ""
    if not isinstance(value, str):
        raise ValueError(f"must be a folder of recordings (got {value!r})")
    try:
        folder = Path(value).expanduser()
        found = folder.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL byte
        found = False
    if not found:
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ValueError(f"no such folder: {shown!r} (a folder with one recording per caption id, e.g. watch.wav)")
    return str(folder.resolve())


Language = Annotated[str, BeforeValidator(_check_lang)]
Narration = Annotated[str, BeforeValidator(_check_narration)]
VoiceName = Annotated[str, BeforeValidator(_check_voice)]
ThemeName = Annotated[str, BeforeValidator(_check_theme)]
PaletteName = Annotated[str, BeforeValidator(_check_palette)]
AspectName = Annotated[str, BeforeValidator(_check_aspect)]
ColorOverrides = Annotated[
    tuple[tuple[str, str], ...], BeforeValidator(_check_colors), PlainSerializer(dict, return_type=dict)
]
CaptionTexts = Annotated[
    tuple[tuple[str, str], ...], BeforeValidator(_check_captions), PlainSerializer(dict, return_type=dict)
]


def param(default: Any, help: str, *, allowed: str = "", kind: str = "") -> Any:
    """A parameter field with the help and allowed-range text that ``describe`` prints."""
    extra = {k: v for k, v in (("allowed", allowed), ("kind", kind)) if v}
    return Field(default=default, description=help, json_schema_extra=extra or None)


class SceneParams(BaseModel):
    """Base of every scene's parameters: frozen, strict about unknown keys.

    Every scene has ``lang`` (the language of every word on screen) and
    ``captions`` (the teacher's own words by message id, ``describe`` lists them).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    lang: Language = param(
        "en", "language of every word on screen", allowed="en, es, fr, de, zh_Hans"
    )
    captions: CaptionTexts = param(
        (), "your own words by caption id (describe lists the ids); {name} fills in a number",
        allowed="captions.ID=TEXT", kind="captions",
    )
    voice: VoiceName = param(
        "none", "speak every caption (eSpeak NG, in the clip's language); the steps wait for the voice",
        allowed="none, espeak, piper:MODEL.onnx", kind="voice",
    )
    narration: Narration = param(
        "", "your own voice: a folder with a recording per caption id (watch.wav, .flac, .ogg, .mp3)",
        allowed="a folder", kind="narration",
    )
    theme: ThemeName = param(
        "dark", "the colours: a shipped theme, or your own theme file (see intuition/themes/)",
        allowed="dark, light, high-contrast, FILE.toml", kind="theme",
    )
    palette: PaletteName = param(
        "default", "okabe-ito: colour-blind-safe hues for the semantic colours", allowed="default, okabe-ito"
    )
    colors: ColorOverrides = param(
        (), "one colour by its name, the same in every scene: " + ", ".join(
            ("background", "text", "muted", "grid", "i_hat", "j_hat", "vector", "accent", "positive", "negative",
             "highlight")), allowed="colors.NAME=#RRGGBB", kind="colors"
    )
    aspect: AspectName = param(
        "16:9", "the clip's shape: the picture re-flows (in portrait the numbers sit below it)",
        allowed="16:9, 9:16, 1:1, 4:3",
    )


# --- value rules ----------------------------------------------------------


def _finite_number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be numbers (got {value!r})")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be finite numbers (got {value!r})")
    return float(value)


def _as_list(value: Any) -> Any:
    # numpy arrays and tuples arrive from Python callers
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def matrix_rule(rows: int, cols: int, bound: float = MAX_ENTRY):
    example = "[[2,1],[1,2]]" if (rows, cols) == (2, 2) else "[[...], ...]"

    def check(value: Any) -> tuple[tuple[float, ...], ...]:
        value = _as_list(value)
        shape_msg = f"must be a {rows}x{cols} matrix written as rows, like {example}"
        if not isinstance(value, list) or len(value) != rows:
            raise ValueError(shape_msg)
        out = []
        for row in value:
            row = _as_list(row)
            if not isinstance(row, list) or len(row) != cols:
                raise ValueError(shape_msg)
            nums = tuple(_finite_number(v, "matrix entries") for v in row)
            if any(abs(v) > bound for v in nums):
                raise ValueError(f"entries must lie between -{bound:g} and {bound:g}")
            out.append(nums)
        return tuple(out)

    return BeforeValidator(check)


def vector_rule(length: int, bound: float = MAX_ENTRY):
    def check(value: Any) -> tuple[float, ...]:
        value = _as_list(value)
        if not isinstance(value, list) or len(value) != length:
            raise ValueError(f"must be a vector of {length} numbers, like [1, 2]")
        nums = tuple(_finite_number(v, "vector entries") for v in value)
        if any(abs(v) > bound for v in nums):
            raise ValueError(f"entries must lie between -{bound:g} and {bound:g}")
        return nums

    return BeforeValidator(check)


def number_rule(lo: float | None = None, hi: float | None = None, *, lo_open=False, hi_open=False):
    """A finite float within [lo, hi] (ends open where asked), said in words when wrong."""

    def describe() -> str:
        parts = []
        if lo is not None:
            parts.append(f"{'>' if lo_open else '>='} {lo:g}")
        if hi is not None:
            parts.append(f"{'<' if hi_open else '<='} {hi:g}")
        return "a number " + " and ".join(parts) if parts else "a finite number"

    def check(value: Any) -> float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValueError(f"must be {describe()} (got {value!r})") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be {describe()} (got {value!r})")
        v = float(value)
        bad = not math.isfinite(v)
        if lo is not None:
            bad = bad or (v <= lo if lo_open else v < lo)
        if hi is not None:
            bad = bad or (v >= hi if hi_open else v > hi)
        if bad:
            raise ValueError(f"must be {describe()} (got {value!r})")
        return v

    return BeforeValidator(check)


def integer_rule(lo: int | None = None, hi: int | None = None):
    """A whole number within [lo, hi], e.g. ``Annotated[int, integer_rule(1, 400)]``."""

    def describe() -> str:
        if lo is not None and hi is not None:
            return f"a whole number from {lo} to {hi}"
        if lo is not None:
            return f"a whole number >= {lo}"
        return "a whole number"

    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be {describe()} (got {value!r})")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"must be {describe()} (got {value!r})")
        return value

    return BeforeValidator(check)


def _check_color(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a manim colour name like BLUE or a hex code like #1f77b4 (got {value!r})")
    v = value.strip()
    if _HEX.match(v):
        return v.lower()
    if v.upper() in MANIM_COLOR_NAMES:
        return v.upper()
    raise ValueError(f"must be a manim colour name like BLUE or a hex code like #1f77b4 (got {value!r})")


def _check_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "yes", "on", "1", "false", "no", "off", "0"}:
        return value.lower() in {"true", "yes", "on", "1"}
    raise ValueError(f"must be true or false (got {value!r})")


def _check_text(value: Any) -> str:
    # --set title=2024 and title = true reach here as TOML's number and boolean
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (int, float)) and math.isfinite(value):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"must be text (got {value!r})")
    if len(value) > 200:
        raise ValueError("must be at most 200 characters")
    return value


Matrix2 = Annotated[tuple[tuple[float, float], tuple[float, float]], matrix_rule(2, 2)]
Vector2 = Annotated[tuple[float, float], vector_rule(2)]
Color = Annotated[str, BeforeValidator(_check_color)]
Flag = Annotated[bool, BeforeValidator(_check_bool)]
Caption = Annotated[str, BeforeValidator(_check_text)]


def _check_column(value: Any) -> str | int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"must be a column name from the CSV header or a column number from 1 (got {value!r})")
    if isinstance(value, int) and value < 1:
        raise ValueError(f"column numbers count from 1 (got {value})")
    return value


Column = Annotated[str | int, BeforeValidator(_check_column)]


def csv_param(help: str) -> Any:
    """The ``csv`` parameter of a scene that reads a teacher's data: a file, so its bytes key the render."""
    return param("", help, allowed="path to a .csv", kind="file")


def csv_check(read, *columns: str, only: tuple[str, str] | None = None):
    """A validator for ``csv`` that reads the file at once with ``read(path, *column values)``, so a
    missing file, column or number is one line naming ``csv``. ``only=(name, value)``: a CSV is read
    only when that parameter has that value. Declare the columns (and ``name``) before ``csv``."""

    def check(cls, value: str, info: ValidationInfo) -> str:
        if value:
            if only and info.data.get(only[0], only[1]) != only[1]:
                key, wanted = only
                raise ValueError(f"a CSV is one data set, read with {key}={wanted} (not {key}={info.data[key]})")
            read(value, *(info.data.get(c, "") for c in columns))
        return value

    return field_validator("csv")(classmethod(check))


def one_of(*choices: str):
    """A string from a fixed list, e.g. Annotated[str, one_of("normal", "binomial")]."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    return BeforeValidator(check)


def expression_rule(variables: tuple[str, ...]):
    """Text that must parse as a safe formula over variables; kept as text."""

    def check(value: Any) -> str:
        from intuition.expressions import parse  # late: expressions imports sympy

        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = repr(value)
        if not isinstance(value, str):
            raise ValueError(f"must be a formula in {', '.join(variables)} (got {value!r})")
        parse(value, variables)  # raises ExpressionError with the allowed names
        return value

    return BeforeValidator(check)




def file_fields(model: type[SceneParams]) -> tuple[str, ...]:
    """The parameters that may name an input file (``kind="file"``, and ``theme``).

    The production layer hashes those files' bytes into the cache key, and a
    lesson file's relative paths are read from the lesson's own folder; whether a
    value is a file is :func:`names_a_file`.
    """
    out = []
    for name in field_names(model):
        extra = model.model_fields[name].json_schema_extra
        if isinstance(extra, dict) and extra.get("kind") in ("file", "theme", "narration", "voice"):
            out.append(name)
    return tuple(out)


def names_a_file(name: str, value: Any) -> bool:
    """Whether a value of one of :func:`file_fields` is a file (a theme may be a shipped name)."""
    return input_path(name, value) is not None


def input_path(name: str, value: Any) -> str | None:
    """The file (or folder) a parameter's value names, or None: a theme may be a shipped name, a
    voice an engine (``piper:MODEL.onnx`` names its model)."""
    if not isinstance(value, str) or not value:
        return None
    if name == "theme":
        return value if value.endswith(".toml") else None
    if name == "voice":
        return value.removeprefix("piper:") if value.startswith("piper:") else None
    return value


# --- text coercion ----------------------------------------------------------


def coerce_text(raw: str) -> Any:
    """Read a --set value the way a TOML file would, falling back to text.

    [[2,1],[1,2]] becomes a nested list, 1.5 a float, true a bool,
    and anything that is not a TOML value (x**2 - 1) stays a string.
    """
    if _NUMBERS.fullmatch(raw):
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            pass  # 01, 1., [1,], +1: TOML decides
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):  # lists nested thousands deep are no value either
        return raw


# A number or a list of numbers (data pasted into --set): what JSON reads of it, TOML reads alike,
# and json does it in C (5000 values: 20 µs against tomllib's 1.5 ms)
_NUMBERS = re.compile(r"[ \t]*+(?!\n)[\d \t\n\[\],.eE+-]+")  # TOML wants the value on the line of its key


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """["matrix=[[1,2],[3,4]]", "vector=[1,1]"] -> a dict of coerced values."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(pair, "expected KEY=VALUE, like matrix=[[2,1],[1,2]]")
        if key.startswith("captions."):
            # a caption is words as typed: "2024" stays text, quotes are the shell's business
            out.setdefault("captions", {})[key.removeprefix("captions.")] = raw.strip()
            continue
        if key.startswith("colors.") or key.startswith("colours."):
            out.setdefault("colors", {})[key.split(".", 1)[1]] = raw.strip()
            continue
        out[key.replace("-", "_")] = coerce_text(raw.strip())
    return out


# --- validation with one-line errors ----------------------------------------


def one_line(text: Any, limit: int = 400) -> str:
    """Errors are one short line on stderr: control characters become spaces, long text is cut."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_error(model: type[SceneParams], err: ValidationError, scene: str | None) -> ParameterError:
    e = err.errors(include_url=False)[0]
    loc = [one_line(p, 40) for p in e.get("loc", ())]
    key = loc[0] if loc else "?"
    if e.get("type") == "extra_forbidden":
        allowed = ", ".join(field_names(model)) or "none"
        return ParameterError(key, f"unknown parameter; allowed: {allowed}", scene)
    msg = e.get("msg", "invalid value")
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    named = re.match(r"parameter '([^']+)': (.*)", msg, re.S)
    if key == "?" and named:  # a model validator named the parameter itself
        key, msg = named.group(1), named.group(2)
    return ParameterError(key, one_line(msg), scene)


def field_names(model: type[SceneParams]) -> list[str]:
    """A scene's own parameters first, then the ones every scene has (lang, captions)."""
    common = list(SceneParams.model_fields)
    return [n for n in model.model_fields if n not in common] + common


def validate_params(model: type[SceneParams], values: dict[str, Any], scene: str | None = None) -> SceneParams:
    """Build model from values or raise one ParameterError naming the key."""
    try:
        return model(**values)
    except ValidationError as err:
        raise _first_error(model, err, scene) from None
    except ParameterError:
        raise
    except (ValueError, TypeError, ArithmeticError) as err:  # a model validator's own check
        raise ParameterError("?", one_line(err), scene) from None


def describe_params(model: type[SceneParams]) -> list[dict[str, Any]]:
    """One row per parameter: name, type, default, help, as describe prints them."""
    schema = model.model_json_schema()
    props = schema.get("properties", {})
    rows = []
    for name in field_names(model):
        field = model.model_fields[name]
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        rows.append(
            {
                "name": name,
                "type": extra.get("kind") or _type_name(props.get(name, {})),
                "default": field.get_default(call_default_factory=True),
                "allowed": extra.get("allowed", ""),
                "help": field.description or "",
            }
        )
    return rows


def _type_name(prop: dict[str, Any]) -> str:
    t = prop.get("type")
    if t == "array":
        return "list"
    return {"number": "number", "integer": "integer", "boolean": "true/false", "string": "text"}.get(t, t or "value")
