"""Family "jacobian": the m×n Jacobian of a vector function, in two kinds of problems.

- **Entrywise**: f: ℝ² or ℝ³ → ℝ² or ℝ³ with explicit components (``f(x, y) = (x²y, sin x + y)``);
  the answer is an m×n SymPy Matrix typed ``[a, b; c, d]``, from ``symbolic.jacobian`` (row i the
  gradient of fᵢ); the classic mistakes are the entry models of ``common`` (``ENTRY_MISTAKES``).
- **Matrix notation**: f(x) = tanh(Ax + b), ‖x‖x, a softmax, ... with drawn names and shapes
  (the forms and their mistakes are tables in ``jacobian_forms``); the answer is the text
  ``mc.derivative`` prints (``diag(1 - tanh(A x + b) .* tanh(A x + b)) A``), screened by the
  matrix checker, and the worked solution is the engine's derivation.

Both count for chapter 02 (``CHAPTER``); a transposed answer gets the Jacobian's layout note.
"""

from __future__ import annotations

import sympy as sp

from vcbook import symbolic
from vcbook.answers.matrix.render import latex_tree
from vcbook.exercises.bank import jacobian_forms as forms
from vcbook.exercises.bank.common import (
    Degenerate,
    Draft,
    Family,
    Template,
    diff_cos_sign_slip,
    diff_dropped_product_term,
    diff_forgot_inner,
    diff_outer_dropped,
    diff_product_of_derivatives,
    final_step,
    signed,
    tex,
)
from vcbook.exercises.bank.messages import RULES, mistake
from vcbook.exercises.bank.notation import derive, notation_draft

TITLE = "Jacobian"
CHAPTER = "02_jacobians"
X, Y, Z = sp.symbols("x y z", real=True)
PLANE, SPACE = (X, Y), (X, Y, Z)
DOMAIN = (-1.5, 1.5)
TRIG = (sp.sin, sp.cos)


# --- entrywise problems: the classic mistakes, one model per entry -------------------------

class _sin_misremembered(sp.Function):
    """sin whose derivative is taken as −cos (the sign slip the other way round)."""

    def fdiff(self, argindex=1):
        return -sp.cos(self.args[0])


def diff_sin_sign_slip(expr, x):
    """d expr/dx with d/du sin(u) taken as −cos(u)."""
    slipped = expr.replace(sp.sin, _sin_misremembered)
    return sp.diff(slipped, x).replace(_sin_misremembered, sp.sin)


def _entrywise(model):
    """A mistake made in every entry: J_ij = model(f_i, x_j)."""
    return lambda fs, xs, jac: sp.Matrix([[model(f, x) for x in xs] for f in fs])


def _transposed(fs, xs, jac):
    return jac.T if jac.is_square else None  # another shape: the checker explains it itself


ENTRY_MISTAKES = (  # (fs, variables, J) -> wrong Jacobian or None, message
    (_transposed, forms.TRANSPOSED_ENTRIES),
    (_entrywise(diff_forgot_inner), mistake("forgot_inner", where=" in an entry")),
    (_entrywise(diff_outer_dropped), mistake("outer_dropped")),
    (_entrywise(diff_dropped_product_term), mistake("dropped_product_term")),
    (_entrywise(diff_product_of_derivatives), mistake("product_of_derivatives")),
    (_entrywise(diff_cos_sign_slip), mistake("cos_sign", where=" in an entry")),
    (_entrywise(diff_sin_sign_slip), forms.SIN_SIGN),
)


# --- entrywise problems: components, each depending on every variable -----------------------

def _two(rng, xs):
    p, q = rng.sample(xs, 2)
    return p, q


def _poly(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2, 3) * p**2 * q + signed(rng, 1, 2, 3) * q


def _trig_sum(rng, xs):
    p, q = _two(rng, xs)
    return rng.choice(TRIG)(rng.choice((1, 2)) * p) + signed(rng, 1, 2, 3) * q**rng.choice((1, 2))


def _trig_linear(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2) * rng.choice(TRIG)(signed(rng, 1, 2) * p + signed(rng, 1, 2, 3) * q)


def _product_trig(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2, 3) * p**rng.choice((1, 2)) * rng.choice(TRIG)(rng.choice((1, 2)) * q)


def _exp_product(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2) * sp.exp(signed(rng, 1, 2) * p * q)


def _exp_trig(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2) * sp.exp(signed(rng, 1, 2) * p) * rng.choice(TRIG)(q)


def _log_quadratic(rng, xs):
    return signed(rng, 1, 2, 3) * sp.log(1 + sum(rng.randint(1, 3) * s**2 for s in xs))


def _product_log(rng, xs):
    p, q = _two(rng, xs)
    return signed(rng, 1, 2, 3) * p * sp.log(rng.randint(1, 3) + q**2)


POLY_TRIG = (_poly, _trig_sum, _trig_linear, _product_trig)
EXP_LOG = (_exp_product, _exp_trig, _log_quadratic, _product_log)
ALL = POLY_TRIG + EXP_LOG


def _cover(rng, f, xs):
    """f plus a term in the variables it misses, so that no column of J is zero."""
    missing = [s for s in xs if not f.has(s)]
    return f + signed(rng, 1, 2) * sp.Mul(*missing) if missing else f


def _components(rng, kinds, xs, m):
    """m distinct components, the first from ``kinds[0]``, the others from ``kinds[1]``."""
    fs = [_cover(rng, rng.choice(kinds[min(i, 1)])(rng, xs), xs) for i in range(m)]
    if len(set(fs)) < m:
        raise Degenerate("two equal components")
    return tuple(fs), xs


def _entry_template(name, title, kinds, xs, m, hint):
    return Template(name, title, lambda rng: _components(rng, kinds, xs, m), hint)


ENTRY_TEMPLATES = (
    _entry_template("plane_poly_trig", "a map of the plane with polynomial and trigonometric "
                    "components", (POLY_TRIG, POLY_TRIG), PLANE, 2,
                    rf"Differentiate each component like a function of one variable, the other "
                    rf"held fixed: {RULES['product']}, {RULES['sin']}, {RULES['cos']}."),
    _entry_template("plane_exp_log", "a map of the plane with exponentials and logarithms",
                    (EXP_LOG, ALL), PLANE, 2,
                    rf"The chain rule inside each component: {RULES['exp']}, {RULES['log']}."),
    _entry_template("space_to_plane", "a map from ℝ³ to ℝ²", (ALL, ALL), SPACE, 2,
                    r"Three variables give three columns: column $j$ holds the derivatives of "
                    r"both components by the $j$-th variable."),
    _entry_template("plane_to_space", "a map from ℝ² to ℝ³ (a surface)", (ALL, ALL), PLANE, 3,
                    r"Three components give three rows, each the $1 \times 2$ gradient of one "
                    r"component."),
)


def _listed(items) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _entry_prompt(fs, xs) -> str:
    m, n = len(fs), len(xs)
    args = ", ".join(tex(s) for s in xs)
    shape = rf"{m} \times {n}"
    rows = "; ".join(", ".join(f"∂f{i}/∂{s.name}" for s in xs) for i in range(1, m + 1))
    typed = ", ".join(f"`{s.name}`" for s in xs)
    return (rf"Let $$\mathbf{{f}}({args}) = {tex(sp.Matrix(fs))},$$ a map "
            rf"$\mathbb{{R}}^{{{n}}} \to \mathbb{{R}}^{{{m}}}$." "\n\n"
            rf"Find its Jacobian $J = \frac{{\partial \mathbf{{f}}}}{{\partial ({args})}}$: "
            rf"the ${shape}$ matrix whose row $i$ is the gradient of $f_i$, so entry $(i, j)$ "
            r"is the derivative of $f_i$ by the $j$-th variable (the numerator layout)."
            "\n\n"
            f"Type it row by row, rows separated by `;`: `[{rows}]`, in terms of "
            f"{_listed([f'${tex(s)}$' for s in xs])} (type {typed}).")


def build_entrywise(template: Template, data) -> Draft:
    """The Draft for explicit components: J from ``symbolic.jacobian``, row by row."""
    fs, xs = data
    jac = symbolic.jacobian(fs, xs)
    m, n = jac.shape
    args = ", ".join(tex(s) for s in xs)
    steps = [rf"**The function:** $$\mathbf{{f}}({args}) = {tex(sp.Matrix(fs))}$$ "
             rf"maps $\mathbb{{R}}^{{{n}}}$ to $\mathbb{{R}}^{{{m}}}$, so $J$ is ${m} \times {n}$."]
    for i, f in enumerate(fs, start=1):
        partials = ", ".join(rf"\frac{{\partial f_{i}}}{{\partial {tex(s)}}}" for s in xs)
        steps.append(rf"**Row {i}: the gradient of $f_{i} = {tex(f)}$:** "
                     rf"$$\left[{partials}\right] = {tex(jac[i - 1, :])}$$")
    steps.append(rf"**Stack the rows** (${m} \times {n}$, row $i$ the gradient of $f_i$): "
                 rf"$$J = {tex(jac)}$$")
    steps.append(final_step("J", jac))
    distractors = [(model(fs, xs, jac), message) for model, message in ENTRY_MISTAKES]
    hints = (
        rf"Row $i$ of $J$ is the gradient of $f_i$: differentiate $f_1$ by "
        rf"{_listed([f'${tex(s)}$' for s in xs])} in turn (the other variables held fixed), "
        "then do the same for each other component.",
        template.hint,
        rf"The first row is $\nabla f_1 = {tex(jac[0, :])}$; the other rows follow in the same "
        "way.",
    )
    return Draft(title=f"{TITLE}: {template.title}", prompt=_entry_prompt(fs, xs), answer=jac,
                 symbols=tuple(xs), variables={s.name: DOMAIN for s in xs},
                 distractors=distractors, hints=hints, solution=tuple(steps),
                 derivative="jacobian", chapter=CHAPTER)


# --- matrix-notation problems --------------------------------------------------------------

def _notation_template(name, title, rows, hint):
    return Template(name, title, lambda rng: forms.draw(rng, rows), hint)


NOTATION_TEMPLATES = tuple(_notation_template(*row) for row in forms.TEMPLATES)
NOTATION_HINTS = {t.name: t.hint for t in NOTATION_TEMPLATES}


COLLECT_TIPS = (  # (LaTeX in the differential, how to turn it into a matrix times dx)
    (r"\odot", r" An entrywise product with $\mathrm{{d}}{x}$ is a diagonal matrix times it: "
                r"$\mathbf{{a}} \odot \mathrm{{d}}{x} = \operatorname{{diag}}(\mathbf{{a}})\,"
                r"\mathrm{{d}}{x}$."),
    (r"^{\top} \mathrm{d}", r" A vector times a number $\mathbf{{a}}^\top\mathrm{{d}}{x}$ is an "
                            r"outer product times $\mathrm{{d}}{x}$: $\mathbf{{v}}\,"
                            r"(\mathbf{{a}}^\top\mathrm{{d}}{x}) = \mathbf{{v}}\mathbf{{a}}^\top"
                            r"\,\mathrm{{d}}{x}$."),
    (r"\operatorname{sum}", r" A sum of an entrywise product is an inner product: "
                           r"$\operatorname{{sum}}(\mathbf{{a}} \odot \mathrm{{d}}{x}) = "
                           r"\mathbf{{a}}^\top\mathrm{{d}}{x}$."),
)


def _differential_step(derivation) -> str:
    for label, latex in derivation.steps:
        if label.startswith("Take the differential"):
            return latex
    raise Degenerate("a derivation without a differential step")


def build_notation(template: Template, problem: forms.Problem) -> Draft:
    """The Draft for a function in matrix notation: answer and solution from the engine."""
    shapes = dict(problem.shapes)
    derivation = derive(problem.function, problem.wrt, shapes)
    if derivation.kind != "jacobian":
        raise Degenerate(f"not a Jacobian: {derivation.kind}")
    answer = str(derivation.result)
    x = problem.wrt
    m, n = problem.out_size, problem.in_size
    distractors = [(f"({answer})^T", forms.TRANSPOSED_NOTATION.format(x=x, m=m, n=n)),
                   *problem.mistakes]
    differential = _differential_step(derivation)
    hints = (
        rf"Take the differential of $f$ and bring it to the form "
        rf"$\mathrm{{d}}f = J\,\mathrm{{d}}{x}$: the Jacobian $J$ is the ${m} \times {n}$ "
        rf"matrix that multiplies $\mathrm{{d}}{x}$.",
        template.hint + (f" {problem.rule}" if problem.rule else ""),
        rf"The differential is $$ {differential} $$"
        + "".join(tip.format(x=x) for marker, tip in COLLECT_TIPS if marker in differential)
        + rf" Then read off the matrix that multiplies $\mathrm{{d}}{x}$.",
    )
    prompt = forms.prompt(problem, latex_tree(derivation.function.tree))
    draft = notation_draft(title=f"{TITLE}: {template.title}", prompt=prompt,
                           derivation=derivation, shapes=shapes, distractors=distractors,
                           hints=hints, intro=forms.INTRO.format(x=x, m=m, n=n))
    draft.chapter = CHAPTER
    return draft


# --- the family ----------------------------------------------------------------------------

def build(template: Template, data) -> Draft:
    """Entrywise components or a matrix-notation problem, as the template drew."""
    if isinstance(data, forms.Problem):
        return build_notation(template, data)
    return build_entrywise(template, data)


def _fixed(name, title, data, hint):
    return Template(name, title, lambda _rng: data, hint)


R = sp.Symbol("r", real=True)
THETA = sp.Symbol("theta", real=True)
CURATED = (
    ("02-jacobian-product-sine",
     _fixed("product-sine", "a map of the plane", ((X**2 * Y, sp.sin(X * Y) + Y), PLANE),
            ENTRY_TEMPLATES[0].hint)),
    ("02-jacobian-surface",
     _fixed("three-two", "a map from ℝ³ to ℝ²",
            ((X**2 * Z + Y, sp.exp(X * Y) * sp.sin(Z)), SPACE), ENTRY_TEMPLATES[2].hint)),
    ("02-jacobian-polar-map",
     _fixed("polar", "the polar map of chapter 02",
            ((R * sp.cos(THETA), R * sp.sin(THETA)), (R, THETA)),
            r"Each component is a product of $r$ and a function of $\theta$: by $r$ the "
            rf"trigonometric factor stays, by $\theta$ use {RULES['sin']} and {RULES['cos']}.")),
    ("02-jacobian-tanh-layer",
     _fixed("tanh-layer", "a tanh layer", forms.fixed("tanh_layer"),
            NOTATION_HINTS["activation"])),
    ("02-jacobian-softmax",
     _fixed("softmax", "the softmax", forms.fixed("softmax"),
            NOTATION_HINTS["softmax"])),
)

FAMILY = Family(name="jacobian", templates=ENTRY_TEMPLATES + NOTATION_TEMPLATES, build=build,
                curated=CURATED)
