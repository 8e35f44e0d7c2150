"""The SymPy side of the book: gradients, Jacobians, Hessians, chain-rule derivations, array
derivatives, Taylor polynomials.

Conventions (DESIGN.md): ``gradient`` returns a 1×n row Matrix (numerator layout, as in print);
``jacobian`` returns an m×n Matrix whose row i is the gradient of f_i; ``derivative`` returns a
SymPy Array of shape ``F.shape + X.shape`` in which a single-row or single-column Matrix counts
as a 1-D vector of shape (n,).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement, product
from numbers import Integral

import numpy as np
import sympy as sp


def gradient(expr, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """The gradient of a scalar expression as a 1×n row: [∂f/∂x₁ … ∂f/∂xₙ]."""
    expr = sp.sympify(expr)
    return sp.Matrix([[sp.diff(expr, v) for v in variables]])


def jacobian(exprs, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """The m×n Jacobian of m expressions by n variables; row i is ``gradient(exprs[i])``."""
    return sp.Matrix([[sp.diff(sp.sympify(f), v) for v in variables] for f in list(exprs)])


def hessian(expr, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """The n×n Hessian, symmetric: the Jacobian of the 1×n gradient, entry (i, j) ∂²f/∂xᵢ∂xⱼ."""
    variables = _as_variables(variables)
    return jacobian(list(gradient(expr, variables)), variables)


def _as_variables(variables) -> tuple:
    """One Symbol or a sequence of distinct Symbols, as a tuple."""
    xs = (variables,) if isinstance(variables, sp.Symbol) else tuple(variables)
    if not xs or not all(isinstance(x, sp.Symbol) for x in xs):
        raise ValueError(f"variables must be SymPy Symbols, such as [x, y]; got {variables!r}")
    if len(set(xs)) != len(xs):
        raise ValueError(f"variables must be distinct; got {variables!r}")
    return xs


def _shape_text(rows: int, cols: int) -> str:
    return rf"{rows} \times {cols}"


def _aligned_latex(steps) -> str:
    """(label, LaTeX) steps as one aligned display, a step a line (Jupyter's ``_repr_latex_``)."""
    lines = [rf"&\text{{{label}:}} && {body}" for label, body in steps]
    return r"$$\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}$$"


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
        return _aligned_latex(self.steps())

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


# ---- Taylor polynomials (MML 5.8): f(x₀) + ∇f(x₀)δ + δᵀH(x₀)δ/2! + D³f(x₀)[δ,δ,δ]/3! + …

# order k: (its ordinal, Dᵏf(x₀) in a label, in LaTeX); taylor() writes out these orders
_ORDERS = (("zeroth", "f(x₀)", r"f(\mathbf{x}_0)"),
           ("first", "∇f(x₀)", r"\nabla f(\mathbf{x}_0)"),
           ("second", "H(x₀)", r"H(\mathbf{x}_0)"),
           ("third", "D³f(x₀)", r"D^{3}f(\mathbf{x}_0)"),
           ("fourth", "D⁴f(x₀)", r"D^{4}f(\mathbf{x}_0)"))
TAYLOR_ORDERS = range(len(_ORDERS))
_DELTA = r"\boldsymbol{\delta}"


@dataclass(frozen=True)
class TaylorDerivation:
    """The Taylor polynomial of f about x₀ in MML 5.8's tensor form, kept term by term.

    - ``variables``: x = (x₁, …, xₙ); ``point``: x₀ in the same order;
    - ``derivatives[k]``: Dᵏf(x₀), a SymPy Array of shape (n,)·k — k = 0 the number f(x₀),
      k = 1 the gradient (as a vector; the steps print it as a 1×n row), k = 2 the n×n Hessian;
    - ``terms[k]``: Dᵏf(x₀)[δ, …, δ] / k! with δ = x − x₀ (n×1), a polynomial in x;
    - ``result``: the sum of the terms, the Taylor polynomial of degree ``order``.
    ``terms`` and ``result`` are expanded in x; ``steps`` ((label, LaTeX), ...) write them in
    powers of δ, with the numbers and the shapes.
    """

    f: sp.Expr
    variables: tuple
    point: tuple
    order: int
    derivatives: tuple
    terms: tuple
    result: sp.Expr
    steps: tuple

    def _repr_latex_(self) -> str:
        return _aligned_latex(self.steps)

    def __repr__(self) -> str:
        about = ", ".join(f"{x} = {a}" for x, a in zip(self.variables, self.point, strict=True))
        lines = [f"  {_ORDERS[k][0]} order: {term}" for k, term in enumerate(self.terms)]
        return (f"TaylorDerivation of {self.f} about {about}, order {self.order}\n"
                + "\n".join(lines) + f"\n  result: {self.result}")


def taylor(f, variables, at, order: int) -> TaylorDerivation:
    """The Taylor polynomial of degree ``order`` (0 to 4) of f about x₀ = ``at``, step by step.

    ``variables``: n Symbols (or one Symbol); ``at``: x₀ as a sequence in their order, a dict
    {symbol: value}, or a number when there is one variable. Term k is Dᵏf(x₀)[δ, …, δ] / k!
    with δ = x − x₀ (n×1) and Dᵏf(x₀) of shape n×…×n (k times): f(x₀) a scalar, ∇f(x₀) 1×n,
    H(x₀) n×n, D³f(x₀) n×n×n. Example: ``taylor(x**2 + 2*x*y + y**3, [x, y], (1, 2), 3).result``
    is f itself.
    """
    f = sp.sympify(f)
    xs = _as_variables(variables)
    x0 = _expansion_point(at, xs)
    order = _taylor_order(order)
    deltas = tuple(sp.Dummy(f"delta_{x}") for x in xs)  # δᵢ, replaced by xᵢ − x0ᵢ at the end
    back = {d: x - a for d, x, a in zip(deltas, xs, x0, strict=True)}
    derivatives, in_delta = [], []
    for k, value in enumerate(_derivative_tensors(f, xs, order, dict(zip(xs, x0, strict=True)))):
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise ValueError(f"f has no finite derivative of order {k} at {x0}: "
                             f"{_ORDERS[k][1]} = {value}")
        derivatives.append(value)
        in_delta.append(_contract(value, deltas) / sp.factorial(k))
    terms = tuple(sp.expand(t.xreplace(back), log=False, power_exp=False, power_base=False)
                  for t in in_delta)
    result = sp.Add(*terms)
    steps = _taylor_steps(f, xs, x0, derivatives, in_delta, back, result)
    return TaylorDerivation(f, xs, x0, order, tuple(derivatives), terms, result, steps)


def _derivative_tensors(f, xs: tuple, order: int, point: dict) -> list:
    """D⁰f, …, Dᵏf at ``point``: the scalar f(x₀), then Arrays of shape (n,)·k.

    The same tensors as ``derivative`` applied k times (entry [i₁, …, i_k] is
    ∂ᵏf/∂x_{i₁}⋯∂x_{i_k}), but each distinct mixed partial is differentiated and evaluated once:
    order 4 in 3 variables takes 34 derivatives instead of 120, and the tensors are exactly
    symmetric.
    """
    n = len(xs)
    partials = {(): f}
    at_point = {(): _evaluate(f, point)}
    tensors = [at_point[()]]
    for k in range(1, order + 1):
        for index in combinations_with_replacement(range(n), k):  # sorted indices only
            partials[index] = sp.diff(partials[index[:-1]], xs[index[-1]])
            at_point[index] = _evaluate(partials[index], point)
        entries = [at_point[tuple(sorted(i))] for i in product(range(n), repeat=k)]
        tensors.append(sp.Array(entries, (n,) * k))
    return tensors


def _evaluate(expr, point: dict):
    """expr at the point: a rebuild (xreplace, several times faster), or ``subs`` where a
    Derivative of an undefined function needs it (its variable cannot be replaced by a number)."""
    return expr.subs(point) if expr.has(sp.Derivative) else expr.xreplace(point)


def _taylor_order(order) -> int:
    if isinstance(order, bool) or not isinstance(order, Integral) \
            or order not in TAYLOR_ORDERS:
        raise ValueError(f"order must be a whole number from 0 to {TAYLOR_ORDERS[-1]} "
                         f"(the terms up to D⁴f); got {order!r}")
    return int(order)


def _expansion_point(at, xs: tuple) -> tuple:
    """x₀ as a tuple in the order of ``xs``, from a sequence, a dict or (one variable) a number."""
    n, names = len(xs), ", ".join(map(str, xs))
    if isinstance(at, Mapping):
        unknown = [k for k in at if k not in xs]
        missing = [x for x in xs if x not in at]
        if unknown or missing:
            detail = "; ".join(([f"not variables: {unknown}"] if unknown else [])
                               + ([f"missing: {missing}"] if missing else []))
            raise ValueError(f"at must give one value for each of {names} ({detail})")
        values = [at[x] for x in xs]
    elif isinstance(at, (str, bytes)):
        raise ValueError(f"at must be numbers, not text; got {at!r}")
    elif isinstance(at, (Sequence, np.ndarray, sp.MatrixBase)):
        values = list(np.ravel(at)) if isinstance(at, np.ndarray) else list(at)
        if len(values) != n:
            raise ValueError(f"at has {len(values)} value(s) but there are {n} variable(s) "
                             f"({names}): give one value per variable, in that order")
    elif n == 1:
        values = [at]
    else:
        raise ValueError(f"at={at!r} is a single value but there are {n} variables ({names}): "
                         f"give a sequence of {n} values or a dict")
    return tuple(_point_value(v, xs) for v in values)


def _point_value(value, xs: tuple) -> sp.Expr:
    try:
        value = sp.sympify(value, strict=True)  # numbers and SymPy objects only, never text
    except sp.SympifyError:
        value = None
    if not isinstance(value, sp.Expr) or value.free_symbols & set(xs):
        raise ValueError(f"each value of at must be a number (or an expression free of the "
                         f"variables {', '.join(map(str, xs))})")
    return value


def _contract(tensor, vector) -> sp.Expr:
    """Σ_{i₁…i_k} T[i₁, …, i_k] v[i₁] ⋯ v[i_k]: T applied to (v, …, v); a scalar T for k = 0."""
    if not isinstance(tensor, sp.NDimArray):
        return tensor
    return sp.Add(*[tensor[index] * sp.Mul(*(vector[i] for i in index))
                    for index in product(range(len(vector)), repeat=tensor.rank())])


def _taylor_steps(f, xs, x0, derivatives, in_delta, back, result) -> tuple:
    """(label, LaTeX) for the point, each order's term (numbers and shapes), the polynomial."""
    n = len(xs)
    # δᵢ printed as (xᵢ − x0ᵢ), or as xᵢ when x0ᵢ = 0
    names = {d: sp.latex(xd) if xd.is_Symbol else rf"\left({sp.latex(xd)}\right)"
             for d, xd in back.items()}
    column = sp.Matrix(list(back.values()))
    in_x = [sp.latex(t, symbol_names=names) for t in in_delta]
    steps = [(f"function and point: x₀ and δ = x − x₀ are {n}×1",
              rf"f = {sp.latex(f)}, \quad \mathbf{{x}}_0 = {sp.latex(sp.Matrix(x0))}, \quad "
              rf"{_DELTA} = \mathbf{{x}} - \mathbf{{x}}_0 = {sp.latex(column)} "
              rf"\in \mathbb{{R}}^{{{_shape_text(n, 1)}}}"),
             ("zeroth order: f(x₀) is a scalar", rf"{_ORDERS[0][2]} = {sp.latex(derivatives[0])}")]
    for k in range(1, len(derivatives)):
        steps.append(_order_step(k, derivatives[k], column, in_x[k]))
    polynomial = _signed_sum(in_x)
    expanded = sp.latex(result)
    tail = "" if expanded == polynomial else f" = {expanded}"
    steps.append((f"Taylor polynomial of degree {len(derivatives) - 1}",
                  rf"T_{{{len(derivatives) - 1}}}(\mathbf{{x}}) = {polynomial}{tail}"))
    return tuple(steps)


def _order_step(k: int, value, column: sp.Matrix, term: str) -> tuple[str, str]:
    """Order k ≥ 1: Dᵏf(x₀) with its numbers and shape, applied to (δ, …, δ), divided by k!."""
    n = len(column)
    dims = (1, n) if k == 1 else (n,) * k
    shape = "×".join(map(str, dims))
    ordinal, label_name, name = _ORDERS[k]
    if k == 1:
        numbers = sp.latex(sp.Matrix([list(value)]))
        applied = rf"{name}\,{_DELTA} = {numbers}\,{sp.latex(column)}"
    elif k == 2:
        numbers = sp.latex(sp.Matrix(value.tolist()))
        applied = (rf"\frac{{1}}{{2!}}\,{_DELTA}^{{\top}} {name}\,{_DELTA} = \frac{{1}}{{2}}\,"
                   rf"{sp.latex(column.T)}\,{numbers}\,{sp.latex(column)}")
    else:
        numbers, index, deltas = sp.latex(value), "ijkl"[:k], ", ".join([_DELTA] * k)
        applied = (rf"\frac{{1}}{{{k}!}}\,{name}[{deltas}] = \frac{{1}}{{{k}!}}"
                   rf"\sum_{{{','.join(index)}}} {name}_{{{index}}}\,"
                   + "".join(rf"\delta_{i}" for i in index))
    space = r" \times ".join(map(str, dims))
    body = (rf"{name} = {numbers} \in \mathbb{{R}}^{{{space}}}, "
            rf"\quad {applied} = {term}")
    return f"{ordinal} order: {label_name} is {shape}, δ is {n}×1", body


def _signed_sum(parts: list[str]) -> str:
    """LaTeX terms joined by + or −, zero terms left out."""
    text = ""
    for part in (p for p in parts if p != "0"):
        text += part if not text else (f" {part}" if part.startswith("-") else f" + {part}")
    return text or "0"
