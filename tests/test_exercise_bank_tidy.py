"""``bank.tidy``: the quick simplification that replaced ``sympy.simplify`` in the bank."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vcbook.exercises.bank.tidy import double_angle, expand, tidy

t, s = sp.symbols("t s", real=True)
r = sp.Symbol("r", positive=True)
th = sp.Symbol("theta", real=True)


def same_values(a, b, symbols) -> bool:
    for k in range(4):
        point = {v: sp.Rational(2 + 3 * k + i, 5) for i, v in enumerate(symbols)}
        if abs(complex((a - b).evalf(30, subs=point))) > 1e-20:
            return False
    return True


def test_double_angle_forms():
    assert tidy(3 * sp.cos(t)**2 - 3 * sp.sin(t)**2 - 8 * sp.exp(-4 * t)) == \
        3 * sp.cos(2 * t) - 8 * sp.exp(-4 * t)
    substituted = (r * (-2 * r * sp.sin(th) - r * sp.cos(th)) * sp.cos(th)
                   - r * (-r * sp.sin(th) + 2 * r * sp.cos(th)) * sp.sin(th))
    assert tidy(substituted) == -r**2 * (2 * sp.sin(2 * th) + sp.cos(2 * th))
    assert double_angle(expand(2 * sp.sin(t) * sp.cos(t) + sp.sin(s)**2)) == \
        sp.sin(2 * t) - sp.cos(2 * s) / 2 + sp.Rational(1, 2)


def test_common_factors_are_pulled_out():
    substituted = -2 * t * sp.exp(s - t) + (-s + t**2) * sp.exp(s - t)
    assert tidy(substituted) == (-s + t**2 - 2 * t) * sp.exp(s - t)


def test_what_is_already_simple_stays():
    for expr in (t, sp.sin(t), 2 * t * sp.cos(t**2), sp.exp(s - t) * s):
        assert tidy(expr) == expr


def test_never_longer_even_when_expanding_would_shorten_the_tree():
    """Expanded, this is shorter as a string but has more operations: tidy keeps a form that
    is no longer by either measure."""
    expr = (-8 * s * (s**2 - t) * sp.exp(s - t) + (3 - 2 * (s**2 - t)**2) * sp.exp(s - t))
    out = tidy(expr)
    assert sp.count_ops(out) <= sp.count_ops(expr) and len(str(out)) <= len(str(expr))
    assert same_values(out, expr, (s, t))


_ATOMS = st.sampled_from([t, s, sp.sin(t), sp.cos(t), sp.sin(s * t), sp.cos(s * t),
                          sp.exp(s - t), sp.log(t**2 + 1), sp.Integer(2), sp.Integer(-3)])


@st.composite
def expressions(draw, depth=3):
    if depth == 0 or draw(st.booleans()):
        return draw(_ATOMS)
    a, b = draw(expressions(depth=depth - 1)), draw(expressions(depth=depth - 1))
    return draw(st.sampled_from([a + b, a * b, a - b, a * (a + b)]))


@settings(max_examples=60, deadline=None)
@given(expressions())
def test_tidy_keeps_the_value_and_never_grows(expr):
    out = tidy(expr)
    assert same_values(out, expr, (s, t))
    assert sp.count_ops(out) <= sp.count_ops(expr)
    assert len(str(out)) <= len(str(expr))


def test_function_arguments_keep_their_form():
    u = (t**2 - s) * (s + 2 * t)
    out = tidy(-2 * t * (s + 2 * t) * sp.cos(u) - 2 * (t**2 - s) * sp.cos(u))
    assert out.atoms(sp.cos) == {sp.cos(u)}
    assert same_values(out, -2 * t * (s + 2 * t) * sp.cos(u) - 2 * (t**2 - s) * sp.cos(u),
                       (s, t))
