"""The production layer's one public API: plan, render, publish, show.

The CLI (``render.py``), the notebook helper and every later front end call
these functions and nothing below them::

    from production import RenderRequest, render

    outcome = render(RenderRequest(scenes=("determinant",), sets=("matrix=[[1,2],[3,4]]",), quality="l"))
    for clip in outcome.done:
        print(clip.path, clip.duration)

A request names scenes (catalog names, class names, ``FILE.py:Class``),
classes, lesson files, parameters and output options; :func:`render` answers
a repeated command from the request cache without importing manim, else plans
every job (all validation happens here, before anything renders), renders the
rest here, in worker processes or on Dask, and reports progress through
``on_event(kind, job, payload)``: ``cached``, ``started``, ``progress``
(seconds of video so far), ``done``, ``failed``.

Front ends that author clips (the studio, ``production.studio``) also use
:func:`list_scenes`, :func:`scene_form`, :func:`check_params`,
:func:`inspect_values`, :func:`preview_scene` (a key frame per caption step,
no video), :func:`assignments`, :func:`render_command`, :func:`lesson_entry`,
:func:`lesson_text`, :func:`read_lesson_text` and :func:`clip_snippets`.

This module imports nothing heavy at import time: a cache hit stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intuition.aspects import ASPECTS, aspect_of
from intuition.errors import IntuitionError, LessonError, ParameterError
from production.jobs import DEFAULT_FORMAT, DEFAULT_QUALITY, FORMATS, QUALITIES, RenderJob, check_resolution
from production.preview import KeyFrame, Preview, PreviewCancelled
from production.request import RenderRequest, RequestError

if TYPE_CHECKING:
    from production.batch import Event
    from production.planning import Plan
    from production.sources import SceneRef

__all__ = [
    "ASPECTS", "aspect_of", "check_resolution", "DEFAULT_FORMAT", "DEFAULT_QUALITY", "FORMATS", "QUALITIES",
    "Clip", "Outcome", "RenderJob", "RenderRequest",
    "RequestError", "describe_scene", "inspect_scene", "plan", "render", "resolve_scene", "run", "show",
    "show_scene", "write_gallery", "serve_studio", "is_local_host", "render_lesson_video",
    # for front ends that author clips (the studio): forms, checks, previews, the texts a teacher copies
    "IntuitionError", "KeyFrame", "LessonError", "ParameterError", "Preview", "PreviewCancelled", "assignments",
    "check_params", "clip_snippets", "inspect_values", "lesson_entry", "lesson_text", "list_scenes",
    "preview_scene", "read_lesson_text", "render_command", "scene_form",
    # what a scene with a voice speaks with (imported when first asked for: it needs numpy)
    "Voice", "Recordings",
]


def __getattr__(name: str) -> Any:
    if name in ("Voice", "Recordings"):
        from production import voice

        return getattr(voice, name)
    raise AttributeError(f"module 'production' has no attribute {name!r}")


@dataclass(frozen=True)
class Clip:
    """A finished clip: its label, main file, duration, render seconds (None: from the cache)."""

    label: str
    path: Path
    duration: float
    seconds: float | None
    manifest: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Outcome:
    done: list[Clip] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (label, one-line reason)
    broken: int = 0  # of the failed, lesson clips that were never started (bad parameters)
    bad_input: bool = False  # a failure (or a broken lesson clip) is the user's to fix
    recalled: bool = False  # answered by the request cache, nothing was planned

    @property
    def ok(self) -> bool:
        return not self.failed


def resolve_scene(name: str) -> SceneRef:
    """What a scene name means: a catalog scene, or ``FILE.py:Class`` (imported)."""
    from production.sources import resolve

    return resolve(name)


def describe_scene(name: str, lang: str = "en") -> dict[str, Any]:
    """A scene's entry for ``describe``: names, class, module file, one row per parameter, and
    its words (caption ids with their text in ``lang``: the script a teacher records or rewrites)."""
    from intuition.params import describe_params
    from intuition.words import check_lang

    lang = check_lang(lang)
    ref = resolve_scene(name)
    spec = ref.spec
    if ref.scene_class is not None and hasattr(ref.scene_class, "build_params"):
        defaults = ref.scene_class.build_params().model_dump()
    else:
        defaults = None
    rows = describe_params(spec.params)
    if defaults is not None:
        rows = [{**r, "default": defaults.get(r["name"], r["default"])} for r in rows]
    module, _, cls = ref.source.rpartition(":")
    return {"name": ref.name, "title": spec.title, "concept": spec.concept, "family": spec.family,
            "class": cls, "source": ref.source, "file": _module_path(module), "params": rows,
            "captions": scene_words(ref, lang), "lang": lang, "schema": spec.params.model_json_schema()}


def scene_words(ref, lang: str = "en") -> list[dict[str, Any]]:
    """Every message the scene can show: id, its text in ``lang`` and the placeholders it fills."""
    from intuition.words import Words, placeholders

    words = Words(lang)
    source = _file_of_source(ref.source)
    return [{"id": msg_id, "text": words.template(msg_id, english), "placeholders": sorted(placeholders(english))}
            for msg_id, english in ref.spec.messages(source).items()]


def _file_of_source(source: str) -> Path | None:
    module, _, _ = source.rpartition(":")
    return Path(module) if module.endswith(".py") else None


def _module_path(module: str) -> str:
    if module.endswith(".py") or module.startswith("<"):
        return module
    from intuition.catalog import _module_file

    path = _module_file(module)
    if path is None:
        return ""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def scene_values(name: str, sets: tuple[str, ...] = (), lesson: str | Path | None = None) -> dict[str, Any]:
    """The parameters ``inspect`` uses: the lesson's [scene] table, then its first [[clip]] of
    that scene, then ``--set``."""
    from intuition import lessons
    from intuition.params import parse_assignments

    values: dict[str, Any] = {}
    if lesson:
        loaded = lessons.load(lesson)
        values.update(loaded.values_for(name))
        clip = next((c for c in loaded.clips if c.scene == name), None)
        if clip is not None:
            if clip.error:
                raise RequestError(clip.error)
            values.update(clip.given)
    return {**values, **parse_assignments(sets)}


def inspect_scene(
    name: str, sets: tuple[str, ...] = (), lesson: str | Path | None = None, captions: bool = False
) -> dict[str, Any]:
    """The math model as JSON-ready data: every number the clip shows, computed without rendering,
    and (``captions``) the captions the clip says, in its language, with their times."""
    from intuition.jsonable import to_jsonable

    ref = resolve_scene(name)
    values = scene_values(ref.spec.name, sets, lesson)
    if ref.scene_class is not None and hasattr(ref.scene_class, "build_params"):
        params = ref.scene_class.build_params(values)
    else:
        params = ref.spec.build(values)
    out = {"scene": ref.name, "params": to_jsonable(params.model_dump()), **to_jsonable(ref.spec.compute(params))}
    if captions:
        out["captions"] = spoken_captions(ref, params)
    return out


def spoken_captions(ref, params) -> list[dict[str, Any]]:
    """The captions of a build with every animation skipped (no frame drawn, nothing written)."""
    import tempfile

    from production.chunks import dry_run
    from production.jobs import RenderJob

    with tempfile.TemporaryDirectory(prefix="intuition-inspect-") as tmp:
        job = RenderJob(scene=ref.name, params=params, quality="l", out_dir=Path(tmp), source=ref.source)
        return list(dry_run(job, ref.load_class(), Path(tmp) / "manim").captions)


def plan(request: RenderRequest) -> Plan:
    """Every job the request asks for, fully validated (raises IntuitionError with one line)."""
    from production.planning import plan as make_plan

    return make_plan(request)


def run(planned: Plan, request: RenderRequest, on_event: Event | None = None) -> Outcome:
    """Render a plan: cache hits first, the rest here, in processes or on Dask."""
    from production.batch import default_workers, run_batch
    from production.output import check_writable, remove_stale_scratch

    broken = [(clip.title or clip.scene, clip.error) for clip in planned.broken]
    if not planned.jobs:
        return Outcome(failed=broken, broken=len(broken), bad_input=True)
    if request.typesetter == "latex":
        _check_latex()
    jobs = planned.jobs
    check_writable(Path(request.out_dir), tuple(sorted({job.scene for job in jobs})))
    remove_stale_scratch(Path(request.out_dir))
    if request.executor == "local":
        result = run_batch(jobs, workers=request.workers or default_workers(), on_event=on_event)
    else:
        from production.cluster import run_on_cluster

        result = run_on_cluster(jobs, request.executor, on_event=on_event)
    outcome = Outcome(bad_input=result.bad_input or bool(planned.broken))
    for job, manifest in result.done:
        seconds = None if manifest.get("cached") else manifest.get("render_seconds", 0)
        outcome.done.append(Clip(job.label or job.scene, job.media_path, manifest.get("duration", 0), seconds,
                                 manifest))
    outcome.failed = [(job.label or job.scene, msg) for job, msg in result.failed]
    outcome.failed += broken
    outcome.broken = len(broken)
    return outcome


def render(request: RenderRequest, on_event: Event | None = None,
           on_plan: Any = None) -> Outcome:
    """Plan and render a request; a repeated command is answered without importing manim.

    ``on_plan(plan)`` is called once the jobs are known (the CLI sizes its progress bar).
    """
    from production import request_cache

    out = Path(request.out_dir)
    options = request.cache_options()
    key = request_cache.request_key(options, tuple(map(str, request.lessons))) if options is not None else None
    if key:
        rows = request_cache.recall(out, key)
        if rows is not None:
            clips = [Clip(r["label"] or r["scene"], out / r["scene"] / r["file"], r["manifest"].get("duration", 0),
                          None, r["manifest"]) for r in rows]
            return Outcome(done=clips, recalled=True)
    planned = plan(request)
    if on_plan is not None:
        on_plan(planned)
    outcome = run(planned, request, on_event)
    if key and outcome.ok:
        request_cache.remember(out, key, [
            {"label": c.manifest.get("label", ""), "scene": c.manifest["scene"],
             "stem": f"{c.manifest['scene']}-{c.manifest['key']}",
             "key": c.manifest["key"], "file": c.path.name}
            for c in outcome.done
        ], read=planned.read)
    return outcome


def render_lesson_video(request: RenderRequest, on_event: Event | None = None,
                        on_plan: Any = None) -> tuple[Outcome, Path | None]:
    """One lesson file's clips as one mp4 (title cards, chapters, one subtitle file): the outcome of
    rendering the clips, and the joined video (None when a clip failed)."""
    from dataclasses import replace

    from intuition.catalog import SCENES
    from intuition.lessons import load
    from intuition.words import Words
    from production.lesson_video import lesson_parts, write_lesson_video
    from scenes.title_card import TitleCard

    if len(request.lessons) != 1 or request.scenes or request.all_scenes or request.classes:
        raise RequestError("--join makes one video of one lesson: give --config FILE.toml and no scene names")
    if request.fmt not in (None, "mp4"):
        raise RequestError(f"--join writes one mp4 (not {request.fmt}): leave out -f, or say -f mp4")
    request = replace(request, fmt="mp4")
    planned = plan(request)
    if on_plan is not None:
        on_plan(planned)
    outcome = run(planned, request, on_event)
    if not outcome.ok or not planned.jobs:
        return outcome, None
    lesson = load(request.lessons[0])
    by_key = {c.manifest["key"]: c for c in outcome.done}
    clips, cards = [], []
    for i, job in enumerate(planned.jobs, start=1):
        done = by_key[job.key]
        lang = getattr(job.params, "lang", "en")
        spec = SCENES.get(job.scene)
        heading = job.label or (Words(lang).template(f"{job.scene}.title", spec.title) if spec else job.scene)
        clips.append((done.path, heading, done.manifest.get("captions", [])))
        look = {k: getattr(job.params, k) for k in ("lang", "theme", "palette") if hasattr(job.params, k)}
        card = RenderRequest(classes=(TitleCard,), quality=job.quality, fmt="mp4", out_dir=request.out_dir,
                             draft=request.draft, resolution=request.resolution, fps=request.fps,
                             typesetter=request.typesetter,
                             values={"heading": heading, "kicker": f"{lesson.title or ''} · {i}/{len(planned.jobs)}"
                                     .strip(" ·"), **look})
        made = run(plan(card), card, on_event)
        if not made.ok:
            return Outcome(done=outcome.done, failed=made.failed), None
        cards.append(made.done[0].path)
    info = {"lesson": lesson.title, "source": str(Path(request.lessons[0]).resolve()),
            "clips": [{"scene": j.scene, "key": j.key, "title": t} for j, (_, t, _) in zip(planned.jobs, clips,
                                                                                             strict=True)]}
    video = write_lesson_video(lesson_parts(cards, clips), Path(request.out_dir), Path(request.lessons[0]).stem, info)
    return outcome, video


def write_gallery(out_dir: str | Path, title: str = "intuition: clips") -> tuple[Path, int]:
    """OUT/index.html: a card per clip, with embed snippets (raises IntuitionError with nothing there)."""
    from production.gallery import write_gallery as write

    return write(Path(out_dir), title=title)


def show(scene: str, *, quality: str | None = None, fmt: str | None = None, out_dir: str | Path = "media",
         **params_and_options: Any):
    """Render a scene by name with keyword parameters; the result displays inline in Jupyter."""
    from production.notebook import show as notebook_show

    return notebook_show(scene, quality=quality, fmt=fmt, out_dir=out_dir, **params_and_options)


def show_scene(cls: type, params: Any = None, *, quality: str | None = None, fmt: str | None = None,
               out_dir: str | Path = "media", **options: Any):
    """Render a scene class as it is (a subclass renders as itself); displays inline in Jupyter."""
    from production.notebook import show_class

    return show_class(cls, params, quality=quality, fmt=fmt, out_dir=out_dir, **options)


def serve_studio(out_dir: str | Path, host: str, port: int, **options: Any) -> None:
    """Run the studio's web app (production/studio) until interrupted; see ``render.py studio``."""
    from production.studio import serve

    serve(Path(out_dir), host, port, **options)


def is_local_host(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (the studio binds loopback by default)."""
    from production.studio.server import is_local

    return is_local(host)


def _check_latex() -> None:
    import shutil

    from intuition.errors import MissingSystemPiece

    missing = [t for t in ("latex", "dvisvgm") if shutil.which(t) is None]
    if missing:
        raise MissingSystemPiece(
            f"--tex latex needs {' and '.join(missing)}: apt-get install texlive-latex-base "
            "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm "
            "(or use the default --tex typst)"
        )


# --- for front ends that author clips (the studio) -----------------------------------------


def list_scenes() -> list[dict[str, str]]:
    """Every catalog scene, family by family: name, title, concept, family (what ``list`` prints)."""
    from intuition import catalog

    order = {family: i for i, family in enumerate(catalog.FAMILIES)}
    specs = sorted(catalog.SCENES.values(), key=lambda s: order.get(s.family, len(order)))
    return [{"name": s.name, "title": s.title, "concept": s.concept, "family": s.family} for s in specs]


def scene_form(name: str) -> list[dict[str, Any]]:
    """A form for a catalog scene's parameters: one control per parameter (``control`` is matrix,
    vector, color, formula, number, integer, choice, flag, text, file or value), with its default,
    help, allowed text and bounds (``min``/``max``, ``slider`` for a bounded number)."""
    from production.authoring import scene_form as form

    return form(name)


def _built(name: str, values: dict[str, Any]):
    ref = resolve_scene(name)
    if ref.scene_class is not None and hasattr(ref.scene_class, "build_params"):
        return ref, ref.scene_class.build_params(values)
    return ref, ref.spec.build(values)


def check_params(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Validate parameter values (Python/JSON form) as ``--set`` would: every parameter of the
    scene, as JSON-ready data, or :class:`ParameterError` with the CLI's one-line message."""
    from intuition.jsonable import to_jsonable

    _, params = _built(name, dict(values))
    return to_jsonable(params.model_dump())


def inspect_values(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """``inspect`` for parameter values in Python/JSON form: the math model's numbers, no rendering."""
    from intuition.jsonable import to_jsonable

    ref, params = _built(name, dict(values))
    return {"scene": ref.name, "params": to_jsonable(params.model_dump()), **to_jsonable(ref.spec.compute(params))}


def preview_scene(name: str, values: dict[str, Any], *, size: tuple[int, int] = (480, 270), fps: int = 15,
                  typesetter: str = "typst", media_dir: str | Path | None = None,
                  should_stop: Any = None) -> Preview:
    """A storyboard preview without video: the key frame (PNG) at the end of each caption step.

    The scene is built with manim's animations skipped, at ``size``, and drawn
    only at its key frames; a warm process (manim imported, typeset text in
    memory) answers in about a second. ``should_stop()`` is asked at each step:
    True stops the preview with :class:`PreviewCancelled` (a newer one replaced it).
    Imports manim; see ``production.preview`` for the speed-ups it applies to this process.
    """
    from production.preview import preview_scene as make_preview

    ref, params = _built(name, dict(values))
    return make_preview(ref.name, params, size=size, fps=fps, typesetter=typesetter, media_dir=media_dir,
                        should_stop=should_stop)


def assignments(values: dict[str, Any]) -> tuple[str, ...]:
    """Parameter values as the CLI's ``--set KEY=VALUE`` texts (TOML values; None is left out)."""
    from production.authoring import assignments as texts

    return texts(values)


def render_command(scene: str, values: dict[str, Any], **options: Any) -> str:
    """The equivalent ``python render.py render ...`` command (options: quality, fmt, transparent,
    draft, resolution, fps, typesetter, out_dir)."""
    from production.authoring import render_command as command

    return command(scene, values, **options)


def lesson_entry(scene: str, values: dict[str, Any], *, title: str = "", quality: str | None = None,
                 fmt: str | None = None) -> str:
    """A lesson file's ``[[clip]]`` entry for a scene with these parameters."""
    from production.authoring import lesson_entry as entry

    return entry(scene, values, title=title, quality=quality, fmt=fmt)


def lesson_text(clips: list[dict[str, Any]], *, title: str = "", quality: str | None = None,
                fmt: str | None = None) -> str:
    """A lesson file (TOML) from clips ``{"scene", "params", "title"?, "quality"?, "format"?}``,
    checked by the lesson loader; ``render.py render --config`` renders it to the same clips."""
    from production.authoring import lesson_text as text

    return text(clips, title=title, quality=quality, fmt=fmt)


def read_lesson_text(text: str, name: str = "lesson.toml") -> dict[str, Any]:
    """A lesson file's title, quality, format and clips (each with its parameters, or its error)."""
    from production.authoring import read_lesson_text as read

    return read(text, name)


def clip_snippets(manifest: dict[str, Any], folder: str | Path) -> dict[str, str]:
    """The gallery's copy-paste snippets for a finished clip whose manifest is in ``folder``:
    ``HTML``, ``Markdown`` and ``Command`` (paths relative to the output folder)."""
    from production.authoring import clip_snippets as snippets

    return snippets(manifest, folder)
