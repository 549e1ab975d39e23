"""Provides the checks panel: every finding with its severity and message."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.scoring import Analysis, Finding
from ..messages import JumpTo
from ..safe import SEVERITY_STYLE, safe


COLUMN_LABELS = ("Severity", "Check", "Message")

class ChecksPanel(DataTable[object]):
    """Findings of the selected article; selecting one jumps to its evidence and explains it."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.analysis: Analysis | None = None

    def show(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        # Columns are rebuilt so that their widths fit this article's rows.
        self.clear(columns=True)
        for label in COLUMN_LABELS:
            self.add_column(label, key=label.lower())
        if analysis is None:
            return
        if not analysis.findings:
            self.add_row(Text("pass", style="green"), Text("all checks"), Text("no finding", style="dim"))
        for i, finding in enumerate(analysis.findings):
            self.add_row(Text(finding.severity, style=SEVERITY_STYLE[finding.severity]),
                         safe(finding.check), safe(finding.message), key=str(i))

    def selected_finding(self) -> Finding | None:
        if self.analysis is None or not self.analysis.findings:
            return None
        row = self.cursor_row
        return self.analysis.findings[row] if 0 <= row < len(self.analysis.findings) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        finding = self.selected_finding()
        if finding is None:
            return
        start, end = (finding.span.start, finding.span.end) if finding.span else (0, 0)
        self.post_message(JumpTo(start, end, finding.check, f"{finding.severity}: {finding.message}"))
