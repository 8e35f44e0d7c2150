"""vcbook.matrixcalc.hessian: the Hessian by the differential of the gradient. Each result reads
back in the answer language, is the textbook form, and equals two independent numerical Hessians
of f written with vcbook.autodiff — central differences of the exact AD gradient, and plain
second-order central differences of f — at two sets of sizes; it is symmetric, and its steps
start from the gradient and are checked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_matrixcalc import SHAPES, draw, expressions

import vcbook.autodiff as ad
from vcbook import matrixcalc as mc
from vcbook import numeric
from vcbook.answers import check
from vcbook.answers.matrix import parse
from vcbook.matrixcalc.numerics import autodiff_function

SIZES = ({"n": 3, "m": 4}, {"n": 5, "m": 2})
LOGISTIC = {"w": "n", "X": "m×n", "y": "m"}


def second_differences(f, x, h=1e-4):
    """H[i, j] ≈ (f(x + h eᵢ + h eⱼ) - f(x + h eᵢ - h eⱼ) - f(x - h eᵢ + h eⱼ)
    + f(x - h eᵢ - h eⱼ)) / 4h², from values of f alone."""
    n = x.size
    eye = np.eye(n) * h
    hessian = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            hessian[i, j] = (f(x + eye[i] + eye[j]) - f(x + eye[i] - eye[j])
                             - f(x - eye[i] + eye[j]) + f(x - eye[i] - eye[j])) / (4 * h * h)
    return hessian


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# (f in matrix notation, wrt, shapes, the textbook Hessian, the engine's print, f with ad.*)
CASES = [
    ("x^T A x", "x", {"x": "n", "A": "n×n"}, "A + A^T", "A + A^T",
     lambda x, v: x @ v["A"] @ x),
    ("norm(A x - b)^2", "x", {"x": "n", "A": "m×n", "b": "m"}, "2 A^T A", "2 A^T A",
     lambda x, v: ad.sum(ad.square(v["A"] @ x - v["b"]))),
    ("sum(log(sigmoid(y .* (X w))))", "w", LOGISTIC,
     "-X^T diag(y .* y .* sigmoid(y .* (X w)) .* (1 - sigmoid(y .* (X w)))) X",
     "-X^T diag(y .* y .* sigmoid(X w .* y) .* (1 - sigmoid(X w .* y))) X",
     lambda w, v: ad.sum(ad.log(ad.sigmoid(v["y"] * (v["X"] @ w))))),
    ("x^T x", "x", {"x": "n"}, "2 I", "2 I", lambda x, v: x @ x),
    ("sum(exp(A x))", "x", {"x": "n", "A": "m×n"}, "A^T diag(exp(A x)) A",
     "A^T diag(exp(A x)) A", lambda x, v: ad.sum(ad.exp(v["A"] @ x))),
    ("(a^T x)^2", "x", {"x": "n", "a": "n"}, "2 a a^T", "2 a a^T",
     lambda x, v: (v["a"] @ x) ** 2),
    ("log(sum(exp(x)))", "x", {"x": "n"},
     "diag(exp(x) / sum(exp(x))) - (exp(x) / sum(exp(x))) (exp(x) / sum(exp(x)))^T",  # p, p pᵀ
     "diag(exp(x)) / sum(exp(x)) - exp(x) exp(x)^T / sum(exp(x))^2",
     lambda x, v: ad.log(ad.sum(ad.exp(x)))),
    ("x^T S x / 2 - b^T x", "x", {"x": "n", "S": "n×n symmetric", "b": "n"}, "S", "S",
     lambda x, v: x @ v["S"] @ x / 2 - v["b"] @ x),
    ("log(1 + x^T x)", "x", {"x": "n"},
     "(2 (1 + x^T x) I - 4 x x^T) / (1 + x^T x)^2",
     "2 I / (1 + x^T x) - 4 x x^T / (1 + x^T x)^2",
     lambda x, v: ad.log(1 + x @ x)),
    ("sum(tanh(W x))", "x", {"x": "n", "W": "m×n"},
     "-2 W^T diag(tanh(W x) .* (1 - tanh(W x) .* tanh(W x))) W",
     "-2 W^T diag(tanh(W x) .* (1 - tanh(W x) .* tanh(W x))) W",
     lambda x, v: ad.sum(ad.tanh(v["W"] @ x))),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize("expr, wrt, shapes, textbook, printed, f", CASES, ids=IDS)
def test_the_hessian_is_the_textbook_form_and_reads_back(expr, wrt, shapes, textbook, printed,
                                                        f):
    h = mc.hessian(expr, wrt, shapes)
    assert h.kind == "hessian"
    assert str(h.result) == printed
    assert check(str(h.result), expected=textbook, variables=shapes).correct
    assert check(textbook, expected=str(h.result), variables=shapes).correct
    assert check(str(h.result), expected=str(h.result), variables=shapes).correct


@pytest.mark.parametrize("expr, wrt, shapes, textbook, printed, f", CASES, ids=IDS)
def test_the_hessian_equals_two_numerical_hessians_at_two_sizes(expr, wrt, shapes, textbook,
                                                               printed, f):
    h = mc.hessian(expr, wrt, shapes)
    for seed, sizes in enumerate(SIZES):
        values = draw(shapes, sizes, seed)
        x, n = values[wrt], sizes["n"]
        got = h.evaluate(values)
        assert got.shape == (n, n)
        by_ad = numeric.derivative(ad.grad(lambda x, values=values: f(x, values)), x)
        np.testing.assert_allclose(got, by_ad, rtol=1e-6, atol=1e-7)
        exact = ad.hessian(lambda x, values=values: f(x, values))(x)  # AD to second order
        np.testing.assert_allclose(got, exact, rtol=1e-9, atol=1e-10)
        plain = second_differences(lambda x, values=values: float(f(x, values)), x)
        scale = 1.0 + np.abs(got).max()
        np.testing.assert_allclose(got, plain, rtol=1e-4, atol=1e-5 * scale)
        np.testing.assert_allclose(got, got.T, rtol=1e-12, atol=1e-12 * scale)


def test_the_two_numerical_hessians_can_fail():
    """The comparisons above see a wrong Hessian: Aᵀ + Aᵀ for xᵀAx (A not symmetric)."""
    values = draw({"x": "n", "A": "n×n"}, SIZES[0], 0)
    A, x = values["A"], values["x"]
    wrong = 2 * A.T
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(wrong, second_differences(lambda x: x @ A @ x, x),
                                   rtol=1e-4, atol=1e-5)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(wrong, numeric.derivative(ad.grad(lambda x: x @ A @ x), x),
                                   rtol=1e-6, atol=1e-7)


# -- the log-likelihood of logistic regression, y ∈ {±1} --------------------------------------

def _logistic_values(sizes, seed, labels=True):
    values = draw(LOGISTIC, sizes, seed)
    if labels:
        values["y"] = np.where(np.random.default_rng(seed).random(sizes["m"]) < 0.5, -1.0, 1.0)
    return values


@pytest.mark.parametrize("sizes", SIZES, ids=["n3m4", "n5m2"])
def test_with_labels_of_plus_minus_one_the_y_factors_drop_out(sizes):
    """With y ∈ {±1}, y ⊙ y = 1 and σ(yz)(1 - σ(yz)) = σ(z)(1 - σ(z)) (σ(-z) = 1 - σ(z)):
    the Hessian is -Xᵀ diag(σ(z) ⊙ (1 - σ(z))) X, z = y ⊙ Xw, and also with z = Xw. The
    logistic loss, its negative, has XᵀDX: positive semi-definite."""
    h = mc.hessian("sum(log(sigmoid(y .* (X w))))", "w", LOGISTIC)
    values = _logistic_values(sizes, 11)
    X, w, y = values["X"], values["w"], values["y"]
    z = y * (X @ w)
    XtDX = X.T @ np.diag(sigmoid(z) * (1 - sigmoid(z))) @ X
    got = h.evaluate(values)
    np.testing.assert_allclose(got, -XtDX, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got, -X.T @ np.diag(sigmoid(X @ w) * sigmoid(-(X @ w))) @ X,
                               rtol=1e-12, atol=1e-12)
    assert np.linalg.eigvalsh(-got).min() >= -1e-10
    loss = mc.hessian("-sum(log(sigmoid(y .* (X w))))", "w", LOGISTIC)
    assert str(loss.result) == "X^T diag(y .* y .* sigmoid(X w .* y) .* (1 - sigmoid(X w .* y))) X"
    np.testing.assert_allclose(loss.evaluate(values), XtDX, rtol=1e-12, atol=1e-12)
    assert np.linalg.eigvalsh(loss.evaluate(values)).min() >= -1e-10


def test_without_the_labels_fact_y_times_y_stays():
    """y ∈ {±1} is a fact about values, not shapes: for general y the y-free form is wrong,
    and the checker says so."""
    h = mc.hessian("sum(log(sigmoid(y .* (X w))))", "w", LOGISTIC)
    without = "-X^T diag(sigmoid(y .* (X w)) .* (1 - sigmoid(y .* (X w)))) X"
    assert not check(without, expected=str(h.result), variables=LOGISTIC).correct
    values = _logistic_values(SIZES[0], 3, labels=False)
    X, w, y = values["X"], values["w"], values["y"]
    s = sigmoid(y * (X @ w))
    np.testing.assert_allclose(h.evaluate(values), -X.T @ np.diag(y * y * s * (1 - s)) @ X,
                               rtol=1e-12, atol=1e-12)


def test_the_loss_written_with_exp_has_the_same_hessian():
    """log(1 + e^(-yz)) = -log σ(yz): the engine's Hessian of the softplus form is another
    expression, and the checker accepts it against the sigmoid form."""
    h = mc.hessian("sum(log(1 + exp(-y .* (X w))))", "w", LOGISTIC)
    sigmoid_form = str(mc.hessian("-sum(log(sigmoid(y .* (X w))))", "w", LOGISTIC).result)
    assert check(str(h.result), expected=sigmoid_form, variables=LOGISTIC).correct


# -- the derivation --------------------------------------------------------------------------

def test_the_steps_start_from_the_gradient_and_take_its_differential():
    shapes = {"x": "n", "A": "m×n", "b": "m"}
    h = mc.hessian("norm(A x - b)^2", "x", shapes)
    assert all(isinstance(label, str) and isinstance(latex, str) and latex
               for label, latex in h.steps)
    labels = [label for label, _ in h.steps]
    assert labels[0].startswith("The function and its gradient")
    assert r"\frac{\partial f}{\partial x} = 2 \left(A x - b\right)^{\top} A" in h.steps[0][1]
    assert r"\mathbb{R}^{1 \times n}" in h.steps[0][1]
    assert labels[1].startswith("The gradient as a column g = (∂f/∂x)ᵀ, n×1")
    assert h.steps[1][1] == r"g = 2 A^{\top} \left(A x - b\right) \in \mathbb{R}^{n}"
    assert labels[2].startswith("Take the differential")
    assert h.steps[2][1].startswith(r"\mathrm{d}g = ")
    assert "Bring it to the form dg = H dx" in labels
    assert labels[-2] == "Read off the Hessian: n×n, row i the gradient of ∂f/∂xᵢ"
    assert h.steps[-2][1] == (r"\nabla^2 f = \frac{\partial g}{\partial x} = 2 A^{\top} A "
                              r"\in \mathbb{R}^{n \times n}")
    assert labels[-1].startswith("Symmetric") and labels[-1].endswith("term by term")
    assert str(h.gradient.result) == str(mc.derivative("norm(A x - b)^2", "x", shapes).result)
    assert str(h.differential) == "2 A^T A dx"
    assert set(h.gradient.rules) <= set(h.rules) and "*" in h.rules
    assert "Read off the Hessian" in h._repr_markdown_()


def test_a_linear_function_has_the_zero_hessian():
    shapes = {"x": "n", "a": "n", "b": "n"}
    for expr, label in (("a^T x", "g does not depend on x"),
                        ("a^T b", "f does not depend on x")):
        h = mc.hessian(expr, "x", shapes)
        assert h.kind == "hessian" and str(h.result) == "0"
        assert label in [step for step, _ in h.steps]
        assert h.steps[-1][0] == "So the Hessian is the n×n zero matrix"
        values = draw(shapes, SIZES[1], 0)
        np.testing.assert_array_equal(h.evaluate(values), np.zeros((5, 5)))


@pytest.mark.parametrize("expr, shapes, printed, value", [
    ("sum(x)^2", {"x": "n"}, "2 ones ones^T", lambda v: 2 * np.ones((5, 5))),
    ("sum(x)^3", {"x": "n"}, "6 sum(x) ones ones^T", lambda v: 6 * v["x"].sum() * np.ones((5, 5))),
    ("sum(A x)^2", {"x": "n", "A": "m×n"}, "2 A^T ones ones^T A",
     lambda v: 2 * np.outer(v["A"].sum(axis=0), v["A"].sum(axis=0))),
])
def test_hessians_that_need_the_all_ones_vector(expr, shapes, printed, value):
    """The gradient (2 sum(x) onesᵀ) does not fix the length of its ones by itself: it is
    fitted to x's shape before it is differentiated again."""
    h = mc.hessian(expr, "x", shapes)
    assert str(h.result) == printed
    values = draw(shapes, SIZES[1], 0)
    np.testing.assert_allclose(h.evaluate(values), value(values), rtol=1e-12)
    assert check(printed, expected=printed, variables=shapes).correct


@pytest.mark.parametrize("expr, wrt, shapes, message", [
    ("x^T A", "x", {"x": "n", "A": "n×n"}, "scalar function; 'x\\^T A' is 1×n"),
    ("A x", "x", {"x": "n", "A": "m×n"}, "scalar function; 'A x' is m×1"),
    ("tr(X)", "X", {"X": "n×n"}, "column vector; X is n×n"),
    ("s^2 x^T x", "s", {"s": "scalar", "x": "n"}, "column vector; s is a scalar"),
    ("x x^T", "x", {"x": "1×n"}, "column vector; x is 1×n"),
    ("x^T x", "z", {"x": "n"}, "'z' is not one of the declared names"),
])
def test_what_has_no_hessian_is_refused_clearly(expr, wrt, shapes, message):
    with pytest.raises(ValueError, match=message):
        mc.hessian(expr, wrt, shapes)


def test_a_wrong_hessian_is_caught_before_it_is_shown(monkeypatch):
    from vcbook.matrixcalc import build, second
    from vcbook.matrixcalc.algebra import Algebra

    doubled = Algebra.merge_diagonals
    monkeypatch.setattr(Algebra, "merge_diagonals",
                        lambda self, node: build.times(build.number(2), doubled(self, node)))
    second._hessian.cache_clear()
    with pytest.raises(mc.DerivationError, match="automatic differentiation"):
        mc.hessian("x^T A x", "x", {"x": "n", "A": "n×n"})
    second._hessian.cache_clear()


def test_an_asymmetric_hessian_is_refused():
    from vcbook.answers.matrix.sample import sample
    from vcbook.matrixcalc.context import Context
    from vcbook.matrixcalc.derivation import SEED
    from vcbook.matrixcalc.second import _symmetry

    shapes = {"x": "n", "A": "n×n"}
    ctx = Context.make(shapes, "x")
    points = sample(ctx.declarations, SEED)[:2]
    with pytest.raises(mc.DerivationError, match="not symmetric"):
        _symmetry(ctx, parse("A", shapes), points)
    label, _ = _symmetry(ctx, parse("A + A^T", shapes), points)
    assert label.endswith("term by term")


def test_merge_diagonals_merges_only_diagonal_matrices_of_vectors_of_one_shape():
    from vcbook.answers.matrix.render import text
    from vcbook.matrixcalc.algebra import Algebra
    from vcbook.matrixcalc.context import Context

    shapes = {"u": "n", "v": "n", "r": "1×n", "M": "n×n"}
    algebra = Algebra(Context.make(shapes, "u"))
    merged = algebra.merge_diagonals(parse("M diag(u) diag(v) diag(1 - u) M", shapes).tree)
    assert text(merged) == "M diag(u .* v .* (1 - u)) M"
    kept = algebra.merge_diagonals(parse("diag(u) diag(r) diag(diag(M))", shapes).tree)
    assert text(kept) == "diag(u) diag(r) diag(diag(M))"


# -- a property: generated scalar functions of x ----------------------------------------------

VECTORS, MATRICES, SCALARS = (expressions(kind, 2) for kind in ("vector", "matrix", "scalar"))
VECTORS_OF_X = st.one_of(
    st.just("x"), st.builds("({}) x".format, MATRICES), st.builds("x .* ({})".format, VECTORS),
    st.builds("sin(({}) x)".format, MATRICES), st.builds("tanh(({}) x + {})".format, MATRICES,
                                                          VECTORS),
    st.builds("({}) + ({}) x".format, VECTORS, SCALARS))
SCALARS_OF_X = st.one_of(
    st.builds("({})^T ({}) ({})".format, VECTORS_OF_X, MATRICES, VECTORS_OF_X),
    st.builds("exp(y^T ({}))".format, VECTORS_OF_X),
    st.builds("norm({})^2".format, VECTORS_OF_X),
    st.builds("sum(sin({}))".format, VECTORS_OF_X),
    st.builds("log(1 + norm({})^2)".format, VECTORS_OF_X))


@settings(max_examples=15, deadline=None, derandomize=True)  # the same 15 in every run (CI)
@given(SCALARS_OF_X)
def test_generated_hessians_are_symmetric_and_agree_with_differences_of_the_ad_gradient(expr):
    try:
        h = mc.hessian(expr, "x", SHAPES)  # checks its steps by FD and its result by AD
    except mc.NotExpressible:
        assume(False)
    values = draw(SHAPES, {"n": 3}, 5)
    others = {k: v for k, v in values.items() if k != "x"}
    f = autodiff_function(parse(expr, SHAPES), "x", others, {"n": 3})
    with np.errstate(all="ignore"):
        expected = numeric.derivative(ad.grad(f), values["x"])
    assume(np.all(np.isfinite(expected)) and np.abs(expected).max() < 1e6)
    got = h.evaluate(values)
    scale = 1.0 + np.abs(expected).max()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6 * scale)
    np.testing.assert_allclose(got, got.T, rtol=1e-9, atol=1e-9 * scale)


def test_a_gradient_too_long_to_read_again_is_not_expressible():
    """Regression (found by hypothesis): the gradient is read again to differentiate it, and a
    long one exceeded the reader's limits, which raised the answer checker's InvalidAnswer."""
    with pytest.raises(mc.NotExpressible, match="too long to differentiate again"):
        mc.hessian("(x .* (tanh(x)))^T (B - (A)) (tanh((B - (A)) x + tanh(y))) "
                   "+ (x .* sin(x))^T (B - A) sin((B - A) x + tanh(y))", "x", SHAPES)


def test_a_regularised_hessian_prints_lambda_as_typed():
    # a Hessian with λ printed 'lamda I + A^T A'
    h = mc.hessian("norm(A x - b)^2 + lambda norm(x)^2", "x",
                   {"x": "n", "A": "m×n", "b": "m", "lambda": "scalar"})
    assert str(h.result) == "2 (lambda I + A^T A)"
