"""Catalog.watch_changes: another process's commits are seen, this catalog's own are not."""

from __future__ import annotations

import threading

from app.catalog import Catalog


def _in_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_a_second_catalog_connection_is_seen_and_own_work_is_not(catalog):
    item = catalog.add_caption_item({"caption": "Water rises in Lisbon."})
    watch = catalog.watch_changes()
    assert not watch.poll()
    # This catalog's own commits: on the polling thread, and on a worker thread (which moves
    # data_version, as the window's background checks do).
    catalog.set_fields(item, {"headline": "Flood"})
    assert not watch.poll()
    _in_thread(lambda: catalog.set_fields(item, {"headline": "Flood, day two"}))
    assert catalog.data_version() != watch._version  # data_version alone would call it outside
    assert not watch.poll()
    # Another connection (the CLI on the same file).
    other = Catalog.open(catalog.path)
    try:
        other.set_fields(item, {"caption": "Water rises in Porto."})
        assert watch.poll()
        assert not watch.poll()  # said once
        # Both in one interval: own worker commit and the other's.
        _in_thread(lambda: catalog.set_fields(item, {"headline": "Flood, day three"}))
        other.create_gallery("Floods")
        assert watch.poll()
        _in_thread(lambda: catalog.set_fields(item, {"headline": "Flood, day four"}))
        assert not watch.poll()
    finally:
        other.close()


def test_a_writer_that_does_not_count_is_seen(catalog):
    import sqlite3  # noqa: PLC0415

    item = catalog.add_caption_item({"caption": "Water rises in Lisbon."})
    watch = catalog.watch_changes()
    conn = sqlite3.connect(str(catalog.path))  # the sqlite3 shell, an older Creditline
    try:
        conn.execute("UPDATE items SET headline = 'Flood' WHERE id = ?", (item,))
        conn.commit()
    finally:
        conn.close()
    assert watch.poll()
