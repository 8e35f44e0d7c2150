"""Outputs that need a running kernel, each shown after a static stand-in.

A live widget (an exercise, a progress table, a figure moved by sliders) lives in the kernel: a
notebook reopened without one, or read as a static web page, can only say "Error displaying
widget". So a cell first displays a *stand-in* (a short note, or the figure's image at its
default position) and then the widget. The stand-in's own CSS hides it while the widget is drawn
(the next output holds an element of class ``LIVE_CLASS``), and hides the next output when that
holds no drawn widget. JupyterLab puts each output in a ``.jp-OutputArea-child``.
"""

from __future__ import annotations

LIVE_CLASS = "vcbook-live"  # every widget shown by display_live carries it
STAND_IN_CLASS = "vcbook-stand-in"
_STYLE = (
    "<style>"
    f".jp-OutputArea-child:has(.{STAND_IN_CLASS}):has(+ .jp-OutputArea-child .{LIVE_CLASS})"
    "{display:none}"
    f".jp-OutputArea-child:has(.{STAND_IN_CLASS}) + .jp-OutputArea-child"
    f":not(:has(.{LIVE_CLASS})){{display:none}}"
    "</style>")


def stand_in_html(inner: str, classes: str = "", style: str = "") -> str:
    """``inner`` (HTML) as a stand-in: a div of ``STAND_IN_CLASS`` (and ``classes``), with the
    CSS that hides it while the live widget after it is drawn."""
    names = " ".join(filter(None, (classes, STAND_IN_CLASS)))
    styled = f" style='{style}'" if style else ""
    return f"{_STYLE}<div class='{names}'{styled}>{inner}</div>"


def display_live(box, stand_in: str, extra: dict | None = None) -> None:
    """Display the ``stand_in`` HTML (with ``extra`` MIME data in the same output, e.g. the
    figure as ``image/png``), then ``box`` marked live: two outputs in the cell (IPython only)."""
    from IPython.display import display

    box.add_class(LIVE_CLASS)
    display({"text/html": stand_in, **(extra or {})}, raw=True)
    display(box)
