"""Every bad input of the answer catalogue stays invalid in matrix notation, with no side effect.

The catalogue (``tests/test_answers_catalogue.py``) lists what a student may type that must
never be graded: injection payloads, huge exponents, deep nesting, long input, refused
characters... Each is checked here by the matrix-notation checker, with the trial's names
declared as vectors (and an n×n matrix ``A`` as the expected answer), inside an empty directory
that must stay empty. Where the reason does not depend on the notation, the code is the same.
"""

from __future__ import annotations

import os

import pytest
from test_answers_catalogue import CATALOGUE

from vcbook.answers.matrix import check

BAD_INPUTS = [(number, trial) for number, trials in sorted(CATALOGUE.items())
              for trial in trials if trial.status == "invalid"]
# Reasons that do not depend on the notation: the same note in both checkers.
SAME_CODE = frozenset({
    "empty", "not-text", "too-long", "too-deep", "too-complex", "exponent", "scientific",
    "command", "complex", "number", "adjacent-numbers", "name-digits", "function-syntax",
    "function-power", "syntax", "empty-group", "bars", "undefined",
})


def matrix_variables(variables) -> dict:
    names = variables.split() if isinstance(variables, str) else list(variables)
    return {**{name: "n" for name in names}, "A": "n×n"}


@pytest.fixture
def empty_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert os.listdir(tmp_path) == [], "an input had a side effect"


def test_there_are_bad_inputs_from_every_kind_of_case():
    numbers = {number for number, _ in BAD_INPUTS}
    assert len(BAD_INPUTS) >= 70
    assert {1, 3, 4, 5, 6, 8, 11, 12, 15, 16, 17, 18, 19, 53} <= numbers


@pytest.mark.parametrize(("number", "trial"), BAD_INPUTS,
                         ids=[f"{n:02d}-{repr(t.text)[:20]}" for n, t in BAD_INPUTS])
def test_bad_input_is_invalid_in_matrix_notation(number, trial, empty_directory):
    verdict = check(trial.text, "A", matrix_variables(trial.variables))
    assert verdict.status == "invalid", verdict
    assert not verdict.attempt_counts
    assert verdict.message and "Traceback" not in verdict.message
    assert verdict.notes and verdict.notes[0].startswith("invalid:"), verdict.notes
    code = trial.note.removeprefix("invalid:")
    if code in SAME_CODE and "[" not in str(trial.text):  # brackets: refused at once here
        assert verdict.notes[0] == trial.note, (trial.text, verdict)
