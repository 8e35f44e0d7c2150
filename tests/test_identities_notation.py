"""Every catalogue entry's function in matrix notation (``Identity.notation``): it reads with the
shapes ``notation_shapes`` declares, and its value is the entry's ``function`` at arguments
drawn the entry's own way, for each of its shape choices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vcbook.autodiff as ad
from vcbook.answers.matrix import evaluate_expr, parse
from vcbook.identities import CATALOG, Identity, arg, get

NAMES = [i.name for i in CATALOG]
NO_NOTATION: dict[str, str] = {}  # an entry whose function matrix notation cannot write -> why


def _as_2d(value: np.ndarray) -> np.ndarray:
    """The function's value as matrix notation holds it: a scalar 1×1, a vector a column."""
    value = np.asarray(value, dtype=float)
    return value.reshape(1, 1) if value.ndim == 0 else value.reshape(-1, 1) if value.ndim == 1 \
        else value


def notation_matches_function(identity: Identity, text: str, rng: np.random.Generator,
                              shape_choice: int) -> bool:
    """Parse ``text`` with the entry's shapes; does it equal ``function`` on one instance?"""
    expr = parse(text, identity.notation_shapes)
    args = identity.sample(rng, shape_choice)
    expected = _as_2d(identity.function(*args))
    got = evaluate_expr(expr, {a.name: v for a, v in zip(identity.args, args, strict=True)})
    if got.shape != expected.shape:
        return False
    got = got.reshape(np.shape(identity.function(*args)))
    return bool(np.allclose(got, identity.function(*args), rtol=1e-10, atol=1e-10))


def test_every_entry_has_a_notation_unless_it_says_why_not():
    assert len(CATALOG) == 32
    missing = {i.name for i in CATALOG if not i.notation}
    assert missing == set(NO_NOTATION)


@pytest.mark.parametrize("identity", [i for i in CATALOG if i.notation],
                         ids=[i.name for i in CATALOG if i.notation])
def test_the_notation_reads_and_equals_the_function_at_every_shape(identity):
    rng = np.random.default_rng(20240605)
    for choice in range(len(identity.shapes)):
        assert notation_matches_function(identity, identity.notation, rng, choice), \
            f"{identity.name}: {identity.notation!r} differs from the function at " \
            f"{identity.shapes[choice]}"


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, len(CATALOG) - 1), seed=st.integers(0, 2**32 - 1))
def test_any_seed_any_entry(index, seed):
    identity = CATALOG[index]
    rng = np.random.default_rng(seed)
    choice = int(rng.integers(len(identity.shapes)))
    assert notation_matches_function(identity, identity.notation, rng, choice)


@pytest.mark.parametrize("name, wrong", [
    ("aᵀX⁻¹b", "b^T inv(X) a"),
    ("5.99 transpose rule, f(X) = AXB", "A X B"),
    ("tr(XᵀAX)", "tr(X^T A^T A X)"),
    ("softmax", "exp(z)"),
    ("logistic loss", "-(y^T log(sigmoid(X w)) + (1 - y)^T log(sigmoid(X w)))"),
    ("Gaussian log-density in the mean", "(x - mu)^T inv(S) (x - mu) / 2"),
])
def test_a_wrong_notation_is_caught(name, wrong):
    identity = get(name)
    rng = np.random.default_rng(7)
    assert not all(notation_matches_function(identity, wrong, rng, choice)
                   for choice in range(len(identity.shapes)))


def test_notation_shapes_follow_the_arguments():
    assert get("Gaussian log-density in the mean").notation_shapes == {
        "mu": "n", "x": "n", "S": "n×n spd"}
    assert get("(x − As)ᵀW(x − As)").notation_shapes == {
        "s": "n", "x": "m", "A": "m×n", "W": "m×m symmetric"}
    assert get("aᵀX⁻¹b").notation_shapes == {"X": "n×n", "a": "n", "b": "n"}  # invertible
    assert get("logistic loss").notation_shapes == {"w": "d", "X": "N×d", "y": "N"}  # labels
    assert get("least squares").notation_shapes == {"theta": "d", "Phi": "N×d", "y": "N"}


def _toy(*args, notation=""):
    return Identity(name="toy", latex="", args=args, wrt=args[0].name,
                    function=lambda *a: ad.sum(a[0]), claimed=lambda *a: None,
                    shapes=({d: 2 for a in args for d in a.dims},), notation=notation)


def test_a_scalar_argument_and_a_dimension_that_is_no_size_letter():
    toy = _toy(arg("c"), arg("X", "rows n"), arg("y", "rows"), arg("Z", "cols cols", "spd"))
    shapes = toy.notation_shapes
    assert shapes["c"] == "scalar" and shapes["X"].endswith("×n")
    rows, cols = shapes["y"], shapes["Z"].split("×")[0]
    assert shapes["X"] == f"{rows}×n" and shapes["Z"] == f"{cols}×{cols} spd"
    assert len({rows, cols, "n"}) == 3 and len(rows) == len(cols) == 1
    expr = parse("c y^T X", shapes)
    assert expr.shape == (1, "n")


def test_an_entry_without_a_notation_is_still_valid():
    toy = _toy(arg("x", "n"))
    assert toy.notation == "" and toy.notation_shapes == {"x": "n"}
