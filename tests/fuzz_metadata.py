"""``make fuzz``: a bounded, seeded fuzz run over the metadata reader and writer, with ExifTool
as the oracle (issue 11, Proof). Not part of ``make test``.

    python -m tests.fuzz_metadata [--count 300] [--seed 1] [--writes 120] [--out DIR]
                                  [--field caption|credit_line|headline|keywords]
    python -m tests.fuzz_metadata --replay DIR      # the saved failing inputs again

1. Inputs: real files from /work/shared/corpus/images (``--corpus``), each mutated by one or two
   seeded mutations: byte flips, truncation, a JPEG segment duplicated, removed, swapped or moved
   (two Photoshop APP13 segments before APP0), a segment length made too big, an XMP packet
   broken (one unescaped "&", a cut closing tag, a second packet), PNG chunks duplicated or
   dropped. The same seed makes the same inputs.
2. Read: each input through ``app.metadata.read.read_file`` in a worker process with a
   timeout. Counted: read, refused (``UnreadableFile``: the clean "cannot use this file"),
   exceptions of any other type, crashes (the worker died) and hangs (the timeout).
3. Write: of the inputs that read, up to ``--writes`` JPEG/TIFF/PNG/WebP files get a new value
   of one field (``Catalog.set_fields``) and ``write_items`` (what ``creditline write`` runs) in a subprocess.
   ExifTool reads every file before and after (``exiftool -j -G1 -a -charset iptc=UTF8
   -IPTC:all -XMP:all -IFD0:Artist -IFD0:Copyright``, as /work/shared/tools/write_oracle.py):
   every tag but the edited field's must read the same (``--field``: the caption by default, or the
   credit line, the headline, the keywords), and every copy of the edited field the new value.
   Counted: writes, write refusals, write crashes and hangs, values lost (a tag gone or blank)
   and values changed, files with changes.

Every input that crashed, hung, raised or lost a value is saved under ``--out``
(default bench/out/fuzz/<seed>/) with a JSON note, for ``--replay``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "images"
WRITABLE = (".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp")
CAPTION = "Fuzzed caption, March 3, 2026. REUTERS/Ann Example"
# The value each --field gets, and how ExifTool's JSON reads it back (str() of a list for a list).
VALUES: dict[str, object] = {"caption": CAPTION, "credit_line": "REUTERS/Ann Example",
                             "headline": "Fuzzed headline, March 3", "keywords": ["fuzz", "oracle"]}
# As /work/shared/tools/write_oracle.py: what any writer updates (the edited field's own tags are
# edited_tags(key)).
UPDATED = ("IPTCDigest", "CurrentIPTCDigest", "ModifyDate", "MetadataDate", "CodedCharacterSet",
           "ApplicationRecordVersion", "XMPToolkit", "InstanceID", "DocumentID", "History")
EXIFTOOL_ARGS = ["-j", "-G1", "-a", "-charset", "iptc=UTF8", "-IPTC:all", "-XMP:all", "-IFD0:Artist",
                 "-IFD0:Copyright"]
READ_TIMEOUT_S = 15.0


def edited_tags(key: str) -> tuple[tuple[str, str], ...]:
    """(group, tag) of a field's IIM, XMP and EXIF copies as ExifTool names them, from app.fields."""
    from app.fields import BY_KEY
    f = BY_KEY[key]
    tags = [tuple(t.split(":", 1)) for t in (f.exiftool_iim, f.exiftool_xmp, f.exiftool_exif) if t]
    # The EXIF twin's XMP copy (tiff:ImageDescription) is kept in step with it by the writer.
    tags += [("XMP-tiff", tag) for group, tag in tags if group == "IFD0"]
    return tuple(tags)


def is_tag_of(name: str, tags: tuple[tuple[str, str], ...]) -> bool:
    """"IPTC:Keywords" (or a second block's "IPTC2:Keywords") is the keywords' tag; "XMP-pdf:Keywords"
    is not."""
    group, _, tag = name.partition(":")
    return any(tag == t and group.startswith(g) for g, t in tags)


# -- mutations -----------------------------------------------------------------------------------

def jpeg_segments(data: bytes) -> tuple[list[bytes], bytes] | None:
    """(segments before the scan, each with its marker; the rest from SOS on), or None."""
    if data[:2] != b"\xff\xd8":
        return None
    segs, i, n = [], 2, len(data)
    while i + 4 <= n and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:
            return segs, data[i:]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            segs.append(data[i:i + 2])
            i += 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if length < 2:
            return None
        segs.append(data[i:i + 2 + length])
        i += 2 + length
    return None


def _join(segs: list[bytes], rest: bytes) -> bytes:
    return b"\xff\xd8" + b"".join(segs) + rest


def m_flip(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    b = bytearray(data)
    n = rnd.choice([1, 2, 4, 16, 64])
    # Mostly in the metadata at the front, where the parsers work.
    span = min(len(b), rnd.choice([2048, 16384, len(b)]))
    for _ in range(n):
        at = rnd.randrange(span)
        b[at] ^= rnd.randrange(1, 256)
    return bytes(b), f"flip{n}"


def m_truncate(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rnd.randrange(1, max(2, len(data)))
    return data[:at], f"cut{at}"


def m_segment(rnd: random.Random, data: bytes) -> tuple[bytes, str] | None:
    parsed = jpeg_segments(data)
    if not parsed or not parsed[0]:
        return None
    segs, rest = parsed
    kind = rnd.choice(["dup", "drop", "swap", "app13-first", "long"])
    i = rnd.randrange(len(segs))
    if kind == "dup":
        segs.insert(i, segs[i])
    elif kind == "drop":
        del segs[i]
    elif kind == "swap" and len(segs) > 1:
        j = rnd.randrange(len(segs))
        segs[i], segs[j] = segs[j], segs[i]
    elif kind == "app13-first":
        app13 = [s for s in segs if s[1:2] == b"\xed"]
        if not app13:
            return None
        # Two Photoshop APP13 segments before APP0: the second a stale copy whose caption
        # (IIM 2:120) says something else in as many bytes.
        stale = bytearray(app13[0])
        at = stale.find(b"\x1c\x02\x78")
        if at >= 0:
            size = int.from_bytes(stale[at + 3:at + 5], "big")
            stale[at + 5:at + 5 + size] = bytes(stale[at + 5:at + 5 + size]).swapcase()
        segs = [app13[0], bytes(stale), *[s for s in segs if s[1:2] != b"\xed"]]
    elif kind == "long":
        s = bytearray(segs[i])
        if len(s) < 4:
            return None
        s[2:4] = min(0xFFFF, int.from_bytes(s[2:4], "big") + rnd.choice([1, 7, 300, 40000])).to_bytes(2, "big")
        segs[i] = bytes(s)
    else:
        return None
    return _join(segs, rest), f"seg-{kind}"


def m_xmp(rnd: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """Break the XMP packet's XML without changing its length (so the container - a JPEG
    segment, a PNG chunk, a TIFF tag - still holds it as before): one unescaped "&" in a text
    value (ExifTool still reads such a packet), a stray "<", a made-up entity, a cut end tag."""
    start = data.find(b"<x:xmpmeta")
    start = data.find(b"<rdf:RDF") if start < 0 else start
    end = data.find(b"</x:xmpmeta>", start) if start >= 0 else -1
    end = data.find(b"</rdf:RDF>", start) if start >= 0 and end < 0 else end
    if start < 0 or end < 0:
        return None
    packet = data[start:end]
    texts = [m.span(1) for m in re.finditer(rb">([^<>\s][^<>]{7,})<", packet)]
    kind = rnd.choice(["amp", "lt", "entity", "cut-tag"])
    if kind == "cut-tag":
        closes = [m.start() for m in re.finditer(rb"</", packet)]
        if not closes:
            return None
        at = start + rnd.choice(closes) + 1
        return data[:at] + b"x" + data[at + 1:], "xmp-cut-tag"
    if not texts:
        return None
    lo, hi = rnd.choice(texts)
    at = start + rnd.randrange(lo, hi)
    put = {"amp": b"&", "lt": b"<", "entity": b"&bogus;"}[kind][: start + hi - at]
    return data[:at] + put + data[at + len(put):], f"xmp-{kind}"


def m_png(rnd: random.Random, data: bytes) -> tuple[bytes, str] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    chunks, i = [], 8
    while i + 12 <= len(data):
        length = int.from_bytes(data[i:i + 4], "big")
        chunks.append(data[i:i + 12 + length])
        i += 12 + length
    if len(chunks) < 3:
        return None
    kind = rnd.choice(["dup", "drop", "crc"])
    j = rnd.randrange(1, len(chunks) - 1)  # never the IHDR or the IEND
    if kind == "dup":
        chunks.insert(j, chunks[j])
    elif kind == "drop":
        del chunks[j]
    else:
        c = bytearray(chunks[j])
        c[-1] ^= 0xFF
        chunks[j] = bytes(c)
    return data[:8] + b"".join(chunks) + data[i:], f"png-{kind}"


MUTATIONS = (m_flip, m_truncate, m_segment, m_segment, m_xmp, m_xmp, m_png)


def mutate(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    names = []
    for _ in range(rnd.choice([1, 1, 2])):
        for _try in range(10):
            got = rnd.choice(MUTATIONS)(rnd, data)
            if got is not None:
                data, name = got
                names.append(name)
                break
    return data, "+".join(names) or "none"


# -- reading in a worker -------------------------------------------------------------------------

WORKER = """
import json, sys, warnings
warnings.simplefilter("ignore")
from app.metadata.read import UnreadableFile, read_file
for line in sys.stdin:
    path = line.rstrip("\\n")
    try:
        r = read_file(path)
        out = {"kind": "ok", "format": r.facts.format, "warnings": len(r.warnings)}
    except UnreadableFile as exc:
        out = {"kind": "refused", "reason": exc.reason}
    except Exception as exc:
        out = {"kind": "exception", "reason": f"{type(exc).__name__}: {exc}"[:300]}
    sys.stdout.write(json.dumps(out) + "\\n")
    sys.stdout.flush()
"""


class Reader:
    """A worker process reading one file at a time; restarted after a crash or a hang."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def read(self, path: Path) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], READ_TIMEOUT_S)
        if not ready:
            self.stop()
            return {"kind": "hang"}
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"kind": "crash", "reason": f"worker exit {code}"}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


# -- writing and the oracle ---------------------------------------------------------------------

WRITER = """
import json, sys, warnings
warnings.simplefilter("ignore")
from app.catalog import Catalog
from app.importer import import_paths
from app.writeback import write_items
cat = Catalog.open(sys.argv[1])
s = import_paths(cat, sys.argv[4:], jobs=1, thumbnails=False)
ids = cat.item_ids()
for i in ids:
    cat.set_fields(i, {sys.argv[2]: json.loads(sys.argv[3])})
for path, reason in s.failures:  # read, but the catalog would not take it: never written
    print(json.dumps({"path": path, "status": "import failed", "message": reason}))
rep = write_items(cat, ids)
for o in rep.outcomes:
    print(json.dumps({"path": o.path, "status": o.status, "message": o.message}))
"""


def exiftool(paths: list[Path]) -> dict[str, dict[str, str]]:
    if not paths:
        return {}
    p = subprocess.run(["exiftool", *EXIFTOOL_ARGS, *map(str, paths)], capture_output=True, encoding="utf-8",
                       errors="replace", timeout=300)  # fuzzed text need not be UTF-8
    try:
        records = json.loads(p.stdout or "[]")
    except ValueError:
        return {}
    return {os.path.basename(r["SourceFile"]): {k: str(v) for k, v in r.items()
            if k.split(":")[0] in ("IPTC", "IFD0") or k.startswith("XMP-")} for r in records}


def same(old: str, new: str | None) -> bool:
    """write_oracle.py's comparison: white space aside, a blank dropped, '?' for legacy 8-bit."""
    o, n = " ".join(old.split()), " ".join((new or "").split())
    if o == n or not o.strip():
        return True
    if "?" in o and new is not None:
        return re.fullmatch(re.escape(o).replace(r"\?", "."), n) is not None
    return False


def write_batch(paths: list[Path], work: Path, key: str = "caption") -> tuple[dict[str, dict], str | None]:
    """Outcomes by file name from one writer process, or (partial, "crash"/"hang")."""
    cat = work / f"w-{time.monotonic_ns()}.sqlite"
    try:
        p = subprocess.run([sys.executable, "-c", WRITER, str(cat), key, json.dumps(VALUES[key]),
                            *map(str, paths)], cwd=ROOT,
                           capture_output=True, encoding="utf-8", errors="replace", timeout=60 + 10 * len(paths))
    except subprocess.TimeoutExpired:
        return {}, "hang"
    out = {}
    for line in p.stdout.splitlines():
        with_ok = json.loads(line)
        out[os.path.basename(with_ok["path"] or "")] = with_ok
    if p.returncode != 0:
        return out, "crash"
    return out, None


# -- the run -------------------------------------------------------------------------------------

@dataclass
class Figures:
    inputs: int = 0
    reads: int = 0
    refused: int = 0
    exceptions: int = 0
    crashes: int = 0
    hangs: int = 0
    writes: int = 0
    written: int = 0
    write_refused: int = 0
    write_unexpected: int = 0  # refused with "unexpected error: <exception>", not the editor's one line
    import_failed: int = 0  # read_file read it, the import did not take it (so it cannot be edited)
    write_crashes: int = 0
    write_hangs: int = 0
    edits_missed: int = 0  # a tag of the edited field that does not read the new value after the write
    values_lost: int = 0
    values_changed: int = 0
    files_changed: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)
    lost_by_group: dict[str, int] = field(default_factory=dict)  # "XMP-dc", "IPTC", "IFD0"
    by_mutation: dict[str, list[int]] = field(default_factory=dict)  # kind -> [written, with changes]

    def note(self, kind: str, text: str) -> None:
        self.examples.setdefault(kind, [])
        if len(self.examples[kind]) < 8:
            self.examples[kind].append(text)

    def lines(self) -> list[str]:
        return [
            f"inputs {self.inputs}: read {self.reads}, refused (UnreadableFile) {self.refused}, "
            f"other exceptions {self.exceptions}, crashes {self.crashes}, hangs {self.hangs}",
            f"writes {self.writes}: written {self.written}, refused {self.write_refused}, "
            f"of them unexpected errors {self.write_unexpected}, import failed {self.import_failed}, crashes {self.write_crashes}, hangs {self.write_hangs}",
            f"oracle (ExifTool): edited field's tags not reading the new value {self.edits_missed}; every other "
            f"tag: values lost {self.values_lost}, values changed {self.values_changed}; files with changes "
            f"{self.files_changed}",
            "values lost by group: " + (", ".join(f"{g} {n}" for g, n in sorted(
                self.lost_by_group.items(), key=lambda kv: -kv[1])) or "none"),
            "written files with changes, by mutation: " + ", ".join(
                f"{k} {c}/{w}" for k, (w, c) in sorted(self.by_mutation.items())),
        ]


def save(out: Path, path: Path, note: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, out / path.name)
    (out / (path.name + ".json")).write_text(json.dumps(note, indent=2, ensure_ascii=False) + "\n")


def run(inputs: list[Path], work: Path, out: Path, max_writes: int, figures: Figures,
        key: str = "caption") -> None:
    edited = edited_tags(key)
    value = VALUES[key]
    expected = " ".join(str(value).split())
    reader = Reader()
    readable: list[Path] = []
    try:
        for path in inputs:
            figures.inputs += 1
            r = reader.read(path)
            kind = r["kind"]
            if kind == "ok":
                figures.reads += 1
                readable.append(path)
            elif kind == "refused":
                figures.refused += 1
            else:
                setattr(figures, {"exception": "exceptions", "crash": "crashes", "hang": "hangs"}[kind],
                        getattr(figures, {"exception": "exceptions", "crash": "crashes", "hang": "hangs"}[kind]) + 1)
                figures.note(kind, f"{path.name}: {r.get('reason', '')}")
                save(out, path, {"phase": "read", **r})
    finally:
        reader.stop()
    if not shutil.which("exiftool"):
        print("exiftool is not installed: the write half is skipped")
        return
    to_write = [p for p in readable if p.suffix.lower() in WRITABLE][:max_writes]
    originals = {p.name: p.read_bytes() for p in to_write}

    def save_original(name: str, note: dict) -> None:
        # the input as it was before the write, which is what a failure is replayed from
        orig = work / "orig"
        orig.mkdir(exist_ok=True)
        (orig / name).write_bytes(originals[name])
        save(out, orig / name, note)

    for start in range(0, len(to_write), 20):
        batch = to_write[start:start + 20]
        before = exiftool(batch)
        outcomes, trouble = write_batch(batch, work, key)
        if trouble:  # pin it on a file: one process each
            for p in batch:
                p.write_bytes(originals[p.name])
            outcomes = {}
            for p in batch:
                one, t = write_batch([p], work, key)
                outcomes.update(one)
                if t:
                    figures.write_crashes += t == "crash"
                    figures.write_hangs += t == "hang"
                    figures.note(f"write {t}", p.name)
                    save_original(p.name, {"phase": "write", "kind": t})
        after = exiftool(batch)
        for p in batch:
            figures.writes += 1
            o = outcomes.get(p.name)
            if o is None:
                continue
            kind = _mutation_kind(p.name)
            tally = figures.by_mutation.setdefault(kind, [0, 0])
            if o["status"] == "written":
                figures.written += 1
                tally[0] += 1
            elif o["status"] == "import failed":
                figures.import_failed += 1
                figures.note("import failed", f"{p.name}: {o['message'][:160]}")
                save_original(p.name, {"phase": "import", "reason": o["message"]})
                continue
            elif o["status"] in ("failed", "skipped"):
                figures.write_refused += 1
                if o["message"].startswith("unexpected error"):  # an exception, not a reason
                    figures.write_unexpected += 1
                    figures.note("write unexpected error", f"{p.name}: {o['message'][:160]}")
                    save_original(p.name, {"phase": "write", "reason": o["message"]})
                    continue
                figures.note("write refused", f"{p.name}: {o['message'][:120]}")
                continue
            lost, changed = [], []
            for k, v in before.get(p.name, {}).items():
                if is_tag_of(k, edited) or any(k.endswith(":" + s) for s in UPDATED):
                    continue
                new = after.get(p.name, {}).get(k)
                if same(v, new):
                    continue
                (lost if new is None or not new.strip() else changed).append((k, v[:60], (new or "")[:60]))
            # The edit itself: every tag of the edited field ExifTool reads after the write says the
            # new value (a stale second IIM block, or an extended XMP left behind, would not).
            stale = [(k, v[:60], expected) for k, v in after.get(p.name, {}).items()
                     if is_tag_of(k, edited) and " ".join(v.split()) != expected]
            figures.edits_missed += len(stale)
            changed += stale
            figures.values_lost += len(lost)
            figures.values_changed += len(changed) - len(stale)
            for k, _v, _n in lost:
                group = k.split(":")[0]
                figures.lost_by_group[group] = figures.lost_by_group.get(group, 0) + 1
            if lost or changed:
                figures.files_changed += 1
                tally[1] += 1
                figures.note("values lost or changed", f"{p.name}: " + "; ".join(
                    f"{k}: {v!r} -> {n!r}" for k, v, n in (lost + changed)[:3]))
                save_original(p.name, {"phase": "write", "lost": lost, "changed": changed})


def _mutation_kind(name: str) -> str:
    """"xmp", "seg", "flip", "cut", "png" from an input's name (its first mutation)."""
    parts = name.split("-", 3)
    return re.split(r"[-+\d]", parts[2])[0] if len(parts) > 2 else "?"


def make_inputs(seed: int, count: int, corpus: Path, work: Path) -> list[Path]:
    rnd = random.Random(seed)
    seeds = sorted(p for p in corpus.iterdir() if p.is_file())
    if not seeds:
        raise SystemExit(f"no seed files in {corpus}")
    out = []
    for n in range(count):
        src = rnd.choice(seeds)
        data, how = mutate(rnd, src.read_bytes())
        name = f"{seed}-{n:04d}-{how}-{src.name}"[-120:]
        path = work / "inputs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz_metadata", description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300, help="mutated inputs (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--writes", type=int, default=120, help="most inputs written (default 120)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, help="where failing inputs go (default bench/out/fuzz/SEED)")
    ap.add_argument("--field", default="caption", choices=sorted(VALUES),
                    help="the field every write edits (default caption); every other tag must read the same")
    ap.add_argument("--replay", type=Path, metavar="DIR", help="run the saved inputs of DIR again")
    args = ap.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="creditline-fuzz.") as tmp:
        work = Path(tmp)
        if args.replay:
            inputs = []
            for p in sorted(args.replay.iterdir()):
                if p.suffix != ".json":
                    (work / "inputs").mkdir(exist_ok=True)
                    inputs.append(Path(shutil.copy(p, work / "inputs" / p.name)))
            out = work / "replay-failures"
            label = f"replay of {args.replay} ({len(inputs)} inputs)"
        else:
            if not args.corpus.is_dir():
                print(f"no corpus at {args.corpus}")
                return 2
            inputs = make_inputs(args.seed, args.count, args.corpus, work)
            out = args.out or ROOT / "bench" / "out" / "fuzz" / str(args.seed)
            shutil.rmtree(out, ignore_errors=True)
            label = f"seed {args.seed}, {args.count} inputs from {args.corpus}"
        label += f"; edited field {args.field}"
        figures = Figures()
        run(inputs, work, out, args.writes, figures, args.field)
    print(f"fuzz: {label}; {time.monotonic() - started:.0f} s")
    for line in figures.lines():
        print("  " + line)
    for kind, texts in figures.examples.items():
        print(f"  e.g. {kind}:")
        for t in texts:
            print(f"    {t}")
    if not args.replay and any(figures.examples.get(k) for k in figures.examples if k != "write refused"):
        print(f"  failing inputs saved in {out} (python -m tests.fuzz_metadata --replay {out})")
    bad = (figures.exceptions + figures.crashes + figures.hangs + figures.write_crashes + figures.write_hangs
           + figures.import_failed + figures.write_unexpected
           + figures.values_lost + figures.values_changed + figures.edits_missed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
