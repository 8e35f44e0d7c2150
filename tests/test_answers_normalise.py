"""Stage 1 (vcbook.answers.normalise): unicode folding with a map back to typed columns."""

import pytest

from vcbook.answers.normalise import normalise


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("x²y", "x^(2)y"),
        ("x⁻¹", "x^(-1)"),  # superscripts before NFKC: never 'x-1'
        ("x²³", "x^(23)"),
        ("eˣ", "e^(x)"),
        ("ｘ＊ｙ", "x*y"),  # fullwidth
        ("x\u00a0y", "x y"),  # NBSP
        ("x\u200by", "xy"),  # zero-width space dropped
        ("−x·y×z÷w", "-x*y*z/w"),
        ("x₁+x₂", "x1+x2"),
        ("2π", "2 pi "),
        ("rθ", "r theta "),
        ("½", "(1/2)"),  # one number: c^½ is c^(1/2)
        ("x\ty\n", "x y "),
    ],
)
def test_normalised_text(typed, text):
    assert normalise(typed).text == text


def test_columns_point_back_to_the_typed_text():
    norm = normalise("x²+θ")
    # 'x' 1, '^(2)' all from the superscript at column 2, '+' at 3, ' theta ' from column 4
    assert [norm.column(i) for i in range(len(norm.text))] == [1, 2, 2, 2, 2, 3] + [4] * 7
    assert norm.column(len(norm.text)) == 5  # one past the end
    assert norm.typed_span(6, 13) == "θ"


def test_other_scripts_are_left_for_the_lexer_to_refuse():
    assert normalise("х").text == "х"  # Cyrillic ha is not folded to Latin x


def test_vulgar_fractions_are_one_number():
    """Regression (student review): c^½ was read as c^1/2 = c/2, so a right answer was wrong."""
    import sympy

    from vcbook.answers import check, parse
    from vcbook.answers.normalise import normalise

    assert normalise("½").text == "(1/2)"
    c, x = sympy.symbols("c x", real=True)
    assert parse("c^½", ["c"]) == sympy.sqrt(c)
    assert parse("x^⅓", ["x"]) == x ** sympy.Rational(1, 3)
    assert parse("1/½", []) == 2
    verdict = check("1/(2c^½) - sin(c)", 1 / (2 * sympy.sqrt(c)) - sympy.sin(c), {"c": (0.5, 3)})
    assert verdict.status == "correct"


@pytest.mark.parametrize(("typed", "text"), [
    ("μ0", " mu0"),
    ("θ₁", " theta1"),
    ("θ_1", " theta_1"),
    ("2θx", "2 theta x"),
])
def test_a_greek_letter_keeps_a_digit_after_it(typed, text):
    """Regression (issue 10): 'μ0' became ' mu 0', two names."""
    assert normalise(typed).text == text
