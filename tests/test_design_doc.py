"""DESIGN.md is kept true by the code: the paths it names exist, every package of vcbook/ is in
its layout table, and every name in its public-API block imports (a fixture shows each check
can fail)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESIGN = (ROOT / "DESIGN.md").read_text(encoding="utf-8")
# the objects the API block calls methods on, and what they are
INSTANCES = {"trace": ("vcbook.autodiff", "EvaluationTrace"),
             "ex": ("vcbook.exercises", "Exercise"),
             "code": ("vcbook.exercises.coding", "CodeExercise"),
             "d": ("vcbook.matrixcalc", "Derivation")}
MODULE_ALIASES = {"vcbook": "vcbook", "symbolic": "vcbook.symbolic", "numeric": "vcbook.numeric",
                  "layout": "vcbook.layout", "plots": "vcbook.plots", "ad": "vcbook.autodiff",
                  "mc": "vcbook.matrixcalc"}


TOP = ("book/", "vcbook/", "tests/", "benchmarks/", ".ci/")


def named_paths(text: str) -> set[str]:
    """Repository paths in backticks: under a top-level folder, or a root Markdown file."""
    return {p for p in re.findall(r"`([\w./-]+)`", text)
            if p.startswith(TOP) or re.fullmatch(r"[A-Z]+\.md", p)}


def api_block(text: str) -> str:
    return text.split("## Public API", 1)[1].split("```python", 1)[1].split("```", 1)[0]


def _is_submodule(module: str, name: str) -> bool:
    try:
        importlib.import_module(f"{module}.{name}")
    except ImportError:
        return False
    return True


def unresolved_names(block: str) -> list[str]:
    """Every `from M import a, b`, `import M`, `alias.name(` and `instance.method(` in the block
    that does not resolve."""
    missing = []
    for module, names in re.findall(r"^from ([\w.]+) import (.+?)(?:\s+#.*)?$", block, re.M):
        imported = importlib.import_module(module)
        wanted = [n.split(" as ")[0].strip() for n in names.split(",")]
        missing += [f"{module}.{n}" for n in wanted
                    if not hasattr(imported, n) and not _is_submodule(module, n)]
    for module in re.findall(r"^import ([\w.]+)", block, re.M):
        importlib.import_module(module)
    for owner, name in re.findall(r"\b(\w+)\.(\w+)\(", block):
        if owner in MODULE_ALIASES:
            target = importlib.import_module(MODULE_ALIASES[owner])
        elif owner in INSTANCES:
            module, cls = INSTANCES[owner]
            target = getattr(importlib.import_module(module), cls)
        else:
            continue
        if not hasattr(target, name):
            missing.append(f"{owner}.{name}")
    return missing


def test_every_path_named_in_design_exists():
    assert not [p for p in named_paths(DESIGN) if not (ROOT / p.rstrip("/")).exists()]


def test_every_package_and_top_module_is_in_the_layout_table():
    layout = DESIGN.split("## Layout", 1)[1].split("\n## ", 1)[0]
    packages = [p.parent.relative_to(ROOT).as_posix() + "/"
                for p in (ROOT / "vcbook").rglob("__init__.py") if p.parent != ROOT / "vcbook"]
    modules = [p.relative_to(ROOT).as_posix() for p in (ROOT / "vcbook").glob("*.py")
               if p.name != "__init__.py"]
    assert not [m for m in packages + modules if f"`{m}`" not in layout]


def test_every_api_name_resolves():
    assert unresolved_names(api_block(DESIGN)) == []


def test_the_checks_can_fail():
    broken = "```python\nfrom vcbook.answers import check, no_such_name\nad.no_such_fn(f)\n```"
    assert unresolved_names(broken) == ["vcbook.answers.no_such_name", "ad.no_such_fn"]
    assert "vcbook/no_such_module.py" in named_paths("see `vcbook/no_such_module.py`")
    assert not (ROOT / "vcbook/no_such_module.py").exists()


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "README.md"])
def test_contributors_are_pointed_at_the_repository_design(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "DESIGN.md" in text and "../DESIGN.md" not in text
