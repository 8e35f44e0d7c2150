"""Stage 4 (vcbook.answers.syntax): token order, implicit products, bars, rows, placeholders."""

import pytest

from vcbook.answers import parse
from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import lex
from vcbook.answers.limits import LIMITS
from vcbook.answers.names import resolve
from vcbook.answers.normalise import normalise
from vcbook.answers.spec import make_spec
from vcbook.answers.syntax import write_program

XY = make_spec(["x", "y"])


def program(text, spec=XY, limits=LIMITS):
    norm = normalise(text)
    tokens, _ = resolve(lex(norm), norm, spec)
    return write_program(tokens, norm, limits)


def shape_of(text):
    """The placeholder source with each atom replaced by its value, to read the structure."""
    prog = program(text)
    return " ".join(prog.atoms[p].value if p in prog.atoms else p for p in prog.source.split())


@pytest.mark.parametrize(
    ("text", "structure"),
    [
        ("2x y", "2 * x * y"),
        ("2 sin(x)", "2 * sin ( x )"),
        ("(x+1)(y-1)", "( x + 1 ) * ( y - 1 )"),
        ("x(y)", "x * ( y )"),
        ("sin(x)cos(y)", "sin ( x ) * cos ( y )"),
        ("|x|", "abs ( x )"),
        ("||x|+y|", "abs ( abs ( x ) + y )"),
        ("|x||y|", "abs ( x ) * abs ( y )"),
        ("2|x|", "2 * abs ( x )"),
        ("√x + √(y)", "sqrt ( x ) + sqrt ( y )"),
        ("x^2", "x ** 2"),
        ("[x, y]", "[ x , y ]"),
        ("[x; y]", "[[ x ], [ y ]]"),
        ("[x, y; 1, 2]", "[[ x , y ], [ 1 , 2 ]]"),
        ("-----x", "- - - - - x"),
    ],
)
def test_structure(text, structure):
    assert shape_of(text) == structure


def test_source_contains_only_placeholders_and_operators():
    prog = program("2x sin(y) + |x|")
    allowed = set(prog.atoms) | {"*", "(", ")", "+", "**", "-", "/", ",", "[", "]", "[[", "]]",
                                 "], ["}
    assert set(prog.source.split()) <= allowed
    assert all(name.startswith("_") for name in prog.atoms)


@pytest.mark.parametrize(
    ("text", "code", "column", "phrase"),
    [
        ("x**", "syntax", 4, "ends with '**'"),
        ("*x", "syntax", 1, "needs something before it"),
        ("x+*y", "syntax", 3, "missing between '+' and '*'"),
        ("()", "empty-group", 1, "empty parentheses"),
        ("[]", "empty-group", 1, "empty brackets"),
        ("2 3", "adjacent-numbers", 3, "2*3"),
        ("x 2", "number-after", 3, "x*2"),
        ("sin", "function-syntax", 1, "sin(x)"),
        ("sin^2(x)", "function-power", 1, "sin(x)^2, not sin^2(x)"),
        ("sin²(x)", "function-power", 1, "sin(x)^2"),
        ("sin^-1(x)", "function-power", 1, "asin(x)"),
        ("√", "function-syntax", 1, "√x"),
        ("x; y", "semicolon", 2, "rows of a matrix"),
        ("|x", "bars", 1, "never closed"),
        ("(|x)|", "bars", 4, "not closed before"),
        ("(x]", "brackets", 3, "closed by ']'"),
        ("x)", "brackets", 2, "no matching '('"),
        ("(x", "brackets", 1, "never closed"),
        ("(" * 21 + "x" + ")" * 21, "too-deep", 21, "nested"),
        ("-" * 11 + "x", "too-complex", 11, "Too many signs"),
        ("+".join(["x"] * 151), "too-complex", None, "too long or complicated"),
    ],
)
def test_refusals(text, code, column, phrase):
    with pytest.raises(InvalidAnswer) as info:
        program(text)
    assert info.value.code == code
    if column is not None:
        assert info.value.column == column
    assert phrase in info.value.message


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("1/2x", "I read '1/2x' as (1/2)·x; write 1/(2x) if you meant that."),
        ("e^2x", "I read 'e^2x' as (e^2)·x; write e^(2x) if you meant that."),
    ],
)
def test_precedence_readings_are_reported(text, reading):
    assert program(text).readings == [reading]


@pytest.mark.parametrize("text", ["1/(2x)", "x^2 y", "x²y", "e^(2)x", "1/2 x"])
def test_no_reading_when_unambiguous(text):
    assert program(text).readings == []


def test_spaced_product_in_brackets_is_flagged():
    assert program("[y x]").spaced_product_in_brackets
    assert not program("[yx]").spaced_product_in_brackets
    assert not program("y x").spaced_product_in_brackets


def test_columns_of_source_pieces():
    prog = program("2 + x")
    assert [column for _, column in prog.offsets] == [1, 3, 5]
    assert prog.column(prog.source.index("+")) == 3


def test_a_row_typed_with_spaces_is_told_to_use_commas():
    """Regression (student review): [3 -1 0; 6 -2 0] got only 'put an operator between them'."""
    for typed in ("[3 -1 0; 6 -2 0]", "[2x+2y 2x+6y]"):
        with pytest.raises(InvalidAnswer) as error:
            parse(typed, ["x", "y"])
        assert "separate the entries with commas" in error.value.message
    with pytest.raises(InvalidAnswer) as error:
        parse("2 3", [])
    assert "commas" not in error.value.message


def test_a_function_right_after_a_fraction_is_read_aloud():
    """Regression (student review): 1/2sqrt(c) was read as sqrt(c)/2 without saying so."""
    import sympy

    from vcbook.answers import check

    c = sympy.Symbol("c", positive=True)
    verdict = check("1/2sqrt(c) - sin(c)", 1 / (2 * sympy.sqrt(c)) - sympy.sin(c), {"c": (0.5, 3)})
    assert verdict.status == "incorrect"
    assert "I read '1/2sqrt(c)' as (1/2)·sqrt(c); write 1/(2sqrt(c)) if you meant that." \
        in verdict.message
    assert check("1/(2sqrt(c)) - sin(c)", 1 / (2 * sympy.sqrt(c)) - sympy.sin(c),
                 {"c": (0.5, 3)}).message == "Correct!"


# -- a function applied without parentheses, as prompts print it (issue 10) -------------------
def _bare_cases():
    import sympy

    x, y, r, theta = sympy.symbols("x y r theta", real=True)
    sin, cos = sympy.sin, sympy.cos
    polar = ["r", "theta"]
    star = ("(without parentheses, a function's argument stops at * and /); write "
            "sin({}) if you meant that.")
    return [
        ("sin x", ["x"], sin(x), ["I read 'sin x' as sin(x)."]),
        ("cos 2θ", ["theta"], cos(2 * theta), ["I read 'cos 2θ' as cos(2θ)."]),
        ("sin x y", ["x", "y"], sin(x * y), ["I read 'sin x y' as sin(x·y)."]),
        ("sin x cos y", ["x", "y"], sin(x) * cos(y),
         ["I read 'sin x' as sin(x).", "I read 'cos y' as cos(y)."]),
        ("sin 2x + 1", ["x"], sin(2 * x) + 1, ["I read 'sin 2x' as sin(2x)."]),
        ("r²cos2θ", polar, r**2 * cos(2 * theta), ["I read 'cos2θ' as cos(2θ)."]),
        ("x sin x", ["x"], x * sin(x), ["I read 'sin x' as sin(x)."]),
        ("sin x / y", ["x", "y"], sin(x) / y,
         ["I read 'sin x / y' as sin(x)/y " + star.format("x / y")]),
        ("sin x*y", ["x", "y"], sin(x) * y,
         ["I read 'sin x*y' as sin(x)·y " + star.format("x*y")]),
        ("cosθ e^(r cosθ)", polar, cos(theta) * sympy.exp(r * cos(theta)),
         ["I read 'cosθ' as cos(θ)."]),
        ("cosθ e^(rcosθ)", polar, cos(theta) * sympy.exp(r * cos(theta)),
         ["I read 'rcos' as r·cos.", "I read 'cosθ' as cos(θ)."]),
        ("sin x^2", ["x"], sin(x**2), ["I read 'sin x^2' as sin(x^2)."]),
        ("sin x²y", ["x", "y"], sin(x**2 * y), ["I read 'sin x²y' as sin(x²·y)."]),
        ("sinx", ["x"], sin(x), ["I read 'sinx' as sin(x)."]),
        ("rsinθ", polar, r * sin(theta), ["I read 'rsin' as r·sin.", "I read 'sinθ' as sin(θ)."]),
        ("sin θ (1 - cos θ)", ["theta"], sin(theta) * (1 - cos(theta)),
         ["I read 'sin θ' as sin(θ).", "I read 'cos θ' as cos(θ)."]),
        ("ln x + √x", ["x"], sympy.log(x) + sympy.sqrt(x), ["I read 'ln x' as ln(x)."]),
        ("|sin x|", ["x"], sympy.Abs(sin(x)), ["I read 'sin x' as sin(x)."]),
        ("[cos 3x+2y, 1]", ["x", "y"], sympy.ImmutableMatrix([[cos(3 * x) + 2 * y, 1]]),
         ["I read 'cos 3x' as cos(3x)."]),
        ("atanh x/2", ["x"], sympy.atanh(x) / 2,
         ["I read 'atanh x/2' as atanh(x)/2 (without parentheses, a function's argument stops "
          "at * and /); write atanh(x/2) if you meant that."]),
    ]


@pytest.mark.parametrize(("typed", "variables", "value", "readings"), _bare_cases(),
                         ids=[case[0] for case in _bare_cases()])
def test_a_function_without_parentheses_takes_the_juxtaposed_run(typed, variables, value,
                                                                  readings):
    """Regression (issue 10): 'sin x', 'cos 2θ', 'r²cos2θ' were refused or misread."""
    from vcbook.answers.reader import read

    reading = read(typed, make_spec(variables))
    assert reading.value == value
    assert list(reading.readings) == readings


@pytest.mark.parametrize(("typed", "code", "phrase"), [
    ("sin^2 x", "function-power", "Write the power after the argument: sin(x)^2, not sin^2(x)"),
    ("sin -x", "function-syntax", "Put the argument of sin in parentheses"),
    ("sin", "function-syntax", "Put the argument of sin in parentheses"),
    ("cos2(x)", "function-syntax", "'cos2(x)' (column 1) is ambiguous: write cos(2x) or "
                                   "cos(x)^2."),
    ("log2(x)", "function-syntax", "write log(x)/log(2) for a logarithm to base 2"),
    ("sin x(y+1)", "function-syntax", "sin(x(y+1)), or sin(x)*(y+1) if only x is its argument"),
])
def test_unreadable_bare_functions_are_refused_with_a_fix(typed, code, phrase):
    with pytest.raises(InvalidAnswer) as error:
        parse(typed, ["x", "y"])
    assert error.value.code == code
    assert phrase in error.value.message
