"""``check``: run a student's function on an exercise's hidden cases and say what is wrong.

The order: the function is called on every hidden case (copies of the arguments, under one time
limit); an exception or a time-out ends the check with where it happened. The returned values are
unpacked (a tuple of the right length, arrays of numbers); each output then goes through
``diagnose.DIAGNOSES``. An exercise may add a last check of its own (``verify``: the VJP
exercise runs ``ad.check_grads`` with the student's rule; the numerical-gradient exercise looks
at the points where f was evaluated); its finding replaces the outputs' findings whose codes it
``explains``. The result is a ``CodeVerdict``.
"""

from __future__ import annotations

import time

import numpy as np

from vcbook.exercises.coding import runner
from vcbook.exercises.coding.diagnose import Evidence, Finding, close, explain
from vcbook.exercises.coding.verdict import CodeVerdict

SHAPE_WORDS = ("matmul", "aligned", "broadcast", "shape")
SHAPE_ADVICE = "That is a shape mismatch: print the shapes of the arrays on that line."


class Unusable(Exception):
    """What the student's function returned cannot be compared (None, the wrong count, not
    numbers); or what was passed to ``check`` is not a function."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {tuple(value.shape)}"
    return type(value).__name__


def _array(item, output) -> np.ndarray:
    if item is None:
        raise Unusable("none-entry", f"{output.name} is None: compute it and return it.")
    if np.iscomplexobj(item):
        raise Unusable("not-numbers", f"{output.name} has complex entries; real numbers "
                                      f"are expected.")
    try:
        return np.array(item, dtype=float)  # a copy: nothing the student keeps can change it
    except (TypeError, ValueError):
        raise Unusable("not-numbers", f"{output.name} is not an array of numbers (it is a "
                                      f"{_kind(item)}).") from None


def unpack(value, outputs, name: str) -> tuple[np.ndarray, ...]:
    """The student's return value as one float array per output, or ``Unusable``."""
    names = ", ".join(o.name for o in outputs)
    if value is None:
        raise Unusable("returned-none", f"{name} returned None: is `return {names}` missing?")
    if len(outputs) == 1:
        return (_array(value, outputs[0]),)
    if not isinstance(value, (tuple, list)):
        raise Unusable("not-a-tuple", f"{name} should return {len(outputs)} arrays, {names}, "
                                      f"as a tuple; it returned one {_kind(value)}.")
    if len(value) != len(outputs):
        raise Unusable("tuple-length", f"{name} returned {len(value)} values; it should return "
                                       f"{len(outputs)}: {names}, in that order.")
    return tuple(_array(item, out) for item, out in zip(value, outputs, strict=True))


def failure_verdict(failure: runner.Failure, name: str, label: str, exercise) -> CodeVerdict:
    """The verdict on an exception or a time-out in the student's code (``label``: the case),
    told the way Python would: where (then the student's line), what, and a hint."""
    case = f" in hidden case {label}" if label else ""
    place = f"{',' if case else ''} {failure.place()}" if failure.line is not None else ""
    source = (("code", failure.source),) if failure.source else ()
    end = ":" if source else "."
    if failure.kind == "timeout":
        return CodeVerdict.of("incorrect", (
            ("p", f"{name} was still running after {failure.message} and was stopped"
                  f"{case}{place}{end}"), *source,
            ("p", "Is it an endless loop?")), notes=("timeout",))
    blocks = [("p", f"{name} raised {failure.error}{case}{place}{end}"), *source,
              ("error", f"{failure.error}: {failure.message}" if failure.message
               else failure.error)]
    if any(word in failure.message for word in SHAPE_WORDS):
        blocks.append(("p", " ".join(filter(None, (SHAPE_ADVICE,
                                                   exercise.advice.get("shapes"))))))
    elif failure.line is None:
        blocks.append(("p", f"It is called as {exercise.call}: check its parameters."))
    return CodeVerdict.of("incorrect", blocks, notes=("exception", f"exception:{failure.error}"))


def display_name(fn, exercise) -> str:
    """The function's own name for messages; the exercise's for a lambda or an object."""
    name = getattr(fn, "__name__", "")
    return name if isinstance(name, str) and name.isidentifier() else exercise.function


def _copies(args: tuple) -> tuple:
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)


def mistake_values(exercise, k: int) -> tuple:
    """For output ``k``: each mistake with its value case by case, or None when the mistake
    leaves this output right (or does not apply to some case). ``CodeExercise.known_mistakes``
    keeps them."""
    found = []
    for mistake in exercise.mistakes:
        try:
            with runner.quiet():
                values = tuple(np.asarray(mistake.model(*case.args)[k], dtype=float)
                               for case, _ in exercise.hidden)
        except (ValueError, TypeError, IndexError):
            values = None
        if values is not None and all(close(v, want[k], exercise.rtol) for v, (_, want)
                                      in zip(values, exercise.hidden, strict=True)):
            values = None
        found.append((mistake, values))
    return tuple(found)


def check(exercise, fn, time_limit: float | None = 10.0) -> CodeVerdict:
    """The verdict on ``fn`` for ``exercise`` (see the module docstring). Raises nothing but
    KeyboardInterrupt."""
    name = display_name(fn, exercise)
    try:
        call = exercise.adapt(fn)
    except Unusable as problem:
        return CodeVerdict.of("invalid", (("p", problem.message),), notes=(problem.code,))
    started, label, got = time.monotonic(), "", []
    try:
        with runner.time_limit(time_limit), runner.quiet():
            for case, _ in exercise.hidden:
                label = case.label
                try:
                    got.append(call(*_copies(case.args)))
                except (Exception, SystemExit) as exc:  # noqa: BLE001 - the student's error
                    return failure_verdict(runner.describe(exc, fn), name, label, exercise)
        label = ""
        values = [unpack(v, exercise.outputs, name) for v in got]
    except runner.TimeLimitExceeded as exc:
        return failure_verdict(runner.describe(exc, fn), name, label, exercise)
    except Unusable as problem:
        return CodeVerdict.of("incorrect", (("p", problem.message),), notes=(problem.code,))
    cases = tuple(case for case, _ in exercise.hidden)
    findings = [explain(Evidence(out, cases, tuple(want[k] for _, want in exercise.hidden),
                                 tuple(v[k] for v in values), exercise.known_mistakes[k],
                                 exercise.advice, exercise.rtol))
                for k, out in enumerate(exercise.outputs)]
    extra = None
    if exercise.verify is not None and not any(
            f and f.code in ("shape", "transpose") for f in findings):
        left = None if time_limit is None else max(time_limit - (time.monotonic() - started),
                                                   1e-3)
        try:
            with runner.time_limit(left, total=time_limit), runner.quiet():
                extra = exercise.verify(call, cases)
        except (Exception, SystemExit, runner.TimeLimitExceeded) as exc:  # noqa: BLE001
            return failure_verdict(runner.describe(exc, fn), name, "", exercise)
    return _compose(exercise, name, findings, extra)


def _compose(exercise, name: str, findings: list, extra: Finding | None) -> CodeVerdict:
    outputs = exercise.outputs
    mask = (tuple(f is None for f in findings),)
    failed = extra is not None and extra.code != "verified"
    shown = [(out.name, f) for out, f in zip(outputs, findings, strict=True)
             if f and not (failed and f.code in extra.explains)]
    notes = tuple(f"{out}:{f.code}" for out, f in shown)
    problems = _grouped(shown)
    if failed:
        problems.append(extra)
        notes += (extra.code,)
    if not problems:
        names = ", ".join(o.name for o in outputs)
        message = (f"Correct: {name} agrees with the reference in all {len(exercise.hidden)} "
                   f"hidden cases ({names}).")
        if extra is not None:
            message += " " + extra.message
        return CodeVerdict.of("correct", (("p", message),), notes=("correct",), mask=mask)
    blocks = [("head", "Not yet.")] + [("li", f.message) for f in problems]
    right = [o.name for o, f in zip(outputs, findings, strict=True) if f is None]
    if right and len(outputs) > 1:
        blocks.append(("p", f"Right already: {', '.join(right)}."))
    return CodeVerdict.of("incorrect", blocks, notes=notes, mask=mask)


def _grouped(named: list) -> list[Finding]:
    """One finding per problem: outputs with the same authored mistake share its message
    ("In dx, dW and db, the factor tanh′ is missing ...")."""
    groups: dict = {}
    for name, finding in named:
        key = (finding.code, finding.template) if finding.template else (id(finding),)
        groups.setdefault(key, []).append((name, finding))
    result = []
    for members in groups.values():
        first = members[0][1]
        if len(members) > 1:
            names = [n for n, _ in members]
            joined = ", ".join(names[:-1]) + " and " + names[-1]
            first = Finding(first.code, first.template.format(name=joined), first.template)
        result.append(first)
    return result
