"""``creditline check`` and ``creditline import-text``: validation for people and pipelines.

``check`` exits 0 when there is no error finding, 1 when there is, 2 on usage or I/O
trouble, so a newsroom pipeline can gate publication on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, no_gallery, nonblank, open_catalog


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "check", parents=[common], help="validate captions and credits (exit 1 on errors)",
        description="Check every item of a gallery (or of the catalog) against the validation rules "
                    "(see docs/rules.md) and store the findings. Exit 0 when no finding is an error, 1 when "
                    "one is, 2 on usage or I/O trouble.")
    p.add_argument("--gallery", metavar="NAME", type=nonblank, help="check this gallery, in its order (default: every item)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--publish-date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="judge embargoes against this date (default: the catalog's setting, else today)")
    p.set_defaults(func=run_check, exit_at_once=True)  # see app.cli._exit_at_once

    t = subparsers.add_parser(
        "import-text", parents=[common], help="import the text of a published gallery page as captions",
        description="Import the plain text of a published gallery page (copied from a browser) as "
                    "caption-only items of a gallery, in page order, so `check` can audit it.")
    t.add_argument("file", metavar="FILE", help="text file ('-' for standard input)")
    t.add_argument("--gallery", metavar="NAME", required=True, type=nonblank,
                   help="gallery to add the items to (created when absent)")
    t.add_argument("--every-paragraph", action="store_true",
                   help="a page without counters: keep every paragraph as an item, credited or not "
                        "(default: a paragraph without a credit is page text)")
    t.set_defaults(func=run_import_text)


MAX_TEXT = 50_000_000  # characters import-text reads: a gallery page is kilobytes


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_check(args: argparse.Namespace) -> int:
    import sys  # noqa: PLC0415

    from app.validation import check_gallery  # noqa: PLC0415

    catalog = open_catalog(args, must_exist=True)
    try:
        try:
            # A read-only catalog is checked all the same; the findings are not stored.
            report = check_gallery(catalog, args.gallery, publish_date=args.publish_date,
                                   store=catalog.read_only is None)
        except KeyError:
            raise no_gallery(catalog, args.gallery) from None
        # Written while the catalog is open: the report reads its items as it goes, so a
        # gallery of 100,000 is streamed, never held whole.
        if args.format == "json":
            report.write_json(_Escaped(sys.stdout))
        else:
            # The gallery position (the app's tiles) and the id (`show`/`set` take either), so the
            # numbers work on any catalog, not only on one where ids happen to be positions.
            width = max((len(str(i)) for i, found in report.findings.items() if found), default=1) + 1
            for item, found, _ in report.rows(only_with_findings=True):
                ref = f"#{item.id}"
                where = f"{item.position:>4}  {ref:<{width}}" if item.position is not None else f"{ref:>{width}}"
                alike = Counter((f.rule, f.message) for f in found)
                for f in found:
                    # The same unknown word in the headline and the caption printed two identical
                    # lines (read as a duplicate, the eighteenth walk): each names its field.
                    where_in = f" ({_field_name(f.field)})" if alike[f.rule, f.message] > 1 and f.field else ""
                    print(f"{where}  {f.rule:<24}  {f.severity.value:<7}  {f.message}{where_in}")
            s = report.summary
            scope = f"gallery {report.gallery!r}" if report.gallery else "catalog"
            print(f"{scope}: {s['items']} item{'s' if s['items'] != 1 else ''}, {s['errors']} error"
                  f"{'s' if s['errors'] != 1 else ''}, {s['warnings']} warning{'s' if s['warnings'] != 1 else ''}, "
                  f"{s['infos']} info")
        if report.unwritten:
            from app.pending import pending_in, pending_names  # noqa: PLC0415

            n = report.unwritten
            scope = f" --gallery {args.gallery!r}" if args.gallery else ""
            # Named (walk22: the desk had to ask `write --dry-run` which): the first few, by position and file.
            whole = report.gallery_id is not None or report.gallery is None
            names = pending_names(catalog, pending_in(catalog, report.gallery_id, None if whole else report.ids),
                                  report.gallery_id)
            print(f"creditline: {n:,} photo{'s have' if n != 1 else ' has'} edits not yet written to "
                  f"{'their files' if n != 1 else 'its file'} ({names}): this checked the catalog's text, which "
                  f"{'those files do' if n != 1 else 'that file does'} not hold yet (creditline write{scope})",
                  file=sys.stderr)
    finally:
        catalog.close()
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


def _field_name(key: str) -> str:
    """"headline", "caption", "alt text": the inspector's label in lower case, its gloss dropped."""
    from app.fields import FIELD_KEYS, field  # noqa: PLC0415

    return field(key).label.split(" (")[0].lower() if key in FIELD_KEYS else key


class _Escaped:
    """A stream for the streamed JSON report: what ``app.cli.dumps`` does to a whole document
    (control and format characters, non-UTF-8 file names as \\u escapes), a piece at a time."""

    def __init__(self, stream: Any) -> None:
        import codecs  # noqa: PLC0415
        import io  # noqa: PLC0415
        import os  # noqa: PLC0415

        from app.terminal import json_escapes, json_escapes_needed  # noqa: PLC0415

        self.stream, self.escape, self.needed = stream, json_escapes, json_escapes_needed
        # The bytes under a UTF-8 text stream that writes "\n" as it is (not a terminal's
        # wrapper, nor Windows' "\r\n"): the report's lines go there as SQLite made them.
        self.raw = None
        if isinstance(stream, io.TextIOWrapper) and os.linesep == "\n" \
                and codecs.lookup(stream.encoding).name == "utf-8":
            self.raw = stream.buffer

    def write(self, text: str) -> None:
        self.stream.write(self.escape(text))

    def write_utf8(self, data: bytes) -> None:
        """UTF-8 text given as bytes: written as they are when nothing in them needs an escape
        (the usual case), else as text."""
        if self.raw is None or self.needed(data):
            try:
                text = data.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:  # not written by this program: each odd byte escaped
                text = data.decode("utf-8", "surrogateescape")
            self.write(text)
            return
        self.stream.flush()  # what was written as text goes first
        self.raw.write(data)


def _why_no_caption(text: str, page: Any, every_paragraph: bool) -> str:
    """One line: what import-text read and why none of it is a caption."""
    if not text.strip():
        return "no captions found: the file is empty"
    # A PDF or a word-processor file read as text: NULs, or bytes that are no UTF-8.
    if "\x00" in text or text.count("\ufffd") * 100 > len(text):
        return (f"no captions found: it is not text but binary ({len(text):,} characters; a PDF or a "
                "word-processor file?): copy the page's text from the browser into a text file and import that")
    read = f"{page.dropped:,} paragraph{'s' if page.dropped != 1 else ''}"
    if every_paragraph:
        them = "it is" if page.dropped == 1 else "all of them are"
        return f"no captions found in {read}: {them} the page's heading (short, without a final stop)"
    # A counterless page credited the local way ("Photo: Name") reads as page text only:
    # say how to keep its paragraphs, as the import that kept some does.
    hint = ("; if the page is a list of captions, give --every-paragraph to keep each paragraph"
            if page.dropped and not page.counted else "")
    return (f"no captions found in {read}: none carries a photo credit, and the page has no slide "
            f"counters ('3 of 12') or caption labels{hint}")


def run_import_text(args: argparse.Namespace) -> int:
    import sys  # noqa: PLC0415

    from app.audit import parse_gallery_page  # noqa: PLC0415

    try:
        if args.file == "-":
            text = sys.stdin.read(MAX_TEXT + 1)
        else:
            path = Path(args.file)
            if path.exists() and not path.is_file():
                raise UsageError(f"{args.file}: not a regular file")
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read(MAX_TEXT + 1)
    except OSError as exc:
        raise UsageError(f"{args.file}: {exc.strerror or exc}") from None
    if len(text) > MAX_TEXT:
        raise UsageError(f"{args.file}: more than {MAX_TEXT // 1_000_000} million characters; "
                         "a published gallery page is far smaller")
    page = parse_gallery_page(text, every_paragraph=args.every_paragraph)
    if not page.items:
        raise UsageError(f"{args.file}: {_why_no_caption(text, page, args.every_paragraph)}; nothing imported")
    catalog = open_catalog(args, writes="import captions into it", new_ok=True)
    try:
        try:
            gallery = catalog.gallery(args.gallery)
            before = catalog.gallery_item_ids(gallery.id)
        except KeyError:
            gallery, before = catalog.create_gallery(args.gallery), []
        held = {row[3] for row in catalog.iter_values(before, ["caption"])} if before else set()
        ids = catalog.add_caption_items(page.items, gallery.id)  # one transaction: the whole page or nothing
    finally:
        catalog.close()
    print(f"imported {len(ids)} caption{'s' if len(ids) != 1 else ''} into gallery {args.gallery!r} "
          f"({page.summary()}); run `creditline check --gallery {args.gallery!r}` to audit them")
    again = sum(1 for entry in page.items if entry.get("caption") and entry["caption"] in held)
    if again:
        # The same page imported twice (the hint below says "import it again") doubled the gallery
        # without a word, and `check` then audited every caption twice (the fourteenth walk).
        print(f"creditline: warning: gallery {args.gallery!r} already held {again:,} of these {len(ids):,} captions"
              f" (this page imported before?): it has {len(before) + len(ids):,} items now, those twice; "
              "import a page into a new gallery to audit it again", file=sys.stderr)
    if page.dropped and not page.counted and not page.labelled and not args.every_paragraph:
        # Without counters a caption that lost its credit reads as page text: say how to keep it
        # (a page that labels its captions was read by its labels: every caption is in).
        print("a paragraph without a credit was taken for page text; if the page is a list of captions, "
              "import it again into a new gallery with --every-paragraph to keep each one")
    elif page.dropped and args.every_paragraph and not page.counted and not page.labelled:
        # Only the page's heading is dropped then: say it, so a short first caption taken for
        # one is not lost unsaid.
        print(f"the page's heading ({page.dropped} paragraph{'s' if page.dropped != 1 else ''} before the first "
              "caption, short and without a final stop) was taken for page text")
    return EXIT_OK
