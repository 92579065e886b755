"""Decoding IIM text.

IIM has no reliable encoding: 1:90 = ESC % G declares UTF-8, but most wire software
writes nothing and uses Latin-1 or UTF-8 anyway, sometimes both in one block. Each
value is therefore decoded on its own: UTF-8 when the bytes are valid UTF-8 (Latin-1
text almost never is), else Windows-1252, which is a superset of Latin-1's printable
range and gives curly quotes and dashes the wire services actually send.
"""

from __future__ import annotations

UTF8_DECLARATION = b"\x1b%G"


def declares_utf8(coded_character_set: bytes | None) -> bool:
    """True when the 1:90 dataset holds the ISO 2022 escape for UTF-8."""
    return bool(coded_character_set) and UTF8_DECLARATION in coded_character_set  # type: ignore[operator]


def decode_iim(raw: bytes, utf8_declared: bool = False) -> str:
    """Text of one IIM value. Never raises and never produces mojibake for
    Latin-1 names like "José Núñez" or UTF-8 ones like "Çağlar Öztürk"."""
    raw = raw.split(b"\x00", 1)[0]  # some writers pad values with NULs
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if utf8_declared:
            # Declared UTF-8 but broken: keep what is readable rather than guess a codepage.
            return raw.decode("utf-8", errors="replace")
    return decode_legacy(raw)


def decode_legacy(raw: bytes) -> str:
    """cp1252, falling back to Latin-1 for the five bytes cp1252 leaves undefined."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_exif_ascii(value: str | bytes) -> str:
    """EXIF ASCII strings are UTF-8 in practice (MWG says so); older cameras wrote Latin-1."""
    if isinstance(value, str):
        value = value.split("\x00", 1)[0]
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            # python-exiv2 hands over non-UTF-8 bytes as surrogate escapes: decode them properly.
            return decode_iim(value.encode("utf-8", "surrogateescape"))
    return decode_iim(value)
