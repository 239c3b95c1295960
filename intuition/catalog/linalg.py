"""Linear algebra scenes: their parameters and the models behind them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, field_validator

from intuition import linalg
from intuition.params import (
    MAX_ENTRY,
    Caption,
    Color,
    Column,
    Flag,
    Matrix2,
    SceneParams,
    Vector2,
    csv_check,
    csv_param,
    integer_rule,
    number_rule,
    param,
)
from intuition.words import N_

if TYPE_CHECKING:
    from intuition.catalog import SceneSpec

MATRIX_HELP = "2x2 matrix written as rows, e.g. [[2,1],[1,2]]"
MATRIX_ALLOWED = "2x2, entries -10..10"


class MatrixTransformParams(SceneParams):
    matrix: Matrix2 = param(((2.0, 1.0), (1.0, 2.0)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    vector: Vector2 = param(
        (1.0, 2.0), "a vector that follows the transform", allowed="2 numbers, -10..10", kind="vector"
    )
    show_vector: Flag = param(True, "draw the chosen vector and its image")
    show_unit_square: Flag = param(True, "draw the unit square and its area readout (the determinant)")
    i_color: Color = param("#6cc04a", "colour of i-hat and the first column", allowed="manim name or #hex")
    j_color: Color = param("#e5534b", "colour of j-hat and the second column", allowed="manim name or #hex")
    title: Caption = param("", "title override; empty uses the scene's own")


def _matrix_transform_model(p: MatrixTransformParams) -> linalg.MatrixTransform:
    return linalg.matrix_transform(p.matrix, p.vector)


# --- determinant ---------------------------------------------------------------------


def _check_shape(value: Any) -> tuple[tuple[float, float], ...]:
    """3 to 12 corners [[x, y], ...] enclosing some area; empty means the unit square."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if value in ("", (), [], None):
        return linalg.UNIT_SQUARE
    msg = "must be 3 to 12 corners written as [[x, y], ...], like [[0,0],[2,0],[1,1]]"
    if not isinstance(value, (list, tuple)) or not 3 <= len(value) <= 12:
        raise ValueError(msg)
    corners = []
    for pt in value:
        if not isinstance(pt, (list, tuple)) or len(pt) != 2:
            raise ValueError(msg)
        for v in pt:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"corners must be finite numbers (got {v!r})")
            if abs(v) > MAX_ENTRY:
                raise ValueError(f"corner coordinates must lie between -{MAX_ENTRY:g} and {MAX_ENTRY:g}")
        corners.append((float(pt[0]), float(pt[1])))
    if abs(linalg.shoelace_area(corners)) < 1e-6:
        raise ValueError("the corners enclose no area; give a polygon like [[0,0],[2,0],[1,1]]")
    return tuple(corners)


Shape = Annotated[tuple[tuple[float, float], ...], BeforeValidator(_check_shape)]


class DeterminantParams(SceneParams):
    matrix: Matrix2 = param(((1.5, 1.0), (0.5, 2.0)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    shape: Shape = param(
        (),
        "the shape whose area is tracked, as corners [[x,y],...]; empty = unit square",
        allowed="3-12 corners, -10..10, enclosing some area",
        kind="points",
    )
    title: Caption = param("", "title override; empty uses the scene's own")


def _determinant_model(p: DeterminantParams) -> linalg.Determinant:
    return linalg.determinant(p.matrix, p.shape)


# --- inverse --------------------------------------------------------------------------


class InverseParams(SceneParams):
    matrix: Matrix2 = param(((2.0, 1.0), (1.0, 1.0)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    vector: Vector2 = param(
        (1.0, 1.0),
        "a vector sent out by A and brought back by the inverse",
        allowed="2 numbers, -10..10",
        kind="vector",
    )
    title: Caption = param("", "title override; empty uses the scene's own")


def _inverse_model(p: InverseParams) -> linalg.Inverse:
    return linalg.inverse(p.matrix, p.vector)


# --- composition ---------------------------------------------------------------------


class CompositionParams(SceneParams):
    matrix_a: Matrix2 = param(
        ((0.0, -1.0), (1.0, 0.0)), "A, applied second: " + MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix"
    )
    matrix_b: Matrix2 = param(
        ((1.0, 1.0), (0.0, 1.0)), "B, applied first: " + MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix"
    )
    vector: Vector2 = param((1.0, 1.0), "a vector that follows both moves", allowed="2 numbers, -10..10", kind="vector")
    show_ba: Flag = param(True, "also apply BA (A first, then B) to show that order matters")
    title: Caption = param("", "title override; empty uses the scene's own")


def _composition_model(p: CompositionParams) -> linalg.Composition:
    return linalg.composition(p.matrix_a, p.matrix_b, p.vector)


# --- eigenvectors --------------------------------------------------------------------


class EigenvectorsParams(SceneParams):
    matrix: Matrix2 = param(((3.0, 1.0), (0.0, 2.0)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    title: Caption = param("", "title override; empty uses the scene's own")


def _eigen_model(p: EigenvectorsParams) -> linalg.Eigen:
    return linalg.eigen(p.matrix)


# --- svd -----------------------------------------------------------------------------


class SVDParams(SceneParams):
    matrix: Matrix2 = param(((1.0, 2.0), (0.0, 1.5)), MATRIX_HELP, allowed=MATRIX_ALLOWED, kind="matrix")
    title: Caption = param("", "title override; empty uses the scene's own")


def _svd_model(p: SVDParams) -> linalg.SVD:
    return linalg.svd(p.matrix)


# --- pca -----------------------------------------------------------------------------


class PCAParams(SceneParams):
    n_points: Annotated[int, integer_rule(3, 400)] = param(80, "how many points the generator draws", allowed="3..400")
    correlation: Annotated[float, number_rule(-1, 1)] = param(
        0.8, "correlation of the generated x and y", allowed="-1..1"
    )
    x_spread: Annotated[float, number_rule(0, 5)] = param(2.0, "standard deviation of the generated x", allowed="0..5")
    y_spread: Annotated[float, number_rule(0, 5)] = param(1.2, "standard deviation of the generated y", allowed="0..5")
    seed: Annotated[int, integer_rule(0, 2**31 - 1)] = param(
        7, "random seed: the same seed draws the same cloud", allowed="0..2147483647"
    )
    x_column: Column = param("", "CSV column for x: header name or number from 1; empty = first column")
    y_column: Column = param("", "CSV column for y: header name or number from 1; empty = second column")
    csv: Caption = csv_param("a CSV file of points (two numeric columns); empty = use the seeded generator")
    standardise: Flag = param(
        False, "divide each column by its standard deviation first, so columns in unlike units"
        " (square feet, dollars) count alike"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    csv_has_two_numeric_columns = csv_check(linalg.read_points_csv, "x_column", "y_column")


def _pca_model(p: PCAParams) -> linalg.PCA:
    if p.csv:
        return linalg.pca(linalg.read_points_csv(p.csv, p.x_column, p.y_column), source=p.csv,
                          standardised=p.standardise)
    cloud = linalg.generate_cloud(p.n_points, p.correlation, p.seed, p.x_spread, p.y_spread)
    return linalg.pca(cloud, standardised=p.standardise)


# --- dot product ----------------------------------------------------------------------------


class DotProductParams(SceneParams):
    a: Vector2 = param((3.0, 1.0), "the first vector; also the neuron's weights (not zero)",
                       allowed="2 numbers, -10..10", kind="vector")
    b: Vector2 = param((1.0, 2.0), "the second vector; also the neuron's inputs", allowed="2 numbers, -10..10",
                       kind="vector")
    bias: Annotated[float, number_rule(-10, 10)] = param(0.5, "the neuron's bias, added to w . x", allowed="-10..10")
    sweep: Flag = param(True, "turn b once around to show the sign change at 90 degrees")
    neuron: Flag = param(True, "end with a neuron computing its weighted sum as a dot product")
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("a")
    @classmethod
    def a_has_a_direction(cls, a: tuple[float, float]) -> tuple[float, float]:
        if math.hypot(*a) < linalg.EPS:
            raise ValueError("must not be the zero vector (it has no direction for b to cast a shadow on)")
        return a


def _dot_product_model(p: DotProductParams) -> linalg.DotProduct:
    return linalg.dot_product(p.a, p.b, p.bias)


def _specs() -> list[SceneSpec]:
    from intuition.catalog import SceneSpec

    return [
        SceneSpec(
            name="matrix-transform",
            title=N_("matrix-transform.title", "A matrix moves the whole plane"),
            concept="vectors and matrices: the columns are where the basis arrows land",
            family="linear algebra",
            params=MatrixTransformParams,
            model=_matrix_transform_model,
            scene="scenes.linear_algebra.matrix_transform:MatrixTransform",
        ),
        SceneSpec(
            name="determinant",
            title=N_("determinant.title", "The determinant scales area"),
            concept="determinant: how much a matrix scales area, and whether it flips the plane",
            family="linear algebra",
            params=DeterminantParams,
            model=_determinant_model,
            scene="scenes.linear_algebra.determinant:Determinant",
        ),
        SceneSpec(
            name="inverse",
            title=N_("inverse.title", "The inverse undoes the matrix"),
            concept="inverse: the transform that takes everything back, when one exists",
            family="linear algebra",
            params=InverseParams,
            model=_inverse_model,
            scene="scenes.linear_algebra.inverse:Inverse",
        ),
        SceneSpec(
            name="composition",
            title=N_("composition.title", "Multiplying matrices: one move after another"),
            concept="composition: AB means apply B, then A; the order matters",
            family="linear algebra",
            params=CompositionParams,
            model=_composition_model,
            scene="scenes.linear_algebra.composition:Composition",
        ),
        SceneSpec(
            name="eigenvectors",
            title=N_("eigenvectors.title", "Eigenvectors stay on their own line"),
            concept="eigenvectors and eigenvalues: directions a matrix only stretches",
            family="linear algebra",
            params=EigenvectorsParams,
            model=_eigen_model,
            scene="scenes.linear_algebra.eigenvectors:Eigenvectors",
        ),
        SceneSpec(
            name="svd",
            title=N_("svd.title", "SVD: turn, stretch, turn"),
            concept="singular value decomposition: every matrix is a rotation, a stretch and a rotation",
            family="linear algebra",
            params=SVDParams,
            model=_svd_model,
            scene="scenes.linear_algebra.svd:SVD",
        ),
        SceneSpec(
            name="pca",
            title=N_("pca.title", "PCA: the direction the data spreads most"),
            concept="principal component analysis: the axes of a data cloud's spread",
            family="linear algebra",
            params=PCAParams,
            model=_pca_model,
            scene="scenes.linear_algebra.pca:PCA",
        ),
        SceneSpec(
            name="dot-product",
            title=N_("dot-product.title", "The dot product: length times shadow"),
            concept="dot product: how much two vectors point the same way; a neuron's weighted sum",
            family="linear algebra",
            params=DotProductParams,
            model=_dot_product_model,
            scene="scenes.linear_algebra.dot_product:DotProduct",
        ),
    ]


SCENES = _specs()
