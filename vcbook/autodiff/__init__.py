"""vcbook.autodiff: a small automatic-differentiation engine for teaching, over NumPy arrays.

    import vcbook.autodiff as ad
    ad.grad(f)(x)                     # f returns a 0-d value; the result has x's shape
    ad.value_and_grad(f, argnums=(0, 1))(W, b)
    ad.jacobian(f, mode="forward")(x) # shape f(x).shape + x.shape
    ad.jvp(f, x, v), ad.vjp(f, x)     # forward mode (J v) and reverse mode (uᵀJ)
    ad.hessian(f)(x), ad.hvp(f, x, v) # shape x.shape + x.shape; H v without building H
    ad.grad(ad.grad(f))               # every transformation nests in every other
    ad.evaluation_trace(f, x)         # one row per intermediate variable
    ad.draw_graph(f, x)               # the computation graph (matplotlib)
    ad.check_grads(f, x)              # JVP, VJP and central differences agree?

Write ``f`` with ``ad.sin``, ``ad.exp``, ..., ``+ - * / ** @``, indexing and ``.T``. Every primitive
and its derivative is one entry of the table in ``rules.py`` (``sorted(ad.RULES)``), with
NumPy's names, signatures and broadcasting:

    elementwise   add subtract multiply divide power negative square sin cos tan exp expm1 log
                  log1p sqrt tanh sigmoid abs sign relu maximum minimum clip where
    reductions    sum mean prod max min var std logsumexp norm   (axis=None, keepdims=False)
    shapes        reshape transpose getitem index_add broadcast_to stack concatenate diag outer
    matrices      matmul gram trace det inv solve logdet         (``ad.trace``: the matrix trace)

and ``ad.array([[x[0], 1.0], ...])`` (nested lists of traced values and numbers) and ``ad.dot``
are built from them. Traced values have NumPy's methods ``x.sum()``, ``x.max(axis)``,
``x.clip(a, b)``, ...; a NumPy function called on one says what to write instead.

The modules read bottom-up; each imports only modules above it in this list:
``arrays`` (NumPy helpers), ``registry`` (every primitive by name), ``formatting`` (text for the
views), ``composites`` (functions built from primitives), ``node`` (the traced value, and the
levels that let transformations nest), ``xp`` (NumPy, or the traced primitive: what rules are
written in), ``rule`` (what a primitive is), ``rules`` (the table), ``forward`` / ``reverse``
(the two sweeps), ``api`` (grad, jacobian, hessian, ...), ``check`` (gradient checks),
``evaltrace`` (the evaluation-trace table), ``draw`` (graph drawing).
``tests/test_import_graph.py`` keeps it so.
"""

from __future__ import annotations

from vcbook.autodiff import rules  # fills the registry with the table's primitives
from vcbook.autodiff.api import grad, hessian, hvp, jacobian, jvp, value_and_grad, vjp
from vcbook.autodiff.check import (
    GradCheck,
    StepErrors,
    check_grads,
    finite_difference_errors,
    plot_step_size,
)
from vcbook.autodiff.composites import array, dot
from vcbook.autodiff.draw import draw_graph
from vcbook.autodiff.evaltrace import EvaluationTrace, evaluation_trace
from vcbook.autodiff.node import Node
from vcbook.autodiff.registry import RULES, register, unregister
from vcbook.autodiff.rule import Rule, elementwise

__all__ = ["grad", "value_and_grad", "jacobian", "jvp", "vjp", "hessian", "hvp",
           "evaluation_trace",
           "EvaluationTrace", "draw_graph", "check_grads", "GradCheck", "StepErrors",
           "finite_difference_errors", "plot_step_size", "Node", "Rule", "RULES", "register",
           "unregister", "elementwise", "rules", "array", "dot", *RULES]


def __getattr__(name: str):
    """``ad.<name>`` for a primitive: looked up in the registry, the one place that knows them,
    so a primitive registered later (``ad.register(Rule(...))``) is there at once."""
    rule = RULES.get(name)
    if rule is None:
        raise AttributeError(f"module 'vcbook.autodiff' has no attribute {name!r}")
    return rule.function


def __dir__():
    return sorted(set(globals()) | set(RULES))
