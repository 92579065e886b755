"""A big edit (typing into 5,000 selected photos) is saved off the UI thread.

More than ``BACKGROUND_LIMIT`` items: the old values are read, the new ones written in
one transaction and the findings re-checked on the task runner, with progress; the
inspector is read-only ("Saving 5,000 photos…") until it lands; it is one undo step,
and its undo and redo run the same way. A small edit is still applied at once.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from app.catalog import Catalog  # noqa: E402
from tests.uisession import HANG_GUARD_MS, make_big_catalog, session_on_copy, wait_idle, wait_until  # noqa: E402
from ui.inspector import Inspector  # noqa: E402
from ui.session import BACKGROUND_LIMIT  # noqa: E402

N = 5000


@pytest.fixture(scope="module")
def big_catalog_file(tmp_path_factory) -> Path:
    return make_big_catalog(tmp_path_factory.mktemp("bigsave") / "catalog.sqlite", N)


@pytest.fixture
def big_session(big_catalog_file, tmp_path, qapp, qtbot):
    session = session_on_copy(big_catalog_file, tmp_path)
    yield session
    wait_idle(qtbot, session.tasks)  # a save still running must land before its catalog closes
    session.catalog.close()


def _credits(session, ids) -> set[str]:  # noqa: ANN001
    return {it.fields.get("credit_line") for it in session.catalog.items(ids, details=False)}


def _wait_saved(qtbot, session) -> None:  # noqa: ANN001
    """Until the save (and what queued behind it) has landed: the runner's ``idle``, not a time
    (a 5,000-photo save under another suite's load passed the old 60 s bound)."""
    wait_idle(qtbot, session.tasks)
    assert not session.is_saving()  # idle came after the save's callbacks ran


def test_a_big_edit_is_saved_in_the_background_as_one_undo_step(big_session, qtbot, ticker):
    session = big_session
    ids = session.catalog.item_ids()
    assert len(ids) == N
    progress: list[tuple[int, int]] = []
    session.tasks.progress.connect(lambda _task, done, total, _text: progress.append((done, total)))
    assert session.edit_fields({i: {"credit_line": "AFP"} for i in ids}, "Edit Credit line on 5,000 items")
    returned = time.monotonic()
    assert session.is_saving() and len(session.saving_ids()) == N  # returned before the save: it runs elsewhere
    assert _credits(session, ids) != {"AFP"}
    assert session.undo_stack.count() == 1
    _wait_saved(qtbot, session)
    landed = time.monotonic()

    during = [t for t in ticker if returned <= t <= landed]
    assert len(during) >= 5, len(during)  # the event loop ran during the save (gap lengths are bench figures)
    assert progress and progress[-1][0] == progress[-1][1]
    assert _credits(session, ids) == {"AFP"}
    assert not session.catalog.stale_item_ids()  # the findings were re-checked

    session.undo_stack.undo()  # one step restores all of them, in the background too
    assert session.is_saving()
    _wait_saved(qtbot, session)
    assert _credits(session, ids) == {"REUTERS"}
    session.undo_stack.redo()
    _wait_saved(qtbot, session)
    assert _credits(session, ids) == {"AFP"}
    assert session.undo_stack.count() == 1


def test_a_small_edit_is_applied_at_once(big_session):
    session = big_session
    ids = session.catalog.item_ids()[:BACKGROUND_LIMIT]
    assert session.edit_fields({i: {"credit_line": "AP"} for i in ids}, "Edit")
    assert not session.is_saving() and session.tasks.is_idle()
    assert _credits(session, ids) == {"AP"}
    session.undo_stack.undo()
    assert _credits(session, ids) == {"REUTERS"}


def test_edits_during_a_big_save_queue_behind_it_in_order(big_session, qtbot):
    session = big_session
    ids = session.catalog.item_ids()
    session.edit_fields({i: {"credit_line": "AFP"} for i in ids}, "Edit all")
    assert session.edit_fields({ids[0]: {"credit_line": "EPA"}}, "Edit one")  # queued, not lost
    session.undo_stack.undo()  # undoes "Edit one" after it has been saved
    session.undo_stack.redo()
    _wait_saved(qtbot, session)
    assert session.undo_stack.count() == 2
    assert _credits(session, ids[:1]) == {"EPA"} and _credits(session, ids[1:]) == {"AFP"}
    session.undo_stack.undo()  # small and nothing running: at once
    assert _credits(session, ids[:1]) == {"AFP"}
    session.undo_stack.undo()
    _wait_saved(qtbot, session)
    assert _credits(session, ids) == {"REUTERS"}


def test_the_inspector_is_read_only_while_its_items_are_saved(big_session, qtbot):
    session = big_session
    w = Inspector(session)
    qtbot.addWidget(w)
    w.show()
    ids = session.catalog.item_ids()
    with qtbot.waitSignal(w.loaded, timeout=HANG_GUARD_MS):
        session.set_current(ids)
    credit = w.editors["credit_line"]
    credit.editor.selectAll()
    qtbot.keyClicks(credit.editor, "REUTERS / AFP")
    credit.flush()
    assert w.is_saving()
    assert "Saving 5,000 photos…" in w.summary.text()
    assert all(ed.editor.isReadOnly() for ed in w.editors.values())
    assert credit.text() == "REUTERS / AFP"
    _wait_saved(qtbot, session)
    wait_until(qtbot, lambda: not w.is_loading() and session.tasks.is_idle())
    assert not w.is_saving()
    assert not any(ed.editor.isReadOnly() for ed in w.editors.values())
    assert "5,000 photos selected" in w.summary.text()
    assert _credits(session, ids) == {"REUTERS / AFP"}
    assert session.undo_stack.count() == 1


def test_closing_the_catalog_waits_for_the_save(big_session, qtbot):
    """A wind-down cancels every task; a save ignores it and lands whole."""
    session = big_session
    ids = session.catalog.item_ids()
    session.edit_fields({i: {"credit_line": "AFP"} for i in ids}, "Edit all")
    assert not session.tasks.stop_all()  # what a catalog switch or a closing window does
    wait_idle(qtbot, session.tasks)
    assert not session.is_saving()
    assert _credits(session, ids) == {"AFP"}


def test_closing_the_window_during_a_big_save_lands_it_first(big_catalog_file, tmp_path, qtbot, settings):
    from tests.uisession import open_window  # noqa: PLC0415

    path = tmp_path / "window.sqlite"
    shutil.copy(big_catalog_file, path)
    cat = Catalog.open(path)
    w = open_window(qtbot, cat, settings)
    ids = cat.item_ids()
    try:
        w.session.edit_fields({i: {"credit_line": "AFP"} for i in ids}, "Edit all")
        assert w.session.is_saving()
        assert w.job_label.text().startswith("Saving 5,000 items")  # the status bar's progress
        assert not w.cancel_button.isEnabled()  # a save runs to its end: no Cancel that does nothing
        w.cancel_jobs()
        assert w.session.is_saving() and w.job_label.text().startswith("Saving 5,000 items")
        assert not w.close()  # not yet: the window closes once the save has landed
        wait_until(qtbot, lambda: not w.isVisible())
        assert not w.session.is_saving()
    finally:
        wait_idle(qtbot, w.runner)
        cat.close()
    with Catalog.open(path) as again:
        assert {it.fields.get("credit_line") for it in again.items(ids, details=False)} == {"AFP"}
