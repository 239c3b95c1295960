"""Clips inline in a Jupyter notebook.

    from scenes import Eigenvectors
    Eigenvectors(matrix=[[2, 1], [1, 2]]).show()       # renders (or reuses) and displays

    from production import show
    show("determinant", matrix=[[1, 2], [3, 4]], quality="l")

The clip goes through the same public API, defaults and cache as the CLI (so
it also lands in ``media/``); the returned object displays itself as an HTML5 video, with no
IPython import needed here.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intuition.errors import IntuitionError
from production.request import RenderRequest

MIME = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".gif": "image/gif",
    ".png": "image/png",
    ".storyboard.png": "image/png",
}


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
            return (
                f'<video controls autoplay loop muted style="max-width:100%">'
                f'<source src="data:{mime};base64,{data}" type="{mime}"></video>'
            )
        return f'<img src="data:{mime};base64,{data}" alt="{alt}" style="max-width:100%">'

    def __repr__(self) -> str:
        return f"NotebookClip({str(self.path)!r})"


OPTIONS = ("resolution", "fps", "transparent", "typesetter", "draft", "frame")


def _render(request: RenderRequest) -> NotebookClip:
    from production import render

    outcome = render(request)
    if outcome.failed:
        label, message = outcome.failed[0]
        raise IntuitionError(f"{label}: {message}")
    clip = outcome.done[0]
    return NotebookClip(clip.path, clip.manifest)


def show(
    scene: str,
    *,
    quality: str | None = None,
    fmt: str | None = None,
    out_dir: str | Path = "media",
    **params_and_options: Any,
) -> NotebookClip:
    """Render ``scene`` with keyword parameters and return a clip that displays inline.

    Besides the scene's parameters: ``resolution=(w, h)``, ``fps``, ``transparent``, ``typesetter``,
    ``draft``, ``frame``. Quality and format default as on the command line.
    """
    options = {k: params_and_options.pop(k) for k in OPTIONS if k in params_and_options}
    return _render(
        RenderRequest(
            scenes=(scene,),
            values=params_and_options,
            quality=quality,
            fmt=fmt,
            out_dir=Path(out_dir),
            workers=1,
            **options,
        )
    )


def show_class(
    cls: type,
    params: Any = None,
    *,
    quality: str | None = None,
    fmt: str | None = None,
    out_dir: str | Path = "media",
    **options: Any,
) -> NotebookClip:
    """Render the class itself (a subclass with its own storyboard renders as itself)."""
    return _render(
        RenderRequest(
            classes=(cls,), params=params, quality=quality, fmt=fmt, out_dir=Path(out_dir), workers=1, **options
        )
    )
