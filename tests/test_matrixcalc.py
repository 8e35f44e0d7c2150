"""vcbook.matrixcalc: derivatives by the differential method agree with finite differences and
with AD at two sets of sizes, print readably in the answer language, and read back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import vcbook.autodiff as ad
from vcbook import matrixcalc as mc
from vcbook import numeric
from vcbook.answers import check
from vcbook.answers.matrix import parse
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.expr import evaluate_expr
from vcbook.answers.matrix.sample import draw_value
from vcbook.identities import CATALOG
from vcbook.matrixcalc.numerics import autodiff_function, book_shape

SIZES = ({"n": 2, "m": 3, "p": 4, "q": 2}, {"n": 4, "m": 2, "p": 3, "q": 3})


def draw(shapes, sizes, seed, kind="general"):
    """Book-form values (vectors 1-D, scalars 0-d) for every declared name."""
    rng = np.random.default_rng(seed)
    values = {}
    for variable in declare(shapes).variables:
        rows, cols = (d if isinstance(d, int) else sizes[d]
                      for d in (variable.shape.rows, variable.shape.cols))
        value = draw_value(variable, rows, cols, kind, rng)
        values[variable.name] = value.reshape(book_shape(variable.shape, sizes))
    return values


def agrees(expr, wrt, shapes, kind="general", sizes_list=SIZES):
    """The derivation at two sets of sizes equals central differences and reverse-mode AD."""
    d = mc.derivative(expr, wrt, shapes)
    function = parse(expr, shapes)
    for seed, sizes in enumerate(sizes_list):
        values = draw(shapes, sizes, seed, kind)
        others = {k: v for k, v in values.items() if k != wrt}

        def f(x, others=others, sizes=sizes):
            value = evaluate_expr(function, {**others, wrt: x})
            return value.reshape(book_shape(function.typing.resolved, sizes))

        got = d.evaluate(values)
        fd = numeric.derivative(f, values[wrt])
        assert got.shape == fd.shape
        np.testing.assert_allclose(got, fd, rtol=1e-5, atol=1e-6)
        by_ad = ad.jacobian(autodiff_function(function, wrt, others, sizes))(values[wrt])
        np.testing.assert_allclose(got, by_ad, rtol=1e-9, atol=1e-9)
    return d


# -- matrixcalculus.org's documented examples, in vcbook's notation ---------------------------

MATRIXCALCULUS_ORG = [
    ("0.5 x^T A x", "x", {"x": "n", "A": "n×n"}, "0.5 x^T (A + A^T)"),
    ("A exp(x)", "x", {"x": "n", "A": "m×n"}, "A diag(exp(x))"),
    ("(y .* v)^T x", "x", {"x": "n", "y": "n", "v": "n"}, "(v .* y)^T"),
    ("norm(A x - y)^2", "x", {"x": "n", "A": "m×n", "y": "m"}, "2 (A x - y)^T A"),
    ("sum(log(exp(-y .* (X w)) + 1))", "w", {"w": "n", "X": "m×n", "y": "m"}, None),
    ("tr(A X^T B X C)", "X", {"X": "m×n", "A": "p×n", "B": "m×m", "C": "n×p"},
     "B X C A + B^T X A^T C^T"),
    ("log(det(inv(X)))", "X", {"X": "n×n spd"}, "-X^-1"),
    ("logdet(inv(X))", "X", {"X": "n×n"}, "-X^-T"),
]


@pytest.mark.parametrize("expr, wrt, shapes, printed", MATRIXCALCULUS_ORG,
                         ids=[c[0] for c in MATRIXCALCULUS_ORG])
def test_matrixcalculus_org_examples(expr, wrt, shapes, printed):
    d = agrees(expr, wrt, shapes)
    if printed is not None:
        assert str(d.result) == printed
    assert check(str(d.result), expected=str(d.result), variables=shapes).correct


# -- MML chapter 5, exercises 5.5-5.8, in matrix form -----------------------------------------

MML = [
    ("x^T y", "x", {"x": "n", "y": "n"}, "y^T", "gradient"),  # 5.5 f2
    ("x x^T", "x", {"x": "n"}, "dx x^T + x dx^T", "differential"),  # 5.5 f3
    ("sin(log(t^T t))", "t", {"t": "n"}, "2 cos(log(t^T t)) t^T / (t^T t)", "gradient"),
    ("tr(A X B)", "X", {"X": "m×n", "A": "p×m", "B": "n×p"}, "A^T B^T", "matrix"),  # 5.6 g
    ("log(1 + x^T x)", "x", {"x": "n"}, "2 x^T / (1 + x^T x)", "gradient"),  # 5.7 (a)
    ("sin(A x + b)", "x", {"x": "n", "A": "m×n", "b": "m"}, "diag(cos(A x + b)) A",
     "jacobian"),  # 5.7 (b)
    ("exp(-(x - mu)^T inv(S) (x - mu) / 2)", "x", {"x": "n", "mu": "n", "S": "n×n spd"},
     "exp(-(x - mu)^T inv(S) (x - mu) / 2) (mu - x)^T S^-1", "gradient"),  # 5.8 (a)
    ("tr(x x^T + sigma^2 I)", "x", {"x": "n", "sigma": "scalar"}, "2 x^T", "gradient"),  # (b)
    ("tanh(A x + b)", "x", {"x": "n", "A": "m×n", "b": "m"},
     "diag(1 - tanh(A x + b) .* tanh(A x + b)) A", "jacobian"),  # 5.8 (c)
]


@pytest.mark.parametrize("expr, wrt, shapes, printed, kind", MML, ids=[c[0] for c in MML])
def test_mml_exercises(expr, wrt, shapes, printed, kind):
    d = agrees(expr, wrt, shapes)
    assert d.kind == kind
    if printed is not None:
        assert str(d.result) == printed


# -- every identity of the catalogue, derived and compared with its claim ---------------------

@pytest.mark.parametrize("identity", CATALOG, ids=[i.name for i in CATALOG])
def test_every_identity_is_derived(identity):
    d = agrees(identity.notation, identity.wrt, identity.notation_shapes,
               sizes_list=identity.shapes[:2])
    rng = np.random.default_rng(7)
    for k in range(2):
        args = identity.sample(rng, k)
        values = dict(zip((a.name for a in identity.args), args, strict=True))
        np.testing.assert_allclose(d.evaluate(values), identity.claimed(*args),
                                   rtol=1e-8, atol=1e-10)


# -- chapter 04's losses ------------------------------------------------------------------------

LOSSES = [
    ("norm(y - Phi theta)^2", "theta", {"theta": "n", "Phi": "m×n", "y": "m"},
     "2 (Phi theta - y)^T Phi"),
    ("-(y^T log(sigmoid(X w)) + (1 - y)^T log(1 - sigmoid(X w)))", "w",
     {"w": "n", "X": "m×n", "y": "m"}, "(sigmoid(X w) - y)^T X"),
    ("-y^T log(exp(z) / sum(exp(z)))", "z", {"z": "n", "y": "n"},
     "(sum(y) exp(z) / sum(exp(z)) - y)^T"),
    ("-(x - mu)^T inv(S) (x - mu) / 2", "mu", {"x": "n", "mu": "n", "S": "n×n spd"},
     "(x - mu)^T S^-1"),
]


@pytest.mark.parametrize("expr, wrt, shapes, printed", LOSSES, ids=[c[0][:30] for c in LOSSES])
def test_ml_losses(expr, wrt, shapes, printed):
    d = agrees(expr, wrt, shapes)
    if printed is not None:
        assert str(d.result) == printed


# -- the derivation itself -----------------------------------------------------------------

def test_the_design_doc_example():
    shapes = {"x": "n", "A": "n×n"}
    d = mc.derivative("x^T A x", "x", shapes)
    assert str(d.result) == "x^T (A + A^T)"
    assert d.kind == "gradient"
    assert check("x^T A + x^T A^T", expected=str(d.result), variables=shapes).correct
    x, A = np.array([1.0, 2.0]), np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(d.evaluate({"x": x, "A": A, "unused": 5.0}), x @ (A + A.T))
    labels = [label for label, _ in d.steps]
    assert labels[0] == "The function"
    assert labels[1].startswith("Take the differential (product rule")
    assert any("g dx" in label for label in labels)
    assert all(isinstance(latex, str) and latex for _, latex in d.steps)
    assert r"\mathrm{d}x" in d.steps[1][1]


def test_a_symmetric_matrix_is_its_own_transpose():
    assert str(mc.derivative("x^T A x", "x", {"x": "n", "A": "n×n symmetric"}).result) \
        == "2 x^T A"


@pytest.mark.parametrize("expr, shapes, printed", [
    ("det(X)", {"X": "n×n"}, "det(X) X^-T"),
    ("logdet(X)", {"X": "n×n"}, "X^-T"),
    ("tr(X)", {"X": "n×n"}, "I"),
    ("a^T inv(X) b", {"X": "n×n", "a": "n", "b": "n"}, "-X^-T a b^T X^-T"),
])
def test_matrix_results_print_in_the_books_layout(expr, shapes, printed):
    d = mc.derivative(expr, "X", shapes)
    assert d.kind == "matrix"
    assert str(d.result) == printed


def test_a_matrix_function_gives_its_differential_and_the_tensor():
    shapes = {"X": "m×n"}
    d = mc.derivative("X^T X", "X", shapes)
    assert d.kind == "differential"
    assert str(d.result) == "dX^T X + X^T dX"
    X = np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(d.evaluate({"X": X}), numeric.derivative(lambda X: X.T @ X, X),
                               atol=1e-6)


def test_no_dependence_gives_zeros_of_the_right_shape():
    d = mc.derivative("a^T b", "x", {"x": "n", "a": "n", "b": "n"})
    assert d.kind == "zero"
    assert d.evaluate({"x": np.ones(3), "a": np.ones(3), "b": np.ones(3)}).shape == (3,)


@pytest.mark.parametrize("expr, printed", [
    ("(x^T x) .* x", "2 x x^T + I (x^T x)"),  # a 1×1 run inside a chain is a scalar
    ("x + x", "2 I"),  # a scalar Jacobian is written with I
    ("x x^T inv(S) x", "I (x^T S^-1 x) + 2 x x^T S^-1"),
])
def test_jacobians_found_by_property_tests(expr, printed):
    assert str(agrees(expr, "x", {"x": "n", "S": "n×n spd"}).result) == printed


@pytest.mark.parametrize("expr, wrt, shapes, printed", [
    ("inv(X^T X)", "X", {"X": "m×n"}, "-(X^T X)^-1 (dX^T X + X^T dX) (X^T X)^-1"),
    ("(A x + b)^T C (D x + e)", "x", {"x": "n", "A": "m×n", "b": "m", "C": "m×p",
                                      "D": "p×n", "e": "p"},
     "x^T (A^T C D + D^T C^T A) + b^T C D + e^T C^T A"),
])
def test_sums_and_shared_factors_print_flat(expr, wrt, shapes, printed):
    tall = ({"m": 4, "n": 2, "p": 3}, {"m": 3, "n": 3, "p": 2})  # XᵀX invertible
    assert str(agrees(expr, wrt, shapes, sizes_list=tall).result) == printed


def test_a_scalar_product_is_not_flattened_into_a_shared_factor():
    # found by the property test: tr((xᵀAx)(x yᵀ)) once printed xᵀ xᵀ A x ... (undefined)
    agrees("tr(((x)^T (A) (x)) ((x) (y)^T))", "x", {"x": "n", "y": "n", "A": "n×n"})


def test_inverse_pairs_cancel_and_entrywise_factors_cancel():
    shapes = {"X": "n×n"}
    assert str(mc.derivative("log(det(inv(X)))", "X", {"X": "n×n spd"}).result) == "-X^-1"
    assert str(mc.derivative("logdet(inv(X))", "X", shapes).result) == "-X^-T"
    d = mc.derivative("sum(log(x))", "x", {"x": "n"})
    assert str(d.result) == "(1 ./ x)^T"


@pytest.mark.parametrize("expr, printed", [
    ("diag(x) b", "diag(b)"), ("A diag(x) b", "A diag(b)"),
    ("diag(x) A x", "diag(A x) + diag(x) A"),
])
def test_diag_of_the_variable_times_a_vector(expr, printed):  # found by review
    shapes = {"x": "n", "b": "n", "A": "n×n"}
    assert str(agrees(expr, "x", shapes).result) == printed


def test_terms_that_cancel_at_read_off_give_zero():  # found by review: tr(A⁻¹BA) = tr(B)
    d = mc.derivative("tr(A^-1 B A)", "A", {"A": "n×n", "B": "n×n"})
    assert d.kind == "zero"
    assert d.evaluate({"A": np.eye(3), "B": np.ones((3, 3))}).shape == (3, 3)


def test_an_identity_whose_size_nothing_fixes_is_refused_clearly():
    with pytest.raises(mc.NotExpressible, match="size of I or ones"):
        mc.derivative("(x^T x) I", "x", {"x": "n"})


def test_a_quotient_factor_prints_as_a_division():
    d = agrees("norm(A x - b)", "x", {"x": "n", "A": "m×n", "b": "m"})
    assert str(d.result) == "(A x - b)^T A / norm(A x - b)"
    assert str(mc.derivative("e^s", "s", {"s": "scalar", "x": "n"}).result) == "e^s"


def test_by_a_scalar():
    d = agrees("exp(c) A x", "c", {"c": "scalar", "A": "m×n", "x": "n"})
    assert d.kind == "by-scalar"


def test_hessian():
    shapes = {"x": "n", "A": "n×n"}
    h = mc.hessian("x^T A x", "x", shapes)
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(h.evaluate({"x": np.ones(2), "A": A}), A + A.T)


# -- the all-ones vector: ∂ sum(A x)/∂x = 𝟙ᵀA, written ones^T A ----------------------------------

ALL_ONES = [
    ("sum(A x)", "x", {"x": "n", "A": "m×n"}, "gradient", "ones^T A"),
    ("sum(x)", "x", {"x": "n"}, "gradient", "ones^T"),
    ("tr(diag(x))", "x", {"x": "n"}, "gradient", "ones^T"),  # was diag(I)^T
    ("sum(diag(x))", "x", {"x": "n"}, "gradient", "ones^T"),
    ("sum(X)", "X", {"X": "m×n"}, "matrix", "ones ones^T"),
    ("sum(A X B)", "X", {"X": "m×n", "A": "p×m", "B": "n×q"}, "matrix",
     "A^T ones ones^T B^T"),
    ("sum(log(x))", "x", {"x": "n"}, "gradient", "(1 ./ x)^T"),
    ("x^T x + sum(x)", "x", {"x": "n"}, "gradient", "(2 x + ones)^T"),
    ("sum(x)^2", "x", {"x": "n"}, "gradient", "2 sum(x) ones^T"),
    ("sum(x x^T)", "x", {"x": "n"}, "gradient", "2 sum(x) ones^T"),
    ("norm(x)^2 + sum(A x)", "x", {"x": "n", "A": "m×n"}, "gradient", "2 x^T + ones^T A"),
    ("sum(x) y", "x", {"x": "n", "y": "m"}, "jacobian", "y ones^T"),
    ("sum(x) x", "x", {"x": "n"}, "jacobian", "sum(x) I + x ones^T"),
    ("x + sum(x)", "x", {"x": "n"}, "jacobian", "I + ones ones^T"),
    ("x^T ones", "x", {"x": "n"}, "gradient", "ones^T"),
    ("ones^T A x", "x", {"x": "n", "A": "m×n"}, "gradient", "ones^T A"),
    ("ones^T X ones", "X", {"X": "m×n"}, "matrix", "ones ones^T"),
    ("(ones ./ x)^T A x", "x", {"x": "n", "A": "n×n"}, "gradient", None),
]


@pytest.mark.parametrize("expr, wrt, shapes, kind, printed", ALL_ONES,
                         ids=[c[0] for c in ALL_ONES])
def test_derivatives_that_need_the_all_ones_vector_write_it(expr, wrt, shapes, kind, printed):
    d = agrees(expr, wrt, shapes, "positive" if "log" in expr else "general")
    assert d.kind == kind
    if printed is not None:
        assert str(d.result) == printed
    assert check(str(d.result), expected=str(d.result), variables=shapes).correct


def test_a_student_types_the_all_ones_row():
    shapes = {"x": "n", "A": "m×n"}
    d = mc.derivative("sum(A x)", "x", shapes)
    assert d.result.shape == (1, "n")
    assert r"\mathbf{1}^{\top} A" in d.steps[-1][1]
    expected = str(d.result)
    assert check("𝟙ᵀA", expected=expected, variables=shapes).correct
    assert check("(A^T ones)^T", expected=expected, variables=shapes).correct
    column = check("A^T ones", expected=expected, variables=shapes, derivative="gradient")
    assert column.notes == ("transpose",)
    assert check("sum(A)", expected=expected, variables=shapes).notes == ("sum-for-ones",)
    assert check("1^T A", expected=expected, variables=shapes).notes == ("one-for-ones",)
    assert check("1 A", expected=expected, variables=shapes).notes == ("one-for-ones",)


def test_the_all_ones_matrix_has_the_variable_s_shape():
    d = mc.derivative("sum(X)", "X", {"X": "m×n"})
    np.testing.assert_array_equal(d.evaluate({"X": np.zeros((2, 3))}), np.ones((2, 3)))


@pytest.mark.parametrize("expr", ["tr(I) x^T x", "(ones^T ones) x^T x", "x^T x ones ones^T"])
def test_an_i_or_ones_whose_size_nothing_fixes_is_refused_clearly(expr):
    """Found while adding ones: tr(I) xᵀx raised DerivationError (I sized 1 here, 3 in AD)."""
    with pytest.raises(mc.NotExpressible, match="size of I or ones"):
        mc.derivative(expr, "x", {"x": "n"})


def test_what_notation_cannot_write_is_refused_clearly():
    with pytest.raises(mc.NotExpressible, match="whole powers up to 6"):
        mc.derivative("tr(X^7)", "X", {"X": "n×n"})


def test_a_wrong_rule_is_caught_before_it_is_shown(monkeypatch):
    from vcbook.matrixcalc import build, rules
    from vcbook.matrixcalc.derivation import _derive

    wrong = rules.DifferentialRule("tr", "", lambda node, ds, ctx: build.call(
        "tr", build.times(build.number(2), ds[0])) if ds[0] is not None else None)
    monkeypatch.setitem(rules.RULES, "tr", wrong)
    _derive.cache_clear()
    with pytest.raises(mc.DerivationError):
        mc.derivative("tr(A X)", "X", {"X": "n×n", "A": "n×n"})
    _derive.cache_clear()


def test_missing_values_are_named():
    d = mc.derivative("x^T A x", "x", {"x": "n", "A": "n×n"})
    with pytest.raises(KeyError, match="A"):
        d.evaluate({"x": np.ones(2)})


def test_matrixcalc_imports_answers_never_the_reverse():
    import ast
    import pathlib

    for path in pathlib.Path("vcbook/answers").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("vcbook.matrixcalc"), path


# -- hypothesis: well-shaped expressions of depth <= 4 against AD -----------------------------

SHAPES = {"x": "n", "y": "n", "A": "n×n", "B": "n×n", "S": "n×n spd", "s": "scalar"}


def expressions(kind: str, depth: int):
    leaves = {"scalar": ["s", "2", "x^T y"], "vector": ["x", "y"], "matrix": ["A", "B", "S"]}
    leaf = st.sampled_from(leaves[kind])
    if depth <= 1:
        return leaf
    scalar, vector, matrix = (expressions(k, depth - 1) for k in ("scalar", "vector", "matrix"))
    if kind == "scalar":
        composite = st.one_of(
            st.builds("tr({})".format, matrix), st.builds("({})^T ({})".format, vector, vector),
            st.builds("({}) ({})".format, scalar, scalar), st.builds("{} + {}".format, scalar,
                                                                   scalar),
            st.builds("exp({})".format, scalar), st.builds("norm({})".format, vector),
            st.builds("sum(({}) .* ({}))".format, vector, vector),
            st.builds("({})^T ({}) ({})".format, vector, matrix, vector),
            st.builds("sum({})".format, st.one_of(vector, matrix)),
            st.builds("ones^T ({})".format, vector))
    elif kind == "vector":
        composite = st.one_of(
            st.builds("({}) ({})".format, matrix, vector),
            st.builds("{} + {}".format, vector, vector),
            st.builds("({}) ({})".format, scalar, vector), st.builds("({}) .* ({})".format, vector,
                                                                  vector),
            st.builds("sin({})".format, vector), st.builds("tanh({})".format, vector),
            st.builds("sigmoid({})".format, vector), st.builds("(({})^T ({}))^T".format, vector,
                                                               matrix),
            st.builds("({}) ones".format, matrix))
    else:
        composite = st.one_of(
            st.builds("({}) ({})".format, matrix, matrix),
            st.builds("{} - ({})".format, matrix, matrix),
            st.builds("({})^T".format, matrix), st.builds("({}) ({})".format, scalar, matrix),
            st.builds("({}) ({})^T".format, vector, vector),
            st.builds("({}) .* ({})".format, matrix, matrix),
            st.builds("{} + ones ({})^T".format, matrix, vector),
            st.just("inv(S)"))
    return st.one_of(leaf, composite)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["scalar", "vector", "matrix"]).flatmap(
    lambda kind: expressions(kind, 4)), st.sampled_from(["x", "A", "s"]))
def test_generated_expressions_agree_with_ad(expr, wrt):
    d = mc.derivative(expr, wrt, SHAPES)  # checks its steps by FD and its result by AD
    values = draw(SHAPES, SIZES[0], 3)
    function = parse(expr, SHAPES)
    others = {k: v for k, v in values.items() if k != wrt}
    with np.errstate(all="ignore"):
        by_ad = ad.jacobian(autodiff_function(function, wrt, others, SIZES[0]))(values[wrt])
    assume(np.all(np.isfinite(by_ad)))  # norm(A - A) ...: no derivative at all to compare
    np.testing.assert_allclose(d.evaluate(values), by_ad, rtol=1e-7, atol=1e-7)


def test_a_function_of_a_zero_vector_keeps_its_shape():
    """Regression (found by hypothesis): (A − A)x collapsed to the number 0, so sin((A − A)x)ᵀ
    read as a scalar sin(0) and the gradient sin(0) A had the wrong shape (n×n for 1×n)."""
    shapes = {"x": "n", "A": "n×n", "S": "n×n", "y": "n"}
    for expr in ("(sin((A - A) x))^T A x", "(sin((A - A) x))^T ((x^T y) A) x",
                 "sum(sin((A - A) x))"):
        d = mc.derivative(expr, "x", shapes)
        assert d.kind == "zero" and str(d.result) == "0"
    d = mc.derivative("exp((A - A) x)^T x", "x", shapes)  # the row of ones, exp(0)ᵀ
    rng = np.random.default_rng(3)
    values = {"x": rng.standard_normal(4), "A": rng.standard_normal((4, 4))}
    np.testing.assert_allclose(d.evaluate(values), np.ones(4))


def test_a_norm_of_a_zero_vector_is_refused_clearly():
    """Regression (found by hypothesis): d norm(u) = uᵀdu / norm(u) with u = (A − A)x = 0 divided
    by an empty sum and crashed with a TypeError deep in the printer."""
    for expr in ("norm((A - A) x)", "norm((A - A) x)^2"):
        with pytest.raises(mc.NotExpressible, match="is zero, and the derivative divides by it"):
            mc.derivative(expr, "x", {"x": "n", "A": "n×n"})


def test_collecting_says_which_declared_matrices_are_symmetric():
    # found by the browser review: a solution used C = Cᵀ in "Expand and collect" unannounced
    labels = [label for label, _ in mc.derivative(
        "(c - A theta)^T C (c - A theta)", "theta",
        {"theta": "n", "A": "m×n", "c": "m", "C": "m×m symmetric"}).steps]
    assert "Expand and collect (C is symmetric: Cᵀ = C)" in labels
    plain = [label for label, _ in mc.derivative("x^T A x", "x", {"x": "n", "A": "n×n"}).steps]
    assert "Expand and collect" in plain
