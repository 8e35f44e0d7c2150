"""``check`` for matrix notation: read, infer shapes, compare by evaluation, diagnose.

Order: the answer is read (``reader``; unreadable or undefined -> "invalid", naming the failing
operation and both shapes); authored distractors are tried first; then the shapes of answer and
expected answer must fit: an answer whose shape is the transpose of the expected one is compared
transposed ("transpose", with the book's layout explained, plus any other finding), an answer
that would fit with the all-ones vector where it has a 1 or a sum (1ᵀA, sum(A) for 𝟙ᵀA) is told
so (``diagnose.ones_slip``), any other shape is refused with both shapes; finally values are
compared at seeded points and a wrong answer gets the first finding of ``diagnose.DIAGNOSES``.
``check`` never raises.
"""

from __future__ import annotations

import functools

from vcbook.answers.compare import derive_seed
from vcbook.answers.diagnose import DERIVATIVES, LAYOUT_NOTES, transposed_message
from vcbook.answers.errors import AuthorError, InvalidAnswer
from vcbook.answers.matrix.compare import Pair
from vcbook.answers.matrix.declare import Declarations, declare
from vcbook.answers.matrix.diagnose import GENERIC, Case, diagnose, ones_slip
from vcbook.answers.matrix.expr import MatrixExpr, read_expr
from vcbook.answers.matrix.infer import infer
from vcbook.answers.matrix.sample import sample
from vcbook.answers.matrix.shapes import shape_text, shape_words
from vcbook.answers.matrix.tree import Node, Postfix
from vcbook.answers.verdict import Verdict, never_raising

INCONCLUSIVE = ("I could not check this form of your answer: it is undefined at too many of "
                "the sampled values. Please try another form; this was not counted as an "
                "attempt.")


@functools.lru_cache(maxsize=512)
def author_tree(text: str, declarations: Declarations) -> Node:
    """An author's expected answer or distractor, read and shape-checked; AuthorError if not."""
    if not isinstance(text, str):
        raise AuthorError(f"in matrix notation an expected answer is text, got {text!r}")
    try:
        return read_expr(text, declarations).tree
    except InvalidAnswer as exc:
        raise AuthorError(f"the expected answer {text!r} cannot be read: {exc}") from None


def _with_readings(message: str, answer: MatrixExpr) -> str:
    return " ".join([message, *answer.readings])


def _shape_refusal(answer: MatrixExpr, expected: Pair | None, target, derivative) -> Verdict:
    have, want = answer.typing.resolved, target
    message = f"Your answer is {shape_words(have)}, but the answer here is {shape_words(want)}."
    if expected is not None:
        note = LAYOUT_NOTES[derivative]
        message = (f"Your answer is {shape_words(have)}, but the answer here is "
                   f"{shape_words(want)}: its rows and columns are the other way round."
                   + (f" {note}" if note else ""))
    return Verdict("invalid", message, answer, ("invalid:shape",))


def _transposed(answer: MatrixExpr, flipped: Pair, declarations, derivative) -> Verdict:
    """The answer's shape is the expected one transposed: compare it transposed."""
    have = shape_text(answer.typing.resolved)
    want = shape_text(flipped.expected_typing.resolved)
    comparison = flipped.compare()
    if comparison.status == "unknown":
        return Verdict("invalid", INCONCLUSIVE, answer, ("inconclusive",))
    layout = transposed_message(have, want, derivative)
    if comparison.status == "equal":
        return Verdict("incorrect", _with_readings(layout, answer), answer, ("transpose",))
    finding = diagnose(Case(flipped, comparison, declarations, derivative), skip=("transpose",))
    if finding is None:
        return _shape_refusal(answer, flipped, flipped.expected_typing.resolved, derivative)
    message = f"{layout} And even transposed it is not right yet. {finding.message}"
    return Verdict("incorrect", _with_readings(message, answer), answer,
                   ("transpose", finding.code))


def _ones_slip(answer: MatrixExpr, target: Node, declarations, points, derivative
               ) -> Verdict | None:
    """A 1 (or a sum) where the all-ones vector was meant, which made the shape wrong."""
    def same(tree: Node, flip: bool = False) -> bool:
        pair = Pair.make(Postfix("T", tree) if flip else tree, target, declarations, points)
        return pair is not None and pair.equal()

    found = ones_slip(answer.tree, same, lambda tree: same(tree, flip=True))
    if found is None:
        return None
    finding, flipped = found
    if not flipped:
        return Verdict("incorrect", _with_readings(finding.message, answer), answer,
                       (finding.code,))
    layout = transposed_message(derivative=derivative)
    message = f"{finding.message} And then it is still transposed: {layout[0].lower()}{layout[1:]}"
    return Verdict("incorrect", _with_readings(message, answer), answer,
                   (finding.code, "transpose"))


def _check(text, expected, variables, distractors, seed, derivative) -> Verdict:
    if derivative not in DERIVATIVES:
        raise AuthorError(f"derivative must be one of {DERIVATIVES}, got {derivative!r}")
    declarations = declare(variables)
    target = author_tree(expected, declarations)
    authored = [(author_tree(obj, declarations), str(message)) for obj, message in distractors]
    answer = read_expr(text, declarations)
    points = sample(declarations, derive_seed(seed, expected, declarations.variables))

    for index, (tree, message) in enumerate(authored):
        pair = Pair.make(answer.tree, tree, declarations, points)
        if pair is not None and pair.equal():
            return Verdict("incorrect", message, answer, (f"distractor:{index}",))

    pair = Pair.make(answer.tree, target, declarations, points)
    if pair is None:
        flipped = Pair.make(Postfix("T", answer.tree), target, declarations, points)
        if flipped is not None:
            return _transposed(answer, flipped, declarations, derivative)
        slip = _ones_slip(answer, target, declarations, points, derivative)
        if slip is not None:
            return slip
        want = infer(target, declarations).resolved
        return _shape_refusal(answer, None, want, derivative)

    comparison = pair.compare()
    notes = ("read-as",) if answer.readings else ()
    if comparison.status == "unknown":
        return Verdict("invalid", INCONCLUSIVE, answer, ("inconclusive",))
    if comparison.status == "equal":
        return Verdict("correct", _with_readings("Correct!", answer), answer, notes)
    finding = diagnose(Case(pair, comparison, declarations, derivative))
    message = GENERIC if finding is None else finding.message
    codes = () if finding is None else (finding.code,)
    return Verdict("incorrect", _with_readings(message, answer), answer, codes + notes)


def check(text, expected, variables, *, distractors=(), seed=0, derivative=None) -> Verdict:
    """Judge a matrix-notation answer against ``expected`` (text in the same notation).

    - ``variables``: the shape declarations (``declare``), e.g. ``{"x": "n", "A": "n×n"}``.
    - ``distractors``: (text, message) pairs; an answer equal to one gets its message.
    - ``seed``: the exercise's seed (sample points derive from it and from ``expected``).
    - ``derivative``: what the answer is, to explain a transposed answer: "gradient" (a scalar
      by a vector: a 1×n row), "jacobian", "matrix" (a scalar by a matrix) or None.

    Returns a ``Verdict``: "correct", "incorrect" (``notes``: "transpose", "symmetric-only",
    "factor", "sign", "missing-term", "one-for-identity", "one-for-ones", "sum-for-ones",
    "undefined", "distractor:k") or
    "invalid" (never costs an attempt; ``notes`` such as "invalid:shape", "invalid:syntax").
    ``answer`` is the parsed ``MatrixExpr`` when there is one. Never raises.
    """
    return never_raising(_check, text, expected, variables, distractors, seed, derivative)
