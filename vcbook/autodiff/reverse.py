"""Reverse mode: sort the graph topologically, then sweep adjoints from the output back.

``adjoint(v)`` = ∂(seed · output)/∂v. Each node's adjoint is complete before it is used, because
nodes are visited children-first; a node's adjoint is the sum, over its children, of the
children's VJPs. Inside an enclosing differentiation the adjoints are themselves traced values
(``node.py``, "Levels"), and the sweep adds them with operators instead of in place. Both
steps are iterative (no recursion limit: depth 10⁵ works) and linear in the number of nodes and
edges.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff.arrays import is_fresh, unbroadcast
from vcbook.autodiff.node import Node


def toposort(root) -> list:
    """The nodes ``root`` depends on, parents before children (iterative depth-first search)."""
    order = []
    state = {}  # id -> 1 (expanding) or 2 (done)
    stack = [root]
    push, pop, look = stack.append, stack.pop, state.get
    while stack:
        node = stack[-1]
        key = id(node)
        seen = look(key)
        if seen is None:
            state[key] = 1
            for _, parent in node.parents:
                if id(parent) not in state:
                    push(parent)
        else:
            pop()
            if seen == 1:
                state[key] = 2
                order.append(node)
    return order


def backward(order, seed, keep_all: bool = False) -> dict:
    """Sweep adjoints through ``order`` (from ``toposort``) starting from ``seed`` at its end.

    Returns ``{id(input): (adjoint, owned)}`` for the inputs reached (``owned``: the array was
    made by this sweep and may be handed out), or, with ``keep_all``, every node's adjoint by id.
    """
    root = order[-1]
    adjoints = {id(root): seed}
    owned = set()  # ids whose adjoint array this sweep allocated: safe to add into in place
    result = {}
    for node in reversed(order):
        key = id(node)
        g = adjoints.pop(key, None)
        if g is None:
            continue
        rule = node.rule
        if keep_all:
            result[key] = g
        if rule is None:
            if not keep_all:
                result[key] = (g, key in owned)
            continue
        out, args, params, vjp = node.value, node.args, node.params, rule.vjp
        for i, parent in node.parents:
            pkey = id(parent)
            old = adjoints.get(pkey)
            if rule.scatter is not None and i == 0 and type(g) is not Node \
                    and type(old) is not Node:
                if old is None or pkey not in owned:
                    old = np.zeros(parent.value.shape) if old is None else np.array(old)
                    adjoints[pkey] = old
                    owned.add(pkey)
                rule.scatter(old, g, *args, **params)
                continue
            r = vjp[i](g, out, *args, **params) if params else vjp[i](g, out, *args)
            shape = parent.value.shape
            if getattr(r, "shape", ()) != shape:
                r = unbroadcast(r if type(r) is Node else np.asarray(r), shape)
            if old is None:
                adjoints[pkey] = r
                if is_fresh(r, g):
                    owned.add(pkey)
            elif pkey in owned and type(r) is not Node:
                np.add(old, r, out=old)
            elif is_fresh(r, g) and type(old) is not Node:
                adjoints[pkey] = np.add(r, old, out=r)
                owned.add(pkey)
            else:
                total = adjoints[pkey] = old + r
                if type(total) is np.ndarray:
                    owned.add(pkey)
                else:
                    owned.discard(pkey)
    return result
