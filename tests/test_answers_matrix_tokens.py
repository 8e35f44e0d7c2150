"""vcbook.answers.matrix.tokens: normalisation, tokens and names of matrix notation."""

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.limits import LIMITS
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.tokens import (
    FUNC,
    IDENT,
    NORM,
    OP,
    TEE,
    TICK,
    VAR,
    lex_matrix,
    normalise_matrix,
    resolve_names,
)

SHAPES = declare({"x": "n", "A": "n×n", "B": "n×n", "c": (0.5, 2), "t": "scalar"})


def tokens(text, declarations=SHAPES):
    norm = normalise_matrix(text)
    found = lex_matrix(norm, frozenset(declarations.names), LIMITS)
    return resolve_names(found, norm, declarations)


def kinds(text):
    return [(t.kind, t.text) for t in tokens(text)[0]]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("xᵀA", "x^TA"),
        ("X⁻ᵀ", "X^-T"),
        ("Xᵀ⁻¹", "X^T^(-1)"),
        ("x²", "x^(2)"),
        ("A − Aᵀ", "A - A^T"),
        ("2·x", "2*x"),
    ],
)
def test_normalise_rewrites_the_transpose_before_nfkc(typed, text):
    assert normalise_matrix(typed).text == text


def test_normalise_keeps_columns():
    norm = normalise_matrix("xᵀ + X⁻ᵀ")
    assert norm.text == "x^T + X^-T"
    assert norm.column(norm.text.index("+")) == 4
    assert norm.column(norm.text.index("X")) == 6
    assert norm.typed_span(1, 3) == "ᵀ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x'", [(VAR, "x"), (TICK, "'")]),
        ("x′", [(VAR, "x"), (TICK, "'")]),
        ("x^T", [(VAR, "x"), (OP, "^"), (TEE, "T")]),
        ("x^TAx", [(VAR, "x"), (OP, "^"), (TEE, "T"), (VAR, "A"), (VAR, "x")]),
        ("A^(-T)", [(VAR, "A"), (OP, "^"), ("(", "("), (OP, "-"), (TEE, "T"), (")", ")")]),
        ("A .* B", [(VAR, "A"), (OP, "⊙"), (VAR, "B")]),
        ("A ⊙ B", [(VAR, "A"), (OP, "⊙"), (VAR, "B")]),
        ("A ∘ B", [(VAR, "A"), (OP, "⊙"), (VAR, "B")]),
        ("A ./ B", [(VAR, "A"), (OP, "⊘"), (VAR, "B")]),
        ("A⊘B", [(VAR, "A"), (OP, "⊘"), (VAR, "B")]),
        ("x ./ 0.5", [(VAR, "x"), (OP, "⊘"), ("num", "0.5")]),
        ("1./x", [("num", "1"), (OP, "⊘"), (VAR, "x")]),  # MATLAB: the '.' is the operator's
        ("2.*x", [("num", "2"), (OP, "⊙"), (VAR, "x")]),
        ("2. / x", [("num", "2."), (OP, "/"), (VAR, "x")]),
        ("||x||", [(NORM, "‖"), (VAR, "x"), (NORM, "‖")]),
        ("‖x∥", [(NORM, "‖"), (VAR, "x"), (NORM, "‖")]),
        ("x**2", [(VAR, "x"), (OP, "^"), ("num", "2")]),
        ("trace(I)", [(FUNC, "tr"), ("(", "("), (IDENT, "I"), (")", ")")]),
        ("ln(c)", [(FUNC, "log"), ("(", "("), (VAR, "c"), (")", ")")]),
        ("c^t", [(VAR, "c"), (OP, "^"), (VAR, "t")]),  # t is declared: a power
    ],
)
def test_tokens(text, expected):
    assert kinds(text) == expected


def test_names_typed_together_are_split_and_reported():
    found, readings = tokens("x^TAx")
    assert [t.text for t in found] == ["x", "^", "T", "A", "x"]
    assert readings == ["I read 'Ax' as A·x."]


@pytest.mark.parametrize(
    ("text", "code", "phrase"),
    [
        ("[x, x]", "entrywise", "not entry by entry in square brackets"),
        ("x @ A", "character", "juxtaposition"),
        ("x.T", "character", "'.' can only be part of a number"),
        ("x . y", "character", "or of .* or ./ (the entrywise product and division)"),
        ("x = 1", "character", "without an '=' sign"),
        ("хA", "character", "looks like the letter 'x'"),
        ("1e5", "scientific", "1*10^5"),
        ("diff(x)", "command", "SymPy command"),
        ("__class__", "unknown-name", "not part of the answer language"),
        ("tan(x)", "unknown-function", "not part of matrix notation"),
        ("atan(x)", "unknown-function", "not part of matrix notation"),
        ("a", "unknown-name", "Did you mean A? Names are case-sensitive."),
        ("xT", "unknown-name", "write ^T after what it applies to: x^T"),
        ("xTAx", "unknown-name", "x^T Ax"),
        ("x2", "name-digits", "x*2 for a product or x^2 for a power"),
        ("E", "unknown-name", "Did you mean e"),
        ("y", "unknown-name", "The names in this exercise are x, A, B, c and t"),
    ],
)
def test_refusals_say_what_and_where(text, code, phrase):
    with pytest.raises(InvalidAnswer) as info:
        tokens(text)
    assert info.value.code == code
    assert phrase in info.value.message


def test_a_lower_case_t_after_a_caret_is_a_transpose_typed_wrong_unless_t_is_declared():
    with pytest.raises(InvalidAnswer) as info:
        tokens("x^t", declare({"x": "n"}))
    assert info.value.code == "transpose-case"
    assert "capital T: x^T (column 3)" in info.value.message
    assert kinds("c^t")[-1] == (VAR, "t")


def test_too_many_tokens():
    with pytest.raises(InvalidAnswer) as info:
        tokens("+".join(["x"] * 200))
    assert info.value.code == "too-complex"


def test_digits_after_a_function_are_an_unknown_name_not_a_crash():
    """Regression: once the scalar splitter let digits follow a one-argument function
    (cos2θ), 'tr2' split into tr, 2 and matrix mode failed with an internal error."""
    from vcbook.answers import check

    verdict = check("tr2", "tr(A)", {"A": "n×n"})
    assert verdict.status == "invalid" and verdict.notes != ("internal-error",)


@pytest.mark.parametrize("text", ["δ", "delta", "Delta x"])
def test_a_greek_letter_is_never_taken_for_a_misspelt_function(text):
    # found by review: 'δ V' (δ is not a name in the exercise) was asked "Did you mean det?"
    with pytest.raises(InvalidAnswer) as info:
        tokens(text)
    assert info.value.code == "unknown-name"
    assert "Did you mean" not in info.value.message
    assert "The names in this exercise are x, A, B, c and t" in info.value.message
