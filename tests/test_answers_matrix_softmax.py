"""softmax in matrix notation: a column to a column, typed as the prompts write it, evaluated
without overflow, printed, differentiated (d softmax(u) = p ⊙ du − p pᵀdu) and checked.
Found by the browser review: a student who typed (softmax(W x) - y) x^T, as the prompt writes
the loss, was told 'I don't know the name softmax'."""

import numpy as np
import pytest

from vcbook import matrixcalc as mc
from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.matrix import check, latex, parse, to_text
from vcbook.exercises import generate

SHAPES = {"W": "k×n", "x": "n", "y": "k", "z": "k", "s": "scalar"}


def test_softmax_is_a_column_of_the_same_length_and_prints_back():
    expr = parse("softmax(W x) - y", SHAPES)
    assert to_text(expr) == "softmax(W x) - y"
    assert r"\operatorname{softmax}\left(W x\right)" in latex(expr)


@pytest.mark.parametrize(("text", "phrase"), [
    ("softmax(x^T)", "softmax takes a column vector (for a row r, write softmax(r^T)^T)"),
    ("softmax(s)", "softmax takes a column vector"),
    ("softmax(W)", "softmax takes a column vector"),
])
def test_softmax_of_anything_but_a_column_is_refused_with_its_shape(text, phrase):
    with pytest.raises(InvalidAnswer) as info:
        parse(text, SHAPES)
    assert phrase in info.value.message


def test_softmax_agrees_with_its_definition_even_for_large_scores():
    verdict = check("softmax(z)", expected="exp(z) / sum(exp(z))", variables=SHAPES)
    assert verdict.status == "correct"
    assert check("softmax(z + 1000 ones)", expected="softmax(z)",
                 variables=SHAPES).status == "correct"  # no overflow: shift invariance
    assert check("softmax(2 z)", expected="softmax(z)", variables=SHAPES).status == "incorrect"


@pytest.mark.parametrize(("expr", "wrt", "printed"), [
    ("softmax(W x)", "x", "(diag(softmax(W x)) - softmax(W x) softmax(W x)^T) W"),
    ("-y^T log(softmax(W x))", "W", "(sum(y) softmax(W x) - y) x^T"),
])
def test_softmax_is_differentiated_and_checked_against_ad(expr, wrt, printed):
    d = mc.derivative(expr, wrt, SHAPES)
    assert str(d.result) == printed
    assert any(label.startswith("Take the differential") and "softmax rule" in label
               for label, _ in d.steps)
    rng = np.random.default_rng(0)
    k, n = 3, 4
    W, x, y = rng.standard_normal((k, n)), rng.standard_normal(n), rng.dirichlet(np.ones(k))
    p = np.exp(W @ x - np.max(W @ x))
    p /= p.sum()
    value = d.evaluate({"W": W, "x": x, "y": y})
    if wrt == "x":
        np.testing.assert_allclose(value, (np.diag(p) - np.outer(p, p)) @ W, atol=1e-12)
    else:
        np.testing.assert_allclose(value, np.outer(p * y.sum() - y, x), atol=1e-12)


def test_the_softmax_practice_exercise_accepts_softmax_and_still_diagnoses_slips():
    exercise = generate("matrix_gradient", seed=4)
    assert "`softmax(...)`" in exercise.prompt
    assert exercise.check("(softmax(W x) - y) x^T").status == "correct"
    assert exercise.check("softmax(W x) x^T").status == "incorrect"
    assert "label y is missing" in exercise.check("softmax(W x) x^T").message
