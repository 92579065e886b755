"""``creditline import | galleries | list | show | set | move``: the catalog from the command line."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import Any

from app import codes
from app.catalog import Catalog
from app.cli import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    MAX_ID,
    MAX_JOBS,
    UsageError,
    dumps,
    find_gallery,
    nonblank,
    open_catalog,
)
from app.fields import BY_KEY, FIELD_KEYS, FIELDS, validate_value
from app.marks import COLOR_CLASSES, label_for_key, marks_text
from app.model import Item, Value
from app.terminal import display_path, raw_stream


def _catalog_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A catalog another program keeps locked past the busy timeout, or a damaged file,
    is a one-line error (exit 2), not a traceback."""
    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except sqlite3.Error as exc:
            from app.catalog import describe_error  # noqa: PLC0415
            from app.paths import resolve_catalog_path  # noqa: PLC0415

            raise UsageError(f"catalog error: {describe_error(exc, resolve_catalog_path(args.catalog))}") from None
    return run


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("import", parents=[common], help="import photos (files and folders, recursive)",
                              description="Import photos into the catalog. Unchanged files are skipped; "
                                          "edits made in the catalog are never overwritten.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--gallery", metavar="NAME", type=nonblank,
                   help="also add the photos to this gallery (created if needed)")
    p.add_argument("--jobs", type=_positive_int, metavar="N", help="worker processes (default: CPU count)")
    p.add_argument("--no-thumbnails", action="store_true", help="do not make thumbnails")
    p.add_argument("--max-file-size", type=_size, metavar="SIZE", default=None,
                   help="fail files bigger than this (bytes, or with K, M, G: 512M; default 1G)")
    p.set_defaults(func=cmd_import, exit_at_once=True)  # see app.cli._exit_at_once

    p = subparsers.add_parser("galleries", parents=[common], help="list galleries")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_galleries)

    p = subparsers.add_parser("list", parents=[common], help="list items (of a gallery, in its order)")
    p.add_argument("--gallery", metavar="NAME", type=nonblank)
    p.add_argument("--label", metavar="LABEL", help="only items with this colour label (a name, or 1-8 for "
                                                    "the colour classes; '' for none)")
    p.add_argument("--tagged", action="store_true", help="only tagged items")
    p.add_argument("--stars", type=_stars, metavar="N", help="only items rated at least N stars (1-5)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_list)

    p = subparsers.add_parser("show", parents=[common], help="every field of one item: value, file value, source",
                              description=f"Every field of one item. {ITEM_HELP}")
    _item_arguments(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser("set", parents=[common], help="edit fields of one item (FIELD=VALUE)",
                              description="Edit fields in the catalog (not in the file; see `write`). "
                                          "List fields (creators, keywords) take ';'-separated values. "
                                          f"{ITEM_HELP} Fields: {', '.join(FIELD_KEYS)}")
    _item_arguments(p)
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.set_defaults(func=cmd_set)

    p = subparsers.add_parser("move", parents=[common], help="change a gallery's order: move photos to a position",
                              description="Move photos of a gallery so the first lands at position --to, the "
                                          "others after it in the order given (the app's drag, or Alt+Home). "
                                          "ITEM is a position in the gallery (--gallery NAME N), NAME#N, or #ID.")
    p.add_argument("items", nargs="+", metavar="ITEM", help="the photos to move: positions with --gallery, NAME#N, #ID")
    p.add_argument("--gallery", metavar="NAME", type=nonblank, help="the gallery; ITEM is a position (1, 2, ...) in it")
    p.add_argument("--to", metavar="POSITION", type=_position, required=True,
                   help="where the first photo lands (1: the start; past the last: the end)")
    p.set_defaults(func=cmd_move)


ITEM_HELP = ("ITEM is the id `check` and `list` print as #ID (with or without the '#'), or a position in "
             "a gallery: --gallery NAME N, or NAME#N.")


def _item_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM",
                   help="#ID, ID, a gallery position (--gallery NAME N, NAME#N), or the path of a photo in the catalog")
    p.add_argument("--gallery", metavar="NAME", type=nonblank, help="ITEM is a position (1, 2, ...) in this gallery")


def resolve_item(cat: Catalog, ref: str, gallery: str | None = None) -> int:
    """The catalog id an item reference names: "17" or "#17" (an id), "NAME#4" or, with
    ``gallery``, "4" (the 4th item of that gallery, as its tiles and ``check`` number it), or
    the path of a photo the catalog holds (as ``provenance`` takes one)."""
    ref = ref.strip()
    looks_like_path = gallery is None and (os.sep in ref or os.path.exists(ref))
    if looks_like_path and not ref.lstrip("#").isdigit():
        rec = cat.file_record(os.path.abspath(os.path.expanduser(ref)))
        if rec is not None:
            return rec.id
    name, sep, number = ref.rpartition("#")
    if sep and name:
        gallery = name
    elif sep:  # "#17"
        gallery = None
    text = number.strip() if sep else ref
    try:
        n = int(text)
    except ValueError:
        if looks_like_path:
            # A path the catalog does not hold (a gallery "NAME#N" with a slash was tried above).
            why = "not in the catalog (import it first)" if os.path.exists(ref) else "no such file in the catalog"
            raise UsageError(f"{ref}: {why}") from None
        what = "a gallery position" if gallery else "an item id"
        raise UsageError(f"not {what}: {ref!r} (an item is #ID, ID, NAME#POSITION or the path of a photo "
                         "in the catalog)") from None
    if gallery is None:
        if not 1 <= n <= MAX_ID:
            raise UsageError(f"no item has the id {n} (ids are 1 to {MAX_ID})")
        _item(cat, n)
        return n
    ids = cat.gallery_item_ids(_gallery_id(cat, gallery))
    if not 1 <= n <= len(ids):
        raise UsageError(f"no item at position {n} of gallery {gallery!r} (it has {len(ids)})")
    return ids[n - 1]


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= n <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"give 1 to {MAX_JOBS}")
    return n


def _position(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a position: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("positions start at 1")
    return n


_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "g": 1 << 30, "gb": 1 << 30,
          "t": 1 << 40, "tb": 1 << 40}


def _size(text: str) -> int:
    number = text.strip().rstrip("bBkKmMgGtT")
    unit = text.strip()[len(number):].lower()
    try:
        n = float(number)
    except ValueError:
        n = -1.0
    if unit not in _UNITS or not 1 <= n * _UNITS[unit] <= 1 << 50 or n != n:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (give bytes, or a number with K, M or G)")
    return int(n * _UNITS[unit])


# -- import -----------------------------------------------------------------------------

class _ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: Any, unit: str = "files") -> None:
        self.stream = stream
        self.unit = unit
        self.last = 0.0

    def __call__(self, done: int, total: int, *_: Any) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {self.unit}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _checked_line(s: Any) -> str:
    """"catalog complete: 1000 items of this import (1000 checked: 12 errors, 40 warnings) in 1.21 s":
    the items this import read, not the catalog's (the sixth walk read "2 items" of a 1,184-item
    catalog as the catalog's count)."""
    items = s.added + s.updated + s.unchanged + s.relinked
    found = f"{s.errors} error{'s' * (s.errors != 1)}, {s.warnings} warning{'s' * (s.warnings != 1)}"
    return (f"catalog complete: {items} item{'s' * (items != 1)} of this import ({s.checked} checked: {found}) "
            f"in {s.checked_seconds:.2f} s")


@_catalog_errors
def cmd_import(args: argparse.Namespace) -> int:
    from app.importer import import_paths  # noqa: PLC0415 - keeps `creditline list` start-up light

    if args.paths and not any(os.path.lexists(p) for p in args.paths):
        # A wrong path is usage trouble, said in one line before the catalog is touched: the
        # ninth walk's `import /no/such/folder` printed "catalog complete: 0 items of this
        # import …", "failed 1", "6.0 files/s" and exit 1, as if a photo had failed.
        shown = ", ".join(display_path(p) for p in args.paths)
        raise UsageError(f"nothing to import: no such file or folder: {shown}")
    cat = open_catalog(args, writes="import photos into it", new_ok=True)
    tty = sys.stderr.isatty()
    thumbs = _ProgressBar(raw_stream(sys.stderr), "thumbnails") if tty else None

    complete: list[Any] = []  # the summary, once the catalog is complete: what Ctrl-C after it says

    def checked(s: Any) -> None:
        # Printed (and flushed) the moment the catalog is complete: the photos can be browsed and
        # gated while their thumbnails are made.
        complete.append(s)
        print(_checked_line(s), flush=True)

    bar = _ProgressBar(raw_stream(sys.stderr)) if tty else None
    reached = [0, 0]  # files done, of how many: what an interruption says

    def progress(done: int, total: int, outcome: str) -> None:
        reached[:] = [done, total]
        if bar is not None:
            bar(done, total, outcome)

    try:
        limit = {"max_bytes": args.max_file_size} if args.max_file_size else {}
        summary = import_paths(cat, args.paths, gallery=args.gallery, jobs=args.jobs, progress=progress,
                               thumbnails=not args.no_thumbnails, on_checked=checked,
                               on_thumbnails=thumbs, **limit)
    except KeyboardInterrupt:
        # Ctrl-C: what was read is committed (the importer's last batch too). The ninth walk's
        # 500-file import said only "creditline: interrupted", and the editor could not tell
        # whether the 121 photos read were kept or what to do next.
        done, total = reached
        if complete:
            # Every file was read and the catalog is complete and checked: only thumbnails were
            # being made. The tenth walk's Ctrl-C there said "interrupted after 528 of 528 files
            # … to add the rest" and never named the 24 files that had failed.
            for path, reason in complete[0].failures:
                print(f"creditline: failed: {display_path(path)}: {reason}", file=sys.stderr)
            print("\ncreditline: interrupted while the thumbnails were made; every file was read and the catalog "
                  "is complete and checked (run the same import again to make the missing thumbnails)",
                  file=sys.stderr)
            return EXIT_INTERRUPTED
        if not done:
            print("\ncreditline: interrupted before any photo was imported", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"\ncreditline: interrupted after {done:,} of {total:,} files; the photos imported so far are kept in "
              "the catalog (run the same import again to add the rest: those already in come out unchanged)",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        cat.close()
    if summary.thumbnails_made or summary.thumbnail_failures:
        made, failed, new = summary.thumbnails_made, len(summary.thumbnail_failures), summary.added
        # One thumbnail per picture: "98 made" after 100 photos added read as two lost (walk 5).
        shared = (f" for {new} photos (identical pictures share one)"
                  if made + failed < new and not summary.thumbnails_stopped else "")
        print(f"thumbnails: {made} made{shared}, {failed} failed, in {summary.thumbnails_seconds:.2f} s", flush=True)
    for path, reason in summary.failures:
        print(f"creditline: failed: {display_path(path)}: {reason}", file=sys.stderr)
    for path, reason in summary.skipped_files:  # what "skipped (unsupported) N" counts, each named
        print(f"creditline: skipped: {display_path(path)}: {reason}", file=sys.stderr)
    for path, reason in summary.thumbnail_failures:
        print(f"creditline: no thumbnail: {display_path(path)}: {reason}", file=sys.stderr)
    for path, key in summary.conflicts:
        print(f"creditline: conflict: {display_path(path)}: {key} was edited in the catalog and changed in the file; "
              "kept the catalog's value", file=sys.stderr)
    print(summary.report())
    return EXIT_FINDINGS if summary.failed or summary.unreadable_folders or summary.thumbnails_stopped else EXIT_OK


# -- galleries, list, show --------------------------------------------------------------

@_catalog_errors
def cmd_galleries(args: argparse.Namespace) -> int:
    with open_catalog(args, must_exist=True) as cat:
        galleries = cat.galleries()
    if args.format == "json":
        print(dumps({"galleries": [
            {"id": g.id, "name": g.name, "title": g.title, "status": g.status.value, "items": g.item_count,
             "news": g.news, "web": g.web, "created": g.created, "modified": g.modified} for g in galleries]}))
        return EXIT_OK
    if not galleries:
        # Which catalog: the walk made its gallery in the app's demo catalog (`make run`) and the
        # shell's `creditline galleries` read the default one, saying only "no galleries".
        print(f"no galleries in {cat.path}")
    for g in galleries:
        title = f" — {g.title}" if g.title and g.title != g.name else ""
        flags = ("" if g.news else ", not news") + (", for the web" if g.web else "")
        print(f"{g.name}{title}  [{g.status.value}, {g.item_count} item{'s' * (g.item_count != 1)}{flags}]")
    return EXIT_OK


def _gallery_id(cat: Catalog, name: str) -> int:
    return int(find_gallery(cat, name).id)


def _text(value: Value) -> str:
    return "; ".join(value) if isinstance(value, list) else value


@_catalog_errors
def _stars(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 5:
        raise argparse.ArgumentTypeError(f"stars must be a whole number from 1 to 5, not {text!r}")
    return n


def cmd_list(args: argparse.Namespace) -> int:
    with open_catalog(args, must_exist=True) as cat:
        gid = _gallery_id(cat, args.gallery) if args.gallery else None
        label = _label(args.label) if args.label is not None else None
        ids = cat.item_ids(gallery=gid, label=label, tagged=True if args.tagged else None, min_rating=args.stars)
        items = cat.items(ids, gallery=gid)
    if args.format == "json":
        print(dumps({"items": [{"id": i.id, "path": i.path, "position": i.position,
                                "fields": {k: i.fields[k] for k in FIELD_KEYS}} for i in items]}))
        return EXIT_OK
    for i in items:
        where = display_path(i.path) or "(caption only)"
        pos = f"{i.position:>4}  " if i.position is not None else ""
        summary = _text(i.fields.get("headline") or "") or _text(i.fields.get("caption") or "")
        summary = " ".join(summary.split())
        marks = marks_text(i.fields)
        print(f"{pos}#{i.id}  {where}  {f'[{marks}]  ' if marks else ''}{summary[:70]}")
    if not items:
        print("no items")
    return EXIT_OK


def _item(cat: Catalog, item_id: int) -> Item:
    try:
        return cat.item(item_id)
    except KeyError:
        raise UsageError(f"no item with id {item_id}") from None


@_catalog_errors
def cmd_show(args: argparse.Namespace) -> int:
    with open_catalog(args, must_exist=True) as cat:
        item = _item(cat, resolve_item(cat, args.item, args.gallery))
        places = cat.item_galleries(item.id)
        provenance = cat.provenance(item.id)
    if item.write_failure is not None and item.pending:
        from app.writeback import failure_now  # noqa: PLC0415 - the writer loads only when a write failed

        # Said as the file stands now: one put back since the write was refused is not "missing".
        item.write_failure = failure_now(item.write_failure, item.path, item.facts.format if item.facts else None)
    if args.format == "json":
        out = {"id": item.id, "path": item.path, "kind": item.kind, "status": item.status,
               "facts": vars(item.facts) if item.facts else None, "read_warnings": item.warnings,
               "provenance": provenance.to_json() if provenance else None,
               "write_failure": vars(item.write_failure) if item.write_failure else None,
               "fields": {k: {"value": item.fields[k], "embedded": item.embedded.get(k),
                              "source": item.sources.get(k)} for k in FIELD_KEYS}}
        print(dumps(out))
        return EXIT_OK
    print(f"#{item.id}  {display_path(item.path) or '(caption only)'}")
    if places:
        print(f"    in {', '.join(f'{name} ({pos})' for name, pos in places)}")
    if item.facts:
        f = item.facts
        size = f"{f.width}x{f.height}" if f.width and f.height else "size unknown"
        print(f"    {f.format}, {size}, captured {f.capture_time or 'unknown'}{f.capture_offset or ''}")
        from app.provenance import summary  # noqa: PLC0415

        print(f"    Content Credentials: {summary(provenance)}")
        from app.provenance_write import sidecar_note  # noqa: PLC0415

        if note := sidecar_note(item):
            print(f"    {note}")
    for w in item.warnings:
        print(f"    warning: {w}")
    if item.write_failure is not None and item.pending:  # said while the photo waits to be written
        print(f"    {item.write_failure.text()}")
    width = max(len(f.label) for f in FIELDS)
    for f in FIELDS:
        value = _text(item.fields[f.key])
        source = item.sources.get(f.key) or "-"
        print(f"{f.label:<{width}}  [{source}] {value}")
        embedded = _text(item.embedded.get(f.key) or "")
        if source == "edited" and embedded != value:
            print(f"{'':<{width}}  (in the file: {embedded or 'blank'})")
    return EXIT_OK


# -- set --------------------------------------------------------------------------------

def parse_assignments(assignments: list[str]) -> dict[str, Value]:
    """``FIELD=VALUE`` arguments as field values; list fields split on ';'."""
    values: dict[str, Value] = {}
    for text in assignments:
        key, sep, raw = text.partition("=")
        key = key.strip()
        if not sep:
            raise UsageError(f"expected FIELD=VALUE, got {text!r}")
        if key not in BY_KEY:
            raise UsageError(f"unknown field {key!r}; valid fields: {', '.join(FIELD_KEYS)}")
        if key == "color_label":
            raw = _label(raw)
        try:
            values[key] = validate_value(key, raw.split(";") if BY_KEY[key].is_list else raw)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return values


def _label(text: str) -> str:
    """A colour label as given: a colour class by its key ("1" is Winner, "0" none), else the name."""
    text = text.strip()
    if text.isdigit():
        if int(text) > len(COLOR_CLASSES):
            raise UsageError(f"no colour label {text}: the keys are 0 (none) to {len(COLOR_CLASSES)}")
        return label_for_key(int(text))
    return text


def expand_codes(values: dict[str, Value], table: codes.CodeTable) -> dict[str, Value]:
    """Code replacements (``=vg=``) expanded in every value, as the app does as you type; the
    result is judged like typed text (a code may expand to a date that is not one)."""
    if not table:
        return values
    try:
        return {k: validate_value(k, [table.expand(x) for x in v] if isinstance(v, list) else table.expand(v))
                for k, v in values.items()}
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@_catalog_errors
def cmd_set(args: argparse.Namespace) -> int:
    values = parse_assignments(args.assignments)
    with open_catalog(args, writes="edit it", must_exist=True) as cat:
        edits = cat.set_fields(resolve_item(cat, args.item, args.gallery), expand_codes(values, codes.load(cat)))
    if not edits:
        print("nothing changed")
    for e in edits:
        print(f"{e.field}: {json.dumps(e.old, ensure_ascii=False)} -> {json.dumps(e.new, ensure_ascii=False)}")
    return EXIT_OK


@_catalog_errors
def cmd_move(args: argparse.Namespace) -> int:
    name = args.gallery or next((ref.strip().rpartition("#")[0] for ref in args.items
                                 if ref.strip().rpartition("#")[0]), None)
    if not name:
        raise UsageError("which gallery? give --gallery NAME (or name the photos NAME#POSITION)")
    with open_catalog(args, writes="reorder a gallery", must_exist=True) as cat:
        gid = _gallery_id(cat, name)
        order = cat.gallery_item_ids(gid)
        moving = list(dict.fromkeys(resolve_item(cat, ref, args.gallery) for ref in args.items))
        absent = next((i for i in moving if i not in set(order)), None)
        if absent is not None:
            raise UsageError(f"no item with id {absent} in gallery {name!r}")
        rest = [i for i in order if i not in set(moving)]
        at = min(args.to - 1, len(rest))
        # move_items takes the row the block lands before, in the order as it is now
        cat.move_items(gid, moving, order.index(rest[at]) if at < len(rest) else len(order))
        now = cat.gallery_item_ids(gid)
        items = {it.id: it for it in cat.items(moving, gallery=gid)}
    for i in moving:
        it = items[i]
        what = _text(it.fields.get("headline") or "") or display_path(it.path) or _text(it.fields.get("caption") or "")
        print(f"#{i}  {' '.join(what.split())[:70]}: {order.index(i) + 1} -> {now.index(i) + 1}")
    return EXIT_OK


__all__ = ["EXIT_USAGE", "open_catalog", "parse_assignments", "register", "resolve_item"]
