"""The SymPy side of the book: gradients, Jacobians, chain-rule derivations, array derivatives.

Conventions (DESIGN.md): ``gradient`` returns a 1×n row Matrix (numerator layout, as in print);
``jacobian`` returns an m×n Matrix whose row i is the gradient of f_i; ``derivative`` returns a
SymPy Array of shape ``F.shape + X.shape`` in which a single-row or single-column Matrix counts
as a 1-D vector of shape (n,).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp


def gradient(expr, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """The gradient of a scalar expression as a 1×n row: [∂f/∂x₁ … ∂f/∂xₙ]."""
    expr = sp.sympify(expr)
    return sp.Matrix([[sp.diff(expr, v) for v in variables]])


def jacobian(exprs, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """The m×n Jacobian of m expressions by n variables; row i is ``gradient(exprs[i])``."""
    return sp.Matrix([[sp.diff(sp.sympify(f), v) for v in variables] for f in list(exprs)])


def _shape_text(rows: int, cols: int) -> str:
    return rf"{rows} \times {cols}"


@dataclass(frozen=True)
class Derivation:
    """A chain-rule derivation, kept step by step; displays itself in Jupyter as LaTeX.

    For f(x₁, …, xₙ) with x = g(p₁, …, p_k):

    - ``outer``: ∂f/∂x, the 1×n row gradient of f in the inner variables;
    - ``inner``: ∂x/∂p, the n×k Jacobian of the inner functions (n×1 for one parameter);
    - ``product``: outer · inner, 1×k, still written with the inner variables;
    - ``substituted``: the product with x = g(p) substituted, a 1×k row in the parameters;
    - ``simplified``: the same, simplified;
    - ``result``: df/dt as an expression for one parameter, or the 1×k row of partials.
    """

    f: sp.Expr
    inner_functions: tuple  # ((x_i, g_i(p)), ...)
    parameters: tuple
    single_parameter: bool
    outer: sp.Matrix
    inner: sp.Matrix
    product: sp.Matrix
    substituted: sp.Matrix
    simplified: sp.Matrix

    @property
    def result(self):
        """df/dt (a SymPy expression) for one parameter; the 1×k row of partials otherwise."""
        return self.simplified[0, 0] if self.single_parameter else self.simplified

    @property
    def shapes(self) -> dict:
        """Shapes of the factors: {'outer': (1, n), 'inner': (n, k), 'product': (1, k)}."""
        return {"outer": self.outer.shape, "inner": self.inner.shape,
                "product": self.product.shape}

    def steps(self) -> list[tuple[str, str]]:
        """(label, LaTeX) pairs: the derivation in the order a student would write it."""
        n, k = self.inner.shape
        xs = [x for x, _ in self.inner_functions]
        x_vec = r"\mathbf{x}" if n > 1 else sp.latex(xs[0])
        if self.single_parameter:
            p = sp.latex(self.parameters[0])
            d_out, d_in = rf"\frac{{df}}{{d{p}}}", rf"\frac{{\partial {x_vec}}}{{\partial {p}}}"
        else:
            p = ", ".join(sp.latex(q) for q in self.parameters)
            d_out = rf"\frac{{\partial f}}{{\partial ({p})}}"
            d_in = rf"\frac{{\partial {x_vec}}}{{\partial ({p})}}"
        d_x = rf"\frac{{\partial f}}{{\partial {x_vec}}}"
        inner_def = r",\ ".join(rf"{sp.latex(x)} = {sp.latex(g)}" for x, g in
                                self.inner_functions)
        return [
            ("function", rf"f = {sp.latex(self.f)}, \quad {inner_def}"),
            (f"outer gradient (1×{n})",
             rf"{d_x} = {sp.latex(self.outer)} \in \mathbb{{R}}^{{{_shape_text(1, n)}}}"),
            (f"inner derivative ({n}×{k})",
             rf"{d_in} = {sp.latex(self.inner)} \in \mathbb{{R}}^{{{_shape_text(n, k)}}}"),
            (f"product (1×{n})({n}×{k}) = 1×{k}",
             rf"{d_out} = {d_x}\,{d_in} = {sp.latex(self.product)}"),
            ("substituted", rf"{d_out} = {self._latex_row(self.substituted)}"),
            ("simplified", rf"{d_out} = {self._latex_row(self.simplified)}"),
        ]

    def _latex_row(self, row: sp.Matrix) -> str:
        return sp.latex(row[0, 0]) if self.single_parameter else sp.latex(row)

    def _repr_latex_(self) -> str:
        lines = [rf"&\text{{{label}:}} && {body}" for label, body in self.steps()]
        return r"$$\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}$$"

    def __repr__(self) -> str:
        labels = [label for label, _ in self.steps()]
        values = [f"f = {self.f}", str(self.outer.tolist()), str(self.inner.tolist()),
                  str(self.product.tolist()), str(self._plain(self.substituted)),
                  str(self._plain(self.simplified))]
        pairs = zip(labels, values, strict=True)
        return "Derivation\n" + "\n".join(f"  {a}: {b}" for a, b in pairs)

    def _plain(self, row: sp.Matrix):
        return row[0, 0] if self.single_parameter else row.tolist()


def chain_rule(f, inner: Mapping, wrt, *, simplify=sp.simplify) -> Derivation:
    """Differentiate f(x(p)) by the chain rule, keeping every step.

    ``inner`` maps each inner variable x_i to its expression g_i(p); ``wrt`` is one parameter
    (``t``: the result is an expression) or a list of parameters (``[s, t]``: the result is a 1×k
    row). Shapes: outer gradient 1×n, inner derivative n×k, product 1×k. ``simplify`` is applied
    to each substituted entry (``sympy.simplify`` by default; the problem bank passes a cheaper,
    targeted one).
    """
    f = sp.sympify(f)
    single = not isinstance(wrt, (list, tuple))
    params = (wrt,) if single else tuple(wrt)
    pairs = tuple((x, sp.sympify(g)) for x, g in inner.items())
    xs = [x for x, _ in pairs]
    outer = gradient(f, xs)
    inner_jacobian = jacobian([g for _, g in pairs], params)
    product = outer * inner_jacobian
    substituted = product.xreplace(dict(pairs))  # inner variables are symbols: one pass
    simplified = substituted.applyfunc(simplify)
    return Derivation(f, pairs, params, single, outer, inner_jacobian, product, substituted,
                      simplified)


def as_array_shape(obj) -> tuple[list, tuple]:
    """Entries (in C order) and shape of a SymPy object under the shape rule.

    A scalar has shape (); a Matrix with one row or one column is a vector (n,); any other
    Matrix is (rows, cols); an Array keeps its shape; a (nested) list becomes an Array.
    """
    if isinstance(obj, sp.MatrixBase):
        rows, cols = obj.shape
        entries = list(obj)  # row by row: C order
        return entries, ((rows * cols,) if rows == 1 or cols == 1 else (rows, cols))
    if isinstance(obj, sp.NDimArray):
        return list(sp.flatten(obj.tolist())) if obj.rank() else [obj[()]], tuple(obj.shape)
    if isinstance(obj, (list, tuple)):
        return as_array_shape(sp.Array(obj))
    return [sp.sympify(obj)], ()


def derivative(F, X) -> sp.Array:
    """dF/dX as a SymPy Array of shape ``F.shape + X.shape``, built entry by entry.

    F: a scalar expression, a Matrix, an Array or a nested list; X: a Symbol, a vector or a
    matrix of Symbols. Example shapes: f = Ax by A (M×N) gives (M, M, N); K = RᵀR by R (M×N)
    gives (N, N, M, N); a scalar by X gives X's shape. Entry [i..., j...] is ∂F[i...]/∂X[j...].
    A one-row or one-column Matrix counts as a vector; pass ``sp.Array(X)`` to keep it 2-D.
    Never uses SymPy's matrix-expression calculus (other layout; silent zeros for determinants).
    """
    f_entries, f_shape = as_array_shape(F)
    x_entries, x_shape = as_array_shape(X)
    for x in x_entries:
        if not isinstance(x, sp.Symbol):
            raise TypeError(f"derivative() differentiates by symbols; {x!r} is not a Symbol.")
    entries = [sp.diff(f, x) for f in f_entries for x in x_entries]
    shape = f_shape + x_shape
    if not shape:
        return sp.Array(entries[0])
    return sp.Array(entries, shape)


def symbols_matrix(name: str, rows: int, cols: int, **assumptions) -> sp.Matrix:
    """A rows×cols Matrix of symbols named ``{name}{i}{j}`` (1-based, like the book's indices)."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}{i + 1}{j + 1}", **assumptions))


def symbols_vector(name: str, n: int, **assumptions) -> sp.Matrix:
    """An n×1 column of symbols ``{name}1 … {name}n`` (a vector of shape (n,) under the rule)."""
    return sp.Matrix([sp.Symbol(f"{name}{i + 1}", **assumptions) for i in range(n)])


def to_numpy(array) -> np.ndarray:
    """A SymPy Array/Matrix of numbers as a float NumPy array, shape as in ``as_array_shape``."""
    entries, shape = as_array_shape(array)
    return np.array([float(e) for e in entries], dtype=float).reshape(shape)


def at(D, *pairs) -> np.ndarray:
    """The SymPy array (or expression) ``D`` evaluated at numbers, as a NumPy array of D's shape.

    Each pair is (a symbol, or a vector or matrix of symbols from ``symbols_vector`` /
    ``symbols_matrix``; numbers of the same shape), e.g. ``at(D, (A, A0), (x, x0))``.
    """
    numbers = {}
    for symbols, value in pairs:
        if isinstance(symbols, sp.Basic) and not isinstance(symbols, sp.MatrixBase):
            numbers[symbols] = value
            continue
        value = np.asarray(value, dtype=float)
        if value.size != len(symbols):
            raise ValueError(f"{len(symbols)} symbols but {value.size} numbers")
        # both row by row: a Matrix iterates over its rows, and ravel is NumPy's row order
        numbers.update(zip(symbols, value.ravel(), strict=True))
    return to_numpy(D.subs(numbers))

