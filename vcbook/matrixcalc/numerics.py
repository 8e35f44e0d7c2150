"""Numbers for a derivation: evaluating trees, checking differentials by central differences,
and the same function written with ``vcbook.autodiff`` primitives (for the AD check).

Values come in two forms. *Notation form*: every value 2-D (a column n×1, a scalar 1×1), as
``answers.matrix`` evaluates. *Book form*: vectors 1-D, scalars 0-d, matrices 2-D, as the rest
of vcbook (and ``Derivation.evaluate``) uses.
"""

from __future__ import annotations

import numpy as np

from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.expr import MatrixExpr, evaluate_expr
from vcbook.answers.matrix.infer import infer
from vcbook.answers.matrix.sample import Point
from vcbook.answers.matrix.shapes import Shape
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
from vcbook.answers.matrix.vocabulary import CONSTANTS
from vcbook.matrixcalc.context import renumbered

FD_STEP = 1e-6
TOLERANCE = 1e-5


def expression(tree: Node, declarations: Declarations, target: Shape | None = None) -> MatrixExpr:
    """A tree as a ``MatrixExpr`` (each I and ones numbered apart); ``target`` fixes the size
    of a lone I or ones."""
    tree = renumbered(tree)
    typing = infer(tree, declarations)
    if target is not None and not typing.unifier.unify_shapes(typing.shape, target):
        raise AssertionError(f"the result's shape does not fit {target}")
    return MatrixExpr(tree, declarations, typing)


def book_shape(shape: Shape, sizes) -> tuple[int, ...]:
    """(m, n) for a matrix, (n,) for a vector, () for a scalar; sizes: letter -> int."""
    dims = [d if isinstance(d, int) else sizes[d] for d in (shape.rows, shape.cols)]
    if shape.rows == 1 and shape.cols == 1:
        return ()
    if shape.rows == 1 or shape.cols == 1:
        return (dims[1] if shape.rows == 1 else dims[0],)
    return tuple(dims)


def notation_values(declarations: Declarations, values) -> dict[str, np.ndarray]:
    """Book-form values -> 2-D arrays shaped as declared (names not declared are dropped)."""
    out = {}
    for variable in declarations.variables:
        if variable.name not in values:
            continue
        array = np.asarray(values[variable.name], dtype=float)
        if variable.shape.rows == 1 and variable.shape.cols != 1:
            out[variable.name] = array.reshape(1, -1)
        elif array.ndim < 2:
            out[variable.name] = array.reshape(-1, 1)
        else:
            out[variable.name] = array
    return out


def letter_sizes(declarations: Declarations, values: dict[str, np.ndarray]) -> dict[str, int]:
    sizes = {}
    for variable in declarations.variables:
        if variable.name in values:
            for dim, size in zip((variable.shape.rows, variable.shape.cols),
                                 values[variable.name].shape, strict=True):
                if isinstance(dim, str):
                    sizes[dim] = size
    return sizes


def differential_error(step: MatrixExpr, function: MatrixExpr, wrt: str, dname: str,
                       point: Point) -> float:
    """The largest difference between a step's differential and a central difference of f
    along dX at ``point``, relative to the size of the central difference."""
    values = dict(point.values)
    x, dx = values[wrt], values[dname]
    h = FD_STEP * max(1.0, float(np.abs(x).max()))
    plus = evaluate_expr(function, {**values, wrt: x + h * dx})
    minus = evaluate_expr(function, {**values, wrt: x - h * dx})
    central = (plus - minus) / (2 * h)
    claimed = evaluate_expr(step, values)
    return float(np.max(np.abs(claimed - central)) / (1.0 + np.max(np.abs(central))))


# -- the function with autodiff primitives (book form) ----------------------------------------

def autodiff_function(expr: MatrixExpr, wrt: str, values: dict, sizes: dict[str, int]):
    """``expr`` as a function of ``wrt`` (book form) built from ``vcbook.autodiff`` primitives;
    the other names take ``values`` (book form)."""
    import vcbook.autodiff as ad

    typing = expr.typing

    def kind(node: Node) -> str:
        shape = typing.shape_of(node)
        if shape.rows == 1 and shape.cols == 1:
            return "scalar"
        return "vector" if 1 in (shape.rows, shape.cols) else "matrix"

    def size(node: Node) -> int:
        dim = typing.shape_of(node).rows
        return dim if isinstance(dim, int) else sizes.get(dim, 3)

    def product(node: Binary, a, c):
        left, right = kind(node.left), kind(node.right)
        if "scalar" in (left, right):
            return ad.multiply(a, c)
        if left == right == "vector" and typing.shape_of(node.left).cols == 1:
            return ad.outer(a, c)
        return ad.matmul(a, c)

    def transpose(node: Node, a):
        return ad.transpose(a) if kind(node) == "matrix" else a

    def inverse(node: Node, a):
        return ad.inv(a) if kind(node) == "matrix" else ad.divide(1.0, a)

    def value(node: Node, env):
        if isinstance(node, Name):
            return env[node.name]
        if isinstance(node, Number):
            return node.value
        if isinstance(node, Constant):
            return CONSTANTS[node.name]
        if isinstance(node, Identity):
            return np.eye(size(node))
        if isinstance(node, Ones):
            return np.ones(size(node))
        if isinstance(node, Negate):
            return ad.negative(value(node.arg, env))
        if isinstance(node, Binary):
            a, c = value(node.left, env), value(node.right, env)
            if node.op == "*":
                return product(node, a, c)
            return {"+": ad.add, "-": ad.subtract, "⊙": ad.multiply, "⊘": ad.divide,
                    "/": ad.divide}[node.op](a, c)
        if isinstance(node, Postfix):
            a = value(node.arg, env)
            if node.op == "T":
                return transpose(node.arg, a)
            inv = inverse(node.arg, a)
            return inv if node.op == "-1" else transpose(node.arg, inv)
        if isinstance(node, Power):
            a, k = value(node.base, env), value(node.exponent, env)
            if kind(node.base) == "scalar":
                return ad.power(a, k)
            k = int(round(float(np.asarray(k))))
            base = inverse(node.base, a) if k < 0 else a
            result = np.eye(size(node.base))
            for _ in range(abs(k)):
                result = ad.matmul(result, base)
            return result
        if isinstance(node, Call):
            return call(node, value(node.arg, env))
        raise TypeError(f"not a matrix-notation node: {node!r}")

    def call(node: Call, a):
        function, scalar = node.function, kind(node.arg) == "scalar"
        if function in ("tr", "det", "diag", "sum") and scalar:
            return a
        if function == "abs" or (function == "norm" and scalar):
            return ad.sqrt(ad.multiply(a, a))
        if function == "logdet" and scalar:
            return ad.log(ad.sqrt(ad.multiply(a, a)))
        if function == "inv":
            return inverse(node.arg, a)
        if function == "softmax":
            return ad.exp(ad.subtract(a, ad.logsumexp(a)))
        name = {"tr": "trace"}.get(function, function)
        return getattr(ad, name)(a)

    def f(x):
        return value(expr.tree, {**values, wrt: x})

    return f
