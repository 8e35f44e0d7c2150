"""A code exercise on a loss: the gradient of softmax cross-entropy by the scores.

L(z) = −Σᵢ yᵢ log softmax(z)ᵢ with y one-hot or a probability vector; ∂L/∂z = softmax(z) − y.
One hidden case has scores near 1000, where np.exp overflows unless max(z) is subtracted first.
"""

from __future__ import annotations

import numpy as np

from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.spec import Case, Mistake, Output


def softmax(z: np.ndarray) -> np.ndarray:
    """softmax(z) = e^z / Σ e^z, computed as softmax(z − max z) so that it never overflows."""
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_reference(z, y):
    """(∂L/∂z,) = (softmax(z) Σy − y,), which is softmax(z) − y when y sums to 1."""
    return (softmax(z) * np.sum(y) - y,)


def _one_hot(rng, k: int) -> np.ndarray:
    return np.eye(k)[rng.integers(k)]


def _cases(rng) -> tuple[Case, ...]:
    return (
        Case((2.0 * rng.standard_normal(4), _one_hot(rng, 4)), "k = 4, y one-hot"),
        Case((2.0 * rng.standard_normal(3), rng.dirichlet(np.ones(3))),
             "k = 3, y a probability vector"),
        Case((3.0 * rng.standard_normal(6), _one_hot(rng, 6)), "k = 6, y one-hot"),
        Case((1000.0 + 2.0 * rng.standard_normal(5), _one_hot(rng, 5)),
             "k = 5, z with entries near 1000"),
    )


SOLUTION = r"""With $p = \mathrm{softmax}(z)$, each $\log p_i = z_i - \log\sum_j e^{z_j}$, so
$$L = -\sum_i y_i z_i + \Big(\sum_i y_i\Big) \log\sum_j e^{z_j}.$$
The first term's gradient by $z$ is $-y$. The second's is $(\sum_i y_i)\,p$, because the
gradient of $\log\sum_j e^{z_j}$ is the softmax. A target sums to 1, so
$\partial L/\partial z = p - y$, shape $(k,)$, like $z$: the softmax's own derivative never has
to be written down, since the log undoes its exponentials.

For large scores, $e^{1000}$ overflows. Softmax does not change when the same number is
subtracted from every score, so subtract the largest: every exponent is then at most 0.

```python
def softmax_cross_entropy_grad(z, y):
    e = np.exp(z - np.max(z))     # (k,), entries in (0, 1]
    p = e / np.sum(e)             # softmax(z)
    return p - y
```"""

SOFTMAX_CROSS_ENTROPY_GRAD = CodeExercise(
    name="softmax_cross_entropy_grad",
    id="05-code-softmax-cross-entropy",
    title="the gradient of softmax cross-entropy",
    task=("A classifier turns scores $z$ into probabilities $p = \\mathrm{softmax}(z)$, "
          "$p_i = e^{z_i} / \\sum_j e^{z_j}$, and pays the cross-entropy "
          "$L = -\\sum_i y_i \\log p_i$ for a target $y$ (one-hot, or a probability vector). "
          "Return $\\partial L/\\partial z$ as a 1-D array. It must work for any scores, "
          "large ones too."),
    arguments=("z", "y"),
    parameters=(("z", "(k,)", "the scores (logits)"),
                ("y", "(k,)", "the target: one-hot or probabilities summing to 1"),
                ("dz", "(k,)", "∂L/∂z")),
    example=("z, y = np.array([2.0, -1.0, 0.5]), np.array([0.0, 0.0, 1.0])\n"
             "dz = softmax_cross_entropy_grad(z, y)   # shape (3,)"),
    outputs=(Output("dz", "z's shape"),),
    draw=_cases,
    reference=softmax_reference,
    mistakes=(
        Mistake("no-softmax", lambda z, y: (z - y,),
                "In {name}, the scores z stand where the probabilities p = softmax(z) "
                "belong: the gradient compares the model's prediction, as probabilities, "
                "with the target."),
        Mistake("no-minus-y", lambda z, y: (softmax(z),),
                "In {name}, only softmax(z) is there: the target y never enters. Write "
                "L = −Σᵢ yᵢ (zᵢ − log Σⱼ e^zⱼ) and differentiate both terms by z: the first, "
                "−Σᵢ yᵢ zᵢ, has a gradient of its own."),
        Mistake("softmax-jacobian", lambda z, y: ((softmax(z) - y) * softmax(z)
                                                  * (1.0 - softmax(z)),),
                "In {name}, there is an extra factor p ⊙ (1 − p), from the softmax's own "
                "Jacobian. The log in the loss undoes the softmax's exponentials, so that "
                "factor never appears: differentiate log pᵢ = zᵢ − log Σⱼ e^zⱼ by z directly."),
    ),
    advice={
        "sign": ("Think of one score: raising zᵢ when its probability pᵢ is already above its "
                 "target yᵢ makes the prediction worse, so the loss rises and that entry of "
                 "∂L/∂z is positive."),
        "nonfinite": ("For scores near 1000, `np.exp` overflows to inf, and inf/inf is nan. "
                      "Softmax does not change when the same number is subtracted from every "
                      "score: subtract the largest score before exponentiating, and no "
                      "exponent is positive."),
    },
    worked_solution=SOLUTION,
)
