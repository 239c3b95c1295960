"""Shared fixtures. The project root is importable (render.py lives there)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def stray_files(out: Path) -> list[Path]:
    """What a failed or interrupted render left in ``out``, apart from the shared caches
    (``.cache``: typeset SVGs, each put in place whole; ``.requests``: finished commands)."""
    out = Path(out)
    return [p for p in out.rglob("*") if not {".cache", ".requests"} & set(p.relative_to(out).parts)]


# --- scheduling: which tests run together on one pytest-xdist worker ----------------------
#
# Scene builds are the slow units of the suite (1-30 s each). pyproject asks for
# ``--dist loadgroup``; the scheduler below (``pytest_xdist_make_scheduler``) replaces
# xdist's: with pytest 9.2 its ``xdist_group`` marks silently stop grouping (pytest-xdist
# issue #1386: it renames the test's nodeid, which no longer takes effect). The groups
# here come from the test files' source, read with ``ast``, and from the nodeid alone:
#
# - a test function whose body calls ``build_scene("name", ...)`` is a group of its own,
#   so the builds spread over both workers;
# - a test function parametrized over ``scene`` (ids are scene names:
#   tests/test_every_scene_builds.py, tests/test_bad_params.py) joins, for each scene,
#   the group of the first function that builds that scene: that function usually builds
#   the defaults too, and scene_checks.build_scene hands back that build, and one
#   scene's cached walk stays in one process;
# - everything else is grouped by its file, as ``--dist loadfile`` does (module fixtures
#   and caches stay in one process).
#
# The collection is reordered so that each group's tests are adjacent (also without
# xdist) and the groups that build scenes come first, largest first, so the two workers
# end together. Only the schedule depends on this: a wrong guess costs time, never a result.

import ast  # noqa: E402
import re  # noqa: E402
from functools import cache  # noqa: E402

import pytest  # noqa: E402

_BUILDS = re.compile(r"""build_scene\(\s*["']([\w.-]+)["']""")
SCENE_GROUP = "scene:"


@cache
def _functions(path: Path) -> dict[str, tuple[str | None, bool]]:
    """Each test function of a file: (the scene its body builds or None, parametrized over ``scene``)."""
    try:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError):
        return {}
    out = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.name.startswith("test"):
            continue
        found = _BUILDS.search(ast.get_source_segment(source, node) or "")
        over_scene = any(
            isinstance(d, ast.Call)
            and getattr(d.func, "attr", "") == "parametrize"
            and d.args
            and isinstance(d.args[0], ast.Constant)
            and d.args[0].value == "scene"
            for d in node.decorator_list
        )
        out[node.name] = (found.group(1) if found else None, over_scene)
    return out


@cache
def _first_builders(tests_dir: Path) -> dict[str, str]:
    """scene -> the group of the first test function (files and functions in order) that builds it."""
    first: dict[str, str] = {}
    for path in sorted(tests_dir.glob("test_*.py")):
        for func, (scene, _) in _functions(path).items():
            if scene is not None:
                first.setdefault(scene, f"{SCENE_GROUP}{scene}:{path.name}::{func}")
    return first


def group_of(nodeid: str) -> str:
    """The group of one test, from its nodeid (``tests/test_x.py::test_f[ids]``)."""
    file, _, rest = nodeid.partition("::")
    func, _, ids = rest.partition("[")
    path = ROOT / file
    if path.parent != ROOT / "tests" or "::" in func:
        return "file:" + file
    scene, over_scene = _functions(path).get(func, (None, False))
    if scene is not None:
        return f"{SCENE_GROUP}{scene}:{path.name}::{func}"
    if over_scene and ids:
        name = ids.rstrip("]")
        return _first_builders(path.parent).get(name, f"{SCENE_GROUP}{name}")
    return "file:" + file


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: absent with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist", None) != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SceneGroupScheduling(LoadScopeScheduling):
        """LoadScope with the scopes of ``group_of``."""

        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return SceneGroupScheduling(config, log)


@pytest.hookimpl(trylast=True)  # after deselection
def pytest_collection_modifyitems(config, items):
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(group_of(item.nodeid), []).append(item)
    order = sorted(groups, key=lambda g: (0, -len(groups[g])) if g.startswith(SCENE_GROUP) else (1, 0))
    items[:] = [item for g in order for item in groups[g]]


@pytest.fixture(autouse=True)
def english_between_tests():
    """Words answer in English when a test starts: a scene built in another language
    leaves its words active (as it should while it is built), and a test that reads
    a caption function directly expects English."""
    from intuition import words

    words.use(words.Words())
    yield
