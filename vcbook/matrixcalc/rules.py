"""THE table of differential rules: every rule the differential method uses lives here, once.

Each entry says how to build the differential of one kind of node from the node and the
differentials of its children (``None`` when a child is constant), its statement in LaTeX and
its source (*Mathematics for Machine Learning* ch. 5, the Matrix Cookbook 2012). Elementwise
functions are given by their derivative alone (``elementwise``): d f(U) = f′(U) ⊙ dU.
To add a rule, add one entry (see CONTRIBUTING.md); ``differential.py`` reads the table.

Keys: a binary operator (``+ - * ⊙ ⊘ /``), a postfix (``T -1 -T``), ``neg``, ``^`` (a power) or
a function name of ``answers.matrix.vocabulary.FUNCTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from vcbook.answers.matrix.evaluate import constant_value
from vcbook.answers.matrix.tree import Binary, Call, Negate, Node, Postfix, Power
from vcbook.matrixcalc import build as b
from vcbook.matrixcalc.context import Context, NotExpressible

MAX_MATRIX_POWER = 6


@dataclass(frozen=True)
class DifferentialRule:
    """One rule: ``build(node, ds, ctx)`` is d(node) from the children's differentials ``ds``."""

    key: str
    statement: str  # LaTeX
    build: Callable[[Node, tuple, Context], Node | None]
    source: str = ""


def inner(a: Node, c: Node, ctx: Context) -> Node:
    """⟨a, c⟩ = sum of aᵢⱼcᵢⱼ for two arrays of one shape: a c, aᵀc, a cᵀ or tr(aᵀc)."""
    shape = ctx.shape(a)
    if ctx.is_scalar(a):
        return b.times(a, c)
    if shape.cols == 1:
        return b.times(b.transpose(a), c)
    if shape.rows == 1:
        return b.times(a, b.transpose(c))
    return Call("tr", b.times(b.transpose(a), c))


def _product(node: Binary, ds, ctx):
    da, dc = ds
    return b.plus(b.times(da, node.right), b.times(node.left, dc))


def _hadamard(node: Binary, ds, ctx):
    da, dc = ds
    return b.plus(b.hadamard(da, node.right), b.hadamard(node.left, dc))


def _entrywise_quotient(node: Binary, ds, ctx):
    da, dc = ds
    u, v = node.left, node.right
    return b.minus(b.quotient(da, v), b.quotient(b.hadamard(u, dc), b.hadamard(v, v)))


def _division(node: Binary, ds, ctx):
    da, ds_ = ds
    u, s = node.left, node.right
    return b.minus(b.over(da, s), b.over(b.times(u, ds_), b.power(s, 2)))


def _inverse(node: Node, ds, ctx):
    (da,) = ds
    inv = b.inverse(node.arg)
    return b.negate(b.times(inv, da, inv))


def _inverse_transpose(node: Postfix, ds, ctx):
    return b.transpose(_inverse(node, ds, ctx))


def _exponent(node: Power) -> Fraction | None:
    value = constant_value(node.exponent)
    return None if value is None else Fraction(value).limit_denominator(10**6)


def _power(node: Power, ds, ctx):
    da, dk = ds
    base, k = node.base, _exponent(node)
    if ctx.is_scalar(base):
        if dk is None:
            if k is None:  # a constant but non-numeric exponent, such as a scalar c
                return b.times(node.exponent, Power(base, Binary("-", node.exponent, b.ONE)), da)
            return b.times(*([b.number(k)] + ([base] if k == 2 else [b.power(base, k - 1)])
                              + [da]))
        rate = b.plus(b.times(Call("log", base), dk), b.over(b.times(node.exponent, da), base))
        return b.times(node, rate)
    if k is None or k.denominator != 1 or not 0 < abs(k) <= MAX_MATRIX_POWER:
        raise NotExpressible(f"the differential of a matrix power is written out here only for "
                             f"whole powers up to {MAX_MATRIX_POWER}")
    factor, dfactor = (base, da) if k > 0 else (b.inverse(base), _inverse(Postfix("-1", base),
                                                                         (da,), ctx))
    n = abs(int(k))
    terms = [b.times(*([factor] * i + [dfactor] + [factor] * (n - 1 - i))) for i in range(n)]
    return b.total(terms)


def _norm(node: Call, ds, ctx):
    (da,) = ds
    return b.over(inner(node.arg, da, ctx) if da is not None else None, node)


def _det(node: Call, ds, ctx):
    (da,) = ds
    return b.times(node, Call("tr", b.times(b.inverse(node.arg), da))) if da is not None else None


def _logdet(node: Call, ds, ctx):
    (da,) = ds
    return b.call("tr", b.times(b.inverse(node.arg), da) if da is not None else None)


def _linear(function: str):
    def rule(node: Call, ds, ctx):
        return b.call(function, ds[0])
    return rule


def elementwise(key: str, derivative: Callable[[Node], Node], statement: str,
                source: str = "") -> DifferentialRule:
    """d f(U) = f′(U) ⊙ dU; ``derivative(U)`` builds f′(U) (a tree)."""
    def rule(node: Call, ds, ctx):
        return b.hadamard(derivative(node.arg), ds[0])
    return DifferentialRule(key, statement, rule, source)


def _reciprocal_rule(scale: Callable[[Node], Node]):
    """d f(U) = dU ⊘ g(U) (log: g = U; sqrt: g = 2 √U), written as a quotient, not 1 ⊘ g."""
    def rule(node: Call, ds, ctx):
        return b.quotient(ds[0], scale(node.arg))
    return rule


def _softmax(node: Call, ds, ctx):
    """d softmax(u) = p ⊙ du − p (pᵀ du), p = softmax(u): the Jacobian diag(p) − p pᵀ."""
    p = Call("softmax", node.arg)
    return b.minus(b.hadamard(p, ds[0]), b.times(p, b.times(b.transpose(p), ds[0])))


D = r"\mathrm{d}"
RULES: dict[str, DifferentialRule] = {rule.key: rule for rule in (
    DifferentialRule("+", rf"{D}(U + V) = {D}U + {D}V",
                     lambda node, ds, ctx: b.plus(*ds), "linearity; MML 5.46"),
    DifferentialRule("-", rf"{D}(U - V) = {D}U - {D}V",
                     lambda node, ds, ctx: b.minus(*ds), "linearity"),
    DifferentialRule("neg", rf"{D}(-U) = -{D}U", lambda node, ds, ctx: b.negate(ds[0]),
                     "linearity"),
    DifferentialRule("*", rf"{D}(UV) = {D}U\,V + U\,{D}V", _product,
                     "product rule; MML 5.4; Cookbook (37)"),
    DifferentialRule("⊙", rf"{D}(U \odot V) = {D}U \odot V + U \odot {D}V", _hadamard,
                     "product rule, entry by entry; Cookbook (38)"),
    DifferentialRule("⊘", rf"{D}(U \oslash V) = {D}U \oslash V - (U \odot {D}V) \oslash "
                          rf"(V \odot V)", _entrywise_quotient, "quotient rule, entry by entry"),
    DifferentialRule("/", rf"{D}(U / s) = {D}U / s - U\,{D}s / s^{{2}}", _division,
                     "quotient rule"),
    DifferentialRule("T", rf"{D}(U^{{\top}}) = ({D}U)^{{\top}}",
                     lambda node, ds, ctx: b.transpose(ds[0]), "Cookbook (44); MML 5.99"),
    DifferentialRule("-1", rf"{D}(X^{{-1}}) = -X^{{-1}}\,{D}X\,X^{{-1}}", _inverse,
                     "Cookbook (40); MML 5.102"),
    DifferentialRule("-T", rf"{D}(X^{{-\top}}) = -(X^{{-1}}\,{D}X\,X^{{-1}})^{{\top}}",
                     _inverse_transpose, "Cookbook (40), (44)"),
    DifferentialRule("inv", rf"{D}\,\mathrm{{inv}}(X) = -X^{{-1}}\,{D}X\,X^{{-1}}", _inverse,
                     "Cookbook (40); MML 5.102"),
    DifferentialRule("^", rf"{D}(u^{{k}}) = k\,u^{{k-1}}\,{D}u;\quad {D}(X^{{k}}) = "
                          rf"\sum_{{i<k}} X^{{i}}\,{D}X\,X^{{k-1-i}}", _power,
                     "power rule; product rule"),
    DifferentialRule("tr", rf"{D}\operatorname{{tr}}(X) = \operatorname{{tr}}({D}X)",
                     _linear("tr"), "Cookbook (36); MML 5.100"),
    DifferentialRule("det", rf"{D}\det X = \det X\,\operatorname{{tr}}(X^{{-1}}{D}X)", _det,
                     "Cookbook (41); MML 5.101"),
    DifferentialRule("logdet", rf"{D}\log|\det X| = \operatorname{{tr}}(X^{{-1}}{D}X)", _logdet,
                     "Cookbook (43)"),
    DifferentialRule("diag", rf"{D}\operatorname{{diag}}(U) = \operatorname{{diag}}({D}U)",
                     _linear("diag"), "linearity"),
    DifferentialRule("sum", rf"{D}\operatorname{{sum}}(U) = \operatorname{{sum}}({D}U)",
                     _linear("sum"), "linearity"),
    DifferentialRule("norm", rf"{D}\lVert U\rVert = \langle U, {D}U\rangle / \lVert U\rVert",
                     _norm, "chain rule; Cookbook (129)"),
    elementwise("exp", lambda u: Call("exp", u),
                rf"{D}\exp(U) = \exp(U) \odot {D}U"),
    DifferentialRule("log", rf"{D}\log(U) = {D}U \oslash U", _reciprocal_rule(lambda u: u)),
    DifferentialRule("sqrt", rf"{D}\sqrt{{U}} = {D}U \oslash (2\sqrt{{U}})",
                     _reciprocal_rule(lambda u: b.times(b.number(2), Call("sqrt", u)))),
    elementwise("sin", lambda u: Call("cos", u), rf"{D}\sin(U) = \cos(U) \odot {D}U"),
    elementwise("cos", lambda u: Negate(Call("sin", u)), rf"{D}\cos(U) = -\sin(U) \odot {D}U"),
    elementwise("tanh", lambda u: Binary("-", b.ONE, Binary("⊙", Call("tanh", u),
                                                          Call("tanh", u))),
                rf"{D}\tanh(U) = (1 - \tanh(U) \odot \tanh(U)) \odot {D}U"),
    elementwise("sigmoid", lambda u: Binary("⊙", Call("sigmoid", u),
                                            Binary("-", b.ONE, Call("sigmoid", u))),
                rf"{D}\sigma(U) = \sigma(U) \odot (1 - \sigma(U)) \odot {D}U"),
    DifferentialRule("softmax", rf"{D}\operatorname{{softmax}}(u) = p \odot {D}u - p\,"
                                rf"(p^{{\top}} {D}u),\quad p = \operatorname{{softmax}}(u)",
                     _softmax, "chain rule; its Jacobian is diag(p) − ppᵀ"),
    elementwise("abs", lambda u: Binary("⊘", u, Call("abs", u)),
                rf"{D}|U| = (U \oslash |U|) \odot {D}U \quad (U \text{{ without zero entries}})"),
)}


def rule_key(node: Node) -> str | None:
    """The table key of ``node``'s rule (None for names, numbers and ``I``)."""
    if isinstance(node, Binary):
        return node.op
    if isinstance(node, Postfix):
        return node.op
    if isinstance(node, Negate):
        return "neg"
    if isinstance(node, Power):
        return "^"
    if isinstance(node, Call):
        return node.function
    return None


NAMES = {"+": "sum rule", "-": "difference rule", "neg": "negation", "*": "product rule",
         "⊙": "entrywise product rule", "⊘": "entrywise quotient rule", "/": "quotient rule",
         "T": "transpose rule", "-1": "inverse rule", "-T": "inverse-transpose rule",
         "inv": "inverse rule",
         "^": "power rule", "tr": "trace rule", "det": "determinant rule",
         "logdet": "log-determinant rule", "diag": "diag rule", "sum": "entry-sum rule",
         "norm": "norm rule"}


def rule_name(key: str) -> str:
    """How a step's label names a rule: 'product rule', 'exp rule'."""
    return NAMES.get(key, f"{key} rule")
