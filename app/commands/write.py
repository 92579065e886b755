"""``creditline write``: put the catalog's edited values back into the files.

A file with valid Content Credentials (C2PA) is skipped, with a message, unless
``--sidecar-only``, ``--resign`` or ``--break-credentials`` says what to do with it.

Exit 0 when every file that needed it was written (or, with ``--dry-run``, could be),
1 when some were skipped (changed on disk) or failed (read-only, unwritable format),
2 for usage or I/O trouble (no catalog, unknown gallery).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, no_gallery, nonblank, open_catalog
from app.terminal import around_change, display_path

if TYPE_CHECKING:  # the writer (and exiv2) load when a write runs, not with every command
    from app.metadata.write import WriteOutcome


# The items as `set` and `show` name them, so "--gallery NAME 5" is the photo at position 5 (the
# number on its tile and in `check`), not the catalog id 5: the 13th walk wrote "5" after setting
# photo 5 and got another photo, its own edit left unwritten.
ITEMS_HELP = ("only these items (default: all, or --gallery): #ID or ID as `list` prints it, NAME#N (position N "
              "of gallery NAME), the path of a photo in the catalog, or with --gallery a position N in it")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "write", parents=[common], help="write edited captions and credits back into the files",
        description="Write each item's edited fields into its file: into every block where each lives "
                    "(XMP, IPTC IIM and the EXIF twins), without touching the image data or any value nobody "
                    "edited. RAW, HEIF and AVIF files get an XMP sidecar, the photo untouched. A file changed on disk since it was imported, or "
                    "whose XMP or IIM cannot be parsed, is skipped unless --force.")
    p.add_argument("ids", nargs="*", metavar="ITEM", help=ITEMS_HELP)
    p.add_argument("--gallery", metavar="NAME", type=nonblank,
                   help="only the items of this gallery (default: all items); ITEM is a position in it")
    p.add_argument("--dry-run", action="store_true",
                   help="list, per file, each field that would change (old -> new); write nothing")
    p.add_argument("--force", action="store_true",
                   help="write files that changed on disk since import, and rebuild a metadata block that "
                        "cannot be parsed (what it loses is listed) instead of skipping the file")
    p.add_argument("--backup", action="store_true",
                   help="keep the previous version of each file as NAME.EXT.bak beside it")
    signed = p.add_mutually_exclusive_group()
    signed.add_argument("--sidecar-only", dest="signed", action="store_const", const="sidecar",
                        help="files with valid Content Credentials (C2PA): write an XMP sidecar instead, "
                             "the file untouched (default: skip them)")
    signed.add_argument("--resign", dest="signed", action="store_const", const="resign",
                        help="files with valid Content Credentials: write, then sign again with the catalog's "
                             "signer (`creditline signer`), the old manifest as parent ingredient")
    signed.add_argument("--break-credentials", dest="signed", action="store_const", const="break",
                        help="files with valid Content Credentials: write them anyway, which invalidates "
                             "their Content Credentials")
    p.set_defaults(func=run, reconcile=False, signed="skip")
    r = subparsers.add_parser(
        "reconcile", parents=[common], help="make the XMP, IIM and EXIF copies of each field agree",
        description="For each field whose blocks in the file disagree (an IIM credit that says AP where "
                    "XMP says Reuters), write the value the catalog shows into every block. Nothing else is "
                    "written, and fields with edits not yet written are left to `write`. Run with --dry-run "
                    "first: it lists, per file and field, what each block holds and the value that would "
                    "replace it.")
    r.add_argument("ids", nargs="*", metavar="ITEM", help=ITEMS_HELP)
    r.add_argument("--gallery", metavar="NAME", type=nonblank, help="only the items of this gallery; ITEM is a position in it")
    r.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    r.add_argument("--force", action="store_true", help="write files that changed on disk since import")
    r.add_argument("--backup", action="store_true", help="keep the previous version as NAME.EXT.bak")
    signed = r.add_mutually_exclusive_group()
    signed.add_argument("--resign", dest="signed", action="store_const", const="resign",
                        help="files with valid Content Credentials (C2PA): write, then sign again with the "
                             "catalog's signer (default: skip them)")
    signed.add_argument("--break-credentials", dest="signed", action="store_const", const="break",
                        help="files with valid Content Credentials: write them anyway, which invalidates them")
    r.set_defaults(func=run, reconcile=True, signed="skip")


def _show(value: object) -> str:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return json.dumps(text if len(text) <= 120 else text[:117] + "...", ensure_ascii=False)


def _show_change(old: object, new: object) -> str:
    """``"old" -> "new"``; two long texts both cut around their first difference, so a credit
    added at the end of a long caption is seen (it printed the same 117 characters twice)."""
    if isinstance(old, str) and isinstance(new, str):
        a, b = around_change(old, new, 120, "...")
        return f"{json.dumps(a, ensure_ascii=False)} -> {json.dumps(b, ensure_ascii=False)}"
    return f"{_show(old)} -> {_show(new)}"


def _print_outcome(o: WriteOutcome, dry_run: bool) -> None:
    if o.status in ("unchanged", "no-file"):
        return
    if o.status in ("skipped", "failed"):
        status = f"would be {o.status}" if dry_run and o.status == "skipped" else \
            "would fail" if dry_run else o.status  # nothing was tried yet
        print(f"creditline: {display_path(o.path)}: {status}: {o.message}", file=sys.stderr)
        return
    verb = "would write" if dry_run else "wrote"
    print(f"{verb} {display_path(o.target or o.path)}")
    for c in o.changes:
        print(f"  {c.key}: {_show_change(c.old, c.new)}")
    for lost in o.lost:
        print(f"  lost: {lost}")
    for w in o.warnings:
        print(f"  warning: {w}")
    if o.backup:
        print(f"  backup: {display_path(str(o.backup))}")


def run(args: argparse.Namespace) -> int:
    from app.metadata.write import FILE_MISSING, missing_advice  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415

    catalog = open_catalog(args, writes="write files from it" if not args.dry_run else None, must_exist=True)
    try:
        try:
            ids = catalog.item_ids(gallery=args.gallery) if args.gallery else catalog.item_ids()
        except KeyError:
            raise no_gallery(catalog, args.gallery) from None
        if getattr(args, "ids", None):
            from app.commands.library import resolve_item  # noqa: PLC0415

            known = set(ids)
            chosen = [resolve_item(catalog, ref, args.gallery) for ref in args.ids]
            missing = [i for i in chosen if i not in known]
            if missing:  # "#ID" (or "OTHER#N") of an item the gallery does not hold
                raise UsageError(f"no item with id {missing[0]} in gallery {args.gallery!r}")
            ids = list(dict.fromkeys(chosen))
        report = write_items(catalog, ids, dry_run=args.dry_run, force=args.force, backup=args.backup,
                             reconcile=args.reconcile, progress=lambda _d, _t, o: _print_outcome(o, args.dry_run),
                             signed=args.signed)
    finally:
        catalog.close()
    print(report.summary())
    missing = sum(1 for o in report.outcomes if o.status == "failed" and o.message == FILE_MISSING)
    if missing:
        print(f"creditline: {missing:,} file{'s are' if missing != 1 else ' is'} missing: "
              f"{missing_advice(missing)}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FINDINGS
