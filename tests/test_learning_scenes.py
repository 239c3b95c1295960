"""svd-compression and bayesian-optimisation: built without video for the defaults and every edge case
(frame fit, no label overlap, pictures inside the frame and clear of the words, what the captions say),
and bad input through the CLI (exit 2, one line naming the parameter)."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from manim import ImageMobject

from intuition import catalog
from intuition.compression import generated_picture
from scene_checks import assert_scene_ok, build_scene, labels
from scenes.style import fmt

# --- helpers ----------------------------------------------------------------------------


def said(scene) -> str:
    return " ".join(c.text for c in scene.captions)


def pictures(scene) -> list[ImageMobject]:
    return [m for m in scene.mobjects if isinstance(m, ImageMobject)]


def box(mob) -> tuple[float, float, float, float]:
    return mob.get_left()[0], mob.get_right()[0], mob.get_bottom()[1], mob.get_top()[1]


def overlap(a, b, tol: float = 0.01) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[2], b[2]) > tol


def assert_pictures_ok(scene) -> None:
    """ImageMobjects are not VMobjects, so scene_checks does not see them: the same two checks for them."""
    w, h = scene.checked_frame
    imgs = pictures(scene)
    for img in imgs:
        x0, x1, y0, y1 = box(img)
        assert -w / 2 <= x0 and x1 <= w / 2 and -h / 2 <= y0 and y1 <= h / 2, f"picture outside the frame: {box(img)}"
        for lab in labels(scene):
            assert not overlap(box(img), box(lab)), f"a label lies on a picture: {getattr(lab, 'text', lab)!r}"
    for i, a in enumerate(imgs):
        for b in imgs[i + 1:]:
            assert not overlap(box(a), box(b)), "two pictures overlap"


def assert_length(scene, lo: float = 15, hi: float = 30) -> None:
    assert lo <= scene.time <= hi, f"the video lasts {scene.time:.1f} s"


@pytest.fixture(scope="module")
def pictures_dir(tmp_path_factory):
    from PIL import Image

    d = tmp_path_factory.mktemp("pictures")
    Image.fromarray(np.full((40, 60), 128, np.uint8)).save(d / "flat.png")
    Image.fromarray(np.zeros((40, 60), np.uint8)).save(d / "black.png")
    y, x = np.mgrid[0:300, 0:450] / 300
    img = (0.5 + 0.3 * np.sin(6 * x) * np.cos(4 * y) + 0.1 * np.random.default_rng(0).standard_normal(x.shape))
    rgb = (np.stack([img, img**2, 1 - img], -1).clip(0, 1) * 255).astype(np.uint8)
    Image.fromarray(rgb).save(d / "photo.jpg")
    Image.fromarray((np.random.default_rng(1).uniform(0, 1, (100, 30)) * 255).astype(np.uint8)).save(d / "tall.png")
    Image.fromarray((generated_picture(128)[:16] * 255).astype(np.uint8)).save(d / "strip.png")  # 16 x 128
    (d / "notes.png").write_text("these are words, not pixels\n")
    return d


# --- svd-compression ---------------------------------------------------------------------


def test_svd_compression_defaults():
    scene = build_scene("svd-compression")
    assert_scene_ok(scene)
    assert_pictures_ok(scene)
    assert_length(scene)
    m = scene.model
    assert len(pictures(scene)) == 1 + len(m.rebuilds)
    text = said(scene)
    assert "72 rows × 96 columns = 6,912" in text
    for r in m.rebuilds:
        # the numbers said are the model's
        assert f"k = {r.k}: {r.numbers_stored:,} numbers instead of 6,912" in text
        assert f"{100 * r.energy_kept:.1f}% of the energy" in text
    assert "A few big singular values carry most of the picture." in text
    assert "top k squared singular values added up, over all of them" in text


@pytest.mark.render
@pytest.mark.parametrize(
    ("picture", "values", "says"),
    [
        ("flat.png", {"ks": [1, 3]}, ["one flat shade: its rank is 1", "k = 3 is past the rank (1)"]),
        ("black.png", {"ks": [1, 2]}, ["all black: every singular value is 0", "as black as the picture"]),
        ("photo.jpg", {"ks": [1, 2, 3, 5, 10, 40]}, ["in grayscale and shrunk from 300 × 450", "no saving"]),
        ("tall.png", {"ks": [1, 10, 29]}, ["96 × 29"]),
        ("strip.png", {"ks": [1, 4, 12]}, ["shrunk from 16 × 128"]),
    ],
)
def test_svd_compression_of_a_file(pictures_dir, picture, values, says):
    scene = build_scene("svd-compression", image=str(pictures_dir / picture), **values)
    assert_scene_ok(scene)
    assert_pictures_ok(scene)
    text = said(scene)
    for words in says:
        assert words in text
    assert len(scene.captions) >= 6


@pytest.mark.render
@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"ks": [1, 63, 70], "log_scale": False}, ["k = 70 is past the rank (63)", "more than the 6,912 pixels"]),
        ({"size": 16, "ks": [1, 5, 12]}, ["12 rows × 16 columns = 192"]),
        ({"size": 128, "ks": [1, 2, 4, 8, 16, 96]}, ["96 rows × 128 columns"]),
        ({"ks": [3]}, ["k = 3: 507 numbers"]),
    ],
)
def test_svd_compression_edge_cases(values, says):
    scene = build_scene("svd-compression", **values)
    assert_scene_ok(scene)
    assert_pictures_ok(scene)
    for words in says:
        assert words in said(scene)


@pytest.mark.render
def test_svd_compression_pictures_are_crisp_and_are_the_models():
    scene = build_scene("svd-compression", ks=[2])
    original, rebuilt = pictures(scene)
    np.testing.assert_array_equal(original.get_pixel_array()[:, :, 0], scene.model.original)
    np.testing.assert_array_equal(rebuilt.get_pixel_array()[:, :, 0], scene.model.rebuilds[0].pixels)
    from manim.mobject.types.image_mobject import RESAMPLING_ALGORITHMS

    assert original.resampling_algorithm == RESAMPLING_ALGORITHMS["nearest"]


# --- bayesian-optimisation -----------------------------------------------------------------


def test_bayesian_optimisation_defaults():
    scene = build_scene("bayesian-optimisation")
    assert_scene_ok(scene)
    assert_length(scene)
    m = scene.model
    text = said(scene)
    assert f"With the same {len(m.xs)} tries, Bayesian optimisation found {fmt(m.best_y, 3)}" in text
    assert f"random search only {fmt(m.random_best_y, 3)}" in text
    assert m.best_y > 0.98 * m.true_best_y > m.random_best_y  # the default tells the story it should
    for r in range(m.rounds):
        assert f"Round {r + 1}: EI peaks at x = " in text
    assert "Bayesian optimisation tries next where a good result is most likely" in text
    # every try is drawn where the model put it
    assert len(scene.dots) == len(m.xs)


@pytest.mark.render
@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"objective": "0.5"}, ["on a flat f nothing can improve", "f is flat: every try gives 0.5"]),
        ({"objective": "(x - 0.3)**2", "goal": "minimise", "rounds": 3}, ["the lowest point", "go below"]),
        ({"seed": 15}, ["Here random search got lucky"]),
        ({"objective": "sin(3*x) + 0.3*x", "x_range": [-3, 3], "length_scale": 0.8, "rounds": 8,
          "initial_points": 5}, ["the search has settled"]),
        ({"objective": "1000*sin(x)", "x_range": [-100, 100], "length_scale": 5, "rounds": 2, "initial_points": 1},
         ["1 random try"]),
        ({"objective": "-x**2", "x_range": [-0.001, 0.001], "length_scale": 0.0005}, ["Round 4"]),
    ],
)
def test_bayesian_optimisation_edge_cases(values, says):
    scene = build_scene("bayesian-optimisation", **values)
    assert_scene_ok(scene)
    for words in says:
        assert words in said(scene)


# --- bad input through the CLI -------------------------------------------------------------


def cli_error(*args) -> str:
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "names", "fragment"),
    [
        (["svd-compression", "--set", "ks=[1, 200]"], "'ks'", "1 to 6 whole numbers"),
        (["svd-compression", "--set", "ks=[1, 80]"], "'ks'", "rank is 63"),
        (["svd-compression", "--set", "ks=[0]"], "'ks'", ""),
        (["svd-compression", "--set", "ks=lots"], "'ks'", ""),
        (["svd-compression", "--set", "size=4"], "'size'", ""),
        (["svd-compression", "--set", "image=/no/such/picture.png"], "'image'", "no such file"),
        (["svd-compression", "--set", "log_scale=maybe"], "'log_scale'", ""),
        (["bayesian-optimisation", "--set", "objective=import os"], "'objective'", ""),
        (["bayesian-optimisation", "--set", "objective=log(x)", "--set", "x_range=[-1, 1]"], "'objective'",
         "undefined"),
        (["bayesian-optimisation", "--set", "x_range=[1, 0]"], "'x_range'", ""),
        (["bayesian-optimisation", "--set", "length_scale=0"], "'length_scale'", ""),
        (["bayesian-optimisation", "--set", "length_scale=100"], "'length_scale'", "1/100 to 10 times"),
        (["bayesian-optimisation", "--set", "rounds=20"], "'rounds'", ""),
        (["bayesian-optimisation", "--set", "noise=-1"], "'noise'", ""),
        (["bayesian-optimisation", "--set", "xi=nan"], "'xi'", ""),
        (["bayesian-optimisation", "--set", "goal=sideways"], "'goal'", ""),
        (["bayesian-optimisation", "--set", "objective=exp(exp(x))", "--set", "x_range=[0, 5]"], "'objective'", ""),
    ],
)
def test_bad_input_is_one_line_naming_the_parameter(args, names, fragment):
    line = cli_error(*args)
    assert names in line and fragment in line


def test_a_file_that_is_not_an_image_is_one_line(pictures_dir):
    line = cli_error("svd-compression", "--set", f"image={pictures_dir / 'notes.png'}")
    assert "'image'" in line and "not an image" in line


def test_k_past_a_files_size_names_its_size(pictures_dir):
    line = cli_error("svd-compression", "--set", f"image={pictures_dir / 'tall.png'}", "--set", "ks=[1, 30]")
    assert "'ks'" in line and "96 x 29" in line


def test_inspect_prints_every_on_screen_number():
    import json

    from render import cli

    out = json.loads(CliRunner().invoke(cli, ["inspect", "svd-compression"], catch_exceptions=False).output)
    assert [r["k"] for r in out["rebuilds"]] == [1, 2, 5, 20]
    assert {"energy_kept", "numbers_stored", "numbers_full", "saving"} <= set(out["rebuilds"][0])
    out = json.loads(CliRunner().invoke(cli, ["inspect", "bayesian-optimisation"], catch_exceptions=False).output)
    assert len(out["xs"]) == out["initial"] + out["rounds"]
    assert catalog.get("bayesian-optimisation").params.model_fields["rounds"].default == out["rounds"]


def test_bayesian_optimisation_in_a_tall_frame_gives_the_charts_what_the_readouts_leave():
    scene = build_scene("bayesian-optimisation", aspect="9:16")
    assert_scene_ok(scene)
    left, right, bottom, top = scene.panel_box
    # the readouts fill their box below the picture: no band of empty frame above the caption
    assert 0 <= scene.panel.get_bottom()[1] - bottom < 0.6, (scene.panel.get_bottom()[1], bottom)
    # the two charts take the height the readouts leave, the EI chart a third of it
    content = scene.content_top - scene.content_bottom
    charts_height = scene.top.height + scene.bottom.height
    assert charts_height > 0.6 * content, (charts_height, content)
    assert scene.bottom.height > 0.25 * charts_height


@pytest.mark.parametrize("aspect", ["1:1", "9:16"])
def test_stacked_the_ei_chart_shares_the_top_charts_x_numbers(aspect):
    """Below the picture's numbers the EI chart repeated them: in a square frame that room (0.35 units)
    is the top chart's, whose 0..1 was 1.0 unit high."""
    from manim import VMobject

    scene = build_scene("bayesian-optimisation", aspect=aspect)
    assert_scene_ok(scene)
    lines = [m for m in scene.bottom_ticks if type(m).__name__ == "Line"]
    assert lines and all(isinstance(m, VMobject) and type(m).__name__ == "Line" for m in scene.bottom_ticks)
    assert len([m for m in scene.top_ticks if type(m).__name__ != "Line"]) >= 5  # the top chart's numbers stay
    if aspect == "1:1":
        assert scene.top.height >= 1.2, scene.top.height
