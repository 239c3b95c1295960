"""From a request (what the user asked for) to jobs (what will be rendered).

Everything is checked here, before anything renders, and every problem is an
:class:`~intuition.errors.IntuitionError` with a one-line message: the CLI,
the notebook helper and the studio all show the same words. The request's
defaults come from ``production.jobs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intuition import lessons
from intuition.aspects import DEFAULT_ASPECT, aspect_of
from intuition.params import SceneParams, file_fields, input_path, parse_assignments
from production.fingerprint import file_digest
from production.jobs import ALPHA_FORMATS, DEFAULT_FORMAT, FORMATS, QUALITIES, RenderJob
from production.jobs import default_quality as quality_for
from production.request import RenderRequest, RequestError
from production.sources import SceneRef, ref_for_class, resolve


@dataclass
class Plan:
    """The jobs to render, and the lesson clips that cannot (reported, the rest still render)."""

    jobs: list[RenderJob]
    broken: list[lessons.Clip]
    read: list[Path] = field(default_factory=list)  # every file the jobs read, for the request cache


def final_format(request: RenderRequest) -> str | None:
    """The format the flags ask for (None: the lesson's or mp4); contradictions are errors."""
    fmt = request.fmt
    if fmt is not None and fmt not in FORMATS:
        raise RequestError(f"format '{fmt}' is not allowed; use one of {', '.join(FORMATS)}")
    if request.preview:
        if fmt not in (None, "png"):
            raise RequestError("--preview writes a png; drop --format or use --format png")
        fmt = "png"
    if request.frame is not None:
        if fmt not in (None, "png"):
            raise RequestError("--frame picks one frame: use it with --format png")
        fmt = "png"
    return fmt


def check_request(request: RenderRequest) -> None:
    if request.quality is not None and request.quality not in QUALITIES:
        raise RequestError(f"quality '{request.quality}' is not allowed; use one of {', '.join(QUALITIES)}")
    if request.all_scenes and (request.scenes or request.classes):
        raise RequestError("--all renders every scene: give either --all or scene names, not both")
    if request.chunks is not None and not 1 <= request.chunks <= 64:
        raise RequestError(f"--chunks must be a whole number from 1 to 64 (got {request.chunks})")
    if request.executor != "local":
        from production.cluster import scheduler_address

        scheduler_address(request.executor)  # a malformed address fails before anything renders


def plan(request: RenderRequest) -> Plan:
    """Validate everything first: one bad value stops the run before anything renders."""
    from intuition import catalog

    check_request(request)
    fmt = final_format(request)
    overrides = {**parse_assignments(request.sets), **request.values}
    loaded = [lessons.load(p, overrides) for p in request.lessons]
    refs: list[SceneRef] = [ref_for_class(c) for c in request.classes]
    if request.all_scenes:
        refs += [resolve(n) for n in catalog.SCENES]
    refs += [resolve(n) for n in request.scenes]
    jobs: list[RenderJob] = []
    broken: list[lessons.Clip] = []
    read: list[Path] = []

    def job(
        ref: SceneRef, params: SceneParams, label: str = "", q: str | None = None, f: str | None = None
    ) -> RenderJob:
        final_fmt = fmt or f or DEFAULT_FORMAT
        if request.transparent and final_fmt not in ALPHA_FORMATS:
            raise RequestError(f"--transparent needs --format webm, mov, gif or png ({final_fmt} has no alpha channel)")
        check_glyphs(ref, params)
        if getattr(params, "narration", ""):
            check_recordings(ref, params, final_fmt)
        if getattr(params, "voice", "none") != "none":
            from production.voice import VOICE_FORMATS, check_engine

            if final_fmt not in VOICE_FORMATS:
                raise RequestError(
                    f"--voice {params.voice}: a {final_fmt} has no sound; choose --format {', '.join(VOICE_FORMATS)}"
                )
            check_engine(params.voice)
        aspect = getattr(params, "aspect", DEFAULT_ASPECT)
        if request.resolution is not None and aspect_of(*request.resolution) != aspect:
            w, h = request.resolution
            raise RequestError(f"--resolution {w}x{h} is {aspect_of(w, h)}, but the clip's aspect is {aspect}: "
                               f"add --aspect {aspect_of(w, h)}, or give a {aspect} resolution")
        inputs = _input_files(params)
        read.extend(path for _, path in inputs)
        if ref.is_file:
            read.append(Path(ref.source.rsplit(":", 1)[0]))
        return RenderJob(
            scene=ref.name,
            params=params,
            quality=request.quality or q or quality_for(final_fmt),
            fmt=final_fmt,
            out_dir=Path(request.out_dir),
            typesetter=request.typesetter,
            transparent=request.transparent,
            label=label,
            resolution=request.resolution,
            fps=request.fps,
            frame=request.frame if final_fmt == "png" else None,
            draft=request.draft,
            source=ref.source,
            code=ref.code(),
            inputs=tuple((name, folder_digest(path) if path.is_dir() else file_digest(path)) for name, path in inputs),
            scene_class=ref.scene_class,
            chunks=request.chunks,
        )

    for ref in refs:
        values: dict[str, Any] = {}
        for lesson in loaded:
            values.update(lesson.values_for(ref.spec.name))
        if request.params is not None and len(refs) == 1:
            params = request.params
        elif ref.scene_class is not None and hasattr(ref.scene_class, "build_params"):
            params = ref.scene_class.build_params({**values, **overrides})
        else:
            params = ref.spec.build({**values, **overrides})
        jobs.append(job(ref, params))
    if not refs:
        if not loaded:
            raise RequestError("name a scene (see `render.py list`), or give --all or --config FILE.toml")
        for lesson in loaded:
            if not lesson.clips:
                for name in lesson.scene_values:
                    ref = resolve(name)
                    jobs.append(job(ref, ref.spec.build({**lesson.values_for(name), **overrides})))
            for clip in lesson.clips:
                if clip.error:
                    broken.append(clip)
                    continue
                jobs.append(
                    job(
                        resolve(clip.scene),
                        clip.params,
                        clip.title,
                        clip.quality or lesson.quality,
                        clip.fmt or lesson.fmt,
                    )
                )
    if not jobs and not broken:
        raise RequestError(f"{', '.join(map(str, request.lessons))} names no scenes and no clips")
    return Plan(jobs=jobs, broken=broken, read=read)


def folder_digest(folder: Path) -> str:
    """The recordings in a narration folder: their names and bytes."""
    import hashlib

    from production.voice import RECORDING_SUFFIXES

    h = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in RECORDING_SUFFIXES and p.is_file()):
        h.update(path.name.encode() + b"\0" + file_digest(path).encode() + b"\0")
    return h.hexdigest()


def check_recordings(ref: SceneRef, params: SceneParams, fmt: str) -> None:
    """Every caption the clip speaks has a readable recording (a build with animations skipped says which)."""
    from intuition.errors import ParameterError
    from production.voice import VOICE_FORMATS, Recordings, VoiceError, check_engine, decode_any

    if fmt not in VOICE_FORMATS:
        raise RequestError(f"--narration: a {fmt} has no sound; choose --format {', '.join(VOICE_FORMATS)}")
    if params.voice != "none":
        raise RequestError("--narration is your own voice: leave out --voice (or say --voice none)")
    check_engine("recordings")
    from production import spoken_captions

    silent = params.model_copy(update={"narration": ""})
    recordings = Recordings(params.narration, ref.name, Path("."))
    for cue in spoken_captions(ref, silent):
        path = recordings.file_for(cue["id"]) if cue["id"] else None
        if path is None:
            raise ParameterError("narration", f"no recording for caption {cue['id'] or cue['text'][:40]!r}; "
                                 f"expected {recordings.expected(cue['id'])} (or .flac, .ogg, .mp3)", ref.name)
        try:
            decode_any(path)
        except VoiceError as err:
            raise ParameterError("narration", str(err).removeprefix("narration: "), ref.name) from None


def check_glyphs(ref: SceneRef, params: SceneParams) -> None:
    """Refuse words no installed font can draw, before anything renders (never boxes on screen).

    Checked: the title, every message the scene can show in its language, and the
    teacher's own captions. The font is the one the scene's style picks for the language.
    """
    from intuition import fonts
    from intuition.errors import ParameterError
    from intuition.words import Words

    words = Words(params.lang, dict(params.captions))
    family = fonts.font_for(params.lang)
    texts = {f"captions.{msg_id}": words.template(msg_id, english)
             for msg_id, english in ref.spec.messages(_scene_file(ref)).items()}
    if getattr(params, "title", ""):
        texts = {"title": params.title, **texts}
    for where, text in texts.items():
        missing = fonts.uncovered(text, family)
        if missing:
            shown = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:5])
            raise ParameterError(
                where,
                f"no installed font draws {shown}; install one that does: "
                f"apt-get install {fonts.package_for(missing)}",
                ref.name,
            )


def _scene_file(ref: SceneRef) -> Path | None:
    module = ref.source.rsplit(":", 1)[0]
    return Path(module) if module.endswith(".py") else None


def _input_files(params: SceneParams) -> list[tuple[str, Path]]:
    """(parameter, file) for every parameter naming an input file, in a stable order."""
    out = []
    for name in file_fields(type(params)):
        path = input_path(name, getattr(params, name))
        if path is not None:
            out.append((name, Path(path)))
    return out
