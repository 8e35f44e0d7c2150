"""How the catalogue is laid out (one module per topic, each entry's symbolic builder beside it)
and how it is counted: the README states the counts the code computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vcbook.identities import (
    CATALOG,
    TOPICS,
    CatalogCounts,
    Identity,
    counts,
    forms,
    get,
    losses,
    tensor_rules,
    traces_and_determinants,
)

README = Path(__file__).resolve().parents[1] / "README.md"

MODULES = ((tensor_rules, tensor_rules.TENSOR_RULES), (forms, forms.FORMS),
           (traces_and_determinants, traces_and_determinants.TRACES_AND_DETERMINANTS),
           (losses, losses.LOSSES))


def test_the_catalogue_is_the_topic_modules_in_order():
    assert tuple(i for _, entries in MODULES for i in entries) == CATALOG
    assert tuple(module.TOPIC for module, _ in MODULES) == TOPICS
    assert len({i.name for i in CATALOG}) == len(CATALOG)


@pytest.mark.parametrize("module, entries", MODULES, ids=[m.__name__ for m, _ in MODULES])
def test_every_declaration_is_in_its_modules_tuple_with_the_modules_topic(module, entries):
    declared = [v for v in vars(module).values() if isinstance(v, Identity)]
    assert set(declared) == set(entries), "an Identity declared but left out of the tuple"
    assert len(entries) == len(set(entries))
    assert {i.topic for i in entries} == {module.TOPIC}


@pytest.mark.parametrize("identity", CATALOG, ids=[i.name for i in CATALOG])
def test_each_symbolic_builder_sits_in_the_module_of_its_entry(identity):
    home = next(m for m, entries in MODULES if identity in entries)
    assert identity.symbolic is not None
    assert identity.symbolic.__module__ == home.__name__


def test_the_instances_of_a_rule_share_its_number_and_name_it():
    rules: dict[str, list[Identity]] = {}
    for identity in CATALOG:
        if identity.instance_of is not None:
            rules.setdefault(identity.instance_of, []).append(identity)
    assert sorted(rules) == ["5.100 trace rule", "5.101 determinant rule", "5.102 inverse rule",
                             "5.99 transpose rule"]
    for rule, instances in rules.items():
        assert [i.name for i in instances] == [f"{rule}, f(X) = AXB", f"{rule}, f(X) = XᵀX"]
        assert {i.mml for i in instances} == {rule.split()[0]}


def test_counts_treat_the_instances_of_one_rule_as_one_identity():
    pair = [get("5.99 transpose rule, f(X) = AXB"), get("5.99 transpose rule, f(X) = XᵀX")]
    assert counts(pair) == CatalogCounts(entries=2, identities=1)
    assert counts(pair + [get("aᵀXb")]) == CatalogCounts(entries=3, identities=2)
    assert counts([]) == CatalogCounts(entries=0, identities=0)
    whole = counts()
    assert whole.entries == len(CATALOG)
    assert whole.identities == len(CATALOG) - sum(i.instance_of is not None for i in CATALOG) + 4


def _stated_counts(text: str) -> CatalogCounts:
    """The counts in the README's chapter table: "a catalogue of N identities (M entries"."""
    found = re.findall(r"a catalogue of (\d+) identities \((\d+) entries", text)
    assert len(found) == 1, f"the README should state the counts once, found {found}"
    identities, entries = map(int, found[0])
    return CatalogCounts(entries=entries, identities=identities)


def test_the_readme_states_the_counts_the_code_computes():
    assert _stated_counts(README.read_text(encoding="utf-8")) == counts()


def test_the_readme_check_reads_the_numbers_it_is_given():
    assert _stated_counts("… a catalogue of 5 identities (7 entries: …") == CatalogCounts(7, 5)
    with pytest.raises(AssertionError, match="once"):
        _stated_counts("a catalogue of identities")
