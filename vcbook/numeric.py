"""Finite differences of array-valued functions, and gradient checks that explain themselves.

Shape rule (one convention everywhere): the derivative of ``f`` at ``x`` has shape
``np.shape(f(x)) + np.shape(x)``. A scalar function of a vector gives a 1-D gradient of shape
``(n,)``; a function R^n -> R^m gives an ``(m, n)`` Jacobian; K = RᵀR with R of shape (M, N)
gives an ``(N, N, M, N)`` tensor. Nothing is squeezed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Central differences have truncation error ~h² and rounding error ~eps/h; h ~ eps^(1/3)
# balances the two (see chapter 05's step-size figure).
_CBRT_EPS = np.finfo(float).eps ** (1 / 3)


def derivative(f, x, step: float | None = None) -> np.ndarray:
    """Central-difference derivative of ``f`` at ``x``; shape ``np.shape(f(x)) + np.shape(x)``.

    ``f`` maps an array (or a float) to an array (or a float). Each entry of ``x`` gets its own
    step ``h_k = step * max(1, |x_k|)`` (default ``step = eps**(1/3)`` ≈ 6e-6), so entries of very
    different sizes are all differentiated accurately.
    """
    x0 = np.array(x, dtype=float)
    base = step if step is not None else _CBRT_EPS
    out_shape = np.shape(f(x0.copy()))
    columns = np.empty((int(np.prod(out_shape, dtype=int)), x0.size))
    flat = x0.reshape(-1)  # a view: C order, the same order as the result's trailing axes
    for k in range(x0.size):
        h = base * max(1.0, abs(flat[k]))
        saved = flat[k]
        flat[k] = saved + h
        up = np.asarray(f(x0.copy()), dtype=float)
        flat[k] = saved - h
        down = np.asarray(f(x0.copy()), dtype=float)
        flat[k] = saved
        columns[:, k] = ((up - down) / (2 * h)).reshape(-1)
    return columns.reshape(out_shape + x0.shape)


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of comparing a claimed derivative with central differences.

    ``ok`` is True when the shapes agree and every entry is within ``atol + rtol * scale`` of the
    numerical derivative (``scale`` = the largest numerical entry, at least 1). The repr says in
    plain words what went wrong: the shape, which entries, how far.
    """

    ok: bool
    expected_shape: tuple
    claimed_shape: tuple
    max_abs_error: float
    max_rel_error: float
    tolerance: float
    numerical: np.ndarray = field(repr=False)
    claimed: np.ndarray = field(repr=False)
    worst: tuple = ()  # ((index, claimed, numerical), ...) largest errors first
    diagnosis: str = ""

    def __repr__(self) -> str:
        verdict = "OK" if self.ok else "MISMATCH"
        lines = [f"GradientCheck: {verdict}. {self.diagnosis}".rstrip()]
        if self.claimed_shape == self.expected_shape:
            lines.append(
                f"  shape {self.expected_shape}; max |error| {self.max_abs_error:.3g}, "
                f"max relative error {self.max_rel_error:.3g} (tolerance {self.tolerance:.3g})"
            )
        for index, claimed, numerical in self.worst:
            where = f"entry {index}" if index else "value"
            lines.append(f"  {where}: claimed {claimed:.6g}, numerical {numerical:.6g}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def check_gradient(f, df, x, rtol: float = 1e-5, atol: float = 1e-7,
                   step: float | None = None) -> GradientCheck:
    """Compare ``df(x)`` with the central-difference derivative of ``f`` at ``x``.

    ``df(x)`` must have shape ``np.shape(f(x)) + np.shape(x)``. A wrong shape is reported (and
    recognised when it is the transpose of the right answer, i.e. the denominator layout); wrong
    values are reported entry by entry, largest error first.
    """
    numerical = derivative(f, x, step=step)
    claimed = np.asarray(df(np.array(x, dtype=float)), dtype=float)
    scale = max(1.0, float(np.max(np.abs(numerical), initial=0.0)))
    tolerance = atol + rtol * scale
    if claimed.shape != numerical.shape:
        return _shape_mismatch(numerical, claimed, tolerance, np.ndim(x))
    error = np.abs(claimed - numerical)
    max_abs = float(np.max(error, initial=0.0))
    max_rel = max_abs / scale
    ok = bool(max_abs <= tolerance)
    worst = _worst_entries(error, claimed, numerical, tolerance)
    if ok:
        diagnosis = "The claimed derivative agrees with central differences."
    else:
        bad = int(np.count_nonzero(error > tolerance))
        if error.size == 1:
            diagnosis = "The claimed value differs from central differences."
        else:
            diagnosis = (f"{bad} of {error.size} entries differ from central differences by "
                         f"more than the tolerance.")
        if _close(claimed, -numerical, tolerance):
            diagnosis += " Every entry has the wrong sign."
    return GradientCheck(ok, numerical.shape, claimed.shape, max_abs, max_rel, tolerance,
                         numerical, claimed, worst, diagnosis)


def _shape_mismatch(numerical, claimed, tolerance, input_ndim: int) -> GradientCheck:
    expected, got = numerical.shape, claimed.shape
    diagnosis = (f"The claimed derivative has shape {got}; it should have shape {expected} "
                 f"(output shape + input shape).")
    transposed = numerical.ndim == 2 and got == expected[::-1] and \
        _close(claimed.T, numerical, tolerance)
    if transposed and input_ndim == 1:  # a Jacobian: the transpose is another layout
        diagnosis += (" It is the transpose of the right answer: that is the denominator layout "
                      "(input by output). This book uses the numerator layout: row i of a "
                      "Jacobian is the gradient of output i.")
    elif transposed:  # a scalar by a matrix: every layout gives the matrix's shape
        diagnosis += (" It is the transpose of the right answer: rows and columns are swapped. "
                      "The derivative of a scalar by a matrix has the matrix's own shape.")
    elif claimed.size == numerical.size and _close(claimed.reshape(expected), numerical,
                                                   tolerance):
        diagnosis += (" The numbers are right but arranged in the wrong shape; keep the output "
                      "axes first and do not squeeze or add axes.")
    nan = float("nan")
    return GradientCheck(False, expected, got, nan, nan, tolerance, numerical, claimed, (),
                         diagnosis)


def _close(a, b, tolerance) -> bool:
    return bool(np.max(np.abs(a - b), initial=0.0) <= tolerance)


def _worst_entries(error, claimed, numerical, tolerance, count: int = 3) -> tuple:
    bad = np.flatnonzero(error.reshape(-1) > tolerance)
    order = bad[np.argsort(error.reshape(-1)[bad])[::-1]][:count]
    return tuple(
        (tuple(int(i) for i in np.unravel_index(k, error.shape)),
         float(claimed.reshape(-1)[k]), float(numerical.reshape(-1)[k]))
        for k in order
    )
