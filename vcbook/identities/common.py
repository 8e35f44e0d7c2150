"""What the entry modules share: the two sources (``group``), ``inv``, and the symbol matrices
their symbolic builders are made of (SymPy loads only when a builder runs)."""

from __future__ import annotations

import numpy as np

NOTES = "notes §6"
ML = "machine learning"
inv = np.linalg.inv


# --- helpers for the symbolic builders (SymPy loads only when they run) ----------------------

def sympy():
    import sympy as sp

    from vcbook import symbolic

    return sp, symbolic


def mat(name, rows, cols):
    return sympy()[1].symbols_matrix(name, rows, cols)


def vec(name, n):
    return sympy()[1].symbols_vector(name, n)


def sym_matrix(name, n):
    """An n×n symmetric matrix of symbols (W12 stands for both W₁₂ and W₂₁)."""
    sp = sympy()[0]
    return sp.Matrix(n, n, lambda i, j: sp.Symbol(f"{name}{min(i, j) + 1}{max(i, j) + 1}"))


def int_matrix(rng, rows, cols):
    """A small integer matrix of full rank (for constants where symbols would only cost time)."""
    sp = sympy()[0]
    while True:
        M = sp.Matrix(rng.integers(-3, 4, size=(rows, cols)).tolist())
        if M.rank() == min(rows, cols):
            return M


def obj(M):
    """A SymPy Matrix as a NumPy object array (so the ``tensor`` rules apply to it)."""
    return np.array(M.tolist(), dtype=object)

