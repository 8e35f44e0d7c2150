"""vcbook.answers.matrix.evaluate: NumPy values of trees, against NumPy written by hand."""

import numpy as np
import pytest

from vcbook.answers.matrix import parse
from vcbook.answers.matrix.evaluate import constant_value, evaluate, power, product

SHAPES = {"x": "n", "y": "n", "A": "n×n", "B": "m×n", "s": "scalar"}
rng = np.random.default_rng(3)
xv, yv = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
av, bv = rng.standard_normal((3, 3)), rng.standard_normal((2, 3))
sv = np.array([[0.7]])
ENV = {"x": xv, "y": yv, "A": av, "B": bv, "s": sv}


def value(text, sizes=None):
    expr = parse(text, SHAPES)
    return evaluate(expr.tree, ENV, sizes or {k: 3 for k in expr.typing.identities})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^T A x", xv.T @ av @ xv),
        ("x^T (A + A^T)", xv.T @ (av + av.T)),
        ("B^T B + s I", bv.T @ bv + 0.7 * np.eye(3)),
        ("B x / (x^T x)", bv @ xv / (xv.T @ xv)),
        ("(x^T x) B", (xv.T @ xv)[0, 0] * bv),
        ("A^-1", np.linalg.inv(av)),
        ("A^-T", np.linalg.inv(av).T),
        ("A^-2", np.linalg.inv(av @ av)),
        ("A^3", av @ av @ av),
        ("x .* y", xv * yv),
        ("1 - tanh(x) ⊙ tanh(x)", 1 - np.tanh(xv) ** 2),
        ("x ./ y", xv / yv),
        ("x ⊘ y", xv / yv),
        ("1 ./ x", 1 / xv),
        ("A x ./ y", (av @ xv) / yv),
        ("B ./ s", bv / 0.7),
        ("s ./ B", 0.7 / bv),
        ("x .* y ./ x", yv),
        ("(x + y) ./ (x - y)", (xv + yv) / (xv - yv)),
        ("sigmoid(x)", 1 / (1 + np.exp(-xv))),
        ("tr(A)", [[np.trace(av)]]),
        ("det(A)", [[np.linalg.det(av)]]),
        ("logdet(A)", [[np.log(abs(np.linalg.det(av)))]]),
        ("diag(x)", np.diag(xv.ravel())),
        ("diag(x^T)", np.diag(xv.ravel())),
        ("diag(A)", np.diag(av).reshape(3, 1)),
        ("sum(B)", [[bv.sum()]]),
        ("norm(x)", [[np.linalg.norm(xv)]]),
        ("norm(B)", [[np.linalg.norm(bv, "fro")]]),
        ("‖x‖^2", xv.T @ xv),
        ("abs(x) + |s|", np.abs(xv) + 0.7),
        ("s^2 - 2^s + e^s", [[0.49 - 2**0.7 + np.exp(0.7)]]),
        ("-B^T", -bv.T),
        ("pi I", np.pi * np.eye(3)),
    ],
)
def test_values(text, expected):
    np.testing.assert_allclose(value(text), np.asarray(expected, dtype=float), rtol=1e-12)


def test_every_value_is_2d():
    assert value("x^T x").shape == (1, 1)
    assert value("x").shape == (3, 1)
    assert value("I", {1: 4}).shape == (4, 4)


def test_undefined_is_nan_or_inf_never_an_exception():
    singular = {**ENV, "A": np.ones((3, 3))}
    expr = parse("inv(A) + A^-1 + A^-2", SHAPES)
    assert np.all(np.isnan(evaluate(expr.tree, singular, {})))
    assert np.isnan(evaluate(parse("logdet(A)", SHAPES).tree, singular, {})[0, 0])
    assert np.isnan(evaluate(parse("log(s - 1)", SHAPES).tree, ENV, {})[0, 0])
    with np.errstate(invalid="ignore"):
        assert np.isnan(power(np.array([[-8.0]]), np.array([[1 / 3]]))[0, 0])
    assert np.all(np.isnan(power(av, np.array([[0.5]]))))


def test_entrywise_division_by_zero_is_inf_or_nan_never_an_exception():
    zero = {**ENV, "y": np.array([[0.0], [1.0], [-2.0]])}
    quotient = evaluate(parse("x ./ y", SHAPES).tree, zero, {})
    np.testing.assert_array_equal(quotient[1:], xv[1:] / zero["y"][1:])
    assert np.isinf(quotient[0, 0])
    assert np.isnan(evaluate(parse("(y - y) ./ y", SHAPES).tree, zero, {})[0, 0])


def test_product_is_scalar_times_anything_or_the_matrix_product():
    np.testing.assert_allclose(product(np.array([[2.0]]), bv), 2 * bv)
    np.testing.assert_allclose(product(bv, np.array([[2.0]])), 2 * bv)
    np.testing.assert_allclose(product(bv, xv), bv @ xv)


def test_constant_value():
    assert constant_value(parse("2^3 - 1/4", SHAPES).tree) == 7.75
    assert constant_value(parse("s + 1", SHAPES).tree) is None
    assert constant_value(parse("tr(I)", SHAPES).tree) is None
