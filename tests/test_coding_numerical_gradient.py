"""The code exercise numerical_gradient: central differences in several styles and steps pass,
and each classic mistake gets its own message (a one-sided difference told by where f was
evaluated, h for 2h, a flat result, x changed in place, f called with a flattened x, a matrix
perturbed a row at a time), with the shared diagnoses (sign, zeros, the time limit)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_coding import line_of  # the file line of the first line of fn containing text

from vcbook.exercises import coding, progress
from vcbook.exercises.coding import diagnose, numerical
from vcbook.exercises.coding.numerical import HiddenFunction, gradient_reference

LIMIT = 0.5  # seconds: the endless loop below stops quickly
EX = coding("numerical_gradient")


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    """A fresh progress store per test (never the shared one)."""
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh




# --- right answers, in several styles ------------------------------------------------------------

def with_ndindex(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = f(x)
        x[idx] = old - h
        down = f(x)
        x[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def with_nditer(f, x):
    h = 1e-5
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        idx = it.multi_index
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
        it.iternext()
    return grad


def with_flat_index(f, x):
    h = 1e-5
    flat = x.ravel().copy()
    grad = np.zeros(flat.size)
    for k in range(flat.size):
        e = np.zeros(flat.size)
        e[k] = h
        grad[k] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * h)
    return grad.reshape(x.shape)


def add_and_subtract(f, x):
    h = 1e-5
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        up = f(x)
        x[idx] -= 2 * h
        down = f(x)
        x[idx] += h  # back, up to a rounding error
        grad[idx] = (up - down) / (2 * h)
    return grad


def step_1e4(f, x):
    return with_ndindex(f, x, 1e-4)


def step_1e6(f, x):
    return with_ndindex(f, x, 1e-6)


@pytest.mark.parametrize("fn", [with_ndindex, with_nditer, with_flat_index, add_and_subtract,
                                step_1e4, step_1e6], ids=lambda fn: fn.__name__)
def test_central_differences_in_any_style_are_correct(fn, store):
    verdict = EX.check(fn)
    assert verdict.status == "correct", verdict.message
    assert verdict.notes == ("correct",) and verdict.mask == ((True,),)
    assert verdict.message == (f"Correct: {fn.__name__} agrees with the reference in all 5 "
                               f"hidden cases (grad). It evaluates f on both sides of x, one "
                               f"entry at a time, and leaves x as it was.")
    assert [r[4] for r in store.attempts("05-code-numerical-gradient")] == ["correct"]


@settings(deadline=None, max_examples=15)
@given(st.floats(-6.0, -3.0))
def test_every_step_from_1e_6_to_1e_3_passes(exponent):
    h = 10.0 ** exponent
    verdict = EX.check(lambda f, x: with_ndindex(f, x, h), record=False)
    assert verdict.correct, (h, verdict.message)


def test_the_hidden_cases_cover_shapes_and_a_steep_valley():
    labels = [case.label for case, _ in EX.hidden]
    assert labels == ["x of shape (3,)", "x of shape (2, 3), a matrix", "x of shape (2, 2, 2)",
                      "x of shape (1,)", "x of shape (4,) in a steep valley"]
    for case, (want,) in EX.hidden:
        f, x = case.args
        assert x.dtype == float and want.shape == x.shape == f.shape
    assert EX.id == "05-code-numerical-gradient" and EX.chapter == "05_autodiff"
    assert EX.rtol == numerical.RTOL == 1e-5
    assert EX.seed == coding("numerical_gradient").seed


def test_the_reference_is_exact_and_never_evaluates_f():
    for case, (want,) in EX.hidden:
        f, x = case.args
        blind = HiddenFunction(f.shape, lambda x: 1 / 0, f.gradient)  # f's values unusable
        (exact,) = gradient_reference(blind, x)
        np.testing.assert_array_equal(exact, want)
        np.testing.assert_allclose(want, with_ndindex(f, x.copy(), 1e-5), rtol=0, atol=1e-9)
    f, x = EX.hidden[4][0].args  # the valley is a quadratic: central differences are exact
    np.testing.assert_allclose(with_ndindex(f, x.copy(), 1e-3), EX.hidden[4][1][0], atol=1e-10)


def test_the_hidden_f_refuses_another_shape_and_records_only_when_watched():
    f, hidden_x = EX.hidden[1][0].args
    x = hidden_x.copy()
    with pytest.raises(ValueError, match=r"shape \(6,\), but it takes arrays of x's shape "
                                         r"\(2, 3\)"):
        f(x.ravel())
    assert repr(f) == "<hidden f: an array of shape (2, 3) -> float>"
    assert isinstance(f(x), float) and f.points is None
    watched = f.watched()
    watched(x)
    x[0, 0] += 1.0  # a copy was kept, not the array itself
    assert len(watched.points) == 1 and watched.points[0][0, 0] == x[0, 0] - 1.0
    assert f.points is None


# --- one-sided differences, told by where f was evaluated -----------------------------------------

def forward(f, x, h=1e-5):
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        xp = x.copy()
        xp[idx] += h
        grad[idx] = (f(xp) - fx) / h
    return grad


def backward(f, x):
    h = 1e-5
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        xm = x.copy()
        xm[idx] -= h
        grad[idx] = (fx - f(xm)) / h
    return grad


def test_a_forward_difference_is_named_with_why_central_is_better():
    verdict = EX.check(forward)
    assert verdict.status == "incorrect"
    assert verdict.notes == ("one-sided",)  # the generic "wrong in 1 of 5 cases" is replaced
    assert verdict.mask == ((False,),)  # inaccurate in the valley too
    assert "wrong in" not in verdict.message
    assert ("f was evaluated at x and x + h eᵢ but never at x − h eᵢ: that is a forward "
            "difference, (f(x + h eᵢ) − f(x))/h.") in verdict.message
    assert "off by about (h/2) ∂ᵢ²f" in verdict.message
    assert "off by about (h²/6) ∂ᵢ³f: O(h²)" in verdict.message
    assert ("In case 5 (x of shape (4,) in a steep valley), your values are off by up to "
            "7.7e-04; central differences with your step h = 1.0e-05 are off by") in \
        verdict.message


def test_a_forward_difference_accurate_enough_is_still_told_by_its_points():
    """With h = 1e-8 its values pass the tolerance in every case: the points give it away."""
    verdict = EX.check(lambda f, x: forward(f, x, 1e-8))
    assert verdict.mask == ((True,),) and verdict.status == "incorrect"
    assert verdict.notes == ("one-sided",)
    assert "that is a forward difference" in verdict.message
    assert "your step h = 1.0e-08" in verdict.message


def test_a_backward_difference_is_named_too():
    verdict = EX.check(backward)
    assert verdict.notes == ("one-sided",)
    assert ("f was evaluated at x and x − h eᵢ but never at x + h eᵢ: that is a backward "
            "difference, (f(x) − f(x − h eᵢ))/h.") in verdict.message


def test_perturbations_are_read_entry_by_entry():
    x = np.array([1.0, -2.0, 0.5])
    e = np.eye(3) * 1e-5
    sides, steps = numerical.perturbations([x, x + e[0], x - e[0], x + e[2]], x)
    assert sides == {0: {1, -1}, 2: {1}}
    np.testing.assert_allclose(steps, [1e-5] * 3)
    assert numerical.perturbations([x + e[0] + e[1]], x) is None
    assert numerical.perturbations([x + 1e-16], x) == ({}, [])  # rounding is no step


# --- h for 2h, shapes, x changed, f given a flat x, a row at a time --------------------------

def test_dividing_by_h_instead_of_2h_has_its_own_message():
    def over_h(f, x):
        return 2 * with_ndindex(f, x)

    verdict = EX.check(over_h)
    assert verdict.notes == ("grad:mistake:over-h",)
    assert ("In grad, every entry is twice the right value: the points x − h eᵢ and x + h eᵢ "
            "are 2h apart, so f(x + h eᵢ) − f(x − h eᵢ) is divided by 2h, not by h.") in \
        verdict.message
    quarter = EX.check(lambda f, x: with_ndindex(f, x) / 2)
    assert quarter.notes == ("grad:scale",)
    assert "grad is 1/2 times the right values" in quarter.message
    assert "divide the difference of f's values by 2h" in quarter.message


def test_a_flat_gradient_for_a_matrix_names_both_shapes_and_the_fix():
    def flat(f, x):
        return with_ndindex(f, x).ravel()

    verdict = EX.check(flat)
    assert verdict.notes == ("grad:shape",)
    assert ("grad has the wrong shape: (6,) where x's shape (2, 3) is expected in case 2 "
            "(x of shape (2, 3), a matrix).") in verdict.message
    assert "np.zeros_like(x)" in verdict.message and ".reshape(x.shape)" in verdict.message


def test_changing_x_in_place_is_named_even_when_the_values_are_right():
    def never_restores(f, x):
        h = 1e-5
        grad = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            x[idx] += h
            up = f(x)
            x[idx] -= 2 * h
            grad[idx] = (up - f(x)) / (2 * h)
        return grad

    verdict = EX.check(never_restores)
    assert verdict.notes == ("changed-x",)
    assert ("Your function changed x in place and left it changed: after the call, x differs "
            "from the array that was passed, by up to 1.0e-05 in case 1 (x of shape (3,)).") in \
        verdict.message
    assert "x = x.copy()" not in verdict.message and "xp = x.copy()" in verdict.message

    def right_then_scribbles(f, x):
        grad = with_ndindex(f, x)
        x *= 0.5
        return grad

    verdict = EX.check(right_then_scribbles)
    assert verdict.mask == ((True,),) and verdict.notes == ("changed-x",)
    assert "by up to" in verdict.message


def test_calling_f_with_a_flattened_x_says_so_at_the_students_line():
    def ravelled(f, x):
        h = 1e-5
        xf = x.ravel().copy()
        grad = np.zeros_like(xf)
        for i in range(xf.size):
            e = np.zeros_like(xf)
            e[i] = h
            grad[i] = (f(xf + e) - f(xf - e)) / (2 * h)
        return grad.reshape(x.shape)

    verdict = EX.check(ravelled)
    assert verdict.notes == ("exception", "exception:ValueError")
    first, source, second, third = verdict.message.split("\n")
    line = line_of(ravelled, "grad[i] = (f(xf + e)")
    assert first == (f"ravelled raised ValueError in hidden case x of shape (2, 3), a matrix, at "
                     f"line {line} (in ravelled):")
    assert source == "    grad[i] = (f(xf + e) - f(xf - e)) / (2 * h)"
    assert second == ("ValueError: f was called with an array of shape (6,), but it takes "
                      "arrays of x's shape (2, 3)")
    assert third.startswith("That is a shape mismatch") and ".reshape(x.shape)" in third


def test_perturbing_a_whole_row_of_a_matrix_is_named():
    def by_rows(f, x):
        h = 1e-5
        grad = np.zeros_like(x)
        for i in range(len(x)):
            xp, xm = x.copy(), x.copy()
            xp[i] += h
            xm[i] -= h
            grad[i] = (f(xp) - f(xm)) / (2 * h)
        return grad

    verdict = EX.check(by_rows)
    assert verdict.notes == ("several-entries",)
    assert ("f was evaluated at a point where several entries differ from x at once, in case "
            "2 (x of shape (2, 3), a matrix).") in verdict.message
    assert "on a matrix, `x[i]` is a whole row" in verdict.message


# --- the shared diagnoses --------------------------------------------------------------------

def test_sign_and_the_untouched_stub():
    flipped = EX.check(lambda f, x: -with_ndindex(f, x))
    assert flipped.notes == ("grad:sign",)
    assert "the value at x + h eᵢ minus the value at x − h eᵢ" in flipped.message
    assert "The other order estimates −∂f/∂xᵢ" in flipped.message
    zeros = EX.check(lambda f, x: np.zeros_like(x))
    assert zeros.notes == ("grad:zeros",) and "placeholder" in zeros.message


def test_an_iterator_that_never_advances_is_stopped_at_its_line():
    def stuck(f, x):
        h = 1e-5
        grad = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"])
        while not it.finished:  # it.iternext() forgotten
            idx = it.multi_index
            grad[idx] = (f(x) - f(x)) / (2 * h)
        return grad

    verdict = EX.check(stuck, time_limit=LIMIT)
    assert verdict.notes == ("timeout",)
    assert verdict.message.startswith("stuck was still running after 0.5 s and was stopped in "
                                      "hidden case x of shape (3,), at line")
    assert "endless loop" in verdict.message


def test_close_takes_the_exercises_tolerance():
    want, got = np.array([2.0, -1.0]), np.array([2.0 + 2e-5, -1.0])
    assert not diagnose.close(got, want)  # the default, for exact answers
    assert diagnose.close(got, want, numerical.RTOL)
    assert not diagnose.close(np.array([2.0 + 4e-5, -1.0]), want, numerical.RTOL)
