"""vcbook.answers.matrix.infer: shapes of every subexpression, and what is undefined."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix import parse
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.infer import infer
from vcbook.answers.matrix.shapes import Shape, Unifier
from vcbook.answers.matrix.tree import Binary, Name

SHAPES = {"x": "n", "z": "m", "A": "m×n", "X": "n×n", "S": "n×n spd", "r": "1×n", "s": "scalar"}


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("x", ("n", 1)),
        ("x^T", (1, "n")),
        ("A x", ("m", 1)),
        ("z^T A", (1, "n")),
        ("z^T A x", (1, 1)),
        ("x x^T", ("n", "n")),
        ("x^T x A", ("m", "n")),  # a 1×1 product is a scalar: it multiplies anything
        ("A (x^T x)", ("m", "n")),
        ("A / (x^T x)", ("m", "n")),
        ("s A + 1", ("m", "n")),  # a scalar added to a matrix acts on every entry
        ("1 - tanh(x) ⊙ tanh(x)", ("n", 1)),
        ("A^T z + x", ("n", 1)),
        ("X^-1 x", ("n", 1)),
        ("X^-T", ("n", "n")),
        ("inv(X) X^2", ("n", "n")),
        ("tr(X) + det(S) + logdet(X) + sum(A) + norm(A)", (1, 1)),
        ("diag(x)", ("n", "n")),
        ("diag(r)", ("n", "n")),
        ("diag(X)", ("n", 1)),
        ("diag(s)", (1, 1)),
        ("exp(A) ⊙ sigmoid(A)", ("m", "n")),
        ("x ./ x", ("n", 1)),
        ("1 ./ x", ("n", 1)),  # a scalar acts on every entry: the reciprocals
        ("A ./ s", ("m", "n")),
        ("A ./ exp(A) + z x^T ⊘ A", ("m", "n")),
        ("s ./ (x^T x)", (1, 1)),
        ("A I", ("m", "n")),
        ("I A", ("m", "n")),
        ("I x^T", (1, "n")),
        ("x^T I x", (1, 1)),
        ("X^T X + I", ("n", "n")),
        ("s^2 + |s|", (1, 1)),
        ("r x", (1, 1)),
        ("r^T r", ("n", "n")),
    ],
)
def test_shapes(text, shape):
    assert parse(text, SHAPES).shape == shape


def test_every_subexpression_has_a_shape():
    expr = parse("z^T A x", SHAPES)
    typing = expr.typing
    product = expr.tree.left  # z^T A
    assert typing.shape_of(product) == Shape(1, "n")
    assert typing.shape_of(product.left) == Shape(1, "m")


def test_identity_sizes_come_from_the_neighbours():
    typing = parse("A I + I A x x^T", {"x": "n", "A": "n×n"}).typing
    assert {typing.unifier.resolve(k) for k in typing.identities.values()} == {"n"}


def test_a_shared_unifier_sizes_an_identity_from_another_tree():
    declarations, u = declare({"x": "n"}), Unifier()
    answer = infer(parse("2 I", {"x": "n"}).tree, declarations, u)
    expected = infer(parse("x x^T", {"x": "n"}).tree, declarations, u)
    assert u.unify_shapes(answer.shape, expected.shape)
    assert answer.resolved == Shape("n", "n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A x^T", "A x^T: A is m×n and xᵀ is 1×n, so n columns meet 1 row. A matrix product "
                  "needs as many columns on the left as rows on the right. (column 1)"),
        ("x^T A", "x^T A: xᵀ is 1×n and A is m×n, so n columns meet m rows."),
        ("x A", "x A: x is n×1 and A is m×n, so 1 column meets m rows."),
        ("x + z", "x + z: x is n×1 and z is m×1, so they cannot be added: a sum needs two terms "
                  "of the same shape (or a scalar, which acts on every entry). (column 1)"),
        ("x - x^T", "cannot be subtracted: a difference needs"),
        ("x ⊙ z", "cannot be multiplied entry by entry"),
        ("z^T / x", "z^T / x: x is n×1, and you can divide only by a scalar. To divide by a "
                    "matrix, multiply by its inverse, inv(x); to divide entry by entry, write "
                    "./ instead of /. (column 1)"),
        ("x ./ z", "x ./ z: x is n×1 and z is m×1, so they cannot be divided entry by entry: "
                   "an entrywise quotient needs two terms of the same shape (or a scalar, which "
                   "acts on every entry). (column 1)"),
        ("x ⊘ x^T", "x ⊘ x^T: x is n×1 and xᵀ is 1×n, so they cannot be divided entry by entry"),
        ("x ./ x A", "x ./ x A: x ⊘ x is n×1 and A is m×n, so 1 column meets m rows."),
        ("inv(A)", "inv(A): A is m×n, but the inverse is defined only for a square matrix."),
        ("A^-1", "A^-1: A is m×n, but the inverse is defined only for a square matrix."),
        ("tr(A)", "A is m×n, but the trace is defined only for a square matrix."),
        ("det(x)", "x is n×1, but the determinant is defined only for a square matrix."),
        ("x^2", "x^2: x is n×1, and only a square matrix can be raised to a power (x^2 would be "
                "the product x x). For the squared norm write x^T x or norm(x)^2; for the "
                "entrywise square, x .* x."),
        ("A^2", "A is m×n, and only a square matrix can be raised to a power. For the entrywise "
                "square, write A .* A."),
        ("X^s", "a square matrix can be raised only to a whole-number power such as 2 or -1, "
                "not s."),
        ("X^(1/2)", "not 1 / 2"),
        ("s^x", "the exponent x is n×1; an exponent must be a scalar."),
        ("|x|", "|x|: x is n×1. For a vector or matrix, write norm(x) for its length, det(x) "
                "for a determinant, or abs(x) for the absolute value of every entry."),
        ("diag(A)", "diag(A): A is m×n: diag takes a vector"),
        ("x^T (A + x)", "A + x: A is m×n and x is n×1, so they cannot be added"),
        ("x^T + I", "x^T + I: xᵀ is 1×n and I is ?×?, so they cannot be added"),
    ],
)
def test_undefined_expressions_name_the_operation_and_both_shapes(text, message):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, SHAPES)
    assert info.value.code == "shape"
    assert message in info.value.message


def test_author_trees_are_described_without_typed_text():
    tree = Binary("+", Name("A"), Name("x"))  # built, not typed: no spans, no column
    with pytest.raises(InvalidAnswer, match=r"^A \+ x: A is m×n and x is n×1") as info:
        infer(tree, declare(SHAPES))
    assert info.value.column is None
