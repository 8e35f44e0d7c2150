"""Stage 5: ``ast.parse`` the placeholder source and whitelist the tree.

Only these nodes may appear: numbers and names are placeholders for vetted atoms, calls must call
a function atom with positional arguments, and the only operators are + - * / ** and unary +/-.
Node count and depth are bounded. No attribute, subscript, lambda, comprehension, comparison or
literal of any kind can pass, whatever the earlier stages let through.
"""

from __future__ import annotations

import ast

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.limits import LIMITS, Limits
from vcbook.answers.syntax import Program

ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.List, ast.Tuple, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd,
)


def _too_complex() -> InvalidAnswer:
    return InvalidAnswer("Your answer is too long or complicated to check. Try simplifying it.",
                         code="too-complex")


def parse_program(program: Program, limits: Limits = LIMITS) -> ast.Expression:
    """The whitelisted syntax tree of ``program``; raises InvalidAnswer otherwise."""
    try:
        tree = ast.parse(program.source, mode="eval")
    except SyntaxError as exc:  # the syntax stage should have caught it: answer generically
        column = program.column((exc.offset or 1) - 1)
        raise InvalidAnswer(f"I could not read your answer near column {column}.",
                            code="syntax", column=column) from None
    except (RecursionError, MemoryError, ValueError):
        raise _too_complex() from None
    check_tree(tree, program, limits)
    return tree


def check_tree(tree: ast.AST, program: Program, limits: Limits = LIMITS) -> None:
    """Raise InvalidAnswer unless every node is whitelisted and the tree is small enough."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > limits.max_nodes or depth > limits.max_depth:
            raise _too_complex()
        if not isinstance(node, ALLOWED_NODES):
            raise InvalidAnswer("I could not read your answer.", code="syntax")
        if isinstance(node, ast.Name) and node.id not in program.atoms:
            raise InvalidAnswer("I could not read your answer.", code="syntax")
        if isinstance(node, ast.Call):
            if node.keywords or not isinstance(node.func, ast.Name) or \
                    program.atoms.get(node.func.id, None) is None or \
                    program.atoms[node.func.id].kind != "func":
                raise InvalidAnswer("I could not read your answer.", code="syntax")
            children = list(node.args)
        else:
            children = list(ast.iter_child_nodes(node))
        stack.extend((child, depth + 1) for child in children)
