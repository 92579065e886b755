"""``creditline``: the command line, for people and for newsroom pipelines.

Exit codes: 0 success, 1 findings or failures reported, 2 usage or I/O error.
With no sub-command it opens the desktop app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from app import interrupted_while_starting
from app.commands import COMMAND_MODULES, COMMANDS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader closed
EXIT_INTERRUPTED = 130  # 128 + SIGINT (Ctrl-C), as a shell reports it


class UsageError(Exception):
    """Bad arguments or unusable input: printed without a traceback, exit 2."""


def one_line(text: str) -> str:
    """``text`` on one line: each line break, with the blanks around it, becomes one space. The
    spaces inside a line stay: a file named "IMG   0001.jpg" is quoted as it is (each run of
    whitespace made one space named a file that was not there)."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", text).strip()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; one line, pointing at the help
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """argparse's "version" action, with the version looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:  # noqa: A002 - argparse's name
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from app import __version__  # noqa: PLC0415

        print(f"creditline {__version__}")
        parser.exit()


def open_catalog(args: argparse.Namespace, writes: str | None = None, must_exist: bool = False,
                 new_ok: bool = False):
    """The catalog named by ``--catalog`` (or the default), checked (``PRAGMA quick_check``)
    and backed up once a day; any failure to open it is one line, exit 2. ``writes`` names
    what the command changes ("import photos"): a read-only catalog is refused up front.
    ``must_exist``: a catalog that is not there is an error, not a new empty one (a gate given
    a mistyped path would otherwise pass an empty catalog, exit 0). Otherwise a catalog that is not
    there is made, and said on stderr unless ``new_ok`` (an import, which makes catalogs): a setting
    given to a mistyped path would land in a new empty catalog unnoticed."""
    import sqlite3  # noqa: PLC0415

    from app import paths  # noqa: PLC0415
    from app.catalog import Catalog, CatalogError, describe_error  # noqa: PLC0415 - keeps --help fast

    where = paths.resolve_catalog_path(getattr(args, "catalog", None))
    made = not where.exists()
    if must_exist and made:
        raise UsageError(f"no catalog at {where} (import photos to make one, or name another with --catalog)")
    try:
        cat = Catalog.open(getattr(args, "catalog", None))
    except CatalogError as exc:
        raise UsageError(one_line(str(exc))) from None
    except (OSError, sqlite3.Error) as exc:
        raise UsageError(_os_error(exc) if isinstance(exc, OSError) else describe_error(exc)) from None
    if made and not new_ok:
        print(f"creditline: note: there was no catalog at {cat.path}: a new, empty one was made", file=sys.stderr)
    if writes and cat.read_only is not None:
        cat.close()
        raise UsageError(f"{cat.path} is read-only ({cat.read_only}); cannot {writes}")
    if cat.read_only is not None and cat.read_only.startswith("the disk is full"):
        # Opened only to read because the disk is full: the command works (a gate still gates),
        # but what it finds is not kept, and the editor should know why before the next step.
        print(f"creditline: warning: {cat.read_only}: the catalog is opened read-only; findings are not "
              "stored until space is freed", file=sys.stderr)
        return cat
    try:
        cat.backup_if_due()
    except (OSError, sqlite3.Error) as exc:  # the command itself may still work: say it, go on
        why = _os_error(exc) if isinstance(exc, OSError) else describe_error(exc, cat.path)
        # Said on every command while it lasts (a gate's log shows it each run), as what it
        # means: the ninth walk read "the daily backup … failed: the disk is full …; nothing was
        # changed by the step that failed" on every command, as if each had changed nothing.
        why = why.split("; nothing was changed")[0]
        print(f"creditline: warning: no backup of the catalog today ({why}); the command went on, "
              "and the next one tries the backup again", file=sys.stderr)
    return cat


def _os_error(exc: OSError) -> str:
    """One line for a file-system error; a full disk says so."""
    import errno  # noqa: PLC0415

    where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}the disk is full"
    return f"{where}{exc.strerror or exc}"


def find_gallery(cat: Any, name: str) -> Any:
    """The gallery named ``name`` exactly, else the UsageError of ``no_gallery``."""
    try:
        return cat.gallery(name)
    except KeyError:
        raise no_gallery(cat, name) from None


def no_gallery(cat: Any, name: str) -> UsageError:
    """The one line for a gallery name the catalog does not hold, saying which it may have
    meant: the name in another case, one it is part of, a near spelling. Names are quoted whole:
    the walk's "galleries: Night desk: storm aftermath, state visit…, Storm Elowen" could not be
    told apart at the commas. Only a suggestion: a gate is never pointed at another gallery."""
    import difflib  # noqa: PLC0415

    names = [g.name for g in cat.galleries()]
    if not names:
        return UsageError(f"no gallery named {name!r}: the catalog {cat.path} has none")
    folded = name.casefold()
    near = [n for n in names if n.casefold() == folded]
    near += [n for n in names if n.casefold().startswith(folded) and n not in near]
    near += [n for n in names if folded in n.casefold() and n not in near]
    near += [n for n in difflib.get_close_matches(name, names, n=3, cutoff=0.6) if n not in near]
    if near:
        shown = " or ".join(repr(n) for n in near[:3]) + (" …" if len(near) > 3 else "")
        return UsageError(f"no gallery named {name!r}; did you mean {shown}?")
    listed = ", ".join(repr(n) for n in names[:5])
    more = f" and {len(names) - 5} more (creditline galleries)" if len(names) > 5 else ""
    return UsageError(f"no gallery named {name!r} (galleries: {listed}{more})")


MAX_ID = (1 << 63) - 1  # SQLite's largest integer
MAX_JOBS = 64


def item_id(text: str) -> int:
    """An item id argument: a whole number SQLite can hold, as `check` and `list` print it
    ("#17") or bare ("17")."""
    try:
        n = int(text[1:] if text.startswith("#") else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an item id: {text!r}") from None
    if not 1 <= n <= MAX_ID:
        raise argparse.ArgumentTypeError(f"no item has the id {text} (ids are 1 to {MAX_ID})")
    return n


def nonblank(text: str) -> str:
    """A gallery name argument: not blank (a blank one would silently mean none)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the name is empty")
    return text.strip()


def _catalog_path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the catalog path is empty (leave --catalog out for the default)")
    return text


def common_options() -> argparse.ArgumentParser:
    """Options every sub-command takes (``--catalog``)."""
    p = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a sub-command's own default must not overwrite `creditline --catalog X cmd`.
    p.add_argument("--catalog", metavar="PATH", default=argparse.SUPPRESS, type=_catalog_path,
                   help="catalog file (default: $CREDITLINE_CATALOG or the user data folder)")
    return p


# What `creditline COMMAND --help` shows last: a night desk's real uses, each one line that
# runs as written (tests/test_cli_help_examples.py parses every one). "  # " starts a note.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "import": ('creditline import --gallery "Storm Elowen" ~/Pictures/storm-elowen',
               "creditline import --no-thumbnails /wire/today  # faster; thumbnails later, in the app"),
    "galleries": ("creditline galleries", "creditline galleries --format json"),
    "list": ('creditline list --gallery "Storm Elowen"',
             'creditline list --gallery "Storm Elowen" --label Winner  # the picks'),
    "show": ('creditline show --gallery "Storm Elowen" 5  # the fifth photo of the gallery',
             "creditline show 17 --format json  # photo #17, as `check` names it"),
    "set": ('creditline set --gallery "Storm Elowen" 8 credit_line=REUTERS source=Reuters',
            'creditline set "Storm Elowen#2" color_label=1 "creators=Rita Lopes; Ana Costa"'),
    "move": ('creditline move --gallery "Storm Elowen" 8 --to 1  # photo 8 first',
             'creditline move "Storm Elowen#3" "Storm Elowen#5" --to 99  # both to the end'),
    "parse-credit": ('creditline parse-credit "Crowds gather in Porto. (AP Photo/Marta Quintela)"',
                     'creditline parse-credit --field credit_line "AFP via Getty Images"'),
    "check": ('creditline check --gallery "Storm Elowen"  # exit 1: an error stops publication',
              'creditline check --gallery "Storm Elowen" --format json | jq .summary.errors'),
    "import-text": ('creditline import-text --gallery "Audit: storm page" page.txt',),
    "export": ('creditline export --gallery "Storm Elowen" -o storm-credits.pdf',
               'creditline export --gallery "Storm Elowen" --format csv -o -  # to standard output'),
    "write": ('creditline write --gallery "Storm Elowen" --dry-run  # what would change, file by file',
              'creditline write --gallery "Storm Elowen" --backup'),
    "reconcile": ('creditline reconcile --gallery "Storm Elowen" --dry-run', "creditline reconcile 17"),
    "demo": ("creditline demo", "creditline demo --no-open  # only build the demo photos and catalog"),
    "agencies": ("creditline agencies list",
                 'creditline agencies add "The Harbor Gazette" --alias "Harbor Gazette"'),
    "replace": ('creditline replace "Calif." California --gallery "Storm Elowen" --field caption --dry-run',),
    "codes": ("creditline codes import desk-codes.txt  # a Photo Mechanic code replacement file",
              "creditline codes list"),
    "spelling": ("creditline spelling add Elowen Mondego", 'creditline spelling check "Strom Elowen hits Porto"'),
    "provenance": ("creditline provenance ~/Pictures/storm-elowen/13-elowen-nazare-wave.jpg",
                   'creditline provenance --gallery "Storm Elowen"  # its photos, counted by state'),
    "signer": ("creditline signer  # the signer and trust list in use",
               "creditline signer --cert desk.pem --key desk-key.pem"),
    "gallery-flags": ('creditline gallery-flags "Storm Elowen" --news --web',),
    "catalog": ("creditline catalog check  # exit 1 when the file is damaged", "creditline catalog backups"),
}


# What exit status 1 means, per command: a pipeline reads it (``creditline write ... || page
# the desk``), and the fourteenth walk found it said only in docs/cli.md and in `check --help`.
# Commands not named here never exit 1.
EXIT_ONE: dict[str, str] = {
    "import": "a file failed, a folder could not be read, or the thumbnails were stopped",
    "check": "a finding is an error (the gate: publication stops)",
    "export": "refused: the gallery has items in error (--force exports them marked)",
    "write": "a file failed or was skipped (each is named on standard error)",
    "reconcile": "a file failed or was skipped (each is named on standard error)",
    "parse-credit": "no credit found in TEXT",
    "provenance": "the Content Credentials are invalid or unreadable",
    "spelling": "`spelling check` found an unknown word",
    "catalog": "`catalog check` found the catalog damaged",
    "demo": "a demo photo could not be imported",
}


# What exit status 2 also means, per command, beyond usage or I/O trouble: a command that found
# nothing to do in what it read (the fifteenth walk's pipeline took import-text's 'no captions
# found' for a usage error, the help not saying it).
EXIT_TWO: dict[str, str] = {
    "import-text": "no caption found in FILE: nothing imported",
}


def exit_status_lines(command: str | None = None) -> str:
    """The "exit status:" block of ``--help``: the program's, or one command's."""
    one = ("done, with something to report (each command's --help says what): check found an\n"
           "       error, export refused, files failed to import or write"
           if command is None else EXIT_ONE.get(command))
    lines = ["exit status:", f"  0    done{' (check: no finding is an error)' if command is None else ''}"]
    if one:
        lines.append(f"  1    {one}")
    lines.append("  2    usage or I/O trouble: one line on standard error, never a traceback")
    if command is None:
        lines.append("       (and import-text: no caption found, nothing imported)")
    elif command in EXIT_TWO:
        lines.append(f"       (and {EXIT_TWO[command]})")
    lines.append("  130  interrupted (Ctrl+C)")
    if command is None:
        lines.append("  141  standard output closed by its reader (creditline list | head)")
    return "\n".join(lines) + "\n"


class _ExamplesFormatter(argparse.HelpFormatter):
    """argparse's help, with the examples' and exit status' lines kept as they are (it fills
    every text)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(("examples:\n", "exit status:\n")):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The CLI's parser; given the ``command`` about to run (``command_in``), with that command's
    module alone."""
    parser = _Parser(prog="creditline", description="Check and fix photo credits and captions.",
                     parents=[common_options()], epilog=exit_status_lines(), formatter_class=_ExamplesFormatter)
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.set_defaults(catalog=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command is not built yet
                continue
            raise
        module.register(sub, common_options())
    for name, command in sub.choices.items():
        if name in EXAMPLES and command.epilog is None:
            command.epilog = ("examples:\n" + "".join(f"  {line}\n" for line in EXAMPLES[name])
                              + "\n" + exit_status_lines(name))
            command.formatter_class = _ExamplesFormatter
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` runs, when its first word that is no option (nor ``--catalog``'s
    value) is one; None for anything else (``--help``, ``--version``, a word no command has),
    which the whole parser answers."""
    value = False
    for word in argv:
        if value:
            value = False
        elif word == "--catalog":
            value = True
        elif not word.startswith("--catalog="):
            return word if word in COMMANDS else None
    return None


def dumps(obj: object) -> str:
    """JSON for standard output: UTF-8 text, with control and format characters and non-UTF-8
    file names as ``\\u`` escapes (the same data; nothing a terminal would act on)."""
    import json  # noqa: PLC0415

    from app.terminal import json_escapes  # noqa: PLC0415

    return json_escapes(json.dumps(obj, ensure_ascii=False, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    # Started as the command, Ctrl-C ended it with the one line until here (app/__init__); from
    # here it is KeyboardInterrupt, which an import stops at a whole batch and says what it kept.
    if signal.getsignal(signal.SIGINT) in (signal.SIG_DFL, interrupted_while_starting) \
            and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Anywhere in main, the parser's imports (half a second) and the catalog's included:
        # the one line, not a traceback of the import machinery.
        print("creditline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    from app.terminal import guard_streams  # noqa: PLC0415

    guard_streams()  # text from files reaches the terminal with its control characters escaped
    parser = build_parser(command_in(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        try:
            from ui.app import run_app  # noqa: PLC0415 - the desktop app is optional for the CLI
        except ImportError:
            parser.print_help()
            return EXIT_OK
        return run_app(catalog=args.catalog)
    import sqlite3  # noqa: PLC0415

    from app.catalog import CatalogError, describe_error  # noqa: PLC0415

    try:
        code = int(args.func(args) or 0)
    except (UsageError, CatalogError) as exc:
        print(f"creditline: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as exc:  # a full disk, a file damaged while in use, a lock held too long
        from app.paths import resolve_catalog_path  # noqa: PLC0415

        print(f"creditline: {describe_error(exc, resolve_catalog_path(args.catalog))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`creditline list | head`): say nothing, like other Unix tools,
        # and point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        print(f"creditline: {_os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    if argv is None and getattr(args, "exit_at_once", False):
        _exit_at_once(code)
    return code


def _exit_at_once(code: int) -> None:
    """End the program now, without the interpreter's teardown, once nothing is left open; else
    return (and the process ends as usual).

    A command that loaded the rules (``import``, ``check``: ``exit_at_once`` in its defaults) holds ~36,000
    objects and two Hunspell dictionaries, which the teardown frees one by one after the last
    line is printed: 0.13-0.16 s of CPU at the end of an import of 1,000 photos (the dictionaries
    ~60 ms, the rules ~14 ms, each collection 15-20 ms), on a goal of 1.56 s. Only the freeing is
    skipped: the command closed its catalog and the rules' connections are closed here (the last
    close checkpoints the WAL, as the teardown would), the atexit functions run (multiprocessing's
    own children end the same way: its exit function, the streams flushed, ``os._exit``), and the
    standard streams are flushed. Not with another thread running, which the teardown would wait
    for, nor when a stream cannot be flushed (the usual exit reports that)."""
    import atexit  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from app.validation import close_readers  # noqa: PLC0415

    if threading.active_count() != 1:
        return
    close_readers()
    atexit._run_exitfuncs()  # noqa: SLF001 - what the teardown would run first; CPython's own API since 3.0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


if __name__ == "__main__":
    # `python -m app.cli` runs this file as __main__, a second copy of the module: the commands
    # raise app.cli's UsageError, which __main__'s handler would not catch (a traceback instead
    # of the one line). Run the one module everything else imports.
    from app.cli import main as _main

    sys.exit(_main())
