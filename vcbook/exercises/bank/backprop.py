"""Family "backprop": one step of backpropagation through a layer y = σ(Wx + b), in the
book's layout.

With z = Wx + b, σ the sigmoid, tanh or no activation, and a loss L (½‖y − t‖², or an upstream
gradient g = ∂L/∂y given as a row), each exercise asks for ONE of: δ = ∂L/∂z (a 1×m row),
∂L/∂W (W's shape, m×n: the column δᵀ times the row xᵀ), ∂L/∂b (the 1×m row δ) or ∂L/∂x (the
1×n row δW). The column forms that frameworks store (δᵀ, Wᵀδᵀ) get the transpose diagnosis with
the reason frameworks differ. Where the composed answer would be long (a squared loss after a
nonlinear σ), the prompt gives δ as a vector d and asks for the next step.

Activations, losses, quantities and classic mistakes are rows of tables; every answer is the
engine's derivative (``vcbook.matrixcalc``) of the composed loss, printed with its factors
grouped (a test checks each form against the engine's own).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from vcbook.exercises.bank import notation
from vcbook.exercises.bank.common import Draft, Family, Template
from vcbook.exercises.bank.matrix_prompts import (
    FRAMEWORKS,
    declared,
    layout,
    tex,
    typing_help,
)
from vcbook.exercises.bank.notation import derive

TITLE = "Backpropagation"
CHAPTER = "05_autodiff"
ROLE_NAMES = {"W": ("W", "V"), "x": ("x", "h", "a"), "b": ("b", "c"), "t": ("t", "r"),
              "g": ("g", "u"), "z": ("z",), "d": ("d",)}
LETTERS = (("m", "n"), ("k", "n"), ("p", "q"))  # (outputs, inputs)
FUNCTIONS = ", `.*` multiplies entry by entry, and `sigmoid(·)`, `tanh(·)` act on each entry"


@dataclass(frozen=True)
class Activation:
    """σ: ``f`` and ``prime`` (σ′ entrywise, a column) in matrix notation with ``{z}``;
    ``slips``: (a wrong σ′, its message) rows."""

    name: str
    words: str
    f: str
    prime: str | None
    rule: str
    slips: tuple = ()


ACTIVATIONS = (
    Activation("identity", "no activation (σ is the identity, so y = z)", "{z}", None,
               r"With no activation, $y = z$ and $\partial y/\partial z = I$."),
    Activation("sigmoid", r"$\sigma$ the logistic sigmoid, applied entrywise", "sigmoid({z})",
               "sigmoid({z}) .* (1 - sigmoid({z}))",
               r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$, entry by entry, so "
               r"$\partial y/\partial z = \operatorname{diag}(\sigma(z) \odot (1 - \sigma(z)))$.",
               (("sigmoid({z})", "σ′(z) = σ(z)(1 − σ(z)): the factor 1 − σ(z) is missing."),
                ("(1 - sigmoid({z}))", "σ′(z) = σ(z)(1 − σ(z)): the factor σ(z) is missing."))),
    Activation("tanh", r"$\sigma = \tanh$, applied entrywise", "tanh({z})",
               "(1 - tanh({z}) .* tanh({z}))",
               r"$\tanh'(z) = 1 - \tanh^2 z$, entry by entry, so "
               r"$\partial y/\partial z = \operatorname{diag}(1 - \tanh(z) \odot \tanh(z))$.",
               (("(1 - tanh({z}))", "tanh′(z) = 1 − tanh²(z): the tanh is squared (entrywise, "
                                    "tanh(z) .* tanh(z))."),
                ("tanh({z})", "You multiplied by tanh(z) itself. The chain rule needs its "
                              "derivative, tanh′(z) = 1 − tanh²(z) (entrywise, "
                              "1 - tanh(z) .* tanh(z))."))),
)


@dataclass(frozen=True)
class Loss:
    """The loss after the layer: ``L`` as a function of ``{y}``; ``upstream``: ∂L/∂y as a
    column (its transpose is the row)."""

    name: str
    L: str
    upstream: str
    shapes: tuple
    words: str
    rule: str


LOSSES = (
    Loss("squared", "0.5 norm({y} - {t})^2", "{y} - {t}", (("t", "m"),),
         r"The loss is $L = \tfrac12\|y - @t\|^2$ for a target $@t \in \mathbb{R}^{@m}$.",
         r"For $L = \tfrac12\|y - @t\|^2$, $\mathrm{d}L = (y - @t)^\top \mathrm{d}y$, so "
         r"$\partial L/\partial y = (y - @t)^\top$."),
    Loss("upstream", "{g} {y}", "{g}^T", (("g", "1×m"),),
         r"The layers above pass back the upstream gradient $@g = \partial L/\partial y \in "
         r"\mathbb{R}^{1 \times @m}$, a row you may treat as given (constant).",
         r"$\partial L/\partial y = @g$ is given: $\mathrm{d}L = @g\,\mathrm{d}y$."),
)
SETUPS = tuple((a, loss) for a in ACTIVATIONS for loss in LOSSES
               if a.name != "identity" or loss.name == "squared")  # g·z alone is too plain

# --- messages ------------------------------------------------------------------------------

NO_SIGMA = ("You left out the activation's derivative. δ = (∂L/∂y)(∂y/∂z) with ∂y/∂z = "
            "diag(σ′(z)): each entry of ∂L/∂y is multiplied by σ′ of its own zᵢ.")
SIGN = ("Check the sign: the derivative of ½‖y − @t‖² by y is (y − @t)ᵀ, the prediction minus "
        "the target.")
FACTOR = "The ½ in ½‖y − @t‖² cancels the 2 that comes from differentiating the square."
TWICE = ("δ = ∂L/∂z already contains σ′(z): multiplying by it again counts the activation twice. "
         "From z on, only z = @W@x + @b remains to be differentiated.")


# --- what is asked: the quantities ---------------------------------------------------------

def _g(text: str) -> str:
    """``text`` grouped for a product: a name or a transposed name stays bare."""
    return text if " " not in text else f"({text})"


def _t(text: str) -> str:
    """The transpose of ``text``: ``g^T`` -> ``g``, ``d`` -> ``d^T``, ``(…)^T`` otherwise."""
    if re.fullmatch(r"\w+\^T", text):
        return text[:-2]
    return f"{_g(text)}^T"


@dataclass(frozen=True)
class Quantity:
    """One quantity: ``row(c, n)`` and ``column(c, n)`` write it, in the book's layout and as
    frameworks store it, from the column c = δᵀ (text) and the names ``n``."""

    name: str
    title: str
    symbol: str  # LaTeX with @role tokens
    wrt: str  # role differentiated by (z for δ)
    row: Callable[[str, dict], str]
    column: Callable[[str, dict], str]
    column_message: str
    hint: str  # the first hint (with @role tokens): what depends on what
    last: str  # the third hint: the result in words (with @role tokens)


QUANTITIES = (
    Quantity("delta", "δ = ∂L/∂z", r"\delta = \frac{\partial L}{\partial z}", "z",
             lambda c, n: _t(c), lambda c, n: c,
             "This is δ as a column, shaped like z. In the book's layout ∂L/∂z is a 1×@m row. "
             + FRAMEWORKS,
             r"Go through $y$: $\frac{\partial L}{\partial z} = \frac{\partial L}{\partial y}\,"
             r"\frac{\partial y}{\partial z}$, and $\frac{\partial y}{\partial z}$ is diagonal "
             r"because $\sigma$ acts on each entry alone.",
             r"So $\delta$ is the row $\frac{\partial L}{\partial y}$ with each entry multiplied "
             r"by $\sigma'(z_i)$: in matrix notation, (column $.\!*$ column)$^\top$."),
    Quantity("W", "the weight gradient", r"\frac{\partial L}{\partial @W}", "W",
             lambda c, n: f"{_g(c)} {n['x']}^T", lambda c, n: f"{n['x']} {_t(c)}",
             "This is the transpose, shaped like @Wᵀ. ∂L/∂@W has @W's own shape, @m×@n, in the "
             "book and in frameworks alike (@W.grad is shaped like @W): entry (i, j) is δᵢ @xⱼ, so "
             "it is the column δᵀ times the row @xᵀ.",
             r"With $\delta = \partial L/\partial z$: only $z$ depends on $@W$, so "
             r"$\mathrm{d}L = \delta\,\mathrm{d}z$ with "
             r"$\mathrm{d}z = \mathrm{d}@W\,@x$. Bring it to the form "
             r"$\mathrm{d}L = \operatorname{tr}(G\,\mathrm{d}@W)$; then "
             r"$\partial L/\partial @W = G^\top$.",
             r"$\mathrm{d}L = \delta\,\mathrm{d}@W\,@x = "
             r"\operatorname{tr}(@x\,\delta\,\mathrm{d}@W)$, so $\partial L/\partial @W = "
             r"(@x\,\delta)^\top = \delta^\top @x^\top$: the column $\delta^\top$ times the row "
             r"$@x^\top$."),
    Quantity("b", "the bias gradient", r"\frac{\partial L}{\partial @b}", "b",
             lambda c, n: _t(c), lambda c, n: c,
             "This is ∂L/∂@b as a column, shaped like @b (what @b.grad holds in PyTorch). In the "
             "book's layout it is the 1×@m row δ. " + FRAMEWORKS,
             r"With $\delta = \partial L/\partial z$: only $z$ depends on $@b$, and "
             r"$\mathrm{d}z = \mathrm{d}@b$.",
             r"So $\mathrm{d}L = \delta\,\mathrm{d}@b$ and $\partial L/\partial @b = \delta$."),
    Quantity("x", "the input gradient", r"\frac{\partial L}{\partial @x}", "x",
             lambda c, n: f"{_t(c)} {n['W']}", lambda c, n: f"{n['W']}^T {_g(c)}",
             "This is @Wᵀδᵀ, the column a framework passes back to the layer below (shaped like "
             "@x). In the book's layout ∂L/∂@x is the 1×@n row δ@W, its transpose. " + FRAMEWORKS,
             r"With $\delta = \partial L/\partial z$: only $z$ depends on $@x$, and "
             r"$\mathrm{d}z = @W\,\mathrm{d}@x$.",
             r"So $\mathrm{d}L = \delta\,@W\,\mathrm{d}@x$ and $\partial L/\partial @x = "
             r"\delta @W$, a $1 \times @n$ row."),
)
QUANTITY = {q.name: q for q in QUANTITIES}


# --- one problem ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """The data of one exercise."""

    quantity: str
    activation: Activation
    loss: Loss
    names: tuple  # (role, name) pairs
    sizes: tuple  # (m, n): outputs, inputs

    @property
    def n(self) -> dict:
        return dict(self.names)

    @property
    def given(self) -> bool:
        """δ is given as the vector d (a squared loss after a nonlinear σ, asked past z)."""
        return (self.quantity != "delta" and self.loss.name == "squared"
                and self.activation.name != "identity")

    def say(self, text: str) -> str:
        """``text`` with @role and @m/@n tokens replaced (LaTeX names)."""
        names = {**self.n, "m": self.sizes[0], "n": self.sizes[1]}
        for role in sorted(names, key=len, reverse=True):
            text = text.replace(f"@{role}", names[role])
        return text

    def fill(self, text: str, **extra) -> str:
        return text.format(**{**self.n, **extra})

    @property
    def z(self) -> str:
        """z as text: the name z for δ, Wx + b otherwise."""
        return self.n["z"] if self.quantity == "delta" else self.fill("{W} {x} + {b}")

    def y(self, z: str | None = None) -> str:
        return self.activation.f.format(z=z or self.z)

    def upstream(self, y: str | None = None, sign: int = 1) -> str:
        """∂L/∂y as a column (``sign`` −1: the target minus the prediction)."""
        if sign < 0:
            return self.fill("{t} - {y}", y=_g(y or self.y()))
        return self.fill(self.loss.upstream, y=y or self.y())

    def delta(self, prime: str | None = "", upstream: str | None = None) -> str:
        """δᵀ as a column: ∂L/∂y (column) .* σ′(z); ``prime`` None leaves σ′ out."""
        if self.given:
            return self.n["d"]
        up = upstream or self.upstream()
        prime = self.activation.prime if prime == "" else prime
        return up if prime is None else f"{_g(up)} .* {prime.format(z=self.z)}"

    @property
    def shapes(self) -> dict:
        m, n = self.sizes
        if self.quantity == "delta":
            shapes = {self.n["z"]: m}
        else:
            shapes = {self.n["x"]: n, self.n["W"]: f"{m}×{n}", self.n["b"]: m}
        if self.given:
            shapes[self.n["d"]] = m
        else:
            shapes.update((self.n[role], shape.replace("m", m)) for role, shape in self.loss.shapes)
        return shapes

    @property
    def engine_expr(self) -> str:
        """What the engine differentiates: the composed loss, or dᵀz when δ is given."""
        if self.given:
            return self.fill("{d}^T ({W} {x} + {b})")
        return self.fill(self.loss.L, y=self.y())


def _draw(quantity: str):
    def draw(rng: random.Random) -> Problem:
        activation, loss = rng.choice(SETUPS)
        names = tuple((role, rng.choice(options)) for role, options in ROLE_NAMES.items())
        return Problem(quantity, activation, loss, names, rng.choice(LETTERS))
    return draw


# --- classic mistakes, as data: each gives a wrong δᵀ column (or None) ----------------------

def _no_sigma(p):
    return None if p.given or p.activation.prime is None else p.delta(prime=None)


def _sigma_slips(p):
    if p.given:
        return []
    return [(p.delta(prime=wrong), message) for wrong, message in p.activation.slips]


def _sign(p):
    return None if p.given or p.loss.name != "squared" else p.delta(upstream=p.upstream(sign=-1))


def _factor(p):
    return None if p.given or p.loss.name != "squared" else f"2 ({p.delta()})"


def _twice(p):
    return (f"{p.n['d']} .* {p.activation.prime.format(z=p.fill('{W} {x} + {b}'))}"
            if p.given else None)


MISTAKES = (  # (problem -> wrong δᵀ column or None, message), or (problem -> rows, None)
    (_twice, TWICE),
    (_no_sigma, NO_SIGMA),
    (_sigma_slips, None),
    (_sign, SIGN),
    (_factor, FACTOR),
)


# --- building an exercise ------------------------------------------------------------------

def _prompt(p: Problem, q: Quantity, kind: str) -> str:
    m, n = p.sizes
    layer = {p.n["x"]: n, p.n["W"]: f"{m}×{n}", p.n["b"]: m}
    y = tex(p.y(p.n["z"]), {p.n["z"]: m})
    text = (f"A layer of a network takes {declared({p.n['x']: layer[p.n['x']]})} to\n"
            f"$$y = {y}, \\qquad z = {tex(p.fill('{W} {x} + {b}'), layer)},$$\n"
            f"with {declared({k: v for k, v in layer.items() if k != p.n['x']})}, and "
            f"{p.activation.words}. {p.say(p.loss.words)}")
    if p.given:
        text += (r" Backpropagation has already produced $\delta = \partial L/\partial z$, a "
                 rf"$1 \times {m}$ row; write it as $\delta = d^\top$ with $d \in "
                 rf"\mathbb{{R}}^{{{m}}}$ (type `d`).")
    rows, cols = {"delta": ("1", m), "W": (m, n), "b": ("1", m), "x": ("1", n)}[q.name]
    wrt = tex(p.n[q.wrt], p.shapes)
    extra = "" if q.name == "delta" else " in terms of the names below"
    z_note = (rf" Write it in terms of $z$ (type `z`), not ${tex(p.fill('{W} {x} + {b}'), layer)}$."
              if q.name == "delta" else "")
    return (f"{text}\n\nFind ${p.say(q.symbol)}${extra}, in the book's layout: "
            f"{layout(kind, rows, cols, wrt)}.{z_note} {typing_help(list(p.shapes), FUNCTIONS)}")


def _intro(p: Problem, q: Quantity) -> str:
    what = p.n[q.wrt]
    if p.given:
        return (rf"**Only z depends on {what}.** $\mathrm{{d}}L = \delta\,\mathrm{{d}}z = "
                rf"d^\top \mathrm{{d}}z$, so near this point $L$ changes like "
                rf"${tex(p.engine_expr, p.shapes)}$ with $d$ held fixed. The differential method "
                "on that expression (the steps call it f):")
    if p.loss.name == "upstream":
        return (rf"**Through the upstream gradient.** $\mathrm{{d}}L = {p.n['g']}\,\mathrm{{d}}y$, "
                rf"so near this point $L$ changes like ${p.n['g']}\,y$ with ${p.n['g']}$ held "
                rf"fixed. The differential method on it, by ${what}$ (the steps call it f):")
    return (rf"**The composed loss.** The differential method on $L$ as a function of ${what}$ "
            "(the steps call it f):")


def build(template: Template, p: Problem) -> Draft:
    """The Draft asking for ``p.quantity`` of the layer ``p``."""
    q = QUANTITY[p.quantity]
    shapes = p.shapes
    derivation = derive(p.engine_expr, p.n[q.wrt], shapes)
    answer = q.row(p.delta(), p.n)
    distractors = [(q.column(p.delta(), p.n), p.say(q.column_message))]
    for model, message in MISTAKES:
        wrong = model(p)
        rows = wrong if isinstance(wrong, list) else [] if wrong is None else [(wrong, message)]
        distractors.extend((q.row(text, p.n), p.say(said)) for text, said in rows)
    delta_tex = tex(f"({p.delta()})^T", shapes)
    hints = (p.say(q.hint),
             (rf"Here $\delta = {delta_tex}$ is given; no activation derivative is needed past "
              "z." if p.given else f"{p.say(p.loss.rule)} {p.activation.rule}"),
             p.say(q.last))
    closing = (rf"**Grouped.** $${p.say(q.symbol)} = {tex(answer, shapes)}$$" + "\n\n"
               f"Typed in matrix notation: `{answer}`.")
    draft = notation.notation_draft(
        title=f"{TITLE}: {template.title}, {p.activation.name}, "
              f"{'δ given' if p.given else p.loss.name + ' loss'}",
        prompt=_prompt(p, q, derivation.kind), derivation=derivation, shapes=shapes,
        distractors=distractors, hints=hints, answer=answer)
    draft.solution = notation.solution_from(derivation, _intro(p, q), closing, names=shapes)
    draft.chapter = CHAPTER
    return draft


TEMPLATES = tuple(Template(q.name, q.title, _draw(q.name), q.hint) for q in QUANTITIES)


# --- the curated set -----------------------------------------------------------------------

def _fixed(name: str, quantity: str, activation: str, loss: str) -> Template:
    names = tuple((role, options[0]) for role, options in ROLE_NAMES.items())
    problem = Problem(quantity, next(a for a in ACTIVATIONS if a.name == activation),
                      next(x for x in LOSSES if x.name == loss), names, LETTERS[0])
    title = f"{QUANTITY[quantity].title}, {activation}"
    return Template(name, title, lambda _rng: problem, QUANTITY[quantity].hint)


CURATED = (
    ("05-backprop-bank-delta-sigmoid", _fixed("delta-sigmoid", "delta", "sigmoid", "squared")),
    ("05-backprop-bank-W-linear", _fixed("W-linear", "W", "identity", "squared")),
    ("05-backprop-bank-b-tanh", _fixed("b-tanh", "b", "tanh", "upstream")),
    ("05-backprop-bank-x-sigmoid", _fixed("x-sigmoid", "x", "sigmoid", "squared")),
)

FAMILY = Family(name="backprop", templates=TEMPLATES, build=build, curated=CURATED)
