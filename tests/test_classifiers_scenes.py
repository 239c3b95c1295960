"""logistic-regression and naive-bayes: built without video for defaults and edge cases (frame fit,
no label overlap, length, captions that tell the truth, readouts that are the model's numbers),
and bad input through the CLI (exit 2, one line naming the parameter)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from intuition import catalog
from scene_checks import assert_scene_ok, build_scene

# --- logistic regression -----------------------------------------------------------------------


def length(scene) -> float:
    """Seconds of video (run times added up; ``video_time`` needs the build's own frame rate)."""
    return float(scene.time)


def caption_text(scene) -> str:
    return " ".join(c.text for c in scene.captions)


def readout_text(scene) -> str:
    texts = []
    for row in scene.rows:
        texts += [getattr(m, "text", "") for m in row.get_family()]
    return " ".join(texts).replace(" ", "")


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},  # overlapping classes: the descent settles on the best line
        {"separation": 6.0},  # a line splits them: stop, and grow the weights to show why
        {"separation": 4.5, "steps": 3},  # separable, but not split yet when the steps run out
        {"separation": 4.5, "start": [3.0, 3.0, 0.0]},  # the start already splits them: no step at all
        {"separation": 1.0, "learning_rate": 10.0},  # too large a step: the loss goes up
        {"n_points": 200, "balance": 0.2, "start": [0.0, 0.0, 0.0], "steps": 5000},  # crowded, lopsided, long
    ],
)
def test_logistic_regression_scene_fits_and_tells_the_truth(params):
    scene = build_scene("logistic-regression", **params)
    assert_scene_ok(scene)
    assert 15.0 <= length(scene) <= 30.0, length(scene)
    m = scene.model
    texts = caption_text(scene)
    assert "maximising the likelihood" in texts
    assert "turns a score into a probability" in texts
    if m.separable and m.separated_at is not None:
        assert "without bound" in texts and "stops here" in texts
        assert f"{m.growth[-1].loss:.3f}".rstrip("0").rstrip(".") in readout_text(scene)
    elif m.separable:
        assert "grow forever" in texts
    elif m.loss_rose:
        assert "too large" in texts and "went up" in texts
    else:
        from scenes import style

        assert f"loss is {style.fmt(m.final.loss, 3)}" in texts
        assert f"log-loss={style.fmt(m.final.loss, 3)}" in readout_text(scene)
    if not m.growth:
        assert f"wrongside:{m.final.wrong}of{m.n_points}" in readout_text(scene)


@pytest.mark.render
def test_logistic_regression_from_a_csv(tmp_path):
    f = tmp_path / "exam.csv"
    rows = ["x,y,label"] + [f"{h},{s},{'pass' if h + s > 9 else 'fail'}" for h, s in
                            [(1, 2), (2, 5), (3, 3), (4, 6), (5, 2), (6, 7), (7, 1), (8, 4), (2, 9), (9, 6), (6, 4),
                             (3, 7)]]
    rows.append("4.5,4.2,pass")  # one pass below the line: the classes overlap
    f.write_text("\n".join(rows) + "\n")
    scene = build_scene("logistic-regression", csv=str(f))
    assert_scene_ok(scene)
    assert "pass in blue, fail in orange" in caption_text(scene)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_square_frames_loss_chart_keeps_its_words_and_numbers_apart(lang):
    """The loss chart of a 1:1 frame is narrow: its step numbers are fewer (five of them ran into
    one another in German), and "lowest possible" goes on two lines inside the chart, clear of the
    curve's first drop, instead of hanging over the picture to its left."""
    scene = build_scene("logistic-regression", aspect="1:1", lang=lang)
    assert_scene_ok(scene)
    ax = scene.loss_axes
    numbers = list(ax.x_axis.numbers)
    assert len(numbers) >= 2
    assert all(b.get_left()[0] - a.get_right()[0] > 0.15 for a, b in zip(numbers, numbers[1:]))
    start, end = ax.c2p(0, 0)[0], ax.c2p(ax.x_range[1], 0)[0]
    assert scene.best_name.get_left()[0] >= start + 0.15 * (end - start) - 1e-6
    assert scene.best_name.get_right()[0] <= end + 1e-6


@pytest.mark.parametrize("aspect, lang", [("1:1", "en"), ("1:1", "fr"), ("9:16", "en"), ("4:3", "de"),
                                          ("16:9", "en")])
def test_readout_rows_stay_readable_in_a_narrow_column(aspect, lang):
    """Side by side, the weights, the loss and the wrong side shrank to about half their size in a
    square frame's column (the likelihood too): there each piece takes a line of its own, and the
    likelihood goes on two, cut before its value."""
    from manim import Text

    from scenes import style

    scene = build_scene("logistic-regression", aspect=aspect, lang=lang)
    assert_scene_ok(scene)
    lines = [*scene.rows, *scene.likelihood_row]

    def sizes(group) -> list[float]:
        return [t.font_size for line in group for t in line.get_family() if isinstance(t, Text)]

    value = scene.likelihood_row[-1]
    assert min(sizes(scene.rows)) >= 0.8 * style.SMALL_SIZE - 0.5, sizes(scene.rows)
    # the likelihood's words may shrink more (French's in a square frame to 0.6; it is the widest row in 16:9 too)
    assert min(sizes(scene.likelihood_row)) >= 0.6 * style.SMALL_SIZE - 0.5, sizes(scene.likelihood_row)
    assert all(a.get_bottom()[1] > b.get_top()[1] for a, b in zip(lines, lines[1:]))  # one under another
    if not scene.tall:  # the chart above the readouts (beside them in a tall frame)
        assert scene.loss_axes.get_bottom()[1] > lines[0].get_top()[1]
    if scene.stack_pieces:
        assert value.text.replace(" ", "").startswith("=")
    assert scene.stack_pieces == (aspect != "16:9")


@pytest.mark.parametrize("aspect", ["1:1", "4:3", "16:9"])
def test_the_naive_formula_goes_on_two_lines_rather_than_shrink(aspect):
    """In a square frame's column the one-line formula shrank to 0.27 units high (about half size)."""
    scene = build_scene("naive-bayes", aspect=aspect)
    assert_scene_ok(scene)
    naive = scene.naive
    assert len(naive) == 2 and naive[0].get_bottom()[1] > naive[1].get_top()[1]
    assert naive.height >= 0.7
    left, right = scene.column_box[:2]
    assert left - 1e-6 <= naive.get_left()[0] and naive.get_right()[0] <= right + 1e-6


def test_captions_for_every_outcome():
    from intuition import classifiers as clf
    from scenes.machine_learning.logistic_regression import outcome_captions, tiny

    x, y = clf.generate_two_classes(40, 2.5, 0.5, 3)
    best = outcome_captions(clf.logistic_regression(x, y, 2.0, 80, (0.5, -2.0, 1.0)))
    assert "as low as it goes" in best[0] and "wrong side" in best[1]
    early = outcome_captions(clf.logistic_regression(x, y, 0.05, 5, (0.5, -2.0, 1.0)))
    assert "still falling" in early[0]
    for says in (best, early):
        assert all(len(s) <= 95 for s in says)  # one readable line each
    assert tiny(3.7e-6) == "3.7 × 10⁻⁶" and tiny(0.0123) == "0.012" and tiny(0.0) == "0"


# --- naive Bayes ---------------------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize(
    "params",
    [
        {},  # default: "win cash, free lunch", smoothing on "lunch"
        {"alpha": 0.0},  # no smoothing: one word rules out spam, another ham
        {"alpha": 0.0, "message": "free cash now"},  # no smoothing: certain spam
        {"message": "hello there, ok?"},  # no known word: the posterior is the prior
        {"message": ""},  # no words at all
        {"message": "win cash: claim your prize now, free lunch"},  # 8 words, one unknown
        {"messages": [f"spam: buy cheap pills now {i}" for i in range(20)]
         + [f"ham: see you at the match {i}" for i in range(20)], "message": "cheap match tickets now"},
    ],
)
def test_naive_bayes_scene_fits_and_tells_the_truth(params):
    scene = build_scene("naive-bayes", **params)
    assert_scene_ok(scene)
    assert 15.0 <= length(scene) <= 30.0, length(scene)
    m = scene.model
    texts = caption_text(scene)
    assert "independent" in texts
    from scenes.machine_learning.naive_bayes import prob

    if not m.evidence:
        assert "posterior is the prior" in texts and prob(m.prior_spam) in texts
    elif m.posterior is None:
        assert "cannot decide" in texts
    else:
        assert prob(m.posterior) in texts
    if m.smoothing_word and m.alpha > 0:
        assert "Laplace smoothing" in texts and m.smoothing_word in texts
    if m.evidence:
        shown = [row[0].text for row in scene.ledger]  # a row per word, after the prior's
        assert shown[0] == "prior" and len(shown) == len(m.evidence) + 1


@pytest.mark.render
def test_naive_bayes_from_a_file(tmp_path):
    f = tmp_path / "inbox.txt"
    f.write_text("spam\tcheap pills now\nspam\twin money now\nham\tdinner tonight?\nham\tmoney for dinner\n")
    out = catalog.get("naive-bayes").inspect({"messages_file": str(f), "message": "money now"})
    assert out["source"] == str(f) and out["n_spam"] == 2 and out["n_ham"] == 2
    scene = build_scene("naive-bayes", messages_file=str(f), message="money now")
    assert_scene_ok(scene)


def test_inspect_shows_the_numbers_on_screen():
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", "naive-bayes"], catch_exceptions=False)
    out = json.loads(result.output)
    assert out["posterior"] == pytest.approx(0.868, abs=1e-3) and out["smoothing_word"] == "lunch"
    assert [e["word"] for e in out["evidence"]] == ["win", "cash", "free", "lunch"]
    result = CliRunner().invoke(cli, ["inspect", "logistic-regression"], catch_exceptions=False)
    out = json.loads(result.output)
    assert {"checkpoints", "final", "best_loss", "likelihood", "separable", "growth"} <= set(out)
    assert "weights" not in out and "losses" not in out  # the full trajectory is for the picture only


# --- bad input through the CLI ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "setting", "name"),
    [
        ("logistic-regression", "balance=0", "balance"),
        ("logistic-regression", "balance=1", "balance"),
        ("logistic-regression", "n_points=3", "n_points"),
        ("logistic-regression", "learning_rate=0", "learning_rate"),
        ("logistic-regression", "steps=0", "steps"),
        ("logistic-regression", "start=[1,2]", "start"),
        ("logistic-regression", "csv=/no/such/file.csv", "csv"),
        ("naive-bayes", "messages=[]", "messages"),
        ('naive-bayes', 'messages=["spam: win cash", "spam: free prize"]', "messages"),
        ("naive-bayes", 'messages=["junk: hello", "ham: hi"]', "messages"),
        ("naive-bayes", "alpha=-1", "alpha"),
        ("naive-bayes", "message='one two three four five six seven eight nine'", "message"),
        ("naive-bayes", "messages_file=/no/such/file.txt", "messages_file"),
    ],
)
def test_bad_input_exits_2_naming_the_parameter(scene, setting, name):
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", scene, "--set", setting])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and f"'{name}'" in lines[0], result.output


def test_one_class_files_are_one_line_errors(tmp_path):
    from render import cli

    csv = tmp_path / "one.csv"
    csv.write_text("x,y,label\n1,2,yes\n3,4,yes\n")
    txt = tmp_path / "one.txt"
    txt.write_text("ham\thello\nham\tlunch?\n")
    for scene, setting, name, says in [("logistic-regression", f"csv={csv}", "csv", "two classes"),
                                       ("naive-bayes", f"messages_file={txt}", "messages_file", "one of each class")]:
        result = CliRunner().invoke(cli, ["inspect", scene, "--set", setting])
        assert result.exit_code == 2
        lines = [ln for ln in result.output.strip().splitlines() if ln.strip()]
        assert len(lines) == 1 and f"'{name}'" in lines[0] and says in lines[0], result.output
