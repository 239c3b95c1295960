"""SVD compression: a grayscale picture rebuilt from its top k singular values.

A picture of m x n brightness values is a matrix A = sum_i sigma_i u_i v_i^T:
a sum of layers, each a column times a row, weighted by a singular value.
Keeping the k largest layers stores k (m + n + 1) numbers (k columns of m, k
rows of n, k weights) instead of m n, and keeps the share
sum_{i<=k} sigma_i^2 / sum_i sigma_i^2 of the picture's energy (its squared
Frobenius norm); what is lost is exactly the rest (Eckart-Young).

Every number the scene shows is a field of :class:`Compression`; the pictures
themselves are kept out of ``inspect`` (``repr=False``).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_SIDE = 128  # the largest picture side the scene works with (its SVD stays cheap)
DEFAULT_SIDE = 96
RECIPE_ASPECT = 0.75  # the generated picture is 3 rows for every 4 columns: m != n shows in k (m + n + 1)
LOG_DECADES = 4  # the log chart of singular values spans at most this many powers of ten below sigma_1


@dataclass(frozen=True)
class Rebuild:
    """The picture rebuilt from its ``k`` largest singular values."""

    k: int
    energy_kept: float  # sum of the top k sigma^2 over the sum of all sigma^2 (0 for an all-black picture)
    relative_error: float  # ||A - A_k|| / ||A|| (Frobenius) = sqrt(1 - energy_kept)
    numbers_stored: int  # k (m + n + 1)
    numbers_full: int  # m n
    saving: float  # 1 - stored / full: negative when the layers cost more than the pixels
    past_rank: bool  # k is more than the picture's rank: the extra layers are zero
    pixels: np.ndarray = field(repr=False)  # uint8 (m, n): A_k clipped to 0..255


@dataclass(frozen=True)
class Compression:
    """A picture, its singular values, and its rebuilds from the top k of them."""

    source: str  # 'generated' or the image file's path
    height: int  # m: rows of pixels
    width: int  # n: columns of pixels
    file_size: tuple[int, int] | None  # a file's own (rows, columns) before it was shrunk; None when generated
    rank: int  # how many singular values are not zero (numerically)
    kind: str  # 'picture' | 'constant' (one flat shade: rank 1) | 'black' (all zero: rank 0)
    singular_values: np.ndarray  # all min(m, n) of them, largest first (brightness 0..1 per pixel)
    total_energy: float  # sum of sigma^2 = the sum of every pixel's brightness squared
    rebuilds: list  # one Rebuild per k, in increasing k
    chart_floor: float  # the smallest sigma the log chart shows (smaller ones sit on its floor)
    original: np.ndarray = field(repr=False)  # uint8 (m, n)

    @property
    def ks(self) -> list[int]:
        return [r.k for r in self.rebuilds]

    @property
    def size(self) -> int:
        """How many singular values there are: min(m, n), the largest possible rank."""
        return min(self.height, self.width)


# --- pictures -------------------------------------------------------------------------


def _segment_ink(px: np.ndarray, py: np.ndarray, a, b, half_width: float) -> np.ndarray:
    """Anti-aliased coverage (0..1) of a thick straight stroke from ``a`` to ``b`` (pixel units)."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / max(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
    d = np.hypot(px - (ax + t * dx), py - (ay + t * dy))
    return np.clip(half_width + 0.5 - d, 0.0, 1.0)


# Letters as polylines in a unit box (x right, y down): a blocky stroke font for "SVD".
_LETTERS = {
    "S": [[(1, 0.1), (0.75, 0), (0.25, 0), (0, 0.15), (0, 0.35), (0.25, 0.5), (0.75, 0.5), (1, 0.65), (1, 0.85),
           (0.75, 1), (0.25, 1), (0, 0.9)]],
    "V": [[(0, 0), (0.5, 1), (1, 0)]],
    "D": [[(0, 0), (0.55, 0), (1, 0.3), (1, 0.7), (0.55, 1), (0, 1), (0, 0)]],
}


def generated_picture(side: int = DEFAULT_SIDE) -> np.ndarray:
    """The default picture, a fixed recipe: brightness 0..1, ``round(0.75 side)`` rows by ``side`` columns.

    A soft diagonal gradient (rank 2 on its own), a bright disc, a tilted
    mountain with a snowy cap (edges no single row-times-column can draw) and
    the letters S V D as thick strokes: a few layers already give the shapes,
    the letters need more.
    """
    return _generated(int(side)).copy()


@lru_cache(maxsize=8)
def _generated(side: int) -> np.ndarray:
    # drawn once per side (validation and the model both ask for it); callers get copies
    n = side
    m = max(2, round(RECIPE_ASPECT * n))
    py, px = np.mgrid[0:m, 0:n].astype(float) + 0.5
    u, v = px / n, py / m  # 0..1 across and down
    img = 0.12 + 0.22 * u + 0.16 * (1 - v)
    # a disc, top left
    d = np.hypot((u - 0.2) * n, (v - 0.3) * m)
    img = np.maximum(img, 0.92 * np.clip(0.17 * n - d + 0.5, 0, 1))
    # a mountain: a triangle with sloping sides, and a brighter cap
    slope = np.abs(u - 0.56) * 1.55
    mountain = np.clip((v - 0.38 - slope) * m + 0.5, 0, 1)
    img = img * (1 - mountain) + 0.5 * mountain
    cap = np.clip((0.52 - v) * m + 0.5, 0, 1) * mountain
    img = img * (1 - cap) + 0.85 * cap
    # the letters, bottom right, as thick bright strokes over a dark band
    band = np.clip(np.minimum((v - 0.7) * m, (0.97 - v) * m) + 0.5, 0, 1) * np.clip((u - 0.53) * n + 0.5, 0, 1)
    img = img * (1 - 0.7 * band)
    ink = np.zeros_like(img)
    box_w, box_h, gap = 0.11 * n, 0.18 * m, 0.035 * n
    x0, y0 = 0.585 * n, 0.745 * m
    for k, letter in enumerate("SVD"):
        left = x0 + k * (box_w + gap)
        for stroke in _LETTERS[letter]:
            pts = [(left + sx * box_w, y0 + sy * box_h) for sx, sy in stroke]
            for a, b in zip(pts, pts[1:]):
                ink = np.maximum(ink, _segment_ink(px, py, a, b, max(0.6, 0.012 * n)))
    img = img * (1 - ink) + 0.97 * ink
    img = np.clip(img, 0.0, 1.0)
    img.setflags(write=False)
    return img


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime_ns: int, size_bytes: int, side: int) -> tuple[np.ndarray, tuple[int, int]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            file_size = (img.height, img.width)
            img.draft("L", (side, side))  # JPEG: decode at a reduced size straight away
            img.seek(0)  # an animated file: its first frame
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                rgba = img.convert("RGBA")
                gray = rgba.convert("L")
                alpha = rgba.getchannel("A")
                gray = Image.composite(gray, Image.new("L", gray.size, 0), alpha)  # transparent parts: black
            else:
                gray = img.convert("L")
            gray.thumbnail((side, side), Image.Resampling.LANCZOS)  # only ever shrinks, keeps the aspect
            pixels = np.asarray(gray, dtype=float) / 255.0
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ValueError(f"{path} is not an image Pillow can read (PNG, JPEG, GIF, BMP, WebP...)") from None
    except (OSError, ValueError, SyntaxError) as err:  # truncated or damaged files
        raise ValueError(f"cannot read {path} as an image ({err.__class__.__name__})") from None
    if pixels.ndim != 2 or min(pixels.shape) < 2:
        raise ValueError(f"{path} is too small: it needs at least 2 x 2 pixels")
    return pixels, file_size


def read_picture(path, side: int = DEFAULT_SIDE) -> np.ndarray:
    """A PNG/JPEG/... file as grayscale brightness 0..1, shrunk to fit ``side`` x ``side``.

    Raises ValueError with a one-line message for a teacher (the catalog names the parameter).
    """
    return read_picture_sized(path, side)[0]


def read_picture_sized(path, side: int = DEFAULT_SIDE) -> tuple[np.ndarray, tuple[int, int]]:
    """:func:`read_picture`, and the file's own (rows, columns) before it was shrunk."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"no such file: {path}")
    st = p.stat()
    if st.st_size == 0:
        raise ValueError(f"{path} is empty, not an image")
    pixels, file_size = _read_cached(str(p.resolve()), st.st_mtime_ns, st.st_size, int(side))
    return pixels.copy(), file_size


# --- the model -------------------------------------------------------------------------


def _to_uint8(a: np.ndarray) -> np.ndarray:
    return np.round(np.clip(a, 0.0, 1.0) * 255).astype(np.uint8)


def numerical_rank(singular_values: np.ndarray, shape: tuple[int, int]) -> int:
    """numpy.linalg.matrix_rank's rule: singular values above max(m, n) * eps * sigma_1 count."""
    s = np.asarray(singular_values, dtype=float)
    if s.size == 0 or s[0] <= 0:
        return 0
    return int(np.sum(s > max(shape) * np.finfo(float).eps * s[0]))


_BLAS_LOCK = threading.Lock()
_BLAS_CONTROLLER: list = []  # threadpoolctl's controller, made on first use (None: not installed)


@contextlib.contextmanager
def _one_blas_thread():
    """numpy's BLAS on one thread for the block.

    The pictures are at most 128 x 128, where splitting the SVD over threads gains
    nothing and, on a busy machine, costs a lot: each of the SVD's many small
    matrix products waits for a second thread to be scheduled (an SVD that takes
    1 ms alone took 30-100 ms on two shared cores). Uses threadpoolctl when it is
    installed; without it this does nothing.
    """
    with _BLAS_LOCK:
        if not _BLAS_CONTROLLER:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                _BLAS_CONTROLLER.append(None)
            else:
                _BLAS_CONTROLLER.append(ThreadpoolController())  # after numpy loaded its BLAS
        controller = _BLAS_CONTROLLER[0]
        if controller is None:
            yield
            return
        with controller.limit(limits=1, user_api="blas"):
            yield


SVD_CACHE = 8  # factorised pictures kept (at most 128 x 128: ~0.4 MB each)
_SVDS: OrderedDict = OrderedDict()
_SVDS_LOCK = threading.Lock()


def _svd(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """numpy's thin SVD of ``a`` (read only), kept for the last few pictures: the same picture asked
    for again (the studio's numbers panel, then its preview) is not factorised again."""
    key = (a.shape, hashlib.blake2b(np.ascontiguousarray(a).tobytes(), digest_size=16).digest())
    with _SVDS_LOCK:
        if key in _SVDS:
            _SVDS.move_to_end(key)
            return _SVDS[key]
    with _one_blas_thread():
        out = np.linalg.svd(a, full_matrices=False)
    out = tuple(out)
    for x in out:
        x.setflags(write=False)
    with _SVDS_LOCK:
        _SVDS[key] = out
        while len(_SVDS) > SVD_CACHE:
            _SVDS.popitem(last=False)
    return out


def compress(pixels, ks, source: str = "generated", file_size: tuple[int, int] | None = None) -> Compression:
    """The SVD of ``pixels`` (brightness 0..1) and its rebuilds from the top k layers, for each k."""
    a = np.asarray(pixels, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grayscale picture, got shape {a.shape}")
    m, n = a.shape
    u, s, vt = _svd(a)
    rank = numerical_rank(s, (m, n))
    s = np.where(np.arange(s.size) < rank, s, 0.0)  # round-off below the rank is zero
    total = float(np.sum(s**2))
    ks = sorted({int(k) for k in ks})
    if ks and not 1 <= ks[0] <= ks[-1] <= s.size:
        raise ValueError(f"each k must be from 1 to {s.size} = min({m}, {n}), how many singular values there are")
    kind = "black" if rank == 0 else ("constant" if np.ptp(a) <= 1e-12 else "picture")
    cumulative = np.cumsum(s**2)
    with _one_blas_thread():
        approxes = [(u[:, :k] * s[:k]) @ vt[:k] for k in ks]
    rebuilds = []
    for k, approx in zip(ks, approxes):
        kept = float(cumulative[k - 1] / total) if total > 0 else 0.0
        kept = min(1.0, kept)
        stored, full = k * (m + n + 1), m * n
        rebuilds.append(
            Rebuild(
                k=k,
                energy_kept=kept,
                relative_error=float(np.sqrt(max(0.0, 1.0 - kept))) if total > 0 else 0.0,
                numbers_stored=stored,
                numbers_full=full,
                saving=1.0 - stored / full,
                past_rank=k > rank,
                pixels=_to_uint8(approx),
            )
        )
    positive = s[s > 0]
    if positive.size > 1:
        floor = float(max(positive.min(), positive[0] * 10.0**-LOG_DECADES))
    else:  # one value (a flat picture) or none: two decades under it, so it stands near the top
        floor = float(positive[0]) / 100 if positive.size else 1.0
    return Compression(
        source=source,
        height=m,
        width=n,
        file_size=tuple(file_size) if file_size else None,
        rank=rank,
        kind=kind,
        singular_values=s,
        total_energy=total,
        rebuilds=rebuilds,
        chart_floor=floor,
        original=_to_uint8(a),
    )
