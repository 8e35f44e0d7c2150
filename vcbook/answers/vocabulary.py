"""The answer input language as data: functions, constants, Greek names and helpful messages.

To add a function to the language, add one line to ``FUNCTIONS`` (name -> SymPy constructor and
number of arguments) and, if SymPy's tree for it is new to the numeric evaluator, one line to
``evaluate.FUNCTION_EVALUATORS``. Everything else (lexing, the syntax tree whitelist, suggestions,
``to_text``) reads these tables.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Callable
from dataclasses import dataclass

import sympy

NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


@dataclass(frozen=True)
class FunctionRule:
    """A function a student may call: how to build it in SymPy and how many arguments it takes
    (``arity``, or at least ``arity`` if ``variadic``)."""

    build: Callable[..., sympy.Expr]
    arity: int = 1
    variadic: bool = False

    def accepts(self, count: int) -> bool:
        return count >= self.arity if self.variadic else count == self.arity

    def arguments(self) -> str:
        """'one argument', '2 arguments', 'two or more arguments' (for messages)."""
        if self.variadic:
            return f"{NUMBER_WORDS.get(self.arity, self.arity)} or more arguments"
        return "one argument" if self.arity == 1 else f"{self.arity} arguments"


FUNCTIONS: dict[str, FunctionRule] = {
    "sin": FunctionRule(sympy.sin),
    "cos": FunctionRule(sympy.cos),
    "tan": FunctionRule(sympy.tan),
    "sec": FunctionRule(sympy.sec),
    "csc": FunctionRule(sympy.csc),
    "cot": FunctionRule(sympy.cot),
    "asin": FunctionRule(sympy.asin),
    "acos": FunctionRule(sympy.acos),
    "atan": FunctionRule(sympy.atan),
    "atan2": FunctionRule(sympy.atan2, arity=2),
    "sinh": FunctionRule(sympy.sinh),
    "cosh": FunctionRule(sympy.cosh),
    "tanh": FunctionRule(sympy.tanh),
    "csch": FunctionRule(sympy.csch),
    "asinh": FunctionRule(sympy.asinh),
    "acosh": FunctionRule(sympy.acosh),
    "atanh": FunctionRule(sympy.atanh),
    "exp": FunctionRule(sympy.exp),
    "log": FunctionRule(sympy.log),
    "sqrt": FunctionRule(sympy.sqrt),
    "abs": FunctionRule(sympy.Abs),
    "sign": FunctionRule(sympy.sign),
    "max": FunctionRule(sympy.Max, arity=2, variadic=True),
    "min": FunctionRule(sympy.Min, arity=2, variadic=True),
}

# Other spellings of the same functions.
ALIASES: dict[str, str] = {
    "ln": "log",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arctan2": "atan2",
    "arcsinh": "asinh",
    "arccosh": "acosh",
    "arctanh": "atanh",
    "cosec": "csc",
    "cosech": "csch",
    "sgn": "sign",
}

CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}

# Unicode Greek letters -> the spelled name (the canonical symbol name).
GREEK_LETTERS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lamda", "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho", "σ": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    # capitals name matrices (MML's Φ, Σ); those that look like Latin letters (Α, Β, ...) stay
    # refused, so a student is told rather than silently read
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
# 'lambda' is a Python keyword, so SymPy (and we) spell the letter 'lamda'; accept both.
NAME_SPELLINGS: dict[str, str] = {"lambda": "lamda"}
TYPED_SPELLINGS = {canonical: typed for typed, canonical in NAME_SPELLINGS.items()}
"""How a canonical name is printed for typing: 'lamda' as 'lambda' (read back as 'lamda')."""
GREEK_NAMES = frozenset(GREEK_LETTERS.values()) | frozenset(NAME_SPELLINGS)
"""Every spelled Greek letter: a name of its own, never a misspelt function."""
GREEK_DISPLAY: dict[str, str] = {}
for _letter, _name in GREEK_LETTERS.items():
    GREEK_DISPLAY.setdefault(_name, _letter)

# SymPy (and calculus-software) commands: the student must do the task, not ask SymPy to.
SYMPY_COMMANDS = frozenset({
    "diff", "Derivative", "derivative", "integrate", "Integral", "solve", "simplify", "Subs",
    "subs", "limit", "Limit", "series", "expand", "factor", "trigsimp", "gradient", "grad",
    "jacobian", "Jacobian", "hessian", "Matrix", "Symbol", "symbols", "sympify", "S", "N",
    "evalf", "Function", "lambdify", "Lambda", "Array", "Rational", "Integer", "Float",
})

# Names with a message of their own (checked after the exercise's own names).
SPECIAL_NAMES: dict[str, str] = {
    "In": "The natural logarithm is ln (lower-case L) or log, not In.",
    "E": "Did you mean e (Euler's number)? Names are case-sensitive.",
    "I": "This exercise uses real numbers only, so the imaginary unit I is not allowed.",
    "i": "This exercise uses real numbers only, so the imaginary unit i is not allowed.",
    "j": "This exercise uses real numbers only, so the imaginary unit j is not allowed.",
    "oo": "Infinity is not a value you can enter here.",
    "inf": "Infinity is not a value you can enter here.",
    "infinity": "Infinity is not a value you can enter here.",
    "Infinity": "Infinity is not a value you can enter here.",
    "factorial": "Factorials are not part of the answer language.",
}

# Words of Python itself: never part of an answer (eval, open, lambda, __import__, ...).
PYTHON_WORDS = frozenset(keyword.kwlist) | frozenset(dir(builtins))

# Named coordinate systems, to explain "x and y in an (r, θ) exercise".
COORDINATE_SYSTEMS: tuple[tuple[str, frozenset[str]], ...] = (
    ("polar", frozenset({"r", "theta"})),
    ("cylindrical", frozenset({"r", "theta", "z"})),
    ("spherical", frozenset({"rho", "theta", "phi"})),
    ("spherical", frozenset({"r", "theta", "phi"})),
    ("Cartesian", frozenset({"x", "y"})),
    ("Cartesian", frozenset({"x", "y", "z"})),
)


def function_key(name: str) -> str | None:
    """The canonical function name for ``name`` (``ln`` -> ``log``), or None."""
    if name in FUNCTIONS:
        return name
    return ALIASES.get(name)


def display_name(name: str) -> str:
    """How a canonical symbol name is shown to a student: ``theta`` -> ``θ``, ``mu0`` -> ``μ0``."""
    stem = name.rstrip("0123456789")
    return GREEK_DISPLAY.get(stem, stem) + name[len(stem):] if stem else name


def function_list() -> str:
    """The functions of the language, for messages."""
    return ", ".join(FUNCTIONS)
