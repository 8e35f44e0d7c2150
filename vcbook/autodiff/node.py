"""The traced value: a ``Node`` holds a NumPy value and remembers the primitive that made it.

Writing ``ad.exp(x)``, ``x + 1`` or ``W @ x`` with a ``Node`` among the arguments evaluates the
primitive with NumPy and records a new ``Node`` whose parents are the traced arguments; plain
arrays and numbers are constants. Graphs only point from children to parents, so they hold no
reference cycles, and a graph carries no derivative state: tangents and adjoints live in the
sweeps of ``forward.py`` and ``reverse.py``.

An operator reaches its primitive by name in the registry: ``x + y`` records
``RULES["add"]``, as ``ad.add(x, y)`` does. So this module needs the registry, not the table
(``rules.py``, which the package imports before any use).

**Levels: derivatives of derivatives.** Every transformation (``grad``, ``jvp``, ...) traces at a
level of its own, a number from ``new_level()``; one started inside another gets a higher one.
A Node's ``value`` is a NumPy value, or a Node of a lower level when an enclosing
transformation is tracing it too. ``apply`` records an operation at the highest level among its
arguments and evaluates it on their values, which records it again, one level down, when
those are traced; lower-level Nodes are constants to the higher level. So ``grad(grad(f))``
records f and its derivative rules at the outer level, and the outer sweep differentiates the
inner one.
"""

from __future__ import annotations

import itertools

import numpy as np

from vcbook.autodiff import composites
from vcbook.autodiff.arrays import real_array
from vcbook.autodiff.composites import dot
from vcbook.autodiff.registry import RULES

_EMPTY: dict = {}
_counter = itertools.count()
_levels = itertools.count(1)


def new_level() -> int:
    """A level for one transformation's trace, higher than any started before it."""
    return next(_levels)


class Node:
    """A traced value. ``value``: ndarray (or NumPy scalar), or a lower-level Node; ``rule``: the
    primitive that made it (None for an input); ``args``: the values of all its arguments;
    ``parents``: ((i, Node), ...) for the arguments traced at this Node's ``level``;
    ``params``: keyword parameters; ``seq``: creation order."""

    __slots__ = ("value", "rule", "args", "parents", "params", "level", "seq", "__weakref__")

    def __init__(self, value, rule=None, args=(), parents=(), params=_EMPTY, level=1):
        self.value = value
        self.rule = rule
        self.args = args
        self.parents = parents
        self.params = params
        self.level = level
        self.seq = next(_counter)

    # --- what a Node looks like -----------------------------------------------------------
    shape = property(lambda self: self.value.shape, doc="The value's shape.")
    ndim = property(lambda self: self.value.ndim, doc="The value's number of axes.")
    size = property(lambda self: self.value.size, doc="The value's number of entries.")
    dtype = property(lambda self: self.value.dtype, doc="The value's dtype (float64).")

    def __repr__(self) -> str:
        op = self.rule.name if self.rule is not None else "input"
        value = np.array2string(np.asarray(numeric_value(self)))
        return f"Node({op}, shape={self.shape}, value={value})"

    def __len__(self) -> int:
        return len(self.value)

    def __bool__(self) -> bool:
        return bool(numeric_value(self))  # a branch on the value (if x > 0: ...) is fine

    # a number made from a traced value would be a constant: refuse, and say why
    def __float__(self):
        raise TypeError(_cut("a Python float"))

    def __int__(self):
        raise TypeError(_cut("a Python int"))

    def __complex__(self):
        raise TypeError(_cut("a Python complex"))

    # --- arithmetic: plain numbers and arrays work on either side --------------------------
    def __add__(self, other):
        return apply(RULES["add"], (self, other))

    def __radd__(self, other):
        return apply(RULES["add"], (other, self))

    def __sub__(self, other):
        return apply(RULES["subtract"], (self, other))

    def __rsub__(self, other):
        return apply(RULES["subtract"], (other, self))

    def __mul__(self, other):
        return apply(RULES["multiply"], (self, other))

    def __rmul__(self, other):
        return apply(RULES["multiply"], (other, self))

    def __truediv__(self, other):
        return apply(RULES["divide"], (self, other))

    def __rtruediv__(self, other):
        return apply(RULES["divide"], (other, self))

    def __pow__(self, other):
        if type(other) in _SCALARS and other == 2:
            return apply(RULES["square"], (self,))  # as NumPy does: x**2 is square(x)
        return apply(RULES["power"], (self, other))

    def __rpow__(self, other):
        return apply(RULES["power"], (other, self))

    def __matmul__(self, other):
        if (type(other) is Node and self.rule is RULES["transpose"]
                and self.parents[0][1] is other and other.value.ndim == 2):
            return apply(RULES["gram"], (other,))  # x.T @ x: one primitive, one matmul backwards
        return apply(RULES["matmul"], (self, other))

    def __rmatmul__(self, other):
        return apply(RULES["matmul"], (other, self))

    def __neg__(self):
        return apply(RULES["negative"], (self,))

    def __pos__(self):
        return self

    def __getitem__(self, key):
        return apply(RULES["getitem"], (self,), {"key": key})

    # comparisons compare values entry by entry and give plain boolean arrays: they are
    # constants, not differentiated. == is not identity, so hashing stays by identity.
    __hash__ = object.__hash__

    def __eq__(self, other):
        return numeric_value(self) == numeric_value(other)

    def __ne__(self, other):
        return numeric_value(self) != numeric_value(other)

    def __lt__(self, other):
        return numeric_value(self) < numeric_value(other)

    def __le__(self, other):
        return numeric_value(self) <= numeric_value(other)

    def __gt__(self, other):
        return numeric_value(self) > numeric_value(other)

    def __ge__(self, other):
        return numeric_value(self) >= numeric_value(other)

    # --- NumPy-style methods ----------------------------------------------------------------
    @property
    def T(self):
        """The transpose (axes reversed), as ``ndarray.T``."""
        return apply(RULES["transpose"], (self,), {"axes": None})

    def transpose(self, *axes):
        """``ad.transpose(x, axes)``."""
        axes = axes[0] if len(axes) == 1 else (axes or None)
        return apply(RULES["transpose"], (self,), {"axes": axes})

    def reshape(self, *shape):
        """``ad.reshape(x, shape)``; ``x.reshape(2, 3)`` and ``x.reshape((2, 3))`` both work."""
        shape = shape[0] if len(shape) == 1 else shape
        return apply(RULES["reshape"], (self,), {"shape": shape})

    def sum(self, axis=None, keepdims=False):
        """``ad.sum(x, axis, keepdims)``."""
        return apply(RULES["sum"], (self,), {"axis": axis, "keepdims": keepdims})

    def mean(self, axis=None, keepdims=False):
        """``ad.mean(x, axis, keepdims)``."""
        return apply(RULES["mean"], (self,), {"axis": axis, "keepdims": keepdims})

    def max(self, axis=None, *, keepdims=False):
        """``ad.max(x, axis, keepdims)``."""
        return apply(RULES["max"], (self,), {"axis": axis, "keepdims": keepdims})

    def min(self, axis=None, *, keepdims=False):
        """``ad.min(x, axis, keepdims)``."""
        return apply(RULES["min"], (self,), {"axis": axis, "keepdims": keepdims})

    def prod(self, axis=None, *, keepdims=False):
        """``ad.prod(x, axis, keepdims)``."""
        return apply(RULES["prod"], (self,), {"axis": axis, "keepdims": keepdims})

    def var(self, axis=None, *, ddof=0, keepdims=False):
        """``ad.var(x, axis, keepdims=keepdims, ddof=ddof)``."""
        return apply(RULES["var"], (self,), {"axis": axis, "keepdims": keepdims, "ddof": ddof})

    def std(self, axis=None, *, ddof=0, keepdims=False):
        """``ad.std(x, axis, keepdims=keepdims, ddof=ddof)``."""
        return apply(RULES["std"], (self,), {"axis": axis, "keepdims": keepdims, "ddof": ddof})

    def clip(self, min=None, max=None):  # noqa: A002 (ndarray.clip's names)
        """``ad.clip(x, min, max)``: x limited to [min, max] (None: no bound)."""
        return RULES["clip"].function(self, min, max)

    def dot(self, other):
        """``ad.dot(x, other)`` (``composites.py``)."""
        return dot(self, other)

    # --- keep NumPy from silently turning a Node into an object array ----------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        name = _OPERATOR_UFUNCS.get(ufunc)
        if name is not None and method == "__call__" and not kwargs:
            return apply(RULES[name], inputs)
        if ufunc in _COMPARISONS and method == "__call__":
            return ufunc(*(numeric_value(a) for a in inputs), **kwargs)
        if method == "__call__":
            raise TypeError(_advice("numpy", ufunc.__name__))
        raise TypeError(_advice("numpy", f"{ufunc.__name__}.{method}"))

    def __array_function__(self, func, types, args, kwargs):
        if func in (np.shape, np.ndim, np.size):
            return func(*(numeric_value(a) for a in args), **kwargs)
        module = ".".join(p for p in func.__module__.split(".") if not p.startswith("_"))
        raise TypeError(_advice(module or "numpy", func.__name__))

    def __array__(self, dtype=None, copy=None):
        raise TypeError(_cut("a plain NumPy array") + ". To build an array from traced values, "
                        "write ad.array([...]) or ad.stack([...])")


def _cut(what: str) -> str:
    return (f"turning a traced value into {what} would cut it out of the derivative (the "
            f"result would be a constant). Inside the function being differentiated, keep it "
            f"an array: use + - * / ** @ and the ad.* functions (ad.sum, ad.exp, ...). To see "
            f"the number, read x.value (a constant to the derivative), or get f's value "
            f"outside with ad.value_and_grad(f)(x)")


def _advice(module: str, name: str) -> str:
    """Why ``module.name`` refused a traced value, and what to write instead. ``name`` is NumPy's
    own name (``absolute``, or ``add.reduce`` for a ufunc's method); the message names the call
    as users write it (``numpy.abs``) and the ``ad.`` function that does the same, if any."""
    if "." in name:  # a ufunc's method: numpy.add.reduce
        ufunc, method = name.split(".")
        call = f"{module}.{_USER_NAMES.get(ufunc, ufunc)}.{method}"
    else:
        call = f"{module}.{_USER_NAMES.get(name, name)}"
    name = _USER_NAMES.get(name, name)
    if name in RULES or name in composites.__all__:
        return (f"{call} cannot differentiate through a traced value: write ad.{name}(...) "
                f"instead (import vcbook.autodiff as ad)")
    refusal = f"({call} cannot differentiate through a traced value.)"
    hint = _SUGGESTIONS.get(name)
    if hint is not None:
        return f"vcbook.autodiff has no {name}; {hint} {refusal}"
    return (f"vcbook.autodiff has no {name}; write it with the primitives it has (the table in "
            f"vcbook/autodiff/rules.py; sorted(ad.RULES) lists them) and + - * / ** @, or add "
            f"a primitive (CONTRIBUTING.md, 'Adding a primitive'). {refusal}")


_USER_NAMES = {
    "absolute": "abs", "fabs": "abs", "true_divide": "divide", "amax": "max", "amin": "min",
    "remainder": "mod", "conjugate": "conj", "concat": "concatenate", "around": "round",
    "permute_dims": "transpose", "add.reduce": "sum", "multiply.reduce": "prod",
    "maximum.reduce": "max", "minimum.reduce": "min", "add.accumulate": "cumsum",
    "multiply.accumulate": "cumprod",
}
"""NumPy's own name for a function (a ufunc's ``__name__``, a ufunc method) -> the name users
write, which is also the name of the ``ad.`` function doing the same where there is one."""

_STEP = ("its derivative is 0 wherever it has one: compute it on x.value (a constant), e.g. "
         "np.floor(x.value)")
_FACTORIZATION = ("factorizations and eigenvalues are not differentiable here (the table has no "
                  "rule for them): compute them on A.value (a constant), or write the quantity "
                  "with ad.det, ad.logdet, ad.trace, ad.inv, ad.solve")
_INDEX = ("an index is a constant: compute it on x.value (np.argmax(x.value)) and index x with "
          "it, which differentiates")
_MASK = "a mask is a constant: compute it on x.value (np.isnan(x.value)) or compare (x > 0)"
_NEW_RULE = ("add it as an elementwise rule with derivative {} (CONTRIBUTING.md, 'Adding a "
             "primitive'), a few lines")
_SUGGESTIONS = {
    "cumsum": "build it with ad.stack of partial sums (ad.sum(x[:k + 1]) for each k) or a "
              "matmul with a triangular matrix of ones: np.tril(np.ones((n, n))) @ x",
    "cumprod": "build it with ad.stack of partial products (ad.prod(x[:k + 1]) for each k)",
    "sinh": "write (ad.exp(x) - ad.exp(-x)) / 2",
    "cosh": "write (ad.exp(x) + ad.exp(-x)) / 2",
    "arcsinh": "write ad.log(x + ad.sqrt(x ** 2 + 1))",
    "arccosh": "write ad.log(x + ad.sqrt(x ** 2 - 1)) (x ≥ 1)",
    "arctanh": "write 0.5 * ad.log((1 + x) / (1 - x)) (|x| < 1)",
    "arctan": _NEW_RULE.format("1 / (1 + x²)"),
    "arcsin": _NEW_RULE.format("1 / √(1 − x²)"),
    "arccos": _NEW_RULE.format("−1 / √(1 − x²)"),
    "arctan2": "add it as a rule of two arguments (CONTRIBUTING.md, 'Adding a primitive'): "
               "∂/∂y = x / (x² + y²), ∂/∂x = −y / (x² + y²)",
    "log10": "write ad.log(x) / np.log(10)",
    "log2": "write ad.log(x) / np.log(2)",
    "exp2": "write 2.0 ** x",
    "cbrt": "write ad.sign(x) * ad.abs(x) ** (1 / 3)",
    "reciprocal": "write 1 / x",
    "float_power": "write x ** y",
    "hypot": "write ad.sqrt(x ** 2 + y ** 2)",
    "logaddexp": "write ad.logsumexp(ad.stack([x, y]), axis=0)",
    "logaddexp2": "write ad.logsumexp(ad.stack([x, y]) * np.log(2), axis=0) / np.log(2)",
    "fmax": "write ad.maximum(x, y)",
    "fmin": "write ad.minimum(x, y)",
    "heaviside": "a step is constant wherever it has a derivative: compare instead, (x > 0) * "
                 "1.0, which is a constant array",
    "mod": "x mod y is x - y * k with k = np.floor(x.value / y) a constant (there is no "
           "ad.floor: its derivative is 0 wherever it has one), and that differentiates",
    "fmod": "write x - y * k with k = np.trunc(x.value / y), a constant",
    "floor": _STEP, "ceil": _STEP, "round": _STEP, "rint": _STEP, "trunc": _STEP, "fix": _STEP,
    "argmax": _INDEX, "argmin": _INDEX, "argsort": _INDEX, "argwhere": _INDEX,
    "nonzero": _INDEX,
    "sort": "the order is a constant: x[np.argsort(x.value)] sorts x and differentiates",
    "median": "the order is a constant: sort with x[np.argsort(x.value)] and take the middle",
    "isnan": _MASK, "isinf": _MASK, "isfinite": _MASK, "signbit": _MASK,
    "einsum": "write it with @, *, ad.sum(..., axis=...) and ad.transpose",
    "tensordot": "write it with ad.reshape and @",
    "inner": "write ad.sum(x * y) (x @ y for two vectors)",
    "vdot": "write ad.sum(x * y)",
    "kron": "build it from ad.outer, or x[:, None, :, None] * y[None, :, None, :] and "
            "ad.reshape",
    "diff": "write x[1:] - x[:-1]",
    "ravel": "write ad.reshape(x, (-1,)) (or x.reshape(-1))",
    "squeeze": "write ad.reshape(x, shape) or index the axis away (x[0])",
    "expand_dims": "index with None: x[None] or x[:, None]",
    "swapaxes": "write ad.transpose(x, axes) (x.T for a matrix)",
    "moveaxis": "write ad.transpose(x, axes)",
    "tile": "write ad.concatenate([x, x, ...]), or ad.broadcast_to and ad.reshape",
    "repeat": "write ad.broadcast_to(x[:, None], (n, k)) and ad.reshape",
    "average": "write ad.sum(w * x) / ad.sum(w) (or ad.mean(x))",
    "cov": "write it with ad.mean and @: c = x - ad.mean(x, axis=1, keepdims=True); "
           "c @ c.T / (n - 1)",
    "zeros_like": "its value does not depend on x: write np.zeros(x.shape)",
    "ones_like": "its value does not depend on x: write np.ones(x.shape)",
    "full_like": "its value does not depend on x: write np.full(x.shape, value)",
    "empty_like": "its value does not depend on x: write np.zeros(x.shape)",
    "conj": "the engine is real: the conjugate of x is x",
    "real": "the engine is real: x is its own real part",
    "slogdet": "write ad.logdet(A) for log|det A| (ad.sign(ad.det(A)) is the sign)",
    "pinv": "for A of full column rank write ad.solve(A.T @ A, A.T)",
    "matrix_power": "write A @ A @ ... (ad.inv(A) for the power −1)",
    "eigh": _FACTORIZATION, "eig": _FACTORIZATION, "eigvals": _FACTORIZATION,
    "eigvalsh": _FACTORIZATION, "svd": _FACTORIZATION, "svdvals": _FACTORIZATION,
    "qr": _FACTORIZATION, "cholesky": _FACTORIZATION, "lstsq": "write ad.solve(A.T @ A, A.T @ b)",
    "matrix_norm": "write ad.norm(A) (Frobenius) or ad.norm(x, axis=(0, 1))",
    "vector_norm": "write ad.norm(x, ord, axis)",
}
"""What to write instead of a NumPy function the engine has no rule for, by the user's name."""


def make_input(x, level: int) -> Node:
    """A new input Node at ``level`` holding ``x``: a Node of a lower level (an enclosing
    transformation traces it) or ``x`` as float64 (a 0-d input becomes a NumPy scalar)."""
    if type(x) is Node:
        if x.level >= level:
            raise ValueError("a traced value from a transformation that has finished, or an "
                             "inner one, was passed in; differentiate it where it is made")
        return Node(x, level=level)
    value = real_array(x)
    return Node(value if value.ndim else value[()], level=level)


def numeric_value(a):
    """The NumPy value under ``a``, through every level of tracing (``a`` itself if untraced)."""
    while type(a) is Node:
        a = a.value
    return a


def apply(rule, args, params=_EMPTY):
    """Evaluate ``rule`` on ``args`` (Nodes, arrays, numbers); a Node if any argument is one.

    The new Node sits at the highest level among the arguments; its parents are the arguments
    of that level. Their values are evaluated with ``rule.function`` when some are Nodes
    themselves (a lower level records the operation too), else with NumPy.
    """
    top, parents = 0, None
    for i, a in enumerate(args):
        if type(a) is Node:
            level = a.level
            if level > top:
                top, parents = level, [(i, a)]
            elif level == top:
                parents.append((i, a))
    if parents is None:
        return rule.evaluate(*args, **params)
    lower = False
    values = []
    for a in args:
        if type(a) is Node and a.level == top:
            a = a.value
        if type(a) is Node:
            lower = True
        values.append(a)
    values = tuple(values)
    if lower:
        value = rule.record(values, params)
    else:
        value = rule.evaluate(*values, **params)
        if not hasattr(value, "shape"):
            value = np.float64(value)
    return Node(value, rule, values, tuple(parents), params, top)


_OPERATOR_UFUNCS = {np.add: "add", np.subtract: "subtract", np.multiply: "multiply",
                    np.true_divide: "divide", np.power: "power", np.matmul: "matmul",
                    np.negative: "negative"}
_SCALARS = (int, float, np.float64, np.int64)
_COMPARISONS = (np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal)
