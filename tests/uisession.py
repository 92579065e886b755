"""Helpers for the editing-widget tests: a real catalog with items and a Session over it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.catalog import Catalog
from app.metadata.read import read_file
from tests.imagefactory import make_photo


def open_session(tmp_path: Path):  # noqa: ANN201 - ui.session.Session, imported lazily with Qt
    from ui.session import Session  # noqa: PLC0415

    catalog = Catalog.open(tmp_path / "catalog.sqlite")
    qsettings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return Session(catalog, qsettings=qsettings)


def add_caption_items(session, *fields: dict) -> list[int]:  # noqa: ANN001
    return [session.catalog.add_caption_item(f) for f in fields]


def add_photo(session, path: Path, **fields) -> int:  # noqa: ANN001
    """A photo read from a real JPEG written by the image factory (so sources are real)."""
    make_photo(path, fields=fields)
    outcome = session.catalog.apply_read(read_file(path), None)
    return outcome.item_id


def wait_tasks(session) -> None:  # noqa: ANN001
    session.tasks.wait(5000)
