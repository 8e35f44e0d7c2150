"""The bank's machinery: the Family interface and registry, distractor screening by the
grader's own comparison, and the shared message table."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from vcbook.answers import to_text
from vcbook.exercises import bank
from vcbook.exercises.bank import common, messages
from vcbook.exercises.bank.family import Draft, Family, Template

X = sp.Symbol("x", real=True)
FORGOT, SIGN, SAME, TWICE = ("forgot the inner derivative", "wrong sign", "the answer again",
                             "the first distractor again")


def _toy_build(template, k):
    """d/dx sin(kx), with two real mistakes, one that is the answer rewritten and one that
    repeats the first mistake in another form."""
    answer = k * sp.cos(k * X)
    return Draft(
        title=f"Toy: {template.title}", prompt=f"Differentiate $\\sin({k}x)$.", answer=answer,
        symbols=(X,), variables={"x": (-1.5, 1.5)},
        distractors=[(sp.cos(k * X), FORGOT), (-answer, SIGN),
                     (k * (sp.cos(k * X / 2)**2 - sp.sin(k * X / 2)**2), SAME),
                     (sp.cos(k * X) * (sp.sin(X)**2 + sp.cos(X)**2), TWICE)],
        hints=("Chain rule.", "The inner derivative is k."),
        solution=("**Outer:** $$\\cos(kx)$$", "**Inner:** $$k$$",
                  common.final_step("f'", answer)))


TOY = Family(name="toy", templates=(Template("sine", "a sine", lambda rng: rng.choice((2, 3))),),
             build=_toy_build, curated=(("06-toy-fixed", Template("fixed", "fixed", lambda _: 3)),))


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(bank.REGISTRY, "toy", TOY)
    return TOY


def test_a_new_family_needs_only_a_family_declaration(toy):
    ex = bank.generate("toy", 5)
    assert ex.id == "toy-5" and ex.family == "toy" and ex.title.startswith("Toy: a sine")
    assert [message for _, message in ex.distractors] == [FORGOT, SIGN]
    for wrong, message in ex.distractors:
        verdict = ex.check(to_text(wrong))
        assert verdict.status == "incorrect" and verdict.message.startswith(message)
    assert ex.check(ex.reference_text()).correct
    assert ex.regenerate(6).id == "toy-6"
    (fixed,) = bank.curated("toy")
    assert fixed.id == "06-toy-fixed" and fixed.answer == 3 * sp.cos(3 * X)
    assert bank.templates("toy") == TOY.templates


def test_registry_is_the_one_list_of_families():
    assert tuple(f.name for f in bank.REGISTERED) == bank.FAMILIES
    assert all(isinstance(f, Family) and bank.REGISTRY[f.name] is f for f in bank.REGISTERED)
    for fam in bank.REGISTERED:
        assert fam.curated and all(isinstance(t, Template) for t in fam.templates)
        assert len({row[0] for row in fam.curated}) == len(fam.curated)


def test_family_refuses_templates_with_the_same_title():
    twin = Template("a", "same", lambda rng: 1)
    with pytest.raises(ValueError, match="distinct titles"):
        Family(name="twins", templates=(twin, dataclasses.replace(twin, name="b")),
               build=_toy_build)


def test_screen_needs_two_distinguishable_distractors(toy):
    draft = _toy_build(TOY.templates[0], 2)
    draft.distractors = [(sp.cos(2 * X), FORGOT), (sp.cos(2 * X) * 1, TWICE)]
    ex = common.exercise(draft, id="toy-x", family="toy", seed=0)
    with pytest.raises(common.Degenerate, match="fewer than two"):
        common.screen(ex)


def test_screen_drops_an_answer_that_is_undefined_on_most_of_the_domain(toy):
    draft = _toy_build(TOY.templates[0], 2)
    draft.answer = sp.log(X - 1)  # defined only for x > 1 in (-1.5, 1.5)
    with pytest.raises(common.Degenerate, match="undefined"):
        common.screen(common.exercise(draft, id="toy-x", family="toy", seed=0))


def _grader_keeps(ex, candidates):
    """The oracle: keep a distractor iff ``ex.check`` of its typed text, with the distractors
    kept so far and it, says "incorrect" with that distractor's own message."""
    kept, shape = [], getattr(ex.answer, "shape", None)
    for candidate, message in candidates:
        if not common._typable(candidate, shape):
            continue
        ex.distractors = (*kept, (candidate, message))
        verdict = ex.check(to_text(candidate))
        if verdict.status == "incorrect" and f"distractor:{len(kept)}" in verdict.notes:
            kept.append((candidate, message))
    return [message for _, message in kept]


@pytest.mark.parametrize("family", ["gradient", "chain_rule", "polar"])
def test_screen_keeps_exactly_what_the_grader_tells_apart(family, monkeypatch):
    seen, screen = [], common.screen

    def spy(ex):
        candidates = list(ex.distractors)
        try:
            out = screen(ex)
        except common.Degenerate as exc:
            seen.append((ex, candidates, str(exc)))
            raise
        seen.append((ex, candidates, [message for _, message in out.distractors]))
        return out
    monkeypatch.setattr(common, "screen", spy)
    for seed in range(8):
        bank.generate(family, seed)
    assert len(seen) >= 8
    for ex, candidates, outcome in seen:
        oracle = _grader_keeps(dataclasses.replace(ex), candidates)
        if isinstance(outcome, str):  # a redraw: ill posed, or too few distractors
            assert "fewer than two" not in outcome or len(oracle) < 2, ex.id
        else:
            assert oracle == outcome, ex.id


def _used(message_start: str) -> bool:
    texts = [message for fam in bank.FAMILIES for seed in range(12)
             for _, message in bank.generate(fam, seed).distractors]
    return any(text.startswith(message_start) for text in texts)


def test_every_shared_mistake_message_is_used_by_a_family():
    for key, text in messages.MISTAKES.items():
        start = text.split("{")[0][:40]
        assert start and _used(start), key


def test_hints_use_the_shared_rules():
    hints = [t.hint for fam in bank.REGISTERED for t in fam.templates]
    for key in ("exp", "log", "product", "sin", "cos", "double_angle"):
        assert any(messages.RULES[key] in hint for hint in hints), key
    assert messages.mistake("cos_sign", where=" in f").startswith(
        "Check the derivative of cosine in f: d/du cos(u) = −sin(u)")


def test_a_column_typed_for_a_generated_gradient_gets_the_layout_explanation():
    from vcbook.answers import to_text
    from vcbook.exercises.bank import generate

    ex = generate("gradient", 0)
    assert ex.derivative == "gradient"
    verdict = ex.check(to_text(ex.answer.T))
    assert verdict.notes[0] == "transpose" and "denominator layout" in verdict.message
