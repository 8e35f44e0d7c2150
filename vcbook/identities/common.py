"""What the catalogue's entries share: symbol matrices for the symbolic builders (SymPy loads
only when a builder runs), and the NumPy / autodiff closed forms several entries use."""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad

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


# --- closed forms shared by several entries ---------------------------------------------------

def softmax(z):
    """softmax(z) = e^z / Σ e^{z_i}, written with autodiff primitives (NumPy arrays work too)."""
    e = ad.exp(z)
    return e / ad.sum(e)


def softmax_np(z):
    """softmax in NumPy, shifted by max z for safety (the shift cancels)."""
    e = np.exp(z - np.max(z))
    return e / e.sum()


def sigmoid_np(z):
    """The logistic function σ(z) = 1 / (1 + e^{−z})."""
    return 1.0 / (1.0 + np.exp(-z))
