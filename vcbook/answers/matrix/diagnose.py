"""Why is a matrix-notation answer wrong? A table of diagnoses, tried in order.

Each diagnosis looks at a ``Case`` (the answer and expected trees with their shapes fitted, the
sampled values) and returns a ``Finding`` (note code, student message) or None. ``DIAGNOSES``:

- ``transpose``: a square answer equal to the transpose of the correct one (what that means
  depends on what the answer is: ``derivative``, as in ``answers.diagnose``);
- ``one-for-identity``: a scalar added to a square matrix where a multiple of I was meant
  (XᵀX + 1 adds 1 to every entry);
- ``one-for-ones``, ``sum-for-ones``: the number 1 typed where the all-ones vector was meant
  (1ᵀA for 𝟙ᵀA), or sum(A), every entry added, for the column sums 𝟙ᵀA (``ones_slip``, also
  tried by the checker when the shapes do not fit);
- ``symmetric-only``: equal once a general square matrix is made symmetric (2xᵀA for
  xᵀ(A + Aᵀ)): found by re-sampling with that matrix symmetric;
- ``sign``, ``factor``: -1 or a constant k times the correct answer at every point;
- ``missing-term``: equal to the correct answer without one of its additive terms (products
  distributed: xᵀ(A + Aᵀ) has the terms xᵀA and xᵀAᵀ);
- ``undefined``: undefined where the correct answer is defined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from vcbook.answers.diagnose import nice, transposed_message
from vcbook.answers.matrix.compare import Comparison, Pair, close
from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.render import operand_text, pretty
from vcbook.answers.matrix.sample import symmetrised
from vcbook.answers.matrix.tree import (
    SUM_OPS,
    Binary,
    Call,
    Identity,
    Node,
    Number,
    Ones,
    Postfix,
    Sized,
    names,
    terms,
    walk,
)

GENERIC = "That is not correct yet. Check your working and try again."


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


@dataclass
class Case:
    """Everything a diagnosis may look at."""

    pair: Pair
    comparison: Comparison
    declarations: Declarations
    derivative: str | None = None

    def same(self, answer: Node, points=None) -> bool:
        """Is ``answer`` equal to the expected answer (at ``points``, default the case's)?"""
        pair = Pair.make(answer, self.pair.expected, self.declarations,
                         self.pair.points if points is None else points)
        return pair is not None and pair.equal()


def transpose(case: Case) -> Finding | None:
    shape = case.pair.expected_typing.resolved
    if shape.rows == 1 or shape.cols == 1:
        return None  # a transposed vector has another shape: the checker explains it
    if case.same(Postfix("T", case.pair.answer)):
        return Finding("transpose", transposed_message(derivative=case.derivative))
    return None


def _replace(tree: Node, target: Node, new: Node) -> Node:
    """``tree`` with the node ``target`` (that very object) replaced by ``new``."""
    if tree is target:
        return new
    changed = {}
    for name in ("arg", "left", "right", "base", "exponent"):
        child = getattr(tree, name, None)
        if isinstance(child, Node):
            rebuilt = _replace(child, target, new)
            if rebuilt is not child:
                changed[name] = rebuilt
    return replace(tree, **changed) if changed else tree


def _fresh(tree: Node) -> int:
    """An index no I or ones of ``tree`` has."""
    return 1 + max((n.index for n in walk(tree) if isinstance(n, Sized)), default=0)


def one_for_identity(case: Case) -> Finding | None:
    typing, answer = case.pair.answer_typing, case.pair.answer
    fresh = _fresh(answer)
    for node in walk(answer):
        if not (isinstance(node, Binary) and node.op in SUM_OPS):
            continue
        for scalar, other in ((node.left, node.right), (node.right, node.left)):
            if not typing.unifier.is_scalar(typing.shape_of(scalar)):
                continue
            shape = typing.shape_of(other)
            if typing.unifier.is_scalar(shape) or \
                    typing.unifier.resolve(shape.rows) != typing.unifier.resolve(shape.cols):
                continue
            fixed = _replace(answer, scalar, Binary("*", scalar, Identity(fresh)))
            if case.same(fixed):
                amount = pretty(scalar)
                instead = "I" if scalar == Number("1") else f"{amount} I"
                return Finding("one-for-identity",
                               f"{pretty(node)} adds {amount} to every entry of {pretty(other)}. "
                               f"To add it on the diagonal only, use the identity matrix: write "
                               f"{instead} instead of {amount}.")
    return None


ONE_FOR_ONES = ("1 is the number one, not a vector of ones: in matrix notation the all-ones "
                "vector is ones (𝟙), a column whose length is inferred{matrix}, so write "
                "{instead} instead of 1.")
SUM_FOR_ONES = ("{sum} adds up every entry of {arg}: it is a single number. The sums of the "
                "columns of {arg} form the row ones^T {arg} (𝟙ᵀ{arg}), the sums of its rows the "
                "column {arg} ones.")


def _ones_forms(fresh: int) -> tuple[tuple[Node, str], ...]:
    """What a typed 1 may have meant: the column of ones, the row, the matrix of ones."""
    column, other = Ones(fresh), Ones(fresh + 1)
    return ((column, "ones"), (Postfix("T", column), "ones^T"),
            (Binary("*", column, Postfix("T", other)), "ones ones^T"))


MAX_ONES_SLIPS = 3  # the 1s and sums tried, first typed first (each costs a comparison)
MAX_SLIP_NODES = 40  # a slip such as 1ᵀA is short: longer answers are not searched


def _ones_slips(answer: Node) -> Iterator[tuple[Node, Finding]]:
    """The answer with one 1 or one sum(U) rewritten with the all-ones vector, and what to
    say if that is what was meant."""
    nodes = list(walk(answer))
    if len(nodes) > MAX_SLIP_NODES:
        return
    fresh = _fresh(answer)
    places = [n for n in nodes if n == Number("1") or isinstance(n, Call) and
              n.function == "sum"][:MAX_ONES_SLIPS]
    for node in places:
        if node == Number("1"):
            for form, typed in _ones_forms(fresh):
                matrix = ", and the matrix of ones is ones ones^T" if "ones ones" in typed else ""
                yield _replace(answer, node, form), Finding(
                    "one-for-ones", ONE_FOR_ONES.format(instead=typed, matrix=matrix))
        elif isinstance(node, Call) and node.function == "sum":
            arg, row = node.arg, Postfix("T", Ones(fresh))
            message = SUM_FOR_ONES.format(sum=pretty(node), arg=operand_text(node.arg))
            for form in (Binary("*", row, arg), Binary("*", arg, Ones(fresh))):
                yield _replace(answer, node, form), Finding("sum-for-ones", message)


def ones_slip(answer: Node, same: Callable[[Node], bool],
              transposed: Callable[[Node], bool] | None = None
              ) -> tuple[Finding, bool] | None:
    """(finding, transposed too) if the answer with a 1 (or a sum) written with the all-ones
    vector is right (``same``), or right but transposed (``transposed``)."""
    for fixed, finding in _ones_slips(answer):
        if same(fixed):
            return finding, False
        if transposed is not None and transposed(fixed):
            return finding, True
    return None


def one_for_ones(case: Case) -> Finding | None:
    found = ones_slip(case.pair.answer, case.same)
    return None if found is None else found[0]


def _general_square(case: Case) -> list[str]:
    used = names(case.pair.answer) | names(case.pair.expected)
    return [v.name for v in case.declarations.variables
            if v.name in used and v.is_square_matrix and v.structure == "general"]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def symmetric_only(case: Case) -> Finding | None:
    matrices = _general_square(case)
    trials = [[m] for m in matrices] + ([matrices] if len(matrices) > 1 else [])
    for trial in trials:
        pair = case.pair.at(symmetrised(case.pair.points, tuple(trial)))
        if pair.equal():
            shown = _listed(trial)
            each = " and ".join(f"{m} = {m}ᵀ" for m in trial)
            verb = "is" if len(trial) == 1 else "are"
            return Finding("symmetric-only",
                           f"Your answer equals the correct one only when {shown} {verb} "
                           f"symmetric ({each}), and {shown} {verb} not declared symmetric here: "
                           f"for example, 2xᵀA equals xᵀ(A + Aᵀ) only when A = Aᵀ. Keep "
                           f"{trial[0]} and {trial[0]}ᵀ apart.")
    return None


def _ratio(case: Case) -> float | None:
    """k with answer = k · expected at every point, if there is one."""
    pairs = case.comparison.pairs
    if not pairs or case.comparison.undefined:
        return None
    expected = np.concatenate([e.ravel() for e, _ in pairs])
    answer = np.concatenate([np.broadcast_to(a, e.shape).ravel() for e, a in pairs])
    norm = float(expected @ expected)
    if norm == 0.0:
        return None
    k = float(answer @ expected) / norm
    if abs(k) < 1e-9 or not all(close(a, k * e) for e, a in pairs):
        return None
    return k


def sign(case: Case) -> Finding | None:
    k = _ratio(case)
    if k is not None and abs(k + 1) < 1e-6:
        return Finding("sign", "Your answer has the opposite sign to the correct one. Check "
                               "your signs.")
    return None


def factor(case: Case) -> Finding | None:
    k = _ratio(case)
    if k is None or abs(k + 1) < 1e-6 or abs(k - 1) < 1e-6:
        return None
    return Finding("factor", f"Your answer is off by a constant factor: it is {nice(k)} times "
                             f"the correct one. Check the constant factors (a 2 from "
                             f"differentiating a quadratic, or a 1/2 in front).")


def missing_term(case: Case) -> Finding | None:
    parts = terms(case.pair.expected)
    if parts is None or len(parts) < 2 or case.comparison.undefined:
        return None
    valid = case.pair.valid()
    answers = case.pair.answer_values()
    expected = case.pair.expected_values()
    for sign_, part in parts:
        if all(close(answers[k], expected[k] - sign_ * case.pair.evaluate_part(part, k))
               for k in valid):
            return Finding("missing-term",
                           f"Your answer is missing a term: it equals the correct answer without "
                           f"one of its {len(parts)} terms (with the products multiplied out). "
                           f"Check that no term was dropped: every term of a sum gives a term, "
                           f"and so does every factor that depends on the variable (the product "
                           f"rule).")
    return None


def undefined(case: Case) -> Finding | None:
    if case.comparison.undefined:
        return Finding("undefined", "Your answer is undefined at some of the sampled values "
                                    "where the correct answer is defined: check for the log or "
                                    "square root of a negative entry, a division by an "
                                    "entry that can be zero, or an inverse of a matrix that "
                                    "need not be invertible.")
    return None


DIAGNOSES: tuple[Callable[[Case], Finding | None], ...] = (
    transpose, one_for_identity, one_for_ones, symmetric_only, sign, factor, missing_term,
    undefined,
)


def diagnose(case: Case, skip: tuple[str, ...] = ()) -> Finding | None:
    """The first finding of ``DIAGNOSES``, in order (``skip``: diagnoses not to try)."""
    for diagnosis in DIAGNOSES:
        if diagnosis.__name__ in skip:
            continue
        finding = diagnosis(case)
        if finding is not None:
            return finding
    return None
