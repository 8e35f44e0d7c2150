"""Shared machinery of the problem bank: seeded draws, prohibit helpers, screening, mistake
models and solution formatting.

A family module describes its templates as data (``Template`` rows, see ``family.py``);
``draw`` picks one with the exercise's generator and redraws until the problem is well posed;
``screen`` keeps the distractors that the answer checker itself tells apart from the answer
and from each other.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence

import sympy as sp

from vcbook import symbolic
from vcbook.answers import to_text
from vcbook.answers.checker import grading_sampler, hashable, prepare_expected
from vcbook.answers.compare import (
    PRECISION,
    Sampler,
    Tolerance,
    is_value,
    match_entry,
)
from vcbook.answers.spec import make_spec
from vcbook.exercises.bank import notation
from vcbook.exercises.bank.family import Degenerate, Draft, Family, Template
from vcbook.exercises.bank.tidy import nodes, tidy
from vcbook.exercises.model import Exercise

# re-exported: the family modules import them from here
__all__ = ["Degenerate", "Draft", "Family", "Template"]

CHAPTER = "06_exercises"
MAX_DRAWS = 60  # redraws before a template is declared broken
MAX_ANSWER_CHARS = 220  # the reference answer, typed, stays readable
MAX_DISTRACTOR_NODES = 250  # about 600 characters typed
MAX_MAGNITUDE = 1e7
SCREEN_POINTS = 16


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


# --- from a draft to a screened exercise ---------------------------------------------------

def draw(rng: random.Random, family: Family, make: Callable[[Draft], Exercise]) -> Exercise:
    """Pick a template, then draw until it gives a well-posed problem; ``make`` turns the draft
    into the Exercise (its id and seed fix the checker's sample points)."""
    build = family.build_for(rng)  # first: a seed draws the same problem as it always did
    template = rng.choice(family.templates)
    for _ in range(MAX_DRAWS):
        try:
            return screen(make(build(template, template.draw(rng))))
        except Degenerate:
            continue
    raise RuntimeError(f"template {template.name!r} keeps drawing degenerate problems")


def exercise(draft: Draft, *, id: str, family: str, seed: int | None = None,
             regenerate=None) -> Exercise:
    # every family here differentiates a scalar function, so a row answer is a gradient (and a
    # column typed for it gets the numerator-layout explanation)
    row = isinstance(draft.answer, sp.MatrixBase) and draft.answer.rows == 1
    derivative = draft.derivative or ("gradient" if row else None)
    return Exercise(id=id, prompt=draft.prompt, answer=draft.answer, variables=draft.variables,
                    distractors=tuple(draft.distractors), hints=draft.hints,
                    solution=draft.solution, assumptions=draft.assumptions, family=family,
                    seed=seed, title=draft.title, regenerate=regenerate,
                    derivative=derivative, chapter=draft.chapter or CHAPTER)


def entries(obj) -> list:
    return list(obj) if isinstance(obj, sp.MatrixBase) else [obj]


def _frozen(obj):
    return sp.ImmutableMatrix(obj) if isinstance(obj, sp.MatrixBase) else obj


class _Sampler(Sampler):
    """The checker's Sampler, evaluating candidates through the shared cache of expected values
    (the same evaluator and precision): a distractor is computed once whether it is compared
    as the candidate or as the reference, and is ready for the student's first check."""

    def candidate(self, expr, index: int, dps: int = PRECISION):
        return self.reference(expr, index, dps)


def grader_sampler(ex: Exercise) -> Sampler:
    """The sample points and tolerance ``ex.check`` compares at (``answers.checker``'s own
    ``grading_sampler``), evaluating through the checker's cache; distractors are typed without
    decimals, so an exact answer is compared exactly, as the checker would."""
    spec = make_spec(ex.variables, ex.assumptions, ex.forbidden, ex.floats)
    answer = entries(ex.answer)
    exact = not any(e.has(sp.Float) for e in answer)
    target = prepare_expected(hashable(ex.answer), spec, None)[0]  # the checker's symbols
    plan = grading_sampler(ex.answer, target, spec, ex.check_seed,
                           Tolerance().exact() if exact else Tolerance())
    return _Sampler(spec.names, plan.points, plan.tol, plan.strict)


def _require_well_posed(ex: Exercise, sampler: Sampler) -> None:
    """Raise Degenerate unless the answer is defined at most of the first ``SCREEN_POINTS``
    sample points, never huge there, has no entry that vanishes, and is short enough to type."""
    answer = entries(ex.answer)
    defined = []
    for index in range(SCREEN_POINTS):
        vals = [sampler.reference(e, index) for e in answer]
        if all(map(is_value, vals)):
            defined.append([abs(float(v)) for v in vals])
    if len(defined) < 3 * SCREEN_POINTS // 4:
        raise Degenerate("answer undefined on much of the domain")
    if any(x > MAX_MAGNITUDE for v in defined for x in v):
        raise Degenerate("answer too large")
    for k in range(len(answer)):
        if sum(v[k] > 1e-8 for v in defined) < 0.75 * len(defined):
            raise Degenerate("an entry of the answer vanishes")
    if len(text(ex.answer)) > MAX_ANSWER_CHARS:
        raise Degenerate("answer unreadably long")


def _matches(candidate, reference, sampler: Sampler):
    """The checker's entry-by-entry comparison (``compare.match_entry``), lazily: a Comparison
    is "different" if any entry is, "equal" if all are, so ``any``/``all`` may stop early."""
    return (match_entry(r, c, sampler)
            for r, c in zip(entries(reference), entries(candidate), strict=True))


def _typable(candidate, shape) -> bool:
    """True if the distractor has the answer's shape and is not too long to type."""
    return (candidate is not None and getattr(candidate, "shape", None) == shape
            and sum(nodes(e) for e in entries(candidate)) <= MAX_DISTRACTOR_NODES)


def screen(ex: Exercise) -> Exercise:
    """Check that ``ex`` is well posed and keep the distractors the grader tells apart.

    With the checker's own comparison at its own sample points (``grader_sampler``): a
    distractor stays if it is "different" from the answer (the checker says "incorrect") and
    not "equal" to a distractor kept before it (the checker would show that one's message).
    So typing any kept distractor gets exactly its own message. Raise Degenerate if the answer
    is ill posed or fewer than two distractors stay.
    """
    if notation.is_notation(ex):
        return notation.screen(ex)
    if is_shape_answer(ex):
        return _screen_shape(ex)
    sampler = grader_sampler(ex)
    _require_well_posed(ex, sampler)
    answer, shape, kept = _frozen(ex.answer), getattr(ex.answer, "shape", None), []
    for candidate, message in ex.distractors:
        if not _typable(candidate, shape):
            continue
        wrong = _frozen(candidate)
        if not any(m.status == "different" for m in _matches(wrong, answer, sampler)):
            continue  # the checker would not say "incorrect"
        if any(all(m.status == "equal" for m in _matches(wrong, other, sampler))
               for other, _, _ in kept):
            continue  # the checker would show the earlier distractor's message
        kept.append((wrong, candidate, message))
    if len(kept) < 2:
        raise Degenerate("fewer than two distinct distractors")
    ex.distractors = tuple((candidate, message) for _, candidate, message in kept)
    return ex


def is_shape_answer(ex: Exercise) -> bool:
    """Is the answer of ``ex`` a shape, a tuple of sizes such as ``(1, 3)``?"""
    return isinstance(ex.answer, tuple) and all(isinstance(n, int) for n in ex.answer)


def _screen_shape(ex: Exercise) -> Exercise:
    """Shapes are compared exactly: keep the distractor shapes that differ from the answer and
    from the ones kept before them; raise Degenerate if fewer than two stay."""
    kept: dict[tuple, str] = {}
    for candidate, message in ex.distractors:
        if isinstance(candidate, tuple) and candidate != ex.answer:
            kept.setdefault(candidate, message)
    if len(kept) < 2:
        raise Degenerate("fewer than two distinct distractors")
    ex.distractors = tuple(kept.items())
    return ex


def derive(f, inner, wrt) -> symbolic.Derivation:
    """``symbolic.chain_rule`` with the bank's quick ``tidy`` as its simplification step."""
    return symbolic.chain_rule(f, inner, wrt, simplify=tidy)


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
    return sp.diff(expr.xreplace(replacements), x).xreplace(back)


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

@functools.lru_cache(maxsize=512)
def _latex(obj) -> str:
    return sp.latex(obj)


@functools.lru_cache(maxsize=512)
def _text(obj) -> str:
    return to_text(obj)


def tex(obj) -> str:
    """LaTeX of ``obj`` (remembered: prompts, hints and solutions print the same pieces)."""
    return _latex(_frozen(obj))


def text(obj) -> str:
    """``to_text(obj)``, the input language, remembered like ``tex``."""
    return _text(_frozen(obj))


def typed(obj) -> str:
    """An object as a student would type it: ``^`` for powers, spaced ``*`` (the widget's
    Markdown would read ``**`` and ``*...*`` inside a code span as bold and italics)."""
    return text(obj).replace("**", "^").replace("*", " * ")


def code(obj) -> str:
    return f"`{typed(obj)}`"


def engine_steps(derivation: symbolic.Derivation) -> tuple[str, ...]:
    """The engine's chain-rule steps as Markdown paragraphs (a step that would repeat the one
    before it, a "simplified" form that was already simplest, is left out)."""
    steps, previous = [], None
    for label, body in derivation.steps():
        if body != previous:
            steps.append(f"**{label[:1].upper() + label[1:]}:** $${body}$$")
        previous = body
    return tuple(steps)


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
