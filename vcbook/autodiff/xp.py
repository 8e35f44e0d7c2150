"""NumPy, or the traced primitive when an argument is traced: what derivative rules are written in.

A JVP or VJP in ``rules.py`` computes with the values of a recorded operation. At first order
those are NumPy arrays and ``xp.sum`` is ``numpy.sum``. Inside a derivative of a derivative
(``ad.grad(ad.grad(f))``) they are traced values of the enclosing transformation, and
``xp.sum`` records the primitive ``sum``, so the rule itself is differentiated. Operators
(``+ - * / ** @``, indexing) do this on their own; functions go through here. So a rule written
with ``xp`` and operators differentiates to any order, at NumPy's speed at first order.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff.node import Node, numeric_value
from vcbook.autodiff.registry import RULES


def _either(name: str, numpy_function):
    """``numpy_function`` on untraced arguments, else the primitive ``name``."""
    def function(*args, **kwargs):
        for a in args:
            if type(a) is Node:
                return RULES[name].function(*args, **kwargs)
        return numpy_function(*args, **kwargs)
    function.__name__ = name
    function.__doc__ = f"numpy's {name}, or ad.{name} when an argument is traced."
    return function


sum = _either("sum", np.sum)  # noqa: A001 (the NumPy name, on purpose)
mean = _either("mean", np.mean)
prod = _either("prod", np.prod)
reshape = _either("reshape", np.reshape)
transpose = _either("transpose", np.transpose)
broadcast_to = _either("broadcast_to", np.broadcast_to)
where = _either("where", np.where)
trace = _either("trace", np.trace)
solve = _either("solve", np.linalg.solve)
inv = _either("inv", np.linalg.inv)
outer = _either("outer", np.outer)
sin = _either("sin", np.sin)
cos = _either("cos", np.cos)
exp = _either("exp", np.exp)
expm1 = _either("expm1", np.expm1)
log = _either("log", np.log)


def swap(a):
    """The last two axes exchanged (``numpy.swapaxes(a, -1, -2)``): Aᵀ of each matrix."""
    if type(a) is not Node:
        return np.swapaxes(a, -1, -2)
    n = a.ndim
    return transpose(a, (*range(n - 2), n - 1, n - 2))


def expand_dims(a, axis):
    """``numpy.expand_dims``: new axes of length 1 at ``axis`` (an int or a tuple)."""
    if type(a) is not Node:
        return np.expand_dims(a, axis)
    return reshape(a, np.expand_dims(np.empty(a.shape, dtype=np.bool_), axis).shape)


def stack(arrays, axis=0):
    """``numpy.stack``: the arrays along a new axis; ``ad.stack`` when one is traced."""
    for a in arrays:
        if type(a) is Node:
            return RULES["stack"].function(arrays, axis)
    return np.stack(arrays, axis)


def concatenate(arrays, axis=0):
    """``numpy.concatenate``: the arrays joined along an existing axis; ``ad.concatenate`` when
    one is traced."""
    for a in arrays:
        if type(a) is Node:
            return RULES["concatenate"].function(arrays, axis)
    return np.concatenate(arrays, axis)


def diag(a):
    """A vector's diagonal matrix, or a matrix's diagonal (a copy)."""
    return RULES["diag"].function(a) if type(a) is Node else RULES["diag"].evaluate(a)


def index_add(g, shape, key):
    """An array of zeros of ``shape`` with ``g`` added at ``[key]``: the adjoint of indexing."""
    if type(g) is Node:
        return RULES["index_add"].function(g, shape, key)
    return RULES["index_add"].evaluate(g, shape, key)


def constant(a):
    """The NumPy value under ``a`` (``a`` itself when untraced), for what is constant to every
    derivative: a mask, a count, where a maximum sits. Never for a quantity being differentiated
    (that would cut it out of the derivative of the rule)."""
    return numeric_value(a)


def is_traced(a) -> bool:
    """True when ``a`` is a traced value (a ``Node``)."""
    return type(a) is Node
