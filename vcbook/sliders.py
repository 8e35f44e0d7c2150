"""Figures a student moves with sliders: ``plots.slider_figure(draw, sliders)``.

``draw(fig)`` sets the figure up once (axes, contours, everything that never moves) and returns
``update(**values)``, which moves what the slider values change and returns those artists. Each
slider move then redraws only them: the still background is rendered once and kept (matplotlib's
blitting), the moving artists are drawn over a copy of it, and the image is encoded as a PNG
for an ``ipywidgets.Image``. An ``update`` that returns None asks for a full redraw each time.

In Jupyter the figure is shown the way ``vcbook.live`` shows every live widget: first the image
at the sliders' default values (a plain PNG output, which an executed notebook keeps, so nbval,
a notebook reopened without its kernel and a static web page still show the figure), then the
sliders and the live image, which replace it while the kernel runs.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from vcbook import live

STILL_NOTE = "Run the chapter's cells (Run ▸ Run All Cells) to move this figure's sliders."
_OOPS = "That position could not be drawn; try another."


@dataclass(frozen=True)
class Slider:
    """One slider: its range, step, starting value and label (LaTeX allowed, as ipywidgets)."""

    name: str
    low: float
    high: float
    step: float
    value: float
    label: str = ""

    @classmethod
    def of(cls, name: str, spec) -> Slider:
        """From ``(low, high, step, value)`` or ``(low, high, step, value, label)``."""
        if isinstance(spec, Slider):
            return spec
        low, high, step, value, *label = spec
        if not low <= value <= high or step <= 0:
            raise ValueError(f"slider {name!r}: need low ≤ value ≤ high and step > 0, got {spec}")
        return cls(name, float(low), float(high), float(step), float(value),
                   label[0] if label else name)


class SliderFigure:
    """A matplotlib figure, its ``update`` and its sliders. ``set(**values)`` moves it and
    returns the PNG bytes; ``png`` is the current image; ``values`` the current values."""

    def __init__(self, draw: Callable, sliders: Mapping, *, figsize=(8.0, 4.0), dpi: int = 90):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # not pyplot: Jupyter must not show it by itself

        self.sliders = tuple(Slider.of(name, spec) for name, spec in sliders.items())
        if not self.sliders:
            raise ValueError("a slider figure needs at least one slider")
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)  # rendered off screen, into the PNGs the widget shows
        self._update = draw(self.figure)
        if not callable(self._update):
            raise TypeError("draw(fig) must return update(**values), the function that moves "
                            "the figure")
        self.values = {s.name: s.value for s in self.sliders}
        self._moving: tuple = ()
        self._background = None
        self._widget = None
        self.png = self.set(**self.values)

    def set(self, **values) -> bytes:
        """Move the figure to ``values`` (names of sliders; the others keep theirs): PNG bytes."""
        unknown = set(values) - set(self.values)
        if unknown:
            raise TypeError(f"no slider named {', '.join(sorted(unknown))}")
        self.values = {**self.values, **values}
        moved = self._update(**self.values)
        moved = None if moved is None else tuple(moved)
        canvas = self.figure.canvas
        if moved is None or moved != self._moving or self._background is None:
            self._render_background(moved)
        else:
            canvas.restore_region(self._background)
        for artist in self._moving:
            self.figure.draw_artist(artist)
        self.png = _png(canvas)
        return self.png

    def _render_background(self, moved) -> None:
        """Draw everything that stays, keep it, and note which artists move (None: all)."""
        for artist in self._moving:
            artist.set_animated(False)
        self._moving = moved or ()
        for artist in self._moving:
            artist.set_animated(True)
        canvas = self.figure.canvas
        canvas.draw()
        if self._moving:  # keep the layout this draw computed: a later full redraw (other
            self.figure.set_layout_engine("none")  # moving artists) must not shift the axes
        self._background = canvas.copy_from_bbox(self.figure.bbox) if self._moving else None

    # --- in Jupyter -------------------------------------------------------------------------
    def widget(self):
        """The sliders above the live image (an ``ipywidgets.VBox``), made once."""
        if self._widget is None:
            self._widget = _build_widget(self)
        return self._widget

    def _ipython_display_(self) -> None:
        box = self.widget()
        still = ("<img alt='the figure at its starting position' style='max-width:100%' "
                 f"src='data:image/png;base64,{_b64(self.png)}'/>"
                 f"<div style='color:#6b5b00; font-size:0.9em'>{STILL_NOTE}</div>")
        live.display_live(box, live.stand_in_html(still, "vcbook-still-figure"),
                          {"image/png": _b64(self.png)})


def _build_widget(fig: SliderFigure):
    import ipywidgets as w

    width, height = fig.figure.canvas.get_width_height()
    # a fixed box: a new image then changes pixels only, never the page's layout (a chapter is
    # a long page, and laying it out again would cost more than drawing the figure)
    image = w.Image(value=fig.png, format="png", layout=w.Layout(
        width=f"{width}px", height=f"{height}px", max_width="100%", object_fit="contain"))
    message = w.HTML()
    controls = {}
    for s in fig.sliders:
        controls[s.name] = w.FloatSlider(
            value=s.value, min=s.low, max=s.high, step=s.step, description=s.label,
            continuous_update=True, readout_format=".3g", style={"description_width": "initial"},
            layout=w.Layout(width="min(100%, 32em)"))

    def moved(change):
        try:
            image.value = fig.set(**{name: c.value for name, c in controls.items()})
            message.value = ""
        except Exception:  # noqa: BLE001 - a slider callback never shows a traceback
            message.value = f"<span style='color:#b34700'>{_OOPS}</span>"

    for control in controls.values():
        control.observe(moved, names="value")
    box = w.VBox([*controls.values(), image, message])
    box.add_class("vcbook-slider-figure")
    return box


def _png(canvas) -> bytes:
    """The canvas as PNG bytes, fast (zlib level 1): a slider waits for this."""
    from PIL import Image

    rgba = canvas.buffer_rgba()
    out = io.BytesIO()
    Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1).save(
        out, format="png", compress_level=1)
    return out.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def slider_figure(draw: Callable, sliders: Mapping, *, figsize=(8.0, 4.0),
                  dpi: int = 90) -> SliderFigure:
    """A figure moved by sliders: ``draw(fig)`` returns ``update(**values)``; ``sliders`` maps
    each name to ``(low, high, step, value[, label])``. Show it as a cell's last expression."""
    return SliderFigure(draw, sliders, figsize=figsize, dpi=dpi)
