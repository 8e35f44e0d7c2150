"""Stages 7 (vcbook.answers.evaluate) and 8 (vcbook.answers.compare): numeric equivalence."""

import mpmath
import pytest
import sympy

from vcbook.answers.compare import (
    CANDIDATE_POINTS,
    Sampler,
    Tolerance,
    compare,
    derive_seed,
    sample_points,
    symbolic_equal,
)
from vcbook.answers.evaluate import Overflow, Undefined, compile_expr, context
from vcbook.answers.reader import parse

x, y = sympy.symbols("x y", real=True)
plain_x = sympy.Symbol("x")  # an author's symbol without assumptions


def at(expr, value, dps=30):
    return compile_expr(expr, dps)({"x": context(dps).mpf(value)})


def test_evaluates_by_name_in_high_precision():
    assert at(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 0.3) == pytest.approx(1, abs=1e-28)
    assert at(sympy.exp(plain_x), 1) == +context(30).e  # matched by name, not identity
    third = at(x ** sympy.Rational(1, 3), 8)
    assert abs(third - 2) < mpmath.mpf(10) ** -28


@pytest.mark.parametrize(
    "expr",
    [1 / x, sympy.log(x), sympy.sqrt(x - 1), sympy.asin(x + 2), x ** sympy.Rational(1, 3),
     sympy.cot(x), sympy.atan2(x, x)],
)
def test_undefined_values_raise_undefined(expr):
    with pytest.raises(Undefined):
        at(expr, 0 if expr != x ** sympy.Rational(1, 3) else -1)


def test_astronomical_values_raise_overflow_without_computing_them():
    with pytest.raises(Overflow):
        at(sympy.exp(sympy.exp(sympy.exp(sympy.exp(x)))), 2)


def test_global_mpmath_precision_is_untouched():
    before = mpmath.mp.dps
    at(sympy.sin(x), 0.5, dps=90)
    assert mpmath.mp.dps == before


def test_fallback_for_functions_outside_the_language():
    assert at(sympy.Max(x, 1), 3) == 3


def test_sample_points_are_seeded_and_inside_the_domain():
    first = sample_points(((0.5, 1.0), (-3.0, -2.0)), derive_seed("exercise", 7))
    again = sample_points(((0.5, 1.0), (-3.0, -2.0)), derive_seed("exercise", 7))
    other = sample_points(((0.5, 1.0), (-3.0, -2.0)), derive_seed("exercise", 8))
    assert first == again and first != other and len(first) == CANDIDATE_POINTS
    assert all(0.5 <= a <= 1.0 and -3.0 <= b <= -2.0 for a, b in first)


def sampler(domains=((-2.0, 2.0),), names=("x",), seed=1):
    return Sampler(names, sample_points(domains, seed), Tolerance())


def test_equal_different_and_unknown():
    s = sampler()
    assert compare(parse("2sin(x)cos(x)", "x"), sympy.sin(2 * plain_x), s).status == "equal"
    assert compare(parse("sin(2x) + 1/1000", "x"), sympy.sin(2 * x), s).status == "different"
    # expected undefined on the whole domain: nothing to compare
    assert compare(x, sympy.sqrt(x - 5), s).status == "unknown"


def test_points_where_the_expected_answer_is_undefined_are_skipped():
    s = sampler()
    comparison = compare(parse("log(abs(x))", "x"), sympy.log(x), s)
    assert comparison.status == "equal"
    assert all(s.points[i][0] > 0 for i, _, _, _ in comparison.matches[0].pairs)


def test_candidate_undefined_where_the_reference_is_defined_is_different():
    comparison = compare(sympy.log(x), sympy.log(sympy.Abs(x)), sampler())
    assert comparison.status == "different"
    assert "undefined" in [cand for _, _, cand, _ in comparison.matches[0].pairs]


def test_a_mismatch_is_rechecked_in_higher_precision():
    cancelling = parse("(x + 10^30)^2 - 10^60 - 2*10^30*x", "x")
    comparison = compare(cancelling, x**2, sampler())
    assert comparison.status == "equal" and comparison.rechecked


def test_matrix_mask():
    m = compare(sympy.Matrix([[x, 1], [y, 0]]), sympy.Matrix([[x, 1], [y, 1]]),
                sampler(((-2.0, 2.0),) * 2, ("x", "y")))
    assert m.status == "different" and m.mask == ((True, True), (True, False))


def test_tolerance_is_relative_and_absolute():
    tol = Tolerance(rtol=1e-10, atol=1e-12)
    assert tol.close(1e6, 1e6 + 1e-5) and not tol.close(1e6, 1e6 + 1e-3)
    assert tol.close(0, 1e-13) and not tol.close(0, 1e-11)


def test_symbolic_fallback_is_bounded():
    assert symbolic_equal((x + 1) ** 2, x**2 + 2 * x + 1) is True
    assert symbolic_equal(x, x + 1) is None  # cannot prove a difference either
    assert symbolic_equal((x + 1) ** 50, sympy.expand((x + 1) ** 50)) is None  # never expanded
