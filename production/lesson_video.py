"""A lesson as one finished video: title card, clip, title card, clip..., chapters and one subtitle file.

``render --config lesson.toml --join`` renders the clips as usual (each one
cached on its own), renders a short title card per clip with the same quality
and encoder, and joins them by copying the video packets (no clip is
re-encoded; a clip whose encoding differs is refused in one line rather than
silently re-encoded). The chapters (one per clip, starting at its title card)
are in the mp4 for players, the subtitles of every clip are one .srt/.vtt with
their times shifted, and the clips' sound (a voice, or none) becomes one
track, silent under the cards.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from intuition.errors import IntuitionError


@dataclass(frozen=True)
class Part:
    path: Path
    title: str  # the chapter's title ("" for a title card: its chapter is the clip's)
    captions: tuple[dict[str, Any], ...] = ()


def lesson_parts(cards: list[Path], clips: list[tuple[Path, str, list[dict[str, Any]]]]) -> list[Part]:
    parts: list[Part] = []
    for card, (clip, title, captions) in zip(cards, clips, strict=True):
        parts += [Part(card, ""), Part(clip, title, tuple(captions))]
    return parts


def _encoding(path: Path) -> tuple:
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        cc = v.codec_context
        return (cc.name, cc.width, cc.height, str(cc.pix_fmt), v.average_rate, v.time_base, bytes(cc.extradata or b""))


def check_same_encoding(parts: list[Part]) -> None:
    first = _encoding(parts[0].path)
    for part in parts[1:]:
        enc = _encoding(part.path)
        if enc != first:
            what = ("codec", "width", "height", "pixel format", "frame rate", "time base", "encoder settings")
            differs = [w for w, a, b in zip(what, first, enc, strict=True) if a != b]
            raise IntuitionError(
                f"--join: {part.path.name} differs from the first clip in {', '.join(differs)}; "
                "render every clip with one quality, size and frame rate (e.g. -q m) to join them without re-encoding"
            )


def _video_seconds(path: Path) -> float:
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        return float(v.duration * v.time_base) if v.duration else float(c.duration or 0) / 1e6


def _has_audio(path: Path) -> bool:
    import av

    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def join(parts: list[Part], dest: Path) -> dict[str, Any]:
    """Write the joined mp4 to ``dest``: video packets copied, one audio track if any part has sound,
    chapters. Returns {duration, chapters, captions, audio}."""
    import av

    from production import voice
    from production.chunks import copy_video

    check_same_encoding(parts)
    starts, t = [], 0.0
    for part in parts:
        starts.append(t)
        t += _video_seconds(part.path)
    total = t
    audio = None
    if any(_has_audio(p.path) for p in parts):
        pieces = []
        for part in parts:
            n = int(round(_video_seconds(part.path) * voice.RATE))
            sound = voice.decode_any(part.path) if _has_audio(part.path) else np.zeros(0)
            pieces.append(np.pad(sound[:n], (0, max(0, n - sound.size))))
        audio = np.concatenate(pieces).astype(np.float32)

    chapters, captions = [], []
    for i, (part, start) in enumerate(zip(parts, starts, strict=True)):
        if part.title:
            chapter_start = starts[i - 1] if i > 0 and not parts[i - 1].title else start
            end = starts[i + 1] if i + 1 < len(parts) else total
            chapters.append({"title": part.title, "start": round(chapter_start, 3), "end": round(end, 3)})
        for cue in part.captions:
            captions.append({**cue, "start": round(cue["start"] + start, 3), "end": round(cue["end"] + start, 3)})

    with av.open(str(dest), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        a_out = None
        if audio is not None:  # declared first: the video stream is added as the first part is copied
            a_out = out.add_stream("aac", rate=voice.RATE, layout="mono")
            a_out.bit_rate = 96_000
        copy_video(out, [p.path for p in parts])
        if a_out is not None:
            size = a_out.codec_context.frame_size or 1024
            for i in range(0, audio.size, size):
                frame = av.AudioFrame.from_ndarray(audio[np.newaxis, i : i + size], format="flt", layout="mono")
                frame.sample_rate = voice.RATE
                frame.pts = i
                for packet in a_out.encode(frame):
                    out.mux(packet)
            for packet in a_out.encode(None):
                out.mux(packet)
        millis = Fraction(1, 1000)
        out.set_chapters([
            {"id": k + 1, "start": int(c["start"] * 1000), "end": int(c["end"] * 1000), "time_base": millis,
             "metadata": {"title": c["title"]}}
            for k, c in enumerate(chapters)
        ])
    return {"duration": round(total, 3), "chapters": chapters, "captions": captions, "audio": audio is not None}


def write_lesson_video(parts: list[Part], out_dir: Path, stem: str, info: dict[str, Any]) -> Path:
    """``OUT/lessons/<stem>-<digest>.mp4`` with its .srt, .vtt and .json, each put in place whole."""
    from production import media

    folder = Path(out_dir) / "lessons"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256("\n".join(p.path.name for p in parts).encode()).hexdigest()[:10]
    name = f"{stem}-{digest}"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".join-") as tmp:
        tmp_dir = Path(tmp)
        video = tmp_dir / f"{name}.mp4"
        joined = join(parts, video)
        files = [video]
        cues = [c for c in joined["captions"] if c["end"] > c["start"]]
        if cues:
            srt = media.write_srt(cues, tmp_dir / f"{name}.srt")
            files += [srt, media.srt_to_vtt(srt, tmp_dir / f"{name}.vtt")]
        manifest = tmp_dir / f"{name}.json"
        manifest.write_text(json.dumps({**info, **joined, "files": [f.name for f in files]}, indent=2,
                                       ensure_ascii=False))
        for f in [*files[1:], manifest, files[0]]:  # the video last: present means finished
            os.replace(f, folder / f.name)
    return folder / f"{name}.mp4"
