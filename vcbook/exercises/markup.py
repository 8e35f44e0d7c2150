"""Author Markdown (a small, safe subset) to HTML for widgets, with LaTeX left for MathJax.

Supported: paragraphs (blank lines), ``**bold**``, ``*italic*``, `` `code` ``, and maths in
``$...$`` / ``$$...$$``, which passes through untouched except for HTML escaping. Everything is
escaped first, so no raw HTML reaches the page. Student text never goes through here: it is only
ever shown escaped, in widgets that do not typeset maths.
"""

from __future__ import annotations

import html
import re

_MATH = re.compile(r"(\$\$.+?\$\$|\$[^$]+?\$)", re.DOTALL)
_INLINE = (  # (pattern, replacement) applied in order to text outside maths
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*", re.DOTALL), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.DOTALL), r"<i>\1</i>"),
)


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def markdown_to_html(text: str) -> str:
    """HTML for a prompt, hint or solution step written by an author."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        pieces = _MATH.split(block)
        rendered = "".join(html.escape(p, quote=False) if i % 2 else _inline(p)
                           for i, p in enumerate(pieces))
        paragraphs.append(f"<p>{rendered}</p>")
    return "\n".join(paragraphs)


def plain_to_html(text: str) -> str:
    """Plain text (a checker message, a student's answer) escaped for an HTML widget."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br>")
