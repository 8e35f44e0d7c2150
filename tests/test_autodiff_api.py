"""grad, value_and_grad, jacobian, jvp, vjp: semantics, shapes, argnums, mixing with NumPy,
errors, and agreement with vcbook.numeric and vcbook.symbolic on the book's examples."""

import numpy as np
import pytest
from autodiff_examples import notes_example

import vcbook.autodiff as ad
from vcbook import numeric

rng = np.random.default_rng(7)


def notes_df(x):
    """§7's closed form: 2x (1/(2√(x²+e^{x²})) − sin(x²+e^{x²})) (1 + e^{x²})."""
    c = x**2 + np.exp(x**2)
    return 2 * x * (1 / (2 * np.sqrt(c)) - np.sin(c)) * (1 + np.exp(x**2))


# --- grad and value_and_grad ---------------------------------------------------------------

def test_grad_of_the_notes_example_matches_the_closed_form():
    for x in (-1.3, -0.2, 0.0, 0.7, 1.1):
        assert ad.grad(notes_example)(x) == pytest.approx(notes_df(x), rel=1e-13, abs=1e-14)
    xs = np.linspace(-1.5, 1.5, 7)
    np.testing.assert_allclose(ad.grad(lambda x: ad.sum(notes_example(x)))(xs), notes_df(xs),
                               rtol=1e-13)


def test_zero_d_input_gives_zero_d_gradient_and_shapes_follow_the_input():
    g = ad.grad(lambda x: x * x + 1)(1.5)
    assert isinstance(g, np.ndarray) and g.shape == () and g == 3.0
    g = ad.grad(lambda x: x * x + 1)(np.float64(1.5))
    assert g.shape == ()
    x = rng.standard_normal((2, 3, 4))
    assert ad.grad(lambda x: ad.sum(ad.sin(x)))(x).shape == (2, 3, 4)
    value, g = ad.value_and_grad(lambda x: ad.sum(x**3))(np.arange(3.0))
    assert value == 9.0 and np.array_equal(g, [0.0, 3.0, 12.0])


def test_integer_and_list_inputs_become_float64():
    assert ad.grad(lambda x: ad.sum(x * x))([1, 2, 3]).dtype == np.float64
    np.testing.assert_array_equal(ad.grad(lambda x: ad.sum(x * x))(np.array([1, 2])), [2, 4])


def test_argnums_int_and_tuple_as_in_jax():
    W, b, x = rng.standard_normal((3, 4)), rng.standard_normal(3), rng.standard_normal(4)

    def loss(W, b, x):
        return ad.sum(ad.tanh(W @ x + b) ** 2)

    gW, gb = ad.grad(loss, argnums=(0, 1))(W, b, x)
    assert gW.shape == W.shape and gb.shape == b.shape
    np.testing.assert_allclose(gW, numeric.derivative(lambda W: loss(W, b, x), W), rtol=1e-7)
    np.testing.assert_allclose(gb, numeric.derivative(lambda b: loss(W, b, x), b), rtol=1e-7)
    gx = ad.grad(loss, argnums=2)(W, b, x)
    np.testing.assert_allclose(gx, numeric.derivative(lambda x: loss(W, b, x), x), rtol=1e-7)
    assert ad.grad(loss, argnums=-1)(W, b, x).shape == (4,)
    value, (gW2,) = ad.value_and_grad(loss, argnums=(0,))(W, b, x)
    np.testing.assert_allclose(gW2, gW)
    assert value == pytest.approx(float(np.sum(np.tanh(W @ x + b) ** 2)))


def test_argnums_errors():
    with pytest.raises(ValueError, match="argnums"):
        ad.grad(lambda x: x, argnums=1)(1.0)
    with pytest.raises(ValueError, match="distinct"):
        ad.grad(lambda x, y: x * y, argnums=(0, 0))(1.0, 2.0)


def test_grad_of_a_non_scalar_output_is_an_error_that_says_what_to_do():
    with pytest.raises(TypeError, match=r"scalar \(0-d\).*shape \(3,\).*jacobian"):
        ad.grad(lambda x: x * 2.0)(np.ones(3))
    with pytest.raises(TypeError, match="scalar"):
        ad.grad(lambda x: np.ones(2))(1.0)


def test_constant_output_has_zero_gradient():
    value, g = ad.value_and_grad(lambda x: 3.0)(np.ones(4))
    assert value == 3.0 and np.array_equal(g, np.zeros(4))
    assert np.array_equal(ad.grad(lambda x, y: ad.sum(y * 2), argnums=0)(np.ones(2), 1.0),
                          [0.0, 0.0])


# --- plain NumPy arrays and numbers on either side -----------------------------------------

def test_arrays_and_numbers_on_either_side_of_every_operator():
    W, b = rng.standard_normal((3, 2)), rng.standard_normal(3)
    I2 = np.eye(2)
    x, X = rng.standard_normal(2), rng.standard_normal((2, 2))
    cases = [
        (lambda x: ad.sum(W @ x + b), x), (lambda x: ad.sum(2.0 * x), x),
        (lambda x: ad.sum(x * 2), x), (lambda X: ad.sum(I2 - X), X), (lambda X: ad.sum(X - I2), X),
        (lambda x: ad.sum(1.0 / (x + 3.0)), x), (lambda x: ad.sum(np.float64(2.0) * x), x),
        (lambda x: ad.sum(x / np.float64(2.0)), x), (lambda x: ad.sum(2.0**x), x),
        (lambda x: ad.sum(np.full(2, 2.0) ** x), x), (lambda x: ad.sum((x + 5.0) ** 1.5), x),
        (lambda X: ad.sum(X @ I2), X), (lambda X: ad.sum(np.ones(2) @ X), X),
        (lambda x: ad.sum(np.ones(2) + x), x), (lambda x: ad.sum(np.ones(2) * x), x),
        (lambda x: ad.sum(np.ones(2) / (x + 3)), x), (lambda x: ad.sum(-x + (+x)), x),
    ]
    for f, arg in cases:
        report = ad.check_grads(f, arg)
        assert report.ok, report


def test_numpy_functions_on_traced_values_explain_the_fix():
    with pytest.raises(TypeError, match=r"ad\.sin"):
        ad.grad(lambda x: np.sin(x))(1.0)
    with pytest.raises(TypeError, match=r"ad\.sum"):
        ad.grad(lambda x: np.sum(x))(np.ones(2))
    with pytest.raises(TypeError, match="plain NumPy array"):
        ad.grad(lambda x: np.asarray(x).sum())(np.ones(2))


def test_comparisons_read_values_and_shape_helpers_work():
    def f(x):
        assert np.shape(x) == (3,) and np.ndim(x) == 1 and len(x) == 3 and x.size == 3
        mask = x > 0
        assert isinstance(mask, np.ndarray) and mask.dtype == bool
        return ad.sum(x * mask) + ad.sum((np.zeros(3) < x) * x)

    np.testing.assert_array_equal(ad.grad(f)(np.array([-1.0, 2.0, 3.0])), [0.0, 2.0, 2.0])


def test_python_sum_and_iteration_over_a_traced_vector():
    x = rng.standard_normal(5)
    np.testing.assert_allclose(ad.grad(lambda x: sum(xi * xi for xi in x))(x), 2 * x)


# --- jacobian, jvp, vjp --------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_jacobian_follows_the_shape_rule(mode):
    A = rng.standard_normal((3, 4))
    x = rng.standard_normal(4)
    np.testing.assert_allclose(ad.jacobian(lambda x: A @ x, mode=mode)(x), A, rtol=1e-14)
    R = rng.standard_normal((3, 2))
    J = ad.jacobian(lambda R: R.T @ R, mode=mode)(R)  # dK/dR for K = RᵀR: (N, N, M, N)
    assert J.shape == (2, 2, 3, 2)
    np.testing.assert_allclose(J, numeric.derivative(lambda R: R.T @ R, R), rtol=1e-7,
                               atol=1e-9)
    J = ad.jacobian(lambda A: A @ x, mode=mode)(A)  # df/dA for f = Ax: (M, M, N)
    assert J.shape == (3, 3, 4)
    assert ad.jacobian(lambda x: ad.sum(x), mode=mode)(x).shape == (4,)
    assert ad.jacobian(lambda x: x * 2.0, mode=mode)(1.0).shape == ()


def test_jacobian_argnums_and_bad_mode():
    Jx, Jy = ad.jacobian(lambda x, y: x * y, argnums=(0, 1))(np.ones(2), np.arange(2.0))
    np.testing.assert_array_equal(Jx, np.diag([0.0, 1.0]))
    np.testing.assert_array_equal(Jy, np.eye(2))
    with pytest.raises(ValueError, match="mode"):
        ad.jacobian(lambda x: x, mode="sideways")
    np.testing.assert_array_equal(ad.jacobian(lambda x: np.ones(2))(np.ones(3)),
                                  np.zeros((2, 3)))
    np.testing.assert_array_equal(ad.jacobian(lambda x: x, mode="forward")(np.ones(2)),
                                  np.eye(2))


def test_jvp_and_vjp_agree_with_the_jacobian():
    A = rng.standard_normal((3, 4))
    f = lambda x: ad.tanh(A @ x) * 2.0  # noqa: E731
    x, v, u = rng.standard_normal(4), rng.standard_normal(4), rng.standard_normal(3)
    J = ad.jacobian(f)(x)
    value, jv = ad.jvp(f, x, v)
    np.testing.assert_allclose(value, np.tanh(A @ x) * 2.0)
    np.testing.assert_allclose(jv, J @ v, rtol=1e-13)
    value, pullback = ad.vjp(f, x)
    np.testing.assert_allclose(pullback(u), u @ J, rtol=1e-13)
    np.testing.assert_allclose(pullback(2 * u), 2 * (u @ J), rtol=1e-13)  # reusable
    with pytest.raises(ValueError, match="shape"):
        pullback(np.ones(4))
    with pytest.raises(ValueError, match="shape"):
        ad.jvp(f, x, np.ones(3))


def test_results_never_alias_inputs_or_each_other():
    u = np.ones(3)
    _, pullback = ad.vjp(lambda x: x + 0.0, np.zeros(3))
    g = pullback(u)
    g += 1.0
    assert np.array_equal(u, np.ones(3))
    v = np.ones(3)
    _, t = ad.jvp(lambda x: x, np.zeros(3), v)
    t += 1.0
    assert np.array_equal(v, np.ones(3))
    gx, gy = ad.grad(lambda x, y: ad.sum(x + y), argnums=(0, 1))(np.ones(2), np.ones(2))
    gx += 1.0
    assert np.array_equal(gy, np.ones(2))
    g = ad.grad(lambda x: ad.sum(x))(np.ones(3))  # a broadcast adjoint comes back writable
    g[0] = 5.0


def test_no_leaks_between_calls():
    x = rng.standard_normal(5)
    x0 = x.copy()
    f = ad.grad(lambda x: ad.sum(x * x * x))
    first = f(x)
    for _ in range(3):
        np.testing.assert_array_equal(f(x), first)
    np.testing.assert_array_equal(x, x0)
    _, pullback = ad.vjp(lambda x: x * x, x)
    np.testing.assert_array_equal(pullback(np.ones(5)), pullback(np.ones(5)))


def test_nested_differentiation_is_right_with_no_perturbation_confusion():
    # d/dx [d/dy (x y)]_{y=1} = d/dx x = 1: the inner derivative must not see x as varying
    # (Siskind & Pearlmutter's perturbation confusion), nor the outer one lose x.
    assert ad.grad(lambda x: ad.grad(lambda y: x * y)(1.0))(2.0) == 1.0
    assert ad.grad(lambda x: ad.grad(lambda y: y * y)(x))(2.0) == 2.0
    assert ad.grad(lambda x: x * ad.grad(lambda y: x + y)(1.0))(3.0) == 1.0


# --- agreement with the symbolic side on the book's examples ------------------------------

def test_agreement_with_vcbook_symbolic_on_the_books_examples():
    import sympy as sp

    from vcbook import symbolic

    x = sp.Symbol("x", real=True)
    f = sp.sqrt(x**2 + sp.exp(x**2)) + sp.cos(x**2 + sp.exp(x**2))  # notes §7
    for value in (-0.9, 0.3, 1.2):
        exact = float(symbolic.derivative(f, x)[()].subs(x, value))
        assert ad.grad(notes_example)(value) == pytest.approx(exact, rel=1e-13)

    x1, x2 = sp.symbols("x1 x2", real=True)
    g = sp.sin(x1) * sp.cos(x2)  # an MML exercise
    point = {x1: 0.4, x2: -1.1}
    expected = symbolic.to_numpy(symbolic.gradient(g, [x1, x2]).subs(point))
    ours = ad.grad(lambda v: ad.sin(v[0]) * ad.cos(v[1]))(np.array([0.4, -1.1]))
    np.testing.assert_allclose(ours, expected, rtol=1e-14)

    taylor = x1**2 + 2 * x1 * x2 + x2**3  # MML §5.8: gradient (6, 14) at (1, 2)
    ours = ad.grad(lambda v: v[0] ** 2 + 2 * v[0] * v[1] + v[1] ** 3)(np.array([1.0, 2.0]))
    np.testing.assert_allclose(ours, [6.0, 14.0])
    np.testing.assert_allclose(
        ours, symbolic.to_numpy(symbolic.gradient(taylor, [x1, x2]).subs({x1: 1, x2: 2})))

    X = symbolic.symbols_matrix("X", 3, 2, real=True)
    values = rng.standard_normal((3, 2))
    subs = dict(zip(list(X), values.reshape(-1), strict=True))
    logdet = sp.log((X.T * X + sp.eye(2)).det())  # log det(XᵀX + I), by explicit symbols
    expected = symbolic.to_numpy(symbolic.derivative(logdet, X).subs(subs))
    ours = ad.grad(lambda X: ad.logdet(X.T @ X + np.eye(2)))(values)
    np.testing.assert_allclose(ours, expected, rtol=1e-12)

    B = rng.standard_normal((3, 3))
    xs = symbolic.symbols_vector("x", 3, real=True)
    quad = (xs.T * sp.Matrix(B) * xs)[0, 0]  # MML 5.107: ∂(xᵀBx)/∂x = xᵀ(B + Bᵀ)
    point = rng.standard_normal(3)
    expected = symbolic.to_numpy(symbolic.derivative(quad, xs).subs(
        dict(zip(list(xs), point, strict=True))))
    np.testing.assert_allclose(ad.grad(lambda x: x @ B @ x)(point), expected, rtol=1e-12)
    np.testing.assert_allclose(expected, point @ (B + B.T), rtol=1e-12)

    R = symbolic.symbols_matrix("R", 3, 2, real=True)  # dK/dR for K = RᵀR: shape (2, 2, 3, 2)
    r = rng.standard_normal((3, 2))
    expected = symbolic.to_numpy(symbolic.derivative(R.T * R, sp.Array(R)).subs(
        dict(zip(list(R), r.reshape(-1), strict=True))))
    for mode in ("forward", "reverse"):
        np.testing.assert_allclose(ad.jacobian(lambda R: R.T @ R, mode=mode)(r), expected,
                                   rtol=1e-13, atol=1e-15)
