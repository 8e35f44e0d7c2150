"""Time the answer checker on typical answers and on the bad-input catalogue, against naive SymPy.

    python benchmarks/answers.py

Prints, from one run on one core:

- typical answers (benchmarks/answers_corpus.json: scalar, gradient, Jacobian, polar; about half
  wrong): median, p99 and max of ``check`` per call, each answer timed ``REPEATS`` times after a
  warm-up call (the warm-up loads SymPy's lazy modules and caches the exercise's expected answer,
  as in a notebook where the exercise was already shown); the first call for each exercise
  (nothing cached but the imports), and calls with every cache emptied (ours and SymPy's own),
  are reported too;
- the bad-input catalogue (tests/test_answers_catalogue.py, all 55 cases): the max per input;
- the naive approach, ``sympy.simplify(a - b) == 0``, on the same scalar answers (``a`` and ``b``
  already parsed, so the naive time excludes parsing), and the ratio of the medians;
- matrix notation (benchmarks/answers_matrix_corpus.json: quadratic forms, least squares, a
  layer, inverses, traces..., right and wrong): median, p99 and max of
  ``vcbook.answers.matrix.check`` per call, timed like the typical answers, the first call per
  exercise, and the bad-input catalogue checked in matrix notation (max per input).

Every verdict is asserted against the corpus; the script exits non-zero on a mismatch.
Budgets (DESIGN.md): median <= 10 ms, p99 <= 50 ms, catalogue max <= 100 ms, and our median at
most half the naive one; matrix notation: median <= 5 ms, p99 <= 50 ms, catalogue max <= 100 ms.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import sympy  # noqa: E402

from vcbook.answers import check, checker, compare, evaluate, matrix, parse  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "answers_corpus.json"
MATRIX_CORPUS = HERE / "answers_matrix_corpus.json"
REPEATS = 5
NAIVE_REPEATS = 2


def load_corpus() -> list[dict]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))["answers"]


def run(case: dict):
    return check(case["text"], case["expected"], case["variables"],
                 assumptions=case["assumptions"])


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def clear_exercise_caches() -> None:
    for cached in (checker.prepare_expected, compare.reference_value, compare.sample_points,
                   evaluate._compile_cached):
        cached.cache_clear()


def catalogue_inputs() -> list[tuple[int, object, object, object, dict]]:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from test_answers_catalogue import CATALOGUE  # the single list of the 55 cases

    return [(number, t.text, t.expected, t.variables, t.options)
            for number, trials in sorted(CATALOGUE.items()) for t in trials]


def bad_inputs() -> list[tuple[int, object, object]]:
    """(case, text, variables) of every catalogue input that must be refused."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from test_answers_catalogue import CATALOGUE

    return [(number, t.text, t.variables) for number, trials in sorted(CATALOGUE.items())
            for t in trials if t.status == "invalid"]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:7.2f} ms"


def run_matrix(case: dict):
    return matrix.check(case["text"], case["expected"], case["variables"],
                        derivative=case["derivative"])


def clear_matrix_caches() -> None:
    for cached in (matrix.checker.author_tree, matrix.compare.values, matrix.sample.sample,
                   matrix.evaluate.compile_tree):
        cached.cache_clear()


def matrix_section() -> tuple[dict[str, bool], list, list]:
    """Time matrix-notation checks; print the figures; return budgets, mismatches, files made."""
    corpus = json.loads(MATRIX_CORPUS.read_text(encoding="utf-8"))["answers"]
    mismatches = []
    clear_matrix_caches()
    matrix.check("x", "x", {"x": "n"})  # imports and NumPy's first calls
    first_calls = []
    for case in corpus:
        seconds, verdict = timed(lambda case=case: run_matrix(case))
        first_calls.append(seconds)
        note = verdict.notes[0] if verdict.notes else ""
        if (verdict.status, note) != (case["verdict"], case["note"]):
            mismatches.append((case["id"], case["verdict"], verdict.status, verdict.notes))
    times = []
    for _ in range(REPEATS):
        for case in corpus:
            times.append(timed(lambda case=case: run_matrix(case))[0])
    with tempfile.TemporaryDirectory() as folder:
        previous = os.getcwd()
        os.chdir(folder)
        try:
            catalogue = []
            for number, text, variables in bad_inputs():
                names = variables.split() if isinstance(variables, str) else list(variables)
                shapes = {**{name: "n" for name in names}, "A": "n×n"}  # as the catalogue test
                seconds, verdict = timed(lambda t=text, v=shapes: matrix.check(t, "A", v))
                catalogue.append((seconds, number))
                if verdict.status != "invalid":
                    mismatches.append((f"catalogue-{number}", "invalid", verdict.status,
                                       verdict.notes))
            side_effects = os.listdir(folder)
        finally:
            os.chdir(previous)
    median, p99 = statistics.median(times), percentile(times, 0.99)
    worst, worst_number = max(catalogue)
    wrong = sum(c["verdict"] != "correct" for c in corpus)
    print(f"matrix notation: {len(corpus)} answers ({wrong} wrong or invalid), {REPEATS} timed "
          f"calls each after a first call")
    print(f"  median {ms(median)}   p99 {ms(p99)}   max {ms(max(times))}")
    print(f"  first call per exercise (expected answer and samples not yet cached): median "
          f"{ms(statistics.median(first_calls))}   max {ms(max(first_calls))}")
    print(f"  bad-input catalogue in matrix notation: {len(catalogue)} inputs, max "
          f"{ms(worst)} (case {worst_number}); files created: {len(side_effects)}")
    budgets = {
        "matrix median <= 5 ms": median <= 0.005,
        "matrix p99 <= 50 ms": p99 <= 0.050,
        "matrix catalogue max <= 100 ms": worst <= 0.100,
    }
    return budgets, mismatches, side_effects


def main() -> int:
    corpus = load_corpus()
    mismatches = []

    clear_exercise_caches()
    check("x + 1", "x + 1", ["x"])  # imports, and the modules SymPy loads on first use
    first_calls = []
    for case in corpus:
        seconds, verdict = timed(lambda case=case: run(case))
        first_calls.append(seconds)
        if verdict.status != case["verdict"]:
            mismatches.append((case["id"], case["verdict"], verdict.status, verdict.message))

    times, scalar_times = [], []
    for _ in range(REPEATS):
        for case in corpus:
            seconds, verdict = timed(lambda case=case: run(case))
            times.append(seconds)
            if "[" not in case["expected"]:
                scalar_times.append(seconds)

    cold = []  # the pessimistic figure: every cache (ours and SymPy's) emptied before each call
    for case in corpus:
        clear_exercise_caches()
        sympy.core.cache.clear_cache()
        cold.append(timed(lambda case=case: run(case))[0])

    with tempfile.TemporaryDirectory() as folder:
        previous = os.getcwd()
        os.chdir(folder)
        try:
            catalogue = []
            for number, text, expected, variables, options in catalogue_inputs():
                seconds, verdict = timed(lambda t=text, e=expected, v=variables, o=options:
                                         check(t, e, v, **o))
                catalogue.append((seconds, number))
            side_effects = os.listdir(folder)
        finally:
            os.chdir(previous)

    naive = []
    scalar_cases = [c for c in corpus if "[" not in c["expected"]]
    for case in scalar_cases:
        a = parse(case["text"], case["variables"], assumptions=case["assumptions"])
        b = parse(case["expected"], case["variables"], assumptions=case["assumptions"])
        for _ in range(NAIVE_REPEATS):
            seconds, _ = timed(lambda a=a, b=b: sympy.simplify(a - b) == 0)
            naive.append(seconds)

    ours_median, ours_scalar = statistics.median(times), statistics.median(scalar_times)
    naive_median = statistics.median(naive)
    worst_bad, worst_number = max(catalogue)
    wrong = sum(c["verdict"] != "correct" for c in corpus)
    print(f"typical answers: {len(corpus)} ({wrong} wrong), {REPEATS} timed calls each after a "
          f"warm-up call, one process, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"  median {ms(ours_median)}   p99 {ms(percentile(times, 0.99))}   "
          f"max {ms(max(times))}")
    print(f"  first call per exercise (expected answer not yet cached): median "
          f"{ms(statistics.median(first_calls))}   max {ms(max(first_calls))}")
    print(f"  every cache cleared before each call (ours and SymPy's): median "
          f"{ms(statistics.median(cold))}   max {ms(max(cold))}")
    print(f"bad-input catalogue: {len(catalogue)} inputs from 55 cases, max {ms(worst_bad)} "
          f"(case {worst_number}); files created: {len(side_effects)}")
    print(f"scalar answers ({len(scalar_cases)}): ours median {ms(ours_scalar)}   naive "
          f"simplify(a - b) == 0 median {ms(naive_median)}   max {ms(max(naive))}")
    print(f"  ratio ours/naive = {ours_scalar / naive_median:.3f} "
          f"(naive is {naive_median / ours_scalar:.1f}x slower)")
    matrix_budgets, matrix_mismatches, matrix_side_effects = matrix_section()
    mismatches += matrix_mismatches
    side_effects += matrix_side_effects
    budgets = {
        "median <= 10 ms": ours_median <= 0.010,
        "p99 <= 50 ms": percentile(times, 0.99) <= 0.050,
        "catalogue max <= 100 ms": worst_bad <= 0.100,
        "median <= naive median / 2": ours_scalar <= naive_median / 2,
        "no side effects": not side_effects,
        **matrix_budgets,
    }
    print("budgets: " + ", ".join(f"{k}: {'yes' if ok else 'NO'}" for k, ok in budgets.items()))
    for mismatch in mismatches:
        print("VERDICT MISMATCH", mismatch)
    return 1 if mismatches or side_effects else 0


if __name__ == "__main__":
    sys.exit(main())
