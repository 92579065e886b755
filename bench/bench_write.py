"""Write-back speed: Creditline's write (exiv2 + JPEG fix-ups + atomic replace) against ExifTool.

    python bench/bench_write.py [--count 1000] [--width 1600 --height 1067]

Makes (once, cached under bench/out/, shared with bench_import.py) a realistic corpus with
the shared generator, then on fresh copies changes caption, credit and creators of every
file and writes them with ``write_file`` (one process, as the CLI does), printing files/s
with and without the read-back the catalog needs. Then, on other fresh copies, times one
ExifTool process (``-@ argfile`` with ``-execute`` per file, ``-overwrite_original``) setting
the same tags in XMP, IIM and EXIF, and prints files/s and the ratio.
BENCH_QUICK=1 makes the default count 100.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def fresh_copies(folder: Path, name: str) -> list[Path]:
    work = OUT / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = []
    for src in sorted(folder.glob("*.jpg")):
        dst = work / src.name
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def new_values(n: int) -> dict:
    return {
        "caption": f"Çağlar Öztürk, left, and José Núñez talk before the vote in Ankara, Türkiye, on "
                   f"Tuesday, April 9, 2024. Frame {n}. (Reuters/Çağlar Öztürk)",
        "credit_line": "Reuters",
        "creators": ["Çağlar Öztürk", f"Second Photographer {n}"],
    }


def ours(files: list[Path], reread: bool) -> float:
    from app.metadata.read import read_file  # noqa: PLC0415
    from app.metadata.write import write_file  # noqa: PLC0415
    from app.model import Item  # noqa: PLC0415

    items = []
    for n, path in enumerate(files):  # what the catalog holds; reading is import's cost, not timed
        result = read_file(path)
        embedded = {k: f.value for k, f in result.fields.items()}
        values = new_values(n)
        sources = {k: f.source for k, f in result.fields.items()} | {k: "edited" for k in values}
        items.append(Item(n, str(path), "photo", embedded | values, embedded, sources, {}, result.facts))
    started = time.perf_counter()
    failed = 0
    for item in items:
        if write_file(item, reread=reread).status != "written":
            failed += 1
    seconds = time.perf_counter() - started
    if failed:
        print(f"  {failed} file(s) not written", file=sys.stderr)
    return len(items) / seconds


def exiftool_rate(files: list[Path]) -> float | None:
    exiftool = shutil.which("exiftool")
    if not exiftool:
        return None
    lines: list[str] = []
    for n, path in enumerate(files):
        v = new_values(n)
        lines += ["-overwrite_original", "-charset", "iptc=UTF8", "-IPTC:CodedCharacterSet=UTF8",
                  f"-XMP-dc:Description={v['caption']}", f"-IPTC:Caption-Abstract={v['caption']}",
                  f"-IFD0:ImageDescription={v['caption']}",
                  f"-XMP-photoshop:Credit={v['credit_line']}", f"-IPTC:Credit={v['credit_line']}",
                  "-XMP-dc:Creator=", *[f"-XMP-dc:Creator={c}" for c in v["creators"]],
                  "-IPTC:By-line=", *[f"-IPTC:By-line={c}" for c in v["creators"]],
                  f"-IFD0:Artist={'; '.join(v['creators'])}", str(path), "-execute"]
    argfile = OUT / "bench_write.args"
    argfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([exiftool, "-q", "-q", "-@", str(argfile)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return len(files) / (time.perf_counter() - started)


def main() -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100 if quick else 1000)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1067)
    a = ap.parse_args()
    folder = corpus(a.count, a.width, a.height)
    files = fresh_copies(folder, "write-ours")
    rate_reread = ours(files, reread=True)
    files = fresh_copies(folder, "write-ours")
    rate = ours(files, reread=False)
    print(f"creditline write: {len(files)} files, {rate:.1f} files/s "
          f"({rate_reread:.1f} files/s with the read-back the catalog records)")
    et = exiftool_rate(fresh_copies(folder, "write-exiftool"))
    if et is None:
        print("exiftool: not installed, no comparison")
        return 0
    print(f"exiftool -overwrite_original (one process, -execute per file): {et:.1f} files/s")
    print(f"ratio: creditline is {rate / et:.2f}x exiftool ({rate_reread / et:.2f}x with read-back)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
