"""Machine learning scenes (learning: compression, optimisation): their parameters and the models behind them."""

from __future__ import annotations

from intuition.catalog import SceneSpec

FAMILY = "machine learning"

SCENES: list[SceneSpec] = []
