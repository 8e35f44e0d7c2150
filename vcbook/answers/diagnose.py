"""Why is a wrong answer wrong? An ordered list of diagnostics, each a small function.

``DIAGNOSTICS`` runs in order on a ``Case`` (the student's answer, the expected one, and the
sampled values); each returns a ``Finding`` (machine code + student message) or None. The first
finding is shown (for arrays the per-entry count is added to the notes too). Order: authored
distractors, sign, a rounded number (very close everywhere), constant factor, additive constant,
undefined where the answer is defined, right on only part of the domain, then for arrays
transpose, permuted components, and the per-entry count, which gives each wrong entry the same
diagnosis (sign, factor, ...) a whole answer would get. What a transpose means depends on what
the answer is (``Case.derivative``: a gradient, a Jacobian, a scalar's derivative by a matrix).
"""

from __future__ import annotations

import itertools
import math
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

DERIVATIVES = (None, "gradient", "jacobian", "matrix")
# What a transposed answer means depends on what the answer is. Only for a gradient by a vector
# and for a Jacobian is the transpose another layout; a scalar's derivative by a matrix has the
# matrix's shape in every convention the book names, so there rows and columns are just swapped.
TRANSPOSED = "This is the transpose of the correct answer: its rows and columns are swapped"
LAYOUT_NOTES = {
    None: "",
    "gradient": ("In this book the gradient of a scalar function is a row, [∂f/∂x1, ..., ∂f/∂xn] "
                 "(the numerator layout); a column is the denominator layout, which frameworks "
                 "such as PyTorch and JAX use when they store a gradient shaped like its input."),
    "jacobian": ("Row i of a Jacobian is the gradient of f_i, so the Jacobian of f: R^n -> R^m is "
                 "m×n (the numerator layout); its n×m transpose is the denominator layout."),
    "matrix": ("The derivative of a scalar by a matrix X has X's shape, entry (i, j) being "
               "∂f/∂X_ij (the book, the Matrix Cookbook, PyTorch and JAX agree on this), so "
               "check which index labels the rows."),
}


def transposed_message(have: str | None = None, want: str | None = None,
                       derivative: str | None = None) -> str:
    """What to say about a transposed answer, with its shape and the answer's if given."""
    shapes = f" (yours is {have}, the answer is {want})" if have and have != want else ""
    note = LAYOUT_NOTES[derivative]
    return f"{TRANSPOSED}{shapes}." + (f" {note}" if note else "")


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
    derivative: str | None = None

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
    if not math.isfinite(number):
        return f"{number:.4g}"
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


def relation(pairs, tol, scalar: bool = True) -> tuple[str, float | None] | None:
    """How a wrong value relates to the right one at every sampled point, if simply:
    ("sign", -1), ("near", relative difference), ("factor", k) or ("constant", d) (scalars).
    ``pairs``: (expected, student) values, all defined."""
    if not pairs:
        return None
    if any(abs(r) > tol.atol for r, _ in pairs) and all(tol.close(-r, c) for r, c in pairs):
        return "sign", -1.0
    spread = max(abs(c - r) / max(abs(r), abs(c), tol.atol) for r, c in pairs)
    if spread <= NEAR:
        return "near", float(spread)
    scale = max(abs(r) for r, _ in pairs)
    ratios = [c / r for r, c in pairs if abs(r) > 1e-6 * scale and abs(r) > tol.atol]
    if len(ratios) >= 3:
        k = ratios[0]
        if abs(k) >= 1e-9 and all(tol.close(k, q) for q in ratios) and \
                all(tol.close(k * r, c) for r, c in pairs):
            return "factor", float(k)
    if scalar and len(pairs) >= 3:
        d = pairs[0][1] - pairs[0][0]
        if abs(d) > tol.atol and all(tol.close(c - r, d) for r, c in pairs):
            return "constant", float(d)
    return None


NEAR = 1e-4  # a relative difference this small everywhere: a rounded number, not a slip


def _described(code: str, value, whole: str) -> str:
    """The message for a relation, about ``whole`` ("your answer", "component 2", ...)."""
    if code == "sign":
        return f"{whole} has the opposite sign to the correct one. Check your signs"
    if code == "near":
        return (f"{whole} is very close to the correct value but not equal (a relative "
                f"difference of about {value:.0e}). If you typed a rounded decimal, type the "
                f"exact value instead: pi, e, sqrt(2), fractions such as 1/3")
    if code == "factor":
        return (f"{whole} is off by a constant factor: it is {nice(value)} times the correct "
                f"one. Check the constant factors (for example one from the chain rule or the "
                f"power rule)")
    return f"{whole} differs from the correct one by a constant ({nice(value)}). Check the " \
           f"constant terms"


def _whole(case: Case, code: str) -> Finding | None:
    pairs = _defined_pairs(case)
    if not pairs:
        return None
    found = relation(pairs, case.tol, scalar=not case.is_array)
    if found is None or found[0] != code:
        return None
    subject = "every entry of your answer" if case.is_array else "your answer"
    text = _described(code, found[1], subject)
    return Finding(code, text[0].upper() + text[1:] + ".")


def sign(case: Case) -> Finding | None:
    return _whole(case, "sign")


def near(case: Case) -> Finding | None:
    return _whole(case, "near")


def factor(case: Case) -> Finding | None:
    return _whole(case, "factor")


def constant(case: Case) -> Finding | None:
    return _whole(case, "constant")


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
        return Finding("transpose", transposed_message(derivative=case.derivative))
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


def _entry_name(k: int, shape: tuple[int, int]) -> str:
    rows, cols = shape
    if 1 in (rows, cols):
        return f"component {k + 1}"
    return f"entry ({k // cols + 1}, {k % cols + 1})"


def _entry_relation(case: Case, k: int):
    pairs = [(ref, cand) for _, ref, cand, _ in case.comparison.matches[k].pairs]
    if not pairs or not all(is_value(c) for _, c in pairs):
        return None
    return relation(pairs, case.tol)


def entry_count(case: Case) -> Finding | None:
    """How many entries are right, and for each wrong one the same specific diagnosis a whole
    answer gets (a sign, a constant factor, a constant, a rounded number) where one applies."""
    if not case.is_array:
        return None
    mask = [flag for row in case.comparison.mask for flag in row]
    shape = case.expected.shape
    noun = "components" if 1 in shape else "entries"
    wrong = [k for k, ok in enumerate(mask) if not ok]
    said, unexplained = [], []
    for k in wrong:
        found = _entry_relation(case, k)
        if found is None:
            unexplained.append(_entry_name(k, shape))
        else:
            said.append(_described(*found, _entry_name(k, shape)))
    parts = [f"{sum(mask)} of {len(mask)} {noun} are correct"]
    parts += said
    if unexplained:
        parts.append("look again at " + ", ".join(unexplained))
    return Finding("entries", "; ".join(parts) + ".")


DIAGNOSTICS = (distractors, sign, near, factor, constant, undefined, partial, transpose,
               permuted, entry_count)


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
