"""Author Markdown (a small, safe subset) to HTML for widgets, with LaTeX left for MathJax.

Supported: paragraphs (blank lines), ``**bold**``, ``*italic*``, `` `code` ``, and maths in
``$...$`` / ``$$...$$``, which passes through untouched except for HTML escaping. Everything is
escaped first, so no raw HTML reaches the page. Student text never goes through here: it is only
ever shown escaped, in widgets that do not typeset maths.
"""

from __future__ import annotations

import html
import re

# Maths and code spans are cut out first, so that * and ` inside them are never formatting.
_VERBATIM = re.compile(r"(\$\$.+?\$\$|\$[^$]+?\$|`[^`]+`)", re.DOTALL)
_EMPHASIS = (  # (pattern, replacement) applied in order to plain text
    (re.compile(r"\*\*(.+?)\*\*", re.DOTALL), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.DOTALL), r"<i>\1</i>"),
)


def _piece(text: str, verbatim: bool) -> str:
    """One verbatim piece (maths or a code span) or one run of plain text, as HTML."""
    escaped = html.escape(text, quote=False)
    if verbatim:
        return f"<code>{escaped[1:-1]}</code>" if text.startswith("`") else escaped
    for pattern, replacement in _EMPHASIS:
        escaped = pattern.sub(replacement, escaped)
    return escaped


def markdown_to_html(text: str) -> str:
    """HTML for a prompt, hint or solution step written by an author."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        pieces = _VERBATIM.split(block)  # odd positions are the verbatim pieces
        paragraphs.append("<p>" + "".join(_piece(p, i % 2 == 1) for i, p in enumerate(pieces))
                          + "</p>")
    return "\n".join(paragraphs)


def plain_to_html(text: str) -> str:
    """Plain text (a checker message, a student's answer) escaped for an HTML widget."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br>")
