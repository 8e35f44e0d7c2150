"""Cheap, targeted simplification for the problem bank, in place of ``sympy.simplify``.

``sympy.simplify`` tries everything and takes 0.1–2 s on a chain-rule entry; a student clicking
"New problem" should not wait for it. ``tidy(expr)`` tries a few rewrites that cost
milliseconds and keeps the smallest (fewest tree nodes) that is no longer than ``expr``:

- the expression as it is;
- expanded (products and integer powers multiplied out; function arguments left alone);
- when sines and cosines of one argument multiply or are squared in a term (``2 sin θ cos θ``,
  ``cos²θ − sin²θ``), the double-angle forms (``sin 2θ``, ``cos 2θ``), then expanded so that
  like terms combine;
- the best of those with common factors pulled out (``factor_terms``).

It never returns anything longer than its input, by printed length and by ``count_ops``, so a
"simplified" step of a worked solution never grows.
"""

from __future__ import annotations

import sympy as sp

HALF = sp.Rational(1, 2)


def nodes(expr) -> int:
    """The number of nodes of the expression tree (a quick measure of size)."""
    return sum(1 for _ in sp.preorder_traversal(expr))


def _masked(rewrite, expr):
    """``rewrite(expr)`` with every function application (``sin(u)``, ``exp(u)``, ...) held as
    one opaque symbol: arguments keep their form, and the rewrite does not walk inside them."""
    masks = {call: sp.Dummy() for call in expr.atoms(sp.Function)}
    if not masks:
        return rewrite(expr)
    return rewrite(expr.xreplace(masks)).xreplace({d: call for call, d in masks.items()})


def expand(expr):
    """Products and integer powers multiplied out, outside function arguments only."""
    return _masked(lambda e: sp.expand(e, power_exp=False, power_base=False, log=False), expr)


def factor_terms(expr):
    """Common factors of the terms pulled out (``sympy.factor_terms``), outside function
    arguments only."""
    return _masked(sp.factor_terms, expr)


def _trig_powers(term) -> tuple[dict, list]:
    """{u: {sin: m, cos: n}} for the factors sin(u)^m, cos(u)^n (m, n = 1, 2) of a product
    ``term``, and its other factors."""
    powers, rest = {}, []
    for factor in sp.Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if isinstance(base, (sp.sin, sp.cos)) and exponent in (1, 2):
            powers.setdefault(base.args[0], {})[type(base)] = int(exponent)
        else:
            rest.append(factor)
    return powers, rest


def _double_angle_term(term):
    """sin u cos u -> sin(2u)/2, sin²u -> (1 - cos 2u)/2, cos²u -> (1 + cos 2u)/2 in a
    product; other powers stay."""
    powers, rest = _trig_powers(term)
    out = sp.Mul(*rest)
    for u, found in powers.items():
        m, n = found.get(sp.sin, 0), found.get(sp.cos, 0)
        if (m, n) == (1, 1):
            out *= HALF * sp.sin(2 * u)
        elif (m, n) in ((2, 0), (0, 2)):
            out *= HALF + (HALF if n else -HALF) * sp.cos(2 * u)
        else:
            out *= sp.sin(u)**m * sp.cos(u)**n
    return out


def double_angle(expanded):
    """The double-angle form of an expanded sum (see ``_double_angle_term``), expanded."""
    return expand(sp.Add(*[_double_angle_term(t) for t in sp.Add.make_args(expanded)]))


def _pairs_trig(expanded) -> bool:
    """True if a term has sin(u)·cos(u), sin(u)² or cos(u)² for some argument u."""
    return any(len(found) > 1 or max(found.values()) > 1
               for term in sp.Add.make_args(expanded)
               for found in _trig_powers(term)[0].values())


def _candidates(expr) -> list:
    expanded = expand(expr)
    found = [expr, expanded]
    if _pairs_trig(expanded):
        found.append(double_angle(expanded))
    return [*found, factor_terms(min(found[1:], key=nodes))]


def tidy(expr):
    """A shorter equal form of ``expr`` (or ``expr`` itself): see the module docstring."""
    expr = sp.sympify(expr)
    if expr.is_Atom:
        return expr
    length = ops = None
    for candidate in sorted(_candidates(expr), key=nodes):  # stable: expr wins ties
        if candidate is expr or candidate == expr:
            return expr
        length = length or len(str(expr))
        if len(str(candidate)) > length:
            continue
        ops = ops or sp.count_ops(expr)
        if sp.count_ops(candidate) <= ops:
            return candidate
    return expr
