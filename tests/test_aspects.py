"""Aspect ratios: the quality gives the short side, the scene's frame keeps 8 units on it."""

from __future__ import annotations

import av
import pytest
from test_new_user import one_error_line, run

from intuition.aspects import ASPECTS, aspect_of, check_aspect, frame_units, pixel_size


@pytest.mark.parametrize(("aspect", "short", "size"), [
    ("16:9", 480, (854, 480)), ("9:16", 480, (480, 854)), ("1:1", 1080, (1080, 1080)), ("4:3", 480, (640, 480)),
    ("9:16", 1080, (1080, 1920)), ("4:3", 2160, (2880, 2160)),
])
def test_the_quality_gives_the_short_side(aspect, short, size):
    assert pixel_size(aspect, short) == size
    assert aspect_of(*size) == aspect
    w, h = frame_units(*size)
    assert min(w, h) == 8.0 and w / h == pytest.approx(size[0] / size[1])


def test_spellings_and_refusals():
    assert check_aspect("9x16") == check_aspect("9/16") == check_aspect(" 9:16 ") == "9:16"
    for bad in ("3:2", "", "16:10", 1.5, ["16", "9"], None):
        with pytest.raises(ValueError, match="16:9, 9:16, 1:1, 4:3"):
            check_aspect(bad)
    assert aspect_of(1000, 600) is None


def test_the_size_and_the_key_follow_the_aspect():
    from intuition import catalog
    from production.jobs import RenderJob

    spec = catalog.get("determinant")
    wide = RenderJob(scene="determinant", params=spec.build({}), quality="l", fmt="png")
    tall = RenderJob(scene="determinant", params=spec.build({"aspect": "9:16"}), quality="l", fmt="png")
    square = RenderJob(scene="determinant", params=spec.build({"aspect": "1:1"}), quality="h", fmt="png")
    assert (wide.size, tall.size, square.size) == ((854, 480), (480, 854), (1080, 1080))
    assert wide.key != tall.key
    # the aspect's own preset size given as --resolution is no option: the same clip, the same key
    same = RenderJob(scene="determinant", params=spec.build({"aspect": "9:16"}), quality="l", fmt="png",
                     resolution=(480, 854))
    assert same.key == tall.key


def test_a_bad_aspect_is_one_line_and_writes_nothing(tmp_path):
    line = one_error_line(run("render", "determinant", "--aspect", "3:2", "-q", "l", "-o", tmp_path))
    assert "aspect" in line and "16:9, 9:16, 1:1, 4:3" in line
    assert not any(tmp_path.iterdir())


def test_a_resolution_of_another_aspect_says_which_to_add(tmp_path):
    line = one_error_line(run("render", "determinant", "--resolution", "720x1280", "-o", tmp_path))
    assert "9:16" in line and "--aspect 9:16" in line
    assert not any(tmp_path.iterdir())


def test_a_lesson_sets_the_aspect_of_its_clips(tmp_path):
    from intuition import lessons

    path = tmp_path / "shorts.toml"
    path.write_text('[lesson]\naspect = "9:16"\n\n[[clip]]\nscene = "determinant"\n\n'
                    '[[clip]]\nscene = "inverse"\naspect = "1:1"\n')
    clips = lessons.load(path).clips
    assert [c.params.aspect for c in clips] == ["9:16", "1:1"]


def test_the_studio_form_offers_the_aspects():
    from production import scene_form

    (control,) = [c for c in scene_form("determinant") if c["name"] == "aspect"]
    assert control["control"] == "choice" and control["choices"] == list(ASPECTS)


def frame_size(path) -> tuple[int, int]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return s.codec_context.width, s.codec_context.height


@pytest.mark.render
@pytest.mark.parametrize(("aspect", "quality", "size"), [
    ("9:16", "l", (480, 854)), ("1:1", "h", (1080, 1080)), ("4:3", "l", (640, 480)),
])
def test_determinant_renders_in_each_aspect(tmp_path, aspect, quality, size):
    r = run("render", "determinant", "--aspect", aspect, "-q", quality, "-f", "png", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    (png,) = [p for p in (tmp_path / "determinant").glob("determinant-*.png") if ".poster" not in p.name]
    assert frame_size(png) == size


@pytest.mark.parametrize("name", ["bayesian-optimisation", "sampling", "regression", "distributions", "covariance",
                                  "mle"])
def test_a_tall_frame_leaves_no_empty_band_between_the_readouts_and_the_caption(name):
    """Below the charts of a 9:16 frame the readouts get the height they need: the charts take the
    rest, instead of a band of empty frame above the caption (2.6 units of it before)."""
    from scene_checks import assert_scene_ok, build_scene, visible_parts

    scene = build_scene(name, aspect="9:16")
    assert_scene_ok(scene)
    caption = set(scene._caption_mob.get_family())
    lowest = min(m.get_bottom()[1] for m in visible_parts(scene) if m not in caption)
    above = scene._caption_mob.get_top()[1]
    assert 0 <= lowest - above < 1.2, (lowest, above)


def _gap_above_the_caption(scene) -> float:
    from scene_checks import visible_parts

    caption = set(scene._caption_mob.get_family())
    lowest = min(m.get_bottom()[1] for m in visible_parts(scene) if m not in caption)
    return lowest - scene._caption_mob.get_top()[1]


@pytest.mark.parametrize("lang", ["en", "de", "zh_Hans"])
def test_a_square_frame_puts_bayes_numbers_beside_the_square(lang):
    """Bayes in 1:1: below the square, its seven rows sat in two columns shrunk to a median 13.8 (the
    smallest 11.9, the share label 10.6) and the square was 2.85 units. Beside it, in one column whose
    long rows wrap instead of shrinking, the rows are larger and so is the square."""
    import statistics

    from manim import Text

    from scene_checks import assert_scene_ok, build_scene

    scene = build_scene("bayes", aspect="1:1", lang=lang)
    assert_scene_ok(scene)
    assert scene.beside() and scene.side >= 3.0
    sizes = [t.font_size for r in scene.rows for t in r.get_family() if isinstance(t, Text)]
    assert min(sizes) >= 14.5 and statistics.median(sizes) >= 16.5, sizes
    assert scene.share_label.font_size >= 14.0
    square_right = scene.pt(1, 0)[0]
    assert all(r.get_left()[0] > square_right for r in scene.rows)  # one column, right of the square
    assert len({round(r.get_left()[0], 3) for r in scene.rows}) == 1


def test_the_panel_layout_is_the_one_fill_panel_makes():
    from manim import Rectangle

    from scenes import frame

    rows = [Rectangle(width=2.0, height=0.4) for _ in range(6)]
    # one column fits: no shrinking
    assert frame.panel_layout(rows, 5.0, 4.0, buff=0.2) == (1, 1.0, pytest.approx(6 * 0.4 + 5 * 0.2))
    # too tall for one: two columns of three, side by side, at full size
    columns, factor, used = frame.panel_layout(rows, 5.0, 2.0, buff=0.2)
    assert (columns, factor) == (2, 1.0) and used == pytest.approx(3 * 0.4 + 2 * 0.2)
    placed = frame.fill_panel(rows, (0.0, 5.0, -2.0, 0.0), buff=0.2)
    assert placed.height == pytest.approx(used) and placed.get_top()[1] == pytest.approx(0.0)
    assert rows[3].get_left()[0] == pytest.approx(2.0 + frame.COLUMN_GAP)
    # two columns too wide for the box shrink by its width; one column would shrink more
    columns, factor, used = frame.panel_layout(rows, 3.0, 2.0, buff=0.2)
    assert columns == 2 and factor == pytest.approx(3.0 / (4.0 + frame.COLUMN_GAP))


@pytest.mark.parametrize(("name", "lines"), [("mle", 1), ("bayes", 2)])
def test_a_one_line_title_keeps_a_one_line_band_in_a_square_frame(name, lines):
    """A tall or square frame keeps room for a two- or three-line title; a title on one line gives
    the picture that room back (as deep a band as in a wide frame)."""
    from manim import tempconfig

    from scene_checks import assert_scene_ok, build_scene
    from scenes import style

    scene = build_scene(name, aspect="1:1")
    assert_scene_ok(scene)
    title = scene._title_mob
    assert title[-1].lines == lines
    band = style.TITLE_BAND if lines == 1 else style.STACKED_TITLE_BAND
    with tempconfig({"frame_width": 8.0, "frame_height": 8.0}):  # the scene's frame (config is back to wide)
        assert style.title_band(title) == band
        assert style.title_band() == style.STACKED_TITLE_BAND  # before the title is known
    assert title.get_bottom()[1] >= 4.0 - band - 1e-6  # the title stays inside its band


def test_a_title_on_two_lines_in_a_wide_frame_keeps_the_deeper_band():
    """In 4:3 a long title wraps to two lines: it kept one line's band, and distributions' "mean"
    label sat under its second line."""
    from manim import tempconfig

    from scene_checks import assert_scene_ok, build_scene, labels
    from scenes import style

    scene = build_scene("distributions", aspect="4:3")
    assert_scene_ok(scene)
    title = scene._title_mob
    assert title[-1].lines == 2
    with tempconfig({"frame_width": scene.checked_frame[0], "frame_height": scene.checked_frame[1]}):
        assert style.title_band(title) == style.STACKED_TITLE_BAND
        assert style.title_band() == style.TITLE_BAND  # a wide frame, before the title is known
    own = set(map(id, title.get_family()))
    reaching = [getattr(m, "original_text", type(m).__name__) for m in labels(scene)
                if id(m) not in own and m.get_top()[1] > title.get_bottom()[1]]
    assert not reaching
