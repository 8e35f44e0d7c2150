"""vcbook.matrixcalc: derivatives of matrix expressions by the differential method, with steps.

    from vcbook import matrixcalc as mc
    d = mc.derivative("x^T A x", "x", {"x": "n", "A": "n×n"})
    str(d.result)        # 'x^T (A + A^T)': the 1×n row, in the answer language
    d.steps              # [(label, LaTeX), ...], each differential checked numerically
    d.evaluate({"x": x, "A": A})   # ndarray by the shape rule, here (n,)

Expressions are read by ``vcbook.answers.matrix`` (the matrix notation students type), and
results print in it, so ``answers.check(str(d.result), ...)`` reads them back. The modules, in
import order: ``context`` (names, shapes) → ``build`` (tree constructors) → ``rules`` (THE
table of differential rules) → ``differential`` (applies it) → ``algebra`` (expand, collect,
print readably) → ``readoff`` (tr(G dX), g dx, J dx) → ``numerics`` (evaluation, central
differences, the AD version of f) → ``derivation`` (``derivative``, ``Derivation``) →
``second`` (``hessian``: the derivative of the gradient, as a column).

    h = mc.hessian("x^T A x", "x", {"x": "n", "A": "n×n"})
    str(h.result)        # 'A + A^T'; h.evaluate(values) is (n, n)
"""

from __future__ import annotations

from vcbook.matrixcalc.context import NotDifferentiable, NotExpressible
from vcbook.matrixcalc.derivation import Derivation, DerivationError, derivative
from vcbook.matrixcalc.rules import RULES, DifferentialRule
from vcbook.matrixcalc.second import hessian

__all__ = ["RULES", "Derivation", "DerivationError", "DifferentialRule", "NotDifferentiable",
           "NotExpressible", "derivative", "hessian"]

