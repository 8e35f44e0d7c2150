"""Verdicts teach without giving the answer away; the worked solution, asked for, gives it.

For every code exercise, every authored mistake and every generic slip (a sign, a factor, zeros,
a transpose, a column, nan, one case off, a NumPy shape error) gets a verdict that names what is
wrong and the principle to apply, and contains none of the reference formulas below (as code or
as maths); ``solution()`` contains each of them as code."""

from __future__ import annotations

import numpy as np
import pytest

from vcbook.exercises import CODE_EXERCISES, coding, progress
from vcbook.exercises.coding.model import Solution

# name -> (the solution's code, which must be in it; the same formulas as a verdict would write
# them in Unicode maths). No verdict may contain any of them.
FORMULAS = {
    "numerical_gradient": (("f(x + step) - f(x - step)", "step[idx] = h"), ()),
    "layer_backward": (("W.T @ delta", "np.outer(delta, x)", "g * (1 - y**2)"),
                       ("Wᵀδ", "δxᵀ", "δ = g", "db = δ", "g ⊙ (1 − y²)")),
    "softmax_cross_entropy_grad": (("np.exp(z - np.max(z))", "p - y"),
                                   ("p − y", "softmax(z) − y", "z − max")),
    "vjp_rule": (("g * np.exp(x - out)", "g * np.exp(y - out)"),
                 ("e^(x − out)", "e^(y − out)", "np.exp(x - out)", "np.exp(y - out)")),
    "two_layer_backward": (("np.outer(e, h)", "W2.T @ e", "np.outer(delta, x)", "(1 - h**2)"),
                           ("e hᵀ", "W2ᵀe", "δxᵀ", "e = y − t", "∂L/∂y = y − t",
                            "(W2ᵀe) ⊙")),
}


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh


def student(ex, change):
    """The reference as a student's function, with ``change(outputs, call)`` applied to its
    tuple of outputs (``call`` counts the calls, from 0)."""
    calls = {"n": 0}

    def fn(*args):
        outputs = tuple(np.array(v, dtype=float) for v in ex.reference(*args))
        outputs = change(list(outputs), calls["n"])
        calls["n"] += 1
        return outputs[0] if len(ex.outputs) == 1 else tuple(outputs)
    return fn


def at(k, edit):
    """Change output ``k`` only."""
    def change(outputs, call):
        outputs[k] = edit(outputs[k], call)
        return outputs
    return change


def nan_first(v, call):
    v = v.copy()
    v.flat[0] = np.nan
    return v


SLIPS = {
    "sign": lambda v, call: -v,
    "scale": lambda v, call: 2.0 * v,
    "half": lambda v, call: 0.5 * v,
    "zeros": lambda v, call: np.zeros_like(v),
    "transpose": lambda v, call: v.T,
    "column": lambda v, call: v.reshape(-1, 1),
    "nan": nan_first,
    "one case off": lambda v, call: v + (0.25 if call == 0 else 0.0),
    "noise": lambda v, call: v + 0.1 * np.cos(np.arange(v.size)).reshape(v.shape),
}


def wrong_functions(ex):
    """(label, function) for every authored mistake and every generic slip of every output."""
    for mistake in ex.mistakes:
        def model(*args, mistake=mistake):
            values = mistake.model(*args)
            return values[0] if len(ex.outputs) == 1 else values
        yield f"mistake {mistake.code}", model
    for k, out in enumerate(ex.outputs):
        for label, edit in SLIPS.items():
            if label != "transpose" or ex.hidden[0][1][k].ndim == 2:  # a vector's .T is itself
                yield f"{out.name}: {label}", student(ex, at(k, edit))
    for label, edit in (("all: sign", SLIPS["sign"]), ("all: scale", SLIPS["scale"])):
        yield label, student(ex, lambda outs, call, edit=edit: [edit(v, call) for v in outs])

    def shape_error(*args):
        raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0")
    yield "a NumPy shape error", shape_error


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_no_verdict_gives_a_reference_formula_away(name):
    ex = coding(name)
    code, maths = FORMULAS[name]
    seen = set()
    for label, fn in wrong_functions(ex):
        verdict = ex.check(fn, time_limit=5.0, record=False)
        assert verdict.status == "incorrect", (label, verdict.message)
        leaked = [f for f in code + maths if f in verdict.message]
        assert not leaked, (label, leaked, verdict.message)
        seen.update(note for note in verdict.notes)
    # the slips reached the exercise's advice and each authored mistake
    advised = {note.split(":", 1)[1] for note in seen if ":" in note}
    assert {f"mistake:{m.code}" for m in ex.mistakes} <= advised
    assert {"sign", "scale", "zeros"} <= advised


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_no_message_or_advice_holds_a_reference_formula(name):
    ex = coding(name)
    code, maths = FORMULAS[name]
    texts = [m.message for m in ex.mistakes] + list(ex.advice.values())
    for text in texts:
        assert not [f for f in code + maths if f in text], text


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_the_solution_asked_for_holds_the_formulas_and_the_shapes(name):
    ex = coding(name)
    solution = ex.solution()
    assert isinstance(solution, Solution) and isinstance(solution, str)
    assert solution.startswith(f"**Worked solution: {ex.title}**")
    assert solution._repr_markdown_() == str(solution)
    code, _ = FORMULAS[name]
    assert all(f in solution for f in code), [f for f in code if f not in solution]
    assert f"```python\ndef {ex.function}(" in solution
    assert "shape" in solution


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_the_solutions_code_is_correct(name):
    """The code block of the worked solution passes the exercise's own check."""
    ex = coding(name)
    source = ex.solution().split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {"np": np}
    exec(source, namespace)  # noqa: S102 - author text, not student text
    verdict = ex.check(namespace[ex.function], record=False)
    assert verdict.correct, verdict.message


def test_the_solution_prints_as_itself():
    from IPython.lib.pretty import pretty

    solution = coding("layer_backward").solution()
    assert pretty(solution) == str(solution)
