"""Derivative layouts and vec: reshaping a derivative without changing a single number.

A derivative in this book is an array of shape ``out_shape + in_shape`` (the shape rule,
numerator layout). Two other arrangements of the same numbers appear in the wild:

- the **vec-Jacobian**, a plain matrix of shape ``(prod(out_shape), prod(in_shape))`` with
  ``J @ vec(dX) = vec(dF)``, where ``vec`` stacks columns (the first index varies fastest);
- the **denominator layout**, shape ``in_shape + out_shape`` (input axes first).

Every function here accepts a NumPy array or a SymPy Matrix/Array and returns the same family
(an ``ndarray``, or a SymPy ``Array``; call ``.tomatrix()`` on a 2-D one for a Matrix). A SymPy
Matrix with one row or one column counts as a vector, as in ``vcbook.symbolic``. All of them
are one operation: a permutation of the entries, computed once on an array of positions, so the
NumPy and SymPy cases share one implementation. SymPy is never imported here.
"""

from __future__ import annotations

import sys
from math import prod

import numpy as np

__all__ = ["vec", "unvec", "vec_jacobian", "from_vec_jacobian", "to_denominator",
           "from_denominator"]


def _is_sympy(obj) -> bool:
    sp = sys.modules.get("sympy")  # a SymPy object implies SymPy is already imported
    return sp is not None and isinstance(obj, (sp.Basic, sp.MatrixBase, sp.NDimArray))


def _entries(array) -> tuple[np.ndarray, tuple, bool]:
    """(entries in C order as a 1-D array, shape under the shape rule, is it SymPy?)."""
    if _is_sympy(array):
        from vcbook.symbolic import as_array_shape

        entries, shape = as_array_shape(array)
        flat = np.empty(len(entries), dtype=object)
        flat[:] = entries
        return flat, tuple(shape), True
    a = np.asarray(array)
    return a.reshape(-1), a.shape, False


def _rearrange(array, positions_for) -> np.ndarray:
    """Apply a rearrangement, given as a function from the array of entry positions (shape of
    ``array``, values 0 … size-1) to the positions of the result, in the result's shape."""
    flat, shape, symbolic = _entries(array)
    positions = positions_for(np.arange(flat.size).reshape(shape))
    if not symbolic:
        return flat[positions]
    import sympy as sp

    picked = list(flat[positions.reshape(-1)])
    return sp.Array(picked[0]) if positions.ndim == 0 else sp.Array(picked, positions.shape)


def _shape_of(array) -> tuple:
    return _entries(array)[1]


def vec(X):
    """Column stacking: shape (m, n) -> (m·n,), entry ``X[i, j]`` at position ``i + m·j``.

    For an array of any number of axes the first index varies fastest (NumPy's
    ``ravel(order="F")``); a vector (n,) is returned unchanged and a scalar becomes shape (1,).
    """
    return _rearrange(X, lambda p: p.reshape(-1, order="F"))


def unvec(v, shape):
    """The inverse of ``vec``: a vector of shape (prod(shape),) -> an array of ``shape``."""
    shape = tuple(shape)
    size = prod(_shape_of(v))
    if len(_shape_of(v)) != 1 or size != prod(shape):
        raise ValueError(f"unvec needs a vector of {prod(shape)} entries for shape {shape}, "
                         f"got shape {_shape_of(v)}")
    return _rearrange(v, lambda p: p.reshape(shape, order="F"))


def _check_split(D, out_shape, in_shape) -> tuple[tuple, tuple]:
    out_shape, in_shape = tuple(out_shape), tuple(in_shape)
    if _shape_of(D) != out_shape + in_shape:
        raise ValueError(f"a derivative of shape {_shape_of(D)} does not split into output "
                         f"{out_shape} + input {in_shape}")
    return out_shape, in_shape


def _vec_positions(p: np.ndarray, out_ndim: int) -> np.ndarray:
    """Positions of the vec-Jacobian: reverse the output axes and the input axes, so that a
    C-order reshape of each group is column stacking, then flatten each group."""
    n = p.ndim
    axes = [*reversed(range(out_ndim)), *reversed(range(out_ndim, n))]
    rows = prod(p.shape[:out_ndim])
    return p.transpose(axes).reshape(rows, -1)


def vec_jacobian(D, out_shape, in_shape):
    """The derivative ``D`` (shape ``out_shape + in_shape``) as a matrix J of shape
    (prod(out_shape), prod(in_shape)) with ``J @ vec(dX) = vec(dF)``.

    Rows and columns are both in column-stacking order: ``J[vec position of F-entry a, vec
    position of X-entry b] = dF[a]/dX[b]``. A scalar output gives one row, a scalar input one
    column. For F = AXB this is the Kronecker product Bᵀ ⊗ A.
    """
    out_shape, _ = _check_split(D, out_shape, in_shape)
    return _rearrange(D, lambda p: _vec_positions(p, len(out_shape)))


def from_vec_jacobian(J, out_shape, in_shape):
    """The inverse of ``vec_jacobian``: a (prod(out_shape), prod(in_shape)) matrix -> the
    derivative of shape ``out_shape + in_shape`` (the book's shape rule)."""
    out_shape, in_shape = tuple(out_shape), tuple(in_shape)
    expected = (prod(out_shape), prod(in_shape))
    if _shape_of(J) != expected:
        raise ValueError(f"a vec-Jacobian for output {out_shape} and input {in_shape} has shape "
                         f"{expected}, got {_shape_of(J)}")
    layout = np.arange(prod(expected)).reshape(out_shape + in_shape)
    inverse = np.argsort(_vec_positions(layout, len(out_shape)).reshape(-1))
    return _rearrange(J, lambda p: p.reshape(-1)[inverse].reshape(out_shape + in_shape))


def to_denominator(D, out_ndim: int):
    """Numerator layout (shape ``out + in``) -> denominator layout (shape ``in + out``).

    ``out_ndim`` is the number of output axes, which lead in ``D``. For a Jacobian (m, n) this is
    the transpose (n, m); for a scalar output (``out_ndim=0``) nothing moves.
    """
    return _rearrange(D, lambda p: _move_leading_axes_last(p, out_ndim))


def from_denominator(D, out_ndim: int):
    """Denominator layout (shape ``in + out``) -> numerator layout (shape ``out + in``).

    ``out_ndim`` is the number of output axes, which come last in ``D``; the inverse of
    ``to_denominator(·, out_ndim)``.
    """
    return _rearrange(D, lambda p: _move_leading_axes_last(p, p.ndim - out_ndim))


def _move_leading_axes_last(p: np.ndarray, count: int) -> np.ndarray:
    if not 0 <= count <= p.ndim:
        raise ValueError(f"cannot split {p.ndim} axes after {count}")
    return p.transpose([*range(count, p.ndim), *range(count)])
