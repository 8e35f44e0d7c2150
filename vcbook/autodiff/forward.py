"""Forward mode: sweep tangents through a recorded graph, parents before children.

``tangent(v)`` = the directional derivative of v along the seed directions of the inputs; a
node's tangent is the sum of the JVPs of its traced arguments' tangents. The sweep runs over the
graph ``toposort`` returns and frees each tangent after its last use unless asked to keep all.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff import xp
from vcbook.autodiff.arrays import is_fresh


def tangent_sweep(order, seeds: dict, keep_all: bool = False) -> dict:
    """Tangents by node id, given ``seeds`` = {id(input): tangent with the input's shape}.

    Without ``keep_all`` only the tangent of the last node of ``order`` (the output) is kept.
    """
    tangents = dict(seeds)
    last_use = {} if keep_all else _last_use(order)
    for k, node in enumerate(order):
        rule = node.rule
        if rule is None:
            continue
        total = None
        out, args, params, jvp = node.value, node.args, node.params, rule.jvp
        for i, parent in node.parents:
            t = tangents.get(id(parent))
            if t is None:
                continue
            c = jvp[i](t, out, *args, **params) if params else jvp[i](t, out, *args)
            if total is None:
                total = c
            elif is_fresh(c, t) and c.shape == out.shape and not xp.is_traced(total):
                total = np.add(c, total, out=c)
            else:
                total = total + c
        if last_use:
            for _, parent in node.parents:
                if last_use.get(id(parent)) == k:
                    tangents.pop(id(parent), None)
        if total is not None:
            if getattr(total, "shape", ()) != out.shape:
                total = xp.broadcast_to(total, out.shape)
            tangents[id(node)] = total
    return tangents


def _last_use(order) -> dict:
    """For each node id, the position in ``order`` of the last node that reads it."""
    last = {}
    for k, node in enumerate(order):
        for _, parent in node.parents:
            last[id(parent)] = k
    return last
