"""Lines of words break where the language allows: never before "。" or "，" (Chinese), and every
character of a contact sheet comes from a font that has it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from intuition import words
from intuition.linebreaks import NO_LINE_END, NO_LINE_START, pieces
from production.media import SheetText, wrap_to

CHINESE = sorted(set(words.translations("zh_Hans").values()))


def test_the_chinese_catalog_has_sentences_with_closing_marks():
    # what the tests below break: without such sentences they would prove nothing
    assert sum(any(ch in NO_LINE_START for ch in t) for t in CHINESE) > 50


@pytest.mark.parametrize("width", [90, 160, 300])
def test_a_contact_sheet_never_starts_a_chinese_line_with_a_closing_mark(width):
    font = SheetText(17, "zh_Hans")
    for text in CHINESE:
        lines = wrap_to(text, font, width, lines=99)
        for before, line in zip(lines, lines[1:]):
            assert line[0] not in NO_LINE_START, (text, lines)
            assert before[-1] not in NO_LINE_END, (text, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", ""), (text, lines)


def test_a_caption_in_two_lines_never_starts_the_second_with_a_closing_mark():
    from scenes.style import two_lines

    broken = 0
    for text in CHINESE:
        halves = two_lines(text)
        if halves is None:
            continue
        broken += 1
        first, second = halves
        assert second and second[0] not in NO_LINE_START, (text, halves)
        assert first and first[-1] not in NO_LINE_END, (text, halves)
        assert (first + second).replace(" ", "") == text.replace(" ", "")
    assert broken > 50


def test_words_with_spaces_break_only_at_the_spaces():
    assert [p for _, p in pieces("Dann streckt Σ entlang")] == ["Dann", "streckt", "Σ", "entlang"]
    assert [p for _, p in pieces("箭头 v₁、v₂ 开始。")] == ["箭", "头", "v₁、v₂", "开", "始。"]


@pytest.mark.skipif(shutil.which("fc-query") is None, reason="fontconfig is not installed")
def test_each_character_of_a_chinese_sheet_comes_from_a_font_that_has_it():
    # asked of fc-query about the very file and face PIL opens, not of the fc-match that chose it
    def charset(face):
        file, index = face
        out = subprocess.run(["fc-query", "--index", str(index), "-f", "%{charset}", file],
                             capture_output=True, text=True, check=True).stdout
        ranges = []
        for part in out.split():
            lo, _, hi = part.partition("-")
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        return ranges

    runs = SheetText(17, "zh_Hans").runs("奇异值：σ₁ = 2.63，σ₂ = 0.57。")
    assert len({face for _, face in runs}) >= 2, runs  # the CJK font lacks the subscripts
    for run, face in runs:
        ranges = charset(face)
        for ch in run.replace(" ", ""):
            assert any(lo <= ord(ch) <= hi for lo, hi in ranges), (ch, face)
    assert any(face[0].endswith(".ttc") and face[1] > 0 for _, face in runs), (
        "Chinese comes from the SC face of the Noto CJK collection, not its first (Japanese) one"
    )


@pytest.mark.parametrize(("text", "together"), [
    ("a priori: 10 % sind krank", "10 %"),  # German puts a space before %
    ("le prior : 10 % sont malades", "prior :"),  # French before : ? ! ; as well
    ("il dit « bonjour » et s'en va", "« bonjour »"),
])
def test_a_line_never_breaks_at_the_space_before_a_closing_sign(text, together):
    from scenes.style import two_lines

    first, second = two_lines(text)
    assert together in first or together in second, (first, second)
    assert f"{first} {second}" == text
    assert any(together in piece for _glue, piece in pieces(text))
    font = SheetText(17, "fr")
    for width in (40, 60, 90):
        lines = wrap_to(text, font, width, lines=99)
        assert any(together in line for line in lines), (width, lines)
