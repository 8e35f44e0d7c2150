"""symbolic.hessian and symbolic.taylor: the Hessian against SymPy's, Taylor polynomials against
an independent one-variable series along lines through the point, MML's example 5.15/5.16 term
by term, the forms of ``at``, the refusals, and the shapes in the steps."""

import random

import numpy as np
import pytest
import sympy as sp

from vcbook import symbolic

x, y, z, s = sp.symbols("x y z s")

HESSIAN_CASES = [
    (x**2 + 2 * x * y + y**3, [x, y]),
    (sp.exp(x) * sp.sin(y), [x, y]),
    (sp.log(1 + x**2 + y), [x, y]),
    (x * sp.cos(y * z) + sp.exp(x * z) - y**4 * z, [x, y, z]),
    (sp.exp(-x**2) * sp.log(1 + y**2) + sp.tan(z) * x, [x, y, z]),
    (sp.sin(x) ** 3, [x]),
]

# (f, variables, at): MML's example, the brief's mixes, three variables, and one variable
TAYLOR_CASES = [
    (x**2 + 2 * x * y + y**3, [x, y], (1, 2)),
    (sp.exp(x) * sp.sin(y), [x, y], (1, 2)),
    (sp.log(1 + x**2 + y), [x, y], (1, 1)),
    (sp.exp(x * z) + y**2 * sp.cos(x) + x * y * z, [x, y, z], (0, 1, 2)),
    (sp.sin(x), [x], (sp.pi / 6,)),
    (sp.exp(x), [x], (1,)),
    (sp.log(x), [x], (2,)),
]


def _directions(n: int, count: int, seed: int) -> list[list[int]]:
    """Seeded nonzero integer directions u ∈ ℤⁿ."""
    rng, found = random.Random(seed), []
    while len(found) < count:
        u = [rng.randint(-3, 3) for _ in range(n)]
        if any(u):
            found.append(u)
    return found


@pytest.mark.parametrize(("f", "variables"), HESSIAN_CASES)
def test_hessian_equals_sympys_and_is_symmetric(f, variables):
    H = symbolic.hessian(f, variables)
    n = len(variables)
    assert isinstance(H, sp.MatrixBase) and H.shape == (n, n)
    assert (H - sp.hessian(f, variables)).applyfunc(sp.simplify) == sp.zeros(n, n)
    assert (H - H.T).applyfunc(sp.simplify) == sp.zeros(n, n)


def test_hessian_of_the_mml_example_and_of_one_variable():
    assert symbolic.hessian(x**2 + 2 * x * y + y**3, [x, y]) == sp.Matrix([[2, 2], [2, 6 * y]])
    one = symbolic.hessian(sp.sin(x) ** 2, x)
    assert one.shape == (1, 1) and sp.simplify(one[0, 0] - 2 * sp.cos(2 * x)) == 0


@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize(("f", "variables", "at"), TAYLOR_CASES)
def test_taylor_agrees_with_the_series_along_lines(f, variables, at, order):
    d = symbolic.taylor(f, variables, at, order)
    for u in _directions(len(variables), 3, seed=order):
        line = {v: a + s * c for v, a, c in zip(variables, at, u, strict=True)}
        expected = sp.series(f.subs(line), s, 0, order + 1).removeO()
        along = d.result.subs(line)
        assert sp.simplify(sp.expand(along - expected)) == 0, (u, expected, along)
        assert sp.Poly(sp.expand(along), s).degree() <= order


@pytest.mark.parametrize(("f", "variables", "at"), TAYLOR_CASES)
def test_terms_are_homogeneous_in_delta_and_sum_to_the_result(f, variables, at):
    d = symbolic.taylor(f, variables, at, 4)
    assert len(d.terms) == 5 and d.order == 4
    assert sp.expand(sp.Add(*d.terms) - d.result) == 0
    u = _directions(len(variables), 1, seed=11)[0]
    lam = sp.Symbol("lam")
    for k, term in enumerate(d.terms):
        scaled = term.subs({v: a + lam * c for v, a, c in zip(variables, at, u, strict=True)})
        unit = term.subs({v: a + c for v, a, c in zip(variables, at, u, strict=True)})
        assert sp.simplify(sp.expand(scaled - lam**k * unit)) == 0, k


def test_mml_example_5_15_term_by_term():
    f = x**2 + 2 * x * y + y**3
    d = symbolic.taylor(f, [x, y], (1, 2), 3)
    assert d.terms[0] == 13
    assert sp.expand(d.terms[1] - (6 * (x - 1) + 14 * (y - 2))) == 0
    assert sp.expand(d.terms[2] - ((x - 1) ** 2 + 2 * (x - 1) * (y - 2)
                                   + 6 * (y - 2) ** 2)) == 0
    assert sp.expand(d.terms[3] - (y - 2) ** 3) == 0
    assert sp.expand(d.result - f) == 0  # a cubic is its own third-order polynomial
    assert d.derivatives[0] == 13
    assert d.derivatives[1] == sp.Array([6, 14])
    assert d.derivatives[2] == sp.Array([[2, 2], [2, 12]])
    third = np.zeros((2, 2, 2), dtype=int)
    third[1, 1, 1] = 6
    assert d.derivatives[3] == sp.Array(third.tolist())
    bodies = dict(d.steps)
    first = bodies["first order: ∇f(x₀) is 1×2, δ is 2×1"]
    assert sp.latex(sp.Matrix([[6, 14]])) in first
    assert first.endswith(r"= 6 \left(x - 1\right) + 14 \left(y - 2\right)")
    second = bodies["second order: H(x₀) is 2×2, δ is 2×1"]
    assert sp.latex(sp.Matrix([[2, 2], [2, 12]])) in second
    assert second.endswith(r"\left(x - 1\right)^{2} + 2 \left(x - 1\right) \left(y - 2\right)"
                           r" + 6 \left(y - 2\right)^{2}")
    third_step = bodies["third order: D³f(x₀) is 2×2×2, δ is 2×1"]
    assert r"\sum_{i,j,k}" in third_step and third_step.endswith(r"= \left(y - 2\right)^{3}")
    assert bodies["zeroth order: f(x₀) is a scalar"] == r"f(\mathbf{x}_0) = 13"
    assert d.steps[-1][1].endswith(r"= x^{2} + 2 x y + y^{3}")


def test_mml_example_lower_and_higher_orders():
    f = x**2 + 2 * x * y + y**3
    second = symbolic.taylor(f, [x, y], (1, 2), 2).result
    assert sp.expand(f - second) == sp.expand((y - 2) ** 3)
    fourth = symbolic.taylor(f, [x, y], (1, 2), 4)
    assert fourth.terms[4] == 0 and sp.expand(fourth.result - f) == 0
    assert symbolic.taylor(f, [x, y], (1, 2), 0).result == 13


def test_the_tensors_are_hessian_and_repeated_derivative_at_the_point():
    f, variables, at = TAYLOR_CASES[3]
    d = symbolic.taylor(f, variables, at, 4)
    point = dict(zip(variables, at, strict=True))
    assert sp.Matrix(d.derivatives[2].tolist()) == symbolic.hessian(f, variables).subs(point)
    tensor = f
    for k in range(1, 5):
        tensor = symbolic.derivative(tensor, variables)
        assert d.derivatives[k].shape == (3,) * k
        assert d.derivatives[k] == tensor.subs(point), k


@pytest.mark.parametrize("at", [[1, 2], (1, 2), {x: 1, y: 2}, {y: 2, x: 1}, np.array([1, 2]),
                                sp.Matrix([1, 2])])
def test_every_form_of_at_gives_the_same_polynomial(at):
    f = sp.exp(x) * sp.sin(y)
    expected = symbolic.taylor(f, [x, y], (1, 2), 3)
    d = symbolic.taylor(f, [x, y], at, 3)
    assert d.point == (1, 2)
    assert d.result == expected.result and d.terms == expected.terms


@pytest.mark.parametrize("variables", [x, [x], (x,)])
@pytest.mark.parametrize("at", [sp.pi / 6, [sp.pi / 6], (sp.pi / 6,), {x: sp.pi / 6}])
def test_one_variable_accepts_a_number(variables, at):
    d = symbolic.taylor(sp.sin(x), variables, at, 3)
    a = sp.pi / 6
    expected = (sp.sin(a) + sp.cos(a) * (x - a) - sp.sin(a) * (x - a) ** 2 / 2
                - sp.cos(a) * (x - a) ** 3 / 6)
    assert sp.simplify(d.result - expected) == 0
    assert d.variables == (x,)
    assert "first order: ∇f(x₀) is 1×1, δ is 1×1" in dict(d.steps)


@pytest.mark.parametrize("order", [-1, 5, 2.0, True, "2", None])
def test_bad_order_is_refused_clearly(order):
    with pytest.raises(ValueError, match="order must be a whole number from 0 to 4"):
        symbolic.taylor(x * y, [x, y], (1, 2), order)


@pytest.mark.parametrize(("at", "message"), [
    ((1, 2, 3), "3 value"),
    ([1], "1 value"),
    ({x: 1}, r"missing: \[y\]"),
    ({x: 1, y: 2, z: 3}, r"not variables: \[z\]"),
    (1, "single value but there are 2 variables"),
    ("1, 2", "not text"),
    ((x, 2), "number"),
    ((1, "2"), "number"),
])
def test_bad_point_is_refused_clearly(at, message):
    with pytest.raises(ValueError, match=message):
        symbolic.taylor(x * y, [x, y], at, 2)


def test_bad_variables_and_a_singular_point_are_refused():
    with pytest.raises(ValueError, match="Symbols"):
        symbolic.taylor(x * y, [x, 2], (1, 2), 2)
    with pytest.raises(ValueError, match="distinct"):
        symbolic.taylor(x * y, [x, x], (1, 2), 2)
    with pytest.raises(ValueError, match="no finite derivative of order 0"):
        symbolic.taylor(sp.log(x), x, 0, 1)
    with pytest.raises(ValueError, match="no finite derivative of order 1"):
        symbolic.taylor(sp.sqrt(x), x, 0, 2)


def test_steps_are_latex_with_the_shapes():
    d = symbolic.taylor(sp.exp(x) * sp.sin(y), [x, y], (1, 2), 4)
    labels = [label for label, _ in d.steps]
    assert all(isinstance(body, str) and "\\" in body for _, body in d.steps)
    assert labels == ["function and point: x₀ and δ = x − x₀ are 2×1",
                      "zeroth order: f(x₀) is a scalar",
                      "first order: ∇f(x₀) is 1×2, δ is 2×1",
                      "second order: H(x₀) is 2×2, δ is 2×1",
                      "third order: D³f(x₀) is 2×2×2, δ is 2×1",
                      "fourth order: D⁴f(x₀) is 2×2×2×2, δ is 2×1",
                      "Taylor polynomial of degree 4"]
    bodies = dict(d.steps)
    assert r"\in \mathbb{R}^{2 \times 2 \times 2}" in bodies[labels[4]]
    assert r"\sum_{i,j,k,l}" in bodies[labels[5]]
    latex = d._repr_latex_()
    assert latex.startswith(r"$$\begin{aligned}") and latex.endswith(r"\end{aligned}$$")
    assert latex.count(r"\text{") == len(d.steps)
    three = symbolic.taylor(TAYLOR_CASES[3][0], [x, y, z], (0, 1, 2), 3)
    assert "third order: D³f(x₀) is 3×3×3, δ is 3×1" in dict(three.steps)


def test_a_zero_coordinate_prints_as_the_variable_and_repr_lists_the_terms():
    d = symbolic.taylor(sp.exp(x) * sp.cos(y), [x, y], (0, 0), 2)
    assert sp.expand(d.result - (1 + x + x**2 / 2 - y**2 / 2)) == 0
    assert dict(d.steps)["first order: ∇f(x₀) is 1×2, δ is 2×1"].endswith("= x")
    text = repr(d)
    assert text.startswith("TaylorDerivation of exp(x)*cos(y) about x = 0, y = 0, order 2")
    assert "first order: x" in text and text.endswith("result: x**2/2 + x - y**2/2 + 1")


def test_an_undefined_function_gives_the_textbook_formula():
    g = sp.Function("g")
    d = symbolic.taylor(g(x), x, 0, 3)
    assert sp.simplify(d.result - sp.series(g(x), x, 0, 4).removeO()) == 0
    assert d.terms[0] == g(0)
    assert d.derivatives[2][0, 0] == sp.Subs(sp.Derivative(g(x), (x, 2)), x, 0)
