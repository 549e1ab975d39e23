"""Provides the checks panel: every finding with its severity and message."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.analysis import Analysis
from ...engine.records import Finding
from ..messages import JumpTo
from ..safe import SEVERITY_STYLE, add_sized, safe

COLUMN_LABELS = ("Severity", "Check", "Message")

class ChecksPanel(DataTable[object]):
    """Findings of the selected article; selecting one jumps to its evidence and explains it."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.analysis: Analysis | None = None
        self.findings: list[Finding] = []
        # The reuse checks' findings on the article (it reuses another one), set by the app from
        # the pairs found; shown after its own, as `check` reports both.
        self.reuse_findings: list[Finding] = []

    def show(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        self.findings = [*analysis.findings, *self.reuse_findings] if analysis is not None else []
        # Columns are rebuilt so that their widths fit this article's rows.
        self.clear(columns=True)
        rows: list[list[Text]] = []
        if analysis is not None:
            rows = [[Text(f.severity, style=SEVERITY_STYLE[f.severity]), safe(f.check), safe(f.message)]
                    for f in self.findings]
            if not rows:
                rows = [[Text("pass", style="green"), Text("all checks"), Text("no finding", style="dim")]]
        add_sized(self, COLUMN_LABELS, rows)

    def selected_finding(self) -> Finding | None:
        row = self.cursor_row
        return self.findings[row] if 0 <= row < len(self.findings) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        finding = self.selected_finding()
        if finding is None:
            return
        start, end = (finding.span.start, finding.span.end) if finding.span else (0, 0)
        self.post_message(JumpTo(start, end, finding.check, f"{finding.severity}: {finding.message}"))
