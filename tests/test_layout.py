"""vcbook.layout: vec (column stacking), vec-Jacobians and the denominator layout, for NumPy
arrays and SymPy arrays alike."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vcbook import layout, numeric, symbolic

shapes = st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


def test_vec_stacks_columns():
    X = np.array([[1, 2, 3], [4, 5, 6]])
    assert list(layout.vec(X)) == [1, 4, 2, 5, 3, 6]
    a, b, c, d = sp.symbols("a b c d")
    assert list(layout.vec(sp.Matrix([[a, b], [c, d]]))) == [a, c, b, d]
    assert isinstance(layout.vec(sp.Matrix([[a, b], [c, d]])), sp.NDimArray)


def test_vec_of_vectors_and_scalars():
    assert layout.vec(np.arange(3)).shape == (3,)
    assert layout.vec(2.5).shape == (1,)
    x = symbolic.symbols_vector("x", 3)  # a column Matrix counts as a vector
    assert list(layout.vec(x)) == list(x)
    assert layout.vec(sp.Matrix([[1, 2, 3]])).shape == (3,)


def test_unvec_inverts_vec_and_checks_sizes():
    X = symbolic.symbols_matrix("X", 2, 3)
    assert layout.unvec(layout.vec(X), (2, 3)) == sp.Array(X)
    with pytest.raises(ValueError, match="6 entries"):
        layout.unvec(np.arange(5), (2, 3))


def test_vec_of_axb_is_kronecker_times_vec_x():
    rng = np.random.default_rng(1)
    A, X, B = rng.standard_normal((2, 3)), rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    assert np.allclose(layout.vec(A @ X @ B), np.kron(B.T, A) @ layout.vec(X))


def test_vec_jacobian_of_axb_is_kronecker():
    rng = np.random.default_rng(2)
    A, B = rng.standard_normal((2, 3)), rng.standard_normal((4, 5))
    D = numeric.derivative(lambda X: A @ X @ B, rng.standard_normal((3, 4)))
    assert D.shape == (2, 5, 3, 4)
    J = layout.vec_jacobian(D, (2, 5), (3, 4))
    assert J.shape == (10, 12)
    assert np.allclose(J, np.kron(B.T, A), atol=1e-8)


def test_vec_jacobian_symbolic_matches_kronecker_exactly():
    A = symbolic.symbols_matrix("A", 2, 2)
    X = symbolic.symbols_matrix("X", 2, 3)
    B = symbolic.symbols_matrix("B", 3, 2)
    D = symbolic.derivative(A * X * B, X)
    J = layout.vec_jacobian(D, (2, 2), (2, 3))
    assert J.shape == (4, 6)
    assert (J.tomatrix() - sp.kronecker_product(B.T, A)).expand() == sp.zeros(4, 6)


def test_vec_jacobian_maps_vec_dx_to_vec_df():
    rng = np.random.default_rng(3)
    R0, H = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    D = numeric.derivative(lambda R: R.T @ R, R0)
    J = layout.vec_jacobian(D, (2, 2), (3, 2))
    dK = H.T @ R0 + R0.T @ H                    # the differential of RᵀR in direction H
    assert np.allclose(J @ layout.vec(H), layout.vec(dK), atol=1e-8)


def test_vec_jacobian_of_scalar_and_vector_cases():
    G = np.arange(6.0).reshape(2, 3)           # a scalar-by-matrix derivative, shape () + (2, 3)
    assert np.array_equal(layout.vec_jacobian(G, (), (2, 3)), layout.vec(G)[None, :])
    Jac = np.arange(6.0).reshape(2, 3)         # vector by vector: the Jacobian itself
    assert np.array_equal(layout.vec_jacobian(Jac, (2,), (3,)), Jac)


def test_vec_jacobian_refuses_a_wrong_split():
    with pytest.raises(ValueError, match="does not split"):
        layout.vec_jacobian(np.zeros((2, 3, 4)), (2,), (4, 3))
    with pytest.raises(ValueError, match="has shape"):
        layout.from_vec_jacobian(np.zeros((4, 6)), (2, 2), (3, 3))


def test_denominator_layout_of_a_jacobian_is_its_transpose():
    A = symbolic.symbols_matrix("A", 2, 3)
    x = symbolic.symbols_vector("x", 3)
    D = symbolic.derivative(A * x, x)
    assert D.shape == (2, 3)
    assert layout.to_denominator(D, 1).tomatrix() == A.T
    # SymPy's matrix expressions answer in the denominator layout.
    A_expr, x_expr = sp.MatrixSymbol("A", 2, 3), sp.MatrixSymbol("x", 3, 1)
    assert sp.Matrix((A_expr * x_expr).diff(x_expr)).subs(
        {A_expr[i, j]: A[i, j] for i in range(2) for j in range(3)}) == A.T


def test_denominator_of_rtr_moves_input_axes_first():
    R = symbolic.symbols_matrix("R", 3, 2)
    D = symbolic.derivative(R.T * R, R)
    Den = layout.to_denominator(D, 2)
    assert Den.shape == (3, 2, 2, 2)
    for p, q, i, j in np.ndindex(2, 2, 3, 2):
        assert Den[i, j, p, q] == D[p, q, i, j]
    assert layout.from_denominator(Den, 2) == D
    with pytest.raises(ValueError, match="cannot split"):
        layout.to_denominator(np.zeros((2, 2)), 3)


@settings(max_examples=60, deadline=None)
@given(out_shape=shapes, in_shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_round_trips_for_any_shapes(out_shape, in_shape, seed):
    D = np.random.default_rng(seed).standard_normal(out_shape + in_shape)
    J = layout.vec_jacobian(D, out_shape, in_shape)
    assert J.shape == (int(np.prod(out_shape)), int(np.prod(in_shape)))
    assert np.array_equal(layout.from_vec_jacobian(J, out_shape, in_shape), D)
    k = len(out_shape)
    Den = layout.to_denominator(D, k)
    assert Den.shape == in_shape + out_shape
    assert np.array_equal(layout.from_denominator(Den, k), D)
    assert np.array_equal(layout.unvec(layout.vec(D), D.shape), D)
    # The vec-Jacobian predicts vec(dF) from vec(dX): a contraction over the input axes.
    H = np.random.default_rng(seed + 1).standard_normal(in_shape)
    dF = np.tensordot(D, H, axes=len(in_shape))
    assert np.allclose(J @ layout.vec(H), layout.vec(dF))


def test_numpy_and_sympy_give_the_same_arrangement():
    D = np.arange(24).reshape(2, 3, 4)
    S = sp.Array(D.tolist())
    for numeric_result, symbolic_result in [
        (layout.vec(D), layout.vec(S)),
        (layout.vec_jacobian(D, (2,), (3, 4)), layout.vec_jacobian(S, (2,), (3, 4))),
        (layout.to_denominator(D, 1), layout.to_denominator(S, 1)),
    ]:
        assert numeric_result.shape == symbolic_result.shape
        assert numeric_result.tolist() == symbolic_result.tolist()
    assert layout.vec_jacobian(D, (2,), (3, 4)).dtype == D.dtype


def test_layout_does_not_import_sympy():
    import subprocess
    import sys

    code = ("import sys, numpy as np; from vcbook import layout; "
            "layout.vec_jacobian(np.zeros((2, 3)), (2,), (3,)); "
            "assert 'sympy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
