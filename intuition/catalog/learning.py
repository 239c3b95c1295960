"""Machine learning scenes (learning: compression, optimisation): their parameters and the models behind them.

svd-compression reads a teacher's picture (``image``, a file parameter) or
draws its own; the k list is checked against the picture's size once the
picture is known. bayesian-optimisation takes a formula in x (the project's
safe parser) that must be defined across ``x_range``.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator, ValidationInfo, field_validator, model_validator

from intuition import compression
from intuition import gaussian_process as gp
from intuition.catalog import SceneSpec
from intuition.params import (
    Caption,
    Flag,
    SceneParams,
    expression_rule,
    integer_rule,
    number_rule,
    one_of,
    param,
    vector_rule,
)
from intuition.words import N_

FAMILY = "machine learning"
TITLE_HELP = "title override; empty uses the scene's own"

# --- svd-compression ---------------------------------------------------------------------

MAX_KS = 6


def _check_ks(value: Any) -> tuple[int, ...]:
    """1 to 6 whole numbers >= 1; given in any order, kept sorted and without repeats."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    msg = (f"must be 1 to {MAX_KS} whole numbers, each from 1 to {compression.MAX_SIDE}, like [1, 2, 5, 20] "
           f"(got {value!r})")
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= MAX_KS:
        raise ValueError(msg)
    out = set()
    for v in value:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= compression.MAX_SIDE:
            raise ValueError(msg)
        out.add(v)
    return tuple(sorted(out))


Ks = Annotated[tuple[int, ...], BeforeValidator(_check_ks)]


def picture_of(image: str, size: int) -> np.ndarray:
    """The picture the scene compresses: the teacher's file, or the generated one."""
    if image:
        return compression.read_picture(image, size)
    return compression.generated_picture(size)


class SVDCompressionParams(SceneParams):
    ks: Ks = param((1, 2, 5, 20), "how many singular values each rebuild keeps: 1 to 6 values of k",
                   allowed=f"1..{MAX_KS} whole numbers, each 1..the picture's smaller side", kind="list")
    size: Annotated[int, integer_rule(8, compression.MAX_SIDE)] = param(
        compression.DEFAULT_SIDE, "longest side of the picture in pixels: a file is shrunk to fit, "
        "the generated picture is drawn this wide (and 3/4 as tall)", allowed=f"8..{compression.MAX_SIDE}")
    image: Caption = param("", "a picture file (PNG, JPEG, ...), made grayscale and shrunk to fit size x size; "
                           "empty = a generated picture", allowed="path to an image file", kind="file")
    log_scale: Flag = param(True, "draw the singular values on a log scale (false: plain)")
    title: Caption = param("", TITLE_HELP)

    @field_validator("image")
    @classmethod
    def image_is_a_picture(cls, value: str, info: ValidationInfo) -> str:
        if value:
            # read now, so a missing or broken file is reported against ``image``
            compression.read_picture(value, info.data.get("size", compression.DEFAULT_SIDE))
        return value

    @model_validator(mode="after")
    def ks_fit_the_picture(self) -> SVDCompressionParams:
        pixels = picture_of(self.image, self.size)
        m, n = pixels.shape
        most = min(m, n)
        if self.ks[-1] > most:
            s = np.linalg.svd(pixels, compute_uv=False)
            rank = compression.numerical_rank(s, (m, n))
            raise ValueError(
                f"parameter 'ks': k = {self.ks[-1]} is more than the {most} singular values of this "
                f"{m} x {n} picture (its rank is {rank}); use k from 1 to {most}")
        return self


def _compression_model(p: SVDCompressionParams) -> compression.Compression:
    if p.image:
        pixels, file_size = compression.read_picture_sized(p.image, p.size)
        return compression.compress(pixels, p.ks, source=p.image, file_size=file_size)
    return compression.compress(compression.generated_picture(p.size), p.ks)


# --- bayesian-optimisation ----------------------------------------------------------------

Formula1 = Annotated[str, expression_rule(("x",))]
Range = Annotated[tuple[float, float], vector_rule(2, bound=100)]
DEFAULT_OBJECTIVE = "0.6*exp(-(x - 0.2)**2/0.01) + exp(-(x - 0.7)**2/0.01)"


class BayesOptParams(SceneParams):
    objective: Formula1 = param(DEFAULT_OBJECTIVE, "the function being optimised, a formula in x; the optimiser "
                                "only sees its values at the points it tries",
                                allowed="formula in x, defined on x_range")
    x_range: Range = param((0.0, 1.0), "the interval searched",
                           allowed="two numbers [lo, hi], lo < hi, within -100..100", kind="vector")
    goal: Annotated[str, one_of("maximise", "minimise")] = param("maximise", "look for the highest or the lowest value",
                                                                  allowed="maximise or minimise")
    rounds: Annotated[int, integer_rule(1, 8)] = param(5, "how many points Bayesian optimisation chooses",
                                                       allowed="1..8")
    initial_points: Annotated[int, integer_rule(1, 5)] = param(
        2, "random points tried before the first round (seeded; random search starts from the same ones)",
        allowed="1..5")
    seed: Annotated[int, integer_rule(0, 2**31 - 1)] = param(
        1, "random seed of the initial points and of random search", allowed="0..2147483647")
    length_scale: Annotated[float, number_rule(0, 1000, lo_open=True)] = param(
        0.1, "RBF kernel length: how far apart two x can be and still have similar values",
        allowed="> 0, from 1/100 to 10 times the width of x_range")
    noise: Annotated[float, number_rule(0, 1)] = param(
        1e-4, "noise variance the guess allows at each evaluation, relative to the spread of the values seen "
        "(0 = exact evaluations)", allowed="0..1")
    xi: Annotated[float, number_rule(0, 10)] = param(
        0.01, "expected improvement's margin: how much better than the best so far counts as better, in "
        "standard deviations of the values seen (bigger explores more)", allowed="0..10")
    title: Caption = param("", TITLE_HELP)

    @model_validator(mode="after")
    def range_and_objective_fit(self) -> BayesOptParams:
        lo, hi = self.x_range
        if not lo < hi:
            raise ValueError(f"parameter 'x_range': must be [lo, hi] with lo < hi (got [{lo:g}, {hi:g}])")
        width = hi - lo
        if not width / 100 <= self.length_scale <= 10 * width:
            raise ValueError(f"parameter 'length_scale': must be from {width / 100:g} to {10 * width:g}, "
                             f"1/100 to 10 times the width of x_range (got {self.length_scale:g})")
        f = _objective(self.objective)
        grid = np.linspace(lo, hi, gp.GRID_POINTS)
        values = f(grid) * np.ones_like(grid)
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(f"parameter 'objective': {self.objective} is undefined at x = {grid[bad][0]:.4g}; "
                             "choose an x_range where it is defined everywhere")
        if np.abs(values).max() > 1e9:
            raise ValueError(f"parameter 'objective': its values reach {np.abs(values).max():.3g}; keep them "
                             "within +-1e9 on x_range")
        return self


def _objective(text: str):
    from intuition.expressions import parse  # late: expressions imports sympy

    return parse(text, ("x",))


def _bayes_opt_model(p: BayesOptParams) -> gp.BayesOpt:
    return gp.bayes_opt(
        _objective(p.objective), p.x_range, length_scale=p.length_scale, noise=p.noise, xi=p.xi,
        initial=p.initial_points, rounds=p.rounds, seed=p.seed, goal=p.goal, objective=p.objective,
    )


SCENES: list[SceneSpec] = [
    SceneSpec(
        name="svd-compression",
        title=N_("svd-compression.title", "SVD compression: a few layers carry the picture"),
        concept="SVD for compression: a picture rebuilt from its top k singular values, energy kept and storage saved",
        family=FAMILY,
        params=SVDCompressionParams,
        model=_compression_model,
        scene="scenes.machine_learning.svd_compression:SVDCompression",
    ),
    SceneSpec(
        name="bayesian-optimisation",
        title=N_("bayesian-optimisation.title", "Bayesian optimisation: look where it pays"),
        concept="Bayesian optimisation: a Gaussian-process guess, expected improvement, the next point at its peak",
        family=FAMILY,
        params=BayesOptParams,
        model=_bayes_opt_model,
        scene="scenes.machine_learning.bayesian_optimisation:BayesianOptimisation",
    ),
]
