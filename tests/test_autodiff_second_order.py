"""Derivatives of derivatives: every primitive of the table to order 2 in both modes, and every
transformation nested in every other (grad of grad, Jacobian of grad, jvp of jvp, grad of a
pullback, Hessians and Hessian-vector products), against SymPy and central differences."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import vcbook.autodiff as ad
from vcbook import numeric
from vcbook.autodiff.registry import RULES

rng = np.random.default_rng(20261130)


def normal(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def well_conditioned(n):
    return np.eye(n) * 2.0 + 0.3 * rng.standard_normal((n, n))


def away(*shape):
    """Entries of either sign with |x| in [0.3, 2]: far from the kinks of |x|, relu, sign."""
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape)


def distinct(*shape):
    """Entries whose values and absolute values are all at least 0.1 apart: no ties of max,
    min or the max-norm within reach of a central difference, and no zero entry."""
    n = int(np.prod(shape, dtype=int))
    magnitudes = 0.3 + 0.2 * rng.permutation(n) + rng.uniform(0.0, 0.05, n)
    return (rng.choice([-1.0, 1.0], n) * magnitudes).reshape(shape)


Y3 = normal(3)
X23 = Y3 + away(2, 3)  # every entry at least 0.3 from the entry of Y3 it meets: no ties
# clip(X, A, B): entries of X at least 0.1 from both bounds, some below, inside and above
X_CLIP = np.array([[-1.2, 0.1, 1.3], [0.2, -0.9, 0.8]])
A_CLIP, B_CLIP = np.array([-0.5, -0.4, -0.6]), np.array([0.5, 0.6, 0.4])


# name -> cases; a case is (function, arguments). Broadcasting shapes are among them. A
# primitive added to the table needs a case here (test_every_primitive_has_a_second_order_case).
CASES = {
    "add": [(ad.add, (normal(2, 3), normal(3)))],
    "subtract": [(ad.subtract, (normal(3), normal(2, 1)))],
    "multiply": [(ad.multiply, (normal(2, 3), normal(3))), (ad.multiply, (normal(), normal(3)))],
    "divide": [(ad.divide, (normal(2, 3), positive(3)))],
    "power": [(ad.power, (positive(2, 3), normal(3))), (lambda x: x ** 3.0, (normal(4),))],
    "negative": [(ad.negative, (normal(3),))],
    "square": [(ad.square, (normal(2, 2),))],
    "sin": [(ad.sin, (normal(3),))],
    "cos": [(ad.cos, (normal(3),))],
    "tan": [(ad.tan, (rng.uniform(-1, 1, 3),))],
    "exp": [(ad.exp, (normal(3),))],
    "log": [(ad.log, (positive(3),))],
    "sqrt": [(ad.sqrt, (positive(3),))],
    "tanh": [(ad.tanh, (normal(3),))],
    "sigmoid": [(ad.sigmoid, (normal(2, 3),))],
    "sum": [(lambda x: ad.sum(x * x, axis=0), (normal(2, 3),)),
            (lambda x: ad.sum(ad.sin(x), axis=1, keepdims=True), (normal(2, 3),))],
    "mean": [(lambda x: ad.mean(x * x, axis=-1), (normal(2, 3),))],
    "reshape": [(lambda x: ad.reshape(x * x, (3, 2)), (normal(2, 3),))],
    "transpose": [(lambda x: (x * x).T, (normal(2, 3),)),
                  (lambda x: ad.transpose(ad.sin(x), (1, 2, 0)), (normal(2, 3, 2),))],
    "getitem": [(lambda x: (x * x)[1], (normal(3, 2),)),
                (lambda x: ad.sin(x)[np.array([0, 2, 0])], (normal(3),))],
    "index_add": [(lambda g: ad.index_add(g * g, (4,), np.array([0, 2, 0])), (normal(3),))],
    "broadcast_to": [(lambda x: ad.broadcast_to(x * x, (2, 3)), (normal(3),))],
    "where": [(lambda x: ad.where(x > 0, x * x, ad.sin(x)), (normal(5),)),
              (lambda x, y: ad.where(np.array([True, False, True]), x * y, y), (normal(2, 3),
                                                                               normal(3)))],
    "stack": [(lambda x, y: ad.stack([x * y, ad.sin(x), y], axis=1), (normal(3), normal(3))),
              (lambda x: ad.stack([x[0] * x[1], 2.0]), (normal(2),))],
    "diag": [(lambda x: ad.diag(x * x), (normal(3),)), (lambda a: ad.diag(a @ a), (normal(3, 3),))],
    "outer": [(lambda a, b: ad.outer(a * a, ad.sin(b)), (normal(3), normal(2)))],
    "matmul": [(lambda a, b: ad.sin(a) @ b, (normal(2, 3), normal(3, 4))),
               (lambda a, b: a @ ad.exp(b), (normal(2, 3), normal(3))),
               (lambda a, b: ad.exp(a) @ b, (normal(3), normal(3, 2))),
               (lambda a, b: (a * a) @ b, (normal(3), normal(3)))],
    "gram": [(lambda x: ad.sin(x).T @ ad.sin(x), (normal(3, 2),))],
    "trace": [(lambda a: ad.trace(a @ a), (normal(3, 3),))],
    "det": [(ad.det, (well_conditioned(3),))],
    "inv": [(ad.inv, (well_conditioned(3),))],
    "solve": [(ad.solve, (well_conditioned(3), normal(3))),
              (ad.solve, (well_conditioned(3), normal(3, 2)))],
    "logdet": [(ad.logdet, (well_conditioned(3),))],
    # --- ML primitives: points away from kinks and ties, so central differences are valid ---
    "log1p": [(ad.log1p, (rng.uniform(-0.5, 2.0, (2, 3)),))],
    "expm1": [(ad.expm1, (normal(2, 3),))],
    "maximum": [(ad.maximum, (X23, Y3)), (lambda x: ad.maximum(x * x, 0.5), (away(4),))],
    "minimum": [(ad.minimum, (Y3, X23)), (lambda x, y: ad.minimum(ad.sin(x), y), (X23, 0.1))],
    "relu": [(lambda x: ad.relu(x) * x, (away(2, 3),))],
    "abs": [(lambda x: ad.abs(x) * x, (away(2, 3),))],
    "sign": [(lambda x: ad.sign(x) * x * x, (away(4),))],
    "clip": [(ad.clip, (X_CLIP, A_CLIP, B_CLIP)),
             (lambda x: x.clip(-0.5, None) * x, (X_CLIP,)),
             (lambda x: ad.clip(x * x, 0.3, 1.0), (X_CLIP,))],
    "max": [(lambda x: ad.max(x * x), (distinct(2, 3),)),
            (lambda x: ad.max(ad.sin(x), axis=1), (distinct(2, 3) * 0.5,)),
            (lambda x: x.max(axis=0, keepdims=True) * x, (distinct(2, 3),))],
    "min": [(lambda x: ad.min(x, axis=-1) ** 3, (distinct(3, 2),)),
            (lambda x: x.min() * x, (distinct(4),))],
    "logsumexp": [(ad.logsumexp, (normal(2, 3),)),
                  (lambda x: ad.logsumexp(x * x, axis=1), (normal(2, 3),)),
                  (lambda x: ad.logsumexp(x, axis=0, keepdims=True) * x, (normal(2, 3),))],
    "prod": [(lambda x: ad.prod(x), (normal(4),)),
             (lambda x: ad.prod(ad.sin(x), axis=0), (normal(3, 2),)),
             (lambda x: x.prod(axis=(0, 2), keepdims=True) * x, (normal(2, 3, 2),)),
             # prod is a polynomial: smooth also where entries are 0 (one or two per product)
             (lambda x: ad.prod(x, axis=1), (np.array([[0.0, 1.5, -0.7], [0.0, 2.0, 0.0]]),))],
    "var": [(ad.var, (normal(2, 3),)),
            (lambda x: ad.var(x * x, axis=0, ddof=1), (normal(3, 2),)),
            (lambda x: x.var(axis=1, keepdims=True) * x, (normal(2, 3),))],
    "std": [(ad.std, (normal(2, 3),)),
            (lambda x: ad.std(ad.sin(x), axis=1, ddof=1), (normal(2, 4),)),
            (lambda x: x.std(axis=0, keepdims=True) * x, (normal(3, 2),))],
    "norm": [(lambda x: ad.norm(x) * x, (normal(3),)),
             (lambda x: ad.norm(x, 1) * x, (away(3),)),
             (lambda x: ad.norm(x, 2, axis=1), (normal(2, 3),)),
             (lambda x: ad.norm(x * x, np.inf, axis=0) * x, (distinct(3, 2),)),
             (lambda x: ad.norm(x, -np.inf), (distinct(4),)),
             (lambda x: ad.norm(x, "fro") * x, (normal(2, 3),)),
             (lambda x: ad.norm(ad.sin(x), axis=(0, 2), keepdims=True), (normal(2, 3, 2),))],
    "concatenate": [(lambda x, y: ad.concatenate([x * y, ad.sin(x), y]), (normal(2, 3),
                                                                          normal(2, 3))),
                    (lambda x, y: ad.concatenate([x * x, y], axis=1), (normal(2, 3),
                                                                      normal(2, 2))),
                    (lambda x: ad.concatenate([x, np.ones(2)], axis=None) ** 2, (normal(2, 2),))],
}


def test_every_primitive_has_a_second_order_case():
    assert set(RULES) <= set(CASES), sorted(set(RULES) - set(CASES))


@pytest.mark.parametrize("name, k", [(name, k) for name in sorted(CASES)
                                     for k in range(len(CASES[name]))])
def test_every_primitive_differentiates_twice_in_both_modes(name, k):
    f, args = CASES[name][k]
    report = ad.check_grads(f, *args, order=2, rtol=1e-5, atol=1e-7)
    assert report.ok, report
    assert any(c.what.startswith("order 2") and "JVP map" in c.what for c in report.comparisons)
    assert any(c.what.startswith("order 2") and "VJP map" in c.what for c in report.comparisons)


def test_an_order_two_check_can_fail():
    """A rule whose derivative is right at first order but not differentiable correctly (it
    cuts its derivative off from the trace) passes order 1 and fails order 2."""
    from vcbook.autodiff.node import numeric_value

    rule = ad.Rule("cube_cut", lambda x: x ** 3,
                   jvp=(lambda t, out, x: 3.0 * numeric_value(x) ** 2 * t,),
                   vjp=(lambda g, out, x: 3.0 * numeric_value(x) ** 2 * g,), latex=("3x^{2}",))
    ad.register(rule)
    try:
        x = normal(3)
        assert ad.check_grads(rule.function, x).ok
        assert not ad.check_grads(rule.function, x, order=2).ok
    finally:
        ad.unregister("cube_cut")


# --- the transformations nested in each other -----------------------------------------------

def f_scalar(x):
    return ad.sum(ad.exp(x) * x[0]) + ad.logdet(ad.outer(x, x) + np.eye(3)) + ad.norm(x) ** 3


def f_numpy(x):
    return (np.sum(np.exp(x) * x[0]) + np.linalg.slogdet(np.outer(x, x) + np.eye(3))[1]
            + np.linalg.norm(x) ** 3)


X0 = np.array([0.3, -0.2, 0.5])


def fd_hessian(f, x):
    return numeric.derivative(lambda x: numeric.derivative(f, x), x, step=1e-4)


def test_hessian_has_the_shape_rule_and_agrees_with_finite_differences():
    H = ad.hessian(f_scalar)(X0)
    assert H.shape == (3, 3)
    np.testing.assert_allclose(H, H.T, atol=1e-12)
    np.testing.assert_allclose(H, fd_hessian(f_numpy, X0), atol=1e-5)
    W = normal(2, 3)
    HW = ad.hessian(lambda w: ad.sum(ad.tanh(w @ X0) ** 2))(W)
    assert HW.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(HW.reshape(6, 6), fd_hessian(
        lambda w: np.sum(np.tanh(w.reshape(2, 3) @ X0) ** 2), W.ravel()), atol=1e-5)


def test_hessian_of_a_scalar_input_is_0d():
    assert ad.hessian(lambda t: ad.sin(t) * t)(0.7).shape == ()
    assert ad.hessian(lambda t: ad.sin(t) * t)(0.7) == pytest.approx(
        2 * np.cos(0.7) - 0.7 * np.sin(0.7), rel=1e-12)


def test_all_ways_to_a_hessian_agree():
    H = ad.hessian(f_scalar)(X0)
    for mode in ("forward", "reverse"):
        np.testing.assert_allclose(ad.jacobian(ad.grad(f_scalar), mode=mode)(X0), H,
                                   rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ad.jacobian(ad.jacobian(f_scalar))(X0), H, rtol=1e-12,
                               atol=1e-12)
    v = normal(3)
    np.testing.assert_allclose(ad.hvp(f_scalar, X0, v), H @ v, rtol=1e-12, atol=1e-12)
    # reverse over reverse: the gradient of (∇f · v)
    np.testing.assert_allclose(ad.grad(lambda x: ad.sum(ad.grad(f_scalar)(x) * v))(X0), H @ v,
                               rtol=1e-12, atol=1e-12)
    # reverse over forward: the gradient of the directional derivative
    np.testing.assert_allclose(ad.grad(lambda x: ad.jvp(f_scalar, x, v)[1])(X0), H @ v,
                               rtol=1e-12, atol=1e-12)
    # forward over forward, entry by entry
    e = np.eye(3)
    second = [[ad.jvp(lambda x, i=i: ad.jvp(f_scalar, x, e[i])[1], X0, e[j])[1]
               for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(second, H, rtol=1e-12, atol=1e-12)


def test_grad_of_a_pullback_and_value_and_grad_inside_grad():
    u = normal(3)

    def pulled(x):
        return ad.sum(ad.vjp(lambda y: ad.sin(y) * y, x)[1](u) * x)

    def pulled_numpy(x):
        return np.sum(u * (np.cos(x) * x + np.sin(x)) * x)

    np.testing.assert_allclose(ad.grad(pulled)(X0), numeric.derivative(pulled_numpy, X0),
                               atol=1e-8)
    # a pullback made outside, called on a traced cotangent
    _, pullback = ad.vjp(lambda y: ad.exp(y) * 2.0, X0)
    np.testing.assert_allclose(ad.grad(lambda w: ad.sum(pullback(w * w)))(u),
                               2 * u * np.exp(X0) * 2.0, rtol=1e-12)
    value, g = ad.grad(lambda x: ad.value_and_grad(f_scalar)(x)[0])(X0), ad.grad(f_scalar)(X0)
    np.testing.assert_allclose(value, g, rtol=1e-12)


def test_third_and_fourth_derivatives():
    d3 = ad.grad(ad.grad(ad.grad(lambda x: x ** 5 * ad.sin(x))))
    x = sp.Symbol("x")
    exact = sp.diff(x ** 5 * sp.sin(x), x, 3)
    assert d3(0.8) == pytest.approx(float(exact.subs(x, 0.8)), rel=1e-12)
    d4 = ad.grad(d3)
    assert d4(0.8) == pytest.approx(float(sp.diff(exact, x).subs(x, 0.8)), rel=1e-12)
    T = ad.jacobian(ad.hessian(lambda v: ad.sum(v ** 3) * v[0]))(X0)
    assert T.shape == (3, 3, 3)
    np.testing.assert_allclose(T, np.transpose(T, (1, 0, 2)), atol=1e-12)
    np.testing.assert_allclose(T, np.transpose(T, (2, 1, 0)), atol=1e-12)


def test_a_constant_inner_derivative_and_a_closure():
    # the inner function ignores its argument: its derivative is 0, also under the outer grad
    assert ad.grad(lambda x: ad.grad(lambda y: x * x)(1.0) + x)(2.0) == 1.0
    # Newton's step for a 1-D function, differentiated: d/dx [x - f'(x)/f''(x)]
    f = ad.sin
    step = ad.grad(lambda x: x - ad.grad(f)(x) / ad.grad(ad.grad(f))(x))
    # d/dx (x - cot... ) = 1 - (f''^2 - f' f''')/f''^2 = f' f''' / f''^2 = cos·(-cos)/sin²
    assert step(0.9) == pytest.approx(-np.cos(0.9) ** 2 / np.sin(0.9) ** 2, rel=1e-12)


def test_jvp_of_a_function_that_calls_jvp():
    def directional(x):
        return ad.jvp(lambda y: ad.sum(y ** 3), x, np.ones(3))[1]

    _, second = ad.jvp(directional, X0, np.ones(3))
    assert second == pytest.approx(np.sum(6 * X0), rel=1e-12)


# --- random compositions against SymPy, to order three ---------------------------------------

UNARY = [(ad.sin, sp.sin), (ad.cos, sp.cos), (ad.exp, sp.exp), (ad.tanh, sp.tanh),
         (lambda a: a * a, lambda a: a * a), (ad.sigmoid, lambda a: 1 / (1 + sp.exp(-a))),
         (lambda a: ad.sqrt(1.0 + a * a), lambda a: sp.sqrt(1 + a * a)),
         (lambda a: ad.log(2.0 + ad.sin(a)), lambda a: sp.log(2 + sp.sin(a)))]
BINARY = [(lambda a, b: a + b, lambda a, b: a + b), (lambda a, b: a * b, lambda a, b: a * b),
          (lambda a, b: a - 2.0 * b, lambda a, b: a - 2 * b),
          (lambda a, b: a / (2.0 + b * b), lambda a, b: a / (2 + b * b))]


@st.composite
def compositions(draw):
    """A random expression in x, y as a pair (AD function of a 2-vector, SymPy expression)."""
    x, y = sp.symbols("x y")
    pool = [(lambda v: v[0], x), (lambda v: v[1], y)]
    for _ in range(draw(st.integers(2, 5))):
        if draw(st.booleans()):
            f, g = UNARY[draw(st.integers(0, len(UNARY) - 1))]
            a, sa = pool[draw(st.integers(0, len(pool) - 1))]
            pool.append((lambda v, f=f, a=a: f(a(v)), g(sa)))
        else:
            f, g = BINARY[draw(st.integers(0, len(BINARY) - 1))]
            a, sa = pool[draw(st.integers(0, len(pool) - 1))]
            b, sb = pool[draw(st.integers(0, len(pool) - 1))]
            pool.append((lambda v, f=f, a=a, b=b: f(a(v), b(v)), g(sa, sb)))
    return pool[-1], (x, y)


@settings(max_examples=40, deadline=None, derandomize=True)  # the same 40 in every run (CI)
@given(compositions(), st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))
def test_nested_derivatives_of_random_compositions_agree_with_sympy(composition, a, b):
    (f, expr), symbols = composition
    point = np.array([a, b])
    subs = dict(zip(symbols, (a, b), strict=True))

    def exact(e):
        return float(e.subs(subs).evalf())

    def scalar(v):  # a constant expression still gives a 0-d value
        return f(v) + 0.0 * v[0]

    H = ad.hessian(scalar)(point)
    H_exact = [[exact(sp.diff(expr, s, t)) for t in symbols] for s in symbols]
    np.testing.assert_allclose(H, H_exact, rtol=1e-8, atol=1e-8)
    T = ad.jacobian(ad.hessian(scalar), mode="reverse")(point)
    T_exact = [[[exact(sp.diff(expr, r, s, t)) for t in symbols] for s in symbols]
               for r in symbols]
    np.testing.assert_allclose(T, T_exact, rtol=1e-7, atol=1e-7)
    v = np.array([0.6, -0.8])
    np.testing.assert_allclose(ad.hvp(scalar, point, v), H @ v, rtol=1e-10, atol=1e-10)
