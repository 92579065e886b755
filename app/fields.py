"""The one table of editorial fields.

Reading, writing, the catalog, the inspector, export and the docs all take
field names from here; there is no second list of field names anywhere.
The mapping follows the IPTC Photo Metadata standard (IIM dataset numbers and
byte limits from ExifTool's IPTC tables, XMP properties from iptc2xmp.args) and
the Metadata Working Group guidance for the EXIF twins.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # one line
    MULTILINE = "multiline"  # caption-like, may hold line breaks
    LIST = "list"  # several values (creators, keywords)
    DATE = "date"  # ISO 8601 date, optionally with time and offset


class Reconcile(StrEnum):
    """How the value shown is chosen when EXIF, IIM and XMP disagree."""

    MWG_EXIF = "mwg-exif"  # non-blank EXIF wins, then the digest rule (MWG caption/creator/copyright)
    DIGEST = "digest"  # XMP if no IPTC digest or it matches, else IIM (MWG location; also credit etc.)
    XMP_ONLY = "xmp-only"  # no IIM twin


class XmpType(StrEnum):
    TEXT = "text"
    LANG_ALT = "langAlt"
    SEQ = "seq"
    BAG = "bag"


@dataclass(frozen=True)
class Field:
    key: str  # the key used in JSON, the CLI, export and the catalog
    label: str  # what a photo editor reads in the inspector and on sheets
    kind: Kind
    iim: str | None  # exiv2 key of the IIM dataset
    iim_dataset: str | None  # "2:120", for docs and messages
    iim_limit: int | None  # bytes (per value for repeatable datasets)
    xmp: str | None  # exiv2 key of the XMP property
    xmp_type: XmpType | None
    exif: str | None  # exiv2 key of the EXIF twin (MWG)
    reconcile: Reconcile
    # ExifTool's names (group:tag), used by the oracle tests and the docs.
    exiftool_iim: str | None = None
    exiftool_xmp: str | None = None
    exiftool_exif: str | None = None
    credit_like: bool = False  # parsed for credit statements
    # "editorial" (the inspector's form, templates, rules) or "mark" (the desk's own marks: colour
    # label, tag, rating, set by keys on the photos and drawn on tiles; written like any field).
    group: str = "editorial"

    @property
    def is_list(self) -> bool:
        return self.kind is Kind.LIST

    @property
    def is_mark(self) -> bool:
        return self.group == "mark"


FIELDS: tuple[Field, ...] = (
    Field("title", "Title / object name", Kind.TEXT,
          "Iptc.Application2.ObjectName", "2:05", 64, "Xmp.dc.title", XmpType.LANG_ALT, None,
          Reconcile.DIGEST, "IPTC:ObjectName", "XMP-dc:Title"),
    Field("headline", "Headline", Kind.TEXT,
          "Iptc.Application2.Headline", "2:105", 256, "Xmp.photoshop.Headline", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Headline", "XMP-photoshop:Headline"),
    Field("caption", "Caption", Kind.MULTILINE,
          "Iptc.Application2.Caption", "2:120", 2000, "Xmp.dc.description", XmpType.LANG_ALT,
          "Exif.Image.ImageDescription", Reconcile.MWG_EXIF,
          "IPTC:Caption-Abstract", "XMP-dc:Description", "IFD0:ImageDescription"),
    Field("creators", "Photographer(s)", Kind.LIST,
          "Iptc.Application2.Byline", "2:80", 32, "Xmp.dc.creator", XmpType.SEQ,
          "Exif.Image.Artist", Reconcile.MWG_EXIF,
          "IPTC:By-line", "XMP-dc:Creator", "IFD0:Artist", credit_like=True),
    Field("creator_job_title", "Photographer's job title", Kind.TEXT,
          "Iptc.Application2.BylineTitle", "2:85", 32, "Xmp.photoshop.AuthorsPosition", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:By-lineTitle", "XMP-photoshop:AuthorsPosition"),
    Field("credit_line", "Credit line", Kind.TEXT,
          "Iptc.Application2.Credit", "2:110", 32, "Xmp.photoshop.Credit", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Credit", "XMP-photoshop:Credit", credit_like=True),
    Field("source", "Source (agency)", Kind.TEXT,
          "Iptc.Application2.Source", "2:115", 32, "Xmp.photoshop.Source", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Source", "XMP-photoshop:Source", credit_like=True),
    Field("copyright", "Copyright notice", Kind.TEXT,
          "Iptc.Application2.Copyright", "2:116", 128, "Xmp.dc.rights", XmpType.LANG_ALT,
          "Exif.Image.Copyright", Reconcile.MWG_EXIF,
          "IPTC:CopyrightNotice", "XMP-dc:Rights", "IFD0:Copyright"),
    Field("usage_terms", "Usage terms", Kind.MULTILINE,
          None, None, None, "Xmp.xmpRights.UsageTerms", XmpType.LANG_ALT, None,
          Reconcile.XMP_ONLY, None, "XMP-xmpRights:UsageTerms"),
    Field("instructions", "Special instructions", Kind.MULTILINE,
          "Iptc.Application2.SpecialInstructions", "2:40", 256, "Xmp.photoshop.Instructions", XmpType.TEXT,
          None, Reconcile.DIGEST, "IPTC:SpecialInstructions", "XMP-photoshop:Instructions"),
    Field("date_created", "Date created", Kind.DATE,
          "Iptc.Application2.DateCreated", "2:55", 8, "Xmp.photoshop.DateCreated", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:DateCreated", "XMP-photoshop:DateCreated"),
    Field("sublocation", "Sublocation", Kind.TEXT,
          "Iptc.Application2.SubLocation", "2:92", 32, "Xmp.iptc.Location", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Sub-location", "XMP-iptcCore:Location"),
    Field("city", "City", Kind.TEXT,
          "Iptc.Application2.City", "2:90", 32, "Xmp.photoshop.City", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:City", "XMP-photoshop:City"),
    Field("state", "State / province", Kind.TEXT,
          "Iptc.Application2.ProvinceState", "2:95", 32, "Xmp.photoshop.State", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Province-State", "XMP-photoshop:State"),
    Field("country", "Country", Kind.TEXT,
          "Iptc.Application2.CountryName", "2:101", 64, "Xmp.photoshop.Country", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Country-PrimaryLocationName", "XMP-photoshop:Country"),
    Field("country_code", "Country code", Kind.TEXT,
          "Iptc.Application2.CountryCode", "2:100", 3, "Xmp.iptc.CountryCode", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Country-PrimaryLocationCode", "XMP-iptcCore:CountryCode"),
    Field("keywords", "Keywords", Kind.LIST,
          "Iptc.Application2.Keywords", "2:25", 64, "Xmp.dc.subject", XmpType.BAG, None,
          Reconcile.DIGEST, "IPTC:Keywords", "XMP-dc:Subject"),
    Field("caption_writer", "Caption writer", Kind.TEXT,
          "Iptc.Application2.Writer", "2:122", 32, "Xmp.photoshop.CaptionWriter", XmpType.TEXT, None,
          Reconcile.DIGEST, "IPTC:Writer-Editor", "XMP-photoshop:CaptionWriter"),
    Field("job_id", "Job ID", Kind.TEXT,
          "Iptc.Application2.TransmissionReference", "2:103", 32, "Xmp.photoshop.TransmissionReference",
          XmpType.TEXT, None, Reconcile.DIGEST,
          "IPTC:OriginalTransmissionReference", "XMP-photoshop:TransmissionReference"),
    # IPTC 2021.1+ (XMP only, no IIM twin): what the picture is made of, and its description for
    # people who cannot see it. exiv2 knows both namespaces as "iptcExt" and "iptc" (Iptc4xmpCore).
    Field("digital_source_type", "Digital source type", Kind.TEXT,
          None, None, None, "Xmp.iptcExt.DigitalSourceType", XmpType.TEXT, None,
          Reconcile.XMP_ONLY, None, "XMP-iptcExt:DigitalSourceType"),
    Field("alt_text", "Alt text (accessibility)", Kind.MULTILINE,
          None, None, None, "Xmp.iptc.AltTextAccessibility", XmpType.LANG_ALT, None,
          Reconcile.XMP_ONLY, None, "XMP-iptcCore:AltTextAccessibility"),
    Field("ext_description", "Extended description (accessibility)", Kind.MULTILINE,
          None, None, None, "Xmp.iptc.ExtDescrAccessibility", XmpType.LANG_ALT, None,
          Reconcile.XMP_ONLY, None, "XMP-iptcCore:ExtDescrAccessibility"),
    # The desk's marks, as Photo Mechanic writes them (app/marks.py): the colour class's name in
    # xmp:Label (read by Bridge, Lightroom and Photo Mechanic alike), the tag in Photo Mechanic's
    # own photomechanic:Tagged (True/False), stars in xmp:Rating (0-5, -1 rejected).
    Field("color_label", "Colour label", Kind.TEXT, None, None, None, "Xmp.xmp.Label", XmpType.TEXT, None,
          Reconcile.XMP_ONLY, None, "XMP-xmp:Label", group="mark"),
    Field("tagged", "Tagged", Kind.TEXT, None, None, None, "Xmp.photomechanic.Tagged", XmpType.TEXT, None,
          Reconcile.XMP_ONLY, None, "XMP-photomech:Tagged", group="mark"),
    Field("rating", "Rating", Kind.TEXT, None, None, None, "Xmp.xmp.Rating", XmpType.TEXT, None,
          Reconcile.XMP_ONLY, None, "XMP-xmp:Rating", group="mark"),
)

# XMP prefixes the table uses that exiv2 does not know by itself: exiv2io registers them, else
# exiv2 refuses to set (or remove) their properties.
XMP_NAMESPACES: dict[str, str] = {"photomechanic": "http://ns.camerabits.com/photomechanic/1.0/"}

FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
_LIST_KEYS: frozenset[str] = frozenset(f.key for f in FIELDS if f.is_list)

# Where a value came from, in the vocabulary of `show --format json`.
SOURCES: tuple[str, ...] = ("xmp", "iim", "exif", "edited")


def field(key: str) -> Field:
    """The field for ``key``; a clear KeyError naming the valid keys otherwise."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown field {key!r}; known fields: {', '.join(FIELD_KEYS)}") from None


def empty_value(key: str) -> str | list[str]:
    return [] if BY_KEY[key].is_list else ""


def normalize_value(key: str, value: object) -> str | list[str]:
    """Coerce user or file input to the field's shape: a list of stripped
    non-empty strings for list fields, a string (inner text kept) otherwise."""
    # Called ~80 times a photo by an import (the reader, the check's item, the stored row):
    # the list keys come from a set and a text without a CR skips the two replaces
    # (0.41 -> 0.2 us a text value, 1.0 -> 0.7 us a list).
    if key in _LIST_KEYS:
        if value is None:
            return []
        if isinstance(value, str):
            parts = value.split(";") if ";" in value else value.split(",") if key == "keywords" else [value]
        else:
            parts = [str(v) for v in value]  # type: ignore[union-attr]
        # Duplicates collapse: the reader merges them, so a kept duplicate would never match the file.
        return list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    if key not in BY_KEY:
        field(key)  # raises the KeyError that names the valid keys
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if str(v).strip())
    text = str(value)
    if "\r" in text:  # XMP cannot keep a carriage return, so a CR kept here would never match the file again
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    shape = _MARK_SHAPES.get(key)
    return shape(text) if shape is not None else text


def _tagged(text: str) -> str:
    """"True" for a tagged photo, "" otherwise: "False", "0" or blank all mean not tagged, so an
    untagged photo has one value whatever the file said (and untagging removes the property)."""
    return "True" if text.strip().lower() in ("true", "1", "yes") else ""


def _rating(text: str) -> str:
    """Whole stars "1".."5", "-1" for rejected, "" for unrated (XMP's 0, or no value); XMP allows
    a real ("3.0"); anything unreadable is kept as written, so nothing in a file is lost."""
    try:
        stars = round(float(text))
    except ValueError:
        return text
    return str(max(-1, min(5, stars))) if stars else ""


_MARK_SHAPES = {"tagged": _tagged, "rating": _rating}


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple)):
        return not any(str(v).strip() for v in value)
    return not str(value).strip()


# Prose: sentences a person writes, spell checked as they are typed (app.spelling, the
# `spelling` rule). Names, places, credits and keywords are not prose.
PROSE_KEYS: frozenset[str] = frozenset({"title", "headline", "caption", "instructions", "usage_terms"})


# ISO 8601 as IPTC and XMP write it: a year, a month or a day, optionally a time (hours and
# minutes, optionally seconds and a fraction), optionally a UTC offset ("Z", "+02:00", "+0200").
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
                       r"(Z|[+-](\d{2}):?(\d{2}))?)?)?)?", re.ASCII)


def date_problem(text: str) -> str | None:
    """Why ``text`` is not an ISO 8601 date the photo fields can hold, or None when it is one
    (or blank, which clears the field). Partial dates ("2024", "2024-03") are fine; "2024-02-30",
    "yesterday" and "03/04/2024" are not."""
    text = text.strip()
    if not text:
        return None
    m = _ISO_DATE.fullmatch(text)
    if m is None:
        return (f"{text[:40]!r} is not an ISO 8601 date: write YYYY, YYYY-MM, YYYY-MM-DD, "
                "optionally with a time and offset (2024-03-05T14:05:09+02:00)")
    year, month, day, hour, minute, second, offset, off_h, off_m = m.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return f"{text!r}: there is no month {int(month)}"
    if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        return f"{text!r}: {calendar.month_name[int(month)]} {year} has no day {int(day)}"
    if hour is not None and (int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59)):
        return f"{text!r}: the time of day is out of range"
    if off_h is not None and (int(off_h) > 14 or int(off_m) > 59):
        return f"{text!r}: the UTC offset is out of range"
    return None


def value_problem(key: str, value: object) -> str | None:
    """Why ``value`` cannot be stored in field ``key`` as a user's edit, or None. The one check
    every editor uses (CLI ``set``, the inspector, templates). Readings of files are not judged:
    what a file holds is imported as it is and its rules say what is wrong."""
    f = field(key)
    if f.kind is Kind.DATE:
        problem = date_problem(str(normalize_value(key, value)))
        return f"{f.label}: {problem}" if problem else None
    return None


def validate_value(key: str, value: object) -> str | list[str]:
    """``normalize_value`` for an edit: ValueError (one line) when ``value_problem`` finds one."""
    problem = value_problem(key, value)
    if problem:
        raise ValueError(problem)
    return normalize_value(key, value)
