"""Draw a computation graph with matplotlib (no Graphviz): variables as circles, edges labelled
with their local derivatives. Forward mode draws edges with the evaluation and shows tangents;
reverse mode draws them against it and shows adjoints. matplotlib is imported on first use.
"""

from __future__ import annotations

import numpy as np

from vcbook.autodiff.evaltrace import evaluation_trace
from vcbook.autodiff.formatting import label_text, tex

_COLOURS = {"input": "#56B4E9", "inner": "#FFFFFF", "output": "#E69F00"}


def draw_graph(f, *args, mode: str = "reverse", ax=None, **trace_options):
    """Draw the graph of ``f(*args)``; returns the matplotlib Figure.

    Each edge parent → child carries ∂child/∂parent (formula, and its value for scalars);
    under each variable: its value and, in forward mode, its tangent (ẋ) or, in reverse mode,
    its adjoint (x̄). ``trace_options`` go to ``evaluation_trace`` (``tangents``, ``cotangent``).
    Every edge label is a Text with gid ``"edge:parent->child"``; every variable's circle a
    Text with gid ``"node:name"``.
    """
    if mode not in ("forward", "reverse"):
        raise ValueError(f"mode must be 'forward' or 'reverse', not {mode!r}")
    import matplotlib.pyplot as plt  # through pyplot, so Jupyter shows the figure

    trace = evaluation_trace(f, *args, mode=mode, **trace_options)
    rows = trace.rows
    position = _layout(rows)
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.25 * (max(xs) - min(xs)) + 2.4,
                                        1.25 * (max(ys) - min(ys)) + 2.6))
    else:
        fig = ax.figure
    ax.set_axis_off()
    for row in rows:
        for parent, local, formula in zip(row.parents, row.local, row.local_latex, strict=True):
            _edge(ax, position[parent], position[row.name], parent, row.name, local, formula,
                  mode)
    for k, row in enumerate(rows):
        kind = "input" if row.op == "input" else ("output" if k == len(rows) - 1 else "inner")
        _node(ax, position[row.name], row, kind, mode)
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 0.9)
    flow = ("tangents flow along the arrows, from the inputs to the output" if mode == "forward"
            else "adjoints flow along the arrows, from the output back to the inputs")
    ax.set_title(f"{mode} mode: {flow}", fontsize=11)
    return fig


def _layout(rows) -> dict:
    """(x, y) for each variable: its column is the length of the longest path from an input;
    an input sits one column before its first use."""
    level = {}
    for row in rows:
        level[row.name] = 1 + max((level[p] for p in row.parents), default=-1)
    for row in rows:
        if row.op == "input":
            uses = [level[r.name] for r in rows if row.name in r.parents]
            level[row.name] = max(0, min(uses, default=1) - 1)
    columns = {}
    for row in rows:
        columns.setdefault(level[row.name], []).append(row.name)
    position = {}
    for x, names in columns.items():
        for k, name in enumerate(names):
            position[name] = (1.8 * x, 1.4 * ((len(names) - 1) / 2 - k))
    return position


def _node(ax, xy, row, kind, mode):
    name = tex(row.name)
    ax.text(*xy, f"${name}$", ha="center", va="center", fontsize=14, zorder=3,
            gid=f"node:{row.name}",
            bbox={"boxstyle": "circle,pad=0.35", "fc": _COLOURS[kind], "ec": "black"})
    mark, value = (r"\dot", row.tangent) if mode == "forward" else (r"\bar", row.adjoint)
    note = f"${name} = {label_text(row.value)}$\n${mark}{{{name}}} = {label_text(value)}$"
    ax.text(xy[0], xy[1] - 0.32, note, ha="center", va="top", fontsize=9, zorder=3)


def _edge(ax, start, end, parent, child, local, formula, mode):
    tail, head = (start, end) if mode == "forward" else (end, start)
    span = abs(end[0] - start[0])
    rad = 0.08 if span <= 1.8 else 0.3  # an edge that skips a column arcs over it
    if head[0] > tail[0]:
        rad = -rad  # always bend upwards
    colour = "#0072B2" if mode == "forward" else "#D55E00"
    ax.annotate("", xy=head, xytext=tail, zorder=1,
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4, "shrinkA": 19,
                            "shrinkB": 19, "connectionstyle": f"arc3,rad={rad}"})
    # the midpoint of matplotlib's arc3 curve from tail to head
    dx, dy = head[0] - tail[0], head[1] - tail[1]
    mid = ((tail[0] + head[0]) / 2 + rad * dy / 2, (tail[1] + head[1]) / 2 - rad * dx / 2)
    label = rf"$\partial {tex(child)}/\partial {tex(parent)} = {formula}$"
    if local is not None and np.size(local) == 1 and label_text(local) != formula.strip():
        label += f"\n$= {label_text(local)}$"  # the value, unless the formula already is it
    ax.text(*mid, label, ha="center", va="center", fontsize=9, zorder=2,
            gid=f"edge:{parent}->{child}",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9})
