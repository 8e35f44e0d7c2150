"""The catalogue as HTML, one table per topic, generated from ``CATALOG`` (the single source
of truth).

Each topic is a collapsible group (``<details>``): its summary names the topic, counts the
entries and gives the verdict (a group that starts closed lists its entries' names too); the
first ``open_groups`` groups start open, so the chapter's catalogue fits in about two screens.
Inside, each identity takes two rows: its name and sources (MML's number, the Matrix Cookbook's
number) beside its statement in the book's convention (with the Cookbook's form when its layout
differs); then the conditions, the shapes tried, and, when check results are given, the
verification (✓ or ✗, each method with its max error). Entries are numbered through the whole
catalogue.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["catalog_table", "CatalogTable", "TableGroup", "TableRow"]

_COLUMNS = (("#", "3%"), ("identity · conditions", "24%"),
            ("statement · shapes tried", "46%"), ("verified", "27%"))
"""Each entry's first row: #, name and sources, statement (two columns); its second row:
conditions, shapes tried, verification."""
_CELL = "text-align:left;vertical-align:top;padding:0.3em 0.5em"
_SMALL = "font-size:90%;opacity:0.8"
_GREEN, _ORANGE = "#009E73", "#D55E00"


@dataclass(frozen=True)
class TableRow:
    """One entry of the table, as plain data (and its HTML, two ``<tr>``).

    ``number``: its place in the catalogue, from 1; ``mml`` and ``cookbook_eq``: "—" when there
    is none; ``shapes_tried``: the instances' shapes (or, without results, the shape choices);
    ``verified``: ``"not run"`` or ``"✓ finite differences 1.2e-10 · …"``; ``ok``: the verdict,
    None when not run.
    """

    number: int
    name: str
    topic: str
    group: str
    latex: str
    mml: str
    cookbook_eq: str
    conditions: str
    shapes_tried: tuple[str, ...]
    verified: str
    ok: bool | None
    html: str = field(repr=False)


@dataclass(frozen=True)
class TableGroup:
    """The entries of one topic (``rows``) and whether the group starts ``open``."""

    topic: str
    rows: tuple[TableRow, ...]
    open: bool = False

    @property
    def title(self) -> str:
        return self.topic[:1].upper() + self.topic[1:]

    def verdict(self) -> str:
        """``"not run"``, ``"✓ all verified"`` or ``"✗ 2 of 8 failed"``."""
        if any(row.ok is None for row in self.rows):
            return "not run"
        failed = sum(not row.ok for row in self.rows)
        return f"✗ {failed} of {len(self.rows)} failed" if failed else "✓ all verified"

    def summary(self) -> str:
        """One line of plain text: ``"Traces and determinants · 7 entries · ✓ all verified"``."""
        return f"{self.title} · {self._entries()} · {self.verdict()}"

    def _entries(self) -> str:
        return f"{len(self.rows)} entr{'y' if len(self.rows) == 1 else 'ies'}"

    def to_html(self) -> str:
        e = html.escape
        verdict = self.verdict()
        colour = {"✓": _GREEN, "✗": _ORANGE}.get(verdict[0], "inherit")
        names = ("" if self.open else f"<div style='margin-left:1.2em;{_SMALL}'>"
                 + " · ".join(e(row.name) for row in self.rows) + "</div>")
        summary = (f"<summary style='cursor:pointer;padding:0.3em 0'><b>{e(self.title)}</b> · "
                   f"{self._entries()} · <span style='color:{colour}'>{e(verdict)}</span>"
                   f"{names}</summary>")
        widths = "".join(f"<col style='width:{w}'>" for _, w in _COLUMNS)
        head = "".join(f"<th style='{_CELL}'>{e(c)}</th>" for c, _ in _COLUMNS)
        body = "".join(row.html for row in self.rows)
        table = (f"<table style='width:100%;table-layout:fixed;border-collapse:collapse'>"
                 f"<colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead>"
                 f"<tbody>{body}</tbody></table>")
        return f"<details{' open' if self.open else ''}>{summary}{table}</details>"


@dataclass(frozen=True)
class CatalogTable:
    """The catalogue in ``groups`` (one ``TableGroup`` per topic, in the catalogue's order);
    ``rows``: every ``TableRow`` in order; ``to_html`` (shown by Jupyter)."""

    groups: tuple[TableGroup, ...]

    @property
    def rows(self) -> tuple[TableRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    def to_html(self) -> str:
        groups = "".join(group.to_html() for group in self.groups)
        return f"<div class='vcbook-identities'>{groups}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __len__(self) -> int:
        return len(self.rows)


def catalog_table(results=None, catalog=None, open_groups: int = 1) -> CatalogTable:
    """The table for ``catalog`` (default ``CATALOG``), grouped by topic in order of first
    appearance, the first ``open_groups`` groups open. ``results`` are ``CheckResult``s in the
    catalogue's order (e.g. ``[i.check(rng) for i in CATALOG]``). Without results, the shapes
    column lists the shape choices and the verification column says "not run"."""
    if catalog is None:
        from vcbook.identities.catalog import CATALOG as catalog
    results = [None] * len(catalog) if results is None else list(results)
    if len(results) != len(catalog):
        raise ValueError(f"{len(results)} results for {len(catalog)} identities")
    by_topic: dict[str, list[TableRow]] = {}
    for k, (identity, result) in enumerate(zip(catalog, results, strict=True), start=1):
        if result is not None and result.name != identity.name:
            raise ValueError(f"result {k} is for {result.name!r}, not {identity.name!r}")
        by_topic.setdefault(identity.topic, []).append(_row(k, identity, result))
    return CatalogTable(tuple(TableGroup(topic or "other identities", tuple(rows), i < open_groups)
                              for i, (topic, rows) in enumerate(by_topic.items())))


def _row(k, identity, result) -> TableRow:
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
    mml, cookbook_eq = identity.mml or "—", identity.cookbook_eq or "—"
    sources = " · ".join(f"{book} {number}" for book, number in
                         (("MML", identity.mml), ("Cookbook", identity.cookbook_eq)) if number)
    colour = {True: _GREEN, False: _ORANGE, None: "inherit"}[ok]
    statement = f"<div style='overflow-x:auto'>${e(identity.latex)}$</div>"
    if identity.cookbook:
        statement += (f"<div style='overflow-x:auto;{_SMALL}'>Matrix Cookbook's form: "
                      f"${e(identity.cookbook)}$</div>")
    cells = (e(identity.conditions), "<br>".join(e(s) for s in shapes),
             f"<span style='color:{colour}'>{'<br>'.join(e(x) for x in lines)}</span>")
    first = (f"<tr style='border-top:1px solid #999'><td rowspan='2' style='{_CELL}'>{k}</td>"
             f"<td style='{_CELL}'><b>{e(identity.name)}</b><br>{e(sources)}</td>"
             f"<td colspan='2' style='{_CELL}'>{statement}</td></tr>")
    second = ("<tr>" + "".join(f"<td style='{_CELL};font-size:90%'>{c}</td>" for c in cells)
              + "</tr>")
    return TableRow(number=k, name=identity.name, topic=identity.topic, group=identity.group,
                    latex=identity.latex, mml=mml, cookbook_eq=cookbook_eq,
                    conditions=identity.conditions, shapes_tried=tuple(shapes),
                    verified=verified, ok=ok, html=first + second)
