"""``creditline catalog check | backup | backups | restore``: the catalog file itself.

Every command that opens a catalog runs ``PRAGMA quick_check`` first and refuses a damaged
one with the way out; once a day it also keeps a backup beside it (``<name>-backups/``, the
last 7, or the ``backup_keep`` setting). These commands do the same by hand, and put a
backup back: the file it replaces is kept beside it, never deleted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, open_catalog


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "catalog", parents=[common], help="check, back up or restore the catalog file",
        description="Check the catalog file for damage, back it up, list its backups or put one back.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = actions.add_parser("check", parents=[common], help="check the file (exit 1 when it is damaged)")
    c.add_argument("--full", action="store_true", help="PRAGMA integrity_check (indexes too; slower)")
    actions.add_parser("backup", parents=[common], help="back the catalog up now")
    actions.add_parser("backups", parents=[common], help="list the backups, newest first")
    r = actions.add_parser("restore", parents=[common],
                           help="put a backup in place of the catalog (default: the newest)")
    r.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file (see `creditline catalog backups`)")
    p.set_defaults(func=run)


def _path(args: argparse.Namespace) -> Path:
    from app import paths  # noqa: PLC0415

    return paths.resolve_catalog_path(getattr(args, "catalog", None))


def run(args: argparse.Namespace) -> int:
    from app.catalog import (  # noqa: PLC0415
        Catalog,
        CatalogError,
        _quick_check,
        backups_of,
        damaged_message,
        describe_error,
        restore_backup,
    )

    path = _path(args)
    if args.action == "backups":
        found = backups_of(path)
        for b in found:
            st = b.stat()
            when = dt.datetime.fromtimestamp(st.st_mtime).strftime("%Y-%m-%d %H:%M")
            print(f"{b}  {when}  {st.st_size / 2**20:.1f} MB")
        if not found:
            print(f"no backups of {path}")
        return EXIT_OK
    if args.action == "restore":
        try:
            used, moved = restore_backup(path, Path(args.backup) if args.backup else None)
        except CatalogError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"cannot restore: {exc.strerror or exc}") from None
        except sqlite3.Error as exc:
            raise UsageError(f"cannot restore: {describe_error(exc, path)}") from None
        print(f"restored {path} from {used}")
        if moved is not None:
            print(f"the file it replaced is kept as {moved}")
        return EXIT_OK
    if not path.is_file():
        raise UsageError(f"{path}: no such catalog")
    if args.action == "check":
        problem = _quick_check(path, read_only=True)
        if problem is None and args.full:
            with Catalog.open(path, check=False) as cat:
                problem = cat.integrity_check()
        if problem:
            print(f"creditline: {damaged_message(path, problem)}", file=sys.stderr)
            return EXIT_FINDINGS
        print(f"{path}: ok ({'integrity_check' if args.full else 'quick_check'})")
        return EXIT_OK
    with open_catalog(args) as cat:  # "backup": checked on open; a damaged catalog is refused
        if cat.read_only is not None:
            raise UsageError(f"{path} is read-only ({cat.read_only}); its backups folder cannot be written either")
        made = cat.backup()
    print(f"backed up {path} to {made}")
    return EXIT_OK
