"""The manim-facing half of rendering: one job in, finished files out.

``render_job`` renders into a private scratch folder beside the output (its
own manim media_dir), then moves the finished files into place. Nothing half
written ever appears under the output name: an exception or Ctrl-C deletes
the scratch folder. manim's own partial-movie cache stays off (it has reused
stale clips); whole outputs are cached by ``scenes.output``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock

from scenes.output import QUALITIES, RenderJob, publish, read_manifest, scratch_dir

ProgressHook = Callable[[float], None]  # seconds of video rendered so far


def manim_config(job: RenderJob, media_dir: Path) -> dict[str, Any]:
    q = QUALITIES[job.quality]
    cfg: dict[str, Any] = {
        "quality": q["name"],
        "media_dir": str(media_dir),
        "format": job.fmt,
        "transparent": job.transparent,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "output_file": job.stem,
    }
    return cfg


def render_job(job: RenderJob, progress: ProgressHook | None = None) -> dict[str, Any]:
    """Render ``job`` (or reuse a finished identical one) and return its manifest."""
    from intuition import catalog

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
        spec = catalog.get(job.scene)
        with scratch_dir(job.out_dir) as tmp:
            produced, info = _render_into(job, spec.load_class(), Path(tmp), progress)
            info["render_seconds"] = round(time.perf_counter() - started, 3)
            manifest = publish(job, produced, info)
    return {**manifest, "cached": False}


def _render_into(job: RenderJob, scene_class, media_dir: Path, progress: ProgressHook | None):
    from manim import tempconfig

    from scenes import style
    from scenes.base import IntuitionScene

    style.set_typesetter(job.typesetter)
    previous_hook = IntuitionScene.progress_hook
    IntuitionScene.progress_hook = progress
    try:
        with tempconfig(manim_config(job, media_dir)):
            scene = scene_class(params=job.params)
            scene.render()
            writer = scene.renderer.file_writer
            primary = Path(writer.output_plan.primary_artifact or "")
            if job.fmt == "png":
                primary = Path(writer.image_file_path)
            subtitle = writer.output_plan.subcaption_file
    finally:
        IntuitionScene.progress_hook = previous_hook
        style.set_typesetter("typst")
    if not primary.is_file():
        raise RuntimeError(f"manim wrote no {job.fmt} file for {job.scene}")
    produced = {f".{job.fmt}": primary}
    if subtitle is not None and Path(subtitle).is_file():
        produced[".srt"] = Path(subtitle)
    info = {
        "duration": round(float(scene.time), 3),
        "captions": [c.text for c in scene.captions],
        "width": QUALITIES[job.quality]["width"],
        "height": QUALITIES[job.quality]["height"],
        "fps": QUALITIES[job.quality]["fps"],
    }
    return produced, info
