"""A tiny dense-network engine in numpy: forward, backward, one step of descent.

Conventions: layer ``l`` (1-based) has weights ``W[l-1]`` of shape
``(n_l, n_{l-1})`` (row = the node it feeds, column = the node it comes from)
and biases ``b[l-1]``; ``z_l = W a_{l-1} + b`` and ``a_l = f(z_l)``. Hidden
layers use the chosen activation; the output layer is the identity for
squared error and the sigmoid for cross-entropy (a probability per output).

The forward pass records every ``z`` and ``a``; the backward pass records the
local derivatives ``f'(z)``, the error signals ``delta = dL/dz`` and every
``dL/dW``, ``dL/db``: exactly the numbers the backprop scene puts on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
LOSSES = ("squared-error", "cross-entropy")
# a loss beyond this (or non-finite) means the learning rate blew the run up
DIVERGED_LOSS = 1e6


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # split by sign so neither branch overflows exp
    out = np.empty_like(z, dtype=float)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def activate(name: str, z) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "identity":
        return z.copy()
    raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}")


def activation_slope(name: str, z) -> np.ndarray:
    """f'(z); relu's slope at exactly 0 is taken as 0."""
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        s = _sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    if name == "identity":
        return np.ones_like(z)
    raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}")


def output_activation(loss: str) -> str:
    return "sigmoid" if loss == "cross-entropy" else "identity"


def loss_of_output(loss: str, z_out, target) -> float:
    """The loss from the output layer's pre-activation (stable for cross-entropy)."""
    z = np.asarray(z_out, dtype=float)
    t = np.asarray(target, dtype=float)
    if loss == "squared-error":
        return float(0.5 * np.sum((z - t) ** 2))
    if loss == "cross-entropy":
        # -[t log s(z) + (1-t) log(1-s(z))] = softplus(z) - t z, written without overflow
        softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
        return float(np.sum(softplus - t * z))
    raise ValueError(f"unknown loss {loss!r}; allowed: {', '.join(LOSSES)}")


def loss_formula(loss: str) -> str:
    return "L = 1/2 sum (y - t)^2" if loss == "squared-error" else "L = -sum [t log y + (1 - t) log(1 - y)]"


# --- parameters -----------------------------------------------------------------


def seeded_weights(layers, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weights ~ N(0, 1/n_in), rounded to 2 decimals so what is drawn is what is used.

    Biases start at zero, as is usual.
    """
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:]):
        w = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
        weights.append(np.round(w, 2) + 0.0)
        biases.append(np.zeros(n_out))
    return weights, biases


def shapes_for(layers) -> list[tuple[int, int]]:
    return [(n_out, n_in) for n_in, n_out in zip(layers[:-1], layers[1:])]


# --- passes -----------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardPass:
    pre_activations: list[np.ndarray]  # z_1 .. z_L
    activations: list[np.ndarray]  # a_0 = input .. a_L = output
    loss: float


def forward(weights, biases, x, target, activation: str, loss: str) -> ForwardPass:
    a = np.asarray(x, dtype=float)
    zs, acts = [], [a]
    last = len(weights) - 1
    with np.errstate(over="ignore", invalid="ignore"):
        for layer_index, (w, b) in enumerate(zip(weights, biases)):
            z = np.asarray(w, dtype=float) @ a + np.asarray(b, dtype=float)
            a = activate(output_activation(loss) if layer_index == last else activation, z)
            zs.append(z)
            acts.append(a)
        value = loss_of_output(loss, zs[-1], target)
    return ForwardPass(zs, acts, value)


@dataclass(frozen=True)
class BackwardPass:
    output_gradient: np.ndarray  # dL/da_L, how the loss reacts to each output
    local_derivatives: list[np.ndarray]  # f'(z_l): how each node's output reacts to its input
    deltas: list[np.ndarray]  # dL/dz_l, the blame that reaches each node
    weight_gradients: list[np.ndarray]  # dL/dW_l = delta_l a_{l-1}^T
    bias_gradients: list[np.ndarray]  # dL/db_l = delta_l


def backward(weights, fwd: ForwardPass, target, activation: str, loss: str) -> BackwardPass:
    t = np.asarray(target, dtype=float)
    y = fwd.activations[-1]
    last = len(weights) - 1
    locals_ = [
        activation_slope(output_activation(loss) if layer_index == last else activation, z)
        for layer_index, z in enumerate(fwd.pre_activations)
    ]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if loss == "squared-error":
            out_grad = y - t
            delta = out_grad * locals_[-1]
        else:
            out_grad = (y - t) / (y * (1.0 - y))
            # dL/dz = y - t exactly: use it rather than the product, which is 0 * inf at saturation
            delta = y - t
        deltas = [delta]
        for layer_index in range(last, 0, -1):
            upstream = np.asarray(weights[layer_index], dtype=float).T @ deltas[0]
            deltas.insert(0, upstream * locals_[layer_index - 1])
        w_grads = [np.outer(d, a) for d, a in zip(deltas, fwd.activations[:-1])]
    return BackwardPass(out_grad, locals_, deltas, w_grads, [d.copy() for d in deltas])


# --- the model the backprop scene shows ----------------------------------------------


@dataclass(frozen=True)
class Backprop:
    layers: tuple[int, ...]
    activation: str  # hidden layers
    output_activation: str
    loss_function: str
    loss_formula: str
    input: np.ndarray
    target: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    pre_activations: list[np.ndarray]
    activations: list[np.ndarray]
    output: np.ndarray
    loss: float
    output_gradient: np.ndarray
    local_derivatives: list[np.ndarray]
    deltas: list[np.ndarray]
    gradients: dict[str, np.ndarray]  # "W1", "b1", ... -> dL/d that parameter
    weight_gradients: list[np.ndarray] = field(repr=False)
    bias_gradients: list[np.ndarray] = field(repr=False)
    learning_rate: float = 0.5
    updated_weights: list[np.ndarray] = field(default_factory=list)
    updated_biases: list[np.ndarray] = field(default_factory=list)
    updated_activations: list[np.ndarray] = field(default_factory=list)
    updated_loss: float = float("nan")
    loss_went_down: bool = False
    steps: int = 1
    loss_history: list[float] = field(default_factory=list)  # loss before step 1, after 1, 2, ...
    diverged: bool = False  # the loss blew up (learning rate too large); history stops there
    largest_gradient: tuple[int, int, int] = (0, 0, 0)  # (layer, to, from) of the biggest |dL/dw|


def descend(weights, biases, bwd: BackwardPass, learning_rate: float):
    new_w = [np.asarray(w, float) - learning_rate * g for w, g in zip(weights, bwd.weight_gradients)]
    new_b = [np.asarray(b, float) - learning_rate * g for b, g in zip(biases, bwd.bias_gradients)]
    return new_w, new_b


def _finite(x: float) -> bool:
    return bool(np.isfinite(x)) and abs(x) < DIVERGED_LOSS


def backprop(
    layers,
    x,
    target,
    *,
    activation: str = "sigmoid",
    loss: str = "squared-error",
    weights=None,
    biases=None,
    seed: int = 0,
    learning_rate: float = 0.5,
    steps: int = 1,
) -> Backprop:
    """Forward, backward and ``steps`` descent steps (the first one recorded in full)."""
    layers = tuple(int(n) for n in layers)
    if weights is None or len(weights) == 0:
        ws, bs = seeded_weights(layers, seed)
    else:
        ws = [np.asarray(w, dtype=float) for w in weights]
        bs = [np.zeros(n) for n in layers[1:]]
    if biases is not None and len(biases) > 0:
        bs = [np.asarray(b, dtype=float) for b in biases]
    x = np.asarray(x, dtype=float)
    t = np.asarray(target, dtype=float)

    fwd = forward(ws, bs, x, t, activation, loss)
    bwd = backward(ws, fwd, t, activation, loss)
    new_w, new_b = descend(ws, bs, bwd, learning_rate)
    after = forward(new_w, new_b, x, t, activation, loss)

    history = [fwd.loss]
    diverged = False
    cw, cb, cf = ws, bs, fwd
    for _ in range(steps):
        g = backward(cw, cf, t, activation, loss)
        cw, cb = descend(cw, cb, g, learning_rate)
        cf = forward(cw, cb, x, t, activation, loss)
        if not _finite(cf.loss):
            diverged = True
            break
        history.append(cf.loss)

    gradients: dict[str, np.ndarray] = {}
    for layer_index, (gw, gb) in enumerate(zip(bwd.weight_gradients, bwd.bias_gradients), start=1):
        gradients[f"W{layer_index}"] = gw
        gradients[f"b{layer_index}"] = gb
    biggest = max(
        (
            (layer_index, i, j)
            for layer_index, g in enumerate(bwd.weight_gradients)
            for i in range(g.shape[0])
            for j in range(g.shape[1])
        ),
        key=lambda k: abs(bwd.weight_gradients[k[0]][k[1], k[2]]),
    )
    return Backprop(
        layers=layers,
        activation=activation,
        output_activation=output_activation(loss),
        loss_function=loss,
        loss_formula=loss_formula(loss),
        input=x,
        target=t,
        weights=ws,
        biases=bs,
        pre_activations=fwd.pre_activations,
        activations=fwd.activations,
        output=fwd.activations[-1],
        loss=fwd.loss,
        output_gradient=bwd.output_gradient,
        local_derivatives=bwd.local_derivatives,
        deltas=bwd.deltas,
        gradients=gradients,
        weight_gradients=bwd.weight_gradients,
        bias_gradients=bwd.bias_gradients,
        learning_rate=float(learning_rate),
        updated_weights=new_w,
        updated_biases=new_b,
        updated_activations=after.activations,
        updated_loss=after.loss,
        loss_went_down=bool(after.loss < fwd.loss),
        steps=int(steps),
        loss_history=history,
        diverged=diverged or not _finite(after.loss),
        largest_gradient=biggest,
    )
