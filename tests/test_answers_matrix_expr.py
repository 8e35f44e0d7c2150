"""vcbook.answers.matrix.expr: ``parse`` and the ``MatrixExpr`` it returns."""

import numpy as np
import pytest
import sympy

from vcbook.answers.errors import AuthorError, InvalidAnswer
from vcbook.answers.matrix import evaluate_expr, parse

SHAPES = {"x": "n", "y": "n", "A": "n×n", "B": "n×n", "C": "m×n", "s": "scalar", "c": (0.5, 2)}


def test_a_shape_error_also_says_how_names_were_split():
    with pytest.raises(InvalidAnswer) as info:
        parse("AC", SHAPES)
    assert info.value.code == "shape"
    assert info.value.message.endswith("I read 'AC' as A·C.")


def test_matrix_expr_shape_text_latex_and_equality():
    expr = parse("x^T (A + A^T)", SHAPES)
    assert expr.shape == (1, "n")
    assert expr.describe_shape() == "a 1×n row vector"
    assert str(expr) == "x^T (A + A^T)"
    assert sympy.latex(expr) == r"x^{\top} \left(A + A^{\top}\right)"  # what Verdict.latex calls
    assert expr == parse("xᵀ(A + Aᵀ)", SHAPES) and hash(expr) == hash(parse("x'(A + A')", SHAPES))
    assert expr != parse("x^T (A^T + A)", SHAPES)
    assert parse("C x", SHAPES).shape == ("m", 1)
    assert parse("I", SHAPES).shape == ("?", "?")
    assert repr(expr) == "MatrixExpr('x^T (A + A^T)', shape 1×n)"


def test_evaluate_expr_takes_1d_vectors():
    rng = np.random.default_rng(1)
    xv, av = rng.standard_normal(3), rng.standard_normal((3, 3))
    value = evaluate_expr(parse("x^T (A + A^T) + x^T I", SHAPES), {"x": xv, "A": av})
    assert value.shape == (1, 3)
    np.testing.assert_allclose(value[0], xv @ (av + av.T) + xv)
    assert evaluate_expr(parse("s x", SHAPES), {"s": 2.0, "x": xv}).shape == (3, 1)


def test_parse_refuses_undefined_shapes_and_bad_declarations():
    with pytest.raises(InvalidAnswer) as info:
        parse("A C", SHAPES)
    assert info.value.code == "shape" and "n columns meet m rows" in info.value.message
    with pytest.raises(AuthorError):
        parse("x", {"x": "n×m spd"})
