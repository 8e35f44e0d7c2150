"""The teaching views: the evaluation trace of the notes' example (every number against its
closed form), graph drawings, gradient-check reports, the step-size figure, light imports."""

import subprocess
import sys

import numpy as np
import pytest
from autodiff_examples import notes_example

import vcbook.autodiff as ad
from vcbook import numeric

X0 = 0.7


def closed_forms(x):
    """Values, local derivatives, tangents (ẋ = 1) and adjoints (f̄ = 1) of notes §8, by hand."""
    a = x**2
    b = np.exp(a)
    c = a + b
    d = np.sqrt(c)
    e = np.cos(c)
    value = {"x": x, "a": a, "b": b, "c": c, "d": d, "e": e, "f": d + e}
    local = {("a", "x"): 2 * x, ("b", "a"): np.exp(a), ("c", "a"): 1.0, ("c", "b"): 1.0,
             ("d", "c"): 1 / (2 * np.sqrt(c)), ("e", "c"): -np.sin(c), ("f", "d"): 1.0,
             ("f", "e"): 1.0}
    dot = {"x": 1.0, "a": 2 * x}
    dot["b"] = np.exp(a) * dot["a"]
    dot["c"] = dot["a"] + dot["b"]
    dot["d"] = dot["c"] / (2 * np.sqrt(c))
    dot["e"] = -np.sin(c) * dot["c"]
    dot["f"] = dot["d"] + dot["e"]
    bar = {"f": 1.0, "d": 1.0, "e": 1.0}
    bar["c"] = bar["d"] / (2 * np.sqrt(c)) + bar["e"] * (-np.sin(c))  # ∂f/∂c
    bar["b"] = bar["c"]  # ∂f/∂b = ∂f/∂c · 1
    bar["a"] = bar["b"] * np.exp(a) + bar["c"]  # ∂f/∂a
    bar["x"] = bar["a"] * 2 * x  # ∂f/∂x
    return value, local, dot, bar


def test_the_notes_example_trace_matches_every_closed_form():
    trace = ad.evaluation_trace(notes_example, X0)
    value, local, dot, bar = closed_forms(X0)
    assert [row.name for row in trace.rows] == ["x", "a", "b", "c", "d", "e", "f"]
    assert [row.op for row in trace.rows] == ["input", "square", "exp", "add", "sqrt", "cos",
                                              "add"]
    assert trace["c"].parents == ("a", "b") and trace["f"].parents == ("d", "e")
    for row in trace.rows:
        assert row.shape == ()
        assert float(row.value) == pytest.approx(value[row.name], rel=1e-15)
        assert float(row.tangent) == pytest.approx(dot[row.name], rel=1e-14)
        assert float(row.adjoint) == pytest.approx(bar[row.name], rel=1e-14)
        for parent, number in zip(row.parents, row.local, strict=True):
            assert float(number) == pytest.approx(local[(row.name, parent)], rel=1e-15)
    # forward and reverse mode give the same derivative: the closed form of §7
    c = X0**2 + np.exp(X0**2)
    df = 2 * X0 * (1 / (2 * np.sqrt(c)) - np.sin(c)) * (1 + np.exp(X0**2))
    assert float(trace.tangent) == pytest.approx(df, rel=1e-14)
    assert float(trace.gradient) == pytest.approx(df, rel=1e-14)
    assert float(trace.value) == pytest.approx(value["f"])


def test_the_trace_shows_formulas_in_jupyter_and_numbers_in_text():
    trace = ad.evaluation_trace(notes_example, X0)
    html = trace._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 8
    assert r"$\frac{\partial b}{\partial a} = e^{a}$" in html
    assert r"$\frac{\partial d}{\partial c} = \frac{1}{2\sqrt{c}}$" in html
    assert "$c = a + b$" in html
    text = repr(trace)
    for piece in ("b = exp(a)", "d = √(c)", "e = cos c", "∂e/∂c = ", "tangent", "adjoint"):
        assert piece in text
    assert trace["b"].local_latex == ("e^{a}",)


def test_trace_modes_seeds_and_array_inputs():
    W = np.arange(6.0).reshape(2, 3)

    def layer(x, bias):
        z = W @ x + bias
        return ad.sum(ad.tanh(z))

    x, bias = np.array([0.1, -0.2, 0.3]), np.array([0.5, -0.5])
    trace = ad.evaluation_trace(layer, x, bias, mode="reverse")
    assert trace["z"].definition.startswith("z = ")
    assert "W" in trace.rows[2].definition  # constants are named after f's globals
    assert all(row.tangent is None for row in trace.rows)
    gx, gb = ad.grad(layer, argnums=(0, 1))(x, bias)
    np.testing.assert_allclose(trace["x"].adjoint, gx)
    np.testing.assert_allclose(trace["bias"].adjoint, gb)
    product = next(row for row in trace.rows if row.op == "matmul")
    np.testing.assert_array_equal(product.local[0], W)  # the local Jacobian of W @ x is W
    assert trace["z"].local == (1.0, 1.0)
    forward = ad.evaluation_trace(layer, x, bias, mode="forward", tangents=(np.ones(3),
                                                                            np.zeros(2)))
    assert all(row.adjoint is None for row in forward.rows)
    assert float(forward.tangent) == pytest.approx(float(gx @ np.ones(3)))
    assert "adjoint" not in repr(forward)
    with pytest.raises(ValueError, match="mode"):
        ad.evaluation_trace(layer, x, bias, mode="sideways")
    with pytest.raises(ValueError, match="does not depend"):
        ad.evaluation_trace(lambda x: 1.0, x)
    unnamed = ad.evaluation_trace(lambda x: ad.sin(x) * x, 1.0)
    assert [row.name for row in unnamed.rows] == ["x", "v1", "y"]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_draw_graph_labels_every_edge_with_its_local_derivative(mode):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = ad.draw_graph(notes_example, X0, mode=mode)
    assert isinstance(fig, Figure)
    texts = fig.axes[0].texts
    edges = {t.get_gid(): t.get_text() for t in texts if (t.get_gid() or "").startswith("edge:")}
    assert set(edges) == {"edge:x->a", "edge:a->b", "edge:a->c", "edge:b->c", "edge:c->d",
                          "edge:c->e", "edge:d->f", "edge:e->f"}
    assert r"\partial b/\partial a = e^{a}" in edges["edge:a->b"]
    assert r"-\sin c" in edges["edge:c->e"]
    nodes = [t for t in texts if (t.get_gid() or "").startswith("node:")]
    assert len(nodes) == 7
    mark = r"\dot" if mode == "forward" else r"\bar"
    assert any(mark in t.get_text() for t in texts)
    FigureCanvasAgg(fig).draw()  # every label is valid mathtext
    with pytest.raises(ValueError, match="mode"):
        ad.draw_graph(notes_example, X0, mode="both")


def test_check_grads_report_and_options():
    report = ad.check_grads(lambda x, y: ad.sum(x * ad.sin(y)), np.ones(3), np.zeros(3))
    assert report.ok and len(report.jacobians) == 4
    assert repr(report).startswith("GradCheck: OK")
    big = ad.check_grads(lambda x: ad.sum(ad.exp(x)), np.zeros(500), directions=2)
    assert big.ok and big.jacobians == {} and len(big.comparisons) == 6


def test_finite_difference_errors_show_truncation_and_rounding():
    errors = ad.finite_difference_errors(ad.sin, 1.0)
    assert errors.exact == pytest.approx(np.cos(1.0))
    assert 1e-7 <= errors.best_step <= 1e-3  # central differences: h ~ eps^(1/3)
    h = errors.steps
    big = (h >= 1e-3) & (h <= 1e-1)  # truncation: |h² sin'(1)'' / 6| = h² cos(1) / 6
    np.testing.assert_allclose(errors.central[big] / h[big] ** 2, np.cos(1.0) / 6, rtol=0.01)
    assert errors.one_sided[np.argmin(abs(h - 1e-2))] > 1e-3  # truncation ∝ h
    assert errors.central[np.argmin(abs(h - 1e-14))] > 1e-4  # rounding ∝ eps/h
    assert min(errors.central) < 1e-10 < min(errors.one_sided)


def test_step_size_plot():
    fig = ad.plot_step_size(lambda x: ad.sum(ad.exp(x)), np.array([0.1, 0.2]))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 6 and ax.get_xlabel() and ax.get_ylabel()
    labels = [line.get_label() for line in ax.get_lines()]
    assert "central difference" in labels and "one-sided difference" in labels


def test_importing_the_engine_loads_neither_sympy_nor_matplotlib():
    code = ("import sys, vcbook, vcbook.autodiff as ad; ad.grad(lambda x: ad.sin(x))(1.0); "
            "print('sympy' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_newcomer_finds_exps_derivative_in_the_rules_table():
    from pathlib import Path

    import vcbook.autodiff.rules as rules

    assert "rules.py" in ad.exp.__doc__ and "e^{x}" in ad.exp.__doc__
    source = Path(rules.__file__).read_text()
    assert 'register(elementwise("exp", np.exp, (lambda out, x: out,)' in source


def test_reassigned_names_get_primes_not_duplicates():
    """Regression: f that reassigned its argument gave two rows named "x" (found writing ch05)."""
    import numpy as np

    import vcbook.autodiff as ad

    def f(x):
        x = x * ad.sin(x)
        return x * ad.sin(x)

    trace = ad.evaluation_trace(f, np.float64(0.7), mode="reverse")
    names = [row.name for row in trace.rows]
    assert len(names) == len(set(names)), names
    assert names[0] == "x" and "x'" in names
    assert trace["x"].op == "input"
    assert np.isclose(trace["x'"].value, 0.7 * np.sin(0.7))


def test_figures_are_made_through_pyplot_and_labels_are_not_repeated():
    """Regression: figures built without pyplot did not show in Jupyter, and constant edges
    were labelled "= 1" twice."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    import vcbook.autodiff as ad

    def f(x):
        a = x * x
        b = ad.exp(a)
        return a + b

    fig = ad.draw_graph(f, np.float64(0.5), mode="reverse")
    assert plt.fignum_exists(fig.number)
    label = next(t for t in fig.axes[0].texts if t.get_gid() == "edge:a->y")
    assert label.get_text().count("= 1") == 1
    step_fig = ad.plot_step_size(lambda v: ad.sum(ad.sin(v)), np.array([0.3, 0.4]))
    assert plt.fignum_exists(step_fig.number)
    plt.close("all")


def test_the_trace_of_a_gradient_is_forward_over_reverse_with_the_users_names():
    """ad.evaluation_trace(ad.grad(f), x): the rows are f's forward pass (named by f's
    variables) and then its reverse sweep, recorded one level up; the tangent of the last row
    is f''(x) (forward over reverse)."""
    def f(x):
        a = x**2
        b = ad.exp(a)
        c = a + b
        return ad.sqrt(c) + ad.cos(c)

    x = 0.5
    trace = ad.evaluation_trace(ad.grad(f), x, mode="forward")
    names = [row.name for row in trace.rows]
    assert names[:4] == ["x", "a", "b", "c"]
    assert trace["c"].value == pytest.approx(x**2 + np.exp(x**2))
    a, b = x**2, np.exp(x**2)
    c = a + b
    assert trace.value == pytest.approx((0.5 / np.sqrt(c) - np.sin(c)) * (1 + b) * 2 * x)
    assert trace.tangent == pytest.approx(ad.grad(ad.grad(f))(x), rel=1e-12)
    assert trace.tangent == pytest.approx(
        numeric.derivative(ad.grad(f), x), rel=1e-7)
    # the reverse sweep reads sin c (the derivative of cos c): it is a row of the trace
    assert any(row.op == "sin" and row.parents == ("c",) for row in trace.rows)


@pytest.mark.parametrize("ord_, x, display, local_latex, local", [
    (None, [3.0, -4.0], r"\|x\|", r"\frac{x^{\top}}{\|x\|}", [0.6, -0.8]),
    (1, [3.0, -4.0], r"\|x\|_1", r"\operatorname{sign}(x)^{\top}", [1.0, -1.0]),
    (np.inf, [3.0, -4.0], r"\|x\|_\infty", r"\arg\max_i |x_i|", [0.0, -1.0]),
    (-np.inf, [3.0, -4.0], r"\|x\|_{-\infty}", r"\arg\min_i |x_i|", [1.0, 0.0]),
    (None, [[3.0, 0.0], [0.0, -4.0]], r"\|x\|_F", r"\frac{x}{\|x\|_F}",
     [[0.6, 0.0], [0.0, -0.8]]),
])
def test_a_norms_trace_row_shows_the_formula_of_its_own_ord(ord_, x, display, local_latex,
                                                            local):
    # found by review: every ord showed the 2-norm's x^T/||x||
    row = ad.evaluation_trace(lambda x: ad.norm(x, ord_), np.array(x)).rows[-1]
    assert row.definition == f"y = {display}"
    assert local_latex in row.local_latex[0]
    np.testing.assert_allclose(row.local[0], local)
