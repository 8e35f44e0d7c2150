"""Static guards: every answer is bounded before anything is built or evaluated.

Timeouts cannot interrupt big-integer arithmetic and do not exist in JupyterLite, so the checker
refuses oversized input up front instead. Each number here is a rule a test pins down.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcbook.answers.errors import InvalidAnswer


@dataclass(frozen=True)
class Limits:
    """Bounds on a typed answer; the defaults are generous for any answer in the book."""

    max_typed_chars: int = 2000  # checked first, on the raw text, before any work
    max_chars: int = 1000  # after unicode normalisation
    max_tokens: int = 300
    max_nesting: int = 20  # parentheses, brackets and |bars| inside each other
    max_signs: int = 10  # consecutive unary + and -
    max_nodes: int = 600  # nodes of the Python syntax tree
    max_depth: int = 60  # depth of that tree (long sums nest to the left)
    max_literal_digits: int = 40  # digits in one typed number
    max_exponent: int = 100  # |k| for a numeric exponent
    max_number_bits: int = 1000  # any exact number built (about 300 digits)


LIMITS = Limits()


def check_typed(text, limits: Limits = LIMITS) -> None:
    """The first guard of every reader, on the raw text: text, not too long, not empty."""
    if not isinstance(text, str):
        raise InvalidAnswer("Please type your answer as text.", code="not-text")
    if len(text) > limits.max_typed_chars:
        raise InvalidAnswer(f"Your answer is too long to check ({len(text)} characters). Answers "
                            f"in this book fit in a few hundred characters.", code="too-long")
    if not text.strip():
        raise InvalidAnswer("Your answer is empty.", code="empty")
