"""plots.slider_figure: sliders move a figure by redrawing only what changes, and the figure
leaves a still image (image/png) in the notebook for readers without a kernel."""

import io

import numpy as np
import pytest
from PIL import Image

from vcbook import plots
from vcbook.live import LIVE_CLASS, STAND_IN_CLASS


def drawing(full_redraw=False, calls=None):
    """A contour plot with a point and an arrow that move with t."""
    def draw(fig):
        ax = fig.add_subplot()
        X, Y = np.meshgrid(np.linspace(-2, 2, 80), np.linspace(-2, 2, 80))
        ax.contour(X, Y, X**2 + 3 * Y**2, 12)
        point, = ax.plot([], [], "o")
        label = ax.text(-1.9, 1.7, "")

        def update(t, s=1.0):
            if calls is not None:
                calls.append((t, s))
            x, y = s * np.cos(t), s * np.sin(t)
            point.set_data([x], [y])
            label.set_text(f"t = {t:.2f}")
            return None if full_redraw else (point, label)
        return update
    return draw


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=int)


SLIDERS = {"t": (0.0, 6.0, 0.1, 1.0, "$t$"), "s": (0.5, 1.5, 0.1, 1.0)}


def test_moving_a_slider_changes_the_image_and_only_what_moves_is_redrawn():
    fig = plots.slider_figure(drawing(), SLIDERS)
    first = fig.png
    assert first.startswith(b"\x89PNG") and fig.values == {"t": 1.0, "s": 1.0}
    moved = fig.set(t=2.5)
    assert moved != first and fig.values == {"t": 2.5, "s": 1.0}
    assert fig.set(t=1.0) == first                          # back where it started
    # the blitted image is the image a full redraw makes, pixel for pixel
    full = plots.slider_figure(drawing(full_redraw=True), SLIDERS)
    for t, s in [(2.5, 1.0), (4.0, 0.6), (0.3, 1.4)]:
        np.testing.assert_array_equal(pixels(fig.set(t=t, s=s)), pixels(full.set(t=t, s=s)))


def test_the_still_background_is_drawn_once():
    fig = plots.slider_figure(drawing(), SLIDERS)
    draws = []
    original = fig.figure.canvas.draw
    fig.figure.canvas.draw = lambda: (draws.append(1), original())[1]
    for t in (1.5, 2.0, 2.5):
        fig.set(t=t)
    assert draws == []                                       # blitted: no full draw
    full = plots.slider_figure(drawing(full_redraw=True), SLIDERS)
    full.figure.canvas.draw = lambda: (draws.append(1), original())[1]
    full.set(t=2.0)
    assert draws == [1]


def test_bad_slider_specifications_and_names_are_refused_clearly():
    with pytest.raises(ValueError, match="low ≤ value ≤ high"):
        plots.slider_figure(drawing(), {"t": (0.0, 1.0, 0.1, 2.0)})
    with pytest.raises(ValueError, match="at least one slider"):
        plots.slider_figure(drawing(), {})
    with pytest.raises(TypeError, match="must return update"):
        plots.slider_figure(lambda fig: None, {"t": (0.0, 1.0, 0.1, 0.5)})
    fig = plots.slider_figure(drawing(), SLIDERS)
    with pytest.raises(TypeError, match="no slider named u"):
        fig.set(u=1.0)


def test_in_jupyter_a_still_image_comes_first_then_the_live_widget(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    fig = plots.slider_figure(drawing(), SLIDERS)
    fig._ipython_display_()
    (still, still_kw), (box, _) = shown
    assert still_kw == {"raw": True} and set(still) == {"text/html", "image/png"}
    import base64
    assert base64.b64decode(still["image/png"]) == fig.png  # what a static page shows
    assert STAND_IN_CLASS in still["text/html"] and "data:image/png;base64," in still["text/html"]
    assert "Run All Cells" in still["text/html"]
    assert LIVE_CLASS in box._dom_classes


def test_the_sliders_drive_the_image_and_a_failure_shows_a_message_not_a_traceback():
    calls = []
    fig = plots.slider_figure(drawing(calls=calls), SLIDERS)
    box = fig.widget()
    t_slider, s_slider, image, message = box.children
    assert t_slider.description == "$t$" and (t_slider.min, t_slider.max) == (0.0, 6.0)
    before = image.value
    t_slider.value = 3.0
    assert image.value != before and calls[-1] == (3.0, 1.0)
    s_slider.value = 0.7
    assert calls[-1] == (3.0, 0.7) and image.value == fig.png

    def broken(fig):
        def update(t):
            if t > 0.5:
                raise ZeroDivisionError("bad")
        return update

    bad = plots.slider_figure(broken, {"t": (0.0, 1.0, 0.1, 0.2)})
    slider, image, message = bad.widget().children
    slider.value = 0.9
    assert "could not be drawn" in message.value and "Traceback" not in message.value


def test_a_full_redraw_between_blits_does_not_shift_the_layout():
    """Regression (chapter 01): when the moving artists change, the background is drawn again;
    the constrained layout ran again then and moved the axes by a pixel or so, so the image
    differed from the one blitting makes. The layout of the first draw is now kept."""
    def drawing(alternate):
        def draw(fig):
            left, right = fig.subplots(1, 2)
            X, Y = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-2, 2, 60))
            fig.colorbar(left.contourf(X, Y, X**2 + 3 * Y**2, 12), ax=left, label="f")
            left.set_title("contours of $f$")
            fig.suptitle("a figure with a colour bar")
            point, = left.plot([], [], "o")
            right.set_xlim(0, 6)
            calls = []

            def update(t):
                calls.append(t)
                point.set_data([np.cos(t)], [np.sin(t)])
                return (point, right.title) if alternate and len(calls) % 2 else (point,)
            return update
        return draw

    steady = plots.slider_figure(drawing(False), {"t": (0.0, 6.0, 0.1, 1.0)})
    changing = plots.slider_figure(drawing(True), {"t": (0.0, 6.0, 0.1, 1.0)})
    for t in (2.0, 3.0, 4.0):
        np.testing.assert_array_equal(pixels(steady.set(t=t)), pixels(changing.set(t=t)))
