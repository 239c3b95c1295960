"""Themes as data: every word readable in every theme, the teacher's own theme and colours."""

from __future__ import annotations

import pytest
from test_new_user import run

from intuition import catalog, themes
from intuition.errors import ParameterError
from production import RenderRequest, plan


def wcag_contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast, computed here again from the definition (not with the module's helper)."""

    def lum(h: str) -> float:
        out = []
        for i in (1, 3, 5):
            c = int(h[i : i + 2], 16) / 255
            out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_matches_known_values():
    assert wcag_contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert themes.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic AA near-miss
    assert themes.contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("palette", themes.PALETTES)
@pytest.mark.parametrize("theme", themes.THEMES)
def test_every_text_colour_meets_wcag_aa_on_its_background(theme, palette):
    c = themes.colours(theme, palette)
    for role in themes.TEXT_ROLES:
        assert wcag_contrast(c[role], c["background"]) >= 4.5, (theme, palette, role, c[role])
    for colour in c["series"]:
        assert wcag_contrast(colour, c["background"]) >= 4.5, (theme, palette, "series", colour)


@pytest.mark.parametrize("theme", themes.THEMES)
def test_every_theme_names_every_colour(theme):
    c = themes.colours(theme)
    assert set(themes.ROLES) <= set(c)
    assert len(c["series"]) >= 5
    assert set(themes.builtin(theme)["okabe-ito"]) == set(themes.PALETTE_ROLES) | {"series"}


def test_the_okabe_ito_palette_changes_the_semantic_colours_only():
    plain, safe = themes.colours("dark"), themes.colours("dark", "okabe-ito")
    assert plain["background"] == safe["background"] and plain["text"] == safe["text"]
    assert all(plain[r] != safe[r] for r in ("i_hat", "positive", "highlight"))


def test_a_colour_override_wins_and_is_checked():
    params = catalog.get("determinant").build({"colors": {"positive": "#0072b2"}})
    assert dict(params.colors) == {"positive": "#0072B2"}
    assert themes.colours(params.theme, params.palette, dict(params.colors))["positive"] == "#0072B2"
    with pytest.raises(ParameterError, match="unknown colour 'pink'; the colours are: background, text"):
        catalog.get("determinant").build({"colors": {"pink": "#FF00FF"}})
    with pytest.raises(ParameterError, match="colors.text must be a colour like #1B1F27"):
        catalog.get("determinant").build({"colors": {"text": "red"}})


def test_a_teachers_theme_file_builds_on_a_shipped_one(tmp_path):
    own = tmp_path / "sepia.toml"
    own.write_text('base = "light"\nbackground = "#FDF6E3"\npositive = "#005F87"\n')
    c = themes.colours(str(own))
    assert c["background"] == "#FDF6E3" and c["positive"] == "#005F87"
    assert c["text"] == themes.colours("light")["text"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("background = ", "is not valid TOML"),
        ("background = " + "[" * 5000 + "]" * 5000, "nested thousands deep"),
        ('base = "sepia"\n', "base must be one of dark, light, high-contrast"),
        ('backgroud = "#FFFFFF"\n', "unknown key 'backgroud'; allowed: base, background"),
        ('text = "black"\n', "text must be a colour like #1B1F27 (got 'black')"),
    ],
)
def test_a_bad_theme_file_is_one_line_naming_what_is_wrong(tmp_path, body, says):
    own = tmp_path / "mine.toml"
    own.write_text(body)
    with pytest.raises(ParameterError) as err:
        catalog.get("determinant").build({"theme": str(own)})
    assert "parameter 'theme'" in str(err.value) and says in str(err.value)


def test_the_theme_files_bytes_are_in_the_key(tmp_path):
    own = tmp_path / "mine.toml"
    own.write_text('base = "light"\n')
    request = RenderRequest(scenes=("determinant",), sets=(f"theme='{own}'",), out_dir=tmp_path / "out")
    first = plan(request).jobs[0].key
    own.write_text('base = "light"\npositive = "#005F87"\n')
    assert plan(request).jobs[0].key != first
    assert plan(RenderRequest(scenes=("determinant",), sets=("theme=light",))).jobs[0].key != first


def test_theme_and_palette_flags_and_their_errors(tmp_path):
    ok = plan(RenderRequest(scenes=("determinant",), sets=("theme='high-contrast'", "palette=okabe-ito")))
    assert ok.jobs[0].params.theme == "high-contrast" and ok.jobs[0].params.palette == "okabe-ito"
    result = run("render", "determinant", "--theme", "sepia", "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert "parameter 'theme': must be one of dark, light, high-contrast" in result.stderr
    assert not (tmp_path / "o").exists()
    result = run("render", "determinant", "--palette", "rainbow", "-o", tmp_path / "o")
    assert result.exit_code == 2 and "parameter 'palette': must be one of default, okabe-ito" in result.stderr


@pytest.mark.render
def test_a_colour_override_shows_in_the_rendered_frame(tmp_path):
    import numpy as np
    from PIL import Image

    def pixels_near(colour: tuple[int, int, int], sets: list[str]) -> int:
        out = tmp_path / "_".join(sets).replace("#", "").replace("=", "-").replace(".", "-")
        args = ["render", "determinant", "-f", "png", "-q", "l", "-o", out]
        for s in sets:
            args += ["--set", s]
        result = run(*args)
        assert result.exit_code == 0, result.output
        frame = np.asarray(Image.open(next(out.glob("determinant/*[0-9a-f].png"))).convert("RGB"), dtype=int)
        return int((np.abs(frame - np.array(colour)).sum(axis=2) < 30).sum())

    assert pixels_near((0, 255, 0), ["colors.positive=#00FF00"]) > 200  # the shape's edge and the area readout
    assert pixels_near((0, 255, 0), []) == 0


@pytest.mark.render
def test_a_light_theme_frame_has_a_light_page_and_dark_words(tmp_path):
    import numpy as np
    from PIL import Image

    result = run("render", "determinant", "--theme", "light", "-f", "png", "-q", "l", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    frame = np.asarray(Image.open(next(tmp_path.glob("determinant/*[0-9a-f].png"))).convert("L"), dtype=int)
    assert np.median(frame) > 230  # the page
    title_band = frame[: frame.shape[0] // 10]
    assert (title_band < 80).mean() > 0.01  # the title's dark ink


def test_no_scene_keeps_a_colour_from_before_the_theme_is_chosen():
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "tools"))
    from theme_lint import early_colours

    assert early_colours(sorted((ROOT / "scenes").rglob("*.py"))) == []
