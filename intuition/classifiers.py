"""Classifier models: logistic regression by gradient descent, and a naive Bayes spam filter.

Pure numpy, frozen dataclasses; arrays only the picture needs are ``repr=False``.
All randomness comes from ``numpy.random.default_rng(seed)``.

Logistic regression: p = sigmoid(w . x + b) is the probability of class 1; the
average log-loss -[y log p + (1 - y) log(1 - p)] is minimised by gradient descent.
The features are scaled to mean 0 and spread 1 before the descent (so one
learning rate suits any units); weights are reported in the data's own units.
When a straight line separates the classes, the log-loss has no minimum (making
the weights bigger always lowers it): :func:`separation_gap` detects this exactly
and the descent stops at the first step whose line puts every point on its side.

Naive Bayes: multinomial word counts per class with Laplace (add-alpha)
smoothing; the log-odds of spam are the prior's plus one term per word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from intuition.tables import is_number, read_rows

# --- logistic regression: the maths ------------------------------------------------------


def sigmoid(s) -> np.ndarray:
    """1 / (1 + e^-s), without overflow for large |s|."""
    s = np.asarray(s, dtype=float)
    e = np.exp(-np.abs(s))
    return np.where(s >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_loss(w, b: float, x, y) -> float:
    """Average over the points of -log(probability given to the point's own label)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    s = x @ np.asarray(w, dtype=float) + b
    # -[y log p + (1-y) log(1-p)] = log(1 + e^s) - y s, computed stably
    return float(np.mean(np.logaddexp(0.0, s) - y * s))


def log_loss_gradient(w, b: float, x, y) -> tuple[np.ndarray, float]:
    """The gradient of :func:`log_loss`: (mean of (p - y) x, mean of (p - y))."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    r = sigmoid(x @ np.asarray(w, dtype=float) + b) - y
    return x.T @ r / len(y), float(np.mean(r))


def separation_gap(points, labels) -> float:
    """The widest gap between the two classes along any direction (a math fact, no search).

    Positive exactly when a straight line separates the classes strictly. The best
    direction u makes ``min(u . class 1) - max(u . class 0)`` largest; that maximum
    lies where one of the sinusoids it is built from peaks (u along b - a) or where
    the closest point of one class changes (u perpendicular to two points of it),
    so those directions are all that need trying.
    """
    pts, lab = np.asarray(points, dtype=float), np.asarray(labels)
    a, b = pts[lab == 0], pts[lab == 1]
    if len(a) == 0 or len(b) == 0:
        return math.inf
    dirs = [(b[None, :, :] - a[:, None, :]).reshape(-1, 2)]
    for group in (a, b):
        d = (group[None, :, :] - group[:, None, :]).reshape(-1, 2)
        perp = np.column_stack([-d[:, 1], d[:, 0]])
        dirs += [perp, -perp]
    u = np.concatenate(dirs)
    norms = np.linalg.norm(u, axis=1)
    u = u[norms > 1e-12] / norms[norms > 1e-12, None]
    if len(u) == 0:
        return -math.inf  # every point in one place: nothing separates them
    best = -math.inf
    for chunk in np.array_split(u, max(1, math.ceil(len(u) / 4096))):
        gap = (chunk @ b.T).min(axis=1) - (chunk @ a.T).max(axis=1)
        best = max(best, float(gap.max()))
    return best


def _newton(z1: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, bool]:
    """The minimiser of the log-loss in scaled coordinates (Newton with backtracking)."""
    n = len(y)
    theta = np.zeros(z1.shape[1])

    def f(t):
        s = z1 @ t
        return float(np.mean(np.logaddexp(0.0, s) - y * s))

    for _ in range(200):
        p = sigmoid(z1 @ theta)
        g = z1.T @ (p - y) / n
        if np.linalg.norm(g) < 1e-13:
            return theta, True
        h = (z1 * (p * (1 - p))[:, None]).T @ z1 / n
        step = np.linalg.lstsq(h, g, rcond=None)[0]
        t, f0 = 1.0, f(theta)
        while f(theta - t * step) > f0 - 1e-4 * t * float(g @ step) and t > 1e-12:
            t /= 2
        theta = theta - t * step
        if np.linalg.norm(theta) > 1e8:
            return theta, False
    return theta, bool(np.linalg.norm(z1.T @ (sigmoid(z1 @ theta) - y) / n) < 1e-9)


# --- logistic regression: data ----------------------------------------------------------------

DIRECTION = (math.cos(math.radians(30)), math.sin(math.radians(30)))  # the generator's class-1 direction


def generate_two_classes(n_points: int, separation: float, balance: float, seed: int):
    """Two round clouds (spread 1) whose centres are ``separation`` apart; ``balance`` of the points are class 1."""
    rng = np.random.default_rng(seed)
    n1 = int(round(n_points * balance))
    y = np.array([0] * (n_points - n1) + [1] * n1)
    y = y[rng.permutation(n_points)]
    centre = 0.5 * separation * np.array(DIRECTION)
    x = rng.normal(size=(n_points, 2)) + np.where(y[:, None] == 1, centre, -centre)
    return x, y


def read_labelled_csv(path, max_rows: int = 300):
    """Columns x, y, label of a CSV file: points (n, 2), labels 0/1, and the two label names.

    The label that sorts first is class 0, the other class 1 (so 0/1, ham/spam,
    no/yes read the usual way round). Raises ValueError with a message for a teacher.
    """
    rows = read_rows(path)

    head = [c.lower() for c in rows[0]]
    if {"x", "y", "label"} <= set(head):
        cols, body, first = [head.index("x"), head.index("y"), head.index("label")], rows[1:], 2
    elif len(rows[0]) >= 3 and is_number(rows[0][0]) and is_number(rows[0][1]):
        cols, body, first = [0, 1, 2], rows, 1
    else:
        raise ValueError(f"{path} needs columns named x, y and label (a header row), or three columns x, y, label")
    pts, names = [], []
    for line, row in enumerate(body, start=first):
        cells = [row[k] if k < len(row) else "" for k in cols]
        for what, cell in zip(("x", "y"), cells[:2]):
            if not is_number(cell):
                raise ValueError(f"{path} line {line}, {what}: {cell!r} is not a number")
        if not cells[2]:
            raise ValueError(f"{path} line {line}: the label is empty")
        pts.append([float(cells[0]), float(cells[1])])
        names.append(cells[2])
    if len(pts) < 2:
        raise ValueError(f"{path} has {len(pts)} data rows; logistic regression needs at least 2")
    if len(pts) > max_rows:
        raise ValueError(f"{path} has {len(pts)} data rows; at most {max_rows} fit on screen")
    kinds = sorted(set(names), key=_label_order)
    if len(kinds) == 1:
        raise ValueError(f"every row of {Path(path).name} has label {kinds[0]!r}: "
                         "logistic regression needs points of two classes")
    if len(kinds) > 2:
        raise ValueError(f"{Path(path).name} has {len(kinds)} labels ({', '.join(kinds[:5])}); "
                         "logistic regression needs exactly two")
    y = np.array([kinds.index(n) for n in names])
    return np.array(pts), y, (kinds[0], kinds[1])


def _label_order(name: str):
    try:
        return (0, float(name), name)
    except ValueError:
        return (1, 0.0, name.lower())


# --- logistic regression: the model the scene draws --------------------------------------------

GROWTH_FACTORS = (2.0, 4.0, 8.0)
PROBABILITY_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)  # the shading's band edges


@dataclass(frozen=True)
class Checkpoint:
    """The numbers the readout shows at one step of the descent."""

    step: int
    weights: tuple[float, float]  # w1, w2 in the data's units
    bias: float
    loss: float  # average log-loss
    wrong: int  # points on the wrong side of the line (p on the wrong side of 1/2)


@dataclass(frozen=True)
class Growth:
    """The separating line's weights scaled up: the same line, a lower loss (why separable data has no best fit)."""

    factor: float
    weights: tuple[float, float]
    bias: float
    loss: float
    likelihood: float  # exp(-n * loss): climbs towards 1 as the factor grows


@dataclass(frozen=True)
class LogisticRegression:
    source: str  # 'generated' or the CSV path
    n_points: int
    class_names: tuple[str, str]  # class 0, class 1 (p is the probability of class 1)
    class_counts: tuple[int, int]
    x: np.ndarray  # (n, 2) points
    y: np.ndarray  # labels 0 / 1
    learning_rate: float
    steps: int  # steps asked for
    steps_run: int  # steps taken (fewer when the classes are separated)
    separable: bool  # a straight line puts every point on its side: the log-loss has no minimum
    separation_gap: float  # the widest gap between the classes (scaled units; > 0 iff separable)
    separated_at: int | None  # the step whose line first put every point on its side (descent stops there)
    start: Checkpoint
    final: Checkpoint
    checkpoints: list  # Checkpoint at the steps the readout shows, the first is step 0, the last steps_run
    growth: list  # separated: Growth for the last weights times 2, 4, 8 (the loss keeps falling); else empty
    best_weights: tuple[float, float] | None  # the minimiser of the log-loss (None: there is none)
    best_bias: float | None
    best_loss: float | None  # lowest average log-loss possible
    converged: bool  # the descent reached the minimiser (weights within 1e-6, scaled units)
    loss_rose: bool  # some step made the loss go up (the learning rate is too large)
    likelihood: float  # P(every label, as the model now sees it) = exp(-n * final loss)
    feature_mean: tuple[float, float]  # the scaling used for the descent
    feature_scale: tuple[float, float]
    levels: tuple  # probability levels the shading's bands change at
    weights: np.ndarray = field(repr=False)  # (steps_run + 1, 2) w at every step, data units
    biases: np.ndarray = field(repr=False)  # (steps_run + 1,)
    losses: np.ndarray = field(repr=False)  # (steps_run + 1,)
    bounds: tuple[float, float, float, float] = field(repr=False)  # x0, x1, y0, y1 of the picture

    def probability(self, xy, step: int | None = None) -> np.ndarray:
        """p(class 1) at points ``xy`` with the weights of ``step`` (default: the last)."""
        k = self.steps_run if step is None else step
        return sigmoid(np.asarray(xy, dtype=float) @ self.weights[k] + self.biases[k])


def logistic_regression(x, y, learning_rate: float, steps: int, start=(0.0, 0.0, 0.0), *,
                        source: str = "generated", class_names=("0", "1"), readouts: int = 8) -> LogisticRegression:
    """Gradient descent on the average log-loss, from ``start`` = (w1, w2, b) on the scaled features."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=int)
    n = len(y)
    counts = (int(np.sum(y == 0)), int(np.sum(y == 1)))
    if min(counts) == 0:
        raise ValueError("logistic regression needs points of both classes")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    z = (x - mean) / scale
    z1 = np.column_stack([z, np.ones(n)])
    sign = 2 * y - 1
    gap = separation_gap(z, y)
    separable = gap > 1e-9

    def to_data(theta):  # scaled weights -> data weights: v . (x - m) / s + c = (v / s) . x + (c - v . m / s)
        w = theta[:2] / scale
        return w, float(theta[2] - w @ mean)

    theta = np.array(start, dtype=float)
    thetas, losses = [theta.copy()], []
    separated_at = None
    rose = False
    for k in range(steps + 1):
        s = z1 @ theta
        losses.append(float(np.mean(np.logaddexp(0.0, s) - y * s)))
        if k > 0 and losses[-1] > losses[-2] + 1e-12:
            rose = True
        if separable and np.all(sign * s > 0):
            separated_at = k  # this line already splits the classes: bigger weights would only lower the loss
            break
        if k == steps:
            break
        theta = theta - learning_rate * (z1.T @ (sigmoid(s) - y) / n)
        thetas.append(theta.copy())
    steps_run = len(thetas) - 1
    data = [to_data(t) for t in thetas]
    weights = np.array([w for w, _ in data])
    biases = np.array([b for _, b in data])
    losses_arr = np.array(losses)

    best_w = best_b = best_loss = None
    converged = False
    if not separable:
        best, ok = _newton(z1, y.astype(float))
        if ok:
            bw, bb = to_data(best)
            best_w, best_b = (float(bw[0]), float(bw[1])), bb
            s = z1 @ best
            best_loss = float(np.mean(np.logaddexp(0.0, s) - y * s))
            converged = bool(np.linalg.norm(thetas[-1] - best) < 1e-6)

    def checkpoint(k: int) -> Checkpoint:
        s = x @ weights[k] + biases[k]
        return Checkpoint(k, (float(weights[k][0]), float(weights[k][1])), float(biases[k]), float(losses_arr[k]),
                          int(np.sum(sign * s <= 0)))

    growth = []
    if separated_at is not None:
        for c in GROWTH_FACTORS:
            w, b = c * weights[-1], c * float(biases[-1])
            loss = log_loss(w, b, x, y)
            growth.append(Growth(float(c), (float(w[0]), float(w[1])), b, loss, math.exp(-n * loss)))
    # the readout changes at steps spaced like the animation's clock (step = steps_run * t^2)
    marks = sorted({round(steps_run * (j / readouts) ** 2) for j in range(readouts + 1)})
    cps = [checkpoint(k) for k in marks]
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = 0.12 * np.maximum(hi - lo, 1e-9) + np.where(hi - lo > 1e-9, 0.0, 1.0)
    return LogisticRegression(
        source=source,
        n_points=n,
        class_names=(str(class_names[0]), str(class_names[1])),
        class_counts=counts,
        x=x,
        y=y,
        learning_rate=float(learning_rate),
        steps=int(steps),
        steps_run=steps_run,
        separable=bool(separable),
        separation_gap=float(gap) if math.isfinite(gap) else 0.0,
        separated_at=separated_at,
        start=cps[0],
        final=cps[-1],
        checkpoints=cps,
        growth=growth,
        best_weights=best_w,
        best_bias=best_b,
        best_loss=best_loss,
        converged=converged,
        loss_rose=rose,
        likelihood=float(math.exp(-n * losses_arr[-1])),
        feature_mean=(float(mean[0]), float(mean[1])),
        feature_scale=(float(scale[0]), float(scale[1])),
        levels=PROBABILITY_LEVELS,
        weights=weights,
        biases=biases,
        losses=losses_arr,
        bounds=(float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])),
    )


# --- naive Bayes -----------------------------------------------------------------------------

SPAM, HAM = "spam", "ham"

DEFAULT_MESSAGES = (
    "spam: win cash now",
    "spam: free cash prize, claim now",
    "spam: win a free cruise now",
    "ham: lunch at noon?",
    "ham: can you send the report now",
    "ham: free for lunch tomorrow?",
    "ham: the report is due at noon",
)
DEFAULT_MESSAGE = "win cash, free lunch"

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of a message, lower case, punctuation dropped ("Free cash!!" -> ["free", "cash"])."""
    return _WORD.findall(text.lower())


def parse_message_lines(items, sep: str = ":") -> list[tuple[str, str]]:
    """["spam: win cash", "ham: lunch?"] -> [("spam", "win cash"), ("ham", "lunch?")]; ValueError if malformed."""
    out = []
    for k, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise ValueError(f"item {k} must be text like \"spam{sep} win cash now\" (got {item!r})")
        label, found, text = item.partition(sep)
        label = label.strip().lower()
        if not found or label not in (SPAM, HAM):
            shown = item if len(item) <= 30 else item[:27] + "..."
            raise ValueError(f"item {k} must start with spam{sep} or ham{sep} (got {shown!r})")
        out.append((label, text.strip()))
    return out


def read_messages_file(path) -> list[tuple[str, str]]:
    """One message a line, "spam<TAB>text" or "ham<TAB>text"; blank lines and lines starting with # skipped."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"no such file: {path}")
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"cannot read {path} as text ({err.__class__.__name__})") from None
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            out += parse_message_lines([line], sep="\t")
        except ValueError:
            raise ValueError(f"{p.name} line {n} must be spam or ham, a tab, then the message") from None
    return out


def check_messages(messages) -> None:
    """Both classes present; raises ValueError saying what is missing."""
    labels = Counter(label for label, _ in messages)
    if not messages:
        raise ValueError("no training messages: give at least one spam and one ham message")
    for need in (SPAM, HAM):
        if labels[need] == 0:
            have = SPAM if need == HAM else HAM
            which = f"the only message is {have}" if labels[have] == 1 else f"all {labels[have]} messages are {have}"
            raise ValueError(f"{which}: naive Bayes needs at least one of each class")


@dataclass(frozen=True)
class WordEvidence:
    """One distinct known word of the new message and how much it moves the log-odds."""

    word: str
    times: int  # how often it occurs in the new message
    spam_count: int  # how often it occurs in the spam training messages
    ham_count: int
    raw_p_spam: float  # count / total words, no smoothing
    raw_p_ham: float
    p_spam: float  # (count + alpha) / (total + alpha * vocabulary size)
    p_ham: float
    log_ratio: float  # log(p_spam / p_ham): + leans spam, - leans ham (+-inf without smoothing)
    contribution: float | None  # times * log_ratio (None: undefined)


@dataclass(frozen=True)
class NaiveBayes:
    source: str  # 'default', 'list' or the file's path
    messages: list  # (label, text) pairs
    n_spam: int
    n_ham: int
    prior_spam: float  # share of the training messages that are spam
    prior_log_odds: float  # log(P(spam) / P(ham))
    vocabulary_size: int
    spam_words: int  # words in all spam messages together
    ham_words: int
    alpha: float  # Laplace smoothing: added to every count
    message: str
    message_words: list  # the new message's words
    unknown_words: list  # words of it never seen in training (left out: no evidence either way)
    evidence: list  # WordEvidence per distinct known word, in order of appearance
    running_log_odds: list  # the prior's log-odds, then after each word of ``evidence`` (None once undefined)
    log_odds: float | None  # the total (+-inf possible when alpha = 0; None when undefined)
    posterior: float | None  # P(spam | message); None when undefined
    smoothing_word: str | None  # a word of the message never seen in one of the classes
    spam_counts: dict  # word -> count in spam training messages
    ham_counts: dict


def naive_bayes(messages, message: str, alpha: float, *, source: str = "list") -> NaiveBayes:
    messages = [(label, text) for label, text in messages]
    check_messages(messages)
    spam_counts: Counter = Counter()
    ham_counts: Counter = Counter()
    for label, text in messages:
        (spam_counts if label == SPAM else ham_counts).update(words(text))
    vocab = sorted(set(spam_counts) | set(ham_counts))
    n_spam = sum(1 for label, _ in messages if label == SPAM)
    n_ham = len(messages) - n_spam
    prior = n_spam / len(messages)
    prior_lo = math.log(n_spam / n_ham)
    ts, th = sum(spam_counts.values()), sum(ham_counts.values())
    v = len(vocab)
    toks = words(message)
    times = Counter(toks)
    known = [w for w in dict.fromkeys(toks) if w in spam_counts or w in ham_counts]
    unknown = [w for w in dict.fromkeys(toks) if w not in spam_counts and w not in ham_counts]
    evidence = []
    running: list = [prior_lo]
    total: float | None = prior_lo
    for w in known:
        cs, ch = spam_counts[w], ham_counts[w]
        ps = (cs + alpha) / (ts + alpha * v) if ts + alpha * v > 0 else 0.0
        ph = (ch + alpha) / (th + alpha * v) if th + alpha * v > 0 else 0.0
        if ps > 0 and ph > 0:
            lr = math.log(ps / ph)
        else:
            lr = math.inf if ps > 0 else -math.inf
        contribution = times[w] * lr
        evidence.append(WordEvidence(w, times[w], cs, ch, cs / ts if ts else 0.0, ch / th if th else 0.0,
                                     ps, ph, lr, contribution))
        if total is not None:
            if math.isinf(total) and math.isinf(contribution) and (total > 0) != (contribution > 0):
                total = None  # one word rules out spam, another rules out ham
            else:
                total = total + contribution
        running.append(total)
    if total is None:
        posterior = None
    elif math.isinf(total):
        posterior = 1.0 if total > 0 else 0.0
    else:
        posterior = float(sigmoid(total))
    # the word to smooth on screen: never seen in one class, best the class the verdict favours
    lonely = [e for e in evidence if (e.spam_count == 0) != (e.ham_count == 0)]
    leans_spam = posterior is not None and posterior >= 0.5
    lonely.sort(key=lambda e: (e.spam_count == 0) != leans_spam)
    return NaiveBayes(
        source=source,
        messages=messages,
        n_spam=n_spam,
        n_ham=n_ham,
        prior_spam=prior,
        prior_log_odds=prior_lo,
        vocabulary_size=v,
        spam_words=ts,
        ham_words=th,
        alpha=float(alpha),
        message=message,
        message_words=toks,
        unknown_words=unknown,
        evidence=evidence,
        running_log_odds=running,
        log_odds=total,
        posterior=posterior,
        smoothing_word=lonely[0].word if lonely else None,
        spam_counts=dict(sorted(spam_counts.items())),
        ham_counts=dict(sorted(ham_counts.items())),
    )
