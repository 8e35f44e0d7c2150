"""Verifying an identity three ways: finite differences, the AD engine (both modes), SymPy.

- ``fd``: ``vcbook.numeric.check_gradient`` (central differences, tolerance
  1e-7 + 1e-5 · scale);
- ``ad_reverse`` / ``ad_forward``: ``vcbook.autodiff.jacobian`` in each mode, which must agree
  with the claim to 1e-9 · scale (scale = the largest entry of the claim, at least 1);
- ``symbolic``: ``vcbook.symbolic.derivative`` of the identity's function built on explicit
  small symbol matrices, entry by entry against the claim built the same way; every entry of
  the difference must simplify to 0 (SymPy loads only here).

Errors are maximum absolute errors over the instances tried; for ``symbolic`` the error is 0.0
when every entry cancels, and otherwise the largest entry of the difference at a random point.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from vcbook.numeric import GradientCheck

METHODS = ("fd", "ad_reverse", "ad_forward", "symbolic")
METHOD_LABELS = {"fd": "finite differences", "ad_reverse": "AD reverse", "ad_forward":
                 "AD forward", "symbolic": "SymPy"}
AD_RTOL = 1e-9


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``Identity.check``: ``ok``, the max error per method, the shapes tried.

    ``errors``: method -> max absolute error over the instances (``symbolic``: 0.0 means every
    entry of the difference simplified to 0); ``tolerances``: method -> the largest tolerance
    allowed; ``shapes``: one description per instance (``"X (2, 3), a (2,), b (3,) → ∂ (2, 3)"``),
    the symbolic one prefixed ``"symbolic: "``; ``problems``: what went wrong, in words.
    """

    name: str
    ok: bool
    errors: Mapping[str, float]
    tolerances: Mapping[str, float]
    shapes: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(self.errors)

    def summary(self) -> str:
        """One line: the methods and their max errors."""
        return " · ".join(f"{METHOD_LABELS[m]} {error_text(m, e)}" for m, e in self.errors.items())

    def __repr__(self) -> str:
        head = f"CheckResult for {self.name!r}: {'OK' if self.ok else 'FAILED'}"
        lines = [head, f"  max errors: {self.summary()}",
                 f"  shapes tried: {'; '.join(self.shapes)}"]
        lines += [f"  problem: {p}" for p in self.problems]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        colour = "#009E73" if self.ok else "#D55E00"
        rows = "".join(f"<tr><td>{METHOD_LABELS[m]}</td><td>{error_text(m, e)}</td>"
                       f"<td>{self.tolerances[m]:.1e}</td></tr>" for m, e in self.errors.items())
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
        return (f"<div><b style='color:{colour}'>{'✓' if self.ok else '✗'} "
                f"{html.escape(self.name)}</b>"
                f"<table><tr><th>method</th><th>max error</th><th>tolerance</th></tr>{rows}"
                f"</table><div>shapes tried: {html.escape('; '.join(self.shapes))}</div>"
                f"{f'<ul>{problems}</ul>' if problems else ''}</div>")


def error_text(method: str, error: float) -> str:
    if method == "symbolic" and error == 0.0:
        return "exact"
    return f"{error:.1e}"


def ad_jacobian(identity, args, mode: str) -> np.ndarray:
    """The derivative of ``identity.function`` by its ``wrt`` argument with ``vcbook.autodiff``."""
    import vcbook.autodiff as ad

    return np.asarray(ad.jacobian(identity.function, mode=mode,
                                  argnums=identity.wrt_index)(*args))


@dataclass(frozen=True)
class InstanceCheck:
    """Claimed, numerical and AD derivatives on one instance (``compare_instance``).

    ``claimed``: the claim as a float array; ``shape``: the shape the shape rule gives;
    ``fd``: the ``numeric.GradientCheck`` (None unless ``"fd"`` ran); ``ad_reverse`` /
    ``ad_forward``: the AD Jacobians (None unless run); ``errors`` / ``tolerances``: method ->
    max absolute error / tolerance; ``problems``: what went wrong, in words.
    """

    claimed: np.ndarray
    shape: tuple[int, ...]
    errors: Mapping[str, float]
    tolerances: Mapping[str, float]
    problems: tuple[str, ...]
    fd: GradientCheck | None = None
    ad_reverse: np.ndarray | None = None
    ad_forward: np.ndarray | None = None

    @property
    def ok(self) -> bool:
        """Every method within its tolerance and the claim of the right shape."""
        return not self.problems


def compare_instance(identity, args, methods=("fd", "ad_reverse", "ad_forward")) -> InstanceCheck:
    """Claimed, numerical and AD derivatives on one instance, with errors and verdicts."""
    from vcbook import numeric

    claimed = np.asarray(identity.claimed(*args), dtype=float)
    expected = identity.derivative_shape(args)
    errors, tolerances, problems, found = {}, {}, [], {}
    if claimed.shape != expected:
        problems.append(f"the claim has shape {claimed.shape}, the shape rule gives "
                        f"{expected} ({identity.describe(args)})")
    scale = max(1.0, float(np.max(np.abs(claimed), initial=0.0)))
    for method in methods:
        if method == "fd":
            gc = numeric.check_gradient(identity.partial(args), lambda x: claimed,
                                        args[identity.wrt_index])
            found["fd"] = gc
            error = gc.max_abs_error if claimed.shape == expected else float("inf")
            errors["fd"], tolerances["fd"] = error, gc.tolerance
            if not gc.ok:
                problems.append(f"finite differences disagree: {gc.diagnosis}")
        elif method in ("ad_reverse", "ad_forward"):
            J = ad_jacobian(identity, args, method[3:])
            found[method] = J
            error = (float(np.max(np.abs(J - claimed), initial=0.0)) if J.shape == claimed.shape
                     else float("inf"))
            tolerance = AD_RTOL * scale
            errors[method], tolerances[method] = error, tolerance
            if not error <= tolerance:
                problems.append(f"{METHOD_LABELS[method]} disagrees with the claim "
                                f"(max error {error:.3g})")
    return InstanceCheck(claimed, expected, errors, tolerances, tuple(problems), **found)


def check_identity(identity, rng, methods=None, shape_choices=None) -> CheckResult:
    """Run the chosen methods on one random instance per shape choice (see ``Identity.check``)."""
    methods = METHODS if methods is None else tuple(methods)
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"unknown methods {sorted(unknown)}; choose from {METHODS}")
    numeric_methods = tuple(m for m in methods if m != "symbolic")
    choices = range(len(identity.shapes)) if shape_choices is None else shape_choices
    if not numeric_methods:
        choices = ()
    errors = {m: 0.0 for m in numeric_methods}
    tolerances = {m: 0.0 for m in numeric_methods}
    shapes, problems = [], []
    for choice in choices:
        args = identity.sample(rng, choice)
        shapes.append(identity.describe(args))
        found = compare_instance(identity, args, numeric_methods)
        for m in numeric_methods:
            errors[m] = max(errors[m], found.errors[m])
            tolerances[m] = max(tolerances[m], found.tolerances[m])
        problems += found.problems
    if "symbolic" in methods and identity.symbolic is not None:
        error, shape_text, trouble = symbolic_check(identity, rng)
        errors["symbolic"], tolerances["symbolic"] = error, 0.0
        shapes.append(f"symbolic: {shape_text}")
        problems += trouble
    return CheckResult(identity.name, not problems, errors, tolerances, tuple(shapes),
                       tuple(problems))


def symbolic_check(identity, rng) -> tuple[float, str, list[str]]:
    """Compare ``symbolic.derivative(F, X)`` with the claim on explicit symbol matrices.

    Returns (error, shapes in words, problems): error 0.0 when every entry of the difference
    simplifies to 0, else the largest entry of the difference at a random point.
    """
    import sympy as sp

    from vcbook import symbolic

    F, X, claimed = identity.symbolic(rng)
    derivative = symbolic.derivative(F, X)
    claimed = as_sympy_array(claimed)
    _, x_shape = symbolic.as_array_shape(X)
    shape_text = f"{identity.wrt} {x_shape} of symbols → ∂ {tuple(derivative.shape)}"
    if tuple(claimed.shape) != tuple(derivative.shape):
        return float("inf"), shape_text, [f"symbolic claim has shape {tuple(claimed.shape)}, "
                                          f"the derivative {tuple(derivative.shape)}"]
    entries = [d - c for d, c in zip(_flat(derivative), _flat(claimed), strict=True)]
    left = [e for e in entries if not is_zero(e)]
    if not left:
        return 0.0, shape_text, []
    free = sorted(set().union(*(e.free_symbols for e in left)), key=str)
    point = {s: sp.Rational(int(rng.integers(-9, 10)) or 1, int(rng.integers(2, 7)))
             for s in free}
    error = max(abs(float(sp.N(e.subs(point)))) for e in left)
    return error, shape_text, [f"{len(left)} of {len(entries)} symbolic entries do not cancel "
                               f"(largest {error:.3g} at a random point)"]


def as_sympy_array(obj):
    """A SymPy Array of the claim under the shape rule (object ndarray, Matrix, Array, scalar)."""
    import sympy as sp

    from vcbook import symbolic

    if isinstance(obj, np.ndarray):
        return sp.Array(obj.tolist()) if obj.ndim else sp.Array(obj[()])
    entries, shape = symbolic.as_array_shape(obj)
    return sp.Array(entries, shape) if shape else sp.Array(entries[0])


def _flat(array) -> list:
    import sympy as sp

    return list(sp.flatten(array.tolist())) if array.rank() else [array[()]]


def is_zero(expr) -> bool:
    """True when ``expr`` simplifies to 0 (cancel first: it decides rational functions fast)."""
    import sympy as sp

    expr = sp.sympify(expr)
    if expr == 0 or sp.cancel(sp.together(expr)) == 0:
        return True
    return sp.simplify(expr) == 0
