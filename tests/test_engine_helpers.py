"""Engine helpers that chapters used to define themselves (issue 11: notebook helpers that
belong in the engine): ``symbolic.at``, ``EvaluationTrace.paths`` / ``work_per_sweep`` and the
polygon helpers of ``plots``."""

import numpy as np
import pytest
import sympy as sp

import vcbook.autodiff as ad
from vcbook import numeric, plots, symbolic


def test_at_substitutes_matrices_and_vectors_row_by_row():
    A = symbolic.symbols_matrix("A", 2, 3)
    x = symbolic.symbols_vector("x", 3)
    A0, x0 = np.arange(6.0).reshape(2, 3), np.array([1.0, -2.0, 0.5])
    D = symbolic.derivative(A * x, A)                         # shape (2, 2, 3)
    assert np.allclose(symbolic.at(D, (x, x0)), numeric.derivative(lambda m: m @ x0, A0))
    assert np.allclose(symbolic.at(A * x, (A, A0), (x, x0)).ravel(), A0 @ x0)
    t = sp.Symbol("t")
    assert symbolic.at(sp.Matrix([[t**2]]), (t, 3.0)).tolist() == [9.0]  # vectors are 1-D
    with pytest.raises(ValueError, match="6 symbols but 2 numbers"):
        symbolic.at(A * x, (A, [1.0, 2.0]))


def _notes_example(x):
    a = x**2
    b = ad.exp(a)
    c = a + b
    return ad.sqrt(c) + ad.cos(c)


def test_paths_of_the_notes_example_sum_to_the_derivative():
    trace = ad.evaluation_trace(_notes_example, 0.8)
    routes = trace.paths("x", trace.rows[-1].name)
    assert len(routes) == 4 and all(r[0] == "x" for r in routes)
    local = {(p, row.name): float(v) for row in trace.rows
             for p, v in zip(row.parents, row.local, strict=True)}
    total = sum(np.prod([local[e] for e in zip(r[:-1], r[1:], strict=True)]) for r in routes)
    assert np.isclose(total, float(ad.grad(_notes_example)(0.8)))


def test_paths_of_a_deep_chain_and_the_work_of_a_sweep():
    def chain(x):
        for _ in range(3000):
            x = x + 1.0
        return x
    trace = ad.evaluation_trace(chain, 1.0, mode="forward")
    assert len(trace.paths("x", trace.rows[-1].name)) == 1
    n = 7
    vector = ad.evaluation_trace(lambda v: ad.sum(ad.exp(v * v)), np.ones(n))
    edges = sum(len(row.parents) for row in vector.rows)
    assert vector.work_per_sweep() == sum(
        max(np.size(vector[p].value) if p in {r.name for r in vector.rows} else 1,
            np.size(row.value)) for row in vector.rows for p in row.parents)
    assert vector.work_per_sweep() >= edges


def test_polygon_area_of_a_square_and_its_boundary():
    box = plots.square_boundary(np.array([1.0, 0.5]), 0.2)
    assert box.shape == (2, 1601) and np.allclose(box[:, 0], box[:, -1])
    assert np.isclose(plots.polygon_area(box), 0.04)
