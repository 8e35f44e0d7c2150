"""vcbook.answers.matrix.declare: shape declarations in ``variables``."""

import pytest

from vcbook.answers.errors import AuthorError
from vcbook.answers.matrix.declare import (
    declare,
    declares_shapes,
    parse_shape,
    scalar_intervals,
)
from vcbook.answers.matrix.shapes import SCALAR, Shape


@pytest.mark.parametrize(
    ("text", "shape", "structure"),
    [
        ("n", Shape("n", 1), "general"),
        ("3", Shape(3, 1), "general"),
        ("m×n", Shape("m", "n"), "general"),
        ("mxn", Shape("m", "n"), "general"),
        ("m x n", Shape("m", "n"), "general"),
        ("m*n", Shape("m", "n"), "general"),
        ("1×n", Shape(1, "n"), "general"),
        ("2×3", Shape(2, 3), "general"),
        ("n1×n_2", Shape("n1", "n2"), "general"),
        ("n×n symmetric", Shape("n", "n"), "symmetric"),
        ("n × n  SPD", Shape("n", "n"), "spd"),
        ("scalar", SCALAR, "general"),
        ("1x1", SCALAR, "general"),
    ],
)
def test_shapes_are_read(text, shape, structure):
    assert parse_shape(text) == (shape, structure)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("m×n symmetric", "only a square matrix can be symmetric"),
        ("n×m spd", "only a square matrix can be spd"),
        ("n×n banana", "cannot read the shape"),
        ("vector", "cannot read the shape"),
        ("0×3", "between 1 and 12"),
        ("40", "between 1 and 12"),
    ],
)
def test_bad_shapes_are_author_errors(text, phrase):
    with pytest.raises(AuthorError, match=phrase):
        parse_shape(text)


@pytest.mark.parametrize(
    ("variables", "declares"),
    [
        ({"x": "n"}, True),
        ({"x": "n", "A": "n×n", "c": (0.5, 2)}, True),
        ({"A": "2×3"}, True),
        ({"x": "not a shape"}, True),  # a shape was meant: declare() explains the mistake
        ({"c": (0.5, 2)}, False),
        ({"c": "scalar", "d": None}, False),
        (["x", "y"], False),
        ("x y", False),
        ((), False),
    ],
)
def test_declares_shapes(variables, declares):
    assert declares_shapes(variables) is declares


def test_declare_mixes_shapes_and_intervals():
    declarations = declare({"x": "n", "A": "m×n", "S": "n×n spd", "c": (0.5, 2), "θ": None})
    by_name = declarations.by_name
    assert declarations.names == ("x", "A", "S", "c", "theta")
    assert by_name["x"].shape == Shape("n", 1) and not by_name["x"].is_scalar
    assert by_name["A"].shape == Shape("m", "n") and not by_name["A"].is_square_matrix
    assert by_name["S"].structure == "spd" and by_name["S"].is_square_matrix
    assert by_name["c"].is_scalar and by_name["c"].interval == (0.5, 2.0)
    assert by_name["theta"].interval == (-2.0, 2.0)
    assert declarations.letters == ("m", "n")
    assert declarations.phrase() == "x, A, S, c and theta"


def test_declarations_are_cached_and_comparable():
    assert declare({"x": "n", "A": "n×n"}) is declare({"x": "n", "A": "n×n"})
    assert declare({"x": "n"}) != declare({"x": "m"})


@pytest.mark.parametrize(
    ("variables", "phrase"),
    [
        ({"I": "n×n"}, "cannot be a name"),
        ({"T": "n"}, "cannot be a name"),
        ({"tr": "n"}, "cannot be a name"),
        ({"x y": "n"}, "cannot be a name"),
        ({"theta": "n", "θ": "n"}, "declared twice"),
        ({"c": (2, 1)}, "low < high"),
        ({"c": 3}, "a pair"),
        (["x"], "mapping"),
    ],
)
def test_bad_declarations_are_author_errors(variables, phrase):
    with pytest.raises(AuthorError, match=phrase):
        declare(variables)


def test_scalar_only_declarations_become_intervals_for_the_scalar_reader():
    from vcbook.answers import check

    variables = {"c": "scalar", "d": (0.5, 2), "e1": " 1x1 "}
    assert not declares_shapes(variables)
    assert scalar_intervals(variables) == {"c": None, "d": (0.5, 2), "e1": None}
    assert scalar_intervals(["x", "y"]) == ["x", "y"]
    assert check("2c d", "2*c*d", scalar_intervals(variables)).correct
