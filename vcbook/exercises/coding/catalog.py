"""Every code exercise, by name: ``CODE_EXERCISES`` and ``coding(name)``."""

from __future__ import annotations

from types import MappingProxyType

from vcbook.exercises.coding.layers import LAYER_BACKWARD, TWO_LAYER_BACKWARD
from vcbook.exercises.coding.losses import SOFTMAX_CROSS_ENTROPY_GRAD
from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.numerical import NUMERICAL_GRADIENT
from vcbook.exercises.coding.primitives import VJP_RULE

CODE_EXERCISES = MappingProxyType({ex.name: ex for ex in (
    NUMERICAL_GRADIENT, LAYER_BACKWARD, SOFTMAX_CROSS_ENTROPY_GRAD, VJP_RULE,
    TWO_LAYER_BACKWARD)})
"""name -> CodeExercise, in the order chapter 05 uses them."""


def coding(name: str) -> CodeExercise:
    """The code exercise called ``name`` (a key of ``CODE_EXERCISES``); in Jupyter it shows its
    brief. ValueError naming the exercises otherwise."""
    if name not in CODE_EXERCISES:
        raise ValueError(f"no code exercise {name!r}; there are {', '.join(CODE_EXERCISES)}")
    return CODE_EXERCISES[name]
