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

from dataclasses import replace

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
register(elementwise("log1p", np.log1p, (lambda out, x: 1.0 / (1.0 + x),), (r"\frac{1}{1 + x}",),
                     r"\log(1 + x)", "accurate for small x"))
register(elementwise("expm1", np.expm1, (lambda out, x: out + 1.0,), (r"e^{x}",), r"e^{x} - 1",
                     "accurate for small x"))
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


# --- piecewise functions: kinks and ties ------------------------------------------------------
# At a kink or a tie there is no derivative; the rules give a stated convention, that of HIPS
# autograd (numpy_vjps.py): a tie of maximum/minimum splits the derivative equally, 1/2 each,
# and so does a tie of max/min (1/k among k maxima); |x|, relu and clip have derivative 0 at their
# kinks. Away from those points the derivatives are exact. The masks are constants (comparisons
# of traced values give plain arrays, xp.constant reads a value), so second derivatives are 0.

def _share(x, y):
    """∂max(x, y)/∂x: 1 where x > y, 1/2 where x = y, 0 where x < y (a constant array)."""
    return (x > y) + 0.5 * (x == y)


def _sign(x):
    """sign(x) as a constant array: the derivative of |x| (0 at 0)."""
    return np.sign(xp.constant(x))


register(elementwise("maximum", np.maximum,
                     (lambda out, x, y: _share(x, y), lambda out, x, y: _share(y, x)),
                     (r"1_{x > y} + \frac{1}{2} 1_{x = y}", r"1_{y > x} + \frac{1}{2} 1_{x = y}"),
                     r"\max(x, y)", "ties: 1/2 each, as HIPS autograd"))
register(elementwise("minimum", np.minimum,
                     (lambda out, x, y: _share(y, x), lambda out, x, y: _share(x, y)),
                     (r"1_{x < y} + \frac{1}{2} 1_{x = y}", r"1_{y < x} + \frac{1}{2} 1_{x = y}"),
                     r"\min(x, y)", "ties: 1/2 each, as HIPS autograd"))
register(elementwise("relu", lambda x: np.maximum(x, 0.0), (lambda out, x: (x > 0) * 1.0,),
                     (r"1_{x > 0}",), r"\max(x, 0)", "derivative 0 at 0"))
register(elementwise("abs", np.abs, (lambda out, x: _sign(x),), (r"\mathrm{sign}(x)",), "|x|",
                     "derivative 0 at 0, as HIPS autograd"))
register(elementwise("sign", np.sign, (lambda out, x: np.zeros(np.shape(out)),), ("0",),
                     r"\mathrm{sign}(x)", "piecewise constant: derivative 0 (none at 0)"))


def _no_bound(x, a=None, b=None):
    """clip's arguments with a missing bound (None, as NumPy allows) as -inf or +inf."""
    return x, (-np.inf if a is None else a), (np.inf if b is None else b)


def _bounds(a, b):
    """The bounds of clip as constants."""
    return xp.constant(a), xp.constant(b)


def _clip_dx(out, x, a, b):
    """1 strictly between the bounds, 0 outside and on them (HIPS autograd)."""
    a, b = _bounds(a, b)
    x = xp.constant(x)
    return ((x > a) & (x < b)) * 1.0


def _clip_da(out, x, a, b):
    """1 where x < a and the lower bound is what clip returns (a ≤ b), else 0."""
    a, b = _bounds(a, b)
    return ((xp.constant(x) < a) & (a <= b)) * 1.0


def _clip_db(out, x, a, b):
    """1 where clip returns b: x > b, or a > b (NumPy returns min(max(x, a), b))."""
    a, b = _bounds(a, b)
    return (np.maximum(xp.constant(x), a) > b) * 1.0


register(replace(elementwise("clip", lambda x, a=None, b=None: np.clip(x, a, b),
                             (_clip_dx, _clip_da, _clip_db),
                             (r"1_{a < x < b}", r"1_{x < a}", r"1_{x > b}"),
                             r"\mathrm{clip}(x, a, b)", "0 on the bounds, as HIPS autograd",
                             arg_names=("x", "a", "b")),
                 prepare=_no_bound))


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




def _expand(out, axis, keepdims):
    """A reduction's output with the reduced axes back (length 1), to broadcast against x."""
    return xp.expand_dims(out, axis) if axis is not None and not keepdims else out


def _ties(x, out, axis, keepdims, of=None):
    """1/k at the k entries of each slice where ``of`` (x itself by default) equals the reduced
    ``out`` (the maxima), 0 elsewhere: a constant, ties split equally as HIPS autograd does."""
    hit = xp.constant(x if of is None else of) == xp.constant(_expand(out, axis, keepdims))
    return hit / np.sum(hit, axis=axis, keepdims=True)


def _reduction(name, evaluate, weights, latex, display, source=""):
    """A reduction whose local derivative is a constant array ``weights(x, out, axis,
    keepdims)`` of x's shape: the JVP sums weights · t, the VJP spreads g times the weights."""
    return Rule(
        name, evaluate,
        jvp=(lambda t, out, x, axis=None, keepdims=False:
             xp.sum(weights(x, out, axis, keepdims) * t, axis=axis, keepdims=keepdims),),
        vjp=(lambda g, out, x, axis=None, keepdims=False:
             _spread(g, x, axis, keepdims) * weights(x, out, axis, keepdims),),
        latex=(latex,), display=display, params=("axis", "keepdims"), source=source)


register(_reduction("max", lambda x, axis=None, keepdims=False: np.max(x, axis, keepdims=keepdims),
                    _ties, r"\frac{1}{k}\,1_{x = \max x}", r"\max\,x",
                    "ties: 1/k among k maxima, as HIPS autograd"))
register(_reduction("min", lambda x, axis=None, keepdims=False: np.min(x, axis, keepdims=keepdims),
                    _ties, r"\frac{1}{k}\,1_{x = \min x}", r"\min\,x",
                    "ties: 1/k among k minima, as HIPS autograd"))


def _others(x, axis):
    """For every entry of x, the product of the other entries of its product over ``axis``:
    ∂(∏ x)/∂xᵢ = ∏_{j≠i} xⱼ, computed without dividing, so right where entries are 0.

    The reduced axes are moved last and flattened to one of length n. On arrays: the exclusive
    cumulative products from the left and from the right, O(n). On traced values (a derivative
    of a derivative): the product over a copy of x with entry i replaced by 1, for each i, an
    (n, n) array per slice, so that the rule differentiates again.
    """
    ndim = np.ndim(x)
    axes = tuple(range(ndim)) if axis is None else tuple(
        a % ndim for a in (axis if isinstance(axis, tuple) else (axis,)))
    kept = tuple(a for a in range(ndim) if a not in axes)
    order = kept + axes
    moved = xp.transpose(x, order) if order != tuple(range(ndim)) else x
    shape = np.shape(moved)
    n = int(np.prod(shape[len(kept):], dtype=int))
    flat = xp.reshape(moved, shape[:len(kept)] + (n,))
    if xp.is_traced(flat):
        others = xp.prod(xp.where(np.eye(n, dtype=bool), 1.0, flat[..., None, :]), axis=-1)
    else:
        left, right = np.ones(np.shape(flat)), np.ones(np.shape(flat))
        np.cumprod(flat[..., :-1], axis=-1, out=left[..., 1:])
        right[..., :-1] = np.cumprod(flat[..., :0:-1], axis=-1)[..., ::-1]
        others = np.multiply(left, right, out=left)
    others = xp.reshape(others, shape)
    return xp.transpose(others, _inverse_axes(order)) if order != tuple(range(ndim)) else others


register(_reduction("prod",
                    lambda x, axis=None, keepdims=False: np.prod(x, axis, keepdims=keepdims),
                    lambda x, out, axis, keepdims: _others(x, axis),
                    r"\prod_{j \neq i} x_{j}", r"\prod x", "product rule"))


def _centred(x, axis, ddof, out):
    """(x − mean(x)) / (n − ddof), x's shape: the derivative of var(x) / 2 by x."""
    return (x - xp.mean(x, axis=axis, keepdims=True)) / (_count(x, out) - ddof)


register(Rule(
    "var", lambda x, axis=None, keepdims=False, ddof=0: np.var(x, axis, ddof=ddof,
                                                               keepdims=keepdims),
    jvp=(lambda t, out, x, axis=None, keepdims=False, ddof=0:
         2.0 * xp.sum(_centred(x, axis, ddof, out) * t, axis=axis, keepdims=keepdims),),
    vjp=(lambda g, out, x, axis=None, keepdims=False, ddof=0:
         _spread(2.0 * g, x, axis, keepdims) * _centred(x, axis, ddof, out),),
    latex=(r"\frac{2\,(x - \bar{x})^{\top}}{n - \delta}",), display=r"\mathrm{var}(x)",
    params=("axis", "keepdims", "ddof"), source="chain rule (δ: ddof)"))
# std = √var; where it is 0 (all entries equal) it has no derivative: 0/0 = NaN, as for norm.
register(Rule(
    "std", lambda x, axis=None, keepdims=False, ddof=0: np.std(x, axis, ddof=ddof,
                                                               keepdims=keepdims),
    jvp=(lambda t, out, x, axis=None, keepdims=False, ddof=0:
         xp.sum(_centred(x, axis, ddof, out) * t, axis=axis, keepdims=keepdims) / out,),
    vjp=(lambda g, out, x, axis=None, keepdims=False, ddof=0:
         _spread(g / out, x, axis, keepdims) * _centred(x, axis, ddof, out),),
    latex=(r"\frac{(x - \bar{x})^{\top}}{(n - \delta)\,\mathrm{std}(x)}",),
    display=r"\mathrm{std}(x)", params=("axis", "keepdims", "ddof"),
    source="chain rule (δ: ddof)"))


def _logsumexp(x, axis=None, keepdims=False):
    """log Σ eˣ without overflow: with m the maximum, m + log Σ e^(x − m) (every e^(x − m) ≤ 1).
    A slice that is all −inf gives −inf (m is taken as 0 there, not −inf − −inf = NaN)."""
    m = np.max(x, axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    s = np.log(np.sum(np.exp(x - m), axis, keepdims=keepdims))
    return s + (m if keepdims else np.squeeze(m, axis))


def _softmax(x, out, axis, keepdims):
    """e^(x − logsumexp(x)): the derivative of logsumexp, each entry ≤ 1 (no overflow)."""
    return xp.exp(x - _expand(out, axis, keepdims))


register(Rule(
    "logsumexp", _logsumexp,
    jvp=(lambda t, out, x, axis=None, keepdims=False:
         xp.sum(_softmax(x, out, axis, keepdims) * t, axis=axis, keepdims=keepdims),),
    vjp=(lambda g, out, x, axis=None, keepdims=False:
         _spread(g, x, axis, keepdims) * _softmax(x, out, axis, keepdims),),
    latex=(r"\mathrm{softmax}(x)^{\top}",), display=r"\log \sum e^{x}",
    params=("axis", "keepdims"), source="chain rule"))


# norm(x, ord, axis, keepdims) is numpy.linalg.norm for vector norms (ord None/2, 1, inf, -inf)
# and the Frobenius matrix norm (ord None/'fro', axis a pair or x a matrix). The 2-norm has no
# derivative at x = 0: both rules give 0/0 = NaN there, as NumPy does (with its RuntimeWarning),
# and raise nothing. The 1-norm and the max-norm follow |x| and max (0 at 0, ties split).

def _norm_kind(ndim, ord, axis):  # noqa: A002 (NumPy's name)
    """Which norm numpy.linalg.norm computes: "2" (of all the entries reduced), "1", "inf" or
    "-inf"; a ValueError for the norms the table has no rule for."""
    if axis is None and ord is None:
        return "2"  # NumPy ravels: the 2-norm of every entry, any number of axes
    matrix = (ndim == 2) if axis is None else (isinstance(axis, tuple) and len(axis) == 2)
    if matrix:
        if ord in (None, "fro"):
            return "2"
        raise ValueError(f"ad.norm of a matrix takes ord None or 'fro' (the Frobenius norm), "
                         f"not {ord!r}: the table has no rule for the other matrix norms")
    if axis is None and ndim != 1:
        raise ValueError(f"ad.norm with ord={ord!r} takes a vector or a matrix, not shape with "
                         f"{ndim} axes (give axis)")
    kinds = {None: "2", 2: "2", 1: "1", np.inf: "inf", -np.inf: "-inf"}
    if isinstance(ord, str) or ord not in kinds:
        raise ValueError(f"ad.norm of a vector takes ord None, 2, 1, np.inf or -np.inf, not "
                         f"{ord!r}")
    return kinds[ord]


def _norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002
    _norm_kind(np.ndim(x), ord, axis)
    return np.linalg.norm(x, ord, axis, keepdims)


def _norm_weights(x, out, ord, axis, keepdims):  # noqa: A002
    """∂‖x‖/∂x for the 1-, inf- and -inf-norms: sign(x), times 1/k at the k largest (smallest)
    |xᵢ| for inf (-inf). Constants."""
    if _norm_kind(np.ndim(x), ord, axis) == "1":
        return _sign(x)
    return _sign(x) * _ties(x, out, axis, keepdims, of=np.abs(xp.constant(x)))


def _norm_jvp(t, out, x, ord=None, axis=None, keepdims=False):  # noqa: A002
    if _norm_kind(np.ndim(x), ord, axis) == "2":
        return xp.sum(x * t, axis=axis, keepdims=keepdims) / out
    return xp.sum(_norm_weights(x, out, ord, axis, keepdims) * t, axis=axis, keepdims=keepdims)


def _norm_vjp(g, out, x, ord=None, axis=None, keepdims=False):  # noqa: A002
    if _norm_kind(np.ndim(x), ord, axis) == "2":
        return _spread(g, x, axis, keepdims) * x / _expand(out, axis, keepdims)
    return _spread(g, x, axis, keepdims) * _norm_weights(x, out, ord, axis, keepdims)


_NORM_PRINTED = {  # norm kind -> (the operation, its local derivative ∂‖x‖/∂x)
    "2": (r"\|x\|", r"\frac{x^{\top}}{\|x\|}"),
    "1": (r"\|x\|_1", r"\operatorname{sign}(x)^{\top}"),
    "inf": (r"\|x\|_\infty",
            r"\operatorname{sign}(x_k)\, e_k^{\top},\ k = \arg\max_i |x_i|"),
    "-inf": (r"\|x\|_{-\infty}",
             r"\operatorname{sign}(x_k)\, e_k^{\top},\ k = \arg\min_i |x_i|"),
}


def _norm_printed(ndim, ord=None, axis=None, keepdims=False):  # noqa: A002
    if ndim == 2 and axis is None:  # the Frobenius norm; by a matrix, the derivative has its shape
        return r"\|x\|_F", (r"\frac{x}{\|x\|_F}",)
    display, latex = _NORM_PRINTED[_norm_kind(ndim, ord, axis)]
    return display, (latex,)


register(Rule(
    "norm", _norm, jvp=(_norm_jvp,), vjp=(_norm_vjp,),
    latex=(_NORM_PRINTED["2"][1],), display=_NORM_PRINTED["2"][0],
    params=("ord", "axis", "keepdims"), describe=_norm_printed,
    source="chain rule; Cookbook (129) with a = 0 (the 2-norm); sign(x) for the 1-norm"))
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


def _concatenate_jvp(i, t, out, *arrays, axis=0):
    """Tangent t of argument i: in block i along the axis, zeros elsewhere."""
    parts = [xp.broadcast_to(0.0, np.shape(a)) for a in arrays]
    parts[i] = t
    return xp.concatenate(parts, axis)


def _concatenate_vjp(i, g, out, *arrays, axis=0):
    """Block i of g along the axis (with axis None: of the flattened g, then x's shape)."""
    start = sum(np.size(a) if axis is None else np.shape(a)[axis] for a in arrays[:i])
    stop = start + (np.size(arrays[i]) if axis is None else np.shape(arrays[i])[axis])
    if axis is None:
        return xp.reshape(g[start:stop], np.shape(arrays[i]))
    return g[(slice(None),) * (axis % np.ndim(out)) + (slice(start, stop),)]


register(Rule(
    "concatenate", lambda *arrays, axis=0: np.concatenate(arrays, axis),
    jvp=(_concatenate_jvp,), vjp=(_concatenate_vjp,), latex=(r"E_{i}",),
    display=r"[x_1; \dots; x_k]", params=("axis",), variadic=True, source="linearity"))

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
