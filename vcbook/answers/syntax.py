"""Stage 4: check the order of tokens and write the Python source that ``ast.parse`` will read.

This stage matches parentheses, brackets and absolute-value bars (``|x|`` -> ``abs(x)``), bounds
nesting, gives a function typed without parentheses its argument (``sin x y`` -> ``sin(x y)``, see
``apply_bare_functions``), inserts implicit products (``2x``, ``2 sin(t)``, ``(a)(b)``), rewrites
rows (``[a, b; c, d]`` -> ``[[a, b], [c, d]]``) and gives a precise message for every malformed
sequence (``x**``, ``*x``, ``2 3``, ``sin^2(x)``, ``cos2(x)``, ``x; y``). Names and numbers are
emitted as placeholders (``_0``, ``_1``, ...) that refer to a table of vetted atoms, so the
source handed to ``ast.parse`` contains nothing a student typed verbatim.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.lex import (
    BAR,
    COMMA,
    LBRACK,
    LPAREN,
    NUM,
    OP,
    RADICAL,
    RBRACK,
    RPAREN,
    SEMI,
    Token,
)
from vcbook.answers.limits import LIMITS, Limits
from vcbook.answers.names import CONST, FUNC, VAR
from vcbook.answers.normalise import Normalised

ATOMS = frozenset({NUM, VAR, CONST})
OPERAND_START = ATOMS | {FUNC, LPAREN, LBRACK, RADICAL}
OPERAND_END = ATOMS | {RPAREN, RBRACK}
CLOSERS = {RPAREN: LPAREN, RBRACK: LBRACK}
INVERSE_HINTS = {"sin": "asin", "cos": "acos", "tan": "atan"}


@dataclass(frozen=True)
class Atom:
    """A vetted leaf: kind in {num, var, const, func}, its canonical value, its typed column."""

    kind: str
    value: str
    column: int


@dataclass
class Program:
    """Python source over placeholders, the atom table and what to tell the student."""

    source: str
    atoms: dict[str, Atom]
    offsets: list[tuple[int, int]]
    readings: list[str] = field(default_factory=list)
    spaced_product_in_brackets: bool = False

    def column(self, offset: int) -> int:
        """Typed column of the source character at ``offset``."""
        starts = [start for start, _ in self.offsets]
        k = max(bisect.bisect_right(starts, offset) - 1, 0)
        return self.offsets[k][1] if self.offsets else 1


def _fail(message: str, code: str, column: int) -> InvalidAnswer:
    return InvalidAnswer(message, code=code, column=column)


def match_brackets(tokens: list[Token], norm: Normalised, limits: Limits = LIMITS) -> list[Token]:
    """Check ( ) [ ] | pairing and nesting depth; rewrite bars as ``abs(`` ... ``)``."""
    out: list[Token] = []
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind == BAR:
            after_operand = bool(out) and out[-1].kind in OPERAND_END
            if after_operand and stack and stack[-1].kind == BAR:
                stack.pop()
                out.append(Token(RPAREN, ")", tok.start, tok.end, tok.spaced))
                continue
            stack.append(tok)
            out.append(Token(FUNC, "abs", tok.start, tok.start, tok.spaced))
            out.append(Token(LPAREN, "(", tok.start, tok.end))
        elif tok.kind in (LPAREN, LBRACK):
            stack.append(tok)
            out.append(tok)
        elif tok.kind in CLOSERS:
            column = norm.column(tok.start)
            if not stack:
                raise _fail(f"There is a '{tok.text}' at column {column} with no matching "
                            f"'{CLOSERS[tok.kind]}' before it.", "brackets", column)
            opener = stack.pop()
            if opener.kind == BAR:
                raise _fail(f"The absolute-value bar '|' at column {norm.column(opener.start)} "
                            f"is not closed before the '{tok.text}' at column {column}.",
                            "bars", column)
            if opener.kind != CLOSERS[tok.kind]:
                raise _fail(f"The '{opener.text}' at column {norm.column(opener.start)} is closed "
                            f"by '{tok.text}' at column {column}: the pairs must match.",
                            "brackets", column)
            out.append(tok)
        else:
            out.append(tok)
        if len(stack) > limits.max_nesting:
            column = norm.column(tok.start)
            raise _fail(f"Your answer has too many nested parentheses (more than "
                        f"{limits.max_nesting} levels, at column {column}).", "too-deep", column)
    if stack:
        opener = stack[-1]
        column = norm.column(opener.start)
        what = "absolute-value bar '|'" if opener.kind == BAR else f"'{opener.text}'"
        raise _fail(f"The {what} at column {column} is never closed.",
                    "bars" if opener.kind == BAR else "brackets", column)
    return out


# -- functions applied without parentheses ---------------------------------------------------
# As prompts print them: the argument of 'sin x y' is the juxtaposed run of numbers, names,
# |...| and powers after the function, up to the next + - * / ) , ; or ], another function
# (e^ counts as one: it is exp) or the end. So sin x y = sin(x·y), sin 2x + 1 = sin(2x) + 1,
# r²cos2θ = r²·cos(2θ), sin x/y = sin(x)/y, cosθ e^(r cosθ) = cos(θ)·e^(r cos θ). A group
# glued to the run is refused as ambiguous (cos2(x), sin x(y+1)). Each reading is said.
DEPTH = {LPAREN: 1, LBRACK: 1, RPAREN: -1, RBRACK: -1}
STOPS_NOTE = "without parentheses, a function's argument stops at * and /"


def _is_exp_power(tokens: list[Token], k: int) -> bool:
    """``e^...``: exp, which ends an argument like any other function."""
    return tokens[k].kind == CONST and tokens[k].text == "e" and k + 1 < len(tokens) and \
        tokens[k + 1].kind == OP and tokens[k + 1].text == "^"


def _is_bars(tokens: list[Token], k: int) -> bool:
    """``|...|``, which ``match_brackets`` wrote as a zero-width abs and a '('."""
    return tokens[k].kind == FUNC and tokens[k].start == tokens[k].end


def _starts_item(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and (tokens[k].kind in ATOMS and not _is_exp_power(tokens, k) or
                                _is_bars(tokens, k))


def _group_end(tokens: list[Token], k: int) -> int:
    """Index after the group opened at ``tokens[k]`` (brackets are already matched)."""
    depth = 0
    for n in range(k, len(tokens)):
        depth += DEPTH.get(tokens[n].kind, 0)
        if depth == 0:
            return n + 1
    return len(tokens)


def _exponent_end(tokens: list[Token], k: int) -> int | None:
    """Index after an exponent at ``tokens[k]``: signs, then a number or name, a group or a
    call; None if there is none (the walker then explains what is missing)."""
    while k < len(tokens) and tokens[k].kind == OP and tokens[k].text in "+-":
        k += 1
    if k < len(tokens) and tokens[k].kind in ATOMS:
        return k + 1
    if k < len(tokens) and tokens[k].kind == LPAREN:
        return _group_end(tokens, k)
    if k + 1 < len(tokens) and tokens[k].kind == FUNC and tokens[k + 1].kind == LPAREN:
        return _group_end(tokens, k + 1)
    return None


def _item_end(tokens: list[Token], k: int) -> int:
    """Index after the item at ``k``: a number, name or ``|...|`` with its powers (``x^2``,
    ``x^(a+1)``)."""
    k = _group_end(tokens, k + 1) if _is_bars(tokens, k) else k + 1
    while k < len(tokens) and tokens[k].kind == OP and tokens[k].text == "^":
        end = _exponent_end(tokens, k + 1)
        if end is None:
            break
        k = end
    return k


def _run(tokens: list[Token], k: int) -> list[tuple[int, int]]:
    """The items (start, end) of the juxtaposed run starting at ``tokens[k]``."""
    items = []
    while _starts_item(tokens, k):
        items.append((k, _item_end(tokens, k)))
        k = items[-1][1]
    return items


def _operand_end(tokens: list[Token], k: int) -> int | None:
    """Index after a simple operand at ``k`` (an item, a group, a function and its argument)."""
    if _starts_item(tokens, k):
        return _item_end(tokens, k)
    if k < len(tokens) and tokens[k].kind == LPAREN:
        return _group_end(tokens, k)
    if k + 1 < len(tokens) and tokens[k].kind == FUNC:
        if tokens[k + 1].kind == LPAREN:
            return _group_end(tokens, k + 1)
        return _run(tokens, k + 1)[-1][1] if _starts_item(tokens, k + 1) else None
    return None


class _BareFunctions:
    """Finds each function typed without parentheses, its run, and what to say about it."""

    def __init__(self, tokens: list[Token], norm: Normalised):
        self.tokens, self.norm = tokens, norm

    def span(self, first: int, last: int) -> str:
        """The typed text of ``tokens[first:last]``."""
        return self.norm.typed_span(self.tokens[first].start, self.tokens[last - 1].end).strip()

    def glued(self, a: int, b: int) -> bool:
        """No space was typed between ``tokens[a]`` and ``tokens[b]``."""
        origin = self.norm.origin
        gap = self.norm.typed[origin[self.tokens[a].end - 1] + 1:origin[self.tokens[b].start]]
        return not any(c.isspace() for c in gap)

    def argument(self, items: list[tuple[int, int]]) -> str:
        """The run as read: 'x·y', '2θ', 'x²·y' (a product dot except after a plain number)."""
        text = ""
        for n, (first, last) in enumerate(items):
            previous = items[n - 1] if n else None
            plain_number = previous and previous[1] - previous[0] == 1 and \
                self.tokens[previous[0]].kind == NUM
            text += ("" if n == 0 or plain_number else "·") + self.span(first, last)
        return text

    def refuse_glued_group(self, i: int, items: list[tuple[int, int]]) -> None:
        """'cos2(x)', 'sin x(y+1)': a group glued to the run; refuse with both readings."""
        end, tokens = items[-1][1], self.tokens
        if end >= len(tokens) or tokens[end].kind != LPAREN or not self.glued(end - 1, end):
            return
        name, column = self.span(i, i + 1), self.norm.column(tokens[i].start)
        run, group = self.span(i + 1, end), self.span(end, _group_end(tokens, end))
        if end == i + 2 and tokens[i + 1].kind == NUM and self.glued(i, i + 1):
            inner = group[1:-1].strip()
            argument = f"{run}{inner}" if inner.isalnum() else f"{run}({inner})"
            advice = f"write {name}({inner})/{name}({run}) for a logarithm to base {run}, or " \
                     f"{name}({argument})" if tokens[i].text == "log" else \
                     f"write {name}({argument}) or {name}({inner})^{run}"
            message = f"'{name}{run}{group}' (column {column}) is ambiguous: {advice}."
        else:
            message = (f"Put the argument of {name} in parentheses (column {column}): "
                       f"{name}({run}{group}), or {name}({run})*{group} if only {run} is its "
                       f"argument.")
        raise _fail(message, "function-syntax", column)

    def reading(self, i: int, items: list[tuple[int, int]]) -> str:
        """'I read 'sin x y' as sin(x·y).', with the rule when the run stops at * or /."""
        end, tokens = items[-1][1], self.tokens
        name, read = self.span(i, i + 1), f"{self.span(i, i + 1)}({self.argument(items)})"
        after = tokens[end] if end < len(tokens) else None
        if after is not None and after.kind == OP and after.text in "*/":
            stop = _operand_end(tokens, end + 1)
            if stop is not None:
                sign = "·" if after.text == "*" else "/"
                return (f"I read '{self.span(i, stop)}' as {read}{sign}"
                        f"{self.span(end + 1, stop)} ({STOPS_NOTE}); write "
                        f"{name}({self.span(i + 1, stop)}) if you meant that.")
        return f"I read '{self.span(i, end)}' as {read}."


def apply_bare_functions(tokens: list[Token], norm: Normalised) -> tuple[list[Token], list[str]]:
    """Put parentheses (zero-width tokens) around the argument of each function typed without
    them (see above); also return the readings to report. ``tokens``: brackets matched."""
    bare = _BareFunctions(tokens, norm)
    opens, closes, readings = set(), Counter(), []
    for i, tok in enumerate(tokens):
        if tok.kind == FUNC and _starts_item(tokens, i + 1):
            items = _run(tokens, i + 1)
            bare.refuse_glued_group(i, items)
            opens.add(i + 1)
            closes[items[-1][1]] += 1
            readings.append(bare.reading(i, items))
    if not opens:
        return tokens, readings
    out: list[Token] = []
    for k in range(len(tokens) + 1):
        if closes[k]:
            end = tokens[k - 1].end
            out.extend(Token(RPAREN, ")", end, end) for _ in range(closes[k]))
        if k < len(tokens):
            if k in opens:
                out.append(Token(LPAREN, "(", tokens[k].start, tokens[k].start))
            out.append(tokens[k])
    return out, readings


@dataclass
class _Group:
    kind: str  # LPAREN or LBRACK
    piece: int  # index of the opening piece
    semicolons: list[int] = field(default_factory=list)


class _Writer:
    """Accumulates source pieces (each with its typed column) and the atom table."""

    def __init__(self, norm: Normalised):
        self.norm = norm
        self.pieces: list[list] = []
        self.atoms: dict[str, Atom] = {}

    def piece(self, text: str, tok: Token) -> int:
        self.pieces.append([text, self.norm.column(tok.start)])
        return len(self.pieces) - 1

    def atom(self, kind: str, value: str, tok: Token) -> str:
        name = f"_{len(self.atoms)}"
        self.atoms[name] = Atom(kind, value, self.norm.column(tok.start))
        self.piece(name, tok)
        return name

    def program(self) -> Program:
        offsets, texts, position = [], [], 0
        for text, column in self.pieces:
            offsets.append((position, column))
            texts.append(text)
            position += len(text) + 1
        return Program(" ".join(texts), self.atoms, offsets)


class _Walker:
    """One left-to-right pass: expects an operand or an operator, and says what is missing."""

    def __init__(self, tokens: list[Token], norm: Normalised, limits: Limits):
        self.tokens, self.norm, self.limits = tokens, norm, limits
        self.out = _Writer(norm)
        self.stack: list[_Group] = []
        self.readings: list[str] = []
        self.spaced_in_brackets = False
        self.term_start: dict[int, int | None] = {0: None}
        self.last_op: dict[int, Token | None] = {0: None}

    def typed(self, tok: Token) -> str:
        return self.norm.typed_span(tok.start, tok.end) or tok.text

    def col(self, tok: Token) -> int:
        return self.norm.column(tok.start)

    # -- operands ---------------------------------------------------------------------------
    def begin_operand(self, tok: Token) -> None:
        level = len(self.stack)
        if self.term_start.get(level) is None:
            self.term_start[level] = tok.start

    def function(self, i: int) -> int:
        tok = self.tokens[i]
        name = self.typed(tok) if tok.end > tok.start else tok.text
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        column = self.col(tok)
        if tok.kind == RADICAL and nxt is not None and nxt.kind in ATOMS:
            self.out.atom(FUNC, "sqrt", tok)
            self.out.piece("(", tok)
            self.out.atom(nxt.kind, nxt.text, nxt)
            self.out.piece(")", nxt)
            return i + 2
        if nxt is not None and nxt.kind == LPAREN:
            self.out.atom(FUNC, "sqrt" if tok.kind == RADICAL else tok.text, tok)
            return i + 1  # the '(' is handled as a group by the caller
        if tok.kind == RADICAL:
            raise _fail(f"Put what √ applies to right after it, as in √x or √(x + 1) (column "
                        f"{column}).", "function-syntax", column)
        if nxt is not None and nxt.kind == OP and nxt.text == "^":
            exponent = self.exponent_text(i + 2)
            if exponent == "-1" and tok.text in INVERSE_HINTS:
                raise _fail(f"{name}^-1 would be ambiguous: for the inverse function write "
                            f"{INVERSE_HINTS[tok.text]}(x); for 1/{name}(x) write "
                            f"{name}(x)^(-1) (column {column}).", "function-power", column)
            raise _fail(f"Write the power after the argument: {name}(x)^{exponent}, not "
                        f"{name}^{exponent}(x) (column {column}).", "function-power", column)
        raise _fail(f"Put the argument of {name} in parentheses, as in {name}(x) (column "
                    f"{column}).", "function-syntax", column)

    def exponent_text(self, j: int) -> str:
        """The exponent written after ``f^`` (normalised: ``²`` reads as ``2``), for messages."""
        if j >= len(self.tokens):
            return "k"
        first, last = self.tokens[j], self.tokens[j]
        if first.kind == LPAREN:
            depth = 0
            for tok in self.tokens[j:]:
                depth += {LPAREN: 1, RPAREN: -1}.get(tok.kind, 0)
                last = tok
                if depth == 0:
                    break
        elif first.kind == OP and first.text in "+-" and j + 1 < len(self.tokens):
            last = self.tokens[j + 1]
        text = self.norm.text[first.start:last.end].replace(" ", "")
        inner = text[1:-1]
        if text.startswith("(") and text.endswith(")") and "(" not in inner:
            return inner
        return text

    def implicit_product(self, prev: Token, i: int) -> None:
        tok = self.tokens[i]
        if tok.kind == NUM:
            column = self.col(tok)
            in_row = tok.spaced and self.stack and self.stack[-1].kind == LBRACK
            comma = (" Inside [ ], separate the entries with commas: [a, b, c]; a semicolon "
                     "starts a new row.") if in_row else ""
            if prev.kind == NUM:
                raise _fail(f"Two numbers are next to each other at column {column} "
                            f"('{self.typed(prev)} {self.typed(tok)}'): put an operator between "
                            f"them, for example {self.typed(prev)}*{self.typed(tok)}.{comma}",
                            "adjacent-numbers", column)
            raise _fail(f"A number comes straight after '{self.typed(prev)}' at column {column}: "
                        f"write a product with * (for example x*2) or a power with ^ (x^2)."
                        f"{comma}", "number-after", column)
        level = len(self.stack)
        if tok.spaced and self.stack and self.stack[-1].kind == LBRACK:
            self.spaced_in_brackets = True
        op, start = self.last_op.get(level), self.term_start.get(level)
        # 1/2x, e^2x: a single atom after '/' or '^', then a factor with no space before it.
        follows_op = op is not None and prev.kind in ATOMS and \
            not self.norm.text[op.end:prev.start].strip()
        if follows_op and start is not None and tok.kind in (VAR, CONST, FUNC, RADICAL) \
                and not tok.spaced:
            span, end = self.norm.typed_span, self.factor_end(i)
            self.readings.append(
                f"I read '{span(start, end)}' as ({span(start, prev.end)})·{span(tok.start, end)}"
                f"; write {span(start, op.end)}({span(op.end, end)}) if you meant that.")
        self.last_op[level] = None
        self.out.piece("*", tok)

    def factor_end(self, k: int) -> int:
        """Where the factor starting at ``tokens[k]`` ends: after a function's parenthesised
        argument (``sqrt(c)``, ``sin x``), else after the token itself."""
        tok = self.tokens[k]
        if tok.kind not in (FUNC, RADICAL) or k + 1 >= len(self.tokens) or \
                self.tokens[k + 1].kind != LPAREN:
            return tok.end
        return self.tokens[_group_end(self.tokens, k + 1) - 1].end

    # -- main loop --------------------------------------------------------------------------
    def missing(self, prev: Token | None, tok: Token | None) -> InvalidAnswer:
        if tok is None:
            column = self.norm.column(len(self.norm.text))
            return _fail(f"Your answer ends with '{self.typed(prev)}': something is missing after "
                         f"it.", "syntax", column)
        column, shown = self.col(tok), self.typed(tok)
        if tok.kind in CLOSERS and prev is not None and prev.kind == CLOSERS[tok.kind]:
            what = "parentheses ()" if tok.kind == RPAREN else "brackets []"
            return _fail(f"There are empty {what} at column {self.col(prev)}: put something "
                         f"inside.", "empty-group", self.col(prev))
        if prev is None:
            return _fail(f"'{shown}' at column {column} needs something before it.", "syntax",
                         column)
        return _fail(f"Something is missing between '{self.typed(prev)}' and '{shown}' (column "
                     f"{column}).", "syntax", column)

    def run(self) -> Program:
        tokens, out = self.tokens, self.out
        expect, signs, prev, i = True, 0, None, 0
        while i < len(tokens):
            tok = tokens[i]
            if not expect and tok.kind in OPERAND_START:
                self.implicit_product(prev, i)
                expect = True
            level = len(self.stack)
            if expect:
                if tok.kind in ATOMS:
                    self.begin_operand(tok)
                    out.atom(tok.kind, tok.text, tok)
                    expect, signs = False, 0
                elif tok.kind in (FUNC, RADICAL):
                    self.begin_operand(tok)
                    following = self.function(i)
                    if following == i + 2:  # √x
                        expect, signs, prev, i = False, 0, tokens[i + 1], i + 2
                        continue
                    i, prev = following, tok
                    continue
                elif tok.kind in (LPAREN, LBRACK):
                    self.begin_operand(tok)
                    self.stack.append(_Group(tok.kind, out.piece(tok.text, tok)))
                    self.term_start[level + 1], self.last_op[level + 1] = None, None
                    signs = 0
                elif tok.kind == OP and tok.text in "+-":
                    self.begin_operand(tok)
                    signs += 1
                    if signs > self.limits.max_signs:
                        raise _fail(f"Too many signs in a row (at column {self.col(tok)}).",
                                    "too-complex", self.col(tok))
                    out.piece(tok.text, tok)
                else:
                    raise self.missing(prev, tok)
            elif tok.kind == OP:
                out.piece("**" if tok.text == "^" else tok.text, tok)
                expect = True
                if tok.text in "+-":
                    self.term_start[level], self.last_op[level] = None, None
                else:
                    self.last_op[level] = tok if tok.text in "/^" else None
            elif tok.kind in CLOSERS:
                self.close(tok)
            elif tok.kind in (COMMA, SEMI):
                if tok.kind == SEMI:
                    if not self.stack or self.stack[-1].kind != LBRACK:
                        raise _fail(f"A ';' (column {self.col(tok)}) can only separate the rows "
                                    f"of a matrix inside [ ], as in [a, b; c, d]. Type one "
                                    f"expression.", "semicolon", self.col(tok))
                    self.stack[-1].semicolons.append(out.piece("], [", tok))
                else:
                    out.piece(",", tok)
                self.term_start[level], self.last_op[level] = None, None
                expect = True
            prev = tok
            i += 1
        if expect:
            raise self.missing(prev, None)
        program = out.program()
        program.readings = self.readings
        program.spaced_product_in_brackets = self.spaced_in_brackets
        return program

    def close(self, tok: Token) -> None:
        group = self.stack.pop()
        if group.semicolons:
            self.out.pieces[group.piece][0] = "[["
            self.out.piece("]]", tok)
        else:
            self.out.piece(tok.text, tok)


def write_program(tokens: list[Token], norm: Normalised, limits: Limits = LIMITS) -> Program:
    """Validate the token sequence and return the placeholder Python source (see module doc)."""
    tokens = match_brackets(tokens, norm, limits)
    if len(tokens) > limits.max_tokens:
        column = norm.column(tokens[limits.max_tokens].start)
        raise _fail(f"Your answer is too long or complicated to check (more than "
                    f"{limits.max_tokens} symbols). Try simplifying it.", "too-complex", column)
    tokens, readings = apply_bare_functions(tokens, norm)
    program = _Walker(tokens, norm, limits).run()
    program.readings = readings + program.readings
    return program
