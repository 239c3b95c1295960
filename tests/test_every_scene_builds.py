"""Every registered scene builds with its defaults, fits the frame and keeps its labels apart.

Parametrized over ``intuition.catalog.SCENES`` as it is when the tests run, so
a scene added to the catalog is built here without anyone writing a test, plus
every scene class in ``examples/*.py`` (a teacher's own file rendered as
``FILE.py:Class``, e.g. ``examples/softmax.py:Softmax``; found by reading the
files: a class that declares ``spec = ...`` or derives from a scene). A
registered scene whose class cannot be imported fails: the registration is
the promise that it renders.

conftest.py runs each of these on the worker that runs the first test
function building that scene (the ids are the scene names), which usually
builds the defaults too, and ``scene_checks.build_scene`` hands back that
build instead of making it again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intuition import catalog
from scene_checks import assert_caption_on_top, assert_fits_frame, assert_no_label_overlap, build_scene

ROOT = Path(__file__).resolve().parent.parent


def example_scenes() -> list[str]:
    """``examples/FILE.py:Class`` for every scene class in the example files (read, not imported)."""
    catalog_classes = {spec.class_name for spec in catalog.SCENES.values()}
    found = []
    for path in sorted((ROOT / "examples").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            assigned = [t for stmt in node.body if isinstance(stmt, ast.Assign) for t in stmt.targets]
            assigned += [stmt.target for stmt in node.body if isinstance(stmt, ast.AnnAssign)]
            declares_spec = any(isinstance(t, ast.Name) and t.id == "spec" for t in assigned)
            if declares_spec or bases & catalog_classes or any(b.endswith("Scene") for b in bases):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    return found


EXAMPLES = example_scenes()


def _params():
    for name in sorted(catalog.SCENES):
        yield pytest.param(name, id=name)
    for source in EXAMPLES:
        yield pytest.param(source, id=source)


def _load(scene: str):
    if ".py:" not in scene:
        return scene  # a catalog name: build_scene loads its class
    from production.sources import load_source
    from scenes.base import IntuitionScene

    cls = load_source(str(ROOT / scene))
    assert issubclass(cls, IntuitionScene), f"{scene} is not a scene"
    return cls


def test_there_is_something_to_build():
    assert len(catalog.SCENES) >= 19  # the scenes the project shipped with, at least
    assert all(spec.scene for spec in catalog.SCENES.values()), "every entry names its scene class"
    assert EXAMPLES, "examples/ has a scene of a teacher's own"


@pytest.mark.parametrize("scene", list(_params()))
def test_every_scene_builds_with_its_defaults(scene):
    built = build_scene(_load(scene))
    assert built.captions, f"{scene} says nothing: every scene states its plain-English reading"
    assert_fits_frame(built)
    assert_no_label_overlap(built)
    assert_caption_on_top(built)


def _in_languages():
    from intuition.words import LANGUAGES

    for name in sorted(catalog.SCENES):
        for lang in LANGUAGES:
            if lang != "en":  # English is the build above
                yield pytest.param(name, lang, id=f"{name}-{lang}")


@pytest.mark.render  # 26 scenes x 4 languages: the slower tier CI runs, not the fast one
@pytest.mark.parametrize(("scene", "lang"), list(_in_languages()))
def test_every_scene_builds_in_every_language(scene, lang):
    """Longer words (German, French) still fit and keep apart; no English is left on screen."""
    built = build_scene(scene, lang=lang)
    assert_fits_frame(built)
    assert_no_label_overlap(built)
    english = catalog.get(scene).messages()
    shown = {msg_id: text for msg_id, text in built.words.used.items() if msg_id in english}
    left = [i for i, text in shown.items() if text == english[i] and len(text.split()) >= 4]
    assert not left, f"{scene} in {lang} still says in English: {left}"


def _in_looks():
    """Every other aspect in the default theme, and every other theme in the default aspect.

    A theme holds colours only (``intuition.themes.ROLES``, checked when it is read), so a
    frame's layout is the same in every theme: the product of the two would build each
    layout three times over."""
    from intuition.aspects import ASPECTS
    from intuition.themes import THEMES

    for name in sorted(catalog.SCENES):
        looks = [("dark", a) for a in ASPECTS if a != "16:9"] + [(t, "16:9") for t in THEMES if t != "dark"]
        for theme, aspect in looks:
            yield pytest.param(name, theme, aspect, id=f"{name}-{theme}-{aspect}")


@pytest.mark.render  # 26 scenes x (3 aspects + 2 themes): the slower tier CI runs
@pytest.mark.parametrize(("scene", "theme", "aspect"), list(_in_looks()))
def test_every_scene_builds_in_every_theme_and_aspect(scene, theme, aspect):
    """In a tall or square frame the picture and its numbers re-flow: all inside the frame, apart."""
    built = build_scene(scene, theme=theme, aspect=aspect)
    w, h = built.checked_frame
    assert min(w, h) == pytest.approx(8.0)
    assert_fits_frame(built)
    assert_no_label_overlap(built)
