"""The matrix-notation problems of the "jacobian" family, as data: forms, activations, names.

A ``Form`` is a function of a vector written with placeholders (``{g}({A} {x} + {b})``), the
shapes of its names and its classic mistakes (patterns, each with the message that teaches the
fix). ``draw(rng, forms)`` picks a form, names (``x`` or ``z``, ``A`` or ``W1``, size letters
``n, m`` or ``d, k``), an entrywise activation where the form has one, and returns a
``Problem`` with every pattern filled in. The answer itself is always the engine's
(``mc.derivative``, in ``jacobian.build_notation``); the transposed answer is added there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from vcbook.answers.matrix.render import latex_tree
from vcbook.answers.matrix.tree import Name
from vcbook.exercises.bank.messages import mistake

# --- messages ------------------------------------------------------------------------------

TRANSPOSED_ENTRIES = (
    "You put ∂f_i/∂x_j in row j and column i: that is the transpose of the Jacobian (the "
    "denominator layout). In this book row i is the gradient of f_i, so entry (i, j) is the "
    "derivative of the i-th component by the j-th variable: one row per component of f, one "
    "column per variable.")
TRANSPOSED_NOTATION = (
    "This is the transpose of the Jacobian (the denominator layout). Row i of ∂f/∂{x} is the "
    "gradient of f_i, so for f: R^{n} → R^{m} it is {m}×{n}: the matrix J in df = J d{x}, "
    "with d{x} on the right.")
SIN_SIGN = ("Check the sign: d/du sin(u) = +cos(u). It is cosine whose derivative has the minus "
            "sign, d/du cos(u) = −sin(u).")
WRONG_ORDER = (
    "The factors are in the wrong order. The chain rule multiplies Jacobians from the outside "
    "in: J = (Jacobian of the outer function)(Jacobian of the inner one), and matrix products "
    "do not commute (the shapes only fit here because a matrix is square).")
FORGOT_INNER = (
    "You forgot the inner Jacobian. By the chain rule d {g}(u) = {g}′(u) ⊙ du with u = {u}, "
    "and du = {A} d{x}: the factor diag({g}′(u)) is followed by the inner Jacobian {A}.")
FORGOT_OUTER = (
    "You forgot the outer Jacobian: f applies {B} after the entrywise function, so "
    "df = {B} d(...) and {B} stays in front, on the left.")
FORGOT_ACTIVATION = (
    "You left out the derivative of the entrywise function {g}: d {g}(u) = {g}′(u) ⊙ du, "
    "which contributes the factor diag({g}′(u)). Only a linear map is its own Jacobian.")
SLIPS = {
    "tanh_square": ("The derivative of tanh is 1 − tanh², with the square: tanh′(u) = "
                    "1 − tanh(u)², typed 1 - tanh(u) .* tanh(u) for a vector u."),
    "tanh_sign": ("Check the sign: tanh′(u) = 1 − tanh(u)² (tanh flattens out as |u| grows, so "
                  "its slope is between 0 and 1)."),
    "sigmoid_only": ("σ is not its own derivative (exp is): σ′(u) = σ(u)(1 − σ(u)), so the "
                     "diagonal factor is diag(σ(u)) diag(1 − σ(u))."),
    "sigmoid_half": ("You kept only the factor 1 − σ(u): σ′(u) = σ(u)(1 − σ(u)) has both "
                     "factors, diag(σ(u)) diag(1 − σ(u))."),
    "cos_sign": mistake("cos_sign", where=" (applied entrywise)"),
    "sin_sign": SIN_SIGN,
}
TWO_I = ("The derivative of x_i² is 2x_i, not 2: by the entrywise product rule "
         "d({x} ⊙ {x}) = d{x} ⊙ {x} + {x} ⊙ d{x} = 2 diag({x}) d{x}, so {x} stays on the "
         "diagonal. (2I is the Jacobian of 2{x}.)")
HALF = ("You dropped one of the two terms of the entrywise product rule: d({x} ⊙ {x}) = "
        "d{x} ⊙ {x} + {x} ⊙ d{x}. Both terms are diag({x}) d{x}, which makes the factor 2.")
DROPPED_TERM = ("You dropped a term of the entrywise product rule: d(u ⊙ v) = du ⊙ v + u ⊙ dv, "
                "one term from each factor. Here d({x} ⊙ {A} {x}) = diag({A} {x}) d{x} + "
                "diag({x}) {A} d{x}.")
DIAG_SIDE = ("{x} ⊙ ({A} d{x}) is diag({x}) {A} d{x}: the diagonal matrix stands on the left, "
             "scaling the rows of {A}. {A} diag({x}) would scale its columns instead.")
DROPPED_CONSTANT = ("You dropped the constant vector {a}: d({a} ⊙ {g}({x})) = {a} ⊙ {g}′({x}) ⊙ "
                    "d{x}, so its Jacobian is diag({a}) diag({g}′({x})).")
NORM_CONSTANT = ("You treated ‖{x}‖ as a constant. It depends on {x}: by the product rule "
                 "df = (d‖{x}‖) {x} + ‖{x}‖ d{x}, with d‖{x}‖ = {x}ᵀd{x}/‖{x}‖, which adds the "
                 "term {x} {x}ᵀ/‖{x}‖.")
NORM_OTHER = ("You dropped the term ‖{x}‖ d{x} of the product rule: df = (d‖{x}‖) {x} + "
              "‖{x}‖ d{x}, so the Jacobian contains ‖{x}‖ I as well.")
NORM_DIVISION = ("d‖{x}‖ = {x}ᵀd{x} / ‖{x}‖: the gradient of the norm is the unit row "
                 "{x}ᵀ/‖{x}‖. Without the division you have half the differential of "
                 "‖{x}‖² = {x}ᵀ{x}.")
NORM_SQUARE = ("You differentiated ‖{x}‖ as if it were ‖{x}‖² = {x}ᵀ{x}, whose differential "
               "is 2{x}ᵀd{x}. The norm is its square root: d‖{x}‖ = {x}ᵀd{x}/‖{x}‖.")
UNIT_CONSTANT = ("You treated ‖{x}‖ as a constant. By the quotient rule d({x}/‖{x}‖) = "
                 "d{x}/‖{x}‖ − {x} d‖{x}‖/‖{x}‖², and d‖{x}‖ = {x}ᵀd{x}/‖{x}‖ gives the "
                 "term −{x} {x}ᵀ/‖{x}‖³.")
UNIT_SIGN = ("Check the sign: d(1/‖{x}‖) = −d‖{x}‖/‖{x}‖², so the outer-product term is "
             "subtracted.")
UNIT_POWER = ("The power of the norm is 3: d(1/‖{x}‖) = −d‖{x}‖/‖{x}‖² and d‖{x}‖ = "
              "{x}ᵀd{x}/‖{x}‖ gives one more factor 1/‖{x}‖.")
SCALAR_CONSTANT = ("You treated {a}ᵀ{x} as a constant. By the product rule df = ({a}ᵀd{x}) {x} "
                   "+ ({a}ᵀ{x}) d{x}, and ({a}ᵀd{x}) {x} = {x} {a}ᵀ d{x} gives the term "
                   "{x} {a}ᵀ.")
SCALAR_OTHER = ("You dropped the term ({a}ᵀ{x}) d{x} of the product rule; it gives "
                "({a}ᵀ{x}) I.")
QUADRATIC_SYMMETRIC = ("d({x}ᵀ {B} {x}) = {x}ᵀ({B} + {B}ᵀ) d{x}. 2{x}ᵀ {B} is right only for a "
                       "symmetric {B}, and {B} is a general square matrix here.")
QUADRATIC_TERM = ("You dropped a term of the product rule: d({x}ᵀ {B} {x}) = d{x}ᵀ {B} {x} + "
                  "{x}ᵀ {B} d{x} = {x}ᵀ({B} + {B}ᵀ) d{x}.")
SQUARE_FACTOR = ("d({x}ᵀ{x}) = 2{x}ᵀd{x}: you lost the 2 (the product rule gives two equal "
                 "terms, d{x}ᵀ{x} + {x}ᵀd{x}).")
SUM_CONSTANT = ("You treated the sum s = sum(exp({x})) as a constant. It depends on every "
                "entry of {x}, and the quotient rule gives a second term, "
                "−exp({x}) exp({x})ᵀ/s²: that is why every output of a softmax depends on "
                "every input.")
QUOTIENT_SIGN = ("Check the sign of the quotient rule: d(v/s) = dv/s − v ds/s², so the "
                 "outer-product term is subtracted.")
QUOTIENT_SQUARE = ("The quotient rule divides the second term by the square of the "
                   "denominator: d(v/s) = dv/s − v ds/s².")
FORGOT_INNER_LINEAR = ("You forgot the inner Jacobian {A}: df = {B} d({A} {x} + {b}) = "
                       "{B} {A} d{x}. The chain rule multiplies the outer Jacobian {B} by the "
                       "inner one, {A}.")
INNER_TRANSPOSED = ("The Jacobian of {A} {x} + {b} is {A}, not {A}ᵀ: a linear map is its own "
                    "Jacobian, row i of {A} being the gradient of ({A} {x})_i.")
FORGOT_IDENTITY = ("You forgot the Jacobian of the term {x} itself: d{x} = I d{x}, so the "
                   "Jacobian has the term I (the skip connection).")
_INNER_FOR_OUTER = ("@vᵀ@v is a number (an inner product: a row times a column), and a number "
                    "added to a matrix is added to every entry. The term needs the outer product "
                    "@v @vᵀ, a column times a row: the {n}×{n} matrix that multiplies d{x}.")
INNER_FOR_OUTER = _INNER_FOR_OUTER.replace("@v", "{x}")
EXP_INNER_FOR_OUTER = _INNER_FOR_OUTER.replace("@v", "exp({x})")
ONE_FOR_I = ("The Jacobian of {x} is the identity matrix I, not the number 1 (1 added to a "
             "matrix adds 1 to every entry): write I.")

INTRO = ("**Plan.** Take the differential of f, collect it, and bring it to the form "
         "df = J d{x}; the Jacobian J (m×n, here {m}×{n}) is what multiplies d{x}.")


# --- activations ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Activation:
    """An entrywise function g: ``factor`` is diag(g′(u)) as typed, a pattern in ``{u}``."""

    name: str
    factor: str
    rule: str  # LaTeX sentence for the second hint
    slips: tuple = ()  # ((wrong factor, SLIPS key), ...)


ACTIVATIONS = (
    Activation("tanh", "diag(1 - tanh({u}) .* tanh({u}))",
               r"Here $\tanh'(u) = 1 - \tanh^2 u$.",
               (("diag(1 - tanh({u}))", "tanh_square"),
                ("diag(1 + tanh({u}) .* tanh({u}))", "tanh_sign"))),
    Activation("sigmoid", "diag(sigmoid({u})) diag(1 - sigmoid({u}))",
               r"Here $\sigma'(u) = \sigma(u)\,(1 - \sigma(u))$.",
               (("diag(sigmoid({u}))", "sigmoid_only"),
                ("diag(1 - sigmoid({u}))", "sigmoid_half"))),
    Activation("sin", "diag(cos({u}))", r"Here $\sin' = \cos$.",
               (("(-diag(cos({u})))", "sin_sign"),)),
    Activation("cos", "(-diag(sin({u})))", r"Here $\cos' = -\sin$.",
               (("diag(sin({u}))", "cos_sign"),)),
    Activation("exp", "diag(exp({u}))", r"Here $\exp' = \exp$."),
)


# --- forms ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Form:
    """A function of ``{x}`` with placeholders; its shapes; its mistakes as (pattern, message).

    ``out`` is the size letter of f's length. With ``{g}`` in ``function``, ``inner`` is g's
    argument, ``{D}`` in a pattern is diag(g′(inner)) and ``slip`` places each wrong factor
    ``{S}`` of the activation (with its message).
    """

    name: str
    function: str
    shapes: tuple
    out: str = "{m}"
    mistakes: tuple = ()
    inner: str = ""
    slip: str = ""


V, AFF = ("{x}", "{n}"), "{A} {x} + {b}"
ACTIVATION_OF_AFFINE = (
    Form("layer", "{g}({A} {x} + {b})", (V, ("{A}", "{m}×{n}"), ("{b}", "{m}")),
         mistakes=(("{A} {D}", WRONG_ORDER), ("{D}", FORGOT_INNER), ("{A}", FORGOT_ACTIVATION)),
         inner=AFF, slip="{S} {A}"),
    Form("layer_no_bias", "{g}({A} {x})", (V, ("{A}", "{m}×{n}")),
         mistakes=(("{A} {D}", WRONG_ORDER), ("{D}", FORGOT_INNER), ("{A}", FORGOT_ACTIVATION)),
         inner="{A} {x}", slip="{S} {A}"),
    Form("residual", "{x} + {g}({A} {x} + {b})", (V, ("{A}", "{n}×{n}"), ("{b}", "{n}")),
         out="{n}", mistakes=(("{D} {A}", FORGOT_IDENTITY), ("1 + {D} {A}", ONE_FOR_I),
                              ("I + {A} {D}", WRONG_ORDER)),
         inner=AFF, slip="I + {S} {A}"),
)
LINEAR_AFTER = (
    Form("readout", "{B} {g}({x})", (V, ("{B}", "{m}×{n}")),
         mistakes=(("{D} {B}", WRONG_ORDER), ("{B}", FORGOT_ACTIVATION), ("{D}", FORGOT_OUTER)),
         inner="{x}", slip="{B} {S}"),
    Form("readout_bias", "{B} {g}({x}) + {b}", (V, ("{B}", "{m}×{n}"), ("{b}", "{m}")),
         mistakes=(("{D} {B}", WRONG_ORDER), ("{B}", FORGOT_ACTIVATION), ("{D}", FORGOT_OUTER)),
         inner="{x}", slip="{B} {S}"),
)
TWO_LAYER = (
    Form("two_layer", "{B} {g}({A} {x} + {b})",
         (V, ("{A}", "{p}×{n}"), ("{b}", "{p}"), ("{B}", "{m}×{p}")),
         mistakes=(("{B} {A}", FORGOT_ACTIVATION), ("{B} {D}", FORGOT_INNER),
                   ("{D} {A}", FORGOT_OUTER)),
         inner=AFF, slip="{B} {S} {A}"),
)
PRODUCTS = (
    Form("square", "{x} .* {x}", (V,), out="{n}",
         mistakes=(("2 I", TWO_I), ("diag({x})", HALF))),
    Form("scaled", "{x} .* ({A} {x})", (V, ("{A}", "{n}×{n}")), out="{n}",
         mistakes=(("diag({A} {x})", DROPPED_TERM), ("diag({x}) {A}", DROPPED_TERM),
                   ("diag({A} {x}) + {A} diag({x})", DIAG_SIDE))),
    Form("mixed_squares", "{A} ({x} .* {x})", (V, ("{A}", "{m}×{n}")),
         mistakes=(("2 {A}", TWO_I), ("{A} diag({x})", HALF), ("2 diag({x}) {A}", WRONG_ORDER))),
    Form("weighted", "{a} .* {g}({x})", (V, ("{a}", "{n}")), out="{n}",
         mistakes=(("diag({a})", FORGOT_ACTIVATION), ("{D}", DROPPED_CONSTANT)),
         inner="{x}", slip="diag({a}) {S}"),
)
SCALAR_TIMES_VECTOR = (
    Form("norm_times", "norm({x}) {x}", (V,), out="{n}",
         mistakes=(("norm({x}) I", NORM_CONSTANT), ("{x} {x}^T / norm({x})", NORM_OTHER),
                   ("norm({x}) I + {x} {x}^T", NORM_DIVISION),
                   ("norm({x}) I + 2 {x} {x}^T", NORM_SQUARE),
                   ("norm({x}) I + {x}^T {x} / norm({x})", INNER_FOR_OUTER))),
    Form("unit", "{x} / norm({x})", (V,), out="{n}",
         mistakes=(("I / norm({x})", UNIT_CONSTANT),
                   ("I / norm({x}) + {x} {x}^T / norm({x})^3", UNIT_SIGN),
                   ("I / norm({x}) - {x} {x}^T / norm({x})^2", UNIT_POWER),
                   ("I / norm({x}) - {x}^T {x} / norm({x})^3", INNER_FOR_OUTER))),
    Form("projection", "({a}^T {x}) {x}", (V, ("{a}", "{n}")), out="{n}",
         mistakes=(("({a}^T {x}) I", SCALAR_CONSTANT), ("{x} {a}^T", SCALAR_OTHER))),
    Form("quadratic", "({x}^T {B} {x}) {a}", (V, ("{B}", "{n}×{n}"), ("{a}", "{m}")),
         mistakes=(("2 {a} {x}^T {B}", QUADRATIC_SYMMETRIC),
                   ("{a} {x}^T {B}", QUADRATIC_TERM))),
    Form("square_norm", "({x}^T {x}) {a}", (V, ("{a}", "{m}")),
         mistakes=(("{a} {x}^T", SQUARE_FACTOR),)),
)
SOFTMAX_SUM = "sum(exp({x}))"
SOFTMAX = (
    Form("softmax", f"exp({{x}}) / {SOFTMAX_SUM}", (V,), out="{n}",
         mistakes=((f"diag(exp({{x}})) / {SOFTMAX_SUM}", SUM_CONSTANT),
                   (f"diag(exp({{x}})) / {SOFTMAX_SUM} + exp({{x}}) exp({{x}})^T / "
                    f"{SOFTMAX_SUM}^2", QUOTIENT_SIGN),
                   (f"diag(exp({{x}})) / {SOFTMAX_SUM} - exp({{x}}) exp({{x}})^T / "
                    f"{SOFTMAX_SUM}", QUOTIENT_SQUARE),
                   (f"diag(exp({{x}})) / {SOFTMAX_SUM} - exp({{x}})^T exp({{x}}) / "
                    f"{SOFTMAX_SUM}^2", EXP_INNER_FOR_OUTER))),
)
LINEAR = (
    Form("composed", "{B} ({A} {x} + {b})",
         (V, ("{A}", "{n}×{n}"), ("{b}", "{n}"), ("{B}", "{m}×{n}")),
         mistakes=(("{B}", FORGOT_INNER_LINEAR), ("{B} {A}^T", INNER_TRANSPOSED))),
    Form("skip", "{x} + {B} {A} {x}", (V, ("{A}", "{p}×{n}"), ("{B}", "{n}×{p}")), out="{n}",
         mistakes=(("{B} {A}", FORGOT_IDENTITY), ("1 + {B} {A}", ONE_FOR_I))),
)

_CHAIN = (r"An entrywise function contributes a diagonal matrix, "
          r"$\mathrm{d}\,g(\mathbf{u}) = g'(\mathbf{u}) \odot \mathrm{d}\mathbf{u} = "
          r"\operatorname{diag}(g'(\mathbf{u}))\,\mathrm{d}\mathbf{u}$, and the chain rule "
          r"multiplies the Jacobians from the outside in.")
TEMPLATES = (  # (name, title, forms, hint)
    ("activation", "an entrywise activation of an affine map", ACTIVATION_OF_AFFINE,
     _CHAIN + r" The inside $\mathbf{u} = A\mathbf{x} + \mathbf{b}$ has "
              r"$\mathrm{d}\mathbf{u} = A\,\mathrm{d}\mathbf{x}$."),
    ("linear_after", "a linear map after an entrywise function", LINEAR_AFTER,
     _CHAIN + r" A linear map $B$ outside contributes $B$ on the left."),
    ("two_layer", "a two-layer network", TWO_LAYER,
     _CHAIN + r" Here there are three factors: the outer matrix, the diagonal matrix, the "
              r"inner matrix."),
    ("products", "entrywise products", PRODUCTS,
     r"The entrywise product rule: $\mathrm{d}(\mathbf{u} \odot \mathbf{v}) = "
     r"\mathrm{d}\mathbf{u} \odot \mathbf{v} + \mathbf{u} \odot \mathrm{d}\mathbf{v}$, and "
     r"$\mathbf{u} \odot \mathrm{d}\mathbf{x} = \operatorname{diag}(\mathbf{u})\,"
     r"\mathrm{d}\mathbf{x}$."),
    ("scalar_vector", "a vector scaled by a scalar function", SCALAR_TIMES_VECTOR,
     r"The product rule for a scalar $s$ times a vector $\mathbf{v}$: "
     r"$\mathrm{d}(s\mathbf{v}) = (\mathrm{d}s)\,\mathbf{v} + s\,\mathrm{d}\mathbf{v}$; a "
     r"vector times the scalar $\mathbf{a}^\top\mathrm{d}\mathbf{x}$ is "
     r"$\mathbf{v}\mathbf{a}^\top\mathrm{d}\mathbf{x}$ (an outer product), and "
     r"$\mathrm{d}\lVert\mathbf{x}\rVert = \mathbf{x}^\top\mathrm{d}\mathbf{x} / "
     r"\lVert\mathbf{x}\rVert$."),
    ("softmax", "the softmax", SOFTMAX,
     r"The quotient rule with the scalar $s = \operatorname{sum}(e^{\mathbf{x}})$: "
     r"$\mathrm{d}(\mathbf{v}/s) = \mathrm{d}\mathbf{v}/s - \mathbf{v}\,\mathrm{d}s/s^2$, "
     r"with $\mathrm{d}s = (e^{\mathbf{x}})^\top \mathrm{d}\mathbf{x}$."),
    ("linear", "compositions of linear maps", LINEAR,
     r"A linear map is its own Jacobian, $\mathrm{d}(A\mathbf{x}) = A\,\mathrm{d}\mathbf{x}$, "
     r"the Jacobian of $\mathbf{x}$ itself is $I$, and the chain rule multiplies the "
     r"Jacobians from the outside in."),
)


# --- names and problems --------------------------------------------------------------------

VECTORS = ("x", "z", "v", "u")
SIZES = (("n", "m", "p"), ("d", "k", "h"), ("n", "m", "k"))
MATRICES = (("A", "B"), ("W1", "W2"), ("W", "V"), ("U", "M"))  # (inner, outer)
CONSTANTS = (("b", "a"), ("c", "w"), ("b", "c"))  # (shift, weights)
SQUARE_CHANCE = 0.3  # how often m = n (then more mistakes have shapes that fit)


@dataclass(frozen=True)
class Problem:
    """One matrix-notation problem, every pattern filled in."""

    function: str
    wrt: str
    shapes: tuple  # ((name, shape), ...), in the prompt's order
    mistakes: tuple  # ((text, message), ...)
    in_size: str
    out_size: str
    rule: str = ""  # the activation's derivative, for the second hint


def _wrapped(factor: str) -> str:
    return f"({factor})" if factor.startswith("-") else factor


def problem(form: Form, names: dict, activation: Activation | None) -> Problem:
    """``form`` with ``names`` (x, A, B, a, b, n, m, p) and ``activation`` filled in."""
    names = dict(names)
    if activation is not None:
        names["g"] = activation.name
        names["u"] = form.inner.format(**names)
        names["D"] = _wrapped(activation.factor.format(**names))
    fill = lambda pattern: pattern.format(**names)  # noqa: E731
    mistakes = [(fill(text), fill(message)) for text, message in form.mistakes]
    for wrong, key in activation.slips if activation is not None else ():
        factor = _wrapped(wrong.format(**names))
        mistakes.append((form.slip.format(**{**names, "S": factor}), SLIPS[key]))
    shapes = tuple((fill(name), fill(shape)) for name, shape in form.shapes)
    return Problem(fill(form.function), names["x"], shapes, tuple(mistakes), names["n"],
                   fill(form.out), activation.rule if activation is not None else "")


def draw(rng: random.Random | None, forms: tuple[Form, ...]) -> Problem:
    """A problem of one of ``forms``, with drawn names, sizes and activation."""
    form = rng.choice(forms)
    n, m, p = rng.choice(SIZES)
    inner, outer = rng.choice(MATRICES)
    shift, weights = rng.choice(CONSTANTS)
    names = {"x": rng.choice(VECTORS), "A": inner, "B": outer, "b": shift, "a": weights,
             "n": n, "m": n if rng.random() < SQUARE_CHANCE else m, "p": p}
    activation = rng.choice(ACTIVATIONS) if "{g}" in form.function else None
    return problem(form, names, activation)


DEFAULT_NAMES = {"x": "x", "A": "W", "B": "V", "b": "b", "a": "a", "n": "n", "m": "m", "p": "p"}
FIXED = {  # curated problems: (form, activation name)
    "tanh_layer": (ACTIVATION_OF_AFFINE[0], "tanh"),
    "softmax": (SOFTMAX[0], None),
}


def fixed(key: str) -> Problem:
    form, activation = FIXED[key]
    chosen = next((a for a in ACTIVATIONS if a.name == activation), None)
    return problem(form, DEFAULT_NAMES, chosen)


# --- the prompt ----------------------------------------------------------------------------

NOTES = (  # (text in f, LaTeX note for the prompt)
    ("sigmoid", r"$\sigma(u) = 1/(1 + e^{-u})$ (typed `sigmoid`) acts entrywise"),
    ("tanh", r"$\tanh$ acts entrywise"),
    ("exp", r"$\exp$ acts entrywise"),
    ("sin", r"$\sin$ acts entrywise"),
    ("cos", r"$\cos$ acts entrywise"),
    (".*", r"$\odot$ is the entrywise product (typed `.*`)"),
    ("norm", r"$\lVert\cdot\rVert$ is the Euclidean norm (typed `norm(·)`)"),
    ("sum", r"$\operatorname{sum}$ adds the entries of a vector"),
)
TYPING = ("Type it in matrix notation, in terms of {names}: a space for a product "
          "(`{x}^T {x}`), `^T` for a transpose, `.*` for the entrywise product, `diag(·)` for "
          "the diagonal matrix with a vector on its diagonal, `I` for the identity matrix, `/` "
          "to divide by a number, the entrywise functions `exp`, `sin`, `cos`, `tanh` and "
          "`sigmoid`, and `norm(·)`, `sum(·)`.")


def _space(shape: str) -> str:
    if "×" in shape:
        rows, cols = shape.split("×")
        return rf"\mathbb{{R}}^{{{rows} \times {cols}}}"
    return rf"\mathbb{{R}}^{{{shape}}}"


def _listed(items) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def prompt(problem: Problem, function_latex: str) -> str:
    """The exercise's text: f, every shape, the layout asked for, how to type the answer."""
    x, m, n = problem.wrt, problem.out_size, problem.in_size
    declared = [f"${latex_tree(Name(name))} \\in {_space(shape)}$"
                for name, shape in problem.shapes]
    notes = [note for key, note in NOTES if key in problem.function]
    where = f"; {_listed(notes)}" if notes else ""
    typed = _listed([f"`{name}`" for name, _ in problem.shapes])
    return (f"Let $$f({x}) = {function_latex}$$ with {_listed(declared)}{where}. So "
            rf"$f: {_space(n)} \to {_space(m)}$." "\n\n"
            rf"Find the Jacobian $\frac{{\partial f}}{{\partial {x}}}$: the ${m} \times {n}$ "
            r"matrix whose row $i$ is the gradient of $f_i$ (the numerator layout)." "\n\n"
            + TYPING.format(names=typed, x=x))
