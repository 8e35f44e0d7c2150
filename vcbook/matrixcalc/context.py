"""What a derivation knows about its names: the declarations (with the differential ``dX``
added), the variable ``wrt``, and the shape of any subtree.

Shapes come from the matrix-notation shape inference (``answers.matrix.infer``); they are 2-D
(a column vector is n×1, a scalar 1×1) and cached per tree. ``I`` and ``ones`` get their sizes
from their neighbours; a lone one has a free size until the result is fitted to its target
shape.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from vcbook.answers.matrix.declare import Declarations, declare
from vcbook.answers.matrix.infer import infer
from vcbook.answers.matrix.shapes import SCALAR, Shape
from vcbook.answers.matrix.tree import Name, Node, Sized, walk


class NotExpressible(ValueError):
    """The derivation needs something matrix notation cannot write (a matrix power above 6,
    an I or ones whose size nothing fixes)."""


class NotDifferentiable(NotExpressible):
    """f has no derivative to show: it is undefined wherever it is sampled, or the derivative
    divides by (or inverts) something that is zero."""


def shape_declaration(shape: Shape) -> str:
    """A ``Shape`` as a declaration string: ``"scalar"``, ``"n"`` (a column) or ``"m×n"``."""
    if shape == SCALAR:
        return "scalar"
    if shape.cols == 1:
        return str(shape.rows)
    return f"{shape.rows}×{shape.cols}"


def renumbered(node: Node) -> Node:
    """A copy in which every ``I`` and ``ones`` has its own index (so each may take its own
    size)."""
    counter = iter(range(10**6))

    def visit(current: Node) -> Node:
        if isinstance(current, Sized):
            return type(current)(next(counter))
        children = {name: visit(value) for name, value in vars(current).items()
                    if isinstance(value, Node)}
        return replace(current, **children) if children else current

    return visit(node)


@functools.lru_cache(maxsize=8192)
def _shape(node: Node, declarations: Declarations) -> Shape:
    typing = infer(renumbered(node), declarations)
    return typing.resolved


@dataclass(frozen=True)
class Context:
    """``declarations`` include ``dname`` (the differential of ``wrt``, declared with its shape)."""

    declarations: Declarations
    wrt: str
    dname: str

    @classmethod
    def make(cls, shapes, wrt: str) -> Context:
        base = declare(shapes)
        if wrt not in base.by_name:
            raise ValueError(f"{wrt!r} is not one of the declared names {list(base.names)}")
        dname = "d" + wrt
        if dname in base.by_name:
            raise ValueError(f"the name {dname!r} is kept for the differential of {wrt}")
        items = dict(shapes)
        items[dname] = shape_declaration(base.by_name[wrt].shape)
        return cls(declare(items), wrt, dname)

    @property
    def wrt_shape(self) -> Shape:
        return self.declarations.by_name[self.wrt].shape

    def shape(self, node: Node) -> Shape:
        return _shape(node, self.declarations)

    def is_scalar(self, node: Node) -> bool:
        return self.shape(node) == SCALAR

    def symmetric(self, name: str) -> bool:
        """Declared symmetric (or spd): its transpose is itself."""
        variable = self.declarations.by_name.get(name)
        return variable is not None and variable.structure != "general"

    def has_d(self, node: Node) -> bool:
        """Does ``node`` contain the differential ``dX``?"""
        return any(isinstance(n, Name) and n.name == self.dname for n in walk(node))

    def has_wrt(self, node: Node) -> bool:
        return any(isinstance(n, Name) and n.name == self.wrt for n in walk(node))
