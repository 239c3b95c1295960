"""chain-rule and backprop: the CLI's numbers and bad input, and the scenes built without video."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from render import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# --- inspect: what the issue asks to be printed ------------------------------------------


def test_inspect_chain_rule_matches_finite_difference_and_symbolic():
    result = run("inspect", "chain-rule", "--set", "x0=0.5")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    x0, h = 0.5, 1e-5
    f = lambda x: np.sin(3 * x) ** 2  # noqa: E731  the default chain, composed by hand
    fd = (f(x0 + h) - f(x0 - h)) / (2 * h)
    assert np.prod(out["local_derivatives"]) == pytest.approx(out["product"], rel=1e-12)
    assert out["total_derivative"] == pytest.approx(fd, rel=1e-6)
    assert out["total_derivative"] == pytest.approx(3 * np.sin(6 * x0), rel=1e-9)  # d/dx sin^2(3x) = 3 sin 6x
    assert out["product"] == pytest.approx(out["total_derivative"], rel=1e-9)


def test_inspect_backprop_prints_the_issue_fields():
    result = run("inspect", "backprop")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"activations", "loss", "gradients", "updated_loss"} <= set(out)
    assert set(out["gradients"]) == {"W1", "b1", "W2", "b2"}
    assert out["updated_loss"] < out["loss"]


@pytest.mark.parametrize(
    ("sets", "key"),
    [
        (["layers=[2]"], "layers"),
        (["activation=softmax"], "activation"),
        (["input=[1,2,3]"], "input"),
        (["weights=[[[1,2]],[[1]]]"], "weights"),
        (["layers=[2,2,1]", "weights=[[[1,2],[3,4],[5,6]],[[1,1,1]]]"], "weights"),
        (['chain=["3*x","__import__(x)"]'], "chain"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_parameter(sets, key):
    scene = "chain-rule" if key == "chain" else "backprop"
    result = run("inspect", scene, *[a for s in sets for a in ("--set", s)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and f"'{key}'" in lines[0], result.output


# --- the scenes, built without writing video (at most ~12 builds) ----------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


@pytest.mark.render
@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "rates multiply"),
        ({"chain": ["x - 1", "abs(x)"], "x0": 1}, "corner"),
        ({"chain": ["x - 2", "log(x)", "x**2"], "x0": 1}, "not defined"),
        (
            {
                "chain": ["exp(-x**2/2) + sin(3*x)*x", "tanh(x)", "3*x - 1", "sigmoid(x)", "x**3 + 2*x**2 - 5*x + 1"],
                "x0": -7.3,
            },
            "rates multiply",
        ),
    ],
)
def test_chain_rule_scene_fits_and_tells_the_truth(params, says):
    scene = build_scene("chain-rule", **params)
    assert_scene_ok(scene)
    assert says in " ".join(c.text for c in scene.captions)
    if scene.model.broken_at < 0:
        # one multiplier per box, each the model's local derivative
        assert len(scene.bars) == len(scene.model.links) + 1


@pytest.mark.parametrize(("aspect", "lang"), [("1:1", "en"), ("1:1", "de"), ("16:9", "en")])
def test_a_narrow_box_puts_its_slope_word_over_the_rule(aspect, lang):
    """In one row of a square frame a box is about 1 unit wide: 'slope cos(x)' side by side shrank
    to a line 0.15 high. There the word goes over the rule, each fitted on its own."""
    from manim import Text

    from scenes import style

    scene = build_scene("chain-rule", aspect=aspect, lang=lang)
    assert_scene_ok(scene)
    assert scene.slope_below == (aspect == "1:1")
    for box, name, rule_row in scene.boxes:
        word = next(m for m in rule_row.get_family() if isinstance(m, Text))
        assert word.font_size >= 0.75 * (style.SMALL_SIZE - 4), (lang, word.text, word.font_size)
        assert rule_row.height >= 0.3 if scene.slope_below else rule_row.height < 0.3
        assert name.get_bottom()[1] > rule_row.get_top()[1]  # the name above, apart
        for part in (name, rule_row):
            assert box.get_left()[0] < part.get_left()[0] and part.get_right()[0] < box.get_right()[0]
            assert box.get_bottom()[1] < part.get_bottom()[1] and part.get_top()[1] < box.get_top()[1]


def test_backprop_default_2_3_1_labels_every_edge_without_overlap():
    scene = build_scene("backprop", layers=[2, 3, 1])
    assert_scene_ok(scene)
    m = scene.model
    assert len(scene.labelled) == 9  # every weight of a 2-3-1 network gets its label
    # the edge labels say what the model says: gradients, then the updated weights
    for (layer, i, j), label in scene.g_labels.items():
        assert label[1].typst_code.strip("$ ") == typst_number(m.weight_gradients[layer][i, j])
        new_label = scene.new_w_labels[(layer, i, j)][1]
        assert new_label.typst_code.strip("$ ") == typst_number(m.updated_weights[layer][i, j])
    assert "fell" in scene.captions[-1].text


def typst_number(x) -> str:
    from scenes.backprop.network import typst_number as spelled

    return spelled(float(x))


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {"activation": "tanh", "layers": [3, 6, 6, 2]},
        {"activation": "relu", "layers": [6, 2, 6, 6, 1]},
        {"activation": "identity", "loss": "cross-entropy", "target": [0], "steps": 25},
    ],
)
def test_backprop_each_activation_and_widest_networks_fit(params):
    scene = build_scene("backprop", **params)
    assert_scene_ok(scene)
    if scene.model.steps > 1:
        assert "Repeat the step" in scene.captions[-1].text or "did not improve" in scene.captions[-1].text


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {"activation": "identity", "learning_rate": 10, "steps": 50},
        # the very first step sends the loss to ~1e19: numbers in scientific form, no curve to draw
        {"layers": [6, 6, 6, 6, 1], "activation": "identity", "input": [10] * 6, "learning_rate": 10, "steps": 5},
    ],
)
def test_backprop_divergence_is_said_not_hidden(params):
    scene = build_scene("backprop", **params)
    assert_scene_ok(scene)
    assert scene.model.diverged
    assert "too big" in scene.captions[-1].text
