"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(autouse=True)
def no_user_catalog(tmp_path_factory, monkeypatch):
    """A command run without --catalog uses a scratch catalog, never the user's own (tests that
    are about the default location remove the variable themselves)."""
    monkeypatch.setenv("CREDITLINE_CATALOG", str(tmp_path_factory.mktemp("default") / "catalog.sqlite"))


@pytest.fixture(autouse=True)
def qt_garbage_freed_on_the_main_thread(request):
    """A test with Qt objects runs as the app does (ui.app.tune_gc): no automatic collection
    while it runs, and its reference cycles collected here, on the main thread, after it. Left
    to the automatic collector, a collection ran in whichever thread allocated: a task's pool
    thread freed a Qt object there and crashed the run, once between tests (a later test's
    thread freeing an earlier one's window) and once inside one (a save task's thread freeing
    the window the test had just closed: "Garbage-collecting" in refresh_findings)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    import gc  # noqa: PLC0415

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture(autouse=True, scope="session")
def no_user_data_cache(tmp_path_factory):
    """The parsed word lists (app.datacache) go to a scratch folder, never the user's cache."""
    import os  # noqa: PLC0415

    from app.datacache import CACHE_ENV  # noqa: PLC0415

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("data-cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture
def ticker():
    """A 10 ms QTimer: each tick is the UI thread's event loop running (Qt imported here, not at
    the top: the app's tests must not load it)."""
    import time  # noqa: PLC0415

    from PySide6.QtCore import QTimer  # noqa: PLC0415

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    yield ticks
    timer.stop()


@pytest.fixture(scope="session")
def exiftool() -> str:
    """Path of the exiftool binary, the metadata oracle; skips when it is absent."""
    path = shutil.which("exiftool")
    if not path:
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl); .ci/run installs it")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus (real files from public test suites); skips when absent."""
    if not (CORPUS / "images").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_oracle(corpus_dir) -> dict[str, dict]:
    """ExifTool's reading of every corpus file, keyed by file name."""
    out: dict[str, dict] = {}
    for name in ("exiftool.json", "exiftool.mwg.json", "exiftool.iptc-latin1.json"):
        for rec in json.loads((corpus_dir / name).read_text()):
            out.setdefault(Path(rec["SourceFile"]).name, {}).update({f"{name}:{k}": v for k, v in rec.items()})
    return out


@pytest.fixture
def catalog_path(tmp_path) -> Path:
    return tmp_path / "catalog.sqlite"


@pytest.fixture
def catalog(catalog_path):
    """A fresh, empty catalog, closed after the test."""
    from app.catalog import Catalog

    cat = Catalog.open(catalog_path)
    yield cat
    cat.close()


@pytest.fixture
def settings(tmp_path):
    """QSettings in a file of the test's own, so no test touches the user's settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def session(qapp, tmp_path):
    """An editing ``ui.session.Session`` over a fresh catalog (see tests/uisession.py)."""
    from tests.uisession import open_session

    s = open_session(tmp_path)
    yield s
    s.tasks.wait(5000)
    s.catalog.close()


@pytest.fixture
def inspector(session, qtbot):
    """The inspector over ``session``, shown at a desk's width and exposed."""
    from ui.inspector import Inspector

    w = Inspector(session)
    qtbot.addWidget(w)
    w.resize(420, 900)
    w.show()
    qtbot.waitExposed(w)
    return w
