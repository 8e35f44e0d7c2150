"""vcbook.autodiff: a small automatic-differentiation engine for teaching, over NumPy arrays.

    import vcbook.autodiff as ad
    ad.grad(f)(x)                     # f returns a 0-d value; the result has x's shape
    ad.value_and_grad(f, argnums=(0, 1))(W, b)
    ad.jacobian(f, mode="forward")(x) # shape f(x).shape + x.shape
    ad.jvp(f, x, v), ad.vjp(f, x)     # forward mode (J v) and reverse mode (uᵀJ)
    ad.evaluation_trace(f, x)         # one row per intermediate variable
    ad.draw_graph(f, x)               # the computation graph (matplotlib)
    ad.check_grads(f, x)              # JVP, VJP and central differences agree?

Write ``f`` with ``ad.sin``, ``ad.exp``, ..., ``+ - * / ** @`` and ``.T``. Every primitive and its
derivative is one entry of the table in ``rules.py``; ``ad.trace`` is the matrix trace.

Modules: ``rule`` (what a primitive is), ``rules`` (the table), ``node`` (the traced value),
``forward`` / ``reverse`` (the two sweeps), ``api`` (grad, jacobian, ...), ``evaltrace``
(the evaluation-trace table), ``draw`` (graph drawing), ``check`` (gradient checks).
"""

from __future__ import annotations

from vcbook.autodiff import rules
from vcbook.autodiff.api import grad, jacobian, jvp, value_and_grad, vjp
from vcbook.autodiff.check import (
    GradCheck,
    StepErrors,
    check_grads,
    finite_difference_errors,
    plot_step_size,
)
from vcbook.autodiff.composites import dot
from vcbook.autodiff.draw import draw_graph
from vcbook.autodiff.evaltrace import EvaluationTrace, evaluation_trace
from vcbook.autodiff.node import Node
from vcbook.autodiff.rule import RULES, Rule, elementwise, register, unregister

globals().update({name: rule.function for name, rule in RULES.items()})

__all__ = ["grad", "value_and_grad", "jacobian", "jvp", "vjp", "evaluation_trace",
           "EvaluationTrace", "draw_graph", "check_grads", "GradCheck", "StepErrors",
           "finite_difference_errors", "plot_step_size", "Node", "Rule", "RULES", "register",
           "unregister", "elementwise", "rules", "dot", *RULES]


def __getattr__(name: str):
    """Primitives registered after import (``ad.register(Rule(...))``) appear here."""
    rule = RULES.get(name)
    if rule is None:
        raise AttributeError(f"module 'vcbook.autodiff' has no attribute {name!r}")
    return rule.function
