"""The "backprop" family: δ, ∂L/∂W, ∂L/∂b or ∂L/∂x for a layer y = σ(Wx + b).

Determinism, variety, self-tests over 50 seeds, every template reached, each printed answer
equal to the engine's derivative of the composed loss, exact answers for fixed seeds, curated
ids, and the messages a slip gets (the column forms frameworks store among them).
"""

from __future__ import annotations

import functools

import pytest

from vcbook.answers import check
from vcbook.exercises.bank import backprop as bp
from vcbook.exercises.bank import curated, generate, templates
from vcbook.exercises.bank.matrix_prompts import FRAMEWORKS

FAMILY = "backprop"
SEEDS = range(50)
DERIVATIONS: dict[int, list] = {}  # seed -> the engine derivations made while generating


@functools.cache
def exercise(seed):
    """``generate`` recording every derivation the family asks the engine for."""
    recorded, original = [], bp.derive

    def spy(expr, wrt, shapes):
        recorded.append((original(expr, wrt, shapes), shapes))
        return recorded[-1][0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bp, "derive", spy)
        ex = generate(FAMILY, seed)
    DERIVATIONS[seed] = recorded
    return ex


def bank():
    return [exercise(seed) for seed in SEEDS]


def _message(ex, typed):
    verdict = ex.check(typed)
    assert verdict.status == "incorrect", (typed, verdict.status, verdict.message)
    return verdict.message


def _problem(quantity, activation, loss):
    names = tuple((role, options[0]) for role, options in bp.ROLE_NAMES.items())
    return bp.Problem(quantity, next(a for a in bp.ACTIVATIONS if a.name == activation),
                      next(x for x in bp.LOSSES if x.name == loss), names, ("m", "n"))


# --- the family's contract -----------------------------------------------------------------

def test_generation_is_deterministic():
    for seed in (0, 4, 21):
        a, b = generate(FAMILY, seed), exercise(seed)
        assert (a.prompt, a.answer, a.distractors, a.hints, a.solution, a.title) == \
            (b.prompt, b.answer, b.distractors, b.hints, b.solution, b.title)


def test_at_least_twenty_distinct_prompts_over_thirty_seeds():
    assert len({exercise(seed).prompt for seed in range(30)}) >= 20


def test_self_tests_pass_over_fifty_seeds():
    for ex in bank():
        assert ex.self_test().ok, ex.id


def test_every_template_and_setup_is_reached():
    titles = [ex.title for ex in bank()]
    for template in templates(FAMILY):
        assert any(f": {template.title}," in title for title in titles), template.name
    for activation in ("identity", "sigmoid", "tanh"):
        assert any(f", {activation}, " in title for title in titles), activation
    for mode in ("squared loss", "upstream loss", "δ given"):
        assert any(title.endswith(mode) for title in titles), mode


def test_each_exercise_is_well_formed():
    for ex in bank():
        assert ex.chapter == "05_autodiff" and ex.family == FAMILY
        assert isinstance(ex.answer, str) and ex.reference_text() == ex.answer
        assert 2 <= len(ex.hints) <= 3 and len(ex.distractors) >= 2
        assert r"\mathbb{R}^{" in ex.prompt and "matrix notation" in ex.prompt
        assert ex.answer not in ex.hints[0]
        layout = {"gradient": "**row**", "matrix": "own shape"}[ex.derivative]
        assert layout in ex.prompt, ex.id
        for text in [ex.prompt, *ex.hints, *ex.solution, *(m for _, m in ex.distractors)]:
            assert "@" not in text, (ex.id, text)
        assert ex.solution[-1].endswith(f"`{ex.answer}`."), ex.id


def test_every_answer_is_the_engines_derivative():
    """The grouped answer is the engine's result (its own print expands the products)."""
    for seed, ex in zip(SEEDS, bank(), strict=True):
        (derivation, shapes), = DERIVATIONS[seed]
        assert check(ex.answer, expected=str(derivation.result), variables=shapes).correct, \
            (ex.id, ex.answer, str(derivation.result))
        assert any(step.startswith("**The function.**") for step in ex.solution)


@pytest.mark.parametrize("quantity", [q.name for q in bp.QUANTITIES])
@pytest.mark.parametrize("activation, loss", [(a.name, x.name) for a, x in bp.SETUPS])
def test_every_setup_and_quantity_matches_the_engine(quantity, activation, loss):
    problem = _problem(quantity, activation, loss)
    derivation = bp.derive(problem.engine_expr, problem.n[bp.QUANTITY[quantity].wrt],
                           problem.shapes)
    answer = bp.QUANTITY[quantity].row(problem.delta(), problem.n)
    assert check(answer, expected=str(derivation.result), variables=problem.shapes).correct
    assert derivation.kind == ("matrix" if quantity == "W" else "gradient")


# --- exact answers for fixed seeds and the curated set ----------------------------------------

@pytest.mark.parametrize("seed, answer", [
    (2, "((sigmoid(z) - t) .* sigmoid(z) .* (1 - sigmoid(z)))^T"),
    (3, "(V a + c - r)^T"),
    (4, "d x^T"),
    (9, "d^T V"),
    (26, "(g^T .* (1 - tanh(W h + c) .* tanh(W h + c))) h^T"),
])
def test_exact_answers_for_fixed_seeds(seed, answer):
    assert exercise(seed).answer == answer


def test_curated_exercises_have_stable_ids():
    exercises = {ex.id: ex for ex in curated(FAMILY)}
    assert list(exercises) == ["05-backprop-bank-delta-sigmoid", "05-backprop-bank-W-linear",
                               "05-backprop-bank-b-tanh", "05-backprop-bank-x-sigmoid"]
    for ex in exercises.values():
        assert ex.self_test().ok and ex.chapter == "05_autodiff"
    assert exercises["05-backprop-bank-W-linear"].answer == "(W x + b - t) x^T"
    assert exercises["05-backprop-bank-x-sigmoid"].answer == "d^T W"
    assert exercises["05-backprop-bank-delta-sigmoid"].check(
        "((sigmoid(z) - t) .* sigmoid(z) .* (1 - sigmoid(z)))'").correct


# --- the messages a slip gets ---------------------------------------------------------------

def test_the_column_forms_frameworks_store_get_the_transpose_and_why():
    exercises = {ex.id: ex for ex in curated(FAMILY)}
    delta = _message(exercises["05-backprop-bank-delta-sigmoid"],
                     "(sigmoid(z) - t) .* sigmoid(z) .* (1 - sigmoid(z))")
    assert delta.startswith("This is δ as a column") and FRAMEWORKS in delta
    bias = _message(exercises["05-backprop-bank-b-tanh"],
                    "g^T .* (1 - tanh(W x + b) .* tanh(W x + b))")
    assert "b.grad" in bias and FRAMEWORKS in bias
    back = _message(exercises["05-backprop-bank-x-sigmoid"], "W^T d")
    assert back.startswith("This is Wᵀδᵀ") and FRAMEWORKS in back
    weights = _message(exercises["05-backprop-bank-W-linear"], "x (W x + b - t)^T")
    assert "W's own shape, m×n" in weights and "frameworks alike" in weights


def test_a_column_not_authored_still_gets_the_checkers_framework_sentence():
    """The checker's own transpose diagnosis (derivative="gradient") names frameworks too."""
    ex = {e.id: e for e in curated(FAMILY)}["05-backprop-bank-x-sigmoid"]
    message = _message(ex, "2 W^T d")  # a column, but not the authored one
    assert message.startswith("This is the transpose") and "PyTorch" in message
    assert ex.check("(d^T W)^T").message == ex.distractors[0][1]  # the authored one, rewritten


def test_the_slips_get_their_own_messages():
    exercises = {ex.id: ex for ex in curated(FAMILY)}
    delta = exercises["05-backprop-bank-delta-sigmoid"]
    assert _message(delta, "(sigmoid(z) - t)^T").startswith("You left out the activation")
    assert "1 − σ(z) is missing" in _message(delta, "((sigmoid(z) - t) .* sigmoid(z))^T")
    assert _message(delta, "((t - sigmoid(z)) .* sigmoid(z) .* (1 - sigmoid(z)))^T") \
        .startswith("Check the sign")
    linear = exercises["05-backprop-bank-W-linear"]
    assert "cancels the 2" in _message(linear, "2 (W x + b - t) x^T")
    given = exercises["05-backprop-bank-x-sigmoid"]
    assert "counts the activation twice" in _message(
        given, "(d .* sigmoid(W x + b) .* (1 - sigmoid(W x + b)))^T W")
    tanh = exercises["05-backprop-bank-b-tanh"]
    assert "the tanh is squared" in _message(tanh, "(g^T .* (1 - tanh(W x + b)))^T")


def test_delta_is_given_as_d_only_past_z_after_a_nonlinear_activation():
    assert _problem("W", "sigmoid", "squared").given
    assert not _problem("delta", "sigmoid", "squared").given
    assert not _problem("W", "identity", "squared").given
    assert not _problem("W", "tanh", "upstream").given
    for ex in bank():
        given = ex.title.endswith("δ given")
        assert (r"$\delta = d^\top$" in ex.prompt) == given, ex.id


# --- found by working the family as a student (issue 14 review) -----------------------------

def test_the_given_delta_solution_names_this_layer():
    """Seed 8 (z = V h + c): the worked solution said L changes like dᵀ(Wx + b), names that
    are not in the exercise."""
    intro = exercise(8).solution[0]
    assert "V h + c" in intro
    assert "Wx + b" not in intro


def test_the_delta_prompt_names_this_layer():
    """Seed 2 (z = W h + c): "write it in terms of z, not Wx + b" named an x the layer lacks."""
    ex = next(exercise(s) for s in SEEDS if exercise(s).title.startswith(f"{bp.TITLE}: δ")
              and r"W h + c" in exercise(s).prompt)
    assert r"not $W h + c$" in ex.prompt
    assert "Wx + b" not in ex.prompt


@pytest.mark.parametrize("seed", [0, 6])
def test_an_upstream_gradient_named_g_is_not_the_solutions_row_g(seed):
    """Seeds 0 and 6 call the upstream gradient g; the engine's step "bring it to the form
    df = g dh (g a row)" then read as if the answer were the given g."""
    ex = exercise(seed)
    assert "$g = " in ex.prompt  # the upstream gradient is called g here
    labels = [step for step in ex.solution if step.startswith("**Bring it to the form")]
    assert labels and all("(g a row)" not in label for label in labels)


def test_the_other_half_of_sigmoid_prime_and_tanh_itself_get_messages():
    """Seed 0 (sigmoid): only 1 − σ(z) typed for σ′; seed 1 (tanh): tanh(z) itself typed for
    tanh′(z). Both got "That is not correct yet"."""
    half = _message(exercise(0), "(g^T .* (1 - sigmoid(W h + c)))^T W")
    assert "the factor σ(z) is missing" in half
    itself = _message(exercise(1), "(u^T .* tanh(W x + b))^T W")
    assert "tanh′(z) = 1 − tanh²(z)" in itself and "itself" in itself


def test_a_dropped_term_of_a_sum_is_not_blamed_on_the_product_rule():
    """Seed 3 (∂L/∂c = (V a + c − r)ᵀ): dropping c, a term of a sum, was told to check "that
    every factor that depends on the variable gave a term (the product rule)"."""
    message = _message(exercise(3), "(V a - r)^T")
    assert message.startswith("Your answer is missing a term")
    assert "every term of a sum" in message


def test_titles_do_not_name_symbols_the_exercise_does_not_have():
    """Seed 3 asks for ∂L/∂c (its bias is c) under the title "∂L/∂b"; seed 0 asks for ∂L/∂h
    under "∂L/∂x". Titles name the quantity in words."""
    assert exercise(3).title == "Backpropagation: the bias gradient, identity, squared loss"
    assert exercise(0).title.startswith("Backpropagation: the input gradient, ")
    assert not any(s in ex.title for ex in bank() for s in ("∂L/∂x", "∂L/∂b", "∂L/∂W"))
