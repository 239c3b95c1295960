"""Every word on screen in the teacher's language: catalogs, numbers, overrides, fonts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from test_new_user import one_error_line, run

from conftest import ROOT, stray_files
from intuition import catalog, fonts, words
from intuition.errors import ParameterError
from intuition.words import LANGUAGES, LOCALE_DIR, format_number, messages_in, placeholders

SHIPPED = [lang for lang in LANGUAGES if lang != "en"]
CODE = sorted((ROOT / "scenes").rglob("*.py")) + sorted((ROOT / "intuition").rglob("*.py")) + sorted(
    (ROOT / "examples").glob("*.py")
)


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


# --- the catalogs -----------------------------------------------------------------------


def test_the_templates_hold_exactly_the_codes_messages():
    """tools/i18n.py extract was run: every T()/N_() in the code is in a .pot, and nothing else."""
    in_code = messages_in(CODE)
    in_templates = {}
    for pot in LOCALE_DIR.glob("*.pot"):
        in_templates.update({m.context: m.id for m in _read(pot) if m.id})
    assert in_templates == in_code, "run: .venv/bin/python tools/i18n.py extract && tools/i18n.py update"


def test_one_id_means_one_english_text():
    seen: dict[str, tuple[str, Path]] = {}
    for path in CODE:
        for msg_id, english in messages_in([path]).items():
            if msg_id in seen:
                assert seen[msg_id][0] == english, f"{msg_id} says two things: {path} and {seen[msg_id][1]}"
            seen[msg_id] = (english, path)


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_is_translated_with_the_english_placeholders(lang):
    wanted = messages_in(CODE)
    got = {}
    for pot in LOCALE_DIR.glob("*.pot"):
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{pot.stem}.po"
        assert po.is_file(), f"{po} is missing: tools/i18n.py update {lang}"
        for m in _read(po):
            if m.id and m.string and not m.fuzzy:
                got[m.context] = (m.id, m.string)
    missing = [k for k in wanted if k not in got or got[k][0] != wanted[k]]
    assert not missing, f"{lang}: not translated (or fuzzy): {missing[:10]}"
    for msg_id, (english, text) in got.items():
        if msg_id in wanted:
            assert placeholders(text) == placeholders(english), f"{lang} {msg_id}: {text!r}"
            assert text.strip(), msg_id


@pytest.mark.parametrize("lang", SHIPPED)
def test_a_translation_is_not_the_english_left_in_place(lang):
    # a few words may rightly stay the same (a name, "SVD"); most sentences must not
    table = words.translations(lang)
    sentences = [(k, en) for k, en in table if len(en.split()) >= 4]
    same = [k for k, en in sentences if table[(k, en)] == en]
    assert len(same) <= max(2, len(sentences) // 50), same


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shipped_word_has_a_font_that_draws_it(lang):
    """fontconfig's fallback list for the language's font covers every character (no tofu)."""
    if fonts.coverage(fonts.font_for(lang)) is None:
        pytest.skip("fontconfig is not installed")
    texts = [en for en in messages_in(CODE).values()]
    texts += list(words.translations(lang).values())
    missing = {ch for t in texts for ch in fonts.uncovered(t, fonts.font_for(lang))}
    assert not missing, f"{lang}: no installed font draws {sorted(missing)}"


def test_the_chinese_font_is_installed_and_has_the_ideographs():
    if fonts.coverage("Noto Sans CJK SC") is None:
        pytest.skip("fontconfig is not installed")
    import subprocess

    family = subprocess.run(["fc-match", "Noto Sans CJK SC", "--format", "%{family}"], capture_output=True,
                            text=True).stdout
    assert "Noto Sans CJK SC" in family, f"fonts-noto-cjk is not installed (fc-match gives {family!r})"
    assert fonts.uncovered("行列式缩放面积", "Noto Sans CJK SC") == []


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "lang", "text"),
    [
        (2.5, "en", "2.5"),
        (2.5, "de", "2,5"),
        (2.5, "fr", "2,5"),
        (2.5, "es", "2,5"),
        (2.5, "zh_Hans", "2.5"),
        (-0.0001, "de", "0"),
        (3.0, "de", "3"),
        (-1.333, "fr", "−1,33"),  # the real minus, U+2212, where CLDR has a hyphen
        (-63.43, "de", "−63,43"),
        (12345678.0, "en", "1.23 × 10⁷"),
        (12345678.0, "de", "1,23 × 10⁷"),
        (-0.00042, "en", "0"),
        (-98765432.0, "fr", "−9,88 × 10⁷"),
    ],
)
def test_numbers_read_as_the_language_writes_them(x, lang, text):
    assert format_number(x, lang) == text


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("x", [35745.77, -122705.54, 10000.0, 987654.3])
def test_digits_are_grouped_as_the_language_groups_them(x, lang):
    """35,745.77 in English, 35.745,77 in German: as Babel writes the locale's own number pattern."""
    from babel.numbers import format_decimal

    from intuition.words import babel_locale

    assert format_number(x, lang) == format_decimal(x, locale=babel_locale(lang)).replace("-", "\u2212")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_number_has_the_same_minus_in_words_and_in_readouts(lang):
    """The captions' numbers (format_number) and the charts' readouts (numbers.localise) agree."""
    from scenes.machine_learning.numbers import localise

    words.use(words.Words(lang))  # conftest puts English back after each test
    assert localise("-2.5") == format_number(-2.5, lang) == f"\u22122{words.decimal_sign(lang)}5"


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("turn −63,4°", "es", "turn menos 63,4°"),
        ("x = -2 and 1-2", "fr", "x = moins 2 and 1-2"),  # a hyphen between numbers is no sign
        ("σ₁ = −0,5 (−2)", "de", "σ₁ = minus 0,5 (minus 2)"),
        ("slope −1.5", "zh_Hans", "slope 负 1.5"),
        ("x-axis, −∞", "en", "x-axis, −∞"),
    ],
)
def test_a_voice_says_the_minus_of_a_number_in_the_clips_language(text, lang, said):
    assert words.spoken_numbers(text, lang) == said


def test_a_number_in_a_sentence_follows_the_language():
    w = words.Words("de")
    assert w("demo.x", "area {a}", a=2.5) == "area 2,5"  # no translation: the English, with a German number
    assert w("demo.x", "{n} steps", n=3) == "3 steps"


# --- languages and the teacher's words ----------------------------------------------------


@pytest.mark.parametrize("typed", ["zh-Hans", "zh_hans", "ZH_HANS"])
def test_a_language_code_is_read_the_ways_people_type_it(typed):
    assert words.check_lang(typed) == "zh_Hans"


def test_an_unknown_language_names_the_ones_there_are():
    with pytest.raises(ParameterError) as err:
        catalog.get("determinant").build({"lang": "klingon"})
    assert "parameter 'lang'" in str(err.value)
    for code in LANGUAGES:
        assert code in str(err.value)


def test_a_caption_override_by_short_or_full_id_is_kept_by_its_full_id():
    spec = catalog.get("determinant")
    p = spec.build({"captions": {"watch": "Look at the square."}})
    q = spec.build({"captions": {"determinant.watch": "Look at the square."}})
    assert dict(p.captions) == dict(q.captions) == {"determinant.watch": "Look at the square."}
    assert p == q  # the same clip, the same cache key


@pytest.mark.parametrize(
    ("captions", "says"),
    [
        ({"nope": "x"}, "no such caption; determinant has: title, "),
        ({"wach": "x"}, "no such caption; did you mean: watch"),
        ({"watch": "Look at {det}"}, "unknown placeholder {det}; this caption has: none"),
        ({"scales_square": "det is {deet}"}, "unknown placeholder {deet}; this caption has: {after}, {det}, {scale}"),
        ({"watch": "   "}, "must be non-empty text"),
        ({"watch": "a {"}, "unknown placeholder"),
    ],
)
def test_a_bad_override_is_one_line_naming_the_caption(captions, says):
    with pytest.raises(ParameterError) as err:
        catalog.get("determinant").build({"captions": captions})
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_a_teachers_placeholder_is_filled_from_the_model():
    w = words.Words("en", {"determinant.scales_square": "Det is {det}, area {after}."})
    assert w("determinant.scales_square", "Determinant {det}: ... {after}.", det=2.5, scale=2.5, after=2.5) == (
        "Det is 2.5, area 2.5."
    )


def test_describe_lists_the_caption_ids_in_the_chosen_language():
    result = run("describe", "determinant", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "words on screen (es" in result.output
    assert "watch: " in result.output and "title: " in result.output
    es = words.translations("es")[("determinant.watch", catalog.get("determinant").messages()["determinant.watch"])]
    assert f"watch: {es}" in result.output


def test_inspect_prints_the_captions_with_the_languages_numbers():
    result = run("inspect", "determinant", "--lang", "de", "--set", "matrix=[[2.5,0],[0,1]]")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["params"]["lang"] == "de"
    texts = [c["text"] for c in data["captions"]]
    assert any("2,5" in t for t in texts), texts
    assert not any("2.5" in t for t in texts), texts
    assert [c["id"] for c in data["captions"]][0] == "determinant.watch"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--lang", "xx"], "parameter 'lang': unknown language 'xx'; available: en (English)"),
        (["--set", "captions.bogus=hello"], "parameter 'captions.bogus': no such caption"),
        (["--set", "captions.watch=see {oops}"], "parameter 'captions.watch': unknown placeholder {oops}"),
        (["--set", "title=ᚠᚢᚦ"], "parameter 'title': no installed font draws 'ᚠ' (U+16A0)"),
    ],
)
def test_bad_words_are_refused_before_anything_is_written(tmp_path, args, says):
    if "title=ᚠᚢᚦ" in args and fonts.coverage(fonts.FONT) is None:
        pytest.skip("fontconfig is not installed")
    out = tmp_path / "out"
    line = one_error_line(run("render", "determinant", "-q", "l", "-o", out, *args))
    assert says in line
    assert not out.exists() or stray_files(out) == []


def test_a_lesson_sets_the_language_per_lesson_and_per_clip(tmp_path):
    from intuition import lessons

    lesson = tmp_path / "l.toml"
    lesson.write_text(
        '[lesson]\nlang = "es"\n\n[[clip]]\nscene = "determinant"\n\n'
        '[[clip]]\nscene = "determinant"\nlang = "fr"\n[clip.captions]\nwatch = "Regardez le carré."\n'
    )
    loaded = lessons.load(lesson)
    assert [c.params.lang for c in loaded.clips] == ["es", "fr"]
    assert dict(loaded.clips[1].params.captions) == {"determinant.watch": "Regardez le carré."}
    assert lessons.load(lesson, {"lang": "de"}).clips[0].params.lang == "de"  # --lang wins over the file


def test_a_lesson_with_an_unknown_language_names_the_file(tmp_path):
    from intuition import lessons
    from intuition.errors import LessonError

    lesson = tmp_path / "l.toml"
    lesson.write_text('[lesson]\nlang = "xx"\n')
    with pytest.raises(LessonError, match=r"l.toml: \[lesson\]: key 'lang': unknown language 'xx'"):
        lessons.load(lesson)


def test_the_gallery_track_carries_the_clips_language(tmp_path, monkeypatch):
    import production.rendering
    from production import RenderRequest, render, write_gallery

    def fake(job, scene_class, media_dir, progress, *_):
        main = Path(media_dir) / f"clip{job.suffix}"
        main.write_bytes(job.key.encode() * 8)
        vtt = Path(media_dir) / "captions.vtt"
        vtt.write_text("WEBVTT\n")
        return ({job.suffix: main, ".vtt": vtt}, {"duration": 2.0, "lang": job.params.lang, "captions": [],
                                                  "width": 854, "height": 480, "fps": 15})

    monkeypatch.setattr(production.rendering, "_render_into", fake)
    out = tmp_path / "media"
    assert render(RenderRequest(scenes=("determinant",), sets=("lang=zh_Hans",), quality="l", out_dir=out)).ok
    page = write_gallery(out)[0].read_text()
    assert 'srclang="zh-Hans" label="简体中文"' in page
    assert 'srclang="en"' not in page


# --- real renders ------------------------------------------------------------------------


def _srt(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.render
def test_a_spanish_storyboard_has_spanish_captions_and_subtitles(tmp_path):
    result = run("render", "determinant", "--lang", "es", "-f", "storyboard", "-q", "l", "--draft", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    manifest = json.loads(next(tmp_path.glob("determinant/*.json")).read_text())
    assert manifest["lang"] == "es"
    es = words.translations("es")
    english = catalog.get("determinant").messages()
    import re

    for cue in manifest["captions"]:
        assert cue["text"] != english[cue["id"]]
        spanish = es[(cue["id"], english[cue["id"]])]
        pattern = "".join(".+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{\w+\})", spanish))
        assert re.fullmatch(pattern, cue["text"]), (cue["text"], spanish)
    srt_files = list(tmp_path.glob("determinant/*.srt"))
    if srt_files:  # a storyboard keeps the video's subtitles when it writes them
        assert manifest["captions"][0]["text"] in _srt(srt_files[0])


@pytest.mark.render
def test_a_caption_override_from_set_and_from_a_lesson_lands_in_the_subtitles(tmp_path):
    out = tmp_path / "out"
    said = "Mirad el cuadrado: {det} es el determinante."
    result = run("render", "determinant", "-q", "l", "--draft", "-o", out, "--lang", "es",
                 "--set", "matrix=[[2.5,0],[0,1]]", "--set", f"captions.scales_square={said}")
    assert result.exit_code == 0, result.output
    srt = _srt(next(out.glob("determinant/*.srt")))
    assert "Mirad el cuadrado: 2,5 es el determinante." in srt

    lesson = tmp_path / "lesson.toml"
    lesson.write_text(
        '[lesson]\nlang = "fr"\n\n[[clip]]\nscene = "determinant"\n'
        '[clip.captions]\nwatch = "Regardez bien ce carré."\n'
    )
    result = run("render", "--config", lesson, "-q", "l", "--draft", "-o", tmp_path / "lesson-out")
    assert result.exit_code == 0, result.output
    srt = _srt(next((tmp_path / "lesson-out").glob("determinant/*.srt")))
    assert "Regardez bien ce carré." in srt
    fr_grid = words.translations("fr")[("determinant.grid", catalog.get("determinant").messages()["determinant.grid"])]
    assert fr_grid.split()[0] in srt


@pytest.mark.render
def test_a_chinese_frame_draws_its_caption_in_the_cjk_font(tmp_path):
    """The caption's glyphs are real strokes: many small dark/light transitions, not a row of hollow boxes."""
    import numpy as np
    from PIL import Image

    result = run("render", "determinant", "--lang", "zh_Hans", "-f", "png", "-q", "l", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    frame = np.asarray(Image.open(next(tmp_path.glob("determinant/*[0-9a-f].png"))).convert("L"), dtype=float)
    band = frame[int(frame.shape[0] * 0.9):, :]  # the caption's band at the bottom
    ink = band > 128
    assert ink.mean() > 0.01, "no caption drawn"
    # tofu is a few rectangles: each row crosses few edges; ideographs cross many
    edges = np.abs(np.diff(ink.astype(int), axis=1)).sum(axis=1)
    assert edges.max() > 60, edges.max()
