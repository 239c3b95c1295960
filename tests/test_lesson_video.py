"""A lesson as one video: title cards between the clips, chapters, one subtitle file, packets copied."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from test_new_user import run


def packet_digests(path: Path) -> list[str]:
    import av

    with av.open(str(path)) as c:
        return [hashlib.sha256(bytes(p)).hexdigest() for p in c.demux(c.streams.video[0]) if p.size]


LESSON = """
[lesson]
title = "Areas"

[[clip]]
scene = "determinant"
title = "Area scales"

[[clip]]
scene = "determinant"
title = "A flip"
params = { matrix = [[0, 1], [1, 0]] }
"""


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["determinant", "--join"], "--join makes one video of one lesson: give --config FILE.toml"),
        (["--join", "-f", "gif"], "--join writes one mp4 (not gif)"),
    ],
)
def test_join_asks_for_one_lesson_as_mp4(tmp_path, args, says):
    lesson = tmp_path / "l.toml"
    lesson.write_text(LESSON)
    result = run("render", "--config", lesson, *args, "-o", tmp_path / "o")
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.render
def test_a_joined_lesson_has_chapters_one_subtitle_file_and_the_clips_own_packets(tmp_path):
    import av

    lesson = tmp_path / "areas.toml"
    lesson.write_text(LESSON)
    out = tmp_path / "out"
    result = run("render", "--config", lesson, "--join", "-q", "l", "--draft", "-o", out)
    assert result.exit_code == 0, result.output
    video = next((out / "lessons").glob("areas-*.mp4"))
    manifest = json.loads(video.with_suffix(".json").read_text())
    clips = [next(out.glob(f"determinant/determinant-{c['key']}.mp4")) for c in manifest["clips"]]

    with av.open(str(video)) as c:
        chapters = c.chapters()
        v = c.streams.video[0]
        joined_seconds = float(v.duration * v.time_base)
    assert [ch["metadata"]["title"] for ch in chapters] == ["Area scales", "A flip"]
    card = 2.0
    first = json.loads(clips[0].with_suffix(".json").read_text())["duration"]
    assert float(chapters[0]["start"] * chapters[0]["time_base"]) == pytest.approx(0, abs=0.01)
    assert float(chapters[1]["start"] * chapters[1]["time_base"]) == pytest.approx(card + first, abs=0.1)
    assert joined_seconds == pytest.approx(2 * card + sum(
        json.loads(p.with_suffix(".json").read_text())["duration"] for p in clips), abs=0.15)

    # every packet of every clip is in the joined file, byte for byte: copied, not re-encoded
    joined = packet_digests(video)
    for clip in clips:
        own = packet_digests(clip)
        at = joined.index(own[0])
        assert joined[at : at + len(own)] == own

    srt = video.with_suffix(".srt").read_text(encoding="utf-8")
    cues = [ln for ln in srt.splitlines() if " --> " in ln]
    each = [len(json.loads(p.with_suffix(".json").read_text())["captions"]) for p in clips]
    assert len(cues) == sum(each)
    h, m, rest = cues[each[0]].split(" --> ")[0].split(":")
    shifted = int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))
    second_first = json.loads(clips[1].with_suffix(".json").read_text())["captions"][0]["start"]
    assert shifted == pytest.approx(2 * card + first + second_first, abs=0.1)  # shifted past clip 1 and 2 cards
    assert video.with_suffix(".vtt").is_file()
