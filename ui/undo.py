"""Undo commands of the desktop app.

Every edit is one ``QUndoCommand`` holding the old and new values of the fields
it touches; redo and undo go through ``Session.run_edit``: a small one is written at
once by ``Session.write_values`` (which calls ``Catalog.set_fields_many`` and refreshes
findings), a big one (more than ``ui.session.BACKGROUND_LIMIT`` items) is saved on the
task runner in one transaction, so the catalog, the findings and every widget follow
undo exactly as they follow an edit.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack

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
                 merge_key: object | None = None, requested: Changes | None = None, applied: bool = False) -> None:
        super().__init__(text)
        self.session = session
        self.label = text  # readable even once the stack has deleted the Qt side
        self.new = {i: dict(v) for i, v in new.items()}
        self.old = {i: dict(v) for i, v in old.items()}
        self.merge_key = merge_key
        self.requested = {i: dict(v) for i, v in requested.items()} if requested is not None else None
        # In the catalog already (a step of the history kept from the last session): the first
        # redo, which QUndoStack.push calls, has nothing to do.
        self._skip_redo = applied

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
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


# The undo history kept in the catalog when the window closes (the settings table, as JSON):
# an editor who opens it again can undo the last edits. Bounded: the last HISTORY_STEPS steps,
# and no more than HISTORY_CHARS of JSON (a step over it, a 5,000-photo edit, is not kept).
HISTORY_SETTING = "undo_history"
HISTORY_STEPS = 50
HISTORY_CHARS = 2_000_000


def history_of(stack: QUndoStack) -> list[dict[str, Any]]:
    """The steps done (not those undone), oldest first, as JSON-ready dicts, within the bounds;
    a background save not landed yet (its values unknown) ends what is kept before it."""
    steps: list[dict[str, Any]] = []
    for n in range(stack.index()):
        cmd = stack.command(n)
        if isinstance(cmd, EditFieldsCommand) and cmd.requested is None and not cmd.isObsolete():
            steps.append({"kind": "fields", "text": cmd.label, "new": cmd.new, "old": cmd.old})
        elif isinstance(cmd, GalleryOrderCommand) and not cmd.isObsolete():
            steps.append({"kind": "order", "text": cmd.text(), "gallery": cmd.gallery_id,
                          "before": cmd.before, "after": cmd.after})
        else:
            steps = []  # what came before a step that cannot be kept cannot be undone past it
    kept: list[dict[str, Any]] = []
    size = 0
    for step in reversed(steps[-HISTORY_STEPS:]):
        size += len(json.dumps(step, ensure_ascii=False))
        if size > HISTORY_CHARS:
            break
        kept.append(step)
    return kept[::-1]


def restore_history(session: Session, steps: Any) -> int:
    """Push the kept ``steps`` (already in the catalog) onto the session's undo stack: those the
    catalog still agrees with, newest first. A step whose fields or gallery order were changed
    since (another program, the command line) ends the history there, so Undo never writes an
    old value over a newer one. The number of steps restored."""
    if not isinstance(steps, list):
        return 0
    catalog = session.catalog
    fields: dict[tuple[int, str], Any] = {}  # (item, key) -> its value after the steps checked so far
    orders: dict[int, list[int]] = {}
    valid: list[QUndoCommand] = []
    try:
        for step in reversed(steps):
            cmd = _command(session, step)
            if isinstance(cmd, EditFieldsCommand):
                missing = [i for i, vs in cmd.new.items() if any((i, k) not in fields for k in vs)]
                for item in catalog.items(missing, details=False) if missing else []:
                    for key in cmd.new[item.id]:
                        fields.setdefault((item.id, key), item.fields.get(key))
                if any(fields.get((i, k), _MISSING) != v for i, vs in cmd.new.items() for k, v in vs.items()):
                    break
                for i, vs in cmd.old.items():
                    fields.update(((i, k), v) for k, v in vs.items())
            elif isinstance(cmd, GalleryOrderCommand):
                now = orders.get(cmd.gallery_id)
                if now is None:
                    now = list(catalog.gallery_item_ids(cmd.gallery_id))
                if now != cmd.after:
                    break
                orders[cmd.gallery_id] = list(cmd.before)
            else:
                break
            valid.append(cmd)
    except Exception:  # noqa: BLE001 - a history that cannot be read is no history, never a failed start
        return 0
    for cmd in reversed(valid):
        session.undo_stack.push(cmd)
    return len(valid)


_MISSING = object()


def _command(session: Session, step: Any) -> QUndoCommand | None:
    if not isinstance(step, dict):
        return None
    text = str(step.get("text", ""))
    if step.get("kind") == "fields":
        def changes(raw: Any) -> Changes:
            return {int(i): dict(v) for i, v in raw.items()}
        return EditFieldsCommand(session, changes(step["new"]), changes(step["old"]), text, applied=True)
    if step.get("kind") == "order":
        return GalleryOrderCommand(session, int(step["gallery"]), [int(i) for i in step["before"]],
                                   [int(i) for i in step["after"]], text, applied=True)
    return None
