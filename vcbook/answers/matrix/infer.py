"""Shape inference: the shape of every subexpression, or a message naming what is undefined.

Sizes unify like types (``shapes.Unifier``): declared letters are rigid, ``I`` (n×n) and
``ones`` (the all-ones column, n×1) each get a free size that their neighbours fix. The rules
(MML ch. 2 and 5):

- ``a + b``, ``a - b``, ``a ⊙ b``, ``a ⊘ b``: equal shapes, or one side a scalar (it acts on
  every entry: ``1 ⊘ x`` is the vector of reciprocals);
- ``a b`` / ``a * b``: a scalar (1×1) times anything, else (m×k)(k×n) -> m×n;
- ``a / s``: s a scalar (entry by entry is ``⊘``); ``aᵀ``: the transpose; ``a⁻¹``, ``a⁻ᵀ``,
  ``inv(a)``: a square;
- ``a^k``: a scalar's power, or an integer power of a square matrix; the exponent a scalar;
- ``f(a)``: by ``vocabulary.FUNCTIONS[f].rule``.

``infer`` raises ``InvalidAnswer`` (code "shape") whose message names the operation, as typed,
and the shapes of both sides: "A x^T: A is m×n and xᵀ is 1×n, so n columns meet 1 row."
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.evaluate import constant_value
from vcbook.answers.matrix.render import operand_text, pretty
from vcbook.answers.matrix.shapes import (
    SCALAR,
    Free,
    Shape,
    Unifier,
    count_words,
    shape_text,
)
from vcbook.answers.matrix.tree import (
    Binary,
    Call,
    Constant,
    Identity,
    Name,
    Negate,
    Node,
    Number,
    Ones,
    Postfix,
    Power,
)
from vcbook.answers.matrix.vocabulary import FUNCTIONS
from vcbook.answers.normalise import Normalised

ENTRYWISE_WORDS = {"+": ("added", "a sum"), "-": ("subtracted", "a difference"),
                   "⊙": ("multiplied entry by entry", "an entrywise product"),
                   "⊘": ("divided entry by entry", "an entrywise quotient")}


@dataclass
class Typing:
    """The inferred shapes of one tree, over a unifier that may be shared with another tree."""

    shape: Shape
    unifier: Unifier
    identities: dict[int, Free] = field(default_factory=dict)  # I's or ones' index -> its size
    shapes: dict[int, Shape] = field(default_factory=dict)  # id(node) -> its shape

    def shape_of(self, node: Node) -> Shape:
        return self.unifier.shape(self.shapes[id(node)])

    @property
    def resolved(self) -> Shape:
        return self.unifier.shape(self.shape)


class _Inference:
    def __init__(self, declarations: Declarations, unifier: Unifier, norm: Normalised | None):
        self.declarations, self.u, self.norm = declarations, unifier, norm
        self.identities: dict[int, Free] = {}
        self.shapes: dict[int, Shape] = {}

    # -- messages ---------------------------------------------------------------------------
    def typed(self, node: Node) -> str:
        if self.norm is not None and node.span is not None:
            return self.norm.typed_span(*node.span).strip() or pretty(node)
        return pretty(node)

    def fail(self, node: Node, message: str) -> InvalidAnswer:
        column = self.norm.column(node.span[0]) if self.norm and node.span else None
        where = f" (column {column})" if column else ""
        return InvalidAnswer(f"{self.typed(node)}: {message}{where}", code="shape",
                             column=column)

    def show(self, shape: Shape) -> str:
        return shape_text(self.u.shape(shape))

    # -- rules ------------------------------------------------------------------------------
    def visit(self, node: Node) -> Shape:
        shape = self.rule(node)
        self.shapes[id(node)] = shape
        return shape

    def rule(self, node: Node) -> Shape:
        if isinstance(node, Name):
            return self.declarations.by_name[node.name].shape
        if isinstance(node, Number | Constant):
            return SCALAR
        if isinstance(node, Identity | Ones):
            size = self.identities.setdefault(node.index, self.u.fresh())
            return Shape(size, size) if isinstance(node, Identity) else Shape(size, 1)
        if isinstance(node, Negate):
            return self.visit(node.arg)
        if isinstance(node, Binary):
            return self.binary(node, self.visit(node.left), self.visit(node.right))
        if isinstance(node, Postfix):
            return self.postfix(node, self.visit(node.arg))
        if isinstance(node, Power):
            return self.power(node, self.visit(node.base), self.visit(node.exponent))
        if isinstance(node, Call):
            return self.call(node, self.visit(node.arg))
        raise TypeError(f"not a matrix-notation node: {node!r}")

    def binary(self, node: Binary, a: Shape, b: Shape) -> Shape:
        u, left, right = self.u, pretty(node.left), pretty(node.right)
        if node.op == "/":
            if u.is_scalar(b):
                return a
            raise self.fail(node, f"{right} is {self.show(b)}, and you can divide only by a "
                                  f"scalar. To divide by a matrix, multiply by its inverse, "
                                  f"inv({right}); to divide entry by entry, write ./ instead "
                                  f"of /.")
        if u.is_scalar(a):
            return b
        if u.is_scalar(b):
            return a
        if node.op == "*":
            if u.unify(a.cols, b.rows):
                return Shape(a.rows, b.cols)
            cols, rows = u.resolve(a.cols), u.resolve(b.rows)
            verb = "meets" if cols == 1 else "meet"
            raise self.fail(node, f"{left} is {self.show(a)} and {right} is {self.show(b)}, so "
                                  f"{count_words(cols, 'column')} {verb} "
                                  f"{count_words(rows, 'row')}. A matrix product needs as many "
                                  f"columns on the left as rows on the right.")
        if u.unify_shapes(a, b):
            return a
        done, what = ENTRYWISE_WORDS[node.op]
        raise self.fail(node, f"{left} is {self.show(a)} and {right} is {self.show(b)}, so they "
                              f"cannot be {done}: {what} needs two terms of the same shape (or a "
                              f"scalar, which acts on every entry).")

    def square(self, node: Node, arg: Node, shape: Shape, what: str) -> None:
        if not (self.u.is_scalar(shape) or self.u.is_square(shape)):
            raise self.fail(node, f"{pretty(arg)} is {self.show(shape)}, but {what} is defined "
                                  f"only for a square matrix.")

    def postfix(self, node: Postfix, a: Shape) -> Shape:
        if node.op == "T":
            return a.T
        self.square(node, node.arg, a, "the inverse")
        return a if node.op == "-1" else a.T

    def power(self, node: Power, base: Shape, exponent: Shape) -> Shape:
        u, name = self.u, pretty(node.base)
        operand = operand_text(node.base)  # parenthesised when it is a sum: (1 + x)
        if not u.is_scalar(exponent):
            raise self.fail(node, f"the exponent {pretty(node.exponent)} is "
                                  f"{self.show(exponent)}; an exponent must be a scalar.")
        if u.is_scalar(base):
            return SCALAR
        rows, cols = u.resolve(base.rows), u.resolve(base.cols)
        if 1 in (rows, cols):
            inner = "" if rows == 1 else f"{operand}^T {operand} or "  # a column's xᵀx
            raise self.fail(node, f"{name} is {self.show(base)}, and only a square matrix can be "
                                  f"raised to a power ({operand}^2 would be the product "
                                  f"{operand} {operand}). For the squared norm write {inner}"
                                  f"norm({name})^2; for the entrywise square, "
                                  f"{operand} .* {operand}.")
        if not u.is_square(base):
            raise self.fail(node, f"{name} is {self.show(base)}, and only a square matrix can be "
                                  f"raised to a power. For the entrywise square, write "
                                  f"{operand} .* {operand}.")
        k = constant_value(node.exponent)
        if k is None or not float(k).is_integer():
            raise self.fail(node, f"a square matrix can be raised only to a whole-number power "
                                  f"such as 2 or -1, not {pretty(node.exponent)}.")
        return base

    def call(self, node: Call, a: Shape) -> Shape:
        u, function = self.u, FUNCTIONS[node.function]
        if node.written == "bars" and not u.is_scalar(a):
            name = pretty(node.arg)
            raise self.fail(node, f"{name} is {self.show(a)}. For a vector or matrix, write "
                                  f"norm({name}) for its length, det({name}) for a determinant, "
                                  f"or abs({name}) for the absolute value of every entry.")
        if function.rule == "elementwise":
            return a
        if function.rule == "to-scalar":
            return SCALAR
        if function.rule == "square-to-scalar":
            self.square(node, node.arg, a, function.what)
            return SCALAR
        if function.rule == "square":
            self.square(node, node.arg, a, function.what)
            return a
        if function.rule == "column":
            return self.column(node, a, function.what)
        return self.diag(node, a)

    def column(self, node: Call, a: Shape, what: str) -> Shape:
        """A function of a column vector that gives a column of the same length (softmax)."""
        u, name = self.u, pretty(node.arg)
        if u.is_scalar(a) or not u.unify(a.cols, 1):
            hint = f" (for a row r, write {what}(r^T)^T)" if u.resolve(a.rows) == 1 else ""
            raise self.fail(node, f"{name} is {self.show(a)}, but {what} takes a column "
                                  f"vector{hint}.")
        return a

    def diag(self, node: Call, a: Shape) -> Shape:
        """A vector -> its diagonal matrix; a square matrix -> its diagonal as a column."""
        u = self.u
        if u.is_scalar(a):
            return SCALAR
        rows, cols = u.resolve(a.rows), u.resolve(a.cols)
        if rows == 1:
            return Shape(cols, cols)
        if cols == 1:
            return Shape(rows, rows)
        if u.is_square(a):
            return Shape(rows, 1)
        raise self.fail(node, f"{pretty(node.arg)} is {self.show(a)}: diag takes a vector (and "
                              f"gives the diagonal matrix) or a square matrix (and gives its "
                              f"diagonal as a column).")


def infer(tree: Node, declarations: Declarations, unifier: Unifier | None = None,
          norm: Normalised | None = None) -> Typing:
    """The shapes of ``tree`` (``norm``: the typed text, for messages); raises InvalidAnswer."""
    inference = _Inference(declarations, unifier or Unifier(), norm)
    shape = inference.visit(tree)
    return Typing(shape, inference.u, inference.identities, inference.shapes)
