"""The exercise model: one question, how to check it, how to help, and what to record.

An ``Exercise`` holds its prompt (Markdown + LaTeX), the expected answer (anything
``vcbook.answers.check`` accepts: a SymPy expression or Matrix, an author string, a shape tuple),
the variables with their sampling domains, authored distractors, progressive hints and a worked
solution. ``submit`` checks an answer and records the attempt; ``check`` only checks;
``self_test`` checks the exercise's own answer and mistakes without recording anything (for the
collapsed self-test cells; see ``selftest``). Displaying an exercise in Jupyter shows its widget,
preceded by a note that only shows when the widget cannot be drawn (no running kernel).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from vcbook.exercises import progress, selftest
from vcbook.exercises.selftest import SelfTest


@dataclass(eq=False)
class Exercise:
    """One exercise. ``answer`` is what ``vcbook.answers.check`` compares against.

    - ``id``: stable and unique (progress is recorded under it), e.g. ``"01-chain-circle"``.
    - ``variables``: names, or a mapping name -> sampling interval (low, high).
    - ``distractors``: (classic wrong answer, message that teaches) pairs.
    - ``hints``: revealed one at a time, after the first graded attempt.
    - ``solution``: worked steps (Markdown + LaTeX), shown on request.
    - ``family`` / ``seed``: set for generated exercises, so "New problem" can draw another.
    - ``derivative``: what the answer is, so a transposed answer is explained rightly:
      "gradient" (a 1×n row), "jacobian" (m×n), "matrix" (a scalar's derivative by a matrix,
      shaped like it) or None (see ``vcbook.answers.check``).
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
    derivative: str | None = None
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
                             seed=self.check_seed, derivative=self.derivative)

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

    def self_test(self, right: str | Sequence[str] | None = None,
                  wrong: str | Sequence[str] | None = None) -> SelfTest:
        """Check, through ``check`` and a throwaway widget and recording nothing, that the
        reference answer is correct, each distractor incorrect with its own message, and an
        automatic wrong variant incorrect; ``right`` / ``wrong`` add extra cases. Raises
        ``SelfTestFailed`` (an AssertionError that ``python -O`` keeps) listing the failures."""
        return selftest.run(self, right=right, wrong=wrong)

    def with_title(self, title: str) -> Exercise:
        """This exercise shown under another ``title`` (a neutral one, for a mixed review whose
        titles must not name the tool); "New problem" keeps it. Progress is still recorded
        under its own ``id`` and ``chapter``; checking and self-tests are unchanged."""
        draw = self.regenerate
        if draw is None:
            return replace(self, title=title)

        def again(seed: int) -> Exercise:
            return draw(seed).with_title(title)

        return replace(self, title=title, regenerate=again)

    def widget(self):
        """The interactive widget for this exercise (one per exercise, created on first use)."""
        from vcbook.exercises.widget import ExerciseWidget

        if getattr(self, "_widget", None) is None:
            self._widget = ExerciseWidget(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget().box._repr_mimebundle_(include=include, exclude=exclude)

    def _ipython_display_(self):
        """In IPython: the offline note, then the widget (two outputs; see widget.py)."""
        from vcbook.exercises.widget import display_live

        display_live(self.widget().box)

    def __repr__(self) -> str:
        return f"Exercise({self.id!r}: {self.title or self.prompt[:60]!r})"
