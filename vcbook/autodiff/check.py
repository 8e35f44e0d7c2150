"""Gradient checking as a teaching object: JVP, VJP and central differences must agree.

``check_grads(f, *args)`` compares, for each argument and a few random directions v, u:
  * the JVP J v with the central difference (f(x + h v) − f(x − h v)) / 2h,
  * the VJP uᵀJ, through (uᵀJ)·v, with u·(central difference),
  * the two modes with each other: u·(J v) = (uᵀJ)·v (exact up to rounding),
and, for small arguments, both full Jacobians with ``vcbook.numeric.check_gradient``. With
``order=2`` (or more) the derivatives themselves are checked the same way: the maps
x ↦ J(x) v and x ↦ uᵀJ(x), differentiated by the engine (nested), against central differences.
``finite_difference_errors`` / ``plot_step_size`` show why h ≈ eps^(1/3) for central differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vcbook import numeric
from vcbook.autodiff.api import jacobian, jvp, vjp
from vcbook.autodiff.arrays import real_array

_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Comparison:
    """One comparison: what was compared, the error found and the tolerance allowed."""

    what: str
    error: float
    tolerance: float

    @property
    def ok(self) -> bool:
        return bool(self.error <= self.tolerance)


@dataclass(frozen=True)
class GradCheck:
    """The outcome of ``check_grads``: ``ok``, every ``Comparison``, and the full-Jacobian
    ``numeric.GradientCheck`` results (``jacobians``, by (argument, mode)) when those ran."""

    ok: bool
    comparisons: tuple
    jacobians: dict

    def __repr__(self) -> str:
        bad = [c for c in self.comparisons if not c.ok]
        head = (f"GradCheck: {'OK' if self.ok else 'MISMATCH'} — {len(self.comparisons)} "
                f"comparisons, {len(bad)} failed")
        lines = [head] + [f"  {'ok  ' if c.ok else 'FAIL'} {c.what}: error {c.error:.3g} "
                          f"(tolerance {c.tolerance:.3g})" for c in self.comparisons]
        for (k, mode), check in self.jacobians.items():
            if not check.ok:
                lines.append(f"  argument {k}, {mode} Jacobian: {check!r}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def check_grads(f, *args, order: int = 1, directions: int = 3, full: bool | None = None,
                rtol: float = 1e-6, atol: float = 1e-8, seed: int = 0,
                step: float | None = None) -> GradCheck:
    """Check forward and reverse mode of ``f`` at ``args`` against central differences.

    Every argument is checked in turn (the others held fixed) along ``directions`` random
    directions drawn from ``numpy.random.default_rng(seed)``. ``full`` (default: when the
    Jacobian has at most 400 entries) also compares whole Jacobians of both modes. ``order``
    k > 1 also checks, for one random v and u per argument, the maps x ↦ J(x) v (forward mode)
    and x ↦ uᵀJ(x) (reverse mode) to order k − 1: derivatives of derivatives, both modes.
    """
    if not isinstance(order, (int, np.integer)) or order < 1:
        raise ValueError(f"order must be a whole number ≥ 1, not {order!r}")
    options = dict(directions=directions, full=full, rtol=rtol, atol=atol, step=step)
    first = _check_first_order(f, args, seed=seed, **options)
    if order == 1:
        return first
    comparisons, jacobians = list(first.comparisons), dict(first.jacobians)
    args = tuple(real_array(a) for a in args)
    rng = np.random.default_rng(seed + 1)
    for k, x in enumerate(args):
        def fk(xk, k=k):
            return f(*args[:k], xk, *args[k + 1:])

        v = rng.standard_normal(x.shape)
        u = rng.standard_normal(np.shape(fk(x)))
        maps = {"the JVP map x ↦ J(x)v": lambda xk, fk=fk, v=v: jvp(fk, xk, v)[1],
                "the VJP map x ↦ uᵀJ(x)": lambda xk, fk=fk, u=u: vjp(fk, xk)[1](u)}
        for what, derivative_map in maps.items():
            inner = check_grads(derivative_map, x, order=order - 1, seed=seed + 2, **options)
            label = f"order {order}, argument {k}, {what}"
            comparisons += [Comparison(f"{label}: {c.what}", c.error, c.tolerance)
                            for c in inner.comparisons]
            jacobians.update({(f"{label}: {key[0]}", key[1]): check
                              for key, check in inner.jacobians.items()})
    return GradCheck(all(c.ok for c in comparisons), tuple(comparisons), jacobians)


def _check_first_order(f, args, *, directions, full, rtol, atol, seed, step) -> GradCheck:
    """``check_grads`` to order 1."""
    args = tuple(real_array(a) for a in args)
    rng = np.random.default_rng(seed)
    comparisons, jacobians = [], {}
    for k in range(len(args)):
        x = args[k]

        def fk(xk, k=k):
            return f(*args[:k], xk, *args[k + 1:])

        y_shape = np.shape(fk(x))
        for d in range(1, directions + 1):
            v = rng.standard_normal(x.shape)
            u = rng.standard_normal(y_shape)
            _, jv = jvp(fk, x, v)
            uj = vjp(fk, x)[1](u)
            fd = numeric.derivative(lambda s, fk=fk, x=x, v=v: fk(x + s * v), 0.0, step=step)
            tol = atol + rtol * max(1.0, float(np.max(np.abs(fd), initial=0.0)))
            where = f"argument {k}, direction {d}"
            comparisons.append(Comparison(f"{where}: JVP vs central differences",
                                          _max_abs(jv - fd), tol))
            u1 = max(1.0, float(np.sum(np.abs(u))))
            comparisons.append(Comparison(f"{where}: VJP vs central differences",
                                          abs(np.sum(uj * v) - np.sum(u * fd)), tol * u1))
            both = float(np.sum(np.abs(u * jv)) + np.sum(np.abs(uj * v)))
            comparisons.append(Comparison(f"{where}: JVP vs VJP, u·(Jv) = (uᵀJ)·v",
                                          abs(np.sum(u * jv) - np.sum(uj * v)),
                                          1e-10 * max(1.0, both)))
        if full if full is not None else x.size * max(1, int(np.prod(y_shape))) <= 400:
            for mode in ("forward", "reverse"):
                check = numeric.check_gradient(fk, jacobian(fk, mode=mode), x, rtol=rtol,
                                               atol=atol, step=step)
                jacobians[(k, mode)] = check
                comparisons.append(Comparison(  # a NaN error (wrong shape) fails
                    f"argument {k}: full {mode}-mode Jacobian vs central differences",
                    check.max_abs_error, check.tolerance))
    ok = all(c.ok for c in comparisons)
    return GradCheck(ok, tuple(comparisons), jacobians)


def _max_abs(a) -> float:
    return float(np.max(np.abs(a), initial=0.0))


@dataclass(frozen=True)
class StepErrors:
    """Relative errors of finite differences along ``v`` for each step ``h`` in ``steps``:
    one-sided (f(x + hv) − f(x))/h and central; ``exact`` is the JVP they approximate."""

    steps: np.ndarray
    one_sided: np.ndarray
    central: np.ndarray
    exact: np.ndarray

    @property
    def best_step(self) -> float:
        """The step with the smallest central-difference error."""
        return float(self.steps[np.argmin(self.central)])


def finite_difference_errors(f, x, v=None, steps=None) -> StepErrors:
    """Finite-difference errors against the exact JVP, for steps ``h`` (default 10⁻¹⁶ … 1).

    ``v`` defaults to the unit vector along (1, 1, ..., 1). The error is
    max |difference quotient − J v| / max(1, max |J v|).
    """
    x = np.asarray(x, dtype=np.float64)
    v = np.full(x.shape, 1.0 / np.sqrt(max(x.size, 1))) if v is None else np.asarray(v, float)
    steps = np.logspace(-16, 0, 65) if steps is None else np.asarray(steps, dtype=np.float64)
    _, exact = jvp(f, x, v)
    scale = max(1.0, _max_abs(exact))
    base = np.asarray(f(x), dtype=np.float64)
    one_sided, central = [], []
    for h in steps:
        quotient = (np.asarray(f(x + h * v), dtype=np.float64) - base) / h
        one_sided.append(_max_abs(quotient - exact) / scale)
        diff = numeric.derivative(lambda s: f(x + s * v), 0.0, step=float(h))
        central.append(_max_abs(diff - exact) / scale)
    return StepErrors(steps, np.array(one_sided), np.array(central), exact)


def plot_step_size(f, x, v=None, steps=None, ax=None):
    """Plot finite-difference error against step size (log-log): a matplotlib Figure.

    Large steps: truncation error, ∝ h (one-sided) and ∝ h² (central). Small steps: rounding
    error, ∝ eps/h. The minimum of the central curve sits near h = eps^(1/3) ≈ 6e-6.
    """
    import matplotlib.pyplot as plt  # through pyplot, so Jupyter shows the figure

    errors = finite_difference_errors(f, x, v, steps)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9.0, 4.2), layout="constrained")
    else:
        fig = ax.figure
    h, floor = errors.steps, np.finfo(float).tiny
    ax.loglog(h, np.maximum(errors.one_sided, floor), "o-", ms=3, label="one-sided difference")
    ax.loglog(h, np.maximum(errors.central, floor), "s-", ms=3, label="central difference")
    ax.loglog(h, _EPS / h, ":", color="grey", label=r"rounding $\propto \varepsilon/h$")
    ax.loglog(h, h, "--", color="grey", label=r"truncation $\propto h$")
    ax.loglog(h, h ** 2, "-.", color="grey", label=r"truncation $\propto h^2$")
    ax.axvline(_EPS ** (1 / 3), color="black", lw=1)
    ax.set_ylim(1e-17, 10.0)
    ax.set_xlabel("step size $h$")
    ax.set_ylabel("relative error against the exact JVP")
    ax.set_title("Finite differences: truncation (right) against rounding (left)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # clear of the curves
    return fig
