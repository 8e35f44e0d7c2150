"""Build the web edition: every chapter executed, as a static site that works offline.

    python site/build.py [OUTPUT]      # default: book/_build/html

Stages a copy of the chapters (``book/NN_*.ipynb``; the committed notebooks are never edited)
beside this folder's ``conf.py`` and ``index.md``, gives the cells that JupyterLab shows
collapsed MyST-NB's ``hide-input`` tag, copies MathJax from jupyter-server-mathjax into
``_static/mathjax``, then runs Sphinx, which executes the chapters (MyST-NB) and writes the site.
Executed notebooks are cached in ``book/_build/jupyter_cache`` while the engine is unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent
REPO = SITE.parent
BOOK = REPO / "book"
CHAPTERS = "[0-9][0-9]_*.ipynb"  # the site's chapters: every numbered notebook, nothing else
DEFAULT_OUTPUT = BOOK / "_build" / "html"
DEFAULT_CACHE = BOOK / "_build" / "jupyter_cache"
# Code spans and fences, escaped dollars, $$ displays, $ inline maths (never across a blank
# line): in that order, as JupyterLab finds maths in Markdown before it reads the rest.
_MATHS_TEXT = r"(?:(?!\n[ \t]*\n)[^$])+?"
MARKDOWN_MATHS = re.compile(rf"(`+).*?\1|\\\$|\$\${_MATHS_TEXT}\$\$|\${_MATHS_TEXT}\$", re.DOTALL)
# Parts of the MathJax package the pages never load (other languages, the accessibility
# menu, the SVG output): left out of the site.
MATHJAX_UNUSED = ("localization", "a11y", "SVG")


def chapters(book: Path = BOOK) -> list[Path]:
    """The notebooks that become pages, in order."""
    return sorted(book.glob(CHAPTERS))


def maths_on_one_line(markdown: str) -> str:
    """Join the lines of each $...$ or $$...$$ (a line break is a space to TeX), so that MyST,
    which reads Markdown structure first, never takes a line of maths that starts with "+" or
    "-" for a list item, as JupyterLab never does."""
    def join(match: re.Match) -> str:
        text = match.group(0)
        return text if match.group(1) or "%" in text else text.replace("\n", " ")

    return MARKDOWN_MATHS.sub(join, markdown)


def stage_notebook(source: Path, target: Path) -> None:
    """Copy a chapter for Sphinx: cells collapsed in JupyterLab get the ``hide-input`` tag,
    Markdown cells their maths on one line."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = maths_on_one_line("".join(cell["source"]))
        metadata = cell.setdefault("metadata", {})
        tags = metadata.setdefault("tags", [])
        if metadata.get("jupyter", {}).get("source_hidden") and "hide-input" not in tags:
            tags.append("hide-input")
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")


def stage(source: Path) -> None:
    """Fill ``source`` with this folder (conf.py, index.md, _static), the chapters and MathJax."""
    import jupyter_server_mathjax

    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(SITE, source, ignore=shutil.ignore_patterns("build.py", "__pycache__"))
    for notebook in chapters():
        stage_notebook(notebook, source / notebook.name)
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(mathjax, source / "_static" / "mathjax",
                    ignore=shutil.ignore_patterns(*MATHJAX_UNUSED))


def engine_fingerprint() -> str:
    """A hash of what executed chapters depend on besides their own code."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "vcbook").rglob("*.py")) + [REPO / "constraints.txt"]:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare_cache(cache: Path) -> None:
    """Empty the execution cache if the engine changed since it was filled."""
    stamp = cache / "engine.sha256"
    fingerprint = engine_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    stamp.write_text(fingerprint)


def build(output: Path = DEFAULT_OUTPUT, cache: Path = DEFAULT_CACHE) -> Path:
    """Build the site into ``output`` (emptied first); staging files go beside it."""
    output, cache = output.resolve(), cache.resolve()
    work = output.parent
    stage(work / "site-source")
    prepare_cache(cache)
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="vcbook-site-data-") as progress:
        # Exercises run during the build save their progress there, never in the reader's own.
        env = dict(os.environ, VCBOOK_DATA_DIR=progress)
        env.pop("MPLBACKEND", None)  # a global Agg backend removes inline figures
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-W", "--keep-going", "-q",
             "-d", str(work / "doctrees"), "-D", f"nb_execution_cache_path={cache}",
             str(work / "site-source"), str(output)],
            env=env, check=True)
    for notebook in chapters():  # downloads are the committed notebooks, byte for byte
        shutil.copy2(notebook, output / "_sources" / notebook.name)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        output = build(args.output)
    except subprocess.CalledProcessError as error:
        sys.exit(f"The site did not build (Sphinx exited with {error.returncode}); see above.")
    shown = os.path.relpath(output)
    print(f"Built the site in {time.perf_counter() - start:.0f} s: {shown}/index.html\n"
          f"Open it in a browser, or serve it: python3 -m http.server -d {shown}")


if __name__ == "__main__":
    main()
