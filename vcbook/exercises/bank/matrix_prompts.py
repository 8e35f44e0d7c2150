"""Words and pieces shared by the matrix-notation families (``vector_chain_rule``,
``backprop``, ``matrix_gradient``): LaTeX of a notation text, the space a shape lives in, the
layout an answer must have and the typing help. (The engine call is ``notation.derive``.)

Expressions are written once, as text in the answer language (``"{A} {x} + {b}"`` with role
placeholders), and everything a prompt shows is printed from that text by the matrix reader.
"""

from __future__ import annotations

import functools

# A column typed for a row: the one sentence on why frameworks differ.
FRAMEWORKS = ("Frameworks such as PyTorch and JAX store a gradient shaped like the variable it "
              "belongs to (a column for a vector), which is the transpose of the book's row.")


@functools.lru_cache(maxsize=1024)
def _latex(text: str, shapes: tuple) -> str:
    from vcbook.answers import matrix

    return matrix.latex(matrix.parse(text, dict(shapes)))


def tex(text: str, shapes: dict) -> str:
    """LaTeX of ``text`` (matrix notation) with the names declared by ``shapes``."""
    return _latex(text, tuple(shapes.items()))


def dims(shape: str) -> tuple[str, str]:
    """(rows, cols) of a declared shape: ``"E×D"`` -> ("E", "D"), ``"D"`` -> ("D", "1"),
    ``"D×D spd"`` -> ("D", "D"), ``"scalar"`` -> ("1", "1")."""
    if shape == "scalar":
        return "1", "1"
    size = shape.split()[0]
    rows, _, cols = size.partition("×")
    return rows, cols or "1"


def space(shape: str) -> str:
    r"""``\mathbb{R}^{E \times D}`` for a declared shape (a column: ``\mathbb{R}^{D}``)."""
    rows, cols = dims(shape)
    if (rows, cols) == ("1", "1"):
        return r"\mathbb{R}"
    return rf"\mathbb{{R}}^{{{rows}}}" if cols == "1" else \
        rf"\mathbb{{R}}^{{{rows} \times {cols}}}"


PROPERTIES = {"spd": " symmetric positive definite", "symmetric": " symmetric"}


def declared(shapes: dict) -> str:
    """'$x \\in \\mathbb{R}^{D}$, $A \\in ...$ and $b \\in ...$' for a prompt; a matrix
    declared ``symmetric`` or ``spd`` is said to be so (an answer may rely on it)."""
    items = [f"${tex(name, shapes)} \\in {space(shape)}${PROPERTIES.get(shape.split()[-1], '')}"
             for name, shape in shapes.items()]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def layout(kind: str, rows: str, cols: str, wrt: str) -> str:
    """The layout sentence for an answer of ``kind`` (a derivation's kind) of size rows×cols."""
    if kind == "gradient":
        return (f"a ${rows} \\times {cols}$ **row** (the derivative of a scalar by a vector is a "
                "row in this book)")
    if kind == "jacobian":
        return (f"the ${rows} \\times {cols}$ Jacobian (one row per entry of the function, one "
                f"column per entry of ${wrt}$)")
    if kind == "matrix":
        return (f"a matrix of size ${rows} \\times {cols}$, ${wrt}$'s own shape (entry "
                f"$(i, j)$ is the derivative by ${wrt}_{{ij}}$)")
    return "a scalar"


def typing_help(names, extra: str = "") -> str:
    """How to type a matrix-notation answer with ``names``."""
    shown = ", ".join(f"`{n}`" for n in names)
    return (f"Type it in matrix notation with the names {shown}: `^T` transposes, `^-1` "
            f"inverts, juxtaposition multiplies{extra}.")
