"""The book's figures. Each function returns a matplotlib Figure and draws nothing else.

In a notebook, assign the result (``fig = plots.chain_rule_path(...)``) so the figure is shown
once. Functions take SymPy expressions written by the book's authors (never student text) and
turn them into NumPy functions with ``lambdify``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def chain_rule_path(f, inner: Mapping, t, t0: float, t_range=(0.0, 2 * np.pi),
                    margin: float = 0.6, samples: int = 400):
    """The chain rule along a path, in two panels.

    Left: contours of f(x₁, x₂), the curve x(t) for t in ``t_range``, and at t = ``t0`` the
    gradient ∇f (a row, drawn as an arrow) and the velocity dx/dt; their dot product is df/dt.
    Right: df/dt against t, with the value at ``t0`` marked. ``inner`` maps the two variables of
    f to their expressions in ``t``.
    """
    import sympy as sp

    from vcbook import symbolic

    plt = _pyplot()
    (x1, g1), (x2, g2) = list(inner.items())
    f_num = sp.lambdify((x1, x2), f, "numpy")
    grad_num = sp.lambdify((x1, x2), list(symbolic.gradient(f, [x1, x2])), "numpy")
    path_num = sp.lambdify(t, [g1, g2], "numpy")
    velocity_num = sp.lambdify(t, [sp.diff(g1, t), sp.diff(g2, t)], "numpy")
    dfdt_num = sp.lambdify(t, symbolic.chain_rule(f, inner, t).result, "numpy")

    ts = np.linspace(*t_range, samples)
    path = np.array([np.broadcast_to(c, ts.shape) for c in path_num(ts)], dtype=float)
    p0 = np.array(path_num(t0), dtype=float)
    grad0 = np.array(grad_num(*p0), dtype=float)
    vel0 = np.array(velocity_num(t0), dtype=float)

    fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(11, 5.0), layout="constrained",
                                   gridspec_kw={"wspace": 0.08})
    tips = np.column_stack([path, p0 + grad0, p0 + vel0])
    lo = tips.min(axis=1) - margin
    hi = tips.max(axis=1) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    values = np.broadcast_to(f_num(gx, gy), gx.shape)
    contours = ax.contourf(gx, gy, values, levels=20, alpha=0.75)
    fig.colorbar(contours, ax=ax, label=f"f = ${sp.latex(f)}$")
    ax.plot(path[0], path[1], color="black", lw=1.5, label="path x(t)")
    ax.plot(*p0, "o", color="black")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    # Two arrows that differ in lightness as well as hue, so they stay apart on any colour map.
    ax.quiver(*p0, *grad0, angles="xy", scale_units="xy", scale=1, color=colours[3],
              width=0.012, label=r"gradient $\nabla f$")
    ax.quiver(*p0, *vel0, angles="xy", scale_units="xy", scale=1, color="white",
              edgecolor="black", linewidth=0.8, width=0.012, label=r"velocity $d\mathbf{x}/dt$")
    ax.set(xlabel=f"${sp.latex(x1)}$", ylabel=f"${sp.latex(x2)}$", aspect="equal",
           title=rf"at $t = {t0:.2f}$: $\nabla f \cdot \dot{{\mathbf{{x}}}} = "
                 rf"{float(grad0 @ vel0):.3f}$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3)

    rates = np.broadcast_to(dfdt_num(ts), ts.shape)
    ax_t.plot(ts, rates, color=colours[0])
    ax_t.axhline(0, color="grey", lw=0.8)
    ax_t.plot(t0, float(dfdt_num(t0)), "o", color="black")
    ax_t.set(xlabel="$t$", ylabel="$df/dt$", title="rate of change of f along the path")
    return fig
