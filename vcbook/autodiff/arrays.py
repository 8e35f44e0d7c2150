"""NumPy helpers under the whole engine (they import nothing from it): real float64 inputs,
arrays the engine may write into, products and negation in place, and broadcast axes summed
away. Writing into an array the engine has just allocated saves a new array per operation.
"""

from __future__ import annotations

import numpy as np


def real_array(x, what: str = "input") -> np.ndarray:
    """``x`` as a float64 array; a complex ``x`` is refused (the engine is for real functions)."""
    a = np.asarray(x)
    if a.dtype.kind == "c":
        raise TypeError(f"vcbook.autodiff works with real numbers; got a complex {what} "
                        f"(dtype {a.dtype}). Pass the real part (x.real), or the real and "
                        f"imaginary parts as two real arguments")
    return np.asarray(a, dtype=np.float64)


def is_fresh(a, *others) -> bool:
    """True when ``a`` is a freshly allocated ndarray, which the engine may write into: it owns
    its memory (not a view, not a broadcast), is writeable, and is none of ``others`` (the
    arrays it was computed from, which someone else may still read)."""
    if type(a) is not np.ndarray or a.base is not None or not a.flags.writeable:
        return False
    for other in others:  # noqa: SIM110 (all() over a generator costs 4x, on every edge)
        if a is other:
            return False
    return True


def fresh(a, *others) -> np.ndarray:
    """``a`` itself when ``is_fresh(a, *others)``, else a float64 copy: an array that the caller
    may hand out, because nothing else refers to it."""
    return a if is_fresh(a, *others) else np.array(a, dtype=np.float64)


def times(d, t, out, args):
    """``d * t``, written into ``d`` when ``d`` is fresh and has the output's shape.

    A ``t`` that is one number broadcast (what ``sum``'s VJP hands down) multiplies as that
    number, and not at all when it is 1.
    """
    if is_fresh(d, out, *args) and d.shape == out.shape and type(t) in _PLAIN:
        if type(t) is np.ndarray and t.size and not any(t.strides):
            t = t.flat[0]
            if t == 1.0:
                return d
        return np.multiply(d, t, out=d)
    return d * t


_PLAIN = (np.ndarray, np.float64, float, int)  # what may be multiplied into an array in place


def negated(a):
    """``-a``, in place when ``a`` is an ndarray the caller has just made."""
    if type(a) is np.ndarray and a.ndim:
        return np.negative(a, out=a)
    return -a


def unbroadcast(g, shape):
    """Sum ``g`` over the axes that broadcasting added or stretched, to get ``shape``."""
    extra = g.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + k for k, n in enumerate(shape) if n == 1 and g.shape[extra + k] != 1)
    if axes:
        g = g.sum(axis=axes)
    return g.reshape(shape) if g.shape != shape else g
