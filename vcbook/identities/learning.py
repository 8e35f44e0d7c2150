"""Identities machine learning uses every day: determinants and traces, norms and residuals,
softmax and log-sum-exp, the least-squares, logistic and cross-entropy losses, a Gaussian.
One ``Identity(...)`` declaration per entry.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import (
    inv,
    mat,
    sigmoid_np,
    softmax,
    softmax_np,
    sym_matrix,
    sympy,
    vec,
)
from vcbook.identities.record import Identity, Variant, arg


def _sym_logdet(rng):
    sp = sympy()[0]
    X = mat("X", 3, 3)
    return sp.log(X.det()), X, X.inv().T


def _sym_det(rng):
    X = mat("X", 3, 3)
    return X.det(), X, X.det() * X.inv().T


def _sym_trace_ax(rng):
    X, A = mat("X", 2, 3), mat("A", 3, 2)
    return (A * X).trace(), X, A.T


def _sym_trace_axb_closed(rng):
    A, X, B = mat("A", 2, 3), mat("X", 3, 2), mat("B", 2, 2)
    return (A * X * B).trace(), X, A.T * B.T


def _sym_trace_xtax(rng):
    X, A = mat("X", 3, 2), mat("A", 3, 3)
    return (X.T * A * X).trace(), X, (A + A.T) * X


def _sym_trace_xinv_a(rng):
    X, A = mat("X", 2, 2), mat("A", 2, 2)
    Xit = X.inv().T
    return (X.inv() * A).trace(), X, -Xit * A.T * Xit


def _sym_norm(rng):
    sp = sympy()[0]
    x = vec("x", 3)
    norm = sp.sqrt((x.T * x)[0, 0])
    return norm, x, x.T / norm


def _sym_residual(rng):
    A, x, b = mat("A", 2, 3), vec("x", 3), vec("b", 2)
    r = A * x - b
    return (r.T * r)[0, 0], x, 2 * r.T * A


def _sym_atxtxb(rng):
    X, a, b = mat("X", 3, 2), vec("a", 2), vec("b", 2)
    return (a.T * X.T * X * b)[0, 0], X, X * (a * b.T + b * a.T)


def _sym_bilinear_affine(rng):
    x, A, b = vec("x", 2), mat("A", 2, 2), vec("b", 2)
    C, D, e = mat("C", 2, 3), mat("D", 3, 2), vec("e", 3)
    u, v = A * x + b, D * x + e
    return (u.T * C * v)[0, 0], x, (C * v).T * A + u.T * C * D


def _sym_softmax_parts(n=3):
    sp = sympy()[0]
    z = vec("z", n)
    e = z.applyfunc(sp.exp)
    return sp, z, e / sum(e)


def _sym_softmax(rng):
    sp, z, s = _sym_softmax_parts()
    return s, z, sp.diag(*s) - s * s.T


def _sym_lse(rng):
    sp, z, s = _sym_softmax_parts()
    return sp.log(sum(z.applyfunc(sp.exp))), z, s.T


def _sym_least_squares(rng):
    y, Phi, theta = vec("y", 3), mat("Phi", 3, 2), vec("theta", 2)
    e = y - Phi * theta
    return (e.T * e)[0, 0], theta, -2 * e.T * Phi


def _sym_multi_ls(rng):
    X, W, Y = mat("X", 3, 2), mat("W", 2, 2), mat("Y", 3, 2)
    R = Y - X * W
    return (R.T * R).trace(), W, -2 * X.T * R


def _sym_logistic(rng):
    sp = sympy()[0]
    X, w = mat("X", 3, 2), vec("w", 2)
    y = sp.Matrix([0, 1, 1])
    p = (X * w).applyfunc(lambda z: 1 / (1 + sp.exp(-z)))
    loss = -sum(y[i] * sp.log(p[i]) + (1 - y[i]) * sp.log(1 - p[i]) for i in range(3))
    return loss, w, (p - y).T * X


def _sym_softmax_ce(rng):
    sp, z, s = _sym_softmax_parts()
    y = sp.Matrix([0, 1, 0])
    return -sum(y[i] * sp.log(s[i]) for i in range(3)), z, (s - y).T


def _sym_gaussian(rng):
    x, mu, S = vec("x", 2), vec("mu", 2), sym_matrix("S", 2)
    d = x - mu
    return (-d.T * S.inv() * d / 2)[0, 0], mu, d.T * S.inv()


def _sym_logdet_gram(rng):
    sp = sympy()[0]
    X = mat("X", 3, 2)
    K = X.T * X + sp.eye(2)
    return sp.log(K.det()), X, 2 * X * K.inv()


def _logistic_loss(X, y, w):
    p = 1.0 / (1.0 + ad.exp(-(X @ w)))
    return -ad.sum(y * ad.log(p) + (1.0 - y) * ad.log(1.0 - p))


LEARNING_IDENTITIES: tuple[Identity, ...] = (
    Identity(
        name="log |det X|",
        latex=(r"\frac{\partial \log\lvert\det X\rvert}{\partial X} = X^{-\top} "
               r"\in \mathbb{R}^{n\times n}"),
        args=(arg("X", "n n", "invertible"),), wrt="X",
        function=lambda X: ad.logdet(X),
        claimed=lambda X: inv(X).T,
        shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(57); (43)",
        conditions="X invertible, not symmetric (for det X > 0 this is log det X)",
        symbolic=_sym_logdet,
        wrong=(Variant("X⁻¹ (the transpose forgotten)", lambda C, X: inv(X)),
               Variant("det(X) X⁻ᵀ (the derivative of det X)",
                       lambda C, X: np.linalg.det(X) * inv(X).T)),
    ),
    Identity(
        name="det X",
        latex=(r"\frac{\partial \det X}{\partial X} = \det(X)\,X^{-\top} "
               r"\in \mathbb{R}^{n\times n}"),
        args=(arg("X", "n n", "invertible"),), wrt="X",
        function=lambda X: ad.det(X),
        claimed=lambda X: np.linalg.det(X) * inv(X).T,
        shapes=({"n": 2}, {"n": 3}, {"n": 4}), mml="5.101 with f(X) = X", cookbook_eq="(49)",
        conditions="X invertible, not symmetric (the cofactor matrix is right for any X)",
        symbolic=_sym_det,
        wrong=(Variant("det(X) X⁻¹ (the transpose forgotten)",
                       lambda C, X: np.linalg.det(X) * inv(X)),
               Variant("X⁻ᵀ (the factor det X dropped)", lambda C, X: inv(X).T)),
    ),
    Identity(
        name="tr(AX)",
        latex=(r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A^\top "
               r"\in \mathbb{R}^{m\times n}"),
        args=(arg("X", "m n"), arg("A", "n m")), wrt="X",
        function=lambda X, A: ad.trace(A @ X),
        claimed=lambda X, A: A.T.copy(),
        shapes=({"m": 2, "n": 3}, {"m": 3, "n": 3}, {"m": 4, "n": 2}),
        cookbook_eq="(100), as Tr(XA)",
        conditions="A (n×m) constant",
        symbolic=_sym_trace_ax,
        wrong=(Variant("I (as if A were the identity, when square)",
                       lambda C, X, A: np.eye(*X.shape)),),
    ),
    Identity(
        name="tr(AXB)",
        latex=(r"\frac{\partial \operatorname{tr}(AXB)}{\partial X} = A^\top B^\top "
               r"\in \mathbb{R}^{m\times n}"),
        args=(arg("A", "p m"), arg("X", "m n"), arg("B", "n p")), wrt="X",
        function=lambda A, X, B: ad.trace(A @ X @ B),
        claimed=lambda A, X, B: A.T @ B.T,
        shapes=({"m": 3, "n": 4, "p": 2}, {"m": 2, "n": 2, "p": 3}, {"m": 3, "n": 2, "p": 1},
                {"m": 2, "n": 3, "p": 3}),
        cookbook_eq="(101)",
        conditions="A (p×m), B (n×p) constant",
        symbolic=_sym_trace_axb_closed,
        wrong=(Variant("B dropped: Aᵀ (when n = p)",
                       lambda C, A, X, B: A.T if A.T.shape == C.shape else None),),
    ),
    Identity(
        name="tr(XᵀAX)",
        latex=(r"\frac{\partial \operatorname{tr}(X^\top AX)}{\partial X} = (A + A^\top)X "
               r"\in \mathbb{R}^{m\times n}"),
        args=(arg("X", "m n"), arg("A", "m m")), wrt="X",
        function=lambda X, A: ad.trace(X.T @ A @ X),
        claimed=lambda X, A: (A + A.T) @ X,
        shapes=({"m": 3, "n": 2}, {"m": 2, "n": 2}, {"m": 2, "n": 4}), cookbook_eq="(108)",
        conditions="A (m×m) constant, not symmetric",
        symbolic=_sym_trace_xtax,
        wrong=(Variant("2AX (as if A were symmetric)", lambda C, X, A: 2 * A @ X),
               Variant("AX (one term dropped)", lambda C, X, A: A @ X)),
    ),
    Identity(
        name="tr(X⁻¹A)",
        latex=(r"\frac{\partial \operatorname{tr}(X^{-1}A)}{\partial X} = "
               r"-X^{-\top}A^\top X^{-\top} \in \mathbb{R}^{n\times n}"),
        args=(arg("X", "n n", "invertible"), arg("A", "n n")), wrt="X",
        function=lambda X, A: ad.trace(ad.inv(X) @ A),
        claimed=lambda X, A: -inv(X).T @ A.T @ inv(X).T,
        shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(63), (124)",
        conditions="X invertible, not symmetric; A (n×n) constant, not symmetric",
        symbolic=_sym_trace_xinv_a,
        wrong=(Variant("A instead of Aᵀ in the middle",
                       lambda C, X, A: -inv(X).T @ A @ inv(X).T),
               Variant("−X⁻²A-style: −(X⁻¹)²A, transposed",
                       lambda C, X, A: -(inv(X) @ inv(X) @ A).T)),
    ),
    Identity(
        name="‖x‖₂",
        latex=(r"\frac{\partial \lVert\mathbf{x}\rVert_2}{\partial \mathbf{x}} = "
               r"\frac{\mathbf{x}^\top}{\lVert\mathbf{x}\rVert_2} \in \mathbb{R}^{1\times n}"),
        args=(arg("x", "n", "nonzero"),), wrt="x",
        function=lambda x: ad.sqrt(x @ x),
        claimed=lambda x: x / np.linalg.norm(x),
        shapes=({"n": 2}, {"n": 3}, {"n": 6}), cookbook_eq="(129) with a = 0",
        cookbook=r"\mathbf{x}/\lVert\mathbf{x}\rVert_2\ \text{(a column)}",
        conditions="x ≠ 0 (the norm has no derivative at 0)",
        symbolic=_sym_norm,
        wrong=(Variant("2xᵀ (the gradient of ‖x‖², not ‖x‖)", lambda C, x: 2 * x),
               Variant("xᵀ/‖x‖² (one norm too many)", lambda C, x: x / (x @ x))),
    ),
    Identity(
        name="‖Ax − b‖²",
        latex=(r"\frac{\partial \lVert A\mathbf{x} - \mathbf{b}\rVert_2^2}{\partial \mathbf{x}}"
               r" = 2(A\mathbf{x} - \mathbf{b})^\top A \in \mathbb{R}^{1\times n}"),
        args=(arg("x", "n"), arg("A", "m n"), arg("b", "m")), wrt="x",
        function=lambda x, A, b: (A @ x - b) @ (A @ x - b),
        claimed=lambda x, A, b: 2 * (A @ x - b) @ A,
        shapes=({"m": 3, "n": 2}, {"m": 4, "n": 4}, {"m": 2, "n": 3}),
        cookbook_eq="(84) with W = I",
        cookbook=r"2A^\top(A\mathbf{x} - \mathbf{b})\ \text{(a column)}",
        conditions="A (m×n), b ∈ ℝᵐ constant",
        symbolic=_sym_residual,
        wrong=(Variant("A dropped: 2(Ax − b)ᵀ", lambda C, x, A, b: 2 * (A @ x - b)),),
    ),
    Identity(
        name="aᵀXᵀXb",
        latex=(r"\frac{\partial\, \mathbf{a}^\top X^\top X\mathbf{b}}{\partial X} = "
               r"X(\mathbf{a}\mathbf{b}^\top + \mathbf{b}\mathbf{a}^\top) "
               r"\in \mathbb{R}^{m\times n}"),
        args=(arg("X", "m n"), arg("a", "n"), arg("b", "n")), wrt="X",
        function=lambda X, a, b: a @ X.T @ X @ b,
        claimed=lambda X, a, b: X @ (np.outer(a, b) + np.outer(b, a)),
        shapes=({"m": 3, "n": 2}, {"m": 2, "n": 3}, {"m": 3, "n": 3}), cookbook_eq="(77)",
        conditions="a, b ∈ ℝⁿ constant",
        symbolic=_sym_atxtxb,
        wrong=(Variant("2X abᵀ (as if abᵀ were symmetric)",
                       lambda C, X, a, b: 2 * X @ np.outer(a, b)),),
    ),
    Identity(
        name="(Ax + b)ᵀC(Dx + e)",
        latex=(r"\frac{\partial\, (A\mathbf{x} + \mathbf{b})^\top C(D\mathbf{x} + \mathbf{e})}"
               r"{\partial \mathbf{x}} = (D\mathbf{x} + \mathbf{e})^\top C^\top A + "
               r"(A\mathbf{x} + \mathbf{b})^\top C D \in \mathbb{R}^{1\times n}"),
        args=(arg("x", "n"), arg("A", "k n"), arg("b", "k"), arg("C", "k l"), arg("D", "l n"),
              arg("e", "l")), wrt="x",
        function=lambda x, A, b, C, D, e: (A @ x + b) @ C @ (D @ x + e),
        claimed=lambda x, A, b, C, D, e: (C @ (D @ x + e)) @ A + ((A @ x + b) @ C) @ D,
        shapes=({"n": 2, "k": 3, "l": 2}, {"n": 3, "k": 2, "l": 4}, {"n": 4, "k": 4, "l": 4}),
        cookbook_eq="(78)",
        cookbook=(r"A^\top C(D\mathbf{x} + \mathbf{e}) + D^\top C^\top(A\mathbf{x} + "
                  r"\mathbf{b})\ \text{(a column)}"),
        conditions="A (k×n), b ∈ ℝᵏ, C (k×l), D (l×n), e ∈ ℝˡ constant",
        symbolic=_sym_bilinear_affine,
        wrong=(Variant("the second term dropped",
                       lambda C_, x, A, b, C, D, e: (C @ (D @ x + e)) @ A),
               Variant("C in place of Cᵀ in the first term (C square)",
                       lambda C_, x, A, b, C, D, e: ((D @ x + e) @ C) @ A
                       + ((A @ x + b) @ C) @ D if C.shape[0] == C.shape[1] else None)),
    ),
    Identity(
        name="softmax",
        latex=(r"\frac{\partial\, \operatorname{softmax}(\mathbf{z})}{\partial \mathbf{z}} = "
               r"\operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top "
               r"\in \mathbb{R}^{n\times n},\quad "
               r"\mathbf{s} = \operatorname{softmax}(\mathbf{z}) = "
               r"\frac{e^{\mathbf{z}}}{\sum_i e^{z_i}}"),
        args=(arg("z", "n"),), wrt="z",
        function=softmax,
        claimed=lambda z: np.diag(softmax_np(z)) - np.outer(softmax_np(z), softmax_np(z)),
        shapes=({"n": 2}, {"n": 3}, {"n": 5}),
        conditions="z ∈ ℝⁿ; the Jacobian is symmetric, so both layouts print the same matrix",
        symbolic=_sym_softmax,
        wrong=(Variant("diag(s) (the −ssᵀ term dropped)", lambda C, z: np.diag(softmax_np(z))),
               Variant("s(1 − s) on the diagonal only",
                       lambda C, z: np.diag(softmax_np(z) * (1 - softmax_np(z))))),
    ),
    Identity(
        name="log-sum-exp",
        latex=(r"\frac{\partial}{\partial \mathbf{z}} \log\sum_i e^{z_i} = "
               r"\operatorname{softmax}(\mathbf{z})^\top \in \mathbb{R}^{1\times n}"),
        args=(arg("z", "n"),), wrt="z",
        function=lambda z: ad.log(ad.sum(ad.exp(z))),
        claimed=softmax_np,
        shapes=({"n": 2}, {"n": 4}, {"n": 7}),
        conditions="z ∈ ℝⁿ",
        symbolic=_sym_lse,
        wrong=(Variant("e^z (the normalisation forgotten)", lambda C, z: np.exp(z)),),
    ),
    Identity(
        name="least squares",
        latex=(r"\frac{\partial \lVert \mathbf{y} - \Phi\boldsymbol{\theta}\rVert_2^2}"
               r"{\partial \boldsymbol{\theta}} = -2\mathbf{e}^\top\Phi \in \mathbb{R}^{1\times d},"
               r"\quad \mathbf{e} = \mathbf{y} - \Phi\boldsymbol{\theta}"),
        args=(arg("theta", "d"), arg("Phi", "N d"), arg("y", "N")), wrt="theta",
        function=lambda theta, Phi, y: (y - Phi @ theta) @ (y - Phi @ theta),
        claimed=lambda theta, Phi, y: -2 * (y - Phi @ theta) @ Phi,
        shapes=({"N": 5, "d": 2}, {"N": 8, "d": 3}, {"N": 3, "d": 3}), mml="§5.3",
        cookbook_eq="(84) with W = I",
        cookbook=r"-2\Phi^\top(\mathbf{y} - \Phi\boldsymbol{\theta})\ \text{(a column)}",
        conditions="features Φ (N×d) and targets y ∈ ℝᴺ constant",
        symbolic=_sym_least_squares,
        wrong=(Variant("Φ dropped: −2eᵀ", lambda C, theta, Phi, y: -2 * (y - Phi @ theta)),),
    ),
    Identity(
        name="multi-output least squares",
        latex=(r"\frac{\partial \lVert Y - XW\rVert_F^2}{\partial W} = -2X^\top(Y - XW) "
               r"\in \mathbb{R}^{d\times k}"),
        args=(arg("W", "d k"), arg("X", "N d"), arg("Y", "N k")), wrt="W",
        function=lambda W, X, Y: ad.sum((Y - X @ W) * (Y - X @ W)),
        claimed=lambda W, X, Y: -2 * X.T @ (Y - X @ W),
        shapes=({"N": 5, "d": 2, "k": 3}, {"N": 6, "d": 3, "k": 3}, {"N": 4, "d": 3, "k": 1}),
        cookbook_eq="(119) with A = −X, B = I, C = Y",
        conditions="inputs X (N×d) and targets Y (N×k) constant",
        symbolic=_sym_multi_ls,
        wrong=(Variant("the XW term dropped: −2XᵀY", lambda C, W, X, Y: -2 * X.T @ Y),),
    ),
    Identity(
        name="logistic loss",
        latex=(r"\frac{\partial}{\partial \mathbf{w}}\Big(-\sum_i \big[y_i\log\sigma(z_i) + "
               r"(1 - y_i)\log(1 - \sigma(z_i))\big]\Big) = "
               r"(\sigma(X\mathbf{w}) - \mathbf{y})^\top X \in \mathbb{R}^{1\times d},"
               r"\quad \mathbf{z} = X\mathbf{w}"),
        args=(arg("w", "d"), arg("X", "N d"), arg("y", "N", "labels")), wrt="w",
        function=lambda w, X, y: _logistic_loss(X, y, w),
        claimed=lambda w, X, y: (sigmoid_np(X @ w) - y) @ X,
        shapes=({"N": 6, "d": 2}, {"N": 10, "d": 3}, {"N": 4, "d": 4}),
        conditions="σ(t) = 1/(1 + e^(−t)); inputs X (N×d) and labels y ∈ {0, 1}ᴺ constant",
        symbolic=_sym_logistic,
        wrong=(Variant("σ(Xw)ᵀX (the labels forgotten)", lambda C, w, X, y: sigmoid_np(X @ w) @ X),
               Variant("X dropped: (σ(Xw) − y)ᵀ", lambda C, w, X, y: sigmoid_np(X @ w) - y)),
    ),
    Identity(
        name="softmax cross-entropy",
        latex=(r"\frac{\partial}{\partial \mathbf{z}}\Big(-\sum_i y_i \log "
               r"\operatorname{softmax}(\mathbf{z})_i\Big) = (\operatorname{softmax}(\mathbf{z})"
               r" - \mathbf{y})^\top \in \mathbb{R}^{1\times n}"),
        args=(arg("z", "n"), arg("y", "n", "onehot")), wrt="z",
        function=lambda z, y: -ad.sum(y * ad.log(softmax(z))),
        claimed=lambda z, y: softmax_np(z) - y,
        shapes=({"n": 2}, {"n": 3}, {"n": 6}),
        conditions="y a one-hot label (its entries sum to 1)",
        symbolic=_sym_softmax_ce,
        wrong=(Variant("softmax(z) (the label forgotten)", lambda C, z, y: softmax_np(z)),
               Variant("−y (the softmax term forgotten)", lambda C, z, y: -y)),
    ),
    Identity(
        name="Gaussian log-density in the mean",
        latex=(r"\frac{\partial}{\partial \boldsymbol{\mu}}\Big(-\tfrac12(\mathbf{x} - "
               r"\boldsymbol{\mu})^\top S^{-1}(\mathbf{x} - \boldsymbol{\mu})\Big) = "
               r"(\mathbf{x} - \boldsymbol{\mu})^\top S^{-1} \in \mathbb{R}^{1\times n}"),
        args=(arg("mu", "n"), arg("x", "n"), arg("S", "n n", "spd")), wrt="mu",
        function=lambda mu, x, S: -0.5 * (x - mu) @ ad.solve(S, x - mu),
        claimed=lambda mu, x, S: (x - mu) @ inv(S),
        shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(86) with W = S⁻¹",
        cookbook=r"S^{-1}(\mathbf{x} - \boldsymbol{\mu})\ \text{(a column)}",
        conditions="S symmetric positive definite (a covariance); x ∈ ℝⁿ constant",
        symbolic=_sym_gaussian,
        wrong=(Variant("S⁻ᵀ in place of S⁻¹", lambda C, mu, x, S: (x - mu) @ inv(S).T),
               Variant("S in place of S⁻¹", lambda C, mu, x, S: (x - mu) @ S)),
    ),
    Identity(
        name="log det(XᵀX + I)",
        latex=(r"\frac{\partial \log\det(X^\top X + I)}{\partial X} = 2X(X^\top X + I)^{-1} "
               r"\in \mathbb{R}^{m\times n}"),
        args=(arg("X", "m n"),), wrt="X",
        function=lambda X: ad.logdet(X.T @ X + np.eye(X.shape[1])),
        claimed=lambda X: 2 * X @ inv(X.T @ X + np.eye(X.shape[1])),
        shapes=({"m": 3, "n": 2}, {"m": 2, "n": 3}, {"m": 4, "n": 4}),
        cookbook_eq="(43) and the chain rule",
        conditions="X (m×n) any: XᵀX + I is symmetric positive definite",
        symbolic=_sym_logdet_gram,
        wrong=(Variant("(XᵀX + I)⁻ᵀ in place of (XᵀX + I)⁻¹",
                       lambda C, X: 2 * X @ inv(X.T @ X + np.eye(X.shape[1])).T),
               Variant("2X (the inverse forgotten)", lambda C, X: 2 * X)),
    ),
)
