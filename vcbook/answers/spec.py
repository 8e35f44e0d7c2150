"""What an exercise declares about its answer: variables, domains, assumptions, form rules.

``make_spec`` turns the friendly arguments of ``parse``/``check`` (a list of names or a mapping
name -> sampling interval, assumptions such as ``{"r": "positive"}``, forbidden names, the float
policy) into one immutable, cached ``Spec``. Symbol names are canonical: ``θ`` and ``theta`` are
the same symbol, and so are ``x_1``, ``x₁`` and ``x1``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from vcbook.answers.errors import AuthorError
from vcbook.answers.normalise import SUBSCRIPTS
from vcbook.answers.vocabulary import (
    GREEK_LETTERS,
    NAME_SPELLINGS,
    display_name,
    function_key,
)

DEFAULT_DOMAIN = (-2.0, 2.0)
POSITIVE_DOMAIN = (0.1, 2.0)
NONNEGATIVE_DOMAIN = (0.0, 2.0)
FLOAT_POLICIES = ("exact", "forbid")
_VALID_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")


def canonical_name(name: str) -> str:
    """``θ`` -> ``theta``, ``x₁``/``x_1`` -> ``x1``, ``lambda`` -> ``lamda``."""
    spelled = "".join(GREEK_LETTERS.get(c, SUBSCRIPTS.get(c, c)) for c in name.strip())
    spelled = re.sub(r"(?<=[A-Za-z])_(?=\d)", "", spelled)
    return NAME_SPELLINGS.get(spelled, spelled)


@dataclass(frozen=True)
class Spec:
    """An exercise's declared variables (canonical names, symbols, domains) and form rules."""

    names: tuple[str, ...]
    symbols: tuple[sympy.Symbol, ...]
    domains: tuple[tuple[float, float], ...]
    forbidden: frozenset[str] = frozenset()
    floats: str = "exact"

    @functools.cached_property
    def symbol_by_name(self) -> dict[str, sympy.Symbol]:
        return dict(zip(self.names, self.symbols, strict=True))

    def phrase(self) -> str:
        """The variables for a sentence: 'x and y', 'r and θ', 'x1, x2 and x3'."""
        shown = [display_name(n) for n in self.names]
        if not shown:
            return "none"
        if len(shown) == 1:
            return shown[0]
        return ", ".join(shown[:-1]) + " and " + shown[-1]


def _flags(value) -> tuple[tuple[str, bool], ...]:
    if isinstance(value, str):
        return ((value, True),)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), bool(v)) for k, v in value.items()))
    return tuple(sorted((str(k), True) for k in value))


def _domain(name: str, given, flags: dict[str, bool]) -> tuple[float, float]:
    if given is None:
        if flags.get("positive"):
            return POSITIVE_DOMAIN
        if flags.get("nonnegative"):
            return NONNEGATIVE_DOMAIN
        return DEFAULT_DOMAIN
    try:
        low, high = (float(v) for v in given)
    except (TypeError, ValueError) as exc:
        raise AuthorError(f"domain of {name!r} must be a pair (low, high), got {given!r}") from exc
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise AuthorError(f"domain of {name!r} must satisfy low < high, got {given!r}")
    return low, high


def make_spec(variables=(), assumptions=None, forbidden=(), floats="exact") -> Spec:
    """A cached ``Spec`` from the arguments of ``parse``/``check`` (see the module docstring)."""
    if isinstance(variables, str):
        variables = [v for v in re.split(r"[\s,]+", variables) if v]
    if isinstance(variables, Mapping):
        items = tuple((str(k), None if v is None else tuple(v)) for k, v in variables.items())
    else:
        items = tuple((str(v), None) for v in variables)
    flags = tuple(sorted((canonical_name(str(k)), _flags(v))
                         for k, v in (assumptions or {}).items()))
    if isinstance(forbidden, str):
        forbidden = (forbidden,)
    return _make_spec(items, flags, frozenset(str(f) for f in forbidden), floats)


@functools.lru_cache(maxsize=256)
def _make_spec(items, flags, forbidden, floats) -> Spec:
    if floats not in FLOAT_POLICIES:
        raise AuthorError(f"floats must be one of {FLOAT_POLICIES}, got {floats!r}")
    declared = dict(flags)
    names, symbols, domains = [], [], []
    for raw, given in items:
        name = canonical_name(raw)
        if not _VALID_NAME.match(name) or function_key(name) or name in names:
            raise AuthorError(f"{raw!r} cannot be a variable name (or is given twice)")
        extra = dict(declared.pop(name, ()))
        try:
            symbol = sympy.Symbol(name, **{"real": True, **extra})
        except (TypeError, ValueError) as exc:
            raise AuthorError(f"bad assumptions for {raw!r}: {extra!r}") from exc
        names.append(name)
        symbols.append(symbol)
        domains.append(_domain(raw, given, extra))
    if declared:
        raise AuthorError(f"assumptions given for unknown variables: {sorted(declared)}")
    return Spec(tuple(names), tuple(symbols), tuple(domains), forbidden, floats)

