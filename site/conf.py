"""Sphinx configuration of the web edition (MyST-NB executes the chapters; sphinx-book-theme).

``site/build.py`` copies this file next to a staged copy of the chapters and runs Sphinx; it
also passes the execution cache's folder. The site's links to the repository and to Binder are
built from ``REPOSITORY_URL`` and ``BRANCH`` below: change them here, nowhere else.
"""

REPOSITORY_URL = "https://github.com/vcbook/vcbook"
BRANCH = "main"
BINDERHUB_URL = "https://mybinder.org"

project = "vcbook"
author = "The vcbook authors"
copyright = "the vcbook authors: code MIT, prose and figures CC BY 4.0"
html_title = "vcbook: vector calculus for machine learning"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
# Maths as JupyterLab reads it: $...$ and $$...$$, also mid-paragraph (MyST's amsmath extension
# would split a $$ block at its first \begin{bmatrix}).
myst_enable_extensions = ["dollarmath"]
myst_dmath_double_inline = True
myst_heading_anchors = 3
smartquotes = False  # the prose reads exactly as in the notebooks
# MathJax 2 typesets the whole page, as JupyterLab does (outputs' HTML too); MyST's switches are
# written for MathJax 3 and later.
myst_update_mathjax = False

# Execution: every chapter runs top to bottom in a fresh kernel; a cell that raises stops the
# build. Results are reused (jupyter-cache) only while a notebook's code and the engine are
# unchanged: build.py empties the cache when vcbook/ or constraints.txt changes.
nb_execution_mode = "cache"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs (derivations, tables) keep their maths
# No widget manager from a CDN: each exercise shows the note the engine prints next to it.
nb_ipywidgets_js = {}

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]  # site/_static, and MathJax copied into _static/mathjax by build.py
html_css_files = ["vcbook.css"]
html_sourcelink_suffix = ""  # the download button serves the chapter's .ipynb as it is
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": BRANCH,
    "path_to_docs": "book",
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {"binderhub_url": BINDERHUB_URL, "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
}

# MathJax 2.7 from the jupyter-server-mathjax package, served by the site itself: the path is
# relative to _static, so pages typeset maths offline (no CDN, no absolute or file: URL).
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    "tex2jax": {"inlineMath": [["$", "$"], ["\\(", "\\)"]],
                "displayMath": [["$$", "$$"], ["\\[", "\\]"]],
                "processEscapes": True, "processEnvironments": True},
    "HTML-CSS": {"availableFonts": [], "imageFont": None, "preferredFont": None,
                 "webFont": "STIX-Web", "linebreaks": {"automatic": True}},
    "fast-preview": {"disabled": True},  # typeset once, in the final form
    "showMathMenu": False,
    "messageStyle": "none",
}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("This part of the chapter needs a running kernel: open the chapter in Jupyter "
               "(the rocket button at the top of the page runs it on Binder) to use it.")


def _replace_widget_views(app, doctree):
    """Each widget's placeholder leaves the page; a widget shown without one of the engine's
    stand-ins (``vcbook.live``: an exercise's offline note, a slider figure's still image) gets
    the offline note, in the site's words."""
    from docutils import nodes

    from vcbook.exercises.widget import offline_note_html
    from vcbook.live import STAND_IN_CLASS

    for view in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW not in view.astext():
            continue
        cell = view.parent  # each output has a container of its own: look in the whole cell
        while cell.parent is not None and "cell" not in cell.get("classes", []):
            cell = cell.parent
        noted = any(STAND_IN_CLASS in raw.astext() for raw in cell.findall(nodes.raw)
                    if raw is not view)
        if noted:
            view.parent.remove(view)
        else:
            view.replace_self(nodes.raw("", offline_note_html(WIDGET_NOTE), format="html"))


def _drop_widget_state(app, pagename, templatename, context, doctree):
    """Leave out the widgets' saved state: the site loads no widget manager to draw it."""
    scripts = context.get("script_files", [])
    scripts[:] = [script for script in scripts if script.attributes.get("type")
                  != "application/vnd.jupyter.widget-state+json"]


def setup(app):
    app.connect("doctree-read", _replace_widget_views)
    app.connect("html-page-context", _drop_widget_state, priority=900)  # after MyST-NB's
