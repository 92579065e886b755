"""Helpers for the editing-widget tests: a real catalog with items and a Session over it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.catalog import Catalog
from app.metadata.read import read_file
from app.thumbnails import ThumbnailCache, make_thumbnail
from tests.imagefactory import make_photo


def open_session(tmp_path: Path):  # noqa: ANN201 - ui.session.Session, imported lazily with Qt
    from ui.session import Session  # noqa: PLC0415

    catalog = Catalog.open(tmp_path / "catalog.sqlite")
    qsettings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return Session(catalog, qsettings=qsettings)


def add_caption_items(session, *fields: dict) -> list[int]:  # noqa: ANN001
    return [session.catalog.add_caption_item(f) for f in fields]


def add_photo(session, path: Path, thumbnail: bool = False, **fields) -> int:  # noqa: ANN001
    """A photo read from a real JPEG written by the image factory (so sources are real);
    with ``thumbnail`` its thumbnail is put in the catalog's cache as the importer does."""
    make_photo(path, fields=fields, width=640, height=400)
    result = read_file(path)
    key = None
    if thumbnail:
        key = result.facts.content_hash
        ThumbnailCache(session.catalog.thumbnails_dir).put(key, make_thumbnail(path.read_bytes()))
    return session.catalog.apply_read(result, key).item_id


def wait_tasks(session) -> None:  # noqa: ANN001
    session.tasks.wait(5000)


# Not a bound on how long work may take (a 5,000-photo save took over a minute while other
# suites loaded the machine, and a 60 s wait failed it): only a guard, so a task that never ends
# fails the test instead of hanging the suite. The waits below end on the event itself.
HANG_GUARD_MS = 20 * 60 * 1000


def wait_idle(qtbot, runner) -> None:  # noqa: ANN001
    """Until ``runner`` (a ``ui.tasks.TaskRunner``) has nothing running or waiting to report:
    its ``idle`` signal, emitted once the last task's callbacks ran. Nothing runs: at once.
    (No race: ``idle`` is emitted on this thread, from the event loop ``waitSignal`` runs.)"""
    if runner.is_idle():
        return
    with qtbot.waitSignal(runner.idle, timeout=HANG_GUARD_MS):
        pass


def wait_until(qtbot, condition) -> None:  # noqa: ANN001
    """``qtbot.waitUntil`` on ``condition``, bounded only by the hang guard."""
    qtbot.waitUntil(condition, timeout=HANG_GUARD_MS)


def open_window(qtbot, cat, settings, size=None, *, as_started: bool = False):  # noqa: ANN001, ANN201 - a shown MainWindow
    """The main window on ``cat``, shown at ``size`` (the design size by default), its panels
    built and its first queries done. ``as_started``: at the size the window gives itself at a
    first start (fitted to the screen), returned once its panels are built, its first queries
    possibly still running."""
    from ui.main_window import START_SIZE, MainWindow  # noqa: PLC0415

    w = MainWindow(cat, settings, import_jobs=1)
    qtbot.addWidget(w)
    if not as_started:
        # The size the layout is drawn for (a 1440 x 900 screen): the offscreen platform's screen
        # is 800 x 800, and a first start fits the window to the screen (main_window.start_size).
        w.resize(*(size or START_SIZE))
    w.show()
    qtbot.waitExposed(w)
    # The events themselves, not a time: the first tasks on a 5,000-item catalog took over 10 s
    # while other sessions' suites kept both cores busy (load 4.6).
    wait_until(qtbot, lambda: w._panels_built)
    if not as_started:
        wait_idle(qtbot, w.runner)
    return w


def make_big_catalog(path: Path, n: int, error_every: int | None = None) -> Path:
    """``n`` photos (catalog rows with file facts, no image files); with ``error_every``,
    every such item (from the fourth) has a stored missing-credit error."""
    from app.model import EmbeddedField, FileFacts, Finding, ReadResult, Severity  # noqa: PLC0415

    cat = Catalog.open(path)
    findings = {}
    with cat.batch():
        for i in range(n):
            values = {"headline": f"Storm day {i % 7}", "caption": f"Flooded street in Porto, photo {i}.",
                      "creators": [f"Photographer {i % 13}"], "credit_line": "REUTERS", "city": "Porto"}
            facts = FileFacts(path=f"/wire/{i // 1000:03d}/IMG_{i:06d}.jpg", size=1_000_000,
                              mtime_ns=1_700_000_000_000_000_000 + i, content_hash=f"{i:064x}", format="JPEG",
                              width=6000, height=4000)
            fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
            item_id = cat.apply_read(ReadResult(facts=facts, fields=fields), None).item_id
            if error_every and i % error_every == 3:
                findings[item_id] = [Finding("missing-credit", Severity.ERROR, "caption", "no credit")]
    if findings:
        cat.store_findings(findings)
    cat.close()
    return path


def session_on_copy(catalog_file: Path, tmp_path: Path):  # noqa: ANN201 - ui.session.Session
    """A Session over a copy of ``catalog_file`` (so a test may change it); close its catalog after."""
    import shutil  # noqa: PLC0415

    path = tmp_path / "catalog.sqlite"
    shutil.copy(catalog_file, path)
    return open_session(tmp_path)

