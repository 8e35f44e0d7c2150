"""What a problem family is: the one interface every module of the bank provides.

A family module (``gradient.py``, ``chain_rule.py``, ``polar.py``, ...) ends with one
declaration, and ``bank/__init__.py`` lists it once in ``REGISTERED``::

    FAMILY = Family(
        name="polar",           # FAMILIES entry; generated ids are "polar-<seed>"
        templates=TEMPLATES,    # Template rows; generate() picks one with the seeded generator
        build=build,            # build(template, data, *extra) -> Draft
        curated=CURATED,        # rows (id, template, *extra): fixed problems, stable ids
        builder=builder,        # optional: builder(rng) -> (template, data) -> Draft
    )

- ``template.draw(rng)`` returns the mathematical data of one problem (raise ``Degenerate`` for
  a draw to throw away); curated templates ignore ``rng`` (they are called with ``None``).
- ``build(template, data, *extra)`` returns a ``Draft``: prompt, answer (an expression or a 1×n
  row Matrix), variables, distractors ``(wrong answer, message)``, hints, worked solution.
  ``extra`` is what a curated row gives after its template (polar: the quantity asked for).
- ``builder(rng)`` draws those extras for a generated problem and returns the two-argument
  build; without it, generated problems call ``build(template, data)``.

Everything else (screening the draft, distractors the checker cannot tell apart, the Exercise,
"New problem") is shared and lives in ``common.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


class Degenerate(Exception):
    """A draw to throw away (a zero, a coincidence, an unreadable answer)."""


@dataclass(frozen=True)
class Template:
    """One kind of problem: ``draw(rng)`` returns the mathematical data a family builds from."""

    name: str
    title: str  # unique within its family; shown in the exercise title
    draw: Callable[[random.Random | None], object]
    hint: str = ""  # the rule this kind of problem needs, for the second hint


@dataclass
class Draft:
    """A problem before it becomes an Exercise."""

    title: str
    prompt: str
    answer: object  # a SymPy expression, a 1×n row Matrix, or matrix-notation text
    symbols: tuple  # SymPy symbols, in the order of ``variables``
    variables: dict  # name -> sampling interval
    distractors: list = field(default_factory=list)  # (candidate or None, message)
    hints: tuple = ()
    solution: tuple = ()
    assumptions: dict | None = None
    derivative: str | None = None  # set for matrix-notation answers (see notation.py)
    chapter: str = ""  # the chapter whose progress it counts for ("" = the practice hub)


@dataclass(frozen=True)
class Family:
    """A family of randomised exercises (see the module docstring for each field)."""

    name: str
    templates: tuple[Template, ...]
    build: Callable[..., Draft]
    curated: tuple = ()  # (id, template, *extra) rows
    builder: Callable[[random.Random], Callable[[Template, object], Draft]] | None = None

    def __post_init__(self):
        titles = [t.title for t in self.templates]
        if not titles or len(set(titles)) != len(titles):
            raise ValueError(f"family {self.name!r} needs templates with distinct titles")

    def build_for(self, rng: random.Random) -> Callable[[Template, object], Draft]:
        """The two-argument build function of a generated problem drawn with ``rng``."""
        return self.build if self.builder is None else self.builder(rng)
