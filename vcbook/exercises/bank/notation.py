"""Matrix-notation problems in the bank: answers stored as text, screened by the matrix checker,
worked solutions from ``vcbook.matrixcalc``.

A family whose answers are typed in matrix notation (``x^T (A + A^T)``) builds its ``Draft``
with ``notation_draft``: the answer is text in the input language, ``variables`` declares the
shapes, ``derivative`` says what a transposed answer means, and the worked solution is the
engine's derivation (``solution_from``). ``screen`` (in ``common``) hands such drafts here:
the answer must read, every kept distractor must be graded "incorrect" and differ from the
distractors kept before it, as the checker will see them.
"""

from __future__ import annotations

from vcbook.answers import check
from vcbook.answers.matrix import declares_shapes
from vcbook.exercises.bank.family import Degenerate, Draft
from vcbook.exercises.model import Exercise

MAX_ANSWER_CHARS = 160  # a matrix-notation answer stays short enough to type
# Families whose authored slips of another shape are graded "incorrect" with their message (the
# gradient typed for a Hessian is the wrong quantity, not a typo); elsewhere the checker refuses
# an answer of the wrong shape without counting it.
GRADED_SHAPE_SLIPS = frozenset({"hessian"})


def is_notation(ex: Exercise) -> bool:
    """Is ``ex`` answered in matrix notation (text answer, shapes declared)?"""
    return isinstance(ex.answer, str) and declares_shapes(ex.variables)


def derive(expr: str, wrt: str, shapes: dict):
    """``mc.derivative`` of ``expr`` by ``wrt``; a result matrix notation cannot write (or a
    lone I of unknown size) is a draw to throw away (Degenerate)."""
    from vcbook import matrixcalc as mc

    try:
        return mc.derivative(expr, wrt, shapes)
    except mc.NotExpressible as exc:
        raise Degenerate(f"not expressible: {exc}") from None


def _label(label: str, names) -> str:
    """The engine's step label, without its letter g for the gradient row when the exercise
    itself has a name g (an upstream gradient): "df = g dx (g a row)" would read as that g."""
    if "g" in names and label.endswith(" (g a row)"):
        return label.removesuffix(" (g a row)").replace("= g d", "= (a row) d")
    return label


def solution_from(derivation, intro: str = "", closing: str = "",
                  names=()) -> tuple[str, ...]:
    """A worked solution: ``intro``, the engine's steps (each checked), then ``closing`` (the
    answer as it is typed, by default); ``names`` are the exercise's names."""
    steps = tuple(f"**{_label(label, names)}.** $${latex}$$" for label, latex in derivation.steps)
    typed = closing or f"Typed in matrix notation: `{derivation.result}`."
    return (*((intro,) if intro else ()), *steps, typed)


def notation_draft(*, title: str, prompt: str, derivation, shapes: dict, distractors=(),
                   hints=(), intro: str = "", answer: str | None = None) -> Draft:
    """A Draft whose answer is the engine's result (or ``answer``, which must equal it)."""
    expected = str(derivation.result) if answer is None else answer
    return Draft(title=title, prompt=prompt, answer=expected, symbols=(), variables=dict(shapes),
                 distractors=list(distractors), hints=tuple(hints),
                 solution=solution_from(derivation, intro, names=shapes),
                 derivative=_derivative(derivation))


def _derivative(derivation) -> str | None:
    return {"gradient": "gradient", "matrix": "matrix", "jacobian": "jacobian"}.get(
        derivation.kind)


def screen(ex: Exercise) -> Exercise:
    """Keep the distractors the matrix checker grades "incorrect" and tells apart; raise
    Degenerate if the answer does not read, is too long, or fewer than two distractors stay."""
    if len(ex.answer) > MAX_ANSWER_CHARS:
        raise Degenerate("answer too long to type")
    own = check(ex.answer, expected=ex.answer, variables=ex.variables, seed=ex.check_seed,
                derivative=ex.derivative)
    if not own.correct:
        raise Degenerate(f"the answer does not check against itself: {own.message}")
    kept: list[tuple[str, str]] = []
    for candidate, message in ex.distractors:
        if candidate is None or not isinstance(candidate, str):
            continue
        verdict = check(candidate, expected=ex.answer, variables=ex.variables,
                        seed=ex.check_seed, derivative=ex.derivative)
        if "invalid:shape" in verdict.notes and ex.family in GRADED_SHAPE_SLIPS:
            verdict = check(candidate, expected=ex.answer, variables=ex.variables,
                            distractors=((candidate, message),), seed=ex.check_seed,
                            derivative=ex.derivative)
        if verdict.status != "incorrect":
            continue
        if any(check(candidate, expected=other, variables=ex.variables,
                     seed=ex.check_seed).correct for other, _ in kept):
            continue
        kept.append((candidate, message))
    if len(kept) < 2:
        raise Degenerate("fewer than two distinct distractors")
    ex.distractors = tuple(kept)
    return ex
