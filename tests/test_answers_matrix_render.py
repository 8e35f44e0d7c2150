"""vcbook.answers.matrix.render: the input language, unicode for messages, LaTeX."""

import pytest

from vcbook.answers.matrix import latex, parse, pretty, to_text
from vcbook.answers.matrix.render import latex_tree, text
from vcbook.answers.matrix.tree import Binary, Name, Negate, Number, Postfix, Power

SHAPES = {"x": "n", "y": "n", "A": "n×n", "B": "n×n", "W1": "n×n", "s": "scalar",
          "theta": "scalar"}


@pytest.mark.parametrize(
    ("typed", "as_text", "as_pretty", "as_latex"),
    [
        ("xᵀ(A + Aᵀ)", "x^T (A + A^T)", "xᵀ(A + Aᵀ)", r"x^{\top} \left(A + A^{\top}\right)"),
        ("2x'A", "2 x^T A", "2xᵀA", r"2 x^{\top} A"),
        ("X", None, None, None),
        ("A⁻¹ - B^-T", "A^-1 - B^-T", "A⁻¹ - B⁻ᵀ", r"A^{-1} - B^{-\top}"),
        ("(A B)'", "(A B)^T", "(AB)ᵀ", r"\left(A B\right)^{\top}"),
        ("x .* y / 2", "x .* y / 2", "x ⊙ y / 2", r"\frac{x \odot y}{2}"),
        ("x ./ y", "x ./ y", "x ⊘ y", r"x \oslash y"),
        ("A x⊘y", "A x ./ y", "Ax ⊘ y", r"A x \oslash y"),
        ("1./x", "1 ./ x", "1 ⊘ x", r"1 \oslash x"),
        ("x ./ (y ./ x)", "x ./ (y ./ x)", "x ⊘ (y ⊘ x)", r"x \oslash \left(y \oslash x\right)"),
        ("(x + y) ./ s^2", "(x + y) ./ s^2", "(x + y) ⊘ s²",
         r"\left(x + y\right) \oslash s^{2}"),
        ("x ./ y / 2", "x ./ y / 2", "x ⊘ y / 2", r"\frac{x \oslash y}{2}"),
        ("-(x^T x) + s^2", "-(x^T x) + s^2", "-(xᵀx) + s²",
         r"-\left(x^{\top} x\right) + s^{2}"),
        ("A - (B - A)", "A - (B - A)", "A - (B - A)", r"A - \left(B - A\right)"),
        ("A + B A - 2 x x^T", "A + B A - 2 x x^T", "A + BA - 2xxᵀ",
         r"A + B A - 2 x x^{\top}"),
        ("A - -B", "A - (-B)", "A - (-B)", r"A - \left(-B\right)"),
        ("W1 x", "W1 x", "W1 x", r"W_{1} x"),
        ("‖x‖ + |s| + θ", "norm(x) + abs(s) + theta", "‖x‖ + |s| + θ",
         r"\left\lVert x \right\rVert + \left|s\right| + \theta"),
        ("x (2)", "x * 2", "x * 2", r"x \cdot 2"),
        ("A (B A)", "A (B A)", "A(BA)", r"A \left(B A\right)"),
        ("(x^T^T)^T", "x^T^T^T", "xᵀᵀᵀ",
         r"\left(\left(x^{\top}\right)^{\top}\right)^{\top}"),
        ("s^-2 + s^(1/2) + pi", "s^-2 + s^(1 / 2) + pi", "s^-2 + s^(1 / 2) + π",
         r"s^{-2} + s^{\frac{1}{2}} + \pi"),
        ("logdet(A) I", "logdet(A) I", "logdet(A)I",
         r"\log\left|\det\left(A\right)\right| I"),
    ],
)
def test_printers(typed, as_text, as_pretty, as_latex):
    expr = parse(typed, SHAPES) if typed != "X" else None
    if expr is None:
        return
    assert to_text(expr) == as_text
    assert pretty(expr) == as_pretty
    assert latex(expr) == as_latex
    assert parse(to_text(expr), SHAPES) == expr


@pytest.mark.parametrize(
    "typed",
    ["x^T (A + A^T)", "-x^T A x", "--x", "A^2^T", "s^2^3", "(s^2)^3", "A^-1^-T", "2 * 3 x",
     "1/2 x^T x", "x / (2 s)", "A .* (B A)", "exp(-x) .* x", "|s - 1| x", "diag(diag(A))",
     "tr(A)^2", "(-s)^2", "-s^2", "I + 2 I A", "e^s x + pi x", "x^T A^-1 x / (1 + s)",
     "sigmoid(x) .* (1 - sigmoid(x))", "(A + B)^-T", "x ./ y", "1 ./ (x + y) .* x",
     "A x ./ y", "x ./ (2 s)", "2. ./ x", "x ./ .5", "-x ./ -y", "x ./ y^T^T"],
)
def test_text_reads_back_to_the_same_tree(typed):
    expr = parse(typed, SHAPES)
    assert parse(to_text(expr), SHAPES) == expr


def test_built_trees_print_with_the_parentheses_they_need():
    x, s = Name("x"), Name("s")
    assert text(Binary("*", x, Negate(Number("2")))) == "x (-2)"
    assert text(Power(s, Power(Number("2"), Number("3")))) == "s^(2^3)"
    assert text(Postfix("T", Power(Name("A"), Number("2")))) == "(A^2)^T"
    assert text(Negate(Binary("*", x, x))) == "-(x x)"


def test_latex_takes_given_names():
    variables = {"dX": "n×n", "X": "n×n", "s": "scalar"}
    tree = parse("-dX^T X ./ s + tr(X^-1 dX) I + dX^2 / s", variables).tree
    plain = (r"-dX^{\top} X \oslash s + \operatorname{tr}\left(X^{-1} dX\right) I "
             r"+ \frac{dX^{2}}{s}")
    assert latex_tree(tree) == plain
    named = latex_tree(tree, names={"dX": r"\mathrm{d}X"})
    assert named == plain.replace("dX", r"\mathrm{d}X")
    assert latex_tree(tree, names={"s": r"\sigma", "nothing": "?"}) == \
        plain.replace(r"\oslash s", r"\oslash \sigma").replace("{s}", r"{\sigma}")
