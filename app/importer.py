"""The import pipeline: find photos, read them in worker processes, commit in batches.

The parent process walks the paths, skips files whose size and mtime match the catalog
(without reading them), and hands the rest to a ``ProcessPoolExecutor`` in chunks of a few
paths (never file bytes). Each worker reads a file's bytes once, parses them
(``app.metadata.read.read_file``) and makes the thumbnail from the same bytes
(``app.thumbnails``, cached by content hash). The parent stores the readings in the
catalog in batches of ``batch_size`` files per transaction, so a killed import loses at
most the batch in flight and never leaves half an item; running it again finishes the job.

Results are consumed in path order (a bounded window of pending files), so a gallery
filled by an import has its photos in file-name order whatever the worker timing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from app.catalog import Catalog
from app.files import MAX_FILE_BYTES, not_regular, read_bytes, too_big
from app.metadata.formats import RAW_EXTENSIONS, SIDECAR_EXTENSION, SUPPORTED_EXTENSIONS

# One list of what the reader understands, kept beside the reader.
SIDECAR_EXTENSIONS: frozenset[str] = frozenset({SIDECAR_EXTENSION})  # read with their RAW file, never alone

ProgressCallback = Callable[[int, int, str], None]
_WORKER_MODULES = ["app.metadata.read", "app.thumbnails"]
MAX_CHUNK = 8  # files per worker task: few round trips, yet cancel and progress stay prompt
# A chunk also closes at this many bytes: big files (RAW, TIFF, HEIF) take long each, and a
# cancel waits for the chunks already running; 4 MiB is 8 of the bench's 445 KB JPEGs.
MAX_CHUNK_BYTES = 4 << 20


@dataclass
class ImportSummary:
    total: int = 0  # supported files found
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    relinked: int = 0
    failed: int = 0
    skipped: int = 0  # unsupported files
    unreadable_folders: int = 0  # folders that could not be listed (also in failures)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (path, field key)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    item_ids: list[int] = field(default_factory=list)  # every imported item, in path order
    seconds: float = 0.0
    cancelled: bool = False

    @property
    def files_per_second(self) -> float:
        processed = self.added + self.updated + self.unchanged + self.relinked + self.failed
        return processed / self.seconds if self.seconds > 0 else 0.0

    def report(self) -> str:
        """The end-of-import line a person reads."""
        folders = f", unreadable folders {self.unreadable_folders}" if self.unreadable_folders else ""
        text = (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                f"relinked {self.relinked}, failed {self.failed}{folders}, skipped (unsupported) {self.skipped}, "
                f"conflicts {len(self.conflicts)}; {self.files_per_second:.1f} files/s")
        return text + (" (cancelled)" if self.cancelled else "")


def collect_files(paths: Iterable[str | os.PathLike[str]],
                  exclude: Iterable[str | os.PathLike[str]] = (),
                  unreadable: list[tuple[str, str]] | None = None) -> tuple[list[str], int, list[str]]:
    """(supported files in a stable order, number of unsupported files, missing paths).

    Folders are walked recursively; hidden files and folders inside them (``.DS_Store``,
    ``._IMG_1.JPG`` AppleDouble files) are ignored, XMP sidecars are not counted as
    unsupported since the reader picks them up with their RAW file. Folders in ``exclude``
    (the catalog's own thumbnails) are not entered; symbolic links to folders are not
    followed. Names are what the OS gives (not UTF-8: surrogate escapes, which open() takes).
    Entries that are not regular files (FIFOs, sockets, devices, dangling links) are listed
    like files, so their import fails with a reason instead of a read that never ends.
    Folders that cannot be listed go to ``unreadable`` as (folder, reason)."""
    excluded = {os.path.abspath(os.fspath(e)) for e in exclude}
    files: list[str] = []
    seen: set[str] = set()
    skipped = 0
    missing: list[str] = []

    def consider(path: str, explicit: bool) -> None:
        nonlocal skipped
        name = os.path.basename(path)
        ext = os.path.splitext(name)[1].lower()
        if ext in SIDECAR_EXTENSIONS or (name.startswith(".") and not explicit):
            return
        if ext not in SUPPORTED_EXTENSIONS:
            skipped += 1
        elif path not in seen:
            seen.add(path)
            files.append(path)

    def walk_error(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append((exc.filename or "?", f"cannot read folder: {exc.strerror or exc}"))

    for raw in paths:
        p = os.path.abspath(os.path.expanduser(os.fspath(raw)))
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs
                                 if not d.startswith(".") and os.path.join(root, d) not in excluded)
                for name in sorted(names):
                    consider(os.path.join(root, name), explicit=False)
        elif os.path.lexists(p):  # a file, or something that only looks like one: precheck tells
            consider(p, explicit=True)
        else:
            missing.append(p)
    return files, skipped, missing


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_one(path: str, thumbs_dir: str | None, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, Any, Any]:
    """The per-file work (runs in a worker process): ("ok", ReadResult, thumb_key) or
    ("error", path, reason). Never raises for a bad file."""
    from app.metadata.read import UnreadableFile, open_photo, read_file  # noqa: PLC0415 - heavy, worker-side

    try:
        data = read_bytes(path, max_bytes)
    except OSError as exc:
        if exc.errno == 0:
            return ("error", path, exc.strerror)
        return ("error", path, f"cannot read file: {exc.strerror or exc}")
    except MemoryError:
        return ("error", path, "cannot read file: not enough memory")
    # One read of the bytes and one parse of the image header serve the hash, exiv2,
    # the reader's checks and the thumbnail's single decode.
    photo = open_photo(data, path) if thumbs_dir is not None else None
    try:
        result = read_file(path, data=data, photo=photo) if photo is not None else read_file(path, data=data)
    except UnreadableFile as exc:
        return ("error", path, exc.reason)
    except Exception as exc:  # a reader bug or an exotic corruption must not stop the import
        return ("error", path, f"unreadable: {_one_line(exc)}")
    _provenance(result, data)
    thumb_key = None
    if thumbs_dir is not None:
        thumb_key = _thumbnail(data, result, thumbs_dir, photo)
    return ("ok", result, thumb_key)


def _provenance(result: Any, data: bytes) -> None:
    """Content Credentials (C2PA): c2pa reads the manifest only when the container has a
    manifest box (a look at its header structure); a bad manifest is recorded, never raised."""
    from app.provenance import read_for_import  # noqa: PLC0415

    result.provenance = read_for_import(data, result.facts.format)


def read_many(paths: list[str], thumbs_dir: str | None,
              max_bytes: int = MAX_FILE_BYTES) -> list[tuple[str, Any, Any]]:
    """A worker's task: a chunk of files, so one round trip to the pool carries several
    results (per-file tasks cost the parent a future, a pickle and a wake-up each)."""
    return [read_one(path, thumbs_dir, max_bytes) for path in paths]


def _thumbnail(data: bytes, result: Any, thumbs_dir: str, photo: Any = None) -> str | None:
    from app.thumbnails import ThumbnailCache, make_thumbnail  # noqa: PLC0415

    key = result.facts.content_hash
    cache = ThumbnailCache(thumbs_dir)
    if cache.path(key).exists():
        return key
    try:
        cache.put(key, make_thumbnail(data, result.facts.orientation, photo))
    except Exception as exc:  # a photo without a usable preview still imports
        result.warnings.append(f"no thumbnail: {_one_line(exc)}")
        return None
    return key


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork is fastest and needs no importable __main__, but forking a process that runs
    # other threads (the UI calls this from a worker thread; Qt; the exiv2 lock) can
    # deadlock the child, so then forkserver (or spawn on Windows) starts clean workers.
    methods = get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        ctx = get_context("fork")
        # Imported once here, forked workers start warm instead of each importing them.
        import app.metadata.read  # noqa: F401, PLC0415
        import app.thumbnails  # noqa: F401, PLC0415
    elif "forkserver" in methods:
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(_WORKER_MODULES)  # read once by the server, inherited by each worker
    else:
        ctx = get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start,
                               initargs=(os.getpid(),))


def _worker_start(importer_pid: int) -> None:
    """Set up a worker so it never outlives the import: killed with the process that made it
    (Linux: PR_SET_PDEATHSIG; elsewhere a thread that notices being orphaned), and holding none
    of the caller's terminal or pipes (``creditline import ... | tee`` ends when the import
    does, even if a worker is still inside a slow file)."""
    parent = os.getppid()  # the importer, or the forkserver it started
    if sys.platform.startswith("linux"):
        import ctypes  # noqa: PLC0415

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.name != "posix":
        return  # spawned workers share no pipes with the caller, and see the pool's pipes close
    if os.getppid() != parent or (parent != importer_pid and not _alive(importer_pid)):
        os._exit(0)  # the parent died before the death signal was armed
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: on Windows this would end the process
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours to signal
    return True


def _watch_parent(parent: int) -> None:
    """Exit once orphaned (the parent's pid is no longer ours): the portable twin of the death
    signal, for systems without it."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def _read_isolated(path: str, thumbs_dir: str | None, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, Any, Any]:
    """Read one file alone in a fresh worker, so a crash (a native library dying on a
    corrupt file) is pinned on that file and does not take the import down."""
    pool = _pool(1)
    try:
        return pool.submit(read_one, path, thumbs_dir, max_bytes).result()
    except BrokenProcessPool:
        return ("error", path, "the metadata reader crashed on this file")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _sidecar_changed(path: str, read_at_ns: int | None, recorded: str | None) -> bool:
    """A RAW's metadata lives in its XMP sidecar too (Photo Mechanic, Lightroom): the RAW must
    be read again when its sidecar changed since the last reading, appeared, was deleted, or
    another one now wins ("name.ext.xmp" beside "name.xmp") - even with the RAW untouched."""
    if os.path.splitext(path)[1].lower() not in RAW_EXTENSIONS:
        return False
    from app.metadata.sidecar import find_sidecar  # noqa: PLC0415

    sidecar = find_sidecar(path)
    if sidecar is None:
        return recorded is not None
    if recorded is None or os.path.normcase(str(sidecar)) != os.path.normcase(recorded):
        return True
    try:
        return read_at_ns is None or sidecar.stat().st_mtime_ns > read_at_ns
    except OSError:
        return True  # gone between the two looks: read the RAW again


def _salvage(path: str, slot: _Slot | _Done, thumbs_dir: str | None,
             max_bytes: int = MAX_FILE_BYTES) -> _Slot | _Done:
    """A pending entry of a pool that broke: keep a finished result, else read alone.
    A file still waiting for its chunk to be sent keeps its place for the next pool."""
    if isinstance(slot, _Done) or slot.future is None:
        return slot
    fut = slot.future
    if fut.done() and not fut.cancelled() and fut.exception() is None:
        return _Done(slot.result())
    return _Done(_read_isolated(path, thumbs_dir, max_bytes))


class _Slot:
    """One file's place in a chunk for the pool; the chunk's future is set on submission."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.future: Future | None = None
        self.size = 0  # files in its chunk

    def done(self) -> bool:
        return self.future is not None and self.future.done()

    def result(self) -> tuple[str, Any, Any]:
        assert self.future is not None
        return self.future.result()[self.index]


class _Done:
    """A result that needs no worker (unchanged file, unreadable stat)."""

    def __init__(self, value: tuple[str, Any, Any]) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> tuple[str, Any, Any]:
        return self.value


def import_paths(catalog: Catalog, paths: Iterable[str | os.PathLike[str]], gallery: str | None = None,
                 jobs: int | None = None, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None, *, batch_size: int = 100,
                 thumbnails: bool = True, max_bytes: int = MAX_FILE_BYTES) -> ImportSummary:
    """Import files and folders into ``catalog`` (and into ``gallery``, created if needed).

    ``progress(done, total, outcome)`` is called per file with outcome one of "added",
    "updated", "unchanged", "relinked", "failed"; ``cancel`` is checked between files.
    New items become visible to other connections as each batch commits. Only regular files
    (or links to them) of at most ``max_bytes`` are read; anything else fails with a reason,
    as does a folder that cannot be listed (``unreadable_folders``)."""
    started = time.monotonic()
    summary = ImportSummary()
    unreadable: list[tuple[str, str]] = []
    files, summary.skipped, missing = collect_files(paths, exclude=[catalog.thumbnails_dir], unreadable=unreadable)
    summary.total = len(files) + len(missing)
    jobs = max(1, jobs or os.cpu_count() or 1)
    thumbs_dir = str(catalog.thumbnails_dir) if thumbnails else None

    gallery_id = None
    if gallery:
        try:
            gallery_id = catalog.gallery(gallery).id
        except KeyError:
            gallery_id = catalog.create_gallery(gallery).id
    catalog.start_import_run()
    from app.provenance import import_trust, settle_trust  # noqa: PLC0415

    trust = import_trust(catalog)  # workers read without it; signed files are judged here

    done = 0
    ready: list[tuple[str, tuple[str, Any, Any]]] = []
    last_commit = time.monotonic()

    def report(outcomes: list[str]) -> None:
        nonlocal done
        for outcome in outcomes:
            done += 1
            if progress is not None:
                progress(done, summary.total, outcome)

    def commit() -> None:
        nonlocal last_commit
        if not ready:
            return
        ok_paths: list[str] = []
        batch_ids: list[int] = []
        outcomes: list[str] = []
        with catalog.batch():
            for path, (kind, a, b) in ready:
                if kind == "error":
                    catalog.record_import_error(path, b)
                    summary.failed += 1
                    summary.failures.append((path, b))
                    outcomes.append("failed")
                elif kind == "unchanged":
                    summary.unchanged += 1
                    batch_ids.append(a)
                    outcomes.append("unchanged")
                else:
                    if trust and a.provenance is not None and a.provenance.state in ("untrusted", "invalid"):
                        settle_trust(a, trust)
                    try:
                        outcome = catalog.apply_read(a, b)
                    except (ValueError, TypeError, sqlite3.Error) as exc:  # odd text the reader let through
                        reason = f"cannot store its metadata: {_one_line(exc)}"
                        catalog.record_import_error(path, reason)
                        summary.failed += 1
                        summary.failures.append((path, reason))
                        outcomes.append("failed")
                        continue
                    setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
                    summary.conflicts += [(path, key) for key in outcome.conflicts]
                    batch_ids.append(outcome.item_id)
                    ok_paths.append(path)
                    outcomes.append(outcome.status)
            if ok_paths:
                catalog.clear_import_errors(ok_paths)
            if gallery_id is not None and batch_ids:
                catalog.add_to_gallery(gallery_id, batch_ids)
        summary.item_ids += batch_ids
        ready.clear()
        last_commit = time.monotonic()
        report(outcomes)

    def take(path: str, value: tuple[str, Any, Any]) -> None:
        ready.append((path, value))
        # A time bound too, so progress moves and items show up soon on slow folders (RAW, shares).
        if len(ready) >= batch_size or time.monotonic() - last_commit > 1.0:
            commit()

    for path in missing:
        take(path, ("error", path, "no such file or directory"))
    for folder, reason in unreadable:  # not files: counted apart, reported and recorded the same way
        catalog.record_import_error(folder, reason)
        summary.unreadable_folders += 1
        summary.failures.append((folder, reason))

    def precheck(path: str) -> tuple[tuple[str, Any, Any] | None, int]:
        """Decide in the parent, without reading, whether the file needs a worker:
        (None, its size) when it does."""
        try:
            st = os.stat(path)
        except OSError as exc:
            return ("error", path, f"cannot read file: {exc.strerror or exc}"), 0
        what = not_regular(st.st_mode)
        if what is not None:  # a FIFO would block the read for ever, a device never end
            return ("error", path, f"not a regular file: {what}"), 0
        if st.st_size > max_bytes:
            return ("error", path, too_big(st.st_size, max_bytes)), 0
        rec = catalog.file_record(path)
        if rec is not None and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
            if not _sidecar_changed(path, rec.read_at_ns, rec.sidecar):
                return ("unchanged", rec.id, None), 0
        return None, st.st_size

    pool = _pool(jobs) if jobs > 1 and len(files) > 1 else None
    # Chunks big enough to cut round trips, small enough that every worker gets several.
    chunk_size = max(1, min(MAX_CHUNK, len(files) // (jobs * 4)))
    in_flight = jobs * 3 * chunk_size + chunk_size  # bounded memory; the workers never starve
    window: deque[tuple[str, _Slot | _Done]] = deque()
    chunk: list[str] = []
    chunk_slots: list[_Slot] = []
    chunk_bytes = 0

    def send_chunk() -> None:
        nonlocal chunk_bytes
        if not chunk:
            return
        assert pool is not None
        fut = pool.submit(read_many, list(chunk), thumbs_dir, max_bytes)
        for slot in chunk_slots:
            slot.future, slot.size = fut, len(chunk)
        chunk.clear()
        chunk_slots.clear()
        chunk_bytes = 0

    def take_next() -> None:
        nonlocal pool, window
        path, slot = window[0]
        if isinstance(slot, _Slot) and slot.future is None:
            send_chunk()  # the oldest file waits in a chunk not yet sent
        try:
            value = slot.result()
        except BrokenProcessPool:
            # Every pending future of a broken pool fails; re-read those files one by one
            # so only the file that kills its worker is reported, then carry on with a new pool.
            assert pool is not None
            pool.shutdown(wait=True, cancel_futures=True)
            window = deque((p, _salvage(p, f, thumbs_dir, max_bytes)) for p, f in window)
            pool = _pool(jobs)
            path, slot = window[0]
            if isinstance(slot, _Slot) and slot.future is None:
                send_chunk()
            value = slot.result()
        except Exception as exc:  # e.g. a reading too big to send back from the worker
            value = ("error", path, f"unreadable: {_one_line(exc)}")
            if isinstance(slot, _Slot) and slot.size > 1:
                # One file's trouble fails its whole chunk's task: give each file its own fate.
                try:
                    value = _read_isolated(path, thumbs_dir, max_bytes)
                except Exception as again:
                    value = ("error", path, f"unreadable: {_one_line(again)}")
        window.popleft()
        take(path, value)

    try:
        for path in files:
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            decided, size = precheck(path)
            if decided is not None:
                window.append((path, _Done(decided)))
            elif pool is None:
                window.append((path, _Done(read_one(path, thumbs_dir, max_bytes))))
            else:
                slot = _Slot(len(chunk))
                chunk.append(path)
                chunk_slots.append(slot)
                chunk_bytes += size
                window.append((path, slot))
                if len(chunk) >= chunk_size or chunk_bytes >= MAX_CHUNK_BYTES:
                    send_chunk()
            # Keep the workers busy but memory bounded; consume strictly in path order.
            while window and (len(window) > in_flight or window[0][1].done()):
                take_next()
        if not summary.cancelled:
            send_chunk()
        while window:
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            take_next()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        commit()
    summary.seconds = time.monotonic() - started
    return summary
