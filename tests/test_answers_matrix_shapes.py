"""vcbook.answers.matrix.shapes: symbolic sizes and their unification."""

import pytest

from vcbook.answers.matrix.shapes import (
    SCALAR,
    Free,
    Shape,
    Unifier,
    count_words,
    shape_text,
    shape_words,
)


def test_rigid_sizes_unify_only_with_themselves():
    u = Unifier()
    assert u.unify("n", "n") and u.unify(3, 3)
    assert not u.unify("m", "n")
    assert not u.unify("n", 1)
    assert u.bound == {}


def test_free_sizes_are_bound_and_followed():
    u = Unifier()
    k, j = u.fresh(), u.fresh()
    assert k != j
    assert u.unify(k, j) and u.unify(j, "n")
    assert u.resolve(k) == "n"
    assert not u.unify(k, "m")  # k is n now
    assert u.shape(Shape(k, 1)) == Shape("n", 1)


def test_unify_shapes_is_all_or_nothing():
    u = Unifier()
    k = u.fresh()
    assert not u.unify_shapes(Shape(k, "m"), Shape("n", "p"))
    assert u.resolve(k) == k  # the rows were not left bound
    assert u.unify_shapes(Shape(k, "m"), Shape("n", "m"))
    assert u.resolve(k) == "n"


def test_scalar_and_square():
    u = Unifier()
    k = u.fresh()
    assert u.is_scalar(SCALAR) and not u.is_scalar(Shape(k, k))
    assert u.is_square(Shape("n", "n")) and not u.is_square(Shape("m", "n"))
    assert u.is_square(Shape(k, "n")) and u.resolve(k) == "n"
    u2 = u.copy()
    u2.unify(u2.fresh(), 3)
    assert len(u.bound) == 1 and len(u2.bound) == 2


@pytest.mark.parametrize(
    ("shape", "words"),
    [
        (SCALAR, "a scalar (1×1)"),
        (Shape(1, "n"), "a 1×n row vector"),
        (Shape("n", 1), "an n×1 column vector"),
        (Shape("m", 1), "an m×1 column vector"),
        (Shape("k", 1), "a k×1 column vector"),
        (Shape(8, 1), "an 8×1 column vector"),
        (Shape("m", "n"), "an m×n matrix"),
        (Shape(2, 3), "a 2×3 matrix"),
        (Shape(Free(1), Free(1)), "a ?×? matrix (? a size nothing in it fixes)"),
    ],
)
def test_shape_words(shape, words):
    assert shape_words(shape) == words


def test_texts():
    assert shape_text(Shape("m", "n")) == "m×n"
    assert shape_text(Shape(Shape("n", 1).T.rows, 2)) == "1×2"
    assert count_words(1, "row") == "1 row" and count_words("n", "column") == "n columns"
