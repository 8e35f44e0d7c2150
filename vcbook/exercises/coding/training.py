"""Training a small network with the student's gradients: proof that a backward pass works.

``train_two_layer`` fits a two-layer tanh network (2 inputs, 8 hidden units, 1 output) to 32
points of sin(x₁)·cos(x₂) by plain gradient descent on the mean of ½‖y − t‖², calling the
student's ``two_layer_backward`` for every point at every step. Everything is seeded.
"""

from __future__ import annotations

import numpy as np

from vcbook.exercises.coding import runner
from vcbook.exercises.coding.checking import Unusable, display_name, failure_verdict, unpack

POINTS, HIDDEN = 32, 8


def problem(seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Inputs X (32, 2), targets T (32, 1), and the first parameters [W1, b1, W2, b2]."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(POINTS, 2))
    T = np.sin(X[:, :1]) * np.cos(X[:, 1:])
    params = [0.7 * rng.standard_normal((HIDDEN, 2)), np.zeros(HIDDEN),
              0.7 * rng.standard_normal((1, HIDDEN)), np.zeros(1)]
    return X, T, params


def mean_loss(params: list[np.ndarray], X: np.ndarray, T: np.ndarray) -> float:
    """The mean over the points of ½‖W2 tanh(W1 x + b1) + b2 − t‖²."""
    W1, b1, W2, b2 = params
    Y = np.tanh(X @ W1.T + b1) @ W2.T + b2
    return float(0.5 * np.mean(np.sum((Y - T) ** 2, axis=1)))


def train_two_layer(exercise, fn, steps: int = 50, *, lr: float = 0.2, seed: int = 0,
                    time_limit: float | None = 10.0) -> np.ndarray:
    """The mean loss before training and after each step (``steps + 1`` numbers), each step
    W ← W − lr · (mean of ``fn``'s gradients over the points). A failure of ``fn`` (an
    exception, a time-out, gradients of the wrong shape) raises ``runner.CodeFailed`` with a
    one-sentence message."""
    X, T, params = problem(seed)
    names = ("W1", "b1", "W2", "b2")
    name = display_name(fn, exercise)
    losses = [mean_loss(params, X, T)]
    try:
        with runner.time_limit(time_limit), runner.quiet():
            for _ in range(steps):
                total = [np.zeros_like(p) for p in params]
                for x, t in zip(X, T, strict=True):
                    try:
                        grads = unpack(fn(x.copy(), t.copy(), *(p.copy() for p in params)),
                                       exercise.outputs, name)
                    except Unusable as unusable:
                        raise runner.CodeFailed(unusable.message) from None
                    except (Exception, SystemExit) as exc:  # noqa: BLE001 - the student's error
                        message = failure_verdict(runner.describe(exc, fn), name, "", exercise)
                        raise runner.CodeFailed(message.message) from None
                    for k, (g, p) in enumerate(zip(grads, params, strict=True)):
                        if g.shape != p.shape:
                            raise runner.CodeFailed(
                                f"d{names[k]} has shape {g.shape} but {names[k]} has shape "
                                f"{p.shape}: run check({name}) to see what is wrong.")
                        total[k] += g
                params = [p - lr * g / len(X) for p, g in zip(params, total, strict=True)]
                losses.append(mean_loss(params, X, T))
    except runner.TimeLimitExceeded as exc:
        message = failure_verdict(runner.describe(exc, fn), name, "", exercise).message
        raise runner.CodeFailed(message) from None
    return np.array(losses)
