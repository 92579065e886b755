"""New file bytes with some fields changed and every other value as it was.

For each edited field, the new value goes into every block where the field lives (MWG):
the XMP property, the IIM dataset, the EXIF tag and its copies (XMP-tiff, Windows XP
tags). Nothing else is rewritten:

- XMP: the packet's XML is edited in place (``app.metadata.xmp``); unreadable XML is
  refused unless the user forces it, and Extended XMP is kept in step.
- IIM: the raw datasets are edited (``app.metadata.iim``); unedited ones keep their bytes
  (a time without an offset stays without one). The IPTC digest keeps its state: a
  current digest is recomputed, a stale one (IIM edited after XMP by an older tool, so
  readers prefer IIM) stays stale, an absent one stays absent — so no reader changes the
  block it shows for a field nobody edited.
- EXIF: exiv2 sets the edited tags; it is not run at all when no EXIF tag changes.

JPEG's XMP and Photoshop segments are taken out before exiv2 sees the file and put back
after it (exiv2 would re-serialise XMP and misplace IIM when two APP13 segments precede
APP0). Only the head before the image data is edited: the compressed image data goes into
the new file from the old bytes as they are, never copied (a big scan is held once), and is
checked byte for byte where an IIM trailer after it is edited.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tempfile
import warnings as _warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from app.fields import BY_KEY, Field, Kind, XmpType
from app.metadata import exiv2io, iim, jpeg, png, tiffedit, webp, xmp
from app.metadata.charset import decode_iim
from app.metadata.formats import IIM_FORMATS, sniff

# Formats exiv2 writes in place; HEIF/AVIF are read-only in libexiv2 0.28.
WRITABLE_FORMATS = frozenset({"JPEG", "TIFF", "PNG", "WEBP"})
# Those exiv2 writes, into a copy of the file (``encode_path``); a JPEG is edited in Python.
IN_PLACE_FORMATS = WRITABLE_FORMATS - {"JPEG"}
_IRB_IIM, _IRB_DIGEST = 0x0404, 0x0425
_KIND = {XmpType.TEXT: xmp.TEXT, XmpType.LANG_ALT: xmp.LANG_ALT, XmpType.SEQ: xmp.SEQ, XmpType.BAG: xmp.BAG}
# Copies of the EXIF twins that some converters keep in XMP (tiff:ImageDescription, ...).
_TIFF_TWIN_KIND = {"ImageDescription": xmp.LANG_ALT, "Artist": xmp.TEXT, "Copyright": xmp.LANG_ALT}


class WriteError(Exception):
    """A file that cannot be written; the message is one line meant for the user."""


@dataclass
class Encoded:
    # The new file is these pieces one after the other. A JPEG's is its new head and a view of
    # the old bytes' image data, so a big scan is not copied to be written.
    parts: list[bytes | memoryview] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what a forced write could not keep

    @property
    def data(self) -> bytes:
        """The new file's bytes in one piece (a copy when it is in several)."""
        return b"".join(self.parts)

    @property
    def size(self) -> int:
        return sum(memoryview(p).nbytes for p in self.parts)


# --- the fields -------------------------------------------------------------------------------

def xmp_prop(f: Field) -> xmp.Prop:
    assert f.xmp and f.xmp_type
    return xmp.prop(f.xmp, _KIND[f.xmp_type])


def _xmp_value(f: Field, value):
    if f.key == "date_created" and isinstance(value, str) and "T" not in value:
        while value.endswith(("-00", ":00")) and len(value) > 4:
            value = value[:-3]  # IIM's "unknown month or day" is a shorter date in XMP
    return value


def _exif_text(value) -> str:
    # MWG: several creators go into EXIF Artist separated by "; ".
    return "; ".join(value) if isinstance(value, list) else (value or "")


def edit_packet(packet: xmp.Packet, values: dict, keep_empty: Collection[str] = ()) -> None:
    """``values`` set in ``packet``; a blank one removes its property, except for the keys of
    ``keep_empty``, whose property stays present and empty (``xmp.Packet.set``)."""
    for key, value in values.items():
        f = BY_KEY[key]
        if f.xmp:
            packet.set(xmp_prop(f), _xmp_value(f, value), keep_empty=key in keep_empty)
        if f.exif:
            twin = f.exif.rsplit(".", 1)[1]
            p = xmp.Prop(xmp.NAMESPACES["tiff"][0], twin, _TIFF_TWIN_KIND.get(twin, xmp.TEXT))
            if packet.has(p):
                packet.set(p, _exif_text(value) or None)


def iim_edit(values: dict, warnings: list[str]) -> iim.Edit | None:
    texts: dict[tuple[int, int], list[str]] = {}
    raw: dict[tuple[int, int], list[bytes]] = {}
    limits: dict[tuple[int, int], int] = {}
    for key, value in values.items():
        f = BY_KEY[key]
        if not f.iim_dataset:
            continue
        record, number = (int(x) for x in f.iim_dataset.split(":"))
        tag = (record, number)
        if f.kind is Kind.DATE:
            text = value.strip() if isinstance(value, str) else ""
            parsed = iim.date_time(text) if text else (b"", None)
            if parsed is None:
                warnings.append(f"{f.label}: {text!r} is not a date IIM {f.iim_dataset} can hold; written to XMP only")
                raw[iim.DATE], raw[iim.TIME] = [], []
                continue
            date, time = parsed
            raw[iim.DATE] = [date] if date else []
            raw[iim.TIME] = [time] if time else []
            continue
        items = value if isinstance(value, list) else ([value] if value else [])
        texts[tag] = [t for t in items if t]
        if f.iim_limit:
            limits[tag] = f.iim_limit
    if not texts and not raw:
        return None
    return iim.Edit(texts, limits, raw)


_LABELS = {(int(f.iim_dataset.split(":")[0]), int(f.iim_dataset.split(":")[1])): f.label
           for f in BY_KEY.values() if f.iim_dataset}


def edited_block(block: bytes | None, edit: iim.Edit, warnings: list[str], *, create: bool) -> bytes | None:
    """The IIM block with ``edit`` applied, or None when there is none and ``create`` is off.
    A block that only lacks the edited datasets gets them only when ``create`` is on."""
    datasets = iim.parse(block) if block else []
    if not create:
        present = {d.tag for d in datasets}
        edit = iim.Edit({t: v for t, v in edit.texts.items() if t in present}, edit.limits,
                        {t: v for t, v in (edit.raw or {}).items() if t in present})
        if not edit.texts and not edit.raw:
            return block
    return iim.encode(iim.apply(datasets, edit, warnings, _LABELS)) + iim.trailing(block or b"")


# EXIF tags by exiv2 key, and the Windows XP copies kept in step with a field when present.
_EXIF_TAGS = {"Exif.Image.ImageDescription": 0x010E, "Exif.Image.Artist": 0x013B,
              "Exif.Image.Copyright": 0x8298, "Exif.Image.XPAuthor": 0x9C9D, "Exif.Image.XPKeywords": 0x9C9E}
_XP_COPIES = {"creators": "Exif.Image.XPAuthor", "keywords": "Exif.Image.XPKeywords"}
_EXIF_ROOM = 32000  # bytes for one text tag, leaving the rest of a 64 KB segment to what is there


def exif_values(values: dict) -> dict[str, str]:
    """exiv2 key -> text of the EXIF tags the edited fields live in (XP copies included)."""
    out = {BY_KEY[k].exif: _exif_text(v) for k, v in values.items() if BY_KEY[k].exif}
    out.update({_XP_COPIES[k]: _exif_text(v) for k, v in values.items() if k in _XP_COPIES})
    return out  # type: ignore[return-value]


def _set_jpeg_exif(data: bytes, values: dict, out: Encoded, force: bool) -> bytes:
    """The JPEG with its EXIF twins of ``values`` set in place (``tiffedit``), or a minimal
    EXIF block made for them when the file has none."""
    tags = {_EXIF_TAGS[k]: v for k, v in exif_values(values).items()}
    if not tags:
        return data
    for tag, text in list(tags.items()):
        if text and len(text.encode("utf-8")) > _EXIF_ROOM:
            # One APP1 segment holds the whole EXIF block: a copy that cannot fit goes, so MWG
            # readers (who show EXIF first) take the full text from XMP instead of a cut one.
            tags[tag] = None
            out.warnings.append(f"{len(text.encode('utf-8'))} bytes do not fit in EXIF (one JPEG segment); "
                                f"the EXIF copy was removed and the full text is in XMP")
    segments, _, _ = jpeg.head(data)
    exif_segs = [s for s in segments if s.is_app(jpeg.APP1, jpeg.EXIF_SIG, data)]
    for seg in reversed(exif_segs[1:]):  # a repeated EXIF segment gets the edit too (offsets above stay)
        data = _set_exif_segment(data, seg, tags, values, out, force)
    seg = exif_segs[0] if exif_segs else None
    if seg is None:
        block = tiffedit.new_block(tags, _jfif_resolution(data, segments))
        if block is None:
            return data
        after = segments[0].start if segments and segments[0].marker == jpeg.APP0 else jpeg.AFTER_SOI
        return jpeg.rebuild(data, set(), [jpeg.segment(jpeg.APP1, jpeg.EXIF_SIG + block)], after)
    return _set_exif_segment(data, seg, tags, values, out, force)


def _jfif_resolution(data: bytes, segments: list[jpeg.Segment]) -> tuple[int, int, int] | None:
    """The JFIF header's density as (x, y, EXIF unit), when it states one in dots per inch or
    per centimetre: an EXIF block made for an edit must not say another resolution than the
    file already does (72 dpi against a 300 dpi JFIF). None for an aspect ratio only."""
    seg = next((s for s in segments if s.is_app(jpeg.APP0, b"JFIF\x00", data)), None)
    if seg is None:
        return None
    payload = seg.payload(data)
    if len(payload) < 12:
        return None
    units, x, y = struct.unpack(">BHH", payload[7:12])
    if units not in (1, 2) or not x or not y:
        return None
    return x, y, units + 1  # JFIF 1 = dpi, 2 = dpcm; EXIF 2 = inches, 3 = centimetres


def _set_exif_segment(data: bytes, seg: jpeg.Segment, tags: dict, values: dict, out: Encoded, force: bool) -> bytes:
    tiff = seg.payload(data)[len(jpeg.EXIF_SIG):]
    try:
        new = tiffedit.set_tags(tiff, tags)
    except tiffedit.TiffEditError as exc:
        from app.metadata.exif import read_exif  # noqa: PLC0415 - only for a damaged block

        held = read_exif(data)
        stale = [BY_KEY[k].label.lower() for k in values if BY_KEY[k].exif and
                 {"caption": held.description, "creators": held.artist, "copyright": held.copyright}.get(k)]
        if stale and not force:
            # Readers show the EXIF copy first (MWG): writing only XMP and IIM would look like no edit.
            raise WriteError(f"{exc}, and it holds the {', '.join(stale)}, which could not be updated there; "
                             f"nothing was written (--force writes XMP and IIM anyway)") from None
        names = ", ".join(BY_KEY[k].label.lower() for k in values if BY_KEY[k].exif)
        if names:
            out.warnings.append(f"{exc}: the EXIF copy of the {names} was not updated")
        return data
    return jpeg.replace(data, seg, jpeg.segment(jpeg.APP1, jpeg.EXIF_SIG + new))


# --- Photoshop image resources ----------------------------------------------------------------

@dataclass
class Resource:
    sig: bytes
    rid: int
    name: bytes  # the Pascal string with its padding, as stored
    data: bytes

    def encode(self) -> bytes:
        pad = b"\x00" if len(self.data) % 2 else b""
        return self.sig + struct.pack(">H", self.rid) + self.name + struct.pack(">I", len(self.data)) + self.data + pad


def parse_irb(blob: bytes) -> list[Resource]:
    """Photoshop image resource blocks; ValueError when they do not parse cleanly."""
    out = []
    pos, n = 0, len(blob)
    while pos < n:
        if n - pos < 12 and not blob[pos:].strip(b"\x00"):
            break  # trailing padding
        sig = blob[pos:pos + 4]
        if sig not in (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa"):
            raise ValueError("bad image resource signature")
        rid = struct.unpack(">H", blob[pos + 4:pos + 6])[0]
        name_len = blob[pos + 6]
        name_total = name_len + 1 + ((name_len + 1) % 2)
        name = blob[pos + 6:pos + 6 + name_total]
        size_at = pos + 6 + name_total
        if size_at + 4 > n:
            raise ValueError("truncated image resource")
        size = struct.unpack(">I", blob[size_at:size_at + 4])[0]
        start = size_at + 4
        if start + size > n:
            raise ValueError("truncated image resource")
        out.append(Resource(sig, rid, name, blob[start:start + size]))
        pos = start + size + (size % 2)
    return out


def _digest_state(resources: list[Resource], block: bytes | None) -> str:
    """"none", "current" or "stale": what the stored IPTC digest says of ``block``."""
    stored = next((r.data for r in resources if r.rid == _IRB_DIGEST), None)
    if stored is None:
        return "none"
    return "current" if block is not None and hashlib.md5(block).digest() == stored else "stale"


def edit_resources(resources: list[Resource], edit: iim.Edit | None, warnings: list[str], *,
                   primary: bool) -> list[Resource]:
    """One IRB's resources with the IIM edited: the first IIM block gets every edited
    dataset (``primary``), later ones only those they already hold; the digest keeps its
    state (see the module's docstring)."""
    if edit is None:
        return resources
    blocks = [i for i, r in enumerate(resources) if r.rid == _IRB_IIM]
    first = blocks[0] if blocks else None
    state = _digest_state(resources, resources[first].data if first is not None else None)
    out = list(resources)
    if first is None and primary:
        out.append(Resource(b"8BIM", _IRB_IIM, b"\x00\x00", b""))
        first = len(out) - 1
        state = "current" if state == "none" else state  # a block we create is in step with XMP
    for i in ([first] if first is not None else []) + blocks[1:]:
        new = edited_block(out[i].data, edit, warnings, create=primary and i == first)
        out[i] = Resource(out[i].sig, out[i].rid, out[i].name, new or b"")
    if first is not None:
        new_block = out[first].data
        digest = hashlib.md5(new_block).digest()
        at = next((i for i, r in enumerate(out) if r.rid == _IRB_DIGEST), None)
        if state == "current":
            if at is None:
                out.insert(first + 1, Resource(b"8BIM", _IRB_DIGEST, b"\x00\x00", digest))
            else:
                out[at] = Resource(out[at].sig, _IRB_DIGEST, out[at].name, digest)
        if not new_block:  # nothing left in it: drop the empty block and its digest
            out = [r for r in out if r.rid not in (_IRB_IIM, _IRB_DIGEST) or (r.rid == _IRB_IIM and r.data)]
    return out


def _app13_payloads(resources: list[Resource]) -> list[bytes]:
    chunks: list[bytes] = []
    current = b""
    room = jpeg.MAX_PAYLOAD - len(jpeg.PS_SIG)
    for r in resources:
        enc = r.encode()
        if current and len(current) + len(enc) > room:
            chunks.append(current)
            current = b""
        # A resource bigger than a segment (an IIM block of 65,535 keywords) continues in the
        # next APP13, as Photoshop writes it and readers (ours, exiv2, ExifTool) join it; it
        # failed "unexpected error: ValueError: a JPEG segment holds at most 65533 bytes".
        while len(enc) > room:
            chunks.append(enc[:room])
            enc = enc[room:]
        current += enc
    if current:
        chunks.append(current)
    return [jpeg.PS_SIG + c for c in chunks]


# --- JPEG ----------------------------------------------------------------------------------------

def _packet(raw: bytes | None, force: bool, lost: list[str], where: str = "XMP") -> xmp.Packet:
    try:
        return xmp.Packet(raw)
    except xmp.XmpError as exc:
        if not force:
            raise WriteError(f"{exc}: writing would destroy it, so nothing was written; "
                             f"--force rebuilds it from what can be read") from None
    try:
        packet = xmp.Packet(raw, recover=True)
    except xmp.XmpError as exc:
        # Nothing of it can be read here (no rdf:RDF left), though ExifTool may still read values in it
        # (the corpus's kim-photo_46.jpg: its rdf:about): a new packet in its place would lose them, and a
        # forced write promises to keep what can be read, so even --force leaves the file alone.
        raise WriteError(f"the {where} packet cannot be read at all ({exc}): a new one would lose what other "
                         f"programs still read in it, so nothing was written, even with --force") from None
    lost.extend(f"{where}: {m}" for m in packet.lost)
    return packet


def _encode_jpeg(whole: bytes, values: dict, force: bool, out: Encoded) -> list[bytes | memoryview]:
    try:
        segs, sos, sos_end = jpeg.head(whole)
    except ValueError as exc:
        raise WriteError(f"the JPEG structure is broken ({exc}); not written") from None
    # Every edit is to the segments before the image data, so they are edited on a copy of
    # that head alone and the image data follows as a view of ``whole``: each step copying the
    # whole file made a write take six times a big scan's size in memory.
    data = bytes(whole[:sos_end])
    # A file should hold one XMP segment; one repeated (or with a damaged header) is still read
    # by ExifTool, so each gets the edit: the first is the main packet, the others follow it.
    mains = [(s, p) for s in segs if (p := jpeg.xmp_packet_of(s, data)) is not None]
    ext_segs = [s for s in segs if s.is_app(jpeg.APP1, jpeg.XMP_EXT_SIG, data)]
    ps_segs = [s for s in segs if s.is_app(jpeg.APP13, jpeg.PS_SIG, data)]

    # XMP, and its extension when the main packet points to one that is all there.
    packet = _packet(mains[0][1] if mains else None, force, out.lost)
    repeats = []
    for _, raw in mains[1:]:
        other = _packet(raw, force, out.lost, "a second XMP packet")
        edit_packet(other, values)
        repeats.append(other.to_bytes(padding=0))
    guid = packet.get(xmp.HAS_EXTENDED)
    chunks = xmp.extension_chunks(s.payload(data)[len(jpeg.XMP_EXT_SIG):] for s in ext_segs)
    ext_raw = xmp.assemble(chunks, guid) if isinstance(guid, str) else None
    extension = _packet(ext_raw, force, out.lost, "Extended XMP") if ext_raw else None
    if isinstance(guid, str) and ext_raw is None and ext_segs:
        out.warnings.append("the Extended XMP is incomplete; it was left as it was")
    touched = False
    if extension is not None:
        extension.wrapped = False
        for key in values:
            f = BY_KEY[key]
            if f.xmp:
                touched = extension.remove(xmp_prop(f)) or touched
    edit_packet(packet, values)
    ext_payloads: list[bytes] = []
    rewrite_ext = touched or len(packet.to_bytes(padding=0)) > xmp.MAX_MAIN
    if rewrite_ext:
        extension = extension or _new_extension()
        _fit_main(packet, extension)
        if extension.properties():
            new_guid, ext_payloads = xmp.extension_payloads(extension.to_bytes())
            packet.set(xmp.HAS_EXTENDED, new_guid)
        else:
            packet.remove(xmp.HAS_EXTENDED)
    main_bytes = packet.to_bytes()
    if len(main_bytes) > xmp.MAX_MAIN:
        main_bytes = packet.to_bytes(padding=0)
    drop = {s.start for s, _ in mains}
    if rewrite_ext and ext_raw is not None:  # ours to replace; an extension we did not change stays as it is
        drop |= {s.start for s in ext_segs}

    # IIM in the Photoshop segments.
    edit = iim_edit(values, out.warnings)
    app13: list[bytes] = []
    if edit is not None or ps_segs:
        app13 = _edit_app13(data, ps_segs, edit, force, out)
        drop |= {s.start for s in ps_segs}

    bare = _set_jpeg_exif(jpeg.rebuild(data, drop, [], None), values, out, force)
    segments = [jpeg.segment(jpeg.APP1, jpeg.XMP_SIG + main_bytes)]
    segments += [jpeg.segment(jpeg.APP1, jpeg.XMP_SIG + r) for r in repeats]
    segments += [jpeg.segment(jpeg.APP1, jpeg.XMP_EXT_SIG + p) for p in ext_payloads]
    segments += [jpeg.segment(jpeg.APP13, p) for p in app13]
    try:
        head_segs, _, _ = jpeg.head(bare)
        new_head = jpeg.rebuild(bare, set(), segments, jpeg.insertion_point(bare, head_segs))
        _, new_sos, new_end = jpeg.head(new_head)
        if new_end != len(new_head) or new_head[new_sos:] != whole[sos:sos_end]:
            raise ValueError("the SOS header moved")
        if edit is not None and _trailer_signature(whole):
            new = edit_iim_trailers(b"".join((new_head, memoryview(whole)[sos_end:])), edit, [])
            new_lay = jpeg.layout(new)
            if not _same_bytes(new, new_lay.sos, new_lay.eoi, whole, sos, jpeg.find_eoi(whole, sos_end)):
                raise WriteError("the image data would change; nothing was written")
            return [new]
    except ValueError as exc:
        raise WriteError(f"unexpected JPEG structure after writing: {exc}") from None
    # The image data is the old bytes' own, after the same SOS header: it cannot have changed.
    return [new_head, memoryview(whole)[sos_end:]]


def _same_bytes(a: bytes, a_start: int, a_end: int, b: bytes, b_start: int, b_end: int) -> bool:
    """``a[a_start:a_end] == b[b_start:b_end]`` without copying either range whole: a slice of
    a big scan's image data is as big as the scan, and comparing memoryviews is slower than this."""
    if a_end - a_start != b_end - b_start:
        return False
    step = 1 << 24
    for at in range(0, a_end - a_start, step):
        size = min(step, a_end - a_start - at)
        if a[a_start + at:a_start + at + size] != b[b_start + at:b_start + at + size]:
            return False
    return True


def _new_extension() -> xmp.Packet:
    ext = xmp.Packet(None)
    ext.wrapped = False
    return ext


def _fit_main(packet: xmp.Packet, extension: xmp.Packet) -> None:
    """Move the largest properties to the extension until the main packet fits one APP1."""
    if len(packet.to_bytes(padding=0)) <= xmp.MAX_MAIN - 200:  # room for the GUID property
        return
    from lxml import etree  # noqa: PLC0415 - only for the rare oversized packet

    sizes = []
    for d, tag in packet.properties():
        el = d.find(tag)
        size = len(etree.tostring(el)) if el is not None else len(d.attrib.get(tag, ""))
        sizes.append((size, tag))
    for _, tag in sorted(sizes, reverse=True):
        if tag == xmp.HAS_EXTENDED.tag:
            continue
        xmp.move_property(packet, extension, tag)
        if len(packet.to_bytes(padding=0)) <= xmp.MAX_MAIN - 200:
            return


def _edit_app13(data: bytes, ps_segs: list[jpeg.Segment], edit: iim.Edit | None, force: bool,
                out: Encoded) -> list[bytes]:
    """New APP13 payloads: each Photoshop segment's resources with the IIM edited."""
    per_segment: list[list[Resource]] | None = []
    try:
        for s in ps_segs:
            per_segment.append(parse_irb(s.payload(data)[len(jpeg.PS_SIG):]))
    except ValueError:
        per_segment = None
        try:  # one resource stream split across segments (a block over 64 KB)
            joined = parse_irb(b"".join(s.payload(data)[len(jpeg.PS_SIG):] for s in ps_segs))
            per_segment = [joined]
        except ValueError:
            pass
    if per_segment is None:
        if edit is not None and not force:
            raise WriteError("the Photoshop APP13 block does not parse, so its IPTC cannot be updated; "
                             "nothing was written (--force replaces it with the edited fields only)")
        if edit is None:
            return [s.payload(data) for s in ps_segs]
        out.lost.append("IIM: the unreadable Photoshop APP13 block was replaced")
        per_segment = []
    if not per_segment or not any(r.rid == _IRB_IIM for res in per_segment for r in res):
        if edit is None:
            return [s.payload(data) for s in ps_segs]
        per_segment = [*per_segment, []] if not per_segment else per_segment
    primary_at = next((i for i, res in enumerate(per_segment) if any(r.rid == _IRB_IIM for r in res)), 0)
    payloads: list[bytes] = []
    for i, res in enumerate(per_segment):
        new = edit_resources(res, edit, out.warnings, primary=i == primary_at)
        if new:
            payloads.extend(_app13_payloads(new))
    return payloads


# --- IIM trailers (AFCP, FotoStation) ------------------------------------------------------------

def _trailer_signature(data: bytes) -> bool:
    """Cheap test for an AFCP or FotoStation trailer, before searching for EOI."""
    return data[-4:] == b"\xa1\xb2\xc3\xd4" or data[-12:-8] in (b"AXS!", b"AXS*")


@dataclass
class Trailer:
    kind: str  # "AFCP" | "FotoStation"
    start: int  # the IIM record (FotoStation) or the whole AFCP trailer
    end: int
    iim: bytes
    # AFCP: the trailer's entries in order, the IPTC one included, and what rebuilding needs
    entries: list[tuple[bytes, bytes]] = field(default_factory=list)
    header: tuple[bytes, str, bytes] = (b"", ">", b"")

    def rebuilt(self, block: bytes) -> bytes:
        """The trailer with ``block`` as its IIM."""
        if self.kind == "FotoStation":
            return block + struct.pack(">HII", 1, len(block) + 10, 0xA1B2C3D4)
        hdr, order, version = self.header
        entries = [(tag, block if tag == b"IPTC" else value) for tag, value in self.entries]
        return _afcp(hdr, order, version, self.start, entries)


def find_iim_trailers(data: bytes, eoi: int) -> list[Trailer]:
    """IIM stored after EOI by AXS (AFCP) or FotoWare (FotoStation) software."""
    out: list[Trailer] = []
    end = len(data)
    # FotoStation records chain backwards from the end: data, tag(2), size(4), 0xA1B2C3D4;
    # each is self-contained, so one can be replaced without touching the others.
    pos = end
    while pos - 10 >= eoi:
        tag, size, sig = struct.unpack(">HII", data[pos - 10:pos])
        if sig != 0xA1B2C3D4 or size < 10 or pos - size < eoi:
            break
        if tag == 1:
            out.append(Trailer("FotoStation", pos - size, pos, data[pos - size:pos - 10]))
        pos -= size
    end = pos
    # AFCP: header "AXS!"/"AXS*", version, entry count, 4 zero bytes; directory of (tag, size,
    # offset from the file start); values; then "AXS!" + trailer start + checksum.
    if end - 12 >= eoi and data[end - 12:end - 8] in (b"AXS!", b"AXS*"):
        hdr = data[end - 12:end - 8]
        order = ">" if hdr == b"AXS!" else "<"
        start = data.find(hdr, eoi, end - 12)
        if start >= 0 and start + 12 <= end:
            count = struct.unpack(order + "H", data[start + 6:start + 8])[0]
            shift = start - struct.unpack(order + "I", data[end - 8:end - 4])[0]  # the file moved
            entries, block = [], b""
            for i in range(count):
                e = start + 12 + 12 * i
                if e + 12 > end:
                    return out
                tag = data[e:e + 4]
                size, offset = struct.unpack(order + "II", data[e + 4:e + 12])
                value = data[offset + shift:offset + shift + size]
                entries.append((tag, value))
                if tag == b"IPTC":
                    block = value
            if block:
                out.append(Trailer("AFCP", start, end, block, entries, (hdr, order, data[start + 4:start + 6])))
    return out


def _afcp(hdr: bytes, order: str, version: bytes, start: int, entries: list[tuple[bytes, bytes]]) -> bytes:
    if not entries:
        return b""
    directory, values = b"", b""
    first_value = start + 12 + 12 * len(entries)
    for tag, value in entries:
        directory += tag + struct.pack(order + "II", len(value), first_value + len(values))
        values += value
    return (hdr + version + struct.pack(order + "HI", len(entries), 0) + directory + values
            + hdr + struct.pack(order + "II", start, 0))


def edit_iim_trailers(data: bytes, edit: iim.Edit, warnings: list[str]) -> bytes:
    """Trailers holding an edited dataset get the new value there too (readers that use
    them would keep the old one); everything else in them stays."""
    try:
        eoi = jpeg.layout(data).eoi
    except ValueError:
        return data
    for t in sorted(find_iim_trailers(data, eoi), key=lambda t: t.start, reverse=True):
        block = edited_block(t.iim, edit, warnings, create=False)
        if block is not None and block != t.iim:
            whole = memoryview(data)  # one copy of a big file, not three
            data = b"".join((whole[:t.start], t.rebuilt(block), whole[t.end:]))
            whole.release()
    return data


def secondary_iim(data: bytes) -> list[tuple[int, int, bytes]]:
    """IIM datasets outside a JPEG's first IIM block: later Photoshop IIM blocks, and the
    AFCP/FotoStation trailers old wire software writes. The reader fills fields the first
    block lacks from them."""
    try:
        segments, _, _ = jpeg.head(data)
    except ValueError:
        return []
    out: list[tuple[int, int, bytes]] = []
    blocks = []
    for s in segments:
        if s.is_app(jpeg.APP13, jpeg.PS_SIG, data):
            try:
                blocks += [r.data for r in parse_irb(s.payload(data)[len(jpeg.PS_SIG):]) if r.rid == _IRB_IIM]
            except ValueError:
                continue
    for block in blocks[1:]:
        out += [(d.record, d.number, d.raw) for d in iim.parse(block)]
    if _trailer_signature(data):
        try:
            eoi = jpeg.layout(data).eoi
        except ValueError:
            return out
        out += [(d.record, d.number, d.raw) for t in find_iim_trailers(data, eoi) for d in iim.parse(t.iim)]
    return out


def strip_iim_trailers(data: bytes, edited: set[tuple[int, int]]) -> bytes:
    """Trailers that hold an edited dataset would keep its old value for the readers that
    use them: their datasets not in the APP13 block move there (the caller merged them),
    and their IIM goes; thumbnails and soft crops in them stay."""
    try:
        eoi = jpeg.layout(data).eoi
    except ValueError:
        return data
    for t in sorted(find_iim_trailers(data, eoi), key=lambda t: t.start, reverse=True):
        if {d.tag for d in iim.parse(t.iim)} & edited:
            data = data[:t.start] + t.rebuilt + data[t.end:]
    return data


# --- other formats (exiv2 places the blocks) --------------------------------------------------

def raw_packet(data: bytes | Path, fmt: str) -> bytes | None:
    """The XMP packet exactly as stored (exiv2 only hands out its own re-serialisation), of
    the file's bytes or of the file at a path (Pillow then reads only what it needs)."""
    if fmt == "JPEG":
        if isinstance(data, Path):
            data = data.read_bytes()
        try:
            segments, _, _ = jpeg.head(data)
        except ValueError:
            return None
        return next((p for s in segments if (p := jpeg.xmp_packet_of(s, data)) is not None), None)
    if fmt == "WEBP":
        return _webp_xmp(data)
    from PIL import Image  # noqa: PLC0415

    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            with Image.open(data if isinstance(data, Path) else io.BytesIO(data)) as im:
                if fmt == "TIFF":
                    v = getattr(im, "tag_v2", {}).get(700)
                elif fmt == "PNG":
                    v = im.info.get("XML:com.adobe.xmp")
                else:
                    v = im.info.get("xmp")
    except Exception:  # noqa: BLE001 - Pillow cannot open it: exiv2's view is all there is
        return None
    if isinstance(v, str):
        return v.encode("utf-8")
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    if isinstance(v, tuple) and v and isinstance(v[0], int):
        return bytes(v)
    return None


def _webp_xmp(source: bytes | Path) -> bytes | None:
    """The first "XMP " chunk of a WebP's RIFF container, as stored; None when it has none or
    the container is broken. Read chunk header by chunk header: Pillow reads the whole file
    to open a WebP, and copies it again (3x a big WebP's size to find a small packet)."""
    with (open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)) as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
            return None
        end = min(8 + struct.unpack("<I", head[4:8])[0], fh.seek(0, io.SEEK_END))
        at = 12
        while at + 8 <= end:
            fh.seek(at)
            fourcc, size = struct.unpack("<4sI", fh.read(8))
            if at + 8 + size > end:
                return None
            if fourcc == b"XMP ":
                return fh.read(size)
            at += 8 + size + (size & 1)  # chunks are padded to an even size
    return None


def _png_raw_iim(data: bytes | Path) -> bytes | None:
    """The IIM of a PNG's "Raw profile type iptc" text chunk (ImageMagick's hex dump)."""
    from PIL import Image  # noqa: PLC0415

    try:
        with Image.open(data if isinstance(data, Path) else io.BytesIO(data)) as im:
            text = im.info.get("Raw profile type iptc")
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(text, str):
        return None
    parts = text.strip().split("\n", 2)
    if len(parts) < 3:
        return None
    try:
        blob = bytes.fromhex("".join(parts[2].split()))
    except ValueError:
        return None
    if blob.startswith(jpeg.PS_SIG):
        blob = blob[len(jpeg.PS_SIG):]
    if blob.startswith(b"8BIM"):
        try:
            return next((r.data for r in parse_irb(blob) if r.rid == _IRB_IIM), None)
        except ValueError:
            return None
    return blob


def _encode_with_exiv2(data: bytes, fmt: str, values: dict, force: bool, out: Encoded) -> bytes:
    """``encode_path`` for bytes: through a temporary file, as the writer's own copy."""
    fd, name = tempfile.mkstemp(prefix="creditline-encode-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        _encode_path(Path(name), fmt, values, force, out)
        return Path(name).read_bytes()
    finally:
        os.unlink(name)


def _encode_path(path: Path, fmt: str, values: dict, force: bool, out: Encoded) -> None:
    """Write ``values`` into the TIFF, PNG or WebP at ``path`` (a copy of the photo) in place,
    through exiv2's file I/O: neither the old bytes nor the new are held in Python."""
    blocks = None
    try:
        # exiv2 would buffer a WebP's image chunk to read past it: it reads the metadata alone.
        blocks = exiv2io.read_blocks(webp.view_of_file(path) if fmt == "WEBP" else path, packet=True)
    except exiv2io.Exiv2ReadError as exc:
        raise WriteError(f"exiv2 cannot read its metadata: {exc}") from None
    except webp.WebPError as exc:
        raise WriteError(str(exc)) from None
    raw = raw_packet(path, fmt)
    if raw is None and fmt == "TIFF":
        raw = blocks.tiff_xmp  # Pillow cannot open it (a damaged IFD0 entry exiv2 skips)
    if raw is None and blocks.xmp_failed and not force:
        # A packet is there that neither exiv2 nor the raw readers can hand over: a new packet
        # in its place would lose every value ExifTool still reads from it.
        raise WriteError("the XMP packet cannot be read: writing would destroy it, so nothing was written; "
                         "--force rebuilds it from what can be read")
    if raw is None and blocks.xmp_packet:
        # Bytes that were not UTF-8 come from exiv2 as lone surrogates: their bytes again.
        raw = blocks.xmp_packet.encode("utf-8", "surrogateescape")
        if blocks.xmp:
            out.warnings.append("the XMP packet was re-serialised by exiv2 (its raw bytes could not be read)")
    packet = _packet(raw, force, out.lost)
    edit_packet(packet, values)
    # WebP has no IIM (exiv2 writes none): warnings that a value was cut for IIM would be false
    edit = iim_edit(values, out.warnings) if fmt in IIM_FORMATS else None
    datasets = None
    old_block = blocks.tiff_iim if fmt == "TIFF" else _png_raw_iim(path) if fmt == "PNG" else None
    if old_block is None and blocks.iim:
        old_block = exiv2io.iim_block(blocks.iim)  # exiv2's reading, dates as it parsed them
    if edit is not None or old_block:
        block = old_block or b""
        if edit is not None:
            block = edited_block(block, edit, out.warnings, create=True) or b""
        datasets = [(d.record, d.number, d.raw) for d in iim.parse(block)]
    kept = png.kept_text_chunks(path) if fmt == "PNG" else None
    try:
        if fmt == "WEBP":
            # exiv2's WebP writer holds the image chunk and the whole new file in memory.
            webp.write_through_view(path, lambda p: exiv2io.write_container(
                p, exif=exif_values(values), xmp_packet=packet.to_bytes(), iim=datasets))
        else:
            exiv2io.write_container(path, exif=exif_values(values), xmp_packet=packet.to_bytes(), iim=datasets)
    except exiv2io.Exiv2WriteError as exc:
        raise WriteError(str(exc)) from None
    except webp.WebPError as exc:
        raise WriteError(f"WebP not written: {exc}") from None
    if kept is not None:
        png.restore_text_chunks_in(path, kept)
    if fmt == "TIFF" and datasets is not None:
        _tiff_digest(path, blocks, out.warnings)


def _tiff_digest(path: Path, before: exiv2io.Blocks, warnings: list[str]) -> None:
    """TIFF keeps IIM in tag 33723 and, from Photoshop, a copy plus the digest in the IRB
    tag 34377; exiv2 updates the copy but not the digest. The digest keeps its state."""
    if not before.tiff_irb:
        return
    try:
        old = parse_irb(before.tiff_irb)
        now = exiv2io.read_blocks(path)
        resources = parse_irb(now.tiff_irb or b"")
    except (ValueError, exiv2io.Exiv2ReadError):
        warnings.append("the Photoshop resources do not parse; the IPTC digest was left as it was")
        return
    state = _digest_state(old, before.tiff_iim)
    if state != "current":
        return
    kept = [r for r in resources if r.rid != _IRB_DIGEST]
    kept.append(Resource(b"8BIM", _IRB_DIGEST, b"\x00\x00", hashlib.md5(now.tiff_iim or b"").digest()))
    try:
        exiv2io.set_tiff_irb(path, b"".join(r.encode() for r in kept))
    except exiv2io.Exiv2WriteError as exc:
        warnings.append(f"IPTC digest not updated: {exc}")


# --- entry point -----------------------------------------------------------------------------

def encode_file(data: bytes, values: dict, fmt: str | None = None, *, force: bool = False) -> Encoded:
    """New file bytes for ``data`` with each field of ``values`` (app.fields shapes; blank =
    remove) written into every block where it lives, and nothing else changed. Raises
    WriteError (one line) for a file that cannot be written safely; ``force`` rebuilds a
    block that cannot be parsed instead, listing what was lost in ``Encoded.lost``."""
    fmt = fmt or sniff(data)
    if fmt not in WRITABLE_FORMATS:
        raise WriteError(f"{fmt or 'this file type'} files cannot be written in place")
    out = Encoded()
    if fmt == "JPEG":
        out.parts = _encode_jpeg(data, values, force, out)
    else:
        out.parts = [_encode_with_exiv2(data, fmt, values, force, out)]
    return out


def encode_path(path: Path, values: dict, fmt: str, *, force: bool = False) -> Encoded:
    """``encode_file`` for a TIFF, PNG or WebP (``IN_PLACE_FORMATS``), written into the file at
    ``path`` itself: the writer's temporary copy of the photo, which then replaces it. A big
    scan is never held in Python (``Encoded.parts`` stays empty)."""
    if fmt not in IN_PLACE_FORMATS:
        raise WriteError(f"{fmt or 'this file type'} files cannot be written in place")
    out = Encoded()
    _encode_path(Path(path), fmt, values, force, out)
    return out


def decode_text(raw: bytes) -> str:
    return decode_iim(raw)
