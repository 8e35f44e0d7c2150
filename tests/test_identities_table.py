"""The catalogue's table (one collapsible group per topic, every entry once, every shape shown)
and the explorer (claim next to numbers, never a traceback)."""

from __future__ import annotations

import html
from dataclasses import replace
from html.parser import HTMLParser

import numpy as np
import pytest

from vcbook.identities import (
    CATALOG,
    TOPICS,
    CatalogTable,
    Identity,
    TableRow,
    arg,
    catalog_table,
    get,
)

NUMERIC = ("fd", "ad_reverse", "ad_forward")


class _Groups(HTMLParser):
    """What the table's HTML shows: per <details>, whether it is open, its summary's text, the
    entry names in bold inside its table, and the text of its table cells."""

    def __init__(self, text: str):
        super().__init__()
        self.groups: list[dict] = []
        self.depth = {"details": 0, "summary": 0, "table": 0, "b": 0}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1
        if tag == "details":
            assert self.depth["details"] == 1, "groups do not nest"
            self.groups.append({"open": "open" in dict(attrs), "summary": "", "names": [],
                                "text": ""})
        elif tag in ("tr", "table", "summary"):
            assert self.depth["details"] == 1, f"<{tag}> outside a group"

    def handle_endtag(self, tag):
        if tag in self.depth:
            self.depth[tag] -= 1
            assert self.depth[tag] >= 0, f"</{tag}> without <{tag}>"

    def handle_data(self, data):
        if not self.groups:
            return
        group = self.groups[-1]
        if self.depth["summary"]:
            group["summary"] += data
        elif self.depth["table"]:
            group["text"] += data + "\n"
            if self.depth["b"]:
                group["names"].append(data)


@pytest.fixture(scope="module")
def results():
    rng = np.random.default_rng(0)
    return [identity.check(rng, methods=NUMERIC) for identity in CATALOG]


def test_the_table_has_one_group_per_topic_in_the_catalogues_order(results):
    table = catalog_table(results)
    assert isinstance(table, CatalogTable) and len(table) == len(CATALOG)
    assert [g.topic for g in table.groups] == list(TOPICS)
    assert [len(g.rows) for g in table.groups] == [8, 7, 7, 10]
    for group in table.groups:
        assert {row.topic for row in group.rows} == {group.topic}
    assert [row.number for row in table.rows] == list(range(1, len(CATALOG) + 1))
    assert [row.name for row in table.rows] == [i.name for i in CATALOG]


def test_the_html_has_collapsible_groups_the_first_one_open(results):
    text = catalog_table(results).to_html()
    groups = _Groups(text).groups
    assert text.count("<details") == text.count("</details>") == len(TOPICS) == 4
    assert text.count("<summary") == len(TOPICS)
    assert [g["open"] for g in groups] == [True, False, False, False]
    titles = ["Tensor rules (MML 5.99–5.102) · 8 entries · ✓ all verified",
              "Linear, bilinear and quadratic forms · 7 entries · ✓ all verified",
              "Traces and determinants · 7 entries · ✓ all verified",
              "Norms, softmax and losses · 10 entries · ✓ all verified"]
    for group, title, table_group in zip(groups, titles, catalog_table(results).groups,
                                         strict=True):
        assert group["summary"].startswith(title) and table_group.summary() == title
        names = [row.name in group["summary"] for row in table_group.rows]
        assert names == [not table_group.open] * len(names)   # a closed group lists its entries
    assert text.count("<tr") == 2 * len(CATALOG) + len(TOPICS)   # two per entry, one header each


def test_every_entry_appears_once_in_its_group_with_every_shape_tried(results):
    table = catalog_table(results)
    groups = _Groups(table.to_html()).groups
    shown = [name for group in groups for name in group["names"]]
    assert shown == [identity.name for identity in CATALOG]           # each once, in order
    for group, table_group in zip(groups, table.groups, strict=True):
        assert group["names"] == [row.name for row in table_group.rows]
        for row in table_group.rows:
            assert row.ok is True and row.verified.startswith("✓ finite differences")
            assert all("→ ∂ (" in s for s in row.shapes_tried)
            assert all(s in group["text"] for s in row.shapes_tried)
    for identity, row in zip(CATALOG, table.rows, strict=True):
        assert len(row.shapes_tried) == len(identity.shapes)
        assert html.escape(identity.latex) in row.html
    by_name = {row.name: row.html for row in table.rows}
    assert "<br>MML 5.103 · Cookbook (61)</td>" in by_name["aᵀX⁻¹b"]
    assert "<br>Cookbook (57); (43)</td>" in by_name["log |det X|"]        # no MML number
    assert "<br></td>" in by_name["softmax"]                                # neither
    assert "Matrix Cookbook's form: $" in by_name["xᵀBx"]
    assert "Matrix Cookbook's form" not in by_name["aᵀXb"]                  # same layout


def test_how_many_groups_start_open_is_a_choice():
    for n in (0, 2, 4):
        groups = _Groups(catalog_table(open_groups=n).to_html()).groups
        assert [g["open"] for g in groups] == [k < n for k in range(4)]


def test_without_results_the_table_lists_the_shape_choices_and_says_not_run():
    table = catalog_table()
    assert all(row.verified == "not run" and row.ok is None for row in table.rows)
    assert all(group.verdict() == "not run" for group in table.groups)
    assert table.rows[0].shapes_tried == ("m=2, n=3, p=2, q=4", "m=3, n=2, p=3, q=2",
                                          "m=2, n=2, p=3, q=3")
    with pytest.raises(ValueError, match="31 results for 32 identities"):
        catalog_table([None] * 31)


def test_a_failing_entry_is_counted_in_its_groups_summary(results):
    right = get("tr(AX)")
    wrong = replace(right, name="tr(AX) with A for Aᵀ", claimed=lambda X, A: A.copy())
    catalog = [right, wrong, get("softmax")]
    rng = np.random.default_rng(0)
    table = catalog_table([i.check(rng, methods=NUMERIC) for i in catalog], catalog=catalog)
    assert [g.topic for g in table.groups] == ["traces and determinants",
                                               "norms, softmax and losses"]
    assert table.groups[0].verdict() == "✗ 1 of 2 failed"
    assert table.groups[1].verdict() == "✓ all verified"
    assert "✗ 1 of 2 failed" in _Groups(table.to_html()).groups[0]["summary"]
    with pytest.raises(ValueError, match="is for"):
        catalog_table(results[1:] + results[:1])


def test_an_entry_without_a_topic_lands_in_a_group_of_its_own():
    loose = Identity(name="xᵀx", latex=r"2\mathbf{x}^\top \in \mathbb{R}^{1\times n}",
                     args=(arg("x", "n"),), wrt="x", function=lambda x: x @ x,
                     claimed=lambda x: 2 * x, shapes=({"n": 2},))
    table = catalog_table(catalog=[get("aᵀx"), loose])
    assert [g.title for g in table.groups] == ["Linear, bilinear and quadratic forms",
                                               "Other identities"]


def test_a_row_is_a_frozen_record_read_by_its_attributes(results):
    row = catalog_table(results).rows[0]
    assert isinstance(row, TableRow)
    with pytest.raises(AttributeError):
        row.ok = False
    assert row.number == 1 and row.name == CATALOG[0].name and row.mml == "5.99"
    assert len(row.shapes_tried) >= 3 and row.verified.startswith("✓")
    assert catalog_table().rows[8].cookbook_eq == "(61)"                 # aᵀX⁻¹b
    with pytest.raises(TypeError):
        row["shapes tried"]                                              # no dict keys any more


# --- the explorer -----------------------------------------------------------------------------

def test_the_explorer_compares_claim_and_numbers_and_never_raises():
    from vcbook.identities import IdentityExplorer

    explorer = IdentityExplorer(rng=np.random.default_rng(0))
    assert explorer.last is not None and explorer.last.ok
    assert explorer.dropdown.options == tuple(i.name for i in CATALOG)
    explorer.dropdown.value = "softmax"
    assert explorer.last.name == "softmax" and explorer.draws == 2
    explorer.button.click()
    assert explorer.draws == 3 and explorer.last.ok
    assert explorer.last.claimed.shape == explorer.last.numerical.shape == explorer.last.shape
    assert "softmax" in explorer.output.value and "central differences" in explorer.output.value

    bad = Identity(name="never valid", latex="", args=(arg("x", "n"),), wrt="x",
                   function=lambda x: x @ x, claimed=lambda x: 2 * x, shapes=({"n": 2},),
                   valid=lambda x: False)
    explorer = IdentityExplorer(catalog=[bad], rng=np.random.default_rng(0))
    assert explorer.last is None
    assert "Could not draw an instance" in explorer.output.value
    assert "no valid instance" in explorer.output.value


# --- the explorer's "Derive it" ---------------------------------------------------------------

@pytest.mark.parametrize("name, printed", [
    ("xᵀBx", "x^T (B + B^T)"),
    ("aᵀX⁻¹b", "-X^-T a b^T X^-T"),
    ("tr(AXB)", "A^T B^T"),
    ("softmax", "diag(exp(z)) / sum(exp(z)) - exp(z) exp(z)^T / sum(exp(z))^2"),
    ("5.102 inverse rule, f(X) = AXB", "-(A X B)^-1 A dX B (A X B)^-1"),
])
def test_derive_it_shows_the_steps_and_the_engines_result_next_to_the_claim(name, printed):
    from vcbook import matrixcalc as mc
    from vcbook.identities import IdentityExplorer

    explorer = IdentityExplorer(rng=np.random.default_rng(1))
    explorer.dropdown.value = name
    assert explorer.derivation_output.value == ""
    explorer.derive_button.click()
    shown = explorer.derivation_output.value
    identity = get(name)
    derivation = explorer.last_derivation
    assert derivation is not None and str(derivation.result) == printed
    assert derivation.steps == mc.derivative(identity.notation, identity.wrt,
                                             identity.notation_shapes).steps
    assert f"<code>{html.escape(printed)}</code>" in shown               # the printed result
    assert f"$${html.escape(identity.latex)}$$" in shown                 # next to the claim
    for label, latex in derivation.steps:                                # every step, as maths
        assert html.escape(label) in shown and f"$${html.escape(latex)}$$" in shown
    assert "✓ max |engine − claimed|" in shown and "✗" not in shown     # they agree here
    assert "Traceback" not in shown


def test_derive_it_follows_the_instance_and_clears_on_another_identity():
    from vcbook.identities import IdentityExplorer

    explorer = IdentityExplorer(rng=np.random.default_rng(2))
    explorer.dropdown.value = "aᵀX⁻¹b"
    explorer.derive_button.click()
    before = explorer.derivation_output.value
    explorer.button.click()                                 # a new instance: compared again
    assert explorer.last_derivation is not None and explorer.derivation_output.value != before
    assert "✓ max |engine − claimed|" in explorer.derivation_output.value
    explorer.dropdown.value = "tr(AXB)"                     # another identity: cleared
    assert explorer.last_derivation is None and explorer.derivation_output.value == ""


def test_derive_it_shows_a_wrong_claim_as_disagreeing():
    from vcbook.identities import IdentityExplorer

    xbx = get("xᵀBx")
    wrong = replace(xbx, name="2xᵀB (wrong)", claimed=lambda x, B: 2 * x @ B)
    explorer = IdentityExplorer(catalog=[wrong], rng=np.random.default_rng(0))
    explorer.derive_button.click()
    shown = explorer.derivation_output.value
    assert "<code>x^T (B + B^T)</code>" in shown and "✗ max |engine − claimed|" in shown


def test_derive_it_shows_a_message_not_a_traceback_when_the_engine_fails(monkeypatch):
    from vcbook import matrixcalc as mc
    from vcbook.identities import IdentityExplorer

    def fail(*args, **kwargs):
        raise mc.NotExpressible("matrix notation cannot write this derivative")

    monkeypatch.setattr(mc, "derivative", fail)
    explorer = IdentityExplorer(rng=np.random.default_rng(0))
    explorer.derive_button.click()                          # must not raise
    shown = explorer.derivation_output.value
    assert explorer.last_derivation is None
    assert "The differential method could not derive this identity" in shown
    assert "matrix notation cannot write this derivative" in shown and "Traceback" not in shown
    assert explorer.last is not None and explorer.last.ok   # the comparison still stands

    without = replace(get("xᵀa"), notation="")
    explorer = IdentityExplorer(catalog=[without], rng=np.random.default_rng(0))
    explorer.derive_button.click()
    assert "has no matrix-notation form" in explorer.derivation_output.value


def test_the_explorer_is_shown_after_a_note_for_readers_without_a_kernel(monkeypatch):
    """A notebook reopened without its kernel showed "Error displaying widget" for the explorer;
    it now comes after a note (hidden while the explorer is drawn), like every live widget."""
    import IPython.display

    from vcbook.identities.explorer import IdentityExplorer
    from vcbook.live import LIVE_CLASS, STAND_IN_CLASS

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    explorer = IdentityExplorer(rng=np.random.default_rng(0))
    explorer._ipython_display_()
    (note, _), (box, _) = shown
    assert STAND_IN_CLASS in note["text/html"] and "needs a running kernel" in note["text/html"]
    assert box is explorer.box and LIVE_CLASS in box._dom_classes
