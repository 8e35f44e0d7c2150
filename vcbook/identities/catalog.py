"""The catalogue: one declaration per identity, as data, in one module per topic.

- ``tensor_rules.py``: MML 5.99–5.102, rules for a matrix-valued inner function f(X) stated for
  4-D derivatives (see ``tensor.py``), each instantiated with f(X) = AXB and f(X) = XᵀX;
- ``forms.py``: linear, bilinear and quadratic forms (MML 5.103–5.107 and two more);
- ``traces_and_determinants.py``: log |det X|, det X, traces, log det(XᵀX + I);
- ``losses.py``: norms, least squares (MML 5.108 among them), softmax, log-sum-exp, the logistic
  and cross-entropy losses, a Gaussian.

``CATALOG`` takes the topics in that order (the chapter's table groups them the same way), each
module's entries in its own order. Every entry gives its function (``vcbook.autodiff``
primitives, so it also evaluates NumPy arrays), its claimed derivative in the book's convention
(NumPy, shape ``output.shape + input.shape``), the sizes to try, and how to draw valid instances;
each gives a symbolic builder on explicit small symbol matrices. Matrix Cookbook numbers are
those of the 15 November 2012 edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcbook.identities.forms import FORMS
from vcbook.identities.losses import LOSSES
from vcbook.identities.record import Identity
from vcbook.identities.tensor_rules import TENSOR_RULES
from vcbook.identities.traces_and_determinants import TRACES_AND_DETERMINANTS

__all__ = ["CATALOG", "TOPICS", "CatalogCounts", "counts"]

CATALOG: tuple[Identity, ...] = TENSOR_RULES + FORMS + TRACES_AND_DETERMINANTS + LOSSES
"""Every entry, topic by topic: tensor rules, forms, traces and determinants, losses."""

TOPICS: tuple[str, ...] = tuple(dict.fromkeys(identity.topic for identity in CATALOG))
"""The topics in the catalogue's order (the chapter's table has one group per topic)."""


@dataclass(frozen=True)
class CatalogCounts:
    """``entries``: how many entries; ``identities``: how many distinct identities, where the
    instances of one general rule (``Identity.instance_of``, e.g. MML 5.99 with f(X) = AXB and
    with f(X) = XᵀX) count once."""

    entries: int
    identities: int


def counts(catalog=None) -> CatalogCounts:
    """The number of entries and of distinct identities in ``catalog`` (default ``CATALOG``)."""
    catalog = CATALOG if catalog is None else tuple(catalog)
    distinct = {identity.instance_of or identity.name for identity in catalog}
    return CatalogCounts(entries=len(catalog), identities=len(distinct))
