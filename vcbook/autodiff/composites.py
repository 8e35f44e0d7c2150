"""Functions built from primitives: they need no derivative rule of their own.

A composite reaches its primitives the one way, by name in the registry, so it depends on
nothing but the registry; ``Node.dot`` (``x.dot(y)``, as ``ndarray.dot``) calls ``dot`` here.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff.registry import RULES


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
