"""The randomised problem bank: ``generate(family, seed)`` and the curated sets.

``generate("polar", seed=7)`` draws one Exercise, deterministically in the seed; its
``regenerate`` draws the same family with another seed (the widget's "New problem" uses
``seed + 1``). ``curated(family)`` is a fixed list, including the lecture notes' examples.

Each family is one module that declares ``FAMILY = Family(...)`` (the interface, in
``family.py``: templates, ``build``, curated rows, optional ``builder``) with its templates and
classic mistakes as data tables. ``REGISTERED`` below lists the families once; ``FAMILIES`` and
the look-up by name derive from it. Adding a family = one module + one entry in ``REGISTERED``.
"""

from __future__ import annotations

import random

from vcbook.exercises.bank import (
    backprop,
    chain_rule,
    common,
    gradient,
    hessian,
    jacobian,
    matrix_gradient,
    polar,
    taylor,
    vector_chain_rule,
)
from vcbook.exercises.bank.family import Family, Template
from vcbook.exercises.model import Exercise

REGISTERED: tuple[Family, ...] = (gradient.FAMILY, chain_rule.FAMILY, polar.FAMILY,
                                  jacobian.FAMILY, matrix_gradient.FAMILY, vector_chain_rule.FAMILY,
                                  backprop.FAMILY, hessian.FAMILY, taylor.FAMILY)
REGISTRY: dict[str, Family] = {fam.name: fam for fam in REGISTERED}
FAMILIES: tuple[str, ...] = tuple(REGISTRY)
assert len(REGISTRY) == len(REGISTERED), "two registered families share a name"


def lookup(name: str) -> Family:
    """The registered family called ``name``; ValueError naming the families otherwise."""
    if name not in REGISTRY:
        raise ValueError(f"unknown exercise family {name!r}; the families are "
                         f"{', '.join(FAMILIES)}")
    return REGISTRY[name]


def _regenerator(name: str):
    return lambda seed: generate(name, seed)


def generate(family: str, seed: int = 0) -> Exercise:
    """A randomised exercise of ``family`` (one of ``FAMILIES``), the same for the same seed."""
    fam, seed = lookup(family), int(seed)
    rng = random.Random(f"vcbook/{fam.name}/{seed}")

    def make(draft):
        return common.exercise(draft, id=f"{fam.name}-{seed}", family=fam.name, seed=seed,
                               regenerate=_regenerator(fam.name))
    return common.draw(rng, fam, make)


def curated(family: str) -> list[Exercise]:
    """The fixed exercises of ``family``: stable ids, the notes' examples among them.

    Their "New problem" draws a randomised exercise of the same family.
    """
    fam = lookup(family)
    out = []
    for ex_id, template, *extra in fam.curated:
        draft = fam.build(template, template.draw(None), *extra)
        out.append(common.screen(common.exercise(draft, id=ex_id, family=fam.name,
                                                 regenerate=_regenerator(fam.name))))
    return out


def templates(family: str) -> tuple[Template, ...]:
    """The templates of ``family`` (their ``title`` appears in each generated exercise's)."""
    return lookup(family).templates


__all__ = ["FAMILIES", "generate", "curated", "templates", "lookup", "Family"]
