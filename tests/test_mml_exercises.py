"""The MML chapter-5 exercises (vcbook/exercises/bank/mml.py) and chapter 06, the practice hub.

Each exercise checks itself; its answer is compared here with central differences of the
function at random values (and, for matrix notation, with the engine's own derivation), so a
wrong answer in the bank fails a test, not a student.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from vcbook import numeric
from vcbook.answers import check
from vcbook.answers.matrix import evaluate_expr, parse
from vcbook.exercises import FAMILIES, coding, generate, progress
from vcbook.exercises.bank import mml as mml_module
from vcbook.exercises.bank.mml import mml_exercises, parts
from vcbook.exercises.summary import summary_html
from vcbook.exercises.widget import css_class

CHAPTER_06 = Path(__file__).resolve().parent.parent / "book" / "06_exercises.ipynb"
MML = mml_exercises()

# Progress is recorded under these ids: they never change once published.
IDS = [
    "06-mml-5.1-log-sin",
    "06-mml-5.2-sigmoid",
    "06-mml-5.3-gaussian",
    "06-mml-5.4-derivatives",
    "06-mml-5.4-t3",
    "06-mml-5.4-t5",
    "06-mml-5.5-f1-jacobian",
    "06-mml-5.5-f2-shape",
    "06-mml-5.5-f2-gradient",
    "06-mml-5.5-f3-shape",
    "06-mml-5.5-f3-differential",
    "06-mml-5.6-log-norm",
    "06-mml-5.6-trace",
    "06-mml-5.7-log",
    "06-mml-5.7-sine-shape",
    "06-mml-5.7-sine-jacobian",
    "06-mml-5.8-gaussian",
    "06-mml-5.8-trace",
    "06-mml-5.8-tanh-shape",
    "06-mml-5.8-tanh-jacobian",
]


def test_ids_are_stable_unique_and_in_the_books_order():
    assert list(MML) == IDS
    assert [ex.id for ex in MML.values()] == IDS
    assert len({css_class(i) for i in IDS}) == len(IDS)  # the widgets' CSS classes too
    assert [ex.id for ex in mml_exercises().values()] == IDS  # the same on every call
    assert all(ex.chapter == "06_exercises" and ex.title.startswith("MML 5.")
               for ex in MML.values())


def test_every_exercise_of_the_chapter_is_present_in_order():
    numbers = [f"5.{k}" for k in range(1, 9)]
    assert sorted({ex.id.split("-")[2] for ex in MML.values()}) == numbers
    assert [n for n, _ in mml_module.BUILDERS] == numbers


def test_parts_returns_one_exercises_parts_in_order():
    assert [ex.id for ex in parts("5.7", MML)] == IDS[13:16]
    assert [ex.id for ex in parts("5.4", MML)] == IDS[3:6]
    assert [ex.id for ex in parts("5.1")] == ["06-mml-5.1-log-sin"]
    assert parts("5.9", MML) == []


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_mml_exercise_passes_its_self_test(exercise_id):
    ex = MML[exercise_id]
    result = ex.self_test()
    assert result.ok
    assert len(ex.hints) >= 2 and ex.solution
    assert ex.distractors, "every part has at least one classic mistake with its message"


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_prompt_gives_its_answer_away(exercise_id):
    ex = MML[exercise_id]
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    assert squash(ex.reference_text()) not in squash(ex.prompt)


# --- the answers are right: scalar ones against SymPy and central differences -------------------

X = sp.Symbol("x", real=True)
SCALAR = {
    "06-mml-5.1-log-sin": (lambda x: np.log(x**4) * np.sin(x**3), (-1.7, -0.6, 0.5, 1.3)),
    "06-mml-5.2-sigmoid": (lambda x: 1 / (1 + np.exp(-x)), (-3.0, -0.4, 0.0, 2.5)),
}


@pytest.mark.parametrize("exercise_id", sorted(SCALAR))
def test_scalar_answers_match_central_differences(exercise_id):
    f, points = SCALAR[exercise_id]
    answer = sp.lambdify(X, MML[exercise_id].answer, "numpy")  # an author's expression
    for x0 in points:
        assert np.isclose(answer(x0), numeric.derivative(f, x0), rtol=1e-6, atol=1e-8), x0


def test_the_gaussian_slope_matches_central_differences_and_its_slips_their_messages():
    ex = MML["06-mml-5.3-gaussian"]
    mu, sigma = mml_module.MU, mml_module.SIGMA
    for m, s in ((0.3, 0.8), (-1.0, 1.7)):
        slope = sp.lambdify(X, ex.answer.subs({mu: m, sigma: s}), "numpy")
        bump = lambda x, m=m, s=s: np.exp(-(x - m)**2 / (2 * s**2))  # noqa: E731
        for x0 in (-1.2, 0.1, 2.0):
            assert np.isclose(slope(x0), numeric.derivative(bump, x0), rtol=1e-6, atol=1e-9)
    for right in ("-(x - mu)/sigma^2 exp(-(x - mu)^2/(2 sigma^2))",
                  "(μ - x) e^(-(x - μ)²/(2σ²)) / σ²"):
        assert ex.check(right).correct, right
    verdict = ex.check("-(x - mu)/(2 sigma^2) exp(-(x - mu)^2/(2 sigma^2))")
    assert verdict.status == "incorrect" and "cancels the 2 in 2σ²" in verdict.message
    verdict = ex.check("exp(-(x - mu)^2/(2 sigma^2))")
    assert verdict.status == "incorrect" and "inner derivative" in verdict.message


def test_the_taylor_polynomials_of_sin_plus_cos_are_sympys_series():
    f = sp.sin(X) + sp.cos(X)
    for part, n in (("06-mml-5.4-t3", 3), ("06-mml-5.4-t5", 5)):
        series = sp.series(f, X, 0, n + 1).removeO()
        assert sp.expand(MML[part].answer - series) == 0, part
    row = MML["06-mml-5.4-derivatives"].answer
    assert list(row) == [sp.diff(f, X, k).subs(X, 0) for k in range(6)] == [1, 1, -1, -1, 1, 1]
    t5 = MML["06-mml-5.4-t5"]
    for right in ("1 + x - x^2/2 - x^3/6 + x^4/24 + x^5/120",
                  "x⁵/120 + x⁴/24 - x³/6 - x²/2 + x + 1"):
        assert t5.check(right).correct
    verdict = t5.check("1 + x - x^2 - x^3 + x^4 + x^5")
    assert verdict.status == "incorrect" and "needs its 1/k!" in verdict.message
    verdict = MML["06-mml-5.4-t3"].check("1 + x + x^2/2 + x^3/6")  # cos′ = +sin
    assert verdict.status == "incorrect" and "derivative of cosine" in verdict.message
    steps = "".join(t5.solution)
    assert all(f"T_{k} = " in steps for k in range(6))  # MML asks for T_0, ..., T_5


def test_the_sigmoid_answer_is_sigma_times_one_minus_sigma():
    sigma = 1 / (1 + sp.exp(-X))
    assert sp.simplify(MML["06-mml-5.2-sigmoid"].answer - sigma * (1 - sigma)) == 0


def test_the_gradient_of_sin_cos_matches_central_differences():
    x1, x2 = sp.symbols("x1 x2", real=True)
    row = sp.lambdify((x1, x2), MML["06-mml-5.5-f1-jacobian"].answer, "numpy")
    rng = np.random.default_rng(51)
    for p in rng.uniform(-2, 2, size=(4, 2)):
        claimed = np.array(row(*p), dtype=float).reshape(1, 2)
        fd = numeric.derivative(lambda v: np.sin(v[0]) * np.cos(v[1]), p)
        assert np.allclose(claimed[0], fd, atol=1e-8)


# --- matrix notation: the answer at random values against central differences -------------------

def _spd(rng, n):
    m = rng.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def _tanh_layer(v):
    return lambda x: np.tanh(v["A"] @ x + v["b"])


# id -> (draw the constants and the point, the function of the variable, the variable's name)
NOTATION = {
    "06-mml-5.5-f2-gradient": (lambda r: {"x": r.standard_normal(4), "y": r.standard_normal(4)},
                               lambda v: lambda x: x @ v["y"], "x"),
    "06-mml-5.6-log-norm": (lambda r: {"t": r.standard_normal(3)},
                            lambda v: lambda t: np.sin(np.log(t @ t)), "t"),
    "06-mml-5.6-trace": (lambda r: {"A": r.standard_normal((2, 3)), "X": r.standard_normal((3, 4)),
                                    "B": r.standard_normal((4, 2))},
                         lambda v: lambda X: np.trace(v["A"] @ X @ v["B"]), "X"),
    "06-mml-5.7-log": (lambda r: {"x": r.standard_normal(3)},
                       lambda v: lambda x: np.log(1 + x @ x), "x"),
    "06-mml-5.7-sine-jacobian": (lambda r: {"A": r.standard_normal((4, 3)),
                                            "x": r.standard_normal(3), "b": r.standard_normal(4)},
                                 lambda v: lambda x: np.sin(v["A"] @ x + v["b"]), "x"),
    "06-mml-5.8-gaussian": (
        lambda r: {"x": r.standard_normal(3), "mu": r.standard_normal(3), "S": _spd(r, 3)},
        lambda v: lambda x: np.exp(-(x - v["mu"]) @ np.linalg.solve(v["S"], x - v["mu"]) / 2),
        "x"),
    "06-mml-5.8-trace": (lambda r: {"x": r.standard_normal(3), "sigma": 0.7},
                         lambda v: lambda x: np.trace(np.outer(x, x) + v["sigma"]**2 * np.eye(3)),
                         "x"),
    "06-mml-5.8-tanh-jacobian": (lambda r: {"A": r.standard_normal((3, 5)) / 2,
                                            "x": r.standard_normal(5),
                                            "b": r.standard_normal(3) / 2},
                                 _tanh_layer, "x"),
}


@pytest.mark.parametrize("exercise_id", sorted(NOTATION))
def test_notation_answers_match_central_differences(exercise_id):
    ex = MML[exercise_id]
    draw, function, wrt = NOTATION[exercise_id]
    for seed in (0, 1):
        values = draw(np.random.default_rng(seed))
        claimed = evaluate_expr(parse(ex.answer, ex.variables), values)
        fd = numeric.derivative(function(values), values[wrt])
        if fd.ndim == 1:  # a scalar by a vector: the book prints the row
            fd = fd.reshape(1, -1)
        assert claimed.shape == fd.shape
        assert np.allclose(claimed, fd, rtol=1e-6, atol=1e-7), (exercise_id, seed)


def test_the_differential_of_xxT_is_the_derivative_along_dx():
    ex = MML["06-mml-5.5-f3-differential"]
    rng = np.random.default_rng(3)
    x, dx = rng.standard_normal(3), rng.standard_normal(3)
    claimed = evaluate_expr(parse(ex.answer, ex.variables), {"x": x, "dx": dx})
    tensor = numeric.derivative(lambda v: np.outer(v, v), x)  # (3, 3, 3), the shape rule
    assert np.allclose(claimed, tensor @ dx, atol=1e-8)
    assert tensor.shape == MML["06-mml-5.5-f3-shape"].answer


@pytest.mark.parametrize("exercise_id", [i for i in IDS if isinstance(MML[i].answer, str)])
def test_notation_solutions_are_the_engines_checked_steps(exercise_id):
    ex = MML[exercise_id]
    steps = [s for s in ex.solution if s.startswith("**")]
    assert len(steps) >= 3 and ex.solution[-1] == f"Typed: `{ex.answer}`."


def test_an_answer_that_disagrees_with_the_engine_is_refused_when_built():
    with pytest.raises(ValueError, match="not the engine's"):
        mml_module._notation("5.6", "trace", prompt="", function="tr(A X B)", wrt="X",
                             shapes={"A": "D×E", "X": "E×F", "B": "F×D"}, answer="2 A^T B^T",
                             distractors=(), hints=(), title="")


def test_shape_answers_follow_the_shape_rule():
    rng = np.random.default_rng(5)
    z6 = rng.standard_normal(6)
    row = (1,) + numeric.derivative(lambda z: z[:3] @ z[3:], z6).shape  # f2 by (x, y), a row
    sine = numeric.derivative(np.sin, rng.standard_normal(4)).shape
    A, b = rng.standard_normal((3, 5)), rng.standard_normal(3)
    layer = numeric.derivative(lambda x: np.tanh(A @ x + b), rng.standard_normal(5)).shape
    assert MML["06-mml-5.5-f2-shape"].answer == row == (1, 6)
    assert MML["06-mml-5.7-sine-shape"].answer == sine == (4, 4)
    assert MML["06-mml-5.8-tanh-shape"].answer == layer == (3, 5)


@pytest.mark.parametrize("typed, status", [
    ("2 cos(log(t^T t)) t^T / norm(t)^2", "correct"),       # ‖t‖² for tᵀt
    ("(B A)^T", "correct"),
    ("B A", "incorrect"),                                    # G, not Gᵀ
])
def test_equivalent_forms_are_accepted_and_slips_refused(typed, status):
    ex = MML["06-mml-5.6-log-norm"] if "t" in typed else MML["06-mml-5.6-trace"]
    assert ex.check(typed).status == status


def test_a_slip_gets_its_own_message():
    verdict = MML["06-mml-5.8-tanh-jacobian"].check("diag(1 - (A x + b) .* (A x + b)) A")
    assert verdict.status == "incorrect" and "square tanh(z), not z" in verdict.message
    verdict = MML["06-mml-5.5-f3-differential"].check("2 x dx^T")
    assert "do not commute" in verdict.message
    assert check("(1, 3)", expected=(1, 6), kind="shape").status == "incorrect"


# --- chapter 06: the hub shows them, and its progress table lists every chapter -----------------

def _cells():
    return json.loads(CHAPTER_06.read_text(encoding="utf-8"))["cells"]


def test_chapter_06_shows_every_mml_exercise_once_and_self_tests_it():
    visible = ["".join(c["source"]) for c in _cells() if c["cell_type"] == "code"
               and not c.get("metadata", {}).get("jupyter", {}).get("source_hidden")]
    hidden = "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "code"
                       and c.get("metadata", {}).get("jupyter", {}).get("source_hidden"))
    shown = [m for source in visible for m in re.findall(r'mml\["([^"]+)"\]', source)]
    assert shown == IDS
    tested = set(re.findall(r'mml\["([^"]+)"\]\.self_test\(\)', hidden))
    tested |= {ex.id for n in re.findall(r'parts\("([\d.]+)", mml\)', hidden) for ex in parts(n)}
    assert tested == set(IDS)


def test_chapter_06_has_a_section_per_chapter_a_mixed_review_and_the_mml_set():
    headings = [line for c in _cells() if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    assert [h[:6] for h in headings[:6]] == ["## How", "## 01 ", "## 02 ", "## 03 ", "## 04 ",
                                             "## 05 "]
    assert {"## Mixed review", "## Your progress", "## Summary"} <= set(headings)
    text = "\n".join("".join(c["source"]) for c in _cells())
    assert "5.1 to 5.8" in text  # all of MML's differentiation exercises
    for family in FAMILIES:  # chapter 07's families are practised there, and in the review here
        assert f'generate("{family}"' in text or family in ("gradient", "chain_rule", "polar",
                                                             "hessian", "taylor")
    assert 'coding("two_layer_backward")' in text


def test_the_progress_table_lists_every_chapter_the_hub_practises(tmp_path, monkeypatch):
    store = progress.ProgressStore(tmp_path / "progress.sqlite3")
    monkeypatch.setattr(progress, "_STORE", store)
    seeds = {"matrix_gradient": (1, 20)}  # chapter 03's template, then chapter 04's
    for family in FAMILIES:
        for seed in seeds.get(family, (0,)):
            ex = generate(family, seed)
            assert ex.submit(ex.reference_text()).correct
    mml = MML["06-mml-5.6-trace"]
    assert mml.submit(mml.reference_text()).correct
    coding("two_layer_backward").check(lambda *args: None, time_limit=5)  # graded: incorrect
    chapters = [row.chapter for row in store.summary()]
    assert chapters == ["02_jacobians", "03_matrix_gradients", "04_identities", "05_autodiff",
                        "06_exercises", "07_second_order"]
    html = summary_html(store)
    assert all(chapter in html for chapter in chapters)
    by_chapter = {row.chapter: (row.solved, row.attempted) for row in store.summary()}
    assert by_chapter["05_autodiff"] == (1, 2)  # backprop solved; the code exercise attempted
    assert by_chapter["06_exercises"] == (4, 4)  # gradient, chain_rule, polar and one MML part
    assert by_chapter["07_second_order"] == (2, 2)  # hessian and taylor
