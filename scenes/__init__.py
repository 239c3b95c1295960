"""Manim scene classes, one package per topic family.

Importing this package does not import manim: scene classes load on first use,
so ``from scenes import MatrixTransform`` works, and so does the CLI's
``list`` without paying for manim's import.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # Scene classes are CamelCase; anything else (``from scenes import output``
    # asks here first) must not pay for importing the catalog.
    if not name[:1].isupper():
        raise AttributeError(f"module 'scenes' has no attribute {name!r}")
    from intuition import catalog

    for spec in catalog.SCENES.values():
        if spec.class_name == name:
            return spec.load_class()
    raise AttributeError(f"module 'scenes' has no attribute {name!r}")


def __dir__() -> list[str]:
    from intuition import catalog

    return sorted(spec.class_name for spec in catalog.SCENES.values())
