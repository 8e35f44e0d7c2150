"""vcbook.answers.matrix.compare: pairs of trees compared at sampled points."""

import numpy as np

from vcbook.answers.matrix import parse
from vcbook.answers.matrix.compare import Pair, close, values
from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.sample import sample

VARIABLES = {"x": "n", "A": "n×n", "B": "m×n", "s": (0.5, 2)}
SHAPES = declare(VARIABLES)
POINTS = sample(SHAPES, 0)


def pair(answer, expected):
    return Pair.make(parse(answer, VARIABLES).tree, parse(expected, VARIABLES).tree, SHAPES,
                     POINTS)


def test_close_is_relative_to_the_largest_entry():
    big = np.array([[1e6, 1.0]])
    assert close(big, big + np.array([[0.0, 1e-3]]))  # 1e-3 is tiny next to 1e6
    assert not close(np.array([[1.0]]), np.array([[1.0 + 1e-6]]))
    assert not close(np.array([[np.nan]]), np.array([[np.nan]]))
    assert not close(np.array([[np.inf]]), np.array([[np.inf]]))
    assert close(np.array([[2.0]]), np.full((2, 2), 2.0))  # a scalar term broadcasts
    assert not close(np.ones((2, 1)), np.ones((3, 1)))


def test_equal_and_different():
    assert pair("x^T A + x^T A^T", "x^T (A + A^T)").compare().status == "equal"
    comparison = pair("2 x^T A", "x^T (A + A^T)").compare()
    assert comparison.status == "different" and len(comparison.pairs) == len(POINTS)


def test_shapes_that_cannot_be_equal_make_no_pair():
    assert pair("A x", "x^T A") is None
    assert pair("B x", "x") is None  # m and n are different sizes
    assert Pair.make(parse("A", VARIABLES).tree, parse("B", VARIABLES).tree, SHAPES,
                     POINTS) is None


def test_an_identity_takes_its_size_from_the_other_tree():
    found = pair("2 I - I", "A A^-1")
    assert found is not None and found.equal()
    assert {v.shape for v in found.answer_values()} == {(2, 2), (3, 3)}  # n is 3, 2, 3


def test_points_where_the_expected_answer_is_undefined_are_skipped():
    # log(s - 1) is defined only where s > 1: some points, not all
    found = pair("log(s - 1) x", "log(s - 1) x")
    assert 3 <= len(found.valid()) < len(POINTS)
    assert found.compare().status == "equal"
    nowhere = pair("log(-s) x", "log(-s) x")
    assert nowhere.compare().status == "unknown"


def test_an_answer_undefined_where_the_expected_one_is_defined():
    comparison = pair("log(x - 10)", "x").compare()
    assert comparison.status == "different" and comparison.undefined


def test_expected_values_are_cached_per_exercise():
    values.cache_clear()
    pair("x", "A x").compare()
    pair("A^T x", "A x").compare()
    assert values.cache_info().hits >= 1
