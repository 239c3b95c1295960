"""The typeset cache on disk: a text made in one process is the same text read in the next."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from production import typeset_cache

ROOT = Path(__file__).resolve().parent.parent

MAKE = """
import sys, pickle
from production.preview import speed_up_copies
speed_up_copies()
from manim import Text
made = []
for words in sys.argv[1:]:
    t = Text(words, font_size=30, color="#FF8800")
    made.append([m.points for m in t.get_family()] + [m.fill_rgbas for m in t.get_family()])
sys.stdout.buffer.write(pickle.dumps(made))
"""


def make_in_a_new_process(folder: Path, *texts: str) -> list[list[np.ndarray]]:
    """Each text's points and colours, made by a new process (a process costs ~1.5 s: few are started)."""
    import pickle

    env = {"INTUITION_TYPESET_CACHE": str(folder), "PATH": "/usr/bin:/bin", "HOME": str(folder)}
    out = subprocess.run([sys.executable, "-c", MAKE, *texts], cwd=ROOT, env=env, capture_output=True, check=True)
    return pickle.loads(out.stdout)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.pkl"))


def test_a_text_kept_by_one_process_is_read_by_the_next_unchanged(tmp_path):
    (made,) = make_in_a_new_process(tmp_path, "Watch the unit square: its area is 2.5")
    (entry,) = entries(tmp_path)
    written = entry.stat().st_ino
    again, other = make_in_a_new_process(tmp_path, "Watch the unit square: its area is 2.5",
                                         "Watch the unit square: its area is 3")
    assert entry in entries(tmp_path) and entry.stat().st_ino == written  # read, not made and written again
    assert len(made) == len(again)
    for a, b in zip(made, again):
        np.testing.assert_array_equal(a, b)
    assert len(entries(tmp_path)) == 2  # other words are another entry
    assert sum(len(p) for p in other) != sum(len(p) for p in made) or any(
        not np.array_equal(a, b) for a, b in zip(other, made))


def test_a_damaged_entry_is_a_miss_and_is_made_again(tmp_path):
    (made,) = make_in_a_new_process(tmp_path, "f(x) = 6.25")
    (entry,) = entries(tmp_path)
    entry.write_bytes(b"not a pickle")
    (again,) = make_in_a_new_process(tmp_path, "f(x) = 6.25")
    for a, b in zip(made, again):
        np.testing.assert_array_equal(a, b)
    assert entry.read_bytes() != b"not a pickle"  # written afresh


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("INTUITION_TYPESET_CACHE", "off")
    assert typeset_cache.folder() is None
    assert typeset_cache.load("anything") is None


@pytest.mark.parametrize("limit", [0, 2500])
def test_trim_removes_the_oldest_first(tmp_path, limit):
    import os

    for i in range(4):
        p = tmp_path / "ab" / f"{i}.pkl"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"x" * 1000)
        os.utime(p, (1000 + i, 1000 + i))
    typeset_cache.trim(tmp_path, limit=limit)
    left = [p.name for p in entries(tmp_path)]
    assert left == ([] if limit == 0 else ["2.pkl", "3.pkl"])


def test_the_frame_size_is_part_of_what_made_a_text(tmp_path, monkeypatch):
    """Pango lays a text out on a canvas of the frame's pixels: a long line wraps on a small frame."""
    from manim import Text, tempconfig

    from production.preview import speed_up_copies

    monkeypatch.setenv("INTUITION_TYPESET_CACHE", str(tmp_path))
    speed_up_copies()
    words = "Determinant 2.5: every area is multiplied by 2.5, so the unit square now has area 2.5."
    made = {}
    for size in ((256, 144), (854, 480)):
        svgs = tmp_path / "svg" / f"{size[0]}"  # manim's own SVG files are not keyed by the frame either
        with tempconfig({"pixel_width": size[0], "pixel_height": size[1], "text_dir": str(svgs)}):
            made[size] = Text(words, font_size=24)
    assert len(entries(tmp_path)) == 2
    assert made[(256, 144)].height > 1.5 * made[(854, 480)].height  # two lines on the small canvas, one on the big


def test_each_use_of_a_kept_text_is_a_mobject_of_its_own_equal_to_the_first(tmp_path, monkeypatch):
    """In one process: the first uses unpickle the kept bytes, later ones copy a kept mobject;
    every use may be changed without changing the next."""
    from manim import Text

    from production import preview

    monkeypatch.setenv("INTUITION_TYPESET_CACHE", "off")  # in memory only
    preview.speed_up_copies()
    words = "Each use is its own: 7.25"

    def make():
        return Text(words, font_size=30, color="#FF8800")

    first = make()
    family = [(m.points.copy(), m.fill_rgbas.copy()) for m in first.get_family()]
    kept = next(k for key, k in preview._FINISHED.items() if words in key)
    assert kept.data is not None and kept.mob is None
    first.shift(3).set_color("#00FF00")  # the kept one is not this one
    uses = []
    for _ in range(preview.DECODED_USES + 2):
        mob = make()
        uses.append(mob)
        for (points, rgbas), m in zip(family, mob.get_family(), strict=True):
            np.testing.assert_array_equal(m.points, points)
            np.testing.assert_array_equal(m.fill_rgbas, rgbas)
        mob.shift(1)
    assert kept.uses == preview.DECODED_USES + 3 and kept.mob is not None  # copied from a mobject now
    assert len({id(m) for m in uses}) == len(uses)


def test_a_kept_text_leaves_out_the_svg_groups_nothing_reads_and_a_formula_keeps_its_labels(monkeypatch):
    """A Text's SVG groups by element id (three times its glyphs) are never read: not made
    again on every copy and unpickling. A formula's labelled groups still select its glyphs."""
    from manim import MathTypst, Text

    from production import preview

    monkeypatch.setenv("INTUITION_TYPESET_CACHE", "off")
    preview.speed_up_copies()
    text = Text("Groups nobody reads: 4.5", font_size=30)
    assert text.id_to_vgroup_dict == {}
    formula = MathTypst("{{ a + b : num }} / {{ c : den }}")
    for made in (formula, MathTypst("{{ a + b : num }} / {{ c : den }}"), formula.copy()):
        family = {id(m) for m in made.get_family()}
        assert sorted(made._label_aliases) == ["den", "num"]
        num, den = made.select("num"), made.select("den")
        assert len(num) == 3 and len(den) == 1  # a, +, b over c
        assert {id(m) for m in (*num, *den)} <= family  # the glyphs drawn, not copies of them
        assert all(key in {k for keys in made._label_aliases.values() for k in keys} for key in made.id_to_vgroup_dict)
