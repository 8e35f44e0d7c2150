"""The exercise widget: prompt, answer box with a live echo, Check, Hint, Solution, New problem.

Every piece of feedback is written to widget state (``HTML.value``), never printed inside
``with out:``, so the widget behaves the same in JupyterLab, under nbval and in plain pytest.
Student text is always escaped and shown only in widgets that do not typeset maths; the echo
shows LaTeX produced by the engine from the parsed answer. A callback never shows a traceback.

Check or Enter grades; hints unlock after the first graded attempt, and so does the worked
solution (before that, "Show solution" asks to confirm). A solved exercise says so, with the date
of its first correct attempt from the progress store, whenever its widget is created.
``display_live`` shows a widget after a note that JupyterLab hides while the widget is drawn,
and that replaces "Error displaying widget" in a notebook reopened without a running kernel.
"""

from __future__ import annotations

import functools
import zlib

import ipywidgets as w

from vcbook import live
from vcbook.exercises import progress
from vcbook.exercises.feedback import COLOUR as _COLOUR
from vcbook.exercises.feedback import FEEDBACK_CLASS, feedback_html  # noqa: F401 (widget.FEEDBACK_CLASS)
from vcbook.exercises.markup import markdown_to_html, plain_to_html
from vcbook.live import LIVE_CLASS  # noqa: F401 (widget.LIVE_CLASS, as before)

_OOPS = ("Something went wrong on our side while handling that, so nothing was counted. "
         "Please try again, perhaps in a simpler form.")
OFFLINE_NOTE = ("This exercise needs a running kernel: run the chapter's cells (Run ▸ Run All "
                "Cells) to use it. Your saved progress is kept.")
CONFIRM_SOLUTION = ("You have not checked an answer yet. Trying first, even a wrong answer, "
                    "teaches more than reading the solution. Show it anyway?")


def _safely(method):
    """Run a callback; on any exception show a friendly message instead of a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception:  # noqa: BLE001 - a widget callback must never show a traceback
            self.feedback.value = _feedback_html("invalid", _OOPS)
            return None

    return wrapper


def _feedback_html(status: str, message: str, mask=None) -> str:
    """The feedback for a plain-text ``message`` (escaped), in the book's one style."""
    return feedback_html(status, plain_to_html(message), mask)


class ExerciseWidget:
    """The widget for one ``Exercise``; ``box`` is what Jupyter displays.

    ``record=False`` makes a probe that checks without saving progress (used by self-tests).
    """

    def __init__(self, exercise, record: bool = True):
        self.exercise = exercise
        self.record = record
        self.last_verdict = None
        self.attempts = 0
        self.hints_shown = 0
        self.prompt = w.HTMLMath()
        self.answer_box = w.Text(placeholder="Type your answer, then press Enter or Check",
                                 continuous_update=True, layout=w.Layout(width="32em"))
        self.echo = w.HTMLMath(layout=w.Layout(min_height="1.5em"))
        self.echo.add_class("vcbook-echo")
        self.echo_note = w.HTML()
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer")
        self.hint_button = w.Button(description="Hint", icon="lightbulb-o",
                                    tooltip="Hints unlock after your first checked attempt")
        self.solution_button = w.Button(description="Show solution", icon="book")
        self.new_button = w.Button(description="New problem", icon="refresh",
                                   tooltip="Draw another problem of the same kind")
        self.feedback = w.HTML()
        self.hints = w.HTMLMath()
        self.solution = w.HTMLMath()
        self.status = w.HTML()
        self.solved = w.HTML()
        self.show_anyway_button = w.Button(description="Show it anyway", icon="book")
        self.try_first_button = w.Button(description="I'll try first", button_style="primary")
        self.confirm = w.VBox([w.HTML(plain_to_html(CONFIRM_SOLUTION)),
                               w.HBox([self.try_first_button, self.show_anyway_button])],
                              layout=w.Layout(display="none"))
        self.confirm.add_class("vcbook-confirm-solution")
        buttons = [self.check_button, self.hint_button, self.solution_button]
        if exercise.regenerate is not None:
            buttons.append(self.new_button)
        self.buttons = w.HBox(buttons)
        self.box = w.VBox([
            self.prompt,
            self.solved,
            w.HBox([self.answer_box]),
            w.HBox([w.HTML("<span style='color:#555; white-space:nowrap'>I read:&nbsp;</span>",
                           layout=w.Layout(flex="0 0 auto")), self.echo,
                    self.echo_note]),
            self.buttons,
            self.confirm, self.feedback, self.hints, self.solution, self.status,
        ], layout=w.Layout(border="1px solid #ccc", padding="0.6em", margin="0.5em 0"))
        self.box.add_class("vcbook-exercise")
        self._id_class = ""
        self.answer_box.observe(self._on_type, names="value")
        # Enter in the box: the Text view sends the custom message {"event": "submit"}
        # (Text.on_submit, which listens for it, is deprecated in ipywidgets 8).
        self.answer_box.on_msg(self._on_box_message)
        self.check_button.on_click(self._on_check)
        self.hint_button.on_click(self._on_hint)
        self.solution_button.on_click(self._on_solution)
        self.show_anyway_button.on_click(self._on_show_anyway)
        self.try_first_button.on_click(self._on_try_first)
        self.new_button.on_click(self._on_new)
        self._show_exercise()

    # -- state ---------------------------------------------------------------------------------

    def _show_exercise(self) -> None:
        ex = self.exercise
        if self._id_class:
            self.box.remove_class(self._id_class)
        self._id_class = css_class(ex.id)  # lets a browser test find this exercise
        self.box.add_class(self._id_class)
        title = f"<h4>{plain_to_html(ex.title)}</h4>" if ex.title else ""
        self.prompt.value = title + markdown_to_html(ex.prompt)
        self.answer_box.value = ""
        self.echo.value = self.echo_note.value = ""
        self.feedback.value = self.hints.value = self.solution.value = ""
        self.confirm.layout.display = "none"
        self.last_verdict, self.attempts, self.hints_shown = None, 0, 0
        self._show_solved()
        self._update_buttons()

    def _show_solved(self) -> None:
        """The "Solved ✔ on <date>" line, from the progress store (probes do not look)."""
        ex = self.exercise
        first = progress.store().first_solved(ex.id, ex.seed) if self.record else None
        self.solved.value = (
            "" if first is None else
            f"<span class='vcbook-solved' style='color:{_COLOUR['correct']}'>Solved ✔ on "
            f"{first.astimezone().date().isoformat()}</span>")

    def _update_buttons(self) -> None:
        total = len(self.exercise.hints)
        self.hint_button.disabled = self.attempts == 0 or self.hints_shown >= total
        self.hint_button.description = (f"Hint ({self.hints_shown + 1} of {total})"
                                         if self.hints_shown < total else "No more hints")
        store_warning = progress.store().warning if self.record else ""
        note = f" <span style='color:#a33'>{plain_to_html(store_warning)}</span>" \
            if store_warning else ""
        self.status.value = (f"<small>Attempts: {self.attempts}.{note}</small>"
                             if self.attempts or note else "")

    # -- callbacks -----------------------------------------------------------------------------

    @_safely
    def _on_type(self, change) -> None:
        """Live echo: how the current text was read, before any grading."""
        text = change["new"]
        if not text.strip():
            self.echo.value = self.echo_note.value = ""
            return
        from vcbook import answers

        ex = self.exercise
        try:
            parsed = answers.parse(text, ex.variables, kind=_parse_kind(ex),
                                   assumptions=ex.assumptions, forbidden=ex.forbidden,
                                   floats=ex.floats)
        except ValueError as error:  # InvalidAnswer: show why, gently, as plain text
            self.echo.value = ""
            self.echo_note.value = (f"<span style='color:#777'>(not readable yet: "
                                    f"{plain_to_html(str(error))})</span>")
            return
        self.echo.value = f"$${answers.latex(parsed)}$$"
        self.echo_note.value = ""

    @_safely
    def _on_box_message(self, _widget, content, _buffers=None) -> None:
        """Custom messages from the answer box's view: Enter sends {"event": "submit"}."""
        if isinstance(content, dict) and content.get("event") == "submit":
            self._on_check()

    @_safely
    def _on_check(self, _button=None) -> None:
        verdict = self.exercise.submit(self.answer_box.value, record=self.record)
        self.last_verdict = verdict
        if verdict.status != "invalid":
            self.attempts += 1
        self.feedback.value = _feedback_html(verdict.status, verdict.message, verdict.mask)
        if verdict.status == "correct" and not self.solved.value:
            self._show_solved()
        self._update_buttons()

    @_safely
    def _on_hint(self, _button=None) -> None:
        hints = self.exercise.hints
        if self.attempts == 0 or self.hints_shown >= len(hints):
            return
        self.hints_shown += 1
        self.hints.value = "".join(
            f"<div class='vcbook-hint'><b>Hint {i + 1}.</b> {markdown_to_html(h)}</div>"
            for i, h in enumerate(hints[: self.hints_shown]))
        self._update_buttons()

    @_safely
    def _on_solution(self, _button=None) -> None:
        """Like the hints: after a graded attempt (or once solved) at once, else confirm."""
        if self.attempts == 0 and not self.solved.value:
            self.confirm.layout.display = ""
            return
        self._show_solution()

    @_safely
    def _on_show_anyway(self, _button=None) -> None:
        self._show_solution()

    @_safely
    def _on_try_first(self, _button=None) -> None:
        self.confirm.layout.display = "none"

    def _show_solution(self) -> None:
        self.confirm.layout.display = "none"
        steps = self.exercise.solution or (f"The answer is `{self.exercise.reference_text()}`.",)
        self.solution.value = ("<div class='vcbook-solution'><b>Worked solution</b>"
                               + "".join(markdown_to_html(s) for s in steps) + "</div>")

    @_safely
    def _on_new(self, _button=None) -> None:
        ex = self.exercise
        if ex.regenerate is None:
            return
        self.exercise = next_problem(ex)
        self._show_exercise()


def offline_note_html(note: str = OFFLINE_NOTE) -> str:
    """The note shown before a live widget (``vcbook.live``: hidden while the widget is drawn)."""
    return live.stand_in_html(plain_to_html(note), "vcbook-offline-note",
                              "color:#6b5b00; border-left:3px solid #e6c300; padding:0.3em 0.6em")


def display_live(box, note: str = OFFLINE_NOTE) -> None:
    """Display ``box`` after the offline ``note``: two outputs in the cell (IPython only)."""
    live.display_live(box, offline_note_html(note))


FRESH_SEEDS = 10_000
"""New problem draws seeds from here on; the book's own exercises use smaller ones, so a new
problem is never one printed further down the page."""
MAX_REDRAWS = 20  # seeds tried for a problem of the exercise's own chapter


def next_seed(exercise) -> int:
    """The seed "New problem" tries first: after a drawn problem, the following seed; from one
    of the book's exercises, a fresh seed derived from its id, so that neighbouring widgets
    differ."""
    if exercise.seed is not None and exercise.seed >= FRESH_SEEDS:
        return exercise.seed + 1
    return FRESH_SEEDS + zlib.crc32(exercise.id.encode()) % 1_000_000


def next_problem(exercise):
    """What "New problem" shows: the next seed's problem of the same family that practises the
    same chapter (a family such as matrix_gradient serves chapters 03 and 04)."""
    seed = next_seed(exercise)
    for _ in range(MAX_REDRAWS):
        drawn = exercise.regenerate(seed)
        if drawn.chapter == exercise.chapter:
            break
        seed += 1
    return drawn


def css_class(exercise_id: str) -> str:
    """The CSS class that marks an exercise's widget: ``vcbook-ex-`` + its id, made safe."""
    return "vcbook-ex-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in exercise_id)


def _parse_kind(exercise) -> str | None:
    if exercise.kind is not None:
        return exercise.kind
    answer = exercise.answer
    if isinstance(answer, tuple) and all(isinstance(n, int) for n in answer):
        return "shape"
    return None
