"""The "matrix_gradient" family: gradients of scalar functions of vectors and matrices, answered
in matrix notation (issue 14's acceptance for a family).

Determinism, variety, self-tests over 50 seeds, every template reachable, exact answers for fixed
seeds, the messages a slip gets, the answers equal to the engine's derivations, prompts that state
shapes, layout and symbols, and the text helpers. Timings are printed by
``benchmarks/generate.py``, never asserted here.
"""

from __future__ import annotations

import functools
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest

from vcbook import matrixcalc as mc
from vcbook.answers import check
from vcbook.exercises.bank import FAMILIES, common, curated, generate, templates
from vcbook.exercises.bank import matrix_gradient as mg

FAMILY = "matrix_gradient"
SEEDS = range(50)
BOOK = Path(__file__).resolve().parent.parent / "book"


@functools.cache
def exercise(seed):
    return generate(FAMILY, seed)


def template_of(ex):
    return next(t for t in templates(FAMILY) if ex.title == f"{mg.TITLE}: {t.title}")


def draw(template, seed):
    """An exercise of ``template`` itself (not left to ``generate``'s choice of template)."""
    rng = random.Random(f"test/{template.name}/{seed}")
    for _ in range(common.MAX_DRAWS):
        try:
            draft = mg.build(template, template.draw(rng))
            return common.screen(common.exercise(draft, id=f"t-{template.name}-{seed}",
                                                 family=FAMILY, seed=seed))
        except common.Degenerate:
            continue
    raise AssertionError(f"{template.name} keeps drawing degenerate problems")


# --- registration, determinism, variety ------------------------------------------------------

def test_the_family_is_registered():
    assert FAMILY in FAMILIES
    assert exercise(0).family == FAMILY and exercise(0).id == f"{FAMILY}-0"


def test_generation_is_deterministic():
    for seed in (0, 7, 23):
        a, b = generate(FAMILY, seed), exercise(seed)
        assert (a.prompt, a.answer, a.distractors, a.hints, a.solution, a.title) == \
            (b.prompt, b.answer, b.distractors, b.hints, b.solution, b.title)
    assert exercise(3).regenerate(4).prompt == exercise(4).prompt


def test_prompts_vary():
    prompts = {exercise(seed).prompt for seed in range(30)}
    assert len(prompts) >= 25
    assert len({exercise(seed).answer for seed in range(30)}) >= 25


def test_every_template_is_reachable_from_generate():
    wanted, seen = {t.name for t in templates(FAMILY)}, set()
    for seed in range(400):
        seen.add(template_of(exercise(seed) if seed < 50 else generate(FAMILY, seed)).name)
        if seen == wanted:
            break
    assert seen == wanted


def test_both_kinds_and_both_chapters_appear():
    exercises = [exercise(seed) for seed in SEEDS]
    assert {ex.derivative for ex in exercises} == {"gradient", "matrix"}
    assert {ex.chapter for ex in exercises} == {"03_matrix_gradients", "04_identities"}


def test_each_template_counts_for_a_chapter_that_exists():
    notebooks = {p.stem for p in BOOK.glob("*.ipynb")}
    chapter_03 = {"least_squares", "distance", "matrix_least_squares"}
    for template in templates(FAMILY):
        ex = draw(template, 0)
        assert ex.chapter in notebooks
        assert ex.chapter == ("03_matrix_gradients" if template.name in chapter_03
                              else "04_identities"), template.name


# --- self-tests --------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_generated_exercise_self_tests(seed):
    ex = exercise(seed)
    result = ex.self_test()
    assert result.ok
    assert len(ex.distractors) >= 2


@pytest.mark.parametrize("template", templates(FAMILY), ids=lambda t: t.name)
def test_every_template_self_tests_over_several_draws(template):
    for seed in range(6):
        ex = draw(template, seed)
        assert ex.self_test().ok, ex.id
        assert len(ex.distractors) >= 2, ex.id


def test_curated_exercises():
    exercises = curated(FAMILY)
    assert [ex.id for ex in exercises] == [
        "06-matrix-gradient-quadratic-plus-linear", "06-matrix-gradient-trace-inverse",
        "06-matrix-gradient-logdet-gram", "06-matrix-gradient-trace-axb",
        "06-matrix-gradient-logistic"]
    answers = {ex.id.removeprefix("06-matrix-gradient-"): ex.answer for ex in exercises}
    assert answers == {"quadratic-plus-linear": "x^T (B + B^T) + a^T",
                       "trace-inverse": "-X^-T A^T X^-T",
                       "logdet-gram": "2 X (X^T X + I)^-1",
                       "trace-axb": "A^T B^T",
                       "logistic": "(sigmoid(X w) - y)^T X"}
    for ex in exercises:
        assert ex.seed is None and ex.family == FAMILY
        assert ex.self_test().ok, ex.id
    # chapter 04's example: the engine prints X((I + XᵀX)⁻¹ + (I + XᵀX)⁻ᵀ); both forms are right
    gram = exercises[2]
    assert gram.check("X ((I + X^T X)^-1 + (I + X^T X)^-T)").correct
    assert gram.check("2 (X^T X + I)^-1 X").status == "invalid"  # n×n times m×n: no product


# --- exact answers for fixed seeds --------------------------------------------------------------

EXPECTED = {  # seed -> (template title, answer)
    0: ("a trace with an inverse", "-2 W^-T a b^T W^-T"),
    3: ("the logistic loss", "(sigmoid(Phi w) - y)^T Phi"),
    7: ("the log-determinant of a Gram matrix", "4 X (X^T X + I)^-1 - 2 X"),
    15: ("a quadratic form", "x^T (Q + Q^T) - b^T"),
    25: ("a Gaussian quadratic form", "2 (w - mu)^T Sigma^-1"),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_exact_answers_for_fixed_seeds(seed):
    title, answer = EXPECTED[seed]
    ex = exercise(seed)
    assert ex.title == f"{mg.TITLE}: {title}"
    assert ex.answer == answer and ex.reference_text() == answer


def test_the_answer_is_the_engines_derivative():
    """The expected answer is the engine's result, or checked equal to it: the solution's last
    paragraph quotes the engine's print, which the exercise grades correct."""
    for seed in SEEDS:
        ex = exercise(seed)
        quoted = re.findall(r"`([^`]+)`", ex.solution[-1])
        assert quoted and quoted[-1] == ex.answer, ex.id
        assert all(ex.check(text).correct for text in quoted), ex.id


def test_a_textbook_form_that_differs_from_the_engine_is_refused():
    wrong = mg.Term("x^T A x", (("A", "n×n"),), tidy="2 x^T A")  # A is not symmetric
    with pytest.raises(AssertionError, match="differs from the engine"):
        mg.build(templates(FAMILY)[0], mg.Problem("x", "n", (wrong,)))


def test_a_derivative_matrix_notation_cannot_write_is_a_degenerate_draw():
    # (sum(A x) needed the all-ones vector, ones^T A, before ones was notation)
    problem = mg.Problem("x", "n", (mg.Term("tr(I) x^T A x", (("A", "n×n"),)),))
    with pytest.raises(mc.NotExpressible):
        mc.derivative(problem.expr, "x", problem.shapes)
    with pytest.raises(common.Degenerate):
        mg.build(templates(FAMILY)[0], problem)


# --- the messages a slip gets -------------------------------------------------------------------

SLIPS = [  # (seed, typed slip, words of the message it must get)
    (0, "-2 W^-1 a b^T W^-1", "W⁻ᵀ (the inverse transposed), not W⁻¹"),
    (0, "2 W^-T a b^T W^-T", "d(W⁻¹) = −W⁻¹ dW W⁻¹"),
    (3, "(y - sigmoid(Phi w))^T Phi", "minus the log-likelihood"),
    (3, "sigmoid(Phi w)^T Phi", "The labels y are missing"),
    (3, "((sigmoid(Phi w) - y)^T Phi)^T", "denominator) layout"),
    (7, "4 X (X^T X + I) - 2 X", "must appear inverted"),
    (7, "2 X (X^T X + I)^-1 - 2 X", "the two traces are equal"),
    (7, "(4 X (X^T X + I)^-1 - 2 X)^T", "That is the transpose of ∂f/∂X"),
    (15, "2 x^T Q - b^T", "only if Q were symmetric"),
    (15, "x^T Q - b^T", "only one of the two terms of the product rule"),
    (25, "2 (w - mu)^T Sigma", "write Σ⁻¹, not Σ"),
    (25, "(w - mu)^T Sigma^-1", "A factor 2 is missing"),
]


@pytest.mark.parametrize(("seed", "text", "words"), SLIPS)
def test_a_slip_gets_its_message(seed, text, words):
    verdict = exercise(seed).check(text)
    assert verdict.status == "incorrect"
    assert words in verdict.message


def test_a_forgotten_transpose_in_a_trace_is_named():
    ex = next(ex for ex in curated(FAMILY) if ex.id.endswith("trace-axb"))
    assert "tr(AX) by X is Aᵀ, not A" in ex.check("B A").message
    assert "(AB)ᵀ = BᵀAᵀ" in ex.check("B^T A^T").message


def test_every_mistake_in_the_table_reaches_a_student():
    """Each row of MISTAKES is the message of a kept distractor somewhere (no dead rows)."""
    messages = [message for seed in SEEDS for _, message in exercise(seed).distractors]
    messages += [message for t in templates(FAMILY) for seed in range(6)
                 for _, message in draw(t, seed).distractors]
    for key, text in mg.MISTAKES.items():
        start = text.split("{")[0]
        assert any(m.startswith(start) for m in messages), key


# --- prompts, hints, solutions -------------------------------------------------------------------

def test_prompts_state_shapes_layout_and_what_to_type():
    for seed in SEEDS:
        ex = exercise(seed)
        prompt = ex.prompt
        assert prompt.count("$") % 2 == 0 and "\\mathbb{R}^{" in prompt
        assert "matrix notation" in prompt and "`^T`" in prompt
        for name in ex.variables:
            assert f"`{name}`" in prompt, (ex.id, name)
        if ex.derivative == "gradient":
            assert "**row**" in prompt and "1 \\times" in prompt
        else:
            assert "matrix shaped like" in prompt
        assert ex.answer not in prompt


def test_hints_go_from_general_to_specific_and_never_give_the_answer():
    for seed in SEEDS:
        ex = exercise(seed)
        assert len(ex.hints) == 3
        assert ex.hints[1].startswith(template_of(ex).hint)  # plus which letter is the variable
        assert "The differential" in ex.hints[2]
        read_off = next(latex for step in ex.solution if step.startswith("**Read off")
                        for latex in re.findall(r"\$\$(.*?)\$\$", step))
        for hint in ex.hints:
            assert ex.answer not in hint and read_off not in hint, ex.id


def test_worked_solution_is_the_engines_derivation():
    for seed in SEEDS:
        ex = exercise(seed)
        labels = [re.match(r"\*\*([^*]+)\*\*", step).group(1) for step in ex.solution[1:-1]]
        assert labels[0] == "The function." and labels[1].startswith("Take the differential")
        assert labels[-1].startswith("Read off"), ex.id
        assert ex.answer in ex.solution[-1]


def test_the_prompt_reads_well_for_a_fixed_seed():
    prompt = exercise(3).prompt
    assert prompt.startswith(r"The logistic-regression loss is $$L(w) = ")
    assert r"$\Phi \in \mathbb{R}^{N \times d}$ and $y \in \mathbb{R}^{N}$" in prompt
    assert "`Phi` (or `Φ`)" in prompt and "`sigmoid(...)` for σ" in prompt


# --- the text helpers ------------------------------------------------------------------------

def test_scaled_and_total_write_sums_as_a_student_would():
    assert mg.scaled(2, "x^T A") == "2 x^T A"
    assert mg.scaled(-1, "a + b") == "-(a + b)"
    assert mg.scaled(Fraction(1, 2), "a - b") == "1/2 (a - b)"
    assert mg.scaled(2, "3 x") == "2 (3 x)" and mg.scaled(1, "a + b") == "a + b"
    assert mg.total(["a", "-2 b", "c + d", "-(x + y)", "1", "1/2 (a - b)"]) == \
        "a - 2 b + (c + d) - (x + y) + 1 + 1/2 (a - b)"


def test_written_sums_mean_what_they_say():
    shapes = {"x": "n", "A": "n×n", "b": "n"}
    parts = [mg.scaled(-2, "x^T A"), mg.scaled(Fraction(1, 2), "x^T - b^T")]
    assert check(mg.total(parts), expected="-2 x^T A + 1/2 x^T - 1/2 b^T",
                 variables=shapes).correct


# --- found by working the family as a student (issue 14 review) -----------------------------

def test_a_rule_in_generic_letters_says_which_letter_is_the_variable():
    """Seed 1 (variable W): the second hint said "write dR in terms of dX", an X the exercise
    does not have. Seed 6's variable is X itself, so its hint needs no note."""
    hint = generate("matrix_gradient", 1).hints[1]
    assert r"\mathrm{d}X" in hint and hint.endswith("(In this rule $X$ stands for your $W$.)")
    assert "stands for" not in generate("matrix_gradient", 6).hints[1]
    theta = generate("matrix_gradient", 2)  # affine quadratic form in θ
    assert theta.hints[1].endswith(r"(In this rule $x$ stands for your $\theta$.)")


def test_the_outer_product_slip_names_this_problems_column_and_input():
    # found by the browser review: the message spoke of "u xᵀ" and "the upstream column",
    # names the problem never defines
    exercise = generate("matrix_gradient", seed=6)
    message = exercise.check("2 x (X x - t)^T").message
    assert "the column X x - t" in message and "the input x" in message
    assert "u xᵀ" not in message and "upstream" not in message
