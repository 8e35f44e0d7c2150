"""Print answers back: ``to_text`` in the student input language, ``latex`` for the echo.

``parse(to_text(obj), variables)`` reads back an object equal to ``obj`` for anything the input
language can express; ``to_text`` raises ``ValueError`` for what it cannot (``I``, ``oo``,
functions outside the language).
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from sympy.printing.str import StrPrinter

from vcbook.answers.spec import canonical_name
from vcbook.answers.vocabulary import FUNCTIONS, TYPED_SPELLINGS

_SYMPY_TO_LANGUAGE = {"Abs": "abs", "Max": "max", "Min": "min"}


class _AnswerPrinter(StrPrinter):
    """SymPy's str printer, restricted to the answer language (``e``, ``abs``, no ``I``)."""

    def _print_Exp1(self, expr):
        return "e"

    def _print_Symbol(self, expr):
        name = canonical_name(expr.name)
        return TYPED_SPELLINGS.get(name, name)

    def _print_Float(self, expr):
        return str(sympy.Rational(str(expr)))

    def _print_Function(self, expr):
        name = _SYMPY_TO_LANGUAGE.get(type(expr).__name__, type(expr).__name__)
        if name not in FUNCTIONS:
            raise ValueError(f"{name} cannot be written in the answer language")
        return f"{name}({self.stringify(expr.args, ', ')})"

    _print_Abs = _print_Max = _print_Min = _print_Function

    def _unsupported(self, expr):
        raise ValueError(f"{expr} cannot be written in the answer language")

    _print_ImaginaryUnit = _print_Infinity = _print_NegativeInfinity = _unsupported
    _print_ComplexInfinity = _print_NaN = _unsupported


_PRINTER = _AnswerPrinter({"order": None})


def to_text(obj) -> str:
    """``obj`` (expression, Matrix, list, 1-D/2-D Array, or shape tuple) in the input language.

    A 1-D list or Array prints as a row, like ``check`` reads it. A matrix-notation answer
    (``MatrixExpr``) prints in that notation.
    """
    if callable(getattr(obj, "to_text", None)):  # a matrix-notation answer (MatrixExpr)
        return obj.to_text()
    if isinstance(obj, tuple) and all(isinstance(n, int) for n in obj):
        return "(" + ", ".join(map(str, obj)) + (",)" if len(obj) == 1 else ")")
    if isinstance(obj, sympy.NDimArray):
        obj = obj.tolist()
    if isinstance(obj, list):
        rows = obj if obj and all(isinstance(row, list) for row in obj) else [obj]
        return "[" + "; ".join(", ".join(map(to_text, row)) for row in rows) + "]"
    if isinstance(obj, sympy.MatrixBase):
        return to_text(obj.tolist())
    if isinstance(obj, str) or not isinstance(obj, sympy.Basic | int | Fraction):
        raise TypeError(f"to_text takes a SymPy object, a list or a shape, not {type(obj)}")
    if not isinstance(obj, sympy.Basic):
        obj = sympy.Rational(obj)
    return _PRINTER.doprint(obj)


def latex(obj) -> str:
    """LaTeX for an answer (a shape tuple prints as ``2 \\times 3``)."""
    if isinstance(obj, tuple) and all(isinstance(n, int) for n in obj):
        return r" \times ".join(map(str, obj)) if len(obj) > 1 else f"({', '.join(map(str, obj))},)"
    return sympy.latex(obj)
