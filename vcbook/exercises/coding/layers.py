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


LAYER_SOLUTION = r"""Name what the forward pass computes: $a = Wx + b$ and $y = \tanh(a)$, both of
shape $(m,)$. Then go back one step at a time.

1. **Through tanh.** It acts entry by entry, and $\tanh'(a) = 1 - \tanh(a)^2 = 1 - y^2$, so the
   gradient by $a$ is $\delta = g \odot (1 - y^2)$, shape $(m,)$.
2. **Through $a = Wx + b$.** $\partial a/\partial b = I$, so $\partial L/\partial b = \delta$,
   shape $(m,)$. $\partial a/\partial x = W$, so the row gradient by $x$ is $\delta^\top W$;
   stored like $x$ it is $W^\top\delta$, shape $(n,)$. And $a_i = \sum_j W_{ij} x_j$ gives
   $\partial L/\partial W_{ij} = \delta_i x_j$: the outer product $\delta x^\top$, shape
   $(m, n)$, which is $W$'s.

```python
def layer_backward(x, W, b, g):
    y = np.tanh(W @ x + b)       # (m,)
    delta = g * (1 - y**2)       # (m,): dL/da
    dx = W.T @ delta             # (n,)
    dW = np.outer(delta, x)      # (m, n)
    db = delta                   # (m,)
    return dx, dW, db
```"""

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
                "In {name}, one factor is missing: tanh′. The layer applies tanh to "
                "a = Wx + b, so on the way back the chain rule first multiplies g, entry by "
                "entry, by tanh′(a), and only then goes through W and b. The forward pass "
                "already holds what you need: tanh′(a) = 1 − tanh(a)² = 1 − y²."),
        Mistake("tanh-prime-of-a", _layer_with(lambda a, y: 1.0 - a * a),
                "In {name}, tanh′(a) is written as 1 − a², with a = Wx + b, the input of tanh. "
                "The derivative of tanh is 1 − tanh(a)² = 1 − y²: square tanh's output y, "
                "not its input a."),
        Mistake("tanh-prime-unsquared", _layer_with(lambda a, y: 1.0 - y),
                "In {name}, tanh′ is written as 1 − y. It is 1 − tanh(a)² = 1 − y²: y is "
                "squared."),
    ),
    worked_solution=LAYER_SOLUTION,
    advice={
        "transpose": ("∂L/∂W has W's shape (m, n): entry [i, j] belongs to W[i, j], which "
                      "joins input j to output i. An outer product takes its rows from its "
                      "first vector, so the vector of length m comes first, x second."),
        "shapes": ("Let the shapes choose the product. W is (m, n), x is (n,), and g, b and "
                   "the gradient by a = Wx + b are (m,). dx must be (n,), like x: which of W "
                   "and its transpose turns an (m,) vector into an (n,) one? dW must be (m, n), "
                   "like W: an outer product of an (m,) and an (n,) vector has that shape."),
        "sign": ("The backward pass only multiplies by local derivatives, so no minus sign "
                 "comes in: the minus of gradient descent belongs to the update step."),
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


TWO_LAYER_SOLUTION = r"""Run the forward pass and keep what the backward pass needs:
$a = W_1x + b_1$ and $h = \tanh(a)$, shape $(k,)$; $y = W_2h + b_2$, shape $(m,)$. Then go back.

1. **The loss.** $\partial L/\partial y = y - t$ (the ½ cancels the 2 of the square); call it
   $e$, shape $(m,)$.
2. **The second layer**, $y = W_2h + b_2$, is the layer $Wx + b$ with input $h$:
   $\partial L/\partial b_2 = e$, shape $(m,)$; $\partial L/\partial W_2 = e\,h^\top$, shape
   $(m, k)$; and the gradient passed down to $h$ is $W_2^\top e$, shape $(k,)$.
3. **Through tanh**, entry by entry: $\delta = (W_2^\top e) \odot (1 - h^2)$, shape $(k,)$.
4. **The first layer**, input $x$: $\partial L/\partial b_1 = \delta$, shape $(k,)$;
   $\partial L/\partial W_1 = \delta\,x^\top$, shape $(k, n)$.

```python
def two_layer_backward(x, t, W1, b1, W2, b2):
    h = np.tanh(W1 @ x + b1)            # (k,)
    e = W2 @ h + b2 - t                 # (m,): dL/dy
    delta = (W2.T @ e) * (1 - h**2)     # (k,): dL/da
    return np.outer(delta, x), delta, np.outer(e, h), e
```"""


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
          "this exercise's `.train(two_layer_backward, steps=50)` returns the loss after "
          "each step."),
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
                "In {name}, the hidden layer's factor tanh′ is missing. The gradient that "
                "reaches h must pass back through h = tanh(a) before it gets to W1 and b1: "
                "multiply it, entry by entry, by tanh′(a) = 1 − tanh(a)² = 1 − h²."),
        Mistake("tanh-prime-of-a", _two_layer_with(slope=lambda a, h: 1.0 - a * a),
                "In {name}, tanh′(a) is written as 1 − a², with a = W1x + b1, the input of "
                "tanh. The derivative of tanh is 1 − tanh(a)² = 1 − h²: square the hidden "
                "layer's output h, not its input a."),
        Mistake("pre-activation", _two_layer_with(dW2_input=lambda a, h: a),
                "In {name}, the hidden layer's input a = W1x + b1 stands where its output "
                "h = tanh(a) belongs. The second layer multiplies h, not a, so h is the "
                "vector that goes with the error at the output in its weights' gradient."),
    ),
    worked_solution=TWO_LAYER_SOLUTION,
    advice={
        "sign": ("Look at the order of the subtraction in the error at the output: "
                 "L = ½‖y − t‖² grows as y moves away from t, so ∂L/∂y points from t "
                 "towards y."),
        "scale": ("The ½ in L = ½‖y − t‖² is there to cancel the 2 that the square brings "
                  "down: no factor 2 (or ½) is left in ∂L/∂y."),
        "transpose": ("Each gradient has its parameter's shape: dW2 is (m, k) like W2, dW1 is "
                      "(k, n) like W1. An outer product takes its rows from its first vector, "
                      "so the vector whose length is the number of rows comes first."),
        "shapes": ("Let the shapes choose the product. x is (n,), W1 is (k, n), h is (k,), "
                   "W2 is (m, k), and y, t and the error at the output are (m,). Going back "
                   "through the second layer turns an (m,) gradient into a (k,) one: which of "
                   "W2 and its transpose does that? Each weight gradient is an outer product "
                   "shaped like its weights."),
    },
    trainer=train_two_layer,
)
