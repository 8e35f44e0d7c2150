"""Stage 9 (vcbook.answers.diagnose): each diagnostic fires on its mistake, in order."""

import pytest
import sympy

from vcbook.answers import check
from vcbook.answers.compare import Sampler, Tolerance, compare, sample_points
from vcbook.answers.diagnose import DIAGNOSTICS, Case, diagnose, nice
from vcbook.answers.spec import make_spec

x, y, t, r, theta = sympy.symbols("x y t r theta")
JACOBIAN = sympy.Matrix([[sympy.cos(theta), -r * sympy.sin(theta)],
                         [sympy.sin(theta), r * sympy.cos(theta)]])
POLAR = {"r": (0.1, 2), "theta": (0, 6.28)}


def test_order_is_data():
    assert [d.__name__ for d in DIAGNOSTICS] == [
        "distractors", "sign", "near", "factor", "constant", "undefined", "partial",
        "transpose", "permuted", "entry_count"]


def test_distractor_message_comes_first():
    v = check("-cos(t^2)", "2*t*cos(t^2)", ["t"], distractors=[
        ("cos(t^2)", "Chain rule: multiply by the derivative of t^2."),
        ("-cos(t^2)", "Differentiating sin gives +cos."),
    ])
    assert v.status == "incorrect"
    assert v.notes[0] == "distractor:1" and v.message == "Differentiating sin gives +cos."


def test_distractors_may_be_sympy_objects_and_matrices():
    v = check("[y, y]", sympy.Matrix([[y, x]]), "x y", distractors=[([y, y], "Look at d/dy.")])
    assert v.notes[0] == "distractor:0" and v.message == "Look at d/dy."


def test_sign():
    v = check("-2x", "2x", ["x"])
    assert v.notes == ("sign",) and "Check your signs" in v.message


def test_sign_for_a_whole_vector():
    v = check("[-y, -x]", [y, x], "x y")
    assert v.notes[0] == "sign" and "Every entry" in v.message
    assert v.mask == ((False, False),) and "entries" in v.notes


@pytest.mark.parametrize(("answer", "factor"), [("log(x^2+y^2)", "2"), ("log(x^2+y^2)/6", "1/3")])
def test_constant_factor(answer, factor):
    v = check(answer, sympy.log(x**2 + y**2) / 2, "x y")
    assert v.notes == ("factor",)
    assert f"it is {factor} times the correct one" in v.message


def test_additive_constant():
    v = check("x^2 + 5", "x^2", ["x"])
    assert v.notes == ("constant",) and "by a constant (5)" in v.message


def test_undefined_where_the_answer_is_defined():
    v = check("log(x)", "log(abs(x))", ["x"])
    assert v.notes == ("undefined",)
    assert v.message.startswith("Your answer is undefined at x = -")


def test_right_on_only_part_of_the_domain():
    v = check("atan(y/x)", sympy.atan2(y, x), {"x": (-2, 2), "y": (-2, 2)})
    assert v.notes == ("partial",) and "some values" in v.message


def test_transposed_square_jacobian():
    v = check("[cos(θ), sin(θ); -r sin(θ), r cos(θ)]", JACOBIAN, POLAR, derivative="jacobian")
    assert v.status == "incorrect" and v.notes == ("transpose", "entries")
    assert "transpose" in v.message and "numerator layout" in v.message
    assert "Row i of a Jacobian is the gradient of f_i" in v.message
    assert v.mask == ((True, False), (False, True))


def test_column_gradient_is_a_transpose_with_the_convention():
    v = check("[2x; 2y]", "[2x, 2y]", "x y", derivative="gradient")
    assert v.status == "incorrect" and v.notes == ("transpose",)
    assert "yours is 2×1, the answer is 1×2" in v.message
    assert "is a row" in v.message and "denominator layout" in v.message


def test_a_transpose_is_blamed_on_the_layout_only_where_layouts_differ():
    """Regression: a transposed derivative by a matrix (or a vector-Jacobian product) was blamed
    on 'the denominator layout', which gives the same shape there."""
    x11, x12, x21, x22 = sympy.symbols("x11 x12 x21 x22")
    names = "x11 x12 x21 x22"
    expected = sympy.Matrix([[x11, 2 * x12], [3 * x21, x22]])
    for derivative in (None, "matrix"):
        v = check("[x11, 3x21; 2x12, x22]", expected, names, derivative=derivative)
        assert v.notes[0] == "transpose" and "rows and columns are swapped" in v.message
        assert "denominator" not in v.message and "numerator" not in v.message
    assert "X's shape" in check("[x11, 3x21; 2x12, x22]", expected, names,
                                derivative="matrix").message
    vjp = check("[2x; 2y]", "[2x, 2y]", "x y")  # a row that is not declared a gradient
    assert vjp.notes == ("transpose",) and "denominator" not in vjp.message
    assert "yours is 2×1, the answer is 1×2" in vjp.message
    shape = check("4×3", (3, 4), derivative="matrix")
    assert shape.notes == ("transpose",) and "denominator" not in shape.message
    assert "denominator layout" in check("4×3", (3, 4), derivative="jacobian").message


def test_wrong_column_gradient_is_an_explained_shape_error():
    v = check("[2x; 3y]", "[2x, 2y]", "x y")
    assert v.status == "invalid" and v.notes == ("invalid:shape",)
    assert "row vector with 2 entries" in v.message and "other way round" in v.message


@pytest.mark.parametrize(("answer", "said"), [
    ("[2x, -2y]", "component 2 has the opposite sign to the correct one"),
    ("[2x, 4y]", "component 2 is off by a constant factor: it is 2 times the correct one"),
    ("[2x, 2y + 3]", "component 2 differs from the correct one by a constant (3)"),
])
def test_one_wrong_entry_gets_the_specific_diagnosis(answer, said):
    """Regression: a sign or factor slip in one entry only got 'look again at component 2'."""
    v = check(answer, "[2x, 2y]", "x y")
    assert v.notes == ("entries",)
    assert v.message.startswith("1 of 2 components are correct; " + said)


def test_one_wrong_entry_of_a_matrix_and_a_mixture():
    v = check("[cos(θ), r sin(θ); sin(θ), r cos(θ)]", JACOBIAN, POLAR)
    assert "entry (1, 2) has the opposite sign" in v.message
    w = check("[-cos(θ), -r sin(θ); sin(θ), r cos(θ)^2]", JACOBIAN, POLAR)
    assert w.message.startswith("2 of 4 entries are correct; entry (1, 1) has the opposite sign")
    assert w.message.endswith("look again at entry (2, 2).")


def test_a_rounded_number_is_not_called_a_factor_of_1():
    """Regression: 3.141592653 against pi said 'it is 1 times the correct one'."""
    v = check("3.141592653", "pi")
    assert v.notes == ("near",) and "1 times" not in v.message
    assert "very close" in v.message and "pi" in v.message
    w = check("3.14159 x", "pi x", ["x"])
    assert w.notes == ("near",)


def test_permuted_components():
    v = check("[x, y]", [y, x], "x y")
    assert v.notes == ("permuted", "entries") and "wrong order" in v.message


def test_permuted_rows_and_columns_of_a_jacobian():
    rows = check("[sin(θ), r cos(θ); cos(θ), -r sin(θ)]", JACOBIAN, POLAR)
    assert rows.notes[0] == "permuted" and "rows are right" in rows.message
    cols = check("[-r sin(θ), cos(θ); r cos(θ), sin(θ)]", JACOBIAN, POLAR)
    assert cols.notes[0] == "permuted" and "columns are right" in cols.message


def test_entry_mask_and_count():
    v = check("[cos(θ), -r sin(θ); sin(θ), r cos(θ)^2]", JACOBIAN, POLAR)
    assert v.notes == ("entries",)
    assert v.message == "3 of 4 entries are correct; look again at entry (2, 2)."
    assert v.mask == ((True, True), (True, False))
    w = check("[y, x^2, z]", [y, x, sympy.Symbol("z")], "x y z")
    assert w.message == "2 of 3 components are correct; look again at component 2."


def test_generic_message_when_nothing_fits():
    v = check("x^3", "x^2", ["x"])
    assert v.status == "incorrect" and v.notes == ()
    assert v.message == "That is not correct yet. Check your working and try again."


def test_diagnose_directly_on_a_case():
    spec = make_spec(["x"])
    sampler = Sampler(spec.names, sample_points(spec.domains, 3), Tolerance())
    student, expected = -sympy.sin(spec.symbols[0]), sympy.sin(x)
    case = Case(student, expected, compare(student, expected, sampler), spec, sampler)
    assert [f.code for f in diagnose(case)] == ["sign"]


def test_nice_numbers():
    assert nice(2.0) == "2" and nice(0.5) == "1/2" and nice(-1.5) == "-3/2"
    assert nice(3.14159265) == "3.142" and nice(1e180) == "1e+180"


def test_nice_never_fails_on_an_infinite_value():
    assert nice(float("inf")) == "inf" and nice(float("-inf")) == "-inf"
