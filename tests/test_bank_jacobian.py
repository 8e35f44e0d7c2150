"""The "jacobian" family: entrywise Jacobians (SymPy m×n matrices) and Jacobians in matrix
notation (text, from ``vcbook.matrixcalc``), their mistakes, hints and worked solutions."""

from __future__ import annotations

import functools
import itertools

import pytest
import sympy as sp

from vcbook import matrixcalc as mc
from vcbook import symbolic
from vcbook.answers import to_text
from vcbook.exercises.bank import common, curated, generate, jacobian, templates
from vcbook.exercises.bank import jacobian_forms as forms

SEEDS = range(50)
X, Y = jacobian.X, jacobian.Y


@functools.cache
def exercise(seed):
    return generate("jacobian", seed)


def typed(obj) -> str:
    return obj if isinstance(obj, str) else to_text(obj)


def by_id(ex_id):
    return next(ex for ex in curated("jacobian") if ex.id == ex_id)


# --- the family as a whole ----------------------------------------------------------------

def test_generation_is_deterministic():
    for seed in (0, 7, 23):
        a, b = generate("jacobian", seed), exercise(seed)
        assert (a.prompt, a.answer, a.distractors, a.hints, a.solution, a.title) == \
            (b.prompt, b.answer, b.distractors, b.hints, b.solution, b.title)


def test_prompts_are_distinct_over_thirty_seeds():
    assert len({exercise(seed).prompt for seed in range(30)}) >= 20


def test_every_template_is_reachable():
    titles = {exercise(seed).title for seed in SEEDS}
    for template in templates("jacobian"):
        assert f"Jacobian: {template.title}" in titles, template.name


def test_both_kinds_of_answer_appear():
    answers = [exercise(seed).answer for seed in SEEDS]
    assert any(isinstance(a, str) for a in answers)
    matrices = [a for a in answers if isinstance(a, sp.MatrixBase)]
    assert {a.shape for a in matrices} == {(2, 2), (2, 3), (3, 2)}


@pytest.mark.parametrize("seed", SEEDS)
def test_self_test(seed):
    ex = exercise(seed)
    assert ex.self_test().ok
    assert len(ex.distractors) >= 2


def test_curated_exercises_self_test_with_stable_ids():
    exercises = curated("jacobian")
    assert [ex.id for ex in exercises] == [
        "02-jacobian-product-sine", "02-jacobian-surface", "02-jacobian-polar-map",
        "02-jacobian-tanh-layer", "02-jacobian-softmax"]
    for ex in exercises:
        assert ex.self_test().ok and ex.chapter == "02_jacobians"


def test_exercises_count_for_chapter_02_and_explain_a_transpose_as_a_jacobian():
    for seed in SEEDS:
        ex = exercise(seed)
        assert ex.chapter == "02_jacobians" and ex.derivative == "jacobian"
        assert ex.family == "jacobian" and ex.id == f"jacobian-{seed}"


def test_hints_are_progressive_and_the_first_never_gives_the_answer():
    for seed in SEEDS:
        ex = exercise(seed)
        assert 2 <= len(ex.hints) <= 3
        first = ex.hints[0]
        assert ex.reference_text() not in first
        if not isinstance(ex.answer, str):
            assert sp.latex(ex.answer) not in first
            assert all(sp.latex(entry) not in first for entry in ex.answer if entry.args)


# --- exact answers for fixed seeds --------------------------------------------------------

def test_exact_answers_for_fixed_seeds():
    assert exercise(23).answer == "I + diag(cos(W1 v + c)) W1"
    assert exercise(11).answer == "norm(z) I + z z^T / norm(z)"
    assert exercise(1).answer == ("diag(exp(u)) / sum(exp(u)) - exp(u) exp(u)^T / "
                                  "sum(exp(u))^2")
    assert exercise(13).answer == sp.Matrix([[-2 * X * sp.sin(Y), -X**2 * sp.cos(Y)],
                                             [-4 * X, -2 * sp.sin(2 * Y)]])
    assert r"- x^{2} \sin{\left(y \right)}" in exercise(13).prompt


def test_entrywise_answer_is_the_engines_jacobian_row_by_row():
    ex = by_id("02-jacobian-polar-map")
    r, theta = jacobian.R, jacobian.THETA
    assert ex.answer == sp.Matrix([[sp.cos(theta), -r * sp.sin(theta)],
                                   [sp.sin(theta), r * sp.cos(theta)]])
    product = by_id("02-jacobian-product-sine")
    components = (X**2 * Y, sp.sin(X * Y) + Y)
    assert product.answer == symbolic.jacobian(components, (X, Y))
    for i, f in enumerate(components):
        row = symbolic.gradient(f, (X, Y))
        assert sp.latex(row) in product.solution[i + 1]  # one step per row: the gradient


def test_notation_answer_is_the_engines_derivation():
    ex = by_id("02-jacobian-tanh-layer")
    assert ex.answer == "diag(1 - tanh(W x + b) .* tanh(W x + b)) W"
    d = mc.derivative("tanh(W x + b)", "x", {"x": "n", "W": "m×n", "b": "m"})
    assert ex.answer == str(d.result)
    assert all(latex in "".join(ex.solution) for _, latex in d.steps)
    assert ex.solution[-1] == f"Typed in matrix notation: `{ex.answer}`."


def test_notation_prompt_states_every_shape_the_layout_and_the_names():
    for seed in SEEDS:
        ex = exercise(seed)
        if not isinstance(ex.answer, str):
            continue
        assert "(the numerator layout)" in ex.prompt and "matrix notation" in ex.prompt
        for name, shape in ex.variables.items():
            assert f"`{name}`" in ex.prompt
            assert forms._space(shape) in ex.prompt, (seed, name, shape)


def test_entrywise_prompt_states_the_shape_and_how_to_type_rows():
    ex = by_id("02-jacobian-surface")
    assert r"$\mathbb{R}^{3} \to \mathbb{R}^{2}$" in ex.prompt
    assert r"the $2 \times 3$ matrix whose row $i$ is the gradient of $f_i$" in ex.prompt
    assert "`[∂f1/∂x, ∂f1/∂y, ∂f1/∂z; ∂f2/∂x, ∂f2/∂y, ∂f2/∂z]`" in ex.prompt


# --- what a slip gets ---------------------------------------------------------------------

def test_entrywise_slips_get_their_messages():
    ex = by_id("02-jacobian-product-sine")  # f = (x²y, sin(xy) + y)
    transposed = ex.check("[2 x y, y cos(x y); x^2, x cos(x y) + 1]")
    assert transposed.status == "incorrect"
    assert "row j and column i: that is the transpose" in transposed.message
    inner = ex.check("[2 x y, x^2; cos(x y), cos(x y) + 1]")
    assert inner.status == "incorrect" and "You forgot an inner derivative" in inner.message
    polar = by_id("02-jacobian-polar-map")
    sign = polar.check("[cos(theta), r sin(theta); sin(theta), r cos(theta)]")
    assert "derivative of cosine" in sign.message
    sin_sign = polar.check("[cos(theta), -r sin(theta); sin(theta), -r cos(theta)]")
    assert sin_sign.message.startswith(forms.SIN_SIGN)


def test_a_non_square_transposed_entrywise_answer_gets_the_layout_note():
    ex = by_id("02-jacobian-surface")
    verdict = ex.check(typed(ex.answer.T))
    assert verdict.status == "incorrect" and "denominator layout" in verdict.message
    assert "(yours is 3×2, the answer is 2×3)" in verdict.message


def test_notation_slips_get_their_messages():
    ex = by_id("02-jacobian-tanh-layer")  # tanh(W x + b), W m×n
    cases = {
        "W^T diag(1 - tanh(W x + b) .* tanh(W x + b))": "transpose of the Jacobian",
        "diag(1 - tanh(W x + b)) W": "with the square",
        "diag(1 + tanh(W x + b) .* tanh(W x + b)) W": "Check the sign: tanh′(u)",
        "W": "You left out the derivative of the entrywise function tanh",
    }
    for text, words in cases.items():
        verdict = ex.check(text)
        assert verdict.status == "incorrect" and words in verdict.message, (text, verdict)
    # the inner Jacobian forgotten has another shape here (m×m): refused, not counted
    forgot = ex.check("diag(1 - tanh(W x + b) .* tanh(W x + b))")
    assert forgot.status == "invalid" and "m×m" in forgot.message
    softmax = by_id("02-jacobian-softmax")
    constant = softmax.check("diag(exp(x)) / sum(exp(x))")
    assert "You treated the sum s = sum(exp(x)) as a constant" in constant.message


def test_square_shapes_let_the_order_and_inner_factor_slips_through():
    names = {**forms.DEFAULT_NAMES, "m": "n"}  # W is n×n
    tanh = next(a for a in forms.ACTIVATIONS if a.name == "tanh")
    problem = forms.problem(forms.ACTIVATION_OF_AFFINE[0], names, tanh)
    ex = built(problem)
    wrong_side = ex.check("W diag(1 - tanh(W x + b) .* tanh(W x + b))")
    assert wrong_side.status == "incorrect" and "wrong order" in wrong_side.message
    inner = ex.check("diag(1 - tanh(W x + b) .* tanh(W x + b))")
    assert inner.status == "incorrect" and "forgot the inner Jacobian" in inner.message


# --- the data tables: every form with every activation, square or not -------------------

def built(problem, template=jacobian.NOTATION_TEMPLATES[0]):
    draft = jacobian.build_notation(template, problem)
    ex = common.exercise(draft, id="jacobian-table", family="jacobian", seed=0)
    return common.screen(ex)


def _cases():
    for _, _, rows, _ in forms.TEMPLATES:
        for form in rows:
            activations = forms.ACTIVATIONS if "{g}" in form.function else (None,)
            for activation, square in itertools.product(activations, (False, True)):
                yield form, activation, square


@pytest.mark.parametrize("form, activation, square", list(_cases()),
                         ids=lambda v: getattr(v, "name", str(v)))
def test_every_form_gives_a_well_posed_exercise(form, activation, square):
    names = {**forms.DEFAULT_NAMES, **({"m": "n"} if square else {})}
    ex = built(forms.problem(form, names, activation))
    assert len(ex.distractors) >= 2
    assert ex.check(ex.answer).correct
    assert all(not ex.check(wrong).correct for wrong, _ in ex.distractors)


def test_a_derivative_matrix_notation_cannot_write_is_a_draw_to_throw_away():
    # (sum(x) x needed the all-ones vector, sum(x) I + x ones^T, before ones was notation)
    problem = forms.Problem("tr(I) x", "x", (("x", "n"),), (), "n", "n")
    with pytest.raises(common.Degenerate):
        jacobian.build_notation(jacobian.NOTATION_TEMPLATES[0], problem)
    scalar = forms.Problem("x^T x", "x", (("x", "n"),), (), "n", "1")
    with pytest.raises(common.Degenerate, match="not a Jacobian"):
        jacobian.build_notation(jacobian.NOTATION_TEMPLATES[0], scalar)


def test_a_repeated_component_is_redrawn():
    class Same:
        """A generator whose every choice is the first option."""

        def choice(self, options):
            return options[0]

        def sample(self, items, k):
            return list(items)[:k]

        def randint(self, low, high):
            return low

    with pytest.raises(common.Degenerate, match="two equal components"):
        jacobian._components(Same(), (jacobian.POLY_TRIG,) * 2, jacobian.PLANE, 2)


def test_the_sine_sign_slip_changes_only_the_derivative_of_sine():
    """Regression: the slipped derivative was mapped back to cos, so d/dr (r sin θ) = sin θ
    became cos θ as well."""
    r, theta = jacobian.R, jacobian.THETA
    assert jacobian.diff_sin_sign_slip(r * sp.sin(theta), r) == sp.sin(theta)
    assert jacobian.diff_sin_sign_slip(r * sp.sin(theta), theta) == -r * sp.cos(theta)
    assert jacobian.diff_sin_sign_slip(sp.cos(X) * sp.sin(Y), X) == -sp.sin(X) * sp.sin(Y)


# --- found by working the family as a student (issue 14 review) -----------------------------

def test_power_of_a_vector_sum_is_explained_with_parentheses():
    """Seed 3 (σ′ typed as exp(-x)/(1 + exp(-x))^2): the refusal's suggestions must keep the
    sum together, (1 + exp(-x)) .* (1 + exp(-x)), not 1 + exp(-x) .* 1 + exp(-x)."""
    verdict = exercise(3).check("V diag(exp(-x) / (1 + exp(-x))^2)")
    assert verdict.status == "invalid"
    assert "(1 + exp(-x)) .* (1 + exp(-x))" in verdict.message
    assert "(1 + exp(-x))^T (1 + exp(-x))" in verdict.message
    assert "1 + exp(-x) .* 1 + exp(-x)" not in verdict.message


def test_power_of_a_row_does_not_suggest_an_outer_product_for_its_norm():
    """A row r is 1×n: rᵀ r is an n×n matrix, not its squared norm."""
    verdict = exercise(3).check("V diag((x^T)^2)")
    assert verdict.status == "invalid"
    assert "For the squared norm write norm(xᵀ)^2" in verdict.message


@pytest.mark.parametrize("seed, wrong", [
    (1, "diag(exp(u)) / sum(exp(u)) - exp(u)^T exp(u) / sum(exp(u))^2"),
    (2, "I / norm(z) - z^T z / norm(z)^3"),
    (11, "norm(z) I + z^T z / norm(z)"),
])
def test_an_inner_product_for_the_outer_product_is_named(seed, wrong):
    """zᵀz (a number, added to every entry) typed for the outer product z zᵀ got only
    "That is not correct yet"; it is a classic slip with its own message."""
    verdict = exercise(seed).check(wrong)
    assert verdict.status == "incorrect"
    assert "outer product" in verdict.message and "number" in verdict.message
