"""The 55-case bad-input catalogue (shared/reference/answer-checking.md), one test per case.

Each case lists its inputs and the behaviour chosen where the catalogue offers alternatives.
Every check runs inside an empty temporary directory that must still be empty afterwards: the
injection payloads would create a file named MARKER there if they were ever executed
(``test_payloads_are_live`` proves that they would).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
import sympy

from vcbook.answers import check

x, y, t, r, theta = sympy.symbols("x y t r theta")
XY = ["x", "y"]
POLAR = ["r", "theta"]
JACOBIAN = sympy.Matrix([[2 * x, 1], [y, x]])  # d(x^2 + y, xy)/d(x, y)

QUOTED_PAYLOAD = "__import__('builtins').open('MARKER', 'w').close()"
QUOTE_FREE_PAYLOAD = (
    "__import__(" + "+".join(f"chr({ord(c)})" for c in "builtins") + ").open("
    + "+".join(f"chr({ord(c)})" for c in "MARKER") + ",chr(119)).close()"
)
SYSTEM_PAYLOAD = "__import__('os').system('touch MARKER')"


@dataclass
class Trial:
    """One input: what it is checked against, and the verdict it must get."""

    text: object
    status: str
    note: str | None = None  # the first note, e.g. "invalid:syntax", "sign", "distractor:0"
    phrase: str = ""  # must appear in the message
    expected: object = "x"
    variables: object = ("x",)
    options: dict = field(default_factory=dict)


def invalid(text, code, phrase="", **kw):
    return Trial(text, "invalid", f"invalid:{code}", phrase, **kw)


CATALOGUE: dict[int, list[Trial]] = {
    1: [invalid("", "empty", "Your answer is empty."),
        invalid("   ", "empty", "Your answer is empty.")],
    2: [invalid(None, "not-text", "Please type your answer as text."),
        invalid(12, "not-text", "Please type your answer as text.")],
    # 3-8: refused at the first character or name outside the language; never executed.
    3: [invalid(SYSTEM_PAYLOAD, "character", "character '''"),
        invalid(QUOTED_PAYLOAD, "character", "column 12")],
    4: [invalid(QUOTE_FREE_PAYLOAD, "character", "'.'"),
        invalid("__import__(chr(111)+chr(115))", "unknown-name", "'__import__'")],
    5: [invalid("x.__class__.__new__.__globals__['__builtins__']", "character", "column 2")],
    6: [invalid("().__class__.__bases__[0].__subclasses__()", "character", "'.'")],
    7: [invalid("lambda: x", "character", "':'"),
        invalid("[c for c in x]", "unknown-name", "'c'"),
        invalid("x if y else 1", "unknown-name", "'if'", variables=XY)],
    8: [invalid("eval(x)", "unknown-name", "'eval'"),
        invalid("exec(x)", "unknown-name", "'exec'"),
        invalid("open(x)", "unknown-name", "'open'"),
        invalid("getattr(x,y)", "unknown-name", "'getattr'", variables=XY),
        invalid("Function('f')(x)", "character", "'''")],
    # 9: SymPy commands are refused with a message of their own ("work it out yourself").
    9: [invalid("diff(x^2, x)", "command", "SymPy command", expected="2x"),
        invalid("integrate(x, x)", "command", "SymPy command"),
        invalid("Derivative(x^2, x)", "command", "SymPy command"),
        invalid("solve(x, x)", "command", "SymPy command")],
    10: [invalid("x; y", "semicolon", "column 2", variables=XY),
         invalid("x = 1", "character", "column 3"),
         invalid("x == y", "character", "column 3", variables=XY),
         invalid("x # c", "character", "column 3"),
         invalid("\\x41", "character", "column 1"),
         invalid("'x'", "character", "column 1"),
         invalid('"x"', "character", "column 1")],
    11: [invalid("9**9**9", "exponent", "exponent 387420489 is too large"),
         invalid("9^9^9", "exponent", "too large"),
         invalid("10^10^10", "exponent", "10000000000 is too large")],
    # 12: the exponent limit (|k| <= 100) refuses it.
    12: [invalid("x^x^x^99999", "exponent", "99999 is too large")],
    # 13: graded (incorrect): evaluated with mpmath, never printed as an integer.
    13: [Trial("2^(20000*x)", "incorrect")],
    # 14: '!' and factorial are not part of the language.
    14: [invalid("100000!", "character", "factorials"),
         invalid("factorial(100000)", "unknown-name", "Factorials")],
    15: [invalid("7" * 5000, "too-long", "too long")],
    16: [invalid("(" * 5000 + "x" + ")" * 5000, "too-long", "too long")],
    17: [invalid("(" * 26 + "x" + ")" * 26, "too-deep", "too many nested parentheses")],
    18: [invalid("-" * 100000 + "x", "too-long", "too long")],
    19: [invalid("+".join(["x"] * 200), "too-complex", "too long or complicated")],
    20: [Trial("-----x*y", "incorrect", "sign", "Check your signs", "x*y", XY)],
    21: [invalid("1/0", "divide-by-zero", "divides by zero"),
         invalid("x/0", "divide-by-zero", "divides by zero"),
         invalid("0/0", "divide-by-zero", "divides by zero")],
    22: [invalid("log(0)", "undefined", "undefined"),
         invalid("1/(x-x)", "divide-by-zero", "divides by zero")],
    # 23: exercises are real: complex values are refused (SymPy's principal branch).
    23: [invalid("sqrt(-1)", "complex", "real numbers only"),
         invalid("(-8)^(1/3)", "complex", "real numbers only")],
    # 24: scientific notation is refused with the rewrite to type (never read as 2*e - 3).
    24: [invalid("1e400", "scientific", "1*10^400"),
         invalid("2e-3", "scientific", "2*10^(-3)"),
         invalid("1.5E3", "scientific", "1.5*10^3")],
    # 25: no complex policy: i and j are unknown names with a real-numbers message.
    25: [invalid("3j", "unknown-name", "imaginary unit j"),
         invalid("2i", "unknown-name", "imaginary unit i")],
    26: [Trial("x²y", "correct", expected="x^2*y", variables=XY),
         Trial("x⁻¹", "correct", expected="1/x")],
    27: [Trial("ｘ＊ｙ", "correct", expected="x*y", variables=XY),
         Trial("x\u00a0y", "correct", expected="x*y", variables=XY),
         Trial("x\u200by", "correct", expected="x*y", variables=XY)],
    28: [invalid("х*y", "character", "looks like the letter 'x'", variables=XY)],
    # 29: a function without parentheses takes the juxtaposed run as its argument, as prompts
    # print it (issue 10), and the reading is said; 'sin' alone is still refused.
    29: [Trial("sin x", "correct", "read-as", "I read 'sin x' as sin(x).", "sin(x)"),
         Trial("sinx", "correct", "read-as", "I read 'sinx' as sin(x).", "sin(x)"),
         Trial("sin x y", "incorrect", None, "I read 'sin x y' as sin(x·y).", "sin(x) y", XY),
         invalid("sin", "function-syntax", "Put the argument of sin in parentheses")],
    30: [invalid("sin^2(x)", "function-power", "sin(x)^2"),
         invalid("sin^-1(x)", "function-power", "asin(x)")],
    31: [invalid("Sin(x)", "unknown-name", "Did you mean sin?"),
         invalid("COS(x)", "unknown-name", "Did you mean cos?"),
         invalid("In(x)", "unknown-name", "ln")],
    # 32: bars are read as abs; unmatched bars are refused.
    32: [Trial("|x|", "correct", expected="abs(x)"),
         Trial("||x|+y|", "correct", expected="abs(abs(x) + y)", variables=XY),
         invalid("|x", "bars", "never closed")],
    33: [invalid("x**", "syntax", "ends with '**'"),
         invalid("*x", "syntax", "column 1"),
         invalid("x+*y", "syntax", "column 3", variables=XY),
         invalid("()", "empty-group", "column 1")],
    34: [invalid("2 3", "adjacent-numbers", "next to each other"),
         invalid("1.2.3", "number", "more than one decimal point")],
    35: [Trial("xy", "correct", None, "I read 'xy' as x·y.", "x*y", XY),
         invalid("x2", "name-digits", "write x*2 for a product or x^2", variables=XY),
         Trial("rcos(theta)", "correct", None, "I read 'rcos' as r·cos.", "r*cos(theta)",
               POLAR),
         Trial("2tcos(t^2)", "correct", None, "I read 'tcos' as t·cos.", "2t cos(t^2)", ["t"])],
    # 36: e is Euler's number; capital E is refused with "Did you mean e?".
    36: [invalid("E^x", "unknown-name", "Did you mean e", expected="exp(x)"),
         Trial("exp(1)^x", "correct", expected="exp(x)"),
         Trial("e^x", "correct", expected="exp(x)")],
    37: [invalid("t", "unknown-name", "The variables in this exercise are x and y",
                 variables=XY)],
    38: [invalid("x*cos(theta)", "coordinates", "in terms of r and θ, not x",
                 expected="r*cos(theta)", variables=POLAR)],
    39: [invalid("x,y", "tuple", "square brackets", variables=XY),
         invalid("[x, y]", "kind", "single expression", variables=XY)],
    40: [invalid("x", "shape", "row vector with 2 entries, such as [a, b]", expected=[y, x],
                variables=XY)],
    41: [invalid("[y, x, 0]", "shape", "(shape 1×2), but your answer has shape 1×3",
                 expected=[y, x], variables=XY)],
    42: [invalid("[[1,2],[3]]", "ragged", "different lengths", expected=JACOBIAN, variables=XY),
         invalid("[[1,2],3]", "brackets", "Mixed brackets", expected=JACOBIAN, variables=XY),
         invalid("[]", "empty-group", "empty brackets", expected=JACOBIAN, variables=XY)],
    # 43: no arithmetic on whole vectors: "enter each component".
    43: [invalid("[x]+[y]", "vector-arithmetic", "each component", expected=[x, y],
                 variables=XY),
         invalid("2*[x,y]", "vector-arithmetic", "each component", expected=[x, y],
                 variables=XY)],
    44: [invalid("[y x]", "shape", "forget a comma", expected=[y, x], variables=XY)],
    45: [Trial("[x, y]", "incorrect", "permuted", "wrong order", [y, x], XY)],
    46: [Trial("[2x, y; 1, x]", "incorrect", "transpose", "transpose", JACOBIAN, XY)],
    47: [Trial("[2x, 1; y, 2x]", "incorrect", "entries", "3 of 4 entries are correct",
               JACOBIAN, XY)],
    48: [Trial("log(x^2+y^2)", "incorrect", "factor", "2 times", sympy.log(x**2 + y**2) / 2,
               XY)],
    49: [Trial("cos(t^2)", "incorrect", "distractor:0", "Chain rule", "2t cos(t^2)", ["t"],
               {"distractors": [("cos(t^2)", "Chain rule: multiply by d(t^2)/dt.")]})],
    # 50: correct on a domain the exercise declares (an assumption such as x > 0), incorrect
    # otherwise: a sampling interval is where sampling starts, not a domain.
    50: [Trial("atan(y/x)", "correct", expected=sympy.atan2(y, x),
               variables={"x": (0.1, 2), "y": (-2, 2)},
               options={"assumptions": {"x": "positive"}}),
         Trial("atan(y/x)", "incorrect", "partial", expected=sympy.atan2(y, x),
               variables={"x": (0.1, 2), "y": (-2, 2)}),
         Trial("atan(y/x)", "incorrect", "partial", expected=sympy.atan2(y, x),
               variables={"x": (-2, 2), "y": (-2, 2)}),
         Trial("sqrt(r^2)", "correct", expected="r", variables=["r"],
               options={"assumptions": {"r": "positive"}}),
         Trial("sqrt(r^2)", "incorrect", "partial", expected="r", variables={"r": (-2, 2)})],
    # 51: no crash; a mismatch is re-checked at 90 digits before it counts.
    51: [Trial("2 sin(5*10^29 x) cos(5*10^29 x)", "correct", expected="sin(10^30 x)"),
         Trial("(x + 10^30)^2 - 10^60 - 2*10^30*x", "correct", "precision-recheck",
               expected="x^2")],
    # 52: graded in bounded time (Overflow guard), never evaluated at huge precision.
    52: [Trial("exp(exp(exp(exp(x))))", "incorrect", expected="x"),
         Trial("exp(exp(exp(exp(x))))", "correct", expected="exp(exp(exp(exp(x))))")],
    53: [invalid("x" * 100000, "too-long", "too long")],
    54: [Trial("2*sin(t)*(cos(t)-1)", "correct", expected="2 sin(t)(cos(t) - 1)",
               variables=["t"]),
         invalid("Subs(t, t, 1)", "command", "SymPy command", expected="t", variables=["t"]),
         invalid("simplify(t)", "command", "SymPy command", expected="t", variables=["t"])],
    55: [Trial("x*y + 1/100000", "incorrect", expected="x*y", variables=XY)],
}


@pytest.fixture
def empty_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert os.listdir(tmp_path) == [], "an input had a side effect"


def test_catalogue_is_complete():
    assert sorted(CATALOGUE) == list(range(1, 56))


@pytest.mark.parametrize("number", sorted(CATALOGUE), ids=lambda n: f"{n:02d}")
def test_catalogue_case(number, empty_directory):
    for trial in CATALOGUE[number]:
        verdict = check(trial.text, trial.expected, trial.variables, **trial.options)
        shown = repr(trial.text)[:40]
        assert verdict.status == trial.status, (shown, verdict)
        if trial.note is not None:
            assert verdict.notes[:1] == (trial.note,), (shown, verdict.notes)
        assert trial.phrase in verdict.message, (shown, verdict.message)
        assert "Traceback" not in verdict.message
        assert verdict.attempt_counts == (trial.status != "invalid")
        if number == 55:  # the same answer twice: the same verdict, word for word
            assert check(trial.text, trial.expected, trial.variables) == verdict


@pytest.mark.parametrize("payload", [QUOTED_PAYLOAD, QUOTE_FREE_PAYLOAD])
def test_payloads_are_live(payload, tmp_path, monkeypatch):
    """The payloads do create the marker when executed, so the empty-directory check can fail."""
    monkeypatch.chdir(tmp_path)
    eval(payload)  # noqa: S307 - the test's own string, to prove the marker works
    assert (tmp_path / "MARKER").exists()


def test_all_entries_typed_in_one_row_are_told_to_separate_rows_with_semicolons():
    # found by review: a 3×2 Jacobian typed with commas only was asked about a missing comma
    verdict = check("[2x, y, 1, 0, x, x]", expected=[[2 * x, y], [1, 0], [x, x]],
                    variables=XY)
    assert verdict.status == "invalid"
    assert "shape 1×6" in verdict.message
    assert "separate the rows with `;`" in verdict.message
    assert "forget a comma" not in verdict.message
