"""Exercises: the exercise model, its widget, the randomised problem bank, and saved progress.

    from vcbook.exercises import Exercise, generate, FAMILIES, curated, progress_summary
    ex = generate("polar", seed=7)     # an Exercise; ex.submit("...") -> Verdict
    ex                                 # in Jupyter: its widget
    from vcbook.exercises import coding, CODE_EXERCISES
    code = coding("layer_backward")    # a code exercise: code.check(my_function) -> Verdict

``progress`` (the SQLite store) needs neither SymPy nor ipywidgets and can be imported alone.
"""

from vcbook.exercises.coding import CODE_EXERCISES, coding
from vcbook.exercises.model import Exercise
from vcbook.exercises.selftest import SelfTest, SelfTestFailed
from vcbook.exercises.summary import progress_summary

__all__ = ["Exercise", "SelfTest", "SelfTestFailed", "progress_summary", "generate", "curated",
           "FAMILIES", "coding", "CODE_EXERCISES"]

_BANK_NAMES = {"generate", "curated", "FAMILIES"}


def __getattr__(name: str):
    """The problem bank (which loads SymPy) is imported on first use."""
    if name in _BANK_NAMES:
        from vcbook.exercises import bank

        return getattr(bank, name)
    raise AttributeError(f"module 'vcbook.exercises' has no attribute {name!r}")
