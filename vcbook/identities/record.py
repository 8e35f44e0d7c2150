"""What an identity is: its statement, its arguments and how to draw them, the function and the
claimed derivative, and the deliberately wrong variants a test must be able to reject.

An ``Identity`` is data. Its ``function`` is written with ``vcbook.autodiff`` primitives
(``ad.inv``, ``ad.trace``, ``@``, ``.T`` ...), which evaluate plain NumPy arrays with NumPy and
trace AD nodes, so the one callable serves finite differences and both AD modes. ``claimed``
returns the derivative in the book's convention as a NumPy array of shape
``output.shape + input.shape`` (for a scalar function of a vector, a 1-D array of the vector's
shape: the row gradient's numbers). ``notation`` writes ``function`` in matrix notation
(``"a^T inv(X) b"``) for engines that read it. Checking lives in ``check.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

KINDS = ("general", "invertible", "symmetric", "spd", "tall", "nonzero", "labels", "onehot")
"""How an argument is drawn (``Arg.kind``):

- ``general``: independent standard normal entries (a matrix is *not* symmetric);
- ``invertible``: square, standard normal, redrawn until it is well conditioned (cond ≤ 30) and
  clearly non-symmetric;
- ``symmetric``: G + Gᵀ for a standard normal G (indefinite in general);
- ``spd``: symmetric positive definite, G Gᵀ + n I;
- ``tall``: m × n with full column rank, XᵀX well conditioned (cond ≤ 1000);
- ``nonzero``: a vector of length at least 1/2;
- ``labels``: a vector of 0s and 1s (both present when there are two entries or more);
- ``onehot``: a vector with a single 1 (a class label).
"""

_MAX_TRIES = 200


@dataclass(frozen=True)
class Arg:
    """One argument of an identity's function: its name, its dimension names and how to draw it.

    ``dims`` names the axes: ``("m", "n")`` for a matrix, ``("n",)`` for a vector, ``()`` for a
    scalar; an identity's ``shapes`` give the numbers.
    """

    name: str
    dims: tuple[str, ...]
    kind: str = "general"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"argument {self.name!r}: unknown kind {self.kind!r}; one of {KINDS}")

    def shape(self, sizes: Mapping[str, int]) -> tuple[int, ...]:
        return tuple(int(sizes[d]) for d in self.dims)

    def draw(self, rng: np.random.Generator, sizes: Mapping[str, int]) -> np.ndarray:
        return _draw(self.kind, rng, self.shape(sizes))


def arg(name: str, dims: str = "", kind: str = "general") -> Arg:
    """``arg("X", "m n", "invertible")``: the dimension names as a space-separated string."""
    return Arg(name, tuple(dims.split()), kind)


def _draw(kind: str, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    if kind == "general":
        return rng.standard_normal(shape)
    if kind == "invertible":
        n = _square(shape, kind)
        for _ in range(_MAX_TRIES):
            X = rng.standard_normal(shape)
            if np.linalg.cond(X) <= 30 and np.max(np.abs(X - X.T)) > 0.5:
                return X
        raise RuntimeError(f"could not draw a well-conditioned invertible {n}×{n} matrix")
    if kind == "symmetric":
        _square(shape, kind)
        G = rng.standard_normal(shape)
        return G + G.T
    if kind == "spd":
        n = _square(shape, kind)
        G = rng.standard_normal(shape)
        return G @ G.T + n * np.eye(n)
    if kind == "tall":
        for _ in range(_MAX_TRIES):
            X = rng.standard_normal(shape)
            if np.linalg.cond(X.T @ X) <= 1000:
                return X
        raise RuntimeError(f"could not draw a {shape} matrix of full column rank")
    if kind == "nonzero":
        for _ in range(_MAX_TRIES):
            x = rng.standard_normal(shape)
            if np.linalg.norm(x) >= 0.5:
                return x
        raise RuntimeError("could not draw a nonzero vector")
    if kind == "labels":
        y = rng.integers(0, 2, size=shape).astype(float)
        if y.size >= 2:
            y[:2] = (0.0, 1.0)
            y = rng.permutation(y)
        return y
    if kind == "onehot":
        y = np.zeros(shape)
        y[rng.integers(shape[0])] = 1.0
        return y
    raise ValueError(f"unknown kind {kind!r}")


def _square(shape, kind) -> int:
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError(f"a {kind} matrix must be square, not {shape}")
    return shape[0]


@dataclass(frozen=True)
class Variant:
    """A deliberately wrong version of a claim: ``transform(claim, *args)`` returns it.

    ``label`` says what went wrong in words (``"sign flipped"``, ``"X⁻¹ in place of X⁻ᵀ"``).
    ``transform`` returns None for an instance it does not apply to (``"... (X square)"``).
    """

    label: str
    transform: Callable


def _transposed(claim, *args):
    """The claim with its matrix axes transposed, the mistake each layout invites:
    a scalar by a matrix: Aᵀ for A (the last two axes); a vector by a vector: the Jacobian's
    transpose (the denominator layout); a matrix by a matrix: the two output axes swapped.
    A 1-D gradient has no orientation, so it comes back unchanged."""
    claim = np.asarray(claim)
    if claim.ndim == 4:
        return np.swapaxes(claim, 0, 1)
    if claim.ndim == 2:
        return claim.T
    return claim


GENERIC_VARIANTS = (
    Variant("sign flipped", lambda claim, *args: -np.asarray(claim)),
    Variant("transposed", _transposed),
    Variant("factor 2 too many", lambda claim, *args: 2.0 * np.asarray(claim)),
    Variant("factor 1/2 too many", lambda claim, *args: 0.5 * np.asarray(claim)),
)
"""Wrong variants tried on every identity (each identity adds its own in ``wrong``)."""


_STRUCTURES = ("symmetric", "spd")  # the kinds matrix notation declares; others are general
_SIZE_LETTER = re.compile(r"[A-Za-z]\d*")  # what matrix notation reads as a size: n, N, n1


def _size_letters(args: tuple[Arg, ...]) -> dict[str, str]:
    """Each dimension name -> its size letter in matrix notation: itself when it is one (a
    letter, then digits), else the first letter no other dimension uses."""
    dims = list(dict.fromkeys(d for a in args for d in a.dims))
    taken = {d for d in dims if _SIZE_LETTER.fullmatch(d)}
    spare = (c for c in "nmpqkrstuvwabcdefghjl" if c not in taken)
    return {d: d if d in taken else next(spare) for d in dims}


@dataclass(frozen=True, eq=False)
class Identity:
    """One gradient identity, verifiable on random instances.

    - ``name``: short and unique, e.g. ``"a^T X^{-1} b"`` written in Unicode (``"aᵀX⁻¹b"``);
    - ``latex``: the statement in the book's convention (numerator layout, row gradients), with
      the shape of the derivative;
    - ``args``: the function's arguments in order (``Arg``: name, dimension names, kind);
    - ``wrt``: the name of the argument the derivative is taken by;
    - ``function(*args)``: written with ``vcbook.autodiff`` primitives (works on NumPy arrays);
    - ``claimed(*args)``: the claimed derivative, NumPy, shape ``output.shape + input.shape``;
    - ``shapes``: the sizes to try, one mapping from dimension names to numbers each;
    - ``mml``: MML's equation (or section) number, if any; ``cookbook_eq``: the Matrix Cookbook
      equation number(s); ``cookbook``: the Cookbook's form in LaTeX when its layout differs
      from the book's (a column for a row, a differential for a 4-D array), else None;
    - ``conditions``: what the instances must satisfy, in words;
    - ``valid(*args)``: an extra condition on a drawn instance (redrawn until it holds);
    - ``symbolic(rng)``: optional; returns ``(F, X, claimed)`` on explicit small SymPy symbol
      matrices, for comparison with ``vcbook.symbolic.derivative(F, X)``;
    - ``wrong``: identity-specific wrong variants (``GENERIC_VARIANTS`` are added to them);
    - ``group``: where it comes from: ``"notes §6"`` (MML 5.99–5.108) or ``"machine learning"``;
    - ``topic``: what kind of identity it is, the catalogue's section (``"traces and
      determinants"``); each entry module sets its own ``TOPIC``, and the chapter's table
      groups the entries by it;
    - ``instance_of``: for one instance of a general rule (MML 5.99–5.102 with f(X) = AXB), the
      rule's name (``"5.99 transpose rule"``); entries sharing it count as one identity;
    - ``notation``: ``function`` written in matrix notation (``vcbook.answers.matrix``), e.g.
      ``"a^T inv(X) b"``, over the argument names with the shapes ``notation_shapes`` declares;
      ``""`` when not given.
    """

    name: str
    latex: str
    args: tuple[Arg, ...]
    wrt: str
    function: Callable
    claimed: Callable
    shapes: tuple[Mapping[str, int], ...]
    mml: str | None = None
    cookbook_eq: str | None = None
    cookbook: str | None = None
    conditions: str = ""
    valid: Callable | None = None
    symbolic: Callable | None = field(default=None, repr=False)
    wrong: tuple[Variant, ...] = ()
    group: str = "machine learning"
    topic: str = ""
    instance_of: str | None = None
    notation: str = ""

    def __post_init__(self):
        names = [a.name for a in self.args]
        if self.wrt not in names:
            raise ValueError(f"{self.name}: wrt={self.wrt!r} is not one of the arguments {names}")
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: argument names must be distinct, got {names}")
        if not self.shapes:
            raise ValueError(f"{self.name}: give at least one shape choice")

    @property
    def wrt_index(self) -> int:
        """The position of the differentiated argument (``argnums`` for ``vcbook.autodiff``)."""
        return [a.name for a in self.args].index(self.wrt)

    @property
    def notation_shapes(self) -> dict[str, str]:
        """The ``variables`` mapping for ``notation``: ``{"X": "m×n", "a": "m", "c": "scalar",
        "S": "n×n spd"}`` from ``args`` (a kind other than ``symmetric``/``spd`` is general).
        A dimension name that cannot be a size letter (``"rows"``) gets an unused letter."""
        letters = _size_letters(self.args)
        shapes = {}
        for a in self.args:
            dims = [letters[d] for d in a.dims]
            text = "scalar" if not dims else "×".join(dims)
            if a.kind in _STRUCTURES:
                text += " " + a.kind
            shapes[a.name] = text
        return shapes

    def sizes(self, shape_choice) -> Mapping[str, int]:
        """The dimension sizes for ``shape_choice`` (an index into ``shapes``, or a mapping)."""
        if isinstance(shape_choice, Mapping):
            return shape_choice
        return self.shapes[int(shape_choice)]

    def sample(self, rng: np.random.Generator, shape_choice=0) -> tuple[np.ndarray, ...]:
        """Random arguments satisfying the conditions, for one shape choice; in ``args`` order."""
        sizes = self.sizes(shape_choice)
        for _ in range(_MAX_TRIES):
            values = tuple(a.draw(rng, sizes) for a in self.args)
            if self.valid is None or self.valid(*values):
                return values
        raise RuntimeError(f"{self.name}: no valid instance in {_MAX_TRIES} draws for {sizes}")

    def partial(self, args) -> Callable:
        """The function of the ``wrt`` argument alone, the others held at ``args``."""
        k = self.wrt_index

        def f(x):
            call = list(args)
            call[k] = x
            return self.function(*call)
        return f

    def derivative_shape(self, args) -> tuple[int, ...]:
        """``output.shape + input.shape`` for these arguments."""
        return tuple(np.shape(self.function(*args))) + tuple(np.shape(args[self.wrt_index]))

    def variants(self) -> tuple[Variant, ...]:
        """The generic wrong variants followed by this identity's own."""
        return GENERIC_VARIANTS + tuple(self.wrong)

    def describe(self, args) -> str:
        """The instance's shapes, NumPy style: ``"X (2, 3), a (2,), b (3,) → ∂ (2, 3)"``."""
        parts = [f"{a.name} {np.shape(v)}" for a, v in zip(self.args, args, strict=True)]
        return ", ".join(parts) + f" → ∂ {self.derivative_shape(args)}"

    def check(self, rng: np.random.Generator, methods=None, shape_choices=None):
        """Verify the claim on one random instance per shape choice; a ``CheckResult``.

        ``methods`` ⊆ ("fd", "ad_reverse", "ad_forward", "symbolic"), all by default (symbolic
        only where ``symbolic`` is given).
        """
        from vcbook.identities.check import check_identity

        return check_identity(self, rng, methods=methods, shape_choices=shape_choices)

    def __repr__(self) -> str:
        return f"Identity({self.name!r})"

