"""Code exercises (vcbook.exercises.coding): right code passes, each wrong code gets its own
diagnosis, the student's own line is named, endless loops stop, the AD table is left as it was,
training lowers the loss, and attempts are recorded."""

from __future__ import annotations

import contextlib
import inspect
import re
import signal
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vcbook.autodiff as ad
from vcbook.answers import Verdict
from vcbook.exercises import CODE_EXERCISES, coding, progress
from vcbook.exercises.coding import diagnose, runner
from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.primitives import temporarily_registered
from vcbook.exercises.coding.spec import Case, Output

LIMIT = 0.5  # seconds: endless loops in these tests stop quickly


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    """A fresh progress store per test (never the shared one)."""
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh


def line_of(fn, text: str) -> int:
    """The file line number of the first line of ``fn`` that contains ``text``."""
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


def as_student(exercise: CodeExercise, model):
    """A model returning a tuple, as the function a student would write."""
    if len(exercise.outputs) == 1:
        return lambda *args: model(*args)[0]
    return model


# --- right answers --------------------------------------------------------------------------

def numerical_gradient(f, x):
    h = 1e-5
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def layer_backward(x, W, b, g):
    y = np.tanh(W @ x + b)
    delta = g * (1.0 - y**2)
    return W.T @ delta, np.outer(delta, x), delta


def softmax_cross_entropy_grad(z, y):
    p = np.exp(z - np.max(z))
    return p / np.sum(p) - y


def logaddexp_vjp(g, out, x, y):
    return g * np.exp(x - out), g * np.exp(y - out)


def two_layer_backward(x, t, W1, b1, W2, b2):
    h = np.tanh(W1 @ x + b1)
    e = W2 @ h + b2 - t
    delta = (W2.T @ e) * (1.0 - h**2)
    return np.outer(delta, x), delta, np.outer(e, h), e


RIGHT = {"numerical_gradient": numerical_gradient, "layer_backward": layer_backward,
         "softmax_cross_entropy_grad": softmax_cross_entropy_grad,
         "vjp_rule": logaddexp_vjp, "two_layer_backward": two_layer_backward}


def test_the_catalogue_is_the_contract():
    assert list(CODE_EXERCISES) == ["numerical_gradient", "layer_backward",
                                    "softmax_cross_entropy_grad", "vjp_rule", "two_layer_backward"]
    assert coding("layer_backward") is CODE_EXERCISES["layer_backward"]
    with pytest.raises(TypeError):
        CODE_EXERCISES["mine"] = None  # read-only
    with pytest.raises(ValueError, match="numerical_gradient, layer_backward, softmax_cross"):
        coding("layer_forward")
    assert len({ex.id for ex in CODE_EXERCISES.values()}) == 5
    assert all(ex.chapter == "05_autodiff" for ex in CODE_EXERCISES.values())


def test_coding_stays_the_function_after_its_modules_are_imported():
    import vcbook.exercises as exercises
    from vcbook.exercises.coding import training  # noqa: F401

    assert callable(exercises.coding) and exercises.coding is coding


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_a_right_function_is_correct(name):
    verdict = coding(name).check(RIGHT[name])
    assert isinstance(verdict, Verdict)
    assert verdict.status == "correct", verdict.message
    assert verdict.notes == ("correct",)
    assert verdict.mask == ((True,) * len(coding(name).outputs),)
    assert verdict.message.startswith(f"Correct: {RIGHT[name].__name__} agrees")


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_the_reference_is_correct_and_each_mistake_gets_its_own_diagnosis(name):
    ex = coding(name)
    assert ex.check(as_student(ex, ex.reference)).correct
    for mistake in ex.mistakes:
        verdict = ex.check(as_student(ex, mistake.model))
        assert verdict.status == "incorrect"
        codes = {note.split(":", 1)[1] for note in verdict.notes if ":" in note}
        assert codes == {f"mistake:{mistake.code}"}, (mistake.code, verdict.message)
        assert mistake.message.split("{name}")[1][:30] in verdict.message


def test_references_agree_with_the_hand_formulas():
    """The references and the hand-written right answers are the same numbers (up to the
    central differences' own error, for numerical_gradient, whose reference is exact)."""
    atol = {"numerical_gradient": 1e-9}
    for name, fn in RIGHT.items():
        for case, want in coding(name).hidden:
            got = fn(*case.args)
            got = got if isinstance(got, tuple) else (got,)
            for g, w in zip(got, want, strict=True):
                np.testing.assert_allclose(g, w, rtol=1e-12, atol=atol.get(name, 1e-14))


def test_the_hidden_cases_are_seeded_and_never_changed_by_a_student():
    ex = coding("layer_backward")
    before = [tuple(a.copy() for a in case.args) for case, _ in ex.hidden]

    def scribbles(x, W, b, g):
        g *= 1.0 - np.tanh(W @ x + b) ** 2  # in place, on its copy
        W[:] = W  # harmless
        x += 0.0
        return W.T @ g, np.outer(g, x), g

    assert ex.check(scribbles).correct
    after = [case.args for case, _ in ex.hidden]
    assert all(np.array_equal(a, b) for old, new in zip(before, after, strict=True)
               for a, b in zip(old, new, strict=True))
    np.random.default_rng(ex.seed)  # the seed is an int, from the id
    assert ex.seed == coding("layer_backward").seed


# --- layer_backward: what is wrong -------------------------------------------------------------

def test_a_transposed_dW_names_both_shapes():
    def transposed(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return dx, dW.T, db

    verdict = coding("layer_backward").check(transposed)
    assert verdict.notes == ("dW:transpose",)
    assert "dW is transposed: it has shape (4, 3) where W's shape (3, 4) is expected" in \
        verdict.message
    assert "right once transposed back" in verdict.message
    assert "vector of length m comes first, x second" in verdict.message
    assert "np.outer(delta, x)" not in verdict.message  # the principle, not the answer
    assert verdict.mask == ((True, False, True),)
    assert "Right already: dx, db." in verdict.message


def test_missing_tanh_prime_is_named_once_for_all_outputs():
    def no_factor(x, W, b, g):
        return W.T @ g, np.outer(g, x), g

    verdict = coding("layer_backward").check(no_factor)
    assert set(verdict.notes) == {f"{o}:mistake:no-tanh-prime" for o in ("dx", "dW", "db")}
    assert verdict.message.count("one factor is missing: tanh′") == 1
    assert "In dx, dW and db, one factor is missing: tanh′" in verdict.message
    assert "tanh′(a) = 1 − tanh(a)² = 1 − y²" in verdict.message
    assert "Wᵀδ" not in verdict.message and "δxᵀ" not in verdict.message


def test_sign_and_scale_and_zeros():
    def signs(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return 2 * dx, np.zeros_like(dW), -db

    verdict = coding("layer_backward").check(signs)
    assert verdict.notes == ("dx:scale", "dW:zeros", "db:sign")
    assert "dx is 2 times the right values" in verdict.message
    assert "All zeros in dW, in every case" in verdict.message
    assert "db has the wrong sign" in verdict.message


def test_outputs_left_at_zero_share_one_line():
    def stub(x, W, b, g):
        return np.zeros_like(x), np.zeros_like(W), np.zeros_like(b)

    verdict = coding("layer_backward").check(stub)
    assert verdict.notes == ("dx:zeros", "dW:zeros", "db:zeros")
    assert verdict.message == ("Not yet.\n• All zeros in dx, dW and db, in every case: is a "
                               "placeholder such as `np.zeros_like(...)` still there?")


def test_a_column_instead_of_a_vector_is_a_shape_error_naming_both_shapes():
    def column(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return dx, dW, db[:, None]

    verdict = coding("layer_backward").check(column)
    assert verdict.notes == ("db:shape",)
    assert "db has the wrong shape: (3, 1) where b's shape (3,) is expected in case 1" in \
        verdict.message
    assert "vectors are 1-D" in verdict.message


def test_wrong_only_in_some_cases_says_which_and_by_how_much():
    def off_when_m_is_5(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return dx, dW, db + (0.25 if len(b) == 5 else 0.0)

    verdict = coding("layer_backward").check(off_when_m_is_5)
    assert verdict.notes == ("db:cases",)
    assert "db is wrong in 1 of 4 hidden cases (right in cases 1, 3, 4)" in verdict.message
    assert "case 2 (m = 5, n = 2): largest error 0.25" in verdict.message


@pytest.mark.parametrize("returned, code, words", [
    (lambda dx, dW, db: (dx, dW), "tuple-length",
     "returned 2 values; it should return 3: dx, dW, db, in that order"),
    (lambda dx, dW, db: (dx, dW, db, db), "tuple-length", "returned 4 values"),
    (lambda dx, dW, db: None, "returned-none", "returned None: is `return dx, dW, db` missing?"),
    (lambda dx, dW, db: dW, "not-a-tuple", "it returned one array of shape (3, 4)"),
    (lambda dx, dW, db: (dx, None, db), "none-entry", "dW is None"),
    (lambda dx, dW, db: (dx, "dW", db), "not-numbers", "dW is not an array of numbers"),
])
def test_what_is_returned_must_be_the_outputs(returned, code, words):
    def student(x, W, b, g):
        return returned(*layer_backward(x, W, b, g))

    verdict = coding("layer_backward").check(student)
    assert verdict.status == "incorrect" and verdict.notes == (code,)
    assert words in verdict.message


def test_an_exception_is_told_with_its_line_and_message():
    def broken(x, W, b, g):
        y = np.tanh(W @ x + b)
        delta = g * (1 - y**2) / 0.0 if len(x) > 100 else g * (1 - y**2)
        return W @ delta, np.outer(delta, x), delta

    verdict = coding("layer_backward").check(broken)
    line = line_of(broken, "return W @ delta")
    assert verdict.status == "incorrect" and verdict.notes == ("exception",
                                                               "exception:ValueError")
    first, source, second, third = verdict.message.split("\n")
    assert first == (f"broken raised ValueError in hidden case m = 3, n = 4, at line {line} (in "
                     f"broken):")
    assert source == "    return W @ delta, np.outer(delta, x), delta"  # indented, as Python does
    assert second.startswith("ValueError: matmul: Input operand 1 has a mismatch")
    assert third.startswith("That is a shape mismatch") and "dx must be (n,), like x" in third
    assert "W.T @ delta" not in third
    assert "Traceback" not in verdict.message and "File " not in verdict.message


def test_the_deepest_line_of_the_students_own_code_is_named():
    def helper(v):
        return 1 / v.size * {}[v.size]  # a KeyError, two calls deep

    def calls_helper(x, W, b, g):
        return helper(x)

    verdict = coding("layer_backward").check(calls_helper)
    assert f"at line {line_of(helper, 'return 1 / v.size')} (in helper)" in verdict.message
    assert "KeyError: 4" in verdict.message


def test_calling_with_the_wrong_parameters_says_how_it_is_called():
    def three(x, W, b):
        return x, W, b

    verdict = coding("layer_backward").check(three)
    assert "TypeError" in verdict.message
    assert "It is called as layer_backward(x, W, b, g)" in verdict.message
    lam = coding("layer_backward").check(lambda x, W, b, g: 1 / 0)
    assert lam.message.startswith("layer_backward raised ZeroDivisionError in hidden case")


def test_an_endless_loop_is_stopped_and_the_alarm_put_back():
    def forever(x, W, b, g):
        while True:
            pass

    def stubborn(x, W, b, g):
        while True:  # swallowing every Exception cannot stop the limit
            with contextlib.suppress(Exception):
                pass

    def swallows_once(x, W, b, g):
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001 - the alarm comes again
            pass
        while True:
            pass

    handler = signal.getsignal(signal.SIGALRM)
    for fn in (forever, stubborn, swallows_once):
        verdict = coding("layer_backward").check(fn, time_limit=LIMIT)
        assert verdict.status == "incorrect" and verdict.notes == ("timeout",)
        assert (f"{fn.__name__} was still running after 0.5 s and was stopped in hidden case "
                f"m = 3, n = 4, at line") in verdict.message
        assert "endless loop" in verdict.message
        assert signal.getsignal(signal.SIGALRM) is handler
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert f"at line {line_of(forever, 'while True')} (in forever)" in coding(
        "layer_backward").check(forever, time_limit=LIMIT).message


def test_the_time_limit_re_arms_an_outer_timer():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 100.0)
        with runner.time_limit(5.0) as armed:
            assert armed
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90.0 < left <= 100.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_outside_the_main_thread_there_is_no_limit_but_the_check_works():
    found = {}

    def work():
        with runner.time_limit(1.0) as armed:
            found["armed"] = armed
        found["verdict"] = coding("layer_backward").check(layer_backward, record=False)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert found["armed"] is False and found["verdict"].correct


def test_anything_that_is_not_a_function_is_invalid():
    verdict = coding("layer_backward").check(layer_backward(*coding("layer_backward")
                                                            .hidden[0][0].args))
    assert verdict.status == "invalid" and verdict.notes == ("not-callable",)
    assert "check(layer_backward), with no brackets" in verdict.message


def test_a_broken_exercise_gives_an_invalid_verdict_never_a_traceback():
    def reference(x):
        raise RuntimeError("author bug")

    ex = CodeExercise(name="broken", id="test-broken", title="t", task="t", arguments=("x",),
                      parameters=(), example="", outputs=(Output("y", "x's shape"),),
                      draw=lambda rng: (Case((np.ones(2),), "one"),), reference=reference)
    verdict = ex.check(lambda x: x)
    assert verdict.status == "invalid" and verdict.notes == ("internal-error",)
    assert "not in your code" in verdict.message


# --- softmax cross-entropy ------------------------------------------------------------------

def test_softmax_overflow_asks_to_subtract_the_maximum():
    def naive(z, y):
        p = np.exp(z) / np.sum(np.exp(z))
        return p - y

    verdict = coding("softmax_cross_entropy_grad").check(naive)
    assert verdict.notes == ("dz:nonfinite",)
    assert "in case 4 (k = 5, z with entries near 1000)" in verdict.message
    assert "It is right in the other cases." in verdict.message
    assert "subtract the largest score before exponentiating" in verdict.message


def test_softmax_sign_and_forgotten_softmax():
    ex = coding("softmax_cross_entropy_grad")
    flipped = ex.check(lambda z, y: -softmax_cross_entropy_grad(z, y))
    assert flipped.notes == ("dz:sign",) and "that entry of ∂L/∂z is positive" in flipped.message
    assert "p − y" not in flipped.message
    raw = ex.check(lambda z, y: z - y)
    assert raw.notes == ("dz:mistake:no-softmax",)
    assert "the scores z stand where the probabilities p = softmax(z) belong" in raw.message


def test_softmax_of_one_hot_targets_only_fails_the_probability_case():
    def one_hot_only(z, y):
        p = np.exp(z - np.max(z))
        p /= p.sum()
        p[np.argmax(y)] -= 1.0
        return p

    verdict = coding("softmax_cross_entropy_grad").check(one_hot_only)
    assert verdict.notes == ("dz:cases",)
    assert "wrong in 1 of 4 hidden cases" in verdict.message
    assert "case 2 (k = 3, y a probability vector)" in verdict.message


# --- the VJP of a new primitive -----------------------------------------------------------------

def rules_snapshot() -> dict:
    return dict(ad.RULES)


def test_the_vjp_check_runs_check_grads_and_leaves_the_table_as_it_was():
    before = rules_snapshot()
    ex = coding("vjp_rule")
    verdict = ex.check(logaddexp_vjp)
    assert verdict.correct and "ad.check_grads agrees too" in verdict.message
    assert rules_snapshot() == before and "logaddexp" not in ad.RULES

    def wrong_y(g, out, x, y):
        return g * np.exp(x - out), -g * np.exp(y - out)

    verdict = ex.check(wrong_y)
    assert verdict.notes == ("gy:sign", "check_grads")
    assert "the VJP for y disagrees with central differences by up to" in verdict.message
    assert "the VJP for x agrees" in verdict.message
    assert rules_snapshot() == before

    def raises(g, out, x, y):
        raise ArithmeticError("nope")

    assert "ArithmeticError: nope" in ex.check(raises).message
    assert rules_snapshot() == before
    assert ex.check(lambda g, out, x, y: (g, g), time_limit=LIMIT).status == "incorrect"
    assert rules_snapshot() == before


def test_a_rule_that_raises_inside_check_grads_is_still_unregistered(monkeypatch):
    """A VJP that fails only when the engine calls it (during verify)."""
    calls = {"n": 0}

    def fails_later(g, out, x, y):
        calls["n"] += 1
        if calls["n"] > len(coding("vjp_rule").hidden):
            raise FloatingPointError("late")
        return logaddexp_vjp(g, out, x, y)

    before = rules_snapshot()
    verdict = coding("vjp_rule").check(fails_later)
    assert verdict.notes == ("exception", "exception:FloatingPointError")
    assert f"at line {line_of(fails_later, 'raise FloatingPointError')}" in verdict.message
    assert rules_snapshot() == before


def test_a_rule_registered_before_is_put_back():
    existing = ad.Rule("logaddexp", np.logaddexp, jvp=(None, None), vjp=(None, None),
                       latex=("", ""))
    ad.register(existing)
    try:
        assert coding("vjp_rule").check(logaddexp_vjp).correct
        assert ad.RULES["logaddexp"] is existing
    finally:
        ad.unregister("logaddexp")


def test_temporarily_registered_undoes_itself_on_error():
    rule = ad.Rule("cube", lambda x: x**3, jvp=(lambda t, out, x: 3 * x**2 * t,),
                   vjp=(lambda g, out, x: 3 * x**2 * g,), latex=("3x^{2}",), arg_names=("x",))
    with pytest.raises(KeyError), temporarily_registered(rule) as cube:
        np.testing.assert_allclose(ad.grad(lambda x: ad.sum(cube(x)))(np.array([2.0])), [12.0])
        assert ad.RULES["cube"] is rule
        raise KeyError("boom")
    assert "cube" not in ad.RULES


def test_an_ad_rule_is_accepted_too():
    rule = ad.Rule("logaddexp", np.logaddexp, jvp=(None, None),
                   vjp=(lambda g, out, x, y: g * np.exp(x - out),
                        lambda g, out, x, y: g * np.exp(y - out)), latex=("", ""))
    assert coding("vjp_rule").check(rule).correct
    swapped = ad.Rule("logaddexp", np.logaddexp, jvp=(None, None), vjp=rule.vjp[::-1],
                      latex=("", ""))
    verdict = coding("vjp_rule").check(swapped)
    assert "In gx and gy, the two adjoints are swapped" in verdict.message
    one = ad.Rule("logaddexp", np.exp, jvp=(None,), vjp=(None,), latex=("",))
    assert coding("vjp_rule").check(one).notes == ("rule-arity",)


def test_an_overflowing_vjp_is_told_to_use_out():
    def naive(g, out, x, y):
        return g * np.exp(x) / (np.exp(x) + np.exp(y)), g * np.exp(y - out)

    verdict = coding("vjp_rule").check(naive)
    assert verdict.notes == ("gx:nonfinite",)
    assert "use out" in verdict.message and "near 800" in verdict.message


# --- two layers, and training -------------------------------------------------------------------

def test_two_layer_mistakes():
    ex = coding("two_layer_backward")

    def times(c):
        return lambda *args: tuple(c * v for v in two_layer_backward(*args))

    doubled = ex.check(times(2.0))
    assert set(doubled.notes) == {f"{o}:scale" for o in ("dW1", "db1", "dW2", "db2")}
    assert "½" in doubled.message and "2 times" in doubled.message
    assert set(ex.check(times(-1.0)).notes) == {f"{o}:sign"
                                                for o in ("dW1", "db1", "dW2", "db2")}

    def transposed(*args):
        dW1, db1, dW2, db2 = two_layer_backward(*args)
        return dW1, db1, dW2.T, db2

    verdict = ex.check(transposed)
    assert verdict.notes == ("dW2:transpose",)
    assert "(4, 2) where W2's shape (2, 4) is expected" in verdict.message


def test_training_with_right_gradients_lowers_the_loss_deterministically():
    ex = coding("two_layer_backward")
    losses = ex.train(two_layer_backward, steps=50)
    assert losses.shape == (51,)
    assert losses[-1] < 0.05 * losses[0]
    assert np.all(np.diff(losses) < 0)
    np.testing.assert_array_equal(losses, ex.train(two_layer_backward, steps=50))
    uphill = ex.train(lambda *a: tuple(-v for v in two_layer_backward(*a)), steps=5)
    assert uphill[-1] > 10 * uphill[0]


def test_training_with_failing_code_raises_one_sentence():
    ex = coding("two_layer_backward")

    def broken(x, t, W1, b1, W2, b2):
        return 1 / 0

    with pytest.raises(runner.CodeFailed, match=r"ZeroDivisionError: division by zero") as info:
        ex.train(broken, steps=3)
    assert f"at line {line_of(broken, 'return 1 / 0')}" in str(info.value)

    def forever(*args):
        while True:
            pass

    with pytest.raises(runner.CodeFailed, match="still running after 0.5 s"):
        ex.train(forever, steps=3, time_limit=LIMIT)

    def transposed(*args):
        dW1, db1, dW2, db2 = two_layer_backward(*args)
        return dW1.T, db1, dW2, db2

    with pytest.raises(runner.CodeFailed, match=r"dW1 has shape \(2, 8\) but W1 has shape"):
        ex.train(transposed, steps=3)
    with pytest.raises(TypeError, match="no training loop"):
        coding("layer_backward").train(layer_backward)


# --- progress, display ------------------------------------------------------------------------

def test_attempts_are_recorded_under_chapter_05(store, tmp_path):
    ex = coding("layer_backward")
    ex.check(lambda x, W, b, g: None)
    ex.check(layer_backward)
    ex.check(layer_backward, record=False)
    rows = store.attempts("05-code-layer-backward")
    assert [(r[1], r[4]) for r in rows] == [("05_autodiff", "incorrect"),
                                           ("05_autodiff", "correct")]
    assert rows[1][3].startswith("def layer_backward(x, W, b, g):")
    assert store.first_solved("05-code-layer-backward") is not None
    (summary,) = store.summary()
    assert (summary.chapter, summary.solved, summary.attempted, summary.attempts) == (
        "05_autodiff", 1, 1, 2)
    text = store.export_csv(tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text.count("05-code-layer-backward,05_autodiff") == 2


@pytest.mark.parametrize("name", list(CODE_EXERCISES))
def test_the_brief_shows_signature_shapes_example_and_how_to_check(name):
    ex = coding(name)
    brief = ex._repr_markdown_()
    assert brief.startswith(f"**Code exercise: {ex.title}**")
    assert f"```python\ndef {ex.call}:\n    ...\n    return " in brief
    assert "| name | shape | what it is |" in brief
    assert f'coding("{ex.name}").check({ex.function})` works anywhere' in brief
    assert f"`.check({ex.function})`" in brief and "No widget" in brief
    assert not re.search(r"\bex\.", brief.replace(ex.example, ""))  # a name chapters may not use
    assert f'Stuck? `coding("{ex.name}").solution()` shows a worked solution' in brief
    assert ex.example in brief
    # the example runs with a right function (author code, not student text)
    namespace = {"np": np, ex.function: RIGHT[name]}
    exec(ex.example, namespace)  # noqa: S102


def test_the_verdict_prints_as_its_message():
    from IPython.lib.pretty import pretty

    verdict = coding("layer_backward").check(layer_backward, record=False)
    assert pretty(verdict) == verdict.message


# --- the diagnosis table ------------------------------------------------------------------------

def test_the_table_order():
    assert [d.__name__ for d in diagnose.DIAGNOSES] == [
        "transposed", "wrong_shape", "all_zeros", "authored", "not_finite", "sign", "scaled",
        "failed_cases"]


@pytest.mark.parametrize("c, text", [(2.0, "2"), (0.5, "1/2"), (-1.5, "-3/2"),
                                     (np.pi, "3.142"), (1 / 3, "1/3")])
def test_factor_text(c, text):
    assert diagnose.factor_text(c) == text


@settings(deadline=None, max_examples=25)
@given(st.floats(-20, 20).filter(lambda c: min(abs(c), abs(c - 1), abs(c + 1)) > 1e-3))
def test_any_constant_factor_is_found(c):
    def scaled(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return dx, c * dW, db

    verdict = coding("layer_backward").check(scaled, record=False)
    assert verdict.notes == ("dW:scale",)
    assert f"dW is {diagnose.factor_text(c)} times the right values" in verdict.message


def test_an_untouched_stub_from_a_chapter_is_not_recorded(tmp_path, monkeypatch):
    from vcbook.exercises import progress
    from vcbook.exercises.coding import model

    store = progress.ProgressStore(tmp_path / "p.sqlite3")
    monkeypatch.setattr(progress, "store", lambda: store)
    import importlib.util

    stub = tmp_path / "stub_cell.py"  # a chapter's stub, as the student first runs it
    stub.write_text("import numpy as np\n"
                    "def layer_backward(x, W, b, g):\n"
                    "    dx = np.zeros_like(x)   # your code here\n"
                    "    dW = np.zeros_like(W)   # your code here\n"
                    "    db = np.zeros_like(b)   # your code here\n"
                    "    return dx, dW, db\n")
    spec = importlib.util.spec_from_file_location("stub_cell", stub)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert model.STUB_MARK == "# your code here"
    verdict = coding("layer_backward").check(module.layer_backward)
    assert verdict.status == "incorrect"
    assert store.attempts("05-code-layer-backward") == []
    coding("layer_backward").check(lambda x, W, b, g: None)  # a real attempt is recorded
    assert len(store.attempts("05-code-layer-backward")) == 1
