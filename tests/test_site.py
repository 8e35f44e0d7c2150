"""The web edition (site/build.py): built once per session into a temporary folder, then checked
page by page, and in Chromium with every request off this machine blocked.

Every test that needs the site is marked ``site`` (the checks of the staging step need none).
Without the site extra (``pip install -c constraints.txt -e ".[site]"``) they skip locally; CI
sets VCBOOK_REQUIRE_SITE=1, which turns a skip into a failure. The Chromium checks are also
marked ``browser`` and follow VCBOOK_REQUIRE_BROWSER (test_browser.py).
The chapters are every ``book/NN_*.ipynb``, found when the tests are collected.
"""

from __future__ import annotations

import base64
import functools
import http.server
import importlib.util
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("VCBOOK_REQUIRE_SITE") == "1"
SITE_PACKAGES = ("sphinx", "myst_nb", "sphinx_book_theme", "jupyter_server_mathjax", "bs4")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("vcbook_site_build", REPO / "site" / "build.py")  # "site" is a stdlib name
CHAPTERS = build.chapters()
IDS = [path.stem for path in CHAPTERS]
# Text that must never reach a reader: a traceback, a widget's repr, a widget without its JS.
FORBIDDEN = ("Traceback (most recent call last)", "Error displaying widget", "VBox(children",
             "HBox(children", "Box(children", "ipywidgets.widgets")
# Raw TeX that MathJax should have replaced (searched in the text outside code).
RAW_TEX = re.compile(r"\$\$|\\frac|\\begin\{|\\mathbf|\\partial|\\\(|\\\[")


def _site_missing() -> str:
    missing = [name for name in SITE_PACKAGES if importlib.util.find_spec(name) is None]
    return f"the site extra is not installed ({', '.join(missing)} missing)" if missing else ""


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once from book/ by site/build.py into a temporary folder (the execution
    cache in book/_build is reused while the engine is unchanged)."""
    missing = _site_missing()
    if missing:
        if REQUIRED:
            pytest.fail(f"site tests are required (VCBOOK_REQUIRE_SITE=1) but {missing}")
        pytest.skip(missing)
    return build.build(tmp_path_factory.mktemp("site") / "html")


def page_soup(site: Path, name: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def executed(site: Path, notebook: Path):
    """The chapter with the outputs of its execution during the build (from the cache)."""
    import nbformat
    from jupyter_cache import get_cache

    staged = nbformat.read(str(site.parent / "site-source" / notebook.name), as_version=4)
    staged_id, merged = get_cache(str(build.DEFAULT_CACHE)).merge_match_into_notebook(staged)
    assert staged_id is not None, f"{notebook.name} was not executed by the build"
    return merged


def code_cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"]


def test_the_chapter_list_is_every_numbered_notebook():
    names = [path.name for path in CHAPTERS]
    assert names == sorted(path.name for path in (REPO / "book").glob("*.ipynb")
                           if re.match(r"\d\d_", path.name))
    assert "00_start_here.ipynb" in names and "01_chain_rule.ipynb" in names


def test_staging_collapses_hidden_cells_and_puts_maths_on_one_line(tmp_path):
    source = tmp_path / "01_x.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {},
         "source": "so\n$$a\n+ b$$\nthen $x\n- y$, `$a\nb$`, 5 \\$, $5\n\nor $6\n"},
        {"cell_type": "code", "metadata": {"jupyter": {"source_hidden": True}}, "source": "# c",
         "outputs": [], "execution_count": None},
        {"cell_type": "code", "metadata": {"tags": ["keep"]}, "source": "1",
         "outputs": [], "execution_count": None},
    ]
    source.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                  "nbformat_minor": 5}))
    build.stage_notebook(source, tmp_path / "staged.ipynb")
    staged = json.loads((tmp_path / "staged.ipynb").read_text())["cells"]
    assert staged[0]["source"] == "so\n$$a + b$$\nthen $x - y$, `$a\nb$`, 5 \\$, $5\n\nor $6\n"
    assert staged[1]["metadata"]["tags"] == ["hide-input"]
    assert staged[2]["metadata"]["tags"] == ["keep"]
    assert json.loads(source.read_text())["cells"] == cells  # the source is left alone


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_every_chapter_has_its_page_with_its_title(site, notebook):
    page = page_soup(site, f"{notebook.stem}.html")
    first_markdown = next(c for c in json.loads(notebook.read_text())["cells"]
                          if c["cell_type"] == "markdown")
    title = "".join(first_markdown["source"]).splitlines()[0].lstrip("# ").strip()
    assert page.select_one("article h1").get_text().rstrip("#").strip() == title


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_the_page_holds_every_figure_the_chapter_drew(site, notebook):
    figures = sum(any(key.startswith("image/") for key in output.get("data", {}))
                  for cell in executed(site, notebook).cells if cell.cell_type == "code"
                  for output in cell.outputs)
    images = page_soup(site, f"{notebook.stem}.html").select("article .cell_output img")
    assert len(images) == figures
    for image in images:
        if image["src"].startswith("data:image/png;base64,"):  # a slider figure's still image
            assert len(base64.b64decode(image["src"].split(",", 1)[1])) > 1000
        else:
            assert (site / image["src"]).stat().st_size > 1000, image["src"]


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_no_page_shows_an_error_or_a_widget_repr(site, notebook):
    page = page_soup(site, f"{notebook.stem}.html")
    assert page.select(".output.traceback, .output.error, .output.stderr") == []
    text = page.get_text()
    assert [phrase for phrase in FORBIDDEN if phrase in text] == []
    outputs = [output for cell in executed(site, notebook).cells if cell.cell_type == "code"
               for output in cell.outputs]
    assert [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"] == []


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_collapsed_cells_stay_collapsed(site, notebook):
    hidden = [c for c in code_cells(notebook)
              if c["metadata"].get("jupyter", {}).get("source_hidden")]
    cells = page_soup(site, f"{notebook.stem}.html").select("article div.cell")
    assert len(cells) == len(code_cells(notebook))  # one page cell per code cell, in order
    collapsed = [cell for cell in cells if cell.select_one(":scope > details.hide .cell_input")]
    assert len(collapsed) == len(hidden)
    for cell, source in zip(cells, code_cells(notebook), strict=True):
        is_hidden = bool(source["metadata"].get("jupyter", {}).get("source_hidden"))
        assert (cell in collapsed) == is_hidden
        details = cell.select_one(":scope > details")
        assert details is None or not details.has_attr("open")


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_widgets_become_a_note_and_their_state_stays_out(site, notebook):
    html = (site / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert "widget-view+json" not in html and "widget-state+json" not in html
    views = [sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                 for o in cell.outputs)
             for cell in executed(site, notebook).cells if cell.cell_type == "code"]
    page = page_soup(site, f"{notebook.stem}.html")
    # exactly one stand-in per widget (a note, or a slider figure's still image): the site adds
    # its own note only where the engine printed none
    stand_ins = [len(cell.select(".vcbook-stand-in")) for cell in page.select("article div.cell")]
    assert stand_ins == views


@pytest.mark.site
def test_every_page_loads_its_files_from_the_site_itself(site):
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= len(CHAPTERS) + 2  # the chapters, index.html, search.html, ...
    for path in pages:
        page = page_soup(site, path.name)
        assert "file:" not in path.read_text(encoding="utf-8"), path.name
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag, attrs={attribute: True}):
                url = element[attribute]
                if tag == "link" and "stylesheet" not in element.get("rel", []) \
                        and element.get("as") != "script":
                    continue
                if tag == "img" and url.startswith("data:image/png;base64,"):
                    continue  # a slider figure's still image, inside the page itself
                assert not urlsplit(url).scheme and not url.startswith("/"), (path.name, url)
                assert (site / urlsplit(url).path).is_file(), (path.name, url)
        for link in page.select("a[href]"):  # links between pages, downloads
            url = urlsplit(link["href"])
            if not url.scheme and url.path:
                assert (site / url.path).is_file(), (path.name, link["href"])
    for name in (f"{path.stem}.html" for path in CHAPTERS):
        mathjax = page_soup(site, name).find("script", src=re.compile("MathJax"))
        assert mathjax["src"].startswith("_static/mathjax/MathJax.js?config="), name


@pytest.mark.site
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_each_page_offers_its_notebook_and_binder(site, notebook):
    conf = _load("vcbook_site_conf", REPO / "site" / "conf.py")
    page = page_soup(site, f"{notebook.stem}.html")
    download = page.find("a", href=f"_sources/{notebook.name}")
    assert download is not None
    assert (site / "_sources" / notebook.name).read_bytes() == notebook.read_bytes()
    owner_repo = urlsplit(conf.REPOSITORY_URL).path.strip("/")
    binder = (f"{conf.BINDERHUB_URL}/v2/gh/{owner_repo}/{conf.BRANCH}"
              f"?urlpath=lab/tree/book/{notebook.name}")
    assert page.find("a", href=binder) is not None, binder


@pytest.mark.site
def test_the_contents_list_every_chapter_in_order_and_search_knows_them(site):
    index = page_soup(site, "index.html")
    links = [a["href"] for a in index.select("article .toctree-wrapper a.reference")]
    assert links == [f"{path.stem}.html" for path in CHAPTERS]
    assert (site / "search.html").is_file()
    search_index = (site / "searchindex.js").read_text(encoding="utf-8")
    for path in CHAPTERS:
        assert f'"{path.stem}"' in search_index, path.stem


# --- in Chromium, offline -------------------------------------------------------------------


@pytest.fixture(scope="session")
def served(site):
    """The site over HTTP on 127.0.0.1 (a thread of this process); yields the base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _browser_missing
    from test_browser import REQUIRED as BROWSER_REQUIRED

    missing = _browser_missing()
    if missing:
        if BROWSER_REQUIRED:
            pytest.fail(f"browser tests are required (VCBOOK_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_tab(chromium, served):
    """A page on which every request that is not for the local site is aborted; the list of
    such requests is ``tab.blocked``."""
    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    tab.blocked = []

    def route(route, request):
        if request.url.startswith(served + "/"):
            route.continue_()
        else:
            tab.blocked.append(request.url)
            route.abort()

    tab.route("**/*", route)
    yield tab
    tab.close()


def _visible_prose(tab) -> str:
    """The page's text outside code, scripts and MathJax's own copies of the TeX."""
    return tab.evaluate("""() => {
        const copy = document.querySelector('article').cloneNode(true);
        copy.querySelectorAll('pre, code, script, style, .MathJax_Preview, .MJX_Assistive_MathML')
            .forEach(e => e.remove());
        return copy.textContent;
    }""")


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_the_page_typesets_its_maths_offline_in_chromium(offline_tab, served, notebook):
    from test_browser import snapshot

    tab = offline_tab
    tab.goto(f"{served}/{notebook.stem}.html")
    tab.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.Register",
                          timeout=60_000)
    # MathJax 2 signals the end of its first typesetting pass (to late listeners too).
    tab.evaluate("MathJax.Hub.Register.StartupHook('End', () => { window.typesetDone = true })")
    tab.wait_for_function("() => window.typesetDone === true && MathJax.Hub.queue.pending === 0"
                          " && MathJax.Hub.queue.running === 0", timeout=120_000)
    assert tab.locator("article .math.nohighlight").count() > 0
    untypeset = tab.evaluate("""() => [...document.querySelectorAll('article .math.nohighlight')]
        .filter(e => !e.querySelector('.MathJax, .MathJax_Display')).map(e => e.textContent)""")
    assert untypeset == []
    assert tab.locator(".MathJax_Error, .merror, .noError").count() == 0
    prose = _visible_prose(tab)
    assert RAW_TEX.findall(prose) == []
    assert [phrase for phrase in FORBIDDEN if phrase in prose] == []
    notes = tab.locator("article .vcbook-offline-note")
    for i in range(notes.count()):
        assert notes.nth(i).is_visible()
    assert tab.blocked == []
    snapshot(tab, f"site-{notebook.stem}")
    if notes.count():
        snapshot(tab, f"site-{notebook.stem}-note", notes.first)


@pytest.mark.site
@pytest.mark.browser
def test_search_works_offline_in_chromium(offline_tab, served):
    tab = offline_tab
    tab.goto(f"{served}/search.html?q=Jacobian")
    results = tab.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=60_000)
    hrefs = {results.nth(i).get_attribute("href").split("#")[0].split("?")[0]
             for i in range(results.count())}
    assert "02_jacobians.html" in hrefs
    assert tab.blocked == []
