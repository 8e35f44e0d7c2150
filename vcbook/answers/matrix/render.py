"""Print matrix-notation trees: ``to_text`` (the input language), ``pretty`` (unicode, for
messages) and ``latex`` (the echo).

``to_text`` reads back: ``parse(to_text(e), variables)`` gives the same tree. Parentheses come
from one precedence table: sums < products (juxtaposition, ``*``, ``/``, ``⊙``, ``⊘``, left to
right) < unary minus < powers < transposes and inverses < atoms. ``latex_tree`` takes LaTeX for
given names (``names={"dX": r"\\mathrm{d}X"}``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from vcbook.answers.matrix.tree import (
    SUM_OPS,
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
)
from vcbook.answers.matrix.vocabulary import (
    CONSTANT_LATEX,
    FUNCTIONS,
    ONES,
    ONES_LATEX,
    ONES_PRETTY,
)
from vcbook.answers.vocabulary import TYPED_SPELLINGS, display_name

SUM, PRODUCT, NEGATE, POWER, POSTFIX, ATOM = range(1, 7)
BINARY_PRECEDENCE = {"+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT, "⊙": PRODUCT, "⊘": PRODUCT}

# How each style writes the operators (rules as data).
STYLES = {
    "text": {"T": "^T", "-1": "^-1", "-T": "^-T", "/": " / ", "⊙": " .* ", "⊘": " ./ ",
             "pi": "pi"},
    "pretty": {"T": "ᵀ", "-1": "⁻¹", "-T": "⁻ᵀ", "/": " / ", "⊙": " ⊙ ", "⊘": " ⊘ ", "pi": "π"},
}
LATEX_ENTRYWISE = {"⊙": r"\odot", "⊘": r"\oslash"}
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
LATEX_POSTFIX = {"T": r"^{\top}", "-1": "^{-1}", "-T": r"^{-\top}"}


def precedence(node: Node) -> int:
    if isinstance(node, Binary):
        return BINARY_PRECEDENCE[node.op]
    if isinstance(node, Negate):
        return NEGATE
    if isinstance(node, Power):
        return POWER
    if isinstance(node, Postfix):
        return POSTFIX
    return ATOM


def _simple_exponent(node: Node) -> bool:
    return isinstance(node, Number | Name | Constant) or (
        isinstance(node, Negate) and isinstance(node.arg, Number | Name | Constant))


_NAME_END = re.compile(r"[A-Za-z][A-Za-z0-9]*$")
_NUMBER_END = re.compile(r"(?<![A-Za-z0-9.])[0-9.]+$")
_WORD_START = re.compile(r"^[A-Za-z0-9]+")


def _tight(left: str, right: str) -> bool:
    """May a unicode product be written without a space (xᵀA, 2x, (A + B)x, XᵀX) and still
    read unambiguously? Not between longer names (W1 x, A tr(X))."""
    start = _WORD_START.match(right)
    if start is None:
        return True
    if _NUMBER_END.search(left):
        return start.group()[:1].isalpha()
    end = _NAME_END.search(left)
    return end is None or (len(end.group()) == 1 and len(start.group()) == 1)


class _TextPrinter:
    """The input language ("text") or its unicode form for messages ("pretty")."""

    def __init__(self, style: str):
        self.style, self.words = style, STYLES[style]

    def wrap(self, node: Node, least: int) -> str:
        text = self(node)
        return f"({text})" if precedence(node) < least else text

    def __call__(self, node: Node) -> str:
        pretty = self.style == "pretty"
        if isinstance(node, Name):
            return display_name(node.name) if pretty else TYPED_SPELLINGS.get(node.name,
                                                                              node.name)
        if isinstance(node, Identity):
            return "I"
        if isinstance(node, Ones):
            return ONES_PRETTY if pretty else ONES
        if isinstance(node, Number):
            return node.text
        if isinstance(node, Constant):
            return self.words.get(node.name, node.name)
        if isinstance(node, Negate):
            return "-" + self.wrap(node.arg, NEGATE)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Postfix):
            return self.wrap(node.arg, POSTFIX) + self.words[node.op]
        if isinstance(node, Power):
            base = self.wrap(node.base, POSTFIX)
            exponent = self(node.exponent)
            if pretty and isinstance(node.exponent, Number) and exponent.isdigit():
                return base + exponent.translate(SUPERSCRIPT_DIGITS)
            return f"{base}^{exponent if _simple_exponent(node.exponent) else f'({exponent})'}"
        if isinstance(node, Call):
            inner = self(node.arg)
            if pretty and node.function == "norm":
                return f"‖{inner}‖"
            if pretty and node.function == "abs":
                return f"|{inner}|"
            return f"{node.function}({inner})"
        raise TypeError(f"not a matrix-notation node: {node!r}")

    def binary(self, node: Binary) -> str:
        if node.op in SUM_OPS:
            right = self(node.right)
            if precedence(node.right) == SUM or isinstance(node.right, Negate):
                right = f"({right})"
            return f"{self.wrap(node.left, SUM)} {node.op} {right}"
        left, right = self.wrap(node.left, PRODUCT), self.wrap(node.right, POWER)
        if node.op == "*":
            if right[:1] in "0123456789." and right:  # 2 * 3, never 23 (𝟙 is no digit)
                return f"{left} * {right}"
            return left + ("" if self.style == "pretty" and _tight(left, right) else " ") + right
        return left + self.words[node.op] + right


_TEXT, _PRETTY = _TextPrinter("text"), _TextPrinter("pretty")


def text(node: Node) -> str:
    """The tree in the input language: ``x^T (A + A^T)``."""
    return _TEXT(node)


def pretty(node: Node) -> str:
    """The tree in unicode for messages: ``xᵀ (A + Aᵀ)``."""
    return _PRETTY(node)


def operand_text(node: Node) -> str:
    """``pretty`` of ``node`` as the operand of a product or power: parenthesised when it
    binds more loosely than a transpose, so ``(1 + x) .* (1 + x)`` reads as meant."""
    return _PRETTY.wrap(node, POSTFIX)


@functools.lru_cache(maxsize=256)
def _latex_name(name: str) -> str:
    import sympy

    return sympy.latex(sympy.Symbol(name))


def _latex_wrap(node: Node, least: int, names: Mapping[str, str] | None) -> str:
    inner = latex_tree(node, names=names)
    return rf"\left({inner}\right)" if precedence(node) < least else inner


def latex_tree(node: Node, *, names: Mapping[str, str] | None = None) -> str:
    """LaTeX of a tree: ``x^{\\top} \\left(A + A^{\\top}\\right)``; ``names`` gives LaTeX for
    some names (``{"dX": r"\\mathrm{d}X"}``), the others are printed as SymPy prints them."""
    if isinstance(node, Name):
        if names is not None and node.name in names:
            return names[node.name]
        return _latex_name(node.name)
    if isinstance(node, Identity):
        return "I"
    if isinstance(node, Ones):
        return ONES_LATEX
    if isinstance(node, Number):
        return node.text
    if isinstance(node, Constant):
        return CONSTANT_LATEX[node.name]
    if isinstance(node, Negate):
        return "-" + _latex_wrap(node.arg, NEGATE, names)
    if isinstance(node, Binary):
        return _latex_binary(node, names)
    if isinstance(node, Postfix):
        return _latex_wrap(node.arg, ATOM, names) + LATEX_POSTFIX[node.op]
    if isinstance(node, Power):
        exponent = latex_tree(node.exponent, names=names)
        return f"{_latex_wrap(node.base, ATOM, names)}^{{{exponent}}}"
    if isinstance(node, Call):
        return FUNCTIONS[node.function].latex.format(latex_tree(node.arg, names=names))
    raise TypeError(f"not a matrix-notation node: {node!r}")


def _latex_binary(node: Binary, names: Mapping[str, str] | None) -> str:
    if node.op in SUM_OPS:
        right = latex_tree(node.right, names=names)
        if precedence(node.right) == SUM or isinstance(node.right, Negate):
            right = rf"\left({right}\right)"
        return f"{_latex_wrap(node.left, SUM, names)} {node.op} {right}"
    if node.op == "/":
        numerator, denominator = (latex_tree(n, names=names) for n in (node.left, node.right))
        return rf"\frac{{{numerator}}}{{{denominator}}}"
    left, right = _latex_wrap(node.left, PRODUCT, names), _latex_wrap(node.right, POWER, names)
    if node.op in LATEX_ENTRYWISE:
        return f"{left} {LATEX_ENTRYWISE[node.op]} {right}"
    joiner = r" \cdot " if isinstance(node.right, Number) else " "
    return left + joiner + right
