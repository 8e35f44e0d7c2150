"""A code exercise's verdict in Jupyter: HTML in the book's feedback style (the widgets' headline
and classes), findings as a list, the student's text always escaped; the text form stays."""

from __future__ import annotations

import re

import numpy as np
import pytest
from IPython.lib.pretty import pretty

from vcbook.exercises import coding, progress
from vcbook.exercises.coding.verdict import NO_MATHS, CodeVerdict, body_html
from vcbook.exercises.feedback import COLOUR, FEEDBACK_CLASS, SYMBOL


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    fresh = progress.ProgressStore(tmp_path / progress.FILENAME)
    monkeypatch.setattr(progress, "_STORE", fresh)
    return fresh


def layer_backward(x, W, b, g):
    y = np.tanh(W @ x + b)
    delta = g * (1.0 - y**2)
    return W.T @ delta, np.outer(delta, x), delta


def div_classes(html: str) -> list[str]:
    return re.match(r'<div class="([^"]+)">', html).group(1).split()


def test_a_correct_verdict_has_the_widgets_green_headline():
    verdict = coding("layer_backward").check(layer_backward)
    html = verdict._repr_html_()
    assert div_classes(html)[:2] == [FEEDBACK_CLASS, "vcbook-correct"]
    assert f"<b style='color:{COLOUR['correct']}'>{SYMBOL['correct']}</b>" in html
    assert "Correct: layer_backward agrees with the reference in all 4 hidden cases" in html
    assert "<li" not in html


def test_an_incorrect_verdict_lists_each_finding():
    def two_slips(x, W, b, g):
        dx, dW, db = layer_backward(x, W, b, g)
        return 2 * dx, dW.T, db

    verdict = coding("layer_backward").check(two_slips)
    html = verdict._repr_html_()
    assert div_classes(html)[:2] == [FEEDBACK_CLASS, "vcbook-incorrect"]
    assert f"<b style='color:{COLOUR['incorrect']}'>✘ Not yet.</b>" in html
    assert html.count("<ul") == 1 and html.count("<li") == 2
    assert re.search(r"<li[^>]*>dx is 2 times the right values", html)
    assert re.search(r"<li[^>]*>dW is transposed", html)
    assert "Right already: db." in html
    assert html.count("Not yet.") == 1  # said by the headline, not repeated from the text
    # the text form is unchanged: a first line, one bullet per finding
    assert verdict.message.split("\n")[0] == "Not yet."
    assert verdict.message.count("\n• ") == 2
    assert pretty(verdict) == verdict.message


def test_an_invalid_verdict_says_it_did_not_count():
    verdict = coding("layer_backward").check(np.zeros(3))
    html = verdict._repr_html_()
    assert div_classes(html)[:2] == [FEEDBACK_CLASS, "vcbook-invalid"]
    assert "did not count as an attempt" in html


def test_an_exception_message_and_the_students_line_are_escaped():
    def hostile(x, W, b, g):
        raise ValueError("<script>alert('$x$')</script> & more")

    def hostile_line(x, W, b, g):
        return x + "<b>bold</b>"  # a TypeError on a line that holds markup

    html = coding("layer_backward").check(hostile)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;$x$&#x27;)&lt;/script&gt; &amp; more" in html
    assert "<code>ValueError: &lt;script&gt;" in html
    verdict = coding("layer_backward").check(hostile_line)
    html = verdict._repr_html_()
    assert "<b>bold</b>" not in html
    assert "<code>return x + &quot;&lt;b&gt;bold&lt;/b&gt;&quot;" in html
    assert "    return x + \"<b>bold</b>\"" in verdict.message  # the text form: as Python shows it


def test_a_hostile_type_name_is_escaped_too():
    hostile = type("<img src=x onerror=alert(1)>", (), {})()
    verdict = coding("layer_backward").check(hostile)
    assert verdict.status == "invalid" and "<img" in verdict.message
    assert "<img" not in verdict._repr_html_()


def test_nothing_in_a_verdict_is_typeset():
    html = coding("layer_backward").check(lambda x, W, b, g: 1 / 0)._repr_html_()
    assert set(NO_MATHS.split()) <= set(div_classes(html))
    assert {"tex2jax_ignore", "mathjax_ignore"} <= set(NO_MATHS.split())


def test_code_spans_of_the_message_become_code_after_escaping():
    assert body_html((("p", "is `return a < b` missing?"),)) == \
        "<span>is <code>return a &lt; b</code> missing?</span>"
    assert "<code>`x`</code></pre>" in body_html((("code", "`x`"),))  # the student's, verbatim


def test_a_verdict_made_from_a_message_alone_still_renders():
    verdict = CodeVerdict("invalid", "one\ntwo <i>")
    html = verdict._repr_html_()
    assert "<span>one</span>" in html and "two &lt;i&gt;" in html
    with pytest.raises(ValueError, match="unknown block kinds"):
        CodeVerdict.of("incorrect", (("table", "x"),))


def test_the_widget_feedback_is_built_by_the_same_function():
    from vcbook.exercises.widget import _feedback_html

    html = _feedback_html("incorrect", "a < b")
    assert html.startswith(f'<div class="{FEEDBACK_CLASS} vcbook-incorrect">')
    assert "✘ Not yet.</b> a &lt; b" in html
