"""Stage 5 (vcbook.answers.whitelist): ast.parse + whitelist + size limits."""

import ast

import pytest

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.limits import Limits
from vcbook.answers.syntax import Atom, Program
from vcbook.answers.whitelist import ALLOWED_NODES, check_tree, parse_program


def prog(source, atoms):
    return Program(source, {name: Atom(kind, value, 1) for name, (kind, value) in atoms.items()},
                   [(0, 1)])


X = {"_0": ("var", "x"), "_1": ("num", "2"), "_2": ("func", "sin")}


def test_a_whitelisted_tree_passes():
    tree = parse_program(prog("_2 ( _0 ) * _1 + [ _0 , - _1 ]", X))
    assert isinstance(tree, ast.Expression)
    assert {type(n) for n in ast.walk(tree)} <= set(ALLOWED_NODES)


@pytest.mark.parametrize(
    "source",
    [
        "_0 . real",  # attribute
        "_0 [ 0 ]",  # subscript and a literal
        "lambda : _0",
        "[ _0 for _0 in _0 ]",
        "_0 if _0 else _1",
        "_0 == _1",
        "'x'",
        "1",  # literals never come from the syntax stage
        "_0 ( _1 )",  # calling something that is not a function atom
        "_2 ( x = _0 )",  # keyword arguments
        "_2 ( * _0 )",
        "__import__",  # a name that is not a placeholder
        "_0 % _1",
        "_0 @ _1",
        "{ _0 }",
    ],
)
def test_anything_else_is_refused(source):
    with pytest.raises(InvalidAnswer):
        parse_program(prog(source, X))


def test_syntax_errors_become_invalid_answers():
    with pytest.raises(InvalidAnswer) as info:
        parse_program(prog("_0 +", X))
    assert info.value.code == "syntax"


def test_node_and_depth_limits():
    wide = " + ".join(["_0"] * 40)
    with pytest.raises(InvalidAnswer, match="too long or complicated"):
        parse_program(prog(wide, X), Limits(max_nodes=50))
    deep = "- " * 30 + "_0"
    with pytest.raises(InvalidAnswer, match="too long or complicated"):
        parse_program(prog(deep, X), Limits(max_depth=20))
    tree = ast.parse(deep, mode="eval")
    check_tree(tree, prog(deep, X), Limits(max_depth=40))  # within the limit: no error
