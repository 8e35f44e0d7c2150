"""Numeric evaluation of SymPy trees in high precision, with our own small tree walker.

``compile_expr(expr, dps)`` turns a SymPy expression (one the builder made, or an author's
object) into a closure ``env -> mpf`` over an mpmath context of ``dps`` digits. Symbols are
looked up *by canonical name*, so an author's ``sympy.symbols('x')`` and the checker's
``Symbol('x', real=True)`` evaluate alike. Values are real: a complex result, a division by zero,
a logarithm of a non-positive number raise ``Undefined``; astronomically large intermediate
values raise ``Overflow`` before mpmath spends time on them, and so does a final value beyond
``MAX_VALUE``. No text is ever evaluated here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import sympy
from mpmath.ctx_mp import MPContext

from vcbook.answers.spec import canonical_name

MAX_EXP_ARGUMENT = 10**6  # exp, sinh, cosh of more than this: Overflow
MAX_TRIG_ARGUMENT = 10**400  # sin, cos, tan of more than this: Overflow
# A value beyond this is Overflow: far beyond any answer in the book, and the diagnostics can
# still take ratios and differences of values up to it as floats (1.8e308 at most).
MAX_VALUE = 10**100


class Undefined(ArithmeticError):
    """The expression has no real value at this point."""


class Overflow(ArithmeticError):
    """The value is too large to compute meaningfully."""


@functools.lru_cache(maxsize=8)
def context(dps: int) -> MPContext:
    """A private mpmath context (the global ``mpmath.mp`` is never touched)."""
    ctx = MPContext()
    ctx.dps = dps
    return ctx


def _real(ctx, value):
    """``value`` as a finite real mpf, or raise Undefined."""
    if isinstance(value, ctx.mpc):
        if value.imag != 0:
            raise Undefined
        value = value.real
    if not ctx.isfinite(value):
        raise Undefined
    return value


def _nonzero(value):
    if value == 0:
        raise Undefined
    return value


def _exp_argument(value):
    if abs(value) > MAX_EXP_ARGUMENT:
        raise Overflow
    return value


def _trig_argument(value):
    if abs(value) > MAX_TRIG_ARGUMENT:
        raise Overflow
    return value


def _in_range(low, high):
    def check(value):
        if not low <= value <= high:
            raise Undefined
        return value
    return check


def _positive(value):
    if value <= 0:
        raise Undefined
    return value


def _atan2(ctx, y, x):
    if x == 0 and y == 0:
        raise Undefined
    return ctx.atan2(y, x)


def _open_unit(value):
    if not -1 < value < 1:
        raise Undefined
    return value


_unit = _in_range(-1, 1)

# SymPy function class name -> evaluator(ctx, *argument values). Add a line for a new function.
FUNCTION_EVALUATORS: dict[str, Callable] = {
    "sin": lambda ctx, a: ctx.sin(_trig_argument(a)),
    "cos": lambda ctx, a: ctx.cos(_trig_argument(a)),
    "tan": lambda ctx, a: ctx.tan(_trig_argument(a)),
    "sec": lambda ctx, a: 1 / _nonzero(ctx.cos(_trig_argument(a))),
    "csc": lambda ctx, a: 1 / _nonzero(ctx.sin(_trig_argument(a))),
    "cot": lambda ctx, a: ctx.cos(a) / _nonzero(ctx.sin(_trig_argument(a))),
    "asin": lambda ctx, a: ctx.asin(_unit(a)),
    "acos": lambda ctx, a: ctx.acos(_unit(a)),
    "atan": lambda ctx, a: ctx.atan(a),
    "atan2": _atan2,
    "acot": lambda ctx, a: ctx.acot(a),
    "sinh": lambda ctx, a: ctx.sinh(_exp_argument(a)),
    "cosh": lambda ctx, a: ctx.cosh(_exp_argument(a)),
    "tanh": lambda ctx, a: ctx.tanh(a),
    "csch": lambda ctx, a: 1 / _nonzero(ctx.sinh(_exp_argument(a))),
    "asinh": lambda ctx, a: ctx.asinh(a),
    "acosh": lambda ctx, a: ctx.acosh(_in_range(1, float("inf"))(a)),
    "atanh": lambda ctx, a: ctx.atanh(_open_unit(a)),
    "exp": lambda ctx, a: ctx.exp(_exp_argument(a)),
    "log": lambda ctx, a: ctx.log(_positive(a)),
    "Abs": lambda ctx, a: abs(a),
    "sign": lambda ctx, a: ctx.sign(a),
    "Max": lambda ctx, *a: max(a),
    "Min": lambda ctx, *a: min(a),
}
# SymPy classes evaluated by FUNCTION_EVALUATORS (Max and Min are not sympy.Function).
_EVALUATED_CLASSES = (sympy.Function, sympy.Max, sympy.Min)


def _constant(expr: sympy.Expr, ctx):
    if expr is sympy.pi:
        return +ctx.pi
    if expr is sympy.E:
        return +ctx.e
    if expr.is_Rational:
        return ctx.mpf(int(expr.p)) / int(expr.q)
    return _real(ctx, ctx.convert(expr.evalf(ctx.dps + 5)._to_mpmath(ctx.prec + 20)))


def _power(expr: sympy.Pow, ctx, walk):
    base = walk(expr.base)
    exponent = expr.exp
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda env: base(env) ** n
        return lambda env: _nonzero(base(env)) ** n
    if exponent == sympy.S.Half:
        def root(env):
            value = base(env)
            if value < 0:
                raise Undefined
            return ctx.sqrt(value)
        return root
    power = walk(exponent)

    def general(env):
        b, e = base(env), power(env)
        if b > 0:
            return ctx.exp(_exp_argument(e * ctx.log(b)))
        if b == 0 and e > 0:
            return ctx.zero
        raise Undefined  # 0^(e<=0), or a negative base: complex on the principal branch
    return general


def _fallback(expr: sympy.Expr, ctx):
    """Anything else an author may write (Max, Piecewise, ...): SymPy's evalf, by name."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    names = [canonical_name(s.name) for s in symbols]

    def evaluate(env):
        subs = {s: sympy.Float(env[n], ctx.dps) for s, n in zip(symbols, names, strict=True)}
        value = expr.evalf(ctx.dps, subs=subs)
        if not value.is_number or value.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo):
            raise Undefined
        return _real(ctx, ctx.convert(value._to_mpmath(ctx.prec)))
    return evaluate


def _compile(expr: sympy.Expr, ctx) -> Callable:
    walk = functools.partial(_compile, ctx=ctx)
    if expr.is_Symbol:
        name = canonical_name(expr.name)
        return lambda env: env[name]
    if expr.is_number and not expr.free_symbols and (expr.is_Atom or expr.is_NumberSymbol):
        value = _constant(expr, ctx)
        return lambda env: value
    if expr.is_Add or expr.is_Mul:
        first, *rest = [walk(a) for a in expr.args]
        if expr.is_Add:
            def add(env):
                total = first(env)
                for term in rest:
                    total += term(env)
                return total
            return add

        def mul(env):
            total = first(env)
            for factor in rest:
                total *= factor(env)
            return total
        return mul
    if expr.is_Pow:
        return _power(expr, ctx, walk)
    rule = FUNCTION_EVALUATORS.get(type(expr).__name__)
    if rule is not None and isinstance(expr, _EVALUATED_CLASSES):
        args = [walk(a) for a in expr.args]
        if len(args) == 1:
            (arg,) = args
            return lambda env: _real(ctx, rule(ctx, arg(env)))
        return lambda env: _real(ctx, rule(ctx, *(a(env) for a in args)))
    return _fallback(expr, ctx)


def compile_expr(expr: sympy.Expr, dps: int, cache: bool = True) -> Callable:
    """A closure ``env -> mpf`` (env: canonical name -> mpf at ``dps`` digits); see module doc.

    ``cache=True`` keeps the closure for later checks (for expected answers).
    """
    return _compile_cached(expr, dps) if cache else _compile_top(expr, dps)


def _compile_top(expr: sympy.Expr, dps: int) -> Callable:
    ctx = context(dps)
    inner = _compile(expr, ctx)
    largest = ctx.mpf(MAX_VALUE)

    def evaluate(env):
        try:
            value = _real(ctx, inner(env))
            if abs(value) > largest:
                raise Overflow
            return value
        except ZeroDivisionError:
            raise Undefined from None
        except (OverflowError, MemoryError, RecursionError):
            raise Overflow from None
    return evaluate


_compile_cached = functools.lru_cache(maxsize=1024)(_compile_top)
