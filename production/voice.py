"""A voice for the captions: speech per caption, cached, mixed into the clip's sound track.

The captions are already the script. With ``voice = "espeak"`` each caption is
spoken by eSpeak NG (Debian's ``espeak-ng``: offline, in the clip's language)
when the scene shows it; the scene holds its picture until the speech has ended
(``IntuitionScene.caption``), so a step lasts at least as long as its words and
the subtitle cue starts with its speech. After the render, :func:`add_voice`
lays every caption's speech at its cue, normalises the loudness to -16 LUFS
integrated (measured by pyloudnorm, ITU-R BS.1770) and muxes it beside the
video, whose packets are copied, not re-encoded: AAC in mp4 and mov, Opus in webm.

Speech is cached by its text, engine, voice and settings (a WAV file named by
their digest), so a second render synthesises nothing and an edited caption
re-synthesises only itself.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import warnings
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from intuition.errors import IntuitionError, MissingSystemPiece
from intuition.words import spoken_numbers

RATE = 48_000  # the sound track's sample rate
TARGET_LUFS = -16.0
GAP = 0.25  # seconds of quiet after a caption's speech before the next caption
ESPEAK_SPEED = 150  # words per minute: a teacher's pace, slower than eSpeak's 175
# eSpeak NG's voice for each shipped language
ESPEAK_VOICES = {"en": "en-us", "es": "es", "fr": "fr-fr", "de": "de", "zh_Hans": "cmn"}
AUDIO_CODEC = {"mp4": "aac", "mov": "aac", "webm": "libopus"}
VOICE_FORMATS = tuple(AUDIO_CODEC)


class VoiceError(IntuitionError):
    """A voice cannot speak: a missing engine, a bad recording."""


@dataclass(frozen=True)
class Speech:
    path: Path  # a mono WAV file
    seconds: float


_PIPER_VOICES: dict[str, Any] = {}


def piper_voice(model: str) -> Any:
    """The piper voice in ``model`` (loaded once per process; nothing is downloaded)."""
    if model not in _PIPER_VOICES:
        try:
            from piper import PiperVoice
        except ImportError:
            raise MissingSystemPiece("--voice piper:... needs piper-tts: .venv/bin/pip install piper-tts") from None
        _PIPER_VOICES[model] = PiperVoice.load(model)
    return _PIPER_VOICES[model]


def model_digest(model: str) -> str:
    h = hashlib.sha256()
    with open(model, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def espeak_voice(lang: str) -> str:
    return ESPEAK_VOICES.get(lang, lang)


def describe_voice(voice: str, lang: str) -> dict[str, Any] | None:
    """What the manifest says about the voice (None for a silent clip)."""
    if voice == "espeak":
        return {"engine": "espeak-ng", "voice": espeak_voice(lang), "speed": ESPEAK_SPEED}
    if voice == "recordings":
        return {"engine": "recordings"}
    if voice.startswith("piper:"):
        return {"engine": "piper", "voice": Path(voice.removeprefix("piper:")).name}
    return None


def check_engine(voice: str) -> None:
    """The engine and the mixing libraries are there (one line naming what to install, if not)."""
    if voice == "none":
        return
    if voice.startswith("piper:"):
        try:
            import piper  # noqa: F401
        except ImportError:
            raise MissingSystemPiece("--voice piper:... needs the piper-tts package: .venv/bin/pip install piper-tts "
                                     "(and a voice model .onnx with its .onnx.json, which you supply)") from None
    if voice == "espeak" and shutil.which("espeak-ng") is None:  # "recordings" need no engine
        raise MissingSystemPiece("--voice espeak needs eSpeak NG: apt-get install espeak-ng "
                                 "(or run bash tools/bootstrap.sh --voice)")
    try:
        import pyloudnorm  # noqa: F401
        import scipy.signal  # noqa: F401
    except ImportError:
        raise MissingSystemPiece("a voice needs pyloudnorm and scipy: .venv/bin/pip install '.[voice]' "
                                 "(or run bash tools/bootstrap.sh --voice)") from None


class Voice:
    """Speaks caption texts for one clip (``voice`` and ``lang`` as the parameters say)."""

    gap = GAP

    def __init__(self, voice: str, lang: str, cache: Path) -> None:
        self.voice = voice
        self.lang = lang
        self.cache = Path(cache)

    def say(self, text: str, msg_id: str = "") -> Speech:
        text = spoken_numbers(text, self.lang)
        if self.voice.startswith("piper:"):
            settings = f"piper|{model_digest(self.voice.removeprefix('piper:'))}|{RATE}|{text}"
        else:
            settings = f"espeak-ng|{espeak_voice(self.lang)}|{ESPEAK_SPEED}|{RATE}|{text}"
        digest = hashlib.sha256(settings.encode()).hexdigest()[:20]
        path = self.cache / f"{digest}.wav"
        if not path.is_file():
            self.cache.mkdir(parents=True, exist_ok=True)
            if self.voice.startswith("piper:"):
                self._piper(text, path)
            else:
                self._espeak(text, path)
        return Speech(path, read_wav(path).size / RATE)

    def _piper(self, text: str, dest: Path) -> None:
        voice = piper_voice(self.voice.removeprefix("piper:"))
        with tempfile.TemporaryDirectory(dir=self.cache) as tmp:
            raw = Path(tmp) / "raw.wav"
            with wave.open(str(raw), "wb") as w:
                voice.synthesize_wav(text, w)
            part = Path(tmp) / "speech.wav"
            write_wav(part, trim_silence(read_wav(raw)))
            part.replace(dest)

    def _espeak(self, text: str, dest: Path) -> None:
        check_engine("espeak")
        with tempfile.TemporaryDirectory(dir=self.cache) as tmp:
            raw = Path(tmp) / "raw.wav"
            cmd = ["espeak-ng", "-v", espeak_voice(self.lang), "-s", str(ESPEAK_SPEED), "-w", str(raw), "--", text]
            try:
                subprocess.run(cmd, check=True, capture_output=True, timeout=60)
            except (OSError, subprocess.SubprocessError) as err:
                raise VoiceError(f"espeak-ng could not speak {text[:40]!r}: {err}") from None
            samples = trim_silence(read_wav(raw))
            part = Path(tmp) / "speech.wav"
            write_wav(part, samples)
            part.replace(dest)  # whole or not at all: a parallel render may read it


RECORDING_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")


class Recordings:
    """The teacher's own voice: one recording per caption id, in a folder (``narration`` parameter)."""

    gap = GAP

    def __init__(self, folder: str | Path, scene: str, cache: Path) -> None:
        self.folder = Path(folder)
        self.scene = scene
        self.cache = Path(cache)

    def file_for(self, msg_id: str) -> Path | None:
        """``watch.wav`` (the id without the scene's name) or ``determinant.watch.wav``, any known format."""
        short = msg_id.removeprefix(f"{self.scene}.")
        for stem in dict.fromkeys((short, msg_id)):
            for suffix in RECORDING_SUFFIXES:
                path = self.folder / f"{stem}{suffix}"
                if path.is_file():
                    return path
        return None

    def expected(self, msg_id: str) -> str:
        return str(self.folder / f"{msg_id.removeprefix(f'{self.scene}.')}.wav")

    def say(self, text: str, msg_id: str = "") -> Speech:
        path = self.file_for(msg_id) if msg_id else None
        if path is None:
            raise VoiceError(f"narration: no recording for caption {msg_id or text[:40]!r}; "
                             f"expected {self.expected(msg_id)} (or .flac, .ogg, .mp3)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
        dest = self.cache / f"rec-{digest}.wav"
        if not dest.is_file():
            self.cache.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=self.cache) as tmp:
                part = Path(tmp) / "speech.wav"
                write_wav(part, decode_any(path))
                part.replace(dest)
        return Speech(dest, read_wav(dest).size / RATE)


def decode_any(path: Path) -> np.ndarray:
    """A recording in any format FFmpeg reads (wav, flac, ogg, mp3), as mono samples at :data:`RATE`."""
    import av

    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise VoiceError(f"narration: {path.name} has no sound in it")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            parts = []
            for frame in c.decode(audio=0):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                parts.append(out.to_ndarray().reshape(-1))
    except (av.error.FFmpegError, OSError) as err:
        raise VoiceError(f"narration: {path.name} is not a recording FFmpeg can read ({err})") from None
    samples = np.concatenate(parts) if parts else np.zeros(0)
    if samples.size == 0:
        raise VoiceError(f"narration: {path.name} is empty")
    return samples.astype(np.float64)


# --- samples ----------------------------------------------------------------------------


def read_wav(path: Path) -> np.ndarray:
    """A WAV file as mono float samples at :data:`RATE`."""
    from scipy.signal import resample_poly

    try:
        with wave.open(str(path), "rb") as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            data = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as err:
        raise VoiceError(f"{path.name}: not a readable WAV file ({err})") from None
    dtype = {1: np.uint8, 2: np.int16, 4: np.int32}.get(width)
    if dtype is None:
        raise VoiceError(f"{path.name}: {8 * width}-bit samples are not supported")
    samples = np.frombuffer(data, dtype=dtype).astype(np.float64)
    samples = (samples - 128) / 128 if width == 1 else samples / float(2 ** (8 * width - 1))
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != RATE:
        g = np.gcd(rate, RATE)
        samples = resample_poly(samples, RATE // g, rate // g)
    return samples


def write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def trim_silence(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Speech without the quiet eSpeak puts before and after it (so it starts at its cue)."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return samples[:0]
    pad = int(0.02 * RATE)
    return samples[max(0, loud[0] - pad) : loud[-1] + pad]


def track(captions: list[dict[str, Any]], duration: float) -> np.ndarray:
    """Every caption's speech at its cue, on a silent track exactly ``duration`` long, at -16 LUFS."""
    import pyloudnorm

    out = np.zeros(int(round(duration * RATE)))
    for cue in captions:
        if not cue.get("speech"):
            continue
        speech = read_wav(Path(cue["speech"]))
        start = int(round(cue["start"] * RATE))
        part = speech[: max(0, out.size - start)]
        out[start : start + part.size] += part
    if not np.any(out):
        return out
    meter = pyloudnorm.Meter(RATE)
    for _ in range(4):  # gain to the target, soften the peaks that would clip, measure again
        measured = meter.integrated_loudness(out)
        if not np.isfinite(measured) or abs(measured - TARGET_LUFS) < 0.2:
            break
        with warnings.catch_warnings():  # its "possible clipping" is what soft_limit takes care of
            warnings.simplefilter("ignore", UserWarning)
            out = soft_limit(pyloudnorm.normalize.loudness(out, measured, TARGET_LUFS))
    return soft_limit(out)


def soft_limit(x: np.ndarray, knee: float = 0.7) -> np.ndarray:
    """Peaks above ``knee`` bent smoothly under 1.0 (speech at -16 LUFS peaks above full scale)."""
    a = np.abs(x)
    over = a > knee
    y = x.copy()
    y[over] = np.sign(x[over]) * (knee + (1 - knee) * np.tanh((a[over] - knee) / (1 - knee)))
    return y


def add_voice(video: Path, samples: np.ndarray, dest: Path, fmt: str) -> Path:
    """``video`` with ``samples`` as its sound: the video packets copied, the audio encoded."""
    import av

    codec = AUDIO_CODEC[fmt]
    options = {"movflags": "+faststart"} if fmt in ("mp4", "mov") else {}
    with av.open(str(video)) as src, av.open(str(dest), "w", options=options) as out:
        v_in = src.streams.video[0]
        v_out = out.add_stream_from_template(v_in)
        a_out = out.add_stream(codec, rate=RATE if codec == "aac" else 48_000, layout="mono")
        a_out.bit_rate = 96_000
        for packet in src.demux(v_in):
            if packet.dts is None:
                continue
            packet.stream = v_out
            out.mux(packet)
        frame_size = a_out.codec_context.frame_size or 1024
        block = samples.astype(np.float32)
        for i in range(0, block.size, frame_size):
            chunk = block[i : i + frame_size]
            frame = av.AudioFrame.from_ndarray(chunk[np.newaxis, :], format="flt", layout="mono")
            frame.sample_rate = RATE
            frame.pts = i
            for packet in a_out.encode(frame):
                out.mux(packet)
        for packet in a_out.encode(None):
            out.mux(packet)
    return dest
