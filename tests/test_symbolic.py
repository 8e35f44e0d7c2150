"""vcbook.symbolic: row gradients, Jacobians, chain-rule derivations, the shape rule."""

import numpy as np
import pytest
import sympy as sp

from vcbook import numeric, symbolic

t, s = sp.symbols("t s", real=True)
x1, x2, x3 = sp.symbols("x1 x2 x3", real=True)


def test_gradient_is_a_row():
    g = symbolic.gradient(x1**2 * x2 + sp.sin(x3), [x1, x2, x3])
    assert g.shape == (1, 3)
    assert g == sp.Matrix([[2 * x1 * x2, x1**2, sp.cos(x3)]])


def test_jacobian_rows_are_gradients():
    fs = [x1 * x2, x1 + sp.exp(x2)]
    J = symbolic.jacobian(fs, [x1, x2])
    assert J.shape == (2, 2)
    for i, f in enumerate(fs):
        assert J[i, :] == symbolic.gradient(f, [x1, x2])


def test_notes_section_1_chain_rule_along_a_curve():
    d = symbolic.chain_rule(x1**2 + 2 * x2, {x1: sp.sin(t), x2: sp.cos(t)}, t)
    assert sp.simplify(d.result - 2 * sp.sin(t) * (sp.cos(t) - 1)) == 0
    assert d.outer == sp.Matrix([[2 * x1, 2]])
    assert d.inner == sp.Matrix([[sp.cos(t)], [-sp.sin(t)]])
    assert d.shapes == {"outer": (1, 2), "inner": (2, 1), "product": (1, 1)}
    latex = d._repr_latex_()
    assert r"\mathbb{R}^{1 \times 2}" in latex and r"\mathbb{R}^{2 \times 1}" in latex
    assert "(1×2)(2×1) = 1×1" in latex


def test_notes_section_3_exp_example_matches_the_hand_derivation():
    g1, g2 = t * sp.cos(t), t * sp.sin(t)
    d = symbolic.chain_rule(sp.exp(x1 * x2**2), {x1: g1, x2: g2}, t)
    by_hand = sp.exp(g1 * g2**2) * (g2**2 * (sp.cos(t) - t * sp.sin(t))
                                    + 2 * g1 * g2 * (sp.sin(t) + t * sp.cos(t)))
    assert sp.simplify(d.result - by_hand) == 0
    assert sp.simplify(d.result - sp.diff(sp.exp(g1 * g2**2), t)) == 0
    for t0 in (0.3, 1.1, 2.5):
        exact = float(d.result.subs(t, t0))
        numerical = numeric.derivative(lambda u: np.exp(u * np.cos(u) * (u * np.sin(u)) ** 2), t0)
        assert numerical.shape == ()
        assert abs(numerical - exact) <= 1e-7 * (1 + abs(exact))


def test_chain_rule_with_two_parameters_gives_a_row_of_partials():
    f = x1**2 * x2
    d = symbolic.chain_rule(f, {x1: s + t, x2: s * t}, [s, t])
    assert isinstance(d.result, sp.MatrixBase) and d.result.shape == (1, 2)
    composed = (s + t) ** 2 * (s * t)
    assert sp.simplify(d.result[0] - sp.diff(composed, s)) == 0
    assert sp.simplify(d.result[1] - sp.diff(composed, t)) == 0
    assert d.shapes == {"outer": (1, 2), "inner": (2, 2), "product": (1, 2)}
    assert r"\mathbb{R}^{2 \times 2}" in d._repr_latex_()
    assert "inner derivative (2×2)" in repr(d)


@pytest.mark.parametrize(("M", "N"), [(2, 3), (3, 2), (4, 4)])
def test_derivative_shapes_follow_the_rule(M, N):
    A = symbolic.symbols_matrix("A", M, N)
    x = symbolic.symbols_vector("x", N)
    R = symbolic.symbols_matrix("R", M, N)
    assert symbolic.derivative(A * x, x).shape == (M, N)
    assert symbolic.derivative(A * x, A).shape == (M, M, N)
    assert symbolic.derivative(R.T * R, R).shape == (N, N, M, N)
    assert symbolic.derivative((x.T * x)[0, 0], x).shape == (N,)
    assert symbolic.derivative(R[0, 0] * R[-1, -1], R).shape == (M, N)
    assert symbolic.derivative(x1**3, x1) == sp.Array(3 * x1**2)


def test_derivative_of_ax_by_a_has_x_in_row_i():
    M, N = 3, 2
    A = symbolic.symbols_matrix("A", M, N)
    x = symbolic.symbols_vector("x", N)
    D = symbolic.derivative(A * x, A)
    for i in range(M):
        for k in range(M):
            expected = [x[q] if k == i else 0 for q in range(N)]
            assert [D[i, k, q] for q in range(N)] == expected


def test_derivative_of_rtr_matches_the_notes_four_cases():
    M, N = 3, 3
    R = symbolic.symbols_matrix("R", M, N)
    D = symbolic.derivative(R.T * R, R)
    for p in range(N):
        for q in range(N):
            for i in range(M):
                for j in range(N):
                    if j == p == q:
                        expected = 2 * R[i, q]
                    elif j == p:
                        expected = R[i, q]
                    elif j == q:
                        expected = R[i, p]
                    else:
                        expected = 0
                    assert D[p, q, i, j] == expected


def test_derivative_refuses_a_non_symbol():
    with pytest.raises(TypeError, match="not a Symbol"):
        symbolic.derivative(x1**2, x1 + 1)


def test_to_numpy_keeps_the_shape_rule():
    assert symbolic.to_numpy(sp.Matrix([[1, 2, 3]])).shape == (3,)
    assert symbolic.to_numpy(sp.Matrix([[1, 2], [3, 4]])).shape == (2, 2)
    assert symbolic.to_numpy(sp.Array([[[1], [2]]])).shape == (1, 2, 1)


def test_chain_rule_takes_the_simplifier_to_use():
    t, a, b = sp.symbols("t a b")
    seen = []

    def keep(expr):
        seen.append(expr)
        return expr

    d = symbolic.chain_rule(a**2 + 2 * b, {a: sp.sin(t), b: sp.cos(t)}, t, simplify=keep)
    assert seen and sp.simplify(d.result - 2 * sp.sin(t) * (sp.cos(t) - 1)) == 0
