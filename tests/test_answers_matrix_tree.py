"""vcbook.answers.matrix.tree: nodes, walks and the expansion into terms."""

from vcbook.answers.matrix import parse
from vcbook.answers.matrix.render import text
from vcbook.answers.matrix.tree import (
    MAX_TERMS,
    Binary,
    Name,
    Negate,
    depth,
    identities,
    is_constant,
    names,
    postorder,
    terms,
    walk,
)

SHAPES = {"x": "n", "A": "n×n", "B": "n×n", "s": "scalar"}


def tree(typed):
    return parse(typed, SHAPES).tree


def test_equality_ignores_where_a_node_was_typed():
    assert tree("x^T A") == tree("  xᵀ  A")
    assert tree("x^T A").span != tree("  xᵀ  A").span
    assert Name("x", span=(0, 1)) == Name("x")


def test_walks():
    t = tree("x^T (A + I) x")
    assert [type(n).__name__ for n in walk(t)][:3] == ["Binary", "Binary", "Postfix"]
    order = postorder(t)
    assert order[-1] is t
    assert all(order.index(child) < order.index(parent) for parent in order
               for child in parent.children())
    assert depth(t) == 4
    assert names(t) == {"x", "A"} and len(identities(t)) == 1
    assert is_constant(tree("2^3 + 1")) and not is_constant(tree("tr(I)"))


def as_texts(typed):
    return [(sign, text(term)) for sign, term in terms(tree(typed))]


def test_terms_distribute_products_and_transposes():
    assert as_texts("x^T (A + A^T)") == [(1, "x^T A"), (1, "x^T A^T")]
    assert as_texts("(A - B)^T x") == [(1, "A^T x"), (-1, "B^T x")]
    assert as_texts("-(A + B) .* A - s A") == [(-1, "A .* A"), (-1, "B .* A"), (-1, "s A")]
    assert as_texts("(A + B) / s") == [(1, "A / s"), (1, "B / s")]
    assert as_texts("tr(A + B)") == [(1, "tr(A + B)")]


def test_terms_distribute_an_entrywise_quotient_over_its_numerator_only():
    assert as_texts("(A - B) ./ (A + B)") == [(1, "A ./ (A + B)"), (-1, "B ./ (A + B)")]
    assert as_texts("A ./ (A + B)") == [(1, "A ./ (A + B)")]
    assert as_texts("(A + B) .* A ./ B") == [(1, "A .* A ./ B"), (1, "B .* A ./ B")]


def test_terms_are_bounded():
    many = " ".join(["(A + B)"] * 4)  # 16 terms
    assert terms(tree(many)) is None
    assert len(terms(tree(" ".join(["(A + B)"] * 3)))) == MAX_TERMS
    assert terms(Negate(Binary("+", Name("x"), Name("x")))) == [(-1, Name("x")), (-1, Name("x"))]
