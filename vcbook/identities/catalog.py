"""The catalogue: one declaration per identity, as data, in two modules.

``notes.py`` holds the ten identities of the notes' §6 (MML 5.99–5.108); the first four are
rules for a matrix-valued inner function f(X), stated for 4-D derivatives (see ``tensor.py``)
and instantiated with f(X) = AXB and f(X) = XᵀX. ``learning.py`` holds identities that machine
learning uses every day. Every entry gives its function (``vcbook.autodiff`` primitives, so it
also evaluates NumPy arrays), its claimed derivative in the book's convention (NumPy, shape
``output.shape + input.shape``), the sizes to try, and how to draw valid instances; most give a
symbolic builder on explicit small symbol matrices. Matrix Cookbook numbers are those of the
15 November 2012 edition.
"""

from __future__ import annotations

from vcbook.identities.learning import LEARNING_IDENTITIES
from vcbook.identities.notes import NOTES_IDENTITIES
from vcbook.identities.record import Identity

CATALOG: tuple[Identity, ...] = NOTES_IDENTITIES + LEARNING_IDENTITIES
"""Every identity, the notes' §6 first (MML 5.99–5.108), then those machine learning uses."""
