"""Sub-commands of the ``creditline`` CLI, one module each.

Each module defines ``register(subparsers)`` that adds its parser and sets
``func`` to a callable ``(args) -> int`` returning the exit code:
0 success, 1 findings or failures reported, 2 usage or I/O error.
"""

COMMAND_MODULES = (
    "app.commands.library",  # import, galleries, list, show, set, move
    "app.commands.credits",  # parse-credit
    "app.commands.check",  # check, import-text
    "app.commands.export",  # export
    "app.commands.write",  # write
    "app.commands.demo",  # demo (opens the app)
    "app.commands.agencies",  # agencies (the catalog's own agencies)
    "app.commands.tools",  # replace, codes, spelling
    "app.commands.provenance",  # provenance, signer, gallery-flags (Content Credentials, AI, alt text)
    "app.commands.catalog",  # catalog check | backup | backups | restore
)

# The sub-commands each module registers: `creditline COMMAND` imports that module alone, not
# every command's (~20 ms of each start; tests/test_cli_commands.py keeps this table true).
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("import", "galleries", "list", "show", "set", "move"), "app.commands.library"),
    "parse-credit": "app.commands.credits",
    "check": "app.commands.check", "import-text": "app.commands.check",
    "export": "app.commands.export",
    "write": "app.commands.write", "reconcile": "app.commands.write",
    "demo": "app.commands.demo",
    "agencies": "app.commands.agencies",
    **dict.fromkeys(("replace", "codes", "spelling"), "app.commands.tools"),
    **dict.fromkeys(("provenance", "signer", "gallery-flags"), "app.commands.provenance"),
    "catalog": "app.commands.catalog",
}
