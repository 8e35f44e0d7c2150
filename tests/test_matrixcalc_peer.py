"""vcbook.matrixcalc tried as a peer's test suite would: the Matrix Cookbook §2.1-2.8,
matrixcalculus.org-style examples, ML losses, edge-case shapes and invalid requests.

Each derivative is compared with central differences, with reverse-mode AD and with its
closed form (typed in matrix notation, evaluated numerically); ``answers.check`` reads the
printed result back as equal to the closed form; the steps are (label, LaTeX) pairs; the printed
result has no silly forms. Invalid requests raise a clear error of the module's types."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_matrixcalc import draw  # book-form values (vectors 1-D, scalars 0-d)

import vcbook.autodiff as ad
from vcbook import matrixcalc as mc
from vcbook import numeric
from vcbook.answers import InvalidAnswer, check
from vcbook.answers.errors import AuthorError
from vcbook.answers.matrix import parse
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.expr import evaluate_expr
from vcbook.matrixcalc.numerics import autodiff_function, book_shape, expression, notation_values

# m >= n, so that XᵀX (X m×n) is invertible at both sets of sizes
SIZES = ({"n": 2, "m": 3, "p": 4, "k": 2}, {"n": 3, "m": 4, "p": 2, "k": 3})
SILLY = (r"\^T\^T", r"\)\^T\)\^T", r"\(\w\^T\)\^T", r"(^|[ (])1 \*", r"(^|[ (])1 (?=[A-Za-z(])",
         r"--", r"\+ -", r"- -", r"\* 1\b", r"\^-1\^-1", r"(^|[ (])0 ")




def with_differential(shapes, wrt):
    return {**shapes, "d" + wrt: shapes[wrt]}


def closed_form(expected, d, values, wrt, shapes, rng):
    """``expected`` (notation) at ``values``, beside the derivation's result there; for a
    differential both are evaluated along one random direction dX."""
    if d.kind == "differential":
        declared = with_differential(shapes, wrt)
        direction = rng.standard_normal(np.shape(values[wrt]))
        arrays = notation_values(declare(declared), {**values, "d" + wrt: direction})
        want = parse(expected, declared)
        return evaluate_expr(want, arrays), evaluate_expr(d.result, arrays)
    got = d.evaluate(values)
    if d.kind == "zero":
        return np.zeros_like(got) if expected == "0" else None, got
    want = parse(expected, shapes)
    want = expression(want.tree, want.declarations, d.result.typing.resolved)
    arrays = notation_values(want.declarations, values)
    return evaluate_expr(want, arrays).reshape(got.shape), got


def peer_agrees(expr, wrt, shapes, expected):
    d = mc.derivative(expr, wrt, shapes)
    function = parse(expr, shapes)
    draws = "positive" if re.search(r"log|sqrt|s\^s", expr) else "general"
    rng = np.random.default_rng(5)
    for seed, sizes in enumerate(SIZES):
        values = draw(shapes, sizes, seed + 11, draws)
        others = {k: v for k, v in values.items() if k != wrt}

        def f(x, others=others, sizes=sizes):
            arrays = notation_values(function.declarations, {**others, wrt: x})
            return evaluate_expr(function, arrays).reshape(
                book_shape(function.typing.resolved, sizes))

        got = d.evaluate(values)
        assert np.all(np.isfinite(got))
        fd = numeric.derivative(f, values[wrt])
        assert got.shape == fd.shape
        np.testing.assert_allclose(got, fd, rtol=1e-5, atol=1e-6)
        by_ad = ad.jacobian(autodiff_function(function, wrt, others, sizes))(values[wrt])
        np.testing.assert_allclose(got, by_ad, rtol=1e-8, atol=1e-8)
        want, have = closed_form(expected, d, values, wrt, shapes, rng)
        np.testing.assert_allclose(have, want, rtol=1e-8, atol=1e-8)
    return d


SQ = {"X": "n×n", "A": "n×n", "B": "n×n", "a": "n", "b": "n"}
XR = {"X": "m×n", "A": "p×m", "B": "n×p", "a": "m", "b": "n"}
TALL = {"X": "m×n"}
GAUSS = {"x": "n", "mu": "n", "P": "n×n spd"}

# (expr, wrt, shapes, the closed form in notation, kind)
PEER = [
    # Cookbook 2.1-2.2: determinants and inverses
    ("det(X)", "X", SQ, "det(X) X^-T", "matrix"),  # (49)
    ("det(A X B)", "X", SQ, "det(A X B) X^-T", "matrix"),  # (51)
    ("logdet(X)", "X", SQ, "X^-T", "matrix"),  # (57)
    ("det(X^T X)", "X", TALL, "2 det(X^T X) X (X^T X)^-1", "matrix"),  # (52)
    ("logdet(X^T X)", "X", TALL, "2 X (X^T X)^-1", "matrix"),  # (55)
    ("logdet(X X^T)", "X", {"X": "n×m"}, "2 (X X^T)^-1 X", "matrix"),
    ("det(X^T A X)", "X", {"X": "m×n", "A": "m×m"},
     "det(X^T A X) (A X (X^T A X)^-1 + A^T X (X^T A^T X)^-1)", "matrix"),  # (54)
    ("det(X^2)", "X", SQ, "2 det(X^2) X^-T", "matrix"),  # (53), k = 2
    ("det(inv(X))", "X", SQ, "-det(inv(X)) X^-T", "matrix"),
    ("inv(X)", "X", SQ, "-X^-1 dX X^-1", "differential"),  # (59)
    ("a^T inv(X) b", "X", SQ, "-X^-T a b^T X^-T", "matrix"),  # (61)
    ("tr(A inv(X) B)", "X", SQ, "-(X^-1 B A X^-1)^T", "matrix"),  # (63)
    ("tr(inv(X))", "X", SQ, "-(X^-1 X^-1)^T", "matrix"),
    ("tr(inv(X^T X))", "X", TALL, "-2 X (X^T X)^-1 (X^T X)^-1", "matrix"),
    ("a^T X^-T b", "X", SQ, "-X^-T b a^T X^-T", "matrix"),
    # Cookbook 2.4-2.5: traces
    ("tr(X)", "X", SQ, "I", "matrix"),  # (100)
    ("tr(X A)", "X", SQ, "A^T", "matrix"),  # (101)
    ("tr(A X B)", "X", XR, "A^T B^T", "matrix"),  # (102)
    ("tr(A X^T B)", "X", {"X": "m×n", "A": "p×n", "B": "m×p"}, "B A", "matrix"),  # (103)
    ("tr(X^T A)", "X", {"X": "m×n", "A": "m×n"}, "A", "matrix"),  # (104)
    ("tr(A X^T)", "X", {"X": "m×n", "A": "m×n"}, "A", "matrix"),  # (105)
    ("tr(X X)", "X", SQ, "2 X^T", "matrix"),
    ("tr(X B X)", "X", SQ, "X^T B^T + B^T X^T", "matrix"),  # (107)
    ("tr(X^T B X)", "X", {"X": "m×n", "B": "m×m"}, "B X + B^T X", "matrix"),  # (108)
    ("tr(X B X^T)", "X", {"X": "m×n", "B": "n×n"}, "X B^T + X B", "matrix"),  # (109)
    ("tr(A X B X)", "X", SQ, "A^T X^T B^T + B^T X^T A^T", "matrix"),  # (110)
    ("tr(X^T X)", "X", TALL, "2 X", "matrix"),  # (111)
    ("tr(B^T X^T C X B)", "X", {"X": "m×n", "B": "n×p", "C": "m×m"},
     "C^T X B B^T + C X B B^T", "matrix"),  # (112)
    ("tr(X^T B X C)", "X", {"X": "m×n", "B": "m×m", "C": "n×n"},
     "B X C + B^T X C^T", "matrix"),  # (113)
    ("tr(A X B X^T C)", "X", {"X": "m×n", "A": "p×m", "B": "n×n", "C": "m×p"},
     "A^T C^T X B^T + C A X B", "matrix"),  # (114)
    ("tr((A X B + C) (A X B + C)^T)", "X",
     {"X": "m×n", "A": "p×m", "B": "n×k", "C": "p×k"}, "2 A^T (A X B + C) B^T", "matrix"),
    ("tr(X^3)", "X", SQ, "3 (X^2)^T", "matrix"),  # (116)
    ("tr(A X^2)", "X", SQ, "(X A + A X)^T", "matrix"),
    ("tr(X^T A X B)", "X", {"X": "m×n", "A": "m×m", "B": "n×n"},
     "A X B + A^T X B^T", "matrix"),
    ("tr(exp(X))", "X", SQ, "I .* exp(X)", "matrix"),
    ("norm(X)^2", "X", TALL, "2 X", "matrix"),  # (129), Frobenius
    ("norm(X)", "X", TALL, "X / norm(X)", "matrix"),
    ("tr(X^T X) + tr(A X)", "X", SQ, "2 X + A^T", "matrix"),
    # Cookbook 2.4.1-2.4.2: linear, quadratic and bilinear forms
    ("a^T X b", "X", XR, "a b^T", "matrix"),  # (70)
    ("a^T X^T b", "X", {"X": "m×n", "a": "n", "b": "m"}, "b a^T", "matrix"),  # (71)
    ("a^T X a", "X", SQ, "a a^T", "matrix"),  # (72)
    ("b^T X^T X c", "X", {"X": "m×n", "b": "n", "c": "n"}, "X (b c^T + c b^T)", "matrix"),
    ("b^T X^T D X c", "X", {"X": "m×n", "b": "n", "c": "n", "D": "m×m"},
     "D^T X b c^T + D X c b^T", "matrix"),  # (82)
    ("(X b + c)^T D (X b + c)", "X", {"X": "m×n", "b": "n", "c": "m", "D": "m×m"},
     "(D + D^T) (X b + c) b^T", "matrix"),  # (83)
    ("x^T B x", "x", {"x": "n", "B": "n×n"}, "x^T (B + B^T)", "gradient"),  # (81)
    ("(B x + b)^T C (D x + d)", "x",
     {"x": "n", "B": "m×n", "b": "m", "C": "m×p", "D": "p×n", "d": "p"},
     "(D x + d)^T C^T B + (B x + b)^T C D", "gradient"),  # (84)
    ("(x - s)^T W (x - s)", "x", {"x": "n", "s": "n", "W": "n×n symmetric"},
     "2 (x - s)^T W", "gradient"),  # (85)
    ("(x - s)^T W (x - s)", "s", {"x": "n", "s": "n", "W": "n×n symmetric"},
     "-2 (x - s)^T W", "gradient"),  # (86)
    ("(x - A s)^T W (x - A s)", "s", {"x": "m", "s": "n", "A": "m×n", "W": "m×m symmetric"},
     "-2 (x - A s)^T W A", "gradient"),  # (87)
    ("norm(x - a)", "x", {"x": "n", "a": "n"}, "(x - a)^T / norm(x - a)", "gradient"),  # (129)
    ("x^T x", "x", {"x": "n"}, "2 x^T", "gradient"),
    ("a^T x", "x", {"x": "n", "a": "n"}, "a^T", "gradient"),
    ("x^T (I + A)^-1 x", "x", {"x": "n", "A": "n×n spd"}, "2 x^T (I + A)^-1", "gradient"),
    # ML losses
    ("norm(X w - y)^2 + lam w^T w", "w", {"w": "n", "X": "m×n", "y": "m", "lam": "scalar"},
     "2 (X w - y)^T X + 2 lam w^T", "gradient"),
    ("norm(X w - y)^2 + lam norm(w)^2", "w",
     {"w": "n", "X": "m×n", "y": "m", "lam": "scalar"}, "2 (X w - y)^T X + 2 lam w^T",
     "gradient"),
    ("sum(log(1 + exp(-y .* (X w))))", "w", {"w": "n", "X": "m×n", "y": "m"},
     "-(y .* sigmoid(-y .* (X w)))^T X", "gradient"),  # logistic loss, labels ±1
    ("-sum(log(sigmoid(y .* (X w))))", "w", {"w": "n", "X": "m×n", "y": "m"},
     "-(y .* sigmoid(-y .* (X w)))^T X", "gradient"),
    ("-y^T z + log(sum(exp(z)))", "z", {"z": "n", "y": "n"},
     "(exp(z) / sum(exp(z)) - y)^T", "gradient"),  # softmax cross-entropy, one-hot y
    ("-y^T W x + log(sum(exp(W x)))", "W", {"W": "m×n", "x": "n", "y": "m"},
     "(exp(W x) / sum(exp(W x)) - y) x^T", "matrix"),
    ("-(x - mu)^T P (x - mu) / 2", "mu", GAUSS, "(x - mu)^T P", "gradient"),
    ("logdet(P) / 2 - (x - mu)^T P (x - mu) / 2", "P", GAUSS,
     "(P^-1 - (x - mu) (x - mu)^T) / 2", "matrix"),  # by the precision
    ("-logdet(S) / 2 - (x - mu)^T inv(S) (x - mu) / 2", "S",
     {"x": "n", "mu": "n", "S": "n×n spd"},
     "(S^-1 (x - mu) (x - mu)^T S^-1 - S^-1) / 2", "matrix"),  # by the covariance
    ("logdet(X^T X + lam I)", "X", {"X": "m×n", "lam": "scalar"},
     "2 X (X^T X + lam I)^-1", "matrix"),
    ("norm(W x - y)^2", "W", {"W": "m×n", "x": "n", "y": "m"}, "2 (W x - y) x^T", "matrix"),
    ("norm(W^T W - I)^2", "W", {"W": "m×n"}, "4 W (W^T W - I)", "matrix"),
    ("sum(sigmoid(W x))", "W", {"W": "m×n", "x": "n"},
     "(sigmoid(W x) .* (1 - sigmoid(W x))) x^T", "matrix"),
    # vectors by vectors: Jacobians
    ("(x^T x) x", "x", {"x": "n"}, "2 x x^T + (x^T x) I", "jacobian"),
    ("x^T x x^T", "x", {"x": "n"}, "2 x x^T + (x^T x) I", "jacobian"),
    ("A exp(x)", "x", {"x": "n", "A": "m×n"}, "A diag(exp(x))", "jacobian"),
    ("x .* sin(x)", "x", {"x": "n"}, "diag(sin(x) + x .* cos(x))", "jacobian"),
    ("x ⊙ sin(x)", "x", {"x": "n"}, "diag(sin(x) + x .* cos(x))", "jacobian"),
    ("norm(x) x", "x", {"x": "n"}, "norm(x) I + x x^T / norm(x)", "jacobian"),
    ("tanh(W x + b)", "x", {"x": "n", "W": "m×n", "b": "m"},
     "diag(1 - tanh(W x + b) .* tanh(W x + b)) W", "jacobian"),
    ("tanh(W x + b)", "b", {"x": "n", "W": "m×n", "b": "m"},
     "diag(1 - tanh(W x + b) .* tanh(W x + b))", "jacobian"),
    ("exp(z) / sum(exp(z))", "z", {"z": "n"},
     "diag(exp(z)) / sum(exp(z)) - exp(z) exp(z)^T / sum(exp(z))^2", "jacobian"),
    ("sigmoid(x)", "x", {"x": "n"}, "diag(sigmoid(x) .* (1 - sigmoid(x)))", "jacobian"),
    ("x / norm(x)", "x", {"x": "n"}, "I / norm(x) - x x^T / norm(x)^3", "jacobian"),
    ("log(x)", "x", {"x": "n"}, "diag(1 ./ x)", "jacobian"),
    ("1 ./ x", "x", {"x": "n"}, "-diag(1 ./ (x .* x))", "jacobian"),
    ("x^T A", "x", {"x": "m", "A": "m×n"}, "A^T", "jacobian"),
    ("x", "x", {"x": "n"}, "I", "jacobian"),
    # matrices (and vectors) by matrices: the differential
    ("tanh(W x + b)", "W", {"x": "n", "W": "m×n", "b": "m"},
     "(1 - tanh(W x + b) .* tanh(W x + b)) .* (dW x)", "differential"),
    ("A X B", "X", XR, "A dX B", "differential"),
    ("X^T X", "X", TALL, "dX^T X + X^T dX", "differential"),
    ("X^2", "X", SQ, "dX X + X dX", "differential"),
    ("X .* X", "X", TALL, "2 X .* dX", "differential"),
    ("exp(X)", "X", TALL, "exp(X) .* dX", "differential"),
    ("X", "X", TALL, "dX", "differential"),
    # by a scalar
    ("inv(X + t I)", "t", {"X": "n×n", "t": "scalar"}, "-(X + t I)^-1 (X + t I)^-1",
     "by-scalar"),
    ("logdet(X + t I)", "t", {"X": "n×n spd", "t": "scalar"}, "tr(inv(X + t I))",
     "by-scalar"),
    ("exp(s) x", "s", {"s": "scalar", "x": "n"}, "exp(s) x", "by-scalar"),
    ("(x - t a)^T (x - t a)", "t", {"x": "n", "a": "n", "t": "scalar"},
     "2 a^T (t a - x)", "by-scalar"),
    ("s^s", "s", {"s": "scalar"}, "s^s (log(s) + 1)", "by-scalar"),
    # edge shapes
    ("x^T x", "x", {"x": "1"}, "2 x", "by-scalar"),  # a size-1 vector is a scalar
    ("(A x)^2", "x", {"x": "n", "A": "1×n"}, "2 (A x) A", "gradient"),  # A a row
    ("A x^T x", "x", {"x": "n", "A": "scalar"}, "2 A x^T", "gradient"),  # a scalar named A
    ("c^T X^T X c", "X", {"X": "m×1", "c": "1"}, "2 c^2 X^T", "gradient"),  # X a column
    ("x^T X y", "X", {"X": "1×n", "x": "1", "y": "n"}, "x y^T", "matrix"),  # X a row
    ("tr(A)", "X", {"X": "n×n", "A": "n×n"}, "0", "zero"),  # X does not occur
    ("x^T A x", "x", {"x": "n", "A": "n×n symmetric"}, "2 x^T A", "gradient"),
    ("logdet(S)", "S", {"S": "n×n spd"}, "S^-1", "matrix"),
    ("sum(abs(x))", "x", {"x": "n"}, "(x ./ abs(x))^T", "gradient"),
    ("sum(sqrt(x))", "x", {"x": "n"}, "(1 ./ (2 sqrt(x)))^T", "gradient"),
    ("‖A x − y‖²", "x", {"x": "n", "A": "m×n", "y": "m"}, "2 (A x - y)^T A", "gradient"),
    ("(A^T)^T x", "x", {"x": "n", "A": "m×n"}, "A", "jacobian"),
    ("1 * x^T x", "x", {"x": "n"}, "2 x^T", "gradient"),
]


@pytest.mark.parametrize("expr, wrt, shapes, expected, kind", PEER,
                         ids=[f"{c[0]} by {c[1]}" for c in PEER])
def test_peer_cases_agree_read_back_and_print_readably(expr, wrt, shapes, expected, kind):
    d = peer_agrees(expr, wrt, shapes, expected)
    assert d.kind == kind
    printed = str(d.result)
    assert not [p for p in SILLY if re.search(p, printed)], printed
    declared = with_differential(shapes, wrt) if kind == "differential" else shapes
    verdict = check(printed, expected=expected, variables=declared)
    assert verdict.correct, (printed, verdict.message)
    assert d.steps and all(isinstance(label, str) and label and isinstance(latex, str) and latex
                           for label, latex in d.steps)


# -- how the results print: a matrix built symmetric (XᵀX, λI + XᵀX) is its own transpose ----

@pytest.mark.parametrize("expr, wrt, shapes, printed", [
    ("logdet(X^T X)", "X", TALL, "2 X (X^T X)^-1"),
    ("logdet(X X^T)", "X", {"X": "n×m"}, "2 (X X^T)^-1 X"),
    ("det(X^T X)", "X", TALL, "2 det(X^T X) X (X^T X)^-1"),
    ("logdet(X^T X + lam I)", "X", {"X": "m×n", "lam": "scalar"}, "2 X (lam I + X^T X)^-1"),
    ("tr(inv(X^T X))", "X", TALL, "-2 X (X^T X)^-1 (X^T X)^-1"),
    ("x^T (I + A)^-1 x", "x", {"x": "n", "A": "n×n spd"}, "2 x^T (I + A)^-1"),
    ("det(X^T A X)", "X", {"X": "m×n", "A": "m×m"},
     "det(X^T A X) (A X (X^T A X)^-1 + A^T X (X^T A X)^-T)"),  # X^T A X is not symmetric
])
def test_a_symmetric_product_is_its_own_transpose(expr, wrt, shapes, printed):
    assert str(mc.derivative(expr, wrt, shapes).result) == printed


@pytest.mark.parametrize("expr, wrt, shapes, printed", [
    ("logdet(P) / 2 - (x - mu)^T P (x - mu) / 2", "P", GAUSS,
     "0.5 (P^-1 - (x - mu) (x - mu)^T)"),  # was 0.5 (x (mu - x)^T + mu (x - mu)^T + P^-1)
    ("-logdet(S) / 2 - (x - mu)^T inv(S) (x - mu) / 2", "S",
     {"x": "n", "mu": "n", "S": "n×n spd"}, "0.5 S^-1 ((x - mu) (x - mu)^T S^-1 - I)"),
    ("-(x - mu)^T P (x - mu)", "P", GAUSS, "-(x - mu) (x - mu)^T"),
    ("(a - b)^T X (c + d) + tr(X)", "X", {"X": "n×n", "a": "n", "b": "n", "c": "n", "d": "n"},
     "(a - b) (c + d)^T + I"),
])
def test_an_outer_product_of_sums_is_written_back(expr, wrt, shapes, printed):
    assert str(peer_agrees(expr, wrt, shapes, printed).result) == printed


# -- invalid requests: a clear message of the module's types, never a crash from inside ------

CLEAR = (InvalidAnswer, AuthorError, mc.NotExpressible)


@pytest.mark.parametrize("expr, wrt, shapes, error, message", [
    ("x^T A x", "y", {"x": "n", "A": "n×n"}, ValueError, "not one of the declared names"),
    ("x^T A x +", "x", {"x": "n", "A": "n×n"}, InvalidAnswer, "missing after it"),
    ("x^T B x", "x", {"x": "n", "A": "n×n"}, InvalidAnswer, "don't know the name 'B'"),
    ("A x", "x", {"x": "m", "A": "m×n"}, InvalidAnswer, "n columns meet m rows"),
    ("det(A)", "A", {"A": "m×n"}, InvalidAnswer, "only for a square matrix"),
    ("x^T x", "x", {"x": "n", "dx": "n"}, ValueError, "kept for the differential"),
    ("x^T x", "x", {"x": "n×"}, AuthorError, "cannot read the shape"),
    ("x^T x", "x", None, AuthorError, "a mapping name -> shape"),
    ("x^T x", "x", "n", AuthorError, "a mapping name -> shape"),
    ("max(x)", "x", {"x": "n"}, InvalidAnswer, "not part of the answer language"),
    ("X^7", "X", {"X": "n×n"}, mc.NotExpressible, "whole powers up to 6"),
    ("ones^T ones x", "x", {"x": "n"}, mc.NotExpressible, "size of I or ones"),
    ("norm(x - x)", "x", {"x": "n"}, mc.NotDifferentiable, "is zero"),
    ("logdet(X - X)", "X", {"X": "n×n"}, mc.NotDifferentiable, "X - X is zero"),
    ("log(det(X - X))", "X", {"X": "n×n"}, mc.NotDifferentiable, "X - X is zero"),
    ("inv(X - X)", "X", {"X": "n×n"}, mc.NotDifferentiable, "X - X is zero"),
    ("a^T (X - X)^-1 b", "X", SQ, mc.NotDifferentiable, "X - X is zero"),
    ("tr((X - X)^-2)", "X", {"X": "n×n"}, mc.NotDifferentiable, "X - X is zero"),
    ("x ./ (x - x)", "x", {"x": "n"}, mc.NotDifferentiable, "is zero, and the derivative div"),
    ("inv(x x^T)", "x", {"x": "n"}, mc.NotDifferentiable, "undefined at every"),
    ("log(x - x)", "x", {"x": "n"}, mc.NotDifferentiable, "x - x is zero"),
    ("sum(log(a - a))", "x", {"x": "n", "a": "n"}, mc.NotDifferentiable, "undefined at every"),
])
def test_invalid_requests_are_refused_clearly(expr, wrt, shapes, error, message):
    with pytest.raises(error, match=message) as caught:
        mc.derivative(expr, wrt, shapes)
    assert isinstance(caught.value, CLEAR + (ValueError,))
    assert not isinstance(caught.value, mc.DerivationError)


def test_a_form_equal_where_it_is_defined_is_read_back_as_equal():
    """Found by this suite: X((XᵀX)⁻¹ + (XᵀX)⁻ᵀ) was judged unequal to 2X(XᵀX)⁻¹, because at the
    sampled sizes with m < n XᵀX is singular, and its rounding-noise inverse (entries ~1e16)
    was compared instead of being treated as undefined. (answers/matrix's evaluation.)"""
    for answer, expected in [("X ((X^T X)^-1 + (X^T X)^-T)", "2 X (X^T X)^-1"),
                             ("X (X^T X)^-T", "X (X^T X)^-1"),
                             ("X (X^T X)^-2", "X (X^T X)^-1 (X^T X)^-T")]:
        assert check(answer, expected=expected, variables=TALL).correct, answer
    assert not check("2 X (X^T X)^-1", expected="X (X^T X)^-1", variables=TALL).correct


def test_the_inverse_of_an_undefined_or_singular_matrix_is_undefined():
    from vcbook.answers.matrix.vocabulary import FUNCTIONS

    wide = np.arange(6.0).reshape(2, 3)
    for matrix in (np.array([[np.nan]]), np.zeros((2, 2)), wide.T @ wide):
        assert np.isnan(FUNCTIONS["inv"].numpy(matrix)).all()
    np.testing.assert_allclose(FUNCTIONS["inv"].numpy(np.diag([2.0, 4.0])), np.diag([0.5, 0.25]))
