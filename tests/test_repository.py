"""The repository's own promises: clean notebooks, a complete contents page, a matching
environment.yml, a light ``import vcbook`` — each check also shown failing on a broken fixture."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from repo_checks import (
    BOOK,
    REPO,
    cell_length_problems,
    contents_problems,
    environment_problems,
    notebook_problems,
)

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))


def test_the_book_has_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "00_start_here.ipynb" in names and "01_chain_rule.ipynb" in names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_clean(notebook):
    assert notebook_problems(notebook) == []


def test_hygiene_check_catches_a_dirty_notebook():
    problems = notebook_problems(FIXTURES / "dirty.ipynb")
    assert problems == [
        "dirty.ipynb: kernelspec is 'conda-env-vcbook-py', not 'python3'",
        "dirty.ipynb: carries saved widget state (metadata.widgets)",
        "dirty.ipynb cell 1: has outputs",
        "dirty.ipynb cell 1: has an execution count",
        "dirty.ipynb cell 2: magic %timeit is not allowed",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_visible_code_cells_are_short_and_collapsed_cells_say_what_they_do(notebook):
    assert cell_length_problems(notebook) == []


def test_cell_length_check_catches_a_long_visible_cell_and_an_unlabelled_collapsed_one():
    # cell 2 has exactly 30 lines (allowed) and cell 4 is a long collapsed cell that starts
    # with a comment (allowed); cells 3 and 5 break the rules.
    problems = cell_length_problems(FIXTURES / "long_cells.ipynb")
    assert problems == [
        "long_cells.ipynb cell 3: visible code cell of 31 lines (at most 30; collapse long checks)",
        "long_cells.ipynb cell 5: collapsed, but its first line is not a comment saying what it "
        "does",
    ]


def test_contents_page_lists_every_notebook():
    assert contents_problems(BOOK / "00_start_here.ipynb", BOOK) == []


def test_contents_check_catches_a_missing_chapter(tmp_path):
    for notebook in NOTEBOOKS:
        (tmp_path / notebook.name).write_text(notebook.read_text())
    (tmp_path / "99_unlisted.ipynb").write_text(json.dumps({"cells": []}))
    problems = contents_problems(tmp_path / "00_start_here.ipynb", tmp_path)
    assert problems == ["99_unlisted.ipynb is missing from the contents in 00_start_here.ipynb"]


def test_environment_yml_matches_pyproject():
    assert environment_problems(REPO / "pyproject.toml", REPO / "environment.yml") == []


def test_environment_check_catches_drift():
    problems = environment_problems(REPO / "pyproject.toml", FIXTURES / "environment-drifted.yml")
    assert problems == [
        "channels must be exactly [conda-forge], not ['conda-forge', 'defaults']",
        "python must be pinned (python=3.X), found ''",
        "the pip section must install the book with '-e .'",
        "numpy is a runtime dependency in pyproject but not in environment.yml",
        "sympy: environment.yml says '>=1.10', pyproject says '>=1.12'",
    ]


def _run_pytest(*args, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_raising_notebook_cell_fails_the_suite():
    """The suite's own configuration (pyproject's nbval options) must turn a failing cell red."""
    run = _run_pytest(str(FIXTURES / "raising.ipynb"))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
    assert "a failing assert cell must fail the suite" in run.stdout


def test_import_vcbook_stays_light():
    code = ("import sys, vcbook; "
            "assert 'sympy' not in sys.modules and 'matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_readme_has_three_one_line_commands_and_ci_runs_the_test_and_site_ones():
    readme = (REPO / "README.md").read_text()
    markers = ("read-command", "test-command", "site-command")
    assert [readme.count(f"<!-- {marker} -->") for marker in markers] == [1, 1, 1]
    read_cmd, test_cmd, site_cmd = (readme.split(f"<!-- {marker} -->")[1].split("```")[1]
                                    for marker in markers)
    for block in (read_cmd, test_cmd, site_cmd):
        lines = [ln for ln in block.splitlines()[1:] if ln.strip()]
        assert len(lines) == 1, f"a set-up command must be one copy-paste line: {lines}"
        assert "constraints.txt" in block and "python3 -m venv .venv" in block
    assert "jupyter lab" in read_cmd and "pytest" in test_cmd
    assert '".[site]"' in site_cmd and "site/build.py" in site_cmd
    ci = (REPO / ".ci" / "run").read_text()
    assert "readme_command test-command" in ci and "readme_command site-command" in ci
    assert "VCBOOK_REQUIRE_SITE=1" in ci and "VCBOOK_REQUIRE_BROWSER=1" in ci


def test_clean_notebook_strips_outputs_but_keeps_cell_metadata(tmp_path):
    from repo_checks import clean_notebook

    dirty = json.loads((FIXTURES / "dirty.ipynb").read_text())
    dirty["cells"][0]["metadata"] = {"jupyter": {"source_hidden": True}}
    target = tmp_path / "dirty.ipynb"
    target.write_text(json.dumps(dirty))
    assert clean_notebook(target) is True
    problems = notebook_problems(target)
    assert not any("outputs" in p or "count" in p or "widget" in p for p in problems)
    assert json.loads(target.read_text())["cells"][0]["metadata"] == {
        "jupyter": {"source_hidden": True}}
    assert clean_notebook(target) is False


def test_ruff_is_clean_on_the_whole_repository():
    """CONTRIBUTING asks for `ruff check .` to pass (notebooks included); CI holds it to that."""
    import shutil

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is in the test extra"
    result = subprocess.run([ruff, "check", "--quiet", "."], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
