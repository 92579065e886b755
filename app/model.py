"""Plain data passed between the catalog, metadata I/O, validation, export and UI.

No behaviour beyond small conveniences; nothing here touches disk or SQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

Value = str | list[str]  # a field's value: a string, or a list for creators/keywords


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    rank: int  # worse is higher: set on each member below


# An attribute of each member: a property building a dict and reading .value cost 5 us a call,
# 0.1 s of the UI thread when the inspector grouped the findings of 2,000 selected photos.
for _severity, _rank in ((Severity.ERROR, 2), (Severity.WARNING, 1), (Severity.INFO, 0)):
    _severity.rank = _rank
del _severity, _rank


def worst_status(findings: Iterable[Any]) -> str | None:
    """An item's status as the catalog stores it: its worst finding's severity ("error",
    "warning", "info"), None when it has none."""
    worst: Severity | None = None
    for f in findings:
        sev = Severity(f.severity)
        if worst is None or sev.rank > worst.rank:
            worst = sev
    return worst.value if worst is not None else None


class GalleryStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    PUBLISHED = "published"


@dataclass
class FileFacts:
    """What the file itself says, independent of editorial metadata."""

    path: str
    size: int
    mtime_ns: int
    content_hash: str  # sha256 hex of the file bytes
    format: str  # "JPEG", "TIFF", "PNG", "WEBP", "HEIF", "AVIF", "CR2", ...
    width: int | None = None
    height: int | None = None
    orientation: int | None = None  # EXIF 1..8
    capture_time: str | None = None  # ISO 8601 local time "2024-04-13T14:05:09"
    capture_offset: str | None = None  # "+02:00" when known
    gps_lat: float | None = None
    gps_lon: float | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    sidecar: str | None = None  # path of the XMP sidecar used, if any


@dataclass
class EmbeddedField:
    """One editorial field as found in a file: every source's value and the winner."""

    key: str
    value: Value  # the reconciled value (what the file "says")
    source: str | None  # "xmp" | "iim" | "exif" | None when blank everywhere
    candidates: dict[str, Value] = field(default_factory=dict)  # source -> value as read


@dataclass
class ReadResult:
    """Everything read from one file in one pass."""

    facts: FileFacts
    fields: dict[str, EmbeddedField]
    iptc_digest_stored: str | None = None  # Photoshop IRB 0x0425, hex
    iptc_digest_current: str | None = None  # md5 of the IIM block now, hex
    warnings: list[str] = field(default_factory=list)
    provenance: Provenance | None = None  # the C2PA manifest store (app.provenance), None when there is none
    # The XMP sidecar beside the photo is there but was not read (not well-formed, too big, not a
    # regular file, unreadable): why, in one line. The reading then holds the photo's own values
    # for the fields the sidecar holds; a re-read of a known photo (app.follow) keeps the catalog's.
    sidecar_unread: str | None = None
    # Wall clock (time.time_ns) when this reading began, before the photo and its sidecar were
    # read: what the catalog records as the reading's time, so a sidecar saved while it was read,
    # or while the reading waited for the catalog, is newer than it (``importer.sidecar_changed``).
    read_at_ns: int | None = None


@dataclass
class WriteFailure:
    """The last write-back of a photo that did not write it: ``status`` "failed" (the file is
    read-only or gone, the disk full) or "skipped" (changed on disk, Content Credentials),
    ``reason`` as the write said it, ``path`` the file tried, ``when`` ISO 8601 UTC."""

    status: str
    reason: str
    path: str | None
    when: str
    # Checked against the file since (``app.writeback.failure_now``): the write was refused up
    # front (the file gone or locked) and would not be now; what is true now ("the file is back
    # now"). Not stored: it follows the file.
    lifted: str | None = None

    def text(self) -> str:
        """One line, as the inspector, the table's tooltip and `creditline show` say it."""
        when = self.when[:16].replace("T", " ")
        if self.lifted:
            return f"The last write ({when} UTC) was refused ({self.reason}); {self.lifted}."
        return f"Last write {self.status} ({when} UTC): {self.reason}"


@dataclass
class Item:
    """A gallery item: a photo, or a caption-only item (no file) from an audit."""

    id: int
    path: str | None
    kind: str  # "photo" | "caption"
    fields: dict[str, Value]  # working values (after edits)
    embedded: dict[str, Value] = field(default_factory=dict)  # as in the file
    sources: dict[str, str | None] = field(default_factory=dict)  # key -> xmp|iim|exif|edited|None
    candidates: dict[str, dict[str, Value]] = field(default_factory=dict)  # key -> {source: value}
    facts: FileFacts | None = None
    thumb_key: str | None = None  # content hash naming the cached thumbnail
    added_at: str | None = None
    position: int | None = None  # 1-based position when read through a gallery
    status: str | None = None  # worst finding severity ("error"|"warning"|"info") or None when clean
    warnings: list[str] = field(default_factory=list)  # what the reader could not read cleanly in the file
    # Content Credentials in the file: None (no manifest) or Provenance.state; and the digital
    # source type its manifest declares ("" when none). Details: Catalog.provenance(id).
    c2pa_state: str | None = None
    c2pa_source_type: str = ""
    pending: int = 0  # fields edited in the catalog and not yet written to the file (photos only)
    # Why the last write-back of this photo did not write it, kept until one does (full reads
    # and the views' pages fill it; None: the last write succeeded, or none was tried).
    write_failure: WriteFailure | None = None

    def changed_fields(self) -> list[str]:
        """Keys whose working value differs from the value in the file."""
        return [k for k, s in self.sources.items() if s == "edited"]


@dataclass
class Gallery:
    id: int
    name: str
    title: str
    status: GalleryStatus
    created: str
    modified: str
    item_count: int = 0
    news: bool = True  # a news gallery: an undisclosed AI-generated picture stops publication
    web: bool = False  # published on the web: every photo needs alt text


@dataclass
class ImportFailure:
    path: str
    reason: str
    when: str


@dataclass
class Edit:
    item_id: int
    field: str
    old: Value
    new: Value
    when: str


@dataclass
class Credit:
    """One credit statement found in a caption or credit-like field."""

    text: str  # exactly as written
    start: int  # character offsets into the field's text
    end: int
    field: str = "caption"  # which field it was found in
    # dataclasses.field by its full name: the attribute ``field`` above shadows it in this class body.
    photographers: list[str] = dataclasses.field(default_factory=list)
    # the whole chain in canonical names: source first, every agency that moved it, the distributor last
    agencies: list[str] = dataclasses.field(default_factory=list)
    # the agency that moved a third party's picture ("via X", "AFP/Getty Images", "REUTERS/KCNA"),
    # so agencies[-1]; None for one agency's staff credit (rules in app/credits.py's docstring)
    distributor: str | None = None
    file: bool = False
    pool: bool = False
    handout: bool = False
    courtesy: bool = False
    stringer: bool = False
    form: str | None = None  # which pattern matched ("ap-signoff", "reuters", "photo-by", "cms", ...)
    # the client an agency made the picture for ("Getty Images for Harbor City Herons": commissioned, so
    # the rights desk needs it); never one of ``agencies``, which name who made and moved the picture
    client: str | None = None

    def to_json(self) -> dict[str, Any]:
        # asdict() deep-copies recursively (~50 us a credit); its fields are text, numbers,
        # flags and lists of text, so this copy is the same dict for a tenth of the price.
        out: dict[str, Any] = {}
        for k in _CREDIT_KEYS:
            v = getattr(self, k)
            out[k] = list(v) if isinstance(v, list) else v
        return out


_CREDIT_KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Credit))


@dataclass
class Fix:
    """A replacement of ``field[start:end]`` by ``replacement``."""

    label: str  # what the button says: "Remove the desk instruction"
    field: str
    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


@dataclass
class Finding:
    rule: str  # stable kebab-case id
    severity: Severity
    field: str  # field key the span points into
    message: str  # quotes the offending text
    start: int | None = None
    end: int | None = None
    fix: Fix | None = None
    item_id: int | None = None
    # Every (start, end) in ``field`` a finding about one thing in several places points at
    # (the same unknown word twice), in order; ``start``/``end`` are the first. Empty for one place.
    spans: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            # A Fix holds text and numbers only: a copy of its fields is what asdict() gives,
            # without the recursive deep copy (4.8 -> 0.2 us; a check encodes every finding).
            "fix": dict(self.fix.__dict__) if self.fix else None,
        }
        if self.spans:
            out["spans"] = [list(s) for s in self.spans]
        return out


@dataclass
class Provenance:
    """What a file's C2PA manifest store (Content Credentials) says, as c2pa-python read it.

    ``state``: "valid" (intact, signed by a certificate the catalog trusts), "untrusted"
    (intact, but the signer is not on the catalog's trust list), "invalid" (the validation
    codes say why: the image or a signed part changed, a bad signature) or "unreadable"
    (``reason`` says why)."""

    state: str
    codes: list[str] = field(default_factory=list)  # failure codes of the active manifest
    signer: str = ""  # the signing certificate's common name
    issuer: str = ""  # its organisation
    signed_at: str = ""  # the time-stamp's time, when the signature has one
    claim_generator: str = ""  # the software that made the manifest ("Creditline 0.1.0")
    title: str = ""
    actions: list[dict[str, str]] = field(default_factory=list)  # {"action", "source_type", "agent", "when"}
    source_type: str = ""  # the digital source type the active manifest declares (IPTC URI)
    ingredients: list[dict[str, str]] = field(default_factory=list)  # {"title", "relationship", "manifest"}
    manifests: int = 0  # manifests in the store (the active one and its ingredients')
    reason: str = ""  # why it is unreadable, or the first failure explained

    @property
    def intact(self) -> bool:
        """Writing into the file would break this manifest (it validates now)."""
        return self.state in ("valid", "untrusted")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
