"""The notes' §6: the ten identities of MML 5.99–5.108.

The first four are rules for a matrix-valued inner function f(X), stated for 4-D derivatives
(``tensor.py`` says what transpose, trace, det and inverse of D = ∂f/∂X mean) and instantiated
with f(X) = AXB and f(X) = XᵀX; then aᵀX⁻¹b, xᵀa, aᵀx, aᵀXb, xᵀBx and the weighted least-squares
form. One ``Identity(...)`` declaration per entry.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import NOTES, int_matrix, inv, mat, obj, sym_matrix, vec
from vcbook.identities.record import Identity, Variant, arg
from vcbook.identities.tensor import (
    derivative_of_axb,
    derivative_of_gram,
    det_rule,
    inverse_rule,
    trace_outputs,
    transpose_outputs,
)

# --- notes §6: the four rules for a matrix-valued inner function ------------------------------

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


_T_RULE = (r"\frac{\partial\, f(X)^\top}{\partial X} = \Big(\frac{\partial f}{\partial X}"
           r"\Big)^{\!\top} = D^\top")
_T_INDEX = r"(D^\top)_{jikl} = D_{ijkl}"
_TR_RULE = (r"\frac{\partial \operatorname{tr} f(X)}{\partial X} = \operatorname{tr}"
            r"\frac{\partial f}{\partial X} = \operatorname{tr} D")
_TR_INDEX = r"(\operatorname{tr} D)_{kl} = \sum_i D_{iikl}"
_DET_RULE = (r"\frac{\partial \det f(X)}{\partial X} = \det(F)\operatorname{tr}\Big(F^{-1}"
             r"\frac{\partial f}{\partial X}\Big)")
_DET_INDEX = r"\operatorname{tr}(F^{-1}D)_{kl} = \sum_{i,j}(F^{-1})_{ji}D_{ijkl}"
_INV_RULE = (r"\frac{\partial f(X)^{-1}}{\partial X} = -F^{-1}\frac{\partial f}{\partial X}"
             r"F^{-1}")
_INV_INDEX = r"(F^{-1}DF^{-1})_{ijkl} = \sum_{a,b}(F^{-1})_{ia}D_{abkl}(F^{-1})_{bj}"


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


def _sym_transpose_axb(rng):
    X, A, B, F = _sym_axb(rng, square=False)
    return F.T, X, transpose_outputs(derivative_of_axb(obj(A), obj(B)))


def _sym_transpose_gram(rng):
    X = mat("X", 3, 2)
    return (X.T * X).T, X, transpose_outputs(derivative_of_gram(obj(X)))


def _sym_trace_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True)
    return F.trace(), X, trace_outputs(derivative_of_axb(obj(A), obj(B)))


def _sym_trace_gram(rng):
    X = mat("X", 3, 2)
    return (X.T * X).trace(), X, trace_outputs(derivative_of_gram(obj(X)))


def _sym_det_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True, numbers=True)
    return F.det(), X, det_rule(F.det(), obj(F.inv()), derivative_of_axb(obj(A), obj(B)))


def _sym_det_gram(rng):
    X = mat("X", 3, 2)
    F = X.T * X
    return F.det(), X, det_rule(F.det(), obj(F.inv()), derivative_of_gram(obj(X)))


def _sym_inverse_axb(rng):
    X, A, B, F = _sym_axb(rng, square=True, numbers=True)
    return F.inv(), X, inverse_rule(obj(F.inv()), derivative_of_axb(obj(A), obj(B)))


def _sym_inverse_gram(rng):
    X = mat("X", 2, 2)
    F = X.T * X
    return F.inv(), X, inverse_rule(obj(F.inv()), derivative_of_gram(obj(X)))


TENSOR_RULES = (
    Identity(
        name="5.99 transpose rule, f(X) = AXB",
        latex=_two_lines(_T_RULE, _T_INDEX, "AXB", _D_AXB, r"(q\times p)\times(m\times n)"),
        args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n q")), wrt="X",
        function=lambda X, A, B: (A @ X @ B).T,
        claimed=lambda X, A, B: transpose_outputs(derivative_of_axb(A, B)),
        shapes=_SHAPES_AXB, mml="5.99", cookbook_eq="(44)",
        cookbook=r"\partial(X^\top) = (\partial X)^\top \text{ (differentials, no 4-D array)}",
        conditions="A (p×m), B (n×q) constant; Dᵀ swaps the two output axes of D",
        symbolic=_sym_transpose_axb, group=NOTES,
        wrong=(Variant("Dᵀ read as swapping the input axes",
                       lambda C, X, A, B: np.swapaxes(derivative_of_axb(A, B), 2, 3)),
               Variant("no transpose at all (D itself)",
                       lambda C, X, A, B: derivative_of_axb(A, B))),
    ),
    Identity(
        name="5.99 transpose rule, f(X) = XᵀX",
        latex=_two_lines(_T_RULE, _T_INDEX, r"X^\top X", _D_GRAM,
                         r"(n\times n)\times(m\times n)"),
        args=(arg("X", "m n"),), wrt="X",
        function=lambda X: (X.T @ X).T,
        claimed=lambda X: transpose_outputs(derivative_of_gram(X)),
        shapes=_SHAPES_GRAM, mml="5.99", cookbook_eq="(44)",
        cookbook=r"\partial(X^\top) = (\partial X)^\top \text{ (differentials, no 4-D array)}",
        conditions="X (m×n); F = XᵀX is symmetric, so here Fᵀ = F",
        symbolic=_sym_transpose_gram, group=NOTES,
        wrong=(Variant("Dᵀ read as swapping the input axes",
                       lambda C, X: np.swapaxes(derivative_of_gram(X), 2, 3)),),
    ),
    Identity(
        name="5.100 trace rule, f(X) = AXB",
        latex=_two_lines(_TR_RULE + r" = A^\top B^\top", _TR_INDEX, "AXB", _D_AXB,
                         r"m\times n"),
        args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
        function=lambda X, A, B: ad.trace(A @ X @ B),
        claimed=lambda X, A, B: trace_outputs(derivative_of_axb(A, B)),
        shapes=_SHAPES_AXB_SQUARE, mml="5.100", cookbook_eq="(36); (101)",
        cookbook=(r"\partial \operatorname{Tr}(X) = \operatorname{Tr}(\partial X)"
                  r" \text{ (differentials)}"),
        conditions="A (p×m), B (n×p) constant (F square); tr contracts the output axes",
        symbolic=_sym_trace_axb, group=NOTES,
        wrong=(Variant("contracted the input axes instead (X square)",
                       lambda C, X, A, B: np.einsum("ijkk->ij", derivative_of_axb(A, B))
                       if X.shape[0] == X.shape[1] else None),),
    ),
    Identity(
        name="5.100 trace rule, f(X) = XᵀX",
        latex=_two_lines(_TR_RULE + " = 2X", _TR_INDEX, r"X^\top X", _D_GRAM, r"m\times n"),
        args=(arg("X", "m n"),), wrt="X",
        function=lambda X: ad.trace(X.T @ X),
        claimed=lambda X: trace_outputs(derivative_of_gram(X)),
        shapes=_SHAPES_GRAM, mml="5.100", cookbook_eq="(36); (115)",
        cookbook=(r"\partial \operatorname{Tr}(X) = \operatorname{Tr}(\partial X)"
                  r" \text{ (differentials)}"),
        conditions="X (m×n); tr contracts the two output axes",
        symbolic=_sym_trace_gram, group=NOTES,
        wrong=(Variant("2Xᵀ in place of 2X (X square)",
                       lambda C, X: 2 * X.T if X.shape[0] == X.shape[1] else None),),
    ),
    Identity(
        name="5.101 determinant rule, f(X) = AXB",
        latex=_two_lines(_DET_RULE, _DET_INDEX, "AXB", _D_AXB, r"m\times n"),
        args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
        function=lambda X, A, B: ad.det(A @ X @ B),
        claimed=lambda X, A, B: det_rule(np.linalg.det(A @ X @ B), inv(A @ X @ B),
                                         derivative_of_axb(A, B)),
        shapes=_SHAPES_AXB_SQUARE, mml="5.101",
        cookbook_eq="(42), (46); (51) when A, X, B are square",
        cookbook=(r"\partial \det(X) = \det(X)\operatorname{Tr}(X^{-1}\partial X)"
                  r" \text{ (differentials)}"),
        conditions="A (p×m), B (n×p) constant; F = AXB invertible (cond F ≤ 50), so p ≤ min(m, n)",
        valid=_valid_axb, symbolic=_sym_det_axb, group=NOTES,
        wrong=(Variant("F⁻¹ without the transpose of the pairing (Σ (F⁻¹)_ij D_ij)",
                       lambda C, X, A, B: det_rule(np.linalg.det(A @ X @ B), inv(A @ X @ B).T,
                                                   derivative_of_axb(A, B))),
               Variant("the factor det F dropped",
                       lambda C, X, A, B: det_rule(1.0, inv(A @ X @ B),
                                                   derivative_of_axb(A, B)))),
    ),
    Identity(
        name="5.101 determinant rule, f(X) = XᵀX",
        latex=_two_lines(_DET_RULE, _DET_INDEX, r"X^\top X", _D_GRAM, r"m\times n"),
        args=(arg("X", "m n", "tall"),), wrt="X",
        function=lambda X: ad.det(X.T @ X),
        claimed=lambda X: det_rule(np.linalg.det(X.T @ X), inv(X.T @ X),
                                   derivative_of_gram(X)),
        shapes=_SHAPES_GRAM, mml="5.101", cookbook_eq="(42), (46); (53) with A = I",
        cookbook=(r"\partial \det(X) = \det(X)\operatorname{Tr}(X^{-1}\partial X)"
                  r" \text{ (differentials)}"),
        conditions="X (m×n), m ≥ n, of full column rank (cond XᵀX ≤ 100)",
        valid=_valid_gram, symbolic=_sym_det_gram, group=NOTES,
        wrong=(Variant("the factor det F dropped",
                       lambda C, X: det_rule(1.0, inv(X.T @ X), derivative_of_gram(X))),),
    ),
    Identity(
        name="5.102 inverse rule, f(X) = AXB",
        latex=_two_lines(_INV_RULE, _INV_INDEX, "AXB", _D_AXB, r"(p\times p)\times(m\times n)"),
        args=(arg("X", "m n"), arg("A", "p m"), arg("B", "n p")), wrt="X",
        function=lambda X, A, B: ad.inv(A @ X @ B),
        claimed=lambda X, A, B: inverse_rule(inv(A @ X @ B), derivative_of_axb(A, B)),
        shapes=_SHAPES_AXB_SQUARE, mml="5.102", cookbook_eq="(40), (59)",
        cookbook=r"\partial(X^{-1}) = -X^{-1}(\partial X)X^{-1} \text{ (differentials)}",
        conditions="A (p×m), B (n×p) constant; F = AXB invertible (cond F ≤ 50), so p ≤ min(m, n)",
        valid=_valid_axb, symbolic=_sym_inverse_axb, group=NOTES,
        wrong=(Variant("F⁻ᵀ in place of F⁻¹",
                       lambda C, X, A, B: inverse_rule(inv(A @ X @ B).T,
                                                       derivative_of_axb(A, B))),
               Variant("F⁻¹ squared in front (−F⁻² D)",
                       lambda C, X, A, B: -np.einsum("ia,ab...->ib...",
                                                     inv(A @ X @ B) @ inv(A @ X @ B),
                                                     derivative_of_axb(A, B)))),
    ),
    Identity(
        name="5.102 inverse rule, f(X) = XᵀX",
        latex=_two_lines(_INV_RULE, _INV_INDEX, r"X^\top X", _D_GRAM,
                         r"(n\times n)\times(m\times n)"),
        args=(arg("X", "m n", "tall"),), wrt="X",
        function=lambda X: ad.inv(X.T @ X),
        claimed=lambda X: inverse_rule(inv(X.T @ X), derivative_of_gram(X)),
        shapes=_SHAPES_GRAM, mml="5.102", cookbook_eq="(40), (59)",
        cookbook=r"\partial(X^{-1}) = -X^{-1}(\partial X)X^{-1} \text{ (differentials)}",
        conditions="X (m×n), m ≥ n, of full column rank (cond XᵀX ≤ 100)",
        valid=_valid_gram, symbolic=_sym_inverse_gram, group=NOTES,
        wrong=(Variant("F⁻¹ squared in front (−F⁻² D)",
                       lambda C, X: -np.einsum("ia,ab...->ib...", inv(X.T @ X) @ inv(X.T @ X),
                                               derivative_of_gram(X))),),
    ),
)


# --- notes §6: MML 5.103–5.108 ----------------------------------------------------------------

def _sym_a_xinv_b(rng):
    X, a, b = mat("X", 2, 2), vec("a", 2), vec("b", 2)
    Xit = X.inv().T
    return (a.T * X.inv() * b)[0, 0], X, -Xit * a * b.T * Xit


def _sym_x_dot_a(rng, swap):
    x, a = vec("x", 3), vec("a", 3)
    return ((a.T * x) if swap else (x.T * a))[0, 0], x, a.T


def _sym_a_x_b(rng):
    X, a, b = mat("X", 2, 3), vec("a", 2), vec("b", 3)
    return (a.T * X * b)[0, 0], X, a * b.T


def _sym_quadratic(rng):
    x, B = vec("x", 3), mat("B", 3, 3)
    return (x.T * B * x)[0, 0], x, x.T * (B + B.T)


def _sym_weighted_ls(rng):
    x, A, s, W = vec("x", 3), mat("A", 3, 2), vec("s", 2), sym_matrix("W", 3)
    r = x - A * s
    return (r.T * W * r)[0, 0], s, -2 * r.T * W * A


FORMS = (
    Identity(
        name="aᵀX⁻¹b",
        latex=(r"\frac{\partial\, \mathbf{a}^\top X^{-1}\mathbf{b}}{\partial X} = "
               r"-X^{-\top}\mathbf{a}\mathbf{b}^\top X^{-\top} \in \mathbb{R}^{n\times n}"),
        args=(arg("X", "n n", "invertible"), arg("a", "n"), arg("b", "n")), wrt="X",
        function=lambda X, a, b: a @ ad.inv(X) @ b,
        claimed=lambda X, a, b: -inv(X).T @ np.outer(a, b) @ inv(X).T,
        shapes=({"n": 2}, {"n": 3}, {"n": 4}), mml="5.103", cookbook_eq="(61)",
        conditions="X (n×n) invertible (not symmetric); a, b ∈ ℝⁿ constant",
        symbolic=_sym_a_xinv_b, group=NOTES,
        wrong=(Variant("X⁻¹ in place of X⁻ᵀ (both factors)",
                       lambda C, X, a, b: -inv(X) @ np.outer(a, b) @ inv(X)),
               Variant("a and b swapped",
                       lambda C, X, a, b: -inv(X).T @ np.outer(b, a) @ inv(X).T)),
    ),
    Identity(
        name="xᵀa",
        latex=(r"\frac{\partial\, \mathbf{x}^\top\mathbf{a}}{\partial \mathbf{x}} = "
               r"\mathbf{a}^\top \in \mathbb{R}^{1\times n}"),
        args=(arg("x", "n"), arg("a", "n")), wrt="x",
        function=lambda x, a: x @ a,
        claimed=lambda x, a: a.copy(),
        shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.104", cookbook_eq="(69)",
        cookbook=r"\mathbf{a}\ \text{(a column: denominator layout)}",
        conditions="a ∈ ℝⁿ constant",
        symbolic=lambda rng: _sym_x_dot_a(rng, swap=False), group=NOTES,
        wrong=(Variant("x in place of a", lambda C, x, a: x.copy()),),
    ),
    Identity(
        name="aᵀx",
        latex=(r"\frac{\partial\, \mathbf{a}^\top\mathbf{x}}{\partial \mathbf{x}} = "
               r"\mathbf{a}^\top \in \mathbb{R}^{1\times n}"),
        args=(arg("a", "n"), arg("x", "n")), wrt="x",
        function=lambda a, x: a @ x,
        claimed=lambda a, x: a.copy(),
        shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.105", cookbook_eq="(69)",
        cookbook=r"\mathbf{a}\ \text{(a column: denominator layout)}",
        conditions="a ∈ ℝⁿ constant",
        symbolic=lambda rng: _sym_x_dot_a(rng, swap=True), group=NOTES,
        wrong=(Variant("the all-ones row (as if a were 1)", lambda C, a, x: np.ones_like(a)),),
    ),
    Identity(
        name="aᵀXb",
        latex=(r"\frac{\partial\, \mathbf{a}^\top X\mathbf{b}}{\partial X} = "
               r"\mathbf{a}\mathbf{b}^\top \in \mathbb{R}^{m\times n}"),
        args=(arg("X", "m n"), arg("a", "m"), arg("b", "n")), wrt="X",
        function=lambda X, a, b: a @ X @ b,
        claimed=lambda X, a, b: np.outer(a, b),
        shapes=({"m": 2, "n": 3}, {"m": 3, "n": 3}, {"m": 4, "n": 2}), mml="5.106",
        cookbook_eq="(70)",
        conditions="a ∈ ℝᵐ, b ∈ ℝⁿ constant",
        symbolic=_sym_a_x_b, group=NOTES,
        wrong=(Variant("b aᵀ reshaped to m×n (entries in the wrong places)",
                       lambda C, X, a, b: np.outer(b, a).reshape(len(a), len(b))),),
    ),
    Identity(
        name="xᵀBx",
        latex=(r"\frac{\partial\, \mathbf{x}^\top B\mathbf{x}}{\partial \mathbf{x}} = "
               r"\mathbf{x}^\top(B + B^\top) \in \mathbb{R}^{1\times n}"),
        args=(arg("x", "n"), arg("B", "n n")), wrt="x",
        function=lambda x, B: x @ B @ x,
        claimed=lambda x, B: x @ (B + B.T),
        shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.107", cookbook_eq="(81)",
        cookbook=r"(B + B^\top)\mathbf{x}\ \text{(a column)}",
        conditions="B (n×n) constant, not symmetric",
        symbolic=_sym_quadratic, group=NOTES,
        wrong=(Variant("2xᵀB (as if B were symmetric)", lambda C, x, B: 2 * x @ B),
               Variant("xᵀB (one of the two terms dropped)", lambda C, x, B: x @ B)),
    ),
    Identity(
        name="(x − As)ᵀW(x − As)",
        latex=(r"\frac{\partial}{\partial \mathbf{s}}(\mathbf{x} - A\mathbf{s})^\top W"
               r"(\mathbf{x} - A\mathbf{s}) = -2(\mathbf{x} - A\mathbf{s})^\top W A \in "
               r"\mathbb{R}^{1\times n}"),
        args=(arg("s", "n"), arg("x", "m"), arg("A", "m n"), arg("W", "m m", "symmetric")),
        wrt="s",
        function=lambda s, x, A, W: (x - A @ s) @ W @ (x - A @ s),
        claimed=lambda s, x, A, W: -2 * (x - A @ s) @ W @ A,
        shapes=({"m": 3, "n": 2}, {"m": 2, "n": 2}, {"m": 4, "n": 3}), mml="5.108",
        cookbook_eq="(84)",
        cookbook=r"-2A^\top W(\mathbf{x} - A\mathbf{s})\ \text{(a column)}",
        conditions="W (m×m) symmetric; x ∈ ℝᵐ, A (m×n) constant",
        symbolic=_sym_weighted_ls, group=NOTES,
        wrong=(Variant("Wᵀ in place of W", lambda C, s, x, A, W: -2 * (x - A @ s) @ W.T @ A),
               Variant("the general form −(x − As)ᵀ(W + Wᵀ)A",
                       lambda C, s, x, A, W: -(x - A @ s) @ (W + W.T) @ A),
               Variant("A dropped: −2(x − As)ᵀW",
                       lambda C, s, x, A, W: -2 * (x - A @ s) @ W)),
    ),
)


NOTES_IDENTITIES: tuple[Identity, ...] = TENSOR_RULES + FORMS
