"""Findings of a read-only catalog, checked now and kept in memory.

A catalog opened read-only (``Catalog.read_only``: no write permission, a read-only disk, a disk
too full for SQLite's WAL) cannot store findings, so items whose stored findings are stale (edited,
imported or re-read since their check) keep a status of older text, or none at all: shown as it
is, a photo never checked looks clean. ``UnstoredChecks`` wraps such a catalog: ``store_findings``
keeps the findings in memory instead, and the reads that show findings and status (``findings``,
``items``, ``status_counts``, ``item_ids(status=...)``, ``stale_item_ids``) see them, so the rules
run as on any catalog (``validation.refresh_findings``) and every view agrees with what they found.
Nothing reaches the file; closing the catalog forgets them. Everything else is the catalog's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from app.model import Finding, Item, worst_status


def _status_matches(status: str | None, wanted: str) -> bool:
    """``Catalog.item_ids(status=wanted)`` for one status: "clean" is no error or warning."""
    return status in (None, "info") if wanted == "clean" else status == wanted


class UnstoredChecks:
    """A read-only ``Catalog`` whose stale items' findings, once checked, live in memory."""

    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()  # the rules store from a task's thread, the views read
        self._findings: dict[int, list[Finding]] = {}
        self._status: dict[int, str | None] = {}
        self._fingerprints: dict[int, str] = {}  # of the check records kept with them

    def __getattr__(self, name: str) -> Any:
        return getattr(self.catalog, name)

    # -- what the rules found, kept -------------------------------------------------------------
    def store_findings(self, findings: Mapping[int, Sequence[Finding]],
                       caption_credits: Mapping[int, str] | None = None,
                       revisions: Mapping[int, int] | None = None, checks: Any = None) -> set[int]:
        """Keep the findings in memory (the catalog cannot be written, so its items cannot
        change under the rules either); the ids kept."""
        with self._lock:
            for item_id, found in findings.items():
                self._findings[item_id] = list(found)
                self._status[item_id] = worst_status(found)
                record = (checks or {}).get(item_id)
                if record is not None:
                    self._fingerprints[item_id] = record.fingerprint
                else:
                    self._fingerprints.pop(item_id, None)
        return set(findings)

    def unstored_ids(self) -> set[int]:
        """Items whose findings were checked now and are not in the catalog."""
        with self._lock:
            return set(self._findings)

    # -- reads that see them ----------------------------------------------------------------------
    def stale_item_ids(self, limit: int | None = None) -> list[int]:
        kept = self.unstored_ids()
        ids = [i for i in self.catalog.stale_item_ids() if i not in kept]
        return ids if limit is None else ids[:limit]

    def ids_to_check(self, item_ids: Sequence[int], fingerprint: str) -> list[int]:
        """``Catalog.ids_to_check``, with what was checked now under ``fingerprint`` current."""
        with self._lock:
            mine = {i for i, fp in self._fingerprints.items() if fp == fingerprint}
        return [i for i in self.catalog.ids_to_check(item_ids, fingerprint) if i not in mine]

    def ids_with_findings_not_under(self, item_ids: Sequence[int], rules: Sequence[str],
                                    fingerprint: str) -> list[int]:
        """``Catalog.ids_with_findings_not_under``, with what was checked now under ``fingerprint``
        current (else a library view would check them again at every reload)."""
        with self._lock:
            mine = {i for i, fp in self._fingerprints.items() if fp == fingerprint}
        return [i for i in self.catalog.ids_with_findings_not_under(item_ids, rules, fingerprint) if i not in mine]

    def findings(self, item_ids: Iterable[int]) -> dict[int, list[Finding]]:
        ids = list(item_ids)
        out = self.catalog.findings(ids)
        with self._lock:
            for i in ids:
                if i in self._findings and i in out:
                    out[i] = list(self._findings[i])
        return out

    def finding_counts(self, item_ids: Sequence[int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for found in self.findings(item_ids).values():
            for f in found:
                out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def _with_status(self, items: list[Item]) -> list[Item]:
        with self._lock:
            for item in items:
                if item.id in self._status:
                    item.status = self._status[item.id]
        return items

    def item(self, item_id: int) -> Item:
        return self._with_status([self.catalog.item(item_id)])[0]

    def items(self, ids: Sequence[int], gallery: int | None = None, *, details: bool = True) -> list[Item]:
        return self._with_status(self.catalog.items(ids, gallery=gallery, details=details))

    def iter_items(self, ids: Sequence[int], gallery: int | None = None, **kw: Any) -> Iterator[Item]:
        for item in self.catalog.iter_items(ids, gallery=gallery, **kw):
            yield self._with_status([item])[0]

    def status_counts(self, item_ids: Sequence[int]) -> dict[str, int]:
        out = self.catalog.status_counts(item_ids)
        with self._lock:
            mine = {i: self._status[i] for i in item_ids if i in self._status}
        if mine:  # the catalog counted them by their stored status: by what was found now instead
            stored = self.catalog.status_counts(list(mine))
            for key in ("error", "warning", "info", "clean"):
                out[key] -= stored[key]
            for status in mine.values():
                out[status if status is not None else "clean"] += 1
        return out

    def item_ids(self, *args: Any, status: str | None = None, **kw: Any) -> list[int]:
        if status is None:
            return self.catalog.item_ids(*args, **kw)
        matching = self.catalog.item_ids(*args, status=status, **kw)  # validates ``status``, too
        with self._lock:
            mine = dict(self._status)
        if not mine:
            return matching
        # In the order of the query without the status, each item judged by the status it has now.
        stored = set(matching)
        return [i for i in self.catalog.item_ids(*args, **kw)
                if (_status_matches(mine[i], status) if i in mine else i in stored)]
