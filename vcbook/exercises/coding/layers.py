"""Code exercises on layers: the backward pass of one tanh layer, and of a two-layer network.

The right answers come from ``vcbook.autodiff`` (the hidden cases are checked against AD); the
classic mistakes are written by hand, as the formulas a student might wrongly use.
"""

from __future__ import annotations

import numpy as np

from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.spec import Case, Mistake, Output
from vcbook.exercises.coding.training import train_two_layer

# ---------------------------------------------------------------------------------------------
# One layer: y = tanh(W x + b), given g = ∂L/∂y.


def layer_reference(x, W, b, g):
    """(dx, dW, db) by reverse-mode AD of L = g · tanh(W x + b)."""
    import vcbook.autodiff as ad

    return ad.grad(lambda x, W, b: ad.sum(g * ad.tanh(W @ x + b)), argnums=(0, 1, 2))(x, W, b)


def _layer_with(slope):
    """The backward pass with tanh′ replaced by ``slope(a, y)``: a model of a mistake."""
    def model(x, W, b, g):
        a = W @ x + b
        delta = g * slope(a, np.tanh(a))
        return W.T @ delta, np.outer(delta, x), delta
    return model


def _layer_cases(rng) -> tuple[Case, ...]:
    cases = []
    for m, n in ((3, 4), (5, 2), (2, 6), (4, 3)):
        x, b, g = rng.standard_normal(n), 0.5 * rng.standard_normal(m), rng.standard_normal(m)
        W = rng.standard_normal((m, n)) / np.sqrt(n)
        cases.append(Case((x, W, b, g), f"m = {m}, n = {n}"))
    return tuple(cases)


TANH_PRIME = ("y = tanh(a) with a = Wx + b, so the chain rule first multiplies g by "
              "tanh′(a) = 1 − y², entry by entry: δ = g ⊙ (1 − y²).")

LAYER_BACKWARD = CodeExercise(
    name="layer_backward",
    id="05-code-layer-backward",
    title="the backward pass of a tanh layer",
    task=("A layer computes $y = \\tanh(Wx + b)$. Given $g = \\partial L/\\partial y$, the "
          "gradient of some loss $L$ by the layer's output, return the gradients of $L$ by "
          "$x$, $W$ and $b$. Store each gradient in the shape of the thing it is the gradient "
          "of, as frameworks do: `dW[i, j]` is $\\partial L/\\partial W_{ij}$."),
    arguments=("x", "W", "b", "g"),
    parameters=(("x", "(n,)", "the layer's input"), ("W", "(m, n)", "weights"),
                ("b", "(m,)", "biases"), ("g", "(m,)", "∂L/∂y, the gradient arriving from above"),
                ("dx", "(n,)", "∂L/∂x"), ("dW", "(m, n)", "∂L/∂W, W's shape"),
                ("db", "(m,)", "∂L/∂b")),
    example=("rng = np.random.default_rng(0)\n"
             "x, W, b, g = rng.normal(size=3), rng.normal(size=(2, 3)), rng.normal(size=2), "
             "rng.normal(size=2)\n"
             "dx, dW, db = layer_backward(x, W, b, g)   # shapes (3,), (2, 3), (2,)"),
    outputs=(Output("dx", "x's shape"), Output("dW", "W's shape"), Output("db", "b's shape")),
    draw=_layer_cases,
    reference=layer_reference,
    mistakes=(
        Mistake("no-tanh-prime", _layer_with(lambda a, y: 1.0),
                "In {name}, the factor tanh′ is missing: " + TANH_PRIME
                + " Then dx = Wᵀδ, dW = δxᵀ and db = δ."),
        Mistake("tanh-prime-of-a", _layer_with(lambda a, y: 1.0 - a * a),
                "In {name}, 1 − a² stands for tanh′(a), with a = Wx + b. The derivative of "
                "tanh is 1 − tanh(a)² = 1 − y²: square the output y, not the input a."),
        Mistake("tanh-prime-unsquared", _layer_with(lambda a, y: 1.0 - y),
                "In {name}, 1 − y stands for tanh′; it is 1 − y², with y squared."),
    ),
    advice={
        "transpose": ("Frameworks store ∂L/∂W in W's shape (m, n): entry [i, j] is "
                      "δ[i] x[j], which is np.outer(delta, x), not np.outer(x, delta)."),
        "shapes": ("Here W is (m, n), x is (n,), g and δ are (m,): dx = Wᵀδ is W.T @ delta, "
                   "of shape (n,), and dW = δxᵀ is np.outer(delta, x), of shape (m, n)."),
        "sign": ("The backward pass only multiplies by local derivatives: no minus sign comes "
                 "in (the minus of gradient descent belongs to the update step)."),
    },
)

# ---------------------------------------------------------------------------------------------
# Two layers: h = tanh(W1 x + b1), y = W2 h + b2, L = ½‖y − t‖².


def two_layer_loss(x, t, W1, b1, W2, b2):
    """½‖W2 tanh(W1 x + b1) + b2 − t‖², written with ``vcbook.autodiff`` (any arrays work)."""
    import vcbook.autodiff as ad

    y = W2 @ ad.tanh(W1 @ x + b1) + b2
    return 0.5 * ad.sum((y - t) ** 2)


def two_layer_reference(x, t, W1, b1, W2, b2):
    """(dW1, db1, dW2, db2) by reverse-mode AD of ``two_layer_loss``."""
    import vcbook.autodiff as ad

    return ad.grad(two_layer_loss, argnums=(2, 3, 4, 5))(x, t, W1, b1, W2, b2)


def _two_layer_with(slope=lambda a, h: 1.0 - h * h, dW2_input=lambda a, h: h):
    """The backward pass by hand, with tanh′ replaced by ``slope(a, h)`` and the second
    layer's input by ``dW2_input(a, h)``: models of mistakes."""
    def model(x, t, W1, b1, W2, b2):
        a = W1 @ x + b1
        h = np.tanh(a)
        e = W2 @ h + b2 - t
        delta = (W2.T @ e) * slope(a, h)
        return np.outer(delta, x), delta, np.outer(e, dW2_input(a, h)), e
    return model


def _two_layer_cases(rng) -> tuple[Case, ...]:
    cases = []
    for n, k, m in ((3, 4, 2), (2, 5, 3), (5, 3, 4), (4, 2, 1)):
        x, t = rng.standard_normal(n), rng.standard_normal(m)
        W1, b1 = rng.standard_normal((k, n)) / np.sqrt(n), 0.5 * rng.standard_normal(k)
        W2, b2 = rng.standard_normal((m, k)) / np.sqrt(k), 0.5 * rng.standard_normal(m)
        cases.append(Case((x, t, W1, b1, W2, b2), f"n = {n}, k = {k}, m = {m}"))
    return tuple(cases)


TWO_LAYER_BACKWARD = CodeExercise(
    name="two_layer_backward",
    id="05-code-two-layer-backward",
    title="backpropagation through a two-layer network",
    task=("A network computes $h = \\tanh(W_1 x + b_1)$, then $y = W_2 h + b_2$, and the loss "
          "$L = \\tfrac12\\lVert y - t\\rVert^2$ for a target $t$. Return the gradients of $L$ "
          "by the four parameters, each in its parameter's shape. Then train with them: "
          "`ex.train(two_layer_backward, steps=50)` returns the loss after each step."),
    arguments=("x", "t", "W1", "b1", "W2", "b2"),
    parameters=(("x", "(n,)", "the input"), ("t", "(m,)", "the target"),
                ("W1", "(k, n)", "first-layer weights"), ("b1", "(k,)", "first-layer biases"),
                ("W2", "(m, k)", "second-layer weights"), ("b2", "(m,)", "second-layer biases"),
                ("dW1, db1, dW2, db2", "as W1, b1, W2, b2", "∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2")),
    example=("rng = np.random.default_rng(0)\n"
             "x, t = rng.normal(size=3), rng.normal(size=2)\n"
             "W1, b1, W2, b2 = rng.normal(size=(4, 3)), np.zeros(4), rng.normal(size=(2, 4)), "
             "np.zeros(2)\n"
             "dW1, db1, dW2, db2 = two_layer_backward(x, t, W1, b1, W2, b2)"),
    outputs=(Output("dW1", "W1's shape"), Output("db1", "b1's shape"),
             Output("dW2", "W2's shape"), Output("db2", "b2's shape")),
    draw=_two_layer_cases,
    reference=two_layer_reference,
    mistakes=(
        Mistake("no-tanh-prime", _two_layer_with(slope=lambda a, h: 1.0),
                "In {name}, the factor tanh′ of the hidden layer is missing: going back "
                "through h = tanh(a), multiply W2ᵀe (e = y − t) by 1 − h² entry by entry: "
                "δ = (W2ᵀe) ⊙ (1 − h²); then dW1 = δxᵀ and db1 = δ."),
        Mistake("tanh-prime-of-a", _two_layer_with(slope=lambda a, h: 1.0 - a * a),
                "In {name}, 1 − a² stands for tanh′(a), with a = W1x + b1. The derivative of "
                "tanh is 1 − tanh(a)² = 1 − h²: square the hidden output h, not a."),
        Mistake("pre-activation", _two_layer_with(dW2_input=lambda a, h: a),
                "In {name}, a = W1x + b1 stands where h = tanh(a) belongs: the second layer "
                "multiplies h, so dW2 = e hᵀ, np.outer(e, h)."),
    ),
    advice={
        "sign": "The error is e = ∂L/∂y = y − t, not t − y.",
        "scale": ("The ½ in L = ½‖y − t‖² cancels the 2 that comes down from the square: "
                  "∂L/∂y = y − t, with no factor."),
        "transpose": ("Frameworks store each gradient in its parameter's shape: dW2 = e hᵀ is "
                      "np.outer(e, h), (m, k), and dW1 = δxᵀ is np.outer(delta, x), (k, n)."),
        "shapes": ("Here x is (n,), W1 is (k, n), h and δ are (k,), W2 is (m, k) and "
                   "e = y − t is (m,): going back through W2 is W2.T @ e."),
    },
    trainer=train_two_layer,
)
