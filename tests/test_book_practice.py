"""Chapters 01-05 and 07 each end with a "## Practice" section of generated exercises (05: code
ones too).

The section sits after "Check yourself" and before the Summary; every exercise it generates counts
for its chapter (or for 06, which gathers the families of chapters 01-02), is self-tested in a
collapsed cell, and no visible cell shows an answer.
"""

import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted(p for p in BOOK.glob("0[1-7]_*.ipynb") if not p.name.startswith("06"))
GENERATE = re.compile(r'^(\w+) = generate\("(\w+)", seed=(\d+)\)$', re.MULTILINE)
CODING = re.compile(r'coding\("(\w+)"\)')
# Families whose exercises count for the hub chapter 06 (Exercise.chapter), practised earlier too.
HUB_FAMILIES = {"gradient", "chain_rule", "polar"}


def practice_section(path: Path) -> list[dict]:
    """The cells from the "## Practice" heading to the next "## " heading (the Summary)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    heads = [("".join(c["source"]).split("\n")[0] if c["cell_type"] == "markdown" else "")
             for c in cells]
    starts = [i for i, head in enumerate(heads) if head == "## Practice"]
    assert len(starts) == 1, f"{path.name}: {len(starts)} '## Practice' headings"
    start = starts[0]
    end = next(i for i in range(start + 1, len(cells)) if heads[i].startswith("## "))
    assert heads[end] == "## Summary", f"{path.name}: Practice is followed by {heads[end]!r}"
    checks = [i for i, head in enumerate(heads) if "Check yourself" in head]
    assert all(i < start for i in checks), f"{path.name}: a 'Check yourself' after Practice"
    return cells[start:end]


def hidden(cell: dict) -> bool:
    return cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)


def test_chapters_found():
    assert [p.name[:2] for p in CHAPTERS] == ["01", "02", "03", "04", "05", "07"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_practice_section_generates_exercises_of_the_chapter(path):
    from vcbook.exercises import generate

    code = [("".join(c["source"]), hidden(c)) for c in practice_section(path)
            if c["cell_type"] == "code"]
    made = [m.groups() for source, is_hidden in code if not is_hidden
            for m in GENERATE.finditer(source)]
    assert len(made) >= 2, f"{path.name}: {len(made)} generate( calls in Practice"
    assert len({(family, seed) for _, family, seed in made}) == len(made)  # no repeats
    for _, family, seed in made:
        chapter = generate(family, int(seed)).chapter
        expected = "06_exercises" if family in HUB_FAMILIES else path.stem
        assert chapter == expected, f"{family} seed {seed} counts for {chapter}, not {expected}"
    self_tested = {name for source, is_hidden in code if is_hidden
                   for name in re.findall(r"^(\w+)\.self_test\(\)", source, re.MULTILINE)}
    assert {name for name, _, _ in made} <= self_tested
    visible = "\n".join(source for source, is_hidden in code if not is_hidden)
    assert ".answer" not in visible and "reference_text" not in visible


def test_autodiff_practice_has_the_code_exercises_with_stubs_and_checks():
    from vcbook.exercises import CODE_EXERCISES

    (path,) = [p for p in CHAPTERS if p.name.startswith("05")]
    sources = ["".join(c["source"]) for c in practice_section(path) if c["cell_type"] == "code"]
    shown = [name for source in sources for name in CODING.findall(source)]
    assert shown == ["numerical_gradient", "layer_backward", "softmax_cross_entropy_grad"]
    for name in shown:
        function = CODE_EXERCISES[name].function
        assert any(s.startswith(f"def {function}(") for s in sources), f"no stub of {function}"
        assert any(re.search(rf"\.check\({function}\)", s) for s in sources), f"{name} unchecked"
    prose = "".join("".join(c["source"]) for c in practice_section(path)
                    if c["cell_type"] == "markdown")
    assert "two_layer_backward" in prose and "vjp_rule" in prose
