"""Lesson files: TOML that sets scene parameters and lists clips to render.

::

    # parameters for a scene whenever it is rendered with this file
    [matrix-transform]
    matrix = [[1, 2], [3, 4]]

    # a lesson: every [[clip]] is rendered by `render --config lesson.toml`
    [lesson]
    title = "Linear maps"
    quality = "l"            # default for the clips: l, m, h or k
    format = "mp4"           # default for the clips: mp4, webm, mov, gif, png
    lang = "es"              # default for the clips: en, es, fr, de, zh_Hans
    aspect = "9:16"          # default for the clips: 16:9, 9:16, 1:1, 4:3

    [[clip]]
    scene = "determinant"
    title = "Area scales by the determinant"   # also the on-screen title
    format = "gif"
    lang = "fr"              # this clip's language
    aspect = "1:1"           # this clip's shape
    params = { matrix = [[2, 1], [0, 1.5]] }
    [clip.captions]          # your own words, by the ids `describe determinant` lists
    watch = "Look at the square while the plane moves."

Everything is validated before anything renders, and an error names the
file, the clip and the key. A mistake in the file itself (not TOML, an unknown
key, an unknown scene) stops the run; a clip whose parameters are wrong is
reported as broken before rendering starts, and the other clips still render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from intuition import catalog
from intuition.errors import IntuitionError, LessonError, ParameterError
from intuition.params import SceneParams, file_fields, input_path, validate_params

QUALITY_CHOICES = ("l", "m", "h", "k")
FORMAT_CHOICES = ("mp4", "webm", "mov", "gif", "png", "storyboard")
CLIP_KEYS = ("scene", "title", "quality", "format", "lang", "captions", "aspect", "params")
LESSON_KEYS = ("title", "quality", "format", "lang", "voice", "theme", "palette", "aspect")
# [lesson] keys that are every clip's parameter unless the clip says otherwise
CLIP_DEFAULTS = ("lang", "voice", "theme", "palette", "aspect")


@dataclass(frozen=True)
class Clip:
    scene: str
    params: SceneParams | None  # None when the clip is broken
    title: str = ""
    quality: str | None = None
    fmt: str | None = None
    where: str = ""  # "lesson.toml: clip 2 (determinant)", for messages
    error: str = ""  # why the clip cannot render: names the file, clip and key
    given: dict[str, Any] = field(default_factory=dict)  # the values the file gives (before --set)


@dataclass
class LessonFile:
    path: Path
    title: str = ""
    quality: str | None = None
    fmt: str | None = None
    lang: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)  # lang, voice, theme, palette, aspect for every clip
    scene_values: dict[str, dict[str, Any]] = field(default_factory=dict)
    clips: list[Clip] = field(default_factory=list)

    def values_for(self, scene: str) -> dict[str, Any]:
        return dict(self.scene_values.get(scene, {}))


def load(path: str | Path, overrides: dict[str, Any] | None = None) -> LessonFile:
    """Read and fully validate a lesson file; ``overrides`` (from --set) apply to every clip."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LessonError(f"{path}: no such file") from None
    except OSError as err:
        raise LessonError(f"{path}: cannot read it ({err.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LessonError(f"{name}: not a TOML file (it is not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as err:
        raise LessonError(f"{name}: not valid TOML: {err}") from None
    except RecursionError:
        raise LessonError(f"{name}: not a lesson: its lists or tables are nested thousands deep") from None

    lesson = LessonFile(path=path)
    meta = data.pop("lesson", {})
    if not isinstance(meta, dict):
        raise LessonError(f"{name}: [lesson] must be a table with {', '.join(LESSON_KEYS)}")
    for key in meta:
        if key not in LESSON_KEYS:
            raise LessonError(f"{name}: [lesson]: unknown key '{key}'; allowed: {', '.join(LESSON_KEYS)}")
    lesson.title = str(meta.get("title", ""))
    lesson.quality = _choice(meta.get("quality"), QUALITY_CHOICES, f"{name}: [lesson]", "quality")
    lesson.fmt = _choice(meta.get("format"), FORMAT_CHOICES, f"{name}: [lesson]", "format")
    for key in CLIP_DEFAULTS:
        if key in meta:
            value = meta[key]
            if key == "theme" and isinstance(value, str) and value.endswith(".toml"):
                value = str((path.resolve().parent / value).resolve())
            try:  # checked as a clip would check it, named as the file's own key
                validate_params(SceneParams, {key: value})
            except ParameterError as err:
                raise LessonError(f"{name}: [lesson]: key '{key}': {err.reason}") from None
            lesson.defaults[key] = value
    lesson.lang = lesson.defaults.get("lang")

    clips = data.pop("clip", [])
    if not isinstance(clips, list):
        raise LessonError(f"{name}: clips are written [[clip]] (an array of tables)")

    for scene_name, values in data.items():
        where = f"{name}: [{scene_name}]"
        if not isinstance(values, dict):
            raise LessonError(f"{where}: expected a table of parameters for a scene")
        try:
            spec = catalog.get(scene_name)
            values = _files_beside(spec, values, path)
            spec.build({**values, **(overrides or {})})
        except IntuitionError as err:
            raise LessonError(f"{where}: {_strip_scene(err)}") from None
        lesson.scene_values[spec.name] = values

    for i, entry in enumerate(clips, start=1):
        lesson.clips.append(_clip(name, i, entry, lesson, overrides or {}))
    return lesson


def _clip(name: str, index: int, entry: Any, lesson: LessonFile, overrides: dict[str, Any]) -> Clip:
    where = f"{name}: clip {index}"
    if not isinstance(entry, dict):
        raise LessonError(f"{where}: expected a table with scene, title, quality, format, params")
    scene_name = entry.get("scene")
    if not isinstance(scene_name, str):
        raise LessonError(f"{where}: key 'scene' is missing; give the scene's name, e.g. scene = \"determinant\"")
    where = f"{where} ({scene_name})"
    for key in entry:
        if key not in CLIP_KEYS:
            raise LessonError(
                f"{where}: unknown key '{key}'; allowed: {', '.join(CLIP_KEYS)} (scene parameters go in params)"
            )
    try:
        spec = catalog.get(scene_name)
    except IntuitionError as err:
        raise LessonError(f"{where}: {err}") from None
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise LessonError(f"{where}: key 'params' must be a table, like params = {{ matrix = [[2,1],[1,2]] }}")
    title = entry.get("title", "")
    if not isinstance(title, str):
        raise LessonError(f"{where}: key 'title' must be text")
    given = {**lesson.values_for(spec.name), **_files_beside(spec, params, lesson.path)}
    for key, value in lesson.defaults.items():
        given.setdefault(key, value)
    # the clip's words and shape, written beside its scene rather than in params
    for key in ("lang", "captions", "aspect"):
        if key in entry:
            given[key] = entry[key]
    values = {**given, **overrides}
    if title and "title" in spec.params.model_fields and "title" not in values:
        values["title"] = title
    quality = _choice(entry.get("quality"), QUALITY_CHOICES, where, "quality") or lesson.quality
    fmt = _choice(entry.get("format"), FORMAT_CHOICES, where, "format") or lesson.fmt
    try:
        built = spec.build(values)
    except ParameterError as err:
        # one bad clip must not cost the teacher the rest of the lesson
        return Clip(
            scene=spec.name,
            params=None,
            title=title,
            quality=quality,
            fmt=fmt,
            where=where,
            error=f"{where}: {_strip_scene(err)}",
            given=given,
        )
    return Clip(scene=spec.name, params=built, title=title, quality=quality, fmt=fmt, where=where, given=given)


def _files_beside(spec: Any, values: dict[str, Any], lesson_path: Path) -> dict[str, Any]:
    """A data file named in a lesson is found beside the lesson, whatever the working folder."""
    out = dict(values)
    for name in file_fields(spec.params):
        value = out.get(name)
        path = input_path(name, value)
        if path is not None and not Path(path).expanduser().is_absolute():
            # piper:voice.onnx keeps its prefix; the path in it is read beside the lesson
            out[name] = value.replace(path, str((lesson_path.resolve().parent / path).resolve()), 1)
    return out


def _choice(value: Any, choices: tuple[str, ...], where: str, key: str) -> str | None:
    if value is None:
        return None
    if value not in choices:
        raise LessonError(f"{where}: key '{key}' must be one of {', '.join(choices)} (got {value!r})")
    return value


def _strip_scene(err: Exception) -> str:
    # the scene is already named in ``where``
    if isinstance(err, ParameterError):
        return f"parameter '{err.param}': {err.reason}"
    return str(err)
