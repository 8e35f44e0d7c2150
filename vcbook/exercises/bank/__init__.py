"""The randomised problem bank: ``generate(family, seed)`` and the curated sets.

``generate("polar", seed=7)`` draws one Exercise, deterministically in the seed; its
``regenerate`` draws the same family with another seed (the widget's "New problem" uses
``seed + 1``). ``curated(family)`` is a fixed list, including the lecture notes' examples.
Each family is one module with its templates and classic mistakes as data tables.
"""

from __future__ import annotations

import random
from types import ModuleType

from vcbook.exercises.bank import chain_rule, common, gradient, polar
from vcbook.exercises.model import Exercise

FAMILIES = ("gradient", "chain_rule", "polar")
_MODULES: dict[str, ModuleType] = {"gradient": gradient, "chain_rule": chain_rule,
                                   "polar": polar}


def _module(family: str) -> ModuleType:
    if family not in _MODULES:
        raise ValueError(f"unknown exercise family {family!r}; the families are "
                         f"{', '.join(FAMILIES)}")
    return _MODULES[family]


def _regenerator(family: str):
    return lambda seed: generate(family, seed)


def generate(family: str, seed: int = 0) -> Exercise:
    """A randomised exercise of ``family`` (one of ``FAMILIES``), the same for the same seed."""
    module = _module(family)
    rng = random.Random(f"vcbook/{family}/{int(seed)}")
    draft = common.draw(rng, module.TEMPLATES, module.builder(rng))
    return common.exercise(draft, id=f"{family}-{seed}", family=family, seed=int(seed),
                           regenerate=_regenerator(family))


def curated(family: str) -> list[Exercise]:
    """The fixed exercises of ``family``: stable ids, the notes' examples among them.

    Their "New problem" draws a randomised exercise of the same family.
    """
    module = _module(family)
    out = []
    for ex_id, template, *build_args in module.CURATED:
        draft = common.screen(module.build(template, template.draw(None), *build_args))
        out.append(common.exercise(draft, id=ex_id, family=family,
                                   regenerate=_regenerator(family)))
    return out


def templates(family: str) -> tuple[common.Template, ...]:
    """The templates of ``family`` (their ``title`` appears in each generated exercise's)."""
    return _module(family).TEMPLATES


__all__ = ["FAMILIES", "generate", "curated", "templates"]
