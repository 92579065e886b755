"""Completers for the inspector: photographers from the catalog, agencies from the registry.

Photographer fields hold several names separated by "; ", so the completer
completes only the name being typed and keeps the ones before it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QWidget

from app.agencies import Registry
from app.catalog import Catalog

SEPARATOR = "; "


class ListCompleter(QCompleter):
    """Completes the last "; "-separated part of a line edit's text."""

    def __init__(self, words: Iterable[str] = (), parent: QWidget | None = None,
                 multi: bool = False) -> None:
        super().__init__(parent)
        self._multi = multi
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Names are found by any part ("doe" finds "Jane Doe"): editors remember surnames.
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.set_words(words)

    def set_words(self, words: Iterable[str]) -> None:
        self._model.setStringList(sorted(dict.fromkeys(w for w in words if w), key=str.casefold))

    def words(self) -> list[str]:
        return self._model.stringList()

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        if self._multi:
            path = path.rsplit(";", 1)[-1]
        return [path.strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802, ANN001 - Qt's name and type
        chosen = super().pathFromIndex(index)
        widget = self.widget()
        if not self._multi or widget is None or not hasattr(widget, "text"):
            return chosen
        before = widget.text().rsplit(";", 1)
        if len(before) == 1:
            return chosen
        kept = before[0].rstrip()
        return f"{kept}{SEPARATOR}{chosen}" if kept else chosen


def photographer_words(catalog: Catalog) -> list[str]:
    return catalog.distinct_values("creators")


def agency_words(registry: Registry, catalog: Catalog | None = None) -> list[str]:
    """Canonical agency names (not roles like "Handout"), plus the sources already in the catalog."""
    names = [a.name for a in registry.agencies if not a.is_role]
    if catalog is not None:
        names += catalog.distinct_values("source")
    return names
