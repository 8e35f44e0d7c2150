"""symbolic.derivative under the shape rule: shapes, the notes' §2, §4, §5 results, agreement
with numeric.derivative, and the cases where SymPy's matrix expressions return a silent 0."""

import numpy as np
import pytest
import sympy as sp

from vcbook import layout, numeric, symbolic

SIZES = [(2, 3), (3, 2), (4, 4)]


def _at(values: dict):
    """A substitution {symbol: number} for several symbol matrices and their values."""
    return {s: float(v) for symbols, array in values.items()
            for s, v in zip(symbols, np.ravel(array), strict=True)}


def _rtr_four_cases(R):
    """The notes' formula for ∂K_pq/∂R_ij, K = RᵀR, written out case by case."""
    M, N = R.shape
    D = np.zeros((N, N, M, N), dtype=object)
    for p, q, i, j in np.ndindex(N, N, M, N):
        if j == p == q:
            D[p, q, i, j] = 2 * R[i, q]
        elif j == p:
            D[p, q, i, j] = R[i, q]
        elif j == q:
            D[p, q, i, j] = R[i, p]
    return D


def test_shapes_of_the_issue():
    M, N = 3, 2
    A = symbolic.symbols_matrix("A", M, N)
    x = symbolic.symbols_vector("x", N)
    R = symbolic.symbols_matrix("R", M, N)
    X = symbolic.symbols_matrix("X", 2, 3)
    assert symbolic.derivative(A * x, A).shape == (M, M, N)
    assert symbolic.derivative(R.T * R, R).shape == (N, N, M, N)
    assert symbolic.derivative(sum(X), X).shape == (2, 3)
    assert symbolic.derivative(A * x, x).shape == (M, N)
    t = sp.Symbol("t")
    assert symbolic.derivative(sp.Matrix([t, t**2]), t).shape == (2,)
    assert symbolic.derivative(t**3, t).shape == ()


def test_a_one_row_matrix_is_a_vector_unless_wrapped_in_an_array():
    x = symbolic.symbols_vector("x", 3)
    row = x.T
    assert symbolic.derivative(row, x).shape == (3, 3)
    assert symbolic.derivative(sp.Array(row), x).shape == (1, 3, 3)
    assert symbolic.derivative(row, sp.Array(x)).shape == (3, 3, 1)


@pytest.mark.parametrize(("M", "N"), SIZES)
def test_notes_section_2_jacobian_of_ax_is_a(M, N):
    A = symbolic.symbols_matrix("A", M, N)
    x = symbolic.symbols_vector("x", N)
    D = symbolic.derivative(A * x, x)
    assert D.tomatrix() == A
    A0 = np.random.default_rng(M * 10 + N).standard_normal((M, N))
    x0 = np.random.default_rng(N).standard_normal(N)
    assert np.allclose(numeric.derivative(lambda v: A0 @ v, x0), A0)


@pytest.mark.parametrize(("M", "N"), SIZES)
def test_notes_section_4_df_da_has_x_in_row_i(M, N):
    A = symbolic.symbols_matrix("A", M, N)
    x = symbolic.symbols_vector("x", N)
    D = symbolic.derivative(A * x, A)
    for i in range(M):
        expected = sp.zeros(M, N)
        expected[i, :] = x.T
        assert sp.Matrix(D[i, :, :].tolist()) == expected
    rng = np.random.default_rng(M + N)
    A0, x0 = rng.standard_normal((M, N)), rng.standard_normal(N)
    D_num = numeric.derivative(lambda a: a @ x0, A0)
    D_sym = symbolic.to_numpy(D.subs(_at({tuple(x): x0})))
    assert np.allclose(D_num, D_sym, atol=1e-9)
    # vec view: f = Ax = (xᵀ ⊗ I) vec A.
    assert np.allclose(layout.vec_jacobian(D_num, (M,), (M, N)),
                       np.kron(x0[None, :], np.eye(M)), atol=1e-9)


@pytest.mark.parametrize(("M", "N"), SIZES)
def test_notes_section_5_four_cases_symbolic_and_numeric(M, N):
    R = symbolic.symbols_matrix("R", M, N)
    D = symbolic.derivative(R.T * R, R)
    four = _rtr_four_cases(R)
    for index in np.ndindex(N, N, M, N):
        assert D[index] == four[index]
    R0 = np.random.default_rng(100 * M + N).standard_normal((M, N))
    D_num = numeric.derivative(lambda r: r.T @ r, R0)
    assert D_num.shape == (N, N, M, N)
    assert np.allclose(D_num, _rtr_four_cases(R0).astype(float), atol=1e-9)
    assert np.allclose(D_num, symbolic.to_numpy(D.subs(_at({tuple(R): R0}))), atol=1e-9)


def test_log_det_gradient_is_inverse_transpose_not_a_silent_zero():
    X = symbolic.symbols_matrix("X", 3, 3)
    D = symbolic.derivative(sp.log(X.det()), X)
    assert D.shape == (3, 3)
    assert sp.simplify(D.tomatrix() - X.inv().T) == sp.zeros(3, 3)
    X_expr = sp.MatrixSymbol("X", 3, 3)
    silent = sp.log(X_expr.det()).diff(X_expr)      # SymPy's matrix calculus: a silent 0
    assert silent.is_ZeroMatrix and silent.shape == (3, 3)
    X0 = np.random.default_rng(5).standard_normal((3, 3)) + 3 * np.eye(3)
    numerical = numeric.derivative(lambda Y: np.log(abs(np.linalg.det(Y))), X0)
    assert np.allclose(numerical, np.linalg.inv(X0).T, atol=1e-8)
    assert np.allclose(symbolic.to_numpy(D.subs(_at({tuple(X): X0}))), numerical, atol=1e-8)


def test_det_gradient_is_the_cofactor_matrix():
    X = symbolic.symbols_matrix("X", 3, 3)
    D = symbolic.derivative(X.det(), X)
    assert (D.tomatrix() - X.adjugate().T).expand() == sp.zeros(3, 3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agrees_with_numeric_derivative_on_a_nonlinear_matrix_function(seed):
    X = symbolic.symbols_matrix("X", 2, 3)
    W = symbolic.symbols_matrix("W", 3, 2)
    F = (X * W).applyfunc(sp.tanh)                    # a 2×2 output
    D = symbolic.derivative(F, X)
    assert D.shape == (2, 2, 2, 3)
    rng = np.random.default_rng(seed)
    X0, W0 = rng.standard_normal((2, 3)), rng.standard_normal((3, 2))
    numerical = numeric.derivative(lambda x: np.tanh(x @ W0), X0)
    exact = symbolic.to_numpy(D.subs(_at({tuple(X): X0, tuple(W): W0})))
    assert np.allclose(exact, numerical, atol=1e-8)


def test_least_squares_gradient():
    N, P = 4, 2
    Phi = symbolic.symbols_matrix("Phi", N, P)
    y = symbolic.symbols_vector("y", N)
    theta = symbolic.symbols_vector("theta", P)
    e = y - Phi * theta
    L = (e.T * e)[0, 0]
    D = symbolic.derivative(L, theta)
    assert D.shape == (P,)
    claimed = -2 * e.T * Phi
    assert (sp.Matrix([list(D)]) - claimed).expand() == sp.zeros(1, P)
