"""``creditline parse-credit``: show how Creditline reads a credit line or caption.

Prints ``{"credits": [...]}`` as JSON: each credit with its photographers, its agency
chain (source first, distributor last), distributor, flags, form, span, the grammar defects found in it and, with
``--style``, the credit written in that house style. Exit 0 when at least one credit
was found, 1 when none was, 2 for usage errors (unknown field or style).
"""

from __future__ import annotations

import argparse
import sys

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, dumps
from app.fields import BY_KEY, FIELD_KEYS


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "parse-credit", parents=[common], help="parse a credit line or caption and print its credits as JSON",
        description="Find and parse the credit statements in TEXT (a caption by default, or the value "
                    "of a credit-like field with --field) and print them as JSON.")
    p.add_argument("text", metavar="TEXT", help='the caption or credit text ("-" reads standard input)')
    credit_fields = [k for k in FIELD_KEYS if k == "caption" or BY_KEY[k].credit_like]
    p.add_argument("--field", default="caption", metavar="FIELD",
                   help=f"which field TEXT comes from: {', '.join(credit_fields)} (default: caption)")
    p.add_argument("--style", metavar="NAME", help="also render each credit in this house style")
    p.set_defaults(func=run, credit_fields=credit_fields)


def run(args: argparse.Namespace) -> int:
    from app.credits import credit_defects, parse_credits, render_credit  # noqa: PLC0415
    from app.house_style import HouseStyle, available_styles  # noqa: PLC0415

    if args.field not in args.credit_fields:
        raise UsageError(f"--field {args.field!r} is not a caption or credit field; "
                         f"use one of: {', '.join(args.credit_fields)}")
    style = None
    if args.style:
        try:
            style = HouseStyle.load(args.style)
        except KeyError:
            raise UsageError(f"unknown house style {args.style!r}; available: {', '.join(available_styles())}") from None
    text = sys.stdin.read() if args.text == "-" else args.text
    _use_catalog_agencies(args)
    out = []
    for c in parse_credits(text, args.field):
        d = c.to_json()
        d["defects"] = [vars(x) for x in credit_defects(c, text)]
        if style is not None:
            d["rendered"] = render_credit(c, style)
        out.append(d)
    print(dumps({"credits": out}))
    return EXIT_OK if out else EXIT_FINDINGS


def _use_catalog_agencies(args: argparse.Namespace) -> None:
    """Parse with the catalog's own agencies too (``creditline agencies``), as ``check`` does,
    when the catalog exists; parse-credit never creates one and works without any."""
    import sqlite3  # noqa: PLC0415

    from app import paths  # noqa: PLC0415
    from app.agencies import HOUSE_SETTING, Registry, house_agencies  # noqa: PLC0415
    from app.catalog import Catalog, CatalogError  # noqa: PLC0415
    from app.credits import use_registry  # noqa: PLC0415

    path = paths.resolve_catalog_path(getattr(args, "catalog", None))
    if not path.is_file():
        return
    try:
        with Catalog.open(path) as cat:
            setting = cat.get_setting(HOUSE_SETTING)
    except (CatalogError, OSError, sqlite3.Error):
        return  # an unreadable catalog is `check`'s business, not a parse's
    use_registry(Registry.load(house_agencies(setting)))
