"""vcbook.answers.matrix.checker: ``check`` on matrix-notation answers (issue 12's acceptance)."""

import builtins
import sys

import pytest
import sympy

from vcbook.answers.matrix import MatrixExpr, check, parse
from vcbook.answers.matrix.checker import INCONCLUSIVE
from vcbook.answers.matrix.compare import Pair
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.sample import sample
from vcbook.answers.verdict import AUTHOR, INTERNAL

QUADRATIC = {"x": "n", "A": "n×n"}


@pytest.mark.parametrize(
    ("answer", "expected", "variables"),
    [
        ("x^T A + x^T A^T", "x^T (A + A^T)", QUADRATIC),
        ("((A + A^T) x)^T", "x^T (A + A^T)", QUADRATIC),
        ("xᵀ(A + Aᵀ)", "x^T (A + A^T)", QUADRATIC),
        ("x'A + x'A'", "x^T (A + A^T)", QUADRATIC),
        ("inv(X)^T", "X^-T", {"X": "n×n"}),
        ("(X^T)^-1", "X^-T", {"X": "n×n"}),
        ("X^-T", "inv(X)^T", {"X": "n×n"}),
        ("X⁻ᵀ", "(X^-1)^T", {"X": "n×n"}),
        ("(B A)^T", "A^T B^T", {"A": "n×p", "B": "m×n"}),
        ("x^T A x", "x^T A^T x", QUADRATIC),
        ("2 x^T A", "x^T (A + A^T)", {"x": "n", "A": "n×n symmetric"}),
        ("A x / (x^T x)", "(x^T x)^-1 A x", QUADRATIC),
        ("x^T x A", "A (x^T x)", QUADRATIC),
        ("1 - tanh(z) ⊙ tanh(z)", "1 - tanh(z) .* tanh(z)", {"z": "n"}),
        ("diag(1 - tanh(z) ⊙ tanh(z)) W", "diag(1 - tanh(z).*tanh(z)) W", {"z": "m", "W": "m×n"}),
        ("sigmoid(z) .* (1 - sigmoid(z))", "exp(-z) .* sigmoid(z) .* sigmoid(z)", {"z": "n"}),
        ("2 (X^T X + c I) w", "2 X^T X w + 2c w", {"X": "m×n", "w": "n", "c": (0.5, 2)}),
        ("-S^-T", "-inv(S)", {"S": "n×n spd"}),
        ("X^-T", "X^-T", {"X": "3×3"}),
        ("‖x‖^2 I", "x^T x I", QUADRATIC),
        ("logdet(S)", "log(det(S))", {"S": "n×n spd"}),
        ("x ./ y", "diag(y)^-1 x", {"x": "n", "y": "n"}),
        ("x ⊘ y", "inv(diag(y)) x", {"x": "n", "y": "n"}),
        ("1 ./ y .* x", "x ./ y", {"x": "n", "y": "n"}),
        ("(A x) ./ (x + 1)", "A x ./ (1 + x)", QUADRATIC),
    ],
)
def test_equivalent_forms_are_accepted(answer, expected, variables):
    v = check(answer, expected, variables)
    assert (v.status, v.message) == ("correct", "Correct!"), v
    assert isinstance(v.answer, MatrixExpr)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("y ./ x", "diag(y)^-1 x"), ("x ./ y ./ y", "diag(y)^-1 x"), ("x ./ y", "diag(x)^-1 y"),
     ("x ./ y", "x .* y")],
)
def test_a_wrong_entrywise_quotient_is_incorrect(answer, expected):
    v = check(answer, expected, {"x": "n", "y": "n"})
    assert v.status == "incorrect", v


def test_an_entrywise_quotient_of_other_shapes_is_invalid_and_names_both():
    v = check("x ./ z", "x", {"x": "n", "z": "m"})
    assert (v.status, v.notes) == ("invalid", ("invalid:shape",))
    assert v.message.startswith("x ./ z: x is n×1 and z is m×1, so they cannot be divided entry "
                                "by entry")
    v = check("x / y", "x ./ y", {"x": "n", "y": "n"})
    assert v.status == "invalid" and "write ./ instead of /" in v.message


def test_an_undefined_product_is_invalid_and_names_both_shapes():
    v = check("A x^T", "A x", {"x": "n", "A": "m×n"})
    assert (v.status, v.notes) == ("invalid", ("invalid:shape",))
    assert v.message.startswith("A x^T: A is m×n and xᵀ is 1×n, so n columns meet 1 row.")
    assert v.column == 1 and not v.attempt_counts and v.answer is None


def test_an_answer_of_another_shape_is_invalid_with_both_shapes():
    v = check("x^T A x", "x^T (A + A^T)", QUADRATIC)
    assert (v.status, v.notes) == ("invalid", ("invalid:shape",))
    assert v.message == ("Your answer is a scalar (1×1), but the answer here is a 1×n row "
                         "vector.")
    assert isinstance(v.answer, MatrixExpr) and v.latex == r"x^{\top} A x"
    v = check("W x", "W", {"x": "n", "W": "m×n"})
    assert v.message == "Your answer is an m×1 column vector, but the answer here is an m×n " \
                        "matrix."


def test_a_wrong_answer_of_the_transposed_shape_is_invalid_with_the_layout():
    v = check("A A x", "x^T (A + A^T)", QUADRATIC, derivative="gradient")
    assert (v.status, v.notes) == ("invalid", ("invalid:shape",))
    assert v.message.startswith("Your answer is an n×1 column vector, but the answer here is a "
                                "1×n row vector: its rows and columns are the other way round. "
                                "In this book the gradient of a scalar function is a row")


def test_readings_are_reported_back():
    v = check("x^TAx", "x^T A x", QUADRATIC)
    assert (v.status, v.notes) == ("correct", ("read-as",))
    assert v.message == "Correct! I read 'Ax' as A·x."


def test_the_same_answer_gets_the_same_verdict_and_every_seed_agrees():
    first = check("2 x^T A", "x^T (A + A^T)", QUADRATIC, seed=3)
    assert check("2 x^T A", "x^T (A + A^T)", QUADRATIC, seed=3) == first
    for seed in range(10):
        assert check("x^T A + x^T A^T", "x^T (A + A^T)", QUADRATIC, seed=seed).correct
        assert check("2 x^T A", "x^T (A + A^T)", QUADRATIC, seed=seed).notes == \
            ("symmetric-only",)


def test_an_answer_undefined_almost_everywhere_cannot_be_checked():
    v = check("log(-x^T x) x", "log(-x^T x) x", {"x": "n"})
    assert (v.status, v.message, v.notes) == ("invalid", INCONCLUSIVE, ("inconclusive",))


@pytest.mark.parametrize(
    ("expected", "variables", "options", "phrase"),
    [
        ("x^T B", QUADRATIC, {}, "cannot be read"),
        ("A x^T", QUADRATIC, {}, "n columns meet 1 row"),
        (sympy.Symbol("x"), QUADRATIC, {}, "expected answer is text"),
        ("x", {"x": "n×m symmetric"}, {}, "only a square matrix"),
        ("x", QUADRATIC, {"derivative": "hessian"}, "derivative must be one of"),
        ("x", QUADRATIC, {"distractors": [("x +", "?")]}, "cannot be read"),
    ],
)
def test_a_broken_exercise_is_an_author_error_not_the_student_s(expected, variables, options,
                                                               phrase):
    v = check("x", expected, variables, **options)
    assert v.status == "invalid" and v.notes == ("author-error",)
    assert v.message.startswith(AUTHOR) and phrase in v.message


def test_check_never_raises(monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr("vcbook.answers.matrix.checker.diagnose", broken)
    v = check("2 x^T A", "x^T (A + A^T)", QUADRATIC)
    assert (v.status, v.message, v.notes) == ("invalid", INTERNAL, ("internal-error",))


def test_student_text_never_reaches_eval_exec_sympify_parse_expr_or_lambdify(monkeypatch):
    seen = []
    sympify_module = sys.modules["sympy.core.sympify"]
    real = {"eval": builtins.eval, "exec": builtins.exec, "sympify": sympify_module.sympify,
            "lambdify": sympy.lambdify}

    def spy(name):
        def wrapper(source, *args, **kwargs):
            if isinstance(source, str):
                seen.append((name, source))
            return real[name](source, *args, **kwargs) if name in real else None
        return wrapper

    monkeypatch.setattr(builtins, "eval", spy("eval"))
    monkeypatch.setattr(builtins, "exec", spy("exec"))
    monkeypatch.setattr(sympify_module, "sympify", spy("sympify"))
    monkeypatch.setattr(sympy, "sympify", spy("sympify"))
    monkeypatch.setattr(sympy, "lambdify", spy("lambdify"))
    monkeypatch.setattr("sympy.parsing.sympy_parser.parse_expr", spy("parse_expr"))
    for text in ("x^T (A + A^T)", "2 x^T A", "A x", "x.__class__", "__import__('os')",
                 "eval(x)", "x^T A x", "tr(A) x^T", "|x|"):
        v = check(text, "x^T (A + A^T)", QUADRATIC, distractors=[("x^T A", "half")])
        assert v.status in ("correct", "incorrect", "invalid")
        v.latex  # noqa: B018 - the echo, too
    assert seen == []


def test_sizes_are_varied_so_a_size_specific_answer_is_caught():
    # tr(I) is n: an answer that is right for n = 3 only is wrong
    assert check("3 x", "tr(I) x", {"x": "n"}).status == "incorrect"
    assert check("3 x", "tr(I) x", {"x": "3"}).status == "correct"


def test_values_are_compared_at_several_sizes_and_a_non_square_combination():
    variables = {"A": "m×n", "b": "m"}
    declarations = declare(variables)
    pair = Pair.make(parse("A", variables).tree, parse("A", variables).tree, declarations,
                     sample(declarations, 0))
    assert {v.shape for v in pair.answer_values()} == {(2, 3), (3, 2), (3, 3)}


def test_an_answer_defined_for_some_sizes_only_is_caught():
    # A (A^T A)^-1 A^T A is A when A^T A is invertible: for every n×n A, but for an m×n A only
    # when m >= n; the sizes sampled include m < n
    assert check("A inv(A^T A) A^T A", "A", {"A": "n×n"}).status == "correct"
    v = check("A inv(A^T A) A^T A", "A", {"A": "m×n"})
    assert (v.status, v.notes) == ("incorrect", ("undefined",))
    v = check("inv(A^T) A^T A", "A", {"A": "m×n"})
    assert v.status == "invalid" and "only for a square matrix" in v.message


def test_capital_greek_letters_name_matrices():
    """Regression: Φ (MML's design matrix) could not be typed or declared in matrix notation."""
    from vcbook.answers import check

    variables = {"y": "N", "Φ": "N×D", "θ": "D", "λ": (0.5, 2)}
    assert check("-2 (y - Φθ)ᵀΦ + 2λθᵀ", expected="-2 (y - Phi theta)^T Phi + 2 lambda theta^T",
                 variables=variables).correct
    assert check("Σx", "Sigma*x", ["Sigma", "x"]).correct  # and in scalar exercises


def test_evaluate_expr_takes_names_as_spelled():
    """Regression: evaluate_expr needed the internal spelling 'lamda' for λ."""
    import numpy as np

    from vcbook.answers.matrix import parse
    from vcbook.answers.matrix.expr import evaluate_expr

    expr = parse("2 lambda theta^T", {"theta": "D", "lambda": (0.1, 2)})
    for key in ("lambda", "λ", "lamda"):
        assert np.allclose(evaluate_expr(expr, {"theta": np.ones(3), key: 0.7}), 1.4)


@pytest.mark.parametrize(("answer", "expected"), [
    ("1", "I"), ("2", "2 I"), ("x^T x", "x^T x I"), ("I", "1"),
    ("ones", "1"),
])
def test_a_scalar_never_sizes_a_free_identity_or_ones_to_one(answer, expected):
    """I (or ones) whose size nothing in its own tree fixes is not made 1×1 by the other tree:
    1 is not the identity matrix (found while adding ones: "1" was accepted for "I")."""
    v = check(answer, expected, {"x": "n", "X": "n×n"})
    assert (v.status, v.notes) == ("invalid", ("invalid:shape",)), v
    assert "a size nothing in it fixes" in v.message
