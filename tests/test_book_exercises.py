"""The book's exercise cells: collapsed cells say what they do, self-tests type no answer."""

import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted(BOOK.glob("0[1-7]_*.ipynb"))


def code_cells(path):
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] == "code":
            hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
            yield index, "".join(cell["source"]), hidden


def test_chapters_found():
    assert [p.name[:2] for p in CHAPTERS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_collapsed_cells_start_with_a_comment_saying_what_they_do(path):
    """JupyterLab shows a collapsed cell's first line: it must describe the cell, never hold
    code (an old first line was `ex_shape.self_test(right="(5, 2, 3, 2)", ...)`)."""
    bad = [(index, source.splitlines()[0] if source else "")
           for index, source, hidden in code_cells(path)
           if hidden and not re.match(r"# \w.{20,}", source.splitlines()[0] if source else "")]
    assert bad == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_exercise_is_self_tested_from_its_own_answer(path):
    """Each chapter self-tests its exercises with ex.self_test(), typing no right answer."""
    cells = list(code_cells(path))
    calls = [source for _, source, hidden in cells if hidden and ".self_test(" in source]
    assert calls, "no self-test cell"
    assert not any("right=" in source for source in calls)
    assert all(hidden for _, source, hidden in cells if ".self_test(" in source)
    defined = {m.group(1) for _, source, _ in cells
               for m in re.finditer(r"^(ex_\w+) = Exercise\(", source, re.MULTILINE)}
    tested = {m.group(1) for source in calls for m in re.finditer(r"(ex_\w+)\.self_test\(\)",
                                                                   source)}
    assert defined <= tested
