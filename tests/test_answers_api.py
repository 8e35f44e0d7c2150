"""The public API of vcbook.answers: parse, check, Verdict, to_text, latex (DESIGN.md)."""

import builtins
import subprocess
import sys

import pytest
import sympy

import vcbook.answers as answers
from vcbook.answers import InvalidAnswer, Verdict, check, parse

x, y, t = sympy.symbols("x y t")  # authors' plain symbols: matched by name


def test_exports():
    for name in ("parse", "check", "Verdict", "InvalidAnswer", "to_text", "latex"):
        assert name in answers.__all__ and hasattr(answers, name)
    assert issubclass(InvalidAnswer, ValueError)


def test_design_examples():
    v = check("2 sin(t)(cos(t) - 1)", expected="2*sin(t)*(cos(t)-1)", variables=["t"])
    assert v.status == "correct" and v.correct and v.message == "Correct!"
    assert parse("2x y", variables=["x", "y"]) == 2 * sympy.Symbol("x", real=True) * \
        sympy.Symbol("y", real=True)
    g = check("[2xy, x^2]", expected=sympy.Matrix([[2 * x * y, x**2]]),
              variables={"x": (-2, 2), "y": (-2, 2)})
    assert g.correct and g.mask == ((True, True),) and "I read '2xy'" not in g.message
    assert "I read 'xy' as x·y." in g.message and "read-as" in g.notes


def test_verdict_fields():
    v = check("x^2 + 1", "x^2", ["x"])
    assert isinstance(v, Verdict)
    assert (v.status, v.correct, v.attempt_counts) == ("incorrect", False, True)
    assert v.answer == sympy.Symbol("x", real=True) ** 2 + 1
    assert v.latex == "x^{2} + 1" and str(v) == v.message
    bad = check("x +", "x", ["x"])
    assert (bad.status, bad.attempt_counts, bad.answer, bad.latex) == ("invalid", False, None, "")
    assert bad.notes == ("invalid:syntax",) and bad.column == 4


@pytest.mark.parametrize(
    "expected",
    [
        "x*y",
        x * y,
        sympy.Symbol("x", positive=True) * y,
        sympy.Symbol("x", real=True) * sympy.Symbol("y", real=True),
    ],
    ids=["string", "plain symbols", "other assumptions", "real symbols"],
)
def test_expected_symbols_match_by_name(expected):
    assert check("xy", expected, ["x", "y"]).correct


@pytest.mark.parametrize(
    "expected",
    [[y, x], sympy.Array([y, x]), sympy.Matrix([[y, x]]), "[y, x]", (y, x)],
    ids=["list", "1-D Array", "Matrix", "string", "tuple"],
)
def test_one_dimensional_expected_answers_are_rows(expected):
    assert check("[y, x]", expected, "x y").correct
    assert check("[y; x]", expected, "x y").notes == ("transpose",)


def test_two_dimensional_expected_answers():
    for expected in ([[1, x], [y, 2]], sympy.Array([[1, x], [y, 2]]), "[1, x; y, 2]"):
        assert check("[[1, x], [y, 2]]", expected, "x y").correct


def test_greek_variables_and_letters():
    theta = sympy.Symbol("θ")
    for variables in (["r", "θ"], ["r", "theta"]):
        v = check("r cos(θ)", sympy.Symbol("r") * sympy.cos(theta), variables)
        assert v.correct
        assert check("r*cos(theta)", "r cos(θ)", variables).correct


def test_subscripted_variables():
    assert check("x1^2 + 2x2", "x_1**2 + 2*x_2", ["x1", "x2"]).correct


def test_assumptions_and_domains():
    assert check("sqrt(r^2)", "r", ["r"], assumptions={"r": "positive"}).correct
    # an interval is where sampling starts, not a domain: only an assumption restricts it
    narrow = check("sqrt(r^2)", "r", {"r": (0.5, 3)})
    assert narrow.status == "incorrect" and narrow.notes == ("partial",)
    assert check("sqrt(r^2)", "r", {"r": (0.5, 3)}, assumptions={"r": "positive"}).correct
    assert not check("sqrt(r^2)", "r", {"r": (-3, 3)}).correct


def test_forbidden_and_float_policy():
    v = check("abs(x)", "sqrt(x^2)", ["x"], forbidden=["abs"])
    assert v.status == "invalid" and v.notes == ("invalid:forbidden",)
    assert check("0.5 x", "x/2", ["x"]).correct
    exact = check("0.5 x", "x/2", ["x"], floats="forbid")
    assert exact.status == "invalid" and "exact value" in exact.message


def test_seeded_points_give_the_same_verdict_every_time():
    first = check("x*y + 1/1000000", "x*y", "x y", seed=3)
    assert first == check("x*y + 1/1000000", "x*y", "x y", seed=3)
    for seed in range(5):
        assert check("(x+y)^2", "x^2 + 2xy + y^2", "x y", seed=seed).correct


def test_kind_inference_and_explicit_kinds():
    assert check("(2, 3)", (2, 3)).correct
    assert check("[x]", "x", ["x"]).notes == ("invalid:kind",)
    assert check("x", "[x]", ["x"]).notes == ("invalid:shape",)
    assert check("[x, y]", "[x, y]", "x y", kind="vector").correct
    assert check("x", "x", ["x"], kind="expression").correct


def test_inconclusive_sampling_says_so_and_costs_nothing():
    v = check("sqrt(-5 - x^2)", "sqrt(-5 - x^2)", {"x": (-2, 2)})  # nowhere real
    assert v.correct and "symbolic" in v.notes  # the bounded symbolic fallback settles it
    w = check("sqrt(-5 - x^2) + sin(x)^2 + cos(x)^2 - 1", "sqrt(-5 - x^2)", {"x": (-2, 2)})
    assert w.status == "invalid" and w.notes == ("inconclusive",)
    assert "could not check" in w.message and not w.attempt_counts


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"expected": "x +"}, "cannot be read"),
        ({"expected": x + t}, "'t', which is not one of the variables"),
        ({"expected": object()}, "cannot use object"),
        ({"expected": "x", "variables": {"x": (2, 1)}}, "low < high"),
        ({"expected": "x", "variables": ["sin"]}, "cannot be a variable name"),
        ({"expected": "x", "floats": "sometimes"}, "floats must be one of"),
        ({"expected": "x", "kind": "matrix"}, "kind='matrix'"),
        ({"expected": "x", "assumptions": {"q": "positive"}}, "unknown variables"),
        ({"expected": "x", "distractors": [("x +", "?")]}, "cannot be read"),
        ({"expected": sympy.sqrt(-1) * x}, "complex or undefined"),
    ],
)
def test_authoring_errors_become_invalid_verdicts(kwargs, phrase):
    kwargs.setdefault("variables", ["x"])
    v = check("x", **kwargs)
    assert v.status == "invalid" and v.notes == ("author-error",)
    assert phrase in v.message and "not your fault" in v.message


@pytest.mark.parametrize("error", [RuntimeError, RecursionError, MemoryError, OverflowError,
                                   ValueError("Exceeds the limit (4300 digits)")])
def test_check_never_raises(monkeypatch, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("vcbook.answers.checker.diagnose", broken)
    v = check("x^3", "x^2", ["x"])
    assert v.status == "invalid" and v.notes == ("internal-error",)
    assert "Traceback" not in v.message and not v.attempt_counts


def test_student_text_never_reaches_eval_exec_or_sympify(monkeypatch):
    """Spy on eval/exec/sympify/parse_expr: none of them ever sees a string while checking."""
    seen = []
    sympify_module = sys.modules["sympy.core.sympify"]
    real = {"eval": builtins.eval, "exec": builtins.exec, "sympify": sympify_module.sympify}

    def spy(name):
        def wrapper(source, *args, **kwargs):
            if isinstance(source, str):
                seen.append((name, source))
            return real[name](source, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(builtins, "eval", spy("eval"))
    monkeypatch.setattr(builtins, "exec", spy("exec"))
    monkeypatch.setattr(sympify_module, "sympify", spy("sympify"))
    monkeypatch.setattr(sympy, "sympify", spy("sympify"))
    monkeypatch.setattr("sympy.parsing.sympy_parser.parse_expr", spy("parse_expr"))
    monkeypatch.setattr(sympy, "lambdify", spy("lambdify"))
    for text in ("2x y + sin(x)", "[2xy, x^2]", "[x, y; 1, 2]", "log(x^2+y^2)", "|x| + 0.5",
                 "e^(x y)", "atan2(y, x)", "x.__class__", "__import__('os')"):
        check(text, "2*x*y + sin(x)", "x y")
        check(text, sympy.Matrix([[2 * x * y, x**2]]), "x y", distractors=[("[x, x]", "m")])
        check(text, sympy.Matrix([[x, y], [1, 2]]), "x y")
    assert seen == []


def test_import_vcbook_does_not_import_sympy():
    code = "import sys, vcbook; assert 'sympy' not in sys.modules; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(
    ("answer", "expected", "message"),
    [
        ("[1, 2, 3]", sympy.Matrix([[1, 2, 3], [4, 5, 6]]),
         "Expected a 2×3 matrix, such as [a, b, c; d, e, f] (shape 2×3), but your answer has "
         "shape 1×3."),
        ("x", [x, y, t], "Expected a row vector with 3 entries, such as [a, b, c]."),
        ("x", sympy.Matrix([x, y]), "Expected a column vector with 2 entries, such as [a; b]."),
        ("x", sympy.ones(4, 4), "Expected a 4×4 matrix, such as [a, b, c, ...; ...] with rows "
                                "separated by ';'."),
    ],
)
def test_shape_messages_show_what_to_type(answer, expected, message):
    v = check(answer, expected, ["x", "y", "t"])
    assert v.status == "invalid" and v.message == message


@pytest.mark.parametrize("text", ["sinh(10000)", "exp(800)*x", "exp(exp(10))"])
def test_huge_numbers_get_a_verdict_not_an_internal_error(text):
    """Regression (issue 10): these gave "Something went wrong" (an OverflowError in the
    diagnostics, from a value beyond the float range)."""
    v = check(text, expected="x", variables=["x"])
    assert v.status == "invalid" and v.notes == ("invalid:number-too-large",)
    assert "too large to work with" in v.message and not v.attempt_counts


@pytest.mark.parametrize("text", ["x exp(800x + 800)/exp(800x)", "exp(800x)", "sinh(5000 x^2)",
                                  "2^(900x)"])
def test_huge_values_at_the_sample_points_are_graded(text):
    """Regression (issue 10): x·e^800 (SymPy merges the exponentials) was e^800 times the answer,
    a factor beyond the float range, and the diagnostics raised; values beyond 10^100 are now an
    overflow at that point, and the answer is graded."""
    v = check(text, expected="x", variables=["x"])
    assert v.status == "incorrect", v
    assert v.notes[:1] != ("internal-error",)


@pytest.mark.parametrize(("text", "expected", "variables"), [
    ("max(x, y)", "(x + y + |x - y|)/2", ["x", "y"]),
    ("min(x, y, 0)", "min(min(x, y), 0)", ["x", "y"]),
    ("sign(x)", "x/|x|", ["x"]),
    ("sgn(x) x", "|x|", ["x"]),
    ("asinh(x)", "log(x + sqrt(x^2 + 1))", ["x"]),
    ("acosh(x)", "log(x + sqrt(x^2 - 1))", {"x": (1.1, 3)}),
    ("atanh(x)", "log((1 + x)/(1 - x))/2", {"x": (-0.9, 0.9)}),
    ("cosec(x)", "1/sin(x)", ["x"]),
    ("cosech(x)", "2/(e^x - e^(-x))", ["x"]),
    ("arctan2(y, x)", "atan2(y, x)", ["x", "y"]),
])
def test_added_functions_are_evaluated_at_the_sample_points(monkeypatch, text, expected,
                                                            variables):
    """Issue 10: each added function has its own evaluator (never the slow evalf fallback)."""
    from vcbook.answers import evaluate

    def no_fallback(expr, ctx):
        raise AssertionError(f"evalf fallback used for {expr}")

    monkeypatch.setattr(evaluate, "_fallback", no_fallback)
    evaluate._compile_cached.cache_clear()
    assert check(text, expected, variables).correct


@pytest.mark.parametrize(("text", "expected"), [("acosh(x)", "x"), ("atanh(x)", "x")])
def test_added_functions_are_undefined_outside_their_real_domain(text, expected):
    v = check(text, expected, {"x": (-2, 2)})
    assert v.status == "incorrect" and v.notes[0] == "undefined"


def test_bare_function_application_is_echoed_in_the_verdict():
    """Issue 10: 'r²cos2θ' is read as r²·cos(2θ) and the reading is said once."""
    v = check("r²cos2θ + cos 2θ", "2r^2 cos(2θ)", ["r", "θ"])
    assert v.status == "incorrect"
    v = check("r²cos2θ", "r^2 cos(2θ)", ["r", "θ"])
    assert v.correct and v.message == "Correct! I read 'cos2θ' as cos(2θ)."
    assert "read-as" in v.notes
