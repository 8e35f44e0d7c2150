"""What MML 5.99–5.102 mean for a matrix-valued inner function f(X), stated as array operations.

Let f: ℝ^{m×n} → ℝ^{p×q} and D = ∂f/∂X, an array of shape (p, q, m, n) by the shape rule, with
D[i, j, k, l] = ∂f_ij / ∂X_kl. The first two axes of D are the *output* axes, the last two the
*input* axes. The four rules act on the output axes only:

- 5.99  ∂(f(X)ᵀ)/∂X = Dᵀ            Dᵀ swaps the two output axes: shape (q, p, m, n);
- 5.100 ∂ tr f(X)/∂X = tr D         tr contracts the two output axes: Σ_i D[i, i, k, l], (m, n);
- 5.101 ∂ det f(X)/∂X = det(F) tr(F⁻¹ D) = det(F) Σ_ij (F⁻¹)_ji D[i, j, k, l], shape (m, n);
- 5.102 ∂ f(X)⁻¹/∂X = −F⁻¹ D F⁻¹   (·)[i, j, k, l] = −Σ_ab (F⁻¹)_ia D[a, b, k, l] (F⁻¹)_bj.

with F = f(X) (square for the last three). Every function accepts float arrays and NumPy object
arrays of SymPy expressions alike (``np.einsum`` works on both), so the symbolic checks use the
same code as the numerical ones. The closed forms of D for the two inner functions the catalogue
uses, f(X) = AXB and f(X) = XᵀX, are here too.
"""

from __future__ import annotations

import numpy as np

__all__ = ["transpose_outputs", "trace_outputs", "det_rule", "inverse_rule",
           "derivative_of_axb", "derivative_of_gram"]


def transpose_outputs(D):
    """5.99: Dᵀ swaps the two output axes of D (shape (p, q, *in) -> (q, p, *in))."""
    return np.swapaxes(np.asarray(D), 0, 1)


def trace_outputs(D):
    """5.100: tr D = Σ_i D[i, i, ...], the two output axes contracted (shape (p, p, *in) -> in)."""
    return np.einsum("ii...->...", np.asarray(D))


def det_rule(det_F, F_inv, D):
    """5.101: det(F) tr(F⁻¹ D) = det(F) Σ_ij (F⁻¹)_ji D[i, j, ...] (shape (p, p, *in) -> in)."""
    return det_F * np.einsum("ji,ij...->...", np.asarray(F_inv), np.asarray(D))


def inverse_rule(F_inv, D):
    """5.102: −F⁻¹ D F⁻¹, the matrix products taken over the output axes (shape kept)."""
    F_inv = np.asarray(F_inv)
    return -np.einsum("ia,ab...,bj->ij...", F_inv, np.asarray(D), F_inv)


def derivative_of_axb(A, B):
    """∂(AXB)/∂X for A (p, m), B (n, q): D[i, j, k, l] = A_ik B_lj, shape (p, q, m, n)."""
    return np.einsum("ik,lj->ijkl", np.asarray(A), np.asarray(B))


def derivative_of_gram(X):
    """∂(XᵀX)/∂X for X (m, n): D[i, j, k, l] = δ_il X_kj + X_ki δ_jl, shape (n, n, m, n)."""
    X = np.asarray(X)
    eye = np.eye(X.shape[1], dtype=int)
    return np.einsum("il,kj->ijkl", eye, X) + np.einsum("ki,jl->ijkl", X, eye)
