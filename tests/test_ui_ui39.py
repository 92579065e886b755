"""ui39, walk22's leftovers in the app: one word for the info severity, the View shortcuts that
go to a panel, the photos with unwritten edits named."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.model import Finding, Severity  # noqa: E402
from ui.findings_panel import FindingRow, FindingsPanel  # noqa: E402
from ui.inspector import findings_count_html  # noqa: E402


def _finding(severity: Severity, n: int) -> Finding:
    return Finding(f"rule-{n}", severity, "caption", f"message {n}", 0, 0)


def test_the_findings_panel_and_the_inspector_count_info_as_the_cli_and_the_docs_do(session, qtbot):
    """walk22: the findings panel said "82 notes" where `creditline check` said "82 info" and
    docs/rules.md calls the severity info: one word, "info" (no plural, as the CLI's summary)."""
    panel = FindingsPanel(session)
    qtbot.addWidget(panel)
    found = [_finding(Severity.ERROR, 1), _finding(Severity.INFO, 2), _finding(Severity.INFO, 3)]
    panel.model.set_rows([FindingRow(1, 1, f) for f in found])
    panel._update_counts()
    text = panel.counts.text()
    assert "1 error<" in text and "2 info<" in text and "note" not in text, text
    panel.model.set_rows([FindingRow(1, 1, found[1])])
    panel._update_counts()
    assert "1 info<" in panel.counts.text()
    summary = findings_count_html({1: found, 2: [found[1]]}, 2, "photos")
    assert "3 info<" in summary and "1 error<" in summary and "note" not in summary, summary
