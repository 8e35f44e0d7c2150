"""Matrix-calculus identities as data, each one verifiable.

    from vcbook.identities import CATALOG
    for identity in CATALOG:
        result = identity.check(rng)       # finite differences, AD (both modes), SymPy
        result.ok, result.errors, result.shapes

    catalog_table(results)                 # the catalogue as HTML, one collapsible group per topic
    IdentityExplorer(rng=rng)              # pick an identity, draw an instance, compare
    counts()                               # CatalogCounts(entries=32, identities=28)

Each ``Identity`` states its derivative in the book's convention (numerator layout, row
gradients in print, shape ``output.shape + input.shape`` in code), gives the Matrix Cookbook's
form where the layout differs, and carries a sampler of random valid instances. ``tensor`` says
what "transpose", "trace", "det" and "inverse" of a 4-D derivative mean (MML 5.99–5.102).

Modules: ``record`` (Identity, Arg, Variant, sampling), ``check`` (the three verification
methods, CheckResult, InstanceCheck), ``tensor`` (the 4-D rules as array operations); the
entries, one declaration each with its symbolic builder beside it, one module per topic
(``tensor_rules``: MML 5.99–5.102; ``forms``: linear, bilinear, quadratic;
``traces_and_determinants``; ``losses``: norms, softmax, losses), ``common`` for what they
share; ``catalog`` (CATALOG, TOPICS, counts), ``table`` (the HTML tables), ``explorer`` (the
widget; ipywidgets loads only there). SymPy loads only inside the symbolic checks.
"""

from __future__ import annotations

from vcbook.identities.catalog import CATALOG, TOPICS, CatalogCounts, counts
from vcbook.identities.check import METHODS, CheckResult, InstanceCheck, compare_instance
from vcbook.identities.record import GENERIC_VARIANTS, Arg, Identity, Variant, arg
from vcbook.identities.table import CatalogTable, TableGroup, TableRow, catalog_table
from vcbook.identities.tensor import (
    derivative_of_axb,
    derivative_of_gram,
    det_rule,
    inverse_rule,
    trace_outputs,
    transpose_outputs,
)

__all__ = ["CATALOG", "TOPICS", "counts", "CatalogCounts", "Identity", "Arg", "arg", "Variant",
           "GENERIC_VARIANTS", "CheckResult", "METHODS", "compare_instance", "InstanceCheck",
           "catalog_table", "CatalogTable", "TableGroup", "TableRow", "get",
           "IdentityExplorer", "transpose_outputs", "trace_outputs", "det_rule", "inverse_rule",
           "derivative_of_axb", "derivative_of_gram"]


def get(name: str) -> Identity:
    """The catalogue entry called ``name``."""
    for identity in CATALOG:
        if identity.name == name:
            return identity
    raise KeyError(f"no identity named {name!r}; names: {[i.name for i in CATALOG]}")


def __getattr__(name: str):
    """The explorer (which loads ipywidgets) is imported on first use."""
    if name == "IdentityExplorer":
        from vcbook.identities.explorer import IdentityExplorer

        return IdentityExplorer
    raise AttributeError(f"module 'vcbook.identities' has no attribute {name!r}")
