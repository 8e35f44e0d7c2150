"""Real-browser tests: JupyterLab on 127.0.0.1, driven by Playwright in Debian's Chromium.

Only what a front end shows is tested here: the widgets render, typing, Enter and clicking reach
the kernel, feedback, hints, solutions and maths appear; no chapter shows an exercise's answer;
a notebook reopened without its kernel says to run the chapter; "Solved ✔" survives a restart.
Without /usr/bin/chromium (or playwright) these tests skip locally; CI sets
VCBOOK_REQUIRE_BROWSER=1, which turns a skip into a failure. Never `playwright install`: the
system browser is used.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
REQUIRED = os.environ.get("VCBOOK_REQUIRE_BROWSER") == "1"
CHAPTERS = ("01_chain_rule.ipynb", "02_jacobians.ipynb", "03_matrix_gradients.ipynb",
            "04_identities.ipynb", "05_autodiff.ipynb", "06_exercises.ipynb",
            "07_second_order.ipynb")

pytestmark = pytest.mark.browser


def _browser_missing() -> str:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed"
    return ""


class LabServer(tuple):
    """(base URL, token) of a running JupyterLab; ``runtime_dir`` holds its kernels'
    connection files."""

    runtime_dir: Path


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server serving a temporary copy of the book; yields (base URL, token)."""
    missing = _browser_missing()
    if missing:
        if REQUIRED:
            pytest.fail(f"browser tests are required (VCBOOK_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(missing)
    tmp = tmp_path_factory.mktemp("lab")
    book = tmp / "book"
    shutil.copytree(REPO / "book", book)
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = uuid.uuid4().hex
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"),
               JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"),
               VCBOOK_DATA_DIR=str(tmp / "data"))
    env.pop("MPLBACKEND", None)
    log = (tmp / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={book}"],
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"JupyterLab did not start; see {tmp / 'lab.log'}")
        time.sleep(0.3)
    server_info = LabServer((base, token))
    server_info.runtime_dir = tmp / "rt"
    yield server_info
    server.terminate()
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def page(lab, tmp_path, request):
    """A fresh Chromium page; a screenshot goes to test-artifacts/ when the test fails (or
    always, with VCBOOK_SCREENSHOTS=1)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        yield tab
        report = getattr(request.node, "rep_call", None)  # set by conftest.py
        if report is None or report.failed or os.environ.get("VCBOOK_SCREENSHOTS") == "1":
            shot = REPO / "test-artifacts" / f"{request.node.name}.png"
            shot.parent.mkdir(exist_ok=True)
            tab.screenshot(path=str(shot), full_page=True)
            print(f"screenshot saved to {shot}")
        browser.close()


def snapshot(page, name: str, target=None) -> None:
    """Save a screenshot of what a test checks (of ``target`` if given) to
    $VCBOOK_SCREENSHOT_DIR, or to test-artifacts/ with VCBOOK_SCREENSHOTS=1; else nothing."""
    folder = os.environ.get("VCBOOK_SCREENSHOT_DIR") or (
        str(REPO / "test-artifacts") if os.environ.get("VCBOOK_SCREENSHOTS") == "1" else "")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = Path(folder) / f"{name}.png"
    if target is None:
        page.screenshot(path=str(path))
    else:
        target.scroll_into_view_if_needed()
        target.screenshot(path=str(path))
    print(f"screenshot saved to {path}")


def run_menu(page, menu: str, item: str) -> None:
    """Click a menu-bar entry, then one of its items."""
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def wait_until_every_cell_has_run(page) -> None:
    # A click on a widget while later cells are still executing waits in the kernel's queue
    # (seen in CI on a loaded machine), so wait for every code cell's execution count.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll(
                '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=300_000)


def shut_down_kernels_of(lab, notebook: str) -> None:
    """End the sessions (and kernels) an earlier test left for ``notebook``: every test opens a
    chapter as a student does, with a fresh kernel, so no test depends on the ones before it."""
    base, token = lab
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as reply:
        sessions = json.load(reply)
    for session in sessions:
        if session.get("path", "").endswith(notebook):
            request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}",
                                             method="DELETE")
            urllib.request.urlopen(request).close()


def open_and_run_all(page, lab, notebook: str) -> None:
    """Open a notebook in a fresh workspace with a fresh kernel, wait until the kernel is idle,
    run all cells."""
    from playwright.sync_api import expect

    base, token = lab
    shut_down_kernels_of(lab, notebook)
    page.goto(f"{base}/lab/workspaces/{uuid.uuid4().hex[:8]}/tree/{notebook}?reset&token={token}")
    # Wait for the kernel itself, not just the panel: a Run All sent earlier is dropped.
    expect(page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first).to_be_visible(
        timeout=90_000)
    run_menu(page, "Run", "Run All Cells")
    wait_until_every_cell_has_run(page)


def exercise_box(page, exercise_id: str):
    from vcbook.exercises.widget import css_class

    box = page.locator(f".{css_class(exercise_id)}")
    box.wait_for(timeout=120_000)
    box.scroll_into_view_if_needed()
    return box


def check_answer(page, box, text: str, expected_class: str):
    """Type ``text``, press Check, and wait for feedback of the given status class."""
    from playwright.sync_api import expect

    box.locator(".widget-text input").fill(text)
    box.locator("button", has_text="Check").click()
    feedback = box.locator(f".vcbook-feedback.{expected_class}")
    expect(feedback).to_be_visible(timeout=30_000)
    return feedback


def work_through(page, exercise_id: str, right: str, wrong: str, wrong_message: str) -> None:
    """Wrong answer → teaching feedback; hint; echo; right answer → correct; solution."""
    from playwright.sync_api import expect

    box = exercise_box(page, exercise_id)
    expect(box.locator("mjx-container").first).to_be_visible(timeout=60_000)  # prompt maths
    feedback = check_answer(page, box, wrong, "vcbook-incorrect")
    expect(feedback).to_contain_text(wrong_message)
    box.locator("button", has_text="Hint").click()
    expect(box.locator(".vcbook-hint").first).to_contain_text("Hint 1.", timeout=30_000)
    box.locator(".widget-text input").fill(right)
    # The echo shows how the text was read, typeset by MathJax, before any grading.
    expect(box.locator(".vcbook-echo mjx-container")).to_be_visible(timeout=30_000)
    check_answer(page, box, right, "vcbook-correct")
    box.locator("button", has_text="Show solution").click()
    solution = box.locator(".vcbook-solution")
    expect(solution).to_contain_text("Worked solution", timeout=30_000)
    expect(solution.locator("mjx-container").first).to_be_visible(timeout=30_000)


def test_chapter_01_exercise_in_the_browser(page, lab):
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "01_chain_rule.ipynb")
    work_through(page, "01-gradient-row", right="[2 x1 x2, x1^2 + cos(x2)]",
                 wrong="[2 x1 x2, x1^2 - cos(x2)]", wrong_message="Check the derivative of sin")
    box = exercise_box(page, "01-chain-circle")
    feedback = check_answer(page, box, "2cos(t) +", "vcbook-invalid")
    expect(feedback).to_contain_text("did not count")
    assert page.locator(".jp-RenderedMarkdown mjx-container").count() > 10  # prose maths


def test_chapter_06_practice_in_the_browser(page, lab):
    """Open chapter 06, run it, and work a generated exercise end to end, then draw another."""
    from playwright.sync_api import expect

    from vcbook.answers import to_text
    from vcbook.exercises import generate
    from vcbook.exercises.widget import next_problem

    exercise = generate("gradient", seed=0)
    wrong, message = exercise.distractors[0]
    open_and_run_all(page, lab, "06_exercises.ipynb")
    work_through(page, exercise.id, right=exercise.reference_text(), wrong=to_text(wrong),
                 wrong_message=message[:40])
    box = exercise_box(page, exercise.id)
    prompt = box.locator(".widget-htmlmath").first.inner_text()
    box.locator("button", has_text="New problem").click()
    following = next_problem(exercise)
    new_box = exercise_box(page, following.id)
    expect(new_box.locator(".vcbook-feedback")).to_have_count(0)
    assert new_box.locator(".widget-htmlmath").first.inner_text() != prompt
    check_answer(page, new_box, following.reference_text(), "vcbook-correct")
    summary = page.locator(".vcbook-progress-summary")
    summary.scroll_into_view_if_needed()
    summary.locator("button", has_text="Refresh").click()
    # Two graded attempts at gradient-0 (one solved) and one at the new problem (solved).
    # (The server is shared by the tests, so chapter 01's attempts may have a row too.)
    row = summary.locator("table.vcbook-progress tbody tr", has_text="06_exercises")
    expect(row).to_have_text("06_exercises223", timeout=30_000)


# --- Enter, no answer on the page, a notebook reopened without its kernel, Solved ✔ ---------

GRADIENT_ROW = "01-gradient-row"  # chapter 01's first exercise
GRADIENT_RIGHT = "[2 x1 x2, x1^2 + cos(x2)]"
GRADIENT_WRONG = "[2 x1 x2, x1^2 - cos(x2)]"


def test_enter_submits_an_answer(page, lab):
    """Also: before a graded attempt, Show solution asks for confirmation."""
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "01_chain_rule.ipynb")
    # Before any graded attempt, "Show solution" asks first (and "I'll try first" backs out).
    # (An exercise no other test solves: once solved, the solution needs no confirmation.)
    shape = exercise_box(page, "01-shape-inner-jacobian")
    shape.locator("button", has_text="Show solution").click()
    confirm = shape.locator(".vcbook-confirm-solution")
    expect(confirm.locator("button", has_text="Show it anyway")).to_be_visible(timeout=30_000)
    snapshot(page, "solution-asks-first", shape)
    confirm.locator("button", has_text="I'll try first").click()
    expect(confirm).to_be_hidden(timeout=30_000)
    expect(shape.locator(".vcbook-solution")).to_have_count(0)
    box = exercise_box(page, GRADIENT_ROW)
    answer = box.locator(".widget-text input")
    answer.fill(GRADIENT_WRONG)
    answer.press("Enter")  # no click on Check
    feedback = box.locator(".vcbook-feedback.vcbook-incorrect")
    expect(feedback).to_contain_text("Check the derivative of sin", timeout=30_000)
    expect(box.locator(".widget-html", has_text="Attempts: 1")).to_be_visible()
    snapshot(page, "enter-submits", box)


# The kernel's own exercises, read through its connection file by a silent probe (no cell, no
# output, no execution count): chapter 06's generated exercises are included as they were drawn.
PROBE = ("__import__('json').dumps(sorted({(o.id, o.reference_text()) for o in "
         "__import__('gc').get_objects() if isinstance(o, __import__('vcbook.exercises.model', "
         "fromlist=['Exercise']).Exercise)}))")


def kernel_answers(lab, notebook: str) -> list[tuple[str, str]]:
    """(exercise id, reference answer) for every Exercise in ``notebook``'s kernel."""
    from jupyter_client import BlockingKernelClient

    base, token = lab
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=30) as reply:
        sessions = json.load(reply)
    (kernel_id,) = [s["kernel"]["id"] for s in sessions if s["path"].endswith(notebook)]
    client = BlockingKernelClient(connection_file=str(lab.runtime_dir / f"kernel-{kernel_id}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        msg_id = client.execute("", silent=True, store_history=False,
                                user_expressions={"answers": PROBE})
        while True:
            reply = client.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        client.stop_channels()
    result = reply["content"]["user_expressions"]["answers"]
    assert result["status"] == "ok", result
    return [tuple(pair) for pair in json.loads(ast.literal_eval(result["data"]["text/plain"]))]


def squash(text: str) -> str:
    """Text compared without spaces or explicit products: `2*x1*x2` and `2 x1 x2` agree."""
    return re.sub(r"\s+", "", text).replace("**", "^").replace("*", "")


def shape_forms(answer: str) -> set[str]:
    """A shape answer such as (3, 2) as an old first line typed it (3×2)."""
    if not re.fullmatch(r"\(\d+(, \d+)*,?\)", answer):
        return set()
    return {"×".join(re.findall(r"\d+", answer))}


# JupyterLab's default windowing ("contentVisibility") skips cells far from the viewport, and
# innerText skips them too: bring each cell into view, let it render, then read its text.
VISIBLE_TEXT = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const code = [], all = [];
    for (const cell of panel.querySelectorAll('.jp-Cell')) {
        cell.scrollIntoView({block: 'center'});
        await frame();
        all.push(cell.innerText);
        const input = cell.querySelector('.jp-CodeCell .jp-InputArea, .jp-InputPlaceholder');
        if (cell.classList.contains('jp-CodeCell') && input) code.push(input.innerText);
    }
    return [all.join('\\n'), code.join('\\n')];
}"""


@pytest.mark.parametrize("notebook", CHAPTERS)
def test_no_answer_is_visible_on_the_page(page, lab, notebook):
    """After Run All, the notebook's visible text (collapsed cells as JupyterLab shows them: their
    first line) contains none of its exercises' reference answers, and its code none in the
    3×2 form either (the prompt of a shape exercise may state a size, as in R^{3×4}). Answers
    shorter than 3 characters (such as `m`) are skipped: a letter or digit is on any page."""
    open_and_run_all(page, lab, notebook)
    answers = kernel_answers(lab, notebook)
    assert len(answers) >= 3, answers  # the probe found the chapter's exercises
    exercise_box(page, min(answers)[0])  # widgets drawn
    text, code = (squash(part) for part in page.evaluate(VISIBLE_TEXT))
    assert "Self-testoftheexercise" in code  # collapsed cells' first lines are read
    assert "ex_" in code or "_set[" in code  # and the visible cells that show exercises
    shown = [(exercise_id, answer) for exercise_id, answer in answers if len(answer) >= 3
             and (squash(answer) in text
                  or any(form in code for form in shape_forms(answer)))]
    assert shown == [], f"answers visible on the page of {notebook}: {shown}"
    exercise_box(page, min(answers)[0])
    page.mouse.wheel(0, 250)  # the self-test cell below the widget into view
    snapshot(page, f"no-answer-{notebook.split('_')[0]}")


# Scroll every cell of the open notebook into view (so that its outputs render), then say
# whether the page holds ``count`` elements matching ``selector``.
COUNT_AFTER_SCROLLING = """async ([selector, count]) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    for (const cell of panel.querySelectorAll('.jp-Cell')) {
        cell.scrollIntoView({block: 'center'});
        await frame();
    }
    return document.querySelectorAll(selector).length === count;
}"""


def test_a_notebook_reopened_without_its_kernel_says_to_run_it(page, lab):
    from playwright.sync_api import expect

    # A copy: the test saves it with its outputs, and the chapter itself must stay as committed
    # for the tests after this one (a saved chapter 01 made the slider test lose its focus).
    book = lab.runtime_dir.parent / "book"
    shutil.copy(book / "01_chain_rule.ipynb", book / "reopened_01.ipynb")
    open_and_run_all(page, lab, "reopened_01.ipynb")
    expect(exercise_box(page, GRADIENT_ROW).locator("mjx-container").first).to_be_visible(
        timeout=60_000)
    page.locator(".jp-Notebook .jp-MarkdownCell").first.click()  # focus the notebook
    page.keyboard.press("Control+s")
    expect(page.locator(".jp-mod-current.jp-mod-dirty")).to_have_count(0, timeout=30_000)
    run_menu(page, "Kernel", "Shut Down Kernel")
    expect(page.locator(".jp-StatusBar-TextItem", has_text="| Idle")).to_have_count(
        0, timeout=60_000)
    page.reload()
    notes = page.locator(".vcbook-offline-note")
    expect(notes.first).to_be_visible(timeout=120_000)
    expect(notes.first).to_contain_text("run the chapter's cells (Run ▸ Run All Cells)")
    # The widget outputs that come back from the file are there, but none shows its error.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-OutputArea-output')]
                   .some(o => /Error displaying widget|Loading widget/.test(o.textContent))""",
        timeout=120_000)
    visible_errors = page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea-output')]
                   .filter(o => /Error displaying widget/.test(o.textContent))
                   .filter(o => o.checkVisibility()).length""")
    assert visible_errors == 0
    assert page.locator(".vcbook-exercise").count() == 0
    # One per exercise of chapter 01 (3 to check yourself, 3 practice). JupyterLab renders a
    # reloaded page's outputs lazily, near the viewport: bring every cell into view first.
    page.wait_for_function(COUNT_AFTER_SCROLLING, arg=[".vcbook-offline-note", 6],
                           timeout=120_000, polling=2_000)
    expect(notes).to_have_count(6, timeout=30_000)
    # the slider figures show their still images, with the line that says how to move them
    stills = page.locator(".vcbook-still-figure")
    expect(stills.first).to_be_attached(timeout=60_000)
    stills.first.scroll_into_view_if_needed()
    expect(stills.first).to_be_visible()
    expect(stills.first).to_contain_text("to move this figure's sliders")
    snapshot(page, "reopened-still-figure", stills.first)
    snapshot(page, "reopened-without-kernel",
             page.locator(".jp-Cell", has=page.locator(".vcbook-offline-note")).first)
    snapshot(page, "reopened-without-kernel-page")


def test_solved_marker_survives_a_kernel_restart(page, lab):
    from datetime import date

    from playwright.sync_api import expect

    solved = f"Solved ✔ on {date.today().isoformat()}"
    open_and_run_all(page, lab, "01_chain_rule.ipynb")
    box = exercise_box(page, GRADIENT_ROW)
    check_answer(page, box, GRADIENT_RIGHT, "vcbook-correct")
    expect(box.locator(".vcbook-solved")).to_have_text(solved, timeout=30_000)
    run_menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog .jp-mod-accept", has_text="Restart").click()
    # The widget drawn by the new kernel: its answer box is empty (the old one held the answer).
    box = page.locator(f".vcbook-ex-{GRADIENT_ROW}", has=page.locator(".vcbook-solved"))
    expect(box.locator(".widget-text input")).to_have_value("", timeout=180_000)
    expect(box.locator(".vcbook-solved")).to_have_text(solved, timeout=60_000)
    expect(box.locator(".vcbook-feedback")).to_have_count(0)
    snapshot(page, "solved-after-restart", box)


def test_a_matrix_notation_answer_in_the_browser(page, lab):
    """Chapter 04: a matrix-notation answer is echoed as maths; a column is diagnosed as the
    transpose of the row gradient; 2xᵀB is right only for symmetric B; the answer is correct."""
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "04_identities.ipynb")
    box = exercise_box(page, "04-quadratic-plus-linear")
    box.locator(".widget-text input").fill("(B + B^T) x + a")
    expect(box.locator(".vcbook-echo mjx-container")).to_be_visible(timeout=30_000)
    transposed = check_answer(page, box, "(B + B^T) x + a", "vcbook-incorrect")
    expect(transposed).to_contain_text("transpose")
    expect(transposed).to_contain_text("numerator layout")
    symmetric = check_answer(page, box, "2 x^T B + a^T", "vcbook-incorrect")
    expect(symmetric).to_contain_text("symmetric")
    undefined = check_answer(page, box, "B x^T", "vcbook-invalid")
    expect(undefined).to_contain_text("1 row")
    check_answer(page, box, "x^T B + x^T B^T + a^T", "vcbook-correct")
    snapshot(page, "matrix-notation", box)


# --- issue 14: a generated matrix-notation exercise and a code exercise, in a notebook ------

PRACTICE_PROBE = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "import numpy as np\nimport vcbook\nrng = vcbook.setup()\n"
                   "from vcbook.exercises import coding, generate"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": 'ex = generate("matrix_gradient", seed=15)\nex'},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": 'code = coding("layer_backward")\ncode'},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "def layer_backward(x, W, b, g):\n"
                   "    y = np.tanh(W @ x + b)\n"
                   "    delta = g * (1 - y**2)\n"
                   "    return W.T @ delta, np.outer(x, delta), delta  # dW the wrong way round\n"
                   "\n"
                   "code.check(layer_backward)  # the verdict, as a chapter shows it"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_a_generated_matrix_exercise_and_a_code_exercise_in_the_browser(page, lab):
    """A matrix_gradient exercise: the column form is diagnosed as the transpose, the row is
    right, New problem draws another; a code exercise's check, run from a notebook cell, says
    that dW is transposed."""
    from playwright.sync_api import expect

    from vcbook.exercises import generate
    from vcbook.exercises.widget import next_problem

    probe = lab.runtime_dir.parent / "book" / "practice_probe.ipynb"
    probe.write_text(json.dumps(PRACTICE_PROBE))
    exercise = generate("matrix_gradient", seed=15)
    open_and_run_all(page, lab, probe.name)
    box = exercise_box(page, exercise.id)
    column = check_answer(page, box, f"({exercise.reference_text()})^T", "vcbook-incorrect")
    expect(column).to_contain_text("numerator layout")
    check_answer(page, box, exercise.reference_text(), "vcbook-correct")
    snapshot(page, "matrix-gradient-exercise", box)
    box.locator("button", has_text="New problem").click()
    following = next_problem(exercise)
    new_box = exercise_box(page, following.id)
    check_answer(page, new_box, following.reference_text(), "vcbook-correct")
    output = page.locator(".jp-OutputArea-output .vcbook-code-verdict.vcbook-incorrect",
                          has_text="dW is transposed")
    expect(output).to_be_visible(timeout=60_000)
    expect(output.locator("li")).to_have_count(1)  # one finding, in the book's feedback style
    expect(page.locator(".jp-RenderedMarkdown", has_text="layer_backward").first).to_be_visible()
    snapshot(page, "code-exercise", output)


# --- issue 17: figures that sliders move -------------------------------------------------------

# In the page: time from a slider handle's keydown to the figure's new image (its src changes),
# for ``moves`` presses of an arrow key (right, or left at the end of the range); the times are
# recorded by the page itself. The keydown is cancelable, as a real key press is: the slider
# cancels it, so JupyterLab's own ArrowRight/ArrowLeft shortcuts (in command mode: go to the next
# heading / collapse one) do not also run. A non-cancelable keydown let them run: each move then
# made a heading cell below active, took the focus there and scrolled the long chapter to it and
# back (180-350 ms a move instead of ~100). ``kept_focus``: the handle still has the focus after
# the moves, as a student's next key press needs.
SLIDER_TIMING = """async ([box, moves]) => {
    const image = box.querySelector('img.widget-image') || box.querySelector('img');
    const handle = box.querySelector('.noUi-handle');
    const times = [];
    let direction = 'ArrowRight';
    for (let k = 0; k < moves; k++) {
        const before = image.src;
        const changed = new Promise(resolve => {
            const seen = new MutationObserver(() => {
                if (image.src !== before) { seen.disconnect(); resolve(performance.now()); }
            });
            seen.observe(image, {attributes: true, attributeFilter: ['src']});
        });
        handle.focus();
        // towards the far end; back once the handle is there
        const now = parseFloat(handle.getAttribute('aria-valuenow'));
        if (now >= parseFloat(handle.getAttribute('aria-valuemax'))) direction = 'ArrowLeft';
        if (now <= parseFloat(handle.getAttribute('aria-valuemin'))) direction = 'ArrowRight';
        const start = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', {key: direction, code: direction,
                                                           keyCode: direction === 'ArrowRight'
                                                               ? 39 : 37, bubbles: true,
                                                           cancelable: true}));
        const late = new Promise(r => setTimeout(() => r(null), 10000));
        const end = await Promise.race([changed, late]);
        if (end === null) return {times, stuck: k, kept_focus: null};
        times.push(end - start);
        await new Promise(r => setTimeout(r, 50));
    }
    await new Promise(r => setTimeout(r, 500));
    return {times, stuck: null, kept_focus: document.activeElement === handle};
}"""
LATENCY_LOG = REPO / "test-artifacts" / "slider-latency.json"


def move_a_slider(page, box, moves: int = 12) -> list[float]:
    """Move the first slider of a slider figure's ``box``: the image's bytes must change and the
    handle keep the focus; returns the keydown-to-new-image times in milliseconds."""
    from playwright.sync_api import expect

    box.scroll_into_view_if_needed()
    image = box.locator("img").first
    expect(image).to_be_visible(timeout=60_000)
    before = image.screenshot()
    result = page.evaluate(f"(box) => ({SLIDER_TIMING})([box, {moves}])", box.element_handle())
    assert result["stuck"] is None, f"the image did not change after move {result['stuck']}"
    assert result["kept_focus"], "the slider lost the keyboard focus to the notebook"
    after = image.screenshot()
    assert after != before  # the figure moved: other bytes
    return result["times"]


def log_latency(name: str, times: list[float]) -> None:
    LATENCY_LOG.parent.mkdir(exist_ok=True)
    log = json.loads(LATENCY_LOG.read_text()) if LATENCY_LOG.exists() else {}
    ordered = sorted(times)
    log[name] = {"moves": len(times), "median_ms": round(ordered[len(ordered) // 2], 1),
                 "max_ms": round(ordered[-1], 1)}
    LATENCY_LOG.write_text(json.dumps(log, indent=1))
    print(f"slider latency {name}: {log[name]}")


SLIDER_PROBE = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "import numpy as np\nimport vcbook\nrng = vcbook.setup()\n"
                   "from vcbook import plots"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "def draw(fig):\n"
                   "    ax = fig.add_subplot()\n"
                   "    X, Y = np.meshgrid(np.linspace(-2, 2, 150), np.linspace(-2, 2, 150))\n"
                   "    ax.contour(X, Y, X**2 + 3 * Y**2, 15)\n"
                   "    point, = ax.plot([], [], 'o', ms=10)\n"
                   "    def update(t):\n"
                   "        point.set_data([np.cos(t)], [np.sin(t)])\n"
                   "        return (point,)\n"
                   "    return update\n"
                   "\n"
                   "plots.slider_figure(draw, {'t': (0.0, 6.0, 0.25, 1.0, '$t$')})"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_a_slider_moves_a_figure_and_its_still_image_stands_in(page, lab):
    """A slider figure in a notebook: while the kernel runs, the still image is hidden and the
    slider changes the live image; latency from keydown to new image is logged."""
    from playwright.sync_api import expect

    probe = lab.runtime_dir.parent / "book" / "slider_probe.ipynb"
    probe.write_text(json.dumps(SLIDER_PROBE))
    open_and_run_all(page, lab, probe.name)
    box = page.locator(".vcbook-slider-figure").first
    box.wait_for(timeout=120_000)
    expect(page.locator(".vcbook-still-figure")).to_be_hidden()
    times = move_a_slider(page, box)
    log_latency("probe", times)
    snapshot(page, "slider-probe", box)


SLIDER_CHAPTERS = ("01_chain_rule.ipynb", "02_jacobians.ipynb", "03_matrix_gradients.ipynb",
                   "05_autodiff.ipynb", "07_second_order.ipynb")


@pytest.mark.parametrize("notebook", SLIDER_CHAPTERS)
def test_a_chapters_slider_figures_move(page, lab, notebook):
    """Every slider figure of the chapter is live once it has run (its still image hidden) and
    moves; the first one's latency is logged for the chapter."""
    from playwright.sync_api import expect

    open_and_run_all(page, lab, notebook)
    boxes = page.locator(".vcbook-slider-figure")
    expect(boxes.first).to_be_attached(timeout=120_000)
    count = boxes.count()
    assert count >= 1
    still = page.locator(".vcbook-still-figure")
    for k in range(still.count()):
        expect(still.nth(k)).to_be_hidden()
    times = move_a_slider(page, boxes.first)
    log_latency(notebook.split("_")[0], times)
    snapshot(page, f"slider-{notebook.split('_')[0]}", boxes.first)
    # every other figure moves too, after the whole chapter has run (a later cell that reuses a
    # name the figure's update reads would break it: "That position could not be drawn")
    for k in range(1, count):
        move_a_slider(page, boxes.nth(k), moves=2)
    assert page.locator(".vcbook-slider-figure", has_text="could not be drawn").count() == 0
