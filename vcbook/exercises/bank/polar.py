"""Family "polar": for f(x, y) with x = r cos θ, y = r sin θ, one of four quantities —
∂f/∂r, ∂f/∂θ, the coordinate gradient [∂f/∂r, ∂f/∂θ], or the components [f_r, f_θ/r] of ∇f in
the orthonormal polar basis. Each prompt names its quantity; the others are its distractors.

Function templates are rows of ``TEMPLATES``; the quantities, with their classic mistakes,
are rows of ``QUANTITIES``. Answers and worked solutions come from
``vcbook.symbolic.chain_rule`` (parameters r and θ).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from vcbook.exercises.bank.common import (
    Draft,
    Family,
    Template,
    derive,
    diff_cos_sign_slip,
    engine_steps,
    final_step,
    prohibit,
    row,
    signed,
    tex,
)
from vcbook.exercises.bank.messages import RULES, mistake

X, Y = sp.symbols("x y", real=True)
R = sp.Symbol("r", positive=True)
TH = sp.Symbol("theta", real=True)
POLAR = {X: R * sp.cos(TH), Y: R * sp.sin(TH)}
VARIABLES = {"r": (0.5, 2.0), "theta": (0.0, 6.28)}
ASSUMPTIONS = {"r": "positive"}
FR, FTH = r"\frac{\partial f}{\partial r}", r"\frac{\partial f}{\partial \theta}"


def _divide_by_r(expr):
    """expr / r with the r cancelled (cheaply: the θ-derivative always carries a factor r)."""
    quotient = expr / R
    if quotient.as_numer_denom()[1].has(R):
        quotient = sp.factor_terms(sp.expand(quotient, deep=False))
    return quotient


class _Pieces:
    """Everything the quantities and their mistakes are made of, from one derivation (each
    piece computed when a quantity or mistake first asks for it)."""

    def __init__(self, f):
        self.derivation = d = derive(f, POLAR, [R, TH])
        self.fr, self.fth = d.result[0, 0], d.result[0, 1]

    @functools.cached_property
    def fth_over_r(self):
        return _divide_by_r(self.fth)

    @functools.cached_property
    def cartesian(self):
        """[∂f/∂x, ∂f/∂y] written in r and θ."""
        return tuple(self.derivation.outer.xreplace(POLAR))

    @property
    def fx(self):
        return self.cartesian[0]

    @property
    def fy(self):
        return self.cartesian[1]

    @property
    def fx_renamed(self):
        return self.derivation.outer[0, 0].xreplace({X: R, Y: TH})

    @property
    def fy_renamed(self):
        return self.derivation.outer[0, 1].xreplace({X: R, Y: TH})

    @functools.cached_property
    def fth_slipped(self):
        """∂f/∂θ with d/dθ cos θ taken as +sin θ in the inner derivatives."""
        dx, dy = (diff_cos_sign_slip(g, TH) for g in POLAR.values())
        return self.fx * dx + self.fy * dy

    @property
    def no_inner(self):
        return self.fx + self.fy


OTHER_R = ("This is ∂f/∂θ, the rate of change along θ. The question asks for ∂f/∂r: hold θ "
           "fixed and differentiate by r.")
OTHER_TH = ("This is ∂f/∂r. The question asks for ∂f/∂θ: hold r fixed and differentiate by θ.")
NO_INNER = mistake("no_inner", term="(∂f/∂x)·(∂x/∂r) (and likewise with y and θ)",
                   inner=" (∂x/∂r = cos θ, ∂y/∂r = sin θ, ∂x/∂θ = −r sin θ, ∂y/∂θ = r cos θ)")
RENAMED = ("You renamed x as r and y as θ, but polar coordinates are x = r cos θ and "
           "y = r sin θ: substitute them into f (or use the chain rule) before answering.")
CARTESIAN_R = ("This is ∂f/∂x written in r and θ. Moving in r changes both x and y, so "
               "∂f/∂r = (∂f/∂x)·cos θ + (∂f/∂y)·sin θ.")
MISSING_R = ("You are missing the factor r: ∂x/∂θ = −r sin θ and ∂y/∂θ = r cos θ, so "
             "∂f/∂θ = r·(−(∂f/∂x) sin θ + (∂f/∂y) cos θ). Without that r you have "
             "(1/r)·∂f/∂θ, the e_θ component of ∇f, which is a different quantity.")
SIGN = mistake("cos_sign", example=" Here x = r cos θ gives ∂x/∂θ = −r sin θ.")
BASIS_NOT_COORD = ("This is [f_r, f_θ/r], the components of ∇f in the orthonormal polar basis "
                   "(or ∂f/∂θ with its factor r lost). The gradient with respect to the "
                   "coordinates (r, θ) is [∂f/∂r, ∂f/∂θ], with no division by r.")
COORD_NOT_BASIS = ("This is the coordinate gradient [∂f/∂r, ∂f/∂θ]. In the orthonormal basis "
                   "the θ-component is divided by r: ∇f = f_r e_r + (1/r) f_θ e_θ, because a "
                   "step dθ moves the point a distance r dθ.")
TIMES_R = ("You multiplied ∂f/∂θ by r; the e_θ component of ∇f is (1/r)·∂f/∂θ, so divide by r "
           "instead.")
CARTESIAN_ROW = ("These are the Cartesian components [∂f/∂x, ∂f/∂y], written in r and θ. The "
                 "question asks for {what}: use the chain rule with x = r cos θ, y = r sin θ.")


@dataclass(frozen=True)
class Quantity:
    """One of the four things a polar exercise can ask for."""

    name: str
    title: str
    lhs: str
    ask: str
    answer: Callable
    mistakes: tuple  # (pieces -> wrong answer, message)
    note: str = ""  # a sentence for the second hint


QUANTITIES = (
    Quantity("dr", "∂f/∂r", FR,
             rf"Find ${FR}$: how fast $f$ changes as $r$ grows, with $\theta$ held fixed.",
             lambda p: p.fr,
             ((lambda p: p.fth, OTHER_R), (lambda p: p.no_inner, NO_INNER),
              (lambda p: p.fx_renamed, RENAMED), (lambda p: p.fx, CARTESIAN_R))),
    Quantity("dtheta", "∂f/∂θ", FTH,
             rf"Find ${FTH}$: how fast $f$ changes as $\theta$ grows, with $r$ held fixed. "
             r"This is the plain partial derivative (**not** divided by $r$).",
             lambda p: p.fth,
             ((lambda p: p.fth_over_r, MISSING_R), (lambda p: p.fr, OTHER_TH),
              (lambda p: p.fth_slipped, SIGN), (lambda p: p.fy_renamed, RENAMED))),
    Quantity("coordinates", "the gradient in the coordinates (r, θ)",
             rf"\left[{FR}, {FTH}\right]",
             rf"Find the gradient of $f$ with respect to the coordinates $(r, \theta)$: the "
             rf"row $\left[{FR}, {FTH}\right]$. Type it as a row `[∂f/∂r, ∂f/∂θ]`.",
             lambda p: row((p.fr, p.fth)),
             ((lambda p: row((p.fr, p.fth_over_r)), BASIS_NOT_COORD),
              (lambda p: row((p.fx, p.fy)),
               CARTESIAN_ROW.format(what="[∂f/∂r, ∂f/∂θ]")),
              (lambda p: row((p.fr, p.fth_slipped)), SIGN),
              (lambda p: row((p.no_inner, p.no_inner)), NO_INNER))),
    Quantity("basis", "the components of ∇f in the polar basis",
             r"\left[f_r, \tfrac{1}{r} f_\theta\right]",
             r"Find the components of the gradient vector $\nabla f$ in the orthonormal polar "
             r"basis $(\mathbf{e}_r, \mathbf{e}_\theta)$. Writing "
             r"$\nabla f = f_r\,\mathbf{e}_r + \tfrac{1}{r} f_\theta\,\mathbf{e}_\theta$ with "
             rf"$f_r = {FR}$ and $f_\theta = {FTH}$, give the row "
             r"$\left[f_r, \tfrac{1}{r} f_\theta\right]$. Type it as a row `[f_r, f_θ/r]`.",
             lambda p: row((p.fr, p.fth_over_r)),
             ((lambda p: row((p.fr, p.fth)), COORD_NOT_BASIS),
              (lambda p: row((p.fr, sp.expand(R * p.fth))), TIMES_R),
              (lambda p: row((p.fx, p.fy)),
               CARTESIAN_ROW.format(what="the polar-basis components [f_r, f_θ/r]")),
              (lambda p: row((p.fr, p.fth_slipped / R)), SIGN)),
             r"In the orthonormal basis the $\mathbf{e}_\theta$ component is "
             rf"$\frac{{1}}{{r}}{FTH}$: a step $d\theta$ moves the point a distance "
             r"$r\,d\theta$."),
)
QUANTITY = {q.name: q for q in QUANTITIES}


# --- function templates: each draw returns f(x, y) -----------------------------------------

def _poly(rng):
    first, second = rng.choice(((X * Y, X**2), (X**2 * Y, X), (X * Y**2, Y), (X**3, X * Y),
                                (X**2 * Y, Y**2), (X * Y**2, X**2)))
    return signed(rng, 1, 2, 3) * first + signed(rng, 1, 2, 3) * second


def _exp(rng):
    a, b = signed(rng, 1, 2), signed(rng, 1, 2)
    return signed(rng, 1, 2) * rng.choice((sp.exp(a * X + b * Y), X * sp.exp(b * Y),
                                           sp.exp(a * X * Y), Y * sp.exp(a * X)))


def _log(rng):
    p, q = prohibit(lambda: (rng.randint(1, 3), rng.randint(1, 3)), lambda v: v[0] == v[1])
    k = rng.randint(1, 3)
    return signed(rng, 1, 2, 3) * rng.choice((sp.log(1 + p * X**2 + q * Y**2),
                                              Y * sp.log(k + X**2), X * sp.log(k + q * Y**2)))


def _trig(rng):
    a, b = signed(rng, 1, 2), signed(rng, 1, 2)
    return signed(rng, 1, 2, 3) * rng.choice((sp.sin(a * X + b * Y), sp.cos(a * X * Y),
                                              X * sp.sin(b * Y), Y * sp.cos(a * X)))


def _quadratic(rng):
    a, c = signed(rng, 1, 2, 3), signed(rng, 1, 2, 3)
    return a * X**2 + signed(rng, 1, 2, 3, 4) * X * Y + c * Y**2


TEMPLATES = (
    Template("poly", "a polynomial", _poly,
             "f is a polynomial: its partial derivatives by x and y are quick."),
    Template("exp", "an exponential", _exp, rf"For $e^{{u}}$, {RULES['exp']}."),
    Template("log", "a logarithm", _log, rf"For $\log u$, {RULES['log']}."),
    Template("trig", "a trigonometric function", _trig,
             rf"Use the chain rule inside the sine or cosine ({RULES['sin']}, {RULES['cos']}), "
             r"and the product rule for a factor in front."),
    Template("quadratic", "a quadratic form", _quadratic,
             rf"Use {RULES['double_angle']} to tidy up (optional)."),
)


# --- building an exercise -----------------------------------------------------------------

def builder(rng):
    """The build function for a generated exercise: the quantity is drawn first."""
    quantity = rng.choice(QUANTITIES).name
    return lambda template, f: build(template, f, quantity)


def build(template: Template, f, quantity: str) -> Draft:
    """The Draft asking for ``quantity`` (a ``QUANTITY`` name) of f in polar coordinates."""
    q = QUANTITY[quantity]
    pieces = _Pieces(f)
    answer = q.answer(pieces)
    prompt = (f"Let $$f(x, y) = {tex(f)},$$ and use polar coordinates $x = r\\cos\\theta$, "
              f"$y = r\\sin\\theta$ (with $r > 0$).\n\n{q.ask}\n\n"
              "Answer in terms of $r$ and $\\theta$ (type `r` and `theta` or `θ`).")
    d = pieces.derivation
    hints = (
        r"Substitute $x = r\cos\theta$, $y = r\sin\theta$ and use the chain rule: "
        rf"${FR} = \frac{{\partial f}}{{\partial x}}\frac{{\partial x}}{{\partial r}} + "
        r"\frac{\partial f}{\partial y}\frac{\partial y}{\partial r}$, and the same with "
        r"$\theta$.",
        (r"The inner derivatives are $\frac{\partial x}{\partial r} = \cos\theta$, "
         r"$\frac{\partial y}{\partial r} = \sin\theta$, "
         r"$\frac{\partial x}{\partial \theta} = -r\sin\theta$, "
         r"$\frac{\partial y}{\partial \theta} = r\cos\theta$. " + q.note).strip(),
        template.hint + rf" Here $\left[\frac{{\partial f}}{{\partial x}}, "
        rf"\frac{{\partial f}}{{\partial y}}\right] = {tex(d.outer)}$; substitute and "
        r"multiply by the inner derivatives.",
    )
    steps = engine_steps(d)
    if quantity == "basis":
        steps += (rf"**Divide the $\theta$-component by $r$:** "
                  rf"$$\frac{{1}}{{r}}{FTH} = {tex(pieces.fth_over_r)}$$",)
    elif quantity in ("dr", "dtheta"):
        which = "first" if quantity == "dr" else "second"
        steps += (rf"**Read off** the {which} entry of $\left[{FR}, {FTH}\right]$.",)
    steps += (final_step(q.lhs, answer),)
    distractors = [(model(pieces), message) for model, message in q.mistakes]
    return Draft(title=f"Polar coordinates: {q.title}, f {template.title}", prompt=prompt,
                 answer=answer, symbols=(R, TH), variables=dict(VARIABLES),
                 distractors=distractors, hints=hints, solution=steps,
                 assumptions=dict(ASSUMPTIONS))


# --- the curated set ----------------------------------------------------------------------

def _fixed(name, title, f, hint):
    return Template(name, title, lambda _rng: f, hint)


_XY = _fixed("xy", "the product xy", X * Y, TEMPLATES[4].hint)
CURATED = (
    ("06-polar-xy-dtheta", _XY, "dtheta"),
    ("06-polar-xy-basis", _XY, "basis"),
    ("06-polar-exp-dr", _fixed("exp", "an exponential", sp.exp(X), TEMPLATES[1].hint), "dr"),
    ("06-polar-cubic-gradient",
     _fixed("cubic", "a cubic", X**2 * Y, TEMPLATES[0].hint), "coordinates"),
)

FAMILY = Family(name="polar", templates=TEMPLATES, build=build, curated=CURATED,
                builder=builder)
