"""THE table of primitives: every derivative the engine knows lives in this file, once.

Each entry gives a primitive's NumPy evaluation, its forward-mode rule (JVP), its reverse-mode
rule (VJP), the LaTeX of its local derivative and, where one exists, its source: an equation of
*Mathematics for Machine Learning* (MML, ch. 5) or of the Matrix Cookbook (2012). Elementwise
functions are given by their derivative alone (``elementwise``: JVP and VJP both multiply by it).
To add a primitive, register one more ``Rule`` (see CONTRIBUTING.md); nothing else changes:
``register`` puts it in the registry, where ``ad.<name>`` and the operators find it.

Shapes: ``t`` has the argument's shape, ``g`` the output's; ``out`` is the output's value.

Every JVP and VJP is written with operators and ``xp`` (NumPy, or the traced primitive when an
argument is traced), never with NumPy functions directly, so each rule is differentiable in
turn: derivatives of derivatives use this same table (``tests/test_autodiff_second_order.py``
checks every primitive to order 2 in both modes).
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff import xp
from vcbook.autodiff.arrays import negated, unbroadcast
from vcbook.autodiff.registry import register
from vcbook.autodiff.rule import Rule, elementwise

# --- arithmetic (broadcasting: the engine sums adjoints back to each argument's shape) -------

register(elementwise("add", np.add, (1, 1), ("1", "1"), "x + y", "Cookbook (35)"))
register(elementwise("subtract", np.subtract, (1, -1), ("1", "-1"), "x - y", "Cookbook (35)"))
register(elementwise("multiply", np.multiply,
                     (lambda out, x, y: y, lambda out, x, y: x), ("y", "x"),
                     r"x \cdot y", "product rule; Cookbook (38)"))
register(elementwise("divide", np.divide,
                     (lambda out, x, y: 1.0 / y, lambda out, x, y: negated(out / y)),
                     (r"\frac{1}{y}", r"-\frac{x}{y^{2}}"), r"\frac{x}{y}", "quotient rule"))


def _power_dx(out, x, y):
    """y x^(y-1), and 0 where y = 0: x⁰ = 1 is constant, also at x = 0 (not 0 · 0⁻¹ = NaN)."""
    return y * x ** xp.where(y == 0, 1.0, y - 1)


def _power_dy(out, x, y):
    """x^y log x, and 0 where x = 0: 0^y is constant (0) for y > 0 (not 0 · log 0 = NaN)."""
    return out * xp.log(xp.where(x == 0, 1.0, x))


# At zero the power rule follows HIPS autograd (numpy_vjps.py / numpy_jvps.py):
# ∂(x^y)/∂x = y x^(y−1) with the exponent y − 1 replaced by 1 where y = 0, and
# ∂(x^y)/∂y = x^y log x with x replaced by 1 where x = 0. Both give 0 there, as central
# differences do; at x = 0 with 0 < y < 1 the slope is still +inf, as it should be.
register(elementwise("power", np.power, (_power_dx, _power_dy),
                     (r"y\,x^{y-1}", r"x^{y}\,\log x"), "x^{y}"))
register(elementwise("negative", np.negative, (-1,), ("-1",), "-x"))
register(elementwise("square", np.square, (lambda out, x: 2.0 * x,), ("2x",), "x^{2}"))

# --- elementary functions --------------------------------------------------------------------

register(elementwise("sin", np.sin, (lambda out, x: xp.cos(x),), (r"\cos x",), r"\sin x"))
register(elementwise("cos", np.cos, (lambda out, x: negated(xp.sin(x)),), (r"-\sin x",),
                     r"\cos x"))
register(elementwise("tan", np.tan, (lambda out, x: 1.0 + out * out,), (r"1 + \tan^{2} x",),
                     r"\tan x"))
register(elementwise("exp", np.exp, (lambda out, x: out,), (r"e^{x}",), r"e^{x}"))
register(elementwise("log", np.log, (lambda out, x: 1.0 / x,), (r"\frac{1}{x}",), r"\log x"))
register(elementwise("sqrt", np.sqrt, (lambda out, x: 0.5 / out,), (r"\frac{1}{2\sqrt{x}}",),
                     r"\sqrt{x}"))
register(elementwise("tanh", np.tanh, (lambda out, x: _one_minus_square(out),),
                     (r"1 - \tanh^{2} x",), r"\tanh x"))


def _one_minus_square(a):
    s = a * a
    return np.subtract(1.0, s, out=s) if type(s) is np.ndarray and s.ndim else 1.0 - s


def _sigmoid(x):
    """σ(x) = 1/(1 + e^-x) with no overflow and full relative accuracy for x < 0: with
    e = e^-|x| ≤ 1, σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) (= e^x/(1 + e^x)) for x < 0."""
    e = np.exp(-np.abs(x))
    return np.where(np.greater_equal(x, 0), 1.0, e) / (1.0 + e)


register(elementwise("sigmoid", _sigmoid, (lambda out, x: out * (1.0 - out),),
                     (r"\sigma(x)\,(1 - \sigma(x))",), r"\sigma(x)",
                     "chain rule; MML exercise 5.2"))


# --- reductions and shapes -------------------------------------------------------------------

def _spread(g, x, axis, keepdims):
    """Broadcast an adjoint of a reduction back to the shape of its input ``x``."""
    if axis is not None and not keepdims:
        g = xp.expand_dims(g, axis)
    return xp.broadcast_to(g, np.shape(x))


def _count(x, out):
    return np.size(x) // max(np.size(out), 1) if np.size(out) else 1


register(Rule(
    "sum", lambda x, axis=None, keepdims=False: np.sum(x, axis=axis, keepdims=keepdims),
    jvp=(lambda t, out, x, axis=None, keepdims=False: xp.sum(t, axis=axis, keepdims=keepdims),),
    vjp=(lambda g, out, x, axis=None, keepdims=False: _spread(g, x, axis, keepdims),),
    latex=("1",), display=r"\sum x", params=("axis", "keepdims"), source="linearity"))
register(Rule(
    "mean", lambda x, axis=None, keepdims=False: np.mean(x, axis=axis, keepdims=keepdims),
    jvp=(lambda t, out, x, axis=None, keepdims=False: xp.mean(t, axis=axis, keepdims=keepdims),),
    vjp=(lambda g, out, x, axis=None, keepdims=False:
         _spread(g / _count(x, out), x, axis, keepdims),),
    latex=(r"\frac{1}{n}",), display=r"\bar{x}", params=("axis", "keepdims"), source="linearity"))


# The 2-norm of x's entries: of a vector, the Frobenius norm of a matrix, |x| of a number. At
# x = 0 it has no derivative: both rules give 0/0 = NaN there, as NumPy does (with its
# RuntimeWarning), and raise nothing.
register(Rule(
    "norm", np.linalg.norm,
    jvp=(lambda t, out, x: xp.sum(x * t) / out,),
    vjp=(lambda g, out, x: g * x / out,),
    latex=(r"\frac{x^{\top}}{\|x\|}",), display=r"\|x\|",
    source="chain rule; Cookbook (129) with a = 0"))
register(Rule(
    "reshape", lambda x, shape: np.reshape(x, shape),
    jvp=(lambda t, out, x, shape: xp.reshape(t, np.shape(out)),),
    vjp=(lambda g, out, x, shape: xp.reshape(g, np.shape(x)),),
    latex=(r"\mathrm{reshape}",), display=r"\mathrm{reshape}(x)", params=("shape",)))


def _inverse_axes(axes):
    return None if axes is None else tuple(np.argsort(axes))


register(Rule(
    "transpose", lambda x, axes=None: np.transpose(x, axes),
    jvp=(lambda t, out, x, axes=None: xp.transpose(t, axes),),
    vjp=(lambda g, out, x, axes=None: xp.transpose(g, _inverse_axes(axes)),),
    latex=(r"(\mathrm{d}x)^{\top}",), display=r"x^{\top}", params=("axes",),
    source="MML 5.99; Cookbook (44)"))


def _is_basic(key) -> bool:
    """True for keys made of ints, slices, None and ``...``: no entry is picked twice."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(k is None or k is Ellipsis or isinstance(k, (int, np.integer, slice))
               for k in parts)


def _scatter(buffer, g, x, key):
    if _is_basic(key):
        buffer[key] += g
    else:
        np.add.at(buffer, key, g)


def _index_add(g, shape, key):
    buffer = np.zeros(shape)
    _scatter(buffer, g, buffer, key)
    return buffer


register(Rule(
    "getitem", lambda x, key: np.asarray(x)[key],
    jvp=(lambda t, out, x, key: t[key],),
    vjp=(lambda g, out, x, key: xp.index_add(g, np.shape(x), key),),
    latex=(r"1_{[k]}",), display="x[k]", params=("key",),
    scatter=_scatter))
register(Rule(  # the adjoint of indexing, a primitive so that it differentiates in turn
    "index_add", _index_add,
    jvp=(lambda t, out, g, shape, key: xp.index_add(t, shape, key),),
    vjp=(lambda u, out, g, shape, key: u[key],),
    latex=(r"1_{[k]}^{\top}",), display=r"0 + x\ \mathrm{at}\ [k]", params=("shape", "key"),
    arg_names=("x",), source="linearity"))
register(Rule(
    "broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
    jvp=(lambda t, out, x, shape: xp.broadcast_to(t, shape),),
    vjp=(lambda g, out, x, shape: unbroadcast(g, np.shape(x)),),
    latex=("1",), display=r"\mathrm{broadcast}(x)", params=("shape",), source="linearity"))
register(Rule(  # the condition is a constant (comparisons give plain arrays)
    "where", np.where,
    jvp=(lambda t, out, c, x, y: xp.broadcast_to(0.0, np.shape(out)),
         lambda t, out, c, x, y: xp.where(c, t, 0.0),
         lambda t, out, c, x, y: xp.where(c, 0.0, t)),
    vjp=(lambda g, out, c, x, y: np.zeros(np.shape(c)),
         lambda g, out, c, x, y: xp.where(c, g, 0.0),
         lambda g, out, c, x, y: xp.where(c, 0.0, g)),
    latex=("0", r"1_{c}", r"1 - 1_{c}"), display=r"c\ ?\ x : y", arg_names=("c", "x", "y")))


def _stack_jvp(i, t, out, *arrays, axis=0):
    """Tangent t of argument i: in slot i of the new axis, zeros elsewhere."""
    parts = [xp.broadcast_to(0.0, np.shape(a)) for a in arrays]
    parts[i] = t
    return xp.stack(parts, axis)


def _stack_vjp(i, g, out, *arrays, axis=0):
    axis = axis % np.ndim(out)
    return g[(slice(None),) * axis + (i,)]


register(Rule(
    "stack", lambda *arrays, axis=0: np.stack(arrays, axis),
    jvp=(_stack_jvp,), vjp=(_stack_vjp,), latex=(r"e_{i}",), display=r"[x_1, \dots, x_k]",
    params=("axis",), variadic=True, source="linearity"))

# --- linear algebra (A, B matrices; vectors are 1-D, as in NumPy) ----------------------------


_swap = xp.swap


def _matrix(function, name):
    """``function`` for one matrix (2-D) only: these rules are not written for batches."""
    def evaluate(a, *rest):
        if np.ndim(a) != 2:
            raise ValueError(f"ad.{name} takes one matrix (2-D), not shape {np.shape(a)}")
        return function(a, *rest)
    return evaluate


def _diag(x):
    """np.diag for one vector (-> the diagonal matrix) or one matrix (-> its diagonal, a copy)."""
    if np.ndim(x) == 1:
        return np.diag(x)
    if np.ndim(x) == 2:
        return np.diag(x).copy()  # np.diag of a matrix is a read-only view
    raise ValueError(f"ad.diag takes one vector (1-D) or one matrix (2-D), not shape {np.shape(x)}")


def _diag_vjp(g, out, x):
    """A vector x: the diagonal of g. A matrix x: g on the diagonal of a matrix shaped like x."""
    if np.ndim(x) == 1:
        return xp.diag(g)
    k = np.arange(len(g))
    return xp.index_add(g, np.shape(x), (k, k))


register(Rule(
    "diag", _diag,
    jvp=(lambda t, out, x: xp.diag(t),),
    vjp=(_diag_vjp,),
    latex=(r"\mathrm{diag}(\mathrm{d}x)",), display=r"\mathrm{diag}(x)", source="linearity"))


def _outer(a, b):
    """np.outer for two vectors: a bᵀ, shape (m, n)."""
    if np.ndim(a) != 1 or np.ndim(b) != 1:
        raise ValueError(f"ad.outer takes two vectors (1-D), not shapes {np.shape(a)} and "
                         f"{np.shape(b)}")
    return np.outer(a, b)


register(Rule(
    "outer", _outer,
    jvp=(lambda t, out, a, b: xp.outer(t, b), lambda t, out, a, b: xp.outer(a, t)),
    vjp=(lambda g, out, a, b: g @ b, lambda g, out, a, b: a @ g),
    latex=(r"\mathrm{d}a\,b^{\top}", r"a\,\mathrm{d}b^{\top}"), display=r"a\,b^{\top}",
    arg_names=("a", "b"), source="product rule; Cookbook (37)"))
def _matmul_vjp_a(g, out, a, b):
    a_ndim, b_shape = np.ndim(a), np.shape(b)
    if len(b_shape) == 1:
        return g * b if a_ndim == 1 else g[..., None] * b
    if a_ndim == 1:
        return (b @ g[..., None])[..., 0]
    if b_shape[-1] == 1:  # an outer product: broadcasting beats a matmul with inner size 1
        return g * _swap(b)
    return g @ _swap(b)


def _matmul_vjp_b(g, out, a, b):
    a_ndim, b_ndim = np.ndim(a), np.ndim(b)
    if a_ndim == 1:
        return g * a if b_ndim == 1 else a[:, None] * g[..., None, :]
    if b_ndim == 1:
        return (_swap(a) @ g[..., None])[..., 0]
    return _swap(a) @ g


register(Rule(
    "matmul", np.matmul,
    jvp=(lambda t, out, a, b: t @ b, lambda t, out, a, b: a @ t),
    vjp=(_matmul_vjp_a, _matmul_vjp_b),
    latex=(r"\mathrm{d}A\,B", r"A\,\mathrm{d}B"), display="A B", arg_names=("A", "B"),
    source="product rule; MML 5.4; Cookbook (37)"))
register(Rule(
    "gram", _matrix(lambda x: _swap(x) @ x, "gram"),
    jvp=(lambda t, out, x: _plus_transpose(_swap(x) @ t),),
    vjp=(lambda g, out, x: x @ _plus_transpose(g),),
    latex=(r"\mathrm{d}X^{\top}X + X^{\top}\mathrm{d}X",), display=r"X^{\top}X", arg_names=("X",),
    source="MML 5.4 (K = RᵀR); Cookbook (37), (44). x.T @ x is recorded as gram(x)"))


def _plus_transpose(a):
    return a + _swap(a)


register(Rule(
    "trace", _matrix(np.trace, "trace"),
    jvp=(lambda t, out, a: xp.trace(t),),
    vjp=(lambda g, out, a: g * np.eye(*np.shape(a)),),
    latex=("I",), display=r"\mathrm{tr}(A)", arg_names=("A",),
    source="MML 5.100; Cookbook (36)"))
register(Rule(
    "det", _matrix(np.linalg.det, "det"),
    jvp=(lambda t, out, a: out * xp.trace(xp.solve(a, t)),),
    vjp=(lambda g, out, a: (g * out) * _swap(xp.inv(a)),),
    latex=(r"\det(A)\,A^{-\top}",), display=r"\det(A)", arg_names=("A",),
    source="MML 5.101; Cookbook (42), (49)"))
register(Rule(
    "inv", _matrix(np.linalg.inv, "inv"),
    jvp=(lambda t, out, a: -(out @ t @ out),),
    vjp=(lambda g, out, a: -(_swap(out) @ g @ _swap(out)),),
    latex=(r"-A^{-1}\,\mathrm{d}A\,A^{-1}",), display="A^{-1}", arg_names=("A",),
    source="MML 5.102; Cookbook (40)"))


def _solve_vjp_a(g, out, a, b):
    gb = xp.solve(_swap(a), g)
    return -xp.outer(gb, out) if np.ndim(out) == 1 else -(gb @ _swap(out))


register(Rule(
    "solve", _matrix(np.linalg.solve, "solve"),
    jvp=(lambda t, out, a, b: -xp.solve(a, t @ out),
         lambda t, out, a, b: xp.solve(a, t)),
    vjp=(_solve_vjp_a, lambda g, out, a, b: xp.solve(_swap(a), g)),
    latex=(r"-A^{-1}\,\mathrm{d}A\,A^{-1}b", r"A^{-1}\,\mathrm{d}b"), display=r"A^{-1}b",
    arg_names=("A", "b"), source="Cookbook (37), (40)"))
register(Rule(
    "logdet", _matrix(lambda a: np.linalg.slogdet(a)[1], "logdet"),
    jvp=(lambda t, out, a: xp.trace(xp.solve(a, t)),),
    vjp=(lambda g, out, a: g * _swap(xp.inv(a)),),
    latex=(r"A^{-\top}",), display=r"\log\,|\det A|", arg_names=("A",),
    source="Cookbook (43), (57)"))
