"""Numbers in formulas and number panels: a power of ten past a million and under 10⁻⁴, never a row
of digits off the frame (issue 14, item 5). The formatter in milliseconds, one scene built."""

from __future__ import annotations

import math
import re

import pytest
from manim import MathTex, MathTypst, tempconfig

from scenes import style


@pytest.mark.parametrize(
    ("x", "typst", "latex"),
    [
        (0.0, "0", "0"),
        (2.0, "2", "2"),
        (-0.5, "-0.5", "-0.5"),
        (1.333, "1.33", "1.33"),
        (999999.0, "999999", "999999"),
        (1e6, "1 times 10^(6)", r"1 \times 10^{6}"),
        (2.206268329211577e64, "2.21 times 10^(64)", r"2.21 \times 10^{64}"),
        (-3.3280048846894243e171, "-3.33 times 10^(171)", r"-3.33 \times 10^{171}"),
        (9.9999e9, "1 times 10^(10)", r"1 \times 10^{10}"),  # the mantissa rounds up to 10: one more power
        (3e-5, "3 times 10^(-5)", r"3 \times 10^{-5}"),
        (-1.25e-7, "-1.25 times 10^(-7)", r"-1.25 \times 10^{-7}"),
        (0.003, "0.003", "0.003"),  # would read 0 at 2 decimals: two significant digits
        (1e-16, "0", "0"),  # round-off reads 0, not 1 × 10^-16
        (-1e-17, "0", "0"),
        (math.inf, "infinity", r"\infty"),
        (-math.inf, "-infinity", r"-\infty"),
        (math.nan, '"undefined"', r"\text{undefined}"),
    ],
)
def test_fmt_writes_big_and_tiny_numbers_as_powers_of_ten(x, typst, latex):
    assert style.fmt(x, typesetter="typst") == typst
    assert style.fmt(x, typesetter="latex") == latex


def test_fmt_follows_the_current_typesetter():
    assert style.typesetter() == "typst"
    assert style.fmt(5e7) == "5 times 10^(7)"
    assert style.fmt_typst(5e7) == "5 times 10^(7)"
    assert style.matrix_math  # matrix and vector rows spell each typesetter's own form
    assert style.digits(12345678.0) == "12345678"  # words keep plain digits (no math markup)


def test_every_spelling_typesets(tmp_path):
    """The Typst forms compile (a bare ``undefined`` in Typst math is an unknown variable)."""
    with tempconfig({"media_dir": str(tmp_path), "verbosity": "ERROR"}):
        for x in (3.2e64, -1.5e-9, math.inf, -math.inf, math.nan):
            assert MathTypst(style.fmt(x, typesetter="typst")).width > 0


def test_number_readout_switches_to_a_power_of_ten_and_back(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "verbosity": "ERROR"}):
        n = style.number(2.5)
        plain = n.width
        n.set_value(3.3e171)
        assert len(n.submobjects) == 1 and n.submobjects[0].typst_code.strip("$ ") == "3.3 times 10^(171)"
        assert n.width < 3 * plain  # not 172 digits
        n.set_value(math.inf)
        assert n.submobjects[0].typst_code.strip("$ ") == "infinity"
        n.set_value(-1.5)
        assert len(n.submobjects) == 5  # "-", "1", ".", "5", "0" one by one again, as DecimalNumber draws
        n.set_value(1e-7)  # small readouts keep their decimals: a value sliding through 0 does not flash 10^-7
        assert [sub.typst_code.strip("$ ") for sub in n.submobjects] == ["0", ".", "0", "0"]


def test_power_of_ten_keeps_latex_form_for_mathtex():
    assert not issubclass(MathTypst, MathTex)
    assert style.power_of_ten("1.2", 7, "latex") == r"1.2 \times 10^{7}"
    assert style.mantissa_exponent(-0.000123) == ("-1.23", -4)


# --- a scene where the numbers are astronomically large ------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


@pytest.mark.render
def test_derivative_of_a_triple_exponential_keeps_every_number_in_the_frame():
    scene = build_scene("derivative", f="exp(exp(exp(x)))", x_range=[0, 100])
    assert_scene_ok(scene)
    m = scene.model
    assert m.derivative > 1e60
    shown = [mob.typst_code for mob in scene.get_mobject_family_members() if isinstance(mob, MathTypst)]
    assert any(f"= {style.fmt(m.derivative, 3)}" in code for code in shown)
    rows_of_digits = [code for code in shown if re.search(r"\d{9,}", code)]
    assert not rows_of_digits, rows_of_digits
