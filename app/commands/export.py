"""``creditline export``: credit sheets (CSV, PDF, HTML, JSON) and publish-ready text.

Exit 0 when the sheet was written, 1 when the publication gate refused it (the gallery
has errors; ``--force`` exports anyway and marks the items in error), 2 for usage or
I/O trouble.
"""

from __future__ import annotations

import argparse
import os
import sys

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, find_gallery, nonblank, open_catalog
from app.export import (
    EXTENSIONS,
    FORMATS,
    ExportError,
    ExportRefused,
    default_paper,
    export_gallery,
    paper_locale,
)
from app.export.labels import languages


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export", parents=[common], help="export a gallery's credit sheet or publish-ready captions",
        description="Export a gallery as a credit sheet (csv, pdf, html, json) or as the text it "
                    "would be published with (text). A gallery with errors is refused unless --force.")
    p.add_argument("--gallery", required=True, metavar="NAME", type=nonblank, help="gallery name")
    p.add_argument("--format", dest="fmt", choices=FORMATS, metavar="FORMAT",
                   help=f"one of {', '.join(FORMATS)} (default: from the output file's extension)")
    p.add_argument("--output", "-o", required=True, metavar="FILE",
                   help='file to write ("-" writes csv, html, json or text to standard output)')
    p.add_argument("--force", action="store_true", help="export even when the gallery has errors")
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte-order mark (for Excel)")
    p.add_argument("--paper", type=str.lower, choices=("a4", "letter"),
                   help="PDF/HTML paper size (default: letter under a locale of the US, Canada, Mexico and "
                        "the other Letter countries, else a4; the locale is Windows' user locale, elsewhere LC_ALL, "
                        "LC_PAPER or LANG)")
    p.add_argument("--style", metavar="NAME", help="house style for credits (default: the catalog's)")
    p.add_argument("--language", choices=tuple(languages()), metavar="CODE",
                   help=f"the sheet's labels: {', '.join(languages())} (default: the catalog's desk language, "
                        "else en)")
    p.set_defaults(func=run)


def _format_for(output: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    for name, ext in EXTENSIONS.items():
        if output.lower().endswith(ext):
            return name
    raise UsageError(f"cannot tell the format from {output!r}; give --format ({', '.join(FORMATS)})")


def run(args: argparse.Namespace) -> int:

    fmt = _format_for(args.output, args.fmt)
    catalog = open_catalog(args, must_exist=True)
    try:
        find_gallery(catalog, args.gallery)  # a wrong name says which it may have meant
        paper = args.paper or default_paper(paper_locale())  # as the app's export dialog proposes
        report = export_gallery(catalog, args.gallery, fmt=fmt, output=args.output, force=args.force,
                                bom=args.bom, paper=paper, house_style=args.style, language=args.language)
    except ExportRefused as exc:
        one = len(exc.error_items) == 1
        print(f"creditline: export refused: {exc}; fix {'it' if one else 'them'}, or give --force to export "
              f"anyway with the {'item' if one else 'items'} in error marked", file=sys.stderr)
        return EXIT_FINDINGS
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    finally:
        catalog.close()
    if report.cancelled:
        print(f"creditline: {report.line()}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.output != "-":
        # Into a FIFO or /dev/stdout the sheet is the output: the report line goes to stderr.
        regular = os.path.isfile(args.output) or not os.path.exists(args.output)
        print(report.line(), file=sys.stdout if regular else sys.stderr)
    if report.missing_thumbnails:
        print(f"creditline: {report.missing_thumbnails} thumbnail(s) missing, drawn as grey boxes",
              file=sys.stderr)
    if report.font_warning():
        print(f"creditline: {report.font_warning()}", file=sys.stderr)
    return EXIT_OK
