"""Family "taylor": Taylor polynomials, of one variable (sin, cos, exp, log(1 + x), 1/(1 − x),
√(1 + x), x eˣ, ... of degree 1–4, about 0 or another centre) and of two (the linearisation and
the quadratic approximation at a point), or one coefficient of such a polynomial.

The polynomial and its worked solution come from ``vcbook.symbolic.taylor`` (MML 5.8's tensor
form: Dᵏf(x₀) applied to δ = x − x₀, divided by k!). The expected answer is written in powers of
(x − a) (``shifted``); the checker compares by value, so the expanded polynomial is accepted as
well. The classic mistakes are rows of ``MISTAKES``: a model of the wrong polynomial, built from
the derivation's terms and derivatives, and the message that teaches the fix.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations_with_replacement, product

import sympy as sp
from sympy.core.mul import _keep_coeff

from vcbook import symbolic
from vcbook.exercises.bank.common import Degenerate, Draft, Family, Template, final_step, tex

TITLE = "Taylor polynomial"
CHAPTER = "07_second_order"
X, Y = sp.symbols("x y", real=True)
HALF_WIDTH = 1.5  # the checker samples first within this distance of the centre
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}

MESSAGES = {
    "no_factorial":
        "Each term needs its 1/k!: the term of degree k is f⁽ᵏ⁾(a)(x − a)ᵏ/k!, so the "
        "(x − a)² term carries 1/2 and the (x − a)³ term 1/6 (in two variables, ½δᵀHδ). Without "
        "it the polynomial's k-th derivative at a would be k! times too big.",
    "one_short":
        "You stopped one degree short: T_{n} includes the terms of degree {n}, those with the "
        "{ordinal} derivatives at the centre.",
    "dropped_value":
        "The Taylor polynomial starts with the value of f at the centre (the term of degree 0); "
        "without it your polynomial is 0 there instead of f(a), and its graph misses the point "
        "where it should touch the graph of f.",
    "about_zero":
        "That is the expansion about 0. Expand about the given centre: evaluate the derivatives "
        "there and use powers of the distance from it, (x − a), not of x.",
    "wrong_shift":
        "The powers are of (x − a), the distance from the centre a, so a centre at 2 gives "
        "powers of (x − 2). You used (x + a).",
    "first_sign":
        "Check the sign of the first-degree term: it is f′(a)(x − a), the slope at the centre "
        "times the step (in two variables, ∇f(x₀)δ).",
    "divided_by_k":
        "Divide the term of degree k by k! = 1·2·…·k, not by k: the (x − a)³ term carries 1/6, "
        "the (x − a)⁴ term 1/24.",
    "cross_halved":
        "The mixed term appears twice in ½δᵀHδ, once from entry (1, 2) of H and once from "
        "entry (2, 1), so its coefficient is ∂²f/∂x∂y at the point, not half of it.",
    "coefficient_no_factorial":
        "That is the derivative itself. The coefficient of (x − a)ᵏ is f⁽ᵏ⁾(a)/k!: divide by "
        "k! (for (x − a)² in two variables: ½ ∂²f/∂x²).",
    "coefficient_product":
        "That is (∂f/∂x)(∂f/∂y) at the point, a product of first derivatives. The coefficient "
        "of (x − a)(y − b) is the mixed second derivative ∂²f/∂x∂y there.",
}


@dataclass(frozen=True)
class Expansion:
    """f about ``centre`` to degree ``order``; ``monomial`` (exponents of (x − a), (y − b))
    set when one coefficient is asked for."""

    f: sp.Expr
    xs: tuple
    centre: tuple
    order: int
    monomial: tuple | None = None


# --- functions and centres -----------------------------------------------------------------------

def _maclaurin_f(rng):
    """A function of x with a Taylor series at 0, and the degrees whose top term is not 0."""
    a = rng.choice((1, 2, -1, -2, 3))
    b = rng.choice((1, 2, -1, -2))
    c = rng.choice((1, 1, 1, 2, 3, -1))
    odd, even, every = (3,), (2, 4), (2, 3, 4)
    f, orders = rng.choice((
        (sp.sin(a * X), odd), (sp.cos(a * X), even), (sp.exp(a * X), every),
        (sp.log(1 + b * X), every), (1 / (1 - b * X), every), (sp.sqrt(1 + b * X), every),
        (X * sp.exp(rng.choice((1, -1, 2)) * X), every),
        (X * sp.sin(rng.choice((1, 2)) * X), even), (sp.exp(X) * sp.sin(X), (2, 3)),
        (sp.exp(-X) * sp.cos(X), (2, 3, 4)),
    ))
    return c * f, orders


CENTRED = (  # (f, centres) for one variable
    (sp.exp(X), (1, -1, 2)), (sp.exp(2 * X), (1,)), (sp.log(X), (1, 2)), (sp.sqrt(X), (1, 4)),
    (1 / X, (1, 2, -1)), (sp.sin(X), (sp.pi / 2, sp.pi)), (sp.cos(X), (sp.pi / 2, sp.pi)),
    (X * sp.log(X), (1,)), (X * sp.exp(X), (1, -1)), (sp.log(1 + X), (1,)),
)

PLANE_FUNCTIONS = (  # (f, points) for two variables
    (X**2 * Y, ((1, 2), (2, -1), (-1, 1))), (X * Y**2, ((1, 2), (2, 1))),
    (X**2 + 2 * X * Y + Y**3, ((1, 2),)),  # MML's example
    (X * sp.exp(Y), ((1, 0), (2, 0))), (Y * sp.exp(X), ((0, 1), (0, 2))),
    (sp.exp(X * Y), ((1, 0), (0, 1))), (sp.exp(X - Y), ((0, 0), (1, 1))),
    (sp.exp(2 * X + Y), ((0, 0),)), (sp.sin(X + Y), ((0, 0),)), (sp.sin(X) * sp.cos(Y), ((0, 0),)),
    (X * sp.sin(Y), ((1, 0), (2, 0))), (sp.cos(X - 2 * Y), ((0, 0),)),
    (sp.log(1 + X + Y), ((0, 0),)), (sp.log(X + Y), ((1, 0), (0, 1))),
    (sp.log(X**2 + Y**2), ((1, 0), (0, 1))), (sp.sqrt(X**2 + Y**2), ((3, 4), (4, 3))),
    (X / Y, ((1, 1), (2, 1))), (1 / (X + Y), ((1, 1), (1, 0))),
)


def _maclaurin(rng):
    f, orders = _maclaurin_f(rng)
    return Expansion(f, (X,), (0,), rng.choice(orders))


def _centred(rng):
    f, centres = rng.choice(CENTRED)
    return Expansion(f, (X,), (rng.choice(centres),), rng.choice((1, 2, 2, 3, 3)))


def _univariate(rng):
    return (_maclaurin if rng.random() < 0.5 else _centred)(rng)


def _plane(rng, order):
    f, points = rng.choice(PLANE_FUNCTIONS)
    return Expansion(rng.choice((1, 1, 2, -1, 3)) * f, (X, Y), rng.choice(points), order)


def _coefficient(rng):
    if rng.random() < 0.6:
        e = _plane(rng, 2)
        return Expansion(e.f, e.xs, e.centre, 2, rng.choice(((1, 1), (1, 1), (2, 0), (0, 2))))
    e = _univariate(rng)
    k = rng.randint(2, 4)
    return Expansion(e.f, e.xs, e.centre, k, (k,))


TEMPLATES = (
    Template("maclaurin", "a polynomial of one variable about 0", _maclaurin,
             r"Known patterns help: the derivatives of $\sin$ and $\cos$ cycle through "
             r"$\sin, \cos, -\sin, -\cos$; those of $e^{ax}$ are $a^k e^{ax}$; those of "
             r"$\log(1 + x)$ are $(-1)^{k-1}(k-1)!/(1 + x)^k$."),
    Template("centred", "a polynomial of one variable about another centre", _centred,
             r"Evaluate the derivatives at the centre $a$, not at 0, and keep the powers of "
             r"$(x - a)$: $T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(a)}{k!}(x - a)^k$."),
    Template("linearisation", "the linearisation at a point", lambda rng: _plane(rng, 1),
             r"The linearisation is $f(\mathbf{x}_0) + \nabla f(\mathbf{x}_0)\,\boldsymbol\delta$:"
             r" the tangent plane, with the gradient a $1 \times 2$ row and "
             r"$\boldsymbol\delta = \mathbf{x} - \mathbf{x}_0$ a $2 \times 1$ column."),
    Template("quadratic", "the quadratic approximation at a point", lambda rng: _plane(rng, 2),
             r"Add $\frac{1}{2}\boldsymbol\delta^\top H(\mathbf{x}_0)\,\boldsymbol\delta$ to the "
             r"linearisation; written out, the mixed term is "
             r"$\frac{\partial^2 f}{\partial x\,\partial y}(x - a)(y - b)$, with no $\frac12$."),
    Template("coefficient", "one coefficient", _coefficient,
             r"The coefficient of $(x - a)^i (y - b)^j$ is $\frac{1}{i!\,j!}\,\frac{\partial^{i+j}"
             r" f}{\partial x^i\,\partial y^j}$ at the point (one variable: $f^{(k)}(a)/k!$)."),
)


# --- the polynomial in powers of (x − a), and the mistakes ----------------------------------------

def coefficients(d: symbolic.TaylorDerivation) -> dict[tuple, sp.Expr]:
    """{exponents α: ∂^α f(x₀)/α!} for the monomials Π (xᵢ − aᵢ)^αᵢ of the polynomial."""
    n = len(d.variables)
    out = {}
    for k, D in enumerate(d.derivatives):
        for index in combinations_with_replacement(range(n), k):
            counts = Counter(index)
            alpha = tuple(counts.get(i, 0) for i in range(n))
            value = D if k == 0 else D[index]
            out[alpha] = value / math.prod(math.factorial(m) for m in alpha)
    return out


def shifted(coeffs: dict, xs, centre, scale=lambda alpha: 1):
    """Σ c_α Π (xᵢ − aᵢ)^αᵢ, each c_α times ``scale(α)``, kept in powers of (x − a): the sum
    and a ±1 in front of a difference are left unevaluated, so that no power merges."""
    deltas = [x - a for x, a in zip(xs, centre, strict=True)]
    terms = []
    for alpha, c in coeffs.items():
        c = sp.sympify(c * scale(alpha))
        if c == 0:
            continue
        monomial = sp.Mul(*(dx**m for dx, m in zip(deltas, alpha, strict=True)))
        terms.append(monomial if c == 1 else
                     sp.Mul(-1, monomial, evaluate=False) if c == -1 and monomial.is_Add
                     else _keep_coeff(c, monomial))
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else sp.Add(*terms)


def _degree(alpha) -> int:
    return sum(alpha)


def _no_factorial(e, coeffs, zero):
    return shifted(coeffs, e.xs, e.centre,
                   lambda alpha: math.prod(math.factorial(m) for m in alpha))


def _dropped_value(e, coeffs, zero):
    return shifted({a: c for a, c in coeffs.items() if _degree(a) > 0}, e.xs, e.centre)


def _one_short(e, coeffs, zero):
    return shifted({a: c for a, c in coeffs.items() if _degree(a) < e.order}, e.xs, e.centre)


def _about_zero(e, coeffs, zero):
    return None if zero is None else shifted(zero, e.xs, [0] * len(e.xs))


def _wrong_shift(e, coeffs, zero):
    if not any(e.centre):
        return None
    return shifted(coeffs, e.xs, [-a for a in e.centre])


def _first_sign(e, coeffs, zero):
    return shifted(coeffs, e.xs, e.centre, lambda alpha: -1 if _degree(alpha) == 1 else 1)


def _divided_by_k(e, coeffs, zero):
    def scale(alpha):
        k = _degree(alpha)
        return math.factorial(k) // max(k, 1) if len(alpha) == 1 else 1
    return shifted(coeffs, e.xs, e.centre, scale)


def _cross_halved(e, coeffs, zero):
    if len(e.xs) == 1:
        return None
    return shifted(coeffs, e.xs, e.centre, lambda alpha: sp.Rational(1, 2)
                   if alpha == (1, 1) else 1)


MISTAKES = (  # (model (expansion, coefficients, coefficients about 0) -> wrong polynomial,
            #  MESSAGES key)
    (_no_factorial, "no_factorial"),
    (_cross_halved, "cross_halved"),
    (_one_short, "one_short"),
    (_dropped_value, "dropped_value"),
    (_about_zero, "about_zero"),
    (_wrong_shift, "wrong_shift"),
    (_first_sign, "first_sign"),
    (_divided_by_k, "divided_by_k"),
)


def _coefficient_mistakes(e, coeffs, zero):
    """(wrong coefficient, MESSAGES key) for the monomial ``e.monomial``."""
    alpha = e.monomial
    value = coeffs.get(alpha, sp.Integer(0))
    factorial = math.prod(math.factorial(m) for m in alpha)
    out = [(value * factorial, "coefficient_no_factorial")]
    if alpha == (1, 1):
        out.append((value / 2, "cross_halved"))
        out.append((coeffs[(1, 0)] * coeffs[(0, 1)], "coefficient_product"))
    if len(alpha) == 1 and alpha[0] >= 3:
        out.append((value * factorial / alpha[0], "divided_by_k"))
    if zero is not None:
        out.append((zero.get(alpha, sp.Integer(0)), "about_zero"))
    return out


def coefficients_at(f, xs, point, order: int) -> dict | None:
    """{α: ∂^α f(point)/α!} for |α| ≤ order, differentiated here with no worked steps (quick:
    for a wrong answer and to turn down a draw before the engine is asked); None if f has no
    finite derivative at the point."""
    at = dict(zip(xs, point, strict=True))
    partials, out = {}, {}
    for alpha in sorted(product(range(order + 1), repeat=len(xs)), key=sum):
        if sum(alpha) > order:
            continue
        k = next((i for i, m in enumerate(alpha) if m), None)
        parent = None if k is None else alpha[:k] + (alpha[k] - 1,) + alpha[k + 1:]
        partials[alpha] = f if k is None else sp.diff(partials[parent], xs[k])
        value = partials[alpha].xreplace(at)
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        out[alpha] = value / math.prod(math.factorial(m) for m in alpha)
    return out


def _about_zero_coefficients(e: Expansion) -> dict | None:
    """The coefficients of the expansion about 0 (a classic slip), or None: the centre is 0
    already, or f has no finite derivative there."""
    return coefficients_at(e.f, e.xs, [0] * len(e.xs), e.order) if any(e.centre) else None


def _require_well_posed(e: Expansion) -> None:
    """Raise Degenerate, before the engine is asked, for an expansion whose terms of the top
    degree are all 0, or whose asked coefficient is 0."""
    quick = coefficients_at(e.f, e.xs, e.centre, e.order)
    if quick is None:
        raise Degenerate("no finite derivative at the centre")
    if all(c == 0 for alpha, c in quick.items() if _degree(alpha) == e.order):
        raise Degenerate("the polynomial stops short of its degree")
    if e.monomial is not None and quick[e.monomial] == 0:
        raise Degenerate("the coefficient asked for is 0")


def _distinct(answer, distractors) -> list:
    """The distractors that differ from the answer and from each other as polynomials (a cheap
    exact test; ``common.screen`` then keeps those the checker tells apart)."""
    seen, out = [sp.expand(answer)], []
    for wrong, message in distractors:
        if wrong is None:
            continue
        expanded = sp.expand(wrong)
        if all(sp.expand(expanded - other) != 0 for other in seen):
            seen.append(expanded)
            out.append((wrong, message))
    return out


# --- building an exercise ------------------------------------------------------------------------

def _message(key: str, e: Expansion) -> str:
    return MESSAGES[key].format(n=e.order, ordinal=ORDINAL.get(e.order, f"{e.order}-th"))


def _point(e: Expansion) -> str:
    return ", ".join(tex(a) for a in e.centre)


def _powers(e: Expansion) -> str:
    """'`x`' or '`(x - 2)`' and '`(y + 1)`': what the shifted answer is written in."""
    out = []
    for x, a in zip(e.xs, e.centre, strict=True):
        text = str(x - a).replace("*", "")
        out.append(f"`{x.name}`" if a == 0 else f"`({text})`")
    return " and ".join(out)


def _monomial_tex(e: Expansion) -> str:
    parts = []
    for x, a, m in zip(e.xs, e.centre, e.monomial, strict=True):
        if m:
            base = tex(x) if a == 0 else rf"({tex(x - a)})"
            parts.append(base if m == 1 else f"{base}^{{{m}}}")
    return " ".join(parts)


def _prompt(e: Expansion) -> str:
    xs = e.xs
    args = ", ".join(tex(x) for x in xs)
    lead = f"Let $$f({args}) = {tex(e.f)}.$$\n\n"
    where = (rf"$x_0 = {_point(e)}$" if len(xs) == 1 else rf"$({_point(e)})$")
    if e.monomial is not None:
        return (lead + rf"Its Taylor polynomial of degree {e.order} about {where} is a sum of "
                rf"multiples of powers of {'the distances' if len(xs) == 2 else 'the distance'}"
                rf" from the centre. What is the coefficient of ${_monomial_tex(e)}$ in it?"
                "\n\nType a number (exact values such as `1/2`, `e^2` or `sqrt(2)` are fine).")
    if len(xs) == 2 and e.order == 1:
        ask = (rf"Find the linearisation of $f$ at {where}: its Taylor polynomial $T_1({args})$ "
               "of degree 1, whose graph is the tangent plane there.")
    elif len(xs) == 2:
        ask = (rf"Find the quadratic approximation of $f$ at {where}: its Taylor polynomial "
               rf"$T_{{{e.order}}}({args})$ of degree {e.order}.")
    else:
        about = " (its Maclaurin polynomial)" if e.centre == (0,) else ""
        ask = (rf"Find its Taylor polynomial $T_{{{e.order}}}(x)$ of degree {e.order} about "
               rf"{where}{about}.")
    names = " and ".join(f"`{x.name}`" for x in xs)
    if not any(e.centre):
        return lead + ask + f"\n\nType a polynomial in {names}."
    return (lead + ask + f"\n\nType a polynomial in {names}, multiplied out or in powers of "
            f"{_powers(e)}: both are accepted.")


def _label(label: str) -> str:
    return label[:1].upper() + label[1:]


def _univariate_steps(e: Expansion, d) -> list[str]:
    """Derivatives of f, their values at the centre, and the engine's polynomial step."""
    derivatives = [e.f]
    for _ in range(e.order):
        derivatives.append(sp.diff(derivatives[-1], X))
    names = ["f(x)", "f'(x)", "f''(x)", "f'''(x)", "f^{(4)}(x)"]
    a = tex(e.centre[0])
    shown = r", \quad ".join(f"{names[k]} = {tex(dk)}" for k, dk in enumerate(derivatives))
    values = r", \quad ".join(f"{names[k].replace('(x)', f'({a})')} = {tex(v)}"
                              for k, v in enumerate(_flat(d.derivatives)))
    label, body = d.steps[-1]
    power = "x^k" if e.centre[0] == 0 else f"(x - {a})^k"
    return [rf"**The derivatives of $f$, up to order {e.order}:** $${shown}$$",
            rf"**At the centre $x_0 = {a}$:** $${values}$$",
            rf"**{_label(label)}, each term $f^{{(k)}}({a})\,{power}/k!$:** $${body}$$"]


def _flat(derivatives) -> list:
    return [D if k == 0 else next(iter(sp.flatten(D))) for k, D in enumerate(derivatives)]


def _solution(e: Expansion, d, answer) -> tuple[str, ...]:
    if len(e.xs) == 1:
        steps = _univariate_steps(e, d)
    else:
        steps = [rf"**{_label(label)}:** $${body}$$" for label, body in d.steps]
    args = ", ".join(tex(x) for x in e.xs)
    if e.monomial is not None:
        steps.append(rf"**Read off the coefficient of ${_monomial_tex(e)}$** (the polynomial in "
                     rf"powers of the distances from the centre): $$T_{{{e.order}}}({args}) = "
                     rf"{tex(shifted(coefficients(d), e.xs, e.centre))}$$")
        return (*steps, final_step(r"\text{coefficient}", answer))
    return (*steps, final_step(rf"T_{{{e.order}}}({args})", answer))


def _hints(template: Template, e: Expansion, d) -> tuple[str, ...]:
    if len(e.xs) == 1:
        general = (r"$T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(a)}{k!}(x - a)^k$: compute $f$ and its "
                   r"first $n$ derivatives and evaluate them at the centre $a$.")
        values = _flat(d.derivatives)
        specific = (rf"Here $f({tex(e.centre[0])}) = {tex(values[0])}$ and "
                    rf"$f'({tex(e.centre[0])}) = {tex(values[1])}$.")
    else:
        general = (r"$T_2(\mathbf{x}) = f(\mathbf{x}_0) + \nabla f(\mathbf{x}_0)\,\boldsymbol\delta"
                   r" + \frac{1}{2}\boldsymbol\delta^\top H(\mathbf{x}_0)\,\boldsymbol\delta$ with "
                   r"$\boldsymbol\delta = \mathbf{x} - \mathbf{x}_0$ ($T_1$ stops after the "
                   r"gradient term).")
        gradient = sp.Matrix([list(d.derivatives[1])])
        specific = (rf"Here $f(\mathbf{{x}}_0) = {tex(d.derivatives[0])}$ and "
                    rf"$\nabla f(\mathbf{{x}}_0) = {tex(gradient)}$.")
    return general, template.hint, specific


def build(template: Template, e: Expansion) -> Draft:
    """The Draft for the expansion ``e``: answer, mistakes and solution from ``symbolic.taylor``."""
    _require_well_posed(e)
    d = symbolic.taylor(e.f, e.xs, e.centre, e.order)
    coeffs = coefficients(d)
    zero = _about_zero_coefficients(e)
    if e.monomial is not None:
        answer = coeffs.get(e.monomial, sp.Integer(0))
        wrong = _coefficient_mistakes(e, coeffs, zero)
    else:
        answer = shifted(coeffs, e.xs, e.centre)
        wrong = [(model(e, coeffs, zero), key) for model, key in MISTAKES]
    distractors = _distinct(answer, [(w, _message(key, e)) for w, key in wrong])
    variables = {x.name: (float(a) - HALF_WIDTH, float(a) + HALF_WIDTH)
                 for x, a in zip(e.xs, e.centre, strict=True)}
    return Draft(title=f"{TITLE}: {template.title}", prompt=_prompt(e), answer=answer,
                 symbols=e.xs, variables=variables, distractors=distractors,
                 hints=_hints(template, e, d), solution=_solution(e, d, answer), chapter=CHAPTER)


# --- the curated set -----------------------------------------------------------------------------

def _fixed(name: str, e: Expansion) -> Template:
    template = next(t for t in TEMPLATES if t.name == name)
    return Template(template.name, template.title, lambda _rng: e, template.hint)


CURATED = (
    ("07-taylor-exp-cubic", _fixed("maclaurin", Expansion(sp.exp(X), (X,), (0,), 3))),
    ("07-taylor-sqrt-about-4", _fixed("centred", Expansion(sp.sqrt(X), (X,), (4,), 2))),
    ("07-taylor-mml-example", _fixed("quadratic", Expansion(X**2 + 2 * X * Y + Y**3, (X, Y),
                                                            (1, 2), 2))),
    ("07-taylor-tangent-plane", _fixed("linearisation", Expansion(sp.sqrt(X**2 + Y**2), (X, Y),
                                                                  (3, 4), 1))),
)

FAMILY = Family(name="taylor", templates=TEMPLATES, build=build, curated=CURATED)
