"""A catalog as an older Creditline left it, for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from app.catalog import migrate


def catalog_at_version(catalog: Path, version: int, /, **item: Any) -> None:
    """Make the catalog at ``catalog`` with the schema of ``version`` and one item row (``item``:
    its columns; the details row beside it), written straight, as that version stored it."""
    migrate(catalog, target=version)
    conn = sqlite3.connect(catalog)
    columns = ", ".join(item)
    conn.execute(f"INSERT INTO items ({columns}) VALUES ({', '.join('?' * len(item))})", tuple(item.values()))
    conn.execute("INSERT INTO item_details (item_id) VALUES (?)", (item["id"],))
    conn.commit()
    conn.close()
