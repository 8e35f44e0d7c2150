"""Reading matrix notation, stages 1-3: normalise, split into tokens, resolve names.

Normalisation is the answer language's (``vcbook.answers.normalise``: superscripts before NFKC,
unicode signs, Greek letters), plus the transpose: ``ᵀ`` -> ``^T`` and ``⁻ᵀ`` -> ``^-T`` (NFKC
would turn ``xᵀ`` into the name ``xT``) and the all-ones vector: ``𝟙`` -> ``ones`` (NFKC would
make it the digit 1), spaced from a neighbouring name or number. Numbers and refused characters
are lexed exactly as in the answer language (``vcbook.answers.lex``). Matrix notation adds the
tokens

    '  ′  ’   transpose          ⊙  ∘  .*   Hadamard product        ‖  ∥  ||   norm bars
                                 ⊘  ./      entrywise division
    T         after ^ (x^T, X^-T, X^(T)): the transpose, not a name

As in MATLAB, a number's trailing '.' before * or / belongs to the operator: ``1./x`` is 1 ⊘ x.

Names resolve to a declared variable, ``I``, ``ones``, a constant (``pi``, ``e``) or a
function; a run of known names typed together is split (``Ax`` -> A·x) and the reading
reported back.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import Token, _bad_character, _number
from vcbook.answers.limits import Limits
from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.vocabulary import (
    ALIASES,
    CONSTANTS,
    FUNCTIONS,
    IDENTITY,
    ONES,
    ONES_CHARACTER,
    function_key,
    function_list,
)
from vcbook.answers.names import _split, reserved_word
from vcbook.answers.normalise import Normalised, normalise
from vcbook.answers.spec import canonical_name
from vcbook.answers.vocabulary import (
    FUNCTIONS as SCALAR_FUNCTIONS,
)
from vcbook.answers.vocabulary import (
    GREEK_NAMES,
    PYTHON_WORDS,
)
from vcbook.answers.vocabulary import (
    function_key as scalar_function_key,
)

# Token kinds (the answer language's NUM, "(" and ")" strings are reused as they are).
NUM, NAME, OP, LPAREN, RPAREN, COMMA = "num", "name", "op", "(", ")", ","
TICK, TEE, BAR, NORM = "tick", "tee", "|", "‖"
VAR, CONST, FUNC, IDENT, ONES_KIND = "var", "const", "func", "ident", "ones"

OPERATOR_CHARACTERS = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "⊙": "⊙", "∘": "⊙",
                       "⊘": "⊘"}
ENTRYWISE_OPERATORS = {".*": "⊙", "./": "⊘"}  # MATLAB's two-character spellings
TICKS = frozenset("'′’")
NORM_BARS = frozenset("‖∥")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MATRIX_HINTS = {
    "[": "in this exercise, type the answer in matrix notation with its names, such as "
         "x^T (A + A^T), not entry by entry in square brackets",
    "]": "in this exercise, type the answer in matrix notation with its names, not entry by "
         "entry in square brackets",
    ".": "a '.' can only be part of a number such as 0.5, or of .* or ./ (the entrywise product "
         "and division)",
    "@": "write a matrix product by juxtaposition (A x) or with *",
}


def _word_character(char: str) -> bool:
    """A letter, digit or '_' that a name or number may continue with (not ᵀ or ²)."""
    return char == "_" or char != ONES_CHARACTER and unicodedata.category(char or " ") in (
        "Lu", "Ll", "Lt", "Lo", "Nd")


def _ones_piece(before: str, after: str) -> str:
    """``ones``, spaced from a name or number it touches (x𝟙ᵀ: x ones^T, 𝟙𝟙ᵀ: ones ones^T)."""
    return (" " if _word_character(before) else "") + ONES + \
        (" " if _word_character(after) or after == ONES_CHARACTER else "")


def normalise_matrix(typed: str) -> Normalised:
    """The answer language's normalisation, with ``ᵀ`` -> ``^T``, ``⁻ᵀ`` -> ``^-T`` and
    ``𝟙`` -> ``ones``."""
    text: list[str] = []
    origin: list[int] = []

    def add(segment: str, offset: int) -> None:
        norm = normalise(segment)
        text.append(norm.text)
        origin.extend(offset + k for k in norm.origin)

    start = index = 0
    while index < len(typed):
        inverse = typed.startswith("⁻ᵀ", index)
        if typed[index] in ("ᵀ", ONES_CHARACTER) or inverse:
            add(typed[start:index], start)
            if typed[index] == ONES_CHARACTER:
                before = "".join(text)[-1:]
                piece = _ones_piece(before, typed[index + 1:index + 2])
            else:
                piece = "^-T" if inverse else "^T"
            text.append(piece)
            origin.extend([index] * len(piece))
            index += 2 if inverse else 1
            start = index
        else:
            index += 1
    add(typed[start:], start)
    return Normalised("".join(text), tuple(origin), typed)


def _after_caret(tokens: list[Token]) -> bool:
    """Is the next token in an exponent's first place: ^ _, ^ - _, ^ ( _, ^ ( - _ ?"""
    kinds = [(t.kind, t.text) for t in tokens[-3:]]
    for tail in ([(OP, "^")], [(OP, "^"), (OP, "-")], [(OP, "^"), (LPAREN, "(")],
                 [(OP, "^"), (LPAREN, "("), (OP, "-")]):
        if kinds[-len(tail):] == tail:
            return True
    return False


def _refuse(char: str, column: int) -> InvalidAnswer:
    if char in MATRIX_HINTS:
        code = "entrywise" if char in "[]" else "character"
        return InvalidAnswer(f"I can't read the character '{char}' at column {column}: "
                             f"{MATRIX_HINTS[char]}.", code=code, column=column)
    return _bad_character(char, column)


def lex_matrix(norm: Normalised, declared: frozenset[str], limits: Limits) -> list[Token]:
    """Tokens of normalised matrix notation; raises InvalidAnswer at a character not allowed."""
    text, tokens, index, spaced = norm.text, [], 0, False
    while index < len(text):
        char = text[index]
        if char == " ":
            spaced, index = True, index + 1
            continue
        if char.isdigit() or (char == "." and text[index + 1:index + 2].isdigit()):
            token = _number(norm, index, limits)
            if text[token.end - 1:token.end + 1] in ENTRYWISE_OPERATORS:  # 1./x: 1 ./ x
                token = Token(NUM, token.text[:-1], token.start, token.end - 1)
        elif char in "Tt" and _after_caret(tokens) and not (char == "t" and "t" in declared) \
                and _NAME.match(text, index).group() not in declared:
            if char == "t":
                column = norm.column(index)
                raise InvalidAnswer(f"Write the transpose with a capital T: x^T (column "
                                    f"{column}).", code="transpose-case", column=column)
            token = Token(TEE, "T", index, index + 1)
        elif char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(text, index)
            token = Token(NAME, match.group(), index, match.end())
        elif text.startswith("**", index):
            token = Token(OP, "^", index, index + 2)
        elif text[index:index + 2] in ENTRYWISE_OPERATORS:
            token = Token(OP, ENTRYWISE_OPERATORS[text[index:index + 2]], index, index + 2)
        elif text.startswith("||", index):
            token = Token(NORM, "‖", index, index + 2)
        elif char in OPERATOR_CHARACTERS:
            token = Token(OP, OPERATOR_CHARACTERS[char], index, index + 1)
        elif char in TICKS:
            token = Token(TICK, "'", index, index + 1)
        elif char in NORM_BARS:
            token = Token(NORM, "‖", index, index + 1)
        elif char in "()|,":
            token = Token({"(": LPAREN, ")": RPAREN, "|": BAR, ",": COMMA}[char], char, index,
                          index + 1)
        else:
            raise _refuse(char, norm.column(index))
        tokens.append(Token(token.kind, token.text, token.start, token.end, spaced))
        if len(tokens) > limits.max_tokens:
            raise InvalidAnswer("Your answer is too long or complicated to check. Try "
                                "simplifying it.", code="too-complex")
        spaced, index = False, token.end
    return tokens


def vocabulary(declarations: Declarations) -> dict[str, tuple[str, str]]:
    """Every name a student may type in this exercise -> (kind, canonical value)."""
    known: dict[str, tuple[str, str]] = {name: (CONST, name) for name in CONSTANTS}
    known[IDENTITY] = (IDENT, IDENTITY)
    known[ONES] = (ONES_KIND, ONES)
    for name in (*FUNCTIONS, *ALIASES):
        known[name] = (FUNC, function_key(name))
    for name in declarations.names:
        known[name] = (VAR, name)
    return known


def unknown_name(word: str, column: int, declarations: Declarations,
                 known: dict[str, tuple[str, str]]) -> InvalidAnswer:
    """The most helpful message for a name matrix notation cannot read."""
    where = f"at column {column}"
    names = declarations.phrase()
    reserved = reserved_word(word, column)
    if reserved is not None:
        return reserved
    if word.startswith("_") or word in PYTHON_WORDS:
        return InvalidAnswer(f"'{word}' ({where}) is not part of the answer language. You can "
                             f"use numbers, the names {names}, I, ones, + - * / ^, transposes ^T, "
                             f"parentheses and the functions {function_list()}.",
                             code="unknown-name", column=column)
    scalar = scalar_function_key(word)
    if scalar in SCALAR_FUNCTIONS:
        return InvalidAnswer(f"The function '{word}' ({where}) is not part of matrix notation; "
                             f"its functions are {function_list()}.", code="unknown-function",
                             column=column)
    pieces = word.split("T")
    if len(pieces) > 1 and pieces[0] and all(not p or _split(p, known) for p in pieces):
        shown = " ".join(f"{p}^T" for p in pieces[:-1]) + (f" {pieces[-1]}" if pieces[-1] else "")
        return InvalidAnswer(f"I don't know the name '{word}' ({where}). For a transpose, write "
                             f"^T after what it applies to: {shown}.", code="unknown-name",
                             column=column)
    digits = re.fullmatch(r"([A-Za-z_]+)(\d+)", word)
    if digits and _split(digits.group(1), known):
        stem, power = digits.groups()
        return InvalidAnswer(f"'{word}' ({where}) is not a name in this exercise: write "
                             f"{stem}*{power} for a product or {stem}^{power} for a power.",
                             code="name-digits", column=column)
    same_case = [k for k in known if k.lower() == word.lower()]
    close = same_case or ([] if word in GREEK_NAMES else  # 'delta' is no slip for 'det'
                          difflib.get_close_matches(word, list(known), n=1, cutoff=0.66))
    suggestion = f" Did you mean {close[0]}?" if close else ""
    if same_case:
        suggestion += " Names are case-sensitive."
    return InvalidAnswer(f"I don't know the name '{word}' ({where}).{suggestion} The names in "
                         f"this exercise are {names} (and I, the identity matrix; ones, the "
                         f"all-ones vector).",
                         code="unknown-name", column=column)


def resolve_names(tokens: list[Token], norm: Normalised, declarations: Declarations
                  ) -> tuple[list[Token], list[str]]:
    """NAME tokens -> VAR/CONST/FUNC/IDENT/ONES_KIND tokens (split when typed together); the
    readings."""
    known = vocabulary(declarations)
    out: list[Token] = []
    readings: list[str] = []
    for token in tokens:
        if token.kind != NAME:
            out.append(token)
            continue
        canonical = canonical_name(token.text)
        if canonical in known:
            kind, value = known[canonical]
            out.append(Token(kind, value, token.start, token.end, token.spaced))
            continue
        pieces = _split(token.text, known)
        if not pieces or not all(piece in known for piece in pieces):  # tr2: no digits here
            raise unknown_name(token.text, norm.column(token.start), declarations, known)
        offset = token.start
        for n, piece in enumerate(pieces):
            kind, value = known[piece]
            out.append(Token(kind, value, offset, offset + len(piece), token.spaced and n == 0))
            offset += len(piece)
        shown = norm.typed_span(token.start, token.end)
        if len(pieces) > 1 and shown.isascii():
            readings.append(f"I read '{shown}' as {'·'.join(known[p][1] for p in pieces)}.")
    return out, readings
