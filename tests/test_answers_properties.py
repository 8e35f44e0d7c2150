"""Property tests (hypothesis): nothing typed ever raises or runs; rewrites are accepted.

- random unicode strings and random token soups (with injection fragments) never make ``check``
  raise, never make ``parse`` raise anything but ``InvalidAnswer``, and never run code (a payload
  would create a file in the working directory, which must stay empty);
- random expression trees print and read back equal (``to_text``/``parse``), and their correct
  rewrites (expand, factor, expand_trig, ``+ 0``, ``cos(0)*``, ``sin^2 + cos^2 - 1``) are
  accepted while ``+ k`` is rejected.
"""

import os
import tempfile

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vcbook.answers import InvalidAnswer, Verdict, check, parse, to_text
from vcbook.answers.verdict import STATUSES

x, y = sympy.symbols("x y", real=True)
VARIABLES = {"x": (-2, 2), "y": (-2, 2)}
SETTINGS = settings(deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "x", "y", "t", "2", "0", "9", "10", "0.5", ".", "e", "E", "pi", "θ", "²", "⁻¹", "√", "·", "−",
    "(", ")", "[", "]", ",", ";", "|", "^", "**", "*", "+", "-", "/", " ", "sin", "log", "sqrt",
    "abs", "atan2", "xy", "x2", "__import__", "'os'", "\"", "system", "open", "'MARKER'", "'w'",
    "chr(77)", "lambda", ":", "eval", "exec", "__class__", "__globals__", "[0]", "=", "!", "#",
    "\\", "1e5", "9**9**9", "factorial", "diff", "Subs", "\u200b", "ｘ", "х", "\n", "{", "}",
]


def _assert_sound(verdict):
    assert isinstance(verdict, Verdict)
    assert verdict.status in STATUSES
    assert isinstance(verdict.message, str) and verdict.message
    assert "Traceback" not in verdict.message and "Error" not in verdict.message


def _parse_or_invalid(text, variables):
    try:
        parse(text, variables)
    except InvalidAnswer as exc:
        assert exc.message and isinstance(exc.code, str)


class _EmptyDirectory:
    """Run the body in a fresh directory and check that it is still empty afterwards."""

    def __enter__(self):
        self.previous = os.getcwd()
        self.folder = tempfile.TemporaryDirectory()
        os.chdir(self.folder.name)

    def __exit__(self, *exc):
        created = os.listdir(self.folder.name)
        os.chdir(self.previous)
        self.folder.cleanup()
        assert created == [], f"code ran: {created}"


@SETTINGS
@given(st.text(max_size=80))
def test_random_text_never_raises(text):
    with _EmptyDirectory():
        _assert_sound(check(text, "x*y", VARIABLES))
        _parse_or_invalid(text, VARIABLES)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_token_soup_never_raises_and_never_runs(text):
    with _EmptyDirectory():
        _assert_sound(check(text, "x*y", VARIABLES))
        _assert_sound(check(text, sympy.Matrix([[y, x]]), VARIABLES))
        _assert_sound(check(text, (2, 3)))
        _parse_or_invalid(text, VARIABLES)


# -- random expression trees ----------------------------------------------------------------
LEAVES = st.sampled_from([x, y, sympy.Integer(1), sympy.Integer(2), sympy.Integer(3),
                          sympy.Rational(1, 2)])
UNARY = [sympy.sin, sympy.cos, sympy.atan, lambda u: sympy.sqrt(u**2 + 1),
         lambda u: sympy.log(u**2 + 1), lambda u: -u]


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1])),
        st.tuples(children, children).map(lambda p: p[0] + p[1]),
        st.tuples(children, children).map(lambda p: p[0] - p[1]),
        st.tuples(children, children).map(lambda p: p[0] * p[1]),
        children.map(lambda c: c**2),
        st.sampled_from([x, y]).map(sympy.exp),
    )


TREES = st.recursive(LEAVES, _extend, max_leaves=6).filter(lambda e: e.free_symbols)

TREE_SETTINGS = settings(deadline=None, max_examples=40,
                         suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.filter_too_much])


def _usable(text):
    assume(len(text) < 600)
    return text


@TREE_SETTINGS
@given(TREES)
def test_trees_print_and_read_back_equal(expr):
    assert parse(_usable(to_text(expr)), VARIABLES) == expr


@TREE_SETTINGS
@given(TREES, st.integers(0, 1000))
def test_correct_rewrites_are_accepted(expr, seed):
    text = _usable(to_text(expr))
    rewrites = [
        text,
        f"({text}) + 0",
        f"cos(0)*({text})",
        f"({text}) + sin(x)^2 + cos(x)^2 - 1",
        to_text(sympy.expand(expr)),
        to_text(sympy.factor(expr)),
        to_text(sympy.expand_trig(expr)),
    ]
    for rewrite in rewrites:
        verdict = check(_usable(rewrite), expr, VARIABLES, seed=seed)
        assert verdict.status == "correct", (rewrite, verdict)


@TREE_SETTINGS
@given(TREES, st.integers(1, 9), st.integers(0, 1000))
def test_adding_a_constant_is_rejected(expr, k, seed):
    text = _usable(to_text(expr))
    verdict = check(f"{text} + {k}", expr, VARIABLES, seed=seed)
    assert verdict.status == "incorrect", verdict
    assert verdict.notes[0] == "constant" and f"({k})" in verdict.message


# -- functions applied without parentheses (issue 10) -----------------------------------------
BARE_VARIABLES = {"x": (-2, 2), "y": (-2, 2), "theta": (-2, 2)}
BARE_FUNCTIONS = ["sin", "cos", "tan", "exp", "log", "ln", "sqrt", "asinh", "atanh", "sign",
                  "cosec", "abs", "arcsin", "cosh"]  # not arctan: arctan2 is atan2
RUN_ITEMS = ["x", "y", "θ", "theta", "2", "3", "pi", "e", "xy", "x^2", "x²", "y^(1/2)", "2x",
             "x^-1", "θ^2^2"]
JUXTAPOSED = [*BARE_FUNCTIONS, *RUN_ITEMS, " ", " ", "+", "-", "*", "/", "(", ")", ",", "^", "²",
              "e^(", "e^", "max(", "min(", "atan2(", "[", "]", ";", "|", "√", "0", "sin^2 "]


@SETTINGS
@given(st.lists(st.sampled_from(JUXTAPOSED), min_size=1, max_size=14).map("".join))
def test_juxtaposed_function_applications_never_raise(text):
    """Random runs of functions, names, numbers and powers: parse raises only InvalidAnswer."""
    _parse_or_invalid(text, BARE_VARIABLES)
    _assert_sound(check(text, "sin(x) y", BARE_VARIABLES))


def _outcome(text):
    """The value read, or "invalid" (the messages may differ: 'sin2x2' vs 'sin(2x2)')."""
    try:
        return parse(text, BARE_VARIABLES)
    except InvalidAnswer:
        return "invalid"


@SETTINGS
@given(st.sampled_from(BARE_FUNCTIONS), st.sampled_from(["", " ", "  "]),
       st.lists(st.sampled_from(RUN_ITEMS), min_size=1, max_size=4), st.sampled_from(["", " "]),
       st.sampled_from(["", " + 1", " - y", " * y", "/2", ", 1"]))
def test_a_bare_argument_reads_like_the_same_run_in_parentheses(function, gap, items, joint,
                                                                 tail):
    """'f a b^2 + 1' is read as 'f(a b^2) + 1': the argument is the juxtaposed run."""
    run = joint.join(items)
    assert _outcome(f"{function}{gap}{run}{tail}") == _outcome(f"{function}({run}){tail}")
