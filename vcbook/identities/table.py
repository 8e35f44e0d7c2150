"""The catalogue as one HTML table, generated from ``CATALOG`` (the single source of truth).

Each identity takes two rows: its name and statement in the book's convention across the full
width, then its sources (MML's number; the Matrix Cookbook's number, and its form when its
layout differs), the conditions, the shapes tried, and, when check results are given, the
verification (✓ or ✗, each method with its max error).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["catalog_table", "CatalogTable", "COLUMNS"]

COLUMNS = ("#", "identity (book convention)", "MML", "Matrix Cookbook", "conditions",
           "shapes tried", "verified")
"""Keys of each plain row (``CatalogTable.rows``)."""

_DETAIL_COLUMNS = (("sources", "19%"), ("conditions", "24%"), ("shapes tried", "31%"),
                   ("verified", "23%"))
_CELL = "text-align:left;vertical-align:top;padding:0.3em 0.5em"


@dataclass(frozen=True)
class CatalogTable:
    """Rows of plain data (``rows``: one dict per identity, keys ``COLUMNS`` plus ``name``,
    ``group`` and ``ok``) and their HTML (``to_html``, shown by Jupyter)."""

    rows: tuple[dict, ...]

    def to_html(self) -> str:
        widths = "".join(f"<col style='width:{w}'>" for _, w in (("#", "3%"),) + _DETAIL_COLUMNS)
        head = "".join(f"<th style='{_CELL}'>{html.escape(c)}</th>"
                       for c, _ in (("#", ""),) + _DETAIL_COLUMNS)
        body = "".join(row["_html"] for row in self.rows)
        return (f"<table class='vcbook-identities' style='width:100%;table-layout:fixed;"
                f"border-collapse:collapse'><colgroup>{widths}</colgroup>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __len__(self) -> int:
        return len(self.rows)


def catalog_table(results=None, catalog=None) -> CatalogTable:
    """The table for ``catalog`` (default ``CATALOG``); ``results`` are ``CheckResult``s in the
    same order (e.g. ``[i.check(rng) for i in CATALOG]``). Without results, the shapes column
    lists the shape choices and the verification column says "not run"."""
    if catalog is None:
        from vcbook.identities.catalog import CATALOG as catalog
    results = [None] * len(catalog) if results is None else list(results)
    if len(results) != len(catalog):
        raise ValueError(f"{len(results)} results for {len(catalog)} identities")
    rows = []
    for k, (identity, result) in enumerate(zip(catalog, results, strict=True), start=1):
        if result is not None and result.name != identity.name:
            raise ValueError(f"result {k} is for {result.name!r}, not {identity.name!r}")
        rows.append(_row(k, identity, result))
    return CatalogTable(tuple(rows))


def _row(k, identity, result) -> dict:
    e = html.escape
    if result is None:
        shapes = [", ".join(f"{d}={v}" for d, v in s.items()) for s in identity.shapes]
        verified, lines, ok = "not run", ["not run"], None
    else:
        from vcbook.identities.check import METHOD_LABELS, error_text

        shapes, ok = list(result.shapes), result.ok
        lines = [f"{METHOD_LABELS[m]} {error_text(m, err)}" for m, err in result.errors.items()]
        lines[0] = ("✓ " if ok else "✗ ") + lines[0]
        lines += list(result.problems)
        verified = ("✓ " if ok else "✗ ") + result.summary()
        if result.problems:
            verified += " — " + "; ".join(result.problems)
    sources = [f"MML {e(identity.mml)}" if identity.mml else "MML —",
               f"Cookbook {e(identity.cookbook_eq)}" if identity.cookbook_eq else "Cookbook —"]
    if identity.cookbook:
        sources.append(f"Cookbook form: ${e(identity.cookbook)}$")
    colour = {True: "#009E73", False: "#D55E00", None: "inherit"}[ok]
    details = {
        "sources": "<br>".join(sources),
        "conditions": e(identity.conditions),
        "shapes tried": "<br>".join(e(s) for s in shapes),
        "verified": f"<span style='color:{colour}'>{'<br>'.join(e(x) for x in lines)}</span>",
    }
    first = (f"<tr style='border-top:1px solid #999'><td rowspan='2' style='{_CELL}'>{k}</td>"
             f"<td colspan='4' style='{_CELL}'><b>{e(identity.name)}</b>"
             f"<div style='overflow-x:auto'>${e(identity.latex)}$</div></td></tr>")
    second = ("<tr>" + "".join(f"<td style='{_CELL}'>{details[c]}</td>"
                               for c, _ in _DETAIL_COLUMNS) + "</tr>")
    return {"#": k, "identity (book convention)": identity.latex, "MML": identity.mml or "—",
            "Matrix Cookbook": identity.cookbook_eq or "—", "conditions": identity.conditions,
            "shapes tried": shapes, "verified": verified, "ok": ok, "name": identity.name,
            "group": identity.group, "_html": first + second}
