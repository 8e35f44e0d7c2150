"""Shapes with symbolic sizes, and their unification (like type inference).

A ``Dim`` is a size: an ``int`` (a declared number), a ``str`` (a declared size letter such as
``"n"``: rigid, different letters are different sizes) or a ``Free`` size still to be inferred
(the identity ``I`` and the all-ones ``ones`` get one). A ``Shape`` is (rows, cols); a 1×1
shape is a scalar. ``Unifier`` binds free sizes as inference goes, and says when two sizes
cannot be equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Free:
    """A size not known yet (an ``I``'s or a ``ones``'), numbered within one ``Unifier``."""

    number: int


Dim = int | str | Free


@dataclass(frozen=True)
class Shape:
    rows: Dim
    cols: Dim

    @property
    def T(self) -> Shape:  # noqa: N802 - the transpose, as in NumPy
        return Shape(self.cols, self.rows)


SCALAR = Shape(1, 1)


class Unifier:
    """Free sizes and what they are bound to; ``unify`` binds or reports a clash."""

    def __init__(self) -> None:
        self.bound: dict[Free, Dim] = {}
        self.count = 0

    def fresh(self) -> Free:
        self.count += 1
        return Free(self.count)

    def copy(self) -> Unifier:
        other = Unifier()
        other.bound, other.count = dict(self.bound), self.count
        return other

    def resolve(self, dim: Dim) -> Dim:
        while isinstance(dim, Free) and dim in self.bound:
            dim = self.bound[dim]
        return dim

    def unify(self, a: Dim, b: Dim) -> bool:
        """Make ``a`` and ``b`` the same size if they can be; False (nothing bound) if not."""
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return True
        if isinstance(a, Free):
            self.bound[a] = b
            return True
        if isinstance(b, Free):
            self.bound[b] = a
            return True
        return False

    def unify_shapes(self, a: Shape, b: Shape) -> bool:
        """Both sizes or neither: on a clash the unifier is left as it was."""
        trial = self.copy()
        if trial.unify(a.rows, b.rows) and trial.unify(a.cols, b.cols):
            self.bound, self.count = trial.bound, trial.count
            return True
        return False

    def shape(self, shape: Shape) -> Shape:
        return Shape(self.resolve(shape.rows), self.resolve(shape.cols))

    def is_scalar(self, shape: Shape) -> bool:
        return self.resolve(shape.rows) == 1 and self.resolve(shape.cols) == 1

    def is_square(self, shape: Shape) -> bool:
        """Rows and columns are (or can be made) the same size; binds a free size if needed."""
        return self.unify(shape.rows, shape.cols)


def dim_text(dim: Dim) -> str:
    return "?" if isinstance(dim, Free) else str(dim)


def shape_text(shape: Shape) -> str:
    """``m×n``; a free size shows as ``?``."""
    return f"{dim_text(shape.rows)}×{dim_text(shape.cols)}"


def _article(text: str) -> str:
    """'an' before sizes read with a vowel sound (an n×1, an m×n, an 8×2), else 'a'."""
    return "an" if text[:1] in set("aefhilmnorsx8") or text.startswith(("11", "18")) else "a"


def shape_words(shape: Shape) -> str:
    """'a scalar (1×1)', 'a 1×n row vector', 'an n×1 column vector', 'an m×n matrix'; a free
    size ('?', of an I or ones) is said to be fixed by nothing."""
    text = shape_text(shape)
    free = " (? a size nothing in it fixes)" if "?" in text else ""
    if shape.rows == 1 and shape.cols == 1:
        return "a scalar (1×1)"
    if shape.rows == 1:
        return f"a {text} row vector{free}"
    if shape.cols == 1:
        return f"{_article(text)} {text} column vector{free}"
    return f"{_article(text)} {text} matrix{free}"


def count_words(dim: Dim, noun: str) -> str:
    """'1 row', 'n rows', '3 columns'."""
    return f"{dim_text(dim)} {noun}" + ("" if dim == 1 else "s")
