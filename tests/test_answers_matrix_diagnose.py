"""vcbook.answers.matrix.diagnose: each diagnosis, with its own message, through ``check``."""

import pytest

from vcbook.answers.matrix import check
from vcbook.answers.matrix.diagnose import DIAGNOSES, GENERIC

QUADRATIC = {"x": "n", "A": "n×n"}
GRADIENT = "x^T (A + A^T)"  # d(x^T A x)/dx, a row (the book's layout)


def verdict(answer, expected=GRADIENT, variables=QUADRATIC, **options):
    return check(answer, expected, variables, **options)


def test_the_table_is_in_order():
    assert [d.__name__ for d in DIAGNOSES] == [
        "transpose", "one_for_identity", "one_for_ones", "symmetric_only", "sign", "factor",
        "missing_term", "undefined"]


def test_a_transposed_gradient_explains_the_layout_and_names_the_frameworks():
    v = verdict("(A + A^T) x", derivative="gradient")
    assert (v.status, v.notes) == ("incorrect", ("transpose",))
    assert "transpose of the correct answer" in v.message
    assert "(yours is n×1, the answer is 1×n)" in v.message
    assert "gradient of a scalar function is a row" in v.message
    assert "PyTorch and JAX" in v.message


def test_a_transposed_square_answer_by_a_matrix():
    # d tr(A X)/dX = A^T: the derivative by a matrix has the matrix's shape
    v = check("A", "A^T", {"A": "n×n", "X": "n×n"}, derivative="matrix")
    assert (v.status, v.notes) == ("incorrect", ("transpose",))
    assert "The derivative of a scalar by a matrix X has X's shape" in v.message


def test_a_non_square_transposed_answer_by_a_matrix():
    # d(a^T X b)/dX = a b^T (m×n, like X); b a^T is its transpose
    v = check("b a^T", "a b^T", {"a": "m", "b": "n", "X": "m×n"}, derivative="matrix")
    assert (v.status, v.notes) == ("incorrect", ("transpose",))
    assert "(yours is n×m, the answer is m×n)" in v.message


def test_correct_only_when_a_matrix_is_symmetric():
    v = verdict("2 x^T A")
    assert (v.status, v.notes) == ("incorrect", ("symmetric-only",))
    assert v.message.startswith("Your answer equals the correct one only when A is symmetric "
                                "(A = Aᵀ), and A is not declared symmetric here")
    assert "2xᵀA equals xᵀ(A + Aᵀ) only when A = Aᵀ" in v.message


def test_symmetric_only_names_every_matrix_it_needs():
    v = check("2 x^T A + 2 x^T B", "x^T (A + A^T) + x^T (B + B^T)",
              {"x": "n", "A": "n×n", "B": "n×n"})
    assert v.notes == ("symmetric-only",)
    assert "only when A and B are symmetric (A = Aᵀ and B = Bᵀ)" in v.message


@pytest.mark.parametrize("structure", ["n×n symmetric", "n×n spd"])
def test_declared_symmetry_changes_only_what_is_sampled(structure):
    assert check("2 x^T A", GRADIENT, {"x": "n", "A": structure}).status == "correct"
    assert check("x^T A", GRADIENT, {"x": "n", "A": structure}).notes == ("factor",)


def test_transposed_and_symmetric_only_together():
    v = verdict("2 A x", derivative="gradient")
    assert (v.status, v.notes) == ("incorrect", ("transpose", "symmetric-only"))
    assert "And even transposed it is not right yet. Your answer equals the correct one only " \
           "when A is symmetric" in v.message


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("2 x^T (A + A^T)", "it is 2 times the correct one"),
     ("x^T (A + A^T) / 2", "it is 1/2 times the correct one"),
     ("3x'A + 3x'A'", "it is 3 times the correct one")],
)
def test_a_constant_factor(answer, shown):
    v = verdict(answer)
    assert v.notes == ("factor",)
    assert v.message == (f"Your answer is off by a constant factor: {shown}. Check the "
                         f"constant factors (a 2 from differentiating a quadratic, or a 1/2 in "
                         f"front).")


@pytest.mark.parametrize("answer", ["-x^T (A + A^T)", "x^T (-A - A^T)", "-(A x)^T - x^T A"])
def test_a_sign(answer):
    v = verdict(answer)
    assert v.notes == ("sign",)
    assert v.message == "Your answer has the opposite sign to the correct one. Check your signs."


@pytest.mark.parametrize("answer", ["x^T A", "x^T A^T", "(A x)^T"])
def test_a_missing_term(answer):
    v = verdict(answer)
    assert v.notes == ("missing-term",)
    assert v.message.startswith("Your answer is missing a term: it equals the correct answer "
                                "without one of its 2 terms")
    assert "product rule" in v.message


def test_a_missing_term_of_a_longer_sum():
    v = check("2 X^T X w - 2 X^T y", "2 X^T X w - 2 X^T y + 2 s w", {"X": "m×n", "w": "n", "y": "m",
                                                           "s": (0.1, 1)})
    assert v.notes == ("missing-term",) and "one of its 3 terms" in v.message


def test_a_missing_term_of_an_entrywise_quotient():
    # (x + A x) ⊘ y has the terms x ⊘ y and (A x) ⊘ y: the quotient's numerator is distributed
    v = check("x ./ y", "(x + A x) ./ y", {"x": "n", "y": "n", "A": "n×n"})
    assert v.notes == ("missing-term",) and "one of its 2 terms" in v.message


def test_a_division_by_a_zero_entry_is_undefined():
    v = check("x ./ (y - y) + x", "x", {"x": "n", "y": "n"})
    assert v.notes == ("undefined",)
    assert "a division by an entry that can be zero" in v.message


@pytest.mark.parametrize(
    ("answer", "expected", "message"),
    [("X^T X + 1", "X^T X + I",
      "XᵀX + 1 adds 1 to every entry of XᵀX. To add it on the diagonal only, use the identity "
      "matrix: write I instead of 1."),
     ("2 (X^T X + s)", "2 (X^T X + s I)", "write s I instead of s."),
     ("(1 + X^T X)^-1", "(I + X^T X)^-1", "1 + XᵀX adds 1 to every entry of XᵀX.")],
)
def test_one_where_the_identity_was_meant(answer, expected, message):
    v = check(answer, expected, {"X": "m×n", "s": (0.5, 2)})
    assert v.notes == ("one-for-identity",)
    assert message in v.message


def test_an_answer_undefined_where_the_correct_one_is_defined():
    v = check("sqrt(x) .* sqrt(x)", "x", {"x": "n"})
    assert v.notes == ("undefined",)
    assert v.message.startswith("Your answer is undefined at some of the sampled values")


def test_distractors_come_first_and_may_have_another_shape():
    distractors = [("(A + A^T) x", "Rows, please: this is the gradient as a column."),
                   ("2 x^T A", "Is A symmetric here?")]
    v = verdict("(A + A^T) x", distractors=distractors)
    assert (v.status, v.notes, v.message) == ("incorrect", ("distractor:0",), distractors[0][1])
    v = verdict("x^T A + x^T A", distractors=distractors)
    assert v.notes == ("distractor:1",) and v.message == "Is A symmetric here?"


def test_otherwise_the_generic_message():
    v = verdict("x^T A A")
    assert (v.status, v.notes, v.message) == ("incorrect", (), GENERIC)
