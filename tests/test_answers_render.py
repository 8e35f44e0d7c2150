"""to_text / latex (vcbook.answers.render): printing answers back, and the round trip."""

import pytest
import sympy

from vcbook.answers import latex, parse, to_text

x, y, t = sympy.symbols("x y t", real=True)
r = sympy.Symbol("r", positive=True)
theta, x1 = sympy.symbols("theta x1", real=True)
NAMES = ["x", "y", "t", "theta", "x1"]

EXPRESSIONS = [
    2 * sympy.sin(t) * (sympy.cos(t) - 1),
    sympy.exp(x) * sympy.E,
    sympy.Abs(x) / 3,
    x ** sympy.Rational(1, 3),
    1 / (x * y**2),
    sympy.atan2(y, x),
    -x**2,
    sympy.sqrt(x**2 + 1),
    3 * (x - 1) ** 2 * (y + 2) / (x - y),
    sympy.log(x) * sympy.pi,
    (x + 1) / 2,
    sympy.sec(x) + sympy.csc(y) - sympy.cot(t),
    sympy.asin(x / 3) + sympy.acos(y / 3) + sympy.atan(t),
    sympy.tanh(x) * sympy.sinh(y) / sympy.cosh(t),
    x1**2 * sympy.cos(theta),
    sympy.exp(-x**2 / 2) / sympy.sqrt(2 * sympy.pi),
    sympy.Integer(-7),
    sympy.Rational(-3, 4),
    sympy.asinh(x) + sympy.acosh(y**2 + 1) * sympy.atanh(t / 3),
    sympy.sign(x) * sympy.csch(y),
    sympy.Max(x, y, 1) - sympy.Min(x, t),
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_round_trip_of_expressions(expr):
    assert parse(to_text(expr), NAMES) == expr


@pytest.mark.parametrize(
    ("obj", "text"),
    [
        (sympy.Matrix([[x, y]]), "[x, y]"),
        (sympy.Matrix([x, y]), "[x; y]"),
        (sympy.Matrix([[1, x], [y, 2]]), "[1, x; y, 2]"),
        ([x, y], "[x, y]"),
        ((2, 3), "(2, 3)"),
        ((4,), "(4,)"),
        (sympy.E**x, "exp(x)"),
        (sympy.Abs(x), "abs(x)"),
    ],
)
def test_text_of_arrays_shapes_and_functions(obj, text):
    assert to_text(obj) == text


def test_round_trip_of_matrices_and_shapes():
    m = sympy.Matrix([[sympy.cos(theta), -x1 * sympy.sin(theta)], [sympy.sin(theta), x1]])
    assert parse(to_text(m), NAMES) == m
    assert parse(to_text((3, 3, 2, 3)), kind="shape") == (3, 3, 2, 3)


def test_author_symbols_without_assumptions_print_the_same():
    plain = sympy.Symbol("x")
    assert to_text(plain**2 + 1) == "x**2 + 1"


@pytest.mark.parametrize("expr", [sympy.I * x, sympy.oo, sympy.Function("f")(x), sympy.zoo])
def test_what_the_language_cannot_say(expr):
    with pytest.raises(ValueError, match="cannot be written"):
        to_text(expr)


def test_latex():
    assert latex(sympy.sin(theta) / 2) == r"\frac{\sin{\left(\theta \right)}}{2}"
    assert latex((2, 3)) == r"2 \times 3"
    assert latex(sympy.Matrix([[x, y]])) == r"\left[\begin{matrix}x & y\end{matrix}\right]"


@pytest.mark.parametrize(("typed", "text", "tex"), [
    ("arcsinh(x)", "asinh(x)", r"\operatorname{asinh}{\left(x \right)}"),
    ("arccosh(x)", "acosh(x)", r"\operatorname{acosh}{\left(x \right)}"),
    ("arctanh(x)", "atanh(x)", r"\operatorname{atanh}{\left(x \right)}"),
    ("sgn(x)", "sign(x)", r"\operatorname{sign}{\left(x \right)}"),
    ("max(x, y)", "max(x, y)", r"\max\left(x, y\right)"),
    ("min(x, y, t)", "min(t, x, y)", r"\min\left(t, x, y\right)"),
    ("cosec(x)", "csc(x)", r"\csc{\left(x \right)}"),
    ("cosech(x)", "csch(x)", r"\operatorname{csch}{\left(x \right)}"),
    ("arctan2(y, x)", "atan2(y, x)", r"\operatorname{atan}_{2}{\left(y,x \right)}"),
])
def test_added_functions_print_back_and_round_trip(typed, text, tex):
    """Issue 10: each added function (and alias) prints in the language and in LaTeX."""
    value = parse(typed, NAMES)
    assert to_text(value) == text
    assert parse(text, NAMES) == value
    assert latex(value) == tex


def test_lambda_prints_as_it_is_typed_and_reads_back():
    # 'lambda' is stored as 'lamda' (a Python keyword); printed answers said 'lamda'
    lam, x = sympy.symbols("lamda x")
    assert to_text(lam * x) == "lambda*x"
    assert str(parse(to_text(lam * x), variables=["lambda", "x"])) == "lamda*x"
