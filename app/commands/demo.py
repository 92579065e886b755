"""``creditline demo``: build the demo catalog once, then open the app on it."""

from __future__ import annotations

import argparse
import sys

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "demo", parents=[common], help="open the app on a demo gallery (built on first use)",
        description="Draw a dozen news photos of an invented storm, with captions and credits of "
                    "several agencies (five with defects to catch), import them into a demo catalog "
                    "(the user data folder, or --catalog) and open the app. The demo is built once; "
                    "--rebuild draws it again.")
    p.add_argument("--rebuild", action="store_true", help="draw and import the demo photos again")
    p.add_argument("--no-open", action="store_true", help="build the demo catalog only; do not open the app")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.demo import build_demo  # noqa: PLC0415 - Pillow drawing only when asked

    try:
        result = build_demo(args.catalog, rebuild=args.rebuild)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback (catalog, disk, exiv2)
        raise UsageError(f"cannot build the demo: {exc}") from None
    what = "built" if result.built else "already there"
    counts = f"{result.demo_photos} photos in {result.photos_dir}"
    if result.catalog_photos != result.demo_photos:  # photos from elsewhere imported into it: not in that folder
        counts = f"{result.demo_photos} demo photos in {result.photos_dir}; {result.catalog_photos} photos in the catalog"
    print(f"demo catalog {what}: {result.catalog_path} ({counts})")
    for path, reason in result.failures:
        print(f"creditline: {path}: {reason}", file=sys.stderr)
    if args.no_open:
        return EXIT_FINDINGS if result.failures else EXIT_OK
    try:
        from ui.app import run_app  # noqa: PLC0415
    except ImportError as exc:
        raise UsageError(f"the desktop app is not available: {exc}") from None
    return run_app(catalog=str(result.catalog_path), demo=True)
