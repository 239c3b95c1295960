"""eigenvectors, svd, pca: the models against numpy.linalg, the scenes built for every edge case, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from intuition import catalog
from intuition.linalg import eigen, generate_cloud, pca, read_points_csv, spread_ratio, svd

# rounded to 6 decimals: numpy.linalg.eig itself misreports eigenvectors for entries like 5e-241
# (LAPACK balancing on subnormal numbers), and a teacher types decimals, not those
entries = st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda x: round(x, 6))
matrices = st.lists(st.lists(entries, min_size=2, max_size=2), min_size=2, max_size=2).map(np.array)
# small integers hit the edge cases (repeated, zero, scalar, singular) far more often than floats do
small_ints = st.lists(st.lists(st.integers(-3, 3), min_size=2, max_size=2), min_size=2, max_size=2).map(
    lambda m: np.array(m, dtype=float)
)


def parallel(a, b, tol=1e-9) -> bool:
    """Same line through the origin (eigenvectors are defined up to sign and scale)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return abs(a[0] * b[1] - a[1] * b[0]) <= tol * np.linalg.norm(a) * np.linalg.norm(b)


def numpy_kind(a: np.ndarray) -> str | None:
    """The eigen kind read off numpy.linalg.eig, or None when too close to a boundary to call."""
    vals, vecs = np.linalg.eig(a)
    scale = max(1.0, float(np.abs(a).max()))
    gap = abs(vals[0] - vals[1])
    if np.abs(vals.imag).max() > 1e-6 * scale:
        return "complex"
    if gap > 1e-6 * scale:
        return "real-distinct"
    if gap > 1e-12 * scale:
        return None
    if np.allclose(a, vals[0].real * np.eye(2), atol=1e-12):
        return "every-line"
    return "repeated-one-line"


# --- eigenvectors -------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.one_of(matrices, small_ints))
def test_every_real_eigenpair_satisfies_av_equals_lambda_v(a):
    model = eigen(a)
    scale = max(1.0, float(np.abs(a).max()))
    if model.kind == "complex":
        assert model.eigenvectors == []
        return
    assert len(model.eigenvectors) >= 1
    lams = model.eigenvalues if model.kind == "real-distinct" else [model.eigenvalues[0]] * len(model.eigenvectors)
    for lam, v in zip(lams, model.eigenvectors):
        assert np.linalg.norm(v) == pytest.approx(1.0)
        np.testing.assert_allclose(a @ v, lam * v, atol=1e-8 * scale)


@settings(max_examples=100, deadline=None)
@given(st.one_of(matrices, small_ints))
def test_kind_classification_matches_numpy(a):
    expected = numpy_kind(a)
    assume(expected is not None)
    assert eigen(a).kind == expected


@settings(max_examples=100, deadline=None)
@given(matrices)
def test_eigenvalues_and_vectors_agree_with_numpy(a):
    vals, vecs = np.linalg.eig(a)
    scale = max(1.0, float(np.abs(a).max()))
    tr, det = np.trace(a), np.linalg.det(a)
    assume(abs(tr * tr - 4 * det) > 1e-3 * scale * scale)  # well away from a repeated eigenvalue
    model = eigen(a)
    if model.kind == "complex":
        z = vals[np.argmax(vals.imag)]
        assert model.eigenvalues[0] == pytest.approx(complex(z), abs=1e-9 * scale)
        assert model.eigenvalues[1] == pytest.approx(complex(z).conjugate(), abs=1e-9 * scale)
        assert model.rotation_degrees == pytest.approx(np.degrees(np.angle(z)), abs=1e-9)
        assert model.rotation_scale == pytest.approx(abs(z), abs=1e-9 * scale)
        return
    order = np.argsort(-vals.real)
    np.testing.assert_allclose(model.eigenvalues, vals.real[order], atol=1e-9 * scale)
    for v, k in zip(model.eigenvectors, order):
        assert parallel(v, vecs[:, k].real, tol=1e-7)


@pytest.mark.parametrize(
    ("matrix", "kind", "values", "lines", "effects"),
    [
        ([[3, 1], [0, 2]], "real-distinct", [3, 2], [[1, 0], [1, -1]], ["stretch", "stretch"]),
        ([[1, 1], [0, 1]], "repeated-one-line", [1], [[1, 0]], ["keep"]),
        ([[2, 0], [0, 2]], "every-line", [2], [[1, 0], [0, 1]], ["stretch", "stretch"]),
        ([[-1, 0], [0, 0.5]], "real-distinct", [0.5, -1], [[0, 1], [1, 0]], ["shrink", "flip"]),
        ([[1, 2], [2, 4]], "real-distinct", [5, 0], [[1, 2], [2, -1]], ["stretch", "collapse"]),
        ([[0, 0], [0, 0]], "every-line", [0], [[1, 0], [0, 1]], ["collapse", "collapse"]),
    ],
)
def test_eigen_kinds_by_hand(matrix, kind, values, lines, effects):
    model = eigen(matrix)
    assert model.kind == kind
    np.testing.assert_allclose(model.eigenvalues, values, atol=1e-12)
    assert all(parallel(v, w) for v, w in zip(model.eigenvectors, lines))
    assert model.effects == effects


def test_rotation_has_no_real_eigenvector_and_reports_its_angle():
    model = eigen([[0, -2], [2, 0]])  # a quarter turn with scale 2
    assert model.kind == "complex" and model.eigenvectors == []
    assert model.rotation_degrees == pytest.approx(90)
    assert model.rotation_scale == pytest.approx(2)


@pytest.mark.parametrize("matrix", [[[3, 1], [0, 2]], [[1, 1], [0, 1.1]], [[1, 1], [0, 1]]])
def test_fan_contains_the_eigen_lines(matrix):
    model = eigen(matrix)  # the second has eigen-lines 5.7 degrees apart, nearest the same spoke
    for v in model.eigenvectors:
        assert sum(parallel(f, v) for f in model.fan) == 2  # v and -v


# --- svd ----------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.one_of(matrices, small_ints))
def test_svd_reassembles_the_matrix_and_matches_numpy(a):
    model = svd(a)
    scale = max(1.0, float(np.abs(a).max()))
    u, s, vt = model.u, model.singular_values, model.vt
    np.testing.assert_allclose(u @ np.diag(s) @ vt, a, atol=1e-9 * scale)
    np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), atol=1e-9 * scale)
    np.testing.assert_allclose(u.T @ u, np.eye(2), atol=1e-9)
    np.testing.assert_allclose(vt @ vt.T, np.eye(2), atol=1e-9)
    assert model.rank == np.linalg.matrix_rank(a, tol=1e-9)
    # the three moves the scene plays: V^T a pure turn of at most 90 degrees, U = turn (after a flip)
    assert np.linalg.det(vt) == pytest.approx(1.0)
    assert abs(model.vt_degrees) <= 90 + 1e-9
    t = np.radians(model.u_degrees)
    turn = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    flip = np.diag([1.0, -1.0]) if model.u_reflects else np.eye(2)
    np.testing.assert_allclose(turn @ flip, u, atol=1e-9)
    if model.rank == 2:
        assert model.u_reflects == (np.linalg.det(a) < 0)


@pytest.mark.parametrize(
    ("matrix", "rank", "reflects"),
    [
        ([[1, 2], [3, 4]], 2, True),
        ([[1, 2], [2, 4]], 1, False),
        ([[0, 0], [0, 0]], 0, False),
        ([[2, 0], [0, 2]], 2, False),
    ],
)
def test_svd_edge_cases(matrix, rank, reflects):
    model = svd(matrix)
    assert (model.rank, model.u_reflects) == (rank, reflects)
    assert int(np.sum(model.singular_values > 0)) == rank


def test_svd_inspect_has_the_issue_keys():
    out = catalog.get("svd").inspect({"matrix": [[1, 2], [3, 4]]})
    for key in ("u", "singular_values", "vt"):
        assert key in out
    np.testing.assert_allclose(
        np.array(out["u"]) @ np.diag(out["singular_values"]) @ np.array(out["vt"]), [[1, 2], [3, 4]], atol=1e-9
    )


# --- pca ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 200),
    st.floats(-1, 1),
    st.integers(0, 10_000),
    st.floats(0.1, 5),
    st.floats(0.1, 5),
)
def test_pca_matches_numpy(n, corr, seed, sx, sy):
    pts = generate_cloud(n, corr, seed, sx, sy)
    model = pca(pts)
    np.testing.assert_allclose(model.mean, pts.mean(axis=0), atol=1e-9)
    cov = np.cov(pts.T)
    np.testing.assert_allclose(model.covariance, cov, atol=1e-9)
    vals, vecs = np.linalg.eigh(cov)
    np.testing.assert_allclose(model.variances, vals[::-1].clip(min=0), atol=1e-9)
    assert model.explained_variance_ratio.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(model.explained_variance_ratio, model.variances / np.trace(cov), atol=1e-9)
    if vals[1] - vals[0] > 1e-6:  # a unique PC1 (up to sign)
        assert parallel(model.components[0], vecs[:, 1], tol=1e-6)
    assert model.components[0] @ model.components[1] == pytest.approx(0.0, abs=1e-12)
    # the projection drops each point onto PC1: what is left is perpendicular to it
    residual = model.centred - model.projected
    np.testing.assert_allclose(residual @ model.components[0], 0.0, atol=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"correlation": 0.8}, "elongated"),
        ({"correlation": 1.0}, "one-direction"),
        ({"correlation": 0.0, "x_spread": 2.0, "y_spread": 2.0}, "isotropic"),
        ({"x_spread": 0.0, "y_spread": 0.0}, "no-spread"),
    ],
)
def test_pca_kinds(kwargs, kind):
    args = {"n_points": 80, "correlation": 0.8, "seed": 7, "x_spread": 2.0, "y_spread": 1.2} | kwargs
    model = pca(generate_cloud(**args))
    assert model.kind == kind
    if kind == "one-direction":
        assert model.explained_variance_ratio[0] == pytest.approx(1.0)


@pytest.fixture
def points_csv(tmp_path):
    path = tmp_path / "people.csv"
    rows = ["height,weight,age", "1.6,60,30", "1.7,72,40", "1.8,80,22", "1.75,70,35", "1.65,66,50"]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_pca_reads_named_csv_columns(points_csv):
    pts = read_points_csv(points_csv, "weight", "age")
    np.testing.assert_allclose(pts, [[60, 30], [72, 40], [80, 22], [70, 35], [66, 50]])
    out = catalog.get("pca").inspect({"csv": str(points_csv), "x_column": "weight", "y_column": 3})
    for key in ("mean", "covariance", "components", "explained_variance_ratio"):
        assert key in out
    np.testing.assert_allclose(out["covariance"], np.cov(pts.T), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 120), st.floats(-0.95, 0.95), st.integers(0, 10_000), st.floats(0.1, 5), st.floats(0.1, 5),
       st.floats(1.0, 1e6))
def test_standardised_pca_is_the_pca_of_the_correlation_matrix(n, corr, seed, sx, sy, unit):
    """Dividing each column by its spread first: the covariance becomes numpy's corrcoef, whatever
    unit one column is in (square feet against dollars)."""
    pts = generate_cloud(n, corr, seed, sx, sy) * np.array([1.0, unit])
    model = pca(pts, standardised=True)
    np.testing.assert_allclose(model.covariance, np.corrcoef(pts.T), atol=1e-8)
    np.testing.assert_allclose(model.column_spreads, pts.std(axis=0, ddof=1), rtol=1e-12)
    vals = np.linalg.eigvalsh(np.corrcoef(pts.T))[::-1]
    np.testing.assert_allclose(model.explained_variance_ratio, vals / 2, atol=1e-8)
    raw = pca(pts)
    assert spread_ratio(raw) == pytest.approx(max(pts.std(0)) / min(pts.std(0)))


def test_a_constant_column_is_left_as_it_is_when_standardising():
    pts = np.column_stack([np.arange(6.0), np.full(6, 3.0)])
    model = pca(pts, standardised=True)
    np.testing.assert_allclose(model.points[:, 1], 3.0)
    assert model.kind == "one-direction" and spread_ratio(model) == float("inf")


@pytest.mark.render
@pytest.mark.parametrize("standardise", [False, True])
def test_pca_of_columns_in_unlike_units_says_so_or_standardises(standardise, tmp_path):
    path = tmp_path / "houses.csv"
    sqft = np.array([600, 850, 1200, 1500, 1900, 2300, 2800, 3400.0])
    price = 120 * sqft + np.array([9, -4, 6, -8, 3, -5, 7, -2]) * 10_000 + 50_000
    path.write_text("sqft,price\n" + "".join(f"{a:g},{b:g}\n" for a, b in zip(sqft, price)))
    scene = build_scene("pca", csv=str(path), standardise=standardise)
    assert_scene_ok(scene)
    words = caption_text(scene)
    ratio = price.std(ddof=1) / sqft.std(ddof=1)
    if standardise:
        assert f"x by {sqft.std(ddof=1):,.2f}" in words and "standardise=true" not in words
        assert f"{100 * (1 + abs(np.corrcoef(sqft, price)[0, 1])) / 2:.1f}%" in words
    else:
        assert f"y spreads {ratio:.0f} times as far as x" in words and "standardise=true" in words


# --- bad input through the CLI --------------------------------------------------------


def cli_error(*args) -> str:
    from render import cli

    result = CliRunner().invoke(cli, ["inspect", *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["eigenvectors", "--set", "matrix=[[1,2,3],[4,5,6],[7,8,9]]"], "'matrix'"),
        (["svd", "--set", "matrix=[[nan,1],[1,1]]"], "'matrix'"),
        (["svd", "--set", "matrix=[[1,x],[1,1]]"], "'matrix'"),
        (["eigenvectors", "--set", "matrix=[[11,0],[0,1]]"], "'matrix'"),
        (["pca", "--set", "n_points=2"], "'n_points'"),
        (["pca", "--set", "correlation=nan"], "'correlation'"),
    ],
)
def test_bad_input_is_one_line_naming_the_parameter(args, names):
    assert names in cli_error(*args)


def test_csv_with_a_missing_column_is_one_line(points_csv):
    line = cli_error("pca", "--set", f"csv={points_csv}", "--set", "x_column=height", "--set", "y_column=bmi")
    assert "'csv'" in line and "bmi" in line


# --- the scenes, built without writing video ---------------------------------------------

from scene_checks import assert_scene_ok, build_scene  # noqa: E402


def caption_text(scene) -> str:
    return " ".join(c.text for c in scene.captions)


@pytest.mark.render
@pytest.mark.parametrize(
    ("matrix", "says"),
    [
        ([[3, 1], [0, 2]], "Two lines stay put"),  # default: two real eigenvalues
        ([[0, -1], [1, 0]], "No real direction stays put"),  # rotation: complex
        ([[1, 1], [0, 1]], "Only one line stays put"),  # shear: repeated, one line
        ([[2, 0], [0, 2]], "Every line stays put"),  # scalar
        ([[-1, 1], [0, 0.5]], "flipped"),  # negative eigenvalue
        ([[-10, 10], [10, 10]], "stretched ×14.14"),  # entries of +-10; a zero eigenvalue is in the svd rank-1 case
    ],
)
def test_eigenvectors_scene(matrix, says):
    scene = build_scene("eigenvectors", matrix=matrix)
    assert_scene_ok(scene)
    assert says in caption_text(scene)
    np.testing.assert_allclose(scene.motion.current(), matrix)


@pytest.mark.render
@pytest.mark.parametrize(
    ("matrix", "says"),
    [
        ([[1, 2], [3, 4]], "flips the plane over"),  # det < 0
        ([[1, 2], [2, 4]], "flattens to a segment"),  # rank 1 (and an eigenvalue 0)
        ([[0, 0], [0, 0]], "onto the origin"),  # rank 0
    ],
)
def test_svd_scene_ends_at_the_matrix(matrix, says):
    scene = build_scene("svd", matrix=matrix)
    assert_scene_ok(scene)
    assert says in caption_text(scene)
    np.testing.assert_allclose(scene.motion.current(), matrix, atol=1e-12)


def test_pca_scene_defaults():
    scene = build_scene("pca")
    assert_scene_ok(scene)
    assert "92.9%" in caption_text(scene)


@pytest.mark.render
def test_pca_scene_from_csv(points_csv):
    scene = build_scene("pca", csv=str(points_csv), x_column="weight", y_column="age")
    assert_scene_ok(scene)
    assert "people.csv" in caption_text(scene)


@pytest.mark.render
def test_pca_scene_without_spread():
    scene = build_scene("pca", x_spread=0, y_spread=0)
    assert_scene_ok(scene)
    assert "no direction to find" in caption_text(scene)


@pytest.mark.parametrize("aspect", ["16:9", pytest.param("9:16", marks=pytest.mark.render),
                                    pytest.param("1:1", marks=pytest.mark.render)])
def test_the_pc1_line_stops_short_of_the_pc_names(aspect):
    """The line the points drop onto ran on past PC1's arrow, through its name, in every aspect."""
    from scene_checks import build_scene
    from scenes.layout import box_of

    scene = build_scene("pca", aspect=aspect)
    a, b = scene.pc1_line.get_start(), scene.pc1_line.get_end()
    along = [a + t * (b - a) for t in np.linspace(0, 1, 400)]
    for name in scene.pc_names:
        x0, x1, y0, y1 = box_of(name)
        assert not any(x0 < p[0] < x1 and y0 < p[1] < y1 for p in along), name.original_text
