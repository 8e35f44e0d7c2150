"""vcbook.answers.matrix.sample: seeded values at several sizes, structure respected."""

import numpy as np

from vcbook.answers.matrix.declare import declare
from vcbook.answers.matrix.sample import HIDDEN, sample, size_plans, symmetrised

SHAPES = declare({"x": "n", "A": "m×n", "S": "n×n symmetric", "P": "n×n spd", "G": "n×n",
                  "c": (0.5, 2), "s": "scalar"})


def test_size_plans_include_a_non_square_pair_both_ways():
    assert size_plans(()) == [()]
    assert size_plans(("n",)) == [(2,), (3,), (4,)]
    assert size_plans(("m", "n")) == [(2, 3), (3, 2), (3, 3)]
    assert size_plans(("a", "b", "c")) == [(2, 3, 4), (4, 3, 2), (3, 3, 3)]


def test_points_have_every_name_at_its_size():
    points = sample(SHAPES, 0)
    assert len(points) == 9
    assert {(p.sizes["m"], p.sizes["n"]) for p in points} == {(2, 3), (3, 2), (3, 3)}
    for p in points:
        m, n = p.sizes["m"], p.sizes["n"]
        assert p.values["x"].shape == (n, 1) and p.values["A"].shape == (m, n)
        assert p.values["c"].shape == (1, 1) and 0.5 <= p.values["c"][0, 0] <= 2
        assert -2 <= p.values["s"][0, 0] <= 2
        assert p.size(HIDDEN) in (2, 3, 4) and p.size(5) == 5 and p.size("n") == n


def test_structure_changes_what_is_drawn():
    for p in sample(SHAPES, 1):
        s, spd, g = p.values["S"], p.values["P"], p.values["G"]
        np.testing.assert_array_equal(s, s.T)
        np.testing.assert_allclose(spd, spd.T)
        assert np.linalg.eigvalsh(spd).min() > 0.4
        assert not np.allclose(g, g.T)
        assert np.linalg.cond(g) < 1e3


def test_one_draw_per_size_is_positive():
    points = sample(SHAPES, 2)
    positive = [p for p in points if np.all(p.values["x"] > 0) and np.all(p.values["A"] > 0)]
    assert len(positive) == 3


def test_same_seed_same_points_other_seed_other_points():
    first, again = sample(SHAPES, 5), sample(declare(dict(
        [("x", "n"), ("A", "m×n"), ("S", "n×n symmetric"), ("P", "n×n spd"), ("G", "n×n"),
         ("c", (0.5, 2)), ("s", "scalar")])), 5)
    assert first is again  # cached
    sample.cache_clear()
    fresh = sample(SHAPES, 5)
    assert all(np.array_equal(a.values["G"], b.values["G"])
               for a, b in zip(first, fresh, strict=True))
    other = sample(SHAPES, 6)
    assert not np.array_equal(first[0].values["G"], other[0].values["G"])


def test_symmetrised_replaces_only_the_named_matrices():
    points = sample(SHAPES, 0)
    changed = symmetrised(points, ("G",))
    for before, after in zip(points, changed, strict=True):
        g = before.values["G"]
        np.testing.assert_allclose(after.values["G"], (g + g.T) / 2)
        assert after.values["A"] is before.values["A"]
