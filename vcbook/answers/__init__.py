"""Safe, fast, helpful answer checking (issue 3).

``parse(text, variables)`` reads the answer input language (DESIGN.md) into a SymPy object and
raises ``InvalidAnswer`` with a student-facing message; ``check(text, expected, variables)``
returns a ``Verdict``. Student text never reaches ``eval``, ``exec``, ``sympify``, ``parse_expr``
or ``lambdify``: it goes through the pipeline

    normalise -> lex -> names -> syntax -> parse (ast + whitelist) -> build (SymPy)
    -> compare (seeded numeric sampling, mpmath) -> diagnose -> Verdict

with one small module per stage. ``to_text`` prints an answer back in the input language,
``latex`` for the echo.
"""

from vcbook.answers.checker import check
from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.reader import parse
from vcbook.answers.render import latex, to_text
from vcbook.answers.verdict import Verdict

__all__ = ["parse", "check", "Verdict", "InvalidAnswer", "to_text", "latex"]
