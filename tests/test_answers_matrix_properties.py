"""Property tests (hypothesis) of matrix notation.

- random well-shaped expressions (with the all-ones vector ``ones`` among the leaves) print and
  read back to the same tree;
- each is accepted against itself rewritten (transposes distributed: (AB)ᵀ -> BᵀAᵀ, sums
  reordered, a - b -> -b + a) and rejected against a perturbed copy (a term added);
- random token soups, with injection fragments, never make ``check`` raise and never run code.
"""

import functools
import os
import tempfile
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcbook.answers.matrix import check, parse
from vcbook.answers.matrix.render import text
from vcbook.answers.matrix.tree import (
    Binary,
    Call,
    Name,
    Negate,
    Node,
    Number,
    Ones,
    Postfix,
    Sized,
)
from vcbook.answers.verdict import STATUSES

VARIABLES = {"x": "n", "y": "n", "z": "m", "A": "n×n", "B": "n×n", "C": "m×n", "s": (0.5, 2)}
SETTINGS = settings(deadline=None, max_examples=120,
                    suppress_health_check=[HealthCheck.too_slow])


def T(node):  # noqa: N802 - the transpose
    return Postfix("T", node)


x, y, z, A, B, C, s = (Name(n) for n in ("x", "y", "z", "A", "B", "C", "s"))
LEAVES = {
    ("1", "1"): [s, Number("2"), Number("0.5"), Binary("*", T(x), y)],
    ("n", "1"): [x, y, Ones()],
    ("1", "n"): [T(x), T(y), T(Ones())],
    ("m", "1"): [z, Ones()],
    ("1", "m"): [T(z)],
    ("n", "n"): [A, B, Postfix("-1", A)],
    ("m", "n"): [C],
    ("n", "m"): [T(C)],
    ("m", "m"): [Binary("*", z, T(z))],
}
DIMS = ("1", "n", "m")


@functools.cache
def expressions(shape, depth):
    leaves = st.sampled_from(LEAVES[shape])
    if depth == 0:
        return leaves
    rows, cols = shape

    def sub(inner):
        return expressions(inner, depth - 1)

    return st.one_of(
        leaves,
        st.builds(lambda a, b, op: Binary(op, a, b), sub(shape), sub(shape),
                  st.sampled_from("+-")),
        st.builds(Negate, sub(shape)),
        st.builds(T, sub((cols, rows))),
        st.builds(lambda k, a: Binary("*", k, a), sub(("1", "1")), sub(shape)),
        st.sampled_from(DIMS).flatmap(lambda k: st.builds(
            lambda a, b: Binary("*", a, b), sub((rows, k)), sub((k, cols)))),
        st.builds(lambda a: Call("tanh", a), sub(shape)),
        st.builds(lambda a, b: Binary("⊙", a, b), sub(shape), sub(shape)),
    )


SHAPED = st.sampled_from(sorted(LEAVES)).flatmap(
    lambda shape: st.tuples(st.just(shape), expressions(shape, 3)))


def transposed(node):
    """The transpose of ``node``, pushed down to the leaves."""
    if isinstance(node, Postfix) and node.op == "T":
        return rewritten(node.arg)
    if isinstance(node, Postfix) and node.op == "-1":
        return Postfix("-T", node.arg)
    if isinstance(node, Binary) and node.op == "*":
        return Binary("*", transposed(node.right), transposed(node.left))
    if isinstance(node, Binary):
        return Binary(node.op, transposed(node.left), transposed(node.right))
    if isinstance(node, Negate):
        return Negate(transposed(node.arg))
    if isinstance(node, Call):
        return Call(node.function, transposed(node.arg))
    if isinstance(node, Number) or node == s:
        return node
    return T(node)


def rewritten(node):
    """An equal tree: transposes distributed, sums reordered (a - b -> -b + a)."""
    if isinstance(node, Postfix) and node.op == "T":
        return transposed(node.arg)
    if isinstance(node, Binary) and node.op == "+":
        return Binary("+", rewritten(node.right), rewritten(node.left))
    if isinstance(node, Binary) and node.op == "-":
        return Binary("+", Negate(rewritten(node.right)), rewritten(node.left))
    if isinstance(node, Binary):
        return Binary(node.op, rewritten(node.left), rewritten(node.right))
    if isinstance(node, Negate):
        return Negate(rewritten(node.arg))
    if isinstance(node, Call):
        return Call(node.function, rewritten(node.arg))
    return node


def numbered_alike(node):
    """``node`` with every I and ones numbered 0 (the reader numbers them as typed)."""
    if isinstance(node, Sized):
        return type(node)(0)
    children = {k: numbered_alike(v) for k, v in vars(node).items() if isinstance(v, Node)}
    return replace(node, **children) if children else node


@SETTINGS
@given(SHAPED)
def test_random_expressions_read_back_to_the_same_tree(shaped):
    _, tree = shaped
    assert numbered_alike(parse(text(tree), VARIABLES).tree) == tree


@SETTINGS
@given(SHAPED, st.integers(0, 3))
def test_rewrites_are_accepted_and_perturbed_copies_rejected(shaped, seed):
    shape, tree = shaped
    expected = text(tree)
    same = text(rewritten(tree))
    verdict = check(same, expected, VARIABLES, seed=seed)
    assert verdict.status == "correct", (expected, same, verdict)
    leaf = text(LEAVES[shape][0])
    perturbed = check(f"({expected}) + {leaf}", expected, VARIABLES, seed=seed)
    assert perturbed.status == "incorrect", (expected, leaf, perturbed)


FRAGMENTS = [
    "x", "A", "C", "z", "s", "I", "ones", "𝟙", "2", "0", "9", "0.5", ".", ".*", "⊙", "./", "⊘",
    "ᵀ", "⁻¹", "⁻ᵀ", "'", "^T", "^-1", "^", "**", "*", "+", "-", "/", "(", ")", "|", "||", "‖",
    "[", "]", ",", ";",
    " ", "tr", "det", "logdet", "inv", "diag", "sum", "norm", "exp", "log", "sqrt", "sigmoid",
    "tanh",
    "xT", "Ax", "__import__", "'os'", "\"", "system", "open", "'MARKER'", "chr(77)", "lambda",
    ":", "eval", "__class__", "__globals__", "=", "!", "#", "\\", "1e5", "9**9**9", "diff",
    "\u200b", "ｘ", "х", "{", "}", "²",
]


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25))
def test_token_soups_never_raise_and_never_run_code(pieces):
    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            verdict = check("".join(pieces), "x^T (A + A^T)", VARIABLES)
            created = os.listdir(folder)
        finally:
            os.chdir(previous)
    assert verdict.status in STATUSES and verdict.message
    assert "Traceback" not in verdict.message and verdict.notes != ("internal-error",)
    assert created == []


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_gets_a_verdict(typed):
    verdict = check(typed, "C x", VARIABLES)
    assert verdict.status in STATUSES and verdict.notes != ("internal-error",)
