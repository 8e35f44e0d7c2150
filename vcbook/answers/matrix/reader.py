"""Reading matrix notation: tokens -> tree by precedence climbing; ``read``.

Grammar, loosest first (products and quotients of every kind share one level and group left to
right, as in MATLAB, so ``a / b c`` is (a/b)·c, ``A B ⊙ C`` is (AB) ⊙ C and ``A x ./ y`` is
(Ax) ⊘ y):

    sum      := term (("+" | "-") term)*
    term     := unary (("*" | "/" | "⊙" | "⊘") unary | postfix)*   juxtaposition: A x, 2 x^T A
    unary    := ("-" | "+")* postfix
    postfix  := atom ("'" | "^" exponent)*
    exponent := T | -T | -1 | (T) | (-T) | (-1) | ["-" | "+"] atom ["^" exponent]
    atom     := number | name | I | ones | pi | e | f "(" sum ")" | f |..| | "(" sum ")"
              | |sum| | ‖sum‖

A function needs its argument in parentheses (``tr(X)``; ``log|det(X)|`` also works). Guards
(``answers/limits.py``): length, tokens, nesting, signs, tree depth, exponents (|k| <= 100,
checked on constant exponents before anything is computed); then ``guards`` refuses division by
zero (``/`` or ``⊘``) and undefined constants. Shapes are checked later (``infer``,
``expr.parse``). Nothing a student types is evaluated as code: the tree is built by this parser
and only ever evaluated by ``evaluate`` (NumPy on sampled values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import Token
from vcbook.answers.limits import LIMITS, Limits, check_typed
from vcbook.answers.matrix import render
from vcbook.answers.matrix.declare import Declarations
from vcbook.answers.matrix.evaluate import constant_value
from vcbook.answers.matrix.guards import guard_constants
from vcbook.answers.matrix.tokens import (
    BAR,
    COMMA,
    CONST,
    FUNC,
    IDENT,
    LPAREN,
    NORM,
    NUM,
    ONES_KIND,
    OP,
    RPAREN,
    TEE,
    TICK,
    VAR,
    lex_matrix,
    normalise_matrix,
    resolve_names,
)
from vcbook.answers.matrix.tree import (
    PRODUCT_OPS,
    Binary,
    Call,
    Constant,
    Identity,
    Name,
    Negate,
    Node,
    Number,
    Ones,
    Postfix,
    Power,
    depth,
)
from vcbook.answers.normalise import Normalised

OPENERS = {LPAREN: RPAREN, BAR: BAR, NORM: NORM}
GROUP_WORDS = {LPAREN: "'('", BAR: "absolute-value bar '|'", NORM: "norm bar '‖'"}
OPERAND_START = frozenset({VAR, CONST, IDENT, ONES_KIND, FUNC, LPAREN})
POSTFIX_GROUPS = {("T",): "T", ("-", "T"): "-T", ("-", "1"): "-1"}


def _too_complex() -> InvalidAnswer:
    return InvalidAnswer("Your answer is too long or complicated to check. Try simplifying it.",
                         code="too-complex")


class _Parser:
    """Recursive descent over the tokens; every refusal names a column and what to type."""

    def __init__(self, tokens: list[Token], norm: Normalised, limits: Limits):
        self.tokens, self.norm, self.limits = tokens, norm, limits
        self.pos = 0
        self.groups: list[str] = []
        self.sized = 0  # the I's and ones read so far (one numbering)
        self.levels = 0

    # -- helpers ----------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def span(self, first: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[self.pos - 1].end

    def column(self, token: Token | None) -> int:
        return self.norm.column(token.start) if token else len(self.norm.typed) + 1

    def shown(self, token: Token) -> str:
        return self.norm.typed_span(token.start, token.end) or token.text

    def fail(self, message: str, code: str, token: Token | None) -> InvalidAnswer:
        column = self.column(token)
        return InvalidAnswer(message.format(column=column), code=code, column=column)

    def closes(self, token: Token) -> bool:
        return token.kind in (BAR, NORM) and bool(self.groups) and self.groups[-1] == token.kind

    def starts_operand(self, token: Token | None) -> bool:
        if token is None:
            return False
        return token.kind in OPERAND_START or (token.kind in (BAR, NORM) and
                                               not self.closes(token))

    def deeper(self) -> None:
        self.levels += 1
        if self.levels > self.limits.max_depth:
            raise _too_complex()

    # -- grammar ----------------------------------------------------------------------------
    def parse(self) -> Node:
        node = self.sum()
        token = self.peek()
        if token is not None:
            raise self.unexpected(token)
        return node

    def unexpected(self, token: Token) -> InvalidAnswer:
        if token.kind == RPAREN:
            return self.fail("There is a ')' at column {column} with no matching '(' before it.",
                             "brackets", token)
        if token.kind == COMMA:
            return self.fail("Type a single expression: matrix notation has no lists, so the "
                             "comma at column {column} cannot be read.", "tuple", token)
        return self.fail(f"I could not read your answer at column {{column}} ('{self.shown(token)}"
                         f"').", "syntax", token)

    def sum(self) -> Node:
        first = self.pos
        node = self.term()
        while (token := self.peek()) is not None and token.kind == OP and token.text in "+-":
            self.take()
            self.need_operand(token)
            node = Binary(token.text, node, self.term(), span=self.span(first))
        return node

    def need_operand(self, after: Token) -> None:
        token = self.peek()
        if token is None:
            raise self.fail(f"Your answer ends with '{self.shown(after)}': something is missing "
                            f"after it (column {{column}}).", "syntax", after)
        if token.kind == OP and token.text not in "+-" or token.kind in (RPAREN, COMMA, TICK) \
                or self.closes(token):
            raise self.fail(f"Something is missing between '{self.shown(after)}' and "
                            f"'{self.shown(token)}' (column {{column}}).", "syntax", token)

    def term(self) -> Node:
        first = self.pos
        node = self.unary()
        while (token := self.peek()) is not None:
            if token.kind == OP and token.text in PRODUCT_OPS:
                self.take()
                self.need_operand(token)
                right = self.unary()
                node = Binary(token.text, node, right, span=self.span(first))
            elif self.starts_operand(token):
                node = Binary("*", node, self.postfix(), span=self.span(first))
            elif token.kind == NUM:
                raise self.number_after(node, token)
            else:
                break
        return node

    def number_after(self, node: Node, token: Token) -> InvalidAnswer:
        if isinstance(node, Number):
            return self.fail("Two numbers are next to each other at column {column}: write a "
                             "product with * (2*3) or join the digits.", "adjacent-numbers",
                             token)
        return self.fail(f"A number follows an expression at column {{column}}: write the number "
                         f"first ({self.shown(token)} {render.text(node)}), or use * or ^.",
                         "number-after", token)

    def unary(self) -> Node:
        first, signs = self.pos, []
        while (token := self.peek()) is not None and token.kind == OP and token.text in "+-":
            signs.append(self.take())
            if len(signs) > self.limits.max_signs:
                raise self.fail("Too many signs in a row at column {column}.", "signs", token)
            self.need_operand(token)
        node = self.postfix()
        for sign in reversed(signs):
            if sign.text == "-":
                node = Negate(node, span=(sign.start, self.span(first)[1]))
        return node

    def postfix(self) -> Node:
        first = self.pos
        node = self.atom()
        while (token := self.peek()) is not None:
            if token.kind == TICK:
                self.take()
                node = Postfix("T", node, span=self.span(first))
            elif token.kind == OP and token.text == "^":
                self.take()
                node = self.exponent(node, token, first)
            else:
                break
        return node

    def postfix_pattern(self, offset: int = 0) -> tuple[str, int] | None:
        """(op, tokens) if T, -T or -1, bare or in parentheses, starts ``offset`` tokens on."""
        texts = []
        for ahead in range(offset, offset + 5):
            token = self.peek(ahead)
            texts.append(None if token is None else token.text)
        for group, op in POSTFIX_GROUPS.items():
            size = len(group)
            if tuple(texts[:size]) == group and (size > 1 or self.peek(offset).kind == TEE):
                return op, size
            if texts[0] == "(" and tuple(texts[1:1 + size]) == group and \
                    texts[1 + size:2 + size] == [")"]:
                return op, size + 2
        return None

    def exponent(self, base: Node, caret: Token, first: int) -> Node:
        """After ^: a transpose or inverse (T, -T, -1), or a scalar exponent. A transpose or
        inverse after a power applies to the power: X^2^T is (X^2)^T."""
        if self.peek() is None:
            raise self.fail(f"Your answer ends with '{self.shown(caret)}': type the exponent "
                            f"after it (column {{column}}).", "syntax", caret)
        pattern = self.postfix_pattern()
        if pattern is not None:
            self.pos += pattern[1]
            return Postfix(pattern[0], base, span=self.span(first))
        self.deeper()
        sign = self.peek()
        negative = sign.kind == OP and sign.text in "+-"
        if negative:
            self.take()
            self.need_operand(sign)
            negative = sign.text == "-"
        self.need_exponent()
        exponent = self.exponent_operand()
        if negative:
            exponent = Negate(exponent, span=(sign.start, exponent.span[1]))
        self.levels -= 1
        self.guard_exponent(exponent, caret)
        return Power(base, exponent, span=self.span(first))

    def exponent_operand(self) -> Node:
        """An atom, with its own exponent (a^b^c is a^(b^c)), but no transpose."""
        first = self.pos
        node = self.atom()
        token = self.peek()
        if token is not None and token.kind == OP and token.text == "^" and \
                self.postfix_pattern(1) is None:
            self.take()
            node = self.exponent(node, token, first)
        return node

    def need_exponent(self) -> None:
        token = self.peek()
        if token is None or not (self.starts_operand(token) or token.kind == NUM):
            raise self.fail("I could not read the exponent at column {column}: write a number, "
                            "a name or a group in parentheses after ^ (T for a transpose).",
                            "syntax", token)

    def guard_exponent(self, exponent: Node, caret: Token) -> None:
        value = constant_value(exponent)
        if value is None:
            return
        if not np.isfinite(value) or abs(value) > self.limits.max_exponent:
            shown = f"{value:.0f}" if np.isfinite(value) and value.is_integer() else "here"
            raise self.fail(f"The exponent {shown} at column {{column}} is too large (the limit "
                            f"is {self.limits.max_exponent}).", "exponent", caret)

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.fail("Your answer is incomplete at column {column}.", "syntax", None)
        kind = token.kind
        if kind == NUM:
            self.take()
            return Number(token.text, span=(token.start, token.end))
        if kind in (VAR, CONST, IDENT, ONES_KIND):
            self.take()
            span = (token.start, token.end)
            if kind == VAR:
                return Name(token.text, span=span)
            if kind == CONST:
                return Constant(token.text, span=span)
            self.sized += 1
            return (Identity if kind == IDENT else Ones)(self.sized, span=span)
        if kind == FUNC:
            return self.call()
        if kind in OPENERS:
            first = self.pos
            inner = self.group()
            if kind == LPAREN:
                return inner
            function = "abs" if kind == BAR else "norm"
            return Call(function, inner, written="bars" if kind == BAR else "norm-bars",
                        span=self.span(first))
        if kind == TICK:
            raise self.fail("A transpose ' needs something before it (column {column}).",
                            "syntax", token)
        raise self.unexpected(token) if kind in (RPAREN, COMMA) else \
            self.fail(f"I could not read your answer at column {{column}}: '{self.shown(token)}' "
                      f"needs something before it.", "syntax", token)

    def group(self) -> Node:
        opener = self.take()
        kind = opener.kind
        self.groups.append(kind)
        if len(self.groups) > self.limits.max_nesting:
            raise self.fail(f"Your answer has too many nested parentheses (more than "
                            f"{self.limits.max_nesting} levels, at column {{column}}).",
                            "too-deep", opener)
        token = self.peek()
        if token is not None and (token.kind == RPAREN and kind == LPAREN or self.closes(token)):
            raise self.fail("There is nothing inside the brackets at column {column}.",
                            "empty-group", opener)
        self.deeper()
        inner = self.sum()
        self.levels -= 1
        closer = self.peek()
        code = "brackets" if kind == LPAREN else "bars"
        if closer is None:
            raise self.fail(f"The {GROUP_WORDS[kind]} at column {{column}} is never closed.",
                            code, opener)
        if closer.kind != OPENERS[kind]:
            if closer.kind == COMMA:
                raise self.fail("Each function takes one argument, and matrix notation has no "
                                "lists: the comma at column {column} cannot be read.", "tuple",
                                closer)
            if closer.kind in OPENERS.values():
                raise self.fail(f"The {GROUP_WORDS[kind]} at column "
                                f"{self.column(opener)} is closed by '{self.shown(closer)}' at "
                                f"column {{column}}: the pairs must match.", code, closer)
            raise self.unexpected(closer)
        self.take()
        self.groups.pop()
        return inner

    def call(self) -> Node:
        first = self.pos
        function = self.take()
        name = self.shown(function)
        token = self.peek()
        if token is not None and (token.kind == LPAREN or self.starts_operand(token) and
                                  token.kind in (BAR, NORM)):
            opener = token.kind
            arg = self.group()
            if opener != LPAREN:
                arg = Call("abs" if opener == BAR else "norm", arg, span=self.span(first + 1),
                           written="bars" if opener == BAR else "norm-bars")
            return Call(function.text, arg, span=self.span(first))
        if token is not None and token.kind == OP and token.text == "^":
            power = []
            for ahead in range(1, 4):
                later = self.peek(ahead)
                if later is None or later.kind == LPAREN:
                    break
                power.append(self.shown(later))
            power = "".join(power) or "2"
            raise self.fail(f"Write the power after the argument: {name}(X)^{power}, not "
                            f"{name}^{power}(X) (column {{column}}).", "function-power", function)
        argument = self.shown(token) if token is not None and token.kind in (
            VAR, CONST, IDENT, ONES_KIND, NUM) else "X"
        raise self.fail(f"Put the argument of {name} in parentheses: {name}({argument}) (column "
                        f"{{column}}).", "function-syntax", function)


# -- reading --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """A read answer: its tree, the typed text normalised, how names were split."""

    tree: Node
    norm: Normalised
    readings: tuple[str, ...] = ()


def read(text, declarations: Declarations, limits: Limits = LIMITS) -> Reading:
    """Typed matrix notation -> ``Reading``; raises InvalidAnswer (shapes are not checked)."""
    check_typed(text, limits)
    norm = normalise_matrix(text)
    if not norm.text.strip():
        raise InvalidAnswer("Your answer is empty.", code="empty")
    if len(norm.text) > limits.max_chars:
        raise InvalidAnswer(f"Your answer is too long to check (more than {limits.max_chars} "
                            f"characters). Try simplifying it.", code="too-long")
    tokens = lex_matrix(norm, frozenset(declarations.names), limits)
    tokens, readings = resolve_names(tokens, norm, declarations)
    try:
        tree = _Parser(tokens, norm, limits).parse()
    except RecursionError:
        raise _too_complex() from None
    if depth(tree) > limits.max_depth:
        raise _too_complex()
    guard_constants(tree, norm)
    return Reading(tree, norm, tuple(dict.fromkeys(readings)))
