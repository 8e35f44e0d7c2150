"""``check``: read an answer, compare it with the expected one, diagnose, return a ``Verdict``.

The pipeline: read (``reader``) -> kind and shape checks -> numeric comparison (``compare``) ->
bounded symbolic fallback if sampling was inconclusive -> diagnostics (``diagnose``). ``check``
never raises: every failure, including a broken exercise, becomes an "invalid" verdict.
"""

from __future__ import annotations

import functools
import re
from numbers import Integral, Rational

import sympy

from vcbook.answers import matrix
from vcbook.answers.compare import (
    Sampler,
    Tolerance,
    compare,
    derive_seed,
    entries,
    is_rough,
    plan_points,
    symbolic_equal,
)
from vcbook.answers.diagnose import DERIVATIVES, Case, diagnose, transposed_message
from vcbook.answers.errors import AuthorError, InvalidAnswer
from vcbook.answers.reader import Reading, canonical_kind, read
from vcbook.answers.shapes import judge_shape, parse_shape
from vcbook.answers.spec import Spec, canonical_name, make_spec
from vcbook.answers.verdict import Verdict, never_raising

INCONCLUSIVE = ("I could not check this form of your answer. Please try a simpler or expanded "
                "form; this was not counted as an attempt.")


def _is_shape(obj) -> bool:
    return isinstance(obj, tuple) and all(isinstance(n, Integral) for n in obj)


def hashable(obj):
    """A hashable stand-in for an author's answer (lists -> tuples, Matrix -> Immutable)."""
    if isinstance(obj, sympy.MatrixBase):
        return sympy.ImmutableMatrix(obj)
    if isinstance(obj, sympy.NDimArray):
        return sympy.ImmutableDenseNDimArray(obj)
    if isinstance(obj, list | tuple) and not _is_shape(obj):
        return tuple(hashable(v) for v in obj)
    try:
        hash(obj)
    except TypeError:
        raise AuthorError(f"cannot use {type(obj).__name__} as an expected answer") from None
    return obj


def _to_sympy(obj):
    if isinstance(obj, sympy.Basic):
        return obj
    if isinstance(obj, bool) or not isinstance(obj, Rational | float):
        raise AuthorError(f"cannot use {type(obj).__name__} {obj!r} as an expected answer")
    return sympy.Rational(obj) if isinstance(obj, Rational) else sympy.Float(obj)


def _as_matrix(obj) -> sympy.ImmutableMatrix:
    if isinstance(obj, sympy.NDimArray):
        if obj.rank() not in (1, 2):
            raise AuthorError("expected arrays must be 1-D (a row) or 2-D")
        obj = obj.tolist()
    if isinstance(obj, sympy.MatrixBase):
        return sympy.ImmutableMatrix(obj)
    rows = list(obj)
    if rows and all(isinstance(r, list | tuple) for r in rows):
        return sympy.ImmutableMatrix([[_to_sympy(v) for v in r] for r in rows])
    return sympy.ImmutableMatrix([[_to_sympy(v) for v in rows]])  # 1-D -> a row


def _rename(expr: sympy.Expr, spec: Spec) -> sympy.Expr:
    """Replace the author's symbols by the exercise's, matching by (canonical) name."""
    mapping = {}
    for symbol in expr.free_symbols:
        name = canonical_name(symbol.name)
        if name not in spec.symbol_by_name:
            raise AuthorError(f"the expected answer uses {symbol.name!r}, which is not one of the "
                              f"variables {list(spec.names)}")
        mapping[symbol] = spec.symbol_by_name[name]
    return expr.xreplace(mapping)


def _author_shape(expected) -> tuple[int, ...]:
    if isinstance(expected, str):
        try:
            return parse_shape(expected)
        except InvalidAnswer as exc:
            raise AuthorError(f"the expected shape {expected!r} cannot be read: {exc}") from None
    if not _is_shape(expected):
        raise AuthorError(f"a shape must be a tuple of ints, got {expected!r}")
    return tuple(map(int, expected))


def _author_value(expected, spec: Spec):
    """The SymPy value of an author's answer, with the exercise's symbols."""
    if isinstance(expected, str):
        try:
            value = read(expected, spec).value
        except InvalidAnswer as exc:
            raise AuthorError(f"the expected answer {expected!r} cannot be read: {exc}") from None
    elif isinstance(expected, sympy.MatrixBase | sympy.NDimArray | tuple):
        value = _as_matrix(expected)
    else:
        value = _to_sympy(expected)
    if isinstance(value, sympy.MatrixBase):
        value = value.applyfunc(lambda v: _rename(v, spec))
    else:
        value = _rename(value, spec)
    if value.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo):
        raise AuthorError("the expected answer is complex or undefined")
    return value


@functools.lru_cache(maxsize=512)
def prepare_expected(expected, spec: Spec, kind: str | None):
    """(value, kind) for an author's expected answer or distractor (string, SymPy, list...)."""
    if kind == "shape" or (kind is None and _is_shape(expected)):
        return _author_shape(expected), "shape"
    value = _author_value(expected, spec)
    found = "matrix" if isinstance(value, sympy.MatrixBase) else "expression"
    if kind is not None and kind != found:
        raise AuthorError(f"kind={kind!r}, but the expected answer is an {found}")
    return value, found


def _example(rows: int, cols: int) -> str:
    """A typed example of a rows×cols answer: [a, b], [a; b], [a, b, c; d, e, f]."""
    if rows * cols > 9:
        row = ", ".join("abc"[:min(cols, 3)]) + (", ..." if cols > 3 else "")
        return f"[{row}]" if rows == 1 else \
            f"[{row}; ...] with rows separated by ';'" if cols > 1 else "[a; b; c; ...]"
    letters = iter("abcdefghi")
    return "[" + "; ".join(", ".join(next(letters) for _ in range(cols))
                           for _ in range(rows)) + "]"


def _shape_words(shape) -> str:
    rows, cols = shape
    if rows == 1:
        what = "1 entry" if cols == 1 else f"{cols} entries"
        return f"a row vector with {what}, such as {_example(rows, cols)}"
    if cols == 1:
        return f"a column vector with {rows} entries, such as {_example(rows, cols)}"
    return f"a {rows}×{cols} matrix, such as {_example(rows, cols)}"


def _shape_verdict(reading: Reading, expected, case_for, derivative) -> Verdict | None:
    """Kind and shape mismatches: invalid (explained), or incorrect for a transposed answer."""
    answer = reading.value
    if not isinstance(expected, sympy.MatrixBase):
        if isinstance(answer, sympy.MatrixBase):
            return Verdict("invalid", "Expected a single expression, not a vector or matrix.",
                           answer, ("invalid:kind",))
        return None
    if not isinstance(answer, sympy.MatrixBase):
        return Verdict("invalid", f"Expected {_shape_words(expected.shape)}.", answer,
                       ("invalid:shape",))
    if answer.shape == expected.shape:
        return None
    have = f"{answer.rows}×{answer.cols}"
    want = f"{expected.rows}×{expected.cols}"
    if answer.shape == expected.shape[::-1]:
        if case_for(expected.T).comparison.status == "equal":
            return Verdict("incorrect", transposed_message(have, want, derivative), answer,
                           ("transpose",))
        return Verdict("invalid", f"Expected {_shape_words(expected.shape)}, but your answer is "
                                  f"{have}: its rows and columns are the other way round.",
                       answer, ("invalid:shape",))
    return Verdict("invalid", f"Expected {_shape_words(expected.shape)} (shape {want}), but "
                              f"your answer has shape {have}.{_shape_advice(reading, expected)}",
                   answer, ("invalid:shape",))


def _shape_advice(reading: Reading, expected) -> str:
    """What probably went wrong when an answer has the wrong shape: all the entries typed as one
    row (commas where ``;`` separates rows), or a space where a comma belongs."""
    answer = reading.value
    if answer.rows == 1 and expected.rows > 1 and len(answer) == len(expected):
        return (f" You typed all {len(answer)} entries in one row: separate the rows with `;` "
                f"and the entries of a row with `,`.")
    if reading.spaced_product_in_brackets:
        return " Did you forget a comma between entries?"
    return ""


def _confirmed(answer, target) -> bool:
    """An answer with |·|, roots or logs that sampling found equal: does a small, bounded
    symbolic rewrite confirm it? (Only recorded in the notes; sampling decides.)"""
    rough = [(a, e) for a, e in zip(entries(answer), entries(target), strict=True)
             if is_rough(a)]
    return bool(rough) and all(symbolic_equal(a, e) is True for a, e in rough)


def grading_sampler(expected, target, spec: Spec, seed: int, tol: Tolerance,
                    candidate_entries=()) -> Sampler:
    """The points ``check`` compares at for an exercise: seeded by its ``seed`` and its author's
    ``expected`` object, declared points first, then wide ones (``compare.plan_points``; the
    periodic functions of ``target``, the prepared expected value, and of the candidate widen
    them). The problem bank screens distractors with the same sampler."""
    points, strict = plan_points(spec.symbols, spec.domains,
                                 derive_seed(seed, expected, spec.names, spec.domains),
                                 (*entries(target), *candidate_entries))
    return Sampler(spec.names, points, tol, strict)


_DECIMAL = re.compile(r"\d\.|\.\d")


def _entries_of(value) -> list:
    return entries(value) if isinstance(value, sympy.MatrixBase | sympy.Basic) else []


def _is_exact(text: str, target) -> bool:
    """No decimals typed and no floats in the expected answer: compare to 30 digits, so
    99999999/10^8 is not 99999998/99999999 (a decimal answer keeps the usual tolerance)."""
    return not _DECIMAL.search(text) and not any(
        e.has(sympy.Float) for e in entries(target) if isinstance(e, sympy.Basic))


def _with_readings(message: str, reading: Reading) -> str:
    return " ".join([message, *reading.readings])


def _check(text, expected, variables, kind, assumptions, distractors, forbidden, floats, seed,
           tol: Tolerance, derivative) -> Verdict:
    if derivative not in DERIVATIVES:
        raise AuthorError(f"derivative must be one of {DERIVATIVES}, got {derivative!r}")
    spec = make_spec(variables, assumptions, forbidden, floats)
    target, kind = prepare_expected(hashable(expected), spec, canonical_kind(kind))
    if kind == "shape":
        answer = read(text, spec, kind="shape").value
        status, note, message, mask = judge_shape(answer, target, derivative)
        for index, (obj, authored) in enumerate(distractors):  # authored messages come first
            if status == "incorrect" and answer == _author_shape(hashable(obj)):
                return Verdict(status, str(authored), answer, (f"distractor:{index}",), mask)
        return Verdict(status, message, answer, (note,) if note else (), mask)
    reading = read(text, spec)
    answer = reading.value
    prepared = tuple((prepare_expected(hashable(obj), spec, kind)[0], str(message))
                     for obj, message in distractors)
    sampler = grading_sampler(expected, target, spec, seed,
                              tol.exact() if _is_exact(text, target) else tol,
                              _entries_of(answer))

    def case_for(reference) -> Case:
        comparison = compare(answer, reference, sampler)
        return Case(answer, reference, comparison, spec, sampler, prepared, derivative)

    early = _shape_verdict(reading, target, case_for, derivative)
    if early is not None:
        return early
    case = case_for(target)
    status = case.comparison.status
    notes = ("read-as",) if reading.readings else ()
    notes += ("precision-recheck",) if case.comparison.rechecked else ()
    mask = case.comparison.mask
    if status == "unknown":
        settled = [m.status != "unknown" or symbolic_equal(a, e) is True
                   for m, a, e in zip(case.comparison.matches, entries(answer), entries(target),
                                      strict=True)]
        if not all(settled):
            return Verdict("invalid", INCONCLUSIVE, answer, ("inconclusive",))
        status, notes = "equal", notes + ("symbolic",)
        mask = None if mask is None else tuple(tuple(True for _ in row) for row in mask)
    if status == "equal" and "symbolic" not in notes and _confirmed(answer, target):
        notes += ("symbolic",)
    if status == "equal":
        return Verdict("correct", _with_readings("Correct!", reading), answer, notes, mask)
    findings = diagnose(case)
    message = findings[0].message if findings else \
        "That is not correct yet. Check your working and try again."
    return Verdict("incorrect", _with_readings(message, reading), answer,
                   tuple(f.code for f in findings) + notes, mask)


def check(text, expected, variables=(), *, kind=None, assumptions=None, distractors=(),
          forbidden=(), floats="exact", seed=0, rtol=1e-10, atol=1e-12,
          derivative=None) -> Verdict:
    """Judge a typed answer against ``expected``; never raises, never runs unbounded.

    - ``expected``: a SymPy expression/Matrix/1-D Array, a list (1-D lists are rows), an author
      string in the input language, or a shape tuple such as ``(2, 3)``.
    - ``variables``: names, or a mapping name -> sampling interval ``(low, high)``; default
      interval (-2, 2), or (0.1, 2) for a variable declared positive in ``assumptions``
      (``{"r": "positive"}``).
    - ``kind``: "expression", "matrix" (or "vector") or "shape"; inferred from ``expected``.
    - ``distractors``: (expected-like, message) pairs: a matching answer gets that message.
    - ``forbidden``: names refused in this exercise; ``floats``: "exact" or "forbid".
    - ``seed``: the exercise's seed; sample points derive from it and from ``expected``.
    - ``rtol``, ``atol``: numeric tolerance (values are computed to 30 digits); when no decimal
      is typed and the expected answer has no floats, the comparison is exact to 20 digits.
    - ``derivative``: what the answer is, for explaining a transposed answer: "gradient" (a
      scalar's derivative by a vector, a 1×n row), "jacobian" (m×n), "matrix" (a scalar's
      derivative by a matrix, shaped like it) or None (just say rows and columns are swapped).
    - ``variables``' intervals are where sampling starts, not domains: every variable is also
      sampled on (-10, 10); only an assumption such as ``{"r": "positive"}`` restricts it.

    A string value in ``variables`` declares a shape (``{"x": "n", "A": "n×n"}``): the answer is
    then read in matrix notation (``vcbook.answers.matrix``), where ``expected`` is text in that
    notation and ``kind``, ``assumptions``, ``forbidden``, ``floats``, ``rtol``, ``atol`` do not
    apply.
    """
    if matrix.declares_shapes(variables):
        return matrix.check(text, expected, variables, distractors=distractors, seed=seed,
                            derivative=derivative)
    variables = matrix.scalar_intervals(variables)
    return never_raising(_check, text, expected, variables, kind, assumptions, distractors,
                         forbidden, floats, seed, Tolerance(rtol, atol), derivative)
