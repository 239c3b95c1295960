"""SVD compression: a picture rebuilt from its top k singular values, for a few k.

Storyboard: the picture (a grid of brightness numbers); SVD as a sum of
layers, each a column times a row weighted by a singular value; the singular
values as a falling curve; then for each k the cut moves to k on the curve,
the rebuilt picture joins a row of thumbnails, and the readout says the share
of the energy kept and the numbers stored, k (m + n + 1) instead of m n;
last, the plain-English reading. A flat or black picture, k past the rank,
and a k that stores more than the pixels are each said in words.
Every number comes from ``intuition.compression`` (``self.model``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    ImageMobject,
    Mobject,
    Rectangle,
    VGroup,
    VMobject,
    Write,
    config,
)
from manim.camera.camera import Camera
from manim.mobject.types.image_mobject import RESAMPLING_ALGORITHMS
from PIL import Image

from intuition.words import T
from scenes import style
from scenes.base import IntuitionScene
from scenes.machine_learning.numbers import count, percent
from scenes.probability import charts

THUMB_LABEL = style.SMALL_SIZE


class PixelCamera(Camera):
    """A camera that draws upright pictures itself.

    manim 0.22's ``Camera.display_image_mobject`` builds its canvas with
    ``Image.fromarray(np.zeros(...), mode="RGBA")``, which Pillow 13 rejects
    ("Invalid mode for data type"). Pictures here are never turned, so each is
    resized (nearest neighbour: crisp pixels) into its box and composited.
    """

    def display_image_mobject(self, image_mobject, pixel_array) -> None:
        corners = np.asarray(self.points_to_subpixel_coords(image_mobject, image_mobject.points), dtype=float)
        x0, y0 = np.round(corners.min(axis=0)).astype(int)
        x1, y1 = np.round(corners.max(axis=0)).astype(int)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        sub = Image.fromarray(np.ascontiguousarray(image_mobject.get_pixel_array(), dtype=np.uint8))
        sub = sub.resize((int(x1 - x0), int(y1 - y0)), resample=image_mobject.resampling_algorithm)
        canvas = Image.new("RGBA", (self.pixel_width, self.pixel_height), (0, 0, 0, 0))
        canvas.paste(sub, (int(x0), int(y0)))
        self.overlay_PIL_image(pixel_array, canvas)


@dataclass
class Thumb:
    """The parts of one thumbnail (an ImageMobject cannot join a VGroup)."""

    image: ImageMobject
    box: VMobject
    head: Mobject
    words: Mobject


def pct(x: float) -> str:
    """A share as a percent a person reads: 84.4%, 99.98% (never a rounded-up 100% that is not)."""
    if x >= 1 - 1e-12:
        return percent(1.0, 0)
    d = 1
    while round(100 * x, d) >= 100 and d < 6:
        d += 1
    return percent(x, d)


def pixels_image(pixels: np.ndarray, width: float, height: float) -> ImageMobject:
    """A uint8 grayscale array as a crisp picture (nearest-neighbour pixels) fitted into width x height."""
    img = ImageMobject(np.asarray(pixels, dtype=np.uint8))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.scale_to_fit_height(height)
    if img.width > width:
        img.scale_to_fit_width(width)
    return img


def framed(img: ImageMobject) -> VGroup:
    border = Rectangle(width=img.width, height=img.height, stroke_color=style.MUTED, stroke_width=1.5)
    border.move_to(img.get_center())
    return border


def step_caption(model, r) -> str:
    if model.kind == "black":
        return T("svd-compression.step_black", "k = {k}: every layer is zero, so the rebuild is as black as the "
                 "picture.", k=r.k)
    if r.past_rank:
        return T("svd-compression.step_past_rank", "k = {k} is past the rank ({rank}): every layer after layer "
                 "{rank} is zero, so the picture comes back exactly.", k=r.k, rank=model.rank)
    values = {"k": r.k, "stored": count(r.numbers_stored), "pixels": count(r.numbers_full),
              "energy": pct(r.energy_kept)}
    if r.saving < 0:
        return T("svd-compression.step_no_saving", "k = {k}: {stored} numbers, more than the {pixels} pixels: "
                 "no saving, for {energy} of the energy.", **values)
    return T("svd-compression.step", "k = {k}: {stored} numbers instead of {pixels} ({saved} saved) keep {energy} "
             "of the energy.", saved=pct(r.saving), **values)


def story_captions(model) -> dict[str, str]:
    m, n = model.height, model.width
    picture = T("svd-compression.picture", "This picture is a grid of brightness numbers: {rows} rows × {columns} "
                "columns = {total} of them.", rows=m, columns=n, total=count(m * n))
    if model.source != "generated":
        name = Path(model.source).name
        fm, fn = model.file_size or (m, n)
        if (fm, fn) != (m, n):
            picture = T("svd-compression.picture_file_shrunk", "{name}, in grayscale and shrunk from {file_rows} × "
                        "{file_columns}: a grid of {rows} × {columns} = {total} brightness numbers.", name=name,
                        file_rows=str(fm), file_columns=str(fn), rows=m, columns=n, total=count(m * n))
        else:
            picture = T("svd-compression.picture_file", "{name}, in grayscale: a grid of {rows} × {columns} = "
                        "{total} brightness numbers.", name=name, rows=m, columns=n, total=count(m * n))
    out = {
        "picture": picture,
        "layers": T("svd-compression.layers", "SVD writes it as a sum of layers: each a column times a row, "
                    "weighted by a singular value σ."),
        "curve": T("svd-compression.curve", "The singular values, largest first. They fall fast: the first few "
                   "layers carry most of the picture."),
        "storage": T("svd-compression.storage", "One layer costs a column of {rows}, a row of {columns} and its σ: "
                     "k layers store k × {per_layer} numbers.", rows=m, columns=n, per_layer=m + n + 1),
        "energy": T("svd-compression.energy", "Energy kept: the top k squared singular values added up, over all of "
                    "them added up."),
        "reading": T("svd-compression.reading", "A few big singular values carry most of the picture."),
    }
    zeros = model.size - model.rank
    if model.kind == "constant":
        out["curve"] = T("svd-compression.curve_flat", "The picture is one flat shade: its rank is 1, so only σ₁ is "
                         "not zero. One layer is all of it.")
        out["reading"] = T("svd-compression.reading_flat", "A flat picture is a single layer: one singular value "
                           "carries all of it.")
    elif model.kind == "black":
        out["curve"] = T("svd-compression.curve_black", "The picture is all black: every singular value is 0, so "
                         "there is nothing to keep.")
        out["reading"] = T("svd-compression.reading_black", "An all-black picture has rank 0: no singular value "
                           "carries anything.")
    elif zeros == 1:
        out["curve"] = T("svd-compression.curve_zero", "The singular values, largest first (the last one is zero: "
                         "rank {rank}). They fall fast.", rank=model.rank)
    elif zeros > 0:
        out["curve"] = T("svd-compression.curve_zeros", "The singular values, largest first (the last {zeros} are "
                         "zero: rank {rank}). They fall fast.", zeros=zeros, rank=model.rank)
    return out


class SVDCompression(IntuitionScene):
    """A grayscale picture rebuilt from its top k singular values, for each k in ``ks``.

    Parameters (class attributes, or keyword arguments)
    ----------
    ks : 1 to 6 whole numbers, each at most the picture's smaller side
    size : longest side of the picture in pixels, 8..128
    image : a picture file (PNG, JPEG, ...); empty draws the generated one
    log_scale : draw the singular values on a log scale

    Examples
    --------
    >>> class MyPhoto(SVDCompression):
    ...     image = "photo.jpg"
    ...     ks = [1, 3, 10, 30]
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("camera_class", PixelCamera)
        super().__init__(*args, **kwargs)

    def construct(self) -> None:
        self.says = story_captions(self.model)
        self.show_title()
        self.layout()
        self.show_picture()
        self.show_layers()
        self.show_singular_values()
        for r in self.model.rebuilds:
            self.rebuild(r)
        self.read_it()

    # --- layout -------------------------------------------------------------------------------

    def layout(self) -> None:
        """Top row: the picture, then the formula over the chart. Middle: the storage rule. Bottom: thumbnails."""
        fw = config.frame_width
        self.left = -fw / 2 + style.EDGE
        self.right = fw / 2 - style.EDGE
        top = self.content_top - 0.08
        m = self.model
        self.pic_name = style.text(T("svd-compression.pixels", "{rows} × {columns} pixels", rows=m.height,
                                     columns=m.width), size=style.SMALL_SIZE, color=style.MUTED)
        self.pic_name.next_to(np.array([self.left, top, 0]), DOWN + RIGHT, buff=0)
        pic_top = self.pic_name.get_bottom()[1] - 0.1
        self.tall = config.frame_height > config.frame_width
        if self.tall:  # one thing under another: the picture, the formula, the chart, the storage rule, thumbnails
            self.tall_layout(pic_top)
            return
        self.original = pixels_image(m.original, 3.4, pic_top - 0.3)
        self.original.next_to(np.array([self.left, pic_top, 0]), DOWN + RIGHT, buff=0)
        self.original_frame = framed(self.original)
        # the chart's box, right of the picture (room for the y tick numbers on its left)
        column_right = max(self.original.get_right()[0], self.pic_name.get_right()[0])
        self.chart_left = column_right + 1.0
        self.chart_right = self.right - 0.3
        self.formula_top = top
        self.chart_top = top - 0.95  # the formula's row, then the row of the cut's label
        self.chart_bottom = 0.7
        self.storage_y = -0.02  # the storage rule's line, between the rows
        self.thumb_top = -0.3

    def tall_layout(self, pic_top: float) -> None:
        m = self.model
        n = len(m.rebuilds)
        slot = (self.right - self.left - 0.35 * (n - 1)) / n
        # the thumbnails as tall as their slot's width asks, the picture and the chart share the rest
        thumbs = min(2.6, max(1.0, slot * m.height / max(m.width, 1)))
        self.thumb_top = self.content_bottom + 0.08 + 0.62 + 0.4 + thumbs
        self.storage_y = self.thumb_top + 0.45  # room for a storage rule in two lines
        self.chart_bottom = self.storage_y + 0.9
        rest = pic_top - self.chart_bottom - 0.3 - 1.45  # below the picture: the formula and the chart's name
        self.original = pixels_image(m.original, self.right - self.left, max(1.0, 0.5 * rest))
        self.original.next_to(np.array([self.left, pic_top, 0]), DOWN + RIGHT, buff=0)
        self.original_frame = framed(self.original)
        self.chart_left = self.left + 0.9
        self.chart_right = self.right - 0.3
        self.formula_top = self.original.get_bottom()[1] - 0.3
        self.chart_top = self.formula_top - 1.45  # the formula's row, the chart's name, the cut's label

    def thumb_height(self) -> float:
        return self.thumb_top - 0.4 - (self.content_bottom + 0.08 + 0.62)

    def thumb_slots(self) -> list[tuple[float, float, float]]:
        """(centre x, picture width, room for its words) of each thumbnail along the bottom row.

        A slot is as wide as its picture, or as its words when the picture is narrow (a tall picture).
        """
        n = len(self.model.rebuilds)
        gap = 0.35
        slot = (self.right - self.left - gap * (n - 1)) / n
        w = min(slot, self.thumb_height() * self.model.width / self.model.height)
        room = min(slot, max(w, 1.7))
        total = room * n + gap * (n - 1)
        x0 = (self.left + self.right) / 2 - total / 2
        return [(x0 + room / 2 + k * (room + gap), w, room) for k in range(n)]

    # --- storyboard ---------------------------------------------------------------------------

    def show_picture(self) -> None:
        self.caption(self.says["picture"])
        self.play(FadeIn(self.original), Create(self.original_frame), FadeIn(self.pic_name), run_time=1.0)
        self.wait(1.2)

    def show_layers(self) -> None:
        self.formula = style.math("A = sigma_1 u_1 v_1^T + sigma_2 u_2 v_2^T + sigma_3 u_3 v_3^T + dots",
                                  r"A = \sigma_1 u_1 v_1^T + \sigma_2 u_2 v_2^T + \sigma_3 u_3 v_3^T + \dots",
                                  size=style.LABEL_SIZE)
        # an all-black picture has only zeros: no log scale can hold them
        self.log = bool(self.params.log_scale) and self.model.rank > 0
        if self.log:
            name = T("svd-compression.chart_log", "σᵢ, largest first (log scale)")
        else:
            name = T("svd-compression.chart", "σᵢ, largest first")
        self.chart_name = style.text(name, size=style.SMALL_SIZE, color=style.MUTED)
        left = self.chart_left - 0.6
        if self.tall:  # the chart's name on its own row, under the formula
            style.fit_width(self.formula, self.right - self.left)
            self.formula.next_to(np.array([self.left, self.formula_top, 0]), DOWN + RIGHT, buff=0)
            style.fit_width(self.chart_name, self.right - left)
            self.chart_name.next_to(np.array([left, self.formula.get_bottom()[1] - 0.15, 0]), DOWN + RIGHT, buff=0)
        else:
            style.fit_width(self.formula, self.right - left - self.chart_name.width - 0.4)
            self.formula.next_to(np.array([left, self.formula_top, 0]), DOWN + RIGHT, buff=0)
            self.chart_name.next_to(np.array([self.right, self.formula.get_center()[1], 0]), LEFT, buff=0)
        self.caption(self.says["layers"])
        self.play(Write(self.formula), run_time=1.2)
        self.wait(1.3)

    def show_singular_values(self) -> None:
        m = self.model
        s = m.singular_values
        positive = int(np.sum(s > 0))
        xs = np.arange(1, s.size + 1, dtype=float)
        width = self.chart_right - self.chart_left
        height = self.chart_top - self.chart_bottom
        x_ticks = 6 if s.size >= 12 else max(1, s.size)
        if self.log:
            lo = int(np.floor(np.log10(m.chart_floor) + 1e-9))
            hi = int(np.ceil(np.log10(s[0]) - 1e-9)) if positive else lo + 1
            hi = max(hi, lo + 1)
            self.axes = charts.chart_axes((0, s.size + 0.5), (lo, hi), width=width, height=height, x_ticks=x_ticks,
                                          y_ticks=hi - lo, y_numbers=False)
            ys = np.log10(np.maximum(s, 10.0**lo))
            every = max(1, int(np.ceil((hi - lo) / 3)))
            self.y_labels = VGroup(*(self.decade_label(e) for e in range(lo, hi + 1, every)))
        else:
            ceiling = float(s[0]) * 1.05 if positive else 1.0
            self.axes = charts.chart_axes((0, s.size + 0.5), (0, ceiling), width=width, height=height,
                                          x_ticks=x_ticks, y_ticks=4)
            ys = s
            self.y_labels = VGroup()
        # the axis line (not its numbers) spans the box
        self.axes.shift(np.array([self.chart_left, self.chart_bottom, 0]) - self.axes.c2p(0, self.axes.y_range[0]))
        for lab in self.y_labels:
            lab.next_to(self.axes.c2p(0, lab.exponent), LEFT, buff=0.12)
        self.xs, self.ys = xs, ys
        drawn = max(positive, 1) if self.log else s.size  # a log scale has no room for zeros
        if positive <= 1 and self.log:  # one value (or none): a dot says it better than a line of length 0
            self.curve = Dot(charts.points(self.axes, xs[:1], ys[:1])[0], radius=0.07, color=style.POSITIVE)
        else:
            self.curve = charts.curve(self.axes, xs[:drawn], ys[:drawn], style.POSITIVE, stroke_width=3.5)
        self.i_name = style.text("i", size=style.SMALL_SIZE, color=style.MUTED)
        self.i_name.next_to(self.axes.x_axis.get_right(), UP, buff=0.1)
        self.caption(self.says["curve"])
        self.play(Create(self.axes), FadeIn(self.chart_name), FadeIn(self.y_labels), FadeIn(self.i_name),
                  run_time=0.8)
        self.play(Create(self.curve), run_time=1.2)
        self.wait(0.8)

    def decade_label(self, e: int) -> Mobject:
        if e in (0, 1):
            lab = style.math(str(10**e), size=style.SMALL_SIZE, color=style.MUTED)
        else:
            lab = style.math(f"10^({e})", f"10^{{{e}}}", size=style.SMALL_SIZE, color=style.MUTED)
        lab.exponent = e
        return lab

    # --- one k ----------------------------------------------------------------------------------

    def kept_region(self, k: int) -> VMobject:
        """The area under the curve for i <= k (a bar half a step either side), down to the chart's floor."""
        ax = self.axes
        floor = ax.y_range[0]
        xs = np.concatenate([[0.5], self.xs[:k], [k + 0.5]])
        ys = np.concatenate([[self.ys[0]], self.ys[:k], [self.ys[k - 1]]])
        top = charts.points(ax, xs, ys)
        base = charts.points(ax, [k + 0.5, 0.5], [floor, floor])
        area = VMobject(stroke_width=0, fill_color=style.HIGHLIGHT, fill_opacity=0.45)
        area.set_points_as_corners(np.vstack([top, base, top[:1]]))
        return area

    def cut_line(self, k: int) -> DashedLine:
        ax = self.axes
        return DashedLine(ax.c2p(k + 0.5, ax.y_range[0]), ax.c2p(k + 0.5, ax.y_range[1]), color=style.HIGHLIGHT,
                          stroke_width=3, dash_length=0.1)

    def cut_label(self, k: int) -> Mobject:
        """``k = 5`` just above the chart, at the top of the cut (to its left when the right is out of room)."""
        lab = style.text(f"k = {k}", size=style.SMALL_SIZE, color=style.HIGHLIGHT)
        top = self.axes.c2p(k + 0.5, self.axes.y_range[1])
        lab.next_to(top, UP + RIGHT, buff=0.06)
        if lab.get_right()[0] > self.right:
            lab.next_to(top, UP + LEFT, buff=0.06)
        return lab

    def storage_line(self) -> Mobject:
        m = self.model
        words = T("svd-compression.storage_row", "k layers store k × ({rows} + {columns} + 1) = "
                  "k × {per_layer} numbers; the picture has {rows} × {columns} = {total}", rows=m.height,
                  columns=m.width, per_layer=m.height + m.width + 1, total=count(m.height * m.width))
        if self.tall:  # a narrow frame: two lines rather than one tiny one
            line = charts.panel_words(words, size=style.SMALL_SIZE, color=style.TEXT,
                                      width=self.right - self.left + 0.35)
        else:
            line = style.text(words, size=style.SMALL_SIZE, color=style.TEXT)
        style.fit_width(line, self.right - self.left)
        line.move_to(np.array([(self.left + self.right) / 2, self.storage_y, 0]))
        return line

    def thumbnail(self, index: int, r) -> Thumb:
        x, w, room = self.thumb_slots()[index]
        h = self.thumb_height()
        img = pixels_image(r.pixels, w, h)
        head = style.text(f"k = {r.k}", size=style.LABEL_SIZE, color=style.HIGHLIGHT)
        style.fit_width(head, room)
        head.move_to(np.array([x, self.thumb_top - head.height / 2, 0]))
        img.move_to(np.array([x, self.thumb_top - 0.4 - h / 2, 0]))
        box = framed(img).set_stroke(style.HIGHLIGHT, width=3)
        if self.model.kind == "black":
            energy = T("svd-compression.thumb_black", "all black")
        else:
            energy = T("svd-compression.thumb_energy", "{energy} energy", energy=pct(r.energy_kept))
        line1 = style.text(energy, size=THUMB_LABEL, color=style.TEXT)
        line2 = style.text(T("svd-compression.thumb_numbers", "{stored} numbers", stored=count(r.numbers_stored)),
                           size=THUMB_LABEL, color=style.MUTED)
        words = VGroup(line1, line2).arrange(DOWN, buff=0.08)
        style.fit_width(words, room)
        words.next_to(np.array([x, img.get_bottom()[1], 0]), DOWN, buff=0.1)
        return Thumb(img, box, head, words)

    def rebuild(self, r) -> None:
        index = self.model.ks.index(r.k)
        first = index == 0
        region, cut, label = self.kept_region(r.k), self.cut_line(r.k), self.cut_label(r.k)
        thumb = self.thumbnail(index, r)
        self.caption(step_caption(self.model, r))
        if first:
            self.region, self.cut, self.cut_lab = region, cut, label
            self.play(FadeIn(region), Create(cut), FadeIn(label), run_time=0.8)
        else:
            self.play(self.region.animate.become(region), self.cut.animate.become(cut),
                      self.cut_lab.animate.become(label), self.last_box.animate.set_stroke(style.MUTED, width=1.5),
                      run_time=0.8)
        self.bring_to_front(self.curve)
        self.play(FadeIn(thumb.image), Create(thumb.box), FadeIn(thumb.head), FadeIn(thumb.words), run_time=0.7)
        self.last_box = thumb.box
        self.wait(1.0 if len(self.model.rebuilds) <= 4 else 0.5)
        if first and self.model.kind != "black":
            self.caption(self.says["storage"])
            self.storage = self.storage_line()
            self.play(FadeIn(self.storage), run_time=0.6)
            self.wait(1.6)
            self.caption(self.says["energy"])
            self.wait(2.2)

    def read_it(self) -> None:
        self.caption(self.says["reading"])
        self.wait(2.2)
