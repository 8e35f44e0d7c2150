"""Equivalence: numeric first (seeded points, high precision), symbolic only as a bounded fallback.

Points are drawn from each variable's declared interval with a generator seeded from the
exercise, so a resubmission gets the same verdict. At each point the reference (the expected
answer) is evaluated at 30 digits; points where it is undefined are skipped; the candidate must
be defined there and agree within ``atol + rtol·max(|a|, |b|)``. A disagreement is re-checked
at 90 digits before it counts (cancellation, ``sin(10^30 x)``). Too few valid points make the
entry "unknown", and only then is a small, bounded symbolic check tried.
"""

from __future__ import annotations

import functools
import hashlib
import random
from dataclasses import dataclass

import sympy

from vcbook.answers.evaluate import Overflow, Undefined, compile_expr, context

PRECISION = 30
RECHECK_PRECISION = 90
TARGET_POINTS = 8
MIN_VALID_POINTS = 4
CANDIDATE_POINTS = 40
UNDEFINED, OVERFLOW = "undefined", "overflow"
SYMBOLIC_MAX_OPS = 60
SYMBOLIC_MAX_POWER = 12


@dataclass(frozen=True)
class Tolerance:
    rtol: float = 1e-10
    atol: float = 1e-12

    def close(self, a, b) -> bool:
        return abs(a - b) <= self.atol + self.rtol * max(abs(a), abs(b))


def derive_seed(*parts) -> int:
    """A stable seed from the exercise (Python's ``hash`` of a str changes between runs)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@functools.lru_cache(maxsize=256)
def sample_points(domains: tuple[tuple[float, float], ...], seed: int) -> tuple[tuple, ...]:
    """``CANDIDATE_POINTS`` points, uniform in the box ``domains``, from ``seed``."""
    rng = random.Random(seed)
    return tuple(tuple(rng.uniform(low, high) for low, high in domains)
                 for _ in range(CANDIDATE_POINTS))


@functools.lru_cache(maxsize=4096)
def _environment(names: tuple[str, ...], point: tuple, dps: int) -> dict:
    ctx = context(dps)
    return {name: ctx.mpf(value) for name, value in zip(names, point, strict=True)}


def _evaluate(function, names, point, dps):
    try:
        return function(_environment(names, point, dps))
    except Undefined:
        return UNDEFINED
    except Overflow:
        return OVERFLOW


@functools.lru_cache(maxsize=65536)
def reference_value(expr: sympy.Expr, names: tuple[str, ...], point: tuple,
                    dps: int = PRECISION):
    """The value of an author's ``expr`` at ``point`` (an mpf, UNDEFINED or OVERFLOW).

    Cached across checks: an exercise's expected answer is evaluated once per point.
    """
    return _evaluate(compile_expr(expr, dps), names, point, dps)


def is_value(v) -> bool:
    return not isinstance(v, str)


class Sampler:
    """The points of one check, with a per-check memo of the student's values.

    Reference values (expected answers, distractors) use the cross-check cache; candidate values
    (the student's answer) are computed once per check and then forgotten.
    """

    def __init__(self, names: tuple[str, ...], points: tuple, tol: Tolerance):
        self.names, self.points, self.tol = names, points, tol
        self._compiled: dict = {}
        self._values: dict = {}

    def reference(self, expr, index: int, dps: int = PRECISION):
        return reference_value(expr, self.names, self.points[index], dps)

    def candidate(self, expr, index: int, dps: int = PRECISION):
        key = (expr, index, dps)
        if key not in self._values:
            if (expr, dps) not in self._compiled:
                self._compiled[expr, dps] = compile_expr(expr, dps, cache=False)
            function = self._compiled[expr, dps]
            self._values[key] = _evaluate(function, self.names, self.points[index], dps)
        return self._values[key]


@dataclass(frozen=True)
class EntryMatch:
    """How a candidate compares with a reference: status and the sampled (ref, cand) values.

    ``pairs``: (point index, reference value, candidate value, agree) at points where the
    reference is defined. ``status``: "equal", "different" or "unknown" (too few valid points).
    """

    status: str
    pairs: tuple[tuple, ...]
    rechecked: bool = False


def match_entry(reference, candidate, sampler: Sampler, recheck: bool = True) -> EntryMatch:
    """Compare one scalar ``candidate`` with ``reference`` at the sampler's points."""
    pairs, rechecked, close = [], False, sampler.tol.close
    for index in range(len(sampler.points)):
        ref = sampler.reference(reference, index)
        if not is_value(ref):
            continue
        cand = sampler.candidate(candidate, index)
        agree = is_value(cand) and close(ref, cand)
        if not agree and recheck and is_value(cand):
            ref_hi = sampler.reference(reference, index, RECHECK_PRECISION)
            cand_hi = sampler.candidate(candidate, index, RECHECK_PRECISION)
            agree = is_value(ref_hi) and is_value(cand_hi) and close(ref_hi, cand_hi)
            rechecked = rechecked or agree
        pairs.append((index, ref, cand, agree))
        if len(pairs) >= TARGET_POINTS:
            break
    if not all(p[3] for p in pairs):
        status = "different"
    elif len(pairs) >= MIN_VALID_POINTS:
        status = "equal"
    else:
        status = "unknown"
    return EntryMatch(status, tuple(pairs), rechecked)


def entries(obj) -> list:
    """The scalar entries of an expression or matrix, row by row."""
    return list(obj) if isinstance(obj, sympy.MatrixBase) else [obj]


@dataclass(frozen=True)
class Comparison:
    """Entry-by-entry comparison of two objects of the same shape."""

    shape: tuple[int, int] | None
    matches: tuple[EntryMatch, ...]

    @property
    def status(self) -> str:
        statuses = {m.status for m in self.matches}
        if "different" in statuses:
            return "different"
        return "unknown" if "unknown" in statuses else "equal"

    @property
    def mask(self) -> tuple[tuple[bool, ...], ...] | None:
        if self.shape is None:
            return None
        rows, cols = self.shape
        flags = [m.status == "equal" for m in self.matches]
        return tuple(tuple(flags[r * cols:(r + 1) * cols]) for r in range(rows))

    @property
    def rechecked(self) -> bool:
        return any(m.rechecked for m in self.matches)


def compare(candidate, reference, sampler: Sampler, recheck: bool = True) -> Comparison:
    """Compare ``candidate`` with ``reference`` (same shape) entry by entry."""
    shape = tuple(reference.shape) if isinstance(reference, sympy.MatrixBase) else None
    matches = tuple(match_entry(r, c, sampler, recheck)
                    for r, c in zip(entries(reference), entries(candidate), strict=True))
    return Comparison(shape, matches)


def symbolic_equal(a: sympy.Expr, b: sympy.Expr) -> bool | None:
    """True if ``a - b`` cancels to 0 by a small, bounded rewrite; None if that cannot tell."""
    difference = a - b
    if sympy.count_ops(difference) > SYMBOLIC_MAX_OPS:
        return None
    if any(p.exp.is_Number and abs(p.exp) > SYMBOLIC_MAX_POWER
           for p in difference.atoms(sympy.Pow)):
        return None
    return True if sympy.cancel(sympy.expand(difference)) == 0 else None
