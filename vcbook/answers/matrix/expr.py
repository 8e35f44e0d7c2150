"""``MatrixExpr``, a parsed matrix-notation answer, and ``parse``.

``read_expr`` reads typed text (``reader.read``) and infers its shapes (``infer``): what
``parse`` returns and ``check`` grades. ``evaluate_expr`` evaluates one at given values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.limits import LIMITS, Limits
from vcbook.answers.matrix import render
from vcbook.answers.matrix.declare import Declarations, declare
from vcbook.answers.matrix.evaluate import evaluate
from vcbook.answers.matrix.infer import Typing, infer
from vcbook.answers.matrix.reader import read
from vcbook.answers.matrix.shapes import shape_text, shape_words
from vcbook.answers.matrix.tree import Node
from vcbook.answers.spec import canonical_name


@dataclass(frozen=True, eq=False)
class MatrixExpr:
    """A parsed matrix-notation answer: its tree, declarations and inferred shape.

    Two are equal when their trees and declarations are. ``str`` gives the input language,
    ``_latex`` the LaTeX (so ``sympy.latex(expr)`` and ``Verdict.latex`` work); ``shape`` is
    (rows, cols) with size letters, e.g. ("1", "n"); ``evaluate(values)`` an ndarray.
    """

    tree: Node
    declarations: Declarations
    typing: Typing
    readings: tuple[str, ...] = ()

    def __eq__(self, other) -> bool:
        return isinstance(other, MatrixExpr) and (self.tree, self.declarations) == \
            (other.tree, other.declarations)

    def __hash__(self) -> int:
        return hash((self.tree, self.declarations))

    @property
    def shape(self) -> tuple[int | str, int | str]:
        """(rows, cols): numbers or size letters, e.g. (1, "n"); "?" for a size not fixed."""
        resolved = self.typing.resolved
        return tuple(d if isinstance(d, int | str) else "?" for d in (resolved.rows,
                                                                      resolved.cols))

    def describe_shape(self) -> str:
        """'a 1×n row vector', 'an n×n matrix', 'a scalar (1×1)'."""
        return shape_words(self.typing.resolved)

    def __str__(self) -> str:
        return render.text(self.tree)

    def to_text(self) -> str:
        """The input language (what ``vcbook.answers.to_text`` prints; it reads back)."""
        return render.text(self.tree)

    def __repr__(self) -> str:
        return f"MatrixExpr({render.text(self.tree)!r}, shape {shape_text(self.typing.resolved)})"

    def _latex(self, printer=None) -> str:
        return render.latex_tree(self.tree)

    def _repr_latex_(self) -> str:
        return f"${self._latex()}$"


def read_expr(text, declarations: Declarations, limits: Limits = LIMITS) -> MatrixExpr:
    """Read and infer shapes: a ``MatrixExpr``, or InvalidAnswer (with how names were read)."""
    reading = read(text, declarations, limits)
    try:
        typing = infer(reading.tree, declarations, norm=reading.norm)
    except InvalidAnswer as exc:
        if not reading.readings:
            raise
        raise InvalidAnswer(" ".join([exc.message, *reading.readings]), code=exc.code,
                            column=exc.column) from None
    return MatrixExpr(reading.tree, declarations, typing, reading.readings)


def parse(text, variables, limits: Limits = LIMITS) -> MatrixExpr:
    """Read ``text`` in matrix notation, with ``variables`` declaring shapes (see ``declare``).

    Returns a ``MatrixExpr``; raises ``InvalidAnswer`` (a ValueError) with a student message
    and column for anything unreadable or undefined (shapes that do not fit), and
    ``AuthorError`` for declarations that cannot be read.
    """
    return read_expr(text, declare(variables), limits)


def evaluate_expr(expr: MatrixExpr, values, sizes=None) -> np.ndarray:
    """``expr`` at given values of its names (arrays; vectors may be 1-D), sizes of I and ones
    inferred from them. Returns a 2-D array (a scalar is 1×1). Names are matched as declared or
    spelled (``"lambda"``, ``"λ"`` and ``"lamda"`` alike)."""
    env = {}
    for name, value in values.items():
        array = np.asarray(value, dtype=float)
        env[canonical_name(name)] = array.reshape(-1, 1) if array.ndim == 1 else array.reshape(
            (1, 1) if array.ndim == 0 else array.shape)
    letters: dict[str, int] = {}
    for variable in expr.declarations.variables:
        if variable.name in env:
            for dim, size in zip((variable.shape.rows, variable.shape.cols),
                                 env[variable.name].shape, strict=True):
                if isinstance(dim, str):
                    letters[dim] = size
    unifier = expr.typing.unifier
    sizes = dict(sizes or {})
    for index, free in expr.typing.identities.items():
        dim = unifier.resolve(free)
        sizes.setdefault(index, dim if isinstance(dim, int) else letters.get(dim, 1))
    return evaluate(expr.tree, env, sizes)
