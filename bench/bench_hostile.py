"""Hostile input in bounded time and memory (issue 11): the figures behind docs/reliability.md.

    python bench/bench_hostile.py [--count 100000] [--skip-catalog]

1. Validation of hostile items: ``check_item`` on a 10 MB caption, 20,000 creators and 20,000
   keywords, and the ``name-variant`` gallery rule over 20,000 spellings (random names, and
   20,000 typo variants of one name): CPU seconds and findings.
2. PDF export of one caption of 0.3, 1, 3 and 10 MB (wall seconds, pages).
3. Peak memory of importing a 164 KB PNG that claims 169 megapixels (one process, --jobs 1).
4. ``PRAGMA quick_check`` (what every command runs on open), ``integrity_check`` and a backup
   of a ``--count``-item catalog, built once by bench/bench_catalog.py's builder (cached in
   bench/out/). BENCH_QUICK=1 makes the default count 20,000.

Figures on a busy machine vary; re-measure before comparing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.model import Item  # noqa: E402
from app.rules import check_gallery, check_item, make_context  # noqa: E402
from app.rules.names import name_uses, name_variant_of  # noqa: E402


def _cpu(fn):
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def rules() -> None:
    rnd = random.Random(1)

    def name() -> str:
        def word(n: int) -> str:
            return rnd.choice(string.ascii_uppercase) + "".join(rnd.choice(string.ascii_lowercase) for _ in range(n))
        return f"{word(rnd.randint(3, 7))} {word(rnd.randint(4, 9))}"

    def typo(s: str) -> str:
        i = rnd.randrange(1, len(s))
        return s[:i] + rnd.choice(string.ascii_lowercase) + s[i + 1:]

    ctx = make_context()
    words = ("Fans cheer in Lyon, France, Monday, June 3, 2021. REUTERS/Ada Brin (AP Photo/Jo Bo) MANDATORY "
             "CREDIT Ã© &amp; file photo Sep. the the EMBARGOED").split()
    caption = " ".join(rnd.choice(words) for _ in range(1_600_000))[:10_000_000]
    cases = {
        "10 MB caption (word salad of credits, dates, desk words)": {"caption": caption},
        "20,000 creators": {"caption": "Fans. REUTERS/Ada Brin", "creators": [name() for _ in range(20_000)]},
        "20,000 keywords": {"caption": "Fans. REUTERS/Ada Brin", "keywords": [name() for _ in range(20_000)]},
    }
    print("check_item on one hostile item (CPU s, findings listed):")
    for label, fields in cases.items():
        item = Item(1, None, "caption", fields)
        secs, found = _cpu(lambda item=item: check_item(item, ctx))
        print(f"  {label:<58} {secs:7.2f} s  {len(found):5d}")
    print("name-variant over 20,000 spellings of one gallery item (CPU s, findings):")
    for label, names in (("random names", [name() for _ in range(20_000)]),
                         ("typo variants of one name", [typo(typo("Vadim Ghirdaescu")) for _ in range(20_000)])):
        item = Item(1, None, "caption", {"caption": "Fans. REUTERS/Ada Brin", "creators": names})
        secs, out = _cpu(lambda item=item: name_variant_of([(item.id, name_uses(item, ctx))], ctx))
        print(f"  {label:<58} {secs:7.2f} s  {sum(map(len, out.values())):5d}")
    items = [Item(i, None, "caption", {"caption": "Fans. REUTERS/Ada Brin", "creators": [name() for _ in range(900)]})
             for i in range(1, 23)]
    secs, _ = _cpu(lambda: check_gallery(items, ctx))
    print(f"  {'check_gallery: 22 items x 900 creators (19,800 spellings)':<58} {secs:7.2f} s")


def pdf(tmp: Path) -> None:
    from app.catalog import Catalog  # noqa: PLC0415
    from app.export import export_gallery  # noqa: PLC0415

    print("PDF export of one caption (wall s, pages):")
    sentence = "Fans cheer in Lyon, France, on Monday as the team wins the final. "
    for size in (300_000, 1_000_000, 3_000_000, 10_000_000):
        path = tmp / f"pdf-{size}.sqlite"
        with Catalog.open(path) as cat:
            item = cat.add_caption_item({"caption": (sentence * (size // len(sentence) + 1))[:size]})
            g = cat.create_gallery("g")
            cat.add_to_gallery(g.id, [item])
            t = time.perf_counter()
            report = export_gallery(cat, "g", fmt="pdf", output=tmp / f"pdf-{size}.pdf", force=True)
            print(f"  {size / 1e6:4.1f} MB caption {time.perf_counter() - t:8.2f} s  {report.pages} pages")


def import_memory(tmp: Path) -> None:
    from tests.hostile import huge_png  # noqa: PLC0415

    folder = tmp / "huge"
    folder.mkdir()
    (folder / "huge.png").write_bytes(huge_png())
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
    code = ("import sys; from app.catalog import Catalog; from app.importer import import_paths\n"
            "def peak():\n"
            "    return next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
            "s = import_paths(Catalog.open(sys.argv[1]), [sys.argv[2]], jobs=1)\n"
            "print(s.added, s.failed, peak())")
    out = subprocess.run([sys.executable, "-c", code, str(tmp / "huge.sqlite"), str(folder)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    size = (folder / "huge.png").stat().st_size
    print(f"import of a {size / 1024:.0f} KB PNG claiming 13,000 x 13,000 pixels: added {out[0]}, failed {out[1]}, "
          f"peak RSS {int(out[2]) / 1024:.0f} MB (880 MB before the pixel budget)")


def catalog(count: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_catalog import build  # noqa: PLC0415

    from app.catalog import Catalog, _quick_check  # noqa: PLC0415

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"catalog-{count}.sqlite"
    build(path, count).close()
    print(f"catalog of {count:,} items, {path.stat().st_size / 2**20:.0f} MiB:")
    best = min(_cpu_wall(lambda: _quick_check(path)) for _ in range(3))
    print(f"  PRAGMA quick_check (best of 3, file in the page cache) {best * 1000:8.0f} ms")
    t = time.perf_counter()
    cat = Catalog.open(path, check=False)
    print(f"  Catalog.open(check=False)                              {(time.perf_counter() - t) * 1000:8.0f} ms")
    t = time.perf_counter()
    problem = cat.integrity_check()
    print(f"  PRAGMA integrity_check                                 {(time.perf_counter() - t) * 1000:8.0f} ms"
          f"  ({problem or 'ok'})")
    with tempfile.TemporaryDirectory() as d:
        copy = Catalog(Path(d) / "copy.sqlite")
        copy.close()
        t = time.perf_counter()
        made = cat.backup(keep=1000)
        print(f"  backup (SQLite backup API)                             {(time.perf_counter() - t) * 1000:8.0f} ms")
        made.unlink()
    cat.close()


def _cpu_wall(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20_000 if os.environ.get("BENCH_QUICK") else 100_000)
    ap.add_argument("--skip-catalog", action="store_true", help="leave out part 4 (it builds a big catalog once)")
    args = ap.parse_args()
    rules()
    with tempfile.TemporaryDirectory() as d:
        pdf(Path(d))
        import_memory(Path(d))
    if not args.skip_catalog:
        catalog(args.count)
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
