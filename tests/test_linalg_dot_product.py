"""dot-product: the model against numpy and plain trigonometry, the scene built for its
edge cases (no video), and bad input through the CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition.linalg import dot_product
from render import cli
from scene_checks import assert_scene_ok, build_scene

entries = st.floats(min_value=-10, max_value=10, allow_nan=False) | st.integers(-3, 3).map(float)
vectors = st.lists(entries, min_size=2, max_size=2).map(np.array)


@settings(max_examples=150, deadline=None)
@given(vectors, vectors, st.floats(-10, 10))
def test_dot_product_matches_numpy_and_trigonometry(a, b, bias):
    if np.linalg.norm(a) < 1e-6:
        return
    m = dot_product(a, b, bias)
    assert m.dot == pytest.approx(float(np.dot(a, b)), abs=1e-9)
    assert m.products[0] + m.products[1] == pytest.approx(m.dot, abs=1e-9)
    # the shadow: |a| times it is the dot product, and it ends on a's line
    assert m.shadow * np.linalg.norm(a) == pytest.approx(np.dot(a, b), abs=1e-9)
    px, py = m.shadow_point
    assert a[0] * py - a[1] * px == pytest.approx(0, abs=1e-7)
    assert m.neuron_output == pytest.approx(np.dot(a, b) + bias, abs=1e-9)
    if np.linalg.norm(b) < 1e-9:
        assert m.angle_degrees is None and m.sweep_zero_crossings == ()
        return
    cos = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
    assert m.angle_degrees == pytest.approx(math.degrees(math.acos(max(-1.0, min(1.0, cos)))), abs=1e-6)
    # turning b by each crossing makes it perpendicular to a; by the opposite turn, antiparallel
    for turn in m.sweep_zero_crossings:
        c, s = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        turned = np.array([c * b[0] - s * b[1], s * b[0] + c * b[1]])
        assert float(np.dot(a, turned)) == pytest.approx(0, abs=1e-6 * max(1, np.linalg.norm(a) * np.linalg.norm(b)))
        assert m.dot_after_turn(turn) == pytest.approx(0, abs=1e-6 * max(1, m.length_a * m.length_b))
    assert m.dot_after_turn(m.sweep_opposite_turn) == pytest.approx(-m.length_a * m.length_b)
    assert m.dot_after_turn(0) == pytest.approx(m.dot, abs=1e-9)


@pytest.mark.render
@pytest.mark.parametrize("params", [
    {},
    {"b": [-1.0, 3.0]},  # perpendicular: zero
    {"b": [-3.0, -1.0]},  # opposite
    {"b": [0.0, 0.0]},  # no direction: no sweep
    {"a": [-10.0, 10.0], "b": [10.0, -10.0], "bias": -10.0},
    {"a": [0.2, 0.0], "b": [0.0, 0.1], "sweep": False, "neuron": False},
])
def test_dot_product_scene_builds_and_fits(params):
    assert_scene_ok(build_scene("dot-product", **params))


def test_sign_is_said_in_words():
    assert dot_product((3, 1), (-1, 3)).sign == "zero"
    assert dot_product((3, 1), (-3, -1)).sign == "negative"
    assert dot_product((3, 1), (1, 2)).sign == "positive"


@pytest.mark.parametrize(("assignment", "fragment"), [
    ("a=[0,0]", "parameter 'a': must not be the zero vector"),
    ("b=[1,2,3]", "parameter 'b': must be a vector of 2 numbers"),
    ("bias=20", "parameter 'bias'"),
])
def test_bad_input_is_one_line(assignment, fragment):
    result = CliRunner().invoke(cli, ["inspect", "dot-product", "--set", assignment])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


@pytest.mark.render
@pytest.mark.parametrize("b", [[-1.0, 3.0], [1.0, -3.0], [-3.0, -1.0], [1.0, 2.0], [0.5, -3.0], [-1.5, 2.8]])
def test_the_turn_says_each_step_once(b):
    """b perpendicular at the start (either side), opposite, or ahead: every caption of the turn once,
    "perpendicular again" only after a first "turn b around: where they are perpendicular"."""
    ids = [c.id for c in build_scene("dot-product", a=[3.0, 1.0], b=b).captions]
    assert len(ids) == len(set(ids)), ids
    again = [i for i in ids if i.startswith("dot-product.perpendicular_again")]
    if again:
        assert "dot-product.perpendicular" in ids[:ids.index(again[0])], ids
        # past the second crossing the product has the sign it had where b started
        started = float(np.dot([3.0, 1.0], b))
        assert again == ["dot-product.perpendicular_again" if started > 0 else
                         "dot-product.perpendicular_again_negative"], (b, ids)
