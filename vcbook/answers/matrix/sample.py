"""Where answers are compared: seeded random values at several sizes.

Every size letter takes several values (``size_plans``: 2, 3, 4 for one letter; for two, a
non-square pair both ways round and a square one), and at each size the declared names are drawn
``DRAWS`` times: general entries (standard normal), and once positive entries (so that
entrywise log and sqrt have somewhere to be defined). Structure changes only what is drawn:
``symmetric`` is (G + Gᵀ)/2, ``spd`` is G Gᵀ/n + I/2; square matrices are redrawn until
well-conditioned, so inverses are accurate to about 1e-13. An ``I`` or ``ones`` whose size nothing
fixes gets the size ``HIDDEN``. The same declarations and seed give the same points.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from vcbook.answers.matrix.declare import Declarations, Variable
from vcbook.answers.matrix.shapes import Dim

HIDDEN = "#"  # the size letter of an I or ones whose size nothing fixes
HIDDEN_SIZES = (3, 2, 4)
DRAWS = ("general", "general", "positive")
MAX_CONDITION = 1e3
MAX_REDRAWS = 20
POSITIVE = (0.2, 2.0)


@dataclass(frozen=True, eq=False)
class Point:
    """One sample: a size for every letter (and HIDDEN), a 2-D array for every name."""

    sizes: dict[str, int]
    values: dict[str, np.ndarray]

    def size(self, dim: Dim) -> int:
        """The size of a resolved dimension here (a free one is HIDDEN's)."""
        if isinstance(dim, int):
            return dim
        return self.sizes[dim] if isinstance(dim, str) else self.sizes[HIDDEN]

    def with_values(self, changed: dict[str, np.ndarray]) -> Point:
        return Point(self.sizes, {**self.values, **changed})


def size_plans(letters: tuple[str, ...]) -> list[tuple[int, ...]]:
    """Sizes for the letters: (2,), (3,), (4,) for one; (2, 3), (3, 2), (3, 3) for two ..."""
    k = len(letters)
    if k == 0:
        return [()]
    if k == 1:
        return [(2,), (3,), (4,)]
    ascending = tuple(range(2, 2 + k))
    return [ascending, ascending[::-1], (3,) * k]


def _well_conditioned(draw, rng: np.random.Generator) -> np.ndarray:
    for _ in range(MAX_REDRAWS):
        matrix = draw(rng)
        if np.linalg.cond(matrix) < MAX_CONDITION:
            return matrix
    return matrix


def draw_value(variable: Variable, rows: int, cols: int, kind: str,
               rng: np.random.Generator) -> np.ndarray:
    """A 2-D array for ``variable`` at this size; ``kind`` is "general" or "positive"."""
    if variable.is_scalar:
        low, high = variable.interval
        if kind == "positive" and high > POSITIVE[0]:
            low = max(low, POSITIVE[0])
        return np.array([[rng.uniform(low, high)]])

    def entries(rng: np.random.Generator) -> np.ndarray:
        if kind == "positive":
            return rng.uniform(*POSITIVE, size=(rows, cols))
        return rng.standard_normal((rows, cols))

    if variable.structure == "spd":
        def draw(rng):
            g = entries(rng) - (POSITIVE[0] if kind == "positive" else 0.0)
            return g @ g.T / rows + 0.5 * np.eye(rows)
    elif variable.structure == "symmetric":
        def draw(rng):
            g = entries(rng)
            return (g + g.T) / 2
    else:
        draw = entries
    if rows == cols and rows > 1:
        return _well_conditioned(draw, rng)
    return draw(rng)


@functools.lru_cache(maxsize=128)
def sample(declarations: Declarations, seed: int) -> tuple[Point, ...]:
    """The points for an exercise (cached: the arrays are shared, never modify them)."""
    rng = np.random.default_rng(seed)
    letters = declarations.letters
    points = []
    for plan_index, plan in enumerate(size_plans(letters)):
        sizes = dict(zip(letters, plan, strict=True))
        sizes[HIDDEN] = HIDDEN_SIZES[plan_index % len(HIDDEN_SIZES)]
        for kind in DRAWS:
            values = {}
            for variable in declarations.variables:
                rows, cols = (d if isinstance(d, int) else sizes[d]
                              for d in (variable.shape.rows, variable.shape.cols))
                values[variable.name] = draw_value(variable, rows, cols, kind, rng)
            points.append(Point(sizes, values))
    return tuple(points)


def symmetrised(points: tuple[Point, ...], names: tuple[str, ...]) -> tuple[Point, ...]:
    """The same points with the matrices ``names`` replaced by their symmetric parts."""
    return tuple(p.with_values({n: (p.values[n] + p.values[n].T) / 2 for n in names})
                 for p in points)
