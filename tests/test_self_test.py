"""Self-tests of exercises: no arguments needed, every mistake checked, failures always raise."""

import subprocess
import sys
import textwrap

import pytest
import sympy as sp

from vcbook.exercises import progress
from vcbook.exercises.model import Exercise
from vcbook.exercises.selftest import SelfTestFailed, wrong_variant

t = sp.Symbol("t", real=True)
INNER = "You forgot the inner derivative: d/dt sin(t²) needs the factor 2t."
SIGN = "Check the sign: the derivative of sin is +cos."


@pytest.fixture
def store(tmp_path, monkeypatch):
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh


def make(**changes):
    fields = dict(id="st-sin-t2", prompt="Differentiate $\\sin(t^2)$.", answer=2 * t * sp.cos(t**2),
                  variables={"t": (-2, 2)}, chapter="01_chain_rule",
                  distractors=((sp.cos(t**2), INNER), (-2 * t * sp.cos(t**2), SIGN)))
    fields.update(changes)
    return Exercise(**fields)


def test_self_test_needs_no_arguments_and_tries_the_exercises_own_cases(store):
    ex = make()
    result = ex.self_test()
    assert [(c.label, c.text, c.expected) for c in result.cases] == [
        ("reference answer", "2*t*cos(t**2)", "correct"),
        ("distractor 1", "cos(t**2)", "incorrect"),
        ("distractor 2", "-2*t*cos(t**2)", "incorrect"),
        ("automatic wrong variant", "2*t*cos(t**2) + 1", "incorrect")]
    assert [v.status for v in result.verdicts] == ["correct", "incorrect", "incorrect",
                                                   "incorrect"]
    assert INNER in result.verdicts[1].message and SIGN in result.verdicts[2].message
    assert result.widget_verdicts == result.verdicts and result.ok
    assert result.right.status == "correct" and result.wrong.message.startswith(INNER)
    assert store.attempts() == []  # nothing recorded
    # Shown on the page as a cell's result: it must not give the answer away.
    assert "cos" not in repr(result) and "4 of 4" in repr(result)


def test_extra_right_and_wrong_answers_are_kept_as_extra_cases(store):
    result = make().self_test(right=["2 t cos(t²)", "cos(t^2)*t*2"], wrong="t")
    assert [c.label for c in result.cases][-3:] == ["extra right answer", "extra right answer",
                                                    "extra wrong answer"]
    assert result.wrong.status == "incorrect" and result.wrong is result.verdicts[-1]


def test_a_distractor_judged_correct_or_without_its_message_fails_the_self_test(store):
    coincides = make(distractors=((2 * t * sp.cos(t**2), "never shown"),))
    with pytest.raises(SelfTestFailed, match=r"distractor 1 '2\*t\*cos\(t\*\*2\)' should be "
                                             r"incorrect but is correct"):
        coincides.self_test()
    shadowed = make(distractors=((sp.cos(t**2), INNER), (sp.cos(t**2), "a second message")))
    with pytest.raises(SelfTestFailed, match="distractor 2 .* without its message "
                                             "'a second message'"):
        shadowed.self_test()
    assert issubclass(SelfTestFailed, AssertionError)
    assert store.attempts() == []


def test_the_automatic_wrong_variant_fits_the_kind_of_answer():
    assert wrong_variant(make()) == "2*t*cos(t**2) + 1"
    assert wrong_variant(make(answer=(3, 2), kind="shape", variables=(), distractors=())) \
        == "(4, 2)"
    assert wrong_variant(make(answer="3x2", kind="shape", variables=(), distractors=())) \
        == "(4, 2)"
    assert wrong_variant(make(answer=sp.Matrix([[t, 2 * t]]), distractors=())) == "[t, 2*t + 1]"
    assert wrong_variant(make(answer="t^2 + 1", distractors=())) == "t**2 + 2"
    shape = make(answer=(5, 2, 3, 2), kind="shape", variables=(), distractors=())
    assert shape.self_test().ok


def test_a_check_that_cannot_fail_is_caught(store, monkeypatch):
    ex = make()
    always_right = ex.check(ex.reference_text())
    monkeypatch.setattr(Exercise, "check", lambda self, text: always_right)
    with pytest.raises(SelfTestFailed) as failure:
        ex.self_test()
    message = str(failure.value)
    assert "automatic wrong variant '2*t*cos(t**2) + 1' should be incorrect but is correct" \
        in message
    assert "distractor 1 'cos(t**2)' should be incorrect" in message  # every failure listed


SCRIPT = textwrap.dedent("""
    import sympy as sp
    from vcbook.exercises.model import Exercise
    t = sp.Symbol("t", real=True)
    ex = Exercise(id="o", prompt="", answer=2 * t, variables={"t": (-2, 2)})
    try:
        ex.self_test(wrong="t + t")      # this "wrong" answer is right
    except AssertionError as error:
        print("raised:", type(error).__name__)
    else:
        print("passed silently")
    assert False, "asserts are on"
""")


def test_self_test_raises_even_under_python_O(tmp_path):
    """``assert`` vanishes under ``python -O``; a self-test must still fail loudly."""
    run = subprocess.run([sys.executable, "-O", "-c", SCRIPT], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ,
                                           "VCBOOK_DATA_DIR": str(tmp_path)})
    assert run.returncode == 0, run.stderr  # the final assert really was switched off
    assert run.stdout.strip() == "raised: SelfTestFailed"
