"""The import pipeline: find photos, read them in worker processes, commit in batches, check
them, then make their thumbnails.

Browsable first. The parent process walks the paths, skips files whose size and mtime match
the catalog (without reading them), and hands the rest to a ``ProcessPoolExecutor`` in chunks
of a few paths (never file bytes). Each worker reads a file's bytes once and parses its
metadata (``app.metadata.read.read_file``). The parent stores the readings in batches of
``batch_size`` files per transaction and runs the rules on them in the same transaction, so
every item appears with its findings; a killed import loses at most the batch in flight and
never leaves half an item. When the last batch is in, the catalog is complete and checked
(``on_checked``); only then are the thumbnails made, by the same workers (``app.thumbnails``,
cached by content hash; the hash and orientation come from the reading, so nothing is hashed
twice), and their keys stored as they land (``on_thumbnails``). Pixels are most of an
import's work (a decode costs four times a metadata read), so the grid and the findings no
longer wait for them. An import killed while it makes thumbnails leaves items without one;
importing again makes the missing ones.

Results are consumed in path order (a bounded window of pending files), so a gallery
filled by an import has its photos in file-name order whatever the worker timing.

The rules are loaded once per import where the pool forks: this process loads them (checking
the first new file) while one reader process reads the next ones (``_EarlyReader``), and the
pool's workers, forked after that, start warm and check those readings first.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import pickle
import select
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from app.catalog import Catalog
from app.files import MAX_FILE_BYTES, not_regular, read_bytes, too_big
from app.metadata.formats import SIDECAR_EXTENSION, SIDECAR_FILE_EXTENSIONS, SUPPORTED_EXTENSIONS

# One list of what the reader understands, kept beside the reader.
SIDECAR_EXTENSIONS: frozenset[str] = frozenset({SIDECAR_EXTENSION})  # read with their RAW file, never alone

ProgressCallback = Callable[[int, int, str], None]
# on_thumbnails(done, total, item ids whose thumbnail just landed)
ThumbnailsCallback = Callable[[int, int, list[int]], None]
_WORKER_MODULES = ["app.metadata.read", "app.thumbnails"]
THUMB_NOTICE_S = 0.25  # thumbnail keys are stored (and announced) at most this often
MAX_CHUNK = 8  # files per worker task: few round trips, yet cancel and progress stay prompt
# A chunk also closes at this many bytes: big files (RAW, TIFF, HEIF) take long each, and a
# cancel waits for the chunks already running; 4 MiB is 8 of the bench's 445 KB JPEGs.
MAX_CHUNK_BYTES = 4 << 20
# The early reader (see _EarlyReader): worth it from this many new files; the files looked at
# (without reading) to find them.
EARLY_MIN_FILES = 100
EARLY_PREFIX = 4000


@dataclass
class ImportSummary:
    total: int = 0  # supported files found
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    relinked: int = 0
    failed: int = 0
    skipped: int = 0  # unsupported files
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # (path, why), in the walk's order
    unreadable_folders: int = 0  # folders that could not be listed (also in failures)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (path, field key)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    item_ids: list[int] = field(default_factory=list)  # every imported item, in path order
    # The gallery imported into, and how many photos went into it that were not in it: photos
    # already in the library ("unchanged") go in too, which "0 new" alone did not say.
    gallery: str = ""
    into_gallery: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    # Browsable first: when the catalog was complete and checked, and what the check found.
    checked_seconds: float = 0.0
    checked: int = 0  # items the rules ran on (added, updated, relinked)
    errors: int = 0  # their error findings
    warnings: int = 0
    # Then the thumbnails.
    thumbnails_made: int = 0  # made by this import (those on disk already only get their key)
    thumbnail_failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    thumbnails_seconds: float = 0.0  # from the start, when the last thumbnail landed
    # Why the catalog stopped taking the thumbnails (a full disk): the photos are in and checked.
    thumbnails_stopped: str = ""

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
        if self.thumbnails_stopped:
            text += f"; thumbnails stopped: {self.thumbnails_stopped} (import again to make them)"
        return text + (" (cancelled)" if self.cancelled else "")


def skip_reason(path: str) -> str:
    """Why the import leaves ``path`` out, in one line: what it is when it is not a regular file
    (Qt's Import Photos dialog does not list FIFOs or sockets, so the summary is where the
    editor learns of them), else that its extension is not a photo format read here."""
    try:
        what = not_regular(os.stat(path).st_mode)
    except OSError as exc:
        what = "a link to nothing" if os.path.islink(path) else f"cannot be read ({exc.strerror or exc})"
    if what is not None:
        return f"not a regular file: {what}"
    ext = os.path.splitext(os.path.basename(path))[1]
    return f"not a photo format Creditline reads ({ext.lower()})" if ext else "not a photo (no file extension)"


def collect_files(paths: Iterable[str | os.PathLike[str]],
                  exclude: Iterable[str | os.PathLike[str]] = (),
                  unreadable: list[tuple[str, str]] | None = None,
                  skipped_files: list[tuple[str, str]] | None = None) -> tuple[list[str], int, list[str]]:
    """(supported files in a stable order, number of unsupported files, missing paths).

    Folders are walked recursively; hidden files and folders inside them (``.DS_Store``,
    ``._IMG_1.JPG`` AppleDouble files) are ignored, XMP sidecars are not counted as
    unsupported since the reader picks them up with their RAW file. Folders in ``exclude``
    (the catalog's own thumbnails) are not entered; symbolic links to folders are not
    followed. Names are what the OS gives (not UTF-8: surrogate escapes, which open() takes).
    Entries that are not regular files (FIFOs, sockets, devices, dangling links) are listed
    like files, so their import fails with a reason instead of a read that never ends.
    Folders that cannot be listed go to ``unreadable`` as (folder, reason); each file skipped,
    to ``skipped_files`` as (path, ``skip_reason``)."""
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
            if skipped_files is not None:
                skipped_files.append((path, skip_reason(path)))
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

    started = time.time_ns()
    try:
        # The file's time before its bytes: a save between the read and a later look (Photo
        # Mechanic writes in place, the same size) then shows as a change at the next look,
        # where the new time beside the old bytes hid it for good (app.follow, a re-import).
        mtime_ns = os.stat(path).st_mtime_ns
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
    result.facts.mtime_ns = mtime_ns
    result.read_at_ns = started
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


def read_check_many(paths: list[str], thumbs_dir: str | None, settings: Any,
                    max_bytes: int = MAX_FILE_BYTES) -> list[tuple[str, Any, Any]]:
    """``read_many``, and the item rules on each reading (``validation.check_reading``, as
    ``result.check``): the rules are most of what storing a new file costs the parent, which
    would otherwise be the import's bottleneck while the workers wait. A reading the rules
    trip on goes without; the parent checks it."""
    return check_many(read_many(paths, thumbs_dir, max_bytes), settings)


def check_many(values: list[tuple[str, Any, Any]], settings: Any) -> list[tuple[str, Any, Any]]:
    """The item rules on readings made elsewhere, as ``read_check_many`` runs them on its own."""
    from app.validation import check_reading  # noqa: PLC0415

    for kind, result, _ in values:
        if kind == "ok":
            try:
                result.check = check_reading(result, settings)
            except Exception:  # noqa: BLE001 - the parent runs the rules again and reports
                result.check = None
    return values


def check_pickled(blobs: list[bytes], settings: Any) -> list[tuple[str, Any, Any]]:
    """``check_many`` on the early reader's readings as it wrote them (pickles): the importing
    process hands them on without unpickling and pickling each again (~0.15 ms a reading, most
    of it in the serial stretch before the pool forks)."""
    return check_many([pickle.loads(blob) for blob in blobs], settings)


class _EarlyReader:
    """One process that reads the first new files of an import (metadata only, no rules) while
    this process loads the rules once, by checking the reader's first reading; the pool is
    forked after that load, so its workers start warm. Each worker used to load the rules itself
    (~0.35 s of CPU: Hunspell's two dictionaries, the credit forms' patterns, the word lists), on
    two cores at the same time; now the load is paid once, and the reading done meanwhile keeps
    the other core busy. Measured on the 1,000 bench photos: 3.11-3.16 -> 2.84-2.92 s of CPU for
    the whole import (a /tmp prototype).

    Files are read only by that process, never by this one (a native crash on a file must not end
    the import). Started only by a process with no other thread (it forks, as the pool does then).
    Its readings go to an unlinked temporary file, each one whole (length, pickle) in one write,
    so a crash on a file loses only that file's reading; that file and the rest go to the pool."""

    def __init__(self, paths: list[str], max_bytes: int) -> None:
        fd, name = tempfile.mkstemp(prefix="creditline-import-")
        os.close(fd)
        write = os.open(name, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
        self.readings = open(name, "rb", buffering=0)  # noqa: SIM115 - closed by finish()
        os.unlink(name)
        stop_r, self.stop = os.pipe()
        importer = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the reader: never returns
            code = 1
            try:
                os.close(self.stop)
                _worker_start(importer)
                for path in paths:
                    if select.select([stop_r], [], [], 0)[0]:
                        break  # the rules are loaded: the pool reads the rest
                    blob = pickle.dumps(read_one(path, None, max_bytes), pickle.HIGHEST_PROTOCOL)
                    os.write(write, len(blob).to_bytes(8, "little") + blob)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        os.close(stop_r)
        self.ended = False
        self.pending = b""  # a reading not yet whole in the file

    def _next(self) -> bytes | None:
        """The next whole reading in the file (its pickle), or None when there is none yet."""
        self.pending += self.readings.read() or b""
        if len(self.pending) < 8:
            return None
        size = int.from_bytes(self.pending[:8], "little")
        if len(self.pending) < 8 + size:
            return None
        blob, self.pending = self.pending[8:8 + size], self.pending[8 + size:]
        return blob

    def first(self) -> tuple[str, Any, Any] | None:
        """The first reading, once it is made; None when the reader ended without one."""
        while True:
            blob = self._next()
            if blob is not None:
                return pickle.loads(blob)
            if self.ended:
                return None
            self.ended = os.waitpid(self.pid, os.WNOHANG)[0] != 0
            if not self.ended:
                time.sleep(0.001)

    def finish(self) -> list[bytes]:
        """Stop after the file in hand; the readings made after the first, in order, as pickles
        (``check_pickled``)."""
        with contextlib.suppress(OSError):
            os.write(self.stop, b"x")
        os.close(self.stop)
        if not self.ended:
            os.waitpid(self.pid, 0)
        values = []
        with self.readings:
            while (value := self._next()) is not None:
                values.append(value)
        return values


def _thumbnail(data: bytes, result: Any, thumbs_dir: str, photo: Any = None) -> str | None:
    from app.thumbnails import ThumbnailCache, ThumbnailError, make_thumbnail  # noqa: PLC0415

    key = result.facts.content_hash
    cache = ThumbnailCache(thumbs_dir)
    if cache.path(key).exists():
        return key
    try:
        cache.put(key, make_thumbnail(data, result.facts.orientation, photo))
    except Exception as exc:  # a photo without a usable preview still imports
        why = " ".join(str(exc).split()) if isinstance(exc, ThumbnailError) else _one_line(exc)
        result.warnings.append(f"no thumbnail: {why}")
        return None
    return key


# One thumbnail to make: (path, content hash, EXIF orientation or None, size, mtime_ns). The
# hash and orientation come from the metadata reading; size and mtime say whether the file
# is still the one that was read.
ThumbTask = tuple[str, str, "int | None", int, int]


def thumbnail_one(task: ThumbTask, thumbs_dir: str) -> tuple[str, str | None]:
    """Make one cached thumbnail (runs in a worker process): (hash, None) when it is there,
    (hash, one-line reason) when it cannot be made. Never raises for a bad file."""
    from app.thumbnails import ThumbnailCache, ThumbnailError, make_thumbnail  # noqa: PLC0415 - heavy, worker-side

    path, key, orientation, size, mtime_ns = task
    cache = ThumbnailCache(thumbs_dir)
    if cache.path(key).exists():
        return key, None
    try:
        # Opened as app.files.read_bytes opens: without blocking, checked on the descriptor.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not_regular(st.st_mode) is not None or st.st_size != size or st.st_mtime_ns != mtime_ns:
                # Not the picture the catalog read (its hash names the thumbnail): the next
                # import reads the file again and makes its thumbnail then.
                return key, "the file changed during the import"
            data = fh.read(size + 1)
    except OSError as exc:
        return key, f"cannot read file: {exc.strerror or exc}"
    try:
        jpeg = make_thumbnail(data, orientation)
    except ThumbnailError as exc:  # its message is already the editor's one line
        return key, " ".join(str(exc).split())
    except Exception as exc:  # a photo without decodable pixels still imports
        return key, _one_line(exc)
    try:
        cache.put(key, jpeg)
    except OSError as exc:  # "OSError: [Errno 28] No space left on device" (the seventh walk)
        why = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else exc.strerror or str(exc)
        return key, f"cannot store it in {thumbs_dir}: {why}"
    return key, None


_NICED: list[bool] = []


def thumbnail_many(tasks: list[ThumbTask], thumbs_dir: str) -> list[tuple[str, str | None]]:
    """A worker's thumbnail task: a chunk of files, one round trip. The first one lowers the
    worker's priority a little, so storing and checking the last readings (and the app's UI
    thread) come first while thumbnails fill every idle moment."""
    if not _NICED:
        _NICED.append(True)
        with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
            os.nice(5)
    return [thumbnail_one(t, thumbs_dir) for t in tasks]


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork is fastest and needs no importable __main__, but forking a process that runs
    # other threads (the UI calls this from a worker thread; Qt; the exiv2 lock) can
    # deadlock the child, so then forkserver (or spawn on Windows) starts clean workers.
    methods = get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        ctx = get_context("fork")
        _warm_imports()  # once here (if not before), so forked workers start warm
    elif "forkserver" in methods:
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(_WORKER_MODULES)  # read once by the server, inherited by each worker
    else:
        ctx = get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start,
                               initargs=(os.getpid(),))


def _warm_imports() -> None:
    """Import what the workers run (``_WORKER_MODULES``), for forked workers to inherit."""
    import app.metadata.read  # noqa: F401, PLC0415
    import app.thumbnails  # noqa: F401, PLC0415


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


def sidecar_changed(path: str, read_at_ns: int | None, recorded: str | None) -> bool:
    """A RAW's (or HEIF's, AVIF's) metadata lives in its XMP sidecar too (Photo Mechanic,
    Lightroom, Creditline's own write): the photo must be read again when its sidecar changed
    since the last reading, appeared, was deleted, or another one now wins ("name.ext.xmp"
    beside "name.xmp") - even with the photo untouched. So does a signed photo's (its edits go
    to a sidecar, ``app.provenance_write``) once the catalog records one."""
    if recorded is None and os.path.splitext(path)[1].lower() not in SIDECAR_FILE_EXTENSIONS:
        return False  # another format is read with a sidecar only when signed: its record names it
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
                 thumbnails: bool = True, max_bytes: int = MAX_FILE_BYTES, check: bool = True,
                 on_checked: Callable[[ImportSummary], None] | None = None,
                 on_thumbnails: ThumbnailsCallback | None = None) -> ImportSummary:
    """Import files and folders into ``catalog`` (and into ``gallery``, created if needed).
    An import interrupted (Ctrl-C, an error) or cancelled before any photo went into a gallery
    it created removes that gallery: nothing half-made stays. A gallery that existed before
    keeps what it had, and one that got photos keeps them (they are imported).

    ``progress(done, total, outcome)`` is called per file with outcome one of "added",
    "updated", "unchanged", "relinked", "failed"; ``cancel`` is checked between files.
    New items become visible to other connections as each batch commits, with their findings
    (``check``: the item rules run on every item added, changed or stale, in its batch's
    transaction). ``on_checked(summary)`` is called once the catalog is complete and checked;
    then, with ``thumbnails``, the missing thumbnails are made and ``on_thumbnails(done, total,
    item_ids)`` is called as their keys are stored. Only regular files (or links to them) of at
    most ``max_bytes`` are read; anything else fails with a reason, as does a folder that
    cannot be listed (``unreadable_folders``)."""
    made = gallery is not None and not _exists(catalog, gallery)
    try:
        summary = _import_paths(catalog, paths, gallery, jobs, progress, cancel, batch_size=batch_size,
                                thumbnails=thumbnails, max_bytes=max_bytes, check=check, on_checked=on_checked,
                                on_thumbnails=on_thumbnails)
    except BaseException:
        if made:
            _drop_if_empty(catalog, gallery)  # type: ignore[arg-type]
        raise
    if made and summary.cancelled:
        _drop_if_empty(catalog, gallery)  # type: ignore[arg-type]
    return summary


def _exists(catalog: Catalog, name: str) -> bool:
    try:
        catalog.gallery(name)
    except KeyError:
        return False
    return True


def _drop_if_empty(catalog: Catalog, name: str) -> None:
    """Remove the gallery ``name`` an interrupted import made, if no photo went into it. Best
    effort: the interruption (or the error) is what the caller reports."""
    try:
        g = catalog.gallery(name)
        if not catalog.gallery_item_ids(g.id):
            catalog.delete_gallery(g.id)
    except Exception:  # noqa: BLE001 - a catalog that cannot be written now keeps the gallery
        pass


def _import_paths(catalog: Catalog, paths: Iterable[str | os.PathLike[str]], gallery: str | None,
                  jobs: int | None, progress: ProgressCallback | None, cancel: threading.Event | None, *,
                  batch_size: int, thumbnails: bool, max_bytes: int, check: bool,
                  on_checked: Callable[[ImportSummary], None] | None,
                  on_thumbnails: ThumbnailsCallback | None) -> ImportSummary:
    """``import_paths`` without its care for the gallery it makes."""
    started = time.monotonic()
    summary = ImportSummary()
    unreadable: list[tuple[str, str]] = []
    files, summary.skipped, missing = collect_files(paths, exclude=[catalog.thumbnails_dir], unreadable=unreadable,
                                                    skipped_files=summary.skipped_files)
    summary.total = len(files) + len(missing)
    jobs = max(1, jobs or os.cpu_count() or 1)
    thumbs_dir = None  # the workers read metadata only; pixels come after the catalog is complete
    thumbs_out = str(catalog.thumbnails_dir) if thumbnails else None
    thumbs = _Thumbnails(catalog, jobs, thumbs_out, summary, cancel, on_thumbnails) if thumbs_out else None
    rules: list[Any] = []  # (rule context, fingerprint), made at the first batch: see check_batch
    checked_ids: list[int] = []
    settings = None  # what the workers make their rule context from

    gallery_id = None
    target = None
    if gallery:
        try:
            target = catalog.gallery(gallery)
        except KeyError:
            target = catalog.create_gallery(gallery)
        gallery_id = target.id
        summary.gallery = target.name
    if check:
        from app.validation import gallery_purpose, rule_settings  # noqa: PLC0415 - light: rules load in workers

        # Photos going to a gallery are checked as its own check would (a news gallery makes an
        # undisclosed AI picture an error), so that check finds them current.
        settings = rule_settings(catalog, gallery=gallery_purpose(target) if target is not None else None)
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
        checked: dict[int, Any] = {}  # new items the workers ran the rules on: item id -> what they found
        with catalog.batch():
            for _, (kind, a, _) in ready:
                if kind == "ok" and trust and a.provenance is not None \
                        and a.provenance.state in ("untrusted", "invalid"):
                    before = a.provenance.state
                    settle_trust(a, trust)
                    if a.provenance is None or a.provenance.state != before:
                        a.check = None  # the worker's rules saw the state before: checked here
            # The readings of the batch are stored together (new files in a few statements).
            stored = iter(catalog.apply_reads([(a, b) for _, (kind, a, b) in ready if kind == "ok"]))
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
                    if thumbs is not None and b is not None and b[0]:
                        key, size, mtime_ns = b
                        thumbs.want(a, (path, key, None, size, mtime_ns))
                else:
                    outcome = next(stored)
                    if isinstance(outcome, Exception):  # odd text the reader let through
                        reason = f"cannot store its metadata: {_one_line(outcome)}"
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
                    found = getattr(a, "check", None)
                    if outcome.status == "added" and found is not None and settings is not None \
                            and found[0] == settings.fingerprint:
                        checked[outcome.item_id] = found
                    f = a.facts
                    if thumbs is not None and f.content_hash:
                        thumbs.want(outcome.item_id, (path, f.content_hash, f.orientation, f.size, f.mtime_ns))
            if ok_paths:
                catalog.clear_import_errors(ok_paths)
            seen = [a for _, (kind, a, _) in ready if kind == "unchanged"]
            if seen:
                catalog.mark_seen_in_run(seen)
            if gallery_id is not None and batch_ids:
                summary.into_gallery += catalog.add_to_gallery(gallery_id, batch_ids)
            if check and batch_ids:
                check_batch(batch_ids, checked)
        summary.item_ids += batch_ids
        ready.clear()
        last_commit = time.monotonic()
        report(outcomes)
        if thumbs is not None:
            thumbs.poll()

    def check_batch(batch_ids: list[int], checked: dict[int, Any]) -> None:
        """The rules on the batch's new, changed and stale items, in the batch's transaction:
        an item is never visible without its findings. New files come checked by the workers
        (``read_check_many``); the rest is checked here."""
        from app.validation import check_items, store_checked  # noqa: PLC0415

        assert settings is not None
        results = store_checked(catalog, checked) if checked else {}
        stale = [i for i, st in catalog.check_records(batch_ids).items() if st.stale and i not in checked]
        if stale:
            if not rules:  # loaded only when something needs checking here
                rules.append(settings.context(catalog))
            results.update(check_items(catalog, stale, rules[0], settings.fingerprint))
        for item_id, found in results.items():
            summary.checked += 1
            checked_ids.append(item_id)
            for f in found:
                summary.errors += f.severity.value == "error"
                summary.warnings += f.severity.value == "warning"

    def gallery_pass() -> None:
        """The gallery rules (name-variant) over the gallery, after its items' own rules, as
        ``check --gallery`` runs them: the import's counts are then the check's (the fifth walk's
        import said 76 warnings where the check said 78), and the check finds them current."""
        from app.validation import refresh_gallery_rules  # noqa: PLC0415

        assert settings is not None and gallery_id is not None
        if not rules:
            rules.append(settings.context(catalog))
        if not refresh_gallery_rules(catalog, gallery_id, ctx=rules[0]):
            return
        summary.errors = summary.warnings = 0
        for found in catalog.findings(checked_ids).values():
            for f in found:
                summary.errors += f.severity.value == "error"
                summary.warnings += f.severity.value == "warning"

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
            if not sidecar_changed(path, rec.read_at_ns, rec.sidecar):
                # What its thumbnail is made from, should it be missing (an import killed
                # before it got there).
                return ("unchanged", rec.id, (rec.content_hash, st.st_size, st.st_mtime_ns)), 0
        return None, st.st_size

    # Many new files: one reader starts on them while this process loads the rules, and the
    # pool forks after that load (see _EarlyReader). Only where the pool forks too.
    prechecked: dict[str, tuple[tuple[str, Any, Any] | None, int]] = {}
    early: dict[str, _Slot | _Done] = {}  # the first new files: read by the early reader or here
    early_values: list[tuple[str, bytes]] = []  # (path, its reading as the early reader pickled it)
    if settings is not None and jobs > 1 and "fork" in get_all_start_methods() \
            and threading.active_count() == 1 and not (cancel is not None and cancel.is_set()):
        for path in files[:EARLY_PREFIX]:
            prechecked[path] = precheck(path)
        new = [path for path, (decided, _) in prechecked.items() if decided is None]
        if len(new) >= EARLY_MIN_FILES:
            from app.spelling import preload  # noqa: PLC0415

            reader = _EarlyReader(new, max_bytes)
            try:
                # What the pool's workers inherit is loaded while the reader reads: the rules,
                # the dictionaries (whatever the first caption holds), the reading modules.
                # Before, this process first waited for the reader's first reading (~0.1 s, a
                # core idle) and imported the reading modules after the reader stopped (~50 ms).
                settings.context()
                preload()
                _warm_imports()
                first = reader.first()
                if first is not None:
                    # Its first reading is checked here: the rules' first run loads the rest.
                    early[new[0]] = _Done(check_many([first], settings)[0])
            finally:
                readings = reader.finish()
            if early:
                early_values = list(zip(new[1:], readings, strict=False))  # as far as it got

    frozen = bool(early)
    if frozen:
        # What this process loaded for the rules lives as long as the import: out of the cyclic
        # collector's sight (here and in the workers that inherit it), its full collections no
        # longer walk it, nor do the workers' touch its pages (a copy each). Collections over the
        # whole CLI import (the process, the reader, two workers; /tmp gc.callbacks harness, two
        # runs each): 176, 138 ms -> 70, 69 ms of CPU.
        gc.freeze()
    pool = _pool(jobs) if jobs > 1 and len(files) > 1 else None
    # Chunks big enough to cut round trips, small enough that every worker gets several.
    chunk_size = max(1, min(MAX_CHUNK, len(files) // (jobs * 4)))
    if early_values:  # the warm workers check them first (the oldest files of the window)
        assert pool is not None
        for i in range(0, len(early_values), chunk_size):
            part = early_values[i:i + chunk_size]
            fut = pool.submit(check_pickled, [blob for _, blob in part], settings)
            for n, (path, _) in enumerate(part):
                slot = _Slot(n)
                slot.future, slot.size = fut, len(part)
                early[path] = slot
    # Bounded memory (a reading is a few KB; file bytes never come back), yet deep enough that
    # the workers keep reading while this process stores and checks a batch, or loads the
    # rules before the first one (~0.2 s): with 56 files in flight they sat idle then.
    in_flight = max(jobs * 3 * chunk_size + chunk_size, 4 * batch_size)
    window: deque[tuple[str, _Slot | _Done]] = deque()
    chunk: list[str] = []
    chunk_slots: list[_Slot] = []
    chunk_bytes = 0

    def send_chunk() -> None:
        nonlocal chunk_bytes
        if not chunk:
            return
        assert pool is not None
        fut = (pool.submit(read_check_many, list(chunk), thumbs_dir, settings, max_bytes) if settings is not None
               else pool.submit(read_many, list(chunk), thumbs_dir, max_bytes))
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
            for p, f in early.items():  # early readings not in the window yet
                early[p] = _salvage(p, f, thumbs_dir, max_bytes)
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
            decided, size = (None, 0) if path in early else prechecked.pop(path, None) or precheck(path)
            if path in early:
                window.append((path, early.pop(path)))
            elif decided is not None:
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
            if thumbs is not None:
                # Every reading is on its way: the workers take thumbnails next, while the last
                # batches are stored and checked here.
                thumbs.start(pool)
        while window:
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            take_next()
        commit()
        if checked_ids and gallery_id is not None and not summary.cancelled:
            gallery_pass()
        summary.checked_seconds = time.monotonic() - started
        if on_checked is not None:
            on_checked(summary)
        if thumbs is not None and not summary.cancelled:
            try:
                thumbs.start(pool)  # (again: a pool that broke on a reading was replaced)
                pool = thumbs.finish()
            except sqlite3.Error as exc:
                # The catalog is complete and checked (committed above); only the thumbnails'
                # keys could not be stored. The seventh walk's full disk lost the whole summary
                # to "catalog error: the disk is full", the 119 photos imported unsaid.
                from app.catalog import describe_error  # noqa: PLC0415

                summary.thumbnails_stopped = describe_error(exc, catalog.path).split("; nothing was changed")[0]
                pool = thumbs.pool
        summary.thumbnails_seconds = time.monotonic() - started
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if thumbs is not None:
            # The pool is shut: the last batch (stored below, after an interruption too) must
            # not send it thumbnails; the next import makes them. The ninth walk's Ctrl-C
            # ended in "cannot schedule new futures after shutdown" and a traceback.
            thumbs.pool = None
        if frozen:
            gc.unfreeze()
        commit()
    summary.seconds = time.monotonic() - started
    return summary


class _Thumbnails:
    """The thumbnails an import's items lack, made by its workers (already warm) once every
    metadata chunk is on its way (the pool runs tasks in order, so the readings come first),
    in any order; their keys are stored every ``THUMB_NOTICE_S``. A thumbnail names a picture
    (content hash); the items showing it get its key."""

    def __init__(self, catalog: Catalog, jobs: int, thumbs_dir: str, summary: ImportSummary,
                 cancel: threading.Event | None, on_thumbnails: ThumbnailsCallback | None) -> None:
        from app.thumbnails import ThumbnailCache  # noqa: PLC0415

        self.catalog, self.jobs, self.dir, self.summary = catalog, jobs, thumbs_dir, summary
        self.cancel, self.on_thumbnails = cancel, on_thumbnails
        self.cache = ThumbnailCache(thumbs_dir)
        self.wants: dict[str, tuple[ThumbTask, list[int]]] = {}  # hash -> (task, item ids)
        self.queued: list[ThumbTask] = []  # not submitted yet
        self.futures: dict[Future, tuple[list[ThumbTask], ProcessPoolExecutor]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.open = False  # whether tasks go to the pool as they come (the readings are all sent)
        self.done = 0
        self.made: dict[str, str | None] = {}  # hash -> None (there) or the reason it is not
        self.landed: dict[int, str] = {}  # item id -> key, not stored yet
        self.warned: dict[int, str] = {}  # item id -> why it has no thumbnail, not stored yet
        self.last = time.monotonic()
        self.announce = False  # on_thumbnails only once the catalog is complete
        self.unannounced: list[int] = []  # keys stored before that, told with the first notice after

    def want(self, item_id: int, task: ThumbTask) -> None:
        key = task[1]
        entry = self.wants.get(key)
        if entry is not None:
            if item_id not in entry[1]:
                entry[1].append(item_id)
            if self.made.get(key, "") is None:  # already there: this item gets the key too
                self.landed[item_id] = key
            return
        self.wants[key] = (task, [item_id])
        if self.cache.path(key).exists():  # made by an earlier import (killed before it stored the key)
            self._land(key, None, made=False)
        else:
            self.queued.append(task)
            if self.open:
                self._submit()

    def start(self, pool: ProcessPoolExecutor | None) -> None:
        """Every reading is on its way: thumbnails may go to the pool from now on."""
        self.pool, self.open = pool, True
        self._submit()

    def _submit(self, final: bool = False) -> None:
        if self.pool is None:
            return
        chunk = max(1, min(MAX_CHUNK, len(self.wants) // (self.jobs * 4)))
        while self.queued and (final or len(self.queued) >= chunk):
            tasks, self.queued = self.queued[:chunk], self.queued[chunk:]
            self.futures[self.pool.submit(thumbnail_many, tasks, self.dir)] = (tasks, self.pool)

    def _stopped(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.summary.cancelled = True
        return self.summary.cancelled

    def _land(self, key: str, reason: str | None, made: bool = True) -> None:
        if key in self.made:  # made again after a worker crash
            return
        self.made[key] = reason
        task, ids = self.wants[key]
        self.done += 1
        if reason is None:
            self.summary.thumbnails_made += made
            self.landed.update((i, key) for i in ids)
        else:
            self.summary.thumbnail_failures.append((task[0], reason))
            self.warned.update((i, f"no thumbnail: {reason}") for i in ids)  # the inspector shows it

    def flush(self, force: bool = False) -> None:
        """Store the keys that landed (at most every THUMB_NOTICE_S unless ``force``)."""
        if self.warned and force:
            self.catalog.add_read_warnings(self.warned)
            self.warned.clear()
        if (self.landed or (self.announce and self.unannounced)) \
                and (force or time.monotonic() - self.last >= THUMB_NOTICE_S):
            ids = list(self.landed)
            if self.landed:
                self.catalog.set_thumb_keys(self.landed)
            self.landed.clear()
            self.last = time.monotonic()
            if not self.announce:
                # Landed while the last batches were stored: a tile still showing its placeholder
                # learns of it with the first notice (it was never told when the store was slow).
                self.unannounced += ids
            elif self.on_thumbnails is not None:
                ids, self.unannounced = self.unannounced + ids, []
                self.on_thumbnails(self.done, len(self.wants), ids)

    def poll(self) -> None:
        """Land what the workers finished, without waiting (between metadata batches)."""
        for fut in [f for f in self.futures if f.done()]:
            self._collect(fut)
        self.flush()

    def _collect(self, fut: Future) -> list[ThumbTask]:
        """Land a finished chunk. A chunk the current pool broke under is returned (its files
        are made again one by one); one of a pool replaced since (a reading crashed it, and
        its shutdown cancelled the chunk) is sent to the new pool."""
        tasks, pool = self.futures.pop(fut)
        try:
            results = fut.result()
        except (BrokenProcessPool, CancelledError):
            if pool is not self.pool and self.pool is not None:
                self.queued += tasks
                self._submit(final=True)
                return []
            return tasks
        except Exception as exc:  # e.g. a result too big to send back
            results = [(t[1], _one_line(exc)) for t in tasks]
        for key, reason in results:
            self._land(key, reason)
        return []

    def finish(self) -> ProcessPoolExecutor | None:
        """Make every thumbnail still wanted; returns the pool to shut down (None when a worker
        died on a file and the rest were made one per fresh worker)."""
        self.announce = True
        if self.pool is None:
            for task in self.queued:
                if self._stopped():
                    break
                self._land(*thumbnail_one(task, self.dir))
                self.flush()
            self.queued = []
        self._submit(final=True)
        alone: list[ThumbTask] = []
        while self.futures and not self._stopped():
            finished, _ = wait(list(self.futures), timeout=THUMB_NOTICE_S, return_when=FIRST_COMPLETED)
            for fut in finished:
                alone += self._collect(fut)
            if alone:
                # A worker died on a file (a native decoder crash): every unfinished chunk fails
                # with the pool. Their files are made again one per fresh worker, so only the
                # file that kills its worker fails.
                alone += [t for tasks, _ in self.futures.values() for t in tasks]
                self.futures.clear()
            self.flush()
        if alone and self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            for task in alone:
                if self._stopped():
                    break
                self._land(*_thumbnail_isolated(task, self.dir))
                self.flush()
        self.flush(force=True)
        return self.pool


def _succeeded(fut: Future) -> bool:
    return fut.done() and not fut.cancelled() and fut.exception() is None


def _thumbnail_isolated(task: ThumbTask, thumbs_dir: str) -> tuple[str, str | None]:
    pool = _pool(1)
    try:
        return pool.submit(thumbnail_one, task, thumbs_dir).result()
    except BrokenProcessPool:
        return task[1], "the thumbnail maker crashed on this file"
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
