"""Clips inline in a Jupyter notebook.

    from scenes import Eigenvectors
    Eigenvectors(matrix=[[2, 1], [1, 2]]).show()       # renders (or reuses) and displays

    from scenes.notebook import show
    show("determinant", matrix=[[1, 2], [3, 4]], quality="m")

The clip goes through the same cached pipeline as the CLI (so it also lands in
``media/``); the returned object displays itself as an HTML5 video, with no
IPython import needed here.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.output import RenderJob

MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".gif": "image/gif", ".png": "image/png",
        ".storyboard.png": "image/png"}


@dataclass(frozen=True)
class NotebookClip:
    path: Path
    manifest: dict[str, Any]

    def _repr_html_(self) -> str:
        suffix = ".storyboard.png" if self.path.name.endswith(".storyboard.png") else self.path.suffix
        mime = MIME.get(suffix, "application/octet-stream")
        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        alt = html.escape(self.manifest.get("scene", ""), quote=True)
        if mime.startswith("video/"):
            return (f'<video controls autoplay loop muted style="max-width:100%">'
                    f'<source src="data:{mime};base64,{data}" type="{mime}"></video>')
        return f'<img src="data:{mime};base64,{data}" alt="{alt}" style="max-width:100%">'

    def __repr__(self) -> str:
        return f"NotebookClip({str(self.path)!r})"


def show(scene: str, *, quality: str = "l", fmt: str = "mp4", out_dir: str | Path = "media",
         **params_and_options: Any) -> NotebookClip:
    """Render ``scene`` with keyword parameters and return a clip that displays inline.

    Besides the scene's parameters: ``resolution=(w, h)``, ``fps``, ``transparent``.
    """
    from intuition import catalog

    options = {k: params_and_options.pop(k) for k in ("resolution", "fps", "transparent")
               if k in params_and_options}
    spec = catalog.get(scene)
    return show_params(spec.name, spec.build(params_and_options), quality=quality, fmt=fmt, out_dir=out_dir,
                       **options)


def show_params(scene: str, params, *, quality: str = "l", fmt: str = "mp4", out_dir: str | Path = "media",
                **options: Any) -> NotebookClip:
    from scenes.rendering import render_job

    job = RenderJob(scene=scene, params=params, quality=quality, fmt=fmt, out_dir=Path(out_dir), **options)
    manifest = render_job(job)
    return NotebookClip(job.media_path, manifest)
