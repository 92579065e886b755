"""Inspector: a big selection is read off the UI thread.

Selecting 5,000 photos (Ctrl+A in a big library) must not freeze the window: the
inspector says "Loading 5,000 photos…" with blank, read-only fields while the
task runner reads them; a newer selection wins over an older read; once loaded,
an edit applies to every selected photo as one undo step.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import ui.inspector as inspector_module  # noqa: E402
from tests.uisession import make_big_catalog, session_on_copy  # noqa: E402
from ui.inspector import MULTIPLE, SYNC_LIMIT, Inspector  # noqa: E402

N = 5000


@pytest.fixture(scope="module")
def big_catalog_file(tmp_path_factory) -> Path:
    """5,000 photos, every tenth with an error."""
    return make_big_catalog(tmp_path_factory.mktemp("big") / "catalog.sqlite", N, error_every=10)


@pytest.fixture
def big_session(big_catalog_file, tmp_path, qapp):
    session = session_on_copy(big_catalog_file, tmp_path)
    yield session
    session.tasks.wait(10000)
    session.catalog.close()


@pytest.fixture
def inspector(big_session, qtbot):
    w = Inspector(big_session)
    qtbot.addWidget(w)
    w.resize(420, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _all_ids(session) -> list[int]:
    return session.catalog.item_ids()


def test_the_event_loop_keeps_ticking_while_5000_photos_load(big_session, inspector, qtbot, ticker):
    ids = _all_ids(big_session)
    assert len(ids) == N
    with qtbot.waitSignal(inspector.loaded, timeout=20000):
        big_session.set_current(ids)
        returned = time.monotonic()

        # Loading: said so, and nothing can be typed into the fields meanwhile.
        assert inspector.is_loading()
        assert "Loading 5,000 photos…" in inspector.summary.text()
        headline = inspector.editors["headline"]
        assert all(ed.editor.isReadOnly() for ed in inspector.editors.values())
        assert headline.text() == "" and headline.editor.placeholderText() == "Loading…"
        qtbot.keyClicks(headline.editor, "Too early")
        headline.flush()
        assert headline.text() == "" and big_session.undo_stack.count() == 0
    loaded_at = time.monotonic()

    # The event loop ran while the items were read (a read on the UI thread is one ~400 ms
    # piece: no tick in it). How long each gap is, is a speed figure: bench/, not a test.
    during = [t for t in ticker if returned <= t <= loaded_at]
    assert len(during) >= 5, len(during)
    assert not inspector.is_loading()
    assert not any(ed.editor.isReadOnly() for ed in inspector.editors.values())
    assert inspector.item_ids() == ids
    assert "5,000 photos selected" in inspector.summary.text()
    assert "500 errors</span> in 500 of 5,000 photos" in inspector.summary.text()
    assert headline.mixed and headline.editor.placeholderText() == MULTIPLE
    assert inspector.editors["city"].text() == "Porto"
    assert "500 of 5,000 photos" in inspector.editors["caption"].issues.text()


def test_a_small_selection_is_shown_at_once(big_session, inspector):
    ids = _all_ids(big_session)[:SYNC_LIMIT]
    big_session.set_current(ids)  # no loading state: the values are there on return
    assert not inspector.is_loading()
    assert inspector.item_ids() == ids
    assert inspector.editors["city"].text() == "Porto"
    assert not inspector.editors["city"].editor.isReadOnly()


@pytest.fixture
def held_first_read(monkeypatch):
    """The first background read reads, then waits for the test before it returns (ignoring
    cancellation, like a slow disk), so a second selection or a change is made meanwhile."""
    release, started = threading.Event(), threading.Event()
    real = inspector_module.read_selection
    calls = []

    def held(ctx, catalog, ids, *args, **kwargs):
        if ctx is not None:
            calls.append(len(ids))
            if len(calls) == 1:  # read now, deaf to the cancel, and return late: a stale result
                result = real(None, catalog, ids, *args, **kwargs)
                started.set()
                release.wait(10)
                return result
        return real(ctx, catalog, ids, *args, **kwargs)

    monkeypatch.setattr(inspector_module, "read_selection", held)
    yield started, release, calls
    release.set()


def test_a_second_big_selection_made_while_the_first_loads_wins(big_session, inspector, qtbot, held_first_read):
    started, release, calls = held_first_read
    ids = _all_ids(big_session)
    first, second = ids, ids[1000:1200]
    big_session.set_current(first)
    assert started.wait(5)
    with qtbot.waitSignal(inspector.loaded, timeout=20000):
        big_session.set_current(second)
        assert "Loading 200 photos…" in inspector.summary.text()
    assert inspector.item_ids() == second
    assert "200 photos selected" in inspector.summary.text()

    release.set()  # the first read now returns all 5,000: it must be dropped
    qtbot.waitUntil(lambda: big_session.tasks.is_idle(), timeout=10000)
    qtbot.wait(50)
    assert calls[:2] == [N, 200]
    assert inspector.item_ids() == second
    assert "200 photos selected" in inspector.summary.text()
    assert not inspector.is_loading()


def test_a_small_selection_made_while_a_big_one_loads_wins(big_session, inspector, qtbot, held_first_read):
    started, release, _calls = held_first_read
    ids = _all_ids(big_session)
    big_session.set_current(ids)
    assert started.wait(5)
    big_session.set_current([ids[7]])  # read at once
    assert not inspector.is_loading() and inspector.item_ids() == [ids[7]]
    assert inspector.editors["headline"].text() == "Storm day 0"
    release.set()
    qtbot.waitUntil(lambda: big_session.tasks.is_idle(), timeout=10000)
    qtbot.wait(50)
    assert inspector.item_ids() == [ids[7]]
    assert inspector.editors["headline"].text() == "Storm day 0"
    assert not inspector.editors["headline"].editor.isReadOnly()
    assert "IMG_000007.jpg" in inspector.summary.text()


def test_an_edit_after_the_load_applies_to_all_selected_as_one_undo_step(big_session, inspector, qtbot):
    ids = _all_ids(big_session)[:700]  # read in the background too (the edit itself is not: 5,000 take 4 s)
    assert len(ids) > SYNC_LIMIT
    with qtbot.waitSignal(inspector.loaded, timeout=20000):
        big_session.set_current(ids)
    headline = inspector.editors["headline"]
    assert headline.mixed
    qtbot.keyClicks(headline.editor, "Storm Elowen")
    with qtbot.waitSignal(inspector.loaded, timeout=20000):  # the values are read again after the save
        headline.flush()
    assert big_session.undo_stack.count() == 1
    assert big_session.undo_stack.undoText() == "Edit Headline on 700 items"
    cat = big_session.catalog
    assert {it.fields["headline"] for it in cat.items(ids, details=False)} == {"Storm Elowen"}
    assert headline.text() == "Storm Elowen" and not headline.mixed
    assert headline.badge.text() == "edited"

    with qtbot.waitSignal(inspector.loaded, timeout=20000):
        big_session.undo_stack.undo()
    assert {it.fields["headline"] for it in cat.items(ids, details=False)} == {f"Storm day {i}" for i in range(7)}
    assert headline.mixed and headline.text() == ""


def test_a_change_to_the_items_while_they_load_is_not_lost(big_session, inspector, qtbot, held_first_read):
    started, release, calls = held_first_read
    ids = _all_ids(big_session)[:300]
    big_session.set_current(ids)
    assert started.wait(5)  # the first read has read "Porto" everywhere and waits to return it
    with qtbot.waitSignal(inspector.loaded, timeout=20000):
        big_session.write_values({ids[3]: {"city": "Lisbon"}})  # an undo, a template, a fix...
    city = inspector.editors["city"]
    assert city.mixed and city.text() == ""
    release.set()
    qtbot.waitUntil(lambda: big_session.tasks.is_idle(), timeout=10000)
    qtbot.wait(50)
    assert calls[:2] == [300, 300]
    assert city.mixed and city.text() == ""  # the stale read was dropped
