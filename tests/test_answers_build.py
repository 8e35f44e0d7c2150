"""Stage 6 (vcbook.answers.build), through the reader: SymPy objects with numeric guards."""

import pytest
import sympy

from vcbook.answers import InvalidAnswer, parse

x, y = sympy.symbols("x y", real=True)
r = sympy.Symbol("r", positive=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2x y", 2 * x * y),
        ("2 sin(x)(cos(x) - 1)", 2 * sympy.sin(x) * (sympy.cos(x) - 1)),
        ("x^2 + x**2", 2 * x**2),
        ("e^x", sympy.exp(x)),
        ("ln(x) - log(x)", 0),
        ("0.5x", x / 2),
        ("|x| + sqrt(2)", sympy.Abs(x) + sympy.sqrt(2)),
        ("arctan(x) + atan2(y, x)", sympy.atan(x) + sympy.atan2(y, x)),
        ("2/3/4", sympy.Rational(1, 6)),
        ("x^-1", 1 / x),
        ("pi", sympy.pi),
    ],
)
def test_values(text, expected):
    assert parse(text, ["x", "y"]) == expected


def test_variables_are_real_unless_declared_more():
    value = parse("x + r", ["x", "r"], assumptions={"r": "positive"})
    assert value == x + r
    assert parse("sqrt(r^2)", ["r"], assumptions={"r": "positive"}) == r


def test_vectors_and_matrices():
    assert parse("[x, y]", "x y") == sympy.Matrix([[x, y]])
    assert parse("[x; y]", "x y") == sympy.Matrix([[x], [y]])
    assert parse("[x, y; 1, 2]", "x y") == sympy.Matrix([[x, y], [1, 2]])
    assert parse("[[x, y], [1, 2]]", "x y") == sympy.Matrix([[x, y], [1, 2]])


@pytest.mark.parametrize(
    ("text", "code", "phrase"),
    [
        ("1/0", "divide-by-zero", "divides by zero"),
        ("1/(x-x)", "divide-by-zero", "divides by zero"),
        ("0^(-1)", "divide-by-zero", "divides by zero"),
        ("log(0)", "undefined", "undefined"),
        ("sqrt(-1)", "complex", "real numbers only"),
        ("(-8)^(1/3)", "complex", "real numbers only"),
        ("asin(2)", "complex", "real numbers only"),
        ("9^9^9", "exponent", "387420489 is too large"),
        ("x^101", "exponent", "too large"),
        ("(10^90)^4", "number-too-large", "too large"),
        ("10^90*10^90*10^90*10^90 x", "number-too-large", "too large"),
        ("sin(x, y)", "arity", "sin takes one argument"),
        ("x, y", "tuple", "square brackets"),
        ("[x] + [y]", "vector-arithmetic", "each component"),
        ("2*[x, y]", "vector-arithmetic", "each component"),
        ("sin([x])", "vector-arithmetic", "each component"),
        ("[[1, 2], [3]]", "ragged", "row 1 has 2, row 2 has 1"),
        ("[[1, 2], 3]", "brackets", "Mixed brackets"),
        ("[[[1]]]", "brackets", "two deep"),
    ],
)
def test_guards(text, code, phrase):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, ["x", "y"])
    assert info.value.code == code
    assert phrase in info.value.message


def test_float_policy():
    assert parse("0.25", "x") == sympy.Rational(1, 4)
    with pytest.raises(InvalidAnswer) as info:
        parse("0.25x", "x", floats="forbid")
    assert info.value.code == "decimal" and info.value.column == 1


def test_kind_argument_of_parse():
    with pytest.raises(InvalidAnswer, match="single expression"):
        parse("[x]", "x", kind="expression")
    with pytest.raises(InvalidAnswer, match="square brackets"):
        parse("x", "x", kind="vector")
    assert parse("2 x 3", kind="shape") == (2, 3)


def test_invalid_answer_is_a_value_error():
    with pytest.raises(ValueError, match="empty"):
        parse("", "x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("asinh(x) + arcsinh(y)", sympy.asinh(x) + sympy.asinh(y)),
        ("acosh(x^2 + 1) - arccosh(2)", sympy.acosh(x**2 + 1) - sympy.acosh(2)),
        ("atanh(x/3) + arctanh(1/2)", sympy.atanh(x / 3) + sympy.atanh(sympy.Rational(1, 2))),
        ("sign(x) + sgn(-3)", sympy.sign(x) - 1),
        ("max(x, y) + min(x, y, 0)", sympy.Max(x, y) + sympy.Min(x, y, 0)),
        ("max(1, 2, 3)", 3),
        ("cosec(x) - csc(x)", 0),
        ("cosech(x) + csch(y)", sympy.csch(x) + sympy.csch(y)),
        ("arctan2(y, x) - atan2(y, x)", 0),
    ],
)
def test_values_of_the_added_functions(text, expected):
    """Issue 10: hyperbolic inverses, sign, max/min, cosec/cosech/csch, arctan2."""
    assert parse(text, ["x", "y"]) == expected


@pytest.mark.parametrize(
    ("text", "code", "phrase"),
    [
        ("max(x)", "arity", "max takes two or more arguments, but it has 1 here"),
        ("atanh(1)", "undefined", "undefined"),
        ("atanh(2)", "complex", "real numbers only"),
        ("acosh(1/2)", "complex", "real numbers only"),
        ("csch(0)", "undefined", "undefined"),
        ("sign(x, y)", "arity", "sign takes one argument"),
    ],
)
def test_guards_of_the_added_functions(text, code, phrase):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, ["x", "y"])
    assert info.value.code == code
    assert phrase in info.value.message


@pytest.mark.parametrize("text", ["sinh(10000)", "exp(800)*x", "exp(exp(10))", "e^(e^10)",
                                  "10^90 exp(100)", "exp(10^7)"])
def test_numbers_too_large_to_work_with_are_refused(text):
    """Regression (issue 10): these reached the checker's "Something went wrong" verdict."""
    with pytest.raises(InvalidAnswer) as info:
        parse(text, ["x"])
    assert info.value.code == "number-too-large"
    assert "too large to work with" in info.value.message


def test_large_but_workable_numbers_are_kept():
    assert parse("exp(200) x", ["x"]) == sympy.exp(200) * x
    assert parse("sinh(20)", ["x"]) == sympy.sinh(20)
