"""Word lists parsed once per machine, not once per process.

Every process that runs the rules (an import's workers, each ``check`` worker, the app) parsed
the gazetteer (``resources/places.txt``, 1.7 MB) and the name lists (``names.txt``) from text
before its first caption: ~70 and ~20 ms of CPU each, paid again by every worker of every
import. ``cached(name, build, sources)`` keeps what ``build()`` made in the user cache folder as
``marshal`` data, which loads in ~30 and ~8 ms (building the sets' hash tables is most of that).

An entry is keyed by the path, size and modification time of its source files and of the module
that holds ``build`` (the stamp the check fingerprint trusts for the same files), so a changed
list or a changed parser makes a new entry instead of reading an old one. Anything wrong with the
cache (no cache folder, read-only, a damaged or foreign file) costs only the time to build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app.paths import APP_NAME, resource

T = TypeVar("T")
FORMAT = 1  # bump when what an entry holds changes in a way its key does not show
CACHE_ENV = "CREDITLINE_DATA_CACHE"  # another folder; "" turns the cache off
KEEP = 3  # entries kept per name


def cache_dir() -> Path | None:
    folder = os.environ.get(CACHE_ENV)
    if folder is not None:
        return Path(folder) if folder else None
    import platformdirs  # noqa: PLC0415 - only when a cache is read: an unchanged check reads none

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "data"


def _stamp(paths: list[Path]) -> str | None:
    """The key of an entry: each file's path, size and mtime (None when one cannot be read)."""
    parts: list[Any] = [FORMAT, marshal.version, sys.version_info[:2]]
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        parts.append((str(path), st.st_size, st.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def cached(name: str, build: Callable[[], T], sources: list[Path]) -> T:
    """``build()``, or what it made before from the same ``sources`` and the same code.
    ``build`` must return what ``marshal`` stores (str, int, tuple, list, dict, set, frozenset)."""
    folder = cache_dir()
    module = getattr(sys.modules.get(build.__module__), "__file__", None)
    key = _stamp([*sources, Path(module)]) if folder is not None and module else None
    if folder is None or key is None:
        return build()
    entry = folder / f"{name}-{key}.marshal"
    try:
        return marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not made yet, or damaged: made again below
    value = build()
    tmp = folder / f".{entry.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, entry)  # whole or not at all: another process may be reading it
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return value
    # Entries made from older lists or code: the newest few stay (another checkout may use them).
    older = sorted((p for p in folder.glob(f"{name}-*.marshal") if p != entry), key=_mtime, reverse=True)
    for old in older[KEEP - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return value


@functools.cache
def resource_toml(name: str) -> dict[str, Any]:
    """``resources/NAME``, a TOML file, parsed once per process and kept parsed in the cache.
    caption_words.toml was parsed by six readers of every process that runs the rules (the
    date, place, phrase and language words), credit_forms.toml by two: ~3.3 and ~2.4 ms each,
    where the cached entry loads in ~0.1. Every reader gets the same dict: read it, never
    change it."""
    path = resource(name)
    return cached(f"toml-{Path(name).stem}", lambda: _toml(path), [path])


def _toml(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415

    with open(path, "rb") as fh:
        return tomllib.load(fh)
