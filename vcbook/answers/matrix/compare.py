"""Equivalence by evaluation: two trees, their shapes unified, compared at sampled points.

``Pair.make(answer, expected, declarations, points)`` infers both trees over one unifier (so an
``I`` or ``ones`` in one takes its size from the other) and returns None when their shapes cannot
be equal. A size that nothing in its own tree fixes is never made 1 by the other tree: the scalar
``1`` is not the identity ``I`` or the all-ones ``ones ones^T``, whatever their sizes.
``Pair.compare()`` evaluates both at every point: points where the expected value is not finite
are skipped; at the others the values must agree to ``RTOL`` relative to the larger of the two
(float64, well-conditioned samples), and at least ``MIN_VALID`` points must remain.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.evaluate import evaluate
from vcbook.answers.matrix.infer import Typing, infer
from vcbook.answers.matrix.sample import HIDDEN, Point
from vcbook.answers.matrix.shapes import Free, Unifier
from vcbook.answers.matrix.tree import Node

RTOL, ATOL = 1e-8, 1e-10
MIN_VALID = 3


def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to RTOL relative to the largest entry of either (any NaN/inf: not close)."""
    if a.shape != b.shape:
        try:
            a, b = np.broadcast_arrays(a, b)
        except ValueError:
            return False
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return False
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    return float(np.max(np.abs(a - b), initial=0.0)) <= ATOL + RTOL * scale


def identity_sizes(typing: Typing) -> tuple[tuple[int, int | str], ...]:
    """Each I's or ones' size, resolved: a number or a size letter (HIDDEN if nothing fixes
    it)."""
    sizes = []
    for index, free in sorted(typing.identities.items()):
        dim = typing.unifier.resolve(free)
        sizes.append((index, HIDDEN if isinstance(dim, Free) else dim))
    return tuple(sizes)


def _free_sizes(typing: Typing) -> list[Free]:
    """The sizes of the I's and ones that their own tree leaves free."""
    return [free for free in typing.identities.values()
            if isinstance(typing.unifier.resolve(free), Free)]


@functools.lru_cache(maxsize=512)
def values(tree: Node, points: tuple[Point, ...], sizes: tuple) -> tuple[np.ndarray, ...]:
    """``tree`` at every point (cached: the expected answer is evaluated once per exercise)."""
    return tuple(evaluate(tree, p.values, {i: p.size(d) for i, d in sizes}) for p in points)


@dataclass(frozen=True)
class Comparison:
    """``status``: "equal", "different" or "unknown" (too few points where expected is
    defined). ``pairs``: (expected, answer) at those points; ``undefined``: the answer is not
    finite at one of them."""

    status: str
    pairs: tuple[tuple[np.ndarray, np.ndarray], ...] = ()
    undefined: bool = False


@dataclass
class Pair:
    """An answer and an expected answer whose shapes fit, and the points to compare them at."""

    answer: Node
    expected: Node
    answer_typing: Typing
    expected_typing: Typing
    declarations: Declarations
    points: tuple[Point, ...]
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def make(cls, answer: Node, expected: Node, declarations: Declarations,
             points: tuple[Point, ...]) -> Pair | None:
        unifier = Unifier()
        try:
            a = infer(answer, declarations, unifier)
            e = infer(expected, declarations, unifier)
        except InvalidAnswer:
            return None
        loose = _free_sizes(a) + _free_sizes(e)
        if not unifier.unify_shapes(a.shape, e.shape) or any(
                unifier.resolve(free) == 1 for free in loose):
            return None
        return cls(answer, expected, a, e, declarations, points)

    def at(self, points: tuple[Point, ...]) -> Pair:
        """The same pair at other points (symmetrised matrices, say)."""
        return Pair(self.answer, self.expected, self.answer_typing, self.expected_typing,
                    self.declarations, points)

    def answer_values(self) -> tuple[np.ndarray, ...]:
        return values(self.answer, self.points, identity_sizes(self.answer_typing))

    def expected_values(self) -> tuple[np.ndarray, ...]:
        return values(self.expected, self.points, identity_sizes(self.expected_typing))

    def evaluate_part(self, part: Node, point_index: int) -> np.ndarray:
        """A part of the expected tree (its I's and ones sized as in the expected tree) at one
        point."""
        point = self.points[point_index]
        sizes = {i: point.size(d) for i, d in identity_sizes(self.expected_typing)}
        return evaluate(part, point.values, sizes)

    def valid(self) -> list[int]:
        """Indices of the points where the expected answer is defined."""
        return [k for k, e in enumerate(self.expected_values()) if np.all(np.isfinite(e))]

    def compare(self) -> Comparison:
        if "comparison" not in self._cache:
            expected, answer = self.expected_values(), self.answer_values()
            valid = self.valid()
            pairs = tuple((expected[k], answer[k]) for k in valid)
            if len(valid) < MIN_VALID:
                self._cache["comparison"] = Comparison("unknown", pairs)
            else:
                undefined = not all(np.all(np.isfinite(a)) for _, a in pairs)
                equal = not undefined and all(close(a, e) for e, a in pairs)
                self._cache["comparison"] = Comparison("equal" if equal else "different",
                                                       pairs, undefined)
        return self._cache["comparison"]

    def equal(self) -> bool:
        return self.compare().status == "equal"
