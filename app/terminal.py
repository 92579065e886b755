"""Text from files on a terminal and in exports: control characters made visible, file names
that are not UTF-8 made readable.

Metadata is untrusted text: a caption can hold an escape sequence that retitles the
terminal, moves the cursor or hides the rest of a line, and bidirectional overrides can make
a name read backwards (issue 11 #15). On a terminal every such character is shown as an
escape (``\\x1b``, ``\\u202e``); newlines and tabs stay. File names the OS gives that are not
UTF-8 are held by Python as surrogate escapes; shown, they become ``\\xff``.

JSON output keeps the data: those characters become ``\\u`` escapes, which every JSON reader
turns back into the same text (and a non-UTF-8 name back into its surrogate escapes).
"""

from __future__ import annotations

import codecs
import re
import sys
from typing import Any, TextIO

ERRORS = "creditline-escape"  # codec error handler: a lone surrogate is written as \xNN

# C0 controls but tab and newline, DEL, C1 controls; the invisible format characters that
# change how a line reads (zero-width, bidirectional embeddings, overrides and isolates).
_CONTROL_CODES = ([c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
                  + [0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F),
                     *range(0x2066, 0x206A), 0xFEFF])
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)  # how os.fsdecode holds the bytes 0x80-0xFF


def _visible(code: int) -> str:
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TERMINAL = {c: _visible(c) for c in (*_CONTROL_CODES, *_SURROGATE_ESCAPES)}
_NAME = {0x09: "\\t", 0x0A: "\\n", **{c: _visible(c) for c in (*_CONTROL_CODES, *_SURROGATE_ESCAPES)}}
_JSON = {c: f"\\u{c:04x}" for c in (*_CONTROL_CODES, *range(0xD800, 0xE000)) if c >= 0x20}


def _char_class(codes: list[int]) -> str:
    """A regex class of ``codes`` (sorted) written as ranges: a class of ~2,100 single escapes
    took ~8 ms to compile at every start of the CLI, these seven ranges ~1 ms."""
    runs: list[list[int]] = []
    for c in codes:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs) + "]"


# Whether a text holds any of them: one regex scan, where str.translate with a table walks the
# text a character at a time in Python objects (0.5 s for the 12 MB JSON report of 20,000 items).
_JSON_ANY = re.compile(_char_class(sorted(_JSON)))
_PATH_ODD = re.compile(_char_class(sorted(_NAME)))


def counted(n: int, noun: str) -> str:
    """"1 item", "26 items": a count and its noun, as a sentence says them."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def display_path(path: str | None) -> str:
    """A path as a person reads it, on one line: bytes that are not UTF-8 shown as ``\\xff``, a
    newline, a tab or another control character in a name as its escape (``line\\nbreak.jpg``),
    so a line of ``list`` or ``write`` is one photo. The inverse is not needed: the catalog keeps
    the real name."""
    if not path:
        return path or ""
    return path.translate(_NAME) if _PATH_ODD.search(path) else path


def display_name(name: str) -> str:
    """A file's name on one line of a sheet: every control character (a newline too) and every
    byte that is not UTF-8 as an escape ("line\\nbreak.jpg")."""
    return name.translate(_NAME)


def for_terminal(text: str) -> str:
    """``text`` with control and format characters shown as escapes (newline and tab kept)."""
    return text.translate(_TERMINAL)


def around_change(old: str, new: str, width: int, cut: str = "…") -> tuple[str, str]:
    """``old`` and ``new`` each cut to ``width`` characters for a one-line "old -> new": from the
    start, unless their first difference would then fall in the last eighth or be cut off; then
    both from the same word at least a quarter of ``width`` before it. ``cut`` marks what is left out. A
    long caption whose change is at its end (a credit added) no longer shows as "A -> A"."""
    if len(old) <= width and len(new) <= width:
        return old, new
    same = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        same += 1
    start = 0
    if same > width - width // 8:
        # A quarter of the width before the change, or earlier when the texts end sooner.
        start = max(0, min(same - width // 4, max(len(old), len(new)) - width + 2 * len(cut)))
        space = old.find(" ", start, same)
        if space != -1:
            start = space + 1

    def excerpt(text: str) -> str:
        if start == 0 and len(text) <= width:
            return text
        room = width - len(cut) * ((start > 0) + 1)
        piece = text[start:start + room]
        if start + room >= len(text):
            return (cut if start else "") + text[start:]
        return (cut if start else "") + piece + cut

    return excerpt(old), excerpt(new)


def around_diff(old: str, new: str, context: int = 24, most: int = 90, cut: str = "…") -> tuple[str, str]:
    """``old`` and ``new`` each shown from a few words before their first difference to a few
    words after their last: the changed words whole (up to ``most`` characters), ``context``
    characters of the unchanged text either side, cut at word edges. Values both within ``most``
    are shown whole. For a list that has room for it (the app's write dialog): a credit added
    to a caption shows whole ("…May 5, 2019. (AP Photo/Yann Kerbrat)"), not cut mid-name."""
    if len(old) <= most and len(new) <= most:
        return old, new
    shortest = min(len(old), len(new))
    same = 0
    while same < shortest and old[same] == new[same]:
        same += 1
    tail = 0  # the same ending, not overlapping the same beginning
    while tail < shortest - same and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, same - context)
    if start > 0:
        space = old.find(" ", start, same)  # old and new agree up to `same`
        start = space + 1 if space != -1 else start

    def piece(text: str) -> str:
        changed_end = len(text) - tail
        stop = min(len(text), changed_end + context)
        if stop < len(text):
            space = text.rfind(" ", changed_end, stop)
            stop = space if space > changed_end else stop
        head = cut if start > 0 else ""
        if changed_end - start > most:  # a long change: its first `most` characters, to a word's end
            end = start + most
            space = text.rfind(" ", start + most // 2, end + 1)
            return head + text[start:space if space != -1 else end].rstrip() + cut
        return head + text[start:stop].rstrip() + (cut if stop < len(text) else "")

    return piece(old), piece(new)


def json_escapes(text: str) -> str:
    """A JSON document (``json.dumps(..., ensure_ascii=False)``) with the characters JSON lets
    through raw - C1 controls, bidirectional and zero-width marks, lone surrogates - written as
    ``\\u`` escapes: the same data for any reader, nothing for a terminal to obey. They can only
    stand inside strings, where the escape means the same character."""
    # Every character escaped is one str.isprintable() refuses (Cc, Cf, Cs: asserted in the
    # tests), so printable text has none: that C scan is ~2x the regex's speed (62 -> 36 ms for
    # the 12 MB report of 20,000 items). The report's line breaks are not printable: they
    # are taken out of the test, not of the text.
    if text.replace("\n", " ").isprintable():
        return text
    return text.translate(_JSON) if _JSON_ANY.search(text) else text


_ASCII_BUT_DEL = bytes(range(0x7F))


def json_escapes_needed(data: bytes) -> bool:
    """Whether ``json_escapes`` would change the UTF-8 text ``data``: a JSON document written
    as bytes (the check report's lines, as SQLite gives them) is tested without being decoded.
    Every character it escapes is DEL or not ASCII, and taking out the other ASCII bytes never
    splits a character's bytes: what is left (~2 % of a report) holds them if ``data`` does, and
    is decoded and searched (4.5 + 1 ms for the 12 MB report of 20,000 items, where decoding it
    whole and scanning the text took ~35). True as well for bytes that are no UTF-8 (the
    caller's slow path decodes and escapes them)."""
    rest = data.translate(None, _ASCII_BUT_DEL)
    if not rest:
        return False
    try:
        # Validated whole (~6 ms for 12 MB): taking the ASCII out can join a lead byte to a stray
        # continuation byte ("\xc3a\xa9" leaves "é"), and bytes another program left in the
        # catalog must not reach a pipeline's JSON as they are.
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return _JSON_ANY.search(rest.decode("utf-8")) is not None


def _escape_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(_visible(ord(c)) for c in bad), exc.end


codecs.register_error(ERRORS, _escape_error)


class TerminalStream:
    """A text stream to a terminal that shows control characters as escapes."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(for_terminal(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def guard_streams() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` safe for text from files: on a terminal, control
    characters are escaped; anywhere, a character the stream cannot encode (a non-UTF-8 name
    under a strict UTF-8 locale) is written as an escape instead of ending the command."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, TerminalStream):
            continue
        # Under the C or POSIX locale (a CI job without LANG) Python's stdout is surrogateescape,
        # which wrote a non-UTF-8 file name's own bytes into `export --format csv -o -` (the
        # seventeenth walk): not UTF-8, and not the escape the same sheet has in a file.
        # stderr's own backslashreplace showed such a name as "\udcff" where stdout's lines say "\xff".
        if getattr(stream, "errors", None) in ("strict", "surrogateescape", "backslashreplace") \
                and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=ERRORS)
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        if tty:
            setattr(sys, name, TerminalStream(stream))


def raw_stream(stream: Any) -> Any:
    """The stream under a ``TerminalStream`` (the progress bar draws with carriage returns)."""
    return stream.raw if isinstance(stream, TerminalStream) else stream
