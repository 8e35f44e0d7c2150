"""An interactive explorer: pick an identity, draw an instance, compare claim and numbers, and
derive the identity by the differential method.

    explorer = IdentityExplorer(rng=rng)
    explorer                      # in Jupyter: a dropdown, "New instance" and "Derive it" buttons
    explorer.dropdown.value = "aᵀXb"; explorer.button.click()
    explorer.last                 # the last Comparison (claimed, numerical, AD, errors, ok)
    explorer.derive_button.click()
    explorer.last_derivation      # the vcbook.matrixcalc Derivation shown (steps, result)

Every result is written to widget state (``output.value``, ``derivation_output.value``); the
callbacks never raise: an error becomes a message in the output.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from vcbook import live
from vcbook.identities.check import compare_instance

OFFLINE_NOTE = ("The identity explorer needs a running kernel: run the chapter's cells (Run ▸ Run "
                "All Cells) to use it.")


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


KIND_NOTES = {  # Derivation.kind -> what the engine's result is, in words
    "gradient": "the gradient, a 1×n row",
    "matrix": "the derivative, shaped like {wrt}",
    "jacobian": "the Jacobian, m×n",
    "by-scalar": "the derivative, shaped like f",
    "differential": "the differential dF, a linear map of d{wrt}",
    "zero": "zero: f does not depend on {wrt}",
}


class IdentityExplorer:
    """Dropdown of identities + "New instance" and "Derive it" buttons + the comparison and the
    derivation as HTML (see module doc)."""

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
        self.derive_button = w.Button(description="Derive it", icon="pencil",
                                      tooltip="Derive this identity by the differential method")
        self.output = w.HTMLMath()
        self.derivation_output = w.HTMLMath()
        self.box = w.VBox([w.HBox([self.dropdown, self.button, self.derive_button]),
                           self.output, self.derivation_output])
        self.box.add_class("vcbook-identity-explorer")
        self.last: Comparison | None = None
        self.last_derivation = None
        self.draws = 0
        self._args: tuple | None = None
        self.dropdown.observe(self._on_change, names="value")
        self.button.on_click(self._on_click)
        self.derive_button.on_click(self._on_derive)
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
            self._args = args
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
            self._args = None
            self.output.value = _failure("Could not draw an instance", error)
        if self.last_derivation is not None:  # shown: compare it with the new instance
            self.derive()
        return self.last

    def derive(self):
        """Derive the selected identity by the differential method (``vcbook.matrixcalc``) and
        show its steps, the engine's result next to the catalogue's claim, and whether the two
        agree at the drawn instance. Returns the Derivation, or None; never raises."""
        try:
            from vcbook import matrixcalc as mc

            identity = self.identity
            if not identity.notation:
                raise ValueError(f"{identity.name} has no matrix-notation form to derive from")
            derivation = mc.derivative(identity.notation, identity.wrt,
                                       identity.notation_shapes)
            self.last_derivation = derivation
            self.derivation_output.value = _render_derivation(identity, derivation, self._args)
        except Exception as error:  # a widget callback must never raise
            self.last_derivation = None
            self.derivation_output.value = _failure(
                "The differential method could not derive this identity", error)
        return self.last_derivation

    def _on_change(self, change) -> None:
        self.last_derivation = None
        self.derivation_output.value = ""
        self.draw()

    def _on_click(self, button) -> None:
        self.draw()

    def _on_derive(self, button) -> None:
        self.derive()

    def _ipython_display_(self) -> None:
        """The explorer after a note for readers without a kernel (``vcbook.live``)."""
        note = live.stand_in_html(html.escape(OFFLINE_NOTE), "vcbook-offline-note",
                                  "color:#6b5b00; border-left:3px solid #e6c300; "
                                  "padding:0.3em 0.6em")
        live.display_live(self.box, note)


_CELL = "text-align:left; vertical-align:top; padding:0.2em 2em 0.2em 0"
"""A table cell of the explorer: columns kept apart, so two headers never read as one."""


def _array_html(a: np.ndarray) -> str:
    text = np.array2string(np.asarray(a), precision=4, suppress_small=True, max_line_width=60)
    return f"<pre style='margin:0'>{html.escape(text)}</pre>"


def _render(identity, c: Comparison, tolerances) -> str:
    def verdict(error, tolerance):
        good = error <= tolerance
        colour = "#009E73" if good else "#D55E00"
        return (f"<span style='color:{colour}; white-space:nowrap'>{'✓' if good else '✗'} "
                f"{error:.2e}</span> <span style='white-space:nowrap'>(tolerance "
                f"{tolerance:.1e})</span>")

    return (
        f"<div><b>{html.escape(identity.name)}</b>"
        f"<div>$${html.escape(identity.latex)}$$</div>"
        f"<div>Conditions: {html.escape(identity.conditions)}</div>"
        f"<div>This instance: {html.escape(c.instance)}</div>"
        f"<table><tr><th style='{_CELL}'>claimed</th>"
        f"<th style='{_CELL}'>central differences</th></tr>"
        f"<tr><td style='{_CELL}'>{_array_html(c.claimed)}</td>"
        f"<td style='{_CELL}'>{_array_html(c.numerical)}</td></tr></table>"
        f"<div>max |claimed − numerical| = {verdict(c.fd_error, tolerances['fd'])}; "
        f"max |claimed − reverse-mode AD| = {verdict(c.ad_error, tolerances['ad_reverse'])}"
        f"</div></div>")


def _failure(what: str, error: Exception) -> str:
    return (f"<p style='color:#D55E00'>{html.escape(what)}: "
            f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</p>")


def _agreement(identity, derivation, args) -> str:
    """Whether the engine's result and the catalogue's claim agree at the drawn instance."""
    if args is None:
        return ""
    try:
        engine = derivation.evaluate({a.name: v for a, v in zip(identity.args, args,
                                                                strict=True)})
        claimed = np.asarray(identity.claimed(*args), dtype=float)
    except Exception as error:  # the derivation is still worth showing
        return _failure("Could not compare at this instance", error)
    if engine.shape != claimed.shape:
        return (f"<div style='color:#D55E00'>✗ the engine's result has shape {engine.shape}, "
                f"the claim {claimed.shape}</div>")
    gap = float(np.max(np.abs(engine - claimed), initial=0.0))
    good = np.allclose(engine, claimed, rtol=1e-7, atol=1e-9)
    colour, mark = ("#009E73", "✓") if good else ("#D55E00", "✗")
    return (f"<div>At this instance: <span style='color:{colour}'>{mark} max |engine − claimed|"
            f" = {gap:.1e}</span>, shape {engine.shape}</div>")


def _render_derivation(identity, derivation, args) -> str:
    steps = "".join(f"<div><i>{html.escape(label)}</i></div><div>$${html.escape(tex)}$$</div>"
                    for label, tex in derivation.steps)
    kind = KIND_NOTES.get(derivation.kind, derivation.kind).format(wrt=derivation.wrt)
    result = html.escape(str(derivation.result))
    return (
        f"<div class='vcbook-derivation'><b>{html.escape(identity.name)}, derived by the "
        f"differential method</b>{steps}"
        f"<table><tr><th style='{_CELL}'>the engine's result ({html.escape(kind)})</th>"
        f"<th style='{_CELL}'>the catalogue's claim</th></tr>"
        f"<tr><td style='{_CELL}'><code>{result}</code></td>"
        f"<td style='{_CELL}'>$${html.escape(identity.latex)}$$</td></tr></table>"
        f"{_agreement(identity, derivation, args)}</div>")
