"""Syntax trees of matrix notation: small immutable nodes, equal when their structure is.

Every node carries ``span``, the (start, end) of the normalised text it was read from (None for
nodes built by the checker); spans never take part in equality. Shapes are not stored in the
tree: ``infer`` computes them for a set of declarations.

    Name("x")                       a declared scalar, vector or matrix
    Identity(k), Ones(k)            I and ones (𝟙, the all-ones column): the k-th typed of
                                    either (one numbering), each sized by inference
    Number("0.5"), Constant("pi")   scalars
    Negate(a)                       -a
    Binary(op, a, b)                op in + - * / ⊙ ⊘   (* is the matrix product, or a scalar
                                    times; ⊙ and ⊘ multiply and divide entry by entry)
    Postfix(op, a)                  op in T, -1, -T   (transpose, inverse, inverse transpose)
    Power(a, k)                     a^k: a scalar's power, or an integer power of a square matrix
    Call(f, a)                      f(a), f one of vocabulary.FUNCTIONS
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction

SUM_OPS = ("+", "-")
PRODUCT_OPS = ("*", "/", "⊙", "⊘")
DIVISION_OPS = ("/", "⊘")  # only the numerator is distributed; a zero denominator is refused
POSTFIX_OPS = ("T", "-1", "-T")


@dataclass(frozen=True)
class Node:
    span: tuple[int, int] | None = field(default=None, compare=False, repr=False, kw_only=True)

    def children(self) -> tuple[Node, ...]:
        return tuple(getattr(self, f.name) for f in fields(self)
                     if isinstance(getattr(self, f.name), Node))


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Sized(Node):
    """An atom whose size is inferred from its neighbours, numbered by ``index`` in a tree."""

    index: int = 0


@dataclass(frozen=True)
class Identity(Sized):
    """I, the identity matrix (n×n)."""


@dataclass(frozen=True)
class Ones(Sized):
    """ones (𝟙), the all-ones column (n×1)."""


@dataclass(frozen=True)
class Number(Node):
    text: str  # digits as typed, such as "2" or "0.5"

    @property
    def value(self) -> float:
        return float(Fraction(self.text))


@dataclass(frozen=True)
class Constant(Node):
    name: str


@dataclass(frozen=True)
class Negate(Node):
    arg: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Postfix(Node):
    op: str
    arg: Node


@dataclass(frozen=True)
class Power(Node):
    base: Node
    exponent: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    arg: Node
    written: str = field(default="", compare=False)  # "bars" for |a|, "norm-bars" for ‖a‖


def walk(node: Node) -> Iterator[Node]:
    """Every node, parents before children (iterative: no recursion limit)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def postorder(node: Node) -> list[Node]:
    """Every node, children before their parents (iterative)."""
    order = list(walk(node))
    order.reverse()
    return order


def depth(node: Node) -> int:
    """The number of nodes on the longest path from ``node`` down (iterative)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in current.children())
    return deepest


def names(node: Node) -> frozenset[str]:
    """The declared names a tree uses."""
    return frozenset(n.name for n in walk(node) if isinstance(n, Name))


def is_constant(node: Node) -> bool:
    """No declared name, no I and no ones: a number, whatever the sample."""
    return not any(isinstance(n, Name | Sized) for n in walk(node))


def identities(node: Node) -> list[Identity]:
    return [n for n in walk(node) if isinstance(n, Identity)]


def unspanned(node: Node) -> Node:
    """A copy without spans (for nodes that will be combined into new trees)."""
    return replace(node, span=None)


MAX_TERMS = 8


def _negated(terms):
    return [(-sign, term) for sign, term in terms]


def _products(op: str, left, right):
    if len(left) * len(right) > MAX_TERMS:
        return None
    return [(sa * sb, Binary(op, a, b)) for sa, a in left for sb, b in right]


def terms(node: Node) -> list[tuple[int, Node]] | None:
    """``node`` as a sum of signed terms, products distributed over sums (at most MAX_TERMS):
    x^T (A + A^T) -> [(1, x^T A), (1, x^T A^T)]; a quotient only over its numerator's sum,
    (a + b) ⊘ c -> a ⊘ c + b ⊘ c. None if there would be more."""
    found: list[tuple[int, Node]] | None
    if isinstance(node, Binary) and node.op in SUM_OPS:
        left, right = terms(node.left), terms(node.right)
        if left is None or right is None:
            return None
        found = left + (right if node.op == "+" else _negated(right))
    elif isinstance(node, Negate):
        inner = terms(node.arg)
        found = None if inner is None else _negated(inner)
    elif isinstance(node, Binary) and node.op in ("*", "⊙"):
        left, right = terms(node.left), terms(node.right)
        found = None if left is None or right is None else _products(node.op, left, right)
    elif isinstance(node, Binary) and node.op in DIVISION_OPS:
        left = terms(node.left)
        found = None if left is None else [(s, Binary(node.op, t, node.right)) for s, t in left]
    elif isinstance(node, Postfix) and node.op == "T":
        inner = terms(node.arg)
        found = None if inner is None else [(s, Postfix("T", t)) for s, t in inner]
    else:
        found = [(1, node)]
    return found if found is None or len(found) <= MAX_TERMS else None


def signed(sign: int, node: Node) -> Node:
    return node if sign > 0 else Negate(node)
