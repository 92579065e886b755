"""Content Credentials (C2PA) read with c2pa-python from real signed files made in the test:
the cheap box check, the states (valid, untrusted signer, invalid with codes, unreadable),
what the import stores, and the digital source type vocabulary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from app import provenance as pv
from app.catalog import Catalog
from app.importer import import_paths
from app.metadata import read as _read  # noqa: F401 - registers pillow-heif's HEIF/AVIF writer with Pillow
from tests.c2pa_fixtures import IPTC, make_chain, sign, tamper
from tests.imagefactory import jpeg_bytes


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("chain"))


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (96, 64), (30, 110, 190)).save(buf, fmt)
    return buf.getvalue()


FORMATS = [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp"), ("TIFF", "image/tiff"),
           ("HEIF", "image/heif"), ("AVIF", "image/avif")]  # HEIF/AVIF written by pillow-heif


@pytest.mark.parametrize(("fmt", "mime"), FORMATS)
def test_box_check_finds_the_manifest_of_each_container_and_nothing_in_plain_files(chain, fmt, mime):
    plain = _image(fmt)
    signed = sign(plain, chain, mime=mime)
    assert not pv.has_manifest_box(plain)
    assert pv.has_manifest_box(signed)
    p = pv.read_for_import(signed, fmt, chain.ca.read_text())
    assert p is not None and p.state == "valid", p


def test_box_check_of_bmff_uuid_box():
    c2pa_uuid = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")
    ftyp = (24).to_bytes(4, "big") + b"ftypheic" + b"\0\0\0\0" + b"mif1heic"
    meta = (16).to_bytes(4, "big") + b"meta" + b"\0" * 8
    box = (40).to_bytes(4, "big") + b"uuid" + c2pa_uuid + b"\0" * 12
    other = (40).to_bytes(4, "big") + b"uuid" + b"\x11" * 16 + b"\0" * 12
    assert pv.has_manifest_box(ftyp + meta + box)
    assert not pv.has_manifest_box(ftyp + meta + other)
    assert not pv.has_manifest_box(ftyp + meta + box[:20])  # truncated: nothing to read


def test_box_check_stops_at_the_scan_and_survives_junk():
    data = jpeg_bytes()
    assert not pv.has_manifest_box(data)
    # "jumb" inside the image data is not a manifest box: only header segments are looked at
    sos = data.index(b"\xff\xda")
    assert not pv.has_manifest_box(data[:sos + 20] + b"\xff\xebJP\0\0jumb" + data[sos + 20:])
    for junk in (b"", b"\xff\xd8\xff", b"\xff\xd8\xff\xe1\xff\xff", b"\x89PNG\r\n\x1a\n\0\0", b"II*\0\xff\xff\xff\xff"):
        assert not pv.has_manifest_box(junk)


def test_states_valid_untrusted_invalid(chain):
    signed = sign(jpeg_bytes(), chain, source_type="digitalCapture", generator="TestWire")
    untrusted = pv.read_manifest(signed, "JPEG")
    assert untrusted.state == "untrusted" and untrusted.intact and untrusted.codes == []
    valid = pv.read_manifest(signed, "JPEG", chain.ca.read_text())
    assert valid.state == "valid" and valid.intact
    assert valid.signer == "Creditline TEST signer" and valid.issuer == "Creditline TEST"
    assert valid.claim_generator == "TestWire 1.0"
    assert [a["action"] for a in valid.actions] == ["c2pa.created"]
    assert valid.source_type == IPTC + "digitalCapture"
    assert valid.manifests == 1

    bad = pv.read_manifest(tamper(signed), "JPEG", chain.ca.read_text())
    assert bad.state == "invalid" and not bad.intact
    assert "assertion.dataHash.mismatch" in bad.codes
    assert pv.summary(bad).startswith("invalid: signed by Creditline TEST signer")


def test_a_broken_manifest_is_unreadable_with_a_reason_never_raised(chain):
    signed = sign(jpeg_bytes(), chain)
    box = signed.index(b"jumb")
    broken = bytearray(signed)
    broken[box + 200] ^= 0xFF  # inside the manifest store
    p = pv.read_for_import(bytes(broken), "JPEG")
    assert p is not None and p.state == "unreadable" and p.reason
    assert "\n" not in p.reason


def test_unsigned_files_never_load_the_library(monkeypatch):
    calls = []
    monkeypatch.setattr(pv, "read_manifest", lambda *a, **k: calls.append(a))
    assert pv.read_for_import(jpeg_bytes(), "JPEG") is None
    assert calls == []


def test_source_type_vocabulary():
    assert pv.source_type_code(IPTC + "trainedAlgorithmicMedia") == "trainedAlgorithmicMedia"
    assert pv.source_type_code("https://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic/") == \
        "compositeSynthetic"
    assert pv.source_type_code("algorithmicMedia") == "algorithmicMedia"
    assert pv.source_type_label(IPTC + "trainedAlgorithmicMedia") == "AI-generated (trained model)"
    assert pv.source_type_label(IPTC + "digitalCapture").startswith("Photo")
    assert pv.source_type_label("") == ""
    assert "made-up" in pv.source_type_label(IPTC + "made-up")
    assert {c for c in pv.SOURCE_TYPES if pv.is_generated(c)} == {
        "trainedAlgorithmicMedia", "compositeSynthetic", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia"}
    assert not pv.is_generated(IPTC + "digitalCapture") and not pv.is_generated("")


def _folder(tmp_path: Path, chain) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    signed = sign(jpeg_bytes(color=(200, 40, 40)), chain, title="signed.jpg")
    files = {
        "plain": jpeg_bytes(color=(40, 200, 40)),
        "signed": signed,
        "tampered": tamper(signed),
        "generated": sign(jpeg_bytes(color=(40, 40, 200)), chain, source_type="trainedAlgorithmicMedia"),
    }
    box = files["signed"].index(b"jumb")
    broken = bytearray(files["signed"])
    broken[box + 200] ^= 0xFF
    files["broken"] = bytes(broken)
    out = {}
    for name, data in files.items():
        (folder / f"{name}.jpg").write_bytes(data)
        out[name] = folder / f"{name}.jpg"
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_import_stores_each_state(tmp_path, chain, jobs):
    files = _folder(tmp_path, chain)
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        cat.set_setting(pv.SETTING_TRUST, str(chain.ca))
        summary = import_paths(cat, [files["plain"].parent], jobs=jobs)
        assert summary.added == 5 and summary.failed == 0
        ids = {Path(cat.item(i).path).stem: i for i in summary.item_ids}
        items = {name: cat.item(i) for name, i in ids.items()}
        assert items["plain"].c2pa_state is None and cat.provenance(ids["plain"]) is None
        assert items["signed"].c2pa_state == "valid"  # the catalog's trust list names the CA
        assert items["tampered"].c2pa_state == "invalid"
        assert "assertion.dataHash.mismatch" in cat.provenance(ids["tampered"]).codes
        assert items["broken"].c2pa_state == "unreadable" and cat.provenance(ids["broken"]).reason
        assert items["generated"].c2pa_source_type == IPTC + "trainedAlgorithmicMedia"
        light = {i.id: i for i in cat.items(list(ids.values()), details=False)}
        assert light[ids["signed"]].c2pa_state == "valid" and light[ids["plain"]].c2pa_state is None
        p = cat.provenance(ids["signed"])
        assert (p.signer, p.claim_generator, p.title) == ("Creditline TEST signer", "TestWire 1.0", "signed.jpg")
        assert cat.signed_item_ids() == sorted(i for n, i in ids.items() if n != "plain")
    finally:
        cat.close()


def test_without_a_trust_list_an_intact_manifest_is_untrusted(tmp_path, chain):
    files = _folder(tmp_path, chain)
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        summary = import_paths(cat, [files["signed"]], jobs=1)
        assert cat.item(summary.item_ids[0]).c2pa_state == "untrusted"
        cat.set_setting(pv.SETTING_TRUST, str(tmp_path / "missing.pem"))  # unreadable list: as none
        files["signed"].write_bytes(files["signed"].read_bytes())  # touched: read again
        import os
        os.utime(files["signed"], ns=(1, 1))
        summary = import_paths(cat, [files["signed"]], jobs=1)
        assert summary.updated == 1 and cat.item(summary.item_ids[0]).c2pa_state == "untrusted"
    finally:
        cat.close()


def test_provenance_survives_the_catalog_round_trip(tmp_path, chain):
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        item_id = cat.add_caption_item({"caption": "x"})
        p = pv.read_manifest(sign(jpeg_bytes(), chain), "JPEG")
        cat.set_provenance(item_id, p)
        assert cat.provenance(item_id) == p
        assert cat.provenance_many([item_id]) == {item_id: p}
        assert cat.item(item_id).c2pa_state == "untrusted"
        assert json.loads(json.dumps(p.to_json())) == p.to_json()
        cat.set_provenance(item_id, None)
        assert cat.provenance(item_id) is None and cat.item(item_id).c2pa_state is None
    finally:
        cat.close()
