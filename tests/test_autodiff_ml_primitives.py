"""The primitives machine learning needs (issue 15, item 2): their values against NumPy, shapes
included; the conventions at kinks and ties (HIPS autograd's); logsumexp's stability; prod at
zeros; ad.array; the messages for NumPy functions called on traced values; and small ML losses
whose gradients have closed forms. Derivatives to order 2 at smooth points are checked for
every primitive in test_autodiff_second_order.py (CASES)."""

import re
import warnings

import numpy as np
import pytest

import vcbook.autodiff as ad
from vcbook import numeric
from vcbook.autodiff.node import _SUGGESTIONS, _USER_NAMES
from vcbook.autodiff.registry import RULES

rng = np.random.default_rng(20261201)
MODES = ("forward", "reverse")


def both_modes(f, x):
    """The Jacobian of f at x in forward and in reverse mode, after checking they agree."""
    forward = ad.jacobian(f, mode="forward")(x)
    reverse = ad.jacobian(f, mode="reverse")(x)
    np.testing.assert_allclose(forward, reverse, rtol=1e-13, atol=1e-15)
    return reverse


def same(value, expected):
    """Equal to NumPy's result: the same shape and the same numbers (to rounding)."""
    assert np.shape(value) == np.shape(expected), (np.shape(value), np.shape(expected))
    np.testing.assert_allclose(value, expected, rtol=1e-13, atol=1e-15)


def same_traced(f, x, expected):
    """f's value on a plain array and on a traced one (the primal of a jvp) equal NumPy's."""
    same(f(x), expected)
    same(ad.jvp(f, x, np.ones_like(x))[0], expected)


# --- values: NumPy's, shapes included ---------------------------------------------------------

X = rng.standard_normal((3, 4, 2))
AXES = [None, 0, 1, -1, (0, 2), (0, 1, 2)]


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", ["sum", "max", "min", "prod", "var", "std"])
def test_reductions_equal_numpy(name, axis, keepdims):
    expected = getattr(np, name)(X, axis=axis, keepdims=keepdims)
    same_traced(lambda x: getattr(ad, name)(x, axis=axis, keepdims=keepdims), X, expected)
    same_traced(lambda x: getattr(x, name)(axis=axis, keepdims=keepdims), X, expected)


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("ddof", [0, 1])
def test_var_and_std_take_ddof_like_numpy(name, ddof):
    for axis in (None, 1):
        expected = getattr(np, name)(X, axis=axis, ddof=ddof)
        same_traced(lambda x, a=axis: getattr(ad, name)(x, axis=a, ddof=ddof), X, expected)
        same_traced(lambda x, a=axis: getattr(x, name)(a, ddof=ddof), X, expected)
    same(ad.var(X, 0), np.var(X, 0))  # the axis may be given by position, as in NumPy


def numpy_logsumexp(x, axis=None, keepdims=False):
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_equals_log_sum_exp(axis, keepdims):
    same_traced(lambda x: ad.logsumexp(x, axis=axis, keepdims=keepdims), X,
                numpy_logsumexp(X, axis, keepdims))


def test_elementwise_values_equal_numpy_with_broadcasting():
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    same(ad.maximum(a, b), np.maximum(a, b))
    same(ad.minimum(b, a), np.minimum(b, a))
    same(ad.maximum(a, 0.0), np.maximum(a, 0.0))
    same(ad.relu(a), np.maximum(a, 0.0))
    same(ad.abs(a), np.abs(a))
    same(ad.sign(np.array([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])
    u = rng.uniform(-0.9, 3.0, (2, 3))
    same(ad.log1p(u), np.log1p(u))
    same(ad.expm1(a), np.expm1(a))
    assert ad.log1p(1e-17) == 1e-17 and ad.expm1(1e-17) == 1e-17  # what they are for
    same(ad.clip(a, -0.5, 0.5), np.clip(a, -0.5, 0.5))
    same(ad.clip(a, None, 0.5), np.clip(a, None, 0.5))
    same(ad.clip(a, b - 0.2, b + 0.2), np.clip(a, b - 0.2, b + 0.2))
    same(ad.clip(a, 1.0, -1.0), np.clip(a, 1.0, -1.0))  # a > b: NumPy gives b everywhere
    for f in (lambda x: ad.maximum(x, b), ad.relu, ad.abs, lambda x: x.clip(-0.5, 0.5),
              lambda x: x.clip(None, 0.1)):
        same(ad.jvp(f, a, np.ones_like(a))[0], f(a))
    for scalar in (-1.5, 0.0, 2.0):  # 0-d in, 0-d out
        assert np.shape(ad.relu(scalar)) == () and ad.relu(scalar) == max(scalar, 0.0)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_concatenate_equals_numpy(axis):
    parts = [rng.standard_normal((2, 3)), rng.standard_normal((2, 3)), rng.standard_normal((2, 3))]
    expected = np.concatenate(parts, axis)
    same(ad.concatenate(parts, axis), expected)
    same(ad.jvp(lambda p: ad.concatenate([p, parts[1], p * 2.0], axis=axis), parts[0],
                np.ones((2, 3)))[0],
         np.concatenate([parts[0], parts[1], parts[0] * 2.0], axis))


def test_concatenate_blocks_of_different_lengths_and_its_jacobian():
    a, b = rng.standard_normal((2, 1)), rng.standard_normal((2, 3))
    same(ad.concatenate([a, b], axis=1), np.concatenate([a, b], axis=1))
    J = both_modes(lambda b: ad.concatenate([a, b], axis=1), b)
    assert J.shape == (2, 4, 2, 3)
    np.testing.assert_array_equal(J[:, 1:].reshape(6, 6), np.eye(6))
    np.testing.assert_array_equal(J[:, :1], 0.0)


NORMS = [  # (shape, ord, axis, keepdims): vector norms, the Frobenius norm, axes
    ((5,), None, None, False), ((5,), 2, None, False), ((5,), 1, None, False),
    ((5,), np.inf, None, True), ((5,), -np.inf, None, False), ((3, 4), None, None, False),
    ((3, 4), "fro", None, True), ((3, 4), None, 1, False), ((3, 4), 1, 0, True),
    ((3, 4), np.inf, -1, False), ((3, 4), -np.inf, 0, False), ((3, 4, 2), None, None, False),
    ((3, 4, 2), 2, 1, True), ((3, 4, 2), "fro", (0, 2), False), ((3, 4, 2), None, (2, 0), True),
    ((), None, None, False),
]


@pytest.mark.parametrize("shape, ord, axis, keepdims", NORMS)
def test_norm_equals_numpy_linalg_norm(shape, ord, axis, keepdims):  # noqa: A002
    x = rng.standard_normal(shape)
    expected = np.linalg.norm(x, ord, axis, keepdims)
    same_traced(lambda x: ad.norm(x, ord, axis, keepdims), x, expected)
    if shape:
        expected_grad = numeric.derivative(lambda x: np.sum(np.linalg.norm(x, ord, axis,
                                                                           keepdims)), x)
        np.testing.assert_allclose(ad.grad(lambda x: ad.sum(ad.norm(x, ord, axis, keepdims)))(x),
                                   expected_grad, atol=1e-8)


def test_norm_keeps_its_old_call_and_refuses_the_norms_it_has_no_rule_for():
    assert ad.norm(np.array([3.0, 4.0])) == 5.0
    np.testing.assert_allclose(ad.grad(ad.norm)(np.array([3.0, 4.0])), [0.6, 0.8])
    with pytest.raises(ValueError, match="Frobenius"):
        ad.norm(np.ones((2, 2)), 2)  # the spectral norm
    with pytest.raises(ValueError, match="Frobenius"):
        ad.norm(np.ones((2, 3, 2)), "nuc", (0, 1))
    with pytest.raises(ValueError, match="ord None, 2, 1"):
        ad.norm(np.ones(3), 3)
    with pytest.raises(ValueError, match="give axis"):
        ad.norm(np.ones((2, 2, 2)), 1)


def test_ad_array_builds_arrays_from_nested_lists_like_numpy():
    same(ad.array([[1, 2.5], [3.0, 4]]), np.array([[1.0, 2.5], [3.0, 4.0]]))
    assert ad.array([[1, 2], [3, 4]]).dtype == np.float64
    same(ad.array([np.ones(2), (2.0, 3.0)]), [[1.0, 1.0], [2.0, 3.0]])
    same(ad.array([]), np.array([]))


def test_ad_array_of_traced_values_and_numbers_passes_the_gradient_on():
    x = np.array([0.7, -1.3])

    def f(x):
        a = ad.array([[x[0], 1.0], [x[1] ** 2, 0.0], [2.0, x[0] * x[1]]])
        assert a.shape == (3, 2)
        return ad.sum(a * np.arange(6.0).reshape(3, 2))

    same(ad.array([[x[0], 1.0], [x[1] ** 2, 0.0]]), [[0.7, 1.0], [1.69, 0.0]])
    # ∂/∂x0 = 0 + 5 x1, ∂/∂x1 = 2·2 x1 + 5 x0
    for mode in MODES:
        np.testing.assert_allclose(ad.jacobian(f, mode=mode)(x), [5 * x[1], 4 * x[1] + 5 * x[0]],
                                   rtol=1e-14)
    np.testing.assert_allclose(ad.hessian(f)(x), [[0.0, 5.0], [5.0, 4.0]], rtol=1e-14)
    rows = ad.array([x, [1.0, 2.0]])  # an array among the items
    assert ad.check_grads(lambda x: ad.array([x, [1.0, 2.0], x * x]), x, order=2).ok
    assert np.shape(rows) == (2, 2)


# --- kinks and ties: HIPS autograd's conventions ----------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_derivatives_at_kinks(mode):
    x = np.array([-1.5, 0.0, 2.0])
    jac = ad.jacobian
    np.testing.assert_array_equal(np.diag(jac(ad.relu, mode=mode)(x)), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(np.diag(jac(ad.abs, mode=mode)(x)), [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(jac(ad.sign, mode=mode)(x), np.zeros((3, 3)))
    # clip: 1 strictly inside, 0 outside and on the bounds
    c = np.array([-2.0, -1.0, 0.3, 1.0, 4.0])
    np.testing.assert_array_equal(np.diag(jac(lambda c: ad.clip(c, -1.0, 1.0), mode=mode)(c)),
                                  [0.0, 0.0, 1.0, 0.0, 0.0])
    # the bounds' derivatives: 1 where clip returns them (strictly beyond), else 0
    lo = jac(lambda a: ad.clip(c, a, 1.0), mode=mode)(-1.0)
    hi = jac(lambda b: ad.clip(c, -1.0, b), mode=mode)(1.0)
    np.testing.assert_array_equal(lo, [1.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(hi, [0.0, 0.0, 0.0, 0.0, 1.0])
    assert ad.grad(lambda a: ad.sum(ad.clip(c, a, -5.0)))(0.0) == 0.0  # a > b: clip is b
    assert ad.grad(lambda b: ad.sum(ad.clip(c, 0.0, b)))(-5.0) == 5.0
    assert ad.grad(lambda x: ad.norm(x, 1))(np.array([0.0, -2.0])).tolist() == [0.0, -1.0]


@pytest.mark.parametrize("mode", MODES)
def test_ties_split_the_derivative_equally(mode):
    x = np.array([1.0, 3.0, -2.0, 3.0])
    np.testing.assert_array_equal(ad.jacobian(ad.max, mode=mode)(x), [0.0, 0.5, 0.0, 0.5])
    np.testing.assert_array_equal(ad.jacobian(ad.min, mode=mode)(-x), [0.0, 0.5, 0.0, 0.5])
    m = np.array([[2.0, 2.0, 2.0], [1.0, 5.0, 0.0]])
    J = ad.jacobian(lambda m: ad.max(m, axis=1), mode=mode)(m)
    np.testing.assert_allclose(J, [[[1 / 3, 1 / 3, 1 / 3], [0, 0, 0]], [[0, 0, 0], [0, 1, 0]]])
    J = ad.jacobian(lambda m: m.min(axis=0, keepdims=True), mode=mode)(np.ones((2, 1)))
    np.testing.assert_array_equal(J, [[[[0.5], [0.5]]]])
    # maximum and minimum: 1/2 to each side of a tie, 1 to the larger (smaller) otherwise
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 5.0, 0.0])
    for f, da, db in ((ad.maximum, [0.5, 0.0, 1.0], [0.5, 1.0, 0.0]),
                      (ad.minimum, [0.5, 1.0, 0.0], [0.5, 0.0, 1.0])):
        jac_a = ad.jacobian(lambda a, f=f: f(a, b), mode=mode)(a)
        jac_b = ad.jacobian(lambda b, f=f: f(a, b), mode=mode)(b)
        np.testing.assert_array_equal(np.diag(jac_a), da)
        np.testing.assert_array_equal(np.diag(jac_b), db)
    assert ad.grad(lambda t: ad.maximum(t, t))(2.0) == 1.0  # 1/2 + 1/2
    # the max-norm splits among the largest |x_i|, with their signs
    np.testing.assert_array_equal(
        ad.jacobian(lambda x: ad.norm(x, np.inf), mode=mode)(np.array([-3.0, 1.0, 3.0])),
        [-0.5, 0.0, 0.5])


def test_second_derivatives_of_piecewise_functions_are_zero_away_from_kinks():
    x = np.array([-1.5, 0.7, 2.0])
    for f in (lambda x: ad.sum(ad.relu(x)), lambda x: ad.sum(ad.abs(x)), ad.max,
              lambda x: ad.sum(ad.clip(x, -1.0, 1.0)), lambda x: ad.norm(x, 1)):
        np.testing.assert_array_equal(ad.hessian(f)(x), np.zeros((3, 3)))


# --- logsumexp: stable, and its derivative the softmax ----------------------------------------

def test_logsumexp_is_stable_for_large_and_small_entries():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow on the way
        big = np.array([1000.0, 1000.0])
        assert ad.logsumexp(big) == pytest.approx(1000.0 + np.log(2.0), rel=1e-15)
        for mode in MODES:
            g = ad.jacobian(ad.logsumexp, mode=mode)(big)
            assert np.isfinite(g).all()
            # e^(x − out), and out = 1000 + log 2 is rounded to ~1e-13: relative error ~1e-13
            np.testing.assert_allclose(g, [0.5, 0.5], rtol=1e-12)
        np.testing.assert_allclose(ad.hessian(ad.logsumexp)(big),
                                   [[0.25, -0.25], [-0.25, 0.25]], rtol=1e-12)
        assert ad.logsumexp(-big) == pytest.approx(-1000.0 + np.log(2.0), rel=1e-15)
        z = np.array([[1000.0, 0.0], [-1000.0, -1000.0]])
        np.testing.assert_allclose(ad.logsumexp(z, axis=1), [1000.0, -1000.0 + np.log(2.0)],
                                   rtol=1e-15)
    with np.errstate(divide="ignore"):
        assert ad.logsumexp(np.array([-np.inf, -np.inf])) == -np.inf  # log 0, not NaN


def test_the_derivative_of_logsumexp_is_the_softmax():
    z = rng.standard_normal((2, 5))
    softmax = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    np.testing.assert_allclose(ad.jacobian(lambda z: ad.logsumexp(z, axis=1))(z),
                               np.einsum("ij,ik->ijk", np.eye(2), softmax), rtol=1e-14)
    # and its Hessian is diag(p) - p pᵀ, for each row
    p = softmax[0]
    np.testing.assert_allclose(ad.hessian(ad.logsumexp)(z[0]), np.diag(p) - np.outer(p, p),
                               rtol=1e-12, atol=1e-15)


# --- prod: the product of the others, also at zeros -------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_prod_gradient_with_zero_entries(mode):
    def grad(x, **kw):
        return ad.jacobian(lambda x: ad.prod(x, **kw), mode=mode)(x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0/0 on the way
        np.testing.assert_array_equal(grad(np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
        np.testing.assert_array_equal(grad(np.array([0.0, 4.0, 0.0])), [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(grad(np.array([2.0, -1.5, 3.0])), [-4.5, 6.0, -3.0])
        m = np.array([[0.0, 2.0, 5.0], [1.5, 3.0, -2.0]])
        J = grad(m, axis=1)
        np.testing.assert_array_equal(J[0, 0], [10.0, 0.0, 0.0])
        np.testing.assert_array_equal(J[1, 1], [-6.0, -3.0, 4.5])
        J = grad(m, axis=0, keepdims=True)
        assert J.shape == (1, 3, 2, 3)
        np.testing.assert_array_equal(J[0, 0, :, 0], [1.5, 0.0])


def test_prod_second_derivatives_at_zeros():
    # ∂²(x0 x1 x2)/∂x0∂x1 = x2, also where x0 = x1 = 0 (the product of the others, no division)
    H = ad.hessian(ad.prod)(np.array([0.0, 0.0, 2.0]))
    np.testing.assert_array_equal(H, [[0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    x = np.array([0.0, 1.5, -2.0, 0.5])
    H = ad.hessian(ad.prod)(x)
    expected = numeric.derivative(lambda x: numeric.derivative(np.prod, x), x, step=1e-4)
    np.testing.assert_allclose(H, expected, atol=1e-6)


# --- std at a constant input: no derivative, NaN as for norm at 0 -----------------------------

def test_std_of_equal_entries_has_a_nan_derivative_not_an_exception():
    with pytest.warns(RuntimeWarning):
        g = ad.grad(ad.std)(np.ones(3))
    assert np.isnan(g).all()


# --- refusals: name the user's call and say what to write -------------------------------------

def refusal(f, *args) -> str:
    with pytest.raises(TypeError) as info:
        ad.grad(lambda x: ad.sum(f(x, *args)))(np.array([0.5, -1.0]))
    return str(info.value)


def test_numpy_functions_the_engine_has_are_named_as_written():
    message = refusal(np.abs)
    assert "numpy.abs cannot differentiate" in message and "ad.abs(" in message
    assert "absolute" not in message and "absolute" not in refusal(np.absolute)
    assert "ad.maximum(" in refusal(np.maximum, 0.0)
    for f in (np.max, np.amax):
        assert "numpy.max " in refusal(f) and "ad.max(" in refusal(f) and "amax" not in refusal(f)
    assert "numpy.linalg.norm" in refusal(np.linalg.norm) and "ad.norm(" in refusal(np.linalg.norm)
    assert "ad.clip(" in refusal(np.clip, 0.0, 1.0)
    assert "ad.sum(" in refusal(np.add.reduce) and "numpy.add.reduce" in refusal(np.add.reduce)
    assert "ad.concatenate(" in refusal(lambda x: np.concatenate([x, x]))
    assert "ad.array([...])" in refusal(lambda x: np.array([x[0], x[1]]))


def test_numpy_functions_the_engine_lacks_get_a_composition():
    assert "vcbook.autodiff has no cumsum" in refusal(np.cumsum)
    assert "triangular matrix of ones" in refusal(np.cumsum)
    assert "vcbook.autodiff has no cumsum" in refusal(np.add.accumulate)
    assert "(ad.exp(x) - ad.exp(-x)) / 2" in refusal(np.sinh)
    assert "ad.log(x) / np.log(10)" in refusal(np.log10)
    assert "vcbook.autodiff has no arctan" in refusal(np.arctan)
    for f in (np.mod, np.remainder):
        message = refusal(f, 2.0)
        assert "vcbook.autodiff has no mod" in message and "remainder" not in message
    message = refusal(lambda x: np.linalg.eigh(ad.outer(x, x)))
    assert "no eigh" in message and "not differentiable here" in message
    assert "numpy.linalg.eigh" in message
    message = refusal(np.trapezoid)  # one with no suggestion: where to look
    assert "vcbook.autodiff has no trapezoid" in message and "rules.py" in message


def test_refusal_tables_are_consistent():
    """Every user name the first table gives is something the engine has or has a suggestion
    for; no suggestion is for something it has; no message shows NumPy's internal name."""
    has = set(RULES) | {"array", "dot"}
    assert not set(_SUGGESTIONS) & has
    assert set(_USER_NAMES.values()) <= has | set(_SUGGESTIONS)
    for internal in _USER_NAMES:
        ufunc = getattr(np, internal, None)
        if isinstance(ufunc, np.ufunc) and ufunc.__name__ == internal:
            nargs = ufunc.nin
            with pytest.raises(TypeError) as info:
                ufunc(*[ad.Node(np.ones(2))] * nargs)
            assert f"numpy.{internal}" not in str(info.value), internal


# --- Node methods, as ndarray's ---------------------------------------------------------------

def test_node_methods_match_ndarray_methods():
    x = rng.standard_normal((3, 4))
    cases = [(lambda a: a.max(axis=1)), (lambda a: a.min()), (lambda a: a.prod(axis=0)),
             (lambda a: a.var(ddof=1)), (lambda a: a.std(axis=0, keepdims=True)),
             (lambda a: a.clip(-0.5, 0.5)), (lambda a: a.clip(None, 0.2)),
             (lambda a: a.max(0, keepdims=True))]
    for f in cases:
        same(ad.jvp(f, x, np.ones_like(x))[0], f(x))


# --- small ML examples: gradients with closed forms -------------------------------------------

def test_softmax_cross_entropy_gradient_is_softmax_minus_onehot():
    logits = rng.standard_normal((4, 3)) * 3.0
    labels = np.array([0, 2, 1, 2])
    onehot = np.eye(3)[labels]

    def loss(z):  # mean over the batch of -log softmax(z)[label]
        return ad.mean(ad.logsumexp(z, axis=1) - ad.sum(z * onehot, axis=1))

    softmax = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    for mode in MODES:
        np.testing.assert_allclose(ad.jacobian(loss, mode=mode)(logits),
                                   (softmax - onehot) / 4, rtol=1e-13, atol=1e-16)
    # the same loss through a linear layer: dL/dW = Xᵀ (softmax − onehot) / n
    x = rng.standard_normal((4, 5))
    w = rng.standard_normal((5, 3)) * 0.5
    s = np.exp(x @ w) / np.sum(np.exp(x @ w), axis=1, keepdims=True)
    np.testing.assert_allclose(ad.grad(lambda w: loss(x @ w))(w), x.T @ (s - onehot) / 4,
                               rtol=1e-12)


def test_hinge_loss_gradient_with_maximum():
    x = rng.standard_normal((6, 3))
    y = np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
    w = np.array([0.4, -0.3, 0.8])
    margins = 1.0 - y * (x @ w)
    assert np.min(np.abs(margins)) > 1e-3  # no point on the hinge
    active = margins > 0
    expected = -(x * (y * active)[:, None]).sum(axis=0) / 6
    for mode in MODES:
        g = ad.jacobian(lambda w: ad.mean(ad.maximum(0.0, 1.0 - y * (x @ w))), mode=mode)(w)
        np.testing.assert_allclose(g, expected, rtol=1e-14)


def test_l1_penalty_gradient_with_abs():
    w = np.array([0.5, -2.0, 0.0, 1e-3])
    lam = 0.1
    np.testing.assert_allclose(ad.grad(lambda w: lam * ad.sum(ad.abs(w)))(w),
                               lam * np.sign(w), rtol=1e-15)
    assert ad.grad(lambda w: lam * ad.sum(ad.abs(w)))(w)[2] == 0.0  # 0 at 0, as autograd
    # a lasso objective: squared error plus the penalty, through a relu layer
    a, b = rng.standard_normal((5, 4)), rng.standard_normal(5)
    v = rng.standard_normal(4)

    def objective(v):
        return ad.sum((ad.relu(a @ v) - b) ** 2) + lam * ad.norm(v, 1)

    r = np.maximum(a @ v, 0.0) - b
    expected = a.T @ (2 * r * (a @ v > 0)) + lam * np.sign(v)
    np.testing.assert_allclose(ad.grad(objective)(v), expected, rtol=1e-12)


# --- the views -----------------------------------------------------------------------------

def test_evaluation_trace_shows_clip_with_a_missing_bound():
    trace = ad.evaluation_trace(lambda x: ad.clip(x, None, 1.0) * x.clip(0.6), np.array([0.5, 2.0]))
    assert [row.op for row in trace.rows[1:]] == ["clip", "clip", "multiply"]
    np.testing.assert_array_equal(trace.rows[1].local[0], [1.0, 0.0])
    np.testing.assert_array_equal(trace.rows[2].local[0], [0.0, 1.0])


def test_the_package_docstring_lists_every_primitive():
    missing = [name for name in RULES if not re.search(rf"\b{name}\b", ad.__doc__)]
    assert not missing, missing
