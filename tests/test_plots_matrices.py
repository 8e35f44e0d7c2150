"""The figures of chapters 02 and 03: assert what they draw, not only that they ran."""

import matplotlib

matplotlib.use("Agg")  # this test process only; kernels are unaffected

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

import vcbook
from vcbook import numeric, plots, symbolic

x, y = sp.symbols("x y", real=True)
SQUARE_MAP = [x**2 - y**2, 2 * x * y]


def _square_map(px, py):
    return np.array([px**2 - py**2, 2 * px * py])


def _by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


@pytest.fixture(autouse=True)
def _style_and_close():
    vcbook.setup()
    yield
    plt.close("all")


def test_linearisation_draws_the_map_and_its_linearisation():
    p = np.array([1.0, 0.5])
    fig = plots.linearisation(SQUARE_MAP, [x, y], p, radius=0.5, lines=5)
    ax_in, ax_out, ax_zoom = fig.axes
    J = np.array([[2 * p[0], -2 * p[1]], [2 * p[1], 2 * p[0]]])
    inputs = [line for line in ax_in.lines if len(line.get_xdata()) > 1]
    images = _by_gid(ax_out, "image-grid")
    linear = _by_gid(ax_out, "linear-grid")
    assert len(inputs) == len(images) == len(linear) == 2 * 5
    for source, curved, straight in zip(inputs, images, linear, strict=True):
        points = np.array([source.get_xdata(), source.get_ydata()])
        assert np.allclose([curved.get_xdata(), curved.get_ydata()], _square_map(*points))
        expected = _square_map(*p)[:, None] + J @ (points - p[:, None])
        assert np.allclose([straight.get_xdata(), straight.get_ydata()], expected)
    det = abs(np.linalg.det(J))
    assert det == pytest.approx(5.0)
    assert f"{det:.3f}" in ax_zoom.get_title()
    # The area ratio in the title is the measured one, close to |det J| for a small square.
    ratio = float(ax_zoom.get_title().split("ratio ")[1].split()[0])
    assert ratio == pytest.approx(det, rel=0.02) and ratio != pytest.approx(det, rel=1e-6)
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_linearisation_square_image_and_parallelogram():
    p = np.array([0.5, -1.0])
    side = 0.1
    fig = plots.linearisation(SQUARE_MAP, [x, y], p, square=side)
    ax_in, _, ax_zoom = fig.axes
    box = _by_gid(ax_in, "square")[0].get_xy().T
    assert np.allclose(box.min(axis=1), p - side / 2) and np.allclose(box.max(axis=1),
                                                                      p + side / 2)
    image = _by_gid(ax_zoom, "image-square")[0].get_xy().T
    assert np.allclose(image[:, :-1], _square_map(*box)[:, :image.shape[1] - 1])
    parallelogram = np.array([line.get_xydata() for line in _by_gid(ax_zoom, "linear-square")][0]).T
    J = np.array([[2 * p[0], -2 * p[1]], [2 * p[1], 2 * p[0]]])
    corner = p - side / 2
    assert np.allclose(parallelogram[:, 0], _square_map(*p) + J @ (corner - p))


def test_polar_area_element_sector_arrows_and_areas():
    r0, t0, dr, dt = 1.25, np.pi / 8, 0.25, np.pi / 8
    fig = plots.polar_area_element(r0, t0, dr, dt)
    ax_rt, ax_xy = fig.axes
    sector = _by_gid(ax_xy, "sector")[0].get_xy()
    radii = np.hypot(sector[:, 0], sector[:, 1])
    angles = np.arctan2(sector[:, 1], sector[:, 0])
    assert radii.min() == pytest.approx(r0) and radii.max() == pytest.approx(r0 + dr)
    assert angles.min() == pytest.approx(t0) and angles.max() == pytest.approx(t0 + dt)
    cell = _by_gid(ax_rt, "cell")[0].get_xy()
    assert np.allclose(np.hypot(*sector.T), cell[:, 0]) and np.allclose(angles, cell[:, 1])
    d_r, d_theta = ax_xy.collections[-2:]
    J = np.array([[np.cos(t0), -r0 * np.sin(t0)], [np.sin(t0), r0 * np.cos(t0)]])
    assert np.allclose([d_r.U[0], d_r.V[0]], J[:, 0] * dr)
    assert np.allclose([d_theta.U[0], d_theta.V[0]], J[:, 1] * dt)
    assert np.linalg.det(J) == pytest.approx(r0)
    exact = 0.5 * ((r0 + dr) ** 2 - r0**2) * dt
    assert f"{exact:.4f}" in ax_xy.get_title() and f"{r0 * dr * dt:.4f}" in ax_xy.get_title()
    assert ax_rt.get_xlabel() == "$r$" and ax_xy.get_xlabel() == "$x$"


def test_heatmaps_of_drdr_show_every_slice_with_zeros_blank():
    M, N = 3, 2
    R = symbolic.symbols_matrix("R", M, N)
    D_sym = symbolic.derivative(R.T * R, R)
    R0 = np.random.default_rng(0).standard_normal((M, N))
    D = numeric.derivative(lambda r: r.T @ r, R0)
    fig = plots.derivative_heatmaps(D, labels=D_sym, output_name="K", input_name="R")
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == N * N
    for ax, (p, q) in zip(panels, np.ndindex(N, N), strict=True):
        shown = ax.images[0].get_array()
        assert ax.images[0].get_gid() == f"slice {p},{q}"
        assert shown.shape == (M, N)
        assert np.allclose(shown.filled(0.0), D[p, q])
        assert np.array_equal(np.ma.getmaskarray(shown), D[p, q] == 0)
        assert ax.get_title() == rf"$\partial K_{{{p + 1}{q + 1}}} / \partial R$"
        texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
                 for t in ax.texts}
        for i, j in np.ndindex(M, N):
            entry = D_sym[p, q, i, j]
            assert texts[(i, j)] == ("" if entry == 0 else f"${sp.latex(entry)}$")
    # One shared colour scale for all panels, symmetric about zero.
    limits = {panel.images[0].get_clim() for panel in panels}
    assert limits == {(-np.abs(D).max(), np.abs(D).max())}
    assert "(2, 2, 3, 2)" in fig.get_suptitle()


def test_heatmaps_of_a_vector_output_make_one_row():
    M, N = 2, 3
    x0 = np.array([1.0, -2.0, 0.5])
    D = numeric.derivative(lambda a: a @ x0, np.ones((M, N)))
    fig = plots.derivative_heatmaps(D, output_name="f", input_name="A")
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == M
    for i, ax in enumerate(panels):
        shown = ax.images[0].get_array()
        expected = np.zeros((M, N))
        expected[i] = x0
        assert np.allclose(shown.filled(0.0), expected)
        assert np.ma.getmaskarray(shown)[1 - i].all() and not np.ma.getmaskarray(shown)[i].any()
    assert panels[0].get_ylabel() == "row $i$ of $A$"
    assert panels[-1].get_xlabel() == "column $j$ of $A$"


def test_heatmaps_refuse_what_they_cannot_lay_out():
    with pytest.raises(ValueError, match="cannot lay out"):
        plots.derivative_heatmaps(np.zeros((2, 2, 2, 2, 2)))
