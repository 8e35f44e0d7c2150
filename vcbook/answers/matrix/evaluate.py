"""NumPy evaluation of matrix-notation trees (float64).

Every value is a 2-D array: an m×n matrix is (m, n), a vector n×1 is (n, 1), a scalar 1×1 is
(1, 1), so a scalar broadcasts over an array in + - ⊙ ⊘ / and multiplies anything in ``*``
(``⊘`` is ``np.divide`` entry by entry: ``1 ⊘ x`` is the reciprocals).
``compile_tree`` turns a tree into nested closures once (cached); evaluating it takes the
values of the declared names and the size of each ``I`` and ``ones`` (by its index).
Undefined results (log of a negative entry, a singular inverse, a zero divisor) are NaN or inf,
never an exception.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import numpy as np

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
    is_constant,
)
from vcbook.answers.matrix.vocabulary import CONSTANTS, FUNCTIONS

Env = Mapping[str, np.ndarray]
Sizes = Mapping[int, int]  # the index of an I or a ones -> its size
Compiled = Callable[[Env, Sizes], np.ndarray]


def _scalar(value: float) -> np.ndarray:
    return np.array([[value]], dtype=float)


def product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The matrix product, or a scalar (1×1) times anything."""
    if a.shape == (1, 1) or b.shape == (1, 1):
        return a * b
    return a @ b


def inverse(a: np.ndarray) -> np.ndarray:
    return FUNCTIONS["inv"].numpy(a)


def power(base: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """A scalar's real power (NaN where undefined), or an integer power of a square matrix."""
    k = float(exponent[0, 0])
    if base.shape == (1, 1):
        return np.power(base, k)
    if not k.is_integer():
        return np.full(base.shape, np.nan)
    if k < 0:
        return np.linalg.matrix_power(inverse(base), -int(k))
    return np.linalg.matrix_power(base, int(k))


BINARY: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "+": np.add, "-": np.subtract, "*": product, "/": np.divide, "⊙": np.multiply,
    "⊘": np.divide,
}
POSTFIX: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "T": lambda a: a.T, "-1": inverse, "-T": lambda a: inverse(a).T,
}


def _compile(node: Node) -> Compiled:
    if isinstance(node, Name):
        name = node.name
        return lambda env, sizes: env[name]
    if isinstance(node, Identity):
        index = node.index
        return lambda env, sizes: np.eye(sizes[index])
    if isinstance(node, Ones):
        index = node.index
        return lambda env, sizes: np.ones((sizes[index], 1))
    if isinstance(node, Number | Constant):
        value = _scalar(node.value if isinstance(node, Number) else CONSTANTS[node.name])
        return lambda env, sizes: value
    if isinstance(node, Negate):
        arg = _compile(node.arg)
        return lambda env, sizes: -arg(env, sizes)
    if isinstance(node, Binary):
        left, right, op = _compile(node.left), _compile(node.right), BINARY[node.op]
        return lambda env, sizes: op(left(env, sizes), right(env, sizes))
    if isinstance(node, Postfix):
        arg, op = _compile(node.arg), POSTFIX[node.op]
        return lambda env, sizes: op(arg(env, sizes))
    if isinstance(node, Power):
        base, exponent = _compile(node.base), _compile(node.exponent)
        return lambda env, sizes: power(base(env, sizes), exponent(env, sizes))
    if isinstance(node, Call):
        arg, function = _compile(node.arg), FUNCTIONS[node.function].numpy
        return lambda env, sizes: function(arg(env, sizes))
    raise TypeError(f"not a matrix-notation node: {node!r}")


@functools.lru_cache(maxsize=1024)
def compile_tree(node: Node) -> Compiled:
    """``node`` as a function of (values of the names, sizes of the I's and ones), cached."""
    return _compile(node)


def evaluate(node: Node, env: Env, sizes: Sizes) -> np.ndarray:
    """The value of ``node``: a 2-D float array (NaN/inf where undefined, no warnings)."""
    with np.errstate(all="ignore"):
        return np.asarray(compile_tree(node)(env, sizes), dtype=float)


def constant_value(node: Node) -> float | None:
    """The value of a tree with no names, no I and no ones (a scalar), else None."""
    if not is_constant(node):
        return None
    return float(evaluate(node, {}, {})[0, 0])
