"""Ctrl-C while the command line is still loading: one line and exit code 130, as once a command runs.

Loading the command modules (DuckDB, sqlglot, pydantic) takes a few hundred milliseconds before typer, and
so `MccGroup`, can catch anything; a Ctrl-C then would print Python's traceback. Standard library only: this
module is imported before everything it guards.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

INTERRUPTED = "interrupted (Ctrl-C)"
EXIT_INTERRUPTED = 130


@contextmanager
def quiet_ctrl_c_while_loading() -> Iterator[None]:
    """Turn a KeyboardInterrupt raised inside the block into the one-line error and exit code 130.

    With `--json` on the command line the error's JSON object goes to stdout too, as `render_error` prints it.
    """
    try:
        yield
    except KeyboardInterrupt:
        if "--json" in sys.argv[1:]:
            error = {"error": "Interrupted", "message": INTERRUPTED, "where": None, "accepted": None}
            sys.stdout.write(json.dumps(error, indent=2) + "\n")
            sys.stdout.flush()
        sys.stderr.write(f"error: {INTERRUPTED}\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_INTERRUPTED) from None
