"""Shape declarations: which names are scalars, vectors and matrices, and how to sample them.

In ``variables`` a string value declares a shape, a tuple stays a scalar's sampling interval:

    {"x": "n", "A": "n×n", "c": (0.5, 2)}

- ``"n"``: a column vector, n×1; ``"m×n"`` (or ``"mxn"``, ``"m*n"``): a matrix; sizes are
  letters (``n``, ``n1``) or numbers (``3``);
- ``"n×n symmetric"``, ``"n×n spd"`` (symmetric positive definite): only what is sampled
  changes, never what a derivative is;
- ``"scalar"``, ``None`` or ``(low, high)``: a scalar (1×1), sampled in (-2, 2) or the interval.

``declares_shapes`` says whether a ``variables`` argument switches the reader to matrix
notation (it declares at least one vector or matrix); ``declare`` reads it into ``Declarations``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from vcbook.answers.errors import AuthorError
from vcbook.answers.matrix.shapes import SCALAR, Shape
from vcbook.answers.matrix.vocabulary import RESERVED_NAMES
from vcbook.answers.spec import DEFAULT_DOMAIN, canonical_name

STRUCTURES = ("general", "symmetric", "spd")
MAX_NUMERIC_SIZE = 12  # a declared number size; the sampled letters are 2-4
_SIZE = r"[A-Za-z](?:_?\d+)?|\d+"
_SHAPE = re.compile(rf"(?P<rows>{_SIZE})(?:\s*[x×*]\s*(?P<cols>{_SIZE}))?"
                    rf"(?:\s+(?P<structure>symmetric|spd))?", re.IGNORECASE)
_VALID_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
SCALAR_WORDS = frozenset({"scalar", "1", "1x1", "1×1"})


@dataclass(frozen=True)
class Variable:
    """A declared name: its shape, how it is sampled (structure), a scalar's interval."""

    name: str
    shape: Shape
    structure: str = "general"
    interval: tuple[float, float] = DEFAULT_DOMAIN

    @property
    def is_scalar(self) -> bool:
        return self.shape == SCALAR

    @property
    def is_square_matrix(self) -> bool:
        return self.shape.rows == self.shape.cols and not self.is_scalar


@dataclass(frozen=True)
class Declarations:
    """All declared names, in order, and the size letters they use (sorted)."""

    variables: tuple[Variable, ...]

    @functools.cached_property
    def by_name(self) -> dict[str, Variable]:
        return {v.name: v for v in self.variables}

    @functools.cached_property
    def letters(self) -> tuple[str, ...]:
        dims = {d for v in self.variables for d in (v.shape.rows, v.shape.cols)}
        return tuple(sorted(d for d in dims if isinstance(d, str)))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    def phrase(self) -> str:
        """'x, A and c' for messages."""
        names = list(self.names)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _size(text: str) -> int | str:
    if text.isdigit():
        size = int(text)
        if not 1 <= size <= MAX_NUMERIC_SIZE:
            raise AuthorError(f"a declared size must be between 1 and {MAX_NUMERIC_SIZE}, "
                              f"got {size}")
        return size
    return text.replace("_", "")


def parse_shape(text: str) -> tuple[Shape, str]:
    """``"n"`` -> (n×1, "general"); ``"n×n spd"`` -> (n×n, "spd"); raises AuthorError."""
    cleaned = " ".join(text.strip().split())
    if cleaned.lower() in SCALAR_WORDS:
        return SCALAR, "general"
    match = _SHAPE.fullmatch(cleaned)
    if match is None:
        raise AuthorError(f"cannot read the shape {text!r}: write 'n', 'm×n', 'n×n symmetric', "
                          f"'n×n spd' or 'scalar'")
    rows = _size(match["rows"])
    cols = _size(match["cols"]) if match["cols"] else 1
    structure = (match["structure"] or "general").lower()
    if structure != "general" and rows != cols:
        raise AuthorError(f"only a square matrix can be {structure}: {text!r}")
    return Shape(rows, cols), structure


def _interval(name: str, given) -> tuple[float, float]:
    if given is None:
        return DEFAULT_DOMAIN
    try:
        low, high = (float(v) for v in given)
    except (TypeError, ValueError) as exc:
        raise AuthorError(f"{name!r}: a scalar's interval is a pair (low, high), got "
                          f"{given!r}") from exc
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise AuthorError(f"{name!r}: the interval must satisfy low < high, got {given!r}")
    return low, high


def _variable(raw: str, value) -> Variable:
    name = canonical_name(raw)
    if not _VALID_NAME.match(name) or name in RESERVED_NAMES:
        raise AuthorError(f"{raw!r} cannot be a name in matrix notation (it is not a plain name, "
                          f"or it means something already: I, ones, T and the function names)")
    if isinstance(value, str):
        shape, structure = parse_shape(value)
        return Variable(name, shape, structure)
    return Variable(name, SCALAR, "general", _interval(raw, value))


def declares_shapes(variables) -> bool:
    """Does ``variables`` declare a vector or a matrix (and so ask for matrix notation)?"""
    if not isinstance(variables, Mapping):
        return False
    for value in variables.values():
        if isinstance(value, str):
            try:
                if parse_shape(value)[0] != SCALAR:
                    return True
            except AuthorError:
                return True  # a shape was meant: ``declare`` will explain what is wrong
    return False


def scalar_intervals(variables):
    """For an exercise that declares no vector or matrix: ``variables`` as the scalar reader
    takes it, with ``"scalar"`` (or ``"1"``, ``"1×1"``) replaced by None (the default
    interval). Anything else is returned unchanged."""
    if not isinstance(variables, Mapping):
        return variables
    return {name: None if isinstance(value, str) and " ".join(value.split()).lower()
            in SCALAR_WORDS else value for name, value in variables.items()}


def declare(variables) -> Declarations:
    """``Declarations`` from a ``variables`` mapping (cached); raises AuthorError."""
    if not isinstance(variables, Mapping):
        raise AuthorError("matrix notation needs variables as a mapping name -> shape, such as "
                          "{'x': 'n', 'A': 'n×n'}")
    items = []
    for key, value in variables.items():
        if not (isinstance(value, str) or value is None):
            try:
                value = tuple(value)
            except TypeError:
                raise AuthorError(f"{key!r}: a scalar's interval is a pair (low, high), got "
                                  f"{value!r}") from None
        items.append((str(key), value))
    return _declare(tuple(items))


@functools.lru_cache(maxsize=256)
def _declare(items: tuple) -> Declarations:
    variables = tuple(_variable(raw, value) for raw, value in items)
    names = [v.name for v in variables]
    if len(set(names)) != len(names):
        raise AuthorError(f"a name is declared twice: {names}")
    return Declarations(variables)
