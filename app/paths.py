"""Where things live: the default catalog, thumbnails, bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

# platformdirs and importlib.resources are imported where used: a command given --catalog that
# runs no rule (a check answered from stored findings) needs neither (~3 ms of its start).

APP_NAME = "Creditline"
CATALOG_ENV = "CREDITLINE_CATALOG"


def default_catalog_path() -> Path:
    """``--catalog`` beats ``$CREDITLINE_CATALOG`` beats the user data dir."""
    env = os.environ.get(CATALOG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "catalog.sqlite"


def resolve_catalog_path(cli_value: str | os.PathLike[str] | None) -> Path:
    return Path(cli_value).expanduser() if cli_value else default_catalog_path()


def thumbnails_dir(catalog_path: Path) -> Path:
    """Thumbnails sit beside the catalog, keyed by content hash."""
    return catalog_path.with_name(catalog_path.stem + "-thumbnails")


def backups_dir(catalog_path: Path) -> Path:
    """Rotating backups sit beside the catalog too (``Catalog.backup``)."""
    return catalog_path.with_name(catalog_path.stem + "-backups")


def resource(name: str) -> Path:
    """A file shipped in the ``resources`` package (works for editable and wheel installs)."""
    from importlib import resources as _res  # noqa: PLC0415

    return Path(str(_res.files("resources").joinpath(name)))
