"""The "vector_chain_rule" family: the chain rule ∂f/∂x = (∂f/∂z)(∂z/∂x) for f(z(x)).

Determinism, variety over seeds, self-tests over 50 seeds, every template reached, exact
answers for fixed seeds and curated ids, the messages a slip gets, the shape-answer screen,
and the table of products too long to ask.
"""

from __future__ import annotations

import functools
import re

import pytest

from vcbook.answers import check
from vcbook.exercises.bank import common, curated, generate, templates
from vcbook.exercises.bank import vector_chain_rule as vcr
from vcbook.exercises.bank.family import Degenerate, Draft
from vcbook.exercises.bank.matrix_prompts import FRAMEWORKS

FAMILY = "vector_chain_rule"
SEEDS = range(50)


@functools.cache
def exercise(seed):
    return generate(FAMILY, seed)


def bank():
    return [exercise(seed) for seed in SEEDS]


def by_template(name):
    title = next(t.title for t in templates(FAMILY) if t.name == name)
    return [ex for ex in bank() if ex.title.endswith(title)]


# --- the family's contract -----------------------------------------------------------------

def test_generation_is_deterministic():
    for seed in (0, 3, 17):
        a, b = generate(FAMILY, seed), exercise(seed)
        assert (a.prompt, a.answer, a.distractors, a.hints, a.solution, a.title) == \
            (b.prompt, b.answer, b.distractors, b.hints, b.solution, b.title)


def test_at_least_twenty_distinct_prompts_over_thirty_seeds():
    assert len({exercise(seed).prompt for seed in range(30)}) >= 20


def test_self_tests_pass_over_fifty_seeds():
    for ex in bank():
        assert ex.self_test().ok, ex.id


def test_every_template_is_reached():
    titles = {ex.title for ex in bank()}
    for template in templates(FAMILY):
        assert any(title.endswith(template.title) for title in titles), template.name


def test_each_exercise_is_well_formed():
    for ex in bank():
        assert ex.chapter == "02_jacobians" and ex.family == FAMILY
        assert 2 <= len(ex.hints) <= 3 and len(ex.distractors) >= 2
        assert r"\mathbb{R}^" in ex.prompt and ex.prompt.count("$") % 2 == 0
        if isinstance(ex.answer, tuple):
            assert "(rows, cols)" in ex.prompt
            assert ex.reference_text() == f"({ex.answer[0]}, {ex.answer[1]})"
            rows, cols = ex.answer
            assert f"{rows} \\times {cols}" not in ex.hints[0]
        else:
            assert ex.reference_text() == ex.answer and "matrix notation" in ex.prompt
            assert ex.answer not in ex.hints[0]
            layout = {"gradient": "**row**", "jacobian": "Jacobian"}.get(ex.derivative, "")
            assert layout in ex.prompt, ex.id


def test_no_placeholder_is_left_in_any_text():
    for ex in bank():
        for text in [ex.prompt, *ex.hints, *ex.solution, *(m for _, m in ex.distractors)]:
            assert not re.search(r"@\w|(?<![\w^_])\{(x|z|A|b|a|c|mu|S)\}", text), (ex.id, text)


def test_worked_solution_is_the_engines_derivation_ending_in_the_answer():
    for ex in bank():
        steps = ex.solution
        assert any(step.startswith("**The function.**") for step in steps), ex.id
        assert any("Read off" in step for step in steps), ex.id
        typed = ex.reference_text()
        assert f"`{typed}`" in steps[-1], ex.id


# --- exact answers for fixed seeds ---------------------------------------------------------

@pytest.mark.parametrize("seed, answer", [
    (1, "2 (x - mu)^T S^-1"),
    (2, "diag(cos(q))"),
    (3, "diag(cos(M x + c)) M"),
    (8, "v^T (M + M^T)"),
    (10, (2, 3)),
])
def test_exact_answers_for_fixed_seeds(seed, answer):
    assert exercise(seed).answer == answer


def test_curated_exercises_have_stable_ids_and_the_mml_answers():
    exercises = {ex.id: ex for ex in curated(FAMILY)}
    assert list(exercises) == ["02-vector_chain_rule-log-norm",
                               "02-vector_chain_rule-sin-affine-shape",
                               "02-vector_chain_rule-gauss", "02-vector_chain_rule-tanh-affine"]
    for ex in exercises.values():
        assert ex.self_test().ok and ex.chapter == "02_jacobians"
    log_norm = exercises["02-vector_chain_rule-log-norm"]
    assert log_norm.answer == "2 x^T / (1 + x^T x)"  # MML 5.5
    assert log_norm.check("2x^T/(1 + ||x||^2)").correct
    assert exercises["02-vector_chain_rule-sin-affine-shape"].answer == (2, 3)
    gauss = exercises["02-vector_chain_rule-gauss"]  # MML 5.8
    assert gauss.check("-exp(-(x - mu)^T S^-1 (x - mu)/2) (x - mu)^T S^-1").correct
    tanh = exercises["02-vector_chain_rule-tanh-affine"]  # MML 5.7 in spirit
    assert tanh.check("diag(1 - tanh(A x + b).*tanh(A x + b)) A").correct


# --- the messages a slip gets ---------------------------------------------------------------

def _message(ex, typed):
    verdict = ex.check(typed)
    assert verdict.status == "incorrect", (typed, verdict.status, verdict.message)
    return verdict.message


def test_a_column_gradient_gets_the_layout_and_the_frameworks():
    ex = {e.id: e for e in curated(FAMILY)}["02-vector_chain_rule-log-norm"]
    message = _message(ex, "2 x / (1 + x^T x)")
    assert message.startswith(vcr.COLUMN) and "PyTorch" in FRAMEWORKS


def test_product_slips_get_their_own_messages():
    exercises = {e.id: e for e in curated(FAMILY)}
    log_norm = exercises["02-vector_chain_rule-log-norm"]
    assert "the 2 stays" in _message(log_norm, "x^T / (1 + x^T x)")
    assert "the 1 stays in the denominator" in _message(log_norm, "2 x^T / (x^T x)")
    assert _message(log_norm, "2 x^T").startswith("That is ∂z/∂x alone")
    tanh = exercises["02-vector_chain_rule-tanh-affine"]
    assert "the tanh is squared" in _message(tanh, "diag(1 - tanh(A x + b)) A")
    assert "instead of its derivative" in _message(tanh, "diag(tanh(A x + b)) A")
    assert _message(tanh, "A").startswith("That is ∂z/∂x alone")
    gauss = exercises["02-vector_chain_rule-gauss"]
    assert "stays inverted" in _message(
        gauss, "-exp(-(x - mu)^T S^-1 (x - mu)/2) (x - mu)^T S")


def test_wrong_order_is_explained_when_the_shapes_allow_it():
    problem = vcr.Problem("product", vcr._by("sin_e", vcr.OUTERS), vcr._by("affine", vcr.INNERS),
                          {"x": "x", "z": "z", "A": "A", "b": "b"}, {"D": "n", "E": "n"})  # square
    draft = vcr.build(vcr.TEMPLATES[3], problem)
    ex = common.screen(common.exercise(draft, id="vcr-order", family=FAMILY, seed=0))
    assert draft.answer == "diag(cos(A x + b)) A"
    assert _message(ex, "A diag(cos(A x + b))").startswith("The factors are in the wrong order")


def test_inner_slips_name_the_exercises_symbols():
    for ex in by_template("inner"):
        for wrong, message in ex.distractors:
            assert message in _message(ex, wrong)
    quad = next(ex for ex in by_template("inner") if "+" in ex.answer and "S" not in ex.answer)
    name = quad.answer.split("(")[1].split()[0]  # the matrix: x^T (M + M^T)
    assert f"symmetric {name}" in _message(quad, f"2 {quad.answer.split()[0]} {name}")


def test_shape_slips_get_their_messages():
    ex = {e.id: e for e in curated(FAMILY)}["02-vector_chain_rule-sin-affine-shape"]
    assert ex.check("2×3").correct and ex.check("(2, 3)").correct
    assert _message(ex, "(3, 2)").startswith("Rows and columns are swapped")
    assert _message(ex, "2 x 1").startswith("That is the shape of the output alone")
    rows = [ex for ex in by_template("shape") if ex.answer[0] == 1]
    assert rows, "a shape exercise with a 1×n answer"
    column = (rows[0].answer[1], 1)
    assert FRAMEWORKS in _message(rows[0], f"({column[0]}, 1)")


# --- the shape-answer screen (bank/common.py) ------------------------------------------------

def _shape_draft(distractors):
    return Draft(title="t", prompt="p", answer=(1, 3), symbols=(), variables={},
                 distractors=distractors, derivative="gradient")


def test_shape_screen_keeps_distinct_wrong_shapes_with_their_first_message():
    draft = _shape_draft([((3, 1), "column"), ((1, 3), "the answer"), ((3, 1), "again"),
                          ((1, 1), "scalar")])
    ex = common.screen(common.exercise(draft, id="shape-x", family="toy", seed=0))
    assert ex.distractors == (((3, 1), "column"), ((1, 1), "scalar"))
    assert ex.check("3×1").message == "column"


def test_shape_screen_needs_two_distinct_wrong_shapes():
    draft = _shape_draft([((3, 1), "column"), ((3, 1), "again"), ((1, 3), "the answer")])
    with pytest.raises(Degenerate, match="fewer than two"):
        common.screen(common.exercise(draft, id="shape-x", family="toy", seed=0))


# --- data tables ---------------------------------------------------------------------------

def test_long_products_are_exactly_the_pairs_the_engine_prints_long():
    names = {"x": "x", "z": "z", "A": "A", "b": "b", "a": "a", "c": "c", "mu": "mu", "S": "S"}
    long = set()
    for outer, inner in vcr.PAIRS:
        problem = vcr.Problem("product", outer, inner, names, {"D": "D", "E": "E"})
        derivation, _ = vcr._derivation(problem, "product")
        if len(str(derivation.result)) > vcr.MAX_PRODUCT_CHARS:
            long.add((outer.name, inner.name))
    assert long == vcr.LONG_PRODUCTS


def test_factor_texts_are_the_engines_derivatives():
    """Each table's ∂f/∂z and ∂z/∂x (used in hints and mistakes) equals the engine's."""
    names = {"x": "x", "z": "z", "A": "A", "b": "b", "a": "a", "c": "c", "mu": "mu", "S": "S"}
    for outer, inner in vcr.PAIRS:
        problem = vcr.Problem("product", outer, inner, names, {"D": "D", "E": "E"})
        for part, text, shapes in (("outer", outer.prime, problem.z_shapes),
                                   ("inner", inner.prime, problem.x_shapes)):
            derivation, _ = vcr._derivation(problem, part)
            shapes = {**shapes, "w": "D"}  # a vector declared: matrix notation throughout
            assert check(problem.fill(text), expected=str(derivation.result),
                         variables=shapes).correct, (outer.name, inner.name, part)


# --- found by working the family as a student (issue 14 review) -----------------------------

def test_a_symmetric_positive_definite_matrix_is_said_so_in_the_prompt():
    """Seed 1: the answer 2(x − μ)ᵀS⁻¹ needs S⁻¹ symmetric, which only the hint and the
    messages said; the prompt declared S as any n×n matrix."""
    ex = generate("vector_chain_rule", 1)
    assert ex.variables["S"].endswith("spd")
    assert r"S \in \mathbb{R}^{n \times n}$ symmetric positive definite" in ex.prompt


def test_titles_do_not_name_symbols_the_exercise_does_not_have():
    """Seed 8 asks for ∂q/∂v under the title "the inner factor ∂z/∂x"."""
    assert generate("vector_chain_rule", 8).title == "Vector chain rule: the inner factor"
    assert not any("∂" in generate("vector_chain_rule", s).title for s in range(30))
