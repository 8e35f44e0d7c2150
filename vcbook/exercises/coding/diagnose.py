"""What is wrong with one output of a student's function: ``DIAGNOSES``, a table tried in order.

Each diagnosis looks at one output over all hidden cases (an ``Evidence``) and returns a
``Finding`` (a code such as ``"transpose"`` and a message for the student) or None. The first
that fires explains the output; the last, ``failed_cases``, always fires: it says which cases
fail and by how much. An exercise's ``advice`` (code -> sentence) adds what the generic message
cannot know, such as why a sign is what it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from vcbook.exercises.coding.spec import Case, Mistake, Output

RTOL = 1e-7
"""Entries agree when they differ by at most RTOL · (1 + the largest right entry); an exercise
whose right answers are estimates (finite differences) sets a looser ``CodeExercise.rtol``."""


@dataclass(frozen=True)
class Evidence:
    """One output across the hidden cases: what it should be, what the student returned, each
    authored mistake's value of it (None where the mistake leaves this output right), and the
    relative tolerance ``rtol`` that ``close`` uses."""

    output: Output
    cases: tuple[Case, ...]
    expected: tuple[np.ndarray, ...]
    got: tuple[np.ndarray, ...]
    mistakes: tuple[tuple[Mistake, tuple | None], ...] = ()
    advice: Mapping[str, str] | None = None
    rtol: float = RTOL

    def close(self, got: np.ndarray, want: np.ndarray) -> bool:
        """``close`` with this evidence's tolerance."""
        return close(got, want, self.rtol)


@dataclass(frozen=True)
class Finding:
    """What a diagnosis found: a machine ``code`` and the student's ``message``; an authored
    mistake keeps its ``template``, so that outputs with the same mistake share one message. An
    exercise's last check (``verify``) may name in ``explains`` the outputs' codes (``"cases"``)
    that its finding explains better: those are then not shown."""

    code: str
    message: str
    template: str | None = None
    explains: tuple[str, ...] = ()


def close(got: np.ndarray, want: np.ndarray, rtol: float = RTOL) -> bool:
    """Same shape and the same entries, up to ``rtol`` (equal infinities count as equal)."""
    if got.shape != want.shape:
        return False
    finite = np.abs(want[np.isfinite(want)])
    tolerance = rtol * (1.0 + float(np.max(finite, initial=0.0)))
    with np.errstate(invalid="ignore"):
        return bool(np.all((got == want) | (np.abs(got - want) <= tolerance)))


def shape_text(shape: tuple) -> str:
    """(3,) and (2, 4) as Python prints them; () as "() (a single number)"."""
    return "() (a single number)" if shape == () else str(tuple(shape))


def _case(ev: Evidence, i: int) -> str:
    return f"in case {i + 1} ({ev.cases[i].label})"


def _advised(ev: Evidence, code: str, message: str) -> Finding:
    extra = (ev.advice or {}).get(code, "")
    return Finding(code, f"{message} {extra}".strip())


def transposed(ev: Evidence) -> Finding | None:
    """A matrix returned with its two axes swapped (in every case; some case not square)."""
    pairs = list(zip(ev.expected, ev.got, strict=True))
    if not all(e.ndim == 2 and g.shape == e.shape[::-1] for e, g in pairs):
        return None
    oblong = [i for i, (e, _) in enumerate(pairs) if e.shape[0] != e.shape[1]]
    if not oblong:
        return None
    i = oblong[0]
    e, g = pairs[i]
    then = ("Its entries are right once transposed back." if all(ev.close(g.T, e)
                                                                  for e, g in pairs)
            else "Even transposed back, its entries are wrong: fix the shape first.")
    return _advised(ev, "transpose",
                    f"{ev.output.name} is transposed: it has shape {shape_text(g.shape)} where "
                    f"{ev.output.shape} {shape_text(e.shape)} is expected {_case(ev, i)}. "
                    f"{then}")


def wrong_shape(ev: Evidence) -> Finding | None:
    """A shape other than the expected one, naming both shapes and the case."""
    for i, (e, g) in enumerate(zip(ev.expected, ev.got, strict=True)):
        if g.shape == e.shape:
            continue
        why = ""
        if g.size == e.size and g.ndim > e.ndim and 1 in g.shape:
            why = (" It has the right entries' count but extra axes of length 1: vectors are 1-D "
                   "arrays here, so avoid column shapes such as x[:, None] or reshape(-1, 1).")
        return _advised(ev, "shape",
                        f"{ev.output.name} has the wrong shape: {shape_text(g.shape)} where "
                        f"{ev.output.shape} {shape_text(e.shape)} is expected "
                        f"{_case(ev, i)}.{why}")
    return None


def not_finite(ev: Evidence) -> Finding | None:
    """nan or inf where every right entry is finite (an overflow, a 0/0)."""
    bad = [i for i, (e, g) in enumerate(zip(ev.expected, ev.got, strict=True))
           if np.all(np.isfinite(e)) and not np.all(np.isfinite(g))]
    if not bad:
        return None
    rest = [i for i in range(len(ev.cases)) if i not in bad]
    right = (" It is right in the other cases." if rest and all(
        ev.close(ev.got[i], ev.expected[i]) for i in rest) else "")
    return _advised(ev, "nonfinite",
                    f"{ev.output.name} has nan or inf entries {_case(ev, bad[0])}, where the "
                    f"right values are finite.{right}")


ZEROS = ("All zeros in {name}, in every case: is a placeholder such as `np.zeros_like(...)` "
         "still there?")


def all_zeros(ev: Evidence) -> Finding | None:
    """Zeros everywhere (a placeholder left in); outputs with zeros share one message."""
    if all(not np.any(g) for g in ev.got) and any(np.any(e) for e in ev.expected):
        return Finding("zeros", ZEROS.format(name=ev.output.name), ZEROS)
    return None


def authored(ev: Evidence) -> Finding | None:
    """One of the exercise's classic mistakes, matched in every case."""
    for mistake, values in ev.mistakes:
        if values is not None and all(ev.close(g, v)
                                      for g, v in zip(ev.got, values, strict=True)):
            return Finding(f"mistake:{mistake.code}", mistake.message.format(name=ev.output.name),
                           mistake.message)
    return None


def sign(ev: Evidence) -> Finding | None:
    """Minus the right values in every case."""
    if all(ev.close(g, -e) for e, g in zip(ev.expected, ev.got, strict=True)):
        return _advised(ev, "sign", f"{ev.output.name} has the wrong sign: it is −1 times the "
                                    f"right values in every case.")
    return None


def factor_text(c: float) -> str:
    """A constant as a student would write it: 2, 1/2, -3/2, else 4 significant digits."""
    simple = Fraction(c).limit_denominator(12)
    if abs(float(simple) - c) <= 1e-9 * max(1.0, abs(c)):
        return str(simple)
    return f"{c:.4g}"


def scaled(ev: Evidence) -> Finding | None:
    """The right values times one constant (the same in every case)."""
    e = np.concatenate([x.ravel() for x in ev.expected])
    g = np.concatenate([x.ravel() for x in ev.got])
    if not np.any(e):
        return None
    c = float(np.dot(g, e) / np.dot(e, e))
    if not np.isfinite(c) or abs(c) < 1e-12 or abs(c - 1.0) < 1e-6:
        return None
    if not all(ev.close(gi, c * ei) for ei, gi in zip(ev.expected, ev.got, strict=True)):
        return None
    return _advised(ev, "scale", f"{ev.output.name} is {factor_text(c)} times the right values "
                                 f"in every case: a constant factor is off.")


def failed_cases(ev: Evidence) -> Finding:
    """Which cases fail and by how much (always fires: the last resort)."""
    wrong = [i for i, (e, g) in enumerate(zip(ev.expected, ev.got, strict=True))
             if not ev.close(g, e)]
    parts = []
    for i in wrong:
        e, g = ev.expected[i], ev.got[i]
        with np.errstate(invalid="ignore"):
            error = float(np.nanmax(np.abs(g - e), initial=0.0))
        size = float(np.max(np.abs(e), initial=0.0))
        parts.append(f"case {i + 1} ({ev.cases[i].label}): largest error {error:.3g}, "
                     f"entries up to {size:.3g}")
    n = len(ev.cases)
    if len(wrong) == n:
        head = f"{ev.output.name} is wrong in all {n} hidden cases, and no usual slip (a sign, " \
               f"a constant factor, a transpose, a missing factor) explains it."
    else:
        right = ", ".join(str(i + 1) for i in range(n) if i not in wrong)
        head = f"{ev.output.name} is wrong in {len(wrong)} of {n} hidden cases (right in " \
               f"{'case' if n - len(wrong) == 1 else 'cases'} {right})."
    return _advised(ev, "cases", f"{head} {'; '.join(parts)}.")


DIAGNOSES = (transposed, wrong_shape, all_zeros, authored, not_finite, sign, scaled, failed_cases)
"""Tried in order; the first Finding explains the output. An authored mistake that matches
exactly (its infinities too) is more telling than "nan or inf", so it comes first."""


def explain(ev: Evidence) -> Finding | None:
    """None when the output is right in every case, else the first diagnosis that fires."""
    if all(ev.close(g, e) for e, g in zip(ev.expected, ev.got, strict=True)):
        return None
    for diagnosis in DIAGNOSES:
        finding = diagnosis(ev)
        if finding is not None:
            return finding
    raise AssertionError("failed_cases always fires")  # pragma: no cover
