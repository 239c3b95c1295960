"""Scenes of the backprop family: the chain rule, and backpropagation in a small network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, field_validator

from intuition import backprop as bp
from intuition.params import Caption, SceneParams, integer_rule, number_rule, one_of, param
from intuition.words import N_

if TYPE_CHECKING:
    from intuition.catalog import SceneSpec
    from intuition.chain_rule import ChainRule

MAX_CHAIN = 5
MAX_LAYERS = 5
MAX_WIDTH = 6
MAX_VALUE = 10.0


def _as_list(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    return list(value) if isinstance(value, tuple) else value


def _number(v: Any, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or abs(v) == float("inf"):
        raise ValueError(f"{what} must be finite numbers (got {v!r})")
    if abs(v) > MAX_VALUE:
        raise ValueError(f"{what} must lie between -{MAX_VALUE:g} and {MAX_VALUE:g} (got {v!r})")
    return float(v)


def _check_chain(value: Any) -> tuple[str, ...]:
    from intuition.expressions import parse  # late: sympy

    value = _as_list(value)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_CHAIN:
        raise ValueError(f'must be a list of 1 to {MAX_CHAIN} formulas in x, like ["3*x", "sin(x)", "x**2"]')
    out = []
    for k, item in enumerate(value, start=1):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = repr(item)
        if not isinstance(item, str):
            raise ValueError(f"box {k} must be a formula in x (got {item!r})")
        try:
            parse(item, ("x",))
        except ValueError as err:
            raise ValueError(f"box {k}: {err}") from None
        out.append(item.strip())
    return tuple(out)


def _check_layers(value: Any) -> tuple[int, ...]:
    value = _as_list(value)
    example = "like [2, 3, 1]"
    if not isinstance(value, list) or len(value) < 2:
        raise ValueError(f"needs at least 2 layer sizes (inputs, then outputs), {example}")
    if len(value) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} layers fit on screen (got {len(value)}), {example}")
    out = []
    for n in value:
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_WIDTH:
            raise ValueError(f"each layer size must be a whole number from 1 to {MAX_WIDTH} (got {n!r}), {example}")
        out.append(n)
    return tuple(out)


def _check_vector(value: Any) -> tuple[float, ...]:
    value = _as_list(value)
    if not isinstance(value, list):
        raise ValueError("must be a list of numbers, like [1, 0.5]")
    return tuple(_number(_as_list(v), "entries") for v in value)


def _check_matrices(value: Any) -> tuple[tuple[tuple[float, ...], ...], ...]:
    value = _as_list(value)
    if not isinstance(value, list):
        raise ValueError("must be a list of weight matrices (one per layer, written as rows)")
    out = []
    for m in value:
        m = _as_list(m)
        if not isinstance(m, list) or not all(isinstance(_as_list(r), list) for r in m):
            raise ValueError("must be a list of weight matrices, each written as rows like [[0.5, -1], [2, 0.1]]")
        out.append(tuple(tuple(_number(v, "weights") for v in _as_list(r)) for r in m))
    return tuple(out)


def _check_vectors(value: Any) -> tuple[tuple[float, ...], ...]:
    value = _as_list(value)
    if not isinstance(value, list):
        raise ValueError("must be a list of bias vectors, one per layer after the inputs")
    return tuple(_check_vector(v) for v in value)


def _shape_text(layers) -> str:
    return ", ".join(f"{r}x{c}" for r, c in bp.shapes_for(layers))


class ChainRuleParams(SceneParams):
    chain: Annotated[tuple[str, ...], BeforeValidator(_check_chain)] = param(
        ("3*x", "sin(x)", "x**2"),
        "the boxes, left to right: each a formula in x fed the previous box's output",
        allowed=f"1 to {MAX_CHAIN} formulas in x",
        kind="list of formulas",
    )
    x0: Annotated[float, number_rule(-10, 10)] = param(0.3, "the input where the rates are measured", allowed="-10..10")
    title: Caption = param("", "title override; empty uses the scene's own")


class BackpropParams(SceneParams):
    layers: Annotated[tuple[int, ...], BeforeValidator(_check_layers)] = param(
        (2, 3, 1), "nodes per layer, inputs first", allowed=f"2 to {MAX_LAYERS} sizes, each 1..{MAX_WIDTH}", kind="list"
    )
    activation: Annotated[str, one_of(*bp.ACTIVATIONS)] = param(
        "sigmoid", "activation of the hidden layers", allowed=", ".join(bp.ACTIVATIONS)
    )
    loss: Annotated[str, one_of(*bp.LOSSES)] = param(
        "squared-error",
        "squared-error (identity output) or cross-entropy (sigmoid output, targets in 0..1)",
        allowed=", ".join(bp.LOSSES),
    )
    input: Annotated[tuple[float, ...], BeforeValidator(_check_vector)] = param(
        (), "input values, one per input node; empty: 1, 0.5, -0.5, ...", allowed="-10..10 each", kind="list"
    )
    target: Annotated[tuple[float, ...], BeforeValidator(_check_vector)] = param(
        (),
        "wanted outputs, one per output node; empty: 1, 0, 1, ...",
        allowed="-10..10 (0..1 for cross-entropy)",
        kind="list",
    )
    weights: Annotated[tuple[tuple[tuple[float, ...], ...], ...], BeforeValidator(_check_matrices)] = param(
        (),
        "weight matrices, one per layer (row = node it feeds); empty: drawn from seed",
        allowed="-10..10 each",
        kind="list of matrices",
    )
    biases: Annotated[tuple[tuple[float, ...], ...], BeforeValidator(_check_vectors)] = param(
        (), "bias vectors, one per layer after the inputs; empty: zeros", allowed="-10..10 each", kind="list of vectors"
    )
    seed: Annotated[int, integer_rule(0, 2**31 - 1)] = param(
        1, "random seed for the starting weights", allowed="0..2147483647"
    )
    learning_rate: Annotated[float, number_rule(0, 10, lo_open=True)] = param(
        0.3, "step size of gradient descent", allowed="> 0 and <= 10"
    )
    steps: Annotated[int, integer_rule(1, 200)] = param(
        1, "descent steps; more than 1 also plots the loss curve", allowed="1..200"
    )
    title: Caption = param("", "title override; empty uses the scene's own")

    # Cross-field rules are field validators (not a model validator) so the
    # one-line error names the field; pydantic validates fields in order, so
    # ``layers`` and ``loss`` are in info.data when these run.
    @field_validator("input")
    @classmethod
    def input_has_one_value_per_input_node(cls, v: tuple[float, ...], info: ValidationInfo):
        layers = info.data.get("layers")
        if layers and v and len(v) != layers[0]:
            raise ValueError(f"must have {layers[0]} numbers, one per input node (layers={list(layers)}), got {len(v)}")
        return v

    @field_validator("target")
    @classmethod
    def target_has_one_value_per_output_node(cls, v: tuple[float, ...], info: ValidationInfo):
        layers = info.data.get("layers")
        if layers and v and len(v) != layers[-1]:
            raise ValueError(
                f"must have {layers[-1]} numbers, one per output node (layers={list(layers)}), got {len(v)}"
            )
        if info.data.get("loss") == "cross-entropy" and any(not 0 <= t <= 1 for t in v):
            raise ValueError("must lie between 0 and 1 for cross-entropy (it is a probability)")
        return v

    @field_validator("weights")
    @classmethod
    def weights_match_layers(cls, v, info: ValidationInfo):
        layers = info.data.get("layers")
        if not layers or not v:
            return v
        shapes = bp.shapes_for(layers)
        got = [(len(m), len(m[0]) if m else 0) for m in v]
        ragged = any(len({len(r) for r in m}) > 1 for m in v)
        if ragged or got != shapes:
            have = ", ".join(f"{r}x{c}" for r, c in got) or "none"
            raise ValueError(
                f"for layers={list(layers)} needs {len(shapes)} matrices shaped {_shape_text(layers)} "
                f"(rows = nodes fed, columns = nodes feeding), got {have}"
            )
        return v

    @field_validator("biases")
    @classmethod
    def biases_match_layers(cls, v, info: ValidationInfo):
        layers = info.data.get("layers")
        if layers and v and [len(b) for b in v] != list(layers[1:]):
            sizes = ", ".join(str(n) for n in layers[1:])
            raise ValueError(f"for layers={list(layers)} needs {len(layers) - 1} vectors of sizes {sizes}")
        return v


def default_input(n: int) -> tuple[float, ...]:
    pattern = (1.0, 0.5, -0.5, -1.0, 0.25, 0.75)
    return pattern[:n]


def default_target(n: int) -> tuple[float, ...]:
    return tuple(1.0 if k % 2 == 0 else 0.0 for k in range(n))


def _chain_rule_model(p: ChainRuleParams) -> ChainRule:
    from intuition import chain_rule as cr  # late: sympy is slow to import, and list/describe do not need it

    return cr.chain_rule(p.chain, p.x0)


def _backprop_model(p: BackpropParams) -> bp.Backprop:
    return bp.backprop(
        p.layers,
        p.input or default_input(p.layers[0]),
        p.target or default_target(p.layers[-1]),
        activation=p.activation,
        loss=p.loss,
        weights=[list(map(list, m)) for m in p.weights] or None,
        biases=[list(b) for b in p.biases] or None,
        seed=p.seed,
        learning_rate=p.learning_rate,
        steps=p.steps,
    )


def _specs() -> list[SceneSpec]:
    from intuition.catalog import SceneSpec

    return [
        SceneSpec(
            name="chain-rule",
            title=N_("chain-rule.title", "The chain rule: rates multiply along the chain"),
            concept="chain rule: a nudge passes through each function and is scaled by its local derivative",
            family="backprop",
            params=ChainRuleParams,
            model=_chain_rule_model,
            scene="scenes.backprop.chain_rule:ChainRule",
        ),
        SceneSpec(
            name="backprop",
            title=N_("backprop.title", "Backpropagation: the chain rule, run backwards"),
            concept="backpropagation: every weight's share of the error, then one step of gradient descent",
            family="backprop",
            params=BackpropParams,
            model=_backprop_model,
            scene="scenes.backprop.network:Backprop",
        ),
    ]


SCENES = _specs()
