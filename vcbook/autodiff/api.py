"""The transformations: ``grad``, ``value_and_grad``, ``jacobian``, ``jvp``, ``vjp``.

Shape rule: the derivative of ``f`` by an input ``x`` has shape ``f(x).shape + x.shape``; the
gradient of a scalar (0-d) ``f`` has ``x``'s shape, and a 0-d input gives a 0-d gradient.
Each call traces ``f`` afresh, so nothing carries over from one call to the next.
"""

from __future__ import annotations

import functools

import numpy as np

from vcbook.autodiff.arrays import fresh, real_array
from vcbook.autodiff.forward import tangent_sweep
from vcbook.autodiff.node import Node, make_input
from vcbook.autodiff.reverse import backward, toposort

_ONE = np.float64(1.0)


def value_and_grad(f, argnums=0):
    """``value_and_grad(f)(x) -> (f(x), ∂f/∂x)``; ``f`` must return a 0-d value.

    ``argnums`` (an int or a tuple of ints, as in JAX) picks the arguments to differentiate by;
    with a tuple the gradients come back as a tuple, each of its argument's shape.
    """
    @functools.wraps(f)
    def value_and_grad_f(*args, **kwargs):
        call, leaves, single = _inputs(args, argnums)
        out = f(*call, **kwargs)
        if type(out) is not Node:
            _require_scalar(np.shape(out), f, "grad")
            return np.float64(out), _zeros(leaves, single)
        _require_scalar(out.value.shape, f, "grad")
        found = backward(toposort(out), _ONE)
        grads = _gradients(found, leaves)
        return out.value[()], grads[0] if single else grads
    return value_and_grad_f


def grad(f, argnums=0):
    """``grad(f)(x) -> ∂f/∂x`` with ``x``'s shape; ``f`` must return a 0-d value (see
    ``value_and_grad`` for ``argnums``)."""
    value_and_grad_f = value_and_grad(f, argnums)

    @functools.wraps(f)
    def grad_f(*args, **kwargs):
        return value_and_grad_f(*args, **kwargs)[1]
    return grad_f


def jacobian(f, mode: str = "reverse", argnums=0):
    """``jacobian(f, mode)(x)``: shape ``f(x).shape + x.shape``, entry [i..., j...] = ∂f_i/∂x_j.

    ``mode="reverse"`` runs one backward sweep per output entry, ``"forward"`` one tangent sweep
    per input entry, over a single recorded evaluation of ``f``.
    """
    if mode not in ("reverse", "forward"):
        raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")

    @functools.wraps(f)
    def jacobian_f(*args, **kwargs):
        call, leaves, single = _inputs(args, argnums)
        out = f(*call, **kwargs)
        if type(out) is not Node:
            shape = np.shape(out)
            jacs = tuple(np.zeros(shape + leaf.value.shape) for leaf in leaves)
        else:
            order = toposort(out)
            sweep = _reverse_jacobians if mode == "reverse" else _forward_jacobians
            jacs = sweep(order, out, leaves)
        return jacs[0] if single else jacs
    return jacobian_f


def jvp(f, x, v):
    """Forward mode: ``(f(x), J v)``; ``v`` has ``x``'s shape, ``J v`` has ``f(x)``'s shape."""
    leaf = make_input(x)
    v = real_array(v, "tangent v")
    if v.shape != leaf.value.shape:
        raise ValueError(f"the tangent v has shape {v.shape}; it needs x's shape "
                         f"{leaf.value.shape}")
    out = f(leaf)
    if type(out) is not Node:
        return out, np.zeros(np.shape(out))
    t = tangent_sweep(toposort(out), {id(leaf): v}).get(id(out))
    return out.value, np.zeros(out.value.shape) if t is None else fresh(t, v)


def vjp(f, x):
    """Reverse mode: ``(f(x), pullback)`` with ``pullback(u) = uᵀJ`` (``u`` of ``f(x)``'s shape,
    the result of ``x``'s shape). The pullback may be called many times."""
    leaf = make_input(x)
    out = f(leaf)
    value = out.value if type(out) is Node else out
    order = toposort(out) if type(out) is Node else None
    shape = np.shape(value)

    def pullback(u):
        u = real_array(u, "cotangent u")
        if u.shape != shape:
            raise ValueError(f"the cotangent u has shape {u.shape}; it needs f(x)'s shape {shape}")
        if order is None:
            return np.zeros(leaf.value.shape)
        return _gradients(backward(order, u), (leaf,))[0]
    return value, pullback


# --- helpers ---------------------------------------------------------------------------------

def _inputs(args, argnums):
    """Replace the arguments picked by ``argnums`` with fresh input Nodes."""
    single = isinstance(argnums, (int, np.integer))
    nums = (int(argnums),) if single else tuple(int(k) for k in argnums)
    n = len(args)
    if not nums or len(set(k % max(n, 1) for k in nums)) != len(nums):
        raise ValueError(f"argnums must name distinct arguments; got {argnums!r}")
    call = list(args)
    leaves = []
    for k in nums:
        if not -n <= k < n:
            raise ValueError(f"argnums={argnums!r}, but the function was called with {n} "
                             f"positional argument(s)")
        node = make_input(call[k])
        call[k] = node
        leaves.append(node)
    return call, leaves, single


def _require_scalar(shape, f, what):
    if shape != ():
        name = getattr(f, "__name__", "f")
        raise TypeError(f"{what} needs a function with a scalar (0-d) output, but {name} "
                        f"returned shape {shape}; use ad.jacobian or ad.vjp for array outputs")


def _gradients(found, leaves) -> tuple:
    """Each input's adjoint from a ``backward`` result, as a new array of the input's shape."""
    ids = {id(leaf) for leaf in leaves}
    if any(key not in ids for key in found):
        raise NotImplementedError(
            "the function uses a value traced by another, enclosing differentiation; "
            "derivatives of derivatives are not supported by vcbook.autodiff")
    grads = []
    for leaf in leaves:
        entry = found.get(id(leaf))
        if entry is None:
            grads.append(np.zeros(leaf.value.shape))
        else:
            g, owned = entry
            grads.append(g if owned else np.array(g, dtype=np.float64))
    return tuple(grads)


def _zeros(leaves, single):
    zeros = tuple(np.zeros(leaf.value.shape) for leaf in leaves)
    return zeros[0] if single else zeros


def _reverse_jacobians(order, out, leaves) -> tuple:
    shape = out.value.shape
    rows = [[] for _ in leaves]
    for k in range(out.value.size):
        seed = np.zeros(shape)
        seed.flat[k] = 1.0
        for row, g in zip(rows, _gradients(backward(order, seed), leaves), strict=True):
            row.append(g)
    pairs = zip(rows, leaves, strict=True)
    return tuple(np.array(row).reshape(shape + leaf.value.shape) if row
                 else np.zeros(shape + leaf.value.shape) for row, leaf in pairs)


def _forward_jacobians(order, out, leaves) -> tuple:
    shape = out.value.shape
    jacs = []
    for leaf in leaves:
        columns = np.zeros((int(np.prod(shape, dtype=int)), leaf.value.size))
        for k in range(leaf.value.size):
            seed = np.zeros(leaf.value.shape)
            seed.flat[k] = 1.0
            t = tangent_sweep(order, {id(leaf): seed}).get(id(out))
            if t is not None:
                columns[:, k] = np.reshape(t, -1)
        jacs.append(columns.reshape(shape + leaf.value.shape))
    return tuple(jacs)
