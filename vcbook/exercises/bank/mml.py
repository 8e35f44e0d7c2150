"""Curated exercises after *Mathematics for Machine Learning*, chapter 5 (5.1–5.8).

The questions are the book's exercise topics, worded afresh and split into parts that each ask
for one quantity: a derivative (a SymPy expression or a 1×n row), a shape (a tuple, as the shape
rule gives it), a derivative in matrix notation (text, with the shapes declared), or a Taylor
polynomial (5.4). Scalar solutions come from SymPy (and ``symbolic.taylor``), matrix ones from
``vcbook.matrixcalc`` (each step checked there).

    from vcbook.exercises.bank.mml import mml_exercises
    mml = mml_exercises()              # id -> Exercise, in the book's order
    mml["06-mml-5.6-trace"]            # in Jupyter: its widget
    parts("5.5", mml)                  # the parts of one exercise, in order
"""

from __future__ import annotations

import sympy as sp

from vcbook import matrixcalc as mc
from vcbook import symbolic
from vcbook.answers import check
from vcbook.exercises.bank.messages import RULES, mistake
from vcbook.exercises.bank.notation import solution_from
from vcbook.exercises.model import Exercise

CHAPTER = "06_exercises"
PREFIX = "06-mml-"
X = sp.Symbol("x", real=True)
X1, X2 = sp.symbols("x1 x2", real=True)
SHAPE_PROMPT = " Type a shape such as `(5, 7)`."


def _tex(expr) -> str:
    return sp.latex(expr)


def _scalar(number, slug, *, prompt, answer, variables, distractors, hints, solution,
            title, derivative=None, assumptions=None) -> Exercise:
    return Exercise(id=f"{PREFIX}{number}-{slug}", chapter=CHAPTER, title=f"MML {number}: {title}",
                    prompt=prompt, answer=answer, variables=variables,
                    distractors=tuple(distractors), hints=tuple(hints), solution=tuple(solution),
                    derivative=derivative, assumptions=assumptions)


def _shape(number, slug, *, prompt, answer, distractors, hints, solution, title) -> Exercise:
    return Exercise(id=f"{PREFIX}{number}-{slug}", chapter=CHAPTER, title=f"MML {number}: {title}",
                    prompt=prompt + SHAPE_PROMPT, answer=tuple(answer), kind="shape",
                    distractors=tuple((tuple(s), m) for s, m in distractors), hints=tuple(hints),
                    solution=tuple(solution))


def _notation(number, slug, *, prompt, function, wrt, shapes, answer, distractors, hints,
              title, intro="", variables=None) -> Exercise:
    """A matrix-notation exercise: the worked solution is the engine's derivation of
    ``function`` by ``wrt``; ``answer`` (text) must agree with it, else ValueError."""
    derivation = mc.derivative(function, wrt, shapes)
    agrees = check(answer, expected=str(derivation.result), variables=dict(variables or shapes))
    if not agrees.correct:
        raise ValueError(f"MML {number}: {answer!r} is not the engine's {derivation.result}")
    kind = {"gradient": "gradient", "jacobian": "jacobian", "matrix": "matrix"}
    return Exercise(id=f"{PREFIX}{number}-{slug}", chapter=CHAPTER, title=f"MML {number}: {title}",
                    prompt=prompt, answer=answer, variables=dict(variables or shapes),
                    distractors=tuple(distractors), hints=tuple(hints),
                    solution=solution_from(derivation, intro, f"Typed: `{answer}`."),
                    derivative=kind.get(derivation.kind))


# --- 5.1 and 5.2: derivatives of one variable --------------------------------------------------

def _exercise_5_1() -> tuple[Exercise, ...]:
    u, v = sp.log(X**4), sp.sin(X**3)
    du, dv = sp.diff(u, X), sp.diff(v, X)
    answer = sp.diff(u * v, X)
    return (_scalar(
        "5.1", "log-sin", title="a product of two compositions",
        prompt=(r"Differentiate $f(x) = \log(x^4)\,\sin(x^3)$, defined for every $x \neq 0$ "
                r"($\log$ is the natural logarithm). Enter $f'(x)$ in terms of `x`."),
        answer=answer, variables={"x": (0.4, 1.6)},
        distractors=(
            (du * v + u * sp.cos(X**3), mistake("forgot_inner", where=" inside sin(x^3)")),
            (du * v - u * dv,
             "Check the sign of the second term: d/du sin(u) = +cos(u), with no minus sign "
             "(cos is the one whose derivative brings one)."),
            (du * dv, mistake("product_of_derivatives")),
            (u * dv, mistake("dropped_product_term")),
        ),
        hints=(r"$f$ is a product $u\,v$ with $u = \log(x^4)$ and $v = \sin(x^3)$: "
               r"$f' = u'v + uv'$.",
               "Each factor needs the chain rule: " + RULES["log"] + " and " + RULES["sin"]
               + r". Note $\log(x^4) = 4\log\lvert x\rvert$."),
        solution=(rf"**Product rule:** $f = uv$ with $u = {_tex(u)}$, $v = {_tex(v)}$.",
                  rf"**Chain rule in each factor:** $u' = {_tex(du)}$ and $v' = {_tex(dv)}$.",
                  rf"**Answer:** $$f'(x) = u'v + uv' = {_tex(answer)}$$"),
    ),)


def _exercise_5_2() -> tuple[Exercise, ...]:
    f = 1 / (1 + sp.exp(-X))
    answer = sp.diff(f, X)
    inner = sp.diff(1 + sp.exp(-X), X)
    return (_scalar(
        "5.2", "sigmoid", title="the logistic sigmoid",
        prompt=(r"The logistic sigmoid $f(x) = \dfrac{1}{1 + e^{-x}}$ squashes any real number "
                r"into $(0, 1)$; it turns a score into a probability in logistic regression. "
                r"Find $f'(x)$ in terms of `x` (type $e^{-x}$ as `exp(-x)` or `e^(-x)`)."),
        answer=answer, variables={"x": (-3, 3)},
        distractors=(
            (-1 / (1 + sp.exp(-X))**2,
             "You differentiated 1/u as −1/u² but forgot the inner derivative du/dx of "
             "u = 1 + e^(−x). By the chain rule, multiply by du/dx = −e^(−x)."),
            (-sp.exp(-X) / (1 + sp.exp(-X))**2,
             "Check the sign: two minus signs meet here, one from d(1/u)/du = −1/u² and one "
             "from d(e^(−x))/dx = −e^(−x), so they cancel."),
            (sp.exp(-X) / (1 + sp.exp(-X)),
             "The power rule keeps a square: d(u^(−1))/du = −u^(−2), so the denominator is "
             "(1 + e^(−x))²."),
        ),
        hints=(r"Write $f = u^{-1}$ with $u = 1 + e^{-x}$: $f' = -u^{-2}\,u'$.",
               r"$u' = -e^{-x}$. Count the minus signs."),
        solution=(r"**Chain rule:** $f = u^{-1}$ with $u = 1 + e^{-x}$, so "
                  r"$f' = -u^{-2}\,u'$.",
                  rf"**Inner derivative:** $u' = {_tex(inner)}$.",
                  rf"**Answer:** $$f'(x) = {_tex(answer)}$$",
                  r"Dividing top and bottom by $e^{-x}$ shows the famous form "
                  r"$f'(x) = f(x)\,\bigl(1 - f(x)\bigr)$: the sigmoid's slope needs only its "
                  r"value."),
    ),)


# --- 5.3: the Gaussian bell curve; 5.4: Taylor polynomials of sin + cos ------------------------

MU, SIGMA = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)


def _exercise_5_3() -> tuple[Exercise, ...]:
    u = -(X - MU)**2 / (2 * SIGMA**2)
    f = sp.exp(u)
    du = sp.simplify(sp.diff(u, X))
    answer = du * f
    return (_scalar(
        "5.3", "gaussian", title="the slope of a Gaussian bell curve",
        prompt=(r"The bell curve $f(x) = \exp\!\left(-\dfrac{(x - \mu)^2}{2\sigma^2}\right)$ "
                r"is a normal density without its normalising constant: it peaks at the mean "
                r"$\mu$, and the standard deviation $\sigma > 0$ sets its width. Find $f'(x)$ "
                r"in terms of `x`, `mu` (or `μ`) and `sigma` (or `σ`)."),
        answer=answer, variables={"x": (-2, 2), "mu": (-1, 1), "sigma": (0.5, 2)},
        assumptions={"sigma": "positive"},
        distractors=(
            (f, mistake("forgot_inner", where=" of the exponent")),
            (-du * f,
             "Check the sign: the exponent −(x − μ)²/(2σ²) falls as x moves away from μ, so "
             "its derivative is −(x − μ)/σ², and the bell curve slopes down to the right of "
             "its peak."),
            (du * f / 2,
             "A factor 2 is lost: the derivative of (x − μ)² is 2(x − μ), and that 2 cancels "
             "the 2 in 2σ², leaving (x − μ)/σ²."),
            (du, mistake("outer_dropped")),
        ),
        hints=(r"$f = e^{u}$ with $u = -\frac{(x - \mu)^2}{2\sigma^2}$, so $f' = e^{u}\,u'$ "
               r"(the chain rule).",
               r"$\mu$ and $\sigma$ are constants: $u' = -\frac{2(x - \mu)}{2\sigma^2}$."),
        solution=(rf"**Chain rule:** $f = e^{{u}}$ with $u = {_tex(u)}$, so $f' = e^{{u}}\,u'$.",
                  rf"**Inner derivative** ($\mu$ and $\sigma$ constant): $u' = {_tex(du)}$.",
                  rf"**Answer:** $$f'(x) = {_tex(answer)}$$",
                  r"So $f'(x) = -\frac{x - \mu}{\sigma^2}\,f(x)$: zero at the peak "
                  r"$x = \mu$, and steepest one standard deviation either side of it."),
    ),)


SIN_COS = sp.sin(X) + sp.cos(X)
SIN_COS_TEXT = (r"Let $f(x) = \sin(x) + \cos(x)$. Its Taylor polynomial of degree $n$ about "
                r"$x_0 = 0$ is $T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(0)}{k!}\,x^k$.")
PRIMES = ("f", "f'", "f''", "f'''", "f^{(4)}", "f^{(5)}")
MESSAGES_54 = {
    "factorial": ("Each term needs its 1/k!: the term of degree k is f⁽ᵏ⁾(0)xᵏ/k!, so x² "
                  "carries 1/2, x³ carries 1/6, x⁴ 1/24 and x⁵ 1/120."),
    "short": "You stopped one degree short: T_{n} includes the term in x^{n}.",
    "by_k": "Divide by k! = 1·2·…·k, not by k: the x³ term carries 1/6 (3! = 6), not 1/3.",
    "sin_only": ("Those come from sin x alone: f = sin x + cos x has two terms, and the cosine "
                 "contributes too (cos 0 = 1, and its derivatives at 0 are 0, −1, 0, 1, …)."),
}


def _table(f, n: int) -> tuple[list, list]:
    """f, f′, …, f⁽ⁿ⁾ and their values at 0."""
    derivatives = [f]
    for _ in range(n):
        derivatives.append(sp.diff(derivatives[-1], X))
    return derivatives, [d.subs(X, 0) for d in derivatives]


def _polynomial(values, scale=lambda k: 1) -> sp.Expr:
    """Σ values[k] · scale(k) · xᵏ/k!."""
    return sp.Add(*[v * scale(k) * X**k / sp.factorial(k) for k, v in enumerate(values)])


def _taylor_steps(n: int) -> tuple[str, ...]:
    """The derivative table of sin + cos, its values at 0, and T₀, …, Tₙ."""
    derivatives, values = _table(SIN_COS, n)
    cycle = ", \\quad ".join(f"{PRIMES[k]}(x) = {_tex(d)}" for k, d in
                             enumerate(derivatives[:4]))
    at_zero = ", \\quad ".join(f"{PRIMES[k]}(0) = {v}" for k, v in enumerate(values))
    polys = ", \\quad ".join(f"T_{k} = {sp.latex(_polynomial(values[:k + 1]), order='rev-lex')}"
                             for k in range(n + 1))
    return (rf"**The derivatives repeat every four steps:** $${cycle}$$",
            rf"**At 0:** $${at_zero}$$",
            rf"**Divide by $k!$ and add up, degree by degree:** $${polys}$$")


def _exercise_5_4() -> tuple[Exercise, ...]:
    _, values = _table(SIN_COS, 5)
    _, sin_only = _table(sp.sin(X), 5)
    slipped = [1] * 6  # cos′ taken as +sin: every derivative is sin + cos again
    t3 = symbolic.taylor(SIN_COS, [X], 0, 3).result  # degree 5 is beyond the engine's 4
    t5 = _polynomial(values)
    hints = (r"$\frac{d}{dx}\sin x = \cos x$ and $\frac{d}{dx}\cos x = -\sin x$, so the "
             r"derivatives of $f$ repeat every four steps.",
             r"Divide the $k$-th derivative at 0 by $k! = 1 \cdot 2 \cdots k$.")
    slip = mistake("cos_sign", where=" at each step")
    return (
        _scalar("5.4", "derivatives", title="the derivatives of sin x + cos x at 0",
                prompt=(rf"{SIN_COS_TEXT} The polynomials need the numbers $f^{{(k)}}(0)$. "
                        r"Enter $f(0), f'(0), \dots, f^{(5)}(0)$ as a row of six numbers, "
                        r"`[f(0), f'(0), f''(0), ...]`."),
                answer=sp.Matrix([values]), variables={},
                distractors=((sp.Matrix([slipped]), slip),
                             (sp.Matrix([sin_only]), MESSAGES_54["sin_only"])),
                hints=hints,
                solution=(*_taylor_steps(5)[:2],
                          rf"**Answer:** $$\left[f^{{(k)}}(0)\right]_{{k=0}}^{{5}} = "
                          rf"{_tex(sp.Matrix([values]))}$$")),
        _scalar("5.4", "t3", title="the Taylor polynomial T₃ of sin x + cos x",
                prompt=(rf"{SIN_COS_TEXT} Find $T_3(x)$, a polynomial in `x`. (For comparison: "
                        r"$T_0 = 1$ and $T_1 = 1 + x$.)"),
                answer=t3, variables={"x": (-1.5, 1.5)},
                distractors=(
                    (_polynomial(values[:4], sp.factorial), MESSAGES_54["factorial"]),
                    (_polynomial(values[:3]), MESSAGES_54["short"].format(n=3)),
                    (_polynomial(slipped[:4]), slip),
                    (_polynomial(values[:4], lambda k: sp.factorial(k) / max(k, 1)),
                     MESSAGES_54["by_k"]),
                ),
                hints=hints,
                solution=(*_taylor_steps(3),
                          rf"**Answer:** $$T_3(x) = {sp.latex(t3, order='rev-lex')}$$")),
        _scalar("5.4", "t5", title="the Taylor polynomial T₅ of sin x + cos x",
                prompt=(rf"{SIN_COS_TEXT} Find $T_5(x)$, a polynomial in `x`: the last of "
                        r"$T_0, \dots, T_5$, which together show the series building up."),
                answer=t5, variables={"x": (-1.5, 1.5)},
                distractors=(
                    (_polynomial(values, sp.factorial), MESSAGES_54["factorial"]),
                    (_polynomial(values[:5]), MESSAGES_54["short"].format(n=5)),
                    (_polynomial(slipped), slip),
                    (_polynomial(sin_only), MESSAGES_54["sin_only"]),
                ),
                hints=hints,
                solution=(*_taylor_steps(5),
                          rf"**Answer:** $$T_5(x) = {sp.latex(t5, order='rev-lex')}$$")),
    )


# --- 5.5: shapes of derivatives, and the derivatives themselves ---------------------------------

def _exercise_5_5() -> tuple[Exercise, ...]:
    f1 = sp.sin(X1) * sp.cos(X2)
    row = symbolic.gradient(f1, [X1, X2])
    f1_text = r"$f_1(\mathbf{x}) = \sin(x_1)\cos(x_2)$ for $\mathbf{x} = (x_1, x_2) \in " \
              r"\mathbb{R}^2$"
    f2_text = (r"$f_2(\mathbf{x}, \mathbf{y}) = \mathbf{x}^\top\mathbf{y}$ for "
               r"$\mathbf{x}, \mathbf{y} \in \mathbb{R}^n$")
    f3_text = (r"$F(\mathbf{x}) = \mathbf{x}\mathbf{x}^\top$, an $n \times n$ matrix, for "
               r"$\mathbf{x} \in \mathbb{R}^n$")
    return (
        _scalar("5.5", "f1-jacobian", title="the gradient of sin(x₁)cos(x₂)",
                prompt=(rf"Let {f1_text}. Its derivative $\partial f_1/\partial\mathbf{{x}}$ "
                        r"has one row, for the one output, and a column per input: it is "
                        r"$1 \times 2$. Enter it as a row `[∂f1/∂x1, ∂f1/∂x2]`, typing `x1` "
                        r"and `x2`."),
                answer=row, variables={"x1": (-2, 2), "x2": (-2, 2)}, derivative="gradient",
                distractors=(
                    (sp.Matrix([[row[0], -row[1]]]),
                     mistake("cos_sign", where=" in the second entry")),
                    (sp.Matrix([[sp.cos(X1), -sp.sin(X2)]]),
                     "Each entry lost its other factor: when you differentiate in x1, the "
                     "factor cos(x2) is a constant and stays; likewise sin(x1) in the second "
                     "entry."),
                ),
                hints=("Differentiate in $x_1$ with $x_2$ held fixed, then the other way round.",
                       RULES["cos"]),
                solution=(rf"Holding $x_2$ fixed: $\partial f_1/\partial x_1 = {_tex(row[0])}$.",
                          rf"Holding $x_1$ fixed: $\partial f_1/\partial x_2 = {_tex(row[1])}$.",
                          rf"**Answer:** $$\frac{{\partial f_1}}{{\partial\mathbf{{x}}}} = "
                          rf"{_tex(row)}$$")),
        _shape("5.5", "f2-shape", title="a Jacobian by two vectors",
               prompt=(rf"Let {f2_text}, and treat $f_2$ as a function of all $2n$ entries of "
                       r"$\mathbf{x}$ and $\mathbf{y}$ together. For $n = 3$, what is the shape of "
                       r"its Jacobian $\partial f_2/\partial(\mathbf{x}, \mathbf{y})$?"),
               answer=(1, 6),
               distractors=(((1, 3), "That is the derivative by x alone. The Jacobian by "
                                     "(x, y) has a column for every input, the entries of y "
                                     "as well."),
                            ((6, 1), "That is a column. One output gives one row, with a "
                                     "column per input.")),
               hints=("$f_2$ is a number: how many rows does that give?",
                      r"How many inputs are there when $n = 3$?"),
               solution=(r"$f_2$ is a scalar, and it depends on $2n = 6$ numbers, so its "
                         r"Jacobian is a $1 \times 6$ row: "
                         r"$\begin{bmatrix} \mathbf{y}^\top & \mathbf{x}^\top\end{bmatrix}$.",)),
        _notation("5.5", "f2-gradient", title="the derivative of xᵀy by x",
                  prompt=(rf"Let {f2_text}. Enter $\partial f_2/\partial\mathbf{{x}}$, a "
                          r"$1 \times n$ row, in matrix notation, using `x`, `y` and a "
                          r"transpose `^T`."),
                  function="x^T y", wrt="x", shapes={"x": "n", "y": "n"}, answer="y^T",
                  distractors=(("x^T", "That is the derivative by y. Here y is held fixed "
                                       "and x moves: f₂ = x₁y₁ + … + xₙyₙ."),),
                  hints=(r"Write $f_2 = \sum_i x_i y_i$. What is $\partial f_2/\partial x_i$?",
                         r"Collect the partials $\partial f_2/\partial x_i$ in a row."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
        _shape("5.5", "f3-shape", title="the derivative of a matrix by a vector",
               prompt=(rf"Let {f3_text}. For $n = 3$, what is the shape of "
                       r"$\partial F/\partial\mathbf{x}$ under the book's shape rule?"),
               answer=(3, 3, 3),
               distractors=(((3, 3), "That is the shape of F itself. Its derivative has one "
                                     "more axis, one entry per input x_k."),
                            ((9, 3), "That is the flattened (vec) Jacobian, n² × n. The shape "
                                     "rule keeps F's two axes: the output's shape, then the "
                                     "input's.")),
               hints=("The shape rule: the output's shape followed by the input's shape.",
                      r"$F$ is $3 \times 3$ and $\mathbf{x}$ has 3 entries."),
               solution=(r"$F$ has shape $(3, 3)$ and $\mathbf{x}$ has shape $(3,)$, so "
                         r"$\partial F/\partial\mathbf{x}$ has shape $(3, 3, 3)$: "
                         r"entry $(i, j, k)$ is $\partial F_{ij}/\partial x_k$.",)),
        _notation("5.5", "f3-differential", title="the differential of xxᵀ",
                  prompt=(rf"Let {f3_text}. Its derivative has three axes, which a matrix "
                          r"formula cannot show at once; the *differential* $dF$, the change in "
                          r"$F$ to first order when $\mathbf{x}$ moves by $d\mathbf{x}$, says "
                          r"the same in one line. Enter $dF$ in matrix notation, using `x`, "
                          r"`dx` and `^T`."),
                  function="x x^T", wrt="x", shapes={"x": "n"},
                  variables={"x": "n", "dx": "n"}, answer="dx x^T + x dx^T",
                  distractors=(("2 x dx^T",
                                "Matrix products do not commute: dx xᵀ and x dxᵀ are different "
                                "matrices (each is the other's transpose), so they do not add "
                                "up to 2x dxᵀ. Keep both terms."),
                               ("dx x^T", "The product rule has two terms: both factors of "
                                          "x xᵀ move with x.")),
                  hints=(r"Product rule for matrices: $d(UV) = dU\,V + U\,dV$, keeping the "
                         r"order of the factors.",
                         r"$d(\mathbf{x}^\top) = (d\mathbf{x})^\top$."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
    )


# --- 5.6: a scalar of a vector, a scalar of a matrix -------------------------------------------

def _exercise_5_6() -> tuple[Exercise, ...]:
    trace_shapes = {"A": "D×E", "X": "E×F", "B": "F×D"}
    return (
        _notation("5.6", "log-norm", title="sin of the log of a squared length",
                  prompt=(r"Let $f(\mathbf{t}) = \sin\bigl(\log(\mathbf{t}^\top\mathbf{t})\bigr)$ "
                          r"for $\mathbf{t} \in \mathbb{R}^D$, $\mathbf{t} \neq \mathbf{0}$. "
                          r"Enter $\partial f/\partial\mathbf{t}$, a $1 \times D$ row, in matrix "
                          r"notation using `t`, `^T`, `sin`, `cos` and `log`; divide by a "
                          r"number with `/`, as in `v^T / (t^T t)`."),
                  function="sin(log(t^T t))", wrt="t", shapes={"t": "D"},
                  answer="2 cos(log(t^T t)) t^T / (t^T t)",
                  distractors=(
                      ("2 cos(log(t^T t)) t^T",
                       "You forgot the inner derivative of log: d log(u) = du / u, so divide "
                       "by u = tᵀt."),
                      ("cos(log(t^T t)) t^T / (t^T t)",
                       "The innermost derivative lost its 2: d(tᵀt) = dtᵀ t + tᵀ dt = "
                       "2 tᵀ dt."),
                  ),
                  hints=(r"Three layers: $\sin$, then $\log$, then $u = \mathbf{t}^\top"
                         r"\mathbf{t}$. Multiply the three derivatives.",
                         r"$\partial(\mathbf{t}^\top\mathbf{t})/\partial\mathbf{t} = "
                         r"2\mathbf{t}^\top$, a $1 \times D$ row; the other two factors are "
                         r"numbers."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
        _notation("5.6", "trace", title="the gradient of tr(AXB)",
                  prompt=(r"Let $g(X) = \operatorname{tr}(AXB)$ with $A \in "
                          r"\mathbb{R}^{D\times E}$, $X \in \mathbb{R}^{E\times F}$ and "
                          r"$B \in \mathbb{R}^{F\times D}$. Enter $\partial g/\partial X$, "
                          r"shaped like $X$, in matrix notation using `A`, `B` and `^T`."),
                  function="tr(A X B)", wrt="X", shapes=trace_shapes, answer="A^T B^T",
                  distractors=(("B A", "That is the matrix G in dg = tr(G dX), an F×E matrix. "
                                       "The book's ∂g/∂X has X's shape, E×F: it is the "
                                       "transpose of G."),),
                  hints=(r"Take the differential: $dg = \operatorname{tr}(A\,dX\,B)$, and move "
                         r"$dX$ to the end with $\operatorname{tr}(PQ) = \operatorname{tr}(QP)$.",
                         r"If $dg = \operatorname{tr}(G\,dX)$, then $\partial g/\partial X = "
                         r"G^\top$."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
    )


# --- 5.7: the chain rule with shapes ------------------------------------------------------------

def _exercise_5_7() -> tuple[Exercise, ...]:
    sine_text = (r"$\mathbf{f}(\mathbf{z}) = \sin(\mathbf{z})$, the sine of each entry, with "
                 r"$\mathbf{z} = A\mathbf{x} + \mathbf{b}$, $A \in \mathbb{R}^{E\times D}$, "
                 r"$\mathbf{x} \in \mathbb{R}^D$ and $\mathbf{b} \in \mathbb{R}^E$")
    return (
        _notation("5.7", "log", title="log(1 + xᵀx) by the chain rule",
                  prompt=(r"Let $f(z) = \log(1 + z)$ and $z = \mathbf{x}^\top\mathbf{x}$ for "
                          r"$\mathbf{x} \in \mathbb{R}^D$. The chain rule writes "
                          r"$df/d\mathbf{x}$ as $\frac{df}{dz}\,\frac{dz}{d\mathbf{x}}$, a "
                          r"$1 \times 1$ times a $1 \times D$. Enter $df/d\mathbf{x}$ in matrix "
                          r"notation using `x`, `^T` and `/`."),
                  function="log(1 + x^T x)", wrt="x", shapes={"x": "D"},
                  answer="2 x^T / (1 + x^T x)",
                  distractors=(("2 x^T", "That is dz/dx alone. The chain rule multiplies it "
                                         "by the outer derivative df/dz = 1/(1 + z)."),
                               ("x^T / (1 + x^T x)", "dz/dx lost its 2: the derivative of "
                                                     "xᵀx = x₁² + … + x_D² by x is 2xᵀ.")),
                  hints=(r"$\frac{df}{dz} = \frac{1}{1 + z}$, a number.",
                         r"$\frac{dz}{d\mathbf{x}} = 2\mathbf{x}^\top$, a $1 \times D$ row."),
                  intro=(r"The outer derivative $df/dz = 1/(1 + z)$ is $1 \times 1$ and "
                         r"$dz/d\mathbf{x}$ is $1 \times D$. By the differential method "
                         r"(chapter 04), as the engine derives it:")),
        _shape("5.7", "sine-shape", title="the shape of ∂f/∂z for an entrywise sine",
               prompt=(rf"Let {sine_text}. For $E = 4$ and $D = 3$, what is the shape of "
                       r"$\partial\mathbf{f}/\partial\mathbf{z}$?"),
               answer=(4, 4),
               distractors=(((4,), "That is the shape of the vector cos(z), the diagonal of "
                                   "∂f/∂z. The derivative of a vector by a vector is a matrix: "
                                   "a row per entry of f, a column per entry of z."),
                            ((4, 3), "That is the whole chain ∂f/∂x. The first factor, "
                                     "∂f/∂z, has a column per entry of z.")),
               hints=(r"$\mathbf{f}$ and $\mathbf{z}$ both have $E$ entries.",
                      r"Entry $f_i$ depends on $z_i$ only: most of the matrix is zero."),
               solution=(r"$\partial\mathbf{f}/\partial\mathbf{z}$ has a row per entry of "
                         r"$\mathbf{f}$ and a column per entry of $\mathbf{z}$: "
                         r"$E \times E = 4 \times 4$, the diagonal matrix "
                         r"$\operatorname{diag}(\cos\mathbf{z})$.",
                         r"Then $\partial\mathbf{z}/\partial\mathbf{x} = A$ is $4 \times 3$, "
                         r"and the product is $4 \times 3$.")),
        _notation("5.7", "sine-jacobian", title="the Jacobian of sin(Ax + b)",
                  prompt=(rf"Let {sine_text}. Enter the Jacobian "
                          r"$\partial\mathbf{f}/\partial\mathbf{x}$, an $E \times D$ matrix, in "
                          r"matrix notation using `A`, `x`, `b`, `cos` and `diag` "
                          r"(`diag(v)` is the diagonal matrix with the vector `v` on its "
                          r"diagonal)."),
                  function="sin(A x + b)", wrt="x",
                  shapes={"A": "E×D", "x": "D", "b": "E"}, answer="diag(cos(A x + b)) A",
                  distractors=(("A diag(cos(x))",
                                "The outer derivative is evaluated at the inner value z = Ax + b, "
                                "not at x, and it multiplies from the left: "
                                "∂f/∂x = (∂f/∂z)(∂z/∂x)."),
                               ("diag(cos(A x)) A", "b is lost: cos is evaluated at "
                                                    "z = Ax + b, the whole inner value.")),
                  hints=(r"$\partial\mathbf{f}/\partial\mathbf{z} = "
                         r"\operatorname{diag}(\cos\mathbf{z})$ and "
                         r"$\partial\mathbf{z}/\partial\mathbf{x} = A$.",
                         r"Multiply them in the chain-rule order: $(E \times E)(E \times D)$."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
    )


# --- 5.8: a Gaussian, a trace, a tanh layer -----------------------------------------------------

def _exercise_5_8() -> tuple[Exercise, ...]:
    gauss = "-exp(-(x - mu)^T S^-1 (x - mu) / 2) (x - mu)^T S^-1"
    bump = "exp(-(x - mu)^T S^-1 (x - mu) / 2)"
    tanh_text = (r"$\mathbf{f} = \tanh(\mathbf{z})$, applied to each entry, with "
                 r"$\mathbf{z} = A\mathbf{x} + \mathbf{b}$, $\mathbf{x} \in \mathbb{R}^N$, "
                 r"$A \in \mathbb{R}^{M\times N}$ and $\mathbf{b} \in \mathbb{R}^M$")
    tanh_shapes = {"A": "M×N", "x": "N", "b": "M"}
    return (
        _notation("5.8", "gaussian", title="the gradient of a Gaussian bump",
                  prompt=(r"A Gaussian bump: $f(z) = \exp(-z/2)$ with "
                          r"$z = \mathbf{y}^\top S^{-1}\mathbf{y}$ and $\mathbf{y} = \mathbf{x} - "
                          r"\boldsymbol\mu$, where $\mathbf{x}, \boldsymbol\mu \in \mathbb{R}^D$ "
                          r"and $S$ is a $D \times D$ covariance matrix (symmetric, positive "
                          r"definite). Enter $df/d\mathbf{x}$, a $1 \times D$ row, in matrix "
                          r"notation in terms of `x`, `mu` (or `μ`), `S`, `exp`, `^T` and "
                          r"`^-1`."),
                  function=bump, wrt="x", shapes={"x": "D", "mu": "D", "S": "D×D spd"},
                  answer=gauss,
                  distractors=(
                      ("-(x - mu)^T S^-1",
                       "The outer factor is missing: d exp(u) = exp(u) du, so exp(−z/2) stays "
                       "in front."),
                      (f"-{bump} (x - mu)^T S^-1 / 2",
                       "A factor 2 is lost: d(yᵀS⁻¹y) = 2yᵀS⁻¹dy for a symmetric S, and that 2 "
                       "cancels the ½ of −z/2."),
                      (f"-{bump} (x - mu)^T S",
                       "S⁻¹ is what appears in z, and it stays in the derivative: the inverse "
                       "does not go away."),
                  ),
                  hints=(r"Three links: $df/dz = -\frac12 e^{-z/2}$ ($1\times1$), "
                         r"$dz/d\mathbf{y}$ ($1 \times D$), $d\mathbf{y}/d\mathbf{x} = I$ "
                         r"($D \times D$).",
                         r"For symmetric $S$: $\partial(\mathbf{y}^\top S^{-1}\mathbf{y})/"
                         r"\partial\mathbf{y} = 2\mathbf{y}^\top S^{-1}$."),
                  intro=(r"The chain has three links with shapes $1\times1$, $1\times D$ and "
                         r"$D \times D$. By the differential method (chapter 04), as the engine "
                         r"derives it (it uses $S^{-\top} = S^{-1}$):")),
        _notation("5.8", "trace", title="the gradient of tr(xxᵀ + σ²I)",
                  prompt=(r"Let $f(\mathbf{x}) = \operatorname{tr}(\mathbf{x}\mathbf{x}^\top + "
                          r"\sigma^2 I)$ for $\mathbf{x} \in \mathbb{R}^D$ and a constant number "
                          r"$\sigma$. Enter $df/d\mathbf{x}$, a $1 \times D$ row, in matrix "
                          r"notation (`x`, `sigma` or `σ`, `^T`)."),
                  function="tr(x x^T + sigma^2 I)", wrt="x",
                  shapes={"x": "D", "sigma": "scalar"}, answer="2 x^T",
                  distractors=(("2 x^T + 2 sigma",
                                "σ²I does not depend on x: its trace Dσ² is a constant, and "
                                "its derivative is zero."),
                               ("x^T", "x appears twice in xxᵀ: tr(xxᵀ) = xᵀx = x₁² + … + x_D², "
                                       "and each square brings down a 2.")),
                  hints=(r"The trace is linear: $\operatorname{tr}(\mathbf{x}\mathbf{x}^\top) + "
                         r"\operatorname{tr}(\sigma^2 I)$.",
                         r"$\operatorname{tr}(\mathbf{x}\mathbf{x}^\top) = "
                         r"\mathbf{x}^\top\mathbf{x}$."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
        _shape("5.8", "tanh-shape", title="the shape of a tanh layer's Jacobian",
               prompt=(rf"Let {tanh_text}. For $M = 3$ and $N = 5$, what is the shape of "
                       r"$d\mathbf{f}/d\mathbf{x}$?"),
               answer=(3, 5),
               distractors=(((3, 3), "That is ∂f/∂z, the first link of the chain. It is "
                                     "multiplied by ∂z/∂x = A."),),
               hints=(r"A row per entry of $\mathbf{f}$, a column per entry of $\mathbf{x}$.",
                      r"Check with the chain: $(M \times M)(M \times N)$."),
               solution=(r"$d\mathbf{f}/d\mathbf{z}$ is $M \times M$ (diagonal), "
                         r"$d\mathbf{z}/d\mathbf{x} = A$ is $M \times N$, so "
                         r"$d\mathbf{f}/d\mathbf{x}$ is $M \times N = 3 \times 5$.",)),
        _notation("5.8", "tanh-jacobian", title="the Jacobian of tanh(Ax + b)",
                  prompt=(rf"Let {tanh_text}. Enter $d\mathbf{{f}}/d\mathbf{{x}}$, an "
                          r"$M \times N$ matrix, in matrix notation using `A`, `x`, `b`, `tanh`, "
                          r"`diag`, and `⊙` (or `.*`) for the entry-by-entry product of two "
                          r"vectors."),
                  function="tanh(A x + b)", wrt="x", shapes=tanh_shapes,
                  answer="diag(1 - tanh(A x + b) ⊙ tanh(A x + b)) A",
                  distractors=(("diag(1 - (A x + b) ⊙ (A x + b)) A",
                                "1 − z² stands where tanh′(z) = 1 − tanh(z)² belongs: square "
                                "tanh(z), not z."),
                               ("diag(1 + tanh(A x + b) ⊙ tanh(A x + b)) A",
                                "Check the sign inside: tanh′ = 1 − tanh², with a minus "
                                "(tan′ = 1 + tan² is the one with a plus).")),
                  hints=(r"$\tanh'(z) = 1 - \tanh^2(z)$, so $d\mathbf{f}/d\mathbf{z} = "
                         r"\operatorname{diag}(1 - \tanh^2\mathbf{z})$.",
                         r"$d\mathbf{z}/d\mathbf{x} = A$; multiply in the chain-rule order."),
                  intro="By the differential method (chapter 04), as the engine derives it:"),
    )


BUILDERS = (("5.1", _exercise_5_1), ("5.2", _exercise_5_2), ("5.3", _exercise_5_3),
            ("5.4", _exercise_5_4), ("5.5", _exercise_5_5), ("5.6", _exercise_5_6),
            ("5.7", _exercise_5_7), ("5.8", _exercise_5_8))
"""(MML exercise number, builder of its parts), in the book's order."""


def mml_exercises() -> dict[str, Exercise]:
    """Every MML exercise part, id -> Exercise, in the book's order (ids ``06-mml-5.N-…``)."""
    found = {}
    for _, build in BUILDERS:
        for ex in build():
            if ex.id in found:
                raise ValueError(f"two MML exercises share the id {ex.id!r}")
            found[ex.id] = ex
    return found


def parts(number: str, exercises: dict[str, Exercise] | None = None) -> list[Exercise]:
    """The parts of MML exercise ``number`` ("5.5"), in order."""
    exercises = mml_exercises() if exercises is None else exercises
    return [ex for key, ex in exercises.items() if key.startswith(f"{PREFIX}{number}-")]
