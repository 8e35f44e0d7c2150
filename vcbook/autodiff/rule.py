"""What a primitive is: the ``Rule`` record, and ``elementwise`` to build one.

The table of primitives itself is ``rules.py``; the registry that holds them, ``registry.py``.
A rule knows, for each of its array arguments ``args[i]``, how a small change of that argument
moves the output:

* ``jvp[i](t, out, *args, **params)`` — forward mode: the tangent of ``out`` caused by the
  tangent ``t`` of ``args[i]`` (``t`` has ``args[i]``'s shape; the result broadcasts to ``out``);
* ``vjp[i](g, out, *args, **params)`` — reverse mode: the adjoint of ``args[i]`` caused by the
  adjoint ``g`` of ``out`` (``g`` has ``out``'s shape; the engine sums away broadcast axes).

A jvp/vjp returns its incoming ``t``/``g`` itself, a view of it, or a *new* array — never some
other existing array (the engine adds into new arrays in place: ``arrays.is_fresh``).
A rule's ``function`` records the primitive on traced values (``node.apply``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vcbook.autodiff.arrays import times
from vcbook.autodiff.node import apply


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
    ``prepare(*args) -> args``, when given, rewrites the arguments before they are recorded
    (``clip`` turns a bound None into ±inf, a number the views can show).
    ``describe(ndim, **params) -> (display, latex)``, when given, is how to print one call
    whose parameters change the formula (``norm``'s ``ord``); ``display``/``latex`` are then
    the defaults, for the docstring.
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
    variadic: bool = False
    prepare: Callable | None = None
    describe: Callable | None = None
    function: Callable = field(init=False, repr=False)

    def __post_init__(self):
        if self.variadic:
            if not (len(self.jvp) == len(self.vjp) == len(self.latex) == 1):
                raise ValueError(f"variadic rule {self.name!r}: give one jvp, vjp and latex, "
                                 f"each taking the argument's position first")
            for name in ("jvp", "vjp", "latex"):
                object.__setattr__(self, name, _EveryArgument(getattr(self, name)[0],
                                                              name != "latex"))
        elif not (len(self.jvp) == len(self.vjp) == len(self.latex)):
            raise ValueError(f"rule {self.name!r}: jvp, vjp and latex need one entry per argument")
        object.__setattr__(self, "function", _make_function(self))

    def printed(self, ndim: int, params) -> tuple[str, tuple]:
        """(display, latex) of one call with these ``params`` on an argument of ``ndim`` axes."""
        if self.describe is None:
            return self.display or self.name, self.latex
        return self.describe(ndim, **params)

    @property
    def nargs(self) -> int | None:
        """How many array arguments the primitive takes (None: any number, ``variadic``)."""
        return None if self.variadic else len(self.vjp)

    def record(self, values, params):
        """The primitive applied to ``values`` (a tuple) through its ``function``: what ``apply``
        does when the values are traced by an enclosing transformation."""
        return self.function(values, **params) if self.variadic else self.function(*values,
                                                                                    **params)


class _EveryArgument:
    """The jvp, vjp or latex of a variadic rule: entry ``i`` is ``item`` told its position
    (``item(i, ...)``), or ``item`` itself when it is not a function of the position."""

    __slots__ = ("item", "positional")

    def __init__(self, item, positional: bool):
        self.item, self.positional = item, positional

    def __getitem__(self, i):
        return functools.partial(self.item, i) if self.positional else self.item


def _make_function(rule: Rule) -> Callable:
    n, names = rule.nargs, rule.params
    if rule.variadic:
        def function(arrays, *args, **params):
            params.update(zip(names, args, strict=False))
            return apply(rule, tuple(arrays), params)
    elif names:
        def function(*args, **params):
            if len(args) > n:
                params.update(zip(names, args[n:], strict=False))
                args = args[:n]
            return apply(rule, args, params)
    elif n == 1:
        def function(x):
            return apply(rule, (x,))
    else:
        def function(*args):
            return apply(rule, args)

    if rule.prepare is not None:
        record = function

        def function(*args, **params):
            return record(*rule.prepare(*args), **params)

    function.__name__ = function.__qualname__ = rule.name
    arguments = ("arrays",) if rule.variadic else rule.arg_names[:n]
    latex = [rule.latex[0]] if rule.variadic else rule.latex
    pairs = zip(rule.arg_names, latex, strict=False)
    derivatives = "; ".join(f"∂/∂{a}: {d}" for a, d in pairs)
    function.__doc__ = (f"{rule.name}({', '.join(arguments + names)}): "
                        f"{rule.display or rule.name}. Local derivatives: {derivatives}. "
                        f"Source: {rule.source or '-'}. Defined in vcbook/autodiff/rules.py.")
    return function


# ---------------------------------------------------------------------------------------------
# Elementwise rules: the local Jacobian is diagonal, so the JVP and the VJP both multiply by the
# elementwise derivative. A derivative is a function (out, *args) -> array, or a constant 1 / -1.

def elementwise(name: str, evaluate: Callable, derivative: tuple, latex: tuple,
                display: str = "", source: str = "", arg_names: tuple = ("x", "y")) -> Rule:
    """A rule for an elementwise function from its local derivatives ``derivative[i]``."""
    jvp = tuple(_product(d) for d in derivative)
    return Rule(name, evaluate, jvp, jvp, tuple(latex), source=source, display=display,
                arg_names=tuple(arg_names)[:len(derivative)], derivative=tuple(derivative))


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
