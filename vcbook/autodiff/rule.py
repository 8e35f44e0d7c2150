"""What a primitive is: the ``Rule`` record, the registry, and ``elementwise`` to build one.

The table of primitives itself is ``rules.py``. A rule knows, for each of its array arguments
``args[i]``, how a small change of that argument moves the output:

* ``jvp[i](t, out, *args, **params)`` — forward mode: the tangent of ``out`` caused by the
  tangent ``t`` of ``args[i]`` (``t`` has ``args[i]``'s shape; the result broadcasts to ``out``);
* ``vjp[i](g, out, *args, **params)`` — reverse mode: the adjoint of ``args[i]`` caused by the
  adjoint ``g`` of ``out`` (``g`` has ``out``'s shape; the engine sums away broadcast axes).

A jvp/vjp returns its incoming ``t``/``g`` itself, a view of it, or a *new* array — never some
other existing array (the engine adds into new arrays in place).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

RULES: dict[str, Rule] = {}
"""Every registered primitive by name; ``vcbook.autodiff.<name>`` looks names up here."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One primitive: its NumPy evaluation, its JVP and VJP per argument, and how to print it.

    ``latex[i]`` is the local derivative ∂out/∂args[i] written with the argument names
    ``arg_names`` (the evaluation-trace and the graph drawing substitute the real names);
    ``display`` is the operation itself (``"x + y"``); ``source`` cites MML / the Matrix Cookbook.
    ``params`` names the non-array keyword parameters (``axis``...), which may also be passed
    positionally after the arrays. ``derivative[i](out, *args)`` (elementwise rules only) is the
    local derivative itself, elementwise. ``scatter(buffer, g, *args, **params)``, when given,
    adds the adjoint of ``args[0]`` into ``buffer`` in place (indexing uses it).
    """

    name: str
    evaluate: Callable
    jvp: tuple
    vjp: tuple
    latex: tuple
    source: str = ""
    display: str = ""
    arg_names: tuple = ("x", "y")
    params: tuple = ()
    derivative: tuple | None = None
    scatter: Callable | None = None
    function: Callable = field(init=False, repr=False)

    def __post_init__(self):
        if not (len(self.jvp) == len(self.vjp) == len(self.latex)):
            raise ValueError(f"rule {self.name!r}: jvp, vjp and latex need one entry per argument")
        object.__setattr__(self, "function", _make_function(self))

    @property
    def nargs(self) -> int:
        """How many array arguments the primitive takes."""
        return len(self.vjp)


def register(rule: Rule) -> Rule:
    """Add ``rule`` to the table; ``vcbook.autodiff.<rule.name>`` then calls it."""
    package = sys.modules.get("vcbook.autodiff")
    if package is not None and rule.name not in RULES and hasattr(package, rule.name):
        raise ValueError(f"vcbook.autodiff.{rule.name} already exists and is not a primitive")
    RULES[rule.name] = rule
    if package is not None:
        setattr(package, rule.name, rule.function)
    return rule


def unregister(name: str) -> None:
    """Remove a primitive added with ``register`` (tests use it to clean up)."""
    del RULES[name]
    package = sys.modules.get("vcbook.autodiff")
    if package is not None and name in vars(package):
        delattr(package, name)


def _apply(rule, args, params=None):
    """Stands in for ``node.apply`` until the first call (node.py imports this module)."""
    global _apply
    from vcbook.autodiff.node import apply

    _apply = apply
    return apply(rule, args, {} if params is None else params)


def _make_function(rule: Rule) -> Callable:
    n, names = len(rule.vjp), rule.params
    if names:
        def function(*args, **params):
            if len(args) > n:
                params.update(zip(names, args[n:], strict=False))
                args = args[:n]
            return _apply(rule, args, params)
    elif n == 1:
        def function(x):
            return _apply(rule, (x,))
    else:
        def function(*args):
            return _apply(rule, args)

    function.__name__ = function.__qualname__ = rule.name
    pairs = zip(rule.arg_names, rule.latex, strict=False)
    derivatives = "; ".join(f"∂/∂{a}: {d}" for a, d in pairs)
    function.__doc__ = (f"{rule.name}({', '.join(rule.arg_names[:n] + names)}): "
                        f"{rule.display or rule.name}. Local derivatives: {derivatives}. "
                        f"Source: {rule.source or '-'}. Defined in vcbook/autodiff/rules.py.")
    return function


# ---------------------------------------------------------------------------------------------
# Elementwise rules: the local Jacobian is diagonal, so the JVP and the VJP both multiply by the
# elementwise derivative. A derivative is a function (out, *args) -> array, or a constant 1 / -1.

def elementwise(name: str, evaluate: Callable, derivative: tuple, latex: tuple,
                display: str = "", source: str = "") -> Rule:
    """A rule for an elementwise function from its local derivatives ``derivative[i]``."""
    jvp = tuple(_product(d) for d in derivative)
    return Rule(name, evaluate, jvp, jvp, tuple(latex), source=source, display=display,
                arg_names=("x", "y")[:len(derivative)], derivative=tuple(derivative))


def _product(d):
    """The map t -> d * t (the same for tangents and adjoints of an elementwise function)."""
    if not callable(d):
        if d == 1:
            return _identity
        if d == -1:
            return _negate
        raise ValueError("a constant local derivative must be 1 or -1; use a function otherwise")

    def product(t, out, *args):
        return times(d(out, *args), t, out, args)
    return product


def _identity(t, out, *args):
    return t


def _negate(t, out, *args):
    return np.negative(t)


def times(d, t, out, args):
    """``d * t``, written into ``d`` when ``d`` is a new array of the output's shape.

    A ``t`` that is one number broadcast (what ``sum``'s VJP hands down) multiplies as that
    number, and not at all when it is 1.
    """
    if (type(d) is np.ndarray and d.base is None and d.shape == out.shape
            and d is not out and d.flags.writeable and all(d is not a for a in args)):
        if type(t) is np.ndarray and t.size and not any(t.strides):
            t = t.flat[0]
            if t == 1.0:
                return d
        return np.multiply(d, t, out=d)
    return d * t


def negated(a):
    """``-a``, in place when ``a`` is an ndarray the caller has just made."""
    if type(a) is np.ndarray and a.ndim:
        return np.negative(a, out=a)
    return -a
