"""Shared machinery of the problem bank: seeded draws, prohibit helpers, mistake models,
distractor screening and solution formatting.

A family module describes its templates as data (``Template`` rows); ``draw`` picks one with
the exercise's generator and redraws until the problem is well posed; ``screen`` keeps the
distractors that really differ from the answer (and from each other) on the sampled domain.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sympy as sp

from vcbook import symbolic
from vcbook.answers import to_text
from vcbook.exercises.model import Exercise

CHAPTER = "06_exercises"
MAX_DRAWS = 60  # redraws before a template is declared broken
MAX_ANSWER_CHARS = 220  # the reference answer, typed, stays readable
MAX_DISTRACTOR_CHARS = 600
MAX_MAGNITUDE = 1e7
SCREEN_POINTS = 16


class Degenerate(Exception):
    """A draw to throw away (a zero, a coincidence, an unreadable answer)."""


# --- seeded draws --------------------------------------------------------------------------

def prohibit(draw: Callable[[], object], bad: Callable[[object], bool], tries: int = 100):
    """``draw()`` again until ``bad(value)`` is false (a rand-with-prohibit helper)."""
    for _ in range(tries):
        value = draw()
        if not bad(value):
            return value
    raise Degenerate("prohibit: every draw was bad")


def nonzero(rng: random.Random, low: int, high: int, exclude: Sequence[int] = ()) -> int:
    """An integer in [low, high], never 0 and never in ``exclude``."""
    return prohibit(lambda: rng.randint(low, high), lambda v: v == 0 or v in exclude)


def signed(rng: random.Random, *magnitudes: int) -> int:
    """One of ``magnitudes`` with a random sign."""
    return rng.choice(magnitudes) * rng.choice((1, -1))


# --- templates and drafts ------------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    """One kind of problem: ``draw(rng)`` returns the mathematical data a family builds from."""

    name: str
    title: str  # unique within its family; shown in the exercise title
    draw: Callable[[random.Random], object]
    hint: str = ""  # the rule this kind of problem needs, for the second hint


@dataclass
class Draft:
    """A problem before it becomes an Exercise."""

    title: str
    prompt: str
    answer: object
    symbols: tuple  # SymPy symbols, in the order of ``variables``
    variables: dict  # name -> sampling interval
    distractors: list = field(default_factory=list)  # (candidate or None, message)
    hints: tuple = ()
    solution: tuple = ()
    assumptions: dict | None = None


def draw(rng: random.Random, templates: Sequence[Template], build) -> Draft:
    """Pick a template, then draw until ``build(template, data)`` gives a well-posed Draft."""
    template = rng.choice(templates)
    for _ in range(MAX_DRAWS):
        try:
            return screen(build(template, template.draw(rng)))
        except Degenerate:
            continue
    raise RuntimeError(f"template {template.name!r} keeps drawing degenerate problems")


def exercise(draft: Draft, *, id: str, family: str, seed: int | None = None,
             regenerate=None) -> Exercise:
    return Exercise(id=id, prompt=draft.prompt, answer=draft.answer, variables=draft.variables,
                    chapter=CHAPTER, distractors=tuple(draft.distractors), hints=draft.hints,
                    solution=draft.solution, assumptions=draft.assumptions, family=family,
                    seed=seed, title=draft.title, regenerate=regenerate)


# --- numeric screening ---------------------------------------------------------------------

def entries(obj) -> list:
    return list(obj) if isinstance(obj, sp.MatrixBase) else [obj]


def _points(domains: Sequence[tuple]) -> list[tuple]:
    rng = random.Random(20240607)
    return [tuple(rng.uniform(lo, hi) for lo, hi in domains) for _ in range(SCREEN_POINTS)]


def values(obj, symbols, domains) -> list:
    """Entry values of ``obj`` at the screening points (None where undefined)."""
    function = sp.lambdify(symbols, entries(obj), modules="math")
    out = []
    for point in _points(domains):
        try:
            vals = [float(v) for v in function(*point)]
        except (ValueError, OverflowError, ZeroDivisionError, TypeError):
            out.append(None)
            continue
        out.append(vals if all(math.isfinite(v) for v in vals) else None)
    return out


def differs(a_vals: list, b_vals: list) -> bool:
    """True if the two objects differ clearly at (almost) every point where both are defined."""
    both = [(a, b) for a, b in zip(a_vals, b_vals, strict=True) if a and b]
    if len(both) < SCREEN_POINTS // 2:
        return False
    apart = sum(any(abs(p - q) > 1e-6 * max(1.0, abs(p), abs(q)) for p, q in zip(a, b,
                                                                                 strict=True))
                for a, b in both)
    return apart >= 0.75 * len(both)


def screen(draft: Draft) -> Draft:
    """Check that the draft is well posed and keep only its distinguishable distractors."""
    domains = [draft.variables[s.name] for s in draft.symbols]
    answer_vals = values(draft.answer, draft.symbols, domains)
    defined = [v for v in answer_vals if v]
    if len(defined) < 3 * SCREEN_POINTS // 4:
        raise Degenerate("answer undefined on much of the domain")
    if any(abs(x) > MAX_MAGNITUDE for v in defined for x in v):
        raise Degenerate("answer too large")
    for k in range(len(entries(draft.answer))):
        if sum(abs(v[k]) > 1e-8 for v in defined) < 0.75 * len(defined):
            raise Degenerate("an entry of the answer vanishes")
    if len(to_text(draft.answer)) > MAX_ANSWER_CHARS:
        raise Degenerate("answer unreadably long")
    kept, kept_vals = [], [answer_vals]
    shape = getattr(draft.answer, "shape", None)
    for candidate, message in draft.distractors:
        if candidate is None or getattr(candidate, "shape", None) != shape:
            continue
        try:
            if len(to_text(candidate)) > MAX_DISTRACTOR_CHARS:
                continue
        except ValueError:
            continue
        vals = values(candidate, draft.symbols, domains)
        if all(differs(vals, other) for other in kept_vals):
            kept.append((candidate, message))
            kept_vals.append(vals)
    if len(kept) < 2:
        raise Degenerate("fewer than two distinct distractors")
    draft.distractors = kept
    return draft


# --- mistake models ------------------------------------------------------------------------

class _cos_misremembered(sp.Function):
    """cos whose derivative is taken as +sin (the classic sign slip)."""

    def fdiff(self, argindex=1):
        return sp.sin(self.args[0])


def diff_cos_sign_slip(expr, x):
    """d expr/dx with d/du cos(u) taken as +sin(u)."""
    slipped = expr.replace(sp.cos, _cos_misremembered)
    return sp.diff(slipped, x).replace(_cos_misremembered, sp.cos)


def composites(expr, x) -> list:
    """Outermost composite pieces F(u) (functions, and powers of sums) whose inside u depends on
    x and is not x itself."""
    found = []

    def walk(node):
        inside = None
        if isinstance(node, sp.Function) and len(node.args) == 1:
            inside = node.args[0]
        elif isinstance(node, sp.Pow) and node.exp.is_Number and not node.base.is_Symbol:
            inside = node.base
        if inside is not None and inside != x and inside.has(x):
            found.append((node, inside))
            return
        for arg in node.args:
            walk(arg)

    walk(expr)
    return found


def diff_forgot_inner(expr, x):
    """d expr/dx where each composite F(u) contributes F'(u) but not the inner factor du/dx."""
    replacements, back = {}, {}
    for node, inside in composites(expr, x):
        c = sp.Dummy("c")
        replacements[node] = node.xreplace({inside: x + c})
        back[c] = inside - x
    return sp.diff(expr.xreplace(replacements), x).subs(back)


class _outer_forgotten(sp.Function):
    """A composite F(u) whose outer derivative F'(u) is forgotten: its derivative is u'."""

    def fdiff(self, argindex=1):
        return sp.Integer(1)


def diff_outer_dropped(expr, x):
    """d expr/dx where each composite F(u) contributes only du/dx (the outer F' forgotten)."""
    pieces = composites(expr, x)
    masked = expr.xreplace({node: _outer_forgotten(inside) for node, inside in pieces})
    return sp.diff(masked, x).xreplace({_outer_forgotten(inside): node
                                        for node, inside in pieces})


def _product_terms(expr, x, combine):
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr, deep=False, mul=True, power_exp=False,
                                           power_base=False, log=False)):
        factors = sp.Mul.make_args(term)
        dependent = [i for i, g in enumerate(factors) if g.has(x)]
        total += sp.diff(term, x) if len(dependent) < 2 else combine(factors, dependent)
    return total


def diff_dropped_product_term(expr, x):
    """d expr/dx where a product g·h is differentiated only in its function factor (the
    derivative of the other factor is dropped)."""
    def keep_one(factors, dependent):
        keep = max(dependent, key=lambda i: (factors[i].has(sp.Function), i))
        return sp.Mul(*[sp.diff(g, x) if i == keep else g for i, g in enumerate(factors)])
    return _product_terms(expr, x, keep_one)


def diff_product_of_derivatives(expr, x):
    """d expr/dx with (g·h)' taken as g'·h'."""
    def both(factors, dependent):
        return sp.Mul(*[sp.diff(g, x) if g.has(x) else g for g in factors])
    return _product_terms(expr, x, both)


def row(items) -> sp.Matrix:
    return sp.Matrix([list(items)])


# --- text ----------------------------------------------------------------------------------

def tex(obj) -> str:
    return sp.latex(obj)


def typed(obj) -> str:
    """An object as a student would type it: ``^`` for powers, spaced ``*`` (the widget's
    Markdown would read ``**`` and ``*...*`` inside a code span as bold and italics)."""
    return to_text(obj).replace("**", "^").replace("*", " * ")


def code(obj) -> str:
    return f"`{typed(obj)}`"


def engine_steps(derivation: symbolic.Derivation) -> tuple[str, ...]:
    """The engine's chain-rule steps as Markdown paragraphs."""
    return tuple(f"**{label[:1].upper() + label[1:]}:** $${body}$$"
                 for label, body in derivation.steps())


def gradient_steps(f, symbols) -> tuple[tuple[str, ...], sp.Matrix]:
    """Markdown steps for the gradient of ``f`` (one partial derivative per variable), computed
    by ``symbolic.gradient``; returns (steps, gradient row)."""
    grad = symbolic.gradient(f, symbols)
    steps = [f"**The function:** $$f({', '.join(tex(s) for s in symbols)}) = {tex(f)}$$"]
    for s, partial in zip(symbols, grad, strict=True):
        steps.append(rf"**Differentiate by ${tex(s)}$** (the other variables held constant): "
                     rf"$$\frac{{\partial f}}{{\partial {tex(s)}}} = {tex(partial)}$$")
    return tuple(steps), grad


def final_step(lhs: str, answer) -> str:
    return (rf"**Answer:** $${lhs} = {tex(answer)}$$" + "\n\n"
            + f"Typed: {code(answer)}")
