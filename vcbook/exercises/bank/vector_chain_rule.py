"""Family "vector_chain_rule": the chain rule ∂f/∂x = (∂f/∂z)(∂z/∂x) for f(z(x)) with x a
vector, in the style of MML exercises 5.5–5.8: log(1 + xᵀx), sin(Ax + b),
exp(−½(x − μ)ᵀS⁻¹(x − μ)), tanh(Ax + b), ‖Ax − b‖², ...

Each exercise asks for ONE quantity (the templates): the shape of a factor (typed ``(1, 3)``
or ``1×3``), the outer factor ∂f/∂z, the inner factor ∂z/∂x, or the product ∂f/∂x, the last
three in matrix notation. Outer functions are rows of ``OUTERS``, inner maps rows of ``INNERS``,
each with its derivative and its classic slips as data; the product's mistakes are rows of
``PRODUCT_MISTAKES``. Answers and worked solutions come from ``vcbook.matrixcalc``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from vcbook.exercises.bank import notation
from vcbook.exercises.bank.common import Degenerate, Draft, Family, Template
from vcbook.exercises.bank.matrix_prompts import (
    FRAMEWORKS,
    declared,
    layout,
    space,
    tex,
    typing_help,
)
from vcbook.exercises.bank.notation import derive

TITLE = "Vector chain rule"
CHAPTER = "02_jacobians"
ROLE_NAMES = {  # role -> the names an exercise may give it
    "x": ("x", "u", "v"), "z": ("z", "h", "q"), "A": ("A", "B", "M"), "b": ("b", "c"),
    "a": ("a", "p"), "c": ("c", "k"), "mu": ("mu",), "S": ("S", "C"),
}
LETTERS = (("D", "E"), ("n", "m"))  # (size of x, size of z) in matrix-notation exercises
NUMBERS = (2, 3, 4, 5)  # sizes in shape exercises (two different ones)
FUNCTIONS = (", `diag(·)` of a vector is the diagonal matrix with that vector on its diagonal, "
             "`.*` multiplies entry by entry, and `exp log sin cos tanh sqrt sigmoid` act on "
             "each entry")

# --- messages ------------------------------------------------------------------------------

COLUMN = ("This is a column, the transpose of the answer. In this book the derivative of a "
          "scalar by a vector is a row (the numerator layout). " + FRAMEWORKS)
JACOBIAN_T = ("This is the transpose of the Jacobian. In the numerator layout the rows belong to "
              "the entries of the output and the columns to the entries of the input.")
NOT_DIFFERENTIATED = ("You put f itself on the diagonal instead of its derivative: the Jacobian "
                      "of an entrywise function is diag(f′(@z)).")
SIGMOID = "σ′(@z) = σ(@z)(1 − σ(@z)): the factor {missing} is missing."
TANH = ("tanh′(@z) = 1 − tanh²(@z): the tanh is squared (entrywise, tanh(@z) .* tanh(@z) for "
        "a vector).")
SIN_SIGN = "d sin(@z) = cos(@z) d@z, with no minus sign (it is cos whose derivative is −sin)."
COS_SIGN = "d cos(@z) = −sin(@z) d@z: the minus sign is missing."
POWER_RULE = ("That is the power rule, which is for zⁿ with a fixed exponent. The exponential is "
              "its own derivative: d exp(@z) = exp(@z) d@z, so ∂f/∂@z = diag(exp(@z)).")
ORDER = ("The factors are in the wrong order. The chain rule is ∂f/∂@x = (∂f/∂@z)(∂@z/∂@x): "
         "the outer derivative, at @z = @z(@x), on the left and the inner one on the right. "
         "Matrices do not commute, and only this order fits the shapes.")
NO_INNER = ("You have ∂f/∂@z (at @z = @z(@x)) but not ∂@z/∂@x: the chain rule multiplies the "
            "outer derivative by the derivative of the inner map.")
NO_OUTER = ("That is ∂@z/∂@x alone. The chain rule multiplies it on the left by the outer "
            "derivative ∂f/∂@z, evaluated at @z = @z(@x).")


# --- outer functions f(z) and inner maps z(x) -----------------------------------------------

@dataclass(frozen=True)
class Outer:
    """An outer function: ``kind`` "scalar" (ℝ → ℝ), "entrywise" (ℝᴱ → ℝᴱ) or "norm" (ℝᴱ → ℝ);
    ``f`` and ``prime`` (∂f/∂z) in matrix notation with ``{z}``; ``slips``: (wrong ∂f/∂z,
    message); ``rule``: the derivative fact, for hints (LaTeX)."""

    name: str
    kind: str
    f: str
    prime: str
    rule: str
    slips: tuple = ()
    positive: bool = False  # f needs z ≥ 0 (log(1 + z), √z)
    words: str = ""  # how the prompt names f ("entrywise")


@dataclass(frozen=True)
class Inner:
    """An inner map z(x): ``kind`` "scalar" or "vector"; ``z``, ``prime`` (∂z/∂x) in matrix
    notation with role placeholders; ``shapes``: role -> shape with size letters D (x) and
    E (z); ``slips``: (wrong ∂z/∂x, message)."""

    name: str
    kind: str
    z: str
    prime: str
    shapes: tuple
    rule: str
    slips: tuple = ()
    nonnegative: bool = False


OUTERS = (
    Outer("log1p", "scalar", "log(1 + {z})", "1 / (1 + {z})",
          r"$\frac{d}{d@z}\log(1 + @z) = \frac{1}{1 + @z}$.",
          (("1 / {z}", "d log(1 + @z) = d@z/(1 + @z): the 1 stays in the denominator."),),
          positive=True),
    Outer("sqrt", "scalar", "sqrt({z})", "1 / (2 sqrt({z}))",
          r"$\frac{d}{d@z}\sqrt{@z} = \frac{1}{2\sqrt{@z}}$.",
          (("1 / sqrt({z})", "d√@z = d@z/(2√@z): the factor ½ from the power ½ is missing."),),
          positive=True),
    Outer("gauss", "scalar", "exp(-{z} / 2)", "-exp(-{z} / 2) / 2",
          r"$\frac{d}{d@z}e^{-@z/2} = -\tfrac12 e^{-@z/2}$.",
          (("exp(-{z} / 2)", "d exp(−@z/2) = −½ exp(−@z/2) d@z: the derivative of the exponent, "
                             "−½, comes out as a factor."),)),
    Outer("sigmoid", "scalar", "sigmoid({z})", "sigmoid({z}) (1 - sigmoid({z}))",
          r"$\sigma'(@z) = \sigma(@z)\,(1 - \sigma(@z))$.",
          (("sigmoid({z})", SIGMOID.format(missing="1 − σ(@z)")),)),
    Outer("tanh", "scalar", "tanh({z})", "1 - tanh({z})^2", r"$\tanh'(@z) = 1 - \tanh^2 @z$.",
          (("1 - tanh({z})", TANH),)),
    Outer("sin", "scalar", "sin({z})", "cos({z})", r"$\frac{d}{d@z}\sin @z = \cos @z$.",
          (("-cos({z})", SIN_SIGN),)),
    Outer("sin_e", "entrywise", "sin({z})", "diag(cos({z}))",
          r"$\mathrm{d}\sin(@z) = \cos(@z) \odot \mathrm{d}@z = \operatorname{diag}(\cos @z)\,"
          r"\mathrm{d}@z$.",
          (("diag(-cos({z}))", SIN_SIGN), ("diag(sin({z}))", NOT_DIFFERENTIATED)),
          words="entrywise"),
    Outer("cos_e", "entrywise", "cos({z})", "-diag(sin({z}))",
          r"$\mathrm{d}\cos(@z) = -\sin(@z) \odot \mathrm{d}@z = -\operatorname{diag}(\sin @z)\,"
          r"\mathrm{d}@z$.",
          (("diag(sin({z}))", COS_SIGN), ("diag(cos({z}))", NOT_DIFFERENTIATED)),
          words="entrywise"),
    Outer("tanh_e", "entrywise", "tanh({z})", "diag(1 - tanh({z}) .* tanh({z}))",
          r"$\mathrm{d}\tanh(@z) = (1 - \tanh(@z) \odot \tanh(@z)) \odot \mathrm{d}@z$.",
          (("diag(1 - tanh({z}))", TANH), ("diag(tanh({z}))", NOT_DIFFERENTIATED)),
          words="entrywise"),
    Outer("exp_e", "entrywise", "exp({z})", "diag(exp({z}))",
          r"$\mathrm{d}\exp(@z) = \exp(@z) \odot \mathrm{d}@z = \operatorname{diag}(\exp @z)\,"
          r"\mathrm{d}@z$.",
          (("diag({z} .* exp({z} - 1))", POWER_RULE),), words="entrywise"),
    Outer("sigmoid_e", "entrywise", "sigmoid({z})", "diag(sigmoid({z}) .* (1 - sigmoid({z})))",
          r"$\mathrm{d}\sigma(@z) = \sigma(@z) \odot (1 - \sigma(@z)) \odot \mathrm{d}@z$.",
          (("diag(sigmoid({z}))", SIGMOID.format(missing="1 − σ(@z)")),
           ("diag(1 - sigmoid({z}))", SIGMOID.format(missing="σ(@z)"))),
          words="the logistic sigmoid, entrywise"),
    Outer("sq", "norm", "norm({z})^2", "2 {z}^T",
          r"$\mathrm{d}(@z^\top @z) = \mathrm{d}@z^\top @z + @z^\top \mathrm{d}@z = "
          r"2@z^\top\mathrm{d}@z$.",
          (("{z}^T", "d(@zᵀ@z) = d@zᵀ @z + @zᵀ d@z = 2@zᵀ d@z: both factors of @zᵀ@z depend on @z, "
                     "so the 2 stays."), ("2 {z}", COLUMN))),
    Outer("half_sq", "norm", "norm({z})^2 / 2", "{z}^T",
          r"$\mathrm{d}\bigl(\tfrac12 @z^\top @z\bigr) = \tfrac12 \cdot 2 @z^\top \mathrm{d}@z$.",
          (("2 {z}^T", "The ½ in front cancels the 2 of d(@zᵀ@z) = 2@zᵀ d@z."),
           ("{z}", COLUMN))),
    Outer("log_sq", "norm", "log(1 + norm({z})^2)", "2 {z}^T / (1 + norm({z})^2)",
          r"$\mathrm{d}\log(1 + s) = \frac{\mathrm{d}s}{1 + s}$ with $s = @z^\top @z$, "
          r"$\mathrm{d}s = 2@z^\top\mathrm{d}@z$.",
          (("2 {z}^T", "That is the derivative of ‖@z‖² alone: the outer log contributes the "
                       "factor 1/(1 + ‖@z‖²)."),
           ("2 {z} / (1 + norm({z})^2)", COLUMN))),
)

INNERS = (
    Inner("sqnorm", "scalar", "{x}^T {x}", "2 {x}^T", (("x", "D"),),
          r"$\mathrm{d}(@x^\top @x) = \mathrm{d}@x^\top @x + @x^\top \mathrm{d}@x$, and a scalar "
          r"equals its transpose: $\mathrm{d}@x^\top @x = @x^\top \mathrm{d}@x$.",
          (("{x}^T", "d(@xᵀ@x) = d@xᵀ @x + @xᵀ d@x = 2@xᵀ d@x: both factors of @xᵀ@x depend on "
                     "@x, so the 2 stays."), ("2 {x}", COLUMN)),
          nonnegative=True),
    Inner("quad", "scalar", "{x}^T {A} {x}", "{x}^T ({A} + {A}^T)", (("x", "D"), ("A", "D×D")),
          r"Product rule: $\mathrm{d}(@x^\top @A @x) = \mathrm{d}@x^\top @A @x + "
          r"@x^\top @A\,\mathrm{d}@x$, and "
          r"$\mathrm{d}@x^\top @A @x = @x^\top @A^\top \mathrm{d}@x$ (a scalar is its own "
          r"transpose).",
          (("2 {x}^T {A}", "2@xᵀ@A holds only for a symmetric @A. Here @A is any square matrix: "
                           "d(@xᵀ@A@x) = d@xᵀ@A@x + @xᵀ@A d@x = @xᵀ(@A + @Aᵀ) d@x."),
           ("{x}^T {A}", "You kept one term of the product rule. d(@xᵀ@A@x) = d@xᵀ @A @x + "
                         "@xᵀ @A d@x, and the first term is @xᵀ@Aᵀ d@x."),
           ("({A} + {A}^T) {x}", COLUMN))),
    Inner("mahalanobis", "scalar", "({x} - {mu})^T {S}^-1 ({x} - {mu})",
          "2 ({x} - {mu})^T {S}^-1", (("x", "D"), ("mu", "D"), ("S", "D×D spd")),
          r"With $y = @x - @mu$ (so $\mathrm{d}y = \mathrm{d}@x$) and $@S^{-1}$ symmetric, "
          r"$\mathrm{d}(y^\top @S^{-1} y) = 2\,y^\top @S^{-1}\mathrm{d}y$.",
          (("({x} - {mu})^T {S}^-1", "d(yᵀ@S⁻¹y) = dyᵀ@S⁻¹y + yᵀ@S⁻¹dy = 2yᵀ@S⁻¹dy with "
                                     "y = @x − @mu (@S⁻¹ is symmetric): the 2 is missing."),
           ("2 ({x} - {mu})^T {S}", "The matrix in the quadratic form is @S⁻¹, not @S: it stays "
                                    "inverted in the derivative."),
           ("2 {S}^-1 ({x} - {mu})", COLUMN)),
          nonnegative=True),
    Inner("linear", "scalar", "{a}^T {x} + {c}", "{a}^T",
          (("x", "D"), ("a", "D"), ("c", "scalar")),
          r"$\mathrm{d}(@a^\top @x + @c) = @a^\top \mathrm{d}@x$.", (("{a}", COLUMN),)),
    Inner("affine", "vector", "{A} {x} + {b}", "{A}", (("x", "D"), ("A", "E×D"), ("b", "E")),
          r"$\mathrm{d}(@A @x + @b) = @A\,\mathrm{d}@x$: a linear map is its own Jacobian.",
          (("{A}^T", JACOBIAN_T),)),
    Inner("residual", "vector", "{A} {x} - {b}", "{A}", (("x", "D"), ("A", "E×D"), ("b", "E")),
          r"$\mathrm{d}(@A @x - @b) = @A\,\mathrm{d}@x$: a linear map is its own Jacobian.",
          (("{A}^T", JACOBIAN_T),)),
)

# Products the engine prints longer than MAX_PRODUCT_CHARS (expanded, hard to read) are not
# asked for; LONG_PRODUCTS lists those (outer, inner) pairs, and a test keeps the list exact.
MAX_PRODUCT_CHARS = 55
LONG_PRODUCTS = {
    ("log1p", "mahalanobis"), ("sigmoid", "quad"), ("sigmoid", "mahalanobis"), ("tanh", "quad"),
    ("tanh", "mahalanobis"),
}


def compatible(outer: Outer, inner: Inner) -> bool:
    """f(z(x)) is defined: a scalar f takes a scalar z, the others a vector z; log and √ need
    z ≥ 0."""
    return ((outer.kind == "scalar") == (inner.kind == "scalar")
            and (inner.nonnegative or not outer.positive))


PAIRS = tuple((o, i) for o in OUTERS for i in INNERS if compatible(o, i))


# --- one problem ---------------------------------------------------------------------------

@dataclass
class Problem:
    """The data of one exercise: the quantity asked, the composition, names and sizes."""

    quantity: str  # "shape", "outer", "inner" or "product"
    outer: Outer
    inner: Inner
    names: dict  # role -> name
    sizes: dict  # "D", "E" -> a letter, or a number (shape exercises)
    part: str = ""  # for "shape": "outer", "inner" or "product"
    _cache: dict = field(default_factory=dict, repr=False)

    def fill(self, text: str, **extra) -> str:
        """A matrix-notation text with ``{role}`` placeholders, in this exercise's names."""
        return text.format(**{**self.names, **extra})

    def say(self, message: str) -> str:
        """A message with ``@role`` tokens, in this exercise's names (unicode)."""
        return _tokens(message, {r: PRETTY.get(n, n) for r, n in self.names.items()})

    def latex(self, text: str) -> str:
        """A LaTeX hint with ``@role`` tokens, in this exercise's names."""
        return _tokens(text, {r: LATEX.get(n, n) for r, n in self.names.items()})

    @property
    def z(self) -> str:
        return self.fill(self.inner.z)

    def outer_at(self, text: str) -> str:
        """An outer-function text (``f``, ``prime`` or a slip) at z = z(x)."""
        return self.fill(text, z=f"({self.z})")

    @property
    def composed(self) -> str:
        return self.outer_at(self.outer.f)

    @property
    def x_shapes(self) -> dict:
        """Shapes of the names in f(z(x)), sizes filled in."""
        return {self.names[role]: shape.replace("D", self.sizes["D"]).replace(
            "E", self.sizes["E"]) for role, shape in self.inner.shapes}

    @property
    def z_shapes(self) -> dict:
        return {self.names["z"]: "scalar" if self.inner.kind == "scalar" else self.sizes["E"]}

    def size(self, what: str) -> str:
        """The number of entries of f, z or x (a letter or a number)."""
        if what == "x":
            return self.sizes["D"]
        if what == "z" or self.outer.kind == "entrywise":
            return "1" if self.inner.kind == "scalar" else self.sizes["E"]
        return "1"


PRETTY, LATEX = {"mu": "μ"}, {"mu": r"\mu"}


def _tokens(text: str, names: dict) -> str:
    for role in sorted(names, key=len, reverse=True):
        text = text.replace(f"@{role}", names[role])
    return text


def _names(rng: random.Random, roles) -> dict:
    names, taken = {}, set()
    for role in roles:
        names[role] = rng.choice([n for n in ROLE_NAMES[role] if n not in taken])
        taken.add(names[role])
    return names


def _problem(rng: random.Random, quantity: str, pairs, numbers: bool = False,
             part: str = "") -> Problem:
    outer, inner = rng.choice(pairs)
    names = _names(rng, ["x", "z", *(role for role, _ in inner.shapes if role != "x")])
    if numbers:
        d, e = rng.sample(NUMBERS, 2)
        sizes = {"D": str(d), "E": str(e)}
    else:
        sizes = dict(zip(("D", "E"), rng.choice(LETTERS), strict=True))
    return Problem(quantity, outer, inner, names, sizes, part)


def _eligible(slips: tuple) -> bool:
    return len(slips) >= 2  # a factor needs two real slips to be asked on its own


def _draw_shape(rng):
    outer, inner = rng.choice(PAIRS)
    parts = ("inner", "product") if outer.kind == "scalar" else ("outer", "inner", "product")
    return _problem(rng, "shape", [(outer, inner)], numbers=True, part=rng.choice(parts))


def _draw_outer(rng):
    return _problem(rng, "outer", [(o, i) for o, i in PAIRS if _eligible(o.slips)])


def _draw_inner(rng):
    return _problem(rng, "inner", [(o, i) for o, i in PAIRS if _eligible(i.slips)])


def _draw_product(rng):
    return _problem(rng, "product", [(o, i) for o, i in PAIRS
                                     if (o.name, i.name) not in LONG_PRODUCTS])


# --- what each quantity is: its symbol, function, variable and the text of its derivative ----

PARTIAL = {"outer": r"\frac{\partial f}{\partial z}", "inner": r"\frac{\partial z}{\partial x}",
           "product": r"\frac{\partial f}{\partial x}"}


def _symbol(p: Problem, part: str) -> str:
    """The LaTeX of the derivative ``part`` with this exercise's names."""
    z, x = tex(p.names["z"], p.z_shapes), tex(p.names["x"], p.x_shapes)
    return PARTIAL[part].replace(r"\partial z", rf"\partial {z}").replace(
        r"\partial x", rf"\partial {x}")


def _derivation(p: Problem, part: str):
    """The engine's derivation of ``part``: ∂f/∂z, ∂z/∂x or the product ∂f/∂x."""
    key = ("derivation", part)
    if key not in p._cache:
        if part == "outer":
            shapes = p.z_shapes
            p._cache[key] = (derive(p.fill(p.outer.f), p.names["z"], shapes), shapes)
        else:
            expr = p.z if part == "inner" else p.composed
            p._cache[key] = (derive(expr, p.names["x"], p.x_shapes), p.x_shapes)
    return p._cache[key]


def _setting(p: Problem) -> str:
    """The composition, its shapes, and the chain rule: the first paragraphs of a prompt."""
    xs, zs = p.x_shapes, p.z_shapes
    f_of_z = tex(p.fill(p.outer.f), zs)
    words = rf" \quad \text{{({p.outer.words})}}" if p.outer.words else ""
    z_space = space(zs[p.names["z"]])
    f_space = space("scalar" if p.size("product") == "1" else p.sizes["E"])
    z_name, x_name = tex(p.names["z"], zs), tex(p.names["x"], xs)
    return (f"Let {declared(xs)}, and\n$$f({z_name}) = {f_of_z}{words}, \\qquad "
            f"{z_name} = {tex(p.z, xs)} \\in {z_space},$$\nso that $f({z_name}({x_name})) = "
            f"{tex(p.composed, xs)} \\in {f_space}$. By the chain rule, "
            f"${_symbol(p, 'product')} = {_symbol(p, 'outer')}\\,{_symbol(p, 'inner')}$.")


# --- the product's classic mistakes, as data ------------------------------------------------

def _order(p):
    if p.inner.kind == "scalar":
        return None  # a scalar factor commutes
    return f"({p.fill(p.inner.prime)}) ({p.outer_at(p.outer.prime)})"


def _no_inner(p):
    if p.outer.kind == "scalar":
        return None  # a scalar for a row: the checker explains the shape itself
    return p.outer_at(p.outer.prime)


def _no_outer(p):
    return p.fill(p.inner.prime)


def _transposed(p):
    return f"({_derivation(p, 'product')[0].result})^T"


def _outer_slips(p):
    return [(f"({p.outer_at(wrong)}) ({p.fill(p.inner.prime)})", message)
            for wrong, message in p.outer.slips if message != COLUMN]


def _inner_slips(p):
    return [(f"({p.outer_at(p.outer.prime)}) ({p.fill(wrong)})", message)
            for wrong, message in p.inner.slips if message != COLUMN]


PRODUCT_MISTAKES: tuple[tuple[Callable, str | None], ...] = (
    # (problem -> wrong text, message), or (problem -> [(wrong text, message)], None)
    (_transposed, None),  # its message depends on the kind: see _product
    (_outer_slips, None),
    (_inner_slips, None),
    (_no_outer, NO_OUTER),
    (_order, ORDER),
    (_no_inner, NO_INNER),
)


# --- building the exercises ----------------------------------------------------------------

def _draft(p: Problem, template: Template, prompt: str, derivation, shapes, distractors, hints,
           intro: str) -> Draft:
    draft = notation.notation_draft(
        title=f"{TITLE}: {template.title}", prompt=prompt, derivation=derivation, shapes=shapes,
        distractors=distractors, hints=hints, intro=intro)
    draft.chapter = CHAPTER
    return draft


def _ask(p: Problem, part: str, derivation, shapes, wrt: str) -> str:
    rows = p.size("z" if part == "inner" else "product")
    cols = p.size("z" if part == "outer" else "x")
    names = list(shapes)
    return (f"{layout(derivation.kind, rows, cols, tex(wrt, shapes))}. "
            f"{typing_help(names, FUNCTIONS)}")


def _build_outer(template: Template, p: Problem) -> Draft:
    d, shapes = _derivation(p, "outer")
    z = p.names["z"]
    prompt = (f"{_setting(p)}\n\nFind the outer factor ${_symbol(p, 'outer')}$, the derivative "
              f"of $f$ by its own argument, in terms of ${tex(z, shapes)}$. Answer as "
              f"{_ask(p, 'outer', d, shapes, z)}")
    distractors = [(p.fill(wrong), p.say(message)) for wrong, message in p.outer.slips]
    hints = (rf"Forget ${tex(p.names['x'], p.x_shapes)}$ for now: differentiate $f$ by "
             rf"${tex(z, shapes)}$ alone, then write the result in the book's layout.",
             p.latex(KIND_HINTS[p.outer.kind]), p.latex(p.outer.rule))
    intro = (rf"**Differentiate f by {z}.** The differential method gives "
             rf"${_symbol(p, 'outer')}$ directly (the steps call the function f):")
    return _draft(p, template, prompt, d, shapes, distractors, hints, intro)


def _build_inner(template: Template, p: Problem) -> Draft:
    d, shapes = _derivation(p, "inner")
    x = p.names["x"]
    prompt = (f"{_setting(p)}\n\nFind the inner factor ${_symbol(p, 'inner')}$. Answer as "
              f"{_ask(p, 'inner', d, shapes, x)}")
    distractors = [(p.fill(wrong), p.say(message)) for wrong, message in p.inner.slips]
    collected = next(tex_ for label, tex_ in d.steps
                     if label.startswith("Expand and collect")).replace(
        r"\mathrm{d}f", rf"\mathrm{{d}}{tex(p.names['z'], p.z_shapes)}")
    hints = (p.latex(r"Take the differential $\mathrm{d}@z$ and bring it to the form "
                     r"$\mathrm{d}@z = g\,\mathrm{d}@x$; the row $g$ is the derivative."),
             p.latex(p.inner.rule),
             f"Expanded and collected, the differential is $${collected}$$")
    intro = (rf"**Differentiate {p.names['z']} by {x}.** The differential method gives "
             rf"${_symbol(p, 'inner')}$ (the steps call the function being differentiated f):")
    return _draft(p, template, prompt, d, shapes, distractors, hints, intro)


def _build_product(template: Template, p: Problem) -> Draft:
    d, shapes = _derivation(p, "product")
    x = p.names["x"]
    prompt = (f"{_setting(p)}\n\nFind ${_symbol(p, 'product')}$, the derivative of the "
              f"composition. Answer as {_ask(p, 'product', d, shapes, x)}")
    transposed = COLUMN if d.kind == "gradient" else JACOBIAN_T
    distractors = []
    for model, message in PRODUCT_MISTAKES:
        out = model(p)
        if isinstance(out, list):
            distractors.extend((wrong, p.say(said)) for wrong, said in out)
        elif out is not None:
            distractors.append((out, p.say(message or transposed)))
    zs, xs = p.z_shapes, p.x_shapes
    outer_prime = tex(p.fill(p.outer.prime), zs)
    inner_prime = tex(p.fill(p.inner.prime), xs)
    hints = (rf"Find the two factors separately, ${_symbol(p, 'outer')}$ (evaluated at "
             rf"${tex(p.names['z'], zs)} = {tex(p.z, xs)}$) and ${_symbol(p, 'inner')}$, then "
             "multiply them in this order.",
             p.latex(f"{p.outer.rule} {p.inner.rule}"),
             rf"Here ${_symbol(p, 'outer')} = {outer_prime}$ and "
             rf"${_symbol(p, 'inner')} = {inner_prime}$.")
    intro = (rf"**The chain rule.** ${_symbol(p, 'outer')} = {outer_prime}$ and "
             rf"${_symbol(p, 'inner')} = {inner_prime}$; their product, with "
             rf"${tex(p.names['z'], zs)} = {tex(p.z, xs)}$, is the answer. The differential "
             "method does both steps at once on the composition:")
    return _draft(p, template, prompt, d, shapes, distractors, hints, intro)


KIND_HINTS = {
    "entrywise": (r"An entrywise function acts on each entry alone: $\partial f_i/\partial @z_j "
                  r"= 0$ for $i \ne j$, so its Jacobian is the diagonal matrix "
                  r"$\operatorname{diag}(f'(@z))$."),
    "norm": (r"Write the differential $\mathrm{d}f$ and bring it to the form "
             r"$\mathrm{d}f = g\,\mathrm{d}@z$: the row $g$ is $\partial f/\partial @z$."),
    "scalar": r"$@z$ is a scalar here, so $\partial f/\partial @z$ is an ordinary derivative.",
}


# --- shape exercises -----------------------------------------------------------------------

SHAPE_MESSAGES = {
    "column": ("That is a column. In the book's layout the derivative of a scalar by a vector "
               "is a row, 1×n. " + FRAMEWORKS),
    "swapped": ("Rows and columns are swapped. In the numerator layout the rows belong to the "
                "entries of the output and the columns to the entries of the input."),
    "output": ("That is the shape of the output alone. A derivative has one column per entry of "
               "the variable it is taken by."),
    "scalar": ("A scalar's derivative by a vector is not a scalar: it is a row with one entry "
               "per entry of the vector."),
    "diagonal": ("f′ applied entry by entry is a vector, but the Jacobian of an entrywise "
                 "function is the square matrix diag(f′(@z)), one row and one column per entry "
                 "of @z."),
    "by_x": ("That is the shape of a derivative by @x. The outer factor is the derivative by "
             "@z, so it has one column per entry of @z."),
    "outer_only": ("That is the shape of ∂f/∂@z alone. The chain rule multiplies it by ∂@z/∂@x, "
                   "and the shared size (the entries of @z) is summed over."),
    "inner_only": "That is the shape of ∂@z/∂@x alone; ∂f/∂@x has one row per entry of f.",
}


def _shape_distractors(p: Problem, answer: tuple) -> list:
    """The classic wrong shapes for ``p.part``, as (shape, message) rows."""
    rows, cols = answer
    f, z, x = (int(p.size(w)) for w in ("product", "z", "x"))
    out = [((cols, rows), "column" if rows == 1 else "swapped")]
    if p.part == "outer" and p.outer.kind == "entrywise":
        out.append(((z, 1), "diagonal"))
    out.append(((rows, 1), "scalar" if rows == 1 else "output"))
    if p.part == "outer":
        out.append(((rows, x), "by_x"))
    if p.part == "product":
        out.append(((f, z), "outer_only"))
        out.append(((z, x), "inner_only"))
    return [(shape, p.say(SHAPE_MESSAGES[key])) for shape, key in out]


def _build_shape(template: Template, p: Problem) -> Draft:
    d, shapes = _derivation(p, p.part)
    f, z, x = (p.size(w) for w in ("product", "z", "x"))
    rows, cols = {"outer": (f, z), "inner": (z, x), "product": (f, x)}[p.part]
    answer = (int(rows), int(cols))
    symbol = _symbol(p, p.part)
    prompt = (f"{_setting(p)}\n\nWhat is the shape of ${symbol}$, as a matrix in the book's "
              "layout (the numerator layout: one row per entry of what is differentiated, one "
              "column per entry of the variable; a scalar counts as one entry)? Type it as "
              "`(rows, cols)` or `rows×cols`.")
    hints = ("A derivative in the numerator layout has one row per entry of the function and "
             "one column per entry of the variable it is taken by; a scalar has one entry.",
             p.latex(rf"Here $f$ has {f} entr{'y' if f == '1' else 'ies'}, $@z$ has {z} and "
                     rf"$@x$ has {x}."),
             rf"${_symbol(p, 'outer')}$ is ${f} \times {z}$, ${_symbol(p, 'inner')}$ is "
             rf"${z} \times {x}$, and their product ${_symbol(p, 'product')}$ is "
             rf"${f} \times {x}$.")
    closing = (f"**Answer.** The shape is ${rows} \\times {cols}$, typed `({rows}, {cols})` or "
               f"`{rows}×{cols}`.")
    intro = p.latex(rf"**Count the entries.** $f$ has {f}, $@z$ has {z} and $@x$ has {x}, "
                    rf"so ${symbol}$ is ${rows} \times {cols}$. The engine's derivation shows "
                    "the same shape in its last line:")
    return Draft(title=f"{TITLE}: {template.title}", prompt=prompt, answer=answer, symbols=(),
                 variables={}, distractors=_shape_distractors(p, answer), hints=hints,
                 solution=notation.solution_from(d, intro, closing),
                 derivative="gradient" if answer[0] == 1 else "jacobian", chapter=CHAPTER)


BUILDERS = {"shape": _build_shape, "outer": _build_outer, "inner": _build_inner,
            "product": _build_product}


def build(template: Template, p: Problem) -> Draft:
    """The Draft asking for ``p.quantity`` of the composition ``p``."""
    if p.quantity == "shape" and p.part == "outer" and p.outer.kind == "scalar":
        raise Degenerate("∂f/∂z is 1×1 for a scalar f of a scalar z")
    return BUILDERS[p.quantity](template, p)


TEMPLATES = (
    Template("shape", "the shape of a factor", _draw_shape,
             "Count rows (entries of the function) and columns (entries of the variable)."),
    Template("outer", "the outer factor", _draw_outer,
             "Differentiate f by z alone; an entrywise function has a diagonal Jacobian."),
    Template("inner", "the inner factor", _draw_inner,
             "Take the differential dz and read off the row in dz = g dx."),
    Template("product", "the whole chain, a product", _draw_product,
             "Multiply ∂f/∂z (at z = z(x)) by ∂z/∂x, in that order."),
)


# --- the curated set (MML exercises 5.5–5.8 in spirit) ---------------------------------------

def _by(name: str, rows) -> object:
    return next(r for r in rows if r.name == name)


def _fixed(name: str, title: str, quantity: str, outer: str, inner: str, names: dict,
           sizes: dict, part: str = "") -> Template:
    problem = Problem(quantity, _by(outer, OUTERS), _by(inner, INNERS), names, sizes, part)
    return Template(name, title, lambda _rng: problem, TEMPLATES[0].hint)


LETTER = {"D": "D", "E": "E"}
CURATED = (
    ("02-vector_chain_rule-log-norm",
     _fixed("log-norm", "log(1 + xᵀx)", "product", "log1p", "sqnorm", {"x": "x", "z": "z"},
            LETTER)),
    ("02-vector_chain_rule-sin-affine-shape",
     _fixed("sin-affine-shape", "the shape of ∂z/∂x for z = Ax + b", "shape", "sin_e", "affine",
            {"x": "x", "z": "z", "A": "A", "b": "b"}, {"D": "3", "E": "2"}, part="inner")),
    ("02-vector_chain_rule-gauss",
     _fixed("gauss", "exp(−½(x − μ)ᵀS⁻¹(x − μ))", "product", "gauss", "mahalanobis",
            {"x": "x", "z": "z", "mu": "mu", "S": "S"}, LETTER)),
    ("02-vector_chain_rule-tanh-affine",
     _fixed("tanh-affine", "tanh(Ax + b)", "product", "tanh_e", "affine",
            {"x": "x", "z": "z", "A": "A", "b": "b"}, LETTER)),
)

FAMILY = Family(name="vector_chain_rule", templates=TEMPLATES, build=build, curated=CURATED)
