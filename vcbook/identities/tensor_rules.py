"""The tensor rules: MML 5.99–5.102 for a matrix-valued inner function f(X), from the notes' §6.

Each rule (transpose, trace, determinant, inverse of f(X)) is stated for the 4-D derivative
D = ∂f/∂X of shape (p, q, m, n) (``tensor.py`` says what transpose, trace, det and inverse of D
mean) and instantiated twice, with f(X) = AXB and f(X) = XᵀX: eight entries, four identities
(``instance_of`` names the rule). One ``Identity(...)`` declaration per entry, its symbolic
builder just above it.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import NOTES, int_matrix, inv, mat, obj
from vcbook.identities.record import Identity, Variant, arg
from vcbook.identities.tensor import (
    derivative_of_axb,
    derivative_of_gram,
    det_rule,
    inverse_rule,
    trace_outputs,
    transpose_outputs,
)

TOPIC = "tensor rules (MML 5.99–5.102)"

# --- what the eight entries share: shapes, statements, conditions, symbol matrices -------------

_SHAPES_AXB = ({"m": 2, "n": 3, "p": 2, "q": 4}, {"m": 3, "n": 2, "p": 3, "q": 2},
               {"m": 2, "n": 2, "p": 3, "q": 3})
_SHAPES_AXB_SQUARE = ({"m": 2, "n": 3, "p": 2}, {"m": 3, "n": 3, "p": 3},
                      {"m": 4, "n": 3, "p": 2})
_SHAPES_GRAM = ({"m": 3, "n": 2}, {"m": 4, "n": 3}, {"m": 2, "n": 2})
_D_AXB = r"D_{ijkl} = \frac{\partial F_{ij}}{\partial X_{kl}} = A_{ik}B_{lj}"
_D_GRAM = (r"D_{ijkl} = \frac{\partial F_{ij}}{\partial X_{kl}} = \delta_{il}X_{kj} + "
           r"X_{ki}\delta_{jl}")


def _two_lines(rule, index, inner, derivative, shape):
    """A tensor rule's statement: the rule and its shape, then what it means entry by entry."""
    return (r"\begin{aligned}&" + rule + r" \in \mathbb{R}^{" + shape + r"}\\ &" + index
            + r",\quad " + derivative + r",\quad F = " + inner + r"\end{aligned}")


def _valid_axb(X, A, B):
    return np.linalg.cond(A @ X @ B) <= 50


def _valid_gram(X):
    return np.linalg.cond(X.T @ X) <= 100


def _sym_axb(rng, square, numbers=False):
    """(X, A, B, F = AXB) on symbols; integer A, B when ``numbers`` (the det and inverse rules)."""
    if numbers:
        X = mat("X", 3, 2)
        A, B = int_matrix(rng, 2, 3), int_matrix(rng, 2, 2)
    else:
        X = mat("X", 2, 3)
        A, B = mat("A", 2, 2), mat("B", 3, 2 if square else 3)
    return X, A, B, A * X * B


# --- 5.99 the transpose rule ------------------------------------------------------------------

_T_RULE = (r"\frac{\partial\, f(X)^\top}{\partial X} = \Big(\frac{\partial f}{\partial X}"
           r"\Big)^{\!\top} = D^\top")
_T_INDEX = r"(D^\top)_{jikl} = D_{ijkl}"
_T_COOKBOOK = r"\partial(X^\top) = (\partial X)^\top \text{ (differentials, no 4-D array)}"


def _sym_transpose_axb(rng):
    X, A, B, F = _sym_axb(rng, square=False)
    return F.T, X, transpose_outputs(derivative_of_axb(obj(A), obj(B)))


TRANSPOSE_AXB = Identity(
    name="5.99 transpose rule, f(X) = AXB",
    latex=_two_lines(_T_RULE, _T_INDEX, "AXB", _D_AXB, r"(q\times p)\times(m\times n)"),
    args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n q")), wrt="X",
    function=lambda X, A, B: (A @ X @ B).T,
    notation="(A X B)^T",
    claimed=lambda X, A, B: transpose_outputs(derivative_of_axb(A, B)),
    shapes=_SHAPES_AXB, mml="5.99", cookbook_eq="(44)", cookbook=_T_COOKBOOK,
    conditions="A (p×m), B (n×q) constant; Dᵀ swaps the two output axes of D",
    symbolic=_sym_transpose_axb, group=NOTES, topic=TOPIC, instance_of="5.99 transpose rule",
    wrong=(Variant("Dᵀ read as swapping the input axes",
                   lambda C, X, A, B: np.swapaxes(derivative_of_axb(A, B), 2, 3)),
           Variant("no transpose at all (D itself)",
                   lambda C, X, A, B: derivative_of_axb(A, B))),
)


def _sym_transpose_gram(rng):
    X = mat("X", 3, 2)
    return (X.T * X).T, X, transpose_outputs(derivative_of_gram(obj(X)))


TRANSPOSE_GRAM = Identity(
    name="5.99 transpose rule, f(X) = XᵀX",
    latex=_two_lines(_T_RULE, _T_INDEX, r"X^\top X", _D_GRAM, r"(n\times n)\times(m\times n)"),
    args=(arg("X", "m n"),), wrt="X",
    function=lambda X: (X.T @ X).T,
    notation="(X^T X)^T",
    claimed=lambda X: transpose_outputs(derivative_of_gram(X)),
    shapes=_SHAPES_GRAM, mml="5.99", cookbook_eq="(44)", cookbook=_T_COOKBOOK,
    conditions="X (m×n); F = XᵀX is symmetric, so here Fᵀ = F",
    symbolic=_sym_transpose_gram, group=NOTES, topic=TOPIC, instance_of="5.99 transpose rule",
    wrong=(Variant("Dᵀ read as swapping the input axes",
                   lambda C, X: np.swapaxes(derivative_of_gram(X), 2, 3)),),
)


# --- 5.100 the trace rule ---------------------------------------------------------------------

_TR_RULE = (r"\frac{\partial \operatorname{tr} f(X)}{\partial X} = \operatorname{tr}"
            r"\frac{\partial f}{\partial X} = \operatorname{tr} D")
_TR_INDEX = r"(\operatorname{tr} D)_{kl} = \sum_i D_{iikl}"
_TR_COOKBOOK = (r"\partial \operatorname{Tr}(X) = \operatorname{Tr}(\partial X)"
                r" \text{ (differentials)}")


def _sym_trace_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True)
    return F.trace(), X, trace_outputs(derivative_of_axb(obj(A), obj(B)))


TRACE_AXB = Identity(
    name="5.100 trace rule, f(X) = AXB",
    latex=_two_lines(_TR_RULE + r" = A^\top B^\top", _TR_INDEX, "AXB", _D_AXB, r"m\times n"),
    args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
    function=lambda X, A, B: ad.trace(A @ X @ B),
    notation="tr(A X B)",
    claimed=lambda X, A, B: trace_outputs(derivative_of_axb(A, B)),
    shapes=_SHAPES_AXB_SQUARE, mml="5.100", cookbook_eq="(36); (101)", cookbook=_TR_COOKBOOK,
    conditions="A (p×m), B (n×p) constant (F square); tr contracts the output axes",
    symbolic=_sym_trace_axb, group=NOTES, topic=TOPIC, instance_of="5.100 trace rule",
    wrong=(Variant("contracted the input axes instead (X square)",
                   lambda C, X, A, B: np.einsum("ijkk->ij", derivative_of_axb(A, B))
                   if X.shape[0] == X.shape[1] else None),),
)


def _sym_trace_gram(rng):
    X = mat("X", 3, 2)
    return (X.T * X).trace(), X, trace_outputs(derivative_of_gram(obj(X)))


TRACE_GRAM = Identity(
    name="5.100 trace rule, f(X) = XᵀX",
    latex=_two_lines(_TR_RULE + " = 2X", _TR_INDEX, r"X^\top X", _D_GRAM, r"m\times n"),
    args=(arg("X", "m n"),), wrt="X",
    function=lambda X: ad.trace(X.T @ X),
    notation="tr(X^T X)",
    claimed=lambda X: trace_outputs(derivative_of_gram(X)),
    shapes=_SHAPES_GRAM, mml="5.100", cookbook_eq="(36); (115)", cookbook=_TR_COOKBOOK,
    conditions="X (m×n); tr contracts the two output axes",
    symbolic=_sym_trace_gram, group=NOTES, topic=TOPIC, instance_of="5.100 trace rule",
    wrong=(Variant("2Xᵀ in place of 2X (X square)",
                   lambda C, X: 2 * X.T if X.shape[0] == X.shape[1] else None),),
)


# --- 5.101 the determinant rule ---------------------------------------------------------------

_DET_RULE = (r"\frac{\partial \det f(X)}{\partial X} = \det(F)\operatorname{tr}\Big(F^{-1}"
             r"\frac{\partial f}{\partial X}\Big)")
_DET_INDEX = r"\operatorname{tr}(F^{-1}D)_{kl} = \sum_{i,j}(F^{-1})_{ji}D_{ijkl}"
_DET_COOKBOOK = (r"\partial \det(X) = \det(X)\operatorname{Tr}(X^{-1}\partial X)"
                 r" \text{ (differentials)}")


def _sym_det_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True, numbers=True)
    return F.det(), X, det_rule(F.det(), obj(F.inv()), derivative_of_axb(obj(A), obj(B)))


DET_AXB = Identity(
    name="5.101 determinant rule, f(X) = AXB",
    latex=_two_lines(_DET_RULE, _DET_INDEX, "AXB", _D_AXB, r"m\times n"),
    args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
    function=lambda X, A, B: ad.det(A @ X @ B),
    notation="det(A X B)",
    claimed=lambda X, A, B: det_rule(np.linalg.det(A @ X @ B), inv(A @ X @ B),
                                     derivative_of_axb(A, B)),
    shapes=_SHAPES_AXB_SQUARE, mml="5.101",
    cookbook_eq="(42), (46); (51) when A, X, B are square", cookbook=_DET_COOKBOOK,
    conditions="A (p×m), B (n×p) constant; F = AXB invertible (cond F ≤ 50), so p ≤ min(m, n)",
    valid=_valid_axb, symbolic=_sym_det_axb, group=NOTES, topic=TOPIC,
    instance_of="5.101 determinant rule",
    wrong=(Variant("F⁻¹ without the transpose of the pairing (Σ (F⁻¹)_ij D_ij)",
                   lambda C, X, A, B: det_rule(np.linalg.det(A @ X @ B), inv(A @ X @ B).T,
                                               derivative_of_axb(A, B))),
           Variant("the factor det F dropped",
                   lambda C, X, A, B: det_rule(1.0, inv(A @ X @ B), derivative_of_axb(A, B)))),
)


def _sym_det_gram(rng):
    X = mat("X", 3, 2)
    F = X.T * X
    return F.det(), X, det_rule(F.det(), obj(F.inv()), derivative_of_gram(obj(X)))


DET_GRAM = Identity(
    name="5.101 determinant rule, f(X) = XᵀX",
    latex=_two_lines(_DET_RULE, _DET_INDEX, r"X^\top X", _D_GRAM, r"m\times n"),
    args=(arg("X", "m n", "tall"),), wrt="X",
    function=lambda X: ad.det(X.T @ X),
    notation="det(X^T X)",
    claimed=lambda X: det_rule(np.linalg.det(X.T @ X), inv(X.T @ X), derivative_of_gram(X)),
    shapes=_SHAPES_GRAM, mml="5.101", cookbook_eq="(42), (46); (53) with A = I",
    cookbook=_DET_COOKBOOK,
    conditions="X (m×n), m ≥ n, of full column rank (cond XᵀX ≤ 100)",
    valid=_valid_gram, symbolic=_sym_det_gram, group=NOTES, topic=TOPIC,
    instance_of="5.101 determinant rule",
    wrong=(Variant("the factor det F dropped",
                   lambda C, X: det_rule(1.0, inv(X.T @ X), derivative_of_gram(X))),),
)


# --- 5.102 the inverse rule -------------------------------------------------------------------

_INV_RULE = (r"\frac{\partial f(X)^{-1}}{\partial X} = -F^{-1}\frac{\partial f}{\partial X}"
             r"F^{-1}")
_INV_INDEX = r"(F^{-1}DF^{-1})_{ijkl} = \sum_{a,b}(F^{-1})_{ia}D_{abkl}(F^{-1})_{bj}"
_INV_COOKBOOK = r"\partial(X^{-1}) = -X^{-1}(\partial X)X^{-1} \text{ (differentials)}"


def _sym_inverse_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True, numbers=True)
    return F.inv(), X, inverse_rule(obj(F.inv()), derivative_of_axb(obj(A), obj(B)))


INVERSE_AXB = Identity(
    name="5.102 inverse rule, f(X) = AXB",
    latex=_two_lines(_INV_RULE, _INV_INDEX, "AXB", _D_AXB, r"(p\times p)\times(m\times n)"),
    args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
    function=lambda X, A, B: ad.inv(A @ X @ B),
    notation="inv(A X B)",
    claimed=lambda X, A, B: inverse_rule(inv(A @ X @ B), derivative_of_axb(A, B)),
    shapes=_SHAPES_AXB_SQUARE, mml="5.102", cookbook_eq="(40), (59)", cookbook=_INV_COOKBOOK,
    conditions="A (p×m), B (n×p) constant; F = AXB invertible (cond F ≤ 50), so p ≤ min(m, n)",
    valid=_valid_axb, symbolic=_sym_inverse_axb, group=NOTES, topic=TOPIC,
    instance_of="5.102 inverse rule",
    wrong=(Variant("F⁻ᵀ in place of F⁻¹",
                   lambda C, X, A, B: inverse_rule(inv(A @ X @ B).T, derivative_of_axb(A, B))),
           Variant("F⁻¹ squared in front (−F⁻² D)",
                   lambda C, X, A, B: -np.einsum("ia,ab...->ib...",
                                                 inv(A @ X @ B) @ inv(A @ X @ B),
                                                 derivative_of_axb(A, B)))),
)


def _sym_inverse_gram(rng):
    X = mat("X", 2, 2)
    F = X.T * X
    return F.inv(), X, inverse_rule(obj(F.inv()), derivative_of_gram(obj(X)))


INVERSE_GRAM = Identity(
    name="5.102 inverse rule, f(X) = XᵀX",
    latex=_two_lines(_INV_RULE, _INV_INDEX, r"X^\top X", _D_GRAM, r"(n\times n)\times(m\times n)"),
    args=(arg("X", "m n", "tall"),), wrt="X",
    function=lambda X: ad.inv(X.T @ X),
    notation="inv(X^T X)",
    claimed=lambda X: inverse_rule(inv(X.T @ X), derivative_of_gram(X)),
    shapes=_SHAPES_GRAM, mml="5.102", cookbook_eq="(40), (59)", cookbook=_INV_COOKBOOK,
    conditions="X (m×n), m ≥ n, of full column rank (cond XᵀX ≤ 100)",
    valid=_valid_gram, symbolic=_sym_inverse_gram, group=NOTES, topic=TOPIC,
    instance_of="5.102 inverse rule",
    wrong=(Variant("F⁻¹ squared in front (−F⁻² D)",
                   lambda C, X: -np.einsum("ia,ab...->ib...", inv(X.T @ X) @ inv(X.T @ X),
                                           derivative_of_gram(X))),),
)


TENSOR_RULES: tuple[Identity, ...] = (TRANSPOSE_AXB, TRANSPOSE_GRAM, TRACE_AXB, TRACE_GRAM,
                                      DET_AXB, DET_GRAM, INVERSE_AXB, INVERSE_GRAM)
"""The eight entries in the catalogue's order: each rule with f(X) = AXB, then with XᵀX."""
