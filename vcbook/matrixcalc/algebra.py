"""Expanding and collecting matrix expressions, and printing them readably.

``Algebra(ctx).expand(node)`` writes a tree as a sum of ``Term``s, each a rational coefficient
times scalar factors (with exponents, so ‖x‖ ‖x‖⁻¹ cancels) times a chain of matrix factors:
products are distributed over sums, transposes pushed onto the factors ((AB)ᵀ = BᵀAᵀ, (Aᵀ)ᵀ = A,
and a declared symmetric A is its own transpose), a 1×1 chain becomes a scalar factor in one
orientation (bᵀa and aᵀb are one factor), tr, sum and diag are distributed, the trace is
rotated (tr(a bᵀ) = bᵀa), and like terms are combined. ``Algebra.node(terms)`` prints terms
back as a tree: common factors pulled out (xᵀA + xᵀAᵀ = xᵀ(A + Aᵀ)), (AB)ᵀ folded when shorter.

Entrywise products are distributed only over a side that holds the differential; other sides
stay whole (so 1 - σ(u) stays 1 - σ(u)). A sum that mixes a scalar with an array (the scalar
acts on every entry) is never distributed over a matrix product, a trace, a sum or a diag.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction

from vcbook.answers.matrix.evaluate import constant_value
from vcbook.answers.matrix.render import text
from vcbook.answers.matrix.tree import (
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
    Sized,
)
from vcbook.matrixcalc import build as b
from vcbook.matrixcalc.context import Context, NotDifferentiable

# Functions of a matrix or vector that give zero when it is zero (entrywise ones, and sums,
# traces, norms and determinants of zero): a term with one of them of zero drops out.
VANISH_AT_ZERO = frozenset({"sin", "tanh", "sqrt", "abs", "sum", "tr", "diag", "norm", "det"})

Scalars = tuple[tuple[Node, Fraction], ...]
MAX_TERMS = 400


@dataclass(frozen=True)
class Term:
    """coef · Π base^exponent (scalar factors) · chain[0] chain[1] ... (a matrix product)."""

    coef: Fraction
    scalars: Scalars = ()
    chain: tuple[Node, ...] = ()

    @property
    def key(self) -> tuple:
        return self.scalars, self.chain


def _exponent(node: Node) -> Fraction | None:
    value = constant_value(node)
    if value is None:
        return None
    return Fraction(value).limit_denominator(10**6)


def _chain_node(chain: tuple[Node, ...]) -> Node:
    return b.times(*chain)


def _flatten(node: Node, op: str) -> list[Node]:
    """The operands of a left-nested run of ``op``: ((a op b) op c) -> [a, b, c]."""
    if isinstance(node, Binary) and node.op == op:
        return _flatten(node.left, op) + [node.right]
    return [node]


class Algebra:
    def __init__(self, ctx: Context, entrywise: bool = False):
        self.ctx, self.entrywise = ctx, entrywise
        self._folding = False
        self._symmetric: dict[Node, bool] = {}

    # -- building terms -------------------------------------------------------------------
    def is_scalar(self, node: Node) -> bool:
        return self.ctx.is_scalar(node)

    def transpose_factor(self, factor: Node) -> Node:
        """The transpose of one chain factor, pushed as far as it goes."""
        ctx = self.ctx
        if isinstance(factor, Identity) or ctx.is_scalar(factor):
            return factor
        if isinstance(factor, Name):
            return factor if ctx.symmetric(factor.name) else Postfix("T", factor)
        if isinstance(factor, Postfix):
            if factor.op == "T":
                return factor.arg
            flipped = {"-1": "-T", "-T": "-1"}[factor.op]
            if self.symmetric(factor.arg):
                return Postfix("-1", factor.arg)
            return Postfix(flipped, factor.arg)
        if isinstance(factor, Call) and factor.function == "diag" and self._diagonal_matrix(
                factor):
            return factor
        if isinstance(factor, Binary) and factor.op in ("⊙", "⊘") and self._all_matrices(factor):
            entries = _entrywise_factors(factor)
            return _entrywise_node(Counter({self.transpose_factor(e): k
                                            for e, k in entries.items()}))
        return Postfix("T", factor)

    def symmetric(self, node: Node) -> bool:
        """Is ``node`` its own transpose as written: a name declared symmetric, or a matrix
        whose expansion transposing leaves unchanged (XᵀX, λI + XᵀX, XᵀSX with S symmetric)?"""
        if isinstance(node, Name):
            return self.ctx.symmetric(node.name)
        if node not in self._symmetric:
            terms = self.expand(node)
            self._symmetric[node] = set(terms) == set(self.expand(Postfix("T", node)))
        return self._symmetric[node]

    def _all_matrices(self, factor: Binary) -> bool:
        """(U ⊙ V)ᵀ = Uᵀ ⊙ Vᵀ is pushed for matrices; for vectors (u ⊙ v)ᵀ reads better."""
        return all(1 not in (s.rows, s.cols)
                   for s in map(self.ctx.shape, _entrywise_factors(factor)))

    def _diagonal_matrix(self, node: Call) -> bool:
        shape = self.ctx.shape(node.arg)
        return 1 in (shape.rows, shape.cols)

    def transpose_chain(self, chain: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(self.transpose_factor(f) for f in reversed(chain))

    def _pull_scalar_runs(self, chain: tuple[Node, ...], scalars: dict) -> tuple[Node, ...]:
        """x xᵀ A x -> (xᵀ A x) x: a 1×1 run inside a longer chain becomes a scalar factor."""
        shapes = [self.ctx.shape(f) for f in chain]
        for i, start in enumerate(shapes):
            if start.rows != 1:
                continue
            for j in range(i, len(chain)):
                if shapes[j].cols == 1:
                    if i == 0 and j == len(chain) - 1:
                        return chain
                    run = self.make(Fraction(1), {}, chain[i:j + 1])
                    for base, k in run.scalars:
                        scalars[base] = scalars.get(base, Fraction(0)) + k
                    return self._pull_scalar_runs(chain[:i] + chain[j + 1:], scalars)
        return chain

    def _cancel_inverses(self, chain: tuple[Node, ...]) -> tuple[Node, ...]:
        """M⁻¹ M = M M⁻¹ = I (and M⁻ᵀ Mᵀ), adjacent pairs removed until none is left."""
        out: list[Node] = []
        for factor in chain:
            if out and (_inverse_pair(out[-1], factor) or _inverse_pair(factor, out[-1])):
                out.pop()
                continue
            out.append(factor)
        return tuple(out) or (b.IDENTITY,)

    def _orientation_key(self, chain: tuple[Node, ...]) -> tuple:
        written = text(_chain_node(chain))
        d_transposed = any(isinstance(f, Postfix) and f.op == "T" and self.ctx.has_d(f.arg)
                           for f in chain)
        return d_transposed, written.count("^T"), len(written), written

    def make(self, coef: Fraction, scalars: dict, chain: tuple[Node, ...]) -> Term:
        """A term in normal form: I dropped from longer chains, a 1×1 chain made a scalar."""
        scalars = dict(scalars)
        if len(chain) > 1:
            chain = self._cancel_inverses(chain)
            chain = tuple(f for f in chain if not isinstance(f, Identity)) or (b.IDENTITY,)
            chain = self._pull_scalar_runs(chain, scalars)
        if chain:
            first, last = self.ctx.shape(chain[0]), self.ctx.shape(chain[-1])
            if first.rows == 1 and last.cols == 1:
                flipped = self.transpose_chain(chain)
                best = min(chain, flipped, key=self._orientation_key)
                base = _ones_inner(best) or _chain_node(best)
                scalars[base] = scalars.get(base, Fraction(0)) + 1
                chain = ()
        ordered = tuple(sorted(((base, k) for base, k in scalars.items() if k != 0),
                               key=lambda item: text(item[0])))
        return Term(Fraction(coef), ordered, chain)

    def atom(self, node: Node) -> Term:
        """A term of one factor (scalar factor or chain factor, by its shape)."""
        if self.is_scalar(node):
            return self.make(Fraction(1), {node: Fraction(1)}, ())
        return self.make(Fraction(1), {}, (node,))

    def multiply(self, s: Term, t: Term) -> Term:
        scalars = dict(s.scalars)
        for base, k in t.scalars:
            scalars[base] = scalars.get(base, Fraction(0)) + k
        return self.make(s.coef * t.coef, scalars, s.chain + t.chain)

    def scale(self, terms: list[Term], factor: Term) -> list[Term]:
        return [self.multiply(factor, t) for t in terms]

    def collect(self, terms: list[Term]) -> list[Term]:
        totals: dict[tuple, Fraction] = {}
        for term in terms:
            totals[term.key] = totals.get(term.key, Fraction(0)) + term.coef
        if len(totals) > MAX_TERMS:
            raise ValueError("the expression expands to too many terms to print readably")
        return [Term(c, s, ch) for (s, ch), c in totals.items() if c != 0]

    # -- expanding ------------------------------------------------------------------------
    def expand(self, node: Node | None) -> list[Term]:
        if node is None:
            return []
        return self.collect(self._expand(node))

    def simplify(self, node: Node | None) -> Node | None:
        return self.node(self.expand(node))

    def tidy(self, node: Node | None) -> Node | None:
        """The shorter of ``simplify(node)`` and the form with entrywise products fully
        distributed and collected ((1 - y) ⊙ s - y ⊙ (1 - s) becomes s - y)."""
        kept = self.simplify(node)
        spread = Algebra(self.ctx, entrywise=True).simplify(node)
        if kept is None or spread is None:
            return None
        return spread if len(text(spread)) < len(text(kept)) else kept

    def merge_diagonals(self, node: Node | None) -> Node | None:
        """``node`` with every run diag(u) diag(v) ... of a term's chain written as one
        diag(u ⊙ v ⊙ ...) (u, v vectors of one shape), in the run's order: a Hessian's middle
        factor read as one diagonal matrix (Xᵀ diag(s ⊙ (1 - s)) X)."""
        terms = [Term(t.coef, t.scalars, self._merged_chain(t.chain)) for t in self.expand(node)]
        return self.node(self.collect(terms))

    def _merged_chain(self, chain: tuple[Node, ...]) -> tuple[Node, ...]:
        out: list[Node] = []
        for factor in chain:
            previous = out[-1] if out else None
            if (self._diagonal_of_vector(previous) and self._diagonal_of_vector(factor)
                    and self.ctx.shape(previous.arg) == self.ctx.shape(factor.arg)):
                out[-1] = Call("diag", Binary("⊙", previous.arg, factor.arg))
                continue
            out.append(factor)
        return tuple(out)

    def _diagonal_of_vector(self, node: Node | None) -> bool:
        return isinstance(node, Call) and node.function == "diag" and self._diagonal_matrix(node)

    def _broadcasting(self, node: Node, terms: list[Term]) -> bool:
        """An array written as a sum with a scalar term (the scalar acts on every entry)."""
        return len(terms) > 1 and not self.is_scalar(node) and any(not t.chain for t in terms)

    def _linear_terms(self, node: Node) -> list[Term]:
        """``node`` expanded for a linear map (product, tr, sum, diag): one atom if it
        broadcasts a scalar over an array."""
        terms = self.expand(node)
        if self._broadcasting(node, terms):
            return [self.atom(self.node(terms))]
        return terms

    def _expand(self, node: Node) -> list[Term]:
        if isinstance(node, Number):
            return [Term(Fraction(node.text))]
        if isinstance(node, Identity):
            return [Term(Fraction(1), (), (b.IDENTITY,))]
        if isinstance(node, Ones):
            return [Term(Fraction(1), (), (b.ONES,))]
        if isinstance(node, Name | Constant):
            return [self.atom(node)]
        if isinstance(node, Negate):
            return [Term(-t.coef, t.scalars, t.chain) for t in self.expand(node.arg)]
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, Postfix):
            return self._postfix(node.op, node.arg)
        if isinstance(node, Power):
            return self._power(node)
        if isinstance(node, Call):
            return self._call(node)
        raise TypeError(f"not a matrix-notation node: {node!r}")

    def _binary(self, node: Binary) -> list[Term]:
        op = node.op
        if op in ("+", "-"):
            right = self.expand(node.right)
            if op == "-":
                right = [Term(-t.coef, t.scalars, t.chain) for t in right]
            return self.expand(node.left) + right
        scalar_side = self.is_scalar(node.left) or self.is_scalar(node.right)
        if op == "*" or (op == "⊙" and scalar_side):
            left, right = self._linear_terms(node.left), self._linear_terms(node.right)
            return [self.multiply(s, t) for s in left for t in right]
        if op == "/" or (op == "⊘" and self.is_scalar(node.right)):
            return self.scale(self.expand(node.left), self.reciprocal(node.right))
        if op == "⊙":
            return self._hadamard(node)
        return self._quotient(node)

    def reciprocal(self, node: Node) -> Term:
        terms = self.nonzero(node, "divides by")
        if len(terms) == 1 and not terms[0].chain:
            (term,) = terms
            return self.make(1 / term.coef, {base: -k for base, k in term.scalars}, ())
        return self.make(Fraction(1), {self.node(terms): Fraction(-1)}, ())

    def nonzero(self, node: Node, use: str) -> list[Term]:
        """``node`` expanded; NotDifferentiable if it is zero, for the derivative ``use``s it
        ("divides by", "inverts"): say, the derivative of norm(u) or inv(U) where u, U are 0."""
        terms = self.expand(node)
        if not terms:
            raise NotDifferentiable(f"{text(node)} is zero, and the derivative {use} it: it does "
                                    f"not exist there")
        return terms

    def _side(self, node: Node) -> list[Term]:
        """An entrywise operand: distributed if it holds the differential (or when
        ``entrywise`` asks for full distribution), else kept whole."""
        terms = self.expand(node)
        if len(terms) > 1 and not self.entrywise and not self.ctx.has_d(node):
            return [self.atom(self.node(terms))]
        return terms

    def _entries(self, term: Term) -> Counter:
        """The entrywise factors of a term's chain with their exponents (⊘ gives -1)."""
        if len(term.chain) == 1:
            return _entrywise_factors(term.chain[0])
        return Counter({_chain_node(term.chain): 1})

    def _entrywise(self, coef, scalars, entries: Counter, fallback: Node) -> Term:
        """A term whose chain is the entrywise product ``entries`` (U ⊙ V ⊘ U = V); if
        everything cancels (an all-ones array), ``fallback``, as written."""
        kept = Counter({e: k for e, k in entries.items() if k != 0})
        return self.make(coef, scalars, (_entrywise_node(kept) if kept else fallback,))

    def _hadamard(self, node: Binary) -> list[Term]:
        result = []
        for s in self._side(node.left):
            for t in self._side(node.right):
                scalars = dict(s.scalars)
                for base, k in t.scalars:
                    scalars[base] = scalars.get(base, Fraction(0)) + k
                if not s.chain or not t.chain:  # a scalar term acts on every entry
                    result.append(self.make(s.coef * t.coef, scalars, s.chain + t.chain))
                    continue
                entries, other = self._entries(s), self._entries(t)
                fallback = Binary("⊙", _entrywise_node(entries), _entrywise_node(other))
                entries.update(other)
                result.append(self._entrywise(s.coef * t.coef, scalars, entries, fallback))
        return result

    def _quotient(self, node: Binary) -> list[Term]:
        below = self.nonzero(node.right, "divides by")
        if len(below) == 1 and below[0].chain:  # c V: the scalar part divides as a scalar
            (term,) = below
            over = Counter({e: -k for e, k in self._entries(term).items()})
            scale = self.make(1 / term.coef, {base: -k for base, k in term.scalars}, ())
        else:
            over, scale = Counter({self.node(below): -1}), Term(Fraction(1))
        result = []
        for term in self._side(node.left):
            entries = self._entries(term) if term.chain else Counter()
            fallback = Binary("⊘", _entrywise_node(entries),
                              _entrywise_node(Counter({e: -k for e, k in over.items()})))
            entries.update(over)
            scaled = self.multiply(scale, Term(term.coef, term.scalars))
            result.append(self._entrywise(scaled.coef, dict(scaled.scalars), entries, fallback))
        return result

    def _postfix(self, op: str, arg: Node) -> list[Term]:
        if op == "T":
            return [self.make(t.coef, dict(t.scalars), self.transpose_chain(t.chain))
                    for t in self.expand(arg)]
        if self.is_scalar(arg):
            return [self.reciprocal(arg)]
        inner = self.node(self.nonzero(arg, "inverts"))
        if isinstance(inner, Postfix) and inner.op == "-1":
            result = inner.arg
        elif isinstance(inner, Postfix) and inner.op == "T":
            result = Postfix("-T", inner.arg)
        else:
            result = Postfix("-1", inner)
        if op == "-T":
            return self._postfix("T", result)
        return [self.atom(result)]

    def _power(self, node: Power) -> list[Term]:
        k = _exponent(node.exponent)
        if not self.is_scalar(node.base):
            if k == 1:
                return self.expand(node.base)
            if k == -1:
                return self._postfix("-1", node.base)
            if k is not None and k > 0 and not self.expand(node.base):
                return []  # a positive power of a zero matrix
            return [self.atom(Power(self.node(self.nonzero(node.base, "inverts")),
                                    node.exponent))]
        if k is None:
            return [self.atom(Power(self.simplify(node.base), self.simplify(node.exponent)))]
        terms = self.expand(node.base)
        if not terms:
            return [] if k > 0 else [self.atom(node)]
        if len(terms) == 1 and k.denominator == 1:
            (term,) = terms
            return [self.make(term.coef ** int(k), {base: e * k for base, e in term.scalars}, ())]
        return [self.make(Fraction(1), {self.node(terms): k}, ())]

    def _call(self, node: Call) -> list[Term]:
        function = node.function
        if function == "log" and node.arg == Constant("e"):
            return [Term(Fraction(1))]
        if function == "inv":
            return self._postfix("-1", node.arg)
        if function in ("tr", "sum", "diag", "det") and self.is_scalar(node.arg):
            return self.expand(node.arg)
        if function in ("tr", "sum", "diag"):
            result = []
            for term in self._linear_terms(node.arg):
                chain = self._trace_rotation(term.chain) if function == "tr" else term.chain
                inner = self.make(Fraction(1), {}, chain)
                if not inner.chain:  # tr of a product that rotates to a scalar
                    result.append(self.multiply(Term(term.coef, term.scalars), inner))
                    continue
                result.append(self.multiply(Term(term.coef, term.scalars),
                                            self.atom(Call(function, _chain_node(chain)))))
            return result
        if not self.is_scalar(node.arg) and self.simplify(node.arg) is None:
            # f of a zero matrix or vector: zero when f(0) = 0; otherwise a matrix of f(0)
            # entries (ones, for exp and cos), kept as written so that it keeps its shape
            if function in VANISH_AT_ZERO:
                return []
            return [self.atom(Call(function, _plain(node.arg)))]
        return [self.atom(Call(function, self._argument(node.arg)))]

    def _argument(self, arg: Node) -> Node:
        """A function's argument: simplified, or as written when that is no longer
        (exp(-(x - μ)ᵀS⁻¹(x - μ)/2) stays so, not expanded into three terms)."""
        simplified = self.simplify(arg)
        if simplified is None:
            return b.number(0)
        written = _plain(arg)
        if self.ctx.has_d(arg) or len(text(simplified)) <= len(text(written)):
            return simplified
        return written

    def _trace_rotation(self, chain: tuple[Node, ...]) -> tuple[Node, ...]:
        """The rotation of a traced chain to print: one that is 1×1 if any (no trace needed),
        else the one ending in the differential, else the shortest text."""
        rotations = [chain[i:] + chain[:i] for i in range(len(chain))]

        def key(rotation):
            first, last = self.ctx.shape(rotation[0]), self.ctx.shape(rotation[-1])
            scalar = first.rows == 1 and last.cols == 1
            written = text(_chain_node(rotation))
            return not scalar, not self.ctx.has_d(rotation[-1]), written.count("^T"), written

        return min(rotations, key=key)

    # -- printing -------------------------------------------------------------------------
    def node(self, terms: list[Term]) -> Node | None:
        """The terms as a readable tree (None for no terms: zero)."""
        if not terms:
            return None
        return self._sum(self._ordered(terms))

    def _ordered(self, terms: list[Term]) -> list[Term]:
        """Positive terms first, then fewer transposes; otherwise as they came."""
        def key(item):
            index, term = item
            written = text(self._term_node(Term(abs(term.coef), term.scalars, term.chain)))
            return term.coef < 0, written.count("^T"), index
        return [term for _, term in sorted(enumerate(terms), key=key)]

    def _sum(self, terms: list[Term]) -> Node:
        if len(terms) == 1:
            return self._signed(terms[0])
        common = self._common_factor(terms)
        if common is not None:
            factor, rest = common
            inner = self._sum(rest)
            return self._with_factor(factor, inner)
        grouped = self._product_of_sums(terms) or self._factor_chains(terms)
        if grouped is not None:
            return grouped
        result = self._signed(terms[0])
        for term in terms[1:]:  # the first term carries its sign, the others + or -
            node = self._term_node(Term(abs(term.coef), term.scalars, term.chain))
            result = Binary("-" if term.coef < 0 else "+", result, node)
        return self._folded_sum(terms, result)

    def _folded_sum(self, terms: list[Term], written: Node) -> Node:
        """xᵀAᵀ - yᵀ -> (A x - y)ᵀ: a sum of transposed terms written as one transpose, when
        that is shorter, or about as long with fewer transposes."""
        if self._folding or not all(t.chain for t in terms):
            return written
        flipped = [Term(t.coef, t.scalars, self.transpose_chain(t.chain)) for t in terms]
        self._folding = True
        try:
            inner = self._sum(self._ordered(flipped))
        finally:
            self._folding = False
        folded = Postfix("T", inner)
        short, long_ = text(folded), text(written)
        fewer = short.count("^T") < long_.count("^T") and len(short) <= len(long_) + 3
        return folded if len(short) < len(long_) or fewer else written

    def _signed(self, term: Term) -> Node:
        node = self._term_node(Term(abs(term.coef), term.scalars, term.chain))
        return _negated(node) if term.coef < 0 else node

    def _common_factor(self, terms: list[Term]):
        """A coefficient and scalar factors shared by every term: (factor, the rest) or None."""
        magnitudes = {abs(t.coef) for t in terms}
        coef = magnitudes.pop() if len(magnitudes) == 1 else Fraction(1)
        if all(t.coef < 0 for t in terms):
            coef = -coef
        shared = set(terms[0].scalars)
        for term in terms[1:]:
            shared &= set(term.scalars)
        if coef == 1 and not shared:
            return None
        rest = [Term(t.coef / coef, tuple(s for s in t.scalars if s not in shared), t.chain)
                for t in terms]
        return Term(coef, tuple(sorted(shared, key=lambda item: text(item[0])))), rest

    def _with_factor(self, factor: Term, inner: Node) -> Node:
        """factor · (inner): the factor's coefficient and scalars in front."""
        magnitude = Term(abs(factor.coef), factor.scalars)
        node = inner
        if magnitude != Term(Fraction(1)):
            front = self._term_node(magnitude)
            if isinstance(front, Binary) and front.op == "/":  # (p / q) (inner) as p inner / q
                above = inner if front.left == b.ONE else Binary("*", front.left, inner)
                node = Binary("/", above, front.right)
            elif isinstance(front, Number) or not isinstance(front, Binary):
                node = b.times(front, *_flatten(inner, "*"))
            else:
                node = Binary("*", front, inner)
        return _negated(node) if factor.coef < 0 else node

    def _product_of_sums(self, terms: list[Term]) -> Node | None:
        """(x - μ)(x - μ)ᵀ written back: the terms c_ij a_i r_j (first factor a_i, the rest of
        the chain r_j, no scalar factors) whose coefficients fill a rank-one table at least 2×2,
        c_ij = α_i β_j, printed as (Σ α_i a_i)(Σ β_j r_j); the other terms after them."""
        block = [t for t in terms if len(t.chain) >= 2 and not t.scalars]
        table = {(t.chain[0], t.chain[1:]): t.coef for t in block}
        firsts = list(dict.fromkeys(a for a, _ in table))
        rests = list(dict.fromkeys(r for _, r in table))
        if min(len(firsts), len(rests)) < 2 or len(table) != len(firsts) * len(rests):
            return None
        a0, r0 = firsts[0], rests[0]
        if any(table[a, r] * table[a0, r0] != table[a, r0] * table[a0, r]
               for a in firsts for r in rests):
            return None
        alphas, sign_a = _mostly_positive([table[a, r0] for a in firsts])
        betas, sign_b = _mostly_positive([table[a0, r] / table[a0, r0] for r in rests])
        lefts = [Term(c, (), (a,)) for c, a in zip(alphas, firsts, strict=True)]
        rights = [Term(c, (), r) for c, r in zip(betas, rests, strict=True)]
        mirrored = {(t.coef, self.transpose_chain(t.chain)) for t in lefts}
        if mirrored == {(-t.coef, t.chain) for t in rights}:  # (x - μ)(x - μ)ᵀ, not (μ - x)ᵀ
            rights, sign_b = [Term(-t.coef, (), t.chain) for t in rights], -sign_b
        left, right = self._sum(self._ordered(lefts)), self._sum(self._ordered(rights))
        parts = _flatten(right, "*")
        if isinstance(parts[0], Number | Negate) or self._has_scalar_prefix(parts):
            grouped = Binary("*", left, right)
        else:  # (x - μ) (x - μ)ᵀ S⁻¹, not (x - μ) ((x - μ)ᵀ S⁻¹)
            grouped = b.times(left, *parts)
        others = [t for t in terms if t not in block]
        if sign_a * sign_b > 0:
            return _appended(grouped, self._sum(self._ordered(others))) if others else grouped
        if not others:
            return b.times(Negate(left), *_flatten(grouped, "*")[1:])
        return Binary("-", self._sum(self._ordered(others)), grouped)

    def _factor_chains(self, terms: list[Term]) -> Node | None:
        """Pull out a leading or trailing chain factor shared by two or more terms."""
        best = None
        for end in (0, -1):
            counts = Counter(t.chain[end] for t in terms if t.chain)
            if counts:
                factor, count = counts.most_common(1)[0]
                if count >= 2 and (best is None or count > best[2]):
                    best = (end, factor, count)
        if best is None:
            return None
        end, factor, count = best
        shared = [t for t in terms if t.chain and t.chain[end] == factor]
        others = [t for t in terms if not (t.chain and t.chain[end] == factor)]
        rests = [Term(t.coef, t.scalars, t.chain[1:] if end == 0 else t.chain[:-1])
                 for t in shared]
        if any(not r.chain for r in rests) and any(r.chain for r in rests):
            rests = [r if r.chain else Term(r.coef, r.scalars, (b.IDENTITY,)) for r in rests]
        inner = self._sum(self._ordered(rests))
        parts = _flatten(inner, "*")
        if end == -1:
            grouped = Binary("*", inner, factor)
        elif isinstance(parts[0], Number | Negate) or self._has_scalar_prefix(parts):
            grouped = Binary("*", factor, inner)
        else:  # P (S Q), not P ((S) Q): the product reads left to right anyway
            grouped = b.times(factor, *parts)
        if not others:
            return grouped
        return _appended(grouped, self._sum(self._ordered(others)))

    def _has_scalar_prefix(self, parts: list[Node]) -> bool:
        """Does a product p0 p1 ... pass through a 1×1 value (a scalar factor in front)? Then
        P p0 p1 ... would not be P (p0 p1 ...)."""
        return any(self.is_scalar(b.times(*parts[:k])) for k in range(1, len(parts) + 1))

    def _term_node(self, term: Term) -> Node:
        """A term with a non-negative coefficient as a product (and a quotient)."""
        up = [(base, k) for base, k in term.scalars if k > 0]
        down = [(base, -k) for base, k in term.scalars if k < 0]
        simple = [self._power_of(base, k) for base, k in up if not _compound(base)]
        compound = [self._power_of(base, k) for base, k in up if _compound(base)]
        coef = term.coef
        factors: list[Node] = []
        written, denominator = b.number(coef), coef.denominator
        if isinstance(written, Number):
            if coef != 1:
                factors.append(written)
            denominator = 1
        elif coef.numerator != 1:
            factors.append(Number(str(coef.numerator)))
        chain = list(self._fold_transposes(term.chain))
        factors += simple + chain
        if not simple and not chain and len(compound) == 1:
            factors += _flatten(compound[0], "*")
        else:
            factors += compound
        node = b.times(*factors) if factors else b.ONE
        below = [self._power_of(base, k) for base, k in down]
        if denominator != 1:
            below.insert(0, b.number(denominator))
        if below:
            node = Binary("/", node, b.times(*below))
        return node

    def _power_of(self, base: Node, k: Fraction) -> Node:
        return base if k == 1 else Power(base, b.number(k))

    def _fold_transposes(self, chain: tuple[Node, ...]) -> tuple[Node, ...]:
        """Bᵀ Aᵀ -> (A B)ᵀ where that is shorter to write."""
        out: list[Node] = []
        i = 0
        while i < len(chain):
            j = i
            while j < len(chain) and isinstance(chain[j], Postfix) and chain[j].op == "T":
                j += 1
            if j - i >= 2:
                run = chain[i:j]
                folded = Postfix("T", _chain_node(tuple(f.arg for f in reversed(run))))
                if len(text(folded)) < len(text(_chain_node(run))):
                    out.append(folded)
                    i = j
                    continue
            out.append(chain[i])
            i += 1
        return tuple(out)


def _plain(node: Node) -> Node:
    """``node`` with every I and ones numbered 0 and no spans (so equal trees compare equal)."""
    if isinstance(node, Sized):
        return type(node)(0)
    children = {k: _plain(v) for k, v in vars(node).items() if isinstance(v, Node)}
    return replace(node, span=None, **children)


def _is_ones(node: Node) -> bool:
    """ones, or U ⊘ U (every entrywise factor cancels): the all-ones array, as it is kept
    written."""
    return isinstance(node, Ones) or isinstance(node, Binary) and node.op in ("⊙", "⊘") and \
        not any(_entrywise_factors(node).values())


def _ones_inner(chain: tuple[Node, ...]) -> Node | None:
    """𝟙ᵀv and vᵀ𝟙 (a 1×1 chain with the all-ones vector) are sum(v)."""
    if len(chain) != 2:
        return None
    first, second = chain
    if isinstance(first, Postfix) and first.op == "T" and _is_ones(first.arg):
        return Call("sum", second)
    if isinstance(second, Postfix) and second.op == "T" and _is_ones(second.arg):
        return Call("sum", first)
    if _is_ones(second) and isinstance(first, Postfix) and first.op == "T":
        return Call("sum", first.arg)
    return None


def _entrywise_factors(node: Node) -> Counter:
    """U ⊙ V ⊘ W -> {U: 1, V: 1, W: -1} (a run of ⊙ and ⊘, left to right)."""
    if isinstance(node, Binary) and node.op in ("⊙", "⊘"):
        found = _entrywise_factors(node.left)
        sign = 1 if node.op == "⊙" else -1
        for entry, k in _entrywise_factors(node.right).items():
            found[entry] += sign * k
        return found
    return Counter({node: 1})


def _entrywise_node(entries: Counter) -> Node:
    """{U: 1, V: 2, W: -1} -> U ⊙ V ⊙ V ⊘ W (factors sorted, the quotient last)."""
    up = [e for e in sorted(entries, key=text) for _ in range(max(entries[e], 0))]
    down = [e for e in sorted(entries, key=text) for _ in range(max(-entries[e], 0))]
    product = up[0] if up else b.ONE
    for entry in up[1:]:
        product = Binary("⊙", product, entry)
    if down:
        below = down[0]
        for entry in down[1:]:
            below = Binary("⊙", below, entry)
        product = Binary("⊘", product, below)
    return product


def _inverse_pair(a: Node, c: Node) -> bool:
    """Is a = c⁻¹ (as written: M⁻¹ and M, or M⁻ᵀ and Mᵀ)?"""
    if not isinstance(a, Postfix):
        return False
    if a.op == "-1":
        return a.arg == c
    return a.op == "-T" and c == Postfix("T", a.arg)


def _mostly_positive(coefs: list[Fraction]) -> tuple[list[Fraction], int]:
    """The coefficients of a sum, negated if more of them are negative (or as many, and the
    first): (coefs, 1) or (-coefs, -1), so that x - μ is not written -(μ - x)."""
    negatives = sum(c < 0 for c in coefs)
    if 2 * negatives > len(coefs) or (2 * negatives == len(coefs) and coefs[0] < 0):
        return [-c for c in coefs], -1
    return coefs, 1


def _negated(node: Node) -> Node:
    """-node, the sign on the first factor of a product: -X⁻ᵀ a bᵀ, not -(X⁻ᵀ a bᵀ)."""
    factors = _flatten(node, "*")
    if len(factors) > 1 and not isinstance(factors[0], Binary | Negate):
        return b.times(Negate(factors[0]), *factors[1:])
    return Negate(node)


def _appended(first: Node, rest: Node) -> Node:
    """first + rest, written left to right: a + (b - c) as a + b - c."""
    if isinstance(rest, Binary) and rest.op in ("+", "-"):
        return Binary(rest.op, _appended(first, rest.left), rest.right)
    positive = _without_sign(rest)
    if positive is not None:
        return Binary("-", first, positive)
    return Binary("+", first, rest)


def _without_sign(node: Node) -> Node | None:
    """For a node printed with a leading minus (-a or -a b c): the node without it."""
    if isinstance(node, Negate):
        return node.arg
    factors = _flatten(node, "*")
    if len(factors) > 1 and isinstance(factors[0], Negate):
        return b.times(factors[0].arg, *factors[1:])
    return None


def _compound(node: Node) -> bool:
    """A scalar factor written with operators (xᵀAx, 1 + s) goes after the simple ones."""
    return isinstance(node, Binary | Negate)
