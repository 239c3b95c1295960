"""The chain-rule and backprop models against independent computations.

Gradients are checked against central finite differences of a forward pass
written out again here (not the engine's), and the chain rule against a finite
difference of the composed function and against sympy's own derivative.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from intuition import backprop as bp
from intuition import catalog
from intuition.chain_rule import chain_rule
from intuition.errors import ParameterError
from intuition.expressions import parse
from intuition.params import parse_assignments

# --- chain rule -------------------------------------------------------------------

CHAINS = [
    ("3*x", "sin(x)", "x**2"),
    ("x**2 + 1", "log(x)"),
    ("exp(-x)", "tanh(x)", "3*x - 1", "sigmoid(x)"),
    ("cos(x)",),
]


def composed_numpy(chain):
    fs = [parse(t, ("x",)) for t in chain]

    def f(x):
        for g in fs:
            x = g(x)
        return x

    return f


def composed_sympy_derivative(chain, x0):
    x = sp.Symbol("x", real=True)
    expr = x
    for text in chain:
        expr = sp.sympify(
            text.replace("sigmoid", "_sig"), locals={"_sig": lambda a: 1 / (1 + sp.exp(-a)), "x": x}
        ).subs(x, expr)
    return float(sp.diff(expr, x).subs(x, x0).evalf(30))


@settings(max_examples=25, deadline=None)
@given(chain=st.sampled_from(CHAINS), x0=st.floats(0.1, 2.0))
def test_chain_product_matches_finite_difference_and_symbolic(chain, x0):
    m = chain_rule(chain, x0)
    assert m.kind in ("ok", "zero")
    h = 1e-5
    f = composed_numpy(chain)
    fd = (f(x0 + h) - f(x0 - h)) / (2 * h)
    assert m.product == pytest.approx(fd, rel=1e-6, abs=1e-8)
    assert m.total_derivative == pytest.approx(composed_sympy_derivative(chain, x0), rel=1e-9, abs=1e-12)
    assert m.product == pytest.approx(m.total_derivative, rel=1e-9, abs=1e-12)
    # every box's output feeds the next box
    assert m.values[-1] == pytest.approx(float(f(x0)), rel=1e-12)
    assert m.nudges[-1] == pytest.approx(m.product, rel=1e-12)


def test_chain_rule_default_issue_example():
    out = catalog.get("chain-rule").inspect(parse_assignments(["x0=0.5"]))
    assert out["local_derivatives"] == pytest.approx([3.0, np.cos(1.5), 2 * np.sin(1.5)], rel=1e-12)
    assert out["total_derivative"] == pytest.approx(6 * np.sin(1.5) * np.cos(1.5), rel=1e-12)


@pytest.mark.parametrize(
    ("chain", "x0", "kind", "at"),
    [
        (("x - 1", "abs(x)"), 1.0, "kink", 1),
        (("x - 2", "log(x)", "x**2"), 1.0, "undefined", 1),
        (("x**2", "sin(x)"), 0.0, "zero", -1),
        (("relu(x)",), 0.0, "kink", 0),
    ],
)
def test_chain_edge_cases_are_named_not_raised(chain, x0, kind, at):
    m = chain_rule(chain, x0)
    assert m.kind == kind
    assert m.broken_at == at
    if kind == "zero":
        assert m.product == 0.0 and m.total_derivative == 0.0


# --- backprop: an independent forward pass -------------------------------------------


def reference_loss(weights, biases, x, t, activation, loss):
    funcs = {
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "tanh": np.tanh,
        "relu": lambda z: np.where(z > 0, z, 0.0),
        "identity": lambda z: z,
    }
    a = np.array(x, dtype=float)
    for k, (w, b) in enumerate(zip(weights, biases)):
        z = np.array(w) @ a + np.array(b)
        if k < len(weights) - 1:
            a = funcs[activation](z)
        else:
            a = z if loss == "squared-error" else funcs["sigmoid"](z)
    t = np.array(t, dtype=float)
    if loss == "squared-error":
        return 0.5 * float(np.sum((a - t) ** 2))
    return -float(np.sum(t * np.log(a) + (1 - t) * np.log(1 - a)))


def hidden_pre_activations(weights, biases, x, activation):
    a, zs = np.array(x, float), []
    for w, b in zip(weights[:-1], biases[:-1]):
        z = w @ a + b
        zs.extend(z)
        a = bp.activate(activation, z)
    return np.array(zs + [1.0])  # a network without hidden layers has no kink to avoid


network = st.fixed_dictionaries(
    {
        "layers": st.sampled_from([(2, 3, 1), (3, 2), (2, 4, 3, 2), (1, 2, 2, 1)]),
        "seed": st.integers(0, 10_000),
    }
)


# every activation with every loss, each across several seeds and shapes
@pytest.mark.parametrize("loss", bp.LOSSES)
@pytest.mark.parametrize("act", bp.ACTIVATIONS)
@settings(max_examples=12, deadline=None)
@given(net=network)
def test_every_gradient_matches_central_finite_differences(net, act, loss):
    layers, seed = net["layers"], net["seed"]
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 0.8, size=s) for s in bp.shapes_for(layers)]
    biases = [rng.normal(0, 0.3, size=n) for n in layers[1:]]
    x = rng.uniform(-1, 1, size=layers[0])
    t = rng.uniform(0, 1, size=layers[-1])
    if act == "relu":  # finite differences straddling a kink measure nothing
        assume(np.min(np.abs(hidden_pre_activations(weights, biases, x, act))) > 1e-3)
    m = bp.backprop(layers, x, t, activation=act, loss=loss, weights=weights, biases=biases, learning_rate=1e-3)
    assert m.loss == pytest.approx(reference_loss(weights, biases, x, t, act, loss), rel=1e-12)
    h = 1e-6
    for layer in range(len(weights)):
        for idx in np.ndindex(weights[layer].shape):
            up = [w.copy() for w in weights]
            dn = [w.copy() for w in weights]
            up[layer][idx] += h
            dn[layer][idx] -= h
            fd = (reference_loss(up, biases, x, t, act, loss) - reference_loss(dn, biases, x, t, act, loss)) / (2 * h)
            assert m.gradients[f"W{layer + 1}"][idx] == pytest.approx(fd, rel=1e-6, abs=1e-8)
        for i in range(len(biases[layer])):
            up = [b.copy() for b in biases]
            dn = [b.copy() for b in biases]
            up[layer][i] += h
            dn[layer][i] -= h
            fd = (reference_loss(weights, up, x, t, act, loss) - reference_loss(weights, dn, x, t, act, loss)) / (2 * h)
            assert m.gradients[f"b{layer + 1}"][i] == pytest.approx(fd, rel=1e-6, abs=1e-8)
    # one small step downhill lowers the loss (unless nothing can change it)
    norm = sum(float(np.sum(g**2)) for g in m.gradients.values())
    if norm > 1e-12:
        assert m.updated_loss < m.loss
        assert m.loss_went_down


def test_update_is_weights_minus_rate_times_gradient():
    m = catalog.get("backprop").compute(catalog.get("backprop").build({"learning_rate": 0.25}))
    for w, g, new in zip(m.weights, m.weight_gradients, m.updated_weights):
        np.testing.assert_allclose(new, w - 0.25 * g, rtol=0, atol=1e-15)
    assert m.updated_loss == pytest.approx(
        reference_loss(m.updated_weights, m.updated_biases, m.input, m.target, m.activation, m.loss_function), rel=1e-12
    )
    assert m.loss_history[:2] == pytest.approx([m.loss, m.updated_loss])


def test_inspect_prints_the_issue_fields():
    out = catalog.get("backprop").inspect({})
    for key in ("activations", "loss", "gradients", "updated_loss"):
        assert key in out
    assert set(out["gradients"]) == {"W1", "b1", "W2", "b2"}
    assert np.shape(out["gradients"]["W1"]) == (3, 2)
    assert out["updated_loss"] < out["loss"]


def test_seeded_weights_are_reproducible_and_given_weights_are_used():
    spec = catalog.get("backprop")
    a = spec.compute(spec.build({"seed": 7}))
    b = spec.compute(spec.build({"seed": 7}))
    c = spec.compute(spec.build({"seed": 8}))
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not all(np.array_equal(x, y) for x, y in zip(a.weights, c.weights))
    w = [[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[1.0, -1.0, 0.5]]]
    given_w = spec.compute(spec.build({"weights": w}))
    assert given_w.weights[1].tolist() == w[1]


def test_too_large_learning_rate_is_reported_as_divergence():
    spec = catalog.get("backprop")
    m = spec.compute(spec.build({"activation": "identity", "learning_rate": 10, "steps": 60}))
    assert m.diverged
    assert len(m.loss_history) < 61
    assert all(np.isfinite(m.loss_history))


# --- bad input: one ParameterError naming the parameter ---------------------------------


@pytest.mark.parametrize(
    ("scene", "sets", "param"),
    [
        ("backprop", ["layers=[2]"], "layers"),
        ("backprop", ["layers=[2,0,1]"], "layers"),
        ("backprop", ["activation=softmax"], "activation"),
        ("backprop", ["input=[1,2,3]"], "input"),
        ("backprop", ["target=[1,2]"], "target"),
        ("backprop", ["loss=cross-entropy", "target=[2]"], "target"),
        ("backprop", ["weights=[[[1,2]],[[1]]]"], "weights"),
        ("backprop", ["weights=[[[1,2],[3,4],[5,6]]]"], "weights"),
        ("backprop", ["biases=[[0,0],[0]]"], "biases"),
        ("backprop", ["learning_rate=0"], "learning_rate"),
        ("backprop", ["steps=0"], "steps"),
        ("chain-rule", ['chain=["3*x","import os"]'], "chain"),
        ("chain-rule", ["chain=[]"], "chain"),
        ("chain-rule", ["x0=nan"], "x0"),
    ],
)
def test_bad_input_names_the_parameter(scene, sets, param):
    with pytest.raises(ParameterError) as err:
        catalog.get(scene).build(parse_assignments(sets))
    assert err.value.param == param
    assert "\n" not in str(err.value)
