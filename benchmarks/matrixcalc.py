"""How long a derivation by the differential method takes (vcbook.matrixcalc).

Every covered expression — matrixcalculus.org's examples, MML exercises 5.5-5.8, chapter 04's
losses and the 32 identities of the catalogue — is derived from a cold start (the derivation
and shape caches cleared), REPEATS times; a derivation includes its checks (central differences
of every step, AD of the result). Prints the median, p95 and slowest. Budget: median <= 50 ms.

    OPENBLAS_NUM_THREADS=1 python benchmarks/matrixcalc.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from test_matrixcalc import LOSSES, MATRIXCALCULUS_ORG, MML  # noqa: E402

from vcbook import matrixcalc as mc  # noqa: E402
from vcbook.identities import CATALOG  # noqa: E402
from vcbook.matrixcalc import context, derivation  # noqa: E402

REPEATS = 5
BUDGET_MS = 50.0


def cases():
    for expr, wrt, shapes, *_ in MATRIXCALCULUS_ORG + MML + LOSSES:
        yield expr, wrt, shapes
    for identity in CATALOG:
        yield identity.notation, identity.wrt, identity.notation_shapes


def main() -> None:
    mc.derivative("x^T A x", "x", {"x": "n", "A": "n×n"})  # imports, first compilation
    times, slowest = [], (0.0, "")
    for expr, wrt, shapes in cases():
        for _ in range(REPEATS):
            derivation._derive.cache_clear()
            context._shape.cache_clear()
            start = time.perf_counter()
            mc.derivative(expr, wrt, shapes)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            slowest = max(slowest, (elapsed, f"{expr} by {wrt}"))
    times.sort()
    median = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{len(times) // REPEATS} expressions x {REPEATS}: median {median:.1f} ms, "
          f"p95 {p95:.1f} ms, slowest {slowest[0]:.1f} ms ({slowest[1]})")
    print(f"budget: median <= {BUDGET_MS:.0f} ms: {'met' if median <= BUDGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
