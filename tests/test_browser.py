"""Real-browser tests: JupyterLab on 127.0.0.1, driven by Playwright in Debian's Chromium.

Only what a front end shows is tested here: the widgets render, typing and clicking reach the
kernel, feedback, hints, solutions and maths appear. Without /usr/bin/chromium (or playwright)
these tests skip locally; CI sets VCBOOK_REQUIRE_BROWSER=1, which turns a skip into a failure.
Never `playwright install`: the system browser is used.
"""

from __future__ import annotations

import os
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

pytestmark = pytest.mark.browser


def _browser_missing() -> str:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed"
    return ""


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
    yield base, token
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


def open_and_run_all(page, lab, notebook: str) -> None:
    """Open a notebook in a fresh workspace, wait for an idle kernel, run all cells."""
    from playwright.sync_api import expect

    base, token = lab
    page.goto(f"{base}/lab/workspaces/{uuid.uuid4().hex[:8]}/tree/{notebook}?reset&token={token}")
    # Wait for the kernel itself, not just the panel: a Run All sent earlier is dropped.
    expect(page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first).to_be_visible(
        timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Then wait until every code cell has run: a click on a widget while later cells are still
    # executing waits in the kernel's queue (seen in CI on a loaded machine).
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll(
                '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=300_000)


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

    exercise = generate("gradient", seed=0)
    wrong, message = exercise.distractors[0]
    open_and_run_all(page, lab, "06_exercises.ipynb")
    work_through(page, exercise.id, right=exercise.reference_text(), wrong=to_text(wrong),
                 wrong_message=message[:40])
    box = exercise_box(page, exercise.id)
    prompt = box.locator(".widget-htmlmath").first.inner_text()
    box.locator("button", has_text="New problem").click()
    following = generate("gradient", seed=1)
    new_box = exercise_box(page, following.id)
    expect(new_box.locator(".vcbook-feedback")).to_have_count(0)
    assert new_box.locator(".widget-htmlmath").first.inner_text() != prompt
    check_answer(page, new_box, following.reference_text(), "vcbook-correct")
    summary = page.locator(".vcbook-progress-summary")
    summary.scroll_into_view_if_needed()
    summary.locator("button", has_text="Refresh").click()
    # Two graded attempts at gradient-0 (one solved) and one at gradient-1 (solved), this session.
    # (The server is shared by the tests, so chapter 01's attempts may have a row too.)
    row = summary.locator("table.vcbook-progress tbody tr", has_text="06_exercises")
    expect(row).to_have_text("06_exercises223", timeout=30_000)
