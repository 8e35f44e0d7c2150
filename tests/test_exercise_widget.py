"""The exercise model and its widget, driven headlessly (ipywidgets without a front end)."""

import re

import pytest
import sympy as sp

from vcbook.exercises import progress
from vcbook.exercises.markup import markdown_to_html, plain_to_html
from vcbook.exercises.model import Exercise
from vcbook.exercises.summary import ProgressSummary
from vcbook.exercises.widget import FEEDBACK_CLASS, ExerciseWidget

t = sp.Symbol("t", real=True)
INNER = "You forgot the inner derivative: d/dt sin(t²) needs the factor 2t."


@pytest.fixture
def store(tmp_path, monkeypatch):
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh


def make(**changes):
    fields = dict(id="test-sin-t2", prompt="Differentiate $\\sin(t^2)$ with respect to **t**.",
                  answer=2 * t * sp.cos(t**2), variables={"t": (-2, 2)}, chapter="01_chain_rule",
                  distractors=((sp.cos(t**2), INNER),),
                  hints=("Use the chain rule.", "The inner function is $t^2$."),
                  solution=("Outer: $\\cos(t^2)$; inner: $2t$.", "So $2t\\cos(t^2)$."))
    fields.update(changes)
    return Exercise(**fields)


def type_and_check(widget, text):
    widget.answer_box.value = text
    widget.check_button.click()
    return widget.last_verdict


@pytest.mark.parametrize("text", ["2t cos(t^2)", "cos(t^2)", "2t", "sin(", "", "x + 1",
                                  "2*t*cos(t**2) + 0", "[1, 2]"])
def test_the_widget_verdict_equals_submit(store, text):
    ex = make()
    widget = ExerciseWidget(ex)
    assert type_and_check(widget, text) == ex.submit(text)


def test_feedback_teaches_and_is_escaped(store):
    widget = ExerciseWidget(make())
    type_and_check(widget, "cos(t^2)")
    assert f'class="{FEEDBACK_CLASS} vcbook-incorrect"' in widget.feedback.value
    assert plain_to_html(INNER) in widget.feedback.value
    type_and_check(widget, "<script>alert(1)</script>")
    assert "<script>" not in widget.feedback.value
    assert "vcbook-invalid" in widget.feedback.value and "did not count" in widget.feedback.value
    assert "<script>" not in widget.echo_note.value
    type_and_check(widget, "2 t cos(t^2)")
    assert "vcbook-correct" in widget.feedback.value


def test_live_echo_shows_the_engine_latex_before_grading(store):
    widget = ExerciseWidget(make())
    widget.answer_box.value = "2t cos(t²)"
    assert widget.echo.value == "$$2 t \\cos{\\left(t^{2} \\right)}$$"
    assert widget.last_verdict is None  # typing grades nothing
    widget.answer_box.value = "2 tt"  # a run of known names is split: t·t
    assert widget.echo.value == "$$2 t^{2}$$" and widget.echo_note.value == ""
    widget.answer_box.value = "sin("
    assert "not readable yet" in widget.echo_note.value and widget.echo.value == ""


def test_hints_unlock_after_a_graded_attempt_only(store):
    widget = ExerciseWidget(make())
    assert widget.hint_button.disabled
    type_and_check(widget, "sin(")  # invalid: not an attempt
    assert widget.hint_button.disabled and widget.attempts == 0
    type_and_check(widget, "cos(t^2)")
    assert not widget.hint_button.disabled and widget.attempts == 1
    widget.hint_button.click()
    assert "Hint 1." in widget.hints.value and "Hint 2." not in widget.hints.value
    widget.hint_button.click()
    assert "Hint 2." in widget.hints.value and "$t^2$" in widget.hints.value
    assert widget.hint_button.disabled and widget.hint_button.description == "No more hints"


def test_solution_and_new_problem(store):
    from vcbook.exercises.widget import next_seed

    def regenerate(seed):
        return make(id=f"gen-{seed}", answer=seed * t, prompt=f"Type ${seed}t$.", seed=seed,
                    regenerate=regenerate, distractors=())

    ex = regenerate(3)
    widget = ExerciseWidget(ex)
    assert widget.new_button in widget.buttons.children
    type_and_check(widget, "3t")
    widget.solution_button.click()
    assert "Worked solution" in widget.solution.value and "$2t\\cos(t^2)$" in widget.solution.value
    widget.new_button.click()
    fresh = next_seed(ex)  # a seed no exercise of the book uses
    assert widget.exercise.id == f"gen-{fresh}" and f"${fresh}t$" in widget.prompt.value
    assert widget.feedback.value == "" and widget.solution.value == "" and widget.attempts == 0
    assert type_and_check(widget, f"{fresh}t").status == "correct"
    plain = ExerciseWidget(make())
    assert plain.new_button not in plain.buttons.children


def test_a_neutral_title_hides_the_tool_but_not_the_exercise(store):
    """A mixed review shows exercises as "Mixed review, exercise 1": the title changes, nothing
    else (progress under the own id and chapter, the self-test), and New problem keeps it."""
    from vcbook.exercises import generate
    from vcbook.exercises.widget import next_seed

    item = generate("chain_rule", seed=101)
    neutral = item.with_title("Mixed review, exercise 1")
    assert item.title.startswith("Chain rule") and neutral.title == "Mixed review, exercise 1"
    assert (neutral.id, neutral.chapter, neutral.seed, neutral.prompt, neutral.answer) == (
        item.id, item.chapter, item.seed, item.prompt, item.answer)
    neutral.self_test()
    widget = ExerciseWidget(neutral)
    assert "<h4>Mixed review, exercise 1</h4>" in widget.prompt.value
    assert plain_to_html(item.title) not in widget.prompt.value
    type_and_check(widget, item.reference_text())
    assert [(r[0], r[1], r[4]) for r in store.attempts()] == [(item.id, item.chapter,
                                                               "correct")]
    widget.new_button.click()
    assert widget.exercise.seed == next_seed(item) and widget.exercise.family == "chain_rule"
    assert widget.exercise.title == "Mixed review, exercise 1"
    assert "Chain rule" not in widget.prompt.value


def test_a_failing_callback_never_shows_a_traceback(store, monkeypatch):
    ex = make()
    widget = ExerciseWidget(ex)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Exercise, "submit", broken)
    widget.answer_box.value = "2t cos(t^2)"
    widget.check_button.click()  # must not raise
    assert "went wrong on our side" in widget.feedback.value and "boom" not in widget.feedback.value


def test_submit_records_and_self_test_does_not(store):
    ex = make()
    ex.self_test(right="2 t cos(t^2)", wrong="cos(t^2)")
    assert store.attempts() == []
    widget = ExerciseWidget(ex)
    type_and_check(widget, "cos(t^2)")
    type_and_check(widget, "sin(")
    type_and_check(widget, "2t cos(t^2)")
    assert [(r[0], r[1], r[3], r[4]) for r in store.attempts()] == [
        ("test-sin-t2", "01_chain_rule", "cos(t^2)", "incorrect"),
        ("test-sin-t2", "01_chain_rule", "sin(", "invalid"),
        ("test-sin-t2", "01_chain_rule", "2t cos(t^2)", "correct")]
    summary = ProgressSummary(store=store)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", summary.table.value)
    assert cells == ["01_chain_rule", "1", "1", "2"]


def test_self_test_fails_loudly_when_the_check_cannot_fail(store):
    with pytest.raises(AssertionError, match="wrong answer"):
        make().self_test(right="2t cos(t^2)", wrong="2 cos(t^2) t")  # "wrong" is right
    with pytest.raises(AssertionError, match="right answer"):
        make().self_test(right="cos(t^2)", wrong="t")
    assert store.attempts() == []


def test_summary_export_writes_csv(store, tmp_path):
    store.record("a", "06_exercises", "1", "correct")
    summary = ProgressSummary(store=store, export_path=tmp_path / "out.csv")
    summary.export_button.click()
    assert (tmp_path / "out.csv").read_text().splitlines()[1].startswith("a,06_exercises,,1,")
    assert "Saved every attempt" in summary.note.value


def test_displaying_an_exercise_shows_its_widget(store):
    ex = make()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget().box.model_id


def test_markdown_subset_escapes_html_and_keeps_maths():
    html = markdown_to_html("**Bold** and *it* with `x^2` and $a < b$.\n\n<b>raw</b>")
    assert html == ("<p><b>Bold</b> and <i>it</i> with <code>x^2</code> and $a &lt; b$.</p>\n"
                    "<p>&lt;b&gt;raw&lt;/b&gt;</p>")
    assert markdown_to_html("$x^*$ and $$y_*$$") == "<p>$x^*$ and $$y_*$$</p>"


def test_markdown_never_formats_inside_code_or_maths():
    """Regression: `**` and `*` inside a code span once became bold/italic (found by the bank)."""
    assert (markdown_to_html("Type `[2*r*cos(theta)**2, -r**2*sin(2*theta)]`.")
            == "<p>Type <code>[2*r*cos(theta)**2, -r**2*sin(2*theta)]</code>.</p>")
    assert (markdown_to_html("`exp(x)*(y + 1) + sin(x)*(2)` and *this*")
            == "<p><code>exp(x)*(y + 1) + sin(x)*(2)</code> and <i>this</i></p>")
    assert markdown_to_html("`<b>`") == "<p><code>&lt;b&gt;</code></p>"
    assert markdown_to_html("costs $5 or *more*") == "<p>costs $5 or <i>more</i></p>"


def test_new_problem_from_fixed_exercises_draws_different_problems(store):
    """Regression (student review): every fixed exercise's New problem drew seed 1, so all the
    widgets of a family showed the same 'new' problem."""
    from vcbook.exercises.widget import next_seed

    drawn = []

    def regenerate(seed):
        drawn.append(seed)
        return make(id=f"gen-{seed}", seed=seed, regenerate=regenerate)

    first = ExerciseWidget(make(id="06-fixed-a", regenerate=regenerate))
    second = ExerciseWidget(make(id="06-fixed-b", regenerate=regenerate))
    first.new_button.click()
    second.new_button.click()
    assert drawn[0] != drawn[1]
    assert drawn == [next_seed(make(id="06-fixed-a")), next_seed(make(id="06-fixed-b"))]
    first.new_button.click()
    assert drawn[2] == drawn[0] + 1  # then one seed after another


# --- Enter submits; the solution asks first; the solved marker; the offline note -----------

def press_enter(widget):
    """What the Text view sends on Enter: a custom comm message {"event": "submit"}."""
    widget.answer_box._handle_msg({"content": {"data": {"method": "custom",
                                                        "content": {"event": "submit"}}},
                                   "buffers": []})


def test_enter_in_the_answer_box_checks_like_the_button(store):
    widget = ExerciseWidget(make())
    widget.answer_box.value = "cos(t^2)"
    press_enter(widget)
    assert widget.last_verdict.status == "incorrect" and widget.attempts == 1
    assert plain_to_html(INNER) in widget.feedback.value
    widget.answer_box._handle_msg({"content": {"data": {"method": "custom",
                                                        "content": {"event": "other"}}},
                                   "buffers": []})
    assert widget.attempts == 1  # only "submit" grades
    widget.answer_box.value = "2t cos(t^2)"
    press_enter(widget)
    assert "vcbook-correct" in widget.feedback.value
    assert [r[4] for r in store.attempts()] == ["incorrect", "correct"]


def test_solution_before_any_graded_attempt_asks_for_confirmation(store):
    widget = ExerciseWidget(make())
    widget.solution_button.click()
    assert widget.solution.value == "" and widget.confirm.layout.display != "none"
    widget.try_first_button.click()
    assert widget.solution.value == "" and widget.confirm.layout.display == "none"
    type_and_check(widget, "sin(")  # invalid: still no graded attempt
    widget.solution_button.click()
    assert widget.solution.value == "" and widget.confirm.layout.display != "none"
    widget.show_anyway_button.click()
    assert "Worked solution" in widget.solution.value
    assert widget.confirm.layout.display == "none"
    after_attempt = ExerciseWidget(make())
    type_and_check(after_attempt, "cos(t^2)")
    after_attempt.solution_button.click()
    assert "Worked solution" in after_attempt.solution.value
    assert after_attempt.confirm.layout.display == "none"


def test_a_solved_exercise_says_so_when_its_widget_is_created(store):
    from datetime import datetime, timezone

    ex = make()
    assert ExerciseWidget(ex).solved.value == ""
    first = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    store.record(ex.id, ex.chapter, "cos(t^2)", "incorrect", when=datetime(2026, 11, 1, 12,
                                                                           tzinfo=timezone.utc))
    store.record(ex.id, ex.chapter, "2t cos(t^2)", "correct", when=first)
    store.record(ex.id, ex.chapter, "2t cos(t^2)", "correct")  # a later one changes nothing
    widget = ExerciseWidget(ex)  # as after a kernel restart: state comes from the store
    day = first.astimezone().date().isoformat()
    assert f"Solved ✔ on {day}" in widget.solved.value and "vcbook-solved" in widget.solved.value
    widget.solution_button.click()  # solved before: the solution needs no confirmation
    assert "Worked solution" in widget.solution.value
    assert ExerciseWidget(ex, record=False).solved.value == ""  # probes do not look
    other_variant = make(seed=5)
    assert ExerciseWidget(other_variant).solved.value == ""


def test_a_first_correct_attempt_shows_the_solved_marker(store):
    from datetime import date

    widget = ExerciseWidget(make(id="fresh"))
    type_and_check(widget, "cos(t^2)")
    assert widget.solved.value == ""
    type_and_check(widget, "2t cos(t^2)")
    assert f"Solved ✔ on {date.today().isoformat()}" in widget.solved.value


def test_displaying_an_exercise_emits_an_offline_note_then_the_widget(store, monkeypatch):
    import IPython.display

    from vcbook.exercises.widget import LIVE_CLASS, OFFLINE_NOTE

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    ex = make()
    ex._ipython_display_()
    (note, note_kw), (box, box_kw) = shown
    assert note_kw == {"raw": True} and list(note) == ["text/html"]
    html = note["text/html"]
    assert ("<div class='vcbook-offline-note vcbook-stand-in'" in html
            and plain_to_html(OFFLINE_NOTE) in html)
    # The note's CSS: hide the note when the next output holds a drawn widget, and hide the
    # next output when it holds none (JupyterLab's "Error displaying widget: model not found").
    assert (f".jp-OutputArea-child:has(.vcbook-stand-in):has(+ .jp-OutputArea-child "
            f".{LIVE_CLASS}){{display:none}}") in html
    assert (f".jp-OutputArea-child:has(.vcbook-stand-in) + .jp-OutputArea-child"
            f":not(:has(.{LIVE_CLASS})){{display:none}}") in html
    assert box is ex.widget().box and box_kw == {}
    assert {LIVE_CLASS, "vcbook-exercise"} <= set(box._dom_classes)
    shown.clear()
    ProgressSummary(store=store)._ipython_display_()
    assert "vcbook-offline-note" in shown[0][0]["text/html"]
    assert LIVE_CLASS in shown[1][0]._dom_classes


def test_bold_text_may_contain_maths():
    """Regression (issue 11): maths inside **bold** left the asterisks on the page."""
    assert markdown_to_html("**the answer is $x^2$**") == "<p><b>the answer is $x^2$</b></p>"
    assert (markdown_to_html("So **$a$ and `b*c`** *with $y$*")
            == "<p>So <b>$a$ and <code>b*c</code></b> <i>with $y$</i></p>")
    assert markdown_to_html("$$x^{**}$$ **bold**") == "<p>$$x^{**}$$ <b>bold</b></p>"


def test_progress_table_headers_and_cells_are_padded_and_ruled(store):
    """Regression (issue 11): the summary's headers ran together ("chaptersolvedattempted")."""
    from vcbook.exercises.summary import summary_html

    store.record("a", "06_exercises", "1", "correct")
    html = summary_html(store)
    headers = re.findall(r"<th style='([^']*)'>([^<]*)</th>", html)
    assert [name for _, name in headers] == ["chapter", "solved", "attempted", "attempts"]
    for style, _ in headers:
        assert "padding:0.25em 0.9em" in style and "border-bottom:2px solid" in style
    cells = re.findall(r"<td style='([^']*)'>", html)
    assert len(cells) == 4 and all("padding:" in c and "border-bottom:" in c for c in cells)
    assert "border-collapse:collapse" in html


def test_an_exercise_says_what_its_derivative_is_for_a_transposed_answer():
    from vcbook.exercises import Exercise

    gradient = Exercise(id="t-grad", prompt="p", answer="[2x, 2y]", variables="x y",
                        derivative="gradient")
    assert "denominator layout" in gradient.check("[2x; 2y]").message
    plain = Exercise(id="t-plain", prompt="p", answer="[2x, 2y]", variables="x y")
    assert "denominator" not in plain.check("[2x; 2y]").message


def test_new_problem_is_fresh_and_practises_the_same_chapter(store):
    """Regression (browser review): New problem on chapter 04's first practice exercise drew the
    problem printed below it (seed 3), and chapter 03's drew a chapter 04 problem."""
    from vcbook.exercises import generate
    from vcbook.exercises.widget import FRESH_SEEDS

    for start, chapter in ((2, "04_identities"), (6, "03_matrix_gradients")):
        exercise = generate("matrix_gradient", seed=start)
        assert exercise.chapter == chapter
        widget = ExerciseWidget(exercise)
        seen = set()
        for _ in range(4):
            widget.new_button.click()
            drawn = widget.exercise
            assert drawn.seed >= FRESH_SEEDS and drawn.seed not in seen
            assert drawn.chapter == chapter and drawn.family == "matrix_gradient"
            seen.add(drawn.seed)


def test_the_entry_grid_says_what_it_shows_and_the_echo_label_never_wraps(store):
    # found by the browser review: the ✔/✘ grid was explained only by a hover tooltip, and a
    # long message squeezed the label to "I / read:"
    x, y = sp.symbols("x y")
    widget = ExerciseWidget(make(id="test-grid", answer=sp.Matrix([[2 * x, 1], [0, 3 * y**2]]),
                                 variables={"x": (-2, 2), "y": (-2, 2)}, distractors=()))
    assert type_and_check(widget, "[2x, 1; 0, 3y]").status == "incorrect"
    assert "Entry by entry (✔ right, ✘ wrong):" in widget.feedback.value
    assert widget.feedback.value.count("✘</td>") == 1
    label = widget.box.children[3].children[0]
    assert "white-space:nowrap" in label.value and label.layout.flex == "0 0 auto"
