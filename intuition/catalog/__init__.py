"""The scene catalog: every scene's name, concept, parameters and math model.

This is what ``list``, ``describe`` and ``inspect`` read, and it never imports
manim: a scene class is named by a ``"module:Class"`` string and imported only
when something is rendered. Each topic module below holds its own ``SCENES``.

That string is a scene's only registration: the class finds its entry here
(:func:`spec_for_class`), so there is nothing on the class to keep in sync.
A teacher's own scene in her own file declares ``spec = SceneSpec(...)`` on
the class instead (``scene`` left empty) and is rendered as ``FILE.py:Class``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from intuition.errors import IntuitionError
from intuition.jsonable import to_jsonable
from intuition.params import SceneParams, validate_params

TOPIC_MODULES = ("linalg", "calculus", "backprop", "probability", "classifiers", "learning", "space")
FAMILIES = ("linear algebra", "calculus", "backprop", "probability", "machine learning")


@dataclass(frozen=True)
class SceneSpec:
    name: str  # CLI name, e.g. "matrix-transform"
    title: str  # shown on screen
    concept: str  # what it teaches, one line for ``list``
    family: str  # one of FAMILIES
    params: type[SceneParams]
    model: Callable[[Any], Any]  # params -> the math model (a dataclass)
    scene: str = ""  # "scenes.linear_algebra.determinant:Determinant", imported lazily

    @property
    def class_name(self) -> str:
        return self.scene.split(":")[1] if self.scene else ""

    @property
    def module(self) -> str:
        return self.scene.split(":")[0] if self.scene else ""

    @property
    def module_file(self) -> Path | None:
        """The scene's source file, found without importing it (nor manim)."""
        return _module_file(self.module) if self.scene else None

    def build(self, values: dict[str, Any] | None = None) -> SceneParams:
        params = validate_params(self.params, dict(values or {}), self.name)
        if params.captions:
            from intuition.words import resolve_overrides

            # short ids (watch) become full ones (determinant.watch): the key and manifest say one thing
            resolved = resolve_overrides(dict(params.captions), self.messages(), self.name)
            params = params.model_copy(update={"captions": tuple(sorted(resolved.items()))})
        return params

    def messages(self, source: Path | str | None = None) -> dict[str, str]:
        """id -> English of every word this scene can show (its title first), read from its source.

        ``source`` is the file of a class that is not the registered one (a teacher's subclass).
        """
        from intuition.codegraph import source_files
        from intuition.words import messages_in, scoped

        starts = [p for p in (source, self.module_file) if p]
        found = messages_in(source_files(*starts)) if starts else {}
        return {f"{self.name}.title": self.title, **scoped(found, self.name, SCENES)}

    def compute(self, params: SceneParams) -> Any:
        return self.model(params)

    def inspect(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON ``inspect`` prints: the parameters used and the model's numbers."""
        params = self.build(values)
        model = to_jsonable(self.compute(params))
        return {"scene": self.name, "params": to_jsonable(params.model_dump()), **model}

    def load_class(self):
        module, cls = self.scene.split(":")
        return getattr(importlib.import_module(module), cls)


def _collect() -> dict[str, SceneSpec]:
    out: dict[str, SceneSpec] = {}
    for topic in TOPIC_MODULES:
        module = importlib.import_module(f"intuition.catalog.{topic}")
        for spec in module.SCENES:
            if spec.name in out:
                raise RuntimeError(f"two scenes are called {spec.name!r}")
            out[spec.name] = spec
    return out


SCENES: dict[str, SceneSpec] = _collect()


def get(name: str) -> SceneSpec:
    try:
        return SCENES[name]
    except KeyError:
        by_class = {s.class_name: s for s in SCENES.values()}
        if name in by_class:
            return by_class[name]
        raise IntuitionError(f"unknown scene '{name}'; available: {', '.join(SCENES)}") from None


@cache
def _module_file(module: str) -> Path | None:
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return Path(found.origin).resolve() if found and found.origin else None


def registered_for(cls: type) -> SceneSpec | None:
    """The entry registering exactly ``cls`` (not a base of it), or None.

    Matched by module and class name, or by the file the class was defined in
    (``manim FILE.py Class`` loads a module under a name of its own).
    """
    by_source = {spec.scene: spec for spec in SCENES.values()}
    spec = by_source.get(f"{cls.__module__}:{cls.__qualname__}")
    if spec is not None:
        return spec
    module = sys.modules.get(cls.__module__)
    where = getattr(module, "__file__", None)
    if not where:
        return None
    where_path = Path(where).resolve()
    for spec in SCENES.values():
        if spec.class_name == cls.__qualname__ and spec.module_file == where_path:
            return spec
    return None


def spec_for_class(cls: type) -> SceneSpec | None:
    """The entry a scene class renders with: its own, or its nearest registered base's.

    A class may also carry ``spec = SceneSpec(...)`` itself (a teacher's new scene).
    """
    for klass in cls.__mro__:
        own = klass.__dict__.get("spec")
        if isinstance(own, SceneSpec):
            return own
        spec = registered_for(klass)
        if spec is not None:
            return spec
    return None
