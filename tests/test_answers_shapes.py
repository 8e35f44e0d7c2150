"""Shape answers (vcbook.answers.shapes): reading and judging (2, 3), 2×3, 2 x 3."""

import pytest

from vcbook.answers import InvalidAnswer, check
from vcbook.answers.shapes import judge_shape, parse_shape


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("(2, 3)", (2, 3)), ("2×3", (2, 3)), ("2 x 3", (2, 3)), ("2x3", (2, 3)), ("2*3", (2, 3)),
        ("2 by 3", (2, 3)), ("[2, 3]", (2, 3)), ("(4,)", (4,)), ("4", (4,)), ("()", ()),
        ("(3, 3, 2, 3)", (3, 3, 2, 3)), ("２×３", (2, 3)), ("2 × 3 × 4", (2, 3, 4)),
    ],
)
def test_parse_shape(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["2x", "(2, a)", "2 3", "x", "(2,,3)", "1234567 x 2", "2-3"])
def test_unreadable_shapes(text):
    with pytest.raises(InvalidAnswer) as info:
        parse_shape(text)
    assert info.value.code == "shape-syntax"


def test_judge_shape():
    assert judge_shape((2, 3), (2, 3))[:2] == ("correct", None)
    status, note, message, mask = judge_shape((3, 2), (2, 3), "jacobian")
    assert (status, note, mask) == ("incorrect", "transpose", ((False, False),))
    assert "numerator layout" in message
    assert "layout" not in judge_shape((3, 2), (2, 3), "matrix")[2]
    assert judge_shape((3, 2, 2), (2, 2, 3))[1] == "permuted"
    status, note, message, _ = judge_shape((2, 3), (2, 2, 3))
    assert note == "rank" and "output.shape + input.shape" in message
    assert judge_shape((2, 4), (2, 3))[3] == ((True, False),)


def test_check_with_shape_kind():
    assert check("2×3", (2, 3)).correct
    assert check("(2, 3)", "2 x 3", kind="shape").correct
    wrong = check("(3, 2)", (2, 3))
    assert wrong.status == "incorrect" and wrong.notes == ("transpose",)
    unreadable = check("two by three", (2, 3))
    assert unreadable.status == "invalid" and not unreadable.attempt_counts


def test_shape_distractors_give_their_authored_message():
    """Regression: shape answers once ignored authored distractors (found writing chapter 02)."""
    from vcbook.answers import check

    distractors = (((1, 2), "That is the shape of the result, not of the inner derivative."),
                   ((2, 3), "Rows index outputs: this one is swapped on purpose."))
    wrong = check("1×2", (3, 2), kind="shape", distractors=distractors)
    assert (wrong.status, wrong.notes) == ("incorrect", ("distractor:0",))
    assert wrong.message == distractors[0][1]
    swapped = check("(2, 3)", (3, 2), kind="shape", distractors=distractors)
    assert swapped.notes == ("distractor:1",) and swapped.message == distractors[1][1]
    assert check("3 x 2", (3, 2), kind="shape", distractors=distractors).status == "correct"
    other = check("(4, 4)", (3, 2), kind="shape", distractors=distractors)
    assert other.notes == ("entries",)
