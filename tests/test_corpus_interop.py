"""Every editorial value read from the real corpus equals ExifTool's reading.

Oracles (see ../shared/corpus/MANIFEST.md): ``exiftool.json`` per source, with
``exiftool.iptc-latin1.json`` for IIM stored in Latin-1 without a 1:90 declaration,
and ``exiftool.mwg.json`` for the reconciled values. Differences are allowed only
where listed in EXCEPTIONS, each with its reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.fields import FIELDS, normalize_value
from app.metadata.read import UnreadableFile, read_file

# File -> fields whose IIM text is Latin-1 (MANIFEST.md, "IIM character-set cases").
LATIN1_IIM: dict[str, set[str] | None] = {
    "mei-Issue_614.jpg": None,  # None: every field
    "exiv2-bug501.jpg": {"caption", "city", "state"},
    "exiv2-smiley1.jpg": None,
    "mei-Canon_EOS_7D.jpg": None,
    "mei-Nikon_D1X.jpg": None,
    "imagemeta-sunrise.png": None,
}

# MWG composite per field key.
MWG_TAGS = {
    "caption": "MWG:Description", "creators": "MWG:Creator", "copyright": "MWG:Copyright",
    "city": "MWG:City", "state": "MWG:State", "country": "MWG:Country", "sublocation": "MWG:Location",
    "keywords": "MWG:Keywords",
}

# Files that must be rejected cleanly (UnreadableFile) or read with warnings.
BROKEN = {
    "exiv2-issue_1847_poc.jpg", "exiv2-bug444.jpg", "imagemeta-corrupt-infinite_loop_exif.jpg",
    "imagemeta-corrupt-huge_tag_exif.jpg", "imagemeta-invalid-encoding-usercomment.jpg",
    "pillow-truncated_exif_dpi.jpg", "kim-photo_46.jpg", "mei-NegativeArraySizeException.ItemInfoBox.init.heif",
    "mei-Issue_122.jpg",
}
# Of those, the ones without usable pixels, which must be UnreadableFile.
UNREADABLE = {
    "exiv2-issue_1847_poc.jpg",  # fuzzed APP13 length runs past the scan; Pillow cannot open it either
    "imagemeta-corrupt-huge_tag_exif.jpg",  # cut off at 64 KiB inside the EXIF segment: no image data
    "mei-NegativeArraySizeException.ItemInfoBox.init.heif",  # malformed infe box
}

# Broken files whose damage is outside what Creditline reads, so a clean read is right.
CLEAN_READS = {
    "imagemeta-invalid-encoding-usercomment.jpg": "only UserComment is malformed, and it is not an editorial field",
}

# (file, field, source) -> why our reading differs from ExifTool's. source is
# "iim" | "xmp" | "exif" | "mwg".
_PNG_IIM = "IIM in a PNG raw-profile chunk is non-standard; ExifTool's strict MWG mode ignores it, we use it"
_LOCATION_SHOWN = ("fields.py maps this field to the IPTC Core property; ExifTool's MWG composite prefers "
                   "Iptc4xmpExt:LocationShown, which Creditline does not read")
_BUG444 = ("1:90 declares 4 bytes but holds 2; ExifTool stops at the misaligned tag, exiv2 resynchronises on "
           "the next 0x1C marker and reads the well-formed datasets after it")
_MERGED = ("the IIM is split over three 0x0404 resources in one APP13; ExifTool reports the By-line of the "
           "third as IPTC3, exiv2 merges the resources into one block")
_TRAILER = ("the only IIM is in an AFCP/FotoStation trailer, which ExifTool's strict MWG mode ignores; we read "
            "it (write-back merges it into APP13), so the reconciled value is the trailer's")
_BOILERPLATE = ("EXIF ImageDescription is the camera's 'OLYMPUS DIGITAL CAMERA'; MWG lets it win, Creditline "
                "shows the IIM caption an editor wrote (app/metadata/reconcile.py)")
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("kim-photo_3.jpg", "caption", "mwg"): _BOILERPLATE,
    ("exiv2-bug444.jpg", "caption", "iim"): _BUG444,
    ("exiv2-bug444.jpg", "caption", "mwg"): _BUG444,
    ("exiv2-bug444.jpg", "keywords", "iim"): _BUG444,
    ("exiv2-bug444.jpg", "keywords", "mwg"): _BUG444,
    ("exiv2-iptc-psAPP13-wIPTCmid1-wIPTCempty-wIPTCmid2.jpg", "creators", "iim"): _MERGED,
    ("exiv2-iptc-psAPP13-wIPTCmid1-wIPTCempty-wIPTCmid2.jpg", "creators", "mwg"): _MERGED,
    **{("exiv2-bug922.png", k, "mwg"): _PNG_IIM for k in ("copyright", "city", "state", "country")},
    **{("imagemeta-sunrise.png", k, "mwg"): _PNG_IIM for k in ("city", "state", "country", "keywords")},
    **{("exiftool-AFCP.jpg", k, "mwg"): _TRAILER
       for k in ("caption", "creators", "copyright", "city", "state", "country", "keywords")},
    ("exiftool-FotoStation.jpg", "caption", "mwg"): _TRAILER,
    **{(f, k, "mwg"): _LOCATION_SHOWN
       for f in ("imagemeta-IPTC-PhotometadataRef-Std2021.1.jpg", "mei-Issue_258_dotnet.jpg")
       for k in ("sublocation", "city", "state", "country")},
}


def _norm(value) -> list[str] | None:
    """Comparable form: a list of stripped strings with LF line breaks, or None when blank."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out = [" ".join(str(v).replace("\r\n", "\n").replace("\r", "\n").split(" ")).strip() for v in items]
    out = [v for v in out if v]
    return out or None


def _norm_date(value) -> list[str] | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    date, _, time = text.partition(" ") if " " in text else text.partition("T")
    date = date.replace(":", "-")
    return [f"{date}T{time}" if time else date]


def _split_artist(value) -> list[str] | None:
    """EXIF Artist holds "A; B" for several creators (MWG)."""
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(";")
    return _norm(items)


def _oracle(corpus_dir: Path) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for name in ("exiftool.json", "exiftool.mwg.json", "exiftool.iptc-latin1.json"):
        for rec in json.loads((corpus_dir / name).read_text()):
            out.setdefault(Path(rec["SourceFile"]).name, {})[name] = rec
    return out


def _expected_iim(name: str, oracle: dict[str, dict], f) -> list[str] | None:
    latin = LATIN1_IIM.get(name, set())
    use_latin = name in LATIN1_IIM and (latin is None or f.key in latin)
    rec = oracle["exiftool.iptc-latin1.json" if use_latin else "exiftool.json"]
    if f.key == "date_created":
        group = "IPTC" if rec.get("IPTC:DateCreated") else "IPTC2"
        date, time = rec.get(f"{group}:DateCreated"), rec.get(f"{group}:TimeCreated")
        return _norm_date(f"{date} {time}" if date and time else date)
    # A field missing from the standard block is read from a secondary one (ExifTool's IPTC2).
    return _norm(rec.get(f.exiftool_iim)) or _norm(rec.get(f.exiftool_iim.replace("IPTC:", "IPTC2:")))


def _mismatches(corpus_dir: Path) -> list[str]:
    oracle = _oracle(corpus_dir)
    problems: list[str] = []
    for path in sorted((corpus_dir / "images").iterdir()):
        name = path.name
        try:
            result = read_file(path)
        except UnreadableFile:
            continue  # checked by test_broken_files
        rec = oracle[name]["exiftool.json"]
        for f in FIELDS:
            cands = result.fields[f.key].candidates
            checks = []
            if f.exiftool_iim:
                checks.append(("iim", _expected_iim(name, oracle[name], f)))
            if f.exiftool_xmp:
                exp = rec.get(f.exiftool_xmp)
                if f.is_mark and exp is not None:
                    # A mark has one shape whatever the file wrote: ExifTool's "No" tag, "0" and
                    # "1.0" ratings are an untagged photo, no stars and one star (app.fields).
                    exp = normalize_value(f.key, exp)
                checks.append(("xmp", _norm_date(exp) if f.key == "date_created" else _norm(exp)))
            if f.exiftool_exif:
                exp = rec.get(f.exiftool_exif)
                checks.append(("exif", _split_artist(exp) if f.key == "creators" else _norm(exp)))
            if f.key in MWG_TAGS:
                exp = oracle[name]["exiftool.mwg.json"].get(MWG_TAGS[f.key])
                got_mwg = result.fields[f.key].value
                if result.fields[f.key].source == "iim" and name in LATIN1_IIM:
                    # The MWG run decoded IIM as UTF-8 ("G?teborg"); the Latin-1 run has the text.
                    lossy = _norm(rec.get(f.exiftool_iim))
                    if _norm(exp) == lossy:
                        exp = _expected_iim(name, oracle[name], f)
                checks.append(("mwg", _split_artist(exp) if f.key == "creators" else _norm(exp)))
            for source, expected in checks:
                got = _norm(got_mwg if source == "mwg" else cands.get(source))
                if f.key == "date_created" and got:
                    got = _norm_date(got[0])
                if got != expected and (name, f.key, source) not in EXCEPTIONS:
                    problems.append(f"{name} {f.key} [{source}]: ours {got!r} != exiftool {expected!r}")
    return problems


def test_every_editorial_field_matches_exiftool(corpus_dir):
    problems = _mismatches(corpus_dir)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems)


def test_exceptions_are_still_needed(corpus_dir):
    """An exception that no longer differs must be removed, so the list stays honest."""
    global EXCEPTIONS
    saved = EXCEPTIONS
    try:
        EXCEPTIONS = {}
        live = _mismatches(corpus_dir)
    finally:
        EXCEPTIONS = saved
    stale = [k for k in saved if not any(p.startswith(f"{k[0]} {k[1]} [{k[2]}]") for p in live)]
    assert not stale, f"exceptions no longer needed: {stale}"


def test_iptc_digests_match_exiftool(corpus_dir):
    oracle = _oracle(corpus_dir)
    checked = 0
    for path in sorted((corpus_dir / "images").iterdir()):
        if path.suffix.lower() not in (".jpg", ".tif"):
            continue  # PNG/HEIF IIM is non-standard: ExifTool computes no digest there, nor do we
        try:
            result = read_file(path)
        except UnreadableFile:
            continue
        rec = oracle[path.name]["exiftool.json"]
        assert result.iptc_digest_stored == rec.get("Photoshop:IPTCDigest"), path.name
        if result.iptc_digest_current or rec.get("File:CurrentIPTCDigest"):
            checked += 1
            assert result.iptc_digest_current == rec.get("File:CurrentIPTCDigest"), path.name
    assert checked >= 20


_CHILD = r"""
import json, sys
from app.metadata.read import read_file, UnreadableFile
from app.thumbnails import make_thumbnail, ThumbnailError
out = {}
for p in sys.argv[1:]:
    try:
        r = read_file(p)
        out[p] = ["ok", len(r.warnings)]
    except UnreadableFile as e:
        out[p] = ["unreadable", e.reason]
    except BaseException as e:
        out[p] = ["crash", f"{type(e).__name__}: {e}"]
    try:
        make_thumbnail(open(p, "rb").read())
    except ThumbnailError:
        pass
    except BaseException as e:
        out[p] = ["thumb-crash", f"{type(e).__name__}: {e}"]
print(json.dumps(out))
"""


def test_broken_files_fail_cleanly_without_hanging(corpus_dir):
    """Run in a child process with a timeout, so a hang or a crash in C code fails the test."""
    paths = [str(corpus_dir / "images" / n) for n in sorted(BROKEN)]
    proc = subprocess.run([sys.executable, "-c", _CHILD, *paths], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr[-2000:]
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    for p, (kind, detail) in outcome.items():
        name = Path(p).name
        assert kind in ("ok", "unreadable"), f"{name}: {kind} {detail}"
        if name in UNREADABLE:
            assert kind == "unreadable", f"{name} should be rejected, got {kind}"
            assert "\n" not in detail and detail
        elif kind == "ok" and name not in CLEAN_READS:
            assert detail >= 1, f"{name} was read without a warning"  # detail: number of warnings


def test_every_corpus_file_reads_or_is_rejected(corpus_dir):
    """No corpus file raises anything but UnreadableFile."""
    for path in sorted((corpus_dir / "images").iterdir()):
        try:
            result = read_file(path)
        except UnreadableFile as exc:
            assert path.name in UNREADABLE, f"{path.name}: {exc.reason}"
            continue
        assert result.facts.content_hash and result.facts.size == path.stat().st_size


@pytest.mark.parametrize("name,lat,lon", [
    ("exiftool-GPS.jpg", 54.98967, -1.91417),
    ("exiv2-bug540.jpg", 54.98967, -1.91417),  # GPS stored in XMP only
    ("exiv2-Stonehenge.heic", 51.17828, -1.82664),
    ("mei-Issue_263_dotnet.heic", 38.6995, -9.2077),
])
def test_gps_matches_manifest(corpus_dir, name, lat, lon):
    facts = read_file(corpus_dir / "images" / name).facts
    assert facts.gps_lat == pytest.approx(lat, abs=1e-4)
    assert facts.gps_lon == pytest.approx(lon, abs=1e-4)


def _readable_facts(corpus_dir):
    """(path, our FileFacts, ExifTool's numeric reading) of every corpus file we can read."""
    numeric = {Path(r["SourceFile"]).name: r for r in json.loads((corpus_dir / "exiftool.n.json").read_text())}
    for path in sorted((corpus_dir / "images").iterdir()):
        try:
            facts = read_file(path).facts
        except UnreadableFile:
            continue
        yield path, facts, numeric[path.name]


def test_pixel_size_and_orientation_match_exiftool(corpus_dir):
    """Stored pixel size (as ExifTool's Composite:ImageSize) and the numeric EXIF orientation."""
    checked = 0
    for path, facts, rec in _readable_facts(corpus_dir):
        size = rec.get("Composite:ImageSize")
        if size:
            w, h = (int(float(v)) for v in str(size).replace("x", " ").split())
            assert (facts.width, facts.height) == (w, h), path.name
            checked += 1
        # pyexiv2-1.jpg holds Orientation three times in IFD0 (1, 2, 3): ExifTool keeps the first,
        # and so do we since EXIF is read through exiv2 (exifread kept the last).
        orientation = rec.get("IFD0:Orientation")
        if isinstance(orientation, int) and 1 <= orientation <= 8:
            assert facts.orientation == orientation, path.name
    assert checked >= 50


def test_gps_and_capture_time_match_exiftool(corpus_dir):
    """Every file where ExifTool finds a position or an original date/time, we find the same."""
    gps = times = 0
    for path, facts, rec in _readable_facts(corpus_dir):
        position = rec.get("Composite:GPSPosition")
        if position:
            lat, lon = (float(v) for v in str(position).split())
            assert facts.gps_lat == pytest.approx(lat, abs=1e-6), path.name
            assert facts.gps_lon == pytest.approx(lon, abs=1e-6), path.name
            gps += 1
        else:
            assert facts.gps_lat is None and facts.gps_lon is None, path.name
        original = rec.get("ExifIFD:DateTimeOriginal")
        if original:
            assert facts.capture_time == _norm_date(original)[0], path.name
            times += 1
        offset = rec.get("ExifIFD:OffsetTimeOriginal")
        if offset:
            assert facts.capture_offset == offset, path.name
    assert gps >= 12 and times >= 30


# --- the synthetic news corpus (shared/tools/make_corpus.py), whose truth.jsonl says what was written ---

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "tools" / "make_corpus.py"
_XMP_PREFIX = {"Iptc4xmpCore": "iptc"}  # exiv2's prefix for the IPTC Core namespace


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory) -> Path:
    if not MAKE_CORPUS.exists():
        pytest.skip(f"corpus generator not found at {MAKE_CORPUS}")
    out = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(out), "--count", "60", "--width", "320",
                    "--height", "213", "--broken", "6", "--jobs", "1"], check=True, capture_output=True, timeout=120)
    return out


def test_synthetic_corpus_reads_what_was_written(synthetic_corpus):
    """60 agency-style files (every defect kind, Latin-1 IIM, GPS, EXIF thumbnails): each
    IIM, XMP and EXIF value in truth.jsonl is what read_file reports for that source."""
    records = [json.loads(line) for line in (synthetic_corpus / "truth.jsonl").open()]
    by_iim = {f.exiftool_iim.split(":")[1]: f for f in FIELDS if f.exiftool_iim}
    by_xmp = {f.xmp: f for f in FIELDS if f.xmp}
    compared = 0
    for rec in (r for r in records if r["kind"] == "jpeg"):
        r = read_file(synthetic_corpus / rec["file"])
        where = rec["file"]
        for tag, value in rec["iptc"].items():
            if tag == "TimeCreated":
                continue
            f = by_iim[tag]
            if f.key == "date_created":
                time = rec["iptc"].get("TimeCreated", "")
                expected = _norm_date(f"{value[:4]}:{value[4:6]}:{value[6:]}"
                                      + (f" {time[:2]}:{time[2:4]}:{time[4:6]}{time[6:9]}:{time[9:]}" if time else ""))
            else:
                expected = _norm(value)
            assert _norm(r.fields[f.key].candidates.get("iim")) == expected, (where, tag)
            compared += 1
        for prop, value in rec["xmp"].items():
            prefix, name = prop.split(":")
            f = by_xmp[f"Xmp.{_XMP_PREFIX.get(prefix, prefix)}.{name}"]
            assert _norm(r.fields[f.key].candidates.get("xmp")) == _norm(value), (where, prop)
            compared += 1
        exif = rec["exif"]
        assert r.fields["creators"].candidates.get("exif") == _split_artist(exif.get("Artist")), where
        assert _norm(r.fields["copyright"].candidates.get("exif")) == _norm(exif.get("Copyright")), where
        f = r.facts
        assert (f.width, f.height, f.orientation) == (rec["width"], rec["height"], exif.get("Orientation")), where
        assert (f.camera_make, f.camera_model) == (exif.get("Make"), exif.get("Model")), where
        assert f.capture_time == _norm_date(exif["DateTimeOriginal"])[0], where
        assert f.capture_offset == exif.get("OffsetTimeOriginal"), where
        if rec["gps"]:
            assert (f.gps_lat, f.gps_lon) == (pytest.approx(exif["GPSLatitude"], abs=1e-5),
                                              pytest.approx(exif["GPSLongitude"], abs=1e-5)), where
        assert f.content_hash == rec["sha256"] and f.size == rec["bytes"]
    assert compared > 1000


def test_synthetic_broken_files(synthetic_corpus):
    records = {r["broken"]: r for r in map(json.loads, (synthetic_corpus / "truth.jsonl").open()) if r["broken"]}
    for kind in ("empty", "truncated", "text"):
        with pytest.raises(UnreadableFile):
            read_file(synthetic_corpus / records[kind]["file"])
    for kind in ("png_xmp", "png_named_jpg"):  # a PNG is a PNG whatever its name
        r = read_file(synthetic_corpus / records[kind]["file"])
        assert r.facts.format == "PNG"
        assert r.fields["caption"].value == records[kind]["xmp"]["dc:description"]
    r = read_file(synthetic_corpus / records["corrupt_exif_ifd"]["file"])
    assert r.fields["credit_line"].value == records["corrupt_exif_ifd"]["iptc"]["Credit"]
