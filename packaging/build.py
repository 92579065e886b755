"""Build the one-folder app for the current platform: `make package`.

Renders the PNG icons from resources/icons/creditline.svg (Qt's SVG renderer), validates
the Linux desktop entry and AppStream file when the validators exist, then runs PyInstaller.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_icons(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "creditline.svg"))
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = out / f"creditline-{size}.png"
        image.save(str(path))
        made.append(path)
    if sys.platform == "win32":
        from PIL import Image

        Image.open(out / "creditline-256.png").save(out / "creditline.ico", sizes=[(s, s) for s in ICON_SIZES if s <= 256])
    if sys.platform == "darwin":
        from PIL import Image

        Image.open(out / "creditline-512.png").save(out / "creditline.icns")
    return made


def validate_linux_files() -> None:
    linux = ROOT / "packaging" / "linux"
    checks = [
        ("desktop-file-validate", [str(p) for p in linux.glob("*.desktop")]),
        ("appstreamcli", ["validate", "--no-net", *[str(p) for p in linux.glob("*.metainfo.xml")]]),
    ]
    for tool, args in checks:
        if shutil.which(tool):
            subprocess.run([tool, *args], check=True)
        else:
            print(f"{tool} not found: skipped", file=sys.stderr)


def build(dist: Path | None = None) -> Path:
    icons = ROOT / "build" / "icons"
    render_icons(icons)
    if sys.platform.startswith("linux"):
        validate_linux_files()
    # A build into another folder (the packaging test's temporary one) gets its own work folder,
    # so it never races `make package` over build/pyinstaller.
    work = ROOT / "build" / "pyinstaller" if dist is None else dist.parent / f"{dist.name}-work"
    dist = dist or ROOT / "dist"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work),
         str(ROOT / "packaging" / "creditline.spec")],
        check=True, cwd=ROOT,
    )
    bundle = dist / "creditline"
    if sys.platform.startswith("linux"):
        share = bundle / "share"
        (share / "applications").mkdir(parents=True, exist_ok=True)
        (share / "metainfo").mkdir(parents=True, exist_ok=True)
        for p in (ROOT / "packaging" / "linux").glob("*.desktop"):
            shutil.copy2(p, share / "applications" / p.name)
        for p in (ROOT / "packaging" / "linux").glob("*.metainfo.xml"):
            shutil.copy2(p, share / "metainfo" / p.name)
        for size in ICON_SIZES:
            d = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
            d.mkdir(parents=True, exist_ok=True)
            shutil.copy2(icons / f"creditline-{size}.png", d / "io.github.creditline.Creditline.png")
        d = share / "icons" / "hicolor" / "scalable" / "apps"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "resources" / "icons" / "creditline.svg", d / "io.github.creditline.Creditline.svg")
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"built {bundle} ({size / 2**20:.0f} MiB)")
    return bundle


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
