"""The all-ones vector ``ones`` (𝟙) in matrix notation: typed, sized by unification like ``I``,
evaluated, printed, reserved, and checked (with its own diagnosis for a ``1`` typed instead)."""

import numpy as np
import pytest

from vcbook import answers
from vcbook.answers.errors import AuthorError, InvalidAnswer
from vcbook.answers.limits import LIMITS
from vcbook.answers.matrix import check, latex, parse, pretty, to_text
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.expr import evaluate_expr
from vcbook.answers.matrix.tokens import ONES_KIND, lex_matrix, normalise_matrix, resolve_names
from vcbook.answers.matrix.tree import Ones, is_constant

SHAPES = {"x": "n", "y": "m", "A": "m×n", "X": "n×n", "s": "scalar"}


# -- typing: tokens and normalisation ------------------------------------------------------------

@pytest.mark.parametrize(("typed", "text"), [
    ("𝟙ᵀA", "ones^TA"),
    ("𝟙 𝟙ᵀ", "ones ones^T"),
    ("x𝟙ᵀ", "x ones^T"),
    ("𝟙𝟙ᵀ", "ones ones^T"),
    ("2𝟙", "2 ones"),
])
def test_the_double_struck_one_is_read_as_ones_not_the_digit(typed, text):
    assert normalise_matrix(typed).text == text


def test_ones_is_a_token_of_its_own():
    norm = normalise_matrix("ones^T A")
    declared = declare(SHAPES)
    found, _ = resolve_names(lex_matrix(norm, frozenset(declared.names), LIMITS), norm, declared)
    assert [(t.kind, t.text) for t in found] == [(ONES_KIND, "ones"), ("op", "^"), ("tee", "T"),
                                                 ("var", "A")]


def test_ones_typed_together_with_a_name_is_split():
    expr = parse("onesx^T", SHAPES)  # a name run: ones·xᵀ
    assert to_text(expr) == "ones x^T"


def test_each_ones_typed_gets_its_own_index():
    expr = parse("ones ones^T", SHAPES)
    indices = [n.index for n in _walk(expr.tree) if isinstance(n, Ones)]
    assert len(set(indices)) == 2


def _walk(tree):
    from vcbook.answers.matrix.tree import walk

    return list(walk(tree))


# -- shapes: a column whose length is inferred -----------------------------------------------

@pytest.mark.parametrize(("text", "shape"), [
    ("ones^T A", (1, "n")),
    ("A^T ones", ("n", 1)),
    ("x^T ones", (1, 1)),
    ("ones^T x", (1, 1)),
    ("ones ones^T + x x^T", ("n", "n")),  # the context fixes both lengths
    ("ones ones^T", ("?", "?")),  # nothing fixes them: free, like I alone
    ("ones", ("?", 1)),
    ("x + ones", ("n", 1)),
    ("x .* ones", ("n", 1)),
    ("diag(ones) x", ("n", 1)),
    ("y ones^T", ("m", "?")),
    ("y ones^T x", ("m", 1)),
    ("A ones", ("m", 1)),
    ("ones ./ x", ("n", 1)),
])
def test_shapes(text, shape):
    assert parse(text, SHAPES).shape == shape


def test_the_column_gets_a_clear_shape_message():
    with pytest.raises(InvalidAnswer) as info:
        parse("A + ones", SHAPES)
    assert info.value.code == "shape"
    assert "A is m×n and 𝟙 is ?×1" in info.value.message


def test_ones_is_no_constant():
    assert not is_constant(parse("ones^T ones", SHAPES).tree)


# -- values -------------------------------------------------------------------------------------

rng = np.random.default_rng(5)
XV, AV, YV = rng.standard_normal(3), rng.standard_normal((2, 3)), rng.standard_normal(2)


@pytest.mark.parametrize(("text", "value"), [
    ("ones^T A", np.ones((1, 2)) @ AV),
    ("A^T ones", AV.T @ np.ones((2, 1))),
    ("x^T ones", np.array([[XV.sum()]])),
    ("ones ones^T + x x^T", np.ones((3, 3)) + np.outer(XV, XV)),
    ("y ones^T x", YV.reshape(-1, 1) * XV.sum()),
    ("ones ./ x", 1 / XV.reshape(-1, 1)),
])
def test_evaluates_to_numpy_ones_of_the_inferred_length(text, value):
    got = evaluate_expr(parse(text, SHAPES), {"x": XV, "A": AV, "y": YV})
    np.testing.assert_allclose(got, value)


# -- printing -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "as_text", "as_pretty", "as_latex"), [
    ("𝟙ᵀA", "ones^T A", "𝟙ᵀA", r"\mathbf{1}^{\top} A"),
    ("ones ones^T", "ones ones^T", "𝟙𝟙ᵀ", r"\mathbf{1} \mathbf{1}^{\top}"),
    ("(ones ./ x)^T", "(ones ./ x)^T", "(𝟙 ⊘ x)ᵀ",
     r"\left(\mathbf{1} \oslash x\right)^{\top}"),
    ("2 ones", "2 ones", "2𝟙", r"2 \mathbf{1}"),
])
def test_printed_as_ones_and_bold_one(typed, as_text, as_pretty, as_latex):
    expr = parse(typed, SHAPES)
    assert (to_text(expr), pretty(expr), latex(expr)) == (as_text, as_pretty, as_latex)
    assert parse(to_text(expr), SHAPES) == expr


# -- reserved -----------------------------------------------------------------------------------

def test_an_exercise_cannot_declare_ones():
    with pytest.raises(AuthorError, match="cannot be a name"):
        declare({"ones": "n", "x": "n"})
    v = answers.check("x", expected="x", variables={"ones": "n", "x": "n"})
    assert v.status == "invalid" and v.notes == ("author-error",)
    assert "cannot be a name" in v.message


def test_an_unknown_name_message_offers_ones():
    with pytest.raises(InvalidAnswer, match="ones, the all-ones vector"):
        parse("q", SHAPES)


# -- the checker ------------------------------------------------------------------------------

GRADIENT = {"x": "n", "A": "m×n"}  # d sum(A x)/dx = onesᵀ A


@pytest.mark.parametrize("answer", ["ones^T A", "𝟙ᵀA", "(A^T ones)^T", "ones^T (A + 0 A)"])
def test_the_row_is_accepted(answer):
    v = check(answer, "ones^T A", GRADIENT, derivative="gradient")
    assert v.status == "correct", v


def test_the_column_is_diagnosed_as_transposed():
    v = check("A^T ones", "ones^T A", GRADIENT, derivative="gradient")
    assert (v.status, v.notes) == ("incorrect", ("transpose",))
    assert "gradient of a scalar function is a row" in v.message


@pytest.mark.parametrize(("answer", "instead", "notes"), [
    ("1^T A", "write ones instead of 1", ("one-for-ones",)),
    ("1 A", "write ones^T instead of 1", ("one-for-ones",)),
    ("(1^T A)^T", "write ones instead of 1", ("one-for-ones", "transpose")),
])
def test_a_one_typed_for_ones_is_told_how_to_write_the_vector(answer, instead, notes):
    v = check(answer, "ones^T A", GRADIENT, derivative="gradient")
    assert (v.status, v.notes) == ("incorrect", notes), v
    assert "1 is the number one, not a vector of ones" in v.message
    assert instead in v.message


def test_the_sum_of_all_entries_is_told_apart_from_column_sums():
    v = check("sum(A)", "ones^T A", GRADIENT, derivative="gradient")
    assert v.status == "incorrect" and v.notes == ("sum-for-ones",), v
    assert "sum(A) adds up every entry of A" in v.message
    assert "ones^T A" in v.message


def test_a_one_typed_for_the_all_ones_matrix():
    v = check("1", "ones ones^T", {"X": "m×n"}, derivative="matrix")
    assert v.status == "incorrect" and v.notes == ("one-for-ones",), v
    assert "ones ones^T" in v.message


def test_a_scalar_one_where_it_acts_on_every_entry_is_simply_right():
    assert check("x + 1", "x + ones", {"x": "n"}).status == "correct"
    assert check("(1 ./ x)^T", "(ones ./ x)^T", {"x": "n"}).status == "correct"


def test_a_wrong_answer_with_a_one_is_not_mistaken_for_the_slip():
    v = check("2 A", "ones^T A", GRADIENT)
    assert "one-for-ones" not in v.notes


def test_the_slip_search_is_bounded():
    """Each candidate costs a comparison: a long answer full of 1s and sums is not searched
    through (found by timing: 41 sums took 0.9 s before the bound, 30 ms after)."""
    from vcbook.answers.matrix.diagnose import MAX_ONES_SLIPS, MAX_SLIP_NODES, _ones_slips

    ten = parse(" + ".join(["sum(A)"] * 10), GRADIENT).tree
    assert len(list(_ones_slips(ten))) == 2 * MAX_ONES_SLIPS
    many = parse(" + ".join(["sum(A)"] * 20), GRADIENT).tree
    assert len(_walk(many)) > MAX_SLIP_NODES and list(_ones_slips(many)) == []
