"""Traces and determinants: log |det X|, det X, four traces, and log det(XᵀX + I).

Each is a scalar function of a matrix X, so its derivative has the shape of X (the book, MML,
the Matrix Cookbook, SymPy, PyTorch and JAX agree on that). The test matrices are general (not
symmetric), so a forgotten transpose (X⁻¹ for X⁻ᵀ) is caught. One ``Identity(...)`` declaration
per entry, its symbolic builder just above it.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import ML, inv, mat, sympy
from vcbook.identities.record import Identity, Variant, arg

TOPIC = "traces and determinants"


def _sym_logdet(rng):
    sp = sympy()[0]
    X = mat("X", 3, 3)
    return sp.log(X.det()), X, X.inv().T


LOG_ABS_DET = Identity(
    name="log |det X|",
    latex=(r"\frac{\partial \log\lvert\det X\rvert}{\partial X} = X^{-\top} "
           r"\in \mathbb{R}^{n\times n}"),
    args=(arg("X", "n n", "invertible"),), wrt="X",
    function=lambda X: ad.logdet(X),
    notation="logdet(X)",
    claimed=lambda X: inv(X).T,
    shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(57); (43)",
    conditions="X invertible, not symmetric (for det X > 0 this is log det X)",
    symbolic=_sym_logdet, group=ML, topic=TOPIC,
    wrong=(Variant("X⁻¹ (the transpose forgotten)", lambda C, X: inv(X)),
           Variant("det(X) X⁻ᵀ (the derivative of det X)",
                   lambda C, X: np.linalg.det(X) * inv(X).T)),
)


def _sym_det(rng):
    X = mat("X", 3, 3)
    return X.det(), X, X.det() * X.inv().T


DET = Identity(
    name="det X",
    latex=(r"\frac{\partial \det X}{\partial X} = \det(X)\,X^{-\top} "
           r"\in \mathbb{R}^{n\times n}"),
    args=(arg("X", "n n", "invertible"),), wrt="X",
    function=lambda X: ad.det(X),
    notation="det(X)",
    claimed=lambda X: np.linalg.det(X) * inv(X).T,
    shapes=({"n": 2}, {"n": 3}, {"n": 4}), mml="5.101 with f(X) = X", cookbook_eq="(49)",
    conditions="X invertible, not symmetric (the cofactor matrix is right for any X)",
    symbolic=_sym_det, group=ML, topic=TOPIC,
    wrong=(Variant("det(X) X⁻¹ (the transpose forgotten)",
                   lambda C, X: np.linalg.det(X) * inv(X)),
           Variant("X⁻ᵀ (the factor det X dropped)", lambda C, X: inv(X).T)),
)


def _sym_trace_ax(rng):
    X, A = mat("X", 2, 3), mat("A", 3, 2)
    return (A * X).trace(), X, A.T


TRACE_AX = Identity(
    name="tr(AX)",
    latex=(r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A^\top "
           r"\in \mathbb{R}^{m\times n}"),
    args=(arg("X", "m n"), arg("A", "n m")), wrt="X",
    function=lambda X, A: ad.trace(A @ X),
    notation="tr(A X)",
    claimed=lambda X, A: A.T.copy(),
    shapes=({"m": 2, "n": 3}, {"m": 3, "n": 3}, {"m": 4, "n": 2}),
    cookbook_eq="(100), as Tr(XA)",
    conditions="A (n×m) constant",
    symbolic=_sym_trace_ax, group=ML, topic=TOPIC,
    wrong=(Variant("I (as if A were the identity, when square)",
                   lambda C, X, A: np.eye(*X.shape)),),
)


def _sym_trace_axb(rng):
    A, X, B = mat("A", 2, 3), mat("X", 3, 2), mat("B", 2, 2)
    return (A * X * B).trace(), X, A.T * B.T


TRACE_AXB = Identity(
    name="tr(AXB)",
    latex=(r"\frac{\partial \operatorname{tr}(AXB)}{\partial X} = A^\top B^\top "
           r"\in \mathbb{R}^{m\times n}"),
    args=(arg("A", "p m"), arg("X", "m n"), arg("B", "n p")), wrt="X",
    function=lambda A, X, B: ad.trace(A @ X @ B),
    notation="tr(A X B)",
    claimed=lambda A, X, B: A.T @ B.T,
    shapes=({"m": 3, "n": 4, "p": 2}, {"m": 2, "n": 2, "p": 3}, {"m": 3, "n": 2, "p": 1},
            {"m": 2, "n": 3, "p": 3}),
    cookbook_eq="(101)",
    conditions="A (p×m), B (n×p) constant",
    symbolic=_sym_trace_axb, group=ML, topic=TOPIC,
    wrong=(Variant("B dropped: Aᵀ (when n = p)",
                   lambda C, A, X, B: A.T if A.T.shape == C.shape else None),),
)


def _sym_trace_xtax(rng):
    X, A = mat("X", 3, 2), mat("A", 3, 3)
    return (X.T * A * X).trace(), X, (A + A.T) * X


TRACE_XTAX = Identity(
    name="tr(XᵀAX)",
    latex=(r"\frac{\partial \operatorname{tr}(X^\top AX)}{\partial X} = (A + A^\top)X "
           r"\in \mathbb{R}^{m\times n}"),
    args=(arg("X", "m n"), arg("A", "m m")), wrt="X",
    function=lambda X, A: ad.trace(X.T @ A @ X),
    notation="tr(X^T A X)",
    claimed=lambda X, A: (A + A.T) @ X,
    shapes=({"m": 3, "n": 2}, {"m": 2, "n": 2}, {"m": 2, "n": 4}), cookbook_eq="(108)",
    conditions="A (m×m) constant, not symmetric",
    symbolic=_sym_trace_xtax, group=ML, topic=TOPIC,
    wrong=(Variant("2AX (as if A were symmetric)", lambda C, X, A: 2 * A @ X),
           Variant("AX (one term dropped)", lambda C, X, A: A @ X)),
)


def _sym_trace_xinv_a(rng):
    X, A = mat("X", 2, 2), mat("A", 2, 2)
    Xit = X.inv().T
    return (X.inv() * A).trace(), X, -Xit * A.T * Xit


TRACE_XINV_A = Identity(
    name="tr(X⁻¹A)",
    latex=(r"\frac{\partial \operatorname{tr}(X^{-1}A)}{\partial X} = "
           r"-X^{-\top}A^\top X^{-\top} \in \mathbb{R}^{n\times n}"),
    args=(arg("X", "n n", "invertible"), arg("A", "n n")), wrt="X",
    function=lambda X, A: ad.trace(ad.inv(X) @ A),
    notation="tr(inv(X) A)",
    claimed=lambda X, A: -inv(X).T @ A.T @ inv(X).T,
    shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(63), (124)",
    conditions="X invertible, not symmetric; A (n×n) constant, not symmetric",
    symbolic=_sym_trace_xinv_a, group=ML, topic=TOPIC,
    wrong=(Variant("A instead of Aᵀ in the middle",
                   lambda C, X, A: -inv(X).T @ A @ inv(X).T),
           Variant("−X⁻²A-style: −(X⁻¹)²A, transposed",
                   lambda C, X, A: -(inv(X) @ inv(X) @ A).T)),
)


def _sym_logdet_gram(rng):
    sp = sympy()[0]
    X = mat("X", 3, 2)
    K = X.T * X + sp.eye(2)
    return sp.log(K.det()), X, 2 * X * K.inv()


LOGDET_GRAM = Identity(
    name="log det(XᵀX + I)",
    latex=(r"\frac{\partial \log\det(X^\top X + I)}{\partial X} = 2X(X^\top X + I)^{-1} "
           r"\in \mathbb{R}^{m\times n}"),
    args=(arg("X", "m n"),), wrt="X",
    function=lambda X: ad.logdet(X.T @ X + np.eye(X.shape[1])),
    notation="logdet(X^T X + I)",
    claimed=lambda X: 2 * X @ inv(X.T @ X + np.eye(X.shape[1])),
    shapes=({"m": 3, "n": 2}, {"m": 2, "n": 3}, {"m": 4, "n": 4}),
    cookbook_eq="(43) and the chain rule",
    conditions="X (m×n) any: XᵀX + I is symmetric positive definite",
    symbolic=_sym_logdet_gram, group=ML, topic=TOPIC,
    wrong=(Variant("(XᵀX + I)⁻ᵀ in place of (XᵀX + I)⁻¹",
                   lambda C, X: 2 * X @ inv(X.T @ X + np.eye(X.shape[1])).T),
           Variant("2X (the inverse forgotten)", lambda C, X: 2 * X)),
)


TRACES_AND_DETERMINANTS: tuple[Identity, ...] = (LOG_ABS_DET, DET, TRACE_AX, TRACE_AXB,
                                                 TRACE_XTAX, TRACE_XINV_A, LOGDET_GRAM)
"""The seven entries in the catalogue's order: determinants, traces, then log det(XᵀX + I)."""
