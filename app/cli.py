"""``creditline``: the command line, for people and for newsroom pipelines.

Exit codes: 0 success, 1 findings or failures reported, 2 usage or I/O error.
With no sub-command it opens the desktop app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.commands import COMMAND_MODULES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader closed


class UsageError(Exception):
    """Bad arguments or unusable input: printed without a traceback, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"creditline: error: {message}\n")


def open_catalog(args: argparse.Namespace):
    """The catalog named by ``--catalog`` (or the default); any failure to open it is one line, exit 2."""
    import sqlite3  # noqa: PLC0415

    from app.catalog import Catalog, CatalogError  # noqa: PLC0415 - keeps `creditline --help` fast

    try:
        return Catalog.open(getattr(args, "catalog", None))
    except (CatalogError, OSError, sqlite3.Error) as exc:
        raise UsageError(" ".join(str(exc).split())) from None


def common_options() -> argparse.ArgumentParser:
    """Options every sub-command takes (``--catalog``)."""
    p = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a sub-command's own default must not overwrite `creditline --catalog X cmd`.
    p.add_argument("--catalog", metavar="PATH", default=argparse.SUPPRESS,
                   help="catalog file (default: $CREDITLINE_CATALOG or the user data folder)")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="creditline", description="Check and fix photo credits and captions.",
                     parents=[common_options()])
    parser.add_argument("--version", action="version", version=f"creditline {__version__}")
    parser.set_defaults(catalog=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command is not built yet
                continue
            raise
        module.register(sub, common_options())
    return parser


def dumps(obj: object) -> str:
    """JSON for standard output: UTF-8 text, with control and format characters and non-UTF-8
    file names as ``\\u`` escapes (the same data; nothing a terminal would act on)."""
    import json  # noqa: PLC0415

    from app.terminal import json_escapes  # noqa: PLC0415

    return json_escapes(json.dumps(obj, ensure_ascii=False, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    from app.terminal import guard_streams  # noqa: PLC0415

    guard_streams()  # text from files reaches the terminal with its control characters escaped
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        try:
            from ui.app import run_app  # noqa: PLC0415 - the desktop app is optional for the CLI
        except ImportError:
            parser.print_help()
            return EXIT_OK
        return run_app(catalog=args.catalog)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"creditline: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("creditline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`creditline list | head`): say nothing, like other Unix tools,
        # and point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        print(f"creditline: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
