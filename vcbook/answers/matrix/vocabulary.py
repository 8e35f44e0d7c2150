"""Matrix notation as data: its functions (shape rule, NumPy evaluation, LaTeX) and names.

To add a function, add one line to ``FUNCTIONS``: the name students type, its shape rule (one
of ``SHAPE_RULES``), a NumPy function from a 2-D array to a 2-D array (a scalar is 1×1), its
LaTeX template and what it is called in messages. Other spellings go in ``ALIASES``. The reader,
the shape inference, the evaluator and both printers read these tables; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# Shape rules: how a function's result shape follows from its argument's.
#   elementwise: same shape;  square-to-scalar: n×n -> 1×1;  to-scalar: any -> 1×1;
#   square: n×n -> n×n (the inverse);  diag: n×1 or 1×n -> n×n, n×n -> n×1 (its diagonal).
SHAPE_RULES = ("elementwise", "square-to-scalar", "to-scalar", "square", "diag", "column")


def _scalar(value) -> np.ndarray:
    return np.array([[value]], dtype=float)


def _logdet(a: np.ndarray) -> np.ndarray:
    sign, logabs = np.linalg.slogdet(a)
    return _scalar(logabs if sign != 0 else np.nan)


MAX_CONDITION = 1e10  # worse conditioned is singular here: its inverse would be rounding noise


def _inverse(a: np.ndarray) -> np.ndarray:
    """The inverse; NaN (undefined) for a matrix singular to working precision, such as XᵀX
    with X wide, so that noise of size 1e16 is never compared as a value."""
    with np.errstate(all="ignore"):
        singular = not (np.all(np.isfinite(a)) and np.linalg.cond(a) < MAX_CONDITION)
    if singular:
        return np.full(a.shape, np.nan)
    return np.linalg.inv(a)


def _diag(a: np.ndarray) -> np.ndarray:
    """A vector (column or row) -> the diagonal matrix; a square matrix -> its diagonal, as a
    column. (A 1×1 is both, and the same either way.)"""
    if 1 in a.shape:
        return np.diag(a.ravel())
    return np.diag(a).reshape(-1, 1).copy()


def _softmax(a: np.ndarray) -> np.ndarray:
    """exp(a) / sum(exp(a)) of a column, computed without overflow (the largest entry first
    subtracted); NaN where an entry is not finite."""
    with np.errstate(all="ignore"):
        e = np.exp(a - np.max(a))
        return e / np.sum(e)


@dataclass(frozen=True)
class MatrixFunction:
    """A function of matrix notation (one argument)."""

    rule: str
    numpy: Callable[[np.ndarray], np.ndarray]
    latex: str  # str.format template, {0} is the argument's LaTeX
    what: str  # in messages: "the trace"


FUNCTIONS: dict[str, MatrixFunction] = {
    "tr": MatrixFunction("square-to-scalar", lambda a: _scalar(np.trace(a)),
                         r"\operatorname{{tr}}\left({0}\right)", "the trace"),
    "det": MatrixFunction("square-to-scalar", lambda a: _scalar(np.linalg.det(a)),
                          r"\det\left({0}\right)", "the determinant"),
    "logdet": MatrixFunction("square-to-scalar", _logdet,
                             r"\log\left|\det\left({0}\right)\right|", "log|det|"),
    "inv": MatrixFunction("square", _inverse, r"\left({0}\right)^{{-1}}", "the inverse"),
    "diag": MatrixFunction("diag", _diag, r"\operatorname{{diag}}\left({0}\right)", "diag"),
    "sum": MatrixFunction("to-scalar", lambda a: _scalar(a.sum()),
                          r"\operatorname{{sum}}\left({0}\right)", "the sum of the entries"),
    "norm": MatrixFunction("to-scalar", lambda a: _scalar(np.sqrt((a * a).sum())),
                           r"\left\lVert {0} \right\rVert", "the norm"),
    "exp": MatrixFunction("elementwise", np.exp, r"\exp\left({0}\right)", "exp"),
    "log": MatrixFunction("elementwise", np.log, r"\log\left({0}\right)", "log"),
    "sin": MatrixFunction("elementwise", np.sin, r"\sin\left({0}\right)", "sin"),
    "cos": MatrixFunction("elementwise", np.cos, r"\cos\left({0}\right)", "cos"),
    "tanh": MatrixFunction("elementwise", np.tanh, r"\tanh\left({0}\right)", "tanh"),
    "sqrt": MatrixFunction("elementwise", np.sqrt, r"\sqrt{{{0}}}", "sqrt"),
    "sigmoid": MatrixFunction("elementwise", lambda a: 0.5 * (1.0 + np.tanh(0.5 * a)),
                              r"\sigma\left({0}\right)", "sigmoid"),
    "abs": MatrixFunction("elementwise", np.abs, r"\left|{0}\right|", "abs"),
    "softmax": MatrixFunction("column", _softmax, r"\operatorname{{softmax}}\left({0}\right)",
                              "softmax"),
}
assert all(f.rule in SHAPE_RULES for f in FUNCTIONS.values())

ALIASES: dict[str, str] = {"ln": "log", "trace": "tr"}

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}
CONSTANT_LATEX: dict[str, str] = {"pi": r"\pi", "e": "e"}

IDENTITY = "I"
ONES = "ones"  # the all-ones column; typed also as 𝟙 (U+1D7D9)
ONES_CHARACTER = "\U0001D7D9"
ONES_LATEX = r"\mathbf{1}"
ONES_PRETTY = ONES_CHARACTER
TRANSPOSE = "T"
# Names an exercise cannot declare in matrix notation (they already mean something).
RESERVED_NAMES = frozenset({IDENTITY, ONES, TRANSPOSE, "pi", *FUNCTIONS, *ALIASES})


def function_key(name: str) -> str | None:
    """The canonical function name for ``name`` (``ln`` -> ``log``), or None."""
    return name if name in FUNCTIONS else ALIASES.get(name)


def function_list() -> str:
    return ", ".join(FUNCTIONS)
