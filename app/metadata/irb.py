"""Photoshop image resources (IRB) and the IPTC digest that MWG reconciliation needs.

Photoshop stores an MD5 of the IIM block it last synchronised with XMP in resource
0x0425. If the IIM in the file still hashes to that digest, XMP is current; if not,
a non-XMP-aware tool edited the IIM afterwards and IIM is the fresher source.
exiv2 does not expose the raw resources, so JPEG APP13 segments are walked here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

IIM_RESOURCE = 0x0404
DIGEST_RESOURCE = 0x0425
_PS_HEADER = b"Photoshop 3.0\x00"
_RES_SIGNATURES = (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa")


@dataclass
class IptcDigest:
    stored: str | None  # hex, from resource 0x0425
    current: str | None  # md5 hex of the primary IIM block as stored now


def jpeg_irb(data: bytes) -> bytes:
    """The Photoshop resource data of all APP13 segments before the image data, joined."""
    out = bytearray()
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if marker in (0xDA, 0xD9):  # start of scan: no metadata segments after this
            break
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if length < 2:
            break
        if marker == 0xED:
            seg = data[i + 4:i + 2 + length]
            if seg.startswith(_PS_HEADER):
                out += seg[len(_PS_HEADER):]
        i += 2 + length
    return bytes(out)


def resources(irb: bytes) -> list[tuple[int, bytes]]:
    """(id, data) of each resource, in order; stops quietly at the first malformed one."""
    out: list[tuple[int, bytes]] = []
    i, n = 0, len(irb)
    while i + 12 <= n:
        if irb[i:i + 4] not in _RES_SIGNATURES:
            break
        rid = int.from_bytes(irb[i + 4:i + 6], "big")
        name_len = irb[i + 6]
        j = i + 7 + name_len
        if (name_len + 1) % 2:
            j += 1  # the Pascal name is padded to an even length
        if j + 4 > n:
            break
        size = int.from_bytes(irb[j:j + 4], "big")
        start = j + 4
        if start + size > n:
            break
        out.append((rid, irb[start:start + size]))
        i = start + size + (size % 2)
    return out


def iptc_digest(irb: bytes | None, iim_block: bytes | None = None) -> IptcDigest:
    """Stored and current digests. ``iim_block`` is the raw IIM when it is not an IRB
    resource (TIFF tag 33723); otherwise the first 0x0404 resource is the primary IIM."""
    stored = current = None
    for rid, payload in resources(irb or b""):
        if rid == DIGEST_RESOURCE and stored is None and len(payload) == 16:
            stored = payload.hex()
        elif rid == IIM_RESOURCE and iim_block is None:
            iim_block = payload  # an empty resource still counts: ExifTool digests b""
    if iim_block is not None:
        current = hashlib.md5(iim_block).hexdigest()
    return IptcDigest(stored, current)


def iim_datasets(block: bytes) -> list[tuple[int, int, bytes]]:
    """(record, dataset, raw value) of each dataset in an IIM block, in order.

    Used for the date and time datasets only: exiv2 parses those into its own types and
    invents a "+00:00" offset where the file stored none. Stops at the first byte that is
    not a tag marker, as ExifTool does.
    """
    return _walk_iim(block)[0]


def iim_problem(block: bytes) -> str | None:
    """Why a strict reader (ExifTool) stops early in this IIM block, or None when it is
    well formed. Zero padding after the last dataset is normal."""
    datasets, end = _walk_iim(block)
    rest = block[end:]
    if rest.strip(b"\x00"):
        return f"malformed IIM block: {len(rest)} bytes after dataset {len(datasets)} are not a dataset"
    return None


def _walk_iim(block: bytes) -> tuple[list[tuple[int, int, bytes]], int]:
    out: list[tuple[int, int, bytes]] = []
    i, n = 0, len(block)
    while i + 5 <= n and block[i] == 0x1C:
        record, dataset = block[i + 1], block[i + 2]
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
        out.append((record, dataset, block[j:j + size]))
        i = j + size
    return out, i


def primary_iim_block(irb: bytes | None) -> bytes | None:
    """The first IIM resource (0x0404) of a Photoshop IRB."""
    return next((payload for rid, payload in resources(irb or b"") if rid == IIM_RESOURCE and payload), None)
