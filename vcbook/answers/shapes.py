"""Shape answers: read ``(2, 3)``, ``2×3``, ``2 x 3``, ``2 by 3`` or ``(4,)``, and judge them.

A shape is compared exactly; wrong shapes get feedback on the book's shape rule (the derivative
of an array by an array has shape ``output.shape + input.shape``, nothing squeezed).
"""

from __future__ import annotations

import re

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.normalise import normalise

MAX_AXES = 8
MAX_SIZE_DIGITS = 6
_PIECES = re.compile(r"\s*(\d+|by|[,*xX]|.)")
SEPARATORS = frozenset({",", "*", "x", "X", "by"})
SHAPE_RULE = ("The book's shape rule: the derivative of an array-valued function by an "
              "array-valued input has shape output.shape + input.shape, with nothing squeezed.")
# What a swapped 2-axis shape means depends on what the derivative is (see ``check``'s
# ``derivative``): only for gradients and Jacobians is it another layout.
SHAPE_TRANSPOSED = {
    None: "The shape rule puts the output's axes first, then the input's: output.shape + "
          "input.shape.",
    "gradient": "The book uses the numerator layout (output axes first, as in a 1×n gradient "
                "row); the swapped order is the denominator layout.",
    "jacobian": "The book uses the numerator layout (output axes first, as in an m×n Jacobian); "
                "the swapped order is the denominator layout.",
    "matrix": "A scalar's derivative by a matrix X has X's own shape (X's rows first), in every "
              "convention the book names.",
}


def _fail(message: str, column: int | None = None) -> InvalidAnswer:
    return InvalidAnswer(message, code="shape-syntax", column=column)


def parse_shape(typed: str) -> tuple[int, ...]:
    """The shape tuple typed by the student; raises InvalidAnswer with an example otherwise."""
    norm = normalise(typed)
    text = norm.text.strip()
    offset = norm.text.index(text) if text else 0
    if text[:1] + text[-1:] in ("()", "[]"):
        text, offset = text[1:-1], offset + 1
    sizes: list[int] = []
    expect_size = True
    position = 0
    for match in _PIECES.finditer(text):
        piece = match.group(1)
        column = norm.column(offset + match.start(1))
        position = match.end()
        if piece.isdigit() and expect_size:
            if len(piece) > MAX_SIZE_DIGITS:
                raise _fail(f"The size at column {column} is too large for a shape.", column)
            sizes.append(int(piece))
            expect_size = False
        elif piece in SEPARATORS and not expect_size:
            expect_size = True
        elif piece.strip():
            raise _fail(f"I can't read '{piece}' at column {column} as part of a shape. Type a "
                        f"shape such as (2, 3) or 2×3.", column)
        if len(sizes) > MAX_AXES:
            raise _fail(f"A shape in this book has at most {MAX_AXES} axes.", column)
    trailing_comma = text[:position].rstrip().endswith(",")
    if expect_size and sizes and not trailing_comma:
        raise _fail("Your shape ends with a separator: type a shape such as (2, 3) or 2×3.")
    return tuple(sizes)


def judge_shape(answer: tuple[int, ...], expected: tuple[int, ...], derivative=None):
    """(status, note, message, mask) for a shape answer; ``derivative`` as in ``check``."""
    if answer == expected:
        return "correct", None, "Correct!", None
    if len(answer) != len(expected):
        return ("incorrect", "rank",
                f"Your shape has {len(answer)} ax{'i' if len(answer) == 1 else 'e'}s, but the "
                f"answer has {len(expected)}. {SHAPE_RULE}", None)
    mask = (tuple(a == e for a, e in zip(answer, expected, strict=True)),)
    if sorted(answer) == sorted(expected):
        if len(answer) == 2:
            return ("incorrect", "transpose",
                    "You have the transpose: the sizes are right but swapped. "
                    + SHAPE_TRANSPOSED[derivative], mask)
        return ("incorrect", "permuted",
                f"The sizes are right but in the wrong order. {SHAPE_RULE}", mask)
    right = sum(mask[0])
    return ("incorrect", "entries",
            f"{right} of {len(expected)} sizes are right. {SHAPE_RULE}", mask)
