"""``derivative``: a gradient by the differential method, step by step, checked.

The method (MML §5.5, the Matrix Cookbook §2): take the differential of f with the rules of
``rules.RULES``; expand and collect it; bring it to a form that shows the derivative
(df = g dx for a scalar of a vector, df = tr(G dX) for a scalar of a matrix, df = J dx for a
vector of a vector); read the derivative off in the book's layout. Every step is checked against
central differences of f along a random dX, and the result against ``vcbook.autodiff``, before
the derivation is returned: a derivation that disagrees raises ``DerivationError``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.expr import MatrixExpr, evaluate_expr, parse
from vcbook.answers.matrix.render import latex_tree
from vcbook.answers.matrix.sample import sample
from vcbook.answers.matrix.shapes import SCALAR, Shape, dim_text, shape_text
from vcbook.answers.matrix.tree import Call, Name, Node, Number, Postfix, names, walk
from vcbook.answers.vocabulary import display_name
from vcbook.matrixcalc import build as b
from vcbook.matrixcalc.algebra import Algebra
from vcbook.matrixcalc.context import Context, NotDifferentiable, NotExpressible
from vcbook.matrixcalc.differential import differential
from vcbook.matrixcalc.numerics import (
    TOLERANCE,
    autodiff_function,
    book_shape,
    differential_error,
    expression,
    letter_sizes,
    notation_values,
)
from vcbook.matrixcalc.readoff import Reader
from vcbook.matrixcalc.rules import rule_name

KINDS = ("gradient", "matrix", "jacobian", "by-scalar", "differential", "zero", "hessian")
SEED = 20261130
AD_TOLERANCE = 1e-7
MAX_CONDITION = 1e8  # a point where f inverts a worse-conditioned matrix is not checked there


class DerivationError(AssertionError):
    """A derivation disagreed with finite differences or with automatic differentiation."""


@dataclass(frozen=True, eq=False)
class Derivation:
    """A derivative by the differential method.

    ``result`` (a ``MatrixExpr``; ``str`` gives the input language): the derivative in the
    book's layout — a 1×n row (scalar by vector), X's shape (scalar by matrix), the m×n
    Jacobian (vector by vector), f's shape (by a scalar) — or, for ``kind == "differential"``
    (a matrix by a matrix, ...), the differential dF itself, in which ``dX`` is a name. For
    ``kind == "hessian"`` (from ``hessian``): the n×n Hessian of a scalar f of a column x
    (``0`` if f is linear in x), ``differential`` dg = H dx of the gradient g = (∂f/∂x)ᵀ, and
    ``gradient`` the derivation of ∂f/∂x it started from.
    ``steps``: (label, LaTeX) pairs, each differential checked numerically.
    ``evaluate(values)``: an ndarray of shape f.shape + X.shape (vectors 1-D, scalars 0-d);
    for a Hessian (n, n).
    """

    function: MatrixExpr
    wrt: str
    kind: str
    result: MatrixExpr
    differential: MatrixExpr | None
    steps: tuple[tuple[str, str], ...]
    rules: tuple[str, ...]
    context: Context
    gradient: Derivation | None = None

    def __repr__(self) -> str:
        return (f"Derivation(d/d{self.wrt} of {str(self.function)!r}: {self.kind} "
                f"{str(self.result)!r})")

    def _repr_markdown_(self) -> str:
        return "\n\n".join(f"**{label}**\n\n$$ {latex} $$" for label, latex in self.steps)

    def evaluate(self, values) -> np.ndarray:
        """The derivative at ``values`` (name -> array, book form; unused names ignored)."""
        ctx = self.context
        declared = self.function.declarations
        arrays = notation_values(declared, values)
        needed = {n.name for n in walk(self.function.tree) if isinstance(n, Name)} | {self.wrt}
        missing = sorted(needed - set(arrays))
        if missing:
            raise KeyError(f"evaluate needs a value for {', '.join(missing)}")
        sizes = letter_sizes(declared, arrays)
        in_shape = book_shape(ctx.wrt_shape, sizes)
        hessian = self.kind == "hessian"
        out_shape = in_shape if hessian else book_shape(self.function.typing.resolved, sizes)
        if self.kind == "zero" or (hessian and self.differential is None):
            return np.zeros(out_shape + in_shape)
        if self.kind != "differential":
            value = evaluate_expr(self.result, arrays)
            return value.reshape(out_shape + in_shape)
        x = arrays[self.wrt]
        tensor = np.empty(tuple(evaluate_expr(self.function, arrays).shape) + x.shape)
        for index in np.ndindex(*x.shape):
            direction = np.zeros_like(x)
            direction[index] = 1.0
            tensor[(Ellipsis, *index)] = evaluate_expr(self.result,
                                                       {**arrays, ctx.dname: direction})
        return tensor.reshape(out_shape + in_shape)


def _latex(node: Node, ctx: Context) -> str:
    wrt = latex_tree(Name(ctx.wrt))
    return latex_tree(node, names={ctx.dname: rf"{{\,\mathrm{{d}}{wrt}\,}}"})


def _symmetry_note(node: Node, ctx: Context) -> str:
    """What collecting may use that the reader must be told: the declared symmetric matrices in
    ``node`` (" (C is symmetric: Cᵀ = C)"), so that the step can be redone by hand."""
    symmetric = sorted(n for n in names(node) if ctx.symmetric(n))
    if not symmetric:
        return ""
    shown = [display_name(n) for n in symmetric]
    which = " and ".join(shown)
    equal = ", ".join(f"{n}ᵀ = {n}" for n in shown)
    return f" ({which} {'is' if len(shown) == 1 else 'are'} symmetric: {equal})"


def _substitute(node: Node, name: str, value: Node) -> Node:
    if isinstance(node, Name) and node.name == name:
        return value
    children = {key: _substitute(child, name, value) for key, child in vars(node).items()
                if isinstance(child, Node)}
    return replace(node, **children) if children else node


TIMES = r" \times "


def _space(shape: Shape) -> str:
    if shape == SCALAR:
        return r"\mathbb{R}"
    if shape.cols == 1:
        return rf"\mathbb{{R}}^{{{shape.rows}}}"
    size = shape_text(shape).replace("×", TIMES)
    return rf"\mathbb{{R}}^{{{size}}}"


class _Deriver:
    """The steps of one derivation. ``symbol`` names the function in them (df = ...) and
    ``matrix`` the matrix read off df = J dx; a subclass may change both, ``introduce`` (the
    first step) and ``read_off`` (the last)."""

    symbol = "f"
    matrix = "J"

    def __init__(self, text: str, wrt: str, shapes, shape: Shape | None = None):
        """``shape``: f's shape where its text may not fix it (a gradient 2 sum(x) ones)."""
        self.ctx = Context.make(shapes, wrt)
        self.function = parse(text, shapes)
        typing = self.function.typing
        if shape is not None:
            typing.unifier.unify_shapes(typing.shape, shape)
        if any(not isinstance(typing.unifier.resolve(size), int | str)
               for size in typing.identities.values()):
            raise NotExpressible("the size of I or ones in this expression cannot be inferred: "
                                 "nothing next to it fixes it (write the expression so that I "
                                 "or ones meets a declared matrix or vector)")
        self.algebra = Algebra(self.ctx)
        self.reader = Reader(self.ctx)
        self.steps: list[tuple[str, str, Node | None]] = []

    def step(self, label: str, latex: str, checked: Node | None = None) -> None:
        self.steps.append((label, latex, checked))

    @property
    def d(self) -> str:
        return rf"\mathrm{{d}}{self.symbol}"

    def introduce(self) -> None:
        f, ctx = self.function, self.ctx
        self.step("The function", rf"f = {latex_tree(f.tree)} \in {_space(f.typing.resolved)}, "
                                  rf"\quad {latex_tree(Name(ctx.wrt))} \in {_space(ctx.wrt_shape)}")

    def run(self) -> tuple:
        """(kind, result tree, its shape, the collected differential, the rules used)."""
        ctx, algebra, f = self.ctx, self.algebra, self.function
        f_shape, x_shape = f.typing.resolved, ctx.wrt_shape
        d = self.d
        self.introduce()
        raw, used = differential(f.tree, ctx)
        if raw is None:
            self.step(f"{self.symbol} does not depend on {ctx.wrt}", rf"{d} = 0")
            return "zero", None, None, None, used
        names = ", ".join(dict.fromkeys(rule_name(k) for k in used))
        self.step(f"Take the differential ({names})", rf"{d} = {_latex(raw, ctx)}", raw)
        collected = algebra.simplify(raw)
        if collected is None:
            self.step("Everything cancels", rf"{d} = 0")
            return "zero", None, None, None, used
        self.step("Expand and collect" + _symmetry_note(raw, ctx),
                  rf"{d} = {_latex(collected, ctx)}", collected)
        kind, result, target = self.read_off(raw, collected, f_shape, x_shape)
        return kind, result, target, collected if kind != "zero" else None, used

    def cancelled(self):
        self.step("Read off: everything cancels", rf"{self.d} = 0")
        return "zero", None, None

    def read_off(self, raw: Node, collected: Node, f_shape: Shape, x_shape: Shape):
        ctx, algebra, reader = self.ctx, self.algebra, self.reader
        d, x = self.d, latex_tree(Name(ctx.wrt))
        partial = rf"\frac{{\partial {self.symbol}}}{{\partial {x}}}"
        name = display_name(ctx.wrt)
        dX = Name(ctx.dname)
        if x_shape == SCALAR:
            result = algebra.tidy(_substitute(raw, ctx.dname, b.ONE))
            if result is None:
                return self.cancelled()
            form = b.times(result, dX)
            self.step("Bring it to the form df = (derivative) d" + ctx.wrt,
                      rf"{d} = {_latex(form, ctx)}", form)
            self.step("Read off the derivative (it has f's shape)",
                      rf"{partial} = {_latex(result, ctx)} \in {_space(f_shape)}")
            return "by-scalar", result, f_shape
        terms = algebra.expand(raw)
        if f_shape == SCALAR:
            w = algebra.tidy(b.total(reader.adjoint(algebra._signed(t)) for t in terms))
            if w is None:
                return self.cancelled()
            if x_shape.cols == 1:
                g = algebra.tidy(b.transpose(w))
                form = b.times(g, dX)
                self.step(f"Bring it to the form df = g d{name} (g a row)",
                          rf"{d} = {_latex(form, ctx)}", form)
                self.step(f"Read off the gradient: a 1×{dim_text(x_shape.rows)} row",
                          rf"{partial} = {_latex(g, ctx)} \in {_space(Shape(1, x_shape.rows))}"
                          rf"\quad \text{{(the Cookbook's column: its transpose)}}")
                return "gradient", g, Shape(1, x_shape.rows)
            g = algebra.simplify(b.transpose(w))
            form = Call("tr", b.times(g, dX))
            self.step(f"Bring it to the form df = tr(G d{name})",
                      rf"{d} = {_latex(form, ctx)}", form)
            self.step(f"Read off the derivative: Gᵀ, with {name}'s shape",
                      rf"{partial} = {_latex(w, ctx)} \in {_space(x_shape)}"
                      r"\quad \text{(the book's and the Cookbook's layout; } G \text{ in "
                      r"Minka's)}")
            return "matrix", w, x_shape
        if 1 in (f_shape.rows, f_shape.cols) and x_shape.cols == 1:
            row = f_shape.rows == 1
            m = f_shape.cols if row else f_shape.rows
            source = algebra.expand(b.transpose(raw) if row else raw)
            jacobian = algebra.tidy(b.total(
                reader.jacobian(algebra._signed(t), algebra.simplify) for t in source))
            if jacobian is None:
                return self.cancelled()
            form = b.times(jacobian, dX)
            lhs = rf"{d}^{{\top}}" if row else d
            self.step(f"Bring it to the form d{self.symbol} = {self.matrix} d{name}",
                      rf"{lhs} = {_latex(form, ctx)}", None if row else form)
            size = f"{dim_text(m)}×{dim_text(x_shape.rows)}"
            self.step(f"Read off the Jacobian: {size}, row i the gradient of entry i of f",
                      rf"{partial} = {_latex(jacobian, ctx)} \in {_space(Shape(m, x_shape.rows))}")
            return "jacobian", jacobian, Shape(m, x_shape.rows)
        self.step(f"The derivative is the differential itself: a linear map of d{name}",
                  rf"\mathrm{{d}}F = {_latex(collected, ctx)}")
        return "differential", collected, f_shape


def _usable(function: MatrixExpr, point) -> bool:
    """f is defined at ``point``, and every matrix it inverts (or takes det of) is
    well-conditioned there: near a singular matrix central differences mean nothing."""
    if not np.all(np.isfinite(evaluate_expr(function, point.values))):
        return False
    for node in walk(function.tree):
        inverted = (isinstance(node, Postfix) and node.op in ("-1", "-T")) or (
            isinstance(node, Call) and node.function in ("inv", "det", "logdet"))
        if inverted:
            arg = expression(node.arg, function.declarations)
            matrix = evaluate_expr(arg, point.values)
            if matrix.shape[0] > 1 and not np.linalg.cond(matrix) < MAX_CONDITION:
                return False
    return True


def check_points(ctx: Context, function: MatrixExpr) -> list:
    """Two sampled points (at two sets of sizes where there are) where f is usable."""
    points = [p for p in sample(ctx.declarations, SEED) if _usable(function, p)]
    if not points:
        raise NotDifferentiable("f is undefined at every sampled point (it inverts a singular "
                                "matrix, or takes the log of zero, say): it has no derivative "
                                "to show")
    return [points[0]] + [p for p in points if p.sizes != points[0].sizes][:1]


def check_step(label: str, tree: Node, ctx: Context, function: MatrixExpr, points) -> None:
    """Is ``tree`` (linear in dX) the differential of ``function`` at ``points``? Raises
    ``DerivationError`` if central differences disagree."""
    step = expression(tree, ctx.declarations, function.typing.resolved)
    for point in points:
        error = differential_error(step, function, ctx.wrt, ctx.dname, point)
        if not error <= TOLERANCE:
            raise DerivationError(f"step {label!r} disagrees with central differences "
                                  f"(relative error {error:.2e})")


def _check_steps(deriver: _Deriver, function: MatrixExpr) -> list:
    chosen = check_points(deriver.ctx, function)
    for label, _, tree in deriver.steps:
        if tree is not None:
            check_step(label, tree, deriver.ctx, function, chosen)
    return chosen


def _check_autodiff(derivation: Derivation, points) -> None:
    import vcbook.autodiff as ad

    declared = derivation.function.declarations
    for point in points:
        values = {}
        for variable in declared.variables:
            values[variable.name] = point.values[variable.name].reshape(
                book_shape(variable.shape, point.sizes))
        others = {k: v for k, v in values.items() if k != derivation.wrt}
        f = autodiff_function(derivation.function, derivation.wrt, others, point.sizes)
        expected = np.asarray(ad.jacobian(f)(values[derivation.wrt]))
        got = derivation.evaluate(values)
        scale = 1.0 + float(np.max(np.abs(expected), initial=0.0))
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=AD_TOLERANCE,
                                                          atol=AD_TOLERANCE * scale):
            raise DerivationError(f"the derivative {derivation.result} disagrees with automatic "
                                  f"differentiation")


@functools.lru_cache(maxsize=256)
def _derive(text: str, wrt: str, items: tuple) -> Derivation:
    shapes = dict(items)
    return checked(_Deriver(text, wrt, shapes), shapes)


def checked(deriver: _Deriver, shapes) -> Derivation:
    """Run ``deriver``; check every step by central differences and the result by AD."""
    ctx, function = deriver.ctx, deriver.function
    kind, result, target, collected, used = deriver.run()
    declarations = ctx.declarations if kind == "differential" else declare(shapes)
    result_expr = expression(result if result is not None else Number("0"), declarations, target)
    differential_expr = None if collected is None else expression(collected, ctx.declarations)
    steps = tuple((label, latex) for label, latex, _ in deriver.steps)
    derivation = Derivation(function, ctx.wrt, kind, result_expr, differential_expr, steps,
                            tuple(used), ctx)
    if kind != "zero":
        points = _check_steps(deriver, function)
        _check_autodiff(derivation, points)
    else:
        check_points(ctx, function)  # a zero derivative, but of a function defined somewhere
    return derivation


def shape_items(shapes) -> tuple:
    """``shapes`` as a hashable cache key (AuthorError if it is not a mapping of shapes)."""
    declare(shapes)
    return tuple((str(k), v if isinstance(v, str) or v is None else tuple(v))
                 for k, v in dict(shapes).items())


def derivative(expr: str, wrt: str, shapes) -> Derivation:
    """The derivative of ``expr`` (matrix notation) by ``wrt``, by the differential method.

    ``shapes`` declares the names as for ``answers.check`` (``{"x": "n", "A": "n×n"}``).
    Raises ``InvalidAnswer`` for text that cannot be read, ``NotExpressible`` for a derivative
    matrix notation cannot write, ``DerivationError`` if a check fails (never shown silently).
    """
    return _derive(str(expr), str(wrt), shape_items(shapes))
