"""How feedback looks: one coloured headline and one set of classes, wherever a verdict is shown.

The exercise widget and a code exercise's verdict (``coding.verdict``) both call
``feedback_html``: a div of classes ``FEEDBACK_CLASS`` and ``vcbook-<status>`` holding a
headline (✔, ✘ Not yet., ⚠) in the status's colour, then the body. The body is HTML that the
caller has already escaped (``markup.plain_to_html`` for plain text). No ipywidgets here.
"""

from __future__ import annotations

FEEDBACK_CLASS = "vcbook-feedback"
SYMBOL = {"correct": "✔", "incorrect": "✘ Not yet.", "invalid": "⚠"}
# Okabe-Ito green, vermillion and yellow, darkened for text contrast.
COLOUR = {"correct": "#007a5a", "incorrect": "#b34700", "invalid": "#6b5b00"}
NOT_COUNTED = "This did not count as an attempt."


def feedback_html(status: str, body: str, mask=None, classes: str = "") -> str:
    """The feedback div for a verdict of ``status``: headline, ``body`` (escaped HTML), for an
    incorrect entry-wise answer the ``mask`` of right (✔) and wrong (✘) entries, and for an
    invalid one the note that it did not count. ``classes`` are added to the div's."""
    parts = [f"<b style='color:{COLOUR[status]}'>{SYMBOL[status]}</b> {body}"]
    if mask is not None and status == "incorrect":
        rows = "".join("<tr>" + "".join(f"<td>{'✔' if ok else '✘'}</td>" for ok in row) + "</tr>"
                       for row in mask)
        parts.append(f"<div style='margin-top:0.3em'>Entry by entry (✔ right, ✘ wrong):</div>"
                     f'<table class="vcbook-mask" title="entries right (✔) and wrong (✘)">'
                     f"{rows}</table>")
    if status == "invalid":
        parts.append(f"<br><i>{NOT_COUNTED}</i>")
    names = " ".join(filter(None, (FEEDBACK_CLASS, f"vcbook-{status}", classes)))
    return f'<div class="{names}">' + "".join(parts) + "</div>"
