"""vcbook.answers.matrix.vocabulary: every function of the table works through the pipeline."""

import numpy as np
import pytest

from vcbook.answers.matrix import check, latex, parse, to_text
from vcbook.answers.matrix.vocabulary import (
    ALIASES,
    FUNCTIONS,
    RESERVED_NAMES,
    SHAPE_RULES,
    function_key,
)

SHAPES = {"X": "n×n spd", "v": "n"}
ARGUMENT = {"column": ("v", np.array([[1.0], [2.0]]))}  # rule -> an argument it takes
SQUARE = ("X", np.eye(2) * 2.0)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_each_function_reads_prints_evaluates_and_checks(name):
    function = FUNCTIONS[name]
    assert function.rule in SHAPE_RULES and function.what
    arg, array = ARGUMENT.get(function.rule, SQUARE)
    expr = parse(f"{name}({arg})", SHAPES)
    assert to_text(expr) == f"{name}({arg})"
    assert latex(expr) == function.latex.format(arg)
    with np.errstate(divide="ignore"):
        value = function.numpy(array)
    assert value.ndim == 2
    assert check(f"{name}({arg})", f"{name}({arg})", SHAPES).status == "correct"
    assert check(f"2 {name}({arg})", f"{name}({arg})", SHAPES).status in ("incorrect", "invalid")


def test_aliases_and_reserved_names():
    assert function_key("ln") == "log" and function_key("trace") == "tr"
    assert function_key("tan") is None
    assert set(ALIASES) | set(FUNCTIONS) | {"I", "ones", "T", "pi"} == set(RESERVED_NAMES)
