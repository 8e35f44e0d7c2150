"""The progress summary widget: solved / attempted exercises per chapter, and a CSV export."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from vcbook.exercises import progress
from vcbook.exercises.markup import plain_to_html

OFFLINE_NOTE = ("Your progress table needs a running kernel: run the chapter's cells (Run ▸ Run "
                "All Cells) to see it. Your saved progress is kept.")


# Inline styles (a widget's HTML gets no stylesheet of ours): padded, ruled cells, so the
# headers never run together ("chaptersolvedattempted...").
_TABLE = "border-collapse:collapse; margin:0.3em 0"
_TH = "padding:0.25em 0.9em; border-bottom:2px solid #888; text-align:left"
_TD = "padding:0.25em 0.9em; border-bottom:1px solid #ddd"
HEADERS = ("chapter", "solved", "attempted", "attempts")


def summary_html(store: progress.ProgressStore) -> str:
    """An HTML table of the store's per-chapter progress (plus its warning, if any)."""
    rows = store.summary()
    warning = (f"<p style='color:#a33'>{plain_to_html(store.warning)}</p>" if store.warning
               else "")
    if not rows:
        return warning + "<p>No attempts recorded yet: try an exercise and come back.</p>"
    head = "".join(f"<th style='{_TH}'>{h}</th>" for h in HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td style='{_TD}'>{plain_to_html(v)}</td>"
                         for v in (r.chapter, r.solved, r.attempted, r.attempts)) + "</tr>"
        for r in rows)
    return (warning + f"<table class='vcbook-progress' style='{_TABLE}'><thead><tr>{head}"
            f"</tr></thead><tbody>{body}</tbody></table>")


class ProgressSummary:
    """A table of solved / attempted exercises per chapter, with Refresh and Export buttons.

    ``export_path``: where "Export CSV" writes (default ``vcbook-progress.csv`` in the current
    folder, i.e. next to the notebook).
    """

    def __init__(self, store: progress.ProgressStore | None = None,
                 export_path: Path | str = "vcbook-progress.csv"):
        self.store = store or progress.store()
        self.export_path = Path(export_path)
        self.table = w.HTML()
        self.note = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.export_button = w.Button(description="Export CSV", icon="download",
                                      tooltip="Write every attempt to a CSV file")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_button.on_click(lambda _b: self.export())
        self.box = w.VBox([self.table, w.HBox([self.refresh_button, self.export_button]),
                           self.note])
        self.box.add_class("vcbook-progress-summary")
        self.refresh()

    def refresh(self) -> None:
        self.table.value = summary_html(self.store)

    def export(self) -> Path | None:
        try:
            path = self.store.export_csv(self.export_path)
        except OSError as error:
            self.note.value = f"Could not write {plain_to_html(self.export_path)}: " \
                              f"{plain_to_html(error)}"
            return None
        self.note.value = f"Saved every attempt to <code>{plain_to_html(path.resolve())}</code>."
        return path

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.box._repr_mimebundle_(include=include, exclude=exclude)

    def _ipython_display_(self):
        """In IPython: a note for a notebook reopened without its kernel, then the table."""
        from vcbook.exercises.widget import display_live

        display_live(self.box, OFFLINE_NOTE)


def progress_summary(**kwargs) -> ProgressSummary:
    """The summary widget for this kernel's progress store (display it as a cell's result)."""
    return ProgressSummary(**kwargs)
