"""Stage 2 (vcbook.answers.lex): tokens, and refusals that say which character and where."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import lex
from vcbook.answers.normalise import normalise


def kinds(text):
    return [(t.kind, t.text) for t in lex(normalise(text))]


def test_tokens_of_a_typical_answer():
    assert kinds("2x**2 + sin(t)|y|") == [
        ("num", "2"), ("name", "x"), ("op", "^"), ("num", "2"), ("op", "+"), ("name", "sin"),
        ("(", "("), ("name", "t"), (")", ")"), ("|", "|"), ("name", "y"), ("|", "|"),
    ]


def test_numbers_and_spacing():
    tokens = lex(normalise("0.5 .25 3."))
    assert [t.text for t in tokens] == ["0.5", ".25", "3."]
    assert [t.spaced for t in tokens] == [False, True, True]


@pytest.mark.parametrize(
    ("text", "code", "column", "phrase"),
    [
        ("x = 1", "character", 3, "without an '=' sign"),
        ("x.y", "character", 2, "inside a number"),
        ("'x'", "character", 1, "no quotes"),
        ("х*y", "character", 1, "looks like the letter 'x'"),
        ("x{1}", "character", 2, "round parentheses"),
        ("5!", "character", 2, "factorials"),
        ("1.2.3", "number", 1, "more than one decimal point"),
        ("1e400", "scientific", 1, "1*10^400"),
        ("2e-3", "scientific", 1, "2*10^(-3)"),
        ("1.5E3", "scientific", 1, "1.5*10^3"),
        ("1" * 41, "number-too-large", 1, "41 digits"),
    ],
)
def test_refusals(text, code, column, phrase):
    with pytest.raises(InvalidAnswer) as info:
        lex(normalise(text))
    assert info.value.code == code
    assert info.value.column == column
    assert phrase in info.value.message


def test_e_after_a_number_is_euler_when_no_digit_follows():
    assert kinds("2e^x") == [("num", "2"), ("name", "e"), ("op", "^"), ("name", "x")]
