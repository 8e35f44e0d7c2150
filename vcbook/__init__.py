"""vcbook: the engine behind an interactive textbook of vector calculus for machine learning.

``import vcbook`` is cheap: it loads NumPy only. SymPy and matplotlib load the first time a
submodule that needs them is used (``vcbook.symbolic``, ``vcbook.plots``, ...).

Conventions (see book/00_start_here.ipynb): the derivative of an array-valued function by an
array-valued input has shape ``output.shape + input.shape``; vectors are 1-D; in print, the
gradient of a scalar function is a row (numerator layout).
"""

from __future__ import annotations

import importlib

from vcbook.style import setup

__all__ = ["setup", "symbolic", "numeric", "layout", "plots", "answers", "exercises", "autodiff",
           "identities"]
__version__ = "0.1.0"

_LAZY_SUBMODULES = {"symbolic", "numeric", "layout", "plots", "answers", "exercises", "autodiff",
                    "identities"}


def __getattr__(name: str):
    """Import submodules on first use, so ``import vcbook`` stays light."""
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"vcbook.{name}")
    raise AttributeError(f"module 'vcbook' has no attribute {name!r}")
