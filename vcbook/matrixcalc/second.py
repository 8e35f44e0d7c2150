"""Second derivatives: ``hessian``, of a scalar f of a column x, by the differential of its
gradient.

The gradient ∂f/∂x (a 1×n row, from ``derivative``) is written as the column g = (∂f/∂x)ᵀ, so
that df = gᵀ dx; the differential of g is brought to dg = H dx and H read off: n×n, row i the
gradient of ∂f/∂xᵢ (MML §5.7). Checked like every derivation — df = gᵀ dx and each step of dg
by central differences, H by AD of g — and H against Hᵀ: term by term when the algebra shows
it, at the sampled points always (a Hessian of a twice-differentiable f is symmetric).

    h = hessian("norm(A x - b)^2", "x", {"x": "n", "A": "m×n", "b": "m"})
    str(h.result)                   # '2 A^T A'
    h.evaluate({"x": x, "A": A, "b": b})   # (n, n)
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix.expr import MatrixExpr, evaluate_expr, parse
from vcbook.answers.matrix.render import latex_tree, text
from vcbook.answers.matrix.shapes import SCALAR, Shape, dim_text, shape_text
from vcbook.answers.matrix.tree import Name, Node
from vcbook.answers.vocabulary import display_name
from vcbook.matrixcalc import build as b
from vcbook.matrixcalc.algebra import Algebra
from vcbook.matrixcalc.context import Context, NotExpressible
from vcbook.matrixcalc.derivation import (
    Derivation,
    DerivationError,
    _derive,
    _Deriver,
    _latex,
    _space,
    check_points,
    check_step,
    checked,
    shape_items,
)

SYMMETRY_TOLERANCE = 1e-9


class _HessianDeriver(_Deriver):
    """The derivation of the column g = (∂f/∂x)ᵀ, told as the Hessian of f: it starts from
    f and its gradient and reads off H (diagonal factors merged, diag(u) diag(v) = diag(u ⊙ v))."""

    symbol = "g"
    matrix = "H"

    def __init__(self, column: str, gradient: Derivation, shapes):
        super().__init__(column, gradient.wrt, shapes, gradient.context.wrt_shape)
        self.gradient = gradient

    def introduce(self) -> None:
        ctx, gradient = self.ctx, self.gradient
        x, n = latex_tree(Name(ctx.wrt)), ctx.wrt_shape.rows
        self.step("The function and its gradient (derived first, by the differential method)",
                  rf"f = {latex_tree(gradient.function.tree)} \in \mathbb{{R}}, \quad "
                  rf"{x} \in {_space(ctx.wrt_shape)}, \quad \frac{{\partial f}}{{\partial {x}}} "
                  rf"= {latex_tree(gradient.result.tree)} \in {_space(Shape(1, n))}")
        self.step(f"The gradient as a column g = (∂f/∂{display_name(ctx.wrt)})ᵀ, "
                  f"{dim_text(n)}×1 (so df = gᵀ d{display_name(ctx.wrt)})",
                  rf"g = {latex_tree(self.function.tree)} \in {_space(ctx.wrt_shape)}")

    def read_off(self, raw: Node, collected: Node, f_shape: Shape, x_shape: Shape):
        kind, jacobian, target = super().read_off(raw, collected, f_shape, x_shape)
        if kind != "jacobian":
            return kind, jacobian, target
        self.steps.pop()  # the Jacobian's read-off, said below as the Hessian's
        hessian = self.algebra.merge_diagonals(jacobian)
        name, x = display_name(self.ctx.wrt), latex_tree(Name(self.ctx.wrt))
        self.step(f"Read off the Hessian: {shape_text(target)}, row i the gradient of "
                  f"∂f/∂{name}ᵢ",
                  rf"\nabla^2 f = \frac{{\partial g}}{{\partial {x}}} = "
                  rf"{_latex(hessian, self.ctx)} \in {_space(target)}")
        return kind, hessian, target


def _require_scalar_of_column(expr: str, wrt: str, shapes) -> None:
    function, ctx = parse(expr, shapes), Context.make(shapes, wrt)
    shape = function.typing.resolved
    if shape != SCALAR:
        raise ValueError(f"hessian takes a scalar function; {expr!r} is {shape_text(shape)}: "
                         "for its first derivative, a Jacobian, use derivative")
    x_shape = ctx.wrt_shape
    if x_shape == SCALAR or x_shape.cols != 1:
        declared = "a scalar" if x_shape == SCALAR else shape_text(x_shape)
        raise ValueError(f"hessian is by a column vector; {wrt} is {declared}: by a scalar or "
                         "a matrix, use derivative")


def _symmetry(ctx: Context, result: MatrixExpr, points) -> tuple[str, str]:
    """The step saying H = Hᵀ; raises ``DerivationError`` if H is not symmetric numerically."""
    for point in points:
        value = evaluate_expr(result, point.values)
        if not np.allclose(value, value.T, rtol=SYMMETRY_TOLERANCE,
                           atol=SYMMETRY_TOLERANCE * (1.0 + np.abs(value).max())):
            raise DerivationError(f"the Hessian {result} is not symmetric")
    algebra, hessian = Algebra(ctx), result.tree
    transposed = algebra.expand(b.transpose(hessian))
    same = {t.key: t.coef for t in algebra.expand(hessian)} == {t.key: t.coef for t in transposed}
    name = display_name(ctx.wrt)
    return (f"Symmetric, as a Hessian is (∂²f/∂{name}ᵢ∂{name}ⱼ = ∂²f/∂{name}ⱼ∂{name}ᵢ): "
            f"Hᵀ = H, " + ("term by term" if same else "at the sampled points"),
            rf"\left(\nabla^2 f\right)^{{\top}} = {_latex(algebra.node(transposed), ctx)} "
            r"= \nabla^2 f")


def _zero_steps(ctx: Context) -> tuple[tuple[str, str], ...]:
    n = ctx.wrt_shape.rows
    return ((f"So the Hessian is the {dim_text(n)}×{dim_text(n)} zero matrix",
             rf"\nabla^2 f = 0 \in {_space(Shape(n, n))}"),)


@functools.lru_cache(maxsize=128)
def _hessian(expr: str, wrt: str, items: tuple) -> Derivation:
    shapes = dict(items)
    _require_scalar_of_column(expr, wrt, shapes)
    gradient = _derive(expr, wrt, items)
    if gradient.kind == "zero":
        return replace(gradient, kind="hessian", differential=None, gradient=gradient,
                       steps=gradient.steps + _zero_steps(gradient.context))
    ctx = gradient.context
    column = Algebra(ctx).simplify(b.transpose(gradient.result.tree))
    try:
        deriver = _HessianDeriver(text(column), gradient, shapes)
    except InvalidAnswer as error:  # the gradient is read again, within the reader's limits
        raise NotExpressible(f"the gradient {gradient.result} is too long to differentiate "
                             f"again in matrix notation") from error
    inner = checked(deriver, shapes)  # every step of dg by central differences of g; H by AD
    points = check_points(ctx, gradient.function)
    check_step("df = gᵀ dx", b.times(b.transpose(deriver.function.tree), Name(ctx.dname)), ctx,
               gradient.function, points)
    steps = inner.steps
    if inner.kind == "zero":
        steps += _zero_steps(ctx)
    else:
        steps += (_symmetry(ctx, inner.result, points),)
    rules = tuple(dict.fromkeys(gradient.rules + inner.rules))
    return replace(inner, function=gradient.function, kind="hessian", steps=steps, rules=rules,
                   gradient=gradient)


def hessian(expr: str, wrt: str, shapes) -> Derivation:
    """The Hessian of a scalar ``expr`` (matrix notation) by a column vector ``wrt``: the
    derivative of its gradient, as a column, by the differential method, with steps.

    A ``Derivation`` with ``kind == "hessian"``: ``result`` the n×n Hessian in the answer
    language, ``evaluate`` an (n, n) array, ``gradient`` the derivation of ∂f/∂x. Raises
    ``ValueError`` for a function that is not scalar or a ``wrt`` that is not a column, and
    what ``derivative`` raises.
    """
    return _hessian(str(expr), str(wrt), shape_items(shapes))
