"""Editing an IPTC IIM block dataset by dataset, keeping every other byte as it was.

exiv2 parses IIM dates and times into its own types and writes them back canonical:
a time stored without a UTC offset comes back with "+00:00", one it cannot parse comes
back empty. So the writer edits the raw datasets here and gives exiv2 (or the JPEG
APP13) bytes it only has to copy. The IIM format itself is a flat list of
tag-length-value records; nothing in it needs a library.

Character set. 1:90 = ESC % G declares UTF-8; most blocks declare nothing. The block's
existing bytes are never reinterpreted unless they must be: a block in a legacy 8-bit
code page gets new text in the same code page when it fits, and is re-encoded to UTF-8
as a whole (with a warning) only when the new text cannot be written in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.metadata.charset import UTF8_DECLARATION, decode_legacy

CHARSET = (1, 90)
DATE, TIME = (2, 55), (2, 60)
_BINARY = frozenset({(2, 0), (2, 200), (2, 201), (2, 202)})  # record version, preview data


@dataclass(frozen=True)
class Dataset:
    record: int
    number: int
    raw: bytes

    @property
    def tag(self) -> tuple[int, int]:
        return (self.record, self.number)


def parse(block: bytes) -> list[Dataset]:
    """The datasets of ``block`` in order; stops at the first byte that is not a tag
    marker, as ExifTool does (trailing padding is dropped)."""
    return _walk(block)[0]


def _walk(block: bytes) -> tuple[list[Dataset], int]:
    out: list[Dataset] = []
    i, n = 0, len(block)
    while i + 5 <= n and block[i] == 0x1C:
        record, number = block[i + 1], block[i + 2]
        size = int.from_bytes(block[i + 3:i + 5], "big")
        j = i + 5
        if size & 0x8000:  # extended dataset: the length is in the next (size & 0x7fff) bytes
            nlen = size & 0x7FFF
            if nlen > 4 or j + nlen > n:
                break
            size = int.from_bytes(block[j:j + nlen], "big")
            j += nlen
        if j + size > n:
            break
        out.append(Dataset(record, number, block[j:j + size]))
        i = j + size
    return out, i


def trailing(block: bytes) -> bytes:
    """What follows the last dataset ``parse`` can read: bytes a strict reader ignores and
    a lenient one (exiv2) may still read, so an edit keeps them, after the datasets."""
    return parse_with_trailing(block)[1]


def parse_with_trailing(block: bytes) -> tuple[list[Dataset], bytes]:
    """``parse(block)`` and ``trailing(block)`` from one walk (the reader wants both of each photo)."""
    datasets, end = _walk(block)
    rest = block[end:]
    return datasets, rest if rest.strip(b"\x00") else b""


def encode(datasets: list[Dataset]) -> bytes:
    out = bytearray()
    for d in datasets:
        out += bytes((0x1C, d.record, d.number))
        size = len(d.raw)
        if size < 0x8000:
            out += size.to_bytes(2, "big")
        else:  # extended length: four length bytes follow
            out += (0x8004).to_bytes(2, "big") + size.to_bytes(4, "big")
        out += d.raw
    return bytes(out)


def cut_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes without splitting a character."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")


def _cut(raw: bytes, limit: int, encoding: str) -> bytes:
    if len(raw) <= limit:
        return raw
    return raw[:limit].decode(encoding, errors="ignore").encode(encoding)


@dataclass
class Charset:
    """How new text goes into a block: ``encoding`` for the bytes, ``declare`` to add 1:90,
    ``reencode`` to convert the block's legacy text to UTF-8 first."""

    encoding: str
    declare: bool = False
    reencode: bool = False


def _is_text(d: Dataset) -> bool:
    return d.record == 2 and d.tag not in _BINARY


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def choose_charset(datasets: list[Dataset], new_texts: list[str]) -> Charset:
    """The least intrusive way to add ``new_texts`` to a block holding ``datasets``."""
    declared = any(d.tag == CHARSET and UTF8_DECLARATION in d.raw for d in datasets)
    if declared:
        return Charset("utf-8")
    new_ascii = all(t.isascii() for t in new_texts)
    legacy = [d for d in datasets if _is_text(d) and not d.raw.isascii() and not _valid_utf8(d.raw)]
    if not legacy:
        # Nothing in the block is in a code page. New non-ASCII text needs the declaration
        # (readers default to Latin-1), which also tells the truth about UTF-8 already there.
        return Charset("utf-8", declare=not new_ascii)
    try:
        for t in new_texts:
            t.encode("cp1252")
        return Charset("cp1252")
    except UnicodeEncodeError:
        return Charset("utf-8", declare=True, reencode=True)


def _reencoded(d: Dataset) -> Dataset:
    if not _is_text(d) or d.raw.isascii() or _valid_utf8(d.raw):
        return d
    return Dataset(d.record, d.number, decode_legacy(d.raw).encode("utf-8"))


_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?"
                  r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")


def date_time(text: str) -> tuple[bytes, bytes | None] | None:
    """ISO 8601 as the raw 2:55 date and 2:60 time. IIM writes an unknown month or day as
    00; a time given without an offset is written without one (never an invented UTC)."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    year, month, day, hh, mm, ss, zone = m.groups()
    date = f"{year}{month or '00'}{day or '00'}".encode("ascii")
    if hh is None:
        return date, None
    time = f"{hh}{mm}{ss or '00'}"
    if zone == "Z":
        time += "+0000"
    elif zone:
        time += zone.replace(":", "")
    return date, time.encode("ascii")


@dataclass
class Edit:
    """New values for some datasets: tag -> list of texts (empty list = remove)."""

    texts: dict[tuple[int, int], list[str]]
    limits: dict[tuple[int, int], int]
    raw: dict[tuple[int, int], list[bytes]] | None = None  # dates and times, already encoded


def apply(datasets: list[Dataset], edit: Edit, warnings: list[str],
          labels: dict[tuple[int, int], str] | None = None) -> list[Dataset]:
    """``datasets`` with the edited tags replaced, each at the place its first old
    dataset held (or where its number sorts in record 2), everything else unchanged."""
    raw_new = dict(edit.raw or {})
    fresh = not any(d.record == 2 for d in datasets)
    texts = [t for values in edit.texts.values() for t in values]
    charset = choose_charset(datasets, texts)
    if charset.reencode:
        datasets = [_reencoded(d) for d in datasets]
        warnings.append("the IIM block was in a legacy 8-bit character set that cannot hold the new text; "
                        "all its text was re-encoded as UTF-8")
    for tag, values in edit.texts.items():
        limit = edit.limits.get(tag)
        encoded = []
        for text in values:
            raw = text.encode(charset.encoding)
            if limit and len(raw) > limit:
                raw = _cut(raw, limit, charset.encoding)
                name = (labels or {}).get(tag, f"{tag[0]}:{tag[1]:02d}")
                warnings.append(f"{name}: {len(text.encode(charset.encoding))} bytes, IIM {tag[0]}:{tag[1]:02d} "
                                f"holds {limit}; cut there, the full text stays in XMP")
            encoded.append(raw)
        raw_new[tag] = encoded
    out = list(datasets)
    for tag, values in raw_new.items():
        new = [Dataset(tag[0], tag[1], v) for v in values if v]
        at = next((i for i, d in enumerate(out) if d.tag == tag), None)
        out = [d for d in out if d.tag != tag]
        if at is None:
            at = next((i for i, d in enumerate(out) if d.tag > tag), len(out))
        out[at:at] = new
    if charset.declare and any(not d.raw.isascii() for d in out if _is_text(d)):
        out = [d for d in out if d.tag != CHARSET]
        at = next((i for i, d in enumerate(out) if d.tag > CHARSET), len(out))
        out.insert(at, Dataset(1, 90, UTF8_DECLARATION))
    if not any(d.record == 2 and d.tag != (2, 0) for d in out):
        return []  # a lone record version or charset marker is an empty block
    if fresh and not any(d.tag == (2, 0) for d in out):
        out.insert(next((i for i, d in enumerate(out) if d.record >= 2), len(out)), Dataset(2, 0, b"\x00\x04"))
    return out
