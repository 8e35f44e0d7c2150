"""Stage 1: unicode normalisation, keeping track of where each character came from.

Superscripts are rewritten *before* NFKC (NFKC would turn ``x⁻¹`` into ``x-1``, a silent wrong
answer); then typographic signs are mapped (``− × · ÷ √``), Greek letters spelled out, zero-width
characters dropped and fullwidth characters, NBSP and other compatibility forms folded by NFKC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from vcbook.answers.vocabulary import GREEK_LETTERS

SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
    "⁹": "9", "⁺": "+", "⁻": "-", "⁽": "(", "⁾": ")", "ⁿ": "n", "ⁱ": "i", "ˣ": "x", "ʸ": "y",
    "ᵗ": "t", "ʳ": "r", "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᵏ": "k", "ᵐ": "m",
    "ᵖ": "p", "ˢ": "s", "ᵘ": "u", "ᵛ": "v", "ʷ": "w", "ᶻ": "z", "ᶿ": "θ",
}
SUBSCRIPTS: dict[str, str] = {chr(0x2080 + k): str(k) for k in range(10)}

# Typographic signs -> the ASCII of the input language. Applied before and after NFKC.
SIGNS: dict[str, str] = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "﹣": "-", "－": "-",
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "∗": "*", "⨯": "*",
    "÷": "/", "⁄": "/", "∕": "/",
    "π": " pi ", "∞": " oo ",
}
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True)
class Normalised:
    """Normalised text; ``origin[i]`` is the index in the typed text of character ``i``."""

    text: str
    origin: tuple[int, ...]
    typed: str

    def column(self, index: int) -> int:
        """1-based column in the typed text of normalised position ``index`` (end allowed)."""
        if index < len(self.origin):
            return self.origin[index] + 1
        return len(self.typed) + 1

    def typed_span(self, start: int, end: int) -> str:
        """The typed text behind normalised characters ``start:end``."""
        if start >= end or start >= len(self.origin):
            return ""
        first = self.origin[start]
        last = self.origin[min(end, len(self.origin)) - 1]
        return self.typed[first:last + 1]


def _fold(char: str, following: str = "") -> str:
    """One character (not a superscript) -> its normalised text; ``following`` is the typed
    character after it (a Greek letter keeps a digit after it: ``μ0``, ``θ₁``, ``θ_1``)."""
    if char in ZERO_WIDTH:
        return ""
    if char in SIGNS:
        return SIGNS[char]
    if char in GREEK_LETTERS:
        joined = bool(following) and (following in "0123456789_" or following in SUBSCRIPTS)
        return f" {GREEK_LETTERS[char]}" + ("" if joined else " ")
    if char in SUBSCRIPTS:
        return SUBSCRIPTS[char]
    if char.isspace():
        return " "
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    if folded == char:
        return char
    text = "".join(_fold(part) if part != char else part for part in folded)
    # A vulgar fraction is one number: ½ -> (1/2), so that c^½ is c^(1/2), not c^1/2.
    return f"({text})" if "\u2044" in folded else text


def normalise(typed: str) -> Normalised:
    """Normalise ``typed`` (already bounded in length by the caller)."""
    out: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(typed):
        char = typed[index]
        if char in SUPERSCRIPTS:
            start = index
            while index < len(typed) and typed[index] in SUPERSCRIPTS:
                index += 1
            exponent = "".join(_fold(SUPERSCRIPTS[c]) for c in typed[start:index])
            piece = f"^({exponent.strip()})"
            out.append(piece)
            origin.extend([start] * len(piece))
            continue
        piece = _fold(char, typed[index + 1:index + 2])
        out.append(piece)
        origin.extend([index] * len(piece))
        index += 1
    return Normalised("".join(out), tuple(origin), typed)
