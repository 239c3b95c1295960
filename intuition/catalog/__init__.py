"""The scene catalog: every scene's name, concept, parameters and math model.

This is what ``list``, ``describe`` and ``inspect`` read, and it never imports
manim: a scene class is named by a ``"module:Class"`` string and imported only
when something is rendered. Each topic module below holds its own ``SCENES``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from intuition.errors import IntuitionError
from intuition.jsonable import to_jsonable
from intuition.params import SceneParams, validate_params

TOPIC_MODULES = ("linalg", "calculus", "backprop", "probability")
FAMILIES = ("linear algebra", "calculus", "backprop", "probability")


@dataclass(frozen=True)
class SceneSpec:
    name: str  # CLI name, e.g. "matrix-transform"
    title: str  # shown on screen
    concept: str  # what it teaches, one line for ``list``
    family: str  # one of FAMILIES
    params: type[SceneParams]
    model: Callable[[Any], Any]  # params -> the math model (a dataclass)
    scene: str  # "scenes.linear_algebra:MatrixTransform", imported lazily

    @property
    def class_name(self) -> str:
        return self.scene.split(":")[1]

    def build(self, values: dict[str, Any] | None = None) -> SceneParams:
        return validate_params(self.params, dict(values or {}), self.name)

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


def spec_for_class(class_name: str) -> SceneSpec:
    for spec in SCENES.values():
        if spec.class_name == class_name:
            return spec
    raise KeyError(class_name)
