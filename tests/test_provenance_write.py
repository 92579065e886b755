"""Write-back never breaks Content Credentials silently: real signed files, made in the test,
skipped by default, written to a sidecar, written and re-signed (valid, with the edit action
and the old manifest as parent ingredient), or written anyway after a warning (now invalid)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import c2pa
import pytest

from app import provenance as pv
from app.catalog import Catalog
from app.cli import main
from app.importer import import_paths
from app.metadata import exiv2io
from app.metadata.read import read_file
from app.writeback import write_items
from tests.c2pa_fixtures import make_chain, sign, tamper
from tests.imagefactory import make_photo

NEW_CAPTION = "Volunteers stack sandbags in Coimbra, Portugal. (AP Photo/Duarte Bettencourt)"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("chain"))


@pytest.fixture
def setup(tmp_path, chain):
    """A catalog with a trust list and a signer, one signed photo imported, its caption edited."""
    plain = make_photo(tmp_path / "plain.jpg", fields={"caption": "Old caption", "headline": "Old"})
    photo = tmp_path / "signed.jpg"
    photo.write_bytes(sign(plain.read_bytes(), chain, title="signed.jpg"))
    plain.unlink()
    cat = Catalog.open(tmp_path / "c.sqlite")
    cat.set_setting(pv.SETTING_TRUST, str(chain.ca))
    cat.set_setting(pv.SETTING_SIGNER, pv.SignerConfig(str(chain.cert), str(chain.key)).to_json())
    item_id = import_paths(cat, [photo], jobs=1).item_ids[0]
    assert cat.item(item_id).c2pa_state == "valid"
    cat.set_fields(item_id, {"caption": NEW_CAPTION})
    yield cat, item_id, photo
    cat.close()


def _store(path: Path) -> dict:
    with c2pa.Reader("image/jpeg", io.BytesIO(path.read_bytes())) as r:
        return json.loads(r.json())


def test_a_signed_file_is_skipped_by_default_and_left_as_it_was(setup):
    cat, item_id, photo = setup
    before = photo.read_bytes()
    report = write_items(cat, [item_id])
    [o] = report.outcomes
    assert o.status == "skipped" and not report.ok
    assert "Content Credentials" in o.message and "--sidecar-only" in o.message and "--resign" in o.message
    assert photo.read_bytes() == before
    assert cat.item(item_id).changed_fields() == ["caption"]  # the edit waits in the catalog
    assert cat.item(item_id).c2pa_state == "valid"


def test_dry_run_warns_before_anything_is_written(setup):
    cat, item_id, photo = setup
    for mode, words in (("break", "invalidates them"), ("resign", "signed again")):
        [o] = write_items(cat, [item_id], dry_run=True, signed=mode).outcomes
        assert o.status == "planned" and any(words in w for w in o.warnings), (mode, o.warnings)
    [o] = write_items(cat, [item_id], dry_run=True).outcomes  # skipped, as the write itself would
    assert o.status == "skipped" and "--sidecar-only" in o.message and "--resign" in o.message


def test_cli_dry_run_counts_a_signed_file_as_the_write_does(setup, capsys):
    """walk18: `write --dry-run` said "would write PHOTO ... would be skipped" and "1 would be
    written, 0 would be skipped" (exit 0) where `write` then skipped it (exit 1): a pipeline that
    trusts the dry run is told the gallery will be written when it will not."""
    cat, item_id, photo = setup
    path = str(cat.path)
    assert main(["--catalog", path, "write", "--dry-run"]) == 1
    dry = capsys.readouterr()
    assert dry.out.splitlines()[-1] == "0 would be written, 0 unchanged, 1 would be skipped, 0 would fail"
    assert f"{photo}: would be skipped: " in dry.err and "would write" not in dry.out
    assert main(["--catalog", path, "write"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "0 written, 0 unchanged, 1 skipped, 0 failed"


def test_sidecar_only_leaves_the_file_and_its_manifest_alone(setup):
    cat, item_id, photo = setup
    before = photo.read_bytes()
    [o] = write_items(cat, [item_id], signed="sidecar").outcomes
    assert o.status == "written" and o.target == str(photo.with_suffix(".xmp"))
    assert photo.read_bytes() == before
    assert exiv2io.read_blocks(photo.with_suffix(".xmp").read_bytes()).xmp["Xmp.dc.description"] == NEW_CAPTION
    assert pv.read_path(photo, pv.trust_anchors(cat)).state == "valid"
    # sidecar36: the sidecar holds the edit, so the photo counts as written (it stayed "✎ not
    # written" for ever: Ctrl+S listed it, then found nothing to write, and every quit asked)
    item = cat.item(item_id)
    assert item.changed_fields() == [] and item.pending == 0 and cat.pending_ids() == []
    assert item.embedded["caption"] == NEW_CAPTION and item.facts.sidecar == str(photo.with_suffix(".xmp"))


def test_sidecar_only_keeps_a_cleared_caption_cleared(setup, exiftool):
    """The signed photo holds "Old caption"; a sidecar-only write put the new caption beside it,
    then the editor cleared it. The sidecar now says blank (dc:description present and empty):
    a removed property said nothing, and a sidecar-aware reader fell back on "Old caption"."""
    cat, item_id, photo = setup
    sidecar = photo.with_suffix(".xmp")
    assert write_items(cat, [item_id], signed="sidecar").outcomes[0].status == "written"
    before = photo.read_bytes()
    cat.set_fields(item_id, {"caption": ""})

    [o] = write_items(cat, [item_id], signed="sidecar").outcomes

    assert o.status == "written" and o.target == str(sidecar), o.message
    out = subprocess.run([exiftool, "-j", "-G1", "-XMP:all", str(sidecar)], capture_output=True, text=True, check=True)
    assert {k: v for k, v in json.loads(out.stdout)[0].items() if k != "SourceFile"} == {"XMP-dc:Description": ""}
    assert photo.read_bytes() == before
    assert read_file(photo, with_sidecar=False).fields["caption"].value == "Old caption"  # the photo keeps its own
    assert read_file(photo).fields["caption"].value == ""  # read with its sidecar, as the catalog reads it
    assert cat.item(item_id).pending == 0
    assert pv.read_path(photo, pv.trust_anchors(cat)).state == "valid"


def test_sidecar_only_clears_what_only_the_sidecar_held(setup, exiftool):
    """A field the signed photo lacks (city) went to the sidecar, then the editor cleared it. The
    photo and the catalog both say blank, so a plan against the photo alone saw nothing to write
    and the sidecar went on saying "Coimbra"; the plan is against the pair as it reads now."""
    cat, item_id, photo = setup
    sidecar = photo.with_suffix(".xmp")
    cat.set_fields(item_id, {"city": "Coimbra"})
    assert write_items(cat, [item_id], signed="sidecar").outcomes[0].status == "written"
    cat.set_fields(item_id, {"city": ""})

    [o] = write_items(cat, [item_id], signed="sidecar").outcomes

    assert o.status == "written", o.message
    assert [c.key for c in o.changes] == ["city"]
    out = subprocess.run([exiftool, "-j", "-G1", "-XMP:all", str(sidecar)], capture_output=True, text=True, check=True)
    tags = json.loads(out.stdout)[0]
    assert "XMP-photoshop:City" not in tags and tags["XMP-dc:Description"] == NEW_CAPTION
    [again] = write_items(cat, [item_id], signed="sidecar").outcomes
    assert again.status == "unchanged" and again.message == "nothing to write"  # the sidecar says it all


def test_sidecar_only_takes_back_an_edit_the_photo_never_had(setup, exiftool):
    """The editor put the photo's own caption back after a sidecar-only write: the photo needs
    nothing, the sidecar does (else the pair goes on showing the new caption). The dry run says so."""
    cat, item_id, photo = setup
    sidecar = photo.with_suffix(".xmp")
    assert write_items(cat, [item_id], signed="sidecar").outcomes[0].status == "written"
    cat.set_fields(item_id, {"caption": "Old caption"})
    # against the photo alone nothing to do, but the pair says the new caption: an edit to write
    assert cat.item(item_id).changed_fields() == ["caption"]

    [plan] = write_items(cat, [item_id], signed="sidecar", dry_run=True).outcomes
    assert plan.status == "planned" and [c.key for c in plan.changes] == ["caption"]
    assert any("XMP sidecar" in w for w in plan.warnings)
    [o] = write_items(cat, [item_id], signed="sidecar").outcomes

    assert o.status == "written", o.message
    out = subprocess.run([exiftool, "-j", "-G1", "-XMP:all", str(sidecar)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)[0]["XMP-dc:Description"] == "Old caption"


def test_resign_writes_and_signs_with_the_edit_action_and_the_parent_ingredient(setup, chain):
    cat, item_id, photo = setup
    old_label = _store(photo)["active_manifest"]
    [o] = write_items(cat, [item_id], signed="resign").outcomes
    assert o.status == "written", o.message
    assert "signed the file again" in o.message
    assert read_file(photo).fields["caption"].value == NEW_CAPTION
    p = pv.read_path(photo, chain.ca.read_text())
    assert p.state == "valid" and p.codes == []
    assert p.claim_generator.startswith("Creditline")
    assert [a["action"] for a in p.actions] == ["c2pa.opened", pv.EDIT_ACTION]
    assert "caption" in p.actions[1]["description"]
    assert p.ingredients == [{"title": "signed.jpg", "relationship": "parentOf", "manifest": old_label}]
    store = _store(photo)
    assert old_label in store["manifests"] and store["active_manifest"] != old_label
    deltas = store["validation_results"].get("ingredientDeltas") or []
    assert all(not d["validationDeltas"]["failure"] for d in deltas)
    item = cat.item(item_id)
    assert item.changed_fields() == [] and item.c2pa_state == "valid"
    assert cat.provenance(item_id).actions[1]["action"] == pv.EDIT_ACTION
    assert not list(photo.parent.glob(".creditline-*"))  # no temp copy left
    assert cat.write_intent(item_id) is None  # the signed bytes' intent was recorded, then closed


def test_reconcile_of_a_signed_file_asks_the_same(tmp_path, chain):
    """Reconciling writes the file too: a signed one is skipped unless re-signed."""
    src = make_photo(tmp_path / "src.jpg", fields={"caption": "A street.", "city": "Porto"},
                     iim={"caption": "A street.", "city": "Lisboa"}, xmp={"caption": "A street.", "city": "Porto"})
    photo = tmp_path / "disagree.jpg"
    photo.write_bytes(sign(src.read_bytes(), chain))
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        cat.set_setting(pv.SETTING_SIGNER, pv.SignerConfig(str(chain.cert), str(chain.key)).to_json())
        item_id = import_paths(cat, [photo], jobs=1).item_ids[0]
        before = photo.read_bytes()
        for mode in ("skip", "sidecar"):
            [o] = write_items(cat, [item_id], reconcile=True, signed=mode).outcomes
            assert o.status == "skipped" and "Content Credentials" in o.message
        assert photo.read_bytes() == before
        [o] = write_items(cat, [item_id], reconcile=True, signed="resign").outcomes
        assert o.status == "written", o.message
        p = pv.read_path(photo, chain.ca.read_text())
        assert p.state == "valid" and p.actions[-1]["action"] == pv.EDIT_ACTION
        assert read_file(photo).fields["city"].candidates == {"xmp": "Porto", "iim": "Porto"}
    finally:
        cat.close()


def test_resign_without_a_signer_is_unavailable(setup):
    cat, item_id, photo = setup
    cat.set_setting(pv.SETTING_SIGNER, None)
    before = photo.read_bytes()
    [o] = write_items(cat, [item_id], signed="resign").outcomes
    assert o.status == "skipped" and "re-signing unavailable: no signer configured" in o.message
    [o] = write_items(cat, [item_id]).outcomes
    assert "re-signing is unavailable" in o.message
    assert photo.read_bytes() == before


def test_a_key_that_is_not_the_certificate_s_is_refused(setup, tmp_path):
    cat, item_id, photo = setup
    other = make_chain(tmp_path / "other")
    good = pv.signer_config(cat)
    cat.set_setting(pv.SETTING_SIGNER, pv.SignerConfig(good.cert, str(other.key)).to_json())
    [o] = write_items(cat, [item_id], signed="resign").outcomes
    assert o.status == "skipped" and "is not the key of the certificate" in o.message


def test_a_signing_failure_leaves_the_file_unchanged(setup, monkeypatch):
    cat, item_id, photo = setup
    before = photo.read_bytes()

    def fail(*_a, **_k):
        raise pv.ProvenanceError("c2pa could not sign it: test")

    monkeypatch.setattr("app.provenance_write.sign_edited", fail)
    [o] = write_items(cat, [item_id], signed="resign").outcomes
    assert o.status == "failed" and "the file was not changed" in o.message
    assert photo.read_bytes() == before and not list(photo.parent.glob(".creditline-*"))


@pytest.mark.parametrize("mode", ["resign", "break"])
def test_a_photo_with_a_sidecar_written_into_keeps_its_sidecar_in_step(setup, chain, exiftool, mode):
    """sidecar36: the photo is read with its sidecar, which wins for the fields it holds. A caption
    edited after a sidecar-only write, then written into the photo (re-signed, or anyway) went
    into the photo only: read back, the sidecar's older caption won, the photo stayed "not
    written", and each write re-signed it again. The sidecar gets the value too."""
    cat, item_id, photo = setup
    sidecar = photo.with_suffix(".xmp")
    assert write_items(cat, [item_id], signed="sidecar").outcomes[0].status == "written"
    cat.set_fields(item_id, {"caption": "Third caption"})
    [plan] = write_items(cat, [item_id], signed=mode, dry_run=True).outcomes
    assert plan.status == "planned" and "its XMP sidecar signed.xmp gets the same values (read with the photo, " \
        "it would hide them)" in plan.warnings

    [o] = write_items(cat, [item_id], signed=mode).outcomes

    assert o.status == "written", o.message
    for path in (photo, sidecar):
        out = subprocess.run([exiftool, "-j", "-XMP-dc:Description", str(path)], capture_output=True, text=True,
                             check=True)
        assert json.loads(out.stdout)[0]["Description"] == "Third caption", path
    item = cat.item(item_id)
    assert item.pending == 0 and item.embedded["caption"] == "Third caption"
    assert item.c2pa_state == ("valid" if mode == "resign" else "invalid")
    [again] = write_items(cat, [item_id], signed=mode).outcomes
    assert again.status == "unchanged"


def test_written_without_resigning_the_credentials_are_invalid_and_recorded(setup):
    cat, item_id, photo = setup
    [plan] = write_items(cat, [item_id], dry_run=True, signed="break").outcomes
    assert any("invalidates" in w for w in plan.warnings)  # said before
    [o] = write_items(cat, [item_id], signed="break").outcomes
    assert o.status == "written"
    assert any("now invalid" in w for w in o.warnings)
    p = pv.read_path(photo, pv.trust_anchors(cat))
    assert p.state == "invalid" and "assertion.dataHash.mismatch" in p.codes
    assert cat.item(item_id).c2pa_state == "invalid"
    assert cat.provenance(item_id).codes == p.codes


def test_an_already_invalid_file_is_written_with_a_note(tmp_path, chain):
    photo = tmp_path / "bad.jpg"
    photo.write_bytes(tamper(sign(make_photo(tmp_path / "x.jpg", fields={"caption": "a"}).read_bytes(), chain)))
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        item_id = import_paths(cat, [photo], jobs=1).item_ids[0]
        assert cat.item(item_id).c2pa_state == "invalid"
        cat.set_fields(item_id, {"caption": "b"})
        [o] = write_items(cat, [item_id]).outcomes
        assert o.status == "written" and any("already invalid" in w for w in o.warnings)
    finally:
        cat.close()


def test_cli_write_modes_and_provenance(setup, capsys):
    cat, item_id, photo = setup
    path = str(cat.path)
    assert main(["--catalog", path, "write"]) == 1
    err = capsys.readouterr().err
    assert "skipped" in err and "Content Credentials" in err
    assert main(["--catalog", path, "write", "--resign"]) == 0
    assert main(["--catalog", path, "provenance", str(item_id)]) == 0
    out = capsys.readouterr().out
    assert "Content Credentials valid" in out and "c2pa.edited.metadata" in out and "[parentOf]" in out
    assert main(["--catalog", path, "show", str(item_id)]) == 0
    assert "Content Credentials: valid: signed by Creditline TEST signer" in capsys.readouterr().out
    photo.write_bytes(tamper(photo.read_bytes()))
    assert main(["--catalog", path, "provenance", str(photo), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["item"] == item_id and data["provenance"]["state"] == "invalid"


def test_cli_signer_and_trust_list(tmp_path, chain, capsys):
    path = str(tmp_path / "c.sqlite")
    assert main(["--catalog", path, "signer"]) == 0
    assert "signer: none" in capsys.readouterr().out
    assert main(["--catalog", path, "signer", "--cert", str(chain.cert), "--key", str(chain.key),
                 "--trust-anchors", str(chain.ca)]) == 0
    out = capsys.readouterr().out
    assert "ready to sign" in out and str(chain.ca) in out
    assert main(["--catalog", path, "signer", "--cert", str(chain.ca), "--key", str(chain.key)]) == 2
    assert "signer not set" in capsys.readouterr().err
    assert main(["--catalog", path, "signer", "--trust-anchors", str(chain.key)]) == 2  # a key is no trust list
    assert main(["--catalog", path, "signer", "--clear", "--no-trust-anchors"]) == 0
    assert "signer: none" in capsys.readouterr().out


def test_cli_provenance_of_a_file_that_is_no_image_is_an_error(tmp_path, capsys):
    path = str(tmp_path / "c.sqlite")
    notes = tmp_path / "notes.jpg"
    notes.write_text("hello\n", encoding="utf-8")
    assert main(["--catalog", path, "provenance", str(notes)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == f"creditline: {notes}: not an image (unrecognised content)"
    plain = make_photo(tmp_path / "plain.jpg", fields={"caption": "c"})
    assert main(["--catalog", path, "provenance", str(plain)]) == 0
    assert "No Content Credentials" in capsys.readouterr().out
