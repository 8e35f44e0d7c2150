"""Speed of vcbook.autodiff against plain NumPy (and HIPS autograd when installed), in one run.

    python benchmarks/autodiff.py [--repeats 15]

One BLAS/OpenMP thread (pinned below, before NumPy loads), float64. Each time is per call, the
median of the repeats with [min – max]. The candidates' repeats are interleaved (each repeat
times every candidate once, about 0.05 s each), and a ratio is a candidate's time divided by
NumPy f's time in the same repeat, reported as median [min – max]; so load from other processes
on the machine moves numerator and denominator together. The workloads:

  W1  f(x) = Σ √(x² + e^{x²}) + cos(x² + e^{x²}), x ∈ [−1, 1]^{10⁶} uniform (the notes' example)
  W2  least-squares loss of a tanh MLP, X 1000×100, hidden 50, output 1; gradient by the first
      layer's weights
  W3  log det(XᵀX + I), X 200×50
  tiny  f(x) = x·x + 1 at x = 1.5 (a Python float): time per value-and-gradient call

and the second-order figures:

  HVP   the Hessian-vector product of W2 by the first layer's weights (100×50), ÷ W2's NumPy f
        time: vcbook's ad.hvp (forward over reverse) and autograd's hessian_vector_product
  H200  the full Hessian of log-sum-exp, f(x) = log Σ eˣ at x ∈ R²⁰⁰: ad.hessian, autograd.hessian
  gg    grad of grad of the tiny cubic x·x·x + 1 at 1.5, per call

Each workload is written once, for a module ``m`` that is NumPy, vcbook.autodiff or
autograd.numpy, so all three evaluate the same operations.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402

import numpy as np  # noqa: E402

import vcbook.autodiff as ad  # noqa: E402
from vcbook import numeric  # noqa: E402

try:
    import autograd  # noqa: E402
    import autograd.numpy as anp  # noqa: E402
except ImportError:  # the optional "bench" extra
    autograd = anp = None

TARGETS = {"W1": (2.4, 2.2), "W2": (3.0, 2.8), "W3": (5.0, 4.5)}  # (acceptance, stretch)
HVP_TARGET = 10.0  # HVP ÷ f


# --- the workloads, written once -----------------------------------------------------------

def w1(m, x):
    a = x**2
    b = m.exp(a)
    c = a + b
    return m.sum(m.sqrt(c) + m.cos(c))


def w2(m, W1, b1, W2, b2, X, y):
    hidden = m.tanh(X @ W1 + b1)
    r = hidden @ W2 + b2 - y
    return m.sum(r**2)


def w3(m, X, eye):
    return m.logdet(X.T @ X + eye)


def tiny(x):
    return x * x + 1.0


def cubic(x):
    return x * x * x + 1.0


def log_sum_exp(m, x):
    return m.log(m.sum(m.exp(x)))


NUMPY = types.SimpleNamespace(exp=np.exp, sqrt=np.sqrt, cos=np.cos, sum=np.sum, tanh=np.tanh,
                              log=np.log, logdet=lambda A: np.linalg.slogdet(A)[1])
OURS = types.SimpleNamespace(exp=ad.exp, sqrt=ad.sqrt, cos=ad.cos, sum=ad.sum, tanh=ad.tanh,
                             log=ad.log, logdet=ad.logdet)
AUTOGRAD = None if anp is None else types.SimpleNamespace(
    exp=anp.exp, sqrt=anp.sqrt, cos=anp.cos, sum=anp.sum, tanh=anp.tanh, log=anp.log,
    logdet=lambda A: anp.linalg.slogdet(A)[1])


# --- timing ----------------------------------------------------------------------------------

def _per_call(fn, number):
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return (time.perf_counter() - start) / number
    finally:
        if enabled:
            gc.enable()


def measure(candidates: dict, repeats: int) -> dict:
    """Seconds per call of each candidate in each repeat; the repeats are interleaved, so each
    repeat times every candidate within a fraction of a second of the others."""
    numbers = {}
    for name, fn in candidates.items():
        fn()  # warm up
        once = max(_per_call(fn, 1), 1e-7)
        numbers[name] = max(1, int(0.05 / once))  # about 0.05 s per repeat
    times = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, fn in candidates.items():
            times[name].append(_per_call(fn, numbers[name]))
    return {name: np.array(t) for name, t in times.items()}


def _fmt(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _line(label, times, base=None) -> str:
    """Median [min – max] time per call; against ``base``, the ratio of each repeat's times
    (paired: measured back to back), as median [min – max]."""
    text = (f"    {label:<32} {_fmt(np.median(times)):>9}  "
            f"[{_fmt(times.min())} – {_fmt(times.max())}]")
    if base is not None:
        ratios = times / base
        text += (f"   ratio {np.median(ratios):.2f} "
                 f"[{ratios.min():.2f} – {ratios.max():.2f}]")
    return text


def _ratio(times, base) -> float:
    return float(np.median(times / base))


# --- the run ---------------------------------------------------------------------------------

def workloads(rng):
    x1 = rng.uniform(-1.0, 1.0, 10**6)  # where cos(x² + e^{x²}) is smooth: FD checks it
    X2 = rng.standard_normal((1000, 100))
    params = (rng.standard_normal((100, 50)) / 10, rng.standard_normal(50) / 10,
              rng.standard_normal((50, 1)) / 7, rng.standard_normal(1) / 10)
    y2 = rng.standard_normal((1000, 1))
    X3, eye = rng.standard_normal((200, 50)), np.eye(50)
    return {
        "W1": (lambda m, x: w1(m, x), (x1,)),
        "W2": (lambda m, W1, *rest: w2(m, W1, *rest, X2, y2), params),
        "W3": (lambda m, X: w3(m, X, eye), (X3,)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="repeats per figure (>= 7)")
    repeats = max(7, parser.parse_args().repeats)
    rng = np.random.default_rng(0)
    print("vcbook.autodiff benchmark: one BLAS thread, float64; times per call, median of "
          f"{repeats} repeats [min – max]; ratio = time ÷ NumPy f's time in the same repeat, "
          "median [min – max]")
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          + (f"autograd {_version('autograd')}" if autograd else "autograd absent "
             "(pip install autograd to compare)"))
    verdicts = []
    for name, (fun, args) in workloads(rng).items():
        candidates = {"NumPy f": lambda fun=fun, args=args: fun(NUMPY, *args),
                      "vcbook value_and_grad": lambda fun=fun, args=args:
                      ad.value_and_grad(lambda *a: fun(OURS, *a))(*args)}
        if AUTOGRAD is not None:
            candidates["autograd value_and_grad"] = lambda fun=fun, args=args: (
                autograd.value_and_grad(lambda *a: fun(AUTOGRAD, *a))(*args))
        if name == "W3":  # the same function without the XᵀX primitive (gram) that `X.T @ X`
            eye = np.eye(50)  # records: transpose and matmul, two products in reverse mode
            candidates["vcbook, written matmul(X.T, X)"] = lambda args=args, eye=eye: (
                ad.value_and_grad(lambda X: ad.logdet(ad.matmul(X.T, X) + eye))(*args))
        if name == "W1":
            v = rng.standard_normal(args[0].shape)
            candidates["vcbook jvp"] = lambda fun=fun, args=args, v=v: ad.jvp(
                lambda x: fun(OURS, x), args[0], v)
            if AUTOGRAD is not None:
                candidates["autograd make_jvp"] = lambda fun=fun, args=args, v=v: (
                    autograd.make_jvp(lambda x: fun(AUTOGRAD, x))(args[0])(v))
        _agree(name, fun, args)
        stats = measure(candidates, repeats)
        base = stats["NumPy f"]
        print(f"\n{name}")
        for label, s in stats.items():
            print(_line(label, s, None if label == "NumPy f" else base))
        ours = _ratio(stats["vcbook value_and_grad"], base)
        target, stretch = TARGETS[name]
        verdict = f"{name}: {ours:.2f} (target ≤ {target}, stretch ≤ {stretch})"
        if AUTOGRAD is not None:
            theirs = _ratio(stats["autograd value_and_grad"], base)
            verdict += f", autograd {theirs:.2f}"
        verdicts.append(verdict)
    stats = measure({"plain Python f": lambda: tiny(1.5),
                     "vcbook value_and_grad": lambda: ad.value_and_grad(tiny)(1.5),
                     **({"autograd value_and_grad": lambda: autograd.value_and_grad(tiny)(1.5)}
                        if AUTOGRAD is not None else {})}, repeats)
    print("\ntiny f(x) = x·x + 1, per call")
    for label, s in stats.items():
        print(_line(label, s))
    print("\nvalue-and-gradient ÷ NumPy f: " + "; ".join(verdicts))
    second_order(rng, repeats)


def second_order(rng, repeats) -> None:
    """The HVP, full-Hessian and grad-of-grad figures (module docstring), each checked first."""
    fun, args = workloads(rng)["W2"]
    W1, rest = args[0], args[1:]
    V = rng.standard_normal(W1.shape)
    x = rng.standard_normal(200)
    ours = {"HVP": lambda: ad.hvp(lambda W: fun(OURS, W, *rest), W1, V),
            "H200": lambda: ad.hessian(lambda x: log_sum_exp(OURS, x))(x),
            "gg": lambda: ad.grad(ad.grad(cubic))(1.5)}
    theirs = {} if AUTOGRAD is None else {
        "HVP": lambda: autograd.hessian_vector_product(lambda W: fun(AUTOGRAD, W, *rest))(W1, V),
        "H200": lambda: autograd.hessian(lambda x: log_sum_exp(AUTOGRAD, x))(x),
        "gg": lambda: autograd.grad(autograd.grad(cubic))(1.5)}
    _agree_second_order(ours, theirs, fun, W1, rest, V, x)
    print("\nSecond order")
    stats = measure({"NumPy f (W2)": lambda: fun(NUMPY, W1, *rest),
                     **{f"vcbook {k}": f for k, f in ours.items()},
                     **{f"autograd {k}": f for k, f in theirs.items()}}, repeats)
    base = stats["NumPy f (W2)"]
    for label, s in stats.items():
        print(_line(label, s, base if label.endswith("HVP") else None))
    summary = [f"HVP ÷ f {_ratio(stats['vcbook HVP'], base):.2f} (target ≤ {HVP_TARGET:g})"]
    for k in ours:
        if theirs:
            summary.append(f"{k}: vcbook ÷ autograd "
                           f"{_ratio(stats[f'vcbook {k}'], stats[f'autograd {k}']):.2f}")
    print("\nsecond order: " + "; ".join(summary) + " (≤ 1: vcbook no slower)")


def _agree_second_order(ours, theirs, fun, W1, rest, V, x) -> None:
    """Refuse to time wrong second derivatives: the Hessian of log-sum-exp is diag(p) − ppᵀ
    (p the softmax), the HVP matches central differences of the gradient along V (and
    autograd's), and d²/dx² (x³ + 1) = 6x."""
    p = np.exp(x) / np.sum(np.exp(x))
    if not np.allclose(ours["H200"](), np.diag(p) - np.outer(p, p), atol=1e-12):
        raise AssertionError("vcbook's Hessian of log-sum-exp is wrong")
    gradient = ad.grad(lambda W: fun(OURS, W, *rest))
    slope = numeric.derivative(lambda s: gradient(W1 + s * V), 0.0)
    if not np.allclose(ours["HVP"](), slope, rtol=1e-5, atol=1e-6):
        raise AssertionError("vcbook's HVP disagrees with central differences of the gradient")
    if not np.isclose(ours["gg"](), 9.0, rtol=1e-12):
        raise AssertionError("vcbook's grad of grad of x³ + 1 at 1.5 is not 9")
    for k, f in theirs.items():
        if not np.allclose(ours[k](), f(), rtol=1e-9, atol=1e-12):
            raise AssertionError(f"{k}: vcbook and autograd differ")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def _agree(name, fun, args) -> None:
    """Refuse to time a wrong gradient: check vcbook's against a central difference along a
    random direction, and against autograd's when it is installed."""
    ours = ad.grad(lambda *a: fun(OURS, *a))(*args)
    x, rest = args[0], args[1:]
    v = np.random.default_rng(1).standard_normal(x.shape)
    slope = numeric.derivative(lambda s: fun(NUMPY, x + s * v, *rest), 0.0)
    if not np.isclose(np.sum(ours * v), slope, rtol=1e-3):  # a sum of 10⁶ terms: FD ~1e-4
        raise AssertionError(f"{name}: vcbook's gradient disagrees with central differences")
    if AUTOGRAD is not None:
        theirs = autograd.grad(lambda *a: fun(AUTOGRAD, *a))(*args)
        if not np.allclose(ours, theirs, rtol=1e-9, atol=1e-12):
            raise AssertionError(f"{name}: vcbook and autograd gradients differ")


if __name__ == "__main__":
    main()
