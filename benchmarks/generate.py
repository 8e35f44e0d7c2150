"""Time "New problem": ``vcbook.exercises.bank.generate(family, seed)`` per family, one core.

    python benchmarks/generate.py [--seeds 60] [--family polar ...]

What is measured: the wall time of one ``generate(family, seed)`` call (drawing the problem,
the derivation, distractors screened by the answer checker, hints and worked solution; not the
widget's rendering), for seeds 0..N-1, each seed once, in one process. Before the timed calls,
one call per family with a seed outside the range loads SymPy's and the checker's lazy modules,
as in a notebook where an exercise was already shown. Two runs per family:

- ``warm``: SymPy's expression cache kept between calls (a student clicking "New problem" in a
  session that has already shown exercises);
- ``cold``: SymPy's cache and the answer checker's and the derivation engine's caches
  emptied before every call (the worst case: nothing from previous problems helps).

Prints median, p95 and max of the wall time in milliseconds, the p95 of the process's CPU time
(``time.process_time``: what the call costs on a core of its own, even when other work shares
the machine), and the load average so that a busy machine shows. OPENBLAS_NUM_THREADS=1 is set
before NumPy loads. Budget (DESIGN.md): p95 <= 150 ms per family, on a quiet core.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from vcbook.exercises.bank import FAMILIES, generate  # noqa: E402

BUDGET_MS = 150.0
WARM_UP_SEED = 10_000


def clear_checker_caches() -> None:
    """Empty every functools cache of ``vcbook.answers`` (expected answers, compiled values)
    and of ``vcbook.matrixcalc`` (derivations, shapes)."""
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith(("vcbook.answers", "vcbook.matrixcalc")):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_family(family: str, seeds: range, cold: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``generate(family, seed)`` for each seed."""
    wall, cpu = [], []
    for seed in seeds:
        if cold:
            clear_cache()
            clear_checker_caches()
        start, start_cpu = time.perf_counter(), time.process_time()
        generate(family, seed)
        cpu.append(1000 * (time.process_time() - start_cpu))
        wall.append(1000 * (time.perf_counter() - start))
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=60)
    parser.add_argument("--family", action="append", choices=FAMILIES)
    args = parser.parse_args()
    families = args.family or list(FAMILIES)
    seeds = range(args.seeds)
    print(f"generate(): {len(seeds)} seeds per family, one core (OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']}), SymPy {sympy.__version__}, "
          f"load average {os.getloadavg()[0]:.2f}")
    for family in families:
        generate(family, WARM_UP_SEED)
    print(f"{'family':<12} {'caches':<6} {'median':>8} {'p95':>8} {'max':>8} {'CPU p95':>8}"
          "   (ms)")
    worst = worst_cpu = 0.0
    for family in families:
        for cold in (False, True):
            wall, cpu = time_family(family, seeds, cold)
            p95, cpu_p95 = percentile(wall, 0.95), percentile(cpu, 0.95)
            worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu_p95)
            print(f"{family:<12} {'cold' if cold else 'warm':<6} {statistics.median(wall):8.1f} "
                  f"{p95:8.1f} {max(wall):8.1f} {cpu_p95:8.1f}")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"worst p95 {worst:.1f} ms wall ({worst_cpu:.1f} ms CPU): {verdict} the "
          f"{BUDGET_MS:.0f} ms budget; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
