"""The transformations: ``grad``, ``value_and_grad``, ``jacobian``, ``jvp``, ``vjp``, and the
second-order ones built from them, ``hessian`` and ``hvp``.

Shape rule: the derivative of ``f`` by an input ``x`` has shape ``f(x).shape + x.shape``; the
gradient of a scalar (0-d) ``f`` has ``x``'s shape, and a 0-d input gives a 0-d gradient.
Each call traces ``f`` afresh at a level of its own (``node.py``, "Levels"), so nothing carries
over from one call to the next, and every transformation nests in every other: ``grad(grad(f))``,
``jacobian(grad(f))``, a ``jvp`` of a function that calls ``jvp``, ``grad`` of a pullback.
"""

from __future__ import annotations

import functools

import numpy as np

from vcbook.autodiff import xp
from vcbook.autodiff.arrays import fresh, real_array
from vcbook.autodiff.forward import tangent_sweep
from vcbook.autodiff.node import Node, make_input, new_level
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
        if not _traced_at(out, leaves[0].level):
            _require_scalar(np.shape(out), f, "grad")
            return _constant(out), _zeros(leaves, single)
        _require_scalar(out.shape, f, "grad")
        found = backward(toposort(out), _ONE)
        grads = _gradients(found, leaves)
        return _constant(out.value), grads[0] if single else grads
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
        if not _traced_at(out, leaves[0].level):
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
    leaf = make_input(x, new_level())
    v = _array_or_traced(v, "tangent v")
    if np.shape(v) != leaf.shape:
        raise ValueError(f"the tangent v has shape {np.shape(v)}; it needs x's shape "
                         f"{leaf.shape}")
    out = f(leaf)
    if not _traced_at(out, leaf.level):
        return out, np.zeros(np.shape(out))
    t = tangent_sweep(toposort(out), {id(leaf): v}).get(id(out))
    if t is None:
        return out.value, np.zeros(out.shape)
    return out.value, t if type(t) is Node else fresh(t, v)


def vjp(f, x):
    """Reverse mode: ``(f(x), pullback)`` with ``pullback(u) = uᵀJ`` (``u`` of ``f(x)``'s shape,
    the result of ``x``'s shape). The pullback may be called many times, also on a traced
    ``u`` (``grad`` of a function that calls it)."""
    leaf = make_input(x, new_level())
    out = f(leaf)
    traced = _traced_at(out, leaf.level)
    value = out.value if traced else out
    order = toposort(out) if traced else None
    shape = np.shape(value)

    def pullback(u):
        u = _array_or_traced(u, "cotangent u")
        if np.shape(u) != shape:
            raise ValueError(f"the cotangent u has shape {np.shape(u)}; it needs f(x)'s shape "
                             f"{shape}")
        if order is None:
            return np.zeros(leaf.shape)
        return _gradients(backward(order, u), (leaf,))[0]
    return value, pullback


def hessian(f, argnums=0):
    """``hessian(f)(x)``: the matrix of second derivatives of a scalar ``f``, shape
    ``x.shape + x.shape``: the forward-mode Jacobian of the reverse-mode gradient."""
    return jacobian(grad(f, argnums), mode="forward", argnums=argnums)


def hvp(f, x, v):
    """The Hessian-vector product H(x) v of a scalar ``f`` (``x``'s shape), forward over
    reverse: a tangent sweep through the gradient's evaluation, without building H."""
    return jvp(grad(f), x, v)[1]


# --- helpers ---------------------------------------------------------------------------------

def _inputs(args, argnums):
    """Replace the arguments picked by ``argnums`` with fresh input Nodes."""
    level = new_level()
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
        node = make_input(call[k], level)
        call[k] = node
        leaves.append(node)
    return call, leaves, single


def _require_scalar(shape, f, what):
    if shape != ():
        name = getattr(f, "__name__", "f")
        raise TypeError(f"{what} needs a function with a scalar (0-d) output, but {name} "
                        f"returned shape {shape}; use ad.jacobian or ad.vjp for array outputs")


def _traced_at(out, level: int) -> bool:
    """True when ``out`` was computed from this transformation's inputs (traced at ``level``);
    otherwise it is a constant to it (possibly traced by an enclosing transformation)."""
    return type(out) is Node and out.level == level


def _constant(value):
    """A 0-d value as returned: a traced value as it is, else a NumPy float."""
    return value if type(value) is Node else np.float64(value)


def _array_or_traced(a, what: str):
    return a if type(a) is Node else real_array(a, what)


def _gradients(found, leaves) -> tuple:
    """Each input's adjoint from a ``backward`` result, as a new array of the input's shape
    (or a traced value, inside an enclosing differentiation)."""
    ids = {id(leaf) for leaf in leaves}
    if any(key not in ids for key in found):
        raise ValueError("the function uses a traced value from another differentiation that "
                         "has finished (kept from an earlier call?); compute it inside the "
                         "function instead")
    grads = []
    for leaf in leaves:
        entry = found.get(id(leaf))
        if entry is None:
            grads.append(np.zeros(leaf.shape))
        else:
            g, owned = entry
            plain = owned or type(g) is Node
            grads.append(g if plain else np.array(g, dtype=np.float64))
    return tuple(grads)


def _zeros(leaves, single):
    zeros = tuple(np.zeros(leaf.shape) for leaf in leaves)
    return zeros[0] if single else zeros


def _reverse_jacobians(order, out, leaves) -> tuple:
    shape = out.shape
    rows = [[] for _ in leaves]
    for k in range(out.size):
        seed = np.zeros(shape)
        seed.flat[k] = 1.0
        for row, g in zip(rows, _gradients(backward(order, seed), leaves), strict=True):
            row.append(g)
    pairs = zip(rows, leaves, strict=True)
    return tuple(xp.reshape(xp.stack(row), shape + leaf.shape) if row
                 else np.zeros(shape + leaf.shape) for row, leaf in pairs)


def _forward_jacobians(order, out, leaves) -> tuple:
    shape, size = out.shape, out.size
    jacs = []
    for leaf in leaves:
        columns = []
        for k in range(leaf.size):
            seed = np.zeros(leaf.shape)
            seed.flat[k] = 1.0
            t = tangent_sweep(order, {id(leaf): seed}).get(id(out))
            columns.append(np.zeros(size) if t is None else xp.reshape(t, (size,)))
        jacs.append(xp.reshape(xp.stack(columns, axis=-1) if columns else np.zeros((size, 0)),
                               shape + leaf.shape))
    return tuple(jacs)
