"""Family "matrix_gradient": the gradient of a scalar function of a vector or a matrix —
quadratic forms, traces, log-determinants, norms, least squares, the logistic and softmax
losses — typed in matrix notation (``x^T (A + A^T)``).

A problem is a sum of one or two ``Term`` rows: a piece of f in matrix notation, the shapes it
declares, and its classic mistakes as ``(key, wrong derivative of the term)`` rows whose messages
live in the table ``MISTAKES`` (``{g}`` in a wrong derivative is the term's right one). A
template draws names, sizes, coefficients and structure (symmetric or not) and composes terms.
The answer and the worked solution come from ``vcbook.matrixcalc`` (the differential method);
a term may give its derivative in textbook form (``tidy``), which is checked equal to the
engine's. A distractor is the derivative of f with one term's derivative replaced by a wrong
one, or the whole answer transposed (``LAYOUT``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from fractions import Fraction

from vcbook.answers import check
from vcbook.answers.matrix import parse
from vcbook.answers.matrix.render import latex_tree, pretty
from vcbook.answers.matrix.tree import Name
from vcbook.exercises.bank.common import Draft, Family, Template
from vcbook.exercises.bank.matrix_prompts import space
from vcbook.exercises.bank.notation import derive, notation_draft, solution_from

TITLE = "Matrix gradient"
CH03, CH04 = "03_matrix_gradients", "04_identities"
SPELLED = {"theta": "θ", "mu": "μ", "Phi": "Φ", "Sigma": "Σ"}  # names also typed in Greek

MISTAKES = {  # key -> message (plain text; {v} the variable, {M} a matrix, {t} the term)
    "column":
        "That is the gradient as a column, the Matrix Cookbook's (denominator) layout. In this "
        "book ∂{f}/∂{v} is a 1×{n} row (numerator layout), the transpose of what you typed.",
    "transposed":
        "That is the transpose of ∂{f}/∂{v}. The derivative has {v}'s shape, entry (i, j) being "
        "∂{f}/∂{v}_ij: bring d{f} to the form tr(G d{v}), then ∂{f}/∂{v} = Gᵀ.",
    "as_if_symmetric":
        "That would be right only if {M} were symmetric. {v} appears twice in {t}, and the two "
        "terms of the product rule give {M} and {M}ᵀ: keep {M} + {M}ᵀ, {M} is not symmetric here.",
    "one_term":
        "You kept only one of the two terms of the product rule: {v} appears twice in {t}, and "
        "each appearance contributes a term ({M} from one, {M}ᵀ from the other).",
    "lost_two":
        "A factor 2 is missing from the derivative of {t}: {v} appears twice in it (a square), "
        "so the product rule gives two equal terms.",
    "inner_sign":
        "Check the sign: in {t}, {v} enters with a minus sign, so its inner derivative is "
        "negative (d(b − A{v}) = −A d{v}, d(a − {v}) = −d{v}) and the chain rule carries that "
        "minus into the gradient.",
    "not_inverted":
        "The matrix in the middle of {t} is {M}⁻¹, and it stays in the gradient: write {M}⁻¹, "
        "not {M}.",
    "trace_transposed":
        "For the term {t}: the derivative of tr(AX) by X is Aᵀ, not A (tr(AX) = Σ A_ji X_ij, so "
        "∂/∂X_ij gives A_ji). Cycle the trace to tr(G d{v}) and transpose G.",
    "transpose_order":
        "For the term {t}: the transpose of a product reverses the order, (AB)ᵀ = BᵀAᵀ. Bring "
        "d{v} to the right inside the trace, tr(G d{v}), and then transpose G carefully.",
    "inverse_untransposed":
        "For the term {t}: the gradient involves {v}⁻ᵀ (the inverse transposed), not {v}⁻¹. "
        "For example ∂ log|det {v}|/∂{v} = {v}⁻ᵀ: {v} is not symmetric here.",
    "inverse_sign":
        "For the term {t}: the differential of the inverse has a minus sign, "
        "d({v}⁻¹) = −{v}⁻¹ d{v} {v}⁻¹.",
    "forgot_log":
        "That is the derivative of det {v}, not of log|det {v}|: the logarithm divides by "
        "det {v}, which leaves {v}⁻ᵀ.",
    "identity_as_one":
        "For the term {t}: tr({v}) = Σ {v}_ii, so its derivative is the identity matrix I "
        "(1 on the diagonal, 0 elsewhere), not 1 in every entry.",
    "gram_lost_two":
        "A factor 2 is missing: {v} appears twice in the Gram matrix, d({v}ᵀ{v}) = d{v}ᵀ {v} + "
        "{v}ᵀ d{v}, and the two traces are equal because the inverted matrix is symmetric.",
    "forgot_inverse":
        "The matrix inside log det must appear inverted: d log det M = tr(M⁻¹ dM), so the "
        "gradient carries (…)⁻¹.",
    "as_if_squared":
        "That is the gradient of the squared norm ‖u‖². The norm itself is √(uᵀu): its "
        "derivative is uᵀ/‖u‖ (times the inner derivative).",
    "sqrt_half":
        "The derivative of √(uᵀu) is (1/(2‖u‖))·2uᵀ: the 2 from uᵀu cancels the 1/2 of the "
        "square root, so no 1/2 is left.",
    "norm_not_divided":
        "You forgot to divide by the norm: d‖u‖ = uᵀ du / ‖u‖ (the outer derivative of √s is "
        "1/(2√s)).",
    "loglik_sign":
        "Check the sign: the loss is minus the log-likelihood, so its gradient is "
        "(σ({X}{v}) − y)ᵀ{X}, prediction minus label.",
    "labels_forgotten":
        "The labels y are missing: the gradient of the logistic loss is (prediction − label)ᵀ "
        "times the inputs.",
    "softmax_label_forgotten":
        "The one-hot label y is missing: the derivative of the cross-entropy by the scores is "
        "softmax(z)ᵀ − yᵀ, and the −yᵀz term gives the −yᵀ.",
    "softmax_forgotten":
        "The log-sum-exp term contributes too: its derivative by the scores is softmax(z)ᵀ = "
        "exp(z)ᵀ / sum(exp(z)).",
    "unnormalised":
        "The exponentials must be normalised: the derivative of log(sum(exp(z))) is "
        "exp(z)ᵀ / sum(exp(z)), the softmax, not exp(z)ᵀ.",
    "outer_order":
        "For the term {t}: the gradient by {v} has {v}'s shape, so in its outer product the "
        "column {u} (as many entries as {v} has rows) comes first and the input {x} (as many "
        "entries as {v} has columns) second. You have them the other way round.",
}


# --- terms and problems -----------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A piece of f: ``expr`` (matrix notation, coefficient included), the shapes it declares,
    its classic mistakes ``(key, wrong derivative, {placeholder: name})``, its derivative in
    textbook form (``tidy``, or None: the engine's), prose about its constants (``notes``) and
    the notation an answer needs beyond names and ``^T`` (``typing``)."""

    expr: str
    shapes: tuple[tuple[str, str], ...]
    slips: tuple = ()
    tidy: str | None = None
    notes: tuple[str, ...] = ()
    typing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """f = the sum of ``terms``, differentiated by ``wrt`` (declared ``shape``): ``about`` says
    what f is, ``notes`` add prose about the variable, ``name`` is f's letter."""

    wrt: str
    shape: str
    terms: tuple[Term, ...]
    chapter: str = CH04
    about: str = ""
    notes: tuple[str, ...] = ()
    name: str = "f"

    @property
    def expr(self) -> str:
        return total([term.expr for term in self.terms])

    @property
    def shapes(self) -> dict[str, str]:
        return {self.wrt: self.shape, **dict(pair for term in self.terms for pair in term.shapes)}

    @property
    def is_vector(self) -> bool:
        return "×" not in self.shape


def bare(text: str) -> bool:
    """Is ``text`` a product that a number may precede without parentheses (no sum outside
    brackets, no leading sign or number)?"""
    if text[:1] in "-0123456789":
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth == 0 and text[i:i + 3] in (" + ", " - "):
            return False
    return True


def scaled(k, text: str) -> str:
    """``text`` times the number ``k``, as typed: ``2 x^T A``, ``-(a + b)``, ``1/2 (a + b)``."""
    k = Fraction(k)
    body = text if bare(text) else f"({text})"
    return text if k == 1 else f"-{body}" if k == -1 else f"{k} {body}"


_COEFFICIENT = re.compile(r"-?(?:\d+(?:/\d+)?(?: |$))?")


def total(parts) -> str:
    """The sum of the texts ``parts``: ``a - 2 b`` rather than ``a + -2 b``, and a part that is
    itself a sum in parentheses."""
    out = parts[0]
    for part in parts[1:]:
        rest = part[_COEFFICIENT.match(part).end():]
        part = part if not rest or bare(rest) else f"({part})"
        out += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    return out


def times(k, text: str) -> str:
    """A term ``k text`` (``text`` a product, so no parentheses are needed)."""
    k = Fraction(k)
    return {1: "", -1: "-"}.get(k, f"{k} ") + text


def slip(key: str, wrong: str, **names: str) -> tuple[str, str, dict]:
    return key, wrong, names


class Names:
    """Fresh names for a problem's constants, drawn from preferred lists."""

    def __init__(self, rng: random.Random, *taken: str):
        self.rng, self.taken = rng, set(taken)

    def __call__(self, *preferred: str) -> str:
        name = self.rng.choice([p for p in preferred if p not in self.taken])
        self.taken.add(name)
        return name


COEFFICIENTS = (Fraction(1), Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2), Fraction(-1))


# --- terms of a function of a vector v in R^n ---------------------------------------------------

def quadratic(rng, names, v, n, symmetric, c=1) -> Term:
    M = names("A", "B", "Q", "M")
    t = f"{v}^T {M} {v}"
    kind = f"{n}×{n} symmetric" if symmetric else f"{n}×{n}"
    slips = ((slip("lost_two", scaled(c, f"{v}^T {M}"), M=M),) if symmetric else
             (slip("as_if_symmetric", scaled(2 * c, f"{v}^T {M}"), M=M),
              slip("one_term", scaled(c, f"{v}^T {M}"), M=M)))
    note = f"${_tex(M)}$ is symmetric" if symmetric else f"${_tex(M)}$ is not symmetric"
    tidy = scaled(2 * c, f"{v}^T {M}") if symmetric else scaled(c, f"{v}^T ({M} + {M}^T)")
    return Term(times(c, t), ((M, kind),), slips, tidy, notes=(note,))


def linear(rng, names, v, n, c=1) -> Term:
    b = names("a", "b", "c")
    body = rng.choice((f"{b}^T {v}", f"{v}^T {b}"))
    return Term(times(c, body), ((b, n),), tidy=scaled(c, f"{b}^T"))


def ridge(rng, names, v, n, c=1) -> Term:
    return Term(times(c, f"norm({v})^2"), (), (slip("lost_two", scaled(c, f"{v}^T")),),
                scaled(2 * c, f"{v}^T"), typing=("norm(·)",))


def affine_quadratic(rng, names, v, n, symmetric, c=1) -> Term:
    A, b, C = names("A", "B", "D"), names("b", "c"), names("C", "Q", "S")
    m = "m"
    flipped = rng.random() < 0.4
    inside = f"{b} - {A} {v}" if flipped else f"{A} {v} + {b}"
    residual = f"{A} {v} - {b}" if flipped else inside  # the sign that the gradient shows
    middle = f"{C}" if symmetric else f"({C} + {C}^T)"
    k = 2 * c if symmetric else c
    tidy = scaled(k, f"({residual})^T {middle} {A}")
    slips = [slip("lost_two", scaled(c, f"({residual})^T {C} {A}"), M=C) if symmetric else
             slip("as_if_symmetric", scaled(2 * c, f"({residual})^T {C} {A}"), M=C)]
    if not symmetric:
        slips.append(slip("one_term", scaled(c, f"({residual})^T {C} {A}"), M=C))
    if flipped:
        slips.append(slip("inner_sign", scaled(-k, f"({residual})^T {middle} {A}")))
    kind = f"{m}×{m} symmetric" if symmetric else f"{m}×{m}"
    note = f"${_tex(C)}$ is {'' if symmetric else 'not '}symmetric"
    shapes = ((A, f"{m}×{n}"), (b, m), (C, kind))
    return Term(times(c, f"({inside})^T {C} ({inside})"), shapes, tuple(slips), tidy,
                notes=(note,))


def gaussian(rng, names, v, n, c, mean=None) -> Term:
    """c (v - mu)^T S^-1 (v - mu) by v, or by mu (then ``mean`` is the constant point x)."""
    S = names("S", "Sigma")
    other = mean or names("mu")
    first, second = (mean, v) if mean else (v, other)
    d = f"({first} - {second})"
    k = 2 * c if mean is None else -2 * c
    tidy = scaled(k, f"{d}^T {S}^-1")
    slips = [slip("not_inverted", scaled(k, f"{d}^T {S}"), M=_pretty(S)),
             slip("lost_two", scaled(k / 2, f"{d}^T {S}^-1"))]
    if mean:
        slips.append(slip("inner_sign", scaled(-k, f"{d}^T {S}^-1")))
    note = f"${_tex(S)}$ is symmetric positive definite (a covariance matrix)"
    return Term(times(c, f"{d}^T {S}^-1 {d}"), ((other, n), (S, f"{n}×{n} spd")), tuple(slips),
                tidy, notes=(note,), typing=("^-1",))


def least_squares(rng, names, v, n, c=1) -> Term:
    A, b = rng.choice([pair for pair in (("A", "b"), ("Phi", "y"), ("X", "y"), ("B", "c"))
                       if pair[0].lower() != v])
    names.taken |= {A, b}
    m = "N" if A in ("Phi", "X") else "m"
    flipped = rng.random() < 0.4
    inside = f"{b} - {A} {v}" if flipped else f"{A} {v} - {b}"
    residual = f"({A} {v} - {b})^T {A}"
    slips = [slip("lost_two", scaled(c, residual))]
    if flipped:
        slips.append(slip("inner_sign", scaled(2 * c, f"({b} - {A} {v})^T {A}")))
    return Term(times(c, f"norm({inside})^2"), ((A, f"{m}×{n}"), (b, m)), tuple(slips),
                scaled(2 * c, residual), typing=("norm(·)",))


def distance(rng, names, v, n, with_matrix) -> Term:
    """‖v − a‖ or ‖A v − b‖ (not squared)."""
    if with_matrix:
        A, b = names("A", "B"), names("b", "c")
        u, inner, shapes = f"{A} {v} - {b}", f" {A}", ((A, f"m×{n}"), (b, "m"))
    else:
        a = names("a", "b", "c")
        u, inner, shapes = f"{v} - {a}", "", ((a, n),)
    grad = f"({u})^T{inner}"
    return Term(f"norm({u})", shapes,
                (slip("as_if_squared", f"2 {grad}"), slip("norm_not_divided", grad),
                 slip("sqrt_half", f"{grad} / (2 norm({u}))")),
                f"{grad} / norm({u})", typing=("norm(·)",))


def logistic(rng, names, v, n) -> Term:
    X, y = rng.choice(("X", "Phi")), "y"
    names.taken |= {X, y}
    p = f"sigmoid({X} {v})"
    expr = rng.choice((f"-({y}^T log({p}) + (1 - {y})^T log(1 - {p}))",
                       f"-sum({y} .* log({p}) + (1 - {y}) .* log(1 - {p}))"))
    slips = (slip("loglik_sign", f"({y} - {p})^T {X}", X=_pretty(X)),
             slip("labels_forgotten", f"{p}^T {X}"))
    note = (rf"$\sigma$ is the logistic sigmoid and $\log$ acts entry by entry; "
            rf"${_tex(y)}$ holds the labels (0 or 1), ${_tex(X)}$ the inputs, one per row")
    return Term(expr, ((X, f"N×{n}"), (y, "N")), slips, f"({p} - {y})^T {X}", notes=(note,),
                typing=("sigmoid(·)",))


def softmax_ce(rng, names, v, n, scores) -> Term:
    """log(sum(exp(z))) − yᵀz with z = v (``scores``), or z = W v (W k×n)."""
    y = names("y")
    if scores:
        z, z_tex, shapes, tail = v, _tex(v), ((y, n),), ""
    else:
        W = names("W", "A")
        z, z_tex = f"{W} {v}", f"{_tex(W)} {_tex(v)}"
        shapes, tail = ((W, f"k×{n}"), (y, "k")), f" {W}"
    s = f"exp({z}) / sum(exp({z}))"
    slips = (slip("softmax_label_forgotten", f"({s})^T{tail}"),
             slip("softmax_forgotten", f"-{y}^T{tail}"),
             slip("unnormalised", f"(exp({z}) - {y})^T{tail}"))
    note = (rf"${_tex(y)}$ is a one-hot label, so this is the cross-entropy "
            rf"$-{_tex(y)}^\top \log \operatorname{{softmax}}({z_tex})$")
    return Term(f"log(sum(exp({z}))) - {y}^T {z}", shapes, slips, f"({s} - {y})^T{tail}",
                notes=(note,), typing=("exp(·)", "sum(·)", "/", "softmax(·)"))


def softmax_weights(rng, names, W) -> Term:
    """log(sum(exp(W x))) − yᵀWx by W (k×n)."""
    x = names("x", "a")
    s = f"exp({W} {x}) / sum(exp({W} {x}))"
    note = (rf"$y$ is a one-hot label, so this is the cross-entropy "
            rf"$-y^\top\log\operatorname{{softmax}}({_tex(W)} {_tex(x)})$")
    return Term(f"log(sum(exp({W} {x}))) - y^T {W} {x}", ((x, "n"), ("y", "k")),
                (slip("softmax_label_forgotten", f"({s}) {x}^T"),
                 slip("softmax_forgotten", f"-y {x}^T"),
                 slip("outer_order", f"{x} ({s} - y)^T", u=f"{s} - y", x=x)),
                f"({s} - y) {x}^T", notes=(note,), typing=("exp(·)", "sum(·)", "/", "softmax(·)"))


# --- terms of a function of a matrix X in R^{m×n} --------------------------------------------

def linear_trace(rng, names, X, m, n, c=1) -> Term:
    """tr(AX), tr(XA), tr(XᵀA), tr(AXᵀ), tr(AXB), aᵀXb (shapes fitting X's)."""
    A, B = names("A", "C"), names("B", "D")
    form = rng.choice(("AX", "XA", "XtA", "AXt", "AXB", "aXb"))
    square = m == n
    if form == "aXb":
        a, b = names("a", "u"), names("b", "v")
        return Term(times(c, f"{a}^T {X} {b}"), ((a, m), (b, n)),
                    (slip("trace_transposed", scaled(c, f"{b} {a}^T")),), scaled(c, f"{a} {b}^T"))
    body, shapes, right, wrong = {  # wrong: the derivative transposed
        "AX": (f"{A} {X}", ((A, f"{n}×{m}"),), f"{A}^T", f"{A}"),
        "XA": (f"{X} {A}", ((A, f"{n}×{m}"),), f"{A}^T", f"{A}"),
        "XtA": (f"{X}^T {A}", ((A, f"{m}×{n}"),), f"{A}", f"{A}^T"),
        "AXt": (f"{A} {X}^T", ((A, f"{m}×{n}"),), f"{A}", f"{A}^T"),
        "AXB": (f"{A} {X} {B}", ((A, f"p×{m}"), (B, f"{n}×p")), f"{A}^T {B}^T", f"{B} {A}"),
    }[form]
    slips = [slip("trace_transposed", scaled(c, wrong))]
    if form == "AXB" and square:
        shapes = ((A, f"{n}×{n}"), (B, f"{n}×{n}"))
        slips.append(slip("transpose_order", scaled(c, f"{B}^T {A}^T")))
    return Term(times(c, f"tr({body})"), shapes, tuple(slips), scaled(c, right),
                typing=("tr(·)",))


def trace_quadratic(rng, names, X, m, n, symmetric, c=1) -> Term:
    """tr(XᵀAX) (A m×m) or tr(XAXᵀ) (A n×n)."""
    A = names("A", "B", "Q")
    left = rng.random() < 0.5
    size = m if left else n
    body = f"{X}^T {A} {X}" if left else f"{X} {A} {X}^T"
    one = f"{A} {X}" if left else f"{X} {A}"
    slips = ((slip("lost_two", scaled(c, one), M=A),) if symmetric else
             (slip("as_if_symmetric", scaled(2 * c, one), M=A),
              slip("one_term", scaled(c, one), M=A)))
    kind = f"{size}×{size}" + (" symmetric" if symmetric else "")
    note = f"${_tex(A)}$ is {'' if symmetric else 'not '}symmetric"
    both = f"({A} + {A}^T) {X}" if left else f"{X} ({A} + {A}^T)"
    tidy = scaled(2 * c, one) if symmetric else scaled(c, both)
    return Term(times(c, f"tr({body})"), ((A, kind),), slips, tidy, notes=(note,),
                typing=("tr(·)",))


def frobenius(rng, names, X, m, n, c=1) -> Term:
    return Term(times(c, f"norm({X})^2"), (), (slip("lost_two", scaled(c, X)),),
                scaled(2 * c, X), notes=(rf"$\lVert {_tex(X)} \rVert$ is the Frobenius norm",),
                typing=("norm(·)",))


def trace_of(rng, names, X, m, n, c=1) -> Term:
    return Term(times(c, f"tr({X})"), (), (slip("identity_as_one", str(c)),), scaled(c, "I"),
                typing=("I",))


def logdet(rng, names, X, m, n, c=1) -> Term:
    return Term(times(c, f"logdet({X})"), (),
                (slip("inverse_untransposed", scaled(c, f"{X}^-1")),
                 slip("forgot_log", scaled(c, f"det({X}) {X}^-T"))), scaled(c, f"{X}^-T"),
                typing=("^-T",))


def inverse_trace(rng, names, X, m, n, c=1) -> Term:
    """tr(X⁻¹A), tr(AX⁻¹), tr(AX⁻¹B) or aᵀX⁻¹b, X square."""
    A, B = names("A", "C"), names("B", "D")
    a, b = "a", "b"
    form = rng.choice(("XiA", "AXi", "AXiB", "aXib"))
    body, shapes, middle = {
        "XiA": (f"tr({X}^-1 {A})", ((A, f"{n}×{n}"),), f"{A}^T"),
        "AXi": (f"tr({A} {X}^-1)", ((A, f"{n}×{n}"),), f"{A}^T"),
        "AXiB": (f"tr({A} {X}^-1 {B})", ((A, f"p×{n}"), (B, f"{n}×p")), f"{A}^T {B}^T"),
        "aXib": (f"{a}^T {X}^-1 {b}", ((a, n), (b, n)), f"{a} {b}^T"),
    }[form]
    names.taken |= {a, b}
    right = f"{X}^-T {middle} {X}^-T"
    return Term(times(c, body), shapes,
                (slip("inverse_untransposed", scaled(-c, f"{X}^-1 {middle} {X}^-1")),
                 slip("inverse_sign", scaled(c, right))),
                scaled(-c, right), typing=("^-1", "^-T"))


def gram_logdet(rng, names, X, m, n, c=1) -> Term:
    left = rng.random() < 0.5
    M = f"{X}^T {X} + I" if left else f"{X} {X}^T + I"

    def grad(inner):
        return f"{X} {inner}" if left else f"{inner} {X}"
    return Term(times(c, f"logdet({M})"), (),
                (slip("forgot_inverse", scaled(2 * c, grad(f"({M})"))),
                 slip("gram_lost_two", scaled(c, grad(f"({M})^-1")))),
                scaled(2 * c, grad(f"({M})^-1")),
                notes=(r"$I$ is the identity matrix",), typing=("^-1", "I"))


def matrix_least_squares(rng, names, X, m, n, c=1) -> Term:
    """‖AX − B‖² or ‖XA − B‖² (Frobenius)."""
    A, B = names("A", "C"), names("B", "D")
    if rng.random() < 0.5:
        body, shapes, grad = f"{A} {X} - {B}", ((A, f"p×{m}"), (B, f"p×{n}")), "{A}^T ({r})"
    else:
        body, shapes, grad = f"{X} {A} - {B}", ((A, f"{n}×p"), (B, f"{m}×p")), "({r}) {A}^T"
    tidy = grad.format(A=A, r=body)
    return Term(times(c, f"norm({body})^2"), shapes, (slip("lost_two", scaled(c, tidy)),),
                scaled(2 * c, tidy), notes=(r"$\lVert\cdot\rVert$ is the Frobenius norm",),
                typing=("norm(·)",))


def layer_loss(rng, names, W, m, n, c=1) -> Term:
    x, y = names("x", "a"), names("y", "t")
    r = f"{W} {x} - {y}"
    return Term(times(c, f"norm({r})^2"), ((x, n), (y, m)),
                (slip("lost_two", scaled(c, f"({r}) {x}^T")),
                 slip("outer_order", scaled(2 * c, f"{x} ({r})^T"), u=f"{r}", x=x)),
                scaled(2 * c, f"({r}) {x}^T"), typing=("norm(·)",))


# --- templates: each draws a Problem ------------------------------------------------------------

def _vector(rng, *avoid):
    """A vector variable's name, its size letter, and the names left for constants."""
    v = rng.choice([name for name in ("x", "w", "theta") if name not in avoid])
    return v, rng.choice(("n", "d")), Names(rng, v)


def _matrix(rng, square=None):
    """A matrix variable's name, its size letters (m, n), and the names left for constants."""
    X = rng.choice(("X", "W"))
    square = rng.random() < 0.4 if square is None else square
    return X, ("n" if square else "m"), "n", Names(rng, X)


def _shape(m, n) -> str:
    return f"{m}×{n}"


def _draw_quadratic(rng):
    v, n, names = _vector(rng)
    terms = [quadratic(rng, names, v, n, rng.random() < 0.4, rng.choice(COEFFICIENTS))]
    if rng.random() < 0.6:
        terms.append(linear(rng, names, v, n, rng.choice((1, -1, 2))))
    return Problem(v, n, tuple(terms))


def _draw_affine(rng):
    v, n, names = _vector(rng)
    terms = [affine_quadratic(rng, names, v, n, rng.random() < 0.5, rng.choice((1, 1, 2, -1)))]
    if rng.random() < 0.3:
        terms.append(ridge(rng, names, v, n, rng.choice((1, Fraction(1, 2)))))
    return Problem(v, n, tuple(terms))


def _draw_gaussian(rng):
    c = rng.choice((Fraction(1), Fraction(1, 2), Fraction(-1, 2)))
    n = rng.choice(("n", "d"))
    if rng.random() < 0.4:  # by the mean
        v, names = "mu", Names(rng, "mu")
        term = gaussian(rng, names, v, n, c, mean=names("x", "a"))
    else:
        v = rng.choice(("x", "w"))
        term = gaussian(rng, Names(rng, v), v, n, c)
    about = {Fraction(-1, 2): "the exponent of a Gaussian density",
             Fraction(1): "a squared Mahalanobis distance"}.get(c, "")
    return Problem(v, n, (term,), about=about)


def _draw_least_squares(rng):
    v, n, names = _vector(rng)
    terms = [least_squares(rng, names, v, n, rng.choice((1, 1, Fraction(1, 2), 2)))]
    if rng.random() < 0.5:
        terms.append(ridge(rng, names, v, n, rng.choice((1, Fraction(1, 2), 2, 3))))
    about = "a regularised least-squares loss" if len(terms) == 2 else "a least-squares loss"
    return Problem(v, n, tuple(terms), CH03, about, name="L")


def _draw_distance(rng):
    v, n, names = _vector(rng)
    terms = [distance(rng, names, v, n, rng.random() < 0.4)]
    if rng.random() < 0.3:
        terms.append(linear(rng, names, v, n, rng.choice((1, -1))))
    return Problem(v, n, tuple(terms), CH03)


def _draw_logistic(rng):
    v, n, names = _vector(rng, "x")
    terms = [logistic(rng, names, v, n)]
    if rng.random() < 0.4:
        terms.append(ridge(rng, names, v, n, rng.choice((Fraction(1, 2), 1))))
    return Problem(v, n, tuple(terms), CH04, "the logistic-regression loss", name="L")


def _draw_softmax(rng):
    about = "the softmax cross-entropy loss"
    if rng.random() < 0.3:  # by the weights W of a linear layer
        W = rng.choice(("W", "A"))
        return Problem(W, "k×n", (softmax_weights(rng, Names(rng, W, "y"), W),), CH04, about,
                       name="L")
    v, n, names = _vector(rng)
    v = rng.choice(("z", v))  # the scores themselves, or the input of a layer W v
    names.taken.add(v)
    return Problem(v, n, (softmax_ce(rng, names, v, n, scores=v == "z"),), CH04, about,
                   name="L")


def _draw_trace(rng):
    X, m, n, names = _matrix(rng)
    terms = [linear_trace(rng, names, X, m, n, rng.choice(COEFFICIENTS))]
    partners = (frobenius, trace_of, logdet) if m == n else (frobenius,)
    if len(terms[0].slips) < 2 or rng.random() < 0.3:
        terms.append(rng.choice(partners)(rng, names, X, m, n, rng.choice((1, 2, -1))))
    return Problem(X, _shape(m, n), tuple(terms))


def _draw_trace_quadratic(rng):
    X, m, n, names = _matrix(rng)
    terms = [trace_quadratic(rng, names, X, m, n, rng.random() < 0.4, rng.choice(COEFFICIENTS))]
    if rng.random() < 0.3:
        terms.append(linear_trace(rng, names, X, m, n))
    return Problem(X, _shape(m, n), tuple(terms))


def _invertible(X) -> tuple[str, ...]:
    return (f"${latex_tree(Name(X))}$ is invertible",)


def _draw_inverse(rng):
    X, m, n, names = _matrix(rng, square=True)
    terms = [inverse_trace(rng, names, X, m, n, rng.choice((1, 1, 2, -1)))]
    if rng.random() < 0.3:
        terms.append(logdet(rng, names, X, m, n))
    return Problem(X, _shape(m, n), tuple(terms), notes=_invertible(X))


def _draw_logdet(rng):
    X, m, n, names = _matrix(rng, square=True)
    terms = [logdet(rng, names, X, m, n, rng.choice((1, 1, 2, -1, Fraction(1, 2))))]
    if rng.random() < 0.6:
        terms.append(rng.choice((linear_trace, trace_of))(rng, names, X, m, n, -1))
    return Problem(X, _shape(m, n), tuple(terms), notes=_invertible(X))


def _draw_gram(rng):
    X, m, n, names = _matrix(rng, square=False)
    terms = [gram_logdet(rng, names, X, m, n, rng.choice((1, 1, Fraction(1, 2), 2)))]
    if rng.random() < 0.3:
        terms.append(frobenius(rng, names, X, m, n, rng.choice((1, -1))))
    return Problem(X, _shape(m, n), tuple(terms))


def _draw_matrix_least_squares(rng):
    X, m, n, names = _matrix(rng, square=False)
    make = rng.choice((matrix_least_squares, layer_loss))
    terms = [make(rng, names, X, m, n, rng.choice((1, 1, Fraction(1, 2))))]
    if rng.random() < 0.4:
        terms.append(frobenius(rng, names, X, m, n, rng.choice((1, Fraction(1, 2), 2))))
    about = "a squared loss" + (" with weight decay" if len(terms) == 2 else "")
    return Problem(X, _shape(m, n), tuple(terms), CH03, about, name="L")


D = r"\mathrm{d}"
TEMPLATES = (
    Template("quadratic", "a quadratic form", _draw_quadratic,
             rf"$\frac{{\partial}}{{\partial x}}\, x^\top A x = x^\top(A + A^\top)$ (MML 5.107): "
             rf"$x$ appears twice, so $d(x^\top A x) = {D}x^\top A x + x^\top A\, {D}x$, and a "
             r"scalar equals its transpose. For a symmetric $A$ this is $2x^\top A$."),
    Template("affine_quadratic", "a quadratic form of an affine map", _draw_affine,
             r"Write $u = Ax + b$ (or $b - Ax$): by the chain rule the gradient is "
             r"$\frac{\partial}{\partial u}(u^\top C u) = u^\top(C + C^\top)$ times "
             r"$\partial u/\partial x = \pm A$."),
    Template("gaussian", "a Gaussian quadratic form", _draw_gaussian,
             r"$S^{-1}$ is symmetric when $S$ is, so "
             r"$\frac{\partial}{\partial u}\, u^\top S^{-1} u = 2u^\top S^{-1}$; then multiply by "
             r"the inner derivative of $u = x - \mu$ ($+I$ by $x$, $-I$ by $\mu$)."),
    Template("least_squares", "a least-squares loss", _draw_least_squares,
             r"$\lVert r\rVert^2 = r^\top r$ has gradient $2r^\top$ by $r$; multiply by "
             r"$\partial r/\partial x$ (MML 5.108). A penalty $\lVert x\rVert^2$ gives $2x^\top$."),
    Template("distance", "a Euclidean norm", _draw_distance,
             rf"$\lVert u\rVert = \sqrt{{u^\top u}}$, so ${D}\lVert u\rVert = "
             rf"\frac{{u^\top {D}u}}{{\lVert u\rVert}}$; then use the inner derivative of $u$."),
    Template("logistic", "the logistic loss", _draw_logistic,
             r"$\sigma'(t) = \sigma(t)(1 - \sigma(t))$, so $\frac{d}{dt}\log\sigma(t) = "
             r"1 - \sigma(t)$ and $\frac{d}{dt}\log(1 - \sigma(t)) = -\sigma(t)$: each sample "
             r"contributes $(\sigma(z_i) - y_i)$ times its row of inputs."),
    Template("softmax", "the softmax cross-entropy", _draw_softmax,
             r"$\frac{\partial}{\partial z}\log\sum_i e^{z_i} = \operatorname{softmax}(z)^\top"
             r" = \frac{\exp(z)^\top}{\operatorname{sum}(\exp(z))}$, and "
             r"$\frac{\partial}{\partial z}\, y^\top z = y^\top$."),
    Template("trace", "the trace of a product", _draw_trace,
             rf"$\frac{{\partial}}{{\partial X}}\operatorname{{tr}}(AXB) = A^\top B^\top$ "
             rf"(Cookbook (100)): cycle the trace to $\operatorname{{tr}}(BA\,{D}X)$ and "
             r"transpose; $\frac{\partial}{\partial X}\operatorname{tr}(X) = I$."),
    Template("trace_quadratic", "the trace of a quadratic in X", _draw_trace_quadratic,
             rf"$X$ appears twice: $d\operatorname{{tr}}(X^\top A X) = "
             rf"\operatorname{{tr}}({D}X^\top A X) + \operatorname{{tr}}(X^\top A\,{D}X)$; "
             r"transpose the first trace ($\operatorname{tr}(M^\top) = \operatorname{tr}(M)$) "
             r"so both end in $\mathrm{d}X$."),
    Template("inverse", "a trace with an inverse", _draw_inverse,
             rf"${D}(X^{{-1}}) = -X^{{-1}}\,{D}X\,X^{{-1}}$ (Cookbook (40)); then cycle the "
             r"trace so that $\mathrm{d}X$ comes last (Cookbook (59))."),
    Template("logdet", "a log-determinant", _draw_logdet,
             rf"${D}\log\lvert\det X\rvert = \operatorname{{tr}}(X^{{-1}}\,{D}X)$, so "
             r"$\frac{\partial}{\partial X}\log\lvert\det X\rvert = X^{-\top}$ (Cookbook (57))."),
    Template("gram_logdet", "the log-determinant of a Gram matrix", _draw_gram,
             rf"With $M = X^\top X + I$: ${D}\log\det M = \operatorname{{tr}}(M^{{-1}}\,{D}M)$ "
             rf"and ${D}M = {D}X^\top X + X^\top {D}X$; $M$ is symmetric, so $M^{{-\top}} = "
             r"M^{-1}$."),
    Template("matrix_least_squares", "a squared loss of a matrix", _draw_matrix_least_squares,
             r"$\lVert R\rVert^2 = \operatorname{tr}(R^\top R)$, so "
             r"$d\lVert R\rVert^2 = 2\operatorname{tr}(R^\top dR)$; write $dR$ in terms of "
             r"$\mathrm{d}X$ and cycle the trace."),
)



# --- building an exercise ------------------------------------------------------------------------

INTRO = "By the differential method (chapter 04, section 6), as the engine derives it{}:"
TYPING = {  # Term.typing -> what the prompt tells the student to type
    "^-1": "`^-1` for an inverse", "^-T": "`^-T` for the inverse transposed",
    "I": "`I` for the identity matrix", "norm(·)": "`norm(...)` for a norm",
    "tr(·)": "`tr(...)` for a trace", "sigmoid(·)": "`sigmoid(...)` for σ",
    "exp(·)": "`exp(...)` (entry by entry)", "sum(·)": "`sum(...)` for the sum of the entries",
    "/": "`/` to divide by a number", "softmax(·)": "`softmax(...)` if you like",
}


def _tex(name: str) -> str:
    return latex_tree(Name(name))


def _pretty(name: str) -> str:
    return SPELLED.get(name, name)


def _typed(name: str) -> str:
    return f"`{name}` (or `{SPELLED[name]}`)" if name in SPELLED else f"`{name}`"


def _listed(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _constants(problem: Problem) -> str:
    """'constants $A \\in \\mathbb{R}^{n\\times n}$ and $b \\in \\mathbb{R}^n$; notes.'"""
    groups: dict[str, list[str]] = {}
    for name, shape in problem.shapes.items():
        if name != problem.wrt:
            groups.setdefault(shape.split()[0], []).append(_tex(name))
    parts = [f"${', '.join(names)} \\in {space(shape)}$" for shape, names in groups.items()]
    notes = [*problem.notes, *(note for term in problem.terms for note in term.notes)]
    text = f", with constants {_listed(parts)}" if parts else ""
    return text + (f"; {'; '.join(notes)}" if notes else "") + "."


def _prompt(problem: Problem, derivation) -> str:
    v, f, shape = _tex(problem.wrt), problem.name, problem.shape
    lead = (f"{problem.about[:1].upper()}{problem.about[1:]} is" if problem.about else "Let")
    lead = (f"{lead} $${f}({v}) = {latex_tree(derivation.function.tree)},$$ where "
            f"${v} \\in {space(shape)}$ is the variable{_constants(problem)}")
    size = shape.replace("×", r" \times ")
    article = "an" if shape[0] in "mn" else "a"
    ask = (rf"Find the gradient $\partial {f}/\partial {v}$, a $1 \times {size}$ **row** (the "
           r"book's layout)." if problem.is_vector else
           rf"Find $\partial {f}/\partial {v}$, {article} ${size}$ matrix shaped like ${v}$ "
           rf"(entry $(i, j)$ is $\partial {f}/\partial {v}_{{ij}}$).")
    typing = dict.fromkeys(t for term in problem.terms for t in term.typing)
    extras = ["`^T` for a transpose", *(TYPING[t] for t in typing)]
    return (f"{lead}\n\n{ask} Type it in matrix notation using "
            f"{_listed(_typed(n) for n in problem.shapes)}, with {_listed(extras)}.")


def _term_derivatives(problem: Problem, derivation) -> list[str]:
    """Each term's derivative: its textbook form, else the engine's."""
    if len(problem.terms) == 1 and not problem.terms[0].tidy:
        return [str(derivation.result)]
    return [term.tidy or str(derive(term.expr, problem.wrt, problem.shapes).result)
            for term in problem.terms]


def _answer(problem: Problem, derivation, grads: list[str]) -> tuple[str, str]:
    """The expected answer and the solution's last paragraph: the engine's result, or the sum of
    the terms' textbook forms (checked equal to it) when a term has one."""
    engine = str(derivation.result)
    answer = total(grads) if any(term.tidy for term in problem.terms) else engine
    if answer == engine:
        return engine, f"Typed in matrix notation: `{engine}`."
    if not check(answer, expected=engine, variables=problem.shapes).correct:
        raise AssertionError(f"the textbook form {answer!r} differs from the engine's {engine!r}")
    kind = "row" if problem.is_vector else "matrix"
    return answer, (f"The engine prints `{engine}`. The same {kind}, term by term as the rules "
                    f"give it, is typed `{answer}`.")


def _distractors(problem: Problem, answer: str, grads: list[str]) -> list[tuple[str, str]]:
    """Each term's slips (that term's derivative replaced by the wrong one), then the answer
    transposed (``LAYOUT``; a term's own transposition slip, listed first, wins over it)."""
    v, f, n = _pretty(problem.wrt), problem.name, problem.shape
    out = []
    for k, term in enumerate(problem.terms):
        t = pretty(parse(term.expr, problem.shapes).tree)
        for key, wrong, names in term.slips:
            parts = [wrong.format(g=g) if j == k else g for j, g in enumerate(grads)]
            context = {"v": v, "t": t, "M": "A", "X": "X", **names}
            out.append((total(parts), MISTAKES[key].format(**context)))
    return [*out, (f"({answer})^T", MISTAKES[LAYOUT[problem.is_vector]].format(v=v, f=f, n=n))]


LAYOUT = {True: "column", False: "transposed"}


# The letter each template's rule (its second hint) uses for the variable: when the exercise's
# variable has another name, the hint says which (a hint "write dR in terms of dX" for W misled).
RULE_VARIABLE = {"quadratic": "x", "affine_quadratic": "x", "gaussian": "x", "least_squares": "x",
                 "trace": "X", "trace_quadratic": "X", "inverse": "X", "logdet": "X",
                 "gram_logdet": "X", "matrix_least_squares": "X"}


def _rule_hint(template: Template, problem: Problem) -> str:
    letter = RULE_VARIABLE.get(template.name)
    if letter is None or letter == problem.wrt:
        return template.hint
    return f"{template.hint} (In this rule ${letter}$ stands for your ${_tex(problem.wrt)}$.)"


def _hints(template: Template, problem: Problem, derivation) -> tuple[str, ...]:
    v = _tex(problem.wrt)
    first = (rf"Take the differential $\mathrm{{d}}{problem.name}$ term by term (the product rule "
             rf"wherever ${v}$ appears more than once) and bring it to the form "
             + (rf"$\mathrm{{d}}{problem.name} = g\,\mathrm{{d}}{v}$ with $g$ a row: $g$ is the "
                "gradient." if problem.is_vector else
                rf"$\mathrm{{d}}{problem.name} = \operatorname{{tr}}(G\,\mathrm{{d}}{v})$: the "
                rf"derivative is $G^\top$, shaped like ${v}$."))
    label, latex = derivation.steps[1]
    third = (f"The differential ({label.split('(', 1)[-1].rstrip(')')}): $${latex}$$ "
             rf"Now move $\mathrm{{d}}{v}$ to the right end of each term (transpose a scalar, "
             "cycle a trace) and read off.")
    return first, _rule_hint(template, problem), third


def build(template: Template, problem: Problem) -> Draft:
    """The Draft for ``problem``: answer and worked solution from the engine, distractors from
    the terms' slips, hints from general to specific."""
    derivation = derive(problem.expr, problem.wrt, problem.shapes)
    grads = _term_derivatives(problem, derivation)
    answer, closing = _answer(problem, derivation, grads)
    draft = notation_draft(title=f"{TITLE}: {template.title}", prompt=_prompt(problem, derivation),
                           derivation=derivation, shapes=problem.shapes,
                           distractors=_distractors(problem, answer, grads),
                           hints=_hints(template, problem, derivation), answer=answer)
    calls = "" if problem.name == "f" else f" (it calls the function $f$, here ${problem.name}$)"
    draft.solution = solution_from(derivation, INTRO.format(calls), closing)
    draft.chapter = problem.chapter
    return draft


# --- the curated set: chapter 04's examples, and two classics ----------------------------------

def _fixed(name: str, problem: Problem) -> Template:
    template = next(t for t in TEMPLATES if t.name == name)
    return Template(template.name, template.title, lambda _rng: problem, template.hint)


_CURATED_TERMS = {
    "quadratic": Term("x^T B x", (("B", "n×n"),), (slip("as_if_symmetric", "2 x^T B", M="B"),
                                                   slip("one_term", "x^T B", M="B")),
                      "x^T (B + B^T)", ("$B$ is not symmetric",)),
    "linear": Term("a^T x", (("a", "n"),), tidy="a^T"),
    "inverse": Term("tr(X^-1 A)", (("A", "n×n"),),
                    (slip("inverse_untransposed", "-X^-1 A^T X^-1"),
                     slip("inverse_sign", "X^-T A^T X^-T")), "-X^-T A^T X^-T",
                    typing=("^-1", "^-T")),
    "gram": Term("logdet(X^T X + I)", (), (slip("forgot_inverse", "2 X (X^T X + I)"),
                                          slip("gram_lost_two", "X (X^T X + I)^-1")),
                 "2 X (X^T X + I)^-1", (r"$I$ is the identity matrix",), ("^-1", "I")),
    "trace": Term("tr(A X B)", (("A", "n×n"), ("B", "n×n")),
                  (slip("trace_transposed", "B A"), slip("transpose_order", "B^T A^T")),
                  "A^T B^T", typing=("tr(·)",)),
    "logistic": Term("-(y^T log(sigmoid(X w)) + (1 - y)^T log(1 - sigmoid(X w)))",
                     (("X", "N×d"), ("y", "N")),
                     (slip("loglik_sign", "(y - sigmoid(X w))^T X"),
                      slip("labels_forgotten", "sigmoid(X w)^T X")),
                     "(sigmoid(X w) - y)^T X",
                     (r"$\sigma$ is the logistic sigmoid and $\log$ acts entry by entry; $y$ "
                      "holds the labels (0 or 1), $X$ the inputs, one per row",),
                     ("sigmoid(·)",)),
}
_T = _CURATED_TERMS
CURATED = (
    ("06-matrix-gradient-quadratic-plus-linear",
     _fixed("quadratic", Problem("x", "n", (_T["quadratic"], _T["linear"])))),
    ("06-matrix-gradient-trace-inverse",
     _fixed("inverse", Problem("X", "n×n", (_T["inverse"],), notes=_invertible("X")))),
    ("06-matrix-gradient-logdet-gram", _fixed("gram_logdet", Problem("X", "m×n", (_T["gram"],)))),
    ("06-matrix-gradient-trace-axb", _fixed("trace", Problem("X", "n×n", (_T["trace"],)))),
    ("06-matrix-gradient-logistic",
     _fixed("logistic", Problem("w", "d", (_T["logistic"],), CH04,
                                "the logistic-regression loss", name="L"))),
)

FAMILY = Family(name="matrix_gradient", templates=TEMPLATES, build=build, curated=CURATED)
