"""A code exercise on the AD engine: the VJP of a new primitive, logaddexp(x, y) = log(eˣ + eʸ).

The student writes ``logaddexp_vjp(g, out, x, y) -> (gx, gy)``, the two VJPs of an ``ad.Rule``
(or passes an ``ad.Rule`` whose ``vjp`` holds them). The hidden cases compare the VJPs with
g ⊙ e^(x − out) and g ⊙ e^(y − out); then ``verify`` registers the rule for the duration of the
check only (``temporarily_registered``: the table is as before afterwards) and runs
``ad.check_grads`` for each argument.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from vcbook.exercises.coding.checking import Unusable
from vcbook.exercises.coding.diagnose import Finding
from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.spec import Case, Mistake, Output

PRIMITIVE = "logaddexp"
ARGUMENTS = ("x", "y")
VERIFIED_CASES = 3
"""``verify`` runs ``ad.check_grads`` at the first three hidden cases (not the one near 800)."""


@contextmanager
def temporarily_registered(rule):
    """``ad.register(rule)`` inside the block; afterwards the registry holds exactly what it
    held before (the rule removed, or the rule it replaced put back). Yields the primitive."""
    from vcbook.autodiff import registry

    previous = registry.RULES.get(rule.name)
    registry.register(rule)
    try:
        yield rule.function
    finally:
        if previous is None:
            registry.unregister(rule.name)
        else:
            registry.register(previous)


def vjp_reference(g, out, x, y):
    """(g ⊙ e^(x − out), g ⊙ e^(y − out)): ∂out/∂x = eˣ/(eˣ + eʸ) = e^(x − out)."""
    return g * np.exp(x - out), g * np.exp(y - out)


def _cases(rng) -> tuple[Case, ...]:
    cases = []
    for shape, centre in (((3,), 0.0), ((2, 4), 0.0), ((5,), 0.0), ((4,), 800.0)):
        x = centre + 2.0 * rng.standard_normal(shape)
        y = centre + 2.0 * rng.standard_normal(shape)
        g = rng.standard_normal(shape)
        label = f"x, y of shape {shape}" + (" with entries near 800" if centre else "")
        cases.append(Case((g, np.logaddexp(x, y), x, y), label))
    return tuple(cases)


def _accept(fn):
    """The student's VJP function, or the two VJPs of their ``ad.Rule`` as one function."""
    from vcbook.autodiff.rule import Rule

    if isinstance(fn, Rule):
        if fn.nargs != 2:
            raise Unusable("rule-arity", f"logaddexp has two arguments, x and y, so its Rule "
                                         f"needs two VJPs, vjp=(for x, for y); yours has "
                                         f"{fn.nargs}.")
        vjp_x, vjp_y = fn.vjp
        return lambda g, out, x, y: (vjp_x(g, out, x, y), vjp_y(g, out, x, y))
    if not callable(fn):
        raise Unusable("not-callable", f"check needs your function itself (or an ad.Rule): "
                                       f"check(logaddexp_vjp), with no brackets after its name "
                                       f"(you passed an object of type {type(fn).__name__}).")
    return fn


def _rule_with(vjp):
    """The logaddexp Rule with the reference JVPs and ``vjp(g, out, x, y) -> (gx, gy)``."""
    from vcbook.autodiff.rule import Rule

    def pick(k):  # a fresh float array: the engine adds into it in place
        return lambda g, out, x, y: np.array(vjp(g, out, x, y)[k], dtype=float)

    return Rule(PRIMITIVE, np.logaddexp,
                jvp=(lambda t, out, x, y: t * np.exp(x - out),
                     lambda t, out, x, y: t * np.exp(y - out)),
                vjp=(pick(0), pick(1)),
                latex=(r"e^{x - \mathrm{out}}", r"e^{y - \mathrm{out}}"),
                display=r"\log(e^{x} + e^{y})", arg_names=ARGUMENTS)


def verify(call, cases) -> Finding:
    """``ad.check_grads`` of logaddexp by each argument with the student's VJPs registered:
    which argument's VJP disagrees, and by how much."""
    import vcbook.autodiff as ad

    worst = {}
    with temporarily_registered(_rule_with(call)) as logaddexp:
        for case in cases[:VERIFIED_CASES]:
            x, y = case.args[2], case.args[3]
            for k, name in enumerate(ARGUMENTS):
                def f(a, k=k, x=x, y=y):
                    return logaddexp(a, y) if k == 0 else logaddexp(x, a)
                bad = [c for c in ad.check_grads(f, (x, y)[k], directions=2).comparisons
                       if not c.ok]
                if bad:
                    worst[name] = max([c.error for c in bad] + [worst.get(name, 0.0)])
    if not worst:
        return Finding("verified", "With your VJPs registered as ad.logaddexp (for this check "
                                   "only), ad.check_grads agrees too: JVP, VJP and central "
                                   "differences match.")
    parts = [f"the VJP for {name} disagrees with central differences by up to {error:.3g}"
             for name, error in worst.items()]
    agree = [name for name in ARGUMENTS if name not in worst]
    if agree:
        parts.append(f"the VJP for {agree[0]} agrees")
    return Finding("check_grads", "ad.check_grads with your VJPs registered as ad.logaddexp: "
                                  + "; ".join(parts) + ".")


SOLUTION = r"""$\mathrm{out} = \log(e^x + e^y)$ entry by entry. By the chain rule,
$$\frac{\partial\,\mathrm{out}}{\partial x} = \frac{e^x}{e^x + e^y} = e^{x - \mathrm{out}},
\qquad \frac{\partial\,\mathrm{out}}{\partial y} = e^{y - \mathrm{out}},$$
because $e^x + e^y = e^{\mathrm{out}}$. Each is a diagonal Jacobian, so the VJP multiplies entry by
entry: $g_x = g \odot e^{x - \mathrm{out}}$ and $g_y = g \odot e^{y - \mathrm{out}}$, each of
out's shape. Since $\mathrm{out} \ge x$ and $\mathrm{out} \ge y$, no exponent is positive, and
nothing overflows even for entries near 800.

```python
def logaddexp_vjp(g, out, x, y):
    gx = g * np.exp(x - out)
    gy = g * np.exp(y - out)
    return gx, gy
```"""


VJP_RULE = CodeExercise(
    name="vjp_rule",
    function_name="logaddexp_vjp",
    id="05-code-vjp-logaddexp",
    title="the VJP of a new primitive, logaddexp",
    task=("Teach the AD engine a new primitive, $\\mathrm{out} = \\log(e^x + e^y)$ "
          "(entry by entry; softplus is its special case $y = 0$). Write its reverse-mode rule: "
          "given the adjoint $g = \\partial L/\\partial\\,\\mathrm{out}$, return the adjoints "
          "of $x$ and $y$, each of the output's shape. You may use `out`. It must work for "
          "large entries too. (An `ad.Rule` whose `vjp` holds one function per argument is "
          "accepted as well.)"),
    arguments=("g", "out", "x", "y"),
    parameters=(("g", "like out", "∂L/∂out, the adjoint of the output"),
                ("out", "like x", "log(eˣ + eʸ), already computed"),
                ("x, y", "one shape", "the primitive's arguments"),
                ("gx, gy", "like out", "the adjoints of x and y")),
    example=("x, y = np.array([0.0, 1.0]), np.array([0.0, -1.0])\n"
             "out = np.logaddexp(x, y)\n"
             "gx, gy = logaddexp_vjp(np.ones(2), out, x, y)   # shapes (2,), (2,)"),
    outputs=(Output("gx", "out's shape"), Output("gy", "out's shape")),
    draw=_cases,
    reference=vjp_reference,
    mistakes=(
        Mistake("swapped", lambda g, out, x, y: (g * np.exp(y - out), g * np.exp(x - out)),
                "In {name}, the two adjoints are swapped: gx holds the derivative by y, and gy "
                "the one by x. Return them in the order of the arguments, x first."),
        Mistake("no-g", lambda g, out, x, y: (np.exp(x - out), np.exp(y - out)),
                "In {name}, g is missing: what you return is the local derivative alone. A "
                "VJP multiplies the adjoint arriving from above, g, by the local derivative, "
                "entry by entry."),
        Mistake("unnormalised", lambda g, out, x, y: (g * np.exp(x), g * np.exp(y)),
                "In {name}, the derivative has lost a factor: eˣ is only the inner derivative "
                "of log(eˣ + eʸ) by x. The chain rule multiplies it by the outer one, the "
                "derivative of log at eˣ + eʸ (and likewise for y)."),
    ),
    advice={
        "nonfinite": ("For entries near 800, `np.exp` overflows to inf (a float holds no more "
                      "than about e^709). Since eˣ + eʸ = e^out, the quotient of "
                      "exponentials can be written as one exponential of a difference, whose "
                      "exponent is never positive: use out."),
        "sign": ("log(eˣ + eʸ) grows when x or y grows, so both local derivatives are "
                 "positive: no minus sign belongs in the VJP."),
        "shapes": "g, out, x and y all have one shape here, and so do gx and gy.",
    },
    worked_solution=SOLUTION,
    accept=_accept,
    verify=verify,
)
