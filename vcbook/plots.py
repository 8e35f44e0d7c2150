"""The book's figures. Each function returns a matplotlib Figure and draws nothing else.

In a notebook, assign the result (``fig = plots.chain_rule_path(...)``) so the figure is shown
once. Functions take SymPy expressions written by the book's authors (never student text) and
turn them into NumPy functions with ``lambdify``. ``slider_figure`` (from ``sliders.py``) makes
a figure that sliders move.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from vcbook.sliders import SliderFigure, slider_figure  # noqa: F401 (plots.slider_figure)


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


def square_boundary(centre, side: float, samples: int = 400) -> np.ndarray:
    """Points around a square (counter-clockwise), shape (2, 4·samples + 1)."""
    h = side / 2
    s = np.linspace(-h, h, samples, endpoint=False)
    u = np.concatenate([s, np.full(samples, h), -s, np.full(samples, -h), [-h]])
    v = np.concatenate([np.full(samples, -h), s, np.full(samples, h), -s, [-h]])
    return np.array([centre[0] + u, centre[1] + v])


def polygon_area(points: np.ndarray) -> float:
    """Area enclosed by a closed polygon (shoelace formula); points has shape (2, k)."""
    x, y = points
    return 0.5 * abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])))


def linearisation(F, variables, point, *, radius: float = 1.0, square: float | None = None,
                  lines: int = 9, samples: int = 80, output_names=("f_1", "f_2")):
    """A nonlinear map of the plane beside its linearisation at ``point``, in three panels.

    ``F`` is a pair of SymPy expressions in the two ``variables``. Left: a grid of lines
    around ``point`` (half-width ``radius``) and a small square of side ``square`` centred on it.
    Middle: the images of the grid lines under F (solid, gid ``"image-grid"``) and under the
    linearisation L(x) = F(p) + J (x − p) (dashed, gid ``"linear-grid"``). Right: a close-up of
    the small square's image under F (filled) and under L (a parallelogram); the title compares
    the ratio of areas with |det J|.
    """
    import sympy as sp

    from vcbook import symbolic
    from vcbook.style import OKABE_ITO

    plt = _pyplot()
    u, v = variables
    F = list(F)
    f_num = sp.lambdify((u, v), F, "numpy")
    J = np.array(symbolic.jacobian(F, [u, v]).subs({u: point[0], v: point[1]}), dtype=float)
    p = np.asarray(point, dtype=float)
    fp = np.array(f_num(*p), dtype=float)
    det = float(np.linalg.det(J))
    side = radius / 4 if square is None else square

    def image(points):
        values = f_num(points[0], points[1])
        return np.array([np.broadcast_to(c, points[0].shape) for c in values], dtype=float)

    def linear(points):
        return fp[:, None] + J @ (points - p[:, None])

    fig, (ax_in, ax_out, ax_zoom) = plt.subplots(1, 3, figsize=(13, 4.6), layout="constrained")
    offsets = np.linspace(-radius, radius, lines)
    s = np.linspace(-radius, radius, samples)
    for c in offsets:
        for points in (np.array([p[0] + s, np.full_like(s, p[1] + c)]),
                       np.array([np.full_like(s, p[0] + c), p[1] + s])):
            ax_in.plot(*points, color=OKABE_ITO[0], lw=1)
            ax_out.plot(*image(points), color=OKABE_ITO[0], lw=1, gid="image-grid")
            ax_out.plot(*linear(points), color=OKABE_ITO[1], lw=1, ls="--", gid="linear-grid")

    box = square_boundary(p, side, samples)
    curved, straight = image(box), linear(box)
    ratio = polygon_area(curved) / side**2
    ax_in.fill(*box, color=OKABE_ITO[2], alpha=0.8, gid="square")
    ax_in.plot(*p, "o", color="black")
    for ax in (ax_out, ax_zoom):
        ax.fill(*curved, color=OKABE_ITO[2], alpha=0.8, gid="image-square",
                label="image of the square under $F$")
        ax.plot(*straight, color="black", lw=1.5, gid="linear-square",
                label=r"image under $L(\mathbf{x}) = F(p) + J(\mathbf{x} - p)$")
        ax.plot(*fp, "o", color="black")
    both = np.hstack([curved, straight])
    pad = 0.15 * np.ptp(both, axis=1).max()
    ax_zoom.set(xlim=(both[0].min() - pad, both[0].max() + pad),
                ylim=(both[1].min() - pad, both[1].max() + pad))
    ax_zoom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1)

    names = [f"${sp.latex(u)}$", f"${sp.latex(v)}$"]
    out_names = [f"${n}$" for n in output_names]
    ax_in.set(xlabel=names[0], ylabel=names[1], aspect="equal",
              title=rf"input plane, point $p = ({p[0]:g}, {p[1]:g})$")
    ax_out.set(xlabel=out_names[0], ylabel=out_names[1], aspect="equal",
               title="image grid (solid) and linearisation (dashed)")
    ax_zoom.set(xlabel=out_names[0], ylabel=out_names[1], aspect="equal",
                title=rf"area ratio {ratio:.3f}  vs  $|\det J| = {abs(det):.3f}$")
    fig.suptitle(rf"$F = ({sp.latex(F[0])},\ {sp.latex(F[1])})$ near $p$: a small square "
                 rf"of side {side:g} and its images")
    return fig


def polar_area_element(r0: float, theta0: float, dr: float, dtheta: float, *,
                       r_max: float = 2.0, rings: int = 8, rays: int = 16):
    """The polar coordinate map (r, θ) ↦ (r cos θ, r sin θ) and its area element r dr dθ.

    Left: the (r, θ) plane with lines r = const (blue) and θ = const (orange) and the small
    rectangle [r0, r0+dr] × [θ0, θ0+dθ]. Right: the same lines mapped to the (x, y) plane
    (circles and rays), the rectangle's image (an annular sector, gid ``"sector"``), and at its
    corner the two Jacobian columns scaled by dr and dθ: ∂(x, y)/∂r · dr (length dr) and
    ∂(x, y)/∂θ · dθ (length r0 dθ). The title compares the sector's exact area with r0 dr dθ.
    """
    from vcbook.style import OKABE_ITO

    plt = _pyplot()
    fig, (ax_rt, ax_xy) = plt.subplots(1, 2, figsize=(11, 5.0), layout="constrained")
    ring_values = np.linspace(0, r_max, rings + 1)[1:]
    ray_values = np.linspace(0, 2 * np.pi, rays, endpoint=False)
    ts = np.linspace(0, 2 * np.pi, 400)
    r_colour, theta_colour = OKABE_ITO[0], OKABE_ITO[1]
    for r in ring_values:
        ax_rt.axvline(r, color=r_colour, lw=0.8, alpha=0.7)
        ax_xy.plot(r * np.cos(ts), r * np.sin(ts), color=r_colour, lw=0.8, alpha=0.7)
    for th in ray_values:
        ax_rt.axhline(th, color=theta_colour, lw=0.8, alpha=0.7)
        ax_xy.plot([0, r_max * np.cos(th)], [0, r_max * np.sin(th)], color=theta_colour,
                   lw=0.8, alpha=0.7)

    k = 30
    rs = np.linspace(r0, r0 + dr, k)
    ths = np.linspace(theta0, theta0 + dtheta, k)
    cell_r = np.concatenate([rs, np.full(k, r0 + dr), rs[::-1], np.full(k, r0)])
    cell_t = np.concatenate([np.full(k, theta0), ths, np.full(k, theta0 + dtheta), ths[::-1]])
    ax_rt.fill(cell_r, cell_t, color=OKABE_ITO[2], alpha=0.85, gid="cell")
    ax_xy.fill(cell_r * np.cos(cell_t), cell_r * np.sin(cell_t), color=OKABE_ITO[2],
               alpha=0.85, gid="sector")

    corner = np.array([r0 * np.cos(theta0), r0 * np.sin(theta0)])
    d_r = dr * np.array([np.cos(theta0), np.sin(theta0)])                     # column 1 · dr
    d_theta = dtheta * np.array([-r0 * np.sin(theta0), r0 * np.cos(theta0)])  # column 2 · dθ
    for arrow, colour, text in ((d_r, OKABE_ITO[7], r"$dr$"),
                                (d_theta, OKABE_ITO[4], r"$r\,d\theta$")):
        ax_xy.quiver(*corner, *arrow, angles="xy", scale_units="xy", scale=1, color=colour,
                     width=0.008, zorder=3)
        away = 16 * arrow / np.linalg.norm(arrow)  # label just beyond the arrow's tip
        ax_xy.annotate(text, corner + arrow, xytext=tuple(away), textcoords="offset points",
                       color=colour, fontsize=12, ha="center", va="center",
                       bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    exact = 0.5 * ((r0 + dr) ** 2 - r0**2) * dtheta
    approx = r0 * dr * dtheta
    ax_rt.set(xlabel="$r$", ylabel=r"$\theta$", xlim=(0, r_max), ylim=(0, 2 * np.pi),
              yticks=np.arange(5) * np.pi / 2,
              yticklabels=["0", r"$\pi/2$", r"$\pi$", r"$3\pi/2$", r"$2\pi$"],
              title=rf"$(r, \theta)$ plane: rectangle of area $dr\,d\theta = {dr * dtheta:.4f}$")
    ax_xy.set(xlabel="$x$", ylabel="$y$", aspect="equal", xlim=(-r_max, r_max),
              ylim=(-r_max, r_max),
              title=rf"$(x, y)$ plane: sector area {exact:.4f}, "
                    rf"$r\,dr\,d\theta = {approx:.4f}$")
    ax_xy.grid(False)
    ax_rt.grid(False)
    return fig


def derivative_heatmaps(D, *, in_ndim: int = 2, labels=None, output_name: str = "F",
                        input_name: str = "X", zero_tol: float = 1e-9, title: str | None = None):
    """A derivative tensor drawn as a grid of heatmaps, one panel per output entry.

    ``D`` is a numeric array of shape ``out_shape + in_shape`` with ``in_ndim`` input axes (2 for
    a matrix input, 1 for a vector, drawn as one row) and at most two output axes: one output
    axis gives a row of panels, two give a grid. Panel (p, q) shows the slice ``D[p, q]`` =
    ∂F_pq/∂X with the input's row i down and column j across (1-based ticks). Colours use cividis
    on one shared scale; entries with |value| ≤ ``zero_tol`` · max|D| are left blank (white), so
    the zero pattern stands out. ``labels``, an array of the same shape (e.g. the SymPy
    derivative), writes each entry's formula in its cell.
    """
    import matplotlib as mpl

    plt = _pyplot()
    D = np.asarray(D, dtype=float)
    out_shape, in_shape = D.shape[:D.ndim - in_ndim], D.shape[D.ndim - in_ndim:]
    if len(out_shape) > 2 or in_ndim not in (1, 2):
        raise ValueError(f"cannot lay out shape {D.shape} with {in_ndim} input axes as a grid")
    grid = out_shape if len(out_shape) == 2 else (1, out_shape[0]) if out_shape else (1, 1)
    panel_shape = in_shape if in_ndim == 2 else (1,) + in_shape
    scale = max(float(np.max(np.abs(D), initial=0.0)), np.finfo(float).tiny)
    cmap = mpl.colormaps["cividis"].with_extremes(bad="white")
    norm = mpl.colors.Normalize(-scale, scale)
    cell = 0.6  # inches per entry
    width = grid[1] * (panel_shape[1] * cell + 0.9) + 1.6
    height = grid[0] * (panel_shape[0] * cell + 0.9) + 0.8
    fig, axes = plt.subplots(*grid, figsize=(min(width, 14), min(height, 11)),
                             layout="constrained", squeeze=False)
    label_array = None if labels is None else np.asarray(_label_grid(labels), dtype=object)
    for index in np.ndindex(*grid):
        out_index = index if len(out_shape) == 2 else index[1:] if out_shape else ()
        ax = axes[index]
        values = D[out_index].reshape(panel_shape)
        shown = np.ma.masked_where(np.abs(values) <= zero_tol * scale, values)
        image = ax.imshow(shown, cmap=cmap, norm=norm)
        image.set_gid("slice " + ",".join(str(k) for k in out_index))
        ax.grid(False)
        ax.set_xticks(range(panel_shape[1]), [str(j + 1) for j in range(panel_shape[1])])
        ax.set_yticks(range(panel_shape[0]), [str(i + 1) for i in range(panel_shape[0])])
        ax.set_xticks(np.arange(panel_shape[1] + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(panel_shape[0] + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="0.75", lw=0.8)
        ax.tick_params(which="minor", length=0)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("0.75")
        sub = "".join(str(k + 1) for k in out_index)
        ax.set_title(rf"$\partial {output_name}_{{{sub}}} / \partial {input_name}$"
                     if sub else rf"$\partial {output_name} / \partial {input_name}$")
        if index[0] == grid[0] - 1:
            ax.set_xlabel(f"column $j$ of ${input_name}$" if in_ndim == 2 else
                          f"entry $j$ of ${input_name}$")
        if index[1] == 0 and in_ndim == 2:
            ax.set_ylabel(f"row $i$ of ${input_name}$")
        if label_array is not None:
            texts = label_array[out_index].reshape(panel_shape)
            for (i, j), text in np.ndenumerate(texts):
                light = not np.ma.is_masked(shown[i, j]) and norm(values[i, j]) < 0.5
                ax.text(j, i, text, ha="center", va="center", fontsize=10,
                        color="white" if light else "black")
    colourbar = fig.colorbar(image, ax=axes, shrink=0.8)
    colourbar.set_label("entry value (blank: 0)")
    fig.suptitle(title or rf"$d{output_name}/d{input_name}$, shape {D.shape}: one panel per "
                          "output entry")
    return fig


def _label_grid(labels):
    """LaTeX strings ``$...$`` for every entry of a SymPy array or a nested list, same shape."""
    import sympy as sp

    array = sp.Array(labels) if not isinstance(labels, np.ndarray) else labels
    shape = tuple(array.shape)
    flat = [f"${sp.latex(e)}$" if e != 0 else "" for e in np.asarray(array.tolist(),
                                                                     dtype=object).reshape(-1)]
    return np.array(flat, dtype=object).reshape(shape)
