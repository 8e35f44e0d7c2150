"""Linear, bilinear and quadratic forms: scalars made of vectors and a matrix, such as aᵀXb.

MML 5.103–5.107 from the notes' §6 (aᵀX⁻¹b, xᵀa, aᵀx, aᵀXb, xᵀBx), then aᵀXᵀXb and the
bilinear form of two affine maps (Ax + b)ᵀC(Dx + e). A derivative by a vector is a 1×n row in
print, shape (n,) in code; by a matrix it has the matrix's shape. One ``Identity(...)``
declaration per entry, its symbolic builder just above it.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import ML, NOTES, inv, mat, vec
from vcbook.identities.record import Identity, Variant, arg

TOPIC = "linear, bilinear and quadratic forms"


def _sym_a_xinv_b(rng):
    X, a, b = mat("X", 2, 2), vec("a", 2), vec("b", 2)
    Xit = X.inv().T
    return (a.T * X.inv() * b)[0, 0], X, -Xit * a * b.T * Xit


A_XINV_B = Identity(
    name="aᵀX⁻¹b",
    latex=(r"\frac{\partial\, \mathbf{a}^\top X^{-1}\mathbf{b}}{\partial X} = "
           r"-X^{-\top}\mathbf{a}\mathbf{b}^\top X^{-\top} \in \mathbb{R}^{n\times n}"),
    args=(arg("X", "n n", "invertible"), arg("a", "n"), arg("b", "n")), wrt="X",
    function=lambda X, a, b: a @ ad.inv(X) @ b,
    notation="a^T inv(X) b",
    claimed=lambda X, a, b: -inv(X).T @ np.outer(a, b) @ inv(X).T,
    shapes=({"n": 2}, {"n": 3}, {"n": 4}), mml="5.103", cookbook_eq="(61)",
    conditions="X (n×n) invertible (not symmetric); a, b ∈ ℝⁿ constant",
    symbolic=_sym_a_xinv_b, group=NOTES, topic=TOPIC,
    wrong=(Variant("X⁻¹ in place of X⁻ᵀ (both factors)",
                   lambda C, X, a, b: -inv(X) @ np.outer(a, b) @ inv(X)),
           Variant("a and b swapped",
                   lambda C, X, a, b: -inv(X).T @ np.outer(b, a) @ inv(X).T)),
)


def _sym_x_dot_a(rng, swap):
    """xᵀa (or aᵀx when ``swap``) by x: the row aᵀ."""
    x, a = vec("x", 3), vec("a", 3)
    return ((a.T * x) if swap else (x.T * a))[0, 0], x, a.T


X_DOT_A = Identity(
    name="xᵀa",
    latex=(r"\frac{\partial\, \mathbf{x}^\top\mathbf{a}}{\partial \mathbf{x}} = "
           r"\mathbf{a}^\top \in \mathbb{R}^{1\times n}"),
    args=(arg("x", "n"), arg("a", "n")), wrt="x",
    function=lambda x, a: x @ a,
    notation="x^T a",
    claimed=lambda x, a: a.copy(),
    shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.104", cookbook_eq="(69)",
    cookbook=r"\mathbf{a}\ \text{(a column: denominator layout)}",
    conditions="a ∈ ℝⁿ constant",
    symbolic=lambda rng: _sym_x_dot_a(rng, swap=False), group=NOTES, topic=TOPIC,
    wrong=(Variant("x in place of a", lambda C, x, a: x.copy()),),
)

A_DOT_X = Identity(
    name="aᵀx",
    latex=(r"\frac{\partial\, \mathbf{a}^\top\mathbf{x}}{\partial \mathbf{x}} = "
           r"\mathbf{a}^\top \in \mathbb{R}^{1\times n}"),
    args=(arg("a", "n"), arg("x", "n")), wrt="x",
    function=lambda a, x: a @ x,
    notation="a^T x",
    claimed=lambda a, x: a.copy(),
    shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.105", cookbook_eq="(69)",
    cookbook=r"\mathbf{a}\ \text{(a column: denominator layout)}",
    conditions="a ∈ ℝⁿ constant",
    symbolic=lambda rng: _sym_x_dot_a(rng, swap=True), group=NOTES, topic=TOPIC,
    wrong=(Variant("the all-ones row (as if a were 1)", lambda C, a, x: np.ones_like(a)),),
)


def _sym_a_x_b(rng):
    X, a, b = mat("X", 2, 3), vec("a", 2), vec("b", 3)
    return (a.T * X * b)[0, 0], X, a * b.T


A_X_B = Identity(
    name="aᵀXb",
    latex=(r"\frac{\partial\, \mathbf{a}^\top X\mathbf{b}}{\partial X} = "
           r"\mathbf{a}\mathbf{b}^\top \in \mathbb{R}^{m\times n}"),
    args=(arg("X", "m n"), arg("a", "m"), arg("b", "n")), wrt="X",
    function=lambda X, a, b: a @ X @ b,
    notation="a^T X b",
    claimed=lambda X, a, b: np.outer(a, b),
    shapes=({"m": 2, "n": 3}, {"m": 3, "n": 3}, {"m": 4, "n": 2}), mml="5.106",
    cookbook_eq="(70)",
    conditions="a ∈ ℝᵐ, b ∈ ℝⁿ constant",
    symbolic=_sym_a_x_b, group=NOTES, topic=TOPIC,
    wrong=(Variant("b aᵀ reshaped to m×n (entries in the wrong places)",
                   lambda C, X, a, b: np.outer(b, a).reshape(len(a), len(b))),),
)


def _sym_quadratic(rng):
    x, B = vec("x", 3), mat("B", 3, 3)
    return (x.T * B * x)[0, 0], x, x.T * (B + B.T)


QUADRATIC = Identity(
    name="xᵀBx",
    latex=(r"\frac{\partial\, \mathbf{x}^\top B\mathbf{x}}{\partial \mathbf{x}} = "
           r"\mathbf{x}^\top(B + B^\top) \in \mathbb{R}^{1\times n}"),
    args=(arg("x", "n"), arg("B", "n n")), wrt="x",
    function=lambda x, B: x @ B @ x,
    notation="x^T B x",
    claimed=lambda x, B: x @ (B + B.T),
    shapes=({"n": 2}, {"n": 3}, {"n": 5}), mml="5.107", cookbook_eq="(81)",
    cookbook=r"(B + B^\top)\mathbf{x}\ \text{(a column)}",
    conditions="B (n×n) constant, not symmetric",
    symbolic=_sym_quadratic, group=NOTES, topic=TOPIC,
    wrong=(Variant("2xᵀB (as if B were symmetric)", lambda C, x, B: 2 * x @ B),
           Variant("xᵀB (one of the two terms dropped)", lambda C, x, B: x @ B)),
)


def _sym_atxtxb(rng):
    X, a, b = mat("X", 3, 2), vec("a", 2), vec("b", 2)
    return (a.T * X.T * X * b)[0, 0], X, X * (a * b.T + b * a.T)


A_XTX_B = Identity(
    name="aᵀXᵀXb",
    latex=(r"\frac{\partial\, \mathbf{a}^\top X^\top X\mathbf{b}}{\partial X} = "
           r"X(\mathbf{a}\mathbf{b}^\top + \mathbf{b}\mathbf{a}^\top) "
           r"\in \mathbb{R}^{m\times n}"),
    args=(arg("X", "m n"), arg("a", "n"), arg("b", "n")), wrt="X",
    function=lambda X, a, b: a @ X.T @ X @ b,
    notation="a^T X^T X b",
    claimed=lambda X, a, b: X @ (np.outer(a, b) + np.outer(b, a)),
    shapes=({"m": 3, "n": 2}, {"m": 2, "n": 3}, {"m": 3, "n": 3}), cookbook_eq="(77)",
    conditions="a, b ∈ ℝⁿ constant",
    symbolic=_sym_atxtxb, group=ML, topic=TOPIC,
    wrong=(Variant("2X abᵀ (as if abᵀ were symmetric)",
                   lambda C, X, a, b: 2 * X @ np.outer(a, b)),),
)


def _sym_bilinear_affine(rng):
    x, A, b = vec("x", 2), mat("A", 2, 2), vec("b", 2)
    C, D, e = mat("C", 2, 3), mat("D", 3, 2), vec("e", 3)
    u, v = A * x + b, D * x + e
    return (u.T * C * v)[0, 0], x, (C * v).T * A + u.T * C * D


BILINEAR_AFFINE = Identity(
    name="(Ax + b)ᵀC(Dx + e)",
    latex=(r"\frac{\partial\, (A\mathbf{x} + \mathbf{b})^\top C(D\mathbf{x} + \mathbf{e})}"
           r"{\partial \mathbf{x}} = (D\mathbf{x} + \mathbf{e})^\top C^\top A + "
           r"(A\mathbf{x} + \mathbf{b})^\top C D \in \mathbb{R}^{1\times n}"),
    args=(arg("x", "n"), arg("A", "k n"), arg("b", "k"), arg("C", "k l"), arg("D", "l n"),
          arg("e", "l")), wrt="x",
    function=lambda x, A, b, C, D, e: (A @ x + b) @ C @ (D @ x + e),
    notation="(A x + b)^T C (D x + e)",
    claimed=lambda x, A, b, C, D, e: (C @ (D @ x + e)) @ A + ((A @ x + b) @ C) @ D,
    shapes=({"n": 2, "k": 3, "l": 2}, {"n": 3, "k": 2, "l": 4}, {"n": 4, "k": 4, "l": 4}),
    cookbook_eq="(78)",
    cookbook=(r"A^\top C(D\mathbf{x} + \mathbf{e}) + D^\top C^\top(A\mathbf{x} + "
              r"\mathbf{b})\ \text{(a column)}"),
    conditions="A (k×n), b ∈ ℝᵏ, C (k×l), D (l×n), e ∈ ℝˡ constant",
    symbolic=_sym_bilinear_affine, group=ML, topic=TOPIC,
    wrong=(Variant("the second term dropped",
                   lambda C_, x, A, b, C, D, e: (C @ (D @ x + e)) @ A),
           Variant("C in place of Cᵀ in the first term (C square)",
                   lambda C_, x, A, b, C, D, e: ((D @ x + e) @ C) @ A
                   + ((A @ x + b) @ C) @ D if C.shape[0] == C.shape[1] else None)),
)


FORMS: tuple[Identity, ...] = (A_XINV_B, X_DOT_A, A_DOT_X, A_X_B, QUADRATIC, A_XTX_B,
                               BILINEAR_AFFINE)
"""The seven entries in the catalogue's order: MML 5.103–5.107, then the two others."""
