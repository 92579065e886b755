"""Credit sheets and publish-ready captions: CSV, PDF, HTML, JSON and plain text.

``export_gallery`` builds the format-neutral sheet once (``sheet.build_sheet``), applies
the publication gate (a gallery with errors is refused unless ``force``), renders the
asked format into a temporary file beside ``output`` and moves it into place, so a failed
or cancelled export never leaves half a file or clobbers an earlier sheet.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.export.sheet import ExportError, Sheet, SheetSource, prepare_sheet
from app.terminal import (
    ERRORS,  # a file name that is not UTF-8 is written as \xff, not a crash
    counted,
)

FORMATS: tuple[str, ...] = ("csv", "pdf", "html", "json", "text")
EXTENSIONS = {"csv": ".csv", "pdf": ".pdf", "html": ".html", "json": ".json", "text": ".txt"}
PAPERS: tuple[str, ...] = ("A4", "LETTER")
# Where offices print on Letter (CLDR's paperSize data): everywhere else, A4. A US desk chose
# Letter over A4 at every export (walk18); the app and `creditline export` propose the same.
LETTER_TERRITORIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())
# The variables POSIX reads the paper's locale from, the first set one winning.
PAPER_LOCALE_VARIABLES = ("LC_ALL", "LC_PAPER", "LANG")

__all__ = ["EXTENSIONS", "FORMATS", "LETTER_TERRITORIES", "PAPERS", "ExportError", "ExportRefused",
           "ExportReport", "default_paper", "environment_paper_locale", "export_gallery", "paper_locale",
           "render_sheet"]


def default_paper(locale_name: str | None) -> str:
    """"LETTER" for a locale of a Letter territory ("en_US", "en-US", "es_MX.UTF-8"), else "A4"
    (also for no locale, "C" or "POSIX")."""
    name = (locale_name or "").split(".")[0].split("@")[0].replace("-", "_")
    territory = name.split("_")[1].upper() if name.count("_") >= 1 else ""
    return "LETTER" if territory in LETTER_TERRITORIES else "A4"


def environment_paper_locale(environ: Any = None) -> str | None:
    """The locale the environment gives paper: LC_ALL, else LC_PAPER, else LANG (an empty one
    does not count), as the C library reads it."""
    environ = os.environ if environ is None else environ
    return next((environ[k] for k in PAPER_LOCALE_VARIABLES if environ.get(k)), None)


# GetUserDefaultLocaleName's buffer: LOCALE_NAME_MAX_LENGTH characters.
_LOCALE_NAME_MAX_LENGTH = 85


def windows_user_locale() -> str | None:
    """The user's locale as Windows' own API gives it ("en-US", "de-DE"; Settings > Time &
    language > Region), or None when it cannot be read."""
    import ctypes  # noqa: PLC0415

    try:
        buf = ctypes.create_unicode_buffer(_LOCALE_NAME_MAX_LENGTH)
        n = ctypes.windll.kernel32.GetUserDefaultLocaleName(buf, _LOCALE_NAME_MAX_LENGTH)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return (buf.value or None) if n > 0 else None


def paper_locale(platform: str | None = None, environ: Any = None,
                 windows_locale: Callable[[], str | None] | None = None) -> str | None:
    """The locale the default paper follows. On Windows, the user's locale from the platform's
    API (``windows_user_locale``): a Windows program gets no LANG, and the one a Git Bash or
    MSYS shell exports is that shell's (en_US.UTF-8 on a German desk's PC), not the user's;
    the POSIX variables only when the API gives nothing. Elsewhere LC_ALL, LC_PAPER, LANG
    (``environment_paper_locale``). ``platform`` and ``windows_locale`` are for tests."""
    if (sys.platform if platform is None else platform) == "win32":
        name = (windows_user_locale if windows_locale is None else windows_locale)()
        if name:
            return name
    return environment_paper_locale(environ)


class ExportRefused(ExportError):
    """The publication gate: the gallery has errors and ``force`` was not given."""

    def __init__(self, message: str, error_items: list[int]):
        super().__init__(message)
        self.error_items = error_items


@dataclass
class ExportReport:
    output: str
    fmt: str
    items: int
    errors: int  # findings of severity error on the sheet
    warnings: int
    info: int
    error_items: list[int] = field(default_factory=list)  # ids of the items in error (forced exports)
    forced: bool = False
    pages: int | None = None  # PDF only
    missing_thumbnails: int = 0
    unprintable: list[str] = field(default_factory=list)  # PDF: scripts no installed font writes
    cancelled: bool = False
    unwritten: int = 0  # photos on the sheet whose catalog edits are not yet in their files
    unwritten_names: str = ""  # the first few of them, by position and file (app.pending.pending_names)

    def font_warning(self) -> str:
        """One line when the PDF holds letters no installed font writes, else ''."""
        if not self.unprintable:
            return ""
        return (f"no installed font has {' or '.join(self.unprintable)} letters: they print as empty boxes in "
                "the PDF (install a font for them, e.g. Noto Sans CJK or Noto Sans, and export again)")

    def line(self) -> str:
        if self.cancelled:
            return "export cancelled; nothing was written"
        what = counted(self.items, "item")
        pages = f", {counted(self.pages, 'page')}" if self.pages else ""
        forced = f"; forced past {counted(len(self.error_items), 'item')} in error" if self.forced and self.error_items else ""
        # The sheet prints the catalog's text; said here too, as the sheet itself says it, for
        # the desk that sends the files with it (the fourteenth walk).
        unwritten = (f"; {counted(self.unwritten, 'photo')} with edits not yet written to "
                     f"{'its file' if self.unwritten == 1 else 'their files'}"
                     + (f" ({self.unwritten_names})" if self.unwritten_names else "")) if self.unwritten else ""
        return f"wrote {self.output} ({self.fmt}, {what}{pages}){forced}{unwritten}"


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a sheet is built and rendered.

    A 100,000-row sheet allocates millions of dicts and lists that all stay alive; every
    collection would walk all of them again (measured: 3x slower overall). Reference
    counting still frees everything temporary; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _as_cancel(cancel: Any) -> Callable[[], bool]:
    """Accept a callable, a ``threading.Event``-like object or None."""
    if cancel is None:
        return lambda: False
    if hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def render_sheet(sheet: Sheet, fmt: str, stream: Any, *, bom: bool = False, paper: str = "A4",
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> bool:
    """Render a text format into an open text stream; False when cancelled."""
    if fmt == "csv":
        from app.export.csv import write_csv  # noqa: PLC0415
        return write_csv(sheet, stream, bom=bom, progress=progress, cancel=cancel)
    if fmt == "html":
        from app.export.html import write_html  # noqa: PLC0415
        return write_html(sheet, stream, paper=paper, progress=progress, cancel=cancel)
    if fmt == "json":
        from app.export.json import write_json  # noqa: PLC0415
        write_json(sheet, stream)
        return True
    if fmt == "text":
        from app.export.text import write_text  # noqa: PLC0415
        write_text(sheet, stream)
        return True
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _why(exc: OSError) -> str:
    return "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else str(exc.strerror or exc)


def _temp_beside(output: Path, suffix: str) -> Path:
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {output}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=suffix + ".part", dir=parent)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {_why(exc)}") from None
    os.close(fd)
    return Path(tmp)


def _destination(out_path: Path) -> tuple[Path, bool]:
    """Where the sheet goes, and whether it is a file to replace atomically. A symbolic link is
    written through: its target is replaced, the link stays (a dangling link makes its target).
    Something that exists and is not a regular file - a FIFO, /dev/stdout, a device - is written
    into as it is: replacing it with a file would break whatever reads it (and, as root,
    ``-o /dev/stdout`` would replace /dev/stdout)."""
    try:
        st = os.stat(out_path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportError(f"cannot write {out_path}: {_why(exc)}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise ExportError(f"cannot write {out_path}: it is a folder; give a file name")
        return out_path, False
    if out_path.is_symlink():
        return Path(os.path.realpath(out_path)), True
    return out_path, True


def _umask() -> int:
    """The process umask. Linux tells it without changing it (other threads may be creating
    files); elsewhere it is read by setting and restoring it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _move_into_place(tmp: Path, output: Path) -> None:
    """Replace ``output`` with ``tmp``. mkstemp makes its file 0600; the export gets the mode
    of the file it replaces, or a new file's mode (0666 less the umask)."""
    try:
        mode = stat.S_IMODE(os.stat(output).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    os.replace(tmp, output)


def export_gallery(catalog: Any, gallery: Any = None, *, item_ids: Sequence[int] | None = None,
                   fmt: str, output: str | os.PathLike[str], force: bool = False, bom: bool = False,
                   paper: str = "A4", progress: Callable[[int, int], None] | None = None,
                   cancel: Any = None, house_style: str | None = None, language: str | None = None) -> ExportReport:
    """Export a gallery, a selection within it (``item_ids``) or a bare selection; its labels
    in ``language`` (a code of ``app.export.labels.languages``), else the desk's.

    ``output`` "-" writes text formats to standard output. Raises ``ExportRefused`` when
    the sheet has errors and not ``force``; ``ExportError`` for anything else that stops
    the export (unknown gallery, bad format or paper, unwritable folder).
    """
    with gc_paused():
        return _export(catalog, gallery, item_ids=item_ids, fmt=fmt, output=output, force=force, bom=bom,
                       paper=paper, progress=progress, cancel=cancel, house_style=house_style, language=language)


def _export(catalog: Any, gallery: Any = None, *, item_ids: Sequence[int] | None = None,
            fmt: str, output: str | os.PathLike[str], force: bool = False, bom: bool = False,
            paper: str = "A4", progress: Callable[[int, int], None] | None = None,
            cancel: Any = None, house_style: str | None = None, language: str | None = None) -> ExportReport:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    paper = paper.upper()
    if paper not in PAPERS:
        raise ExportError(f"unknown paper {paper!r}; choose A4 or Letter")
    to_stdout = str(output) == "-"
    if to_stdout and fmt == "pdf":
        raise ExportError("a PDF cannot go to standard output; give --output FILE.pdf")
    is_cancelled = _as_cancel(cancel)

    def stage(offset: int, total_steps: int) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset + done, total_steps)

    out_path = Path(os.fspath(output))
    if not to_stdout:
        target, regular = _destination(out_path)
        if regular:
            _temp_beside(target, "").unlink()  # fail on an unwritable folder before the slow part

    source = prepare_sheet(catalog, gallery, item_ids=item_ids, house_style=house_style, language=language)
    if fmt == "csv":
        return _export_csv(source, output=output, out_path=out_path, to_stdout=to_stdout, force=force, bom=bom,
                           progress=progress, is_cancelled=is_cancelled)
    sheet = source.sheet(list(source.rows(
        cancel=is_cancelled, progress=(lambda done, total: progress(done, 2 * total)) if progress else None)))
    n = len(sheet.rows)
    if progress:
        progress(n, 2 * n)
    report = ExportReport(output=str(output), fmt=fmt, items=n, forced=force,
                          error_items=[r.item_id for r in sheet.error_rows], unwritten=sheet.unwritten,
                          **_counts(sheet.counts))
    if report.unwritten:
        report.unwritten_names = source.unwritten_names([r.item_id for r in sheet.rows])
    if is_cancelled():
        report.cancelled = True
        return report
    _gate(sheet.gallery, [(r.item_id, r.position) for r in sheet.error_rows], force)
    sheet.forced = force
    if sheet.has_photos and fmt in ("pdf", "html"):
        report.missing_thumbnails = sum(1 for r in sheet.rows if r.kind == "photo"
                                        and sheet.thumbnail_bytes(r) is None)

    if to_stdout:
        buf = io.StringIO()
        if not render_sheet(sheet, fmt, buf, bom=bom, paper=paper, progress=stage(n, 2 * n),
                            cancel=is_cancelled):
            report.cancelled = True
            return report
        sys.stdout.write(buf.getvalue())
        return report

    def write(tmp: Path) -> bool:
        if fmt == "pdf":
            from app.export.pdf import scripts_without_font, write_pdf  # noqa: PLC0415
            report.pages = write_pdf(sheet, tmp, paper=paper, progress=stage(n, 2 * n), cancel=is_cancelled)
            report.unprintable = scripts_without_font(sheet) if report.pages is not None else []
            return report.pages is not None
        with open(tmp, "w", encoding="utf-8", newline="", errors=ERRORS) as fh:
            return render_sheet(sheet, fmt, fh, bom=bom, paper=paper, progress=stage(n, 2 * n),
                                cancel=is_cancelled)

    if not _write_through_temp(out_path, EXTENSIONS[fmt], write):
        report.cancelled = True
        return report
    if progress:
        progress(2 * n, 2 * n)
    return report


def _write_through_temp(out_path: Path, ext: str, write: Callable[[Path], bool]) -> bool:
    """``write`` a temporary file beside ``out_path`` (beside a link's target), then move it
    into place: a refused, failed or cancelled export leaves nothing behind and never touches
    an older file. Into a FIFO or device the finished sheet is copied as it is, nothing of a
    failed or cancelled one. False when ``write`` was cancelled."""
    target, regular = _destination(out_path)
    if regular:
        tmp = _temp_beside(target, ext)
    else:
        fd, name = tempfile.mkstemp(prefix="creditline-export-", suffix=ext)
        os.close(fd)
        tmp = Path(name)
    try:
        if not write(tmp):
            return False
        if regular:
            _move_into_place(tmp, target)
        else:
            with open(tmp, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return True
    except OSError as exc:
        raise ExportError(f"cannot write {out_path}: {_why(exc)}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _counts(c: dict[str, int]) -> dict[str, int]:
    return {"errors": c["error"], "warnings": c["warning"], "info": c["info"]}


def _gate(gallery: str | None, errors: list[tuple[int, int]], force: bool) -> None:
    """The publication gate: refuse a sheet with items in error ((id, position) pairs) unless forced."""
    if errors and not force:
        # In a gallery a photo is its position (the number on its tile); elsewhere its id (#17).
        # It said "(#8, 13)": an id's mark on the first of the gallery's positions.
        if gallery:
            name = f"gallery {gallery!r}"
            which = ("photo " if len(errors) == 1 else "photos ") + ", ".join(str(pos) for _, pos in errors[:10])
        else:
            name = "the selection"
            which = ", ".join(f"#{i}" for i, _ in errors[:10])
        more = ", ..." if len(errors) > 10 else ""
        raise ExportRefused(f"{name} has {counted(len(errors), 'item')} in error ({which}{more})",
                            [i for i, _ in errors])


def _export_csv(source: SheetSource, *, output: str | os.PathLike[str], out_path: Path, to_stdout: bool,
                force: bool, bom: bool, progress: Callable[[int, int], None] | None,
                is_cancelled: Callable[[], bool]) -> ExportReport:
    """CSV rows go to the file as they are built (nothing else needs the whole sheet), so a
    100,000-item export never holds every row. The gate and the report's counts come first,
    from the stored findings, which are what the rows' findings are."""
    from app.export.csv import write_csv_source  # noqa: PLC0415

    n = len(source.order)
    errors = source.error_positions()
    report = ExportReport(output=str(output), fmt="csv", items=n, forced=force, error_items=[i for i, _ in errors],
                          unwritten=source.unwritten(), **_counts(source.counts()))
    if report.unwritten:
        report.unwritten_names = source.unwritten_names()
    if is_cancelled():
        report.cancelled = True
        return report
    _gate(source.gallery, errors, force)
    if to_stdout:
        buf = io.StringIO()
        if not write_csv_source(source, buf, bom=bom, progress=progress, cancel=is_cancelled):
            report.cancelled = True
            return report
        sys.stdout.write(buf.getvalue())
        return report
    def write(tmp: Path) -> bool:
        with open(tmp, "w", encoding="utf-8", newline="", errors=ERRORS) as fh:
            return write_csv_source(source, fh, bom=bom, progress=progress, cancel=is_cancelled)

    if not _write_through_temp(out_path, EXTENSIONS["csv"], write):
        report.cancelled = True
    return report
