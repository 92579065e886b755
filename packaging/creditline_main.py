"""Entry point of the bundled app: the same `creditline` CLI, which opens the window with no command."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the importer's worker processes re-enter here in a frozen app
    sys.exit(main())
