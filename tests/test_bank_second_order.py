"""The second-order families "hessian" and "taylor" (chapter 07).

The common contract (answers accepted, distractors with their messages, rewrites, determinism,
curated sets) is in tests/test_exercise_bank.py. Here: registration and variety; every Hessian
equal to SymPy's and to ``vcbook.autodiff``'s at random points; every matrix-notation Hessian
equal to ``ad.hessian`` of the function at random sizes (and its gradient slip to ``ad.grad``);
every Taylor answer equal to SymPy's series; both ways of writing a Taylor polynomial
accepted; and the message each classic slip gets.
"""

from __future__ import annotations

import functools
import random

import numpy as np
import pytest
import sympy as sp

import vcbook.autodiff as ad
from vcbook.answers import to_text
from vcbook.answers.matrix import evaluate_expr, parse
from vcbook.answers.matrix.tree import Binary, Call, Name, Negate, Number, Postfix, Power
from vcbook.exercises.bank import FAMILIES, common, curated, generate, hessian, taylor, templates
from vcbook.exercises.bank import hessian_forms as forms

CHAPTER = "07_second_order"
MODULES = {"hessian": hessian, "taylor": taylor}
AD_FUNCTIONS = {"sin": ad.sin, "cos": ad.cos, "exp": ad.exp, "log": ad.log, "sqrt": ad.sqrt}


@functools.cache
def exercise(family, seed):
    return generate(family, seed)


def draw(family, template, seed):
    """(data, exercise) for ``template`` itself, screened as ``generate`` screens it."""
    module = MODULES[family]
    rng = random.Random(f"test/{template.name}/{seed}")
    for _ in range(common.MAX_DRAWS):
        data = template.draw(rng)
        try:
            draft = module.build(template, data)
            return data, common.screen(common.exercise(
                draft, id=f"t-{template.name}-{seed}", family=family, seed=seed))
        except common.Degenerate:
            continue
    raise AssertionError(f"{template.name} keeps drawing degenerate problems")


def by_id(family, ex_id):
    return next(ex for ex in curated(family) if ex.id == ex_id)


def message(ex, text):
    verdict = ex.check(text)
    assert verdict.status == "incorrect", (text, verdict.status, verdict.message)
    return verdict.message


# --- registration and variety ------------------------------------------------------------------

@pytest.mark.parametrize("family", sorted(MODULES))
def test_registered_and_counted_for_chapter_07(family):
    assert family in FAMILIES
    assert {exercise(family, seed).chapter for seed in range(12)} == {CHAPTER}
    assert all(ex.chapter == CHAPTER and ex.id.startswith("07-") for ex in curated(family))


@pytest.mark.parametrize("family", sorted(MODULES))
def test_prompts_vary_over_thirty_seeds(family):
    prompts = {exercise(family, seed).prompt for seed in range(30)}
    assert len(prompts) >= 20
    assert not any(" ," in p or "  " in p for p in prompts)  # no stray spaces


@pytest.mark.parametrize("family", sorted(MODULES))
def test_every_template_is_reachable_from_generate(family):
    wanted = {f"{MODULES[family].TITLE}: {t.title}" for t in templates(family)}
    seen = set()
    for seed in range(300):
        seen.add(exercise(family, seed).title)
        if wanted <= seen:
            break
    assert wanted <= seen, wanted - seen


@pytest.mark.parametrize("family", sorted(MODULES))
def test_generation_is_deterministic(family):
    a, b = generate(family, 11), exercise(family, 11)
    assert (a.prompt, a.answer, a.distractors, a.hints, a.solution) == \
        (b.prompt, b.answer, b.distractors, b.hints, b.solution)


# --- hessian, entry by entry: SymPy's and the AD engine's Hessians -----------------------------

ENTRY_TEMPLATES = [t for t in hessian.ENTRY_TEMPLATES]


def ad_function(f, xs):
    """f as a function of one vector, written with vcbook.autodiff's primitives."""
    g = sp.lambdify(xs, f, modules=[AD_FUNCTIONS, "numpy"])  # an author's expression
    return lambda v: g(*(v[i] for i in range(len(xs))))


def numbers(matrix, point=None) -> np.ndarray:
    values = matrix if point is None else matrix.xreplace(point)
    return np.array(values.evalf(20).tolist(), dtype=float)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("template", ENTRY_TEMPLATES, ids=lambda t: t.name)
def test_entry_answers_equal_sympy_and_autodiff_hessians(template, seed):
    ask, ex = draw("hessian", template, seed)
    full = sp.hessian(ask.f, ask.xs)
    rng = np.random.default_rng(seed)
    points = [np.array(ask.point, float)] if ask.quantity == "point" else \
        rng.uniform(-1.2, 1.2, size=(3, len(ask.xs)))
    for p in points:
        at = dict(zip(ask.xs, (sp.Float(v, 20) for v in p), strict=True))
        expected = numbers(full, at)
        assert np.allclose(ad.hessian(ad_function(ask.f, ask.xs))(p), expected, rtol=1e-9)
        if ask.quantity == "partial":
            i, j = ask.pair
            assert np.isclose(float(ex.answer.xreplace(at)), expected[i, j], rtol=1e-9)
        else:
            assert np.allclose(numbers(sp.Matrix(ex.answer), at), expected, rtol=1e-9)


def test_every_entry_quantity_appears():
    quantities = {draw("hessian", t, 0)[0].quantity for t in ENTRY_TEMPLATES}
    assert quantities == {"matrix", "partial", "point"}
    shapes = {exercise("hessian", s).answer.shape for s in range(60)
              if isinstance(exercise("hessian", s).answer, sp.MatrixBase)}
    assert {(2, 2), (3, 3)} <= shapes


# --- hessian, matrix notation: against ad.hessian at random sizes ------------------------------

def ad_value(node, values):
    """A parsed matrix-notation expression evaluated with vcbook.autodiff (vectors n×1)."""
    def go(n):
        if isinstance(n, Name):
            return values["lambda" if n.name == "lamda" else n.name]
        if isinstance(n, Number):
            return n.value
        if isinstance(n, Negate):
            return -go(n.arg)
        if isinstance(n, Postfix):
            arg = go(n.arg)
            return arg.T if n.op == "T" else np.linalg.inv(arg)  # inverses of constants only
        if isinstance(n, Power):
            return go(n.base) ** go(n.exponent)
        if isinstance(n, Call) and n.function == "norm":
            u = go(n.arg)
            return ad.sqrt(ad.sum(u * u))
        if isinstance(n, Binary):
            a, b = go(n.left), go(n.right)
            if n.op == "*":
                return a * b if np.ndim(a) < 2 or np.ndim(b) < 2 else a @ b
            return {"+": a + b, "-": a - b, "/": a / b}[n.op]
        raise AssertionError(f"no AD evaluation for {n}")
    return go(node)


def sample(shapes, sizes, rng):
    values = {}
    for name, shape in shapes.items():
        size = shape.split()[0]
        if size == "scalar":
            values[name] = float(rng.uniform(0.5, 2))
            continue
        rows, _, cols = size.partition("×")
        a = rng.standard_normal((sizes[rows], sizes.get(cols, 1)))
        if "spd" in shape:
            a = a @ a.T + sizes[rows] * np.eye(sizes[rows])
        elif "symmetric" in shape:
            a = (a + a.T) / 2
        values[name] = a
    return values


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("template", hessian.NOTATION_TEMPLATES, ids=lambda t: t.name)
def test_notation_answers_equal_the_ad_hessian_at_random_sizes(template, seed):
    form, ex = draw("hessian", template, seed)
    shapes = form.declared
    tree = parse(form.expr, shapes).tree
    for n, m in ((3, 4), (2, 5)):
        values = sample(shapes, {"n": n, "m": m}, np.random.default_rng(seed * 7 + n))
        x0 = values[form.wrt]

        def f(x, values=values):
            return ad.sum(ad_value(tree, {**values, form.wrt: x}))
        H = ad.hessian(f)(x0).reshape(n, n)
        claimed = evaluate_expr(parse(ex.answer, shapes), values)
        assert claimed.shape == (n, n) and np.allclose(claimed, H, rtol=1e-8, atol=1e-10)
        assert np.allclose(H, H.T, atol=1e-10)  # Hessians are symmetric
        gradient = evaluate_expr(parse(form.gradient, shapes), values)
        assert np.allclose(gradient, ad.grad(f)(x0).reshape(1, n), rtol=1e-8, atol=1e-10)


def test_every_notation_slip_is_wrong_at_random_sizes():
    for template in hessian.NOTATION_TEMPLATES:
        for seed in range(4):
            form, ex = draw("hessian", template, seed)
            kept = [text for text, _ in ex.distractors]
            assert form.gradient in kept, (template.name, seed)  # the first derivative typed
            assert len(kept) >= 2


def test_the_gradient_typed_for_a_hessian_gets_its_message():
    ex = by_id("hessian", "07-hessian-quadratic-form")
    text = message(ex, "x^T (A + A^T)")
    assert "That is the gradient" in text and "n×n" in text
    column = ex.check("(A + A^T) x")  # another shape, not authored: refused, not counted
    assert column.status == "invalid" and "n×1" in column.message


def test_quadratic_form_slips_and_equivalent_forms():
    ex = by_id("hessian", "07-hessian-quadratic-form")
    assert "two terms" in message(ex, "A")
    assert "only for a symmetric A" in message(ex, "2 A")
    for right in ("A + A^T", "A^T + A", "(A + A^T)^T", "A' + A"):
        assert ex.check(right).correct, right


def test_least_squares_and_ridge_slips():
    ls = by_id("hessian", "07-hessian-least-squares")
    assert "factor 2 is missing" in message(ls, "A^T A")
    assert ls.check("2 A^T A").correct and ls.check("A^T A + A^T A").correct
    ridge = by_id("hessian", "07-hessian-ridge")
    for right in ("2 A^T A + 2 lambda I", "2 (A^T A + λ I)", "2 λ I + 2 A' A"):
        assert ridge.check(right).correct, right
    assert "identity matrix I" in message(ridge, "2 A^T A + 2 lambda")
    assert "depends on x too" in message(ridge, "2 A^T A")
    assert "not λI" in message(ridge, "2 A^T A + lambda I")


def test_a_product_of_linear_forms_keeps_both_outer_products():
    template = next(t for t in hessian.NOTATION_TEMPLATES if t.name == "linear_product")
    for seed in range(3):
        form, ex = draw("hessian", template, seed)
        a, b = dict(form.names)["a"], dict(form.names)["b"]
        assert ex.check(f"({form.answer})^T").correct  # symmetric
        slips = dict(ex.distractors)
        assert {"do not add up", "two outer products"} <= {
            key for key in ("do not add up", "two outer products")
            if any(key in m for m in slips.values())}
        assert any(f"{a} {b}^T" in text for text in slips)


# --- hessian, entry by entry: the messages -----------------------------------------------------

def test_entry_slips_get_their_messages():
    ex = by_id("hessian", "07-hessian-mml-example")  # x² + 2xy + y³: [2, 2; 2, 6y]
    assert ex.check("[2, 2; 2, 6y]").correct
    assert "not symmetric" in message(ex, "[2, 2; 0, 6y]")
    assert "missing a factor 2" in message(ex, "[1, 2; 2, 3y]")
    assert "reverse order" in message(ex, "[6y, 2; 2, 2]")
    exp = by_id("hessian", "07-hessian-exp-xy")  # e^{xy}
    assert exp.check("[y^2 e^(xy), (1 + x y) e^(xy); (1 + x y) e^(xy), x^2 e^(xy)]").correct
    assert "gradient times itself" in message(
        exp, "[y^2 e^(2xy), x y e^(2xy); x y e^(2xy), x^2 e^(2xy)]")
    assert "product-rule term" in message(exp, "[y^2 e^(xy), x y e^(xy); x y e^(xy), "
                                               "x^2 e^(xy)]")


def test_partial_and_point_slips_get_their_messages():
    partial = next(t for t in ENTRY_TEMPLATES if t.name == "second_partial")
    messages = " ".join(m for s in range(6) for _, m in draw("hessian", partial, s)[1].distractors)
    assert "product of two first derivatives" in messages or "square of the first" in messages
    point = next(t for t in ENTRY_TEMPLATES if t.name == "at_point")
    ask, ex = draw("hessian", point, 0)
    as_function = sp.hessian(ask.f, ask.xs)
    assert "substitute the numbers" in message(ex, to_text(as_function))


# --- taylor: against SymPy's series ------------------------------------------------------------

T, U, V = sp.symbols("t u v", real=True)


def series_polynomial(e) -> sp.Expr:
    """The Taylor polynomial by SymPy's series: along x₀ + t·(u, v), set t = 1 (in u, v)."""
    path = {x: a + T * d for x, a, d in zip(e.xs, e.centre, (U, V), strict=False)}
    series = sp.series(e.f.xreplace(path), T, 0, e.order + 1).removeO()
    return sp.expand(series.subs(T, 1))


def in_steps(expr, e) -> sp.Expr:
    """``expr`` (in x, y) written in the steps u = x − a, v = y − b."""
    return sp.expand(expr.xreplace({x: a + d for x, a, d in zip(e.xs, e.centre, (U, V),
                                                                  strict=False)}))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("template", taylor.TEMPLATES, ids=lambda t: t.name)
def test_taylor_answers_equal_sympys_series(template, seed):
    e, ex = draw("taylor", template, seed)
    expected = series_polynomial(e)
    if e.monomial is None:
        assert sp.simplify(in_steps(ex.answer, e) - expected) == 0
    else:
        monomial = sp.Mul(*(d**k for d, k in zip((U, V), e.monomial, strict=False)))
        coefficient = sp.Poly(expected, *(U, V)[:len(e.xs)]).coeff_monomial(monomial)
        assert sp.simplify(ex.answer - coefficient) == 0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("template", [t for t in taylor.TEMPLATES if t.name != "coefficient"],
                         ids=lambda t: t.name)
def test_both_ways_of_writing_the_polynomial_are_accepted(template, seed):
    e, ex = draw("taylor", template, seed)
    shifted, expanded = ex.reference_text(), to_text(sp.expand(ex.answer))
    assert ex.check(shifted).correct and ex.check(expanded).correct, (shifted, expanded)
    if any(e.centre):
        assert any(f"({x.name} -" in shifted or f"({x.name} +" in shifted for x in e.xs)


def test_shifted_and_expanded_forms_of_a_curated_polynomial():
    ex = by_id("taylor", "07-taylor-sqrt-about-4")  # √x about 4, degree 2
    for right in ("2 + (x - 4)/4 - (x - 4)^2/64", "-x^2/64 + 3x/8 + 3/4",
                  "3/4 + 3/8 x - 1/64 x²"):
        assert ex.check(right).correct, right
    assert ex.check("2 + (x - 4)/4 - (x - 4)^2/32").status == "incorrect"
    assert "(x - 4)" in ex.reference_text()


def test_taylor_slips_get_their_messages():
    ex = by_id("taylor", "07-taylor-exp-cubic")  # eˣ about 0, degree 3
    assert ex.check("1 + x + x^2/2 + x^3/6").correct
    assert "needs its 1/k!" in message(ex, "1 + x + x^2 + x^3")
    assert "one degree short" in message(ex, "1 + x + x^2/2")
    assert "not by k" in message(ex, "1 + x + x^2/2 + x^3/3")
    mml = by_id("taylor", "07-taylor-mml-example")  # x² + 2xy + y³ about (1, 2)
    t2 = "13 + 6(x - 1) + 14(y - 2) + (x - 1)^2 + 2(x - 1)(y - 2) + 6(y - 2)^2"
    assert mml.check(t2).correct
    assert "appears twice" in message(mml, t2.replace("2(x - 1)(y - 2)", "(x - 1)(y - 2)"))
    assert "expansion about 0" in message(mml, "x^2 + 2 x y")
    plane = by_id("taylor", "07-taylor-tangent-plane")  # √(x² + y²) about (3, 4)
    assert plane.check("5 + 3/5 (x - 3) + 4/5 (y - 4)").correct
    assert plane.check("3x/5 + 4y/5").correct
    assert "value of f at the centre" in message(plane, "3/5 (x - 3) + 4/5 (y - 4)")
    assert "sign of the first-degree term" in message(plane, "5 - 3/5 (x - 3) - 4/5 (y - 4)")


def test_the_about_zero_slip_and_the_wrong_shift():
    e = taylor.Expansion(sp.exp(taylor.X), (taylor.X,), (1,), 2)
    template = next(t for t in taylor.TEMPLATES if t.name == "centred")
    ex = common.screen(common.exercise(taylor.build(template, e), id="t-exp-1", family="taylor"))
    assert ex.check("e + e (x - 1) + e/2 (x - 1)^2").correct
    assert "expansion about 0" in message(ex, "1 + x + x^2/2")
    assert "You used (x + a)" in message(ex, "e + e (x + 1) + e/2 (x + 1)^2")


def test_coefficients_are_the_derivatives_over_factorials():
    x, y = taylor.X, taylor.Y
    d = taylor.symbolic.taylor(x**2 + 2 * x * y + y**3, [x, y], (1, 2), 2)
    assert taylor.coefficients(d) == {(0, 0): 13, (1, 0): 6, (0, 1): 14, (2, 0): 1,
                                      (1, 1): 2, (0, 2): 6}
    shifted = taylor.shifted(taylor.coefficients(d), (x, y), (1, 2))
    assert sp.expand(shifted - d.result) == 0
    assert "(x - 1)*(y - 2)" in str(shifted) and "(y - 2)**2" in str(shifted)


@pytest.mark.parametrize("template", taylor.TEMPLATES, ids=lambda t: t.name)
def test_the_quick_coefficients_agree_with_the_engines(template):
    for seed in range(5):
        e, _ = draw("taylor", template, seed)
        engine = taylor.coefficients(taylor.symbolic.taylor(e.f, e.xs, e.centre, e.order))
        quick = taylor.coefficients_at(e.f, e.xs, e.centre, e.order)
        assert quick.keys() == engine.keys()
        assert all(sp.simplify(quick[a] - engine[a]) == 0 for a in engine), (e, quick, engine)


def test_a_draw_whose_top_degree_vanishes_is_turned_down():
    x = taylor.X
    with pytest.raises(common.Degenerate, match="stops short"):
        taylor.build(taylor.TEMPLATES[0], taylor.Expansion(sp.sin(x), (x,), (0,), 2))
    with pytest.raises(common.Degenerate, match="no finite derivative"):
        taylor.build(taylor.TEMPLATES[1], taylor.Expansion(sp.log(x), (x,), (0,), 2))
    with pytest.raises(common.Degenerate, match="coefficient asked for is 0"):
        taylor.build(taylor.TEMPLATES[4], taylor.Expansion(x * sp.exp(taylor.Y), (x, taylor.Y),
                                                           (1, 0), 2, (2, 0)))


def test_a_coefficient_question_asks_for_one_number():
    template = next(t for t in taylor.TEMPLATES if t.name == "coefficient")
    for seed in range(6):
        e, ex = draw("taylor", template, seed)
        assert e.monomial is not None and not ex.answer.free_symbols
        assert "coefficient of" in ex.prompt


def test_forms_module_messages_fill_their_placeholders():
    for draw_form in (forms.quadratic_form, forms.least_squares, forms.ridge,
                      forms.linear_product, forms.gaussian):
        for seed in range(10):
            form = draw_form(random.Random(seed))
            for _, key in form.slips:
                assert "{" not in form.message(key)
            assert "{" not in form.message("gradient")


@pytest.mark.parametrize(("seed", "typed", "phrase"), [
    (22, "2 Phi^T Phi + 2 lambda I", "the Hessian of ½‖Φw − b‖² is ½ · 2ΦᵀΦ = ΦᵀΦ"),
    (26, "Phi^T Phi + 2 lambda I", "‖Φw − b‖² is a square, so its Hessian is 2ΦᵀΦ"),
])
def test_the_ridge_data_terms_factor_is_diagnosed_in_the_problems_own_symbols(seed, typed,
                                                                               phrase):
    # found by a browser read of chapter 06: the ½ dropped from ½‖Φw − b‖² got only
    # "not correct yet", and a Φ in a message printed as "Phi"
    exercise = generate("hessian", seed=seed)
    verdict = exercise.check(typed)
    assert verdict.status == "incorrect" and phrase in verdict.message
