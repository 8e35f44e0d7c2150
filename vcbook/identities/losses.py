"""Norms, softmax and losses: the pieces of the objectives machine learning minimises.

The 2-norm, squared residuals and least squares (among them the notes' weighted least squares,
MML 5.108), softmax and log-sum-exp, the logistic and softmax cross-entropy losses, and a
Gaussian log-density in its mean. A gradient by a vector is a 1×n row in print, shape (n,) in
code; softmax's Jacobian is n×n. One ``Identity(...)`` declaration per entry, its symbolic
builder just above it.
"""

from __future__ import annotations

import numpy as np

import vcbook.autodiff as ad
from vcbook.identities.common import ML, NOTES, inv, mat, sym_matrix, sympy, vec
from vcbook.identities.record import Identity, Variant, arg

TOPIC = "norms, softmax and losses"


# --- norms and residuals ----------------------------------------------------------------------

def _sym_norm(rng):
    sp = sympy()[0]
    x = vec("x", 3)
    norm = sp.sqrt((x.T * x)[0, 0])
    return norm, x, x.T / norm


NORM = Identity(
    name="‖x‖₂",
    latex=(r"\frac{\partial \lVert\mathbf{x}\rVert_2}{\partial \mathbf{x}} = "
           r"\frac{\mathbf{x}^\top}{\lVert\mathbf{x}\rVert_2} \in \mathbb{R}^{1\times n}"),
    args=(arg("x", "n", "nonzero"),), wrt="x",
    function=lambda x: ad.sqrt(x @ x),
    notation="norm(x)",
    claimed=lambda x: x / np.linalg.norm(x),
    shapes=({"n": 2}, {"n": 3}, {"n": 6}), cookbook_eq="(129) with a = 0",
    cookbook=r"\mathbf{x}/\lVert\mathbf{x}\rVert_2\ \text{(a column)}",
    conditions="x ≠ 0 (the norm has no derivative at 0)",
    symbolic=_sym_norm, group=ML, topic=TOPIC,
    wrong=(Variant("2xᵀ (the gradient of ‖x‖², not ‖x‖)", lambda C, x: 2 * x),
           Variant("xᵀ/‖x‖² (one norm too many)", lambda C, x: x / (x @ x))),
)


def _sym_residual(rng):
    A, x, b = mat("A", 2, 3), vec("x", 3), vec("b", 2)
    r = A * x - b
    return (r.T * r)[0, 0], x, 2 * r.T * A


RESIDUAL = Identity(
    name="‖Ax − b‖²",
    latex=(r"\frac{\partial \lVert A\mathbf{x} - \mathbf{b}\rVert_2^2}{\partial \mathbf{x}}"
           r" = 2(A\mathbf{x} - \mathbf{b})^\top A \in \mathbb{R}^{1\times n}"),
    args=(arg("x", "n"), arg("A", "m n"), arg("b", "m")), wrt="x",
    function=lambda x, A, b: (A @ x - b) @ (A @ x - b),
    notation="norm(A x - b)^2",
    claimed=lambda x, A, b: 2 * (A @ x - b) @ A,
    shapes=({"m": 3, "n": 2}, {"m": 4, "n": 4}, {"m": 2, "n": 3}),
    cookbook_eq="(84) with W = I",
    cookbook=r"2A^\top(A\mathbf{x} - \mathbf{b})\ \text{(a column)}",
    conditions="A (m×n), b ∈ ℝᵐ constant",
    symbolic=_sym_residual, group=ML, topic=TOPIC,
    wrong=(Variant("A dropped: 2(Ax − b)ᵀ", lambda C, x, A, b: 2 * (A @ x - b)),),
)


def _sym_weighted_ls(rng):
    x, A, s, W = vec("x", 3), mat("A", 3, 2), vec("s", 2), sym_matrix("W", 3)
    r = x - A * s
    return (r.T * W * r)[0, 0], s, -2 * r.T * W * A


WEIGHTED_LEAST_SQUARES = Identity(
    name="(x − As)ᵀW(x − As)",
    latex=(r"\frac{\partial}{\partial \mathbf{s}}(\mathbf{x} - A\mathbf{s})^\top W"
           r"(\mathbf{x} - A\mathbf{s}) = -2(\mathbf{x} - A\mathbf{s})^\top W A \in "
           r"\mathbb{R}^{1\times n}"),
    args=(arg("s", "n"), arg("x", "m"), arg("A", "m n"), arg("W", "m m", "symmetric")),
    wrt="s",
    function=lambda s, x, A, W: (x - A @ s) @ W @ (x - A @ s),
    notation="(x - A s)^T W (x - A s)",
    claimed=lambda s, x, A, W: -2 * (x - A @ s) @ W @ A,
    shapes=({"m": 3, "n": 2}, {"m": 2, "n": 2}, {"m": 4, "n": 3}), mml="5.108",
    cookbook_eq="(84)",
    cookbook=r"-2A^\top W(\mathbf{x} - A\mathbf{s})\ \text{(a column)}",
    conditions="W (m×m) symmetric; x ∈ ℝᵐ, A (m×n) constant",
    symbolic=_sym_weighted_ls, group=NOTES, topic=TOPIC,
    wrong=(Variant("Wᵀ in place of W", lambda C, s, x, A, W: -2 * (x - A @ s) @ W.T @ A),
           Variant("the general form −(x − As)ᵀ(W + Wᵀ)A",
                   lambda C, s, x, A, W: -(x - A @ s) @ (W + W.T) @ A),
           Variant("A dropped: −2(x − As)ᵀW",
                   lambda C, s, x, A, W: -2 * (x - A @ s) @ W)),
)


def _sym_least_squares(rng):
    y, Phi, theta = vec("y", 3), mat("Phi", 3, 2), vec("theta", 2)
    e = y - Phi * theta
    return (e.T * e)[0, 0], theta, -2 * e.T * Phi


LEAST_SQUARES = Identity(
    name="least squares",
    latex=(r"\frac{\partial \lVert \mathbf{y} - \Phi\boldsymbol{\theta}\rVert_2^2}"
           r"{\partial \boldsymbol{\theta}} = -2\mathbf{e}^\top\Phi \in \mathbb{R}^{1\times d},"
           r"\quad \mathbf{e} = \mathbf{y} - \Phi\boldsymbol{\theta}"),
    args=(arg("theta", "d"), arg("Phi", "N d"), arg("y", "N")), wrt="theta",
    function=lambda theta, Phi, y: (y - Phi @ theta) @ (y - Phi @ theta),
    notation="norm(y - Phi theta)^2",
    claimed=lambda theta, Phi, y: -2 * (y - Phi @ theta) @ Phi,
    shapes=({"N": 5, "d": 2}, {"N": 8, "d": 3}, {"N": 3, "d": 3}), mml="§5.3",
    cookbook_eq="(84) with W = I",
    cookbook=r"-2\Phi^\top(\mathbf{y} - \Phi\boldsymbol{\theta})\ \text{(a column)}",
    conditions="features Φ (N×d) and targets y ∈ ℝᴺ constant",
    symbolic=_sym_least_squares, group=ML, topic=TOPIC,
    wrong=(Variant("Φ dropped: −2eᵀ", lambda C, theta, Phi, y: -2 * (y - Phi @ theta)),),
)


def _sym_multi_ls(rng):
    X, W, Y = mat("X", 3, 2), mat("W", 2, 2), mat("Y", 3, 2)
    R = Y - X * W
    return (R.T * R).trace(), W, -2 * X.T * R


MULTI_OUTPUT_LEAST_SQUARES = Identity(
    name="multi-output least squares",
    latex=(r"\frac{\partial \lVert Y - XW\rVert_F^2}{\partial W} = -2X^\top(Y - XW) "
           r"\in \mathbb{R}^{d\times k}"),
    args=(arg("W", "d k"), arg("X", "N d"), arg("Y", "N k")), wrt="W",
    function=lambda W, X, Y: ad.sum((Y - X @ W) * (Y - X @ W)),
    notation="norm(Y - X W)^2",
    claimed=lambda W, X, Y: -2 * X.T @ (Y - X @ W),
    shapes=({"N": 5, "d": 2, "k": 3}, {"N": 6, "d": 3, "k": 3}, {"N": 4, "d": 3, "k": 1}),
    cookbook_eq="(119) with A = −X, B = I, C = Y",
    conditions="inputs X (N×d) and targets Y (N×k) constant",
    symbolic=_sym_multi_ls, group=ML, topic=TOPIC,
    wrong=(Variant("the XW term dropped: −2XᵀY", lambda C, W, X, Y: -2 * X.T @ Y),),
)


# --- softmax and log-sum-exp ------------------------------------------------------------------

def softmax(z):
    """softmax(z) = e^z / Σ e^{z_i}, written with autodiff primitives (NumPy arrays work too)."""
    e = ad.exp(z)
    return e / ad.sum(e)


def softmax_np(z):
    """softmax in NumPy, shifted by max z for safety (the shift cancels)."""
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _sym_softmax_parts(n=3):
    """(sympy, z, softmax(z)) on n symbols: what the three softmax builders start from."""
    sp = sympy()[0]
    z = vec("z", n)
    e = z.applyfunc(sp.exp)
    return sp, z, e / sum(e)


def _sym_softmax(rng):
    sp, z, s = _sym_softmax_parts()
    return s, z, sp.diag(*s) - s * s.T


SOFTMAX = Identity(
    name="softmax",
    latex=(r"\frac{\partial\, \operatorname{softmax}(\mathbf{z})}{\partial \mathbf{z}} = "
           r"\operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top "
           r"\in \mathbb{R}^{n\times n},\quad "
           r"\mathbf{s} = \operatorname{softmax}(\mathbf{z}) = "
           r"\frac{e^{\mathbf{z}}}{\sum_i e^{z_i}}"),
    args=(arg("z", "n"),), wrt="z",
    function=softmax,
    notation="exp(z) / sum(exp(z))",
    claimed=lambda z: np.diag(softmax_np(z)) - np.outer(softmax_np(z), softmax_np(z)),
    shapes=({"n": 2}, {"n": 3}, {"n": 5}),
    conditions="z ∈ ℝⁿ; the Jacobian is symmetric, so both layouts print the same matrix",
    symbolic=_sym_softmax, group=ML, topic=TOPIC,
    wrong=(Variant("diag(s) (the −ssᵀ term dropped)", lambda C, z: np.diag(softmax_np(z))),
           Variant("s(1 − s) on the diagonal only",
                   lambda C, z: np.diag(softmax_np(z) * (1 - softmax_np(z))))),
)


def _sym_lse(rng):
    sp, z, s = _sym_softmax_parts()
    return sp.log(sum(z.applyfunc(sp.exp))), z, s.T


LOG_SUM_EXP = Identity(
    name="log-sum-exp",
    latex=(r"\frac{\partial}{\partial \mathbf{z}} \log\sum_i e^{z_i} = "
           r"\operatorname{softmax}(\mathbf{z})^\top \in \mathbb{R}^{1\times n}"),
    args=(arg("z", "n"),), wrt="z",
    function=lambda z: ad.log(ad.sum(ad.exp(z))),
    notation="log(sum(exp(z)))",
    claimed=softmax_np,
    shapes=({"n": 2}, {"n": 4}, {"n": 7}),
    conditions="z ∈ ℝⁿ",
    symbolic=_sym_lse, group=ML, topic=TOPIC,
    wrong=(Variant("e^z (the normalisation forgotten)", lambda C, z: np.exp(z)),),
)


# --- classification losses and a log-density --------------------------------------------------

def sigmoid_np(z):
    """The logistic function σ(z) = 1 / (1 + e^{−z})."""
    return 1.0 / (1.0 + np.exp(-z))


def _logistic_loss(X, y, w):
    p = 1.0 / (1.0 + ad.exp(-(X @ w)))
    return -ad.sum(y * ad.log(p) + (1.0 - y) * ad.log(1.0 - p))


def _sym_logistic(rng):
    sp = sympy()[0]
    X, w = mat("X", 3, 2), vec("w", 2)
    y = sp.Matrix([0, 1, 1])
    p = (X * w).applyfunc(lambda z: 1 / (1 + sp.exp(-z)))
    loss = -sum(y[i] * sp.log(p[i]) + (1 - y[i]) * sp.log(1 - p[i]) for i in range(3))
    return loss, w, (p - y).T * X


LOGISTIC_LOSS = Identity(
    name="logistic loss",
    latex=(r"\frac{\partial}{\partial \mathbf{w}}\Big(-\sum_i \big[y_i\log\sigma(z_i) + "
           r"(1 - y_i)\log(1 - \sigma(z_i))\big]\Big) = "
           r"(\sigma(X\mathbf{w}) - \mathbf{y})^\top X \in \mathbb{R}^{1\times d},"
           r"\quad \mathbf{z} = X\mathbf{w}"),
    args=(arg("w", "d"), arg("X", "N d"), arg("y", "N", "labels")), wrt="w",
    function=lambda w, X, y: _logistic_loss(X, y, w),
    notation="-(y^T log(sigmoid(X w)) + (1 - y)^T log(1 - sigmoid(X w)))",
    claimed=lambda w, X, y: (sigmoid_np(X @ w) - y) @ X,
    shapes=({"N": 6, "d": 2}, {"N": 10, "d": 3}, {"N": 4, "d": 4}),
    conditions="σ(t) = 1/(1 + e^(−t)); inputs X (N×d) and labels y ∈ {0, 1}ᴺ constant",
    symbolic=_sym_logistic, group=ML, topic=TOPIC,
    wrong=(Variant("σ(Xw)ᵀX (the labels forgotten)", lambda C, w, X, y: sigmoid_np(X @ w) @ X),
           Variant("X dropped: (σ(Xw) − y)ᵀ", lambda C, w, X, y: sigmoid_np(X @ w) - y)),
)


def _sym_softmax_ce(rng):
    sp, z, s = _sym_softmax_parts()
    y = sp.Matrix([0, 1, 0])
    return -sum(y[i] * sp.log(s[i]) for i in range(3)), z, (s - y).T


SOFTMAX_CROSS_ENTROPY = Identity(
    name="softmax cross-entropy",
    latex=(r"\frac{\partial}{\partial \mathbf{z}}\Big(-\sum_i y_i \log "
           r"\operatorname{softmax}(\mathbf{z})_i\Big) = (\operatorname{softmax}(\mathbf{z})"
           r" - \mathbf{y})^\top \in \mathbb{R}^{1\times n}"),
    args=(arg("z", "n"), arg("y", "n", "onehot")), wrt="z",
    function=lambda z, y: -ad.sum(y * ad.log(softmax(z))),
    notation="-y^T log(exp(z) / sum(exp(z)))",
    claimed=lambda z, y: softmax_np(z) - y,
    shapes=({"n": 2}, {"n": 3}, {"n": 6}),
    conditions="y a one-hot label (its entries sum to 1)",
    symbolic=_sym_softmax_ce, group=ML, topic=TOPIC,
    wrong=(Variant("softmax(z) (the label forgotten)", lambda C, z, y: softmax_np(z)),
           Variant("−y (the softmax term forgotten)", lambda C, z, y: -y)),
)


def _sym_gaussian(rng):
    x, mu, S = vec("x", 2), vec("mu", 2), sym_matrix("S", 2)
    d = x - mu
    return (-d.T * S.inv() * d / 2)[0, 0], mu, d.T * S.inv()


GAUSSIAN_MEAN = Identity(
    name="Gaussian log-density in the mean",
    latex=(r"\frac{\partial}{\partial \boldsymbol{\mu}}\Big(-\tfrac12(\mathbf{x} - "
           r"\boldsymbol{\mu})^\top S^{-1}(\mathbf{x} - \boldsymbol{\mu})\Big) = "
           r"(\mathbf{x} - \boldsymbol{\mu})^\top S^{-1} \in \mathbb{R}^{1\times n}"),
    args=(arg("mu", "n"), arg("x", "n"), arg("S", "n n", "spd")), wrt="mu",
    function=lambda mu, x, S: -0.5 * (x - mu) @ ad.solve(S, x - mu),
    notation="-(x - mu)^T inv(S) (x - mu) / 2",
    claimed=lambda mu, x, S: (x - mu) @ inv(S),
    shapes=({"n": 2}, {"n": 3}, {"n": 4}), cookbook_eq="(86) with W = S⁻¹",
    cookbook=r"S^{-1}(\mathbf{x} - \boldsymbol{\mu})\ \text{(a column)}",
    conditions="S symmetric positive definite (a covariance); x ∈ ℝⁿ constant",
    symbolic=_sym_gaussian, group=ML, topic=TOPIC,
    wrong=(Variant("S⁻ᵀ in place of S⁻¹", lambda C, mu, x, S: (x - mu) @ inv(S).T),
           Variant("S in place of S⁻¹", lambda C, mu, x, S: (x - mu) @ S)),
)


LOSSES: tuple[Identity, ...] = (NORM, RESIDUAL, WEIGHTED_LEAST_SQUARES, LEAST_SQUARES,
                                MULTI_OUTPUT_LEAST_SQUARES, SOFTMAX, LOG_SUM_EXP, LOGISTIC_LOSS,
                                SOFTMAX_CROSS_ENTROPY, GAUSSIAN_MEAN)
"""The ten entries in the catalogue's order: norms and residuals, least squares, softmax and
log-sum-exp, the classification losses, the Gaussian."""
