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
_PLACEHOLDER = re.compile("\0(\\d+)\0")
_EMPHASIS = (  # (pattern, replacement) applied in order to plain text
    (re.compile(r"\*\*(.+?)\*\*", re.DOTALL), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.DOTALL), r"<i>\1</i>"),
)


def _verbatim_html(text: str) -> str:
    """A maths piece (escaped, left for MathJax) or a code span, as HTML."""
    escaped = html.escape(text, quote=False)
    return f"<code>{escaped[1:-1]}</code>" if text.startswith("`") else escaped


def _block_to_html(block: str) -> str:
    """One paragraph: verbatim pieces are set aside as placeholders (NUL never survives in
    author text), emphasis is applied to the whole paragraph, so bold may contain maths, and
    the pieces are put back."""
    pieces = _VERBATIM.split(block.replace("\0", ""))  # odd positions are verbatim pieces
    kept = [_verbatim_html(p) for p in pieces[1::2]]
    text = "".join(html.escape(p, quote=False) if i % 2 == 0 else f"\0{i // 2}\0"
                   for i, p in enumerate(pieces))
    for pattern, replacement in _EMPHASIS:
        text = pattern.sub(replacement, text)
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)


def markdown_to_html(text: str) -> str:
    """HTML for a prompt, hint or solution step written by an author."""
    return "\n".join(f"<p>{_block_to_html(block)}</p>"
                     for block in re.split(r"\n\s*\n", text.strip()))


def plain_to_html(text: str) -> str:
    """Plain text (a checker message, a student's answer) escaped for an HTML widget."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br>")
