"""Editing an XMP packet in place: the edited properties change, every other byte of
meaning stays (``rdf:about``, other schemas, qualifiers, unknown namespaces, comments).

exiv2 decodes XMP into a flat list and serialises a new packet from it, which drops
``rdf:about`` and, when it cannot parse the packet at all, writes an empty one over
the whole thing. So the writer edits the packet's XML tree here (lxml) and hands exiv2
the finished packet to store as it is. A packet that is not well-formed XML is never
edited silently: ``XmpError`` says why, and only ``recover=True`` (the user's ``--force``)
rebuilds it from what lxml can read, reporting what was lost.

Also here: Extended XMP (JPEG), a main packet that points by GUID to an extension stored
in further APP1 segments when it does not fit in one.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from app.fields import XMP_NAMESPACES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
X = "adobe:ns:meta/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XMP_NOTE = "http://ns.adobe.com/xmp/note/"

# exiv2's prefix -> (namespace URI, the prefix files use). The field table names
# properties by exiv2 key ("Xmp.iptc.Location"); files say "Iptc4xmpCore:Location".
NAMESPACES: dict[str, tuple[str, str]] = {
    "dc": ("http://purl.org/dc/elements/1.1/", "dc"),
    "photoshop": ("http://ns.adobe.com/photoshop/1.0/", "photoshop"),
    "xmp": ("http://ns.adobe.com/xap/1.0/", "xmp"),
    "xmpRights": ("http://ns.adobe.com/xap/1.0/rights/", "xmpRights"),
    "xmpMM": ("http://ns.adobe.com/xap/1.0/mm/", "xmpMM"),
    "xmpNote": (XMP_NOTE, "xmpNote"),
    "iptc": ("http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/", "Iptc4xmpCore"),
    "iptcExt": ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "Iptc4xmpExt"),
    "tiff": ("http://ns.adobe.com/tiff/1.0/", "tiff"),
    "exif": ("http://ns.adobe.com/exif/1.0/", "exif"),
    "plus": ("http://ns.useplus.org/ldf/xmp/1.0/", "plus"),
    # and the field table's own schemas exiv2 does not know (Photo Mechanic's tag)
    **{prefix: (uri, prefix) for prefix, uri in XMP_NAMESPACES.items()},
}
_PREFIX_OF = {uri: prefix for prefix, (uri, _) in NAMESPACES.items()}

TEXT, LANG_ALT, SEQ, BAG = "text", "langAlt", "seq", "bag"
_CONTAINER = {SEQ: "Seq", BAG: "Bag", LANG_ALT: "Alt"}
_DEFAULT_HEADER = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
_NEW_PACKET = (f'<x:xmpmeta xmlns:x="{X}"><rdf:RDF xmlns:rdf="{RDF}">'
               '<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>')
_PADDING = 2048  # XMP's recommended room for an edit in place by the next tool
_HEADER = re.compile(rb"^\s*(<\?xpacket\s+begin=[^>]*\?>)")
_END = re.compile(rb"<\?xpacket\s+end=['\"](\w)['\"]\s*\?>\s*$")


class XmpError(Exception):
    """The packet is not well-formed XML, or not XMP; one line."""


@dataclass(frozen=True)
class Prop:
    uri: str
    name: str
    kind: str  # TEXT | LANG_ALT | SEQ | BAG

    @property
    def tag(self) -> str:
        return f"{{{self.uri}}}{self.name}"


def prop(exiv2_key: str, kind: str) -> Prop:
    """The property of an exiv2 XMP key ("Xmp.dc.description") and value kind."""
    _, prefix, name = exiv2_key.split(".", 2)
    if prefix not in NAMESPACES:
        raise KeyError(f"unknown XMP schema prefix {prefix!r} in {exiv2_key}")
    return Prop(NAMESPACES[prefix][0], name, kind)


def exiv2_key(p: Prop) -> str | None:
    prefix = _PREFIX_OF.get(p.uri)
    return f"Xmp.{prefix}.{p.name}" if prefix else None


def _parser(recover: bool) -> etree.XMLParser:
    # No DTDs, no entities, no network: an XMP packet has none of them legitimately.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_blank_text=False, recover=recover)


def _strip(raw: bytes) -> bytes:
    return raw.rstrip(b"\x00 \t\r\n")


class Packet:
    """One XMP packet as an editable XML tree."""

    def __init__(self, raw: bytes | str | None = None, *, recover: bool = False) -> None:
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        self.lost: list[str] = []  # what a recovering parse could not keep (for the user)
        if not raw or not raw.strip(b"\x00 \t\r\n"):
            raw = None
        self.header = _DEFAULT_HEADER
        self.end = "w"
        self.declaration = False
        if raw is None:
            self.root = etree.fromstring(_NEW_PACKET.encode(), _parser(False))
            self.wrapped = True
            return
        raw = _strip(_to_utf8(raw))
        head = _HEADER.match(raw)
        self.wrapped = head is not None
        if head:
            self.header = head.group(1).decode("utf-8", "replace").replace("\ufffd", "\ufeff")
        end = _END.search(raw)
        if end:
            self.end = end.group(1).decode()
        self.declaration = raw.lstrip().startswith(b"<?xml")
        try:
            root = etree.fromstring(raw, _parser(False))
        except etree.XMLSyntaxError as exc:
            if not recover:
                raise XmpError(f"the XMP packet is not well-formed XML ({_one_line(exc)})") from None
            root = etree.fromstring(raw, _parser(True))
            if root is None:
                raise XmpError("the XMP packet could not be read at all") from None
            gone = _names(raw) - _names(etree.tostring(root))
            what = f": {', '.join(sorted(gone))} could not be kept" if gone else ""
            self.lost.append(f"the packet was rebuilt from what could be read ({_one_line(exc)}){what}")
        self.root = root
        if self._rdf() is None:
            raise XmpError("the XMP packet has no rdf:RDF element")

    # -- structure -------------------------------------------------------------------
    def _rdf(self) -> etree._Element | None:
        if self.root.tag == f"{{{RDF}}}RDF":
            return self.root
        return self.root.find(f".//{{{RDF}}}RDF")

    def descriptions(self) -> list[etree._Element]:
        rdf = self._rdf()
        return [] if rdf is None else list(rdf.iterchildren(f"{{{RDF}}}Description"))

    def _description_for(self, p: Prop) -> etree._Element:
        descs = self.descriptions()
        if not descs:
            rdf = self._rdf()
            assert rdf is not None
            return etree.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
        for d in descs:  # one that already holds the schema keeps the packet tidy
            if any(isinstance(c.tag, str) and c.tag.startswith(f"{{{p.uri}}}") for c in d) or \
                    any(a.startswith(f"{{{p.uri}}}") for a in d.attrib):
                return d
        return descs[0]

    def properties(self) -> list[tuple[etree._Element, str]]:
        """Every top-level property as (its rdf:Description, Clark tag)."""
        out = []
        for d in self.descriptions():
            for a in d.attrib:
                if not a.startswith(f"{{{RDF}}}") and a != XML_LANG:
                    out.append((d, a))
            for c in d:
                if isinstance(c.tag, str):
                    out.append((d, c.tag))
        return out

    def has(self, p: Prop) -> bool:
        return any(tag == p.tag for _, tag in self.properties())

    # -- values ------------------------------------------------------------------------
    def get(self, p: Prop) -> str | list[str] | None:
        """The value as exiv2 reports it: a language alternative's x-default (else its first
        language), an array's items, a simple property's text."""
        for d in self.descriptions():
            if p.tag in d.attrib:
                return d.attrib[p.tag]
            el = d.find(p.tag)
            if el is not None:
                return _value(el)
        return None

    def languages(self, p: Prop) -> dict[str, str]:
        for d in self.descriptions():
            el = d.find(p.tag)
            if el is not None:
                alt = el.find(f"{{{RDF}}}Alt")
                if alt is not None:
                    return {li.get(XML_LANG, "x-default"): _text(li) for li in alt.iterchildren(f"{{{RDF}}}li")}
        return {}

    def remove(self, p: Prop) -> bool:
        found = False
        for d in self.descriptions():
            if p.tag in d.attrib:
                del d.attrib[p.tag]
                found = True
            for el in d.findall(p.tag):
                _drop(el)
                found = True
        return found

    def set(self, p: Prop, value: str | list[str] | None, *, keep_empty: bool = False) -> None:
        """Set ``p``; a blank value removes it, or with ``keep_empty`` leaves it present and
        empty (an empty text, an x-default of "", an empty array), which says "blank" to a
        reader that would otherwise fall back on another copy. A language alternative keeps
        its other languages: the one that only repeated the old default text takes the new text."""
        if value is None or value == "" or value == []:
            if not keep_empty:
                self.remove(p)
                return
            value = [] if p.kind in (SEQ, BAG) else ""
        if p.kind == LANG_ALT:
            text = value if isinstance(value, str) else "; ".join(value)
            old = self.languages(p)
            old_default = old.pop("x-default", None)
            if old_default is None:
                old_default = next((v for k, v in old.items() if k.lower() == "x-default"), None)
                old = {k: v for k, v in old.items() if k.lower() != "x-default"}
            langs = {"x-default": text, **{k: text if v == old_default else v for k, v in old.items()}}
            self._replace(p, _alt(p, langs))
        elif p.kind in (SEQ, BAG):
            items = value if isinstance(value, list) else [value]
            self._replace(p, _array(p, items))
        else:
            text = value if isinstance(value, str) else "; ".join(value)
            for d in self.descriptions():
                if p.tag in d.attrib:  # keep the attribute form the file used
                    d.attrib[p.tag] = text
                    for el in d.findall(p.tag):
                        _drop(el)
                    return
            el = etree.Element(p.tag)
            el.text = text
            self._replace(p, el)

    def _replace(self, p: Prop, new: etree._Element) -> None:
        for d in self.descriptions():
            el = d.find(p.tag)
            if el is not None:
                new.tail = el.tail
                d.replace(el, new)
                for extra in d.findall(p.tag)[1:]:
                    _drop(extra)
                self._remove_elsewhere(p, keep=new)
                return
            if p.tag in d.attrib:
                del d.attrib[p.tag]
        d = self._description_for(p)
        _append(d, new, self._prefix_for(d, p.uri))

    def _remove_elsewhere(self, p: Prop, keep: etree._Element) -> None:
        for d in self.descriptions():
            if p.tag in d.attrib:
                del d.attrib[p.tag]
            for el in d.findall(p.tag):
                if el is not keep:
                    _drop(el)

    def _prefix_for(self, d: etree._Element, uri: str) -> dict[str, str] | None:
        if uri in d.nsmap.values():
            return None  # declared in scope: lxml reuses that prefix
        prefix = NAMESPACES.get(_PREFIX_OF.get(uri, ""), (uri, None))[1] or "ns"
        while prefix in d.nsmap:
            prefix += "_"
        return {prefix: uri}

    # -- bytes ---------------------------------------------------------------------------
    def to_bytes(self, padding: int = _PADDING) -> bytes:
        body = etree.tostring(self.root, encoding="unicode")
        if not self.wrapped:
            decl = '<?xml version="1.0" encoding="UTF-8"?>\n' if self.declaration else ""
            return (decl + body + "\n").encode("utf-8")
        pad = "\n".join(" " * 99 for _ in range(padding // 100)) + "\n" if padding else ""
        return f'{self.header}\n{body}\n{pad}<?xpacket end="{self.end}"?>'.encode()


_QNAME = re.compile(rb"<([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)[\s>/]|\s([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)=")


def _names(xml: bytes) -> set[str]:
    """Qualified names of the elements and attributes in ``xml`` (as written, by prefix)."""
    return {(a or b).decode("utf-8", "replace") for a, b in _QNAME.findall(xml)
            if not (a or b).startswith((b"xmlns:", b"rdf:", b"xml:", b"x:"))}


def _one_line(exc: BaseException) -> str:
    text = re.sub(r"\s*\(<string>, line \d+\)", "", str(exc))  # lxml names its in-memory input
    return " ".join(text.split())[:160]


def _to_utf8(raw: bytes) -> bytes:
    """UTF-16 and UTF-32 packets (the XMP specification allows them) as UTF-8."""
    head = raw[:4]
    for bom_or_start, enc in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
                              (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le")):
        if head.startswith(bom_or_start):
            text = raw.decode(enc, errors="replace")
            return text.lstrip("\ufeff").rstrip("\x00").encode("utf-8")
    return raw


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _value(el: etree._Element) -> str | list[str]:
    for kind in ("Alt", "Seq", "Bag"):
        container = el.find(f"{{{RDF}}}{kind}")
        if container is not None:
            items = list(container.iterchildren(f"{{{RDF}}}li"))
            if kind == "Alt":
                chosen = next((li for li in items if li.get(XML_LANG, "").lower() == "x-default"), None)
                chosen = chosen if chosen is not None else (items[0] if items else None)
                return _text(chosen) if chosen is not None else ""
            return [_text(li) for li in items]
    if el.get(f"{{{RDF}}}resource") is not None:
        return el.get(f"{{{RDF}}}resource") or ""
    return _text(el)


def _alt(p: Prop, langs: dict[str, str]) -> etree._Element:
    el = etree.Element(p.tag)
    alt = etree.SubElement(el, f"{{{RDF}}}Alt")
    for lang, text in langs.items():
        li = etree.SubElement(alt, f"{{{RDF}}}li", {XML_LANG: lang})
        li.text = text
    return el


def _array(p: Prop, items: Iterable[str]) -> etree._Element:
    el = etree.Element(p.tag)
    seq = etree.SubElement(el, f"{{{RDF}}}{_CONTAINER[p.kind]}")
    for item in items:
        li = etree.SubElement(seq, f"{{{RDF}}}li")
        li.text = item
    return el


def _append(parent: etree._Element, new: etree._Element, nsmap: dict[str, str] | None) -> None:
    if nsmap:
        # lxml declares a namespace only where an element is created with it: rebuild the
        # new subtree under an element that carries the declaration.
        holder = etree.SubElement(parent, new.tag, nsmap=nsmap)
        holder.attrib.update(new.attrib)
        holder.text = new.text
        for child in list(new):
            holder.append(child)
    else:
        parent.append(new)
        holder = new
    # Indent like the siblings so the packet stays readable in a text editor.
    prev = holder.getprevious()
    indent = (prev.tail if prev is not None and prev.tail and not prev.tail.strip() else None) \
        or (parent.text if parent.text and not parent.text.strip() else "\n")
    if prev is not None:
        prev.tail = indent
    else:
        parent.text = indent
    holder.tail = indent[:-1] if indent.endswith(" ") and len(indent) > 1 else indent


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    prev = el.getprevious()
    if el.tail is not None:  # the whitespace that followed it now follows what preceded it
        if prev is not None:
            prev.tail = el.tail
        else:
            parent.text = el.tail
    parent.remove(el)


# --- Extended XMP (JPEG) -------------------------------------------------------------------

EXT_HEADER = 32 + 4 + 4  # GUID (32 hex chars), full length, offset
MAX_MAIN = 65504  # what one APP1 can hold after "http://ns.adobe.com/xap/1.0/\0"
EXT_CHUNK = 65000
HAS_EXTENDED = Prop(XMP_NOTE, "HasExtendedXMP", TEXT)


def extension_chunks(payloads: Iterable[bytes]) -> dict[str, tuple[int, dict[int, bytes]]]:
    """The extension segments' contents by GUID: (full length, {offset: bytes})."""
    out: dict[str, tuple[int, dict[int, bytes]]] = {}
    for p in payloads:
        if len(p) < EXT_HEADER:
            continue
        guid = p[:32].decode("ascii", "replace")
        total, offset = struct.unpack(">II", p[32:40])
        out.setdefault(guid, (total, {}))[1][offset] = p[40:]
    return out


def assemble(chunks: dict[str, tuple[int, dict[int, bytes]]], guid: str) -> bytes | None:
    """The extended packet named by ``guid``, when every piece of it is there."""
    if guid not in chunks:
        return None
    total, parts = chunks[guid]
    data = b"".join(parts[k] for k in sorted(parts))
    return data if len(data) == total else None


def extension_payloads(packet: bytes) -> tuple[str, list[bytes]]:
    """(GUID, APP1 payloads after the signature) for an extended packet: the GUID is the
    MD5 of the packet in upper-case hex, as the XMP specification says."""
    guid = hashlib.md5(packet).hexdigest().upper()
    out = []
    for offset in range(0, len(packet), EXT_CHUNK):
        out.append(guid.encode("ascii") + struct.pack(">II", len(packet), offset) + packet[offset:offset + EXT_CHUNK])
    return guid, out


def move_property(src: Packet, dst: Packet, tag: str) -> bool:
    """Move a top-level property (element or attribute form) from one packet to another."""
    for d in src.descriptions():
        if tag in d.attrib:
            value = d.attrib.pop(tag)
            target = dst._description_for(Prop(tag[1:].split("}")[0], tag.split("}")[1], TEXT))
            el = etree.Element(tag)
            el.text = value
            _append(target, el, dst._prefix_for(target, tag[1:].split("}")[0]))
            return True
        el = d.find(tag)
        if el is not None:
            uri = tag[1:].split("}")[0]
            target = dst._description_for(Prop(uri, tag.split("}")[1], TEXT))
            _drop(el)
            _append(target, el, dst._prefix_for(target, uri))
            return True
    return False
