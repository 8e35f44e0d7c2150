"""Equivalence: numeric first (seeded points, high precision), symbolic only as a bounded fallback.

Two groups of points, both drawn with a generator seeded from the exercise (a resubmission gets
the same verdict):

- **declared** points, uniform in each variable's declared interval (where the exercise asks
  its question): the reference (the expected answer) is evaluated at 30 digits, points where it
  is undefined are skipped, and the candidate must be defined there and agree within
  ``atol + rtol·max(|a|, |b|)``;
- **wide** points: the declared interval is where to sample *first*, not a domain. Every
  variable is also sampled on (-10, 10) (and over a full period of every periodic function it
  enters linearly), restricted only by its sign assumptions (``positive``: r > 0), and there
  the two answers must agree wherever *both* are real. An answer with |·|, a root, a logarithm
  or another branch is sampled more densely (``ROUGH_WIDE_TARGET``).

A disagreement is re-checked at 90 digits before it counts (cancellation, ``sin(10^30 x)``). Too
few valid points make the entry "unknown", and only then is a small, bounded symbolic check
tried.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from dataclasses import dataclass

import sympy

from vcbook.answers.evaluate import Overflow, Undefined, compile_expr, context

PRECISION = 30
RECHECK_PRECISION = 90
TARGET_POINTS = 8  # valid declared points per entry
MIN_VALID_POINTS = 4
CANDIDATE_POINTS = 40  # declared points drawn
WIDE_HALF_WIDTH = 10.0  # every variable is also sampled on (-10, 10)
MAX_HALF_WIDTH = 1e4
WIDE_TARGET = 8  # wide points where both answers are real, per entry
ROUGH_WIDE_TARGET = 32  # ... for answers with |.|, roots, logs or branches
WIDE_CANDIDATES = 96  # wide points drawn
UNDEFINED, OVERFLOW = "undefined", "overflow"
SYMBOLIC_MAX_OPS = 60
SYMBOLIC_MAX_POWER = 12


@dataclass(frozen=True)
class Tolerance:
    rtol: float = 1e-10
    atol: float = 1e-12

    def close(self, a, b) -> bool:
        return abs(a - b) <= self.atol + self.rtol * max(abs(a), abs(b))

    def exact(self) -> Tolerance:
        """The tolerance for two exact answers (no decimals typed, no floats in the reference):
        values are computed to 30 digits, so 99999999/10^8 and 99999998/99999999 differ."""
        return Tolerance(min(self.rtol, EXACT_RTOL), min(self.atol, EXACT_ATOL))


EXACT_RTOL, EXACT_ATOL = 1e-20, 1e-24


def derive_seed(*parts) -> int:
    """A stable seed from the exercise (Python's ``hash`` of a str changes between runs)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@functools.lru_cache(maxsize=256)
def sample_points(domains: tuple[tuple[float, float], ...], seed: int,
                  count: int = CANDIDATE_POINTS) -> tuple[tuple, ...]:
    """``count`` points, uniform in the box ``domains``, from ``seed``."""
    rng = random.Random(seed)
    return tuple(tuple(rng.uniform(low, high) for low, high in domains)
                 for _ in range(count))


_PERIODIC = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)
_ROUGH = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.log, sympy.Piecewise,
          sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.atan2, sympy.acosh,
          sympy.atanh, sympy.floor, sympy.ceiling, sympy.Heaviside)


def is_rough(expr) -> bool:
    """Does ``expr`` hold |·|, a root or fractional power, a logarithm or another branch?
    Such answers can agree with a reference on part of the line only, so they are sampled more.
    """
    if not isinstance(expr, sympy.Basic):
        return False
    if expr.has(*_ROUGH):
        return True
    return any(not p.exp.is_integer for p in expr.atoms(sympy.Pow))


def _half_width(symbol: sympy.Symbol, declared: tuple[float, float], exprs) -> float:
    """Half-width of the wide interval of ``symbol``: 10, the declared interval, and half a
    period (pi/|a|) of every periodic function whose argument is a*symbol + b."""
    width = max(WIDE_HALF_WIDTH, abs(declared[0]), abs(declared[1]))
    for expr in exprs:
        if not isinstance(expr, sympy.Basic):
            continue
        for atom in expr.atoms(*_PERIODIC):
            argument = atom.args[0]
            if symbol not in argument.free_symbols:
                continue
            slope = sympy.diff(argument, symbol)
            if slope.is_number and slope != 0:
                width = max(width, math.pi / abs(float(slope)))
    return min(width, MAX_HALF_WIDTH)


def wide_domains(symbols, declared, exprs=()) -> tuple[tuple[float, float], ...]:
    """Per variable, where the wide points are drawn: (-W, W) cut by its sign assumptions
    (positive or nonnegative: (0, W); negative or nonpositive: (-W, 0))."""
    boxes = []
    for symbol, domain in zip(symbols, declared, strict=True):
        width = _half_width(symbol, domain, exprs)
        if symbol.is_nonnegative:
            boxes.append((0.0, width))
        elif symbol.is_nonpositive:
            boxes.append((-width, 0.0))
        else:
            boxes.append((-width, width))
    return tuple(boxes)


def plan_points(symbols, declared, seed: int, exprs=()) -> tuple[tuple[tuple, ...], int]:
    """(points, strict): the declared points first (``strict`` of them), then the wide ones."""
    first = sample_points(tuple(declared), seed)
    wide = sample_points(wide_domains(tuple(symbols), tuple(declared), tuple(exprs)),
                         derive_seed(seed, "wide"), WIDE_CANDIDATES)
    return first + wide, len(first)


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

    ``points[:strict]`` are declared points (the candidate must be defined wherever the
    reference is); the rest are wide points (compared where both are real). By default every
    point is strict. Reference values (expected answers, distractors) use the cross-check cache;
    candidate values (the student's answer) are computed once per check and then forgotten.
    """

    def __init__(self, names: tuple[str, ...], points: tuple, tol: Tolerance,
                 strict: int | None = None):
        self.names, self.points, self.tol = names, points, tol
        self.strict = len(points) if strict is None else strict
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


def _agree(reference, candidate, sampler: Sampler, index: int, ref, cand, recheck: bool):
    """(agree, rechecked) at one point; a disagreement is re-checked at 90 digits."""
    close = sampler.tol.close
    if not is_value(cand):
        return False, False
    if close(ref, cand):
        return True, False
    if not recheck:
        return False, False
    ref_hi = sampler.reference(reference, index, RECHECK_PRECISION)
    cand_hi = sampler.candidate(candidate, index, RECHECK_PRECISION)
    agree = is_value(ref_hi) and is_value(cand_hi) and close(ref_hi, cand_hi)
    return agree, agree


def match_entry(reference, candidate, sampler: Sampler, recheck: bool = True) -> EntryMatch:
    """Compare one scalar ``candidate`` with ``reference`` at the sampler's points.

    Declared points first (``TARGET_POINTS`` where the reference is defined); if they all agree,
    wide points (``WIDE_TARGET``, or ``ROUGH_WIDE_TARGET`` for rough answers) where both answers
    are real, stopping at the first disagreement.
    """
    pairs, rechecked = [], False
    wide_target = ROUGH_WIDE_TARGET if is_rough(candidate) or is_rough(reference) \
        else WIDE_TARGET
    strict_count = wide_count = 0
    for index in range(len(sampler.points)):
        strict = index < sampler.strict
        if strict and strict_count >= TARGET_POINTS:
            continue
        if not strict and (wide_count >= wide_target or not all(p[3] for p in pairs)):
            break
        ref = sampler.reference(reference, index)
        if not is_value(ref):
            continue
        cand = sampler.candidate(candidate, index)
        if not strict and not is_value(cand):
            continue  # wide points count only where both answers are real
        agree, again = _agree(reference, candidate, sampler, index, ref, cand, recheck)
        rechecked = rechecked or again
        pairs.append((index, ref, cand, agree))
        if strict:
            strict_count += 1
        else:
            wide_count += 1
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
