"""vcbook.numeric: finite differences against exact derivatives; gradient checks that explain."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vcbook import numeric, symbolic


def _close_enough(numerical, exact):
    """The accuracy promised in the foundation issue: 1e-7 · (1 + max |exact|)."""
    assert numerical.shape == exact.shape
    assert np.max(np.abs(numerical - exact)) <= 1e-7 * (1 + np.max(np.abs(exact)))


def _symbolic_vs_numeric(F, X, point, rng):
    """Evaluate symbolic.derivative(F, X) at ``point`` and compare with numeric.derivative."""
    entries, shape = symbolic.as_array_shape(X)
    exact_sym = symbolic.derivative(F, X)
    values = dict(zip(entries, point.reshape(-1), strict=True))
    exact = symbolic.to_numpy(exact_sym.subs(values))
    f_num = sp.lambdify([entries], list(symbolic.as_array_shape(F)[0]), "numpy")
    f_shape = symbolic.as_array_shape(F)[1]

    def f(v):
        return np.array(f_num(list(np.reshape(v, -1))), dtype=float).reshape(f_shape)

    _close_enough(numeric.derivative(f, point), exact)
    return exact


@pytest.mark.parametrize(("M", "N"), [(2, 3), (3, 2), (4, 3), (2, 2)])
def test_rtr_derivative_matches_symbolic(M, N):
    rng = np.random.default_rng(M * 10 + N)
    R = symbolic.symbols_matrix("R", M, N)
    exact = _symbolic_vs_numeric(R.T * R, R, rng.normal(size=(M, N)), rng)
    assert exact.shape == (N, N, M, N)


def test_a_one_row_matrix_stays_a_matrix_when_passed_as_an_array():
    """DESIGN.md: a 1×N Matrix counts as a vector; an Array keeps its (1, N) shape."""
    R = symbolic.symbols_matrix("R", 1, 3)
    assert symbolic.derivative(R.T * R, R).shape == (3, 3, 3)
    rng = np.random.default_rng(5)
    exact = _symbolic_vs_numeric(sp.Array(R.T * R), sp.Array(R), rng.normal(size=(1, 3)), rng)
    assert exact.shape == (3, 3, 1, 3)


@pytest.mark.parametrize(("M", "N"), [(2, 3), (3, 2)])
def test_ax_by_a_matches_symbolic(M, N):
    rng = np.random.default_rng(0)
    A = symbolic.symbols_matrix("A", M, N)
    xv = rng.normal(size=N)
    F = A * sp.Matrix(xv)
    exact = _symbolic_vs_numeric(F, A, rng.normal(size=(M, N)), rng)
    assert exact.shape == (M, M, N)


def test_vector_function_jacobian_and_scalar_gradient_match_symbolic():
    rng = np.random.default_rng(1)
    x = symbolic.symbols_vector("x", 3)
    F = sp.Matrix([sp.sin(x[0]) * x[1], sp.exp(x[2] / 3) + x[0] ** 2])
    assert _symbolic_vs_numeric(F, x, rng.normal(size=3), rng).shape == (2, 3)
    scalar = sp.log(1 + x[0] ** 2) * sp.cos(x[1]) + x[2] ** 3
    assert _symbolic_vs_numeric(scalar, x, rng.normal(size=3), rng).shape == (3,)


def test_large_and_small_entries_each_get_their_own_step():
    x = np.array([1e-3, 1e4])
    exact = np.array([np.cos(1e-3), 2 * 1e4])
    _close_enough(numeric.derivative(lambda v: np.sin(v[0]) + v[1] ** 2, x), exact)


def test_scalar_input_and_output_give_a_0d_derivative():
    d = numeric.derivative(np.exp, 0.5)
    assert d.shape == ()
    assert abs(d - np.exp(0.5)) < 1e-9


def test_derivative_does_not_modify_the_input():
    x = np.array([1.0, 2.0])
    numeric.derivative(lambda v: v * v, x)
    assert x.tolist() == [1.0, 2.0]


@settings(deadline=None, max_examples=40)
@given(st.lists(st.floats(-2, 2), min_size=1, max_size=4),
       st.lists(st.floats(-1, 1), min_size=4, max_size=4))
def test_polynomial_gradients_match(point, coefficients):
    x = np.array(point)
    a, b, c, d = coefficients

    def f(v):
        return a * np.sum(v**3) + b * np.sum(v) ** 2 + c * v[0] * v[-1] + d

    exact = 3 * a * x**2 + 2 * b * np.sum(x) * np.ones_like(x)
    exact[0] += c * x[-1]
    exact[-1] += c * x[0]
    _close_enough(numeric.derivative(f, x), exact)


# check_gradient ------------------------------------------------------------------------------

A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def test_check_gradient_accepts_a_right_jacobian():
    result = numeric.check_gradient(lambda x: A @ x, lambda x: A, np.array([0.5, -1.0, 2.0]))
    assert result.ok
    assert result.max_abs_error < 1e-8
    assert repr(result).startswith("GradientCheck: OK")


def test_check_gradient_rejects_a_transposed_jacobian_and_says_so():
    result = numeric.check_gradient(lambda x: A @ x, lambda x: A.T, np.ones(3))
    assert not result.ok
    assert result.claimed_shape == (3, 2) and result.expected_shape == (2, 3)
    assert "transpose" in repr(result) and "denominator layout" in repr(result)


def test_a_transposed_matrix_gradient_is_not_blamed_on_a_layout():
    """Regression: d tr(AX)/dX = A^T answered as A was called 'the denominator layout', which
    gives X's shape for a scalar function of a matrix, like every convention the book names."""
    A = np.arange(6.0).reshape(2, 3)
    result = numeric.check_gradient(lambda X: np.trace(A @ X), lambda X: A, np.ones((3, 2)))
    assert not result.ok and result.claimed_shape == (2, 3)
    assert "rows and columns are swapped" in repr(result) and "layout" not in repr(result)


def test_check_gradient_rejects_a_wrong_value_and_names_the_entry():
    def wrong(x):
        g = 2 * x
        g[1] += 0.5
        return g

    result = numeric.check_gradient(lambda x: np.sum(x**2), wrong, np.array([1.0, 2.0, 3.0]))
    assert not result.ok
    assert result.worst[0][0] == (1,)
    assert abs(result.max_abs_error - 0.5) < 1e-6
    assert "1 of 3 entries" in repr(result) and "entry (1,): claimed 4.5" in repr(result)


def test_check_gradient_rejects_a_squeezed_or_reshaped_answer():
    result = numeric.check_gradient(lambda x: np.sum(x**2), lambda x: (2 * x)[None, :],
                                    np.array([1.0, 2.0]))
    assert not result.ok
    assert "shape (1, 2)" in repr(result) and "arranged in the wrong shape" in repr(result)


def test_check_gradient_notices_a_sign_error():
    result = numeric.check_gradient(np.sin, lambda x: np.diag(-np.cos(x)),
                                    np.array([0.3, 0.7]))
    assert not result.ok and "wrong sign" in repr(result)


def test_check_gradient_rejects_the_forgotten_inner_derivative():
    # d/dt sin(t²) = 2t cos(t²); forgetting the inner derivative gives cos(t²).
    def f(x):
        return np.sin(x**2)

    assert numeric.check_gradient(f, lambda x: np.diag(2 * x * np.cos(x**2)), np.ones(2)).ok
    assert not numeric.check_gradient(f, lambda x: np.diag(np.cos(x**2)), np.ones(2)).ok
