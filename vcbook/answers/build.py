"""Stage 6: build SymPy objects from the whitelisted tree, with numeric guards.

Each node becomes a SymPy constructor call (``sympy.Add``, ``sympy.sin``, ...); nothing is
evaluated from text. Guards: exponents bounded, exact numbers bounded in size and other numbers
(``exp(800)``) in value, division by an exact zero refused, undefined (``log(0)``) and complex
(``sqrt(-1)``) values refused, lists only as vectors/matrices at the top, never inside
arithmetic.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction

import sympy

from vcbook.answers.errors import InvalidAnswer
from vcbook.answers.evaluate import Overflow, Undefined, compile_expr
from vcbook.answers.limits import LIMITS, Limits
from vcbook.answers.spec import Spec
from vcbook.answers.syntax import Program
from vcbook.answers.vocabulary import CONSTANTS, FUNCTIONS

UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
MAGNITUDE_PRECISION = 15  # digits used to tell whether a number is too large


def _chain(node: ast.AST, ops: tuple[type, ...]) -> list[tuple[type | None, ast.AST]]:
    """Operands of a left-nested chain ``a op b op c`` as [(None, a), (op, b), (op, c)].

    Building ``Add(*terms)``/``Mul(*factors)`` in one call matches how SymPy builds the same
    expression from Python operators (``2*(x - 1)*y`` stays a product), and is faster.
    """
    items = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ops):
        items.append((type(node.op), node.right))
        node = node.left
    items.append((None, node))
    return items[::-1]


class _Builder:
    def __init__(self, program: Program, spec: Spec, limits: Limits):
        self.program, self.spec, self.limits = program, spec, limits

    def column(self, node: ast.AST) -> int:
        return self.program.column(getattr(node, "col_offset", 0))

    def fail(self, message: str, code: str, node: ast.AST) -> InvalidAnswer:
        column = self.column(node)
        return InvalidAnswer(message.format(column=column), code=code, column=column)

    # -- the top: an expression, a row, a column or a matrix -------------------------------
    def top(self, node: ast.AST):
        if isinstance(node, ast.Tuple):
            raise self.fail("To enter a vector, put it in square brackets, as in [x, y]; for a "
                            "single expression, remove the commas (column {column}).", "tuple",
                            node)
        if not isinstance(node, ast.List):
            return self.checked(self.scalar(node), node)
        if all(isinstance(row, ast.List) for row in node.elts):
            rows = [[self.entry(e) for e in row.elts] for row in node.elts]
        elif any(isinstance(row, (ast.List, ast.Tuple)) for row in node.elts):
            raise self.fail("Mixed brackets (column {column}): write a matrix as "
                            "[[a, b], [c, d]] or [a, b; c, d], and a vector as [a, b].",
                            "brackets", node)
        else:
            rows = [[self.entry(e) for e in node.elts]]
        lengths = [len(row) for row in rows]
        if len(set(lengths)) > 1:
            listed = ", ".join(f"row {k + 1} has {n}" for k, n in enumerate(lengths))
            raise self.fail(f"The rows of your matrix have different lengths ({listed}); every "
                            f"row needs the same number of entries (column {{column}}).",
                            "ragged", node)
        return sympy.ImmutableMatrix(rows)

    def entry(self, node: ast.AST) -> sympy.Expr:
        if isinstance(node, (ast.List, ast.Tuple)):
            raise self.fail("Brackets nest at most two deep (column {column}): write a matrix as "
                            "[[a, b], [c, d]] or [a, b; c, d].", "brackets", node)
        return self.checked(self.scalar(node), node)

    def checked(self, expr: sympy.Expr, node: ast.AST) -> sympy.Expr:
        if expr.has(*UNDEFINED):
            raise self.fail("Part of your answer is undefined (starting at column {column}), "
                            "such as log(0) or a division by zero.", "undefined", node)
        if expr.has(sympy.I):
            raise self.fail("Your answer contains a complex number (starting at column "
                            "{column}), such as the square root of a negative number; this "
                            "exercise uses real numbers only.", "complex", node)
        return expr

    # -- scalars ---------------------------------------------------------------------------
    def scalar(self, node: ast.AST) -> sympy.Expr:
        if isinstance(node, ast.Name):
            return self.atom(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.scalar(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base, exponent = self.scalar(node.left), self.scalar(node.right)
            return self.bounded(self.power(base, exponent, node), node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            terms = [self.scalar(operand) if op is not ast.Sub else -self.scalar(operand)
                     for op, operand in _chain(node, (ast.Add, ast.Sub))]
            return self.bounded(sympy.Add(*terms), node)
        if isinstance(node, ast.BinOp):
            factors = []
            for op, operand in _chain(node, (ast.Mult, ast.Div)):
                factor = self.scalar(operand)
                if op is ast.Div:
                    if factor == 0:
                        raise self.fail("Your answer divides by zero (the denominator starting "
                                        "at column {column} is 0).", "divide-by-zero", operand)
                    factor = sympy.Pow(factor, -1)
                factors.append(factor)
            return self.bounded(sympy.Mul(*factors), node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, (ast.List, ast.Tuple)):
            raise self.fail("Enter each component of a vector separately, as in [2*x, 2*y]: "
                            "the answer language does no arithmetic on whole vectors (column "
                            "{column}).", "vector-arithmetic", node)
        raise self.fail("I could not read your answer near column {column}.", "syntax", node)

    def atom(self, node: ast.Name) -> sympy.Expr:
        atom = self.program.atoms[node.id]
        if atom.kind == "var":
            return self.spec.symbol_by_name[atom.value]
        if atom.kind == "const":
            return CONSTANTS[atom.value]
        if atom.kind == "num":
            if "." in atom.value and self.spec.floats == "forbid":
                raise self.fail("Please give an exact value: write fractions such as 1/2 and "
                                "roots such as sqrt(2) instead of decimals (column {column}).",
                                "decimal", node)
            value = Fraction(Decimal(atom.value))
            return sympy.Rational(value.numerator, value.denominator)
        raise self.fail("Put the argument of the function at column {column} in parentheses.",
                        "function-syntax", node)

    def call(self, node: ast.Call) -> sympy.Expr:
        name = self.program.atoms[node.func.id].value
        rule = FUNCTIONS[name]
        if not rule.accepts(len(node.args)):
            hint = " For a logarithm to base b, write log(x)/log(b)." if name == "log" else ""
            raise self.fail(f"{name} takes {rule.arguments()}, but it has {len(node.args)} here "
                            f"(column {{column}}).{hint}", "arity", node)
        result = rule.build(*(self.scalar(arg) for arg in node.args))
        if result in UNDEFINED:
            raise self.fail(f"Part of your answer is undefined: {name} at column {{column}} has "
                            f"no value at this argument.", "undefined", node)
        if result.is_number and result.is_extended_real is False:
            raise self.fail(f"{name} at column {{column}} gives a complex number here; this "
                            f"exercise uses real numbers only.", "complex", node)
        return self.bounded(result, node)

    def power(self, base: sympy.Expr, exponent: sympy.Expr, node: ast.BinOp) -> sympy.Expr:
        limit = self.limits.max_exponent
        if exponent.is_Number:
            if abs(exponent) > limit:
                shown = str(exponent) if len(str(exponent)) <= 20 else "of that size"
                raise self.fail(f"The exponent {shown} is too large (column {{column}}; the limit "
                                f"is {limit}).", "exponent", node.right)
            if base.is_Rational and exponent.is_Integer:
                bits = max(base.p.bit_length(), base.q.bit_length()) * abs(int(exponent))
                if bits > self.limits.max_number_bits:
                    raise self.fail("A number in your answer is too large to work with (column "
                                    "{column}).", "number-too-large", node)
            if base == 0 and exponent.is_negative:
                raise self.fail("Your answer divides by zero (0 to a negative power, column "
                                "{column}).", "divide-by-zero", node)
        result = base**exponent
        if result.is_number and result.is_extended_real is False:
            raise self.fail("This power gives a complex number (column {column}); this exercise "
                            "uses real numbers only.", "complex", node)
        return result

    def bounded(self, result: sympy.Expr, node: ast.AST) -> sympy.Expr:
        if _has_huge_number(result, self.limits.max_number_bits) or _too_large(result):
            raise self.fail("A number in your answer is too large to work with (column "
                            "{column}).", "number-too-large", node)
        return result


def _bits(number) -> int:
    return max(int(number.p).bit_length(), int(number.q).bit_length()) if number.is_Rational \
        else 0


def _has_huge_number(expr: sympy.Expr, bits: int) -> bool:
    """True if ``expr`` (or a term or coefficient at its top) is an exact number over ``bits``."""
    candidates = [expr]
    if expr.is_Add or expr.is_Mul:
        candidates.extend(expr.args)
        candidates.extend(term.args[0] for term in expr.args if term.is_Mul)
    return any(_bits(c) > bits for c in candidates if c.is_Rational)


def _too_large(expr: sympy.Expr) -> bool:
    """True if ``expr`` is a number (not an exact fraction: those are bounded by their bits)
    whose value is beyond ``evaluate.MAX_VALUE``, such as exp(800) or sinh(10^4).

    Its arguments were checked when they were built, so one bounded evaluation decides.
    """
    if expr.is_Rational or not expr.is_number:
        return False
    try:
        compile_expr(expr, MAGNITUDE_PRECISION, cache=False)({})
    except Overflow:
        return True
    except Undefined:
        return False  # the undefined and complex guards explain it better
    return False


def build(tree: ast.Expression, program: Program, spec: Spec, limits: Limits = LIMITS):
    """SymPy expression or ImmutableMatrix (a row for ``[a, b]``) from a whitelisted tree."""
    return _Builder(program, spec, limits).top(tree.body)
