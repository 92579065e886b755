"""The one-folder bundle (`make package`) works on its own: run FROM THE BUNDLE, with no venv.

The bundle is built once per session into a temporary folder, or `dist/creditline` is reused
when it is newer than every source file (app/, ui/, resources/, packaging/, pyproject.toml).
Every command runs with a fresh HOME/XDG folders and a working directory outside the repository,
so nothing can come from the checkout or the user's settings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser
from tests.imagefactory import make_photo

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("app", "ui", "resources", "packaging", "pyproject.toml")
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.creditline.Creditline"
EXE = "creditline.exe" if sys.platform == "win32" else "creditline"

# Credited the way the agencies do it; the third has no credit anywhere (an error for `check`).
PHOTOS = {
    "reuters.jpg": {"caption": "LONDON, Nov. 24, 2026 (Reuters) - Storm Bert floods the Thames path. "
                               "REUTERS/Jane Doe",
                    "creators": ["Jane Doe"], "credit_line": "REUTERS", "source": "Reuters", "city": "London"},
    "ap.jpg": {"caption": "A man walks through floodwater in Leeds, England, Tuesday, Nov. 24, 2026. "
                          "(AP Photo/John Smith)",
               "creators": ["John Smith"], "credit_line": "AP", "source": "AP", "city": "Leeds"},
    "nocredit.jpg": {"caption": "Flooded fields near York on Nov. 24, 2026.", "city": "York"},
}


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for f in files:
            if "__pycache__" not in f.parts:
                newest = max(newest, f.stat().st_mtime)
    return newest


def _ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
        return
    except ImportError:
        pass
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller>=6"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"PyInstaller is not installable here: {done.stderr.strip().splitlines()[-1:]}")


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """Folder holding the bundled executable."""
    dist_exe = ROOT / "dist" / "creditline" / EXE
    if dist_exe.is_file() and dist_exe.stat().st_mtime > _newest_source_mtime():
        return dist_exe.parent
    _ensure_pyinstaller()
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=1200)
    assert done.returncode == 0, f"make package failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert (out / "creditline" / EXE).is_file()
    return out / "creditline"


@pytest.fixture
def home(tmp_path) -> Path:
    """A fresh user: HOME and XDG folders inside tmp_path (settings, the default catalog)."""
    for sub in ("home", "data", "config", "cache", "work"):
        (tmp_path / sub).mkdir()
    return tmp_path


def run_bundle(bundle: Path, home: Path, *args: str, timeout: float = 120,
               extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "CREDITLINE_", "VIRTUAL_ENV", "XDG_", "QT_"))}
    env.update(HOME=str(home / "home"), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), QT_QPA_PLATFORM="offscreen")
    env.update(extra_env or {})
    return subprocess.run([str(bundle / EXE), *args], capture_output=True, text=True, env=env,
                          cwd=home / "work", timeout=timeout)


def make_photos(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, fields in PHOTOS.items():
        make_photo(folder / name, fields=fields, exif=True)
    return folder


def assert_no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout


# --- the bundle itself ------------------------------------------------------------------------

@pytest.mark.slow
def test_version_from_the_bundle(bundle, home):
    from app import __version__

    done = run_bundle(bundle, home, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"creditline {__version__}"


@pytest.mark.slow
def test_bundle_carries_its_data_and_only_the_qt_plugins_it_uses(bundle):
    internal = bundle / "_internal"
    assert (internal / "resources" / "agencies.toml").is_file()
    styles = {p.name for p in (internal / "resources" / "house-styles").glob("*.toml")}
    assert styles == {p.name for p in (ROOT / "resources" / "house-styles").glob("*.toml")}
    assert (internal / "resources" / "icons" / "creditline.svg").is_file()
    for name in ("en_US.dic", "en_US.aff", "en_GB.dic", "en_GB.aff", "en_US.LICENSE.txt", "newsroom.txt"):
        assert (internal / "resources" / "dictionaries" / name).is_file(), name

    plugins = internal / "PySide6" / "Qt" / "plugins"
    if sys.platform.startswith("linux"):
        for needed in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                       "imageformats/libqjpeg.so", "imageformats/libqtiff.so", "iconengines/libqsvgicon.so"):
            assert (plugins / needed).is_file(), needed
        present = {p.relative_to(plugins).as_posix() for p in plugins.rglob("*.so")}
        unwanted = [p for p in present if p.split("/")[0] in ("egldeviceintegrations", "generic")
                    or p.endswith(("libqgtk3.so", "libqvnc.so", "libqlinuxfb.so", "libqeglfs.so"))]
        assert not unwanted
        # The GTK3 theme would have pulled in half of GTK's libraries; none must be bundled.
        assert not list(internal.glob("libgdk_pixbuf*")) and not list(internal.glob("libpango-*"))
        for p in ("applications", "metainfo"):
            assert list((bundle / "share" / p).iterdir())
        assert (bundle / "share/icons/hicolor/256x256/apps" / f"{APP_ID}.png").is_file()
    assert not (internal / "PySide6" / "Qt" / "translations").exists()


@pytest.mark.slow
def test_spell_checking_works_from_the_bundle(bundle, home):
    """Hunspell (chunspell's library) and the shipped dictionaries reach the packaged app."""
    done = run_bundle(bundle, home, "spelling", "check", "Firefigters in Kyiv harbour", "--suggest")
    assert_no_traceback(done)
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip().startswith("0: Firefigters  -> Firefighters"), done.stdout


@pytest.mark.slow
def test_import_check_export_and_write_from_the_bundle(bundle, home):
    from app.catalog import Catalog
    from app.metadata.read import read_file

    photos = make_photos(home / "work" / "photos")
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a JPEG")
    catalog = home / "work" / "cat.sqlite"

    done = run_bundle(bundle, home, "--catalog", str(catalog), "import", "--gallery", "Storm",
                      "--jobs", "2", str(photos))
    assert_no_traceback(done)
    assert done.returncode == 1, done.stderr  # the broken file is a reported failure
    assert "added 3," in done.stdout and "failed 1," in done.stdout
    broken = [line for line in done.stderr.splitlines() if "broken.jpg" in line]
    assert len(broken) == 1, done.stderr

    cat = Catalog.open(catalog)
    try:
        items = {Path(it.path).name: it for it in cat.items(cat.item_ids())}
        assert set(items) == set(PHOTOS)
        for name, fields in PHOTOS.items():  # read by the bundle's exiv2, as made by the test's
            for key, value in fields.items():
                assert items[name].fields[key] == value, (name, key)
        thumbs = cat.thumbnails_dir
        assert all(list(thumbs.rglob(f"{it.thumb_key}*")) for it in items.values())
    finally:
        cat.close()

    done = run_bundle(bundle, home, "--catalog", str(catalog), "check", "--gallery", "Storm", "--format", "json")
    assert_no_traceback(done)
    assert done.returncode == 1  # the uncredited photo is an error
    report = json.loads(done.stdout)
    errors = {Path(item["path"]).name: {f["rule"] for f in item["findings"] if f["severity"] == "error"}
              for item in report["items"]}
    assert "missing-credit" in errors["nocredit.jpg"]
    assert "missing-credit" not in errors["reuters.jpg"] | errors["ap.jpg"]

    # Fix the credit, then the gallery passes, exports as PDF (Qt drawing, no display) and writes back.
    nocredit_id = next(item["id"] for item in report["items"] if item["path"].endswith("nocredit.jpg"))
    done = run_bundle(bundle, home, "--catalog", str(catalog), "set", str(nocredit_id),
                      "caption=Flooded fields near York on Nov. 24, 2026. REUTERS/Jane Doe",
                      "creators=Jane Doe", "credit_line=REUTERS", "source=Reuters")
    assert done.returncode == 0, done.stderr
    done = run_bundle(bundle, home, "--catalog", str(catalog), "check", "--gallery", "Storm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "missing-credit" not in done.stdout

    pdf = home / "work" / "storm.pdf"
    done = run_bundle(bundle, home, "--catalog", str(catalog), "export", "--gallery", "Storm", "-o", str(pdf))
    assert_no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "John Smith" in text and "Jane Doe" in text
        # A thumbnail Qt cannot decode (no JPEG image plugin in the bundle) is drawn as "no image".
        assert "no image" not in text
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
        assert len(listing.splitlines()) - 2 >= len(PHOTOS)  # two header lines, then one per image

    done = run_bundle(bundle, home, "--catalog", str(catalog), "write", "--gallery", "Storm")
    assert_no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    fields = read_file(photos / "nocredit.jpg").fields
    assert fields["credit_line"].candidates == {"xmp": "REUTERS", "iim": "REUTERS"}
    assert fields["creators"].value == ["Jane Doe"]
    assert fields["caption"].value.endswith("REUTERS/Jane Doe")


@pytest.mark.slow
def test_heif_photo_imports_with_a_thumbnail_from_the_bundle(bundle, home):
    """pillow-heif and its libheif/libde265 are bundled: a HEIC file gets its pixels decoded."""
    pillow_heif = pytest.importorskip("pillow_heif")
    from PIL import Image

    from app.catalog import Catalog

    heic = home / "work" / "phone.heic"
    pillow_heif.register_heif_opener()
    Image.frombytes("RGB", (64, 48), bytes(range(256)) * 36).save(heic, format="HEIF", quality=70)
    catalog = home / "work" / "cat.sqlite"
    done = run_bundle(bundle, home, "--catalog", str(catalog), "import", str(heic))
    assert_no_traceback(done)
    assert done.returncode == 0 and "added 1," in done.stdout, done.stdout + done.stderr
    cat = Catalog.open(catalog)
    try:
        (item,) = cat.items(cat.item_ids())
        assert item.facts.format == "HEIF" and (item.facts.width, item.facts.height) == (64, 48)
        assert list(cat.thumbnails_dir.rglob(f"{item.thumb_key}*")), "no thumbnail made from the HEIC pixels"
    finally:
        cat.close()


@pytest.mark.slow
def test_default_catalog_is_in_the_user_data_folder(bundle, home):
    photos = make_photos(home / "work" / "photos")
    done = run_bundle(bundle, home, "import", "--jobs", "1", str(photos / "ap.jpg"))
    assert done.returncode == 0, done.stderr
    if sys.platform.startswith("linux"):
        assert (home / "data" / "Creditline" / "catalog.sqlite").is_file()
    env_catalog = home / "work" / "env.sqlite"
    # An import makes the catalog $CREDITLINE_CATALOG names (`list` no longer makes one that is not there).
    done = run_bundle(bundle, home, "import", "--jobs", "1", str(photos / "ap.jpg"),
                      extra_env={"CREDITLINE_CATALOG": str(env_catalog)})
    assert done.returncode == 0 and env_catalog.is_file()
    done = run_bundle(bundle, home, "list", extra_env={"CREDITLINE_CATALOG": str(env_catalog)})
    assert done.returncode == 0 and "ap.jpg" in done.stdout


@pytest.mark.slow
def test_bad_catalog_is_one_line_from_the_bundle(bundle, home):
    not_a_catalog = home / "work" / "notes.sqlite"
    not_a_catalog.write_text("shopping list\n")
    done = run_bundle(bundle, home, "--catalog", str(not_a_catalog), "check")
    assert done.returncode == 2
    assert_no_traceback(done)
    assert len(done.stderr.strip().splitlines()) == 1
    assert not_a_catalog.read_text() == "shopping list\n"


@pytest.mark.slow
def test_window_opens_offscreen_from_the_bundle(bundle, home):
    photos = make_photos(home / "work" / "photos")
    catalog = home / "work" / "cat.sqlite"
    assert run_bundle(bundle, home, "--catalog", str(catalog), "import", str(photos)).returncode == 0
    # No sub-command opens the window; CREDITLINE_QUIT_AFTER_MS closes it after a second.
    done = run_bundle(bundle, home, "--catalog", str(catalog), timeout=90,
                      extra_env={"CREDITLINE_QUIT_AFTER_MS": "1000"})
    assert_no_traceback(done)
    assert "Could not load the Qt platform plugin" not in done.stderr
    assert done.returncode == 0, done.stderr
    # The window remembers its geometry on close: proof that the window, not a dialog, ran.
    assert any((home / "config").rglob("*.conf")), "the main window saved no settings"


@pytest.mark.slow
def test_demo_builds_and_opens_from_the_bundle(bundle, home):
    """`make run` from the bundle: Pillow draws the demo photos, exiv2 embeds their metadata,
    then the window opens on the demo gallery (thumbnails, inspector, findings)."""
    catalog = home / "work" / "demo" / "catalog.sqlite"
    done = run_bundle(bundle, home, "demo", "--no-open", "--catalog", str(catalog), timeout=300)
    assert_no_traceback(done)
    assert done.returncode == 0, done.stderr
    from app.demo import demo_photos

    assert "demo catalog built" in done.stdout and f"({len(demo_photos())} photos" in done.stdout
    done = run_bundle(bundle, home, "--catalog", str(catalog), "check")
    assert done.returncode == 1 and "error" in done.stdout  # the demo plants defects to find
    done = run_bundle(bundle, home, "demo", "--catalog", str(catalog), timeout=120,
                      extra_env={"CREDITLINE_QUIT_AFTER_MS": "1500"})
    assert_no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "already there" in done.stdout


# --- the Linux desktop files (fast: no bundle needed) -----------------------------------------

@pytest.mark.parametrize("tool, args, pattern", [
    ("desktop-file-validate", [], "*.desktop"),
    ("appstreamcli", ["validate", "--no-net"], "*.metainfo.xml"),
])
def test_linux_desktop_files_validate(tool, args, pattern):
    exe = shutil.which(tool)
    if not exe:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils appstream)")
    files = sorted(LINUX.glob(pattern))
    assert files, f"no {pattern} in {LINUX}"
    done = subprocess.run([exe, *args, *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_entry_matches_the_app():
    entry = (LINUX / f"{APP_ID}.desktop").read_text()
    keys = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    exe, *args = keys["Exec"].split()
    assert exe == "creditline"
    assert keys["Icon"] == APP_ID
    # What the desktop passes must be something the CLI accepts (a file manager's "Open with"
    # expands %f/%F to photo paths): argparse exits 2 on anything it does not know.
    sample = [a.replace("%F", "/photos/a.jpg").replace("%f", "/photos/a.jpg") for a in args if a not in ("%U", "%u")]
    build_parser().parse_args(sample)
    if "MimeType" in keys:
        assert any(code in args for code in ("%f", "%F", "%u", "%U")), "MimeType without a file argument"
    meta = (LINUX / f"{APP_ID}.metainfo.xml").read_text()
    assert f"<id>{APP_ID}</id>" in meta and f"{APP_ID}.desktop" in meta
