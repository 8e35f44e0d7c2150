"""Stage 3: resolve names to variables, constants and functions, or explain why not.

An unknown name is split into known ones when it can be (``xy`` -> x·y, ``rcos`` -> r·cos) and
the reading is reported back; otherwise the message suggests a fix: a case or spelling slip
("did you mean sin?"), the wrong coordinate system, a SymPy command, or the exercise's variables.
"""

from __future__ import annotations

import difflib
import re

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import NAME, NUM, Token
from vcbook.answers.normalise import Normalised
from vcbook.answers.spec import Spec, canonical_name
from vcbook.answers.vocabulary import (
    ALIASES,
    CONSTANTS,
    COORDINATE_SYSTEMS,
    FUNCTIONS,
    PYTHON_WORDS,
    SPECIAL_NAMES,
    SYMPY_COMMANDS,
    display_name,
    function_key,
    function_list,
)

VAR, CONST, FUNC = "var", "const", "func"
MAX_SPLIT_LENGTH = 30
_DIGITS = re.compile(r"\d+")


def vocabulary(spec: Spec) -> dict[str, tuple[str, str]]:
    """Every name a student may type in this exercise -> (kind, canonical value)."""
    known: dict[str, tuple[str, str]] = {}
    for name in CONSTANTS:
        known[name] = (CONST, name)
    for name in (*FUNCTIONS, *ALIASES):
        known[name] = (FUNC, function_key(name))
    for name in spec.names:
        known[name] = (VAR, name)
        underscored = re.sub(r"^([A-Za-z]+)(\d+)$", r"\1_\2", name)  # x1 may be typed x_1,
        known.setdefault(underscored, (VAR, name))                     # also inside x_1x_2
    return {k: v for k, v in known.items() if k not in spec.forbidden and v[1] not in
            spec.forbidden}


def _unary(entry: tuple[str, str]) -> bool:
    """A function of one argument (matrix notation's own functions, such as tr, all are)."""
    kind, value = entry
    rule = FUNCTIONS.get(value)
    return kind == FUNC and (rule is None or rule.accepts(1))


def _split(word: str, known: dict[str, tuple[str, str]]) -> list[str] | None:
    """The shortest split of ``word`` into known names (longer pieces first on ties), or None.

    Digits may follow a one-argument function (``cos2`` -> cos, 2, so ``cos2θ`` is cos(2θ)); a
    function of several arguments (``atan2``, ``max``) can only end the word.
    """
    if len(word) > MAX_SPLIT_LENGTH:
        return None
    # best[i][after]: the split of word[i:]; after = 1 when the piece before i is a unary function
    best: list[list[list[str] | None]] = [[None, None] for _ in word] + [[[], []]]
    for i in range(len(word) - 1, -1, -1):
        names = sorted((k for k in known if word.startswith(k, i)), key=len, reverse=True)
        digits = _DIGITS.match(word, i)
        for after in (0, 1):
            for piece in names + ([digits.group()] if after and digits else []):
                end = i + len(piece)
                entry = known.get(piece, (NUM, piece))
                if entry[0] == FUNC and not _unary(entry) and end < len(word):
                    continue
                rest = best[end][_unary(entry)]
                if rest is not None and (best[i][after] is None or
                                         len(rest) + 1 < len(best[i][after])):
                    best[i][after] = [piece, *rest]
    return best[0][0]


def _coordinate_hint(word: str, spec: Spec) -> str | None:
    used = set(spec.names)
    if not used:
        return None
    for system, names in COORDINATE_SYSTEMS:
        if used <= names and any(word in other and word not in names
                                 for _, other in COORDINATE_SYSTEMS):
            return (f"This exercise is in {system} coordinates: write your answer in terms of "
                    f"{spec.phrase()}, not {display_name(word)}.")
    return None


def variables_sentence(spec: Spec) -> str:
    """'The variables in this exercise are x and y.', or what to say when there are none."""
    if not spec.names:
        return "This answer is a number: it uses no variables."
    return f"The variables in this exercise are {spec.phrase()}."


def reserved_word(word: str, column: int, shown: str | None = None) -> InvalidAnswer | None:
    """The refusal of a SymPy command or a special name (``None`` for any other word); both the
    scalar reader and matrix notation start with it."""
    where, shown = f"at column {column}", shown or word
    if word in SYMPY_COMMANDS:
        return InvalidAnswer(f"'{shown}' ({where}) is a SymPy command, not part of the answer "
                             f"language: work the result out yourself and type it.",
                             code="command", column=column)
    if word in SPECIAL_NAMES:
        return InvalidAnswer(f"{SPECIAL_NAMES[word]} (The name is {where}.)",
                             code="unknown-name", column=column)
    return None


def unknown_name(word: str, column: int, spec: Spec, shown: str | None = None) -> InvalidAnswer:
    """The most helpful message for a name we cannot read (``shown``: as typed, ``θ2``)."""
    where = f"at column {column}"
    shown = shown or word
    known = vocabulary(spec)
    canonical = canonical_name(word)
    if word in spec.forbidden or function_key(word) in spec.forbidden:
        return InvalidAnswer(f"'{shown}' ({where}) is not allowed in this exercise: work it out "
                             f"and type the result.", code="forbidden", column=column)
    reserved = reserved_word(word, column, shown)
    if reserved is not None:
        return reserved
    if word.startswith("_") or word in PYTHON_WORDS:
        variables = f"the variables {spec.phrase()}, " if spec.names else ""
        return InvalidAnswer(
            f"'{shown}' ({where}) is not part of the answer language. You can use numbers, "
            f"{variables}+ - * / ^, parentheses and the functions {function_list()}.",
            code="unknown-name", column=column)
    hint = _coordinate_hint(canonical, spec)
    if hint:
        return InvalidAnswer(f"{hint} ('{shown}' is {where}.)", code="coordinates",
                             column=column)
    digits = re.fullmatch(r"([A-Za-z_]+)(\d+)", word)
    if digits and (digits.group(1) in known or _split(digits.group(1), known)):
        stem, power = display_name(digits.group(1)), digits.group(2)
        return InvalidAnswer(
            f"'{shown}' ({where}) is not a variable in this exercise: write {stem}*{power} for a "
            f"product or {stem}^{power} for a power.", code="name-digits", column=column)
    same_case = [k for k in known if k.lower() == word.lower()]
    close = same_case or difflib.get_close_matches(word, list(known), n=1, cutoff=0.66)
    suggestion = f" Did you mean {display_name(close[0])}?" if close else ""
    if same_case:
        suggestion += " Names are case-sensitive."
    return InvalidAnswer(
        f"I don't know the name '{shown}' ({where}).{suggestion} {variables_sentence(spec)}",
        code="unknown-name", column=column)


def _reported(pieces: list[str], known: dict[str, tuple[str, str]]) -> list[str]:
    """The pieces of a split word that this stage reports: up to the first function that has
    more pieces after it (``rsinx`` -> r, sin), since the syntax stage says how that function's
    argument was read (sin(x))."""
    for k, piece in enumerate(pieces[:-1]):
        if known.get(piece, (NUM,))[0] == FUNC:
            return pieces[:k + 1]
    return pieces


def resolve(tokens: list[Token], norm: Normalised, spec: Spec) -> tuple[list[Token], list[str]]:
    """Replace NAME tokens by VAR/CONST/FUNC tokens (and the digits of ``cos2``: NUM); also
    return the readings to report."""
    known = vocabulary(spec)
    out: list[Token] = []
    readings: list[str] = []
    for token in tokens:
        if token.kind != NAME:
            out.append(token)
            continue
        word = token.text
        canonical = canonical_name(word)
        if canonical in known:
            kind, value = known[canonical]
            out.append(Token(kind, value, token.start, token.end, token.spaced))
            continue
        pieces = _split(word, known)
        if not pieces:
            raise unknown_name(word, norm.column(token.start), spec,
                               norm.typed_span(token.start, token.end))
        offset = token.start
        for n, piece in enumerate(pieces):
            kind, value = known.get(piece, (NUM, piece))
            out.append(Token(kind, value, offset, offset + len(piece), token.spaced and n == 0))
            offset += len(piece)
        reported = _reported(pieces, known)
        shown = norm.typed_span(token.start, token.start + sum(map(len, reported)))
        if len(reported) > 1 and shown.isascii():
            reading = "·".join(display_name(known[p][1]) for p in reported)
            readings.append(f"I read '{shown}' as {reading}.")
    return out, readings
