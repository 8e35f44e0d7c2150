"""What a code exercise is made of: its outputs, its hidden cases and its classic mistakes.

These small records are the data of ``catalog``'s exercises; ``model.CodeExercise`` puts them
together, ``diagnose`` and ``checking`` read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """One array the student's function returns: its ``name`` (``"dW"``) and the shape it
    should have, in words (``"W's shape (m, n)"``)."""

    name: str
    shape: str


@dataclass(frozen=True)
class Case:
    """One hidden case: the arguments the student's function is called with (NumPy arrays;
    it gets copies) and a ``label`` that says what is special about it (``"m = 3, n = 4"``)."""

    args: tuple
    label: str


@dataclass(frozen=True)
class Mistake:
    """A classic wrong answer: ``model(*args)`` returns it (a tuple, one array per output),
    ``message`` says what went wrong and how to fix it; ``{name}`` in it becomes the name of
    the output it explains, or several ("dx, dW and db"): write "In {name}, ..."."""

    code: str
    model: Callable
    message: str
