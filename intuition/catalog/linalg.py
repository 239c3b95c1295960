"""Linear algebra scenes: their parameters and the models behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intuition import linalg
from intuition.params import Caption, Color, Flag, Matrix2, SceneParams, Vector2, param

if TYPE_CHECKING:
    from intuition.catalog import SceneSpec

MATRIX_HELP = "2x2 matrix written as rows, e.g. [[2,1],[1,2]]"
MATRIX_ALLOWED = "2x2, entries -10..10"


class MatrixTransformParams(SceneParams):
    matrix: Matrix2 = param(((2.0, 1.0), (1.0, 2.0)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    vector: Vector2 = param((1.0, 2.0), "a vector that follows the transform", allowed="2 numbers, -10..10", kind="vector")
    show_vector: Flag = param(True, "draw the chosen vector and its image")
    show_unit_square: Flag = param(True, "draw the unit square and its area readout (the determinant)")
    i_color: Color = param("#6cc04a", "colour of i-hat and the first column", allowed="manim name or #hex")
    j_color: Color = param("#e5534b", "colour of j-hat and the second column", allowed="manim name or #hex")
    title: Caption = param("", "title override; empty uses the scene's own")


def _matrix_transform_model(p: MatrixTransformParams) -> linalg.MatrixTransform:
    return linalg.matrix_transform(p.matrix, p.vector)


def _specs() -> list[SceneSpec]:
    from intuition.catalog import SceneSpec

    return [
        SceneSpec(
            name="matrix-transform",
            title="A matrix moves the whole plane",
            concept="vectors and matrices: the columns are where the basis arrows land",
            family="linear algebra",
            params=MatrixTransformParams,
            model=_matrix_transform_model,
            scene="scenes.linear_algebra.matrix_transform:MatrixTransform",
        ),
    ]


SCENES = _specs()
