"""The graph machinery: deep and wide graphs, no reference cycles, random expression graphs
(hypothesis) against central differences, and adding a primitive as one table entry."""

import gc
import re
import weakref
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vcbook.autodiff as ad
from vcbook import numeric
from vcbook.autodiff.node import Node
from vcbook.autodiff.reverse import toposort

# --- depth, width, linear cost ---------------------------------------------------------------

def deep(x, depth=100_000):
    for _ in range(depth):
        x = ad.sin(x)
    return x


def test_depth_100000_in_both_modes():
    x0 = 1.0
    value, g = ad.value_and_grad(deep)(x0)
    _, t = ad.jvp(deep, x0, 1.0)
    assert g == pytest.approx(float(t), rel=1e-12)
    x, expected = x0, 1.0  # the chain rule by hand: the product of cos(x_k)
    for _ in range(100_000):
        expected *= np.cos(x)
        x = np.sin(x)
    assert value == pytest.approx(x, rel=1e-12) and g == pytest.approx(expected, rel=1e-10)
    assert 0 < g < 1e-6  # ~ (3/k)^(3/2): small, but not underflowed


def test_a_long_python_sum_and_element_by_element_indexing():
    x = np.random.default_rng(0).standard_normal(2000)
    g = ad.grad(lambda x: sum(x[i] * x[i] for i in range(len(x))))(x)  # 2000 indexings
    np.testing.assert_allclose(g, 2 * x)
    g = ad.grad(lambda x: sum(ad.sin(x[i]) for i in range(len(x))))(x)
    np.testing.assert_allclose(g, np.cos(x))


def test_toposort_puts_parents_first_and_visits_each_node_once():
    x = Node(np.float64(1.0))
    a = x * 2.0
    b = a + x
    c = b * a
    order = toposort(c)
    assert len(order) == len({id(n) for n in order}) == 4
    position = {id(n): k for k, n in enumerate(order)}
    for node in order:
        for _, parent in node.parents:
            assert position[id(parent)] < position[id(node)]


# --- memory: no cycles, nothing kept ---------------------------------------------------------

def test_no_reference_cycles_and_nothing_survives_a_call():
    gc.collect()
    seen = []

    def f(x):
        y = ad.sum(ad.exp(x) * x + x[0])
        seen.append(weakref.ref(y))
        return y

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            ad.value_and_grad(f)(np.ones(4))
            ad.jacobian(f, mode="forward")(np.ones(4))
            _, pullback = ad.vjp(f, np.ones(4))
            pullback(1.0)
            del pullback
            ad.jvp(f, np.ones(4), np.ones(4))
            ad.evaluation_trace(f, np.ones(4))
        assert all(ref() is None for ref in seen)  # freed by reference counting alone
        assert gc.collect() == 0  # nothing cyclic was left for the collector
    finally:
        if was_enabled:
            gc.enable()


# --- hypothesis: random expression graphs ----------------------------------------------------

UNARY = [("sin", ad.sin, np.sin), ("cos", ad.cos, np.cos), ("tanh", ad.tanh, np.tanh),
         ("exp", lambda v: ad.exp(v * 0.3), lambda v: np.exp(v * 0.3)),
         ("sqrt", lambda v: ad.sqrt(v * v + 1.0), lambda v: np.sqrt(v * v + 1.0)),
         ("log", lambda v: ad.log(v * v + 1.0), lambda v: np.log(v * v + 1.0)),
         ("neg", lambda v: -v, lambda v: -v), ("square", lambda v: v**2, lambda v: v**2)]
BINARY = [("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
          ("/", lambda a, b: a / (b * b + 1.0))]
SHAPES = [(), (3,), (2, 3), (2, 1)]


@st.composite
def programs(draw):
    """A random straight-line program: each step applies an op to earlier variables."""
    steps = []
    for k in range(draw(st.integers(1, 10))):
        if draw(st.booleans()):
            steps.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, k))))
        else:
            steps.append(("b", draw(st.integers(0, len(BINARY) - 1)), draw(st.integers(0, k)),
                          draw(st.integers(0, k))))
    return steps


def run(program, x, ours):
    variables = [x]
    for step in program:
        if step[0] == "u":
            _, mine, theirs = UNARY[step[1]]
            variables.append((mine if ours else theirs)(variables[step[2]]))
        else:
            variables.append(BINARY[step[1]][1](variables[step[2]], variables[step[3]]))
    total = variables[-1] + 0.5 * variables[len(variables) // 2]
    return ad.sum(total) if ours else np.sum(total)


@settings(max_examples=60, deadline=None)
@given(program=programs(), shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**16))
def test_random_expression_graphs_match_central_differences(program, shape, seed):
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, shape)
    expected = numeric.derivative(lambda x: run(program, x, ours=False), x)
    g = ad.grad(lambda x: run(program, x, ours=True))(x)
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    np.testing.assert_allclose(g, expected, atol=1e-6 * scale)
    fwd = ad.jacobian(lambda x: run(program, x, ours=True), mode="forward")(x)
    np.testing.assert_allclose(fwd, g, rtol=1e-12, atol=1e-12 * scale)


# --- adding a primitive is one table entry ---------------------------------------------------

CONTRIBUTING = Path(__file__).resolve().parents[1] / "CONTRIBUTING.md"


def contributing_examples() -> list[str]:
    """The Python code blocks of CONTRIBUTING.md's autodiff section, as written there."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text[text.index("## The autodiff engine"):]
    section = section[:section.index("\n## ")]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_contributing_md_examples_add_a_primitive_as_one_table_entry_in_both_modes():
    examples = contributing_examples()
    assert len(examples) == 2 and "softplus" in examples[0] and "cross" in examples[1]
    assert "softplus" not in ad.RULES and "cross" not in ad.RULES, (
        "CONTRIBUTING.md shows how to add softplus and cross; now that the engine has one, pick "
        "another primitive it lacks for that page and for this test")
    namespace = {"np": np, "register": ad.register, "elementwise": ad.elementwise,
                 "Rule": ad.Rule}  # what rules.py has at hand
    try:
        for example in examples:
            exec(example, namespace)  # the contributor guide's own text, run as written
        x = np.random.default_rng(3).standard_normal((2, 3))
        report = ad.check_grads(lambda x: ad.softplus(x) * x, x)
        assert report.ok, report
        assert len(report.jacobians) == 2  # full forward- and reverse-mode Jacobians checked
        np.testing.assert_allclose(ad.softplus(x), np.log1p(np.exp(x)), rtol=1e-15)
        s = 1.0 / (1.0 + np.exp(-x))
        np.testing.assert_allclose(ad.grad(lambda x: ad.sum(ad.softplus(x)))(x), s, rtol=1e-14)
        trace = ad.evaluation_trace(lambda x: ad.softplus(x), 0.5)
        assert trace.rows[-1].local[0] == pytest.approx(1.0 / (1.0 + np.exp(-0.5)))
        assert trace.rows[-1].local_latex[0] == r"\sigma(x)"
        rng = np.random.default_rng(4)
        a, b = rng.standard_normal(3), rng.standard_normal(3)
        report = ad.check_grads(ad.cross, a, b)
        assert report.ok, report
        np.testing.assert_allclose(ad.jacobian(ad.cross, argnums=1)(a, b),
                                   [[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    finally:
        for name in ("softplus", "cross"):
            if name in ad.RULES:
                ad.unregister(name)
    assert not hasattr(ad, "softplus") and not hasattr(ad, "cross")


def test_a_wrong_rule_is_caught_in_both_modes():
    wrong_sign = ad.elementwise("badsin", np.sin, (lambda out, x: -np.cos(x),), (r"-\cos x",))
    ad.register(wrong_sign)
    try:
        report = ad.check_grads(ad.badsin, np.array([0.1, 0.7]))
        assert not report.ok
        failed = [c.what for c in report.comparisons if not c.ok]
        assert any("JVP vs central" in w for w in failed)
        assert any("VJP vs central" in w for w in failed)
        assert "MISMATCH" in repr(report) and "wrong sign" in repr(report)
    finally:
        ad.unregister("badsin")
    only_vjp_wrong = ad.Rule("badexp", np.exp, jvp=(lambda t, out, x: t * out,),
                             vjp=(lambda g, out, x: 2 * g * out,), latex=("e^{x}",))
    ad.register(only_vjp_wrong)
    try:
        report = ad.check_grads(ad.badexp, np.array([0.1, 0.7]))
        failed = [c.what for c in report.comparisons if not c.ok]
        assert any("JVP vs VJP" in w for w in failed)
        assert not any("JVP vs central" in w for w in failed)
    finally:
        ad.unregister("badexp")


def test_registering_cannot_shadow_the_api():
    with pytest.raises(ValueError, match="not a primitive"):
        ad.register(ad.elementwise("grad", np.sin, (lambda out, x: np.cos(x),), ("c",)))
