"""The reading pipeline, normalise -> lex -> names -> syntax -> parse -> build, and ``parse``.

``read`` is what ``check`` uses: it returns the value together with what to tell the student
about how the text was read ("I read 'xy' as x·y."). ``parse`` is the public, value-only form.
Student and author strings go through the same pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from vcbook.answers.build import build
from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import lex
from vcbook.answers.limits import LIMITS, Limits, check_typed
from vcbook.answers.names import resolve
from vcbook.answers.normalise import normalise
from vcbook.answers.shapes import parse_shape
from vcbook.answers.spec import Spec, make_spec
from vcbook.answers.syntax import write_program
from vcbook.answers.whitelist import parse_program

KINDS = ("expression", "matrix", "shape")
KIND_ALIASES = {"vector": "matrix", "scalar": "expression"}


@dataclass(frozen=True)
class Reading:
    """A read answer: the value and notes about the reading."""

    value: object
    readings: tuple[str, ...] = ()
    spaced_product_in_brackets: bool = False


def canonical_kind(kind: str | None) -> str | None:
    kind = KIND_ALIASES.get(kind, kind)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS} or 'vector', got {kind!r}")
    return kind


def read(text, spec: Spec, *, kind: str | None = None, limits: Limits = LIMITS) -> Reading:
    """Read typed text in the answer language; raises InvalidAnswer with a student message."""
    check_typed(text, limits)
    if kind == "shape":
        return Reading(parse_shape(text))
    norm = normalise(text)
    if not norm.text.strip():
        raise InvalidAnswer("Your answer is empty.", code="empty")
    if len(norm.text) > limits.max_chars:
        raise InvalidAnswer(f"Your answer is too long to check (more than {limits.max_chars} "
                            f"characters). Try simplifying it.", code="too-long")
    tokens, readings = resolve(lex(norm, limits), norm, spec)
    program = write_program(tokens, norm, limits)
    value = build(parse_program(program, limits), program, spec, limits)
    if kind == "expression" and isinstance(value, sympy.MatrixBase):
        raise InvalidAnswer("Expected a single expression, not a vector or matrix.", code="kind")
    if kind == "matrix" and not isinstance(value, sympy.MatrixBase):
        raise InvalidAnswer("Expected a vector or matrix in square brackets, such as [a, b] or "
                            "[a, b; c, d].", code="kind")
    unique = tuple(dict.fromkeys(readings + program.readings))  # each reading said once, in order
    return Reading(value, unique, program.spaced_product_in_brackets)


def parse(text, variables=(), *, kind=None, assumptions=None, forbidden=(), floats="exact"):
    """Read ``text`` in the answer input language (DESIGN.md) into a SymPy object.

    Returns a SymPy expression, an ``ImmutableMatrix`` (``[a, b]`` is a 1×n row, ``[a; b]`` a
    column, ``[a, b; c, d]`` or ``[[a, b], [c, d]]`` a matrix) or, for ``kind="shape"``, a tuple
    of ints. ``variables``: names (``["x", "y"]``, ``"r theta"``) or a mapping name -> sampling
    interval, or a shape string such as ``"n"`` or ``"m×n"``, which switches to matrix notation
    and returns a ``MatrixExpr`` (``vcbook.answers.matrix``). Variables are
    ``Symbol(name, real=True)`` plus any ``assumptions`` (``{"r": "positive"}``).
    ``forbidden``: names refused in this exercise. ``floats``: ``"exact"`` (0.5 -> 1/2) or
    ``"forbid"``. Raises ``InvalidAnswer`` (a ``ValueError``) whose message tells the student
    where and what to change.
    """
    from vcbook.answers import matrix

    if matrix.declares_shapes(variables):
        return matrix.parse(text, variables)
    spec = make_spec(matrix.scalar_intervals(variables), assumptions, forbidden, floats)
    return read(text, spec, kind=canonical_kind(kind)).value
