"""Numbers in formulas and readouts take the language's decimal sign, as the captions do: a German
frame shows "−1,5" in its caption and "−1,50" in its readout, never one of each. The sign is
Babel's (``intuition.words.decimal_sign``); English stays as it always was."""

from __future__ import annotations

import re

import pytest
from babel.numbers import get_decimal_symbol
from manim import MathTypst, tempconfig

from intuition import words
from intuition.words import LANGUAGES, babel_locale
from scenes import style


@pytest.fixture
def german():
    words.use(words.Words("de"))
    yield
    words.use(words.Words())


def glyphs(readout) -> list[str]:
    """The characters a Typst readout drew, one per submobject."""
    return [sub.typst_code.strip("$ ") for sub in readout.submobjects]


@pytest.fixture
def media(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "verbosity": "ERROR"}):
        yield


# --- fmt: the spelling in each typesetter ----------------------------------------------------


def test_german_fmt_writes_a_decimal_comma_that_is_part_of_the_number(german):
    # a bare "," is math punctuation (a space after it; in Typst's vec(...) it splits the entry)
    assert style.fmt(-1.5, typesetter="latex") == "-1{,}5"
    assert style.fmt(-1.5, typesetter="typst") == '-1class("normal", ",")5'
    assert style.fmt(1234.5, typesetter="latex") == "1234{,}5"  # no digit grouping in math
    assert style.fmt(2.3e7, typesetter="latex") == r"2{,}3 \times 10^{7}"  # the mantissa too
    assert style.fmt(2.3e7, typesetter="typst") == '2class("normal", ",")3 times 10^(7)'
    assert style.fmt(3.0, typesetter="latex") == "3"
    assert style.power_of_ten("1.2", 7, "latex") == r"1.2 \times 10^{7}".replace(".", "{,}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_uses_babels_decimal_sign_in_math(lang):
    words.use(words.Words(lang))
    sign = get_decimal_symbol(babel_locale(lang))
    for typesetter in ("typst", "latex"):
        shown = style.fmt(-1.25, typesetter=typesetter)
        if sign == ".":
            assert shown == "-1.25"
        else:
            assert "." not in shown and sign in shown
            assert shown == "-1" + style.math_decimal_sign(typesetter) + "25"
        assert style.matrix_math  # (matrices are built from fmt: the same sign)


def test_english_math_is_unchanged():
    assert words.active().lang == "en"
    assert style.fmt(-1.5, typesetter="typst") == style.fmt(-1.5, typesetter="latex") == "-1.5"
    assert style.fmt(2.3e7, typesetter="typst") == "2.3 times 10^(7)"
    assert style.list_separator("typst") == style.list_separator("latex") == ","
    assert style.math_digits("0.0031") == "0.0031"


def test_coordinates_are_separated_by_a_semicolon_where_the_comma_is_the_decimal_sign(german):
    assert style.list_separator("latex") == ";"
    assert style.list_separator("typst") == r"\;"  # escaped: inside f(...) a bare ; starts a row
    words.use(words.Words("zh_Hans"))
    assert style.list_separator("typst") == ","


def test_the_typst_comma_sits_like_a_point_and_keeps_vec_entries_whole(german, media):
    comma = MathTypst(style.fmt(1.5, typesetter="typst")).width
    point = MathTypst("1.5").width
    punctuation = MathTypst("1,5").width  # Typst's thin space after a comma
    assert abs(comma - point) < 0.25 * (punctuation - point)
    two = MathTypst(f"vec({style.fmt(1.5, typesetter='typst')}, 2)").height
    assert two == pytest.approx(MathTypst("vec(1.5, 2)").height, rel=0.05)  # two rows, not three


# --- readouts (DecimalNumber) ----------------------------------------------------------------


def test_a_german_readout_shows_a_comma_through_set_value(german, media):
    n = style.number(2.5)
    assert glyphs(n) == ["2", ",", "5", "0"]
    width = n.width
    n.set_value(-1.5)
    assert glyphs(n) == ["-", "1", ",", "5", "0"]
    n.set_value(7.25)
    assert glyphs(n) == ["7", ",", "2", "5"]
    assert n.width == pytest.approx(width, abs=0.05)  # no jump between values of one length
    digit, comma = n.submobjects[0], n.submobjects[1]
    assert comma.get_left()[0] >= digit.get_right()[0] - 1e-6  # glyphs one after another, no overlap
    assert comma.get_bottom()[1] < digit.get_bottom()[1]  # a comma hangs below the line, as it should
    n.set_value(1234.5)
    assert "".join(glyphs(n)) == "1234,50"  # no digit grouping
    n.set_value(3.3e171)
    assert glyphs(n) == [style.fmt(3.3e171, typesetter="typst")]  # the mantissa: 3,3 × 10^171


def test_a_readout_keeps_the_sign_of_the_language_it_was_made_in(german, media):
    n = style.number(0.5)
    words.use(words.Words())  # another scene's words later in the process
    n.set_value(0.25)
    assert "".join(glyphs(n)) == "0,25"


def test_an_english_readout_is_unchanged(media):
    n = style.number(-1.5)
    assert glyphs(n) == ["-", "1", ".", "5", "0"]
    n.set_value(1234.5)
    assert "".join(glyphs(n)) == "1,234.50"  # DecimalNumber's own grouping, as before


def test_german_chart_ticks_have_a_comma_and_stay_where_they_were(media):
    from scenes.probability import charts

    def ticks():
        axes = charts.chart_axes((0, 1), (0, 1), width=4, height=3)
        return {float(n.number): n for n in axes.y_axis.numbers}

    english = ticks()
    words.use(words.Words("de"))
    try:
        german = ticks()
    finally:
        words.use(words.Words())
    shown = {x: "".join(glyphs(n)) for x, n in german.items()}
    assert any("," in s for s in shown.values()) and not any("." in s for s in shown.values()), shown
    for x, n in german.items():
        assert n[0].get_center() == pytest.approx(english[x][0].get_center(), abs=1e-6)


def test_german_ticks_in_thousands_have_no_english_grouping_comma(media, german):
    """manim writes 1,000, which a German reads as 1: the ticks read 1000, centred on their ticks."""
    from scenes.probability import charts

    axes = charts.chart_axes((0, 4000), (0, 1), width=6, height=3)
    shown = {float(n.number): "".join(glyphs(n)) for n in axes.x_axis.numbers}
    assert shown[1000.0] == "1000" and shown[4000.0] == "4000", shown
    for n in axes.x_axis.numbers:
        assert n.get_center()[0] == pytest.approx(axes.x_axis.n2p(n.number)[0], abs=0.02)


# --- one scene built in German ---------------------------------------------------------------


@pytest.mark.render
def test_the_german_dot_product_writes_its_formulas_and_readout_with_commas():
    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("dot-product", lang="de", a=[1.5, 0.5], b=[-1, 2])
    assert_scene_ok(scene)
    codes = [mob.typst_code for mob in scene.get_mobject_family_members() if isinstance(mob, MathTypst)]
    assert any('class("normal", ",")' in code for code in codes)
    points = [code for code in codes if re.search(r"\d\.\d", code)]
    assert not points, points
