"""Self-tests of an exercise: its own answer accepted, every classic mistake rejected.

``run(exercise)`` checks, through ``Exercise.check`` and through a throwaway widget (recording
nothing): the reference answer (``reference_text()``) is "correct"; each authored distractor is
"incorrect" and its message is in the verdict's; one automatic wrong variant (the answer plus 1
in its last entry, or a shape with a different first size) is "incorrect"; and any extra
``right`` / ``wrong`` answers the author adds are "correct" / "incorrect". Any failure raises
``SelfTestFailed`` (an AssertionError, raised explicitly so that ``python -O`` keeps it) listing
every case that went wrong. The result's repr names no answer: it is safe to show on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SelfTestFailed(AssertionError):
    """An exercise's self-test found answers judged the wrong way (the message lists them)."""


@dataclass(frozen=True)
class Case:
    """One answer a self-test tries: what it is, the text typed, and what must happen."""

    label: str  # "reference answer", "distractor 2", "automatic wrong variant", ...
    text: str
    expected: str  # "correct" or "incorrect"
    message: str = ""  # must appear in the verdict's message ("" for no requirement)


@dataclass(frozen=True)
class SelfTest:
    """What a self-test saw: each case with the verdict of ``check`` and of the widget."""

    exercise_id: str
    cases: tuple[Case, ...]
    verdicts: tuple  # Verdict per case, from Exercise.check
    widget_verdicts: tuple  # Verdict per case, from a throwaway widget's Check button

    @property
    def problems(self) -> list[str]:
        """One line per case judged the wrong way (the answer and the verdict included)."""
        found = []
        for case, verdict, shown in zip(self.cases, self.verdicts, self.widget_verdicts,
                                        strict=True):
            where = f"{case.label} {case.text!r}"
            if verdict.status != case.expected:
                found.append(f"{where} should be {case.expected} but is {verdict.status}: "
                             f"{verdict.message}")
            elif case.message and case.message not in verdict.message:
                found.append(f"{where} is {verdict.status} but without its message "
                             f"{case.message!r}; it got: {verdict.message}")
            if shown != verdict:
                found.append(f"{where}: the widget and check disagree ({shown.status}: "
                             f"{shown.message})")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems

    def _first(self, label_start: str, expected: str):
        for case, verdict in zip(self.cases, self.verdicts, strict=True):
            if case.label.startswith(label_start) and case.expected == expected:
                return verdict
        return None

    @property
    def right(self):
        """The verdict for the reference answer."""
        return self._first("reference", "correct")

    @property
    def wrong(self):
        """The verdict for the author's extra wrong answer (else the first distractor, else
        the automatic variant)."""
        return (self._first("extra wrong", "incorrect") or self._first("distractor", "incorrect")
                or self._first("automatic", "incorrect"))

    def __repr__(self) -> str:
        passed = len(self.cases) - len(self.problems)
        return (f"<SelfTest {self.exercise_id}: {passed} of {len(self.cases)} answers judged "
                f"as expected>")


def _as_texts(extra: str | Sequence[str] | None) -> list[str]:
    if extra is None:
        return []
    return [extra] if isinstance(extra, str) else list(extra)


def _is_shape_answer(exercise) -> bool:
    answer = exercise.answer
    return exercise.kind == "shape" or (
        isinstance(answer, tuple) and bool(answer) and all(isinstance(n, int) for n in answer))


def typed(candidate) -> str:
    """An answer object (SymPy, shape tuple, list or author text) as a student would type it."""
    from vcbook import answers

    return candidate if isinstance(candidate, str) else answers.to_text(candidate)


def _bump(value):
    """``value`` plus 1 (a matrix: plus 1 in its last entry)."""
    import sympy

    if isinstance(value, sympy.NDimArray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        rows = value if value and all(isinstance(r, list | tuple) for r in value) else [value]
        value = sympy.Matrix([list(r) for r in rows])
    if isinstance(value, sympy.MatrixBase):
        bumped = sympy.Matrix(value)
        bumped[bumped.rows - 1, bumped.cols - 1] += 1
        return bumped
    return value + 1


def wrong_variant(exercise) -> str:
    """An answer that must be marked incorrect: a different shape for a shape answer, else the
    reference answer plus 1 (in its last entry for a vector or matrix)."""
    import sympy

    from vcbook import answers
    from vcbook.answers.shapes import parse_shape

    if _is_shape_answer(exercise):
        answer = exercise.answer
        shape = parse_shape(answer) if isinstance(answer, str) else tuple(answer)
        return answers.to_text((shape[0] + 1, *shape[1:]) if shape else (1,))
    value = exercise.answer
    if isinstance(value, str):
        try:
            value = answers.parse(value, exercise.variables, kind=exercise.kind,
                                  assumptions=exercise.assumptions, floats=exercise.floats)
        except ValueError:
            return f"({value}) + 1"
    try:
        return answers.to_text(_bump(value))
    except (TypeError, ValueError, sympy.SympifyError):
        return f"({exercise.reference_text()}) + 1"


def cases(exercise, right=None, wrong=None) -> tuple[Case, ...]:
    """The answers a self-test tries, in order."""
    found = [Case("reference answer", exercise.reference_text(), "correct")]
    for number, (candidate, message) in enumerate(exercise.distractors, start=1):
        if candidate is not None:
            found.append(Case(f"distractor {number}", typed(candidate), "incorrect", message))
    found.append(Case("automatic wrong variant", wrong_variant(exercise), "incorrect"))
    found += [Case("extra right answer", text, "correct") for text in _as_texts(right)]
    found += [Case("extra wrong answer", text, "incorrect") for text in _as_texts(wrong)]
    return tuple(found)


def run(exercise, right=None, wrong=None) -> SelfTest:
    """Self-test ``exercise``; raise ``SelfTestFailed`` unless every case is judged as expected
    by ``check`` and by a throwaway widget. Records nothing."""
    from vcbook.exercises.widget import ExerciseWidget

    tried = cases(exercise, right, wrong)
    verdicts = tuple(exercise.check(case.text) for case in tried)
    probe = ExerciseWidget(exercise, record=False)
    shown = []
    for case in tried:
        probe.last_verdict = None
        probe.answer_box.value = case.text
        probe.check_button.click()
        shown.append(probe.last_verdict)
    result = SelfTest(exercise.id, tried, verdicts, tuple(shown))
    if result.problems:
        raise SelfTestFailed(f"self-test of exercise {exercise.id!r} failed:\n  "
                             + "\n  ".join(result.problems))
    return result
