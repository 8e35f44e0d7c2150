"""Stage 2: split normalised text into tokens, refusing any character outside the language.

Tokens: numbers, names, the operators ``+ - * / ^`` (``**`` is read as ``^``), ``( ) [ ] , ;``,
absolute-value bars ``|`` and the radical ``√``. Every refusal says which character, at which
column, and what to type instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.limits import LIMITS, Limits
from vcbook.answers.normalise import Normalised

NUM, NAME, OP, LPAREN, RPAREN, LBRACK, RBRACK, COMMA, SEMI, BAR, RADICAL = (
    "num", "name", "op", "(", ")", "[", "]", ",", ";", "|", "√"
)
PUNCTUATION = {"(": LPAREN, ")": RPAREN, "[": LBRACK, "]": RBRACK, ",": COMMA, ";": SEMI,
               "|": BAR, "√": RADICAL}

_NUMBER = re.compile(r"\d+\.?\d*|\.\d+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCIENTIFIC = re.compile(r"[eE]([+-]?)(\d+)")

# What to say about characters that are not part of the language.
CHARACTER_HINTS: dict[str, str] = {
    "=": "type only the expression, without an '=' sign",
    "!": "factorials are not part of the answer language",
    "'": "no quotes are needed: type the expression itself",
    '"': "no quotes are needed: type the expression itself",
    "#": "comments are not allowed",
    ".": "a '.' can only appear inside a number such as 0.5",
    ":": "type a single expression",
    "\\": "type the expression itself (no backslashes or LaTeX)",
    "{": "use round parentheses ( ) for grouping",
    "}": "use round parentheses ( ) for grouping",
    "<": "type an expression, not a comparison",
    ">": "type an expression, not a comparison",
    "%": "write a percentage as a fraction",
    "&": "type a single expression",
    "@": "write a product with *",
}
# Letters from other scripts that look like Latin ones.
LOOKALIKES: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "к": "k", "т": "t",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "ο": "o", "ı": "i", "ℓ": "l",
}


@dataclass(frozen=True)
class Token:
    """One token; ``start``/``end`` index the normalised text; ``spaced``: whitespace before it."""

    kind: str
    text: str
    start: int
    end: int
    spaced: bool = False


def _bad_character(char: str, column: int) -> InvalidAnswer:
    if char in LOOKALIKES:
        hint = f"it looks like the letter '{LOOKALIKES[char]}' but is a different character; " \
               "please retype it"
    elif char in CHARACTER_HINTS:
        hint = CHARACTER_HINTS[char]
    else:
        name = unicodedata.name(char, "").lower()
        hint = f"({name}) is not part of the answer language" if name else \
            "it is not part of the answer language"
    return InvalidAnswer(f"I can't read the character '{char}' at column {column}: {hint}.",
                         code="character", column=column)


def _number(norm: Normalised, index: int, limits: Limits) -> Token:
    text = norm.text
    match = _NUMBER.match(text, index)
    end = match.end()
    column = norm.column(index)
    digits = sum(c.isdigit() for c in match.group())
    if digits > limits.max_literal_digits:
        raise InvalidAnswer(f"The number at column {column} is too large ({digits} digits; the "
                            f"limit is {limits.max_literal_digits}).", code="number-too-large",
                            column=column)
    if text[end:end + 1] == ".":
        raise InvalidAnswer(f"The number at column {column} has more than one decimal point.",
                            code="number", column=column)
    scientific = _SCIENTIFIC.match(text, end)
    if scientific:
        sign, power = scientific.groups()
        power = f"(-{power})" if sign == "-" else power
        shown = norm.typed_span(index, scientific.end())
        raise InvalidAnswer(
            f"'{shown}' at column {column} looks like scientific notation, which the answer "
            f"language does not use: write {match.group()}*10^{power} for a power of ten (or put "
            f"a * before e if you mean Euler's number).", code="scientific", column=column)
    return Token(NUM, match.group(), index, end)


def lex(norm: Normalised, limits: Limits = LIMITS) -> list[Token]:
    """Tokens of the normalised text; raises InvalidAnswer at the first character not allowed."""
    text = norm.text
    tokens: list[Token] = []
    index = 0
    spaced = False
    while index < len(text):
        char = text[index]
        if char == " ":
            spaced = True
            index += 1
            continue
        if char.isdigit() or (char == "." and text[index + 1:index + 2].isdigit()):
            token = _number(norm, index, limits)
        elif char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(text, index)
            token = Token(NAME, match.group(), index, match.end())
        elif char == "*" and text.startswith("**", index):
            token = Token(OP, "^", index, index + 2)
        elif char in "+-*/^":
            token = Token(OP, char, index, index + 1)
        elif char in PUNCTUATION:
            token = Token(PUNCTUATION[char], char, index, index + 1)
        else:
            raise _bad_character(char, norm.column(index))
        tokens.append(Token(token.kind, token.text, token.start, token.end, spaced))
        spaced = False
        index = token.end
    return tokens
