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


@pytest.mark.parametrize(("typed", "variables", "name"), [
    ("μ0", ["μ0"], "mu0"),
    ("μ₀", ["mu0"], "mu0"),
    ("θ₁", ["θ₁"], "theta1"),
    ("θ_1", ["theta1"], "theta1"),
    ("λ2", ["λ2"], "lamda2"),
    ("mu0", ["mu0"], "mu0"),
    ("theta_1", ["theta1"], "theta1"),
])
def test_a_greek_letter_with_a_digit_is_one_declared_name(typed, variables, name):
    """Regression (issue 10): 'μ0' was split into μ and 0 ("I don't know the name 'mu'")."""
    import sympy

    from vcbook.answers import parse

    assert parse(typed, variables) == sympy.Symbol(name, real=True)
    assert parse(f"2{typed}x", [*variables, "x"]) == 2 * sympy.Symbol(name, real=True) * \
        sympy.Symbol("x", real=True)


def test_a_greek_letter_with_a_digit_that_is_not_declared_gets_a_greek_message():
    error = refusal("θ2", POLAR)
    assert error.code == "name-digits"
    assert "write θ*2 for a product or θ^2 for a power" in error.message


def test_greek_names_with_digits_are_shown_as_letters():
    assert make_spec(["mu0", "lamda2", "theta_1"]).phrase() == "μ0, λ2 and θ1"


@pytest.mark.parametrize(("typed", "tokens"), [
    ("cos2θ", [("func", "cos"), ("num", "2"), ("var", "theta")]),
    ("sin2", [("func", "sin"), ("num", "2")]),
    ("arctan2", [("func", "atan2")]),
    ("cosec", [("func", "csc")]),
    ("sign", [("func", "sign")]),
    ("sgn", [("func", "sign")]),
])
def test_names_that_got_misleading_suggestions(typed, tokens):
    """Regression (issue 10): 'cos2θ' gave "write cos*2", 'cosec' "did you mean sec?", 'sign'
    "did you mean sin?", 'arctan2' "write arctan*2"."""
    assert resolved(typed, POLAR)[0] == tokens


def test_an_exercise_without_variables_says_the_answer_is_a_number():
    """Regression (issue 10): "The variables in this exercise are none."."""
    none = make_spec([])
    for typed in ("t", "Sin"):
        error = refusal(typed, none)
        assert "none" not in error.message
        assert "This answer is a number: it uses no variables." in error.message
    assert "none" not in refusal("open", none).message
