"""Small constructors of matrix-notation trees that treat ``None`` as zero.

A differential that vanishes (the differential of a constant) is ``None``; these builders keep
it out of the trees: ``plus(None, b)`` is ``b``, ``times(a, None)`` is ``None``.
"""

from __future__ import annotations

from fractions import Fraction

from vcbook.answers.matrix.shapes import Shape
from vcbook.answers.matrix.tree import (
    Binary,
    Call,
    Identity,
    Negate,
    Node,
    Number,
    Ones,
    Postfix,
    Power,
)


def number(value: Fraction | int) -> Node:
    """A (non-negative) number as typed: ``2``, ``0.5``; other fractions as ``p/q``."""
    value = Fraction(value)
    if value < 0:
        return Negate(number(-value))
    if value.denominator == 1:
        return Number(str(value.numerator))
    decimal = _terminating(value)
    if decimal is not None:
        return Number(decimal)
    return Binary("/", Number(str(value.numerator)), Number(str(value.denominator)))


def _terminating(value: Fraction) -> str | None:
    """``0.5`` for 1/2, ``0.25`` for 1/4; None when more than three decimals would be needed."""
    for places in (1, 2, 3):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole, part = divmod(scaled.numerator, 10**places)
            return f"{whole}.{part:0{places}d}".rstrip("0")
    return None


ONE = Number("1")
IDENTITY = Identity(0)
ONES = Ones(0)  # each is numbered apart before shapes are inferred (``context.renumbered``)


def all_ones(shape: Shape) -> Node:
    """The array of ones of ``shape``: 1, the column ones, the row onesᵀ or ones onesᵀ."""
    if shape.rows == 1 and shape.cols == 1:
        return ONE
    if shape.cols == 1:
        return ONES
    if shape.rows == 1:
        return Postfix("T", ONES)
    return Binary("*", ONES, Postfix("T", ONES))


def plus(a: Node | None, b: Node | None) -> Node | None:
    if a is None:
        return b
    return a if b is None else Binary("+", a, b)


def minus(a: Node | None, b: Node | None) -> Node | None:
    if b is None:
        return a
    return negate(b) if a is None else Binary("-", a, b)


def negate(a: Node | None) -> Node | None:
    return None if a is None else Negate(a)


def times(*factors: Node | None) -> Node | None:
    """The product left to right; None if any factor is zero."""
    if any(f is None for f in factors):
        return None
    result = factors[0]
    for factor in factors[1:]:
        result = Binary("*", result, factor)
    return result


def hadamard(a: Node | None, b: Node | None) -> Node | None:
    return None if a is None or b is None else Binary("⊙", a, b)


def quotient(a: Node | None, b: Node) -> Node | None:
    """``a ⊘ b``, entry by entry."""
    return None if a is None else Binary("⊘", a, b)


def over(a: Node | None, s: Node) -> Node | None:
    """``a / s``, s a scalar."""
    return None if a is None else Binary("/", a, s)


def transpose(a: Node | None) -> Node | None:
    return None if a is None else Postfix("T", a)


def inverse(a: Node) -> Node:
    return Postfix("-1", a)


def call(function: str, a: Node | None) -> Node | None:
    return None if a is None else Call(function, a)


def power(a: Node, k: Fraction | int) -> Node:
    return Power(a, number(k))


def total(parts) -> Node | None:
    """The sum of ``parts`` (None for zero parts)."""
    result = None
    for part in parts:
        result = plus(result, part)
    return result
