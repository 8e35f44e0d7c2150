"""The one exception of the answer checker: ``InvalidAnswer``, a typed answer that cannot be read.

Its message is written for the student (where, what, a suggestion); ``code`` says which rule
fired (for tests, analytics and the verdict's notes); ``column`` is 1-based in the typed text.
"""

from __future__ import annotations


class InvalidAnswer(ValueError):
    """A typed answer that cannot be read. ``str(exc)`` is the student-facing message."""

    def __init__(self, message: str, *, code: str = "invalid", column: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.column = column


class AuthorError(ValueError):
    """An exercise that is set up wrongly (its expected answer, variables or distractors)."""
