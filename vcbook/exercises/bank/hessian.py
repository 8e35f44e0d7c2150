"""Family "hessian": second derivatives, each problem asking for one quantity.

- **Entry by entry** (f of 2 or 3 variables built from polynomials, exp, log, sin and cos): the
  Hessian matrix ``[a, b; c, d]``, one second partial derivative, or the Hessian at a point
  (numbers). Answers and worked solutions come from ``vcbook.symbolic`` (``gradient``,
  ``hessian``); the classic mistakes are rows of ``MATRIX_MISTAKES`` (for the matrix) and
  ``MIXED_MISTAKES``, ``PURE_MISTAKES`` and ``SLIPS`` (for one entry): a model of the wrong
  entry and the key of the message that teaches the fix.
- **Matrix notation** (quadratic forms, least squares, ridge, a product of linear forms, a
  Gaussian's negative log-density, drawn and built in ``hessian_forms``): the answer is text
  (``2 A^T A + 2 lambda I``), checked equal to ``mc.hessian``'s result, whose steps are the
  worked solution.

Everything counts for chapter 07 (``CHAPTER``). A Hessian is the Jacobian of the gradient, so a
transposed answer gets the Jacobian's note (it never arises: every Hessian here is symmetric).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from vcbook import symbolic
from vcbook.exercises.bank import hessian_forms as forms
from vcbook.exercises.bank.common import (
    Draft,
    Family,
    Template,
    diff_cos_sign_slip,
    diff_dropped_product_term,
    diff_forgot_inner,
    final_step,
    signed,
    tex,
)
from vcbook.exercises.bank.hessian_forms import CHAPTER, NOTATION_TEMPLATES, TITLE, build_notation
from vcbook.exercises.bank.messages import RULES, mistake
from vcbook.exercises.bank.tidy import tidy

X, Y, Z = sp.symbols("x y z", real=True)
PLANE, SPACE = (X, Y), (X, Y, Z)
DOMAIN = (-1.5, 1.5)
TRIG = (sp.sin, sp.cos)
POINTS = (-1, 1, 2)

MESSAGES = {
    "halved_diagonal":
        "The diagonal is missing a factor 2. A second derivative differentiates twice, and "
        "each step of the power rule brings its own factor: x² → 2x → 2, x³ → 3x² → 6x.",
    "upper_only":
        "Your matrix is not symmetric: an entry below the diagonal is 0. For a smooth function "
        "like this one the mixed partials agree, ∂²f/∂y∂x = ∂²f/∂x∂y, so the Hessian is "
        "symmetric: each entry above the diagonal is repeated at its mirror image below it.",
    "swapped":
        "Your rows and columns are in the reverse order. Row i and column j belong to the i-th "
        "and j-th variable in the order {order}, so entry (1, 1) is ∂²f/∂{first}².",
    "outer_gradient":
        "That is the gradient times itself, entry (i, j) = (∂f/∂x_i)(∂f/∂x_j). The Hessian "
        "differentiates the gradient once more: entry (i, j) is the derivative of ∂f/∂x_i by "
        "x_j.",
    "forgot_inner": mistake("forgot_inner", where=" in the second differentiation"),
    "dropped_product_term": mistake("dropped_product_term"),
    "cos_sign": mistake("cos_sign"),
    "not_evaluated":
        "That is the Hessian as a function of the variables. The question asks for its value "
        "at the point {point}: substitute the numbers.",
    "product_of_first":
        "That is (∂f/∂{a})(∂f/∂{b}), a product of two first derivatives. A mixed partial "
        "differentiates twice in a row: first ∂f/∂{b}, then the derivative of that by {a}.",
    "same_twice":
        "You differentiated by {a} twice, which gives ∂²f/∂{a}². The mixed partial "
        "∂²f/∂{a}∂{b} differentiates once by each variable.",
    "square_of_first":
        "That is (∂f/∂{a})², the square of the first derivative. The second derivative "
        "differentiates ∂f/∂{a} once more by {a}.",
    "other_variable":
        "That is a mixed partial: the second differentiation is by {a} again, ∂/∂{a}(∂f/∂{a}).",
}


@dataclass(frozen=True)
class Ask:
    """An entry-by-entry problem: f, its variables, and the quantity asked for: ``matrix``
    (the Hessian), ``partial`` (entry ``pair`` of it) or ``point`` (the Hessian at ``point``)."""

    f: sp.Expr
    xs: tuple
    quantity: str
    pair: tuple[int, int] = (0, 1)
    point: tuple = ()


# --- functions of two or three variables, every second partial derivative non-zero -----------

def _polynomial(rng):
    p, q = rng.choice(((2, 1), (1, 2), (2, 2), (3, 1), (1, 3)))
    return (signed(rng, 1, 2, 3) * X**p * Y**q + signed(rng, 1, 2, 3) * X**rng.choice((2, 3))
            + signed(rng, 1, 2) * Y**rng.choice((2, 3)))


def _exp_linear(rng):
    return signed(rng, 1, 2) * sp.exp(signed(rng, 1, 2) * X + signed(rng, 1, 2) * Y)


def _exp_product(rng):
    return signed(rng, 1, 2, 3) * sp.exp(signed(rng, 1, 2) * X * Y)


def _trig_linear(rng):
    return signed(rng, 1, 2, 3) * rng.choice(TRIG)(signed(rng, 1, 2) * X + signed(rng, 1, 2) * Y)


def _power_trig(rng):
    p, q = rng.sample(PLANE, 2)
    return signed(rng, 1, 2, 3) * p**2 * rng.choice(TRIG)(rng.choice((1, 2)) * q)


def _exp_trig(rng):
    p, q = rng.sample(PLANE, 2)
    return signed(rng, 1, 2) * sp.exp(signed(rng, 1, 2) * p) * rng.choice(TRIG)(q)


def _log_quadratic(rng):
    return signed(rng, 1, 2, 3) * sp.log(1 + rng.randint(1, 3) * X**2 + rng.randint(1, 3) * Y**2)


def _power_log(rng):
    p, q = rng.sample(PLANE, 2)
    return signed(rng, 1, 2, 3) * p**2 * sp.log(rng.randint(1, 2) + q**2)


TRANSCENDENTAL = (_exp_linear, _exp_product, _trig_linear, _power_trig, _exp_trig,
                  _log_quadratic, _power_log)


def _three(rng):
    a, b, c = (signed(rng, 1, 2, 3) for _ in range(3))
    return rng.choice((
        a * X**2 * Y + b * Y**2 * Z + c * Z**2 * X,
        a * X * Y * Z + b * sp.exp(X) + c * rng.choice(TRIG)(Y) + signed(rng, 1, 2) * Z**3,
        a * X * Y * Z + b * X**2 + c * Y**2 + signed(rng, 1, 2) * Z**2,
    ))


def _any_two(rng):
    return _polynomial(rng) if rng.random() < 0.4 else rng.choice(TRANSCENDENTAL)(rng)


def _partial(rng):
    pair = rng.choice(((0, 1), (0, 1), (0, 1), (0, 0), (1, 1)))
    return Ask(_any_two(rng), PLANE, "partial", pair)


def _at_point(rng):
    f = rng.choice((_polynomial, _exp_linear, _log_quadratic, _power_trig))(rng)
    return Ask(f, PLANE, "point", point=(rng.choice(POINTS), rng.choice(POINTS)))


SYMMETRY = (r" The Hessian is symmetric ($\frac{\partial^2 f}{\partial x\,\partial y} = "
            r"\frac{\partial^2 f}{\partial y\,\partial x}$ for a smooth $f$): compute the entries "
            r"on and above the diagonal, and mirror them.")
ENTRY_TEMPLATES = (
    Template("matrix_poly", "the Hessian of a polynomial",
             lambda rng: Ask(_polynomial(rng), PLANE, "matrix"),
             r"The power rule, twice: $\frac{\partial^2}{\partial x^2} x^k = k(k-1)x^{k-2}$, "
             r"and a term $x^p y^q$ gives the mixed entry $pq\,x^{p-1}y^{q-1}$." + SYMMETRY),
    Template("matrix_transcendental", "the Hessian of an exponential, logarithm or sine",
             lambda rng: Ask(rng.choice(TRANSCENDENTAL)(rng), PLANE, "matrix"),
             rf"The chain rule at each differentiation: {RULES['exp']}, {RULES['sin']}, "
             rf"{RULES['cos']}; a product needs {RULES['product']}." + SYMMETRY),
    Template("matrix_three", "the Hessian of a function of three variables",
             lambda rng: Ask(_three(rng), SPACE, "matrix"),
             r"Three variables give a $3 \times 3$ matrix: six different entries (three on the "
             r"diagonal, three above it), and the three below mirror those above."),
    Template("second_partial", "one second partial derivative", _partial,
             r"Differentiate once, simplify, then differentiate the result by the second "
             r"variable; the other variable is a constant each time."),
    Template("at_point", "the Hessian at a point", _at_point,
             r"Find the Hessian as a function first, then put in the numbers. A term that "
             r"vanishes at the point may still have second derivatives that do not." + SYMMETRY),
)


# --- the classic mistakes, as models of one entry: (f, xs, gradient, H, i, j) -> wrong entry ---

def _second_pass(model):
    """The slip made when differentiating the gradient: H_ij = model(∂f/∂x_i, x_j)."""
    return lambda f, xs, g, H, i, j: model(g[i], xs[j])


def _cos_twice(f, xs, g, H, i, j):
    return diff_cos_sign_slip(diff_cos_sign_slip(f, xs[i]), xs[j])


def _halved_diagonal(f, xs, g, H, i, j):
    return H[i, j] / 2 if i == j else H[i, j]


def _upper_only(f, xs, g, H, i, j):
    return 0 if i > j else H[i, j]


def _swapped(f, xs, g, H, i, j):
    return H[len(xs) - 1 - i, len(xs) - 1 - j]


def _outer_gradient(f, xs, g, H, i, j):
    return g[i] * g[j]


def _is_polynomial(f, xs) -> bool:
    return f.is_polynomial(*xs)


def _composite(f, xs) -> bool:  # a chain-rule or product-rule slip can change the answer
    return f.has(sp.Function)


def _trigonometric(f, xs) -> bool:
    return f.has(sp.sin, sp.cos)


def _always(f, xs) -> bool:
    return True


# (entry model, whether the slip can happen for f, MESSAGES key); the first block is for whole
# matrices only, the second (SLIPS) for a single entry too
MATRIX_ONLY = (
    (_upper_only, _always, "upper_only"),
    (_swapped, _always, "swapped"),
    (_outer_gradient, _always, "outer_gradient"),
)
SLIPS = (
    (_halved_diagonal, _is_polynomial, "halved_diagonal"),  # the power-rule slip
    (_second_pass(diff_forgot_inner), _composite, "forgot_inner"),
    (_second_pass(diff_dropped_product_term), _composite, "dropped_product_term"),
    (_cos_twice, _trigonometric, "cos_sign"),
)
MATRIX_MISTAKES = SLIPS[:1] + MATRIX_ONLY + SLIPS[1:]

# for one entry (i, j): (model, MESSAGES key), i != j and i == j
MIXED_MISTAKES = (
    (lambda f, xs, g, H, i, j: g[i] * g[j], "product_of_first"),
    (lambda f, xs, g, H, i, j: H[i, i], "same_twice"),
)
PURE_MISTAKES = (
    (lambda f, xs, g, H, i, j: g[i]**2, "square_of_first"),
    (lambda f, xs, g, H, i, j: H[i, 1 - i], "other_variable"),
)


# --- building an entry-by-entry problem ------------------------------------------------------

def _d2(a, b) -> str:
    """LaTeX of ∂²f/∂a∂b (or ∂²f/∂a²)."""
    below = rf"\partial {tex(a)}^2" if a == b else rf"\partial {tex(a)}\,\partial {tex(b)}"
    return rf"\frac{{\partial^2 f}}{{{below}}}"


def _d2_typed(a, b) -> str:
    return f"∂²f/∂{a.name}²" if a == b else f"∂²f/∂{a.name}∂{b.name}"


def _message(key: str, xs, ask: Ask | None = None, i: int = 0, j: int = 1) -> str:
    names = [s.name for s in xs]
    point = "" if ask is None or not ask.point else f"({', '.join(map(str, ask.point))})"
    return MESSAGES[key].format(order=f"({', '.join(names)})", first=names[0], point=point,
                                a=names[i], b=names[j])


def _lead(f, xs) -> str:
    return f"Let $$f({', '.join(tex(s) for s in xs)}) = {tex(f)}.$$"


def _matrix_prompt(ask: Ask) -> str:
    xs, n = ask.xs, len(ask.xs)
    rows = "; ".join(", ".join(_d2_typed(a, b) for b in xs) for a in xs)
    names = forms.listed([f"${tex(s)}$" for s in xs])
    if n == 2:
        entries = r" \\ ".join(" & ".join(_d2(a, b) for b in xs) for a in xs)
        shown = rf" $$H = \begin{{bmatrix}} {entries} \end{{bmatrix}},$$ the"
    else:
        shown = ", the"
    where = (f"at the point $({', '.join(map(str, ask.point))})$: a matrix of numbers"
             if ask.quantity == "point" else f"in terms of {names}")
    typed = ("Type numbers (exact values such as `e^2`, `1/2` or `sin(1)` are fine)"
             if ask.quantity == "point" else f"Type `{'`, `'.join(s.name for s in xs)}`")
    return (f"{_lead(ask.f, xs)}\n\nFind its Hessian{shown} ${n} \\times {n}$ matrix of second "
            rf"partial derivatives, entry $(i, j)$ = $\partial^2 f/\partial x_i\,\partial x_j$ "
            f"(rows and columns in the order {names}), {where}.\n\nType it row by row, rows "
            f"separated by `;`: `[{rows}]`. {typed}.")


def _partial_prompt(ask: Ask) -> str:
    i, j = ask.pair
    a, b = ask.xs[i], ask.xs[j]
    how = (rf"differentiate $f$ by ${tex(b)}$, then the result by ${tex(a)}$ (the other order "
           "gives the same for a smooth $f$)" if i != j else
           rf"differentiate $f$ by ${tex(a)}$ twice")
    return (f"{_lead(ask.f, ask.xs)}\n\nFind the second partial derivative ${_d2(a, b)}$: "
            f"{how}.\n\nAnswer in terms of {forms.listed([f'${tex(s)}$' for s in ask.xs])} (type "
            f"{', '.join(f'`{s.name}`' for s in ask.xs)}).")


def _matrix_solution(ask: Ask, grad, H, answer) -> tuple[str, ...]:
    xs, n = ask.xs, len(ask.xs)
    steps = [rf"**The gradient** (the first partial derivatives, a $1 \times {n}$ row): "
             rf"$$\nabla f = {tex(grad)}$$"]
    for i, a in enumerate(xs):
        row = ", ".join(_d2(a, b) for b in xs)
        steps.append(rf"**Row {i + 1}: differentiate $\partial f/\partial {tex(a)} = "
                     rf"{tex(grad[i])}$ by each variable:** $$\left[{row}\right] = "
                     rf"{tex(H[i, :])}$$")
    steps.append(rf"**The Hessian** (${n} \times {n}$, symmetric: the mixed partials agree): "
                 rf"$$H = {tex(H)}$$")
    if ask.quantity == "point":
        at = ", ".join(f"{tex(s)} = {v}" for s, v in zip(xs, ask.point, strict=True))
        steps.append(rf"**At the point** (${at}$): $$H({', '.join(map(str, ask.point))}) = "
                     rf"{tex(answer)}$$")
    return (*steps, final_step("H" if ask.quantity == "matrix" else
                               f"H({', '.join(map(str, ask.point))})", answer))


def _partial_solution(ask: Ask, grad, H) -> tuple[str, ...]:
    i, j = ask.pair
    a, b = ask.xs[i], ask.xs[j]
    first = rf"\frac{{\partial f}}{{\partial {tex(b)}}}"
    steps = [rf"**First derivative, by ${tex(b)}$:** $${first} = {tex(grad[j])}$$",
             rf"**Then by ${tex(a)}$:** $${_d2(a, b)} = \frac{{\partial}}{{\partial {tex(a)}}}"
             rf"\left({tex(grad[j])}\right) = {tex(H[i, j])}$$"]
    if i != j:
        steps.append(rf"**The other order agrees:** $\frac{{\partial f}}{{\partial {tex(a)}}} = "
                     rf"{tex(grad[i])}$, and its derivative by ${tex(b)}$ is "
                     rf"$${_d2(b, a)} = {tex(H[j, i])}$$")
    return (*steps, final_step(_d2(a, b), H[i, j]))


def build_entrywise(template: Template, ask: Ask) -> Draft:
    """The Draft for an entry-by-entry problem: answer and solution from ``symbolic``."""
    f, xs = ask.f, ask.xs
    grad = symbolic.gradient(f, xs)
    H = symbolic.hessian(f, xs).applyfunc(tidy)
    hints = [r"A second partial derivative is a derivative of a first one: "
             r"$\frac{\partial^2 f}{\partial x\,\partial y} = \frac{\partial}{\partial x}"
             r"\left(\frac{\partial f}{\partial y}\right)$." if ask.quantity == "partial" else
             r"The Hessian is the Jacobian of the gradient: first find $\nabla f$; entry "
             r"$(i, j)$ is then the derivative of $\partial f/\partial x_i$ by $x_j$.",
             template.hint]
    if ask.quantity == "partial":
        i, j = ask.pair
        answer = H[i, j]
        rows = MIXED_MISTAKES if i != j else PURE_MISTAKES
        distractors = [(model(f, xs, grad, H, i, j), _message(key, xs, ask, i, j))
                       for model, key in rows]
        distractors += [(model(f, xs, grad, H, i, j), _message(key, xs))
                        for model, applies, key in SLIPS if applies(f, xs)]
        prompt, solution = _partial_prompt(ask), _partial_solution(ask, grad, H)
        hints.append(rf"The first derivative is $\frac{{\partial f}}{{\partial "
                     rf"{tex(xs[j])}}} = {tex(grad[j])}$.")
    else:
        at = dict(zip(xs, ask.point, strict=True)) if ask.point else {}
        answer = H.xreplace(at) if at else H
        n = len(xs)
        distractors = [(sp.Matrix(n, n, lambda i, j, model=model: model(f, xs, grad, H, i, j)),
                        _message(key, xs, ask))
                       for model, applies, key in MATRIX_MISTAKES if applies(f, xs)]
        if at:
            distractors = [(wrong.xreplace(at), m) for wrong, m in distractors]
            distractors.append((H, _message("not_evaluated", xs, ask)))
        prompt, solution = _matrix_prompt(ask), _matrix_solution(ask, grad, H, answer)
        hints.append(rf"Here $\nabla f = {tex(grad)}$.")
    return Draft(title=f"{TITLE}: {template.title}", prompt=prompt, answer=answer,
                 symbols=tuple(xs), variables={s.name: DOMAIN for s in xs},
                 distractors=distractors, hints=tuple(hints), solution=solution,
                 derivative="jacobian" if ask.quantity != "partial" else None, chapter=CHAPTER)


# --- the family --------------------------------------------------------------------------------

def build(template: Template, data) -> Draft:
    """An entry-by-entry problem or a matrix-notation one, as the template drew."""
    if isinstance(data, forms.Form):
        return build_notation(template, data)
    return build_entrywise(template, data)


def _fixed(name: str, data) -> Template:
    template = next(t for t in ENTRY_TEMPLATES + NOTATION_TEMPLATES if t.name == name)
    return Template(template.name, template.title, lambda _rng: data, template.hint)


_QUADRATIC = forms.Form("x^T A x", "x", (("x", "n"), ("A", "n×n")), "A + A^T",
                        "x^T (A + A^T)", (("A", "one_term"), ("2 A", "as_if_symmetric")),
                        (("M", "A"), ("t", "xᵀAx")), ("$A$ is not symmetric",))
_LEAST_SQUARES = forms.Form("norm(A x - b)^2", "x", (("x", "n"), ("A", "m×n"), ("b", "m")),
                            "2 A^T A", "2 (A x - b)^T A", (("A^T A", "lost_two"),),
                            (("A", "A"), ("b", "b"), ("t", "‖Ax − b‖²")), typing=("norm(·)",),
                            about="the least-squares loss")
_RIDGE = forms.Form("norm(A x - b)^2 + lambda norm(x)^2", "x",
                    (("x", "n"), ("A", "m×n"), ("b", "m"), ("lambda", "scalar")),
                    "2 A^T A + 2 lambda I", "2 (A x - b)^T A + 2 lambda x^T",
                    (("2 A^T A", "regulariser_forgotten"),
                     ("2 A^T A + 2 lambda", "number_for_identity"),
                     ("2 A^T A + lambda I", "penalty_lost_two")),
                    (("t", "‖x‖²"),), (r"$\lambda > 0$ is the ridge penalty",),
                    ("norm(·)", "I", "lambda"), "the ridge-regression loss")
CURATED = (
    ("07-hessian-mml-example", _fixed("matrix_poly", Ask(X**2 + 2 * X * Y + Y**3, PLANE,
                                                         "matrix"))),
    ("07-hessian-exp-xy", _fixed("matrix_transcendental", Ask(sp.exp(X * Y), PLANE, "matrix"))),
    ("07-hessian-quadratic-form", _fixed("quadratic_form", _QUADRATIC)),
    ("07-hessian-least-squares", _fixed("least_squares", _LEAST_SQUARES)),
    ("07-hessian-ridge", _fixed("ridge", _RIDGE)),
)

FAMILY = Family(name="hessian", templates=ENTRY_TEMPLATES + NOTATION_TEMPLATES, build=build,
                curated=CURATED)
