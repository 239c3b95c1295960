"""logistic-regression and naive-bayes: the models against independent computations.

Logistic regression: the gradient against finite differences, the descent against
scipy.optimize.minimize of the unpenalised log-loss (on the data's own units, written
out here), separability against a linear program. Naive Bayes: posteriors against
exact rational arithmetic written out here and against scikit-learn's MultinomialNB.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition import classifiers as clf

# --- logistic regression: the maths ---------------------------------------------------------------


def direct_log_loss(theta, x, y) -> float:
    """-mean(y log p + (1 - y) log(1 - p)), p = 1 / (1 + e^-s), as log(1 + e^s) - y s.

    The same number as the textbook form, without its cancellation: log(1 - p) loses
    digits when p is near 1 (found by hypothesis), which finite differences magnify.
    """
    s = x @ theta[:2] + theta[2]
    return float(np.mean(np.logaddexp(0.0, s) - y * s))


def direct_gradient(theta, x, y) -> np.ndarray:
    p = 1.0 / (1.0 + np.exp(-(x @ theta[:2] + theta[2])))
    return np.append(x.T @ (p - y) / len(y), np.mean(p - y))


def scipy_fit(x, y) -> np.ndarray:
    from scipy.optimize import minimize

    res = minimize(direct_log_loss, np.zeros(3), args=(x, y), jac=direct_gradient, method="BFGS",
                   options={"gtol": 1e-10, "maxiter": 20000})
    assert np.linalg.norm(direct_gradient(res.x, x, y)) < 1e-8
    return res.x


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3))
def test_gradient_matches_finite_differences(seed, w1, w2, b):
    x, y = clf.generate_two_classes(30, 1.5, 0.5, seed)
    gw, gb = clf.log_loss_gradient((w1, w2), b, x, y)
    theta = np.array([w1, w2, b])
    h = 1e-6
    for k, analytic in enumerate([*gw, gb]):
        e = np.zeros(3)
        e[k] = h
        numeric = (direct_log_loss(theta + e, x, y) - direct_log_loss(theta - e, x, y)) / (2 * h)
        assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-7)  # central differences: O(h^2) plus roundoff / h
    assert clf.log_loss((w1, w2), b, x, y) == pytest.approx(direct_log_loss(theta, x, y), abs=1e-12)


def test_sigmoid_is_stable_and_symmetric():
    s = np.array([-800.0, -30.0, -1.0, 0.0, 1.0, 30.0, 800.0])
    p = clf.sigmoid(s)
    assert np.all(np.isfinite(p)) and p[3] == 0.5
    np.testing.assert_allclose(p + clf.sigmoid(-s), 1.0, atol=1e-15)
    np.testing.assert_allclose(p[1:-1], 1 / (1 + np.exp(-s[1:-1])), rtol=1e-14)
    # a huge score costs its honest loss, not inf or nan
    assert clf.log_loss((1.0, 0.0), 0.0, np.array([[800.0, 0.0]]), np.array([0])) == pytest.approx(800.0)


# --- logistic regression: the descent ---------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_descent_reaches_the_scipy_fit_on_overlapping_classes(seed):
    x, y = clf.generate_two_classes(60, 1.5, 0.4, seed)
    m = clf.logistic_regression(x, y, 2.0, 3000, (0.0, 0.0, 0.0))
    assert not m.separable and m.separated_at is None and m.steps_run == 3000
    ref = scipy_fit(x, y)
    np.testing.assert_allclose([*m.weights[-1], m.biases[-1]], ref, atol=1e-6)
    np.testing.assert_allclose([*m.best_weights, m.best_bias], ref, atol=1e-6)
    assert m.converged
    assert m.final.loss == pytest.approx(direct_log_loss(ref, x, y), abs=1e-9)
    assert m.best_loss == pytest.approx(direct_log_loss(ref, x, y), abs=1e-12)
    # gradient descent on a convex loss with a sensible step never goes uphill
    assert not m.loss_rose and np.all(np.diff(m.losses) <= 1e-12)


def test_one_step_is_the_gradient_step_on_scaled_features():
    x, y = clf.generate_two_classes(25, 2.0, 0.5, 9)
    lr, start = 0.7, np.array([0.3, -1.2, 0.4])
    m = clf.logistic_regression(x, y, lr, 1, start)
    mean, sd = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / sd
    theta1 = start - lr * direct_gradient(start, z, y)
    # the same line in the data's units: v . (x - mean) / sd + c
    w = theta1[:2] / sd
    np.testing.assert_allclose(m.weights[1], w, atol=1e-12)
    assert m.biases[1] == pytest.approx(theta1[2] - w @ mean, abs=1e-12)
    assert m.losses[1] == pytest.approx(direct_log_loss(np.append(w, m.biases[1]), x, y), abs=1e-12)
    assert m.losses[0] == pytest.approx(direct_log_loss(start, z, y), abs=1e-12)


def test_the_fit_does_not_depend_on_the_data_units():
    x, y = clf.generate_two_classes(50, 1.5, 0.5, 2)
    a = clf.logistic_regression(x, y, 1.0, 200)
    b = clf.logistic_regression(x * np.array([100.0, 0.01]) + 7.0, y, 1.0, 200)
    np.testing.assert_allclose(b.losses, a.losses, atol=1e-10)
    np.testing.assert_allclose(b.weights[-1] * np.array([100.0, 0.01]), a.weights[-1], rtol=1e-8)


def linearly_separable(x, y) -> bool:
    """Is there w, b with y_i (w . x_i + b) >= 1 for every point? A linear program decides."""
    from scipy.optimize import linprog

    sign = 2 * y - 1
    a_ub = -(sign[:, None] * np.column_stack([x, np.ones(len(y))]))
    res = linprog(np.zeros(3), A_ub=a_ub, b_ub=-np.ones(len(y)), bounds=[(None, None)] * 3, method="highs")
    assert res.status in (0, 2)
    return res.status == 0


@settings(max_examples=60, deadline=None)
@given(st.integers(4, 60), st.floats(0, 8), st.floats(0.1, 0.9), st.integers(0, 2**31 - 1))
def test_separability_agrees_with_a_linear_program(n, separation, balance, seed):
    if round(n * balance) in (0, n):
        return
    x, y = clf.generate_two_classes(n, separation, balance, seed)
    gap = clf.separation_gap(x, y)
    if abs(gap) < 1e-6:
        return  # touching classes: too close to call for either method
    assert (gap > 0) == linearly_separable(x, y)


def test_separable_data_stops_where_the_line_splits_them_and_bigger_weights_only_help():
    x, y = clf.generate_two_classes(40, 6.0, 0.5, 3)
    m = clf.logistic_regression(x, y, 2.0, 80, (0.5, -2.0, 1.0))
    assert m.separable and m.separation_gap > 0 and linearly_separable(x, y)
    k = m.separated_at
    assert k is not None and m.steps_run == k and len(m.losses) == k + 1
    sign = 2 * y - 1
    assert np.all(sign * (x @ m.weights[k] + m.biases[k]) > 0)
    assert k == 0 or np.any(sign * (x @ m.weights[k - 1] + m.biases[k - 1]) <= 0)  # the first such step
    assert m.final.wrong == 0 and m.best_loss is None and m.best_weights is None and not m.converged
    # the same line with its weights doubled, and doubled again: the loss keeps falling, towards 0
    losses = [m.final.loss] + [g.loss for g in m.growth]
    assert [g.factor for g in m.growth] == [2.0, 4.0, 8.0]
    assert all(a > b > 0 for a, b in zip(losses, losses[1:]))
    for g in m.growth:
        theta = g.factor * np.append(m.weights[k], m.biases[k])
        assert g.loss == pytest.approx(direct_log_loss(theta, x, y), abs=1e-12)
        assert g.likelihood == pytest.approx(math.exp(-len(y) * g.loss), rel=1e-12)


def test_a_starting_line_that_already_splits_the_classes_takes_no_step():
    x, y = clf.generate_two_classes(40, 4.5, 0.5, 3)
    m = clf.logistic_regression(x, y, 2.0, 80, (3.0, 3.0, 0.0))
    assert m.separated_at == 0 and m.steps_run == 0 and len(m.checkpoints) == 1


def test_readouts_are_the_trajectory_at_their_steps():
    m = catalog.get("logistic-regression").compute(catalog.get("logistic-regression").build({}))
    assert m.checkpoints[0].step == 0 and m.checkpoints[-1].step == m.steps_run
    assert m.start == m.checkpoints[0] and m.final == m.checkpoints[-1]
    sign = 2 * m.y - 1
    for cp in m.checkpoints:
        assert cp.weights == tuple(m.weights[cp.step]) and cp.bias == m.biases[cp.step]
        assert cp.loss == pytest.approx(direct_log_loss(np.append(m.weights[cp.step], cp.bias), m.x, m.y), abs=1e-12)
        assert cp.wrong == int(np.sum(sign * (m.x @ m.weights[cp.step] + cp.bias) <= 0))
    # the likelihood of the labels: each point's probability of its own label, multiplied
    p = m.probability(m.x)
    assert m.likelihood == pytest.approx(float(np.prod(np.where(m.y == 1, p, 1 - p))), rel=1e-9)
    lo_x, hi_x, lo_y, hi_y = m.bounds
    assert lo_x < m.x[:, 0].min() and m.x[:, 0].max() < hi_x and lo_y < m.x[:, 1].min() and m.x[:, 1].max() < hi_y


def test_a_too_large_learning_rate_is_caught_going_uphill():
    x, y = clf.generate_two_classes(40, 1.0, 0.5, 3)
    m = clf.logistic_regression(x, y, 10.0, 80, (0.5, -2.0, 1.0))
    assert m.loss_rose == bool(np.any(np.diff(m.losses) > 1e-12)) and m.loss_rose
    assert not m.converged


def test_default_descent_settles_on_the_best_line():
    spec = catalog.get("logistic-regression")
    m = spec.compute(spec.build({}))
    assert not m.separable and 0 < m.final.wrong < m.n_points / 4
    assert f"{m.final.loss:.3f}" == f"{m.best_loss:.3f}"  # the readout shows the lowest loss to its 3 decimals


# --- logistic regression: reading a CSV --------------------------------------------------------------


def test_csv_with_named_labels(tmp_path):
    f = tmp_path / "pass.csv"
    f.write_text("hours,x,y,label\n1,0.5,1.0,fail\n2,1.5,2.0,pass\n3,1.0,0.2,fail\n4,2.5,2.5,pass\n5,2.0,0.5,pass\n")
    x, y, names = clf.read_labelled_csv(f)
    assert names == ("fail", "pass") and list(y) == [0, 1, 0, 1, 1]
    np.testing.assert_allclose(x[1], [1.5, 2.0])
    out = catalog.get("logistic-regression").inspect({"csv": str(f)})
    assert out["source"] == str(f) and out["class_counts"] == [2, 3] and out["class_names"] == ["fail", "pass"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x,y,label\n1,2,a\n3,4,a\n", "needs points of two classes"),
        ("x,y,label\n1,2,a\n3,4,b\n5,6,c\n", "exactly two"),
        ("x,y,label\n1,two,a\n3,4,b\n", "is not a number"),
        ("a,b\n1,2\n", "columns named x, y and label"),
        ("x,y,label\n1,2,a\n", "at least 2"),
        ("", "empty"),
    ],
)
def test_bad_csv_says_what_is_wrong(tmp_path, text, says):
    f = tmp_path / "d.csv"
    f.write_text(text)
    with pytest.raises(ValueError, match=says):
        clf.read_labelled_csv(f)


def test_headerless_csv_and_numeric_labels(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("0,0,1\n1,1,0\n2,0,1\n0.5,2,0\n")
    x, y, names = clf.read_labelled_csv(f)
    assert names == ("0", "1") and list(y) == [1, 0, 1, 0] and x.shape == (4, 2)


# --- naive Bayes ------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def exact_posterior(messages, message, alpha: Fraction) -> Fraction | None:
    """P(spam | message) by Bayes' rule with every word's likelihood multiplied, in exact fractions."""
    counts = {"spam": Counter(), "ham": Counter()}
    docs = Counter()
    for label, text in messages:
        docs[label] += 1
        counts[label].update(tokens(text))
    vocab = set(counts["spam"]) | set(counts["ham"])
    joint = {}
    for label in ("spam", "ham"):
        total = sum(counts[label].values())
        p = Fraction(docs[label], len(messages))
        for w in tokens(message):
            if w in vocab:  # a word never seen in training is left out
                p *= (counts[label][w] + alpha) / (total + alpha * len(vocab))
        joint[label] = p
    evidence = joint["spam"] + joint["ham"]
    return None if evidence == 0 else joint["spam"] / evidence


DEFAULT = clf.parse_message_lines(clf.DEFAULT_MESSAGES)


@pytest.mark.parametrize("alpha", [Fraction(1), Fraction(1, 2), Fraction(3), Fraction(1, 100)])
@pytest.mark.parametrize("message", [clf.DEFAULT_MESSAGE, "lunch at noon", "free free cash now", "claim your cruise",
                                     "hello there", ""])
def test_posterior_is_the_exact_product(alpha, message):
    m = clf.naive_bayes(DEFAULT, message, float(alpha))
    expected = exact_posterior(DEFAULT, message, alpha)
    assert m.posterior == pytest.approx(float(expected), abs=1e-9)
    # the log-odds add up, word by word, from the prior's
    assert m.running_log_odds[0] == pytest.approx(math.log(3 / 4), abs=1e-12)
    steps = np.diff(m.running_log_odds)
    np.testing.assert_allclose(steps, [e.contribution for e in m.evidence], atol=1e-12)
    assert m.log_odds == pytest.approx(m.running_log_odds[-1], abs=1e-12)
    assert m.posterior == pytest.approx(1 / (1 + math.exp(-m.log_odds)), abs=1e-12)


def test_default_counts_and_smoothing_of_the_unseen_word():
    m = clf.naive_bayes(DEFAULT, clf.DEFAULT_MESSAGE, 1.0)
    assert (m.n_spam, m.n_ham, m.spam_words, m.ham_words, m.vocabulary_size) == (3, 4, 13, 19, 20)
    assert m.prior_spam == pytest.approx(3 / 7, abs=1e-15)
    assert [e.word for e in m.evidence] == ["win", "cash", "free", "lunch"]
    assert m.smoothing_word == "lunch"  # never in spam, though the message is spam: smoothing matters here
    lunch = m.evidence[3]
    assert (lunch.spam_count, lunch.ham_count, lunch.raw_p_spam) == (0, 2, 0.0)
    assert lunch.p_spam == pytest.approx(1 / 33, abs=1e-15) and lunch.p_ham == pytest.approx(3 / 39, abs=1e-15)
    assert m.posterior == pytest.approx(0.868, abs=1e-3)


def count_row(text: str, index: dict) -> np.ndarray:
    """The message as word counts over the vocabulary (words outside it dropped, as CountVectorizer does)."""
    v = np.zeros(len(index))
    for w in tokens(text):
        if w in index:
            v[index[w]] += 1
    return v


def test_sklearn_multinomial_nb_agrees():
    sk = pytest.importorskip("sklearn.naive_bayes")
    for alpha in (1.0, 0.5, 2.5):
        for message in (clf.DEFAULT_MESSAGE, "lunch at noon", "now now now free", "hello"):
            m = clf.naive_bayes(DEFAULT, message, alpha)
            vocab = sorted({w for _, text in DEFAULT for w in tokens(text)})
            index = {w: k for k, w in enumerate(vocab)}

            counts = np.array([count_row(text, index) for _, text in DEFAULT])
            labels = np.array([1 if label == "spam" else 0 for label, _ in DEFAULT])
            nb = sk.MultinomialNB(alpha=alpha, fit_prior=True).fit(counts, labels)
            proba = nb.predict_proba(count_row(message, index)[None, :])[0, list(nb.classes_).index(1)]
            assert m.posterior == pytest.approx(proba, abs=1e-9)
            log_p = nb.feature_log_prob_[list(nb.classes_).index(1)]
            for e in m.evidence:
                assert math.log(e.p_spam) == pytest.approx(log_p[index[e.word]], abs=1e-9)


def test_no_known_word_leaves_the_prior():
    for message in ("hello there", "", "!!! ???"):
        m = clf.naive_bayes(DEFAULT, message, 1.0)
        assert m.evidence == [] and m.posterior == pytest.approx(m.prior_spam, abs=1e-12)
        assert m.log_odds == m.prior_log_odds and m.running_log_odds == [m.prior_log_odds]
    assert clf.naive_bayes(DEFAULT, "hello there", 1.0).unknown_words == ["hello", "there"]


def test_without_smoothing_an_unseen_word_rules_a_class_out():
    m = clf.naive_bayes(DEFAULT, "free cash now", 0.0)  # cash is never in ham
    assert m.posterior == 1.0 and m.log_odds == math.inf
    assert exact_posterior(DEFAULT, "free cash now", Fraction(0)) == 1
    m = clf.naive_bayes(DEFAULT, "lunch at noon", 0.0)  # lunch is never in spam
    assert m.posterior == 0.0 and exact_posterior(DEFAULT, "lunch at noon", Fraction(0)) == 0
    m = clf.naive_bayes(DEFAULT, clf.DEFAULT_MESSAGE, 0.0)  # win rules out ham, lunch rules out spam
    assert m.posterior is None and m.log_odds is None
    assert exact_posterior(DEFAULT, clf.DEFAULT_MESSAGE, Fraction(0)) is None
    assert m.running_log_odds[-1] is None


words_st = st.sampled_from(["win", "cash", "free", "now", "lunch", "noon", "report", "a", "the", "prize"])
corpus = st.lists(st.tuples(st.sampled_from(["spam", "ham"]), st.lists(words_st, max_size=6).map(" ".join)),
                  min_size=2, max_size=10).filter(lambda ms: {label for label, _ in ms} == {"spam", "ham"})


@settings(max_examples=80, deadline=None)
@given(corpus, st.lists(st.sampled_from(["win", "cash", "lunch", "hello", "the", "zebra"]), max_size=6),
       st.sampled_from([Fraction(1), Fraction(1, 4), Fraction(2)]))
def test_posterior_matches_exact_arithmetic_on_any_corpus(messages, message_words, alpha):
    message = " ".join(message_words)
    m = clf.naive_bayes(messages, message, float(alpha))
    expected = exact_posterior(messages, message, alpha)
    assert m.posterior == pytest.approx(float(expected), abs=1e-9)
    assert 0.0 <= m.posterior <= 1.0


def test_message_lists_and_files(tmp_path):
    with pytest.raises(ValueError, match="must start with spam: or ham:"):
        clf.parse_message_lines(["junk: hello"])
    with pytest.raises(ValueError, match="no training messages"):
        clf.check_messages([])
    with pytest.raises(ValueError, match="needs at least one of each class"):
        clf.check_messages([("spam", "a"), ("spam", "b")])
    f = tmp_path / "m.txt"
    f.write_text("# my messages\nspam\tWIN big now\n\nham\tsee you at lunch\n")
    assert clf.read_messages_file(f) == [("spam", "WIN big now"), ("ham", "see you at lunch")]
    f.write_text("spam win big\n")
    with pytest.raises(ValueError, match="line 1 must be spam or ham, a tab"):
        clf.read_messages_file(f)
    assert clf.words("Free CASH!!! don't wait") == ["free", "cash", "don't", "wait"]
