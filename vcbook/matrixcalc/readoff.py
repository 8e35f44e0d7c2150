"""Reading a derivative off a differential, one term at a time.

A scalar's differential is brought to ⟨W, dX⟩ = Σ Wᵢⱼ dXᵢⱼ (so df = tr(Wᵀ dX)): starting from
W = 1 at the root of a term, each operation on the way down to dX moves into W by the
identities of the inner product — ⟨W, AB⟩ = ⟨AᵀW, B⟩ = ⟨WBᵀ, A⟩, ⟨W, Uᵀ⟩ = ⟨Wᵀ, U⟩,
⟨W, A ⊙ B⟩ = ⟨W ⊙ A, B⟩ (which is tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀC)), ⟨w, tr U⟩ = ⟨wI, U⟩,
⟨w, sum U⟩ = ⟨w𝟙, U⟩ — and W has X's shape when dX is reached. W = w𝟙 is kept as ``Uniform``
until a matrix product needs it written (an entrywise product takes it as w: ⟨w𝟙, A ⊙ B⟩ =
⟨wA, B⟩), then written with ``ones`` (𝟙ᵀA, ones onesᵀ for a matrix X).
A vector's differential is brought to J dx, J collecting the factors on the left of dx
(a ⊙ dx = diag(a) dx); a scalar factor s(dx) = g dx on the way makes J = (left) (right) g; a
scalar term of a vector's differential (x + sum(x)) acts on every entry: J = 𝟙 g.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcbook.answers.matrix.shapes import Shape
from vcbook.answers.matrix.tree import Binary, Call, Name, Negate, Node, Postfix
from vcbook.matrixcalc import build as b
from vcbook.matrixcalc.context import Context, NotExpressible
from vcbook.matrixcalc.rules import inner


@dataclass(frozen=True)
class Uniform:
    """W = scale · 𝟙 (all entries equal): what ``sum`` leaves before an entrywise product."""

    scale: Node

    def written(self, shape: Shape) -> Node:
        """scale 𝟙 as a tree of ``shape``: scale ones, scale onesᵀ, scale ones onesᵀ."""
        ones = b.all_ones(shape)
        return self.scale if ones == b.ONE else b.times(self.scale, ones)


def _scaled(w, s: Node):
    return Uniform(b.times(s, w.scale)) if isinstance(w, Uniform) else b.times(s, w)


class Reader:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def _d_in(self, node: Node) -> bool:
        return self.ctx.has_d(node)

    # -- a scalar: ⟨W, dX⟩ ----------------------------------------------------------------
    def adjoint(self, term: Node) -> Node:
        """W with term = ⟨W, dX⟩ (W has X's shape); ``term`` is 1×1, linear in dX."""
        w, node = b.ONE, term
        while not (isinstance(node, Name) and node.name == self.ctx.dname):
            w, node = self._step(w, node)
        return w.written(self.ctx.wrt_shape) if isinstance(w, Uniform) else w

    def _inner(self, w, a: Node) -> Node:
        if isinstance(w, Uniform):
            return b.times(w.scale, Call("sum", a)) if not self.ctx.is_scalar(a) else \
                b.times(w.scale, a)
        return inner(w, a, self.ctx)

    def _step(self, w, node: Node):
        ctx = self.ctx
        if isinstance(node, Negate):
            return (Uniform(Negate(w.scale)) if isinstance(w, Uniform) else Negate(w)), node.arg
        if isinstance(node, Postfix) and node.op == "T":
            return (w if isinstance(w, Uniform) else b.transpose(w)), node.arg
        if isinstance(node, Call):
            return self._call(w, node)
        if not isinstance(node, Binary):
            raise NotExpressible(f"cannot read a derivative off {type(node).__name__}")
        a, c, op = node.left, node.right, node.op
        if op in ("/", "⊘") and self._d_in(c):
            raise NotExpressible("the differential sits in a denominator")
        if op == "/" or (op == "⊘" and ctx.is_scalar(c)):
            return (Uniform(b.over(w.scale, c)) if isinstance(w, Uniform) else b.over(w, c)), a
        if op == "⊘":
            if ctx.is_scalar(a):
                return self._inner(w, Binary("⊘", b.ONE, c)), a
            return (Binary("⊘", w.scale, c) if isinstance(w, Uniform) else Binary("⊘", w, c)), a
        inside, other = (c, a) if self._d_in(c) else (a, c)
        if ctx.is_scalar(other):
            return _scaled(w, other), inside
        if ctx.is_scalar(inside):
            return self._inner(w, other), inside
        if op == "⊙":
            return (b.times(w.scale, other) if isinstance(w, Uniform) else
                    Binary("⊙", w, other)), inside
        if isinstance(w, Uniform):  # a matrix product: ⟨w𝟙, AB⟩ needs 𝟙 written
            w = w.written(ctx.shape(node))
        if inside is c:
            return b.times(b.transpose(a), w), c
        return b.times(w, b.transpose(c)), a

    def _call(self, w, node: Call):
        ctx, arg, function = self.ctx, node.arg, node.function
        if ctx.is_scalar(arg) and function in ("tr", "sum", "diag"):
            return w, arg
        if function == "tr" and isinstance(arg, Call) and arg.function == "diag" and \
                1 in (ctx.shape(arg.arg).rows, ctx.shape(arg.arg).cols):
            return Uniform(w), arg.arg  # tr(diag(v)) = sum(v)
        if function == "tr":
            return b.times(w, b.IDENTITY), arg
        if function == "sum":
            return (w if isinstance(w, Uniform) else Uniform(w)), arg
        if function == "diag":
            shape = ctx.shape(arg)
            if isinstance(w, Uniform):
                return (w if 1 in (shape.rows, shape.cols) else b.times(w.scale, b.IDENTITY)), arg
            if shape.rows == 1:
                return b.transpose(Call("diag", w)), arg
            return Call("diag", w), arg
        raise NotExpressible(f"cannot read a derivative through {function}")

    # -- a column vector: J dx -------------------------------------------------------------
    def row_gradient(self, term: Node) -> Node:
        """g with term = g dx (1×n), for a scalar term and a column x."""
        return b.transpose(self.adjoint(term))

    def jacobian(self, term: Node, expand) -> Node:
        """J with term = J dx, for a column term (m×1) linear in a column dx; ``expand`` is
        the algebra's simplifier (to push a transpose through a product)."""
        ctx = self.ctx
        if ctx.is_scalar(term):  # a scalar added to a vector acts on every entry: J = 𝟙 g
            return b.times(b.ONES, self.row_gradient(term))
        left, node = None, term
        for _ in range(1000):
            if isinstance(node, Name) and node.name == ctx.dname:
                return b.times(left, b.IDENTITY) if left is not None else b.IDENTITY
            if isinstance(node, Negate):
                left, node = b.negate(left) if left is not None else Negate(b.IDENTITY), node.arg
                continue
            if isinstance(node, Postfix) and node.op == "T":
                pushed = expand(node)
                if pushed == node:
                    raise NotExpressible("cannot write this vector's differential as J dx")
                node = pushed
                continue
            if not isinstance(node, Binary) or node.op in ("+", "-"):
                raise NotExpressible("cannot write this vector's differential as J dx")
            a, c, op = node.left, node.right, node.op
            if op in ("/", "⊘") and self._d_in(c):
                raise NotExpressible("the differential sits in a denominator")
            if op == "/" or (op == "⊘" and ctx.is_scalar(c)):
                left, node = b.over(left if left is not None else b.IDENTITY, c), a
                continue
            if op == "⊘":
                if ctx.is_scalar(a):
                    return self._through_scalar(left, Binary("⊘", b.ONE, c), a)
                left, node = self._left(left, b.inverse(Call("diag", c))), a
                continue
            inside, other = (c, a) if self._d_in(c) else (a, c)
            if ctx.is_scalar(other):
                left, node = self._left(left, other), inside
            elif ctx.is_scalar(inside):
                return self._through_scalar(left, other, inside)
            elif op == "⊙":
                left, node = self._left(left, Call("diag", other)), inside
            elif inside is a and isinstance(a, Binary) and a.op == "*":
                node = Binary("*", a.left, Binary("*", a.right, c))  # (P Q) c = P (Q c)
            elif isinstance(a, Call) and a.function == "diag" and inside is a:
                left, node = self._left(left, Call("diag", c)), a.arg  # diag(u) c = diag(c) u
            elif inside is c:
                left, node = self._left(left, a), c
            else:
                raise NotExpressible("cannot write this vector's differential as J dx")
        raise NotExpressible("cannot write this vector's differential as J dx")

    def _left(self, left: Node | None, factor: Node) -> Node:
        return factor if left is None else b.times(left, factor)

    def _through_scalar(self, left: Node | None, vector: Node, scalar: Node) -> Node:
        """left · vector · s where the scalar s = g dx: J = left vector g."""
        return b.times(*([left] if left is not None else []), vector, self.row_gradient(scalar))
