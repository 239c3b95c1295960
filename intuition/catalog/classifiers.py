"""Machine learning scenes (classifiers): their parameters and the models behind them.

logistic-regression and naive-bayes (intuition.classifiers).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, field_validator, model_validator

from intuition import classifiers as clf
from intuition.catalog import SceneSpec
from intuition.params import Caption, SceneParams, integer_rule, number_rule, param, vector_rule
from intuition.words import N_

FAMILY = "machine learning"
SEED_HELP = "random seed: the same seed draws the same points and the same video"
SEED_ALLOWED = "whole number 0..2147483647"

# --- logistic regression ---------------------------------------------------------------------

Vector3 = Annotated[tuple[float, float, float], vector_rule(3, bound=5.0)]


class LogisticRegressionParams(SceneParams):
    n_points: Annotated[int, integer_rule(4, 200)] = param(40, "how many points the generator draws",
                                                           allowed="whole number 4..200")
    separation: Annotated[float, number_rule(0, 8)] = param(
        2.5, "distance between the two class centres, in units of their spread (about 4 or more: a line splits them)",
        allowed="0..8")
    balance: Annotated[float, number_rule(0, 1)] = param(
        0.5, "share of the generated points that are in class 1 (blue)", allowed="0..1, both classes non-empty")
    seed: Annotated[int, integer_rule(0, 2**31 - 1)] = param(3, SEED_HELP, allowed=SEED_ALLOWED)
    csv: Caption = param("", "a CSV file with columns x, y, label (two distinct labels); empty = use the generator",
                         allowed="path to a .csv", kind="file")
    learning_rate: Annotated[float, number_rule(0, 10, lo_open=True)] = param(
        2.0, "gradient descent step size (on features scaled to mean 0, spread 1)", allowed="> 0 and <= 10")
    steps: Annotated[int, integer_rule(1, 5000)] = param(80, "gradient descent steps (fewer if a line splits "
                                                         "the classes: the descent stops there)",
                                                         allowed="whole number 1..5000")
    start: Vector3 = param((0.5, -2.0, 1.0), "starting weights [w1, w2, b] on the scaled features; "
                           "[0, 0, 0] starts at p = 1/2 everywhere", allowed="3 numbers, -5..5")
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("csv")
    @classmethod
    def csv_has_points_of_two_classes(cls, value: str, info: ValidationInfo) -> str:
        if value:
            clf.read_labelled_csv(value)  # read now, so a bad file is reported against ``csv``
        return value

    @model_validator(mode="after")
    def generator_draws_both_classes(self) -> LogisticRegressionParams:
        if not self.csv:
            n1 = int(round(self.n_points * self.balance))
            if n1 in (0, self.n_points):
                which = "class 1" if n1 == 0 else "class 0"
                raise ValueError(f"parameter 'balance': {self.balance:g} of {self.n_points} points leaves {which} "
                                 "empty; logistic regression needs points of both classes")
        return self


def _logistic_model(p: LogisticRegressionParams) -> clf.LogisticRegression:
    if p.csv:
        x, y, names = clf.read_labelled_csv(p.csv)
        return clf.logistic_regression(x, y, p.learning_rate, p.steps, p.start, source=p.csv, class_names=names)
    x, y = clf.generate_two_classes(p.n_points, p.separation, p.balance, p.seed)
    return clf.logistic_regression(x, y, p.learning_rate, p.steps, p.start)


# --- naive Bayes ---------------------------------------------------------------------------------

MAX_MESSAGES = 40
MAX_WORDS = 8


def _check_messages(value: Any) -> tuple[str, ...]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError('must be a list of "spam: text" / "ham: text" strings, like ["spam: win cash", "ham: lunch?"]')
    if len(value) > MAX_MESSAGES:
        raise ValueError(f"at most {MAX_MESSAGES} messages (got {len(value)})")
    pairs = clf.parse_message_lines(value)
    for k, (_, text) in enumerate(pairs, start=1):
        if len(text) > 120:
            raise ValueError(f"item {k} is longer than 120 characters")
    clf.check_messages(pairs)
    return tuple(f"{label}: {text}" for label, text in pairs)


Messages = Annotated[tuple[str, ...], BeforeValidator(_check_messages)]


class NaiveBayesParams(SceneParams):
    messages: Messages = param(clf.DEFAULT_MESSAGES, 'the training messages, each "spam: text" or "ham: text"',
                               allowed=f"1..{MAX_MESSAGES} messages, both labels present")
    messages_file: Caption = param("", "a text file of training messages, one a line: spam or ham, a tab, the text; "
                                   "replaces messages", allowed="path to a text file", kind="file")
    message: Caption = param(clf.DEFAULT_MESSAGE, "the new message to classify", allowed=f"up to {MAX_WORDS} words")
    alpha: Annotated[float, number_rule(0, 10)] = param(
        1.0, "Laplace smoothing: added to every word count (0: none, an unseen word then rules a class out)",
        allowed="0..10")
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("messages_file")
    @classmethod
    def file_has_both_classes(cls, value: str) -> str:
        if value:
            clf.check_messages(clf.read_messages_file(value))
        return value

    @field_validator("message")
    @classmethod
    def message_is_short(cls, value: str) -> str:
        n = len(clf.words(value))
        if n > MAX_WORDS:
            raise ValueError(f"at most {MAX_WORDS} words fit on screen (got {n})")
        return value


def _naive_bayes_model(p: NaiveBayesParams) -> clf.NaiveBayes:
    if p.messages_file:
        return clf.naive_bayes(clf.read_messages_file(p.messages_file), p.message, p.alpha, source=p.messages_file)
    pairs = clf.parse_message_lines(p.messages)
    source = "default" if p.messages == clf.DEFAULT_MESSAGES else "list"
    return clf.naive_bayes(pairs, p.message, p.alpha, source=source)


SCENES: list[SceneSpec] = [
    SceneSpec("logistic-regression", N_("logistic-regression.title", "Logistic regression"),
              "logistic regression: a sigmoid of a linear score, fitted by gradient descent on the log-loss",
              FAMILY, LogisticRegressionParams, _logistic_model,
              "scenes.machine_learning.logistic_regression:LogisticRegressionScene"),
    SceneSpec("naive-bayes", N_("naive-bayes.title", "Naive Bayes: a tiny spam filter"),
              "naive Bayes: word likelihoods per class, log-odds adding word by word, Laplace smoothing",
              FAMILY, NaiveBayesParams, _naive_bayes_model, "scenes.machine_learning.naive_bayes:NaiveBayesScene"),
]
