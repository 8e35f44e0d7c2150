"""Every primitive of the rules table, checked in forward and reverse mode against central
differences (vcbook.autodiff.check_grads), on random shapes, with broadcasting."""

import numpy as np
import pytest

import vcbook.autodiff as ad
from vcbook import numeric
from vcbook.autodiff.registry import RULES

rng = np.random.default_rng(20240601)


def check(f, *args, **options):
    report = ad.check_grads(f, *args, **options)
    assert report.ok, report
    return report


def positive(shape):
    return rng.uniform(0.5, 2.0, shape)


def normal(shape):
    return rng.standard_normal(shape)


SHAPES = [(), (3,), (2, 3)]
UNARY = {
    "sin": normal, "cos": normal, "tan": lambda s: rng.uniform(-1.0, 1.0, s), "exp": normal,
    "log": positive, "sqrt": positive, "tanh": normal, "negative": normal, "square": normal,
    "sigmoid": normal,
}
BROADCAST_PAIRS = [((), ()), ((), (3,)), ((3,), ()), ((2, 3), (3,)), ((3,), (2, 3)),
                   ((2, 1), (1, 3)), ((4, 1, 3), (2, 3)), ((2, 3), (2, 3))]
BINARY = ["add", "subtract", "multiply", "divide", "power"]
TESTED = set(UNARY) | set(BINARY) | {"sum", "mean", "norm", "reshape", "transpose", "getitem",
                                      "diag", "outer", "matmul", "gram", "trace", "det", "inv",
                                      "solve", "logdet"}


def test_every_primitive_of_the_table_has_a_test_here():
    """The first primitives are checked to order 1 here; every primitive, including these, to
    orders 1 and 2 in test_autodiff_second_order.py (which has its own completeness test)."""
    from test_autodiff_second_order import CASES

    assert set(RULES) <= TESTED | set(CASES), set(RULES) - TESTED - set(CASES)


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("shape", SHAPES)
def test_unary_elementwise(name, shape):
    check(getattr(ad, name), UNARY[name](shape))


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("shapes", BROADCAST_PAIRS)
def test_binary_elementwise_with_broadcasting(name, shapes):
    first = positive if name == "power" else normal
    second = positive if name == "divide" else normal
    check(getattr(ad, name), first(shapes[0]), second(shapes[1]))


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS)
def test_operators_match_the_primitives(shapes):
    x, y = positive(shapes[0]), positive(shapes[1])
    check(lambda a, b: a + b * a - b / a + a**b - (-a), x, y)


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_with_axis(name, axis, keepdims):
    fn = getattr(ad, name)
    check(lambda x: fn(x, axis=axis, keepdims=keepdims) * 1.5, normal((2, 3, 4)))


def test_reductions_positional_axis_and_methods():
    x = normal((2, 3))
    check(lambda x: ad.sum(x, 1), x)
    check(lambda x: x.mean(axis=0) + x.sum(), x)


@pytest.mark.parametrize("shape, new", [((2, 3), (3, 2)), ((2, 3), (6,)), ((6,), (2, 1, 3)),
                                        ((), (1,))])
def test_reshape(shape, new):
    check(lambda x: ad.reshape(x, new) * 2.0, normal(shape))
    check(lambda x: x.reshape(new), normal(shape))


@pytest.mark.parametrize("shape, axes", [((2, 3), None), ((2, 3, 4), (1, 2, 0)),
                                         ((2, 3, 4), (2, 0, 1)), ((3,), None)])
def test_transpose(shape, axes):
    check(lambda x: ad.transpose(x, axes) * np.arange(1.0, np.prod(shape) + 1).reshape(
        np.transpose(np.zeros(shape), axes).shape), normal(shape))


def test_dot_T_and_transpose_method():
    x = normal((2, 3))
    check(lambda x: x.T @ x * np.arange(9.0).reshape(3, 3), x)
    check(lambda x: x.transpose(1, 0) * 2.0, x)


def test_gram_is_what_x_T_at_x_records():
    x, weights = normal((4, 3)), normal((3, 3))
    check(ad.gram, x)
    check(lambda x: ad.sum((x.T @ x) * weights), x)
    assert ad.evaluation_trace(lambda x: x.T @ x, x).rows[-1].op == "gram"
    assert ad.evaluation_trace(lambda x: ad.matmul(x.T, x), x).rows[-1].op == "matmul"
    g1 = ad.grad(lambda x: ad.sum((x.T @ x) * weights))(x)
    g2 = ad.grad(lambda x: ad.sum(ad.matmul(x.T, x) * weights))(x)
    np.testing.assert_allclose(g1, g2, rtol=1e-13)


@pytest.mark.parametrize("key", [0, -1, slice(1, 3), (Ellipsis, 1), (slice(None), None, 0),
                                 [0, 0, 2], np.array([1, 1, 1]), (np.array([0, 1]), 1),
                                 np.array([True, False, True, True])])
def test_getitem(key):
    check(lambda x: x[key] * 3.0, normal((4, 3)) if not (isinstance(key, np.ndarray)
                                                           and key.dtype == bool) else normal(4))


MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)),
                 ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)),
                 ((5, 2, 3), (3,)), ((3,), (5, 3, 4)), ((1, 2, 3), (5, 3, 4))]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES)
def test_matmul_all_shape_combinations(shapes):
    check(ad.matmul, normal(shapes[0]), normal(shapes[1]))


@pytest.mark.parametrize("shapes", [((), (3,)), ((3,), (3,)), ((2, 3), (3,)), ((2, 3), (3, 2))])
def test_dot(shapes):
    check(ad.dot, normal(shapes[0]), normal(shapes[1]))
    a, b = normal(shapes[0]), normal(shapes[1])
    by_method = ad.jacobian(lambda a, b: a.dot(b), argnums=(0, 1))(a, b)
    by_function = ad.jacobian(ad.dot, argnums=(0, 1))(a, b)
    for one, other in zip(by_method, by_function, strict=True):
        np.testing.assert_array_equal(one, other)


def well_conditioned(n):
    return normal((n, n)) + n * np.eye(n)


def test_trace_det_inv():
    a = normal((3, 3))
    check(ad.trace, normal((3, 4)))
    check(ad.det, a)
    check(ad.inv, well_conditioned(3))


@pytest.mark.parametrize("b_shape", [(3,), (3, 2)])
def test_solve(b_shape):
    check(ad.solve, well_conditioned(3), normal(b_shape))


def test_logdet_of_any_sign_and_its_efficient_rule():
    check(ad.logdet, well_conditioned(4))
    a = normal((3, 3))
    a[0] *= -1 if np.linalg.det(a) > 0 else 1  # a negative determinant: log|det A|
    check(ad.logdet, a)
    x = normal((6, 3))
    g = ad.grad(lambda x: ad.logdet(x.T @ x + np.eye(3)))(x)
    np.testing.assert_allclose(g, 2 * x @ np.linalg.inv(x.T @ x + np.eye(3)), rtol=1e-12)


@pytest.mark.parametrize("name", ["trace", "det", "inv", "logdet", "gram", "diag"])
def test_matrix_rules_refuse_batches_rather_than_answer_wrongly(name):
    with pytest.raises(ValueError, match="one matrix"):
        getattr(ad, name)(normal((2, 3, 3)))


# --- sigmoid, diag, outer, norm ---------------------------------------------------------------

def both_modes(f, x):
    """The Jacobian of f at x in reverse and in forward mode, which must agree."""
    reverse = ad.jacobian(f)(x)
    np.testing.assert_allclose(ad.jacobian(f, mode="forward")(x), reverse, rtol=1e-13,
                               atol=1e-15)
    return reverse


def test_sigmoid_values_without_overflow_and_its_derivative():
    x = np.array([0.0, np.log(3.0), -np.log(3.0), 2.0, -40.0])
    expected = [0.5, 0.75, 0.25, 1.0 / (1.0 + np.exp(-2.0)), 1.0 / (1.0 + np.exp(40.0))]
    np.testing.assert_allclose(ad.sigmoid(x), expected, rtol=1e-15)  # e^-40 kept, not 0
    with np.errstate(over="raise", invalid="raise"):
        np.testing.assert_array_equal(ad.sigmoid(np.array([-800.0, 800.0])), [0.0, 1.0])
    jac = both_modes(ad.sigmoid, x)
    np.testing.assert_allclose(np.diag(jac)[:3], [0.25, 0.1875, 0.1875], rtol=1e-15)
    assert np.count_nonzero(jac - np.diag(np.diag(jac))) == 0
    reference = numeric.derivative(lambda x: 1.0 / (1.0 + np.exp(-x)), x)
    np.testing.assert_allclose(jac, reference, atol=1e-9)
    assert ad.grad(ad.sigmoid)(0.0) == 0.25


def test_diag_of_a_vector_is_the_diagonal_matrix():
    v = np.array([1.0, -2.0, 3.0])
    np.testing.assert_array_equal(ad.diag(v), np.diag(v))
    jac = both_modes(ad.diag, v)
    assert jac.shape == (3, 3, 3)
    e = np.eye(3)
    np.testing.assert_array_equal(jac, np.einsum("ij,jk->ijk", e, e))  # δ_ij δ_jk
    np.testing.assert_allclose(jac, numeric.derivative(np.diag, v), atol=1e-9)


def test_diag_of_a_matrix_is_its_diagonal():
    a = np.arange(9.0).reshape(3, 3)
    np.testing.assert_array_equal(ad.diag(a), [0.0, 4.0, 8.0])
    jac = both_modes(ad.diag, a)
    assert jac.shape == (3, 3, 3)
    e = np.eye(3)
    np.testing.assert_array_equal(jac, np.einsum("ij,ik->ijk", e, e))  # δ_ij δ_ik
    np.testing.assert_allclose(jac, numeric.derivative(np.diag, a), atol=1e-9)
    w = np.array([2.0, -1.0, 5.0])
    np.testing.assert_array_equal(ad.grad(lambda a: ad.sum(ad.diag(a) * w))(a), np.diag(w))


@pytest.mark.parametrize("shape", [(3,), (3, 3), (2, 4), (4, 2)])
def test_diag_gradients_in_both_modes(shape):
    x = normal(shape)
    check(ad.diag, x)
    check(lambda x: ad.diag(ad.diag(x)) * 2.0 + ad.diag(ad.diag(x)), x)  # adjoints accumulate
    np.testing.assert_array_equal(ad.diag(x), np.diag(x))


def test_diag_refuses_numbers_and_batches_with_a_reason():
    for x in (2.0, normal((2, 3, 3))):
        with pytest.raises(ValueError, match=r"ad.diag takes one vector \(1-D\) or one matrix"):
            ad.diag(x)


def test_outer_values_and_jacobians():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0])
    np.testing.assert_array_equal(ad.outer(a, b), [[4, -5], [8, -10], [12, -15]])
    ja, jb = ad.jacobian(ad.outer, argnums=(0, 1))(a, b)
    fa, fb = ad.jacobian(ad.outer, mode="forward", argnums=(0, 1))(a, b)
    assert ja.shape == (3, 2, 3) and jb.shape == (3, 2, 2)
    np.testing.assert_array_equal(fa, ja)
    np.testing.assert_array_equal(fb, jb)
    np.testing.assert_allclose(ja, numeric.derivative(lambda a: np.outer(a, b), a), atol=1e-9)
    np.testing.assert_allclose(jb, numeric.derivative(lambda b: np.outer(a, b), b), atol=1e-9)
    check(ad.outer, normal(4), normal(3))
    check(lambda a: ad.outer(a, a), normal(3))  # both arguments the same traced vector


@pytest.mark.parametrize("shapes", [((2, 3), (3,)), ((3,), ()), ((), ())])
def test_outer_refuses_anything_but_two_vectors(shapes):
    with pytest.raises(ValueError, match="ad.outer takes two vectors"):
        ad.outer(normal(shapes[0]), normal(shapes[1]))


def test_norm_of_a_vector_a_matrix_and_a_number():
    assert ad.norm(np.array([3.0, 4.0])) == 5.0
    np.testing.assert_allclose(ad.grad(ad.norm)(np.array([3.0, 4.0])), [0.6, 0.8], rtol=1e-15)
    a = np.array([[1.0, 2.0], [-2.0, 4.0]])
    assert ad.norm(a) == 5.0 == np.linalg.norm(a, "fro")
    np.testing.assert_allclose(ad.grad(ad.norm)(a), a / 5.0, rtol=1e-15)
    assert ad.norm(-2.0) == 2.0 and ad.grad(ad.norm)(-2.0) == -1.0
    for x in (normal(4), normal((3, 2))):
        expected = numeric.derivative(np.linalg.norm, x)
        np.testing.assert_allclose(ad.grad(ad.norm)(x), expected, atol=1e-9)
        np.testing.assert_allclose(both_modes(ad.norm, x), expected, atol=1e-9)


@pytest.mark.parametrize("shape", SHAPES)
def test_norm_gradients_in_both_modes(shape):
    check(ad.norm, normal(shape))


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_norm_derivative_at_zero_is_nan_not_an_exception(mode):
    with pytest.warns(RuntimeWarning, match="invalid value"):  # NumPy's 0/0
        jac = ad.jacobian(ad.norm, mode=mode)(np.zeros(3))
    assert jac.shape == (3,) and np.isnan(jac).all()
    assert ad.norm(np.zeros((2, 2))) == 0.0


def test_norm_composes_with_other_primitives():
    a, b, x = normal((4, 3)), normal(4), normal(3)
    r = a @ x - b
    g = ad.grad(lambda x: ad.norm(a @ x - b) ** 2)(x)
    np.testing.assert_allclose(g, 2 * a.T @ r, rtol=1e-12)
    g = ad.grad(lambda x: ad.norm(a @ x - b))(x)
    np.testing.assert_allclose(g, a.T @ r / np.linalg.norm(r), rtol=1e-12)
    np.testing.assert_allclose(
        g, numeric.derivative(lambda x: np.linalg.norm(a @ x - b), x), atol=1e-8)
    check(lambda x: ad.norm(ad.outer(x, ad.sigmoid(x)) - ad.diag(x)), x)
    w = normal((3, 3))
    check(lambda w: ad.sigmoid(ad.norm(w @ ad.diag(x)) * x), w)


def test_rules_are_complete_records():
    for rule in RULES.values():
        if rule.variadic:  # any number of arguments, one entry for all (told its position)
            assert rule.nargs is None and callable(rule.jvp[0]) and callable(rule.vjp[3])
            assert rule.latex[0] == rule.latex[5]
        else:
            assert rule.nargs == len(rule.jvp) == len(rule.vjp) == len(rule.latex)
        assert rule.evaluate is not None
        assert rule.function.__name__ == rule.name
        assert "rules.py" in rule.function.__doc__
        assert getattr(ad, rule.name) is rule.function


def test_every_latex_string_renders_with_matplotlib_mathtext():
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    for rule in RULES.values():
        latex = (rule.latex[0],) if rule.variadic else rule.latex
        for text in (*latex, rule.display or rule.name):
            parser.parse(f"${text}$")
