"""A code exercise on gradient checks: the gradient of a scalar function by central differences.

The student writes ``numerical_gradient(f, x) -> grad``: for every entry i of x (any shape),
(f(x + h eᵢ) − f(x − h eᵢ)) / (2h), returned in x's shape. Each hidden case's f is a
``HiddenFunction`` that knows its exact gradient (the reference is analytic, never itself a
difference) and refuses, with a message, an array of another shape than x's. Since the answers
are estimates, they are compared with the tolerance ``RTOL``. Then ``verify`` runs the function
once more with f watched: a one-sided difference is told by where f was evaluated (x and
x + h eᵢ only), not by accuracy alone, and so are an x changed in place and perturbations that
move several entries at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from vcbook.exercises.coding.diagnose import Finding, shape_text
from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.spec import Case, Mistake, Output

RTOL = 1e-5
"""Central differences with any h in [1e-6, 1e-3] are this close on every hidden case (a test
measures it), a forward difference with h = 1e-5 is not in the steep valley."""
SAME = 1e-12
"""An entry of x counts as moved when it differs by more than SAME · (1 + |entry|): undoing
x[i] += h with x[i] -= h leaves a few units of rounding, which do not count."""


@dataclass(frozen=True, eq=False)
class HiddenFunction:
    """f of a hidden case: ``value(x)``, a float of an array of ``shape``, and its exact
    ``gradient(x)`` (x's shape). Called with an array of another shape, it raises a ValueError
    that says so. ``watched()`` is the same f keeping a copy of each array it is called with in
    ``points``."""

    shape: tuple
    value: Callable[[np.ndarray], float]
    gradient: Callable[[np.ndarray], np.ndarray]
    points: list | None = field(default=None, repr=False)

    def __call__(self, x) -> float:
        shape = np.shape(x)
        if shape != self.shape:
            raise ValueError(f"f was called with an array of shape {shape_text(shape)}, but it "
                             f"takes arrays of x's shape {shape_text(self.shape)}")
        if self.points is not None:
            self.points.append(np.array(x, dtype=float))
        return float(self.value(np.asarray(x, dtype=float)))

    def watched(self) -> HiddenFunction:
        """This f, recording its calls in a fresh ``points`` list."""
        return replace(self, points=[])

    def __repr__(self) -> str:
        return f"<hidden f: an array of shape {shape_text(self.shape)} -> float>"


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _cases(rng) -> tuple[Case, ...]:
    """Five cases: a vector, a matrix, a 3-D array, a single entry, and a steep valley (a
    quadratic with curvature up to 200 near its minimum, where one-sided differences are far
    off and central ones exact)."""
    x1 = rng.standard_normal(3)
    lse = HiddenFunction((3,), lambda x: np.log(np.sum(np.exp(x))), _softmax)
    X, A = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    trace = HiddenFunction((2, 3), lambda X: np.trace(A.T @ X) + np.sum(np.sin(X)),
                           lambda X: A + np.cos(X))
    x3 = rng.standard_normal((2, 2, 2))
    bowl = HiddenFunction((2, 2, 2), lambda x: np.log1p(np.sum(x * x)),
                          lambda x: 2.0 * x / (1.0 + np.sum(x * x)))
    x4 = rng.uniform(-1.0, 1.0, size=1)
    single = HiddenFunction((1,), lambda x: np.exp(x[0]) * np.cos(x[0]),
                            lambda x: np.exp(x) * (np.cos(x) - np.sin(x)))
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    H = Q @ np.diag([200.0, 120.0, 60.0, 20.0]) @ Q.T
    c = rng.standard_normal(4)
    x5 = c + 0.01 * rng.standard_normal(4)
    valley = HiddenFunction((4,), lambda x: 0.5 * (x - c) @ H @ (x - c), lambda x: H @ (x - c))
    return (Case((lse, x1), "x of shape (3,)"),
            Case((trace, X), "x of shape (2, 3), a matrix"),
            Case((bowl, x3), "x of shape (2, 2, 2)"),
            Case((single, x4), "x of shape (1,)"),
            Case((valley, x5), "x of shape (4,) in a steep valley"))


def gradient_reference(f: HiddenFunction, x: np.ndarray) -> tuple[np.ndarray]:
    """(∂f/∂x,), exact, in x's shape."""
    return (np.asarray(f.gradient(x), dtype=float).reshape(np.shape(x)),)


def central(f, x: np.ndarray, h: float) -> np.ndarray:
    """The central difference of ``f`` at ``x`` with step ``h``, in x's shape (for messages)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2.0 * h)
    return grad


def perturbations(points: list, x: np.ndarray):
    """Which way f's evaluation points moved each entry of ``x``: (entry -> set of signs, the
    steps' sizes), or None when some point moved several entries at once."""
    scale = SAME * (1.0 + np.abs(x))
    sides, steps = {}, []
    for point in points:
        moved = np.flatnonzero(np.abs(point - x) > scale)
        if len(moved) > 1:
            return None
        if len(moved) == 1:
            i = int(moved[0])
            d = float((point - x).flat[i])
            sides.setdefault(i, set()).add(1 if d > 0 else -1)
            steps.append(abs(d))
    return sides, steps


CHANGED_X = ("Your function changed x in place and left it changed: after the call, x differs "
             "from the array that was passed, by up to {drift:.1e} in case {case}. NumPy passes "
             "arrays by reference, so the caller's x moves too: a gradient check would shift the "
             "very parameters it checks. Put each entry back after perturbing it (`old = x[idx]`, "
             "then `x[idx] = old`), or perturb a copy (`xp = x.copy()`).")
SEVERAL = ("f was evaluated at a point where several entries differ from x at once, in case "
           "{case}. A partial derivative moves one entry alone: x ± h eᵢ, every other entry as "
           "in x. Undo each perturbation before the next one, and index one entry (`x[i, j]`, or "
           "`x[idx]` with idx from `np.ndindex(x.shape)`): on a matrix, `x[i]` is a whole row.")
ONE_SIDED = ("f was evaluated at {at} but never at {never}: that is a {kind} difference, "
             "{formula}. Taylor's formula f(x ± h eᵢ) = f(x) ± h ∂ᵢf + (h²/2) ∂ᵢ²f ± "
             "(h³/6) ∂ᵢ³f + … says why central differences are better: a one-sided quotient is "
             "off by about (h/2) ∂ᵢ²f, an error that shrinks only like h, while in "
             "f(x + h eᵢ) − f(x − h eᵢ) the even terms cancel, so "
             "(f(x + h eᵢ) − f(x − h eᵢ))/(2h) is off by about (h²/6) ∂ᵢ³f: O(h²).")
MEASURED = ("In case {case}, your values are off by up to {error:.1e}; central differences "
            "with your step h = {h:.1e} are off by {central:.1e}.")
KINDS = {1: ("forward", "x and x + h eᵢ", "x − h eᵢ", "(f(x + h eᵢ) − f(x))/h"),
         -1: ("backward", "x and x − h eᵢ", "x + h eᵢ", "(f(x) − f(x − h eᵢ))/h")}


def _one_sided(cases, runs) -> Finding | None:
    """The one-sided finding, with the student's error where it is largest, or None."""
    kinds, worst = set(), None
    for k, (case, (points, got)) in enumerate(zip(cases, runs, strict=True)):
        f, x = case.args
        found = perturbations(points, x)
        if found is None:
            continue
        sides, steps = found
        lone = [next(iter(s)) for s in sides.values() if len(s) == 1]
        kinds.update(lone)
        if lone and got.shape == x.shape:
            error = float(np.max(np.abs(got - f.gradient(x))))
            if worst is None or error > worst[0]:
                worst = (error, k, float(np.median(steps)))
    if not kinds:
        return None
    kind, at, never, formula = KINDS[kinds.pop()] if len(kinds) == 1 else (
        "one-sided", "x and on one side of it only", "both x + h eᵢ and x − h eᵢ",
        "(f(x + h eᵢ) − f(x))/h or its mirror image")
    message = ONE_SIDED.format(at=at, never=never, kind=kind, formula=formula)
    if worst is not None:
        error, k, h = worst
        f, x = cases[k].args
        off = float(np.max(np.abs(central(f, x, h) - f.gradient(x))))
        message += " " + MEASURED.format(case=f"{k + 1} ({cases[k].label})", error=error, h=h,
                                         central=off)
    return Finding("one-sided", message, explains=("cases",))


def verify(call, cases) -> Finding:
    """Run the function once more on each case with f watched: x left as it was, each point
    f is evaluated at moves one entry, and on both sides of x (central differences)."""
    runs, moved = [], False
    for k, case in enumerate(cases):
        f, x = case.args
        watched, mine = f.watched(), x.copy()
        got = call(watched, mine)
        drift = np.abs(np.asarray(mine, dtype=float) - x)
        if np.any(drift > SAME * (1.0 + np.abs(x))):
            return Finding("changed-x", CHANGED_X.format(
                drift=float(np.max(drift)), case=f"{k + 1} ({case.label})"), explains=("cases",))
        found = perturbations(watched.points, x)
        if found is None:
            return Finding("several-entries", SEVERAL.format(case=f"{k + 1} ({case.label})"),
                           explains=("cases",))
        moved = moved or bool(found[1])
        try:
            runs.append((watched.points, np.asarray(got, dtype=float)))
        except (TypeError, ValueError):
            runs.append((watched.points, np.full((), np.nan)))
    found = _one_sided(cases, runs)
    if found is not None:
        return found
    if not moved:
        return Finding("verified", "It leaves x as it was.")
    return Finding("verified", "It evaluates f on both sides of x, one entry at a time, and "
                               "leaves x as it was.")


SOLUTION = r"""Take the entries of $x$ one at a time (`np.ndindex(x.shape)` gives each index,
a tuple such as `(i, j)` for a matrix). Move that entry alone by $+h$ and by $-h$, and divide
the change in $f$ by the distance $2h$ between the two points:
$$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}.$$
The estimate for an entry goes to the same index of `grad`, so `grad` has $x$'s shape. Building
each point as a new array ($x$ plus a step) leaves the caller's $x$ as it was. By Taylor's
formula the error is about $(h^2/6)\,\partial_i^3 f$, while a one-sided difference is off by
about $(h/2)\,\partial_i^2 f$.

```python
def numerical_gradient(f, x):
    h = 1e-5
    grad = np.zeros_like(x)                       # x's shape
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h                             # h e_i, x's shape
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad
```"""


NUMERICAL_GRADIENT = CodeExercise(
    name="numerical_gradient",
    id="05-code-numerical-gradient",
    title="a gradient by central differences",
    task=("Write the gradient check's yardstick: the gradient of a scalar function $f$ at "
          "$x$, estimated by central differences. For every entry $i$ of $x$, "
          "$$\\frac{\\partial f}{\\partial x_i} \\approx "
          "\\frac{f(x + h e_i) - f(x - h e_i)}{2h},$$ "
          "where $e_i$ has $x$'s shape, a 1 at entry $i$ and 0 elsewhere. $x$ may have any "
          "shape and holds floats; return the estimates in $x$'s shape: for a matrix $x$ of "
          "shape $(m, n)$, entry `[i, j]` is $\\partial f/\\partial x_{ij}$ (the book's shape "
          "rule for a scalar by a matrix). Call $f$ only with arrays of $x$'s shape, and leave "
          "$x$ as it was. A step $h$ around $10^{-5}$ works well; `np.ndindex(x.shape)` "
          "visits every entry of an array of any shape (`np.nditer` with `multi_index` does "
          "too)."),
    arguments=("f", "x"),
    parameters=(("f", "x's shape → float", "the function: an array shaped like x in, one "
                                           "float out"),
                ("x", "any shape, float", "the point where the gradient is taken"),
                ("grad", "x's shape", "grad[idx] ≈ ∂f/∂x[idx], the central difference")),
    example=("f = lambda x: np.sum(x**2)\n"
             "x = np.array([[1.0, 2.0], [3.0, -1.0]])\n"
             "grad = numerical_gradient(f, x)   # about 2 x, shape (2, 2)"),
    outputs=(Output("grad", "x's shape"),),
    draw=_cases,
    reference=gradient_reference,
    mistakes=(
        Mistake("over-h", lambda f, x: (2.0 * f.gradient(x),),
                "In {name}, every entry is twice the right value: the points x − h eᵢ and "
                "x + h eᵢ are 2h apart, so f(x + h eᵢ) − f(x − h eᵢ) is divided by 2h, "
                "not by h."),
    ),
    advice={
        "shape": ("Return an array of x's shape: keep the estimates in an array made like "
                  "x (`np.zeros_like(x)`), each at its entry's own index, or reshape a flat "
                  "result with `.reshape(x.shape)`."),
        "shapes": ("f takes arrays of x's own shape only: perturb x (or a copy of it) entry by "
                   "entry, with the indices `np.ndindex(x.shape)` gives, or reshape a flat copy "
                   "back with `.reshape(x.shape)` before calling f."),
        "sign": ("Subtract in the order of the points: the value at x + h eᵢ minus the value "
                 "at x − h eᵢ. The other order estimates −∂f/∂xᵢ."),
        "scale": ("The points x − h eᵢ and x + h eᵢ are 2h apart: divide the difference of "
                  "f's values by 2h."),
    },
    worked_solution=SOLUTION,
    rtol=RTOL,
    verify=verify,
)
