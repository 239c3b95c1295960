"""The manim-facing half of rendering: one job in, finished files out.

``render_job`` renders into a private scratch folder beside the output (its
own manim media_dir), then moves the finished files into place. Nothing half
written ever appears under the output name: an exception or Ctrl-C deletes
the scratch folder. manim's own partial-movie cache stays off (it has reused
stale clips); whole outputs are cached by ``production.output``.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock

from intuition.aspects import frame_units
from intuition.errors import IntuitionError
from production import chunks as chunks_mod
from production import media
from production.fingerprint import version_of
from production.jobs import POSTER, QUALITIES, VIDEO_FORMATS, RenderJob
from production.output import publish, read_manifest, scratch_dir

ProgressHook = Callable[[float], None]  # seconds of video rendered so far


# the format manim itself writes; the rest is made from its output here
# (a gif is drawn as mp4 first: one shared palette and frame differencing make it small)
MANIM_FORMAT = {"storyboard": "mp4", "gif": "mp4"}
DRAFT_OPTIONS = {
    "libx264": {"preset": "ultrafast", "crf": "28"},
    "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8"},
}
# x264's instruction sets on a CPU with AVX-512: all but AVX-512. With its AVX-512 code, x264
# encoded the same frames to different bytes from one run to the next (bench/determinism.py:
# 3 to 7 different byte streams in 8 encodings of svd's at -q l, threaded or on one thread);
# without it, the same bytes every time, and as fast.
X264_ASM_WITHOUT_AVX512 = "asm=AVX2,FMA3,BMI2,LZCNT"


def x264_params() -> dict[str, str]:
    """The x264 options that make its encoding repeatable on this CPU ({} where it already is)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as cpu
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as cpu
    return {"x264-params": X264_ASM_WITHOUT_AVX512} if cpu.get("AVX512F") else {}


# plays whose encoding may still run while the next play is drawn. manim's 1 makes drawing
# wait at the end of every play for its last frames to be encoded; 2 keeps both cores busy.
# Memory: one more encoder's queue of 8 frames and x264's look-ahead, +0.35 GB at 1080p
# (bench/RESULTS.md: 0.8 -> 1.15 GB at -q h); the output is bit for bit the same.
INFLIGHT_ENCODERS = 2


def manim_format(job: RenderJob) -> str:
    if job.fmt == "png" and job.frame is not None:
        return "mp4"  # a frame at time T: render the video, then take the frame
    return MANIM_FORMAT.get(job.fmt, job.fmt)


def manim_frame_rate(job: RenderJob) -> int:
    # a gif keeps fewer frames than the video it is made from; the clock stays the video's
    if job.fmt == "gif" and job.fps is None:
        return QUALITIES[job.quality]["fps"]
    return job.frame_rate


def manim_config(job: RenderJob, media_dir: Path) -> dict[str, Any]:
    width, height = job.size
    fmt = manim_format(job)
    cfg: dict[str, Any] = {
        "quality": QUALITIES[job.quality]["name"],
        "pixel_width": width,
        "pixel_height": height,
        # 8 units on the short side in every aspect: the scene re-flows to the frame's shape
        **dict(zip(("frame_width", "frame_height"), frame_units(width, height))),
        "frame_rate": manim_frame_rate(job),
        "media_dir": str(media_dir),
        "format": fmt,
        "transparent": job.transparent,
        "disable_caching": True,
        "max_inflight_encoders": INFLIGHT_ENCODERS,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "output_file": job.stem,
    }
    # manim's codecs: vp9 for webm, qtrle for a transparent mov, x264 for the rest
    codec = "libvpx-vp9" if fmt == "webm" else "qtrle" if job.transparent else "libx264"
    options = dict(DRAFT_OPTIONS.get(codec, {})) if job.draft else {}
    if codec == "libx264":
        options.update(x264_params())
    if options:
        cfg["video_encoder_options"] = options
    return cfg


def render_job(job: RenderJob, progress: ProgressHook | None = None, workers: int = 1,
               mapper: chunks_mod.Mapper | None = None) -> dict[str, Any]:
    """Render ``job`` (or reuse a finished identical one) and return its manifest.

    With ``workers`` > 1 (or ``job.chunks``), an mp4 is rendered in chunks side by side
    (``production.chunks``): in processes here, or through ``mapper`` (Dask).
    """
    done = read_manifest(job)
    if done is not None:
        return {**done, "cached": True}
    job.lock_path.parent.mkdir(parents=True, exist_ok=True)
    # Two processes asked for the same clip: one renders, the other waits and reuses it.
    with FileLock(str(job.lock_path)):
        done = read_manifest(job)
        if done is not None:
            return {**done, "cached": True}
        started = time.perf_counter()
        scene_class = job.scene_class or _load_class(job)
        with scratch_dir(job.out_dir) as tmp:
            try:
                produced, info = _render_into(job, scene_class, Path(tmp), progress, workers, mapper)
            except Exception as err:
                _raise_if_disk_full(Path(tmp), err)
                raise
            info["render_seconds"] = round(time.perf_counter() - started, 3)
            manifest = publish(job, produced, info)
    return {**manifest, "cached": False}


def _load_class(job: RenderJob):
    from production.sources import load_source

    return load_source(job.source)


def _raise_if_disk_full(folder: Path, err: Exception) -> None:
    """A full disk shows up in odd places (a truncated SVG fails to parse); say what it is."""
    full = isinstance(err, OSError) and err.errno == errno.ENOSPC
    try:
        full = full or shutil.disk_usage(folder).free < 1_000_000
    except OSError:
        pass
    if full:
        raise IntuitionError(
            f"No space left on device for '{folder.parent}': free some space or choose another folder with -o"
        ) from err


def voice_of(job: RenderJob) -> str:
    if getattr(job.params, "narration", ""):
        return "recordings"
    return getattr(job.params, "voice", "none")


def svg_cache_dir(out_dir: Path, size: tuple[int, int] | None = None) -> Path:
    """Typeset formulas and text (as SVG) shared by every render into ``out_dir`` at ``size``.

    Inside the output folder, so the cache and each render's scratch folder
    are on one file system and files can be shared by hard links. One folder
    per frame size: Pango lays text out on a canvas of the frame's pixels (a
    long line wraps on a small one), and manim names the file without them.
    """
    folder = Path(out_dir) / ".cache" / f"svg-manim-{version_of('manim')}"
    return folder / f"{size[0]}x{size[1]}" if size else folder


@contextmanager
def shared_svgs(folders: dict[str, Path], cache: Path):
    """Let a render reuse every SVG earlier renders made, and keep its new ones.

    manim looks for ``<hash>.svg`` in its tex_dir and text_dir before running
    Typst, LaTeX or Pango. The render gets private folders holding copies of
    the shared files (manim writes a fixed temporary ``<hash>_.svg`` beside
    the file it reads, so folders shared between processes race; and every
    Text rewrites its SVG in place (manimpango's ``remove_last_M``), so a hard
    link would let one process read the file another is truncating); afterwards
    its new files are linked into the cache with atomic renames. Without a
    writable cache it simply typesets as usual.
    """
    usable = True
    for name, private in folders.items():
        private.mkdir(parents=True, exist_ok=True)
        try:
            (cache / name).mkdir(parents=True, exist_ok=True)
            for svg in (cache / name).glob("*.svg"):
                shutil.copyfile(svg, private / svg.name)
        except OSError:
            usable = False
    try:
        yield
    finally:
        if usable:
            for name, private in folders.items():
                for svg in private.glob("*.svg"):
                    if svg.stem.endswith("_") or (cache / name / svg.name).exists():
                        continue  # manim's temporary, or already in the cache
                    try:
                        tmp = cache / name / f".{svg.name}.{os.getpid()}"
                        os.link(svg, tmp)
                        os.replace(tmp, cache / name / svg.name)
                    except OSError:
                        pass


@contextmanager
def scene_context(job: RenderJob, media_dir: Path, progress: ProgressHook | None = None):
    """What every scene built for ``job`` shares: the typesetter, the progress hook, the SVG cache,
    and the process-wide speed-ups of ``production.preview`` (typeset text kept in memory and on
    disk, quick copies): a chunk's or a dry pass's fixed cost is mostly typesetting and copies."""
    from production.preview import speed_up_copies
    from scenes import style
    from scenes.base import IntuitionScene

    speed_up_copies()

    style.set_typesetter(job.typesetter)
    previous_hook = IntuitionScene.progress_hook
    IntuitionScene.progress_hook = progress
    IntuitionScene.voice_cache = Path(job.out_dir) / ".cache" / "voice"
    try:
        folders = {"tex": media_dir / "Tex", "texts": media_dir / "texts"}
        with shared_svgs(folders, svg_cache_dir(job.out_dir, job.size)):
            yield
    finally:
        IntuitionScene.progress_hook = previous_hook
        style.set_typesetter("typst")


def _render_whole(job: RenderJob, scene_class, media_dir: Path, progress: ProgressHook | None):
    """One process renders the whole clip: (manim's file, captions, last frame, duration)."""
    from manim import tempconfig

    with scene_context(job, media_dir, progress), tempconfig(manim_config(job, media_dir)):
        scene = scene_class(params=job.params)
        scene.render()
        writer = scene.renderer.file_writer
        if manim_format(job) == "png":
            primary = Path(writer.image_file_path)
        else:
            primary = Path(writer.output_plan.primary_artifact or "")
        last_frame = scene.renderer.get_frame()
        end = scene.video_time
        captions = [c.row(end) for c in scene.captions]
    return primary, captions, last_frame, end


def _render_chunked(job: RenderJob, scene_class, media_dir: Path, workers: int, mapper: chunks_mod.Mapper | None):
    """The clip in chunks of frames rendered side by side (``production.chunks``), or None when
    the dry pass finds it not worth splitting here (through ``mapper``, elsewhere, even one
    chunk is rendered there)."""
    dry = chunks_mod.dry_run(job, scene_class, media_dir / "dry")
    parts = chunks_mod.plan(dry.play_frames, chunks_mod.chunk_count(job, workers, dry.frames), dry.frame_costs,
                            dry.segment_starts, dry.lead_costs)
    if len(parts) < 2 and mapper is None:
        return None
    calls = [(job, a, b, dry.play_frames, str(media_dir / f"chunk-{i}")) for i, (a, b) in enumerate(parts)]
    if mapper is None:
        with chunks_mod.process_map(min(workers, len(parts))) as pool:
            results = pool(chunks_mod.render_chunk, calls)
    else:
        results = mapper(chunks_mod.render_chunk, calls)
    video = chunks_mod.join([Path(r[0]) for r in results], media_dir / "joined.mp4")
    cuts = [chunks_mod.cut_at(dry.play_frames, a) for a, _ in parts[1:]]
    return video, list(dry.captions), results[-1][1], dry.duration, cuts, [r[2] for r in results]


def _render_into(job: RenderJob, scene_class, media_dir: Path, progress: ProgressHook | None,
                 workers: int = 1, mapper: chunks_mod.Mapper | None = None):
    wanted = job.chunks if job.chunks is not None else workers
    split = None
    if (wanted > 1 or mapper is not None) and job.fmt in chunks_mod.CHUNKED_FORMATS:
        split = _render_chunked(job, scene_class, media_dir, workers, mapper)
    if split is not None:
        primary, captions, last_frame, duration, cuts, renderers = split
    else:
        primary, captions, last_frame, duration = _render_whole(job, scene_class, media_dir, progress)
        cuts, renderers = [], []
    if not primary.is_file():
        raise RuntimeError(f"manim wrote no {job.fmt} file for {job.scene}")
    produced: dict[str, Path] = {}
    if job.fmt == "png" and job.frame is not None:
        if job.frame > duration:
            raise IntuitionError(
                f"--frame {job.frame:g}: the {job.scene} clip is only {duration:.1f} s long; "
                f"choose a second from 0 to {duration:.1f}"
            )
        produced[".png"] = media.frame_at(primary, job.frame, media_dir / "frame.png")
    elif job.fmt == "storyboard":
        produced[job.suffix] = media.storyboard(
            primary, captions, media_dir / "storyboard.png", title=job.label or job.scene,
            lang=getattr(job.params, "lang", "en"),
        )
    elif job.fmt == "gif":
        from production.gif import mp4_to_gif

        produced[job.suffix] = mp4_to_gif(
            primary, media_dir / "clip.gif", fps=job.frame_rate, transparent=job.transparent
        )
    elif voice_of(job) != "none":
        from production import voice

        samples = voice.track(captions, duration)
        produced[job.suffix] = voice.add_voice(primary, samples, media_dir / f"voiced{job.suffix}", job.fmt)
    else:
        if job.fmt == "mp4":
            primary = media.faststart(primary, media_dir / "faststart.mp4")
        produced[job.suffix] = primary
    if job.fmt in VIDEO_FORMATS:
        produced[POSTER] = media.save_frame(last_frame, media_dir / "poster.png", job.transparent)
        if captions:
            srt = media.write_srt(captions, media_dir / "captions.srt")
            produced[".srt"] = srt
            produced[".vtt"] = media.srt_to_vtt(srt, media_dir / "captions.vtt")
    width, height = job.size
    info = {
        "duration": round(duration, 3),
        "lang": getattr(job.params, "lang", "en"),
        # the speech files are this machine's cache: the manifest keeps how long each caption speaks
        "captions": [{k: v for k, v in c.items() if k != "speech"} for c in captions],
        "width": width,
        "height": height,
        "fps": job.frame_rate,
    }
    if cuts:
        info["chunks"] = len(cuts) + 1
        info["cuts"] = cuts
    if renderers:
        info["chunk_workers"] = renderers  # host:pid, or the Dask worker, of each chunk
    if voice_of(job) != "none":
        from production.voice import describe_voice

        info["voice"] = describe_voice(voice_of(job), job.params.lang)
    return produced, info
