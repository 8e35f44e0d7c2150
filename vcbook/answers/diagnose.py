"""Why is a wrong answer wrong? An ordered list of diagnostics, each a small function.

``DIAGNOSTICS`` runs in order on a ``Case`` (the student's answer, the expected one, and the
sampled values); each returns a ``Finding`` (machine code + student message) or None. The first
finding is shown (for arrays the per-entry count is added to the notes too). Order: authored
distractors, sign, constant factor, additive constant, undefined where the answer is defined,
right on only part of the domain, then for arrays transpose, permuted components, and the
per-entry count.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import sympy

from vcbook.answers.compare import (
    Comparison,
    Sampler,
    compare,
    entries,
    is_value,
    match_entry,
)
from vcbook.answers.spec import Spec
from vcbook.answers.vocabulary import display_name

LAYOUT = ("The book uses the numerator layout: the gradient of a scalar f(x) is the 1×n row "
          "[∂f/∂x1, ..., ∂f/∂xn], and row i of a Jacobian is the gradient of f_i; the transpose "
          "is the 'denominator layout'.")
GENERIC = "That is not correct yet. Check your working and try again."
MAX_PERMUTED_SIZE = 6


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


@dataclass(frozen=True)
class Case:
    """Everything a diagnostic may look at."""

    student: object
    expected: object
    comparison: Comparison
    spec: Spec
    sampler: Sampler
    distractors: tuple = ()

    @property
    def tol(self):
        return self.sampler.tol

    @property
    def is_array(self) -> bool:
        return isinstance(self.expected, sympy.MatrixBase)

    def same(self, candidate, reference, recheck: bool = True) -> bool:
        shape = getattr(reference, "shape", None)
        if shape != getattr(candidate, "shape", None):
            return False
        return compare(candidate, reference, self.sampler, recheck).status == "equal"

    def pairs(self):
        """(expected, student) values at every sampled point, over all entries."""
        return [(ref, cand) for m in self.comparison.matches for _, ref, cand, _ in m.pairs]


def nice(value) -> str:
    """A number for a message: an exact-looking fraction if it is one, else 4 digits."""
    number = float(value)
    fraction = Fraction(number).limit_denominator(24)
    if abs(fraction.numerator) < 10**6 and \
            abs(float(fraction) - number) <= 1e-9 * max(1.0, abs(number)):
        return str(fraction)
    return f"{number:.4g}"


def _defined_pairs(case: Case):
    pairs = case.pairs()
    if not pairs or not all(is_value(c) for _, c in pairs):
        return None
    return pairs


def distractors(case: Case) -> Finding | None:
    for index, (obj, message) in enumerate(case.distractors):
        if case.same(case.student, obj):
            return Finding(f"distractor:{index}", message)
    return None


def sign(case: Case) -> Finding | None:
    pairs = _defined_pairs(case)
    if not pairs or not any(abs(r) > case.tol.atol for r, _ in pairs):
        return None
    if all(case.tol.close(-r, c) for r, c in pairs):
        what = "every entry of your answer has" if case.is_array else "your answer has"
        return Finding("sign", f"Check your signs: {what} the opposite sign to the correct one.")
    return None


def factor(case: Case) -> Finding | None:
    pairs = _defined_pairs(case)
    if not pairs:
        return None
    scale = max(abs(r) for r, _ in pairs)
    ratios = [c / r for r, c in pairs if abs(r) > 1e-6 * scale and abs(r) > case.tol.atol]
    if len(ratios) < 3:
        return None
    k = ratios[0]
    if abs(k) < 1e-9 or case.tol.close(abs(k), 1) or not all(case.tol.close(k, q) for q in
                                                             ratios):
        return None
    if not all(case.tol.close(k * r, c) for r, c in pairs):
        return None
    return Finding("factor", f"Your answer is off by a constant factor: it is {nice(k)} times "
                             f"the correct one. Check the constant factors (for example one from "
                             f"the chain rule or the power rule).")


def constant(case: Case) -> Finding | None:
    pairs = _defined_pairs(case)
    if case.is_array or not pairs or len(pairs) < 3:
        return None
    d = pairs[0][1] - pairs[0][0]
    if abs(d) <= case.tol.atol or not all(case.tol.close(c - r, d) for r, c in pairs):
        return None
    return Finding("constant", f"Your answer differs from the correct one by a constant "
                               f"({nice(d)}). Check the constant terms.")


def undefined(case: Case) -> Finding | None:
    for match in case.comparison.matches:
        for index, _, cand, _ in match.pairs:
            if cand == "undefined":
                where = ", ".join(f"{display_name(n)} = {v:.3g}"
                                  for n, v in zip(case.spec.names, case.sampler.points[index],
                                                  strict=True))
                return Finding("undefined", f"Your answer is undefined at {where}, where the "
                               f"correct answer has a value. Check for a division by zero, or "
                               f"a logarithm or square root of a negative number.")
    return None


def partial(case: Case) -> Finding | None:
    if case.is_array:
        return None
    flags = [agree for _, _, _, agree in case.comparison.matches[0].pairs]
    if 2 <= sum(flags) < len(flags):
        return Finding("partial", "Your answer agrees with the correct one for some values of the "
                       "variables but not for others. Check signs, absolute values (sqrt(r^2) "
                       "is |r|) and the branches of inverse functions.")
    return None


def transpose(case: Case) -> Finding | None:
    expected = case.expected
    if not case.is_array or expected.rows != expected.cols or expected.rows < 2:
        return None
    if case.same(case.student, expected.T):
        return Finding("transpose", f"This is the transpose of the correct answer. {LAYOUT}")
    return None


def _agrees(case: Case, student_entry, expected_entry) -> bool:
    return match_entry(expected_entry, student_entry, case.sampler,
                       recheck=False).status == "equal"


def _permutation(table: list[list[bool]]) -> tuple[int, ...] | None:
    """A non-identity order with table[a][order[a]] for all a, if there is one."""
    n = len(table)
    if n < 2 or n > MAX_PERMUTED_SIZE or not all(any(row) for row in table):
        return None
    for order in itertools.permutations(range(n)):
        if order != tuple(range(n)) and all(table[a][order[a]] for a in range(n)):
            return order
    return None


def permuted(case: Case) -> Finding | None:
    if not case.is_array:
        return None
    student, expected = case.student, case.expected
    rows, cols = expected.shape
    if 1 in (rows, cols):
        mine, theirs = entries(student), entries(expected)
        table = [[_agrees(case, s, e) for e in theirs] for s in mine]
        if _permutation(table):
            return Finding("permuted", "The components are right but in the wrong order: "
                           f"component k belongs to the k-th variable ({case.spec.phrase()}) "
                           f"or the k-th function.")
        return None
    if rows <= MAX_PERMUTED_SIZE:
        table = [[all(_agrees(case, student[i, k], expected[j, k]) for k in range(cols))
                  for j in range(rows)] for i in range(rows)]
        if _permutation(table):
            return Finding("permuted", "The rows are right but in the wrong order: row i is the "
                                       "gradient of f_i.")
    if cols <= MAX_PERMUTED_SIZE:
        table = [[all(_agrees(case, student[k, i], expected[k, j]) for k in range(rows))
                  for j in range(cols)] for i in range(cols)]
        if _permutation(table):
            return Finding("permuted", "The columns are right but in the wrong order: column j "
                                       f"holds the derivatives by the j-th variable "
                                       f"({case.spec.phrase()}).")
    return None


def entry_count(case: Case) -> Finding | None:
    if not case.is_array:
        return None
    mask = [flag for row in case.comparison.mask for flag in row]
    rows, cols = case.expected.shape
    right = sum(mask)
    if 1 in (rows, cols):
        wrong = [str(k + 1) for k, ok in enumerate(mask) if not ok]
        where = f"component{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}"
        noun = "components"
    else:
        wrong = [f"({k // cols + 1}, {k % cols + 1})" for k, ok in enumerate(mask) if not ok]
        where = f"entr{'ies' if len(wrong) > 1 else 'y'} {', '.join(wrong)}"
        noun = "entries"
    return Finding("entries", f"{right} of {len(mask)} {noun} are correct; look again at "
                              f"{where}.")


DIAGNOSTICS = (distractors, sign, factor, constant, undefined, partial, transpose, permuted,
               entry_count)


def diagnose(case: Case) -> list[Finding]:
    """The first finding of ``DIAGNOSTICS`` (in order), plus the entry count for arrays."""
    findings = []
    for diagnostic in DIAGNOSTICS:
        finding = diagnostic(case)
        if finding is not None:
            findings.append(finding)
            break
    if case.is_array and (not findings or findings[0].code != "entries"):
        findings.extend(f for f in [entry_count(case)] if f is not None)
    return findings
