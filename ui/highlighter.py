"""Underline findings inside a text field, like a spell checker.

Errors get a red wavy line, warnings an amber wavy line, info a blue dotted
line; hovering the underlined text shows the finding's message. Spans are
character offsets into the whole field text (what the rules saw), so they are
mapped onto the document's blocks here, and shifted as the user keeps typing
until fresh findings arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QHelpEvent, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from app.model import Finding, Severity

SEVERITY_COLORS: dict[Severity, str] = {
    Severity.ERROR: "#d32f2f",
    Severity.WARNING: "#c27c00",
    Severity.INFO: "#1e6fd9",
}


@dataclass
class _Span:
    start: int
    end: int
    finding: Finding


def _format(severity: Severity) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineColor(QColor(SEVERITY_COLORS[severity]))
    style = (QTextCharFormat.UnderlineStyle.DotLine if severity is Severity.INFO
             else QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineStyle(style)
    return fmt


class FindingHighlighter(QSyntaxHighlighter):
    """Underlines the spans of a field's findings in a QTextDocument."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[_Span] = []
        self._formats = {sev: _format(sev) for sev in Severity}
        # Spell checking (ui.text_tools.SpellMarks): misspelt words of one paragraph's text.
        self._spelling: Callable[[str], list[tuple[int, int, str]]] | None = None
        self._spell_format = QTextCharFormat()
        document.contentsChange.connect(self._shift)

    def set_spelling(self, misspelt: Callable[[str], list[tuple[int, int, str]]] | None,
                     fmt: QTextCharFormat) -> None:
        """Underline misspelt words too (under the findings' underlines, which win)."""
        self._spelling = misspelt
        self._spell_format = fmt
        self.rehighlight()

    def rehighlight_spelling(self) -> None:
        if self._spelling is not None:
            self.rehighlight()

    def set_findings(self, findings: list[Finding]) -> None:
        """Findings with a span; findings about the field as a whole are not underlined."""
        length = max(0, self.document().characterCount() - 1)
        spans = []
        for f in findings:
            if f.start is None or f.end is None:
                continue
            # One finding about one thing in several places (the same unknown word twice) is
            # underlined at every place, not only the first.
            for start, end in f.spans or ((f.start, f.end),):
                if end <= start:  # a point (e.g. "missing full stop here"): mark the character before it
                    start = max(0, start - 1)
                    end = start + 1
                start, end = min(start, length), min(end, length)
                if end > start:
                    spans.append(_Span(start, end, f))
        # Milder severities first so an error's underline wins where spans overlap.
        self._spans = sorted(spans, key=lambda s: s.finding.severity.rank)
        self.rehighlight()

    def findings(self) -> list[Finding]:
        return [s.finding for s in self._spans]

    def spans(self) -> list[tuple[int, int, Finding]]:
        """Where each finding is underlined now (after any typing since it was computed)."""
        return [(s.start, s.end, s.finding) for s in self._spans]

    def places_of(self, finding: Finding) -> list[tuple[int, int]]:
        """Where ``finding`` is underlined now, every place of it, in order."""
        return sorted((s.start, s.end) for s in self._spans if s.finding is finding)

    def finding_at(self, position: int) -> Finding | None:
        """The most severe finding whose span covers ``position``."""
        hits = [s.finding for s in self._spans if s.start <= position < s.end]
        return max(hits, key=lambda f: f.severity.rank) if hits else None

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        live: set[tuple[int, int]] = set()
        if self._spelling is not None and text:
            for start, end, _word in self._spelling(text):  # per paragraph: typing re-checks one
                self.setFormat(start, end - start, self._spell_format)
                live.add((start, end))
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        for span in self._spans:
            if span.end <= block_start or span.start >= block_end:
                continue
            if span.finding.rule == "spelling" and (span.start - block_start, span.end - block_start) in live:
                # The live spell check underlines this word, and follows the typing; a word it
                # does not mark (dictionaries not loaded, or unavailable) keeps the finding's.
                continue
            start = max(span.start, block_start) - block_start
            end = min(span.end, block_end) - block_start
            self.setFormat(start, end - start, self._formats[span.finding.severity])

    def _shift(self, position: int, removed: int, added: int) -> None:
        """Keep spans on their words while the user types ahead of the next validation."""
        if not self._spans or (removed == 0 and added == 0):
            return
        delta = added - removed
        kept = []
        for span in self._spans:
            if span.end <= position:
                kept.append(span)
            elif span.start >= position + removed:
                kept.append(_Span(span.start + delta, span.end + delta, span.finding))
            # an edit inside the span changes the very text the finding was about: drop it
        self._spans = kept


class FindingToolTips(QObject):
    """Shows the message of the finding under the mouse in a QPlainTextEdit."""

    def __init__(self, editor: QPlainTextEdit, highlighter: FindingHighlighter) -> None:
        super().__init__(editor)
        self._editor = editor
        self._highlighter = highlighter
        editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self._editor.cursorForPosition(event.pos())
            rect = self._editor.cursorRect(cursor)
            # cursorForPosition gives the nearest gap; the glyph under the mouse is left or right of it.
            position = cursor.position() - (1 if event.pos().x() < rect.center().x() else 0)
            finding = self._highlighter.finding_at(max(0, position))
            if finding is not None:
                QToolTip.showText(event.globalPos(), _tooltip(finding), self._editor.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().eventFilter(watched, event)


def _tooltip(finding: Finding) -> str:
    color = SEVERITY_COLORS[finding.severity]
    fix = f"<br><i>Fix: {escape(finding.fix.label)}</i>" if finding.fix else ""
    return (f"<b style='color:{color}'>{finding.severity.value.capitalize()}</b> "
            f"<span style='color:gray'>{finding.rule}</span><br>{escape(finding.message)}{fix}")


def tooltip_html(findings: list[Finding]) -> str:
    """Several findings as one tooltip (for single-line fields, which cannot underline)."""
    return "<br><br>".join(_tooltip(f) for f in sorted(findings, key=lambda f: -f.severity.rank))

