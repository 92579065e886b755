"""The editing session: one open catalog, its undo stack, settings and selection.

Every widget that edits goes through ``Session.edit_fields`` (one undo step per
call) and every widget that shows items listens to its signals, so the catalog
stays the single source of truth and undo reaches every view at once.

An edit (or its undo or redo) touching more than ``BACKGROUND_LIMIT`` items is saved
on the task runner, never on the UI thread: its old values are read, its new ones
written in ONE transaction (all or nothing), then its findings re-checked, with
progress in the status bar. Such a save is never cut half-way: it ignores Cancel, and
a window closing or a catalog switching waits for it (``TaskRunner.idle``). Saves run
one after another in the order they were asked for, and while one runs (or waits) every
edit, small ones too, queues behind it, so the catalog sees them in order;
``saving_changed`` says which items are being saved (the inspector is read-only on them).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from app import codes, validation
from app.agencies import HOUSE_SETTING, HouseAgencies, Registry, house_agencies
from app.catalog import Catalog, CatalogError, describe_error, is_busy
from app.export.labels import desk_language
from app.fields import normalize_value
from app.fixes import apply_fixes, fix_all
from app.model import Finding, Fix, Gallery, Value
from app.rules import check_item, load_registry
from app.templates import DateWords, Template, style_date_words, template_changes
from ui.models import read_only_notice
from ui.tasks import Task, TaskContext, TaskRunner
from ui.undo import HISTORY_SETTING, Changes, EditFieldsCommand, history_of, restore_history

# An edit touching more items than this is saved in the background (typing in one photo,
# or a few, stays synchronous).
BACKGROUND_LIMIT = 200
# How long a small edit on the UI thread waits for another writer before it goes to a
# background save: longer than most of the app's own commits, short enough not to be felt.
UI_WAIT_S = 0.25
SAVE_CHUNK = 250  # items per progress step of a background save

# Keys in the catalog's settings table (shared with the CLI, which reads the same ones).
HOUSE_STYLE = "house_style"
RULES = "rules"  # {rule_id: {"enabled": bool, "severity": "error"|"warning"|"info"}}
PUBLISH_DATE = "publish_date"  # "YYYY-MM-DD" or None (= the day of checking)
HOUSE_AGENCIES = HOUSE_SETTING  # [{"name", "aliases"}]: the catalog's own agencies


# Items a setting change rechecks on the UI thread (~0.3 ms each); more go to a background task.
RECHECK_AT_ONCE = 200
# "Apply every fix" over more selected photos than this works their fixes out on the task
# runner: ~1.2 ms a photo (fix_all, and check_item for a photo not checked yet), so 40 stay
# under the 50 ms a click may take on the UI thread; 2,000 froze the window 2.5 s.
FIX_AT_ONCE = 40
# Photos worked out between two looks at Cancel and two progress reports (~0.1 s of work).
FIX_CHUNK = 100

class SessionSettings(QObject):
    """Per-catalog settings, with the user's QSettings as the default for a new catalog.

    House style, rule configuration and the default publication date travel with
    the catalog (the CLI gates publication with the same ones); QSettings only
    remembers the user's last choice so a new catalog starts from it.
    """

    changed = Signal(str)  # the key that changed

    def __init__(self, catalog: Catalog, qsettings: QSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.qsettings = qsettings if qsettings is not None else QSettings("Creditline", "Creditline")

    def _get(self, key: str, default: Any) -> Any:
        value = self.catalog.get_setting(key, None)
        if value is None:
            value = self.qsettings.value(f"defaults/{key}", None)
        return default if value is None else value

    def _set(self, key: str, value: Any) -> None:
        validation.change_setting(self.catalog, key, value)  # findings under the old value go stale
        if value is None:
            self.qsettings.remove(f"defaults/{key}")
        else:
            self.qsettings.setValue(f"defaults/{key}", value)
        self.changed.emit(key)

    @property
    def house_style(self) -> str | None:
        value = self._get(HOUSE_STYLE, None)
        return str(value) if value else None

    @house_style.setter
    def house_style(self, name: str | None) -> None:
        self._set(HOUSE_STYLE, name)

    @property
    def rules(self) -> dict[str, dict[str, Any]]:
        value = self.catalog.get_setting(RULES, None)  # rule choices are the catalog's own
        return dict(value) if isinstance(value, dict) else {}

    @rules.setter
    def rules(self, config: dict[str, dict[str, Any]]) -> None:
        validation.change_setting(self.catalog, RULES, config)
        self.changed.emit(RULES)

    @property
    def publish_date(self) -> str | None:
        value = self.catalog.get_setting(PUBLISH_DATE, None)
        return str(value) if value else None

    @publish_date.setter
    def publish_date(self, iso_date: str | None) -> None:
        validation.change_setting(self.catalog, PUBLISH_DATE, iso_date or None)
        self.changed.emit(PUBLISH_DATE)

    @property
    def house_agencies(self) -> HouseAgencies:
        """The catalog's own agencies (its paper, partners): ``creditline agencies`` edits the same list."""
        return house_agencies(self.catalog.get_setting(HOUSE_AGENCIES, None))

    @house_agencies.setter
    def house_agencies(self, agencies: HouseAgencies) -> None:
        validation.change_setting(self.catalog, HOUSE_AGENCIES,
                                  [{"name": name, "aliases": list(aliases)} for name, aliases in agencies])
        self.changed.emit(HOUSE_AGENCIES)

    def recent_catalogs(self) -> list[str]:
        value = self.qsettings.value("recent_catalogs", [])
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def remember_catalog(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_catalogs() if p != path]
        self.qsettings.setValue("recent_catalogs", recent[:8])


class Session(QObject):
    """The open catalog and everything the editing widgets share."""

    items_changed = Signal(list)  # item ids whose field values changed
    findings_changed = Signal(list)  # item ids whose stored findings changed
    current_changed = Signal(list)  # the selected item ids
    galleries_changed = Signal()
    current_gallery_changed = Signal(object)  # Gallery | None
    catalog_changed = Signal()  # set_catalog() replaced the catalog
    undo_failed = Signal(str)  # an undo step could not be applied (e.g. its gallery was deleted)
    edit_failed = Signal(str)  # an edit could not be saved (the catalog's disk is full, it is locked)
    # a background save refused: item ids, field keys, why (emitted before the views re-read
    # the items, so the inspector keeps what was typed, as still to save)
    edit_refused = Signal(list, list, str)
    saving_changed = Signal(list)  # item ids a background save is writing now ([]: none)
    recheck_wanted = Signal()  # stale findings of what is shown wait for the window's background check
    # item ids whose stored findings the window's background check is making again ([]: none):
    # made under other settings or for another purpose, their counts are not the view's yet
    checking_changed = Signal(list)
    # item ids a background check was cancelled before it reached ([]: none): their stored
    # findings are another purpose's or other settings', so the view says "not checked yet"
    not_checked_changed = Signal(list)

    def __init__(self, catalog: Catalog, registry: Registry | None = None,
                 qsettings: QSettings | None = None, tasks: TaskRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._registry = registry
        self.undo_stack = QUndoStack(self)
        self.settings = SessionSettings(catalog, qsettings, self)
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self._current: list[int] = []
        self._gallery: Gallery | None = None
        # Background saves: (command, undo?, catalog) waiting, and the ids of the one running.
        self._saves: deque[tuple[EditFieldsCommand, bool, Catalog]] = deque()
        self._save_running = False
        self._saving_ids: list[int] = []
        self._checking: frozenset[int] = frozenset()
        self._not_checked: frozenset[int] = frozenset()
        # Why the last edit_fields was not saved (None: it was), for the field that asked.
        self.edit_error: str | None = None
        self.restore_history()

    @property
    def registry(self) -> Registry:
        """The agencies completion and templates know: the bundled registry and the catalog's own."""
        return self._registry if self._registry is not None else load_registry(self.settings.house_agencies)

    # -- catalog ---------------------------------------------------------------------------------

    def set_catalog(self, catalog: Catalog) -> None:
        """Switch to another catalog: undo history and selection belong to the old one (its
        history is kept in it, and the new one's taken up)."""
        self.save_history()
        self.undo_stack.clear()
        self.catalog = catalog
        self.settings.catalog = catalog
        self.settings.remember_catalog(str(catalog.path))
        self._current = []
        self._gallery = None
        self.restore_history()
        self.catalog_changed.emit()
        self.current_gallery_changed.emit(None)
        self.current_changed.emit([])

    def save_history(self) -> None:
        """Keep the undo history in the catalog (``ui.undo.history_of``): the window closes, or
        another catalog is shown. Nothing on a read-only catalog, or when the write fails."""
        if self.read_only_notice() is not None or self.is_saving():
            return
        try:
            self.catalog.set_setting(HISTORY_SETTING, history_of(self.undo_stack))
        except Exception:  # noqa: BLE001 - a history not kept must never stop a close or a switch
            return

    def restore_history(self) -> None:
        """Take up the undo history the catalog keeps (the steps it still agrees with)."""
        try:
            steps = self.catalog.get_setting(HISTORY_SETTING, None)
        except Exception:  # noqa: BLE001 - an unreadable history is none
            return
        if steps:
            restore_history(self, steps)

    def read_only_notice(self) -> str | None:
        """The one line that says edits are off (the catalog is read-only), or None."""
        return read_only_notice(self.catalog)

    # -- selection -------------------------------------------------------------------------------

    def set_current(self, ids: Iterable[int]) -> None:
        ids = list(dict.fromkeys(int(i) for i in ids))
        if ids != self._current:
            self._current = ids
            self.current_changed.emit(list(ids))

    def current_ids(self) -> list[int]:
        return list(self._current)

    def set_current_gallery(self, gallery: Gallery | None) -> None:
        if (gallery.id if gallery else None) != (self._gallery.id if self._gallery else None):
            self._gallery = gallery
            self.current_gallery_changed.emit(gallery)

    def current_gallery(self) -> Gallery | None:
        return self._gallery

    # -- editing ---------------------------------------------------------------------------------

    def edit_fields(self, changes: dict[int, dict[str, Value]], text: str,
                    merge_key: object | None = None) -> bool:
        """Set field values as ONE undo step; False when nothing actually changes.

        ``merge_key`` (used by the inspector while typing) lets consecutive edits
        with the same key fold into the previous undo step.
        """
        self.edit_error = None
        if not changes:
            return False
        notice = self.read_only_notice()
        if notice is not None:
            # Refused before the undo stack: a step that cannot be saved is no step, and the
            # field that asked keeps what was typed, with this line under it (never silently lost).
            self.edit_error = notice
            self.edit_failed.emit(notice)
            return False
        if len(changes) > BACKGROUND_LIMIT or self.is_saving():
            # Read, written and checked on the task runner; True although it may turn out
            # to change nothing (the step then does nothing on undo and redo).
            self.undo_stack.push(EditFieldsCommand(self, {}, {}, text, merge_key, requested=changes))
            return True
        items = {it.id: it for it in self.catalog.items(list(changes))}
        new: Changes = {}
        old: Changes = {}
        for item_id, values in changes.items():
            item = items.get(item_id)
            if item is None:
                raise KeyError(f"no item {item_id} in the catalog")
            for key, value in values.items():
                wanted = normalize_value(key, value)
                before = normalize_value(key, item.fields.get(key))
                if wanted != before:
                    new.setdefault(item_id, {})[key] = wanted
                    old.setdefault(item_id, {})[key] = before
        if not new:
            return False
        self.undo_stack.push(EditFieldsCommand(self, new, old, text, merge_key))
        return self.edit_error is None

    # -- background saves ------------------------------------------------------------------------

    def is_saving(self) -> bool:
        """A background save runs or waits."""
        return self._save_running or bool(self._saves)

    def saving_ids(self) -> list[int]:
        """The items the running background save writes."""
        return list(self._saving_ids)

    def checking_ids(self) -> frozenset[int]:
        """The items whose findings the window's background check is making again."""
        return self._checking

    def set_checking(self, ids: Iterable[int]) -> None:
        """Say which items' stored findings are being checked again (``checking_changed``)."""
        ids = frozenset(ids)
        if ids != self._checking:
            self._checking = ids
            self.checking_changed.emit(sorted(ids))

    def not_checked_ids(self) -> frozenset[int]:
        """The items of the view its cancelled check did not reach (``set_not_checked``)."""
        return self._not_checked

    def set_not_checked(self, ids: Iterable[int]) -> None:
        """Say which items of the view are not checked for it yet: the window's check was
        cancelled before it reached them (``not_checked_changed``)."""
        ids = frozenset(ids)
        if ids != self._not_checked:
            self._not_checked = ids
            self.not_checked_changed.emit(sorted(ids))

    def run_edit(self, command: EditFieldsCommand, undo: bool) -> None:
        """Apply an edit step (its redo or undo): a small one at once, a big one (or any while
        a background save runs or waits) on the task runner, after the saves before it."""
        if command.requested is None and not self.is_saving():
            values = command.old if undo else command.new
            if len(values) <= BACKGROUND_LIMIT:
                try:
                    with self.catalog.waiting_at_most(UI_WAIT_S):
                        self.write_values(values)
                    return
                except sqlite3.Error as exc:
                    if not is_busy(exc):
                        self._not_saved(command, undo, exc)
                        return
                # Another program holds the catalog: the background save waits for it (and
                # the edits after this one queue behind it, in order).
        self._saves.append((command, undo, self.catalog))
        self._start_save()

    def _not_saved(self, command: EditFieldsCommand, undo: bool, exc: sqlite3.Error) -> None:
        """A step the catalog refused (its transaction rolled back): the seventh walk typed a
        headline on a full disk and the field kept it, the tile and the catalog did not, and
        nothing said so (a traceback on stderr). The step leaves the stack - obsolete, and
        never merged into the typing before it - and the editor is told in one line."""
        why = _why(exc, self.catalog)
        command.merge_key = object()
        command.setObsolete(True)
        if undo:
            self.undo_failed.emit(f"{command.label}: {why}")
        else:
            command.new, command.old = {}, {}
            self.edit_error = why
            self.edit_failed.emit(f"{command.label}: {why}")

    def _start_save(self) -> None:
        if self._save_running or not self._saves:
            return
        command, undo, catalog = self._saves.popleft()
        if command.requested is not None and not undo:
            values, requested = command.requested, True
        else:  # an undo always follows its redo's save, which filled new/old in (or failed: {})
            values, requested = (command.old if undo else command.new), False
        ids = sorted(values)
        self._save_running = True
        self._saving_ids = ids
        self.saving_changed.emit(list(ids))
        noun = "item" if len(ids) == 1 else "items"
        self.tasks.submit(
            save_edit, catalog, values, requested, self.current_gallery(), name=f"Saving {len(ids):,} {noun}",
            show_progress=True, stoppable=False,
            on_result=lambda result, c=command, u=undo: self._save_landed(c, u, result),
            on_error=lambda message, _tb, c=command, u=undo, i=ids: self._save_failed(c, u, i, message),
            on_done=self._save_done)

    def _save_landed(self, command: EditFieldsCommand, undo: bool,
                     result: tuple[list[int], Changes, Changes, bool]) -> None:
        written, new, old, rechecked = result
        if command.requested is not None and not undo:
            command.requested, command.new, command.old = None, new, old
        if written:
            self.items_changed.emit(list(written))
            self.findings_changed.emit(list(written))
            if not rechecked:  # saved, findings left stale: the window's background check
                self.recheck_wanted.emit()

    def _save_failed(self, command: EditFieldsCommand, undo: bool, ids: list[int], message: str) -> None:
        asked = command.requested if command.requested is not None else command.new
        keys = sorted({k for values in (asked or {}).values() for k in values})
        if command.requested is not None:  # its transaction rolled back: the step does nothing
            command.requested, command.new, command.old = None, {}, {}
        why = message.removeprefix("CatalogError: ")
        if undo:
            self.undo_failed.emit(f"{command.label}: {why}")
        else:  # a step the catalog never took: it does nothing on undo, and the editor is told
            command.new, command.old = {}, {}
            self.edit_refused.emit(list(ids), keys, why)
            self.edit_failed.emit(f"{command.label}: {why}")
        # The views show what the catalog holds (an error after the write, in a rule, is possible).
        self.items_changed.emit(list(ids))
        self.findings_changed.emit(list(ids))

    def _save_done(self) -> None:
        self._save_running = False
        self._saving_ids = []
        if self._saves:
            self._start_save()
        else:
            self.saving_changed.emit([])

    def write_values(self, values: Changes) -> None:
        """Write values straight to the catalog (small undo steps call this), then refresh."""
        if not values:
            return
        self.catalog.set_fields_many(values)
        ids = sorted(values)
        self.items_changed.emit(ids)
        self.refresh_findings(ids)

    def refresh_findings(self, ids: list[int]) -> None:
        """Recompute the findings of these items only (never the whole gallery per keystroke)."""
        validation.refresh_findings(self.catalog, ids, ctx=self.rule_context())
        self.findings_changed.emit(list(ids))

    def rule_context(self) -> Any:
        """The rules' context for what the editor is looking at: the current gallery's purpose
        (news, web) counts, as it does at import and in `check --gallery` (a web gallery's
        "no alt text" is a warning; rechecked without it, every one became a note)."""
        return rule_context_for(self.catalog, self.current_gallery())

    def recheck_shown(self) -> None:
        """A setting the rules read changed (Settings, Add to Dictionary): the findings of what
        the editor is looking at, the current gallery or else the current items, follow at once.
        A gallery bigger than ``RECHECK_AT_ONCE`` is not checked on the UI thread: the selected
        photos are, and the rest (stale since the setting changed) is left to the window's
        background check (``recheck_wanted``)."""
        gallery = self.current_gallery()
        ids = self.catalog.gallery_item_ids(gallery.id) if gallery is not None else self.current_ids()
        if len(ids) > RECHECK_AT_ONCE:
            ids = self.current_ids()[:RECHECK_AT_ONCE]
            self.recheck_wanted.emit()
        if ids:
            self.refresh_findings(ids)

    def date_words(self) -> DateWords:
        """The words templates write dates in: the house style's language, else the desk's."""
        return style_date_words(self.settings.house_style, desk_language(self.catalog))

    def apply_template(self, template: Template, ids: Iterable[int]) -> int:
        """Apply a metadata template (variables expanded per item) as one undo step.

        Returns the number of items changed.
        """
        changes = template_changes(template, self.catalog.items(list(ids)), self.registry,
                                   codes.load(self.catalog), self.date_words())
        if not changes:
            return 0
        self.edit_fields(changes, f"Apply template \u201c{template.name}\u201d")
        return len(changes)

    def apply_fix(self, item_id: int, finding: Finding) -> bool:
        """Apply one finding's fix as one undo step."""
        if finding.fix is None:
            raise ValueError(f"finding {finding.rule!r} has no fix")
        item = self.catalog.item(item_id)
        fixed = apply_fixes(item.fields.get(finding.fix.field), finding.fix.field, [finding.fix])
        if fixed is None:
            return False
        return self.edit_fields({item_id: {finding.fix.field: fixed}}, finding.fix.label)

    def apply_all_fixes(self, item_id: int) -> bool:
        """Every fix offered on one item, applied until none is left to apply (``fix_all``), as
        one undo step. False when there was nothing to fix."""
        item = self.catalog.item(item_id)
        shown = self.catalog.findings([item_id]).get(item_id)
        changes = fix_all(item, self.rule_context(), shown)
        if not changes:
            return False
        return self.edit_fields({item_id: changes}, "Apply every fix of the photo")

    def apply_all_fixes_of(self, item_ids: Iterable[int],
                           on_done: Callable[[AllFixes], None] | None = None,
                           on_progress: Callable[[int, int], None] | None = None) -> Task | None:
        """Every fix offered on each of ``item_ids`` (``fix_all``, photo by photo), as ONE undo
        step: a desk that selected 30 photos undoes "fix them all" at once. Nothing is applied to
        a photo not given. ``on_done`` hears what was applied (``AllFixes``).

        Up to ``FIX_AT_ONCE`` photos the fixes are worked out here and applied at once (None is
        returned). More are worked out on the task runner (~1.2 ms a photo: 2,000 froze the
        window 2.5 s), with progress and Cancel in the status bar; the returned task is that
        work. Its one ``edit_fields`` runs here, on the UI thread, when the work lands, and only
        for the photos whose text is still what the work read: the others are counted in
        ``AllFixes.stale``. Cancelled, nothing is applied."""
        ids = list(dict.fromkeys(item_ids))
        catalog = self.catalog
        if len(ids) <= FIX_AT_ONCE:
            prepared = prepare_all_fixes(None, catalog, ids, self.current_gallery())
            outcome = self._apply_prepared(ids, prepared, catalog)
            if on_done is not None:
                on_done(outcome)
            return None

        def landed(prepared: PreparedFixes | None) -> None:
            if prepared is None or task.cancel_event.is_set():  # a Cancel before it landed, too
                outcome = AllFixes(len(ids), cancelled=True)
            else:
                outcome = self._apply_prepared(ids, prepared, catalog)
            if on_done is not None:
                on_done(outcome)

        def failed(message: str, _tb: str) -> None:
            if on_done is not None:
                on_done(AllFixes(len(ids), error=message))

        task = self.tasks.submit(
            prepare_all_fixes, catalog, ids, self.current_gallery(), name="Preparing fixes",
            show_progress=True, on_result=landed, on_error=failed,
            on_progress=(lambda done, total, _text: on_progress(done, total)) if on_progress else None)
        return task

    def _apply_prepared(self, ids: list[int], prepared: PreparedFixes, catalog: Catalog) -> AllFixes:
        """The one undo step of ``apply_all_fixes_of``, of the photos whose text is still what
        was read when their fixes were worked out (an edit typed meanwhile is never overwritten
        with a fix of the text before it)."""
        if catalog is not self.catalog:  # another catalog was opened meanwhile: not its photos
            return AllFixes(len(ids), cancelled=True)
        changes: Changes = {}
        stale = 0
        if prepared.changes:
            pending = self._pending_save_ids()
            now = {it.id: it.fields for it in catalog.items(list(prepared.changes), details=False)}
            for item_id, item_changes in prepared.changes.items():
                if item_id in pending or now.get(item_id) != prepared.read[item_id]:
                    stale += 1
                else:
                    changes[item_id] = item_changes
        if not changes:
            return AllFixes(len(ids), stale=stale)
        count = len(changes)
        if not self.edit_fields(changes, f"Apply every fix of {count} photo{'s' if count != 1 else ''}"):
            return AllFixes(len(ids), stale=stale, error=self.edit_error)
        return AllFixes(len(ids), sum(prepared.fixes[i] for i in changes), count, stale)

    def _pending_save_ids(self) -> set[int]:
        """Photos a background save writes or will write: the catalog does not hold their new
        text yet, so a text read now would look unchanged."""
        pending = set(self._saving_ids)
        for command, undo, _catalog in self._saves:
            values = command.requested if command.requested is not None and not undo else \
                (command.old if undo else command.new)
            pending.update(values or {})
        return pending

    def fixes_everywhere(self, rule_id: str, gallery: Gallery | int | str | None = None,
                         item_ids: Iterable[int] | None = None) -> tuple[Changes, Changes, str]:
        """What "Apply this fix everywhere" would change: every fix of ``rule_id`` across a
        gallery (or the given items), as (new values, old values, the first fix's label),
        nothing changed yet, so the editor can see it first."""
        if gallery is not None:
            gallery_id = gallery.id if isinstance(gallery, Gallery) else self.catalog.gallery(gallery).id
            ids = self.catalog.gallery_item_ids(gallery_id)
        elif item_ids is not None:
            ids = list(item_ids)
        else:
            raise ValueError("apply_fix_everywhere needs a gallery or item ids")
        findings = self.catalog.findings(ids)
        items = {it.id: it for it in self.catalog.items(ids)}
        changes: Changes = {}
        old: Changes = {}
        label = ""
        for item_id, item_findings in findings.items():
            if item_id not in items:  # deleted since its findings were stored
                continue
            fixes = [f.fix for f in item_findings if f.rule == rule_id and f.fix is not None]
            label = label or (fixes[0].label if fixes else "")
            by_field: dict[str, list[Fix]] = {}
            for fix in fixes:
                by_field.setdefault(fix.field, []).append(fix)
            for key, field_fixes in by_field.items():
                fixed = apply_fixes(items[item_id].fields.get(key), key, field_fixes)
                if fixed is not None:
                    changes.setdefault(item_id, {})[key] = fixed
                    old.setdefault(item_id, {})[key] = items[item_id].fields.get(key)
        return changes, old, label

    def apply_fix_everywhere(self, rule_id: str, gallery: Gallery | int | str | None = None,
                             item_ids: Iterable[int] | None = None,
                             changes: Changes | None = None) -> int:
        """Apply every fix of ``rule_id`` across a gallery (or the given items) as one undo step;
        ``changes``: those ``fixes_everywhere`` gave (the ones the editor saw).

        Returns the number of items changed.
        """
        label = ""
        if changes is None:
            changes, _old, label = self.fixes_everywhere(rule_id, gallery, item_ids)
        if not changes:
            return 0
        count = len(changes)
        if count > 1 or not label:
            # Each item gets its own fix: the first one's words ("Add the credit REUTERS/Ada
            # Brin") would misname the step in Edit > Undo.
            from app.rules.base import RULES  # noqa: PLC0415

            title = RULES[rule_id].title if rule_id in RULES else rule_id
            label = f"Fix “{title}” on {count} item{'s' if count != 1 else ''}"
        self.edit_fields(changes, label)
        return count


@dataclass
class PreparedFixes:
    """What ``prepare_all_fixes`` worked out: the changes of each photo that has any, the
    working values each was read with, and how many fixes each was offered."""

    changes: Changes
    read: dict[int, dict[str, Value]]
    fixes: dict[int, int]


@dataclass
class AllFixes:
    """What "Apply every fix" over several photos did: of ``photos`` photos, ``changed`` took
    ``fixes`` fixes; ``stale`` were left because their text changed after it was read;
    ``cancelled``: nothing applied; ``error``: the step was refused (nothing applied)."""

    photos: int
    fixes: int = 0
    changed: int = 0
    stale: int = 0
    cancelled: bool = False
    error: str | None = None

    @property
    def without(self) -> int:
        """Photos that had nothing to fix."""
        return self.photos - self.changed - self.stale


def prepare_all_fixes(ctx: TaskContext | None, catalog: Catalog, ids: list[int],
                      gallery: Gallery | None) -> PreparedFixes:
    """The changes ``fix_all`` makes on each photo of ``ids``, nothing written: on the task
    runner for many photos (``ctx``: progress, and Cancel between chunks), at once for a few
    (``ctx`` None). A photo not checked yet is checked here, so its fixes are counted."""
    rule_ctx = rule_context_for(catalog, gallery)
    prepared = PreparedFixes({}, {}, {})
    for start in range(0, len(ids), FIX_CHUNK):
        if ctx is not None:
            ctx.check()
        chunk = ids[start:start + FIX_CHUNK]
        shown = catalog.findings(chunk)
        for item in catalog.items(chunk):
            found = shown[item.id] if item.id in shown else check_item(item, rule_ctx)
            item_changes = fix_all(item, rule_ctx, found)
            if item_changes:
                prepared.changes[item.id] = item_changes
                prepared.read[item.id] = dict(item.fields)
                prepared.fixes[item.id] = sum(1 for f in found if f.fix is not None)
        if ctx is not None:
            ctx.progress(min(start + FIX_CHUNK, len(ids)), len(ids), "photos")
    return prepared


def rule_context_for(catalog: Catalog, gallery: Gallery | None) -> Any:
    """``validation.context_for`` with the purpose of ``gallery`` (None: no gallery's)."""
    rule_ctx = validation.context_for(catalog)
    if gallery is not None:
        rule_ctx.gallery.update(validation.gallery_purpose(gallery))
    return rule_ctx


def save_edit(ctx: TaskContext, catalog: Catalog, values: Changes,
              requested: bool, gallery: Gallery | None = None) -> tuple[list[int], Changes, Changes, bool]:
    """On the task runner: write ``values`` in ONE transaction, then re-check the findings of
    the items written. Never cancelled half-way (the cancel flag is not looked at).

    ``requested``: the values asked for; the old ones are read in the same transaction and
    only real changes written. Returns (ids written, new values, old values, whether their
    findings were re-checked).

    While another program holds the catalog, the save waits for it (up to ``SAVE_PATIENCE_S``)
    and says so; it then fails with one line, and the transaction leaves nothing half done.
    """
    ids = list(values)
    total = len(ids) * (3 if requested else 2)
    state = {"done": 0}

    def store() -> tuple[Changes, Changes]:
        done = state["done"]
        new: Changes = {}
        old: Changes = {}
        with catalog.batch():
            if requested:
                for start in range(0, len(ids), SAVE_CHUNK):
                    chunk = ids[start:start + SAVE_CHUNK]
                    items = {it.id: it for it in catalog.items(chunk)}
                    for item_id in chunk:
                        item = items.get(item_id)
                        if item is None:
                            raise KeyError(f"no item {item_id} in the catalog")
                        for key, value in values[item_id].items():
                            wanted = normalize_value(key, value)
                            before = normalize_value(key, item.fields.get(key))
                            if wanted != before:
                                new.setdefault(item_id, {})[key] = wanted
                                old.setdefault(item_id, {})[key] = before
                    done += len(chunk)
                    ctx.progress(done, total, "reading")
            else:
                new = values
            for start in range(0, len(new), SAVE_CHUNK):
                chunk = list(new)[start:start + SAVE_CHUNK]
                catalog.set_fields_many({i: new[i] for i in chunk})
                done += len(chunk)
                ctx.progress(done, total, "writing")
        state["done"] = done
        return new, old

    new, old = _patiently(ctx, catalog, store)
    if requested:
        total = len(ids) + 2 * len(new)  # only real changes are written and checked
    written = list(new)
    if written:
        rule_ctx = rule_context_for(catalog, gallery)
        for start in range(0, len(written), SAVE_CHUNK):
            chunk = written[start:start + SAVE_CHUNK]
            try:
                _patiently(ctx, catalog, lambda chunk=chunk: validation.refresh_findings(catalog, chunk, ctx=rule_ctx))
            except CatalogError:
                # The values are in and the step stands; their findings stay marked stale, for
                # the window's background check (set_fields_many marked them).
                return sorted(written), new, old, False
            state["done"] += len(chunk)
            ctx.progress(state["done"], total, "checking")
    return sorted(written), new, old, True


T = TypeVar("T")

# How long a background save waits for another program that holds the catalog, in all.
SAVE_PATIENCE_S = 120.0


def _why(exc: sqlite3.Error, catalog: Catalog) -> str:
    """Why the catalog refused a step, in words (the step's own failure: nothing of it landed)."""
    return describe_error(exc, catalog.path).split("; nothing was changed")[0]


def _patiently(ctx: TaskContext, catalog: Catalog, step: Callable[[], T]) -> T:
    """``step()``, tried again while another program holds the catalog (each try waits
    SQLite's busy timeout); then the failure in words, as one line."""
    from app.catalog import BUSY_TIMEOUT_S  # noqa: PLC0415 - read now: tests shorten it

    waited = 0.0
    while True:
        try:
            return step()
        except sqlite3.Error as exc:
            if not is_busy(exc):
                raise CatalogError(_why(exc, catalog)) from exc
            waited += BUSY_TIMEOUT_S
            if waited >= SAVE_PATIENCE_S:
                raise CatalogError(f"the catalog is busy: another program held it for {waited:.0f} s;"
                                   " nothing was saved") from exc
            ctx.progress(0, 0, "waiting for the catalog: another program is writing to it")


