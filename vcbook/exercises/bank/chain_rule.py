"""Family "chain_rule": df/dt along a curve x(t), or the row [∂f/∂s, ∂f/∂t] through inner
functions x(s, t), by the multivariate chain rule.

Templates are rows of ``TEMPLATES`` (each draws f, the inner functions and the parameters);
the answer and the worked solution come from ``vcbook.symbolic.chain_rule``; the classic
mistakes are rows of ``MISTAKES``, each built from the same derivation.
"""

from __future__ import annotations

import sympy as sp

from vcbook.exercises.bank.common import (
    Degenerate,
    Draft,
    Family,
    Template,
    derive,
    diff_cos_sign_slip,
    diff_forgot_inner,
    engine_steps,
    final_step,
    row,
    signed,
    tex,
)
from vcbook.exercises.bank.messages import RULES, mistake

TITLE = "Chain rule"
X1, X2, X3 = sp.symbols("x1 x2 x3", real=True)
S, T = sp.symbols("s t", real=True)
DOMAIN = (-1.5, 1.5)
TRIG = (sp.sin, sp.cos)


# --- classic mistakes: each maps the derivation's pieces to a wrong answer -----------------

def _no_inner(p):
    total = sum(p.outer_sub)
    return row([total] * len(p.params))


def _one_path(p):
    return p.outer_sub[0] * p.jac[0, :]


def _outer_forgot_inner(p):
    wrong = row(diff_forgot_inner(p.f, x) for x in p.xs).xreplace(p.sub)
    return wrong * p.jac


def _cos_sign(p):
    slipped = sp.Matrix([[diff_cos_sign_slip(g, q) for q in p.params] for g in p.inner])
    return p.outer_sub * slipped


def _swapped(p):
    return None if p.single else row(reversed(list(p.answer)))


def _inner_transposed(p):
    n, k = p.jac.shape
    return None if p.single or n != k else p.outer_sub * p.jac.T


MISTAKES = (
    (_no_inner, mistake("no_inner", term="{term}")),
    (_one_path,
     "You followed only the path through x1. f depends on {p} through every inner variable, "
     "so the chain rule has one term {term} for each of {xs}: add them all."),
    (_outer_forgot_inner,
     mistake("forgot_inner", where=" inside f (f itself is a composite)",
             then=" Differentiate f carefully first, then multiply by the inner derivatives.")),
    (_cos_sign,
     mistake("cos_sign", where=" in the inner functions")),
    (_swapped,
     "You swapped the two partial derivatives: the row is [∂f/∂s, ∂f/∂t], first the derivative "
     "with respect to s, then with respect to t."),
    (_inner_transposed,
     "You paired the inner derivatives the wrong way round (the inner Jacobian transposed). In "
     "∂f/∂s every term is (∂f/∂x_i)·(∂x_i/∂s): row i of ∂x/∂(s, t) is [∂x_i/∂s, ∂x_i/∂t]."),
)
# How a chain-rule term reads for one parameter, and for the pair (s, t).
TERM = {True: "(∂f/∂x_i)·(dx_i/dt)", False: "(∂f/∂x_i)·(∂x_i/∂s) (and likewise with t)"}
PARAMETER = {True: "t", False: "s and t"}


class _Pieces:
    """The derivation's pieces that the mistake models combine."""

    def __init__(self, f, inner, params, derivation):
        self.f, self.params = f, params
        self.xs = list(inner)
        self.inner = list(inner.values())
        self.sub = dict(inner)
        self.single = len(params) == 1
        self.jac = derivation.inner
        self.outer_sub = derivation.outer.xreplace(self.sub)  # inner variables: symbols
        self.answer = derivation.result


# --- templates: each draw returns (f, {x_i: g_i}, parameters) ----------------------------

def _curve_poly(rng):
    k = rng.choice((1, 2))
    first, second = rng.choice(((sp.sin, sp.cos), (sp.cos, sp.sin)))
    inner = {X1: first(k * T), X2: rng.choice((second(k * T), T, T**2))}
    a, b = signed(rng, 1, 2, 3), signed(rng, 1, 2, 3)
    f = rng.choice((a * X1**2 + b * X2, a * X1 * X2 + b * X2**2, a * X1**2 * X2 + b * X1,
                    a * X1**3 + b * X1 * X2))
    return f, inner, (T,)


def _curve_exp(rng):
    a = signed(rng, 1, 2)
    f = rng.choice((sp.exp(a * X1 * X2), sp.exp(a * X1 * X2**2),
                    signed(rng, 1, 2, 3) * X1 * sp.exp(a * X2)))
    inner = {X1: rng.choice((T, T**2, T * sp.cos(T), sp.cos(T))),
             X2: rng.choice((sp.sin(T), T * sp.sin(T), sp.sin(2 * T)))}
    return f, inner, (T,)


def _curve_log(rng):
    a, k = signed(rng, 1, 2, 3), rng.randint(1, 3)
    if rng.random() < 0.5:
        f = a * sp.log(k + X1**2 + X2**2)
        inner = {X1: rng.choice((sp.sin(T), sp.cos(2 * T), T)),
                 X2: rng.choice((T**2, sp.exp(T), T * sp.cos(T)))}
    else:
        f = a * X1 * sp.log(X2)
        inner = {X1: rng.choice((sp.sin(T), sp.cos(T), T**2, sp.exp(signed(rng, 1, 2) * T))),
                 X2: rng.choice((T**2 + k, sp.exp(T) + k))}
    return f, inner, (T,)


def _curve_three(rng):
    k, a, b = rng.choice((1, 2)), signed(rng, 1, 2, 3), signed(rng, 1, 2, 3)
    inner = {X1: sp.cos(k * T), X2: sp.sin(k * T),
             X3: rng.choice((T, T**2, sp.exp(signed(rng, 1, 2) * T)))}
    f = rng.choice((a * X1 * X2 + b * X3**2, a * X1 * X2 * X3, a * X1**2 + b * X2 * X3,
                    a * X3 * X1 + b * X2))
    return f, inner, (T,)


def _surface_poly(rng):
    a, b = signed(rng, 1, 2, 3), signed(rng, 1, 2, 3)
    f = rng.choice((a * X1**2 * X2 + b * X2, a * X1 * X2**2 + b * X1, a * X1 * X2 + b * X2**2))
    inner = {X1: rng.choice((S * T, S + T, S**2 - T, S * sp.cos(T))),
             X2: rng.choice((sp.exp(S - T), sp.sin(S * T), S - T**2, T * sp.exp(S)))}
    return f, inner, (S, T)


def _surface_transcendental(rng):
    a = signed(rng, 1, 2, 3)
    f = rng.choice((a * sp.exp(X1) * X2, a * sp.sin(X1 * X2), a * sp.log(1 + X1**2) + X2**2,
                    a * X1 * sp.cos(X2)))
    inner = {X1: rng.choice((S * T, S + 2 * T, S**2 + T, S - T)),
             X2: rng.choice((S - T, S * T**2, T**2 - S, 2 * S + T))}
    return f, inner, (S, T)


TEMPLATES = (
    Template("curve_poly", "a polynomial along a trigonometric curve", _curve_poly,
             "Here f is a polynomial, so its partial derivatives are easy; the work is in "
             "the inner derivatives of the sines and cosines."),
    Template("curve_exp", "an exponential along a curve", _curve_exp,
             rf"For $f = e^{{u}}$, {RULES['exp']}: each partial derivative is $e^{{u}}$ times "
             r"the partial derivative of $u$ (product rule inside $u$ if needed)."),
    Template("curve_log", "a logarithm along a curve", _curve_log,
             rf"Remember {RULES['log']}."),
    Template("curve_three", "three inner functions", _curve_three,
             "With three inner variables the sum has three terms, one per path from t to f."),
    Template("surface_poly", "a polynomial of two inner functions of (s, t)", _surface_poly,
             r"The inner Jacobian $\partial\mathbf{x}/\partial(s, t)$ is $2 \times 2$; the "
             r"row times it gives both partial derivatives at once."),
    Template("surface_transcendental", "exp, log or trig of inner functions of (s, t)",
             _surface_transcendental,
             "Differentiate f by x1 and x2 first (chain rule inside f as well), then multiply "
             r"by the inner Jacobian $\partial\mathbf{x}/\partial(s, t)$."),
)


# --- building an exercise -----------------------------------------------------------------

def _and(items) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def build(template: Template, data) -> Draft:
    """The Draft for f(x(p)): answer and steps from ``symbolic.chain_rule``, distractors from
    ``MISTAKES``."""
    f, inner, params = data
    single = len(params) == 1
    if not single and len(set(inner.values())) < len(inner):
        raise Degenerate("two inner functions are equal: x does not depend on (s, t) freely")
    derivation = derive(f, inner, params[0] if single else list(params))
    if not single and sp.expand(derivation.inner.det()) == 0:
        raise Degenerate("the inner Jacobian is singular")
    pieces = _Pieces(f, inner, params, derivation)
    answer = derivation.result
    xs = [tex(x) for x in inner]
    args = ", ".join(xs)
    defs = _and([f"${tex(x)} = {tex(g)}$" for x, g in inner.items()])
    if single:
        lhs = r"\frac{df}{dt}"
        ask = (rf"Use the chain rule to find ${lhs}$ for $f({args})$ along the curve, with "
               f"{defs}.\n\nAnswer in terms of $t$ only (substitute the inner functions; "
               "type `t`).")
    else:
        lhs = r"\left[\frac{\partial f}{\partial s}, \frac{\partial f}{\partial t}\right]"
        ask = (f"The inner variables depend on $s$ and $t$: {defs}. Use the chain rule to find "
               rf"the partial derivatives ${lhs}$ of $f$ with respect to $s$ and $t$."
               "\n\nType them as a row `[∂f/∂s, ∂f/∂t]`, in terms of $s$ and $t$ only "
               "(type `s` and `t`).")
    prompt = f"Let $$f({args}) = {tex(f)}.$$\n\n{ask}"
    names = _and([x.name for x in inner])
    distractors = []
    for model, message in MISTAKES:
        wrong = model(pieces)
        if wrong is not None and single:
            wrong = sp.Matrix(wrong)[0, 0]
        distractors.append((wrong, message.format(p=PARAMETER[single], term=TERM[single],
                                                   xs=names)))
    n = len(xs)
    hints = (
        (r"The chain rule multiplies the outer gradient (a $1 \times " + str(n) + r"$ row) by "
         r"the inner derivative (" + str(n) + r" rows, one column per parameter): "
         + (r"$\frac{df}{dt} = \sum_i \frac{\partial f}{\partial x_i}\frac{dx_i}{dt}$, one "
            "term per inner variable." if single else
            r"$\frac{\partial f}{\partial s} = \sum_i \frac{\partial f}{\partial x_i}"
            r"\frac{\partial x_i}{\partial s}$, and the same with $t$.")),
        template.hint + rf" Here $\frac{{\partial f}}{{\partial \mathbf{{x}}}} = "
                        rf"{tex(derivation.outer)}$.",
        rf"The inner derivative is {tex_inner(derivation, single)}; multiply, then substitute "
        f"{defs}.",
    )
    solution = engine_steps(derivation) + (final_step(lhs, answer),)
    variables = {p.name: DOMAIN for p in params}
    return Draft(title=f"{TITLE}: {template.title}", prompt=prompt, answer=answer,
                 symbols=tuple(params), variables=variables, distractors=distractors,
                 hints=hints, solution=solution)


def tex_inner(derivation, single: bool) -> str:
    d = r"\frac{d\mathbf{x}}{dt}" if single else r"\frac{\partial\mathbf{x}}{\partial(s, t)}"
    return f"${d} = {tex(derivation.inner)}$"


# --- the curated set ----------------------------------------------------------------------

def _fixed(name, title, f, inner, params, hint):
    return Template(name, title, lambda _rng: (f, inner, params), hint)


CURATED = (
    ("06-chain-notes-circle",
     _fixed("notes-circle", "the circle example of chapter 01", X1**2 + 2 * X2,
            {X1: sp.sin(T), X2: sp.cos(T)}, (T,), TEMPLATES[0].hint)),
    ("06-chain-notes-exp",
     _fixed("notes-exp", "the spiral example of chapter 01", sp.exp(X1 * X2**2),
            {X1: T * sp.cos(T), X2: T * sp.sin(T)}, (T,), TEMPLATES[1].hint)),
    ("06-chain-three",
     _fixed("three", "three inner functions", X1 * X2 + X3**2,
            {X1: sp.cos(T), X2: sp.sin(T), X3: T}, (T,), TEMPLATES[3].hint)),
    ("06-chain-surface",
     _fixed("surface", "partial derivatives through (s, t)", X1**2 * X2,
            {X1: S * sp.cos(T), X2: S * sp.sin(T)}, (S, T), TEMPLATES[4].hint)),
)

FAMILY = Family(name="chain_rule", templates=TEMPLATES, build=build, curated=CURATED)
