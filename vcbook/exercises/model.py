"""The exercise model: one question, how to check it, how to help, and what to record.

An ``Exercise`` holds its prompt (Markdown + LaTeX), the expected answer (anything
``vcbook.answers.check`` accepts: a SymPy expression or Matrix, an author string, a shape tuple),
the variables with their sampling domains, authored distractors, progressive hints and a worked
solution. ``submit`` checks an answer and records the attempt; ``check`` only checks;
``self_test`` checks a right and a wrong answer without recording anything (for the collapsed
self-test cells). Displaying an exercise in Jupyter shows its widget.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from vcbook.exercises import progress


@dataclass(frozen=True)
class SelfTest:
    """What a self-test saw: the verdicts for the right and the wrong answer."""

    right: object
    wrong: object

    @property
    def ok(self) -> bool:
        return self.right.status == "correct" and self.wrong.status == "incorrect"


@dataclass(eq=False)
class Exercise:
    """One exercise. ``answer`` is what ``vcbook.answers.check`` compares against.

    - ``id``: stable and unique (progress is recorded under it), e.g. ``"01-chain-circle"``.
    - ``variables``: names, or a mapping name -> sampling interval (low, high).
    - ``distractors``: (classic wrong answer, message that teaches) pairs.
    - ``hints``: revealed one at a time, after the first graded attempt.
    - ``solution``: worked steps (Markdown + LaTeX), shown on request.
    - ``family`` / ``seed``: set for generated exercises, so "New problem" can draw another.
    """

    id: str
    prompt: str
    answer: object
    variables: Mapping | Sequence = ()
    chapter: str = ""
    kind: str | None = None
    distractors: tuple = ()
    hints: tuple[str, ...] = ()
    solution: tuple[str, ...] = ()
    assumptions: Mapping | None = None
    forbidden: tuple[str, ...] = ()
    floats: str = "exact"
    family: str | None = None
    seed: int | None = None
    title: str = ""
    regenerate: Callable[[int], Exercise] | None = field(default=None, repr=False)

    @property
    def check_seed(self) -> int:
        """Seed for the checker's sample points: fixed per exercise and variant, so the same
        answer always gets the same verdict."""
        return zlib.crc32(f"{self.id}:{self.seed}".encode())

    def check(self, text) -> object:
        """The Verdict for ``text``; records nothing. Never raises."""
        from vcbook import answers

        return answers.check(text, self.answer, self.variables, kind=self.kind,
                             assumptions=self.assumptions, distractors=self.distractors,
                             forbidden=self.forbidden, floats=self.floats,
                             seed=self.check_seed)

    def submit(self, text, *, record: bool = True) -> object:
        """Check ``text`` and record the attempt (the widget's Check button runs this)."""
        verdict = self.check(text)
        if record:
            progress.store().record(self.id, self.chapter, "" if text is None else str(text),
                                    verdict.status, variant=self.seed)
        return verdict

    def reference_text(self) -> str:
        """The expected answer as a student would type it (the input language)."""
        from vcbook import answers

        if isinstance(self.answer, str):
            return self.answer
        return answers.to_text(self.answer)

    def self_test(self, right: str | None = None, wrong: str | None = None) -> SelfTest:
        """Check a right and a wrong answer, through ``check`` and through a throwaway widget,
        recording nothing; raise AssertionError (with the messages) unless right is "correct"
        and wrong is "incorrect" both ways."""
        from vcbook.exercises.widget import ExerciseWidget

        right = self.reference_text() if right is None else right
        if wrong is None:
            raise ValueError("self_test needs a wrong answer to show the check can fail")
        result = SelfTest(self.check(right), self.check(wrong))
        assert result.right.status == "correct", f"right answer {right!r}: {result.right}"
        assert result.wrong.status == "incorrect", f"wrong answer {wrong!r}: {result.wrong}"
        probe = ExerciseWidget(self, record=False)
        for text, verdict in ((right, result.right), (wrong, result.wrong)):
            probe.answer_box.value = text
            probe.check_button.click()
            assert probe.last_verdict == verdict, f"widget and check disagree on {text!r}"
        return result

    def widget(self):
        """The interactive widget for this exercise (one per exercise, created on first use)."""
        from vcbook.exercises.widget import ExerciseWidget

        if getattr(self, "_widget", None) is None:
            self._widget = ExerciseWidget(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget().box._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"Exercise({self.id!r}: {self.title or self.prompt[:60]!r})"
