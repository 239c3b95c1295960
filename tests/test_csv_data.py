"""A teacher's own data wherever data is shown: regression, covariance, mle and sampling read a CSV.

Each scene takes ``csv`` (a file parameter: its bytes are in the render key) and its columns by
header name or number from 1 (``x_column``/``y_column``, or ``column`` for one column of values),
header optional. The models are checked against numpy and scipy computed here; bad rows are one
line naming the file, the line and what is allowed, exit status 2, nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps
from test_new_user import TINY, fake_render, one_error_line, run  # noqa: F401 (fake_render: a fixture)

from conftest import ROOT
from intuition import catalog
from intuition import probability as prob
from intuition import statistics as stats
from intuition.params import file_fields
from intuition.tables import read_number_columns
from production import RenderRequest, plan

DATA = ROOT / "examples" / "data"
EXAMPLES = {  # the sample file each scene's docstring and the README name
    "regression": DATA / "study_hours.csv",
    "covariance": DATA / "heights_weights.csv",
    "mle": DATA / "reaction_times.csv",
    "sampling": DATA / "bus_waits.csv",
}


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def columns_of(path: Path) -> np.ndarray:
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


# --- the shared reader ----------------------------------------------------------------------


def test_columns_by_name_or_number_with_or_without_a_header(tmp_path):
    named = write(tmp_path, "height,weight,age\n1.6,60,30\n1.7,72,40\n1.8,80,22\n")
    values, names = read_number_columns(named, ("weight", 3), needs="test", least=1)
    np.testing.assert_array_equal(values, [[60, 30], [72, 40], [80, 22]])
    assert names == ("weight", "age")
    bare = write(tmp_path, "1.6,60\n1.7,72\n1.8,80\n", "bare.csv")
    values, names = read_number_columns(bare, ("", ""), needs="test", least=1)
    np.testing.assert_array_equal(values, [[1.6, 60], [1.7, 72], [1.8, 80]])
    assert names == ("column 1", "column 2")
    one, (name,) = read_number_columns(named, ("",), needs="test", least=1)
    assert one.shape == (3, 1) and name == "height"


def test_a_bad_cell_names_the_line_of_the_file_even_after_blank_lines(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n\n3,4\n5,abc\n")
    with pytest.raises(ValueError) as err:
        read_number_columns(path, ("", ""), needs="test", least=1)
    assert str(err.value) == f"{path} line 5, y: 'abc' is not a number; each row needs a number in y"


# --- the models, against numpy and scipy ----------------------------------------------------


def test_regression_from_a_csv_is_least_squares(tmp_path):
    path = write(tmp_path, "year,sales,price\n1,12.5,3\n2,13.9,3.5\n3,16.2,3.1\n4,17.1,4\n5,19.8,4.2\n6,20.1,4.4\n")
    m = catalog.get("regression").compute(catalog.get("regression").build({"csv": str(path), "y_column": "sales"}))
    data = columns_of(path)
    fit = sps.linregress(data[:, 0], data[:, 1])
    assert m.slope == pytest.approx(fit.slope, rel=1e-12)
    assert m.intercept == pytest.approx(fit.intercept, rel=1e-12)
    assert m.r_squared == pytest.approx(fit.rvalue**2, rel=1e-12)
    np.testing.assert_allclose(m.residuals, data[:, 1] - (fit.slope * data[:, 0] + fit.intercept), atol=1e-12)
    assert m.mean_squared_error == pytest.approx(np.mean(m.residuals**2))
    assert m.start_intercept == pytest.approx(data[:, 1].mean())
    assert m.source == str(path) and m.column_names == ("year", "sales")
    x0, x1, y0, y1 = m.bounds
    assert x0 <= data[:, 0].min() and data[:, 0].max() <= x1 and y0 <= data[:, 1].min() and data[:, 1].max() <= y1
    assert m.shows_x_zero  # x from 1 to 6: the chart reaches x = 0, where b is read
    far = stats.regression_of_points([150, 160, 170, 180], [50, 61, 68, 80], "far.csv")
    assert not far.shows_x_zero  # heights in cm: x = 0 is far off, the scene says so


def test_covariance_from_a_csv_is_numpys(tmp_path):
    points, names = prob.read_cloud_csv(DATA / "heights_weights.csv", "height_cm", 2)
    m = prob.covariance_of_points(points, "heights_weights.csv", names)
    np.testing.assert_allclose(m.covariance_matrix, np.cov(points.T, bias=True), rtol=1e-12)
    assert m.variance == pytest.approx(np.var(points[:, 0]), rel=1e-12)
    assert m.correlation == pytest.approx(sps.pearsonr(points[:, 0], points[:, 1]).statistic, rel=1e-12)
    assert m.covariance_sign == "positive" and not m.zero_variance
    assert m.target is m.start and len(m.path) == 1  # a teacher's points are read as they are
    assert m.start.correlation_target == pytest.approx(m.correlation)  # so the scene plays no slide
    assert names == ("height_cm", "weight_kg")
    xmin, xmax, ymin, ymax = m.bounds
    assert xmin <= points[:, 0].min() and points[:, 0].max() <= xmax
    assert ymin <= points[:, 1].min() and points[:, 1].max() <= ymax
    tiny = prob.covariance_of_points(points / 1000, "tiny.csv")  # millimetres in metres: same picture, scaled
    np.testing.assert_allclose(np.array(tiny.bounds) * 1000, m.bounds, rtol=1e-9)


def test_mle_from_a_csv_fits_the_normal_as_scipy_does():
    data, name = stats.read_samples_csv(DATA / "reaction_times.csv")
    m = stats.mle_normal_fit(data, "reaction_times.csv")
    mu, sigma = sps.norm.fit(data)  # scipy's maximum-likelihood fit of both parameters
    assert m.estimate == pytest.approx(mu, rel=1e-12) and m.closed_form == pytest.approx(mu, rel=1e-12)
    assert m.sigma == pytest.approx(sigma, rel=1e-12) and m.sigma_fitted and name == "reaction_ms"
    assert m.log_likelihood == pytest.approx(sps.norm.logpdf(data, mu, sigma).sum(), rel=1e-12)
    # the drawn curve peaks at the estimate, and every candidate's number is scipy's
    assert abs(m.grid[np.argmax(m.curve)] - mu) <= np.diff(m.grid).max()
    for c, ll in zip(m.candidates, m.candidate_log_likelihoods):
        assert ll == pytest.approx(sps.norm.logpdf(data, c, sigma).sum(), rel=1e-12)


def test_sampling_from_a_csv_draws_from_its_values():
    values, _ = prob.read_population_csv(DATA / "bus_waits.csv", "wait_minutes")
    m = prob.sampling("exponential", 2000, 24, 10, 2000, 7, population=values, file="bus_waits.csv")
    assert m.source == "data" and m.population_size == len(values) == 200
    assert set(np.unique(m.samples)) <= set(values) and set(np.unique(m.first_sample)) <= set(values)
    assert m.source_mean == pytest.approx(np.mean(values)) and m.source_std == pytest.approx(np.std(values))
    assert m.clt_std == pytest.approx(np.std(values) / np.sqrt(10))
    counts, edges = np.histogram(m.samples, bins=24, range=m.x_range)
    np.testing.assert_array_equal(m.histogram.counts, counts)
    np.testing.assert_allclose(m.histogram.edges, edges)
    assert m.x_range[0] < values.min() and values.max() < m.x_range[1]  # every value lands inside a bin
    # the shape the histogram tends to is the values' own histogram: area 1, on the same bins
    xs, ys = m.density_curve(301)
    assert np.sum(m.population.density * np.diff(m.population.edges)) == pytest.approx(1.0)
    assert ys.max() == pytest.approx(m.population.density.max())
    assert sps.ks_2samp(m.samples, values).pvalue > 0.01  # the draws follow the values' distribution
    # means of 10 draws with replacement: spread sigma / sqrt(10), centre the values' mean
    assert m.means_std == pytest.approx(m.clt_std, rel=0.1)
    assert m.means_mean == pytest.approx(np.mean(values), abs=3 * m.clt_std / np.sqrt(2000))


# --- parameters: file kind, render key, defaults ---------------------------------------------


@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_csv_is_a_file_parameter_whose_bytes_key_the_render(scene, tmp_path):
    spec = catalog.get(scene)
    assert "csv" in file_fields(spec.params)
    source = EXAMPLES[scene]
    path = write(tmp_path, source.read_text())

    def job():
        return plan(RenderRequest(scenes=(scene,), sets=(f"csv={path}",), quality="l", out_dir=tmp_path / "m")).jobs[0]

    first = job()
    assert first.key == job().key  # the same file twice: the same clip
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[-1] = str(float(cells[-1]) + 1)  # one value edited
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    second = job()
    assert second.key != first.key
    assert dict(second.inputs)["csv"] != dict(first.inputs)["csv"]


@pytest.mark.usefixtures("fake_render")
@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_an_edited_csv_renders_again_through_the_cli(scene, tmp_path):
    """The request cache (a finished command is not planned again) still sees the file's bytes."""
    path = write(tmp_path, EXAMPLES[scene].read_text())
    out = tmp_path / "media"
    args = ["render", scene, "--set", f"csv={path}", *TINY, "-o", out]
    assert "rendered" in run(*args).output
    assert "cached" in run(*args).output
    path.write_text(path.read_text().replace("\n", "\n1", 1))  # the first data row's first value, 1 in front
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert "rendered" in again.output and "cached" not in again.output
    assert len(list((out / scene).glob("*.mp4"))) == 2


@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_the_docs_name_each_example_file(scene):
    name = EXAMPLES[scene].name
    assert f"examples/data/{name}" in catalog.get(scene).module_file.read_text()
    assert f"render {scene} --set csv=examples/data/{name}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_without_a_csv_the_scene_draws_as_before(scene):
    model = catalog.get(scene).inspect({})
    assert model.get("source", "generated") in ("generated", "exponential") and model.get("file") is None
    assert model["params"]["csv"] == ""


# --- bad files through the CLI: one line, exit 2, nothing written -------------------------------

BAD = [  # scene, the file, other settings, what the line says (it names csv)
    ("regression", "x,y\n1,2\n2,3\n3,abc\n", [], "line 4, y: 'abc' is not a number; each row needs a number"),
    ("regression", "x,y\n1,2\n2,\n3,4\n", [], "line 3, y: the cell is empty"),
    ("regression", "x,y\n1,2\n2,3\n", [], "has 2 data rows; regression needs at least 3"),
    ("regression", "x,y\n" + "1,2\n2,3\n" * 101, [], "has 202 data rows; regression reads at most 200"),
    ("regression", "x,y\n4,2\n4,3\n4,5\n", [], "every value of x is 4; a line through the points needs"),
    ("regression", "x,y\n1,2\n2,3\n3,5\n", ["mode=collinear"], "one data set, read with mode=simple (not"),
    ("covariance", "a,b\n1,2\n2,3\n3,4\n", ["y_column=weight"], "no column named 'weight' (columns: a, b)"),
    ("covariance", "1,2\n2,3\n3,4\n", ["x_column=3"], "has no column 3 (it has 2 columns)"),
    ("covariance", "a,b\n1,2\n\n2,x\n3,4\n", [], "line 4, b: 'x' is not a number"),
    ("mle", "ms\n250\n", [], "has 1 data row; the normal fit needs at least 2"),
    ("mle", "ms\n250\n250\n250\n", [], "every value of ms is 250; fitting a normal needs values that differ"),
    ("mle", "ms\n250\n260\n", ["family=coin"], "read with family=normal (not family=coin)"),
    ("mle", "ms\n" + "250\n" * 101, [], "has 101 data rows; the normal fit reads at most 100"),
    ("sampling", "v\n1\n2\nthree\n", [], "line 4, v: 'three' is not a number"),
    ("sampling", "v\n2\n2\n", [], "every value of v is 2; a histogram of the values needs values that differ"),
    ("sampling", "v,w\n1,2\n3,4\n", ["column=z"], "has no column named 'z' (columns: v, w)"),
    ("sampling", "v\n" + "1\n2\n" * 2501, [], "has 5002 data rows; sampling reads at most 5000"),
]


@pytest.mark.parametrize(("scene", "text", "sets", "says"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_a_bad_csv_is_one_line_exit_2_and_nothing_written(scene, text, sets, says, tmp_path):
    path = write(tmp_path, text, "bad.csv")
    out = tmp_path / "media"
    args = ["render", scene, "--set", f"csv={path}", *[a for s in sets for a in ("--set", s)], *TINY, "-o", out]
    line = one_error_line(run(*args))
    assert "parameter 'csv'" in line and says in line, line
    if "read with" not in says:  # a wrong mode or family: the file itself is fine
        assert f"{path} " in line or f"{path}:" in line, line  # the file is named
    assert not out.exists()


@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_a_missing_csv_is_one_line(scene, tmp_path):
    line = one_error_line(run("inspect", scene, "--set", f"csv={tmp_path / 'nope.csv'}"))
    assert "'csv'" in line and "no such file" in line and "nope.csv" in line


# --- the scenes, built from a CSV without writing video ----------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


def caption_text(scene) -> str:
    return " ".join(c.text for c in scene.captions)


@pytest.mark.render
def test_regression_scene_from_a_csv():
    scene = build_scene("regression", csv=str(DATA / "study_hours.csv"))
    assert_scene_ok(scene)
    m, words = scene.model, caption_text(scene)
    data = columns_of(DATA / "study_hours.csv")
    slope, intercept = np.polyfit(data[:, 0], data[:, 1], 1)
    assert "study_hours.csv" in words and "score against hours" in words
    assert f"{round(slope, 2):g}" in words and f"{round(intercept, 2):g}" in words
    assert scene.axes.x_range[0] == 0 and m.shows_x_zero


@pytest.mark.render
def test_regression_scene_says_when_x_zero_is_off_the_chart():
    scene = build_scene("regression", csv=str(DATA / "heights_weights.csv"), y_column="weight_kg")
    assert_scene_ok(scene)
    assert "off this chart" in caption_text(scene)
    assert scene.axes.x_range[0] > 100  # the chart shows the heights, not 0..200


@pytest.mark.render
def test_covariance_scene_from_a_csv():
    scene = build_scene("covariance", csv=str(DATA / "heights_weights.csv"))
    assert_scene_ok(scene)
    words = caption_text(scene)
    assert "30 values of height_cm from heights_weights.csv" in words
    assert "slides" not in words  # a teacher's cloud is read as it is
    cov = np.cov(columns_of(DATA / "heights_weights.csv")[:, :2].T, bias=True)
    assert f"Covariance {round(cov[0, 1], 2):g}" in words


@pytest.mark.render
def test_mle_scene_from_a_csv():
    scene = build_scene("mle", csv=str(DATA / "reaction_times.csv"), column="reaction_ms")
    assert_scene_ok(scene)
    data = columns_of(DATA / "reaction_times.csv")[:, 0]
    words = caption_text(scene)
    assert "20 values from reaction_times.csv" in words and f"σ = {round(np.std(data), 2):g}" in words
    assert f"the sample mean, {round(np.mean(data), 3):g}" in words


@pytest.mark.render
def test_sampling_scene_from_a_csv():
    scene = build_scene("sampling", csv=str(DATA / "bus_waits.csv"))
    assert_scene_ok(scene)
    words = caption_text(scene)
    assert "from the 200 values in bus_waits.csv" in words and "like that of all 200 values" in words
    assert scene.model.source == "data"


@pytest.mark.render
@pytest.mark.parametrize(("scene", "lang"), [("covariance", "de"), ("mle", "de"), ("regression", "fr"),
                                           ("sampling", "zh_Hans")])
def test_a_csv_scene_in_a_longer_or_a_wider_script_language_fits(scene, lang):
    """German and French titles are wide (the covariance chart's y name once ran into them)."""
    assert_scene_ok(build_scene(scene, csv=str(EXAMPLES[scene]), lang=lang))


# --- real renders through the CLI --------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize("scene", sorted(EXAMPLES))
def test_each_scene_renders_from_its_example_csv(scene, tmp_path):
    source = EXAMPLES[scene]
    out = tmp_path / "media"
    result = run("render", scene, "--set", f"csv={source}", *TINY, "-o", out)
    assert result.exit_code == 0, result.output
    folder = out / scene
    assert len(list(folder.glob("*.mp4"))) == 1
    manifest = json.loads(next(folder.glob("*.json")).read_text())
    assert Path(manifest["params"]["csv"]).name == source.name
    assert source.name in next(folder.glob("*.srt")).read_text()


# --- a teacher's data in the hundreds of thousands (house prices) -------------------------------

HOUSES = "".join(f"{600 + 73 * i},{50_000 + 120 * (600 + 73 * i) + (-1) ** i * 40_000 * (i % 5)}\n"
                 for i in range(40))


def houses(tmp_path: Path) -> Path:
    return write(tmp_path, "sqft,price\n" + HOUSES, "houses.csv")


def test_columns_in_units_too_different_to_share_one_each_span_their_own(tmp_path):
    pts = columns_of(houses(tmp_path))
    cov = prob.covariance_of_points(pts, "houses.csv")
    assert not cov.equal_units
    x0, x1, y0, y1 = cov.bounds
    sx, sy = np.sqrt(np.diag(np.cov(pts.T, bias=True)))
    mx, my = pts.mean(axis=0)
    assert x0 <= min(pts[:, 0].min(), mx - 2 * sx) and x1 >= max(pts[:, 0].max(), mx + 2 * sx)
    assert y0 <= min(pts[:, 1].min(), my - 2 * sy) and y1 >= max(pts[:, 1].max(), my + 2 * sy)
    assert x1 - x0 < 3 * np.ptp(pts[:, 0])  # the x side is the square feet's, not the dollars'
    heights = columns_of(DATA / "heights_weights.csv")[:, :2]
    assert prob.covariance_of_points(heights, "heights_weights.csv").equal_units


@pytest.mark.render
@pytest.mark.parametrize(("scene", "sets", "chart", "axis"), [
    ("regression", {}, "axes", "y_axis"), ("covariance", {}, "axes", "y_axis"),
    ("mle", {"column": "price"}, "top_axes", "x_axis"), ("sampling", {"column": "price"}, "m_axes", "x_axis"),
])
@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
def test_an_axis_of_hundreds_of_thousands_counts_in_thousands_and_fits(scene, sets, chart, axis, aspect, tmp_path):
    built = build_scene(scene, csv=str(houses(tmp_path)), aspect=aspect, **sets)
    assert_scene_ok(built)
    axes = getattr(built, chart)
    numbers = [n.number for n in getattr(axes, axis).numbers]
    assert max(abs(v) for v in numbers) < 1000 and max(numbers) >= 100  # 200 ... 600, not 200,000 ...
    assert len(axes.factor_labels) >= 1 and axes.factor_labels in axes.submobjects
