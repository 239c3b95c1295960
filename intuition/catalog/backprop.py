"""Scenes of the backprop family: parameters and math models (filled in by its issue)."""

from __future__ import annotations

from intuition.catalog import SceneSpec  # noqa: F401

SCENES: list[SceneSpec] = []
