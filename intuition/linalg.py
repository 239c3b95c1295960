"""Linear algebra models: what the matrix scenes show, computed with numpy.

Every number a linear-algebra scene puts on screen is a field of one of these
frozen dataclasses, so it can be printed by ``inspect`` and checked in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from intuition.tables import read_number_columns

# Below this a determinant or singular value counts as zero: entries are at most
# 10 in size and typed by hand, so round-off is the only thing this absorbs.
EPS = 1e-9


def as_matrix(matrix) -> np.ndarray:
    m = np.asarray(matrix, dtype=float)
    if m.shape != (2, 2):
        raise ValueError(f"expected a 2x2 matrix, got shape {m.shape}")
    return m


def rank(matrix) -> int:
    return int(np.linalg.matrix_rank(as_matrix(matrix), tol=EPS))


def collapse_kind(matrix) -> str:
    """What the transform does to area: 'keeps-orientation', 'flips', 'line', 'point'."""
    m = as_matrix(matrix)
    r = rank(m)
    if r == 0:
        return "point"
    if r == 1:
        return "line"
    return "flips" if np.linalg.det(m) < 0 else "keeps-orientation"


@dataclass(frozen=True)
class MatrixTransform:
    """A 2x2 matrix acting on the plane, and on one chosen vector."""

    matrix: np.ndarray
    columns: np.ndarray  # columns[0] is where i-hat lands, columns[1] where j-hat lands
    determinant: float
    area_after: float  # area of the transformed unit square, |det|
    orientation: str  # 'keeps-orientation' | 'flips' | 'line' | 'point'
    rank: int
    vector: np.ndarray
    transformed_vector: np.ndarray
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax the picture must show


def matrix_transform(matrix, vector=(1.0, 2.0)) -> MatrixTransform:
    m = as_matrix(matrix)
    v = np.asarray(vector, dtype=float)
    det = float(np.linalg.det(m))
    if abs(det) < EPS:
        det = 0.0
    mv = m @ v
    corners = m @ np.array([[0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    # the head-to-tail reading of Av passes through x * (first column)
    bounds = view_bounds(np.column_stack([corners, v, mv, v[0] * m[:, 0]]).T)
    return MatrixTransform(
        matrix=m,
        columns=m.T.copy(),
        determinant=det,
        area_after=abs(det),
        orientation=collapse_kind(m),
        rank=rank(m),
        vector=v,
        transformed_vector=mv,
        bounds=bounds,
    )


def view_bounds(points, minimum: float = 1.0) -> tuple[float, float, float, float]:
    """The box (xmin, xmax, ymin, ymax) holding the origin and ``points``.

    Each side spans at least ``minimum`` so a collapsed picture (everything on
    the origin) still gets a readable unit.
    """
    pts = np.vstack([np.zeros((1, 2)), np.asarray(points, dtype=float).reshape(-1, 2)])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    for k in range(2):
        if hi[k] - lo[k] < minimum:
            mid = (hi[k] + lo[k]) / 2
            lo[k], hi[k] = mid - minimum / 2, mid + minimum / 2
    return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


# --- small helpers the models below share ---------------------------------------


def rotation(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def shoelace_area(points) -> float:
    """Signed area of a polygon (positive when its corners run counter-clockwise)."""
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    x, y = p[:, 0], p[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def _null_direction(n: np.ndarray) -> np.ndarray:
    """A unit vector n sends to 0, for a 2x2 ``n`` of rank 1 (perpendicular to its larger row)."""
    row = n[0] if np.linalg.norm(n[0]) >= np.linalg.norm(n[1]) else n[1]
    return _canonical(np.array([-row[1], row[0]]))


def _canonical(v) -> np.ndarray:
    """``v`` scaled to length 1 and pointing right (or up when it is vertical)."""
    v = np.asarray(v, dtype=float)
    v = v / np.linalg.norm(v)
    if v[0] < -EPS or (abs(v[0]) <= EPS and v[1] < 0):
        v = -v
    return v + 0.0  # no -0.0


def column_direction(matrix) -> np.ndarray | None:
    """The direction of the line a rank-1 matrix squashes the plane onto (else None)."""
    m = as_matrix(matrix)
    if rank(m) != 1:
        return None
    col = m[:, 0] if np.linalg.norm(m[:, 0]) >= np.linalg.norm(m[:, 1]) else m[:, 1]
    return _canonical(col)


UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


# --- determinant --------------------------------------------------------------------


@dataclass(frozen=True)
class Determinant:
    """A shape and its image under a matrix: areas scale by |det|, det < 0 flips."""

    matrix: np.ndarray
    determinant: float
    shape: np.ndarray  # the polygon's corners, in order
    shape_image: np.ndarray  # where the matrix sends each corner
    area_before: float
    area_after: float  # |det| * area_before
    signed_area_after: float  # det * (signed area before): negative when the outline's turn reverses
    orientation: str  # 'keeps-orientation' | 'flips' | 'line' | 'point'
    rank: int
    collapse_line: np.ndarray | None  # rank 1: the direction the plane is squashed onto
    bounds: tuple[float, float, float, float]


def determinant(matrix, shape=UNIT_SQUARE) -> Determinant:
    m = as_matrix(matrix)
    pts = np.asarray(shape, dtype=float).reshape(-1, 2)
    r = rank(m)
    # zero exactly when the plane is squashed, so the number and the picture agree
    det = float(np.linalg.det(m)) if r == 2 else 0.0
    image = pts @ m.T
    before = shoelace_area(pts)
    basis_images = m.T  # the arrows for i-hat and j-hat are drawn too
    bounds = view_bounds(np.vstack([pts, image, np.eye(2), basis_images]))
    return Determinant(
        matrix=m,
        determinant=det,
        shape=pts,
        shape_image=image,
        area_before=abs(before),
        area_after=abs(det) * abs(before),
        signed_area_after=det * before + 0.0,
        orientation=collapse_kind(m),
        rank=r,
        collapse_line=column_direction(m),
        bounds=bounds,
    )


# --- inverse --------------------------------------------------------------------------


@dataclass(frozen=True)
class Inverse:
    """A matrix and its undo, or, when it has none, two points it sends to one."""

    matrix: np.ndarray
    determinant: float
    singular: bool
    inverse: np.ndarray | None  # None when singular
    vector: np.ndarray
    transformed_vector: np.ndarray
    recovered_vector: np.ndarray | None  # inverse @ (matrix @ vector): the vector again
    rank: int
    # when singular: two different points with the same image (the first is ``vector``)
    collision: np.ndarray | None  # shape (2, 2): the two points, one per row
    collision_image: np.ndarray | None
    lost_direction: np.ndarray | None  # the direction the matrix sends to 0 (rank 1)
    bounds: tuple[float, float, float, float]


def inverse(matrix, vector=(1.0, 1.0)) -> Inverse:
    m = as_matrix(matrix)
    v = np.asarray(vector, dtype=float)
    det = float(np.linalg.det(m))
    r = rank(m)
    singular = r < 2
    mv = m @ v
    corners = np.asarray(UNIT_SQUARE)
    pts = [corners, corners @ m.T, np.eye(2), m.T, v[None], mv[None]]
    inv = recovered = collision = collision_image = lost = None
    if singular:
        det = 0.0
        # any vector the matrix kills: every direction at rank 0
        lost = _null_direction(m) if r == 1 else np.array([1.0, 0.0])
        # move off v along the lost direction by a visible step: both land on m @ v
        step = max(1.5, 0.6 * float(np.linalg.norm(v)))
        other = v + step * lost
        collision = np.vstack([v, other])
        collision_image = collision @ m.T
        pts.append(collision)
    else:
        inv = np.linalg.inv(m)
        recovered = inv @ mv
    return Inverse(
        matrix=m,
        determinant=det,
        singular=singular,
        inverse=inv,
        vector=v,
        transformed_vector=mv,
        recovered_vector=recovered,
        rank=r,
        collision=collision,
        collision_image=collision_image,
        lost_direction=lost,
        bounds=view_bounds(np.vstack(pts)),
    )


# --- composition ---------------------------------------------------------------------


@dataclass(frozen=True)
class Composition:
    """B then A is the single matrix AB; BA (A then B) is usually somewhere else."""

    matrix_a: np.ndarray
    matrix_b: np.ndarray
    product_ab: np.ndarray  # apply B first, then A
    product_ba: np.ndarray  # apply A first, then B
    commute: bool
    vector: np.ndarray
    after_b: np.ndarray  # B v
    after_ab: np.ndarray  # A (B v) = (AB) v
    after_ba: np.ndarray  # B (A v) = (BA) v
    bounds: tuple[float, float, float, float]


def composition(matrix_a, matrix_b, vector=(1.0, 1.0)) -> Composition:
    a, b = as_matrix(matrix_a), as_matrix(matrix_b)
    v = np.asarray(vector, dtype=float)
    ab, ba = a @ b, b @ a
    scale = max(1.0, float(np.abs(ab).max()), float(np.abs(ba).max()))
    commute = bool(np.allclose(ab, ba, rtol=0, atol=EPS * scale))
    sq = np.asarray(UNIT_SQUARE)
    stages = [np.eye(2), b, ab, ba]
    pts = np.vstack([sq @ s.T for s in stages] + [(s @ v)[None] for s in stages])
    return Composition(
        matrix_a=a,
        matrix_b=b,
        product_ab=ab,
        product_ba=ba,
        commute=commute,
        vector=v,
        after_b=b @ v,
        after_ab=ab @ v,
        after_ba=ba @ v,
        bounds=view_bounds(pts),
    )


# --- eigenvectors --------------------------------------------------------------------

EIGEN_KINDS = ("real-distinct", "repeated-one-line", "every-line", "complex")


@dataclass(frozen=True)
class Eigen:
    """The directions a matrix only stretches, and by how much.

    ``kind`` is 'real-distinct' (two eigen-lines), 'repeated-one-line' (one
    eigenvalue, one line: a shear), 'every-line' (a scalar matrix) or
    'complex' (no real eigen-line: a rotation with a scale).
    """

    matrix: np.ndarray
    kind: str
    eigenvalues: list  # real floats, largest first; a complex pair a +- bi for 'complex'
    eigenvectors: list  # unit vectors, one per real eigenvalue line ([] for 'complex')
    effects: list  # per eigen-line: 'stretch' | 'shrink' | 'keep' | 'flip' | 'collapse'
    rotation_degrees: float | None  # 'complex': the angle of the eigenvalue a + bi
    rotation_scale: float | None  # 'complex': |a + bi| = sqrt(det)
    trace: float
    determinant: float
    fan: np.ndarray = field(repr=False)  # the test vectors the scene transforms
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def _effect(lam: float) -> str:
    if abs(lam) < EPS:
        return "collapse"
    if lam < 0:
        return "flip"
    if abs(lam - 1) < EPS:
        return "keep"
    return "stretch" if lam > 1 else "shrink"


def _discriminant(m: np.ndarray) -> tuple[float, float]:
    """(lambda1 - lambda2)^2 = (a - d)^2 + 4bc, and the round-off it may carry.

    Written this way rather than tr^2 - 4 det, it has no cancellation when the
    eigenvalues are distinct but small (diag(0, 1e-5) is not a repeated one).
    """
    (a, b), (c, d) = m
    disc = float((a - d) ** 2 + 4 * b * c)
    # a few dozen ulps of the terms: a gap below about 1e-7 of the entries counts as repeated
    return disc, 1e-14 * max(1.0, (a - d) ** 2, abs(4 * b * c))


def classify_eigen(matrix) -> str:
    m = as_matrix(matrix)
    tr = float(np.trace(m))
    disc, tol = _discriminant(m)
    if disc < -tol:
        return "complex"
    if disc > tol:
        return "real-distinct"
    lam = tr / 2
    return (
        "every-line" if np.allclose(m, lam * np.eye(2), rtol=0, atol=EPS * max(1.0, abs(lam))) else "repeated-one-line"
    )


def eigen(matrix, fan_size: int = 16) -> Eigen:
    m = as_matrix(matrix)
    tr, det = float(np.trace(m)), float(np.linalg.det(m))
    kind = classify_eigen(m)
    disc, _ = _discriminant(m)
    rot_deg = rot_scale = None
    vectors: list = []
    if kind == "complex":
        re, im = tr / 2, np.sqrt(-disc) / 2
        values: list = [complex(re, im), complex(re, -im)]
        rot_deg = float(np.degrees(np.arctan2(im, re)))
        rot_scale = float(np.hypot(re, im))
    elif kind == "real-distinct":
        root = np.sqrt(disc)
        # the two roots without cancellation: the larger-magnitude one first, then det / it
        big = (tr + np.copysign(root, tr)) / 2 if tr != 0 else root / 2
        values = sorted([big, det / big], reverse=True)
        vectors = [_null_direction(m - lam * np.eye(2)) for lam in values]
    elif kind == "repeated-one-line":
        values = [tr / 2]
        vectors = [_null_direction(m - values[0] * np.eye(2))]
    else:
        values = [tr / 2]
        vectors = [np.array([1.0, 0.0]), np.array([0.0, 1.0])]  # any basis: every line works
    values = [v if isinstance(v, complex) else float(v) + 0.0 for v in values]
    effects = [_effect(v) for v in values] if kind != "complex" else []
    if kind == "every-line":
        effects = effects * 2  # one per basis vector listed
    # the fan: evenly spread directions, with the eigen-lines among them so they are seen
    angles = list(np.linspace(0, np.pi, fan_size // 2, endpoint=False))
    if kind in ("real-distinct", "repeated-one-line"):
        taken: set[int] = set()
        for vec in vectors:
            a = float(np.arctan2(vec[1], vec[0])) % np.pi
            # the nearest spoke not already an eigen-line (two close eigen-lines both stay in the fan)
            gaps = [np.inf if k in taken else min(abs(a - b), np.pi - abs(a - b)) for k, b in enumerate(angles)]
            k = int(np.argmin(gaps))
            angles[k] = a  # replace that spoke by the eigen-line
            taken.add(k)
    angles = sorted(set(round(a, 12) for a in angles))
    dirs = np.array([[np.cos(a), np.sin(a)] for a in angles])
    fan = np.vstack([dirs, -dirs])
    bounds = view_bounds(np.vstack([fan, fan @ m.T]))
    return Eigen(
        matrix=m,
        kind=kind,
        eigenvalues=values,
        eigenvectors=vectors,
        effects=effects,
        rotation_degrees=rot_deg,
        rotation_scale=rot_scale,
        trace=tr,
        determinant=det if abs(det) >= EPS else 0.0,
        fan=fan,
        bounds=bounds,
    )


# --- singular value decomposition ----------------------------------------------------


@dataclass(frozen=True)
class SVD:
    """A = U diag(S) V^T: turn (V^T), stretch along the axes (S), turn (U).

    Signs are chosen so that V^T is always a pure rotation (by ``vt_degrees``,
    at most 90 degrees either way); U is a rotation by ``u_degrees``, preceded
    by the reflection diag(1, -1) when det A < 0 (``u_reflects``).
    """

    matrix: np.ndarray
    u: np.ndarray
    singular_values: np.ndarray
    vt: np.ndarray
    rank: int
    determinant: float
    vt_degrees: float
    u_degrees: float
    u_reflects: bool
    right_vectors: np.ndarray  # v1, v2 (rows of V^T): the directions V^T turns onto the axes
    left_vectors: np.ndarray  # u1, u2 (columns of U): the ellipse's axes
    bounds: tuple[float, float, float, float]


def _angle_deg(rot: np.ndarray) -> float:
    return float(np.degrees(np.arctan2(rot[1, 0], rot[0, 0]))) + 0.0


def svd(matrix) -> SVD:
    m = as_matrix(matrix)
    u, s, vt = np.linalg.svd(m)
    r = int(np.sum(s > EPS))
    s = np.where(s > EPS, s, 0.0)
    if r == 0:
        u, vt = np.eye(2), np.eye(2)
    elif abs(s[0] - s[1]) < EPS:
        # a scaled rotation or reflection: every direction is stretched alike, so skip the first turn
        vt = np.eye(2)
        u = m / s[0]
    else:
        if np.linalg.det(vt) < 0:  # move the reflection from V^T into U
            vt[1] *= -1
            u[:, 1] *= -1
        if vt[0, 0] < 0:  # a half turn of both is free: keep V^T's turn within 90 degrees
            vt, u = -vt, -u
        if r == 1 and np.linalg.det(u) < 0:  # the second column meets a zero singular value
            u[:, 1] *= -1
    reflects = bool(np.linalg.det(u) < 0)
    turn = u @ np.diag([1.0, -1.0]) if reflects else u
    radius = max(1.0, float(s[0]))
    return SVD(
        matrix=m,
        u=u + 0.0,
        singular_values=s,
        vt=vt + 0.0,
        rank=r,
        determinant=float(np.linalg.det(m)) if r == 2 else 0.0,
        vt_degrees=_angle_deg(vt),
        u_degrees=_angle_deg(turn),
        u_reflects=reflects,
        right_vectors=vt.copy() + 0.0,
        left_vectors=u.T.copy() + 0.0,
        bounds=view_bounds([[-radius, -radius], [radius, radius]]),
    )


# --- principal component analysis ----------------------------------------------------

PCA_CENTRE = (2.0, 1.0)  # generated clouds sit off the origin, so centring is something to see


@dataclass(frozen=True)
class PCA:
    """The directions a 2D cloud spreads out along, and how much of the spread each holds."""

    source: str  # 'generated' or the CSV path
    n_points: int
    mean: np.ndarray
    covariance: np.ndarray  # sample covariance (divides by n - 1), as numpy.cov
    variances: np.ndarray  # eigenvalues of the covariance, largest first
    components: np.ndarray  # rows: unit principal axes, PC1 first
    explained_variance_ratio: np.ndarray
    kind: str  # 'one-direction' | 'isotropic' | 'no-spread' | 'elongated'
    correlation: float | None  # sample correlation of the two columns (None when one is constant)
    points: np.ndarray = field(repr=False)
    centred: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)  # each centred point's coordinate along PC1
    projected: np.ndarray = field(repr=False)  # scores * PC1: the points dropped onto the first axis
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    # each column's standard deviation as given (before any standardising), and whether the points
    # were divided by them (``points`` are then in standard deviations: z-scores about the scaled mean)
    column_spreads: np.ndarray = field(repr=False, default_factory=lambda: np.ones(2))
    standardised: bool = False

    ISOTROPIC = 0.7  # second variance at least this fraction of the first (PC1 explains <= 59%): no preferred direction


def generate_cloud(
    n_points: int, correlation: float, seed: int, x_spread: float = 2.0, y_spread: float = 1.0
) -> np.ndarray:
    """``n_points`` seeded normal points with the given spreads and correlation, around PCA_CENTRE."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n_points, 2))
    x = x_spread * z[:, 0]
    y = y_spread * (correlation * z[:, 0] + np.sqrt(max(0.0, 1 - correlation**2)) * z[:, 1])
    return np.column_stack([x, y]) + np.asarray(PCA_CENTRE)


def pca(points, source: str = "generated", standardised: bool = False) -> PCA:
    """Principal components of a 2D cloud; ``standardised``: of its columns divided by their standard
    deviations first (a constant column stays as it is), so that unlike units count alike."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    n = len(pts)
    spreads = pts.std(axis=0, ddof=1) if n > 1 else np.zeros(2)
    if standardised:
        pts = pts / np.where(spreads > 0, spreads, 1.0)
    mean = pts.mean(axis=0)
    centred = pts - mean
    cov = centred.T @ centred / (n - 1)
    total = float(np.trace(cov))
    scale = max(1.0, float(np.abs(pts).max()) ** 2)
    # closed form for a symmetric 2x2: mean of the diagonal plus or minus the radius
    mid = total / 2
    radius = float(np.hypot((cov[0, 0] - cov[1, 1]) / 2, cov[0, 1]))
    variances = np.array([mid + radius, max(0.0, mid - radius)])
    if radius > EPS * scale:
        first = _null_direction(cov - variances[0] * np.eye(2))
    else:
        first = np.array([1.0, 0.0])  # no direction is preferred: any axis pair is principal
    components = np.vstack([first, [-first[1], first[0]]])
    if total <= EPS * scale:
        kind, ratio = "no-spread", np.array([0.0, 0.0])
    else:
        ratio = variances / total
        if variances[1] <= EPS * scale:
            kind = "one-direction"
        elif variances[1] >= PCA.ISOTROPIC * variances[0]:
            kind = "isotropic"
        else:
            kind = "elongated"
    sd = np.sqrt(np.diag(cov))
    corr = float(cov[0, 1] / (sd[0] * sd[1])) if sd.min() > EPS * np.sqrt(scale) else None
    scores = centred @ components[0]
    projected = np.outer(scores, components[0])
    ellipse_reach = 2 * np.sqrt(variances[0])  # the drawn ellipse spans two standard deviations
    box = np.array([[-ellipse_reach, -ellipse_reach], [ellipse_reach, ellipse_reach]])
    return PCA(
        source=source,
        n_points=n,
        mean=mean,
        covariance=cov,
        variances=variances,
        components=components,
        explained_variance_ratio=ratio,
        kind=kind,
        correlation=corr,
        points=pts,
        centred=centred,
        scores=scores,
        projected=projected,
        bounds=view_bounds(np.vstack([pts, centred, box])),
        column_spreads=spreads,
        standardised=standardised,
    )


def spread_ratio(model: PCA) -> float:
    """How many times farther one column spreads than the other (inf when one does not spread)."""
    lo, hi = sorted(float(s) for s in model.column_spreads)
    return hi / lo if lo > 0 else float("inf")


def read_points_csv(path, x_column: str | int = "", y_column: str | int = "") -> np.ndarray:
    """Two numeric columns of a CSV file as an (n, 2) array (see :func:`intuition.tables.read_number_columns`).

    Columns are named by header text or counted from 1; empty means the first two
    columns. Raises ValueError with a message for a teacher (the catalog names the parameter).
    """
    return read_number_columns(path, (x_column, y_column), needs="PCA", least=3)[0]


# --- dot product -------------------------------------------------------------------------


@dataclass(frozen=True)
class DotProduct:
    """a . b read two ways (coordinates; length times shadow), its sign, and a neuron using it."""

    a: tuple[float, float]
    b: tuple[float, float]
    products: tuple[float, float]  # a_x b_x and a_y b_y: the two terms of the sum
    dot: float
    length_a: float
    length_b: float
    shadow: float  # signed length of b's shadow on a's line: dot / |a|
    shadow_point: tuple[float, float]  # where the shadow ends, on a's line
    angle_degrees: float | None  # between a and b; None when b is the zero vector
    sign: str  # "positive", "zero" or "negative"
    # the sweep turns b once around, its length kept: the dot product is |a||b| cos(angle)
    sweep_start_degrees: float | None  # b's direction before the sweep, measured from a
    sweep_zero_crossings: tuple[float, ...]  # turns (degrees, 0..360) at which the product is zero
    sweep_opposite_turn: float | None  # the turn at which b points opposite a: the most negative product
    neuron_bias: float  # the neuron adds this to w . x
    neuron_output: float  # w . x + bias, with a = weights and b = inputs
    bounds: tuple[float, float, float, float]  # what the picture must show (the sweep included)

    def dot_after_turn(self, degrees: float) -> float:
        """The dot product once b has turned by ``degrees`` (counter-clockwise), length kept."""
        if self.sweep_start_degrees is None:
            return 0.0
        return self.length_a * self.length_b * float(np.cos(np.radians(self.sweep_start_degrees + degrees)))


def dot_product(a, b, bias: float = 0.0) -> DotProduct:
    av, bv = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    la, lb = float(np.linalg.norm(av)), float(np.linalg.norm(bv))
    if la < EPS:
        raise ValueError("a must not be the zero vector")
    dot = float(av @ bv)
    shadow = dot / la
    point = av / la * shadow
    if lb < EPS:
        angle = start = opposite = None
        crossings: tuple[float, ...] = ()
    else:
        angle = float(np.degrees(np.arccos(np.clip(dot / (la * lb), -1.0, 1.0))))
        # b's direction measured counter-clockwise from a's, in (-180, 180]
        start = float(np.degrees(np.arctan2(av[0] * bv[1] - av[1] * bv[0], dot)))
        crossings = tuple(sorted((t - start) % 360.0 for t in (90.0, 270.0)))
        opposite = (180.0 - start) % 360.0
    sign = "zero" if abs(dot) < EPS * max(1.0, la * lb) else ("positive" if dot > 0 else "negative")
    pad = 0.075 * max(la, lb, 1.0)
    xs, ys = [0.0, av[0], bv[0], point[0], -lb, lb], [0.0, av[1], bv[1], point[1], -lb, lb]
    bounds = (min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad)
    return DotProduct(
        a=tuple(float(v) for v in av),
        b=tuple(float(v) for v in bv),
        products=(float(av[0] * bv[0]), float(av[1] * bv[1])),
        dot=dot,
        length_a=la,
        length_b=lb,
        shadow=shadow,
        shadow_point=(float(point[0]), float(point[1])),
        angle_degrees=angle,
        sign=sign,
        sweep_start_degrees=start,
        sweep_zero_crossings=crossings,
        sweep_opposite_turn=opposite,
        neuron_bias=float(bias),
        neuron_output=dot + float(bias),
        bounds=tuple(float(v) for v in bounds),
    )
