"""Execute every chapter in a fresh kernel and print its wall time and kernel CPU time.

    python benchmarks/book.py            # all of book/
    python benchmarks/book.py book/01_chain_rule.ipynb

The budget (DESIGN.md): each chapter well under a minute of CPU under nbval.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("VCBOOK_DATA_DIR", tempfile.mkdtemp(prefix="vcbook-bench-"))
os.environ.pop("MPLBACKEND", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

BOOK = Path(__file__).resolve().parent.parent / "book"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(path: Path) -> tuple[float, float]:
    """(wall seconds, kernel CPU seconds) to execute one notebook in a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    client.execute()  # starts, runs and shuts down (and reaps) its own kernel
    return time.perf_counter() - wall0, _children_cpu() - cpu0


def main(paths: list[Path]) -> None:
    print(f"{'notebook':32s} {'wall s':>8s} {'kernel CPU s':>13s}")
    total_wall = total_cpu = 0.0
    for path in paths:
        wall, cpu = run(path)
        total_wall += wall
        total_cpu += cpu
        print(f"{path.name:32s} {wall:8.2f} {cpu:13.2f}")
    print(f"{'total':32s} {total_wall:8.2f} {total_cpu:13.2f}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted(BOOK.glob("*.ipynb")))
