"""The evaluation trace: one row per intermediate variable, as in MML's worked example.

``evaluation_trace(f, x)`` runs ``f`` once and returns an ``EvaluationTrace``: for every variable
(the inputs, then each intermediate in the order it was computed) its name, operation, parents,
value, local derivatives, tangent (forward mode) and adjoint (reverse mode), and shape. Variables
take the names of ``f``'s local variables (``a = x**2`` gives a row ``a``); others are v1, v2, ...
In Jupyter it renders as a table with the formulas; ``.rows`` holds every number.
"""

from __future__ import annotations

import html
import inspect
import sys
from dataclasses import dataclass

import numpy as np

from vcbook.autodiff.arrays import real_array
from vcbook.autodiff.formatting import number, plain, substitute, table_text, tex
from vcbook.autodiff.forward import tangent_sweep
from vcbook.autodiff.node import Node, make_input, new_level
from vcbook.autodiff.reverse import backward, toposort

_LOCAL_JACOBIAN_LIMIT = 4096  # entries: larger local Jacobians are described, not computed


@dataclass(frozen=True, eq=False)
class Row:
    """One variable. ``local[k]`` is ∂name/∂parents[k]: the elementwise derivative for an
    elementwise operation, else the local Jacobian of shape value.shape + parent.shape (None when
    too large); ``local_latex[k]`` is its formula. ``tangent``/``adjoint`` are None when the
    trace was made without that mode."""

    name: str
    op: str
    parents: tuple
    value: np.ndarray
    shape: tuple
    definition: str
    local: tuple
    local_latex: tuple
    tangent: np.ndarray | None
    adjoint: np.ndarray | None


class EvaluationTrace:
    """The rows of one evaluation, plus ``value`` (f's output), ``gradient`` (the adjoints of the
    inputs: one array, or a tuple for several inputs) and ``tangent`` (the output's tangent)."""

    def __init__(self, rows, mode, value, gradient, tangent):
        self.rows, self.mode = rows, mode
        self.value, self.gradient, self.tangent = value, gradient, tangent

    def __getitem__(self, name: str) -> Row:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def paths(self, start: str, end: str) -> list[list[str]]:
        """Every path from variable ``start`` to ``end`` along the graph's edges (parent to
        child), each a list of names. The derivative of ``end`` by ``start`` is the sum over
        these paths of the product of the local derivatives on their edges."""
        children = {row.name: [] for row in self.rows}
        for row in self.rows:
            for parent in row.parents:
                children.setdefault(parent, []).append(row.name)
        found, stack = [], [[start]]
        while stack:  # iterative, so a long chain cannot exhaust the recursion limit
            path = stack.pop()
            if path[-1] == end:
                found.append(path)
                continue
            stack.extend([*path, child] for child in reversed(children.get(path[-1], [])))
        return found

    def work_per_sweep(self) -> int:
        """The multiply-adds of one forward or reverse sweep, counted on the graph: each edge
        moves one number per entry of the larger of the two arrays it joins."""
        size = {row.name: int(np.size(row.value)) for row in self.rows}
        return sum(max(size.get(parent, 1), size[row.name])
                   for row in self.rows for parent in row.parents)

    def _columns(self):
        columns = ["variable", "definition", "parents", "value", "local derivatives"]
        columns += ["tangent"] if self.mode in ("forward", "both") else []
        columns += ["adjoint"] if self.mode in ("reverse", "both") else []
        return columns + ["shape"]

    def _cells(self, row, rich: bool):
        partials = []
        for parent, local, formula in zip(row.parents, row.local, row.local_latex, strict=True):
            head = rf"\frac{{\partial {tex(row.name)}}}{{\partial {tex(parent)}}}"
            if rich:
                partials.append(f"${head} = {formula}$ = {html.escape(table_text(local))}")
            else:
                partials.append(f"∂{row.name}/∂{parent} = {table_text(local)}")
        definition = row.definition if rich else plain(row.definition)
        cells = [row.name, definition, ", ".join(row.parents), table_text(row.value),
                 ("<br>" if rich else "; ").join(partials)]
        cells += [table_text(row.tangent)] if self.mode in ("forward", "both") else []
        cells += [table_text(row.adjoint)] if self.mode in ("reverse", "both") else []
        return cells + [str(row.shape)]

    def __repr__(self) -> str:
        table = [self._columns()] + [self._cells(row, rich=False) for row in self.rows]
        widths = [max(len(r[k]) for r in table) for k in range(len(table[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in table]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self._columns())
        body = []
        for row in self.rows:
            cells = self._cells(row, rich=True)
            cells[1] = f"${cells[1]}$"
            cells[0] = f"${tex(cells[0])}$"
            body.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>"
                                         for c in cells) + "</tr>")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def evaluation_trace(f, *args, mode: str = "both", tangents=None, cotangent=None):
    """Trace ``f(*args)``: an ``EvaluationTrace`` with one row per variable.

    Forward mode seeds the inputs with ``tangents`` (one array per input; default: 1 for the first
    entry of the first input, 0 elsewhere, so the tangents are ∂/∂x₁). Reverse mode seeds the
    output with ``cotangent`` (default 1 for its first entry, so the adjoints are ∂f₁/∂v).
    """
    if mode not in ("forward", "reverse", "both"):
        raise ValueError(f"mode must be 'forward', 'reverse' or 'both', not {mode!r}")
    level = new_level()
    leaves = [make_input(a, level) for a in args]
    out, local_vars = _call_capturing_locals(f, leaves, level)
    if type(out) is not Node or out.level != level:
        raise ValueError("f's output does not depend on its inputs: there is nothing to trace")
    inner = [n for n in sorted(toposort(out), key=lambda n: n.seq) if n.rule is not None]
    order = leaves + inner
    names = _names(f, leaves, inner, out, local_vars)
    tangent, adjoint = {}, {}
    if mode in ("forward", "both"):
        seeds = _default_seeds(leaves) if tangents is None else _as_seeds(leaves, tangents)
        tangent = tangent_sweep(order, seeds, keep_all=True)
    if mode in ("reverse", "both"):
        seed = _unit(out.value.shape) if cotangent is None else real_array(cotangent, "cotangent")
        sweep = [n for n in order if n is not out] + [out]  # backward starts at the end
        adjoint = backward(sweep, seed, keep_all=True)
    zeros = {id(n): np.zeros(n.value.shape) for n in order}
    rows = [_row(n, names, local_vars,
                 _full(tangent, n, zeros) if mode != "reverse" else None,
                 _full(adjoint, n, zeros) if mode != "forward" else None) for n in order]
    grads = tuple(row.adjoint for row in rows[:len(leaves)])
    return EvaluationTrace(rows, mode, out.value, grads[0] if len(grads) == 1 else grads,
                           rows[-1].tangent)


def _full(values, node, zeros):
    v = values.get(id(node))
    return zeros[id(node)] if v is None else np.array(v, dtype=np.float64)


def _row(node, names, local_vars, tangent, adjoint) -> Row:
    rule = node.rule
    if rule is None:
        return Row(names[id(node)], "input", (), node.value, node.value.shape, tex(
            names[id(node)]), (), (), tangent, adjoint)
    traced = dict(node.parents)
    labels = [tex(names[id(traced[i])]) if i in traced else _constant_label(a, local_vars)
              for i, a in enumerate(node.args)]
    parents = tuple(names[id(p)] for _, p in node.parents)
    display, latex = rule.printed(np.ndim(node.args[0]), node.params)
    operation = substitute(display, rule.arg_names, labels)
    definition = f"{tex(names[id(node)])} = {operation}"
    local = tuple(local_derivative(node, i) for i, _ in node.parents)
    formulas = tuple(substitute(latex[i], rule.arg_names, labels) for i, _ in node.parents)
    return Row(names[id(node)], rule.name, parents, node.value, node.value.shape, definition,
               local, formulas, tangent, adjoint)


def local_derivative(node, i):
    """∂node/∂args[i] as numbers: elementwise, or the local Jacobian (None when too large)."""
    rule, out, args = node.rule, node.value, node.args
    if rule.derivative is not None:
        d = rule.derivative[i]
        return np.float64(d) if not callable(d) else np.array(d(out, *args), dtype=np.float64)
    arg_shape = np.shape(args[i])
    if out.size * int(np.prod(arg_shape, dtype=int)) > _LOCAL_JACOBIAN_LIMIT:
        return None
    columns = []
    for k in range(int(np.prod(arg_shape, dtype=int))):
        e = np.zeros(arg_shape)
        e.flat[k] = 1.0
        t = rule.jvp[i](e, out, *args, **node.params)
        columns.append(np.broadcast_to(t, out.shape).reshape(-1))
    return np.array(columns).T.reshape(out.shape + arg_shape)


def _constant_label(a, local_vars) -> str:
    for var, value in local_vars.items():
        if value is a and var.isidentifier():
            return tex(var)
    if np.ndim(a):
        return "C"
    text = number(a)
    return f"({text})" if text.startswith("-") else text


def _names(f, leaves, inner, out, local_vars) -> dict:
    names = {}
    try:
        params = [p.name for p in inspect.signature(_innermost(f)).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    except (TypeError, ValueError):
        params = []
    for k, leaf in enumerate(leaves):
        default = "x" if len(leaves) == 1 else f"x{k + 1}"
        names[id(leaf)] = params[k] if k < len(params) and params[k] != "args" else default
    for var, value in local_vars.items():
        if type(value) is Node and id(value) not in names:
            name = var
            while name in names.values():  # f reassigned a name (x = x * sin(x)): x', x'', ...
                name += "'"
            names[id(value)] = name
    taken = set(names.values())
    count = 0
    for node in inner:
        if id(node) in names:
            continue
        if node is out and "y" not in taken:
            names[id(node)] = "y"
            continue
        count += 1
        while f"v{count}" in taken:
            count += 1
        names[id(node)] = f"v{count}"
    return names


def _innermost(f):
    """The user's function under transformations: ``ad.grad(f)`` wraps ``f`` (``__wrapped__``)."""
    while getattr(f, "__wrapped__", None) is not None:
        f = f.__wrapped__
    return f


def _call_capturing_locals(f, args, level):
    """Call ``f``; return its output and the names it knows: its local variables as they were
    when it returned, then its closure and the globals it mentions (to name constants).

    For a transformed function (``ad.grad(g)``) the names are ``g``'s: its variables are traced
    one level up, and each names the value it holds at this trace's ``level``, so the trace of
    ``ad.grad(g)`` (forward over reverse) calls g's intermediate values by their names.
    """
    f_outer, f = f, _innermost(f)
    code = getattr(f, "__code__", None)
    captured = {}
    if code is None:
        return f_outer(*args), captured

    def hook(frame, event, arg):
        if event == "return" and frame.f_code is code:
            captured.clear()
            captured.update(frame.f_locals)

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        out = f_outer(*args)
    finally:
        sys.setprofile(previous)
    for name, value in captured.items():
        while type(value) is Node and value.level > level:
            value = value.value
        captured[name] = value
    known = {name: f.__globals__[name] for name in code.co_names if name in f.__globals__}
    for name, cell in zip(code.co_freevars, f.__closure__ or (), strict=False):
        known[name] = cell.cell_contents
    known.update(captured)  # f's own variables name things first
    return out, known


def _unit(shape):
    e = np.zeros(shape)
    e.flat[0] = 1.0
    return e


def _default_seeds(leaves):
    return {id(leaf): _unit(leaf.value.shape) if k == 0 else np.zeros(leaf.value.shape)
            for k, leaf in enumerate(leaves)}


def _as_seeds(leaves, tangents):
    tangents = (tangents,) if len(leaves) == 1 else tuple(tangents)
    seeds = {}
    for leaf, t in zip(leaves, tangents, strict=False):
        t = real_array(t, "tangent")
        if t.shape != leaf.value.shape:
            raise ValueError(f"a tangent has shape {t.shape}; its input has {leaf.value.shape}")
        seeds[id(leaf)] = t
    return seeds
