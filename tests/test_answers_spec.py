"""The exercise declaration (vcbook.answers.spec): names, symbols, domains, assumptions."""

import pytest
import sympy

from vcbook.answers.errors import AuthorError
from vcbook.answers.spec import (
    DEFAULT_DOMAIN,
    POSITIVE_DOMAIN,
    canonical_name,
    make_spec,
)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("θ", "theta"), ("theta", "theta"), ("x_1", "x1"), ("x₁", "x1"), ("x1", "x1"),
     ("λ", "lamda"), ("lambda", "lamda"), ("phi", "phi"), ("ϕ", "phi")],
)
def test_canonical_names(name, canonical):
    assert canonical_name(name) == canonical


def test_symbols_are_real_by_default_and_carry_declared_assumptions():
    spec = make_spec(["x", "r"], assumptions={"r": "positive"})
    x, r = spec.symbols
    assert x == sympy.Symbol("x", real=True)
    assert r.is_positive and r.is_real
    assert spec.domains == (DEFAULT_DOMAIN, POSITIVE_DOMAIN)


def test_forms_of_the_variables_argument():
    assert make_spec("x y").names == ("x", "y")
    assert make_spec("r, θ").names == ("r", "theta")
    assert make_spec({"x": (0, 1), "y": None}).domains == ((0.0, 1.0), DEFAULT_DOMAIN)
    assert make_spec(["x"], assumptions={"x": {"nonnegative": True}}).domains == ((0.0, 2.0),)


def test_specs_are_cached():
    assert make_spec(["x", "y"]) is make_spec(("x", "y"))


def test_phrases_for_messages():
    assert make_spec(["r", "theta"]).phrase() == "r and θ"
    assert make_spec(["x1", "x2", "x3"]).phrase() == "x1, x2 and x3"


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"variables": ["x", "x"]}, "given twice"),
        ({"variables": ["sin"]}, "cannot be a variable name"),
        ({"variables": ["2x"]}, "cannot be a variable name"),
        ({"variables": {"x": (1, 1)}}, "low < high"),
        ({"variables": {"x": "wide"}}, "must be a pair"),
        ({"variables": ["x"], "assumptions": {"y": "positive"}}, "unknown variables"),
        ({"variables": ["x"], "floats": "approx"}, "floats must be one of"),
    ],
)
def test_authoring_mistakes(kwargs, phrase):
    with pytest.raises(AuthorError, match=phrase):
        make_spec(**kwargs)
