"""``CodeVerdict``: a code exercise's verdict, as plain text for consoles and as HTML in Jupyter.

Its body is a few blocks, each ``(kind, text)``:

- ``"head"``: the opening words ("Not yet."), which the HTML headline says itself;
- ``"p"``: a sentence or two; `` `...` `` in it is shown as code;
- ``"li"``: one finding of an incorrect verdict (a list item);
- ``"code"``: a line of the student's own code, verbatim;
- ``"error"``: the exception as Python names it ("ValueError: ..."), verbatim.

``message`` joins the blocks' text, one per line (a finding after "• ", a code line indented).
``_repr_html_`` shows them under the book's feedback headline (``exercises.feedback``): every
text is escaped, and the div carries MathJax's ignore classes, so that nothing in it, least of all
a student's ``$``, is typeset (the messages write their maths in Unicode).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from vcbook.answers.verdict import Verdict
from vcbook.exercises.feedback import feedback_html

KINDS = ("head", "p", "li", "code", "error")
TEXT = {"head": "{}", "p": "{}", "li": "• {}", "code": "    {}", "error": "{}"}
NO_MATHS = "vcbook-code-verdict tex2jax_ignore mathjax_ignore"
"""The classes of a verdict's div: its own, and those MathJax 2 and 3 skip."""
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_P = "<p style='margin:0.35em 0'>{}</p>"
_PRE = ("<pre style='white-space:pre-wrap; margin:0.25em 0 0.25em 1.5em; padding:0.2em 0.5em; "
        "background:rgba(127,127,127,0.08); border-radius:3px'><code>{}</code></pre>")
_LIST = "<ul style='margin:0.35em 0; padding-left:1.5em'>{}</ul>"
_ITEM = "<li style='margin:0.25em 0'>{}</li>"


@dataclass(frozen=True)
class CodeVerdict(Verdict):
    """A ``Verdict`` with a body of ``blocks`` (see the module docstring); ``notes`` hold codes
    such as ``"dW:transpose"``, ``"exception"``, ``"timeout"``; ``mask`` is one row: output
    right? Built with ``of`` (``message`` from the blocks); one built from a message alone
    shows it as paragraphs."""

    blocks: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, status: str, blocks, **fields) -> CodeVerdict:
        """The verdict whose ``message`` is the text of ``blocks``."""
        blocks = tuple((kind, str(text)) for kind, text in blocks)
        unknown = {kind for kind, _ in blocks} - set(KINDS)
        if unknown:
            raise ValueError(f"unknown block kinds {sorted(unknown)}; use {KINDS}")
        message = "\n".join(TEXT[kind].format(text) for kind, text in blocks)
        return cls(status, message, blocks=blocks, **fields)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.message)

    def _repr_html_(self) -> str:
        blocks = self.blocks or tuple(("p", line) for line in self.message.splitlines())
        return feedback_html(self.status, body_html(blocks), classes=NO_MATHS)


def _inline(text: str) -> str:
    """Escaped text with `code` spans as <code> (escaping first: nothing else becomes HTML)."""
    return _CODE_SPAN.sub(r"<code>\1</code>", html.escape(text))


def body_html(blocks) -> str:
    """The blocks as HTML: paragraphs, one list of the findings, the student's lines as code.
    A leading paragraph runs on from the headline."""
    shown = [(kind, text) for kind, text in blocks if kind != "head"]
    out, items = [], []
    for k, (kind, text) in enumerate(shown):
        if kind == "li":
            items.append(_ITEM.format(_inline(text)))
            continue
        if items:
            out.append(_LIST.format("".join(items)))
            items = []
        if kind == "p":
            out.append(f"<span>{_inline(text)}</span>" if k == 0 else _P.format(_inline(text)))
        elif kind == "code":
            out.append(_PRE.format(html.escape(text)))
        else:  # error
            out.append(_P.format(f"<code>{html.escape(text)}</code>"))
    if items:
        out.append(_LIST.format("".join(items)))
    return "".join(out)
