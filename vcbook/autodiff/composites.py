"""Functions built from primitives: they need no derivative rule of their own.

A composite reaches its primitives the one way, by name in the registry, so it depends on
nothing but the registry; ``Node.dot`` (``x.dot(y)``, as ``ndarray.dot``) calls ``dot`` here.
Evaluation traces and graphs show a composite as the primitives it records.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff.registry import RULES

__all__ = ["array", "dot"]


def dot(a, b):
    """``numpy.dot`` for arrays of at most two axes: a product by a scalar, xᵀy, A x or A B.

    Shapes: (n,)·(n,) -> (); (m, n)·(n,) -> (m,); (m, n)·(n, k) -> (m, k). It is ``multiply``
    when either side is 0-d and ``matmul`` otherwise.
    """
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return RULES["multiply"].function(a, b)
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        raise NotImplementedError("ad.dot takes arrays of at most two axes; use ad.matmul")
    return RULES["matmul"].function(a, b)


def array(obj):
    """``numpy.array`` for nested lists (or tuples) of traced values, arrays and numbers.

    Each list level becomes ``ad.stack`` of its items (so the entries must have one shape, as
    in NumPy) and the gradient flows to every traced entry: ``ad.array([[x[0], 1.0], [0.0,
    x[1] ** 2]])`` is a 2×2 array. With nothing traced it is ``numpy.array(obj, dtype=float)``.
    A composite, not a primitive: stacking is all it does, and ``stack`` has its rule already.
    """
    if not isinstance(obj, (list, tuple)):
        return obj
    if not obj:
        return np.array(obj, dtype=np.float64)
    items = [array(item) for item in obj]
    if all(isinstance(item, (np.ndarray, np.generic, int, float)) for item in items):
        return np.array(items, dtype=np.float64)
    return RULES["stack"].function(items)
