"""Stage 3 (vcbook.answers.names): names -> variables/constants/functions, or a helpful refusal."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import lex
from vcbook.answers.names import resolve
from vcbook.answers.normalise import normalise
from vcbook.answers.spec import make_spec

XY = make_spec(["x", "y"])
POLAR = make_spec(["r", "θ"])


def resolved(text, spec=XY):
    norm = normalise(text)
    tokens, readings = resolve(lex(norm), norm, spec)
    return [(t.kind, t.text) for t in tokens], readings


def refusal(text, spec=XY):
    with pytest.raises(InvalidAnswer) as info:
        resolved(text, spec)
    return info.value


def test_known_names():
    tokens, readings = resolved("ln(e) + pi*x")
    assert tokens == [("func", "log"), ("(", "("), ("const", "e"), (")", ")"), ("op", "+"),
                      ("const", "pi"), ("op", "*"), ("var", "x")]
    assert readings == []


def test_greek_name_and_letter_are_the_same_variable():
    assert resolved("theta", POLAR)[0] == [("var", "theta")]
    assert resolved("θ", POLAR)[0] == [("var", "theta")]


def test_a_variable_shadows_a_constant():
    assert resolved("e", make_spec(["e"]))[0] == [("var", "e")]


def test_subscripted_variables():
    spec = make_spec(["x1", "x2"])
    assert resolved("x1 x_2 x₁", spec)[0] == [("var", "x1"), ("var", "x2"), ("var", "x1")]


@pytest.mark.parametrize(
    ("text", "spec", "tokens", "reading"),
    [
        ("xy", XY, [("var", "x"), ("var", "y")], "I read 'xy' as x·y."),
        ("rcos", POLAR, [("var", "r"), ("func", "cos")], "I read 'rcos' as r·cos."),
        ("pir", POLAR, [("const", "pi"), ("var", "r")], "I read 'pir' as pi·r."),
    ],
)
def test_unknown_names_split_into_known_ones_and_say_so(text, spec, tokens, reading):
    assert resolved(text, spec) == (tokens, [reading])


@pytest.mark.parametrize(
    ("text", "spec", "code", "phrase"),
    [
        ("t", XY, "unknown-name", "The variables in this exercise are x and y"),
        ("Sin", XY, "unknown-name", "Did you mean sin? Names are case-sensitive"),
        ("sinn", XY, "unknown-name", "Did you mean sin?"),
        ("In", XY, "unknown-name", "natural logarithm is ln"),
        ("E", XY, "unknown-name", "Did you mean e"),
        ("i", XY, "unknown-name", "real numbers only"),
        ("x2", XY, "name-digits", "write x*2 for a product or x^2 for a power"),
        ("x", POLAR, "coordinates", "polar coordinates: write your answer in terms of r and θ"),
        ("theta", XY, "coordinates", "Cartesian coordinates"),
        ("diff", XY, "command", "SymPy command"),
        ("__import__", XY, "unknown-name", "not part of the answer language"),
        ("lambda", XY, "unknown-name", "not part of the answer language"),
    ],
)
def test_refusals_suggest_a_fix(text, spec, code, phrase):
    error = refusal(text, spec)
    assert error.code == code
    assert phrase in error.message
    assert error.column == 1


def test_forbidden_names():
    spec = make_spec(["x"], forbidden=["abs"])
    error = refusal("abs(x)", spec)
    assert error.code == "forbidden" and "not allowed in this exercise" in error.message
    assert refusal("xabs", spec).code == "unknown-name"  # not split into a forbidden name


def test_a_reading_is_reported_once_however_often_it_occurs():
    """Regression: 'xy' typed three times gave the note "I read 'xy' as x·y." three times."""
    import sympy

    from vcbook.answers import check

    x, y = sympy.symbols("x y")
    verdict = check("[2x sin(xy) + x²y cos(xy), x³cos(xy)]",
                    sympy.Matrix([[2 * x * sympy.sin(x * y) + x**2 * y * sympy.cos(x * y),
                                   x**3 * sympy.cos(x * y)]]), ["x", "y"])
    assert verdict.status == "correct"
    assert verdict.message.count("I read 'xy' as x·y.") == 1


def test_subscripts_with_underscores_split_like_plain_digits():
    """Regression (student review): [2x_1x_2, ...] was refused although x1x2 and x_1 x_2 work."""
    import sympy

    from vcbook.answers import check

    x1, x2 = sympy.symbols("x1 x2", real=True)
    expected = sympy.Matrix([[2 * x1 * x2, x1**2 + sympy.cos(x2)]])
    for typed in ("[2x_1x_2, x_1^2+cos(x_2)]", "[2x1x2, x1^2 + cos(x2)]",
                  "[2 x₁x₂, x₁² + cos(x₂)]"):
        assert check(typed, expected, ["x1", "x2"]).status == "correct", typed
