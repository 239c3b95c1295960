"""The scene kit: everything a teacher needs to write a scene of her own, in one place.

Import from here, not from the modules behind it (they may move)::

    from scenes.kit import IntuitionScene, SceneParams, SceneSpec, PlaneStage, param, style

A complete example is ``examples/softmax.py`` (render it with
``python render.py render examples/softmax.py:Softmax -q l``); the
guide is "Write your own scene" in CONTRIBUTING.md. The blocks:

**The scene and its entry**

- :class:`IntuitionScene`: the base class. ``self.params`` and ``self.model``
  are ready before ``construct``; ``self.show_title()``; ``self.caption(text)``
  shows a caption and writes it to the subtitles; ``content_top`` /
  ``content_bottom`` bound the picture between title and caption.
  Subclass a catalog scene to change its numbers or its storyboard::

      class Shear(MatrixTransform):
          matrix = [[1, 1], [0, 1]]

- :class:`SceneSpec`: a new scene's entry (name, title, concept, family,
  parameters, model), set as ``spec = SceneSpec(...)`` on the class.
- :class:`SceneParams` and :func:`param`: typed parameters with help and
  bounds; field types :data:`Vector2`, :data:`Matrix2`, :data:`Color`,
  :data:`Flag`, :data:`Caption`, rules :func:`number_rule`,
  :func:`integer_rule`, :func:`one_of`, :func:`expression_rule`::

      class MyParams(SceneParams):
          a: Vector2 = param((3.0, 1.0), "the first vector", allowed="2 numbers, -10..10")

**Look** (:mod:`style`): the palette (``style.TEXT``, ``style.I_HAT``,
``style.HIGHLIGHT``...), ``style.text("words")``, ``style.math("a dot b",
r"a \\cdot b")`` (Typst, and the LaTeX spelling), ``style.number(2.5)``,
``style.matrix_math(rows)``, ``style.vector_math(values)``, ``style.fmt(x)``.

**Layout**: :func:`place_labels` puts labels beside their anchors without
overlaps; :func:`clamp_into` keeps a mobject inside the frame;
:func:`panel_group` stacks readout rows in the right-hand panel.

**Pictures**: :class:`PlaneStage` fits a coordinate plane to the points a
scene must show (``stage.point((x, y))``, ``stage.arrow(vec, color)``,
``stage.line_through(direction, color)``, ``stage.background_plane()``);
:class:`PlaneMotion` moves the plane by a matrix with everything riding it;
charts (:func:`chart_axes`, :func:`bars`, :func:`curve`, :func:`area_under`)
and :class:`GraphBox` for function graphs and contours.

**Fades without copies**: :func:`quick_fade`.
"""

from __future__ import annotations

from intuition.catalog import SceneSpec
from intuition.params import (
    Caption,
    Color,
    Flag,
    Matrix2,
    SceneParams,
    Vector2,
    expression_rule,
    integer_rule,
    number_rule,
    one_of,
    param,
)
from scenes import style
from scenes.base import IntuitionScene, quick_fade
from scenes.calculus.graphing import GraphBox
from scenes.layout import clamp_into, place_labels
from scenes.plane import PlaneMotion, PlaneStage, panel_group
from scenes.probability.charts import area_under, bars, chart_axes, curve

__all__ = [
    "Caption",
    "Color",
    "Flag",
    "GraphBox",
    "IntuitionScene",
    "Matrix2",
    "PlaneMotion",
    "PlaneStage",
    "SceneParams",
    "SceneSpec",
    "Vector2",
    "area_under",
    "bars",
    "chart_axes",
    "clamp_into",
    "curve",
    "expression_rule",
    "integer_rule",
    "number_rule",
    "one_of",
    "panel_group",
    "param",
    "place_labels",
    "quick_fade",
    "style",
]
