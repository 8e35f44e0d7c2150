"""The matrix-notation problems of the "hessian" family: quadratic forms, least squares, ridge
regression, a product of linear forms, a Gaussian's negative log-density; drawn as data, built
into Drafts by ``build_notation``.

A draw returns a ``Form``: f as text in the answer language, the variable and the shapes, the
Hessian in textbook form (``2 A^T A + 2 lambda I``; ``hessian.build_notation`` checks it equal to
``mc.hessian``'s result), the gradient in textbook form (a classic slip: the first derivative
typed for the second) and the other slips as ``(wrong text, key of MESSAGES)``. Names, sizes,
coefficients and structure (symmetric or not, square or not) are drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from vcbook.answers import check
from vcbook.exercises.bank.common import Degenerate, Draft, Template
from vcbook.exercises.bank.matrix_gradient import scaled, times
from vcbook.exercises.bank.matrix_prompts import space
from vcbook.exercises.bank.matrix_prompts import tex as notation_tex
from vcbook.exercises.bank.notation import notation_draft, solution_from

TITLE = "Hessian"
CHAPTER = "07_second_order"

MESSAGES = {  # key -> message (plain text; {v} the variable, {n} its size, {t} the function)
    "gradient":
        "That is the gradient ∂f/∂{v}, a 1×{n} row: the first derivative. The Hessian "
        "differentiates once more: transpose the gradient to a column and take its Jacobian, "
        "an {n}×{n} matrix with entry (i, j) = ∂²f/∂{v}_i∂{v}_j.",
    "one_term":
        "{v} appears twice in {t}, so the product rule gives two terms: {M} from one appearance "
        "and {M}ᵀ from the other. The Hessian of {v}ᵀ{M}{v} is {M} + {M}ᵀ (symmetric, as every "
        "Hessian is), not {M}.",
    "as_if_symmetric":
        "2{M} would be right only for a symmetric {M}, and {M} is not symmetric here: the "
        "Hessian of {v}ᵀ{M}{v} is {M} + {M}ᵀ. (A Hessian is always symmetric; 2{M} is not.)",
    "lost_two":
        "A factor 2 is missing: {v} appears twice in {t} (it is a square), so its second "
        "derivative brings down a 2, as x² has second derivative 2.",
    "gram_order":
        "The order is {A}ᵀ{A}, not {A}{A}ᵀ: the gradient is 2({A}{v} − {b})ᵀ{A}, and its "
        "differential is 2 d{v}ᵀ {A}ᵀ{A}, so the Hessian is 2{A}ᵀ{A} (n×n, one row and column "
        "per entry of {v}).",
    "weight_lost":
        "The weight matrix {C} stays between {A}ᵀ and {A}: the Hessian of "
        "({A}{v} − {b})ᵀ{C}({A}{v} − {b}) is 2{A}ᵀ{C}{A} for a symmetric {C}.",
    "regulariser_forgotten":
        "The penalty λ‖{v}‖² depends on {v} too, and its Hessian, 2λI, adds to the data term's. "
        "This is why ridge regression always has a unique solution: 2λI makes the Hessian "
        "positive definite.",
    "number_for_identity":
        "λ‖{v}‖² = λ{v}ᵀ{v} has the Hessian 2λI. A number added to a matrix is added to every "
        "entry; the identity matrix I puts it on the diagonal only: type 2 lambda I.",
    "half_dropped":
        "The data term carries a factor ½: the Hessian of ½‖{A}{v} − {b}‖² is ½ · 2{A}ᵀ{A} = "
        "{A}ᵀ{A}, so the ½ and the 2 from the square cancel. Your data term is twice too big.",
    "data_lost_two":
        "A factor 2 is missing from the data term: ‖{A}{v} − {b}‖² is a square, so its Hessian "
        "is 2{A}ᵀ{A}, not {A}ᵀ{A}.",
    "penalty_lost_two":
        "‖{v}‖² = {v}ᵀ{v} is a square, with Hessian 2I, so λ‖{v}‖² contributes 2λI, not λI.",
    "outer_one_term":
        "Both factors of ({a}ᵀ{v})({b}ᵀ{v}) depend on {v}, so the product rule gives two outer "
        "products, {a}{b}ᵀ and {b}{a}ᵀ; you kept one.",
    "outer_commute":
        "{a}{b}ᵀ and {b}{a}ᵀ are different matrices (each the transpose of the other), so they "
        "do not add up to 2{a}{b}ᵀ. A Hessian is symmetric, and {a}{b}ᵀ + {b}{a}ᵀ is.",
    "inverse_lost":
        "The matrix in the quadratic form is {S}⁻¹, and it stays in the Hessian: the curvature "
        "of a Gaussian's negative log-density is the inverse covariance, not the covariance.",
}


@dataclass(frozen=True)
class Form:
    """f (text), its variable ``wrt`` and the shapes; the Hessian (``answer``) and the gradient
    in textbook form; slips ``(wrong text, message key)``; ``names`` fill the messages'
    placeholders; ``notes`` (LaTeX prose on the constants) and ``typing`` (what to type
    beyond names and ``^T``)."""

    expr: str
    wrt: str
    shapes: tuple[tuple[str, str], ...]
    answer: str
    gradient: str
    slips: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    typing: tuple[str, ...] = ()
    about: str = ""

    @property
    def declared(self) -> dict[str, str]:
        return dict(self.shapes)

    def message(self, key: str) -> str:
        size = self.declared[self.wrt]
        names = {key_: SPELLED.get(name, name) for key_, name in self.names}  # Phi as Φ
        return MESSAGES[key].format(v=self.wrt, n=size, **names)


COEFFICIENTS = (Fraction(1), Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2), Fraction(-1))


def _names(rng: random.Random):
    """The variable (a vector in R^n) and a picker of fresh constant names."""
    v = rng.choice(("x", "w", "z"))
    taken = {v}

    def fresh(*preferred: str) -> str:
        name = rng.choice([p for p in preferred if p not in taken and p.lower() != v])
        taken.add(name)
        return name
    return v, fresh


def quadratic_form(rng: random.Random) -> Form:
    """c vᵀMv (+ bᵀv): c(M + Mᵀ), or 2cM for a symmetric M."""
    v, fresh = _names(rng)
    M, c, symmetric = fresh("A", "B", "Q", "M"), rng.choice(COEFFICIENTS), rng.random() < 0.4
    expr, shapes = times(c, f"{v}^T {M} {v}"), [(v, "n"), (M, "n×n" + " symmetric" * symmetric)]
    if symmetric:
        answer, gradient = scaled(2 * c, M), scaled(2 * c, f"{v}^T {M}")
        slips = ((scaled(c, M), "lost_two"),)
    else:
        answer, gradient = scaled(c, f"{M} + {M}^T"), scaled(c, f"{v}^T ({M} + {M}^T)")
        slips = ((scaled(c, M), "one_term"), (scaled(2 * c, M), "as_if_symmetric"))
    if rng.random() < 0.5:  # a linear term: it changes the gradient, not the Hessian
        b = fresh("b", "c")
        expr, gradient = f"{expr} + {b}^T {v}", f"{gradient} + {b}^T"
        shapes.append((b, "n"))
    note = f"${M}$ is {'' if symmetric else 'not '}symmetric"
    return Form(expr, v, tuple(shapes), answer, gradient, slips,
                (("M", M), ("t", f"{v}ᵀ{M}{v}")), (note,))


def least_squares(rng: random.Random) -> Form:
    """c‖Av − b‖² (2cAᵀA), or the weighted c(Av − b)ᵀC(Av − b) (2cAᵀCA); A square or not."""
    v, fresh = _names(rng)
    A, b = fresh("A", "B", "X"), fresh("b", "y")
    c = rng.choice((Fraction(1), Fraction(1), Fraction(1, 2), Fraction(3)))
    m = "n" if rng.random() < 0.35 else "m"
    inside = f"{b} - {A} {v}" if rng.random() < 0.4 else f"{A} {v} - {b}"
    shapes = ((v, "n"), (A, f"{m}×n"), (b, m))
    if rng.random() < 0.35:
        C = fresh("C", "W")
        return Form(times(c, f"({inside})^T {C} ({inside})"), v,
                    (*shapes, (C, f"{m}×{m} spd")), scaled(2 * c, f"{A}^T {C} {A}"),
                    scaled(2 * c, f"({A} {v} - {b})^T {C} {A}"),
                    ((scaled(c, f"{A}^T {C} {A}"), "lost_two"),
                     (scaled(2 * c, f"{A}^T {A}"), "weight_lost")),
                    (("A", A), ("b", b), ("C", C), ("t", f"({A}{v} − {b})ᵀ{C}({A}{v} − {b})")),
                    (f"${C}$ is symmetric positive definite (a weight matrix)",),
                    about="a weighted least-squares loss")
    slips = [(scaled(c, f"{A}^T {A}"), "lost_two")]
    if m == "n":
        slips.append((scaled(2 * c, f"{A} {A}^T"), "gram_order"))
    return Form(times(c, f"norm({inside})^2"), v, shapes, scaled(2 * c, f"{A}^T {A}"),
                scaled(2 * c, f"({A} {v} - {b})^T {A}"), tuple(slips),
                (("A", A), ("b", b), ("t", f"‖{A}{v} − {b}‖²")), typing=("norm(·)",),
                about="a least-squares loss")


def ridge(rng: random.Random) -> Form:
    """c‖Av − b‖² + λ‖v‖²: 2cAᵀA + 2λI."""
    v, fresh = _names(rng)
    A, b = fresh("A", "X", "Phi"), fresh("b", "y")
    c = rng.choice((Fraction(1), Fraction(1, 2)))
    inside = f"{b} - {A} {v}" if rng.random() < 0.4 else f"{A} {v} - {b}"
    data = scaled(2 * c, f"{A}^T {A}")
    other_factor = (f"2 {A}^T {A}", "half_dropped") if c == Fraction(1, 2) else (
        f"{A}^T {A}", "data_lost_two")  # the ½ kept or forgotten on the data term
    slips = ((data, "regulariser_forgotten"), (f"{data} + 2 lambda", "number_for_identity"),
             (f"{data} + lambda I", "penalty_lost_two"),
             (f"{other_factor[0]} + 2 lambda I", other_factor[1]))
    return Form(f"{times(c, f'norm({inside})^2')} + lambda norm({v})^2", v,
                ((v, "n"), (A, "m×n"), (b, "m"), ("lambda", "scalar")), f"{data} + 2 lambda I",
                f"{scaled(2 * c, f'({A} {v} - {b})^T {A}')} + 2 lambda {v}^T", slips,
                (("t", f"‖{v}‖²"), ("A", A), ("b", b)), (r"$\lambda > 0$ is the ridge penalty",),
                ("norm(·)", "I", "lambda"), "the ridge-regression loss")


def linear_product(rng: random.Random) -> Form:
    """c (aᵀv)(bᵀv): c(abᵀ + baᵀ)."""
    v, fresh = _names(rng)
    a, b = rng.choice((("a", "b"), ("u", "y"), ("p", "q")))
    c = rng.choice((Fraction(1), Fraction(1), Fraction(2), Fraction(-1), Fraction(3)))
    return Form(times(c, f"({a}^T {v}) ({b}^T {v})"), v, ((v, "n"), (a, "n"), (b, "n")),
                scaled(c, f"{a} {b}^T + {b} {a}^T"),
                scaled(c, f"({b}^T {v}) {a}^T + ({a}^T {v}) {b}^T"),
                ((scaled(c, f"{a} {b}^T"), "outer_one_term"),
                 (scaled(2 * c, f"{a} {b}^T"), "outer_commute")), (("a", a), ("b", b)))


def gaussian(rng: random.Random) -> Form:
    """c (v − μ)ᵀS⁻¹(v − μ), S spd: 2cS⁻¹ (c = 1/2: a Gaussian's negative log-density)."""
    v, fresh = _names(rng)
    S = fresh("S", "Sigma")
    c = rng.choice((Fraction(1, 2), Fraction(1, 2), Fraction(1)))
    d = f"({v} - mu)" if rng.random() < 0.7 else f"(mu - {v})"
    shown = r"\Sigma" if S == "Sigma" else S
    return Form(times(c, f"{d}^T {S}^-1 {d}"), v, ((v, "n"), ("mu", "n"), (S, "n×n spd")),
                scaled(2 * c, f"{S}^-1"), scaled(2 * c, f"({v} - mu)^T {S}^-1"),
                ((scaled(2 * c, S), "inverse_lost"), (scaled(c, f"{S}^-1"), "lost_two")),
                (("S", "Σ" if S == "Sigma" else S), ("t", "the quadratic form")),
                (rf"$\mu$ is the mean and ${shown}$ a covariance matrix (symmetric positive "
                 "definite)",), ("^-1",), "a Gaussian's negative log-density (up to a constant)")


# --- building a problem ----------------------------------------------------------------------

def listed(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


SPELLED = {"lambda": "λ", "mu": "μ", "Phi": "Φ", "Sigma": "Σ"}  # names also typed in Greek
TYPING = {"I": "`I` for the identity matrix", "^-1": "`^-1` for an inverse"}
def _typed_name(name: str) -> str:
    return f"`{name}` (or `{SPELLED[name]}`)" if name in SPELLED else f"`{name}`"


def _notation_prompt(form: Form) -> str:
    shapes, v = form.declared, form.wrt
    constants = listed([f"${notation_tex(name, shapes)} \\in {space(shape)}$"
                         for name, shape in form.shapes if name != v])
    notes = "".join(f"; {note}" for note in form.notes)
    lead = f"{form.about[:1].upper()}{form.about[1:]} is" if form.about else "Let"
    extras = ["`^T` for a transpose", *(TYPING[t] for t in form.typing if t in TYPING)]
    return (f"{lead} $$f({v}) = {notation_tex(form.expr, shapes)},$$ where ${v} \\in "
            f"\\mathbb{{R}}^n$ is the variable, with constants {constants}{notes}.\n\n"
            rf"Find the Hessian $\nabla^2 f = \frac{{\partial^2 f}}{{\partial {v}\,\partial "
            rf"{v}^\top}}$, the $n \times n$ matrix whose entry $(i, j)$ is "
            rf"$\partial^2 f/\partial {v}_i\,\partial {v}_j$. Type it in matrix notation using "
            f"{listed([_typed_name(n) for n, _ in form.shapes])}, with {listed(extras)}.")


def _engine_hessian(form: Form):
    """``mc.hessian`` of the form; its result must equal the form's textbook answer."""
    from vcbook import matrixcalc as mc

    try:
        derivation = mc.hessian(form.expr, form.wrt, form.declared)
    except mc.NotExpressible as exc:
        raise Degenerate(f"not expressible: {exc}") from None
    if not check(form.answer, expected=str(derivation.result), variables=form.declared).correct:
        raise AssertionError(f"{form.answer!r} is not the engine's {derivation.result}")
    return derivation


def build_notation(template: Template, form: Form) -> Draft:
    """The Draft for a matrix-notation problem: the engine's derivation, the textbook answer."""
    derivation = _engine_hessian(form)
    v, shapes = form.wrt, form.declared
    gradient = notation_tex(form.gradient, shapes)
    distractors = [(form.gradient, form.message("gradient")),
                   *((wrong, form.message(key)) for wrong, key in form.slips)]
    hints = (rf"First the gradient: bring $\mathrm{{d}}f$ to the form $g\,\mathrm{{d}}{v}$ ($g$ "
             rf"a $1 \times n$ row). Then take the differential of $g^\top$ and bring it to "
             rf"$H\,\mathrm{{d}}{v}$: $H$ is the Hessian.",
             template.hint,
             rf"The gradient is $\frac{{\partial f}}{{\partial {v}}} = {gradient}$. Transpose "
             rf"it and differentiate once more.")
    intro = (rf"**First the gradient**, a $1 \times n$ row: $$\frac{{\partial f}}"
             rf"{{\partial {v}}} = {gradient}$$ The Hessian is the Jacobian of its transpose; "
             "by the differential method, as the engine derives it:")
    draft = notation_draft(title=f"{TITLE}: {template.title}", prompt=_notation_prompt(form),
                           derivation=derivation, shapes=shapes, distractors=distractors,
                           hints=hints, answer=form.answer)
    draft.solution = solution_from(derivation, intro,
                                   f"Typed in matrix notation: `{form.answer}`.")
    draft.derivative, draft.chapter = "jacobian", CHAPTER
    return draft


NOTATION_TEMPLATES = (
    Template("quadratic_form", "the Hessian of a quadratic form", quadratic_form,
             r"$d(\mathbf{x}^\top A\mathbf{x}) = d\mathbf{x}^\top A\mathbf{x} + \mathbf{x}^\top A\,"
             r"d\mathbf{x} = \mathbf{x}^\top(A + A^\top)\,d\mathbf{x}$; a linear term "
             r"$\mathbf{b}^\top\mathbf{x}$ has a constant gradient."),
    Template("least_squares", "the Hessian of a least-squares loss", least_squares,
             r"$d\lVert A\mathbf{x} - \mathbf{b}\rVert^2 = 2(A\mathbf{x} - \mathbf{b})^\top A\,"
             r"d\mathbf{x}$: the gradient is $2(A\mathbf{x} - \mathbf{b})^\top A$, linear in "
             r"$\mathbf{x}$."),
    Template("ridge", "the Hessian of the ridge-regression loss", ridge,
             r"The Hessian of a sum is the sum of the Hessians, and "
             r"$\lVert\mathbf{x}\rVert^2 = \mathbf{x}^\top I\mathbf{x}$ is a quadratic form."),
    Template("linear_product", "the Hessian of a product of linear forms",
             linear_product,
             r"Product rule: $d\bigl((\mathbf{a}^\top\mathbf{x})(\mathbf{b}^\top\mathbf{x})"
             r"\bigr) = (\mathbf{b}^\top\mathbf{x})\,\mathbf{a}^\top d\mathbf{x} + "
             r"(\mathbf{a}^\top\mathbf{x})\,\mathbf{b}^\top d\mathbf{x}$."),
    Template("gaussian", "the Hessian of a Gaussian's negative log-density", gaussian,
             r"For a symmetric $M$ the gradient of $\mathbf{y}^\top M\mathbf{y}$ is "
             r"$2\mathbf{y}^\top M$; here $M$ is an inverse, and it stays."),
)
