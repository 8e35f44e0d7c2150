"""Text for the teaching views: variable names as LaTeX, numbers and arrays as short text, a
rule's LaTeX with the real names put in, and LaTeX made plain. ``evaltrace.py`` (the table) and
``draw.py`` (the graph drawing) both write with these, so they name and round things alike.
"""

from __future__ import annotations

import re

import numpy as np

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "sigma", "phi",
          "psi", "omega", "tau", "rho", "eta", "xi", "nu", "kappa", "zeta", "chi", "pi"}


def tex(name: str) -> str:
    """A variable name as LaTeX: x1 -> x_{1}, theta -> \\theta, loss -> \\mathrm{loss}, x' -> x'."""
    primes = len(name) - len(name.rstrip("'"))
    if primes:
        return tex(name[:-primes]) + "'" * primes
    match = re.fullmatch(r"([A-Za-z]+)_?(\d+)", name)
    base, index = (match.group(1), match.group(2)) if match else (name, "")
    base = "\\" + base if base in _GREEK else (base if len(base) == 1 else
                                               r"\mathrm{" + base.replace("_", r"\_") + "}")
    return f"{base}_{{{index}}}" if index else base


def number(v, digits: int = 6) -> str:
    """One number (a 0-d or one-entry array too) with ``digits`` significant digits."""
    return f"{float(np.reshape(v, ())):.{digits}g}"


def table_text(v) -> str:
    """A value for a table cell: a number, a small array in full, or a big one's first entries
    and its size; None (a mode not traced) is a dash."""
    if v is None:
        return "—"
    v = np.asarray(v)
    if v.ndim == 0:
        return number(v)
    if v.size <= 6:
        text = np.array2string(v, precision=4, separator=", ", suppress_small=True)
        return " ".join(text.split())
    flat = ", ".join(f"{x:.4g}" for x in v.reshape(-1)[:3])
    return f"[{flat}, …] ({v.size} entries)"


def label_text(v) -> str:
    """A value for a mathtext label in a drawing: a number, or the array's shape."""
    if v is None:
        return "?"
    if np.size(v) == 1:
        return number(v, 4)
    return r"\mathrm{array}\," + str(np.shape(v)).replace(" ", r"\,")


def substitute(template: str, arg_names, labels) -> str:
    """Put variables' names (``labels``, LaTeX) into a rule's LaTeX ``template``, which is written
    with the rule's ``arg_names`` (x, y; A, B; ...)."""
    mapping = dict(zip(arg_names, labels, strict=False))
    if not mapping:
        return template
    pattern = r"(?<![\\A-Za-z])(" + "|".join(map(re.escape, mapping)) + r")(?![A-Za-z])"
    return re.sub(pattern, lambda m: mapping[m.group(1)], template)


_PLAIN = [  # applied in order: innermost constructs first
    (r"_\{([^{}]*)\}", r"\1"), (r"\^\{-\\top\}", "⁻ᵀ"), (r"\^\{\\top\}", "ᵀ"),
    (r"\^\{-1\}", "⁻¹"), (r"\^\{2\}", "²"), (r"\\sqrt\{([^{}]*)\}", r"√(\1)"),
    (r"\\mathrm\{([^{}]*)\}", r"\1"),
    (r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: f"{_group(m[1])}/{_group(m[2])}"),
    (r"\be\^\{([^{}]*)\}", r"exp(\1)"), (r"\^\{([^{}]*)\}", r"^(\1)"), (r"\\cdot", "·"),
    (r"\\sum", "Σ"), (r"\\bar\{([^{}]*)\}", r"mean(\1)"), (r"\\,", " "),
    (r"\\([A-Za-z]+)", r"\1"), (r"[{}]", "")]


def _group(text: str) -> str:
    return text if re.fullmatch(r"[\w.²ᵀ⁻¹]+", text) else f"({text})"


def plain(latex: str) -> str:
    """A rule's LaTeX as plain text, for the text view: \\frac{1}{x} -> 1/x, x^{2} -> x²."""
    for pattern, replacement in _PLAIN:
        latex = re.sub(pattern, replacement, latex)
    return latex
