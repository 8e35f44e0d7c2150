"""The result of checking one answer: ``Verdict``."""

from __future__ import annotations

from dataclasses import dataclass

from vcbook.answers.errors import AuthorError, InvalidAnswer

STATUSES = ("correct", "incorrect", "invalid")
INTERNAL = ("Something went wrong while checking your answer, so it was not counted. Please try "
            "writing it in a simpler form.")
AUTHOR = "This exercise is set up wrongly, so your answer could not be checked (not your fault): "


@dataclass(frozen=True)
class Verdict:
    """What the checker decided, and what to tell the student.

    - ``status``: "correct", "incorrect" or "invalid" (could not be read or checked; an invalid
      answer never costs an attempt).
    - ``message``: plain student-facing text (HTML renderers must escape it); never a traceback.
    - ``answer``: the parsed answer (SymPy expression, ImmutableMatrix or shape tuple), or None;
      ``latex`` gives its LaTeX for an echo.
    - ``notes``: machine codes for what fired, e.g. ``("sign",)``, ``("distractor:0",)``,
      ``("transpose", "entries")``, ``("invalid:syntax",)``, ``("read-as",)``.
    - ``mask``: for vector/matrix/shape answers, per-entry booleans (rows of a tuple), else None.
    - ``column``: for invalid answers, the 1-based column the message refers to (or None).
    """

    status: str
    message: str
    answer: object = None
    notes: tuple[str, ...] = ()
    mask: tuple[tuple[bool, ...], ...] | None = None
    column: int | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def attempt_counts(self) -> bool:
        """False for invalid answers: they are never counted as an attempt."""
        return self.status != "invalid"

    @property
    def latex(self) -> str:
        """LaTeX for the parsed answer ('' if there is none)."""
        if self.answer is None:
            return ""
        from vcbook.answers.render import latex

        return latex(self.answer)

    def __str__(self) -> str:
        return self.message


def never_raising(run, *args) -> Verdict:
    """``run(*args)``'s Verdict; any exception becomes an "invalid" verdict that costs nothing
    (an unreadable answer with its message, a broken exercise, anything else), never a
    traceback (RecursionError, MemoryError, ...)."""
    try:
        return run(*args)
    except InvalidAnswer as exc:
        return Verdict("invalid", exc.message, None, (f"invalid:{exc.code}",), None, exc.column)
    except AuthorError as exc:
        return Verdict("invalid", AUTHOR + str(exc), None, ("author-error",))
    except Exception:  # noqa: BLE001 - a verdict, never a traceback
        return Verdict("invalid", INTERNAL, None, ("internal-error",))
