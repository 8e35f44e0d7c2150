"""Running a student's function: a time limit, and an exception told as one readable sentence.

``time_limit(seconds)`` stops the code inside it with ``TimeLimitExceeded`` (SIGALRM through
``signal.setitimer``), so an endless loop in a notebook cell ends and the kernel lives on. It only
works in the main thread of a platform with ``setitimer`` (Linux, macOS; Jupyter runs cells in
the main thread); anywhere else the code runs without a limit. A loop inside one long NumPy call
is only stopped when that call returns. The alarm repeats every ``REPEAT`` seconds until the
block ends, so code whose bare ``except:`` swallowed it once is stopped at the next loop; code
that swallows every exception forever cannot be stopped from inside the kernel.

``describe(exc, fn)`` says what went wrong and where: the exception's type and message, and the
deepest line of the traceback that is the student's own (a frame in the file of ``fn``, a
notebook cell, or any file outside vcbook and the installed libraries), never a wall of
traceback.
"""

from __future__ import annotations

import functools
import inspect
import os
import signal
import site
import sys
import sysconfig
import threading
import time
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

REPEAT = 0.1
"""Seconds between repeated alarms once the limit has passed."""
_VCBOOK = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TimeLimitExceeded(BaseException):
    """The time limit ran out. A BaseException, so a student's ``except Exception`` inside a
    loop cannot swallow it."""

    def __init__(self, seconds: float):
        super().__init__(f"stopped after {seconds:g} s")
        self.seconds = seconds


class CodeFailed(Exception):
    """A student's function failed where no Verdict can be returned (training); the message is
    the readable sentence of ``describe``."""


@contextmanager
def time_limit(seconds: float | None, *, total: float | None = None):
    """Raise ``TimeLimitExceeded`` in the block once ``seconds`` have passed (None: no limit);
    the exception reports ``total`` (default ``seconds``): the whole budget of a check that
    arms the limit more than once.

    Yields True when the limit is armed. Outside the main thread, or without
    ``signal.setitimer``, the block runs without a limit (yields False). The previous SIGALRM
    handler is restored afterwards, and a timer that was already running is re-armed with what
    was left of it.
    """
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield False
        return
    state = {"active": True}

    def on_alarm(signum, frame):
        if state["active"]:
            raise TimeLimitExceeded(seconds if total is None else total)

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 1e-6), REPEAT)
    try:
        yield True
    finally:
        state["active"] = False  # a plain store: no signal is handled before it
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        delay, interval = previous_timer
        if delay > 0:
            left = delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), interval)


@contextmanager
def quiet():
    """No NumPy floating-point warnings while student code runs: the verdict explains an
    overflow itself."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def student_files(fn) -> set[str]:
    """The source files of ``fn`` (a function, a bound method, a partial, a callable object or
    an ``ad.Rule``, whose VJPs are looked at)."""
    vjps = getattr(fn, "vjp", None)
    if isinstance(vjps, tuple):  # an ad.Rule: its VJPs are the student's code
        return set().union(*(student_files(part) for part in vjps))
    found = set()
    target = fn.func if isinstance(fn, functools.partial) else fn
    code = getattr(inspect.unwrap(target), "__code__", None) if callable(target) else None
    if code is None and callable(target) and not inspect.isroutine(target):
        code = getattr(type(target).__call__, "__code__", None)  # a callable object
    if code is not None:
        found.add(code.co_filename)
    return found


def _library_roots() -> tuple[str, ...]:
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, _VCBOOK}
    paths |= {sysconfig.get_paths().get(key, "") for key in ("stdlib", "purelib", "platlib")}
    user_site = getattr(site, "getusersitepackages", lambda: "")()
    paths.add(user_site if isinstance(user_site, str) else "")
    return tuple(os.path.abspath(p) + os.sep for p in paths if p)


def _is_students(filename: str, own: set[str], roots: tuple[str, ...]) -> bool:
    if filename in own:
        return True
    if filename.startswith("<frozen"):
        return False
    return not os.path.abspath(filename).startswith(roots)


@dataclass(frozen=True)
class Failure:
    """What went wrong in the student's code: ``kind`` ("exception" or "timeout"), the
    exception's type name, a one-line ``message`` (for a timeout: "10 s"), and where
    (``line``, ``function``, ``source``: the line's text), when a frame of the student's own
    code was found."""

    kind: str
    error: str
    message: str
    line: int | None = None
    function: str | None = None
    source: str | None = None

    def place(self) -> str:
        """"at line 4 (in f)", or "" when no line of theirs was found."""
        return "" if self.line is None else f"at line {self.line} (in {self.function})"


def describe(exc: BaseException, fn) -> Failure:
    """The deepest frame of the student's own code in ``exc``'s traceback, with the exception's
    type and message."""
    own, roots = student_files(fn), _library_roots()
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if _is_students(f.filename, own, roots)]
    if isinstance(exc, TimeLimitExceeded):
        kind, message = "timeout", f"{exc.seconds:g} s"
    else:
        kind = "exception"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if not frames:
        return Failure(kind, type(exc).__name__, message)
    frame = frames[-1]
    return Failure(kind, type(exc).__name__, message, frame.lineno, frame.name,
                   (frame.line or "").strip() or None)
