"""Undo commands of the desktop app.

Every edit is one ``QUndoCommand`` holding the old and new values of the fields
it touches; redo and undo go through ``Session.run_edit``: a small one is written at
once by ``Session.write_values`` (which calls ``Catalog.set_fields_many`` and refreshes
findings), a big one (more than ``ui.session.BACKGROUND_LIMIT`` items) is saved on the
task runner in one transaction, so the catalog, the findings and every widget follow
undo exactly as they follow an edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

    ``requested``: an edit saved in the background (a big one, or one made while a
    background save runs) holds the values asked for; ``new`` and ``old`` are read from
    the catalog in the save's own transaction and filled in when it lands.
    """

    def __init__(self, session: Session, new: Changes, old: Changes, text: str,
                 merge_key: object | None = None, requested: Changes | None = None) -> None:
        super().__init__(text)
        self.session = session
        self.label = text  # readable even once the stack has deleted the Qt side
        self.new = {i: dict(v) for i, v in new.items()}
        self.old = {i: dict(v) for i, v in old.items()}
        self.merge_key = merge_key
        self.requested = {i: dict(v) for i, v in requested.items()} if requested is not None else None

    def redo(self) -> None:
        self.session.run_edit(self, undo=False)

    def undo(self) -> None:
        self.session.run_edit(self, undo=True)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _TYPING_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditFieldsCommand) or other.merge_key != self.merge_key:
            return False
        if self.requested is not None or other.requested is not None:
            return False  # values not read yet (a background save): each stays its own step
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


def set_gallery_order(catalog: Any, gallery_id: int, target: list[int]) -> None:
    """Make a gallery hold exactly ``target``, in that order, through the catalog's gallery API.

    Photos that are missing go back at their index in ``target`` (ascending, so each
    earlier one already sits where it belongs); one ``move_items`` then settles any order
    that still differs (a drag-reorder), since moving every photo to index 0 in the given
    order leaves exactly that order.
    """
    with catalog.batch():
        current = catalog.gallery_item_ids(gallery_id)
        wanted = set(target)
        extra = [i for i in current if i not in wanted]
        if extra:
            catalog.remove_from_gallery(gallery_id, extra)
        present = set(current)
        for index, item_id in enumerate(target):
            if item_id not in present:
                catalog.add_to_gallery(gallery_id, [item_id], at=index)
        if catalog.gallery_item_ids(gallery_id) != target:
            catalog.move_items(gallery_id, target, 0)


class GalleryOrderCommand(QUndoCommand):
    """A change of a gallery's photos or order (remove, drag-reorder) as one undo step.

    ``applied``: the change is already in the catalog (a drop the model made), so the
    first redo, which QUndoStack.push calls, has nothing to do.
    """

    def __init__(self, session: Session, gallery_id: int, before: list[int], after: list[int], text: str,
                 applied: bool = False) -> None:
        super().__init__(text)
        self.session = session
        self.gallery_id = gallery_id
        self.before = list(before)
        self.after = list(after)
        self._skip_redo = applied

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _apply(self, order: list[int]) -> None:
        # A Qt virtual: an exception escaping here would take the app down.
        try:
            set_gallery_order(self.session.catalog, self.gallery_id, order)
        except Exception as exc:  # noqa: BLE001 - the gallery may be gone; say so, never crash
            self.setObsolete(True)
            self.session.undo_failed.emit(f"{self.text()}: {exc}")
        self.session.galleries_changed.emit()
