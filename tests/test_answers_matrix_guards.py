"""vcbook.answers.matrix.guards: constants that divide by zero, are undefined or too large."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix import parse

SHAPES = {"x": "n", "A": "n×n"}


@pytest.mark.parametrize(
    ("text", "code", "phrase"),
    [
        ("1/0", "divide-by-zero", "1/0 divides by zero (column 1)"),
        ("x/(1 - 1)", "divide-by-zero", "divides by zero"),
        ("x ./ 0", "divide-by-zero", "x ./ 0 divides by zero (column 1)"),
        ("x ⊘ (1 - 1) + x", "divide-by-zero", "x ⊘ (1 - 1) divides by zero (column 1)"),
        ("1 ./ 0", "divide-by-zero", "1 ./ 0 divides by zero (column 1)"),
        ("A (1./0)", "divide-by-zero", "1./0 divides by zero (column 4)"),
        ("0^-1", "divide-by-zero", "divides by zero"),
        ("inv(0)", "divide-by-zero", "divides by zero"),
        ("log(0)", "undefined", "log(0) is undefined"),
        ("x + sqrt(-4)", "complex", "sqrt(-4) is not a real number"),
        ("(-8)^(1/3)", "complex", "real numbers only"),
        ("(10^40)^10", "number-too-large", "too large a number"),
        ("exp(1000) x", "number-too-large", "exp(1000) is too large"),
        ("tr(A) + log(-1 + 1)", "undefined", "log(-1 + 1) is undefined (column 9)"),
        ("logdet(0)", "undefined", "logdet(0) is undefined"),
    ],
)
def test_constants_are_refused_naming_the_innermost_part(text, code, phrase):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, SHAPES)
    assert info.value.code == code, info.value.message
    assert phrase in info.value.message


@pytest.mark.parametrize("text", ["x / 2", "x / (1 + 1)", "log(2) x", "sqrt(4) A", "2^-1 x",
                                  "(-8)^(1/1) x", "0^2 x + x", "x ./ 2", "0 ./ 2 + x",
                                  "1 ./ x"])
def test_defined_constants_pass(text):
    assert parse(text, SHAPES).shape[1] in (1, "n")
