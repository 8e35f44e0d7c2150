"""An interactive explorer: pick an identity, draw an instance, compare claim and numbers.

    explorer = IdentityExplorer(rng=rng)
    explorer                      # in Jupyter: a dropdown, a "New instance" button, the comparison
    explorer.dropdown.value = "aᵀXb"; explorer.button.click()
    explorer.last                 # the last Comparison (claimed, numerical, AD, errors, ok)

Every result is written to widget state (``output.value``); the callbacks never raise: an
error becomes a message in the output.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from vcbook.identities.check import compare_instance


@dataclass(frozen=True)
class Comparison:
    """One drawn instance: the claimed derivative next to central differences and reverse-mode AD.

    ``fd_error`` / ``ad_error``: max |claimed − numerical| and max |claimed − AD|; ``ok``: both
    within tolerance and the shapes agree.
    """

    name: str
    instance: str
    shape: tuple
    claimed: np.ndarray
    numerical: np.ndarray
    ad: np.ndarray
    fd_error: float
    ad_error: float
    ok: bool


class IdentityExplorer:
    """Dropdown of identities + "New instance" button + an HTML comparison (see module doc)."""

    def __init__(self, catalog=None, rng: np.random.Generator | None = None, seed: int = 0):
        import ipywidgets as w

        if catalog is None:
            from vcbook.identities.catalog import CATALOG as catalog
        self.catalog = tuple(catalog)
        self.rng = np.random.default_rng(seed) if rng is None else rng
        self.dropdown = w.Dropdown(options=[i.name for i in self.catalog],
                                   value=self.catalog[0].name, description="Identity:",
                                   layout=w.Layout(width="30em"))
        self.button = w.Button(description="New instance", icon="refresh",
                               tooltip="Draw another random instance of this identity")
        self.output = w.HTMLMath()
        self.box = w.VBox([w.HBox([self.dropdown, self.button]), self.output])
        self.box.add_class("vcbook-identity-explorer")
        self.last: Comparison | None = None
        self.draws = 0
        self.dropdown.observe(self._on_change, names="value")
        self.button.on_click(self._on_click)
        self.draw()

    @property
    def identity(self):
        """The identity the dropdown shows."""
        return next(i for i in self.catalog if i.name == self.dropdown.value)

    def draw(self) -> Comparison | None:
        """Draw a new instance of the selected identity and show the comparison. Never raises."""
        try:
            identity = self.identity
            choice = int(self.rng.integers(len(identity.shapes)))
            args = identity.sample(self.rng, choice)
            found = compare_instance(identity, args, ("fd", "ad_reverse"))
            comparison = Comparison(
                identity.name, identity.describe(args), found.shape, found.claimed,
                found.fd.numerical, found.ad_reverse, found.errors["fd"],
                found.errors["ad_reverse"], found.ok)
            self.last = comparison
            self.draws += 1
            self.output.value = _render(identity, comparison, found.tolerances)
        except Exception as error:  # a widget callback must never raise
            self.last = None
            self.output.value = (f"<p style='color:#D55E00'>Could not draw an instance: "
                                 f"{html.escape(type(error).__name__)}: "
                                 f"{html.escape(str(error))}</p>")
        return self.last

    def _on_change(self, change) -> None:
        self.draw()

    def _on_click(self, button) -> None:
        self.draw()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.box._repr_mimebundle_(include=include, exclude=exclude)


def _array_html(a: np.ndarray) -> str:
    text = np.array2string(np.asarray(a), precision=4, suppress_small=True, max_line_width=60)
    return f"<pre style='margin:0'>{html.escape(text)}</pre>"


def _render(identity, c: Comparison, tolerances) -> str:
    def verdict(error, tolerance):
        good = error <= tolerance
        colour = "#009E73" if good else "#D55E00"
        return (f"<span style='color:{colour}'>{'✓' if good else '✗'} {error:.2e}</span> "
                f"(tolerance {tolerance:.1e})")

    return (
        f"<div><b>{html.escape(identity.name)}</b>"
        f"<div>$${html.escape(identity.latex)}$$</div>"
        f"<div>Conditions: {html.escape(identity.conditions)}</div>"
        f"<div>This instance: {html.escape(c.instance)}</div>"
        f"<table><tr><th style='text-align:left'>claimed</th>"
        f"<th style='text-align:left'>central differences</th></tr>"
        f"<tr><td style='vertical-align:top'>{_array_html(c.claimed)}</td>"
        f"<td style='vertical-align:top'>{_array_html(c.numerical)}</td></tr></table>"
        f"<div>max |claimed − numerical| = {verdict(c.fd_error, tolerances['fd'])}; "
        f"max |claimed − reverse-mode AD| = {verdict(c.ad_error, tolerances['ad_reverse'])}"
        f"</div></div>")
