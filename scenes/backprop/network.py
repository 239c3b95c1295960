"""Backpropagation in a small network: forward, loss, blame flowing back, one step.

Every number drawn is a field of ``self.model`` (``intuition/backprop.py``).
Labels are made once and faded or transformed in, never updated per frame.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    BackgroundRectangle,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    LaggedStart,
    Line,
    ShowPassingFlash,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Write,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.layout import Box, box_of, boxes_overlap
from scenes.plane import segment_hits_box

PANEL_LEFT = 2.15  # the network lives left of this x, the loss panel right of it
TARGET_ROOM = 1.0  # room right of the output nodes for "t = 1"
LAYER_NAME_ROOM = 0.45  # room under the network for "inputs", "hidden", "output"
STACKED_SPACING, STACKED_RADIUS = 2.4, 0.52  # the most room between two nodes of a layer, a tall frame
STACKED_GROW = 4  # points larger numbers on nodes and edges, a tall frame
PANEL_GROW = 1.15  # the panel's rows at full width (a stacked frame), before fitting
MIN_CURVE_HEIGHT = 1.8  # the panel's least height with a loss curve in it (a stacked frame)
EDGE_LABEL_SIZE = style.SMALL_SIZE + 3
CURVE_SHARE = 0.42  # of the panel's width, for the loss curve (a stacked frame, steps > 1)
MAX_EDGE_LABELS = 12  # the most-blamed edges get numbers; the rest show it by thickness
# drawing order of an edge label: over the edges (z 0) its band, then a highlight, then the number
BAND_Z, HIGHLIGHT_Z, LABEL_Z = 1, 2, 3


def short(x: float, typesetter: str | None = None) -> str:
    """Two decimals, two significant digits when that would read as 0, a power of ten past 10^5 or under 10^-3.

    In the current typesetter's math (or ``typesetter``'s), as ``style.fmt`` writes it.
    """
    if np.isfinite(x) and (abs(x) >= 1e5 or 0 < abs(x) < 0.001):
        return style.power_of_ten(*style.mantissa_exponent(x), typesetter)
    if np.isfinite(x) and 0 < abs(x) < 0.1:
        return style.math_digits(f"{x:.2g}", typesetter)
    return style.fmt(x, typesetter=typesetter)


def typst_number(x: float) -> str:
    return short(x, "typst")


def latex_number(x: float) -> str:
    return short(x, "latex")


def short_words(x: float) -> str:
    """:func:`short` as the language writes it (2,5 in German): two significant digits when small."""
    if np.isfinite(x) and 0.001 <= abs(x) < 0.1:
        return num(x, 1 - int(np.floor(np.log10(abs(x)))))
    return num(x)


def loss_words(x: float) -> str:
    """:func:`loss_text` as the language writes it: 3 significant digits."""
    if np.isfinite(x) and 0.001 <= abs(x) < 1e5:
        return num(x, max(0, 2 - int(np.floor(np.log10(abs(x))))))
    return num(x, 3)


def number_list(values) -> str:
    """Numbers one after another: "0.5, 1", or "0,5; 1" where the comma is the decimal mark."""
    sep = "; " if "," in num(0.5) else ", "
    return sep.join(num(float(v)) for v in values)


def overflow_word(size: float) -> VMobject:
    return style.text(T("backprop.overflow", "overflow"), size=size * 0.8, color=style.NEGATIVE)


def number_math(x: float, *, size: float, color) -> VMobject:
    if not np.isfinite(x):
        return overflow_word(size)
    return style.math(typst_number(x), latex_number(x), size=size, color=color)


def loss_text(x: float) -> str:
    """A loss to 3 significant digits, the same in the panel and the captions."""
    if not np.isfinite(x):
        return "undefined"
    return f"{x:.3g}" if 0.001 <= abs(x) < 1e5 or x == 0 else f"{x:.2e}"


def loss_math(x: float, *, color, size: float = style.MATH_SIZE) -> VMobject:
    if not np.isfinite(x):
        return overflow_word(size)
    s = loss_text(x)
    if "e" in s:
        mant, exp = s.split("e")
        typst, latex = style.power_of_ten(mant, int(exp), "typst"), style.power_of_ten(mant, int(exp), "latex")
        return style.math(typst, latex, size=size, color=color)
    return style.math(style.math_digits(s), size=size, color=color)


def magnitude(values: np.ndarray, v: float) -> float:
    """|v| relative to the largest |value| (0..1), for thickness and brightness."""
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    return abs(v) / top if top > 0 and np.isfinite(top) else 0.0


def activation_name(name: str) -> str:
    """The hidden layers' activation, as the label under them says it."""
    if name == "sigmoid":
        return T("backprop.sigmoid", "sigmoid")
    if name == "tanh":
        return T("backprop.tanh", "tanh")
    if name == "relu":
        return T("backprop.relu", "relu")
    if name == "identity":
        return T("backprop.identity", "identity")
    return name


def network_caption(activation: str) -> str:
    """The first caption, one whole sentence per activation."""
    if activation == "tanh":
        return T(
            "backprop.network_tanh",
            "A small network: each edge multiplies by its weight, each node adds up and applies tanh.",
        )
    if activation == "relu":
        return T(
            "backprop.network_relu",
            "A small network: each edge multiplies by its weight, each node adds up and applies relu.",
        )
    if activation == "identity":
        return T(
            "backprop.network_identity",
            "A small network: each edge multiplies by its weight, each node adds up and applies identity.",
        )
    return T(
        "backprop.network_sigmoid",
        "A small network: each edge multiplies by its weight, each node adds up and applies sigmoid.",
    )


class Backprop(IntuitionScene):
    """A dense network: forward pass, loss, gradients right to left, one descent step.

    Parameters (class attributes, or keyword arguments)
    ----------
    layers : sizes, inputs first, e.g. [2, 3, 1]
    activation : sigmoid, tanh, relu or identity (hidden layers)
    loss : squared-error or cross-entropy
    input, target : one number per input / output node (empty: defaults)
    weights, biases : per layer (empty: drawn from ``seed`` / zeros)
    learning_rate, steps : gradient descent; steps > 1 plots the loss curve

    Examples
    --------
    >>> class Wide(Backprop):
    ...     layers = [3, 4, 1]
    ...     activation = "tanh"
    """

    highlight: VMobject | None = None  # the box behind the most-blamed weight's number
    panel: VGroup | None = None  # the loss panel's rows, once built
    grow = 0  # points added to the numbers' size (a stacked frame: STACKED_GROW)

    def construct(self) -> None:
        self.show_title()
        self.lay_out()
        self.draw_network()
        self.forward_pass()
        self.show_loss()
        self.backward_pass()
        self.point_at_largest()
        self.update_step()
        if self.model.steps > 1:
            self.loss_curve()
        self.wait(1.5)

    # --- layout -------------------------------------------------------------------

    def lay_out(self) -> None:
        if frame.stacked():
            self.lay_out_stacked()
            return
        m = self.model
        self.net_right = PANEL_LEFT
        left = -config.frame_width / 2 + style.EDGE
        top = self.content_top - 0.1
        bottom = self.content_bottom + LAYER_NAME_ROOM
        n_layers, widest = len(m.layers), max(m.layers)
        spacing = min(1.75, (top - bottom) / widest)
        self.radius = min(0.42, 0.38 * spacing)
        x_first = left + self.radius + 0.05
        x_last = PANEL_LEFT - TARGET_ROOM - self.radius
        xs = np.linspace(x_first, x_last, n_layers)
        mid = (top + bottom) / 2
        self.centres = [
            [np.array([x, mid + (n - 1) / 2 * spacing - k * spacing, 0.0]) for k in range(n)]
            for x, n in zip(xs, m.layers)
        ]
        self.net_bottom = bottom

    def lay_out_stacked(self) -> None:
        """A tall or square frame: the network at the frame's full width on top, its layer names just
        under it, the loss panel below (frame.split); the panel's rows are built here to size it."""
        m = self.model
        self.grow = STACKED_GROW if len(m.layers) <= 3 else 0  # more layers: more, shorter edges to label
        top, bottom = self.content_top - 0.1, self.content_bottom
        width = config.frame_width - 2 * style.EDGE
        n_layers, widest = len(m.layers), max(m.layers)
        # the spacing the width allows (layers apart by at least about two node widths), as high as that
        step = (width - TARGET_ROOM - 0.1) / max(n_layers - 1, 1)
        # edges no steeper than a wide frame's, or their numbers find no room between them
        wanted = min(STACKED_SPACING, (0.65 if n_layers <= 3 else 0.5) * step)
        ratio = (widest * wanted + LAYER_NAME_ROOM) / width
        # the panel just as high as its rows (one column, or two when that leaves them larger), the
        # network the rest; the loss curve (steps > 1) goes right of the rows
        rows = self.panel_rows()
        for r in rows:
            r.scale(PANEL_GROW)
        rows_width = width * (1 - CURVE_SHARE) if m.steps > 1 else width
        one = VGroup(*[r.copy() for r in rows]).arrange(DOWN, aligned_edge=LEFT, buff=0.32)
        half = (len(rows) + 1) // 2
        two = VGroup(
            VGroup(*[r.copy() for r in rows[:half]]).arrange(DOWN, aligned_edge=LEFT, buff=0.32),
            VGroup(*[r.copy() for r in rows[half:]]).arrange(DOWN, aligned_edge=LEFT, buff=0.32),
        ).arrange(RIGHT, aligned_edge=UP, buff=0.5)
        def share_of(h: float) -> float:
            return (max(h, MIN_CURVE_HEIGHT if m.steps > 1 else 0.0) + frame.GAP / 2 + 0.05) / (top - bottom)

        share = frame.fitted_share(ratio, top, bottom)  # the network as high as it would like
        one_high = one.height * min(1.0, rows_width / one.width)
        if share_of(one_high) > share:
            if (1 - share_of(one_high)) >= 0.85 * (1 - share):  # one column, the network a little lower
                share = share_of(one_high)
            else:  # no room for one column: as little as the rows need
                share = min(share, share_of(min(one_high, two.height * min(1.0, rows_width / two.width))))
        (left, right, pic_bottom, pic_top), self.panel_box = frame.split(top, bottom, 0.0, share=share)
        p_left, _, p_bottom, p_top = self.panel_box
        self.panel = frame.fill_panel(rows, (p_left, p_left + rows_width, p_bottom, p_top), buff=0.32)
        spacing = min(wanted, (pic_top - pic_bottom - LAYER_NAME_ROOM) / widest)
        self.radius = min(STACKED_RADIUS, 0.34 * spacing, 0.2 * step)
        xs = np.linspace(left + self.radius + 0.05, right - TARGET_ROOM - self.radius, n_layers)
        height = (widest - 1) * spacing + 2 * self.radius + LAYER_NAME_ROOM
        mid = (pic_top + pic_bottom) / 2 + LAYER_NAME_ROOM / 2  # the names block under the nodes, both centred
        self.centres = [
            [np.array([x, mid + (n - 1) / 2 * spacing - k * spacing, 0.0]) for k in range(n)]
            for x, n in zip(xs, m.layers)
        ]
        self.net_bottom = mid - height / 2 + LAYER_NAME_ROOM / 2  # the lowest node's bottom
        self.net_right = right

    # --- pieces ---------------------------------------------------------------------

    def edge_style(self, line: Line, values: np.ndarray, v: float, color=None) -> Line:
        rel = magnitude(values, v)
        if color is None:
            color = style.POSITIVE if v >= 0 else style.NEGATIVE
        return line.set_stroke(color=color, width=1.2 + 6 * rel, opacity=0.3 + 0.7 * rel)

    def weight_edges(self, weights) -> VGroup:
        all_w = np.concatenate([np.ravel(w) for w in weights])
        edges = VGroup()
        for (layer_index, i, j), line in zip(self.edge_keys, self.edge_lines):
            edges.add(self.edge_style(line.copy(), all_w, float(weights[layer_index][i, j])))
        return edges

    def node_number(self, layer_index: int, k: int, value: float, color) -> VMobject:
        num = number_math(value, size=style.SMALL_SIZE + 2 + self.grow, color=color)
        style.fit_into(num, 1.6 * self.radius, 0.8 * self.radius)
        return num.move_to(self.centres[layer_index][k])

    def edge_label(self, value: float, color) -> VGroup:
        """A number on its band, both drawn over the edges; a highlight goes between the two."""
        label = number_math(value, size=EDGE_LABEL_SIZE + self.grow / 2, color=color).set_z_index(LABEL_Z)
        band = BackgroundRectangle(label, color=style.BACKGROUND, fill_opacity=0.9, buff=0.04)
        return VGroup(band.set_z_index(BAND_Z), label)

    def find_label_slots(self, sizes: dict) -> dict:
        """A free spot on each edge for its labels, largest gradients first; edges with no room get none."""
        m = self.model
        taken: list[Box] = []
        pad = 0.06
        for layer in self.centres:
            for c in layer:
                r = self.radius + pad
                taken.append((c[0] - r, c[0] + r, c[1] - r, c[1] + r))
        taken += [box_of(mob, pad) for mob in self.target_labels]
        if self._title_mob is not None:
            taken.append(box_of(self._title_mob, pad))
        order = sorted(self.edge_keys, key=lambda k: -abs(m.weight_gradients[k[0]][k[1], k[2]]))
        ends = {key: (line.get_start(), line.get_end()) for key, line in zip(self.edge_keys, self.edge_lines)}
        slots: dict = {}
        for key in order:
            if len(slots) >= MAX_EDGE_LABELS:
                break  # past this, numbers can no longer be told apart from their edges
            layer_index, i, j = key
            a, b = self.centres[layer_index][j], self.centres[layer_index + 1][i]
            w, h = sizes[key]
            # spread the labels of one source node along its fan of edges
            base = 0.5 + 0.18 * (j - (m.layers[layer_index] - 1) / 2) / max(1, m.layers[layer_index] - 1) * 2
            tries = sorted(np.arange(0.15, 0.851, 0.05), key=lambda t: abs(t - base))
            # the most-blamed weight always gets its number (the scene points at it), crossed if it must be
            for strict in (True, False) if key == m.largest_gradient else (True,):
                spot = self.free_spot(key, a, b, (w, h), tries, taken, ends, strict=strict, pad=pad)
                if spot is not None:
                    taken.append(spot[1])
                    slots[key] = spot[0]
                    break
        return slots

    def free_spot(self, key, a, b, size, tries, taken, ends, *, strict: bool, pad: float):
        """The first point a + t (b - a) whose label box is inside the network's area and overlaps
        nothing taken; ``strict``: and no other edge runs through the middle of the number
        (it would read as that edge's weight). (point, box) or None."""
        (w, h), x_max, y_min = size, self.net_right - 0.05, self.net_bottom
        for t in tries:
            p = a + t * (b - a)
            box = (p[0] - w / 2 - pad, p[0] + w / 2 + pad, p[1] - h / 2 - pad, p[1] + h / 2 + pad)
            if box[1] > x_max or box[2] < y_min or any(boxes_overlap(box, o) for o in taken):
                continue
            middle = (p[0] - 0.3 * w, p[0] + 0.3 * w, p[1] - h / 2, p[1] + h / 2)
            if strict and any(segment_hits_box(*ends[k], middle) for k in self.edge_keys if k != key):
                continue
            return p, box
        return None

    # --- storyboard steps -------------------------------------------------------------

    def draw_network(self) -> None:
        m = self.model
        self.edge_keys, self.edge_lines = [], []
        for layer_index, w in enumerate(m.weights):
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    self.edge_keys.append((layer_index, i, j))
                    self.edge_lines.append(
                        Line(self.centres[layer_index][j], self.centres[layer_index + 1][i], buff=self.radius)
                    )
        self.edges = self.weight_edges(m.weights)
        self.nodes = VGroup(
            *[
                Circle(radius=self.radius, color=style.VECTOR if layer_index == 0 else style.GRID, stroke_width=3)
                .set_fill(style.BACKGROUND, opacity=1)
                .move_to(c)
                for layer_index, layer in enumerate(self.centres)
                for c in layer
            ]
        )
        names = []
        last = len(m.layers) - 1
        for layer_index, layer in enumerate(self.centres):
            if layer_index == 0:
                word = T("backprop.inputs", "inputs")
            elif layer_index == last:
                word = (
                    T("backprop.output", "output") if m.layers[layer_index] == 1 else T("backprop.outputs", "outputs")
                )
            else:
                word = activation_name(m.activation)
            name = style.text(word, size=style.SMALL_SIZE - 2, color=style.MUTED)
            name.move_to(np.array([layer[0][0], self.net_bottom - LAYER_NAME_ROOM / 2, 0.0]))
            names.append(name)
        self.layer_names = VGroup(*names)
        self.target_labels = [
            style.fit_into(
                style.math(f"t = {style.fmt(t)}", size=style.SMALL_SIZE + 2, color=style.HIGHLIGHT),
                TARGET_ROOM - 0.15,
                0.4,
            ).next_to(self.centres[-1][k] + self.radius * RIGHT, RIGHT, buff=0.12)
            for k, t in enumerate(m.target)
        ]
        # every label made now, so one set of spots holds weights, gradients and new weights
        self.w_labels, self.g_labels, self.new_w_labels = {}, {}, {}
        sizes = {}
        for key in self.edge_keys:
            layer_index, i, j = key
            self.w_labels[key] = self.edge_label(float(m.weights[layer_index][i, j]), style.TEXT)
            self.g_labels[key] = self.edge_label(float(m.weight_gradients[layer_index][i, j]), style.ACCENT)
            self.new_w_labels[key] = self.edge_label(float(m.updated_weights[layer_index][i, j]), style.TEXT)
            trio = (self.w_labels[key], self.g_labels[key], self.new_w_labels[key])
            sizes[key] = (max(x.width for x in trio), max(x.height for x in trio))
        self.slots = self.find_label_slots(sizes)
        for key, p in self.slots.items():
            for group in (self.w_labels, self.g_labels, self.new_w_labels):
                group[key].move_to(p)
        self.labelled = [k for k in self.edge_keys if k in self.slots]

        self.caption(network_caption(m.activation))
        self.play(Create(self.edges, lag_ratio=0.02), FadeIn(self.nodes), FadeIn(self.layer_names), run_time=1.2)
        if self.labelled:
            self.play(LaggedStart(*[FadeIn(self.w_labels[k]) for k in self.labelled], lag_ratio=0.05), run_time=0.8)

    def forward_pass(self) -> None:
        m = self.model
        self.node_labels = [
            [
                self.node_number(layer_index, k, float(a), style.VECTOR if layer_index == 0 else style.TEXT)
                for k, a in enumerate(acts)
            ]
            for layer_index, acts in enumerate(m.activations)
        ]
        self.caption(T("backprop.forward", "Forward pass: the input values flow left to right, layer by layer."))
        self.play(FadeIn(VGroup(*self.node_labels[0])), run_time=0.6)
        for layer_index in range(1, len(m.layers)):
            into = [line for key, line in zip(self.edge_keys, self.edge_lines) if key[0] == layer_index - 1]
            flashes = [ShowPassingFlash(line.copy().set_stroke(style.VECTOR, width=5), time_width=0.6) for line in into]
            self.play(*flashes, run_time=0.7)
            self.play(FadeIn(VGroup(*self.node_labels[layer_index]), scale=1.2), run_time=0.4)

    def build_panel(self) -> None:
        if self.panel is not None:
            return  # made by the layout (a stacked frame)
        width = config.frame_width / 2 - style.EDGE - PANEL_LEFT
        rows = self.panel_rows()
        for r in rows:
            style.fit_width(r, width)
        self.panel = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.32)
        self.panel.next_to(np.array([PANEL_LEFT + 0.1, self.content_top - 0.15, 0.0]), DOWN + RIGHT, buff=0)

    def panel_rows(self) -> list:
        """The loss panel's rows (not placed): the loss formula, the loss, the update rule, the loss after."""
        m = self.model
        if m.loss_function == "squared-error":
            formula = style.math(
                "L = 1/2 sum (y - t)^2", r"L = \tfrac{1}{2} \sum (y - t)^2", size=style.LABEL_SIZE, color=style.MUTED
            )
        else:
            formula = style.math(
                "L = -sum [t log y + (1 - t) log(1 - y)]",
                r"L = -\sum [t \log y + (1 - t) \log(1 - y)]",
                size=style.LABEL_SIZE,
                color=style.MUTED,
            )
        self.loss_row = VGroup(
            style.text(T("backprop.loss", "loss"), size=style.LABEL_SIZE, color=style.ACCENT),
            loss_math(m.loss, color=style.ACCENT),
        ).arrange(RIGHT, buff=0.25)
        self.rule_row = style.math(
            f"w <- w - {style.fmt(m.learning_rate, 3)} dot (partial L) / (partial w)",
            rf"w \leftarrow w - {style.fmt(m.learning_rate, 3)} \cdot \frac{{\partial L}}{{\partial w}}",
            size=style.LABEL_SIZE,
        )
        after = m.updated_loss
        good = m.loss_went_down and np.isfinite(after)
        self.after_row = VGroup(
            style.text(
                T("backprop.after_one_step", "after one step"),
                size=style.LABEL_SIZE,
                color=style.POSITIVE if good else style.NEGATIVE,
            ),
            loss_math(after, color=style.POSITIVE if good else style.NEGATIVE),
        ).arrange(RIGHT, buff=0.25)
        self.formula = formula
        return [formula, self.loss_row, self.rule_row, self.after_row]

    def show_loss(self) -> None:
        m = self.model
        self.build_panel()
        outs, targets = number_list(m.output), number_list(m.target)
        self.play(LaggedStart(*[FadeIn(t, shift=0.2 * LEFT) for t in self.target_labels], lag_ratio=0.2), run_time=0.6)
        self.caption(
            T(
                "backprop.loss_measures",
                "The loss measures how far the output ({outputs}) is from the target ({targets}).",
                outputs=outs,
                targets=targets,
            )
        )
        self.play(Write(self.formula), run_time=0.8)
        self.play(FadeIn(self.loss_row, shift=0.2 * DOWN), run_time=0.6)
        self.wait(0.6)

    def backward_pass(self) -> None:
        m = self.model
        all_g = np.concatenate([np.ravel(g) for g in m.weight_gradients])
        self.caption(
            T(
                "backprop.backward",
                "Backprop runs the chain rule backwards, asking each weight how much it caused the error.",
            )
        )
        if self.labelled:
            self.play(*[FadeOut(self.w_labels[k]) for k in self.labelled], run_time=0.5)
        self.blame_labels: list[list] = [[] for _ in m.layers]
        for layer_index in range(len(m.layers) - 1, 0, -1):
            blame = [
                self.node_number(layer_index, k, float(d), style.ACCENT)
                for k, d in enumerate(m.deltas[layer_index - 1])
            ]
            self.blame_labels[layer_index] = blame
            rings = [self.nodes[self.node_index(layer_index, k)] for k in range(m.layers[layer_index])]
            self.play(
                *[FadeTransform(self.node_labels[layer_index][k], blame[k]) for k in range(m.layers[layer_index])],
                *[r.animate.set_stroke(style.ACCENT) for r in rings],
                run_time=0.6,
            )
            if layer_index == len(m.layers) - 1:
                self.caption(
                    T(
                        "backprop.blame",
                        "Orange in a node: its share of the blame, how fast the loss changes as its sum changes.",
                    )
                )
            keys = [(k, n) for k, n in enumerate(self.edge_keys) if n[0] == layer_index - 1]
            back = [
                ShowPassingFlash(
                    Line(self.edge_lines[k].get_end(), self.edge_lines[k].get_start()).set_stroke(
                        style.ACCENT, width=5
                    ),
                    time_width=0.6,
                )
                for k, _ in keys
            ]
            restyle = [
                self.edges[k].animate.set_stroke(**self.stroke_for(all_g, float(m.weight_gradients[n[0]][n[1], n[2]])))
                for k, n in keys
            ]
            labels = [FadeIn(self.g_labels[n]) for _, n in keys if n in self.slots]
            self.play(*back, *restyle, run_time=0.8)
            if layer_index == len(m.layers) - 1:
                self.caption(
                    T(
                        "backprop.weight_gradient",
                        "Each weight's gradient is the blame at its right end times the value at its left end.",
                    )
                )
            if labels:  # a wide layer may have no room left for numbers
                self.play(*labels, run_time=0.5)

    def stroke_for(self, values: np.ndarray, v: float) -> dict:
        rel = magnitude(values, v)
        return {"color": style.ACCENT, "width": 1.2 + 6 * rel, "opacity": 0.25 + 0.75 * rel}

    def node_index(self, layer_index: int, k: int) -> int:
        return sum(self.model.layers[:layer_index]) + k

    def point_at_largest(self) -> None:
        m = self.model
        layer_index, i, j = m.largest_gradient
        g = float(m.weight_gradients[layer_index][i, j])
        if g == 0:
            self.caption(
                T("backprop.all_zero", "Every gradient is 0 here: no weight can lower the loss by a small change.")
            )
            self.wait(1.0)
            return
        k = self.edge_keys.index((layer_index, i, j))
        self.caption(
            T(
                "backprop.most_blame",
                "This weight gets the most blame: nudging it changes the loss {rate} times as fast.",
                rate=short_words(abs(g)),
            )
        )
        marks = [Indicate(self.edges[k], color=style.VECTOR, scale_factor=1.0)]
        if (layer_index, i, j) in self.slots:
            # a box behind the number (never over it: the number stays readable), the number itself pulses
            number = self.g_labels[(layer_index, i, j)][1]
            self.highlight = SurroundingRectangle(
                number, color=style.VECTOR, buff=0.07, corner_radius=0.05, stroke_width=3
            ).set_fill(style.VECTOR, opacity=0.22)
            self.highlight.set_z_index(HIGHLIGHT_Z)
            marks += [Create(self.highlight), Indicate(number, color=style.VECTOR, scale_factor=1.2)]
        self.play(*marks, run_time=1.2)

    def update_step(self) -> None:
        m = self.model
        eta = num(m.learning_rate, 3)
        self.caption(
            T(
                "backprop.descent_step",
                "One step of gradient descent: each weight moves against its gradient, {eta} times as far.",
                eta=eta,
            )
        )
        fade = [FadeOut(self.highlight)] if self.highlight is not None else []
        self.play(FadeIn(self.rule_row, shift=0.2 * DOWN), *fade, run_time=0.6)
        new_edges = self.weight_edges(m.updated_weights)
        self.play(
            *[Transform(self.g_labels[k], self.new_w_labels[k]) for k in self.labelled],
            Transform(self.edges, new_edges),
            *[r.animate.set_stroke(style.GRID) for r in self.nodes[m.layers[0] :]],
            run_time=1.0,
        )
        fresh = [
            [self.node_number(layer_index, k, float(a), style.TEXT) for k, a in enumerate(acts)]
            for layer_index, acts in enumerate(m.updated_activations)
        ]
        self.play(
            *[
                FadeTransform(self.blame_labels[layer_index][k], fresh[layer_index][k])
                for layer_index in range(1, len(m.layers))
                for k in range(m.layers[layer_index])
            ],
            run_time=0.8,
        )
        self.play(FadeIn(self.after_row, shift=0.2 * DOWN), run_time=0.6)
        before, after = loss_words(m.loss), loss_words(m.updated_loss)
        if not np.isfinite(m.updated_loss):
            text = T("backprop.blew_up", "The step was far too big: the loss blew up. Try a smaller learning rate.")
        elif m.loss_went_down:
            text = T(
                "backprop.fell",
                "Run forward again with the new weights: the loss fell from {before} to {after}.",
                before=before,
                after=after,
            )
        elif m.updated_loss == m.loss:
            text = T("backprop.unchanged", "The loss did not change: with every gradient 0, the step moved nothing.")
        else:
            text = T(
                "backprop.rose",
                "The step overshot: the loss rose from {before} to {after}. The learning rate {eta} is too large.",
                before=before,
                after=after,
                eta=eta,
            )
        self.caption(text)
        self.wait(1.0)

    def loss_curve(self) -> None:
        m = self.model
        hist = np.asarray(m.loss_history, dtype=float)
        n = len(hist) - 1
        if n < 1:  # the first step already blew up: there is no curve to draw
            self.caption(
                T(
                    "backprop.first_step_blows_up",
                    "With learning rate {eta} the very first step blows the loss up: the steps are far too big.",
                    eta=num(m.learning_rate, 3),
                )
            )
            self.wait(1.0)
            return
        if frame.stacked():  # right of the panel's rows, its names inside the panel
            p_left, p_right, p_bottom, p_top = self.panel_box
            left = max(self.panel.get_right()[0] + 0.35, p_right - CURVE_SHARE * (p_right - p_left) + 0.35)
            right = p_right - 0.1
            top, bottom = p_top - 0.4, p_bottom + 0.4
        else:
            left = PANEL_LEFT + 0.45
            right = config.frame_width / 2 - style.EDGE - 0.1
            top = self.panel.get_bottom()[1] - 0.55
            bottom = self.content_bottom + 0.45
        # a stacked frame's short curve: more room over the first loss for its number under the axis name
        y_top = float(np.max(hist)) * (1.3 if frame.stacked() else 1.1) or 1.0
        axes = Axes(
            x_range=[0, max(n, 1), max(n, 1)],
            y_range=[0, y_top, y_top],
            x_length=right - left,
            y_length=max(0.8, top - bottom),
            tips=False,
            axis_config={"color": style.MUTED, "stroke_width": 2, "include_ticks": False},
        )
        axes.move_to(np.array([(left + right) / 2, (top + bottom) / 2, 0.0]))
        curve = VMobject().set_points_as_corners([axes.c2p(k, v) for k, v in enumerate(hist)])
        curve.set_stroke(style.ACCENT, width=4)
        y_name = style.text(T("backprop.loss", "loss"), size=style.SMALL_SIZE, color=style.MUTED)
        y_name.next_to(axes.c2p(0, y_top), UP, buff=0.08)
        steps_word = (
            T("backprop.axis_one_step", "1 step") if n == 1 else T("backprop.axis_steps", "{count} steps", count=n)
        )
        x_name = style.text(steps_word, size=style.SMALL_SIZE, color=style.MUTED)
        x_name.next_to(axes.c2p(max(n, 1), 0), DOWN, buff=0.1).align_to(axes, RIGHT)
        start = loss_math(hist[0], size=style.SMALL_SIZE + 2, color=style.ACCENT)
        start.next_to(axes.c2p(0, hist[0]), RIGHT, buff=0.1)
        if not frame.stacked():
            start.shift(0.15 * UP)
        end = loss_math(hist[-1], size=style.SMALL_SIZE + 2, color=style.POSITIVE)
        end.next_to(axes.c2p(n, hist[-1]), UP, buff=0.12).align_to(axes, RIGHT)
        eta, first, last = num(m.learning_rate, 3), loss_words(hist[0]), loss_words(hist[-1])
        if m.diverged and n == 1:
            text = T(
                "backprop.diverged_one",
                "With learning rate {eta} the steps are too big: the loss blows up, so the run stops after 1 step.",
                eta=eta,
            )
        elif m.diverged:
            text = T(
                "backprop.diverged",
                "With learning rate {eta} the steps are too big: the loss blows up, "
                "so the run stops after {count} steps.",
                eta=eta,
                count=n,
            )
        elif hist[-1] < hist[0]:
            text = T(
                "backprop.keeps_falling",
                "Repeat the step {steps} times: the loss keeps falling, from {first} to {last}.",
                steps=m.steps,
                first=first,
                last=last,
            )
        else:
            text = T(
                "backprop.no_improvement",
                "After {steps} steps the loss went from {first} to {last}: it did not improve.",
                steps=m.steps,
                first=first,
                last=last,
            )
        self.caption(text)
        self.play(Create(axes), FadeIn(y_name), FadeIn(x_name), FadeIn(start), run_time=0.6)
        self.play(Create(curve), run_time=2.0)
        self.play(FadeIn(end), run_time=0.4)
