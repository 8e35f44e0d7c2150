"""Checks on the repository's own files: notebook hygiene, the contents page, environment.yml.

Each check returns a list of problems (plain sentences); an empty list means all is well. The
tests run them on the real files and on broken fixtures, so each check is shown to be able to fail.
"""

from __future__ import annotations

import json
import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"

# Magics a chapter may use. nbval passes a cell with an unknown magic silently (IPython only
# prints a UsageError), so anything else is refused here.
ALLOWED_MAGICS = frozenset({"matplotlib"})
_MAGIC = re.compile(r"^\s*(%{1,2})([A-Za-z_]\w*)", re.MULTILINE)

# A code cell a reader sees teaches, so it stays short; longer verification goes into a collapsed
# cell (metadata jupyter.source_hidden) whose first line is a comment saying what it checks.
MAX_VISIBLE_LINES = 30


def notebook_problems(path: Path) -> list[str]:
    """Why a committed notebook is not clean: outputs, counts, widget state, kernel, magics."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        return [f"{path.name}: not a readable notebook ({error})"]
    problems = []
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{path.name}: kernelspec is {kernel!r}, not 'python3'")
    if "widgets" in nb.get("metadata", {}):
        problems.append(f"{path.name}: carries saved widget state (metadata.widgets)")
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path.name} cell {number}: has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{path.name} cell {number}: has an execution count")
        source = "".join(cell.get("source", ""))
        for _, name in _MAGIC.findall(source):
            if name not in ALLOWED_MAGICS:
                problems.append(f"{path.name} cell {number}: magic %{name} is not allowed")
    return problems


def _is_hidden(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False))


def cell_length_problems(path: Path, limit: int = MAX_VISIBLE_LINES) -> list[str]:
    """Visible code cells longer than ``limit`` lines; collapsed code cells whose first line is
    not a comment (a reader must see what a collapsed cell does without opening it)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        lines = "".join(cell.get("source", "")).splitlines()
        if _is_hidden(cell):
            if not lines or not lines[0].lstrip().startswith("#"):
                problems.append(f"{Path(path).name} cell {number}: collapsed, but its first line "
                                f"is not a comment saying what it does")
        elif len(lines) > limit:
            problems.append(f"{Path(path).name} cell {number}: visible code cell of {len(lines)} "
                            f"lines (at most {limit}; collapse long checks)")
    return problems


def contents_problems(start_here: Path, book: Path) -> list[str]:
    """Notebooks in ``book`` that the contents page ``start_here`` does not link to."""
    nb = json.loads(Path(start_here).read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    linked = set(re.findall(r"\]\(([\w.-]+\.ipynb)\)", markdown))
    chapters = {p.name for p in Path(book).glob("*.ipynb")} - {Path(start_here).name}
    return [f"{name} is missing from the contents in {Path(start_here).name}"
            for name in sorted(chapters - linked)]


def _requirement(spec: str) -> tuple[str, str]:
    """'numpy>=1.24' -> ('numpy', '>=1.24'); names lower-cased, '_' as '-'."""
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*?)\s*$", spec)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def environment_problems(pyproject: Path, environment: Path) -> list[str]:
    """Where environment.yml has drifted from pyproject's runtime dependencies."""
    import yaml

    project = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load(Path(environment).read_text(encoding="utf-8"))
    problems = []
    if env.get("channels") != ["conda-forge"]:
        problems.append(f"channels must be exactly [conda-forge], not {env.get('channels')}")
    conda, pip_section = {}, []
    for item in env.get("dependencies", []):
        if isinstance(item, dict):
            pip_section.extend(item.get("pip", []))
        else:
            name, bound = _requirement(str(item).replace("=", "==", 1)
                                       if re.match(r"^[\w.-]+=[^=<>]", str(item)) else str(item))
            conda[name] = bound
    python = conda.get("python", "")
    if not re.fullmatch(r"==3\.\d+(\.\d+)?", python):
        problems.append(f"python must be pinned (python=3.X), found {python!r}")
    if "-e ." not in [str(p).strip() for p in pip_section]:
        problems.append("the pip section must install the book with '-e .'")
    for spec in project["dependencies"]:
        name, bound = _requirement(spec)
        if name not in conda:
            problems.append(f"{name} is a runtime dependency in pyproject but not in "
                            f"environment.yml")
        elif conda[name] != bound:
            problems.append(f"{name}: environment.yml says {conda[name] or 'no bound'!r}, "
                            f"pyproject says {bound!r}")
    return problems


def clean_notebook(path: Path) -> bool:
    """Strip outputs, execution counts and saved widget state; keep everything else.

    Returns True when the file changed. Cell metadata (such as a collapsed self-test cell's
    ``jupyter.source_hidden``) is kept.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    cleaned = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
    return cleaned != text


if __name__ == "__main__":
    import sys

    # python tests/repo_checks.py [NOTEBOOK ...]: clean notebooks (all of book/ by default),
    # then report anything the hygiene and contents checks still find.
    targets = [Path(p) for p in sys.argv[1:]] or sorted(BOOK.glob("*.ipynb"))
    for target in targets:
        if clean_notebook(target):
            print(f"cleaned {target}")
    remaining = [p for t in targets for p in notebook_problems(t) + cell_length_problems(t)]
    remaining += contents_problems(BOOK / "00_start_here.ipynb", BOOK)
    print("\n".join(remaining) or "all notebooks clean")
    sys.exit(1 if remaining else 0)
