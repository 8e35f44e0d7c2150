"""The code exercise: a brief to show, hidden cases to run, and a check that explains.

A ``CodeExercise`` asks for one Python function. In Jupyter it shows its brief (what to write, the
signature, the shapes, an example call); ``check(fn)`` runs the function on hidden seeded cases
(``checking``), returns a ``CodeVerdict`` and records the attempt in the progress store;
``solution()`` shows the worked solution, only when asked for (a verdict names what is wrong and
the principle to apply, never the right formula of a wrong output); ``train(fn)`` (exercises that
have a training loop) trains with the student's gradients.
"""

from __future__ import annotations

import inspect
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from vcbook.exercises import progress
from vcbook.exercises.coding import checking
from vcbook.exercises.coding.checking import Unusable
from vcbook.exercises.coding.diagnose import RTOL
from vcbook.exercises.coding.spec import Case, Mistake, Output
from vcbook.exercises.coding.verdict import CodeVerdict

INTERNAL = ("Something went wrong while checking your function (not in your code), so this "
            "attempt did not count. Please run the check again.")
ANSWER_CHARS = 4000
"""At most this much of the student's source is recorded with an attempt."""

STUB_MARK = "# your code here"  # how the book marks the lines a student replaces


@dataclass(eq=False)
class CodeExercise:
    """One code exercise, as data.

    - ``name``: the key in ``CODE_EXERCISES``; ``function_name``: the function the student
      writes (default ``name``).
    - ``id``: stable (progress is recorded under it); ``chapter``: where the attempts count.
    - ``task``: Markdown + LaTeX, what to compute; ``arguments``: the parameter names;
      ``parameters``: (name, shape, meaning) rows, inputs then outputs, for the brief;
      ``example``: code that calls the function.
    - ``outputs``: what it returns, in order; ``draw(rng)``: the hidden cases;
      ``reference(*args)``: the right outputs (a tuple), ``mistakes``: classic wrong answers;
      ``advice``: diagnosis code -> a sentence added to that diagnosis' message; ``rtol``: how
      close a right answer must be (looser where the answers are estimates).
    - ``accept(fn)``: what the cases call (default: ``fn`` itself, when callable);
      ``verify(call, cases)``: a last check, a ``Finding`` (code "verified" when it passes);
      ``trainer(fn, steps, **options)``: a training loop with the student's gradients.
    - ``worked_solution``: Markdown + LaTeX, the maths with shapes and then the code, shown by
      ``solution()``.
    """

    name: str
    id: str
    title: str
    task: str
    arguments: tuple[str, ...]
    parameters: tuple[tuple[str, str, str], ...]
    example: str
    outputs: tuple[Output, ...]
    draw: Callable[[np.random.Generator], tuple[Case, ...]]
    reference: Callable
    mistakes: tuple[Mistake, ...] = ()
    advice: Mapping[str, str] = field(default_factory=dict)
    rtol: float = RTOL
    chapter: str = "05_autodiff"
    accept: Callable | None = None
    verify: Callable | None = None
    trainer: Callable | None = None
    function_name: str | None = None
    worked_solution: str = ""

    @property
    def function(self) -> str:
        """The name of the function the student writes."""
        return self.function_name or self.name

    @property
    def seed(self) -> int:
        """The hidden cases' seed: fixed per exercise, so the same code gets the same verdict."""
        return zlib.crc32(self.id.encode())

    @cached_property
    def hidden(self) -> tuple[tuple[Case, tuple[np.ndarray, ...]], ...]:
        """The hidden cases, each with its right outputs (computed once)."""
        cases = self.draw(np.random.default_rng(self.seed))
        return tuple((case, tuple(np.asarray(v, dtype=float) for v in self.reference(*case.args)))
                     for case in cases)

    @cached_property
    def known_mistakes(self) -> tuple:
        """Per output, each mistake with its values in the hidden cases (None where it leaves
        that output right): ``checking.mistake_values``, computed once."""
        return tuple(checking.mistake_values(self, k) for k in range(len(self.outputs)))

    @property
    def call(self) -> str:
        """How the function is called: ``layer_backward(x, W, b, g)``."""
        return f"{self.function}({', '.join(self.arguments)})"

    @property
    def signature(self) -> str:
        """The function to write, as code."""
        returns = ", ".join(o.name for o in self.outputs)
        return f"def {self.call}:\n    ...\n    return {returns}"

    def adapt(self, fn) -> Callable:
        """What the hidden cases call; ``Unusable`` if ``fn`` cannot be checked."""
        if self.accept is not None:
            return self.accept(fn)
        if not callable(fn):
            raise Unusable("not-callable", f"check needs your function itself: "
                                           f"check({self.function}), with no brackets after its "
                                           f"name (you passed an object of type "
                                           f"{type(fn).__name__}).")
        return fn

    # An untouched stub from a chapter (its lines still say STUB_MARK) is checked but not
    # recorded: running a chapter must not log failed attempts the student never made.
    def check(self, fn, *, time_limit: float | None = 10.0, record: bool = True) -> CodeVerdict:
        """Run ``fn`` on the hidden cases; a ``CodeVerdict`` that says what is wrong. Never
        raises (but KeyboardInterrupt): a problem in the student's code is the verdict's
        message. An endless loop is stopped after ``time_limit`` seconds (in the main thread;
        elsewhere the function runs without a limit, see ``runner.time_limit``)."""
        try:
            verdict = checking.check(self, fn, time_limit)
        except Exception:  # noqa: BLE001 - a verdict, never a traceback
            verdict = CodeVerdict.of("invalid", (("p", INTERNAL),), notes=("internal-error",))
        text = answer_text(fn)
        if record and not (STUB_MARK in text and verdict.status != "correct"):
            progress.store().record(self.id, self.chapter, text, verdict.status)
        return verdict

    def train(self, fn, steps: int = 50, **options) -> np.ndarray:
        """The loss before training and after each of ``steps`` gradient steps taken with
        ``fn``'s gradients (deterministic); ``runner.CodeFailed`` if ``fn`` fails."""
        if self.trainer is None:
            raise TypeError(f"{self.name} has no training loop; two_layer_backward has one")
        return self.trainer(self, fn, steps, **options)

    def solution(self) -> Solution:
        """The worked solution, for a student who is stuck: in Jupyter it renders as Markdown,
        elsewhere it prints as text."""
        return Solution(f"**Worked solution: {self.title}**\n\n{self.worked_solution}")

    def brief(self) -> str:
        """The brief as Markdown: the task, the signature, the shapes, an example call."""
        rows = "\n".join(f"| `{n}` | {s} | {m} |" for n, s, m in self.parameters)
        return (f"**Code exercise: {self.title}**\n\n{self.task}\n\n"
                f"```python\n{self.signature}\n```\n\n"
                f"| name | shape | what it is |\n|---|---|---|\n{rows}\n\n"
                f"An example call:\n\n```python\n{self.example}\n```\n\n"
                f"*No widget here: write the function in a code cell, then check it with this "
                f"exercise's `.check({self.function})`; "
                f"`coding(\"{self.name}\").check({self.function})` works anywhere. It runs "
                f"hidden test cases and tells you what is wrong. Stuck? "
                f"`coding(\"{self.name}\").solution()` shows a worked solution.*")

    def _repr_markdown_(self) -> str:
        return self.brief()

    def __repr__(self) -> str:
        return f"CodeExercise({self.name!r}: {self.title!r})"


class Solution(str):
    """A worked solution: Markdown text that Jupyter renders and a console prints as it is."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


def answer_text(fn) -> str:
    """What an attempt records as its answer: the function's source, else its name."""
    try:
        text = inspect.getsource(fn)
    except (OSError, TypeError):
        text = getattr(fn, "__name__", None) or getattr(fn, "name", None) or type(fn).__name__
    return str(text)[:ANSWER_CHARS]
