"""Scenes of the probability family: parameters and math models.

distributions, sampling, covariance (intuition.probability) and bayes, mle,
regression (intuition.statistics).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ValidationInfo, field_validator

from intuition import probability as prob
from intuition import statistics as stats
from intuition.catalog import SceneSpec
from intuition.params import (
    Caption,
    Column,
    SceneParams,
    csv_check,
    csv_param,
    integer_rule,
    number_rule,
    one_of,
    param,
)
from intuition.words import N_

Prob = Annotated[float, number_rule(0.0, 1.0)]
Seed = Annotated[int, integer_rule(0, 2**31 - 1)]
SEED_HELP = "random seed: the same seed gives the same samples and the same video"
SEED_ALLOWED = "whole number 0..2147483647"
VALUES_COLUMN_HELP = "CSV column of the values: header name or number from 1; empty = first column"
X_COLUMN_HELP = "CSV column for x: header name or number from 1; empty = first column"
Y_COLUMN_HELP = "CSV column for y: header name or number from 1; empty = second column"


# --- distributions ------------------------------------------------------------------


class DistributionsParams(SceneParams):
    family: Annotated[str, one_of("normal", "binomial", "uniform")] = param(
        "normal", "which distribution to draw", allowed="normal, binomial, uniform"
    )
    mu: Annotated[float, number_rule(-10, 10)] = param(0.0, "normal: mean at the start", allowed="-10..10")
    sigma: Annotated[float, number_rule(0, 10, lo_open=True)] = param(
        1.0, "normal: standard deviation at the start", allowed="> 0 and <= 10"
    )
    mu_target: Annotated[float, number_rule(-10, 10)] = param(1.5, "normal: mean it slides to", allowed="-10..10")
    sigma_target: Annotated[float, number_rule(0, 10, lo_open=True)] = param(
        1.8, "normal: standard deviation it widens (or narrows) to", allowed="> 0 and <= 10"
    )
    n: Annotated[int, integer_rule(1, 60)] = param(
        10, "binomial: number of trials at the start", allowed="whole number 1..60"
    )
    p: Prob = param(0.5, "binomial: success probability at the start", allowed="0..1")
    n_target: Annotated[int, integer_rule(1, 60)] = param(
        20, "binomial: number of trials it grows to", allowed="whole number 1..60"
    )
    p_target: Prob = param(0.3, "binomial: success probability it moves to", allowed="0..1")
    low: Annotated[float, number_rule(-10, 10)] = param(0.0, "uniform: lower end at the start", allowed="-10..10")
    high: Annotated[float, number_rule(-10, 10)] = param(
        1.0, "uniform: upper end at the start (> low)", allowed="-10..10, > low"
    )
    low_target: Annotated[float, number_rule(-10, 10)] = param(
        -1.0, "uniform: lower end it moves to", allowed="-10..10"
    )
    high_target: Annotated[float, number_rule(-10, 10)] = param(
        3.0, "uniform: upper end it moves to (> low_target)", allowed="-10..10, > low_target"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("high", "high_target")
    @classmethod
    def upper_end_above_lower(cls, value: float, info: ValidationInfo) -> float:
        lower = "low" if info.field_name == "high" else "low_target"
        lo = info.data.get(lower)
        if lo is not None and value <= lo:
            raise ValueError(f"must be greater than {lower} ({lo:g}), up to 10 (got {value:g})")
        return value


def _distributions_model(p: DistributionsParams) -> prob.DistributionMorph:
    if p.family == "normal":
        start, target = {"mu": p.mu, "sigma": p.sigma}, {"mu": p.mu_target, "sigma": p.sigma_target}
    elif p.family == "binomial":
        start, target = {"n": p.n, "p": p.p}, {"n": p.n_target, "p": p.p_target}
    else:
        start, target = {"low": p.low, "high": p.high}, {"low": p.low_target, "high": p.high_target}
    return prob.distribution_morph(p.family, start, target)


# --- sampling -------------------------------------------------------------------------


class SamplingParams(SceneParams):
    source: Annotated[str, one_of(*prob.SOURCES)] = param(
        "exponential", "the distribution samples come from (exponential is skewed)", allowed=", ".join(prob.SOURCES)
    )
    samples: Annotated[int, integer_rule(10, 5000)] = param(
        500, "how many samples drop into the histogram", allowed="whole number 10..5000"
    )
    bins: Annotated[int, integer_rule(5, 40)] = param(24, "histogram bins", allowed="whole number 5..40")
    sample_size: Annotated[int, integer_rule(1, 200)] = param(
        10, "central limit theorem: draws averaged into each mean", allowed="whole number 1..200"
    )
    means: Annotated[int, integer_rule(10, 5000)] = param(
        500, "central limit theorem: how many means pile up", allowed="whole number 10..5000"
    )
    seed: Seed = param(7, SEED_HELP, allowed=SEED_ALLOWED)
    column: Column = param("", VALUES_COLUMN_HELP)
    csv: Caption = csv_param(
        "a CSV file of values (one numeric column, 2..5000 rows): samples are drawn from them, with replacement; "
        "empty = draw from source"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    csv_has_values = csv_check(prob.read_population_csv, "column")


def _sampling_model(p: SamplingParams) -> prob.Sampling:
    if p.csv:
        values, _ = prob.read_population_csv(p.csv, p.column)
        return prob.sampling(p.source, p.samples, p.bins, p.sample_size, p.means, p.seed, population=values,
                             file=p.csv)
    return prob.sampling(p.source, p.samples, p.bins, p.sample_size, p.means, p.seed)


# --- covariance ---------------------------------------------------------------------------


class CovarianceParams(SceneParams):
    correlation: Annotated[float, number_rule(-1, 1)] = param(
        0.8, "correlation of the cloud at the start", allowed="-1..1"
    )
    correlation_target: Annotated[float, number_rule(-1, 1)] = param(-0.6, "correlation it changes to", allowed="-1..1")
    points: Annotated[int, integer_rule(3, 200)] = param(40, "number of data points", allowed="whole number 3..200")
    spread_x: Annotated[float, number_rule(0, 5)] = param(
        1.0, "standard deviation of x (0: no spread at all)", allowed="0..5"
    )
    spread_y: Annotated[float, number_rule(0, 5)] = param(
        1.0, "standard deviation of y (0: no spread at all)", allowed="0..5"
    )
    seed: Seed = param(3, SEED_HELP, allowed=SEED_ALLOWED)
    x_column: Column = param("", X_COLUMN_HELP)
    y_column: Column = param("", Y_COLUMN_HELP)
    csv: Caption = csv_param(
        "a CSV file of points (two numeric columns, 3..200 rows), shown as they are (no correlation slide); "
        "empty = the seeded generator"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    csv_has_two_numeric_columns = csv_check(prob.read_cloud_csv, "x_column", "y_column")


def _covariance_model(p: CovarianceParams) -> prob.Covariance:
    if p.csv:
        points, names = prob.read_cloud_csv(p.csv, p.x_column, p.y_column)
        return prob.covariance_of_points(points, p.csv, names)
    return prob.covariance(p.points, p.correlation, p.correlation_target, p.spread_x, p.spread_y, p.seed)


# --- bayes ------------------------------------------------------------------------------------


class BayesParams(SceneParams):
    story: Annotated[str, one_of("test", "spam")] = param(
        "test", "the example: a medical test, or a spam filter", allowed="test, spam"
    )
    prior: Prob = param(0.1, "how common the condition (or spam) is before any evidence", allowed="0..1")
    true_positive_rate: Prob = param(0.9, "chance the test flags a real case", allowed="0..1")
    false_positive_rate: Prob = param(0.1, "chance the test flags a case that is not real", allowed="0..1")
    title: Caption = param("", "title override; empty uses the scene's own")


def _bayes_model(p: BayesParams) -> stats.Bayes:
    return stats.bayes(p.prior, p.true_positive_rate, p.false_positive_rate)


# --- mle ------------------------------------------------------------------------------------------


class MleParams(SceneParams):
    family: Annotated[str, one_of("normal", "coin")] = param(
        "normal", "normal: estimate a mean; coin: estimate the chance of heads", allowed="normal, coin"
    )
    points: Annotated[int, integer_rule(1, 50)] = param(
        8, "normal: number of data points", allowed="whole number 1..50"
    )
    true_mu: Annotated[float, number_rule(-5, 5)] = param(1.0, "normal: mean the data are drawn from", allowed="-5..5")
    sigma: Annotated[float, number_rule(0.1, 5)] = param(1.0, "normal: known spread of the data", allowed="0.1..5")
    flips: Annotated[int, integer_rule(1, 40)] = param(10, "coin: number of flips", allowed="whole number 1..40")
    heads: Annotated[int, integer_rule(0, 40)] = param(7, "coin: how many flips came up heads", allowed="0..flips")
    seed: Seed = param(11, SEED_HELP, allowed=SEED_ALLOWED)
    column: Column = param("", VALUES_COLUMN_HELP)
    csv: Caption = csv_param(
        "normal: a CSV file of data (one numeric column, 2..100 rows, not all equal); sigma is then their own "
        "spread; empty = draw points from true_mu and sigma"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    csv_has_values = csv_check(stats.read_samples_csv, "column", only=("family", "normal"))

    @field_validator("heads")
    @classmethod
    def heads_fit_in_flips(cls, value: int, info: ValidationInfo) -> int:
        flips = info.data.get("flips")
        if flips is not None and value > flips:
            raise ValueError(f"must be a whole number from 0 to flips ({flips}) (got {value})")
        return value


def _mle_model(p: MleParams) -> stats.MaximumLikelihood:
    if p.family == "coin":
        return stats.mle_coin(p.flips, p.heads, p.seed)
    if p.csv:
        return stats.mle_normal_fit(stats.read_samples_csv(p.csv, p.column)[0], p.csv)
    return stats.mle_normal(p.points, p.true_mu, p.sigma, p.seed)


# --- regression -------------------------------------------------------------------------------------


class RegressionParams(SceneParams):
    mode: Annotated[str, one_of("simple", "collinear")] = param(
        "simple",
        "simple: fit y = m x + b; collinear: two nearly identical features, refit several times",
        allowed="simple, collinear",
    )
    points: Annotated[int, integer_rule(3, 100)] = param(20, "number of data points", allowed="whole number 3..100")
    slope: Annotated[float, number_rule(-5, 5)] = param(0.8, "true slope the data come from", allowed="-5..5")
    intercept: Annotated[float, number_rule(-10, 10)] = param(1.0, "true intercept", allowed="-10..10")
    noise: Annotated[float, number_rule(0, 10)] = param(
        1.5, "standard deviation of the noise added to y", allowed="0..10"
    )
    feature_noise: Annotated[float, number_rule(0, 5)] = param(
        0.05, "collinear: how far the second feature strays from the first (0: exact copy)", allowed="0..5"
    )
    refits: Annotated[int, integer_rule(2, 8)] = param(
        4, "collinear: number of fresh data sets to refit on", allowed="whole number 2..8"
    )
    seed: Seed = param(5, SEED_HELP, allowed=SEED_ALLOWED)
    x_column: Column = param("", X_COLUMN_HELP)
    y_column: Column = param("", Y_COLUMN_HELP)
    csv: Caption = csv_param(
        "simple: a CSV file of points (two numeric columns, 3..200 rows); empty = the seeded generator"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    csv_has_two_numeric_columns = csv_check(
        stats.read_regression_csv, "x_column", "y_column", only=("mode", "simple")
    )


def _regression_model(p: RegressionParams) -> stats.Regression:
    if p.csv:
        x, y, names = stats.read_regression_csv(p.csv, p.x_column, p.y_column)
        return stats.regression_of_points(x, y, p.csv, names)
    return stats.regression(p.mode, p.points, p.slope, p.intercept, p.noise, p.seed, p.feature_noise, p.refits)


FAMILY = "probability"

SCENES: list[SceneSpec] = [
    SceneSpec(
        "distributions",
        N_("distributions.title", "A distribution says how likely each value is"),
        "distributions: normal, binomial and uniform; parameters reshape them, the area stays 1",
        FAMILY,
        DistributionsParams,
        _distributions_model,
        "scenes.probability.distributions:Distributions",
    ),
    SceneSpec(
        "sampling",
        N_("sampling.title", "More samples, truer shape"),
        "sampling: histograms converge to the pdf; the central limit theorem",
        FAMILY,
        SamplingParams,
        _sampling_model,
        "scenes.probability.sampling:Sampling",
    ),
    SceneSpec(
        "covariance",
        N_("covariance.title", "Spread, and spreading together"),
        "variance as average squared distance; covariance and correlation of a 2D cloud",
        FAMILY,
        CovarianceParams,
        _covariance_model,
        "scenes.probability.covariance:CovarianceScene",
    ),
    SceneSpec(
        "bayes",
        N_("bayes.title", "Bayes: update a belief with evidence"),
        "conditional probability and Bayes' theorem as areas (medical test, spam filter)",
        FAMILY,
        BayesParams,
        _bayes_model,
        "scenes.probability.bayes:BayesScene",
    ),
    SceneSpec(
        "mle",
        N_("mle.title", "Maximum likelihood"),
        "maximum likelihood: the parameter that makes the data most likely (normal mean, coin p)",
        FAMILY,
        MleParams,
        _mle_model,
        "scenes.probability.mle:MaximumLikelihoodScene",
    ),
    SceneSpec(
        "regression",
        N_("regression.title", "Linear regression: y = m x + b"),
        "least-squares line, residuals, and unstable coefficients under multicollinearity",
        FAMILY,
        RegressionParams,
        _regression_model,
        "scenes.probability.regression:RegressionScene",
    ),
]
