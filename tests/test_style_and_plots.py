"""vcbook.setup() and the chain-rule figure."""

import matplotlib

matplotlib.use("Agg")  # this test process only; kernels are unaffected

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

import vcbook
from vcbook import plots
from vcbook.style import OKABE_ITO


def test_setup_returns_the_seeded_generator_and_styles_figures():
    rng = vcbook.setup()
    assert rng.random() == np.random.default_rng(0).random()
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert [c.upper() for c in colours] == [c.upper() for c in OKABE_ITO]
    assert np.get_printoptions()["precision"] == 4


def test_chain_rule_path_draws_gradient_and_velocity_at_t0():
    vcbook.setup()
    t = sp.Symbol("t", real=True)
    x1, x2 = sp.symbols("x1 x2", real=True)
    t0 = 1.0
    fig = plots.chain_rule_path(x1**2 + 2 * x2, {x1: sp.sin(t), x2: sp.cos(t)}, t, t0)
    ax, ax_t = fig.axes[:2]  # then the colour bar
    gradient_arrow, velocity_arrow = ax.collections[-2:]
    assert np.allclose([gradient_arrow.U[0], gradient_arrow.V[0]], [2 * np.sin(t0), 2.0])
    assert np.allclose([velocity_arrow.U[0], velocity_arrow.V[0]], [np.cos(t0), -np.sin(t0)])
    dfdt = 2 * np.sin(t0) * (np.cos(t0) - 1)
    assert f"{dfdt:.3f}" in ax.get_title()
    marker = ax_t.lines[-1]
    assert marker.get_xdata()[0] == t0 and marker.get_ydata()[0] == pytest.approx(dfdt)
    assert ax.get_xlabel() and ax.get_ylabel() and ax_t.get_xlabel() == "$t$"
    plt.close(fig)
