"""Spoken captions: eSpeak NG per caption, steps that wait for the voice, -16 LUFS, AAC beside copied video."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from test_new_user import run

from conftest import stray_files

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (bash tools/bootstrap.sh --voice)")


def decoded(path: Path) -> tuple[np.ndarray, int, float, float, str]:
    """(mono samples, rate, video seconds, audio seconds, audio codec) read back with PyAV."""
    import av

    with av.open(str(path)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        codec, rate = a.codec_context.name, a.rate
        samples = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
        audio_s = samples.size / rate  # what is heard, whatever the container says
        if v.duration is not None:
            video_s = float(v.duration * v.time_base)
        else:  # webm keeps no stream duration: the last frame's end
            c.seek(0)
            frames = [f for f in c.decode(video=0)]
            video_s = float(frames[-1].time) + 1 / float(v.average_rate)
    return samples, rate, video_s, audio_s, codec


def envelope(samples: np.ndarray, rate: int) -> np.ndarray:
    window = int(0.01 * rate)
    return np.convolve(np.abs(samples), np.ones(window) / window, "same")


@pytest.mark.parametrize("fmt", ["gif", "png", "storyboard"])
def test_a_voice_on_a_silent_format_is_one_line(tmp_path, fmt):
    result = run("render", "determinant", "--voice", "espeak", "-f", fmt, "-o", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert f"--voice espeak: a {fmt} has no sound; choose --format mp4, mov, webm" in result.stderr
    assert not (tmp_path / "o").exists() or stray_files(tmp_path / "o") == []


def test_an_unknown_voice_names_the_ones_there_are(tmp_path):
    result = run("render", "determinant", "--voice", "robot", "-o", tmp_path / "o")
    assert result.exit_code == 2 and "parameter 'voice': must be none, espeak or piper:MODEL.onnx" in result.stderr


def test_the_track_is_at_its_cues_and_at_minus_16_lufs(tmp_path):
    """The mixer alone, with tones standing for speech: placed at their cues, -16 LUFS, no clipping."""
    import pyloudnorm

    from production import voice

    cues = []
    for i, (start, seconds) in enumerate([(0.5, 1.0), (2.5, 0.6)]):
        t = np.arange(int(seconds * voice.RATE)) / voice.RATE
        path = tmp_path / f"{i}.wav"
        voice.write_wav(path, 0.3 * np.sin(2 * np.pi * 330 * t))
        cues.append({"start": start, "end": start + 1.5, "speech": str(path)})
    out = voice.track(cues, 4.0)
    assert out.size == 4 * voice.RATE
    assert pyloudnorm.Meter(voice.RATE).integrated_loudness(out) == pytest.approx(-16, abs=0.5)
    assert np.abs(out).max() < 1.0
    loud = np.flatnonzero(envelope(out, voice.RATE) > 0.01) / voice.RATE
    assert loud[0] == pytest.approx(0.5, abs=0.02) and loud[-1] == pytest.approx(3.1, abs=0.02)
    assert not np.any((loud > 1.52) & (loud < 2.48))  # quiet between the two cues


@needs_espeak
@pytest.mark.render
def test_a_narrated_clip_speaks_each_caption_at_its_cue(tmp_path):
    import pyloudnorm

    out = tmp_path / "out"
    result = run("render", "determinant", "--voice", "espeak", "-q", "l", "--draft", "-o", out)
    assert result.exit_code == 0, result.output
    clip = next(out.glob("determinant/*.mp4"))
    manifest = json.loads(clip.with_suffix(".json").read_text())
    assert manifest["voice"]["engine"] == "espeak-ng" and manifest["voice"]["voice"] == "en-us"
    samples, rate, video_s, audio_s, codec = decoded(clip)
    assert codec == "aac"
    assert abs(video_s - audio_s) < 0.1 and abs(video_s - manifest["duration"]) < 0.1
    assert pyloudnorm.Meter(rate).integrated_loudness(samples) == pytest.approx(-16, abs=1.5)
    env = envelope(samples, rate)
    speaking = env > 0.2 * np.percentile(env, 99)
    cues = manifest["captions"]
    for i, cue in enumerate(cues):
        stop = cues[i + 1]["start"] if i + 1 < len(cues) else manifest["duration"]
        heard = np.flatnonzero(speaking[int(cue["start"] * rate) : int(stop * rate)])
        assert heard.size, f"{cue['id']} is not spoken"
        assert heard[0] / rate < 0.15, f"{cue['id']} starts {heard[0] / rate:.2f} s after its cue"
        assert cue["start"] + heard[-1] / rate < stop - 0.05, f"{cue['id']} runs into the next cue"
        assert cue["end"] - cue["start"] >= cue["spoken"], "a step is shorter than its speech"

    # again: a cache hit; then one caption changed: only its speech is synthesised
    speech = out / ".cache" / "voice"
    before = {p.name: p.stat().st_mtime_ns for p in speech.glob("*.wav")}
    assert len(before) == len(cues)
    again = run("render", "determinant", "--voice", "espeak", "-q", "l", "--draft", "-o", out)
    assert "cached" in again.output
    result = run("render", "determinant", "--voice", "espeak", "-q", "l", "--draft", "-o", out,
                 "--set", "captions.watch=Look at this shape.")
    assert result.exit_code == 0, result.output
    after = {p.name: p.stat().st_mtime_ns for p in speech.glob("*.wav")}
    assert len(after) == len(before) + 1
    assert all(after[name] == t for name, t in before.items())


@needs_espeak
@pytest.mark.render
def test_a_spanish_voice_speaks_spanish_into_webm_as_opus(tmp_path):
    result = run("render", "determinant", "--voice", "espeak", "--lang", "es", "-f", "webm", "-q", "l", "--draft",
                 "-o", tmp_path)
    assert result.exit_code == 0, result.output
    clip = next(tmp_path.glob("determinant/*.webm"))
    manifest = json.loads(clip.with_suffix(".json").read_text())
    assert manifest["voice"]["voice"] == "es" and manifest["lang"] == "es"
    _, _, video_s, audio_s, codec = decoded(clip)
    assert codec in ("opus", "libopus") and abs(video_s - audio_s) < 0.1


def _tones(folder: Path, seconds: dict[str, float], suffix: str = ".wav") -> None:
    from production import voice

    folder.mkdir(parents=True, exist_ok=True)
    for name, s in seconds.items():
        t = np.arange(int(s * 22_050)) / 22_050  # another sample rate: resampled on the way in
        samples = 0.4 * np.sin(2 * np.pi * 220 * t)
        pcm = (samples * 32767).astype("<i2")
        import wave

        with wave.open(str(folder / f"{name}{suffix}"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(22_050)
            w.writeframes(pcm.tobytes())
    assert voice.RATE == 48_000


def test_a_missing_recording_names_the_caption_and_the_file(tmp_path):
    _tones(tmp_path / "rec", {"watch": 1.0, "grid": 1.0})  # the last caption is not recorded
    result = run("render", "determinant", "--narration", tmp_path / "rec", "-q", "l", "-o", tmp_path / "o")
    line = result.stderr.strip()
    assert result.exit_code == 2 and len(line.splitlines()) == 1, result.output
    assert "parameter 'narration': no recording for caption 'determinant.scales_square'" in line
    assert f"expected {tmp_path / 'rec' / 'scales_square.wav'}" in line
    assert not (tmp_path / "o").exists() or stray_files(tmp_path / "o") == []


def test_an_unreadable_recording_is_one_line(tmp_path):
    _tones(tmp_path / "rec", {"watch": 1.0, "grid": 1.0})
    (tmp_path / "rec" / "scales_square.mp3").write_bytes(b"this is not sound")
    result = run("render", "determinant", "--narration", tmp_path / "rec", "-q", "l", "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert "parameter 'narration': scales_square.mp3 is not a recording FFmpeg can read" in result.stderr


@pytest.mark.render
def test_the_teachers_recordings_time_the_steps(tmp_path):
    lengths = {"watch": 4.5, "grid": 1.0, "scales_square": 6.0}
    _tones(tmp_path / "rec", lengths)
    out = tmp_path / "out"
    result = run("render", "determinant", "--narration", tmp_path / "rec", "-q", "l", "--draft", "-o", out)
    assert result.exit_code == 0, result.output
    clip = next(out.glob("determinant/*.mp4"))
    manifest = json.loads(clip.with_suffix(".json").read_text())
    assert manifest["voice"] == {"engine": "recordings"}
    for cue in manifest["captions"]:
        short = cue["id"].removeprefix("determinant.")
        assert cue["spoken"] == pytest.approx(lengths[short], abs=0.01)  # resampled, not cut
        assert cue["end"] - cue["start"] >= lengths[short]
    samples, rate, video_s, audio_s, codec = decoded(clip)
    assert codec == "aac" and abs(video_s - audio_s) < 0.1


def test_a_piper_voice_needs_its_model_and_config(tmp_path):
    result = run("render", "determinant", "--voice", f"piper:{tmp_path / 'none.onnx'}", "-o", tmp_path / "o")
    assert result.exit_code == 2 and "needs a piper voice model file ending in .onnx" in result.stderr
    model = tmp_path / "v.onnx"
    model.write_bytes(b"model")
    result = run("render", "determinant", "--voice", f"piper:{model}", "-o", tmp_path / "o")
    assert result.exit_code == 2 and "needs its config beside it: v.onnx.json" in result.stderr


def test_a_piper_voice_speaks_through_the_same_pipe(tmp_path, monkeypatch):
    """No piper voice model can be fetched here (they live on Hugging Face, not in a package registry):
    a stand-in PiperVoice with piper's API checks our side; the model's bytes key the speech cache."""
    import sys
    import types
    import wave

    from production import voice

    class FakeVoice:
        @staticmethod
        def load(model):
            return FakeVoice()

        def synthesize_wav(self, text, w):
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(22_050)
            t = np.arange(int(0.05 * len(text) * 22_050)) / 22_050
            w.writeframes((0.5 * np.sin(2 * np.pi * 200 * t) * 32767).astype("<i2").tobytes())

    monkeypatch.setitem(sys.modules, "piper", types.SimpleNamespace(PiperVoice=FakeVoice))
    monkeypatch.setattr(voice, "_PIPER_VOICES", {})
    model = tmp_path / "v.onnx"
    model.write_bytes(b"model one")
    speaker = voice.Voice(f"piper:{model}", "en", tmp_path / "cache")
    said = speaker.say("twenty characters...")
    assert said.seconds == pytest.approx(1.0, abs=0.05)
    assert wave.open(str(said.path)).getframerate() == voice.RATE
    model.write_bytes(b"model two")  # another voice: spoken again, not taken from the cache
    assert voice.Voice(f"piper:{model}", "en", tmp_path / "cache").say("twenty characters...").path != said.path
