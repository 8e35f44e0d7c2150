"""vcbook.answers.matrix.reader: the grammar and the refusals, with where and why."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix import parse
from vcbook.answers.matrix.tree import (
    Binary,
    Call,
    Constant,
    Identity,
    Name,
    Negate,
    Number,
    Postfix,
    Power,
)

SHAPES = {"x": "n", "y": "n", "A": "n×n", "B": "n×n", "C": "m×n", "s": "scalar", "c": (0.5, 2)}
x, y, A, B, C, s = (Name(n) for n in ("x", "y", "A", "B", "C", "s"))


def T(node):  # noqa: N802 - the transpose
    return Postfix("T", node)


def mul(*factors):
    node = factors[0]
    for factor in factors[1:]:
        node = Binary("*", node, factor)
    return node


def tree(text):
    return parse(text, SHAPES).tree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^T (A + A^T)", mul(T(x), Binary("+", A, T(A)))),
        ("xᵀ(A + Aᵀ)", mul(T(x), Binary("+", A, T(A)))),
        ("x'*(A + A')", mul(T(x), Binary("+", A, T(A)))),
        ("2 x^T A", mul(Number("2"), T(x), A)),
        ("2x^TA", mul(Number("2"), T(x), A)),
        ("x^T A x / 2", Binary("/", mul(T(x), A, x), Number("2"))),
        ("1/2 x^T x", mul(Binary("/", Number("1"), Number("2")), T(x), x)),  # left to right
        ("A B ⊙ B", Binary("⊙", mul(A, B), B)),
        ("A .* B A", mul(Binary("⊙", A, B), A)),
        ("x ./ y", Binary("⊘", x, y)),
        ("x ⊘ y", Binary("⊘", x, y)),
        ("A x ./ y", Binary("⊘", mul(A, x), y)),  # one level, left to right: (A x) ⊘ y
        ("x ./ y s", mul(Binary("⊘", x, y), s)),
        ("x ./ y ./ x", Binary("⊘", Binary("⊘", x, y), x)),
        ("x .* y ./ x", Binary("⊘", Binary("⊙", x, y), x)),
        ("1 ./ x", Binary("⊘", Number("1"), x)),
        ("1./x", Binary("⊘", Number("1"), x)),
        ("x - y ./ x", Binary("-", x, Binary("⊘", y, x))),
        ("-x^T A", mul(Negate(T(x)), A)),
        ("-(x^T A)", Negate(mul(T(x), A))),
        ("x - -y", Binary("-", x, Negate(y))),
        ("A^-1", Postfix("-1", A)),
        ("A⁻¹", Postfix("-1", A)),
        ("A^(-1)", Postfix("-1", A)),
        ("A^-T", Postfix("-T", A)),
        ("A⁻ᵀ", Postfix("-T", A)),
        ("inv(A)^T", T(Call("inv", A))),
        ("A^2^T", T(Power(A, Number("2")))),  # a transpose after a power applies to the power
        ("s^2^3", Power(s, Power(Number("2"), Number("3")))),  # powers group to the right
        ("s^-2", Power(s, Negate(Number("2")))),
        ("I + A", Binary("+", Identity(1), A)),
        ("I A I", mul(Identity(1), A, Identity(2))),
        ("|s| + ‖x‖ + ||y||", Binary("+", Binary("+", Call("abs", s), Call("norm", x)),
                                     Call("norm", y))),
        ("log|det(A)|", Call("log", Call("abs", Call("det", A)))),
        ("e^s + pi", Binary("+", Power(Constant("e"), s), Constant("pi"))),
        ("1 - tanh(x) ⊙ tanh(x)", Binary("-", Number("1"), Binary("⊙", Call("tanh", x),
                                                                    Call("tanh", x)))),
        ("((x))", x),
    ],
)
def test_grammar(text, expected):
    assert tree(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "phrase"),
    [
        ("tr A", "function-syntax", "Put the argument of tr in parentheses: tr(A) (column 1)"),
        ("tr^2(A)", "function-power", "tr(X)^2, not tr^2(X)"),
        ("x +", "syntax", "ends with '+'"),
        ("x + * y", "syntax", "Something is missing between '+' and '*'"),
        ("x ./", "syntax", "ends with './'"),
        ("x ⊘ * y", "syntax", "Something is missing between '⊘' and '*'"),
        ("x^", "syntax", "ends with '^'"),
        ("x^*", "syntax", "could not read the exponent"),
        ("x)", "brackets", "no matching '('"),
        ("(x", "brackets", "'(' at column 1 is never closed"),
        ("|s", "bars", "never closed"),
        ("|s)", "bars", "bar '|' at column 1 is closed by ')' at column 3"),
        ("(s|", "syntax", "incomplete at column 4"),
        ("()", "empty-group", "nothing inside"),
        ("x, y", "tuple", "single expression"),
        ("tr(A, B)", "tuple", "one argument"),
        ("2 3", "adjacent-numbers", "next to each other"),
        ("x 2", "number-after", "write the number first (2 x)"),
        ("' x", "syntax", "needs something before it"),
        ("-" * 11 + "x", "signs", "Too many signs"),
        ("(" * 21 + "x" + ")" * 21, "too-deep", "more than 20 levels"),
        ("+".join(["x"] * 70), "too-complex", "too long or complicated"),
        ("s^101", "exponent", "The exponent 101 at column 2 is too large"),
        ("9^9^9", "exponent", "387420489"),
        ("", "empty", "empty"),
        ("x" * 3000, "too-long", "too long"),
    ],
)
def test_refusals(text, code, phrase):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, SHAPES)
    assert info.value.code == code, info.value.message
    assert phrase in info.value.message


def test_refusals_carry_a_column():
    with pytest.raises(InvalidAnswer) as info:
        parse("x^T A + (x", SHAPES)
    assert info.value.column == 9


def test_non_text_is_refused():
    with pytest.raises(InvalidAnswer, match="as text"):
        parse(None, SHAPES)
