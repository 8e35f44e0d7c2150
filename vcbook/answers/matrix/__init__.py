"""Answers typed in matrix notation: ``x^T (A + A^T)``, checked, with shape diagnoses.

An exercise switches to matrix notation by declaring shapes in ``variables``
(``{"x": "n", "A": "n×n", "c": (0.5, 2)}``, see ``declare``). The pipeline, one module each:

    declare (shapes) -> tokens (normalise, lex, names) -> reader (tree, guards) -> infer
    (shapes, unified) -> compare (seeded NumPy evaluation) -> diagnose (table) -> Verdict

``parse(text, variables)`` returns a ``MatrixExpr`` (raises ``InvalidAnswer``);
``check(text, expected, variables)`` returns a ``Verdict`` and never raises; ``to_text`` and
``latex`` print a ``MatrixExpr``. Student text is only ever read by the parser here: it never
reaches eval, exec, sympify, parse_expr or lambdify.
"""

from __future__ import annotations

from vcbook.answers.matrix import render
from vcbook.answers.matrix.checker import check
from vcbook.answers.matrix.declare import declare, declares_shapes, scalar_intervals
from vcbook.answers.matrix.expr import MatrixExpr, evaluate_expr, parse


def to_text(expr: MatrixExpr) -> str:
    """``expr`` in the input language; ``parse(to_text(e), variables) == e``."""
    return render.text(expr.tree)


def latex(expr: MatrixExpr) -> str:
    """LaTeX of ``expr`` for the echo: ``x^{\\top} \\left(A + A^{\\top}\\right)``."""
    return render.latex_tree(expr.tree)


def pretty(expr: MatrixExpr) -> str:
    """``expr`` in unicode, as messages show it: ``xᵀ (A + Aᵀ)``."""
    return render.pretty(expr.tree)


__all__ = ["MatrixExpr", "check", "declare", "declares_shapes", "evaluate_expr", "latex",
           "parse", "pretty", "scalar_intervals", "to_text"]
