"""The registry: every primitive by name. It is the one way to reach a primitive.

``RULES[name]`` is the primitive's ``Rule`` (``rule.py``); ``RULES[name].function`` is the
function that records it, the same object as ``vcbook.autodiff.<name>``: the package looks its
primitives up here, and so do the operators of a traced value (``x + y`` records
``RULES["add"]``). The table in ``rules.py`` fills the registry when the package is imported;
``register`` adds a primitive later (a notebook, a test).
"""

from __future__ import annotations

import sys

RULES: dict = {}
"""Every registered primitive: name -> ``Rule``."""

_PACKAGE = __name__.rpartition(".")[0]  # vcbook.autodiff, whose attributes primitives become


def register(rule):
    """Add ``rule`` (a ``Rule``) to the registry; ``vcbook.autodiff.<rule.name>`` then calls it.
    A name the package already uses for something else (``grad``, ``node``) is refused."""
    package = sys.modules.get(_PACKAGE)  # not imported here: the package sits above this module
    if rule.name not in RULES and package is not None and hasattr(package, rule.name):
        raise ValueError(f"vcbook.autodiff.{rule.name} already exists and is not a primitive")
    RULES[rule.name] = rule
    return rule


def unregister(name: str) -> None:
    """Remove a primitive added with ``register`` (tests use it to clean up)."""
    del RULES[name]
