"""Guards on constants: division by zero, and numbers that are undefined, complex or too large.

Run by ``reader.read`` on every tree before shapes are inferred: a constant part of an answer
(no names, no ``I`` or ``ones``) is evaluated once, children before parents, so the innermost
offending part is named ("log(0) is undefined", "1/0 divides by zero", "sqrt(-4) is not a
real number"). A constant zero divisor is refused even under a name: ``x / 0`` and ``x ./ (1 - 1)``.
Exponents are bounded earlier, while parsing, so no huge power is ever computed.
"""

from __future__ import annotations

import numpy as np

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix import render
from vcbook.answers.matrix.evaluate import evaluate
from vcbook.answers.matrix.tree import (
    DIVISION_OPS,
    Binary,
    Call,
    Name,
    Node,
    Postfix,
    Power,
    Sized,
    postorder,
)
from vcbook.answers.normalise import Normalised

REAL_ONLY = "is not a real number: this exercise uses real numbers only"


def _zero_divisor(node: Node, values: dict[int, float]) -> bool:
    """A quotient (/ or ⊘) whose divisor is constant and zero."""
    return isinstance(node, Binary) and node.op in DIVISION_OPS and \
        values.get(id(node.right)) == 0


def _constant_problem(node: Node, value: float, values: dict[int, float]) -> tuple[str, str]:
    """(code, what) for a constant whose value is not finite (its parts all are)."""
    if _zero_divisor(node, values):
        return "divide-by-zero", "divides by zero"
    if isinstance(node, Call) and node.function in ("log", "sqrt", "logdet"):
        return ("complex", REAL_ONLY) if values[id(node.arg)] < 0 and node.function != "logdet" \
            else ("undefined", "is undefined")
    if isinstance(node, Power | Postfix | Call) and node.children():
        base = values[id(node.children()[0])]
        if base == 0:
            return "divide-by-zero", "divides by zero"
        if base < 0 and np.isnan(value):
            return "complex", REAL_ONLY
    if np.isinf(value):
        return "number-too-large", "is too large a number to check"
    return "undefined", "is undefined"


def guard_constants(tree: Node, norm: Normalised) -> None:
    """Refuse division by zero and constants that are undefined, complex or too large; the
    innermost offending part is named (children are visited before their parents)."""
    values: dict[int, float] = {}
    for node in postorder(tree):
        children = node.children()
        if isinstance(node, Name | Sized) or any(id(c) not in values for c in children):
            if _zero_divisor(node, values):
                found = ("divide-by-zero", "divides by zero")
            else:
                continue
        else:
            value = float(evaluate(node, {}, {})[0, 0])
            if np.isfinite(value):
                values[id(node)] = value
                continue
            found = _constant_problem(node, value, values)
        code, what = found
        column = norm.column(node.span[0]) if node.span else None
        shown = norm.typed_span(*node.span).strip() if node.span else render.pretty(node)
        raise InvalidAnswer(f"{shown} {what} (column {column}).", code=code, column=column)
