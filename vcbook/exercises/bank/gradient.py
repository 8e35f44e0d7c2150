"""Family "gradient": the gradient row [∂f/∂x, ∂f/∂y(, ∂f/∂z)] of a function built from
polynomials, exp, log and trigonometric functions.

Templates are rows of ``TEMPLATES``; the classic mistakes are rows of ``MISTAKES`` (a model of
the wrong derivative and the message that teaches the fix). The gradient and the worked
solution come from ``vcbook.symbolic.gradient``.
"""

from __future__ import annotations

import sympy as sp

from vcbook.exercises.bank.common import (
    Draft,
    Family,
    Template,
    composites,
    diff_cos_sign_slip,
    diff_dropped_product_term,
    diff_forgot_inner,
    diff_outer_dropped,
    diff_product_of_derivatives,
    final_step,
    gradient_steps,
    row,
    signed,
    tex,
)
from vcbook.exercises.bank.messages import RULES, mistake

TITLE = "Gradient"
X, Y, Z = sp.symbols("x y z", real=True)
X1, X2 = sp.symbols("x1 x2", real=True)
DOMAIN = (-1.5, 1.5)
TRIG = (sp.sin, sp.cos)

MISTAKES = (  # (model of the wrong derivative, message)
    (diff_forgot_inner, mistake("forgot_inner")),
    (diff_outer_dropped, mistake("outer_dropped")),
    (diff_dropped_product_term, mistake("dropped_product_term")),
    (diff_product_of_derivatives, mistake("product_of_derivatives")),
    (diff_cos_sign_slip, mistake("cos_sign")),
)


# --- templates: each draw returns (f, variables) --------------------------------------------

def _exp_poly(rng):
    inside = (signed(rng, 1, 2) * rng.choice((X * Y, X**2 * Y, X * Y**2))
              + signed(rng, 1, 2) * rng.choice((X, Y, X**2, Y**2)))
    return signed(rng, 1, 2, 3) * sp.exp(inside), (X, Y)


def _poly_trig(rng):
    factor = rng.choice((X, X**2, Y, X * Y, X**2 * Y, X * Y**2))
    inside = rng.choice((signed(rng, 1, 2, 3) * X + signed(rng, 1, 2) * Y,
                         signed(rng, 1, 2) * X * Y))
    return signed(rng, 1, 2, 3) * factor * rng.choice(TRIG)(inside), (X, Y)


def _log_positive(rng):
    p, q, k = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
    a = signed(rng, 1, 2, 3)
    return rng.choice((
        (a * sp.log(p * X**2 + q * Y**2 + k), (X, Y)),
        (a * X * sp.log(q * Y**2 + k), (X, Y)),
        (a * Y**2 * sp.log(p * X**2 + k), (X, Y)),
        (a * sp.log(X**2 + p * Y**2 + q * Z**2 + k), (X, Y, Z)),
    ))


def _exp_trig(rng):
    first, second = rng.choice(((X, Y), (Y, X), (X * Y, X), (X, X * Y), (Y, X * Y)))
    f = (signed(rng, 1, 2, 3) * sp.exp(signed(rng, 1, 2) * first)
         * rng.choice(TRIG)(signed(rng, 1, 2, 3) * second))
    return f, (X, Y)


def _three_vars(rng):
    pairs = [X * Y, Y * Z, X * Z]
    rng.shuffle(pairs)
    f = (signed(rng, 1, 2, 3) * rng.choice((X * Y**2, X**2 * Z, Y * Z**2, X * Y * Z))
         + signed(rng, 1, 2) * sp.exp(signed(rng, 1, 2) * pairs[0])
         + signed(rng, 1, 2, 3) * rng.choice(TRIG)(pairs[1]))
    return f, (X, Y, Z)


TEMPLATES = (
    Template("exp_poly", "the exponential of a polynomial", _exp_poly,
             rf"The function is a multiple of $e^{{u}}$ with $u$ a polynomial, and "
             rf"{RULES['exp']}."),
    Template("poly_trig", "a polynomial times a sine or cosine", _poly_trig,
             rf"Use the product rule, {RULES['product']}, and the chain rule inside the sine or "
             rf"cosine: {RULES['sin']}, {RULES['cos']}."),
    Template("log_positive", "the logarithm of a positive quadratic", _log_positive,
             rf"For $\log u$ the chain rule gives {RULES['log']}; a factor in front of the "
             r"logarithm needs the product rule."),
    Template("exp_trig", "an exponential times a sine or cosine", _exp_trig,
             r"Use the product rule on $e^{(\dots)}$ times the trigonometric factor, and the "
             r"chain rule inside each factor."),
    Template("three_vars", "a function of three variables", _three_vars,
             r"Differentiate term by term. Each term depends on only some of the variables; "
             r"a term without the variable you differentiate by contributes $0$."),
)


# --- building an exercise -----------------------------------------------------------------

def _names(symbols) -> str:
    shown = [f"${tex(s)}$" for s in symbols]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _typed_names(symbols) -> str:
    return ", ".join(f"`{s.name}`" for s in symbols)


def _inner(f):
    """The inside of f's first composite (for the single-variable hint)."""
    pieces = composites(f, f.free_symbols.pop())
    return pieces[0][1] if pieces else f


def build(template: Template, data) -> Draft:
    """The Draft for f and its variables: answer, distractors, hints and worked solution."""
    f, symbols = data
    steps, grad = gradient_steps(f, symbols)
    single = len(symbols) == 1
    answer = grad[0, 0] if single else grad
    args = ", ".join(tex(s) for s in symbols)
    if single:
        s = tex(symbols[0])
        lhs = rf"\frac{{df}}{{d{s}}}"
        ask = (rf"Find the derivative ${lhs}$. Answer in terms of ${s}$ (type "
               f"{_typed_names(symbols)}).")
    else:
        lhs = r"\nabla f"
        partials = ", ".join(rf"\frac{{\partial f}}{{\partial {tex(s)}}}" for s in symbols)
        typed = ", ".join(f"∂f/∂{s.name}" for s in symbols)
        ask = (rf"Find the gradient $\nabla f = \left[{partials}\right]$, a **row** vector as "
               "everywhere in this book.\n\n"
               f"Type it as a row `[{typed}]`, in terms of {_names(symbols)} "
               f"(type {_typed_names(symbols)}).")
    prompt = f"Let $$f({args}) = {tex(f)}.$$\n\n{ask}"
    distractors = []
    for model, message in MISTAKES:
        wrong = [model(f, s) for s in symbols]
        distractors.append((wrong[0] if single else row(wrong), message))
    first, others = tex(symbols[0]), symbols[1:]
    hints = (
        (rf"The gradient collects the partial derivatives, one per variable. For "
         rf"$\partial f/\partial {first}$, hold {_names(others)} fixed; then do the "
         "same for each other variable."
         if others else "Differentiate term by term, using the chain rule inside composites."),
        template.hint,
        (rf"The first component is $\frac{{\partial f}}{{\partial {first}}} = {tex(grad[0])}$;"
         " the others follow in the same way." if others else
         rf"The derivative of the inner part is $\frac{{d}}{{d{first}}}\left({tex(_inner(f))}"
         rf"\right) = {tex(sp.diff(_inner(f), symbols[0]))}$."),
    )
    solution = steps + ((rf"**Collect the row** (numerator layout, $1 \times {len(symbols)}$): "
                         rf"$${lhs} = {tex(grad)}$$",) if not single else ())
    solution += (final_step(lhs, answer),)
    variables = {s.name: DOMAIN for s in symbols}
    return Draft(title=f"{TITLE}: {template.title}", prompt=prompt, answer=answer,
                 symbols=tuple(symbols), variables=variables, distractors=distractors,
                 hints=hints, solution=solution)


# --- the curated set ----------------------------------------------------------------------

def _fixed(name, title, f, symbols, hint):
    return Template(name, title, lambda _rng: (f, symbols), hint)


_INSIDE = X**2 + sp.exp(X**2)
CURATED = (
    ("06-gradient-notes-exp",
     _fixed("notes-exp", "the outer gradient of the spiral example", sp.exp(X1 * X2**2), (X1, X2),
            r"$f = e^{u}$ with $u = x_1 x_2^2$: each partial derivative is $e^{u}$ times the "
            r"partial derivative of $u$.")),
    ("06-gradient-notes-long",
     _fixed("notes-long", "the long derivative of chapter 05",
            sp.sqrt(_INSIDE) + sp.cos(_INSIDE), (X,),
            r"Both terms are composites of $c = x^2 + e^{x^2}$: "
            r"$\frac{d}{dx}\sqrt{c} = \frac{1}{2\sqrt{c}}\frac{dc}{dx}$ and "
            r"$\frac{d}{dx}\cos c = -\sin c\,\frac{dc}{dx}$.")),
    ("06-gradient-product-trig",
     _fixed("product-trig", "a product with a sine", X**2 * sp.sin(X * Y), (X, Y),
            TEMPLATES[1].hint)),
    ("06-gradient-three-vars",
     _fixed("three", "three variables", X**2 * Y + sp.exp(Y * Z) + sp.sin(X * Z), (X, Y, Z),
            TEMPLATES[4].hint)),
)

FAMILY = Family(name="gradient", templates=TEMPLATES, build=build, curated=CURATED)
