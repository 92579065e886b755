"""Undo commands of the desktop app.

Every edit is one ``QUndoCommand`` holding the old and new values of the fields
it touches; redo and undo write them through ``Session.write_values`` (which calls
``Catalog.set_fields_many`` and refreshes findings), so the catalog, the findings
and every widget follow undo exactly as they follow an edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from app.model import Value

if TYPE_CHECKING:
    from ui.session import Session

Changes = dict[int, dict[str, Value]]

# QUndoCommand.id(): commands with the same id are offered to mergeWith().
_TYPING_ID = 0x43726564  # arbitrary, only has to differ from -1 (never merge)


class EditFieldsCommand(QUndoCommand):
    """Set fields on items; ``old`` holds what undo restores.

    ``merge_key`` marks typing: consecutive commands with the same key (same
    items, same field, same focus session of the editor) fold into one undo step,
    so a typed word or sentence is undone at once rather than per keystroke.
    """

    def __init__(self, session: Session, new: Changes, old: Changes, text: str,
                 merge_key: object | None = None) -> None:
        super().__init__(text)
        self.session = session
        self.new = {i: dict(v) for i, v in new.items()}
        self.old = {i: dict(v) for i, v in old.items()}
        self.merge_key = merge_key

    def redo(self) -> None:
        self.session.write_values(self.new)

    def undo(self) -> None:
        self.session.write_values(self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _TYPING_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditFieldsCommand) or other.merge_key != self.merge_key:
            return False
        for item_id, values in other.new.items():
            self.new.setdefault(item_id, {}).update(values)
        for item_id, values in other.old.items():
            # Keep our own (earlier) old value; take the other's only for fields we did not touch.
            mine = self.old.setdefault(item_id, {})
            for key, value in values.items():
                mine.setdefault(key, value)
        # Typing back to where it started leaves nothing to undo.
        self.setObsolete(self.new == self.old)
        return True
